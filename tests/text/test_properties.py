"""Property-based tests of the text path: any text in, a valid article out, nothing silently lost."""

from __future__ import annotations

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaners import EmptyInputError, extract_text
from cleaners.boilerplate import classify_blocks
from cleaners.normalize import normalize_block_text
from tests.conftest import assert_valid

WORDS = st.sampled_from(
    ["le", "la", "des", "the", "of", "und", "der", "el", "la", "il", "het", "o", "a", "de", "que", "and", "une", "pour", "mit", "con", "per", "voor", "para", "maison", "house", "Haus", "casa", "huis", "casa", "ville", "city", "Stadt", "ciudad", "città", "stad", "cidade"]
)
SENTENCES = st.lists(WORDS, min_size=6, max_size=30).map(lambda ws: " ".join(ws).capitalize() + ".")


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.text(max_size=2000))
def test_any_text_gives_a_valid_article_or_empty_error(
    article_validator: jsonschema.Draft202012Validator, text: str
) -> None:
    try:
        article = extract_text(text)
    except EmptyInputError:
        # Only markup with nothing in it (blank lines, a lone "> " or "- ") may come out empty.
        assert not any(char.isalnum() for char in normalize_block_text(text))
        return
    data = article.to_dict()
    assert_valid(article_validator, data)
    assert article.text == "\n\n".join(block.text for block in article.body)
    assert article.word_count >= 0


@settings(max_examples=100, deadline=None)
@given(st.lists(SENTENCES, min_size=1, max_size=12))
def test_prose_without_boilerplate_is_kept_whole(paragraphs: list[str]) -> None:
    unique = list(dict.fromkeys(paragraphs))
    article = extract_text("\n\n".join(unique))
    assert article.removed == []
    kept = [block.text for block in article.body]
    assert kept == [normalize_block_text(p) for p in unique]


@settings(max_examples=100, deadline=None)
@given(st.lists(SENTENCES, min_size=1, max_size=8), st.sampled_from(["sept − trois =", "Leave a Reply", "Skip to content"]))
def test_appended_boilerplate_is_removed_and_recorded(paragraphs: list[str], junk: str) -> None:
    unique = list(dict.fromkeys(paragraphs))
    article = extract_text("\n\n".join([*unique, junk]))
    assert junk not in article.text
    assert [r.text for r in article.removed] == [junk]


@given(st.text(max_size=300))
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize_block_text(text)
    assert normalize_block_text(once) == once


@given(st.lists(st.text(max_size=80), max_size=20))
def test_classify_blocks_never_raises_and_keeps_length(blocks: list[str]) -> None:
    assert len(classify_blocks(blocks)) == len(blocks)


@pytest.mark.parametrize("text", ["\u200b\u200b", "\x00\x01\x02", "\u00ad \u00a0"])
def test_invisible_only_text_is_empty(text: str) -> None:
    with pytest.raises(EmptyInputError):
        extract_text(text)

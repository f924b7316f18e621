"""Markup guards before the parse: crowded elements, deep nesting and size are cut and recorded."""

from __future__ import annotations

import time

import pytest

from cleaners import ExtractConfig, Removed, extract
from cleaners.config import LimitsConfig
from cleaners.html.guards import guard_markup

STORY = "<article><h1>Story</h1><p>" + "The harbour council met again on Tuesday evening. " * 20 + "</p></article>"


def _limits(removed: list[Removed]) -> list[str]:
    return [record.text for record in removed if record.kind == "limit"]


@pytest.mark.parametrize(
    "attribute",
    ["a{i}", "a{i}=x", 'a{i}=">"', "a{i}='<'", 'data-x{i}="v a l"'],
    ids=["bare", "unquoted", "quoted-gt", "quoted-lt", "spaced"],
)
def test_a_crowded_element_keeps_its_first_attributes_and_the_page_extracts(attribute: str) -> None:
    crowded = " ".join(attribute.format(i=i) for i in range(200_000))
    page = f"<html><body><div {crowded}>x</div>{STORY}</body></html>"
    started = time.process_time()
    article = extract(page, source="page.html")
    # Unguarded, lexbor spends minutes on 200,000 attributes; guarded it is one ordinary page.
    assert time.process_time() - started < 30
    assert "harbour council" in article.text
    assert any("attributes past the first 1000 dropped" in text for text in _limits(article.removed))


def test_an_element_at_the_cap_is_left_alone() -> None:
    config = ExtractConfig(limits=LimitsConfig(max_attributes=3))
    assert guard_markup("<p a b c>x</p>", config).removed == []
    guarded = guard_markup('<p a b=1 c="2" d e>x</p><i>y</i>', config)
    assert guarded.html == '<p a b=1 c="2">x</p><i>y</i>'
    assert len(guarded.removed) == 1


def test_deep_nesting_and_size_cuts_are_recorded() -> None:
    config = ExtractConfig(max_input_chars=60_000, limits=LimitsConfig(max_depth=50))
    deep = "<div>" * 10_000 + "core text here" + "</div>" * 10_000
    records = _limits(guard_markup(deep, config).removed)
    assert any(text.startswith("page cut to 60000 characters") for text in records)
    assert any("nested deeper than 50 levels dropped" in text for text in records)


def test_ordinary_pages_pass_unchanged() -> None:
    page = f"<html><head><title>T</title></head><body><div class=a id=b data-x='1'>{STORY}</div></body></html>"
    guarded = guard_markup(page, ExtractConfig())
    assert guarded.html == page and guarded.removed == []


@pytest.mark.parametrize(
    "lookalike",
    [
        "<script>for(;n<s;n++){" + " ".join(f"a{i}" for i in range(3000)) + "}</script>",
        '<img alt="" src="data:image/svg+xml,<svg><path d=' + " ".join(str(i) for i in range(3000)) + '></svg>">',
        "<!-- <g " + " ".join(f"x{i}" for i in range(3000)) + " -->",
    ],
    ids=["script", "quoted-data-url", "comment"],
)
def test_text_that_only_looks_like_a_crowded_tag_is_left_alone(lookalike: str) -> None:
    # The parser sees no element here (script text, a quoted value, a comment): nothing to cut.
    page = f"<html><body>{lookalike}{STORY}</body></html>"
    guarded = guard_markup(page, ExtractConfig())
    assert guarded.html == page and guarded.removed == []

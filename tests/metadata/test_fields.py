"""Metadata fields: never a direction override or invisible character, never past their cap."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from cleaners import extract
from cleaners.config import LimitsConfig
from cleaners.fingerprint import word_count

BIDI_AND_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\x00-\x08\x0b-\x1f\x7f]")
BODY = "<article><p>" + "The ferry to the island was delayed by the storm again today. " * 10 + "</p></article>"
LIMITS = LimitsConfig()


def _page(title: str, author: str = "Ann Writer", site: str = "Daily", image_alt: str = "a photo") -> str:
    esc = lambda s: s.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")  # noqa: E731
    return (f'<html><head><meta property="og:title" content="{esc(title)}">'
            f'<meta name="author" content="{esc(author)}"><meta property="og:site_name" content="{esc(site)}">'
            f'<meta property="og:image" content="https://e.org/a.jpg"></head><body>'
            f'<img src="/b.jpg" alt="{esc(image_alt)}">{BODY}</body></html>')


def test_a_direction_override_never_reaches_the_title() -> None:
    article = extract(_page("Breaking: \u202egnp.exe\u202c news"), source="p.html")
    assert article.title == "Breaking: gnp.exe news"


def test_a_megabyte_title_is_cut_and_the_cut_recorded() -> None:
    article = extract(_page("word " * 200_000), source="p.html")
    assert article.title is not None and len(article.title) <= LIMITS.max_title_chars
    assert any(r.kind == "limit" and r.text.startswith("title cut to 1000 characters") for r in article.removed)


def test_a_sentence_posing_as_an_author_is_dropped() -> None:
    article = extract(_page("Title", author="x" * 5000), source="p.html")
    assert all(len(name) <= LIMITS.max_author_chars for name in article.authors)


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=3000), st.text(max_size=400), st.text(max_size=400), st.text(max_size=3000))
def test_every_metadata_field_is_clean_and_bounded(title: str, author: str, site: str, alt: str) -> None:
    article = extract(_page(title, author, site, alt), url="https://e.org/p", source="p.html")
    fields = [article.title, article.description, article.site_name, *article.authors]
    images = [article.lead_image, *article.images]
    fields += [value for image in images if image for value in (image.caption, image.alt, image.url)]
    for value in fields:
        if value is not None:
            assert not BIDI_AND_INVISIBLE.search(value), repr(value)
    assert article.title is None or len(article.title) <= LIMITS.max_title_chars
    assert article.site_name is None or len(article.site_name) <= LIMITS.max_site_name_chars
    assert all(len(name) <= LIMITS.max_author_chars for name in article.authors)
    assert all(image.alt is None or len(image.alt) <= LIMITS.max_caption_chars for image in images if image)


@given(st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), min_size=1, max_size=200),
       st.lists(st.sampled_from(["river", "2024", "harbour", "naïve"]), max_size=20))
def test_each_chinese_character_counts_as_a_word_and_other_words_by_their_runs(han: str, words: list[str]) -> None:
    assert word_count(" ".join([han, *words])) == len(han) + len(words)
    assert word_count("東京で会議。") == 5 and word_count("한국어 문장입니다") == 2

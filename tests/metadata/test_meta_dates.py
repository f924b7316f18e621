"""Dates: ISO 8601 with the page's offset, other formats, and rejection of impossible dates."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import pytest

from cleaners.metadata.dates import choose_dates, has_full_date, parse_date, url_date
from tests.conftest import ROOT
from tests.metadata.pages import page_metadata


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("2021-11-01T10:52:50+0100", "2021-11-01T10:52:50+01:00"),
        ("2019-10-18T17:23:34.816Z", "2019-10-18T17:23:34+00:00"),
        ("2017-11-03 03:01:00.000000", "2017-11-03"),  # a time without a zone names no moment
        ("2024-04-20T04:20:00.000000000Z", "2024-04-20T04:20:00+00:00"),
        ("2014-09-02T08:35:27-04:00", "2014-09-02T08:35:27-04:00"),
        ("2020-09-21", "2020-09-21"),
        ("2015/03/27", "2015-03-27"),
        ("27.03.2015", "2015-03-27"),
        ("Tue, 15 Oct 2015 08:00:26 GMT", "2015-10-15T08:00:26+00:00"),
        ("March 25, 2015", "2015-03-25"),
        ("25 March 2015", "2015-03-25"),
        ("11-29-2024, 09:03 AM", "2024-11-29"),
        ("13/11/2025 09:21:40", "2025-11-13"),
    ],
)
def test_parse_date_formats(raw: str, iso: str) -> None:
    parsed = parse_date(raw)
    assert parsed is not None
    assert parsed.iso() == iso


@pytest.mark.parametrize(
    "raw",
    ["", "yesterday", "0001-01-01", "2019-13-45", "31.02.2019", "9999-12-31T23:59:59-05:00", "1e400", "03-09-2026",
     "13-13-2020"],
)
def test_unparseable_or_placeholder_dates(raw: str) -> None:
    assert parse_date(raw) is None


def test_timezone_offset_is_kept_from_the_page() -> None:
    html = '<html><head><meta property="article:published_time" content="2023-03-01T09:30:00+09:00"></head></html>'
    assert page_metadata(html).published == "2023-03-01T09:30:00+09:00"


def test_future_date_is_rejected_for_the_next_candidate() -> None:
    html = """<html><head>
      <meta property="article:published_time" content="2031-01-01T00:00:00Z">
      <meta name="date" content="2023-02-02">
    </head></html>"""
    meta = page_metadata(html, now=datetime(2024, 1, 1, tzinfo=UTC))
    assert meta.published == "2023-02-02"


def test_published_after_modified_keeps_the_declared_publication_date() -> None:
    # Pages that say so carry a stale modification date (a CMS field never updated), not a wrong
    # publication date; only the clock bounds the publication date.
    dates = choose_dates(["2020-06-10T00:00:00Z", "2020-05-01"], ["2020-06-01T00:00:00Z"],
                         page=None, url=None, now=datetime(2024, 1, 1, tzinfo=UTC))
    assert dates.published == "2020-06-10T00:00:00+00:00"
    assert dates.modified == "2020-06-01T00:00:00+00:00"


def test_structured_dates_come_before_time_elements() -> None:
    html = """<html><head><meta itemprop="datePublished" content="2022-01-05"></head>
      <body><time datetime="2021-12-30">30 déc.</time></body></html>"""
    assert page_metadata(html).published == "2022-01-05"


def test_time_element_when_nothing_else() -> None:
    html = '<html><body><article><time datetime="2018-07-14T10:00:00+02:00">14 juillet</time></article></body></html>'
    meta = page_metadata(html)
    assert meta.published == "2018-07-14T10:00:00+02:00"
    assert meta.used_htmldate is False


def test_htmldate_fallback_only_when_nothing_structured() -> None:
    html = """<html><head><title>Blog</title></head><body><div class="entry-date">Posted on 2019-05-20</div>
      <p>Some words of the post.</p></body></html>"""
    meta = page_metadata(html)
    assert meta.used_htmldate is True
    assert meta.published == "2019-05-20"
    no_date = page_metadata("<html><body><p>Lorem ipsum dolor sit amet.</p></body></html>")
    assert no_date.used_htmldate is False
    assert no_date.published is None


def test_has_full_date_screen() -> None:
    assert has_full_date("Publié le 3 mars 2021")
    assert has_full_date("posted 2021-03-03")
    assert has_full_date("May 4, 2020")
    assert not has_full_date("© 2021 All rights reserved, 42 items")


def test_a_more_precise_statement_of_the_same_date_wins() -> None:
    html = """<html><head><script type="application/ld+json">{"@type": "NewsArticle", "headline": "h",
      "datePublished": "2015-04-30T07:19:58"}</script>
      <meta property="article:published_time" content="2015-04-30T07:19:58+02:00">
      <meta name="date" content="2015-05-02T00:00:00+02:00"></head></html>"""
    assert page_metadata(html).published == "2015-04-30T07:19:58+02:00"
    day_only = """<html><head><meta name="citation_publication_date" content="2015/04/30">
      <meta name="date" content="2015-04-30T09:00:00-05:00"></head></html>"""
    assert page_metadata(day_only).published == "2015-04-30T09:00:00-05:00"


def test_day_in_the_address_when_the_page_states_none() -> None:
    meta = page_metadata("<html><body><p>Texto.</p></body></html>", url="https://diario.example/2019/5/20/nota")
    assert (meta.published, meta.used_htmldate) == ("2019-05-20", False)
    stated = '<html><head><meta name="date" content="2019-05-21T08:00:00+02:00"></head></html>'
    assert page_metadata(stated, url="https://d.example/2019/05/20/x").published == "2019-05-21T08:00:00+02:00"
    assert page_metadata("<html></html>", url="https://d.example/2019/05/archive").published is None


def test_a_page_htmldate_cannot_parse_has_no_date_instead_of_an_error() -> None:
    from selectolax.lexbor import LexborHTMLParser

    from cleaners.metadata import extract_metadata

    # lxml (inside htmldate) refuses control characters; the page itself is fine.
    html = "<html><body>\x1fmeta<p>Un texte assez long pour un paragraphe, sans aucune date.</p></body></html>"
    assert extract_metadata(LexborHTMLParser(html)).published is None


def test_a_time_without_a_zone_is_given_as_the_date_alone() -> None:
    naive = '<html><head><meta property="article:published_time" content="2015-12-04T16:59:32"></head></html>'
    assert page_metadata(naive).published == "2015-12-04"
    aware = '<html><head><meta property="article:published_time" content="2015-12-04T16:59:32Z"></head></html>'
    assert page_metadata(aware).published == "2015-12-04T16:59:32+00:00"


_ONE_OF_TWO_SHAPES = re.compile(r"\d{4}-\d\d-\d\d(?:T\d\d:\d\d:\d\d[+-]\d\d:\d\d(?::\d\d)?)?")


def test_every_fixtures_dates_have_one_of_the_two_documented_shapes() -> None:
    dates = []
    for expected in sorted((ROOT / "fixtures").rglob("expected.json")):
        article = json.loads(expected.read_text("utf-8"))
        dates += [article[field] for field in ("published", "modified") if article[field] is not None]
    assert len(dates) >= 10
    for value in dates:
        assert _ONE_OF_TWO_SHAPES.fullmatch(value), value
        parsed = datetime.fromisoformat(value)
        assert len(value) == 10 or parsed.tzinfo is not None


def test_a_day_in_a_percent_encoded_address_is_read() -> None:
    assert url_date("https://blog.example.org%2Farticles%2F2025-12-15%2BRust%2Bbackend") == "2025-12-15"
    assert url_date("https://example.org/2019/05/") is None


def test_the_time_beside_the_headline_comes_before_times_in_side_lists() -> None:
    """A sidebar of recent posts above the article dates other pages."""
    meta = page_metadata(
        "<html><head><title>Candidate experience</title></head><body>"
        '<aside><ul><li><a href="/a">Other news</a> <time datetime="2024-01-31T12:00:00Z">01/31/2024</time></li>'
        '<li><a href="/b">More news</a> <time datetime="2024-01-06T12:00:00Z">01/06/2024</time></li></ul></aside>'
        '<main><article><h1>Candidate experience</h1><div class="meta">'
        '<time datetime="2017-03-01T12:00:00Z">03/01/2017</time> by Agatha Roe</div>'
        "<p>Body text of the article, long enough to read.</p></article></main></body></html>"
    )
    assert meta.published == "2017-03-01T12:00:00+00:00"

"""Property tests: any HTML, random or mutated from a real-looking page, gives well-typed metadata."""

from __future__ import annotations

import json
from datetime import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from cleaners.metadata import PageMetadata, extract_metadata
from cleaners.model import Image
from tests.metadata.pages import FIXED_NOW

SEED_PAGE = """<html lang="de"><head><title>Titel | Seite</title>
<meta property="og:title" content="Titel"><meta property="og:site_name" content="Seite">
<meta property="article:published_time" content="2020-02-02T10:00:00+01:00">
<link rel="canonical" href="/a"><meta property="og:image" content="/i.jpg">
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"NewsArticle",
"headline":"Titel","author":[{"@type":"Person","name":"Anna"}],"datePublished":"2020-02-02"}]}</script>
</head><body><h1>Titel</h1><p class="byline">Von Anna Schmidt</p><figure><img src="/i.jpg" alt="a">
<figcaption>Bild</figcaption></figure><time datetime="2020-02-02">2. Februar 2020</time></body></html>"""

TAGS = ["meta", "title", "script", "h1", "time", "link", "figure", "img", "base", "html", "p", "span"]
ATTRS = ["property", "name", "content", "itemprop", "itemscope", "itemtype", "rel", "href", "src", "datetime",
         "type", "class", "lang", "http-equiv"]
VALUES = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["og:title", "author", "dc.creator", "application/ld+json", "canonical", "byline",
                     "2020-01-01", "9999-99-99", "http://", "//x", "data:", "http://[bad/x", "https://[::1",
                     "9999-12-31T23:59:59-05:00", "Fri, 31 Dec 9999 23:59:59 -1200", "{", "[{\"@type\":\"Article\"}]"]),
)


@st.composite
def random_html(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 12))):
        tag = draw(st.sampled_from(TAGS))
        attrs = draw(st.dictionaries(st.sampled_from(ATTRS), VALUES, max_size=4))
        rendered = " ".join(f'{key}="{value}"' for key, value in attrs.items())
        parts.append(f"<{tag} {rendered}>{draw(st.text(max_size=40))}</{tag}>")
    return "".join(parts)


JSONLD_KEYS = ["@context", "@type", "@graph", "@id", "@value", "headline", "name", "author", "creator", "publisher",
               "datePublished", "dateModified", "description", "image", "url", "inLanguage", "mainEntity",
               "givenName", "familyName", "caption", "thumbnailUrl", "alternativeHeadline"]
JSON_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20),
    st.sampled_from(["Article", "NewsArticle", "Person", "Organization", "WebPage", "WebSite", "#a",
                     "https://schema.org", "2020-01-01T10:00:00+02:00", "http://x/y.jpg"]),
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.sampled_from(JSONLD_KEYS), children, max_size=6)
    ),
    max_leaves=25,
)


@st.composite
def jsonld_page(draw: st.DrawFn) -> str:
    blocks = draw(st.lists(JSON_VALUES, min_size=1, max_size=3))
    escaped = [json.dumps(block).replace("</", "<\\/") for block in blocks]
    scripts = "".join(f'<script type="application/ld+json">{text}</script>' for text in escaped)
    return f"<html><head>{scripts}</head><body><h1>{draw(st.text(max_size=20))}</h1></body></html>"


@st.composite
def mutated_seed(draw: st.DrawFn) -> str:
    page = SEED_PAGE
    for _ in range(draw(st.integers(1, 8))):
        start = draw(st.integers(0, len(page)))
        end = draw(st.integers(start, min(len(page), start + 40)))
        page = page[:start] + draw(st.text(max_size=20)) + page[end:]
    return page


def assert_well_typed(meta: PageMetadata) -> None:
    for value in (meta.title, meta.title_declared, meta.description, meta.published, meta.modified,
                  meta.language_declared, meta.site_name, meta.canonical_url, meta.url, meta.section):
        assert value is None or (isinstance(value, str) and value.strip())
    assert isinstance(meta.authors, tuple) and all(isinstance(name, str) and name for name in meta.authors)
    assert meta.lead_image is None or isinstance(meta.lead_image, Image)
    for value in (meta.published, meta.modified):
        if value is not None:
            moment = datetime.fromisoformat(value)
            assert moment.year >= 1990


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(html=st.one_of(random_html(), mutated_seed(), jsonld_page(), st.text(max_size=300)),
       url=st.one_of(st.none(), st.sampled_from(["https://example.com/a/b", "not a url", "ftp://x", "", "http://[q/"])))
def test_any_html_gives_well_typed_metadata_and_leaves_tree_intact(html: str, url: str | None) -> None:
    tree = LexborHTMLParser(html)
    before = tree.html
    meta = extract_metadata(tree, url=url, now=FIXED_NOW)
    assert_well_typed(meta)
    assert tree.html == before

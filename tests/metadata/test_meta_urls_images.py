"""Canonical URL, og:url and the lead image, resolved to absolute URLs."""

from __future__ import annotations

from cleaners.metadata.images import absolute_url
from tests.metadata.pages import page_metadata


def test_relative_canonical_is_resolved_against_the_page_url() -> None:
    html = '<html><head><link rel="canonical" href="/2020/05/story.html"></head></html>'
    meta = page_metadata(html, url="https://news.example.org/section/page?id=3")
    assert meta.canonical_url == "https://news.example.org/2020/05/story.html"


def test_relative_canonical_uses_base_href() -> None:
    html = '<html><head><base href="https://cdn.example.net/site/"><link rel="canonical" href="a/b"></head></html>'
    assert page_metadata(html, url="https://example.net/x").canonical_url == "https://cdn.example.net/site/a/b"


def test_relative_canonical_without_any_base_is_unknown() -> None:
    assert page_metadata('<html><head><link rel="canonical" href="/only/path"></head></html>').canonical_url is None


def test_relative_canonical_falls_back_to_og_url_as_base() -> None:
    html = """<html><head><meta property="og:url" content="https://site.example/a/b">
      <link rel="Canonical" href="c"></head></html>"""
    meta = page_metadata(html)
    assert meta.url == "https://site.example/a/b"
    assert meta.canonical_url == "https://site.example/a/c"


def test_lead_image_caption_from_matching_figure() -> None:
    html = """<html><head><meta property="og:image" content="https://img.example.com/photos/harbour.jpg?w=1200">
      </head><body><figure><img src="/photos/harbour.jpg" alt="Boats in the harbour">
      <figcaption>Fishing boats at dawn.</figcaption></figure></body></html>"""
    image = page_metadata(html, url="https://example.com/story").lead_image
    assert image is not None
    assert image.url == "https://img.example.com/photos/harbour.jpg?w=1200"
    assert image.caption == "Fishing boats at dawn."
    assert image.alt == "Boats in the harbour"


def test_jsonld_image_object_when_no_og_image() -> None:
    html = """<html><head><script type="application/ld+json">{"@context": "https://schema.org",
      "@type": "Article", "headline": "H", "image": {"@type": "ImageObject", "url": "https://x.example/i.png",
      "caption": "Ein Bild"}}</script></head></html>"""
    image = page_metadata(html).lead_image
    assert image is not None
    assert (image.url, image.caption) == ("https://x.example/i.png", "Ein Bild")


def test_unusable_image_urls_are_skipped() -> None:
    html = """<html><head><meta property="og:image" content="data:image/png;base64,AAAA">
      <meta name="twitter:image" content="//cdn.example.com/t.jpg"></head></html>"""
    image = page_metadata(html).lead_image
    assert image is not None and image.url == "https://cdn.example.com/t.jpg"
    assert absolute_url("javascript:void(0)", "https://e.com") is None
    assert absolute_url("relative.jpg", None) is None


def test_addresses_that_do_not_parse_are_ignored() -> None:
    html = """<html><head><link rel="canonical" href="http://[bad/x"><meta property="og:image" content="http://[::1">
      <meta property="og:url" content="https://[x"></head><body><figure><img src="http://[z"></figure></body></html>"""
    meta = page_metadata(html, url="http://[q/")
    assert (meta.canonical_url, meta.url, meta.lead_image) == (None, None, None)

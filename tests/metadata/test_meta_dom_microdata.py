"""Microdata and DOM fallbacks: itemprop values, bylines, and the declared language order."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from cleaners.metadata import extract_metadata
from tests.metadata.pages import page_metadata


def test_microdata_article_item() -> None:
    html = """<html><body><article itemscope itemtype="https://schema.org/NewsArticle">
      <h1 itemprop="headline"><a href="/x">Vento forte su Genova</a></h1>
      <span itemprop="author" itemscope itemtype="https://schema.org/Person">di <span itemprop="name">Luca Bianchi</span></span>
      <time itemprop="datePublished" datetime="2021-10-04T18:00:00+02:00">4 ottobre</time>
      <meta itemprop="inLanguage" content="it">
    </article></body></html>"""
    meta = page_metadata(html)
    assert meta.title == "Vento forte su Genova"
    assert meta.authors == ("Luca Bianchi",)
    assert meta.published == "2021-10-04T18:00:00+02:00"
    assert meta.language_declared == "it"


def test_dom_byline_classes_in_several_languages() -> None:
    cases = {
        '<p class="byline">By Jane Doe and John Roe</p>': ("Jane Doe", "John Roe"),
        '<span class="author">Par Sébastien Farcis</span>': ("Sébastien Farcis",),
        '<div class="article__author-name">Von Max Mustermann, 12. März 2021</div>': ("Max Mustermann",),
        '<a rel="author" href="/autor/ana">Ana Pérez</a>': ("Ana Pérez",),
    }
    for body, expected in cases.items():
        assert page_metadata(f"<html><body>{body}<p>Text.</p></body></html>").authors == expected, body


def test_a_commenter_is_not_the_byline() -> None:
    comments = '<ul class="comments-list"><li class="comment"><div class="byline">J J</div><p>Nice.</p></li></ul>'
    article = '<article><div class="author-name">NATALIYA VASILYEVA</div><p>Text.</p></article>'
    assert page_metadata(f"<html><body>{comments}{article}</body></html>").authors == ("NATALIYA VASILYEVA",)
    assert page_metadata(f"<html><body>{comments}</body></html>").authors == ()
    widget = '<aside class="widget widget_recent_comments"><span class="comment-author-link">wuff</span></aside>'
    assert page_metadata(f"<html><body>{widget}<p>Text.</p></body></html>").authors == ()
    wrapped = f'<div class="post comments-open">{article}</div>'  # a class naming comments, not a comment list
    assert page_metadata(f"<html><body>{wrapped}</body></html>").authors == ("NATALIYA VASILYEVA",)


def test_long_author_box_is_not_a_byline() -> None:
    box = "Jane Doe writes about cities, transport and housing for many newspapers and magazines. " * 3
    assert page_metadata(f'<html><body><div class="author-bio">{box}</div></body></html>').authors == ()


def test_language_declaration_order() -> None:
    head = """<meta http-equiv="content-language" content="pt-BR"><meta property="og:locale" content="es_ES">"""
    assert page_metadata(f'<html lang="fr"><head>{head}</head></html>').language_declared == "fr"
    assert page_metadata(f"<html><head>{head}</head></html>").language_declared == "pt-BR"
    assert page_metadata('<html><head><meta property="og:locale" content="es_ES"></head></html>').language_declared == "es_ES"
    jsonld = '<script type="application/ld+json">{"@type": "Article", "headline": "x", "inLanguage": "cs"}</script>'
    assert page_metadata(f"<html><head>{jsonld}</head></html>").language_declared == "cs"
    assert page_metadata("<html><body>x</body></html>").language_declared is None


def test_tree_is_not_modified() -> None:
    html = """<html lang="en"><head><title>T | Site</title><meta property="og:site_name" content="Site">
      <script type="application/ld+json">{"@type": "Article", "headline": "T"}</script></head>
      <body><figure><img src="a.jpg"><figcaption>c</figcaption></figure><p class="byline">By A B</p>
      <time datetime="2020-01-01">x</time></body></html>"""
    tree = LexborHTMLParser(html)
    before = tree.html
    extract_metadata(tree, url="https://example.com/")
    assert tree.html == before


def test_empty_and_odd_documents() -> None:
    for html in ["", " ", "<html></html>", "<p>only text", "<meta content='x'>", "<title></title><h1> </h1>"]:
        meta = page_metadata(html)
        assert meta.title is None or meta.title.strip()
        assert isinstance(meta.authors, tuple)


def test_byline_element_without_a_name_gives_way_to_the_next() -> None:
    html = """<html><body><span class="byline">Follow</span><p class="byline">Por Lucía Torres</p></body></html>"""
    assert page_metadata(html).authors == ("Lucía Torres",)


def test_comment_form_author_fields_are_not_bylines() -> None:
    html = """<html><body><article><p>Texto.</p></article><form><p class="comment-form-author">
      <label>Nombre: Por favor ingrese su nombre aquí</label><input name="author"></p></form></body></html>"""
    assert page_metadata(html).authors == ()


def test_a_comments_date_is_not_the_pages_date() -> None:
    # A question and answer page: no article item; the question's dateCreated is the page's date,
    # the comments' datePublished (a later day, first in the property order) is not.
    meta = page_metadata(
        "<html><body><div itemscope itemtype='https://schema.org/QAPage'>"
        "<div itemscope itemtype='https://schema.org/Question'><h1 itemprop='name'>How do I back up a system?</h1>"
        "<time itemprop='dateCreated' datetime='2012-06-29T10:51:01Z'>Jun 29, 2012</time>"
        "<div itemscope itemtype='https://schema.org/Comment'><span itemprop='text'>Which system?</span>"
        "<span itemprop='datePublished' content='2016-03-17T13:23:29Z'></span></div></div></div></body></html>"
    )
    assert meta.published == "2012-06-29T10:51:01+00:00"


def test_a_headline_in_the_page_header_item_names_the_site_not_the_page() -> None:
    # A theme marks its header's site title as the WPHeader's "headline": it is no page title.
    html = """<html><head><title>Outdoor Gear – Bush Outfitters</title></head><body>
      <header itemscope itemtype="https://schema.org/WPHeader">
        <p itemprop="headline"><a href="https://bush.example/" rel="home">Bush Outfitters</a></p></header>
      <main><p>Tents, stoves and packs.</p></main></body></html>"""
    assert page_metadata(html).title == "Outdoor Gear"
    # Outside the page's chrome a loose headline still counts.
    loose = html.replace("WPHeader", "WebPageElement")
    assert page_metadata(loose).title == "Bush Outfitters"

"""OpenGraph, Twitter cards, <meta name>, Dublin Core, and their order of trust."""

from __future__ import annotations

from tests.metadata.pages import page_metadata


def test_og_only_page() -> None:
    html = """<html><head>
      <meta property="og:title" content="Le vélo électrique séduit les campagnes">
      <meta property="og:description" content="Une enquête dans trois départements.">
      <meta property="og:site_name" content="Le Quotidien">
      <meta property="og:url" content="https://quotidien.example.fr/velo">
      <meta property="og:image" content="/img/velo.jpg">
      <meta property="og:image:alt" content="Un vélo devant une ferme">
      <meta property="og:locale" content="fr_FR">
      <meta property="article:published_time" content="2022-09-14T06:30:00+02:00">
    </head><body></body></html>"""
    meta = page_metadata(html)
    assert meta.title == "Le vélo électrique séduit les campagnes"
    assert meta.description == "Une enquête dans trois départements."
    assert meta.site_name == "Le Quotidien"
    assert meta.url == "https://quotidien.example.fr/velo"
    assert meta.lead_image is not None
    assert meta.lead_image.url == "https://quotidien.example.fr/img/velo.jpg"
    assert meta.lead_image.alt == "Un vélo devant une ferme"
    assert meta.language_declared == "fr_FR"
    assert meta.published == "2022-09-14T06:30:00+02:00"


def test_dublin_core_in_both_spellings() -> None:
    html = """<html><head><title>draft-42 - Remote storage</title>
      <meta name="DC.Title" content="Remote storage">
      <meta name="DC.Creator" content="Jong, Michiel de">
      <meta name="DCTERMS.issued" content="2014-12-15">
      <meta name="dc.language" content="nl">
    </head><body></body></html>"""
    meta = page_metadata(html)
    assert meta.title == "Remote storage"
    assert meta.authors == ("Michiel de Jong",)
    assert meta.published == "2014-12-15"
    assert meta.language_declared == "nl"


def test_property_beats_name_and_space_separated_keys_count_for_each() -> None:
    html = """<html><head><title>Title element</title>
      <meta name="dc:title" content="Name title">
      <meta property="x:title dc:title" content="Property title">
      <meta property="dc:creator twitter:site_name" content="Creator Name">
      <meta name="author" content="Someone Else">
    </head></html>"""
    meta = page_metadata(html)
    assert meta.title == "Property title"
    assert meta.authors == ("Creator Name",)


def test_twitter_card_when_no_og() -> None:
    html = """<html><head>
      <meta name="twitter:title" content="Sommerfest im Park">
      <meta name="twitter:description" content="Musik und Essen">
      <meta name="twitter:image" content="https://cdn.example.de/fest.jpg">
    </head></html>"""
    meta = page_metadata(html)
    assert meta.title == "Sommerfest im Park"
    assert meta.description == "Musik und Essen"
    assert meta.lead_image is not None and meta.lead_image.url == "https://cdn.example.de/fest.jpg"


def test_article_author_url_is_skipped_for_a_name() -> None:
    html = """<html><head>
      <meta property="article:author" content="https://www.facebook.com/someone">
      <meta name="author" content="Giulia Rossi">
    </head></html>"""
    assert page_metadata(html).authors == ("Giulia Rossi",)


def test_description_order_and_keywords() -> None:
    html = """<html><head>
      <meta name="description" content="Plain description">
      <meta property="og:description" content="Open Graph description">
      <meta name="keywords" content="storm, coast,Storm , rain">
      <meta property="article:section" content="Weather">
    </head></html>"""
    meta = page_metadata(html)
    assert meta.description == "Open Graph description"
    assert meta.keywords == ("storm", "coast", "rain")
    assert meta.section == "Weather"


def test_site_name_equal_to_the_title_is_not_a_site_name() -> None:
    html = """<html><head><meta property="og:title" content="Veteran wraps baby in flag">
      <meta name="application-name" content="Veteran wraps baby in flag"></head></html>"""
    meta = page_metadata(html)
    assert meta.site_name is None
    assert meta.title == "Veteran wraps baby in flag"


def test_a_share_card_value_labelled_as_a_byline_names_the_author() -> None:
    html = """<html><head>
      <meta name="twitter:label1" content="Est. reading time"><meta name="twitter:data1" content="6 minutes">
      <meta name="twitter:label2" content="Written by"><meta name="twitter:data2" content="Jane Roe">
    </head><body><p>Text.</p></body></html>"""
    assert page_metadata(html).authors == ("Jane Roe",)
    unlabelled = html.replace("Written by", "Filed under")
    assert page_metadata(unlabelled).authors == ()


def test_a_publication_key_behind_a_sites_prefix_dates_the_page() -> None:
    html = """<html><head>
      <meta name="w-published-date" content="2023-05-27T06:03:43Z">
      <meta name="event_date" content="2023-09-01">
    </head><body><h1>Moving legal work in-house</h1><p>Some text.</p></body></html>"""
    assert page_metadata(html).published == "2023-05-27T06:03:43+00:00"
    dotted = '<html><head><meta name="ms.date" content="2023-03-06"></head><body><p>Text.</p></body></html>'
    assert page_metadata(dotted).published == "2023-03-06"


def test_a_bare_date_behind_a_dash_or_underscore_names_another_day() -> None:
    html = """<html><head><meta name="expiry-date" content="2023-09-01"><meta name="event_date" content="2023-10-01">
    </head><body><h1>Offer</h1><p>Text.</p></body></html>"""
    assert page_metadata(html).published is None

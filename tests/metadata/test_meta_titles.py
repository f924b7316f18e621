"""Site names removed from titles on evidence only, in several separator styles and languages."""

from __future__ import annotations

import pytest

from cleaners import extract
from cleaners.metadata.rules import metadata_rules
from cleaners.metadata.titles import host_key, product_name, remove_site_name
from tests.metadata.pages import page_metadata


def strip(title: str, *, sites: list[str] = (), url: str | None = None, h1: tuple[str, ...] = (),
          element: bool = False) -> str:
    return remove_site_name(title, metadata_rules(), site_names=list(sites), url=url, headings=h1,
                            from_title_element=element)


@pytest.mark.parametrize(
    ("title", "site", "expected"),
    [
        ("Brexit talks stall again | The Daily Planet", "The Daily Planet", "Brexit talks stall again"),
        ("Brexit talks stall again - Daily Planet", "The Daily Planet", "Brexit talks stall again"),
        ("Un troisième Français mort au Népal — Libération", "Libération.fr", "Un troisième Français mort au Népal"),
        ("Neue Regeln für Radfahrer :: Stadtanzeiger", "Stadtanzeiger", "Neue Regeln für Radfahrer"),
        ("El Diario | Llegan las lluvias al sur", "El Diario", "Llegan las lluvias al sur"),
        ("La Gazzetta » Il Giro parte da Torino", "La Gazzetta", "Il Giro parte da Torino"),
        ("Tite diz que errou - 21/12/2018 - Esporte - Folha", "Folha de S.Paulo", "Tite diz que errou - 21/12/2018 - Esporte"),
        ("West Ham hrozí gigantům | Aktuálně.cz", "Aktuálně.cz - Víte, co se právě děje", "West Ham hrozí gigantům"),
    ],
)
def test_site_suffix_and_prefix_removed_with_site_name_evidence(title: str, site: str, expected: str) -> None:
    assert strip(title, sites=[site]) == expected


def test_site_name_with_a_word_after_it_names_a_product_not_the_site() -> None:
    # "Brightnet CDN" is the site's product: the headline, not the site part; "Brightnet.com" is the site.
    meta = page_metadata(
        '<html><head><meta property="og:site_name" content="Brightnet">'
        '<meta property="og:title" content="Brightnet CDN | Content Delivery Network">'
        "<title>Brightnet CDN | Content Delivery Network | Brightnet</title></head><body><p>Text.</p></body></html>"
    )
    assert meta.title == "Brightnet CDN"
    assert strip("Edge caching explained | Brightnet.com", sites=["Brightnet"]) == "Edge caching explained"
    assert strip("Edge caching explained | The Brightnet", sites=["Brightnet"]) == "Edge caching explained"


def test_declared_title_keeps_parts_without_site_evidence() -> None:
    # A columnist's name or a series name is not a site name, even when an <h1> shows the shorter title.
    assert strip("Whales stranded again | Eleanor Roy", sites=["The Guardian"], h1=("Whales stranded again",)) == (
        "Whales stranded again | Eleanor Roy"
    )
    assert strip("How we built our task framework - an async story", sites=["Dropbox"]) == (
        "How we built our task framework - an async story"
    )


def test_site_name_inside_a_title_part_is_not_a_suffix() -> None:
    assert strip("Dropbox launches a new sync engine - Tech", sites=["Dropbox"]) == (
        "Dropbox launches a new sync engine - Tech"
    )


def test_url_host_is_evidence() -> None:
    assert strip("Zuckerberg offers peek at strategy - CNET", url="https://www.cnet.com/news/x") == (
        "Zuckerberg offers peek at strategy"
    )
    assert host_key("https://www.bbc.co.uk/news/1") == "bbc"
    assert host_key("https://edition.cnn.com/2020/x") == "cnn"
    assert host_key("https://example.com.br/a") == "example"
    assert host_key("http://localhost/x") is None
    assert host_key(None) is None


def test_title_element_uses_h1_agreement() -> None:
    assert strip("On Recent Events - Bradley Kuhn", h1=("On Recent Events",), element=True) == "On Recent Events"


def test_title_element_without_evidence_keeps_short_titles() -> None:
    assert strip("Lorem ipsum dolor sit amet – My website", element=True) == "Lorem ipsum dolor sit amet"
    assert strip("Google - Site Reliability Engineering", element=True) == "Google - Site Reliability Engineering"
    assert strip("Daring Fireball: Colophon", element=True) == "Daring Fireball: Colophon"
    # Without evidence a colon is punctuation, not a separator.
    assert strip("Zimbabwe coup: Mugabe and his wife insist he finishes his term", element=True) == (
        "Zimbabwe coup: Mugabe and his wife insist he finishes his term"
    )


def test_a_colon_is_not_a_site_separator() -> None:
    assert strip("Apple: the new phone is out", url="https://www.apple.com/news") == "Apple: the new phone is out"


def test_separators_need_spaces() -> None:
    assert strip("Covid-19 cases rise in Spain-Portugal border", sites=["Portugal"]) == (
        "Covid-19 cases rise in Spain-Portugal border"
    )


def test_title_is_the_headline_and_declared_title_is_kept_beside_it() -> None:
    declared = page_metadata("""<html><head><title>Aumentan las lluvias | Diario Sur</title>
      <meta property="og:title" content="Aumentan las lluvias en el sur | Diario Sur">
      <meta property="og:site_name" content="Diario Sur"></head>
      <body><h1>Aumentan las lluvias en el sur</h1></body></html>""")
    assert declared.title == "Aumentan las lluvias en el sur"
    assert declared.title_declared == "Aumentan las lluvias en el sur | Diario Sur"
    assert declared.title_source == "h1"
    tab_label = page_metadata("""<html><head><title>Aumentan las lluvias en el sur | Diario Sur</title>
      <meta property="og:site_name" content="Diario Sur"></head><body><p>texto</p></body></html>""")
    assert tab_label.title == "Aumentan las lluvias en el sur"
    assert tab_label.title_declared == "Aumentan las lluvias en el sur | Diario Sur"
    assert tab_label.title_source == "title_element"


def test_title_element_then_h1_fallbacks() -> None:
    assert page_metadata("<html><head><title>Nur ein Titel</title></head></html>").title == "Nur ein Titel"
    only_h1 = page_metadata("<html><body><h1>Seulement un titre</h1></body></html>")
    assert only_h1.title == "Seulement un titre"
    assert only_h1.title_source == "h1"
    assert page_metadata("<html><body><p>rien</p></body></html>").title is None


def test_config_can_keep_the_declared_title_verbatim() -> None:
    from selectolax.lexbor import LexborHTMLParser

    from cleaners.metadata import MetadataConfig, extract_metadata

    html = """<html><head><title>How to build a terrarium (with pictures) | Crafts</title>
      <meta property="og:title" content="How to build a terrarium | Crafts">
      <meta property="og:site_name" content="Crafts"></head><body><h1>How to build a terrarium</h1></body></html>"""
    verbatim = MetadataConfig(keep_declared_title=True)
    assert extract_metadata(LexborHTMLParser(html), config=verbatim).title == "How to build a terrarium | Crafts"
    assert extract_metadata(LexborHTMLParser(html)).title == "How to build a terrarium"


@pytest.mark.parametrize(
    ("title", "site", "expected"),
    [
        ("经济发展的新阶段_新华网", "新华网", "经济发展的新阶段"),
        ("经济发展的新阶段｜人民网", "人民网", "经济发展的新阶段"),
        ("東京の天気｜ウェザーニュース", "ウェザーニュース", "東京の天気"),
        ("COVID-19疫情最新消息_央视网", "央视网", "COVID-19疫情最新消息"),
    ],
)
def test_cjk_separators_need_no_spaces(title: str, site: str, expected: str) -> None:
    assert strip(title, sites=[site]) == expected


def test_a_cjk_tail_of_sections_goes_without_evidence_but_a_name_or_headline_is_not_cut() -> None:
    page = ("<html><head><title>海外留学生看两会：出国前后关注点大不同_教育频道_中国青年网</title></head><body>"
            "<article><p>" + "这是一篇很长的新闻报道的正文内容。" * 20 + "</p></article></body></html>")
    assert extract(page).title == "海外留学生看两会：出国前后关注点大不同"
    # An underscore inside the headline, and a blog's name that holds one (its logo <h1>), stay whole.
    assert strip("新竹尖石_美樹營地賞楓 (2) @ 史蒂文的家_藍天", element=True, h1=("史蒂文的家_藍天",)) == (
        "新竹尖石_美樹營地賞楓 (2) @ 史蒂文的家_藍天")
    assert strip("COVID-19 in Spain-Portugal", element=True) == "COVID-19 in Spain-Portugal"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Relax Gummies - (30ct) 300mg", "Relax Gummies"),
        ("Driver Kit – 32 Precision Bits", "Driver Kit"),
        ("Charcoal grill 1600 - Brandname", "Charcoal grill 1600"),
        ("Acme - Surface Laptop", "Acme - Surface Laptop"),  # a one-word head is the brand before the name
        ("Surface Laptop - Copilot+ PC - 13.8 inch Touchscreen", "Surface Laptop - Copilot+ PC - 13.8 inch Touchscreen"),
        ("Covid-19 test kit", "Covid-19 test kit"),
    ],
)
def test_a_product_name_loses_the_short_variant_after_its_dash(title: str, expected: str) -> None:
    assert product_name(title, metadata_rules()) == expected

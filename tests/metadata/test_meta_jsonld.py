"""JSON-LD: @graph, lists, author shapes, references, and damaged blocks."""

from __future__ import annotations

import json

import pytest

from cleaners.metadata.jsonld import parse_json_block
from tests.metadata.pages import page_metadata


def ld(data: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script>'


def test_graph_with_article_person_and_organization_references() -> None:
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "@id": "#site", "name": "Der Beobachter"},
            {"@type": "Organization", "@id": "#org", "name": "Beobachter Verlag"},
            {"@type": "Person", "@id": "#p1", "name": "Anna Schmidt"},
            {
                "@type": "NewsArticle",
                "headline": "Neue Brücke über den Rhein eröffnet",
                "author": {"@id": "#p1"},
                "publisher": {"@id": "#org"},
                "datePublished": "2023-05-04T08:15:00+02:00",
                "dateModified": "2023-05-04T10:00:00+02:00",
                "inLanguage": "de-DE",
            },
        ],
    }
    meta = page_metadata(f"<html><head>{ld(graph)}<title>x</title></head><body></body></html>")
    assert meta.title == "Neue Brücke über den Rhein eröffnet"
    assert meta.authors == ("Anna Schmidt",)
    assert meta.published == "2023-05-04T08:15:00+02:00"
    assert meta.modified == "2023-05-04T10:00:00+02:00"
    assert meta.site_name == "Der Beobachter"
    assert meta.language_declared == "de-DE"


def test_top_level_list_and_author_array_with_nested_objects() -> None:
    data = [
        {"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": []},
        {
            "@context": "https://schema.org",
            "@type": ["BlogPosting"],
            "headline": "Cómo cultivar tomates en el balcón",
            "author": [
                {"@type": "Person", "name": "María García"},
                {"@type": "Person", "name": "José López"},
                "https://example.es/autor/otro",
            ],
        },
    ]
    meta = page_metadata(f"<html><head>{ld(data)}</head><body></body></html>")
    assert meta.title == "Cómo cultivar tomates en el balcón"
    assert meta.authors == ("María García", "José López")


def test_organization_author_is_used_only_when_no_person_is_named() -> None:
    article = {"@context": "https://schema.org", "@type": "Article", "headline": "Rapport annuel",
               "author": {"@type": "Organization", "name": "Agence Centrale"}}
    alone = page_metadata(f"<html><head>{ld(article)}</head><body><p>texte</p></body></html>")
    assert alone.authors == ("Agence Centrale",)
    with_byline = page_metadata(
        f'<html><head>{ld(article)}</head><body><p class="byline">Par Claire Martin</p></body></html>'
    )
    assert with_byline.authors == ("Claire Martin",)


def test_author_given_only_as_url_is_not_a_name() -> None:
    article = {"@context": "https://schema.org", "@type": "Article", "headline": "T",
               "author": "https://example.com/people/jdoe"}
    meta = page_metadata(f'<html><head>{ld(article)}<meta name="author" content="Jane Doe"></head></html>')
    assert meta.authors == ("Jane Doe",)


def test_headline_that_disagrees_with_the_page_loses_to_name() -> None:
    article = {"@context": "https://schema.org", "@type": "Article", "name": "Hermitian matrix",
               "headline": "matrix equal to its conjugate-transpose"}
    meta = page_metadata(
        f"<html><head>{ld(article)}<title>Hermitian matrix - Encyclopedia</title></head>"
        "<body><h1>Hermitian matrix</h1></body></html>"
    )
    assert meta.title == "Hermitian matrix"


def test_context_given_as_object_with_vocab() -> None:
    data = {"@context": {"@vocab": "http://schema.org/"}, "@type": "ReportageNewsArticle",
            "headline": "Flood waters recede", "author": [{"name": "Kim Lee"}, {"name": "Ola Nordmann"}]}
    meta = page_metadata(f"<html><head>{ld(data)}</head></html>")
    assert meta.authors == ("Kim Lee", "Ola Nordmann")


def test_malformed_blocks_are_repaired_or_skipped() -> None:
    broken = '<script type="application/ld+json">{"@type": "Article", "headline": "Broken"</script>'
    repaired = (
        '<script type="application/ld+json"><![CDATA[ {"@context": "https://schema.org", '
        '"@type": "Article", "headline": "Trailing commas",\n "author": {"name": "Li Wei",},} ]]></script>'
    )
    meta = page_metadata(f"<html><head>{broken}{repaired}</head></html>")
    assert meta.title == "Trailing commas"
    assert meta.authors == ("Li Wei",)


def test_parse_json_block_handles_concatenated_values_and_control_characters() -> None:
    assert parse_json_block('{"a": 1}\n{"b": 2}') == [{"a": 1}, {"b": 2}]
    assert parse_json_block('{"a": "line\nbreak"}') == [{"a": "line\nbreak"}]
    assert parse_json_block("{&quot;a&quot;: 1}") == [{"a": 1}]
    assert parse_json_block("not json at all") == []
    assert parse_json_block("") == []


def test_collection_pages_do_not_lend_their_list_items_as_the_article() -> None:
    data = {"@context": "https://schema.org", "@type": "CollectionPage", "name": "Portada",
            "mainEntity": {"@type": "ItemList", "itemListElement": [
                {"@type": "NewsArticle", "headline": "Otra noticia"}]}}
    meta = page_metadata(f"<html><head>{ld(data)}<title>Portada del día</title></head></html>")
    assert meta.title == "Portada del día"


def test_the_article_named_in_the_page_title_is_chosen_among_several() -> None:
    related = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Ein anderer Artikel",
               "author": {"@type": "Person", "name": "Falsche Autorin"}}
    main = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Hochwasser in Passau",
            "author": {"@type": "Person", "name": "Richtiger Autor"}}
    html = f"<html><head><title>Hochwasser in Passau | Zeitung</title>{ld(related)}{ld(main)}</head></html>"
    meta = page_metadata(html)
    assert meta.title == "Hochwasser in Passau"
    assert meta.authors == ("Richtiger Autor",)


@pytest.mark.parametrize(
    "author",
    [{"@id": ["a", "b"]}, {"@id": {"x": 1}}, [None, 3, {"name": 5}], {"name": {"@value": "Ana Ruiz"}}, 42],
)
def test_odd_author_shapes_never_raise(author: object) -> None:
    data = {"@context": "https://schema.org", "@type": "Article", "headline": "T", "author": author}
    meta = page_metadata(f"<html><head>{ld(data)}</head></html>")
    assert meta.authors in {(), ("Ana Ruiz",)}


def test_a_block_carried_in_a_meta_named_for_it_is_read() -> None:
    block = json.dumps({"@type": "Article", "headline": "Full EV cars", "datePublished": "2023-11-17T09:00:00-05:00"})
    html = (
        f'<html><head><meta name="script:ld+json" content="{block.replace(chr(34), "&quot;")}"></head>'
        "<body><h1>Full EV cars</h1><p>Text.</p></body></html>"
    )
    assert page_metadata(html).published == "2023-11-17T09:00:00-05:00"

"""JSON-LD (schema.org) blocks: the article node and what surrounds it (page, site, publisher).

Tolerant by design: CDATA wrappers, comments, trailing commas, raw control characters, entity-escaped
quotes and several concatenated objects are all accepted; a block that still cannot be read is skipped.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from cleaners.metadata.meta_tags import clean_value
from cleaners.metadata.rules import MetadataRules
from cleaners.metadata.scan import PageNodes

_WRAPPERS = re.compile(r"^\s*(?:<!\[CDATA\[|<!--|//\s*<!\[CDATA\[)|(?:\]\]>|-->|//\s*\]\]>)\s*$")
_TRAILING_COMMA = re.compile(r",\s*([}\]])")
_LINE_COMMENT = re.compile(r"^\s*//[^\n]*$", re.MULTILINE)
_MAX_DEPTH = 6
_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)
MIN_TITLE_KEY_CHARS = 8

JsonObject = dict[str, Any]


@dataclass(frozen=True, slots=True)
class JsonLdData:
    """The fields read from JSON-LD; ``article_found`` says whether an article-like node existed;
    ``types`` holds every node's ``@type`` (what the page says it is, for its page type);
    ``article_body`` is the article's declared text as written (line breaks kept)."""

    article_found: bool = False
    headline: str | None = None
    name: str | None = None
    description: str | None = None
    person_authors: tuple[str, ...] = ()
    organization_authors: tuple[str, ...] = ()
    published: str | None = None
    modified: str | None = None
    page_published: str | None = None
    page_modified: str | None = None
    publisher: str | None = None
    site_name: str | None = None
    image: str | None = None
    image_caption: str | None = None
    in_language: str | None = None
    url: str | None = None
    types: frozenset[str] = frozenset()
    article_body: str | None = None


def parse_json_block(text: str) -> list[Any]:
    """Every JSON value in ``text``, repairing the usual damage; [] when nothing can be read."""
    text = _WRAPPERS.sub("", text.strip()).strip()
    if not text:
        return []
    for attempt in (text, _TRAILING_COMMA.sub(r"\1", _LINE_COMMENT.sub("", text))):
        values = _decode_all(attempt)
        if values:
            return values
    if "&" in text:
        return _decode_all(_TRAILING_COMMA.sub(r"\1", html.unescape(text)))
    return []


def _decode_all(text: str) -> list[Any]:
    """Decode one or more concatenated JSON values; stop quietly at the first unreadable one."""
    decoder = json.JSONDecoder(strict=False)
    values: list[Any] = []
    position = 0
    while position < len(text):
        while position < len(text) and text[position] in " \t\r\n;,":
            position += 1
        if position >= len(text):
            break
        try:
            value, position = decoder.raw_decode(text, position)
        except (ValueError, RecursionError):
            break
        values.append(value)
    return values


def type_names(node: JsonObject) -> set[str]:
    """``"schema:NewsArticle"`` or ``["http://schema.org/Article"]`` → ``{"NewsArticle"}`` / ``{"Article"}``."""
    raw = node.get("@type")
    items = raw if isinstance(raw, list) else [raw]
    return {item.rsplit("/", 1)[-1].rsplit(":", 1)[-1] for item in items if isinstance(item, str)}


def _nodes(value: Any, depth: int = 0) -> Iterator[JsonObject]:
    """Top-level nodes, ``@graph`` members and the ``mainEntity`` of pages, in document order."""
    if depth > _MAX_DEPTH:
        return
    if isinstance(value, list):
        for item in value:
            yield from _nodes(item, depth + 1)
    elif isinstance(value, dict):
        if "@type" in value:
            yield value
        graph = value.get("@graph")
        if graph is not None:
            yield from _nodes(graph, depth + 1)
        main_entity = value.get("mainEntity")
        if isinstance(main_entity, dict) and "@type" in main_entity:
            yield from _nodes(main_entity, depth + 1)


def _text(value: Any) -> str | None:
    """A plain string from a JSON-LD value: a string, a ``{"@value": ...}`` or the first of a list."""
    if isinstance(value, list):
        value = next((item for item in value if item), None)
    if isinstance(value, dict):
        value = value.get("@value") or value.get("name")
    if isinstance(value, str):
        return clean_value(value)
    return None


def _url(value: Any) -> str | None:
    """An image or page URL from a string, an ImageObject, or a list of either."""
    if isinstance(value, list):
        value = next((item for item in value if item), None)
    if isinstance(value, dict):
        value = value.get("url") or value.get("contentUrl") or value.get("@id")
    return clean_value(value) if isinstance(value, str) else None


class _Reader:
    """Resolves ``{"@id": ...}`` references against the page's own nodes."""

    def __init__(self, nodes: list[JsonObject], rules: MetadataRules) -> None:
        self.rules = rules
        self.by_id = {node["@id"]: node for node in nodes if isinstance(node.get("@id"), str)}

    def resolve(self, value: Any) -> Any:
        """A bare ``{"@id": ...}`` reference replaced by the node it names (when the page has it)."""
        if isinstance(value, dict) and set(value) <= {"@id", "@type"}:
            reference = value.get("@id")
            if isinstance(reference, str) and reference in self.by_id:
                return self.by_id[reference]
        return value

    def authors(self, value: Any) -> tuple[list[str], list[str]]:
        """Split ``author`` into person names and organization names; bare URLs are dropped."""
        people: list[str] = []
        organizations: list[str] = []
        items = value if isinstance(value, list) else [value]
        for item in items[:50]:
            item = self.resolve(item)
            if isinstance(item, str):
                name = clean_value(item)
                if name and not _looks_like_url(name):
                    people.append(name)
                continue
            if not isinstance(item, dict):
                continue
            name = _text(item.get("name"))
            if name is None and (item.get("givenName") or item.get("familyName")):
                name = clean_value(f"{_text(item.get('givenName')) or ''} {_text(item.get('familyName')) or ''}")
            if name is None or _looks_like_url(name):
                continue
            if type_names(item) & self.rules.organization_types:
                organizations.append(name)
            else:
                people.append(name)
        return people, organizations

    def name_of(self, value: Any) -> str | None:
        value = self.resolve(value[0] if isinstance(value, list) and value else value)
        return _text(value.get("name")) if isinstance(value, dict) else _text(value)


def _looks_like_url(text: str) -> bool:
    return text.startswith(("http://", "https://", "www.", "/")) and " " not in text


def _key(text: str) -> str:
    return _NOT_WORD.sub("", text.casefold())


def _pick_article(nodes: list[JsonObject], rules: MetadataRules, titles: list[str]) -> JsonObject | None:
    """The article node the page is about.

    Pages also describe related or listed articles: the node whose headline or name appears in the
    page's own titles (``<title>``, og:title) wins, then the first with a headline, then the first.
    """
    articles = [node for node in nodes if type_names(node) & rules.article_types]
    if len(articles) > 1 and titles:
        title_keys = [_key(title) for title in titles]
        for node in articles:
            for field in ("headline", "name"):
                text = _text(node.get(field))
                key = _key(text) if text else ""
                if len(key) >= MIN_TITLE_KEY_CHARS and any(key in title for title in title_keys):
                    return node
    with_headline = [node for node in articles if _text(node.get("headline"))]
    chosen = with_headline or articles
    return chosen[0] if chosen else None


def read_jsonld(page: PageNodes, rules: MetadataRules, *, titles: list[str] | None = None) -> JsonLdData:
    """Read every ``application/ld+json`` block and summarise the article, page, site and publisher.

    ``titles`` (the page's ``<title>`` and og:title) pick the article when several are described.
    """
    nodes: list[JsonObject] = []
    for script in page.scripts:
        if "ld+json" not in (script.attributes.get("type") or "").lower():
            continue
        for value in parse_json_block(script.text(deep=True)):
            nodes.extend(_nodes(value))
    # Some frameworks carry the block in a <meta> named for it: <meta name="script:ld+json" content="{...}">.
    for meta in page.metas:
        if "ld+json" in (meta.attributes.get("name") or meta.attributes.get("property") or "").lower():
            for value in parse_json_block(meta.attributes.get("content") or ""):
                nodes.extend(_nodes(value))
    if not nodes:
        return JsonLdData()
    reader = _Reader(nodes, rules)
    types = frozenset().union(*(type_names(node) for node in nodes))
    article = _pick_article(nodes, rules, titles or [])
    webpage = next((node for node in nodes if type_names(node) & rules.page_types), None)
    site = next((node for node in nodes if type_names(node) & rules.site_types), None)
    site_name = reader.name_of(site) if site else None
    if article is None:
        publisher = reader.name_of(webpage.get("publisher")) if webpage else None
        return JsonLdData(
            types=types,
            page_published=_text(webpage.get("datePublished")) if webpage else None,
            page_modified=_text(webpage.get("dateModified")) if webpage else None,
            publisher=publisher,
            site_name=site_name,
            in_language=(_text(webpage.get("inLanguage")) if webpage else None) or (_text(site.get("inLanguage")) if site else None),
        )
    people, organizations = reader.authors(article.get("author") or article.get("creator"))
    image = reader.resolve(article.get("image") or article.get("thumbnailUrl"))
    caption = None
    if isinstance(image, list) and image and isinstance(image[0], dict):
        caption = _text(image[0].get("caption"))
    elif isinstance(image, dict):
        caption = _text(image.get("caption"))
    language = _text(article.get("inLanguage")) or (_text(webpage.get("inLanguage")) if webpage else None)
    return JsonLdData(
        types=types,
        article_found=True,
        headline=_text(article.get("headline")) or _text(article.get("alternativeHeadline")),
        name=_text(article.get("name")),
        description=_text(article.get("description")),
        person_authors=tuple(people),
        organization_authors=tuple(organizations),
        published=_text(article.get("datePublished")) or _text(article.get("dateCreated")),
        modified=_text(article.get("dateModified")),
        page_published=_text(webpage.get("datePublished")) if webpage else None,
        page_modified=_text(webpage.get("dateModified")) if webpage else None,
        publisher=reader.name_of(article.get("publisher")) or (reader.name_of(webpage.get("publisher")) if webpage else None),
        site_name=site_name,
        image=_url(image),
        image_caption=caption,
        in_language=language or (_text(site.get("inLanguage")) if site else None),
        url=_url(article.get("url")),
        article_body=article.get("articleBody") if isinstance(article.get("articleBody"), str) else None,
    )

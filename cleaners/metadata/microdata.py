"""schema.org microdata: ``itemprop`` values inside the page's article item (or the whole page)."""

from __future__ import annotations

from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser, LexborNode

from cleaners.metadata.meta_tags import clean_value
from cleaners.metadata.rules import MetadataRules
from cleaners.metadata.scan import PageNodes

_MAX_ANCESTORS = 64
_URL_TAGS = {"a": "href", "link": "href", "img": "src", "area": "href", "source": "src", "video": "src", "audio": "src"}


@dataclass(frozen=True, slots=True)
class MicrodataData:
    """Raw microdata values; authors are still uncleaned bylines."""

    title: str | None = None
    description: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    modified: str | None = None
    image: str | None = None
    language: str | None = None


def item_value(node: LexborNode, *, text: bool = False) -> str | None:
    """The value of an ``itemprop`` element as microdata defines it (content, datetime, href/src or text).

    With ``text``, a link gives its text rather than its address (a headline or a name is never a URL).
    """
    attrs = node.attributes
    if "content" in attrs:
        return clean_value(attrs.get("content"))
    tag = node.tag or ""
    if tag == "time" and attrs.get("datetime"):
        return clean_value(attrs.get("datetime"))
    if tag in _URL_TAGS and not text:
        url = clean_value(attrs.get(_URL_TAGS[tag]))
        if url or tag != "a":
            return url
    return clean_value(node.text(deep=True, separator=" "))


def _type_names(scope: LexborNode) -> list[str]:
    """An item's schema.org types by name ("https://schema.org/Comment" is "Comment")."""
    return [kind.rstrip("/").rsplit("/", 1)[-1] for kind in (scope.attributes.get("itemtype") or "").split()]


def _article_scope(tree: LexborHTMLParser, rules: MetadataRules) -> LexborNode | None:
    for scope in tree.css("[itemscope][itemtype]"):
        if any(name in rules.article_types for name in _type_names(scope)):
            return scope
    return None


def _first(
    scope: LexborNode, props: tuple[str, ...], *, text: bool = False, skip: frozenset[str] = frozenset()
) -> str | None:
    for prop in props:
        for node in scope.css(f"[itemprop~={prop}]"):
            if skip and _item_type(node) in skip:
                continue
            value = item_value(node, text=text)
            if value:
                return value
    return None


def _item_type(node: LexborNode) -> str | None:
    """The schema.org type (last path part) of the item an ``itemprop`` belongs to."""
    current = node.parent
    for _ in range(_MAX_ANCESTORS):
        if current is None:
            return None
        if "itemscope" in current.attributes:
            names = _type_names(current)
            return names[0] if names else None
        current = current.parent
    return None


def _authors(scope: LexborNode, props: tuple[str, ...]) -> tuple[str, ...]:
    names: list[str] = []
    for prop in props:
        for node in scope.css(f"[itemprop~={prop}]"):
            if "itemscope" in node.attributes:
                name_node = node.css_first("[itemprop~=name]")
                value = item_value(name_node, text=True) if name_node is not None else None
            else:
                value = item_value(node, text=True)
            if value:
                names.append(value)
        if names:
            break
    return tuple(names)


def read_microdata(tree: LexborHTMLParser, page: PageNodes, rules: MetadataRules) -> MicrodataData:
    """Read the article item's properties; with no article item, the page's loose properties."""
    if not page.itemprops:
        return MicrodataData()
    article = _article_scope(tree, rules)
    scope = article or tree.body or tree.root
    if scope is None:
        return MicrodataData()
    props = rules.microdata
    replies = frozenset() if article is not None else frozenset(props.reply_types)
    chrome = frozenset() if article is not None else frozenset(props.chrome_types)
    # A loose "name" names whatever item holds it (a breadcrumb's "Board index", a product's
    # brand): only the article item's own name is a title.
    return MicrodataData(
        title=_first(scope, props.title[:1], text=True, skip=chrome)
        or (_first(scope, props.title[1:], text=True) if article is not None else None),
        description=_first(scope, props.description, text=True),
        authors=_authors(scope, props.author),
        published=_first(scope, props.published, skip=replies),
        modified=_first(scope, props.modified, skip=replies),
        image=_first(scope, props.image),
        language=_first(scope, props.language),
    )

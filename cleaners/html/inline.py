"""What a block keeps of its markup beside its plain text: links and emphasis (spans), a code
block's language, a table's cells and the pictures that stand before it.

The tags and class patterns are data (``cleaners/data/inline_markup.toml``). Spans are found
by text, not by offset, so the text steps that come later (whitespace folding, trimming) never
leave a span pointing at the wrong words: :func:`placed_spans` keeps those still found in the
block's final text, in order.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple
from urllib.parse import urljoin

from selectolax.lexbor import LexborNode

from cleaners import ruledata
from cleaners.captions import caption_text
from cleaners.model import Image, SpanType
from cleaners.render.common import LANGUAGE_NAME, link_target

INLINE_MARKUP_FILE = "inline_markup.toml"
_SPAN_TYPES: tuple[SpanType, ...] = ("link", "strong", "emphasis", "code")

# A block's spans are capped: a paragraph of a thousand links is a link farm, not prose.
_MAX_SPANS = 200


class RawSpan(NamedTuple):
    """A span as the walk finds it (a plain tuple: pages hold thousands; the model's ``Span`` is
    made once, for the final body)."""

    type: SpanType
    text: str
    url: str | None = None


@dataclass(frozen=True, slots=True)
class InlineMarkup:
    """The loaded ``inline_markup.toml``."""

    span_tags: dict[str, SpanType]
    selector: str
    class_prefixes: tuple[str, ...]
    language_attributes: tuple[str, ...]
    not_languages: frozenset[str]


def load_inline_markup(text: str, file: str = INLINE_MARKUP_FILE) -> InlineMarkup:
    """Parse and check the inline markup data; a bad key or value raises ``RuleDataError``."""
    raw = ruledata.table(ruledata.parse(text, file), file, "", allowed=("spans", "code"), required=("spans", "code"))
    spans = ruledata.table(raw["spans"], file, "spans", allowed=_SPAN_TYPES, required=_SPAN_TYPES)
    span_tags: dict[str, SpanType] = {}
    for kind in _SPAN_TYPES:
        for tag in ruledata.strings(spans[kind], file, f"spans.{kind}"):
            span_tags[tag.lower()] = kind
    code = ruledata.table(raw["code"], file, "code", allowed=("class_prefixes", "attributes", "not_languages"),
                          required=("class_prefixes", "attributes", "not_languages"))
    return InlineMarkup(
        span_tags=span_tags,
        selector=", ".join(sorted(span_tags)),
        class_prefixes=ruledata.strings(code["class_prefixes"], file, "code.class_prefixes"),
        language_attributes=ruledata.strings(code["attributes"], file, "code.attributes"),
        not_languages=frozenset(ruledata.strings(code["not_languages"], file, "code.not_languages")),
    )


@cache
def inline_markup() -> InlineMarkup:
    return load_inline_markup(ruledata.shipped(INLINE_MARKUP_FILE))


def _folded(text: str) -> str:
    return " ".join(text.split())


def spans_in(node: LexborNode, *, include_self: bool, emphasis: bool = True) -> list[RawSpan]:
    """The outermost spans inside ``node`` (and ``node`` itself with ``include_self``), in order.

    A link inside emphasis wins over it: the address is what a reader cannot get back.
    ``emphasis=False`` keeps links and code only (a heading is emphasis enough).
    """
    markup = inline_markup()
    if not include_self and node.css_first(markup.selector) is None:
        return []
    spans: list[RawSpan] = []
    stack = [node] if include_self else _element_children_reversed(node)
    while stack and len(spans) < _MAX_SPANS:
        element = stack.pop()
        kind = markup.span_tags.get(element.tag or "")
        if kind == "link":
            url = link_target(element.attributes.get("href"))
            if url is not None and (text := _folded(element.text())):
                spans.append(RawSpan("link", text, url))
                continue
        elif kind is not None and element.css_first("a[href]") is None:
            text = _folded(element.text())
            if text and (emphasis or kind == "code"):
                spans.append(RawSpan(kind, text))
            continue
        stack.extend(_element_children_reversed(element))
    return spans


def _element_children_reversed(node: LexborNode) -> list[LexborNode]:
    children = [child for child in node.iter() if child.is_element_node]
    children.reverse()
    return children


def placed_spans(text: str, spans: Iterable[RawSpan]) -> tuple[RawSpan, ...]:
    """The spans whose text is found in ``text``, each after the previous one (others dropped)."""
    placed: list[RawSpan] = []
    cursor = 0
    for span in spans:
        at = text.find(span.text, cursor)
        if at < 0:
            continue
        placed.append(span)
        cursor = at + len(span.text)
    return tuple(placed)


def split_spans(pieces: Sequence[str], spans: Sequence[RawSpan]) -> list[list[RawSpan]]:
    """``spans`` shared out among consecutive pieces of one run of text, in order."""
    shares: list[list[RawSpan]] = [[] for _ in pieces]
    index = 0
    for number, piece in enumerate(pieces):
        folded = _folded(piece)
        cursor = 0
        while index < len(spans):
            at = folded.find(spans[index].text, cursor)
            if at < 0:
                break
            shares[number].append(spans[index])
            cursor = at + len(spans[index].text)
            index += 1
    return shares


def code_language(pre: LexborNode) -> str | None:
    """The language a code block declares in its classes or data attributes, lower case."""
    markup = inline_markup()
    code = pre.css_first("code")
    parent = pre.parent
    places = [pre, code, parent, parent.parent if parent is not None else None]
    for place in places:
        if place is None:
            continue
        attributes = place.attributes
        for name in markup.language_attributes:
            language = _language(attributes.get(name) or "", markup)
            if language:
                return language
        for token in (attributes.get("class") or "").split():
            for prefix in markup.class_prefixes:
                if token.lower().startswith(prefix):
                    language = _language(token[len(prefix):], markup)
                    if language:
                        return language
    return None


def _language(value: str, markup: InlineMarkup) -> str | None:
    value = value.strip().lower()
    if not LANGUAGE_NAME.match(value) or value in markup.not_languages:
        return None
    return value


def table_cells(table: LexborNode) -> tuple[tuple[str, ...], ...]:
    """The table's rows of cells, empty cells kept so columns stay aligned, empty rows left out."""
    rows: list[tuple[str, ...]] = []
    for row in table.css("tr"):
        cells = tuple(_folded(cell.text(separator=" ")) for cell in row.css("th, td"))
        if any(cells):
            rows.append(cells)
    return tuple(rows)


def image_of(img: LexborNode, url: str) -> Image:
    """The picture with its alt text and, inside a ``<figure>``, the figure's caption."""
    figure = img.parent
    while figure is not None and figure.tag not in ("figure", "body"):
        figure = figure.parent
    caption_node = figure.css_first("figcaption") if figure is not None and figure.tag == "figure" else None
    caption = caption_text(caption_node) if caption_node is not None else None
    return Image(url=url, alt=img.attributes.get("alt") or None, caption=caption or None)


class AddressResolver:
    """Addresses resolved against the page's (each once: a page links the same address often);
    a malformed address is kept as written."""

    def __init__(self, base: str | None) -> None:
        self._base = base
        self._known: dict[str, str] = {}

    def __call__(self, url: str | None) -> str | None:
        if not self._base or not url:
            return url
        known = self._known.get(url)
        if known is None:
            try:
                known = urljoin(self._base, url)
            except ValueError:  # urljoin refuses malformed hosts such as "http://[::1"
                known = url
            self._known[url] = known
        return known

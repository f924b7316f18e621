"""Cheap guards on the markup before the one parse: size, attributes per element, nesting depth.

Each targets a shape that costs an HTML parser time out of proportion to the page's size, and
each cut is recorded as a ``limit`` removal. They are cheap on ordinary pages: the attribute
guard is one regular-expression scan in C that never backtracks (about 1 ms on a 250 KB page),
and the depth guard only scans pages with many tags. Quoted values are read as values
(``a=">"`` does not end a tag).

The quick scan can also match text that only looks like a crowded tag: JavaScript such as
``for(;n<s;n++)`` inside ``<script>``, or an SVG inside a quoted ``data:`` URL. A page where it
finds one (9 of 2,514 development pages) is then read tag by tag, as the parser will read it
(comments, raw-text elements and whole tags with their quoted values skipped over), and only
real start tags are cut.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cleaners import provenance
from cleaners.config import ExtractConfig
from cleaners.html.depth import limit_nesting, needs_depth_scan
from cleaners.model import Removed

# One attribute as the HTML tokenizer reads it: separators (whitespace or "/"), a name (which
# may hold quotes or "<"), then optionally "=" and a quoted or bare value. The quantifiers are
# possessive, so a scan never backtracks: about 1 ms on a 250 KB page.
_SPACE = r"[\t\n\f\r ]"
_ATTRIBUTE = (rf"""[\t\n\f\r /]*+[^\t\n\f\r />][^\t\n\f\r />=]*+"""
              rf"""(?:{_SPACE}*+={_SPACE}*+(?:"[^"]*+"|'[^']*+'|[^\t\n\f\r >]++))?+""")
# Elements whose content is text to the parser, never tags.
_RAW_TEXT = "script|style|textarea|title|xmp|iframe|noembed|noframes"
# The markup as the parser's tokenizer walks it: a comment, a raw-text element with its content,
# or a start tag with all its attributes (group "tag"). Text between them is skipped by search.
_TOKENS = re.compile(
    rf"<!--.*?(?:-->|\Z)"
    rf"|<(?P<raw>{_RAW_TEXT})(?=[\t\n\f\r />])(?:{_ATTRIBUTE})*+[^>]*+>.*?(?:</(?P=raw)[\t\n\f\r />]|\Z)"
    rf"|(?P<tag><[A-Za-z][^\t\n\f\r />]*+(?:{_ATTRIBUTE})*+)",
    re.IGNORECASE | re.DOTALL,
)


@dataclass
class GuardedMarkup:
    """The markup to parse, and what the guards cut from it."""

    html: str
    removed: list[Removed] = field(default_factory=list)


def guard_markup(html: str, config: ExtractConfig) -> GuardedMarkup:
    """``html`` cut to size, with attributes past the cap and tags past the depth cap dropped."""
    result = GuardedMarkup(html)
    if len(html) > config.max_input_chars:
        result.removed.append(Removed(
            kind="limit", text=f"page cut to {config.max_input_chars} characters (it had {len(html)})",
            rule=provenance.LIMIT_INPUT))
        result.html = html[: config.max_input_chars]
    result.html = _limit_attributes(result, config.limits.max_attributes)
    if needs_depth_scan(result.html):
        flattened, dropped = limit_nesting(result.html, config.limits.max_depth)
        if dropped:
            result.removed.append(Removed(
                kind="limit", text=f"{dropped} tags nested deeper than {config.limits.max_depth} levels dropped",
                rule=provenance.LIMIT_DEPTH))
        result.html = flattened
    return result


def _limit_attributes(result: GuardedMarkup, max_attributes: int) -> str:
    """Drop the attributes of any start tag past the first ``max_attributes``."""
    html = result.html
    crowded = re.compile(f"<([A-Za-z][^\\t\\n\\f\\r />]*+)(?:{_ATTRIBUTE}){{{max_attributes}}}")
    if crowded.search(html) is None:
        return html  # the common case: one scan, nothing to do
    pieces: list[str] = []
    last = 0
    for token in _TOKENS.finditer(html):
        start, end = token.span("tag")
        if start < 0 or end - start < max_attributes:
            continue  # not a start tag, or too short to hold more attributes than the cap
        match = crowded.match(html, start)
        if match is None or match.end() == end:
            continue  # at most the cap
        pieces.append(html[last : match.end()])
        last = end
        result.removed.append(Removed(
            kind="limit", text=f"<{match.group(1)[:40]}>: attributes past the first {max_attributes} dropped "
            f"({end - match.end()} characters)", rule=provenance.LIMIT_ATTRIBUTES))
    if not pieces:
        return html
    pieces.append(html[last:])
    return "".join(pieces)

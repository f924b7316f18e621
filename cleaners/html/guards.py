"""Cheap guards on the markup before the one parse: size, attributes per element, nesting depth.

Each targets a shape that costs an HTML parser time out of proportion to the page's size, and
each cut is recorded as a ``limit`` removal. They are cheap on ordinary pages: the attribute
guard is one regular-expression scan in C that never backtracks, and the depth guard only
scans pages with many tags. Quoted values are read as values (``a=">"`` does not end a tag).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cleaners.config import ExtractConfig
from cleaners.html.depth import limit_nesting, needs_depth_scan
from cleaners.model import Removed

# One attribute as the HTML tokenizer reads it: separators (whitespace or "/"), a name (which
# may hold quotes or "<"), then optionally "=" and a quoted or bare value. The quantifiers are
# possessive, so a scan never backtracks: about 1 ms on a 250 KB page.
_SPACE = r"[\t\n\f\r ]"
_ATTRIBUTE = (rf"""[\t\n\f\r /]*+[^\t\n\f\r />][^\t\n\f\r />=]*+"""
              rf"""(?:{_SPACE}*+={_SPACE}*+(?:"[^"]*+"|'[^']*+'|[^\t\n\f\r >]++))?+""")
_MORE_ATTRIBUTES = re.compile(f"(?:{_ATTRIBUTE})*+")


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
            kind="limit", text=f"page cut to {config.max_input_chars} characters (it had {len(html)})"))
        result.html = html[: config.max_input_chars]
    result.html = _limit_attributes(result, config.limits.max_attributes)
    if needs_depth_scan(result.html):
        flattened, dropped = limit_nesting(result.html, config.limits.max_depth)
        if dropped:
            result.removed.append(Removed(
                kind="limit", text=f"{dropped} tags nested deeper than {config.limits.max_depth} levels dropped"))
        result.html = flattened
    return result


def _limit_attributes(result: GuardedMarkup, max_attributes: int) -> str:
    """Drop the attributes of any start tag past the first ``max_attributes``."""
    html = result.html
    crowded = re.compile(f"<([A-Za-z][^\\t\\n\\f\\r />]*+)(?:{_ATTRIBUTE}){{{max_attributes}}}")
    pieces: list[str] = []
    last = 0
    while (match := crowded.search(html, last)) is not None:
        rest = _MORE_ATTRIBUTES.match(html, match.end())
        if rest is None or rest.end() == match.end():
            last = match.end()  # exactly at the cap
            continue
        pieces.append(html[last : match.end()])
        last = rest.end()
        result.removed.append(Removed(
            kind="limit", text=f"<{match.group(1)[:40]}>: attributes past the first {max_attributes} dropped "
            f"({rest.end() - match.end()} characters)"))
    if not pieces:
        return html
    pieces.append(html[last:])
    return "".join(pieces)

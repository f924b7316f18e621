"""Element rules of the DOM boilerplate data: by tag, by CSS selector, by class/id word.

Each names the kind it records and the evidence it needs, and may be scoped to page types (a
product's reviews are removed on product pages only). Loaded by :mod:`cleaners.html.rules`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from cleaners.html.names import SelectorEntries
from cleaners.model import RemovedKind

Guard = Literal["always", "unless_main", "evidence", "links"]
GUARDS = ("always", "unless_main", "evidence", "links")
# Class/id values split into tokens at punctuation and camelCase humps.
_ALNUM_RUN = re.compile(r"[A-Za-z0-9]+")
_CAMEL_PART = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")
# A CSS module's hash after its local name ("style_root__z3EwE": capitals or digits, where a BEM
# element after "__" is lower case), and the longest run read as a possible hash rather than
# camel-case words.
_HASH_SUFFIX = re.compile(r"__(?=[a-z0-9]*[A-Z0-9])[A-Za-z0-9_-]{5}\b")
_MAX_HASH_RUN = 6


@dataclass(frozen=True, slots=True)
class Guarding:
    """The evidence a rule needs: its guard, how many prose paragraphs veto it (0: the default),
    and whether the node must hold a link."""

    guard: Guard
    keep_prose: int = 0
    needs_links: bool = False


@dataclass(frozen=True, slots=True)
class ElementRule:
    """What every element rule has: the id its records carry, the kind it removes as, the
    evidence it needs, and the page types it applies on (all when empty)."""

    id: str
    kind: RemovedKind
    guarding: Guarding
    page_types: frozenset[str] = field(default=frozenset(), kw_only=True)

    def applies_to(self, page_type: str) -> bool:
        """A rule scoped to page types (``page_types = ["product"]``) applies on those only."""
        return not self.page_types or page_type in self.page_types


@dataclass(frozen=True, slots=True)
class TagRule(ElementRule):
    """Remove elements of these tags (``nav``, ``header``, ...)."""

    tags: frozenset[str]


@dataclass(frozen=True, slots=True)
class SelectorRule(ElementRule):
    """Remove elements matching a CSS selector (widget markup of a CMS or service). ``entries``:
    its entries with the class or id name each needs (empty: not known, always queried whole)."""

    selector: str
    entries: SelectorEntries = ()


@dataclass(frozen=True, slots=True)
class WordRule(ElementRule):
    """Remove elements whose class or id holds one of these words."""

    words: frozenset[str]
    whole_names: bool = False
    # A whole name ending in "_" is a prefix: WordPress names each sidebar widget "widget_<kind>".
    prefixes: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "prefixes", tuple(sorted(word for word in self.words if word.endswith("_"))))

    def matches(self, tokens: set[str], names: set[str]) -> bool:
        if not self.whole_names:
            return not tokens.isdisjoint(self.words)
        return not names.isdisjoint(self.words) or any(name.startswith(self.prefixes) for name in names)


def class_id_tokens(value: str) -> set[str]:
    """Lower-cased tokens of a class/id string, singular forms, and the whole class names.

    Generated names carry hashes ("table__adKqa" from CSS modules, "kAHMfN" from styled
    components): a five-character part after "__" with a capital or a digit is no word, and a
    short mixed-case run is not split into camel-case words ("adKqa" is not "ad" + "kqa").
    """
    lowered = value.lower()
    tokens = set(lowered.split())  # lower-casing is per character: the same names, lower-cased
    source = _HASH_SUFFIX.sub(" ", value) if "__" in value else value
    if source == lowered or source.lower() == source:  # most values: no capital, no camel-case word
        tokens.update(_ALNUM_RUN.findall(source))
    else:
        for run in _ALNUM_RUN.findall(source):
            tokens.add(run.lower())
            tokens.update(_camel_parts(run))
    tokens.update([token[:-1] for token in tokens if token[-1] == "s" and len(token) > 3])
    return tokens


def whole_names(value: str) -> set[str]:
    """The class names and ids of ``value``, lower-cased, and each camel-case name also as the
    hyphenated name it spells ("SiteFooter" is "site-footer"), for rules that match whole names."""
    names: set[str] = set()
    for name in value.split():
        names.add(name.lower())
        parts = _camel_parts(name) if name.isalpha() else []
        if len(parts) >= 2:
            names.add("-".join(parts))
    return names


def _camel_parts(run: str) -> list[str]:
    """The lower-cased words of a camel-case run ("siteFooter"); none for a short mixed-case run,
    which is a generated hash ("kAHMfN"), or a run in one case."""
    if len(run) <= _MAX_HASH_RUN or run.islower() or run.isupper() or run.isdigit():
        return []
    return [part.lower() for part in _CAMEL_PART.findall(run)]

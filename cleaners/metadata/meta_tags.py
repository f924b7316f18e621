"""``<meta>`` and ``<link>`` tags: OpenGraph, Twitter cards, plain ``<meta name>`` and Dublin Core.

One pass over the head collects every key's values, so each field can then try its keys in order
of trust without searching the tree again.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from cleaners.metadata.scan import PageNodes

_DUBLIN_CORE_PREFIXES = (("dcterms.", "dcterms:"), ("dcterm:", "dcterms:"), ("dcterm.", "dcterms:"), ("dc.", "dc:"))


# A site's prefix ends at the first separator: ``w-``, ``ms.``, ``cludo:``.
_PREFIX_END = re.compile(r"^[a-z0-9]+([-_.:])")
_NAMESPACE_MARKS = (".", ":")
_BARE_DATE = "date"


def normalize_key(key: str) -> str:
    """``DC.Title`` → ``dc:title``; ``DCTERM:created`` → ``dcterms:created``; others lower-cased."""
    key = key.strip().lower()
    for old, new in _DUBLIN_CORE_PREFIXES:
        if key.startswith(old):
            return new + key[len(old) :]
    return key


def clean_value(value: str | None) -> str | None:
    """Fold whitespace and decode entities left in attribute values (``&amp;amp;``); None when empty."""
    if not value:
        return None
    if "&" in value:
        value = html.unescape(value)
    value = " ".join(value.split())
    return value or None


@dataclass(frozen=True, slots=True)
class MetaTags:
    """What the head declares: every ``<meta>`` key's values in document order, and a few links."""

    values: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    canonical: str | None = None
    html_lang: str | None = None
    author_links: tuple[str, ...] = ()

    def first(self, keys: tuple[str, ...]) -> str | None:
        """The first value of the first key (in ``keys`` order) that has one."""
        for key in keys:
            found = self.values.get(key)
            if found:
                return found[0]
        return None

    def all(self, keys: tuple[str, ...]) -> list[str]:
        """Every value of every key, in ``keys`` order."""
        return [value for key in keys for value in self.values.get(key, ())]

    def namespaced(self, keys: tuple[str, ...]) -> list[str]:
        """Values of keys that are one of ``keys`` behind a site's own prefix (``w-published-date``,
        ``ms.date``), in document order: the site named the field as everyone does, in its namespace.
        A bare ``date`` counts only behind a namespace dot or colon: ``event_date`` or
        ``expiry-date`` name other days."""
        known = set(keys)
        found: list[str] = []
        for key, values in self.values.items():
            if key in known:
                continue
            cut = _PREFIX_END.search(key)
            if cut is None:
                continue
            rest = key[cut.end() :]
            if rest in known and (rest != _BARE_DATE or cut.group(1) in _NAMESPACE_MARKS):
                found.extend(values)
        return found


def read_meta_tags(nodes: PageNodes) -> MetaTags:
    """Collect ``<meta>`` contents by key, ``<link rel=canonical>``, ``rel=author`` links and ``<html lang>``."""
    by_property: dict[str, list[str]] = {}
    by_name: dict[str, list[str]] = {}
    for node in nodes.metas:
        attrs = node.attributes
        content = clean_value(attrs.get("content"))
        if content is None:
            continue
        # RDFa ``property`` (the OpenGraph way) is trusted before ``name`` when both declare a key.
        raw_keys = attrs.get("property")
        target = by_property
        if not raw_keys:
            raw_keys = attrs.get("name") or attrs.get("http-equiv") or attrs.get("itemprop")
            target = by_name
        if not raw_keys:
            continue
        # Some pages put several keys in one attribute: property="og:title twitter:title".
        for raw_key in raw_keys.split():
            target.setdefault(normalize_key(raw_key), []).append(content)
    values = by_property
    for key, found in by_name.items():
        values.setdefault(key, []).extend(found)
    canonical = None
    author_links: list[str] = []
    for link in nodes.links:
        rels = (link.attributes.get("rel") or "").lower().split()
        href = clean_value(link.attributes.get("href"))
        if href is None:
            continue
        if "canonical" in rels and canonical is None:
            canonical = href
        elif "author" in rels:
            author_links.append(href)
    html_lang = None
    root = nodes.root
    if root is not None:
        html_lang = clean_value(root.attributes.get("lang") or root.attributes.get("xml:lang"))
    return MetaTags(
        values={key: tuple(found) for key, found in values.items()},
        canonical=canonical,
        html_lang=html_lang,
        author_links=tuple(author_links),
    )

"""DOM boilerplate rules: typed, immutable views of ``cleaners/data/dom_boilerplate.toml``.

Every rule carries the id written beside it in the data; the id goes into each ``Removed``
record the rule makes. The file is checked as it loads (:mod:`cleaners.ruledata`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any, cast, get_args

from cleaners import ruledata
from cleaners.html.element_rules import (
    GUARDS,
    Guard,
    Guarding,
    SelectorRule,
    TagRule,
    WordRule,
    class_id_tokens,
    whole_names,
)
from cleaners.html.names import selector_entries
from cleaners.model import PageType
from cleaners.ruledata import GroupedPatterns

__all__ = [
    "DomRules", "Guard", "Guarding", "SelectorRule", "TagRule", "WordRule", "class_id_tokens", "dom_rules", "load_dom_rules",
]

PAGE_TYPES: tuple[str, ...] = get_args(PageType)


@dataclass(frozen=True, slots=True)
class Limits:
    """Thresholds of the evidence guards; see the TOML file for their meaning."""

    audit_chars: int
    main_share: float
    small_share: float
    link_density: float
    prose_paragraphs: int
    prose_chars: int


@dataclass(frozen=True, slots=True)
class HiddenRules:
    """What hides a node from every reader: attributes (``selector``) or an inline style, unless
    the node is one a reader opens (``shown``: a tab's panel)."""

    id: str
    selector: str
    styles: re.Pattern[str]
    shown: str


@dataclass(frozen=True, slots=True)
class GalleryRules:
    """Where a picture gallery stands (class/id ``words``, ``selector``) and what its controls
    look like (a ``counter``, labels of at most ``label_chars`` and ``label_words``)."""

    control_id: str
    repeat_id: str
    words: frozenset[str]
    selector: str
    counter: re.Pattern[str]
    label_chars: int
    label_words: int
    # Any of the words within a lower-cased value, in one call (a token needs its letters there).
    word_scan: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class TeaserRules:
    """What a run of other articles' teasers looks like; see the TOML file for each value."""

    id: str
    min_items: int
    headline_min_chars: int
    headline_max_chars: int
    teaser_min_chars: int
    teaser_max_chars: int
    teaser_link_density: float
    unit_slack: int
    prose_chars: int


@dataclass(frozen=True, slots=True)
class LineRules:
    """When line breaks are a container's paragraph breaks; see the TOML file for each value."""

    min_chars: int
    min_page_share: float
    long_line_chars: int
    min_long_lines: int
    item_levels: int
    item_siblings: int


@dataclass(frozen=True, slots=True)
class ItemRunRules:
    """When a listing's repeated items are its content; see the TOML file for each value."""

    page_types: frozenset[str]
    min_items: int
    min_words: int
    max_selection_chars: int
    posts_page_types: frozenset[str]
    min_gain: float
    min_share: float


@dataclass(frozen=True, slots=True)
class DomRules:
    """Every DOM rule, plus the pre-filter selectors that keep matching in C."""

    limits: Limits
    silent_selector: str
    tag_rules: tuple[TagRule, ...]
    selector_rules: tuple[SelectorRule, ...]
    word_rules: tuple[WordRule, ...]
    all_words: frozenset[str]
    hidden: HiddenRules
    machine_text: GroupedPatterns
    gallery: GalleryRules
    teasers: TeaserRules
    lines: LineRules
    item_runs: ItemRunRules
    whole_page_types: frozenset[str]
    unpruned_page_types: frozenset[str]
    edge_text: GroupedPatterns
    edge_blocks: int
    edge_max_chars: int
    credit_text: GroupedPatterns
    credit_max_chars: int

    def rule_ids(self) -> Iterator[str]:
        """Every rule id of this data, in file order."""
        yield from (rule.id for rule in self.tag_rules)
        yield from (rule.id for rule in self.selector_rules)
        yield from (rule.id for rule in self.word_rules)
        yield self.hidden.id
        yield from self.machine_text.rule_ids()
        yield from (self.gallery.control_id, self.gallery.repeat_id)
        yield self.teasers.id
        yield from self.edge_text.rule_ids()
        yield from self.credit_text.rule_ids()

    def word_rule_for(self, class_and_id: str, page_type: str = "other") -> WordRule | None:
        """The first word rule for ``page_type`` that the class/id tokens (or whole class names
        and ids) trigger."""
        tokens = class_id_tokens(class_and_id)
        if tokens.isdisjoint(self.all_words):
            return None
        names = whole_names(class_and_id)
        for rule in self.word_rules:
            if rule.applies_to(page_type) and rule.matches(tokens, names):
                return rule
        return None


DOM_RULES_FILE = "dom_boilerplate.toml"
_REQUIRED = (
    "limits", "silent", "hidden", "machine_text",
    "gallery",
    "teaser_run",
    "card_run",
    "line_blocks",
    "item_runs",
    "whole_page",
    "link_pruning",
    "edge_text", "credit_text",
)
_TOP = ("tag_rule", "selector_rule", "word_rule", *_REQUIRED)
_LINE_TYPES: dict[str, type[int] | type[float]] = {
    "min_chars": int, "min_page_share": float, "long_line_chars": int, "min_long_lines": int, "item_levels": int,
    "item_siblings": int,
}
_ITEM_RUN_TYPES: dict[str, type[int] | type[float]] = {
    "min_items": int, "min_words": int, "max_selection_chars": int, "min_gain": float, "min_share": float,
}
_TEASER_TYPES: dict[str, type[int] | type[float]] = {
    "min_items": int, "headline_min_chars": int, "headline_max_chars": int, "teaser_min_chars": int,
    "teaser_max_chars": int, "teaser_link_density": float, "unit_slack": int, "prose_chars": int,
}
_GALLERY_KEYS = ("control_id", "repeat_id", "words", "selectors", "counter", "label_chars", "label_words")
_HIDDEN_KEYS = ("id", "selectors", "styles", "shown")
_GUARDING_KEYS = ("id", "kind", "guard", "keep_prose", "needs_links")
_LIMIT_TYPES: dict[str, type[int] | type[float]] = {
    "audit_chars": int, "main_share": float, "small_share": float, "link_density": float,
    "prose_paragraphs": int, "prose_chars": int,
}


def _guard(raw: dict[str, Any], file: str, where: str) -> Guarding:
    guard = raw.get("guard", "evidence")
    if guard not in GUARDS:
        raise ruledata.fail(file, where, f"unknown guard {guard!r} (expected one of: {', '.join(GUARDS)})")
    keep_prose = ruledata.number(raw.get("keep_prose", 0), file, f"{where}.keep_prose", int)
    needs_links = ruledata.flag(raw.get("needs_links", False), file, f"{where}.needs_links")
    return Guarding(cast(Guard, guard), keep_prose, needs_links)


def _rule_tables(raw: dict[str, Any], name: str, field: str, file: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each table of the array ``[[name]]``, checked, with where it stands (``word_rule #3``)."""
    extra = (field, "page_types", "whole_names") if name == "word_rule" else (field, "page_types")
    for number, item in enumerate(ruledata.tables(raw.get(name, []), file, name), start=1):
        named = isinstance(item, dict) and isinstance(item.get("id"), str)
        where = f"{name} #{number}" + (f" {item['id']!r}" if named else "")
        yield where, ruledata.table(item, file, where, allowed=(*_GUARDING_KEYS, *extra), required=("id", "kind", field))


def _joined_pattern(raw: Any, file: str, where: str) -> re.Pattern[str]:
    """A list of patterns as one case-insensitive alternation, each checked on its own first."""
    texts = ruledata.strings(raw, file, where)
    for text in texts:
        ruledata.pattern(text, file, where)
    return re.compile("|".join(f"(?:{text})" for text in texts) or "(?!)", re.IGNORECASE)


def _hidden(raw: Any, file: str) -> HiddenRules:
    hidden = ruledata.table(raw, file, "hidden", allowed=_HIDDEN_KEYS, required=_HIDDEN_KEYS)
    selectors = ruledata.strings(hidden["selectors"], file, "hidden.selectors")
    return HiddenRules(
        id=ruledata.rule_id(hidden["id"], file, "hidden"),
        selector=",".join(ruledata.selector(value, file, "hidden") for value in selectors),
        styles=_joined_pattern(hidden["styles"], file, "hidden.styles"),
        shown=",".join(ruledata.selector(value, file, "hidden") for value in ruledata.strings(hidden["shown"], file, "hidden.shown")),
    )


def _gallery(raw: Any, file: str) -> GalleryRules:
    gallery = ruledata.table(raw, file, "gallery", allowed=_GALLERY_KEYS, required=_GALLERY_KEYS)
    selectors = ruledata.strings(gallery["selectors"], file, "gallery.selectors")
    words = frozenset(word.lower() for word in ruledata.strings(gallery["words"], file, "gallery.words"))
    return GalleryRules(
        control_id=ruledata.rule_id(gallery["control_id"], file, "gallery.control_id"),
        repeat_id=ruledata.rule_id(gallery["repeat_id"], file, "gallery.repeat_id"),
        words=words,
        selector=",".join(ruledata.selector(value, file, "gallery.selectors") for value in selectors),
        counter=_joined_pattern(gallery["counter"], file, "gallery.counter"),
        label_chars=ruledata.number(gallery["label_chars"], file, "gallery.label_chars", int),
        label_words=ruledata.number(gallery["label_words"], file, "gallery.label_words", int),
        word_scan=re.compile("|".join(re.escape(word) for word in sorted(words)) or "(?!)"),
    )


def _teasers(raw: Any, file: str) -> TeaserRules:
    keys = ("id", *_TEASER_TYPES)
    teasers = ruledata.table(raw, file, "teaser_run", allowed=keys, required=keys)
    values = {key: ruledata.number(teasers[key], file, f"teaser_run.{key}", kind) for key, kind in _TEASER_TYPES.items()}
    return TeaserRules(id=ruledata.rule_id(teasers["id"], file, "teaser_run"), **values)


def _page_types(raw: Any, file: str, where: str) -> frozenset[str]:
    page_types = ruledata.strings(raw, file, where)
    unknown = set(page_types) - set(PAGE_TYPES)
    if unknown:
        raise ruledata.fail(file, where, f"unknown page type(s) {sorted(unknown)} (expected: {', '.join(PAGE_TYPES)})")
    return frozenset(page_types)


def _page_types_table(raw: Any, file: str, name: str, key: str) -> frozenset[str]:
    """A table holding one list of page types."""
    table = ruledata.table(raw, file, name, allowed=(key,), required=(key,))
    return _page_types(table[key], file, f"{name}.{key}")


def _item_runs(raw: Any, file: str) -> ItemRunRules:
    keys = ("page_types", "posts_page_types", *_ITEM_RUN_TYPES)
    runs = ruledata.table(raw, file, "item_runs", allowed=keys, required=keys)
    numbers = {key: ruledata.number(runs[key], file, f"item_runs.{key}", kind) for key, kind in _ITEM_RUN_TYPES.items()}
    return ItemRunRules(
        page_types=_page_types(runs["page_types"], file, "item_runs.page_types"),
        posts_page_types=_page_types(runs["posts_page_types"], file, "item_runs.posts_page_types"),
        **numbers,
    )


def _lines(raw: Any, file: str) -> LineRules:
    lines = ruledata.table(raw, file, "line_blocks", allowed=_LINE_TYPES, required=_LINE_TYPES)
    return LineRules(**{key: ruledata.number(lines[key], file, f"line_blocks.{key}", kind) for key, kind in _LINE_TYPES.items()})


_ElementRules = tuple[list[TagRule], list[SelectorRule], list[WordRule], list[tuple[str, str]]]


def _element_rules(raw: dict[str, Any], file: str) -> _ElementRules:
    """The three arrays of element rules, each rule checked, and each rule id with its place."""
    tag_rules: list[TagRule] = []
    selector_rules: list[SelectorRule] = []
    word_rules: list[WordRule] = []
    places: list[tuple[str, str]] = []
    for name, field in (("tag_rule", "tags"), ("selector_rule", "selectors"), ("word_rule", "words")):
        for where, item in _rule_tables(raw, name, field, file):
            rule_id = ruledata.rule_id(item["id"], file, where)
            places.append((rule_id, where))
            kind, guarding = ruledata.kind(item["kind"], file, where), _guard(item, file, where)
            values = ruledata.strings(item[field], file, f"{where}.{field}")
            page_types = _page_types(item.get("page_types", []), file, where)
            if name == "tag_rule":
                tag_rules.append(TagRule(rule_id, kind, guarding, frozenset(values), page_types=page_types))
            elif name == "selector_rule":
                selector = ",".join(ruledata.selector(value, file, where) for value in values)
                entries = selector_entries(selector)
                selector_rules.append(SelectorRule(rule_id, kind, guarding, selector, entries, page_types=page_types))
            else:
                whole_names = ruledata.flag(item.get("whole_names", False), file, f"{where}.whole_names")
                words = frozenset(w.lower() for w in values)
                word_rules.append(WordRule(rule_id, kind, guarding, words, whole_names, page_types=page_types))
    return tag_rules, selector_rules, word_rules, places


def load_dom_rules(text: str, file: str = DOM_RULES_FILE) -> DomRules:
    """Check and compile DOM rule data (the TOML text of ``dom_boilerplate.toml`` or a stand-in).

    Raises :class:`~cleaners.errors.RuleDataError` naming the file, table and bad value.
    """
    raw = ruledata.table(ruledata.parse(text, file), file, "", allowed=_TOP, required=_REQUIRED)
    limits_raw = ruledata.table(raw["limits"], file, "limits", allowed=_LIMIT_TYPES, required=_LIMIT_TYPES)
    limits = Limits(**{key: ruledata.number(value, file, f"limits.{key}", _LIMIT_TYPES[key])
                       for key, value in limits_raw.items()})
    tag_rules, selector_rules, word_rules, places = _element_rules(raw, file)
    all_words: set[str] = set()
    for rule in word_rules:
        all_words |= {word.rstrip("_") for word in rule.words}
    silent = ruledata.table(raw["silent"], file, "silent", allowed=("tags",), required=("tags",))
    machine = ruledata.table(raw["machine_text"], file, "machine_text", allowed=("patterns",), required=("patterns",))
    edge = ruledata.table(raw["edge_text"], file, "edge_text", allowed=("blocks", "max_chars", "patterns"),
                          required=("blocks", "max_chars", "patterns"))
    credit = ruledata.table(raw["credit_text"], file, "credit_text", allowed=("max_chars", "patterns"),
                            required=("max_chars", "patterns"))
    rules = DomRules(
        limits=limits,
        silent_selector=",".join(ruledata.strings(silent["tags"], file, "silent.tags")),
        tag_rules=tuple(tag_rules),
        selector_rules=tuple(selector_rules),
        word_rules=tuple(word_rules),
        all_words=frozenset(all_words),
        hidden=_hidden(raw["hidden"], file),
        machine_text=GroupedPatterns.build(machine["patterns"], file, "machine_text.patterns", "dom.machine_text"),
        gallery=_gallery(raw["gallery"], file),
        teasers=_teasers(raw["teaser_run"], file),
        lines=_lines(raw["line_blocks"], file),
        item_runs=_item_runs(raw["item_runs"], file),
        whole_page_types=_page_types_table(raw["whole_page"], file, "whole_page", "page_types"),
        unpruned_page_types=_page_types_table(raw["link_pruning"], file, "link_pruning", "off_page_types"),
        edge_text=GroupedPatterns.build(edge["patterns"], file, "edge_text.patterns", "edge_text"),
        edge_blocks=ruledata.number(edge["blocks"], file, "edge_text.blocks", int),
        edge_max_chars=ruledata.number(edge["max_chars"], file, "edge_text.max_chars", int),
        credit_text=GroupedPatterns.build(credit["patterns"], file, "credit_text.patterns", "credit_text"),
        credit_max_chars=ruledata.number(credit["max_chars"], file, "credit_text.max_chars", int),
    )
    places.append((rules.hidden.id, "hidden"))
    places.extend((rule_id, "machine_text.patterns") for rule_id in rules.machine_text.rule_ids())
    places.extend(((rules.gallery.control_id, "gallery.control_id"), (rules.gallery.repeat_id, "gallery.repeat_id")))
    places.append((rules.teasers.id, "teaser_run"))
    places.extend((rule_id, "edge_text.patterns") for rule_id in rules.edge_text.rule_ids())
    places.extend((rule_id, "credit_text.patterns") for rule_id in rules.credit_text.rule_ids())
    ruledata.unique_ids(places, file)
    return rules


@cache
def dom_rules() -> DomRules:
    """The shipped rules, loaded and checked once per process."""
    return load_dom_rules(ruledata.shipped(DOM_RULES_FILE))

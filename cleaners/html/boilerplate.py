"""DOM boilerplate removal: small rules, each with a kind, applied before content selection.

Every rule is matched on the intact tree first, so the evidence it weighs (text share, link
density, main-content markers) is not skewed by other removals; then the outermost marked
nodes are removed and recorded. Nothing here recurses in Python, so any depth of nesting is safe.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from selectolax.lexbor import LexborNode

from cleaners import provenance
from cleaners.boilerplate.captcha import is_math_captcha
from cleaners.html.cards import remove_card_runs
from cleaners.html.gallery import remove_gallery_debris
from cleaners.html.names import PageNames
from cleaners.html.rules import DomRules, Guarding, WordRule, dom_rules
from cleaners.html.teasers import remove_teaser_runs, site_host
from cleaners.html.text import fold, link_text_length
from cleaners.html.unseen import unseen_nodes
from cleaners.model import Removed, RemovedKind

_NEVER_REMOVED = frozenset({"html", "body", "head", "-document"})
# Markers of the main content: a node holding one of these is the article, not boilerplate.
_MAIN_MARKERS = "h1, main, [itemprop=articleBody i], [role=main]"
_INLINE = frozenset({
    "a", "span", "b", "i", "em", "strong", "small", "abbr", "cite", "code", "time", "mark", "q", "sub", "sup", "u",
    "font", "s", "del", "ins", "kbd", "var", "dfn", "bdi", "bdo",
})
_ALWAYS = Guarding("always")


@dataclass(frozen=True, slots=True)
class _Mark:
    node: LexborNode
    kind: RemovedKind
    rule: str


@dataclass(frozen=True, slots=True)
class _Evidence:
    """What the guards weigh, computed once per page."""

    rules: DomRules
    total_chars: int
    # Link-free teaser nodes: several make a list of them; a lone one is this article's own lead.
    unlinked: frozenset[int] = frozenset()
    # The page's declared description, folded: a node saying exactly it is the article's summary.
    description: str = ""

    def allows(self, node: LexborNode, guarding: Guarding) -> bool:
        guard = guarding.guard
        if guard == "always":
            return True
        limits = self.rules.limits
        text_len = len(node.text(strip=True))
        if text_len == 0:
            return True
        if guarding.needs_links and len(self.unlinked) < 2 and node.mem_id in self.unlinked:
            return False
        if self._says_description(node, text_len):
            return False
        share = text_len / max(self.total_chars, 1)
        # The evidence is weighed cheapest first; a question whose answer cannot change the verdict is not asked.
        if guard == "unless_main":
            # Most of a near-empty page (a script-rendered app's "enable JavaScript" note, its
            # cookie banner) is not thereby the content: the share counts from one paragraph up.
            main = share >= limits.main_share and text_len >= limits.prose_chars
            vetoed = guarding.keep_prose > 0 and self._is_prose(node, guarding.keep_prose)
            return not main and not _holds_main(node) and not vetoed
        if link_text_length(node) / text_len > limits.link_density:
            return not _holds_main(node)
        if guard == "links":
            return False
        return share < limits.small_share and not _holds_main(node) and not self._is_prose(node, guarding.keep_prose)

    def _says_description(self, node: LexborNode, text_len: int) -> bool:
        wanted = self.description
        close = bool(wanted) and abs(text_len - len(wanted)) <= 0.1 * len(wanted)
        return close and fold(node.text(separator=" ")) == wanted

    def _is_prose(self, node: LexborNode, wanted: int) -> bool:
        """Several long paragraphs with few links: article text, whatever the class says."""
        limits = self.rules.limits
        wanted = wanted or limits.prose_paragraphs
        found = 0
        for paragraph in node.css("p"):
            text_len = len(paragraph.text(strip=True))
            if text_len >= limits.prose_chars and link_text_length(paragraph) < 0.2 * text_len:
                found += 1
                if found >= wanted:
                    return True
        return False


def _holds_main(node: LexborNode) -> bool:
    return node.tag in ("main", "h1") or node.css_first(_MAIN_MARKERS) is not None


@dataclass(frozen=True, slots=True)
class _Candidate:
    """A node some rule matched, with the rule's kind, guard and id."""

    node: LexborNode
    kind: RemovedKind
    guarding: Guarding
    rule: str


def _candidates(root: LexborNode, rules: DomRules, page_type: str) -> Iterable[_Candidate]:
    """Every node some rule for ``page_type`` matches, rule by rule (the tree is only read)."""
    named = _named_nodes(root)
    names = PageNames.of([class_value for _, class_value, _ in named], [id_value for _, _, id_value in named])
    for unseen in unseen_nodes(root, rules):
        yield _Candidate(unseen.node, "hidden", unseen.guarding, unseen.rule)
    tag_rules = [rule for rule in rules.tag_rules if rule.applies_to(page_type)]
    # One walk finds every rule's tags (each CSS query walks the whole tree); each rule then
    # takes its own, still in document order.
    tagged = root.css(",".join(sorted({tag for rule in tag_rules for tag in rule.tags}))) if tag_rules else []
    for tag_rule in tag_rules:
        for node in tagged:
            if node.tag in tag_rule.tags:
                yield _Candidate(node, tag_rule.kind, tag_rule.guarding, tag_rule.id)
    for selector_rule in (rule for rule in rules.selector_rules if rule.applies_to(page_type)):
        selector = names.selector(selector_rule.entries, selector_rule.selector)
        if selector is None:
            continue  # the page writes none of the names it needs: the walk would find nothing
        for node in root.css(selector):
            yield _Candidate(node, selector_rule.kind, selector_rule.guarding, selector_rule.id)
    seen: dict[str, WordRule | None] = {}  # class/id values repeat across a page: tokenise each once
    for node, class_value, id_value in named:
        if node.tag in _INLINE:  # a class word on a link or a span inside a sentence says nothing
            continue
        value = f"{class_value} {id_value}"
        if value not in seen:
            seen[value] = rules.word_rule_for(value, page_type)
        word_rule = seen[value]
        if word_rule is not None and not _names_by_text_only(node, class_value, id_value, seen, rules, page_type):
            yield _Candidate(node, word_rule.kind, word_rule.guarding, word_rule.id)
    for node in root.css("input"):
        holder = node.parent
        if holder is None or holder.tag in _NEVER_REMOVED:
            continue
        # The field's own text is the question: "sept − trois =" beside an empty answer box.
        if is_math_captcha(holder.text(separator=" ", strip=True)):
            yield _Candidate(holder, "captcha", _ALWAYS, provenance.DOM_CAPTCHA)


def _named_nodes(root: LexborNode) -> list[tuple[LexborNode, str, str]]:
    """Every element with a class or an id, with both values ("" when absent), in document order."""
    named: list[tuple[LexborNode, str, str]] = []
    for node in root.css("[class], [id]:not([class])"):
        attrs = node.attributes
        named.append((node, attrs.get("class") or "", attrs.get("id") or ""))
    return named


# An id made of this many words or more may be a slug of the element's own heading.
_SLUG_MIN_WORDS = 4
_SLUG_TEXT_CHARS = 400
_SLUG_WORD = re.compile(r"[a-z]{3,}")


def _names_by_text_only(
    node: LexborNode, class_value: str, anchor: str, seen: dict[str, WordRule | None], rules: DomRules, page_type: str
) -> bool:
    """The rule word is only in an id that spells the element's own heading ("how-popular-are-
    meditation-and-mindfulness", an anchor for a table of contents): the words are the section's
    subject, not the element's role. ``seen``: the page's word rules by class/id value."""
    if not anchor:
        return False
    words = _SLUG_WORD.findall(anchor.lower())
    if len(words) < _SLUG_MIN_WORDS:
        return False
    if class_value not in seen:
        seen[class_value] = rules.word_rule_for(class_value, page_type)
    if seen[class_value] is not None:
        return False
    shown = set(_SLUG_WORD.findall(node.text(separator=" ")[:_SLUG_TEXT_CHARS].lower()))
    return sum(word in shown for word in words) >= 0.6 * len(words)


def strip_silent(root: LexborNode, rules: DomRules | None = None) -> None:
    """Drop scripts, styles, embedded objects and form controls: never text, never audited."""
    rules = rules or dom_rules()
    nodes = root.css(rules.silent_selector)
    for node in reversed(nodes):  # descendants before ancestors: no node is used after its free
        node.decompose()


def remove_dom_boilerplate(
    root: LexborNode,
    rules: DomRules | None = None,
    *,
    description: str | None = None,
    keep_kinds: frozenset[str] = frozenset(),
    page_type: str = "other",
    url: str | None = None,
    unabridged: list[Removed] | None = None,
) -> list[Removed]:
    """Remove boilerplate nodes under ``root`` in place; return the audit, in rule order.

    ``description``: the page's declared description; a node saying exactly it is the
    article's own summary, whatever its class says, and only a rule that needs no evidence
    removes it. ``keep_kinds``: kinds that are content on this page (a forum's posts are its
    comments), so their rules do not apply. ``page_type``: rules scoped to page types apply on
    pages of those types only (a product's reviews; "other" when the type is not sure). ``url``:
    the page's address, which tells the site's own links from others
    (:func:`~cleaners.html.teasers.remove_teaser_runs`). ``unabridged``: when given, receives each
    record with the node's whole text (the audit keeps ``audit_chars`` of it), for steps that must
    recognise removed text elsewhere.
    """
    rules = rules or dom_rules()
    site = site_host(root, url)  # before navigation, whose links say most about the site, goes
    # Before the hidden slides of a carousel go: the whole run of cards is one record.
    cards = remove_card_runs(root, page_type, unabridged)
    candidates = [candidate for candidate in _candidates(root, rules, page_type) if candidate.kind not in keep_kinds]
    unlinked = frozenset(
        found.node.mem_id for found in candidates if found.guarding.needs_links and link_text_length(found.node) == 0
    )
    evidence = _Evidence(
        rules, len(root.text(strip=True)), unlinked=unlinked, description=fold(description or "")
    )
    marks: dict[int, _Mark] = {}
    for found in candidates:
        node, kind = found.node, found.kind
        key = node.mem_id
        if node.tag in _NEVER_REMOVED:
            continue
        if key in marks:
            if _gives_way(marks[key].kind, kind):
                marks[key] = _Mark(node, kind, found.rule)
            continue
        if kind not in _PRECISE_KINDS and _holder_kind(node, marks) is not None:
            continue  # inside a node already marked: removed with it, and not audited apart
        if evidence.allows(node, found.guarding):
            marks[key] = _Mark(node, kind, found.rule)
    marks = _audited_marks(marks)
    # Nested marks are audited on their own (the captcha and the reply form inside a comment
    # section): removed innermost first, so a holder's record is only what is left of it.
    records: list[tuple[int, Removed]] = []
    for position, mark in reversed(_in_document_order(root, marks)):
        text = fold(mark.node.text(separator=" "))
        if text:
            records.append((position, Removed(kind=mark.kind, text=text[: rules.limits.audit_chars], rule=mark.rule)))
            if unabridged is not None:
                unabridged.append(Removed(kind=mark.kind, text=text, rule=mark.rule))
        mark.node.decompose()
    audit = [record for _, record in sorted(records, key=lambda item: item[0])]
    return cards + audit + remove_gallery_debris(root, rules) + remove_teaser_runs(root, rules, site)


# Kinds that only say where a node stood; a rule naming what it is (related, share ...) wins.
_GENERIC_KINDS = frozenset({"boilerplate", "aside"})
# Kinds precise enough to be audited apart from the boilerplate that holds them.
_PRECISE_KINDS = frozenset({"captcha", "comment_form", "cookie_notice", "newsletter", "share", "advertisement", "paywall"})
# Kinds that are one widget: the parts of a consent dialog (its "banner", its preference centre)
# carry class words of other kinds, but are the dialog; they are removed and recorded with it.
_WHOLE_WIDGET_KINDS = frozenset({"cookie_notice"})
_ANCESTOR_WALK = 64


def _gives_way(marked: RemovedKind, other: RemovedKind) -> bool:
    """Whether a node's mark yields to another rule's: a generic mark (a dialog, an aside) to a
    rule that names what the node is, a hidden one to a precise widget (a hidden consent dialog)."""
    if marked in _GENERIC_KINDS:
        return other not in _GENERIC_KINDS
    return marked == "hidden" and other in _PRECISE_KINDS


def _holder_kind(node: LexborNode, marks: dict[int, _Mark]) -> RemovedKind | None:
    """The kind of the nearest marked ancestor (within a bounded walk), if any."""
    current = node.parent
    for _ in range(_ANCESTOR_WALK):
        if current is None:
            return None
        mark = marks.get(current.mem_id)
        if mark is not None:
            return mark.kind
        current = current.parent
    return None


def _inside_whole_widget(node: LexborNode, marks: dict[int, _Mark]) -> bool:
    """Whether a marked ancestor (within a bounded walk) is a widget removed as one piece."""
    current = node.parent
    for _ in range(_ANCESTOR_WALK):
        if current is None:
            return False
        mark = marks.get(current.mem_id)
        if mark is not None and mark.kind in _WHOLE_WIDGET_KINDS:
            return True
        current = current.parent
    return False


def _audited_marks(marks: dict[int, _Mark]) -> dict[int, _Mark]:
    """Outermost marks, plus nested ones of a precise kind other than their holder's (unless the
    holder is a widget removed whole)."""
    kept: dict[int, _Mark] = {}
    for key, mark in marks.items():
        holder = _holder_kind(mark.node, marks)
        if holder is None or (
            mark.kind in _PRECISE_KINDS and mark.kind != holder and not _inside_whole_widget(mark.node, marks)
        ):
            kept[key] = mark
    return kept


def _in_document_order(root: LexborNode, marks: dict[int, _Mark]) -> list[tuple[int, _Mark]]:
    """Marks with their position in the document (an ancestor always before its descendants)."""
    if len(marks) <= 1:
        return list(enumerate(marks.values()))
    found = (marks.get(node.mem_id) for node in root.traverse(include_text=False))
    return list(enumerate(mark for mark in found if mark is not None))

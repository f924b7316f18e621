"""What a page's structure says about its type, as numbers for the page-type model.

Read once from the parsed page before any boilerplate is removed (navigation, sidebars and
product forms are evidence here): the schema.org and og:type declarations, the URL's path words,
element counts, class-name words, link density, and repeated class names (cards, posts).
"""

from __future__ import annotations

import math
import re
import tomllib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from cleaners.errors import ExtractionError

GROUP_TABLES = ("structured", "og_type", "url_words", "class_words")
# Counted in the markup as served (scripts and buttons included).
COUNTED_TAGS = ("p", "h2", "h3", "h4", "pre", "code", "table", "li", "a", "img", "form", "input", "label",
                "article", "section", "time", "nav", "aside", "header", "footer", "blockquote", "dl", "span", "div",
                "button", "svg", "select", "iframe", "video", "script", "picture", "figure", "strong", "ul")
_PATH_WORD = re.compile(r"[a-z0-9]+")
_PRICE = re.compile(r"[$€£¥]\s?\d")
_YEAR = re.compile(r"^(?:19|20)\d\d$")
# Repeated siblings: a parent with at least this many children of one tag and class is a list.
MIN_REPEATS = 4
# A paragraph of this many words is prose (an article's), not a card's or a feature's blurb.
LONG_PARAGRAPH_WORDS = 40
_OPEN_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)[\s/>]")
# Class names only (ids rarely carry the words); a literal start keeps the scan fast.
_CLASS_VALUE = re.compile(r"""class=["']([^"'<>]{1,500})""")
# Class and id words, split at punctuation and digits; a plural "s" is its own list entry.
_CLASS_WORD = re.compile(r"[a-z]+")


@dataclass(frozen=True, slots=True)
class PageTypeWords:
    """The word groups of ``cleaners/data/page_type.toml``, per table."""

    tables: dict[str, dict[str, frozenset[str]]]
    # Every class word of any group, once: the words a page's class values are split for.
    class_words: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "class_words", frozenset().union(*self.tables.get("class_words", {}).values()))


def parse_page_type_words(text: str, name: str = "page_type.toml") -> PageTypeWords:
    """Read and check the word groups; an unknown table or a non-list group is an error at load."""
    raw = tomllib.loads(text)
    unknown = set(raw) - set(GROUP_TABLES)
    if unknown:
        raise ExtractionError(f"{name}: unknown table(s) {sorted(unknown)}; expected {list(GROUP_TABLES)}")
    tables: dict[str, dict[str, frozenset[str]]] = {}
    for table in GROUP_TABLES:
        groups = raw.get(table, {})
        for group, words in groups.items():
            if not isinstance(words, list) or not all(isinstance(word, str) for word in words):
                raise ExtractionError(f"{name}: [{table}] {group} must be a list of strings")
        lowered = table != "structured"
        tables[table] = {
            group: frozenset(word.lower() if lowered else word for word in words) for group, words in groups.items()
        }
    return PageTypeWords(tables)


@cache
def page_type_words() -> PageTypeWords:
    text = resources.files("cleaners.data").joinpath("page_type.toml").read_text(encoding="utf-8")
    return parse_page_type_words(text)


def _log(value: float) -> float:
    return math.log1p(value)


def _group_counts(prefix: str, groups: dict[str, frozenset[str]], counts: Counter[str]) -> dict[str, float]:
    # Only the words the page holds are summed: most of each group's words are absent.
    return {f"{prefix}.{group}": _log(sum(counts[word] for word in counts.keys() & words)) for group, words in groups.items()}


def _url_features(url: str | None, groups: dict[str, frozenset[str]]) -> dict[str, float]:
    path = urlsplit(url).path.lower() if url else ""
    segments = [segment for segment in path.split("/") if segment]
    words = _PATH_WORD.findall(path)
    last = segments[-1] if segments else ""
    features = _group_counts("url", groups, Counter(words))
    features.update({
        "url.known": 1.0 if url else 0.0,
        "url.root": 1.0 if url and not segments else 0.0,
        "url.depth": _log(len(segments)),
        "url.year": 1.0 if any(_YEAR.match(word) for word in words) else 0.0,
        "url.number": 1.0 if any(word.isdigit() and len(word) >= 4 and not _YEAR.match(word) for word in words) else 0.0,
        "url.slug_words": _log(len(_PATH_WORD.findall(last))),
        "url.html": 1.0 if last.endswith((".html", ".htm", ".php", ".aspx")) else 0.0,
        "url.query": 1.0 if url and urlsplit(url).query else 0.0,
    })
    return features


def _repeats(value_counts: Counter[str]) -> tuple[int, int, int]:
    """(classes repeated, most repeats, repeated elements): class values that MIN_REPEATS or more
    elements share are the page's repeated items (cards, teasers, posts, results, menu entries)."""
    counts = [count for count in value_counts.values() if count >= MIN_REPEATS]
    return len(counts), max(counts, default=0), sum(counts)


def _class_word_counts(value_counts: Counter[str], wanted: frozenset[str]) -> Counter[str]:
    """How often each ``wanted`` word stands in the page's class values. A page repeats its
    class values (a card's markup, a menu's items): each distinct value is split once."""
    counts: Counter[str] = Counter()
    for value, times in value_counts.items():
        for word in _CLASS_WORD.findall(value.lower()):
            if word in wanted:
                counts[word] += times
    return counts


def _words_in(nodes: Iterable[LexborNode]) -> int:
    return sum(len(node.text(separator=" ").split()) for node in nodes)


def page_features(
    html: str,
    tree: LexborHTMLParser,
    root: LexborNode,
    *,
    url: str | None,
    jsonld_types: Iterable[str],
    og_type: str | None,
    has_author: bool = False,
    has_date: bool = False,
) -> dict[str, float]:
    """The features of the page ``html``, parsed as ``tree`` with its silent tags (scripts, buttons
    ...) already gone from ``root``, by name (see the module docstring).

    Element counts and class-name words are read from the markup with one pattern each, which is
    many times cheaper than visiting every element from Python.
    """
    known = page_type_words()
    words = known.tables
    microdata = [
        (node.attributes.get("itemtype") or "").rstrip("/").rsplit("/", 1)[-1] for node in tree.css("[itemtype]")
    ]
    features = _group_counts("type", words["structured"], Counter([*jsonld_types, *microdata]))
    features.update(_group_counts("og", words["og_type"], Counter([og_type.lower()] if og_type else [])))
    features.update(_url_features(url, words["url_words"]))
    tags: Counter[str] = Counter()
    for tag, count in Counter(_OPEN_TAG.findall(html)).items():  # lower-cased once per spelling
        tags[tag.lower()] += count
    features.update({f"tag.{tag}": _log(tags[tag]) for tag in COUNTED_TAGS})
    features["h1.count"] = _log(tags["h1"])
    class_values = Counter(_CLASS_VALUE.findall(html))
    counts = _class_word_counts(class_values, known.class_words)
    features.update(_group_counts("class", words["class_words"], counts))
    text = root.text(separator=" ")
    all_words = len(text.split())
    link_words = _words_in(root.css("a"))
    paragraph_words = [len(node.text(separator=" ").split()) for node in root.css("p")]
    p_words = sum(paragraph_words)
    long_paragraphs = sum(1 for words in paragraph_words if words >= LONG_PARAGRAPH_WORDS)
    lists, largest, items = _repeats(class_values)
    linked_headings = len(root.css("h2 a[href], h3 a[href], h4 a[href]"))
    heading_words = _words_in(root.css("h2, h3, h4"))
    paragraphs = tags["p"]
    features.update({
        "heading.linked": _log(linked_headings),
        "heading.linked_share": linked_headings / (tags["h2"] + tags["h3"] + tags["h4"] or 1),
        "heading.word_share": heading_words / all_words if all_words else 0.0,
        "text.p_mean_words": _log(p_words / paragraphs) if paragraphs else 0.0,
        "text.long_paragraphs": _log(long_paragraphs),
        "meta.author": 1.0 if has_author else 0.0,
        "meta.date": 1.0 if has_date else 0.0,
        "text.words": _log(all_words),
        "text.link_share": link_words / all_words if all_words else 0.0,
        "text.p_words": _log(p_words),
        "text.p_share": p_words / all_words if all_words else 0.0,
        "text.prices": _log(len(_PRICE.findall(text))),
        "repeat.lists": _log(lists),
        "repeat.largest": _log(largest),
        "repeat.items": _log(items),
    })
    return features

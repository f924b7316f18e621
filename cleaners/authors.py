"""Clean author bylines into a list of names: no "By", no dates, no roles, no contact links.

The word lists (byline prefixes, joiners, roles, month names ...) live in ``cleaners/data/authors.toml``.
A byline is cleaned in three steps: remove what is never part of a name (addresses, handles, dates
and times, which also split the byline), cut it into names at joiners ("and", "et", "und", commas),
then trim each name (prefixes, roles, "Updated ...", stray punctuation) and drop what is not a name.
"""

from __future__ import annotations

import html
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

_EMAIL = re.compile(r"\S+@\S+\.\S+|\S+\s?[\[(](?:at|@)[\])]\s?\S+", re.IGNORECASE)
_MARKUP = re.compile(r"<[^>]*>?|^[^<]*>")
_NUMBER_TOKEN = re.compile(r"(?<!\S)\d+(?!\S)")
_URL = re.compile(r"https?://\S+|www\.\S+")
_HANDLE = re.compile(r"(?<![\w.])@\w+")
_EMPTY_BRACKETS = re.compile(r"\(\s*\)|\[\s*\]")
_EDGE_PUNCT = re.compile(r"^[\s,;:|/•·»«›‹\-–—()\[\]]+|[\s,;:|/•·»«›‹\-–—()\[\]]+$")
_UNBALANCED = re.compile(r"^\(([^()]*)$|^([^()]*)\)$")
_SPACE = re.compile(r"\s+")
_DOMAIN = re.compile(r"^[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}$", re.IGNORECASE)
_LAST_FIRST = re.compile(r"^\s*([^\W\d_][\w'’-]*),\s*([^\W\d_][\w.'’-]*(?:\s+[\w.'’-]+){0,2})\s*$")
MAX_NAME_WORDS = 6
DATE_SEPARATOR = " | "


@dataclass(frozen=True, slots=True)
class AuthorWords:
    """The byline word lists from ``cleaners/data/authors.toml``, compiled."""

    prefix: re.Pattern[str]
    credit: re.Pattern[str]
    joiner: re.Pattern[str]
    leading_joiner: re.Pattern[str]
    group_opener: re.Pattern[str]
    role: re.Pattern[str]
    stop: re.Pattern[str]
    date: re.Pattern[str]
    not_names: frozenset[str]
    fillers: frozenset[str]


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(word) for word in sorted(set(words), key=len, reverse=True))


def _date_pattern(months: list[str]) -> re.Pattern[str]:
    """Dates and times in the forms bylines use, with the month names of the covered languages."""
    month = rf"(?:{_alternation(months)})\.?"
    day = r"(?<!\d)\d{1,2}(?:st|nd|rd|th|er|\.)?"
    time = r"\d{1,2}[:h.]\d{2}(?::\d{2})?(?:\s*[ap]\.?\s?m\.?)?(?:\s+[A-Z]{2,5}\b)?(?:\s*uhr\b)?"
    return re.compile(
        rf"(?:\d{{1,4}}[./-]\d{{1,2}}[./-]\d{{1,4}}"
        rf"|\b{month}\s+{day},?(?:\s+\d{{4}})?"
        rf"|{day}\s*(?:de\s+)?{month}(?:,?\s*(?:de\s+)?\d{{4}})?"
        rf"|{time}"
        rf"|\b(?:19|20)\d{{2}}\d*)",
        re.IGNORECASE,
    )


@cache
def author_words() -> AuthorWords:
    raw = tomllib.loads(resources.files("cleaners.data").joinpath("authors.toml").read_text("utf-8"))
    return AuthorWords(
        prefix=re.compile(rf"^\s*(?:{_alternation(raw['prefixes'])})\s*[:\-–—]?(?:\s+|$)", re.IGNORECASE),
        credit=re.compile(rf"^\s*(?:{_alternation(raw['credits'])})\b", re.IGNORECASE),
        # A dash between spaces separates names ("Anna Roth - Ben Kurz"); inside a name it has none.
        joiner=re.compile(
            rf"\s*(?:,|;|\||/|•|·|\s[-–—]\s|\s(?:{_alternation(raw['joiners'])})\s)\s*", re.IGNORECASE
        ),
        leading_joiner=re.compile(rf"^(?:{_alternation(raw['joiners'])})\s+", re.IGNORECASE),
        group_opener=re.compile(rf"\(\s*(?:{_alternation(raw['joiners'])})\s+", re.IGNORECASE),
        role=re.compile(rf"(?:^|[\s,|–—-])(?:{_alternation(raw['roles'])})\b.*$", re.IGNORECASE),
        stop=re.compile(rf"(?:^|\s)(?:{_alternation(raw['stops'])})\b.*$", re.IGNORECASE),
        date=_date_pattern(raw["months"]),
        not_names=frozenset(word.casefold() for word in raw["not_names"]),
        fillers=frozenset(word.casefold() for word in raw["fillers"]),
    )


def strip_byline_prefix(text: str) -> str:
    """``By Jane Doe`` → ``Jane Doe``; repeated for ``By: Text by Jane``."""
    words = author_words()
    previous = None
    while previous != text:
        previous = text
        text = words.prefix.sub("", text, count=1)
    return text


def is_byline_label(text: str) -> bool:
    """Whether ``text`` is a byline word and nothing else ("Written by", "Auteur :")."""
    return strip_byline_prefix(f"{text} x").strip() == "x"


def _prepare(piece: str) -> str:
    """Remove what is never part of a name; dates and times become separators."""
    words = author_words()
    if "&" in piece:
        piece = html.unescape(piece)
    if "<" in piece or ">" in piece:  # markup left in an attribute: '<a href="/x">Jane Doe</a>'
        piece = _MARKUP.sub(" ", piece)
    piece = _HANDLE.sub(" ", _URL.sub(" ", _EMAIL.sub(" ", piece)))
    piece = _EMPTY_BRACKETS.sub(" ", piece)
    # "Martin Untersinger (avec Damien Leloup et Morgane Tual)": a bracketed group of co-authors.
    piece = words.group_opener.sub(", ", piece)
    piece = words.date.sub(DATE_SEPARATOR, piece)
    return _SPACE.sub(" ", piece).strip()


def _reorder_last_first(piece: str) -> str:
    """``Doe, Jane`` (one surname, a comma, given names) → ``Jane Doe``; anything else unchanged."""
    match = _LAST_FIRST.match(piece)
    if not match or match[1].isupper() or match[2].isupper():
        return piece
    words = author_words()
    given = match[2]
    if given.casefold() in words.not_names or words.role.match(" " + given):
        return piece
    return f"{given} {match[1]}"


def _trim_tokens(name: str, fillers: frozenset[str]) -> str:
    """Drop bare numbers, trailing filler words ("Bo Lind am") and a doubled name ("Ann Lee Ann Lee")."""
    tokens = _NUMBER_TOKEN.sub(" ", name).split()
    while len(tokens) > 1 and tokens[-1].casefold() in fillers:
        tokens.pop()
    half = len(tokens) // 2
    if half and len(tokens) % 2 == 0 and tokens[:half] == tokens[half:]:
        tokens = tokens[:half]
    return " ".join(tokens)


def _clean_one(name: str) -> str | None:
    words = author_words()
    name = strip_byline_prefix(words.leading_joiner.sub("", _SPACE.sub(" ", name).strip()))
    if name.casefold() in words.not_names or words.credit.match(_EDGE_PUNCT.sub("", name)):
        return None
    name = words.stop.sub("", name)
    name = words.role.sub("", name)
    name = _trim_tokens(_EDGE_PUNCT.sub("", name), words.fillers)
    name = _EDGE_PUNCT.sub("", name).strip()
    unbalanced = _UNBALANCED.match(name)
    if unbalanced:
        name = (unbalanced[1] or unbalanced[2] or "").strip()
    if not name or name.casefold() in words.not_names or _DOMAIN.match(name):
        return None
    tokens = name.split()
    if len(tokens) > MAX_NAME_WORDS or not any(char.isalpha() for char in name):
        return None
    if all(token.casefold() in words.fillers for token in tokens):
        return None
    return name


def _balanced(name: str | None) -> str | None:
    """A name cut inside brackets ("Jane (jdoe") loses the unclosed part."""
    if name and name.count("(") > name.count(")"):
        name = name[: name.rfind("(")].strip(" -–—,") or None
    return name


def clean_authors(raw: str | list[str]) -> list[str]:
    """Split and clean one byline or a list of names, keeping order and dropping repeats."""
    pieces = [raw] if isinstance(raw, str) else list(raw)
    names: list[str] = []
    seen: set[str] = set()
    for piece in pieces:
        if author_words().credit.match(piece):
            continue  # "Photo: Jane Doe", "Source: Reuters" credit a picture or a source, not the text
        piece = strip_byline_prefix(_prepare(piece))
        piece = _reorder_last_first(piece)
        parts = author_words().joiner.split(piece)
        if any(len(part.strip()) < 2 for part in parts):
            parts = [piece]  # "Mac & i", "AT&T Labs": one name with a joiner inside, not several
        for part in parts:
            name = _balanced(_clean_one(part))
            if name and name.casefold() not in seen:
                seen.add(name.casefold())
                names.append(name)
    return names

"""Clean author bylines into a list of names: no "By", no dates, no roles, no contact links."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

_DATE_LIKE = re.compile(
    r"\b(\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\d{1,2}:\d{2}|\d{4}|"
    r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2})\b.*$",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"\S+@\S+\.\S+")
_URL = re.compile(r"https?://\S+|www\.\S+")
_HANDLE = re.compile(r"(^|\s)@\w+")
_EDGE_PUNCT = re.compile(r"^[\s,;:|/•·\-–—()\[\]]+|[\s,;:|/•·\-–—()\[\]]+$")
_SPACE = re.compile(r"\s+")
MAX_NAME_WORDS = 6


@dataclass(frozen=True, slots=True)
class AuthorWords:
    """The byline word lists from ``cleaners/data/authors.toml``, compiled."""

    prefix: re.Pattern[str]
    joiner: re.Pattern[str]
    role: re.Pattern[str]
    not_names: frozenset[str]


@cache
def author_words() -> AuthorWords:
    raw = tomllib.loads(resources.files("cleaners.data").joinpath("authors.toml").read_text("utf-8"))

    def alternation(words: list[str]) -> str:
        return "|".join(re.escape(word) for word in sorted(set(words), key=len, reverse=True))

    return AuthorWords(
        prefix=re.compile(rf"^\s*(?:{alternation(raw['prefixes'])})\s*[:\-–—]?\s+", re.IGNORECASE),
        joiner=re.compile(rf"\s*(?:,|;|\||/|\s(?:{alternation(raw['joiners'])})\s)\s*", re.IGNORECASE),
        role=re.compile(rf"(?:^|[\s,|–—-])(?:{alternation(raw['roles'])})\b.*$", re.IGNORECASE),
        not_names=frozenset(word.casefold() for word in raw["not_names"]),
    )


def strip_byline_prefix(text: str) -> str:
    """``By Jane Doe`` → ``Jane Doe``; repeated for ``By: Text by Jane``."""
    words = author_words()
    previous = None
    while previous != text:
        previous = text
        text = words.prefix.sub("", text, count=1)
    return text


def _clean_one(name: str) -> str | None:
    words = author_words()
    name = _SPACE.sub(" ", name).strip()
    name = _URL.sub("", _EMAIL.sub("", name))
    name = _HANDLE.sub(" ", name)
    name = strip_byline_prefix(name)
    if name.casefold() in words.not_names:
        return None
    name = _DATE_LIKE.sub("", name)
    name = words.role.sub("", name)
    name = _EDGE_PUNCT.sub("", name).strip()
    if not name or name.casefold() in words.not_names:
        return None
    if len(name.split()) > MAX_NAME_WORDS or not any(char.isalpha() for char in name):
        return None
    return name


def clean_authors(raw: str | list[str]) -> list[str]:
    """Split and clean one byline or a list of names, keeping order and dropping repeats."""
    pieces = [raw] if isinstance(raw, str) else list(raw)
    names: list[str] = []
    seen: set[str] = set()
    for piece in pieces:
        # Addresses go first: their slashes and dots would otherwise be split into "names".
        piece = _HANDLE.sub(" ", _URL.sub(" ", _EMAIL.sub(" ", piece)))
        piece = strip_byline_prefix(_SPACE.sub(" ", piece).strip())
        for part in author_words().joiner.split(piece):
            name = _clean_one(part)
            if name and name.casefold() not in seen:
                seen.add(name.casefold())
                names.append(name)
    return names

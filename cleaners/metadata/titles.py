"""Choose the page title and remove a site name glued to it (``Title | Site``, ``Site - Title``).

A part is removed only on evidence: it matches a declared site name (og:site_name, application-name,
JSON-LD publisher or WebSite, the URL's host). The ``<title>`` element, which by convention carries
the site name, also loses parts when what remains matches an ``<h1>``, and else loses its last part
when a long enough title (``min_words_without_evidence``) remains. Never a list of known sites.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from urllib.parse import urlsplit

from courlan.urlutils import extract_domain

from cleaners.fingerprint import CJK_CHARACTERS
from cleaners.metadata.rules import MetadataRules

_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)
MIN_SITE_KEY_CHARS = 4
MAX_SUFFIX_PARTS = 3
MAX_EXTRA_SITE_CHARS = 4


@dataclass(frozen=True, slots=True)
class TitleChoice:
    """The cleaned title, the title as the page declared it, and where it came from."""

    title: str | None
    declared: str | None
    source: str | None


def match_key(text: str) -> str:
    """Letters and digits only, case-folded: ``"The Washington Post"`` → ``"thewashingtonpost"``."""
    return _NOT_WORD.sub("", text.casefold())


def host_key(url: str | None) -> str | None:
    """``https://news.example.co.uk/x`` → ``"example"``: the registered name, to match a site name.

    courlan finds the registered domain with the public suffix list (``co.uk``, ``com.br`` ...).
    """
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:  # an address that does not parse names no site
        return None
    return _registered_name(host) if host else None


@lru_cache(maxsize=4096)
def _registered_name(host: str) -> str | None:
    """The registered name of ``host`` (courlan reads the public suffix list: about 2 ms a call)."""
    try:
        domain = extract_domain(f"http://{host}/")
    except ValueError:
        return None
    if not isinstance(domain, str) or "." not in domain:
        return None
    return match_key(domain.split(".", 1)[0]) or None


#: Longest part after a separator written without spaces: a site or section name ("新华网",
#: "教育频道", "日本経済新聞"); a longer one is the rest of the headline.
MAX_TIGHT_PART_CHARS = 10
_CJK_CHARACTER = re.compile(f"[{CJK_CHARACTERS}]")


@cache
def _separator_pattern(separators: tuple[str, ...], cjk_separators: tuple[str, ...] = ()) -> re.Pattern[str]:
    """A separator stands between spaces: "Covid-19" and "Spain-Portugal" are never cut. Next to
    a Chinese or Japanese character, the CJK separators need none ("新阶段_新华网")."""
    spaced = rf"\s+(?:{'|'.join(re.escape(sep) for sep in separators)})\s+"
    if not cjk_separators:
        return re.compile(spaced)
    tight = "|".join(re.escape(sep) for sep in cjk_separators)
    return re.compile(rf"{spaced}|(?P<tight>(?<=[{CJK_CHARACTERS}])\s*(?:{tight})\s*|\s*(?:{tight})\s*(?=[{CJK_CHARACTERS}]))")


def _site_tail(match: re.Match[str], after: re.Match[str] | None, end: int) -> bool:
    """Whether a separator written without spaces starts the tail of sites and sections that CJK
    titles chain the same way ("标题_教育频道_中国青年网"): a short part that ends the title or is
    followed by another such separator."""
    stop = after.start() if after is not None else end
    chained = after is None or bool(after.groupdict().get("tight"))
    return stop - match.end() <= MAX_TIGHT_PART_CHARS and chained


@dataclass(frozen=True, slots=True)
class TitleParts:
    """A title cut at its separators; ``join(i, j)`` gives parts i..j back with their separators."""

    title: str
    spans: tuple[tuple[int, int], ...]

    @classmethod
    def split(cls, title: str, rules: MetadataRules, names: Iterable[str] = ()) -> TitleParts:
        """``names`` (site names, logo headings) are never cut where they hold a CJK separator."""
        spans: list[tuple[int, int]] = []
        start = 0
        matches = list(_separator_pattern(rules.title_separators, rules.title_separators_cjk).finditer(title))
        kept = [(m.start(), m.start() + len(name)) for name in names if name for m in re.finditer(re.escape(name), title)]
        for index, match in enumerate(matches):
            after = matches[index + 1] if index + 1 < len(matches) else None
            if match.groupdict().get("tight") and (
                not _site_tail(match, after, len(title)) or any(a <= match.start() and match.end() <= b for a, b in kept)
            ):
                continue  # "新竹尖石_美樹營地賞楓 (2) @ 史蒂文的家_藍天": inside a headline or a name
            spans.append((start, match.start()))
            start = match.end()
        spans.append((start, len(title)))
        return cls(title, tuple(spans))

    def __len__(self) -> int:
        return len(self.spans)

    def part(self, index: int) -> str:
        start, end = self.spans[index]
        return self.title[start:end]

    def join(self, first: int, last: int) -> str:
        return self.title[self.spans[first][0] : self.spans[last][1]].strip()


def is_site(part: str, site_keys: frozenset[str]) -> bool:
    """Whether a title part names the site: equal, a short form of it ("Aktuálně.cz" for "Aktuálně.cz -
    Víte, co se právě děje"), or the site name with a few more letters ("The Washington Post",
    "Example.com"). Not with a word of its own after the name: "Cloudflare CDN" names a product."""
    key = match_key(part)
    if not key:
        return False
    for site in site_keys:
        if key == site:
            return True
        if len(key) < len(site):
            if len(key) >= MIN_SITE_KEY_CHARS and (site.startswith(key) or site.endswith(key)):
                return True
        elif (
            len(site) >= MIN_SITE_KEY_CHARS
            and len(key) - len(site) <= MAX_EXTRA_SITE_CHARS
            and (key.endswith(site) or (key.startswith(site) and not _word_after(part, site)))
        ):
            return True
    return False


def _word_after(part: str, site: str) -> bool:
    """Whether ``part`` goes on after the letters of ``site`` with a space: "Cloudflare CDN", not
    "Cloudflare.com"."""
    for end in range(len(part) + 1):
        if match_key(part[:end]) == site:
            return part[end:end + 1].isspace()
    return False


def _words(text: str) -> int:
    """Words separated by spaces; each Chinese or Japanese character counts as one."""
    return len(text.split()) + len(_CJK_CHARACTER.findall(text))


def remove_site_name(
    title: str,
    rules: MetadataRules,
    *,
    site_names: list[str],
    url: str | None,
    headings: tuple[str, ...],
    from_title_element: bool,
) -> str:
    """Remove a site-name prefix or suffix from ``title`` when the page gives evidence for it."""
    parts = TitleParts.split(title, rules, [*site_names, *headings])
    if len(parts) < 2 or not all(match_key(parts.part(index)) for index in range(len(parts))):
        return title
    site_keys = frozenset(key for key in (match_key(name) for name in site_names) if key)
    host = host_key(url)
    if host:
        site_keys |= {host}
    last = len(parts) - 1
    # Suffix: "Title | Section | Site" (the site part may be followed by a date or section).
    for index in range(last, max(0, last - MAX_SUFFIX_PARTS), -1):
        if is_site(parts.part(index), site_keys):
            return parts.join(0, index - 1)
    if is_site(parts.part(0), site_keys):
        return parts.join(1, last)
    if not from_title_element:
        # A declared title (og:title ...) keeps parts that are not the site: "Title | Columnist".
        return title
    # An <h1> that equals the leading (or trailing) parts is the title without the site name.
    heading_keys = {match_key(heading) for heading in headings if heading}
    for end in range(last - 1, -1, -1):
        if match_key(parts.join(0, end)) in heading_keys:
            return parts.join(0, end)
    for start in range(1, last + 1):
        if match_key(parts.join(start, last)) in heading_keys:
            return parts.join(start, last)
    return _strip_without_evidence(title, rules, [*site_names, *headings])


def _strip_without_evidence(title: str, rules: MetadataRules, names: list[str]) -> str:
    """``<title>`` only: drop the last part, else the first, when a long enough title remains."""
    parts = TitleParts.split(title, rules, names)
    if len(parts) < 2:
        return title
    without_last = parts.join(0, len(parts) - 2)
    if _words(without_last) >= rules.min_words_without_evidence:
        return without_last
    without_first = parts.join(1, len(parts) - 1)
    if _words(without_first) >= rules.min_words_without_evidence:
        return without_first
    return title


def jsonld_title(headline: str | None, name: str | None, evidence: list[str | None]) -> str | None:
    """``headline`` or ``name`` of the JSON-LD article, whichever the page's other titles confirm.

    Some sites put the site name in ``name`` and others a short description in ``headline``; when
    both exist and differ, the one found in ``<title>``, og:title or an ``<h1>`` wins (headline first).
    """
    if not headline or not name or headline == name:
        return headline or name
    keys = [match_key(text) for text in evidence if text]
    for candidate in (headline, name):
        key = match_key(candidate)
        if key and any(key in other for other in keys):
            return candidate
    return headline


def product_name(title: str | None, rules: MetadataRules) -> str | None:
    """A product page's title up to a dash that sets a short variant, size, pack or brand after the
    name ("Relax Gummies - (30ct) 300mg" → "Relax Gummies"); a one-word head is a brand before the
    name ("Acme - Surface Laptop"), and a long tail a second name."""
    if not title:
        return title
    pattern = rf"\s+(?:{'|'.join(re.escape(dash) for dash in rules.dashes)})\s+"
    head, *tail = re.split(pattern, title, maxsplit=1)
    if not tail or len(head.split()) < 2 or len(tail[0].split()) > rules.product_variant_max_words:
        return title
    return head

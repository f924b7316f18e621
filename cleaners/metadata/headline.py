"""The headline as a reader sees it: the declared titles and the page's ``<h1>`` read together.

A publisher declares a title for tabs and share cards (``<title>``, og:title, JSON-LD) and usually
glues the site or section name to it; the page shows the headline itself in an ``<h1>``. An
``<h1>`` that equals a run of a declared title's parts (``Headline | Section | Site``) is the
headline, and marks where the site name starts. An ``<h1>`` that equals a declared title's last
part, or a declared site name, is the site's logo, and is itself evidence of the site part.
An ``<h1>`` worded differently that shares at least half its words with the declared titles is
the headline too (share cards are often rewritten for search), unless it is the declared title
with a kicker before it ("Thread: Headline"). So is the leading element of an ``<h1>`` that adds a
subtitle, a source or a count in elements of their own, when that element equals a run of a
declared title's parts or opens the title before a punctuation mark ("Headline: Author: Shop").
A declared title that another one continues past its end, mid-sentence, is a cut copy (an SEO
plugin's 110-character JSON-LD headline) and does not count. Else the first declared title loses
its site part on evidence
(:func:`cleaners.metadata.titles.remove_site_name`), then anything after its first separator: the
headline leads, a site, section or tagline follows; but a ``<title>`` that is all a page declares
and loses its leading part ("Site - Tagline", a script-built page's shell) gives way to a lone
``<h1>``. A declared title that is only the site's name does not count; an ``<h1>`` headline
stops at a bar ("Headline | Opinion") and loses a section number that no declared title shows
("3.1 Branches"). A home page's "Brand - Tagline" (a dash, not a bar) stays whole: the site is
what that page is about.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from ftfy import fix_encoding

from cleaners.metadata.heading_text import respace, tidy_heading
from cleaners.metadata.rules import MetadataRules
from cleaners.metadata.titles import TitleChoice, TitleParts, host_key, is_site, match_key, remove_site_name

# A heading longer than this is a paragraph styled as one, not a headline.
MAX_HEADLINE_CHARS = 300
# Raw <h1> text (spaces and anchor marks included) past this length cannot tidy into a headline.
_MAX_RAW_HEADING_CHARS = 4 * MAX_HEADLINE_CHARS
# An <h1> worded unlike every declared title is the headline when it shares this share of its words
# (or of theirs, when they are fewer) with them; words shorter than MIN_WORD_CHARS do not count.
MIN_SHARED_WORDS = 0.5
MIN_WORD_CHARS = 3
# ... and at least this many shared words: one is enough, a category page's heading is often one
# word ("Headlamps"); two lost 5 such pages on wcxb-dev.
MIN_SHARED_COUNT = 1
# ... and only on a page with at most this many <h1>: with 4 or 5, one sharing words was a section
# heading 5 times out of 6 on wcxb-dev (2 was too few: a blog's name and post title as two <h1>).
MAX_REWORDED_HEADINGS = 3
_WORD = re.compile(r"\w+")
# A number standing as a word of its own: a year or a count ("2025", "15"), not "24/7" or "&#8230;".
_NUMBER_WORD = re.compile(r"(?<!\S)\d+(?!\S)")
# An <h1> of this many words below the home page is a headline, not the site's name set as a logo.
SENTENCE_WORDS = 5
# A section number before a heading: "3.1 ", "2.4.1. " (not a date, "27.01.2022").
_OUTLINE_NUMBER = re.compile(r"(\d{1,2}(?:\.\d{1,2}){1,3})\.?\s+(?=\w)")
# A declared title this long that another one continues is a cut copy of it; a shorter one may be
# the headline before a subtitle.
MIN_TRUNCATED_CHARS = 60


@dataclass(frozen=True, slots=True)
class TitleEvidence:
    """What a page says its title is: ``declared`` (source, text) in order of trust, its ``<h1>``
    headlines in document order (``headings_whole``: the same ``<h1>`` with every part, a label
    or button included; ``logo_headings``: those that are one link to the front page), the site
    names it declares and its URL."""

    declared: tuple[tuple[str, str], ...]
    headings: tuple[str, ...]
    site_names: tuple[str, ...]
    url: str | None
    headings_whole: tuple[str, ...] = ()
    logo_headings: tuple[str, ...] = ()
    heading_leads: tuple[tuple[str, ...], ...] = ()


def _span_keys(parts: TitleParts) -> dict[str, tuple[int, str]]:
    """Every run of consecutive parts, as a match key, mapped to its first part's index and text."""
    keys: dict[str, tuple[int, str]] = {}
    for first in range(len(parts)):
        for last in range(first, len(parts)):
            text = parts.join(first, last)
            key = match_key(text)
            if key:
                keys.setdefault(key, (first, text))
    return keys


def _logo_keys(
    headings: Sequence[str], split: Sequence[TitleParts], site_keys: frozenset[str], *, home_page: bool
) -> frozenset[str]:
    """``<h1>`` texts that name the site: a declared site name, or the last part of a declared
    title that has several (``Headline – Site`` with the site's name set as an ``<h1>`` logo),
    unless a declared title is that text alone (``Site | Headline`` beside ``Headline``; og:title
    ``Fire Pits Collection`` beside the site name ``Fire Pits Collection Brand``), or, below the
    home page, the title's first part names the site (``Site | Headline`` above ``<h1>Headline``;
    a home page's ``Brand | Tagline`` may show the tagline as its ``<h1>``)."""
    last_parts = {
        match_key(parts.part(len(parts) - 1))
        for parts in split
        if len(parts) > 1 and (home_page or not is_site(parts.part(0), site_keys))
    }
    whole_titles = {match_key(parts.title) for parts in split if len(parts) == 1}
    logos: set[str] = set()
    for heading in headings:
        key = match_key(heading)
        sentence = not home_page and len(heading.split()) >= SENTENCE_WORDS
        if key and key not in whole_titles and ((key in last_parts and not sentence) or is_site(heading, site_keys)):
            logos.add(key)
    return frozenset(logos)


def _home_page(url: str | None) -> bool:
    if not url:
        return False
    try:
        return not urlsplit(url).path.strip("/")
    except ValueError:  # a malformed address ("https://[name]/") says nothing of the page
        return False


def _without_site_only(
    declared: list[tuple[str, str]], site_keys: frozenset[str], headings: Sequence[str], rules: MetadataRules
) -> list[tuple[str, str]]:
    """The declared titles but those that are only the site's name (og:title "Glossier" on a
    product page, or "| Site" whose template left the headline out), when another title or a
    heading is left to name the page."""
    named = [
        (source, text)
        for source, text in declared
        if match_key(text) not in site_keys and not text.startswith(tuple(f"{sep} " for sep in rules.title_separators))
    ]
    return named if named or headings else declared


def _without_truncated(declared: list[tuple[str, str]], rules: MetadataRules) -> list[tuple[str, str]]:
    """The declared titles but those cut short copies of another one (an SEO plugin cuts JSON-LD
    headlines at 110 characters): another title goes on past its end, mid-sentence, where a
    separator would start a site part."""
    texts = [text for _, text in declared]
    return [(source, text) for source, text in declared if not any(_truncates(text, other, rules) for other in texts)]


def _truncates(text: str, other: str, rules: MetadataRules) -> bool:
    stem = text.rstrip(" .…")
    if len(stem) < MIN_TRUNCATED_CHARS or len(other) <= len(text) or not other.startswith(stem):
        return False
    rest = other[len(stem) :]
    return rest[0] == " " and not rest.lstrip().startswith(tuple(rules.title_separators))


def _words(text: str) -> set[str]:
    return {word for word in _WORD.findall(text.casefold()) if len(word) >= MIN_WORD_CHARS}


def _shared_headline(headings: Sequence[str], logos: frozenset[str], declared: Sequence[tuple[str, str]]) -> str | None:
    """The ``<h1>`` that shares most words with the declared titles, when it shares at least
    half of its words (or theirs): the headline worded differently from the share-card title."""
    wanted = set().union(*(_words(text) for _, text in declared)) if declared else set()
    best: tuple[float, str] | None = None
    for heading in headings:
        if match_key(heading) in logos:
            continue
        words = _words(heading)
        if not words or not wanted:
            continue
        shared = len(words & wanted)
        share = shared / min(len(words), len(wanted))
        if share >= MIN_SHARED_WORDS and shared >= min(MIN_SHARED_COUNT, len(wanted)) and (best is None or share > best[0]):
            best = (share, heading)
    return best[1] if best else None


def choose_headline(evidence: TitleEvidence, rules: MetadataRules, *, reworded_h1: bool = True) -> TitleChoice:
    """The page's headline (see the module docstring); ``declared`` is the first declared title.

    ``reworded_h1`` False skips the reworded ``<h1>``: on a service page it is a slogan; one that
    only reorders the declared headline's words still counts.
    """
    declared = [(source, fix_encoding(text)) for source, text in evidence.declared if text]
    headings = [tidy_heading(text) for text in evidence.headings]
    headings = [text for text in headings if text and len(text) <= MAX_HEADLINE_CHARS]
    first_declared = declared[0][1] if declared else None
    site_keys = frozenset(key for key in (match_key(name) for name in evidence.site_names) if key)
    host = host_key(evidence.url)
    site_keys |= {host} if host else set()
    declared = _without_site_only(_without_truncated(declared, rules), site_keys, headings, rules)
    split = [TitleParts.split(text, rules) for _, text in declared]
    all_leads = [tidy_heading(lead) for leads in evidence.heading_leads for lead in leads]
    logos = _logo_keys([*headings, *all_leads], split, site_keys, home_page=_home_page(evidence.url))
    logos |= {key for key in (match_key(tidy_heading(text)) for text in evidence.logo_headings) if key}
    spans = [_span_keys(parts) for parts in split]
    whole_of = {
        tidy_heading(shown): tidy_heading(whole)
        for shown, whole in zip(evidence.headings, evidence.headings_whole, strict=False)
        if len(whole) <= _MAX_RAW_HEADING_CHARS  # a longer one is no headline: never tidied for nothing
    }
    leads_of = {
        tidy_heading(shown): tuple(tidy_heading(lead) for lead in leads)
        for shown, leads in zip(evidence.headings, evidence.heading_leads, strict=False)
    }
    best: tuple[int, int, str, str] | None = None  # (first part index, document position, heading, span)
    for position, heading in enumerate(headings):
        # The headline first, then the whole <h1> (a title declared with its label, "Info - Guide").
        leads = leads_of.get(heading, ())
        for variant in (heading, whole_of.get(heading, heading), *leads):
            key = match_key(variant)
            if not key or key in logos:
                continue
            for text, keys in zip((text for _, text in declared), spans, strict=True):
                found = keys.get(key)
                if found is None and variant in leads and _opens(variant, text):
                    found = (0, variant)
                if found is None:
                    continue
                earlier = best is None or (found[0], position) < best[:2]
                if earlier or (variant == heading and _shorter_run(found, position, best)):
                    best = (found[0], position, variant, found[1])
    names = [*evidence.site_names, *(heading for heading in headings if match_key(heading) in logos)]
    if best is not None:
        _first, _position, heading, span = best
        shown = remove_site_name(
            respace(heading, span),
            rules,
            site_names=names,
            url=evidence.url,
            headings=(),
            from_title_element=False,
        )
        shown = _with_declared_number(_without_outline_number(shown, declared), split)
        return TitleChoice(title=before_field_separator(shown, rules), declared=first_declared, source="h1")
    # A page with many <h1> uses them for its sections: one of them sharing words with the
    # declared title is no evidence that it is the headline.
    few_headings = len(headings) <= MAX_REWORDED_HEADINGS
    reworded = _shared_headline(headings, logos, declared) if reworded_h1 and few_headings else None
    if not declared:
        return TitleChoice(title=headings[0] if headings else None, declared=None, source="h1" if headings else None)
    fallback = _declared_headline(declared[0], rules, names, evidence.url, headings)
    fallback = _without_glued_logo(fallback, [tidy_heading(text) for text in evidence.logo_headings])
    if reworded is None and not reworded_h1:
        reworded = _reordered(headings, logos, fallback.title)
    if reworded is not None and not _kicker_before(reworded, fallback.title):
        reworded = _without_outline_number(reworded, declared)
        return TitleChoice(title=before_field_separator(reworded, rules), declared=first_declared, source="h1")
    if len(headings) == 1 and match_key(headings[0]) not in logos and _site_first_tail(declared, fallback):
        return TitleChoice(title=headings[0], declared=first_declared, source="h1")
    if _home_page(evidence.url) and _brand_dash_tagline(declared[0][1], fallback, site_keys, rules):
        return TitleChoice(title=declared[0][1], declared=first_declared, source=fallback.source)
    return fallback


def _without_glued_logo(choice: TitleChoice, logos: Sequence[str]) -> TitleChoice:
    """``choice`` without the text of an ``<h1>`` logo (a link to the front page) that opens it
    with no separator ("davidbau.com Vibe Coding" under the logo "davidbau.com"): a template that
    glues the site's name to the headline with a space."""
    title = choice.title or ""
    for logo in logos:
        rest = title[len(logo) :] if logo and title.startswith(logo) else ""
        if rest[:1].isspace() and rest.strip():
            return TitleChoice(title=rest.strip(), declared=choice.declared, source=choice.source)
    return choice


def _without_outline_number(heading: str, declared: Sequence[tuple[str, str]]) -> str:
    """``heading`` without a leading section number ("3.1 Branches") that no declared title shows:
    a manual numbers its chapters on the page, not in its titles."""
    match = _OUTLINE_NUMBER.match(heading)
    if match is None or any(match.group(1) in text for _, text in declared):
        return heading
    return heading[match.end() :] or heading


def _with_declared_number(heading: str, split: Sequence[TitleParts]) -> str:
    """The part of a declared title that is ``heading`` with a number added, the year or the count
    of a list ("15 Best Tutoring Platforms 2025" for the <h1> "15 Best Tutoring Platforms"): a
    template shows that number apart from the <h1>, the declared title keeps the whole headline."""
    words = _NUMBER_WORD.sub(" ", heading).casefold().split()
    heading_numbers = len(_NUMBER_WORD.findall(heading))
    for parts in split:
        for index in range(len(parts)):
            part = parts.part(index).strip()
            numbers = len(_NUMBER_WORD.findall(part)) - heading_numbers
            if numbers > 0 and _NUMBER_WORD.sub(" ", part).casefold().split() == words:
                return part
    return heading


def _shorter_run(found: tuple[int, str], position: int, best: tuple[int, int, str, str] | None) -> bool:
    """Another ``<h1>``, as a whole, shows a shorter run of the same title from the same part
    ("Headline" beside "Headline - Forum"): the longer one carries a section or site part. (An
    ``<h1>``'s leading element alone may be its kicker.)"""
    if best is None:
        return False
    first, span = found
    return position != best[1] and first == best[0] and len(span) < len(best[3]) and best[3].startswith(span)


def _reordered(headings: Sequence[str], logos: frozenset[str], title: str | None) -> str | None:
    """The ``<h1>`` that holds the words of ``title`` and no others, in another order: the headline
    as shown ("Online Design Course" for "Design Course Online"), even where a reworded one is not."""
    wanted = _words(title or "")
    return next((text for text in headings if wanted and match_key(text) not in logos and _words(text) == wanted), None)


def _opens(lead: str, title: str) -> bool:
    """Whether ``title`` starts with ``lead`` and goes on after a punctuation mark: the
    ``<h1>``'s leading element is the title's first field ("Headline: Author: Shop")."""
    if not title.casefold().startswith(lead.casefold()):
        return False
    rest = title[len(lead) :].lstrip()
    return bool(rest) and not rest[0].isalnum()


def before_field_separator(headline: str, rules: MetadataRules) -> str:
    """``headline`` up to a separator that prose never uses ("Headline | Opinion" → "Headline")."""
    for separator in rules.headline_field_separators:
        head, found, _rest = headline.partition(f" {separator} ")
        if found and head.strip():
            headline = head.strip()
    return headline


def _kicker_before(heading: str, title: str | None) -> bool:
    """Whether ``heading`` is ``title`` with words before it: a label or kicker set above the
    headline in the same ``<h1>`` ("Thread: ...", "Blog: ...", a brand before a product name)."""
    key, title_key = match_key(heading), match_key(title or "")
    return bool(title_key) and len(key) > len(title_key) and key.endswith(title_key)


def _site_first_tail(declared: Sequence[tuple[str, str]], fallback: TitleChoice) -> bool:
    """Whether the page's one declared title is a ``<title>`` that lost its leading part: "Site -
    Tagline" or "Brand | Slogan" from a page that declares nothing else (a script-built page's
    shell). It names the site, not the page; a lone ``<h1>`` that shares too few words to count as
    the headline reworded (else it would have been chosen) names the page."""
    if len(declared) != 1 or fallback.source != "title_element" or not fallback.title:
        return False
    text = declared[0][1]
    return fallback.title != text and match_key(text).endswith(match_key(fallback.title))


def _brand_dash_tagline(text: str, fallback: TitleChoice, site_keys: frozenset[str], rules: MetadataRules) -> bool:
    """Whether ``text``, a home page's declared title, is the site's name joined by a dash to the
    tagline that would be kept ("Brand - Online therapy for everyone"): the site is what a home page
    is about, so its name belongs to the title (a one-word part is a section: "Brand - Shop")."""
    parts = TitleParts.split(text, rules)
    if len(parts) != 2 or fallback.title != parts.part(1) or len(parts.part(1).split()) < 2:
        return False
    separator = text[parts.spans[0][1] : parts.spans[1][0]].strip()
    return separator in rules.dashes and is_site(parts.part(0), site_keys)


def _declared_headline(
    first: tuple[str, str], rules: MetadataRules, names: Sequence[str], url: str | None, headings: Sequence[str]
) -> TitleChoice:
    """The first declared title without its site part and whatever follows its first separator."""
    source, text = first
    cleaned = remove_site_name(
        text,
        rules,
        site_names=list(names),
        url=url,
        headings=tuple(headings),
        from_title_element=source == "title_element",
    )
    # Without evidence, the headline leads: what follows a separator is a site, section or tagline.
    rest = TitleParts.split(cleaned, rules, names)
    if len(rest) > 1:
        cleaned = rest.part(0)
    return TitleChoice(title=cleaned, declared=text, source=source)

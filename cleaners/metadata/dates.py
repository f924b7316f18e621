"""Publication and modification dates: parsed to ISO 8601, keeping the page's timezone offset.

Structured values (JSON-LD, ``<meta>``, microdata, ``<time datetime>``) come first; htmldate, which
re-parses the page with lxml and costs far more, is the fallback when none of them gives a date.
A date later than the clock is rejected; a publication date later than the modification date is
kept (on wcxb-dev such pages carry a stale modification date, not a wrong publication date)
unless the page shows another date below its headline.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from email.utils import parsedate_to_datetime
from urllib.parse import unquote

from htmldate import find_date
from selectolax.lexbor import LexborHTMLParser, LexborNode

from cleaners.metadata.rules import metadata_rules

_FRACTION = re.compile(r"(\.\d{6})\d+")
_ISO_START = re.compile(r"^\d{4}-\d{2}-\d{2}")
_SLASHED = re.compile(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})\b")
_DOTTED_DMY = re.compile(r"^(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})\b")
# 11-29-2024 or 13/11/2025: read only when one number cannot be a month (03-09-2026 is either).
_NUMERIC_DAY_MONTH = re.compile(r"^(\d{1,2})[-/](\d{1,2})[-/](\d{4})\b")
_MONTHS = {
    name: index
    for index, names in enumerate(
        [
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
            ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
            ("oct", "october"), ("nov", "november"), ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_MONTH_DAY_YEAR = re.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")
_DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\.?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})\b")
# A cheap screen before htmldate: a year with a month and day beside it, somewhere in the markup.
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_MONTH_DAY_AFTER = re.compile(r"[-/.]\d\d?[-/.]\d")
_MONTH_DAY_BEFORE = re.compile(
    r"(?:\d\d?[-/.]\d\d?[-/.]|[^\W\d_]{3,10}\.?\s\d\d?(?:st|nd|rd|th)?,?\s|\d\d?\.?\s[^\W\d_]{3,10}\.?,?\s)$"
)
SCREEN_WINDOW = 24
# A day in an address: /2019/05/20/ or /2019-05-20/ (a month alone, /2019/05/, says too little).
_URL_DAY = re.compile(r"/((?:19|20)\d\d)[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:[/.?#_+-]|$)")
# Dates earlier than the web are template defaults ("0001-01-01"), never publication dates.
EARLIEST_YEAR = 1990
# Far-future years are rejected by the clock anyway; this bound keeps offset arithmetic in range.
LATEST_YEAR = 9000
CLOCK_TOLERANCE = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class PageDate:
    """A parsed date and whether the page gave a time of day."""

    moment: datetime
    has_time: bool

    def iso(self) -> str:
        """``YYYY-MM-DD``, or the full date-time with its offset when the page gave a time and a
        zone: a time without a zone names no moment (whose clock?), so it is left out."""
        if not self.has_time or self.moment.tzinfo is None:
            return self.moment.date().isoformat()
        return self.moment.isoformat(timespec="seconds")

    def utc_key(self) -> datetime:
        """Comparable across aware and naive values (naive ones are read as UTC)."""
        moment = self.moment if self.moment.tzinfo else self.moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC)


def _checked(moment: datetime, has_time: bool) -> PageDate | None:
    return PageDate(moment, has_time) if EARLIEST_YEAR <= moment.year <= LATEST_YEAR else None


def parse_date(raw: str) -> PageDate | None:
    """Read ISO 8601, RFC 2822, ``2015/03/27``, ``27.03.2015``, ``11-29-2024`` (when only one reading
    is a date) or English month names; None otherwise."""
    text = raw.strip()
    if _ISO_START.match(text):
        candidate = _FRACTION.sub(r"\1", text.replace(" ", "T", 1) if len(text) > 10 else text)
        try:
            moment = datetime.fromisoformat(candidate)
        except ValueError:
            try:
                return _checked(datetime.fromisoformat(text[:10]), False)
            except ValueError:
                return None
        return _checked(moment, len(text) > 10)
    if match := _SLASHED.match(text):
        return _from_parts(int(match[1]), int(match[2]), int(match[3]))
    if match := _DOTTED_DMY.match(text):
        return _from_parts(int(match[3]), int(match[2]), int(match[1]))
    if match := _NUMERIC_DAY_MONTH.match(text):
        first, second = int(match[1]), int(match[2])
        if first > 12 >= second:
            return _from_parts(int(match[3]), second, first)
        if second > 12 >= first:
            return _from_parts(int(match[3]), first, second)
        return None
    if "," in text[:5] or text[:3].isalpha():
        try:
            return _checked(parsedate_to_datetime(text), True)
        except (TypeError, ValueError, IndexError):
            pass
    if match := _MONTH_DAY_YEAR.search(text):
        month = _MONTHS.get(match[1].lower())
        if month:
            return _from_parts(int(match[3]), month, int(match[2]))
    if match := _DAY_MONTH_YEAR.search(text):
        month = _MONTHS.get(match[2].lower())
        if month:
            return _from_parts(int(match[3]), month, int(match[1]))
    return None


def url_date(*urls: str | None) -> str | None:
    """The day written in the first address that has one, as ``YYYY-MM-DD``."""
    for url in urls:
        # Percent-encoded slashes (%2F2019-05-20%2B) hide the day from the pattern.
        match = _URL_DAY.search(unquote(url or ""))
        if match:
            return f"{match[1]}-{int(match[2]):02d}-{int(match[3]):02d}"
    return None


def has_full_date(text: str) -> bool:
    """Whether ``text`` holds something shaped like a full date (year, month and day) at all."""
    for match in _YEAR.finditer(text):
        start, end = match.span()
        if _MONTH_DAY_AFTER.match(text, end) or _MONTH_DAY_BEFORE.search(text[max(0, start - SCREEN_WINDOW) : start]):
            return True
    return False


def _from_parts(year: int, month: int, day: int) -> PageDate | None:
    try:
        return _checked(datetime.combine(date(year, month, day), datetime.min.time()), False)
    except ValueError:
        return None


def first_date(candidates: list[str | None], *, not_after: datetime) -> PageDate | None:
    """The first candidate that parses and is not later than ``not_after`` (an aware datetime).

    When a later candidate states the same moment more precisely (a time for a bare day, an offset
    for a local time), that one is returned: the page gave the offset, so it is kept.
    """
    usable = [
        parsed
        for parsed in (parse_date(raw) for raw in candidates if raw)
        if parsed is not None and parsed.utc_key() <= not_after
    ]
    if not usable:
        return None
    chosen = usable[0]
    for other in usable[1:]:
        if chosen.moment.tzinfo is not None:
            break
        if _states_more_precisely(other, chosen):
            chosen = other
    return chosen


def _states_more_precisely(other: PageDate, chosen: PageDate) -> bool:
    """``other`` adds a time to ``chosen``'s bare day, or an offset to its local time."""
    if not chosen.has_time:
        return other.has_time and other.moment.date() == chosen.moment.date()
    return other.moment.tzinfo is not None and other.moment.replace(tzinfo=None) == chosen.moment


@dataclass(frozen=True, slots=True)
class PageDates:
    """The chosen dates as ISO strings and whether htmldate had to be asked."""

    published: str | None
    modified: str | None
    used_htmldate: bool


# A date shown by the headline: searched in this many characters of text after it.
HEADLINE_DATE_WINDOW = 600
_SHOWN_DATE = re.compile(
    r"\b(?:\d{4}-\d{2}-\d{2}|\d{4}/\d{1,2}/\d{1,2}|[A-Za-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
    r"|\d{1,2}(?:st|nd|rd|th)?\.?\s+[A-Za-z]{3,9}\.?,?\s+\d{4}|\d{1,2}\.\s?\d{1,2}\.\s?\d{4}"
    # 2/24/2026 or 15-12-2025: read only when one number cannot be a month (see parse_date).
    r"|\d{1,2}[-/]\d{1,2}[-/]\d{4})\b"
)


# A date shown just above the headline ("Dec 12, 2025" over the title): this many characters before it.
HEADLINE_DATE_BEFORE_WINDOW = 150


def headline_date(text: str, headline: str | None, *, not_after: datetime, above: bool = False) -> PageDate | None:
    """The first date written in the text just below the headline ("Dec 12, 2025 · 6 min read"),
    where pages without date markup show when they were published; with ``above``, failing that,
    the nearest date just above it (a dateline over the title). In either window a date labelled
    as an update yields to an earlier one shown without that label."""
    if not headline:
        return None
    start = text.find(headline)
    if start == -1:
        return None
    window = text[start + len(headline) : start + len(headline) + HEADLINE_DATE_WINDOW]
    shown = _first_shown(window, list(_SHOWN_DATE.finditer(window)), not_after)
    if shown is not None or not above:
        return shown
    window = text[max(0, start - HEADLINE_DATE_BEFORE_WINDOW) : start]
    return _first_shown(window, list(reversed(list(_SHOWN_DATE.finditer(window)))), not_after)


# Characters before a shown date searched for an update label ("Last updated on ").
UPDATE_LABEL_WINDOW = 30


def _first_shown(window: str, matches: Sequence[re.Match[str]], not_after: datetime) -> PageDate | None:
    """The first date in ``matches`` order, unless it is labelled as an update ("Updated Jan 2,
    2026") and the window shows an earlier day without that label: that one is the publication."""
    label = metadata_rules().update_label
    first: PageDate | None = None
    for match in matches:
        parsed = parse_date(match.group(0))
        if parsed is None or parsed.utc_key() > not_after:
            continue
        updated = label.search(window[max(0, match.start() - UPDATE_LABEL_WINDOW) : match.start()]) is not None
        if first is None:
            if not updated:
                return parsed
            first = parsed
        elif not updated and parsed.moment.date() < first.moment.date():
            return parsed
    return first


def labelled_date(text: str, *, not_after: datetime) -> PageDate | None:
    """The first date in ``text`` written after a publication or update label ("Posted on May 2,
    2024", "Last updated: November 13, 2025"): where a page without date markup or a dated
    headline says when it was written, often at its foot."""
    label = metadata_rules().date_label
    for match in _SHOWN_DATE.finditer(text):
        if label.search(text[max(0, match.start() - UPDATE_LABEL_WINDOW) : match.start()]) is None:
            continue
        parsed = parse_date(match.group(0))
        if parsed is not None and parsed.utc_key() <= not_after:
            return parsed
    return None


def first_publication(raw: str, body: LexborNode, *, not_after: datetime) -> PageDate | None:
    """The date the text gives as the first publication ("originally published on 26 Sep 2019"):
    a page updated since may declare and show only its latest version's date. ``raw`` is
    ``body``'s text."""
    pattern = metadata_rules().first_publication
    if pattern.search(raw) is None:
        return None
    text = _reader_text(raw, body)
    for label in pattern.finditer(text):
        shown = _SHOWN_DATE.match(text, label.end())
        parsed = parse_date(shown.group(0)) if shown else None
        if parsed is not None and parsed.utc_key() <= not_after:
            return parsed
    return None


def choose_dates(
    published: list[str | None],
    modified: list[str | None],
    *,
    page: LexborHTMLParser | None,
    url: str | None,
    now: datetime | None = None,
    headline: str | None = None,
    times: Sequence[str] = (),
    address_day: str | None = None,
) -> PageDates:
    """Pick published and modified dates. ``published`` are the declared candidates (markup), then
    come the page's ``<time datetime>`` values (``times``, nearest the headline first) and the day in
    its address (``address_day``, ``YYYY-MM-DD``). With nothing structured (or a doubtful stamp), the
    date shown below (or just above) the ``headline`` comes first (htmldate's guess can be a date in
    the site's header), then htmldate on ``page``, asked only when its text holds something shaped
    like a date at all, then a date the text gives after a label ("Last updated: Nov 13, 2025").
    When two declared days disagree, the one shown below the headline wins. A first publication
    the text states ("originally published on ...") wins over any later day."""
    clock_limit = (now or datetime.now(UTC)) + CLOCK_TOLERANCE
    modified_date = first_date(modified, not_after=clock_limit)
    published_date = first_date([*published, *times, address_day], not_after=clock_limit)
    used_htmldate = False
    body = page.body if page is not None else None
    # The body's text is read once: the shown date, the declared days' check and the first
    # publication all search it.
    raw = body.text(separator=" ") if body is not None else ""
    if page is not None and body is not None and (
        published_date is None or _doubtful_stamp(published_date, modified_date, address_day)
    ):
        text = _reader_text(raw, body)
        shown = headline_date(text, headline, not_after=clock_limit, above=published_date is None)
        declared = published_date is not None or modified_date is not None
        if shown is None and not declared and has_full_date(raw):
            used_htmldate = True
            published_date = _htmldate(page.html or "", url=url, not_after=clock_limit)
        if shown is None and published_date is not None:
            shown = _earlier_time(times, published_date, clock_limit)
        if shown is None and published_date is None and not declared:
            shown = labelled_date(text, not_after=clock_limit)
        if shown is not None and not _same_day(shown, published_date):
            published_date = shown
    elif body is not None and published_date is not None:
        published_date = _shown_declaration(published, published_date, modified_date, raw, body, headline, clock_limit)
    if body is not None:
        first = first_publication(raw, body, not_after=clock_limit)
        if first is not None and (published_date is None or first.moment.date() < published_date.moment.date()):
            published_date = first
    return PageDates(
        published=published_date.iso() if published_date else None,
        modified=modified_date.iso() if modified_date else None,
        used_htmldate=used_htmldate,
    )


# Exactly two declared publication days disagree: a page declaring more is a thread or a list (a
# date per post), not an article with a template's date beside its own.
DISAGREEING_DAYS = 2


def _shown_declaration(
    published: list[str | None],
    chosen: PageDate,
    modified: PageDate | None,
    raw: str,
    body: LexborNode,
    headline: str | None,
    not_after: datetime,
) -> PageDate:
    """When the page declares two publication days (a draft's or template's creation date beside
    the article's, in JSON-LD and a ``<meta>``), the one it shows below the headline is the
    article's. Not when that is the declared modification day: then the page shows its update
    ("Updated Jul 24", "Stand: 07.11."), and the other declared day is when it first appeared.
    The same moment in another zone is no disagreement: that is left to the declared order.
    ``raw`` is ``body``'s text."""
    declared = [
        parsed
        for parsed in (parse_date(value) for value in published if value)
        if parsed is not None and parsed.utc_key() <= not_after
    ]
    if len({parsed.moment.date() for parsed in declared}) != DISAGREEING_DAYS:
        return chosen
    shown = headline_date(_reader_text(raw, body), headline, not_after=not_after)
    if shown is None or _same_day(shown, chosen) or _same_day(shown, modified):
        return chosen
    return next(
        (
            parsed
            for parsed in declared
            if parsed.moment.date() == shown.moment.date() and parsed.utc_key() != chosen.utc_key()
        ),
        chosen,
    )


def _reader_text(raw: str, body: LexborNode) -> str:
    """The body's text as the reader sees it: scripts' text out, whitespace collapsed."""
    return " ".join(_without_scripts(raw, body).split())


def _without_scripts(text: str, body: LexborNode) -> str:
    """The body's text without its scripts' text: JSON-LD in the body repeats the headline
    (followed by its declared dates), and the reader sees neither."""
    # Scripts come in the text in document order: each is looked for after the one before, so
    # that the text is read once, not once per script.
    pieces: list[str] = []
    start = 0
    for script in body.css("script"):
        code = script.text(deep=False)
        at = text.find(code, start) if code.strip() else -1
        if at != -1:
            pieces.extend((text[start:at], " "))
            start = at + len(code)
    pieces.append(text[start:])
    return "".join(pieces)


def _doubtful_stamp(published: PageDate, modified: PageDate | None, address_day: str | None) -> bool:
    """The page declares the same day as published and modified, one stamp (often the last save),
    or a publication after the modification (a template's re-publish time): either way the date
    the reader sees below the headline says more about publication. Unless the page's address
    holds the same day: that was written when the page was first published."""
    if address_day == published.moment.date().isoformat():
        return False
    return modified is not None and published.moment.date() >= modified.moment.date()


def _earlier_time(times: Sequence[str], stamp: PageDate, not_after: datetime) -> PageDate | None:
    """The ``<time>`` nearest the headline when it is a day before a doubtful stamp: the stamp is the
    last save, the element the date the page shows for its article."""
    nearest = first_date(list(times[:1]), not_after=not_after)
    if nearest is None or nearest.utc_key().date() >= stamp.utc_key().date():
        return None  # the same moment in another zone can fall on the day before: not an earlier day
    return nearest if nearest.moment.date() < stamp.moment.date() else None


def _same_day(shown: PageDate, declared: PageDate | None) -> bool:
    """The shown day agrees with the declared date, which is kept for its time and offset."""
    return declared is not None and shown.moment.date() == declared.moment.date()


def _htmldate(html: str, *, url: str | None, not_after: datetime) -> PageDate | None:
    """htmldate's original-date guess, restricted to the markup (no slow full-text search).

    htmldate re-parses the page with lxml, which refuses some text (control characters, NUL
    bytes) with a ValueError: for a fallback date source that means "no date here".
    """
    try:
        found = find_date(
            html,
            extensive_search=False,
            original_date=True,
            outputformat="%Y-%m-%d",
            url=url,
            max_date=not_after.replace(tzinfo=None),
        )
    except ValueError:
        return None
    if not found:
        return None
    parsed = parse_date(found)
    return parsed if parsed is not None and parsed.utc_key() <= not_after else None

"""Without date markup, the date shown just below the headline is the publication date."""

from __future__ import annotations

from datetime import UTC, datetime

from cleaners.metadata.dates import headline_date, labelled_date
from tests.metadata.pages import page_metadata


def test_date_written_below_the_headline_is_read() -> None:
    meta = page_metadata(
        "<html><head><title>Contract tests for truth | Notes</title></head><body>"
        "<h1>Contract tests for truth</h1><div><p>By Preeta Jain</p><p>Dec 12, 2023</p><p>6 min read</p></div>"
        "<p>Body text of the article, long enough to read.</p></body></html>"
    )
    assert meta.published == "2023-12-12"


def test_a_date_far_from_the_headline_is_not_its_date() -> None:
    limit = datetime(2030, 1, 1, tzinfo=UTC)
    text = "Contract tests for truth " + "Body text of the article. " * 40 + "Site launched March 3, 2019"
    assert headline_date(text, "Contract tests for truth", not_after=limit) is None
    near = headline_date("Contract tests for truth By Jo Lee 3 March 2019 text", "Contract tests for truth", not_after=limit)
    assert near is not None and near.iso() == "2019-03-03"
    assert headline_date(text, None, not_after=limit) is None


def test_a_future_date_below_the_headline_is_refused() -> None:
    meta = page_metadata(
        "<html><head><title>Launch plan</title></head><body><h1>Launch plan</h1><p>Event on June 30, 2031</p></body></html>"
    )
    assert meta.published is None


def test_a_dateline_just_above_the_headline_is_read_when_nothing_is_below() -> None:
    meta = page_metadata(
        "<html><head><title>Contract tests for truth | Notes</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/blog'>Blog</a></nav><p>Dec 12, 2023</p>"
        "<h1>Contract tests for truth</h1><p>Body text of the article, long enough to read.</p></body></html>"
    )
    assert meta.published == "2023-12-12"
    limit = datetime(2030, 1, 1, tzinfo=UTC)
    far_above = "Archive of March 3, 2019 " + "filler words " * 20 + "Contract tests for truth body"
    assert headline_date(far_above, "Contract tests for truth", not_after=limit, above=True) is None


def test_one_stamp_for_published_and_modified_yields_to_the_date_shown() -> None:
    """Declared published == modified is one stamp (the last save); the reader sees the date below
    the headline. Two different declared dates are kept as declared."""
    shown = (
        "<h1>Contract tests for truth</h1><p>By Preeta Jain · Jan 31, 2024</p>"
        "<p>Body text of the article, long enough to read.</p></body></html>"
    )
    one_stamp = (
        "<html><head><title>Contract tests for truth</title>"
        '<meta property="article:published_time" content="2024-05-05T10:00:00Z">'
        '<meta property="article:modified_time" content="2024-05-05T10:00:00Z"></head><body>'
    )
    assert page_metadata(one_stamp + shown).published == "2024-01-31"
    two_stamps = one_stamp.replace('modified_time" content="2024-05-05', 'modified_time" content="2024-05-09')
    meta = page_metadata(two_stamps + shown)
    assert meta.published == "2024-05-05T10:00:00+00:00"
    assert meta.modified == "2024-05-09T10:00:00+00:00"


def test_the_date_below_the_headline_comes_before_a_date_in_the_site_header() -> None:
    meta = page_metadata(
        "<html><head><title>Tax basics</title></head><body><header><p>Friday, December 19, 2023</p></header>"
        "<h1>Tax basics</h1><p>By The Editors 12.12.2023</p><p>Body text of the article, long enough to read.</p>"
        "</body></html>"
    )
    assert meta.published == "2023-12-12"


def test_a_numeric_date_below_the_headline_is_read_when_unambiguous() -> None:
    limit = datetime(2030, 1, 1, tzinfo=UTC)
    shown = headline_date("Launch plan By Jo Lee 2/24/2026 text", "Launch plan", not_after=limit)
    assert shown is not None and shown.iso() == "2026-02-24"
    assert headline_date("Launch plan By Jo Lee 3/4/2026 text", "Launch plan", not_after=limit) is None


def test_a_publication_after_the_modification_yields_to_the_date_shown() -> None:
    """A template's datePublished later than its dateModified is a re-publish time, not the article's."""
    meta = page_metadata(
        "<html><head><title>Top companies</title>"
        '<script type="application/ld+json">{"@type": "Article", "headline": "Top companies",'
        ' "datePublished": "Feb 21, 2024", "dateModified": "Feb 20, 2024"}</script></head><body>'
        "<h1>Top companies</h1><p>By Claire Roe</p><p>Published Apr 26, 2023</p>"
        "<p>Body text of the article, long enough to read.</p></body></html>"
    )
    assert meta.published == "2023-04-26"


def test_the_headline_repeated_in_a_body_script_is_not_where_the_date_is_shown() -> None:
    meta = page_metadata(
        "<html><head><title>Fitness protocol</title></head><body>"
        '<script>window.page = {"title": "Fitness protocol", "saved": "Mar 12, 2024"};</script>'
        "<h1>Fitness protocol</h1><p>November 2, 2022</p><p>Body text of the article, long enough to read.</p>"
        "</body></html>"
    )
    assert meta.published == "2022-11-02"


def test_a_shown_day_equal_to_the_declared_one_keeps_the_declared_time() -> None:
    meta = page_metadata(
        "<html><head><title>Contract tests</title>"
        '<meta property="article:published_time" content="2024-05-05T10:00:00Z">'
        '<meta property="article:modified_time" content="2024-05-05T10:00:00Z"></head><body>'
        "<h1>Contract tests</h1><p>By Preeta Jain · May 5, 2024</p><p>Body text of the article.</p></body></html>"
    )
    assert meta.published == "2024-05-05T10:00:00+00:00"


def test_a_time_element_before_a_doubtful_stamp_is_the_publication_date() -> None:
    """Published == modified is the last save; with no date written by the headline, the <time>
    nearest it says when the article appeared, if earlier. A later <time> does not count."""
    head = (
        "<html><head><title>Healthy eating tips</title>"
        '<meta property="article:published_time" content="2024-05-05T10:00:00Z">'
        '<meta property="article:modified_time" content="2024-05-05T10:00:00Z"></head><body>'
    )
    page = '<section><time datetime="{}">Shown</time></section><h1>Healthy eating tips</h1><p>Body text.</p></body></html>'
    assert page_metadata(head + page.format("2024-03-01")).published == "2024-03-01"
    assert page_metadata(head + page.format("2024-05-20")).published == "2024-05-05T10:00:00+00:00"


def test_a_stamp_on_the_day_in_the_address_is_not_doubtful() -> None:
    """Published == modified is doubted for the date shown by the headline, unless the page's
    address (written when it was first published) holds that very day."""
    page = (
        "<html><head><title>Enrolment now open</title>"
        '<meta property="article:published_time" content="2024-05-19T11:52:20Z">'
        '<meta property="article:modified_time" content="2024-05-19T11:52:20Z"></head><body>'
        "<h1>Enrolment now open</h1><p>The session of May 17, 2024 was announced.</p></body></html>"
    )
    assert page_metadata(page, url="https://example.org/news/2024/05/19/enrolment/").published == "2024-05-19T11:52:20+00:00"
    assert page_metadata(page, url="https://example.org/news/enrolment/").published == "2024-05-17"


def test_of_two_declared_publication_days_the_one_shown_below_the_headline_wins() -> None:
    """JSON-LD may carry a template's creation date while a <meta> gives the article's: the day
    the reader sees below the headline settles it. One declared day stays as declared, and so does
    the first when the shown day is the declared modification (the page shows its update)."""
    head = (
        "<html><head><title>Best streaming services</title>"
        '<script type="application/ld+json">{"@type": "Article", "headline": "Best streaming services",'
        ' "datePublished": "2022-08-29T10:00:00+00:00", "dateModified": "2024-02-15T12:00:00-08:00"}</script>'
    )
    body = (
        "</head><body><h1>Best streaming services</h1><p>By Jo Lee · Nov 25, 2023 5:00 am PST</p>"
        "<p>Body text of the article, long enough to read.</p></body></html>"
    )
    two_days = head + '<meta name="date" content="November 25, 2023">' + body
    assert page_metadata(two_days).published == "2023-11-25"
    assert page_metadata(head + body).published == "2022-08-29T10:00:00+00:00"
    other_day = head + '<meta name="date" content="November 20, 2023">' + body
    assert page_metadata(other_day).published == "2022-08-29T10:00:00+00:00"
    updated = two_days.replace("2024-02-15T12:00:00-08:00", "2023-11-25T12:00:00-08:00")
    assert page_metadata(updated).published == "2022-08-29T10:00:00+00:00"


def test_a_date_labelled_as_an_update_yields_to_an_earlier_shown_date() -> None:
    """Above the headline the nearest date is "Updated: Jan 2, 2026"; the one before it is the publication."""
    meta = page_metadata(
        "<html><head><meta name='last-modified' content='December 22, 2022'></head><body>"
        "<div><a href='/c/health'>Mental Health</a><span>DECEMBER 22, 2022</span>"
        "<span>Updated: JANUARY 02, 2026</span></div>"
        "<h1>Ways meditation helps</h1><p>Body text of the article, long enough to read.</p></body></html>",
        now=datetime(2026, 3, 1, tzinfo=UTC),
    )
    assert meta.published == "2022-12-22"
    limit = datetime(2030, 1, 1, tzinfo=UTC)
    only_update = "Ways meditation helps By Ann Lee Updated on Sep 5, 2024 Body text"
    shown = headline_date(only_update, "Ways meditation helps", not_after=limit)
    assert shown is not None and shown.iso() == "2024-09-05"
    later_after_update = "Ways meditation helps Updated Sep 5, 2024 Related: Oct 1, 2024"
    shown = headline_date(later_after_update, "Ways meditation helps", not_after=limit)
    assert shown is not None and shown.iso() == "2024-09-05"


def test_a_labelled_date_in_the_text_dates_a_page_without_any_other() -> None:
    """No date markup and no date by the headline: "Last updated: November 13, 2023" at the foot."""
    html = (
        "<html><head><title>Webcams</title></head><body><h1>Webcams</h1>"
        "<p>Views of the valley, refreshed every minute. Open 2023 season 3 to 5 daily.</p>"
        "<footer><p>Last updated: November 13, 2023</p></footer></body></html>"
    )
    assert page_metadata(html).published == "2023-11-13"
    limit = datetime(2030, 1, 1, tzinfo=UTC)
    assert labelled_date("A photo of November 13, 2023 from the ridge", not_after=limit) is None
    posted = labelled_date("Trail notes Jan 2, 2023 Posted on May 2, 2023 by Ann", not_after=limit)
    assert posted is not None and posted.iso() == "2023-05-02"


def test_a_first_publication_the_text_states_comes_before_a_later_declared_date() -> None:
    """The page declares and shows its latest version's day; the text says when it first appeared."""
    html = (
        "<html><head><meta property='article:published_time' content='2022-09-30'></head><body>"
        "<h1>Living in a tiny home</h1><p>By Chris Carroll 30 Sep 2022, 11:07am</p>"
        "<p>Body text of the article, long enough to read.</p>"
        "<p>This article was originally published on 26 Sep 2019 at 4:12pm but has been updated.</p>"
        "</body></html>"
    )
    assert page_metadata(html).published == "2019-09-26"
    later = html.replace("26 Sep 2019", "26 Sep 2023")
    assert page_metadata(later).published == "2022-09-30"
    quoted = html.replace("originally published on 26 Sep 2019", "Originally posted by Ann on the forum")
    assert page_metadata(quoted).published == "2022-09-30"

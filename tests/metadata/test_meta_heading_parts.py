"""The headline is what a reader reads in the <h1>: not its style sheet, buttons, dateline or label."""

from __future__ import annotations

from tests.metadata.pages import page_metadata


def _page(h1: str, title: str = "Preparing a transition | Notes") -> str:
    return f"<html><head><title>{title}</title></head><body>{h1}<p>Body text of the article.</p></body></html>"


def test_style_buttons_and_dateline_are_not_the_headline() -> None:
    h1 = (
        "<h1><style>.c1{font-weight:700}</style><time datetime='2024-01-02'>Jan 2 2024</time> "
        "Preparing a transition <button>Copy item path</button></h1>"
    )
    assert page_metadata(_page(h1)).title == "Preparing a transition"


def test_a_label_before_a_thread_title_is_not_the_headline() -> None:
    h1 = '<h1><span class="label label--green">News</span><span class="label-append">&nbsp;</span>Digital cameras today</h1>'
    assert page_metadata(_page(h1, "Digital cameras today | Camera Forum")).title == "Digital cameras today"


def test_a_title_declared_with_the_label_keeps_it() -> None:
    h1 = '<h1><span class="label">Info</span> Digital cameras today</h1>'
    assert page_metadata(_page(h1, "Info Digital cameras today | Camera Forum")).title == "Info Digital cameras today"


def test_an_h1_that_links_to_the_front_page_is_the_logo() -> None:
    logo = '<h1><a href="https://forum.example/">Bolt Linux</a></h1>'
    meta = page_metadata(_page(logo, "What happened with Bolt Linux in 2024"), url="https://forum.example/t/42")
    assert meta.title == "What happened with Bolt Linux in 2024"
    anchor = '<h1><a href="#introduction">Introduction</a></h1>'
    assert page_metadata(_page(anchor, "Introduction - From Zero to Proof")).title == "Introduction"


def test_screen_reader_text_in_the_h1_is_not_the_headline() -> None:
    h1 = '<h1 class="collection-hero__title"><span class="visually-hidden">Collection: </span>Studio Monitors</h1>'
    assert page_metadata(_page(h1, "Shop studio monitors with free returns")).title == "Studio Monitors"


def test_a_hidden_colon_between_kicker_and_headline_stays() -> None:
    h1 = (
        '<h1><span class="kicker">Rail travel</span><span class="visually-hidden">: </span>'
        '<span class="title">By night train to Lisbon</span></h1>'
    )
    meta = page_metadata(_page(h1, "Rail travel: By night train to Lisbon | Daily Courier"))
    assert meta.title == "Rail travel: By night train to Lisbon"


def test_the_leading_element_of_the_h1_is_the_headline_the_title_declares() -> None:
    h1 = (
        '<h1><span class="story-title"><a href="/story/1">Graduates find degrees no longer guarantee jobs</a> '
        '<span class="source">(example.com)</span></span> <span class="count">87</span></h1>'
    )
    meta = page_metadata(_page(h1, "Graduates find degrees no longer guarantee jobs - Tech Digest"))
    assert meta.title == "Graduates find degrees no longer guarantee jobs"


def test_a_leading_element_that_opens_the_title_before_a_colon_is_the_headline() -> None:
    h1 = '<h1 id="title"><span id="productTitle">Small Habits: A Guide</span> <span>Hardcover – May 1, 2020</span></h1>'
    meta = page_metadata(_page(h1, "Small Habits: A Guide: Roe, Jane: 9780000000001: Shop.example: Books"))
    assert meta.title == "Small Habits: A Guide"


def test_a_kicker_element_before_the_bare_headline_is_not_the_headline() -> None:
    h1 = '<h1><span class="kicker">Refilling AdBlue</span> How to top up the tank yourself</h1>'
    meta = page_metadata(_page(h1, "Refilling AdBlue | Car Weekly"))
    assert meta.title == "Refilling AdBlue How to top up the tank yourself"

"""The second opinion: trafilatura on the cleaned tree, or on the page as served."""

from __future__ import annotations


def test_nearly_empty_answers_send_trafilatura_to_the_page_as_served() -> None:
    from selectolax.lexbor import LexborHTMLParser

    from cleaners.html.pipeline import _second_opinion

    paragraphs = "".join(
        f"<p>The harbour ferry will run again from Monday {day}, the council said after debate number {day}.</p>"
        for day in range(1, 13)
    )
    served = f"<html><body><article><h1>Ferry back</h1>{paragraphs}</article></body></html>"
    cleaned = LexborHTMLParser("<html><body><div>Menu</div></body></html>")
    blocks, selector = _second_opinion(cleaned, [], served)
    assert selector == "trafilatura"
    assert sum(len(block.text) for block in blocks) > 500


def test_on_a_page_read_whole_the_served_reading_leaves_out_what_our_rules_took_as_chrome() -> None:
    from selectolax.lexbor import LexborHTMLParser

    from cleaners.html.pipeline import _second_opinion
    from cleaners.model import Removed

    menu = "Plumbing services in every district of the city, emergency call-outs and boiler repairs."
    paragraphs = "".join(
        f"<p>Our engineers fit and service heat pumps in homes of every size, visit number {n} included.</p>"
        for n in range(12)
    )
    served = f"<html><body><main><p>{menu}</p>{paragraphs}</main></body></html>"
    cleaned = LexborHTMLParser("<html><body><div>Menu</div></body></html>")
    chrome = [Removed(kind="navigation", text=menu, rule="dom.navigation.words")]
    for given, menu_kept in ((None, True), (chrome, False)):
        blocks, selector = _second_opinion(cleaned, [], served, given)
        assert selector == "trafilatura"
        text = " ".join(block.text for block in blocks)
        assert "heat pumps" in text
        assert ("boiler repairs" in text) is menu_kept


def test_trafilatura_answer_is_opened_by_the_lead_it_left_out() -> None:
    from cleaners.html.body import RawBlock
    from cleaners.html.pipeline import _with_leads

    lead = RawBlock("paragraph", "The harbour ferry returns on Monday after a winter of repairs, the council said.")
    dateline = RawBlock("paragraph", "12 May 2024")
    body = [RawBlock("paragraph", f"Paragraph {n} of the report explains what the repairs cost.") for n in range(3)]
    assert _with_leads([lead, *body], body, 0) == [lead, *body]
    assert _with_leads([dateline, *body], body, 0) == body  # not prose: stays out
    far = [RawBlock("paragraph", f"Other block {n}, long enough to be a sentence of real prose here.") for n in range(4)]
    assert _with_leads([lead, *far, *body], body, 0) == body  # trafilatura starts far below ours: no guess
    assert _with_leads([lead, *far, *body], body, 1) == [lead, *body]  # a lead our walk found under the title

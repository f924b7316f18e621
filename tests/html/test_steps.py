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

"""Runs of other products' cards on a product page (cleaners/html/cards.py)."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from cleaners.html.cards import remove_card_runs
from cleaners.model import Removed

_CARD = '<li class="card"><a href="/item/{n}"><img src="{n}.jpg">Blue mug number {n}</a><span>$1{n}.99</span></li>'
_FEATURE = '<li class="feature"><a href="/feature/{n}"><img src="{n}.jpg">Feature {n}</a><span>Dishwasher safe</span></li>'


def _page(items: str) -> LexborHTMLParser:
    return LexborHTMLParser(
        f"<html><body><div><h1>Speckled mug</h1><p>A mug made by hand.</p></div><ul>{items}</ul></body></html>"
    )


def test_a_run_of_priced_cards_goes_as_related() -> None:
    tree = _page("".join(_CARD.format(n=n) for n in range(4)))
    assert tree.body is not None
    unabridged: list[Removed] = []
    records = remove_card_runs(tree.body, "product", unabridged)
    assert [record.rule for record in records] == ["dom.related.card_run"]
    assert records[0].kind == "related" and "Blue mug number 3" in unabridged[0].text
    assert "Blue mug" not in tree.body.text() and "A mug made by hand." in tree.body.text()


def test_cards_stay_on_other_page_types_and_without_prices() -> None:
    cards = _page("".join(_CARD.format(n=n) for n in range(4)))
    assert cards.body is not None and remove_card_runs(cards.body, "listing") == []
    features = _page("".join(_FEATURE.format(n=n) for n in range(4)))
    assert features.body is not None and remove_card_runs(features.body, "product") == []


def test_two_cards_or_one_address_make_no_run() -> None:
    two = _page("".join(_CARD.format(n=n) for n in range(2)))
    assert two.body is not None and remove_card_runs(two.body, "product") == []
    same = _page("".join(_CARD.format(n=n).replace(f"/item/{n}", "/item/0") for n in range(4)))
    assert same.body is not None and remove_card_runs(same.body, "product") == []


def test_the_headline_s_container_stays() -> None:
    tree = LexborHTMLParser(
        "<html><body><div><h1>Mugs</h1>" + "".join(_CARD.format(n=n).replace("li", "div") for n in range(4)) + "</div></body></html>"
    )
    assert tree.body is not None and remove_card_runs(tree.body, "product") == []


def test_the_runs_heading_goes_with_it_but_not_a_wrapper_holding_more() -> None:
    cards = "".join(_CARD.format(n=n) for n in range(4))
    tree = LexborHTMLParser(
        "<html><body><div><h1>Speckled mug</h1><p>A mug made by hand.</p></div>"
        f"<section><h2>Similar items</h2><div class='viewport'><ul>{cards}</ul></div><button>Next</button></section>"
        "</body></html>"
    )
    assert tree.body is not None
    remove_card_runs(tree.body, "product")
    assert "Similar items" not in tree.body.text() and "A mug made by hand." in tree.body.text()
    prose = "Our potters fire each mug twice in a wood kiln, so no two share a glaze or a shape. " * 2
    tree = LexborHTMLParser(
        "<html><body><div><h1>Speckled mug</h1></div>"
        f"<section><h2>Similar items</h2><p>{prose}</p><ul>{cards}</ul></section></body></html>"
    )
    assert tree.body is not None
    remove_card_runs(tree.body, "product")
    assert "Blue mug" not in tree.body.text() and "wood kiln" in tree.body.text()

"""Lead recovery: the standfirst in the article header, apart from the body's container."""

from __future__ import annotations

from cleaners import extract

_LEAD = "The harbour ferry returns on Monday after a winter of repairs, the council said on Tuesday evening."
_BODY = "".join(
    f"<p>Paragraph {n} of the report explains, in some detail, what the repairs to the ferry cost and why.</p>"
    for n in range(1, 15)
)


def _page(header: str, *, title: str = "Harbour ferry returns") -> str:
    return (
        f"<html><head><title>{title}</title></head><body>"
        f"<div class='site'><header class='article-header'>{header}</header>"
        f"<div class='article-content'>{_BODY}</div></div></body></html>"
    )


def test_the_lead_between_title_and_body_opens_the_body() -> None:
    page = _page(f"<h1>Harbour ferry returns</h1><div class='date'>12 May 2024</div><p class='intro'>{_LEAD}</p>")
    article = extract(page)
    assert article.body[0].type == "paragraph"
    assert article.body[0].text == _LEAD
    assert article.body[1].text.startswith("Paragraph 1 ")


def _leads(header: str, *, title: str | None = "Harbour ferry returns", authors: tuple[str, ...] = ()) -> list[str]:
    from selectolax.lexbor import LexborHTMLParser

    from cleaners.html.lead import leads_before

    tree = LexborHTMLParser(_page(header))
    body = tree.css_first("div.article-content")
    assert body is not None
    return [node.text(strip=True) for node in leads_before(body, title=title, authors=authors)]


def test_the_walk_finds_the_lead_under_the_title() -> None:
    assert _leads(f"<h1>Harbour ferry returns</h1><div class='date'>12 May 2024</div><p>{_LEAD}</p>") == [_LEAD]


def test_no_lead_is_taken_without_a_title_heading_above_it() -> None:
    assert _leads(f"<div class='date'>12 May 2024</div><p class='intro'>{_LEAD}</p>") == []


def test_a_heading_that_is_not_the_article_title_anchors_nothing() -> None:
    header = f"<h1>The Daily Bugle</h1><p class='intro'>{_LEAD}</p>"
    assert _leads(header, title="Harbour ferry returns to service") == []
    assert _leads(header, title=None) == [_LEAD]


def test_much_other_text_between_title_and_body_stops_the_walk() -> None:
    filler = "<div class='promo'>" + "Subscribe to our print edition today and save " * 20 + "</div>"
    assert _leads(f"<h1>Harbour ferry returns</h1><p class='intro'>{_LEAD}</p>{filler}") == []


def test_an_author_bio_under_the_title_is_not_a_lead() -> None:
    bio = "By Ann Smith, a senior reporter who has covered transport and the harbour for more than ten years."
    assert _leads(f"<h1>Harbour ferry returns</h1><p class='bio'>{bio}</p>", authors=("Ann Smith",)) == []


def test_captions_and_link_lists_are_not_leads() -> None:
    caption = "<figure><img src='a.jpg'><figcaption>The ferry in dry dock at the harbour, photographed in March this year.</figcaption></figure>"
    links = "<p>" + " ".join(f"<a href='/{n}'>Another story about the harbour number {n}</a>" for n in range(3)) + ".</p>"
    assert _leads(f"<h1>Harbour ferry returns</h1>{caption}{links}") == []


def test_a_standfirst_is_the_description_and_stays_the_texts_first_paragraph() -> None:
    # The text is the article as read: its dek or chapô included, whatever the markup calls it.
    for holder in (f"<h2 itemprop='description'>{_LEAD}</h2>", f"<p class='article-standfirst'>{_LEAD}</p>",
                   f"<p class='article-lead'>{_LEAD}</p>"):
        page = _page(f"<h1>Harbour ferry returns</h1>{holder}").replace(
            "<head>", f"<head><meta name='description' content='{_LEAD}'>"
        )
        article = extract(page)
        assert article.description == _LEAD
        assert article.text.startswith(_LEAD)
        assert article.body[1].text.startswith("Paragraph 1 ")

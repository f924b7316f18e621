"""Extraction per page type (issue 12, item 3), each on a page written for the test."""

from __future__ import annotations

from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from cleaners import extract
from cleaners.html.items import item_runs
from cleaners.html.pipeline import extract_html_traced
from cleaners.html.rules import dom_rules

PAGES = Path(__file__).parent / "pages"
CARDS = ("Alder trail runner", "Birch road shoe", "Cedar hiking boot", "Dune sandal", "Elm court sneaker",
         "Fern walking shoe", "Grove slip-on", "Heath winter boot")


def test_a_collection_keeps_its_grid_of_linked_cards_beside_its_introduction() -> None:
    # The prose selector picks the introduction; each product card is one link (title, price and
    # note inside it), so link pruning used to drop every card's title.
    article = extract((PAGES / "collection_grid.html").read_bytes(), source="collection_grid.html")
    assert article.page_type == "collection"
    assert article.text.startswith("Light shoes made from recycled materials")
    headings = [block.text for block in article.body if block.type == "heading"]
    assert headings == list(CARDS)
    assert "$95.00" in article.text
    for control in ("Size 8", "Next", "Featured"):  # the filters and pager are not items
        assert control not in article.text


def test_the_longest_run_of_like_items_wins_and_short_entries_make_no_run() -> None:
    html = (
        "<body><ul class='menu'><li>Home</li><li>Shop</li><li>Sale</li><li>Help</li></ul>"
        "<div class='grid'>"
        + "".join(f"<div class='card'><a href='/p/{i}'>Walnut desk number {i} with drawers</a></div>" for i in range(3))
        + "<div class='banner'>Free delivery on orders over fifty pounds this week</div></div>"
        "<div class='row'>"
        + "".join(f"<div class='card'>Oak shelf {i} two metres</div>" for i in range(2))
        + "</div></body>"
    )
    body = LexborHTMLParser(html).body
    assert body is not None
    run = max(item_runs(body, dom_rules().item_runs), key=lambda found: found.chars, default=None)
    assert run is not None
    assert run.container.attributes.get("class") == "grid" and run.items == 3


def test_a_service_page_keeps_every_section_and_its_feature_cards() -> None:
    # Hero, linked feature cards, pricing and FAQ: the prose selector alone kept the three
    # longest paragraphs, without the headings and the cards.
    article = extract((PAGES / "service_landing.html").read_bytes(), source="service_landing.html")
    assert article.page_type == "service"
    headings = [block.text for block in article.body if block.type == "heading"]
    for heading in ("Everything in one place", "Scheduled exports", "Audit trail", "Pricing", "Where is my data stored?"):
        assert heading in headings
    assert "Give each team a dashboard that updates as the numbers change." in article.text
    for chrome in ("Log in", "Privacy"):
        assert chrome not in article.text


def test_a_forum_keeps_the_replies_beside_the_opening_post() -> None:
    # The opening post reads most like prose; the eight replies sit in a list of their own, each
    # starting with its poster's name (the thread's author among them: no byline there).
    article = extract((PAGES / "forum_thread.html").read_bytes(), source="forum_thread.html")
    assert article.page_type == "forum"
    assert article.text.startswith("I am restoring a 1970s road bike")
    replies = [block.text for block in article.body if block.type == "list_item"]
    assert len(replies) == 8
    assert replies[5].startswith("kestrel Chainring bolts it was.")
    # Posters' cards and signatures repeat the poster, not the discussion.
    assert "Veteran, 4,210 posts" not in article.text and "Ride steel" not in article.text
    assert {record.rule for record in article.removed} >= {"dom.boilerplate.poster_card"}
    for chrome in ("Log in", "Forum rules", "Workshop"):
        assert chrome not in article.text


def test_a_thread_the_model_is_fairly_sure_of_keeps_its_comments() -> None:
    # A link board's thread: the story's link, then eight replies classed "comment". The model
    # calls it a forum with less confidence than the type-scoped rules need (0.6 to 0.8), which is
    # enough to keep the replies: without them the page has no content at all.
    article = extract((PAGES / "link_thread.html").read_bytes(), source="link_thread.html")
    assert article.page_type == "forum"
    for reply in ("most of the clone calls simply went away", "half my boilerplate would vanish",
                  "the migration tool did nearly all of the work for us"):
        assert reply in article.text
    assert "dom.comments.words" not in {record.rule for record in article.removed}
    assert "Login" not in article.text


def test_a_modal_dialog_is_never_the_content_whatever_it_holds() -> None:
    # The terms of sale open in a modal dialog holding a heading and more prose than the product's
    # description: without the modal rule its prose outweighs the product.
    article = extract((PAGES / "product_with_modal.html").read_bytes(), source="product_with_modal.html")
    assert "undyed wool of a single flock" in article.text
    assert "Material: 100% wool" in article.text
    assert "These terms govern" not in article.text
    assert any(record.rule == "dom.boilerplate.modal" for record in article.removed)


def test_a_section_front_keeps_every_run_of_teasers() -> None:
    # Two runs of teasers in separate containers (the second in a side rail); the longest alone
    # left the other section out.
    article = extract((PAGES / "listing_sections.html").read_bytes(), source="listing_sections.html")
    assert article.page_type == "listing"
    headlines = [block.text for block in article.body if block.type == "heading"]
    assert len(headlines) == 9
    assert headlines[0] == "Chip makers race to build smaller transistors"
    assert headlines[-1] == "Students build a weather station from spare parts"
    assert article.text.startswith("Our technology desk covers")


def test_a_product_keeps_its_feature_rows_and_specifications_beside_its_description() -> None:
    # The description is the one long container and reads as a sure choice; the feature rows and
    # the specification table are separate sections. On a product page trafilatura reads the page
    # as served and its answer, holding all of them, is taken.
    page = (PAGES / "product_scattered.html").read_bytes()
    article, trace = extract_html_traced(page, source="product_scattered.html")
    assert article.page_type == "product"
    assert trace.selector == "trafilatura"
    for part in ("beech-coloured resin", "Quiet boil", "Keep warm for thirty minutes", "Easy to descale", "2200 W"):
        assert part in article.text
    for chrome in ("Add to cart", "Privacy", "Harbour Street"):
        assert chrome not in article.text
    # Trafilatura's reading keeps the related products; they were removed as such, the last of
    # them far past the 300 characters the audit keeps of the removed section.
    assert any(record.rule == "dom.related.words" for record in article.removed)
    for related in ("Harbour Teapot", "Harbour Coffee Grinder"):
        assert related not in article.text


def test_a_thread_whose_opening_post_is_long_keeps_every_reply() -> None:
    # The opening post alone holds 3,000 characters, more than a listing's introduction may hold
    # before its items are ignored; on a forum a selection inside the run of posts is one post,
    # and the thread is the content.
    article = extract((PAGES / "forum_long_opening_post.html").read_bytes(), source="forum_long_opening_post.html")
    assert article.page_type == "forum"
    assert article.text.startswith("I moved my workstation to a small desktop operating system")
    for reply in ("Suspend started working for me after a firmware update", "the battery lasts about five hours",
                  "named after an older model"):
        assert reply in article.text
    for chrome in ("Log in", "Terms and rules"):
        assert chrome not in article.text


def test_a_product_rendered_by_script_yields_no_text_not_its_search_box() -> None:
    # The page as served holds only the search bar's links; our link pruning removes them, and
    # trafilatura's reading of the served page must not bring them back as the product.
    page = (PAGES / "product_rendered_by_script.html").read_bytes()
    article, trace = extract_html_traced(page, source="product_rendered_by_script.html",
                                         url="https://shop.example/item/1005010537563439.html")
    assert article.page_type == "product"
    assert trace.selector == "trafilatura"
    assert article.text == ""
    assert [record.rule for record in article.removed] == ["dom.footer.tag", "body.link_list", "select.no_text"]


def test_a_product_title_stops_before_the_variant_after_a_dash() -> None:
    # "Name - 1.7 L": what follows the dash is the variant on sale, not the product's name.
    page = (PAGES / "product_scattered.html").read_text(encoding="utf-8")
    page = page.replace("Harbour Kettle 1.7 L</", "Harbour Kettle - 1.7 L</")
    article = extract(page.encode(), source="product_scattered.html")
    assert article.page_type == "product"
    assert article.title == "Harbour Kettle"

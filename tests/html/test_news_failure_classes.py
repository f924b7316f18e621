"""Failure classes seen on held-out news pages (issue 12, item 4), each on a page written for it.

Every page goes through the real extraction (``cleaners.extract``), trafilatura's second
opinion included; each test fails without the fix it names.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaners import Article, extract

PAGES = Path(__file__).parent / "pages"


def _extract(name: str) -> Article:
    return extract((PAGES / name).read_bytes(), source="x.html")


def test_consent_manager_banners_are_cookie_notices_whatever_their_parts_are_called() -> None:
    article = _extract("consent_managers.html")
    banners = [record for record in article.removed if ":" in record.text[:30]]
    # One record per consent manager, each a cookie notice: their "banner" parts are no adverts,
    # and a hidden dialog is still a consent dialog.
    labels = sorted(record.text.split(":")[0] for record in banners)
    assert labels == sorted([
        "Cookiebot dialog", "OneTrust banner", "Didomi notice", "Quantcast summary", "Usercentrics banner",
        "TrustArc banner", "Sourcepoint message", "Osano dialog", "Complianz banner", "Generic consent layer",
        "Consent layer promo",
    ])
    assert {record.kind for record in banners} == {"cookie_notice"}
    assert all(record.rule and record.rule.startswith("dom.cookie_notice.") for record in banners)
    assert "advertisement" not in {record.kind for record in article.removed}
    assert article.text.startswith("The regional rail operator") and article.text.endswith("commuters on the line.")


def test_text_no_reader_sees_leaves_the_body_and_what_readers_see_stays() -> None:
    article = _extract("unseen_text.html")
    for unseen in ("library, flood", "2024-05-02", "{{ article", "@context", "library-reading-room.jpg"):
        assert unseen not in article.text
    rules = {record.rule for record in article.removed}
    assert {"dom.related.keywords", "dom.hidden"} <= rules
    assert {f"dom.machine_text.{group}" for group in ("timestamp", "template", "json", "image_url")} <= rules
    # Shown to readers: text found by in-page search, a paragraph shown on larger screens, a
    # URL inside a sentence, a template tag written as code, JSON in a code block.
    for seen in ("The repairs, which cost", "On larger screens", "published at https://example.org/plan.png on",
                 "write {{ volunteer.name }} on", '{"opening": "09:00", "closing": "18:00"}'):
        assert seen in article.text


def test_a_gallery_keeps_one_copy_of_its_caption_and_none_of_its_controls() -> None:
    article = _extract("gallery_slides.html")
    texts = [block.text for block in article.body]
    assert sum(text.startswith("Crowds gathered along the river") for text in texts) == 1
    for control in ("Caption", "Expand", "Close", "1 / 6", "6 / 6", "2 of 3"):
        assert control not in texts and control not in article.text
    # Each slide's own caption is content.
    for caption in ("The dragon lantern", "Children from the harbour school", "Fireworks over the water"):
        assert sum(text.startswith(caption) for text in texts) == 1
    records = {(record.kind, record.rule) for record in article.removed}
    assert {("navigation", "dom.gallery.control"), ("duplicate", "dom.gallery.repeat")} <= records


def test_teasers_of_other_articles_after_the_article_are_related() -> None:
    article = _extract("teasers_after_article.html")
    assert article.text.endswith("planned for next year.")
    for teaser in ("Bridge closure", "corrosion", "School meal prices", "Harbour festival", "cycle lanes", "2 May"):
        assert teaser not in article.text
    runs = [record for record in article.removed if record.rule == "dom.related.teaser_run"]
    assert [record.kind for record in runs] == ["related", "related"]
    assert runs[0].text.startswith("Bridge closure extended until autumn Engineers found more corrosion")


@pytest.mark.parametrize("page", ["teasers_roundup.html", "teasers_linked_away.html"])
def test_teasers_that_are_the_content_stay(page: str) -> None:
    # A round-up is mostly teasers; a list of picks links away from the site: both are the article's.
    article = _extract(page)
    assert "dom.related.teaser_run" not in {record.rule for record in article.removed}
    headlines = [block.text for block in article.body if block.type == "heading"]
    assert len(headlines) >= 4


def test_a_page_written_as_line_breaks_splits_into_paragraphs() -> None:
    # One table cell holds menu, headline, eight paragraphs and footer, set apart by <br><br> only.
    article = _extract("line_breaks_only.html")
    blocks = [block.text for block in article.body]
    assert blocks[0] == "Harbour dredging to start in spring"  # the bold headline line, a block of its own
    assert blocks[1].startswith("The town council voted on Tuesday") and blocks[1].endswith("the silt should go.")
    assert blocks[-1].startswith("A public meeting") and blocks[-1].endswith("answer questions from residents.")
    assert len(blocks) == 9
    for boilerplate in ("Contact us", "Copyright", "Advertise with us"):
        assert boilerplate not in article.text


def test_a_post_written_as_line_breaks_stays_one_block_among_its_thread() -> None:
    # The second of four posts holds most of the thread's text in <br><br> lines; split into
    # paragraphs it would outweigh the thread, so a post among like posts is left whole.
    article = _extract("line_breaks_in_one_post.html")
    long_posts = [block.text for block in article.body if "Line 0 of the long answer" in block.text]
    assert len(long_posts) == 1 and "Line 5 of the long answer" in long_posts[0]
    assert "Thanks, that fixed it." in article.text and "Has anyone rebuilt" in article.text


def test_an_article_rendered_by_script_is_read_from_its_declared_body() -> None:
    # The markup holds a menu, a loading placeholder and a footer; the article itself is only in
    # the page's JSON-LD articleBody, one paragraph a line.
    article = _extract("scripted_article.html")
    assert [block.text[:40] for block in article.body] == [
        "The harbour board approved a new ferry t",
        "Passengers had asked for later sailings ",
        "The extra crossings will be run by the s",
        "Tickets for the new crossings go on sale",
    ]
    assert "Loading" not in article.text and article.authors == ["Mara Quill"]


def test_a_section_rendered_twice_for_two_screen_widths_is_kept_once() -> None:
    # A mobile and a desktop copy of one section (heading and two paragraphs); a long refrain the
    # author repeats stays twice (short repeats are the duplicates step's).
    article = _extract("responsive_copies.html")
    assert article.text.count("Built for the coast") == 1
    assert article.text.count("Two deep pockets close with brass poppers") == 1
    assert article.text.count("Wax it in the autumn, wear it through the spring,") == 2
    assert [record.rule for record in article.removed if record.kind == "duplicate"] == ["body.copied_section"]

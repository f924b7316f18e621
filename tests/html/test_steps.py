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


def test_a_second_opinion_keeps_our_paragraph_breaks_where_it_joined_lines() -> None:
    from cleaners.html.body import RawBlock
    from cleaners.html.own_markup import with_own_markup

    lines = [f"Line {n} of the post says something long enough to be a paragraph of its own." for n in range(3)]
    ours = [RawBlock("paragraph", line) for line in lines]
    joined = RawBlock("paragraph", " ".join(lines))
    other = RawBlock("paragraph", "A paragraph trafilatura read that ours does not hold at all.")
    assert with_own_markup([joined, other], ours) == [*ours, other]
    # Only a run of whole paragraphs, two or more, stands in: a joined text that goes on is theirs.
    longer = RawBlock("paragraph", " ".join(lines) + " And one more sentence.")
    assert with_own_markup([longer], ours) == [longer]
    assert with_own_markup([RawBlock("paragraph", lines[0])], ours) == [RawBlock("paragraph", lines[0])]


def test_what_the_second_opinion_leaves_out_of_our_reading_is_recorded() -> None:
    from pathlib import Path

    from cleaners.html.pipeline import extract_html_traced

    # An old blog: the post's lines set apart by <br><br> in one <div>, a byline line above them.
    page = (Path(__file__).parent / "pages" / "blog_lines_second_opinion.html").read_bytes()
    article, trace = extract_html_traced(page, source="blog")
    assert trace.selector == "trafilatura"
    paragraphs = [block.text for block in article.body]
    assert len(paragraphs) == 5  # the post's title (a styled <div>), then one per line, not one block
    assert paragraphs[1].startswith("My starter was sluggish")
    assert paragraphs[4].startswith("Within a week")
    records = [item for item in article.removed if item.rule == "select.second_opinion"]
    assert [item.text for item in records] == ["September 2, 2023 by Sam Baker | 14 Comments"]


def test_a_lead_trafilatura_skipped_under_its_headline_goes_back_under_the_headline() -> None:
    from cleaners.html.body import RawBlock
    from cleaners.html.pipeline import _with_leads

    headline = RawBlock("heading", "Council backs twelve kilometres of new cycle lanes", 1)
    byline = RawBlock("paragraph", "By Petra Schmidt | 05.06.2024")
    lead = RawBlock("paragraph", "The council voted on Wednesday, by a wide margin, for a package of new cycle lanes.")
    body = [RawBlock("paragraph", f"Paragraph {n} of the report explains what the lanes will cost.") for n in range(3)]
    # Trafilatura opens with the headline, then skips the byline and the lead set apart in bold.
    assert _with_leads([headline, byline, lead, *body], [headline, *body], 0) == [headline, lead, *body]
    assert _with_leads([headline, *body], [headline, *body], 0) == [headline, *body]


def test_a_bold_lead_under_the_headline_stays_in_the_article() -> None:
    from pathlib import Path

    from cleaners.html.pipeline import extract_html_traced

    page = (Path(__file__).parent / "pages" / "news_bold_lead.html").read_bytes()
    article, trace = extract_html_traced(page, source="news")
    assert trace.selector == "trafilatura"
    paragraphs = [block.text for block in article.body]
    assert paragraphs[0].startswith("Der Stadtrat hat am Mittwoch")
    assert paragraphs[1].startswith("Die Pläne sehen")
    assert [item.rule for item in article.removed if item.text.startswith("Von Petra Schmidt")] == ["select.second_opinion"]


def test_left_out_text_that_the_body_holds_after_all_is_not_recorded_as_removed() -> None:
    from cleaners.html.body import RawBlock
    from cleaners.html.pipeline import _not_in_body
    from cleaners.model import Removed

    table = Removed(kind="boilerplate", text="Specifications Weight 290 g Drop 6 mm", rule="select.outside")
    menu = Removed(kind="boilerplate", text="Men Women Sale", rule="select.outside")
    body = [RawBlock("heading", "Specifications", 2), RawBlock("table", "Weight | 290 g\nDrop | 6 mm")]
    assert _not_in_body([table, menu], body) == [menu]
    # A removed link's words inside a sentence of the body are not that link ("learn more").
    link = Removed(kind="boilerplate", text="learn more", rule="body.link_list")
    prose = [RawBlock("paragraph", "To learn more about soils, read on."), RawBlock("paragraph", "learn more")]
    assert _not_in_body([link], prose[:1]) == [link]
    assert _not_in_body([link], prose) == []


def test_a_sphinx_page_keeps_its_code_and_loses_its_chrome_and_anchor_marks() -> None:
    from pathlib import Path

    from cleaners import extract

    page = (Path(__file__).parent / "pages" / "sphinx_docs_page.html").read_bytes()
    article = extract(page, source="docs")
    assert article.page_type == "documentation"
    assert article.title == "Installation"
    headings = [block.text for block in article.body if block.type == "heading"]
    assert headings == ["Requirements", "From PyPI"]  # the <h1> is the title; no pilcrows
    code = [(block.language, block.text) for block in article.body if block.type == "code"]
    assert code == [("console", "$ pip install quillpad"), ("python", "import quillpad\nprint(quillpad.__version__)")]
    assert "Edit on GitHub" not in article.text and "Previous" not in article.text


def test_what_our_link_pruning_took_but_the_reading_taken_holds_is_not_recorded_as_removed() -> None:
    from pathlib import Path

    from cleaners.html.pipeline import extract_html_traced

    # A short guide with a table of other guides under it: our link pruning takes the table,
    # the second opinion's reading, taken, holds it.
    page = (Path(__file__).parent / "pages" / "guide_with_links_table.html").read_bytes()
    article, trace = extract_html_traced(page, source="guide")
    assert trace.selector == "trafilatura"
    assert "Radiator cold at the top | 5 min read" in article.text
    assert [item.rule for item in article.removed] == ["dom.header.tag", "dom.footer.tag", "select.outside"]


def test_a_thread_whose_selection_holds_its_posts_is_read_as_posts() -> None:
    from pathlib import Path

    from cleaners.html.pipeline import extract_html_traced

    page = (Path(__file__).parent / "pages" / "forum_suggested_topics.html").read_bytes()
    article, trace = extract_html_traced(page, source="forum")
    assert article.page_type == "forum"
    assert trace.selector == "own"  # not trafilatura's reading, which adds the other topics' table
    assert article.text.startswith("Every morning the pressure gauge")
    assert article.text.endswith("The pressure has held at 1.3 bar for two days now.")
    assert "Radiator cold at the top" not in article.text
    assert any(item.text.startswith("Suggested Topics") for item in article.removed)

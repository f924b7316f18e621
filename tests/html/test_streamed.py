"""React's streamed segments are read where the page's scripts put them."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from cleaners import extract
from cleaners.html.streamed import place_streamed_segments

_STORY = (
    "The harbour authority voted on Tuesday to reopen the old ferry pier after four years of repairs, "
    "and the first boats are expected to call there before the summer timetable begins. "
)


def _streamed_page(call: str = '$RC("B:0","S:0")') -> str:
    """A page as a streaming server sends it: header, a loading skeleton, then the article hidden."""
    paragraphs = "".join(f"<p>{_STORY}Paragraph {n}.</p>" for n in range(6))
    return (
        "<html><head><title>Pier reopens | Harbour News</title></head><body>"
        "<header><a href='/'>Harbour News</a></header>"
        '<!--$?--><template id="B:0"></template><main><div class="skeleton">Loading the story</div></main><!--/$-->'
        "<footer><p>Harbour News, all rights reserved.</p></footer>"
        f'<div hidden id="S:0"><main><article><h1>Pier reopens</h1>{paragraphs}</article></main></div>'
        f"<script>{call}</script></body></html>"
    )


def test_segment_replaces_the_fallback_before_the_footer() -> None:
    tree = LexborHTMLParser(_streamed_page())
    assert place_streamed_segments(tree) == 1
    body = tree.body
    assert body is not None
    assert body.css_first("[hidden]") is None
    assert "Loading the story" not in body.text()
    assert body.text().index("Pier reopens") < body.text().index("all rights reserved")


def test_extract_reads_the_streamed_article() -> None:
    article = extract(_streamed_page().encode(), url="https://news.example/pier")
    assert article.text.count("Paragraph") == 6
    assert "Loading the story" not in article.text


def test_pairs_by_number_without_the_script_and_placeholders_of_segments() -> None:
    page = (
        '<body><div id="a"><template id="P:1"></template><p>after</p></div>'
        '<div hidden id="S:1"><p>segment text</p></div></body>'
    )
    tree = LexborHTMLParser(page)
    assert place_streamed_segments(tree) == 1
    assert tree.body is not None
    assert tree.body.text(separator=" ").split() == ["segment", "text", "after"]


def test_without_a_closing_comment_nothing_after_the_placeholder_is_dropped() -> None:
    page = _streamed_page().replace("<!--/$-->", "")
    tree = LexborHTMLParser(page)
    assert place_streamed_segments(tree) == 1
    assert tree.body is not None
    assert "Loading the story" in tree.body.text() and "all rights reserved" in tree.body.text()


def test_a_hidden_div_of_no_stream_stays_hidden() -> None:
    tree = LexborHTMLParser('<body><div hidden id="S:x-menu"><p>menu</p></div><div hidden id="S:2">x</div></body>')
    assert place_streamed_segments(tree) == 0
    assert tree.body is not None and len(tree.body.css("[hidden]")) == 2


def test_a_segment_holding_its_own_placeholder_is_not_moved_into_itself() -> None:
    tree = LexborHTMLParser('<body><div hidden id="S:1"><p>x</p><template id="P:1"></template></div></body>')
    assert place_streamed_segments(tree) == 0
    assert tree.body is not None and tree.body.css_first("div[hidden]") is not None

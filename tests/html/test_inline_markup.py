"""What blocks keep of their markup beside plain text: links (resolved, never scripts),
emphasis, code and its language, numbered lists, table cells and the pictures before a block,
on pages built here; whichever selector wins (ours or the second opinion)."""

from __future__ import annotations

import pytest

from cleaners import Article, RuleDataError, extract
from cleaners.html.inline import load_inline_markup

PROSE = ("The council met on Tuesday evening to discuss the budget for the coming year, and members argued "
         "at length about the cost of the new library and the repairs to the old bridge over the river.")


def _page(body: str, *, paragraphs: int = 6) -> bytes:
    filler = "".join(f"<p>{PROSE} Paragraph {n}.</p>" for n in range(paragraphs))
    return (f"<html><head><title>Budget night</title></head><body><nav><a href='/'>Home</a></nav>"
            f"<article><h1>Budget night</h1>{body}{filler}</article><footer>(c) Paper</footer></body></html>").encode()


def _block(article: Article, starts: str):  # type: ignore[no-untyped-def]
    return next(block for block in article.body if block.text.startswith(starts))


@pytest.mark.parametrize("paragraphs", [0, 6], ids=["short page", "long page"])
def test_links_and_emphasis_are_spans_of_the_plain_text(paragraphs: int) -> None:
    page = _page(f"<p>Read <a href='/budget/2026.pdf'>the full budget</a>, <em>not</em> the <strong>summary</strong>, "
                 f"or run <code>make report</code>; <a href='javascript:void(0)'>print</a> <a href='#top'>up</a>. "
                 f"{PROSE}</p>", paragraphs=paragraphs)
    article = extract(page, url="https://news.example/city/budget.html")
    block = _block(article, "Read the full budget")
    assert block.text.startswith("Read the full budget, not the summary, or run make report; print up.")
    assert [(s.type, s.text, s.url) for s in block.spans] == [
        ("link", "the full budget", "https://news.example/budget/2026.pdf"),
        ("emphasis", "not", None),
        ("strong", "summary", None),
        ("code", "make report", None),
    ]
    markdown = article.to_markdown()
    assert "Read [the full budget](https://news.example/budget/2026.pdf), *not* the **summary**, or run " \
           "`make report`; print up." in markdown
    assert "javascript" not in markdown and "javascript" not in article.to_html()


def test_a_link_inside_emphasis_keeps_its_address() -> None:
    article = extract(_page(f"<p><em>See <a href='https://other.example/x'>the report</a> first.</em> {PROSE}</p>"))
    assert [(s.type, s.url) for s in _block(article, "See the report").spans] == [("link", "https://other.example/x")]


def test_headings_keep_links_but_not_emphasis() -> None:
    article = extract(_page(f"<h2><strong>What the <a href='/law'>law</a> says</strong></h2><p>{PROSE}</p>"),
                      url="https://news.example/a")
    heading = _block(article, "What the law says")
    assert heading.type == "heading" and [(s.type, s.url) for s in heading.spans] == [("link", "https://news.example/law")]


@pytest.mark.parametrize(("markup", "language"), [
    ("<pre class='language-python'><code>x = 1</code></pre>", "python"),
    ("<pre><code class='lang-js'>let x = 1;</code></pre>", "js"),
    ("<div class='highlight highlight-source-shell'><pre>ls -l</pre></div>", "shell"),
    ("<div class='highlight-python notranslate'><div class='highlight'><pre>x = 1</pre></div></div>", "python"),
    ("<pre data-lang='Rust'>fn main() {}</pre>", "rust"),
    ("<pre class='language-none'><code>plain</code></pre>", None),
    ("<pre lang='en'>not a language</pre>", None),
])
def test_code_blocks_carry_the_language_the_page_declares(markup: str, language: str | None) -> None:
    article = extract(_page(f"<p>{PROSE}</p>{markup}<p>{PROSE}</p>"))
    code = next(block for block in article.body if block.type == "code")
    assert code.language == language
    fence = "```" + (language or "") + "\n"
    assert fence in article.to_markdown()


def test_numbered_lists_are_ordered_and_bulleted_ones_are_not() -> None:
    article = extract(_page(f"<p>{PROSE}</p><ol><li>Open the valve slowly</li><li>Check the gauge</li></ol>"
                            f"<p>{PROSE}</p><ul><li>Bring a torch with you</li><li>Bring a spare key</li></ul>"))
    items = [(block.text, block.ordered) for block in article.body if block.type == "list_item"]
    assert items == [("Open the valve slowly", True), ("Check the gauge", True),
                     ("Bring a torch with you", False), ("Bring a spare key", False)]
    markdown = article.to_markdown()
    assert "1. Open the valve slowly\n2. Check the gauge" in markdown
    assert "- Bring a torch with you\n- Bring a spare key" in markdown
    assert "<ol><li>Open the valve slowly</li>" in article.to_html()


def test_table_cells_keep_bars_and_empty_cells_apart() -> None:
    article = extract(_page(f"<p>{PROSE}</p><table><tr><th>Mode</th><th>Flag</th><th>Note</th></tr>"
                            "<tr><td>read | write</td><td>-rw</td><td></td></tr><tr><td>exec</td><td>-x</td>"
                            f"<td>rare</td></tr></table><p>{PROSE}</p>"))
    table = next(block for block in article.body if block.type == "table")
    assert table.cells == [["Mode", "Flag", "Note"], ["read | write", "-rw", ""], ["exec", "-x", "rare"]]
    assert "| read \\| write | -rw |  |" in article.to_markdown()


def test_pictures_stand_before_the_block_that_follows_them() -> None:
    page = _page(f"<p>{PROSE} First.</p><figure><img src='/img/bridge.jpg' alt='The bridge'>"
                 f"<figcaption>The old bridge at dawn.</figcaption></figure><p>{PROSE} Second.</p>"
                 f"<p><img data-src='/img/map.png' src='data:image/gif;base64,R0lGOD'> {PROSE} Third.</p>")
    article = extract(page, url="https://news.example/city/budget.html")
    second = _block(article, PROSE + " Second.")
    assert [(i.url, i.alt, i.caption) for i in second.images] == [
        ("https://news.example/img/bridge.jpg", "The bridge", "The old bridge at dawn.")]
    third = _block(article, PROSE + " Third.")
    assert [i.url for i in third.images] == ["https://news.example/img/map.png"]
    # The first figure is also the lead image: Markdown shows it once, under the title.
    assert article.lead_image is not None and article.lead_image.url == "https://news.example/img/bridge.jpg"
    markdown = article.to_markdown()
    assert markdown.startswith("# Budget night\n\n![The bridge](https://news.example/img/bridge.jpg)\n\n"
                               "*The old bridge at dawn.*\n\n")
    assert markdown.count("bridge.jpg") == 1
    assert "![](https://news.example/img/map.png)\n\n" + PROSE + " Third." in markdown


def test_a_dropped_blocks_pictures_pass_to_the_next_block() -> None:
    page = _page(f"<p>{PROSE} First.</p><p><img src='/img/a.jpg'>Photo: Jane Roe/Agency</p><p>{PROSE} Next.</p>")
    article = extract(page, url="https://news.example/a")
    assert not any("Jane Roe/Agency" in block.text for block in article.body)
    assert [i.url for i in _block(article, PROSE + " Next.").images] == ["https://news.example/img/a.jpg"]


def test_plain_text_keeps_fence_languages_and_numbered_lists() -> None:
    article = extract(b"Notes\n\n" + PROSE.encode() + b"\n\n```python\nprint(1)\n```\n\n1. one\n2. two\n\n- a\n- b\n",
                      source="notes.txt")
    assert [(b.type, b.language) for b in article.body if b.type == "code"] == [("code", "python")]
    assert [(b.text, b.ordered) for b in article.body if b.type == "list_item"] == [
        ("one", True), ("two", True), ("a", False), ("b", False)]


def test_the_markup_data_is_checked_as_it_loads() -> None:
    good = "[spans]\nlink=['a']\nstrong=['b']\nemphasis=['i']\ncode=['code']\n" \
           "[code]\nclass_prefixes=['language-']\nattributes=[]\nnot_languages=[]\n"
    assert load_inline_markup(good).span_tags == {"a": "link", "b": "strong", "i": "emphasis", "code": "code"}
    with pytest.raises(RuleDataError, match=r"\[spans\]: unknown key 'underline'"):
        load_inline_markup(good.replace("code=['code']", "code=['code']\nunderline=['u']"))
    with pytest.raises(RuleDataError, match="missing key 'code'"):
        load_inline_markup("[spans]\nlink=['a']\nstrong=['b']\nemphasis=['i']\ncode=['code']\n")

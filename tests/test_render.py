"""Markdown, text and HTML renderings of articles: the seed as a reader expects it, and every
fixture's Markdown read back by a Markdown parser (markdown-it-py) into the same structure."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token
from selectolax.lexbor import LexborHTMLParser

from cleaners import Article, Block, Image, Span, extract
from cleaners.render.common import link_target
from tests.conftest import ROOT

SEED = ROOT / "seeds" / "000_187cdce079f5099f.txt"
FIXTURES = sorted((ROOT / "fixtures").rglob("expected.json"))
PARSER = MarkdownIt("commonmark").enable("table")


# Inline markup the renderings may write: (type, text, url) in reading order, gathered by _structure.
Marks = list[tuple[str, str, str | None]]


def _inline_text(token: Token, marks: Marks) -> str:
    """The plain text of an inline token; its links, emphasis and code spans go to ``marks``."""
    parts: list[str] = []
    open_marks: list[tuple[str, int, str | None]] = []
    for child in token.children or []:
        if child.type in ("text", "html_inline"):
            parts.append(child.content)
        elif child.type == "code_inline":
            marks.append(("code", child.content, None))
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif child.type in ("link_open", "em_open", "strong_open"):
            kind = {"link_open": "link", "em_open": "emphasis", "strong_open": "strong"}[child.type]
            open_marks.append((kind, len("".join(parts)), str(child.attrs["href"]) if kind == "link" else None))
        elif child.type in ("link_close", "em_close", "strong_close"):
            kind, start, url = open_marks.pop()
            marks.append((kind, "".join(parts)[start:], url))
        elif child.type != "image":
            raise AssertionError(f"unexpected inline markup {child.type}: {token.content!r}")
    return "".join(parts)


def _structure(markdown: str, marks: Marks | None = None) -> list[tuple[str, object]]:
    """The blocks a Markdown parser reads: (kind, text) in order, tables as lists of rows, code
    as (language, text); numbered list items are "ordered_item"."""
    marks = [] if marks is None else marks
    tokens = PARSER.parse(markdown)
    found: list[tuple[str, object]] = []
    context: list[str] = []
    row: list[str] = []
    table: list[list[str]] = []
    for index, token in enumerate(tokens):
        if token.type in ("blockquote_open", "list_item_open", "heading_open", "ordered_list_open"):
            context.append(token.tag if token.type != "ordered_list_open" else "ol")
        elif token.type in ("blockquote_close", "list_item_close", "heading_close", "ordered_list_close"):
            context.pop()
        elif token.type == "fence":
            found.append(("code", (token.info or None, token.content.rstrip("\n"))))
        elif token.type == "tr_open":
            row = []
        elif token.type == "tr_close":
            table.append(row)
        elif token.type == "table_close":
            found.append(("table", table))
            table = []
        elif token.type == "inline" and tokens[index - 1].type in ("th_open", "td_open"):
            row.append(_inline_text(token, marks))
        elif token.type == "inline":
            text = _inline_text(token, marks)
            kind = ("heading:" + context[-1]) if context and context[-1].startswith("h") else (
                ("ordered_item" if "ol" in context else "list_item") if "li" in context
                else "quote" if "blockquote" in context else "paragraph")
            found.append((kind, text))
    return found


def _pictures(image: Image) -> list[tuple[str, object]]:
    out: list[tuple[str, object]] = [("paragraph", "")] if image.url else []  # the image alone: its alt is not text
    if image.caption and image.caption.strip():
        out.append(("paragraph", _lines(image.caption)))
    return out


def _expected(article: Article) -> list[tuple[str, object]]:
    """What the Markdown should read back as: title, lead picture, then each non-empty block
    with the pictures before it (a list's before the whole list)."""
    shift = 2 - min((b.level or 2 for b in article.body if b.type == "heading"), default=2)
    out: list[tuple[str, object]] = [("heading:h1", " ".join(article.title.split()))] if article.title else []
    lead = article.lead_image
    if lead is not None:
        out += _pictures(lead)
    blocks = [block for block in article.body if block.text.strip()]
    for index, block in enumerate(blocks):
        previous = blocks[index - 1] if index else None
        starts_run = previous is None or (previous.type, previous.ordered) != (block.type, block.ordered)
        if block.type == "list_item" and starts_run:
            run = [b for b in blocks[index:]]
            run = run[: next((n for n, b in enumerate(run) if (b.type, b.ordered) != (block.type, block.ordered)),
                             len(run))]
            for item in run:
                out += [p for image in item.images if image.url != (lead.url if lead else None) for p in _pictures(image)]
        elif block.type != "list_item":
            out += [p for image in block.images if image.url != (lead.url if lead else None) for p in _pictures(image)]
        if block.type == "heading":
            out.append((f"heading:h{min(6, max(2, (block.level or 2) + shift))}", " ".join(block.text.split())))
        elif block.type == "code":
            out.append(("code", (block.language, block.text.rstrip())))
        elif block.type == "table":
            rows = [list(r) for r in block.cells if any(c.strip() for c in r)] if block.cells else [
                [c.strip() for c in line.split(" | ")] for line in block.text.splitlines() if line.strip()]
            width = max(len(r) for r in rows)
            out.append(("table", [r + [""] * (width - len(r)) for r in rows]))
        elif block.type == "list_item" and block.ordered:
            out.append(("ordered_item", _lines(block.text)))
        else:
            out.append((block.type, _lines(block.text)))
    return out


def _check_marks(article: Article, marks: Marks) -> None:
    """Every link written is one of the spans, in order, and every link span is written; each
    emphasis, strong or code run written is a span of that type (or a caption's emphasis)."""
    links = [(span.text, span.url) for block in article.body if block.text.strip() for span in block.spans
             if span.type == "link" and span.url and not span.url.startswith(("javascript:", "#"))]
    written = [(text, url) for kind, text, url in marks if kind == "link"]
    assert [text for text, _ in written] == [" ".join(text.split()) for text, _ in links]
    spans = {(span.type, span.text) for block in article.body for span in block.spans}
    captions = {_lines(image.caption) for block in article.body for image in block.images if image.caption}
    if article.lead_image is not None and article.lead_image.caption:
        captions.add(_lines(article.lead_image.caption))
    for kind, text, _ in marks:
        if kind != "link":
            assert (kind, text) in spans or (kind == "emphasis" and text in captions), (kind, text)


def _lines(text: str) -> str:
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def test_the_seed_as_markdown_reads_as_the_article() -> None:
    article = extract(SEED.read_bytes(), source=str(SEED))
    markdown = article.to_markdown()
    assert markdown.startswith("# Kim Jong-un souhaite un joyeux anniversaire")
    assert "\n## Des dizaines de milliers de conteneurs maritimes\n" in markdown
    assert "\n*Russian President Vladimir Putin, left, and North Korea*\n" in markdown
    assert article.description is not None and article.description in markdown
    structure = _structure(markdown)
    assert [kind for kind, _ in structure[:2]] == ["heading:h1", "paragraph"]  # the title, the caption
    body = structure[2:]
    assert len(body) == 13 and body[0] == ("paragraph", article.description)  # the standfirst opens it
    assert [kind for kind, _ in body].count("heading:h2") == 1 and len([k for k, _ in body if k == "paragraph"]) == 12
    for removed in article.removed:
        assert removed.text.strip()[:40] not in markdown


def test_front_matter_is_yaml_of_the_metadata() -> None:
    article = extract(SEED.read_bytes(), source=str(SEED))
    head, _, rest = article.to_markdown(front_matter=True).removeprefix("---\n").partition("\n---\n\n")
    fields = dict(line.split(": ", 1) for line in head.splitlines())
    assert json.loads(fields["title"]) == article.title
    assert json.loads(fields["authors"]) == article.authors
    assert rest == article.to_markdown()


@pytest.mark.parametrize("expected", FIXTURES, ids=[str(p.parent.relative_to(ROOT / "fixtures")) for p in FIXTURES])
def test_every_fixtures_markdown_reads_back_as_its_body(expected: Path) -> None:
    article = Article.from_json(expected.read_text("utf-8"))
    marks: Marks = []
    assert _structure(article.to_markdown(), marks) == _expected(article)
    _check_marks(article, marks)


@pytest.mark.parametrize("expected", FIXTURES, ids=[str(p.parent.relative_to(ROOT / "fixtures")) for p in FIXTURES])
def test_every_fixtures_html_is_clean_and_holds_the_body(expected: Path) -> None:
    article = Article.from_json(expected.read_text("utf-8"))
    tree = LexborHTMLParser(article.to_html())
    assert not tree.css("script, style, form, iframe, object, embed")
    allowed = {"lang", "charset", "src", "alt"}
    for node in tree.root.traverse() if tree.root else []:
        attributes = dict(node.attributes)
        href = attributes.pop("href", None) if node.tag == "a" else None
        assert href is None or not href.lower().startswith(("javascript:", "data:", "vbscript:")), href
        if node.tag == "code" and "class" in attributes:
            assert str(attributes.pop("class")).startswith("language-")
        assert not any(name.lower().startswith("on") for name in attributes), (node.tag, attributes)
        assert set(attributes) <= allowed, (node.tag, attributes)
    links = [(a.text(), a.attributes["href"]) for a in tree.css("article a")]
    assert links == [(span.text, span.url) for b in article.body if b.text.strip() for span in b.spans
                     if span.type == "link"]
    numbered = [" ".join(li.text().split()) for li in tree.css("ol > li")]
    assert numbered == [" ".join(b.text.split()) for b in article.body if b.ordered and b.text.strip()]
    for br in tree.css("br"):
        br.replace_with("\n")
    paragraphs = [" ".join(p.text().split()) for p in tree.css("article > p")]
    expected_paragraphs = [" ".join(b.text.split()) for b in article.body if b.type == "paragraph" and b.text.strip()]
    assert paragraphs == expected_paragraphs
    if article.title:
        h1 = tree.css_first("h1")
        assert h1 is not None and h1.text() == " ".join(article.title.split())


def test_text_is_the_title_then_the_blocks() -> None:
    article = Article(title="A  title", body=[Block(type="paragraph", text="One."), Block(type="heading", text="Two"),
                                              Block(type="paragraph", text="  ")])
    assert article.to_text() == "A title\n\nOne.\n\nTwo\n"
    listed = Article(body=[Block(type="list_item", text="a", ordered=True), Block(type="list_item", text="b", ordered=True),
                           Block(type="list_item", text="c"), Block(type="paragraph", text="End.")])
    assert listed.to_text() == "1. a\n2. b\n\n- c\n\nEnd.\n"


_TRICKY = st.text(alphabet=st.sampled_from(list("ab 1.#>-+*_`[]()<>!|\\=~&;\n")), min_size=1, max_size=40)


@settings(max_examples=200, deadline=None)
@given(blocks=st.lists(st.builds(Block, type=st.sampled_from(["paragraph", "list_item", "quote"]), text=_TRICKY),
                       max_size=6),
       title=st.none() | _TRICKY, caption=st.none() | _TRICKY)
def test_markdown_special_characters_never_change_the_structure(blocks: list[Block], title: str | None,
                                                                caption: str | None) -> None:
    article = Article(title=title if title and title.strip() else None, body=blocks,
                      lead_image=Image(caption=caption) if caption and caption.strip() else None)
    assert _structure(article.to_markdown()) == _expected(article)


_WORDS = st.text(alphabet=st.sampled_from(list("ab .,!?*_`[]()<>|\\#-1")), min_size=1, max_size=30)
_URLS = st.sampled_from(["https://example.org/a b", "/relative>path", "mailto:x@example.org", "javascript:alert(1)",
                         "#top", "https://example.org/(x)", "https://example.org/a_b*c_", "/x?q=[1]"])


@st.composite
def _marked_blocks(draw: st.DrawFn) -> Block:
    """A block whose spans cover words of its text, in order, as the extractor places them."""
    pieces = draw(st.lists(st.tuples(_WORDS, st.none() | st.sampled_from(["link", "strong", "emphasis", "code"])),
                           min_size=1, max_size=6))
    text, spans = "", []
    for words, kind in pieces:
        words = " ".join(words.split())
        if not words:
            continue
        if kind is not None:
            spans.append(Span(type=kind, text=words, url=draw(_URLS) if kind == "link" else None))
        text += words + draw(st.sampled_from(["", " ", "\n"]))
    kind = draw(st.sampled_from(["paragraph", "list_item", "quote", "heading"]))
    if kind == "heading":
        text = " ".join(text.split())
    return Block(type=kind, text=text or "x", level=2 if kind == "heading" else None,
                 spans=spans if text else [], ordered=kind == "list_item" and draw(st.booleans()))


@settings(max_examples=300, deadline=None)
@given(blocks=st.lists(_marked_blocks(), min_size=1, max_size=5))
def test_links_and_emphasis_never_change_the_text_or_structure(blocks: list[Block]) -> None:
    article = Article(body=blocks)
    marks: Marks = []
    assert _structure(article.to_markdown(), marks) == _expected(article)
    written = [(text, url) for kind, text, url in marks if kind == "link"]
    wanted = [(span.text, span.url) for block in article.body for span in block.spans
              if span.type == "link" and link_target(span.url) and span.text in block.text]
    assert [text for text, _ in written] == [text for text, _ in wanted]
    spans = {(span.type, span.text) for block in article.body for span in block.spans}
    assert all((kind, text) in spans for kind, text, _ in marks if kind != "link")
    html = LexborHTMLParser(article.to_html())
    assert not any(a.attributes.get("href", "").startswith(("javascript:", "#")) for a in html.css("a"))

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

from cleaners import Article, Block, Image, extract
from tests.conftest import ROOT

SEED = ROOT / "seeds" / "000_187cdce079f5099f.txt"
FIXTURES = sorted((ROOT / "fixtures").rglob("expected.json"))
PARSER = MarkdownIt("commonmark").enable("table")


def _inline_text(token: Token) -> str:
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif child.type in ("em_open", "em_close"):
            parts.append("<em>" if child.type == "em_open" else "</em>")  # only the caption is emphasised
        elif child.type not in ("image",):
            raise AssertionError(f"unexpected inline markup {child.type}: {token.content!r}")
    return "".join(parts)


def _structure(markdown: str) -> list[tuple[str, object]]:
    """The blocks a Markdown parser reads: (kind, text) in order, tables as lists of rows."""
    tokens = PARSER.parse(markdown)
    found: list[tuple[str, object]] = []
    context: list[str] = []
    row: list[str] = []
    table: list[list[str]] = []
    for index, token in enumerate(tokens):
        if token.type in ("blockquote_open", "list_item_open", "heading_open"):
            context.append(token.tag)
        elif token.type in ("blockquote_close", "list_item_close", "heading_close"):
            context.pop()
        elif token.type == "fence":
            found.append(("code", token.content.rstrip("\n")))
        elif token.type == "tr_open":
            row = []
        elif token.type == "tr_close":
            table.append(row)
        elif token.type == "table_close":
            found.append(("table", table))
            table = []
        elif token.type == "inline" and tokens[index - 1].type in ("th_open", "td_open"):
            row.append(_inline_text(token))
        elif token.type == "inline":
            text = _inline_text(token)
            kind = ("heading:" + context[-1]) if context and context[-1].startswith("h") else (
                "list_item" if "li" in context else "quote" if "blockquote" in context else "paragraph")
            found.append((kind, text))
    return found


def _expected(article: Article) -> list[tuple[str, object]]:
    """What the Markdown should read back as: title, caption, then each non-empty block."""
    shift = 2 - min((b.level or 2 for b in article.body if b.type == "heading"), default=2)
    out: list[tuple[str, object]] = [("heading:h1", " ".join(article.title.split()))] if article.title else []
    if article.lead_image is not None and article.lead_image.url:
        out.append(("paragraph", ""))  # the image alone: its alt is not text
    if article.lead_image is not None and article.lead_image.caption:
        out.append(("paragraph", "<em>" + _lines(article.lead_image.caption) + "</em>"))
    for block in article.body:
        if not block.text.strip():
            continue
        if block.type == "heading":
            out.append((f"heading:h{min(6, max(2, (block.level or 2) + shift))}", " ".join(block.text.split())))
        elif block.type == "code":
            out.append(("code", block.text.rstrip()))
        elif block.type == "table":
            rows = [[c.strip() for c in line.split(" | ")] for line in block.text.splitlines() if line.strip()]
            width = max(len(r) for r in rows)
            out.append(("table", [r + [""] * (width - len(r)) for r in rows]))
        else:
            out.append((block.type, _lines(block.text)))
    return out


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
    assert _structure(article.to_markdown()) == _expected(article)


@pytest.mark.parametrize("expected", FIXTURES, ids=[str(p.parent.relative_to(ROOT / "fixtures")) for p in FIXTURES])
def test_every_fixtures_html_is_clean_and_holds_the_body(expected: Path) -> None:
    article = Article.from_json(expected.read_text("utf-8"))
    tree = LexborHTMLParser(article.to_html())
    assert not tree.css("script, style, form, iframe, object, embed")
    allowed = {"lang", "charset", "src", "alt"}
    for node in tree.root.traverse() if tree.root else []:
        assert set(node.attributes) <= allowed, (node.tag, node.attributes)
    paragraphs = [" ".join(p.text(separator=" ").split()) for p in tree.css("article > p")]
    expected_paragraphs = [" ".join(b.text.split()) for b in article.body if b.type == "paragraph" and b.text.strip()]
    assert paragraphs == expected_paragraphs
    if article.title:
        h1 = tree.css_first("h1")
        assert h1 is not None and h1.text() == " ".join(article.title.split())


def test_text_is_the_title_then_the_blocks() -> None:
    article = Article(title="A  title", body=[Block(type="paragraph", text="One."), Block(type="heading", text="Two"),
                                              Block(type="paragraph", text="  ")])
    assert article.to_text() == "A title\n\nOne.\n\nTwo\n"


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

"""A minimal semantic HTML document of an article: headings, paragraphs, lists, quotes, code,
tables and figures, with the blocks' links and emphasis; no script, style, form or class other
than a code block's ``language-*``."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from html import escape
from typing import TYPE_CHECKING

from cleaners.render.common import (
    body_pictures,
    code_language,
    heading_level,
    heading_shift,
    link_target,
    runs,
    segments,
    table_rows,
)

if TYPE_CHECKING:
    from cleaners.model import Article, Image, Span

_TAGS = {"strong": "strong", "emphasis": "em", "code": "code"}


def _inline(text: str, spans: Sequence[Span]) -> str:
    """The text, escaped, with its spans as elements and its line breaks as ``<br>``."""
    out: list[str] = []
    for words, span in segments(text, spans):
        if span is None:
            out.append(escape(words))
        elif span.type == "link":
            target = link_target(span.url)
            out.append(f'<a href="{escape(target)}">{escape(words)}</a>' if target else escape(words))
        else:
            out.append(f"<{_TAGS[span.type]}>{escape(words)}</{_TAGS[span.type]}>")
    lines = "".join(out).split("\n")
    return "<br>".join(line.strip() for line in lines if line.strip())


def figure(image: Image) -> str:
    picture = f'<img src="{escape(image.url)}" alt="{escape(image.alt or "")}">' if image.url else ""
    caption = f"<figcaption>{escape(image.caption)}</figcaption>" if image.caption else ""
    return f"<figure>{picture}{caption}</figure>" if picture or caption else ""


def _blocks(article: Article) -> Iterator[str]:
    shift = heading_shift(article.body)
    for kind, ordered, items in runs(article.body):
        if kind == "list_item":
            yield from (figure(image) for item in items for image in body_pictures(item, article.lead_image))
            tag = "ol" if ordered else "ul"
            yield f"<{tag}>" + "".join(f"<li>{_inline(item.text, item.spans)}</li>" for item in items) + f"</{tag}>"
            continue
        for block in items:
            yield from (figure(image) for image in body_pictures(block, article.lead_image))
            if kind == "heading":
                level = heading_level(block, shift)
                yield f"<h{level}>{_inline(' '.join(block.text.split()), block.spans)}</h{level}>"
            elif kind == "quote":
                yield f"<blockquote><p>{_inline(block.text, block.spans)}</p></blockquote>"
            elif kind == "code":
                language = code_language(block)
                attribute = f' class="language-{escape(language)}"' if language else ""
                yield f"<pre><code{attribute}>{escape(block.text.rstrip())}</code></pre>"
            elif kind == "table":
                rows = table_rows(block)
                if rows:
                    head = "".join(f"<th>{escape(cell)}</th>" for cell in rows[0])
                    body = "".join("<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>"
                                   for row in rows[1:])
                    yield f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
            else:
                yield f"<p>{_inline(block.text, block.spans)}</p>"


def to_html(article: Article) -> str:
    """A minimal semantic HTML document of the article: no script, style, form or attribute
    beyond ``lang``, ``charset``, ``src``, ``alt``, ``href`` and a code block's class."""
    title = escape(" ".join((article.title or "").split()))
    lang = f' lang="{escape(article.language)}"' if article.language else ""
    parts = [f"<h1>{title}</h1>"] if title else []
    if article.lead_image is not None:
        parts.append(figure(article.lead_image))
    parts.extend(_blocks(article))
    body = "\n".join(part for part in parts if part)
    return (f'<!DOCTYPE html>\n<html{lang}>\n<head>\n<meta charset="utf-8">\n<title>{title}</title>\n</head>\n'
            f"<body>\n<article>\n{body}\n</article>\n</body>\n</html>\n")

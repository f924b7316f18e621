"""``scrape extract --explain``: what a page kept and what its cleaners removed, and by which rule.

A terminal view of the article the library returns, nothing more: each kept block with its type
and the start of its text, then each removal with its kind, the id of the rule that made it
(``Removed.rule``; the rule is found under that id in ``cleaners/data`` or
``cleaners/provenance.py``) and the start of what it removed, then a count per rule.
"""

from __future__ import annotations

from collections import Counter

from cleaners import Article

MIN_WIDTH = 60
_TYPE_COLUMN = 11
_KIND_COLUMN = 14


def clip(text: str, room: int) -> str:
    """The start of ``text``, whitespace folded, cut to ``room`` characters with an ellipsis."""
    folded = " ".join(text.split())
    return folded if len(folded) <= room else folded[: max(room - 1, 0)] + "…"


def explain(article: Article, width: int) -> str:
    """The explanation of one article, lines of at most ``width`` characters (text columns cut)."""
    width = max(width, MIN_WIDTH)
    removed = article.removed
    rule_column = max((len(record.rule or "-") for record in removed), default=0)
    lines = [
        f"== {article.source or '-'}",
        f"title: {clip(article.title or '-', width - 7)}",
        f"page type: {article.page_type}",
        f"kept: {len(article.body)} blocks, {article.word_count} words",
    ]
    for block in article.body:
        label = f"heading {block.level}" if block.type == "heading" else block.type
        lines.append(f"  + {label:<{_TYPE_COLUMN}} {clip(block.text, width - _TYPE_COLUMN - 5)}")
    lines.append(f"removed: {len(removed)} items")
    for record in removed:
        head = f"  - {record.kind:<{_KIND_COLUMN}} {record.rule or '-':<{rule_column}} "
        lines.append(head + clip(record.text, width - len(head)))
    if removed:
        lines.append("removed by rule:")
        counts = Counter(record.rule or "-" for record in removed)
        lines.extend(f"  {count:>4}  {rule}" for rule, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])))
    return "\n".join(lines) + "\n"

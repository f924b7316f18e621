"""Markdown output against wcxb-dev's ``main_content_markdown``, with trafilatura's Markdown in the same run.

    PYTHONPATH=. python benchmarks/bench_markdown.py [--jobs 2] [--results benchmarks/RESULTS.md]

Each page is extracted as a saved file (bytes and path, no URL). The toolkit's Markdown is the
body alone (``Article.to_markdown()`` without the title and lead image, which the reference leaves
out); trafilatura's is ``extract(..., output_format="markdown", include_formatting=True,
include_links=True, include_images=True)``, its richest Markdown. Both are read back with
markdown-it-py, and so is the reference:

- structure: per element kind (headings, list items, numbered list items, code blocks, tables),
  how many of the reference's elements the output has (recall: the sum over pages of
  min(ours, reference) over the reference's count) and how many of the output's are backed by the
  reference (precision);
- inline markup: links, strong and emphasised runs and inline code, matched by their
  text (lowercased, spaces folded) as multisets per page, recall and precision as above;
- text: bag-of-words F1 of the Markdown's text (lowercased ``\\w+`` tokens) against the reference's
  text, averaged over pages, overall and on each half (even and odd page ids).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import multiprocessing
import platform
import re
from collections import Counter
from pathlib import Path
from typing import Any

from results_file import replace_section

ROOT = Path(__file__).resolve().parent.parent
CORPUS = (ROOT.parent / "shared" / "bench" / "wcxb-dev").resolve()
SECTION = "## Markdown output (wcxb-dev)"
BLOCK_KINDS = ("heading", "list_item", "ordered_item", "code", "table")
INLINE_KINDS = ("link", "strong", "emphasis", "code_inline")
KINDS = BLOCK_KINDS + INLINE_KINDS
_INLINE_OPEN = {"link_open": "link", "strong_open": "strong", "em_open": "emphasis"}
_WORD = re.compile(r"\w+")


def _toolkit(path: str) -> str:
    from cleaners import CleanersError, extract

    try:
        article = extract(gzip.decompress(Path(path).read_bytes()), source=path)
    except CleanersError:
        return ""
    return article.model_copy(update={"title": None, "lead_image": None}).to_markdown()


def _trafilatura(path: str) -> str:
    from trafilatura import extract

    return extract(gzip.decompress(Path(path).read_bytes()), output_format="markdown", include_formatting=True,
                   include_links=True, include_images=True) or ""


def _key(text: str) -> str:
    return " ".join(text.lower().split())


def read_markdown(markdown: str) -> tuple[dict[str, Counter[str]], str]:
    """The elements of ``markdown`` as markdown-it-py reads them (block kinds counted, inline
    ones by their text), and its plain text."""
    from markdown_it import MarkdownIt

    found: dict[str, Counter[str]] = {kind: Counter() for kind in KINDS}
    words: list[str] = []
    ordered = 0
    for token in MarkdownIt("commonmark").enable("table").parse(markdown):
        if token.type == "heading_open":
            found["heading"][""] += 1
        elif token.type == "ordered_list_open":
            ordered += 1
        elif token.type == "ordered_list_close":
            ordered -= 1
        elif token.type == "list_item_open":
            found["ordered_item" if ordered else "list_item"][""] += 1
        elif token.type in ("fence", "code_block"):
            found["code"][""] += 1
            words.append(token.content)
        elif token.type == "table_open":
            found["table"][""] += 1
        elif token.type == "inline":
            children = token.children or []
            words.append(" ".join(child.content for child in children if child.type in ("text", "code_inline")))
            _inline_elements(children, found)
    return found, " ".join(words)


def _inline_elements(children: list[Any], found: dict[str, Counter[str]]) -> None:
    """Links, strong and emphasis (by the text inside them) and inline code (the reference has no images)."""
    open_runs: list[tuple[str, list[str]]] = []
    for child in children:
        if child.type in _INLINE_OPEN:
            open_runs.append((_INLINE_OPEN[child.type], []))
        elif child.type in ("link_close", "strong_close", "em_close") and open_runs:
            kind, parts = open_runs.pop()
            found[kind][_key("".join(parts))] += 1
            if open_runs:
                open_runs[-1][1].extend(parts)
        elif child.type in ("text", "code_inline"):
            if child.type == "code_inline":
                found["code_inline"][_key(child.content)] += 1
            for _, parts in open_runs[-1:]:
                parts.append(child.content)


def word_f1(ours: str, reference: str) -> float:
    a, b = Counter(_WORD.findall(ours.lower())), Counter(_WORD.findall(reference.lower()))
    if not a and not b:
        return 1.0
    common = sum((a & b).values())
    if not common:
        return 0.0
    precision, recall = common / sum(a.values()), common / sum(b.values())
    return 2 * precision * recall / (precision + recall)


def _page(item: tuple[str, str]) -> dict[str, Any]:
    tool, page = item
    markdown = (_toolkit if tool == "toolkit" else _trafilatura)(str(CORPUS / "html" / f"{page}.html.gz"))
    truth = json.loads((CORPUS / "ground-truth" / f"{page}.json").read_text("utf-8"))["ground_truth"]
    ours, ours_text = read_markdown(markdown)
    reference, reference_text = read_markdown(truth.get("main_content_markdown") or "")
    counts = {kind: (sum((ours[kind] & reference[kind]).values()), sum(ours[kind].values()),
                     sum(reference[kind].values())) for kind in KINDS}
    return {"tool": tool, "page": page, "counts": counts, "f1": word_f1(ours_text, reference_text)}


def summarise(rows: list[dict[str, Any]]) -> dict[str, float]:
    out: dict[str, float] = {}
    for half, keep in (("", lambda page: True), (" even", lambda page: int(page) % 2 == 0),
                       (" odd", lambda page: int(page) % 2 == 1)):
        chosen = [row for row in rows if keep(row["page"])]
        out["f1" + half] = sum(row["f1"] for row in chosen) / len(chosen)
    for kind in KINDS:
        matched = sum(row["counts"][kind][0] for row in rows)
        ours = sum(row["counts"][kind][1] for row in rows)
        reference = sum(row["counts"][kind][2] for row in rows)
        out[f"{kind} recall"] = matched / reference if reference else 0.0
        out[f"{kind} precision"] = matched / ours if ours else 0.0
        out[f"{kind} reference"] = reference
    return out


def table(results: dict[str, dict[str, float]]) -> str:
    metrics = ["f1", "f1 even", "f1 odd"] + [f"{kind} {what}" for kind in KINDS for what in ("recall", "precision")]
    lines = ["| metric | " + " | ".join(results) + " |", "|---|" + "---:|" * len(results)]
    for metric in metrics:
        lines.append(f"| {metric} | " + " | ".join(f"{values[metric]:.3f}" for values in results.values()) + " |")
    counts = ", ".join(f"{kind} {int(next(iter(results.values()))[f'{kind} reference'])}" for kind in KINDS)
    return "\n".join(lines) + f"\n\nElements in the reference: {counts}."


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--results", type=Path, help="rewrite this file's Markdown section")
    args = parser.parse_args()
    pages = sorted(json.loads((CORPUS / "pages.json").read_text())["files"])
    results: dict[str, dict[str, float]] = {}
    with multiprocessing.get_context("fork").Pool(args.jobs, maxtasksperchild=200) as pool:
        for tool in ("toolkit", "trafilatura"):
            rows = pool.map(_page, [(tool, page) for page in pages], chunksize=8)
            results[tool] = summarise(rows)
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    text = (f"{SECTION}\n\nRun {when} on {platform.node()}, {platform.machine()}, "
            f"Python {platform.python_version()}; {len(pages)} pages. `PYTHONPATH=. python benchmarks/bench_markdown.py`."
            f"\n\n{table(results)}\n")
    print(text)
    if args.results:
        replace_section(args.results, SECTION, text)


if __name__ == "__main__":
    main()

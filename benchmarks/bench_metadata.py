"""Measure extract_metadata on the readability-pages corpus: accuracy and speed.

Scores exactly as ``shared/bench/score.py`` does: title exact after whitespace folding, byline as any
shared ``\\w+`` token, language on the primary subtag (here through ``choose_language`` with the page's
full text standing in for the body text). Speed is CPU time of ``extract_metadata`` alone (parsing
excluded), measured with ``time.process_time``.

    PYTHONPATH=. python benchmarks/bench_metadata.py [--corpus DIR] [--failures]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import time
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from cleaners.language import choose_language
from cleaners.metadata import MetadataConfig, PageMetadata, extract_metadata

DEFAULT_CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "bench" / "readability-pages"
TOKEN = re.compile(r"\w+", re.UNICODE)
SPACE = re.compile(r"\s+")


def fold(text: str | None) -> str:
    return SPACE.sub(" ", text or "").strip()


def load_pages(corpus: Path) -> list[tuple[str, str, dict[str, object]]]:
    pages = []
    for folder in sorted(path for path in corpus.iterdir() if (path / "source.html.gz").exists()):
        html = gzip.decompress((folder / "source.html.gz").read_bytes()).decode("utf-8", "replace")
        expected = json.loads((folder / "expected-metadata.json").read_text(encoding="utf-8"))
        pages.append((folder.name, html, expected))
    return pages


def page_text(html: str, *, visible_only: bool) -> str:
    """The page's text, all of it or without scripts and styles (a second parse: the measured
    tree is never touched)."""
    tree = LexborHTMLParser(html)
    if visible_only:
        tree.strip_tags(["script", "style", "noscript", "template"])
    root = tree.body or tree.root
    return root.text(separator=" ") if root is not None else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--failures", action="store_true", help="print each page that misses a target")
    parser.add_argument("--rounds", type=int, default=3, help="timing rounds (the fastest per page is kept)")
    args = parser.parse_args()
    pages = load_pages(args.corpus.resolve())
    trees = [LexborHTMLParser(html) for _, html, _ in pages]
    extract_metadata(trees[0])  # load the TOML rules and imports before timing

    # The machine is shared: time several rounds and keep the fastest, page by page.
    per_page = [float("inf")] * len(trees)
    results: list[PageMetadata] = []
    for _ in range(args.rounds):
        results = []
        for index, tree in enumerate(trees):
            started = time.process_time()
            results.append(extract_metadata(tree))
            per_page[index] = min(per_page[index], time.process_time() - started)
    cpu = sum(per_page)
    cpu_structured = sum(seconds for seconds, meta in zip(per_page, results, strict=True) if not meta.used_htmldate)
    structured_pages = sum(not meta.used_htmldate for meta in results)

    counts = {"title": [0, 0], "title_declared": [0, 0], "title_strip_declared": [0, 0], "byline": [0, 0], "language": [0, 0], "declared_language": [0, 0], "language_all_text": [0, 0], "published_day": [0, 0]}
    strip_declared = MetadataConfig(strip_site_name_from_declared_titles=True, use_htmldate=False)
    stripped_titles = [extract_metadata(tree, config=strip_declared).title for tree in trees]
    for (name, html, expected), meta, stripped_title in zip(pages, results, stripped_titles, strict=True):
        want_title = fold(str(expected.get("title") or ""))
        if want_title:
            variants = (("title", meta.title), ("title_declared", meta.title_declared), ("title_strip_declared", stripped_title))
            for key, got in variants:
                counts[key][1] += 1
                counts[key][0] += want_title == fold(got)
            if args.failures and want_title != fold(meta.title):
                print(f"TITLE  {name}: want {want_title!r} got {meta.title!r} [{meta.title_source}]")
        if expected.get("byline"):
            want = set(TOKEN.findall(str(expected["byline"]).lower()))
            got_tokens = set(TOKEN.findall(" ".join(meta.authors).lower()))
            counts["byline"][1] += 1
            counts["byline"][0] += bool(want & got_tokens)
            if args.failures and not want & got_tokens:
                print(f"BYLINE {name}: want {expected['byline']!r} got {meta.authors!r}")
        if expected.get("publishedTime"):
            want_day = str(expected["publishedTime"])[:10]
            counts["published_day"][1] += 1
            counts["published_day"][0] += (meta.published or "")[:10] == want_day
            if args.failures and (meta.published or "")[:10] != want_day:
                print(f"DATE   {name}: want {expected['publishedTime']!r} got {meta.published!r}")
        if expected.get("lang"):
            want_lang = str(expected["lang"]).lower().split("-")[0]
            chosen = choose_language(meta.language_declared, page_text(html, visible_only=True))
            chosen_all = choose_language(meta.language_declared, page_text(html, visible_only=False))
            declared = (meta.language_declared or "").lower().replace("_", "-").split("-")[0]
            variants = (("language", chosen or ""), ("language_all_text", chosen_all or ""), ("declared_language", declared))
            for key, got_lang in variants:
                counts[key][1] += 1
                counts[key][0] += got_lang == want_lang
            if args.failures and chosen != want_lang:
                print(f"LANG   {name}: want {want_lang!r} got {chosen!r} (declared {meta.language_declared!r})")

    labels = {
        "title": "title",
        "title_declared": "title, nothing removed",
        "title_strip_declared": "title, declared cleaned too",
        "byline": "byline",
        "language": "language (chosen, visible)",
        "language_all_text": "language (chosen, all text)",
        "declared_language": "language declared",
        "published_day": "published (day)",
    }
    for key, (hits, total) in counts.items():
        print(f"{labels[key]:28s} {hits / total:.3f}  ({hits}/{total})")
    print(f"{'pages':28s} {len(pages)}")
    asked = [meta for meta in results if meta.used_htmldate]
    print(f"{'htmldate needed':28s} {len(asked)} pages ({sum(bool(meta.published) for meta in asked)} gave a date)")
    print(f"{'cpu seconds':28s} {cpu:.3f}  ({1000 * cpu / len(pages):.2f} ms/page)")
    print(f"{'pages per cpu-second':28s} {len(pages) / cpu:.0f}")
    print(f"{'without htmldate':28s} {1000 * cpu_structured / structured_pages:.2f} ms/page on the {structured_pages} other pages")
    if asked:
        print(f"{'with htmldate':28s} {1000 * (cpu - cpu_structured) / len(asked):.2f} ms/page on the {len(asked)} pages that needed it")


if __name__ == "__main__":
    main()

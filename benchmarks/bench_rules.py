"""Rule census: on how many development pages (and sites) each rule, and each phrase pattern, fires.

    PYTHONPATH=. python benchmarks/bench_rules.py [--json FILE] [--baseline FILE] [--results benchmarks/RESULTS.md]

Every page of the three development corpora (``score.py list``) is extracted as ``scrape extract``
reads a saved file, in two processes. A rule fires on a page when a ``removed`` record names it
(``Removed.rule``). For a pattern of a named group (text phrases, comment-form labels, edge and
credit lines) the record's text is matched again to find the pattern that decided it: the first
that matches, as in extraction ("fires"); every pattern that matches the text is counted too
("matches"), so a pattern that only ever repeats another's work shows as matching but never
firing. Sites are hosts (readability pages: the folder name less a trailing number).

``--json`` keeps the raw counts (for comparing before and after a change), ``--baseline`` prints
an earlier JSON's summary beside this run's, ``--results`` rewrites the census section of
RESULTS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import multiprocessing
import platform
import re
import subprocess
import sys
from collections import defaultdict
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from results_file import replace_section

ROOT = Path(__file__).resolve().parent.parent
BENCH = (ROOT.parent / "shared" / "bench").resolve()
SCORER = BENCH / "score.py"
CORPORA = ("readability-pages", "trafilatura-eval", "wcxb-dev")
SHORT = {"readability-pages": "readability", "trafilatura-eval": "tr-eval", "wcxb-dev": "wcxb-dev"}
SECTION = "## Rule census"
EXAMPLES = 3  # pages and texts kept per pattern in the --json file, to judge what a pattern catches
_TRAILING_NUMBER = re.compile(r"-\d+$")


def list_pages(corpus: str) -> list[str]:
    result = subprocess.run([sys.executable, str(SCORER), "list", corpus], capture_output=True, text=True, check=True)
    return [line for line in result.stdout.splitlines() if line]


def _host(url: str) -> str:
    return (urlsplit(url).hostname or url).removeprefix("www.")


def site_of(corpus: str) -> dict[str, str]:
    """Each page's file name (or folder, for readability pages) mapped to its site."""
    if corpus == "wcxb-dev":
        files = json.loads((BENCH / corpus / "pages.json").read_text("utf-8"))["files"]
        return {f"{key}.html.gz": _host(value["url"]) for key, value in files.items()}
    if corpus == "trafilatura-eval":
        entries = json.loads((BENCH / corpus / "evaldata.json").read_text("utf-8"))
        return {f"{value['file']}.gz": _host(url) for url, value in entries.items()}
    return {}


def page_site(corpus: str, path: str, known: dict[str, str]) -> str:
    name = Path(path).name
    if corpus == "readability-pages":
        return _TRAILING_NUMBER.sub("", Path(path).parent.name)
    # Pages the evaluation data does not list are named after their host: "host.path.html.gz".
    return known.get(name) or name.removesuffix(".gz").removesuffix(".html")


@cache
def _patterns() -> dict[str, Any]:
    """The grouped patterns, each with its census key ``rule[N]`` (N: its place in its group)."""
    from cleaners.boilerplate import default_rules
    from cleaners.html.rules import dom_rules

    text, dom = default_rules(), dom_rules()
    phrases = [phrase for rule in text.rules for phrase in getattr(rule, "phrases", ())]
    keys: dict[tuple[str, str], str] = {}
    counter: dict[str, int] = defaultdict(int)
    hits = [phrase.hit for phrase in phrases] + list(text.form_labels.hits)
    hits += list(dom.edge_text.hits) + list(dom.credit_text.hits)
    for hit in hits:
        keys[(hit.rule, hit.pattern or "")] = f"{hit.rule}[{counter[hit.rule]}]"
        counter[hit.rule] += 1
    compiled = {key: re.compile(pattern, re.IGNORECASE) for (_, pattern), key in keys.items()}
    return {"text": text, "dom": dom, "phrases": phrases, "keys": keys, "compiled": compiled}


def pattern_keys(rule: str, text: str) -> tuple[str | None, list[str]]:
    """The key of the pattern that decided a record of ``rule``, and every pattern matching its text."""
    from cleaners.boilerplate import match_key

    found = _patterns()
    keys, compiled = found["keys"], found["compiled"]
    if rule.startswith(("edge_text.", "credit_text.")):
        grouped = found["dom"].edge_text if rule.startswith("edge_text.") else found["dom"].credit_text
        hit = grouped.search(text)
        prefix = rule.split(".")[0] + "."
        matching = [key for key, regex in compiled.items() if key.startswith(prefix) and regex.search(text)]
        return (keys[(hit.rule, hit.pattern)] if hit else None), matching
    if ".labels." in rule:
        key = match_key(text)
        hit = found["text"].form_labels.fullmatch(key)
        matching = [k for k, regex in compiled.items() if ".labels." in k and regex.fullmatch(key)]
        return (keys[(hit.rule, hit.pattern)] if hit else None), matching
    if ".prompts." in rule:
        block = found["text"].block_key(text)
        first = found["text"].match(text)
        matching = [keys[(p.hit.rule, p.hit.pattern)] for p in found["phrases"] if p.matches(block)]
        return (keys[(first.rule, first.pattern or "")] if first and first.pattern else None), matching
    return None, []


def census_page(item: tuple[str, str, str]) -> dict[str, Any]:
    """One page's facts: the rules that fired, the patterns that decided, the patterns that matched."""
    from cleaners import extract
    from cleaners.errors import CleanersError

    corpus, path, site = item
    facts: dict[str, Any] = {
        "corpus": corpus, "path": path, "site": site, "rules": set(), "fires": set(), "matches": set(), "odd": [],
        "texts": {},
    }
    try:
        article = extract(gzip.decompress(Path(path).read_bytes()), source=path)
    except CleanersError:
        return facts
    for record in article.removed:
        if record.rule is None:
            facts["odd"].append(f"no rule: {record.kind} {record.text[:40]!r}")
            continue
        facts["rules"].add(record.rule)
        decided, matching = pattern_keys(record.rule, record.text)
        if decided is not None:
            facts["fires"].add(decided)
            facts["texts"].setdefault(decided, record.text[:160])
            if not decided.startswith(record.rule + "["):
                facts["odd"].append(f"{record.rule} re-matched as {decided}: {record.text[:40]!r}")
        facts["matches"].update(matching)
    return facts


def run_census(jobs: int, step: int = 1) -> dict[str, Any]:
    items: list[tuple[str, str, str]] = []
    for corpus in CORPORA:
        known = site_of(corpus)
        items += [(corpus, path, page_site(corpus, path, known)) for path in list_pages(corpus)[::step]]
    counts: dict[str, dict[str, dict[str, Any]]] = {
        name: defaultdict(lambda: {"pages": defaultdict(int), "sites": set()}) for name in ("rules", "fires", "matches")
    }
    pages: dict[str, int] = defaultdict(int)
    odd: list[str] = []
    examples: dict[str, list[list[str]]] = defaultdict(list)
    with multiprocessing.get_context("fork").Pool(jobs, maxtasksperchild=200) as pool:
        for facts in pool.imap_unordered(census_page, items, chunksize=4):
            pages[facts["corpus"]] += 1
            odd += facts["odd"]
            for key, text in facts["texts"].items():
                if len(examples[key]) < EXAMPLES:
                    examples[key].append([facts["path"], text])
            for name in ("rules", "fires", "matches"):
                for key in facts[name]:
                    counts[name][key]["pages"][facts["corpus"]] += 1
                    counts[name][key]["sites"].add(facts["site"])
    return {
        "pages": dict(pages),
        "odd": odd[:50],
        "examples": dict(examples),
        **{name: {key: {"pages": dict(value["pages"]), "sites": len(value["sites"])} for key, value in table.items()}
           for name, table in counts.items()},
    }


def catalog_entries() -> tuple[dict[str, str], dict[str, str]]:
    """Every rule id with its source, and every pattern key with its pattern."""
    from cleaners.catalog import rule_catalog

    return dict(rule_catalog()), {key: pattern for (_, pattern), key in _patterns()["keys"].items()}


def _total(entry: dict[str, Any] | None) -> int:
    return sum(entry["pages"].values()) if entry else 0


def summary(census: dict[str, Any]) -> dict[str, dict[str, int]]:
    """Totals: data rules, step rules, patterns; how many never fire, fire on one page, on one site."""
    rules, patterns = catalog_entries()
    groups = {
        "rule ids in the data": [key for key, source in rules.items() if source.endswith(".toml")],
        "rule ids of steps (code)": [key for key, source in rules.items() if not source.endswith(".toml")],
        "patterns of named groups": list(patterns),
    }
    out: dict[str, dict[str, int]] = {}
    for name, keys in groups.items():
        table = census["fires"] if name.startswith("patterns") else census["rules"]
        totals = [_total(table.get(key)) for key in keys]
        sites = [table[key]["sites"] if key in table else 0 for key in keys]
        out[name] = {
            "total": len(keys), "firing": sum(1 for t in totals if t), "never": sum(1 for t in totals if not t),
            "one page": sum(1 for t in totals if t == 1), "one site": sum(1 for s in sites if s == 1),
        }
    return out


def summary_table(now: dict[str, dict[str, int]], before: dict[str, dict[str, int]] | None) -> str:
    columns = ("total", "firing", "never", "one page", "one site")
    lines = ["| | " + " | ".join(columns) + " |", "|---|" + "---:|" * len(columns)]
    for name, row in now.items():
        cells = [str(row[c]) if not before else f"{before[name][c]} → {row[c]}" for c in columns]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def rule_table(census: dict[str, Any]) -> str:
    rules, _ = catalog_entries()
    lines = ["| rule | " + " | ".join(SHORT[c] for c in CORPORA) + " | sites |", "|---|" + "---:|" * (len(CORPORA) + 1)]
    for key in rules:
        entry = census["rules"].get(key, {"pages": {}, "sites": 0})
        cells = [str(entry["pages"].get(corpus, 0)) for corpus in CORPORA]
        lines.append(f"| `{key}` | " + " | ".join(cells) + f" | {entry['sites']} |")
    return "\n".join(lines)


def pattern_lines(census: dict[str, Any], wanted: int) -> list[str]:
    """Patterns that fire on exactly ``wanted`` pages (0: never), with the pages they merely match."""
    _, patterns = catalog_entries()
    lines = []
    for key, pattern in patterns.items():
        if _total(census["fires"].get(key)) != wanted:
            continue
        matching = census["matches"].get(key)
        where = f", matches on {_total(matching)} pages" if matching and wanted == 0 else ""
        if wanted and key in census["fires"]:
            where = f", on {', '.join(SHORT[c] for c in census['fires'][key]['pages'])}"
        shown = pattern if len(pattern) <= 90 else pattern[:89] + "…"
        lines.append(f"- `{key}`{where}: `{shown}`")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--step", type=int, default=1, help="every STEP-th page only (a quick look)")
    parser.add_argument("--json", type=Path, help="write the raw counts here")
    parser.add_argument("--baseline", type=Path, help="an earlier --json file, summarised beside this run")
    parser.add_argument("--results", type=Path, help="rewrite this file's rule census section")
    args = parser.parse_args()
    census = run_census(args.jobs, args.step)
    # The summary is kept with the counts: a later run's catalog (after pruning) cannot recount it.
    census["summary"] = summary(census)
    if args.json:
        args.json.write_text(json.dumps(census, indent=1, sort_keys=True), encoding="utf-8")
    before = json.loads(args.baseline.read_text("utf-8"))["summary"] if args.baseline else None
    table = summary_table(census["summary"], before)
    never = [key for key in catalog_entries()[0] if key not in census["rules"]]
    print(f"pages: {census['pages']}")
    print(table)
    print("\nrule ids that never fire:\n" + "\n".join(f"- {key}" for key in never))
    print("\npatterns that never fire:\n" + "\n".join(pattern_lines(census, 0)))
    print("\npatterns that fire on one page:\n" + "\n".join(pattern_lines(census, 1)))
    if census["odd"]:
        print("\nrecords the census could not place:\n" + "\n".join(census["odd"]))
    if args.results:
        stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
        pages = ", ".join(f"{SHORT[c]} {census['pages'].get(c, 0)}" for c in CORPORA)
        text = (
            f"{SECTION}\n\nRun {stamp} on {platform.node()}, {platform.machine()}, {multiprocessing.cpu_count()} CPUs, "
            f"Python {platform.python_version()} (`benchmarks/bench_rules.py`). Pages: {pages}. A rule fires on a "
            "page when a `removed` record names it; a pattern fires when it is the first of its rules to match a "
            "removed block's text (as extraction tries them). " + ("Before → after the pruning of this run's commit.\n\n"
                                                                     if before else "\n\n")
            + table + "\n\nPages on which each rule fires, per corpus, and the sites they span:\n\n" + rule_table(census)
            + "\n\nRule ids that never fire: " + (", ".join(f"`{key}`" for key in never) or "none")
            + ".\n\nPatterns that never fire (some match, but an earlier pattern always decides first):\n\n"
            + ("\n".join(pattern_lines(census, 0)) or "none") + "\n\nPatterns that fire on one page:\n\n"
            + ("\n".join(pattern_lines(census, 1)) or "none") + "\n"
        )
        replace_section(args.results, SECTION, text)


if __name__ == "__main__":
    main()

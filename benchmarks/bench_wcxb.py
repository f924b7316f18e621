"""wcxb-dev by page type and by half: this toolkit and trafilatura in the same run, same scorer.

    PYTHONPATH=. python benchmarks/bench_wcxb.py [--tools toolkit,trafilatura] [--keep DIR] [--results FILE]

Every page of ``../shared/bench/wcxb-dev`` is extracted as ``scrape extract`` would see a saved
file (bytes and path, no URL), in ``--jobs`` processes; the records are scored by the reference
``score.py`` on all pages and on each half (even and odd page ids), and the page-type confusion
matrix is printed from the records' ``page_type``. With ``--held-out`` each page is typed by a
page-type model fitted on the other half only, as a page of an unseen site would be. ``--results`` rewrites the wcxb-dev section of
``benchmarks/RESULTS.md``; without it the tables go to stdout only (the development loop).
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gzip
import json
import multiprocessing
import platform
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from results_file import kept_reading, replace_section

ROOT = Path(__file__).resolve().parent.parent
BENCH = (ROOT.parent / "shared" / "bench").resolve()
CORPUS = BENCH / "wcxb-dev"
SCORER = BENCH / "score.py"
SECTION = "## wcxb-dev by page type"
TYPES = ("article", "service", "forum", "listing", "collection", "product", "documentation")
COLUMNS = ("f1", *(f"{kind}_f1" for kind in TYPES), "title", "author", "date", "page_type")


@functools.cache
def _page_type_model(path: str) -> Any:
    from cleaners.pagetype.classify import parse_model

    return parse_model(json.loads(Path(path).read_text(encoding="utf-8")), Path(path).name)


def _toolkit_record(path: str, held_out: tuple[str, str] | None = None) -> dict[str, Any]:
    from cleaners import extract
    from cleaners.config import ExtractConfig
    from cleaners.errors import CleanersError

    data = gzip.decompress(Path(path).read_bytes())
    config = ExtractConfig()
    if held_out:
        # The model fitted on the other half: this page's type is read as on an unseen site's.
        trained_on_even, trained_on_odd = held_out
        odd = int(Path(path).name.split(".")[0]) % 2
        config = ExtractConfig(page_type_model=_page_type_model(trained_on_even if odd else trained_on_odd))
    try:
        article = extract(data, source=path, config=config)
    except CleanersError as e:
        return {"source": path, "text": "", "error": str(e)}
    record = article.to_dict()
    record["source"] = path
    return record


def _trafilatura_record(path: str) -> dict[str, Any]:
    from trafilatura import bare_extraction

    data = gzip.decompress(Path(path).read_bytes())
    doc: Any = bare_extraction(data, with_metadata=True)
    if doc is None:
        return {"source": path, "text": ""}
    authors = [name.strip() for name in (doc.author or "").split(";") if name.strip()]
    return {"source": path, "text": doc.text or "", "title": doc.title, "authors": authors, "published": doc.date}


RUNNERS = {"toolkit": _toolkit_record, "trafilatura": _trafilatura_record}


def run_tool(tool: str, pages: list[str], jobs: int, out: Path, held_out: tuple[str, str] | None = None) -> None:
    context = multiprocessing.get_context("fork")
    runner = functools.partial(_toolkit_record, held_out=held_out) if tool == "toolkit" and held_out else RUNNERS[tool]
    with context.Pool(jobs, maxtasksperchild=200) as pool, out.open("w", encoding="utf-8") as handle:
        for record in pool.imap(runner, pages, chunksize=8):
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def score(out: Path, half: str | None) -> dict[str, Any]:
    command = [sys.executable, str(SCORER), "pages", "wcxb-dev", str(out)]
    if half:
        command.append(f"--half={half}")
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    scores: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return scores


def confusion(out: Path) -> tuple[Counter[tuple[str, str]], int]:
    truth = {key: value["page_type"] for key, value in json.loads((CORPUS / "pages.json").read_text())["files"].items()}
    matrix: Counter[tuple[str, str]] = Counter()
    for line in out.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        page = Path(record["source"]).name.split(".")[0]
        matrix[(truth[page], str(record.get("page_type") or "other"))] += 1
    return matrix, sum(matrix.values())


def _cell(value: Any) -> str:
    return f"{value:.3f}" if isinstance(value, float) else "–"


def score_table(rows: list[tuple[str, dict[str, Any]]]) -> str:
    lines = ["| run | " + " | ".join(column.removesuffix("_f1") for column in COLUMNS) + " |"]
    lines.append("|---|" + "---:|" * len(COLUMNS))
    for name, scores in rows:
        lines.append(f"| {name} | " + " | ".join(_cell(scores.get(column)) for column in COLUMNS) + " |")
    return "\n".join(lines)


def confusion_table(matrix: Counter[tuple[str, str]]) -> str:
    predicted = [*TYPES, "other"]
    lines = ["| truth \\ predicted | " + " | ".join(predicted) + " | recall |", "|---|" + "---:|" * (len(predicted) + 1)]
    for kind in TYPES:
        row = [matrix[(kind, guess)] for guess in predicted]
        total = sum(matrix[(kind, guess)] for (truth, guess) in matrix if truth == kind)
        recall = matrix[(kind, kind)] / total if total else 0.0
        lines.append(f"| {kind} | " + " | ".join(str(count) for count in row) + f" | {recall:.3f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tools", default="toolkit,trafilatura")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--keep", type=Path, default=Path("/tmp/bench_wcxb"))
    parser.add_argument("--results", type=Path, help="rewrite this file's wcxb-dev section")
    parser.add_argument(
        "--held-out",
        metavar="EVEN_MODEL,ODD_MODEL",
        help="page-type models fitted on the even and on the odd half (train_page_type.py --train-on): "
        "each page is typed by the one that never saw it",
    )
    args = parser.parse_args()
    held_out: tuple[str, str] | None = None
    if args.held_out:
        models = args.held_out.split(",")
        if len(models) != 2:
            parser.error("--held-out takes two model files, fitted on the even and on the odd half")
        held_out = (models[0], models[1])
    pages = sorted(str(path) for path in (CORPUS / "html").glob("*.html.gz"))
    args.keep.mkdir(parents=True, exist_ok=True)
    rows: list[tuple[str, dict[str, Any]]] = []
    matrices: dict[str, Counter[tuple[str, str]]] = {}
    for tool in args.tools.split(","):
        out = args.keep / f"{tool}.jsonl"
        run_tool(tool, pages, args.jobs, out, held_out)
        for half in (None, "even", "odd"):
            rows.append((f"{tool}{' ' + half if half else ''}", score(out, half)))
        if tool == "toolkit":
            matrices[tool], _count = confusion(out)
    text = score_table(rows)
    for tool, matrix in matrices.items():
        text += f"\n\nPage-type confusion ({tool}):\n\n" + confusion_table(matrix)
    print(text)
    if args.results:
        stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
        head = f"{SECTION}\n\nRun {stamp} on {platform.node()}, {platform.machine()}, {multiprocessing.cpu_count()} CPUs, "
        head += f"Python {platform.python_version()}. Pages given as saved files (bytes and path, no URL).\n\n"
        replace_section(args.results, SECTION, head + text + "\n" + kept_reading(args.results, SECTION))


if __name__ == "__main__":
    main()

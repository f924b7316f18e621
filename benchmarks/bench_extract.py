"""Extraction benchmark: this toolkit and trafilatura side by side, scored by the reference scorer.

    PYTHONPATH=. python benchmarks/bench_extract.py [--quick] [--results benchmarks/RESULTS.md]

Each tool runs in its own subprocess over both corpora (so peak memory is its own), the two side
by side on their own CPUs (``--sequential``: one after the other); each extracts one page untimed
first. Pages are read and gunzipped outside the timed region, and the timed region is the whole
pipeline from bytes to result (decode, parse, metadata, selection, normalisation). Scores come from
``../shared/bench/score.py`` run as a subprocess.

The speed ratio comes from a third process that runs both tools page by page, in turn (which goes
first alternates), so that both live through the same moments of the machine: on this shared VM
the side-by-side ratio of one unchanged build swung from 1.36 to 1.55 between runs a few minutes
apart, as one CPU or the other slowed. Both ratios are reported; the interleaved one is the figure.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from results_file import replace_section

ROOT = Path(__file__).resolve().parent.parent
BENCH = (ROOT.parent / "shared" / "bench").resolve()
SCORER = BENCH / "score.py"
CORPORA = ("trafilatura-eval", "readability-pages")
TOOLS = ("toolkit", "trafilatura")
QUICK_STEP = 7
RSS_PAGE = 100
SECTION = "## HTML extraction"


def list_pages(corpus: str) -> list[str]:
    out = subprocess.run([sys.executable, str(SCORER), "list", corpus], capture_output=True, text=True, check=True)
    return [line for line in out.stdout.splitlines() if line.strip()]


def current_rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def _toolkit() -> Any:
    from cleaners.html.pipeline import extract_html_traced
    from scraper.memory import release_free_memory
    from scraper.pool import TRIM_FREE_BYTES

    def run(data: bytes, source: str) -> tuple[dict[str, Any], str]:
        # As `scrape extract`'s workers do after each page: extract, then hand the freed heap back
        # to the OS once enough of it is free (trimming after every page costs up to a tenth).
        try:
            article, trace = extract_html_traced(data, source=source)
        finally:
            release_free_memory(TRIM_FREE_BYTES)
        return {
            "text": article.text, "title": article.title, "authors": article.authors, "language": article.language,
        }, trace.selector

    return run


def _trafilatura() -> Any:
    from trafilatura import bare_extraction

    def run(data: bytes, source: str) -> tuple[dict[str, Any], str]:
        doc: Any = bare_extraction(data, with_metadata=True)
        if doc is None:
            return {"text": "", "title": None, "authors": [], "language": None}, "none"
        authors = [name.strip() for name in (doc.author or "").split(";") if name.strip()]
        return {"text": doc.text or "", "title": doc.title, "authors": authors, "language": doc.language}, "trafilatura"

    return run


def interleaved_worker(pages_file: Path) -> None:
    """Both tools page by page in one process, each timed on its own, the first to run alternating;
    print the CPU seconds and exceptions of each (outputs are not kept: the side-by-side workers
    write them)."""
    runs = {"toolkit": _toolkit(), "trafilatura": _trafilatura()}
    jobs = json.loads(pages_file.read_text())
    sources = [source for pages in jobs.values() for source in pages]
    for run in runs.values():
        run(gzip.decompress(Path(sources[0]).read_bytes()), sources[0])
    cpu = dict.fromkeys(runs, 0.0)
    errors = dict.fromkeys(runs, 0)
    for index, source in enumerate(sources):
        data = gzip.decompress(Path(source).read_bytes())
        for tool in TOOLS if index % 2 == 0 else reversed(TOOLS):
            start = time.process_time()
            try:
                runs[tool](data, source)
            except Exception:  # noqa: BLE001 - a crash is a result here: counted and reported
                errors[tool] += 1
            cpu[tool] += time.process_time() - start
    print(json.dumps({"pages": len(sources), "cpu_s": cpu, "errors": errors}))


def worker(tool: str, pages_file: Path, out_dir: Path, second_pass: bool) -> None:
    """Run one tool over the listed pages; write JSONL per corpus and print a stats line.

    With ``second_pass``, the pages are run once more, untimed, to tell memory growth (a leak)
    from the allocator's high-water mark after the largest pages (flat on the second pass).
    """
    run = _toolkit() if tool == "toolkit" else _trafilatura()
    jobs = json.loads(pages_file.read_text())
    # One untimed page first: loading models and compiling rules happens once per process, not per page.
    first = next(source for pages in jobs.values() for source in pages)
    run(gzip.decompress(Path(first).read_bytes()), first)
    cpu = 0.0
    count = errors = 0
    rss_at_page: float | None = None
    selectors: dict[str, int] = {}
    for corpus, pages in jobs.items():
        with open(out_dir / f"{tool}-{corpus}.jsonl", "w", encoding="utf-8") as out:
            for source in pages:
                data = gzip.decompress(Path(source).read_bytes())
                start = time.process_time()
                try:
                    record, selector = run(data, source)
                except Exception as e:  # noqa: BLE001 - a crash is a result here: counted and reported
                    record, selector = {"text": "", "error": f"{type(e).__name__}: {e}"}, "error"
                    errors += 1
                cpu += time.process_time() - start
                selectors[selector] = selectors.get(selector, 0) + 1
                count += 1
                if count == RSS_PAGE:
                    rss_at_page = current_rss_mb()
                out.write(json.dumps({"source": source, **record}, ensure_ascii=False) + "\n")
    rss_last = current_rss_mb()
    rss_second: float | None = None
    if second_pass:
        for pages in jobs.values():
            for source in pages:
                try:
                    run(gzip.decompress(Path(source).read_bytes()), source)
                except Exception:  # noqa: BLE001 - a crash is a result here: counted and reported
                    errors += 1
        rss_second = current_rss_mb()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({
        "pages": count, "cpu_s": cpu, "errors": errors, "selectors": selectors, "peak_mb": peak_mb,
        "rss_page_100_mb": rss_at_page, "rss_last_mb": rss_last, "rss_second_pass_mb": rss_second,
    }))


def run_workers(commands: dict[str, list[str]], env: dict[str, str], *, together: bool) -> dict[str, str]:
    """Run each tool's worker and return its output.

    Side by side (the default), each worker has a CPU of its own and both live through the same
    moments of this machine: a shared VM's noise (other tenants, steal time) then slows both
    alike, and the speed ratio stays steady where one-after-the-other runs swing by a third.
    """
    if not together:
        return {
            tool: subprocess.run(command, capture_output=True, text=True, check=True, env=env).stdout
            for tool, command in commands.items()
        }
    procs = {
        tool: subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        for tool, command in commands.items()
    }
    outputs: dict[str, str] = {}
    for tool, proc in procs.items():
        stdout, stderr = proc.communicate()
        if proc.returncode != 0:
            raise subprocess.CalledProcessError(proc.returncode, commands[tool], stdout, stderr)
        outputs[tool] = stdout
    return outputs


def quick_scorer(jobs: dict[str, list[str]], where: Path) -> Path:
    """A copy of score.py beside a mirror of the subset (symlinks; sources still resolve to the originals)."""
    where.mkdir(parents=True, exist_ok=True)
    shutil.copy(SCORER, where / "score.py")
    for source in jobs["readability-pages"]:
        page = Path(source).parent
        link = where / "readability-pages" / page.name
        link.parent.mkdir(parents=True, exist_ok=True)
        if not link.exists():
            link.symlink_to(page, target_is_directory=True)
    html_dir = where / "trafilatura-eval" / "html"
    html_dir.mkdir(parents=True, exist_ok=True)
    chosen = {Path(source).name for source in jobs["trafilatura-eval"]}
    for name in chosen:
        if not (html_dir / name).exists():
            (html_dir / name).symlink_to(BENCH / "trafilatura-eval" / "html" / name)
    evaldata = json.loads((BENCH / "trafilatura-eval" / "evaldata.json").read_text(encoding="utf-8"))
    subset = {key: item for key, item in evaldata.items() if item["file"] + ".gz" in chosen}
    (where / "trafilatura-eval" / "evaldata.json").write_text(json.dumps(subset), encoding="utf-8")
    return where / "score.py"


def score(scorer: Path, corpus: str, jsonl: Path) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, str(scorer), "pages", corpus, str(jsonl)], capture_output=True, text=True, check=True
    )
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def _row(name: str, values: list[str]) -> str:
    return f"| {name} | " + " | ".join(values) + " |"


def render(results: dict[str, dict[str, Any]], interleaved: dict[str, Any], quick: bool) -> str:
    tk, tr = results["toolkit"], results["trafilatura"]
    speed = {tool: interleaved["pages"] / interleaved["cpu_s"][tool] for tool in TOOLS}
    apart = {tool: r["stats"]["pages"] / r["stats"]["cpu_s"] for tool, r in results.items()}
    lines = [
        "| metric | toolkit | trafilatura 2.3.1 |",
        "|---|---|---|",
    ]
    for corpus in CORPORA:
        for metric in ("f1", "precision", "recall"):
            lines.append(_row(f"{corpus} body {metric}", [f"{tk[corpus][metric]:.3f}", f"{tr[corpus][metric]:.3f}"]))
    for metric, label in (("title_exact", "title"), ("language", "language"), ("byline_overlap", "byline")):
        lines.append(_row(f"readability-pages {label} accuracy",
                          [f"{tk['readability-pages'][metric]:.3f}", f"{tr['readability-pages'][metric]:.3f}"]))
    lines.append(_row("pages per CPU-second (whole pipeline, interleaved)",
                      [f"{speed['toolkit']:.1f}", f"{speed['trafilatura']:.1f}"]))
    lines.append(_row("speed ratio toolkit / trafilatura", [f"{speed['toolkit'] / speed['trafilatura']:.2f}", "1.00"]))
    lines.append(_row("pages per CPU-second (side by side, own processes)",
                      [f"{apart['toolkit']:.1f}", f"{apart['trafilatura']:.1f}"]))
    lines.append(_row("speed ratio, side by side", [f"{apart['toolkit'] / apart['trafilatura']:.2f}", "1.00"]))
    for key, label in (("peak_mb", "peak RSS MB (own process)"), ("rss_page_100_mb", "RSS MB at page 100"),
                       ("rss_last_mb", "RSS MB at last page"),
                       ("rss_second_pass_mb", "RSS MB after a second, untimed pass")):
        if tk["stats"].get(key) is not None:
            lines.append(_row(label, [f"{tk['stats'][key]:.0f}", f"{tr['stats'][key]:.0f}"]))
    lines.append(_row("pages / exceptions (both passes)", [f"{tk['stats']['pages']} / {tk['stats']['errors']}",
                                             f"{tr['stats']['pages']} / {tr['stats']['errors']}"]))
    share = ", ".join(f"{name} {count}" for name, count in sorted(tk["stats"]["selectors"].items()))
    lines.append(_row("toolkit content selector used", [share, ""]))
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    machine = f"{platform.node()}, {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    head = f"{SECTION}{' (--quick subset)' if quick else ''}\n\nRun {stamp} on {machine}.\n\n"
    return head + "\n".join(lines) + "\n"


def write_results(path: Path, section: str) -> None:
    """Replace this benchmark's section of RESULTS.md, keeping any other sections."""
    replace_section(path, SECTION, section)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help=f"every {QUICK_STEP}th page only")
    parser.add_argument("--results", type=Path, default=ROOT / "benchmarks" / "RESULTS.md")
    parser.add_argument("--keep", type=Path, help="keep the JSONL outputs in this directory")
    parser.add_argument("--no-second-pass", action="store_true", help="skip the untimed memory pass")
    parser.add_argument(
        "--sequential", action="store_true", help="run the tools one after the other instead of side by side"
    )
    parser.add_argument("--worker", choices=(*TOOLS, "interleaved"), help=argparse.SUPPRESS)
    parser.add_argument("--pages-file", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out-dir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker == "interleaved":
        interleaved_worker(args.pages_file)
        return 0
    if args.worker:
        worker(args.worker, args.pages_file, args.out_dir, not args.no_second_pass)
        return 0
    out_dir = args.keep or Path(tempfile.mkdtemp(prefix="bench-extract-"))
    out_dir.mkdir(parents=True, exist_ok=True)
    jobs = {corpus: list_pages(corpus)[:: QUICK_STEP if args.quick else 1] for corpus in CORPORA}
    pages_file = out_dir / "pages.json"
    pages_file.write_text(json.dumps(jobs))
    scorer = quick_scorer(jobs, out_dir / "quick-corpus") if args.quick else SCORER
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    commands = {
        tool: [sys.executable, __file__, "--worker", tool, "--pages-file", str(pages_file), "--out-dir", str(out_dir),
               *(["--no-second-pass"] if args.quick or args.no_second_pass else [])]
        for tool in TOOLS
    }
    results: dict[str, dict[str, Any]] = {}
    for tool, stdout in run_workers(commands, env, together=not args.sequential).items():
        results[tool] = {"stats": json.loads(stdout.strip().splitlines()[-1])}
        for corpus in CORPORA:
            results[tool][corpus] = score(scorer, corpus, out_dir / f"{tool}-{corpus}.jsonl")
    interleaved_run = subprocess.run(
        [sys.executable, __file__, "--worker", "interleaved", "--pages-file", str(pages_file)],
        capture_output=True, text=True, check=True, env=env,
    )
    table = render(results, json.loads(interleaved_run.stdout.strip().splitlines()[-1]), args.quick)
    print(table)
    if not args.quick:
        write_results(args.results, table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

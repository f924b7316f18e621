"""Entry point of ``scrape``: one sub-command per module, each with ``register`` and ``run``.

Exit statuses shared by every command: ``2`` a bad command line or job file, ``70`` an internal
error (a bug: one line on stderr, the traceback in a crash log or under ``--debug``), ``130``
interrupted. Each command documents the rest.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from importlib import metadata

from scraper.cli.arguments import OneLineParser
from scraper.cli.crash import EXIT_INTERNAL, report_crash

#: Each command's module (exposing ``register(subparsers)``, which adds its parser and sets
#: ``run``) and its one-line help. Only the module of the command given is imported, so a
#: command never pays for the others' imports (``scrape extract`` loads no fetcher).
COMMANDS: dict[str, tuple[str, str]] = {
    "extract": ("scraper.cli.extract_cmd", "extract clean article JSON from local pages or URLs"),
    "fixtures": ("scraper.cli.fixtures_cmd", "check or update regression fixtures"),
    "fetch": ("scraper.cli.fetch_cmd", "fetch pages over HTTP and extract them to article JSON"),
    "crawl": ("scraper.cli.crawl_cmd", "run one pass of a crawl job (for cron, systemd timers, CI)"),
    "schedule": ("scraper.cli.schedule_cmd", "keep running and start each crawl job on its interval"),
    "worker": ("scraper.cli.worker_cmd", "work on a crawl job's PostgreSQL frontier (start any number, on any machines)"),
    "export": ("scraper.cli.export_cmd", "write the articles a crawl job's PostgreSQL state keeps as JSONL"),
    "archive": ("scraper.cli.archive_cmd", "re-extract WARC/ARC archives on a Dask cluster, one part file per input"),
}
#: Commands whose pages go to extraction workers, and the options with which they do not.
EXTRACTING_COMMANDS = frozenset({"extract", "fetch", "crawl", "worker"})
NOT_EXTRACTING = frozenset({"-h", "--help", "--version", "--status", "--dry-run"})
EXIT_INTERRUPTED = 130
DISTRIBUTION = "scrape-toolkit"

__all__ = ["EXIT_INTERNAL", "EXIT_INTERRUPTED", "build_parser", "main", "version"]


def version() -> str:
    """The installed version of the toolkit (``unknown`` when run from a checkout not installed)."""
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return "unknown (not installed)"


def _chosen(argv: Sequence[str]) -> str | None:
    """The command named on the command line, if any (the first word that is not an option)."""
    for word in argv:
        if not word.startswith("-"):
            return word if word in COMMANDS else None
    return None


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser; the chosen command's module is imported to add its options, every command's
    one-line help shows in ``scrape --help``. ``argv`` None builds every command (for docs, tests)."""
    parser = OneLineParser(prog="scrape", description="Collect web articles and turn them into clean article JSON.")
    parser.add_argument("--version", action="version", version=f"scrape {version()}")
    debug_help = "on an internal error, print the traceback instead of writing it to a crash log"
    parser.add_argument("--debug", action="store_true", help=debug_help)
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    chosen = _chosen(argv) if argv is not None else None
    for name, (module, help_text) in COMMANDS.items():
        if argv is None or name == chosen:
            importlib.import_module(module).register(subparsers)
        else:
            subparsers.add_parser(name, help=help_text)
    for subparser in subparsers.choices.values():
        # SUPPRESS keeps the top-level value when the flag is not repeated after the command.
        subparser.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=debug_help)
    return parser


def _extracts(words: Sequence[str]) -> bool:
    """Whether the command line runs pages through extraction workers."""
    return _chosen(words) in EXTRACTING_COMMANDS and NOT_EXTRACTING.isdisjoint(words)


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    if _extracts(words):
        from scraper.fork_server import start_fork_server

        # The workers' warm-up (about 2 s of CPU time) overlaps this process's own start-up.
        start_fork_server()
    parser = build_parser(words)
    args = parser.parse_args(words)
    try:
        code: int = args.run(args)
    except KeyboardInterrupt:
        print("scrape: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (``scrape extract ... | head``): not an error of ours.
        sys.stderr.close()
        return 0
    except BaseException as e:
        if isinstance(e, SystemExit | GeneratorExit):
            raise
        # Anything else is a bug (a CancelledError escaping a pass included): never a traceback.
        return report_crash(e, command=args.command, debug=args.debug)
    return code


if __name__ == "__main__":
    sys.exit(main())

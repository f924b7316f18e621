"""Entry point of ``scrape``: one sub-command per module, each with ``register`` and ``run``.

Exit statuses shared by every command: ``2`` a bad command line or job file, ``70`` an internal
error (a bug: one line on stderr, the traceback in a crash log or under ``--debug``), ``130``
interrupted. Each command documents the rest.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from types import ModuleType

from scraper.cli import crawl_cmd, extract_cmd, fetch_cmd, fixtures_cmd, schedule_cmd
from scraper.cli.arguments import OneLineParser
from scraper.cli.crash import EXIT_INTERNAL, report_crash

# Each module exposes ``register(subparsers)``, which adds its parser and sets ``run``.
COMMAND_MODULES: tuple[ModuleType, ...] = (extract_cmd, fixtures_cmd, fetch_cmd, crawl_cmd, schedule_cmd)
EXIT_INTERRUPTED = 130

__all__ = ["EXIT_INTERNAL", "EXIT_INTERRUPTED", "build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(prog="scrape", description="Collect web articles and turn them into clean article JSON.")
    debug_help = "on an internal error, print the traceback instead of writing it to a crash log"
    parser.add_argument("--debug", action="store_true", help=debug_help)
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(subparsers)
    for subparser in subparsers.choices.values():
        # SUPPRESS keeps the top-level value when the flag is not repeated after the command.
        subparser.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=debug_help)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
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

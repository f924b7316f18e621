"""Entry point of ``scrape``: one sub-command per module, each with ``register`` and ``run``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from types import ModuleType

from scraper.cli import crawl_cmd, extract_cmd, fetch_cmd, fixtures_cmd, schedule_cmd

# Each module exposes ``register(subparsers)``, which adds its parser and sets ``run``.
COMMAND_MODULES: tuple[ModuleType, ...] = (extract_cmd, fixtures_cmd, fetch_cmd, crawl_cmd, schedule_cmd)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="scrape", description="Collect web articles and turn them into clean article JSON."
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.run(args)
    except KeyboardInterrupt:
        print("scrape: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (``scrape extract ... | head``): not an error of ours.
        sys.stderr.close()
        return 0
    return code


if __name__ == "__main__":
    sys.exit(main())

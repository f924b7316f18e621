"""``scrape fixtures check|update [DIR]``: regression fixtures without writing code."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import cleaners
from scraper.errors import ScraperError
from scraper.fixtures import check_fixture, find_fixtures, update_fixture


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "fixtures",
        help="check or update regression fixtures",
        description="A fixture is a folder with one input.* page and its reviewed expected.json.",
    )
    parser.add_argument("action", choices=("check", "update"), help="check: diff against expected.json; "
                        "update: rewrite expected.json (review the change before committing)")
    parser.add_argument("dir", nargs="?", default="fixtures", metavar="DIR", help="fixtures folder (default fixtures)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    failures = 0
    count = 0
    try:
        fixtures = list(find_fixtures(Path(args.dir)))
    except ScraperError as e:
        print(f"scrape: {e}", file=sys.stderr)
        return 2
    if not fixtures:
        print(f"scrape: {args.dir}: no fixtures found", file=sys.stderr)
        return 2
    for fixture in fixtures:
        count += 1
        try:
            if args.action == "update":
                changed = update_fixture(fixture)
                print(f"{'updated' if changed else 'unchanged'} {fixture.name}")
                continue
            diffs = check_fixture(fixture)
        except (ScraperError, cleaners.CleanersError) as e:
            failures += 1
            print(f"ERROR {fixture.name}: {e}")
            continue
        if diffs:
            failures += 1
            print(f"FAIL {fixture.name}: {', '.join(d.field for d in diffs)}")
            for diff in diffs:
                print(f"  --- field {diff.field}")
                print("\n".join("    " + line for line in diff.diff.splitlines()))
        else:
            print(f"ok   {fixture.name}")
    if args.action == "check":
        print(f"{count - failures} passed, {failures} failed")
    return 1 if failures else 0

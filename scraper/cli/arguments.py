"""Command-line values checked with bounds, so a bad one exits 2 naming the option.

``--delay inf`` would stall every host for ever and ``--workers 50000000`` would exhaust
memory; argparse calls these types while parsing and reports the option by name.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import NoReturn, TypeVar

from scraper.fetch.config import header_problem, number_problem

N = TypeVar("N", int, float)


class OneLineParser(argparse.ArgumentParser):
    """An argument parser whose errors are one line naming the option, then exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def seconds(low: float, high: float, *, zero_means_none: bool = False) -> Callable[[str], float]:
    """An argparse type: a finite number of seconds from ``low`` to ``high`` (0 too, if it means none)."""
    return _bounded(float, "a number of seconds", low, high, zero_means_none=zero_means_none)


def count(low: int, high: int) -> Callable[[str], int]:
    """An argparse type: a whole number from ``low`` to ``high``."""
    return _bounded(int, "a whole number", low, high)


def _bounded(convert: Callable[[str], N], expected: str, low: float, high: float, *,
             zero_means_none: bool = False) -> Callable[[str], N]:
    def parse(text: str) -> N:
        try:
            value = convert(text)
        except ValueError as e:
            raise argparse.ArgumentTypeError(f"expected {expected}, got {text!r}") from e
        if zero_means_none and value == 0:
            return value
        problem = number_problem(value, low, high)
        if problem:
            raise argparse.ArgumentTypeError(problem)
        return value

    return parse


def header_value(text: str) -> str:
    """An argparse type: a value that can be sent as an HTTP header (no CR, LF or NUL)."""
    problem = header_problem(text)
    if problem:
        raise argparse.ArgumentTypeError(problem)
    return text

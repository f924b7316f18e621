"""A job file's TOML tables read key by key, and the durations they hold.

Each table pops the keys it is asked for and :meth:`Table.close` reports any key nobody asked
for, so a typo is an error that names the key, never a silent default. A table may note every
key it is asked for (``asked``): that is the list of keys the job format accepts.
"""

from __future__ import annotations

import re
from typing import Any, TypeVar

from scraper.errors import JobError
from scraper.fetch.config import DAY, header_problem, number_problem

T = TypeVar("T")
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$")
_UNITS = {"": 1.0, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0, "w": 604800.0}
#: Longest duration a job may name (intervals, schedules): ten years.
MAX_DURATION = 3650 * DAY
#: Largest page and URL counts a job may set (limits, sitemap sizes).
MAX_COUNT = 1_000_000_000


class Table:
    """A TOML table read key by key; ``close`` reports any key nobody asked for."""

    def __init__(self, data: dict[str, Any], prefix: str, asked: set[str] | None = None) -> None:
        self._data = dict(data)
        self._prefix = prefix
        self._asked = asked

    def key(self, name: str) -> str:
        return f"{self._prefix}{name}"

    def take(self, name: str, kind: type[T], default: T) -> T:
        if self._asked is not None:
            self._asked.add(self.key(name))
        if name not in self._data:
            return default
        value = self._data.pop(name)
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
            raise JobError(f"expected {_kind_name(kind)}, got {type(value).__name__} {value!r}", key=self.key(name))
        return value

    def strings(self, name: str, default: tuple[str, ...] = ()) -> tuple[str, ...]:
        if name not in self._data:
            return self.take(name, tuple, default)
        value = self.take(name, list, [])
        for index, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                raise JobError(f"item {index} must be a non-empty string", key=self.key(name))
        return tuple(item.strip() for item in value)

    def number(self, name: str, default: float, bounds: tuple[float, float]) -> float:
        """A finite number within ``bounds`` (inclusive)."""
        value = self.take(name, float, default)
        problem = number_problem(value, *bounds)
        if problem:
            raise JobError(problem, key=self.key(name))
        return value

    def __contains__(self, name: str) -> bool:
        return name in self._data

    def count(self, name: str, default: int, *, minimum: int = 0, maximum: float = MAX_COUNT,
              record: bool = True) -> int:
        """An integer within bounds; ``record`` False for a key's earlier name (not listed as accepted)."""
        asked, self._asked = self._asked, self._asked if record else None
        try:
            value = self.take(name, int, default)
        finally:
            self._asked = asked
        problem = number_problem(value, minimum, maximum)
        if problem:
            raise JobError(problem, key=self.key(name))
        return value

    def duration(self, name: str, default: float, *, maximum: float = MAX_DURATION) -> float:
        if self._asked is not None:
            self._asked.add(self.key(name))
        if name not in self._data:
            return default
        return parse_duration(self._data.pop(name), key=self.key(name), maximum=maximum)

    def header(self, name: str, default: str) -> str:
        """A string sent as an HTTP header value: no control characters."""
        value = self.take(name, str, default)
        problem = header_problem(value)
        if problem:
            raise JobError(problem, key=self.key(name))
        return value

    def table(self, name: str) -> Table:
        return Table(self.take(name, dict, {}), f"{self.key(name)}.", self._asked)

    def close(self) -> None:
        if self._data:
            name = sorted(self._data)[0]
            raise JobError("unknown key", key=self.key(name))


def _kind_name(kind: type) -> str:
    return {str: "a string", int: "an integer", float: "a number", bool: "true or false",
            list: "a list", dict: "a table"}.get(kind, kind.__name__)


def parse_duration(value: object, *, key: str = "duration", maximum: float = MAX_DURATION) -> float:
    """Seconds from ``90``, ``"45s"``, ``"30m"``, ``"6h"``, ``"1d"`` or ``"2w"``, at most ``maximum``."""
    if isinstance(value, bool):
        raise JobError(f"expected a duration such as \"6h\", got {value!r}", key=key)
    if isinstance(value, int | float):
        seconds = float(value)
    elif isinstance(value, str) and (match := _DURATION.match(value)):
        seconds = float(match.group(1)) * _UNITS[match.group(2)]
    else:
        raise JobError(f"expected a duration such as \"6h\", \"30m\" or \"90s\", got {value!r}", key=key)
    if seconds < 0:
        raise JobError("a duration cannot be negative", key=key)
    problem = number_problem(seconds, 0, maximum)
    if problem:
        raise JobError(f"a duration {problem}", key=key)
    return seconds




def format_duration(seconds: float) -> str:
    """``seconds`` as a job file writes it: ``6h``, ``30m``, ``90s``, ``1d``, ``2w``."""
    for unit in ("w", "d", "h", "m"):
        size = _UNITS[unit]
        if seconds >= size and seconds % size == 0:
            return f"{int(seconds // size)}{unit}"
    return f"{seconds:g}s"

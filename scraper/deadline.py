"""A time limit for one page's extraction, so a pathological page fails alone."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from scraper.errors import PageTimeoutError


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    raise PageTimeoutError("page timeout")


@contextmanager
def page_deadline(seconds: float) -> Iterator[None]:
    """Raise :class:`PageTimeoutError` in the block after ``seconds`` (0 = no limit).

    SIGALRM works on the main thread only (each worker process runs pages on its main thread);
    elsewhere the block runs without a limit. Code stuck inside a C library is only interrupted
    when it returns to Python.
    """
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)

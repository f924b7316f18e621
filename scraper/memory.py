"""Hand freed heap memory back to the operating system between pages.

glibc's malloc keeps freed memory in its arenas, so after one large page a long batch keeps
that high-water mark and its resident size creeps up page after page. ``malloc_trim(0)``
returns the free pages; measured on the trafilatura-eval corpus it keeps a 1,029-page batch
flat (144 → 147 MB) where it otherwise climbs (160 → 181 MB). Elsewhere (musl, macOS,
Windows) this is a no-op.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from collections.abc import Callable
from functools import cache


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``, or None where the C library has none."""
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        libc = ctypes.CDLL(name)
    except OSError:
        return None
    trim = getattr(libc, "malloc_trim", None)
    if trim is None:
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim  # type: ignore[no-any-return]


def release_free_memory() -> bool:
    """Return freed heap memory to the OS; True when the C library could do it."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True

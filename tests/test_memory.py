"""Freed heap goes back to the OS between pages (glibc), and elsewhere the call is a safe no-op."""

from __future__ import annotations

import os
import platform
import subprocess
import sys

from scraper.memory import release_free_memory
from tests.conftest import ROOT


def _rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * 4096 / 2**20


def test_release_returns_freed_heap_to_the_os() -> None:
    if platform.system() != "Linux" or platform.libc_ver()[0] != "glibc":
        assert release_free_memory() in (True, False)
        return
    # Blocks too large for pymalloc and too small for their own mmap: malloc's heap. Keeping every
    # 16th one alive leaves holes that free() alone never hands back.
    chunks = [bytearray(4000) for _ in range(50_000)]
    kept = chunks[::16]
    del chunks
    before = _rss_mb()
    assert release_free_memory() is True
    assert _rss_mb() < before - 50
    assert len(kept) == 3125


def test_a_heap_with_little_free_is_not_trimmed_and_one_with_much_is() -> None:
    """Run in a fresh interpreter: the heap of a test process that ran other tests first holds
    whatever they left free (75 MB seen in CI), which says nothing about the trim's threshold."""
    result = subprocess.run([sys.executable, "-c", _THRESHOLD_CHECK], capture_output=True, text=True,
                            env=dict(os.environ, PYTHONPATH=str(ROOT)), timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "ok"


_THRESHOLD_CHECK = """
import platform
from scraper.memory import free_heap_bytes, release_free_memory


def rss_mb():
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * 4096 / 2**20


if platform.system() != "Linux" or platform.libc_ver()[0] != "glibc" or free_heap_bytes() is None:
    assert release_free_memory(1 << 40) is False or free_heap_bytes() is None
else:
    release_free_memory()
    free = free_heap_bytes()
    assert free is not None and free < 64 * 2**20, free
    assert release_free_memory(64 * 2**20) is False  # not worth a trim
    chunks = [bytearray(4000) for _ in range(50_000)]
    kept = chunks[::16]
    del chunks
    freed = free_heap_bytes()
    assert freed is not None and freed > 150 * 2**20, freed
    before = rss_mb()
    assert release_free_memory(64 * 2**20) is True
    assert rss_mb() < before - 50
    assert len(kept) == 3125
print("ok")
"""

"""benchmarks/RESULTS.md holds one ``## `` section per benchmark; each script replaces its own."""

from __future__ import annotations

import os
import platform
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def replace_section(path: Path, heading: str, section: str) -> None:
    """Put ``section`` (which starts with ``heading``) in place of the old one, keeping the others."""
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    start = old.find(heading + "\n")
    if start == -1:
        new = old.rstrip("\n") + "\n\n" + section
    else:
        end = old.find("\n## ", start + len(heading))
        new = old[:start] + section + (old[end + 1 :] if end != -1 else "")
    path.write_text(new.rstrip("\n") + "\n", encoding="utf-8")


def kept_reading(path: Path, heading: str, marker: str = "### How to read it") -> str:
    """The hand-written part of the section ``heading``, from ``marker`` to the section's end, so a
    script that rewrites its tables keeps it (empty when there is none)."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    start = text.find(heading + "\n")
    if start == -1:
        return ""
    end = text.find("\n## ", start + len(heading))
    section = text[start : end if end != -1 else len(text)]
    found = section.find(marker)
    return "\n" + section[found:].rstrip("\n") + "\n" if found != -1 else ""


def machine() -> str:
    """The machine a benchmark ran on, for the results' header."""
    cpu = platform.processor() or platform.machine()
    return f"{platform.system()} {platform.release()}, {os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()}"

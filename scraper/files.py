"""Writing files so that a crash leaves the old version or the new one, never half of one."""

from __future__ import annotations

import os
import uuid
from pathlib import Path


def fsync_folder(folder: Path) -> None:
    """Make a rename (or a file's creation) in ``folder`` durable."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def write_text_atomically(path: Path, text: str) -> None:
    """Write ``text`` to a temporary file beside ``path``, fsync it, and rename it into place.

    Raises ``OSError``; the temporary file never outlives the call."""
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        with open(temporary, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)

"""The hostile server, in its own process on loopback, shared by the adversarial tests."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from tests.conftest import ROOT


@dataclass(frozen=True)
class Hostile:
    """Where the hostile server listens: 127.0.0.1 and 127.0.0.2, on ``port``."""

    port: int

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"


@pytest.fixture(scope="session")
def hostile() -> Iterator[Hostile]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    process = subprocess.Popen([sys.executable, "-m", "tests.adversarial.hostile_server"], cwd=ROOT, env=env,
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stdin is not None
    port = int(process.stdout.readline())
    yield Hostile(port)
    process.stdin.close()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()

"""Run a command and record the CPU time its whole process tree used, workers included.

``python -m tests.adversarial.cpu_meter OUT -- COMMAND...`` runs COMMAND (standard streams
passed through), becomes the child subreaper of everything it starts (Linux ``prctl``), so a
fork server that outlives COMMAND is reparented here and reaped too, then writes to OUT the CPU
seconds (user + system) of the whole tree and the peak resident size in MiB of its largest
process, and exits with COMMAND's status. A CPU-time bound holds on a busy machine, where a
wall-clock bound would not.
"""

from __future__ import annotations

import ctypes
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

PR_SET_CHILD_SUBREAPER = 36


def main() -> int:
    out, separator, *command = sys.argv[1:]
    assert separator == "--", "usage: cpu_meter OUT -- COMMAND..."
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER) failed")
    code = subprocess.run(command, check=False).returncode
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # orphans (a fork server) exit once their parent is gone
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            break
        if pid == 0:
            time.sleep(0.05)
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(out, "w", encoding="utf-8") as handle:
        handle.write(f"{usage.ru_utime + usage.ru_stime:.3f} {usage.ru_maxrss / 1024:.1f}\n")
    return code


@dataclass(frozen=True)
class Metered:
    """A finished command with what its whole process tree cost."""

    result: subprocess.CompletedProcess[bytes]
    wall: float
    cpu: float
    peak_rss_mib: float


def run_metered(command: list[str], *, cwd: Path, env: dict[str, str], timeout: float,
                stdin: bytes | None = None) -> Metered:
    """Run ``command`` under the meter (standard streams captured)."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "meter.txt"
        started = time.monotonic()
        # A session of its own, so a timeout stops the whole tree, not only the meter.
        process = subprocess.Popen([sys.executable, "-m", "tests.adversarial.cpu_meter", str(out), "--", *command],
                                   stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd,
                                   env=env, start_new_session=True)
        try:
            stdout, stderr = process.communicate(stdin, timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise
        result = subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)
        wall = time.monotonic() - started
        cpu, rss = out.read_text("utf-8").split()
    return Metered(result, wall, float(cpu), float(rss))


if __name__ == "__main__":
    sys.exit(main())

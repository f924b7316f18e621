"""Run a command and record the CPU time its whole process tree used, workers included.

``python -m tests.adversarial.cpu_meter OUT -- COMMAND...`` runs COMMAND (standard streams
passed through), becomes the child subreaper of everything it starts (Linux ``prctl``), so a
fork server that outlives COMMAND is reparented here and reaped too, then writes the CPU
seconds (user + system) of the whole tree to OUT and exits with COMMAND's status. A CPU-time
bound holds on a busy machine, where a wall-clock bound would not.
"""

from __future__ import annotations

import ctypes
import os
import resource
import subprocess
import sys
import time

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
        handle.write(f"{usage.ru_utime + usage.ru_stime:.3f}\n")
    return code


if __name__ == "__main__":
    sys.exit(main())

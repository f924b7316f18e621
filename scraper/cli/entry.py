"""The ``scrape`` executable: even a failure to import the program exits 70, never 1.

Exit status 1 means "finished, but some inputs failed", and schedulers are told to accept it
(``SuccessExitStatus=1``). Python exits 1 on an uncaught exception, so a broken install would
pass for a pass with failures; importing the command line here, inside the guard, prevents it.
"""

from __future__ import annotations

import sys

from scraper.cli.crash import report_crash


def main() -> int:
    try:
        from scraper.cli.main import main as run_command  # inside the guard, on purpose (see above)
    except Exception as e:  # noqa: BLE001 - one line and status 70 instead of a traceback and status 1
        return report_crash(e, command="(start-up)", debug="--debug" in sys.argv)
    return run_command()


if __name__ == "__main__":
    sys.exit(main())

"""Objects the fork-server test hands to a worker (importable by name in the child)."""

from __future__ import annotations


def _vanish() -> None:
    raise FileNotFoundError(2, "No such file or directory")


class Vanished:
    """Unpickles into an error, as a lock whose semaphore was removed does."""

    def __reduce__(self) -> tuple[object, tuple[()]]:
        return (_vanish, ())

"""Connections to the state database; psycopg's errors are translated here, once."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scraper.errors import StateError

if TYPE_CHECKING:
    import psycopg

#: Seconds to wait for the server to answer a new connection.
CONNECT_TIMEOUT = 10


def reason(error: BaseException) -> str:
    """The first line of a driver's error message (its class name when it has none)."""
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def safe_address(url: str) -> str:
    """The database URL as it may be shown: the user, host, port and database, no password."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or "localhost"
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return "postgresql://(malformed address)"
    user = f"{parts.username}@" if parts.username else ""
    return f"{parts.scheme}://{user}{host}{port}{parts.path}"


def connect(url: str, *, application: str = "scrape") -> psycopg.Connection[Any]:
    """An open connection to ``url`` (autocommit off); :class:`StateError` when the driver is
    not installed or the server cannot be reached or refuses us."""
    try:
        import psycopg
    except ImportError as e:
        raise StateError("a PostgreSQL state needs psycopg: pip install 'scrape-toolkit[postgres]'") from e
    try:
        return psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT, application_name=application)
    except psycopg.Error as e:
        raise StateError(f"{safe_address(url)}: cannot connect to the state database ({reason(e)})") from e

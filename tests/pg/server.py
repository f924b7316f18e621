"""A real PostgreSQL 15 server on 127.0.0.1 for the tests: a fresh cluster in a temporary folder,
initialised and run as the ``postgres`` system user (initdb refuses root), on a free port, and
stopped and removed afterwards."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

BIN = Path(os.environ.get("SCRAPE_TEST_PG_BIN", "/usr/lib/postgresql/15/bin"))
_READY_SECONDS = 60


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _as_postgres(*command: str) -> list[str]:
    """``command`` run as the postgres user when we are root (as the CI machine is)."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else list(command)


class PostgresServer:
    """One throwaway cluster; ``url`` names its ``postgres`` database, trust authentication on loopback."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="scrape-pg-"))
        self.data = self.folder / "data"
        self.port = _free_port()
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def start(self) -> PostgresServer:
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        subprocess.run(_as_postgres(str(BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust",
                                    "--no-sync", "-E", "UTF8", "--locale", "C"),
                       check=True, capture_output=True, timeout=120)
        return self._launch()

    def restart(self, down_seconds: float) -> None:
        """Stop the server at once (a fast shutdown: clients are cut off), stay down for
        ``down_seconds``, and start it again on the same data and port."""
        assert self._process is not None
        subprocess.run(_as_postgres(str(BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"),
                       check=True, capture_output=True, timeout=120)
        self._process.wait(timeout=60)
        time.sleep(down_seconds)
        self._launch()

    def _launch(self) -> PostgresServer:
        log = (self.folder / "server.log").open("ab")
        self._process = subprocess.Popen(
            _as_postgres(str(BIN / "postgres"), "-D", str(self.data), "-p", str(self.port), "-k", str(self.folder),
                         "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "full_page_writes=off",
                         "-c", "max_connections=50"),
            stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + _READY_SECONDS
        while time.monotonic() < deadline:
            ready = subprocess.run([str(BIN / "pg_isready"), "-h", "127.0.0.1", "-p", str(self.port)],
                                   capture_output=True)
            if ready.returncode == 0:
                return self
            if self._process.poll() is not None:
                break
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"PostgreSQL did not start: {(self.folder / 'server.log').read_text(errors='replace')}")

    def create_database(self, name: str) -> str:
        """A new, empty database on this server; its URL."""
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return f"postgresql://postgres@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()  # SIGTERM: PostgreSQL's "smart" shutdown; fast enough with no clients
            try:
                self._process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait(timeout=30)
        shutil.rmtree(self.folder, ignore_errors=True)


def count(database: str, sql: str) -> int:
    """The first column of ``sql``'s first row; 0 while the database or its tables are not there
    yet, or the server is restarting (callers poll)."""
    import psycopg

    try:
        with psycopg.connect(database, connect_timeout=5) as connection:
            row = connection.execute(sql).fetchone()
    except psycopg.Error:
        return 0
    return int(row[0]) if row else 0


def available() -> bool:
    return (BIN / "initdb").exists() and (os.geteuid() != 0 or shutil.which("runuser") is not None)

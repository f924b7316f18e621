"""The fetcher's settings: one frozen object, every default documented where it is declared."""

from __future__ import annotations

import ipaddress
import math
import re
from dataclasses import dataclass, field, fields

#: Product token matched against robots.txt ``User-agent`` lines.
DEFAULT_ROBOTS_TOKEN = "scrape-toolkit"
DEFAULT_USER_AGENT = f"{DEFAULT_ROBOTS_TOKEN}/0.1 (article fetcher; respects robots.txt)"
KIB = 1024
MIB = 1024 * KIB
GIB = 1024 * MIB
DAY = 86400.0

#: The range every numeric setting must lie in (inclusive); all must be finite. A value out of
#: range is a mistake (``per_host_delay = inf`` would stall a host for ever, a concurrency of
#: 50,000,000 exhausts memory), so it is refused with the setting's name instead of obeyed.
BOUNDS: dict[str, tuple[float, float]] = {
    "connect_timeout": (0.001, DAY),
    "read_timeout": (0.001, DAY),
    "total_timeout": (0.001, DAY),
    "max_fetch_time": (0.001, 7 * DAY),
    "max_body_bytes": (1, GIB),
    "max_decompressed_bytes": (1, 4 * GIB),
    "max_encodings": (0, 8),
    "max_redirects": (0, 100),
    "robots_ttl": (0, 30 * DAY),
    "robots_error_ttl": (0, 30 * DAY),
    "robots_max_bytes": (1, 64 * MIB),
    "robots_max_redirects": (0, 100),
    "per_host_concurrency": (1, 256),
    "per_host_delay": (0, DAY),
    "max_crawl_delay": (0, DAY),
    "global_concurrency": (1, 4096),
    "slowdown_factor": (1, 100),
    "max_host_delay": (0, DAY),
    "max_attempts": (1, 100),
    "backoff_initial": (0, DAY),
    "backoff_max": (0, DAY),
    "backoff_jitter": (0, DAY),
    "max_retry_after": (0, 30 * DAY),
    "retry_after_ceiling": (0, 365 * DAY),
}
#: Characters a header value may not hold: controls (CR and LF would split the request).
_HEADER_CONTROLS = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
MAX_HEADER_CHARS = 1024


def number_problem(value: object, low: float, high: float) -> str | None:
    """Why ``value`` is not a finite number from ``low`` to ``high``, or None when it is."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return f"must be a number, got {value!r}"
    if not math.isfinite(value):
        return f"must be a finite number, got {value!r}"
    if not low <= value <= high:
        return f"must be from {_shown(low)} to {_shown(high)}, got {_shown(value)}"
    return None


def _shown(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else repr(float(number))


def header_problem(value: str) -> str | None:
    """Why ``value`` cannot be sent as a header value (controls, empty, too long), or None."""
    if not value.strip():
        return "must not be empty"
    if _HEADER_CONTROLS.search(value):
        return "must not contain control characters (CR, LF, NUL ...)"
    if len(value) > MAX_HEADER_CHARS:
        return f"must be at most {MAX_HEADER_CHARS} characters"
    return None


@dataclass(frozen=True, slots=True)
class FetchConfig:
    """How the :class:`~scraper.fetch.client.Fetcher` talks to servers.

    Times are in seconds and sizes in bytes. The defaults suit a polite crawl of public sites.
    """

    #: Sent on every request; names the toolkit so site owners can identify us.
    user_agent: str = DEFAULT_USER_AGENT
    #: Token looked up in robots.txt groups (the user agent's own group wins over ``*``).
    robots_token: str = DEFAULT_ROBOTS_TOKEN

    # --- time ---------------------------------------------------------------------------
    #: Time allowed to resolve the name and open the TCP (and TLS) connection.
    connect_timeout: float = 10.0
    #: Longest silence allowed between two reads of the socket.
    read_timeout: float = 20.0
    #: Deadline for one request, from connecting to the last body byte: cuts off servers that
    #: drip a byte every few seconds and so never trip the read timeout.
    total_timeout: float = 60.0
    #: Network time one fetch may spend over all its redirects and retries (waits for
    #: politeness and backoff not counted), so a slow server cannot hold a fetch for long.
    max_fetch_time: float = 180.0

    # --- size ---------------------------------------------------------------------------
    #: Most bytes read off the wire for one body (before decompression).
    max_body_bytes: int = 10 * MIB
    #: Most bytes a body may decompress to (each layer is bounded by this too).
    max_decompressed_bytes: int = 20 * MIB
    #: Most ``Content-Encoding`` layers accepted (``gzip, br`` is two).
    max_encodings: int = 2

    # --- redirects and safety -----------------------------------------------------------
    #: Most redirects followed for one fetch; each hop is checked again.
    max_redirects: int = 10
    #: Allow loopback, private, link-local and CGNAT addresses (intranet crawls, tests).
    #: Cloud-metadata addresses stay blocked even then.
    allow_private: bool = False
    #: Addresses or CIDR networks allowed even though private, e.g. the one intranet server
    #: a crawl may reach while the rest of private space stays refused.
    allowed_networks: tuple[str, ...] = ()
    #: Fixed name-to-address answers, checked like any resolved address (like ``curl --resolve``).
    resolve: tuple[tuple[str, str], ...] = ()

    # --- robots.txt ---------------------------------------------------------------------
    #: Obey robots.txt (RFC 9309).
    respect_robots: bool = True
    #: How long a fetched robots.txt is trusted (RFC 9309 allows at most 24 hours).
    robots_ttl: float = 24 * 3600.0
    #: After a 5xx or network error everything is disallowed; robots.txt is tried again after this.
    robots_error_ttl: float = 600.0
    #: Bytes of robots.txt parsed (RFC 9309 asks for at least 500 KiB).
    robots_max_bytes: int = 512 * KIB
    #: Redirects followed when fetching robots.txt (RFC 9309: at least five).
    robots_max_redirects: int = 5

    # --- politeness ---------------------------------------------------------------------
    #: Requests in flight at once to one host name.
    per_host_concurrency: int = 1
    #: Minimum time between the starts of two requests to the same host (a larger
    #: robots.txt ``Crawl-delay`` wins, up to ``max_crawl_delay``).
    per_host_delay: float = 1.0
    #: Largest ``Crawl-delay`` honoured; a larger one is cut to this.
    max_crawl_delay: float = 60.0
    #: Requests in flight at once across all hosts.
    global_concurrency: int = 16
    #: After a 429 or 503 a host's delay is multiplied by this (and divided back on success).
    slowdown_factor: float = 2.0
    #: The slowed-down delay of a host never exceeds this.
    max_host_delay: float = 60.0

    # --- retries ------------------------------------------------------------------------
    #: Attempts per request, the first included; only transient failures are retried.
    max_attempts: int = 4
    #: First backoff wait; doubled on each retry, with up to ``backoff_jitter`` added.
    backoff_initial: float = 1.0
    #: Longest backoff wait.
    backoff_max: float = 30.0
    #: Random extra wait added to each backoff, in seconds.
    backoff_jitter: float = 1.0
    #: Longest ``Retry-After`` honoured by waiting (and longest pause of a host that asked for
    #: one); beyond it the fetch fails with :class:`~scraper.errors.RetryAfterTooLongError` so a
    #: crawl job can schedule it.
    max_retry_after: float = 120.0
    #: Longest ``Retry-After`` remembered at all: a larger one (``1000000000``) is cut to this
    #: before anything stores it, so a crawl schedules the URL again within a week.
    retry_after_ceiling: float = 7 * DAY

    # --- content ------------------------------------------------------------------------
    #: Media types accepted as pages; anything else is refused with a reason.
    html_types: tuple[str, ...] = field(default=("text/html", "application/xhtml+xml"))
    #: Keep cookies between requests (by the usual domain rules); off by default.
    keep_cookies: bool = False

    def __post_init__(self) -> None:
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        for name, (low, high) in BOUNDS.items():
            problem = number_problem(values[name], low, high)
            if problem:
                raise ValueError(f"FetchConfig.{name} {problem}")
        for name in ("user_agent", "robots_token"):
            problem = header_problem(values[name])
            if problem:
                raise ValueError(f"FetchConfig.{name} {problem}")
        if any(char.isspace() for char in self.robots_token):
            raise ValueError("FetchConfig.robots_token must be one word (a product token)")
        for network in self.allowed_networks:
            try:
                ipaddress.ip_network(network, strict=False)
            except ValueError as e:
                raise ValueError(f"FetchConfig.allowed_networks: {e}") from e
        for host, address in self.resolve:
            try:
                ipaddress.ip_address(address)
            except ValueError as e:
                raise ValueError(f"FetchConfig.resolve: {host!r} must map to an IP address, got {address!r}") from e


DEFAULT_FETCH_CONFIG = FetchConfig()

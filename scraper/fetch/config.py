"""The fetcher's settings: one frozen object, every default documented where it is declared."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field

#: Product token matched against robots.txt ``User-agent`` lines.
DEFAULT_ROBOTS_TOKEN = "scrape-toolkit"
DEFAULT_USER_AGENT = f"{DEFAULT_ROBOTS_TOKEN}/0.1 (article fetcher; respects robots.txt)"
KIB = 1024
MIB = 1024 * KIB


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
    #: Longest ``Retry-After`` honoured by waiting; beyond it the fetch fails with
    #: :class:`~scraper.errors.RetryAfterTooLongError` so a crawl job can schedule it.
    max_retry_after: float = 120.0

    # --- content ------------------------------------------------------------------------
    #: Media types accepted as pages; anything else is refused with a reason.
    html_types: tuple[str, ...] = field(default=("text/html", "application/xhtml+xml"))
    #: Keep cookies between requests (by the usual domain rules); off by default.
    keep_cookies: bool = False

    def __post_init__(self) -> None:
        positive = {
            "connect_timeout": self.connect_timeout,
            "read_timeout": self.read_timeout,
            "total_timeout": self.total_timeout,
            "max_fetch_time": self.max_fetch_time,
            "max_body_bytes": self.max_body_bytes,
            "max_decompressed_bytes": self.max_decompressed_bytes,
            "per_host_concurrency": self.per_host_concurrency,
            "global_concurrency": self.global_concurrency,
            "max_attempts": self.max_attempts,
            "robots_max_bytes": self.robots_max_bytes,
        }
        for name, value in positive.items():
            if value <= 0:
                raise ValueError(f"FetchConfig.{name} must be positive, got {value!r}")
        if self.per_host_delay < 0 or self.backoff_initial < 0 or self.max_redirects < 0:
            raise ValueError("FetchConfig delays and limits cannot be negative")
        for network in self.allowed_networks:
            ipaddress.ip_network(network, strict=False)  # raises ValueError when malformed
        if self.slowdown_factor < 1:
            raise ValueError("FetchConfig.slowdown_factor must be at least 1")


DEFAULT_FETCH_CONFIG = FetchConfig()

"""The one exception tree of :mod:`scraper`.

``ScraperError``
    ``InputFileError``: a local input (file, folder, stdin) cannot be read.
        ``InputNotFoundError``: the path does not exist.
        ``NoInputsError``: a folder holds nothing readable.
        ``CorruptInputError``: a compressed file cannot be decompressed.
        ``ArchiveFormatError``: a file named as a WARC or ARC archive holds no readable record.
    ``ArchiveRunError``: ``scrape archive`` cannot run (output folder in use, cluster unreachable).
    ``FixtureError``: a fixture folder is malformed (no input, several inputs, bad expected.json).
    ``PageTimeoutError``: extracting one page used more than its CPU-time limit (or, far past
    it, its wall-clock backstop); its worker process was stopped and replaced.
    ``WorkerDiedError``: the worker process extracting a page died (killed, crashed).
    ``FetchError``: a URL could not be fetched (``url`` names it; ``transient`` says a retry may help).
        ``UnsupportedURLError``: not an http(s) URL (also for redirects to ``file:``, ``javascript:``).
        ``BlockedAddressError``: the host resolves to a loopback, private, link-local or metadata address.
        ``RobotsDisallowedError``: robots.txt forbids the URL for our user agent.
            ``RobotsUnavailableError``: robots.txt answered 5xx or could not be reached: all is
            disallowed until ``retry_after`` seconds have passed.
        ``FetchTimeoutError``: connect, read or total deadline exceeded (transient).
        ``FetchTransportError``: the connection was reset or dropped, or the framing was malformed.
            ``NameResolutionError``: the host name does not resolve (DNS).
            ``RefusedConnectionError``: nothing listens on the host's port.
            ``TLSError``: the TLS handshake failed (a certificate that does not verify, say).
        ``ResponseTooLargeError``: the body (or its decompressed form) is over the configured cap.
        ``ContentEncodingError``: a body that claims a compression it does not have, or too many layers.
        ``TooManyRedirectsError``: a redirect loop or a chain longer than the limit.
        ``HTTPStatusError``: a 4xx or 5xx answer (``status``; transient for 408, 425, 429, 5xx gateway codes).
            ``RetryAfterTooLongError``: the server asks to come back later than the configured cap;
            ``retry_after`` gives the seconds, for a crawl job to schedule.
        ``UnsupportedContentError``: the body is not HTML (a PDF, an image, binary data).
    ``CrawlError``: a crawl job cannot run or had to stop.
        ``JobError``: the job file is missing, not TOML, or has a bad value (``key`` names it).
        ``JobLockedError``: another run of the same job holds its lock.
        ``StateError``: the job's state (SQLite or PostgreSQL) cannot be opened or used.
            ``DamagedStateError``: SQLite finds the file damaged (restore it, or ``--reset``).
            ``LeaseLostError``: another worker holds some of a group's pages now (PostgreSQL).
            ``UnknownRunError``: ``scrape export --since`` names a run the job never had.
        ``OutputError``: the output (JSONL, WARC, report) cannot be written: read-only, disk full.
        ``DiscoveryError``: a sitemap or feed was refused.
            ``UnsafeXMLError``: entities, a DTD or external references in XML (never expanded).
            ``DiscoveryLimitError``: a sitemap index too deep or too large, or a gzip bomb.

A ``304 Not Modified`` is not an error: the response says ``not_modified``.

Errors from :mod:`cleaners` (``cleaners.CleanersError``) pass through unchanged: they already
name the reason. Third-party exceptions are translated once, at the boundary that calls them.
:func:`page_failure` is the one wording of a page's failure in every command.
"""

from __future__ import annotations

from cleaners.errors import CleanersError


class ScraperError(Exception):
    """Base of every error raised by :mod:`scraper`."""


class InputFileError(ScraperError):
    """A local input cannot be read."""


class InputNotFoundError(InputFileError):
    """The input path does not exist."""


class NoInputsError(InputFileError):
    """A folder holds no readable page."""


class CorruptInputError(InputFileError):
    """A compressed input is damaged or truncated."""


class ArchiveFormatError(InputFileError):
    """A WARC or ARC file in which no record can be read (garbage, a bad first header)."""


class ArchiveRunError(ScraperError):
    """``scrape archive`` cannot run: its output folder is in use or unwritable, or the cluster
    cannot be reached."""


class FixtureError(ScraperError):
    """A fixture folder is malformed."""


class PageTimeoutError(ScraperError):
    """Extracting one page used more than its time limit; its worker was replaced."""


class WorkerDiedError(ScraperError):
    """The worker process extracting a page died (the OOM killer, a crash in a C library)."""


class FetchError(ScraperError):
    """A URL could not be fetched; ``str(error)`` is a one-line reason, ``url`` the URL tried.

    ``attempts`` counts the requests spent on the failing hop (retries included).
    """

    transient: bool = False
    attempts: int = 0
    #: Seconds until another attempt is worth making, when known (a server's or a policy's wait).
    retry_after: float | None = None

    def __init__(self, message: str, *, url: str | None = None, transient: bool | None = None) -> None:
        super().__init__(message)
        self.url = url
        if transient is not None:
            self.transient = transient


class UnsupportedURLError(FetchError):
    """The URL is not an absolute http or https URL."""


class BlockedAddressError(FetchError):
    """The address connected to is loopback, private, link-local, multicast or cloud metadata."""


class RobotsDisallowedError(FetchError):
    """robots.txt disallows the URL for the configured user agent."""


class RobotsUnavailableError(RobotsDisallowedError):
    """robots.txt could not be fetched (5xx, network error): everything is disallowed for now."""

    def __init__(self, message: str, *, retry_after: float, url: str | None = None) -> None:
        super().__init__(message, url=url)
        self.retry_after = retry_after


class FetchTimeoutError(FetchError):
    """Connect, read or total deadline exceeded."""

    transient = True


class FetchTransportError(FetchError):
    """The connection failed, was reset or dropped, or the HTTP framing was malformed."""

    transient = True


class NameResolutionError(FetchTransportError):
    """The host name could not be resolved (DNS): it does not exist, or the resolver failed."""

    transient = False


class RefusedConnectionError(FetchTransportError):
    """The host answered but refused the connection: nothing listens on that port."""


class TLSError(FetchTransportError):
    """The TLS handshake failed: a certificate that does not verify, or no protocol in common."""

    transient = False


class ResponseTooLargeError(FetchError):
    """The body, declared or counted or decompressed, is over the configured maximum."""


class ContentEncodingError(FetchError):
    """The body cannot be decoded as its Content-Encoding claims, or stacks too many encodings."""


class TooManyRedirectsError(FetchError):
    """A redirect loop, or more redirects than the configured limit."""


class HTTPStatusError(FetchError):
    """The server answered with an error status; ``transient`` when a later attempt may succeed."""

    def __init__(
        self,
        message: str,
        *,
        status: int,
        url: str | None = None,
        transient: bool = False,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message, url=url, transient=transient)
        self.status = status
        self.retry_after = retry_after


class RetryAfterTooLongError(HTTPStatusError):
    """The server's ``Retry-After`` is beyond the configured cap; ``retry_after`` is in seconds."""

    def __init__(self, message: str, *, status: int, retry_after: float, url: str | None = None) -> None:
        super().__init__(message, status=status, url=url, transient=False, retry_after=retry_after)


class UnsupportedContentError(FetchError):
    """The body is not an HTML page (a PDF, an image, binary data sent as text/html)."""


class CrawlError(ScraperError):
    """A crawl job cannot run, or had to stop."""


class JobError(CrawlError):
    """The job file is missing, not valid TOML, or has a bad value; ``key`` names the bad key."""

    def __init__(self, message: str, *, key: str | None = None) -> None:
        super().__init__(f"{key}: {message}" if key else message)
        self.key = key


class JobLockedError(CrawlError):
    """Another run of the same job is in progress (its lock is held)."""


class StateError(CrawlError):
    """The job's state database cannot be opened, or is not a state database of this job."""


class LeaseLostError(StateError):
    """Pages whose lease another worker holds now: nothing of the group was committed."""

    def __init__(self, message: str, urls: list[str], leases: list[tuple[str, int]] | None = None) -> None:
        super().__init__(message)
        self.urls = urls
        #: The lost leases as (URL, epoch): one URL may be in a group under an old and a new lease.
        self.leases = leases if leases is not None else [(url, 0) for url in urls]


class UnknownRunError(StateError):
    """A run name the job's state does not know (``scrape export --since``)."""


class DamagedStateError(StateError):
    """The state file is damaged (not a database, a malformed page): restore it or reset it."""


class OutputError(CrawlError):
    """Output cannot be written (read-only folder, full disk); the state was not advanced."""


class DiscoveryError(CrawlError):
    """A sitemap or feed was refused; ``url`` names it."""

    def __init__(self, message: str, *, url: str | None = None) -> None:
        super().__init__(message)
        self.url = url


class UnsafeXMLError(DiscoveryError):
    """XML with a DTD, entities or external references: refused, never expanded or fetched."""


class DiscoveryLimitError(DiscoveryError):
    """A sitemap index nested too deep or listing too many sitemaps, or a body over its size cap."""


def page_failure(error: BaseException) -> str:
    """How ``extract``, ``fetch`` and crawls report a page that did not become an article: one
    wording for each kind of failure, whichever command met it. An unexpected exception (a bug)
    is reported for its page alone, and the other pages go on."""
    if isinstance(error, RecursionError):
        return "too deeply nested to extract"
    if isinstance(error, MemoryError):
        return "out of memory while extracting"
    if isinstance(error, ScraperError | CleanersError):
        return str(error)
    return f"internal error: {type(error).__name__}: {error}"

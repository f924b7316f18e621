"""The typed result of a fetch: what was asked, where it ended, and the decoded page."""

from __future__ import annotations

from dataclasses import dataclass


def first_header(headers: tuple[tuple[str, str], ...], name: str) -> str | None:
    """The first value of header ``name`` (case-insensitive), or None when absent."""
    wanted = name.lower()
    return next((value for key, value in headers if key.lower() == wanted), None)


@dataclass(frozen=True, slots=True)
class FetchResponse:
    """One fetched page.

    ``text`` is the body decoded with ``encoding``, chosen by ``encoding_source`` (``bom``,
    ``header``, ``meta``, ``utf-8``, ``detected`` or ``fallback``; ``none`` when there is no
    body). A ``304`` answer to a conditional request has ``not_modified`` set and no body.
    """

    requested_url: str
    url: str
    redirects: tuple[str, ...]
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    text: str
    encoding: str
    encoding_source: str
    elapsed: float
    fetched_at: str
    attempts: int = 1
    not_modified: bool = False

    def header(self, name: str) -> str | None:
        """The first value of header ``name`` (case-insensitive), or None when absent."""
        return first_header(self.headers, name)

    @property
    def content_type(self) -> str | None:
        """The media type without parameters, lower-cased (``text/html``)."""
        value = self.header("content-type")
        return value.split(";", 1)[0].strip().lower() if value else None

    @property
    def etag(self) -> str | None:
        """The validator to pass back as ``etag=`` on the next fetch."""
        return self.header("etag")

    @property
    def last_modified(self) -> str | None:
        """The validator to pass back as ``last_modified=`` on the next fetch."""
        return self.header("last-modified")


@dataclass(frozen=True, slots=True)
class RawResponse:
    """One HTTP exchange before interpretation: no redirect followed, body decompressed.

    The body is read only for 2xx answers (other than 204); it is empty otherwise.
    """

    url: str
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    fetched_at: str

    def header(self, name: str) -> str | None:
        """The first value of header ``name`` (case-insensitive), or None when absent."""
        return first_header(self.headers, name)

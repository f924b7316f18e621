"""httpx's exceptions as the fetcher's own (:class:`~scraper.errors.FetchError` and its kinds),
translated once, at the boundary: a connect error named for its cause (DNS, refused, TLS), a
protocol error permanent or transient as a retry can or cannot help."""

from __future__ import annotations

import ssl

import h11
import httpx

from scraper.errors import (
    FetchError,
    FetchTimeoutError,
    FetchTransportError,
    RefusedConnectionError,
    TLSError,
    UnsupportedURLError,
)


def _cause(error: BaseException, kinds: tuple[type[BaseException], ...]) -> BaseException | None:
    """The first exception of ``kinds`` in ``error``'s chain of causes, if any."""
    cause = error.__cause__ or error.__context__
    seen = 0
    while cause is not None and not isinstance(cause, kinds) and seen < 20:
        cause, seen = cause.__cause__ or cause.__context__, seen + 1
    return cause if isinstance(cause, kinds) else None


def translate_httpx_error(error: httpx.HTTPError) -> FetchError:
    """One httpx exception as the matching :class:`FetchError` (transient or not)."""
    detail = str(error) or type(error).__name__
    if isinstance(error, httpx.ConnectTimeout):
        return FetchTimeoutError(f"connect timed out: {detail}")
    if isinstance(error, httpx.ReadTimeout):
        return FetchTimeoutError(f"read timed out: {detail}")
    if isinstance(error, httpx.TimeoutException):
        return FetchTimeoutError(f"timed out: {detail}")
    if isinstance(error, httpx.UnsupportedProtocol):
        return UnsupportedURLError(detail)
    if isinstance(error, httpx.ConnectError):
        cause = _cause(error, (ssl.SSLError, ConnectionRefusedError))
        if isinstance(cause, ssl.SSLCertVerificationError):
            return TLSError(f"TLS certificate verification failed: {cause}")
        if isinstance(cause, ssl.SSLError):
            return TLSError(f"TLS handshake failed: {cause}")
        if isinstance(cause, ConnectionRefusedError):
            return RefusedConnectionError(f"connection refused: {detail}")
        return FetchTransportError(f"connection failed: {detail}")
    if isinstance(error, httpx.RemoteProtocolError):
        return _protocol_error(error, detail)
    if isinstance(error, httpx.NetworkError):
        return FetchTransportError(f"connection error: {detail}")
    return FetchTransportError(f"request failed: {detail}", transient=False)


def _protocol_error(error: httpx.RemoteProtocolError, detail: str) -> FetchError:
    """A dropped connection may go better next time; a malformed answer will not.

    httpx reports both as ``RemoteProtocolError``. h11 raised the malformed ones (a bad status
    line, a broken header, conflicting lengths), except its report of a peer that closed the
    connection mid-body; httpx itself raised the one about an unparsable ``Location``.
    """
    if "location header" in detail.lower():
        return UnsupportedURLError(f"redirect to an invalid URL: {detail}")
    cause = error.__cause__ or error.__context__
    while cause is not None and not isinstance(cause, h11.ProtocolError):
        cause = cause.__cause__ or cause.__context__
    if cause is not None and "peer closed connection" not in str(cause):
        return FetchTransportError(f"malformed response: {detail}", transient=False)
    return FetchTransportError(f"connection dropped: {detail}")


#: Errors of the network stack that httpx lets through untranslated (a port out of range
#: raises OverflowError deep in the socket call); each becomes a permanent transport error.

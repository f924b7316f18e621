"""The library entry point: any page (text or HTML, str or bytes) to an Article."""

from __future__ import annotations

import re

from cleaners.config import DEFAULT_CONFIG, ExtractConfig
from cleaners.decode import decode_bytes, sniff_binary
from cleaners.errors import BinaryInputError, EmptyInputError
from cleaners.model import Article
from cleaners.text import extract_text

_HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml", ".php", ".asp", ".aspx", ".jsp")
_TEXT_SUFFIXES = (".txt", ".text", ".md")
_HTML_START = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta)\b", re.I | re.S)
_HTML_TAG = re.compile(r"</?(?:p|div|span|a|br|table|article|section|h[1-6]|li|ul|img|script|style)\b[^>]*>", re.I)
SNIFF_CHARS = 4096


def looks_like_html(text: str, *, source: str | None = None, content_type: str | None = None) -> bool:
    """Decide HTML or text from the content type, the file name, then the markup itself."""
    if content_type:
        lowered = content_type.lower()
        if "html" in lowered or "xml" in lowered:
            return True
        if lowered.startswith("text/plain"):
            return False
    if source:
        name = source.lower().removesuffix(".gz")
        if name.endswith(_HTML_SUFFIXES):
            return True
        if name.endswith(_TEXT_SUFFIXES):
            return False
    head = text[:SNIFF_CHARS]
    return bool(_HTML_START.match(head)) or len(_HTML_TAG.findall(head)) >= 5


def extract(
    content: str | bytes,
    url: str | None = None,
    *,
    source: str | None = None,
    fetched_at: str | None = None,
    content_type: str | None = None,
    config: ExtractConfig = DEFAULT_CONFIG,
) -> Article:
    """Extract the article of one page.

    ``content`` may be bytes (decoded by BOM, declared charset, then detection) or text.
    ``source`` is recorded as given (a path or URL) and helps tell HTML from text; ``url`` is
    the page's address, used to resolve links; ``fetched_at`` is set by fetchers.
    Raises :class:`cleaners.InputError` for empty or binary input.
    """
    if isinstance(content, bytes):
        binary = sniff_binary(content)
        if binary:
            raise BinaryInputError(f"binary input ({binary}), not text or HTML")
        head = content[:SNIFF_CHARS].decode("latin-1")
    else:
        head = content[:SNIFF_CHARS]
    if not content.strip():
        raise EmptyInputError("empty input")
    if looks_like_html(head, source=source, content_type=content_type):
        from cleaners.html import extract_html

        return extract_html(content, url=url, source=source, fetched_at=fetched_at, config=config)
    text = decode_bytes(content).text if isinstance(content, bytes) else content
    return extract_text(text, source=source, url=url, fetched_at=fetched_at, config=config)

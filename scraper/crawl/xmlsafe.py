"""Safe reading of sitemaps and feeds: bounded gunzip, and XML without DTDs, entities or network.

defusedxml refuses any DTD (so no entity can be declared, let alone expanded: no billion
laughs) and any external reference; the parser underneath never opens a URL or file.
"""

from __future__ import annotations

import zlib
from xml.etree.ElementTree import Element, ParseError

import defusedxml
import defusedxml.ElementTree as safe_tree

from scraper.errors import DiscoveryError, DiscoveryLimitError, UnsafeXMLError

_GZIP_MAGIC = b"\x1f\x8b"


def gunzip_bounded(data: bytes, limit: int, *, url: str | None = None) -> bytes:
    """``data`` itself, or its gzip-decompressed form when it is gzip, never more than ``limit`` bytes."""
    if not data.startswith(_GZIP_MAGIC):
        if len(data) > limit:
            raise DiscoveryLimitError(f"document is over the {limit} byte cap", url=url)
        return data
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, limit + 1)
    except zlib.error as e:
        raise DiscoveryError(f"damaged gzip data: {e}", url=url) from e
    if len(out) > limit or inflater.unconsumed_tail:
        raise DiscoveryLimitError(f"gzip data decompresses to more than {limit} bytes", url=url)
    return out


def parse_xml(data: bytes, *, url: str | None = None) -> Element:
    """The root element of ``data``; raises :class:`UnsafeXMLError` for DTDs, entities, externals."""
    try:
        root: Element = safe_tree.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except defusedxml.DTDForbidden as e:
        raise UnsafeXMLError("XML with a DTD refused (entities are never expanded)", url=url) from e
    except defusedxml.EntitiesForbidden as e:
        raise UnsafeXMLError("XML declaring entities refused", url=url) from e
    except defusedxml.ExternalReferenceForbidden as e:
        raise UnsafeXMLError("XML with an external reference refused", url=url) from e
    except defusedxml.DefusedXmlException as e:
        raise UnsafeXMLError(f"unsafe XML refused: {e}", url=url) from e
    except ParseError as e:
        raise DiscoveryError(f"not well-formed XML: {e}", url=url) from e
    return root


def local_name(element: Element) -> str:
    """The tag without its namespace: ``{http://...}loc`` is ``loc``."""
    tag = element.tag
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def child_text(element: Element, name: str) -> str | None:
    """The stripped text of the first direct child called ``name`` (any namespace)."""
    for child in element:
        if local_name(child) == name:
            return (child.text or "").strip() or None
    return None

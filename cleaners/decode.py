"""Bytes to text: BOM, then the declared charset, then detection; binary data is refused.

A declared charset is looked up among the labels of the WHATWG Encoding Standard (what browsers
accept), never among Python's codecs at large: a page declaring ``charset=punycode``,
``undefined`` or ``unicode_escape`` is treated as declaring nothing, not decoded by a codec
that fails or rewrites backslashes.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

import charset_normalizer
import webencodings

from cleaners.errors import BinaryInputError, EmptyInputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# File signatures of formats that are never pages.
_MAGIC = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"\x1f\x8b", "gzip data"),
    (b"RIFF", "a RIFF media file"),
    (b"\x7fELF", "an executable"),
    (b"OggS", "an Ogg media file"),
    (b"wOFF", "a web font"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_PRESCAN_BYTES = 4096
# Legacy encodings by how common they are on the web (most common first), for breaking ties.
_WEB_PREVALENCE = {
    name: rank
    for rank, name in enumerate(
        ("utf_8", "cp1252", "latin_1", "iso8859_15", "cp1251", "shift_jis", "gb2312", "gbk", "gb18030", "euc_kr",
         "euc_jp", "big5", "cp1250", "iso8859_2", "cp1256", "cp1253", "cp1254", "cp1255", "cp1257", "koi8_r",
         "tis_620", "cp874", "iso8859_9", "iso8859_7", "iso8859_5")
    )
}


@dataclass(frozen=True, slots=True)
class DecodedText:
    """Decoded text, the codec used, and how it was chosen (bom, declared, meta, utf-8, detected)."""

    text: str
    encoding: str
    method: str


def wide_encoding(data: bytes) -> str | None:
    """UTF-16 or UTF-32 told by where the NUL bytes fall, for text sent without a BOM.

    Markup is mostly ASCII, and an ASCII character in UTF-16LE is its byte then a NUL; in
    UTF-32 three of every four bytes are NUL. Real binaries have their NULs scattered.
    """
    size = min(len(data), 1024) // 4 * 4
    if size < 8:
        return None
    quarter = size // 4
    lanes = [data[lane:size:4].count(0) for lane in range(4)]
    if lanes[2] == lanes[3] == quarter and lanes[0] < quarter // 4:
        return "utf-32-le"
    if lanes[0] == lanes[1] == quarter and lanes[3] < quarter // 4:
        return "utf-32-be"
    even, odd = lanes[0] + lanes[2], lanes[1] + lanes[3]
    half = size // 2
    if odd >= half * 0.6 and even <= half * 0.1:
        return "utf-16-le"
    if even >= half * 0.6 and odd <= half * 0.1:
        return "utf-16-be"
    return None


#: Control bytes that text does not hold (tab, line feed, vertical tab, form feed and carriage return aside).
_CONTROL_BYTES = bytes([*range(9), *range(14, 32)])


def sniff_binary(data: bytes) -> str | None:
    """A short description of what binary data this is, or None when it may be text."""
    head = data[:1024]
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return what
    if not head or head.startswith(tuple(bom for bom, _ in _BOMS)) or wide_encoding(head):
        return None
    if b"\x00" in head:
        return "binary data"
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if controls > len(head) * 0.1:
        return "binary data"
    return None


def meta_charset(data: bytes) -> str | None:
    """The charset named by a ``<meta>`` in the first few KiB, per the HTML prescan."""
    match = _META_CHARSET.search(data[:_PRESCAN_BYTES])
    return match.group(1).decode("ascii", "replace") if match else None


def _codec(label: str | None, *, meta: bool = False) -> str | None:
    """The Python codec of a WHATWG encoding label, or None for a label browsers do not know.

    A ``<meta>`` naming UTF-16 sits in ASCII-compatible bytes, so it means UTF-8 (WHATWG).
    The ``replacement`` encoding (ISO-2022-KR and kin) and ``x-user-defined`` have no Python
    codec and count as no declaration.
    """
    if not label:
        return None
    encoding = webencodings.lookup(label.strip().strip("\"'"))
    if encoding is None or encoding.name in ("replacement", "x-user-defined"):
        return None
    if meta and encoding.name in ("utf-16le", "utf-16be"):
        return "utf-8"
    try:
        return codecs.lookup(encoding.codec_info.name).name
    except LookupError:
        return None


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeError, LookupError):
        if encoding == "cp1252":
            # WHATWG's windows-1252 maps the five bytes Python's cp1252 leaves undefined
            # (0x81, 0x8D, 0x8F, 0x90, 0x9D) to C1 controls, exactly as latin-1 does.
            return _strict(data, "latin-1")
        return None


def decode_bytes(data: bytes, *, declared: str | None = None, html: bool = False) -> DecodedText:
    """Decode a page; a wrong declaration falls through to UTF-8 and then to detection."""
    if not data.strip():
        raise EmptyInputError("empty input")
    binary = sniff_binary(data)
    if binary:
        raise BinaryInputError(f"binary input ({binary}), not text or HTML")
    for bom, bom_encoding in _BOMS:
        if data.startswith(bom):
            return DecodedText(data[len(bom) :].decode(bom_encoding, "replace"), bom_encoding, "bom")
    wide = wide_encoding(data)
    if wide is not None:
        said = _codec(declared)
        method = "declared" if said is not None and said.startswith(wide[:6]) else "detected"
        return DecodedText(data.decode(wide, "replace"), wide, method)
    candidates: list[tuple[str | None, str]] = [(_codec(declared), "declared")]
    if html:
        candidates.append((_codec(meta_charset(data), meta=True), "meta"))
    for encoding, method in candidates:
        if encoding is None or encoding.startswith(("utf-16", "utf-32")):
            continue  # a wide encoding shows in the bytes (above); declared without it, it is wrong
        # Single-byte codecs decode anything: if the bytes are valid multibyte UTF-8, the
        # declaration is the usual mistake (latin-1 declared, UTF-8 served).
        if encoding not in ("utf-8", "ascii") and _looks_like_utf8(data):
            return DecodedText(data.decode("utf-8"), "utf-8", "utf-8")
        text = _strict(data, encoding)
        if text is not None:
            return DecodedText(text, encoding, method)
    text = _strict(data, "utf-8")
    if text is not None:
        return DecodedText(text, "utf-8", "utf-8")
    encoding = detect_encoding(data)
    return DecodedText(data.decode(encoding, "replace"), encoding, "detected")


def detect_encoding(data: bytes) -> str:
    """charset_normalizer's answer; among equally good candidates, the most common on the web.

    Short texts often fit several single-byte codecs equally well (cp1250 and cp1252 differ on
    a handful of letters); the web's prevalence breaks the tie instead of the detector's order.
    """
    matches = list(charset_normalizer.from_bytes(data[:200_000]))
    if not matches:
        return "cp1252"
    best = matches[0]
    ties = [m for m in matches if m.chaos <= best.chaos + 0.01 and m.coherence >= best.coherence - 0.05]
    return min(ties, key=lambda m: _WEB_PREVALENCE.get(m.encoding, len(_WEB_PREVALENCE))).encoding


def _looks_like_utf8(data: bytes) -> bool:
    """Valid UTF-8 with at least one multibyte sequence (pure ASCII proves nothing)."""
    if data.isascii():
        return False
    return _strict(data, "utf-8") is not None

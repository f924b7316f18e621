"""Bytes to text: BOM, declared charset, UTF-8, detection; binary refused."""

from __future__ import annotations

import pytest

from cleaners import BinaryInputError, EmptyInputError, extract
from cleaners.decode import decode_bytes

FRENCH = "Le président a déclaré que l’été serait chaud à Noël — « vraiment » ?"


def test_utf8_bom_is_used_and_dropped() -> None:
    decoded = decode_bytes(b"\xef\xbb\xbf" + FRENCH.encode("utf-8"))
    assert (decoded.text, decoded.method) == (FRENCH, "bom")


def test_utf16_with_bom() -> None:
    decoded = decode_bytes(FRENCH.encode("utf-16"))
    assert decoded.text == FRENCH


def test_plain_utf8() -> None:
    assert decode_bytes(FRENCH.encode("utf-8")).encoding == "utf-8"


def test_latin1_file_is_detected_not_refused() -> None:
    text = "Le président a déclaré que l'été serait très chaud cette année à Besançon, près des forêts."
    decoded = decode_bytes(text.encode("cp1252"))
    assert decoded.text == text
    assert decoded.method == "detected"


def test_wrong_declared_charset_falls_back_to_utf8() -> None:
    decoded = decode_bytes(FRENCH.encode("utf-8"), declared="iso-8859-1")
    assert decoded.text == FRENCH


def test_meta_charset_is_honoured_for_html() -> None:
    html = '<html><head><meta charset="windows-1252"></head><body>déjà</body></html>'.encode("cp1252")
    decoded = decode_bytes(html, html=True)
    assert "déjà" in decoded.text
    assert decoded.method == "meta"


@pytest.mark.parametrize(
    "data", [b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", b"\x89PNG\r\n\x1a\n\x00\x00", bytes(range(256)) * 4]
)
def test_binary_is_refused(data: bytes) -> None:
    with pytest.raises(BinaryInputError):
        extract(data, source="x.txt")


@pytest.mark.parametrize("data", [b"", b"   \n\t  ", "  \n\u00a0 ".encode()])
def test_empty_is_refused(data: bytes) -> None:
    with pytest.raises(EmptyInputError):
        extract(data, source="x.txt")

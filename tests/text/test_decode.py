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


@pytest.mark.parametrize("label", ["punycode", "undefined", "unicode_escape", "raw_unicode_escape", "rot13", "base64"])
def test_python_codecs_that_are_not_web_encodings_are_ignored(label: str) -> None:
    data = "<p>Caf\u00e9 \\u0041</p>".encode()
    decoded = decode_bytes(data, declared=label, html=True)
    assert decoded.text == "<p>Caf\u00e9 \\u0041</p>"  # the backslash escape is text, not decoded
    assert decoded.method == "utf-8"


def test_latin1_labels_mean_windows_1252_as_in_browsers() -> None:
    decoded = decode_bytes("\u201cd\u00e9j\u00e0\u201d".encode("cp1252"), declared="iso-8859-1")
    assert decoded.text == "\u201cd\u00e9j\u00e0\u201d"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_wide_encodings_without_bom_are_text_not_binary(encoding: str) -> None:
    html = f"<html><body><p>{FRENCH}</p></body></html>"
    data = html.encode(encoding)
    assert decode_bytes(data).text == html
    assert decode_bytes(data, declared="utf-16").encoding == encoding
    assert extract(data, source="page.html").text == FRENCH


def test_a_declared_utf16_without_its_bytes_is_a_wrong_declaration() -> None:
    decoded = decode_bytes(FRENCH.encode(), declared="utf-16")
    assert decoded.text == FRENCH


def test_a_meta_naming_utf16_in_ascii_bytes_means_utf8() -> None:
    html = f'<html><head><meta charset="utf-16"></head><body>{FRENCH}</body></html>'
    assert FRENCH in decode_bytes(html.encode(), html=True).text

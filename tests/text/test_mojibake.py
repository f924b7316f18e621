"""Double-encoded UTF-8 (mojibake) in short fields is decoded again; real text is left alone."""

from __future__ import annotations

from cleaners.mojibake import repair_mojibake


def test_latin1_and_cp1252_mojibake_is_decoded() -> None:
    assert repair_mojibake("Investor\u00e2\u0080\u0099s") == "Investor\u2019s"
    assert repair_mojibake("isn\u00e2\u20ac\u2122t") == "isn\u2019t"
    assert repair_mojibake("json \u00e2\u0080\u0094 JSON \u00c2\u00b6") == "json \u2014 JSON \u00b6"


def test_accented_text_and_broken_sequences_are_kept() -> None:
    for text in ("Crème brûlée", "São Paulo Â", "naïve café ©2024", "hôtel"):
        assert repair_mojibake(text) == text

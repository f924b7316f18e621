"""Each normalizer on its own."""

from __future__ import annotations

from cleaners.config import NormalizeConfig
from cleaners.normalize import (
    dedupe_verbatim,
    fix_inverted_guillemets,
    fold_whitespace,
    normalize_block_text,
    strip_invisible,
    to_nfc,
)


def test_nfc_composes_accents() -> None:
    assert to_nfc("e\u0301te\u0301") == "été"
    assert len(to_nfc("e\u0301")) == 1


def test_whitespace_runs_fold_to_one_space_including_nbsp_and_narrow_nbsp() -> None:
    assert fold_whitespace("  a \u00a0\u202f b\t\tc\n d  ") == "a b c d"
    assert fold_whitespace("«\u00a0mot\u202f»") == "« mot »"


def test_every_unicode_space_folds_as_a_space() -> None:
    spaces = "".join(chr(point) for point in range(0x3001) if chr(point).isspace())
    assert "\u00a0" in spaces and "\u3000" in spaces and "\x1f" in spaces
    assert fold_whitespace(f"{spaces}a{spaces}b{spaces}") == "a b"


def test_typographic_spaces_can_be_kept() -> None:
    assert fold_whitespace("«\u00a0mot\u202f»  x", keep_typographic=True) == "«\u00a0mot\u202f» x"
    assert fold_whitespace("16\u202f000", keep_typographic=True) == "16\u202f000"


def test_invisible_and_control_characters_are_removed() -> None:
    assert strip_invisible("in\u00advisible\u200b zero\u200dwidth\ufeff\x07") == "invisible zerowidth"
    assert strip_invisible("keeps\nnewlines\tand tabs") == "keeps\nnewlines\tand tabs"
    assert strip_invisible("\x00a\u2066b\x9fc\u180e") == "abc"


def test_inverted_guillemets_are_turned_the_right_way() -> None:
    assert fix_inverted_guillemets("» Bonjour. «") == "« Bonjour. »"
    assert fix_inverted_guillemets("« Bonjour. »") == "« Bonjour. »"
    assert fix_inverted_guillemets("Il dit » oui « puis part.") == "Il dit » oui « puis part."


def test_typographic_apostrophes_and_dashes_are_left_alone() -> None:
    text = "L’armée — selon l’agence – a dit ‘non’"
    assert normalize_block_text(text) == text


def test_full_chain_on_a_mirrored_french_quote() -> None:
    assert normalize_block_text("\u00a0» Profitant\u00a0de cela. «\u00a0") == "« Profitant de cela. »"
    kept = normalize_block_text("\u00a0» Mot. «", NormalizeConfig(fix_guillemets=False))
    assert kept == "» Mot. «"


def test_verbatim_repeats_are_kept_once() -> None:
    kept, dropped = dedupe_verbatim(["a", "b", "a", "c", "b"])
    assert kept == ["a", "b", "c"]
    assert dropped == ["a", "b"]

"""Language choice: declarations, detection overriding a template's default, and filler text."""

from __future__ import annotations

from cleaners.language import choose_language

GERMAN = (
    "Die Fähre nach Helgoland fährt im Winter nur dreimal in der Woche. Die Gemeinde hat deshalb "
    "beschlossen, im nächsten Jahr einen zweiten Anleger zu bauen, damit die Versorgung der Insel "
    "auch bei Sturm gesichert ist. Die Bauarbeiten sollen im Frühjahr beginnen und zwei Jahre dauern."
)
LOREM = (
    "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut "
    "labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris "
    "nisi ut aliquip ex ea commodo consequat. Duis aute irure dolor in reprehenderit in voluptate velit."
)


def test_a_declaration_stands_unless_the_text_clearly_says_otherwise() -> None:
    assert choose_language("de-DE", GERMAN) == "de"
    assert choose_language("en", GERMAN) == "de"  # a template's default lang="en" on a German page
    assert choose_language(None, GERMAN) == "de"


def test_filler_text_is_no_evidence_of_latin() -> None:
    assert choose_language("en", LOREM) == "en"
    assert choose_language(None, LOREM) is None


def test_a_short_text_never_contradicts_a_declaration() -> None:
    short = GERMAN[:120]  # fewer than 200 letters
    assert choose_language("en", short) == "en"
    assert choose_language(None, short) == "de"

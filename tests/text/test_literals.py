"""Required literals of phrase patterns and the one-pass scan: sound, and exact."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cleaners.boilerplate.literals import LiteralScan, pattern_bounds
from cleaners.boilerplate.rules import default_rules

LITERALS = ["sign", "sign up", "signal", "newsletter", "news", "abo", "abonnieren", "lädt", "up"]


def test_required_literals_of_typical_phrases() -> None:
    def required_literals(pattern: str) -> frozenset[str] | None:
        return pattern_bounds(pattern).literals

    assert required_literals(r".{0,60}\bsubscribe (now )?to our newsletter.{0,20}") == frozenset({"to our newsletter"})
    assert required_literals(r"(read|see) (also|more)") == frozenset({"also", "more"})  # the longer shortest wins
    assert required_literals(r"(Wird geladen|lädt)( \.\.\.)?") == frozenset({"wird geladen", "lädt"})
    assert required_literals(r"\d{1,2}:\d{2}") is None  # nothing of three characters to require
    assert required_literals(r"(on|en)( ?:)") is None


@given(st.lists(st.sampled_from([*LITERALS, " ", "x", "sig", "abonn"]), max_size=12))
def test_the_scan_finds_exactly_the_literals_a_text_holds(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert LiteralScan.build(LITERALS).present(text) == {literal for literal in LITERALS if literal in text}


def test_every_phrase_match_holds_one_of_its_literals() -> None:
    """The prefilter never hides a match: checked on texts each phrase matches by construction."""
    samples = [
        "subscribe to our newsletter", "sign up for our weekly newsletter", "read more: the night trains",
        "weitere infos unter www.example.org", "alle rechte vorbehalten", "wird geladen",
    ]
    rules = default_rules()
    for sample in samples:
        key = rules.block_key(sample)
        for rule in rules.rules[1:]:
            for phrase in getattr(rule, "phrases", ()):
                if phrase.pattern.fullmatch(key.key) and phrase.literals is not None:
                    assert not phrase.literals.isdisjoint(key.literals), (sample, phrase.pattern.pattern)

"""Math captchas by shape, in seven languages; sums and captcha talk in sentences are not captchas."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleaners.boilerplate import is_math_captcha

CAPTCHAS = [
    "sept − trois =",
    "huit + deux = ?",
    "Combien font neuf moins quatre ?",
    "dix-sept + un =",
    "3 + 4 =",
    "12 × 3 = ___",
    "What is five plus three?",
    "Captcha: 7 - 2 =",
    "Security question: eleven minus four equals",
    "Wie viel ist drei plus vier?",
    "Sicherheitsfrage: 3 + 4 = *",
    "zwölf − fünf =",
    "siete + dos =",
    "¿Cuánto es 6 + 3?".lstrip("¿"),
    "quanto fa sei per due?",
    "undici − tre =",
    "Quanto é cinco mais três?",
    "vinte − dez =",
    "Hoeveel is zes min twee?",
    "negen + één =",
    "7 + _ = 10",
    "nine − = 3",
    "20 ÷ 4 =",
    "6 / 2 = ?",
]

NOT_CAPTCHAS = [
    "Il a calculé que sept moins trois = quatre.",
    "2 + 2 = 4",
    "sept − trois = quatre",
    "Les captchas comme « sept − trois = » bloquent les robots.",
    "What is 3 + 4? Most bots know the answer.",
    "3 + 4",
    "In 2022 prices rose by 3 - 4 percent.",
    "What is the capital of France?",
    "Captcha",
    "The score was 3 - 2 after extra time.",
]


@pytest.mark.parametrize("text", CAPTCHAS)
def test_captcha_shapes_are_recognised(text: str) -> None:
    assert is_math_captcha(text)


@pytest.mark.parametrize("text", NOT_CAPTCHAS)
def test_sentences_with_sums_are_not_captchas(text: str) -> None:
    assert not is_math_captcha(text)


@given(st.integers(0, 99), st.sampled_from(["+", "-", "−", "×", "x", "*", "÷", "/"]), st.integers(0, 99))
def test_any_unanswered_digit_sum_is_a_captcha(a: int, op: str, b: int) -> None:
    assert is_math_captcha(f"{a} {op} {b} =")
    assert not is_math_captcha(f"{a} {op} {b} = {a + b}.")


@given(st.text(max_size=200))
def test_never_raises(text: str) -> None:
    assert isinstance(is_math_captcha(text), bool)

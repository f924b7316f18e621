"""Math captchas recognised by their shape, not by a list of known strings.

A captcha is a whole block made of an optional label or question, two operands (digits or number
words from zero to twenty in English, French, German, Spanish, Italian, Portuguese or Dutch), an
operator (symbol or word), then ``=`` or a question mark, and an EMPTY answer. A sentence that
gives the result ("sept moins trois = quatre") or talks about captchas is not a captcha.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources
from typing import Any


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(word) for word in sorted(set(words), key=len, reverse=True))


def _load() -> dict[str, Any]:
    return tomllib.loads(resources.files("cleaners.data").joinpath("numbers.toml").read_text("utf-8"))


@cache
def captcha_pattern() -> re.Pattern[str]:
    """The compiled shape; built once from ``cleaners/data/numbers.toml``."""
    data = _load()
    number_words = [word for words in data["numbers"].values() for word in words]
    operator_words = [word for lang, words in data["operators"].items() if lang != "symbols" for word in words]
    operand = rf"(?:\d{{1,4}}|\b(?:{_alternation(number_words)})\b)"
    operator = rf"(?:\s*(?:{_alternation(data['operators']['symbols'])})\s*|\s+(?:{_alternation(operator_words)})\s+)"
    blank = r"(?:_+|\?|…|\.{2,}|\[\s*\]|\(\s*\)|□|▢)"
    equals = rf"(?:[=＝]|\b(?:{_alternation(data['equals']['words'])})\b)"
    question = rf"(?:\b(?:{_alternation(data['questions']['words'])})\b)"
    label = rf"(?:\b(?:{_alternation(data['labels']['words'])})\b)"
    expression = (
        rf"(?:{operand}{operator}{operand}"
        rf"|{operand}{operator}{blank}?\s*{equals}\s*{operand}"
        rf"|{blank}{operator}{operand}\s*{equals}\s*{operand})"
    )
    # What may stand before the sum: a field label ("Captcha :"), a question ("Combien font"), both.
    prefix = rf"(?:(?P<label>{label})[^\d=]{{0,40}}?[:*?]\s*)?(?:(?P<question>{question})\s*[:]?\s*)?"
    # What may follow it: "=" with an empty answer, or a question mark; then "*" or "(required)".
    ending = rf"(?:\s*(?P<equals>{equals})\s*{blank}?|\s*(?P<qmark>\?))?"
    suffix = r"\s*(?:\*|\((?:required|obligatoire|erforderlich|obligatorio|obbligatorio|obrigatório|verplicht)\))?\s*"
    return re.compile(rf"^\s*\*?\s*{prefix}(?P<sum>{expression}){ending}{suffix}$", re.IGNORECASE)


def is_math_captcha(text: str) -> bool:
    """True when the whole block is an unanswered arithmetic challenge."""
    if len(text) > 160:
        return False
    match = captcha_pattern().match(text)
    if not match:
        return False
    # "3 + 4" alone could be anything; a captcha asks: "=", "?", a question word or a field label.
    return any(match.group(name) for name in ("equals", "qmark", "question", "label")) or "=" in match.group("sum")

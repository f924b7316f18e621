"""Math captchas recognised by their shape, not by a list of known strings.

A captcha is a whole block made of an optional label or question, two operands (digits or number
words from zero to twenty in English, French, German, Spanish, Italian, Portuguese or Dutch, from
the ``[captcha]`` table of each language file, ``cleaners/data/lang/<code>.toml``), an
operator (symbol or word), then ``=`` or a question mark, and an EMPTY answer. A sentence that
gives the result ("sept moins trois = quatre") or talks about captchas is not a captcha.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache
from types import MappingProxyType

from cleaners import ruledata
from cleaners.langfiles import CAPTCHA_LISTS, parse_languages, shipped_languages

NUMBERS_FILE = "numbers.toml"


def _alternation(words: Iterable[str]) -> str:
    """Longest first; no words at all match nothing."""
    return "|".join(re.escape(word) for word in sorted(set(words), key=len, reverse=True)) or "(?!)"


def _word_lists(text: str, file: str, languages: Mapping[str, str]) -> dict[str, list[str]]:
    """The operator symbols of ``numbers.toml`` and every language's words, by list, checked."""
    raw = ruledata.table(ruledata.parse(text, file), file, "", allowed=("operators",), required=("operators",))
    operators = ruledata.table(raw["operators"], file, "operators", allowed=("symbols",), required=("symbols",))
    words: dict[str, list[str]] = {name: [] for name in CAPTCHA_LISTS}
    words["symbols"] = list(ruledata.strings(operators["symbols"], file, "operators.symbols"))
    for language in parse_languages(languages):
        for name, values in language.captcha.items():
            words[name].extend(values)
    for name in ("numbers", "equals", "symbols"):
        if not words[name]:
            raise ruledata.fail(file, "", f"no {name} words: neither this file nor any language file gives any")
    return words


def load_captcha_pattern(
    text: str, file: str = NUMBERS_FILE, *, languages: Mapping[str, str] = MappingProxyType({})
) -> re.Pattern[str]:
    """The captcha shape built from the operator symbols (the text of ``numbers.toml``) and the
    number, operator, question and label words of the language files handed (code → TOML text)."""
    data = _word_lists(text, file, languages)
    number_words = data["numbers"]
    operator_words = data["operators"]
    operand = rf"(?:\d{{1,4}}|\b(?:{_alternation(number_words)})\b)"
    operator = rf"(?:\s*(?:{_alternation(data['symbols'])})\s*|\s+(?:{_alternation(operator_words)})\s+)"
    blank = r"(?:_+|\?|…|\.{2,}|\[\s*\]|\(\s*\)|□|▢)"
    equals = rf"(?:[=＝]|\b(?:{_alternation(data['equals'])})\b)"
    question = rf"(?:\b(?:{_alternation(data['questions'])})\b)"
    label = rf"(?:\b(?:{_alternation(data['labels'])})\b)"
    expression = (
        rf"(?:{operand}{operator}{operand}"
        rf"|{operand}{operator}{blank}?\s*{equals}\s*{operand}"
        rf"|{blank}{operator}{operand}\s*{equals}\s*{operand})"
    )
    # What may stand before the sum: a field label ("Captcha :"), a question ("Combien font"), both.
    prefix = rf"(?:(?P<label>{label})[^\d=]{{0,40}}?[:*?]\s*)?(?:(?P<question>{question})\s*[:]?\s*)?"
    # What may follow it: "=" with an empty answer, or a question mark; then "*" or "(required)".
    ending = rf"(?:\s*(?P<equals>{equals})\s*{blank}?|\s*(?P<qmark>\?))?"
    suffix = rf"\s*(?:\*|\((?:{_alternation(data['required'])})\))?\s*"
    return re.compile(rf"^\s*\*?\s*{prefix}(?P<sum>{expression}){ending}{suffix}$", re.IGNORECASE)


@cache
def captcha_pattern() -> re.Pattern[str]:
    """The compiled shape; built once from the shipped ``numbers.toml`` and language files."""
    return load_captcha_pattern(ruledata.shipped(NUMBERS_FILE), languages=shipped_languages())


def is_math_captcha(text: str) -> bool:
    """True when the whole block is an unanswered arithmetic challenge."""
    if len(text) > 160:
        return False
    match = captcha_pattern().match(text)
    if not match:
        return False
    # "3 + 4" alone could be anything; a captcha asks: "=", "?", a question word or a field label.
    return any(match.group(name) for name in ("equals", "qmark", "question", "label")) or "=" in match.group("sum")

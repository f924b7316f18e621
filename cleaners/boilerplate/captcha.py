"""Math captchas recognised by their shape, not by a list of known strings.

A captcha is a whole block made of an optional label or question, two operands (digits or number
words from zero to twenty in English, French, German, Spanish, Italian, Portuguese or Dutch), an
operator (symbol or word), then ``=`` or a question mark, and an EMPTY answer. A sentence that
gives the result ("sept moins trois = quatre") or talks about captchas is not a captcha.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from cleaners import ruledata

NUMBERS_FILE = "numbers.toml"
_TABLES = ("numbers", "operators", "equals", "questions", "labels")


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(word) for word in sorted(set(words), key=len, reverse=True))


def _word_lists(text: str, file: str) -> dict[str, dict[str, tuple[str, ...]]]:
    """Each table's word lists, checked: ``numbers`` and ``operators`` hold one list per language
    (and ``symbols``), the others one list named ``words``."""
    raw = ruledata.table(ruledata.parse(text, file), file, "", allowed=_TABLES, required=_TABLES)
    data: dict[str, dict[str, tuple[str, ...]]] = {}
    for name in _TABLES:
        if not isinstance(raw[name], dict):
            raise ruledata.fail(file, name, "expected a table")
        keys = tuple(ruledata.group_name(key, file, name) for key in raw[name]) if name in ("numbers", "operators") else ("words",)
        table = ruledata.table(raw[name], file, name, allowed=keys, required=("words",) if keys == ("words",) else ())
        data[name] = {key: ruledata.strings(value, file, f"{name}.{key}") for key, value in table.items()}
    if "symbols" not in data["operators"]:
        raise ruledata.fail(file, "operators", "missing key 'symbols'")
    return data


def load_captcha_pattern(text: str, file: str = NUMBERS_FILE) -> re.Pattern[str]:
    """The captcha shape built from number and operator word lists (the text of ``numbers.toml``)."""
    data = _word_lists(text, file)
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


@cache
def captcha_pattern() -> re.Pattern[str]:
    """The compiled shape; built once from the shipped ``cleaners/data/numbers.toml``."""
    return load_captcha_pattern(ruledata.shipped(NUMBERS_FILE))


def is_math_captcha(text: str) -> bool:
    """True when the whole block is an unanswered arithmetic challenge."""
    if len(text) > 160:
        return False
    match = captcha_pattern().match(text)
    if not match:
        return False
    # "3 + 4" alone could be anything; a captcha asks: "=", "?", a question word or a field label.
    return any(match.group(name) for name in ("equals", "qmark", "question", "label")) or "=" in match.group("sum")

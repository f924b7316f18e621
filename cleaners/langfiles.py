"""Per-language rule data: ``cleaners/data/lang/<code>.toml``, one file per language, found by listing.

A language's file holds its phrase patterns for each removal kind (``[KIND] prompts = [...]``,
rule id ``KIND.prompts.<code>``) and its words of the arithmetic captcha (``[captcha]``), so a
new language is one new file and no other file changes. Each file is checked as it loads: a
table that is neither a removal kind nor ``captcha``, an unknown list, a bad pattern.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType

from cleaners import ruledata
from cleaners.model import RemovedKind

LANG_DIR = "lang"
CAPTCHA = "captcha"
CAPTCHA_LISTS = ("numbers", "operators", "equals", "questions", "labels", "required")
_CODE = re.compile(r"[a-z]{2,3}")


@dataclass(frozen=True, slots=True)
class LanguageData:
    """One language's checked data: phrase patterns per kind, captcha words per list."""

    code: str
    file: str
    prompts: Mapping[RemovedKind, tuple[str, ...]]
    captcha: Mapping[str, tuple[str, ...]]


def language_file(code: str) -> str:
    return f"{LANG_DIR}/{code}.toml"


def parse_language(code: str, text: str) -> LanguageData:
    """Check one language file's text; ``code`` is its file name without ``.toml``."""
    file = language_file(code)
    if not _CODE.fullmatch(code):
        raise ruledata.fail(file, "", f"bad file name {code!r}: a language file is named by its code ('en.toml')")
    prompts: dict[RemovedKind, tuple[str, ...]] = {}
    captcha: dict[str, tuple[str, ...]] = {}
    for name, raw in ruledata.parse(text, file).items():
        if name == CAPTCHA:
            lists = ruledata.table(raw, file, name, allowed=CAPTCHA_LISTS)
            captcha = {key: ruledata.strings(value, file, f"{name}.{key}") for key, value in lists.items()}
            continue
        if name not in ruledata.KINDS:
            raise ruledata.fail(file, name, f"unknown table {name!r}: a removal kind "
                                f"({', '.join(sorted(ruledata.KINDS))}) or {CAPTCHA!r}")
        kind = ruledata.kind(name, file, name)
        table = ruledata.table(raw, file, name, allowed=("prompts",), required=("prompts",))
        prompts[kind] = ruledata.groups({code: table["prompts"]}, file, f"{name}.prompts")[code]
    return LanguageData(code, file, MappingProxyType(prompts), MappingProxyType(captcha))


def parse_languages(languages: Mapping[str, str]) -> tuple[LanguageData, ...]:
    """Every language handed (code → TOML text), checked, in order of code."""
    return tuple(parse_language(code, languages[code]) for code in sorted(languages))


def shipped_languages() -> Mapping[str, str]:
    """The shipped language files, code → text, found by listing ``cleaners/data/lang``."""
    folder = resources.files("cleaners.data").joinpath(LANG_DIR)
    texts = {
        entry.name.removesuffix(".toml"): entry.read_text("utf-8")
        for entry in folder.iterdir()
        if entry.name.endswith(".toml")
    }
    return MappingProxyType(texts)

"""Language identification: py3langid (its model ships inside the wheel) plus the page's declarations."""

from __future__ import annotations

import lzma
import re
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import numpy
from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier
from py3langid.modelio import _to_array as to_stdlib_array

from cleaners.errors import LanguageModelError

_NOT_LETTERS = re.compile(r"[\W\d_]+", re.UNICODE)
_DECLARED = re.compile(r"^\s*([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)*\s*$")
# py3langid answers ISO 639-1 codes; a few declarations use legacy or 3-letter codes.
_ALIASES = {"iw": "he", "in": "id", "ji": "yi", "jw": "jv", "nb": "no", "nn": "no", "fil": "tl"}
# Detection reads this much of the text (150-200 words): on all 1,159 development bodies 1000
# characters give the same language as 2000 and 4000, in 40 % of the time of 2000.
SAMPLE_CHARS = 1000
# A detection on fewer letters does not override a declaration (nor stand alone unless confident).
_OVERRIDE_LETTERS = 200
# Filler text ("Lorem ipsum dolor sit amet …") reads as Latin but says nothing about the page.
_PLACEHOLDER = re.compile(r"\blorem ipsum\b|\bdolor sit amet\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    """A detected language (ISO 639-1) and the identifier's normalised probability."""

    code: str | None
    confidence: float


#: The identifier once loaded: a memo, not a setting (every source holds the same model).
_LOADED: list[Any] = []


def _identifier() -> Any:
    """Load the bundled model once per process (about 0.9 s: it is xz-compressed)."""
    if not _LOADED:
        _LOADED.append(LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True))
    return _LOADED[0]


def bundled_model_file() -> Path:
    """py3langid's compressed model file, for a caller that keeps an unpacked copy."""
    return Path(MODEL_DIR) / str(MODEL_FILE)


def unpack_bundled_model(destination: IO[bytes]) -> None:
    """Write the bundled model, decompressed, to ``destination`` (about 68 MB)."""
    with lzma.open(bundled_model_file()) as source:
        shutil.copyfileobj(source, destination, length=1 << 20)


def load_unpacked_model(unpacked: Path) -> None:
    """Load the identifier from an unpacked copy of the bundled model, written by
    :func:`unpack_bundled_model` and handed over by the caller (the command line keeps one in
    its cache): 0.2 s where decompressing takes 0.7 s. Does nothing once a model is loaded.

    Raises :class:`~cleaners.errors.LanguageModelError` when the file is not such a copy.
    """
    if _LOADED:
        return
    try:
        with numpy.load(unpacked, allow_pickle=False) as data:
            model = (data["ptc"], data["pc"], data["classes"].tolist(), to_stdlib_array(data["nextmove"]),
                     to_stdlib_array(data["nextmove_row"]), data["out_feat"].tolist())
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, EOFError) as e:
        raise LanguageModelError(f"{unpacked}: not an unpacked language model ({e})") from e
    ptc, pc, classes, nextmove, row, output = model
    _LOADED.append(LanguageIdentifier(ptc, pc, classes, nextmove, output, norm_probs=True, tk_row=row))


def letter_count(text: str) -> int:
    return len(_NOT_LETTERS.sub("", text))


def primary_subtag(declared: str | None) -> str | None:
    """``fr-FR`` → ``fr``, ``en_US`` → ``en``; None for anything that is not a language tag."""
    if not declared:
        return None
    match = _DECLARED.match(declared.split(",")[0])
    if not match:
        return None
    code = match.group(1).lower()
    return _ALIASES.get(code, code)


def detect_language(text: str, *, min_letters: int = 1) -> LanguageGuess:
    """Identify the language of ``text`` from its first few thousand characters."""
    sample = text[:SAMPLE_CHARS]
    if min_letters > 0 and letter_count(sample) < min_letters:
        return LanguageGuess(None, 0.0)
    code, confidence = _identifier().classify(sample)
    return LanguageGuess(_ALIASES.get(str(code), str(code)), float(confidence))


def language_scores(text: str) -> dict[str, float]:
    """Normalised probability of every language the model knows, for comparing two candidates."""
    return {str(code): float(score) for code, score in _identifier().rank(text[:SAMPLE_CHARS])}


def choose_language(declared: str | None, text: str, *, min_letters: int = 40) -> str | None:
    """The page's declaration unless the text clearly says otherwise; the text alone if undeclared.

    Templates often keep a default ``lang="en"`` on pages written in other languages, so a
    confident detection on enough text overrides a contradicting declaration. Placeholder
    text is no evidence either way.
    """
    declared_code = primary_subtag(declared)
    letters = letter_count(text[:SAMPLE_CHARS])
    if letters < min_letters or (declared_code is not None and letters < _OVERRIDE_LETTERS):
        return declared_code  # too little text to say anything, or to contradict the declaration
    guess = detect_language(text, min_letters=0)  # the letters are counted above
    if guess.code == "la" and _PLACEHOLDER.search(text[:SAMPLE_CHARS]):
        return declared_code
    if declared_code is None:
        return guess.code if guess.confidence >= 0.5 or letters >= _OVERRIDE_LETTERS else None
    if guess.code != declared_code and guess.confidence >= 0.95:
        return guess.code
    return declared_code

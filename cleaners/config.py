"""Immutable extraction settings with documented defaults."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class NormalizeConfig:
    """How block text is normalised.

    keep_typographic_spaces: keep no-break and narrow no-break spaces (French ``« mot »``,
        ``10 000``) instead of folding them to a plain space. Default False: fold.
    dedupe_paragraphs: keep only the first of paragraphs that repeat verbatim. Default True.
    fix_guillemets: turn a block that opens with » and closes with « the right way round.
    """

    keep_typographic_spaces: bool = False
    dedupe_paragraphs: bool = True
    fix_guillemets: bool = True


@dataclass(frozen=True, slots=True)
class ExtractConfig:
    """Settings of one extraction.

    normalize: text normalisation settings.
    min_language_chars: below this many letters, text-based language identification is not
        trusted and only the page's own declaration is used. Default 40.
    max_input_chars: inputs longer than this are cut before parsing, so one huge page cannot
        exhaust memory. Default 20 million characters.
    use_trafilatura: let trafilatura compete in main-content selection on HTML pages.
    """

    normalize: NormalizeConfig = NormalizeConfig()
    min_language_chars: int = 40
    max_input_chars: int = 20_000_000
    use_trafilatura: bool = True


DEFAULT_CONFIG = ExtractConfig()

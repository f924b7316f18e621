"""Immutable extraction settings with documented defaults."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from cleaners.metadata.config import MetadataConfig

if TYPE_CHECKING:
    from cleaners.pagetype.classify import PageTypeModel


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
class LimitsConfig:
    """Caps that keep one hostile page cheap and its JSON bounded; each cut is recorded in
    ``removed`` with kind ``limit``.

    max_attributes: attributes kept per element before parsing (HTML parsers check each new
        attribute against the element's others, so 100,000 of them cost minutes). Default 1000.
    max_depth: elements nested deeper than this lose their tags before parsing. Default 400.
    max_title_chars, max_description_chars, max_site_name_chars: longer values are cut at a
        word boundary. Defaults 1000, 5000 and 300.
    max_authors, max_author_chars: at most this many names, each at most this long (a longer
        "name" is a sentence, not a name, and is dropped). Defaults 20 and 200.
    max_url_chars: longer URLs (canonical, images) are dropped, never cut. Default 8192.
    max_caption_chars: image captions and alt texts are cut to this. Default 2000.
    max_images: images of the body kept. Default 200.
    """

    max_attributes: int = 1000
    max_depth: int = 400
    max_title_chars: int = 1000
    max_description_chars: int = 5000
    max_site_name_chars: int = 300
    max_authors: int = 20
    max_author_chars: int = 200
    max_url_chars: int = 8192
    max_caption_chars: int = 2000
    max_images: int = 200


@dataclass(frozen=True, slots=True)
class ExtractConfig:
    """Settings of one extraction.

    normalize: text normalisation settings.
    min_language_chars: below this many letters, text-based language identification is not
        trusted and only the page's own declaration is used. Default 40.
    max_input_chars: inputs longer than this are cut before parsing, so one huge page cannot
        exhaust memory (recorded in ``removed``). Default 20 million characters.
    use_trafilatura: let trafilatura compete in main-content selection on HTML pages.
    limits: caps on markup and metadata (:class:`LimitsConfig`).
    metadata: how metadata is read (:class:`cleaners.metadata.MetadataConfig`), e.g.
        ``MetadataConfig(keep_declared_title=True)`` for the declared title verbatim.
    page_type_model: the page-type model, read with :func:`cleaners.pagetype.classify.parse_model`
        (one trained by ``benchmarks/train_page_type.py``). Default None: the shipped model.
    """

    normalize: NormalizeConfig = NormalizeConfig()
    min_language_chars: int = 40
    max_input_chars: int = 20_000_000
    use_trafilatura: bool = True
    limits: LimitsConfig = LimitsConfig()
    metadata: MetadataConfig = MetadataConfig()  # noqa: RUF009 (frozen, so sharing the default is safe)
    page_type_model: PageTypeModel | None = None


DEFAULT_CONFIG = ExtractConfig()

"""Options of :func:`cleaners.metadata.extract_metadata` (immutable, with documented defaults)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class MetadataConfig:
    """How metadata is read.

    ``strip_site_name_from_declared_titles`` (default True): remove a site-name part, on evidence,
    from titles the page declares (JSON-LD, og:title, twitter:title ...) as well as from ``<title>``.
    False keeps declared titles exactly as written (Readability's behaviour) and cleans ``<title>`` only.

    ``use_htmldate`` (default True): when no structured date exists, ask htmldate, which re-parses
    the page with lxml (about 5 ms a page); False leaves the dates unknown instead.
    """

    strip_site_name_from_declared_titles: bool = True
    use_htmldate: bool = True


DEFAULT_METADATA_CONFIG = MetadataConfig()

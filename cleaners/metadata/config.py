"""Options of :func:`cleaners.metadata.extract_metadata` (immutable, with documented defaults)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class MetadataConfig:
    """How metadata is read.

    ``strip_site_name_from_declared_titles`` (default False): a title the page declares as the
    article's (JSON-LD headline, og:title, twitter:title, microdata) is the publisher's own wording
    and is kept as written, as Readability and trafilatura keep it; the ``<title>`` element, a
    browser-tab label that carries the site name by convention, loses it. True also removes a
    site-name part, on evidence, from declared titles.

    ``use_htmldate`` (default True): when no structured date exists, ask htmldate, which re-parses
    the page with lxml (about 5 ms a page); False leaves the dates unknown instead.
    """

    strip_site_name_from_declared_titles: bool = False
    use_htmldate: bool = True


DEFAULT_METADATA_CONFIG = MetadataConfig()

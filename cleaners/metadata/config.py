"""Options of :func:`cleaners.metadata.extract_metadata` (immutable, with documented defaults)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class MetadataConfig:
    """How metadata is read.

    ``keep_declared_title`` (default False): the title is the headline as a reader sees it on the
    page, without the site or section name (an ``<h1>`` that agrees with a declared title, else
    the declared title less its site part, on evidence). True keeps the first declared title
    exactly as written (JSON-LD headline, og:title ..., else ``<title>``), as trafilatura does.

    ``use_htmldate`` (default True): when no structured date exists, ask htmldate, which re-parses
    the page with lxml (about 5 ms a page); False leaves the dates unknown instead.
    """

    keep_declared_title: bool = False
    use_htmldate: bool = True


DEFAULT_METADATA_CONFIG = MetadataConfig()

"""Page metadata (title, authors, dates, language declaration, site, canonical URL, lead image).

Every field has a fallback chain, strongest evidence first (the ``<meta>`` keys of each step are
listed, in order, in ``cleaners/data/metadata.toml``):

- title: JSON-LD article headline (or name), Dublin Core / og:title / <meta name=title> /
  twitter:title ..., microdata headline, ``<title>``, ``<h1>``, read together as the headline a
  reader sees: an ``<h1>`` that agrees with a declared title wins, else the first declared title
  without its site name (:mod:`cleaners.metadata.headline`; ``MetadataConfig`` can keep the
  declared title verbatim).
- authors: JSON-LD persons, ``<meta>`` author keys (one key at a time), a share card's value
  labelled with a byline word (twitter:label1 "Written by"), microdata, DOM byline
  elements, an element opening with a byline word ("By Jane Roe"), JSON-LD organizations; every
  step through :func:`cleaners.authors.clean_authors`.
- published / modified: JSON-LD, ``<meta>``, microdata, JSON-LD WebPage, a ``<meta>`` publication key
  behind a site's prefix (``w-published-date``, ``ms.date``), ``<time datetime>`` (those
  sharing the innermost container with the headline's ``<h1>`` first), a day in the URL; htmldate
  only when none of these parses, then the date written just below (or just above) the headline,
  and with nothing at all the first date the text writes after a label ("Last updated:");
  that shown date also replaces a declared published date on or after the declared modified one
  (a doubtful stamp, :mod:`cleaners.metadata.dates`), and failing it the ``<time>`` nearest the
  headline does when it is earlier than the stamp. A stamp on the day the address holds is not doubtful.
  When exactly two declared published days disagree, the one shown below the headline wins (unless
  it is the declared modified day).
  An earlier first publication the text states ("originally published on 26 Sep 2019") wins over all.
- language_declared: ``<html lang>``, content-language, og:locale, JSON-LD inLanguage, Dublin Core,
  microdata.
- site_name: og:site_name, JSON-LD WebSite, JSON-LD publisher, application-name ...
- description: og:description, <meta name=description>, JSON-LD, Dublin Core, twitter, microdata.
- lead_image: og:image, JSON-LD image, twitter:image, microdata; caption and alt from the page's
  ``<figure>`` showing it.

The tree is only read, never changed, so the content extractor can work on the same tree afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from selectolax.lexbor import LexborHTMLParser

from cleaners.authors import clean_authors, is_byline_label
from cleaners.metadata.config import DEFAULT_METADATA_CONFIG, MetadataConfig
from cleaners.metadata.dates import choose_dates, url_date
from cleaners.metadata.dom import (
    find_bylines,
    find_text_bylines,
    headline_heading,
    read_dom,
    times_by_heading,
)
from cleaners.metadata.headline import TitleEvidence, choose_headline
from cleaners.metadata.images import absolute_url, lead_image
from cleaners.metadata.jsonld import read_jsonld
from cleaners.metadata.meta_tags import read_meta_tags
from cleaners.metadata.microdata import read_microdata
from cleaners.metadata.rules import metadata_rules
from cleaners.metadata.scan import scan_page
from cleaners.metadata.titles import TitleChoice, jsonld_title, match_key
from cleaners.model import Image

__all__ = ["DEFAULT_METADATA_CONFIG", "MetadataConfig", "PageMetadata", "extract_metadata"]


@dataclass(frozen=True, slots=True)
class PageMetadata:
    """What a page says about itself.

    ``title`` is the chosen title, without the site name when it came from ``<title>``;
    ``title_declared`` is the same title as the page declared it
    and ``title_source`` names where it came from (``jsonld``, ``og:title``, ``title_element`` ...).
    ``published``/``modified`` are ISO 8601 (with the page's offset when it gives one).
    ``language_declared`` is the raw declaration; pass it to ``cleaners.language.choose_language``.
    ``used_htmldate`` tells that no structured date existed and htmldate was asked.
    ``jsonld_types`` and ``og_type`` are what the page declares itself to be (for its page type);
    ``title_evidence`` is what the title was chosen from (None when the declared title is kept);
    ``article_body`` is JSON-LD's ``articleBody``, the text of pages that render it by script.
    """

    title: str | None = None
    title_declared: str | None = None
    title_source: str | None = None
    description: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    modified: str | None = None
    language_declared: str | None = None
    site_name: str | None = None
    canonical_url: str | None = None
    url: str | None = None
    lead_image: Image | None = None
    keywords: tuple[str, ...] = ()
    section: str | None = None
    used_htmldate: bool = False
    jsonld_types: frozenset[str] = frozenset()
    og_type: str | None = None
    title_evidence: TitleEvidence | None = None
    article_body: str | None = None


def _first(*values: str | None) -> str | None:
    return next((value for value in values if value), None)


def _keywords(values: list[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for value in values:
        for word in value.split(","):
            word = word.strip()
            if word and word.casefold() not in seen:
                seen[word.casefold()] = word
    return tuple(seen.values())


def extract_metadata(
    tree: LexborHTMLParser,
    *,
    url: str | None = None,
    now: datetime | None = None,
    config: MetadataConfig = DEFAULT_METADATA_CONFIG,
) -> PageMetadata:
    """Read the metadata of a parsed page without modifying it.

    ``url`` is where the page was fetched from (to resolve relative links); ``now`` bounds the
    dates (default: the clock) so a page can never claim to be published in the future.
    """
    rules = metadata_rules()
    page = scan_page(tree)
    meta = read_meta_tags(page)
    dom = read_dom(page, rules)
    keys = rules.meta
    jsonld = read_jsonld(page, rules, titles=[text for text in (dom.title, meta.first(keys.title)) if text])
    micro = read_microdata(tree, page, rules)

    page_url = absolute_url(_first(url), None)
    base = absolute_url(dom.base_href, page_url) or page_url
    og_url = absolute_url(meta.first(keys.url), base)
    base = base or og_url

    title_candidates: list[tuple[str, str | None]] = [
        ("jsonld", jsonld_title(jsonld.headline, jsonld.name, [dom.title, meta.first(keys.title), *dom.h1])),
        *((key, meta.first((key,))) for key in keys.title),
        ("microdata", micro.title),
        ("title_element", dom.title),
        ("h1", dom.h1[0] if dom.h1 else None),
    ]
    declared = next((text for _, text in title_candidates if text), None)
    declared_key = match_key(declared) if declared else ""
    site_candidates = [
        name
        for name in (meta.first(keys.site_name), jsonld.site_name, jsonld.publisher, *meta.all(keys.site_name_more))
        if name and match_key(name) != declared_key
    ]
    evidence: TitleEvidence | None = None
    if config.keep_declared_title:
        source, text = next(((source, text) for source, text in title_candidates if text), (None, None))
        title = TitleChoice(title=text, declared=text, source=source)
    else:
        evidence = TitleEvidence(
            declared=tuple((source, text) for source, text in title_candidates if text and source != "h1"),
            headings=dom.h1,
            headings_whole=dom.h1_whole,
            logo_headings=dom.h1_home,
            heading_leads=dom.h1_leads,
            site_names=tuple(site_candidates),
            url=page_url or og_url or meta.canonical,
        )
        title = choose_headline(evidence, rules)

    people = clean_authors(list(jsonld.person_authors)) if jsonld.person_authors else []
    for key in keys.authors if not people else ():
        # One key at a time: several values of a key are co-authors, other keys repeat or contradict.
        people = clean_authors(list(meta.values.get(key, ())))
        if people:
            break
    for label_key, value_key in rules.author_label_pairs if not people else ():
        label, value = meta.first((label_key,)), meta.first((value_key,))
        if label and value and is_byline_label(label):
            people = clean_authors(value)
            break
    if not people and micro.authors:
        people = clean_authors(list(micro.authors))
    for byline in find_bylines(tree, rules) if not people else []:
        people = clean_authors(byline)
        if people:
            break
    for byline in find_text_bylines(tree, rules) if not people else []:
        people = clean_authors(byline)
        if people:
            break
    if not people and jsonld.organization_authors:
        people = clean_authors(list(jsonld.organization_authors))

    times = times_by_heading(page, headline_heading(page, rules, title.title))
    address_day = url_date(page_url, meta.canonical, og_url)
    dates = choose_dates(
        [
            jsonld.published,
            *meta.all(keys.published),
            micro.published,
            jsonld.page_published,
            *meta.namespaced(keys.published),
        ],
        [jsonld.modified, *meta.all(keys.modified), micro.modified, jsonld.page_modified],
        page=tree if config.use_htmldate else None,
        url=page_url,
        now=now,
        headline=title.title,
        times=times,
        address_day=address_day,
    )

    image = lead_image(
        tree,
        [*meta.all(keys.image), jsonld.image, *meta.all(keys.image_more), micro.image],
        base=base,
        alt=meta.first(keys.image_alt),
        caption=jsonld.image_caption,
    )
    return PageMetadata(
        title=title.title,
        title_declared=title.declared,
        title_source=title.source,
        description=_first(
            meta.first(keys.description), jsonld.description, meta.first(keys.description_more), micro.description
        ),
        authors=tuple(people),
        published=dates.published,
        modified=dates.modified,
        language_declared=_first(
            meta.html_lang, meta.first(keys.language), jsonld.in_language, meta.first(keys.language_more), micro.language
        ),
        site_name=site_candidates[0] if site_candidates else None,
        canonical_url=absolute_url(meta.canonical, base),
        url=og_url,
        lead_image=image,
        keywords=_keywords(meta.all(keys.keywords)),
        section=meta.first(keys.section),
        used_htmldate=dates.used_htmldate,
        jsonld_types=jsonld.types,
        og_type=meta.first(("og:type",)),
        title_evidence=evidence,
        article_body=jsonld.article_body,
    )

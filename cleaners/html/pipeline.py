"""HTML to Article: decode, parse once, read metadata, then named steps over the same tree."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace

from selectolax.lexbor import LexborHTMLParser, LexborNode

from cleaners import provenance
from cleaners.assemble import build_article
from cleaners.config import DEFAULT_CONFIG, ExtractConfig
from cleaners.decode import decode_bytes
from cleaners.errors import EmptyInputError, ExtractionError
from cleaners.html.body import (
    RawBlock,
    build_blocks,
    collect_images,
    declared_body_blocks,
    without_caption_copies,
)
from cleaners.html.boilerplate import remove_dom_boilerplate, strip_silent
from cleaners.html.copies import without_copied_sections
from cleaners.html.finish import finish_blocks
from cleaners.html.guards import guard_markup
from cleaners.html.inline import AddressResolver
from cleaners.html.items import select_item_run
from cleaners.html.lead import is_lead_text, leads_before
from cleaners.html.lines import split_line_blocks
from cleaners.html.outside import outside_selection
from cleaners.html.own_markup import bare_text, with_own_markup
from cleaners.html.player import remove_player_controls
from cleaners.html.recipe import ingredient_lists
from cleaners.html.rules import dom_rules
from cleaners.html.second_opinion import is_doubtful, prefer_second_opinion, trafilatura_blocks
from cleaners.html.select import select_content
from cleaners.html.streamed import place_streamed_segments
from cleaners.language import choose_language
from cleaners.metadata import extract_metadata
from cleaners.metadata.headline import choose_headline
from cleaners.metadata.rules import metadata_rules
from cleaners.metadata.titles import product_name
from cleaners.model import Article, Image, PageType, Removed
from cleaners.pagetype import classify_page

EMPTY_REASON = "no article text found on the page"
_PROBE_CHARS = 60
# A record's text this long (letters, no spaces) found anywhere in the body is that text.
_SURE_PROBE_CHARS = 30
# How many of our first blocks may precede trafilatura's first one and still open the body.
_LEAD_SEARCH = 2
# Below this many characters of body text, an answer counts as nearly empty.
NEARLY_EMPTY_CHARS = 1000
# Kinds of boilerplate that are the content of some page types: a forum's posts look like comments.
# Rules scoped to page types apply only when the model is this sure: a blog post with a long
# comment thread can look like a forum.
_CONTENT_KINDS: dict[str, frozenset[str]] = {"forum": frozenset({"comments"})}
CONTENT_KIND_CONFIDENCE = 0.8
# A forum's comments are its posts: they are kept from this confidence on (below it they go, as
# on an article). Lower than the rules' threshold: a thread lost is the whole page, comments
# kept under an article are a part of it. wcxb-dev forums even 0.778->0.798, odd 0.762->0.774.
KEEP_KINDS_CONFIDENCE = 0.6
# Below this many characters of body text the markup holds no article; a declared body
# (JSON-LD articleBody) of at least _DECLARED_BODY_CHARS is then the text.
_SCRIPTED_BODY_CHARS = 200
_DECLARED_BODY_CHARS = 500
# Page types on which trafilatura always gives a second opinion, from the page as served, in its
# full mode, less what our rules removed as not content: wcxb-dev even 0.8600->0.8609, odd
# 0.8602->0.8622 (products even 0.567->0.563, odd 0.580->0.610; listings taken for products even
# 0.680->0.696), trafilatura-eval 0.9518->0.9522; the filter changes even -0.0001, odd +0.0001.
_SERVED_PAGE_OPINION_TYPES = frozenset({"product"})
# On those pages our one-container answer tends to hold more than the product (precision is what
# it lacks): trafilatura's is taken unless it holds less than this share of our words (0.7 on
# doubtful pages). 0.7 -> 0.4: wcxb-dev even 0.8615 -> 0.8624, odd 0.8629 -> 0.8633,
# trafilatura-eval 0.9522 -> 0.9523; 0.2 was even 0.8632, odd 0.8631.
_SERVED_OPINION_MIN_SHARE = 0.4
# Page types whose items carry counters (a post's votes, its poster's post count) that stand as
# paragraphs of their own: such a paragraph is dropped. wcxb-dev forums even 0.8076->0.8089, odd
# 0.7951->0.7964.
_COUNTER_PAGE_TYPES = frozenset({"forum"})
# What our rules removed as these kinds is not the content, whoever else keeps it.
_NOT_CONTENT_KINDS = frozenset({
    "related", "comments", "advertisement", "newsletter", "share", "cookie_notice", "captcha", "comment_form", "paywall",
})
# The site's own chrome: not content either when trafilatura reads a page our rules nearly emptied.
_CHROME_KINDS = frozenset({"navigation", "header", "footer"})
# Nor what these rules removed: link lists, a product's legal fine print.
_NOT_CONTENT_RULES = frozenset({provenance.LINK_LIST, "dom.boilerplate.product_disclaimer"})
_STRAY_BYTES = re.compile("[\udc80-\udcff]+")
_MAX_STRAY_SHARE = 0.01


def repair_mixed_utf8(data: bytes) -> str | None:
    """UTF-8 with a few stray single-byte characters (pages pasted together): each stray byte run
    is read as cp1252. None when the bytes are not mostly UTF-8."""
    text = data.decode("utf-8", "surrogateescape")
    strays = len(_STRAY_BYTES.findall(text))
    if strays == 0 or strays > _MAX_STRAY_SHARE * len(data):
        return None
    return _STRAY_BYTES.sub(
        lambda match: bytes(ord(char) - 0xDC00 for char in match.group(0)).decode("cp1252", "replace"), text
    )


def decode_html(content: str | bytes) -> str:
    """Step 1: text of the page (BOM, <meta charset>, detection)."""
    if isinstance(content, bytes):
        decoded = decode_bytes(content, html=True)
        repaired = repair_mixed_utf8(content) if decoded.method in ("detected", "fallback") else None
        text = repaired if repaired is not None else decoded.text
    else:
        text = content
    if not text.strip():
        raise EmptyInputError("empty input")
    return text


def parse_html(html: str) -> LexborHTMLParser:
    """Step 2: the one parse of the page, after :func:`~cleaners.html.guards.guard_markup`."""
    try:
        return LexborHTMLParser(html)
    except (ValueError, RuntimeError, MemoryError) as e:
        raise ExtractionError(f"HTML parser failed: {e}") from e


def _absolute(image: Image, resolve: AddressResolver) -> Image:
    """The image with its URL resolved against the page (a malformed URL kept as written)."""
    return image.model_copy(update={"url": resolve(image.url)}) if image.url else image


def _not_in_body(records: list[Removed], blocks: list[RawBlock]) -> list[Removed]:
    """The records less those whose text the body holds after all (a second opinion's),
    compared without spaces and table cell bars (a table's record reads its cells apart). A
    short text counts only where it opens a block: a removed "learn more" link is not those
    words in a sentence."""
    texts = [bare_text(block.text) for block in blocks]
    body = "".join(texts)
    starts = set(itertools.accumulate((len(text) for text in texts[:-1]), initial=0))
    return [record for record in records if not _opens_block(bare_text(record.text)[:_PROBE_CHARS], body, starts)]


def _opens_block(probe: str, body: str, starts: set[int]) -> bool:
    """The probe is in the body: anywhere when long, else at a block's start."""
    if len(probe) >= _SURE_PROBE_CHARS:
        return probe in body
    at = body.find(probe)
    while at != -1 and at not in starts:
        at = body.find(probe, at + 1)
    return at != -1


@dataclass(frozen=True, slots=True)
class ExtractionTrace:
    """How the content was chosen, for benchmarks and debugging.

    ``own``: our selector, not doubted; ``own-checked``: doubted (or a product page),
    trafilatura asked, ours kept; ``trafilatura``: trafilatura's answer taken; ``declared``: the markup held no
    article and the page's JSON-LD ``articleBody`` was taken.
    """

    selector: str


def _second_opinion(
    tree: LexborHTMLParser, own: list[RawBlock], page: str, chrome: list[Removed] | None = None
) -> tuple[list[RawBlock], str]:
    """Ask trafilatura about the cleaned tree; keep ours unless its answer is clearly better.

    When both answers are nearly empty, our boilerplate rules may have removed the article
    itself (an unusual class name, a consent wall around it): trafilatura then reads the page
    as served. On a page read whole (a service page; ``chrome`` is then what our rules
    removed), no article was selected away: its served markup is mostly the site's menus (a
    page drawn by script), and what our rules removed as menus, header or footer stays out.
    """
    try:
        other = trafilatura_blocks(tree.html or "")
        if _chars(other) < NEARLY_EMPTY_CHARS and _chars(own) < NEARLY_EMPTY_CHARS:
            other = trafilatura_blocks(page)
            if chrome is not None:
                other = _without_removed(other, chrome, _NOT_CONTENT_KINDS | _CHROME_KINDS)
    except ExtractionError:
        return own, "own-checked"
    if prefer_second_opinion(own, other):
        return other, "trafilatura"
    return own, "own-checked"


def _without_removed(blocks: list[RawBlock], removed: list[Removed], kinds: frozenset[str]) -> list[RawBlock]:
    """The blocks less those our rules removed as one of ``kinds`` or by a not-content rule."""
    unwanted = [
        " ".join(record.text.split())
        for record in removed
        if record.kind in kinds or record.rule in _NOT_CONTENT_RULES
    ]
    return [block for block in blocks if not any(_probe(block.text) in text for text in unwanted)]


def _left_by_second_opinion(own: list[RawBlock], taken: list[RawBlock], audit_chars: int) -> list[Removed]:
    """Our blocks that trafilatura's reading, taken instead, leaves out: nothing goes unrecorded."""
    held = _joined(taken)
    return [
        Removed(kind="boilerplate", text=text[:audit_chars], rule=provenance.SECOND_OPINION)
        for block in own
        if (text := " ".join(block.text.split())) and _probe(text) not in held
    ]


def _served_page_opinion(page: str, own: list[RawBlock], removed: list[Removed]) -> tuple[list[RawBlock], str]:
    """Trafilatura's full reading of the page as served, taken unless it holds far less text,
    less the blocks our rules removed as something else than the content (reviews, related
    products, a newsletter box) or pruned as link lists (a search box's suggestions, a menu).

    A product's description and specifications lie in many scattered blocks (tabs, accordions,
    feature rows) that our one-container selection splits; trafilatura's finer pruning over the
    served page keeps more of them.
    """
    try:
        other = trafilatura_blocks(page, fast=False)
    except ExtractionError:
        return own, "own-checked"
    if not prefer_second_opinion(own, other, min_share=_SERVED_OPINION_MIN_SHARE):
        return own, "own-checked"
    return _without_removed(other, removed, _NOT_CONTENT_KINDS), "trafilatura"


def _with_leads(own: list[RawBlock], other: list[RawBlock], found_leads: int) -> list[RawBlock]:
    """Trafilatura's blocks, opened by the lead paragraphs of ours that it left out.

    Trafilatura often starts at the second paragraph, leaving out a lead set apart in the
    markup. The leads our walk found under the title open the body; so do our prose blocks
    before trafilatura's first block when that block is among our first few.
    """
    if not other:
        return other
    # Its headline, when it opens with one, stays first; the leads go under it.
    opening = 0
    while opening < len(other) - 1 and other[opening].type == "heading":
        opening += 1
    first = _probe(other[opening].text)
    search = own[: _LEAD_SEARCH + opening + 1]
    position = next((index for index, block in enumerate(search) if _probe(block.text) == first), 0)
    held = _joined(other)
    leads = [
        block for index, block in enumerate(own[: max(position, found_leads)])
        if _probe(block.text) not in held
        and (index < found_leads or (block.type == "paragraph" and is_lead_text(block.text)))
    ]
    return [*other[:opening], *leads, *other[opening:]]


def _probe(text: str) -> str:
    return " ".join(text.split())[:_PROBE_CHARS]


def _joined(blocks: list[RawBlock]) -> str:
    """The blocks' text, whitespace folded, for probing what they hold."""
    return " ".join(" ".join(block.text.split()) for block in blocks)


def _chars(blocks: list[RawBlock]) -> int:
    return sum(len(block.text.strip()) for block in blocks)


def extract_html(
    content: str | bytes,
    *,
    url: str | None = None,
    source: str | None = None,
    fetched_at: str | None = None,
    config: ExtractConfig = DEFAULT_CONFIG,
) -> Article:
    """Extract an Article from an HTML page."""
    article, _trace = extract_html_traced(content, url=url, source=source, fetched_at=fetched_at, config=config)
    return article


def extract_html_traced(
    content: str | bytes,
    *,
    url: str | None = None,
    source: str | None = None,
    fetched_at: str | None = None,
    config: ExtractConfig = DEFAULT_CONFIG,
) -> tuple[Article, ExtractionTrace]:
    """:func:`extract_html`, plus the trace of the content selection."""
    guarded = guard_markup(decode_html(content), config)
    page = guarded.html  # trafilatura may read it too
    tree = parse_html(page)
    place_streamed_segments(tree)
    meta = extract_metadata(tree, url=url, config=config.metadata)
    root: LexborNode | None = tree.body or tree.root
    removed: list[Removed] = list(guarded.removed)
    blocks: list[RawBlock] = []
    images: list[Image] = []
    first_figure: Image | None = None
    left_out: list[Removed] = []
    selector = "own"
    page_type: PageType = "other"
    if root is not None:
        # Before the silent tags go: a player is known by its <video> and its buttons.
        removed.extend(remove_player_controls(root, dom_rules().limits.audit_chars))
        strip_silent(root)
        page_url = url or meta.canonical_url or meta.url
        guess = classify_page(
            page,
            tree,
            root,
            url=page_url,
            jsonld_types=meta.jsonld_types,
            og_type=meta.og_type,
            has_author=bool(meta.authors),
            has_date=bool(meta.published),
            model=config.page_type_model,
        )
        page_type = guess.kind
        whole_page = page_type in dom_rules().whole_page_types
        # A page read whole is read so on the model's word, sure or not: the rules for its type apply too.
        sure_type = page_type if guess.confidence >= CONTENT_KIND_CONFIDENCE or whole_page else "other"
        keep = _CONTENT_KINDS.get(page_type, frozenset()) if guess.confidence >= KEEP_KINDS_CONFIDENCE else frozenset()
        unabridged: list[Removed] = []
        removed.extend(
            remove_dom_boilerplate(
                root,
                description=meta.description,
                keep_kinds=keep,
                page_type=sure_type,
                url=page_url,
                unabridged=unabridged,
            )
        )
        split_line_blocks(root)
        selection = select_content(root)
        item_run = select_item_run(root, selection, page_type)
        if item_run is not None:
            selection = item_run
        if whole_page:
            selection = replace(selection, nodes=(root,), text_chars=selection.page_chars)
        leads = leads_before(selection.nodes[0], title=meta.title, authors=meta.authors)
        ingredients = ingredient_lists(root, selection.nodes)
        selected = (*ingredients, *selection.nodes)
        nodes = (*leads, *selected)
        left_out = outside_selection(root, nodes, dom_rules().limits.audit_chars)
        body_images = collect_images(selection.nodes)
        images, first_figure = body_images.images, body_images.first_figure
        removed.extend(without_copied_sections(selected))
        # Listings' cards and service pages' feature cards are link-dense by nature: link pruning
        # would take them (filters and pagers stay unless the DOM rules took them).
        blocks, pruned = build_blocks(selected, prune_links=page_type not in dom_rules().unpruned_page_types)
        blocks, copies = without_caption_copies(blocks, root)
        removed.extend(copies)
        blocks[:0] = [RawBlock("paragraph", lead.text()) for lead in leads]
        own_blocks = blocks
        if _chars(blocks) < _SCRIPTED_BODY_CHARS and meta.article_body and len(meta.article_body) >= _DECLARED_BODY_CHARS:
            # The page renders its article by script: its markup holds only chrome, and the
            # article's declared body (JSON-LD articleBody) is the text, paragraphs kept.
            blocks, selector = declared_body_blocks(meta.article_body), "declared"
        elif config.use_trafilatura and page_type in _SERVED_PAGE_OPINION_TYPES:
            blocks, selector = _served_page_opinion(page, blocks, [*unabridged, *removed, *pruned])
            blocks = with_own_markup(blocks, own_blocks)
        # Trafilatura reads a run of items as one card or none: its opinion is not asked about one.
        elif config.use_trafilatura and item_run is None and is_doubtful(selection):
            blocks, selector = _second_opinion(tree, blocks, page, [*unabridged, *removed, *pruned] if whole_page else None)
            blocks = with_own_markup(blocks, own_blocks)
            if selector == "trafilatura":
                blocks = _with_leads(own_blocks, blocks, len(leads))
        # What our link pruning took and the reading taken holds after all was not removed.
        removed.extend(_not_in_body(pruned, blocks) if selector == "trafilatura" else pruned)
        if selector == "trafilatura":
            removed.extend(_left_by_second_opinion(own_blocks, blocks, dom_rules().limits.audit_chars))
    removed.extend(_not_in_body(left_out, blocks))
    # A forum's author posts again further down the thread: a block naming them is a post, not
    # a byline or a bio box.
    byline_authors = () if page_type == "forum" else meta.authors
    resolve = AddressResolver(meta.canonical_url or url)
    body, text_removed = finish_blocks(
        blocks,
        title=meta.title,
        config=config,
        authors=byline_authors,
        resolve=resolve,
        counters=page_type in _COUNTER_PAGE_TYPES,
        # Trafilatura's reading of the served page holds the copies the markup makes (a description
        # in a mobile and a desktop tab, a spec table twice): there every verbatim repeat goes.
        copies=selector == "trafilatura" and page_type in _SERVED_PAGE_OPINION_TYPES,
    )
    removed.extend(text_removed)
    if not body:
        removed.append(Removed(kind="boilerplate", text=EMPTY_REASON, rule=provenance.NO_TEXT))
    text = "\n\n".join(block.text for block in body)
    title = meta.title
    if page_type == "service" and meta.title_evidence is not None:
        # A service page's <h1> is a slogan that shares words with the offering's declared name.
        title = choose_headline(meta.title_evidence, metadata_rules(), reworded_h1=False).title
    if page_type == "product":
        title = product_name(title, metadata_rules())
    images = [_absolute(image, resolve) for image in images]
    lead = meta.lead_image or first_figure
    article = build_article(
        body=body,
        removed=removed,
        source=source,
        url=url,
        canonical_url=meta.canonical_url,
        title=title,
        description=meta.description,
        authors=list(meta.authors),
        # A page that declares only when it was modified gives no other date: that one stands for both.
        published=meta.published or meta.modified,
        modified=meta.modified,
        language=choose_language(meta.language_declared, text, min_letters=config.min_language_chars),
        site_name=meta.site_name,
        page_type=page_type,
        fetched_at=fetched_at,
        lead_image=_absolute(lead, resolve) if lead else None,
        images=images,
        config=config,
    )
    return article, ExtractionTrace(selector=selector)

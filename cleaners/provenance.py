"""Ids of the rules that are code, not data: guards, limits, content selection, finishing steps.

Rules kept as data carry their ids in their files (``cleaners/data``); these steps have no data
to write an id in, so their ids live here, each with what it removes. Every ``Removed`` record
names its rule by one of these ids or a data rule's id; the two never collide, since data ids
start with ``dom.``, ``edge_text.``, ``credit_text.`` or name a phrase group
(``<kind>.prompts.<group>``, ``comment_form.labels.<group>``, three parts), and these do not.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

LIMIT_INPUT = "limit.input_chars"
LIMIT_ATTRIBUTES = "limit.attributes"
LIMIT_DEPTH = "limit.depth"
LIMIT_FIELD = "limit.field_chars"
LIMIT_URL = "limit.url_chars"
LIMIT_AUTHOR = "limit.author_chars"
LIMIT_AUTHORS = "limit.author_count"
LIMIT_IMAGES = "limit.image_count"
DOM_CAPTCHA = "dom.captcha.math_field"
TEXT_CAPTCHA = "captcha.math"
STARRED_LABEL = "comment_form.starred_label"
LINK_LIST = "body.link_list"
MENU_LIST = "body.menu_list"
LINK_LINE = "body.link_line"
DANGLING_LABEL = "body.dangling_label"
CAPTION_COPY = "body.caption_copy"
PLAYER_CONTROLS = "media.player_controls"
COPIED_SECTION = "body.copied_section"
OUTSIDE = "select.outside"
SECOND_OPINION = "select.second_opinion"
NO_TEXT = "select.no_text"
CLOSING_SECTION = "finish.closing_section"
DUPLICATE = "finish.duplicate"
COUNTER = "finish.counter"
BYLINE = "finish.byline"
AUTHOR_BIO = "finish.author_bio"
HEAD_DEBRIS = "finish.head_debris"
TRAILING_HEADING = "finish.trailing_heading"
HEADER_LINE = "text.header_line"

#: Every step id with what it removes.
STEP_RULES: Mapping[str, str] = MappingProxyType({
    LIMIT_INPUT: "characters past the input cap",
    LIMIT_ATTRIBUTES: "attributes of an element past the cap",
    LIMIT_DEPTH: "tags nested deeper than the cap",
    LIMIT_FIELD: "a metadata field cut to its cap",
    LIMIT_URL: "a URL longer than the cap",
    LIMIT_AUTHOR: "an author name longer than the cap",
    LIMIT_AUTHORS: "authors past the cap",
    LIMIT_IMAGES: "images past the cap",
    DOM_CAPTCHA: "a form field asking an arithmetic question (numbers.toml)",
    TEXT_CAPTCHA: "a block that is an unanswered arithmetic question (numbers.toml)",
    STARRED_LABEL: "a few words marked required (*) inside a comment form",
    LINK_LIST: "a link-dense container inside the content",
    MENU_LIST: "a list of many short links inside link-dense content: a menu",
    LINK_LINE: "a paragraph or list item that is mostly a link",
    DANGLING_LABEL: "the label left behind by a removed link list",
    CAPTION_COPY: "a paragraph repeating a picture's caption",
    PLAYER_CONTROLS: "the controls' labels a video or audio player draws around its media",
    COPIED_SECTION: "a later copy of a multi-block section (a responsive layout's second rendering)",
    OUTSIDE: "text beside the selected content",
    SECOND_OPINION: "text of our selection that trafilatura's reading, taken instead, leaves out",
    NO_TEXT: "a note that no article text was found",
    CLOSING_SECTION: "a closing section of short lines under a heading (contacts, credits)",
    DUPLICATE: "a short paragraph repeated verbatim",
    COUNTER: "a paragraph that is only a count (a vote score, a post count) among a forum's posts",
    BYLINE: "a short block near an end naming the page's author",
    AUTHOR_BIO: "a closing paragraph opening with the author's full name",
    HEAD_DEBRIS: "short non-sentences before the first paragraph",
    TRAILING_HEADING: "headings with nothing under them at the end",
    HEADER_LINE: "a header line of a text page that is neither title, byline nor caption",
})

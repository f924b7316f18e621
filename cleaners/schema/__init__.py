"""The article JSON Schema, generated from :mod:`cleaners.model`.

Run ``python -m cleaners.schema > cleaners/schema/article.schema.json`` after changing the model;
a test fails while the checked-in file and the model disagree.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from cleaners.model import Article


def generate_article_schema() -> dict[str, Any]:
    """Schema of ``Article.to_dict()``: all article fields required, ``level`` only on headings,
    a block's markup extras (spans, ordered, language, cells, images) optional."""
    schema = Article.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://example.invalid/scrape-toolkit/article.schema.json"
    schema["additionalProperties"] = False
    block = schema["$defs"]["Block"]
    block["required"] = ["type", "text"]
    block["properties"]["level"] = {"type": "integer", "minimum": 1, "maximum": 6, "title": "Level"}
    for name in ("language", "cells"):  # absent, never null, when unset
        optional = block["properties"][name]
        optional.update(optional.pop("anyOf")[0])
        optional.pop("default")
    block["properties"]["ordered"].pop("default")
    block["allOf"] = [
        {
            "if": {"properties": {"type": {"const": "heading"}}},
            "then": {"required": ["type", "text", "level"]},
            "else": {"not": {"required": ["level"]}},
        }
    ]
    for name in ("Image", "Removed", "Span"):
        schema["$defs"][name]["additionalProperties"] = False
    schema["$defs"]["Span"]["required"] = ["type", "text"]
    schema["$defs"]["Span"]["properties"]["url"] = {
        "type": "string", "title": "Url", "description": "A link's address (absolute when the page's is known)."
    }
    schema["properties"].update(CRAWL_RECORD_PROPERTIES)
    return schema


#: Fields a crawl adds to the articles it writes (optional: absent from ``extract``'s output).
CRAWL_RECORD_PROPERTIES: dict[str, Any] = {
    "change": {
        "enum": ["new", "updated"],
        "title": "Change",
        "description": "Crawl records only: 'new' for the first record of a URL, 'updated' when it replaces an "
        "earlier record of the same URL (whose fingerprint is previous_fingerprint).",
    },
    "previous_fingerprint": {
        "anyOf": [{"type": "string"}, {"type": "null"}],
        "title": "Previous Fingerprint",
        "description": "Crawl records with change 'updated' only: the fingerprint of the record this one replaces.",
    },
}


def load_article_schema() -> dict[str, Any]:
    """The checked-in schema file shipped with the package."""
    text = resources.files("cleaners.schema").joinpath("article.schema.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded

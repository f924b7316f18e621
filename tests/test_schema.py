"""The checked-in JSON Schema is the one the model generates, and it accepts what we emit."""

from __future__ import annotations

import jsonschema
import pytest

from cleaners import Article, Block, Removed, extract_text
from cleaners.schema import generate_article_schema, load_article_schema
from tests.conftest import assert_valid

FIELDS = [
    "schema_version", "source", "url", "canonical_url", "title", "description", "authors", "published",
    "modified", "language", "site_name", "page_type", "fetched_at", "lead_image", "images", "body", "text", "word_count",
    "fingerprint", "removed",
]


def test_checked_in_schema_matches_the_model() -> None:
    assert load_article_schema() == generate_article_schema(), "run: python -m cleaners.schema > cleaners/schema/article.schema.json"


def test_every_field_is_present_and_required() -> None:
    schema = load_article_schema()
    assert schema["required"] == FIELDS
    assert list(Article().to_dict()) == FIELDS


def test_headings_carry_a_level_and_other_blocks_do_not(article_validator: jsonschema.Draft202012Validator) -> None:
    article = Article(body=[Block(type="heading", text="H", level=3), Block(type="paragraph", text="P")])
    data = article.to_dict()
    assert data["body"] == [{"type": "heading", "text": "H", "level": 3}, {"type": "paragraph", "text": "P"}]
    assert_valid(article_validator, data)
    data["body"][1]["level"] = 2
    assert not article_validator.is_valid(data)
    del data["body"][0]["level"]
    assert not article_validator.is_valid(data)


def test_schema_rejects_unknown_kinds_and_fields(article_validator: jsonschema.Draft202012Validator) -> None:
    data = Article(removed=[Removed(kind="captcha", text="1 + 1 =")]).to_dict()
    assert_valid(article_validator, data)
    data["removed"][0]["kind"] = "mystery"
    assert not article_validator.is_valid(data)
    data = Article().to_dict()
    data["extra"] = 1
    assert not article_validator.is_valid(data)
    del data["extra"]
    del data["title"]
    assert not article_validator.is_valid(data)


def test_model_rejects_bad_block_types() -> None:
    with pytest.raises(ValueError):
        Block(type="banner", text="x")  # type: ignore[arg-type]


def test_text_output_validates(article_validator: jsonschema.Draft202012Validator) -> None:
    assert_valid(article_validator, extract_text("Title here\n\nSome paragraph of text that ends.").to_dict())

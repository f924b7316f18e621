"""``Article`` as the public model: read back from JSON or a mapping, and only its documented API."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaners import Article, ArticleFormatError, Block, Image, Removed, extract
from tests.conftest import ROOT

SEED = ROOT / "seeds" / "000_187cdce079f5099f.txt"


def test_an_article_reads_back_from_its_json_and_its_mapping() -> None:
    article = extract(SEED.read_bytes(), source=str(SEED))
    assert Article.from_json(article.to_json()) == article
    assert Article.from_json(article.to_json(pretty=True).encode("utf-8")) == article
    assert Article.from_dict(article.to_dict()) == article
    assert Article.from_dict(json.loads(article.to_json())) == article


@settings(max_examples=50, deadline=None)
@given(
    title=st.none() | st.text(max_size=40),
    authors=st.lists(st.text(min_size=1, max_size=20), max_size=3),
    body=st.lists(st.builds(Block, type=st.sampled_from(["paragraph", "list_item", "quote", "code", "table"]),
                            text=st.text(max_size=60)), max_size=5),
    removed=st.lists(st.builds(Removed, kind=st.sampled_from(["share", "captcha", "navigation"]),
                               text=st.text(max_size=30), rule=st.none() | st.text(max_size=20)), max_size=3),
    lead=st.none() | st.builds(Image, url=st.none() | st.text(max_size=30)),
)
def test_any_article_round_trips_through_json(title: str | None, authors: list[str], body: list[Block],
                                              removed: list[Removed], lead: Image | None) -> None:
    article = Article(title=title, authors=authors, body=body, removed=removed, lead_image=lead,
                      text="\n\n".join(block.text for block in body))
    assert Article.from_json(article.to_json()) == article


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ('{"title": 3}', "not an article: title: Input should be a valid string"),
        ('{"page_type": "blog"}', "not an article: page_type: "),
        ('{"unknown_field": 1}', "not an article: unknown_field: Extra inputs are not permitted"),
        ("not json", "not an article: the document: Invalid JSON"),
        ('{"body": [{"type": "heading", "text": "H", "level": 9}]}', "not an article: body.0.level: "),
    ],
)
def test_bad_documents_name_the_first_bad_field(document: str, message: str) -> None:
    with pytest.raises(ArticleFormatError) as caught:
        Article.from_json(document)
    assert str(caught.value).startswith(message)


@pytest.mark.parametrize("name", ["dict", "json", "parse_obj", "parse_raw", "parse_file", "from_orm", "construct",
                                  "copy", "schema", "schema_json", "validate", "update_forward_refs"])
def test_pydantics_deprecated_api_is_not_part_of_the_model(name: str) -> None:
    article = Article(title="T")
    assert not hasattr(article, name)
    assert not hasattr(Article, name)
    assert not hasattr(Block(type="paragraph", text="p"), name)


def test_the_documented_api_is_there() -> None:
    article = Article(title="T")
    assert article.to_dict()["title"] == "T"
    assert json.loads(article.to_json())["title"] == "T"
    assert article.model_copy(update={"title": "U"}).title == "U"

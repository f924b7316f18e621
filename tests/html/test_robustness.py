"""Hostile input: a clear error from cleaners.errors, or an article that validates; never a crash."""

from __future__ import annotations

import jsonschema
import pytest

from cleaners import BinaryInputError, EmptyInputError, ExtractConfig
from cleaners.html import extract_html
from cleaners.html.depth import MAX_DEPTH, limit_nesting
from cleaners.html.pipeline import EMPTY_REASON

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8


@pytest.mark.parametrize("content", ["", "   \n\t ", b"", b"\n \n"])
def test_empty_document_is_an_empty_input_error(content: str | bytes) -> None:
    with pytest.raises(EmptyInputError):
        extract_html(content)


@pytest.mark.parametrize("content", [PNG, b"%PDF-1.7\n" + b"\x00\x01\x02" * 300, b"\x00\x01\x02\x03\x04" * 500])
def test_binary_input_is_a_binary_input_error(content: bytes) -> None:
    with pytest.raises(BinaryInputError):
        extract_html(content)


def test_markup_without_text_gives_an_empty_article_with_the_reason() -> None:
    article = extract_html("<html><head><title>x</title></head><body><div><span></span></div></body></html>")
    assert article.body == [] and article.text == ""
    assert [record.text for record in article.removed] == [EMPTY_REASON]


def test_hundred_thousand_nested_divs(article_validator: jsonschema.Draft202012Validator) -> None:
    depth = 100_000
    html = "<html><body>" + "<div>" * depth + "Deep text, at the bottom of it all." + "</div>" * depth + "</body></html>"
    article = extract_html(html)
    assert article.text == "Deep text, at the bottom of it all."
    article_validator.validate(article.to_dict())


@pytest.mark.parametrize("opening", ["<div class=comment>", "<ul><li>", "<blockquote>", "<table><tr><td>", "<span><b>"])
def test_deep_unclosed_nesting_of_any_element(opening: str) -> None:
    # A paragraph's worth of text: a one-line note holding most of a near-empty page is not
    # thereby content (a "comment" class would take it).
    text = "The ferry will run again from Monday, the council said, after a winter of costly repairs on the pier."
    article = extract_html(opening * 50_000 + text + " And that is the text")
    assert article.text.endswith("the text")


def test_limit_nesting_keeps_text_and_shallow_tags() -> None:
    deep = "<div>" * (MAX_DEPTH + 10) + "core" + "</div>" * (MAX_DEPTH + 10)
    limited, dropped = limit_nesting(deep)
    assert limited.count("<div>") == MAX_DEPTH and limited.count("</div>") == MAX_DEPTH
    assert dropped == 10
    assert "core" in limited
    shallow = "<ul><li>a<li>b</ul><p>one<p>two"
    assert limit_nesting(shallow) == (shallow, 0)


def test_limit_nesting_cuts_exactly_the_deep_tags_and_their_end_tags() -> None:
    page = '<div><SECTION class="a"><br/><span>x<img src=y><b>z</b></span></SECTION><p/>end</div>'
    # <br/> and <img> open nothing; the <span> is the third level and goes with its end tag, as does the <b>.
    assert limit_nesting(page, 2) == ('<div><SECTION class="a"><br/>x<img src=y>z</SECTION><p/>end</div>', 2)


def test_ten_megabyte_text_node() -> None:
    words = "lorem ipsum dolor sit amet " * 400_000
    article = extract_html(f"<html><body><p>{words}</p></body></html>")
    assert article.word_count == 2_000_000
    assert len(article.body) == 1


def test_input_longer_than_the_configured_limit_is_cut() -> None:
    article = extract_html("<p>" + "word " * 10_000 + "</p>", config=ExtractConfig(max_input_chars=1_000))
    assert article.word_count == (1_000 - len("<p>")) // len("word ") + 1  # the cut leaves a partial "wo"


def test_unclosed_tags_everywhere() -> None:
    html = "<html><body>" + "<div><p>First part <b>bold <i>italic <a href=x>a link and a sentence." * 500
    article = extract_html(html)
    assert "First part bold italic" in article.text


def test_mixed_encodings_in_one_document() -> None:
    data = b"<html><head><meta charset='utf-8'></head><body><p>" + (
        "Un café bien chaud, servi à la terrasse du village, ".encode() * 10
        + "et un thé glacé ".encode("latin-1")
        + "pour finir la journée.</p></body></html>".encode()
    )
    article = extract_html(data)
    assert "Un café bien chaud" in article.text
    assert "pour finir la journée." in article.text


def test_a_page_that_is_all_navigation() -> None:
    links = "".join(f'<li><a href="/s{i}">Section {i}</a></li>' for i in range(60))
    article = extract_html(f"<html><body><nav><ul>{links}</ul></nav><div class=menu>{links}</div></body></html>")
    assert article.body == []
    assert {"navigation", "boilerplate"} <= {record.kind for record in article.removed}


def test_many_math_captchas_are_all_removed() -> None:
    article = extract_html("<body>" + "<p>7 + 3 = <input name=a></p>" * 2_000 + "</body>")
    assert article.text == ""
    assert {record.kind for record in article.removed} <= {"captcha", "boilerplate"}


def test_malformed_image_urls_are_kept_as_written() -> None:
    prose = "<p>" + "Some article text, with words enough to count as prose. " * 5 + "</p>"
    html = f'<body><article>{prose}<figure><img src="http://[::1"><figcaption>Cap</figcaption></figure></article></body>'
    article = extract_html(html, url="https://example.org/")
    assert [(image.url, image.caption) for image in article.images] == [("http://[::1", "Cap")]

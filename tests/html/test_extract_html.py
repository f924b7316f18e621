"""extract_html end to end on small hand-written pages: structure, audit, metadata hand-off."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest

from cleaners import Article, ExtractConfig
from cleaners.html import extract_html

PAGES = Path(__file__).parent / "pages"
OWN_SELECTOR_ONLY = ExtractConfig(use_trafilatura=False)


def _page(name: str, config: ExtractConfig = OWN_SELECTOR_ONLY) -> Article:
    return extract_html((PAGES / name).read_bytes(), url="https://example.org/post/1", config=config)


def _kinds(article: Article) -> set[str]:
    return {record.kind for record in article.removed}


def test_blog_body_structure_in_document_order() -> None:
    article = _page("blog_with_comments.html")
    shape = [(block.type, block.level) for block in article.body]
    assert shape == [
        ("paragraph", None),
        ("heading", 2),
        ("paragraph", None),
        ("paragraph", None),
        ("heading", 3),
        ("list_item", None),
        ("list_item", None),
        ("quote", None),
        ("table", None),
        ("code", None),
        ("paragraph", None),
    ]
    table = next(block for block in article.body if block.type == "table")
    assert table.text == "Variety | Prune?\nCordon | Yes\nBush | No"
    code = next(block for block in article.body if block.type == "code")
    assert code.text == "remove_suckers(plant)\nwater(plant, litres=2)"


def test_blog_text_is_body_only() -> None:
    article = _page("blog_with_comments.html")
    assert article.text == "\n\n".join(block.text for block in article.body)
    assert "How to Prune Tomato Plants" not in article.text  # the title is metadata, not body
    assert "A sucker growing in the leaf axil." not in article.text  # captions go to images
    assert "hidden from readers" not in article.text
    for boilerplate in ("Leave a Reply", "Great tips", "Share this", "cookies", "newsletter", "Popular posts", "©"):
        assert boilerplate not in article.text
    assert article.word_count > 100
    assert article.fingerprint is not None and article.fingerprint.startswith("sha256:")


def test_blog_audit_names_each_kind_with_the_removed_text() -> None:
    article = _page("blog_with_comments.html")
    assert {"comments", "share", "cookie_notice", "newsletter", "hidden", "header", "footer", "aside"} <= _kinds(article)
    comments = next(record for record in article.removed if record.kind == "comments")
    assert "Great tips" in comments.text
    assert all(len(record.text) <= 300 for record in article.removed)


def test_images_with_captions_and_lead_image() -> None:
    article = _page("blog_with_comments.html")
    assert [(image.url, image.caption, image.alt) for image in article.images] == [
        ("https://example.org/img/sucker.jpg", "A sucker growing in the leaf axil.", "A tomato sucker")
    ]
    assert article.lead_image is not None and article.lead_image.url == "https://example.org/img/lead.jpg"


def test_lead_image_falls_back_to_the_first_figure() -> None:
    html = (
        "<html><head><title>T</title></head><body><article>"
        + "<p>A paragraph of article text that is long enough to count as prose, with commas, too.</p>" * 4
        + '<figure><img src="a.png"><figcaption>First</figcaption></figure></article></body></html>'
    )
    article = extract_html(html, url="https://example.org/x/", config=OWN_SELECTOR_ONLY)
    assert article.lead_image is not None
    assert (article.lead_image.url, article.lead_image.caption) == ("https://example.org/x/a.png", "First")


def test_metadata_and_language_come_from_the_intact_page() -> None:
    article = _page("blog_with_comments.html")
    assert article.title == "How to Prune Tomato Plants"
    assert article.language == "en"
    assert article.url == "https://example.org/post/1"


def test_reply_form_math_captcha_and_hidden_nodes_are_removed() -> None:
    article = _page("reply_form_and_captcha.html")
    assert {"comment_form", "captcha", "hidden"} <= _kinds(article)
    captcha = next(record for record in article.removed if record.kind == "captcha")
    assert "sept − trois =" in captcha.text
    assert "sept" not in article.text and "caché" not in article.text
    assert article.language == "fr"
    assert len(article.body) == 3


def test_related_class_on_the_article_wrapper_keeps_the_article() -> None:
    """A risky word on the content's own wrapper: evidence (prose, share of text) keeps it."""
    article = _page("layout_related_inside.html")
    assert len(article.body) == 4
    assert article.body[0].text.startswith("Wenn der Schnee fällt")
    related = [record for record in article.removed if record.kind == "related"]
    assert [record.text for record in related] == ["Das könnte Sie auch interessieren Vögel füttern Igel im Garten"]


def test_page_of_navigation_only_gives_an_empty_article_with_reasons() -> None:
    article = _page("all_navigation.html", config=ExtractConfig())
    assert article.body == [] and article.text == "" and article.word_count == 0
    assert article.fingerprint is None
    assert "navigation" in _kinds(article)
    assert article.removed[-1].text == "no article text found on the page"


@pytest.mark.parametrize("name", sorted(path.name for path in PAGES.glob("*.html")))
def test_every_page_validates_against_the_schema(name: str, article_validator: jsonschema.Draft202012Validator) -> None:
    for config in (OWN_SELECTOR_ONLY, ExtractConfig()):
        article_validator.validate(_page(name, config).to_dict())


def test_str_and_bytes_give_the_same_article() -> None:
    raw = (PAGES / "blog_with_comments.html").read_bytes()
    assert extract_html(raw, config=OWN_SELECTOR_ONLY) == extract_html(raw.decode("utf-8"), config=OWN_SELECTOR_ONLY)


def test_source_and_fetched_at_are_passed_through() -> None:
    article = extract_html(
        (PAGES / "layout_related_inside.html").read_bytes(), source="pages/x.html", fetched_at="2024-01-02T03:04:05Z"
    )
    assert (article.source, article.fetched_at) == ("pages/x.html", "2024-01-02T03:04:05Z")


def test_a_plain_image_is_no_lead_image_but_a_figure_is() -> None:
    prose = "<p>A paragraph of article text that is long enough to count as prose, with commas, too.</p>" * 4
    plain = extract_html(f'<body><article><img src="icon.png">{prose}</article></body>', config=OWN_SELECTOR_ONLY)
    assert plain.lead_image is None and [image.url for image in plain.images] == ["icon.png"]
    figure = '<figure><img src="photo.jpg"><figcaption>Photo</figcaption></figure>'
    with_figure = extract_html(
        f'<body><article><img src="icon.png">{prose}{figure}</article></body>', config=OWN_SELECTOR_ONLY
    )
    assert with_figure.lead_image is not None and with_figure.lead_image.url == "photo.jpg"


def test_gallery_slide_text_is_body_but_a_caption_with_paragraphs_is_not() -> None:
    intro = "<p>The intro of a gallery article, long enough to read as prose, with a comma or two.</p>"
    slide = (
        '<figure class="slide"><div class="slide-header"><h2>{n}. A costume</h2></div><img src="{n}.jpg">'
        "<figcaption><p>You will cast spells on all those who see you in costume {n}.</p>"
        "<p>What you need for costume {n}: a red jumper with a white collar and a black headband.</p>"
        "</figcaption></figure>"
    )
    captioned = (
        '<figure><img src="x.jpg"><figcaption><p>The harbour at dawn, seen from the old lighthouse.</p>'
        "<p>Photo: A. Photographer</p></figcaption></figure>"
    )
    html = f"<body><article>{intro}{''.join(slide.format(n=n) for n in range(1, 4))}{captioned}</article></body>"
    article = extract_html(html, config=OWN_SELECTOR_ONLY)
    assert [block.text for block in article.body if "What you need" in block.text] == [
        f"What you need for costume {n}: a red jumper with a white collar and a black headband." for n in range(1, 4)
    ]
    assert [block.text for block in article.body if block.type == "heading"] == ["1. A costume", "2. A costume", "3. A costume"]
    assert "Photo: A. Photographer" not in article.text
    assert "The harbour at dawn" not in article.text


def test_a_paragraph_repeating_a_picture_caption_is_dropped_as_a_copy() -> None:
    prose = "".join(
        f"<p>Paragraph {n} of the article, long enough to count as prose, with a comma here.</p>" for n in range(4)
    )
    header = "<div class='description'><p>The harbour at dawn, from the lighthouse.</p></div>"
    figure = "<figure><img src='h.jpg'><figcaption><p>The harbour at dawn, from the lighthouse.</p></figcaption></figure>"
    article = extract_html(f"<body><article>{header}{figure}{prose}</article></body>", config=OWN_SELECTOR_ONLY)
    assert "The harbour at dawn" not in article.text
    assert article.lead_image is not None and article.lead_image.caption == "The harbour at dawn, from the lighthouse."
    assert [record.text for record in article.removed if "harbour" in record.text] == [
        "The harbour at dawn, from the lighthouse."
    ]

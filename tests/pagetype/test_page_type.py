"""page_type from the page's own structure, on pages written for the test; the model file is checked at load."""

from __future__ import annotations

import json

import pytest

from cleaners import extract
from cleaners.config import ExtractConfig
from cleaners.errors import ExtractionError
from cleaners.pagetype.classify import PAGE_TYPES, page_type_model, parse_model
from cleaners.pagetype.features import parse_page_type_words

PROSE = " ".join(["The committee met for the third time this week and agreed on a plan for the river."] * 6)


def article_page() -> str:
    paragraphs = "".join(f"<p>{PROSE} Paragraph {n}.</p>" for n in range(8))
    return f"""<html><head><title>River plan agreed after long debate | The Courier</title>
      <meta property="og:type" content="article">
      <script type="application/ld+json">{{"@type": "NewsArticle", "headline": "River plan agreed after long debate"}}</script>
      <link rel="canonical" href="https://courier.example/news/2024/05/river-plan-agreed-after-long-debate"></head>
      <body><nav><a href="/">Home</a><a href="/news">News</a></nav><article><h1>River plan agreed after long debate</h1>
      <p class="byline">By Ann Lee</p><time datetime="2024-05-02">2 May 2024</time>{paragraphs}</article></body></html>"""


def forum_page() -> str:
    posts = "".join(
        f"""<div class="post" id="p{n}"><div class="postprofile"><span class="username">user{n}</span>
        <img class="avatar" src="/a{n}.png"></div><div class="postbody"><div class="content">I tried the
        setting you suggested and the resolver still fails after the upgrade, reply number {n}.</div></div>
        <a href="#p{n}" class="reply">Reply</a></div>"""
        for n in range(12)
    )
    return f"""<html><head><title>Resolver fails after upgrade - Example Forums</title>
      <script type="application/ld+json">{{"@type": "DiscussionForumPosting", "headline": "Resolver fails after upgrade"}}</script>
      <link rel="canonical" href="https://forum.example/t/resolver-fails-after-upgrade/1234"></head>
      <body><h1>Resolver fails after upgrade</h1><div class="topic">{posts}</div></body></html>"""


def product_page() -> str:
    return """<html><head><title>Trail Runner 2 shoe | Example Shop</title><meta property="og:type" content="product">
      <script type="application/ld+json">{"@type": "Product", "name": "Trail Runner 2",
        "offers": {"@type": "Offer", "price": "89.00", "priceCurrency": "USD"}}</script>
      <link rel="canonical" href="https://shop.example/products/trail-runner-2"></head>
      <body><h1>Trail Runner 2</h1><div class="product-gallery"><img src="/a.jpg"><img src="/b.jpg"><img src="/c.jpg">
      </div><div class="product-price price">$89.00</div><div class="stock">In stock</div>
      <form class="add-to-cart"><label>Size</label><select name="size"><option>9</option></select>
      <input type="number" name="quantity" value="1"><button>Add to cart</button></form>
      <div class="product-description"><p>A light trail shoe with a grippy sole.</p>
      <p>The upper is a single layer of recycled mesh that drains fast after a river crossing, and the
      heel counter is soft enough to need no breaking in, while a rock plate under the forefoot keeps
      sharp stones from bruising the sole of the foot on long descents.</p>
      <p>The outsole uses a sticky rubber compound with five millimetre lugs that grip on wet rock,
      packed dirt and loose gravel alike, and the midsole foam keeps its bounce for hundreds of miles.</p>
      <p>Laces are flat and stay tied; a small garage at the tongue's top holds their ends out of the way.
      The tongue is gusseted to keep grit out, and the toe bumper wraps far enough around the sides to
      protect against roots. Sizes run true, with a roomy toe box that leaves space for swelling feet.</p>
      <p>Care is simple: rinse the mud off with cold water, take the insoles out and let both dry away from
      direct heat; the mesh keeps its shape and the glue lines hold after many washes.</p>
      <p>Each pair ships in a box made of recycled card, with a spare set of laces and a note on repairs.</p></div>
      <table class="specs"><tr><th>Weight</th><td>250 g</td></tr></table></body></html>"""


@pytest.mark.parametrize(
    ("page", "expected"),
    [(article_page, "article"), (forum_page, "forum"), (product_page, "product")],
)
def test_clear_pages_get_their_type(page, expected: str) -> None:  # type: ignore[no-untyped-def]
    assert extract(page(), source="page.html").page_type == expected


def test_plain_text_is_other() -> None:
    assert extract(PROSE, source="notes.txt").page_type == "other"


def test_page_type_is_in_the_json() -> None:
    data = json.loads(extract(article_page(), source="page.html").to_json())
    assert data["page_type"] in PAGE_TYPES


def test_shipped_model_fits_the_feature_code() -> None:
    model = page_type_model()
    assert set(model.classes) <= set(PAGE_TYPES)
    assert len(model.features) == len(model.mean) == len(model.scale)


def test_broken_model_is_rejected_at_load() -> None:
    good = json.loads(json.dumps({
        "classes": ["article", "forum"], "features": ["a"], "mean": [0.0], "scale": [1.0],
        "coef": [[1.0], [-1.0]], "intercept": [0.0, 0.0],
    }))
    assert parse_model(good).predict({"a": 3.0}).kind == "article"
    with pytest.raises(ExtractionError, match="unknown page type"):
        parse_model({**good, "classes": ["article", "blog"]})
    with pytest.raises(ExtractionError, match="do not match"):
        parse_model({**good, "coef": [[1.0, 2.0], [0.0, 0.0]]})
    with pytest.raises(ExtractionError, match="not a page-type model"):
        parse_model({"classes": ["article"]})


def test_a_model_handed_in_the_config_types_the_page() -> None:
    # A model that knows one feature and leans to "documentation" whatever the page: the shipped
    # one calls the same page an article.
    model = parse_model({
        "classes": ["article", "documentation"], "features": ["text.words"], "mean": [0.0], "scale": [1.0],
        "coef": [[0.0], [0.0]], "intercept": [0.0, 5.0],
    })
    assert extract(article_page(), source="page.html").page_type == "article"
    article = extract(article_page(), source="page.html", config=ExtractConfig(page_type_model=model))
    assert article.page_type == "documentation"


def test_unknown_word_table_is_rejected_at_load() -> None:
    with pytest.raises(ExtractionError, match="unknown table"):
        parse_page_type_words('[url_word]\nforum = ["forum"]\n')
    with pytest.raises(ExtractionError, match="list of strings"):
        parse_page_type_words('[url_words]\nforum = "forum"\n')


def test_forum_posts_are_content_not_comments() -> None:
    replies = "".join(
        f"""<li class="comment" id="comment-{n}"><span class="comment-author username">member{n}</span>
        <div class="comment-body">Reply {n}: I had the same resolver failure and rolling back the upgrade
        fixed it for me on two machines.</div><a class="reply" href="#comment-{n}">Reply</a></li>"""
        for n in range(10)
    )
    page = f"""<html><head><title>Resolver fails after upgrade - Example Forums</title>
      <script type="application/ld+json">{{"@type": "DiscussionForumPosting", "headline": "Resolver fails after upgrade"}}</script>
      <link rel="canonical" href="https://forum.example/t/resolver-fails-after-upgrade/1234"></head>
      <body><h1>Resolver fails after upgrade</h1><div class="post"><span class="username">starter</span>
      <div class="postbody">After the upgrade the resolver fails on every lookup; what changed?</div></div>
      <ol class="comments">{replies}</ol></body></html>"""
    article = extract(page, source="thread.html")
    assert article.page_type == "forum"
    assert "Reply 7: I had the same resolver failure" in article.text
    assert not any(record.kind == "comments" for record in article.removed)


def reviews_block() -> str:
    reviews = "".join(
        f'<div class="review"><span class="rating">{n} stars</span><p>Review {n}: the sole wore out after a month '
        "of daily running on rocky trails, but the fit was fine.</p></div>"
        for n in range(1, 6)
    )
    return f'<section class="reviews"><h2>Customer reviews</h2>{reviews}</section>'


def test_reviews_are_not_a_product_pages_content() -> None:
    page = product_page().replace("</body>", reviews_block() + "</body>")
    article = extract(page, source="product.html")
    assert article.page_type == "product"
    assert "A light trail shoe with a grippy sole." in article.text
    assert "Review 3:" not in article.text
    assert any(record.rule == "dom.related.product_extras" for record in article.removed)


def test_a_rule_scoped_to_products_leaves_other_pages_alone() -> None:
    page = article_page().replace("</article>", reviews_block() + "</article>")
    article = extract(page, source="page.html")
    assert article.page_type == "article"
    assert not any(record.rule == "dom.related.product_extras" for record in article.removed)

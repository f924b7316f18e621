"""The seed article served as a news CMS page: same article as the text seed, boilerplate audited."""

from __future__ import annotations

from cleaners import extract
from tests.conftest import ROOT, SEED

PAGE = ROOT / "fixtures" / "seed-html-fr" / "input.html"


def test_html_seed_matches_the_text_seed() -> None:
    text = extract(SEED.read_bytes(), source="seed.txt")
    html = extract(PAGE.read_bytes(), "https://fr.euronews.com/2023/10/07/kim", source="input.html")
    for field in ("title", "authors", "language", "description", "body", "text"):
        assert getattr(html, field) == getattr(text, field), field
    assert html.lead_image is not None and text.lead_image is not None
    assert html.lead_image.caption == text.lead_image.caption
    removed = {(item.kind, item.text) for item in html.removed}
    assert ("captcha", "sept − trois =") in removed
    kinds = {item.kind for item in html.removed}
    assert {"comment_form", "cookie_notice", "share", "related", "newsletter", "footer", "navigation"} <= kinds
    assert any(kind == "comment_form" and t.startswith("Laisser un commentaire") for kind, t in removed)
    assert "sept − trois" not in html.text
    assert html.published == "2023-10-07T14:21:09+02:00"
    assert html.site_name == "Euronews"

"""The seed document as a regression fixture: every field the foundation issue lists."""

from __future__ import annotations

import json

from cleaners import extract
from tests.conftest import SEED, assert_valid, run_scrape

TITLE = (
    "Kim Jong-un souhaite un joyeux anniversaire à son « camarade le plus proche » Poutine alors que la "
    "Russie et la Corée du Nord renforcent leurs liens"
)


def test_seed_fields_through_the_cli(article_validator) -> None:
    result = run_scrape("extract", "seeds/000_187cdce079f5099f.txt")
    assert result.returncode == 0, result.stderr.decode()
    lines = result.stdout.decode("utf-8").splitlines()
    assert len(lines) == 1
    article = json.loads(lines[0])
    assert_valid(article_validator, article)
    assert article["source"] == "seeds/000_187cdce079f5099f.txt"
    assert article["title"] == TITLE
    assert article["authors"] == ["Jean Delaunay"]
    assert article["language"] == "fr"
    assert article["description"].startswith("Les sanctions internationales sévères")
    assert article["description"].endswith("et d’autres aides.")
    assert article["lead_image"]["caption"] == "Russian President Vladimir Putin, left, and North Korea"
    assert article["fetched_at"] is None
    body = article["body"]
    assert [block["type"] for block in body].count("paragraph") == 12
    assert [block for block in body if block["type"] == "heading"] == [
        {"type": "heading", "text": "Des dizaines de milliers de conteneurs maritimes", "level": 2}
    ]
    assert body[6]["type"] == "heading"
    assert body[0]["text"] == article["description"]  # the standfirst opens the text too
    assert body[1]["text"].startswith("Le dictateur nord-coréen Kim Jong-un")
    assert body[-1]["text"].startswith("Kim a personnellement rendu visite")
    guillemets = body[5]["text"]
    assert guillemets.startswith("« Profitant de cette opportunité,")
    assert guillemets.endswith("du peuple de Russie. »")
    assert {"kind": "comment_form", "text": "Laisser un commentaire", "rule": "comment_form.prompts.fr"} in article["removed"]
    assert {"kind": "captcha", "text": "sept − trois =", "rule": "captcha.math"} in article["removed"]
    assert len(article["removed"]) == 2
    for stripped in ("Laisser un commentaire", "sept − trois", "Russian President", "Jean Delaunay", TITLE):
        assert stripped not in article["text"]
    assert article["text"] == "\n\n".join(block["text"] for block in body)
    assert article["word_count"] > 400
    assert article["fingerprint"].startswith("sha256:")


def test_seed_bytes_and_str_give_the_same_article() -> None:
    data = SEED.read_bytes()
    assert extract(data, source="seed.txt") == extract(data.decode("utf-8"), source="seed.txt")


def test_seed_fingerprint_is_stable_across_spacing() -> None:
    data = SEED.read_text("utf-8")
    respaced = data.replace(" ", "  ").replace("\n\n", "\n\n\n")
    assert extract(data, source="a.txt").fingerprint == extract(respaced, source="a.txt").fingerprint

"""Recipe ingredients set apart from the method still belong to the article."""

from __future__ import annotations

from cleaners import extract

_METHOD = "".join(
    f"<p>Step {n}: stir the batter slowly, then bake it for twenty minutes until the top turns golden.</p>"
    for n in range(1, 12)
)
_ITEMS = ["250 g flour", "100 g sugar", "2 eggs", "1 pinch of salt"]


def _ingredients(css_class: str = "", itemprop: str = "recipeIngredient") -> str:
    items = "".join(f"<li itemprop='{itemprop}'>{item}</li>" for item in _ITEMS)
    return f"<div class='{css_class}'><ul>{items}</ul></div>"


def test_marked_ingredients_outside_the_method_join_the_body_once() -> None:
    page = (
        "<html><body><div class='recipe'>"
        f"<div class='tabs'>{_ingredients('desktop')}</div><div class='carousel'>{_ingredients('mobile')}</div>"
        f"<div class='method'>{_METHOD}</div></div></body></html>"
    )
    article = extract(page)
    items = [block.text for block in article.body if block.type == "list_item"]
    assert items == _ITEMS
    assert article.body[-1].text.startswith("Step 11:")


def test_a_page_without_ingredient_markup_is_unchanged() -> None:
    page = f"<html><body><ul><li>250 g flour</li><li>2 eggs</li></ul><div>{_METHOD}</div></body></html>"
    assert "250 g flour" not in extract(page).text

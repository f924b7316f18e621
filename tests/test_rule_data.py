"""Rule provenance: every removal names a known rule, and malformed rule data fails when it loads.

The loaders take the TOML text they are handed, so broken data is fed to them here without
touching the shipped files.
"""

from __future__ import annotations

import re

import pytest

from cleaners import extract
from cleaners.boilerplate import load_text_rules, match_blocks
from cleaners.boilerplate.captcha import load_captcha_pattern
from cleaners.catalog import rule_catalog
from cleaners.errors import RuleDataError
from cleaners.html.rules import load_dom_rules
from cleaners.langfiles import shipped_languages
from cleaners.ruledata import shipped
from cleaners.text.structure import load_structure_cues
from tests.conftest import ROOT, SEED

DOM = shipped("dom_boilerplate.toml")
TEXT = shipped("text_boilerplate.toml")
PAGES = [*sorted((ROOT / "tests" / "html" / "pages").glob("*.html")), ROOT / "fixtures" / "seed-html-fr" / "input.html"]


@pytest.mark.parametrize("page", PAGES, ids=lambda path: path.name)
def test_every_removal_names_a_catalogued_rule(page: object) -> None:
    catalog = rule_catalog()
    article = extract(page.read_bytes(), source=page.name)  # type: ignore[attr-defined]
    assert article.removed
    for record in article.removed:
        assert record.rule in catalog, (record.kind, record.rule, record.text[:60])


def test_the_seeds_removals_name_their_rules() -> None:
    html = extract((ROOT / "fixtures" / "seed-html-fr" / "input.html").read_bytes(), source="input.html")
    rules = {(item.kind, item.rule) for item in html.removed}
    assert {("captcha", "dom.captcha.widget"), ("comment_form", "dom.comment_form.widget"),
            ("footer", "dom.footer.tag"), ("boilerplate", "select.outside")} <= rules
    text = extract(SEED.read_bytes(), source="seed.txt")
    assert [(item.kind, item.rule) for item in text.removed] == [
        ("comment_form", "comment_form.prompts.fr"), ("captcha", "captcha.math")]


def test_a_match_tells_its_group_and_pattern() -> None:
    [prompt, label, starred, captcha, credit] = match_blocks(
        ["Leave a Reply", "Website", "Your city *", "3 + 4 =", "Tags: harbour, ferry"]
    )
    assert prompt is not None and (prompt.kind, prompt.rule) == ("comment_form", "comment_form.prompts.en")
    assert prompt.pattern is not None and re.fullmatch(prompt.pattern, "leave a reply")
    assert label is not None and label.rule == "comment_form.labels.website"
    assert starred is not None and starred.rule == "comment_form.starred_label"
    assert captcha is not None and (captcha.rule, captcha.pattern) == ("captcha.math", None)
    assert credit is not None and credit.rule == "boilerplate.prompts.tags"


def test_the_shipped_data_loads_and_every_id_is_unique() -> None:
    catalog = rule_catalog()
    assert "dom.navigation.tag" in catalog and "comment_form.prompts.en" in catalog
    assert "edge_text.copyright" in catalog and "finish.duplicate" in catalog
    for rule_id in ("dom.machine_text.json", "dom.gallery.control", "dom.gallery.repeat", "dom.related.teaser_run",
                    "dom.related.keywords", "dom.cookie_notice.cmp_names"):
        assert catalog[rule_id] == "dom_boilerplate.toml"
    assert len(set(catalog)) == len(catalog)


def _broken(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('kind = "navigation"\ntags = ["nav", "menu"]', 'kind = "navigaton"\ntags = ["nav", "menu"]',
         r"dom_boilerplate\.toml: \[tag_rule #1 'dom\.navigation\.tag'\]: unknown kind 'navigaton'"),
        ("[silent]", "[silence]\ntags = []\n[silent]", r"dom_boilerplate\.toml: unknown key 'silence'"),
        ('id = "dom.captcha.widget"', 'id = "dom.captcha.widget"\nselector = 1',
         r"\[selector_rule #7 'dom\.captcha\.widget'\]: unknown key 'selector'"),
        ('id = "dom.share.widget"', 'id = "dom.comments.widget"', r"rule id 'dom\.comments\.widget' is used twice"),
        ('guard = "unless_main"\nkeep_prose = 3\nwords = ["share"', 'guard = "sometimes"\nkeep_prose = 3\nwords = ["share"',
         r"\[word_rule #2 'dom\.share\.words'\]: unknown guard 'sometimes'"),
        ('"#comments", ', '"#comments[", ', r"\[selector_rule #5 'dom\.comments\.widget'\]: bad CSS selector '#comments\['"),
        ("signoff = [", "sign-off = [", r"\[edge_text\.patterns\]: bad group name 'sign-off'"),
        ("audit_chars = 300", "audit_chars = 3.5", r"\[limits\.audit_chars\]: expected a whole number"),
        ("[credit_text.patterns]\n", "[credit_text.patterns]\nbroken = ['(unclosed']\n",
         r"\[credit_text\.patterns\.broken\]: bad pattern '\(unclosed'"),
        ("label_chars = 30", "label_char = 30", r"\[gallery\]: unknown key 'label_char'"),
        ("counter = [", "counter = ['(', ", r"\[gallery\.counter\]: bad pattern '\('"),
        ('id = "dom.related.teaser_run"', 'id = "dom.related.keywords"', r"rule id 'dom\.related\.keywords' is used twice"),
        ("image_url = [", "image-url = [", r"\[machine_text\.patterns\]: bad group name 'image-url'"),
        ("styles = [", "styles = ['[', ", r"\[hidden\.styles\]: bad pattern '\['"),
        ("min_page_share = 0.3", 'min_page_share = "most"', r"\[line_blocks\.min_page_share\]: expected a number"),
        ("min_items = 2", "min_items = 2.5", r"\[teaser_run\.min_items\]: expected a whole number"),
        ('page_types = ["product"]', 'page_types = ["shop"]',
         r"\[word_rule #\d+ 'dom\.related\.product_extras'\]: unknown page type\(s\) \['shop'\]"),
        ('page_types = ["listing", "collection", "forum"]', 'page_types = ["catalog"]',
         r"\[item_runs\.page_types\]: unknown page type\(s\) \['catalog'\]"),
        ("min_gain = 2.0", 'min_gain = "twice"', r"\[item_runs\.min_gain\]: expected a number"),
        ('[whole_page]\npage_types = ["service"]', '[whole_page]\npage_types = ["landing"]',
         r"\[whole_page\.page_types\]: unknown page type\(s\) \['landing'\]"),
    ],
)
def test_broken_dom_data_is_refused_at_load_naming_file_table_and_value(old: str, new: str, expected: str) -> None:
    with pytest.raises(RuleDataError, match=expected):
        load_dom_rules(_broken(DOM, old, new))


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("[share.prompts]", "[sharing.prompts]", r"text_boilerplate\.toml: \[sharing\]: unknown kind 'sharing'"),
        ("[share.prompts]", "[share.prompt]", r"\[share\]: unknown key 'prompt' \(expected one of: prompts\)"),
        ("[share.prompts]", "[share.labels]\nx = ['share']\n[share.prompts]", r"\[share\]: unknown key 'labels'"),
        ("[navigation.prompts]\n", "[navigation.prompts]\nEN = ['x']\n", r"\[navigation\.prompts\]: bad group name 'EN'"),
        ("[navigation.prompts]\n", "[navigation.prompts]\nxx = ['(?P<a>x)']\n", r"\[navigation\.prompts\.xx\]: pattern .* names a group"),
        ("[navigation.prompts]\n", "[navigation.prompts]\nxx = ['[a-']\n", r"\[navigation\.prompts\.xx\]: bad pattern '\[a-'"),
        ("[navigation.prompts]\n", "[navigation.prompts]\nxx = 'menu'\n", r"\[navigation\.prompts\.xx\]: expected a list of strings"),
    ],
)
def test_broken_text_data_is_refused_at_load_naming_file_table_and_value(old: str, new: str, expected: str) -> None:
    with pytest.raises(RuleDataError, match=expected):
        load_text_rules(_broken(TEXT, old, new))


def test_a_stand_in_text_rule_file_is_used_as_handed() -> None:
    rules = load_text_rules(
        "[navigation.prompts]\nen = ['back to the harbour']\n[comment_form.prompts]\nen = ['x']\n"
        "[comment_form.labels]\nname = ['name']\n", file="mine.toml"
    )
    [hit, miss] = match_blocks(["Back to the harbour", "Skip to content"], rules)
    assert hit is not None and hit.rule == "navigation.prompts.en" and miss is None
    with pytest.raises(RuleDataError, match=r"^mine\.toml: \[comment_form\]: missing key 'labels'"):
        load_text_rules("[comment_form.prompts]\nen = ['x']\n", file="mine.toml")
    with pytest.raises(RuleDataError, match=r"^mine\.toml: not valid TOML"):
        load_text_rules("[comment_form.prompts\n", file="mine.toml")


def test_broken_structure_cues_and_captcha_words_are_refused_at_load() -> None:
    cues = shipped("text_structure.toml")
    with pytest.raises(RuleDataError, match=r"text_structure\.toml: unknown key 'caption_cue'"):
        load_structure_cues(_broken(cues, "caption_cues =", "caption_cue ="))
    numbers = shipped("numbers.toml")
    with pytest.raises(RuleDataError, match=r"numbers\.toml: \[operators\]: unknown key 'symbol'"):
        load_captcha_pattern(_broken(numbers, "symbols =", "symbol ="), languages=shipped_languages())
    with pytest.raises(RuleDataError, match=r"numbers\.toml: no numbers words"):
        load_captcha_pattern(numbers)
    french = dict(shipped_languages(), fr=_broken(shipped_languages()["fr"], "[captcha]\nnumbers", "[captcha]\nnumber"))
    with pytest.raises(RuleDataError, match=r"lang/fr\.toml: \[captcha\]: unknown key 'number'"):
        load_captcha_pattern(numbers, languages=french)


def test_a_new_language_is_one_file() -> None:
    swedish = """
[navigation]
prompts = ["(hoppa|gå) till (innehållet|huvudinnehållet)"]
[captcha]
numbers = ["tre", "fyra"]
operators = ["plus"]
equals = ["är"]
"""
    languages = dict(shipped_languages(), sv=swedish)
    rules = load_text_rules(TEXT, languages=languages)
    [skip] = match_blocks(["Hoppa till innehållet"], rules)
    assert skip is not None and (skip.kind, skip.rule) == ("navigation", "navigation.prompts.sv")
    assert "navigation.prompts.sv" in set(rules.rule_ids())
    assert load_captcha_pattern(shipped("numbers.toml"), languages=languages).match("tre plus fyra är")
    assert match_blocks(["Hoppa till innehållet"]) == [None]  # the shipped rules are untouched


@pytest.mark.parametrize(
    ("code", "text", "expected"),
    [
        ("sv", "[navigaton]\nprompts = ['x']\n", r"^lang/sv\.toml: \[navigaton\]: unknown table 'navigaton': a removal kind"),
        ("sv", "[navigation]\nprompt = ['x']\n", r"^lang/sv\.toml: \[navigation\]: unknown key 'prompt'"),
        ("sv", "[navigation]\nprompts = ['(x']\n", r"^lang/sv\.toml: \[navigation\.prompts\.sv\]: bad pattern"),
        ("Svenska", "[navigation]\nprompts = ['x']\n", r"^lang/Svenska\.toml: bad file name 'Svenska'"),
    ],
)
def test_broken_language_files_are_refused_at_load(code: str, text: str, expected: str) -> None:
    with pytest.raises(RuleDataError, match=expected):
        load_text_rules(TEXT, languages={code: text})


def test_a_rule_id_defined_by_a_language_file_and_the_shapes_file_is_refused() -> None:
    clash = _broken(TEXT, "[navigation.prompts]\n", "[navigation.prompts]\nen = ['x']\n")
    with pytest.raises(RuleDataError, match=r"rule id 'navigation\.prompts\.en' is also defined by a language file"):
        load_text_rules(clash, languages=shipped_languages())

"""Every rule id, from the rule data and the steps in code, checked to be unique.

``Removed.rule`` names one of these. The catalog is what tools read to list rules (the rule
census, ``--explain``); the loaders already refuse a duplicate within one file, and this
refuses an id that two sources share.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from types import MappingProxyType

from cleaners.boilerplate.rules import TEXT_RULES_FILE, default_rules
from cleaners.errors import RuleDataError
from cleaners.html.rules import DOM_RULES_FILE, dom_rules
from cleaners.langfiles import language_file, shipped_languages
from cleaners.provenance import STEP_RULES

STEPS = "cleaners/provenance.py"


@cache
def rule_catalog() -> Mapping[str, str]:
    """Each rule id with where it is defined (a data file's name, ``lang/<code>.toml`` for a
    language's phrases, or the steps module)."""
    languages = shipped_languages()
    text_ids = [
        (language_file(group) if group in languages else TEXT_RULES_FILE, rule_id)
        for rule_id in default_rules().rule_ids()
        for group in [rule_id.rsplit(".", 1)[-1]]
    ]
    sources = [
        *((DOM_RULES_FILE, rule_id) for rule_id in dom_rules().rule_ids()),
        *text_ids,
        *((STEPS, rule_id) for rule_id in STEP_RULES),
    ]
    catalog: dict[str, str] = {}
    for source, rule_id in sources:
        if rule_id in catalog:
            raise RuleDataError(f"{source}: rule id {rule_id!r} is already defined in {catalog[rule_id]}")
        catalog[rule_id] = source
    return MappingProxyType(catalog)

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
from cleaners.provenance import STEP_RULES

STEPS = "cleaners/provenance.py"


@cache
def rule_catalog() -> Mapping[str, str]:
    """Each rule id with where it is defined (a data file's name, or the steps module)."""
    sources = (
        (DOM_RULES_FILE, tuple(dom_rules().rule_ids())),
        (TEXT_RULES_FILE, tuple(default_rules().rule_ids())),
        (STEPS, tuple(STEP_RULES)),
    )
    catalog: dict[str, str] = {}
    for source, ids in sources:
        for rule_id in ids:
            if rule_id in catalog:
                raise RuleDataError(f"{source}: rule id {rule_id!r} is already defined in {catalog[rule_id]}")
            catalog[rule_id] = source
    return MappingProxyType(catalog)

"""What each cleaning rule removes, in words: read from ``data/cleaning_rules.csv``.

Light to import (the dashboard's first page lists removals by rule without loading the cleaner).
"""

from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources

__all__ = ["rule_meanings", "rule_meaning"]


@lru_cache(maxsize=1)
def rule_meanings() -> dict[str, str]:
    """``rule → what it removes``, for every rule a removed line or span may carry."""
    text = resources.files("alliance_data").joinpath("data", "cleaning_rules.csv").read_text("utf-8")
    return {row["rule"]: row["meaning"] for row in csv.DictReader(text.splitlines())}


def rule_meaning(rule: object) -> str:
    """What ``rule`` removes, or "" for a rule the table does not know."""
    return rule_meanings().get(rule, "") if isinstance(rule, str) else ""

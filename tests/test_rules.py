"""Every rule a removed line may carry is said in words (data/cleaning_rules.csv)."""

import re
from pathlib import Path

from alliance_data.clean import BLOCK_RULES, LINE_RULES, _SPAN_RULES
from alliance_data.corpus import build_corpus
from alliance_data.extract import EXTRACTOR_RULE, RESTORED_RULE
from alliance_data.load import read_sources
from alliance_data.rules import rule_meaning, rule_meanings

SRC = Path(__file__).resolve().parents[1] / "src" / "alliance_data"
SEEDS = SRC / "data" / "seeds"


def test_every_rule_the_cleaner_names_has_a_meaning():
    rules = set(LINE_RULES) | set(BLOCK_RULES) | set(_SPAN_RULES) | {EXTRACTOR_RULE, RESTORED_RULE}
    # the rules written where a removal is made: « Removal(text, "dateline", n) », « (j, "head_control") »
    for path in SRC.rglob("*.py"):
        source = path.read_text("utf-8")
        rules |= set(re.findall(r'Removal\([^()]*?,\s*"([a-z_]+)"', source))
        rules |= set(re.findall(r'run\.append\(\(\w+, "([a-z_]+)"\)\)', source))
        rules |= set(re.findall(r'dict\.fromkeys\([^\n]*, "([a-z_]+)"\)', source))
        # lines kept but doubted: « doubts[i] = "unsure_prose" », « … = "article_list" if … else "written_list" »
        for first, second in re.findall(r'doubts\[[^\n]+?\] = "([a-z_]+)"(?: if [^\n]* else "([a-z_]+)")?', source):
            rules |= {first, second} - {""}
    assert {"dateline", "byline", "repeated_boilerplate", "head_control", "page_block"} <= rules  # the scan found them
    assert {"unsure_prose", "lead_above", "picture_caption", "article_list", "written_list"} <= rules
    missing = sorted(rule for rule in rules if rule != "span" and not rule_meaning(rule))
    assert not missing, missing


def test_the_seeds_removals_are_all_explained():
    corpus = build_corpus(read_sources(SEEDS))
    assert len(corpus.removed)
    assert set(corpus.removed["rule"]) <= set(rule_meanings())


def test_a_rule_not_in_the_table_has_no_meaning_rather_than_an_error():
    assert rule_meaning("no_such_rule") == "" and rule_meaning(None) == ""
    assert all(meaning and meaning[0].isupper() for meaning in rule_meanings().values())

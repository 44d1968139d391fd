"""Text kept out of memory: Arrow reads its rows and DuckDB searches it, exactly as the in-memory code would."""

from __future__ import annotations

import pickle

import numpy as np
import pandas as pd
import pytest

from alliance_data.search import matches_query, parse_query, query_sql, term_regexp
from alliance_data.texts import TextColumn, TextColumnError

#: Queries where a regular-expression dialect could part ways with Python's: word boundaries in other scripts,
#: punctuation at a term's edge, phrases across line breaks and odd spaces, case folding beyond ASCII, regex syntax.
TRICKY_TEXTS = [
    "The war ended.", "Moving toward peace after the postwar years.", "WAR and the Taiwan  Strait",
    "The U.S. and Japan", "Strait talk in Taiwan", "Taiwan\nStrait, again", "Taiwan\u00a0Strait\u2003here",
    "Côte d'Ivoire spoke", "cote d'ivoire", "ÉCOLE école écoles", "naïve", "war_time war2 war² 2war",
    "C++ and C# and (brackets) [x] a.b a*b", "Straße STRASSE", "ΣΟΦΙΑ σοφια", "東京 talks", "東京都",
    "", None, "price $5 and 50% off", "emoji 🙂 war 🙂", "end with war", "war", "tab\twar\tsep",
    "Hyphen-ated war-time", "x\u0301war", "Ⅻ century", "\x1cwar\x1d", "K-pop \u212aelvin",
]
TRICKY_QUERIES = [
    "war", "WAR", '"Taiwan Strait"', "Taiwan Strait", "U.S.", "U.S", "Côte", "\"côte d'ivoire\"", "école",
    "naïve", "war_time", "war2", "C++", "C#", "(brackets)", "[x]", "a.b", "a*b", "Straße", "σοφια", "東京",
    '"end with"', "$5", "50%", "🙂", "-ated", "war-time", "Ⅻ", "kelvin", "\\", "^war", "war$", '"', '""',
    "a|b", "\ud800", "te\x00xt",
]


def test_the_sql_translation_finds_what_the_python_matcher_finds():
    texts = pd.Series(TRICKY_TEXTS, dtype=object)
    column = TextColumn.from_frame(pd.DataFrame({"text": TRICKY_TEXTS}))
    for query in TRICKY_QUERIES:
        expected = matches_query(texts, query)
        assert column.matches(query).tolist() == expected.tolist(), query


def test_the_sql_translation_finds_what_the_python_matcher_finds_on_the_seeds(seed_corpus):
    passages = seed_corpus.passages
    column = TextColumn.from_frame(passages)
    words = sorted({w for t in passages["text"].head(40) for w in t.split()[:6]})[:60]
    queries = words + ["alliance", '"United States"', "Japan alliance", "Okinawa", "U.S.", "war", "nuclear"]
    hits = 0
    for query in queries:
        expected = matches_query(passages["text"], query)
        assert column.matches(query).tolist() == expected.tolist(), query
        hits += int(expected.sum())
    assert hits > 0


def test_a_query_becomes_one_condition_per_term_with_parameters():
    condition, params = query_sql('war "Taiwan Strait"', "text")
    assert condition.count("regexp_matches(text, ?)") == 2 and len(params) == 2
    assert params == [term_regexp(t) for t in parse_query('war "Taiwan Strait"')]
    assert query_sql("  ") == ("TRUE", [])


def test_rows_read_from_parquet_equal_the_frame(tmp_path):
    frame = pd.DataFrame({"id": range(5), "text": ["zero", None, "two", "thrée", "four war"]})
    path = tmp_path / "t.parquet"
    frame.to_parquet(path, index=False, row_group_size=2)
    column = TextColumn(path)
    assert len(column) == 5
    assert column.take([4, 0, 1, 3, 4]) == ["four war", "zero", None, "thrée", "four war"]
    assert column.take(np.array([], dtype=int)) == []
    assert column.matches("war").tolist() == [False, False, False, False, True]
    assert column.matching_rows("THRÉE").tolist() == [3]
    with pytest.raises(IndexError):
        column.take([5])
    again = pickle.loads(pickle.dumps(column))
    assert again.take([2]) == ["two"]
    frame.assign(text="changed").to_parquet(path, index=False)
    with pytest.raises(TextColumnError, match="changed"):
        column.take([0])


def test_rows_read_from_memory_equal_the_frame():
    frame = pd.DataFrame({"text": ["a", None, "war here"]}, index=[10, 11, 12])
    column = TextColumn.from_frame(frame)
    assert column.take([2, 0, 1]) == ["war here", "a", None]
    assert column.matches("war").tolist() == [False, False, True]
    assert pickle.loads(pickle.dumps(column)).take([0]) == ["a"]

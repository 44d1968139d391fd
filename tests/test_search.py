"""Search: whole words, quoted phrases, case-insensitive; one pattern for filter and highlights."""

from __future__ import annotations

import pandas as pd
import pytest

from alliance_data.search import matches_query, parse_query, query_pattern, term_pattern

TEXTS = pd.Series(["The war ended.", "Moving toward peace after the postwar years.", "WAR and the Taiwan  Strait",
                   "The U.S. and Japan", "Strait talk in Taiwan"])


@pytest.mark.parametrize(("query", "terms"), [
    ("war", ["war"]), ('"Taiwan Strait" Okinawa', ["Taiwan Strait", "Okinawa"]), ("  a   b a ", ["a", "b"]),
    ('"open phrase', ["open phrase"]), ('""', []), ("", []),
])
def test_parse_query(query, terms):
    assert parse_query(query) == terms


@pytest.mark.parametrize(("query", "expected"), [
    ("war", [True, False, True, False, False]),
    ('"Taiwan Strait"', [False, False, True, False, False]),
    ("Taiwan Strait", [False, False, True, False, True]),  # both words, anywhere
    ("U.S.", [False, False, False, True, False]),
    ("", [True] * 5),
])
def test_whole_words_and_phrases(query, expected):
    assert matches_query(TEXTS, query).tolist() == expected


def test_the_pattern_finds_what_the_filter_finds():
    pattern = query_pattern('war "Taiwan Strait"')
    assert [m.group(0) for m in pattern.finditer(TEXTS[2])] == ["WAR", "Taiwan  Strait"]
    assert pattern.search(TEXTS[1]) is None
    assert query_pattern("  ") is None
    assert term_pattern("peace").search("PEACE!")


def test_a_bare_non_string_is_a_type_error():
    with pytest.raises(TypeError, match="must be a str"):
        parse_query(["war"])

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


# --- passages with a term, hits, keyword in context ---------------------------------------------------------------

from alliance_data.search import KWIC_COLUMNS, context_window, count_hits, kwic, passages_with_term  # noqa: E402

PASSAGES = pd.DataFrame({
    "passage_id": ["p1", "p2", "p3", "p4"],
    "doc_id": ["d1", "d1", "d2", "d3"],
    "position": [0, 1, 0, 0],
    "title": ["Bases", "Bases", None, "Strait"],
    "date": ["1996-04-17", "1996-04-17", None, "2024-04-10"],
    "date_min": ["1996-04-17", "1996-04-17", None, "2024-04-10"],
    "era": ["1990s", "1990s", None, "2020s"],
    "text": ["Okinawa bases will shrink; the bases stay.", "No base here, only a basement.",
             "The Taiwan  Strait and the strait of Taiwan.", "Taiwan Straits and bases near the Taiwan Strait."],
})


@pytest.mark.parametrize(("term", "ids"), [("bases", ["p1", "p4"]), ("base", ["p2"]), ("TAIWAN strait", ["p3", "p4"]),
                                           ("", []), ("   ", [])])
def test_passages_with_term_are_whole_words_any_case(term, ids):
    assert passages_with_term(PASSAGES, term)["passage_id"].tolist() == ids


def test_count_hits_counts_occurrences_passages_and_documents():
    assert count_hits(PASSAGES, "bases") == (3, 2, 2)
    assert count_hits(PASSAGES, '"Taiwan Strait"') == (2, 2, 2)  # "Straits" is another word
    assert count_hits(PASSAGES, "") == (0, 0, 0)


def test_kwic_lists_each_hit_in_date_order_undated_last_and_agrees_with_the_counts():
    rows = kwic(PASSAGES, 'bases "Taiwan Strait"', width=12)
    assert list(rows.columns) == KWIC_COLUMNS
    assert rows["passage_id"].tolist() == ["p1", "p1", "p4", "p4", "p3"]
    assert len(rows) == count_hits(PASSAGES, 'bases "Taiwan Strait"')[0]
    first = rows.iloc[0]
    assert (first["left"], first["match"]) == ("Okinawa", "bases") and first["context"].startswith("Okinawa ⟦bases⟧ will")
    assert pd.isna(rows.iloc[-1]["title"]) and pd.isna(rows.iloc[-1]["date"])  # missing values stay missing


def test_kwic_stops_at_the_limit_and_is_empty_without_terms():
    assert len(kwic(PASSAGES, "bases", limit=2)) == 2
    assert kwic(PASSAGES, "").empty and list(kwic(PASSAGES, "").columns) == KWIC_COLUMNS


@pytest.mark.parametrize(("start", "end", "width", "expected"), [
    (8, 13, 8, ("Okinawa", "bases", "will…")),
    (8, 13, 6, ("…", "bases", "will…")),  # "Okinawa" does not fit whole
    (0, 7, 100, ("", "Okinawa", "bases will shrink; the bases stay.")),
    (8, 13, 3, ("…", "bases", "…")),  # no whole word fits: cut between words only
])
def test_context_window_cuts_between_words(start, end, width, expected):
    assert context_window(PASSAGES["text"][0], start, end, width) == expected


def test_first_passages_list_in_reading_order_with_their_opening_words():
    from alliance_data.search import OPENING_COLUMNS, first_passages

    rows = first_passages(PASSAGES.iloc[::-1], limit=3, width=14)
    assert list(rows.columns) == OPENING_COLUMNS
    assert rows["passage_id"].tolist() == ["p1", "p2", "p4"]  # date order, undated last, stopped at the limit
    assert rows["opening"].tolist() == ["Okinawa bases…", "No base here,…", "Taiwan Straits…"]
    assert first_passages(PASSAGES.iloc[0:0]).empty


def test_first_passages_read_the_text_of_the_listed_rows_only():
    from alliance_data.search import first_passages

    asked = []

    def with_text(rows):
        asked.append(len(rows))
        return rows.assign(text=PASSAGES.set_index("passage_id").loc[rows["passage_id"], "text"].to_numpy())

    rows = first_passages(PASSAGES.drop(columns="text"), limit=2, with_text=with_text)
    assert asked == [2] and rows["opening"].tolist() == PASSAGES["text"][:2].tolist()

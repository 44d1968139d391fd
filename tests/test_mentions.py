"""Historical references: years, decades and ranges, and the numbers that are not years."""

import numpy as np
import pandas as pd
import pytest

from alliance_data.mentions import (
    MENTION_COLUMNS, combine_mentions, extract_mentions, find_mentions, mention_table, renumber_mentions,
)


def _frame(*texts: str) -> pd.DataFrame:
    return pd.DataFrame({
        "passage_id": [f"p{i}" for i in range(len(texts))],
        "doc_id": [f"d{i // 2}" for i in range(len(texts))],
        "text": list(texts),
    })


def _found(text: str) -> list[tuple[str, int, int, str]]:
    out = extract_mentions(_frame(text))
    return list(zip(out["text"], out["year"], out["year_end"], out["kind"]))


@pytest.mark.parametrize("text, expected", [
    ("In April 1945, US and Japanese troops were locked in battle.", [("1945", 1945, 1945, "year")]),
    ("Arrangements date back to the 1960s, long before.", [("1960s", 1960, 1969, "decade")]),
    ("since the 1960s", [("1960s", 1960, 1969, "decade")]),
    ("from 1% to 2% by 2027.", [("2027", 2027, 2027, "year")]),
    ("during the Cultural Revolution (1966-1976), but", [("1966-1976", 1966, 1976, "range")]),
    ("the years 1966–76 were hard", [("1966–76", 1966, 1976, "range")]),
    ("from 2005 to 2010 the bases moved", [("2005 to 2010", 2005, 2010, "range")]),
    ("music of the '90s", [("'90s", 1990, 1999, "decade")]),
    ("the 2026 National Defense Authorization Act", [("2026", 2026, 2026, "year")]),
    ("fired a missile over Japan in 1998, and then", [("1998", 1998, 1998, "year")]),
    ("the treaty was rewritten in 1960.", [("1960", 1960, 1960, "year")]),
    ("In 1976, the Gang of Four was ousted.", [("1976", 1976, 1976, "year")]),
    ("In the 1800s and in 2100", [("1800s", 1800, 1899, "range"), ("2100", 2100, 2100, "year")]),
    ("in the early 1900s", [("1900s", 1900, 1999, "range")]),
    ("since the mid-1990s", [("1990s", 1990, 1999, "decade")]),
    ("the pre-1945 order", [("1945", 1945, 1945, "year")]),
    ("the 2000s were calm", [("2000s", 2000, 2009, "decade")]),
    ("the 1960 treaty still binds", [("1960", 1960, 1960, "year")]),
    ("1945 was a turning point.", [("1945", 1945, 1945, "year")]),
    ("Between 1950 and 1960 the economy grew", [("1950", 1950, 1950, "year"), ("1960", 1960, 1960, "year")]),
])
def test_years_decades_ranges(text, expected):
    assert _found(text) == expected


@pytest.mark.parametrize("text", [
    "in which 250,000 people, including 150,000 Okinawan civilians, perished",
    "allocates US$1 billion in military aid",
    "to purchase up to 400 Tomahawk cruise missiles",
    "The guideline further said(rt)0314p09.tif Japan should",
    "more than 6,000 kilometers (3,728 miles) and five time zones away",
    "the approximately 54,000 U.S. troops stationed in Japan",
    "about 2000 troops were sent to the islands",
    "the 2000 troops were sent home",
    "some 1900 people gathered",
    "a budget of $2010 per head",
    "growth of 2015.5 units",
    "call 1800 555 0100",
    "version 2.2005 of the file",
    "This story has been viewed 9120 times.",
    "a 73-year-old woman",
    "call 555-1999 now",
])
def test_numbers_that_are_not_years(text):
    assert _found(text) == []


def test_offsets_point_into_the_passage_text():
    texts = ["Talks began in 1996, after the 1995 incident.", "No years here.", "Since the 1960s and by 2027."]
    out = extract_mentions(_frame(*texts))
    lookup = dict(zip([f"p{i}" for i in range(3)], texts))
    assert len(out) == 4
    for row in out.itertuples():
        assert lookup[row.passage_id][row.start:row.end] == row.text


def test_passage_and_document_ids_follow_the_passage():
    out = extract_mentions(_frame("In 1951.", "Nothing.", "In 1960 and 1972."))
    assert out["passage_id"].tolist() == ["p0", "p2", "p2"]
    assert out["doc_id"].tolist() == ["d0", "d1", "d1"]
    assert out["year"].tolist() == [1951, 1960, 1972]


def test_columns_and_types():
    out = extract_mentions(_frame("In 1951."))
    assert list(out.columns) == MENTION_COLUMNS
    assert out["year"].dtype == "int64" and out["start"].dtype == "int64"


def test_empty_input_gives_empty_table_with_columns():
    out = extract_mentions(_frame())
    assert out.empty and list(out.columns) == MENTION_COLUMNS


def test_missing_text_is_tolerated():
    frame = _frame("In 1951.", "x")
    frame.loc[1, "text"] = None
    assert extract_mentions(frame)["year"].tolist() == [1951]


def test_input_is_not_modified():
    frame = _frame("In 1951.", "By 2027.")
    before = frame.copy()
    extract_mentions(frame)
    pd.testing.assert_frame_equal(frame, before)


def test_rejects_bad_input():
    with pytest.raises(TypeError, match="passages must be a pandas DataFrame"):
        extract_mentions(["In 1951."])
    with pytest.raises(ValueError, match="lacks the column"):
        extract_mentions(pd.DataFrame({"text": ["In 1951."]}))


def test_deterministic():
    frame = _frame("In 1945 and the 1960s.", "(1966-1976)")
    pd.testing.assert_frame_equal(extract_mentions(frame), extract_mentions(frame))


EDGES = (  # a mention at a passage's very start or end, where the next passage could otherwise reach it
    "In April 1945",
    "1990 to",
    "2000 troops came in 1999-",
    "01 was not a range. the 1960s",
    "'90s music, 1870-1880 and the 1900s",
    "",
)


def test_mentions_found_one_document_at_a_time_are_the_table_of_all_passages():
    frame = _frame(*EDGES)
    parts = [(i, find_mentions(list(EDGES[i:i + 2]))) for i in range(0, len(EDGES), 2)]  # two passages a document
    table = mention_table(frame["passage_id"].to_numpy(), frame["doc_id"].to_numpy(), combine_mentions(parts))
    pd.testing.assert_frame_equal(table, extract_mentions(frame))
    assert len(table) >= 6


def test_no_mentions_combined_are_the_empty_table():
    table = mention_table(pd.Series(["p0"]).to_numpy(), pd.Series(["d0"]).to_numpy(), combine_mentions([]))
    pd.testing.assert_frame_equal(table, extract_mentions(_frame("")))


def test_mentions_found_per_document_in_any_order_renumbered_are_the_table_of_the_reordered_passages():
    frame = _frame(*EDGES)  # found two passages a document, documents taken in reverse order
    parts, before = [], 0
    for i in reversed(range(0, len(EDGES), 2)):
        parts.append((before, find_mentions(list(EDGES[i:i + 2]))))
        before += len(EDGES[i:i + 2])
    place = np.array([i + j for i in reversed(range(0, len(EDGES), 2)) for j in range(len(EDGES[i:i + 2]))])
    table = mention_table(frame["passage_id"].to_numpy(), frame["doc_id"].to_numpy(),
                          renumber_mentions(combine_mentions(parts), place))
    pd.testing.assert_frame_equal(table, extract_mentions(frame))
    assert len(table) >= 6
    assert renumber_mentions(combine_mentions([]), place) == ([], [], [], [], [], [], [])


def test_years_run_into_the_words_of_a_script_without_spaces():
    hits = find_mentions(["两国外长于2003年5月20日在东京会谈，1990年代以来", "ID a2003 and 2003b are no years"])
    texts = _frame("两国外长于2003年5月20日在东京会谈，1990年代以来", "ID a2003 and 2003b are no years")
    table = extract_mentions(texts)
    assert table["year"].tolist() == [2003, 1990]
    assert set(table["passage_id"]) == {"p0"}


@pytest.mark.parametrize("text", [
    "20181919 and 1999-2001, the '90s and the ’80s, 2100 or 21000, 1918191",
    "12019 x 2020s 1 9 18 1899'80s '70s’60s 2100100 20202020",
    "no years here at all",
    "",
])
def test_mention_candidates_are_the_places_one_search_for_any_kind_finds(text):
    from alliance_data.mentions import _CANDIDATE, _candidates

    assert list(_candidates(text)) == [m.start() for m in _CANDIDATE.finditer(text)]


def test_overlapping_candidates_are_taken_left_to_right():
    from alliance_data.mentions import _candidates

    # "2018" is taken; "1819" inside the same digits is not; "1919" after it is.
    assert list(_candidates("20181919")) == [0, 4]

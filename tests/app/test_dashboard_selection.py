"""Selection: the user's filters as one pure object, read from the URL and applied to passages."""

import pickle

import numpy as np
import pandas as pd
import pytest

from alliance_dashboard.selection import MAX_PARAM_CHARS, FilterOptions, Selection, parse_params, theme_membership

PASSAGES = pd.DataFrame({
    "passage_id": ["p1", "p2", "p3", "p4", "p5"],
    "doc_id": ["d1", "d1", "d2", "d3", "d3"],
    "text": ["Okinawa bases", "Burden sharing", "Taiwan Strait tension", "Okinawa again", "Weather"],
    "era": ["1990s", "1990s", "2000s", "2020s", "2020s"],
    "date_min": ["1996-04-17", "1996-04-17", "2005-01-01", "2024-01-01", None],
    "date_max": ["1996-04-17", "1996-04-17", "2005-12-31", "2024-12-31", None],
    "outlet": ["Reuters", "Reuters", "Asahi", "Asahi", "Asahi"],
    "duplicate": [False, True, False, False, False],
    "offtopic": [False, False, False, False, True],
})
ASSIGNMENTS = pd.DataFrame({
    "passage_id": ["p1", "p2", "p3", "p4", "p5"],
    "themes": [["Okinawa"], ["Burden"], ["Taiwan", "Okinawa"], [], []],
    "primary_theme": ["Okinawa", "Burden", "Taiwan", "Okinawa", None],
    "cluster": ["t1", "t2", "t3", "t1", "t9"],
})
OPTIONS = FilterOptions(eras=("1990s", "2000s", "2020s"), themes=("Burden", "Okinawa", "Taiwan"),
                        sources=("Asahi", "Reuters"), years=(1996, 2024))


@pytest.mark.parametrize(("selection", "expected"), [
    (Selection(), ["p1", "p3", "p4"]),
    (Selection(include_excluded=True), ["p1", "p2", "p3", "p4", "p5"]),
    (Selection(eras=("1990s",)), ["p1"]),
    (Selection(themes=("Okinawa",)), ["p1", "p3", "p4"]),
    (Selection(themes=("Taiwan",)), ["p3"]),
    (Selection(sources=("Asahi",)), ["p3", "p4"]),
    (Selection(query="okinawa"), ["p1", "p4"]),
    (Selection(date_range=(2000, 2010)), ["p3"]),
    (Selection(date_range=(2024, 2024), include_excluded=True), ["p4"]),
    (Selection(eras=("2020s",), themes=("Taiwan",)), []),
])
def test_apply_keeps_matching_passages(selection, expected):
    assert selection.apply(PASSAGES, ASSIGNMENTS)["passage_id"].tolist() == expected


def test_apply_does_not_mutate_its_inputs():
    before = PASSAGES.copy(deep=True)
    Selection(eras=("1990s",), query="x").apply(PASSAGES, ASSIGNMENTS)
    pd.testing.assert_frame_equal(PASSAGES, before)


@pytest.mark.parametrize(("selection", "n", "total", "expected"), [
    (Selection(), 112, 112, "all 112 passages"),
    (Selection(eras=("2020s",), themes=("Taiwan Strait",)), 7, 112, "2020s · Taiwan Strait · 7 of 112 passages"),
    (Selection(query="bases", date_range=(1996, 2005)), 1, 1, "1996–2005 · “bases” · 1 of 1 passage"),
    (Selection(include_excluded=True), 3, 5, "3 of 5 passages (duplicates and off-topic included)"),
])
def test_describe(selection, n, total, expected):
    assert selection.describe(n, total) == expected


@pytest.mark.parametrize(("params", "eras", "themes", "n_notices"), [
    ({"era": ["1990s"], "theme": ["Okinawa"]}, ("1990s",), ("Okinawa",), 0),
    ({"era": ["1850s", "2020s"]}, ("2020s",), (), 1),
    ({"theme": ["Nope"]}, (), (), 1),
    ({"era": "2000s"}, ("2000s",), (), 0),
    ({"era": ["2000s", "2000s"]}, ("2000s",), (), 0),
])
def test_parse_params_drops_unknown_values(params, eras, themes, n_notices):
    selection, notices = parse_params(params, OPTIONS)
    assert (selection.eras, selection.themes, len(notices)) == (eras, themes, n_notices)


def test_parse_params_names_the_dropped_value():
    _, notices = parse_params({"theme": ["Nope"]}, OPTIONS)
    assert "Nope" in notices[0]


@pytest.mark.parametrize(("params", "date_range", "n_notices"), [
    ({}, None, 0),
    ({"from": ["2000"]}, (2000, 2024), 0),
    ({"from": ["1800"], "to": ["2005"]}, (1996, 2005), 1),
    ({"to": ["abc"]}, None, 1),
    ({"from": ["2010"], "to": ["2000"]}, (2000, 2010), 1),
    ({"to": ["inf"]}, None, 1),
    ({"from": ["1e999"]}, None, 1),
    ({"from": ["-inf"], "to": ["nan"]}, None, 2),
    ({"from": ["9" * 4400]}, None, 1),
    ({"from": [" 2001 "]}, (2001, 2024), 0),
])
def test_parse_params_years_are_clipped(params, date_range, n_notices):
    selection, notices = parse_params(params, OPTIONS)
    assert (selection.date_range, len(notices)) == (date_range, n_notices)


def test_backwards_years_are_swapped_and_the_notice_says_what_is_applied():
    selection, notices = parse_params({"from": ["2024"], "to": ["1990"]}, OPTIONS)
    assert selection.date_range is None  # 1996 (clipped) … 2024 is the whole range
    assert "swapped to 1996–2024" in notices[-1]


def test_long_values_are_bounded_and_quoted_short():
    selection, notices = parse_params({"q": ["x" * 100_000], "theme": ["y" * 5_000]}, OPTIONS)
    assert len(selection.query) == MAX_PARAM_CHARS
    assert len(notices) == 2 and all(len(n) < 300 for n in notices)
    selection, notices = parse_params({"era": ["1990s"] * 10_000}, OPTIONS)
    assert selection.eras == ("1990s",) and "10,000 times" in notices[0]


@pytest.mark.parametrize(("value", "include", "n_notices"), [("true", True, 0), ("false", False, 0), ("zz", False, 1)])
def test_parse_params_include_toggle(value, include, n_notices):
    selection, notices = parse_params({"all": [value]}, OPTIONS)
    assert (selection.include_excluded, len(notices)) == (include, n_notices)


def test_params_round_trip():
    selection = Selection(("2020s",), ("Taiwan", "Okinawa"), ("Asahi",), "bases", (2000, 2024), True)
    params = selection.to_params(OPTIONS)
    assert params == {"era": ["2020s"], "theme": ["Taiwan", "Okinawa"], "source": ["Asahi"], "q": ["bases"],
                      "from": ["2000"], "all": ["true"]}
    assert parse_params(params, OPTIONS) == (selection, [])


def test_string_instead_of_list_is_a_clear_error():
    with pytest.raises(TypeError, match="eras must be a sequence"):
        Selection(eras="1990s")


def test_theme_membership_uses_named_primary_and_cluster_themes():
    themes = pd.DataFrame({"theme_id": ["t9"], "name": ["Weather"]})
    membership = theme_membership(ASSIGNMENTS, themes)
    assert membership.columns.tolist() == ["Burden", "Okinawa", "Taiwan", "Weather"]
    assert membership["Okinawa"].tolist() == [True, False, True, True, False]
    assert membership["Weather"].tolist() == [False, False, False, False, True]


def test_theme_membership_follows_row_positions_whatever_the_index():
    themes = pd.DataFrame({"theme_id": ["t9"], "name": ["Weather"]})
    shuffled = ASSIGNMENTS.set_axis([40, 7, 7, 3, 12][: len(ASSIGNMENTS)])  # labels out of order, one repeated
    expected = theme_membership(ASSIGNMENTS, themes)
    assert theme_membership(shuffled, themes).equals(expected)
    empty = theme_membership(ASSIGNMENTS.iloc[:0], themes)
    assert empty.shape == (0, 0)


def test_selection_pickles():
    selection = Selection(("1990s",), query="x")
    assert pickle.loads(pickle.dumps(selection)) == selection


def test_precomputed_search_hits_give_the_same_passages_as_searching():
    from alliance_data.search import matches_query

    view = pd.DataFrame({
        "passage_id": ["a", "b", "c", "d"], "era": ["1990s", "2000s", "2000s", "2000s"],
        "text": ["War in the Gulf", "toward peace", "the war ended", "postwar Japan"],
        "duplicate": [False] * 4, "offtopic": [False] * 4,
    })
    selection = Selection(eras=("2000s",), query="war")
    hits = matches_query(view["text"], "war")
    assert hits.tolist() == [True, False, True, False]
    searched = selection.apply(view, membership=pd.DataFrame(index=view["passage_id"]))
    reused = selection.apply(view, membership=pd.DataFrame(index=view["passage_id"]), query_hits=hits)
    assert searched["passage_id"].tolist() == reused["passage_id"].tolist() == ["c"]


_DATES = ["1970-09-23", None, "1970-09-23", "1970", "", "19xx-01-01", "2024-01-02", "abc", "1970-09-23", "0999-12-31"]


@pytest.mark.parametrize("dtype", [object, "string", "str"])
@pytest.mark.parametrize("missing", [np.inf, -np.inf])
def test_date_years_read_once_per_date_are_each_rows_year(dtype, missing):
    from alliance_dashboard.selection import date_years

    dates = pd.Series(_DATES, dtype=dtype)
    expected = [float(d[:4]) if d and d[:4].isdigit() else missing for d in _DATES]
    assert date_years(dates, missing).tolist() == expected
    assert date_years(dates.iloc[:0], missing).shape == (0,)

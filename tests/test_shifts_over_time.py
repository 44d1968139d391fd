"""Theme shares over time (denominator, gaps, Wilson intervals) and documents over time (spread ranges)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from alliance_data.eras import Era, Eras
from alliance_data.shifts import (
    SERIES_COLUMNS, documents_over_time, era_span, histogram_unit, theme_shares_over_time, wilson_interval,
)

INF = float("inf")
PASSAGES = pd.DataFrame({
    "passage_id": ["a", "b", "c", "d", "e", "f", "g"],
    "era": ["1990s", "1990s", "1990s", "1990s", "2010s", "2010s", None],
    "year_min": [1996.0, 1996.0, 1996.0, 1990.0, 2012.0, 2014.0, INF],
    "year_max": [1996.0, 1996.0, 1996.0, 1999.0, 2012.0, 2014.0, -INF],
    "duplicate": [False, False, False, False, False, True, False],
    "offtopic": [False] * 7,
})
MEMBERSHIP = pd.DataFrame({
    "Bases": [True, True, False, False, True, True, True],
    "Trade": [False, True, True, False, False, False, False],
})


def test_shares_are_of_all_analysed_passages_of_the_era():
    shares = theme_shares_over_time(PASSAGES, MEMBERSHIP).set_index(["period", "theme"])
    assert list(theme_shares_over_time(PASSAGES, MEMBERSHIP).columns) == SERIES_COLUMNS
    assert shares.loc[("1990s", "Bases"), "n_period_passages"] == 4
    assert shares.loc[("1990s", "Bases"), "share"] == pytest.approx(2 / 4)
    assert shares.loc[("1990s", "Trade"), "share"] == pytest.approx(2 / 4)  # a passage may carry two themes
    assert shares.loc[("2010s", "Bases"), "n_period_passages"] == 1  # the duplicate does not count


def test_an_empty_decade_is_a_gap_not_a_point():
    shares = theme_shares_over_time(PASSAGES, MEMBERSHIP)
    gap = shares[shares["period"] == "2000s"]
    assert len(gap) == 2 and (gap["n_period_passages"] == 0).all() and gap["share"].isna().all()
    assert shares.drop_duplicates("period")["x"].tolist() == [1995.0, 2005.0, 2015.0]  # midpoints on a year axis


def test_years_use_single_year_passages_and_keep_every_year():
    shares = theme_shares_over_time(PASSAGES, MEMBERSHIP, by="year")
    years = shares.drop_duplicates("period")
    assert years["period"].tolist() == [str(y) for y in range(1996, 2013)]
    assert years.set_index("period").loc["1996", "n_period_passages"] == 3  # "d" spans 1990–1999: left out
    assert years.set_index("period").loc["2000", "n_period_passages"] == 0


def test_named_eras_are_placed_at_their_span():
    eras = Eras((Era(1990, 1999, "Post-Cold War"), Era(2000, 2009, "War on terror"), Era(2010, 2019, "Rebalance")))
    frame = PASSAGES.assign(era=["Post-Cold War"] * 4 + ["Rebalance"] * 2 + [None])
    shares = theme_shares_over_time(frame, MEMBERSHIP, eras=eras)
    assert shares.drop_duplicates("period")[["period", "start", "end"]].values.tolist() == [
        ["Post-Cold War", 1990, 1999], ["War on terror", 2000, 2009], ["Rebalance", 2010, 2019]]


def test_the_interval_is_wide_for_few_passages_and_narrow_for_many():
    low, high = wilson_interval(np.array([1, 100]), np.array([2, 200]))
    assert low[0] < 0.2 and high[0] > 0.8
    assert high[1] - low[1] < 0.15
    assert low[0] <= 0.5 <= high[0]
    low, high = wilson_interval(0, 5)
    assert low == 0 and 0 < high < 0.6  # never below 0, and not a zero-width interval at 0 %
    assert np.isnan(wilson_interval(0, 0)[0])


def test_the_interval_rejects_impossible_counts():
    with pytest.raises(ValueError, match="between 0 and n"):
        wilson_interval(3, 2)


def test_shares_reject_misaligned_membership_and_unknown_grouping():
    with pytest.raises(ValueError, match="align"):
        theme_shares_over_time(PASSAGES, MEMBERSHIP.iloc[:3])
    with pytest.raises(ValueError, match="'era' or 'year'"):
        theme_shares_over_time(PASSAGES, MEMBERSHIP, by="month")


@pytest.mark.parametrize("name, span", [("1990s", (1990, 1999)), ("2020s", (2020, 2029)), ("Cold War", None)])
def test_decade_spans(name, span):
    assert era_span(name) == span


DOCUMENTS = pd.DataFrame({
    "date_min": ["1996-04-17", "2000-01-01", "2001-07-01", None],
    "date_max": ["1996-04-17", "2001-12-31", "2001-07-01", None],
    "date_method": ["dateline", "inferred", "dateline", None],
})


def test_a_range_spreads_its_weight_over_its_years():
    hist = documents_over_time(DOCUMENTS)
    by = hist.groupby(["period", "date_method"])["documents"].sum()
    assert hist["documents"].sum() == pytest.approx(3)  # the undated document is left out
    assert by[("2000", "inferred")] == pytest.approx(366 / 731)
    assert by[("2001", "inferred")] == pytest.approx(365 / 731)
    assert by[("1998", "dateline")] == 0  # empty years are there, at zero
    assert sorted(hist["period"].unique()) == [str(y) for y in range(1996, 2002)]


def test_a_short_span_is_counted_per_month():
    short = pd.DataFrame({"date_min": ["2024-01-10", "2024-03-01"], "date_max": ["2024-01-10", "2024-04-30"],
                          "date_method": ["dateline", "inferred"]})
    assert histogram_unit(short) == "month"
    hist = documents_over_time(short)
    assert hist.groupby("period")["documents"].sum().to_dict() == pytest.approx(
        {"2024-01": 1, "2024-02": 0, "2024-03": 31 / 61, "2024-04": 30 / 61})
    assert histogram_unit(DOCUMENTS) == "year"


def test_term_frequency_per_10k_words_with_whole_words_and_gaps():
    from alliance_data.shifts import term_frequency_over_time

    frame = PASSAGES.assign(text=["war and peace", "toward war", "postwar years", "war", "peace now", "war", "war"])
    found = term_frequency_over_time(frame, ["war", "and peace", "peace"], by="year")
    by = found.set_index(["period", "term"])
    assert by.loc[("1996", "war"), "hits"] == 2  # "postwar" is not "war"; "d" spans ten years, left out
    assert by.loc[("1996", "war"), "n_words"] == 7
    assert by.loc[("1996", "war"), "per_10k"] == pytest.approx(2 / 7 * 10_000)
    assert by.loc[("2012", "peace"), "hits"] == 1
    assert np.isnan(by.loc[("2000", "war"), "per_10k"])  # no passages: a gap
    assert "2014" not in found["period"].tolist()  # the duplicate's year is not counted
    assert by.loc[("1996", "and peace"), "hits"] == 1


def test_term_frequency_rejects_a_bare_string():
    from alliance_data.shifts import term_frequency_over_time

    with pytest.raises(TypeError, match="not a single str"):
        term_frequency_over_time(PASSAGES.assign(text="x"), "war")

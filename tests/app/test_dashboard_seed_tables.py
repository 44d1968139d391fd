"""The dashboard's fast table helpers agree with the data package on the bundled corpus."""

import pandas as pd
import pytest

from alliance_dashboard.selection import Selection
from alliance_dashboard.views import era_theme_shares, membership_rows, theme_counts


def test_membership_rows_follow_the_view(seed_tables):
    view = seed_tables.view.iloc[::3]
    by_position = membership_rows(view, seed_tables.membership)
    by_id = seed_tables.membership.reindex(view["passage_id"]).to_numpy(dtype=bool)
    assert (by_position == by_id).all()


@pytest.mark.parametrize("include_excluded", [False, True])
def test_era_shares_match_the_theme_package(seed_tables, include_excluded):
    from alliance_data.themes import theme_shares_by_era

    ours = era_theme_shares(seed_tables, seed_tables.view, list(seed_tables.options.eras),
                            include_excluded=include_excluded)
    theirs = theme_shares_by_era(seed_tables.view, seed_tables.themes.assignments, include_excluded=include_excluded)
    key = ["era", "theme"]
    merged = ours.merge(theirs, on=key, suffixes=("", "_pkg"), how="outer", indicator=True)
    assert (merged["_merge"] == "both").all()
    assert (merged["n_passages"] == merged["n_passages_pkg"]).all()
    assert (merged["era_documents"] == merged["n_documents"]).all()
    assert (merged["share"] - merged["share_pkg"]).abs().max() < 1e-9


def test_a_theme_filter_keeps_exactly_the_theme_members(seed_tables):
    theme = seed_tables.options.themes[0]
    kept = Selection(themes=(theme,), include_excluded=True).apply(seed_tables.view, membership=seed_tables.membership)
    counts = theme_counts(kept, seed_tables.membership).set_index("theme")["n_passages"]
    assert counts[theme] == len(kept) == int(seed_tables.membership[theme].sum())


def test_no_filter_returns_the_analysed_passages(seed_tables):
    view = seed_tables.view
    kept = Selection().apply(view, membership=seed_tables.membership)
    expected = view[~view["duplicate"] & ~view["offtopic"]]
    pd.testing.assert_frame_equal(kept, expected)

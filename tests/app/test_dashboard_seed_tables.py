"""The dashboard's membership matrix agrees with the theme tables on the bundled corpus."""

import pandas as pd
import pytest

from alliance_dashboard.selection import Selection
from alliance_data.shifts import aligned_membership, era_theme_shares, membership_rows, theme_counts
from alliance_dashboard.views import theme_names


def test_membership_rows_follow_the_view(seed_tables):
    view = seed_tables.view.iloc[::3]
    by_position = membership_rows(view, seed_tables.membership)
    by_id = seed_tables.membership.reindex(view["passage_id"]).to_numpy(dtype=bool)
    assert (by_position == by_id).all()


@pytest.mark.parametrize("include_excluded", [False, True])
def test_era_shares_from_the_membership_match_the_assignments(seed_tables, include_excluded):
    from alliance_data.themes import theme_shares_by_era

    view = seed_tables.view
    named = theme_names(seed_tables.themes.themes, "named", seed_tables.membership.columns)
    ours = era_theme_shares(view, aligned_membership(view, seed_tables.membership[named]),
                            include_excluded=include_excluded)
    theirs = theme_shares_by_era(view, seed_tables.themes.assignments, include_excluded=include_excluded)
    pd.testing.assert_frame_equal(ours, theirs)


def test_every_passage_has_one_topic_and_its_column(seed_tables):
    topics = theme_names(seed_tables.themes.themes, "discovered", seed_tables.membership.columns)
    rows = membership_rows(seed_tables.view, seed_tables.membership[topics])
    assert (rows.sum(axis=1) == 1).all()
    assert [topics[i] for i in rows.argmax(axis=1)] == seed_tables.view["topic"].tolist()


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

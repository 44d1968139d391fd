"""Theme shares per era and distinctive terms per era (log-odds, informative prior)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from alliance_data import themes as th
from alliance_data.shifts import (
    DISTINCTIVE_COLUMNS, NO_NAMED_THEME, SAMPLE_RANK, SHARE_COLUMNS, _log_odds_z, _sample_per_era,
    aligned_membership, era_theme_shares, membership_rows, sample_rank, theme_counts,
)

from theme_fixtures import tiny_passages

ASSIGNMENTS = pd.DataFrame(
    {
        "passage_id": ["a1", "a2", "a3", "b1", "b2", "x1"],
        "themes": [["Missile defense"], ["Missile defense", "Taiwan Strait"], [], ["Command structure"], [], ["Taiwan Strait"]],
    }
)
PASSAGES = pd.DataFrame(
    {
        "passage_id": ["a1", "a2", "a3", "b1", "b2", "x1"],
        "doc_id": ["d1", "d1", "d2", "d3", "d3", "d4"],
        "era": ["1990s", "1990s", "1990s", "2020s", "2020s", "2020s"],
        "duplicate": [False, False, False, False, False, True],
        "offtopic": [False] * 6,
    }
)


def test_shares_sum_to_one_per_era_and_carry_document_counts():
    shares = th.theme_shares_by_era(PASSAGES, ASSIGNMENTS)
    assert list(shares.columns) == SHARE_COLUMNS
    totals = shares.groupby("era")["share"].sum()
    np.testing.assert_allclose(totals.to_numpy(), 1.0)
    era = shares.set_index(["era", "theme"])
    assert era.loc[("1990s", "Missile defense"), "n_passages"] == 2
    assert era.loc[("1990s", "Missile defense"), "share"] == pytest.approx(1.5 / 3)
    assert era.loc[("1990s", "Taiwan Strait"), "passage_share"] == pytest.approx(1 / 3)
    assert era.loc[("1990s", NO_NAMED_THEME), "n_passages"] == 1
    assert era.loc[("1990s", "Missile defense"), "n_documents"] == 2
    assert era.loc[("2020s", "Command structure"), "n_era_passages"] == 2
    assert ("2020s", "Taiwan Strait") not in era.index  # the duplicate does not count


def test_excluded_passages_count_when_asked():
    shares = th.theme_shares_by_era(PASSAGES, ASSIGNMENTS, include_excluded=True).set_index(["era", "theme"])
    assert shares.loc[("2020s", "Taiwan Strait"), "n_passages"] == 1
    assert shares.loc[("2020s", "Command structure"), "n_era_passages"] == 3
    assert shares.loc[("2020s", "Command structure"), "n_documents"] == 2


def test_shares_of_an_empty_selection_is_an_empty_table():
    shares = th.theme_shares_by_era(PASSAGES.iloc[:0], ASSIGNMENTS)
    assert shares.empty and list(shares.columns) == SHARE_COLUMNS


def test_shares_reject_a_missing_column():
    with pytest.raises(ValueError, match="missing column"):
        th.theme_shares_by_era(PASSAGES.drop(columns="era"), ASSIGNMENTS)


def test_log_odds_favours_the_term_used_far_more_in_one_era():
    era = np.array([30.0, 10.0, 10.0])
    rest = np.array([1.0, 10.0, 12.0])
    z = _log_odds_z(era, rest, 0.1 * (era + rest))
    assert np.argmax(z) == 0 and z[0] > 2 > z[1]


@pytest.fixture(scope="module")
def tiny_model():
    return th.fit_corpus_themes(tiny_passages(), random_state=0).model


def test_distinctive_terms_rank_the_obvious_term_first(tiny_model):
    passages = pd.DataFrame(
        {
            "passage_id": [f"q{i}" for i in range(6)],
            "era": ["1990s"] * 3 + ["2020s"] * 3,
            "text": [
                "Patriot interceptors and Patriot batteries near Tokyo.",
                "More Patriot interceptors for air defense units.",
                "Japan talks about the alliance and Patriot radar.",
                "The headquarters and the commander of joint forces.",
                "Japan talks about the alliance and the commander.",
                "A joint headquarters under a commander in Tokyo.",
            ],
        }
    )
    terms = th.distinctive_terms_by_era(passages, tiny_model, top_n=3)
    assert list(terms.columns) == DISTINCTIVE_COLUMNS
    assert not terms["sampled"].any()
    first = terms.groupby("era").head(1).set_index("era")
    assert first.loc["1990s", "term"] == "patriot"
    assert first.loc["1990s", "count"] == 4
    assert first.loc["1990s", "passage_ids"] == ["q0", "q1", "q2"]
    assert first.loc["2020s", "term"] in {"commander", "headquarters"}
    assert (terms["z"] > 0).all()
    assert "alliance" not in set(terms["term"]) and "japan" not in set(terms["term"])


def test_distinctive_terms_need_two_eras(tiny_model):
    one = tiny_passages().assign(era="2020s")
    assert th.distinctive_terms_by_era(one, tiny_model).empty


@pytest.mark.parametrize(("kwargs", "message"), [({"top_n": 0}, "top_n"), ({"prior": -1}, "prior")])
def test_distinctive_terms_validate_arguments(tiny_model, kwargs, message):
    with pytest.raises(ValueError, match=message):
        th.distinctive_terms_by_era(tiny_passages(), tiny_model, **kwargs)


def test_distinctive_terms_on_a_fixed_sample_of_a_large_era(tiny_model):
    passages = tiny_passages()
    first = th.distinctive_terms_by_era(passages, tiny_model, top_n=3, per_era=4)
    again = th.distinctive_terms_by_era(passages, tiny_model, top_n=3, per_era=4)
    pd.testing.assert_frame_equal(first, again)
    sizes = passages.groupby("era").size()
    assert set(first.loc[first["sampled"], "era"]) == set(sizes[sizes > 4].index)
    sampled_ids = {p for ids in first["passage_ids"] for p in ids}
    assert all(len(sampled_ids & set(passages.loc[passages["era"] == e, "passage_id"])) <= 4 for e in sizes.index)
    with pytest.raises(ValueError, match="per_era"):
        th.distinctive_terms_by_era(passages, tiny_model, per_era=0)


def test_an_eras_sample_keeps_its_members_whatever_else_is_filtered_out():
    ids = [f"p{i:04d}" for i in range(600)]
    passages = pd.DataFrame({"passage_id": ids, "era": pd.Categorical(["1990s", "2000s", "2020s"] * 200)})
    rank = sample_rank(ids)
    assert sorted(rank.tolist()) == list(range(600))  # a place for each passage
    assert not np.array_equal(rank, np.arange(600))  # not the id order
    whole, sampled = _sample_per_era(passages, 25)
    assert sampled == {"1990s", "2000s", "2020s"} and (whole.groupby("era", observed=True).size() == 25).all()
    assert whole.index.is_monotonic_increasing  # in the passages' order
    # One era alone, or a random half of the other eras removed: the era's sample is the same passages.
    alone, _ = _sample_per_era(passages[passages["era"] == "2000s"], 25)
    rng = np.random.default_rng(3)
    thinned = passages[(passages["era"] == "2000s").to_numpy() | (rng.random(600) < 0.5)]
    assert set(alone["passage_id"]) == set(whole.loc[whole["era"] == "2000s", "passage_id"])
    assert set(_sample_per_era(thinned, 25)[0].query("era == '2000s'")["passage_id"]) == set(alone["passage_id"])
    # Each era's lowest ranks; a rank column carried by the passages gives the same sample as one worked out.
    lowest = {ids[i] for i in np.flatnonzero(passages["era"] == "2020s") if rank[i] in
              np.sort(rank[(passages["era"] == "2020s").to_numpy()])[:25]}
    assert set(whole.loc[whole["era"] == "2020s", "passage_id"]) == lowest
    carried, _ = _sample_per_era(passages.assign(**{SAMPLE_RANK: rank}), 25)
    assert carried.index.equals(whole.index)
    assert _sample_per_era(passages, 200)[1] == set() and len(_sample_per_era(passages, 200)[0]) == 600


# --- the membership matrix: rows of a view, counts, shares of named themes or topics -----------------------------

MEMBERSHIP = pd.DataFrame(
    {"Missile defense": [True, True, False, False, False, False], "Taiwan Strait": [False, True, False, False, False, True],
     "Command structure": [False, False, False, True, False, False]},
    index=pd.Index(PASSAGES["passage_id"], name="passage_id"),
)
TOPICS = pd.DataFrame({"missiles · radar": [True, True, True, False, False, False],
                       "command · headquarters": [False, False, False, True, True, True]},
                      index=MEMBERSHIP.index)


def test_membership_rows_follow_a_filtered_view_by_position_or_by_id():
    view = PASSAGES.iloc[[5, 1, 3]]
    expected = MEMBERSHIP.loc[view["passage_id"]].to_numpy()
    assert (membership_rows(view, MEMBERSHIP) == expected).all()
    renumbered = view.reset_index(drop=True)  # positions no longer point into the membership: looked up by id
    assert (membership_rows(renumbered, MEMBERSHIP) == expected).all()
    unknown = pd.DataFrame({"passage_id": ["zz"]})
    assert not membership_rows(unknown, MEMBERSHIP).any()
    aligned = aligned_membership(view, MEMBERSHIP)
    assert list(aligned.columns) == list(MEMBERSHIP.columns) and aligned.to_numpy().tolist() == expected.tolist()


def test_theme_counts_count_passages_per_theme_and_leave_out_empty_themes():
    counts = theme_counts(PASSAGES.iloc[:3], MEMBERSHIP)
    assert counts.to_dict("records") == [{"theme": "Missile defense", "n_passages": 2},
                                         {"theme": "Taiwan Strait", "n_passages": 1}]


def test_named_shares_from_membership_equal_those_from_assignments():
    ours = era_theme_shares(PASSAGES, aligned_membership(PASSAGES, MEMBERSHIP))
    pd.testing.assert_frame_equal(ours, th.theme_shares_by_era(PASSAGES, ASSIGNMENTS))


def test_topic_shares_are_passage_shares_and_follow_the_given_era_order():
    shares = era_theme_shares(PASSAGES, aligned_membership(PASSAGES, TOPICS), order=["2020s", "1990s"])
    assert shares["era"].drop_duplicates().tolist() == ["2020s", "1990s"]
    assert NO_NAMED_THEME not in set(shares["theme"])  # every passage has a topic
    np.testing.assert_allclose(shares["share"], shares["passage_share"])
    era = shares.set_index(["era", "theme"])
    assert era.loc[("1990s", "missiles · radar"), "share"] == 1.0
    assert era.loc[("2020s", "command · headquarters"), "n_passages"] == 2  # the duplicate x1 is left out


def test_era_shares_reject_misaligned_membership():
    with pytest.raises(ValueError, match="align them first"):
        era_theme_shares(PASSAGES, aligned_membership(PASSAGES.iloc[:2], MEMBERSHIP))


def test_words_counted_on_worker_processes_equal_those_counted_here(monkeypatch):
    from alliance_data import shifts
    from alliance_data.shifts import passage_words, start_passage_words
    from alliance_data.workers import ProcessScheduler

    monkeypatch.setattr(shifts, "WORDS_CHUNK", 2)  # several chunks
    texts = pd.Series(["Two words", None, "", "naïve café, 2024 — x_y", "one", "a b c d e"], dtype="str")
    here = passage_words(texts)
    with ProcessScheduler(2) as pool:
        there = start_passage_words(texts, pool)()
    assert here[[0, 1, 2, 4, 5]].tolist() == [2, 0, 0, 1, 5]
    assert there.dtype == here.dtype and there.tolist() == here.tolist()
    assert start_passage_words(texts)().tolist() == here.tolist()
    assert start_passage_words(texts.iloc[:0])().tolist() == []

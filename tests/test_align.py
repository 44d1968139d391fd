"""Side-by-side alignment of two sets of passages."""

from __future__ import annotations

import pandas as pd
import pytest

from alliance_data import themes as th
from alliance_data.align import ONLY_COLUMNS, PAIR_COLUMNS

from theme_fixtures import tiny_passages

LEFT = pd.DataFrame(
    {
        "passage_id": ["l1", "l2", "l3"],
        "text": [
            "Japan will buy Patriot interceptors to strengthen its air defense.",
            "A four-star commander will lead a new joint headquarters in Tokyo.",
            "Rice farmers protested tariffs on imported rice.",
        ],
    }
)
RIGHT = pd.DataFrame(
    {
        "passage_id": ["r1", "r2", "r3"],
        "text": [
            "The joint headquarters in Tokyo will be led by a commander with more authority.",
            "Japan will buy Patriot interceptors to strengthen its air defense.",
            "Naval vessels sailed through the Taiwan Strait during the crisis.",
        ],
    }
)


@pytest.fixture(scope="module")
def tiny_model():
    return th.fit_corpus_themes(tiny_passages(), random_state=0).model


def test_identical_passages_pair_with_similarity_one(tiny_model):
    alignment = th.align_passages(LEFT, RIGHT, tiny_model)
    assert list(alignment.pairs.columns) == PAIR_COLUMNS
    first = alignment.pairs.iloc[0]
    assert (first["left_id"], first["right_id"]) == ("l1", "r2")
    assert first["similarity"] == pytest.approx(1.0, abs=1e-4)
    assert "patriot" in first["shared_terms"]


def test_pairs_are_one_to_one_and_sorted(tiny_model):
    pairs = th.align_passages(LEFT, RIGHT, tiny_model).pairs
    assert pairs["left_id"].is_unique and pairs["right_id"].is_unique
    assert pairs["similarity"].is_monotonic_decreasing
    assert ("l2", "r1") in set(zip(pairs["left_id"], pairs["right_id"]))


def test_unmatched_passages_are_reported_with_their_terms(tiny_model):
    alignment = th.align_passages(LEFT, RIGHT, tiny_model)
    assert list(alignment.left_only.columns) == ONLY_COLUMNS
    assert alignment.left_only["passage_id"].tolist() == ["l3"]
    assert "rice" in alignment.left_only.iloc[0]["distinctive_terms"]
    assert alignment.right_only["passage_id"].tolist() == ["r3"]
    assert alignment.right_only.iloc[0]["nearest_similarity"] < 0.1


def test_an_empty_side_leaves_everything_unmatched(tiny_model):
    alignment = th.align_passages(LEFT, RIGHT.iloc[:0], tiny_model)
    assert alignment.pairs.empty and alignment.right_only.empty
    assert alignment.left_only["passage_id"].tolist() == ["l1", "l2", "l3"]


def test_large_sides_are_sampled_the_same_way_every_run(tiny_model):
    first = th.align_passages(LEFT, RIGHT, tiny_model, max_passages=2)
    again = th.align_passages(LEFT, RIGHT, tiny_model, max_passages=2)
    assert first.sampled and not th.align_passages(LEFT, RIGHT, tiny_model).sampled
    pd.testing.assert_frame_equal(first.pairs, again.pairs)
    seen_left = set(first.pairs["left_id"]) | set(first.left_only["passage_id"])
    assert len(seen_left) <= 2


def test_top_n_limits_pairs(tiny_model):
    assert len(th.align_passages(LEFT, RIGHT, tiny_model, top_n=1).pairs) == 1


@pytest.mark.parametrize(("kwargs", "message"), [({"top_n": 0}, "top_n"), ({"min_similarity": 2}, "min_similarity"), ({"max_passages": 0}, "max_passages")])
def test_arguments_are_validated(tiny_model, kwargs, message):
    with pytest.raises(ValueError, match=message):
        th.align_passages(LEFT, RIGHT, tiny_model, **kwargs)


def test_passages_with_too_few_terms_are_neither_paired_nor_listed_only(tiny_model):
    from alliance_data.align import MIN_TERMS

    short = ["Excellencies,", "Yes, absolutely.", "Japan."]
    left = pd.concat([LEFT, pd.DataFrame({"passage_id": ["ls1", "ls2", "ls3"], "text": short})], ignore_index=True)
    right = pd.concat([RIGHT, pd.DataFrame({"passage_id": ["rs1"], "text": ["Japan, yes."]})], ignore_index=True)
    terms = tiny_model.vectorize(short).getnnz(axis=1)
    assert (terms < MIN_TERMS).all()  # the fixture's short passages are short for the model too
    words = [n for n in tiny_model.feature_names() if " " not in n]
    assert all(sum(w in text.lower() for w in words) >= MIN_TERMS for text in LEFT["text"])  # the others are not
    alignment = th.align_passages(left, right, tiny_model, min_similarity=0.0)
    named = set(alignment.pairs["left_id"]) | set(alignment.pairs["right_id"])
    named |= set(alignment.left_only["passage_id"]) | set(alignment.right_only["passage_id"])
    assert not named & {"ls1", "ls2", "ls3", "rs1"}
    assert alignment.short == (3, 1)
    full = th.align_passages(LEFT, RIGHT, tiny_model, min_similarity=0.0)
    assert alignment.pairs.equals(full.pairs)  # the rest pair as they did without the short ones


def test_two_passages_sharing_one_word_do_not_pair(tiny_model):
    from alliance_data.align import MIN_SHARED_WORDS

    left = pd.DataFrame({"passage_id": ["a"], "text": ["Okinawa marines held drills near the radar base."]})
    right = pd.DataFrame({"passage_id": ["b"], "text": ["Okinawa rice farmers protested tariffs on imported rice."]})
    one = th.align_passages(left, right, tiny_model, min_similarity=0.0)
    assert one.pairs.empty
    both = right.assign(text=["Okinawa marines protested tariffs on imported rice."])  # okinawa and marines
    two = th.align_passages(left, both, tiny_model, min_similarity=0.0)
    assert MIN_SHARED_WORDS == 2 and two.pairs[["left_id", "right_id"]].values.tolist() == [["a", "b"]]

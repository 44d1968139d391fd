"""Shared table helpers: the analysed mask, compact strings and topic names."""

from __future__ import annotations

import pandas as pd

from alliance_data.tables import compact_strings, topic_names


def test_repeated_strings_become_categoricals_with_the_same_values_and_order():
    frame = pd.DataFrame({
        "era": ["2020s", "1990s", "2020s", None, "1990s", "2020s"],
        "id": ["a", "b", "c", "d", "e", "f"],  # all distinct: stays a string column
        "lists": [["x"], ["y"], ["x"], [], ["y"], ["x"]],  # not strings: left alone
        "n": [1, 2, 1, 2, 1, 2],
    })
    out = compact_strings(frame)
    assert isinstance(out["era"].dtype, pd.CategoricalDtype)
    assert list(out["era"].cat.categories) == ["1990s", "2020s"]
    assert out["era"].astype(object).fillna("-").tolist() == frame["era"].astype(object).fillna("-").tolist()
    assert out["era"].sort_values(kind="mergesort").index.tolist() == \
        frame["era"].sort_values(kind="mergesort").index.tolist()
    assert not isinstance(out["id"].dtype, pd.CategoricalDtype)
    assert out["lists"].tolist() == frame["lists"].tolist() and out["n"].dtype == frame["n"].dtype
    assert frame["era"].dtype != out["era"].dtype  # a new frame: the input is untouched
    many = pd.DataFrame({"era": ["1990s", "2000s", "2010s", "2020s"] * 2_500})
    assert compact_strings(many).memory_usage(deep=True).sum() < many.memory_usage(deep=True).sum() / 4


def test_topic_names_name_each_cluster_from_the_themes_table_and_nothing_else():
    themes = pd.DataFrame({"theme_id": ["t1", "t2", "t3"], "name": ["bases · okinawa", "trade", "unused"]})
    clusters = pd.Series(["t2", None, "t1", "t9", "t2"], dtype="string[pyarrow]")
    names = topic_names(clusters, themes)
    assert names.dtype == object and list(names) == ["trade", None, "bases · okinawa", None, "trade"]
    assert list(topic_names(pd.Series([], dtype=object), themes)) == []

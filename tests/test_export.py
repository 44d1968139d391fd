"""Export: one column list per table, JSON Lines and CSV with the same rows and values."""

from __future__ import annotations

import csv
import io
import json
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from alliance_data.export import (
    DOCUMENT_FIELDS, PASSAGE_FIELDS, THEME_FIELDS, document_table, json_value, passage_table, to_csv, to_jsonl,
)

PASSAGES = pd.DataFrame({
    "passage_id": ["p1", "p2"], "doc_id": ["d1", "d1"], "family_id": ["f1", "f1"], "position": [0, 1],
    "text": ['He said "yes",\nthen left.', "Okinawa bases"], "date": ["1996-04-17", None], "era": ["1990s", None],
    "offtopic": [False, True], "duplicate": [False, False], "offtopic_reason": [None, "weather"],
    "start": [0, 30], "end": [29, 43], "outlet": ["Reuters", "Reuters"],  # an extra column is not exported
})
THEMES = SimpleNamespace(
    themes=pd.DataFrame({"theme_id": ["bases", "t00000000a1"], "name": ["Bases", "okinawa · bases"],
                         "kind": ["named", "discovered"]}),
    assignments=pd.DataFrame({"passage_id": ["p2", "p1"], "themes": [["Bases"], []],
                              "theme_scores": [{"Bases": np.float64(0.912345)}, {}],
                              "theme_reasons": [{"Bases": "its own words"}, {}],
                              "cluster": ["t00000000a1", "t00000000a1"]}),
)


def test_passages_keep_the_one_column_list_and_gain_their_themes():
    table = passage_table(PASSAGES, THEMES)
    assert list(table.columns) == PASSAGE_FIELDS + THEME_FIELDS
    assert table["themes"].tolist() == [[], ["Bases"]]
    assert table["theme_scores"].tolist() == [{}, {"Bases": 0.9123}]
    assert table["topic"].tolist() == ["okinawa · bases"] * 2
    assert list(passage_table(PASSAGES).columns) == PASSAGE_FIELDS


def test_jsonl_and_csv_hold_the_same_rows():
    table = passage_table(PASSAGES, THEMES)
    lines = [json.loads(line) for line in to_jsonl(table).splitlines()]
    rows = list(csv.DictReader(io.StringIO(to_csv(table))))
    assert [r["passage_id"] for r in lines] == [r["passage_id"] for r in rows] == ["p1", "p2"]
    assert lines[0]["text"] == rows[0]["text"] == 'He said "yes",\nthen left.'  # quotes and newlines survive CSV
    assert lines[1]["date"] is None and rows[1]["date"] == ""
    assert lines[1]["theme_scores"] == json.loads(rows[1]["theme_scores"]) == {"Bases": 0.9123}
    assert lines[0]["offtopic"] is False and rows[0]["offtopic"] == "False"
    assert list(lines[0]) == list(rows[0]) == PASSAGE_FIELDS + THEME_FIELDS


def test_a_missing_column_is_named():
    with pytest.raises(ValueError, match=r"documents is missing column\(s\) \['author'"):
        document_table(pd.DataFrame({c: [] for c in DOCUMENT_FIELDS if c != "author"}))


@pytest.mark.parametrize(("value", "expected"), [
    (np.int64(3), 3), (float("nan"), None), (None, None), (pd.NA, None), (("a", np.float64(0.5)), ["a", 0.5]),
    (np.array([1, 2]), [1, 2]), ({"k": np.bool_(True)}, {"k": True}), ("text", "text"),
])
def test_json_value(value, expected):
    assert json_value(value) == expected

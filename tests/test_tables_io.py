"""The Parquet folder: Zstandard, dictionary-encoded repeats, compact folders that read back whole."""

import json

import numpy as np

import pandas as pd
import pyarrow.parquet as pq
import pytest

from alliance_data.tables_io import TablesError, read_tables, write_tables

N = 40


def _frames():
    ids = [f"p{i:03d}" for i in range(N)]
    passages = pd.DataFrame({
        "passage_id": ids, "doc_id": [f"d{i // 4}" for i in range(N)],
        "text": [f"passage number {i} about the alliance" for i in range(N)],
        "source": [f"outlet-{i % 3}.txt" for i in range(N)], "position": [i % 4 for i in range(N)],
    })
    assignments = pd.DataFrame({"passage_id": ids, "themes": [["a", "b"][: i % 3] for i in range(N)],
                                "x": [i / 7 for i in range(N)]})
    membership = pd.DataFrame({"passage_id": ids, "a": [i % 2 == 0 for i in range(N)]})
    shuffled = assignments.iloc[::-1].reset_index(drop=True)  # same ids, another order: must be stored
    return {"passages": passages, "assignments": assignments, "membership": membership, "shuffled": shuffled}


def _chunks(path):
    meta = pq.ParquetFile(path).metadata
    return {meta.row_group(0).column(i).path_in_schema: meta.row_group(0).column(i) for i in range(meta.num_columns)}


@pytest.mark.parametrize("compact", [False, True])
def test_a_folder_reads_back_the_frames_it_was_given(tmp_path, compact):
    frames = _frames()
    write_tables(tmp_path, frames, compact=compact)
    read, manifest = read_tables(tmp_path)
    assert list(read) == list(frames)
    for name, frame in frames.items():
        pd.testing.assert_frame_equal(read[name], frame)
        assert list(read[name].columns) == list(frame.columns)


def test_a_compact_folder_leaves_out_ids_that_repeat_the_passages(tmp_path):
    manifest = write_tables(tmp_path, _frames(), compact=True)
    assert set(manifest["left_out"]) == {"assignments", "membership"}
    assert "passage_id" not in _chunks(tmp_path / "assignments.parquet")
    assert "passage_id" not in _chunks(tmp_path / "membership.parquet")
    assert "passage_id" in _chunks(tmp_path / "shuffled.parquet")
    assert "passage_id" in _chunks(tmp_path / "passages.parquet")


def test_an_export_keeps_every_column(tmp_path):
    manifest = write_tables(tmp_path, _frames())
    assert manifest["left_out"] == {}
    assert "passage_id" in _chunks(tmp_path / "assignments.parquet")


def test_files_are_zstd_with_repeated_strings_in_a_dictionary(tmp_path):
    write_tables(tmp_path, _frames())
    chunks = _chunks(tmp_path / "passages.parquet")
    assert {c.compression for c in chunks.values()} == {"ZSTD"}
    assert any("DICTIONARY" in e for e in chunks["source"].encodings)
    assert not any("DICTIONARY" in e for e in chunks["text"].encodings)


def test_a_left_out_column_that_cannot_come_back_is_an_error(tmp_path):
    write_tables(tmp_path, _frames(), compact=True)
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    manifest["left_out"]["assignments"]["passage_id"]["from"] = "somewhere.else"
    (tmp_path / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(TablesError, match="cannot be restored"):
        read_tables(tmp_path)


@pytest.mark.parametrize("early", [["assignments"], ["assignments", "shuffled"], ["passages", "membership"], []])
def test_tables_started_early_give_the_folder_written_at_once(tmp_path, early):
    from alliance_data.tables_io import TableWriter

    frames = _frames()
    whole = write_tables(tmp_path / "whole", frames, compact=True, row_group_size=16)
    writer = TableWriter(tmp_path / "steps", compact=True, row_group_size=16)
    writer.start({name: frames[name] for name in early})
    # Without the passages a frame holding their ids waits (its id column may be left out); with them it starts.
    assert set(writer._started) == (set(early) if "passages" in early else set())
    begun = dict(writer._writes)
    writer.start({name: frames[name] for name in early})  # a frame begun already is not written again
    assert writer._writes == begun
    steps = writer.finish(frames)
    assert steps == whole
    for name in frames:
        assert (tmp_path / "steps" / f"{name}.parquet").read_bytes() == (tmp_path / "whole" / f"{name}.parquet").read_bytes()
    read, _ = read_tables(tmp_path / "steps")
    for name, frame in frames.items():
        pd.testing.assert_frame_equal(read[name], frame)


def test_a_model_begun_early_gives_the_folder_written_at_once(tmp_path):
    from alliance_data.tables_io import TableWriter
    from alliance_data.themes import fit_corpus_themes
    from theme_fixtures import tiny_passages

    model = fit_corpus_themes(tiny_passages(), random_state=0).model
    frames = _frames()
    whole = write_tables(tmp_path / "whole", frames, model=model)
    writer = TableWriter(tmp_path / "steps")
    writer.start_model(model)
    writer.start_model(model)  # begun once only
    assert writer.finish(frames, model=model) == whole
    for path in (tmp_path / "whole").iterdir():
        assert (tmp_path / "steps" / path.name).read_bytes() == path.read_bytes()


NESTED = [
    {"a\"b": -0.0, "é\n": 0.0, "x": float("inf"), "y": float("nan"), "z": 1e-7, "w": 1.0, "q": 0.30000000000000004},
    {}, None, float("nan"), {"Peace": 0.5123, "\u2028": 12.0},
]


@pytest.mark.parametrize("values", [
    NESTED,
    [{"Peace": "its own words", "k\x00": "a hint\t“quoted”"}, {}, None],
    [["a", "\u2028", "\x00", "\"q\""], [], None, ["é"]],
])
def test_nested_values_encoded_in_arrays_are_the_encoders_text(values):
    from alliance_data.tables_io import _json_flat

    expected = [None if v is None or v != v else json.dumps(v, ensure_ascii=False) for v in values]
    assert _json_flat(pd.Series(values, dtype=object)) == expected


@pytest.mark.parametrize("values", [
    [{"a": 1.0, "b": "mixed"}], [{1: 0.5}], [["a", 1.0]], [{"a": 0.5}, ["b"]], [(1, 2)], [{"a": True}], [[1]],
])
def test_other_nested_values_are_left_to_the_encoder(values):
    from alliance_data.tables_io import _json_flat

    assert _json_flat(pd.Series(values, dtype=object)) is None


def test_a_column_of_mostly_distinct_scores_reads_back_as_written(tmp_path):
    scores = [{"Peace": round(i / 7919, 4), "Trade": round((i * 31 % 977) / 977, 4)} if i % 5 else {} for i in range(5_000)]
    frame = pd.DataFrame({"passage_id": [f"p{i}" for i in range(5_000)], "theme_scores": scores})
    write_tables(tmp_path, {"assignments": frame})
    stored = pq.read_table(tmp_path / "assignments.parquet").column("theme_scores").to_pylist()
    assert stored == [json.dumps(v, ensure_ascii=False) for v in scores]
    assert read_tables(tmp_path)[0]["assignments"]["theme_scores"].tolist() == scores


_IDS = ["p1", "p2", "p3"]


@pytest.mark.parametrize(("left", "right"), [
    (pd.Series(_IDS, dtype="str"), pd.Series(_IDS, dtype="str")),
    (pd.Series(_IDS, dtype="str"), pd.Series(["p1", "p2", "p4"], dtype="str")),
    (pd.Series(_IDS, dtype="str"), pd.Series(_IDS, dtype=object)),
    (pd.Series(_IDS, dtype="str"), pd.Series(pd.array(_IDS, dtype="string[pyarrow]"))),
    (pd.Series(["p1", None, "p3"], dtype="str"), pd.Series(["p1", None, "p3"], dtype="str")),
    (pd.Series(["p1", None, "p3"], dtype=object), pd.Series(["p1", None, "p3"], dtype=object)),
    (pd.Series([1, 2, 3]), pd.Series([1, 2, 3])),
])
def test_columns_compared_in_arrow_give_numpys_answer(left, right):
    from alliance_data.tables_io import _same_values

    assert _same_values(left, right) == np.array_equal(left.to_numpy(), right.to_numpy())
    assert _same_values(right, left) == np.array_equal(right.to_numpy(), left.to_numpy())


def test_a_table_written_in_parts_reads_back_whole_in_doc_id_order(tmp_path):
    from alliance_data.tables_io import TableWriter, read_parts, write_part

    reasons = [None] * N
    reasons[5] = "past the end"
    passages = _frames()["passages"].assign(reason=reasons)  # as a build makes it: strings, missing as NaN
    # Parts in the order their documents were read (not doc id order), one with no value in "reason", one empty.
    pieces = [passages[passages["doc_id"].isin(ids)] for ids in (["d5", "d7", "d9"], ["d0", "d2"], [], ["d1", "d3",
                                                                    "d4", "d6", "d8"])]
    records = [write_part(tmp_path, "passages", i, piece.reset_index(drop=True)) for i, piece in enumerate(pieces)]
    assert [r["file"] for r in records] == [f"passages/part-{i:05d}.parquet" for i in range(4)]
    pd.testing.assert_frame_equal(read_parts(tmp_path, records), passages)
    manifest = TableWriter(tmp_path).finish({"other": _frames()["membership"]}, parts={"passages": records})
    assert manifest["tables"] == ["passages", "other"] and manifest["rows"]["passages"] == N
    assert set(manifest["files"]) == {r["file"] for r in records} | {"other.parquet"}
    read, _ = read_tables(tmp_path)
    pd.testing.assert_frame_equal(read["passages"], passages)
    # A damaged part is found, like a damaged table.
    path = tmp_path / records[1]["file"]
    path.write_bytes(path.read_bytes()[:-8] + b"00000000")
    with pytest.raises(TablesError):
        read_tables(tmp_path)
    with pytest.raises(TablesError):
        read_parts(tmp_path, records)

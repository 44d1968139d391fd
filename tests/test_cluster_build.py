"""A build on a Dask cluster gives the very same tables as a build in one process."""

import json

import pandas as pd
import pytest

pytest.importorskip("distributed")

from alliance_data import cluster
from alliance_data.cli import main
from alliance_data.corpus import build_corpus
from alliance_data.load import bundled_sources, read_sources


def _assert_same(one, two):
    for name in ("documents", "passages", "mentions", "removed", "collation"):
        pd.testing.assert_frame_equal(getattr(one, name), getattr(two, name))
    assert one.problems == two.problems and one.fingerprint == two.fingerprint


@pytest.fixture(scope="module")
def scheduler():
    # Two single-threaded workers in this process, tiny partitions: several tasks per step, quickly.
    with cluster.connect(cluster.LOCAL, workers=2, processes=False, partition_size=3) as connected:
        yield connected


def _synthetic(tmp_path):
    seeds = [p.read_text(encoding="utf-8") for p in bundled_sources()]
    rows = [{"id": f"r{i}", "text": seeds[i % len(seeds)].replace("alliance", f"alliance {i}"), "date": str(1990 + i)}
            for i in range(24)]
    rows += [{"id": "copy", "text": seeds[0]}, {"id": "empty", "text": ""}]
    (tmp_path / "rows.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows) + "{not json\n", encoding="utf-8")
    return read_sources(tmp_path)


def test_the_cluster_has_two_workers(scheduler):
    assert scheduler.workers == 2


def test_the_seeds_build_the_same_on_the_cluster(scheduler):
    loaded = read_sources(None)
    _assert_same(build_corpus(loaded, jobs=1), build_corpus(loaded, scheduler=scheduler))


def test_a_synthetic_corpus_builds_the_same_on_the_cluster(scheduler, tmp_path):
    loaded = _synthetic(tmp_path)
    one, spread = build_corpus(loaded, jobs=1), build_corpus(loaded, scheduler=scheduler)
    _assert_same(one, spread)
    assert len(one.documents) == 25 and one.problems and one.collation.shape[0] > 0


def test_the_map_keeps_input_order_across_partitions(scheduler):
    assert scheduler.map(str.upper, list("abcdefghij")) == list("ABCDEFGHIJ")
    assert scheduler.map(str.upper, []) == []


def test_export_on_a_local_cluster_writes_the_same_parquet_tables(tmp_path, capsys):
    from alliance_data.tables_io import read_tables

    one, spread = tmp_path / "one", tmp_path / "spread"
    assert main(["export", "--no-themes", "--format", "parquet", "--jobs", "1", "--out", str(one)]) == 0
    assert main(["export", "--no-themes", "--format", "parquet", "--scheduler", "local", "--jobs", "2",
                 "--out", str(spread)]) == 0
    assert "Dask cluster" in capsys.readouterr().err
    left, _ = read_tables(one)
    right, _ = read_tables(spread)
    assert set(left) == set(right)
    for name in left:
        pd.testing.assert_frame_equal(left[name], right[name])


def test_an_unreachable_scheduler_is_a_one_line_error(capsys, monkeypatch):
    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", 1)
    assert main(["summary", "--scheduler", "tcp://127.0.0.1:1"]) == 1
    err = capsys.readouterr().err.strip()
    assert "no Dask scheduler could be reached at tcp://127.0.0.1:1" in err and "\n" not in err

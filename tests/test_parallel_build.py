"""Building in worker processes gives the very same tables as building in one."""

import json

import pandas as pd
import pytest

from alliance_data import corpus as corpus_module
from alliance_data import workers as workers_module
from alliance_data.corpus import build_corpus
from alliance_data.load import bundled_sources, read_sources


def _assert_same(one, two):
    for name in ("documents", "passages", "mentions", "removed", "collation"):
        pd.testing.assert_frame_equal(getattr(one, name), getattr(two, name))
    assert one.problems == two.problems and one.fingerprint == two.fingerprint


@pytest.fixture
def parallel_always(monkeypatch):
    monkeypatch.setattr(corpus_module, "MIN_PARALLEL_DOCUMENTS", 1)


def test_the_seeds_build_the_same_in_two_processes(parallel_always):
    loaded = read_sources(None)
    _assert_same(build_corpus(loaded, jobs=1), build_corpus(loaded, jobs=2))


def test_a_sample_with_broken_rows_builds_the_same_in_two_processes(tmp_path, parallel_always):
    seeds = [p.read_text(encoding="utf-8") for p in bundled_sources()]
    rows = [{"id": f"r{i}", "text": seeds[i % len(seeds)].replace("alliance", f"alliance {i}"), "date": str(1990 + i)}
            for i in range(40)]
    rows.append({"id": "empty", "text": ""})
    (tmp_path / "rows.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows) + "{not json\n", encoding="utf-8")
    loaded = read_sources(tmp_path)
    one, two = build_corpus(loaded, jobs=1), build_corpus(loaded, jobs=2)
    _assert_same(one, two)
    assert len(one.documents) == 40 and one.problems


def test_small_corpora_stay_in_this_process(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a worker pool was started for a small corpus")

    monkeypatch.setattr(workers_module, "ProcessPoolExecutor", refuse)
    assert len(build_corpus(read_sources(None), jobs=2).documents) == 5


def test_a_pool_that_breaks_falls_back_to_this_process(monkeypatch, parallel_always):
    from concurrent.futures.process import BrokenProcessPool

    class Broken:
        def __init__(self, *args, **kwargs):
            pass

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def map(self, *args, **kwargs):
            raise BrokenProcessPool("a worker died")

        def shutdown(self, *args, **kwargs):
            pass

    monkeypatch.setattr(workers_module, "ProcessPoolExecutor", Broken)
    loaded = read_sources(None)
    _assert_same(build_corpus(loaded, jobs=2), build_corpus(loaded, jobs=1))


def test_long_lived_leaves_objects_out_of_collection_until_the_block_ends():
    import gc

    from alliance_data.workers import long_lived

    assert gc.get_freeze_count() == 0
    with long_lived() as freeze:
        held = [[i] for i in range(1000)]
        before = gc.get_freeze_count()
        freeze()
        assert gc.get_freeze_count() >= before + len(held)
    assert gc.get_freeze_count() == 0
    with pytest.raises(RuntimeError):
        with long_lived():
            raise RuntimeError("a failed build")
    assert gc.get_freeze_count() == 0

"""Building in worker processes gives the very same tables as building in one."""

import json
import time

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


def _rows_corpus(tmp_path, n=40):
    seeds = [p.read_text(encoding="utf-8") for p in bundled_sources()]
    rows = [{"id": f"r{i}", "text": seeds[i % len(seeds)].replace("alliance", f"alliance {i}"), "date": str(1990 + i)}
            for i in range(n)]
    (tmp_path / "rows.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows) + "{not json\n", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_build_without_clean_text_has_the_same_tables_but_that_column(tmp_path, parallel_always, jobs):
    """The dashboard builds without the documents' clean text: every other column and table is that of a full build,
    in one process and in two."""
    loaded = read_sources(_rows_corpus(tmp_path, n=12))
    full = build_corpus(loaded, jobs=1)
    lean = build_corpus(loaded, jobs=jobs, clean_text=False)
    assert "clean_text" in full.documents.columns and "clean_text" not in lean.documents.columns
    assert full.documents["clean_text"].str.len().min() > 0
    pd.testing.assert_frame_equal(lean.documents, full.documents.drop(columns=["clean_text"]))
    for name in ("passages", "mentions", "removed", "collation"):
        pd.testing.assert_frame_equal(getattr(lean, name), getattr(full, name))
    assert lean.problems == full.problems and lean.fingerprint == full.fingerprint


def test_read_sources_hands_each_document_over_as_read_in_the_results_order(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for folder in ("a", "b"):  # the same name from two sources: the second is named apart before it is handed over
        (tmp_path / folder / "same.txt").write_text(f"A note on the alliance from folder {folder}.\n", encoding="utf-8")
    handed = []
    loaded = read_sources([tmp_path / "a", tmp_path / "b", tmp_path / "missing"], on_document=handed.append)
    assert handed == list(loaded.documents) and len(handed) == 2
    assert handed[0].source != handed[1].source and loaded.problems  # the missing folder


def test_an_error_in_the_hand_over_is_not_taken_for_a_bad_file(tmp_path):
    def fail(doc):
        raise KeyError("not a reading problem")

    with pytest.raises(KeyError, match="not a reading problem"):
        read_sources(_rows_corpus(tmp_path), on_document=fail)


@pytest.mark.parametrize("jobs", [1, 2])
def test_documents_cleaned_while_read_build_the_same_tables(tmp_path, parallel_always, jobs):
    from alliance_data.corpus import CleaningAhead
    from alliance_data.workers import ProcessScheduler

    source = _rows_corpus(tmp_path)
    with ProcessScheduler(jobs) as pool:
        ahead = CleaningAhead(pool, chunk=7)  # batches that do not divide the documents evenly
        handed = []
        loaded = read_sources(source, on_document=lambda doc: (handed.append(doc), ahead.add(doc)) if len(handed) < 30
                              else None)  # the last ten are left to the build
        early = build_corpus(loaded, scheduler=pool if jobs > 1 else None, jobs=jobs, ahead=ahead)
    _assert_same(early, build_corpus(read_sources(source), jobs=1))
    assert len(early.documents) == 40 and early.problems


@pytest.mark.parametrize("jobs", [1, 2])
def test_texts_made_in_arrow_are_the_columns_pandas_makes_of_the_strings(parallel_always, jobs):
    corpus = build_corpus(read_sources(None), jobs=jobs)
    for frame, column in ((corpus.documents, "clean_text"), (corpus.passages, "text")):
        assert len(frame) and frame[column].str.len().gt(0).all()
        expected = pd.Series(frame[column].tolist(), name=column)  # dtype and values as pandas infers them
        pd.testing.assert_series_equal(frame[column].reset_index(drop=True), expected)


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


def test_long_lived_without_collecting_freezes_what_is_alive_in_no_pass(monkeypatch):
    import gc

    from alliance_data.workers import long_lived

    held = [[i] for i in range(1000)]
    passes = []
    monkeypatch.setattr(gc, "collect", lambda *a: passes.append(a) or 0)
    with long_lived(collect=False):
        assert passes == [] and gc.get_freeze_count() >= len(held)
    assert gc.get_freeze_count() == 0
    with long_lived():
        assert len(passes) == 1


def _module_loaded(name: str) -> bool:
    import sys

    return name in sys.modules


def test_started_workers_are_running_and_have_imported_their_modules():
    with workers_module.ProcessScheduler(2, imports=("alliance_data.corpus",)) as pool:
        pool.start()
        assert len(pool._pool._processes) == 2  # both started before any step asked for them
        assert pool.map(_module_loaded, ["alliance_data.corpus", "alliance_data.corpus"]) == [True, True]


def _frozen_objects(_) -> int:
    import gc

    return gc.get_freeze_count()


def test_a_started_worker_leaves_what_its_imports_made_out_of_collection():
    with workers_module.ProcessScheduler(2, imports=("alliance_data.corpus",)) as pool:
        pool.start()
        assert all(count > 1000 for count in pool.map(_frozen_objects, [0, 1]))


def test_a_worker_start_that_fails_leaves_the_work_to_this_process():
    with workers_module.ProcessScheduler(2, imports=("alliance_data.no_such_module",)) as pool:
        pool.start()
        assert pool.map(len, ["ab", "abc", "a"]) == [2, 3, 1]
        assert pool._broken


def test_a_build_starts_its_workers_early_only_for_large_sources(tmp_path, monkeypatch):
    from alliance_dashboard import store
    from alliance_dashboard.corpora import CorpusChoice

    started = []
    monkeypatch.setattr(workers_module.ProcessScheduler, "start", lambda self: started.append(self.imports))
    assert store._source_bytes(None) < store.EARLY_WORKERS_BYTES  # the bundled seeds build in this process
    big = tmp_path / "big"
    big.mkdir()
    (big / "a.txt").write_text("The alliance was renewed in Tokyo on Monday. " * 40, encoding="utf-8")
    (big / "b.txt").write_text("Ministers met in Washington to discuss the alliance. " * 40, encoding="utf-8")
    assert store._source_bytes([str(big)]) == sum(p.stat().st_size for p in big.iterdir())
    monkeypatch.setattr(store, "EARLY_WORKERS_BYTES", store._source_bytes([str(big)]))

    store.build_tables(CorpusChoice("seeds", ()))
    assert started == []
    store.build_tables(CorpusChoice("big", (str(big),)))
    assert started == [store.WORKER_IMPORTS]


@pytest.mark.parametrize("wait", [True, False])
def test_leaving_a_pool_with_or_without_waiting_ends_its_workers(wait):
    with workers_module.ProcessScheduler(2, wait_on_exit=wait) as pool:
        pool.start()
        assert pool.map(len, ["ab", "abc", "a"]) == [2, 3, 1]
        processes = list(pool._pool._processes.values())
    assert pool._pool is None and len(processes) == 2
    if wait:  # the block ended once they had exited
        assert not any(process.is_alive() for process in processes)
    # Else they exit on their own. The pool's own thread reaps them too: a join here that loses that race returns
    # at once while the process still looks alive (its exit code not recorded yet), so look again until then.
    deadline = time.monotonic() + 60
    while any(process.is_alive() for process in processes) and time.monotonic() < deadline:
        for process in processes:
            process.join(timeout=0.1)
    assert not any(process.is_alive() for process in processes)
    with pool:  # a new pool for any later work
        assert pool.map(len, ["abcd", "a"]) == [4, 1]


class _CountsItsPickling:
    pickled = 0

    def __init__(self, value):
        self.value = value

    def __reduce__(self):
        type(self).pickled += 1
        return _CountsItsPickling, (self.value,)


def test_a_shipped_value_is_pickled_once_and_unpickled_once_per_process():
    import pickle

    value = _CountsItsPickling([1, 2, 3])
    shipped = workers_module.Shipped(value)
    assert shipped.get() is value  # not sent anywhere: the value itself
    tasks = [pickle.dumps((shipped, i)) for i in range(3)]  # three tasks taking it along
    assert _CountsItsPickling.pickled == 1
    received = [pickle.loads(task)[0] for task in tasks]
    assert received[0].get() is not value and received[0].get().value == [1, 2, 3]
    assert all(r.get() is received[0].get() for r in received)  # unpickled once for all three
    other = pickle.loads(pickle.dumps(workers_module.Shipped(_CountsItsPickling("another"))))
    assert other.get().value == "another" and _CountsItsPickling.pickled == 2
    assert pickle.loads(tasks[0])[0].get().value == [1, 2, 3]  # the first again, once the other replaced it


def _pages(folder, n=6):
    folder.mkdir()
    sentences = ["The two governments agreed on Tuesday to resume talks on the harbour agreement, officials said.",
                 "Negotiators will meet in the capital next week to settle berthing rights and maintenance costs."]
    for i in range(n):
        body = "".join(f"<p>{s} (Report {i}.)</p>" for s in sentences)
        (folder / f"page{i}.html").write_text(
            f"<html><head><title>Talks, day {i}</title></head><body><nav><a href='/'>Home</a> | <a href='/w'>World</a>"
            f"</nav><article><h1>Talks, day {i}</h1>{body}</article></body></html>", encoding="utf-8")
    (folder / "blank.html").write_text("<html><body><script>var x = 1;</script></body></html>", encoding="utf-8")
    (folder / "notes.txt").write_text("Harbour notes\n\n" + " ".join(sentences) + "\n", encoding="utf-8")
    return folder


def test_web_pages_are_extracted_in_the_workers_with_the_documents_read_here(tmp_path, monkeypatch):
    """Pages extracted in two processes as they are read give the documents, problems and tables of pages
    extracted as they are read, in one process."""
    from alliance_data.corpus import read_documents, scheduler_for
    from alliance_data.workers import ProcessScheduler

    folder = _pages(tmp_path / "pages")
    sent = []
    original = workers_module.ProcessScheduler.submit

    def submit_and_note(self, function, *args):
        sent.append(getattr(function, "__name__", ""))
        return original(self, function, *args)

    monkeypatch.setattr(workers_module.ProcessScheduler, "submit", submit_and_note)
    monkeypatch.setattr(corpus_module, "MIN_PARALLEL_PAGES", 2)
    monkeypatch.setattr(corpus_module, "PAGE_BATCH", 2)
    eager = read_sources(folder)
    with ProcessScheduler(2) as pool:
        later = read_documents(folder, scheduler=pool)
        assert sent and set(sent) == {"_extract_batch"} and pool.started
        assert scheduler_for(later, pool) is pool  # its workers run already: the build uses them
        two = build_corpus(later, scheduler=scheduler_for(later, pool))
    one = build_corpus(eager, jobs=1)
    assert later == eager
    _assert_same(one, two)
    assert len(two.documents) == 7 and [p.source for p in two.problems] == ["blank.html"]


def test_workers_start_for_many_documents_or_web_pages_already_extracted_on_them(tmp_path, monkeypatch):
    from alliance_data.corpus import scheduler_for, wants_workers
    from alliance_data.workers import ProcessScheduler

    seeds = read_sources(None)
    assert not wants_workers(seeds, 2)
    monkeypatch.setattr(corpus_module, "MIN_PARALLEL_DOCUMENTS", 5)
    assert wants_workers(seeds, 2) and not wants_workers(seeds, 1)
    monkeypatch.setattr(corpus_module, "MIN_PARALLEL_DOCUMENTS", 6)
    pool = ProcessScheduler(2)  # not started: nothing runs on it
    assert scheduler_for(seeds, pool) is None and not pool.started


class _Counting:
    """A scheduler of one worker that runs each task when its result is asked for, counting the tasks under way."""

    workers = 1

    def __init__(self):
        self.under_way = self.most = self.sent = 0

    def submit(self, function, *args):
        self.under_way += 1
        self.sent += 1
        self.most = max(self.most, self.under_way)
        scheduler = self

        class Pending:
            def result(self):
                scheduler.under_way -= 1
                return function(*args)

        return Pending()


def test_pages_read_are_extracted_a_few_batches_at_a_time_with_the_same_documents(tmp_path, monkeypatch):
    from alliance_data.corpus import read_documents

    folder = _pages(tmp_path / "pages", n=20)
    monkeypatch.setattr(corpus_module, "MIN_PARALLEL_PAGES", 3)
    monkeypatch.setattr(corpus_module, "PAGE_BATCH", 2)
    reference = read_sources(folder)  # extracted as read: the problem of the page without an article is the last
    here = read_documents(folder)
    counting = _Counting()
    handed = []
    spread = read_documents(folder, scheduler=counting, on_document=handed.append)
    assert here == spread == reference
    assert [p.source for p in spread.problems] == ["blank.html"]
    # 21 pages: 3 extracted here, 18 in 9 batches of 2, at most two batches under way for its one worker.
    assert counting.sent == 9 and counting.most == 3  # the third is sent, then the first waited for
    assert sorted(d.source for d in handed) == sorted(d.source for d in spread.documents)
    few = _Counting()
    read_documents(_pages(tmp_path / "few", n=1), scheduler=few)  # fewer pages than MIN_PARALLEL_PAGES: here
    assert few.sent == 0


def test_load_corpus_extracts_pages_in_two_processes_as_in_one(tmp_path, monkeypatch):
    from alliance_data.corpus import load_corpus

    folder = _pages(tmp_path / "pages", n=12)
    monkeypatch.setattr(corpus_module, "MIN_PARALLEL_PAGES", 4)
    _assert_same(load_corpus(folder, jobs=1), load_corpus(folder, jobs=2))

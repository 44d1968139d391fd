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


def _one_process_export(sources, out, *, themes=True):
    from alliance_data.cli import export_parquet
    from alliance_data.corpus import load_corpus
    from alliance_data.themes import fit_corpus_themes

    corpus = load_corpus(sources, jobs=1)
    export_parquet(corpus, out, themes=fit_corpus_themes(corpus) if themes else None)
    return corpus


def test_a_partitioned_export_writes_the_tables_of_a_one_process_build(scheduler, tmp_path, monkeypatch):
    """Documents in partitions of four: copies of one article in different partitions, a broken row, an empty one."""
    from alliance_data import partitioned
    from alliance_data.partitioned import export_partitioned
    from alliance_data.tables_io import read_tables

    (tmp_path / "in").mkdir()
    _synthetic(tmp_path / "in")
    sources = [tmp_path / "in"]
    corpus = _one_process_export(sources, tmp_path / "one")
    manifest, problems = export_partitioned(sources, tmp_path / "spread", scheduler, part_documents=4)
    assert len(manifest["parts"]["documents"]) == 7  # 26 rows read, 4 to a partition
    # The near-duplicate keys shuffled between the workers, as for an archive with too many to count here
    monkeypatch.setattr(partitioned, "KEYS_COUNTED_HERE", 0)
    export_partitioned(sources, tmp_path / "shuffled", scheduler, themes=False, part_documents=4)
    shuffled, _ = read_tables(tmp_path / "shuffled")
    for name in ("documents", "passages", "collation"):
        pd.testing.assert_frame_equal(read_tables(tmp_path / "one")[0][name], shuffled[name], obj=name)
    assert [str(p) for p in problems] == [str(p) for p in corpus.problems] and problems
    left, one = read_tables(tmp_path / "one")
    right, spread = read_tables(tmp_path / "spread")
    assert list(left) == list(right) == ["documents", "passages", "mentions", "removed", "collation", "themes",
                                         "assignments"]
    for name in left:
        pd.testing.assert_frame_equal(left[name], right[name], obj=name)
    assert one["fingerprint"] == spread["fingerprint"] == corpus.fingerprint
    assert one["problems"] == spread["problems"] and one["rows"] == spread["rows"]
    assert (tmp_path / "one" / "model.npz").read_bytes() == (tmp_path / "spread" / "model.npz").read_bytes()
    # The family of copies spans partitions, and was collated all the same.
    documents = left["documents"]
    family = documents.loc[documents["source"].str.endswith("copy"), "family_id"].iloc[0]
    members = set(documents.loc[documents["family_id"] == family, "doc_id"])
    holding = [part for part in manifest["parts"]["documents"]
               if members & set(pd.read_parquet(tmp_path / "spread" / part, columns=["doc_id"])["doc_id"])]
    assert len(members) > 1 and len(holding) > 1
    assert set(right["collation"]["family_id"]) >= {family}


def test_a_partitioned_export_of_nothing_readable_is_an_error(scheduler, tmp_path):
    from alliance_data.partitioned import export_partitioned

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "broken.jsonl").write_text("{not json\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no document could be built"):
        export_partitioned([tmp_path / "in"], tmp_path / "out", scheduler)
    assert not (tmp_path / "out" / "manifest.json").exists()


def test_what_a_partition_sends_back_holds_no_text():
    """Of a built partition, the steps across documents get the documents' small columns: no text, no removed lines."""
    from alliance_data import partitioned

    cleaned = partitioned._clean_part(read_sources(None).documents)
    ids, evidence, problems, digests, unread = partitioned._evidence(cleaned)
    assert ids == sorted(ids) and all(found is not None for found in evidence) and not unread
    assert len(set(digests)) == len(ids) == 5
    built = partitioned._build_part(cleaned, {d: d for d in ids}, {})
    rows, failed = partitioned._heads(built)
    assert rows["doc_id"].tolist() == ids and not failed
    assert not set(partitioned.HEAVY_COLUMNS) & set(rows.columns)
    assert {"doc_id", "family_id", "date_min", "ontopic_words"} <= set(rows.columns)
    assert all(built.part.documents[column].notna().all() for column in partitioned.HEAVY_COLUMNS)


def test_export_on_a_local_cluster_with_themes_matches_one_process(tmp_path, capsys):
    from alliance_data.tables_io import read_tables

    one, spread = tmp_path / "one", tmp_path / "spread"
    assert main(["export", "--format", "parquet", "--jobs", "1", "--out", str(one)]) == 0
    assert main(["export", "--format", "parquet", "--scheduler", "local", "--jobs", "2", "--out", str(spread)]) == 0
    err = capsys.readouterr().err
    assert "Dask cluster" in err and "Writing the tables on the workers" in err
    left, _ = read_tables(one)
    right, manifest = read_tables(spread)
    assert "parts" in manifest and "themes" in right
    for name in left:
        pd.testing.assert_frame_equal(left[name], right[name], obj=name)


def test_exporting_again_into_a_folder_leaves_no_part_of_the_earlier_export(scheduler, tmp_path):
    from alliance_data.partitioned import export_partitioned
    from alliance_data.tables_io import read_tables

    out = tmp_path / "out"
    export_partitioned(None, out, scheduler, part_documents=1)
    assert len(list((out / "passages").glob("part-*.parquet"))) == len(list((out / "assignments").glob("*"))) == 5
    manifest, _ = export_partitioned(None, out, scheduler, themes=False, part_documents=3)
    assert sorted(p.name for p in (out / "passages").iterdir()) == ["part-00000.parquet", "part-00001.parquet"]
    assert not list((out / "assignments").glob("*")) and not (out / "model.npz").exists()
    assert set(manifest["files"]) == {f"{name}/part-0000{i}.parquet" for name in
                                      ("documents", "passages", "mentions", "removed") for i in (0, 1)} | {
        "collation.parquet"}
    assert len(read_tables(out)[0]["documents"]) == 5
    # A one-machine export into the same folder leaves none of the cluster's parts
    from alliance_data.cli import export_parquet
    from alliance_data.corpus import load_corpus

    export_parquet(load_corpus(None, jobs=1), out)
    assert not [p for p in out.rglob("*") if p.is_file() and p.parent != out]
    assert len(read_tables(out)[0]["documents"]) == 5


def test_work_the_cluster_lost_is_a_cluster_error(scheduler, tmp_path, monkeypatch):
    from types import SimpleNamespace

    from distributed import KilledWorker

    from alliance_data import partitioned

    def lost(*args, **kwargs):
        raise KilledWorker("_build_part-1", SimpleNamespace(address="tcp://10.0.0.2:40000"), 3)

    monkeypatch.setattr(partitioned, "_export", lost)
    with pytest.raises(cluster.ClusterError, match="lost work in progress.*run the export again"):
        partitioned.export_partitioned(None, tmp_path / "out", scheduler)


def _page(title: str, paragraphs: list[str]) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<html><head><title>{title}</title></head><body><nav><a href='/'>Home</a> | <a href='/w'>World</a> | "
            f"<a href='/b'>Business</a></nav><article><h1>{title}</h1>{body}</article>"
            "<footer>Copyright 2024 The Harbour Gazette. All rights reserved.</footer></body></html>")


def test_html_pages_are_extracted_on_the_workers_with_the_tables_of_one_process(scheduler, tmp_path):
    from alliance_data.load import PendingPage, RawDocument, iter_sources
    from alliance_data.partitioned import export_partitioned
    from alliance_data.tables_io import read_tables

    folder = tmp_path / "in"
    folder.mkdir()
    sentences = ["The two governments agreed on Tuesday to resume talks on the harbour agreement, officials said.",
                 "Negotiators will meet in the capital next week to settle berthing rights and maintenance costs.",
                 "Local businesses welcomed the news after a pause of several months that had worried the port."]
    for i in range(5):
        (folder / f"page{i}.html").write_text(_page(f"Harbour talks, day {i}", [f"{s} (Report {i}.)" for s in
                                                                                 sentences]), encoding="utf-8")
    (folder / "copy.html").write_text(_page("Harbour talks, day 0", [f"{s} (Report 0.)" for s in sentences]),
                                      encoding="utf-8")
    (folder / "blank.html").write_text("<html><body><script>var x = 1;</script></body></html>", encoding="utf-8")
    (folder / "notes.txt").write_text("Harbour notes\n\n" + " ".join(sentences) + "\n", encoding="utf-8")
    problems = []
    read = list(iter_sources(folder, problems=problems, extract_later=True))
    assert {type(d).__name__ for d in read} == {"PendingPage", "RawDocument"}
    assert all(isinstance(d, PendingPage) == d.source.endswith(".html") for d in read)
    assert all(isinstance(d, RawDocument) for d in iter_sources(folder, problems=[]))

    corpus = _one_process_export([folder], tmp_path / "one", themes=False)
    _, found = export_partitioned([folder], tmp_path / "spread", scheduler, themes=False, part_documents=3)
    left, one = read_tables(tmp_path / "one")
    right, spread = read_tables(tmp_path / "spread")
    for name in left:
        pd.testing.assert_frame_equal(left[name], right[name], obj=name)
    assert len(left["documents"]) == 7 and left["removed"]["rule"].eq("extractor").any()
    assert one["fingerprint"] == spread["fingerprint"]
    assert list(map(str, found)) == list(map(str, corpus.problems)) and any("blank.html" in str(p) for p in found)


def test_duckdb_reads_all_the_parts_of_a_table_as_one(scheduler, tmp_path):
    """Parts of one document each: some without removed lines, some with no off-topic passage or no author."""
    import duckdb

    from alliance_data.partitioned import PARTED_TABLES, export_partitioned
    from alliance_data.tables_io import read_tables

    manifest, _ = export_partitioned(None, tmp_path / "out", scheduler, themes=False, part_documents=1)
    frames, _ = read_tables(tmp_path / "out")
    assert len(manifest["parts"]["documents"]) == 5
    assert len(manifest["parts"]["removed"]) == sum(frames["removed"].groupby("doc_id").size() > 0)  # no empty part
    connection = duckdb.connect()
    for name in PARTED_TABLES:
        found = f"'{tmp_path / 'out' / name}/*.parquet'"
        types = dict(connection.sql(f"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM {found})").fetchall())
        assert '"NULL"' not in types.values() and "NULL" not in types.values(), (name, types)
        for column in frames[name].columns:
            [(counted,)] = connection.sql(f'SELECT count("{column}") FROM {found}').fetchall()
            assert counted == frames[name][column].notna().sum(), (name, column)
    eras = dict(connection.sql(f"SELECT era, count(*) FROM '{tmp_path / 'out'}/passages/*.parquet' GROUP BY era").fetchall())
    assert eras == frames["passages"]["era"].value_counts().to_dict()


def test_themes_fitted_on_samples_of_the_parts_are_those_of_one_process(scheduler, tmp_path, monkeypatch):
    """Above the fit's sample sizes the vocabulary, projection and clusters are learned on samples of the passages,
    and the map laid out on a sample: fetched from the parts, they give the model and tables of one process."""
    from alliance_data import theme_model, themes
    from alliance_data.partitioned import export_partitioned
    from alliance_data.tables_io import read_tables

    monkeypatch.setattr(theme_model, "_FIT_SAMPLE", 50)
    monkeypatch.setattr(themes, "_MAX_TSNE", 20)
    (tmp_path / "in").mkdir()
    _synthetic(tmp_path / "in")
    sources = [tmp_path / "in"]
    corpus = _one_process_export(sources, tmp_path / "one")
    analysed = int((~corpus.passages["duplicate"] & ~corpus.passages["offtopic"]).sum())
    assert analysed > 50  # the samples are samples
    manifest, _ = export_partitioned(sources, tmp_path / "spread", scheduler, part_documents=4)
    assert len(manifest["parts"]["assignments"]) > 1 and manifest["part_keys"] == {"assignments": ["doc_id"]}
    left, _ = read_tables(tmp_path / "one")
    right, _ = read_tables(tmp_path / "spread")
    for name in ("themes", "assignments"):
        pd.testing.assert_frame_equal(left[name], right[name], obj=name)
    assert (tmp_path / "one" / "model.npz").read_bytes() == (tmp_path / "spread" / "model.npz").read_bytes()
    assert (tmp_path / "one" / "model.json").read_bytes() == (tmp_path / "spread" / "model.json").read_bytes()


@pytest.mark.parametrize("corpus", ["five identical notes", "a thousand identical rows", "one short note"])
def test_degenerate_corpora_fit_the_same_themes_on_the_cluster(scheduler, tmp_path, corpus):
    """Copies everywhere leave one passage or a handful to fit on: no projection, one cluster, no stability."""
    from alliance_data.partitioned import export_partitioned
    from alliance_data.tables_io import read_tables

    folder = tmp_path / "in"
    folder.mkdir()
    if corpus == "five identical notes":
        for i in range(5):
            (folder / f"note{i}.txt").write_text("alliance defense treaty signed\n", encoding="utf-8")
    elif corpus == "a thousand identical rows":
        (folder / "rows.jsonl").write_text("".join(
            json.dumps({"id": i, "text": "The alliance defense treaty was signed today."}) + "\n" for i in range(1000)),
            encoding="utf-8")
    else:
        (folder / "note.txt").write_text("Alliance.\n", encoding="utf-8")
    _one_process_export([folder], tmp_path / "one")
    export_partitioned([folder], tmp_path / "spread", scheduler, part_documents=2 if corpus != "a thousand identical rows" else 300)
    left, _ = read_tables(tmp_path / "one")
    right, _ = read_tables(tmp_path / "spread")
    assert list(left) == list(right) and "assignments" in right
    for name in left:
        pd.testing.assert_frame_equal(left[name], right[name], obj=name)
    assert (tmp_path / "one" / "model.npz").read_bytes() == (tmp_path / "spread" / "model.npz").read_bytes()


def _mixed_sources(root):
    """Two folders and a file named on its own: documents, tables, pages, an archive, files that cannot be read, and
    the same names in several sources (named apart in the order of reading)."""
    import zipfile

    seeds = [p.read_text(encoding="utf-8") for p in bundled_sources()]
    first, second = root / "first", root / "second"
    (first / "sub").mkdir(parents=True)
    second.mkdir()
    (root / "alone").mkdir()
    rows = [{"id": "r1", "text": seeds[1]}, {"id": "r2", "text": seeds[2], "date": "2005"},
            {"id": "r2", "text": seeds[3]}, {"id": "r3", "text": ""}]
    (first / "rows.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows) + "{not json\n", encoding="utf-8")
    (first / "a.txt").write_text(seeds[0], encoding="utf-8")
    (first / "sub" / "b.txt").write_text(seeds[4], encoding="utf-8")
    (first / "latin.txt").write_bytes(seeds[0].replace("alliance", "alliance caf\u00e9").encode("cp1252", "replace"))
    (first / "empty.txt").write_text("  \n", encoding="utf-8")
    (first / ".hidden.txt").write_text(seeds[0], encoding="utf-8")
    (first / "notes.pdf").write_bytes(b"%PDF-1.4")
    sentences = ["The two governments agreed on Tuesday to resume talks on the harbour agreement, officials said.",
                 "Negotiators will meet in the capital next week to settle berthing rights and maintenance costs."]
    (first / "page.html").write_text(_page("Harbour talks", sentences), encoding="utf-8")
    (first / "blank.html").write_text("<html><body><script>var x = 1;</script></body></html>", encoding="utf-8")
    with zipfile.ZipFile(first / "pack.zip", "w") as archive:
        archive.writestr("inner.txt", seeds[2].replace("alliance", "pact"))
        archive.writestr("../escape.txt", seeds[2])
    (second / "a.txt").write_text(seeds[3].replace("alliance", "treaty"), encoding="utf-8")
    (second / "rows.jsonl").write_text(json.dumps({"id": "r1", "text": seeds[4].replace("alliance", "accord")}) + "\n",
                                       encoding="utf-8")
    (root / "alone" / "a.txt").write_text(seeds[1].replace("alliance", "partnership"), encoding="utf-8")
    return [first, root / "alone" / "a.txt", second]


def test_a_folder_is_read_on_the_workers_with_the_tables_and_problems_of_one_process(scheduler, tmp_path, monkeypatch):
    from alliance_data import partitioned
    from alliance_data.tables_io import read_tables

    sources = _mixed_sources(tmp_path / "in")
    read_there = []

    def counted(file, **kwargs):
        read_there.append(file.source)
        return read_pending_file(file, **kwargs)

    from alliance_data.load import read_pending_file

    monkeypatch.setattr(partitioned, "read_pending_file", counted)
    corpus = _one_process_export(sources, tmp_path / "one", themes=False)
    manifest, problems = partitioned.export_partitioned(sources, tmp_path / "spread", scheduler, themes=False,
                                                        part_documents=2)
    # Every file of the two folders was read on a worker; the file named on its own and the archive here.
    assert sorted(read_there) == ["a.txt", "a.txt", "blank.html", "empty.txt", "latin.txt", "page.html", "rows.jsonl",
                                  "rows.jsonl", "sub/b.txt"]
    left, one = read_tables(tmp_path / "one")
    right, spread = read_tables(tmp_path / "spread")
    for name in left:
        pd.testing.assert_frame_equal(left[name], right[name], obj=name)
    assert one["fingerprint"] == spread["fingerprint"] == corpus.fingerprint
    # The same problems in the same order: each file's in its place among those met listing the folders.
    assert [str(p) for p in problems] == [str(p) for p in corpus.problems]
    assert one["problems"] == spread["problems"]
    shown = [str(p) for p in problems]
    for text in ("empty.txt", "not valid JSON", "notes.pdf", ".hidden.txt", "escape.txt", "blank.html", "latin.txt"):
        assert any(text in p for p in shown), text
    assert shown.index(next(p for p in shown if "empty.txt" in p)) < shown.index(
        next(p for p in shown if "notes.pdf" in p))
    # The same name from several sources, and twice in one table, named apart in the order of reading.
    names = set(left["documents"]["source"])
    assert {"a.txt", "a.txt (2)", "a.txt (3)", "rows.jsonl#r1", "rows.jsonl#r1 (2)", "rows.jsonl#r2",
            "rows.jsonl#r2 (2)", "pack.zip/inner.txt", "sub/b.txt", "page.html"} <= names
    documents = left["documents"].set_index("source")
    assert "partnership" in documents.loc["a.txt (2)", "clean_text"]  # the file named on its own came second
    assert "treaty" in documents.loc["a.txt (3)", "clean_text"]
    assert len(manifest["parts"]["documents"]) >= 5


def test_a_folder_the_workers_cannot_reach_is_read_here_with_the_same_tables(scheduler, tmp_path, monkeypatch):
    from alliance_data import partitioned
    from alliance_data.tables_io import read_tables

    sources = _mixed_sources(tmp_path / "in")
    assert partitioned._reached_by_workers(scheduler.client, sources)
    assert not partitioned._reached_by_workers(scheduler.client, [sources[1]])  # a file only: nothing to ask
    assert not partitioned._reached_by_workers(scheduler.client, None)
    assert not partitioned._reached_by_workers(scheduler.client, [tmp_path / "gone"])

    def never(*args, **kwargs):
        raise AssertionError("a file was read on a worker")

    monkeypatch.setattr(partitioned, "_reached_by_workers", lambda client, sources: False)
    monkeypatch.setattr(partitioned, "read_pending_file", never)
    corpus = _one_process_export(sources, tmp_path / "one", themes=False)
    _, problems = partitioned.export_partitioned(sources, tmp_path / "spread", scheduler, themes=False,
                                                 part_documents=3)
    left, _ = read_tables(tmp_path / "one")
    right, _ = read_tables(tmp_path / "spread")
    for name in left:
        pd.testing.assert_frame_equal(left[name], right[name], obj=name)
    assert [str(p) for p in problems] == [str(p) for p in corpus.problems]


@pytest.mark.parametrize("counted_here", [True, False], ids=["keys counted here", "keys shuffled on the workers"])
def test_near_duplicate_families_found_on_the_workers_are_those_of_one_process(scheduler, monkeypatch, counted_here):
    """Keys shuffled by key across partitions: copies whole, cut and padded, in different partitions; a key in
    more documents than count as evidence; documents without keys; one whose cleaning failed; and pairs whose
    paragraphs differ although their sentences agree (the paragraph keys fetched for those only)."""
    from types import SimpleNamespace

    import numpy as np

    from alliance_data import partitioned
    from alliance_data.families import MAX_POSTING, find_families, key_array

    if not counted_here:
        monkeypatch.setattr(partitioned, "KEYS_COUNTED_HERE", 0)
        shuffled = []
        real = partitioned._pairs_shuffled
        monkeypatch.setattr(partitioned, "_pairs_shuffled", lambda *a: shuffled.append(1) or real(*a))
    rng = np.random.default_rng(7)
    articles = [set(rng.integers(0, 2**63, 30, dtype=np.uint64).tolist()) for _ in range(10)]
    boilerplate = {12345}
    keys, cores = {}, {}
    for i in range(70):
        article = articles[i % 10]
        kind = i // 10 % 3
        own = sorted(article)[: 18 if kind == 1 else 30] + (rng.integers(0, 2**63, 8, dtype=np.uint64).tolist()
                                                           if kind == 2 else [])
        doc_id = f"d{rng.integers(0, 10**9):09d}"
        keys[doc_id] = set(own) | boilerplate
        # Paragraphs: the article's own, except for a few documents whose paragraphs are their own.
        cores[doc_id] = set(sorted(article)[:10]) if i % 7 else set(rng.integers(0, 2**63, 10, dtype=np.uint64).tolist())
    for i in range(3):
        keys[f"empty{i}"], cores[f"empty{i}"] = set(), set()
    assert len(keys) > MAX_POSTING  # the boilerplate key is held by too many documents to count
    expected = find_families({d: key_array(k) for d, k in keys.items()}, lambda d: key_array(cores[d]))
    assert expected != find_families({d: key_array(k) for d, k in keys.items()})  # the paragraphs matter here
    assert max(list(expected.values()).count(f) for f in set(expected.values())) >= 5

    order = list(keys) + ["failed"]
    rng.shuffle(order)
    parts, part_ids = [], []
    for start in range(0, len(order), 7):
        ids = order[start:start + 7]
        evidence = [None if d == "failed" else (key_array(keys[d]), key_array(cores[d]), ()) for d in ids]
        part = partitioned._Cleaned([SimpleNamespace(doc_id=d) for d in ids], [], [], evidence, [], [])
        [sent] = scheduler.client.scatter([part], hash=False)
        parts.append(sent)
        part_ids.append([d for d in ids if d != "failed"])
    found = partitioned._families_over_parts(scheduler.client, parts, part_ids, {d: len(k) for d, k in keys.items()})
    assert found == expected
    assert counted_here or shuffled  # the path asked for was the one taken
    assert partitioned._families_over_parts(scheduler.client, [], [], {}) == {}


def _part_sums(part, scale):
    return part * scale, int(part.sum()) * scale


def test_sums_over_the_parts_are_added_up_on_each_worker_first(scheduler):
    """A sum over many parts comes here as one sum per worker thread (each worker adding up the parts it holds),
    and is the sum of every part's result."""
    import numpy as np
    from distributed import get_task_stream

    from alliance_data.parted_themes import _summed

    client = scheduler.client
    parts = [client.submit(np.full, 4, i, dtype=np.int64, pure=False) for i in range(12)]
    with get_task_stream(client) as stream:
        total, count = _summed(client, _part_sums, parts, 3, start=(np.zeros(4, dtype=np.int64), 0))
    assert total.tolist() == [3 * sum(range(12))] * 4 and count == 3 * 4 * sum(range(12))
    adders = [task for task in stream.data if task["key"].startswith("_summed_here")]
    assert 1 <= len(adders) <= sum(client.nthreads().values()) < len(parts)
    # each worker added up only the parts it held: nothing moved between them
    assert all(not task.get("startstops") or all(s["action"] == "compute" for s in task["startstops"]) for task in adders)

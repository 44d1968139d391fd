"""Corpus settings and the on-disk cache of built tables."""

import json
import os
import shutil
from pathlib import Path

import numpy as np
import pandas as pd

import pytest

from alliance_dashboard import store
from alliance_data.load import bundled_sources
from alliance_dashboard.corpora import BUNDLED, CorpusChoice, corpus_choices, parse_corpora_setting
from fake_tables import fake_tables
from fresh_interpreter import modules_loaded


@pytest.mark.parametrize(("text", "expected"), [
    ("", {}),
    ("un=a/b.jsonl.gz", {"un": ("a/b.jsonl.gz",)}),
    ("a=x; b = y , z ;", {"a": ("x",), "b": ("y", "z")}),
])
def test_parse_corpora_setting(text, expected):
    assert parse_corpora_setting(text) == expected


@pytest.mark.parametrize("text", ["nameonly", "=path", "a="])
def test_parse_corpora_setting_rejects_malformed(text):
    with pytest.raises(ValueError, match="expected name=path"):
        parse_corpora_setting(text)


def test_corpus_choices_bundled_first_missing_reported(tmp_path):
    (tmp_path / "docs").mkdir()
    choices, problems = corpus_choices("mine=docs;gone=nowhere.txt", {"alliance": "x"}, base_dir=tmp_path)
    assert [c.name for c in choices] == [BUNDLED, "mine"]
    assert choices[1].sources == (str(tmp_path / "docs"),)
    assert len(problems) == 2 and any("nowhere.txt" in p for p in problems)


def test_cache_key_follows_the_files(tmp_path):
    source = tmp_path / "a.txt"
    source.write_text("one")
    choice = CorpusChoice("mine", (str(source),))
    first = store.cache_key(choice)
    assert store.cache_key(choice) == first
    source.write_text("one more")
    assert store.cache_key(choice) != first


def _fake_build(calls=None):
    def build(choice, key, progress=None):
        if calls is not None:
            calls.append(key)
        return fake_tables(choice.name, key)
    return build


def _stored(directory, choice):
    """The stored build's documents table, model arrays and manifest."""
    build = store.corpus_folder(directory, choice.name) / store.cache_key(choice)
    return build / "documents.parquet", build / "model.npz", build / "manifest.json"


def _with_model(build):
    """A build function whose tables carry a real fitted theme model (fitted on the fake passages)."""
    from alliance_data.themes import ThemeModel

    def with_model(choice, key, progress=None):
        tables = build(choice, key, progress)
        model = ThemeModel(n_clusters=2, n_stability=0).fit(tables.corpus.passages["text"].tolist())
        tables.themes = store.StoredThemes(tables.themes.themes, tables.themes.assignments, model)
        return tables
    return with_model


def test_load_or_build_stores_and_reuses(tmp_path):
    calls = []
    choice = CorpusChoice(BUNDLED)
    first, from_disk = store.load_or_build(choice, directory=tmp_path, build=_fake_build(calls))
    second, from_disk_again = store.load_or_build(choice, directory=tmp_path, build=_fake_build(calls))
    assert (from_disk, from_disk_again, len(calls)) == (False, True, 1)
    assert second.view.equals(first.view)
    assert not list(tmp_path.rglob("*.tmp"))


@pytest.mark.parametrize("damage", ["truncate", "flip", "delete", "manifest"])
def test_a_damaged_build_is_rebuilt_not_shown_as_an_error(tmp_path, damage):
    choice = CorpusChoice(BUNDLED)
    calls = []
    store.load_or_build(choice, directory=tmp_path, build=_fake_build(calls))
    tables_path, _, manifest_path = _stored(tmp_path, choice)
    data = tables_path.read_bytes()
    if damage == "truncate":
        tables_path.write_bytes(data[: len(data) // 2])
    elif damage == "flip":  # same size, one byte changed
        tables_path.write_bytes(data[:100] + bytes([data[100] ^ 0xFF]) + data[101:])
    elif damage == "delete":
        tables_path.unlink()
    else:
        manifest_path.write_text("{not json")
    tables, from_disk = store.load_or_build(choice, directory=tmp_path, build=_fake_build(calls))
    assert not from_disk and len(calls) == 2 and tables.key == store.cache_key(choice)
    assert store.load_or_build(choice, directory=tmp_path, build=_fake_build(calls))[1]


def test_a_new_build_removes_stale_files_of_the_same_corpus_only(tmp_path):
    mine = store.corpus_folder(tmp_path, "un")
    other = store.corpus_folder(tmp_path, "un-small")
    for folder in (mine, other):
        (folder / "0000stale").mkdir(parents=True)
        (folder / "0000stale" / "manifest.json").write_text("{}")
    source = tmp_path / "a.txt"
    source.write_text("one")
    choice = CorpusChoice("un", (str(source),))
    store.load_or_build(choice, directory=tmp_path, build=_fake_build())
    assert [p.name for p in mine.iterdir()] == [store.cache_key(choice)]
    assert (other / "0000stale" / "manifest.json").exists()


def test_a_stored_build_round_trips_every_table_and_holds_no_pickle(tmp_path):
    choice = CorpusChoice(BUNDLED)
    built, _ = store.load_or_build(choice, directory=tmp_path, build=_fake_build())
    stored, from_disk = store.load_or_build(choice, directory=tmp_path, build=_fake_build())
    assert from_disk
    for name in ("documents", "passages", "mentions", "removed", "collation"):
        pd.testing.assert_frame_equal(getattr(stored.corpus, name), getattr(built.corpus, name), check_dtype=False)
    pd.testing.assert_frame_equal(stored.themes.assignments, built.themes.assignments, check_dtype=False)
    pd.testing.assert_frame_equal(stored.view, built.view, check_dtype=False)
    pd.testing.assert_frame_equal(stored.membership, built.membership, check_dtype=False)
    assert stored.options == built.options and stored.colors == built.colors
    assert [(p.source, p.reason) for p in stored.corpus.problems] == [(p.source, p.reason) for p in built.corpus.problems]
    assert isinstance(stored.corpus.documents["date_evidence"][0], list)
    build = store.corpus_folder(tmp_path, BUNDLED) / store.cache_key(choice)
    assert not [p for p in build.iterdir() if p.suffix in (".pickle", ".pkl")]


def test_corpus_folders_never_collide():
    names = ["un", "un-small", "un small", "un/small", "../x", "", "é", "un_small"]
    folders = {store.corpus_folder(Path("/c"), n) for n in names}
    assert len(folders) == len(names) and all(f.parent == Path("/c") for f in folders)


def test_the_fitted_model_is_stored_apart_and_read_on_first_use(tmp_path):
    choice = CorpusChoice(BUNDLED)
    build = _with_model(_fake_build())
    built, _ = store.load_or_build(choice, directory=tmp_path, build=build)
    _, model_file, _ = _stored(tmp_path, choice)
    assert model_file.exists()
    again, from_disk = store.load_or_build(choice, directory=tmp_path, build=build)
    assert from_disk and again.themes._model is None  # the tables come without the model
    texts = built.with_text(built.view)["text"].tolist()
    np.testing.assert_array_equal(again.themes.model.embed(texts), built.themes.model.embed(texts))
    assert again.themes.themes.equals(built.themes.themes)


def test_a_damaged_model_raises_a_plain_error_and_the_next_visit_rebuilds(tmp_path):
    choice = CorpusChoice(BUNDLED)
    calls = []
    build = _with_model(_fake_build(calls))
    store.load_or_build(choice, directory=tmp_path, build=build)
    _, model_file, _ = _stored(tmp_path, choice)
    model_file.write_bytes(b"not arrays")
    again, from_disk = store.load_or_build(choice, directory=tmp_path, build=build)
    assert from_disk
    with pytest.raises(store.StoreError, match="reload") as info:
        again.themes.model
    assert str(tmp_path) not in str(info.value) and again.themes.damaged
    rebuilt, from_disk = store.load_or_build(choice, directory=tmp_path, build=build)
    assert not from_disk and rebuilt.themes.model is not None and len(calls) == 2


def test_a_content_change_that_keeps_size_and_time_changes_the_key(tmp_path):
    source = tmp_path / "a.txt"
    source.write_text("alpha")
    stat = source.stat()
    choice = CorpusChoice("mine", (str(source),))
    first = store.cache_key(choice)
    source.write_text("omega")  # same size
    os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert source.stat().st_mtime_ns == stat.st_mtime_ns and source.stat().st_size == stat.st_size
    assert store.cache_key(choice) != first


def test_library_versions_are_part_of_the_key(monkeypatch):
    choice = CorpusChoice(BUNDLED)
    before = store.cache_key(choice)
    monkeypatch.setattr(store, "_library_versions", lambda: "scikit-learn=99")
    assert store.cache_key(choice) != before


def test_temporary_files_of_dead_processes_are_removed(tmp_path):
    folder = store.corpus_folder(tmp_path, "x")
    folder.mkdir(parents=True)
    dead = folder / "k.pid999999999.abc.tmp"
    live = folder / f"k.pid{os.getpid()}.abc.tmp"
    for path in (dead, live):
        path.mkdir()
        (path / "documents.parquet").write_bytes(b"half")
    assert store.clean_temporary_files(tmp_path) == 1
    assert not dead.exists() and live.exists()


def test_named_eras_from_the_setting_change_the_key_and_a_bad_file_falls_back(tmp_path, monkeypatch):
    choice = CorpusChoice(BUNDLED)
    monkeypatch.delenv("ALLIANCE_ERAS", raising=False)
    decades = store.cache_key(choice)
    eras_file = tmp_path / "eras.toml"
    eras_file.write_text('[[era]]\nname = "Post-Cold War"\nstart = 1992\nend = 2030\n')
    monkeypatch.setenv("ALLIANCE_ERAS", str(eras_file))
    eras, problem = store.eras_setting()
    assert problem is None and eras.of_year(1996) == "Post-Cold War"
    assert store.cache_key(choice) != decades
    eras_file.write_text("not toml = =")
    eras, problem = store.eras_setting()
    assert eras.of_year(1996) == "1990s" and "not valid TOML" in problem
    assert store.cache_key(choice) == decades


def test_a_corpus_table_in_the_settings_carries_its_title_themes_and_eras(tmp_path):
    (tmp_path / "speeches.jsonl").write_text('{"text": "x"}\n')
    root = Path(__file__).resolve().parents[2]
    secrets = {
        "un": {"path": "speeches.jsonl", "title": "UN speeches", "description": "General Debate",
               "themes": str(root / "examples" / "ungdc" / "themes.toml"),
               "eras": str(root / "examples" / "ungdc" / "eras.toml")},
        "typo": {"path": "speeches.jsonl", "colour": "red"},
        "gone": {"path": "speeches.jsonl", "themes": "nowhere.toml"},
    }
    choices, problems = corpus_choices(None, secrets, base_dir=tmp_path)
    un = next(c for c in choices if c.name == "un")
    assert un.sources == (str(tmp_path / "speeches.jsonl"),) and un.label == "UN speeches"
    assert un.themes.endswith("themes.toml") and un.eras.endswith("eras.toml")
    assert any("colour" in p for p in problems) and any("nowhere.toml" in p for p in problems)
    assert store.eras_setting(un)[0].of_year(1975) == "Decolonization and détente (1961–1979)"
    assert store.cache_key(un) != store.cache_key(CorpusChoice("un", un.sources))


def test_the_un_themes_file_is_valid_and_names_a_source_for_every_theme():
    from alliance_data.theme_config import load_theme_config

    config = load_theme_config(Path(__file__).resolve().parents[2] / "examples" / "ungdc" / "themes.toml")
    assert len(config.themes) >= 10
    assert all(theme.source and theme.core_terms for theme in config.themes)


# --------------------------------------------------------------------------- cache hygiene


def test_the_cache_lives_in_the_users_cache_folder_unless_set(tmp_path, monkeypatch):
    monkeypatch.delenv("ALLIANCE_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert store.cache_dir() == tmp_path / "xdg" / "alliance"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    if os.name == "posix" and not store.sys.platform == "darwin":
        assert store.cache_dir() == tmp_path / "home" / ".cache" / "alliance"
    assert store.cache_dir().is_absolute() and Path.cwd() not in store.cache_dir().parents
    monkeypatch.setenv("ALLIANCE_CACHE_DIR", str(tmp_path / "mine"))
    assert store.cache_dir() == tmp_path / "mine"


@pytest.mark.parametrize(("value", "expected"), [
    ("", store.DEFAULT_CACHE_MAX_MB * 1_000_000), ("100", 100_000_000), ("0.5", 500_000),
    ("lots", store.DEFAULT_CACHE_MAX_MB * 1_000_000), ("0", store.DEFAULT_CACHE_MAX_MB * 1_000_000),
    ("-3", store.DEFAULT_CACHE_MAX_MB * 1_000_000),
])
def test_the_size_cap_setting(monkeypatch, value, expected):
    monkeypatch.setenv("ALLIANCE_CACHE_MAX_MB", value)
    assert store.cache_limit() == expected


def _store_corpora(directory, names):
    """One stored build per name, each opened a second later than the one before; returns the build folders."""
    builds = []
    for i, name in enumerate(names):
        choice = CorpusChoice(name)
        store.load_or_build(choice, directory=directory, build=_fake_build())
        build = store.corpus_folder(directory, name) / store.cache_key(choice)
        os.utime(build / "manifest.json", (1_000_000 + i, 1_000_000 + i))
        builds.append(build)
    return builds


def test_over_the_cap_the_least_recently_used_other_corpora_go_first(tmp_path, monkeypatch):
    oldest, middle, newest = _store_corpora(tmp_path, ["a", "b", "c"])
    size = max(b for _, _, b in store.stored_builds(tmp_path))
    store.load_or_build(CorpusChoice("b"), directory=tmp_path, build=_fake_build())  # opening marks it used
    monkeypatch.setenv("ALLIANCE_CACHE_MAX_MB", str(3.5 * size / 1e6))
    calls = []
    store.load_or_build(CorpusChoice("d"), directory=tmp_path, build=_fake_build(calls))
    assert calls  # d was built and stored, a (least recently used) made room for it
    left = {b.parent for b, _, _ in store.stored_builds(tmp_path)}
    assert left == {store.corpus_folder(tmp_path, n) for n in ("b", "c", "d")}
    assert not oldest.exists() and not oldest.parent.exists() and middle.exists() and newest.exists()


def test_the_build_in_use_is_kept_even_over_the_cap(tmp_path, monkeypatch):
    _store_corpora(tmp_path, ["a"])
    monkeypatch.setenv("ALLIANCE_CACHE_MAX_MB", "0.000001")
    store.load_or_build(CorpusChoice("b"), directory=tmp_path, build=_fake_build())
    assert [b.parent for b, _, _ in store.stored_builds(tmp_path)] == [store.corpus_folder(tmp_path, "b")]
    uploads = tmp_path / "uploads"  # uploaded files are not builds: never evicted
    uploads.mkdir()
    (uploads / "keep.txt").write_text("x")
    store.evict_builds(tmp_path, keep=store.corpus_folder(tmp_path, "none"), limit=0)
    assert (uploads / "keep.txt").exists() and not store.stored_builds(tmp_path)


@pytest.fixture
def read_only_dir(tmp_path, monkeypatch):
    """A cache folder the process may not write. Root ignores permission bits, so for root
    the writes into it are refused the way the system refuses them for anyone else."""
    folder = tmp_path / "read-only"
    folder.mkdir()
    _store_corpora(folder, ["other"])
    folder.chmod(0o555)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        real = store.tempfile.mkdtemp

        def refuse(*args, dir=None, **kwargs):
            if dir is not None and Path(folder) in [Path(dir), *Path(dir).parents]:
                raise PermissionError(13, "Permission denied", str(dir))
            return real(*args, dir=dir, **kwargs)

        monkeypatch.setattr(store.tempfile, "mkdtemp", refuse)
        real_mkdir = Path.mkdir

        def refuse_mkdir(self, *args, **kwargs):
            if Path(folder) in self.parents and not self.exists():
                raise PermissionError(13, "Permission denied", str(self))
            return real_mkdir(self, *args, **kwargs)

        monkeypatch.setattr(Path, "mkdir", refuse_mkdir)
    yield folder
    folder.chmod(0o755)


def _file_in_the_way(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder's parent should be")
    return blocker / "cache"


def _full_disk(tmp_path, monkeypatch):
    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    import alliance_data.tables_io as tables_io

    monkeypatch.setattr(tables_io, "_write_frame", full)  # every table, written early or when storing
    return tmp_path / "full"


@pytest.mark.parametrize("where", ["read-only", "file in the way", "full"])
def test_a_cache_that_cannot_be_written_gives_an_in_memory_build_with_a_notice(where, tmp_path, monkeypatch, request):
    directory = {"read-only": lambda: request.getfixturevalue("read_only_dir"),
                 "file in the way": lambda: _file_in_the_way(tmp_path),
                 "full": lambda: _full_disk(tmp_path, monkeypatch)}[where]()
    calls = []
    choice = CorpusChoice("mine")
    tables, from_disk = store.load_or_build(choice, directory=directory, build=_fake_build(calls))
    assert not from_disk and calls and "could not be written" in tables.notice
    assert not list(Path(tmp_path).rglob("*.tmp"))
    again, from_disk = store.load_or_build(choice, directory=directory, build=_fake_build(calls))
    assert not from_disk and len(calls) == 2  # nothing was stored, nothing half-written is read


def test_a_stored_build_carries_no_notice(tmp_path):
    tables, _ = store.load_or_build(CorpusChoice("mine"), directory=tmp_path, build=_fake_build())
    assert tables.notice is None
    assert store.load_or_build(CorpusChoice("mine"), directory=tmp_path, build=_fake_build())[0].notice is None


def test_a_read_only_cache_still_serves_the_builds_it_holds(read_only_dir):
    calls = []
    tables, from_disk = store.load_or_build(CorpusChoice("other"), directory=read_only_dir, build=_fake_build(calls))
    assert from_disk and not calls and tables.notice is None


# --- an opened build keeps its text on disk, reads it with Arrow, searches it with DuckDB ----------------------------

def test_an_opened_build_holds_no_text_column_in_memory(seed_tables):
    assert "text" not in seed_tables.view.columns
    assert "text" not in seed_tables.corpus.passages.columns
    assert "text" not in seed_tables.corpus.removed.columns
    assert "clean_text" not in seed_tables.corpus.documents.columns
    assert seed_tables.texts._path is not None and seed_tables.texts._path.name == "passages.parquet"
    assert (seed_tables.view["n_words"] > 0).all()


def test_rows_and_search_hits_through_duckdb_equal_the_pandas_reference(seed_tables, seed_corpus):
    from alliance_data.search import matches_query
    from alliance_data.shifts import passage_words

    reference = seed_corpus.passages  # the pipeline's own frame, text in memory
    view = seed_tables.view
    assert view["passage_id"].tolist() == reference["passage_id"].tolist()
    # The Read page's rows of one document, in reading order, as the page asks for them.
    doc_id = view["doc_id"].iloc[len(view) // 2]
    rows = seed_tables.with_text(view[view["doc_id"] == doc_id].sort_values("position", kind="mergesort"))
    expected = reference[reference["doc_id"] == doc_id].sort_values("position", kind="mergesort")
    assert rows["text"].tolist() == expected["text"].tolist() and len(rows) > 1
    assert seed_tables.with_text(view)["text"].tolist() == reference["text"].tolist()
    assert view["n_words"].tolist() == passage_words(reference["text"]).tolist()
    for query in ("alliance", '"United States"', "Japan alliance", "U.S.", "Okinawa", "nuclear", "zzz"):
        assert seed_tables.search(query).tolist() == matches_query(reference["text"], query).tolist(), query


def test_removed_lines_read_from_disk_equal_the_built_ones(seed_tables, seed_corpus):
    removed = seed_tables.corpus.removed
    assert len(removed) == len(seed_corpus.removed) > 0
    assert seed_tables.removed_lines(removed.iloc[::-1])["text"].tolist() == seed_corpus.removed["text"].iloc[::-1].tolist()


def test_opening_a_stored_build_and_reading_its_text_loads_no_search_engine_model_or_pipeline(seed_tables):
    # A fresh interpreter does what the Overview does after a restart: open the stored build, read the
    # removed lines' and some passages' text. DuckDB (searches), the theme model's libraries and the
    # pipeline's steps stay unloaded until a page needs them, so the first page appears sooner.
    code = (
        "from alliance_dashboard import store\n"
        "from alliance_dashboard.corpora import BUNDLED, CorpusChoice\n"
        "tables, from_disk = store.load_or_build(CorpusChoice(BUNDLED), build=None)\n"
        "assert from_disk and tables.removed_lines(tables.corpus.removed.head(50))['text'].notna().all()\n"
        "assert tables.with_text(tables.view.head(50))['text'].notna().all()"
    )
    assert modules_loaded(code, ["duckdb", "sklearn", "scipy"], pipeline_steps=True) == []
    assert seed_tables.search("alliance").any()  # a search still runs in DuckDB


def test_opening_a_stored_build_collects_no_garbage(tmp_path, monkeypatch):
    # Opening leaves no reference cycles behind, and a full collection walks every object of the process:
    # on a restart it cost the first page more than reading the tables. A fresh build still collects.
    import gc

    collections = []
    monkeypatch.setattr(gc, "collect", lambda *a: collections.append(a) or 0)
    choice = CorpusChoice(BUNDLED)
    store.load_or_build(choice, directory=tmp_path, build=_fake_build())
    built = len(collections)
    _, from_disk = store.load_or_build(choice, directory=tmp_path, build=_fake_build())
    assert from_disk and built >= 1 and len(collections) == built


def test_a_stored_file_changed_after_opening_is_refused(tmp_path):
    choice = CorpusChoice(BUNDLED)
    tables, _ = store.load_or_build(choice, directory=tmp_path, build=_fake_build())
    assert tables.with_text(tables.view.head(1))["text"].iloc[0]
    path = store.corpus_folder(tmp_path, BUNDLED) / store.cache_key(choice) / "passages.parquet"
    path.write_bytes(path.read_bytes() + b"\0")
    with pytest.raises(Exception, match="changed"):
        tables.with_text(tables.view.head(1))


def test_an_in_memory_build_reads_text_through_the_same_interface(tmp_path, monkeypatch):
    tables = fake_tables()
    assert "text" not in tables.view.columns and tables.texts._path is None
    from fake_tables import PASSAGES

    assert tables.with_text(tables.view)["text"].tolist() == [t for _, t, _, _ in PASSAGES]
    assert tables.search("okinawa").tolist() == ["Okinawa" in t for _, t, _, _ in PASSAGES]


def _without_writer(choice, key, progress=None):
    """The real build, storing every table only once it is built (it takes no writer)."""
    return store.build_tables(choice, key, progress=progress)


def test_tables_written_while_the_views_are_prepared_are_the_tables_stored_after(tmp_path, monkeypatch):
    started = []
    start = store.TableWriter.start
    monkeypatch.setattr(store.TableWriter, "start", lambda self, frames: (started.extend(frames), start(self, frames)))
    choice = CorpusChoice(BUNDLED)
    early, _ = store.load_or_build(choice, directory=tmp_path / "early")
    # Every table begins before the build is stored: the corpus's once the words are counted, the rest with the views.
    assert set(started) == {"documents", "passages", "mentions", "removed", "collation", "themes", "assignments",
                            "membership"}
    late, _ = store.load_or_build(choice, directory=tmp_path / "late", build=_without_writer)
    early_files, late_files = (sorted((tmp_path / d).rglob("*.parquet")) for d in ("early", "late"))
    assert [p.name for p in early_files] == [p.name for p in late_files] and len(early_files) == 8
    for a, b in zip(early_files, late_files):
        assert a.read_bytes() == b.read_bytes(), a.name
    manifests = [json.loads(next((tmp_path / d).rglob("manifest.json")).read_text()) for d in ("early", "late")]
    assert manifests[0]["files"] == manifests[1]["files"] and manifests[0]["left_out"] == manifests[1]["left_out"]
    pd.testing.assert_frame_equal(early.view, late.view)


def test_a_full_disk_while_the_views_are_prepared_gives_an_in_memory_build(tmp_path, monkeypatch):
    directory = _full_disk(tmp_path, monkeypatch)
    tables, from_disk = store.load_or_build(CorpusChoice(BUNDLED), directory=directory)
    assert not from_disk and "could not be written" in tables.notice and len(tables.view)
    assert not list(Path(tmp_path).rglob("*.tmp"))


def test_a_failed_build_leaves_no_temporary_folder(tmp_path):
    def failing(choice, key, progress=None, writer=None):
        assert writer is not None and writer.folder.is_dir()
        raise RuntimeError("the build failed")

    with pytest.raises(RuntimeError, match="the build failed"):
        store.load_or_build(CorpusChoice("mine"), directory=tmp_path, build=failing)
    assert not list(Path(tmp_path).rglob("*.tmp"))


_IDS = pd.Series(["p2", "p0", "p1", "p3"], dtype="str")


@pytest.mark.parametrize("keys, index", [
    (["p0", "p1", "p2", "p3"], ["p0", "p1", "p2", "p3"]),  # the other frame's own rows, in order
    (["p2", "p0", "p2", None], ["p0", "p1", "p2", "p3"]),  # repeated and missing keys
    (["p0", "p9", "p1", "p2"], ["p0", "p1", "p2", "p3"]),  # a key the other frame lacks
    (["p0", "p1", "p2", "p3"], ["p0", "p1", "p1", "p3"]),  # an index that repeats: as join has it
    ([], ["p0"]),
])
def test_joining_by_position_is_joining_by_key(keys, index):
    frame = pd.DataFrame({"passage_id": pd.Series(keys, dtype="str"), "n": np.arange(len(keys))},
                         index=np.arange(len(keys)) * 3)
    other = pd.DataFrame({"theme": pd.Series([f"t{i}" for i in range(len(index))], dtype="str"),
                          "x": np.linspace(0, 1, len(index))}, index=pd.Index(index, dtype="str"))
    joined = store._joined(frame, other, "passage_id")
    expected = frame.join(other, on="passage_id")
    assert joined.equals(expected) and list(joined.dtypes) == list(expected.dtypes)
    assert joined.index.equals(expected.index)


def _corpus_with_copies(folder: Path) -> CorpusChoice:
    """A few articles: one dated, one undated, one copied word for word (a duplicate) and one with a line repeated
    across articles (removed)."""
    folder.mkdir()
    body = ("Tokyo and Washington reaffirmed the alliance on Tuesday, pledging closer work on missile defense. "
            "Officials said the agreement covers the bases on Okinawa and joint exercises in the region.\n\n"
            "The talks ended without a statement on trade, which both sides said would come later.")
    (folder / "a.txt").write_text("Alliance talks\nMarch 3, 2021\n\n" + body + "\n\nShare this article\n")
    (folder / "b.txt").write_text("Alliance talks, a copy\n\n" + body + "\n\nShare this article\n")
    (folder / "c.txt").write_text("Typhoon season\n\nThe season brought three storms to Kyushu and closed the ports "
                                  "for a week, the agency said.\n\nShare this article\n")
    return CorpusChoice("copies", (str(folder),))


@pytest.mark.parametrize("corpus", ["bundled", "copies"])
def test_a_fresh_build_serves_the_tables_a_restart_reads(tmp_path, corpus):
    # A fresh build keeps the view and theme assignments it worked out instead of reading them back: they must be
    # what reading the stored build gives, value for value and type for type.
    choice = CorpusChoice(BUNDLED) if corpus == "bundled" else _corpus_with_copies(tmp_path / "corpus")
    built, from_disk = store.load_or_build(choice, directory=tmp_path / "cache")
    read = store._open_stored(store.corpus_folder(tmp_path / "cache", choice.name), store.cache_key(choice))
    assert not from_disk and read is not None and len(built.view) > 0
    if corpus == "copies":
        assert built.view["duplicate"].any()
    pd.testing.assert_frame_equal(built.view, read.view, check_exact=True)
    pd.testing.assert_frame_equal(built.membership, read.membership, check_exact=True)
    pd.testing.assert_frame_equal(built.themes.assignments, read.themes.assignments, check_exact=True)
    pd.testing.assert_frame_equal(built.themes.themes, read.themes.themes, check_exact=True)
    for name in ("documents", "passages", "mentions", "removed", "collation"):
        pd.testing.assert_frame_equal(getattr(built.corpus, name), getattr(read.corpus, name), check_exact=True)
    assert (built.options, built.colors) == (read.options, read.colors)
    assert built.with_text(built.view)["text"].tolist() == read.with_text(read.view)["text"].tolist()


def _export(folder: Path, *extra: str, sources: tuple[str, ...] = ()) -> CorpusChoice:
    from alliance_data.cli import main

    assert main(["export", *sources, "--format", "parquet", "--jobs", "1", "--out", str(folder), *extra]) == 0
    return CorpusChoice("exported", (str(folder),))


@pytest.mark.parametrize("themes", ["with themes", "without themes", "on a cluster"])
def test_an_export_opens_as_the_build_of_its_corpus(tmp_path, themes):
    """A folder from ``alliance-data export --format parquet`` opens with the views a build of its documents gives;
    exported without themes, they are fitted on opening; exported on a cluster, its tables (the assignments too)
    are read from their parts."""
    if themes == "on a cluster":
        pytest.importorskip("distributed")
    extra = {"without themes": ["--no-themes"], "on a cluster": ["--scheduler", "local", "--jobs", "2"]}
    choice = _export(tmp_path / "export", *extra.get(themes, []))
    assert ("parts" in json.loads((tmp_path / "export" / "manifest.json").read_text())) == (themes == "on a cluster")
    assert store.export_folder(choice) == tmp_path / "export"
    built, _ = store.load_or_build(CorpusChoice(BUNDLED), directory=tmp_path / "cache")
    opened, from_disk = store.load_or_build(choice, directory=tmp_path / "cache")
    assert not from_disk and opened.name == "exported"
    pd.testing.assert_frame_equal(opened.view, built.view, check_exact=True)
    pd.testing.assert_frame_equal(opened.membership, built.membership, check_exact=True)
    pd.testing.assert_frame_equal(opened.themes.themes, built.themes.themes, check_exact=True)
    assert (opened.options, opened.colors) == (built.options, built.colors)
    assert opened.with_text(opened.view)["text"].tolist() == built.with_text(built.view)["text"].tolist()
    again, from_disk = store.load_or_build(choice, directory=tmp_path / "cache")  # stored like any build
    assert from_disk and again.view.equals(opened.view)


def test_an_export_keeps_its_problems_and_eras(tmp_path):
    from alliance_data.eras import load_eras

    (tmp_path / "docs").mkdir()
    for path in bundled_sources():
        shutil.copy(path, tmp_path / "docs" / path.name)
    (tmp_path / "docs" / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    eras = tmp_path / "eras.toml"
    eras.write_text('[[era]]\nname = "Cold War"\nstart = 1947\nend = 1991\n\n'
                    '[[era]]\nname = "After"\nstart = 1992\nend = 2030\n', encoding="utf-8")
    load_eras(eras)  # a valid file
    choice = _export(tmp_path / "export", "--eras", str(eras), sources=(str(tmp_path / "docs"),))
    opened, _ = store.load_or_build(choice, directory=tmp_path / "cache")
    assert any("broken.pdf" in str(p) for p in opened.corpus.problems)
    assert set(opened.view["era"].dropna()) <= {"Cold War", "After"} and opened.options.eras


def test_a_damaged_export_is_a_plain_error_naming_the_folder(tmp_path):
    choice = _export(tmp_path / "export", "--no-themes")
    path = tmp_path / "export" / "passages.parquet"
    path.write_bytes(path.read_bytes()[:-10])
    with pytest.raises(store.StoreError, match="the export in export cannot be opened"):
        store.load_or_build(choice, directory=tmp_path / "cache")


def test_a_folder_of_documents_is_not_taken_for_an_export(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "manifest.json").write_text('{"tables": ["themes"]}', encoding="utf-8")
    assert store.export_folder(CorpusChoice("docs", (str(tmp_path / "docs"),))) is None
    assert store.export_folder(CorpusChoice(BUNDLED)) is None

"""Corpus settings and the on-disk cache of built tables."""

import os
import pickle
from pathlib import Path

import pytest

from alliance_dashboard import store
from alliance_dashboard.corpora import BUNDLED, CorpusChoice, corpus_choices, parse_corpora_setting
from fake_tables import fake_tables


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
    folder = store.corpus_folder(directory, choice.name)
    key = store.cache_key(choice)
    return folder / f"{key}.tables.pickle", folder / f"{key}.model.pickle", folder / f"{key}.manifest.json"


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
        folder.mkdir(parents=True)
        (folder / "0000stale.tables.pickle").write_bytes(b"old")
    source = tmp_path / "a.txt"
    source.write_text("one")
    choice = CorpusChoice("un", (str(source),))
    store.load_or_build(choice, directory=tmp_path, build=_fake_build())
    assert not (mine / "0000stale.tables.pickle").exists()
    assert (other / "0000stale.tables.pickle").read_bytes() == b"old"
    assert sorted(p.name for p in mine.iterdir()) == sorted(p.name for p in _stored(tmp_path, choice)
                                                             if p.name.endswith((".tables.pickle", ".manifest.json")))


def test_corpus_folders_never_collide():
    names = ["un", "un-small", "un small", "un/small", "../x", "", "é", "un_small"]
    folders = {store.corpus_folder(Path("/c"), n) for n in names}
    assert len(folders) == len(names) and all(f.parent == Path("/c") for f in folders)


def test_the_fitted_model_is_stored_apart_and_read_on_first_use(tmp_path):
    model = {"fitted": [1, 2, 3]}  # any picklable object stands for the theme model

    def build(choice, key, progress=None):
        tables = fake_tables(choice.name, key)
        tables.themes = store.StoredThemes(tables.themes.themes, tables.themes.assignments, model)
        return tables

    choice = CorpusChoice(BUNDLED)
    store.load_or_build(choice, directory=tmp_path, build=build)
    tables_path, model_file, _ = _stored(tmp_path, choice)
    assert model_file.exists()
    stored = pickle.loads(tables_path.read_bytes())
    assert stored.themes._model is None  # the tables file does not carry the model
    again, from_disk = store.load_or_build(choice, directory=tmp_path, build=build)
    assert from_disk and again.themes._model is None
    assert again.themes.model == model  # read from its own file when asked for
    assert again.themes.themes.equals(stored.themes.themes)


def test_a_damaged_model_raises_a_plain_error_and_the_next_visit_rebuilds(tmp_path):
    def build(choice, key, progress=None):
        tables = fake_tables(choice.name, key)
        tables.themes = store.StoredThemes(tables.themes.themes, tables.themes.assignments, {"model": 1})
        return tables

    choice = CorpusChoice(BUNDLED)
    store.load_or_build(choice, directory=tmp_path, build=build)
    _, model_file, _ = _stored(tmp_path, choice)
    model_file.write_bytes(b"\x80\x05garbage")
    again, from_disk = store.load_or_build(choice, directory=tmp_path, build=build)
    assert from_disk
    with pytest.raises(store.StoreError, match="reload") as info:
        again.themes.model
    assert str(tmp_path) not in str(info.value)
    rebuilt, from_disk = store.load_or_build(choice, directory=tmp_path, build=build)
    assert not from_disk and rebuilt.themes.model == {"model": 1}


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
    dead = folder / "k.tables.pickle.pid999999999.abc.tmp"
    live = folder / f"k.tables.pickle.pid{os.getpid()}.abc.tmp"
    for path in (dead, live):
        path.write_bytes(b"half")
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


def test_a_large_array_is_written_and_checked(tmp_path):
    """Protocol 5 hands large NumPy buffers to the writer as PickleBuffer objects: a big corpus's build has them."""
    import numpy as np

    from alliance_dashboard.store import _load_checked, _write_atomic

    payload = {"vectors": np.arange(2_000_000, dtype=np.float64)}
    entry = _write_atomic(tmp_path / "big.pkl", payload)
    assert entry["bytes"] == (tmp_path / "big.pkl").stat().st_size
    loaded = _load_checked(tmp_path / "big.pkl", entry)
    assert np.array_equal(loaded["vectors"], payload["vectors"])

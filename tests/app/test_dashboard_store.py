"""Corpus settings and the on-disk cache of built tables."""

import os
from pathlib import Path

import numpy as np
import pandas as pd

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
    texts = built.corpus.passages["text"].tolist()
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

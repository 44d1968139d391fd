"""Corpus settings and the on-disk cache of built tables."""

import pickle

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


def test_load_or_build_stores_and_reuses(tmp_path):
    calls = []

    def build(choice, key, progress=None):
        calls.append(key)
        return fake_tables(choice.name, key)

    choice = CorpusChoice(BUNDLED)
    first, from_disk = store.load_or_build(choice, directory=tmp_path, build=build)
    second, from_disk_again = store.load_or_build(choice, directory=tmp_path, build=build)
    assert (from_disk, from_disk_again, len(calls)) == (False, True, 1)
    assert second.view.equals(first.view)
    assert not list(tmp_path.glob("*.tmp"))


def test_a_truncated_cache_file_is_rebuilt(tmp_path):
    choice = CorpusChoice(BUNDLED)
    path = tmp_path / f"{BUNDLED}-{store.cache_key(choice)}.pickle"
    path.write_bytes(b"\x80\x05trunc")
    tables, from_disk = store.load_or_build(choice, directory=tmp_path,
                                            build=lambda c, k, progress=None: fake_tables(c.name, k))
    assert not from_disk and pickle.loads(path.read_bytes()).key == tables.key


def test_a_new_build_removes_stale_files_of_the_same_corpus(tmp_path):
    (tmp_path / f"{BUNDLED}-0000stale.pickle").write_bytes(b"old")
    (tmp_path / "other-0000.pickle").write_bytes(b"keep")
    store.load_or_build(CorpusChoice(BUNDLED), directory=tmp_path,
                        build=lambda c, k, progress=None: fake_tables(c.name, k))
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted([f"{BUNDLED}-{store.cache_key(CorpusChoice(BUNDLED))}.pickle", "other-0000.pickle"])


def test_the_fitted_model_is_stored_apart_and_read_on_first_use(tmp_path):
    model = {"fitted": [1, 2, 3]}  # any picklable object stands for the theme model

    def build(choice, key, progress=None):
        tables = fake_tables(choice.name, key)
        tables.themes = store.StoredThemes(tables.themes.themes, tables.themes.assignments, model)
        return tables

    choice = CorpusChoice(BUNDLED)
    store.load_or_build(choice, directory=tmp_path, build=build)
    key = store.cache_key(choice)
    model_file = tmp_path / f"{BUNDLED}-{key}.model.pickle"
    assert model_file.exists()
    stored = pickle.loads((tmp_path / f"{BUNDLED}-{key}.pickle").read_bytes())
    assert stored.themes._model is None  # the tables file does not carry the model
    again, from_disk = store.load_or_build(choice, directory=tmp_path, build=build)
    assert from_disk and again.themes._model is None
    assert again.themes.model == model  # read from its own file when asked for
    assert again.themes.themes.equals(stored.themes.themes)


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

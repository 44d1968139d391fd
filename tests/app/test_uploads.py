"""Uploaded corpora: content-addressed, validated, listed, removable, bounded."""

import json
import tomllib
from pathlib import Path

import pytest

from alliance_dashboard import uploads
from alliance_dashboard.uploads import UploadError, UploadLimits, UploadedFile, list_uploads, remove_upload, store_upload

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = b"Alliance talks\n\nOfficials met in Tokyo to discuss the alliance and missile defense.\n"


def _files(*names):
    return [UploadedFile(n, ARTICLE + n.encode()) for n in names]


def test_the_same_upload_gives_the_same_id_anywhere(tmp_path):
    first = store_upload(tmp_path / "a", _files("x.txt", "y.txt"), name="Mine")
    second = store_upload(tmp_path / "b", list(reversed(_files("x.txt", "y.txt"))), name="Mine")
    assert first.name == second.name and uploads.UPLOAD_ID.fullmatch(first.name)
    assert store_upload(tmp_path / "a", _files("x.txt"), name="Mine").name != first.name
    assert first.uploaded and first.title == "Mine"
    assert sorted(p.name for p in Path(first.sources[0]).iterdir()) == ["x.txt", "y.txt"]


@pytest.mark.parametrize(("sent", "stored"), [
    ("../../etc/passwd.txt", "passwd.txt"),
    ("/abs/path/a.txt", "a.txt"),
    ("C:\\Users\\me\\b.md", "b.md"),
    ("folder/sub/c.html", "c.html"),
    ("..", "file"),
    ("we\x00ird\nname.txt", "weirdname.txt"),
])
def test_file_names_never_become_paths(tmp_path, sent, stored):
    assert uploads.safe_name(sent) == stored
    if stored.endswith((".txt", ".md", ".html")):
        choice = store_upload(tmp_path, [UploadedFile(sent, ARTICLE)])
        folder = Path(choice.sources[0])
        assert [p.name for p in folder.iterdir()] == [stored]
        assert all(folder in p.resolve().parents for p in folder.rglob("*"))


def test_same_names_from_different_folders_are_both_kept(tmp_path):
    choice = store_upload(tmp_path, [UploadedFile("a/x.txt", ARTICLE), UploadedFile("b/x.txt", ARTICLE + b"2")])
    assert sorted(p.name for p in Path(choice.sources[0]).iterdir()) == ["x-2.txt", "x.txt"]


def test_limits_are_named_and_nothing_is_stored(tmp_path):
    tiny = UploadLimits(max_upload_mb=1, max_files=2, max_stored=5)
    with pytest.raises(UploadError, match="more than the 2"):
        store_upload(tmp_path, _files("a.txt", "b.txt", "c.txt"), limits=tiny)
    with pytest.raises(UploadError, match="MB"):
        store_upload(tmp_path, [UploadedFile("big.txt", b"x" * (2 * 1024 * 1024))], limits=tiny)
    with pytest.raises(UploadError, match="none of the files"):
        store_upload(tmp_path, [UploadedFile("tool.exe", b"MZ")], limits=tiny)
    assert list_uploads(tmp_path) == []
    assert not [p for p in (tmp_path / "uploads").rglob("*") if p.is_file()] if (tmp_path / "uploads").exists() else True


@pytest.mark.parametrize(("field", "content", "message"), [
    ("eras_toml", b"[[era]]\nname = 'A'\nstart = 2000\n", "era 1 needs"),
    ("eras_toml", b"[[era\n", "not valid TOML"),
    ("themes_toml", b"[[themes]]\nname = \n", "not valid TOML"),
])
def test_a_bad_settings_file_is_named_and_nothing_is_stored(tmp_path, field, content, message):
    with pytest.raises(UploadError, match=message) as info:
        store_upload(tmp_path, _files("a.txt"), **{field: content})
    assert str(tmp_path) not in str(info.value)
    assert list_uploads(tmp_path) == []
    assert not any((tmp_path / "uploads").iterdir())


def test_good_settings_ride_along(tmp_path):
    eras = b"[[era]]\nname = 'Post-Cold War'\nstart = 1992\nend = 2030\n"
    choice = store_upload(tmp_path, _files("a.txt"), eras_toml=eras, description="Cables")
    assert choice.eras and Path(choice.eras).read_bytes() == eras and choice.description == "Cables"
    assert choice.themes is None


def test_unrecognised_table_columns_are_renamed_as_chosen(tmp_path):
    table = UploadedFile("rows.jsonl", b'{"body_html": "x", "words": "The alliance met.", "when": "1996-04-17"}\n')
    assert uploads.table_columns(table) == ["body_html", "words", "when"]
    choice = store_upload(tmp_path, [table], columns={"rows.jsonl": {"text": "words", "date": "when"}})
    row = json.loads((Path(choice.sources[0]) / "rows.jsonl").read_text())
    assert row == {"body_html": "x", "text": "The alliance met.", "date": "1996-04-17"}
    csv_table = UploadedFile("rows.csv", b"words,text\nThe alliance met.,other\n")
    choice = store_upload(tmp_path, [csv_table], columns={"rows.csv": {"text": "words"}})
    assert (Path(choice.sources[0]) / "rows.csv").read_text().splitlines()[0] == "text,text (original)"


def test_uploads_are_listed_newest_first_removed_and_evicted_oldest_first(tmp_path):
    limits = UploadLimits(max_stored=2)
    ids = []
    for i in range(3):
        ids.append(store_upload(tmp_path, _files(f"{i}.txt"), limits=limits).name)
        meta = tmp_path / "uploads" / ids[-1] / "upload.json"
        import os
        os.utime(meta, (1000 + i, 1000 + i))
    assert [c.name for c in list_uploads(tmp_path)] == [ids[2], ids[1]]  # the oldest went
    assert remove_upload(tmp_path, ids[1]) and [c.name for c in list_uploads(tmp_path)] == [ids[2]]
    assert not remove_upload(tmp_path, "../../etc") and not remove_upload(tmp_path, ids[0])


def test_an_interrupted_upload_leaves_nothing(tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(uploads.os, "rename", broken)
    with pytest.raises(OSError):
        store_upload(tmp_path, _files("a.txt"))
    assert list(tmp_path.joinpath("uploads").iterdir()) == []


def test_streamlits_upload_limit_matches_the_uploaders():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] == UploadLimits().max_upload_mb


def test_only_tables_without_a_known_text_column_ask_for_columns():
    assert uploads.columns_to_choose(UploadedFile("a.txt", ARTICLE)) is None
    assert uploads.columns_to_choose(UploadedFile("t.jsonl", b'{"Speech": "x", "year": 1990}\n')) is None
    assert uploads.columns_to_choose(UploadedFile("t.csv", b"words,when\nx,1990\n")) == ["words", "when"]

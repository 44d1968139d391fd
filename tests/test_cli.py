import json

import pytest

from alliance_data.cli import main
from alliance_data.export import DOCUMENT_FIELDS, PASSAGE_FIELDS, THEME_FIELDS


def _read(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_export_bundled_corpus(tmp_path, capsys):
    assert main(["export", "--out", str(tmp_path)]) == 0
    documents = _read(tmp_path / "documents.jsonl")
    passages = _read(tmp_path / "passages.jsonl")
    mentions = _read(tmp_path / "mentions.jsonl")
    themes = _read(tmp_path / "themes.jsonl")
    assert len(documents) == 5
    for field in ("doc_id", "source", "title", "outlet", "author", "date", "date_min", "date_max", "date_method",
                  "date_evidence", "era", "family_id", "canonical", "removed"):
        assert field in documents[0]
    for field in ("passage_id", "doc_id", "family_id", "position", "text", "date", "era", "offtopic", "duplicate",
                  "themes", "theme_scores", "theme_reasons"):
        assert field in passages[0]
    assert {"passage_id", "text", "year"} <= set(mentions[0])
    # The same column lists as the dashboard's downloads.
    assert list(passages[0]) == PASSAGE_FIELDS + THEME_FIELDS and list(documents[0]) == DOCUMENT_FIELDS
    topics = {t["name"] for t in themes if t["kind"] == "discovered"}
    assert all(p["topic"] in topics for p in passages)
    assert {"Missile defense", "Command structure", "Taiwan Strait"} <= {t["name"] for t in themes}
    assert all(isinstance(d["date_evidence"], list) for d in documents)
    assert "written to" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["export"], "--out"),
        (["export", "nowhere/at/all", "--out", "x"], "no such file or folder: nowhere/at/all"),
        (["frobnicate"], "invalid choice"),
        (["summary", "--max-files", "0"], "--max-files must be a positive number, not 0"),
        (["summary", "--max-compression-ratio", "lots"], "invalid float value: 'lots'"),
    ],
)
def test_bad_arguments_exit_non_zero_with_one_line(argv, message, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err.strip()
    assert message in err and "\n" not in err


def test_summary_and_skipped_files(tmp_path, capsys):
    (tmp_path / "a.txt").write_text("Title\n\nThe alliance text.\n")
    (tmp_path / "b.txt").write_text("")
    assert main(["summary", str(tmp_path)]) == 0
    out, err = capsys.readouterr()
    assert "1 documents" in out and "skipped: b.txt: empty file" in err


def test_no_loadable_documents_is_an_error(tmp_path, capsys):
    (tmp_path / "b.txt").write_text("")
    assert main(["summary", str(tmp_path)]) == 1
    assert "no documents could be loaded" in capsys.readouterr().err


def test_export_parquet_writes_checked_tables_and_a_model(tmp_path, capsys):
    from alliance_data.model_io import load_model
    from alliance_data.tables_io import TablesError, read_tables

    assert main(["export", "--out", str(tmp_path), "--format", "parquet"]) == 0
    frames, manifest = read_tables(tmp_path)
    assert set(frames) == {"documents", "passages", "mentions", "removed", "collation", "themes", "assignments"}
    assert manifest["rows"]["documents"] == 5 and len(frames["passages"]) == manifest["rows"]["passages"]
    assert isinstance(frames["documents"]["date_evidence"][0], list)
    assert not list(tmp_path.glob("*.pickle"))
    assert load_model(tmp_path).cluster_labels_
    (tmp_path / "passages.parquet").write_bytes(b"PAR1 damaged")
    with pytest.raises(TablesError, match="passages.parquet"):
        read_tables(tmp_path)


def test_export_reports_its_progress_step_by_step_on_stderr(tmp_path, capsys):
    """A long export says what it is doing: one line per step on standard error, from reading the files to writing
    the tables, its share of the whole never going back."""
    assert main(["export", "--jobs", "1", "--out", str(tmp_path / "out")]) == 0
    out, err = capsys.readouterr()
    steps = [line for line in err.splitlines() if line.startswith("[")]
    shares = [int(line[1:line.index("%")]) for line in steps]
    assert steps[0].endswith("Reading files") and "Writing the tables" in steps[-1]
    assert any("Cleaning" in line for line in steps) and any("Discovering themes" in line for line in steps)
    assert shares == sorted(shares) and shares[-1] == 95 and "written to" in out


def test_reading_many_documents_reports_how_many_are_read(tmp_path, capsys, monkeypatch):
    """Reading a large source says how far it has got, before anything else is done."""
    import json

    from alliance_data import cli

    monkeypatch.setattr(cli, "READING_STEP", 4)
    rows = [{"id": f"r{i}", "text": f"The alliance note number {i} on the treaty and its bases."} for i in range(10)]
    (tmp_path / "rows.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    assert main(["summary", "--jobs", "1", str(tmp_path)]) == 0
    steps = [line for line in capsys.readouterr().err.splitlines() if line.startswith("[")]
    assert steps[:3] == ["[  0%] Reading files", "[  0%] Reading files (4 documents read)",
                         "[  0%] Reading files (8 documents read)"]
    assert "Cleaning" in steps[3]

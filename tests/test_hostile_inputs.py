"""Hostile inputs (issue #12): no file stops the others, every bad one is named with its reason.

Every case is generated at test time (bombs from highly compressible data) and read with
small limits, through ``read_sources`` and through the command line in a subprocess.
"""

from __future__ import annotations

import gzip
import json
import os
import stat
import subprocess
import sys
import zipfile
from dataclasses import fields
from pathlib import Path

import pytest

import alliance_data.corpus as corpus_module
from alliance_data import load_corpus
from alliance_data.load import Limits, read_sources

LIMITS = Limits(
    file_bytes=1_000_000, table_bytes=200_000, document_bytes=20_000, row_chars=5_000,
    compression_ratio=20, ratio_floor_bytes=10_000, files=1_000, bad_rows=50,
)
ARTICLE = "A headline\n\nA paragraph about the alliance and missile defense in Japan, {}.\n"
CAN_LOCK_FOLDERS = os.geteuid() != 0  # root reads any folder


def _text(name, text, encoding="utf-8"):
    return lambda folder: (folder / name).write_bytes(text.encode(encoding))


def _bytes(name, data):
    return lambda folder: (folder / name).write_bytes(data)


def _jsonl(name, *rows):
    return _text(name, "\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n")


def _zip(name, members, *, links=()):
    def make(folder):
        with zipfile.ZipFile(folder / name, "w", zipfile.ZIP_DEFLATED) as archive:
            for member, data in members:
                archive.writestr(member, data)
            for member, target in links:
                info = zipfile.ZipInfo(member)
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
                archive.writestr(info, target)
    return make


def _link(name, target):
    return lambda folder: os.symlink(target(folder) if callable(target) else target, folder / name)


def _fifo(name):
    return lambda folder: os.mkfifo(folder / name)


def _locked_folder(name):
    def make(folder):
        (folder / name).mkdir()
        (folder / name / "inside.txt").write_text(ARTICLE.format("locked"))
        (folder / name).chmod(0)
    return make


def _deep_csv(name):
    field = "\n".join("x" * 99 for _ in range(60))  # one quoted field of 6,000 characters, 60 short lines
    return _text(name, f'id,text\n1,"{ARTICLE.format("row one")}"\n2,"{field}"\n3,After the bad row.\n')


# (input, the problem expected): source named, a fragment of its reason, its severity.
CASES = [
    ("corrupt.txt.gz", _bytes("corrupt.txt.gz", gzip.compress(ARTICLE.format("x").encode() * 50)[:-40] + b"junk"),
     "corrupt.txt.gz", "broken gzip file", "error"),
    ("not-gzip.md.gz", _text("not-gzip.md.gz", ARTICLE.format("plain")), "not-gzip.md.gz", "broken gzip file", "error"),
    ("gzip bomb (document)", _bytes("bomb.txt.gz", gzip.compress(b"\0" * 3_000_000, 9)),
     "bomb.txt.gz", "too large (over 20,000 bytes once decompressed", "error"),
    ("gzip bomb (table)", _bytes("bomb.jsonl.gz", gzip.compress(b"a" * 3_000_000, 9)),
     "bomb.jsonl.gz", "compression ratio over the limit of 20:1", "error"),
    ("zip bomb", _zip("bomb.zip", [("zeros.txt", b"\0" * 3_000_000)]), "bomb.zip/zeros.txt", "(a zip bomb?)", "error"),
    ("oversized file", _text("big.txt", "word " * 5_000), "big.txt", "too large (25,000 bytes; the limit is 20,000)",
     "error"),
    ("oversized table", _jsonl("big.jsonl", *[{"text": ARTICLE.format(i)} for i in range(3_000)]),
     "big.jsonl", "too large", "error"),
    ("one huge row", _jsonl("long-row.jsonl", {"text": "x" * 8_000}, {"text": ARTICLE.format("after a long row")}),
     "long-row.jsonl row 1", "row too large (over 5,000 characters", "error"),
    ("JSON nested 4,000 deep", _jsonl("deep.jsonl", "[" * 4_000, {"text": ARTICLE.format("after deep")}),
     "deep.jsonl row 1", "JSON nested too deeply", "error"),
    ("a number too long for JSON", _jsonl("number.jsonl", '{"text": "x", "id": ' + "9" * 4_400 + "}",
                                          {"text": ARTICLE.format("after a long number")}),
     "number.jsonl row 1", "not valid JSON", "error"),
    ("a JSON row that is a list", _jsonl("list-row.jsonl", [1, 2], {"text": ARTICLE.format("after a list")}),
     "list-row.jsonl row 1", "not a JSON object", "error"),
    ("numeric title", _jsonl("meta.jsonl", {"id": "m", "text": ARTICLE.format("numbers"), "title": 5,
                                            "author": ["Ann", "Bo"], "date": {"y": 1}}),
     "meta.jsonl row 1", "title is a number; read as text", "warning"),
    ("list author", None, "meta.jsonl row 1", "author is a list; its items joined", "warning"),
    ("object date", None, "meta.jsonl row 1", "date is not text or a year; ignored", "warning"),
    ("lone surrogate", _text("surrogate.jsonl", '{"id": "s", "text": "Lone \\ud800 surrogate in an alliance text."}\n'),
     "surrogate.jsonl row 1", "lone surrogate characters in the text replaced with U+FFFD", "warning"),
    ("CSV record over the row limit", _deep_csv("deep.csv"), "deep.csv row 3 (line 6)",
     "CSV error (field larger than field limit (5000))", "error"),
    ("unterminated quote", _text("open-quote.csv", f'id,text\n1,"{ARTICLE.format("fine")}"\n2,"open\n3,more\n4,more\n'),
     "open-quote.csv row 3 (line 6)", "unterminated quote: the row runs on to the end of the file (3 lines)", "error"),
    ("empty", _text("empty.txt", " \n\n"), "empty.txt", "empty file", "error"),
    ("binary", _bytes("scan.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x01\x02"), "scan.txt", "binary", "error"),
    ("HTML without text", _text("blank.html", "<html><script>x()</script></html>"), "blank.html", "no visible text",
     "error"),
    ("not a zip", _bytes("fake.zip", b"PK\x03\x04 not really"), "fake.zip", "broken zip archive", "error"),
    ("zip: ../ name", _zip("names.zip", [("../evil.txt", "evil"), ("/etc/abs.txt", "abs"),
                                         ("ok.txt", ARTICLE.format("zip member"))], links=[("link.txt", "/etc/passwd")]),
     "names.zip/../evil.txt", "unsafe name in the archive", "error"),
    ("zip: absolute name", None, "names.zip//etc/abs.txt", "unsafe name in the archive", "error"),
    ("zip: link member", None, "names.zip/link.txt", "a link inside the archive; not followed", "error"),
    ("zip: macOS metadata", _zip("mac.zip", [("__MACOSX/._a.txt", "x"), ("a.txt", ARTICLE.format("mac"))]),
     "mac.zip/__MACOSX/._a.txt", "macOS metadata", "warning"),
    ("link out of the corpus", _link("passwd.txt", lambda folder: folder.parent / "outside.txt"),
     "passwd.txt", "a link to outside the corpus folder; not followed", "error"),
    ("dangling link", _link("dangling.txt", "nowhere.txt"), "dangling.txt", "a broken link", "error"),
    ("link loop", lambda folder: (os.symlink("loop-b.txt", folder / "loop-a.txt"),
                                  os.symlink("loop-a.txt", folder / "loop-b.txt")),
     "loop-a.txt", "a link that loops", "error"),
    ("folder link loop", lambda folder: ((folder / "sub").mkdir(), os.symlink("..", folder / "sub" / "up")),
     "sub/up", "a link back to a folder already read (a loop)", "error"),
    ("named pipe", _fifo("pipe.txt"), "pipe.txt", "a named pipe, not a file", "error"),
    ("hidden file", _text(".secret.txt", ARTICLE.format("hidden")), ".secret.txt", "hidden file or folder", "warning"),
    ("macOS folder", lambda folder: ((folder / "__MACOSX").mkdir(), (folder / "__MACOSX" / "a.txt").write_text("x")),
     "__MACOSX", "macOS metadata folder", "warning"),
    ("unsupported type", _bytes("notes.docx", b"PK\x03\x04"), "notes.docx", "unsupported file type '.docx'", "warning"),
]
if CAN_LOCK_FOLDERS:
    CASES.append(("unreadable folder", _locked_folder("locked"), "locked", "folder cannot be read", "error"))

# Files that must load despite their neighbours (and their own oddities): source -> a fragment of the text.
GOOD = {
    "plain.txt": ("missile defense in Japan, plain", _text("plain.txt", ARTICLE.format("plain"))),
    "page.html": ("alliance", _text("page.html", "<html><body><h1>Alliance</h1><p>The alliance text.</p></body></html>")),
    "article.md.gz": ("compressed", _bytes("article.md.gz", gzip.compress(ARTICLE.format("compressed").encode()))),
    "utf16-le.txt": ("utf-16 without BOM", _text("utf16-le.txt", ARTICLE.format("utf-16 without BOM"), "utf-16-le")),
    "utf16-bom.txt": ("utf-16 with BOM", _text("utf16-bom.txt", ARTICLE.format("utf-16 with BOM"), "utf-16")),
    "utf16-be.md": ("utf-16 big-endian", _text("utf16-be.md", ARTICLE.format("utf-16 big-endian"), "utf-16-be")),
    "utf32.txt": ("utf-32", _text("utf32.txt", ARTICLE.format("utf-32"), "utf-32")),
    "table16.csv#1": ("a UTF-16 table", _text("table16.csv", f'id,text\n1,"{ARTICLE.format("a UTF-16 table")}"\n',
                                              "utf-16")),
    "cp1252.txt": ("Caf\u00e9", _text("cp1252.txt", "Caf\u00e9 society and the alliance\n", "cp1252")),
    "bad\ufffdname.txt": ("odd name", lambda folder: (folder / os.fsdecode(b"bad\xffname.txt")).write_text(
        ARTICLE.format("odd name"))),
    "long-row.jsonl#2": ("after a long row", None),
    "deep.jsonl#2": ("after deep", None),
    "number.jsonl#2": ("after a long number", None),
    "list-row.jsonl#2": ("after a list", None),
    "meta.jsonl#m": ("numbers", None),
    "surrogate.jsonl#s": ("Lone \ufffd surrogate", None),
    "deep.csv#1": ("row one", None),
    "deep.csv#3": ("After the bad row", None),
    "open-quote.csv#1": ("fine", None),
    "names.zip/ok.txt": ("zip member", None),
    "mac.zip/a.txt": ("mac", None),
    "sub/inside.txt": ("inside a sub-folder", _text("sub/inside.txt", ARTICLE.format("inside a sub-folder"))),
}


@pytest.fixture(scope="module")
def hostile_folder(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    (base / "outside.txt").write_text("root:x:0:0:outside the corpus\n")
    folder = base / "corpus"
    folder.mkdir()
    for _, make, *_ in CASES:
        if make is not None:
            make(folder)
    for _, make in GOOD.values():
        if make is not None:
            (folder / "sub").mkdir(exist_ok=True)
            make(folder)
    yield folder
    if CAN_LOCK_FOLDERS:
        (folder / "locked").chmod(0o755)


@pytest.fixture(scope="module")
def loaded(hostile_folder):
    return read_sources(hostile_folder, limits=LIMITS)


def test_every_good_file_loads(loaded):
    texts = {d.source: d.text for d in loaded.documents}
    assert sorted(texts) == sorted(GOOD)
    for source, (fragment, _) in GOOD.items():
        assert fragment in texts[source], source


def test_meta_is_coerced(loaded):
    meta = next(d.meta for d in loaded.documents if d.source == "meta.jsonl#m")
    assert (meta["title"], meta["author"], meta["date"]) == ("5", "Ann; Bo", None)


@pytest.mark.parametrize(("case", "source", "reason", "severity"), [(c[0], *c[2:]) for c in CASES],
                         ids=[c[0] for c in CASES])
def test_each_bad_input_is_named_with_its_reason(loaded, case, source, reason, severity):
    found = [(p.reason, p.severity) for p in loaded.problems if p.source == source]
    assert any(reason in r and s == severity for r, s in found), (case, found)


def test_problems_name_no_server_path_and_no_traceback(loaded, hostile_folder):
    for problem in loaded.problems:
        assert str(hostile_folder.parent) not in str(problem) and "Traceback" not in problem.reason


def _cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "alliance_data.cli", *args, *_limit_flags(LIMITS)],
        capture_output=True, text=True, timeout=300,
    )


def _limit_flags(limits):
    return [f for spec in fields(Limits) for f in (f"--max-{spec.name.replace('_', '-')}", str(getattr(limits, spec.name)))]


def _assert_named(stderr):
    assert "Traceback" not in stderr
    for case, _, source, reason, severity in CASES:
        prefix = "warning" if severity == "warning" else "skipped"
        assert any(line.startswith(f"{prefix}: {source}: ") and reason in line for line in stderr.splitlines()), case


def test_cli_summary_names_every_bad_file_and_exits_cleanly(hostile_folder):
    done = _cli("summary", str(hostile_folder))
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.startswith(f"{len(GOOD)} documents")
    _assert_named(done.stderr)


def test_cli_export_writes_every_good_file(hostile_folder, tmp_path):
    done = _cli("export", str(hostile_folder), "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr[-2000:]
    _assert_named(done.stderr)
    documents = [json.loads(line) for line in (tmp_path / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(d["source"] for d in documents) == sorted(GOOD)


def test_cli_fails_only_when_nothing_could_be_read(tmp_path):
    _bytes("corrupt.txt.gz", b"\x1f\x8b\x08\x00junk")(tmp_path)
    _jsonl("deep.jsonl", "[" * 100_000)(tmp_path)
    done = _cli("summary", str(tmp_path))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "no documents could be loaded" in done.stderr and "corrupt.txt.gz" in done.stderr


def test_bad_rows_are_counted_not_listed_one_by_one(tmp_path):
    rows = [{"text": ARTICLE.format("good")}] + ["junk"] * 10_000 + ["[1]"] * 3
    _jsonl("junk.jsonl", *rows)(tmp_path)
    result = read_sources(tmp_path, limits=LIMITS)
    assert [d.source for d in result.documents] == ["junk.jsonl#1"]
    counted = [p for p in result.problems if "not valid JSON" in p.reason]
    assert len(counted) == 1 and counted[0].count == 10_000 and counted[0].source == "junk.jsonl"
    assert counted[0].examples == ("row 2", "row 3", "row 4", "row 5", "row 6")
    assert "10,000 in all" in counted[0].reason
    few = [p.source for p in result.problems if p.reason == "not a JSON object"]
    assert few == ["junk.jsonl row 10002", "junk.jsonl row 10003", "junk.jsonl row 10004"]


def test_a_table_of_junk_is_given_up(tmp_path):
    _jsonl("junk.jsonl", *["junk"] * 10_000)(tmp_path)
    result = read_sources(tmp_path, limits=LIMITS)
    reasons = [p.reason for p in result.problems]
    assert result.documents == () and any("none of its first 50 rows could be read" in r for r in reasons)
    assert next(p for p in result.problems if "not valid JSON" in p.reason).count == 50


def test_a_row_text_over_the_document_limit_is_refused(tmp_path):
    _jsonl("rows.jsonl", {"text": "y" * 3_000}, {"text": ARTICLE.format("short")})(tmp_path)
    result = read_sources(tmp_path, limits=Limits(document_bytes=2_000))
    assert [d.source for d in result.documents] == ["rows.jsonl#2"]
    assert [(p.source, p.reason) for p in result.problems] == [
        ("rows.jsonl row 1", "document too large (over 2,000 bytes; the limit is 2,000)")]


def test_the_number_of_files_is_limited_and_the_rest_reported(tmp_path):
    for i in range(5):
        _text(f"{i}.txt", ARTICLE.format(i))(tmp_path)
    result = read_sources(tmp_path, limits=Limits(files=3))
    assert [d.source for d in result.documents] == ["0.txt", "1.txt", "2.txt"]
    assert [(p.source, p.reason) for p in result.problems] == [
        ("3.txt", "not read: the limit of 3 files was reached (this one and any after it)")]


def test_limits_are_validated():
    with pytest.raises(ValueError, match="compression_ratio must be a positive number"):
        Limits(compression_ratio=0)


def test_a_document_failing_a_pipeline_step_is_named_and_the_rest_is_built(tmp_path, monkeypatch):
    for name in ("ok", "clean-fails", "structure-fails"):
        _text(f"{name}.txt", ARTICLE.format(name))(tmp_path)
    clean_lines, extract_structure = corpus_module.clean_lines, corpus_module.extract_structure

    def failing_clean(text, **options):
        if "clean-fails" in text:
            raise ValueError("/srv/secret/path")
        return clean_lines(text, **options)

    def failing_structure(lines, **options):
        if any("structure-fails" in line.text for line in lines):
            raise KeyError("boom")
        return extract_structure(lines, **options)

    monkeypatch.setattr(corpus_module, "clean_lines", failing_clean)
    monkeypatch.setattr(corpus_module, "extract_structure", failing_structure)
    corpus = load_corpus(tmp_path)
    assert list(corpus.documents["source"]) == ["ok.txt"]
    assert set(corpus.passages["doc_id"]) == set(corpus.documents["doc_id"])
    assert sorted((p.source, p.reason) for p in corpus.problems) == [
        ("clean-fails.txt", "cleaning failed: unexpected error (ValueError)"),
        ("structure-fails.txt", "building passages and dates failed: unexpected error (KeyError)"),
    ]


def test_a_long_line_is_read_past_a_chunk_at_a_time(tmp_path):
    # 3 MB with no line end, then a good row: read past in linear time, never held whole.
    _bytes("long.jsonl", b'{"text": "' + b"z" * 3_000_000 + b'"}\n' + json.dumps({"text": "after"}).encode() + b"\n")(
        tmp_path)
    _bytes("long.csv", b"id,text\n1," + b"z" * 3_000_000 + b"\r\n2,after\r\n")(tmp_path)
    result = read_sources(tmp_path, limits=Limits(row_chars=1_000))
    assert [(d.source, d.text) for d in result.documents] == [("long.csv#2", "after"), ("long.jsonl#2", "after")]
    assert sorted(str(p) for p in result.problems) == [
        "long.csv line 2: row too large (over 1,000 characters; the limit is 1,000)",
        "long.jsonl row 1: row too large (over 1,000 characters; the limit is 1,000)",
    ]

import gzip
import json
import zipfile

import pytest

from alliance_data.load import MAX_DOCUMENT_BYTES, bundled_sources, decode_bytes, html_to_text, read_sources


def _write(path, data):
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def test_bundled_sources_are_the_five_seeds_byte_for_byte():
    from pathlib import Path

    seeds = bundled_sources()
    assert [p.name[:3] for p in seeds] == ["000", "001", "002", "003", "004"]
    shared = Path(__file__).resolve().parents[2] / "shared" / "seeds"
    if shared.is_dir():
        for path in seeds:
            assert path.read_bytes() == (shared / path.name).read_bytes()


@pytest.mark.parametrize(
    ("data", "text", "encoding", "warned"),
    [
        (b"plain text", "plain text", "utf-8", False),
        (b"\xef\xbb\xbfwith BOM", "with BOM", "utf-8-sig", False),
        ("caf\u00e9".encode("cp1252"), "caf\u00e9", "cp1252 (fallback)", True),
        (b"smart \x93quotes\x94", "smart \u201cquotes\u201d", "cp1252 (fallback)", True),
        ("UTF-16 text".encode("utf-16-le"), "UTF-16 text", "utf-16-le", False),
        ("UTF-16 text".encode("utf-16-be"), "UTF-16 text", "utf-16-be", False),
        ("UTF-16 \u00e9t\u00e9".encode("utf-16"), "UTF-16 \u00e9t\u00e9", "utf-16", False),
        ("UTF-32 text".encode("utf-32"), "UTF-32 text", "utf-32", False),
        ("UTF-32 text".encode("utf-32-be"), "UTF-32 text", "utf-32-be", False),
        (b"\xff\xfeU\x00T\x00\x00\xd8", "UT\ufffd", "utf-16", True),  # a lone surrogate: replaced, with a warning
    ],
)
def test_decode_bytes(data, text, encoding, warned):
    decoded, used, warning = decode_bytes(data)
    assert (decoded, used, warning is not None) == (text, encoding, warned)


def test_decode_bytes_rejects_binary():
    with pytest.raises(ValueError, match="binary"):
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")


def test_html_keeps_visible_text_only():
    text, title = html_to_text(
        "<html><head><title>Page title</title><style>p{color:red}</style></head>"
        "<body><script>alert('x')</script><h1>Headline</h1><p>First &amp; second.</p><p>Third.</p></body></html>"
    )
    assert title == "Page title"
    assert "alert" not in text and "color" not in text
    assert "Headline" in text and "First & second." in text
    assert text.index("First") < text.index("Third")


def test_folder_with_bad_files_reports_each_and_loads_the_rest(tmp_path):
    _write(tmp_path / "good.txt", "A headline\n\nA real paragraph about the alliance.\n")
    _write(tmp_path / "empty.txt", "   \n")
    _write(tmp_path / "image.txt", b"\x00\x01\x02binary\x00")
    _write(tmp_path / "notes.docx", b"PK\x03\x04")
    _write(tmp_path / "latin.md", "Caf\u00e9 society\n".encode("cp1252"))
    _write(tmp_path / "huge.txt", b"a" * (MAX_DOCUMENT_BYTES + 1))
    result = read_sources(tmp_path)
    assert sorted(d.source for d in result.documents) == ["good.txt", "latin.md"]
    reasons = {p.source: p.reason for p in result.problems}
    assert reasons["empty.txt"] == "empty file"
    assert "binary" in reasons["image.txt"]
    assert "unsupported file type" in reasons["notes.docx"]
    assert "too large" in reasons["huge.txt"]
    assert "decoded as cp1252" in reasons["latin.md"]
    latin = next(d for d in result.documents if d.source == "latin.md")
    assert latin.encoding == "cp1252 (fallback)" and "Caf\u00e9" in latin.text


def test_missing_source_is_a_problem_not_a_crash(tmp_path):
    result = read_sources([tmp_path / "nope"])
    assert result.documents == () and "no such file" in result.problems[0].reason


def test_jsonl_rows_with_metadata_and_a_broken_row(tmp_path):
    rows = [
        {"doc_id": "JPN_51_1996", "country": "JPN", "year": 1996, "text": "Speech one.\u2028Same line."},
        {"id": "x", "body": "Speech two."},
        {"title": "no text here"},
    ]
    lines = [json.dumps(r) for r in rows] + ["{broken"]
    path = tmp_path / "speeches.jsonl.gz"
    path.write_bytes(gzip.compress("\n".join(lines).encode()))
    result = read_sources(path)
    assert [d.source for d in result.documents] == ["speeches.jsonl.gz#JPN_51_1996", "speeches.jsonl.gz#x"]
    first = result.documents[0]
    assert first.meta["date"] == 1996 and first.meta["outlet"] == "JPN"
    assert "\u2028" in first.text  # a line separator inside a JSON string is not a row break
    problems = {p.source: p.reason for p in result.problems}
    assert "no text column" in problems["speeches.jsonl.gz row 3"]
    assert "not valid JSON" in problems["speeches.jsonl.gz row 4"]


def test_csv_and_zip(tmp_path):
    csv_text = "id,title,date,text\n1,Alliance news,2005-03-14,\"A paragraph, with a comma.\"\n"
    archive = tmp_path / "bundle.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("a/article.txt", "Title\n\nBody text here.\n")
        z.writestr("table.csv", csv_text)
        z.writestr("__MACOSX/._article.txt", "junk")
        z.writestr("photo.jpg", b"\xff\xd8\xff")
    result = read_sources(archive)
    sources = sorted(d.source for d in result.documents)
    assert sources == ["bundle.zip/a/article.txt", "bundle.zip/table.csv#1"]
    row = next(d for d in result.documents if d.source.endswith("#1"))
    assert row.meta["title"] == "Alliance news" and row.meta["date"] == "2005-03-14"
    # macOS metadata is skipped, but named like any other entry left out (issue #12).
    assert [(p.source, p.severity) for p in result.problems] == [
        ("bundle.zip/__MACOSX/._article.txt", "warning"), ("bundle.zip/photo.jpg", "warning"),
    ]
    assert "macOS metadata" in result.problems[0].reason


def test_broken_zip_is_reported(tmp_path):
    _write(tmp_path / "bad.zip", b"not a zip")
    result = read_sources(tmp_path / "bad.zip")
    assert "broken zip" in result.problems[0].reason


def test_doc_ids_are_stable_and_content_derived(tmp_path):
    _write(tmp_path / "a.txt", "Same text")
    first = read_sources(tmp_path).documents[0].doc_id
    assert first == read_sources(tmp_path).documents[0].doc_id
    _write(tmp_path / "a.txt", "Other text")
    assert read_sources(tmp_path).documents[0].doc_id != first


def test_a_table_rows_id_is_the_one_its_source_and_text_give(tmp_path):
    # The id of a row read from a table is made from the text's UTF-8 at hand when the row is read: the same id as
    # a document of that source and text gets by itself, for plain, accented and repaired texts alike.
    from alliance_data.load import RawDocument

    rows = ['{"id": "a", "text": "Plain words of an alliance."}',
            '{"id": "b", "text": "Les délégués’ résumé — 日本と米国"}',
            '{"id": "c", "text": "A lone \\ud800 surrogate in a text."}']
    path = tmp_path / "rows.jsonl"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    documents = read_sources(path).documents
    assert [d.meta["id"] for d in documents] == ["a", "b", "c"]
    assert documents[2].text == "A lone \ufffd surrogate in a text."
    for doc in documents:
        assert "doc_id" in vars(doc)  # made as the row was read
        assert doc.doc_id == RawDocument(doc.source, doc.text).doc_id
    assert len({d.doc_id for d in documents}) == 3

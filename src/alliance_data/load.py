"""Reading raw documents from disk: the only module that touches files.

Sources may be folders, files or ``.zip`` archives. Plain documents are
``.txt``, ``.md`` and ``.html``/``.htm``; table files are ``.jsonl`` and
``.csv`` with a text column (each row is one document). Any of these may be
gzip-compressed (``.gz``). A file that cannot be read is reported by name and
reason and skipped; the rest of the corpus still loads.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass, field
from functools import cached_property
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

__all__ = [
    "RawDocument",
    "LoadProblem",
    "LoadResult",
    "DOCUMENT_SUFFIXES",
    "TABLE_SUFFIXES",
    "MAX_DOCUMENT_BYTES",
    "MAX_TABLE_BYTES",
    "bundled_sources",
    "read_sources",
    "decode_bytes",
    "html_to_text",
]

DOCUMENT_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
TABLE_SUFFIXES = (".jsonl", ".ndjson", ".csv")
#: A single article larger than this is not an article: it is skipped.
MAX_DOCUMENT_BYTES = 5_000_000
#: A table file (one document per row) may be much larger.
MAX_TABLE_BYTES = 2_000_000_000

TEXT_COLUMNS = ("text", "body", "content", "article", "speech", "full_text")
ID_COLUMNS = ("id", "doc_id", "document_id", "uid")
TITLE_COLUMNS = ("title", "headline", "name")
DATE_COLUMNS = ("date", "published", "published_at", "datetime", "year")
OUTLET_COLUMNS = ("source", "outlet", "publication", "publisher", "newspaper")
AUTHOR_COLUMNS = ("author", "byline", "authors")


@dataclass(frozen=True)
class RawDocument:
    """One document as read: its source name, decoded text and metadata."""

    source: str
    text: str
    encoding: str = "utf-8"
    meta: Mapping[str, Any] = field(default_factory=dict)

    @cached_property
    def doc_id(self) -> str:
        digest = hashlib.sha256(f"{self.source}\0{self.text}".encode("utf-8", "surrogatepass"))
        return "d" + digest.hexdigest()[:12]


@dataclass(frozen=True)
class LoadProblem:
    """A file (or row) that was skipped or loaded with a caveat."""

    source: str
    reason: str
    severity: str = "error"  # 'error': skipped; 'warning': loaded with a caveat

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


@dataclass(frozen=True)
class LoadResult:
    documents: tuple[RawDocument, ...]
    problems: tuple[LoadProblem, ...]


def bundled_sources() -> list[Path]:
    """The seed documents shipped inside the package."""
    folder = resources.files("alliance_data") / "data" / "seeds"
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith(".txt"))


# --------------------------------------------------------------------------- decoding

_FALLBACK_ENCODINGS = ("cp1252", "latin-1")


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return len(head) > 0 and controls / len(head) > 0.05


def decode_bytes(data: bytes) -> tuple[str, str, str | None]:
    """Decode document bytes: UTF-8 (with or without BOM), else a stated fallback.

    Returns ``(text, encoding, warning)``; ``warning`` is None for clean UTF-8.
    Raises ``ValueError`` for binary data.
    """
    if _looks_binary(data):
        raise ValueError("binary file (not text)")
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig", None
        except UnicodeDecodeError:
            data = data[3:]
    try:
        return data.decode("utf-8"), "utf-8", None
    except UnicodeDecodeError as exc:
        position = exc.start
    for encoding in _FALLBACK_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return (
            text,
            f"{encoding} (fallback)",
            f"not valid UTF-8 (first bad byte at offset {position}); decoded as {encoding}",
        )
    raise ValueError("undecodable text")  # latin-1 decodes anything; kept for clarity


# --------------------------------------------------------------------------- HTML

_BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer form h1 h2 h3 h4 "
    "h5 h6 header hr li main nav ol p pre section table tr td th ul title".split()
)
_HIDDEN_TAGS = frozenset("script style noscript template head svg iframe object".split())


class _VisibleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self._hidden = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "title":
            self._in_title = True
        elif tag in _HIDDEN_TAGS:
            self._hidden += 1
        if tag in _BLOCK_TAGS:
            self.parts.append("\n\n" if tag in ("p", "div", "section", "article") else "\n")

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag in _HIDDEN_TAGS and self._hidden:
            self._hidden -= 1
        if tag in _BLOCK_TAGS:
            self.parts.append("\n\n" if tag in ("p", "div", "section", "article", "h1", "h2", "h3") else "\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title.append(data)
        elif not self._hidden:
            self.parts.append(data)


def html_to_text(markup: str) -> tuple[str, str | None]:
    """The visible text of an HTML page (scripts, styles and head dropped) and its <title>."""
    parser = _VisibleText()
    parser.feed(markup)
    parser.close()
    raw = "".join(parser.parts)
    lines = [" ".join(line.split()) for line in raw.split("\n")]
    text = "\n".join(lines)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    title = " ".join("".join(parser.title).split()) or None
    return text.strip() + "\n", title


# --------------------------------------------------------------------------- readers


def _suffixes(name: str) -> tuple[str, bool]:
    """The meaningful suffix of a file name and whether it is gzip-compressed."""
    lower = name.lower()
    compressed = lower.endswith(".gz")
    if compressed:
        lower = lower[:-3]
    return Path(lower).suffix, compressed


def _pick(row: Mapping[str, Any], names: Iterable[str]) -> Any:
    lowered = {str(k).lower(): v for k, v in row.items()}
    for name in names:
        value = lowered.get(name)
        if value not in (None, ""):
            return value
    return None


def _rows_to_documents(
    source: str, rows: Iterable[tuple[int, Mapping[str, Any] | None, str | None]]
) -> Iterator[RawDocument | LoadProblem]:
    for number, row, error in rows:
        where = f"{source} row {number}"
        if error is not None:
            yield LoadProblem(where, error)
            continue
        assert row is not None
        text = _pick(row, TEXT_COLUMNS)
        if not isinstance(text, str) or not text.strip():
            yield LoadProblem(where, f"no text column (expected one of: {', '.join(TEXT_COLUMNS)})")
            continue
        row_id = _pick(row, ID_COLUMNS)
        meta: dict[str, Any] = {
            "id": str(row_id) if row_id is not None else str(number),
            "title": _pick(row, TITLE_COLUMNS),
            "date": _pick(row, DATE_COLUMNS),
            "outlet": _pick(row, OUTLET_COLUMNS),
            "author": _pick(row, AUTHOR_COLUMNS),
        }
        if meta["outlet"] is None and _pick(row, ("country",)) is not None:
            meta["outlet"] = str(_pick(row, ("country",)))
        extra = {k: v for k, v in row.items() if isinstance(v, (str, int, float)) and k not in ("text",)}
        meta["fields"] = {k: v for k, v in extra.items() if not (isinstance(v, str) and len(v) > 200)}
        yield RawDocument(f"{source}#{meta['id']}", text, "utf-8", meta)


def _jsonl_rows(text: str) -> Iterator[tuple[int, Mapping[str, Any] | None, str | None]]:
    for number, line in enumerate(text.split("\n"), start=1):  # not splitlines(): U+2028 may sit inside a string
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, None, f"not valid JSON ({exc.msg})"
            continue
        if not isinstance(row, dict):
            yield number, None, "not a JSON object"
            continue
        yield number, row, None


def _csv_rows(text: str) -> Iterator[tuple[int, Mapping[str, Any] | None, str | None]]:
    csv.field_size_limit(MAX_DOCUMENT_BYTES)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        for number, row in enumerate(reader, start=2):
            yield number, row, None
    except csv.Error as exc:
        yield reader.line_num, None, f"CSV error ({exc})"


def _read_blob(source: str, data: bytes) -> Iterator[RawDocument | LoadProblem]:
    """Turn one file's bytes into documents (or problems)."""
    suffix, compressed = _suffixes(source)
    if compressed:
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            yield LoadProblem(source, f"broken gzip file ({exc})")
            return
    is_table = suffix in TABLE_SUFFIXES
    limit = MAX_TABLE_BYTES if is_table else MAX_DOCUMENT_BYTES
    if not data.strip():
        yield LoadProblem(source, "empty file")
        return
    if len(data) > limit:
        yield LoadProblem(source, f"too large ({len(data):,} bytes; the limit is {limit:,})")
        return
    try:
        text, encoding, warning = decode_bytes(data)
    except ValueError as exc:
        yield LoadProblem(source, str(exc))
        return
    if warning:
        yield LoadProblem(source, warning, "warning")
    if is_table:
        rows = _jsonl_rows(text) if suffix in (".jsonl", ".ndjson") else _csv_rows(text)
        count = 0
        for item in _rows_to_documents(source, rows):
            count += isinstance(item, RawDocument)
            yield item
        if count == 0:
            yield LoadProblem(source, "no documents in the table")
        return
    meta: dict[str, Any] = {}
    if suffix in (".html", ".htm"):
        from .extract import extract_html  # the article, its metadata and the lines left out (extract.py)

        text, page_meta, left_out = extract_html(text)
        meta.update(page_meta, extractor_removed=left_out)
        if not text.strip():
            yield LoadProblem(source, "no visible text in the HTML page")
            return
    yield RawDocument(source, text, encoding, meta)


def _iter_zip(path: Path, name: str) -> Iterator[RawDocument | LoadProblem]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        yield LoadProblem(name, f"broken zip archive ({exc})")
        return
    with archive:
        for info in sorted(archive.infolist(), key=lambda i: i.filename):
            member = info.filename
            if info.is_dir() or Path(member).name.startswith((".", "__MACOSX")) or "__MACOSX" in member:
                continue
            source = f"{name}/{member}"
            if _suffixes(member)[0] not in DOCUMENT_SUFFIXES + TABLE_SUFFIXES:
                yield LoadProblem(source, "unsupported file type", "warning")
                continue
            if info.file_size > MAX_TABLE_BYTES:
                yield LoadProblem(source, f"too large ({info.file_size:,} bytes)")
                continue
            try:
                data = archive.read(info)
            except (zipfile.BadZipFile, OSError, RuntimeError) as exc:
                yield LoadProblem(source, f"unreadable archive member ({exc})")
                continue
            yield from _read_blob(source, data)


def _iter_path(path: Path, name: str) -> Iterator[RawDocument | LoadProblem]:
    if path.suffix.lower() == ".zip":
        yield from _iter_zip(path, name)
        return
    suffix, _ = _suffixes(path.name)
    if suffix not in DOCUMENT_SUFFIXES + TABLE_SUFFIXES:
        yield LoadProblem(name, f"unsupported file type '{suffix or path.name}'", "warning")
        return
    try:
        size = path.stat().st_size
        if size > MAX_TABLE_BYTES:
            yield LoadProblem(name, f"too large ({size:,} bytes)")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield LoadProblem(name, f"cannot be read ({exc.strerror or exc})")
        return
    yield from _read_blob(name, data)


def read_sources(sources: str | Path | Iterable[str | Path] | None = None) -> LoadResult:
    """Read documents from folders, files and zip archives; None reads the bundled seeds.

    Problems are collected, never raised: a bad file does not stop the rest.
    A source that does not exist is a problem too.
    """
    if sources is None:
        paths: list[Path] = bundled_sources()
    elif isinstance(sources, (str, Path)):
        paths = [Path(sources)]
    else:
        paths = [Path(s) for s in sources]
    documents: list[RawDocument] = []
    problems: list[LoadProblem] = []
    for path in paths:
        if path.is_dir():
            files = sorted(
                p for p in path.rglob("*")
                if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            items: Iterable[RawDocument | LoadProblem] = (
                item for f in files for item in _iter_path(f, f.relative_to(path).as_posix())
            )
        elif path.is_file():
            items = _iter_path(path, path.name)
        else:
            problems.append(LoadProblem(str(path), "no such file or folder"))
            continue
        for item in items:
            (documents if isinstance(item, RawDocument) else problems).append(item)
    seen: dict[str, int] = {}
    unique: list[RawDocument] = []
    for doc in documents:
        if doc.source in seen:  # the same name from two sources: keep both, name them apart
            seen[doc.source] += 1
            doc = RawDocument(f"{doc.source} ({seen[doc.source]})", doc.text, doc.encoding, doc.meta)
        else:
            seen[doc.source] = 1
        unique.append(doc)
    return LoadResult(tuple(unique), tuple(problems))

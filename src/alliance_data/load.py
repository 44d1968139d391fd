"""Reading raw documents from disk: the only module that touches files.

Sources may be folders, files or ``.zip`` archives. Plain documents are
``.txt``, ``.md`` and ``.html``/``.htm``; table files are ``.jsonl`` and
``.csv`` with a text column (each row is one document). Any of these may be
gzip-compressed (``.gz``).

Nothing from one input stops the others: every file, archive member and table
row is read behind one guard that turns any failure into a problem naming the
input and a plain reason, and the rest of the corpus still loads. Every size is
bounded before or while it is read (see ``Limits``), so a small hostile file
cannot run away with memory.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import math
import os
import re
import stat
import zipfile
import zlib
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, fields, is_dataclass, replace
from functools import cached_property
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path
from typing import IO, Any, Callable, Iterable, Iterator, Mapping

from .text import single_spaced

__all__ = [
    "RawDocument",
    "iter_sources",
    "PendingPage",
    "extract_page",
    "PendingFile",
    "read_pending_file",
    "SourceNames",
    "source_paths",
    "problem_records",
    "problems_from_records",
    "LoadProblem",
    "LoadResult",
    "Limits",
    "DEFAULT_LIMITS",
    "DOCUMENT_SUFFIXES",
    "TABLE_SUFFIXES",
    "MAX_DOCUMENT_BYTES",
    "MAX_TABLE_BYTES",
    "bundled_sources",
    "read_sources",
    "decode_bytes",
    "describe_failure",
    "guard",
    "html_to_text",
]

DOCUMENT_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
TABLE_SUFFIXES = (".jsonl", ".ndjson", ".csv")
JSONL_SUFFIXES = (".jsonl", ".ndjson")

TEXT_COLUMNS = ("text", "body", "content", "article", "speech", "full_text")
ID_COLUMNS = ("id", "doc_id", "document_id", "uid")
TITLE_COLUMNS = ("title", "headline", "name")
DATE_COLUMNS = ("date", "published", "published_at", "datetime", "year")
OUTLET_COLUMNS = ("source", "outlet", "publication", "publisher", "newspaper")
AUTHOR_COLUMNS = ("author", "byline", "authors")


# --------------------------------------------------------------------------- limits


def _limit(default: int | float, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class Limits:
    """Every bound the loader applies, in one place; each is checked before or while reading, never after.

    Pass a ``Limits`` to ``read_sources`` / ``load_corpus`` (or ``--max-…`` flags to the command line)
    to change them; tests use small ones.
    """

    file_bytes: int = _limit(2_000_000_000, "a file or archive member as stored, checked before reading")
    table_bytes: int = _limit(2_000_000_000, "a table file (.jsonl, .csv) once decompressed")
    document_bytes: int = _limit(5_000_000, "one document: a plain file once decompressed, or a row's text")
    row_chars: int = _limit(10_000_000, "one table row (a JSONL line, a CSV record), in characters")
    compression_ratio: float = _limit(100.0, "decompressed size over compressed size, for .gz files and zip members")
    ratio_floor_bytes: int = _limit(1_000_000, "decompressed bytes below which the compression ratio is not judged")
    files: int = _limit(100_000, "files and archive members read in one load")
    bad_rows: int = _limit(1_000, "unreadable rows at the start of a table before the rest of it is given up")
    meta_chars: int = _limit(1_000, "a title, author, outlet, date or id from a table row, in characters")
    examples: int = _limit(5, "problems of one kind listed one by one per file before they are counted instead")

    def __post_init__(self) -> None:
        for spec in fields(self):
            value = getattr(self, spec.name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
                raise ValueError(f"limit {spec.name} must be a positive number, not {value!r}")


DEFAULT_LIMITS = Limits()
#: Kept for callers of the earlier constants; the values live in ``Limits``.
MAX_DOCUMENT_BYTES = DEFAULT_LIMITS.document_bytes
MAX_TABLE_BYTES = DEFAULT_LIMITS.table_bytes


@dataclass(frozen=True)
class RawDocument:
    """One document as read: its source name, decoded text and metadata."""

    source: str
    text: str
    encoding: str = "utf-8"
    meta: Mapping[str, Any] = field(default_factory=dict)

    @cached_property
    def doc_id(self) -> str:
        return _document_id(self.source, self.text.encode("utf-8", "surrogatepass"))


def problem_records(problems: Iterable[LoadProblem]) -> list[dict]:
    """Problems as JSON holds them (a manifest): one record of fields each (of any object's attributes)."""
    return [asdict(p) if is_dataclass(p) else dict(vars(p)) for p in problems]


def problems_from_records(records: Iterable[Mapping]) -> tuple[LoadProblem, ...]:
    """:func:`problem_records` read back; fields this version does not know are left out."""
    known = {f.name for f in fields(LoadProblem)}
    return tuple(LoadProblem(**{k: tuple(v) if isinstance(v, list) else v for k, v in record.items() if k in known})
                 for record in records)


def _document_id(source: str, text: bytes) -> str:
    """A document's id: from its source name and its text (as UTF-8, lone surrogates passed through), a NUL between."""
    digest = hashlib.sha256(source.encode("utf-8", "surrogatepass"))
    digest.update(b"\0")
    digest.update(text)
    return "d" + digest.hexdigest()[:12]


def _with_id(doc: RawDocument, text: bytes) -> RawDocument:
    """``doc`` with its id made from its text's UTF-8 already at hand (``text``), not encoded over again later."""
    doc.__dict__["doc_id"] = _document_id(doc.source, text)  # where the cached property keeps it
    return doc


@dataclass(frozen=True)
class LoadProblem:
    """A file (or row) that was skipped or loaded with a caveat.

    Problems of one kind in one file are counted: ``count`` of them, the first few
    named in ``examples`` (and in ``reason``), so a million bad rows make one record.
    """

    source: str
    reason: str
    severity: str = "error"  # 'error': skipped; 'warning': loaded with a caveat, or skipped on purpose
    count: int = 1
    examples: tuple[str, ...] = ()

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


# --------------------------------------------------------------------------- the guard


class _Refused(Exception):
    """An input refused on purpose, with the plain reason to report."""

    def __init__(self, reason: str, severity: str = "error") -> None:
        super().__init__(reason)
        self.reason = reason
        self.severity = severity


def describe_failure(exc: BaseException) -> str:
    """A plain reason for a failure: no traceback, no server path."""
    if isinstance(exc, _Refused):
        return exc.reason
    if isinstance(exc, RecursionError):
        return "nested too deeply to read"
    if isinstance(exc, MemoryError):
        return "too large to read (out of memory)"
    if isinstance(exc, (zlib.error, gzip.BadGzipFile, EOFError)):
        return f"broken gzip file ({exc})"
    if isinstance(exc, zipfile.BadZipFile):
        return f"broken zip archive ({exc})"
    if isinstance(exc, UnicodeError):
        return f"cannot be decoded ({getattr(exc, 'reason', type(exc).__name__)})"
    if isinstance(exc, OSError):  # str(exc) would name the server path
        return f"cannot be read ({exc.strerror or type(exc).__name__})"
    return f"unexpected error ({type(exc).__name__})"


@contextmanager
def guard(source: str, problems: list[LoadProblem], *, step: str = "") -> Iterator[None]:
    """Turn any failure inside the block into a problem named after ``source``: one input never stops the rest."""
    try:
        yield
    except Exception as exc:  # noqa: BLE001 - the point of the guard
        reason = describe_failure(exc)
        severity = exc.severity if isinstance(exc, _Refused) else "error"
        problems.append(LoadProblem(source, f"{step} failed: {reason}" if step else reason, severity))


class _Tally:
    """Problems within one input, counted per reason; the first few kept as examples."""

    _MAX_KINDS = 20  # distinct reasons per input; any further ones are counted together

    def __init__(self, name: str, examples: int, *, sep: str | None = " ") -> None:
        self.name = name
        self.examples = examples
        self.sep = sep  # how a place ("row 3") joins the name; None: places are names of their own
        self._kinds: dict[tuple[str, str], tuple[int, list[str]]] = {}

    def add(self, where: str, reason: str, severity: str = "error") -> None:
        key = (reason, severity)
        if key not in self._kinds and len(self._kinds) >= self._MAX_KINDS:
            key = ("other problems", severity)
        count, examples = self._kinds.get(key, (0, []))
        if len(examples) < self.examples:
            examples.append(where)
        self._kinds[key] = (count + 1, examples)

    def __len__(self) -> int:
        return sum(count for count, _ in self._kinds.values())

    def problems(self) -> Iterator[LoadProblem]:
        for (reason, severity), (count, examples) in self._kinds.items():
            if count <= len(examples):
                for where in examples:
                    source = where if self.sep is None else f"{self.name}{self.sep}{where}" if where else self.name
                    yield LoadProblem(source, reason, severity)
            else:
                shown = ", ".join(examples)
                yield LoadProblem(
                    self.name, f"{reason} ({count:,} in all; the first: {shown})", severity, count, tuple(examples)
                )


# --------------------------------------------------------------------------- decoding

_FALLBACK_ENCODINGS = ("cp1252", "latin-1")
_SNIFF_BYTES = 4096
# Byte-order marks, longest first: UTF-32's little-endian mark starts like UTF-16's.
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32-be", "utf-32"),
    (b"\xef\xbb\xbf", "utf-8", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le", "utf-16"),
    (b"\xfe\xff", "utf-16-be", "utf-16"),
)
_SURROGATES = re.compile("[\ud800-\udfff]")


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return len(head) > 0 and controls / len(head) > 0.05


def _looks_binary_text(text: str) -> bool:
    head = text[:8192]
    controls = sum(1 for c in head if c < " " and c not in "\t\n\f\r")
    return len(head) > 0 and controls / len(head) > 0.05


def _nul_pattern(head: bytes) -> str | None:
    """UTF-16 or UTF-32 without a byte-order mark, told by where the NUL bytes of Latin text fall."""
    n = len(head) - len(head) % 4
    if n < 8:
        return None
    zeros = [head[lane:n:4].count(0) / (n // 4) for lane in range(4)]
    if zeros[0] < 0.1 and min(zeros[1:]) > 0.9:
        return "utf-32-le"
    if min(zeros[:3]) > 0.9 and zeros[3] < 0.1:
        return "utf-32-be"
    even, odd = (zeros[0] + zeros[2]) / 2, (zeros[1] + zeros[3]) / 2
    if odd >= 0.5 and even < 0.05:
        return "utf-16-le"
    if even >= 0.5 and odd < 0.05:
        return "utf-16-be"
    return None


def _detect_encoding(head: bytes) -> tuple[str | None, int, str]:
    """``(codec, bytes of byte-order mark, label)``; codec None means UTF-8 with the cp1252 fallback."""
    for bom, codec, label in _BOMS:
        if head.startswith(bom):
            return (None if codec == "utf-8" else codec), len(bom), label
    codec = _nul_pattern(head[:_SNIFF_BYTES])
    return codec, 0, codec or "utf-8"


def decode_bytes(data: bytes) -> tuple[str, str, str | None]:
    """Decode document bytes: UTF-8 (with or without BOM), UTF-16/32 (by BOM or NUL pattern), else cp1252.

    Returns ``(text, encoding, warning)``; ``warning`` is None for clean text.
    Raises ``ValueError`` for binary data.
    """
    codec, bom, label = _detect_encoding(data[:_SNIFF_BYTES])
    if codec is not None:
        warning = None
        try:
            text = data[bom:].decode(codec)
        except UnicodeDecodeError as exc:
            text = data[bom:].decode(codec, "replace")
            warning = f"not valid {codec.upper()} (first bad byte at offset {bom + exc.start}); replaced with U+FFFD"
        if _looks_binary_text(text):
            raise ValueError("binary file (not text)")
        return text, label, warning
    if bom:
        try:
            return data[bom:].decode("utf-8"), "utf-8-sig", None
        except UnicodeDecodeError:
            data = data[bom:]
    if _looks_binary(data):
        raise ValueError("binary file (not text)")
    try:
        return data.decode("utf-8"), "utf-8", None
    except UnicodeDecodeError as exc:
        position = exc.start
    text, encoding = _fallback_decode(data)
    return text, f"{encoding} (fallback)", f"not valid UTF-8 (first bad byte at offset {position}); decoded as {encoding}"


def _fallback_decode(data: bytes) -> tuple[str, str]:
    """Bytes that are not UTF-8, decoded as the first fallback that takes them."""
    for encoding in _FALLBACK_ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise ValueError("undecodable text")  # latin-1 decodes anything


def _has_surrogates(text: str) -> bool:
    """Whether ``text`` holds lone surrogates (which cannot be written as UTF-8); far quicker than a regex."""
    if text.isascii():
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _replace_surrogates(value: str) -> tuple[str, bool]:
    """Lone surrogates (from JSON escapes) cannot be written as UTF-8: replace them with U+FFFD."""
    if not _has_surrogates(value):
        return value, False
    return _SURROGATES.sub("\ufffd", value), True


def _replace_surrogates_utf8(value: str) -> tuple[str, bytes, bool]:
    """:func:`_replace_surrogates`, with the result's UTF-8: the encoding that finds lone surrogates gives it."""
    try:
        return value, value.encode("utf-8"), False
    except UnicodeEncodeError:
        value = _replace_surrogates(value)[0]
        return value, value.encode("utf-8"), True


def _shown_name(name: str) -> str:
    """A file name fit to show: undecodable bytes and control characters become U+FFFD."""
    shown = name
    if _has_surrogates(name):
        try:
            shown = os.fsencode(name).decode("utf-8", "replace")
        except UnicodeEncodeError:
            shown = _SURROGATES.sub("\ufffd", name)
    return "".join("\ufffd" if ch < " " or ch == "\x7f" else ch for ch in shown)


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
    lines = [single_spaced(line) for line in raw.split("\n")]
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


def _lowered(row: Mapping[str, Any]) -> dict[str, Any]:
    """A row's values by its column names in lower case (what :func:`_pick` looks names up in)."""
    return {str(k).lower(): v for k, v in row.items()}


def _pick(lowered: Mapping[str, Any], names: Iterable[str]) -> Any:
    """The first of ``names`` with a value in a row (its :func:`_lowered` columns)."""
    for name in names:
        value = lowered.get(name)
        if value not in (None, ""):
            return value
    return None


class _Run:
    """One load: its limits and how many files it has taken."""

    def __init__(self, limits: Limits, *, extract_later: bool = False, defer_files: bool = False) -> None:
        self.limits = limits
        self.files = 0
        self.extract_later = extract_later  # HTML pages given as PendingPage, their article not yet extracted
        self.defer_files = defer_files  # a folder's files given as PendingFile, not read

    def take_file(self) -> bool:
        self.files += 1
        return self.files <= self.limits.files

    @property
    def files_reason(self) -> str:
        return f"not read: the limit of {self.limits.files:,} files was reached (this one and any after it)"


class _Bounded(io.RawIOBase):
    """A read-only stream that refuses to give more than ``limit`` bytes, or more than the ratio allows."""

    def __init__(self, stream: IO[bytes], *, limit: int, limits: Limits, packed: int | None = None) -> None:
        self._stream = stream
        self._limit = limit
        self._packed = packed  # the compressed size, for a stream that decompresses
        self._ratio = limits.compression_ratio
        self._ratio_bytes = None if packed is None else max(limits.ratio_floor_bytes, packed * limits.compression_ratio)
        self._count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._stream.read(len(buffer))
        size = len(data)
        buffer[:size] = data
        self._count += size
        if self._count > self._limit:
            once = " once decompressed" if self._packed is not None else ""
            raise _Refused(f"too large (over {self._limit:,} bytes{once}; the limit is {self._limit:,})")
        if self._ratio_bytes is not None and self._count > self._ratio_bytes:
            raise _Refused(f"compression ratio over the limit of {self._ratio:g}:1 (a decompression bomb?); not read")
        return size


def _guarded(
    name: str, run: _Run, read: Callable[[_Tally], Iterable[RawDocument | LoadProblem]], *, sep: str = " "
) -> Iterator[RawDocument | LoadProblem]:
    """One input read behind the guard: its documents, then its problems; a failure ends only this input."""
    tally = _Tally(name, run.limits.examples, sep=sep)
    failed: list[LoadProblem] = []
    with guard(name, failed):
        yield from read(tally)
    yield from tally.problems()
    yield from failed


def _read_entry(
    name: str, open_stream: Callable[[], IO[bytes]], size: int, run: _Run, tally: _Tally
) -> Iterator[RawDocument]:
    """One file or archive member, ``size`` bytes as stored: its documents (problems go to the tally or raise)."""
    limits = run.limits
    suffix, compressed = _suffixes(name)
    is_table = suffix in TABLE_SUFFIXES
    limit = limits.table_bytes if is_table else limits.document_bytes
    stored_limit = limits.file_bytes if compressed else min(limit, limits.file_bytes)
    if size > stored_limit:
        raise _Refused(f"too large ({size:,} bytes; the limit is {stored_limit:,})")
    with open_stream() as raw:
        source: IO[bytes] = gzip.GzipFile(fileobj=raw, mode="rb") if compressed else raw
        bounded = _Bounded(source, limit=limit, limits=limits, packed=size if compressed else None)
        stream = io.BufferedReader(bounded, 1 << 16)
        if is_table:
            yield from _read_table(name, suffix, stream, limits, tally)
        else:
            yield _read_document(name, suffix, stream, tally, extract_later=run.extract_later)


def _read_document(name: str, suffix: str, stream: IO[bytes], tally: _Tally, *,
                   extract_later: bool = False) -> "RawDocument | PendingPage":
    data = stream.read()
    if not data.strip():
        raise _Refused("empty file")
    try:
        text, encoding, warning = decode_bytes(data)
    except ValueError as exc:
        raise _Refused(str(exc)) from None
    if not text.strip():
        raise _Refused("empty file")
    if warning:
        tally.add("", warning, "warning")
    if suffix in (".html", ".htm"):
        return PendingPage(name, text, encoding) if extract_later else _html_document(name, text, encoding)
    return RawDocument(name, text, encoding, {})


def _html_document(name: str, html: str, encoding: str) -> RawDocument:
    """An HTML page's article, its metadata and the lines left out (extract.py), as a document."""
    from .extract import extract_html

    page = extract_html(html)
    if not page.text.strip():
        raise _Refused("no visible text in the HTML page")
    meta = {**page.meta, "extractor_removed": page.removed, "extractor_restored": page.restored,
            "extractor_blocks": page.blocks}
    return RawDocument(name, page.text, encoding, meta)


@dataclass(frozen=True)
class PendingPage:
    """An HTML page read and decoded, its article not extracted yet: what :func:`iter_sources` gives with
    ``extract_later``, for a build that extracts on its workers (:func:`extract_page`)."""

    source: str
    text: str  # the page's HTML
    encoding: str = "utf-8"


@dataclass(frozen=True)
class PendingFile:
    """A file of a folder, found and counted but not read: what :func:`iter_sources` gives with ``defer_files``,
    for a build whose workers read it (:func:`read_pending_file`) where they can reach the folder."""

    path: str  # absolute
    source: str  # its name as reading names it (relative to the folder)
    size: int  # bytes as stored, when the folder was listed


def read_pending_file(file: PendingFile, *, limits: Limits = DEFAULT_LIMITS, extract_later: bool = False
                      ) -> tuple[list[RawDocument | PendingPage], list[LoadProblem]]:
    """The documents of a file :func:`iter_sources` deferred, and the problems reading it met: those reading the
    folder would have met there, in the same order, before naming documents apart (:class:`SourceNames`)."""
    run = _Run(limits, extract_later=extract_later)
    items: list[RawDocument | PendingPage] = []
    problems: list[LoadProblem] = []
    name = file.source
    for item in _guarded(name, run, lambda t: _read_entry(name, lambda: open(file.path, "rb"), file.size, run, t)):
        (problems if isinstance(item, LoadProblem) else items).append(item)
    return items, problems


def extract_page(page: PendingPage) -> tuple[RawDocument | None, list[LoadProblem]]:
    """The document :func:`read_sources` would have read from the page (None when it has no article), and the
    problem met, named after the page as reading names it."""
    problems: list[LoadProblem] = []
    with guard(page.source, problems):
        return _html_document(page.source, page.text, page.encoding), problems
    return None, problems


# A table row as read: its number, where it is (for problems), and the row or the reason it is unreadable.
_Row = tuple[int, str, "Mapping[str, Any] | None", "str | None"]


def _read_table(name: str, suffix: str, stream: io.BufferedReader, limits: Limits, tally: _Tally) -> Iterator[RawDocument]:
    head = stream.peek(_SNIFF_BYTES)[:_SNIFF_BYTES]
    codec, bom, label = _detect_encoding(head)
    if codec is None and _looks_binary(head[bom:]):
        raise _Refused("binary file (not text)")
    stream.read(bom)
    jsonl = suffix in JSONL_SUFFIXES
    text = io.TextIOWrapper(stream, encoding=codec or "utf-8", errors="replace" if codec else "surrogateescape",
                            newline="")  # untranslated: _table_lines splits the lines
    unit = "row" if jsonl else "line"
    lines = _table_lines(text, utf8=codec is None, unit=unit, limits=limits, tally=tally)
    rows = _jsonl_rows(lines) if jsonl else _csv_rows(lines, limits)
    yield from _rows_to_documents(name, rows, encoding=label, limits=limits, tally=tally)


_CHUNK_CHARS = 1 << 20
# A line with its ending, then any blank lines after it. JSONL rows end at \n only (U+2028 or \r may sit inside a
# string); CSV lines at \r\n, \r or \n, as the csv module expects.
_LINES = {
    "row": re.compile(r"([^\n]*\n)(\n*)"),
    "line": re.compile(r"([^\r\n]*(?:\r\n|\r|\n))((?:\r\n|\r|\n)*)"),
}


def _line_ends(text: str) -> int:
    return text.count("\n") + text.count("\r") - text.count("\r\n")


def _after_line_end(text: str, unit: str, *, last: bool = False) -> int:
    """The index just past the first (or last) line ending in ``text``; 0 when there is none."""
    if unit == "row":
        found = text.rfind("\n") if last else text.find("\n")
        return found + 1
    if last:
        return max(text.rfind("\n"), text.rfind("\r")) + 1
    ends = [i for i in (text.find("\n"), text.find("\r")) if i >= 0]
    if not ends:
        return 0
    first = min(ends)
    return first + (2 if text.startswith("\r\n", first) else 1)


def _table_lines(
    text: IO[str], *, utf8: bool, unit: str, limits: Limits, tally: _Tally
) -> Iterator[tuple[int, str]]:
    """Numbered lines, none longer than the row limit (a longer one is reported and read past, never held).

    Read a chunk at a time; a run of blank lines is passed on as one (its lines still counted),
    so a flood of newlines costs no more than text.
    """
    limit = limits.row_chars
    pattern = _LINES[unit]
    number = 0
    carry = ""  # the start of a line not yet ended
    skipping = False  # inside a line over the limit, reading past it

    def too_long() -> tuple[int, str]:
        tally.add(f"{unit} {number}", f"row too large (over {limit:,} characters; the limit is {limit:,})")
        return number, "\n"  # a blank line keeps a CSV reader in step and is no row

    def fixed(line: str) -> str:  # bytes that are not UTF-8, kept by surrogateescape
        line, encoding = _fallback_decode(line.encode("utf-8", "surrogateescape"))
        tally.add(f"{unit} {number}", f"not valid UTF-8; decoded as {encoding}", "warning")
        return line

    while chunk := text.read(_CHUNK_CHARS):
        if chunk.endswith("\r"):
            chunk += text.read(1)  # keep \r\n together
        if skipping:
            start = _after_line_end(chunk, unit)
            if not start:
                continue
            skipping = False
            chunk = chunk[start:]
        data = carry + chunk if carry else chunk
        end = _after_line_end(data, unit, last=True)  # only whole lines go to the pattern: it never backtracks
        check = utf8 and _has_surrogates(data)
        for match in pattern.finditer(data, 0, end):
            line, blanks = match.group(1), match.group(2)
            number += 1
            if len(line) > limit + 2:
                yield too_long()
            else:
                yield number, fixed(line) if check and _has_surrogates(line) else line
            if blanks:
                number += 1
                yield number, blanks[:2] if blanks.startswith("\r\n") else blanks[:1]
                number += _line_ends(blanks) - 1
        carry = data[end:]
        if len(carry) > limit:
            number += 1
            yield too_long()
            carry, skipping = "", True
    if carry:
        number += 1
        yield number, fixed(carry) if utf8 and _has_surrogates(carry) else carry


def _jsonl_rows(lines: Iterable[tuple[int, str]]) -> Iterator[_Row]:
    for number, line in lines:
        if not line.strip():
            continue
        where = f"row {number}"
        try:
            row = json.loads(line)
        except RecursionError:
            yield number, where, None, "JSON nested too deeply"
            continue
        except ValueError as exc:  # JSONDecodeError, or a number too long to convert
            yield number, where, None, f"not valid JSON ({exc.msg if isinstance(exc, json.JSONDecodeError) else exc})"
            continue
        if not isinstance(row, dict):
            yield number, where, None, "not a JSON object"
            continue
        yield number, where, row, None


_CSV_END = "\ue000end of the table\ue000"  # fed after the last line: a quote left open swallows it


def _csv_rows(lines: Iterable[tuple[int, str]], limits: Limits) -> Iterator[_Row]:
    """CSV records numbered as in a spreadsheet (the header is row 1); a bad record is reported and the next read."""
    csv.field_size_limit(limits.row_chars)
    feed = (line for _, line in lines)
    reader = csv.reader(_chain_end(feed))
    header: list[str] | None = None
    number = 1
    while True:
        start = reader.line_num + 1
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if header is None:
                raise _Refused(f"the CSV header cannot be read ({exc})") from None
            number += 1
            yield number, f"row {number} (line {start})", None, f"CSV error ({exc})"
            continue
        if values and _CSV_END in values[-1]:
            if values != [_CSV_END]:
                number += 1
                yield number, f"row {number} (line {start})", None, (
                    f"unterminated quote: the row runs on to the end of the file "
                    f"({reader.line_num - start:,} lines), so it and the lines after it were not read"
                )
            return
        if not values:
            continue
        if header is None:
            header = values
            continue
        number += 1
        yield number, f"row {number}", {key: (values[i] if i < len(values) else None) for i, key in enumerate(header)}, None


def _chain_end(feed: Iterable[str]) -> Iterator[str]:
    yield from feed
    yield _CSV_END + "\n"


def _rows_to_documents(
    source: str, rows: Iterable[_Row], *, encoding: str, limits: Limits, tally: _Tally
) -> Iterator[RawDocument]:
    good = bad = 0
    for number, where, row, error in rows:
        document = None
        if error is None:
            try:
                document = _row_document(source, number, where, row or {}, encoding=encoding, limits=limits, tally=tally)
            except Exception as exc:  # noqa: BLE001 - one bad row never stops the table
                error = describe_failure(exc)
        if document is None:
            tally.add(where, error or "unreadable row")
            bad += 1
            if not good and bad >= limits.bad_rows:
                raise _Refused(f"not a readable table: none of its first {bad:,} rows could be read; the rest was not read")
            continue
        good += 1
        yield document
    if not good:
        raise _Refused("no documents in the table" if bad or len(tally) else "empty file")


def _row_document(
    source: str, number: int, where: str, row: Mapping[str, Any], *, encoding: str, limits: Limits, tally: _Tally
) -> RawDocument:
    columns = _lowered(row)
    text = _pick(columns, TEXT_COLUMNS)
    if not isinstance(text, str) or not text.strip():
        raise _Refused(f"no text column (expected one of: {', '.join(TEXT_COLUMNS)})")
    over = len(text) > limits.document_bytes or (  # a character is at most 4 bytes: encode only when it matters
        4 * len(text) > limits.document_bytes and len(text.encode("utf-8", "surrogatepass")) > limits.document_bytes)
    if over:
        raise _Refused(f"document too large (over {limits.document_bytes:,} bytes; the limit is {limits.document_bytes:,})")

    def note(reason: str) -> None:
        tally.add(where, reason, "warning")

    text, encoded, replaced = _replace_surrogates_utf8(text)  # its UTF-8 serves for the id too
    if replaced:
        note("lone surrogate characters in the text replaced with U+FFFD")
    meta: dict[str, Any] = {
        "id": _meta_text(_pick(columns, ID_COLUMNS), "id", note, limits, numbers=True) or str(number),
        "title": _meta_text(_pick(columns, TITLE_COLUMNS), "title", note, limits),
        "date": _meta_date(_pick(columns, DATE_COLUMNS), note, limits),
        "outlet": _meta_text(_pick(columns, OUTLET_COLUMNS), "outlet", note, limits),
        "author": _meta_text(_pick(columns, AUTHOR_COLUMNS), "author", note, limits),
    }
    if meta["outlet"] is None:
        meta["outlet"] = _meta_text(_pick(columns, ("country",)), "country", note, limits, numbers=True)
    fields_: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, (str, int, float)) and key not in ("text",) and len(fields_) < _MAX_FIELDS:
            if isinstance(value, str):
                if len(value) > 200:
                    continue
                value = _replace_surrogates(value)[0]
            fields_[_replace_surrogates(str(key))[0][:200]] = value
    meta["fields"] = fields_
    return _with_id(RawDocument(f"{source}#{meta['id']}", text, encoding, meta), encoded)


_MAX_FIELDS = 100  # extra columns kept from a row


def _meta_text(value: Any, what: str, note: Callable[[str], None], limits: Limits, *, numbers: bool = False) -> str | None:
    """A metadata value as text: numbers and lists coerced, anything else ignored, each with a warning."""
    if value is None:
        return None
    if isinstance(value, bool) or (isinstance(value, float) and not math.isfinite(value)):
        note(f"{what} is not text; ignored")
        return None
    if isinstance(value, (int, float)):
        if not numbers:
            note(f"{what} is a number; read as text")
        value = str(value)
    elif isinstance(value, list) and all(isinstance(v, (str, int, float)) and not isinstance(v, bool) for v in value):
        note(f"{what} is a list; its items joined")
        value = "; ".join(str(v) for v in value)
    elif not isinstance(value, str):
        note(f"{what} is not text; ignored")
        return None
    value, replaced = _replace_surrogates(value)
    if replaced:
        note(f"lone surrogate characters in the {what} replaced with U+FFFD")
    if len(value) > limits.meta_chars:
        note(f"{what} longer than {limits.meta_chars:,} characters; cut")
        value = value[: limits.meta_chars]
    return value or None


def _meta_date(value: Any, note: Callable[[str], None], limits: Limits) -> Any:
    """A date as given (text or a year number); anything else ignored with a warning."""
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if value is None or isinstance(value, str):
        return _meta_text(value, "date", note, limits)
    note("date is not text or a year; ignored")
    return None


def _read_zip(path: Path, name: str, size: int, run: _Run, tally: _Tally) -> Iterator[RawDocument | LoadProblem]:
    """The members of a zip archive, each behind the guard; names are labels only, never paths."""
    limits = run.limits
    if size > limits.file_bytes:
        raise _Refused(f"too large ({size:,} bytes; the limit is {limits.file_bytes:,})")
    with zipfile.ZipFile(path) as archive:
        for info in sorted(archive.infolist(), key=lambda i: i.filename):
            member = info.filename
            if info.is_dir():
                continue
            where = _shown_name(member)
            parts = member.replace("\\", "/").split("/")
            if stat.S_ISLNK(info.external_attr >> 16):
                tally.add(where, "a link inside the archive; not followed")
            elif member.startswith(("/", "\\")) or ".." in parts or member[1:2] == ":":
                tally.add(where, "unsafe name in the archive (an absolute or ../ path)")
            elif "__MACOSX" in parts or any(part.startswith(".") for part in parts):
                tally.add(where, "hidden file or macOS metadata; skipped", "warning")
            elif _suffixes(member)[0] not in DOCUMENT_SUFFIXES + TABLE_SUFFIXES:
                tally.add(where, "unsupported file type", "warning")
            elif info.flag_bits & 0x1:
                tally.add(where, "encrypted")
            elif not run.take_file():
                tally.add(where, run.files_reason)
                return
            elif info.file_size > max(limits.ratio_floor_bytes, info.compress_size * limits.compression_ratio):
                ratio = info.file_size / max(info.compress_size, 1)
                tally.add(where, f"compression ratio {ratio:,.0f}:1 is over the limit of {limits.compression_ratio:g}:1 "
                                 "(a zip bomb?); not read")
            else:
                yield from _guarded(
                    f"{name}/{where}", run,
                    lambda t, info=info, source=f"{name}/{where}": _read_entry(
                        source, lambda: archive.open(info), info.file_size, run, t
                    ),
                )


_FILE_KINDS = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a device"),
               (stat.S_ISBLK, "a device"))


def _read_file(path: Path, name: str, size: int, run: _Run, skipped: _Tally, *, defer: bool = False
               ) -> Iterator[RawDocument | LoadProblem | PendingFile]:
    """One regular file: a zip archive, a document or a table (``defer``: a document or table not read, given
    as a :class:`PendingFile`)."""
    if path.suffix.lower() == ".zip":
        yield from _guarded(name, run, lambda t: _read_zip(path, name, size, run, t), sep="/")
        return
    suffix, _ = _suffixes(name)
    if suffix not in DOCUMENT_SUFFIXES + TABLE_SUFFIXES:
        skipped.add(name, f"unsupported file type '{suffix or name}'", "warning")
        return
    if defer:
        yield PendingFile(os.path.abspath(path), name, size)
        return
    yield from _guarded(name, run, lambda t: _read_entry(name, lambda: path.open("rb"), size, run, t))


def _walk(root: Path, run: _Run, skipped: _Tally) -> Iterator[tuple[Path, str, int]]:
    """Regular files under ``root`` in name order, as (path, shown relative name, size).

    Passed over and reported: hidden entries, ``__MACOSX``, links that leave ``root``,
    are broken or loop, pipes and devices, unreadable folders, files over the limit.
    """
    real_root = root.resolve()
    visited: set[tuple[int, int]] = set()

    def entries(folder: Path, shown: str) -> Iterator[os.DirEntry]:
        info = folder.stat()
        if (info.st_dev, info.st_ino) in visited:
            skipped.add(shown, "a link back to a folder already read (a loop); not followed")
            return iter(())
        visited.add((info.st_dev, info.st_ino))
        try:
            with os.scandir(folder) as found:
                return iter(sorted(found, key=lambda e: e.name))
        except OSError as exc:
            skipped.add(shown or skipped.name, f"folder cannot be read ({exc.strerror or type(exc).__name__})")
            return iter(())

    stack = [(entries(root, ""), "")]
    while stack:
        entry = next(stack[-1][0], None)
        if entry is None:
            stack.pop()
            continue
        relative = f"{stack[-1][1]}/{entry.name}" if stack[-1][1] else entry.name
        shown = _shown_name(relative)
        if entry.name.startswith("."):
            skipped.add(shown, "hidden file or folder; skipped", "warning")
            continue
        if entry.name == "__MACOSX":
            skipped.add(shown, "macOS metadata folder; skipped", "warning")
            continue
        path = Path(entry.path)
        try:
            if entry.is_symlink():
                try:
                    target = path.resolve(strict=True)
                except RuntimeError:  # Python < 3.13 reports a loop this way
                    skipped.add(shown, "a link that loops; not followed")
                    continue
                except OSError:
                    skipped.add(shown, "a broken link (its target does not exist)")
                    continue
                if not target.is_relative_to(real_root):
                    skipped.add(shown, "a link to outside the corpus folder; not followed")
                    continue
            info = path.stat()
        except OSError as exc:
            skipped.add(shown, f"cannot be read ({exc.strerror or type(exc).__name__})")
            continue
        if stat.S_ISDIR(info.st_mode):
            stack.append((entries(path, shown), relative))
        elif stat.S_ISREG(info.st_mode):
            if not run.take_file():
                skipped.add(shown, run.files_reason)
                return
            yield path, shown, info.st_size
        else:
            kind = next((k for test, k in _FILE_KINDS if test(info.st_mode)), "not a regular file")
            skipped.add(shown, f"{kind}, not a file")


def _read_source(path: Path, run: _Run) -> Iterator[RawDocument | LoadProblem]:
    """A folder, a file or a zip archive named by the user."""
    label = _shown_name(path.name or str(path))
    skipped = _Tally(label, run.limits.examples, sep=None)
    if path.is_dir():
        for file, name, size in _walk(path, run, skipped):
            yield from _read_file(file, name, size, run, skipped, defer=run.defer_files)
    elif path.is_file():
        if run.take_file():
            yield from _read_file(path, label, path.stat().st_size, run, skipped)
        else:
            skipped.add(label, run.files_reason)
    elif path.exists():
        skipped.add(label, "not a regular file or folder")
    else:
        skipped.add(_shown_name(str(path)), "no such file or folder")
    yield from skipped.problems()


def read_sources(
    sources: str | Path | Iterable[str | Path] | None = None, *, limits: Limits = DEFAULT_LIMITS,
    on_document: Callable[[RawDocument], None] | None = None,
) -> LoadResult:
    """Read documents from folders, files and zip archives; None reads the bundled seeds.

    Problems are collected, never raised: a bad file does not stop the rest.
    A source that does not exist is a problem too. ``limits`` bounds every read.
    ``on_document`` is handed each document as soon as it is read, as the result will hold it (a build
    starts cleaning it while the rest are read); an exception it raises stops the reading and propagates.
    """
    documents: list[RawDocument] = []
    problems: list[LoadProblem] = []
    for doc in iter_sources(sources, limits=limits, problems=problems):
        documents.append(doc)
        if on_document is not None:
            on_document(doc)
    return LoadResult(tuple(documents), tuple(problems))


def iter_sources(sources: str | Path | Iterable[str | Path] | None = None, *, limits: Limits = DEFAULT_LIMITS,
                 problems: list[LoadProblem], extract_later: bool = False, defer_files: bool = False
                 ) -> Iterator[RawDocument | PendingPage | PendingFile]:
    """:func:`read_sources`'s documents one at a time, none kept here (a build that sends each batch away as it
    is read); its problems are appended to ``problems`` as they are met. ``extract_later``: HTML pages come as
    :class:`PendingPage`, for the build's workers to extract (:func:`extract_page`), which is most of the cost of
    reading them.

    ``defer_files``: the documents and tables of a folder come as :class:`PendingFile`, listed and counted against
    the limit on files but not read, for workers that reach the folder to read (:func:`read_pending_file`); a
    file's problems belong where it comes, before any problem appended after it. The documents then come as read,
    not yet named apart: the caller names every document of the stream, read here or there, with a
    :class:`SourceNames` in the stream's order."""
    documents = _read_documents(source_paths(sources), _Run(limits, extract_later=extract_later, defer_files=defer_files), problems)
    yield from documents if defer_files else _named_apart(documents)


def source_paths(sources: str | Path | Iterable[str | Path] | None) -> list[Path]:
    """The paths a load reads: the bundled seeds for None, one path, or each of several."""
    if sources is None:
        return bundled_sources()
    if isinstance(sources, (str, Path)):
        return [Path(sources)]
    return [Path(s) for s in sources]


def _read_documents(paths: list[Path], run: _Run, problems: list[LoadProblem]) -> Iterator[RawDocument]:
    """The documents of every source in turn; problems go to ``problems`` (a failing source's read stops there).

    The guard wraps the reading only: the caller's work on a document it was given runs outside it.
    """
    for path in paths:
        with guard(_shown_name(str(path)), problems):
            for item in _read_source(path, run):
                if isinstance(item, (RawDocument, PendingPage, PendingFile)):
                    yield item
                else:
                    problems.append(item)


class SourceNames:
    """Names of the documents of one load in the order they are read: the same name from two sources keeps both,
    the later ones named apart ("name (2)")."""

    def __init__(self) -> None:
        self._seen: dict[str, int] = {}

    def __call__(self, source: str) -> str:
        """The name of the next document read, named ``source`` where it was read."""
        count = self._seen.get(source, 0) + 1
        self._seen[source] = count
        return source if count == 1 else f"{source} ({count})"


def _named_apart(documents: Iterable[RawDocument]) -> Iterator[RawDocument]:
    names = SourceNames()
    for doc in documents:
        name = names(doc.source)
        yield doc if name == doc.source else replace(doc, source=name)

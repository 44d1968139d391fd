"""A corpus build as a folder of Parquet tables with a JSON manifest: what the CLI exports and the dashboard stores.

Each frame is ``<name>.parquet``; columns holding lists or dicts (date
evidence, removed lines, themes) are stored as JSON text and named in the
manifest, so any Parquet reader (DuckDB, pandas, Spark) sees plain columns and
this module gives the lists back. ``manifest.json`` is written last and lists
every file with its size and SHA-256, so a reader can tell a complete,
untouched build from a damaged one. Nothing here is a pickle.

Every file is compressed with Zstandard, and repeated strings (sources, titles,
eras, themes) are dictionary-encoded. A *compact* folder (what the dashboard
stores) also leaves out a ``passage_id`` column that repeats the passages' own
row for row (assignments, theme membership); the manifest names each left-out
column and :func:`read_tables` puts it back in place. An export for other tools
keeps every column. A passage's text stays stored although it is a slice of its
document's clean text: cutting it again on reading took longer than reading it.
"""

from __future__ import annotations

import hashlib
import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

__all__ = ["MANIFEST", "write_tables", "write_part", "drop_empty_parts", "read_parts", "TableWriter", "read_tables", "check_file", "file_digest", "TablesError"]

MANIFEST = "manifest.json"
#: Parquet compression: Zstandard at level 3, which writes the text twice as fast as level 6 for some 8% more bytes.
COMPRESSION = "zstd"
COMPRESSION_LEVEL = 3
#: For columns read a few rows at a time (a page's passages): LZ4 decompresses several times faster than Zstandard.
ROW_READ_COMPRESSION = "lz4"


class TablesError(ValueError):
    """A table folder that is incomplete, damaged or not one of ours."""


def file_digest(path: Path) -> dict:
    """Size and SHA-256 of a file, as the manifest records them."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return {"bytes": path.stat().st_size, "sha256": digest.hexdigest()}


def check_file(path: Path, expected: Mapping | None) -> None:
    """Raise TablesError unless ``path`` has the size and checksum its manifest recorded."""
    if expected is None or not path.is_file() or path.stat().st_size != expected.get("bytes") \
            or file_digest(path)["sha256"] != expected.get("sha256"):
        raise TablesError(f"{path.name} does not match its manifest")


def _nested(value: object) -> bool:
    return isinstance(value, (list, tuple, dict, np.ndarray))


#: Rows looked at to tell whether a column's values repeat: evenly spread over the column.
_REPEAT_SAMPLE = 20_000


def _repeats(column: pd.Series) -> bool:
    """A column of strings (or other non-numbers) with at most one distinct value per two rows (of a sample)."""
    if pd.api.types.is_numeric_dtype(column) or pd.api.types.is_bool_dtype(column):
        return False
    if len(column) > _REPEAT_SAMPLE:
        column = column.iloc[:: -(-len(column) // _REPEAT_SAMPLE)]
    try:
        return column.nunique(dropna=True) <= len(column) // 2
    except TypeError:  # unhashable values
        return False


#: One encoder for every nested value (``json.dumps`` with options builds a new one per call).
_JSON = json.JSONEncoder(ensure_ascii=False, default=str)


#: Of the first this many values of a column, more than this many distinct: the values rarely repeat.
_MOSTLY_DISTINCT = (2_000, 1_000)


def _json_items(items: list, kind: type) -> "pa.Array | None":
    """Each of ``items`` as JSON text in Arrow, every distinct value encoded once: all of them str, or all float
    (``float.__repr__`` as the encoder writes it, told apart by their bits: 0.0 and -0.0 differ); else None."""
    import pyarrow as pa

    if not items:
        return pa.array([], type=pa.large_string())
    if kind is str:
        codes, distinct = pd.factorize(np.asarray(items, dtype=object))
        encoded = [_JSON.encode(v) for v in distinct]
    else:
        bits, codes = np.unique(np.asarray(items, dtype=np.float64).view(np.int64), return_inverse=True)
        encoded = [_JSON.encode(float(v)) for v in bits.view(np.float64)]
    return pa.array(encoded, type=pa.large_string()).take(pa.array(codes.reshape(-1)))


def _json_flat(values: pd.Series) -> list[str | None] | None:
    """:func:`_json_column` of a column whose every value is missing, a list of str, or a dict of str keys and
    all-str or all-float values (a passage's themes, scores, reasons): the items encoded once per distinct
    value and joined in Arrow, as the encoder joins them. None for any other column."""
    import pyarrow as pa
    import pyarrow.compute as pc

    missing, lengths, keys, items = [], [], [], []
    shape = None
    for v in values:
        kind = type(v)
        if v is None or (kind is float and v != v):
            missing.append(True)
            lengths.append(0)
            continue
        if shape is None:
            shape = kind
        if kind is not shape or kind not in (list, dict):
            return None
        missing.append(False)
        lengths.append(len(v))
        if kind is dict:
            keys.extend(v)
            items.extend(v.values())
        else:
            items.extend(v)
    kinds = set(map(type, items))
    if len(kinds) > 1 or not kinds <= {str, float} or (shape is dict and not set(map(type, keys)) <= {str}):
        return None
    encoded = _json_items(items, kinds.pop() if kinds else str)
    if shape is dict:
        encoded = pc.binary_join_element_wise(_json_items(keys, str), encoded, pa.scalar(": ", pa.large_string()))
    offsets = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    joined = pc.binary_join(pa.LargeListArray.from_arrays(pa.array(offsets), encoded), pa.scalar(", ", pa.large_string()))
    open_, close = ("{", "}") if shape is dict else ("[", "]")
    texts = pc.binary_join_element_wise(pa.scalar(open_, pa.large_string()), joined, pa.scalar(close, pa.large_string()),
                                        pa.scalar("", pa.large_string()))
    return pc.if_else(pa.array(missing, type=pa.bool_()), pa.scalar(None, pa.large_string()), texts).to_pylist()


def _json_column(values: pd.Series) -> list[str | None]:
    """Each value as JSON text (None stays None). A value seen before is encoded once: a column of
    themes or reasons repeats a few lists and dicts over and over. A column whose values rarely
    repeat soon stops looking them up."""
    if len(values) > _MOSTLY_DISTINCT[0] and len({repr(v) for v in values.iloc[:_MOSTLY_DISTINCT[0]]}) > _MOSTLY_DISTINCT[1]:
        flat = _json_flat(values)  # values that rarely repeat (scores): encoded item by item in arrays
        if flat is not None:
            return flat
    encode = _JSON.encode
    seen: dict[str, str] | None = {}
    out: list[str | None] = []
    for i, v in enumerate(values):
        if v is None or (isinstance(v, float) and v != v):
            out.append(None)
            continue
        if isinstance(v, np.ndarray):
            v = v.tolist()
        if seen is None:
            out.append(encode(v))
            continue
        key = repr(v)
        text = seen.get(key)
        if text is None:
            text = seen[key] = encode(v)
        out.append(text)
        if i == _MOSTLY_DISTINCT[0] and len(seen) > _MOSTLY_DISTINCT[1]:
            seen = None  # mostly distinct values: encode each directly
    return out


def _write_frame(frame: pd.DataFrame, path: Path, row_group_size: int | None = None, row_read=()) -> list[str]:
    out = frame.copy(deep=False)
    nested = []
    for column in out.columns:
        if out[column].dtype == object and any(_nested(v) for v in out[column].head(1000)):
            nested.append(str(column))
            out[column] = _json_column(out[column])
    out.columns = [str(c) for c in out.columns]
    # Dictionary-encode the strings that repeat (sources, titles, eras, themes); unique text is only compressed.
    repeated = [c for c in out.columns if _repeats(out[c])]
    compression = {c: ROW_READ_COMPRESSION if c in set(row_read) else COMPRESSION for c in out.columns}
    levels = {c: COMPRESSION_LEVEL for c, codec in compression.items() if codec == COMPRESSION}
    out.to_parquet(path, index=False, compression=compression, compression_level=levels,
                   use_dictionary=repeated or False, row_group_size=row_group_size)
    return nested


def _read_frame(path: Path, nested, leave_out=()) -> pd.DataFrame:
    columns = None
    if leave_out:
        import pyarrow.parquet as pq

        columns = [c for c in pq.read_schema(path).names if c not in set(leave_out)]
    frame = pd.read_parquet(path, columns=columns)
    for column in [c for c in nested if c in frame.columns]:
        # One parse of the whole column as a JSON array: far faster than a call per row.
        values = json.loads("[" + ",".join(v if isinstance(v, str) else "null" for v in frame[column].tolist()) + "]")
        frame[column] = pd.Series(values, index=frame.index, dtype=object)
    return frame


def _left_out(frames: Mapping[str, pd.DataFrame]) -> dict[str, dict]:
    """Columns a compact folder need not store: table → column → where it comes back from."""
    out: dict[str, dict] = {}
    passages = frames.get("passages")
    if passages is None or "passage_id" not in passages:
        return out
    ids = passages["passage_id"]
    for name, frame in frames.items():
        if name != "passages" and "passage_id" in frame and len(frame) == len(ids) \
                and _same_values(frame["passage_id"], ids):
            out.setdefault(name, {})["passage_id"] = {"from": "passages.passage_id",
                                                      "position": frame.columns.get_loc("passage_id")}
    return out


def _same_values(column: pd.Series, other: pd.Series) -> bool:
    """``np.array_equal`` of two columns' values. Two Arrow string columns of one type without missing values
    (passage ids) are compared in Arrow, with the same answer, without making a Python string per row."""
    left, right = (getattr(c.array, "__arrow_array__", None) for c in (column, other))
    if left is not None and right is not None:
        import pyarrow as pa

        left, right = left(), right()
        if left.type == right.type and (pa.types.is_string(left.type) or pa.types.is_large_string(left.type)) \
                and left.null_count == 0 and right.null_count == 0:
            return left.equals(right)
    return np.array_equal(column.to_numpy(), other.to_numpy())


def _restore(frames: dict[str, pd.DataFrame], left_out: Mapping[str, Mapping], known: Iterable[str] = ()) -> None:
    for name, columns in left_out.items():
        if name in known:  # a caller's own frame: it holds every column
            continue
        for column, how in columns.items():
            if how["from"] == "passages.passage_id":
                values = frames["passages"]["passage_id"].set_axis(frames[name].index)
            else:
                raise TablesError(f"{name}.{column} cannot be restored from {how['from']!r}")
            frames[name].insert(int(how["position"]), column, values)


#: Tables written (or read) at once.
_WRITERS = 2


def _weight(frame: pd.DataFrame) -> int:
    return len(frame) * max(len(frame.columns), 1)


def write_tables(folder: Path, frames: Mapping[str, pd.DataFrame], *, model=None, manifest: Mapping | None = None,
                 compact: bool = False, row_group_size: int | None = None,
                 row_read: Mapping[str, Iterable[str]] | None = None) -> dict:
    """Write ``frames`` (and a fitted theme model) into ``folder``; the manifest last. Returns the manifest.

    ``compact`` leaves out the columns that reading recomputes (see the module's notes). ``row_group_size``
    (rows) keeps row groups small, so a reader after a few rows' text decompresses only their groups;
    ``row_read`` names such columns per table, compressed for fast reading rather than size.
    """
    return TableWriter(folder, compact=compact, row_group_size=row_group_size,
                       row_read=row_read).finish(frames, model=model, manifest=manifest)


class TableWriter:
    """:func:`write_tables` in two steps: the frames handed to :meth:`start` begin writing at once, side by side
    in threads (Parquet encodes and compresses outside the GIL), while the caller goes on with other work;
    :meth:`finish` writes the rest, the model and last the manifest. The folder is the same either way."""

    def __init__(self, folder: Path, *, compact: bool = False, row_group_size: int | None = None,
                 row_read: Mapping[str, Iterable[str]] | None = None) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self._compact, self._row_group_size, self._row_read = compact, row_group_size, row_read or {}
        self._started: dict[str, pd.DataFrame] = {}
        self._writes: dict[str, object] = {}
        self._model_write = None  # the model's files, when begun by :meth:`start_model`
        self._threads = ThreadPoolExecutor(max_workers=_WRITERS)

    def _write(self, name: str, frame: pd.DataFrame, left_out: Iterable[str]) -> tuple[list[str], dict]:
        path = self.folder / f"{name}.parquet"
        nested = _write_frame(frame.drop(columns=list(left_out)), path, self._row_group_size,
                              self._row_read.get(name, ()))
        return nested, file_digest(path)  # hashed by the thread that wrote it, beside the other tables

    def _submit(self, frames: Mapping[str, pd.DataFrame], names: Iterable[str], left_out: Mapping[str, dict]) -> None:
        for name in sorted(names, key=lambda n: -_weight(frames[n])):  # the largest first
            self._started[name] = frames[name]
            self._writes[name] = self._threads.submit(self._write, name, frames[name], left_out.get(name, {}))

    def start(self, frames: Mapping[str, pd.DataFrame]) -> None:
        """Begin writing ``frames`` now; a frame begun already is not written again. In a compact folder a
        frame with passage ids waits for the passages (it may leave their column out): it is written by
        :meth:`finish` unless the passages come with it or before it."""
        frames = {name: frame for name, frame in frames.items() if name not in self._started}
        known = {**self._started, **frames}
        ready = [name for name in frames if not self._compact or "passages" in known
                 or "passage_id" not in frames[name]]
        self._submit(known, ready, _left_out(known) if self._compact else {})

    def start_model(self, model) -> None:
        """Begin writing a fitted theme model's files now (once): :meth:`finish` waits for them."""
        if self._model_write is None:
            from .model_io import save_model

            self._model_write = self._threads.submit(save_model, model, self.folder)

    def finish(self, frames: Mapping[str, pd.DataFrame], *, model=None, manifest: Mapping | None = None,
               parts: Mapping[str, list[Mapping]] | None = None, order: Sequence[str] | None = None) -> dict:
        """Write the frames not started yet, the model and the manifest; returns the manifest.

        ``frames`` are all of the folder's tables, in the manifest's order (those started already among them);
        ``model``: the fitted model, unless there is none (its files are written here unless begun already).
        ``parts``: tables written elsewhere in parts (:func:`write_part`), each as its parts' records in order;
        they come first in the manifest (or in ``order``), and reading puts each one's parts together, in order of
        their ``PARTS_SORTED_BY`` column (a part whose record names ``keys`` has that column only to be read in order).
        """
        left_out = _left_out(frames) if self._compact else {}
        try:
            self._submit(frames, [name for name in frames if name not in self._started], left_out)
            if model is not None:
                self.start_model(model)
            written = {name: self._writes[name].result() for name in frames}
            if model is not None:
                self._model_write.result()
        finally:
            self.close()
        parts = dict(parts or {})
        nested = {name: sorted({c for part in records for c in part["nested"]}) for name, records in parts.items()}
        nested.update({name: written[name][0] for name in frames})
        digests = {f"{name}.parquet": written[name][1] for name in frames}
        digests.update({part["file"]: part["digest"] for records in parts.values() for part in records})
        folder = self.folder
        files = {p.relative_to(folder).as_posix(): None for p in sorted(folder.rglob("*"))
                 if p.is_file() and p.name != MANIFEST and not p.name.endswith(".tmp")}
        files = {name: digests.get(name) or file_digest(folder / name) for name in files}
        rows = {name: sum(int(part["rows"]) for part in records) for name, records in parts.items()}
        rows.update({name: int(len(frame)) for name, frame in frames.items()})
        names = [*parts, *frames]
        if order is not None:
            names = [name for name in order if name in names] + [name for name in names if name not in order]
        out = {**dict(manifest or {}), "tables": names, "files": files, "nested_columns": nested,
               "rows": rows, "has_model": model is not None, "left_out": left_out}
        if parts:
            out["parts"] = {name: [part["file"] for part in records] for name, records in parts.items()}
            out["sorted_by"] = {name: PARTS_SORTED_BY for name in parts}
            keys = {name: records[0]["keys"] for name, records in parts.items() if records and records[0].get("keys")}
            if keys:
                out["part_keys"] = keys
        (folder / MANIFEST).write_text(json.dumps(out, indent=1, ensure_ascii=False, default=str), encoding="utf-8")
        return out

    def close(self) -> None:
        """Wait for the writes under way (a write not begun yet is cancelled); what they wrote stays."""
        self._threads.shutdown(wait=True, cancel_futures=True)


#: The column a table written in parts is read back in order of (each part's rows already in that order, and no
#: value in two parts): the document ids, which every partitioned table has.
PARTS_SORTED_BY = "doc_id"


def write_part(folder: Path, name: str, index: int, frame: pd.DataFrame) -> dict:
    """Write one part of a table that is written in parts (each by the worker that holds its rows) as
    ``<name>/part-<index>.parquet``; returns its record for :meth:`TableWriter.finish` (see also
    :func:`drop_empty_parts`)."""
    relative = f"{name}/part-{index:05d}.parquet"
    path = folder / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    # A column with rows but no value (no off-topic passage in this part) is stored as text, not as Parquet's
    # "null" type, so a reader of all the parts at once (DuckDB over ``<name>/*.parquet``) sees one type.
    # Every column of the partitioned tables that can lack a value holds text.
    empty = [c for c in frame.columns if len(frame) and frame[c].dtype == object and frame[c].isna().all()]
    if empty:
        frame = frame.astype({c: "str" for c in empty})
    nested = _write_frame(frame, temporary)
    temporary.replace(path)
    return {"file": relative, "nested": nested, "digest": file_digest(path), "rows": int(len(frame))}


def drop_empty_parts(folder: Path, records: list[dict]) -> list[dict]:
    """A table's part records without those of parts with no rows (their files removed), but for one when no part
    has rows: an empty part's columns were stored without knowing their types."""
    kept = [record for record in records if record["rows"]] or records[:1]
    for record in records:
        if record not in kept:
            (folder / record["file"]).unlink(missing_ok=True)
    return kept


def _one_frame(pieces: list[pd.DataFrame]) -> pd.DataFrame:
    """A table's parts as one frame, its columns' types those of the whole table made at once. A part with no
    value in a column (no rows, or only missing values) was stored without knowing the column's type: it takes
    the type the other parts give the column first; a column with no value in any part holds None, as a column
    of nothing but missing values does when a build makes it (:func:`write_part` stored it as text)."""
    kinds: dict[str, object] = {}
    for piece in pieces:
        for column in piece.columns:
            if column not in kinds and piece[column].notna().any():
                kinds[column] = piece[column].dtype
    fixed = []
    for piece in pieces:
        empty = {c: kinds[c] for c in piece.columns if c in kinds and piece[c].dtype != kinds[c] and not piece[c].notna().any()}
        fixed.append(piece.astype(empty) if empty else piece)
    frame = fixed[0] if len(fixed) == 1 else pd.concat(fixed, ignore_index=True)
    for column in frame.columns:
        if column not in kinds and len(frame) and frame[column].dtype != object:
            frame[column] = pd.Series([None] * len(frame), index=frame.index, dtype=object)
    return frame


def _in_order(pieces: list[pd.DataFrame], order: str | None) -> pd.DataFrame:
    frame = _one_frame(pieces)
    if order and len(pieces) > 1:  # the parts follow the order their documents were read in
        frame = frame.sort_values(order, kind="mergesort", ignore_index=True)
    return frame


def read_parts(folder: Path, records: list[Mapping], columns: Iterable[str] | None = None) -> pd.DataFrame:
    """One table written in parts, from its parts' records (:func:`write_part`), before any manifest lists them;
    each file checked against its record. ``columns``: only these."""
    nested = sorted({c for record in records for c in record["nested"]})
    pieces = []
    for record in records:
        path = folder / record["file"]
        check_file(path, record["digest"])
        piece = _read_frame(path, nested)
        pieces.append(piece if columns is None else piece[list(columns)])
    return _in_order(pieces, PARTS_SORTED_BY)


def read_tables(folder: Path, *, leave_out: Mapping[str, Iterable[str]] | None = None, verify: bool = True,
                known: Mapping[str, pd.DataFrame] | None = None) -> tuple[dict[str, pd.DataFrame], dict]:
    """The frames and manifest of a folder written by :func:`write_tables`, every file checked first.

    ``leave_out`` names columns not to read, per table (a large text column a caller reads by row instead).
    ``verify=False`` skips the checksums: for a folder this process has just written (and hashed).
    ``known``: tables the caller holds already as reading them would give them (it has just written them),
    taken as they are instead of read.
    """
    known = dict(known or {})
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise TablesError("no readable manifest") from exc
    files = manifest.get("files", {})

    parted = manifest.get("parts", {})

    def read_file(name: str, relative: str) -> pd.DataFrame:
        path = folder / relative
        if verify:
            check_file(path, files.get(relative))
        return _read_frame(path, manifest.get("nested_columns", {}).get(name, []), (leave_out or {}).get(name, ()))

    def read(name: str) -> pd.DataFrame:
        if name not in parted:
            return read_file(name, f"{name}.parquet")
        frame = _in_order([read_file(name, relative) for relative in parted[name]],
                          manifest.get("sorted_by", {}).get(name))
        keys = manifest.get("part_keys", {}).get(name)
        return frame.drop(columns=keys) if keys else frame

    # Parquet decodes (and hashlib hashes) outside the GIL: tables are read side by side.
    names = [name for name in manifest.get("tables", []) if name not in known]
    with ThreadPoolExecutor(max_workers=_WRITERS) as readers:
        frames = dict(zip(names, readers.map(read, names)))
    frames = {name: known[name] if name in known else frames[name] for name in manifest.get("tables", [])}
    try:
        _restore(frames, manifest.get("left_out", {}), known)
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise TablesError("a left-out column cannot be restored") from exc
    return frames, manifest

"""Text columns kept out of memory: only the rows a page shows are read, and searches run in DuckDB.

Most of a build's bytes are text: each passage's, each removed line's. Filters
and charts need none of it, so the dashboard keeps ids, eras, years and themes
in memory and leaves the text in the build's Parquet file. A :class:`TextColumn`
reads given rows of one text column (in the order asked) with Arrow, one row
group at a time (only the groups holding a wanted row are decompressed), and
finds the rows holding a search query with DuckDB (embedded: nothing to start)
over the file. Reading rows needs no DuckDB: a page that shows text but runs no
search never loads it. A build held only in memory keeps its text in an Arrow
table behind the same interface, so every caller reads text one way.

Rows are numbered as in the table the column comes from (0 to n - 1).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from pathlib import Path
from typing import Iterable

import numpy as np
import pandas as pd
import pyarrow as pa

from .search import query_sql

__all__ = ["TextColumn", "TextColumnError"]

#: DuckDB's memory for a read or a search; the rows read come back as Python strings outside it.
DUCKDB_MEMORY = "512MB"
#: Characters of recently read rows kept per column, so a page drawn again (another visitor, a filter switched
#: back) reads nothing: some 10,000 passages, a few tens of MB at most.
CACHE_CHARS = 8_000_000


class TextColumnError(RuntimeError):
    """The file behind a text column changed or vanished after it was opened."""


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class TextColumn:
    """One text column of a table, read by row number; a Parquet file or an in-memory Arrow table behind it.

    Safe to share between threads (one query at a time) and to pickle (the file is opened again).
    """

    def __init__(self, source: Path | pa.Table, column: str = "text") -> None:
        if isinstance(source, pa.Table):
            self._table: pa.Table | None = source.select([column])
            self._path: Path | None = None
            self._length = source.num_rows
            self._stat = None
        else:
            import pyarrow.parquet as pq

            self._table = None
            self._path = Path(source)
            metadata = pq.ParquetFile(self._path).metadata
            self._length = metadata.num_rows
            sizes = [metadata.row_group(i).num_rows for i in range(metadata.num_row_groups)]
            #: The first row of each row group, to read only the groups holding the rows asked for.
            self._group_starts = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64) if sizes else \
                np.zeros(0, dtype=np.int64)
            self._stat = self._identity()
        self.column = column
        self._con = None
        self._lock = threading.Lock()
        self._recent: OrderedDict[int, str | None] = OrderedDict()
        self._recent_chars = 0

    @classmethod
    def from_frame(cls, frame: pd.DataFrame, column: str = "text") -> "TextColumn":
        """The column of an in-memory frame (its rows numbered by position)."""
        values = frame[column] if column in frame.columns else pd.Series([None] * len(frame), dtype=object)
        if isinstance(values.dtype, pd.StringDtype) and values.dtype.storage == "pyarrow":
            # An Arrow column already holds only strings and missing values: its buffers, no Python strings.
            array = pa.chunked_array(pa.array(values.array)).cast(pa.large_string())
            return cls(pa.table({column: array}), column)
        strings = [v if isinstance(v, str) else None for v in values.tolist()]
        return cls(pa.table({column: pa.array(strings, type=pa.large_string())}), column)

    def __len__(self) -> int:
        return self._length

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state["_con"], state["_lock"], state["_recent"], state["_recent_chars"] = None, None, OrderedDict(), 0
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._lock = threading.Lock()

    def _identity(self) -> tuple[int, int, int] | None:
        try:
            stat = self._path.stat()
        except OSError:
            return None
        return stat.st_size, stat.st_mtime_ns, stat.st_ino

    def _check_file(self) -> None:
        """Refuse a file that changed or vanished since the column was opened."""
        if self._path is not None and self._identity() != self._stat:
            raise TextColumnError(f"{self._path.name} changed since it was opened")

    def _connection(self):
        """The connection and the relation (``src``: ``row``, ``text``), opened on first use (searches only)."""
        import duckdb

        self._check_file()
        if self._con is None:
            con = duckdb.connect(config={"memory_limit": DUCKDB_MEMORY, "threads": 2})
            column = _identifier(self.column)
            if self._path is not None:
                con.execute(f"CREATE VIEW src AS SELECT file_row_number AS row, {column} AS text "
                            f"FROM read_parquet({_quoted(str(self._path))}, file_row_number = true)")
            else:
                numbered = self._table.append_column("row", pa.array(np.arange(self._length, dtype=np.int64)))
                con.register("_texts", numbered)
                con.execute(f"CREATE VIEW src AS SELECT row, {column} AS text FROM _texts")
            self._con = con
        return self._con

    def take(self, rows: Iterable[int] | np.ndarray) -> list[str | None]:
        """The text of each row asked for, in that order (None where the row has none)."""
        rows = np.asarray(list(rows) if not isinstance(rows, np.ndarray) else rows, dtype=np.int64)
        if rows.size == 0:
            return []
        if rows.min() < 0 or rows.max() >= self._length:
            raise IndexError(f"rows must lie in 0..{self._length - 1}")
        if self._table is not None:  # in memory: Arrow takes the rows directly
            return self._table.column(0).take(pa.array(rows)).to_pylist()
        wanted = np.unique(rows)
        with self._lock:
            self._check_file()  # the file is the one opened, even when every row is at hand
            recent = self._recent
            missing = np.array([r for r in wanted.tolist() if r not in recent], dtype=np.int64)
            got = self._read_rows(missing) if missing.size else []
            found = {int(r): recent[int(r)] for r in wanted if int(r) in recent}
            for row in found:
                recent.move_to_end(row)
            for row, text in got:
                found[row] = recent[row] = text
                self._recent_chars += len(text or "")
            while self._recent_chars > CACHE_CHARS and recent:
                _, text = recent.popitem(last=False)
                self._recent_chars -= len(text or "")
        return [found.get(int(r)) for r in rows]

    def _read_rows(self, rows: np.ndarray) -> list[tuple[int, str | None]]:
        """(row, text) for sorted, distinct ``rows`` of the file, read one row group at a time."""
        import pyarrow.parquet as pq

        file = pq.ParquetFile(self._path)
        groups = np.searchsorted(self._group_starts, rows, side="right") - 1
        got: list[tuple[int, str | None]] = []
        for group in np.unique(groups).tolist():
            inside = rows[groups == group]
            values = file.read_row_group(group, columns=[self.column]).column(0)
            got.extend(zip(inside.tolist(), values.take(pa.array(inside - self._group_starts[group])).to_pylist()))
        return got

    def matching_rows(self, query: str) -> np.ndarray:
        """The rows whose text holds every term of ``query`` (``alliance_data.search`` semantics), in row order."""
        condition, params = query_sql(query, "text")
        with self._lock:
            con = self._connection()
            found = con.execute(f"SELECT row FROM src WHERE {condition} ORDER BY row", params).fetchnumpy()["row"]
        return np.asarray(found, dtype=np.int64)

    def matches(self, query: str) -> np.ndarray:
        """Per row, whether its text holds every term of ``query``: ``search.matches_query`` over the whole column."""
        keep = np.zeros(self._length, dtype=bool)
        keep[self.matching_rows(query)] = True
        return keep

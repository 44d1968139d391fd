"""Tables as other tools read them: one column list per table, written as JSON Lines or CSV.

The command line (``alliance-data export``) and the dashboard's downloads both
write through here, so a file from either has the same columns in the same
order. JSON Lines keeps lists and mappings as JSON; CSV writes them as JSON
text in their cell. Missing values are ``null`` in JSON and empty in CSV.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any, Iterator

import numpy as np
import pandas as pd

from .tables import topic_names

__all__ = [
    "DOCUMENT_FIELDS", "PASSAGE_FIELDS", "THEME_FIELDS", "MENTION_FIELDS",
    "document_table", "passage_table", "mention_table", "json_value", "jsonl_lines", "to_jsonl", "to_csv",
    "EXPORT_TABLES", "clear_export", "export_manifest", "is_export", "read_export",
]

DOCUMENT_FIELDS = [
    "doc_id", "source", "title", "outlet", "author", "date", "date_min", "date_max",
    "date_precision", "date_method", "date_evidence", "era", "family_id", "canonical", "removed",
]
PASSAGE_FIELDS = ["passage_id", "doc_id", "family_id", "position", "text", "date", "era", "offtopic", "duplicate",
                  "offtopic_reason", "start", "end"]
#: Added to each passage when its themes are known: named themes, their scores, why it carries each, and its
#: discovered topic.
THEME_FIELDS = ["themes", "theme_scores", "theme_reasons", "topic"]
MENTION_FIELDS = ["passage_id", "doc_id", "text", "year", "year_end", "kind", "start", "end"]


def json_value(value: Any) -> Any:
    """A value as JSON holds it: NumPy scalars as numbers, NaN and missing as None, tuples as lists."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, np.ndarray):
        value = value.tolist()
    elif isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, (list, tuple)):
        return [json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): json_value(v) for k, v in value.items()}
    return value


def _columns(frame: pd.DataFrame, fields: list[str], name: str) -> pd.DataFrame:
    missing = [c for c in fields if c not in frame.columns]
    if missing:
        raise ValueError(f"{name} is missing column(s) {missing}")
    return frame[fields].reset_index(drop=True)


def document_table(documents: pd.DataFrame) -> pd.DataFrame:
    """The documents' exported columns (``DOCUMENT_FIELDS``), in their order."""
    return _columns(documents, DOCUMENT_FIELDS, "documents")


def mention_table(mentions: pd.DataFrame) -> pd.DataFrame:
    """The historical mentions' exported columns (``MENTION_FIELDS``)."""
    return _columns(mentions, MENTION_FIELDS, "mentions")


def passage_table(passages: pd.DataFrame, themes: Any = None) -> pd.DataFrame:
    """The passages' exported columns (``PASSAGE_FIELDS``), plus ``THEME_FIELDS`` when ``themes`` is given.

    ``themes`` holds the theme tables (``.themes`` and ``.assignments``, as
    :class:`alliance_data.themes.ThemeTables`): each passage's named themes,
    their scores (rounded to 4 places), why it carries each, and the name of its discovered topic.
    """
    table = _columns(passages, PASSAGE_FIELDS, "passages")
    if themes is None:
        return table
    assignments = themes.assignments.set_index("passage_id")
    found = assignments.reindex(table["passage_id"])
    table["themes"] = [[str(t) for t in v] if isinstance(v, (list, tuple, np.ndarray)) else [] for v in found["themes"]]
    table["theme_scores"] = [{str(k): round(float(x), 4) for k, x in v.items()} if isinstance(v, dict) else {}
                             for v in found["theme_scores"]]
    table["theme_reasons"] = [{str(k): str(x) for k, x in v.items()} if isinstance(v, dict) else {}
                              for v in found["theme_reasons"]]
    table["topic"] = topic_names(found["cluster"], themes.themes).tolist()
    return table


def jsonl_lines(table: pd.DataFrame) -> Iterator[str]:
    """One JSON object per row (keys in column order), each line ending in a newline."""
    columns = [str(c) for c in table.columns]
    for values in table.itertuples(index=False, name=None):
        yield json.dumps({c: json_value(v) for c, v in zip(columns, values)}, ensure_ascii=False) + "\n"


def to_jsonl(table: pd.DataFrame) -> str:
    """The table as JSON Lines text."""
    return "".join(jsonl_lines(table))


def _cell(value: Any) -> Any:
    value = json_value(value)
    return json.dumps(value, ensure_ascii=False) if isinstance(value, (list, dict)) else value


def to_csv(table: pd.DataFrame) -> str:
    """The table as CSV text (a header row, then one row per row; lists and mappings as JSON)."""
    nested = [c for c in table.columns if table[c].dtype == object]
    cells = table.assign(**{c: table[c].map(_cell) for c in nested}) if nested else table
    return cells.to_csv(index=False, lineterminator="\n")


def export_manifest(fingerprint: str, problems: Any, eras: Any, settings: dict | None = None) -> dict:
    """What an export's manifest says of the corpus beside its tables (:mod:`alliance_data.tables_io` adds those):
    its fingerprint, the package's version, the settings, the problems met (as text and as records) and the eras,
    so that a reader (the dashboard) gets the corpus back as it was built."""
    from .digest import package_version
    from .load import problem_records

    return {"fingerprint": fingerprint, "package": package_version(), "settings": settings or {},
            "problems": [str(p) for p in problems], "problem_records": problem_records(problems),
            "eras": [[e.start, e.end, e.name] for e in eras.named]}


#: The tables a Parquet export always holds; ``themes`` and ``assignments`` come with its theme model.
EXPORT_TABLES = ("documents", "passages", "mentions", "removed", "collation")


def clear_export(out: Path) -> None:
    """Make ``out`` ready for a Parquet export: an earlier export's manifest goes first (a folder being written is
    not taken for a complete one), then the files it listed, and any table, part or model file an export writes
    (an export stopped before its manifest, a larger corpus's parts outnumbering this one's, a model this export
    may not have). No file outside ``out`` and no other file in it is touched."""
    from .model_io import model_files
    from .tables_io import MANIFEST

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    root = out.resolve()
    try:
        listed = list(json.loads((out / MANIFEST).read_text(encoding="utf-8")).get("files") or ())
    except (OSError, ValueError, AttributeError):
        listed = []
    (out / MANIFEST).unlink(missing_ok=True)
    stale = [out / relative for relative in listed if isinstance(relative, str)] + list(model_files(out))
    for name in (*EXPORT_TABLES, "themes", "assignments"):
        stale += [out / f"{name}.parquet", *(out / name).glob("part-*.parquet*")]
    for path in stale:
        if path.resolve().is_relative_to(root) and path.is_file():
            path.unlink()


def is_export(folder: Any) -> bool:
    """Whether ``folder`` is a folder written by ``alliance-data export --format parquet`` (its manifest lists
    the corpus's tables)."""
    from .tables_io import MANIFEST

    path = Path(folder) / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None
    except (OSError, ValueError):
        return False
    return isinstance(manifest, dict) and set(EXPORT_TABLES) <= set(manifest.get("tables") or ())


def read_export(folder: Any) -> tuple[Any, Any]:
    """A Parquet export read back: the corpus, and its theme tables with the fitted model (None when it was
    exported without them). Every file is checked against the manifest first: raises
    :class:`~alliance_data.tables_io.TablesError` (a damaged, incomplete or foreign folder) or ValueError
    (a model that cannot be read)."""
    from .eras import Era, Eras
    from .load import LoadProblem, problems_from_records
    from .tables import Corpus
    from .tables_io import TablesError, read_tables

    folder = Path(folder)
    frames, manifest = read_tables(folder)
    missing = [name for name in EXPORT_TABLES if name not in frames]
    if missing:
        raise TablesError(f"not an export of a corpus: no {', '.join(missing)} table")
    records = manifest.get("problem_records")
    if records is None:  # an export from before problems were kept as records: their text
        problems = tuple(LoadProblem(*str(p).split(": ", 1)) if ": " in str(p) else LoadProblem("", str(p))
                         for p in manifest.get("problems", []))
    else:
        problems = problems_from_records(records)
    eras = Eras(tuple(Era(int(a), int(b), str(n)) for a, b, n in manifest.get("eras", [])))
    corpus = Corpus(documents=frames["documents"], passages=frames["passages"], mentions=frames["mentions"],
                    removed=frames["removed"], collation=frames["collation"], problems=problems,
                    fingerprint=str(manifest.get("fingerprint", "")), eras=eras)
    if not manifest.get("has_model") or "themes" not in frames or "assignments" not in frames:
        return corpus, None
    from .model_io import load_model, model_files
    from .tables_io import check_file
    from .themes import ThemeTables

    for path in model_files(folder):
        check_file(path, manifest.get("files", {}).get(path.name))
    return corpus, ThemeTables(frames["themes"], frames["assignments"], load_model(folder))

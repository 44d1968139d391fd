"""A corpus build as a folder of Parquet tables with a JSON manifest: what the CLI exports and the dashboard stores.

Each frame is ``<name>.parquet``; columns holding lists or dicts (date
evidence, removed lines, themes) are stored as JSON text and named in the
manifest, so any Parquet reader (DuckDB, pandas, Spark) sees plain columns and
this module gives the lists back. ``manifest.json`` is written last and lists
every file with its size and SHA-256, so a reader can tell a complete,
untouched build from a damaged one. Nothing here is a pickle.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Mapping

import numpy as np
import pandas as pd

__all__ = ["MANIFEST", "write_tables", "read_tables", "check_file", "file_digest", "TablesError"]

MANIFEST = "manifest.json"


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


def _write_frame(frame: pd.DataFrame, path: Path) -> list[str]:
    out = frame.copy()
    nested = []
    for column in out.columns:
        if out[column].dtype == object and any(_nested(v) for v in out[column].head(1000)):
            nested.append(str(column))
            out[column] = [None if v is None or (isinstance(v, float) and v != v) else
                           json.dumps(v.tolist() if isinstance(v, np.ndarray) else v, ensure_ascii=False, default=str)
                           for v in out[column]]
    out.columns = [str(c) for c in out.columns]
    out.to_parquet(path, index=False)
    return nested


def _read_frame(path: Path, nested) -> pd.DataFrame:
    frame = pd.read_parquet(path)
    for column in nested:
        # One parse of the whole column as a JSON array: far faster than a call per row.
        values = json.loads("[" + ",".join(v if isinstance(v, str) else "null" for v in frame[column].tolist()) + "]")
        frame[column] = pd.Series(values, index=frame.index, dtype=object)
    return frame


def write_tables(folder: Path, frames: Mapping[str, pd.DataFrame], *, model=None, manifest: Mapping | None = None) -> dict:
    """Write ``frames`` (and a fitted theme model) into ``folder``; the manifest last. Returns the manifest."""
    folder.mkdir(parents=True, exist_ok=True)
    nested = {name: _write_frame(frame, folder / f"{name}.parquet") for name, frame in frames.items()}
    if model is not None:
        from .model_io import save_model

        save_model(model, folder)
    files = {p.name: file_digest(p) for p in sorted(folder.iterdir()) if p.name != MANIFEST}
    out = {**dict(manifest or {}), "tables": list(frames), "files": files, "nested_columns": nested,
           "rows": {name: int(len(frame)) for name, frame in frames.items()}, "has_model": model is not None}
    (folder / MANIFEST).write_text(json.dumps(out, indent=1, ensure_ascii=False, default=str), encoding="utf-8")
    return out


def read_tables(folder: Path) -> tuple[dict[str, pd.DataFrame], dict]:
    """The frames and manifest of a folder written by :func:`write_tables`, every file checked first."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise TablesError("no readable manifest") from exc
    files = manifest.get("files", {})
    frames = {}
    for name in manifest.get("tables", []):
        path = folder / f"{name}.parquet"
        check_file(path, files.get(path.name))
        frames[name] = _read_frame(path, manifest.get("nested_columns", {}).get(name, []))
    return frames, manifest

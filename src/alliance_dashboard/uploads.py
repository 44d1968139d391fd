"""Corpora that visitors upload: stored content-addressed, listed beside the configured ones, removable.

An upload is a folder ``<cache>/uploads/<id>/`` holding the files as sent
(names reduced to a safe base name; a table's chosen columns renamed to the
ones the loader reads) and ``upload.json`` (name, description, files, time).
Optional ``themes.toml`` and ``eras.toml`` ride along. The id digests the
files and settings, so the same upload gives the same id, and the same link,
on any server. A folder is written under a temporary name and renamed into
place, so a failed or interrupted upload leaves nothing half-written. Once
more than ``max_stored`` uploads are kept, the oldest go first. This module
never imports streamlit.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import shutil
import tempfile
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Mapping, Sequence

from alliance_data.load import DOCUMENT_SUFFIXES, TABLE_SUFFIXES, TEXT_COLUMNS

from .corpora import CorpusChoice
from .store import pid_alive

__all__ = [
    "UploadLimits", "UploadError", "UploadedFile", "ACCEPTED_SUFFIXES", "ROLES", "UPLOAD_ID", "safe_name",
    "table_columns", "columns_to_choose", "store_upload", "list_uploads", "remove_upload", "uploads_dir", "upload_limits",
]

#: What the uploader takes: everything the loader reads, their ``.gz`` and ``.zip`` archives.
ACCEPTED_SUFFIXES = tuple(s.lstrip(".") for s in DOCUMENT_SUFFIXES + TABLE_SUFFIXES) + ("gz", "zip")
#: The form of an upload's id (and of its ``?corpus=`` value).
UPLOAD_ID = re.compile(r"u[0-9a-f]{12}")
#: Roles a visitor can give a table's columns; each is also the column name the loader reads for it.
ROLES = ("text", "title", "date", "source")
_META = "upload.json"
_SETTINGS = ("themes.toml", "eras.toml")


@dataclass(frozen=True)
class UploadLimits:
    """Bounds on what visitors may upload; each can be set in the environment (``ALLIANCE_UPLOAD_*``)."""

    max_upload_mb: int = 200  # one upload, all files together; Streamlit's server.maxUploadSize is kept equal
    max_files: int = 1000
    max_stored: int = 20  # uploads kept; the oldest go first

    @property
    def max_upload_bytes(self) -> int:
        return self.max_upload_mb * 1024 * 1024


def upload_limits() -> UploadLimits:
    """The limits, with any ``ALLIANCE_UPLOAD_MAX_MB``, ``…_MAX_FILES`` or ``…_MAX_STORED`` from the environment."""
    values = {}
    for field, env in (("max_upload_mb", "ALLIANCE_UPLOAD_MAX_MB"), ("max_files", "ALLIANCE_UPLOAD_MAX_FILES"),
                       ("max_stored", "ALLIANCE_UPLOAD_MAX_STORED")):
        raw = os.environ.get(env, "").strip()
        if raw.isdigit() and int(raw) > 0:
            values[field] = int(raw)
    return UploadLimits(**values)


class UploadError(ValueError):
    """An upload that cannot be stored; the message says why in words a visitor can act on."""


@dataclass(frozen=True)
class UploadedFile:
    name: str
    data: bytes


def safe_name(name: str) -> str:
    """A file name from a visitor reduced to a safe base name: no folders, no ``..``, no control characters."""
    base = PureWindowsPath(PurePosixPath(str(name)).name).name
    base = unicodedata.normalize("NFC", base)
    base = "".join(ch for ch in base if ch.isprintable() and ch not in '<>:"/\\|?*').strip(" .")
    return base[:120] or "file"


def _suffix_ok(name: str) -> bool:
    lower = name.lower()
    return any(lower.endswith("." + s) for s in ACCEPTED_SUFFIXES)


def table_columns(file: UploadedFile) -> list[str] | None:
    """The columns of an uncompressed CSV or JSON Lines table (from its first rows), or None for other files."""
    lower = file.name.lower()
    head = file.data[:1_000_000].decode("utf-8-sig", errors="replace")
    if lower.endswith(".csv"):
        try:
            return next(csv.reader(io.StringIO(head)), [])
        except csv.Error:
            return []
    if lower.endswith((".jsonl", ".ndjson")):
        columns: list[str] = []
        for line in head.split("\n")[:50]:
            try:
                row = json.loads(line)
            except ValueError:
                continue
            if isinstance(row, dict):
                columns.extend(str(k) for k in row if str(k) not in columns)
        return columns
    return None


def columns_to_choose(file: UploadedFile) -> list[str] | None:
    """The columns of a table whose text column the loader would not find (the visitor picks one), else None.

    An empty list: a table whose columns could not be read at all.
    """
    found = table_columns(file)
    if found is None or any(c.strip().lower() in TEXT_COLUMNS for c in found):
        return None  # not a table, or one the loader reads as it is
    return found


def _rename_columns(file: UploadedFile, mapping: Mapping[str, str]) -> UploadedFile:
    """The table with each chosen column renamed to its role (``text``, ``title`` …), the name the loader reads.

    A column already bearing a role's name that was not chosen for it becomes "<name> (original)".
    """
    renames = {column: role for role, column in mapping.items() if column and role in ROLES}
    if not renames:
        return file
    taken = set(renames.values())

    def renamed(column: str) -> str:
        return renames.get(column, f"{column} (original)" if column in taken else column)

    text = file.data.decode("utf-8-sig", errors="replace")
    if file.name.lower().endswith(".csv"):
        rows = list(csv.reader(io.StringIO(text)))
        if rows:
            rows[0] = [renamed(c) for c in rows[0]]
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(rows)
        return UploadedFile(file.name, out.getvalue().encode("utf-8"))
    lines = []
    for line in text.split("\n"):
        try:
            row = json.loads(line)
        except ValueError:
            lines.append(line)  # kept as it is: the loader reports it with its line number
            continue
        if isinstance(row, dict):
            row = {renamed(k): v for k, v in row.items()}
        lines.append(json.dumps(row, ensure_ascii=False))
    return UploadedFile(file.name, "\n".join(lines).encode("utf-8"))


def uploads_dir(cache: Path) -> Path:
    return cache / "uploads"


def _digest(files: Sequence[UploadedFile], settings: Mapping[str, bytes]) -> str:
    digest = hashlib.sha256()
    for file in sorted(files, key=lambda f: f.name):
        digest.update(file.name.encode("utf-8", "surrogatepass") + b"\0" + hashlib.sha256(file.data).digest())
    for key in sorted(settings):
        digest.update(key.encode() + b"\0" + hashlib.sha256(settings[key]).digest())
    return "u" + digest.hexdigest()[:12]


def _check_settings(folder: Path) -> None:
    """Validate the optional themes and eras files where they will be read; a bad one raises UploadError."""
    from alliance_data.eras import load_eras
    from alliance_data.theme_config import load_theme_config

    try:
        if (folder / "themes.toml").exists():
            load_theme_config(folder / "themes.toml")
        if (folder / "eras.toml").exists():
            load_eras(folder / "eras.toml")
    except ValueError as exc:
        message = str(exc).replace(str(folder) + os.sep, "")
        raise UploadError(message) from None


def store_upload(
    cache: Path,
    files: Sequence[UploadedFile],
    *,
    name: str = "",
    description: str = "",
    themes_toml: bytes | None = None,
    eras_toml: bytes | None = None,
    columns: Mapping[str, Mapping[str, str]] | None = None,
    limits: UploadLimits | None = None,
) -> CorpusChoice:
    """Store an upload and return its corpus choice; the same files and settings give the same id.

    ``columns`` maps a table's file name to ``{role: column}`` for tables whose columns the loader
    does not recognise. Raises :class:`UploadError` for an upload that breaks a limit or carries a
    bad settings file, naming the problem; nothing is stored then.
    """
    limits = limits or upload_limits()
    if not files:
        raise UploadError("choose at least one file")
    if len(files) > limits.max_files:
        raise UploadError(f"{len(files):,} files is more than the {limits.max_files:,} one upload may hold")
    total = sum(len(f.data) for f in files)
    if total > limits.max_upload_bytes:
        raise UploadError(f"{total / 1e6:,.0f} MB is more than the {limits.max_upload_mb} MB one upload may hold")
    named: dict[str, UploadedFile] = {}
    refused: list[str] = []
    for file in files:
        base = safe_name(file.name)
        if not _suffix_ok(base):
            refused.append(base)
            continue
        stem, dot, suffix = base.partition(".")
        candidate, n = base, 2
        while candidate in named:  # two files of one name from different folders: keep both
            candidate, n = f"{stem}-{n}{dot}{suffix}", n + 1
        mapping = (columns or {}).get(file.name) or (columns or {}).get(base)
        named[candidate] = _rename_columns(UploadedFile(candidate, file.data), mapping) if mapping else UploadedFile(candidate, file.data)
    if not named:
        raise UploadError("none of the files is of a kind the dashboard reads "
                          f"({', '.join('.' + s for s in ACCEPTED_SUFFIXES)}): {', '.join(refused[:5])}")
    settings = {k: v for k, v in (("themes.toml", themes_toml), ("eras.toml", eras_toml)) if v}
    meta_settings = {"name": name.strip()[:80], "description": description.strip()[:500]}
    upload_id = _digest(list(named.values()), {**settings, "meta": json.dumps(meta_settings, sort_keys=True).encode()})
    root = uploads_dir(cache)
    final = root / upload_id
    if (final / _META).exists():
        os.utime(final / _META)  # uploaded again: it counts as recent
        return _choice(final)
    root.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(dir=root, prefix=f".{upload_id}.pid{os.getpid()}.", suffix=".tmp"))
    try:
        docs = temp / "files"
        docs.mkdir()
        for file in named.values():
            (docs / file.name).write_bytes(file.data)
        for key, data in settings.items():
            (temp / key).write_bytes(data)
        _check_settings(temp)
        meta = {**meta_settings, "id": upload_id, "created": time.time(), "refused": refused,
                "files": [{"name": f.name, "bytes": len(f.data)} for f in named.values()]}
        (temp / _META).write_text(json.dumps(meta, indent=1, ensure_ascii=False), encoding="utf-8")
        try:
            os.rename(temp, final)
        except OSError:
            if not (final / _META).exists():
                raise
            shutil.rmtree(temp, ignore_errors=True)  # another visitor stored the same upload meanwhile
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    _evict(root, limits.max_stored, keep=upload_id)
    return _choice(final)


def _choice(folder: Path) -> CorpusChoice:
    meta = json.loads((folder / _META).read_text(encoding="utf-8"))
    themes = folder / "themes.toml"
    eras = folder / "eras.toml"
    return CorpusChoice(
        folder.name, (str(folder / "files"),),
        title=meta.get("name") or None, description=meta.get("description") or None,
        themes=str(themes) if themes.exists() else None, eras=str(eras) if eras.exists() else None,
        uploaded=True,
    )


def list_uploads(cache: Path) -> list[CorpusChoice]:
    """Stored uploads, newest first; incomplete or damaged folders are skipped (and temporary ones of dead runs removed)."""
    root = uploads_dir(cache)
    if not root.is_dir():
        return []
    found = []
    for folder in root.iterdir():
        if folder.name.startswith(".") and folder.name.endswith(".tmp"):
            _remove_stale_temp(folder)
            continue
        if not UPLOAD_ID.fullmatch(folder.name) or not (folder / _META).is_file():
            continue
        try:
            found.append(((folder / _META).stat().st_mtime, _choice(folder)))
        except (OSError, ValueError):
            continue
    return [choice for _, choice in sorted(found, key=lambda pair: (-pair[0], pair[1].name))]


def _remove_stale_temp(folder: Path, max_age: float = 3600) -> None:
    match = re.search(r"\.pid(\d+)\.", folder.name)
    try:
        alive = match is not None and pid_alive(int(match.group(1)))
        if not alive or time.time() - folder.stat().st_mtime > max_age:
            shutil.rmtree(folder, ignore_errors=True)
    except OSError:
        pass


def remove_upload(cache: Path, upload_id: str) -> bool:
    """Remove a stored upload (its built tables go with the cache's own cleaning); True when it existed."""
    if not UPLOAD_ID.fullmatch(upload_id):
        return False
    folder = uploads_dir(cache) / upload_id
    if not folder.is_dir():
        return False
    trash = folder.with_name(f".{upload_id}.pid{os.getpid()}.removed.tmp")
    os.rename(folder, trash)  # gone from the list at once, even if deleting the files takes a while
    shutil.rmtree(trash, ignore_errors=True)
    return True


def _evict(root: Path, max_stored: int, *, keep: str) -> None:
    uploads = list_uploads(root.parent)
    for choice in uploads[max_stored:]:
        if choice.name != keep:
            remove_upload(root.parent, choice.name)

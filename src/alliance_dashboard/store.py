"""Built tables on disk: a restart reuses them instead of rebuilding.

The key digests the corpus sources (paths and a hash of their content), the
build settings, the version and code of the data package and the versions of
the libraries that wrote the files, so a changed file, setting, cleaning rule
or library gives a new build. Each corpus keeps its builds in a folder of its
own; a build is a folder of Parquet tables, the fitted model as JSON and NumPy
arrays (no pickle anywhere: reading a build runs no code from it), and last a
manifest with every file's size and checksum, written under a temporary name
and renamed into place. A build is used only when its manifest matches:
anything unreadable is rebuilt, never shown as an error. Temporary files left by a
killed process are removed on start. This module never imports streamlit;
:mod:`alliance_dashboard.loaders` adds the per-process cache.
"""

from __future__ import annotations

import hashlib
import importlib.util
import inspect
import json
import os
import platform
import re
import shutil
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Callable, Sequence

import numpy as np
import pandas as pd

from alliance_data.digest import code_fingerprint, package_version
from alliance_data.colors import colors_by_prominence
from alliance_data.eras import DECADES, Eras, load_eras
from alliance_data.tables import compact_strings, topic_names
from alliance_data.tables_io import MANIFEST, TableWriter, TablesError, check_file, read_tables
from alliance_data.texts import TextColumn

from .corpora import CorpusChoice
from .selection import FilterOptions, date_years, theme_membership

__all__ = [
    "Tables", "StoreError", "model_or_none", "visitor_message", "cache_dir", "cache_limit", "cache_key",
    "stored_builds", "evict_builds", "corpus_folder", "clean_temporary_files", "build_tables",
    "load_or_build", "is_stored", "enrich_passages", "release_memory", "STORE_FORMAT",
]

Progress = Callable[[float, str], None]

#: Bump when the shape of :class:`Tables` changes.
STORE_FORMAT = "9"
#: The text columns an opened build leaves in its Parquet files (read with Arrow, searched in DuckDB): table → column.
#: What the pages filter and draw stays in memory; the text is most of a corpus's bytes.
TEXT_ON_DISK = {"passages": "text", "removed": "text"}
#: Columns a build does not store at all: nothing reads them back (a document's clean text is most of its table's
#: bytes, and every passage's text is stored with the passage).
NOT_STORED = {"documents": ["clean_text"]}
#: Rows per Parquet row group of a stored table: reading a few rows' text decompresses their groups only.
ROW_GROUP_ROWS = 4096
#: Libraries whose version decides whether a stored file can be read back as it was written.
KEY_LIBRARIES = ("pandas", "numpy", "scikit-learn", "scipy")
RANDOM_STATE = 0


class StoredThemes:
    """Theme tables as the pages read them; the fitted model is stored in files of its own.

    Opening a stored build reads the tables only; the model (and scikit-learn
    with it) is loaded the first time a page asks for ``model`` — distinctive
    terms, passage pairing — so the first page of a restart appears sooner.
    """

    def __init__(self, themes: pd.DataFrame, assignments: pd.DataFrame, model: object = None) -> None:
        self.themes = themes
        self.assignments = assignments
        self._model = model
        self._model_folder: Path | None = None
        self._model_digests: dict | None = None
        self.damaged = False  # set when the stored model proved unreadable: the build must be replaced
        self._lock = threading.Lock()

    @property
    def model(self) -> object:
        """The fitted model, read from its files on first use (checked against the manifest first).

        Raises :class:`StoreError` when the files are gone or damaged; the build is then
        marked unusable, so the next visit rebuilds it.
        """
        with self._lock:
            if self._model is None and self._model_folder is not None:
                from alliance_data.model_io import load_model, model_files

                try:
                    for path in model_files(self._model_folder):
                        _check_file(path, (self._model_digests or {}).get(path.name))
                    self._model = load_model(self._model_folder)
                except Exception as exc:
                    self.damaged = True
                    _discard(self._model_folder)
                    raise StoreError("the stored theme model could not be read; reload the page to rebuild it") from exc
            return self._model


class StoreError(RuntimeError):
    """A stored build could not be used; the message is fit to show a visitor (no paths)."""


def model_or_none(tables: "Tables") -> object:
    """The tables' fitted model, or None when they have none or its stored file proved unreadable."""
    try:
        return getattr(tables.themes, "model", None)
    except StoreError:
        return None


_PATH = re.compile(r"(?:[A-Za-z]:)?(?:[\\/][^\s\\/:'\"]+)+[\\/]?")


def visitor_message(exc: BaseException) -> str:
    """An exception as one line a visitor may read: its message with any file path cut to the file's name."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    text = _PATH.sub(lambda m: Path(m.group(0)).name or "…", text)
    return text[:300]


@dataclass
class Tables:
    """Everything the pages read: the corpus, its themes and views derived once.

    The view holds no passage text: ``texts`` reads it by view row (the view's index) with Arrow,
    from the build's Parquet file or, for a build held in memory, an Arrow table. A view given with a
    ``text`` column has it moved there, so every caller reads text one way: :meth:`with_text`.
    """

    name: str
    key: str
    corpus: object  # alliance_data.Corpus
    themes: StoredThemes  # themes, assignments, model (as alliance_data.themes.ThemeTables has)
    view: pd.DataFrame  # passages + outlet, years, words, primary theme, map position; no text
    membership: pd.DataFrame  # passage_id × theme name → bool
    options: FilterOptions
    colors: dict[str, str] = field(default_factory=dict)
    #: Set when the build could not be stored (a read-only or full cache folder): a line to show visitors.
    notice: str | None = None
    texts: TextColumn | None = None  # each view row's passage text
    removed_texts: TextColumn | None = None  # each removed line's text, when ``corpus.removed`` holds none
    _mention_rows: np.ndarray | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.texts is None:
            self.texts = TextColumn.from_frame(self.view)
        if "text" in self.view.columns:
            self.view = self.view.drop(columns="text")

    def with_text(self, rows: pd.DataFrame) -> pd.DataFrame:
        """``rows`` of the view (its index: view rows) with each passage's ``text``: for the rows a page shows."""
        if "text" in rows.columns:
            return rows
        return rows.assign(text=self.texts.take(rows.index.to_numpy()) if len(rows) else [])

    @property
    def mention_rows(self) -> np.ndarray:
        """The view row of each historical mention's passage (-1 for none), found once per build."""
        if self._mention_rows is None:
            ids = pd.Index(self.view["passage_id"])
            self._mention_rows = ids.get_indexer(self.corpus.mentions["passage_id"]) if ids.is_unique else \
                np.array([ids.get_loc(p) if p in ids else -1 for p in self.corpus.mentions["passage_id"]])
        return self._mention_rows

    def search(self, query: str) -> np.ndarray:
        """Per view row, whether its text holds every term of ``query`` (``alliance_data.search`` semantics)."""
        return self.texts.matches(query)

    def removed_lines(self, rows: pd.DataFrame) -> pd.DataFrame:
        """``rows`` of ``corpus.removed`` with each line's ``text``."""
        if "text" in rows.columns or self.removed_texts is None:
            return rows
        return rows.assign(text=self.removed_texts.take(rows.index.to_numpy()) if len(rows) else [])


def cache_dir() -> Path:
    """``ALLIANCE_CACHE_DIR``, else ``alliance`` in the user's cache folder, never inside the source tree.

    The user's cache folder is ``$XDG_CACHE_HOME`` or ``~/.cache`` (``~/Library/Caches`` on macOS,
    ``%LOCALAPPDATA%`` on Windows); without a home folder, the system's temporary folder.
    """
    configured = os.environ.get("ALLIANCE_CACHE_DIR", "").strip()
    if configured:
        return Path(configured).expanduser()
    if os.environ.get("XDG_CACHE_HOME", "").strip():
        return Path(os.environ["XDG_CACHE_HOME"].strip()) / "alliance"
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "alliance" / "cache"
    try:
        home = Path.home()
    except (KeyError, RuntimeError):  # no home folder (some service accounts)
        return Path(tempfile.gettempdir()) / "alliance-cache"
    return home / ("Library/Caches" if sys.platform == "darwin" else ".cache") / "alliance"


#: The stored builds' size cap in megabytes when ``ALLIANCE_CACHE_MAX_MB`` does not set one.
DEFAULT_CACHE_MAX_MB = 2048


def cache_limit() -> int:
    """The most bytes the stored builds may take: ``ALLIANCE_CACHE_MAX_MB`` (a number of MB), else 2 GB.

    A value that is not a positive number is ignored; the build in use is kept even when it alone is larger.
    """
    try:
        megabytes = float(os.environ.get("ALLIANCE_CACHE_MAX_MB", "") or DEFAULT_CACHE_MAX_MB)
    except ValueError:
        megabytes = DEFAULT_CACHE_MAX_MB
    if not megabytes > 0:
        megabytes = DEFAULT_CACHE_MAX_MB
    return int(megabytes * 1_000_000)


@lru_cache(maxsize=1)
def _package_digest() -> str:
    """The data package's code and data, plus the dashboard modules that shape :class:`Tables` (read once a process)."""
    digest = hashlib.sha256(code_fingerprint().encode())
    here = Path(__file__).resolve().parent
    for name in ("store.py", "selection.py"):
        digest.update((here / name).read_bytes())
    return digest.hexdigest()


def _source_files(sources: Sequence[str] | None) -> list[Path]:
    if sources is None:
        spec = importlib.util.find_spec("alliance_data")
        return [Path(list(spec.submodule_search_locations)[0]) / "data" / "seeds"]
    return [Path(s) for s in sources]


def _source_bytes(sources: Sequence[str] | None) -> int:
    """The size on disk of a corpus's source files (a folder's files and their subfolders')."""
    total = 0
    for root in _source_files(sources):
        try:
            total += sum(p.stat().st_size for p in root.rglob("*") if p.is_file()) if root.is_dir() else root.stat().st_size
        except OSError:
            continue
    return total


def eras_setting(choice: CorpusChoice | None = None) -> tuple[Eras, str | None]:
    """The corpus's own eras file, else named eras from ``ALLIANCE_ERAS``, else decades.

    A bad file falls back to decades. Returns the eras and, when a file could not be used, why.
    """
    path = (choice.eras if choice is not None and choice.eras else None) or os.environ.get("ALLIANCE_ERAS", "").strip()
    if not path:
        return DECADES, None
    try:
        return load_eras(path), None
    except ValueError as exc:
        return DECADES, f"{visitor_message(exc)}; using decades instead"


def theme_setting(choice: CorpusChoice) -> str:
    """The corpus's own themes file (its path and content digest for the cache key), or "" for the packaged themes."""
    if not choice.themes:
        return ""
    try:
        return f"{choice.themes}\0{hashlib.sha256(Path(choice.themes).read_bytes()).hexdigest()}"
    except OSError:
        return choice.themes


@lru_cache(maxsize=1)
def _library_versions() -> str:
    """Python's and the key libraries' versions, looked up once a process (the key is computed on every page view)."""
    versions = [f"python={platform.python_version()}"]
    for name in KEY_LIBRARIES:
        try:
            versions.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}=?")
    return ";".join(versions)


_CONTENT_DIGESTS: dict[tuple, bytes] = {}
_CONTENT_LOCK = threading.Lock()


def _content_digest(path: Path, stat: os.stat_result) -> bytes:
    """SHA-256 of a file's bytes, remembered per process while its size, times and inode stay the same.

    The change time is part of that identity: rewriting a file and then setting its modification
    time back still changes it, so such a file is hashed (and rebuilt) again.
    """
    identity = (str(path), stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)
    with _CONTENT_LOCK:
        known = _CONTENT_DIGESTS.get(identity)
    if known is not None:
        return known
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    value = digest.digest()
    with _CONTENT_LOCK:
        _CONTENT_DIGESTS[identity] = value
    return value


def cache_key(choice: CorpusChoice, *, settings: str = "") -> str:
    """A digest of the sources' names and content, the settings (eras included), the package and its libraries."""
    settings = f"{settings}\0{eras_setting(choice)[0].label}\0{theme_setting(choice)}"
    digest = hashlib.sha256(
        f"{STORE_FORMAT}\0{package_version()}\0{_package_digest()}\0{_library_versions()}\0{settings}".encode()
    )
    for root in _source_files(choice.sources):
        files = sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else [root]
        for path in files:
            try:
                stat = path.stat()
                content = _content_digest(path, stat)
            except OSError:
                continue
            digest.update(f"{path.resolve()}\0{stat.st_size}\0".encode("utf-8", "surrogateescape") + content)
    return digest.hexdigest()[:24]


def enrich_passages(passages: pd.DataFrame, documents: pd.DataFrame, assignments: pd.DataFrame,
                    themes: pd.DataFrame | None = None) -> pd.DataFrame:
    """Passages with what filters and views need beside them: outlet, years, words, theme, map position.

    Given the themes table, also ``topic``: the name of each passage's discovered topic. ``n_words`` (the
    words term frequencies divide by) is counted from the text unless the passages carry it. ``sample_rank``
    fixes which passages a sampled figure reads (``alliance_data.shifts.sample_rank``), worked out once here.
    """
    from alliance_data.shifts import SAMPLE_RANK, passage_words, sample_rank

    if "n_words" not in passages.columns and "text" in passages.columns:
        passages = passages.assign(n_words=passage_words(passages["text"]))
    view = _joined(passages, documents.set_index("doc_id")[["outlet"]], "doc_id")
    view["year_min"] = date_years(view["date_min"], float("inf"))
    view["year_max"] = date_years(view["date_max"], float("-inf"))
    extra = assignments.set_index("passage_id")[["primary_theme", "x", "y"]]
    if themes is not None:
        extra = extra.assign(topic=topic_names(assignments["cluster"], themes))
    view = _joined(view, extra, "passage_id")
    view[SAMPLE_RANK] = sample_rank(view["passage_id"].to_numpy(dtype=object))
    return view.reset_index(drop=True)


def _joined(frame: pd.DataFrame, other: pd.DataFrame, on: str) -> pd.DataFrame:
    """``frame.join(other, on=on)`` for an ``other`` whose index is unique: each row of ``other`` found once per
    distinct key (a column repeats its documents' few thousand ids), its columns taken by position; and where the
    keys are ``other``'s own index in order (the assignments beside their passages), taken as they are."""
    keys = frame[on]
    if not other.index.is_unique or len(frame) == 0:
        return frame.join(other, on=on)
    if len(keys) == len(other) and keys.dtype == other.index.dtype and np.array_equal(
            keys.to_numpy(dtype=object), other.index.to_numpy(dtype=object)):
        rows = np.arange(len(other))
    else:
        codes, distinct = pd.factorize(keys)
        found = other.index.get_indexer(distinct)
        rows = np.where(codes >= 0, found[np.maximum(codes, 0)] if len(found) else -1, -1)
    if (rows < 0).any():
        return frame.join(other, on=on)
    columns = {c: other[c].take(rows).set_axis(frame.index) for c in other.columns}
    return frame.assign(**columns)


def filter_options(corpus, themes) -> FilterOptions:
    documents = corpus.documents
    eras = tuple(corpus.era_order()) if hasattr(corpus, "era_order") else tuple(sorted(documents["era"].dropna().unique()))
    table = themes.themes.sort_values(["kind", "name"], ascending=[False, True], kind="mergesort")
    theme_names = tuple(dict.fromkeys(table["name"]))
    sources = tuple(sorted(documents["outlet"].dropna().astype(str).unique()))
    first = pd.to_numeric(documents["date_min"].astype("string").str.slice(0, 4), errors="coerce").min()
    last = pd.to_numeric(documents["date_max"].astype("string").str.slice(0, 4), errors="coerce").max()
    years = (int(first), int(last)) if pd.notna(first) and pd.notna(last) else None
    return FilterOptions(eras=eras, themes=theme_names, sources=sources, years=years)


def build_tables(choice: CorpusChoice, key: str = "", *, progress: Progress | None = None,
                 writer: TableWriter | None = None) -> Tables:
    """Load the corpus and fit its themes (the slow part: minutes for a large corpus).

    ``writer`` (see :func:`load_or_build`): the tables final once the themes are fitted start writing to
    it then, in threads, while this process prepares the views; storing the build writes the rest.
    """
    exported = export_folder(choice)
    if exported is not None:
        return open_export(choice, exported, key, progress=progress, writer=writer)
    from alliance_data.corpus import CleaningAhead, build_corpus, read_documents, scheduler_for
    from alliance_data.shifts import start_passage_words
    from alliance_data.workers import ProcessScheduler, long_lived, release_memory, scaled_progress

    if progress:
        progress(0.0, "Reading files")
    # One set of worker processes for the whole build: per-document steps, then counting terms. For a large
    # corpus they start (and import what their steps need) while this process reads the files, and clean
    # each batch of documents as soon as it is read; the themes' libraries are imported here meanwhile. Once the
    # build needs them no more, the workers exit while this process prepares the views (nothing waits for them).
    pool = ProcessScheduler(imports=WORKER_IMPORTS, wait_on_exit=False)
    ahead = None
    if _source_bytes(choice.sources) >= EARLY_WORKERS_BYTES:
        pool.start()
        ahead = CleaningAhead(pool) if pool.jobs > 1 else None
    try:
        # Web pages' articles are extracted on the workers as the pages are read (for 40 pages or more).
        loaded = read_documents(list(choice.sources) if choice.sources else None,
                                scheduler=pool if pool.jobs > 1 else None,
                                on_document=ahead.add if ahead is not None else None)
        from alliance_data import themes as th
    except BaseException:
        pool.close()
        raise
    with long_lived() as freeze:
        with pool:
            scheduler = scheduler_for(loaded, pool)
            # The dashboard shows and stores the passages' text, never a document's whole clean text.
            corpus = build_corpus(loaded, eras=eras_setting(choice)[0], progress=scaled_progress(progress, 0.0, 0.5),
                                  scheduler=scheduler, ahead=ahead, clean_text=False)
            del ahead
            del loaded  # the raw texts: the corpus holds its own clean text
            release_memory()
            freeze()  # the corpus lives to the end of the build
            if corpus.documents.empty:
                raise StoreError("no document could be read: " + "; ".join(str(p) for p in corpus.problems[:5]))
            config = th.load_theme_config(choice.themes) if choice.themes else None

            def store_corpus(words: np.ndarray) -> None:
                # The corpus's tables are final once the passages' words are counted: they are written in
                # threads from then on, while this process fits the themes.
                if writer is not None:
                    writer.start(_corpus_frames(corpus, lambda: words))

            theme_tables = th.fit_corpus_themes(corpus, config, random_state=RANDOM_STATE,
                                                progress=scaled_progress(progress, 0.5, 0.95), scheduler=scheduler,
                                                on_passage_words=store_corpus)
            freeze()  # and so do the theme tables
            if progress:
                progress(0.96, "Preparing views")
            # Words per passage (stored: term frequencies divide by them): found while the terms were counted,
            # else counted on the workers while this process works out the theme membership.
            counted = theme_tables.passage_words
            words = (lambda: counted) if counted is not None else start_passage_words(corpus.passages["text"], scheduler)
            if writer is not None and counted is not None:
                writer.start(_stored_frames(corpus, theme_tables.themes, theme_tables.assignments, words))
            membership = _passage_membership(corpus, theme_tables)
            if writer is not None and counted is not None:
                writer.start({"membership": membership.reset_index()})
                if theme_tables.model is not None:
                    writer.start_model(theme_tables.model)
            passages = corpus.passages.assign(n_words=words())
        return _tables(choice, key, corpus, passages, theme_tables, membership)


def _passage_membership(corpus, theme_tables) -> pd.DataFrame:
    """Each passage's themes (a column of booleans per theme), its rows in view order (the passages' order), so a
    filtered view finds its rows by position."""
    membership = theme_membership(theme_tables.assignments, theme_tables.themes)
    return membership.reindex(corpus.passages["passage_id"]).fillna(False).astype(bool)


def _tables(choice: CorpusChoice, key: str, corpus, passages: pd.DataFrame, theme_tables,
            membership: pd.DataFrame) -> Tables:
    """The :class:`Tables` of a corpus whose themes are known: its view, filter options and palette.
    ``passages``: the corpus's, with their words (``n_words``); ``membership``: each passage's themes."""
    options = filter_options(corpus, theme_tables)
    view = enrich_passages(passages, corpus.documents, theme_tables.assignments, theme_tables.themes)
    # The palette goes to the named themes the corpus uses, most used first, then to its biggest discovered themes.
    names = [str(n) for n in theme_tables.themes["name"]]
    names += sorted({str(n) for n in view["primary_theme"].dropna().unique()} - set(names))
    used = {str(c): int(n) for c, n in zip(membership.columns, membership.to_numpy(dtype=bool).sum(axis=0))}
    named = theme_tables.themes.loc[theme_tables.themes["kind"] == "named", "name"].astype(str).tolist()
    colors = colors_by_prominence(names, used, preferred=named)
    stored = StoredThemes(theme_tables.themes, theme_tables.assignments, theme_tables.model)
    return Tables(choice.name, key, corpus, stored, view, membership, options, colors)


def export_folder(choice: CorpusChoice) -> Path | None:
    """The folder of a Parquet export (``alliance-data export --format parquet``, on one machine or a cluster)
    when that is the corpus's one source: the dashboard opens its tables instead of building them."""
    if not choice.sources or len(choice.sources) != 1:
        return None
    from alliance_data.export import is_export

    folder = Path(choice.sources[0])
    return folder if folder.is_dir() and is_export(folder) else None


def open_export(choice: CorpusChoice, folder: Path, key: str = "", *, progress: Progress | None = None,
                writer: TableWriter | None = None) -> Tables:
    """A corpus exported as Parquet tables, opened as a build: its tables read back (every file checked), its
    themes fitted only when it was exported without them. The dashboard then stores it like any build."""
    from alliance_data.export import read_export
    from alliance_data.shifts import passage_words

    if progress:
        progress(0.05, f"Reading the exported tables of {folder.name}")
    try:
        corpus, theme_tables = read_export(folder)
    except (TablesError, ValueError, OSError) as exc:
        raise StoreError(f"the export in {folder.name} cannot be opened: {visitor_message(exc)}") from exc
    if corpus.documents.empty:
        raise StoreError(f"the export in {folder.name} holds no document")
    if theme_tables is None:
        from alliance_data import themes as th

        config = th.load_theme_config(choice.themes) if choice.themes else None
        theme_tables = th.fit_corpus_themes(
            corpus, config, random_state=RANDOM_STATE,
            progress=(lambda f, m: progress(0.1 + 0.8 * min(max(f, 0.0), 1.0), m)) if progress else None)
    if progress:
        progress(0.95, "Preparing views")
    words = theme_tables.passage_words
    words = words if words is not None else passage_words(corpus.passages["text"])
    membership = _passage_membership(corpus, theme_tables)
    if writer is not None:
        writer.start(_stored_frames(corpus, theme_tables.themes, theme_tables.assignments, lambda: words))
    return _tables(choice, key, corpus, corpus.passages.assign(n_words=words), theme_tables, membership)


#: Sources this large on disk (some hundreds of documents at least) start the build's workers before reading them.
EARLY_WORKERS_BYTES = 2_000_000
#: What the build's workers import as they start: the modules of the steps they run.
WORKER_IMPORTS = ("alliance_data.corpus", "alliance_data.term_counts")

_TEMP_SUFFIX = ".tmp"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_CORPUS_FOLDER = re.compile(r".*-[0-9a-f]{8}")
_cleaned: set[Path] = set()


def corpus_folder(directory: Path, name: str) -> Path:
    """The folder of one corpus's builds: its name made safe, plus a digest so that no two names share one."""
    safe = _UNSAFE.sub("_", name).strip("._")[:40] or "corpus"
    return directory / f"{safe}-{hashlib.sha256(name.encode('utf-8', 'surrogatepass')).hexdigest()[:8]}"


def pid_alive(pid: int) -> bool:
    """Whether a process of this id is running (one we may not signal counts as running)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def clean_temporary_files(directory: Path, *, max_age: float = 6 * 3600) -> int:
    """Remove temporary files left by a build that was killed while writing; returns how many.

    A temporary file names the process that wrote it: it goes when that process is gone,
    or in any case once it is older than ``max_age`` seconds.
    """
    removed = 0
    try:
        if not directory.is_dir():
            return 0
        temps = list(directory.rglob(f"*{_TEMP_SUFFIX}"))
    except OSError:
        return 0
    now = time.time()
    for temp in temps:
        match = re.search(r"\.pid(\d+)\.", temp.name)
        try:
            stale = now - temp.stat().st_mtime > max_age or (match is not None and not pid_alive(int(match.group(1))))
            if stale:
                shutil.rmtree(temp) if temp.is_dir() else temp.unlink()
                removed += 1
        except OSError:
            continue
    return removed


#: The frames of a build, each stored as ``<name>.parquet``: where each lives in :class:`Tables`.
#: The view is not stored: it is rebuilt from passages, documents and assignments, faster than it reads.
_FRAMES = ("documents", "passages", "mentions", "removed", "collation", "themes", "assignments", "membership")


def _folder_bytes(folder: Path) -> int:
    total = 0
    for path in folder.rglob("*"):
        try:
            total += path.stat().st_size if path.is_file() else 0
        except OSError:
            continue
    return total


def stored_builds(directory: Path) -> list[tuple[Path, float, int]]:
    """Every complete build under ``directory``: its folder, when it was last opened or written, its bytes."""
    builds = []
    try:
        corpora = [c for c in directory.iterdir() if c.is_dir() and _CORPUS_FOLDER.fullmatch(c.name)]
        for corpus in corpora:
            for build in corpus.iterdir():
                manifest = build / MANIFEST
                if build.is_dir() and not build.name.endswith(_TEMP_SUFFIX) and manifest.is_file():
                    builds.append((build, manifest.stat().st_mtime, _folder_bytes(build)))
    except OSError:
        pass
    return builds


def evict_builds(directory: Path, *, keep: Path, limit: int | None = None) -> list[Path]:
    """Remove other corpora's builds, least recently used first, until the stored builds fit ``limit``.

    ``keep`` (a corpus's folder) is never touched. Returns the build folders removed.
    """
    limit = cache_limit() if limit is None else limit
    builds = stored_builds(directory)
    total = sum(size for _, _, size in builds)
    removed = []
    for build, _, size in sorted(builds, key=lambda b: (b[1], str(b[0]))):
        if total <= limit:
            break
        if build.parent == keep:
            continue
        shutil.rmtree(build, ignore_errors=True)
        if not build.exists():
            total -= size
            removed.append(build)
            try:
                build.parent.rmdir()  # the corpus's folder, once it holds no build
            except OSError:
                pass
    return removed


def _mark_used(build: Path) -> None:
    """Record that a build was opened (its manifest's time), so eviction takes the least recently used first."""
    try:
        os.utime(build / MANIFEST)
    except OSError:
        pass  # a read-only cache keeps its order by write time


def _check_file(path: Path, expected: dict | None) -> None:
    try:
        check_file(path, expected)
    except TablesError as exc:
        raise StoreError("a stored file does not match its manifest") from exc


def _corpus_frames(corpus, n_words: Callable[[], np.ndarray]) -> dict[str, pd.DataFrame]:
    """The corpus's frames as a build stores them, in the manifest's order: final before the themes are fitted.

    ``n_words`` gives the passages' words, asked for only when the passages do not carry them.
    """
    passages = corpus.passages
    if "n_words" not in passages.columns:  # counted once, stored: term frequencies divide by it
        passages = passages.assign(n_words=n_words())
    return {
        "documents": corpus.documents.drop(columns=NOT_STORED["documents"], errors="ignore"),
        "passages": passages, "mentions": corpus.mentions,
        "removed": corpus.removed, "collation": corpus.collation,
    }


def _stored_frames(corpus, themes: pd.DataFrame, assignments: pd.DataFrame, n_words: Callable[[], np.ndarray],
                   membership: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """The frames a build stores, in the manifest's order (``membership`` last, when it is known already).

    ``n_words``: as :func:`_corpus_frames` takes it.
    """
    frames = {**_corpus_frames(corpus, n_words), "themes": themes, "assignments": assignments}
    if membership is not None:
        frames["membership"] = membership.reset_index()
    return frames


def _build_writer(folder: Path, key: str) -> TableWriter:
    """A writer of a build into a new temporary folder beside the build's final place (see :func:`_write_build`)."""
    folder.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(dir=folder, prefix=f"{key}.pid{os.getpid()}.", suffix=_TEMP_SUFFIX))
    return TableWriter(temp, compact=True, row_group_size=ROW_GROUP_ROWS,
                       row_read={t: [c] for t, c in TEXT_ON_DISK.items()})


def _write_build(folder: Path, key: str, tables: Tables, choice: CorpusChoice, writer: TableWriter | None = None) -> None:
    """Write a build as a folder of Parquet tables, the model's JSON and arrays, and last a manifest.

    The folder is written under a temporary name and renamed into place, so a build on
    disk is always complete. Nothing in it is a pickle. ``writer``: one the build handed
    some of its tables to already (:func:`build_tables`), which writes the rest.
    """
    from alliance_data.load import problem_records

    writer = writer or _build_writer(folder, key)
    temp = writer.folder
    try:
        corpus = tables.corpus
        frames = _stored_frames(corpus, tables.themes.themes, tables.themes.assignments,
                                lambda: tables.view["n_words"].to_numpy(), tables.membership)
        model = tables.themes.model if isinstance(tables.themes, StoredThemes) else None
        options = tables.options
        writer.finish(frames, model=model, manifest={
            "key": key, "corpus": choice.name, "store_format": STORE_FORMAT, "package": package_version(),
            "libraries": _library_versions(),
            "membership_columns": [str(c) for c in tables.membership.columns],
            "problems": problem_records(corpus.problems), "fingerprint": corpus.fingerprint,
            "eras": [[e.start, e.end, e.name] for e in getattr(corpus, "eras", DECADES).named],
            "options": {"eras": list(options.eras), "themes": list(options.themes), "sources": list(options.sources),
                        "years": list(options.years) if options.years else None},
            "colors": tables.colors,
        })
        final = folder / key
        if final.exists():
            shutil.rmtree(final)
        os.rename(temp, final)
    except BaseException:
        writer.close()
        shutil.rmtree(temp, ignore_errors=True)
        raise


def release_memory(*, collect: bool = True) -> None:
    """Hand the memory freed by opening or building a corpus back to the system (``workers.release_memory``).

    ``collect`` first collects reference cycles: a built corpus dropped for its stored copy leaves some.
    Opening a stored build leaves none, and a full collection walks every object of the process.
    """
    from alliance_data.workers import release_memory as release

    release(collect=collect)


def _discard(build: Path) -> None:
    """Make a build unusable: its manifest goes, so the next visit rebuilds it."""
    (build / MANIFEST).unlink(missing_ok=True)


def is_stored(choice: CorpusChoice) -> bool:
    """Whether ``choice`` has a build on disk under its current key (not yet checked: opening it checks it)."""
    return (corpus_folder(cache_dir(), choice.name) / cache_key(choice) / MANIFEST).is_file()


def _open_stored(folder: Path, key: str, *, verify: bool = True, built: Tables | None = None) -> Tables | None:
    """The build ``key`` in ``folder`` as :class:`Tables`, or None when it is missing or unusable.

    ``verify=False`` skips the files' checksums: for a build this process has just written and hashed.
    ``built``: the tables this process has just stored there. Their view and theme assignments are what
    reading the build back gives (the same values and types: the tests compare both ways), so they are
    taken as they are rather than read and worked out again.
    """
    from alliance_data.tables import Corpus
    from alliance_data.eras import Era, Eras
    from alliance_data.load import problems_from_records

    build = folder / key
    try:
        manifest = json.loads((build / MANIFEST).read_text(encoding="utf-8"))
        if manifest.get("key") != key or manifest.get("libraries") != _library_versions() \
                or manifest.get("store_format") != STORE_FORMAT or set(manifest.get("tables", [])) != set(_FRAMES):
            return None
        known = {}
        if built is not None:
            # Repeated strings as categoricals, as below; the stored passages are the view's own columns.
            view = compact_strings(built.view)
            stored = [c for c in _parquet_columns(build / "passages.parquet") if c != TEXT_ON_DISK["passages"]]
            known = {"passages": view[stored], "assignments": compact_strings(built.themes.assignments)}
        frames, manifest = read_tables(build, leave_out={t: [c] for t, c in TEXT_ON_DISK.items()}, verify=verify,
                                       known=known)
        files = manifest["files"]
        texts = TextColumn(build / "passages.parquet", TEXT_ON_DISK["passages"])
        removed_texts = TextColumn(build / "removed.parquet", TEXT_ON_DISK["removed"])
        membership = frames["membership"].set_index("passage_id")
        membership.columns = manifest["membership_columns"]
        eras = Eras(tuple(Era(int(a), int(b), str(n)) for a, b, n in manifest["eras"]))
        if built is None:
            # Repeated strings (ids, dates, eras, outlets, theme names) as categoricals: one copy each, not one a passage.
            view = compact_strings(enrich_passages(frames["passages"], frames["documents"], frames["assignments"],
                                                   frames["themes"]))
            frames["assignments"] = compact_strings(frames["assignments"])
        # The corpus's passages are the view's own columns (no copy: the view holds them in the same order).
        passages = view[list(frames.pop("passages").columns)]
        corpus = Corpus(
            documents=frames["documents"], passages=passages, mentions=frames["mentions"],
            removed=frames["removed"], collation=frames["collation"], problems=problems_from_records(manifest["problems"]),
            fingerprint=manifest["fingerprint"], eras=eras,
        )
        o = manifest["options"]
        options = FilterOptions(eras=tuple(o["eras"]), themes=tuple(o["themes"]), sources=tuple(o["sources"]),
                                years=tuple(o["years"]) if o["years"] else None)
        themes = StoredThemes(frames["themes"], frames["assignments"])
        if manifest.get("has_model"):
            themes._model_folder, themes._model_digests = build, files
        _mark_used(build)
        return Tables(manifest["corpus"], key, corpus, themes, view, membership.astype(bool), options,
                      dict(manifest["colors"]), texts=texts, removed_texts=removed_texts)
    except Exception:  # missing, truncated, damaged or written by other code: rebuild it
        return None


def _parquet_columns(path: Path) -> list[str]:
    """The columns of a Parquet file, from its footer."""
    import pyarrow.parquet as pq

    return list(pq.read_schema(path).names)


def _takes_writer(build: Callable) -> bool:
    try:
        return "writer" in inspect.signature(build).parameters
    except (TypeError, ValueError):  # no signature to read
        return False


def load_or_build(
    choice: CorpusChoice,
    *,
    progress: Progress | None = None,
    directory: Path | None = None,
    build: Callable[..., Tables] = build_tables,
) -> tuple[Tables, bool]:
    """The stored tables for this corpus, or a fresh build stored for next time.

    Returns the tables and whether they came from disk. A cache folder that cannot be
    written (read-only, full, not a folder) costs only the storing: the tables are built
    in memory and carry a ``notice`` saying so. After storing, other corpora's least
    recently used builds are removed while the stored builds exceed :func:`cache_limit`.
    """
    key = cache_key(choice)
    directory = directory or cache_dir()
    if directory not in _cleaned:
        clean_temporary_files(directory)
        _cleaned.add(directory)
    folder = corpus_folder(directory, choice.name)
    stored = _open_stored(folder, key)
    if stored is not None:
        release_memory(collect=False)  # nothing to collect: the first page of a restart need not wait for it
        return stored, True
    from alliance_data.workers import long_lived

    writer = None
    if _takes_writer(build):  # it hands tables to the cache as soon as they are final
        try:
            writer = _build_writer(folder, key)
        except OSError:
            pass  # a cache folder that cannot be written: found again when storing
    try:
        tables = build(choice, key, progress=progress, **({"writer": writer} if writer is not None else {}))
    except BaseException:
        if writer is not None:
            writer.close()
            shutil.rmtree(writer.folder, ignore_errors=True)
        raise
    # The built tables live until they are stored and read back; what is garbage goes after that, in one pass.
    with long_lived(collect=False):
        if progress:
            progress(0.98, "Storing the build")
        try:
            _write_build(folder, key, tables, choice, writer)
        except OSError:
            stored_error = True
        else:
            stored_error = False
            # Serve the build as stored: its text stays on disk, so the process holds no more than a restart would.
            # A view worked out by build_tables is the one reading the build works out: it is kept.
            reopened = _open_stored(folder, key, verify=False, built=tables if build is build_tables else None)
    if stored_error:
        tables.notice = ("The cache folder could not be written (read-only or full): this corpus was built in "
                         "memory and will be built again after a restart.")
        release_memory()
        return tables, False
    if reopened is not None:
        if isinstance(reopened.themes, StoredThemes) and isinstance(tables.themes, StoredThemes):
            reopened.themes._model = tables.themes._model  # the model in memory is the one stored
            reopened.themes._model_folder = None if tables.themes._model is not None else reopened.themes._model_folder
        tables = reopened
        release_memory()  # the built corpus, text and all, is gone
    elif isinstance(tables.themes, StoredThemes):
        tables.themes._model_folder = None  # the model in memory is the one stored
    try:
        for stale in folder.iterdir():
            if stale.name != key and not stale.name.endswith(_TEMP_SUFFIX):
                # built by older code or from older files: never read again
                shutil.rmtree(stale, ignore_errors=True) if stale.is_dir() else stale.unlink(missing_ok=True)
        evict_builds(directory, keep=folder)
    except OSError:
        pass  # tidying up is best effort
    return tables, False

"""Built tables on disk: a restart reuses them instead of rebuilding.

The key digests the corpus sources (paths, sizes, modification times), the
build settings, and the version and code of the data package, so a changed
file, setting or cleaning rule gives a new build. Files are pickles written
atomically (a temporary file renamed into place). This module never imports
streamlit; :mod:`alliance_dashboard.loaders` adds the per-process cache.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import pickle
import tempfile
import threading
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Callable, Sequence

import pandas as pd

from alliance_data.corpus import code_fingerprint
from alliance_data.eras import DECADES, Eras, load_eras

from .corpora import CorpusChoice
from .selection import FilterOptions, theme_membership

__all__ = ["Tables", "cache_dir", "cache_key", "build_tables", "load_or_build", "enrich_passages", "STORE_FORMAT"]

Progress = Callable[[float, str], None]

#: Bump when the shape of :class:`Tables` changes.
STORE_FORMAT = "3"
RANDOM_STATE = 0


class StoredThemes:
    """Theme tables as the pages read them; the fitted model is stored in a file of its own.

    Opening a stored build reads the tables only; the model (and scikit-learn
    with it) is loaded the first time a page asks for ``model`` — distinctive
    terms, passage pairing — so the first page of a restart appears sooner.
    """

    def __init__(self, themes: pd.DataFrame, assignments: pd.DataFrame, model: object = None) -> None:
        self.themes = themes
        self.assignments = assignments
        self._model = model
        self._model_path: Path | None = None
        self._lock = threading.Lock()

    @property
    def model(self) -> object:
        with self._lock:
            if self._model is None and self._model_path is not None and self._model_path.exists():
                with self._model_path.open("rb") as handle:
                    self._model = pickle.load(handle)
            return self._model

    def __getstate__(self) -> dict:
        return {"themes": self.themes, "assignments": self.assignments}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["themes"], state["assignments"])


def _model_path(path: Path) -> Path:
    return path.with_name(path.stem + ".model.pickle")


@dataclass
class Tables:
    """Everything the pages read: the corpus, its themes and views derived once."""

    name: str
    key: str
    corpus: object  # alliance_data.Corpus
    themes: StoredThemes  # themes, assignments, model (as alliance_data.themes.ThemeTables has)
    view: pd.DataFrame  # passages + outlet, years, primary theme, map position
    membership: pd.DataFrame  # passage_id × theme name → bool
    options: FilterOptions
    colors: dict[str, str] = field(default_factory=dict)


def cache_dir() -> Path:
    """``ALLIANCE_CACHE_DIR`` or ``.cache/`` in the working directory."""
    return Path(os.environ.get("ALLIANCE_CACHE_DIR") or ".cache")


def _package_digest() -> str:
    """The data package's code and data, plus the dashboard modules that shape :class:`Tables`."""
    digest = hashlib.sha256(code_fingerprint().encode())
    here = Path(__file__).resolve().parent
    for name in ("store.py", "selection.py"):
        digest.update((here / name).read_bytes())
    return digest.hexdigest()


def _package_version() -> str:
    try:
        return metadata.version("alliance-data")
    except metadata.PackageNotFoundError:
        return "0"


def _source_files(sources: Sequence[str] | None) -> list[Path]:
    if sources is None:
        spec = importlib.util.find_spec("alliance_data")
        return [Path(list(spec.submodule_search_locations)[0]) / "data" / "seeds"]
    return [Path(s) for s in sources]


def eras_setting() -> tuple[Eras, str | None]:
    """Named eras from the TOML file in ``ALLIANCE_ERAS``, else decades; a bad file falls back to decades.

    Returns the eras and, when the file could not be used, why.
    """
    path = os.environ.get("ALLIANCE_ERAS", "").strip()
    if not path:
        return DECADES, None
    try:
        return load_eras(path), None
    except ValueError as exc:
        return DECADES, f"{exc}; using decades instead"


def cache_key(choice: CorpusChoice, *, settings: str = "") -> str:
    """A digest of the sources' names, sizes and times, the settings (eras included) and the package."""
    settings = f"{settings}\0{eras_setting()[0].label}"
    digest = hashlib.sha256(f"{STORE_FORMAT}\0{_package_version()}\0{_package_digest()}\0{settings}".encode())
    for root in _source_files(choice.sources):
        files = sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else [root]
        for path in files:
            try:
                stat = path.stat()
            except OSError:
                continue
            digest.update(f"{path.resolve()}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:24]


def enrich_passages(passages: pd.DataFrame, documents: pd.DataFrame, assignments: pd.DataFrame) -> pd.DataFrame:
    """Passages with what filters and views need beside them: outlet, years, theme, map position."""
    view = passages.join(documents.set_index("doc_id")[["outlet"]], on="doc_id")
    year_min = pd.to_numeric(view["date_min"].astype("string").str.slice(0, 4), errors="coerce")
    year_max = pd.to_numeric(view["date_max"].astype("string").str.slice(0, 4), errors="coerce")
    view["year_min"] = year_min.astype("Float64").fillna(float("inf")).astype(float)
    view["year_max"] = year_max.astype("Float64").fillna(float("-inf")).astype(float)
    extra = assignments.set_index("passage_id")[["primary_theme", "x", "y"]]
    view = view.join(extra, on="passage_id")
    return view.reset_index(drop=True)


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


def build_tables(choice: CorpusChoice, key: str = "", *, progress: Progress | None = None) -> Tables:
    """Load the corpus and fit its themes (the slow part: minutes for a large corpus)."""
    import alliance_data as ad
    from alliance_data import themes as th

    def scaled(low: float, high: float) -> Progress | None:
        if progress is None:
            return None
        return lambda fraction, message: progress(low + (high - low) * min(max(fraction, 0.0), 1.0), message)

    corpus = ad.load_corpus(list(choice.sources) if choice.sources else None, eras=eras_setting()[0],
                            progress=scaled(0.0, 0.5))
    theme_tables = th.fit_corpus_themes(corpus, random_state=RANDOM_STATE, progress=scaled(0.5, 0.95))
    if progress:
        progress(0.96, "Preparing views")
    view = enrich_passages(corpus.passages, corpus.documents, theme_tables.assignments)
    # Rows in view order, so a filtered view finds its rows by position.
    membership = theme_membership(theme_tables.assignments, theme_tables.themes)
    membership = membership.reindex(view["passage_id"]).fillna(False).astype(bool)
    options = filter_options(corpus, theme_tables)
    colors = {str(n): str(c) for n, c in zip(theme_tables.themes["name"], theme_tables.themes["color"])}
    missing = [n for n in view["primary_theme"].dropna().unique() if n not in colors]
    if missing:
        colors.update(th.theme_colors(sorted(set(colors) | set(missing))))
    stored = StoredThemes(theme_tables.themes, theme_tables.assignments, theme_tables.model)
    return Tables(choice.name, key, corpus, stored, view, membership, options, colors)


def _write_atomic(path: Path, payload: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            pickle.dump(payload, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def load_or_build(
    choice: CorpusChoice,
    *,
    progress: Progress | None = None,
    directory: Path | None = None,
    build: Callable[..., Tables] = build_tables,
) -> tuple[Tables, bool]:
    """The stored tables for this corpus, or a fresh build stored for next time.

    Returns the tables and whether they came from disk.
    """
    key = cache_key(choice)
    path = (directory or cache_dir()) / f"{choice.name}-{key}.pickle"
    if path.exists():
        try:
            with path.open("rb") as handle:
                tables = pickle.load(handle)
            if isinstance(tables, Tables) and tables.key == key:
                if isinstance(tables.themes, StoredThemes):
                    tables.themes._model_path = _model_path(path)
                return tables, True
        except Exception:  # a truncated or stale file: rebuild it
            pass
    tables = build(choice, key, progress=progress)
    try:
        model = getattr(tables.themes, "model", None)
        if isinstance(tables.themes, StoredThemes) and model is not None:
            _write_atomic(_model_path(path), model)  # the model first: the tables file marks a complete build
            tables.themes._model_path = _model_path(path)
        _write_atomic(path, tables)
        keep = {path, _model_path(path)}
        for stale in path.parent.glob(f"{choice.name}-*.pickle"):
            if stale not in keep:  # built by older code or from older files: never read again
                stale.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only disk only costs the next start a rebuild
    return tables, False

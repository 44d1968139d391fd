"""Cached loading of the built tables: disk (across restarts) under one process-wide cache."""

from __future__ import annotations

import dataclasses
import os
import threading
import time
from collections import OrderedDict
from pathlib import Path

import numpy as np
import pandas as pd
import streamlit as st

from alliance_data.search import phrase_query

from . import store, uploads
from .corpora import CorpusChoice, corpus_choices
from .display import md_escape
from .topics import label_topics, labels_digest, read_topic_labels
from .views import THEME_KINDS, passages_by_ids, theme_names

__all__ = [
    "CorpusUnavailable", "available_corpora", "load_tables", "selection_key", "filtered_view", "distinctive_terms_cached",
    "aligned_cached", "term_trends_cached", "TERMS_SAMPLE_PER_ERA", "with_topic_labels", "kind_colors", "query_hits",
    "TermCounts", "open_stored",
]
_KEEP = 3  # corpora kept in memory at once


def _secrets_corpora() -> dict:
    try:
        return dict(st.secrets.get("corpora", {}))
    except Exception:  # no secrets file, or one that does not parse: settings are optional
        return {}


def available_corpora() -> tuple[list[CorpusChoice], list[str]]:
    """The bundled corpus, those configured in ALLIANCE_CORPORA or secrets [corpora], then uploads (newest first)."""
    # Relative paths are read from the working directory: the repository root under
    # `streamlit run dashboard.py` and on Streamlit Community Cloud.
    choices, problems = corpus_choices(os.environ.get("ALLIANCE_CORPORA"), _secrets_corpora(), base_dir=Path.cwd())
    return choices + uploads.list_uploads(store.cache_dir()), problems


class CorpusUnavailable(RuntimeError):
    """The chosen corpus could not be built; the message is fit to show a visitor."""


class _Build:
    """One build running in a thread of its own, so it finishes even when the visitor who started it leaves.

    Sessions only read its progress: every visitor of that corpus watches the same build.
    """

    def __init__(self, choice: CorpusChoice) -> None:
        self.choice = choice
        self.fraction, self.message = 0.0, "Starting"
        self.started = time.monotonic()
        self.tables: store.Tables | None = None
        self.error: str | None = None
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, name=f"alliance-build-{choice.name}", daemon=True)

    def _progress(self, fraction: float, message: str) -> None:
        self.fraction, self.message = min(max(float(fraction), 0.0), 1.0), message

    def _run(self) -> None:
        try:
            self.tables, _ = store.load_or_build(self.choice, progress=self._progress)
        except Exception as exc:  # reported to every visitor, once per key: not retried on every view
            self.error = store.visitor_message(exc)
        finally:
            self.done.set()

    def elapsed(self) -> float:
        return time.monotonic() - self.started


class _Registry:
    """Built tables shared by every session of this process, one build per key at a time."""

    def __init__(self) -> None:
        self.tables: OrderedDict[str, store.Tables] = OrderedDict()
        self.builds: dict[str, _Build] = {}
        self.failures: dict[str, str] = {}
        self.guard = threading.Lock()

    def get(self, key: str) -> store.Tables | None:
        with self.guard:
            tables = self.tables.get(key)
            if tables is not None and getattr(tables.themes, "damaged", False):
                del self.tables[key]  # its stored model proved unreadable: build it again
                return None
            return tables

    def start(self, key: str, choice: CorpusChoice) -> _Build:
        """The running build of ``key``, started now if there is none."""
        with self.guard:
            build = self.builds.get(key)
            if build is None:
                build = self.builds[key] = _Build(choice)
                build.thread.start()
            return build

    def finish(self, key: str, build: _Build) -> None:
        with self.guard:
            if self.builds.get(key) is build:
                del self.builds[key]
                if build.error is not None:
                    self.failures[key] = build.error
                elif build.tables is not None:
                    self.tables[key] = build.tables
                    while len(self.tables) > _KEEP:
                        self.tables.popitem(last=False)


@st.cache_resource(show_spinner=False)
def _registry() -> _Registry:
    return _Registry()


def open_stored(choice: CorpusChoice) -> None:
    """Start opening ``choice``'s stored build, if it has one on disk, for the sessions to come: they find it
    open, or opening, in the registry. A corpus without one is not built here (its first visitor starts that)."""
    if store.is_stored(choice):
        _registry().start(store.cache_key(choice), choice)


def _elapsed_text(seconds: float) -> str:
    return f"{seconds:.0f} s" if seconds < 90 else f"{seconds // 60:.0f} min {seconds % 60:02.0f} s"


#: How often a visitor waiting for a corpus checks whether it is ready: often while it may still open at once
#: (a stored build opens in well under a second), then at the pace of the progress shown.
_READY_POLL_S, _PROGRESS_POLL_S, _QUIET_S = 0.02, 0.3, 1.0


def load_tables(choice: CorpusChoice) -> store.Tables:
    """The tables for ``choice``; a first build shows its stage, progress and time. Shared read-only by all sessions.

    The build runs in a thread of its own: it goes on when its visitor leaves, and
    visitors arriving meanwhile watch the same build instead of starting another.
    A build that failed is reported (:class:`CorpusUnavailable`) without being retried
    until its files or settings change.
    """
    registry = _registry()
    eras_problem = store.eras_setting(choice)[1]
    if eras_problem:
        st.warning(f"Eras file (ALLIANCE_ERAS): {md_escape(eras_problem)}.", icon=":material/warning:")
    key = store.cache_key(choice)
    tables = registry.get(key)
    if tables is not None:
        return _noticed(tables)
    failure = registry.failures.get(key)
    if failure is not None:
        raise CorpusUnavailable(failure)
    build = registry.start(key, choice)
    slot = st.empty()
    shown = False
    while not build.done.wait(_READY_POLL_S if build.elapsed() < _QUIET_S else _PROGRESS_POLL_S):
        if build.elapsed() < _QUIET_S:
            continue  # a stored build opens in well under a second: no progress to show
        with slot.container():
            st.status(f"Building the {md_escape(choice.name)} corpus (first visit only; it goes on if you leave)",
                      state="running", expanded=True)
            st.progress(build.fraction, text=f"{md_escape(build.message)} · {_elapsed_text(build.elapsed())} elapsed")
        shown = True
    registry.finish(key, build)
    if shown:
        slot.empty()
    if build.error is not None:
        raise CorpusUnavailable(build.error)
    tables = registry.get(key) or build.tables
    assert tables is not None
    return _noticed(tables)


def _noticed(tables: store.Tables) -> store.Tables:
    """The tables, after showing their notice (a build that could not be stored) on this page."""
    if tables.notice:
        st.info(md_escape(tables.notice), icon=":material/info:")
    return tables


@st.cache_resource(max_entries=8, show_spinner=False)
def _labelled(tables_key: str, digest: str, path: str, _tables: store.Tables) -> tuple[store.Tables, list[str]]:
    labels, notes = read_topic_labels(path)
    labelled, unused = label_topics(_tables, labels)
    if labelled is not _tables:  # caches keyed on the tables see the labels as another corpus version
        labelled = dataclasses.replace(labelled, key=f"{tables_key}-{digest[:12]}")
    return labelled, notes + unused


def with_topic_labels(choice: CorpusChoice, tables: store.Tables) -> tuple[store.Tables, list[str]]:
    """The tables with the corpus's topic labels applied (an edited file shows at the next view), and notes."""
    if not choice.topics:
        return tables, []
    return _labelled(tables.key, labels_digest(choice.topics), choice.topics, tables)


@st.cache_resource(max_entries=16, show_spinner=False)
def kind_colors(tables_key: str, kind: str, _tables: store.Tables) -> dict[str, str]:
    """Colours when a page shows one kind of theme: the palette goes to that kind's most used themes first."""
    from alliance_data.colors import colors_by_prominence

    if kind == THEME_KINDS[0]:
        return _tables.colors
    themes = _tables.themes.themes
    names = theme_names(themes, kind, _tables.membership.columns)
    others = [str(n) for n in themes["name"] if str(n) not in set(names)]
    used = dict(zip(map(str, _tables.membership.columns), _tables.membership.to_numpy(dtype=bool).sum(axis=0).tolist()))
    return colors_by_prominence(names + others, used, preferred=names)


def selection_key(selection) -> str:
    """A stable text key for a selection, for caching what is derived from it."""
    return repr(sorted(selection.to_params().items()))


#: Above this many passages in an era, its distinctive terms are found on a fixed sample of them.
TERMS_SAMPLE_PER_ERA = 4_000


class TermCounts:
    """The theme model's term counts of passages, counted once per passage and kept for the next selection.

    Distinctive terms count a fixed sample of each era's passages; a new filter mostly asks for
    passages counted before, so only the others' text is read and counted. Rows are view rows.
    At most ``limit`` passages are kept; past that the kept counts start again.
    """

    def __init__(self, tables: store.Tables, model, limit: int = 250_000) -> None:
        self.tables, self.model, self.limit = tables, model, limit
        self.rows = np.zeros(0, dtype=np.int64)  # sorted
        self.matrix = None
        self.lock = threading.Lock()

    def __call__(self, passages: pd.DataFrame):
        import scipy.sparse as sp

        wanted = passages.index.to_numpy(dtype=np.int64)
        with self.lock:
            missing = np.setdiff1d(wanted, self.rows)
            if len(missing):
                texts = [t if isinstance(t, str) else "" for t in self.tables.texts.take(missing)]
                counted = self.model.count_terms(texts).tocsr()
                if self.matrix is None or len(self.rows) + len(missing) > self.limit:
                    rows, matrix = missing, counted
                else:
                    rows = np.concatenate([self.rows, missing])
                    matrix = sp.vstack([self.matrix, counted]).tocsr()
                order = np.argsort(rows, kind="stable")
                self.rows, self.matrix = rows[order], matrix[order]
            return self.matrix[np.searchsorted(self.rows, wanted)]


@st.cache_resource(max_entries=4, show_spinner=False)
def _term_counts(tables_key: str, _tables, _model) -> TermCounts:
    return TermCounts(_tables, _model)


@st.cache_data(max_entries=32, show_spinner="Finding the distinctive terms of each era…")
def distinctive_terms_cached(tables_key: str, selection: str, _tables, _view) -> pd.DataFrame | None:
    """Distinctive terms per era for a selection (``shifts.distinctive_terms_by_era``); None without a theme model.

    Recomputed only when the corpus or selection changes; each passage's terms are counted once per build.
    """
    from alliance_data.shifts import distinctive_terms_by_era

    model = store.model_or_none(_tables)
    if model is None:
        return None
    return distinctive_terms_by_era(_view, model, per_era=TERMS_SAMPLE_PER_ERA,
                                    count_terms=_term_counts(tables_key, _tables, model))


@st.cache_data(max_entries=32, show_spinner="Counting the terms…")
def term_trends_cached(tables_key: str, selection: str, terms: tuple[str, ...], by: str, _eras, _tables,
                       _view) -> pd.DataFrame:
    """Each term's frequency per year or era for a selection; recomputed only when one of the keys changes.

    Only the passages holding a term (found by the search) have their text read: the others add their
    stored word count and no hit.
    """
    from alliance_data.shifts import term_frequency_over_time

    holding = np.zeros(len(_tables.view), dtype=bool)
    for term in terms:
        holding |= query_hits(tables_key, phrase_query(term), _tables)
    rows = _view.index.to_numpy()
    with_text = _view.assign(text="")
    read = rows[holding[rows]]
    if len(read):
        with_text.loc[read, "text"] = _tables.texts.take(read)
    return term_frequency_over_time(with_text, list(terms), by=by, eras=_eras, include_excluded=True)


@st.cache_data(max_entries=64, show_spinner="Pairing passages…")
def aligned_cached(tables_key: str, selection: str, sides: tuple[str, ...], threshold: float,
                   _tables, _left, _right) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, tuple[int, int]] | None:
    """Aligned passages of two sides (``align.align_passages``): pairs, left-only and right-only passages, and
    how many passages of each side were too short to compare.

    None without a theme model. Recomputed only when the sides, threshold or selection change.
    """
    from alliance_data.align import PAIR_COLUMNS, align_passages, sample_passages

    model = store.model_or_none(_tables)
    if model is None:
        return None
    if _left.empty or _right.empty:
        return pd.DataFrame(columns=PAIR_COLUMNS), _left, _right, (0, 0)
    # Only the passages the alignment keeps of a large side have their text read.
    found = align_passages(_tables.with_text(sample_passages(_left)), _tables.with_text(sample_passages(_right)),
                           model, min_similarity=threshold)
    return (found.pairs, passages_by_ids(_left, found.left_only["passage_id"]),
            passages_by_ids(_right, found.right_only["passage_id"]), found.short)


@st.cache_resource(max_entries=16, show_spinner=False)
def query_hits(tables_key: str, query: str, _tables) -> np.ndarray:
    """Which passages of the corpus match ``query``: searched once per search text, whatever the other filters
    (on a large corpus the search is the slow filter, and changing an era should not run it again)."""
    return _tables.search(query)


@st.cache_resource(max_entries=8, show_spinner=False)
def filtered_view(tables_key: str, selection: str, _tables, _selection) -> pd.DataFrame:
    """The passages a selection keeps, shared read-only: a rerun or another visitor with the same filters reuses it."""
    hits = query_hits(tables_key, _selection.query, _tables) if _selection.query else None
    return _selection.apply(_tables.view, membership=_tables.membership, query_hits=hits)

"""Cached loading of the built tables: disk (across restarts) under one process-wide cache."""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from pathlib import Path

import pandas as pd
import streamlit as st

from . import store
from .corpora import CorpusChoice, corpus_choices
from .views import aligned_passages, distinctive_terms_for

__all__ = [
    "available_corpora", "load_tables", "selection_key", "filtered_view", "distinctive_terms_cached", "aligned_cached",
]
_KEEP = 3  # corpora kept in memory at once


def _secrets_corpora() -> dict:
    try:
        return dict(st.secrets.get("corpora", {}))
    except Exception:  # no secrets file, or one that does not parse: settings are optional
        return {}


def available_corpora() -> tuple[list[CorpusChoice], list[str]]:
    """The bundled corpus and those configured in ALLIANCE_CORPORA or secrets [corpora]."""
    # Relative paths are read from the working directory: the repository root under
    # `streamlit run dashboard.py` and on Streamlit Community Cloud.
    return corpus_choices(os.environ.get("ALLIANCE_CORPORA"), _secrets_corpora(), base_dir=Path.cwd())


class _Registry:
    """Built tables shared by every session of this process, one build per key at a time."""

    def __init__(self) -> None:
        self.tables: OrderedDict[str, store.Tables] = OrderedDict()
        self.guard = threading.Lock()
        self.locks: dict[str, threading.Lock] = {}

    def lock(self, key: str) -> threading.Lock:
        with self.guard:
            return self.locks.setdefault(key, threading.Lock())

    def get(self, key: str) -> store.Tables | None:
        with self.guard:
            return self.tables.get(key)

    def put(self, key: str, tables: store.Tables) -> None:
        with self.guard:
            self.tables[key] = tables
            while len(self.tables) > _KEEP:
                self.tables.popitem(last=False)


@st.cache_resource(show_spinner=False)
def _registry() -> _Registry:
    return _Registry()


def load_tables(choice: CorpusChoice) -> store.Tables:
    """The tables for ``choice``; the first build shows its progress. Shared read-only by all sessions.

    The build runs in the session's own script thread (so its progress can be
    drawn) under a per-corpus lock: sessions arriving meanwhile wait for it.
    """
    registry = _registry()
    eras_problem = store.eras_setting()[1]
    if eras_problem:
        st.warning(f"Eras file (ALLIANCE_ERAS): {eras_problem}.", icon=":material/warning:")
    key = store.cache_key(choice)
    tables = registry.get(key)
    if tables is not None:
        return tables
    slot = st.empty()
    widgets: dict[str, object] = {}

    def progress(fraction: float, message: str) -> None:
        if "bar" not in widgets:
            with slot.container():
                widgets["status"] = st.status(f"Building the {choice.name} corpus (first run only)…", expanded=True)
                with widgets["status"]:
                    widgets["bar"] = st.progress(0.0)
        widgets["bar"].progress(min(max(float(fraction), 0.0), 1.0), text=message)

    with slot.container():
        st.caption(f"Loading the {choice.name} corpus…")
    with registry.lock(key):
        tables = registry.get(key)
        if tables is None:
            tables, _ = store.load_or_build(choice, progress=progress)
            registry.put(key, tables)
    slot.empty()
    return tables


def selection_key(selection) -> str:
    """A stable text key for a selection, for caching what is derived from it."""
    return repr(sorted(selection.to_params().items()))


@st.cache_data(max_entries=32, show_spinner="Finding the distinctive terms of each era…")
def distinctive_terms_cached(tables_key: str, selection: str, order: tuple[str, ...], _tables, _view) -> pd.DataFrame:
    """Distinctive terms per era for a selection; recomputed only when the corpus or selection changes."""
    return distinctive_terms_for(_tables, _view, list(order))


@st.cache_data(max_entries=64, show_spinner="Pairing passages…")
def aligned_cached(tables_key: str, selection: str, sides: tuple[str, ...], threshold: float,
                   _tables, _left, _right) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Aligned passages of two sides; recomputed only when the sides, threshold or selection change."""
    return aligned_passages(_tables, _left, _right, min_similarity=threshold)


@st.cache_resource(max_entries=8, show_spinner=False)
def filtered_view(tables_key: str, selection: str, _tables, _selection) -> pd.DataFrame:
    """The passages a selection keeps, shared read-only: a rerun or another visitor with the same filters reuses it."""
    return _selection.apply(_tables.view, membership=_tables.membership)

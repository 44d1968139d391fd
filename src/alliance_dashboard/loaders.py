"""Cached loading of the built tables: disk (across restarts) under one process-wide cache."""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from . import store
from .corpora import CorpusChoice, corpus_choices

__all__ = ["available_corpora", "load_tables", "APP_ROOT"]

#: The folder holding dashboard.py: relative corpus paths are read from here.
APP_ROOT = Path(__file__).resolve().parents[2]


def _secrets_corpora() -> dict:
    try:
        return dict(st.secrets.get("corpora", {}))
    except Exception:  # no secrets file, or one that does not parse: settings are optional
        return {}


def available_corpora() -> tuple[list[CorpusChoice], list[str]]:
    """The bundled corpus and those configured in ALLIANCE_CORPORA or secrets [corpora]."""
    return corpus_choices(os.environ.get("ALLIANCE_CORPORA"), _secrets_corpora(), base_dir=APP_ROOT)


@st.cache_resource(show_spinner=False, max_entries=4)
def _cached_tables(name: str, key: str, _choice: CorpusChoice, _progress) -> store.Tables:
    tables, _ = store.load_or_build(_choice, progress=_progress)
    return tables


def load_tables(choice: CorpusChoice) -> store.Tables:
    """The tables for ``choice``; the first build shows its progress. Shared read-only by all sessions."""
    slot = st.empty()
    widgets: dict[str, object] = {}

    def progress(fraction: float, message: str) -> None:
        if "bar" not in widgets:
            with slot.container():
                widgets["status"] = st.status(f"Building the {choice.name} corpus (first run only)…", expanded=True)
                with widgets["status"]:
                    widgets["bar"] = st.progress(0.0)
        widgets["bar"].progress(min(max(float(fraction), 0.0), 1.0), text=message)

    key = store.cache_key(choice)
    with st.spinner(f"Loading the {choice.name} corpus…", show_time=True):
        tables = _cached_tables(choice.name, key, choice, progress)
    slot.empty()
    return tables

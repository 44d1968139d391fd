"""Readers' labels for discovered topics, applied to the built tables when they are opened.

A corpus's topics file (``topics = "…"`` in its ``[corpora.<name>]`` settings)
maps topic ids to labels. The labels rename the topics everywhere a page reads
a theme name — the themes table, each passage's primary theme and topic, the
membership columns, the filter's options and the colours — without a rebuild:
an edited file shows on the next page view. This module never imports streamlit.
"""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

from alliance_data.theme_config import load_topic_labels, topic_renames

from .store import Tables

__all__ = ["LabelledThemes", "label_topics", "labels_digest", "read_topic_labels"]


class LabelledThemes:
    """Theme tables with topics renamed; the fitted model is the original's, loaded when first asked for."""

    def __init__(self, original, themes, assignments) -> None:
        self._original = original
        self.themes = themes
        self.assignments = assignments

    @property
    def model(self) -> object:
        return self._original.model


def labels_digest(path: str | None) -> str:
    """A digest of the topics file's bytes ("" without a file; "unreadable" when it cannot be read)."""
    if not path:
        return ""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return "unreadable"


def read_topic_labels(path: str | None) -> tuple[dict[str, str], list[str]]:
    """The labels of a topics file and a note when it cannot be used (a bad file is ignored, not fatal)."""
    if not path:
        return {}, []
    try:
        return load_topic_labels(path), []
    except ValueError as exc:
        return {}, [f"{Path(path).name}: {str(exc).split(': ', 1)[-1]}; topics keep their own names"]


def label_topics(tables: Tables, labels: dict[str, str]) -> tuple[Tables, list[str]]:
    """``tables`` with its discovered topics renamed by ``labels`` (topic id → label), and notes on unused labels.

    Returns ``tables`` itself when nothing is renamed. Frames are new (never changed in place):
    the tables are shared by every session.
    """
    renames, notes = topic_renames(tables.themes.themes, labels)
    if not renames:
        return tables, notes

    def rename(value: object) -> object:
        return renames.get(value, value) if isinstance(value, str) else value

    themes = tables.themes.themes.assign(name=tables.themes.themes["name"].map(rename))
    assignments = tables.themes.assignments.assign(primary_theme=tables.themes.assignments["primary_theme"].map(rename))
    view = tables.view.assign(primary_theme=tables.view["primary_theme"].map(rename))
    if "topic" in view.columns:
        view = view.assign(topic=view["topic"].map(rename))
    membership = tables.membership.rename(columns=renames)
    options = dataclasses.replace(tables.options, themes=tuple(rename(t) for t in tables.options.themes))
    colors = {rename(name): color for name, color in tables.colors.items()}
    labelled = dataclasses.replace(tables, themes=LabelledThemes(tables.themes, themes, assignments), view=view,
                                   membership=membership, options=options, colors=colors)
    return labelled, notes

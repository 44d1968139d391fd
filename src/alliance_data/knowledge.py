"""Curated knowledge used to date documents: office holders and alliance events.

The facts live in two reviewed CSV files inside the package (``data/officeholders.csv``
and ``data/events.csv``); every row names its source. This module only reads them.
"""

from __future__ import annotations

import csv
import hashlib
import io
from functools import lru_cache
from importlib import resources

import pandas as pd

__all__ = [
    "OFFICE_LABELS",
    "TODAY",
    "load_events",
    "load_officeholders",
    "surname_of",
]

TODAY = "2026-11-21"
"""The latest date the knowledge base describes; no inferred date may lie after it."""

OFFICE_LABELS: dict[str, str] = {
    "us_president": "US president",
    "us_secretary_of_state": "US secretary of state",
    "us_secretary_of_defense": "US secretary of defense",
    "us_secretary_of_war": "US secretary of war",
    "us_secretary_of_navy": "US secretary of the navy",
    "jp_prime_minister": "prime minister of Japan",
    "jp_foreign_minister": "foreign minister of Japan",
    "jp_defense_minister": "Japan's defense minister (or Defense Agency director-general)",
    "us_indopacom_commander": "commander of US Pacific / Indo-Pacific Command",
    "us_ambassador_to_japan": "US ambassador to Japan",
}

_SUFFIXES = {"Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV"}


def surname_of(name: str) -> str:
    """The family name of a holder's Western-order ``name`` ("Harry B. Harris Jr." → "Harris")."""
    words = [w for w in name.split() if w not in _SUFFIXES]
    if not words:
        raise ValueError(f"name must contain a word, got {name!r}")
    return words[-1]


def _read_csv(filename: str) -> list[dict[str, str]]:
    text = resources.files("alliance_data").joinpath("data", filename).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def _short_id(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:12]


@lru_cache(maxsize=1)
def _officeholders() -> pd.DataFrame:
    rows = []
    for row in _read_csv("officeholders.csv"):
        aliases = tuple(a.strip() for a in row["aliases"].split("|") if a.strip())
        rows.append({
            "holder_id": "h" + _short_id(row["office"], row["name"], row["start"]),
            "office": row["office"],
            "name": row["name"],
            "aliases": aliases,
            "surname": surname_of(row["name"]),
            "start": row["start"] or None,
            "end": row["end"] or None,
            "source": row["source"],
        })
    frame = pd.DataFrame(rows, columns=["holder_id", "office", "name", "aliases", "surname", "start", "end", "source"])
    frame = frame.sort_values(["office", "start", "name"], kind="mergesort").reset_index(drop=True)
    frame["end"] = pd.Series([e if isinstance(e, str) else None for e in frame["end"]], dtype=object)
    return frame


def _split_patterns(value: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in value.split(";") if p.strip())


@lru_cache(maxsize=1)
def _events() -> pd.DataFrame:
    rows = []
    for row in _read_csv("events.csv"):
        rows.append({
            "event_id": row["event_id"],
            "name": row["name"],
            "date": row["start"],
            "start": row["start"],
            "end": row["end"] or row["start"],
            "patterns": _split_patterns(row["patterns"]),
            "context_patterns": _split_patterns(row.get("context_patterns") or ""),
            "source": row["source"],
        })
    columns = ["event_id", "name", "date", "start", "end", "patterns", "context_patterns", "source"]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values(["start", "event_id"], kind="mergesort").reset_index(drop=True)


def load_officeholders() -> pd.DataFrame:
    """Office holders with their terms: one row per term.

    Columns: ``holder_id`` (stable, content-derived), ``office`` (a key of ``OFFICE_LABELS``),
    ``name`` (Western order), ``aliases`` (tuple of full-name forms used in English text,
    Japanese names in both orders), ``surname``, ``start``, ``end`` (ISO dates; ``end`` is
    None for an incumbent) and ``source``. Title + surname forms are derived by the dater.
    """
    return _officeholders().copy()


def load_events() -> pd.DataFrame:
    """Dated events of the alliance's history.

    Columns: ``event_id``, ``name``, ``date`` (the first day), ``start``, ``end`` (ISO; equal
    for a one-day event), ``patterns`` (case-insensitive regular expressions that name this
    event and no other), ``context_patterns`` (expressions that name it only when the text's
    other evidence already points near it: "the summit in Tokyo", "the state visit") and ``source``.
    In the CSV both pattern columns separate their expressions with ``;``.
    """
    return _events().copy()

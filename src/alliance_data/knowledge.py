"""Curated knowledge used to date documents: office holders, events and numbered institutions.

The facts live in data files inside the package, every row naming its source: the curated US/Japan
table ``data/officeholders.csv``, the compacted worldwide table ``data/officeholders_world.csv.gz``
(licences and attribution in ``data/README.md``), ``data/events.csv``, ``data/institutions.csv`` and
``data/session_presidents.csv`` and the titles that name offices, ``data/titles.csv``.
This module only reads them.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
from functools import lru_cache
from importlib import resources

import pandas as pd

__all__ = [
    "OFFICE_LABELS",
    "TODAY",
    "load_events",
    "load_institutions",
    "load_officeholders",
    "load_session_presidents",
    "load_titles",
    "load_world_officeholders",
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
    path = resources.files("alliance_data").joinpath("data", filename)
    if filename.endswith(".gz"):
        text = gzip.decompress(path.read_bytes()).decode("utf-8")
    else:
        text = path.read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def _first_day(value: str) -> str | None:
    """'1996' → '1996-01-01', '1996-04' → '1996-04-01'; a full date as is; '' → None."""
    if not value:
        return None
    return value + ("-01-01" if len(value) == 4 else "-01" if len(value) == 7 else "")


def _last_day(value: str) -> str | None:
    """'1996' → '1996-12-31', '1996-04' → '1996-04-30'; a full date as is; '' → None."""
    if not value:
        return None
    if len(value) == 4:
        return value + "-12-31"
    if len(value) == 7:
        year, month = int(value[:4]), int(value[5:])
        nxt = pd.Timestamp(year=year + month // 12, month=month % 12 + 1, day=1) - pd.Timedelta(days=1)
        return nxt.date().isoformat()
    return value


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


@lru_cache(maxsize=1)
def _world_officeholders() -> pd.DataFrame:
    rows = []
    for row in _read_csv("officeholders_world.csv.gz"):
        name = row["name"].strip()
        aliases = tuple(dict.fromkeys([name] + [a.strip() for a in row["aliases"].split("|") if a.strip()]))
        try:
            surname = surname_of(name)
        except ValueError:
            continue
        rows.append({
            "holder_id": "w" + _short_id(row["office"], row["country"], name, row["start"]),
            "office": row["office"],
            "country": row["country"] or None,
            "label": row["label"],
            "name": name,
            "aliases": aliases,
            "surname": surname,
            "start": _first_day(row["start"]),
            "end": None if "end not in this source" in row["source"] else _last_day(row["end"]),
            "source": row["source"],
        })
    columns = ["holder_id", "office", "country", "label", "name", "aliases", "surname", "start", "end", "source"]
    frame = pd.DataFrame(rows, columns=columns)
    frame = frame.drop_duplicates("holder_id").sort_values(["office", "country", "start", "name"], kind="mergesort")
    frame = frame.reset_index(drop=True)
    for column in ("start", "end", "country"):
        frame[column] = pd.Series([v if isinstance(v, str) else None for v in frame[column]], dtype=object)
    return frame


def load_world_officeholders() -> pd.DataFrame:
    """Office holders worldwide since 1945 (heads of state and government, vice presidents, party leaders,
    foreign and defence ministers, heads of international organisations …): one row per term.

    Columns as :func:`load_officeholders` plus ``country`` (ISO alpha-3; None for international
    organisations) and ``label`` (the office's title in the source). ``start`` is None when the source
    began observing with the person already in office; ``end`` is None for an incumbent or when the
    source stopped observing. Partial dates are widened: a start to its first day, an end to its last.
    """
    return _world_officeholders().copy()


@lru_cache(maxsize=1)
def _institutions() -> pd.DataFrame:
    rows = []
    for row in _read_csv("institutions.csv"):
        rows.append({
            "institution_id": row["institution_id"], "name": row["name"], "pattern": row["pattern"],
            "context": row["context"] or None, "first_number": int(row["first_number"]),
            "first_start": row["first_start"], "years_per_number": int(row["years_per_number"]),
            "start_month_day": row["start_month_day"], "term_days": int(row["term_days"]),
            "lead_days": int(row["lead_days"]),
            "source": row["source"],
        })
    return pd.DataFrame(rows)


def load_institutions() -> pd.DataFrame:
    """Numbered institutions whose number dates them: the nth US Congress, the nth session of the UN General Assembly.

    Columns: ``institution_id``, ``name``, ``pattern`` (the case-sensitive expression an ordinal precedes: "Congress", "session"), ``context`` (an expression the text must contain elsewhere for a bare match to count,
    or None), ``first_number`` and ``first_start`` (the first number the rule covers and the day it began),
    ``years_per_number``, ``start_month_day`` (when later numbers begin), ``term_days``, ``lead_days`` (how many
    days before a number's start a text may already speak of it as the present one: none where ``start_month_day``
    is itself earlier than any real opening) and ``source``.
    """
    return _institutions().copy()


@lru_cache(maxsize=1)
def _session_presidents() -> pd.DataFrame:
    rows = []
    for row in _read_csv("session_presidents.csv"):
        aliases = tuple(dict.fromkeys([row["name"]] + [a.strip() for a in row["aliases"].split("|") if a.strip()]))
        rows.append({"institution_id": row["institution_id"], "number": int(row["number"]), "name": row["name"],
                     "aliases": aliases, "country": row["country"], "source": row["source"]})
    columns = ["institution_id", "number", "name", "aliases", "country", "source"]
    return pd.DataFrame(rows, columns=columns).sort_values(["institution_id", "number"]).reset_index(drop=True)


def load_session_presidents() -> pd.DataFrame:
    """Who presided over each numbered session of an institution in ``institutions.csv`` (the UN General Assembly).

    Columns: ``institution_id``, ``number`` (the session), ``name``, ``aliases`` (tuple: the name first, then the
    other forms texts use, down to the surname where it is distinctive), ``country`` (whose delegate they were)
    and ``source``. A speech that congratulates the president of the Assembly by name, or thanks the one before,
    was given during that session or the next.
    """
    return _session_presidents().copy()


@lru_cache(maxsize=1)
def _titles() -> pd.DataFrame:
    rows = []
    for row in _read_csv("titles.csv"):
        rows.append({"title": row["title"], "offices": tuple(o for o in row["offices"].split("|") if o),
                     "label_words": tuple(w for w in row["label_words"].split("|") if w), "source": row["source"]})
    return pd.DataFrame(rows, columns=["title", "offices", "label_words", "source"])


def load_titles() -> pd.DataFrame:
    """The titles that, before a name, say which office the person holds ("Foreign Minister Kishida").

    Columns: ``title`` (lower case, "defense" spelt the American way, "secretary-general" hyphenated),
    ``offices`` (tuple of office ids of the holder tables), ``label_words`` (tuple: a worldwide row counts under
    this title only when its own title contains one of them, so "President Bush" is not a territory's Leader of
    Government Business named Bush; empty when any row of the offices fits) and ``source``.
    """
    return _titles().copy()

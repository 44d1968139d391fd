"""Search text: whole words, "quoted phrases", case-insensitive — one definition for filter, counts and highlights.

``deterrence Okinawa`` finds passages with both words; ``"Taiwan Strait"``
finds the phrase (any whitespace between its words); ``war`` does not find
"toward" or "postwar". The filter, the keyword-in-context rows and the
highlighting all use :func:`term_pattern`, so the counts match the marks.

A search over text kept on disk runs in DuckDB: :func:`query_sql` writes the
same query for its regular expressions (RE2, which has no look-around), with
Python's word and space characters spelled out as Unicode classes, so both
engines find the same passages.
"""

from __future__ import annotations

import re
import string
from typing import Callable, Iterable, Iterator

import numpy as np
import pandas as pd

__all__ = [
    "parse_query", "term_pattern", "query_pattern", "matches_query", "passages_with_term", "count_hits", "kwic",
    "hits_per_passage", "KWIC_ORDER", "WithText", "phrase_query",
    "context_window", "KWIC_COLUMNS", "term_regexp", "query_sql", "first_passages", "OPENING_COLUMNS",
]

_PHRASE_OR_WORD = re.compile(r'"([^"]*)"|(\S+)')


def parse_query(query: str) -> list[str]:
    """The search terms of ``query``: each quoted phrase and each other word, in order, without repeats.

    An unmatched quote is read as a plain character boundary (the rest is a phrase).
    """
    if not isinstance(query, str):
        raise TypeError(f"query must be a str, got {type(query).__name__}")
    text = query.strip()
    if text.count('"') % 2:
        text += '"'
    terms: list[str] = []
    for phrase, word in _PHRASE_OR_WORD.findall(text):
        term = " ".join((phrase or word).split())
        if term and term.lower() not in {t.lower() for t in terms}:
            terms.append(term)
    return terms


def _one(term: str) -> str:
    words = [re.escape(w) for w in term.split()]
    body = r"\s+".join(words)
    # A boundary only where the term itself starts or ends with a word character ("U.S." still matches).
    left = r"(?<!\w)" if re.match(r"\w", term) else ""
    right = r"(?!\w)" if re.search(r"\w$", term) else ""
    return left + body + right


#: Python's ``\\w`` (letters, digits and numerals of any script, and "_") and ``\\s`` as RE2 classes.
_RE2_WORD = r"\pL\pN_"
_RE2_SPACE = r"[\t\n\v\f\r\x{1c}-\x{1f}\x{85}\pZ]"


#: An RE2 expression no text matches: a term that is not valid Unicode (a lone surrogate) finds nothing.
_RE2_NOTHING = r"[^\x{0}-\x{10FFFF}]"


def _re2_literal(word: str) -> str:
    """``word`` as literal RE2: ASCII punctuation escaped, other ASCII symbols by code, the rest as they are."""
    out = []
    for c in word:
        if c.isascii() and not c.isalnum():
            out.append(f"\\{c}" if c in string.punctuation else f"\\x{{{ord(c):x}}}")
        else:
            out.append(c)
    return "".join(out)


def term_regexp(term: str) -> str:
    """One term as an RE2 expression (DuckDB's ``regexp_matches``) that matches where :func:`term_pattern` finds it.

    RE2 has no look-around, so a boundary is a non-word character or an end of the text: equivalent
    for telling whether a text holds the term (not for counting adjacent occurrences: count in Python).
    """
    try:
        term.encode("utf-8")
    except UnicodeEncodeError:
        return _RE2_NOTHING
    body = f"{_RE2_SPACE}+".join(_re2_literal(w) for w in term.split())
    left = f"(?:^|[^{_RE2_WORD}])" if re.match(r"\w", term) else ""
    right = f"(?:[^{_RE2_WORD}]|$)" if re.search(r"\w$", term) else ""
    return f"(?i){left}{body}{right}"


def query_sql(query: str, column: str = "text") -> tuple[str, list[str]]:
    """A DuckDB condition true where ``column`` holds every term of ``query`` (as :func:`matches_query`), and its
    parameters; ``("TRUE", [])`` for an empty query. ``column`` is a column name of the caller's, never user text."""
    terms = parse_query(query)
    if not terms:
        return "TRUE", []
    condition = " AND ".join(f"coalesce(regexp_matches({column}, ?), FALSE)" for _ in terms)
    return condition, [term_regexp(t) for t in terms]


def term_pattern(term: str) -> re.Pattern[str]:
    """A case-insensitive pattern for one term (a word or a phrase) as a whole word."""
    return re.compile(_one(term), re.IGNORECASE)


def query_pattern(query: str | Iterable[str]) -> re.Pattern[str] | None:
    """One pattern matching any term of ``query`` (a search string or a list of terms); None when empty."""
    terms = parse_query(query) if isinstance(query, str) else [t for t in query if t and t.strip()]
    if not terms:
        return None
    ordered = sorted(terms, key=lambda t: (-len(t), t))  # longest first: a phrase wins over its own words
    return re.compile("|".join(f"(?:{_one(t)})" for t in ordered), re.IGNORECASE)


def matches_query(texts: pd.Series, query: str) -> np.ndarray:
    """Which texts contain every term of ``query`` (all True for an empty query)."""
    keep = np.ones(len(texts), dtype=bool)
    for term in parse_query(query):
        found = texts.str.contains(_one(term), case=False, regex=True, na=False).to_numpy(dtype=bool)
        keep &= found
    return keep


def phrase_query(term: str) -> str:
    """The search text that finds ``term`` (a word or phrase, e.g. a listed term) whole, as one phrase."""
    return f'"{term}"'


def passages_with_term(passages: pd.DataFrame, term: str) -> pd.DataFrame:
    """The passages whose text holds ``term`` (a word or phrase) as a whole word, any case."""
    if not term or not term.strip():
        return passages.iloc[0:0]
    return passages[passages["text"].str.contains(term_pattern(term.strip()), regex=True, na=False).to_numpy(dtype=bool)]


def hits_per_passage(passages: pd.DataFrame, query: str) -> np.ndarray:
    """Occurrences of the terms of ``query`` in each passage's text, as :func:`kwic` lists them."""
    pattern = query_pattern(query or "")
    if pattern is None or passages.empty:
        return np.zeros(len(passages), dtype=np.int64)
    return passages["text"].fillna("").astype(str).str.count(pattern).to_numpy(dtype=np.int64)


#: Reads the text of some passages (rows of a table without it): e.g. a stored build's ``Tables.with_text``.
WithText = Callable[[pd.DataFrame], pd.DataFrame]


def _in_pieces(passages: pd.DataFrame, with_text: WithText | None, size: int) -> Iterator[pd.DataFrame]:
    """``passages`` as they are, or ``size`` rows at a time with their text read by ``with_text``."""
    if with_text is None:
        yield passages
        return
    for start in range(0, len(passages), size):
        yield with_text(passages.iloc[start:start + size])


def count_hits(passages: pd.DataFrame, query: str, *, with_text: WithText | None = None,
               piece: int = 20_000) -> tuple[int, int, int]:
    """Occurrences of the terms of ``query`` in ``passages``, and the passages and documents holding one.

    Counted as :func:`kwic` lists them and the highlighting marks them. Passages without their text are
    given it by ``with_text``, ``piece`` rows at a time, so a large selection's text is never held at once.
    """
    if query_pattern(query or "") is None or passages.empty:
        return 0, 0, 0
    counts = np.concatenate([hits_per_passage(rows, query) for rows in _in_pieces(passages, with_text, piece)])
    found = counts > 0
    return int(counts.sum()), int(found.sum()), int(passages.loc[found, "doc_id"].nunique())


def context_window(text: str, start: int, end: int, width: int) -> tuple[str, str, str]:
    """``text[start:end]`` with up to ``width`` characters each side, cut only between words, "…" where cut.

    Returns (left, match, right), each side on one line.
    """
    left_from, right_to = max(0, start - width), min(len(text), end + width)
    left, right = text[left_from:start], text[end:right_to]
    if left_from > 0:
        if not text[left_from - 1].isspace() and not left[:1].isspace():  # the cut went through a word
            left = left.split(None, 1)[1] if len(left.split(None, 1)) == 2 else ""
        left = "…" + left.lstrip()
    if right_to < len(text):
        if not text[right_to].isspace() and not right[-1:].isspace():
            right = right.rsplit(None, 1)[0] if len(right.rsplit(None, 1)) == 2 else ""
        right = right.rstrip() + "…"
    return " ".join(left.split()), text[start:end], " ".join(right.split())


KWIC_COLUMNS = ["doc_id", "passage_id", "title", "date", "era", "left", "match", "right", "context"]
#: The order :func:`kwic` lists passages in (undated last): a caller reading text in pieces sorts the same way.
KWIC_ORDER = ("date_min", "doc_id", "position")


OPENING_COLUMNS = ["doc_id", "passage_id", "title", "date", "era", "opening"]


def first_passages(passages: pd.DataFrame, *, limit: int = 500, width: int = 160,
                   with_text: WithText | None = None) -> pd.DataFrame:
    """The first ``limit`` passages in the order :func:`kwic` lists them, each with its ``opening``.

    ``opening`` holds up to ``width`` characters of the passage's first whole words ("…" where cut);
    only the rows listed have their text read (by ``with_text`` when ``passages`` holds none).
    """
    if passages.empty or limit <= 0:
        return pd.DataFrame(columns=OPENING_COLUMNS)
    keys = [c for c in KWIC_ORDER if c in passages.columns]
    ordered = passages.sort_values(keys, kind="mergesort", na_position="last") if keys else passages
    rows = ordered.head(limit)
    if "text" not in rows.columns and with_text is not None:
        rows = with_text(rows)
    openings = [context_window(t if isinstance(t, str) else "", 0, 0, width)[2] for t in rows["text"]]
    return pd.DataFrame({"doc_id": rows["doc_id"].to_numpy(dtype=object),
                         "passage_id": rows["passage_id"].to_numpy(dtype=object),
                         **{c: (rows[c].to_numpy(dtype=object) if c in rows.columns else [None] * len(rows))
                            for c in ("title", "date", "era")},
                         "opening": openings}, columns=OPENING_COLUMNS)


def kwic(passages: pd.DataFrame, query: str, *, width: int = 60, limit: int = 500,
         with_text: WithText | None = None, piece: int = 2_000) -> pd.DataFrame:
    """Keyword in context: one row per occurrence of a term of ``query``, at most ``limit`` rows.

    Rows run in date order (undated last), then document and passage order; ``left``
    and ``right`` hold up to ``width`` characters of whole words each side, and
    ``context`` the three joined with the hit in ⟦ ⟧, so the hit sits mid-line.
    ``title``, ``date`` and ``era`` are the passage's own (missing ones stay missing).
    Passages without their text are given it by ``with_text``, ``piece`` rows at a time in that
    order, until ``limit`` rows are found: the same rows, without holding every passage's text.
    """
    pattern = query_pattern(query or "")
    if pattern is None or passages.empty:
        return pd.DataFrame(columns=KWIC_COLUMNS)
    if with_text is not None:
        keys = [c for c in KWIC_ORDER if c in passages.columns]
        ordered = passages.sort_values(keys, kind="mergesort", na_position="last") if keys else passages
        found: list[pd.DataFrame] = []
        for rows in _in_pieces(ordered, with_text, piece):
            part = kwic(rows, query, width=width, limit=limit - sum(map(len, found)))
            if len(part):
                found.append(part)
            if sum(map(len, found)) >= limit:
                break
        return pd.concat(found, ignore_index=True) if found else pd.DataFrame(columns=KWIC_COLUMNS)
    columns = ["doc_id", "passage_id", "text"] + [c for c in ("title", "era", "date", "date_min", "position")
                                                  if c in passages.columns]
    keys = [c for c in KWIC_ORDER if c in columns]
    ordered = passages[columns].sort_values(keys, kind="mergesort", na_position="last")
    rows = []
    for row in ordered.itertuples(index=False):
        text = row.text if isinstance(row.text, str) else ""
        for found in pattern.finditer(text):
            left, match, right = context_window(text, found.start(), found.end(), width)
            before = " " if found.start() > 0 and text[found.start() - 1].isspace() else ""
            after = " " if found.end() < len(text) and text[found.end()].isspace() else ""
            rows.append({"doc_id": row.doc_id, "passage_id": row.passage_id, "title": getattr(row, "title", None),
                         "date": getattr(row, "date", None), "era": getattr(row, "era", None),
                         "left": left, "match": match, "right": right,
                         "context": f"{left}{before}⟦{match}⟧{after}{right}"})
            if len(rows) >= limit:
                return pd.DataFrame(rows, columns=KWIC_COLUMNS)
    return pd.DataFrame(rows, columns=KWIC_COLUMNS)

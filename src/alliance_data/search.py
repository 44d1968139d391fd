"""Search text: whole words, "quoted phrases", case-insensitive — one definition for filter, counts and highlights.

``deterrence Okinawa`` finds passages with both words; ``"Taiwan Strait"``
finds the phrase (any whitespace between its words); ``war`` does not find
"toward" or "postwar". The filter, the keyword-in-context rows and the
highlighting all use :func:`term_pattern`, so the counts match the marks.
"""

from __future__ import annotations

import re
from typing import Iterable

import numpy as np
import pandas as pd

__all__ = ["parse_query", "term_pattern", "query_pattern", "matches_query"]

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

"""Historical references: the years, decades and year ranges a passage mentions.

"In April 1945" → 1945; "since the 1960s" → 1960–1969; "(1966-1976)" → a range; "the '90s" → 1990–1999;
"the 1900s" → the century 1900–1999 (a range).
Numbers that are not years are left alone: "250,000 people", "US$1 billion", "400 Tomahawk",
"0314p09.tif", "6,000 kilometers (3,728 miles)", "2000 troops".

One compiled expression runs once over many passages joined together, so a corpus of half a
million passages is read in seconds. A build finds each document's in its worker processes
(:func:`find_mentions`) and puts them together (:func:`combine_mentions`, :func:`mention_table`):
the same table as :func:`extract_mentions` over all its passages.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate
from typing import Iterator, Sequence

import numpy as np
import pandas as pd

from .text import MONTH_PATTERN, UNSPACED_CHARS

__all__ = ["MENTION_COLUMNS", "combine_mentions", "extract_mentions", "find_mentions", "mention_table",
           "renumber_mentions", "year_mentions"]

MENTION_COLUMNS = ["passage_id", "doc_id", "text", "year", "year_end", "kind", "start", "end"]
FIRST_YEAR, LAST_YEAR = 1800, 2100

_Y = r"(?:1[89]\d\d|20\d\d|2100)"
_MONTHS = MONTH_PATTERN
# A letter of a script written with spaces (or a digit): a year's neighbour in a longer word. A script written without
# spaces runs its words into a year ("在2012年12月10日"), which is a year all the same.
_WORD_CHAR = rf"[^\W{UNSPACED_CHARS}]"
_MENTION = re.compile(
    rf"(?<!{_WORD_CHAR})(?<![$£¥€.,/#:+])(?<!\d-)"  # not the tail of an amount, an identifier, a decimal, a file name or a number
    r"(?:"
    rf"(?P<r1>{_Y})\s?(?:[-–—]|\s(?:to|until|through|till)\s)\s?(?P<r2>{_Y}|\d\d)(?!{_WORD_CHAR}|%|[.,]\d)"
    rf"|(?P<dec>1[89]\d0|20\d0)['’]?s\b"
    r"|['’](?P<short>[3-9]0)s\b"
    rf"|(?P<y>{_Y})(?!{_WORD_CHAR}|%|[.,]\d|['’]?s\b)"
    r")"
)
# A year followed by a lowercase word ("2000 troops") counts only after a temporal word, before a verb
# or connective ("1945 was"), or as an adjective after "the" unless the word counts things ("the 2000 troops").
_NEXT_WORD = re.compile(r"[ \t]+(?:(?P<lower>[a-z][\w-]*)|(?P<digit>\d)|(?P<other>\S))")
_YEARLIKE_NEXT = frozenset(
    "was were is are saw marked brought began begins ended ends had has became becomes remains remained will would "
    "also onward onwards and or to through when as after before until".split())
_COUNTED = frozenset(
    "people persons troops soldiers men women children refugees workers members units tons tonnes dollars yen euros "
    "pounds km kilometers kilometres miles metres meters feet hectares acres votes seats cases deaths casualties "
    "missiles aircraft planes ships vessels tanks weapons warheads rounds barrels copies pages times".split())
_THE_BEFORE = re.compile(r"\bthe\s+$", re.I)
_TEMPORAL_BEFORE = re.compile(
    rf"(?:\b(?:in|since|until|till|before|after|during|by|from|early|late|mid|circa|ca\.|c\.|year|fiscal|FY"
    rf"|summer|winter|spring|autumn|fall|{_MONTHS})\.?(?:\s+the)?|\d{{1,2}}(?:st|nd|rd|th)?,?|mid-|pre-|post-|\b(?:between|from)\s+\d{{4}}\s+and)\s*$",
    re.I,
)
# The C scanner skips straight to a character a mention can start with; the full pattern runs only there.
_CANDIDATE = re.compile(r"[12'’](?:(?<=1)[89]\d\d|(?<=2)0\d\d|(?<=2)100|(?<=['’])[3-9]0s)")
# Each kind of candidate alone, as a match of its first character (every candidate is _CANDIDATE_LENGTH long):
# a search for one character skips ahead far quicker than one for any of four.
_CANDIDATE_STARTS = tuple(re.compile(p) for p in (r"1(?=[89]\d\d)", r"2(?=0\d\d|100)", r"'(?=[3-9]0s)", r"’(?=[3-9]0s)"))
_CANDIDATE_LENGTH = 4
_SEPARATOR = "\n\x00\n"


def _empty() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype="object") for c in MENTION_COLUMNS})
    return frame.astype({"year": "int64", "year_end": "int64", "start": "int64", "end": "int64"})


def _candidates(text: str) -> Iterator[int]:
    """Where ``_CANDIDATE.finditer(text)`` finds its matches: every place a candidate of any kind begins, taken
    from left to right, each past the end of the one before (the same places, found far quicker)."""
    reach = 0
    for start in sorted(m.start() for pattern in _CANDIDATE_STARTS for m in pattern.finditer(text)):
        if start >= reach:
            yield start
            reach = start + _CANDIDATE_LENGTH


def year_mentions(text: str) -> list[tuple[int, int, int, int, str]]:
    """The years, decades and ranges one text mentions: (start, end, year, year_end, kind) in text order."""
    hits: list[tuple[int, int, int, int, str]] = []  # absolute start, end, year, year_end, kind
    reach = 0
    for candidate in _candidates(text):
        if candidate < reach:
            continue
        m = _MENTION.match(text, candidate)
        if m is None:
            continue
        reach = m.end()
        if m.group("y"):
            year = int(m.group("y"))
            after = _NEXT_WORD.match(text, m.end())
            if after and after.group("digit"):
                continue  # "1800 555 0100": part of a longer run of numbers
            if after and after.group("lower"):
                word = after.group("lower").lower()
                before = text[max(0, m.start() - 24):m.start()]
                adjective = _THE_BEFORE.search(before) and word not in _COUNTED
                if word not in _YEARLIKE_NEXT and not adjective and not _TEMPORAL_BEFORE.search(before):
                    continue
            hits.append((m.start(), m.end(), year, year, "year"))
        elif m.group("dec"):
            year = int(m.group("dec"))
            if year in (1800, 1900):  # "the 1800s", "the early 1900s": a century
                hits.append((m.start(), m.end(), year, year + 99, "range"))
            else:
                hits.append((m.start(), m.end(), year, year + 9, "decade"))
        elif m.group("short"):
            year = 1900 + int(m.group("short"))
            hits.append((m.start(), m.end(), year, year + 9, "decade"))
        else:
            first, last = m.group("r1"), m.group("r2")
            year = int(first)
            year_end = int(last) if len(last) == 4 else (year // 100) * 100 + int(last)
            if year < year_end <= LAST_YEAR and year_end - year <= 200:
                hits.append((m.start(), m.end(), year, year_end, "range"))
            else:  # "2005-06" read as a year with a trailing number, or a reversed span: keep the first year
                hits.append((m.start(), m.start() + 4, year, year, "year"))
    return hits


#: Passages searched at once. Their texts are joined into one string, which a single character beyond
#: Latin-1 makes two or four bytes a character: a whole large corpus at once would take gigabytes.
_BLOCK = 50_000
def extract_mentions(passages: pd.DataFrame) -> pd.DataFrame:
    """One row per year, decade or year range mentioned in each passage.

    In: ``passage_id``, ``doc_id``, ``text``. Out: ``passage_id, doc_id, text`` (the matched words),
    ``year``, ``year_end`` (the last year a decade or range covers; equal to ``year`` for a single
    year), ``kind`` (``year`` | ``decade`` | ``range``), ``start``, ``end`` (offsets into the passage
    text), in passage order then offset order.
    """
    if not isinstance(passages, pd.DataFrame):
        raise TypeError(f"passages must be a pandas DataFrame, got {type(passages).__name__}")
    missing = [c for c in ("passage_id", "doc_id", "text") if c not in passages.columns]
    if missing:
        raise ValueError(f"passages lacks the column(s) {', '.join(missing)}; expected passage_id, doc_id, text")
    if passages.empty:
        return _empty()
    if len(passages) > _BLOCK:  # a block of passages at a time: the joined text stays small
        # No mention reaches across the separator, so any blocks give the same table.
        frames = [extract_mentions(passages.iloc[i:i + _BLOCK]) for i in range(0, len(passages), _BLOCK)]
        frames = [frame for frame in frames if not frame.empty]
        return pd.concat(frames, ignore_index=True) if frames else _empty()
    texts = passages["text"].fillna("").astype(str).tolist()
    return mention_table(passages["passage_id"].to_numpy(), passages["doc_id"].to_numpy(), find_mentions(texts))


def find_mentions(texts: Sequence[str]) -> tuple[list, ...]:
    """The mentions in each of ``texts``, as columns: the index of the text each is in, then its ``start``, ``end``
    (offsets into that text), ``year``, ``year_end``, ``kind`` and ``text`` (the words), in text then offset order.

    What :func:`extract_mentions` finds, for texts held as a list (a build's workers find a document's at a time);
    lists of plain values, which cost little to send between processes.
    """
    if not texts:
        return _no_mentions()
    joined = _SEPARATOR.join(texts)
    hits = year_mentions(joined)
    if not hits:
        return _no_mentions()
    # Where each text starts in the joined one; a document's few mentions are placed without array set-up.
    offsets = list(accumulate((len(t) + len(_SEPARATOR) for t in texts[:-1]), initial=0))
    rows = [bisect_right(offsets, h[0]) - 1 for h in hits]
    return (rows, [h[0] - offsets[r] for h, r in zip(hits, rows)], [h[1] - offsets[r] for h, r in zip(hits, rows)],
            [h[2] for h in hits], [h[3] for h in hits], [h[4] for h in hits], [joined[h[0]:h[1]] for h in hits])


def _no_mentions() -> tuple[list, ...]:
    return [], [], [], [], [], [], []


def combine_mentions(parts: Sequence[tuple[int, tuple]]) -> tuple[list, ...]:
    """:func:`find_mentions`'s columns for several lists of texts as one, each list given with the number of texts
    before it (a build finds each document's and puts them together)."""
    rows = [row + before for before, found in parts for row in found[0]]
    return (rows, *([value for _, found in parts for value in found[k]] for k in range(1, 7)))


def renumber_mentions(found: tuple, place: np.ndarray) -> tuple[list, ...]:
    """:func:`find_mentions`'s columns after the texts were reordered: text ``i`` is now at ``place[i]``. The
    mentions follow the texts' new order, each text's in offset order as before."""
    rows = np.asarray(found[0], dtype=np.int64)
    if not len(rows):
        return _no_mentions()
    rows = place[rows]
    order = np.argsort(rows, kind="stable")
    return (rows[order].tolist(), *([column[k] for k in order] for column in found[1:]))


def mention_table(passage_ids: np.ndarray, doc_ids: np.ndarray, found: tuple) -> pd.DataFrame:
    """The mentions table from :func:`find_mentions`'s columns, the texts' passage and document ids given as arrays."""
    row, start, end, year, year_end, kind, words = found
    if not len(row):
        return _empty()
    row = np.asarray(row, dtype=np.int64)
    frame = pd.DataFrame({
        "passage_id": passage_ids[row],
        "doc_id": doc_ids[row],
        "text": words,
        "year": np.asarray(year, dtype=np.int64),
        "year_end": np.asarray(year_end, dtype=np.int64),
        "kind": kind,
        "start": np.asarray(start, dtype=np.int64),
        "end": np.asarray(end, dtype=np.int64),
    })
    return frame[MENTION_COLUMNS].reset_index(drop=True)

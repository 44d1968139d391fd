"""Reading written dates: metadata values ("1996", "2005-03-14", "March 2005") and datelines at a document's head."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import replace
from typing import Any

import pandas as pd

from ..text import (CJK_DAY, CJK_MONTH, MONTH_PATTERN, TERMINAL, byline_words, calendar_words, month_number,
                    stop_words)
from .intervals import EARLIEST_RECORD, MAX_DATE, DateEstimate, describe, make_estimate, month_end


# --------------------------------------------------------------------------- date strings

_CALENDAR = calendar_words()  # other languages' month and weekday names and stamp labels: data/calendar_words.csv


def _month(names: str) -> str:
    """A month named by one of ``names`` (an alternation), perhaps abbreviated with a full stop, as group ``mon``."""
    return rf"(?P<mon>{names})\.?(?![^\W\d_])"


_MON = _month(MONTH_PATTERN)
#: Other languages' month names are read after a day only (« 30 avril 2015 »): alone before a year, some are
#: English words (« Mars 2020 »).
_MON_AFTER_DAY = _month(f"{MONTH_PATTERN}|{'|'.join(map(re.escape, _CALENDAR.months))}")
_DAY = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th|er|\.)?"  # « 1st », « 1er », « 14. »
_YEAR = r"(?P<y>1[89]\d\d|20\d\d)(?!\d)"
_WEEKDAY = re.compile(
    r"(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs?)?|Fri|Sat(?:ur)?|Sun)(?:day)?|"
    rf"{'|'.join(map(re.escape, _CALENDAR.weekdays))})(?![^\W\d_])\.?,?\s+", re.I)

# (name, pattern, use) — use: 'any' for datelines and metadata, 'meta' for metadata only.
_FORMATS = [
    ("iso", re.compile(rf"{_YEAR}-(?P<m>[01]?\d)-(?P<d>[0-3]?\d)(?!\d)"), "any"),
    ("ymd", re.compile(rf"{_YEAR}[/.](?P<m>[01]?\d)[/.](?P<d>[0-3]?\d)(?!\d)"), "any"),
    ("ymd", re.compile(rf"{_YEAR}{CJK_MONTH}{CJK_DAY}"), "any"),  # Chinese, Japanese and Korean
    ("mdy", re.compile(rf"{_MON}\s+{_DAY},?\s+{_YEAR}", re.I), "any"),
    ("dmy", re.compile(rf"{_DAY}\s+(?:of\s+|de\s+)?{_MON_AFTER_DAY},?\s+(?:de\s+|del\s+)?{_YEAR}", re.I), "any"),  # « 1 de mayo de 2017 »
    ("numeric", re.compile(r"(?P<a>[0-3]?\d)(?P<sep>[/.-])(?P<b>[0-3]?\d)(?P=sep)(?P<y>1[89]\d\d|20\d\d)(?!\d)"),
     "any"),
    ("compact", re.compile(r"(?P<y>1[89]\d\d|20\d\d)(?P<m>[01]\d)(?P<d>[0-3]\d)(?!\d)"), "meta"),
    ("my", re.compile(rf"{_MON},?\s+{_YEAR}", re.I), "any"),
    ("ym", re.compile(rf"{_YEAR}[-/](?P<m>[01]?\d)(?![\d/-])"), "meta"),
    ("years", re.compile(r"(?P<y>1[89]\d\d|20\d\d)\s*[-–/]\s*(?P<y2>1[89]\d\d|20\d\d)(?!\d)"), "meta"),
    ("y", re.compile(_YEAR), "meta"),
]
_CLOCK = r"\d{1,2}[:.]\d\d(?:[:.]\d\d(?:\.\d+)?)?\s*(?:[ap]\.?m\.?)?"  # a time of day: 4:08 pm, 14.30, 10:53:07
_ZONE = r"(?:Z|UTC|GMT|[A-Z]{2,4}T?|[+-]\d\d:?\d\d)"  # its time zone: EST, ET, BST, +09:00
_TIME_TAIL = re.compile(rf"[\sT,]*(?:(?:at\s+)?{_CLOCK})?\s*{_ZONE}?\s*$", re.I)
#: A time of day written before the date it belongs to (« 10:53 AM EST, Sun December 18, 2016 »).
#: Written with a colon or with am/pm, so that a numeric date (« 03.04.2005 ») is not read as one.
_TIME_HEAD = re.compile(rf"(?:\d{{1,2}}:\d\d(?::\d\d)?\s*(?:[ap]\.?m\.?)?|\d{{1,2}}(?:\.\d\d)?\s*[ap]\.?m\.?)(?![\d.:/-])"
                        rf"(?:\s*{_ZONE})?\s*[,|–—-]?\s*", re.I)


def _day(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def read_at(text: str, pos: int, *, metadata: bool) -> tuple[dt.date, dt.date, int, str] | None:
    """Read a date starting at ``pos``: (first day, last day, end offset, how it was read)."""
    weekday = _WEEKDAY.match(text, pos)
    if weekday:
        pos = weekday.end()
    for name, pattern, use in _FORMATS:
        if use == "meta" and not metadata:
            continue
        m = pattern.match(text, pos)
        if not m:
            continue
        y = int(m.group("y"))
        if name in ("iso", "ymd", "compact"):
            day = _day(y, int(m.group("m")), int(m.group("d")))
            if day:
                return day, day, m.end(), "date"
        elif name in ("mdy", "dmy"):
            day = _day(y, month_number(m.group("mon")), int(m.group("d")))
            if day:
                return day, day, m.end(), "date"
        elif name == "numeric":
            a, b = int(m.group("a")), int(m.group("b"))
            readings = sorted({d for d in (_day(y, b, a), _day(y, a, b)) if d})
            if readings:
                how = "date" if len(readings) == 1 else "ambiguous day/month order"
                return readings[0], readings[-1], m.end(), how
        elif name == "my":
            month = month_number(m.group("mon"))
            return dt.date(y, month, 1), month_end(y, month), m.end(), "month"
        elif name == "ym":
            month = int(m.group("m"))
            if 1 <= month <= 12:
                return dt.date(y, month, 1), month_end(y, month), m.end(), "month"
        elif name == "years":
            y2 = int(m.group("y2"))
            if y2 >= y:
                return dt.date(y, 1, 1), dt.date(y2, 12, 31), m.end(), "years"
        elif name == "y":
            return dt.date(y, 1, 1), dt.date(y, 12, 31), m.end(), "year"
    return None


def plausible(lo: dt.date, hi: dt.date) -> bool:
    return EARLIEST_RECORD <= lo <= hi <= MAX_DATE


def is_missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    try:
        return bool(pd.isna(value)) if not isinstance(value, (str, bytes, list, tuple, dict)) else False
    except (TypeError, ValueError):
        return False


def parse_date_string(value: Any) -> DateEstimate | None:
    """Read a metadata date value: '1996', 1996, '2005-03-14', 'March 2005', 'Mon, Mar 14, 2005' …

    Returns an estimate with method 'metadata', or None when the value is missing or unreadable.
    """
    if is_missing(value) or isinstance(value, bool):
        return None
    if isinstance(value, (pd.Timestamp, dt.datetime)):
        value = value.date()
    if isinstance(value, dt.date):
        if not plausible(value, value):
            return None
        return make_estimate(value, value, "metadata", [f"The source's metadata gives the date {value.isoformat()}"])
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) or (hasattr(value, "dtype") and str(getattr(value, "dtype", "")).startswith("int")):
        year = int(value)
        if not 1800 <= year <= MAX_DATE.year:
            return None
        lo, hi = dt.date(year, 1, 1), min(dt.date(year, 12, 31), MAX_DATE)
        return make_estimate(lo, hi, "metadata", [f"The source's metadata gives the year {year}"])
    if not isinstance(value, str):
        return None
    text = value.strip()
    label = LABEL.match(text)
    if label:
        text = text[label.end():]
    found = read_at(text, 0, metadata=True)
    if found is None:
        return None
    lo, hi, end, how = found
    if not _TIME_TAIL.match(text, end) or not plausible(lo, hi):
        return None
    hi = min(hi, MAX_DATE)
    if how == "year":
        sentence = f"The source's metadata gives the year {lo.year}"
    elif how == "month":
        sentence = f"The source's metadata gives the month {lo.strftime('%B %Y')}"
    elif how == "date":
        sentence = f"The source's metadata gives the date {lo.isoformat()}"
    elif how == "years":
        sentence = f"The source's metadata gives the years {lo.year} to {hi.year}"
    else:
        sentence = f"The source's metadata gives '{value.strip()}', read either way round: {describe(lo, hi)}"
    return make_estimate(lo, hi, "metadata", [sentence])


# --------------------------------------------------------------------------- datelines

_OTHER_LABELS = "|".join(r"\s+".join(map(re.escape, label.split())) for label in _CALENDAR.labels)
LABEL = re.compile(
    r"(?P<label>first published|published|posted|last updated|updated|last modified|modified|dated|date|issued"
    rf"|{_OTHER_LABELS})(?:\s+(?:on|at))?\s*[:\-–—|]?\s*", re.I)
_FURNITURE = re.compile(r"^[\s\-–—|:,;/()]*(?:page\s*\d+\w*|p\.\s*\d+|print edition|news list|news|"
                        r"[A-Za-z]+\s+edition|\d+\s*min(?:ute)?s?\s+read|updated|[A-Z]{2,5})?", re.I)
_CITY = re.compile(r"(?P<city>[A-Z][A-Za-z.'’\-]*(?:\s+[A-Z][A-Za-z.'’\-]*){0,2})(?:\s*\([^)]{1,40}\))?\s*,\s+")
_CITY_END = re.compile(r"\s*(?:[-–—:(]|\(|$)")
_HEAD_LINES = 8
_LABEL_LINES = 30
#: The rank of a stamp labelled as an update: taken only when the head has no other stamp.
_UPDATE_RANK = 2
_UPDATE_LABELS = {"updated", "last updated", "modified", "last modified"} | {
    label for label, update in _CALENDAR.labels.items() if update}


def _dateline_in_line(line: str) -> tuple[int, dt.date, dt.date, str] | None:
    """(rank, first day, last day, how) when the line is a dateline; lower rank is preferred."""
    if len(line) > 160:
        return None
    label = LABEL.match(line)
    if label:
        time = _TIME_HEAD.match(line, label.end())
        found = read_at(line, time.end() if time else label.end(), metadata=False)
        if found:
            lo, hi, _, how = found
            rank = _UPDATE_RANK if " ".join(label.group("label").lower().split()) in _UPDATE_LABELS else 0
            return rank, lo, hi, how
    time = _TIME_HEAD.match(line)
    found = read_at(line, time.end() if time else 0, metadata=False)
    if found:
        lo, hi, end, how = found
        rest = line[end:]
        time = _TIME_TAIL.match(rest)
        if time:
            return 1, lo, hi, how
        furniture = _FURNITURE.match(rest)
        remainder = rest[furniture.end():] if furniture else rest
        if len(remainder.split()) <= 4 and not re.search(r"[a-z]{3,}\s+[a-z]{3,}\s+[a-z]{3,}", remainder):
            if not rest.lstrip().startswith(","):
                return 1, lo, hi, how
        return _day_among_furniture(line)
    city = _CITY.match(line)
    if city and (city.group("city").isupper() or len(city.group("city").split()) <= 2):
        found = read_at(line, city.end(), metadata=False)
        if found and _CITY_END.match(line, found[2]):
            lo, hi, _, how = found
            return 1, lo, hi, how
    return _day_among_furniture(line)


#: Where a date may begin inside a line: a word opening with a digit or with an English month's name.
_DATE_START = re.compile(rf"(?<![\d.,/:-])\d|\b(?:{MONTH_PATTERN})\b")
#: A stamp glued to the word before it, as a copied page joins a name or an outlet and its stamp
#: (« Jane Roe2010-01-01 », « Daily NewsOctober 13, 2016 »): the place between them.
_GLUED = re.compile(rf"(?<=[a-z])(?=(?:{MONTH_PATTERN})\b|(?:1[89]|20)\d\d-\d\d-\d\d)")
#: A word of running text: four letters or more, opening in lower case (a stamp's furniture is times, zones,
#: capitalised names and outlets, short words such as « by », « on », « at »).
_PROSE_WORD = re.compile(r"[a-zß-ÿ][^\W\d_]{3,}")
_STAMP_WORDS = 14
_BY_WORDS = frozenset(word.lower() for word in byline_words() if " " not in word)
#: A preposition or article before a stamp's date (« On », « Le », « El »): a function word of at most three letters.
_SHORT_FUNCTION_WORDS = frozenset(word for words in stop_words().values() if not words.chars
                                  for word in words.words if len(word) <= 3)


def unglue_stamp(text: str) -> str:
    """``text`` with a space put between a word and a date glued to it (« Jane Roe2010-01-01 » → « Jane Roe
    2010-01-01 »)."""
    return _GLUED.sub(" ", text)


def _day_among_furniture(line: str) -> tuple[int, dt.date, dt.date, str] | None:
    """A line that holds one date to the day among a stamp's furniture and nothing of a sentence, as a dateline
    (rank 1): « 2/26/2015 7:11 AM PST BY JANE ROE », « March 11, 2015 3:46 PM Morning Show » (after a byline's
    name), « On 6/13/2018 by @janeroe », « Daily NewsOctober 13, 2016 ». Before the date stands nothing, one short
    function word or a name glued to it; every other word is short, capitalised, a number or a handle."""
    spaced = unglue_stamp(line)
    words = spaced.split()
    if len(words) > _STAMP_WORDS or TERMINAL.search(spaced):
        return None
    days, pos = [], 0
    for start in _DATE_START.finditer(spaced):
        if start.start() < pos:
            continue
        found = read_at(spaced, start.start(), metadata=False)
        if found is not None:
            days.append((start.start(), found))
            pos = found[2]
    if len({(lo, hi) for _, (lo, hi, _, _) in days}) != 1:
        return None
    start, (lo, hi, end, how) = days[0]
    if lo != hi or how != "date":
        return None
    before = spaced[:start].split()
    # glued: the date stands right after a space unglue_stamp put in (the k-th one lands k places further on)
    glued = start - 1 in {point + k for k, point in enumerate(m.start() for m in _GLUED.finditer(line))}
    if before and (before[0].lower() in _BY_WORDS  # a byline and its stamp: the structure step reads the name
                   or not (glued or (len(before) == 1 and before[0].lower() in _SHORT_FUNCTION_WORDS))):
        return None
    if any(_PROSE_WORD.match(word) for word in before + spaced[end:].split() if "@" not in word):
        return None
    return 1, lo, hi, how


def find_dateline(text: str) -> DateEstimate | None:
    """An explicit date at the head of a document, or None.

    Date-only lines (with page or edition furniture), 'CITY, March 14, 2005 —' datelines in the
    first lines, and 'Published: …' / 'Updated …' lines near the top. Dates inside ordinary
    sentences ('In April 1945, …') are not datelines.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    best: tuple[int, int, dt.date, dt.date, str, str] | None = None
    nonblank = 0
    for i, raw_line in enumerate(text.splitlines()[:200]):
        line = raw_line.strip()
        if not line:
            continue
        nonblank += 1
        if nonblank > _LABEL_LINES:
            break
        found = _dateline_in_line(line)
        if found is None:
            continue
        rank, lo, hi, how = found
        if rank == 1 and nonblank > _HEAD_LINES:
            continue
        if not plausible(lo, hi):
            continue
        if best is None or (rank, i) < best[:2]:
            best = (rank, i, lo, hi, how, line)
        if rank == 0:
            break
    if best is None:
        return None
    rank, _, lo, hi, how, line = best
    if how == "ambiguous day/month order":
        sentence = f"The line '{line}' carries a date that reads either way round: {describe(lo, hi)}"
    elif rank == _UPDATE_RANK:
        sentence = (f"The line '{line}' says the text was last updated "
                    f"{describe(lo, hi).removeprefix('on ')}: it was first published then or before")
    else:
        sentence = f"The line '{line}' gives the date {describe(lo, hi).removeprefix('on ').removeprefix('in ')}"
    return replace(make_estimate(lo, hi, "dateline", [sentence], matched_line=line), updated=rank == _UPDATE_RANK)


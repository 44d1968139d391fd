"""When was a document written? Metadata, datelines, and inference from the text.

Three sources, tried in order by :func:`date_document`:

1. the source's own metadata (a year, an ISO date, "March 2005" …);
2. an explicit dateline in the first lines ("Mon, Mar 14, 2005 - Page 9", "Published: …");
3. inference from the content: the office holders the text names with their office
   ("Prime Minister Ryutaro Hashimoto"), intersected robustly, then narrowed by dated
   events tied to relative cues ("the summit in Tokyo earlier this month").

Every estimate is an interval with readable evidence; it never claims more precision
than the evidence gives, never lies after the knowledge base's today nor before 1900.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

import pandas as pd

from .knowledge import OFFICE_LABELS, TODAY, load_events, load_officeholders

__all__ = [
    "DateEstimate",
    "date_document",
    "find_dateline",
    "infer_date",
    "parse_date_string",
    "propagate_family_dates",
]

MIN_DATE = dt.date(1900, 1, 1)
MAX_DATE = dt.date.fromisoformat(TODAY)
_EARLIEST_RECORD = dt.date(1800, 1, 1)  # metadata and datelines may be older than inference allows

PRECISIONS = ("day", "month", "year", "range", "none")
METHODS = ("dateline", "metadata", "inferred", "family", "none")


@dataclass(frozen=True)
class DateEstimate:
    """A document's date: a best single day inside the interval the evidence allows."""

    date: str | None
    date_min: str | None
    date_max: str | None
    precision: str
    method: str
    evidence: tuple[str, ...]
    matched_line: str | None = None


# --------------------------------------------------------------------------- intervals

def _precision(lo: dt.date, hi: dt.date) -> str:
    if lo == hi:
        return "day"
    if (lo.year, lo.month) == (hi.year, hi.month):
        return "month"
    if lo.year == hi.year:
        return "year"
    return "range"


def _estimate(lo: dt.date, hi: dt.date, method: str, evidence: list[str] | tuple[str, ...],
              matched_line: str | None = None) -> DateEstimate:
    mid = dt.date.fromordinal(lo.toordinal() + (hi.toordinal() - lo.toordinal()) // 2)
    return DateEstimate(mid.isoformat(), lo.isoformat(), hi.isoformat(), _precision(lo, hi), method,
                        tuple(evidence), matched_line)


def _nothing(evidence: str) -> DateEstimate:
    return DateEstimate(None, None, None, "none", "none", (evidence,))


def _month_end(year: int, month: int) -> dt.date:
    if month == 12:
        return dt.date(year, 12, 31)
    return dt.date(year, month + 1, 1) - dt.timedelta(days=1)


def _describe(lo: dt.date, hi: dt.date) -> str:
    if lo == hi:
        return f"on {lo.isoformat()}"
    if lo.day == 1 and hi == _month_end(lo.year, lo.month):
        return f"in {lo.strftime('%B %Y')}"
    if lo == dt.date(lo.year, 1, 1) and hi == dt.date(lo.year, 12, 31):
        return f"in {lo.year}"
    return f"between {lo.isoformat()} and {hi.isoformat()}"


# --------------------------------------------------------------------------- date strings

_MONTH_NUMBERS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December")
_MON = (r"(?P<mon>January|February|March|April|May|June|July|August|September|October|November|December"
        r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?(?![A-Za-z])")
_DAY = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<y>1[89]\d\d|20\d\d)(?!\d)"
_WEEKDAY = re.compile(
    r"(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs?)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?\s+", re.I)

# (name, pattern, use) — use: 'any' for datelines and metadata, 'meta' for metadata only.
_FORMATS = [
    ("iso", re.compile(rf"{_YEAR}-(?P<m>[01]?\d)-(?P<d>[0-3]?\d)(?!\d)"), "any"),
    ("ymd", re.compile(rf"{_YEAR}[/.](?P<m>[01]?\d)[/.](?P<d>[0-3]?\d)(?!\d)"), "any"),
    ("mdy", re.compile(rf"{_MON}\s+{_DAY},?\s+{_YEAR}", re.I), "any"),
    ("dmy", re.compile(rf"{_DAY}\s+(?:of\s+)?{_MON},?\s+{_YEAR}", re.I), "any"),
    ("numeric", re.compile(r"(?P<a>[0-3]?\d)(?P<sep>[/.-])(?P<b>[0-3]?\d)(?P=sep)(?P<y>1[89]\d\d|20\d\d)(?!\d)"),
     "any"),
    ("compact", re.compile(r"(?P<y>1[89]\d\d|20\d\d)(?P<m>[01]\d)(?P<d>[0-3]\d)(?!\d)"), "meta"),
    ("my", re.compile(rf"{_MON},?\s+{_YEAR}", re.I), "any"),
    ("ym", re.compile(rf"{_YEAR}[-/](?P<m>[01]?\d)(?![\d/-])"), "meta"),
    ("years", re.compile(r"(?P<y>1[89]\d\d|20\d\d)\s*[-–/]\s*(?P<y2>1[89]\d\d|20\d\d)(?!\d)"), "meta"),
    ("y", re.compile(_YEAR), "meta"),
]
_TIME_TAIL = re.compile(
    r"[\sT,]*(?:(?:at\s+)?\d{1,2}[:.]\d\d(?:[:.]\d\d(?:\.\d+)?)?\s*(?:[ap]\.?m\.?)?)?"
    r"\s*(?:Z|UTC|GMT|[A-Z]{2,4}T?|[+-]\d\d:?\d\d)?\s*$", re.I)


def _day(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _read_at(text: str, pos: int, *, metadata: bool) -> tuple[dt.date, dt.date, int, str] | None:
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
            day = _day(y, _MONTH_NUMBERS[m.group("mon")[:3].lower()], int(m.group("d")))
            if day:
                return day, day, m.end(), "date"
        elif name == "numeric":
            a, b = int(m.group("a")), int(m.group("b"))
            readings = sorted({d for d in (_day(y, b, a), _day(y, a, b)) if d})
            if readings:
                how = "date" if len(readings) == 1 else "ambiguous day/month order"
                return readings[0], readings[-1], m.end(), how
        elif name == "my":
            month = _MONTH_NUMBERS[m.group("mon")[:3].lower()]
            return dt.date(y, month, 1), _month_end(y, month), m.end(), "month"
        elif name == "ym":
            month = int(m.group("m"))
            if 1 <= month <= 12:
                return dt.date(y, month, 1), _month_end(y, month), m.end(), "month"
        elif name == "years":
            y2 = int(m.group("y2"))
            if y2 >= y:
                return dt.date(y, 1, 1), dt.date(y2, 12, 31), m.end(), "years"
        elif name == "y":
            return dt.date(y, 1, 1), dt.date(y, 12, 31), m.end(), "year"
    return None


def _plausible(lo: dt.date, hi: dt.date) -> bool:
    return _EARLIEST_RECORD <= lo <= hi <= MAX_DATE


def _is_missing(value: Any) -> bool:
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
    if _is_missing(value) or isinstance(value, bool):
        return None
    if isinstance(value, (pd.Timestamp, dt.datetime)):
        value = value.date()
    if isinstance(value, dt.date):
        if not _plausible(value, value):
            return None
        return _estimate(value, value, "metadata", [f"The source's metadata gives the date {value.isoformat()}"])
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) or (hasattr(value, "dtype") and str(getattr(value, "dtype", "")).startswith("int")):
        year = int(value)
        if not 1800 <= year <= MAX_DATE.year:
            return None
        lo, hi = dt.date(year, 1, 1), min(dt.date(year, 12, 31), MAX_DATE)
        return _estimate(lo, hi, "metadata", [f"The source's metadata gives the year {year}"])
    if not isinstance(value, str):
        return None
    text = value.strip()
    label = _LABEL.match(text)
    if label:
        text = text[label.end():]
    found = _read_at(text, 0, metadata=True)
    if found is None:
        return None
    lo, hi, end, how = found
    if not _TIME_TAIL.match(text, end) or not _plausible(lo, hi):
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
        sentence = f"The source's metadata gives '{value.strip()}', read either way round: {_describe(lo, hi)}"
    return _estimate(lo, hi, "metadata", [sentence])


# --------------------------------------------------------------------------- datelines

_LABEL = re.compile(
    r"(?P<label>first published|published|posted|last updated|updated|last modified|modified|dated|date|issued)"
    r"(?:\s+(?:on|at))?\s*[:\-–—|]?\s*", re.I)
_FURNITURE = re.compile(r"^[\s\-–—|:,;/()]*(?:page\s*\d+\w*|p\.\s*\d+|print edition|news list|news|"
                        r"[A-Za-z]+\s+edition|\d+\s*min(?:ute)?s?\s+read|updated|[A-Z]{2,5})?", re.I)
_CITY = re.compile(r"(?P<city>[A-Z][A-Za-z.'’\-]*(?:\s+[A-Z][A-Za-z.'’\-]*){0,2})(?:\s*\([^)]{1,40}\))?\s*,\s+")
_CITY_END = re.compile(r"\s*(?:[-–—:(]|\(|$)")
_HEAD_LINES = 8
_LABEL_LINES = 30
_UPDATE_LABELS = {"updated", "last updated", "modified", "last modified"}


def _dateline_in_line(line: str) -> tuple[int, dt.date, dt.date, str] | None:
    """(rank, first day, last day, how) when the line is a dateline; lower rank is preferred."""
    if len(line) > 160:
        return None
    label = _LABEL.match(line)
    if label:
        found = _read_at(line, label.end(), metadata=False)
        if found:
            lo, hi, _, how = found
            rank = 2 if label.group("label").lower() in _UPDATE_LABELS else 0
            return rank, lo, hi, how
    found = _read_at(line, 0, metadata=False)
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
        return None
    city = _CITY.match(line)
    if city and (city.group("city").isupper() or len(city.group("city").split()) <= 2):
        found = _read_at(line, city.end(), metadata=False)
        if found and _CITY_END.match(line, found[2]):
            lo, hi, _, how = found
            return 1, lo, hi, how
    return None


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
        if not _plausible(lo, hi):
            continue
        if best is None or (rank, i) < best[:2]:
            best = (rank, i, lo, hi, how, line)
        if rank == 0:
            break
    if best is None:
        return None
    _, _, lo, hi, how, line = best
    if how == "ambiguous day/month order":
        sentence = f"The line '{line}' carries a date that reads either way round: {_describe(lo, hi)}"
    else:
        sentence = f"The line '{line}' gives the date {_describe(lo, hi).removeprefix('on ').removeprefix('in ')}"
    return _estimate(lo, hi, "dateline", [sentence], matched_line=line)


# --------------------------------------------------------------------------- office holders

def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).lower()


def _trie_regex(words: list[str]) -> str:
    """One regular expression for many literal strings, factored as a trie so matching stays fast."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = True

    def build(node: dict) -> str:
        end = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch != ""]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if end:
            return "(?:" + body + ")?"
        return body

    return build(trie)


@dataclass(frozen=True)
class _Holder:
    office: str
    name: str
    start: str
    end: str | None


@dataclass(frozen=True)
class _NameIndex:
    pattern: re.Pattern
    full: dict[str, tuple[int, ...]]
    surname: dict[str, tuple[int, ...]]
    holders: tuple[_Holder, ...]


@lru_cache(maxsize=1)
def _name_index() -> _NameIndex:
    holders = load_officeholders()
    full: dict[str, set[int]] = {}
    surname: dict[str, set[int]] = {}
    for i, row in enumerate(holders.itertuples(index=False)):
        for alias in row.aliases:
            full.setdefault(alias, set()).add(i)
        surname.setdefault(row.surname, set()).add(i)
        main_given = _fold(row.name.split()[0])
        for alias in row.aliases:
            words = alias.split()
            if len(words) >= 2 and _fold(words[0]) != _fold(row.surname) and _fold(words[0])[:3] == main_given[:3]:
                surname.setdefault(words[-1] if words[-1] not in ("Jr.", "III", "II") else words[-2], set()).add(i)
    forms = sorted(set(full) | set(surname), key=lambda s: (-len(s), s))
    pattern = re.compile(r"(?<![\w.])(?:" + _trie_regex(forms) + r")(?!\w)")
    records = tuple(_Holder(r.office, r.name, r.start, r.end if isinstance(r.end, str) else None)
                    for r in holders.itertuples(index=False))
    return _NameIndex(
        pattern=pattern,
        full={k: tuple(sorted(v)) for k, v in full.items()},
        surname={k: tuple(sorted(v)) for k, v in surname.items()},
        holders=records,
    )


_TITLE_BEFORE = re.compile(
    r"(?P<title>Vice[- ]President|President|Secretary of State|State Secretary|Secretary of Defen[cs]e"
    r"|Defen[cs]e Secretary|Secretary of War|War Secretary|Secretary of the Navy|Navy Secretary|Secretary"
    r"|Prime Minister|Premier|PM|Foreign Minister|Minister (?:of|for) Foreign Affairs|Defen[cs]e Minister"
    r"|Minister of Defen[cs]e|Defen[cs]e Agency (?:Director[- ]General|chief|head)|Director[- ]General"
    r"|Adm\.|Admiral|Ambassador(?: to Japan)?|Amb\.|Messrs\.|Mr\.|Mrs\.|Ms\.|Dr\.|Gen\.|General)"
    r"\s*,?\s+$", re.I)
_FORMER_BEFORE = re.compile(
    r"(?:\bformer|\bthen|\bex|\bthe late|\blate|\bretired|\bone-time|\bonetime|\bpredecessor|\bwartime"
    r"|\b(?:words|memory|legacy|era|days|time|times|vision|spirit|dream|heritage|tradition|doctrine|death"
    r"|assassination|administrations?|presidency|tenure) of(?: the late)?)[\s-]*"
    r"(?:(?:U\.?S\.?|US|Japanese|Japan['’]s|American|the|great|former)\s+)*$", re.I)
_TITLE_OFFICES = {
    "president": {"us_president"},
    "secretary of state": {"us_secretary_of_state"},
    "state secretary": {"us_secretary_of_state"},
    "secretary of defense": {"us_secretary_of_defense", "us_secretary_of_war"},
    "defense secretary": {"us_secretary_of_defense", "us_secretary_of_war"},
    "secretary of war": {"us_secretary_of_war", "us_secretary_of_defense"},
    "war secretary": {"us_secretary_of_war", "us_secretary_of_defense"},
    "secretary of the navy": {"us_secretary_of_navy"},
    "navy secretary": {"us_secretary_of_navy"},
    "secretary": {"us_secretary_of_state", "us_secretary_of_defense", "us_secretary_of_war", "us_secretary_of_navy"},
    "prime minister": {"jp_prime_minister"},
    "premier": {"jp_prime_minister"},
    "pm": {"jp_prime_minister"},
    "foreign minister": {"jp_foreign_minister"},
    "minister of foreign affairs": {"jp_foreign_minister"},
    "minister for foreign affairs": {"jp_foreign_minister"},
    "defense minister": {"jp_defense_minister"},
    "minister of defense": {"jp_defense_minister"},
    "director-general": {"jp_defense_minister"},
    "adm.": {"us_indopacom_commander"},
    "admiral": {"us_indopacom_commander"},
    "ambassador": {"us_ambassador_to_japan"},
    "ambassador to japan": {"us_ambassador_to_japan"},
    "amb.": {"us_ambassador_to_japan"},
}


def _title_offices(title: str) -> frozenset[str]:
    key = re.sub(r"\s+", " ", title.lower()).replace("defence", "defense")
    key = key.replace("director general", "director-general")
    if key.startswith("defense agency"):
        return frozenset({"jp_defense_minister"})
    return frozenset(_TITLE_OFFICES.get(key, set()))


@dataclass
class _Constraint:
    intervals: list[tuple[int, int]]  # inclusive ordinal days
    weight: float
    sentence: str
    position: int


def _term_phrase(starts_ends: list[tuple[str, str | None]]) -> str:
    parts = []
    for start, end in starts_ends:
        parts.append(f"from {start} until {end}" if isinstance(end, str) else f"from {start} (still in office)")
    return " and ".join(parts)


def _holder_sentence(rows: list[_Holder]) -> str:
    by_person: dict[str, dict[str, list[tuple[str, str | None]]]] = {}
    for r in rows:
        by_person.setdefault(r.name, {}).setdefault(r.office, []).append((r.start, r.end))
    people = []
    for name, offices in by_person.items():
        pieces = [f"{OFFICE_LABELS[office]} {_term_phrase(terms)}" for office, terms in offices.items()]
        people.append(f"{name} was " + ", and ".join(pieces))
    if len(people) == 1:
        return people[0]
    return "Either " + "; or ".join(people)


def _intervals_of(rows: list[_Holder]) -> list[tuple[int, int]]:
    spans = []
    for start, end in ((r.start, r.end) for r in rows):
        lo = dt.date.fromisoformat(start).toordinal()
        # A term ends on the day its successor takes office: that day belongs to the successor,
        # so two consecutive holders named together do not meet on a single handover day.
        hi = max(dt.date.fromisoformat(end).toordinal() - 1, lo) if isinstance(end, str) else MAX_DATE.toordinal()
        spans.append((lo, hi))
    return sorted(spans)


def _holder_constraints(text: str) -> tuple[list[_Constraint], list[str]]:
    index = _name_index()
    holders = index.holders
    mentions = []
    for m in index.pattern.finditer(text):
        form = m.group()
        is_full = form in index.full
        rows = index.full[form] if is_full else index.surname.get(form, ())
        if not rows:
            continue
        window = text[max(0, m.start() - 70):m.start()]
        title = _TITLE_BEFORE.search(window)
        offices = _title_offices(title.group("title")) if title else None
        before = window[:title.start()] if title else window
        former = bool(_FORMER_BEFORE.search(before))
        mentions.append((m.start(), form, is_full, rows, offices, former))

    full_names = {holders[i].name for _, _, is_full, rows, _, former in mentions if is_full and not former
                  for i in rows}
    groups: dict[frozenset[int], dict] = {}
    titled_people: set[str] = set()
    notes: list[str] = []
    noted_former: set[str] = set()
    for pos, form, is_full, rows, offices, former in mentions:
        if former:
            for name in sorted({holders[i].name for i in rows}):
                if name in full_names or is_full or offices:
                    if name not in noted_former:
                        noted_former.add(name)
                        notes.append(f"{name} is named as a former or then office holder; not used to date the text")
            continue
        if offices is None and not is_full:
            continue  # a bare surname only confirms a full name given elsewhere
        if offices is not None and not offices:
            continue  # a title outside the knowledge base (Vice President, Mr., General …)
        candidates = list(rows)
        weight = 2.0
        if offices:
            candidates = [i for i in rows if holders[i].office in offices]
            if not candidates:
                continue
            weight = 3.0 if is_full else 2.0
            if not is_full:
                named = [i for i in candidates if holders[i].name in full_names]
                if named:
                    candidates = named
            names = {holders[i].name for i in candidates}
            if len(names) == 1:
                titled_people |= names
        key = frozenset(candidates)
        group = groups.setdefault(key, {"weight": weight, "position": pos, "titled": bool(offices)})
        group["weight"] = max(group["weight"], weight)
        group["titled"] = group["titled"] or bool(offices)

    constraints = []
    for key, group in groups.items():
        rows = [holders[i] for i in sorted(key)]
        names = {r.name for r in rows}
        if not group["titled"] and names <= titled_people:
            continue  # the same person is named with a title: that is the sharper constraint
        constraints.append(_Constraint(_intervals_of(rows), group["weight"], _holder_sentence(rows), group["position"]))
    constraints.sort(key=lambda c: c.position)
    return constraints, notes


def _robust_intersection(constraints: list[_Constraint]) -> tuple[tuple | None, list[_Constraint]]:
    """The interval covered by the heaviest consistent subset of constraints; and the constraints set aside.

    A sweep over the interval endpoints finds the days where the total weight of the constraints
    that allow them is largest; the region is the hull of those days.
    """
    lo_bound, hi_bound = MIN_DATE.toordinal(), MAX_DATE.toordinal()
    points = {lo_bound, hi_bound + 1}
    for c in constraints:
        for a, b in c.intervals:
            points.add(min(max(a, lo_bound), hi_bound + 1))
            points.add(min(max(b + 1, lo_bound), hi_bound + 1))
    cuts = sorted(points)
    best_weight, best_segments, best_sets = 0.0, [], set()
    for a, b in zip(cuts, cuts[1:]):
        if a >= b:
            continue
        covering = frozenset(k for k, c in enumerate(constraints)
                             if any(x <= a and b - 1 <= y for x, y in c.intervals))
        weight = sum(constraints[k].weight for k in covering)
        if weight > best_weight + 1e-9:
            best_weight, best_segments, best_sets = weight, [(a, b - 1)], {covering}
        elif abs(weight - best_weight) <= 1e-9 and weight > 0:
            best_segments.append((a, b - 1))
            best_sets.add(covering)
    if not best_segments:
        return None, list(constraints)
    region = (best_segments[0][0], best_segments[-1][1])
    if len(best_sets) > 1:
        region = (region[0], region[1], "split")  # different pieces of evidence fit different periods equally well
    dropped = [c for c in constraints
               if not any(x <= a and b <= y for a, b in best_segments for x, y in c.intervals)]
    return region, dropped


# --------------------------------------------------------------------------- events and relative cues

@dataclass(frozen=True)
class _Event:
    name: str
    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class _EventIndex:
    pattern: re.Pattern
    groups: dict[str, tuple[tuple[int, bool], ...]]  # group → (event row, named only in context)
    events: tuple[_Event, ...]


@lru_cache(maxsize=1)
def _event_index() -> _EventIndex:
    events = load_events()
    by_pattern: dict[str, list[tuple[int, bool]]] = {}
    for i, (patterns, context) in enumerate(zip(events["patterns"], events["context_patterns"])):
        for p in patterns:
            by_pattern.setdefault(p, []).append((i, False))
        for p in context:
            by_pattern.setdefault(p, []).append((i, True))
    parts, groups = [], {}
    for k, (p, rows) in enumerate(sorted(by_pattern.items())):
        parts.append(f"(?P<e{k}>{p})")
        groups[f"e{k}"] = tuple(rows)
    pattern = re.compile(r"\b(?:" + "|".join(parts) + r")", re.I)
    records = tuple(_Event(r.name, dt.date.fromisoformat(r.start), dt.date.fromisoformat(r.end))
                    for r in events.itertuples(index=False))
    return _EventIndex(pattern, groups, records)


_MONTH_ALT = "|".join(_MONTH_NAMES)
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_NUMBER_WORDS = {"ten": 10, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
                 "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a hundred": 100,
                 "half a century": 50, "a century": 100}
_CUE = re.compile(
    r"\b(?:"
    r"(?P<this_month>(?:earlier |later )?this month)"
    r"|(?P<last_month>(?:late |early |earlier )?last month)"
    r"|(?P<next_week>next week)"
    r"|(?P<last_week>last week)"
    r"|(?P<this_week>(?:earlier |later )?this week)"
    r"|(?P<weeks_ago>(?:a few|few|several|two|three|four|some) weeks ago|a fortnight ago)"
    r"|(?P<last_year>last year)"
    r"|(?P<next_year>next year)"
    rf"|(?P<this_mname>this (?-i:(?P<m1>{_MONTH_ALT})))"
    rf"|(?P<last_mname>last (?-i:(?P<m2>{_MONTH_ALT})))"
    rf"|(?P<mname_poss>(?-i:(?P<m3>{_MONTH_ALT}))['’]s)"
    rf"|(?P<in_mname>in (?-i:(?P<m4>{_MONTH_ALT}))(?![ ,]*\d))"
    r"|(?P<this_season>this (?P<season>summer|spring|autumn|fall|winter))"
    rf"|(?P<weekday>(?-i:(?P<wd>{'|'.join(_WEEKDAYS)})))"
    r"|(?P<years>(?:(?P<ypre>in|after|within) )?(?:(?P<n>\d{2,3}|ten|twenty|thirty|forty|fifty|sixty|seventy|eighty"
    r"|ninety|a hundred|hundred)[- ]years|(?P<nc>half a century|a century))(?: (?P<ysuf>ago|after|since|later|on))?)"
    r")\b", re.I)
_FUTURE = re.compile(r"\b(?:will|shall|is expected|are expected|expected to|is set to|are set to|is to|are to"
                     r"|plans? to|planned|scheduled|is due|are due|upcoming|ahead of)\b", re.I)
_PAST = re.compile(r"\b(?:was|were|had|held|signed|reached|met|took place|agreed|announced|won|lost|ended"
                   r"|concluded|launched|fired|published|released|adopted|approved|issued|visited)\b", re.I)
_CLAUSE_BREAK = re.compile(r"[,;:—–()]|\s-\s")
_ABBREVIATIONS = {"U.S", "U.N", "Mr", "Mrs", "Ms", "Dr", "Adm", "Gen", "Lt", "Col", "Sen", "Rep", "Gov", "St",
                  "No", "Jr", "Sr", "Messrs", "Vol", "Jan", "Feb", "Mar", "Apr", "Aug", "Sept", "Sep", "Oct",
                  "Nov", "Dec", "a.m", "p.m", "U.K", "E.U", "Corp", "Inc", "Co", "Amb", "Maj", "Capt"}
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’']?\s+(?=[\"“‘'(]?[A-Z0-9])|\n+")
_CUE_WEIGHT = {"years": 1.0, "in_mname": 1.0, "mname_poss": 1.5, "last_year": 1.0, "next_year": 1.0}


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        if not m.group().startswith("\n"):  # a full stop after an abbreviation ends no sentence
            word = text[max(0, m.start() - 12):m.start()].split()[-1:] or [""]
            if word[0].rstrip(".!?") in _ABBREVIATIONS or re.fullmatch(r"(?:[A-Z]\.)+", word[0]):
                continue
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return spans


_SENTENCE_REACH = 700
_CUE_EVENT_REACH = 260


def _sentence_around(text: str, start: int, end: int, *, with_next: bool = False) -> tuple[int, int]:
    """The sentence holding text[start:end] (and the next one when asked), found near the span only."""
    w0, w1 = max(0, start - _SENTENCE_REACH), min(len(text), end + 2 * _SENTENCE_REACH)
    spans = [(a + w0, b + w0) for a, b in _sentence_spans(text[w0:w1])]
    if w0 > 0:
        spans[0] = (max(spans[0][0], w0), spans[0][1])
    k = bisect.bisect_right([a for a, _ in spans], start) - 1
    lo, hi = spans[max(k, 0)]
    if with_next and k + 1 < len(spans):
        hi = spans[k + 1][1]
    return lo, hi


def _tense(context: str) -> str | None:
    future, past = bool(_FUTURE.search(context)), bool(_PAST.search(context))
    if future and not past:
        return "future"
    if past and not future:
        return "past"
    return None


def _readings(kind: str, cue: re.Match, start: dt.date, end: dt.date,
              tense: str | None) -> list[tuple[dt.date, dt.date]]:
    """Intervals for the writing date implied by a cue tied to an event lasting start..end."""
    def either(past: tuple[dt.date, dt.date], future: tuple[dt.date, dt.date]) -> list[tuple[dt.date, dt.date]]:
        if tense == "past":
            return [past]
        if tense == "future":
            return [future]
        return [past, future]

    if kind == "this_month":
        return either((end, _month_end(end.year, end.month)),
                      (dt.date(start.year, start.month, 1), start - dt.timedelta(days=1)))
    if kind == "last_month":
        nxt = (end.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
        return [(nxt, _month_end(nxt.year, nxt.month))]
    if kind in ("next_week", "last_week", "this_week"):
        sunday = start - dt.timedelta(days=(start.weekday() + 1) % 7)
        monday = start - dt.timedelta(days=start.weekday())
        if kind == "next_week":
            return [(sunday - dt.timedelta(days=7), monday - dt.timedelta(days=1))]
        if kind == "last_week":
            return [(sunday + dt.timedelta(days=7), monday + dt.timedelta(days=13))]
        return [(sunday, monday + dt.timedelta(days=6))]
    if kind == "weeks_ago":
        return [(end + dt.timedelta(days=7), end + dt.timedelta(days=70))]
    if kind == "last_year":
        return [(dt.date(end.year + 1, 1, 1), dt.date(end.year + 1, 12, 31))]
    if kind == "next_year":
        return [(dt.date(start.year - 1, 1, 1), dt.date(start.year - 1, 12, 31))]
    if kind in ("this_mname", "last_mname", "mname_poss", "in_mname"):
        month = _MONTH_NAMES.index(cue.group({"this_mname": "m1", "last_mname": "m2", "mname_poss": "m3",
                                              "in_mname": "m4"}[kind])) + 1
        if start.month != month and end.month != month:
            return []
        if kind == "this_mname":
            return either((end, dt.date(end.year, 12, 31)), (dt.date(start.year, 1, 1), start - dt.timedelta(days=1)))
        if kind == "last_mname":
            return [(dt.date(end.year + 1, 1, 1), dt.date(end.year + 1, 12, 31))]
        if kind == "mname_poss":
            if tense == "past":
                return [(end, dt.date(end.year, 12, 31))]
            return [(dt.date(start.year, 1, 1), start - dt.timedelta(days=1))]
        if tense == "future":
            return [(start - dt.timedelta(days=364), start - dt.timedelta(days=1))]
        return [(end, end + dt.timedelta(days=364))]
    if kind == "this_season":
        season = cue.group("season").lower()
        months = {"spring": (3, 4, 5), "summer": (6, 7, 8), "autumn": (9, 10, 11), "fall": (9, 10, 11),
                  "winter": (12, 1, 2)}[season]
        if start.month not in months:
            return []
        if season == "winter":
            return either((end, end + dt.timedelta(days=120)),
                          (start - dt.timedelta(days=120), start - dt.timedelta(days=1)))
        return either((end, dt.date(end.year, 12, 31)), (dt.date(start.year, 1, 1), start - dt.timedelta(days=1)))
    if kind == "weekday":
        if _WEEKDAYS.index(cue.group("wd")) != start.weekday():
            return []
        return either((end, end + dt.timedelta(days=6)), (start - dt.timedelta(days=6), start - dt.timedelta(days=1)))
    if kind == "years":
        if not (cue.group("ypre") or cue.group("ysuf")):
            return []
        raw = (cue.group("n") or cue.group("nc")).lower()
        n = int(raw) if raw.isdigit() else _NUMBER_WORDS[raw]
        if n < 10:
            return []
        year = start.year + n
        return [(dt.date(year, 1, 1), dt.date(year, 12, 31))]
    return []


_CUE_ANCHOR = re.compile(
    r"month|week|year|century|fortnight|monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    rf"|(?:this|last|in) (?:{_MONTH_ALT.lower()}|summer|spring|autumn|fall|winter)"
    rf"|(?:{_MONTH_ALT.lower()})['’]s")
_CUE_ANCHOR_ANYCASE = re.compile(_CUE_ANCHOR.pattern, re.I)  # when lowering changes the text's length
_CUE_REACH = 45  # the longest text a cue can have before its anchor word


def _find_cues(text: str) -> list[re.Match]:
    """Every cue in the text: a cheap scan for the words cues are built on, then the full pattern nearby."""
    lowered = text.lower()
    anchors = _CUE_ANCHOR.finditer(lowered) if len(lowered) == len(text) else _CUE_ANCHOR_ANYCASE.finditer(text)
    found: dict[tuple[int, int], re.Match] = {}
    for anchor in anchors:
        lo, hi = max(0, anchor.start() - _CUE_REACH), min(len(text), anchor.end() + 20)
        for cue in _CUE.finditer(text, lo, hi):
            if cue.start() <= anchor.start() < cue.end():
                found.setdefault((cue.start(), cue.end()), cue)
    spans = sorted(found, key=lambda se: (se[0], -se[1]))
    kept: list[re.Match] = []
    reach = -1
    for start, end in spans:  # a cue inside a longer one ("this month" in "earlier this month") is the same cue
        if end <= reach:
            continue
        kept.append(found[(start, end)])
        reach = end
    return kept


def _cue_constraints(text: str, region: tuple[int, int] | None) -> list[_Constraint]:
    cues = _find_cues(text)
    if not cues:
        return []
    index = _event_index()
    lo_ok = region[0] if region else MIN_DATE.toordinal()
    hi_ok = region[1] if region else MAX_DATE.toordinal()
    constraints = []
    seen: set[tuple[str, tuple]] = set()
    event_cache: dict[tuple[int, int], list[re.Match]] = {}
    for cue in cues:
        kind = next(k for k in ("this_month", "last_month", "next_week", "last_week", "this_week", "weeks_ago",
                                "last_year", "next_year", "this_mname", "last_mname", "mname_poss", "in_mname",
                                "this_season", "weekday", "years") if cue.group(k))
        if kind == "years" and not (cue.group("ypre") or cue.group("ysuf")):
            continue
        s_lo, s_hi = _sentence_around(text, cue.start(), cue.end(), with_next=kind == "years")
        sentence = text[s_lo:s_hi]
        if (s_lo, s_hi) not in event_cache:
            event_cache[(s_lo, s_hi)] = list(index.pattern.finditer(sentence))
        options: list[tuple[tuple[int, int], int]] = []
        for ev in event_cache[(s_lo, s_hi)]:
            a, b = min(cue.start() - s_lo, ev.start()), max(cue.end() - s_lo, ev.end())
            if b - a > _CUE_EVENT_REACH and kind != "years":
                continue  # too far apart in a long sentence to be about each other
            breaks = [x.end() for x in _CLAUSE_BREAK.finditer(sentence, 0, a)]
            left = breaks[-1] if breaks else 0
            after = _CLAUSE_BREAK.search(sentence, b)
            right = after.start() if after else len(sentence)
            tense = _tense(sentence[left:right])
            if cue.group().lower().startswith(("earlier", "late last", "early last")):
                tense = "past"
            elif cue.group().lower().startswith("later"):
                tense = "future"
            for row, in_context_only in index.groups[ev.lastgroup]:
                if in_context_only and region is None:
                    continue  # "the summit in Tokyo" names an event only when the holders point near it
                start, end = index.events[row].start, index.events[row].end
                for r_lo, r_hi in _readings(kind, cue, start, end, tense):
                    r_lo, r_hi = max(r_lo, MIN_DATE), min(r_hi, MAX_DATE)
                    if r_lo <= r_hi and r_lo.toordinal() <= hi_ok and lo_ok <= r_hi.toordinal():
                        options.append(((r_lo.toordinal(), r_hi.toordinal()), row))
        event_rows = sorted({row for _, row in options})
        if not options or len(event_rows) > 2:
            continue  # no dated event tied to the cue, or too many to say which
        intervals = sorted({span for span, _ in options})
        key = (kind, tuple(intervals))
        if key in seen:
            continue
        seen.add(key)
        named = " or ".join(f"{index.events[r].name} ({_event_when(index.events[r])})" for r in event_rows)
        where = " or ".join(_describe(dt.date.fromordinal(a), dt.date.fromordinal(b)) for a, b in intervals)
        sentence_text = f"'{cue.group().strip()}' refers to {named}: written {where}"
        constraints.append(_Constraint(intervals, _CUE_WEIGHT.get(kind, 2.0), sentence_text, cue.start()))
    return constraints


def _event_when(event: _Event) -> str:
    start, end = event.start.isoformat(), event.end.isoformat()
    return start if start == end else f"{start} to {end}"


# --------------------------------------------------------------------------- inference

def infer_date(text: str) -> DateEstimate:
    """Estimate when a text was written from its content alone (method 'inferred' or 'none')."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    holder_constraints, notes = _holder_constraints(text)
    region, _ = _robust_intersection(holder_constraints) if holder_constraints else (None, [])
    cue_constraints = _cue_constraints(text, region)
    constraints = holder_constraints + cue_constraints
    if not constraints:
        evidence = ["No dateline, metadata date, office holder named with their office, or dated event "
                    "tied to a time cue was found in the text"]
        return DateEstimate(None, None, None, "none", "none", tuple(evidence + notes))
    region, dropped = _robust_intersection(constraints)
    if region is None:
        return _nothing("The office holders and events named in the text allow no common date")
    evidence = [c.sentence for c in constraints if c not in dropped]
    if len(region) == 3:
        evidence.append("The evidence fits separate periods equally well; the estimate spans all of them")
    evidence += notes
    evidence += [f"Set aside as inconsistent with the rest of the evidence: {c.sentence}" for c in dropped]
    lo, hi = dt.date.fromordinal(region[0]), dt.date.fromordinal(region[1])
    evidence.append(f"Taken together, the text was written {_describe(lo, hi)}")
    return _estimate(lo, hi, "inferred", evidence)


def date_document(text: str, *, meta_date: Any = None) -> DateEstimate:
    """Date a document: metadata, then a dateline, then inference from the text, else 'none'.

    A dateline inside the metadata's interval but sharper (a day within the metadata's year) is used,
    with the metadata named as agreeing; a dateline that contradicts the metadata is named in evidence.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    prefix: list[str] = []
    dateline = find_dateline(text)
    if not _is_missing(meta_date):
        meta = parse_date_string(meta_date)
        if meta is not None:
            evidence = list(meta.evidence)
            if dateline is not None:
                inside = meta.date_min <= dateline.date_min and dateline.date_max <= meta.date_max
                if inside and (dateline.date_min, dateline.date_max) != (meta.date_min, meta.date_max):
                    # the dateline sharpens what the metadata says: use it, and say the two agree
                    return replace(dateline, evidence=dateline.evidence + (f"{meta.evidence[0]}, which agrees",))
                if dateline.date_max < meta.date_min or dateline.date_min > meta.date_max:
                    evidence.append(f"The dateline '{dateline.matched_line}' disagrees: it gives {dateline.date}")
                else:
                    evidence.append(f"The dateline '{dateline.matched_line}' agrees: it gives {dateline.date}")
            return replace(meta, evidence=tuple(evidence), matched_line=dateline.matched_line if dateline else None)
        prefix.append(f"The source's metadata date '{meta_date}' could not be read as a date")
    if dateline is not None:
        return replace(dateline, evidence=tuple(prefix) + dateline.evidence)
    inferred = infer_date(text)
    return replace(inferred, evidence=tuple(prefix) + inferred.evidence)


# --------------------------------------------------------------------------- families

_FAMILY_COLUMNS = ("family_id", "date", "date_min", "date_max", "date_precision", "date_method", "date_evidence")
_PRECISION_RANK = {p: i for i, p in enumerate(PRECISIONS)}


def _donor(dated: pd.DataFrame) -> pd.Series:
    """The family member whose date the others take: canonical first, then the sharpest, then by id."""
    def key(i: Any) -> tuple:
        canonical = bool(dated.at[i, "canonical"]) if "canonical" in dated.columns else False
        ident = str(dated.at[i, "doc_id"]) if "doc_id" in dated.columns else str(i)
        return (not canonical, _PRECISION_RANK.get(dated.at[i, "date_precision"], 9), ident)

    return dated.loc[min(dated.index, key=key)]


def propagate_family_dates(documents: pd.DataFrame) -> pd.DataFrame:
    """Give undated or merely inferred copies the date of a near-duplicate with a dateline or metadata.

    A copy whose own inferred interval is sharper and lies inside the dated member's keeps its
    own estimate. Returns a new frame; each changed copy's evidence starts with a sentence naming
    the dated member and whether the two agree, followed by its own evidence.
    """
    missing = [c for c in _FAMILY_COLUMNS if c not in documents.columns]
    if missing:
        raise ValueError(f"documents lacks the column(s) {', '.join(missing)} needed to propagate family dates")
    out = documents.copy()
    out["date_evidence"] = [list(e) if isinstance(e, (list, tuple)) else [] for e in out["date_evidence"]]
    strong = out["date_method"].isin(["dateline", "metadata"])
    sizes = out.groupby("family_id")["family_id"].transform("size")
    for family in sorted(out.loc[(sizes > 1) & strong, "family_id"].unique()):
        members = out[out["family_id"] == family]
        donor = _donor(members[strong[members.index]])
        label = donor["source"] if isinstance(donor.get("source"), str) else donor.get("doc_id", "")
        lead = f"A near-duplicate copy ({label}) is dated {donor['date']} by its {donor['date_method']}"
        for i in members.index:
            if strong[i]:
                continue
            own_lo, own_hi, own = out.at[i, "date_min"], out.at[i, "date_max"], out.at[i, "date_evidence"]
            has_own = isinstance(own_lo, str) and isinstance(own_hi, str)
            if has_own and donor["date_min"] <= own_lo and own_hi <= donor["date_max"] \
                    and (own_lo, own_hi) != (donor["date_min"], donor["date_max"]):
                out.at[i, "date_evidence"] = [f"{lead} ({donor['date_min']} to {donor['date_max']}), which agrees "
                                              "with the document's own sharper evidence"] + own
                continue
            sentence = lead
            if has_own and own_lo <= donor["date_max"] and donor["date_min"] <= own_hi:
                sentence += f"; this agrees with the document's own evidence ({own_lo} to {own_hi})"
            elif has_own:
                sentence += (f"; the document's own evidence pointed to {own_lo} to {own_hi}, "
                             f"the copy's {donor['date_method']} is preferred")
            for column in ("date", "date_min", "date_max", "date_precision"):
                out.at[i, column] = donor[column]
            out.at[i, "date_method"] = "family"
            out.at[i, "date_evidence"] = [sentence] + own
    return out

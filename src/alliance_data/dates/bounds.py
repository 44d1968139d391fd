"""Bounds from what a text treats as having happened, or as happening now.

A historian's terminus post quem: a text written after every date and year it reports as past
("the note verbale of Oct 18, 1952", "In June of 1982"), after the events it names ("since the fall of
the Berlin Wall"), after the nth numbered institution it names ("the 105th Congress"), around the
anniversaries it marks ("the 50th anniversary of the United Nations"), and in the session of the one it
congratulates on presiding ("Mr. Guido de Marco, on your election to the presidency of the Assembly"). A date the text calls upcoming
("by 2030", "the forthcoming fiftieth session") bounds nothing from below. A present one ("in this spring
of 1953", "this forty-fifth session") bounds the text on both sides.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from ..knowledge import load_institutions, load_session_presidents
from ..mentions import year_mentions
from .combine import Constraint
from .cues import CLAUSE_BREAK, FUTURE, PAST, event_index, events_in, sentence_around
from .intervals import MAX_DATE, MIN_DATE, describe, month_end
from ..text import CJK_DAY, CJK_MONTH, month_number, trie_regex, word_starts

__all__ = ["ORDINALS", "body_constraints", "ordinal_value"]

# --------------------------------------------------------------------------- ordinals

_UNITS = ["", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
_TEENS = ["tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
          "eighteenth", "nineteenth"]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_TENS_TH = ["", "", "twentieth", "thirtieth", "fortieth", "fiftieth", "sixtieth", "seventieth", "eightieth",
            "ninetieth"]


def _ordinal_words() -> dict[str, int]:
    words: dict[str, int] = {}
    for n in range(1, 10):
        words[_UNITS[n]] = n
    for n, w in enumerate(_TEENS, start=10):
        words[w] = n
    for t in range(2, 10):
        words[_TENS_TH[t]] = 10 * t
        for u in range(1, 10):
            for sep in ("-", " ", "- ", ""):
                words[f"{_TENS[t]}{sep}{_UNITS[u]}"] = 10 * t + u
    for w, n in list(words.items()):
        words[f"hundred and {w}"] = 100 + n
        words[f"one hundred and {w}"] = 100 + n
        words[f"hundred {w}"] = 100 + n
    words["hundredth"] = words["one hundredth"] = 100
    return words


ORDINALS: dict[str, int] = _ordinal_words()
"""Ordinal words and their numbers, 1..199 ("forty-fifth" → 45, "hundred and fifth" → 105)."""


def ordinal_value(word: str) -> int | None:
    """'45th' → 45, 'Forty-fifth' → 45, 'hundred and fifth' → 105; None when it is not an ordinal."""
    key = re.sub(r"\s+", " ", word.strip().lower())
    m = re.fullmatch(r"(\d{1,3})(?:st|nd|rd|th|d)", key)
    if m:
        return int(m.group(1))
    return ORDINALS.get(key)


_TOKENS_BEFORE = re.compile(r"(?:[A-Za-z0-9]+[\s-]+){1,4}$")


def ordinal_before(text: str, pos: int) -> tuple[int, int] | None:
    """The ordinal right before text[pos] ("the forty-fifth |session") as (number, where it starts), or None."""
    window = text[max(0, pos - 40):pos]
    m = _TOKENS_BEFORE.search(window)
    if not m:
        return None
    tokens = re.findall(r"[A-Za-z0-9]+", m.group())
    spans = [t.start() for t in re.finditer(r"[A-Za-z0-9]+", m.group())]
    for k in range(min(4, len(tokens)), 0, -1):
        n = ordinal_value(" ".join(tokens[-k:])) or ordinal_value("-".join(tokens[-k:]))
        if n:
            return n, pos - len(window) + m.start() + spans[-k]
    return None


# --------------------------------------------------------------------------- shared context readings

_DAY_ORD = dt.timedelta(days=1)
_UPCOMING_BEFORE = re.compile(
    r"\b(?:next|forthcoming|upcoming|coming|approach(?:es|ing)?|future|planned|proposed|draft|projected|expected|eve of"
    r"|by|until|till|towards?|beyond|before|target|preparations? for|preparing for|prepare for|will|shall"
    r"|to be held|to be convened|look forward to)\b[\w\s,'’-]{0,25}$", re.I)
_UPCOMING_AFTER = re.compile(
    r"[\s,]*(?:(?:[A-Z][\w-]*\s+){0,2}(?:Agenda|Vision|Goals?|targets?|Plan|Strategy|Programme|Program)\b"
    r"|(?:will|shall|is expected|is to|is scheduled|are scheduled|deadline|to be held|to be convened|to take place"
    r"|which will|that will))", re.I)
# verbs that report something as having happened: the dater's past verbs and more
_HAPPENED = re.compile(PAST.pattern + r"|\b(?:spoke|said|decided|declared|proclaimed|established|created|founded"
                       r"|experienced|endured|suffered|celebrated|commemorated|took|made|gave|came|became|began|saw"
                       r"|joined|elected|warned|called|told|wrote|occurred|happened|broke out|collapsed|fell|died"
                       r"|welcomed|witnessed)\b", re.I)
_PRESENT_BEFORE = re.compile(
    r"\b(?:this|the present|the current|our present|the ongoing|now in)\s+(?:(?:year|spring|summer|autumn"
    r"|fall|winter|month)\s*,?\s*(?:of\s+)?)?$", re.I)
# a year a period runs for or to, or a year a plan names ("for 2008", "from 1995 to December 2004", "in the year
# 2000", "the projection of 2025", "declaring 2026 the International Year"): it may lie ahead of the text
_PERIOD_BEFORE = re.compile(
    r"\b(?i:for|to|through|till|ending|in the year|the year|projection of|target of|horizon of|declaring|declared"
    r"|proclaiming|proclaimed|designating|designated)\s+(?:the\s+)?(?:years?\s+)?(?:(?:of\s+)?[A-Z][a-z]{2,8}\.?\s+)?$")
_PAST_BEFORE = re.compile(r"\b(?:last|previous|preceding|past|since|after|former|earlier|at its|at their)\b"
                          r"[\w\s,'’-]{0,12}$", re.I)


def _clause(text: str, start: int, end: int) -> str:
    """The clause around text[start:end], inside its sentence."""
    s_lo, s_hi = sentence_around(text, start, end)
    sentence = text[s_lo:s_hi]
    a, b = start - s_lo, end - s_lo
    breaks = [x.end() for x in CLAUSE_BREAK.finditer(sentence, 0, a)]
    left = breaks[-1] if breaks else 0
    after = CLAUSE_BREAK.search(sentence, b)
    return sentence[left:after.start() if after else len(sentence)]


def _quote(text: str, start: int, end: int, reach: int = 60) -> str:
    """A short readable excerpt of the sentence around text[start:end]."""
    s_lo, s_hi = sentence_around(text, start, end)
    lo, hi = max(s_lo, start - reach), min(s_hi, end + reach)
    excerpt = " ".join(text[lo:hi].split())
    return ("…" if lo > s_lo else "") + excerpt + ("…" if hi < s_hi else "")


_AHEAD_WORDS = re.compile(FUTURE.pattern + r"|\b(?:would|should|must|hopes?|aims?|intends?|plans?|expects?"
                          r"|look forward|envisage[sd]?|propose[sd]?|to be|scheduled|to (?:hold|convene|call|host"
                          r"|organi[sz]e|launch|adopt|review|meet|complete|reach|achieve)|extends? to|from now)\b",
                          re.I)


def _reading(text: str, start: int, end: int) -> str:
    """How the text treats the time at text[start:end]: 'present', 'upcoming', 'past' or 'mentioned'."""
    before = text[max(0, start - 60):start]
    if _PRESENT_BEFORE.search(before):
        return "present"
    if _UPCOMING_BEFORE.search(before) or _UPCOMING_AFTER.match(text, end):
        return "upcoming"
    if _PERIOD_BEFORE.search(before):  # a period's end or a plan's year: upcoming, or at most mentioned
        return "upcoming" if _clause_reading(text, start, end) == "upcoming" else "mentioned"
    if _PAST_BEFORE.search(before):
        return "past"
    return _clause_reading(text, start, end)


def _clause_reading(text: str, start: int, end: int) -> str:
    """The reading the verbs of the clause (or, without one, of the sentence) give."""
    clause = _clause(text, start, end)
    ahead, happened = _AHEAD_WORDS.search(clause), _HAPPENED.search(clause)
    if ahead and not happened:
        return "upcoming"
    if happened:
        return "mentioned" if ahead else "past"  # "has decided to call new elections in 1992": either way
    s_lo, s_hi = sentence_around(text, start, end)  # a clause without a verb ("In 2014, we will …")
    future, happened = _AHEAD_WORDS.search(text, s_lo, s_hi), _HAPPENED.search(text, s_lo, s_hi)
    if future and not happened:
        return "upcoming"
    return "past" if happened and not future else "mentioned"


@dataclass(frozen=True)
class _Bound:
    lo: dt.date
    hi: dt.date
    weight: float
    sentence: str
    position: int


def _constraint(b: _Bound) -> Constraint:
    lo, hi = max(b.lo, MIN_DATE), min(b.hi, MAX_DATE)
    return Constraint([(lo.toordinal(), max(lo, hi).toordinal())], b.weight, b.sentence, b.position)


# --------------------------------------------------------------------------- dates and years in the body

_BEFORE_YEAR = re.compile(
    r"(?:(?P<mon1>[A-Z][a-z]{2,8})\.?\s+(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?,?\s+"
    r"|(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon2>[A-Z][a-z]{2,8})\.?,?\s+"
    r"|(?P<mon3>[A-Z][a-z]{2,8})\.?,?\s+(?:of\s+)?)$")
# A year written in Chinese, Japanese or Korean, its month and perhaps its day after it ("2012年12月", "2012年12月10日")
_AFTER_YEAR = re.compile(rf"{CJK_MONTH}(?:{CJK_DAY})?")
_FISCAL = re.compile(r"\b(?:J?FY|[Ff]iscal(?: [Yy]ear)?)\s?['’]?(?P<y>\d{2}|1[89]\d\d|20\d\d)\b")



_DOCUMENT_DATE = re.compile(r"\b(?:of|dated)\s+$")
_LONE_GAP = 2  # years between the latest past year, named once, and the next one that make it doubtful
_FAR_AHEAD = 3  # years beyond the latest past year after which a year named without a verb is a target
_AHEAD = 3 * 365  # how far ahead a text may name a date without a verb that says whether it has passed


def _written_dates(text: str) -> list[_Bound]:
    """Bounds from the dates, months and years the body mentions (via the one year reader in mentions.py)."""
    found: dict[tuple[dt.date, dt.date, str], _Bound] = {}
    mentions = year_mentions(text)
    readings = {(s0, e0): _reading(text, s0, e0) for s0, e0, y, _, k in mentions
                if k in ("year", "decade") and 1900 <= y <= MAX_DATE.year}
    past_years = [y for s0, e0, y, _, k in mentions if k == "year" and readings.get((s0, e0)) == "past"]
    if len(set(past_years)) >= 2:
        latest, runner_up = sorted(set(past_years))[-2:][::-1]
        if past_years.count(latest) == 1 and latest - runner_up >= _LONE_GAP:
            # one mention of a year well beyond every other year the text reports as past: more often a plan
            # read as done ("the granting of independence in 1975") than the latest news; it bounds as a mention
            readings = {k: "mentioned" if r == "past" and any(k == (s0, e0) and y == latest for s0, e0, y, _, _ in mentions)
                        else r for k, r in readings.items()}
            past_years = [y for y in past_years if y != latest]
    latest_past = max(past_years) if past_years else None
    for start, end, year, year_end, kind in mentions:
        if not 1900 <= year <= MAX_DATE.year:
            continue
        lo, hi, what = dt.date(year, 1, 1), dt.date(year, 12, 31), str(year)
        if kind == "year":
            month = day = None
            m = _BEFORE_YEAR.search(text, max(0, start - 24), start)
            if m:
                # English only: in running text, some other languages' month names are English words (« Mars »)
                month = month_number(m.group("mon1") or m.group("mon2") or m.group("mon3"), other_languages=False)
                day = m.group("d1") or m.group("d2")
                if month:
                    start = m.start()
            elif (m := _AFTER_YEAR.match(text, end)) and 1 <= int(m.group("m")) <= 12:
                month, day = int(m.group("m")), m.group("d")
            if month:
                lo, hi = dt.date(year, month, 1), month_end(year, month)
                what = lo.strftime("%B %Y")
                if day and 1 <= int(day) <= hi.day:
                    lo = hi = dt.date(year, month, int(day))
                    what = lo.isoformat()
        elif kind == "decade":
            what = f"the {year}s"
        else:
            continue  # a range may be a plan ("the 2016-2020 programme"); its first year is mentioned anyway
        if text[max(0, start - 5):start].lower().endswith(("post-", "post ")):
            continue  # "the post-2015 agenda": the era after a year that may still be to come
        reading = readings.get((start, end)) or _reading(text, start, end)
        if reading == "upcoming":
            continue
        if lo == hi and _DOCUMENT_DATE.search(text, max(0, start - 8), start):
            reading = "past"  # "the note verbale of Oct 18, 1952", "a letter dated 2 June 1959": a document that exists
        quote = _quote(text, start, end)
        if reading == "present" and kind == "year":
            bound = _Bound(lo, hi, 2.0, f"The text speaks of {what} as the present ('{quote}'): written {describe(lo, hi)}",
                           start)
        elif reading == "past":
            bound = _Bound(lo, MAX_DATE, 1.0, f"The text speaks of {what} as past ('{quote}'): written on or after "
                                              f"{lo.isoformat()}", start)
        else:  # named without a past verb: it may be the coming year, or a date weeks ahead
            lo = lo - dt.timedelta(days=_AHEAD)
            bound = _Bound(lo, MAX_DATE, 1.0, f"The text mentions {what} ('{quote}'), perhaps as still to come: "
                                              f"written on or after {lo.isoformat()}", start)
        if reading != "past" and latest_past is not None and year > latest_past + _FAR_AHEAD:
            continue  # far beyond every year the text reports as past: a target, not a date that has come
        key = (bound.lo, bound.hi, reading)
        if key in found:
            old = found[key]
            found[key] = _Bound(old.lo, old.hi, min(old.weight + 0.25, 2.0), old.sentence, old.position)
        else:
            found[key] = bound
    for m in _FISCAL.finditer(text) if "FY" in text or "iscal" in text else ():  # a literal test first: cheaper
        raw = m.group("y")
        year = int(raw) if len(raw) == 4 else (1900 + int(raw) if int(raw) > 30 else 2000 + int(raw))
        if 1901 <= year <= MAX_DATE.year + 1:
            lo = dt.date(year - 1, 1, 1)
            found[(lo, MAX_DATE, "fiscal")] = _Bound(
                lo, MAX_DATE, 1.0, f"The text names fiscal year {year} ('{_quote(text, m.start(), m.end())}'): written "
                                   f"on or after {lo.isoformat()} (a budget is drawn up the year before)", m.start())
    return _latest(list(found.values()))


def _latest(bounds: list[_Bound], keep: int = 3) -> list[_Bound]:
    """The bounds that can matter: every two-sided one and the latest few lower bounds (the others are implied)."""
    two_sided = [b for b in bounds if b.hi < MAX_DATE]
    lower = sorted((b for b in bounds if b.hi >= MAX_DATE), key=lambda b: (b.lo, b.position), reverse=True)
    return two_sided + lower[:keep]


# --------------------------------------------------------------------------- events named in the body

_NOT_YET = re.compile(r"\b(?:draft|proposed|proposal for|possible|future|planned|negotiations? (?:on|for)|an?"
                      r"|(?:soon |yet )?to be \w+)\s+"
                      r"(?:\w+\s+){0,2}$", re.I)


_ANTICIPATION = 3 * 365  # conferences and treaties are named years before they happen


def _event_mentions(text: str) -> list[_Bound]:
    """A text cannot name an event before it happened: each distinctive event name bounds it from below."""
    index = event_index()
    best: dict[int, _Bound] = {}
    for m in events_in(text):
        rows = [row for row, in_context_only in index.groups[m.lastgroup] if not in_context_only]
        if len(rows) != 1:
            continue
        event = index.events[rows[0]]
        if event.start < dt.date(1945, 1, 1) or rows[0] in best:
            continue
        if _NOT_YET.search(text, max(0, m.start() - 40), m.start()) or _reading(text, m.start(), m.end()) == "upcoming":
            continue
        quote = _quote(text, m.start(), m.end())
        if _HAPPENED.search(_clause(text, m.start(), m.end())):
            best[rows[0]] = _Bound(event.start, MAX_DATE, 1.0, f"The text names {event.name} as past ('{quote}'), "
                                   f"which began {event.start.isoformat()}: written on or after it", m.start())
        else:  # named without a past verb: it may be anticipated, as news anticipates a planned event
            lo = event.start - dt.timedelta(days=_ANTICIPATION)
            best[rows[0]] = _Bound(lo, MAX_DATE, 1.0, f"The text names {event.name} ('{quote}'), which began "
                                   f"{event.start.isoformat()}: written on or after {lo.isoformat()} (allowing "
                                   f"{_ANTICIPATION} days for a planned event announced ahead)", m.start())
    return _latest(list(best.values()), keep=2)


# --------------------------------------------------------------------------- anniversaries

_ANNIVERSARY = re.compile(r"\banniversary\s+of\s+(?:the\s+)?", re.I)
_UN_ITSELF = re.compile(r"(?:founding of |foundation of |establishment of |creation of |birth of )?(?:the )?"
                        r"(?:United Nations|(?:this|our|the) Organization|(?:San Francisco )?Charter)", re.I)
_UN_FOUNDED = dt.date(1945, 10, 24)


_ANNIVERSARY_AHEAD = 6 * 365
_THIS_YEAR = re.compile(r"\b[Tt]his year\b")
_OTHER_YEAR = re.compile(r"\b(?:[Nn]ext|[Ll]ast|[Cc]oming|[Pp]revious) year\b")


def _anniversaries(text: str) -> list[_Bound]:
    """'the 50th anniversary of X' = X + 50 years: written within a year of it, before it if upcoming."""
    if "nniversar" not in text and "NNIVERSAR" not in text:
        return []  # a literal test is much cheaper than the expression's scan
    index = event_index()
    bounds = []
    for m in _ANNIVERSARY.finditer(text):
        found = ordinal_before(text, m.start())
        if not found:
            continue
        n, ord_start = found
        target, name = None, None
        ev = index.pattern.match(text, m.end())
        if ev:
            rows = [row for row, _ in index.groups[ev.lastgroup]]
            if len(rows) == 1:
                target, name = index.events[rows[0]].start, index.events[rows[0]].name
        if target is None and _UN_ITSELF.match(text, m.end()):
            target, name = _UN_FOUNDED, "the founding of the United Nations"
        if target is None:
            year = re.match(r"[^.;]{0,80}?\b(?:in|of)\s+(1[89]\d\d|20\d\d)\b", text[m.end():m.end() + 90])
            if year:
                target, name = dt.date(int(year.group(1)), 1, 1), f"an event of {year.group(1)}"
        if target is None:
            continue
        try:
            day = target.replace(year=target.year + n)
        except ValueError:
            day = target.replace(year=target.year + n, day=28)
        if day > MAX_DATE + dt.timedelta(days=3 * 365):
            continue
        reading = _reading(text, ord_start, m.end())
        quote = _quote(text, ord_start, m.end())
        s_lo, s_hi = sentence_around(text, ord_start, m.end())
        if _THIS_YEAR.search(text, s_lo, m.end()) and not _OTHER_YEAR.search(text, s_lo, s_hi):
            lo, hi = dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)  # "this year we mark the 80th anniversary"
        elif reading == "upcoming":  # anniversaries are prepared for years ahead ("the year 1968 will be the twentieth …")
            lo, hi = day - dt.timedelta(days=_ANNIVERSARY_AHEAD), day
        elif reading == "past" and not _PRESENT_BEFORE.search(text, max(0, ord_start - 30), ord_start):
            lo, hi = day - dt.timedelta(days=60), MAX_DATE
        else:
            lo, hi = day - dt.timedelta(days=365), day + dt.timedelta(days=365)
        bounds.append(_Bound(lo, hi, 2.0, f"The text marks the {_ordinal_text(n)} anniversary of {name} ('{quote}'), "
                                          f"which fell on {day.isoformat()}: written {describe(max(lo, MIN_DATE), min(hi, MAX_DATE))}",
                             ord_start))
    return bounds


# --------------------------------------------------------------------------- numbered institutions

@dataclass(frozen=True)
class _Institution:
    name: str
    pattern: re.Pattern
    context: re.Pattern | None
    first_number: int
    first_start: dt.date
    years_per_number: int
    month_day: tuple[int, int]
    term_days: int
    lead: dt.timedelta

    def start_of(self, n: int) -> dt.date | None:
        if n < self.first_number:
            return None
        if n == self.first_number:
            return self.first_start
        year = self.first_start.year + (n - self.first_number) * self.years_per_number
        return dt.date(year, *self.month_day)


@lru_cache(maxsize=1)
def _institutions() -> tuple[_Institution, ...]:
    out = []
    for row in load_institutions().itertuples(index=False):
        month, day = (int(x) for x in row.start_month_day.split("-"))
        out.append(_Institution(
            row.name, re.compile(row.pattern),
            re.compile(row.context) if isinstance(row.context, str) else None, row.first_number,
            dt.date.fromisoformat(row.first_start), row.years_per_number, (month, day), row.term_days,
            dt.timedelta(days=row.lead_days)))
    return tuple(out)


# "on your election to the presidency of the forty-fifth session": the one now sitting (not "his presidency of …")
_YOUR_PRESIDENCY = re.compile(r"\byour\s+(?:(?:unanimous\s+)?election|presidency)\b[\w\s,]{0,40}?\b(?:of|over)\s+the\s+$", re.I)
_SESSION_AHEAD = re.compile(r"\b(?:next|forthcoming|upcoming|coming)\s+(?:regular\s+)?$", re.I)
_OF_THE_BODY = re.compile(r"\s+of\s+(?:the|this|our)\s+(?:United Nations\s+)?(?:General\s+)?Assembly\b")
_THIS_AFTER = re.compile(r"[^.;]{0,30}?\bof (?:this|the present) (?:General )?Assembly", re.I)


def _numbered_institutions(text: str) -> list[_Bound]:
    """'the 105th Congress' → its two years; 'this forty-fifth session' → that session's year.

    Only the highest number read as present counts as present (a speech may also name last year's session
    as "this Assembly's twentieth session"). Without one, the highest number neither upcoming nor marked as
    earlier ("the last session") is read as the latest: for a term-long institution like Congress, the text
    was written during it; for the yearly sessions of the Assembly, during it or the next one.
    """
    bounds = []
    for inst in _institutions():
        if inst.context is not None and not inst.context.search(text):
            continue
        seen: dict[int, set[str]] = {}
        for m in inst.pattern.finditer(text):
            found = ordinal_before(text, m.start())
            if not found:
                continue
            n, ord_start = found
            start = inst.start_of(n)
            if start is None or start > MAX_DATE:
                continue
            before = text[max(0, ord_start - 60):ord_start]
            if _PRESENT_BEFORE.search(before) or _YOUR_PRESIDENCY.search(before) or _THIS_AFTER.match(text, m.end()):
                reading = "present"
            elif _PAST_BEFORE.search(before):
                reading = "earlier"
            elif _SESSION_AHEAD.search(before):  # "the forthcoming fiftieth session"; a future verb is not enough
                reading = "upcoming"
            else:
                reading = "named"
            if reading == "named" and _OF_THE_BODY.match(text, m.end()):
                reading = "named of the body"
            seen.setdefault(n, set()).add(reading)
        if not seen:
            continue
        present = [n for n, r in seen.items() if "present" in r]
        named = [n for n, r in seen.items() if r - {"upcoming", "earlier"}]
        upcoming = [n for n, r in seen.items() if r == {"upcoming"}]
        yearly = inst.years_per_number == 1
        if present:
            n = max(present)
            start = inst.start_of(n)
            end = start + dt.timedelta(days=inst.term_days - 1)
            bounds.append(_Bound(start - inst.lead, end, 3.0,
                                 f"The text speaks of the {_ordinal_text(n)} {inst.name} as the present one: "
                                 f"written {describe(start, end)}", 0))
        elif named:
            n = max(named)
            start = inst.start_of(n)
            end = start + dt.timedelta(days=inst.term_days * (3 if yearly else 1) - 1)
            if yearly:  # a speech may name last year's session, or next year's, and not number its own
                start = start - dt.timedelta(days=inst.term_days)
            # "the 30th session" alone may be another body's; "… of the General Assembly" is not
            weight = 1.5 if inst.context is None or "named of the body" in seen[n] else 1.0
            bounds.append(_Bound(start - inst.lead, end, weight,
                                 f"The text names the {_ordinal_text(n)} {inst.name} as the latest, neither upcoming "
                                 f"nor earlier: written {describe(start, end)}", 0))
        earlier = [n for n, r in seen.items() if "earlier" in r]
        if earlier and not present and not named:
            n = max(earlier)
            start = inst.start_of(n)
            bounds.append(_Bound(start, MAX_DATE, 1.0, f"The text names the {_ordinal_text(n)} {inst.name} as an "
                                                      f"earlier one: written after {start.isoformat()}", 0))
        for n in upcoming:
            start = inst.start_of(n)
            if not present or n > max(present):
                bounds.append(_Bound(MIN_DATE, start, 1.0, f"The text speaks of the {_ordinal_text(n)} {inst.name} "
                                                           f"as upcoming: written before {start.isoformat()}", 0))
    return bounds


@dataclass(frozen=True)
class _Presidents:
    pattern: re.Pattern | None
    sessions: dict[str, tuple[_Institution, int, str]]  # a name form → (institution, session, the person)


@lru_cache(maxsize=1)
def _presidents() -> _Presidents:
    by_id = {row.institution_id: inst for row, inst in zip(load_institutions().itertuples(index=False), _institutions())}
    sessions: dict[str, tuple[_Institution, int, str]] = {}
    ambiguous: set[str] = set()
    for row in load_session_presidents().itertuples(index=False):
        for form in row.aliases:
            if form in sessions and sessions[form][1] != row.number:
                ambiguous.add(form)  # the same form for two sessions' presidents: it names neither
            sessions.setdefault(form, (by_id[row.institution_id], row.number, row.name))
    for form in ambiguous:
        del sessions[form]
    if not sessions:
        return _Presidents(None, {})
    forms = sorted(sessions, key=lambda f: (-len(f), f))
    return _Presidents(re.compile(r"(?:" + trie_regex(forms) + r")(?!\w)"), sessions)  # with word_starts


# the sentence must speak of the presiding office and of the body ("your election to the presidency of the
# General Assembly", "the President of the forty-fifth session"); a head of state addressed as "President X"
# and a former president are not the one presiding now
_PRESIDING = re.compile(r"\b(?:[Pp]resident|[Pp]residency|[Pp]resid(?:e[sd]?|ing)|[Cc]hair(?:man|manship|person)?)\b")
_BODY = re.compile(r"\b(?:Assembly|[Ss]ession)\b")
# the sentence says whether the one named was just elected (this session) or is thanked for having presided (the last)
_ELECTED = re.compile(r"\b(?:(?:re-?)?elect(?:ed|ion)|assum(?:ed|ption|ing)|(?:now|is) presiding|current session"
                      r"|this session|present session|[Yy]our Excellency)\b", re.I)
_PRESIDING_NOW_AFTER = re.compile(r",?\s*(?:the\s+)?President of (?:the|this|our)\s+(?:General\s+)?Assembly\b"
                                  r"(?!\s+(?:at|during|for|of) (?:its|the) )")  # "… at its seventy-first session": perhaps the last
_PRESIDED_BEFORE = re.compile(r"\b(?:predecessor|outgoing|retiring|previous President|President of the (?:previous|last"
                              r"|past|preceding) session)\b", re.I)
_PRESIDED_AFTER = re.compile(r"\b(?:predecessor|outgoing|retiring|previous session|last session|past session"
                             r"|preceding session|for (?:his|her)|(?<!being )(?<!is )(?<!are )(?:presided|guided|conducted"
                             r"|steered))\b", re.I)
_NOT_PRESIDING_BEFORE = re.compile(r"(?:\bPresident\s+|\b(?:former|late|then|ex-)\s+(?:[\w.,]+\s+){0,6})$", re.I)


def _session_presidents(text: str) -> list[_Bound]:
    """'I congratulate Mr. Guido de Marco on his election': a session's president named → that session or the next.

    A speech in the Assembly congratulates the president of its own session and thanks the one before, so
    a president of the nth session named where the text speaks of the presidency and the Assembly bounds it
    to the nth session and the one after it (whichever is later the text's other evidence says).
    """
    index = _presidents()
    if index.pattern is None or not _BODY.search(text) or not _PRESIDING.search(text):
        return []
    bounds: dict[int, _Bound] = {}
    found = word_starts(index.pattern, text, glue="._")
    for m in found:
        inst, n, person = index.sessions[m.group()]
        others = [x for x in found if index.sessions[x.group()][1] != n and abs(x.start() - m.start()) < 300]
        if n in bounds:
            continue
        s_lo, s_hi = sentence_around(text, m.start(), m.end())
        if not (_PRESIDING.search(text, s_lo, s_hi) and _BODY.search(text, s_lo, s_hi)):
            continue
        if _NOT_PRESIDING_BEFORE.search(text, max(s_lo, m.start() - 60), m.start()):
            continue
        # what is said of this person: from the previous name to the next one, inside the sentence
        lo_at = max([s_lo, m.start() - 60] + [x.end() for x in others if x.end() <= m.start()])
        hi_at = min([s_hi, m.end() + 120] + [x.start() for x in others if x.start() >= m.end()])
        before, after = text[lo_at:m.start()], text[m.end():hi_at]
        elected = (_ELECTED.search(before) is not None or _ELECTED.search(after) is not None
                   or _PRESIDING_NOW_AFTER.match(after) is not None)
        thanked = _PRESIDED_BEFORE.search(before) is not None or _PRESIDED_AFTER.search(after) is not None
        first, last = (n, n) if elected and not thanked else (n + 1, n + 1) if thanked and not elected else (n, n + 1)
        start, after = inst.start_of(first), inst.start_of(last + 1)
        if start is None or after is None or start > MAX_DATE:
            continue
        lo, hi = start - inst.lead, after - _DAY_ORD
        quote = _quote(text, m.start(), m.end())
        when = {(n, n): "that session, being elected to preside over it", (n + 1, n + 1): "the next session, "
                "thanked for presiding over the last"}.get((first, last), "that session or the next")
        bounds[n] = _Bound(lo, hi, 2.0, f"The text names {person}, president of the {_ordinal_text(n)} {inst.name}, "
                                        f"where it speaks of the presidency ('{quote}'): written during {when}, "
                                        f"{describe(max(lo, MIN_DATE), min(hi, MAX_DATE))}", m.start())
    return list(bounds.values())


def _ordinal_text(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# --------------------------------------------------------------------------- together

def body_constraints(text: str) -> list[Constraint]:
    """Every bound the body gives: written dates and years, named events, anniversaries, numbered institutions."""
    bounds = (_written_dates(text) + _event_mentions(text) + _anniversaries(text) + _numbered_institutions(text)
              + _session_presidents(text))
    return [_constraint(b) for b in sorted(bounds, key=lambda b: (b.position, b.lo, b.hi, b.sentence))]

"""Dated events and the relative cues tied to them ("the summit in Tokyo earlier this month")."""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from ..knowledge import load_events
from .combine import Constraint
from .intervals import MAX_DATE, MIN_DATE, describe, month_end
from ..text import MONTH_NAMES, STOP_WORDS_EN, split_sentences, trie_regex, word_starts


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
    by_keyword: dict[str, re.Pattern]  # lower-case text each name contains → the names built on it
    keywords: re.Pattern  # every keyword, one expression over the lower-cased text (found where a word starts)
    shorter: dict[str, tuple[str, ...]]  # a keyword → the keywords it starts with (itself included)
    unkeyed: tuple[re.Pattern, ...]  # names without such a word, each scanned on its own

    def find(self, text: str) -> list[re.Match]:
        """Every event name in a text, in text order: the names built on a word run only around that word."""
        found = [m for p in self.unkeyed for m in p.finditer(text)
                 if not m.start() or not (text[m.start() - 1].isalnum() or text[m.start() - 1] == "_")]
        lowered = text.lower()
        if len(lowered) != len(text):  # lower-casing changed offsets: scan the slow way
            return sorted(found + [m for p in self.by_keyword.values() for m in p.finditer(text)],
                          key=lambda m: m.start())
        for hit in word_starts(self.keywords, lowered, overlapping=True):  # every keyword, overlapping ones too
            at = hit.start()
            for word in self.shorter[hit.group()]:
                lo = max(0, at - _KEYWORD_REACH)
                for m in self.by_keyword[word].finditer(text, lo, min(len(text), at + len(word) + _KEYWORD_REACH)):
                    if m.start() <= at < m.end():
                        found.append(m)
                        break
        unique = {(m.start(), m.end(), m.lastgroup): m for m in found}
        return [unique[k] for k in sorted(unique)]


_KEYWORD_REACH = 90  # the longest text an event name has on either side of its keyword


def _keyword(pattern: str) -> str | None:
    """A literal piece of lower-case text every match of the pattern contains (the one with the longest word
    that is not a function word), or None."""
    s = pattern
    for _ in range(4):  # optional groups and lookarounds, innermost first
        s = re.sub(r"\((?:\?:|\?<?[!=])?[^()]*\)[?*]|\(\?<?[!=][^()]*\)",
                   lambda m: "\0 " if m.group().rstrip("?*").endswith(" )") else "\0", s)  # "(?:former )?Soviet"
    s = re.sub(r"\\[bsB]", " ", s)  # word boundaries and spaces separate words
    s = re.sub(r"\[[^\]]*\][?*+]?|\\[a-zA-Z]|[A-Za-z ][?*]", "\0", s)
    for _ in range(4):  # required groups with alternatives: no one piece of theirs is required
        s = re.sub(r"\((?:\?:)?[^()]*\)", "\0", s)
    if "|" in s:
        return None
    runs = []
    for m in re.finditer(r"[A-Za-z0-9/ ]+", s):
        run = m.group()
        if m.start() > 0 and s[m.start() - 1] == "\0" and not run.startswith(" "):
            run = run.partition(" ")[2]  # the tail of a word cut by a removed piece ("defen[cs]e")
        if len(run.strip()) >= 3:
            runs.append(run.strip())
    # the run with the longest word that is not a function word: "Soviet Union", not "of the"
    scored = [(max((len(w) for w in run.split() if w.lower() not in STOP_WORDS_EN), default=0), len(run), run)
              for run in runs]
    best = max(scored, default=(0, 0, ""))
    return best[2].lower() if best[0] >= 3 else None


@lru_cache(maxsize=1)
def event_index() -> _EventIndex:
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
    distinctive = {p: k for k, (p, rows) in enumerate(sorted(by_pattern.items()))}
    words = {p: _keyword(p) for p in distinctive}
    keyed: dict[str, list[str]] = {}
    for p, w in sorted(words.items()):
        if w:
            keyed.setdefault(w, []).append(f"(?P<e{distinctive[p]}>{p})")
    by_keyword = {w: re.compile(r"\b(?:" + "|".join(ps) + ")", re.I) for w, ps in sorted(keyed.items())}
    # without a leading \b the expression can start with a literal search; find() checks the word boundary
    unkeyed = tuple(re.compile(rf"(?P<e{distinctive[p]}>{p})", re.I) for p, w in sorted(words.items()) if not w)
    keywords = re.compile(r"\b(?:" + trie_regex(sorted(by_keyword)) + ")")  # \b first: mid-word positions fail fast
    shorter = {w: tuple(k for k in sorted(by_keyword) if w.startswith(k)) for w in by_keyword}
    return _EventIndex(pattern, groups, records, by_keyword, keywords, shorter, unkeyed)


@lru_cache(maxsize=4)
def events_in(text: str) -> list[re.Match]:
    """Every event name in a text (remembered: the bounds and the cues of one text both ask)."""
    return event_index().find(text)


_MONTH_ALT = "|".join(MONTH_NAMES)
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
NUMBER_WORDS = {"ten": 10, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
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
FUTURE = re.compile(r"\b(?:will|shall|is expected|are expected|expected to|is set to|are set to|is to|are to"
                     r"|plans? to|planned|scheduled|is due|are due|upcoming|ahead of)\b", re.I)
PAST = re.compile(r"\b(?:was|were|had|held|signed|reached|met|took place|agreed|announced|won|lost|ended"
                   r"|concluded|launched|fired|published|released|adopted|approved|issued|visited)\b", re.I)
CLAUSE_BREAK = re.compile(r"[,;:—–()]|\s-\s")
_CUE_WEIGHT = {"years": 1.0, "in_mname": 1.0, "mname_poss": 1.5, "last_year": 1.0, "next_year": 1.0}


_CUE_EVENT_REACH = 260


@lru_cache(maxsize=4)
def _spans_of(text: str) -> tuple[list[int], list[tuple[int, int]]]:
    """The sentences of a whole text, split once however many spans are looked up in it."""
    spans = split_sentences(text, lines=True)
    return [a for a, _ in spans], spans


def sentence_around(text: str, start: int, end: int, *, with_next: bool = False) -> tuple[int, int]:
    """The sentence holding text[start:end] (and the next one when asked)."""
    starts, spans = _spans_of(text)  # split once per text, however many spans are looked up in it
    k = bisect.bisect_right(starts, start) - 1
    lo, hi = spans[max(k, 0)]
    if with_next and k + 1 < len(spans):
        hi = spans[k + 1][1]
    return lo, hi


def tense_of(context: str) -> str | None:
    future, past = bool(FUTURE.search(context)), bool(PAST.search(context))
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
        return either((end, month_end(end.year, end.month)),
                      (dt.date(start.year, start.month, 1), start - dt.timedelta(days=1)))
    if kind == "last_month":
        nxt = (end.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
        return [(nxt, month_end(nxt.year, nxt.month))]
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
        month = MONTH_NAMES.index(cue.group({"this_mname": "m1", "last_mname": "m2", "mname_poss": "m3",
                                              "in_mname": "m4"}[kind])) + 1
        if start.month != month and end.month != month:
            return []
        if kind == "this_mname":
            return either((end, dt.date(end.year, 12, 31)), (dt.date(start.year, 1, 1), start - dt.timedelta(days=1)))
        if kind == "last_mname":  # the latest such month: "last July" in September is this year's July
            return [(end + dt.timedelta(days=1), end + dt.timedelta(days=365))]
        if kind == "mname_poss":
            if tense == "past":
                return [(end, dt.date(end.year, 12, 31))]
            return [(dt.date(start.year, 1, 1), start - dt.timedelta(days=1))]
        # "in December" alone: the last December or the coming one, unless a verb says which
        return either((end, end + dt.timedelta(days=364)), (start - dt.timedelta(days=364), start - dt.timedelta(days=1)))
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
        n = int(raw) if raw.isdigit() else NUMBER_WORDS[raw]
        if n < 10:
            return []
        year = start.year + n  # a round count ("fifty years since", "thirty years ago") may be a year out either way
        return [(dt.date(year - 1, 1, 1), dt.date(year + 1, 12, 31))]
    return []


_CUE_ANCHOR = re.compile(
    r"month|week|year|century|fortnight|monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    rf"|(?:this|last|in) (?:{_MONTH_ALT.lower()}|summer|spring|autumn|fall|winter)"
    rf"|(?:{_MONTH_ALT.lower()})['’]s")
_CUE_ANCHOR_ANYCASE = re.compile(_CUE_ANCHOR.pattern, re.I)  # when lowering changes the text's length
_CUE_REACH = 45  # the longest text a cue can have before its anchor word


def _find_cues(text: str, stretches: list[tuple[int, int]] | None = None) -> list[re.Match]:
    """Every cue in the text (or in the given stretches of it): a cheap scan for the words cues are built on,
    then the full pattern nearby."""
    lowered = text.lower()
    scan, anchor = (lowered, _CUE_ANCHOR) if len(lowered) == len(text) else (text, _CUE_ANCHOR_ANYCASE)
    anchors = [a for lo, hi in (stretches or [(0, len(text))]) for a in anchor.finditer(scan, lo, hi)]
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


class _Named(NamedTuple):
    """An event name found in the text, with offsets into one sentence."""

    s: int
    e: int
    lastgroup: str

    def start(self) -> int:
        return self.s

    def end(self) -> int:
        return self.e


def _stretches_with_events(text: str, events: list[re.Match]) -> list[tuple[int, int]]:
    """The sentences that name an event, each with the sentence before it (a cue may lead into the next one)."""
    starts, spans = _spans_of(text)
    out: list[tuple[int, int]] = []
    for m in events:
        k = max(bisect.bisect_right(starts, m.start()) - 1, 0)
        lo, hi = spans[max(k - 1, 0)][0], spans[k][1]
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def cue_constraints(text: str, region: tuple[int, int] | None) -> list[Constraint]:
    events = events_in(text)
    if not events:
        return []  # a cue dates a text only through an event it is tied to
    cues = _find_cues(text, _stretches_with_events(text, events))
    if not cues:
        return []
    index = event_index()
    lo_ok = region[0] if region else MIN_DATE.toordinal()
    hi_ok = region[1] if region else MAX_DATE.toordinal()
    constraints = []
    seen: set[tuple[str, tuple]] = set()
    event_cache: dict[tuple[int, int], list[_Named]] = {}
    doc_events: list[re.Match] | None = None
    for cue in cues:
        kind = next(k for k in ("this_month", "last_month", "next_week", "last_week", "this_week", "weeks_ago",
                                "last_year", "next_year", "this_mname", "last_mname", "mname_poss", "in_mname",
                                "this_season", "weekday", "years") if cue.group(k))
        if kind == "years" and not (cue.group("ypre") or cue.group("ysuf")):
            continue
        s_lo, s_hi = sentence_around(text, cue.start(), cue.end(), with_next=kind == "years")
        sentence = text[s_lo:s_hi]
        if (s_lo, s_hi) not in event_cache:
            if doc_events is None:
                doc_events = events_in(text)  # the whole text once, not once per sentence
            event_cache[(s_lo, s_hi)] = [_Named(m.start() - s_lo, m.end() - s_lo, m.lastgroup) for m in doc_events
                                         if s_lo <= m.start() and m.end() <= s_hi]
        options: list[tuple[tuple[int, int], int]] = []
        for ev in event_cache[(s_lo, s_hi)]:
            a, b = min(cue.start() - s_lo, ev.start()), max(cue.end() - s_lo, ev.end())
            if b - a > _CUE_EVENT_REACH and kind != "years":
                continue  # too far apart in a long sentence to be about each other
            breaks = [x.end() for x in CLAUSE_BREAK.finditer(sentence, 0, a)]
            left = breaks[-1] if breaks else 0
            after = CLAUSE_BREAK.search(sentence, b)
            right = after.start() if after else len(sentence)
            tense = tense_of(sentence[left:right])
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
        where = " or ".join(describe(dt.date.fromordinal(a), dt.date.fromordinal(b)) for a, b in intervals)
        sentence_text = f"'{cue.group().strip()}' refers to {named}: written {where}"
        constraints.append(Constraint(intervals, _CUE_WEIGHT.get(kind, 2.0), sentence_text, cue.start()))
    return constraints


def _event_when(event: _Event) -> str:
    start, end = event.start.isoformat(), event.end.isoformat()
    return start if start == end else f"{start} to {end}"


"""Office holders named in a text: who is treated as in office now, and who only as history."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ..knowledge import OFFICE_LABELS, load_officeholders, load_titles, load_world_officeholders
from ..text import trie_regex, word_starts
from .combine import Constraint
from .intervals import MAX_DATE, MIN_DATE


# --------------------------------------------------------------------------- office holders

def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).lower()


@dataclass(frozen=True)
class _Holder:
    office: str
    name: str
    start: str | None
    end: str | None
    label: str
    world: bool  # from the worldwide table: counts only when named with a title


@dataclass(frozen=True)
class _NameIndex:
    pattern: re.Pattern
    full: dict[str, tuple[int, ...]]
    surname: dict[str, tuple[int, ...]]
    holders: tuple[_Holder, ...]


_FAMILY_NAME_FIRST = {"CHN", "TWN", "KOR", "PRK", "VNM", "HKG", "MAC", "KHM", "MNG", "HUN"}


def _display(word: str) -> str:
    """'XI' → 'Xi' (the CIA lists write family names in capitals)."""
    return word.capitalize() if word.isupper() and len(word) > 2 else word


@lru_cache(maxsize=1)
def _name_index() -> _NameIndex:
    curated = load_officeholders()
    world = load_world_officeholders()
    full: dict[str, set[int]] = {}
    surname: dict[str, set[int]] = {}
    records: list[_Holder] = []
    for row in curated.itertuples(index=False):
        i = len(records)
        records.append(_Holder(row.office, row.name, row.start, row.end if isinstance(row.end, str) else None,
                               OFFICE_LABELS[row.office], False))
        for alias in row.aliases:
            full.setdefault(alias, set()).add(i)
        surname.setdefault(row.surname, set()).add(i)
        main_given = fold(row.name.split()[0])
        for alias in row.aliases:
            words = alias.split()
            if len(words) >= 2 and fold(words[0]) != fold(row.surname) and fold(words[0])[:3] == main_given[:3]:
                surname.setdefault(words[-1] if words[-1] not in ("Jr.", "III", "II") else words[-2], set()).add(i)
    curated_names = {fold(r.name) for r in records}
    for row in world.itertuples(index=False):
        if row.office in ("head_of_state", "head_of_government") and fold(row.name) in curated_names:
            continue  # the curated table has this person, with exact days (the world table also lists US
            # presidents as heads of state of US territories, with other dates)
        i = len(records)
        records.append(_Holder(row.office, row.name, row.start, row.end, row.label, True))
        for alias in row.aliases:
            if len(alias) >= 4:
                full.setdefault(" ".join(_display(w) for w in alias.split()), set()).add(i)
        words = [_display(w) for w in row.name.split()]
        family = [_display(row.surname)]
        if row.country in _FAMILY_NAME_FIRST and len(words) >= 2:
            family.append(words[0])
        for word in family:
            if len(word) >= 3 and word[0].isupper():
                surname.setdefault(word, set()).add(i)
    forms = sorted(set(full) | set(surname), key=lambda s: (-len(s), s))
    pattern = re.compile(r"(?:" + trie_regex(forms) + r")(?!\w)")  # found with word_starts(…, glue="._")
    return _NameIndex(
        pattern=pattern,
        full={k: tuple(sorted(v)) for k, v in full.items()},
        surname={k: tuple(sorted(v)) for k, v in surname.items()},
        holders=tuple(records),
    )


_TITLE = (
    r"Vice[- ]President|President|Secretary of State|State Secretary|Secretary of Defen[cs]e"
    r"|Defen[cs]e Secretary|Secretary of War|War Secretary|Secretary of the Navy|Navy Secretary"
    r"|Secretary of the Treasury|Treasury Secretary|Secretary[- ]General|General Secretary|First Secretary"
    r"|National Security Advis[eo]r|Secretary|Prime Minister|Premier|PriMin|PM|Chancellor|Chairman|Chairwoman"
    r"|King|Queen|Emperor|Emir|Amir|Sultan|Foreign Secretary|Foreign Minister|Minister (?:of|for) Foreign Affairs"
    r"|Minister of External Affairs|External Affairs Minister|Defen[cs]e Minister|Minister (?:of|for) Defen[cs]e"
    r"|Defen[cs]e Agency (?:Director[- ]General|chief|head)|Director[- ]General|Managing Director"
    r"|High Commissioner|Adm\.|Admiral|Ambassador(?: to Japan| to the United Nations| to the UN)?|Amb\."
    r"|Messrs\.|Mr\.|Mrs\.|Ms\.|Dr\.|Gen\.|General")
_TITLE_BEFORE = re.compile(
    rf"(?P<title>{_TITLE})(?P<elect>[- ](?:elect|designate))?"
    r"\s*,?\s+(?:(?:Mr|Mrs|Ms|Dr|Madam|H\.\s?E)\.?\s+)?$", re.I)
_FORMER_BEFORE = re.compile(
    r"(?:\bformer|\bthen|\bex|\bthe late|\blate|\bretired|\bone-time|\bonetime|\bpredecessor|\bwartime"
    r"|\b(?:memory|death|assassination) of(?: the late)?)[\s-]*"
    r"(?:(?:U\.?S\.?|US|Japanese|Japan['’]s|American|the|great|former)\s+)*$", re.I)
_LEGACY_BEFORE = re.compile(
    r"\b(?:words|legacy|era|days|time|times|vision|spirit|dream|heritage|tradition|doctrine|administrations?"
    r"|presidency|tenure) of[\s-]*(?:(?:U\.?S\.?|US|Japanese|Japan['’]s|American|the|great)\s+)*$", re.I)
# "As President Truman said", "When President Roosevelt created", "after he became President, Dwight Eisenhower"
_HISTORY_BEFORE = re.compile(
    r"(?:\b(?:as|when|while|after|under|since|once|became|become|becoming)\s+(?:(?:he|she|they)\s+(?:was|became)\s+)?"
    r"(?:the\s+)?(?:(?:U\.?S\.?|American|Japanese|British|Soviet|Chinese|French|then)\s+)?$)", re.I)
_DATED_CLAUSE = re.compile(r"(?:\b(?:1[89]\d\d|20\d\d)\b|\byears ago\b|\bonce\b)[^.;:!?]{0,60}$")
_ELECT_BEFORE = re.compile(r"\b(?:incoming|nominee|nominated|designated?|(?:president|prime minister)-elect)\b"
                           r"[\w\s,]{0,20}$", re.I)
_ELECT_AFTER = re.compile(r"[\s,]+(?:the\s+)?(?:(?:president|prime minister)[- ]elect|nominee|designate)\b", re.I)
def _title_key(title: str) -> str:
    key = re.sub(r"\s+", " ", title.lower()).replace("defence", "defense")
    key = key.replace("director general", "director-general").replace("vice-president", "vice president")
    return key.replace("secretary general", "secretary-general")


@lru_cache(maxsize=1)
def _titles() -> tuple[dict[str, frozenset[str]], dict[str, tuple[str, ...]]]:
    """Title → the offices it names; title → the words a worldwide row's own title must contain (data/titles.csv)."""
    offices, label_words = {}, {}
    for row in load_titles().itertuples(index=False):
        offices[row.title] = frozenset(row.offices)
        if row.label_words:
            label_words[row.title] = row.label_words
    return offices, label_words


def _label_fits(title_key: str | None, label: str) -> bool:
    words = _titles()[1].get(title_key or "")
    return words is None or any(w in label.lower() for w in words)


def _title_offices(title: str) -> frozenset[str]:
    key = _title_key(title)
    if key.startswith("defense agency"):  # "Defense Agency Director-General", "… chief", "… head"
        key = "defense agency"
    return _titles()[0].get(key, frozenset())


def _term_phrase(starts_ends: list[tuple[str | None, str | None]]) -> str:
    parts = []
    for start, end in starts_ends:
        since = f"from {start}" if start else "already"
        parts.append(f"{since} until {end}" if isinstance(end, str) else f"{since} (still in office)")
    return " and ".join(parts)


def _holder_sentence(rows: list[_Holder]) -> str:
    by_person: dict[str, dict[str, list[tuple[str | None, str | None]]]] = {}
    for r in rows:
        by_person.setdefault(r.name, {}).setdefault(r.label, []).append((r.start, r.end))
    people = []
    for name, offices in by_person.items():
        pieces = [f"{label} {_term_phrase(terms)}" for label, terms in offices.items()]
        people.append(f"{name} was " + ", and ".join(pieces))
    if len(people) > 4:
        people = people[:4] + [f"one of {len(people) - 4} others"]
    if len(people) == 1:
        return people[0]
    return "Either " + "; or ".join(people)


def _term(r: _Holder) -> tuple[int, int]:
    lo = dt.date.fromisoformat(r.start).toordinal() if r.start else MIN_DATE.toordinal()
    # A term ends on the day its successor takes office: that day belongs to the successor,
    # so two consecutive holders named together do not meet on a single handover day.
    hi = max(dt.date.fromisoformat(r.end).toordinal() - 1, lo) if isinstance(r.end, str) else MAX_DATE.toordinal()
    return lo, hi


def _intervals_of(rows: list[_Holder]) -> list[tuple[int, int]]:
    return sorted(_term(r) for r in rows)


_SLACK = 30  # days of slack around a term's start or end for mentions that are not "in office now"
_LABEL_LINE = re.compile(r"^[ \t]*(?P<label>(?:THE |MR\. |MS\. |MRS\. |DR\. )?[A-Z][A-Z.'’ -]{1,40}[A-Z.]):",
                         re.M)


def _reading(text: str, start: int, window_start: int, title: re.Match | None, end: int) -> str:
    """How a mention is meant: 'current', 'former', 'history' (as X said, when X was …) or 'elect'."""
    window = text[window_start:start]
    cut = title.start() - window_start if title else len(window)  # the title's match is placed in ``text``
    before = window[:cut]
    if title is not None and title.group("elect"):
        return "elect"
    if _ELECT_BEFORE.search(before) or _ELECT_AFTER.match(text, end):
        return "elect"
    if _FORMER_BEFORE.search(before):
        return "former"
    if _HISTORY_BEFORE.search(before) or _LEGACY_BEFORE.search(before):
        return "history"
    sentence_start = max(window.rfind(". "), window.rfind("\n"))
    if _DATED_CLAUSE.search(window[sentence_start + 1:cut]):
        return "history"
    return "current"


# the last word of every title in _TITLE, and the courtesy titles that may stand between a title and a name
_TITLE_LAST_WORDS = frozenset(
    "president secretary state defense defence war navy treasury general adviser advisor minister premier pm "
    "primin chancellor chairman chairwoman king queen emperor emir amir sultan affairs director head chief "
    "commissioner adm admiral ambassador japan nations un amb messrs mr mrs ms dr gen madam e elect designate "
    "president-elect vice-president director-general secretary-general prime-minister".split())


def _may_follow_title(text: str, w0: int, start: int) -> bool:
    """A cheap test before the title expression: does the word before the name end a title?"""
    words = text[max(w0, start - 24):start].split()
    return bool(words) and words[-1].strip(",.").lower() in _TITLE_LAST_WORDS


def _mentions(text: str, index: _NameIndex, offset_label: str | None = None) -> list[tuple]:
    holders = index.holders
    found = []
    for m in word_starts(index.pattern, text, glue="._"):
        form = m.group()
        is_full = form in index.full
        rows = index.full[form] if is_full else index.surname.get(form, ())
        if not rows:
            continue
        w0 = max(0, m.start() - 70)
        title = _TITLE_BEFORE.search(text, w0, m.start()) if _may_follow_title(text, w0, m.start()) else None
        offices = _title_offices(title.group("title")) if title else None
        if offices is None:
            rows = tuple(i for i in rows if not holders[i].world)  # world names count only with a title
            if not rows:
                continue
        reading = _reading(text, m.start(), w0, title, m.end()) if offset_label is None else "current"
        found.append((m.start(), form, is_full, rows, offices, _title_key(title.group("title")) if title else None,
                      reading, offset_label))
    return found


def _history_bound(rows: list[_Holder], reading: str) -> tuple[int, str]:
    """The earliest day a text can speak of these holders this way, and why."""
    if reading == "former":
        ends = [dt.date.fromisoformat(r.end) for r in rows if r.end]
        if len(ends) == len(rows):
            day = min(ends) - dt.timedelta(days=_SLACK)
            return day.toordinal(), f"left office ({min(ends).isoformat()})"
    starts = [dt.date.fromisoformat(r.start) for r in rows if r.start]
    day = min(starts) if len(starts) == len(rows) else MIN_DATE
    return day.toordinal(), f"took office ({day.isoformat()})"


def holder_constraints(text: str) -> tuple[list[Constraint], list[str]]:
    """Constraints from the office holders a text names, each read as current, former, historical or elect."""
    index = _name_index()
    holders = index.holders
    mentions = _mentions(text, index)
    for label in sorted({m.group("label") for m in _LABEL_LINE.finditer(text)}):
        spoken = " ".join(w if w in ("THE",) else w.capitalize() for w in label.split())
        mentions += _mentions(spoken.replace("The ", "the "), index, offset_label=label)

    full_names = {holders[i].name for _, _, is_full, rows, _, _, reading, _ in mentions
                  if is_full and reading == "current" for i in rows}
    groups: dict[frozenset[int], dict] = {}
    titled_people: set[str] = set()
    notes: list[str] = []
    history: dict[str, Constraint] = {}
    for pos, form, is_full, rows, offices, title_key, reading, label in mentions:
        candidates = list(rows)
        if offices:
            candidates = [i for i in rows if holders[i].office in offices
                          and (not holders[i].world or _label_fits(title_key, holders[i].label))]
            if any(not holders[i].world for i in candidates):
                candidates = [i for i in candidates if not holders[i].world]  # the curated table comes first
            if not candidates:
                continue
            if not is_full:
                named = [i for i in candidates if holders[i].name in full_names]
                if named:
                    candidates = named
        elif offices is not None:
            continue  # a title outside the knowledge base (Mr., General …)
        if reading != "current":
            if offices is None and not is_full:
                continue
            people = sorted({holders[i].name for i in candidates})
            if len(people) > 3:
                continue
            terms = [holders[i] for i in candidates]
            who = " or ".join(people)
            if reading == "elect":
                firsts = [dt.date.fromisoformat(r.start) for r in terms if r.start]
                if not firsts:
                    continue
                spans = sorted({((d - dt.timedelta(days=200)).toordinal(), (d + dt.timedelta(days=_SLACK)).toordinal())
                                for d in firsts})
                sentence = (f"{who} is named as elected or nominated, not yet in office: written in the months before "
                            f"a term that began " + " or ".join(d.isoformat() for d in sorted(set(firsts))))
                history.setdefault("elect " + who, Constraint(spans, 2.0, sentence, pos))
                continue
            day, why = _history_bound(terms, reading)
            how = {"former": "a former or late office holder", "history": "history (as X said, when X was …)"}
            sentence = (f"{who} is named as {how[reading]}: not used as in office now; written after "
                        f"{who} {why}")
            key = f"{reading} {who}"
            if key not in history or history[key].intervals[0][0] < day:
                history[key] = Constraint([(day, MAX_DATE.toordinal())], 1.0, sentence, pos)
            continue
        if offices is None and not is_full:
            continue  # a bare surname only confirms a full name given elsewhere
        weight = 1.0  # a full name without a title: perhaps in office now, perhaps remembered
        if offices:
            weight = 3.0 if is_full else 2.0
            if all(holders[i].world for i in candidates):  # the worldwide table is coarser than the curated one
                weight = 1.5 if is_full else 0.5
            names = {holders[i].name for i in candidates}
            if len(names) == 1:
                titled_people |= names
        if len({holders[i].name for i in candidates}) > 6:
            continue  # a common surname under a generic title: too many people to say who
        if label is not None:
            weight = 3.0
        key = frozenset(candidates)
        group = groups.setdefault(key, {"weight": weight, "position": pos, "titled": bool(offices), "label": label})
        group["weight"] = max(group["weight"], weight)
        group["titled"] = group["titled"] or bool(offices)
        group["label"] = group["label"] or label

    constraints = []
    for key, group in groups.items():
        rows = [holders[i] for i in sorted(key)]
        names = {r.name for r in rows}
        if not group["titled"] and names <= titled_people:
            continue  # the same person is named with a title: that is the sharper constraint
        sentence = _holder_sentence(rows)
        if group["label"]:
            sentence = f"The transcript label '{group['label']}:' names the speaker: {sentence}"
        constraints.append(Constraint(_intervals_of(rows), group["weight"], sentence, group["position"]))
    current = {r for c in constraints for r in [c.sentence]}
    for key, c in sorted(history.items()):
        if c.sentence not in current:
            constraints.append(c)
            notes.append(c.sentence)
    constraints.sort(key=lambda c: c.position)
    return constraints, []

"""Office holders named in a text: who is treated as in office now, and who only as history."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ..knowledge import OFFICE_LABELS, load_officeholders
from .combine import Constraint
from .intervals import MAX_DATE


# --------------------------------------------------------------------------- office holders

def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).lower()


def trie_regex(words: list[str]) -> str:
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
        main_given = fold(row.name.split()[0])
        for alias in row.aliases:
            words = alias.split()
            if len(words) >= 2 and fold(words[0]) != fold(row.surname) and fold(words[0])[:3] == main_given[:3]:
                surname.setdefault(words[-1] if words[-1] not in ("Jr.", "III", "II") else words[-2], set()).add(i)
    forms = sorted(set(full) | set(surname), key=lambda s: (-len(s), s))
    pattern = re.compile(r"(?<![\w.])(?:" + trie_regex(forms) + r")(?!\w)")
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


def holder_constraints(text: str) -> tuple[list[Constraint], list[str]]:
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
        constraints.append(Constraint(_intervals_of(rows), group["weight"], _holder_sentence(rows), group["position"]))
    constraints.sort(key=lambda c: c.position)
    return constraints, notes


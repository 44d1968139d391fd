"""The one decision point: metadata, datelines and inference from the text, weighed in one place."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from typing import Any

from ..passages import split_paragraphs
from .bounds import body_constraints
from .combine import robust_intersection
from .cues import cue_constraints
from .holders import holder_constraints
from .intervals import MAX_DATE, DateEstimate, describe, make_estimate, no_estimate
from .prior import vocabulary_guess
from .strings import find_dateline, is_missing, parse_date_string


# --------------------------------------------------------------------------- inference

_WRAPPED = re.compile(r"[a-z,][ \t]*\n[ \t]*[a-z]")  # a line break inside a sentence (spaces may pad it)
_OPEN_BEST_DAYS = 182
#: How inference's closing sentences open (its interval said whole), left out where only its evidence is quoted.
_SUMMARIES = ("Only a lower bound:", "Taken together,")
_MARGIN = 1.0  # the weight of one weak piece of evidence (a year named in passing, an untitled name)  # with only a lower bound, the best guess is soon after it: texts report what is recent


def infer_date(text: str) -> DateEstimate:
    """Estimate when a text was written from its content alone (method 'inferred' or 'none').

    Office holders read as in office now bound it on both sides; what it treats as having happened
    (dates and years, events, anniversaries, numbered sessions, former office holders) bounds it from
    below; dated events tied to relative cues narrow it. The bounds are combined robustly: the interval
    is the one the heaviest consistent set of evidence allows, and what was set aside is said.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    if _WRAPPED.search(text):  # lines hard-wrapped inside sentences: read whole paragraphs
        text = "\n\n".join(split_paragraphs(text.splitlines()))
    held, notes = holder_constraints(text)
    body = body_constraints(text)
    first = held + body
    region, _ = robust_intersection(first) if first else (None, [])
    constraints = first + cue_constraints(text, region[:2] if region else None)
    if not constraints:
        evidence = ["No dateline, metadata date, office holder named with their office, written date, "
                    "numbered session or dated event was found in the text"]
        guess = vocabulary_guess(text)
        hint = [guess.describe()] if guess is not None else []
        return DateEstimate(None, None, None, "none", "none", tuple(evidence + hint + notes))
    region, dropped = robust_intersection(constraints, margin=_MARGIN)
    if region is None:
        return no_estimate("The office holders and events named in the text allow no common date")
    constraints.sort(key=lambda c: c.position)
    evidence = [c.sentence for c in constraints if c not in dropped]
    if len(region) == 3:
        evidence.append("The evidence fits separate periods equally or nearly equally well; the estimate spans all of them")
    evidence += notes
    evidence += [f"Set aside as inconsistent with the rest of the evidence: {c.sentence}" for c in dropped]
    lo, hi = dt.date.fromordinal(region[0]), dt.date.fromordinal(region[1])
    best = None
    if hi == MAX_DATE and not any(c.intervals[-1][1] < MAX_DATE.toordinal() for c in constraints if c not in dropped):
        evidence.append(f"{_SUMMARIES[0]} the text was written on or after {lo.isoformat()}; the interval is "
                        f"left open up to {MAX_DATE.isoformat()}, the latest date the knowledge base describes")
        best = min(lo + dt.timedelta(days=_OPEN_BEST_DAYS), hi)
    else:
        evidence.append(f"{_SUMMARIES[1]} the text was written {describe(lo, hi)}")
    estimate = make_estimate(lo, hi, "inferred", evidence)
    return replace(estimate, date=best.isoformat()) if best else estimate


def date_document(text: str, *, meta_date: Any = None, meta_method: str | None = None,
                  meta_kind: str | None = None, dateline: DateEstimate | None = None) -> DateEstimate:
    """Date a document, deciding in one place between metadata, a dateline and inference from the text.

    ``meta_date`` is the source's own date (a CSV column, a page's metadata date …) and ``meta_method``
    optionally says where it was read ("the page's article:published_time"), for the evidence; ``meta_kind``
    names the date method of such a date (default "metadata"; an HTML page's own is "page metadata").
    ``dateline`` is a dateline already taken off the text by the structure step; without it the text's
    head is searched. Metadata wins, except that a dateline inside the metadata's interval but sharper
    (a day within the metadata's year) is used, the metadata named as agreeing; a dateline that
    contradicts the metadata is named in evidence. Without either, the date is inferred from the text.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    if dateline is not None and not isinstance(dateline, DateEstimate):
        raise TypeError(f"dateline must be a DateEstimate or None, got {type(dateline).__name__}")
    prefix: list[str] = []
    if dateline is None or dateline.date is None:
        dateline = find_dateline(text)
    if not is_missing(meta_date):
        meta = parse_date_string(meta_date)
        if meta is not None:
            if meta_method:
                meta = replace(meta, evidence=(f"{meta.evidence[0]} (read from {meta_method})",) + meta.evidence[1:])
            if meta_kind:
                meta = replace(meta, method=meta_kind)
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
        if dateline.updated:  # the text's own evidence, without the update's line
            dateline = _published_by(dateline, infer_date(text.replace(dateline.matched_line or "\0", "")))
        return replace(dateline, evidence=tuple(prefix) + dateline.evidence)
    inferred = infer_date(text)
    return replace(inferred, evidence=tuple(prefix) + inferred.evidence)


def _published_by(updated: DateEstimate, inferred: DateEstimate) -> DateEstimate:
    """A text last updated on a day was published then or before: the interval runs from the earliest day the
    text's own evidence allows (when it allows that day) to the update; the best date stays the update's day,
    as most updates follow publication closely. Without such evidence, the update's day alone."""
    if inferred.date_min is None or inferred.date_min > updated.date_min:
        return updated
    lo, hi = dt.date.fromisoformat(inferred.date_min), dt.date.fromisoformat(updated.date_max)
    evidence = updated.evidence + (f"The text's own evidence allows a date from {inferred.date_min}:",) + tuple(
        f"  {line}" for line in inferred.evidence if not line.startswith(_SUMMARIES))
    return replace(make_estimate(lo, hi, "dateline", evidence, matched_line=updated.matched_line),
                   date=updated.date, updated=True)

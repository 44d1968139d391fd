"""The one decision point: metadata, datelines and inference from the text, weighed in one place."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from .combine import robust_intersection
from .cues import cue_constraints
from .holders import holder_constraints
from .intervals import DateEstimate, describe, make_estimate, no_estimate
from .strings import find_dateline, is_missing, parse_date_string


# --------------------------------------------------------------------------- inference

def infer_date(text: str) -> DateEstimate:
    """Estimate when a text was written from its content alone (method 'inferred' or 'none')."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    held, notes = holder_constraints(text)
    region, _ = robust_intersection(held) if held else (None, [])
    constraints = held + cue_constraints(text, region)
    if not constraints:
        evidence = ["No dateline, metadata date, office holder named with their office, or dated event "
                    "tied to a time cue was found in the text"]
        return DateEstimate(None, None, None, "none", "none", tuple(evidence + notes))
    region, dropped = robust_intersection(constraints)
    if region is None:
        return no_estimate("The office holders and events named in the text allow no common date")
    evidence = [c.sentence for c in constraints if c not in dropped]
    if len(region) == 3:
        evidence.append("The evidence fits separate periods equally well; the estimate spans all of them")
    evidence += notes
    evidence += [f"Set aside as inconsistent with the rest of the evidence: {c.sentence}" for c in dropped]
    lo, hi = dt.date.fromordinal(region[0]), dt.date.fromordinal(region[1])
    evidence.append(f"Taken together, the text was written {describe(lo, hi)}")
    return make_estimate(lo, hi, "inferred", evidence)


def date_document(text: str, *, meta_date: Any = None) -> DateEstimate:
    """Date a document: metadata, then a dateline, then inference from the text, else 'none'.

    A dateline inside the metadata's interval but sharper (a day within the metadata's year) is used,
    with the metadata named as agreeing; a dateline that contradicts the metadata is named in evidence.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    prefix: list[str] = []
    dateline = find_dateline(text)
    if not is_missing(meta_date):
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


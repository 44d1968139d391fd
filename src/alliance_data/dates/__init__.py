"""When was a document written? Metadata, datelines, and inference from the text.

One decision point (:func:`date_document`) weighs three sources:

1. the source's own metadata (a year, an ISO date, "March 2005" …, or a page's own metadata date);
2. an explicit dateline in the first lines ("Mon, Mar 14, 2005 - Page 9", "Published: …");
3. inference from the content, the way a historian dates a text: what it treats as having happened
   (dates and years in the body, anniversaries, numbered sessions and congresses, former office
   holders) bounds it from below; who it treats as in office now bounds it on both sides; dated
   events tied to relative cues ("the summit in Tokyo earlier this month") narrow it.

Every estimate is an interval with readable evidence; it never claims more precision than the
evidence gives, never lies after the knowledge base's today nor before 1900.

Modules: ``intervals`` (the estimate and interval wording), ``strings`` (written dates and datelines),
``holders`` (office holders and how each mention is read), ``bounds`` (dates, years, anniversaries and
numbered institutions in the body), ``cues`` (events and relative cues), ``combine`` (robust
combination), ``decide`` (the decision point), ``families`` (dates shared by near-duplicates).
"""

from __future__ import annotations

from .decide import date_document, infer_date
from .families import propagate_family_dates
from .intervals import METHODS, PRECISIONS, DateEstimate
from .strings import find_dateline, parse_date_string

__all__ = [
    "DateEstimate",
    "METHODS",
    "PRECISIONS",
    "date_document",
    "find_dateline",
    "infer_date",
    "parse_date_string",
    "propagate_family_dates",
]

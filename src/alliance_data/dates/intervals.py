"""Date intervals and the estimate every dating step returns: one home for bounds, precision and wording."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..knowledge import TODAY


MIN_DATE = dt.date(1900, 1, 1)
MAX_DATE = dt.date.fromisoformat(TODAY)
EARLIEST_RECORD = dt.date(1800, 1, 1)  # metadata and datelines may be older than inference allows

PRECISIONS = ("day", "month", "year", "range", "none")
METHODS = ("dateline", "metadata", "page metadata", "inferred", "family", "none")


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
    #: The date is the day the text was last updated (« Updated … », « Mis à jour … »): it was first published
    #: then or before.
    updated: bool = False


# --------------------------------------------------------------------------- intervals

def precision_of(lo: dt.date, hi: dt.date) -> str:
    if lo == hi:
        return "day"
    if (lo.year, lo.month) == (hi.year, hi.month):
        return "month"
    if lo.year == hi.year:
        return "year"
    return "range"


def make_estimate(lo: dt.date, hi: dt.date, method: str, evidence: list[str] | tuple[str, ...],
              matched_line: str | None = None) -> DateEstimate:
    mid = dt.date.fromordinal(lo.toordinal() + (hi.toordinal() - lo.toordinal()) // 2)
    return DateEstimate(mid.isoformat(), lo.isoformat(), hi.isoformat(), precision_of(lo, hi), method,
                        tuple(evidence), matched_line)


def no_estimate(evidence: str) -> DateEstimate:
    return DateEstimate(None, None, None, "none", "none", (evidence,))


def month_end(year: int, month: int) -> dt.date:
    if month == 12:
        return dt.date(year, 12, 31)
    return dt.date(year, month + 1, 1) - dt.timedelta(days=1)


def describe(lo: dt.date, hi: dt.date) -> str:
    if lo == hi:
        return f"on {lo.isoformat()}"
    if lo.day == 1 and hi == month_end(lo.year, lo.month):
        return f"in {lo.strftime('%B %Y')}"
    if lo == dt.date(lo.year, 1, 1) and hi == dt.date(lo.year, 12, 31):
        return f"in {lo.year}"
    return f"between {lo.isoformat()} and {hi.isoformat()}"


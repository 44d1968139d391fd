"""Combining bounds: the interval allowed by the heaviest consistent set of constraints."""

from __future__ import annotations

from dataclasses import dataclass

from .intervals import MAX_DATE, MIN_DATE


@dataclass
class Constraint:
    intervals: list[tuple[int, int]]  # inclusive ordinal days
    weight: float
    sentence: str
    position: int


def robust_intersection(constraints: list[Constraint], *, margin: float = 0.0) -> tuple[tuple | None, list[Constraint]]:
    """The interval covered by the heaviest consistent subset of constraints; and the constraints set aside.

    A sweep over the interval endpoints finds the days where the total weight of the constraints
    that allow them is largest; the region is the hull of those days, and of the days whose weight
    falls short of the largest by no more than ``margin``: a conflict that weak evidence alone would
    decide widens the interval to cover both readings rather than moving it to one.
    """
    lo_bound, hi_bound = MIN_DATE.toordinal(), MAX_DATE.toordinal()
    points = {lo_bound, hi_bound + 1}
    for c in constraints:
        for a, b in c.intervals:
            points.add(min(max(a, lo_bound), hi_bound + 1))
            points.add(min(max(b + 1, lo_bound), hi_bound + 1))
    cuts = sorted(points)
    best_weight, best_segments, best_sets = 0.0, [], set()
    weighed: list[tuple[int, int, float, frozenset]] = []
    for a, b in zip(cuts, cuts[1:]):
        if a >= b:
            continue
        covering = frozenset(k for k, c in enumerate(constraints)
                             if any(x <= a and b - 1 <= y for x, y in c.intervals))
        weight = sum(constraints[k].weight for k in covering)
        weighed.append((a, b - 1, weight, covering))
        if weight > best_weight + 1e-9:
            best_weight, best_segments, best_sets = weight, [(a, b - 1)], {covering}
        elif abs(weight - best_weight) <= 1e-9 and weight > 0:
            best_segments.append((a, b - 1))
            best_sets.add(covering)
    if not best_segments:
        return None, list(constraints)
    if margin:
        # A conflict weak evidence alone decides must not move the interval: the days the outvoted evidence
        # allows, nearly as well supported as the best, join the hull.
        outvoted = {k for k, c in enumerate(constraints)
                    if not any(x <= a and b <= y for a, b in best_segments for x, y in c.intervals)}
        near = {(a, b) for a, b, w, covering in weighed
                if w >= best_weight - margin - 1e-9 and w > 0 and covering & outvoted}
        if near:
            best_segments = sorted(set(best_segments) | near)
            best_sets = {covering for a, b, w, covering in weighed if (a, b) in set(best_segments)}
    region = (best_segments[0][0], best_segments[-1][1])
    if len(best_sets) > 1:
        region = (region[0], region[1], "split")  # different pieces of evidence fit different periods equally well
    dropped = [c for c in constraints
               if not any(x <= a and b <= y for a, b in best_segments for x, y in c.intervals)]
    return region, dropped



"""The user's selection: one pure object, read from and written to the URL here.

A link carries the filters as query parameters::

    ?era=2020s&theme=Taiwan+Strait&source=Reuters&q=deterrence&from=1996&to=2024&all=true

``parse_params`` checks every value against what the corpus offers, so a
shared link naming an era, theme or outlet that does not exist is reported
and dropped instead of breaking the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from alliance_data.search import matches_query
from alliance_data.tables import topic_names

from .display import plain

__all__ = [
    "Selection",
    "FilterOptions",
    "FILTER_KEYS",
    "parse_params",
    "theme_membership",
    "passage_years",
    "date_years",
]

#: Query-parameter names of the global filters, in URL order.
FILTER_KEYS = ("era", "theme", "source", "q", "from", "to", "all")

_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off", ""}


@dataclass(frozen=True)
class FilterOptions:
    """What a corpus offers to filter on: the allowed values of each filter."""

    eras: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    years: tuple[int, int] | None = None  # (first, last) year any document may date from


@dataclass(frozen=True)
class Selection:
    """Which passages the user is looking at. Empty fields mean "no filter"."""

    eras: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    query: str = ""
    date_range: tuple[int, int] | None = None
    include_excluded: bool = False  # keep duplicate and off-topic passages

    def __post_init__(self) -> None:
        for name in ("eras", "themes", "sources"):
            value = getattr(self, name)
            if isinstance(value, str):
                raise TypeError(f"Selection.{name} must be a sequence of names, not the string {value!r}")
            object.__setattr__(self, name, tuple(value))
        object.__setattr__(self, "query", (self.query or "").strip())
        if self.date_range is not None:
            first, last = (int(y) for y in self.date_range)
            object.__setattr__(self, "date_range", (min(first, last), max(first, last)))

    @property
    def is_empty(self) -> bool:
        return not (self.eras or self.themes or self.sources or self.query or self.date_range)

    def apply(
        self,
        passages: pd.DataFrame,
        assignments: pd.DataFrame | None = None,
        *,
        membership: pd.DataFrame | None = None,
        query_hits: np.ndarray | None = None,
    ) -> pd.DataFrame:
        """The passages this selection keeps, in their original order (a new frame).

        ``membership`` (from :func:`theme_membership`) may be passed precomputed
        for large corpora; otherwise it is derived from ``assignments``.
        ``query_hits`` may hold, per passage, whether it matches the search text
        (``matches_query`` over all of ``passages``); otherwise the search runs
        over the passages the other filters keep.
        """
        keep = np.ones(len(passages), dtype=bool)
        if not self.include_excluded:
            keep &= ~passages["duplicate"].to_numpy(dtype=bool) & ~passages["offtopic"].to_numpy(dtype=bool)
        if self.eras:
            keep &= passages["era"].isin(self.eras).to_numpy()
        if self.sources:
            column = "outlet" if "outlet" in passages.columns else "source"
            keep &= passages[column].isin(self.sources).to_numpy()
        if self.date_range is not None:
            first, last = self.date_range
            year_min, year_max = passage_years(passages)
            keep &= (year_min <= last) & (year_max >= first)
        if self.themes:
            if membership is None:
                if assignments is None:
                    raise ValueError("Selection.apply: a theme filter needs assignments or membership")
                membership = theme_membership(assignments)
            columns = [t for t in self.themes if t in membership.columns]
            hit = membership[columns].any(axis=1) if columns else pd.Series(False, index=membership.index)
            if len(hit) == len(passages) and np.array_equal(hit.index.to_numpy(), passages["passage_id"].to_numpy()):
                keep &= hit.to_numpy(dtype=bool)  # rows already aligned: no lookup
            else:
                keep &= passages["passage_id"].map(hit).fillna(False).to_numpy(dtype=bool)
        if self.query and query_hits is not None and len(query_hits) == len(passages):
            keep &= query_hits  # the search already run over every passage (one search per query, cached)
        elif self.query:
            rows = np.flatnonzero(keep)
            found = matches_query(passages["text"].iloc[rows], self.query)  # whole words, "phrases", any case
            keep[rows[~found]] = False
        return passages if keep.all() else passages[keep]

    def describe(self, n: int, total: int) -> str:
        """One line for the top of every page, e.g. "2020s · Taiwan Strait · 7 of 112 passages"."""
        parts: list[str] = []
        if self.eras:
            parts.append(", ".join(self.eras))
        if self.themes:
            parts.append(", ".join(self.themes))
        if self.sources:
            parts.append(", ".join(self.sources))
        if self.date_range is not None:
            first, last = self.date_range
            parts.append(str(first) if first == last else f"{first}–{last}")
        if self.query:
            parts.append(f"“{self.query}”")
        noun = "passage" if total == 1 else "passages"
        count = f"all {total:,} {noun}" if n == total and not parts else f"{n:,} of {total:,} {noun}"
        if self.include_excluded:
            count += " (duplicates and off-topic included)"
        return " · ".join(parts + [count])

    def to_params(self, options: FilterOptions | None = None) -> dict[str, list[str]]:
        """Query parameters for a link to this selection (defaults left out)."""
        params: dict[str, list[str]] = {}
        if self.eras:
            params["era"] = list(self.eras)
        if self.themes:
            params["theme"] = list(self.themes)
        if self.sources:
            params["source"] = list(self.sources)
        if self.query:
            params["q"] = [self.query]
        if self.date_range is not None:
            first, last = self.date_range
            full = options.years if options is not None else None
            if full is None or first != full[0]:
                params["from"] = [str(first)]
            if full is None or last != full[1]:
                params["to"] = [str(last)]
        if self.include_excluded:
            params["all"] = ["true"]
        return params


def _values(params: Mapping[str, Sequence[str] | str], key: str) -> list[str]:
    value = params.get(key, [])
    return [value] if isinstance(value, str) else [v for v in value if v is not None]


#: Longest value a link may carry for one parameter; a longer one is cut (search text) or dropped.
MAX_PARAM_CHARS = 200
#: Most values a link may repeat for one parameter (``era=…&era=…``).
MAX_PARAM_VALUES = 50
#: A year in a link: an optional minus and at most four digits (no exponents, infinities or 4,000-digit numbers).
_YEAR = re.compile(r"-?\d{1,4}")
#: How much of a rejected value a notice quotes.
_QUOTE_CHARS = 60


def _quote(value: str) -> str:
    return plain(value, limit=_QUOTE_CHARS)


def parse_params(
    params: Mapping[str, Sequence[str] | str], options: FilterOptions
) -> tuple[Selection, list[str]]:
    """Read a selection from query parameters, dropping values the corpus does not have.

    Every value is bounded before it is used: at most ``MAX_PARAM_VALUES`` per key and
    ``MAX_PARAM_CHARS`` characters each; years must be plain integers. Returns the
    selection and one readable notice per dropped, cut or clipped value.
    """
    notices: list[str] = []

    def bounded(key: str) -> list[str]:
        values = _values(params, key)
        if len(values) > MAX_PARAM_VALUES:
            notices.append(f"The link repeats “{key}” {len(values):,} times; only the first {MAX_PARAM_VALUES} were read.")
            values = values[:MAX_PARAM_VALUES]
        return values

    def allowed(key: str, label: str, valid: Sequence[str]) -> tuple[str, ...]:
        kept: list[str] = []
        for value in bounded(key):
            if value in valid:
                if value not in kept:
                    kept.append(value)
            else:
                notices.append(f"The link names {label} “{_quote(value)}”, which this corpus does not have; it was dropped.")
        return tuple(kept)

    eras = allowed("era", "the era", options.eras)
    themes = allowed("theme", "the theme", options.themes)
    sources = allowed("source", "the outlet", options.sources)
    query = " ".join(bounded("q")[-1:]).strip()
    if len(query) > MAX_PARAM_CHARS:
        notices.append(f"The link’s search text is {len(query):,} characters long; "
                       f"only its first {MAX_PARAM_CHARS} were kept.")
        query = query[:MAX_PARAM_CHARS].strip()

    date_range = None
    if options.years is not None:
        low, high = options.years
        bounds = {"from": low, "to": high}
        for key in ("from", "to"):
            values = bounded(key)
            if not values:
                continue
            text = values[-1].strip()
            if not _YEAR.fullmatch(text):
                notices.append(f"The link’s year “{key}={_quote(text)}” is not a year; it was dropped.")
                continue
            year = int(text)
            clipped = min(max(year, low), high)
            if clipped != year:
                notices.append(f"The link’s year “{key}={year}” lies outside {low}–{high}; it was set to {clipped}.")
            bounds[key] = clipped
        if bounds["from"] > bounds["to"]:
            notices.append(f"The link’s years run backwards ({bounds['from']} to {bounds['to']}); "
                           f"they were swapped to {bounds['to']}–{bounds['from']}.")
            bounds["from"], bounds["to"] = bounds["to"], bounds["from"]
        if (bounds["from"], bounds["to"]) != (low, high):
            date_range = (bounds["from"], bounds["to"])

    include = False
    for value in bounded("all")[-1:]:
        if value.lower() in _TRUE:
            include = True
        elif value.lower() not in _FALSE:
            notices.append(f"The link’s “all={_quote(value)}” is neither true nor false; it was dropped.")
    selection = Selection(eras, themes, sources, query, date_range, include)
    return selection, notices


def theme_membership(assignments: pd.DataFrame, themes: pd.DataFrame | None = None) -> pd.DataFrame:
    """A boolean frame, one row per passage_id and one column per theme name.

    A passage belongs to a theme when the theme is among its named themes, is
    its primary theme, or (given the themes table) is its discovered cluster.
    """
    index = pd.Index(assignments["passage_id"], name="passage_id")
    names: dict[str, np.ndarray] = {}

    def mark(name: object, rows: np.ndarray) -> None:
        if not isinstance(name, str) or not name:
            return
        column = names.setdefault(name, np.zeros(len(index), dtype=bool))
        column[rows] = True

    def mark_each(values, rows: np.ndarray) -> None:
        # Each distinct value numbered once (an Arrow column by Arrow, no Python string per row): its rows
        # found by comparing numbers, not strings.
        codes, distinct = pd.factorize(values)
        for code, name in enumerate(distinct):
            mark(name, rows[codes == code])

    # Each passage's named themes, one per row, beside the passage's position.
    exploded = pd.Series(assignments["themes"].to_numpy(), index=np.arange(len(assignments))).explode()
    mark_each(exploded.to_numpy(), exploded.index.to_numpy())
    every_row = np.arange(len(index))
    mark_each(assignments["primary_theme"], every_row)
    if themes is not None and "cluster" in assignments.columns:
        mark_each(topic_names(assignments["cluster"], themes), every_row)
    ordered = sorted(names)
    return pd.DataFrame({n: names[n] for n in ordered}, index=index, columns=ordered).astype(bool)


def passage_years(passages: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """First and last possible year of every passage (undated: +inf, -inf, so no range holds it)."""
    if "year_min" in passages.columns and "year_max" in passages.columns:
        return passages["year_min"].to_numpy(dtype=float), passages["year_max"].to_numpy(dtype=float)
    return date_years(passages["date_min"], np.inf), date_years(passages["date_max"], -np.inf)


def date_years(dates: pd.Series, missing: float) -> np.ndarray:
    """Each date's year (its first four characters as a number), ``missing`` where it has none.

    Read once per distinct date: half a million passages share their documents' few thousand dates.
    """
    codes, distinct = pd.factorize(dates.astype("string"))
    year = pd.to_numeric(pd.Series(distinct, dtype="string").str.slice(0, 4), errors="coerce")
    per_date = year.astype("Float64").fillna(missing).to_numpy(dtype=float)
    out = np.full(len(codes), missing, dtype=float)
    known = codes >= 0
    out[known] = per_date[codes[known]]
    return out


def iter_nonempty(values: Iterable[str | None]) -> list[str]:
    """Distinct non-empty strings in first-seen order."""
    return list(dict.fromkeys(v for v in values if isinstance(v, str) and v))

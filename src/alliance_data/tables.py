"""The corpus tables: their columns, the :class:`Corpus` holding them, and what they share.

Defined once and light to import (no pipeline step, no scikit-learn): opening a stored build
needs this module only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .eras import DECADES, Eras

if TYPE_CHECKING:
    from .load import LoadProblem

__all__ = [
    "Corpus", "analysed_mask", "compact_strings", "topic_names", "DOCUMENT_COLUMNS", "PASSAGE_COLUMNS", "REMOVED_COLUMNS", "MENTION_COLUMNS",
]

DOCUMENT_COLUMNS = [
    "doc_id", "source", "title", "subtitle", "author", "outlet", "dateline",
    "date", "date_min", "date_max", "date_precision", "date_method", "date_evidence",
    "era", "family_id", "canonical", "removed", "flagged", "clean_text", "n_passages", "encoding",
]
PASSAGE_COLUMNS = [
    "passage_id", "doc_id", "family_id", "position", "start", "end", "text",
    "date", "date_min", "date_max", "era", "offtopic", "offtopic_reason", "duplicate", "source", "title",
]
REMOVED_COLUMNS = ["doc_id", "source", "rule", "text", "line"]
MENTION_COLUMNS = ["passage_id", "doc_id", "text", "year", "year_end", "kind", "start", "end"]


def analysed_mask(passages: pd.DataFrame) -> np.ndarray:
    """True for passages that shape models and statistics (neither duplicate nor off-topic)."""
    keep = np.ones(len(passages), dtype=bool)
    for column in ("duplicate", "offtopic"):
        if column in passages.columns:
            keep &= ~passages[column].fillna(False).astype(bool).to_numpy()
    return keep


def compact_strings(frame: pd.DataFrame, *, max_share: float = 0.5) -> pd.DataFrame:
    """``frame`` with each string column that repeats (at most ``max_share`` distinct values per row) as a
    categorical: one copy of each id, date, era, outlet or theme name instead of one per passage.

    Values and their order are kept (categories sorted as the strings sort); a new frame is returned.
    """
    out = {}
    for column in frame.columns:
        values = frame[column]
        strings = isinstance(values.dtype, pd.StringDtype) or (
            values.dtype == object and pd.api.types.infer_dtype(values, skipna=True) == "string")
        if not strings or not len(values):
            continue
        # One pass of hashing finds the distinct values and each row's; the rows' codes then follow the sort.
        codes, distinct = pd.factorize(values, use_na_sentinel=True)
        if len(distinct) > max_share * len(values):
            continue
        distinct = list(distinct)
        order = sorted(range(len(distinct)), key=distinct.__getitem__)
        rank = np.empty(len(distinct) + 1, dtype=codes.dtype)
        rank[order] = np.arange(len(distinct), dtype=codes.dtype)
        rank[-1] = -1  # a missing value (code -1) stays missing
        dtype = pd.CategoricalDtype([distinct[i] for i in order])
        out[column] = pd.Series(pd.Categorical.from_codes(rank[codes], dtype=dtype), index=values.index, name=column)
    return frame.assign(**out) if out else frame


@dataclass(frozen=True)
class Corpus:
    """The corpus as tables. Frames are shared: treat them as read-only."""

    documents: pd.DataFrame
    passages: pd.DataFrame
    mentions: pd.DataFrame
    removed: pd.DataFrame
    collation: pd.DataFrame
    problems: tuple[LoadProblem, ...] = ()
    fingerprint: str = ""
    eras: Eras = field(default=DECADES)

    def analysed_passages(self) -> pd.DataFrame:
        """Passages that shape models and statistics: neither duplicate nor off-topic."""
        return self.passages[analysed_mask(self.passages)]

    def era_order(self) -> list[str]:
        return self.eras.order(self.documents["era"].dropna())

    def summary(self) -> str:
        d, p = self.documents, self.passages
        families = d.loc[d.groupby("family_id")["doc_id"].transform("size") > 1, "family_id"].nunique()
        lines = [
            f"{len(d)} documents, {len(p)} passages ({int(p['duplicate'].sum())} duplicate, "
            f"{int(p['offtopic'].sum())} off-topic), {len(self.mentions)} historical references",
            f"{families} near-duplicate families; {len(self.removed)} removed lines or spans",
            f"dated: {int(d['date_min'].notna().sum())} of {len(d)}; eras: {', '.join(self.era_order()) or 'none'}",
        ]
        lines += [f"problem: {problem}" for problem in self.problems]
        return "\n".join(lines)


def topic_names(clusters, themes: pd.DataFrame) -> np.ndarray:
    """Each passage's discovered topic: the themes table's name for its ``cluster`` (an object array; None where
    the passage has no cluster or the table does not name it). Each distinct cluster is looked up once."""
    codes, distinct = pd.factorize(clusters)
    named = dict(zip(themes["theme_id"], themes["name"]))
    names = np.array([named.get(c) for c in distinct] + [None], dtype=object)  # the last: code -1, no cluster
    return names[codes]

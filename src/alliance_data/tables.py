"""What the corpus tables share, defined once and light to import (no scikit-learn)."""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["analysed_mask", "compact_strings"]


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
        if strings and len(values) and values.nunique(dropna=True) <= max_share * len(values):
            out[column] = values.astype(pd.CategoricalDtype(sorted(values.dropna().unique())))
    return frame.assign(**out) if out else frame

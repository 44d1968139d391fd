"""What the corpus tables share, defined once and light to import (no scikit-learn)."""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["analysed_mask"]


def analysed_mask(passages: pd.DataFrame) -> np.ndarray:
    """True for passages that shape models and statistics (neither duplicate nor off-topic)."""
    keep = np.ones(len(passages), dtype=bool)
    for column in ("duplicate", "offtopic"):
        if column in passages.columns:
            keep &= ~passages[column].fillna(False).astype(bool).to_numpy()
    return keep

"""Side-by-side alignment of two sets of passages (two documents or two eras).

Passages are compared by cosine similarity of their TF-IDF rows in the fitted
theme model. Pairs are matched one-to-one, most similar first; a passage with
no counterpart above ``min_similarity`` is reported as only on its side, with
the terms that make it distinctive there.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.utils.validation import check_is_fitted

from .theme_model import ThemeModel, _labelable

__all__ = ["Alignment", "align_passages", "sample_passages", "PAIR_COLUMNS", "ONLY_COLUMNS", "MAX_PASSAGES",
           "MIN_TERMS", "MIN_SHARED_WORDS"]

PAIR_COLUMNS = ["left_id", "right_id", "similarity", "shared_terms"]
ONLY_COLUMNS = ["passage_id", "nearest_similarity", "distinctive_terms"]
_CANDIDATES = 5
_CHUNK = 2_000
_CELLS = 10_000_000  # similarity cells held at once (80 MB)
_N_TERMS = 5
#: Passages per side above which a side is sampled.
MAX_PASSAGES = 10_000
#: A passage with fewer distinct words of the model's vocabulary than this (word pairs not counted) says too
#: little to be paired or to stand out as only on its side: a salutation ("Excellencies,", "Heads of State, Heads
#: of Government,") or a one-line reply shares a word with anything, or nothing at all, and would crowd out the
#: passages with a subject.
MIN_TERMS = 4
#: Two passages pair only when they share at least this many words: one shared word ("a few words", "today") is
#: a coincidence of phrasing, not a shared subject, however high the similarity of two short passages.
MIN_SHARED_WORDS = 2


@dataclass(frozen=True)
class Alignment:
    """Matched passage pairs and the passages with no counterpart."""

    pairs: pd.DataFrame  # left_id, right_id, similarity, shared_terms
    left_only: pd.DataFrame  # passage_id, nearest_similarity, distinctive_terms
    right_only: pd.DataFrame
    sampled: bool = False  # a side was larger than max_passages and was sampled
    short: tuple[int, int] = (0, 0)  # passages per side (of those compared) with fewer than MIN_TERMS terms: left out


def _side(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{name} must be a passages DataFrame, got {type(frame).__name__}")
    missing = [c for c in ("passage_id", "text") if c not in frame.columns]
    if missing:
        raise ValueError(f"{name} is missing column(s) {missing}")
    return frame.reset_index(drop=True)


def sample_passages(frame: pd.DataFrame, limit: int | None = MAX_PASSAGES) -> pd.DataFrame:
    """At most ``limit`` passages, chosen by a hash of their ids (the same every run), in their order.

    The rows :func:`align_passages` keeps of a larger side (their index kept): a caller that reads text
    by row reads only these.
    """
    if limit is None or len(frame) <= limit:
        return frame
    keys = pd.Series([hashlib.sha256(str(p).encode("utf-8")).hexdigest() for p in frame["passage_id"]])
    keep = np.sort(keys.sort_values(kind="stable").index[:limit].to_numpy())
    return frame.iloc[keep]


def _top_candidates(left: sparse.csr_matrix, right: sparse.csr_matrix, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each left row: its k most similar right rows (indices, similarities) and the best similarity."""
    n_left, n_right = left.shape[0], right.shape[0]
    k = min(k, n_right)
    index = np.zeros((n_left, k), dtype=np.int64)
    value = np.zeros((n_left, k), dtype=np.float64)
    if k == 0:
        return index, value, np.zeros(n_left)
    right_t = right.T.tocsc()
    chunk = max(1, min(_CHUNK, _CELLS // max(n_right, 1)))  # bounded memory for two large eras
    for start in range(0, n_left, chunk):
        block = np.asarray((left[start : start + chunk] @ right_t).todense(), dtype=np.float64)
        if k < n_right:
            top = np.argpartition(-block, k - 1, axis=1)[:, :k]
        else:
            top = np.tile(np.arange(n_right), (block.shape[0], 1))
        top_values = np.take_along_axis(block, top, axis=1)
        # Stable: similarity descending, then right position.
        order = np.lexsort((top, -top_values), axis=1)
        index[start : start + chunk] = np.take_along_axis(top, order, axis=1)
        value[start : start + chunk] = np.take_along_axis(top_values, order, axis=1)
    return index, value, value[:, 0]


def _best_similarity(rows: sparse.csr_matrix, others: sparse.csr_matrix) -> np.ndarray:
    if others.shape[0] == 0:
        return np.zeros(rows.shape[0])
    return _top_candidates(rows, others, 1)[2]


def _shared_terms(a: sparse.csr_matrix, b: sparse.csr_matrix, names: np.ndarray) -> list[str]:
    product = a.multiply(b).tocoo()
    items = sorted(zip(-product.data, names[product.col]), key=lambda t: (t[0], t[1]))
    return [str(term) for _, term in items if _labelable(str(term))][:_N_TERMS]


def _distinctive(row: sparse.csr_matrix, other_weight: np.ndarray, names: np.ndarray) -> list[str]:
    coo = row.tocoo()
    scored = sorted(
        ((-(w - other_weight[c]), str(names[c])) for w, c in zip(coo.data, coo.col)),
        key=lambda t: (t[0], t[1]),
    )
    return [term for score, term in scored if score < 0 and _labelable(term)][:_N_TERMS]


def align_passages(
    left: pd.DataFrame,
    right: pd.DataFrame,
    model: ThemeModel,
    *,
    top_n: int = 20,
    min_similarity: float = 0.1,
    max_passages: int | None = MAX_PASSAGES,
) -> Alignment:
    """Align any two sets of passages.

    ``pairs``: up to ``top_n`` one-to-one matches with similarity at least
    ``min_similarity`` and ``MIN_SHARED_WORDS`` words in common, most
    similar first, with the terms they share.
    ``left_only`` / ``right_only``: up to ``top_n`` passages whose nearest
    counterpart is below ``min_similarity``, least matched first, with the
    terms that weigh more in them than on the other side. A passage with
    fewer than ``MIN_TERMS`` words of the model's vocabulary is in neither
    (counted in ``Alignment.short``).
    A side with more than ``max_passages`` passages is sampled (by a hash of
    the passage ids, so the same every run) to bound the cost, and
    ``Alignment.sampled`` says so: two eras of ten thousand passages each
    take about ten seconds on two cores.
    """
    check_is_fitted(model, "tfidf_")
    left = _side(left, "left")
    right = _side(right, "right")
    if max_passages is not None and (isinstance(max_passages, bool) or not isinstance(max_passages, (int, np.integer)) or max_passages < 1):
        raise ValueError(f"max_passages must be a positive integer or None, got {max_passages!r}")
    sampled = max(len(left), len(right)) > (max_passages or float("inf"))
    left = sample_passages(left, max_passages).reset_index(drop=True)
    right = sample_passages(right, max_passages).reset_index(drop=True)
    if isinstance(top_n, bool) or not isinstance(top_n, (int, np.integer)) or top_n < 1:
        raise ValueError(f"top_n must be a positive integer, got {top_n!r}")
    if isinstance(min_similarity, bool) or not isinstance(min_similarity, (int, float)) or not 0 <= min_similarity <= 1:
        raise ValueError(f"min_similarity must be between 0 and 1, got {min_similarity!r}")
    names = model.feature_names()
    lv = model.vectorize(left["text"].fillna("").astype(str).tolist()).tocsr()
    rv = model.vectorize(right["text"].fillna("").astype(str).tolist()).tocsr()
    left_ids = left["passage_id"].astype(str).to_numpy()
    right_ids = right["passage_id"].astype(str).to_numpy()
    words = np.flatnonzero([" " not in str(name) for name in names])  # the vocabulary's single words
    left_words, right_words = lv[:, words].tocsr(), rv[:, words].tocsr()
    left_ok = np.diff(left_words.indptr) >= MIN_TERMS
    right_ok = np.diff(right_words.indptr) >= MIN_TERMS

    pairs = []
    if lv.shape[0] and rv.shape[0]:
        index, value, _ = _top_candidates(lv, rv, _CANDIDATES)
        candidates = [
            (-value[i, j], left_ids[i], right_ids[index[i, j]], i, int(index[i, j]))
            for i in range(index.shape[0])
            for j in range(index.shape[1])
            if value[i, j] >= min_similarity and value[i, j] > 0 and left_ok[i] and right_ok[index[i, j]]
        ]
        candidates.sort(key=lambda c: (c[0], c[1], c[2]))
        used_left: set[int] = set()
        used_right: set[int] = set()
        for negative, left_id, right_id, i, j in candidates:
            if i in used_left or j in used_right:
                continue
            if left_words[i].multiply(right_words[j]).nnz < MIN_SHARED_WORDS:
                continue
            used_left.add(i)
            used_right.add(j)
            pairs.append(
                {
                    "left_id": left_id,
                    "right_id": right_id,
                    "similarity": round(min(1.0, -negative), 4),
                    "shared_terms": _shared_terms(lv[i], rv[j], names),
                }
            )
            if len(pairs) == top_n:
                break

    def only(rows: sparse.csr_matrix, others: sparse.csr_matrix, ids: np.ndarray, ok: np.ndarray,
             others_ok: np.ndarray) -> pd.DataFrame:
        nearest = _best_similarity(rows, others[np.flatnonzero(others_ok)])  # only partners that could pair
        other_weight = np.asarray(others.mean(axis=0)).ravel() if others.shape[0] else np.zeros(rows.shape[1])
        lonely = [i for i in np.lexsort((ids, nearest)) if ok[i] and nearest[i] < min_similarity][:top_n]
        return pd.DataFrame(
            [
                {
                    "passage_id": str(ids[i]),
                    "nearest_similarity": round(float(nearest[i]), 4),
                    "distinctive_terms": _distinctive(rows[i], other_weight, names),
                }
                for i in lonely
            ],
            columns=ONLY_COLUMNS,
        )

    return Alignment(
        pairs=pd.DataFrame(pairs, columns=PAIR_COLUMNS),
        left_only=only(lv, rv, left_ids, left_ok, right_ok),
        right_only=only(rv, lv, right_ids, right_ok, left_ok),
        sampled=sampled,
        short=(int((~left_ok).sum()), int((~right_ok).sum())),
    )

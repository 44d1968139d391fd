"""How the discourse shifts across eras: theme shares and distinctive terms.

Statistics use only the passages that shape models (neither duplicate nor
off-topic) unless the caller asks otherwise, so a story scraped twice does not
count twice.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.utils.validation import check_is_fitted

from .theme_model import ThemeModel, _labelable, analysed_mask

__all__ = ["theme_shares_by_era", "distinctive_terms_by_era", "NO_NAMED_THEME", "SHARE_COLUMNS", "DISTINCTIVE_COLUMNS"]

NO_NAMED_THEME = "No named theme"
SHARE_COLUMNS = ["era", "theme", "n_passages", "share", "passage_share", "n_documents", "n_era_passages"]
DISTINCTIVE_COLUMNS = ["era", "term", "z", "count", "passage_ids"]
_MAX_PASSAGE_IDS = 200


def _era_order(eras: pd.Series) -> list[str]:
    return sorted({str(e) for e in eras.dropna()})


def theme_shares_by_era(
    passages: pd.DataFrame, assignments: pd.DataFrame, *, include_excluded: bool = False
) -> pd.DataFrame:
    """Each era's make-up by named theme.

    Columns: ``era, theme, n_passages`` (passages of the era carrying the
    theme), ``share`` (each passage splits a weight of 1 across its named
    themes, or gives it to "No named theme", so shares sum to 1 within an era),
    ``passage_share`` (``n_passages / n_era_passages``: how much of the era
    touches the theme), ``n_documents`` (documents behind the era) and
    ``n_era_passages``. Passages without an era are left out.
    """
    for name, frame, needed in (
        ("passages", passages, ("passage_id", "era")),
        ("assignments", assignments, ("passage_id", "themes")),
    ):
        if not isinstance(frame, pd.DataFrame):
            raise TypeError(f"{name} must be a DataFrame, got {type(frame).__name__}")
        missing = [c for c in needed if c not in frame.columns]
        if missing:
            raise ValueError(f"{name} is missing column(s) {missing}")
    chosen = passages if include_excluded else passages[analysed_mask(passages)]
    columns = ["passage_id", "era"] + (["doc_id"] if "doc_id" in chosen.columns else [])
    merged = chosen[columns].merge(assignments[["passage_id", "themes"]], on="passage_id", how="inner")
    merged = merged[merged["era"].notna()]
    if merged.empty:
        return pd.DataFrame(columns=SHARE_COLUMNS)
    merged = merged.assign(era=merged["era"].astype(str))
    merged["themes"] = [list(t) if len(t) else [NO_NAMED_THEME] for t in merged["themes"]]
    merged["weight"] = [1.0 / len(t) for t in merged["themes"]]
    exploded = merged.explode("themes").rename(columns={"themes": "theme"})
    per_era = merged.groupby("era", sort=False).agg(
        n_era_passages=("passage_id", "size"),
        n_documents=("doc_id", "nunique") if "doc_id" in merged.columns else ("passage_id", "size"),
    )
    table = (
        exploded.groupby(["era", "theme"], sort=False)
        .agg(n_passages=("passage_id", "nunique"), weight=("weight", "sum"))
        .reset_index()
        .join(per_era, on="era")
    )
    table["share"] = table["weight"] / table["n_era_passages"]
    table["passage_share"] = table["n_passages"] / table["n_era_passages"]
    # Stable order: eras in order; within an era by share (largest first), then name; "No named theme" last.
    era_rank = {era: i for i, era in enumerate(_era_order(table["era"]))}
    table["_era"] = table["era"].map(era_rank)
    table["_none"] = table["theme"].eq(NO_NAMED_THEME)
    table = table.sort_values(["_era", "_none", "share", "theme"], ascending=[True, True, False, True], kind="stable")
    return table[SHARE_COLUMNS].astype({"n_passages": "int64", "n_documents": "int64", "n_era_passages": "int64"}).reset_index(drop=True)


def _log_odds_z(era_counts: np.ndarray, rest_counts: np.ndarray, alpha: np.ndarray) -> np.ndarray:
    """Monroe, Colaresi & Quinn (2008), eq. 16–22: z-scored log-odds ratio with a Dirichlet prior."""
    n_i, n_j, a0 = era_counts.sum(), rest_counts.sum(), alpha.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        log_i = np.log(era_counts + alpha) - np.log(n_i + a0 - era_counts - alpha)
        log_j = np.log(rest_counts + alpha) - np.log(n_j + a0 - rest_counts - alpha)
        variance = 1.0 / (era_counts + alpha) + 1.0 / (rest_counts + alpha)
        z = (log_i - log_j) / np.sqrt(variance)
    return np.nan_to_num(z, nan=0.0, posinf=0.0, neginf=0.0)


def distinctive_terms_by_era(
    passages: pd.DataFrame,
    model: ThemeModel,
    *,
    top_n: int = 15,
    prior: float = 0.1,
) -> pd.DataFrame:
    """The terms that most set each era apart from all the other eras.

    Log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi &
    Quinn 2008, "Fightin' Words"): the prior for a term is ``prior`` times its
    count in the whole corpus, which shrinks rare terms instead of letting them
    top the list. Columns ``era, term, z, count`` (in the era) and
    ``passage_ids`` (the era's passages that use the term, up to 200).
    Duplicate and off-topic passages are left out.
    """
    check_is_fitted(model, "vectorizer_")
    if not isinstance(passages, pd.DataFrame):
        raise TypeError(f"passages must be a DataFrame, got {type(passages).__name__}")
    if isinstance(top_n, bool) or not isinstance(top_n, (int, np.integer)) or top_n < 1:
        raise ValueError(f"top_n must be a positive integer, got {top_n!r}")
    if isinstance(prior, bool) or not isinstance(prior, (int, float)) or prior <= 0:
        raise ValueError(f"prior must be a positive number, got {prior!r}")
    chosen = passages[analysed_mask(passages)]
    chosen = chosen[chosen["era"].notna()]
    eras = chosen["era"].astype(str).to_numpy()
    order = _era_order(chosen["era"])
    if len(order) < 2:
        return pd.DataFrame(columns=DISTINCTIVE_COLUMNS)
    counts = model.count_terms(chosen["text"].fillna("").astype(str).tolist()).tocsr()
    names = model.feature_names()
    usable = np.array([_labelable(t) for t in names], dtype=bool)
    total = np.asarray(counts.sum(axis=0)).ravel().astype(np.float64)
    alpha = prior * total + 1e-3
    ids = chosen["passage_id"].to_numpy()
    rows = []
    for era in order:
        inside = eras == era
        era_counts = np.asarray(counts[inside].sum(axis=0)).ravel().astype(np.float64)
        z = _log_odds_z(era_counts, total - era_counts, alpha)
        z = np.where(usable & (era_counts > 0), z, -np.inf)
        ranked = [i for i in np.lexsort((names, -z)) if np.isfinite(z[i]) and z[i] > 0][:top_n]
        era_matrix = counts[inside].tocsc()
        era_ids = ids[inside]
        for i in ranked:
            column = era_matrix[:, i]
            rows.append(
                {
                    "era": era,
                    "term": str(names[i]),
                    "z": round(float(z[i]), 4),
                    "count": int(era_counts[i]),
                    "passage_ids": [str(p) for p in era_ids[column.nonzero()[0]][:_MAX_PASSAGE_IDS]],
                }
            )
    return pd.DataFrame(rows, columns=DISTINCTIVE_COLUMNS)

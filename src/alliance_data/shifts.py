"""How the discourse shifts across eras: theme shares and distinctive terms.

Statistics use only the passages that shape models (neither duplicate nor
off-topic) unless the caller asks otherwise, so a story scraped twice does not
count twice.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Callable, Sequence

import numpy as np
import pandas as pd

from .eras import DECADES, Eras
from .tables import analysed_mask

if TYPE_CHECKING:  # scikit-learn is imported only where a fitted model is read: pages without one start sooner
    from .theme_model import ThemeModel

__all__ = [
    "membership_rows", "aligned_membership", "theme_counts", "era_theme_shares",
    "theme_shares_by_era", "distinctive_terms_by_era", "theme_shares_over_time", "documents_over_time",
    "histogram_unit", "wilson_interval", "era_span", "term_frequency_over_time", "passage_words", "start_passage_words", "TERM_COLUMNS",
    "NO_NAMED_THEME", "SHARE_COLUMNS", "DISTINCTIVE_COLUMNS", "SERIES_COLUMNS", "HISTOGRAM_COLUMNS",
]

NO_NAMED_THEME = "No named theme"
SHARE_COLUMNS = ["era", "theme", "n_passages", "share", "passage_share", "n_documents", "n_era_passages"]
DISTINCTIVE_COLUMNS = ["era", "term", "z", "count", "passage_ids", "sampled"]
_MAX_PASSAGE_IDS = 200


def _era_order(eras: pd.Series) -> list[str]:
    return sorted({str(e) for e in eras.dropna()})


def _positional(passages: pd.DataFrame, membership: pd.DataFrame) -> bool:
    """Whether ``passages`` was filtered from the frame ``membership`` is aligned with: its index then holds
    row positions there (checked against the ids, without string copies)."""
    positions = passages.index.to_numpy()
    return bool(len(positions) and positions.dtype.kind in "iu" and positions.min() >= 0
                and positions.max() < len(membership)
                and membership.index.take(positions).equals(pd.Index(passages["passage_id"])))


def membership_rows(passages: pd.DataFrame, membership: pd.DataFrame) -> np.ndarray:
    """The theme-membership rows (a bool matrix) of ``passages``, in their order.

    ``membership`` is a boolean frame indexed by passage_id, one column per theme.
    Fast when ``passages`` was filtered from the frame ``membership`` is aligned
    with (its index then holds row positions there); otherwise looked up by
    passage_id, a passage without a row belonging to no theme.
    """
    if _positional(passages, membership):
        return membership.to_numpy(dtype=bool)[passages.index.to_numpy()]
    if not len(passages):
        return np.zeros((0, membership.shape[1]), dtype=bool)
    return membership.reindex(passages["passage_id"]).fillna(False).to_numpy(dtype=bool)


def aligned_membership(passages: pd.DataFrame, membership: pd.DataFrame) -> pd.DataFrame:
    """``membership`` rows for ``passages``, aligned by position (as the share functions take them)."""
    names = [str(c) for c in membership.columns]
    if _positional(passages, membership):  # rows taken column by column, as the frame holds them
        return membership.iloc[passages.index.to_numpy()].set_axis(names, axis=1).reset_index(drop=True)
    return pd.DataFrame(membership_rows(passages, membership), columns=names)


def theme_counts(passages: pd.DataFrame, membership: pd.DataFrame) -> pd.DataFrame:
    """Passages per theme among ``passages`` (a passage may count for several); themes with none left out.

    Columns ``theme, n_passages``, in the order of ``membership``'s columns.
    """
    counts = membership_rows(passages, membership).sum(axis=0)
    keep = counts > 0
    return pd.DataFrame({"theme": membership.columns[keep].astype(str), "n_passages": counts[keep].astype("int64")})


def _check_frames(**frames: tuple[pd.DataFrame, Sequence[str]]) -> None:
    for name, (frame, needed) in frames.items():
        if not isinstance(frame, pd.DataFrame):
            raise TypeError(f"{name} must be a DataFrame, got {type(frame).__name__}")
        missing = [c for c in needed if c not in frame.columns]
        if missing:
            raise ValueError(f"{name} is missing column(s) {missing}")


def era_theme_shares(
    passages: pd.DataFrame,
    membership: pd.DataFrame,
    *,
    order: Sequence[str] | None = None,
    include_excluded: bool = False,
    none_label: str = NO_NAMED_THEME,
) -> pd.DataFrame:
    """Each era's make-up by the themes of ``membership`` (rows aligned with ``passages`` by position).

    Columns: ``era, theme, n_passages`` (passages of the era carrying the
    theme), ``share`` (each passage splits a weight of 1 across its themes, or
    gives it to ``none_label``, so shares sum to 1 within an era),
    ``passage_share`` (``n_passages / n_era_passages``: how much of the era
    touches the theme), ``n_documents`` (documents behind the era) and
    ``n_era_passages``. Passages without an era are left out. Eras run in
    ``order`` (default: sorted by name), themes by share, ``none_label`` last.
    For discovered topics (one per passage) ``share`` equals ``passage_share``.
    """
    _check_frames(passages=(passages, ("passage_id", "era")))
    if not isinstance(membership, pd.DataFrame):
        raise TypeError(f"membership must be a DataFrame, got {type(membership).__name__}")
    if len(passages) != len(membership):
        raise ValueError(f"membership has {len(membership)} rows for {len(passages)} passages; align them first")
    keep = passages["era"].notna().to_numpy(dtype=bool)
    if not include_excluded:
        keep = keep & analysed_mask(passages)
    if not keep.any():
        return pd.DataFrame(columns=SHARE_COLUMNS)
    rows = membership.to_numpy(dtype=bool)[keep]
    all_codes, labels = pd.factorize(passages["era"], sort=True)  # categorical eras factorize without a copy
    codes = all_codes[keep]
    n = len(labels)
    counts = rows.sum(axis=1)
    none = counts == 0
    inverse = 1.0 / np.maximum(counts, 1)
    columns = np.ascontiguousarray(rows.T)  # one theme's passages at a time, read in one pass
    n_sum, w_sum = np.zeros((n, rows.shape[1] + 1)), np.zeros((n, rows.shape[1] + 1))
    for j, column in enumerate(list(columns) + [none]):
        n_sum[:, j] = np.bincount(codes[column], minlength=n)
        w_sum[:, j] = np.bincount(codes[column], weights=inverse[column], minlength=n)
    era_rows = np.bincount(codes, minlength=n)
    if "doc_id" not in passages.columns:
        era_docs = era_rows
    else:  # distinct (era, document) pairs per era
        doc_codes = pd.factorize(passages["doc_id"])[0][keep].astype(np.int64)
        known = doc_codes >= 0  # a missing document id counts for none
        width = int(doc_codes.max(initial=0)) + 1
        pairs = np.unique(codes[known].astype(np.int64) * width + doc_codes[known])
        era_docs = np.bincount(pairs // width, minlength=n)
    names = [str(c) for c in membership.columns] + [none_label]
    table = pd.DataFrame({
        "era": np.repeat([str(x) for x in labels], len(names)), "theme": np.tile(names, n),
        "n_passages": n_sum.ravel().astype("int64"), "share": (w_sum / era_rows[:, None]).ravel(),
        "passage_share": (n_sum / era_rows[:, None]).ravel(),
        "n_documents": np.repeat(era_docs, len(names)).astype("int64"),
        "n_era_passages": np.repeat(era_rows, len(names)).astype("int64"),
    })
    table = table[table["n_passages"] > 0]
    rank = {era: i for i, era in enumerate(order if order is not None else [str(x) for x in labels])}
    table = table.assign(_era=table["era"].map(rank).fillna(len(rank)), _none=table["theme"].eq(none_label))
    table = table.sort_values(["_era", "_none", "share", "theme"], ascending=[True, True, False, True], kind="stable")
    return table[SHARE_COLUMNS].reset_index(drop=True)


def theme_shares_by_era(
    passages: pd.DataFrame, assignments: pd.DataFrame, *, include_excluded: bool = False,
    order: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Each era's make-up by named theme, from the assignments' ``themes`` lists (see :func:`era_theme_shares`)."""
    _check_frames(passages=(passages, ("passage_id", "era")), assignments=(assignments, ("passage_id", "themes")))
    exploded = assignments["themes"].reset_index(drop=True).explode().dropna().astype(str)
    names = sorted(exploded.unique())
    rows = np.zeros((len(assignments), len(names)), dtype=bool)
    rows[exploded.index.to_numpy(dtype=np.int64), pd.Categorical(exploded, categories=names).codes] = True
    found = pd.Index(assignments["passage_id"].to_numpy(dtype=object)).get_indexer(
        passages["passage_id"].to_numpy(dtype=object))
    chosen = passages[found >= 0]  # passages with assignments
    return era_theme_shares(chosen, pd.DataFrame(rows[found[found >= 0]], columns=names), order=order,
                            include_excluded=include_excluded)


def _log_odds_z(era_counts: np.ndarray, rest_counts: np.ndarray, alpha: np.ndarray) -> np.ndarray:
    """Monroe, Colaresi & Quinn (2008), eq. 16–22: z-scored log-odds ratio with a Dirichlet prior."""
    n_i, n_j, a0 = era_counts.sum(), rest_counts.sum(), alpha.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        log_i = np.log(era_counts + alpha) - np.log(n_i + a0 - era_counts - alpha)
        log_j = np.log(rest_counts + alpha) - np.log(n_j + a0 - rest_counts - alpha)
        variance = 1.0 / (era_counts + alpha) + 1.0 / (rest_counts + alpha)
        z = (log_i - log_j) / np.sqrt(variance)
    return np.nan_to_num(z, nan=0.0, posinf=0.0, neginf=0.0)


#: The view column holding :func:`sample_rank`, worked out once per build so a sample costs no hashing.
SAMPLE_RANK = "sample_rank"


def sample_rank(passage_ids: Sequence[object]) -> np.ndarray:
    """Each passage's place in a fixed pseudo-random order, from its id alone (the same on every machine).

    The order is by pandas' hash of the id text (with its fixed key), ties by the id: a sample of the
    passages with the lowest ranks keeps its members whatever else is in or out of the selection.
    """
    ids = np.asarray([str(i) for i in passage_ids], dtype=object)
    keys = pd.util.hash_array(ids, categorize=False)
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    tied = np.flatnonzero(ordered[1:] == ordered[:-1])
    if len(tied):  # a 64-bit hash shared by two ids: those ids in text order (vanishingly rare)
        order = np.lexsort((ids.astype(str), keys))
    rank = np.empty(len(ids), dtype=np.int64)
    rank[order] = np.arange(len(ids))
    return rank


def _sample_per_era(passages: pd.DataFrame, per_era: int | None) -> tuple[pd.DataFrame, set[str]]:
    """At most ``per_era`` passages of each era (in their order) and the eras sampled.

    The sample is the era's passages of lowest :func:`sample_rank` (the ``sample_rank`` column when the
    passages carry it): an era keeps the same sample whatever else a filter removes, so counts made for one
    selection serve the next.
    """
    if per_era is None or not len(passages):
        return passages, set()
    codes, labels = pd.factorize(passages["era"], sort=True)  # categorical eras: no string copies
    sizes = np.bincount(codes[codes >= 0], minlength=len(labels))
    if not (sizes > per_era).any():
        return passages, set()
    if SAMPLE_RANK in passages.columns:
        rank = passages[SAMPLE_RANK].to_numpy(dtype=np.int64)
    else:
        rank = sample_rank(passages["passage_id"].to_numpy(dtype=object))
    by_era = np.argsort(codes, kind="stable")
    starts = np.concatenate([[0], np.cumsum(np.bincount(codes + 1, minlength=len(labels) + 1))])
    positions = []
    for code in range(-1, len(labels)):
        rows = by_era[starts[code + 1]:starts[code + 2]]
        if code >= 0 and len(rows) > per_era:
            rows = rows[np.argsort(rank[rows], kind="stable")[:per_era]]
        positions.append(rows)
    sampled = {str(labels[code]) for code in np.flatnonzero(sizes > per_era)}
    return passages.iloc[np.sort(np.concatenate(positions))], sampled


def distinctive_terms_by_era(
    passages: pd.DataFrame,
    model: ThemeModel,
    *,
    top_n: int = 15,
    prior: float = 0.1,
    per_era: int | None = None,
    count_terms: Callable[[pd.DataFrame], object] | None = None,
) -> pd.DataFrame:
    """The terms that most set each era apart from all the other eras.

    Log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi &
    Quinn 2008, "Fightin' Words"): the prior for a term is ``prior`` times its
    count in the whole corpus, which shrinks rare terms instead of letting them
    top the list. Columns ``era, term, z, count`` (in the era) and
    ``passage_ids`` (the era's passages that use the term, up to 200).
    Duplicate and off-topic passages are left out. An era with more than
    ``per_era`` passages is represented by a fixed random sample of them (the
    same every time), which keeps a large corpus interactive; the column
    ``sampled`` says which eras were. ``count_terms`` may give the term counts
    of the chosen passages (rows in their order, ``model.count_terms`` of their
    text) from elsewhere, e.g. a cache of counts made once per passage.
    """
    from sklearn.utils.validation import check_is_fitted

    check_is_fitted(model, "vectorizer_")
    if not isinstance(passages, pd.DataFrame):
        raise TypeError(f"passages must be a DataFrame, got {type(passages).__name__}")
    if isinstance(top_n, bool) or not isinstance(top_n, (int, np.integer)) or top_n < 1:
        raise ValueError(f"top_n must be a positive integer, got {top_n!r}")
    if isinstance(prior, bool) or not isinstance(prior, (int, float)) or prior <= 0:
        raise ValueError(f"prior must be a positive number, got {prior!r}")
    if per_era is not None and (isinstance(per_era, bool) or not isinstance(per_era, (int, np.integer)) or per_era < 1):
        raise ValueError(f"per_era must be a positive integer or None, got {per_era!r}")
    chosen = passages[analysed_mask(passages) & passages["era"].notna().to_numpy()]
    chosen, sampled = _sample_per_era(chosen, per_era)
    eras = chosen["era"].astype(str).to_numpy()
    order = _era_order(chosen["era"])
    if len(order) < 2:
        return pd.DataFrame(columns=DISTINCTIVE_COLUMNS)
    if count_terms is None:
        counts = model.count_terms(chosen["text"].fillna("").astype(str).tolist()).tocsr()
    else:
        counts = count_terms(chosen).tocsr()
    names = model.feature_names()
    usable, name_rank = model.term_listing()
    total = np.asarray(counts.sum(axis=0)).ravel().astype(np.float64)
    alpha = prior * total + 1e-3
    ids = chosen["passage_id"].to_numpy()
    rows = []
    for era in order:
        inside = eras == era
        era_counts = np.asarray(counts[inside].sum(axis=0)).ravel().astype(np.float64)
        z = _log_odds_z(era_counts, total - era_counts, alpha)
        z = np.where(usable & (era_counts > 0), z, -np.inf)
        candidates = np.flatnonzero(np.isfinite(z) & (z > 0))
        ranked = candidates[np.lexsort((name_rank[candidates], -z[candidates]))][:top_n]  # by z, then by name
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
                    "sampled": era in sampled,
                }
            )
    return pd.DataFrame(rows, columns=DISTINCTIVE_COLUMNS)


# --- Theme shares over time, documents over time --------------------------------------------------------------

SERIES_COLUMNS = ["period", "start", "end", "x", "theme", "n_passages", "n_period_passages", "share", "low", "high"]
HISTOGRAM_COLUMNS = ["period", "start", "end", "date_method", "documents"]
#: A selection spanning at most this many years is counted per month rather than per year.
MONTHLY_MAX_YEARS = 2


def wilson_interval(k: np.ndarray | float, n: np.ndarray | float, *, z: float = 1.96) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for a proportion ``k / n`` (95 % for ``z = 1.96``); NaN where ``n`` is 0.

    Unlike the normal approximation it stays inside [0, 1] and is honest for
    small ``n`` and for shares near 0 or 1 (Wilson 1927; Brown, Cai & DasGupta 2001).
    """
    k = np.asarray(k, dtype=float)
    n = np.asarray(n, dtype=float)
    if np.any(k < 0) or np.any(k > n):
        raise ValueError("wilson_interval: k must lie between 0 and n")
    with np.errstate(divide="ignore", invalid="ignore"):
        p = k / n
        denominator = 1 + z * z / n
        centre = (p + z * z / (2 * n)) / denominator
        half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
        low, high = np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)
    empty = n <= 0
    return np.where(empty, np.nan, low), np.where(empty, np.nan, high)


def era_span(name: str, eras: Eras = DECADES) -> tuple[int, int] | None:
    """First and last year (inclusive) of an era: a named era's bounds, or a decade label such as ``"1990s"``."""
    for era in eras.named:
        if era.name == name:
            return era.start, era.end
    if not eras.named and isinstance(name, str) and re.fullmatch(r"-?\d{1,4}0s", name):
        start = int(name[:-1])
        return start, start + 9
    return None


def _periods(by: str, names: Sequence[str], eras: Eras) -> list[tuple[str, int, int]]:
    """Every period from the first to the last one present (label, first year, last year), gaps included."""
    if by == "year":
        years = sorted({int(n) for n in names})
        return [(str(y), y, y) for y in range(years[0], years[-1] + 1)] if years else []
    spans = {n: era_span(n, eras) for n in set(names)}
    known = sorted((s[0], s[1], n) for n, s in spans.items() if s is not None)
    if not known:
        return []
    first, last = known[0][0], known[-1][1]
    if eras.named:
        return [(e.name, e.start, e.end) for e in sorted(eras.named) if e.start >= first and e.end <= last]
    return [(f"{d}s", d, d + 9) for d in range(first, last + 1, 10)]


def _period_labels(passages: pd.DataFrame, by: str, include_excluded: bool) -> tuple[np.ndarray, np.ndarray]:
    """Which passages count (analysed, dated) and each one's period label ("" where it does not count)."""
    keep = np.ones(len(passages), dtype=bool)
    if not include_excluded:
        keep &= ~passages["duplicate"].to_numpy(dtype=bool) & ~passages["offtopic"].to_numpy(dtype=bool)
    if by == "year":
        first = pd.to_numeric(passages["year_min"], errors="coerce").to_numpy(dtype=float)
        last = pd.to_numeric(passages["year_max"], errors="coerce").to_numpy(dtype=float)
        with np.errstate(invalid="ignore"):
            keep &= np.isfinite(first) & (first == last)
        years, inverse = np.unique(np.where(keep, first, 0.0), return_inverse=True)
        names = np.array([str(int(y)) for y in years], dtype=object)
        labels = np.where(keep, names[inverse.ravel()], "")
    else:
        codes, uniques = pd.factorize(passages["era"])  # a label per distinct era, not per passage
        keep &= codes >= 0
        names = np.array([str(u) for u in uniques] + [""], dtype=object)
        labels = names[np.where(keep, codes, -1)]
    return keep, labels.astype(object)


def theme_shares_over_time(
    passages: pd.DataFrame,
    membership: pd.DataFrame,
    *,
    by: str = "era",
    eras: Eras = DECADES,
    include_excluded: bool = False,
    z: float = 1.96,
) -> pd.DataFrame:
    """Each theme's share of *all* analysed passages of each era or year, with a Wilson interval.

    ``passages`` (passage_id, era, year_min, year_max, duplicate, offtopic) is
    the selection whose make-up is measured — pass it *without* a theme filter,
    or every share becomes 100 %. ``membership`` is a boolean frame, one column
    per theme, its rows aligned with ``passages`` by position. ``by="year"``
    uses passages whose document is dated to a single year.

    One row per period and theme, every period from the first to the last one
    present: a period with no passages has ``n_period_passages`` 0 and NaN
    shares, so a chart can show the gap. Columns: ``period, start, end`` (first
    and last year), ``x`` (the period's midpoint on a year axis), ``theme,
    n_passages`` (passages of the period carrying the theme),
    ``n_period_passages`` (the denominator), ``share, low, high``.
    """
    if by not in ("era", "year"):
        raise ValueError(f"by must be 'era' or 'year', got {by!r}")
    if not isinstance(passages, pd.DataFrame) or not isinstance(membership, pd.DataFrame):
        raise TypeError("passages and membership must be DataFrames")
    if len(passages) != len(membership):
        raise ValueError(f"membership has {len(membership)} rows for {len(passages)} passages; align them first")
    keep, labels = _period_labels(passages, by, include_excluded)
    rows = membership.to_numpy(dtype=bool)[keep]
    labels = labels[keep]
    periods = _periods(by, sorted(set(labels)), eras)
    themes = [str(c) for c in membership.columns]
    if not periods or not themes:
        return pd.DataFrame(columns=SERIES_COLUMNS)
    index = {name: i for i, (name, _, _) in enumerate(periods)}
    label_codes, distinct = pd.factorize(labels)
    codes = np.array([index.get(label, -1) for label in distinct] + [-1], dtype=int)[label_codes]
    inside = codes >= 0
    totals = np.bincount(codes[inside], minlength=len(periods)).astype(float)
    counts = np.zeros((len(periods), len(themes)))
    inside_codes = codes[inside]
    for j, column in enumerate(np.ascontiguousarray(rows[inside].T)):  # one theme's passages at a time
        counts[:, j] = np.bincount(inside_codes[column], minlength=len(periods))
    n = np.repeat(totals, len(themes))
    k = counts.ravel()
    low, high = wilson_interval(k, n, z=z)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(n > 0, k / n, np.nan)
    starts = np.array([s for _, s, _ in periods])
    ends = np.array([e for _, _, e in periods])
    return pd.DataFrame({
        "period": np.repeat([p for p, _, _ in periods], len(themes)),
        "start": np.repeat(starts, len(themes)),
        "end": np.repeat(ends, len(themes)),
        "x": np.repeat((starts + ends + 1) / 2.0, len(themes)),
        "theme": np.tile(themes, len(periods)),
        "n_passages": k.astype("int64"),
        "n_period_passages": n.astype("int64"),
        "share": share, "low": low, "high": high,
    }, columns=SERIES_COLUMNS)


TERM_COLUMNS = ["period", "start", "end", "x", "term", "hits", "n_words", "per_10k"]
_WORD = r"\w+"


def passage_words(texts: pd.Series) -> np.ndarray:
    """Words per text, as term frequencies count them (runs of word characters); stored with a build's passages."""
    return texts.fillna("").astype(str).str.count(_WORD).to_numpy(dtype=np.int32)


def _chunk_words(texts: pd.Series) -> np.ndarray:
    """:func:`passage_words` of one chunk on a worker, which then hands the chunk's memory back."""
    from .workers import release_memory

    words = passage_words(texts)
    release_memory()
    return words


#: Texts whose words one task counts (see :func:`start_passage_words`).
WORDS_CHUNK = 20_000


def start_passage_words(texts: pd.Series, scheduler=None) -> Callable[[], np.ndarray]:
    """:func:`passage_words` of ``texts``, started now a chunk at a time on a scheduler's workers
    (:mod:`alliance_data.workers`); call the returned function for the counts, the same as counted here.

    A build starts it once its themes are fitted: the workers count while this process works out the views.
    """
    from .workers import submit

    count = passage_words if scheduler is None else _chunk_words
    pending = [submit(scheduler, count, texts.iloc[start:start + WORDS_CHUNK])
               for start in range(0, len(texts), WORDS_CHUNK)]

    def result() -> np.ndarray:
        return np.concatenate([p.result() for p in pending]) if pending else np.zeros(0, dtype=np.int32)

    return result


def term_frequency_over_time(
    passages: pd.DataFrame,
    terms: Sequence[str],
    *,
    by: str = "year",
    eras: Eras = DECADES,
    include_excluded: bool = False,
) -> pd.DataFrame:
    """How often each term (a word or phrase, whole words, any case) occurs per 10,000 words, per year or era.

    The denominator is every word of the period's analysed passages in ``passages`` (their ``n_words``
    column when they carry one: :func:`passage_words`, counted once per build). A passage holding none of
    the terms may come with an empty text (a large corpus reads only the texts that hold one).
    One row per period and term, every period from the first to the last present
    (``per_10k`` NaN where a period has no words). Columns: ``period, start, end,
    x, term, hits, n_words, per_10k``.
    """
    from .search import term_pattern

    if by not in ("era", "year"):
        raise ValueError(f"by must be 'era' or 'year', got {by!r}")
    if isinstance(terms, str):
        raise TypeError("terms must be a sequence of terms, not a single str")
    terms = list(dict.fromkeys(t.strip() for t in terms if t and t.strip()))
    keep, labels = _period_labels(passages, by, include_excluded)
    periods = _periods(by, sorted(set(labels[keep])), eras)
    if not periods or not terms:
        return pd.DataFrame(columns=TERM_COLUMNS)
    texts = passages["text"].fillna("").astype(str)[keep]
    index = {name: i for i, (name, _, _) in enumerate(periods)}
    codes = np.array([index.get(label, -1) for label in labels[keep]], dtype=int)
    inside = codes >= 0
    words = np.zeros(len(periods))
    counted = passages["n_words"].to_numpy()[keep] if "n_words" in passages.columns else passage_words(texts)
    np.add.at(words, codes[inside], counted.astype(float)[inside])
    rows = []
    for term in terms:
        hits = np.zeros(len(periods))
        np.add.at(hits, codes[inside], texts.str.count(term_pattern(term)).to_numpy(dtype=float)[inside])
        with np.errstate(divide="ignore", invalid="ignore"):
            rate = np.where(words > 0, hits / words * 10_000, np.nan)
        for (name, start, end), h, w, r in zip(periods, hits, words, rate):
            rows.append({"period": name, "start": start, "end": end, "x": (start + end + 1) / 2.0, "term": term,
                         "hits": int(h), "n_words": int(w), "per_10k": r})
    return pd.DataFrame(rows, columns=TERM_COLUMNS)


def _period_start(stamp: pd.Timestamp, unit: str) -> pd.Timestamp:
    return pd.Timestamp(stamp.year, stamp.month if unit == "month" else 1, 1)


def _next_period(stamp: pd.Timestamp, unit: str) -> pd.Timestamp:
    if unit == "month":
        return pd.Timestamp(stamp.year + (stamp.month == 12), stamp.month % 12 + 1, 1)
    return pd.Timestamp(stamp.year + 1, 1, 1)


def histogram_unit(documents: pd.DataFrame) -> str:
    """``"month"`` when the dated documents span at most ``MONTHLY_MAX_YEARS`` years, else ``"year"``."""
    years = pd.to_numeric(pd.concat([documents["date_min"], documents["date_max"]]).astype("string").str.slice(0, 4),
                          errors="coerce").dropna()
    if years.empty:
        return "year"
    return "month" if years.max() - years.min() < MONTHLY_MAX_YEARS else "year"


def documents_over_time(documents: pd.DataFrame, *, unit: str | None = None) -> pd.DataFrame:
    """Documents per year (or month) and date method; a document dated to a range spreads its weight of 1.

    A document known only to lie between ``date_min`` and ``date_max`` counts
    in every period of that range, in proportion to the days it covers there,
    so its weight sums to 1 and no year is credited with a date nobody knows.
    Undated documents are left out. ``unit``: "year", "month" or None (chosen
    by :func:`histogram_unit`). Columns: ``period`` (label), ``start, end``
    (timestamps, end exclusive), ``date_method``, ``documents`` (weight).
    Every period from the first to the last is present for each method (0 where empty).
    """
    if unit is None:
        unit = histogram_unit(documents)
    if unit not in ("year", "month"):
        raise ValueError(f"unit must be 'year' or 'month', got {unit!r}")
    first = pd.to_datetime(documents["date_min"], errors="coerce")
    last = pd.to_datetime(documents["date_max"], errors="coerce")
    method = documents["date_method"].fillna("unknown").astype(str) if "date_method" in documents.columns \
        else pd.Series("unknown", index=documents.index)
    ok = first.notna() & last.notna()
    if not ok.any():
        return pd.DataFrame(columns=HISTOGRAM_COLUMNS)
    weights: dict[tuple[pd.Timestamp, str], float] = {}
    # Documents sharing a date range and method spread alike: each distinct range is walked once.
    ranges = pd.DataFrame({"first": first[ok], "last": last[ok], "method": method[ok]}).value_counts(sort=False)
    for (start, end, how), count in ranges.items():
        start, end = min(start, end), max(start, end) + pd.Timedelta(days=1)
        span = (end - start).days
        period = _period_start(start, unit)
        while period < end:
            following = _next_period(period, unit)
            days = (min(end, following) - max(start, period)).days
            if days > 0:
                weights[(period, how)] = weights.get((period, how), 0.0) + count * days / span
            period = following
    periods = [min(p for p, _ in weights)]
    while periods[-1] < max(p for p, _ in weights):
        periods.append(_next_period(periods[-1], unit))
    methods = sorted({m for _, m in weights})
    rows = [{"period": str(p.year) if unit == "year" else f"{p.year}-{p.month:02d}", "start": p,
             "end": _next_period(p, unit), "date_method": m, "documents": weights.get((p, m), 0.0)}
            for m in methods for p in periods]
    return pd.DataFrame(rows, columns=HISTOGRAM_COLUMNS)

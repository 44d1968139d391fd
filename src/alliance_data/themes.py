"""Themes: named and discovered, the tables the dashboard reads, and their export.

``fit_corpus_themes`` fits a ``ThemeModel`` on the passages that shape
statistics (neither duplicate nor off-topic), scores and clusters every
passage, lays out the passage map and returns the ``ThemeTables`` described in
docs/data-model.md. The era, alignment and colour helpers live in their own
modules and are re-exported here, so ``alliance_data.themes`` is the one place
to import from.
"""

from __future__ import annotations

import math
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Callable, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd
from sklearn.manifold import TSNE
from sklearn.utils.validation import check_is_fitted

from .align import Alignment, align_passages
from .colors import theme_colors
from .shifts import distinctive_terms_by_era, theme_shares_by_era
from .term_counts import TextRows
from .theme_config import NamedTheme, ThemeConfig, load_theme_config
from .theme_model import Progress, ThemeModel, _passages_of, _report, analysed_mask, auto_n_clusters, single_thread
from .workers import in_threads, release_memory, release_worker_memory, submit

__all__ = [
    "NamedTheme",
    "ThemeConfig",
    "load_theme_config",
    "ThemeModel",
    "ThemeTables",
    "fit_corpus_themes",
    "theme_colors",
    "theme_shares_by_era",
    "distinctive_terms_by_era",
    "Alignment",
    "align_passages",
    "passage_map",
    "export_theme_records",
    "analysed_mask",
    "auto_n_clusters",
    "THEME_COLUMNS",
    "ASSIGNMENT_COLUMNS",
    "themes_in_context",
    "explain_theme",
    "theme_explanations",
]

THEME_COLUMNS = ["theme_id", "name", "kind", "description", "terms", "n_passages", "stability", "color"]
ASSIGNMENT_COLUMNS = ["passage_id", "themes", "theme_scores", "theme_reasons", "cluster", "primary_theme", "x", "y"]
_SCORE_FLOOR = 0.01  # scores below this are left out of theme_scores


#: Reading a passage in its context. A passage's own words carry a named theme when its score reaches the
#: model's ``min_score``. A passage whose own words only hint at the theme (a score of at least
#: ``CONTEXT_HINT`` × min_score: one seed word such as "command", or a seed phrase) carries it too when the
#: passage next to it carries it on its own words, or when its article is about the theme: at least
#: ``CONTEXT_ARTICLE_SHARE`` of the article's analysed passages, and at least ``CONTEXT_ARTICLE_MIN`` of
#: them, carry it on their own words. A passage with no hint at all gets nothing from its context: a
#: sentence on export rules between two on Patriot interceptors is not about missile defense. Context never
#: removes a theme.
CONTEXT_HINT = 0.4
CONTEXT_ARTICLE_SHARE = 0.2
CONTEXT_ARTICLE_MIN = 2

#: Why a passage carries a theme, as stored in ``theme_reasons``.
REASON_WORDS = "its own words"
REASON_NEIGHBOUR = "a hint in its own words, beside a passage on the theme"
REASON_ARTICLE = "a hint in its own words, in an article about the theme"


def themes_in_context(
    passages: pd.DataFrame, scores: np.ndarray, names: Sequence[str], min_score: float, analysed: np.ndarray
) -> tuple[list[list[str]], list[dict[str, str]]]:
    """Named themes per passage read with its neighbours and its article, and why each was given.

    ``scores`` holds the own-words scores (passages × ``names``). Neighbours and articles are taken over the
    ``analysed`` passages of each document in reading order; other passages (copies, off-topic) keep their
    own-words themes. Returns, per passage, the themes strongest first and ``{theme: reason}``.
    """
    scores = np.asarray(scores, dtype=np.float64)
    n, k = scores.shape if scores.ndim == 2 else (len(passages), 0)
    own = scores >= min_score
    carried = own.copy()
    reason = own.astype(np.int8)  # 1 words, 2 neighbour, 3 article
    rows = np.flatnonzero(np.asarray(analysed, dtype=bool))
    if len(rows) and k:
        # Each document as its id's rank among the ids: the same order as the ids, sorted as numbers.
        ranks = pd.factorize(passages["doc_id"].astype(str), sort=True)[0]
        positions = pd.to_numeric(passages["position"], errors="coerce").fillna(0).to_numpy()[rows]
        order = rows[np.lexsort((positions, ranks[rows]))]
        doc = ranks[order]
        hit = own[order]
        hint = scores[order] >= CONTEXT_HINT * min_score
        same_prev = np.r_[False, doc[1:] == doc[:-1]]
        same_next = np.r_[doc[:-1] == doc[1:], False]
        prev_hit = np.zeros_like(hit)
        prev_hit[1:] = hit[:-1]
        prev_hit &= same_prev[:, None]
        next_hit = np.zeros_like(hit)
        next_hit[:-1] = hit[1:]
        next_hit &= same_next[:, None]
        codes, starts = np.unique(doc, return_index=True)
        group = np.searchsorted(codes, doc)
        on_theme = np.add.reduceat(hit.astype(np.int32), starts, axis=0)
        sizes = np.diff(np.r_[starts, len(doc)])  # rows are sorted by document, so starts ascend
        about = (on_theme >= CONTEXT_ARTICLE_MIN) & (on_theme >= CONTEXT_ARTICLE_SHARE * sizes[:, None])
        article = about[group]
        by_neighbour = ~hit & hint & (prev_hit | next_hit)
        by_article = ~hit & hint & ~by_neighbour & article
        extra = by_neighbour | by_article
        carried[order] |= extra
        # A passage's theme carried by its context is none of its own words' (reason 0 there): its reason is added.
        reason[order] += by_neighbour.astype(np.int8) * np.int8(2) + by_article.astype(np.int8) * np.int8(3)
    labels = {1: REASON_WORDS, 2: REASON_NEIGHBOUR, 3: REASON_ARTICLE}
    themes: list[list[str]] = [[] for _ in range(n)]
    reasons: list[dict[str, str]] = [{} for _ in range(n)]
    rows = np.flatnonzero(carried.any(axis=1)) if k else np.zeros(0, dtype=np.int64)
    ranked = np.argsort(-scores[rows], axis=1, kind="stable")  # strongest first
    kept = np.take_along_axis(carried[rows], ranked, axis=1)
    why = np.take_along_axis(reason[rows], ranked, axis=1)
    # The kept cells only, row by row and strongest first within a row (np.nonzero reads the rows in order).
    at, rank = np.nonzero(kept)
    theme_names = np.asarray(list(names), dtype=object)[ranked[at, rank]].tolist()
    reason_names = np.asarray([None, *(labels[w] for w in (1, 2, 3))], dtype=object)[why[at, rank]].tolist()
    bounds = np.searchsorted(at, np.arange(len(rows) + 1)).tolist()
    for i, start, end in zip(rows.tolist(), bounds, bounds[1:]):
        themes[i] = theme_names[start:end]
        reasons[i] = dict(zip(theme_names[start:end], reason_names[start:end]))
    return themes, reasons


def explain_theme(reason: str, terms: Sequence[str] = ()) -> str:
    """A reader's sentence for why a passage carries a theme: the stored reason and the words behind it."""
    words = ", ".join(f"“{t}”" for t in terms)
    if reason == REASON_WORDS:
        return f"its own words: {words}" if words else reason
    if reason in (REASON_NEIGHBOUR, REASON_ARTICLE) and words:
        return reason.replace("a hint in its own words", f"a hint in its own words ({words})")
    return reason


def theme_explanations(
    passages: pd.DataFrame, assignments: pd.DataFrame, model: ThemeModel | None = None
) -> dict[str, str]:
    """``passage_id →`` one line saying why the passage carries each of its named themes ("" for none).

    ``passages`` holds ``passage_id`` and ``text``; ``assignments`` the theme table's rows (``themes``,
    ``theme_reasons``). With the fitted ``model`` the line names the seed terms found in the passage's words.
    """
    ids = passages["passage_id"].tolist()
    found = assignments.set_index("passage_id").reindex(ids)
    themes = [t if isinstance(t, (list, tuple)) else [] for t in found["themes"]]
    reasons = [r if isinstance(r, dict) else {} for r in found["theme_reasons"]]
    return dict(zip(ids, _explanations(passages["text"].tolist(), themes, reasons, model)))


def _explanations(
    texts: list[str], themes: list[list[str]], reasons: list[dict], model: ThemeModel | None
) -> list[str]:
    words: dict[tuple[int, str], list[str]] = {}
    if model is not None:
        for theme in sorted({t for row in themes for t in row if t in getattr(model, "theme_names_", ())}):
            rows = [i for i, row in enumerate(themes) if theme in row]
            for i, found in zip(rows, model.matched_terms([texts[i] for i in rows], theme)):
                words[(i, theme)] = found
    lines = []
    for i, row in enumerate(themes):
        why = reasons[i] if isinstance(reasons[i], dict) else {}
        lines.append("; ".join(f"{t}: {explain_theme(str(why.get(t, REASON_WORDS)), words.get((i, t), ()))}"
                               for t in row))
    return lines


@dataclass(frozen=True)
class ThemeTables:
    """The theme tables of one corpus (see docs/data-model.md)."""

    themes: pd.DataFrame
    assignments: pd.DataFrame
    model: ThemeModel
    #: Each passage's words as :func:`alliance_data.shifts.passage_words` counts them, found while its terms
    #: were counted (None when the model's tokens are not runs of word characters).
    passage_words: np.ndarray | None = None

    @property
    def colors(self) -> dict[str, str]:
        return dict(zip(self.themes["name"], self.themes["color"]))


#: Fewer distinct points than this, or points this close together, are laid out round a circle instead of by
#: t-SNE: scikit-learn's PCA start divides by the spread of the points, and Barnes-Hut crashes the process
#: (a segmentation fault, not an exception) when that spread is zero.
_MIN_TSNE_POINTS = 5
#: Passages laid out by t-SNE on the map; the others are placed from their nearest ones.
_MAX_TSNE = 1_000
_MIN_TSNE_SPREAD = 1e-9
#: t-SNE's iterations: 250 of early exaggeration and 500 more (openTSNE's default). On a thousand UN passages the
#: layout's KL divergence was 1.433 against 1.430 after scikit-learn's default of 1,000, in two thirds of the time
#: (3.4 s against 5.2 s on one core).
_TSNE_ITERATIONS = 750
#: Rows of a block of the map's similarities partitioned at a time to find each row's nearest laid-out passages.
_PARTITION_ROWS = 1_000


def _circle(m: int) -> np.ndarray:
    """``m`` points evenly round a unit circle, in order (one point sits at the origin)."""
    if m <= 1:
        return np.zeros((m, 2))
    angles = 2 * np.pi * np.arange(m) / m
    return np.column_stack([np.cos(angles), np.sin(angles)])


def _tsne(points: np.ndarray, random_state: int) -> np.ndarray:
    """A deterministic 2-D layout of ``points``; identical points share one position.

    t-SNE runs on the distinct rows only; too few of them, or rows with no spread,
    fall back to a circle, so no input can reach the degenerate case that kills the process.
    """
    points = np.nan_to_num(np.asarray(points, dtype=np.float64), nan=0.0, posinf=0.0, neginf=0.0)
    m = points.shape[0]
    if m == 0:
        return np.zeros((0, 2))
    distinct, inverse = np.unique(np.round(points, 9), axis=0, return_inverse=True)
    inverse = inverse.reshape(-1)
    spread = float(distinct.std(axis=0).max()) if distinct.shape[0] > 1 else 0.0
    if distinct.shape[0] < _MIN_TSNE_POINTS or spread < _MIN_TSNE_SPREAD:
        return _circle(distinct.shape[0])[inverse]
    perplexity = float(min(30.0, max(2.0, (distinct.shape[0] - 1) / 3.0)))
    tsne = TSNE(n_components=2, perplexity=perplexity, init="pca", learning_rate="auto", max_iter=_TSNE_ITERATIONS,
                random_state=random_state)
    return tsne.fit_transform(distinct)[inverse]


def anchor_rows(n: int, max_tsne: int, random_state: int) -> np.ndarray:
    """Which of ``n`` passages t-SNE lays out (their ranks, ascending): all, or a fixed sample of ``max_tsne``."""
    if n > max_tsne:
        return np.sort(np.random.default_rng(random_state).choice(n, size=max_tsne, replace=False))
    return np.arange(n)


def _map_anchors(mask: np.ndarray, max_tsne: int, random_state: int) -> np.ndarray:
    """The passages t-SNE lays out: those of ``mask``, or a fixed sample of ``max_tsne`` of them."""
    shaping = np.flatnonzero(mask)
    return shaping[anchor_rows(len(shaping), max_tsne, random_state)]


def _layout(points: np.ndarray, random_state: int) -> np.ndarray:
    """:func:`_tsne` on one thread (it may run in a worker process)."""
    release_worker_memory()
    with single_thread():
        return _tsne(points, random_state)


def smallest_k(values: np.ndarray, k: int) -> np.ndarray:
    """The columns of each row's ``k`` smallest values, in ascending column order; of equal values at the edge, the
    first columns. Each row's choice is its own (the same in any block of rows).

    The k-th smallest value is found by a partition of the values alone, and the columns at or below it by a
    comparison: some five times quicker than partitioning the columns (``np.argpartition``), which on half a million
    passages and a thousand laid-out ones took seven seconds. A row with ties at the edge, or with a NaN, is ordered
    whole (stable, NaN last).
    """
    n, m = values.shape
    if n == 0 or k >= m:
        return np.tile(np.arange(min(k, m)), (n, 1))
    kth = np.partition(values, k - 1, axis=1)[:, k - 1 : k]
    below = values <= kth
    regular = below.sum(axis=1) == k  # else ties at the k-th value, or a NaN (no value compares to it)
    below[~regular] = False  # those rows are ordered whole below
    nearest = np.empty((n, k), dtype=np.int64)
    nearest[regular] = np.flatnonzero(below).reshape(-1, k) % m
    nearest[~regular] = np.sort(np.argsort(values[~regular], axis=1, kind="stable")[:, :k], axis=1)
    return nearest


def _place(points: np.ndarray, anchors: np.ndarray, anchor_xy: np.ndarray, k: int = 5, chunk: int = 20_000,
           rows: np.ndarray | None = None) -> np.ndarray:
    """Coordinates for ``points`` (or for those of its ``rows``, in their order) from their nearest anchors
    (cosine), similarity-weighted.

    Blocks of points are placed side by side in threads (NumPy lets go of the interpreter in its
    products and partitions); each block's result is the same whichever thread computes it. Given ``rows``,
    each block's points are taken from ``points`` as it is placed, so no copy of all of them is made.
    The nearest anchors are found by products in float32; their similarities, which weigh them, are worked out
    again row by row in float64. BLAS sums a row's products in an order that depends on the block it sits in: in
    float32 that moved about one placed passage in 200 by a step of its rounded coordinates between two blocks
    (the same passages placed a part of a corpus at a time, or all at once).
    """
    n = points.shape[0] if rows is None else len(rows)
    out = np.zeros((n, 2))
    if n == 0:
        return out
    k = max(1, min(k, anchors.shape[0]))

    # The similarities come negated, as the partition wants them, from the negated anchors: negation is exact,
    # so the products are the very negatives of the similarities (and no negated copy of each block is made).
    negated = -anchors
    exact = np.asarray(anchors, dtype=np.float64)

    def block(start: int) -> np.ndarray:
        return points[start : start + chunk] if rows is None else points[rows[start : start + chunk]]

    def place(start: int) -> None:
        points_here = block(start)
        if k < anchors.shape[0]:
            far = points_here @ negated.T
            # A few rows at a time: the block's tables of flags and places are never held at once.
            nearest = np.concatenate([smallest_k(far[i : i + _PARTITION_ROWS], k)
                                      for i in range(0, far.shape[0], _PARTITION_ROWS)])
            del far
        else:
            nearest = np.tile(np.arange(k), (points_here.shape[0], 1))
        # the nearest anchors' similarities again, row by row in float64 (see above)
        near = np.einsum("nd,nkd->nk", points_here.astype(np.float64), exact[nearest])
        weights = np.maximum(near, 0.0) + 1e-6
        weights /= weights.sum(axis=1, keepdims=True)
        out[start : start + chunk] = np.einsum("nk,nkd->nd", weights, anchor_xy[nearest])

    in_threads(place, range(0, n, chunk))
    return out


def passage_map(
    passages: pd.DataFrame,
    model: ThemeModel,
    *,
    fit_mask: Sequence[bool] | np.ndarray | None = None,
    random_state: int = 0,
    max_tsne: int = _MAX_TSNE,
    embedding: np.ndarray | None = None,
    anchor_xy: np.ndarray | None = None,
) -> pd.DataFrame:
    """Deterministic 2-D coordinates (``passage_id, x, y``) for a passage map.

    t-SNE (``init='pca'``, fixed seed) on the LSA projection of the passages
    that shape the layout (``fit_mask``; default: neither duplicate nor
    off-topic). Above ``max_tsne`` such passages, t-SNE runs on a fixed sample
    and every other passage is placed at the similarity-weighted mean of its
    five nearest laid-out neighbours, which keeps half a million passages fast.
    ``anchor_xy``: the t-SNE layout of those passages, when already computed.
    """
    passages = _passages_of(passages)
    check_is_fitted(model, "cluster_centers_")
    if embedding is None:
        embedding = model.embed(passages["text"].tolist())
    n = len(passages)
    mask = analysed_mask(passages) if fit_mask is None else np.asarray(fit_mask, dtype=bool)
    if mask.shape[0] != n:
        raise ValueError(f"fit_mask has {mask.shape[0]} values for {n} passages")
    if not mask.any():
        mask = np.ones(n, dtype=bool)
    anchors = _map_anchors(mask, max_tsne, random_state)
    xy = np.zeros((n, 2))
    if n:
        xy[anchors] = _layout(embedding[anchors], random_state) if anchor_xy is None else anchor_xy
        rest = np.setdiff1d(np.arange(n), anchors, assume_unique=True)
        xy[rest] = _place(embedding, embedding[anchors], xy[anchors], rows=rest)
    return map_frame(passages["passage_id"], xy)


def map_frame(passage_ids: pd.Series, xy: np.ndarray) -> pd.DataFrame:
    """The map's table (``passage_id, x, y``) from the passages' coordinates, rounded as stored."""
    return pd.DataFrame({"passage_id": _column_values(passage_ids), "x": np.round(xy[:, 0], 4),
                         "y": np.round(xy[:, 1], 4)})


#: The passages' columns :func:`fit_corpus_themes` reads (a caller reading passages back for it needs no other).
FIT_COLUMNS = ("passage_id", "doc_id", "position", "text", "duplicate", "offtopic")


def fit_corpus_themes(
    corpus_or_passages,
    config: ThemeConfig | None = None,
    *,
    random_state: int = 0,
    progress: Progress | None = None,
    scheduler=None,
    on_passage_words: Callable[[np.ndarray], None] | None = None,
    **model_params,
) -> ThemeTables:
    """Fit the theme model on a corpus and build its theme tables.

    Accepts a ``Corpus`` (uses ``.passages``) or a passages DataFrame. Only
    passages that are neither duplicate nor off-topic shape the model; every
    passage is scored and placed on the map. With a ``scheduler`` (a build's
    :class:`~alliance_data.workers.ProcessScheduler` or a Dask cluster's) the
    terms are counted in its workers; the tables are the same. ``on_passage_words`` is handed every
    passage's words (``ThemeTables.passage_words``) as soon as they are counted, while the model is fitted.
    """
    passages = _passages_of(corpus_or_passages)
    mask = analysed_mask(passages)
    # The texts stay in their column's array (Arrow for a pandas string column): sliced and sent to the
    # workers a chunk at a time, never turned into half a million Python strings here, and the training
    # passages read as rows of it rather than copied out of it.
    texts = passages["text"].fillna("").astype(str).array
    train_rows, other_rows = np.flatnonzero(mask), np.flatnonzero(~mask)
    train = TextRows(texts, train_rows)
    other_texts = TextRows(texts, other_rows)
    del texts
    if len(train) == 0:
        raise ValueError("no passages to fit themes on: every passage is duplicate or off-topic (or there are none)")
    model = ThemeModel(config=config, random_state=random_state, **model_params)
    groups = passages.loc[mask, "doc_id"].tolist() if "doc_id" in passages.columns else None
    anchors = _map_anchors(mask, _MAX_TSNE, random_state)
    layout = []

    def start_layout(embed_rows: Callable[[np.ndarray], np.ndarray]) -> None:
        # The map's t-SNE needs only the laid-out passages' coordinates: they are projected first, and the t-SNE
        # runs on a worker while this process projects the other passages and fits the clusters.
        layout.append(submit(scheduler, _layout, embed_rows(np.searchsorted(train_rows, anchors)), random_state))

    n = len(passages)
    words = None  # every passage's words, in the passages' order, once counted

    def counted(train_words: np.ndarray | None, other_words: np.ndarray | None) -> None:
        nonlocal words
        if train_words is None:
            return
        words = np.zeros(n, dtype=np.int32)
        words[train_rows] = train_words
        if len(other_rows):
            words[other_rows] = other_words
        if on_passage_words is not None:
            on_passage_words(words)

    # The passages outside the model are counted with the training passages, in the same round of the workers.
    arrays = model._fit_arrays(train, progress=progress, groups=groups, scheduler=scheduler, on_projection=start_layout,
                               also=other_texts if len(other_rows) else None, on_counted=counted)
    del train, groups
    scores = np.zeros((n, len(model.theme_names_)))
    scores[train_rows] = model.named_scores_
    embedding = np.zeros((n, arrays["embedding"].shape[1]), dtype=np.float32)
    embedding[train_rows] = arrays["embedding"]
    cluster_index = np.zeros(n, dtype=np.int64)
    cluster_index[train_rows] = model.labels_
    if len(other_rows):
        scores[other_rows] = arrays["also"]["scores"]
        embedding[other_rows] = arrays["also"]["embedding"]
        cluster_index[other_rows] = model._predict_index(embedding[other_rows])
    del arrays, other_texts
    release_memory()

    def lay_out() -> pd.DataFrame:
        return passage_map(passages, model, fit_mask=mask, random_state=random_state, embedding=embedding,
                           max_tsne=_MAX_TSNE, anchor_xy=layout[0].result() if layout else None)

    # The map is laid out in threads (its products let go of the interpreter) once its t-SNE is back, while this
    # thread reads each passage's named themes in its context, which does not depend on the map.
    _report(progress, 0.88, "Laying out the passage map")
    with single_thread(), ThreadPoolExecutor(max_workers=1) as thread:
        laid_out = thread.submit(lay_out)
        _report(progress, 0.97, "Building theme tables")
        assigned, reasons = themes_in_context(passages, scores, model.theme_names_, model.min_score_, mask)
        themes = _themes_table(model, carried_counts(assigned[i] for i in train_rows))
        assignments = _assignments_table(passages, model, scores, assigned, reasons, cluster_index,
                                         laid_out.result)
    _report(progress, 1.0, "Themes ready")
    return ThemeTables(themes=themes, assignments=assignments, model=model, passage_words=words)


def carried_counts(themes: Iterable[list[str]]) -> Counter:
    """How many passages carry each named theme, from each passage's themes: summed over parts of the passages,
    the count over all of them."""
    return Counter(t for carried in themes for t in carried)


def _themes_table(model: ThemeModel, carried: Mapping[str, int]) -> pd.DataFrame:
    """The themes table; ``carried``: how many training passages carry each named theme (:func:`carried_counts`)."""
    config = model.config_
    rows = []
    for theme in config.themes:
        rows.append(
            {
                "theme_id": theme.theme_id,
                "name": theme.name,
                "kind": "named",
                "description": theme.description,
                "terms": list(theme.all_terms),
                "n_passages": int(carried.get(theme.name, 0)),
                "stability": None,
            }
        )
    for i, theme_id in enumerate(model.cluster_ids_):
        terms = model.cluster_terms_[i]
        stability = model.stability_[i]
        rows.append(
            {
                "theme_id": theme_id,
                "name": model.cluster_labels_[i],
                "kind": "discovered",
                "description": "Discovered: passages that share terms such as " + ", ".join(terms[:6]) if terms else "Discovered theme",
                "terms": list(terms),
                "n_passages": int(model.cluster_sizes_[i]),
                "stability": None if np.isnan(stability) else round(float(stability), 4),
            }
        )
    table = pd.DataFrame(rows, columns=THEME_COLUMNS[:-1])
    colors = theme_colors(table["name"].tolist())
    table["color"] = table["name"].map(colors)
    return table.astype({"n_passages": "int64"})


def _column_values(column: pd.Series):
    """A column's values for a new frame: a string column of pandas' default kind as it is (its Arrow array, not
    one Python string per row converted back), any other as a NumPy array, which the new frame infers the same way."""
    dtype = column.dtype
    if isinstance(dtype, pd.StringDtype) and dtype == pd.StringDtype("pyarrow", na_value=np.nan):
        return column.array
    return column.to_numpy()


def _assignments_table(
    passages: pd.DataFrame, model: ThemeModel, scores: np.ndarray, assigned: list[list[str]],
    reasons: list[dict[str, str]], cluster_index: np.ndarray, map_coords: Callable[[], pd.DataFrame]
) -> pd.DataFrame:
    """The assignments table; ``map_coords`` gives the map's coordinates, asked for once the rest is worked out."""
    names = model.theme_names_
    rounded = np.round(scores, 4)
    score_dicts: list[dict[str, float]] = [{} for _ in range(len(rounded))]
    rows, columns = np.nonzero(rounded >= _SCORE_FLOOR)  # row by row, themes in order within a row
    for i, j, value in zip(rows.tolist(), columns.tolist(), rounded[rows, columns].tolist()):
        score_dicts[i][names[j]] = value
    cluster_ids = np.array(model.cluster_ids_, dtype=object)[cluster_index]
    cluster_labels = np.array(model.cluster_labels_, dtype=object)[cluster_index]
    primary = [hits[0] if hits else label for hits, label in zip(assigned, cluster_labels)]
    coords = map_coords()
    return pd.DataFrame(
        {
            "passage_id": _column_values(passages["passage_id"]),
            "themes": assigned,
            "theme_scores": score_dicts,
            "theme_reasons": reasons,
            "cluster": cluster_ids,
            "primary_theme": primary,
            "x": coords["x"].to_numpy(),
            "y": coords["y"].to_numpy(),
        },
        columns=ASSIGNMENT_COLUMNS,
    ).reset_index(drop=True)


def export_theme_records(tables: ThemeTables) -> tuple[list[dict], dict[str, dict]]:
    """JSON-safe export: ``themes.jsonl`` rows, and ``passage_id → {themes, theme_scores, theme_reasons}``."""
    records = []
    for row in tables.themes.itertuples(index=False):
        stability = None if row.stability is None or (isinstance(row.stability, float) and math.isnan(row.stability)) else round(float(row.stability), 4)
        records.append(
            {
                "theme_id": str(row.theme_id),
                "name": str(row.name),
                "kind": str(row.kind),
                "terms": [str(t) for t in row.terms],
                "n_passages": int(row.n_passages),
                "stability": stability,
            }
        )
    by_passage = {
        str(row.passage_id): {
            "themes": [str(t) for t in row.themes],
            "theme_scores": {str(k): round(float(v), 4) for k, v in row.theme_scores.items()},
            "theme_reasons": {str(k): str(v) for k, v in row.theme_reasons.items()},
        }
        for row in tables.assignments.itertuples(index=False)
    }
    return records, by_passage

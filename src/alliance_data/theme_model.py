"""The theme model: named (curated seeds) and discovered (clusters) themes over passage texts.

``ThemeModel`` is a scikit-learn style estimator over passage texts:

* a TF-IDF representation (word 1–2 grams, English stop words, sublinear tf)
  whose vocabulary is sized from the corpus, so the defaults suit a hundred
  passages and half a million;
* named themes: each passage gets zero or more of the configured themes, each
  with a score in [0, 1] built from seed-phrase evidence (core terms count
  fully, other seed terms need company, exclusion terms count against) plus a
  little similarity to the theme's seed centroid;
* discovered themes: exactly one KMeans cluster per passage on an LSA
  (TruncatedSVD) projection, labelled from its class-based TF-IDF terms,
  with a stability score from re-fits on subsamples.
"""

from __future__ import annotations

import hashlib
import math
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer, TfidfTransformer
from sklearn.metrics import pairwise_distances_argmin
from sklearn.preprocessing import normalize
from sklearn.utils.validation import check_is_fitted
from threadpoolctl import threadpool_limits

from .tables import analysed_mask
from .term_counts import TermCounter, learn_vocabulary
from .workers import in_threads, release_worker_memory, submit
from .theme_config import NamedTheme, ThemeConfig, load_theme_config
from .text import TOKEN_PATTERN

__all__ = ["ThemeModel", "auto_n_clusters", "analysed_mask", "single_thread", "STOP_WORDS", "TOKEN_PATTERN"]

Progress = Callable[[float, str], None]

STOP_WORDS: tuple[str, ...] = tuple(sorted(ENGLISH_STOP_WORDS))
# Extra words that are not stop words for the model but make poor labels.
_LABEL_STOP = frozenset(
    "said says say told according mr mrs ms dr like just year years time times week month new way ways "
    "including include includes said think going want make makes made".split()
)

# Named-theme score = 0.85 · (1 − exp(−evidence)) + 0.15 · similarity to the
# theme's seed centroid. Evidence adds the weights of the distinct seed terms
# present (a little more when repeated) minus a penalty per exclusion term.
# With the packaged min_score of 0.5: one core term (1.0 → 0.54) carries a
# passage; a single ordinary seed word (0.3 → 0.22, "the Pacific Command") or
# a lone seed phrase (0.5 → 0.33) does not; three seed words (0.9 → 0.50),
# or a phrase and a word (0.8 → 0.47) with some centroid similarity, do. The
# centroid similarity alone (at most 0.15) never reaches the threshold.
#: A word in more than this share of the documents is too common in the corpus to label a discovered topic;
#: below _LABEL_MIN_DOCUMENTS documents, shares of passages are used ("most of four articles" says little).
_LABEL_MAX_SHARE = 0.5
_LABEL_MIN_DOCUMENTS = 20
_CORE_WEIGHT = 1.0
_PHRASE_WEIGHT = 0.5
_WORD_WEIGHT = 0.3
_EXCLUDE_PENALTY = 0.6
_CENTROID_SHARE = 0.15
_STOP = frozenset(STOP_WORDS)

# Above this many passages the vocabulary, the LSA projection and the cluster
# centres are learned on a fixed sample of this size and applied to every
# passage: the cost of learning stays bounded while counting, projecting and
# assigning stay linear (and cheap) in the corpus size.
_FIT_SAMPLE = 20_000
#: Rows projected at a time (see ThemeModel._embed_tfidf).
_EMBED_BLOCK = 50_000
#: Passages counted in one task when a build's workers count the terms.
COUNT_CHUNK = 20_000


def _report(progress: Progress | None, fraction: float, message: str) -> None:
    if progress is not None:
        progress(min(max(float(fraction), 0.0), 1.0), message)


def auto_n_clusters(n_passages: int) -> int:
    """How many discovered themes for a corpus of ``n_passages``.

    ``sqrt(n / 2)`` is the classic rule of thumb for k; it is clipped to 4..30
    because fewer than four clusters says little next to the named themes, and
    more than thirty cannot be told apart by colour or read in a legend. The
    bundled seeds (~70 passages) get 6; anything past ~1,800 passages gets 30.
    """
    if n_passages <= 0:
        return 0
    k = int(round(math.sqrt(n_passages / 2.0)))
    return int(min(max(k, 4), 30, n_passages))


def _vectorizer_settings(n: int) -> dict:
    """min_df/max_df/max_features from the corpus size."""
    if n < 1_000:
        min_df, max_features = 1, None
    elif n < 20_000:
        min_df, max_features = 2, 50_000
    else:
        min_df, max_features = 3, 100_000
    max_df = 1.0 if n < 20 else 0.5
    return {"min_df": min_df, "max_df": max_df, "max_features": max_features}


def _check_texts(texts: Iterable[str], argument: str = "texts") -> list[str]:
    if isinstance(texts, (str, bytes)):
        raise TypeError(f"{argument} must be an iterable of documents (e.g. a list of str), not a single {type(texts).__name__}")
    if isinstance(texts, pd.DataFrame):
        raise TypeError(f"{argument} must be an iterable of str; pass the 'text' column, not the whole DataFrame")
    try:
        out = list(texts)
    except TypeError:
        raise TypeError(f"{argument} must be an iterable of str, got {type(texts).__name__}") from None
    for i, text in enumerate(out):
        if not isinstance(text, str):
            raise TypeError(f"{argument}[{i}] must be a str, got {type(text).__name__}")
    return out


@dataclass(frozen=True)
class _TermSpec:
    """One seed term as features: any alternative matches when all its features do."""

    term: str
    alternatives: tuple[tuple[str, ...], ...]
    weight: float


def _tokens(text: str) -> list[str]:
    return [tok for tok in re.findall(TOKEN_PATTERN, text.lower()) if tok not in _STOP]


def _term_features(term: str) -> tuple[tuple[str, ...], ...]:
    """The model features a seed term corresponds to, with plural variants."""
    tokens = _tokens(term)
    if not tokens:
        return ()
    last = tokens[-1]
    lasts = {last, last + "s"}
    if last.endswith("s") and len(last) > 3:
        lasts.add(last[:-1])
    if last.endswith("y") and len(last) > 3:
        lasts.add(last[:-1] + "ies")
    alternatives = []
    for variant in sorted(lasts):
        toks = tokens[:-1] + [variant]
        if len(toks) == 1:
            alternatives.append((toks[0],))
        else:
            alternatives.append(tuple(f"{a} {b}" for a, b in zip(toks, toks[1:])))
    return tuple(alternatives)


def _theme_specs(theme: NamedTheme) -> tuple[list[_TermSpec], list[_TermSpec]]:
    core = set(theme.core_terms)
    positive = []
    for term in theme.all_terms:
        alternatives = _term_features(term)
        if not alternatives:
            continue
        multi = len(alternatives[0]) > 1 or " " in alternatives[0][0]
        weight = _CORE_WEIGHT if term in core else (_PHRASE_WEIGHT if multi else _WORD_WEIGHT)
        positive.append(_TermSpec(term, alternatives, weight))
    negative = [_TermSpec(t, alt, _EXCLUDE_PENALTY) for t in theme.exclude_terms if (alt := _term_features(t))]
    return positive, negative


def _spec_counts(counts_csc: sparse.csc_matrix, vocabulary: dict[str, int], spec: _TermSpec) -> np.ndarray:
    best = np.zeros(counts_csc.shape[0], dtype=np.float64)
    for alternative in spec.alternatives:
        columns = [vocabulary[f] for f in alternative]
        block = counts_csc[:, columns].toarray()
        best = np.maximum(best, block.min(axis=1))
    return best


def _spec_hits(counts_csc: sparse.csc_matrix, vocabulary: dict[str, int], spec: _TermSpec) -> tuple[np.ndarray, np.ndarray]:
    """:func:`_spec_counts` as its rows above zero (ascending) and their counts: read from the matrix's columns,
    never as a dense column per feature. ``counts_csc`` must hold sorted indices."""
    found_rows, found_values = [], []
    for alternative in spec.alternatives:
        rows = values = None
        for feature in alternative:
            column = vocabulary[feature]
            lo, hi = counts_csc.indptr[column], counts_csc.indptr[column + 1]
            col_rows, col_values = counts_csc.indices[lo:hi], counts_csc.data[lo:hi]
            if rows is None:
                rows, values = col_rows, col_values
            else:  # all the alternative's features: the smallest count
                rows, left, right = np.intersect1d(rows, col_rows, assume_unique=True, return_indices=True)
                values = np.minimum(values[left], col_values[right])
        found_rows.append(rows)
        found_values.append(values)
    rows = np.concatenate(found_rows).astype(np.int64, copy=False)
    values = np.concatenate(found_values).astype(np.float64)
    if len(found_rows) > 1:  # any alternative: the largest count
        order = np.lexsort((-values, rows))
        rows, values = rows[order], values[order]
        first = np.ones(len(rows), dtype=bool)
        first[1:] = rows[1:] != rows[:-1]
        rows, values = rows[first], values[first]
    positive = values > 0
    return rows[positive], values[positive]


class ThemeModel(TransformerMixin, BaseEstimator):
    """Named-theme scores and discovered clusters over passage texts.

    Parameters follow scikit-learn habits: stored as given, validated in
    ``fit``. ``"auto"`` sizes a setting from the number of training passages.

    Learned attributes: ``config_`` (the resolved ThemeConfig), ``vectorizer_``
    (CountVectorizer, sorted vocabulary),
    ``tfidf_``, ``theme_names_``, ``named_scores_`` (training passages ×
    named themes), ``svd_``, ``cluster_model_``, ``cluster_centers_``,
    ``labels_`` (training cluster index), ``cluster_ids_``,
    ``cluster_labels_`` (readable), ``cluster_terms_``, ``cluster_sizes_``,
    ``stability_`` (per discovered theme, or NaN when not measured),
    ``n_clusters_``, ``n_train_``.
    """

    def __init__(
        self,
        config: ThemeConfig | None = None,
        n_clusters: int | str = "auto",
        max_features: int | str | None = "auto",
        min_df: int | float | str = "auto",
        max_df: float | str = "auto",
        random_state: int = 0,
        n_init: int = 10,
        min_score: float | str = "auto",
        n_components: int = 100,
        n_stability: int = 5,
        stability_sample: int = 5_000,
    ):
        self.config = config
        self.n_clusters = n_clusters
        self.max_features = max_features
        self.min_df = min_df
        self.max_df = max_df
        self.random_state = random_state
        self.n_init = n_init
        self.min_score = min_score
        self.n_components = n_components
        self.n_stability = n_stability
        self.stability_sample = stability_sample

    # ----------------------------------------------------------------- checks
    def _validate_params(self) -> None:  # noqa: D401 - sklearn naming
        config = self.config if self.config is not None else load_theme_config()
        if not isinstance(config, ThemeConfig):
            raise TypeError(f"config must be a ThemeConfig or None, got {type(config).__name__}")
        k = self.n_clusters
        if k == "auto" and config.n_clusters != "auto":
            k = config.n_clusters
        if not (k == "auto" or (isinstance(k, (int, np.integer)) and not isinstance(k, bool) and k >= 1)):
            raise ValueError(f"n_clusters must be 'auto' or an integer >= 1, got {k!r}")
        if not isinstance(self.n_init, (int, np.integer)) or self.n_init < 1:
            raise ValueError(f"n_init must be an integer >= 1, got {self.n_init!r}")
        if not isinstance(self.random_state, (int, np.integer)) or isinstance(self.random_state, bool):
            raise ValueError(f"random_state must be an integer (a fixed seed), got {self.random_state!r}")
        min_score = config.min_score if self.min_score == "auto" else self.min_score
        if isinstance(min_score, bool) or not isinstance(min_score, (int, float)) or not 0 < min_score < 1:
            raise ValueError(f"min_score must be 'auto' or a number between 0 and 1, got {self.min_score!r}")
        if not isinstance(self.n_components, (int, np.integer)) or self.n_components < 2:
            raise ValueError(f"n_components must be an integer >= 2, got {self.n_components!r}")
        if not isinstance(self.n_stability, (int, np.integer)) or self.n_stability < 0:
            raise ValueError(f"n_stability must be an integer >= 0, got {self.n_stability!r}")
        self.config_ = config
        self._k_setting = k
        self._min_score = float(min_score)

    # --------------------------------------------------------------- features
    def _learn_vocabulary(self, texts: list[str], rng: np.random.Generator) -> tuple[list[str], np.ndarray]:
        n = len(texts)
        settings = _vectorizer_settings(n)
        for key in ("min_df", "max_df", "max_features"):
            value = getattr(self, key)
            if value != "auto":
                settings[key] = value
        sample = np.arange(n)
        if n > _FIT_SAMPLE:
            sample = np.sort(rng.choice(n, size=_FIT_SAMPLE, replace=False))
            settings["min_df"] = settings["min_df"] if isinstance(settings["min_df"], float) else max(
                2, int(round(settings["min_df"] * _FIT_SAMPLE / n))
            )
        sample_texts = texts.take(sample) if hasattr(texts, "take") else [texts[i] for i in sample]

        def learn(**limits) -> list[str]:
            # The terms CountVectorizer(ngram_range=(1, 2), ...).fit would keep, counted with array operations.
            return learn_vocabulary(sample_texts, token_pattern=TOKEN_PATTERN, stop_words=STOP_WORDS, **limits)

        try:
            terms = learn(**settings)
        except ValueError as exc:
            if "max_df corresponds to" in str(exc) or "no terms remain" in str(exc):
                try:
                    terms = learn(min_df=1, max_df=1.0, max_features=settings["max_features"])
                except ValueError:
                    raise ValueError("texts contain no words the theme model can use (only stop words, numbers or symbols)") from None
            else:
                raise ValueError("texts contain no words the theme model can use (only stop words, numbers or symbols)") from None
        return terms, sample

    def _build_vectorizer(self, learned: list[str]) -> CountVectorizer:
        seed_features = set()
        for specs in self._specs:
            for spec in specs[0] + specs[1]:
                for alternative in spec.alternatives:
                    seed_features.update(alternative)
        vocabulary = sorted(set(learned) | seed_features)
        vectorizer = CountVectorizer(
            token_pattern=TOKEN_PATTERN,
            stop_words=list(STOP_WORDS),
            ngram_range=(1, 2),
            dtype=np.float32,
            vocabulary=vocabulary,
        )
        vectorizer.fit([])
        return vectorizer

    def _term_counter(self) -> TermCounter:
        counter = getattr(self, "_counter", None)
        if counter is None or counter.vocabulary is not self.vectorizer_.vocabulary_:
            counter = self._counter = TermCounter(self.vectorizer_)
        return counter

    def _counts(self, texts: list[str], scheduler=None) -> sparse.csr_matrix:
        """Term counts of ``texts``; with a ``scheduler`` (see :mod:`alliance_data.workers`), in its workers."""
        return self._counts_and_words(texts, scheduler)[0]

    def _counts_and_words(self, texts: list[str], scheduler=None) -> tuple[sparse.csr_matrix, np.ndarray | None]:
        """:meth:`_counts`, and each text's words as :func:`alliance_data.shifts.passage_words` counts them
        (:meth:`TermCounter.transform_with_words`): the same split into tokens gives both."""
        counter = self._term_counter()
        if scheduler is None or len(texts) < 2 * COUNT_CHUNK:
            return counter.transform_with_words(texts)
        return counter.transform_with_words_on(scheduler, texts, chunk=COUNT_CHUNK)

    def _parts_counts_and_words(self, parts: Sequence[Sequence[str]], scheduler=None) -> list[tuple]:
        """:meth:`_counts_and_words` of each of ``parts``, counted together on the ``scheduler``'s workers."""
        counter = self._term_counter()
        if scheduler is None or sum(len(texts) for texts in parts) < 2 * COUNT_CHUNK:
            return [counter.transform_with_words(texts) for texts in parts]
        return counter.transform_parts_with_words_on(scheduler, parts, chunk=COUNT_CHUNK)

    def _tfidf(self, counts: sparse.spmatrix) -> sparse.csr_matrix:
        if counts.shape[0] == 0:
            return sparse.csr_matrix(counts.shape, dtype=np.float32)
        return self.tfidf_.transform(counts).astype(np.float32, copy=False)  # float32 counts give float32 already

    def _embed_tfidf(self, tfidf: sparse.spmatrix) -> np.ndarray:
        # A block of rows at a time: the projection and its normalisation are computed in float64,
        # which for half a million passages would otherwise hold several such arrays at once.
        # Blocks are projected side by side in threads (the sparse product and NumPy let go of the interpreter);
        # each block's rows are the same whichever thread projects them.
        # The projection is ``svd_.transform``'s product, with the components laid out once as the product reads them
        # (transform hands the sparse product a transposed view, which it copies again for every block).
        tfidf = sparse.csr_matrix(tfidf)
        width = tfidf.shape[1] if self.svd_ is None else self.svd_.components_.shape[0]
        components = None if self.svd_ is None else np.ascontiguousarray(self.svd_.components_.T)
        if components is not None and tfidf.shape[1] != components.shape[0]:
            raise ValueError(f"{tfidf.shape[1]} features given; the projection was fitted on {components.shape[0]}")
        out = np.empty((tfidf.shape[0], width), dtype=np.float32)

        def embed(start: int) -> None:
            block = tfidf[start:start + _EMBED_BLOCK]
            dense = block.toarray() if components is None else block @ components
            out[start:start + _EMBED_BLOCK] = normalize(np.asarray(dense, dtype=np.float64))

        in_threads(embed, range(0, tfidf.shape[0], _EMBED_BLOCK))
        return out

    # ----------------------------------------------------------- named themes
    def _named_scores(self, counts: sparse.spmatrix, tfidf: sparse.spmatrix) -> np.ndarray:
        # The seed terms' features are a few hundred of the vocabulary's columns: only those are turned into
        # columns (the same rows and counts in each), not the whole matrix.
        seeds = sorted({feature for specs in self._specs for spec in specs[0] + specs[1]
                        for alternative in spec.alternatives for feature in alternative})
        columns = np.asarray([self.vectorizer_.vocabulary_[f] for f in seeds], dtype=np.int64)
        counts_csc = sparse.csc_matrix(sparse.csr_matrix(counts)[:, columns])
        counts_csc.sort_indices()
        vocabulary = dict(zip(seeds, range(len(seeds))))
        n = counts.shape[0]
        scores = np.zeros((n, len(self.theme_names_)), dtype=np.float64)
        centroid_sim = np.asarray((tfidf @ self.seed_centroids_.T).todense()) if n else np.zeros((0, 0))
        for j, (positive, negative) in enumerate(self._specs):
            # Only the passages holding a term change its evidence (adding zero leaves a sum as it was).
            evidence = np.zeros(n)
            for spec in positive:
                rows, c = _spec_hits(counts_csc, vocabulary, spec)
                evidence[rows] += spec.weight * (1.0 + 0.25 * np.log(np.maximum(c, 1.0)))
            for spec in negative:
                rows, _ = _spec_hits(counts_csc, vocabulary, spec)
                evidence[rows] -= spec.weight
            strength = 1.0 - np.exp(-np.maximum(evidence, 0.0))
            similarity = np.clip(centroid_sim[:, j], 0.0, 1.0) if n else np.zeros(0)
            scores[:, j] = (1.0 - _CENTROID_SHARE) * strength + _CENTROID_SHARE * similarity
        return np.round(scores, 6)

    # --------------------------------------------------------------- fitting
    def fit(self, texts: Iterable[str], y=None, *, progress: Progress | None = None,
            groups: Sequence[object] | None = None) -> "ThemeModel":
        """Learn the vocabulary, seed centroids and discovered themes from ``texts``.

        ``groups`` (optional): the document each text comes from, so that words in most
        documents are kept out of the discovered themes' labels.
        """
        self._fit_arrays(_check_texts(texts), progress=progress, groups=groups)
        return self

    def _fit_arrays(self, texts: list[str], progress: Progress | None = None,
                    groups: Sequence[object] | None = None, scheduler=None, on_projection=None,
                    also: Sequence[str] | None = None, on_counted=None) -> dict:
        """Fit and return the training passages' embedding (``{"embedding": …}``) for reuse.

        ``also``: texts that do not shape the model, counted with the training texts and scored and projected
        as soon as the model allows (their counts dropped before the clusters are fitted): under ``"also"``,
        their named-theme scores and embedding. ``on_counted`` is called with both texts' words (as
        :meth:`_counts_and_words` gives them; None for ``also``'s when there are none) as soon as they are counted.

        With a ``scheduler`` (:mod:`alliance_data.workers`, :mod:`alliance_data.cluster`) the terms
        are counted in its workers, and the stability re-fits run there while this process fits the
        main clusters; the model is the same. ``on_projection`` is called as soon as the projection is fitted,
        with a function giving the LSA coordinates of the training passages at the rows it is given (the
        same as those rows of the whole embedding), before the whole embedding is computed.
        """
        if groups is not None and len(groups) != len(texts):
            raise ValueError(f"groups has {len(groups)} entries for {len(texts)} texts")
        with single_thread():
            return self._fit_arrays_unlimited(texts, progress, groups, scheduler, on_projection, also, on_counted)

    def _fit_arrays_unlimited(self, texts: list[str], progress: Progress | None,
                              groups: Sequence[object] | None = None, scheduler=None, on_projection=None,
                              also: Sequence[str] | None = None, on_counted=None) -> dict:
        if len(texts) == 0:
            raise ValueError("texts is empty: the theme model needs at least one passage")
        n = len(texts)
        rng = self._begin_fit()

        _report(progress, 0.05, f"Learning the vocabulary of {n:,} passages")
        learned, sample = self._learn_vocabulary(texts, rng)
        self.vectorizer_ = self._build_vectorizer(learned)
        _report(progress, 0.15, f"Counting terms in {n:,} passages")
        counted = self._parts_counts_and_words([texts] if also is None else [texts, also], scheduler)
        counts, words = counted[0]
        also_counted = counted[1] if also is not None else None
        if on_counted is not None:
            on_counted(words, None if also_counted is None else also_counted[1])
        del counted, words  # the words are handed on: the model needs the counts only
        held = term_rows(counts)
        self._fit_weights(held, n)
        tfidf = self._tfidf(counts)
        _report(progress, 0.35, "Scoring named themes")
        # The projection is fitted in a thread (its products let go of the interpreter) while this thread scores
        # the named themes and finds the corpus stop terms, which do not depend on it; then scores ``also``'s texts
        # (row by row, as if scored after the fit), which do not depend on it either.
        n_features = tfidf.shape[1]
        components = min(int(self.n_components), n_features - 1, len(sample) - 1)
        svd = TruncatedSVD(n_components=components, random_state=self.random_state) if components >= 2 else None
        also_tfidf = also_scores = None
        with ThreadPoolExecutor(max_workers=1) as thread:
            fitted = thread.submit(svd.fit, tfidf[sample] if len(sample) < n else tfidf) if svd is not None else None
            self.named_scores_ = self._named_scores(counts, tfidf)
            common = _common_words(self.vectorizer_, counts, groups, held)
            if also_counted is not None:
                also_tfidf = self._tfidf(also_counted[0])
                also_scores = self._named_scores(also_counted[0], also_tfidf)
                del also_counted
            _report(progress, 0.45, "Projecting passages (LSA)")
            self.svd_ = fitted.result() if fitted is not None else None
        if on_projection is not None:  # each row's coordinates depend on that row alone
            on_projection(lambda rows: self._embed_tfidf(tfidf[rows]))
        embedding = self._embed_tfidf(tfidf)
        del tfidf  # not needed beyond the projection: the clusters are fitted on the embedding
        also_arrays = None
        if also_tfidf is not None:  # projected row by row, as if after the fit
            also_arrays = {"scores": also_scores, "embedding": self._embed_tfidf(also_tfidf)}
            del also_tfidf, also_scores

        _report(progress, 0.55, "Discovering themes (clustering)")
        k = auto_n_clusters(n) if self._k_setting == "auto" else int(min(self._k_setting, n))
        refits = self._stability_refits(embedding, self._stability_base(n, rng), k, scheduler)
        model = self._cluster_estimator(k, self.random_state)
        model.fit(embedding[sample] if len(sample) < n else embedding)
        raw = model.predict(embedding)
        sizes, per_class = class_sums(raw, model.cluster_centers_.shape[0], counts)
        self.labels_ = self._set_clusters(model, sizes, per_class, common)[raw]

        _report(progress, 0.75, "Measuring the stability of discovered themes")
        self.stability_ = self._stability(embedding, refits)
        self.n_train_ = n
        _report(progress, 0.85, "Theme model fitted")
        return {"embedding": embedding, "also": also_arrays}

    def _begin_fit(self) -> np.random.Generator:
        """The start of every fit: the settings checked, the named themes read; the random numbers of the fit."""
        self._validate_params()
        self.theme_names_ = [theme.name for theme in self.config_.themes]
        self.theme_ids_ = [theme.theme_id for theme in self.config_.themes]
        self.min_score_ = self._min_score
        self._specs = [_theme_specs(theme) for theme in self.config_.themes]
        return np.random.default_rng(self.random_state)

    def _fit_weights(self, held: np.ndarray, n: int) -> None:
        """The TF-IDF weights from how many of the ``n`` training passages hold each term (``held``, as
        :func:`term_rows` counts it, summed over parts of the passages), as ``TfidfTransformer(sublinear_tf=True)
        .fit`` makes them from the counts; then the named themes' seed centroids, in those weights."""
        n_features = len(self.vectorizer_.vocabulary_)
        # scikit-learn's smoothed idf, computed as its fit computes it (in the counts' float32)
        df = np.asarray(held).astype(np.float32) + np.float32(1.0)
        idf = np.full_like(df, fill_value=n + 1, dtype=np.float32)
        idf /= df
        np.log(idf, out=idf)
        idf += 1.0
        self.tfidf_ = tfidf_weights(idf)
        seed_docs = [" ".join(theme.all_terms) for theme in self.config_.themes]
        self.seed_centroids_ = normalize(self._tfidf(self._counts(seed_docs))) if seed_docs \
            else sparse.csr_matrix((0, n_features))

    def _cluster_estimator(self, k: int, seed: int) -> KMeans:
        # Restarts matter: on a labelled news corpus a single init gave ARI
        # 0.74 ± 0.15 across seeds, ten inits 0.90 ± 0.02. So full KMeans with
        # n_init=10 everywhere; on large corpora it runs on the fixed
        # _FIT_SAMPLE sample (at most 30 centres are well pinned by 20,000
        # points) and every passage is then assigned to its nearest centre.
        # This beat MiniBatchKMeans over all passages on both cost and
        # restarts (MiniBatchKMeans with 3 inits: ~6 s on 57k passages and
        # linear beyond; KMeans ×10 on 20k: ~5 s, flat).
        return _kmeans(k, int(self.n_init), seed)

    def _set_clusters(self, model, sizes: np.ndarray, per_class: np.ndarray,
                      common: frozenset[str] = frozenset()) -> np.ndarray:
        """The discovered themes from the fitted clusters' sizes and term counts (:func:`class_sums`): their order,
        terms, labels and ids. Returns each cluster's place in that order (-1 for an empty one): the training
        passages' labels are it at their clusters."""
        kept = np.flatnonzero(sizes > 0)
        class_terms = self._class_terms(per_class[kept], common)
        labels = [" · ".join(terms[:3]) if terms else f"theme {i + 1}" for i, terms in enumerate(class_terms)]
        # A stable order: biggest first, then by label; ids from the content.
        order = sorted(range(len(kept)), key=lambda i: (-int(sizes[kept[i]]), labels[i]))
        self.cluster_model_ = model
        self.cluster_centers_ = np.asarray(model.cluster_centers_[kept[order]], dtype=np.float32)
        remap = np.full(sizes.shape[0], -1, dtype=np.int64)
        for new, i in enumerate(order):
            remap[kept[i]] = new
        self.cluster_terms_ = [class_terms[i] for i in order]
        self.cluster_sizes_ = [int(sizes[kept[i]]) for i in order]
        self.n_clusters_ = len(order)
        readable, ids, seen_labels, seen_ids = [], [], set(), set()
        named = {name.casefold() for name in self.theme_names_}
        for i in order:
            label = labels[i]
            if label.casefold() in named or label in seen_labels:
                label = f"{label} ({len(seen_labels) + 1})"
            seen_labels.add(label)
            readable.append(label)
            key = "|".join(sorted(class_terms[i][:10])) or label
            theme_id = "t" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:10]
            while theme_id in seen_ids:
                theme_id = "t" + hashlib.sha256((theme_id + key).encode("utf-8")).hexdigest()[:10]
            seen_ids.add(theme_id)
            ids.append(theme_id)
        self.cluster_labels_ = readable
        self.cluster_ids_ = ids
        return remap

    def _class_terms(self, per_class: np.ndarray, common: frozenset[str] = frozenset(),
                     top_n: int = 10) -> list[list[str]]:
        """Class-based TF-IDF (as in BERTopic): a cluster's terms against all clusters' (``per_class``: the term
        counts of the clusters that have passages, :func:`class_sums`)."""
        frequency = per_class.sum(axis=0)
        average = per_class.sum() / max(per_class.shape[0], 1)
        idf = np.log(1.0 + average / np.maximum(frequency, 1e-12))
        tf = per_class / np.maximum(per_class.sum(axis=1, keepdims=True), 1e-12)
        weights = tf * idf
        names = self.vectorizer_.get_feature_names_out()
        # Each term's alphabetical rank: ties in weight go to the earlier term (sorting by rank, not by the strings).
        rank = np.empty(len(names), dtype=np.int64)
        rank[np.argsort(names, kind="stable")] = np.arange(len(names))
        # Corpus stop terms (``common``) name no topic, nor does a phrase holding one ("alliance japan").
        # Each distinct word judged once: fit to label (``_labelable``) and in no phrase of a corpus stop word.
        fit = {}

        def fit_word(word: str) -> bool:
            ok = fit.get(word)
            if ok is None:
                ok = fit[word] = _labelable(word) and f"*{word}" not in common
            return ok

        good = np.array([term not in common and all(map(fit_word, term.split())) for term in names.tolist()],
                        dtype=bool)
        result = []
        for row in weights:
            row = np.where(good & (row > 0), row, -1.0)
            # Stable ranking: weight descending, then term.
            candidates = [i for i in np.lexsort((rank, -row))[: top_n * 6] if row[i] > 0]
            chosen: list[str] = []
            for index in candidates:
                term = str(names[index])
                if " " not in term:
                    # Prefer a phrase that carries nearly as much ("south korea" over "south").
                    phrases = [i for i in candidates if " " in names[i] and term in names[i].split() and row[i] >= 0.6 * row[index]]
                    if phrases and str(names[phrases[0]]) not in chosen:
                        term = str(names[phrases[0]])
                covered = {w for other in chosen for w in other.split()}
                if term in chosen or any(w in covered for w in term.split()):
                    continue  # no label repeats a word ("military · military alliance")
                chosen.append(term)
                if len(chosen) == top_n:
                    break
            result.append(chosen)
        return result

    def _stability_base(self, n: int, rng: np.random.Generator) -> np.ndarray:
        """The rows of the ``n`` training passages that the stability re-fits take their subsamples from: all of
        them, or a fixed sample of ``stability_sample``; none when stability is not measured."""
        if self.n_stability == 0 or n < 10:
            return np.zeros(0, dtype=np.int64)
        if n > self.stability_sample:
            return np.sort(rng.choice(n, size=int(self.stability_sample), replace=False))
        return np.arange(n)

    def _stability_refits(self, embedding: np.ndarray, base: np.ndarray, k: int, scheduler=None) -> list:
        """The re-fits behind :meth:`_stability` (on subsamples of the rows ``base``, :meth:`_stability_base`),
        started (on the scheduler's workers when given) before the main fit, which they do not depend on:
        ``(subsample, k, pending labels)`` each."""
        if len(base) == 0:
            return []
        refits = []
        for b in range(1, int(self.n_stability) + 1):
            sub_rng = np.random.default_rng(self.random_state + 1000 * b)
            idx = np.sort(sub_rng.choice(base, size=max(2, int(0.8 * len(base))), replace=False))
            size = min(k, len(idx))
            refits.append((idx, size, submit(scheduler, _cluster_labels, embedding[idx], size, int(self.n_init),
                                             self.random_state + b)))
        return refits

    def _stability(self, embedding: np.ndarray, refits: list) -> np.ndarray:
        """Mean best-Jaccard agreement of each cluster across re-fits on 80% subsamples."""
        k = self.n_clusters_
        if not refits or k < 2:
            return np.full(k, np.nan)
        scores = [[] for _ in range(k)]
        for b, (idx, size, pending) in enumerate(refits, start=1):
            ref = self.labels_[idx]
            if size == min(k, len(idx)):
                refit = pending.result()
            else:  # the main fit left a cluster empty: re-fit with the clusters it has
                refit = _cluster_labels(embedding[idx], min(k, len(idx)), int(self.n_init), self.random_state + b)
            table = pd.crosstab(ref, refit)
            ref_sizes = table.sum(axis=1).to_numpy()
            new_sizes = table.sum(axis=0).to_numpy()
            inter = table.to_numpy()
            jaccard = inter / (ref_sizes[:, None] + new_sizes[None, :] - inter)
            for row, cluster in enumerate(table.index):
                scores[int(cluster)].append(float(jaccard[row].max()))
        return np.array([np.mean(s) if s else np.nan for s in scores])

    # -------------------------------------------------------------- applying
    def transform(self, texts: Iterable[str]) -> np.ndarray:
        """Named-theme scores: one row per text, one column per ``theme_names_``."""
        check_is_fitted(self, "named_scores_")
        texts = _check_texts(texts)
        counts = self._counts(texts)
        return self._named_scores(counts, self._tfidf(counts))

    def vectorize(self, texts: Iterable[str]) -> sparse.csr_matrix:
        """The L2-normalised TF-IDF rows of ``texts`` (columns: ``feature_names()``)."""
        check_is_fitted(self, "tfidf_")
        return self._tfidf(self._counts(_check_texts(texts)))

    def count_terms(self, texts: Iterable[str]) -> sparse.csr_matrix:
        """Raw term counts of ``texts`` in the model's vocabulary."""
        check_is_fitted(self, "vectorizer_")
        return self._counts(_check_texts(texts))

    def _per_vocabulary(self, name: str, make: Callable[[], object]):
        """``make()`` worked out once per learned vocabulary (a refit learns a new one and works it out again)."""
        check_is_fitted(self, "vectorizer_")
        cached = self.__dict__.get(name)
        if cached is None or cached[0] is not self.vectorizer_:
            cached = self.__dict__[name] = (self.vectorizer_, make())
        return cached[1]

    def feature_names(self) -> np.ndarray:
        """The vocabulary's terms in column order (read-only: one array per fitted model)."""
        def make() -> np.ndarray:
            names = self.vectorizer_.get_feature_names_out()
            names.flags.writeable = False
            return names
        return self._per_vocabulary("_feature_names", make)

    def term_listing(self) -> tuple[np.ndarray, np.ndarray]:
        """Per term of the vocabulary: whether it is fit to list (``_labelable``), and its alphabetical rank
        (ties between equal scores go to the earlier term). Worked out once per fitted model."""
        def make() -> tuple[np.ndarray, np.ndarray]:
            names = self.feature_names()
            rank = np.empty(len(names), dtype=np.int64)
            rank[np.argsort(names, kind="stable")] = np.arange(len(names))
            return np.array([_labelable(t) for t in names], dtype=bool), rank
        return self._per_vocabulary("_term_listing", make)

    def embed(self, texts: Iterable[str]) -> np.ndarray:
        """Unit-length LSA coordinates, the space the discovered themes live in."""
        check_is_fitted(self, "cluster_centers_")
        return self._embed_tfidf(self.vectorize(texts))

    def predict(self, texts: Iterable[str]) -> np.ndarray:
        """The discovered theme id of each text."""
        check_is_fitted(self, "cluster_centers_")
        return self._predict_embedding(self.embed(texts))

    def _predict_index(self, embedding: np.ndarray) -> np.ndarray:
        if embedding.shape[0] == 0:
            return np.zeros(0, dtype=np.int64)
        return pairwise_distances_argmin(embedding, self.cluster_centers_)

    def _predict_embedding(self, embedding: np.ndarray) -> np.ndarray:
        return np.array(self.cluster_ids_, dtype=object)[self._predict_index(embedding)]

    def matched_terms(self, texts: Iterable[str], theme: str) -> list[list[str]]:
        """The seed terms of the named theme ``theme`` present in each text: the words behind its score."""
        check_is_fitted(self, "named_scores_")
        if theme not in self.theme_names_:
            raise ValueError(f"unknown named theme {theme!r}; the model has {self.theme_names_}")
        counts = sparse.csc_matrix(self._counts(_check_texts(texts)))
        vocabulary = self.vectorizer_.vocabulary_
        found: list[list[str]] = [[] for _ in range(counts.shape[0])]
        positive, _ = self._specs[self.theme_names_.index(theme)]
        for spec in positive:
            for row in np.flatnonzero(_spec_counts(counts, vocabulary, spec) > 0):
                found[row].append(spec.term)
        return found

    def assign(self, scores: np.ndarray) -> list[list[str]]:
        """Named themes per row of a score matrix: those at or above ``min_score_``, strongest first."""
        check_is_fitted(self, "named_scores_")
        names = self.theme_names_
        out = []
        for row in np.asarray(scores):
            hits = [j for j in np.argsort(-row, kind="stable") if row[j] >= self.min_score_]
            out.append([names[j] for j in hits])
        return out


def _cluster_labels(points: np.ndarray, k: int, n_init: int, seed: int) -> np.ndarray:
    """KMeans labels of ``points`` (a stability re-fit; may run in a worker process)."""
    release_worker_memory()
    with single_thread():
        return _kmeans(k, n_init, seed).fit_predict(points)


def _kmeans(k: int, n_init: int, seed: int) -> KMeans:
    return KMeans(n_clusters=k, n_init=n_init, random_state=seed)


def single_thread():
    """A context in which BLAS and OpenMP run on one thread each.

    KMeans and t-SNE parallelise with OpenMP (KMeans calling BLAS inside);
    on a small machine shared with other work the thread pools spin against
    each other. Measured on the 2-core box under load: KMeans (k=30,
    n_init=10) on 20,000 LSA rows 52 s with default threads, 3 s on one;
    t-SNE of 1,000 points 26 s against 3.4 s.
    """
    return threadpool_limits(limits=1)


def _present(counts: sparse.spmatrix) -> sparse.csr_matrix:
    """``counts`` as rows whose every stored value is a presence (a stored zero is none; term counts store none)."""
    counts = sparse.csr_matrix(counts)
    if counts.nnz and counts.data.min() <= 0:
        counts = sparse.csr_matrix(counts > 0, dtype=np.float32)
    return counts


def term_rows(counts: sparse.spmatrix) -> np.ndarray:
    """How many rows of ``counts`` hold each term: a term's document frequency, as scikit-learn's TF-IDF counts
    it, and summed over parts of the rows, that of all of them."""
    counts = _present(counts)
    return np.bincount(counts.indices, minlength=counts.shape[1])


def tfidf_weights(idf: np.ndarray) -> TfidfTransformer:
    """The model's TF-IDF transformer (sublinear term frequencies) with these inverse document frequencies, as
    its fit makes it and as a stored model is read back (:mod:`alliance_data.model_io`)."""
    weights = TfidfTransformer(sublinear_tf=True)
    weights.idf_, weights.n_features_in_ = idf, len(idf)
    return weights


def label_candidates(held: np.ndarray, n_documents: int) -> np.ndarray | None:
    """The terms that can be in most of ``n_documents`` documents, being in more than half that many passages
    (``held``, :func:`term_rows`); None when there are too few documents to tell (shares of passages are used)."""
    if n_documents < _LABEL_MIN_DOCUMENTS:
        return None
    return np.flatnonzero(held > _LABEL_MAX_SHARE * n_documents)


def documents_holding(counts: sparse.spmatrix, codes: np.ndarray, candidates: np.ndarray) -> np.ndarray:
    """How many documents hold each of the ``candidates`` terms; ``codes``: each row's document, numbered from 0
    (a document's rows in one part of the passages: summed over parts, the count over all of them)."""
    counts = _present(counts)
    n = int(codes.max(initial=-1)) + 1
    # Passages → documents: ones over the counts' own index arrays (no copy of them), in float32,
    # which holds these whole numbers exactly; a term is in a document where the product is stored.
    present = sparse.csr_matrix((np.ones(counts.nnz, dtype=np.float32), counts.indices, counts.indptr),
                                shape=counts.shape, copy=False)
    onehot = sparse.csr_matrix((np.ones(len(codes), dtype=np.float32), (codes, np.arange(len(codes)))),
                               shape=(n, len(codes)))
    by_document = onehot @ present[:, candidates]
    by_document.eliminate_zeros()
    return np.bincount(by_document.indices, minlength=len(candidates))


def common_words(names: Sequence[str], held: np.ndarray, n_rows: int, n_documents: int,
                 by_document: np.ndarray | None) -> frozenset[str]:
    """Corpus stop terms, which label no topic: terms in most documents, and phrases holding a word in most passages.

    Most documents: more than half of the ``n_documents`` when there are at least ``_LABEL_MIN_DOCUMENTS``
    (``by_document``: how many hold each of :func:`label_candidates`, the only terms that can be in more than
    half); otherwise more than half of the ``n_rows`` passages (``held``: how many hold each term). A word in most
    passages ("japan" in a corpus about Japan) spoils a phrase too ("alliance japan", left where a stop word between
    was dropped); such a word is often no feature itself, ``max_df`` having pruned it while its phrases stayed.
    Returned as terms, and words marked ``"*word"`` for "no phrase holding it".
    """
    names = np.asarray(names, dtype=object)
    passage_share = np.asarray(held, dtype=np.float64) / max(n_rows, 1)
    candidates = label_candidates(held, n_documents)
    if candidates is not None:
        share = np.zeros(len(names), dtype=np.float64)
        share[candidates] = np.asarray(by_document, dtype=np.float64) / n_documents
    else:
        share = passage_share
    terms = names.tolist()
    words = {t for t in terms if " " not in t}
    common = {terms[i] for i in np.flatnonzero(share > _LABEL_MAX_SHARE).tolist()}
    everywhere = {terms[i] for i in np.flatnonzero(passage_share > _LABEL_MAX_SHARE).tolist() if " " not in terms[i]}
    everywhere |= {w for t in terms if " " in t for w in t.split() if w not in words}
    return frozenset(common | {f"*{w}" for w in everywhere})


def _common_words(vectorizer: CountVectorizer, counts: sparse.spmatrix, groups: Sequence[object] | None,
                  held: np.ndarray | None = None) -> frozenset[str]:
    """:func:`common_words` of all the ``counts``' rows at once (``groups``: each row's document; ``held``: their
    :func:`term_rows`, when already counted)."""
    held = term_rows(counts) if held is None else held
    n_documents, by_document = 0, None
    if groups is not None:
        codes = pd.factorize(pd.Series(list(groups), dtype=object))[0]
        n_documents = int(codes.max(initial=-1)) + 1
        candidates = label_candidates(held, n_documents)
        if candidates is not None:
            by_document = documents_holding(counts, codes, candidates)
    return common_words(vectorizer.get_feature_names_out(), held, counts.shape[0], n_documents, by_document)


def class_sums(raw: np.ndarray, n_classes: int, counts: sparse.spmatrix) -> tuple[np.ndarray, np.ndarray]:
    """Each of ``n_classes`` clusters' passages and term counts (rows), from the passages' clusters (``raw``)
    and term counts: summed over parts of the passages, those of all of them (whole numbers, exact)."""
    membership = sparse.csr_matrix(
        (np.ones(raw.shape[0], dtype=np.float32), (raw, np.arange(raw.shape[0]))), shape=(n_classes, raw.shape[0]))
    return np.bincount(raw, minlength=n_classes), np.asarray((membership @ counts).todense(), dtype=np.float64)


def _labelable(term: str) -> bool:
    words = term.split()
    return all(len(w) >= 3 and w.isalpha() and w not in _LABEL_STOP and w not in ENGLISH_STOP_WORDS for w in words)


def _passages_of(corpus_or_passages) -> pd.DataFrame:
    passages = getattr(corpus_or_passages, "passages", corpus_or_passages)
    if not isinstance(passages, pd.DataFrame):
        raise TypeError(
            f"corpus_or_passages must be a Corpus or a passages DataFrame, got {type(corpus_or_passages).__name__}"
        )
    missing = [c for c in ("passage_id", "text") if c not in passages.columns]
    if missing:
        raise ValueError(f"passages is missing column(s) {missing}; see docs/data-model.md")
    return passages

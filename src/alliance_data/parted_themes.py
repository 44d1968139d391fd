"""The theme model fitted on passages held in parts by a Dask cluster's workers, with only samples and sums
travelling: the same model and tables as :func:`alliance_data.themes.fit_corpus_themes` on all the passages at
once.

Every step of the fit that reads all the passages is a sum over them or a row-by-row rule, so it is worked out
where the passages are and summed here:

1. Each worker reads its part of the passages table (a Parquet part of an export) and keeps it. Back come each
   document's passage counts: the global order of the passages, and so the fit's samples, are worked out here.
2. The vocabulary is learned here on the fit's fixed sample of passages (at most ``theme_model._FIT_SAMPLE``),
   fetched from the workers.
3. The workers count the terms of their passages and keep the counts; back come how many passages and documents
   hold each term (each worker's parts added up there first, as every sum here: one result per worker thread, not
   per part). Here: the TF-IDF weights and the corpus stop terms.
4. The workers weigh their passages' terms and score the named themes. The LSA projection is fitted here on the
   sample's rows, fetched; the workers then project their passages.
5. The clusters are fitted here on the sample's projected rows (the stability re-fits on their own sample, the
   map's t-SNE on the laid-out passages, each on the workers); the workers assign their passages to the clusters,
   and back come each cluster's size and term counts, from which the discovered themes are named here.
6. Each worker writes its part of the assignments table (themes in context, scores, clusters, map coordinates),
   and sends back how many passages carry each named theme, for the themes table.

What this process holds is bounded by the fit's samples, not by the corpus: the sampled passages' text, TF-IDF
rows and projections, a count per term, a count per cluster and term, and each document's passage counts.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Callable, Sequence

import numpy as np
import pandas as pd
from scipy import sparse

from .tables import analysed_mask
from .theme_model import (ThemeModel, auto_n_clusters, class_sums, common_words, documents_holding,
                          label_candidates, single_thread, term_rows)
from . import themes as _themes
from .themes import (ASSIGNMENT_COLUMNS, FIT_COLUMNS, ThemeTables, _assignments_table, _layout, _place, _themes_table,
                     anchor_rows, carried_counts, map_frame, themes_in_context)
from .workers import submit

__all__ = ["fit_parted_themes"]

Progress = Callable[[float, str], None]
#: The columns of an assignments part beyond the table's own: its rows' documents, to read the parts back in order.
PART_KEYS = ("doc_id",)


class _Part:
    """One part of the passages, held by a worker between the steps of the fit (each step makes a new one)."""

    def __init__(self, frame: pd.DataFrame, **state) -> None:
        self.frame = frame
        self.mask = analysed_mask(frame)
        self.train = np.flatnonzero(self.mask)
        self.other = np.flatnonzero(~self.mask)
        self.__dict__.update(state)

    def then(self, **state) -> "_Part":
        """A copy of this part with ``state`` added (a step's result; the part it came from stays as it was)."""
        new = object.__new__(_Part)
        new.__dict__.update(self.__dict__)
        new.__dict__.update(state)
        return new

    def texts(self, *rows: np.ndarray) -> list[list[str]]:
        """The texts of the passages at each of ``rows`` (the text column read once)."""
        column = self.frame["text"].fillna("").astype(str).to_numpy()
        return [column[at].tolist() for at in rows]


# ------------------------------------------------------------------------------------------ on the workers
def _open(folder: str, record: dict) -> _Part:
    from .tables_io import read_parts

    frame = read_parts(Path(folder), [record], columns=FIT_COLUMNS)
    # The passages in the order of all parts put together (documents by id), which the fit's samples count in.
    return _Part(frame.sort_values("doc_id", kind="mergesort", ignore_index=True))


def _documents(part: _Part) -> tuple[np.ndarray, np.ndarray]:
    """The part's documents in order, and how many training passages each has."""
    codes, ids = pd.factorize(part.frame["doc_id"].astype(str))
    return np.asarray(ids, dtype=object), np.bincount(codes[part.train], minlength=len(ids))


def _train_texts(part: _Part, ranks: np.ndarray) -> list[str]:
    return part.texts(part.train[ranks])[0]


def _count(part: _Part, model: ThemeModel) -> _Part:
    train, other = part.texts(part.train, part.other)
    with single_thread():
        counts, _ = model._counts_and_words(train)
        other, _ = model._counts_and_words(other)
    codes = pd.factorize(part.frame["doc_id"].astype(str).to_numpy()[part.train])[0]
    return part.then(counts=counts, other_counts=other, codes=codes)


def _held(part: _Part) -> tuple[np.ndarray, int]:
    """How many of the part's training passages hold each term, and its documents with any."""
    return term_rows(part.counts), int(part.codes.max(initial=-1)) + 1


def _by_document(part: _Part, candidates: np.ndarray) -> np.ndarray:
    return documents_holding(part.counts, part.codes, candidates)


def _weigh(part: _Part, model: ThemeModel) -> _Part:
    with single_thread():
        tfidf, other = model._tfidf(part.counts), model._tfidf(part.other_counts)
        return part.then(tfidf=tfidf, other_tfidf=other, scores=model._named_scores(part.counts, tfidf),
                         other_scores=model._named_scores(part.other_counts, other))


def _tfidf_rows(part: _Part, ranks: np.ndarray) -> sparse.csr_matrix:
    return part.tfidf[ranks]


def _project(part: _Part, model: ThemeModel) -> _Part:
    with single_thread():
        return part.then(embedding=model._embed_tfidf(part.tfidf), other_embedding=model._embed_tfidf(part.other_tfidf),
                         tfidf=None, other_tfidf=None)


def _embedding_rows(part: _Part, ranks: np.ndarray) -> np.ndarray:
    return part.embedding[ranks]


def _assign(part: _Part, clusters, n_classes: int) -> _Part:
    with single_thread():
        raw = clusters.predict(part.embedding) if len(part.embedding) else np.zeros(0, dtype=np.int64)
    return part.then(raw=np.asarray(raw, dtype=np.int64), n_classes=n_classes)


def _class_sums(part: _Part) -> tuple[np.ndarray, np.ndarray]:
    return class_sums(part.raw, part.n_classes, part.counts)


def _label_rows(part: _Part, remap: np.ndarray, ranks: np.ndarray) -> np.ndarray:
    return remap[part.raw[ranks]]


def _write(part: _Part, model: ThemeModel, remap: np.ndarray, ranks: np.ndarray, places: np.ndarray,
           anchor_embedding: np.ndarray, anchor_xy: np.ndarray, folder: str, index: int) -> tuple[Counter, dict]:
    """The part's assignments written as a part of the assignments table; how many of its training passages carry
    each named theme. ``ranks``: the part's training passages that the map's t-SNE laid out (their ranks among
    them), at ``places`` among all it laid out (``anchor_embedding``, ``anchor_xy``)."""
    from .tables_io import write_part

    frame, n = part.frame, len(part.frame)
    scores = np.zeros((n, len(model.theme_names_)))
    scores[part.train], scores[part.other] = part.scores, part.other_scores
    embedding = np.zeros((n, part.embedding.shape[1]), dtype=np.float32)
    embedding[part.train], embedding[part.other] = part.embedding, part.other_embedding
    cluster_index = np.zeros(n, dtype=np.int64)
    cluster_index[part.train] = remap[part.raw]
    if len(part.other):
        with single_thread():
            cluster_index[part.other] = model._predict_index(part.other_embedding)
    assigned, reasons = themes_in_context(frame, scores, model.theme_names_, model.min_score_, part.mask)
    laid_out = part.train[ranks]
    here = np.setdiff1d(np.arange(n), laid_out, assume_unique=True)
    xy = np.zeros((n, 2))
    xy[laid_out] = anchor_xy[places]
    with single_thread():
        xy[here] = _place(embedding, anchor_embedding, anchor_xy, rows=here)
    table = _assignments_table(frame, model, scores, assigned, reasons, cluster_index,
                               lambda: map_frame(frame["passage_id"], xy))
    for key in PART_KEYS:
        table[key] = frame[key].to_numpy()
    record = write_part(Path(folder), "assignments", index, table)
    record["keys"] = list(PART_KEYS)
    return carried_counts(assigned[i] for i in part.train), record


# ------------------------------------------------------------------------------------------ here
class _Order:
    """Where each training passage of the whole corpus lives: its rank among the training passages of all the parts
    in order (documents by id) → its part and its rank there."""

    def __init__(self, layouts: Sequence[tuple[np.ndarray, np.ndarray]]) -> None:
        """``layouts``: each part's documents in order and their training passages (:func:`_documents`)."""
        ids = np.concatenate([ids for ids, _ in layouts])
        part = np.concatenate([np.full(len(ids), i, dtype=np.int64) for i, (ids, _) in enumerate(layouts)])
        train = np.concatenate([t for _, t in layouts]).astype(np.int64)
        # each document's first training passage's rank within its part
        within = np.concatenate([np.cumsum(t) - t for _, t in layouts]).astype(np.int64)
        order = np.argsort(ids, kind="stable")  # the documents in the order of all parts put together
        self.part, self.within, train = part[order], within[order], train[order]
        self.starts = np.cumsum(train) - train  # each document's first training passage's rank among all
        self.n = int(train.sum())

    def locate(self, ranks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The parts of the training passages at ``ranks`` (among all), and their ranks within those parts."""
        ranks = np.asarray(ranks, dtype=np.int64)
        document = np.searchsorted(self.starts, ranks, side="right") - 1
        # documents with no training passage share their start with the next: the last of them is the one
        return self.part[document], self.within[document] + ranks - self.starts[document]


class _Fetched:
    """Rows of what the workers hold for the training passages, fetched by their ranks among all of them (``extra``:
    the getter's arguments after the part). Rows fetched beforehand (:meth:`keep`) are taken from here."""

    def __init__(self, client, parts: list, order: _Order, getter: Callable, stack: Callable, width: int = 0, *,
                 extra: tuple = (), priority: int = 0) -> None:
        self.client, self.parts, self.order, self.getter, self.stack = client, parts, order, getter, stack
        self.extra, self.priority = extra, priority
        self.shape = (order.n, width)
        self._kept: tuple[np.ndarray, object] | None = None

    def __len__(self) -> int:
        return self.order.n

    def keep(self, ranks: np.ndarray) -> None:
        """Fetch the rows at ``ranks`` now, in one round, for the takes to come."""
        ranks = np.unique(np.asarray(ranks, dtype=np.int64))
        self._kept = (ranks, self._fetch(ranks))

    def take(self, ranks: Sequence[int]):
        ranks = np.asarray(ranks, dtype=np.int64)
        if self._kept is not None:
            kept, rows = self._kept
            at = np.searchsorted(kept, ranks)
            if len(ranks) == 0 or (at.max() < len(kept) and np.array_equal(kept[at], ranks)):
                return rows[at]
        return self._fetch(ranks)

    __getitem__ = take

    def _fetch(self, ranks: np.ndarray):
        where, within = self.order.locate(ranks)
        asked = sorted(set(where.tolist()))
        pieces = self.client.gather([
            self.client.submit(self.getter, self.parts[p], *self.extra, within[where == p], pure=False,
                               priority=self.priority)
            for p in asked])
        # each part's rows come in the order asked; put back in the order of ``ranks``
        places = np.concatenate([np.flatnonzero(where == p) for p in asked]) if asked else np.zeros(0, dtype=np.int64)
        back = np.empty(len(places), dtype=np.int64)
        back[places] = np.arange(len(places))
        return self.stack(pieces, back)


def _texts(pieces, back) -> list[str]:
    """The parts' texts as one list, in the order asked (``back``: each text's place among the parts')."""
    flat = [text for piece in pieces for text in piece]
    return [flat[i] for i in back]


def _rows(pieces, back):
    """The parts' rows (sparse or dense) as one matrix, in the order asked (see :func:`_texts`)."""
    if pieces and sparse.issparse(pieces[0]):
        return sparse.vstack(pieces, format="csr")[back]
    return np.concatenate(pieces)[back] if pieces else np.zeros((0, 0), dtype=np.float32)


def _plus(total, result):
    """Two results added up: arrays, numbers, or tuples of them, item by item."""
    return tuple(a + b for a, b in zip(total, result)) if isinstance(total, tuple) else total + result


def _summed_here(function: Callable, parts: list, *args):
    """``function(part, *args)`` of each of ``parts`` (a worker's own), added up as they are worked out (on that
    worker: one sum held at a time, not one result per part)."""
    total = None
    for part in parts:
        result = function(part, *args)
        total = result if total is None else _plus(total, result)
    return total


def _summed(client, function: Callable, parts: list, *args, start, priority: int = 0):
    """The sum of ``function(part, *args)`` over the parts: each worker adds up its own parts' results, in as many
    tasks as it has threads, and only those sums come here. Sending a result per part (the term counts of every
    cluster are 80,000 numbers each) would move the corpus's partitions' worth of arrays into this process: a
    gigabyte for the UN corpus's 50 parts, and a part's worth for each of an archive's thousands. The parts' results
    are whole numbers, so the sum is the same however they are grouped."""
    from distributed import as_completed, wait

    wait(parts)
    holders = client.who_has(parts)
    threads = client.nthreads()
    on: dict[str | None, list] = {}
    for part in parts:
        held_by = sorted(holders.get(part.key) or ())
        on.setdefault(held_by[0] if held_by else None, []).append(part)
    pending = []
    for worker, here in on.items():
        tasks = max(1, min(len(here), threads.get(worker, 1)))
        pending.extend(client.submit(_summed_here, function, here[i::tasks], *args, pure=False, priority=priority,
                                     workers=None if worker is None else [worker], allow_other_workers=True)
                       for i in range(tasks))
    total = start
    for _, result in as_completed(pending, with_results=True):
        total = _plus(total, result)
    return total


def fit_parted_themes(client, folder: Path, records: list[dict], config=None, *, random_state: int = 0,
                      scheduler=None, progress: Progress | None = None) -> tuple[ThemeTables, list[dict]]:
    """Fit the theme model on the passages table written in parts (``records``, :func:`tables_io.write_part`) in
    ``folder``, on the workers of ``client`` (which must reach the folder); ``scheduler``: its
    :class:`~alliance_data.cluster.DaskScheduler`, for the stability re-fits and the map's t-SNE.

    Returns the theme tables and model (the tables' ``assignments`` empty) and the records of the assignments
    table's parts, which the workers wrote into ``folder`` (each part's rows with their ``doc_id``, named by the
    record's ``keys``, to be read back in order)."""
    say = progress or (lambda fraction, message: None)
    with single_thread():
        return _fit(client, str(Path(folder).resolve()), records, config, random_state, scheduler, say)


def _fit(client, folder: str, records: list[dict], config, random_state: int, scheduler, say) -> tuple[ThemeTables, list[dict]]:
    parts = [client.submit(_open, folder, record, pure=False) for record in records]
    order = _Order(client.gather([client.submit(_documents, part, pure=False) for part in parts]))
    n = order.n
    if n == 0:
        raise ValueError("no passages to fit themes on: every passage is duplicate or off-topic (or there are none)")
    model = ThemeModel(config=config, random_state=random_state)
    rng = model._begin_fit()
    say(0.05, f"Learning the vocabulary of {n:,} passages")
    learned, sample = model._learn_vocabulary(_Fetched(client, parts, order, _train_texts, _texts), rng)
    model.vectorizer_ = model._build_vectorizer(learned)

    say(0.15, f"Counting terms in {n:,} passages on the workers")
    [shared] = client.scatter([_sendable(model)], broadcast=True, hash=False)
    parts = [client.submit(_count, part, shared, pure=False) for part in parts]
    n_features = len(model.vectorizer_.vocabulary_)
    held, n_documents = _summed(client, _held, parts, start=(np.zeros(n_features, dtype=np.int64), 0))
    candidates = label_candidates(held, n_documents)
    by_document = None if candidates is None else _summed(client, _by_document, parts, candidates,
                                                          start=np.zeros(len(candidates), dtype=np.int64))
    model._fit_weights(held, n)
    common = common_words(model.vectorizer_.get_feature_names_out(), held, n, n_documents, by_document)

    say(0.35, "Scoring named themes on the workers")
    [shared] = client.scatter([_sendable(model)], broadcast=True, hash=False)
    parts = [client.submit(_weigh, part, shared, pure=False) for part in parts]
    say(0.45, "Projecting passages (LSA)")
    components = min(int(model.n_components), n_features - 1, len(sample) - 1)
    if components >= 2:
        from sklearn.decomposition import TruncatedSVD

        svd = TruncatedSVD(n_components=components, random_state=model.random_state)
        model.svd_ = svd.fit(_Fetched(client, parts, order, _tfidf_rows, _rows).take(sample))
    else:
        model.svd_ = None
    [shared] = client.scatter([_sendable(model)], broadcast=True, hash=False)
    parts = [client.submit(_project, part, shared, pure=False) for part in parts]
    width = n_features if model.svd_ is None else model.svd_.components_.shape[0]
    # The projected rows the fit needs here, fetched in one round: the clusters' sample, the stability re-fits'
    # and the map's laid-out passages. What the fit needs next from the workers goes ahead of the re-fits and
    # the map's t-SNE, which it does not wait for.
    embedding = _Fetched(client, parts, order, _embedding_rows, _rows, width, priority=1)
    anchors = anchor_rows(n, _themes._MAX_TSNE, random_state)
    base = model._stability_base(n, rng)
    embedding.keep(np.concatenate([sample, base, anchors]))
    anchor_embedding = embedding.take(anchors)
    layout = submit(scheduler, _layout, anchor_embedding, random_state)

    say(0.55, "Discovering themes (clustering)")
    k = auto_n_clusters(n) if model._k_setting == "auto" else int(min(model._k_setting, n))
    refits = model._stability_refits(embedding, base, k, scheduler)
    clusters = model._cluster_estimator(k, model.random_state)
    clusters.fit(embedding.take(sample))
    n_classes = clusters.cluster_centers_.shape[0]
    parts = [client.submit(_assign, part, clusters, n_classes, pure=False, priority=1) for part in parts]
    sizes, per_class = _summed(client, _class_sums, parts, start=(np.zeros(n_classes, dtype=np.int64),
                                                                 np.zeros((n_classes, n_features))), priority=1)
    remap = model._set_clusters(clusters, sizes, per_class, common)
    del per_class

    say(0.75, "Measuring the stability of discovered themes")
    model.labels_ = _Fetched(client, parts, order, _label_rows, lambda pieces, back: np.concatenate(pieces)[back]
                             if pieces else np.zeros(0, dtype=np.int64), extra=(remap,), priority=1)
    model.labels_.keep(base)
    model.stability_ = model._stability(embedding, refits)
    model.labels_ = np.zeros(0, dtype=np.int64)  # the training passages' clusters live in the assignments table
    model.named_scores_ = np.zeros((0, len(model.theme_names_)))
    model.n_train_ = n

    say(0.88, "Laying out the passage map")
    anchor_xy = np.asarray(layout.result(), dtype=np.float64)  # as the map holds them
    where, within = order.locate(anchors)
    say(0.92, "Writing the assignments on the workers")
    [shared] = client.scatter([_sendable(model)], broadcast=True, hash=False)
    written = client.gather([
        client.submit(_write, part, shared, remap, within[where == p], np.flatnonzero(where == p), anchor_embedding,
                      anchor_xy, folder, p, pure=False)
        for p, part in enumerate(parts)])
    themes = _themes_table(model, sum((counts for counts, _ in written), Counter()))
    return ThemeTables(themes=themes, assignments=pd.DataFrame(columns=ASSIGNMENT_COLUMNS), model=model), \
        [record for _, record in written]


def _sendable(model: ThemeModel) -> ThemeModel:
    """The model as the workers need it: without the term counter this process made (each worker makes its own)."""
    model.__dict__.pop("_counter", None)
    return model

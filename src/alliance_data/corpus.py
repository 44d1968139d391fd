"""Raw documents → the corpus tables (documents, passages, mentions, removed, collation).

The one place the pipeline steps are chained: load → clean → families →
structure → passages → off-topic → dates → eras → mentions.
"""

from __future__ import annotations

import pickle
from dataclasses import replace
from functools import partial
from typing import Any, Callable, Mapping, NamedTuple

import numpy as np
import pandas as pd

from . import dates as _dates
from . import mentions as _mentions
from .clean import (CleanedLines, Removal, clean_lines, drop_repeated_lines, read_page, repeated_line_candidates, repeated_lines,
                    to_document_lines)
from .eras import DECADES, Eras, era_of
from .extract import EXTRACTOR_RULE, RESTORED_RULE
from .families import COLLATION_COLUMNS, choose_canonical, collate, document_keys, find_families
from .load import (DEFAULT_LIMITS, Limits, LoadProblem, LoadResult, PendingPage, RawDocument, extract_page, guard,
                   iter_sources)
from .offtopic import flag_offtopic
from .passages import build_passages, collapsed_split_count, split_paragraphs
from .structure import extract_structure
from .digest import code_fingerprint, fingerprint
from .tables import DOCUMENT_COLUMNS, MENTION_COLUMNS, PASSAGE_COLUMNS, REMOVED_COLUMNS, Corpus
from .workers import CHUNK, ProcessScheduler, default_jobs, release_memory, run_here, scaled_progress, submit

__all__ = [
    "Corpus", "load_corpus", "build_corpus", "read_documents", "wants_workers", "scheduler_for", "CleaningAhead",
    "DocumentHeader", "clean_document", "build_document", "Assembled", "assemble", "settle_documents",
    "collation_pairs", "collate_pairs", "finish_passages", "code_fingerprint", "fingerprint",
    "DOCUMENT_COLUMNS", "PASSAGE_COLUMNS", "REMOVED_COLUMNS",
]

Progress = Callable[[float, str], None]


def load_corpus(
    sources: str | Path | Iterable[str | Path] | None = None,
    *,
    eras: Eras = DECADES,
    progress: Progress | None = None,
    limits: Limits = DEFAULT_LIMITS,
    jobs: int | None = None,
    scheduler=None,
) -> Corpus:
    """Load and build a corpus: the bundled seeds when ``sources`` is None (``jobs``, ``scheduler``: see build_corpus)."""
    if progress:
        progress(0.0, "Reading files")
    if scheduler is not None:
        loaded = read_documents(sources, limits=limits, scheduler=scheduler)
        corpus = build_corpus(loaded, eras=eras, progress=progress, scheduler=scheduler)
    else:
        with ProcessScheduler(jobs) as pool:  # one set of workers for the web pages and the build
            loaded = read_documents(sources, limits=limits, scheduler=pool if pool.jobs > 1 else None)
            corpus = build_corpus(loaded, eras=eras, progress=progress, jobs=1, scheduler=scheduler_for(loaded, pool))
    del loaded
    release_memory()  # the raw texts and the steps' scratch are gone now
    return corpus


def _report(progress: Progress | None, fraction: float, message: str) -> None:
    if progress:
        progress(fraction, message)


class DocumentHeader(NamedTuple):
    """What the steps after cleaning need of a raw document: all but its text, which is not sent to a worker twice."""

    doc_id: str
    source: str
    encoding: str
    meta: Mapping[str, Any]


def _document_tables(doc: RawDocument | DocumentHeader, c: CleanedLines, family: str) -> tuple[dict, tuple, tuple, tuple]:
    """One document's row, removed lines, passages and the years its passages mention: structure, passages,
    off-topic flags, dating and historical references.

    Removed lines come as the columns ``_REMOVED_PARTS``, passages as the columns ``_PASSAGE_PARTS``, mentions as
    :func:`alliance_data.mentions.find_mentions` gives them (each with its passage's position in the document).
    """
    structure = extract_structure(
        c.lines, meta=doc.meta, removed_lines=[r.text for r in c.removed],
        find_dateline=_dates.find_dateline, cleaned_away=c.removed,
    )
    cleaned = c.removed
    if structure.relabelled:  # the headline or byline cleaning removed with the lines around it: logged as such
        fields = dict(structure.relabelled)
        cleaned = tuple(r._replace(rule=fields[r.line]) if r.line in fields else r for r in cleaned)
    removals = sorted(cleaned + structure.removed, key=lambda r: r.line)
    markers = sorted(set(c.end_markers) | set(structure.end_markers))
    body = structure.body
    if markers:
        before = [line for line in body if line.number < markers[0]]
        after = [line for line in body if line.number > markers[0]]
        head_paragraphs = split_paragraphs(before)
        paragraphs = head_paragraphs + split_paragraphs(after)
        first_after_end_paragraph = len(head_paragraphs) if after else None
    else:
        paragraphs = split_paragraphs(body)
        first_after_end_paragraph = None
    clean_text, passages = build_passages(doc.doc_id, paragraphs, collapsed=True)
    first_after_end = None
    if first_after_end_paragraph is not None:
        # The first passage whose offset lies in the paragraphs after the end marker.
        boundary = sum(len(p) + 2 for p in paragraphs[:first_after_end_paragraph])
        first_after_end = next((p.position for p in passages if p.start >= boundary), None)
    reasons = flag_offtopic([p.text for p in passages], first_after_end=first_after_end)
    ontopic = [p.text for p, r in zip(passages, reasons) if r is None]
    ontopic_text = "\n\n".join(ontopic)
    head = "\n".join(x for x in (structure.title, structure.subtitle) if x)
    estimate = _dates.date_document(f"{head}\n\n{ontopic_text}".strip(), meta_date=doc.meta.get("date"),
                                    meta_method=doc.meta.get("date_source"), meta_kind=doc.meta.get("date_source"),
                                    dateline=structure.dateline_estimate)
    doc_row = {
        "doc_id": doc.doc_id, "source": doc.source,
        "title": structure.title or doc.meta.get("id"), "subtitle": structure.subtitle,
        "author": structure.author, "outlet": structure.outlet, "dateline": structure.dateline,
        "date": estimate.date, "date_min": estimate.date_min, "date_max": estimate.date_max,
        "date_precision": estimate.precision, "date_method": estimate.method,
        "date_evidence": list(estimate.evidence),
        "family_id": family, "removed": [r.as_record() for r in removals],
        "flagged": [r.as_record() for r in c.flagged], "clean_text": clean_text,
        "n_passages": len(passages), "encoding": doc.encoding,
        "ontopic_words": collapsed_split_count(ontopic),  # the words of ontopic_text
    }
    # Columns, not a dict per row: fewer objects to send between processes and to hold until the frames are made.
    removed_columns = ([r.rule for r in removals], [r.text for r in removals], [r.line for r in removals])
    passage_columns = (
        [p.passage_id for p in passages], [p.position for p in passages], [p.start for p in passages],
        [p.end for p in passages], [p.text for p in passages], [reason is not None for reason in reasons], list(reasons),
    )
    return doc_row, removed_columns, passage_columns, _mentions.find_mentions(passage_columns[4])


_REMOVED_PARTS = ("rule", "text", "line")
_PASSAGE_PARTS = ("passage_id", "position", "start", "end", "text", "offtopic", "offtopic_reason")

#: Fewer documents than this are built in this process: starting worker processes would cost more than it saves.
MIN_PARALLEL_DOCUMENTS = 200
#: Web pages read before their articles go to the workers (a page costs as much as some hundred plain documents).
MIN_PARALLEL_PAGES = 40


def wants_workers(loaded: LoadResult, jobs: int) -> bool:
    """Whether building ``loaded`` with ``jobs`` processes is worth starting worker processes for."""
    return jobs > 1 and len(loaded.documents) >= MIN_PARALLEL_DOCUMENTS


def scheduler_for(loaded: LoadResult, pool: ProcessScheduler) -> ProcessScheduler | None:
    """``pool`` to build ``loaded`` on, or None to build here: the pool when its workers are running already (web
    pages were extracted on them as they were read) or when the corpus is worth starting them for."""
    return pool if pool.started or wants_workers(loaded, pool.jobs) else None


#: Web pages sent to a worker at a time while the sources are read, and batches under way at most per worker: the
#: pages not yet extracted are held here until a worker takes them, so a few batches, never a whole archive's HTML.
PAGE_BATCH = 8
PAGE_BATCHES_PER_WORKER = 2


def _extract_batch(pages: tuple[PendingPage, ...]) -> list[tuple[RawDocument | None, list[LoadProblem]]]:
    return [extract_page(page) for page in pages]


def read_documents(sources=None, *, limits: Limits = DEFAULT_LIMITS, scheduler=None,
                   on_document: Callable[[RawDocument], None] | None = None) -> LoadResult:
    """:func:`~alliance_data.load.read_sources`, the web pages' articles extracted as the pages are read: on the
    ``scheduler``'s workers once ``MIN_PARALLEL_PAGES`` pages have come (here before, and without a scheduler),
    a few batches under way at a time. Each document keeps its place, and ``on_document`` is handed each one
    once it is ready; a page without an article is reported after the reading's problems. The same documents
    and problems with or without workers."""
    from collections import deque

    problems: list[LoadProblem] = []
    documents: list[RawDocument | None] = []
    page_problems: dict[int, list[LoadProblem]] = {}
    under_way: deque = deque()  # (the pages' places, their pending extraction)
    batch: list[tuple[int, PendingPage]] = []
    pages = 0
    most = PAGE_BATCHES_PER_WORKER * max(1, int(getattr(scheduler, "workers", 1) or 1))

    def settle(places: list[int], results: list[tuple]) -> None:
        for place, (doc, failed) in zip(places, results):
            documents[place] = doc
            if failed:
                page_problems[place] = failed
            if doc is not None and on_document is not None:
                on_document(doc)

    def send() -> None:
        places, sent = [p for p, _ in batch], tuple(page for _, page in batch)
        batch.clear()
        under_way.append((places, submit(scheduler, _extract_batch, sent)))
        while len(under_way) > most:
            places, pending = under_way.popleft()
            settle(places, pending.result())

    for doc in iter_sources(sources, limits=limits, problems=problems, extract_later=True):
        documents.append(None)
        if not isinstance(doc, PendingPage):
            settle([len(documents) - 1], [(doc, [])])
            continue
        pages += 1
        if scheduler is None or pages <= MIN_PARALLEL_PAGES:
            settle([len(documents) - 1], [extract_page(doc)])
            continue
        batch.append((len(documents) - 1, doc))
        if len(batch) >= PAGE_BATCH:
            send()
    if batch:
        send()
    while under_way:
        places, pending = under_way.popleft()
        settle(places, pending.result())
    problems += [p for place in sorted(page_problems) for p in page_problems[place]]
    return LoadResult(tuple(doc for doc in documents if doc is not None), tuple(problems))


def clean_document(doc: RawDocument) -> tuple[bytes | None, list[LoadProblem], tuple | None]:
    """One document's line and span rules, behind the guard (runs in a worker process or here).

    Also what the steps across documents need of it, computed here so they run in the workers
    too: its sentence keys and paragraph keys (near-duplicates) and its candidate furniture lines.
    """
    problems: list[LoadProblem] = []
    with guard(doc.source, problems, step="cleaning"):
        page = read_page(doc.text)
        # Line numbers as in the document the user brought (a converter's copy has lines joined for the cleaner).
        c = to_document_lines(clean_lines(page.text, content_blocks="extracted_by" not in doc.meta), page.lines)
        left_out = doc.meta.get("extractor_removed")
        if left_out:  # an HTML page's visible lines that the extractor left out (extract.py)
            extra = tuple(Removal(text, EXTRACTOR_RULE, 0) for text in left_out)
            c = replace(c, removed=extra + c.removed)
        blocks = doc.meta.get("extractor_blocks")
        if blocks:  # blocks of the extracted text removed under their rules (extract.py)
            c = replace(c, removed=tuple(Removal(text, rule, 0) for text, rule in blocks) + c.removed)
        restored = doc.meta.get("extractor_restored")
        if restored:  # lines it left out that were put back in the article (extract.py): kept, and flagged
            c = replace(c, flagged=tuple(Removal(text, RESTORED_RULE, 0) for text in restored) + c.flagged)
        text = "\n".join(line.text for line in c.lines)
        # The cleaned lines go back pickled and are only handed on to the next step's worker: held as
        # bytes here they take a fraction of the memory of the lines as objects, and cost no unpickling.
        return pickle.dumps(c, protocol=pickle.HIGHEST_PROTOCOL), problems, (
            *document_keys(text), repeated_line_candidates(c.lines))
    return None, problems, None


def build_document(item: tuple[DocumentHeader, bytes, str, set[int]], *,
                   clean_text: bool = True) -> tuple[tuple | None, list[LoadProblem]]:
    """One document's repeated furniture dropped, then structure, passages, off-topic flags and date, behind the guard.

    Its clean text (left out without ``clean_text``) and its passages' texts come as Arrow arrays (see
    :func:`_text_column`).
    """
    doc, cleaned, family, repeated = item
    problems: list[LoadProblem] = []
    with guard(doc.source, problems, step="building passages and dates"):
        document, removals, passage_parts, mentioned = _document_tables(
            doc, drop_repeated_lines(pickle.loads(cleaned), repeated), family)
        if clean_text:
            document["clean_text"] = _arrow_texts([document["clean_text"]])
        else:
            del document["clean_text"]
        text = _PASSAGE_PARTS.index("text")
        passage_parts = (*passage_parts[:text], _arrow_texts(passage_parts[text]), *passage_parts[text + 1:])
        return (document, removals, passage_parts, mentioned), problems
    return None, problems


#: The type of pandas' default string columns (``str``): Arrow's large strings, missing values as NaN.
_TEXT_DTYPE = pd.StringDtype("pyarrow", na_value=np.nan)


def _arrow_texts(texts: list[str]):
    """Texts as an Arrow array: converted where they are made (a worker), the build's process only joins them."""
    import pyarrow as pa

    return pa.array(texts, type=pa.large_string())


def _text_column(chunks: list) -> pd.api.extensions.ExtensionArray:
    """Arrow arrays of texts joined into one column, as pandas makes a column of the same strings."""
    import pyarrow as pa

    return pd.array(pa.chunked_array(chunks, type=pa.large_string()).combine_chunks(), dtype=_TEXT_DTYPE)


def _clean_batch(docs: tuple[RawDocument, ...]) -> list[tuple[bytes | None, list[LoadProblem], tuple | None]]:
    """:func:`clean_document` over a batch of documents (a task of :class:`CleaningAhead`)."""
    return [clean_document(doc) for doc in docs]


class CleaningAhead:
    """Documents cleaned on a scheduler's workers as they are read, while the rest are still being read.

    Give :meth:`add` to :func:`alliance_data.load.read_sources` as ``on_document`` and the object to
    :func:`build_corpus` as ``ahead``: cleaning a document depends on that document alone, so its result
    is the same whenever and wherever it runs, and the build's tables are the same as without it.
    A document read but never added is cleaned by :func:`build_corpus` as usual.
    """

    def __init__(self, scheduler, *, chunk: int = CHUNK) -> None:
        self._scheduler = scheduler
        self._chunk = max(1, int(chunk))
        self._batch: list[RawDocument] = []
        self._pending: list[tuple[list[str], Any]] = []  # each batch's doc ids and its pending result

    def add(self, doc: RawDocument) -> None:
        """Queue a document; a full batch goes to a worker at once."""
        self._batch.append(doc)
        if len(self._batch) >= self._chunk:
            self._send()

    def _send(self) -> None:
        if self._batch:
            batch, self._batch = tuple(self._batch), []
            self._pending.append(([doc.doc_id for doc in batch], submit(self._scheduler, _clean_batch, batch)))

    def results(self, progress: Progress | None = None, label: str = "") -> dict[str, tuple]:
        """Every added document's cleaning (as :func:`clean_document` gives it) by doc id, waiting for the workers."""
        self._send()
        pending, self._pending = self._pending, []
        n = sum(len(ids) for ids, _ in pending)
        done: dict[str, tuple] = {}
        for ids, result in pending:
            done.update(zip(ids, result.result()))
            if progress:
                progress(len(done) / max(n, 1), f"{label} ({len(done):,} of {n:,}, cleaned while reading)")
        return done


def _map_documents(function, items: list, progress: Progress | None, low: float, high: float,
                   label: str, scheduler=None) -> list:
    """``function`` over ``items``, results in input order: on the ``scheduler``'s workers, else here.

    Results come back in input order whatever the scheduler (a :class:`~alliance_data.workers.ProcessScheduler`
    or a :class:`~alliance_data.cluster.DaskScheduler`), so a build on any of them gives the same tables.
    """
    scaled = scaled_progress(progress, low, high)
    if scheduler is not None:
        return scheduler.map(function, items, progress=scaled, label=label)
    return run_here(function, items, scaled, label)


def _rows_or_none(columns: dict[str, list]) -> dict[str, list] | list:
    """Columns for a frame; none at all when they are empty (empty lists would make number columns)."""
    return columns if any(columns.values()) else []


def collate_pairs(pairs: list[tuple]) -> list[dict]:
    """:func:`~alliance_data.families.collate` of each ``(family, canonical, copy, its passages, the copy's)``,
    rows in the pairs' order (may run in a worker process)."""
    return [row for pair in pairs for row in collate(*pair)]


class Assembled(NamedTuple):
    """Documents' per-document results put together as frames (all of a corpus's, or one partition's on a worker),
    before the steps across documents settle their canonical members, family dates and eras."""

    documents: pd.DataFrame  # DOCUMENT_COLUMNS (canonical and era not yet known; clean_text if kept), ontopic_words
    passages: pd.DataFrame  # the passages' own columns, in the documents' order
    passage_document: np.ndarray  # each passage's document, by its row in ``documents``
    removed: pd.DataFrame
    found: list  # each document's mentions, with the number of passages before its own
    problems: list
    rows: list[dict]  # the documents' rows as built, without their clean text


def assemble(results: list) -> Assembled:
    """:func:`build_document`'s results, in the documents' order, as frames."""
    problems: list[LoadProblem] = []
    doc_rows: list[dict] = []
    passage_columns: dict[str, list] = {name: [] for name in _PASSAGE_PARTS if name != "text"}
    passage_counts: list[int] = []  # each document's number of passages, in the documents' order
    removed_columns: dict[str, list] = {name: [] for name in ("doc_id", "source", *_REMOVED_PARTS)}
    found: list[tuple] = []
    clean_texts: list = []  # each document's clean text, and each one's passages' texts, as Arrow arrays
    passage_texts: list = []
    for result, failed in results:
        problems.extend(failed)
        if result is not None:
            document, removals, passage_parts, mentioned = result
            if "clean_text" in document:
                clean_texts.append(document.pop("clean_text"))
            doc_rows.append(document)
            found.append((len(passage_columns["passage_id"]), mentioned))
            passage_counts.append(len(passage_parts[0]))
            for name, values in zip(_PASSAGE_PARTS, passage_parts):
                if name == "text":
                    passage_texts.append(values)
                else:
                    passage_columns[name].extend(values)
            n = len(removals[0])
            removed_columns["doc_id"].extend([document["doc_id"]] * n)
            removed_columns["source"].extend([document["source"]] * n)
            for name, values in zip(_REMOVED_PARTS, removals):
                removed_columns[name].extend(values)
    del results
    # Documents built without their clean text (build_corpus's ``clean_text``) have no such column.
    left_out = ["clean_text"] if doc_rows and not clean_texts else []
    documents = pd.DataFrame(doc_rows, columns=[c for c in DOCUMENT_COLUMNS + ["ontopic_words"] if c not in left_out])
    if clean_texts:
        documents["clean_text"] = _text_column(clean_texts)
    del clean_texts
    # Each passage's document by its row in ``documents`` (which keeps its rows' order from here on): the
    # passages' document columns are taken from it by position, not looked up by id.
    passage_document = np.repeat(np.arange(len(doc_rows), dtype=np.int64), passage_counts)
    if len(passage_document):
        passage_columns["text"] = _text_column(passage_texts)
        for column in ("doc_id", "family_id"):
            passage_columns[column] = documents[column].array.take(passage_document)
    del passage_texts, passage_counts
    passages = pd.DataFrame(passage_columns if len(passage_columns["passage_id"]) else [], columns=[
        "passage_id", "doc_id", "family_id", "position", "start", "end", "text", "offtopic", "offtopic_reason",
    ])
    removed = pd.DataFrame(_rows_or_none(removed_columns), columns=REMOVED_COLUMNS)
    return Assembled(documents, passages, passage_document, removed, found, problems, doc_rows)


def settle_documents(documents: pd.DataFrame, eras: Eras) -> tuple[pd.DataFrame, list[tuple[str, str, list[str]]]]:
    """The steps across documents on the documents' rows (in doc id order): each family's canonical member, its
    title, author and outlet for copies without one, family dates, eras.

    Returns the documents' ``DOCUMENT_COLUMNS`` (those ``documents`` has) and each family of copies as
    ``(family, canonical, the other members)``. Needs no text: a cluster's build does it on the documents'
    small columns alone.
    """
    documents = documents.copy(deep=False)  # its columns are replaced, never written into
    documents["canonical"] = True
    family_sizes = documents.groupby("family_id")["doc_id"].transform("size")
    families: list[tuple[str, str, list[str]]] = []
    for family, members in documents[family_sizes > 1].groupby("family_id", sort=True):
        canonical = choose_canonical(members)
        documents.loc[members.index, "canonical"] = members["doc_id"].eq(canonical).to_numpy()
        for column in ("title", "author", "outlet"):  # a copy without a header takes its family's
            known = members.dropna(subset=[column]).sort_values("source")[column]
            if not known.empty:
                documents.loc[members.index, column] = members[column].fillna(known.iloc[0]).to_numpy()
        families.append((family, canonical, [d for d in sorted(members["doc_id"]) if d != canonical]))
    documents = _dates.propagate_family_dates(documents)
    documents["era"] = [era_of(a, b, eras) for a, b in zip(documents["date_min"], documents["date_max"])]
    return documents[[c for c in DOCUMENT_COLUMNS if c in documents]].reset_index(drop=True), families


def collation_pairs(families: list[tuple[str, str, list[str]]], passages_of: Callable[[str], pd.DataFrame]) -> list[tuple]:
    """Each copy beside its family's canonical member, to collate: ``(family, canonical, copy, its passages, the
    copy's)``; ``passages_of(doc_id)`` gives a document's passages' ``passage_id`` and ``text`` in order."""
    pairs: list[tuple] = []
    for family, canonical, others in families:
        left = passages_of(canonical)
        pairs.extend((family, canonical, other, left, passages_of(other)) for other in others)
    return pairs


def finish_passages(part: Assembled, documents: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The passage and mention tables of assembled documents, given their settled rows (``documents``, in the
    same order): each passage takes its document's dates, era, source and title, and is a duplicate unless its
    document is canonical; rows in doc id and position order."""
    passages = part.passages
    info = documents[["date", "date_min", "date_max", "era", "canonical", "source", "title"]].take(part.passage_document)
    passages = pd.concat([passages, info.set_axis(passages.index)], axis=1)
    passages["duplicate"] = ~passages.pop("canonical").astype(bool)
    passages = passages[PASSAGE_COLUMNS].sort_values(["doc_id", "position"], kind="mergesort")
    place = np.empty(len(passages), dtype=np.int64)  # each passage's row before the sort → its row now
    place[passages.index.to_numpy()] = np.arange(len(passages))
    passages = passages.reset_index(drop=True)
    mentions = _mentions.mention_table(passages["passage_id"].to_numpy(), passages["doc_id"].to_numpy(),
                                       _mentions.renumber_mentions(_mentions.combine_mentions(part.found), place))
    return passages, mentions.reset_index(drop=True)


def build_corpus(loaded: LoadResult, *, eras: Eras = DECADES, progress: Progress | None = None,
                 jobs: int | None = None, scheduler=None, ahead: CleaningAhead | None = None,
                 clean_text: bool = True) -> Corpus:
    """Chain the pipeline steps over loaded documents.

    Each document's steps run behind the loader's guard: a document that fails one
    is left out and named among the problems, and the rest of the corpus is built.
    The per-document steps (cleaning; structure, passages and dating) run in ``jobs``
    processes (default: every core); the steps across documents (families, repeated
    lines, collation, mentions) run here. Any ``jobs`` gives the same tables. With a
    ``scheduler`` (see :mod:`alliance_data.cluster`) the per-document steps run on a Dask
    cluster's workers, a partition of documents at a time, and the tables are the same again.
    ``ahead``: documents whose cleaning began while they were read (see :class:`CleaningAhead`).
    Without ``clean_text`` the documents table has no ``clean_text`` column: a caller that never reads a document's
    whole clean text (the dashboard shows and stores the passages' text) spares its workers converting and sending
    it and this process joining it into a column, and holds a copy of the corpus's text less.
    """
    jobs = default_jobs() if jobs is None else max(1, int(jobs))
    if scheduler is None and wants_workers(loaded, jobs):
        with ProcessScheduler(jobs) as pool:  # one pool for every step of the build
            return build_corpus(loaded, eras=eras, progress=progress, scheduler=pool, ahead=ahead,
                                clean_text=clean_text)
    raw = sorted(loaded.documents, key=lambda d: d.doc_id)
    problems = list(loaded.problems)

    # 1. Line and span rules.
    _report(progress, 0.05, f"Cleaning {len(raw):,} documents")
    cleaned: dict[str, bytes] = {}  # pickled CleanedLines
    keys: dict[str, np.ndarray] = {}  # each document's sentence keys and paragraphs' keys (families.key_array)
    cores: dict[str, np.ndarray] = {}
    candidates: dict[str, tuple] = {}
    early = ahead.results(progress and (lambda f, m: progress(0.05 + 0.3 * f, m)), "Cleaning documents") \
        if ahead is not None else {}
    rest = [doc for doc in raw if doc.doc_id not in early]
    cleaned_rest = iter(_map_documents(clean_document, rest, progress, 0.05, 0.35, "Cleaning documents", scheduler))
    results = [early[doc.doc_id] if doc.doc_id in early else next(cleaned_rest) for doc in raw]
    del early, rest, cleaned_rest
    for doc, (c, failed, evidence) in zip(raw, results):
        problems.extend(failed)
        if c is not None:
            cleaned[doc.doc_id] = c
            keys[doc.doc_id], cores[doc.doc_id], candidates[doc.doc_id] = evidence
    del results
    built = [doc for doc in raw if doc.doc_id in cleaned]

    # 2. Near-duplicate families (on the kept text), then boilerplate repeated across families.
    _report(progress, 0.35, "Finding near-duplicate copies")
    family_of = find_families(keys, cores.__getitem__)
    repeated = repeated_lines(candidates, family_of)
    del keys, cores, candidates

    # 3. Structure, passages and off-topic flags.
    _report(progress, 0.45, "Finding structure and passages")
    items = [(DocumentHeader(doc.doc_id, doc.source, doc.encoding, doc.meta), cleaned[doc.doc_id], family_of[doc.doc_id],
              repeated.get(doc.doc_id, set())) for doc in built]
    build = build_document if clean_text else partial(build_document, clean_text=False)
    results = _map_documents(build, items, progress, 0.45, 0.8, "Passages and dates", scheduler)
    del items, cleaned
    part = assemble(results)
    del results
    problems.extend(part.problems)
    release_memory()

    # 4. Canonical members, family dates and titles, eras.
    _report(progress, 0.8, "Dating documents and collating copies")
    documents, families = settle_documents(part.documents, eras)
    passages = part.passages
    # The copies are collated on a worker while this process builds the passage table.
    pairs = collation_pairs(families, lambda doc_id: passages.loc[passages["doc_id"] == doc_id, ["passage_id", "text"]])
    collated = submit(scheduler, collate_pairs, pairs) if pairs else None
    del pairs

    # 5. Passage table with the document's dates, era and flags.
    _report(progress, 0.9, "Extracting historical references")
    passages, mentions = finish_passages(part, documents)
    removed = part.removed
    del part
    collation = pd.DataFrame(collated.result() if collated is not None else [], columns=COLLATION_COLUMNS)
    release_memory()
    _report(progress, 1.0, "Corpus ready")
    return Corpus(
        documents=documents,
        passages=passages,
        mentions=mentions.reset_index(drop=True),
        removed=removed,
        collation=collation,
        problems=tuple(problems),
        fingerprint=fingerprint(raw, settings=eras.label),
        eras=eras,
    )

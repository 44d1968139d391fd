"""An export whose documents stay on a Dask cluster's workers: each partition is cleaned, built and written
where it lives, and only what the steps across documents need travels.

:func:`export_partitioned` writes the same folder of Parquet tables as a build in one process (read back,
every table is the same), in these steps:

1. The files of a folder are read on the workers, when every worker reaches the folder at the path given here:
   this process lists them (and counts them against the limit on files) and sends their paths, a partition's
   worth of files at a time. A file named on its own, an archive, or a folder the workers cannot reach is read
   here, and each partition of documents is sent to the workers as soon as it is read, keeping none of their
   text. An HTML page goes as it is read, and its article is extracted on the worker (most of the cost of
   reading a page). Back come the documents' names, for naming the same name from two sources apart in the
   order of reading, and each file's problems, which take its place among the reading's problems.
2. The workers clean their partitions and keep the cleaned lines and near-duplicate keys; back come each
   document's number of keys, candidate furniture lines and a digest (for the corpus's fingerprint).
3. Near-duplicate families (:func:`_families_over_parts`): beyond ten million keys, as reductions (the keys are
   shuffled by key between the workers, each bucket counts the pairs of documents its keys make, the counts are
   summed by pair); below, the pairs are counted here from the keys fetched. The pairs sharing enough keys are
   judged here, with the paragraph keys of their documents fetched. Here, lines repeated across families.
4. The workers build their partitions' structure, passages, dates and mentions and keep them; back come the
   documents' small columns (no text, no removed lines).
5. Here, on those rows: each family's canonical member, titles and dates for copies, eras; the copies are
   collated, their passages alone fetched from the workers.
6. The workers write their partitions' documents, passages, mentions and removed lines as Parquet parts into
   the output folder, which every worker must be able to write (shared storage on a cluster of machines).
7. The theme model, fitted on the workers' parts of the passages table with only its samples and sums coming here
   (:mod:`alliance_data.parted_themes`); the workers write the assignments table in parts. Here: the themes
   table and the model's files, and last the manifest, which lists every part with its checksum.

What this process holds is what the steps across documents need: each document's number of near-duplicate keys,
its candidate furniture lines and its small columns, the pairs of documents that share keys (and, for a while,
the keys themselves where they are few enough to count here), and the theme model's samples. The documents' text,
cleaned lines, removed lines, passages and built tables stay on the workers.
"""

from __future__ import annotations

import os
from collections import deque
from dataclasses import replace
from pathlib import Path
from typing import Callable, Iterable, Iterator, NamedTuple, Sequence

import numpy as np
import pandas as pd

from .corpus import (Assembled, DocumentHeader, assemble, build_document, clean_document, collate_pairs,
                     collation_pairs, finish_passages, settle_documents)
from .clean import repeated_lines
from .digest import document_digest, fingerprint_of
from .eras import DECADES, Eras
from .export import clear_export
from .families import COLLATION_COLUMNS, MIN_SHARED, families_from_pairs, posting_pairs
from .load import (DEFAULT_LIMITS, Limits, LoadProblem, PendingFile, PendingPage, RawDocument, SourceNames,
                   extract_page, iter_sources, read_pending_file, source_paths)
from .tables import DOCUMENT_COLUMNS

__all__ = ["PART_DOCUMENTS", "export_partitioned"]

#: A partition's documents are read, sent, cleaned, built and written together (a part file of each table). It
#: closes at this many documents or this much text read, whichever comes first: web pages cost far more each than
#: plain speeches or articles, and a few large partitions would leave workers idle while one works on.
PART_DOCUMENTS = 500
PART_CHARACTERS = 4_000_000
#: The documents' columns that stay on the workers until written: their text and the lines removed from it.
HEAVY_COLUMNS = ("clean_text", "removed", "flagged")
#: The corpus's tables the workers write in parts, each in a folder of its name (the theme model's assignments too,
#: :mod:`alliance_data.parted_themes`).
PARTED_TABLES = ("documents", "passages", "mentions", "removed")

Progress = Callable[[float, str], None]


class _Cleaned(NamedTuple):
    """One partition cleaned (held by a worker): its documents in doc id order, each one's pickled cleaned lines
    (None when cleaning failed), the problems met, what the steps across documents need of it, and each
    document's digest for the corpus's fingerprint; and the problems met extracting its HTML pages."""

    headers: list[DocumentHeader]
    cleaned: list[bytes | None]
    problems: list[list[LoadProblem]]
    evidence: list[tuple | None]
    digests: list[bytes]
    reading_problems: list[LoadProblem]


class _Read(NamedTuple):
    """Documents read (held by a worker): in chunks of a partition each, in the order of reading, not yet named
    apart; and the problems met reading each of the files they came from (none for documents read here)."""

    chunks: tuple[tuple[RawDocument | PendingPage, ...], ...]
    problems: tuple[tuple[LoadProblem, ...], ...] = ()


def _read_files(files: Sequence[PendingFile], limits: Limits, part_documents: int) -> _Read:
    """A batch of a folder's files read on a worker, their documents in chunks of a partition each."""
    items, problems = [], []
    for file in files:
        found, failed = read_pending_file(file, limits=limits, extract_later=True)
        items.extend(found)
        problems.append(tuple(failed))
    return _Read(tuple(tuple(chunk) for chunk in _batches(items, part_documents)), tuple(problems))


def _outline(read: _Read) -> tuple[list[list[str]], tuple[tuple[LoadProblem, ...], ...]]:
    """What this process needs of documents read on a worker: each chunk's names, and each file's problems."""
    return [[item.source for item in chunk] for chunk in read.chunks], read.problems


def _clean_chunk(read: _Read, chunk: int, names: dict[int, str]) -> _Cleaned:
    return _clean_part(read.chunks[chunk], names)


def _clean_part(items: Sequence[RawDocument | PendingPage], names: dict[int, str] | None = None) -> _Cleaned:
    """A partition cleaned; ``names``: the place and new name of each of its documents named apart."""
    docs: list[RawDocument] = []
    reading_problems: list[LoadProblem] = []
    for place, item in enumerate(items):
        if names and place in names:
            item = replace(item, source=names[place])
        if isinstance(item, PendingPage):  # an HTML page: its article extracted here, on the worker
            item, failed = extract_page(item)
            reading_problems.extend(failed)
            if item is None:
                continue
        docs.append(item)
    docs.sort(key=lambda d: d.doc_id)
    results = [clean_document(doc) for doc in docs]
    return _Cleaned([DocumentHeader(d.doc_id, d.source, d.encoding, d.meta) for d in docs], [r[0] for r in results],
                    [r[1] for r in results], [r[2] for r in results], [document_digest(d) for d in docs],
                    reading_problems)


def _evidence(part: _Cleaned) -> tuple:
    """What the steps across documents need here of a cleaned partition: its documents' ids, each one's number of
    sentence keys and candidate furniture lines (None when cleaning failed), problems and digests. The keys
    themselves stay on the worker (:func:`_key_frame`, :func:`_cores`)."""
    evidence = [None if found is None else (len(found[0]), found[2]) for found in part.evidence]
    return [h.doc_id for h in part.headers], evidence, part.problems, part.digests, part.reading_problems


#: Buckets of near-duplicate keys per worker when the keys are shuffled (:func:`_families_over_parts`).
BUCKETS_PER_WORKER = 2
#: Up to this many near-duplicate keys in all (8 bytes each, and as much again for their documents' places), the
#: pairs are counted where the export started, from the keys fetched: about 70,000 speeches' worth. A shuffle
#: between the workers costs seconds of set-up whatever its size (6 s for the UN corpus's 1.5 million keys on two
#: workers, where counting them here takes 0.5 s), and pays off only when the keys would crowd this process.
KEYS_COUNTED_HERE = 10_000_000
_KEYS_META = {"key": np.zeros(0, dtype=np.uint64), "doc": np.zeros(0, dtype=np.int64)}
_PAIRS_META = {"code": np.zeros(0, dtype=np.int64), "count": np.zeros(0, dtype=np.int64)}


def _key_frame(part: _Cleaned, owners: np.ndarray) -> pd.DataFrame:
    """The sentence keys of the partition's cleaned documents, each with its document's place among all the
    corpus's (``owners``, one per cleaned document in the partition's order)."""
    keys = [found[0] for found in part.evidence if found is not None]
    if not keys:
        return pd.DataFrame(_KEYS_META)
    return pd.DataFrame({"key": np.concatenate(keys),
                         "doc": np.repeat(owners, np.fromiter(map(len, keys), dtype=np.int64, count=len(keys)))})


def _bucket_pairs(frame: pd.DataFrame, n: int) -> pd.DataFrame:
    """The pairs of documents sharing the keys of a bucket (every holder of each key is in it), and how many."""
    code, count = posting_pairs(frame["key"].to_numpy(), frame["doc"].to_numpy(), n)
    return pd.DataFrame({"code": code, "count": count})


def _cores(part: _Cleaned, wanted: set[str]) -> dict[str, np.ndarray]:
    """The paragraph keys of the partition's documents among ``wanted``."""
    return {h.doc_id: found[1] for h, found in zip(part.headers, part.evidence)
            if found is not None and h.doc_id in wanted}


def _families_over_parts(client, cleaned: list, part_ids: list[list[str]], sizes: dict[str, int]) -> dict[str, str]:
    """:func:`~alliance_data.families.find_families` over the partitions' keys, with only the paragraph keys of the
    documents in pairs that pass the containment test fetched. Beyond ``KEYS_COUNTED_HERE`` keys, the pairs are
    counted as reductions: the documents' sentence keys are shuffled by key (Dask's shuffle) so that every holder
    of a key meets in one bucket; each bucket counts the pairs its keys make, the counts are summed by pair, and
    only pairs sharing enough keys come here. The keys never do."""
    names = sorted(sizes)
    n = len(names)
    if n == 0:
        return {}
    ordered = np.array(names)
    frames = [client.submit(_key_frame, part, np.searchsorted(ordered, np.array(ids)).astype(np.int64), pure=False)
              for part, ids in zip(cleaned, part_ids)]
    if sum(sizes.values()) <= KEYS_COUNTED_HERE:
        keys = pd.concat(client.gather(frames), ignore_index=True)
        del frames
        code, counts = posting_pairs(keys["key"].to_numpy(), keys["doc"].to_numpy(), n)
        del keys
    else:
        code, counts = _pairs_shuffled(client, frames, n)

    def cores(wanted):
        wanted = set(wanted)
        asked = [client.submit(_cores, part, wanted & set(ids), pure=False)
                 for part, ids in zip(cleaned, part_ids) if wanted.intersection(ids)]
        return {doc_id: keys for got in client.gather(asked) for doc_id, keys in got.items()}

    return families_from_pairs(names, np.array([sizes[d] for d in names], dtype=np.int64),
                               np.column_stack([code // n, code % n]), counts, cores)


def _pairs_shuffled(client, frames: list, n: int) -> tuple[np.ndarray, np.ndarray]:
    """:func:`~alliance_data.families.posting_pairs` of the keys in ``frames`` (futures of :func:`_key_frame`),
    counted on the workers; only the pairs sharing at least ``MIN_SHARED`` keys, ascending."""
    import dask.dataframe as dd

    keys = dd.from_delayed(frames, meta=pd.DataFrame(_KEYS_META), verify_meta=False)
    # Buckets: a couple per worker. Each bucket holds its share of all keys, and every bucket more costs every
    # partition a piece to send (a partition's keys in fifty buckets took twice as long as in four, here).
    buckets = max(1, min(len(frames), BUCKETS_PER_WORKER * len(client.scheduler_info()["workers"])))
    pairs = keys.shuffle(on="key", npartitions=buckets).map_partitions(_bucket_pairs, n,
                                                                       meta=pd.DataFrame(_PAIRS_META))
    summed = pairs.groupby("code")["count"].sum(split_out=buckets)
    found = client.compute(summed[summed >= MIN_SHARED]).result().sort_index()
    return found.index.to_numpy(dtype=np.int64), found.to_numpy(dtype=np.int64)


class _Built(NamedTuple):
    """One partition built (held by a worker), and the problems met, each with its document's id."""

    part: Assembled
    problems: list[tuple[str, list[LoadProblem]]]


def _build_part(part: _Cleaned, family_of: dict[str, str], repeated: dict[str, set[int]]) -> _Built:
    items = [(header, cleaned, family_of[header.doc_id], repeated.get(header.doc_id, set()))
             for header, cleaned in zip(part.headers, part.cleaned) if cleaned is not None]
    results = [build_document(item) for item in items]
    failed = [(item[0].doc_id, problems) for item, (_, problems) in zip(items, results) if problems]
    return _Built(assemble(results), failed)


#: The documents' columns that come back from the workers for the steps across documents: all but the heavy ones.
HEAD_COLUMNS = [c for c in [*DOCUMENT_COLUMNS, "ontopic_words"] if c not in HEAVY_COLUMNS]


def _heads(built: _Built) -> tuple[pd.DataFrame, list[tuple[str, list[LoadProblem]]]]:
    """The partition's documents' rows without their heavy columns, as a frame (a column of each, where a row
    of its own would hold a dictionary), and the problems met building it."""
    return built.part.documents[HEAD_COLUMNS].reset_index(drop=True), built.problems


def _copies_passages(built: _Built, doc_ids: Iterable[str]) -> dict[str, pd.DataFrame]:
    """The passages (id and text) of the partition's documents among ``doc_ids``: copies to collate."""
    passages = built.part.passages
    return {doc_id: passages.loc[passages["doc_id"] == doc_id, ["passage_id", "text"]] for doc_id in doc_ids}


def _write_part(built: _Built, settled: pd.DataFrame, folder: str, index: int) -> dict[str, dict]:
    """The partition's four tables, its documents' settled columns given, written as parts (on its worker)."""
    from .tables_io import write_part

    part = built.part
    documents = settled.reset_index(drop=True)
    for column in HEAVY_COLUMNS:
        documents[column] = part.documents[column].array
    documents = documents[DOCUMENT_COLUMNS]
    passages, mentions = finish_passages(part, documents)
    out = Path(folder)
    return {name: write_part(out, name, index, frame)
            for name, frame in zip(PARTED_TABLES, (documents, passages, mentions, part.removed))}


class _Throttled:
    """Progress passed on at most every few seconds, except the steps' own messages (an archive of millions of
    documents reads thousands of partitions)."""

    INTERVAL = 5.0

    def __init__(self, progress: Progress) -> None:
        self._progress, self._last = progress, float("-inf")

    def __call__(self, fraction: float, message: str, *, now: bool = True) -> None:
        import time

        clock = time.monotonic()
        if now or clock - self._last >= self.INTERVAL:
            self._last = clock
            self._progress(fraction, message)


def _batches(documents: Iterable[RawDocument | PendingPage | PendingFile], size: int,
             characters: int = PART_CHARACTERS) -> Iterable[list]:
    """The documents in batches of ``size``, or fewer when their text reaches ``characters``. Files not yet read
    (:class:`PendingFile`) go in batches of their own, by their size as stored, and never with documents."""
    batch: list = []
    held = 0
    for doc in documents:
        if batch and isinstance(doc, PendingFile) != isinstance(batch[0], PendingFile):
            yield batch
            batch, held = [], 0
        batch.append(doc)
        held += doc.size if isinstance(doc, PendingFile) else len(doc.text)
        if len(batch) >= size or held >= characters:
            yield batch
            batch, held = [], 0
    if batch:
        yield batch


def _reached_by_workers(client, sources) -> bool:
    """Whether every worker reaches each folder among ``sources`` at the path it has here (on one machine, or on
    storage the cluster's machines share). False when no source is a folder: nothing is read on the workers."""
    folders = [os.path.abspath(path) for path in source_paths(sources) if path.is_dir()]
    if not folders:
        return False
    reached = client.run(lambda paths: all(os.path.isdir(p) for p in paths), folders)
    return bool(reached) and all(reached.values())


class _Reading:
    """The partitions read so far, in the order of reading, until each is named and sent to be cleaned: the
    documents' names come from this process (read here) or from the worker that read them, and a partition is
    named only after every one before it (the same name from two sources is named apart in that order)."""

    def __init__(self, client, limits: Limits, part_documents: int) -> None:
        self.client, self.limits, self.part_documents = client, limits, part_documents
        self.waiting: deque = deque()  # (partition held by a worker, its names and problems, or their future)
        self.names = SourceNames()
        self.cleaned: list = []  # each chunk's cleaning, held by a worker, in the order of reading
        self.file_problems: list[tuple[int, tuple[LoadProblem, ...]]] = []  # (place among the problems, problems)
        self.places: list[int] = []  # per file sent to be read, in order: where its problems go
        self.read = 0

    def listed(self, items: Iterable, problems: list[LoadProblem]) -> Iterator:
        """``items`` as they come, each file's place among ``problems`` (the problems met before it) noted."""
        for item in items:
            if isinstance(item, PendingFile):
                self.places.append(len(problems))
            yield item

    def add(self, batch: list) -> None:
        client = self.client
        if isinstance(batch[0], PendingFile):
            part = client.submit(_read_files, tuple(batch), self.limits, self.part_documents, pure=False)
            self.waiting.append((part, client.submit(_outline, part, pure=False), len(batch)))
        else:
            [part] = client.scatter([_Read((tuple(batch),))], hash=False)
            self.waiting.append((part, ([[item.source for item in batch]], ()), 0))
            self.read += len(batch)
        self.send(wait=False)

    def send(self, *, wait: bool) -> None:
        """Name the partitions at the front whose names are here (all of them with ``wait``), and clean them."""
        while self.waiting:
            part, outline, files = self.waiting[0]
            if not isinstance(outline, tuple):
                if not (wait or outline.done()):
                    return
                outline = outline.result()
            self.waiting.popleft()
            chunk_names, problems = outline
            offset = len(self.file_problems)
            self.file_problems.extend(zip(self.places[offset:offset + files], problems))
            for chunk, names in enumerate(chunk_names):
                renamed = {i: new for i, name in enumerate(names) if (new := self.names(name)) != name}
                self.cleaned.append(self.client.submit(_clean_chunk, part, chunk, renamed, pure=False))
                if files:
                    self.read += len(names)

    def problems(self, problems: list[LoadProblem]) -> list[LoadProblem]:
        """The reading's problems, each file read on a worker's in its place among those met here."""
        merged: list[LoadProblem] = []
        at = 0
        for place, found in self.file_problems:
            merged.extend(problems[at:place])
            merged.extend(found)
            at = max(at, place)
        return merged + problems[at:]


def export_partitioned(sources, out: Path, scheduler, **options) -> tuple[dict, list[LoadProblem]]:
    """Build ``sources`` on ``scheduler``'s cluster (a :class:`alliance_data.cluster.DaskScheduler`) into the
    Parquet folder ``out``; returns the manifest and the problems met (files or documents left out, warnings).
    ``options``: see :func:`_export`.

    Raises ValueError when no document could be built (the problems named), and
    :class:`~alliance_data.cluster.ClusterError` when the cluster lost the work (a worker killed or gone).
    """
    from concurrent.futures import CancelledError

    from distributed import KilledWorker

    from .cluster import ClusterError

    try:
        return _export(sources, Path(out), scheduler, **options)
    except (KilledWorker, CancelledError) as exc:
        try:
            detail = f": {exc}" if str(exc) else ""
        except Exception:  # an exception that cannot describe itself
            detail = ""
        raise ClusterError(f"the cluster lost work in progress ({type(exc).__name__}{detail}); "
                           "no manifest was written: run the export again") from exc


def _export(sources, out: Path, scheduler, *, eras: Eras = DECADES, limits: Limits = DEFAULT_LIMITS,
            themes: bool = True, theme_config=None, settings: dict | None = None, part_documents: int = PART_DOCUMENTS,
            progress: Progress | None = None) -> tuple[dict, list[LoadProblem]]:
    """:func:`export_partitioned`. ``themes``: fit the theme model (with ``theme_config``); ``part_documents``:
    documents in a partition; ``progress(fraction, message)``: told each step."""
    client = scheduler.client
    say = _Throttled(progress) if progress else (lambda fraction, message, *, now=False: None)
    clear_export(out)
    problems: list[LoadProblem] = []
    on_workers = _reached_by_workers(client, sources)
    say(0.0, "Reading documents and cleaning them on the workers" if on_workers else
        "Reading documents here and cleaning them on the workers")
    reading = _Reading(client, limits, max(1, part_documents))
    listed = iter_sources(sources, limits=limits, problems=problems, extract_later=True, defer_files=on_workers)
    for batch in _batches(reading.listed(listed, problems), max(1, part_documents)):
        reading.add(batch)
        del batch
        say(0.05, f"Reading documents and cleaning them on the workers ({reading.read:,} read)", now=False)
    reading.send(wait=True)
    problems, cleaned = reading.problems(problems), reading.cleaned
    del reading

    cleaning_problems: dict[str, list[LoadProblem]] = {}
    sizes, candidates = {}, {}
    digests: dict[str, bytes] = {}
    part_ids: list[list[str]] = []  # each partition's documents that were cleaned
    for ids, evidence, failed, part_digests, unread in client.gather(
            [client.submit(_evidence, part, pure=False) for part in cleaned]):
        problems.extend(unread)
        digests.update(zip(ids, part_digests))
        kept = []
        for doc_id, found, its_problems in zip(ids, evidence, failed):
            if its_problems:
                cleaning_problems[doc_id] = list(its_problems)
            if found is not None:
                sizes[doc_id], candidates[doc_id] = found
                kept.append(doc_id)
        part_ids.append(kept)
    fingerprint = fingerprint_of((digests[d] for d in sorted(digests)), settings=eras.label)
    del digests
    say(0.35, f"Finding near-duplicate copies among {len(sizes):,} documents")
    family_of = _families_over_parts(client, cleaned, part_ids, sizes)
    repeated = repeated_lines(candidates, family_of)
    del sizes, candidates

    say(0.45, "Finding structure, passages and dates on the workers")
    built = [client.submit(_build_part, part, {d: family_of[d] for d in ids},
                           {d: repeated[d] for d in ids if d in repeated}, pure=False)
             for part, ids in zip(cleaned, part_ids)]
    del family_of, repeated
    heads = client.gather([client.submit(_heads, part, pure=False) for part in built])
    for part in cleaned:
        part.release()
    del cleaned
    building_problems = dict(item for _, failed in heads for item in failed)
    all_problems = problems + [p for d in sorted(cleaning_problems) for p in cleaning_problems[d]] \
        + [p for d in sorted(building_problems) for p in building_problems[d]]
    built_ids = [frame["doc_id"].tolist() for frame, _ in heads]  # each partition's built documents, in its order
    frames = [frame for frame, _ in heads if len(frame)]
    del heads
    if not frames:
        raise ValueError("no document could be built" + "".join(f"; {p}" for p in all_problems[:5]))

    say(0.7, "Dating documents and collating copies")
    rows = pd.concat(frames, ignore_index=True).sort_values("doc_id", kind="stable", ignore_index=True)
    del frames
    documents, families = settle_documents(rows, eras)
    del rows
    wanted = {d for _, canonical, others in families for d in (canonical, *others)}
    asked = [client.submit(_copies_passages, part, ids, pure=False) for part, ids in
             ((part, [d for d in doc_ids if d in wanted]) for part, doc_ids in zip(built, built_ids)) if ids]
    fetched = {doc_id: frame for found in client.gather(asked) for doc_id, frame in found.items()}
    collation = pd.DataFrame(collate_pairs(collation_pairs(families, fetched.__getitem__)), columns=COLLATION_COLUMNS)
    del fetched, asked

    say(0.8, "Writing the tables on the workers")
    place = pd.Index(documents["doc_id"])
    writes = [client.submit(_write_part, part, documents.iloc[place.get_indexer(doc_ids)], str(out.resolve()), index,
                            pure=False)
              for index, (part, doc_ids) in enumerate(zip(built, built_ids))]
    written = client.gather(writes)
    for part in built:
        part.release()
    del built, built_ids, documents, place
    from .tables_io import TableWriter, drop_empty_parts

    parts = {name: drop_empty_parts(out, [w[name] for w in written]) for name in PARTED_TABLES}

    frames = {"collation": collation}
    model = None
    if themes:
        from .parted_themes import fit_parted_themes

        tables, assigned = fit_parted_themes(
            client, out, parts["passages"], theme_config, scheduler=scheduler,
            progress=lambda fraction, message: say(0.85 + 0.1 * fraction, f"Themes: {message}", now=True))
        frames["themes"] = tables.themes
        parts["assignments"] = drop_empty_parts(out, assigned)
        model = tables.model
    from .export import EXPORT_TABLES, export_manifest

    say(0.95, "Writing the manifest")
    manifest = TableWriter(out).finish(frames, model=model, parts=parts, order=[*EXPORT_TABLES, "themes", "assignments"],
                                       manifest=export_manifest(fingerprint, all_problems, eras, settings))
    say(1.0, "Export written")
    return manifest, all_problems

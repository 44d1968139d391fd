"""Near-duplicate families: copies of one article from different scrapes.

Documents are compared on hashed sentence keys (shift-invariant, cheap at
scale). Two documents join a family when most sentences of the shorter one
appear in the longer one (containment), which is what a truncated copy or a
copy with extra lines looks like. The collation lines up the passages of
each non-canonical member with the canonical one for a side-by-side view.
"""

from __future__ import annotations

import difflib
import hashlib
import operator
import re
import zlib
from collections import defaultdict
from itertools import compress, repeat
from typing import Callable, Mapping, Sequence

import numpy as np
import pandas as pd

from .clean import normalize_key

__all__ = [
    "sentence_keys",
    "find_families",
    "families_from_pairs",
    "posting_pairs",
    "core_keys",
    "document_keys",
    "key_array",
    "family_id",
    "choose_canonical",
    "collate",
    "COLLATION_COLUMNS",
]

MIN_SENTENCE_WORDS = 6
MAX_POSTING = 50        # a sentence in more documents than this is boilerplate, not evidence
MIN_CONTAINMENT = 0.5
MIN_SHARED = 2
#: A line of at least this many words is the article's own prose (a paragraph), not a
#: teaser, a menu entry or a site blurb: copies of one article share most of these.
CORE_WORDS = 30

COLLATION_COLUMNS = [
    "family_id", "left_doc", "right_doc", "left_passage_id", "right_passage_id", "similarity", "status",
]



# Letters and digits stay; sentence ends become line breaks; everything else a space.
_KEY_TABLE = bytes(
    c if (48 <= c <= 57 or 97 <= c <= 122) else (10 if c in b".!?\n" else 32) for c in range(256)
)


def _hash(key: bytes) -> int:
    return (zlib.crc32(key) << 32) | zlib.adler32(key)


def sentence_keys(text: str) -> frozenset[int]:
    """Hashes of the document's normalised sentences (runs between . ! ? or line ends) of six words or more."""
    data = text.lower().encode("utf-8", "replace").translate(_KEY_TABLE)
    keys = set()
    for sentence in data.split(b"\n"):
        words = sentence.split()
        if len(words) >= MIN_SENTENCE_WORDS:
            keys.add(_hash(b" ".join(words)))
    return frozenset(keys)


def core_keys(text: str) -> frozenset[int]:
    """Sentence keys of the document's long lines (its paragraphs): what copies of one article share."""
    return sentence_keys("\n".join(line for line in text.split("\n") if len(line.split()) >= CORE_WORDS))


# The characters beyond ASCII whose lower case holds an ASCII letter: "İ" (i and a dot above), the Kelvin sign (k)
# (checked over all of Unicode in the tests).
_LOWER_TO_ASCII = "\u0130\u212a"
# As _KEY_TABLE, but a sentence end within a line becomes 0x01: the line breaks stay the only 0x0A.
_LINE_KEY_TABLE = bytes(10 if c == 10 else 1 if _KEY_TABLE[c] == 10 else _KEY_TABLE[c] for c in range(256))
_SPACE_RUN = re.compile(b"  +")


def _sentence_hashes(data: bytes) -> set[int]:
    """:func:`_hash` of each sentence of six words or more in a document's key bytes, sentences ended by 0x01."""
    crc32, adler32 = zlib.crc32, zlib.adler32
    return {(crc32(sentence) << 32) | adler32(sentence)
            for sentence in map(bytes.strip, data.split(b"\x01"), repeat(b" "))
            if sentence.count(b" ") >= MIN_SENTENCE_WORDS - 1}


def document_keys(text: str) -> tuple[np.ndarray, np.ndarray]:
    """``(sentence_keys(text), core_keys(text))`` in one pass: each sentence is hashed once, and the
    long lines' sentences are the core's. Each as an ascending array of the 64-bit hashes (:func:`key_array`)."""
    if text.isascii() or not any(c in text for c in _LOWER_TO_ASCII):
        # Only ASCII letters make keys: made lower case after encoding (far quicker), the same bytes.
        data = text.encode("utf-8", "replace").lower().translate(_LINE_KEY_TABLE)
    else:
        data = text.lower().encode("utf-8", "replace").translate(_LINE_KEY_TABLE)
    shortest = 2 * CORE_WORDS - 1  # a line shorter than this has fewer than CORE_WORDS words
    # Spaces are the only blanks left: runs of them made single, a sentence's words joined by single spaces
    # are the stripped sentence itself, and its words one more than its spaces.
    data = _SPACE_RUN.sub(b" ", data)
    # CORE_WORDS words or more: the first CORE_WORDS - 1 split off and something left (no need to count them all).
    split_at = CORE_WORDS - 1
    long = [len(line) >= shortest and len(line.split(None, split_at)) > split_at for line in text.split("\n")]
    if any(long):  # the long lines' sentences, then the others', each hashed once
        encoded = data.split(b"\n")
        core = _sentence_hashes(b"\x01".join(compress(encoded, long)))
        keys = core | _sentence_hashes(b"\x01".join(compress(encoded, map(operator.not_, long))))
    else:
        core, keys = set(), _sentence_hashes(data.replace(b"\n", b"\x01"))
    return key_array(keys), key_array(core)


def key_array(keys: set[int] | frozenset[int]) -> np.ndarray:
    """A document's sentence keys as an ascending array of unsigned 64-bit integers: eight bytes a key, where a set
    of Python integers takes some seventy. Every step across documents that holds all documents' keys (the
    near-duplicate families, where a build or an export started) holds them so."""
    return np.sort(np.fromiter(keys, dtype=np.uint64, count=len(keys)))


def _overlap(a, b) -> int:
    """How many keys two documents share (both as sets, or both as :func:`key_array` arrays)."""
    if isinstance(a, np.ndarray):
        return int(np.intersect1d(a, b, assume_unique=True).size)
    return len(a & b)


def _shared_pairs(names: Sequence[str], keys: Mapping[str, frozenset[int]]) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of documents that share sentence keys, as positions in ``names`` (sorted ids), ascending, and how
    many keys each pair shares (:func:`posting_pairs`: only keys held by at most ``MAX_POSTING`` documents)."""
    sizes = np.fromiter((len(keys[d]) for d in names), dtype=np.int64, count=len(names))
    total = int(sizes.sum())
    # A key is a 64-bit hash (unsigned); each document's keys, document by document.
    try:
        if all(isinstance(keys[d], np.ndarray) and keys[d].dtype == np.uint64 for d in names):
            hashes = np.concatenate([keys[d] for d in names]) if names else np.zeros(0, dtype=np.uint64)
        else:
            hashes = np.fromiter((k for d in names for k in keys[d]), dtype=np.uint64, count=total)
    except (OverflowError, TypeError, ValueError):  # keys that are not 64-bit hashes: numbered instead
        hashes = pd.factorize(pd.Series([k for d in names for k in keys[d]], dtype=object))[0]
    owner = np.repeat(np.arange(len(names), dtype=np.int64), sizes)
    code, counts = posting_pairs(hashes, owner, len(names))
    return np.column_stack([code // len(names), code % len(names)]), counts


def posting_pairs(hashes: np.ndarray, owner: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of documents that share keys, and how many: ``hashes[i]`` is a key of document ``owner[i]`` (a number
    below ``n``; each key once per document, in any order). Only keys held by at most ``MAX_POSTING`` documents
    count. Each pair is ``a * n + b`` with ``a < b``, ascending. Sums over disjoint sets of keys add up: a cluster
    counts each share of the keys where it is held, and adds the counts."""
    total = len(hashes)
    order = np.lexsort((owner, hashes))  # by key, then by document
    hashes, owner = hashes[order], owner[order]
    starts = np.flatnonzero(np.r_[True, hashes[1:] != hashes[:-1]]) if total else np.zeros(0, dtype=np.int64)
    lengths = np.diff(np.r_[starts, total])
    lefts, rights = [], []
    for size in np.unique(lengths[(lengths > 1) & (lengths <= MAX_POSTING)]).tolist():
        # Every key held by ``size`` documents: all its pairs at once (i < j: the earlier document first).
        members = owner[starts[lengths == size][:, None] + np.arange(size)]
        i, j = np.triu_indices(size, k=1)
        lefts.append(members[:, i].ravel())
        rights.append(members[:, j].ravel())
    if not lefts:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.unique(np.concatenate(lefts) * n + np.concatenate(rights), return_counts=True)


def _contained(count: int, a, b) -> bool:
    smaller = min(len(a), len(b))
    return count >= MIN_SHARED and smaller > 0 and count / smaller >= MIN_CONTAINMENT


def family_id(members: Sequence[str]) -> str:
    return "f" + hashlib.sha256("\0".join(sorted(members)).encode()).hexdigest()[:12]


def find_families(
    keys: Mapping[str, frozenset[int] | np.ndarray], core: Callable[[str], frozenset[int] | np.ndarray] | None = None
) -> dict[str, str]:
    """Map every document id to its family id (a singleton family for a lone document). A document's keys are a
    set of integers, or an array of them (:func:`key_array`, as :func:`document_keys` gives them).

    With ``core`` (a document id's :func:`core_keys`, asked only for candidate pairs), two documents that both have
    paragraphs must also share most of the shorter one's: what two different
    articles from one site share is furniture (teasers, blurbs), not paragraphs.
    """
    names = sorted(keys)
    pairs, counts = _shared_pairs(names, keys)
    sizes = np.fromiter((len(keys[d]) for d in names), dtype=np.int64, count=len(names))
    return families_from_pairs(names, sizes, pairs, counts,
                               None if core is None else lambda wanted: {d: core(d) for d in wanted})


def families_from_pairs(names: Sequence[str], sizes: np.ndarray, pairs: np.ndarray, counts: np.ndarray,
                        cores: Callable[[Sequence[str]], Mapping[str, frozenset[int] | np.ndarray]] | None = None
                        ) -> dict[str, str]:
    """:func:`find_families` from the pairs of documents that share keys (positions in ``names``, sorted ids, as
    rows of ``pairs``) and how many they share (:func:`posting_pairs`), each document's number of keys given
    (``sizes``). ``cores``: the paragraph keys of the documents asked for, asked once, for those in pairs that
    pass the containment test."""
    # Only pairs that pass the containment test need looking at, in id order (array operations, same test).
    smaller = np.minimum(sizes[pairs[:, 0]], sizes[pairs[:, 1]]) if len(pairs) else np.zeros(0, dtype=np.int64)
    with np.errstate(divide="ignore", invalid="ignore"):
        passing = (counts >= MIN_SHARED) & (smaller > 0) & (counts / np.maximum(smaller, 1) >= MIN_CONTAINMENT)
    shared = [(names[a], names[b]) for a, b in pairs[passing].tolist()]
    core = cores(sorted({d for pair in shared for d in pair})) if cores is not None else None
    parent = {doc_id: doc_id for doc_id in names}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in sorted(shared):
        if core is not None:
            core_a, core_b = core[a], core[b]
            if len(core_a) and len(core_b) and not _contained(_overlap(core_a, core_b), core_a, core_b):
                continue
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = defaultdict(list)
    for doc_id in names:
        groups[root(doc_id)].append(doc_id)
    return {doc_id: family_id(members) for members in groups.values() for doc_id in members}


def choose_canonical(members: pd.DataFrame) -> str:
    """The most complete member: the most on-topic words, then a dateline, then the source name."""
    ranked = members.assign(
        _has_dateline=members["date_method"].eq("dateline") if "date_method" in members else False
    ).sort_values(["ontopic_words", "_has_dateline", "source"], ascending=[False, False, True], kind="mergesort")
    return str(ranked["doc_id"].iloc[0])


def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def collate(
    family: str, left_doc: str, right_doc: str, left: pd.DataFrame, right: pd.DataFrame
) -> list[dict]:
    """Line up two versions' passages in order: same, changed, or only on one side."""
    left_keys = [normalize_key(t) for t in left["text"]]
    right_keys = [normalize_key(t) for t in right["text"]]
    left_ids = list(left["passage_id"])
    right_ids = list(right["passage_id"])
    rows: list[dict] = []

    def row(li: int | None, ri: int | None, similarity: float, status: str) -> None:
        rows.append({
            "family_id": family, "left_doc": left_doc, "right_doc": right_doc,
            "left_passage_id": left_ids[li] if li is not None else None,
            "right_passage_id": right_ids[ri] if ri is not None else None,
            "similarity": round(similarity, 4), "status": status,
        })

    matcher = difflib.SequenceMatcher(None, left_keys, right_keys, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for k in range(i2 - i1):
                row(i1 + k, j1 + k, 1.0, "same")
            continue
        # Pair changed passages greedily by similarity, keeping order; the rest are one-sided.
        used: set[int] = set()
        for li in range(i1, i2):
            best, best_score = None, 0.0
            for ri in range(j1, j2):
                if ri in used:
                    continue
                score = _similarity(left_keys[li], right_keys[ri])
                if score > best_score:
                    best, best_score = ri, score
            if best is not None and best_score >= 0.5:
                used.add(best)
                row(li, best, best_score, "changed")
            else:
                row(li, None, 0.0, "left_only")
        for ri in range(j1, j2):
            if ri not in used:
                row(None, ri, 0.0, "right_only")
    return rows

"""Counting words and two-word phrases in many texts, with array operations.

:func:`learn_vocabulary` gives the vocabulary ``CountVectorizer(ngram_range=(1, 2), ...).fit``
learns (same terms, after the same ``min_df``, ``max_df`` and ``max_features`` pruning), and
``TermCounter(vectorizer).transform(texts)`` gives the very matrix that the fitted
``CountVectorizer(ngram_range=(1, 2), stop_words=..., lowercase=True)`` gives (same
columns, counts and sorted indices), several times faster on large corpora: the
packaged expression's tokens are runs of word characters, found a batch of texts at
a time on their UTF-8 bytes (:func:`_runs`; any other expression runs as given), and
the tokens are numbered in Arrow, looked up and paired into phrases with NumPy and
pandas, instead of one phrase string and one dictionary lookup per token pair in
Python. scikit-learn stays the reference: the tests compare both on the same texts.
"""

from __future__ import annotations

import re
from functools import partial
from itertools import chain, compress, repeat
from typing import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from scipy import sparse

from .text import TOKEN_PATTERN
from .workers import Shipped, release_memory

__all__ = ["TermCounter", "TextRows", "learn_vocabulary"]

#: Texts counted at a time: bounds the memory taken by one batch's token list.
BATCH = 20_000
_OTHER, _DROPPED, _UNSEEN = -1, -2, -3
#: A token of the expression ``(?u)\b...\b`` is a whole run of word characters (there is no word boundary
#: inside one), so runs are found with this, and each new run is checked once against the expression itself.
_RUN = re.compile(r"\w+")
_WORD_CHARACTER = re.compile(r"\w")


class TextRows:
    """Some rows of a column of texts, in the column's order, read without copying the column.

    ``TextRows(texts, rows)`` stands for ``texts[rows]`` (``texts`` a pandas or Arrow array, ``rows``
    increasing positions) where the counters read texts: its length, slices and ``take``. A slice whose rows
    follow one another is a slice of ``texts`` (its own buffers, and pickled with its rows only); any
    other slice, and ``take``, gather just their rows. Selecting nearly all of a large column this way
    saves copying all of its text.
    """

    def __init__(self, texts, rows) -> None:
        rows = np.asarray(rows, dtype=np.int64)
        if rows.ndim != 1 or (len(rows) and (rows[0] < 0 or rows[-1] >= len(texts))) or np.any(np.diff(rows) <= 0):
            raise ValueError(f"rows must be increasing positions in texts (0 to {len(texts) - 1})")
        self._texts = texts
        self._rows = rows

    def __len__(self) -> int:
        return len(self._rows)

    def __getitem__(self, key):
        if not isinstance(key, slice):
            return self._texts[int(self._rows[key])]
        rows = self._rows[key]
        if len(rows) == 0:
            return self._texts[0:0]
        if key.step in (None, 1) and rows[-1] - rows[0] + 1 == len(rows):
            return self._texts[int(rows[0]):int(rows[-1]) + 1]
        return self.take(np.arange(len(self._rows))[key])

    def take(self, indices) -> object:
        """The texts at ``indices`` (positions among these rows)."""
        return self._texts.take(self._rows[np.asarray(indices, dtype=np.int64)])

    def tolist(self) -> list[str]:
        return _as_list(self._texts.take(self._rows))


class TermCounter:
    """Counts of a fitted ``CountVectorizer``'s vocabulary (word 1–2 grams) in texts; see the module's docstring."""

    def __init__(self, vectorizer) -> None:
        if tuple(vectorizer.ngram_range) != (1, 2) or vectorizer.analyzer != "word" or not vectorizer.lowercase \
                or vectorizer.strip_accents is not None or vectorizer.tokenizer is not None \
                or vectorizer.preprocessor is not None:
            raise ValueError("TermCounter reproduces CountVectorizer(ngram_range=(1, 2), analyzer='word', "
                             "lowercase=True) without accents stripped or a custom tokenizer only")
        self.vocabulary = vectorizer.vocabulary_
        self.dtype = vectorizer.dtype
        self.pattern = re.compile(vectorizer.token_pattern)
        # The packaged expression's tokens are whole runs of word characters (see _RUN); any other is run as given.
        self._runs = vectorizer.token_pattern == TOKEN_PATTERN
        stop = frozenset(vectorizer.get_stop_words() or ())
        words = sorted({w for term in self.vocabulary for w in term.split(" ")} - stop)
        if self._runs:  # a vocabulary word that is no token is never counted, as in CountVectorizer
            words = [w for w in words if self.pattern.fullmatch(w)]
        self.n_features = len(self.vocabulary)
        position = {w: i for i, w in enumerate(words)}
        # Every run of word characters seen so far → its word number, or _OTHER (a token outside the
        # vocabulary's words), or _DROPPED (a stop word, or a run that is no token: "1990", "x", "a_b").
        self._codes: dict[str, int] = {w: _DROPPED for w in stop}
        self._codes.update(position)
        self._initial_codes = dict(self._codes)
        self._unigram_column = np.full(max(len(words), 1), -1, dtype=np.int64)
        keys, columns = [], []
        width = max(len(words), 1)
        for term, column in self.vocabulary.items():
            parts = term.split(" ")
            if len(parts) == 1 and term in position:
                self._unigram_column[position[term]] = column
            elif len(parts) == 2 and parts[0] in position and parts[1] in position:
                keys.append(position[parts[0]] * width + position[parts[1]])
                columns.append(column)
        order = np.argsort(np.asarray(keys, dtype=np.int64), kind="stable")
        self._bigram_keys = np.asarray(keys, dtype=np.int64)[order]
        self._bigram_columns = np.asarray(columns, dtype=np.int64)[order]
        # Looked up by hashing (each phrase is one pair of words, so the keys are distinct): several times
        # faster than a binary search over them for the millions of word pairs of a batch.
        self._bigram_index = pd.Index(self._bigram_keys)
        self._width = width

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """Term counts of ``texts`` (a sequence of str, or a pandas or NumPy array of them): one row per text."""
        return self._transform(texts)[0]

    def transform_with_words(self, texts: Sequence[str]) -> tuple[sparse.csr_matrix, np.ndarray | None]:
        """:meth:`transform`, and each text's words as :func:`alliance_data.shifts.passage_words` counts them
        (runs of word characters), found by the same split into tokens; None for a custom token pattern."""
        return self._transform(texts)

    def _transform(self, texts: Sequence[str]) -> tuple[sparse.csr_matrix, np.ndarray | None]:
        texts = texts if hasattr(texts, "__getitem__") and hasattr(texts, "__len__") else list(texts)
        blocks = [self._batch(texts[i:i + BATCH]) for i in range(0, len(texts), BATCH)]
        if not blocks:
            return sparse.csr_matrix((0, self.n_features), dtype=self.dtype), \
                (np.zeros(0, dtype=np.int32) if self._runs else None)
        return _stacked(blocks)

    def transform_on(self, scheduler, texts: Sequence[str], *, chunk: int = BATCH) -> sparse.csr_matrix:
        """:meth:`transform` with the texts counted a ``chunk`` at a time on a scheduler's workers.

        ``scheduler`` maps a function over items, results in order (:class:`alliance_data.workers.ProcessScheduler`,
        :class:`alliance_data.cluster.DaskScheduler`); the matrix is the same as :meth:`transform` gives.
        """
        return self.transform_with_words_on(scheduler, texts, chunk=chunk)[0]

    def transform_with_words_on(self, scheduler, texts: Sequence[str], *,
                                chunk: int = BATCH) -> tuple[sparse.csr_matrix, np.ndarray | None]:
        """:meth:`transform_with_words` on a scheduler's workers (see :meth:`transform_on`)."""
        texts = texts if hasattr(texts, "__getitem__") and hasattr(texts, "__len__") else list(texts)
        chunks = [texts[i:i + chunk] for i in range(0, len(texts), chunk)]  # slices: an array's stay arrays
        if len(chunks) < 2:
            return self._transform(texts)
        return _stacked(scheduler.map(partial(_count_chunk, Shipped(self._portable())), chunks, chunk=1))

    def transform_parts_with_words_on(self, scheduler, parts: Sequence[Sequence[str]], *,
                                      chunk: int = BATCH) -> list[tuple[sparse.csr_matrix, np.ndarray | None]]:
        """:meth:`transform_with_words_on` of several sequences of texts at once: the chunks of all of them in one
        map over the workers (none waits for another's last chunk), each sequence's counts and words apart."""
        parts = [texts if hasattr(texts, "__getitem__") and hasattr(texts, "__len__") else list(texts) for texts in parts]
        chunks, bounds = [], []
        for texts in parts:
            start = len(chunks)
            chunks.extend(texts[i:i + chunk] for i in range(0, len(texts), chunk))  # slices: an array's stay arrays
            bounds.append((start, len(chunks)))
        if len(chunks) < 2:
            return [self._transform(texts) for texts in parts]
        blocks = scheduler.map(partial(_count_chunk, Shipped(self._portable())), chunks, chunk=1)
        return [_stacked(blocks[a:b]) if b > a else self._transform(texts) for texts, (a, b) in zip(parts, bounds)]

    def _portable(self) -> "TermCounter":
        """A copy to send to a worker: without the runs learned here beyond the vocabulary's own."""
        copy = object.__new__(TermCounter)
        copy.__dict__.update(self.__dict__)
        copy._codes = dict(self._initial_codes)
        return copy

    def _batch(self, texts) -> tuple[sparse.csr_matrix, np.ndarray | None]:
        if self._runs:
            tokens, rows, words = _runs(texts)
            numbers, distinct = _numbered(tokens)
            del tokens
            codes, fullmatch = self._codes, self.pattern.fullmatch
            # Each distinct run judged once: a vocabulary word, a stop word, or another token (or no token at all).
            for run in distinct:
                if run not in codes:
                    codes[run] = _OTHER if fullmatch(run) else _DROPPED
            numbers = np.fromiter(map(codes.__getitem__, distinct), dtype=np.int64, count=len(distinct))[numbers]
            return self._matrix(len(words), numbers, rows), words
        texts = _as_list(texts)
        tokens = [self.pattern.findall(text.lower()) for text in texts]
        lengths = np.fromiter(map(len, tokens), dtype=np.int64, count=len(tokens))
        flat = list(chain.from_iterable(tokens))
        del tokens
        codes = self._codes
        numbers = np.fromiter(map(codes.get, flat, repeat(_UNSEEN)), dtype=np.int64, count=len(flat))
        unseen = numbers == _UNSEEN
        if unseen.any():
            for run in set(compress(flat, unseen)):
                codes[run] = _OTHER
            numbers[unseen] = _OTHER
        del flat
        return self._matrix(len(texts), numbers, np.repeat(np.arange(len(texts), dtype=np.int64), lengths)), None

    def _matrix(self, n: int, numbers: np.ndarray, rows: np.ndarray) -> sparse.csr_matrix:
        """The counts of ``n`` texts from their tokens in order (each text's together): word numbers (or
        _OTHER, _DROPPED) and the text of each."""
        kept = numbers != _DROPPED  # stop words go before phrases are formed, as in CountVectorizer
        numbers, rows = numbers[kept], rows[kept]
        known = numbers >= 0
        uni_rows = rows[known]
        uni_cols = self._unigram_column[numbers[known]]
        in_vocabulary = uni_cols >= 0
        uni_rows, uni_cols = uni_rows[in_vocabulary], uni_cols[in_vocabulary]
        pair = (rows[1:] == rows[:-1]) & (numbers[1:] >= 0) & (numbers[:-1] >= 0)
        bi_rows = rows[1:][pair]
        bi_cols = np.empty(0, dtype=np.int64)
        if len(self._bigram_keys) and len(bi_rows):
            keys = numbers[:-1][pair] * self._width + numbers[1:][pair]
            at = self._bigram_index.get_indexer(keys)
            hit = at >= 0
            bi_rows, bi_cols = bi_rows[hit], self._bigram_columns[at[hit]]
        else:
            bi_rows = np.empty(0, dtype=np.int64)
        all_rows = np.concatenate([uni_rows, bi_rows])
        all_cols = np.concatenate([uni_cols, bi_cols])
        matrix = sparse.csr_matrix((np.ones(len(all_rows), dtype=self.dtype), (all_rows, all_cols)),
                                   shape=(n, self.n_features), dtype=self.dtype)
        matrix.sum_duplicates()
        matrix.sort_indices()
        return matrix


def _count_chunk(counter: Shipped, texts) -> tuple[sparse.csr_matrix, np.ndarray | None]:
    """One chunk's counts and words (runs in a worker, which hands its scratch memory back afterwards).

    The counter comes once to each worker (:class:`~alliance_data.workers.Shipped`); each chunk is counted by a copy
    of it as sent, so that a chunk's counting does not depend on the chunks the worker counted before it.
    """
    counted = counter.get()._portable().transform_with_words(texts)
    release_memory()
    return counted


def _stacked(blocks: list[tuple[sparse.csr_matrix, np.ndarray | None]]) -> tuple[sparse.csr_matrix, np.ndarray | None]:
    """Blocks of counts and words, one after the other."""
    matrix = blocks[0][0] if len(blocks) == 1 else sparse.vstack([b[0] for b in blocks], format="csr")
    words = None if blocks[0][1] is None else np.concatenate([b[1] for b in blocks])
    return matrix, words


def _run_counts(texts: list[str], lowered: list[str], runs: np.ndarray) -> np.ndarray:
    """Each text's runs of word characters (``len(re.findall(r"\\w+", text))``), given the runs of its lower case.

    Lower case keeps every character a word character or not (checked over all of Unicode in the tests)
    where it keeps the text's length; a text whose length it changes ("İ" → "i̇") is counted as it is.
    """
    out = runs.astype(np.int32)
    n = len(texts)
    changed = np.fromiter(map(len, texts), dtype=np.int64, count=n) != np.fromiter(map(len, lowered), dtype=np.int64, count=n)
    for i in np.flatnonzero(changed).tolist():
        out[i] = len(_RUN.findall(texts[i]))
    return out


def _text_array(texts) -> pa.Array | None:
    """``texts`` as one Arrow string array without nulls (a pandas Arrow column's own buffers, no copy), or
    None for texts Arrow cannot hold (a lone surrogate from a byte-preserving decode)."""
    try:
        if isinstance(texts, (pa.Array, pa.ChunkedArray)):
            array = texts
        elif hasattr(texts, "__arrow_array__"):  # a pandas column's array
            array = pa.array(texts)
        else:
            array = pa.array(_as_list(texts), type=pa.large_string())
    except (pa.ArrowException, UnicodeError, TypeError, ValueError):
        return None
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks() if array.num_chunks != 1 else array.chunk(0)
    if not (pa.types.is_string(array.type) or pa.types.is_large_string(array.type)):
        return None
    return pc.fill_null(array, "") if array.null_count else array


def _utf8(array: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """The bytes of a string array's texts, one after the other, and where each text starts (and the last ends)."""
    _, offsets, data = array.buffers()
    offsets = np.frombuffer(offsets, dtype=np.int64 if pa.types.is_large_string(array.type) else np.int32)
    offsets = offsets[array.offset:array.offset + len(array) + 1].astype(np.int64)
    data = np.frombuffer(data, dtype=np.uint8) if data is not None else np.zeros(0, dtype=np.uint8)
    return data[offsets[0]:offsets[-1]], offsets - offsets[0]


def _ascii_word(data: np.ndarray) -> np.ndarray:
    """Per byte of lower-cased UTF-8 text: an ASCII word character (a-z, 0-9, _)? Bytes from 0x80 on are not."""
    return ((data - np.uint8(0x61)) < 26) | ((data - np.uint8(0x30)) < 10) | (data == 0x5F)


def _characters(data: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The characters of UTF-8 ``data`` written with more than one byte: where each starts, its length in bytes,
    and its code point."""
    lead = np.flatnonzero(data >= 0xC0)  # 0x80..0xBF continue a character
    first = data[lead].astype(np.int64)
    length = np.where(first >= 0xF0, 4, np.where(first >= 0xE0, 3, 2))
    point = first & np.where(length == 2, 0x1F, np.where(length == 3, 0x0F, 0x07))
    for k in (1, 2, 3):
        more = length > k
        point[more] = (point[more] << 6) | (data[lead[more] + k] & 0x3F)
    return lead, length, point


def _judged(points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per code point: a word character (``\\w``)? And one that lower case changes in a way counting by bytes
    cannot follow (a letter with another lower case, "Σ" whose lower case depends on its neighbours)?"""
    word = np.zeros(len(points), dtype=bool)
    changed = np.zeros(len(points), dtype=bool)
    for i, point in enumerate(points.tolist()):
        character = chr(point)
        lower = character.lower()
        word[i] = _WORD_CHARACTER.fullmatch(character) is not None
        changed[i] = lower != character and (word[i] or any(_WORD_CHARACTER.fullmatch(c) for c in lower))
    return word, changed


def _python_runs(texts: list[str]) -> tuple[list[str], np.ndarray, np.ndarray]:
    """:func:`_runs` one text at a time with the expression: the runs flattened, runs per text, words per text."""
    lowered = [text.lower() for text in texts]
    tokens = [_RUN.findall(text) for text in lowered]
    lengths = np.fromiter(map(len, tokens), dtype=np.int64, count=len(tokens))
    return list(chain.from_iterable(tokens)), lengths, _run_counts(texts, lowered, lengths)


def _runs(texts) -> tuple[pa.Array, np.ndarray, np.ndarray]:
    """Each text's runs of word characters (``re.findall(r"\\w+", text.lower())``) in order, flattened into one
    Arrow array; the text of each run; and each text's words (runs in the text as written, see :func:`_run_counts`).

    The runs are found on the texts' UTF-8 bytes with array operations (ASCII capitals lower-cased by Arrow),
    every character beyond ASCII judged once per distinct character by the expression itself. A text holding a
    character whose lower case is another word character ("É", "Σ") is run through the expression as it is.
    """
    array = _text_array(texts)
    if array is None:
        flat, lengths, words = _python_runs(_as_list(texts))
        return pa.array(flat, type=pa.large_string()), np.repeat(np.arange(len(lengths), dtype=np.int64), lengths), words
    n = len(array)
    data, offsets = _utf8(pc.ascii_lower(array))  # A-Z only, byte by byte: other characters' bytes stay as they are
    word = _ascii_word(data)
    slow = np.zeros(n, dtype=bool)
    if len(data) and int(data.max()) >= 0x80:
        lead, length, point = _characters(data)
        distinct, inverse = np.unique(point, return_inverse=True)
        is_word, changed = _judged(distinct)
        wide = is_word[inverse]
        for k in range(4):
            word[lead[wide & (length > k)] + k] = True
        slow[np.searchsorted(offsets, lead[changed[inverse]], side="right") - 1] = True
        for row in np.flatnonzero(slow).tolist():
            word[offsets[row]:offsets[row + 1]] = False
    inner = offsets[1:-1][(offsets[1:-1] > 0) & (offsets[1:-1] < len(data))]  # where a text follows another
    before = np.zeros_like(word)  # a word character before, in the same text
    before[1:] = word[:-1]
    before[inner] = False
    after = np.zeros_like(word)  # and after
    after[:-1] = word[1:]
    after[inner - 1] = False
    starts = np.flatnonzero(word & ~before)
    ends = np.flatnonzero(word & ~after) + 1
    bounds = np.zeros(len(starts) + 1, dtype=np.int64)
    np.cumsum(ends - starts, out=bounds[1:])
    tokens = pa.LargeStringArray.from_buffers(len(starts), pa.py_buffer(bounds), pa.py_buffer(np.compress(word, data)))
    per_text = np.diff(np.searchsorted(starts, offsets))
    rows = np.repeat(np.arange(n, dtype=np.int64), per_text)
    words = per_text.astype(np.int32)
    if slow.any():
        which = np.flatnonzero(slow)
        flat, lengths, slow_words = _python_runs(array.take(pa.array(which)).to_pylist())
        words[which] = slow_words
        tokens = pa.concat_arrays([tokens, pa.array(flat, type=pa.large_string())])
        rows = np.concatenate([rows, np.repeat(which.astype(np.int64), lengths)])
    return tokens, rows.astype(np.int64, copy=False), words


def _numbered(tokens: pa.Array) -> tuple[np.ndarray, list[str]]:
    """Each token as the number of a distinct token, and the distinct tokens (hashed in Arrow)."""
    encoded = pc.dictionary_encode(tokens)
    return encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64), encoded.dictionary.to_pylist()


def _as_list(texts) -> list[str]:
    """A list, a pandas array or an Arrow array of texts as a list of str."""
    return texts.tolist() if hasattr(texts, "tolist") else list(texts)


def _tokens(texts: Sequence[str], token_pattern: str, stop_words: frozenset[str]) -> tuple[np.ndarray, list[str], np.ndarray]:
    """Every text's tokens in order, stop words left out (as CountVectorizer leaves them out before
    forming phrases), flattened: as numbers of distinct words, the words, and the text each token belongs to.

    Each distinct run is judged once (a stop word? a token of the expression?), not each occurrence.
    """
    runs = token_pattern == TOKEN_PATTERN
    pattern = re.compile(token_pattern)
    if runs:
        tokens, rows, _ = _runs(texts)
        codes, words = _numbered(tokens)
        del tokens
    else:
        tokens = [pattern.findall(text.lower()) for text in _as_list(texts)]
        lengths = np.fromiter(map(len, tokens), dtype=np.int64, count=len(tokens))
        flat = list(chain.from_iterable(tokens))
        del tokens
        rows = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
        number: dict[str, int] = {}  # each distinct token → its number, in order of first appearance
        codes = np.fromiter(map(number.setdefault, flat, map(len, repeat(number))), dtype=np.int64, count=len(flat))
        del flat
        words = list(number)
    fullmatch = pattern.fullmatch
    keep = np.fromiter((w not in stop_words and (not runs or fullmatch(w) is not None) for w in words),
                       dtype=bool, count=len(words))
    kept = keep[codes] if len(codes) else np.zeros(0, dtype=bool)
    return codes[kept], words, rows[kept]


def learn_vocabulary(texts: Sequence[str], *, token_pattern: str, stop_words: Sequence[str],
                     min_df: int | float = 1, max_df: int | float = 1.0, max_features: int | None = None) -> list[str]:
    """The terms (words and two-word phrases) ``CountVectorizer(ngram_range=(1, 2), lowercase=True,
    token_pattern=..., stop_words=..., min_df=..., max_df=..., max_features=...).fit(texts)`` keeps, sorted.

    Raises ValueError with scikit-learn's messages where it raises them (no terms at all; ``max_df``
    below ``min_df``; no terms left after pruning).
    """
    texts = texts if hasattr(texts, "__getitem__") and hasattr(texts, "__len__") else list(texts)
    codes, words, rows = _tokens(texts, token_pattern, frozenset(stop_words))
    width = max(len(words), 1)
    pair = rows[1:] == rows[:-1]
    terms = np.concatenate([codes, width + codes[:-1][pair] * width + codes[1:][pair]])
    term_rows = np.concatenate([rows, rows[1:][pair]])
    if len(terms) == 0:
        raise ValueError("empty vocabulary; perhaps the documents only contain stop words")
    inverse, distinct = pd.factorize(terms)  # hashing: any order will do, the terms are sorted by name below
    tf = np.bincount(inverse, minlength=len(distinct))
    df = np.bincount(pd.unique(term_rows * len(distinct) + inverse) % len(distinct), minlength=len(distinct))
    n_doc = len(texts)
    high = max_df if isinstance(max_df, (int, np.integer)) and not isinstance(max_df, bool) else max_df * n_doc
    low = min_df if isinstance(min_df, (int, np.integer)) and not isinstance(min_df, bool) else min_df * n_doc
    if high < low:
        raise ValueError("max_df corresponds to < documents than min_df")
    # Only the terms within the document-frequency bounds are named and sorted (most phrases are in one text
    # only): the terms kept are in the same order among themselves, which is all the max_features cut reads.
    within = (df <= high) & (df >= low)
    if not within.any():
        raise ValueError("After pruning, no terms remain. Try a lower min_df or a higher max_df.")
    distinct, tf = distinct[within], tf[within]
    words = pa.array([str(w) for w in words], type=pa.large_string())
    bigram = distinct >= width
    first, second = (distinct[bigram] - width) // width, (distinct[bigram] - width) % width
    # The terms as strings in Arrow, words first, then phrases ("word word"), sorted there: UTF-8's byte order
    # is the order of code points, which sorted(vocabulary.items()) follows (the terms are distinct: no ties).
    at = np.concatenate([np.flatnonzero(~bigram), np.flatnonzero(bigram)])
    names = pa.concat_arrays([words.take(distinct[~bigram]),
                              pc.binary_join_element_wise(words.take(first), words.take(second),
                                                          pa.scalar(" ", pa.large_string()))])
    order = pc.sort_indices(names).to_numpy()
    names, tf = names.take(order), tf[at][order]
    mask = np.ones(len(tf), dtype=bool)
    if max_features is not None and len(tf) > max_features:
        tfs = tf.astype(np.float32)  # as CountVectorizer(dtype=float32) sums them, ties broken the same way
        mask = np.zeros(len(tf), dtype=bool)
        mask[(-tfs).argsort()[:max_features]] = True
    return names.filter(pa.array(mask)).to_pylist()

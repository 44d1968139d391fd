"""Counting with array operations gives what scikit-learn's CountVectorizer gives, term for term."""

import pickle

import numpy as np
import pandas as pd
import pytest
from sklearn.feature_extraction.text import CountVectorizer

from alliance_data.term_counts import TermCounter, TextRows, learn_vocabulary
from alliance_data.text import TOKEN_PATTERN
from alliance_data.theme_model import STOP_WORDS

ODD = [
    "Ωμέγα ΟΔΟΣ façade naïve l'état U.S.-Japan co-operation",
    "",
    "the and of",
    "İstanbul ǅ ﬁ ß KELVIN K",
    "foo_bar security_council 1990s 2abc ab2 x y japan 1990 alliance",
    "united_nations nations_united_ united nations; United Nations!",
    "Japan's alliance with the United States — the alliance, the treaty, the alliance.",
    "x" * 3 + " " + "ab " * 50,
]


@pytest.fixture(scope="module")
def texts(seed_corpus):
    return seed_corpus.passages["text"].tolist() + ODD


def _vectorizer(**limits):
    return CountVectorizer(token_pattern=TOKEN_PATTERN, stop_words=list(STOP_WORDS), ngram_range=(1, 2),
                           dtype=np.float32, **limits)


@pytest.mark.parametrize("limits", [
    {},
    {"min_df": 2},
    {"max_df": 0.5},
    {"min_df": 2, "max_df": 0.5, "max_features": 50},
    {"max_features": 7},  # many terms tie on their counts: the same ones are kept
    {"min_df": 0.01, "max_df": 3},
    {"min_df": 2, "max_features": 9},  # the cut by counts among the terms left by the document bounds only
    {"min_df": 2, "max_df": 0.2, "max_features": 11},
])
def test_learned_vocabulary_is_count_vectorizers(texts, limits):
    expected = sorted(_vectorizer(**limits).fit(texts).vocabulary_)
    assert learn_vocabulary(texts, token_pattern=TOKEN_PATTERN, stop_words=STOP_WORDS, **limits) == expected


@pytest.mark.parametrize("texts, limits, message", [
    (["the and of", "a an"], {}, "empty vocabulary"),
    (["alliance treaty", "alliance talks"], {"min_df": 2, "max_df": 1}, "max_df corresponds to"),
    (["alliance treaty", "alliance treaty"], {"max_df": 1}, "no terms remain"),
])
def test_learning_fails_where_count_vectorizer_fails(texts, limits, message):
    with pytest.raises(ValueError, match=message):
        _vectorizer(**limits).fit(texts)
    with pytest.raises(ValueError, match=message):
        learn_vocabulary(texts, token_pattern=TOKEN_PATTERN, stop_words=STOP_WORDS, **limits)


@pytest.mark.parametrize("extra_vocabulary", [[], ["missile defense", "defense", "zzz unseen", "1990", "a_b"]])
def test_counts_are_count_vectorizers(texts, extra_vocabulary):
    learned = sorted(set(_vectorizer(max_features=300).fit(texts[:40]).vocabulary_) | set(extra_vocabulary))
    vectorizer = _vectorizer(vocabulary=learned).fit([])
    expected = vectorizer.transform(texts)
    counted = TermCounter(vectorizer).transform(texts)
    assert counted.shape == expected.shape and counted.dtype == expected.dtype
    assert np.array_equal(counted.indptr, expected.indptr)
    assert np.array_equal(counted.indices, expected.indices)
    assert np.array_equal(counted.data, expected.data)


def test_counts_in_batches_and_on_workers_are_the_same(texts, monkeypatch):
    import alliance_data.term_counts as term_counts

    vectorizer = _vectorizer().fit(texts)
    whole = TermCounter(vectorizer).transform(texts)
    monkeypatch.setattr(term_counts, "BATCH", 7)

    class InOrder:  # what a scheduler does, here
        def map(self, function, items, chunk=None):
            return [function(item) for item in items]

    for counted in (TermCounter(vectorizer).transform(texts),
                    TermCounter(vectorizer).transform_on(InOrder(), np.array(texts, dtype=object), chunk=11)):
        assert (counted != whole).nnz == 0 and np.array_equal(counted.indices, whole.indices)


def test_a_custom_token_pattern_is_counted_as_given():
    vectorizer = CountVectorizer(token_pattern=r"(?u)\b\w+\b", ngram_range=(1, 2), dtype=np.float32).fit(ODD)
    expected = vectorizer.transform(ODD)
    assert (TermCounter(vectorizer).transform(ODD) != expected).nnz == 0


def test_words_found_while_counting_are_passage_words(texts, monkeypatch):
    import pandas as pd

    import alliance_data.term_counts as term_counts
    from alliance_data.shifts import passage_words

    expected = passage_words(pd.Series(texts))
    assert any(len(t.lower()) != len(t) for t in texts)  # "İstanbul": lower case adds a character
    counter = TermCounter(_vectorizer().fit(texts))
    counts, words = counter.transform_with_words(texts)
    assert words.dtype == expected.dtype and np.array_equal(words, expected)
    assert (counts != counter.transform(texts)).nnz == 0
    monkeypatch.setattr(term_counts, "BATCH", 7)

    class InOrder:
        def map(self, function, items, chunk=None):
            return [function(item) for item in items]

    _, on_workers = counter.transform_with_words_on(InOrder(), np.array(texts, dtype=object), chunk=11)
    assert np.array_equal(on_workers, expected)
    # Several sequences counted in one map: each one's counts and words as if counted alone (an empty one too).
    parts = [np.array(texts[:23], dtype=object), np.array([], dtype=object), np.array(texts[23:], dtype=object)]
    together = counter.transform_parts_with_words_on(InOrder(), parts, chunk=11)
    assert len(together) == 3 and together[1][0].shape == (0, counter.n_features)
    for part, (part_counts, part_words) in zip(parts, together):
        alone_counts, alone_words = counter.transform_with_words(part)
        assert part_counts.shape == alone_counts.shape and (part_counts != alone_counts).nnz == 0
        assert np.array_equal(part_words, alone_words)
    assert np.array_equal(counter.transform_with_words([])[1], np.zeros(0, dtype=np.int32))


def test_lower_case_of_one_character_keeps_it_a_word_character_or_not():
    # What counting words on the lower-cased text relies on, wherever lower case keeps a text's length.
    import re

    word = re.compile(r"\w")
    changed = [c for c in map(chr, range(0x110000)) if len(c.lower()) == 1
               and (word.fullmatch(c) is None) != (word.fullmatch(c.lower()) is None)]
    assert changed == [] and all(len(chr(i).lower()) >= 1 for i in range(0x110000))


def test_a_custom_token_pattern_finds_no_words():
    vectorizer = CountVectorizer(token_pattern=r"(?u)\b\w+\b", ngram_range=(1, 2), dtype=np.float32).fit(ODD)
    assert TermCounter(vectorizer).transform_with_words(ODD)[1] is None


def _python_runs(texts):
    """The reference: each text's runs of word characters in its lower case, and its runs as written."""
    import re

    runs = [re.findall(r"\w+", t.lower()) for t in texts]
    return runs, [len(re.findall(r"\w+", t)) for t in texts]


def _found_runs(texts):
    from alliance_data.term_counts import _runs

    tokens, rows, words = _runs(texts)
    found = [[] for _ in range(len(words))]
    for row, token in zip(rows.tolist(), tokens.to_pylist()):
        found[row].append(token)
    return found, words.tolist()


TOUCHING = ["end", "start", "", "Über", "naïve", "x", "", "ΣΑΣ", "İi", "Ǆemal", "_a_", "9", "’tis", "a’b—c"]


@pytest.mark.parametrize("kind", ["list", "pandas", "pandas slice", "numpy"])
def test_runs_found_by_array_operations_are_the_expressions(kind):
    import pandas as pd

    texts = ODD + TOUCHING + ["CAPITALS and lower", "Smart “quotes” — dashes… and ½ ² ① ⅷ", "façade’s café"]
    given = {"list": texts, "numpy": np.array(texts, dtype=object),
             "pandas": pd.Series(texts, dtype="str").array,
             "pandas slice": pd.Series(["skipped"] + texts, dtype="str").array[1:]}[kind]
    assert _found_runs(given) == _python_runs(texts)


def test_runs_of_every_character_are_the_expressions():
    # Each character between capitals and lower-case letters, alone, doubled and at a text's edges.
    characters = [chr(i) for i in range(0x80, 0x110000) if not 0xD800 <= i < 0xE000]
    texts = ["Ab" + "".join(f"{c}x{c}{c}Q " for c in characters[i:i + 50]) + characters[i]
             for i in range(0, len(characters), 50)]
    assert _found_runs(texts) == _python_runs(texts)


def test_texts_arrow_cannot_hold_are_counted_as_well():
    texts = ["alliance \udcff treaty", "treaty alliance"]  # a lone surrogate, as a byte-preserving decode leaves
    vectorizer = _vectorizer().fit(texts)
    counts, words = TermCounter(vectorizer).transform_with_words(texts)
    assert (counts != vectorizer.transform(texts)).nnz == 0 and words.tolist() == [2, 2]
    assert learn_vocabulary(texts, token_pattern=TOKEN_PATTERN, stop_words=STOP_WORDS) == sorted(vectorizer.vocabulary_)


def _some_rows(n: int) -> np.ndarray:
    """Every position but a few, in runs of different lengths (as the passages that shape a model)."""
    return np.array([i for i in range(n) if i % 13 not in (4, 5) and i != n - 1])


@pytest.mark.parametrize("key", [slice(None), slice(0, 10), slice(3, 5), slice(7, 8), slice(20, 11), slice(-9, None),
                                 slice(2, 40, 3), slice(None, None, -1), slice(30, 2, -4)])
def test_text_rows_are_the_rows_they_stand_for(key):
    column = pd.array(ODD * 6, dtype="str")
    rows = _some_rows(len(column))
    expected = [column[i] for i in rows]
    selected = TextRows(column, rows)
    assert len(selected) == len(expected) and selected.tolist() == expected
    assert list(selected[key]) == expected[key]
    assert [selected[i] for i in (0, 5, -1)] == [expected[i] for i in (0, 5, -1)]
    assert list(selected.take([4, 0, 4, len(expected) - 1])) == [expected[i] for i in (4, 0, 4, len(expected) - 1)]


def test_a_run_of_text_rows_is_a_slice_of_the_column_and_pickled_with_its_rows_only():
    column = pd.array([f"passage {i} " + "word " * 200 for i in range(400)], dtype="str")
    selected = TextRows(column, np.delete(np.arange(400), [150, 151]))
    run = selected[10:60]
    assert list(run) == list(column[10:60])
    chunk = run._pa_array.chunk(0)
    assert chunk.buffers()[2].address == column._pa_array.chunk(0).buffers()[2].address  # the column's own text
    assert len(pickle.dumps(run)) < len(pickle.dumps(column)) / 5
    assert list(selected[140:160]) == list(column[140:150]) + list(column[152:162])


def test_text_rows_are_counted_as_the_texts_they_stand_for(texts, monkeypatch):
    import alliance_data.term_counts as term_counts

    class InOrder:  # what a scheduler does, here
        def map(self, function, items, chunk=None):
            return [pickle.loads(pickle.dumps(function(pickle.loads(pickle.dumps(item))))) for item in items]

    vectorizer = _vectorizer().fit(texts)
    rows = _some_rows(len(texts))
    expected, expected_words = TermCounter(vectorizer).transform_with_words([texts[i] for i in rows])
    monkeypatch.setattr(term_counts, "BATCH", 7)
    selected = TextRows(pd.array(texts, dtype="str"), rows)
    for counted, words in (TermCounter(vectorizer).transform_with_words(selected),
                           TermCounter(vectorizer).transform_with_words_on(InOrder(), selected, chunk=11)):
        assert (counted != expected).nnz == 0 and np.array_equal(counted.indices, expected.indices)
        assert np.array_equal(words, expected_words)


@pytest.mark.parametrize("rows", [[3, 2], [0, 0], [-1], [5], [[0, 1]]])
def test_text_rows_must_be_increasing_positions(rows):
    with pytest.raises(ValueError, match="rows must be increasing positions in texts"):
        TextRows(pd.array(["a", "b", "c", "d", "e"], dtype="str"), rows)

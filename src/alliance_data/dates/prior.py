"""The vocabulary prior: when a text has no dated evidence at all, its words still say roughly when.

A linear model of the year on word usage, learned from the UN General Debate speeches 1946–2024 (CC0) by
``tools/train_vocabulary_prior.py`` and shipped as ``data/vocabulary_prior.csv.gz`` (word, weight) with
``data/vocabulary_prior.toml`` (intercept, and how wide the interval must be, by how many known words a text
has, to hold the year of 95 % of speeches the model never saw).

On unseen speeches the interval holds the year as often as it says; on news articles it does not (three of
the five bundled news articles, 1996–2024, all read "like the late 1990s": word usage of another kind of
text drifts towards the middle of the period). So the dater gives it as a hint in the evidence of a text it
could not date, never as a date, and never beside other evidence (bench/bench_vocabulary_prior.py).
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import math
import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

from ..text import TOKEN_PATTERN
from .intervals import MAX_DATE

#: Calibration cuts every text to its first this many words, too: most documents are shorter than a speech.
LENGTHS = (50, 100, 200, 400, 800)
#: The share of unseen texts whose year the interval must hold.
LEVEL = 0.95
#: Fewer known words than this and the vocabulary says too little to place a text: among speeches cut to
#: 200 words the interval needed is already some 60 years.
MIN_KNOWN_WORDS = 200

_TOKEN = re.compile(TOKEN_PATTERN)


def features_from_counts(counts):
    """Word counts (a sparse matrix, texts × words) as the model reads them: log counts, unit length per text."""
    from sklearn.preprocessing import normalize

    out = counts.astype(np.float64, copy=True)
    out.data = np.log1p(out.data)
    return normalize(out)


@dataclass(frozen=True)
class VocabularyGuess:
    """A year from word usage and the interval it may be trusted within."""

    year: float
    first: dt.date
    last: dt.date
    known_words: int
    years: float  # half-width of the interval, in years

    def describe(self) -> str:
        return (f"A hint, not a date: by its vocabulary alone ({self.known_words} words the model knows) the text "
                f"reads like UN General Debate speeches of about {round(self.year)}, and {self.first.year}–"
                f"{self.last.year} held the year of {LEVEL:.0%} of such speeches the model never saw; on other kinds "
                f"of text, news above all, it is often a decade or more off, and it knows nothing before 1946")


@lru_cache(maxsize=1)
def _model() -> tuple[dict[str, float], dict]:
    folder = resources.files("alliance_data").joinpath("data")
    settings = tomllib.loads(folder.joinpath("vocabulary_prior.toml").read_text(encoding="utf-8"))
    with gzip.open(io.BytesIO(folder.joinpath("vocabulary_prior.csv.gz").read_bytes()), "rt", encoding="utf-8") as f:
        weights = {row["word"]: float(row["weight"]) for row in csv.DictReader(f)}
    return weights, settings


def vocabulary_guess(text: str) -> VocabularyGuess | None:
    """The vocabulary prior's guess for ``text``, or None when it knows too few of its words."""
    weights, settings = _model()
    counts = Counter(token for token in _TOKEN.findall(text.lower()) if token in weights)
    known = sum(counts.values())
    if known < MIN_KNOWN_WORDS:
        return None
    logs = np.log1p(np.fromiter(counts.values(), dtype=np.float64, count=len(counts)))
    coef = np.fromiter((weights[w] for w in counts), dtype=np.float64, count=len(counts))
    year = settings["intercept"] + float(logs @ coef) / math.sqrt(float(logs @ logs))
    band = [b for b in settings["bands"] if b["from"] <= known][-1]
    first_year = max(settings["first_year"], math.floor(year - band["years"]))
    last_year = max(first_year, min(MAX_DATE.year, math.ceil(year + band["years"])))
    last = min(dt.date(last_year, 12, 31), MAX_DATE)
    return VocabularyGuess(year, dt.date(first_year, 1, 1), last, known, band["years"])

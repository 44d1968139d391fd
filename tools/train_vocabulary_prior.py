"""Learn the dater's vocabulary prior from the UN General Debate corpus (CC0) and say how well it holds.

Word usage changes with the years ("Soviet", "apartheid", "globalization", "pandemic"): a ridge regression
of the year on the log counts of 10,000 words, learned from speeches of the even years, places a text with
no other evidence in time. How far it may be trusted is measured on speeches it never saw: half of the
odd-year speeches calibrate the interval (the error that 95 % of them stay within, by how many known
words the text has: shorter texts get wider intervals), the other half test it. Every text is also cut
to its first 50, 100 … words for calibration and test, since most documents a user brings are shorter
than a General Assembly speech.

Writes src/alliance_data/data/vocabulary_prior.csv.gz (word, weight) and vocabulary_prior.toml (intercept,
calibration and the figures on the test half). Deterministic: same corpus, same bytes.

Usage: python tools/train_vocabulary_prior.py [UNGDC_JSONL_GZ]
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import sys
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import Ridge

from alliance_data.dates.prior import LENGTHS, LEVEL, features_from_counts
from alliance_data.text import STOP_WORDS_EN, TOKEN_PATTERN

SOURCE = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "ungdc" / "ungdc_1946_2024.jsonl.gz"
DATA = Path(__file__).resolve().parents[1] / "src" / "alliance_data" / "data"
N_WORDS = 10_000
MIN_DOCUMENTS = 30  # a word must occur in this many training speeches
ALPHA = 1.0


def _half(doc_id: str) -> int:
    return int(hashlib.sha256(doc_id.encode()).hexdigest(), 16) % 2


def _cut(text: str, words: int | None) -> str:
    return text if words is None else " ".join(text.split()[:words])


def _predict(model: Ridge, counts: sparse.csr_matrix) -> np.ndarray:
    return model.intercept_ + features_from_counts(counts) @ model.coef_


def main(source: Path = SOURCE) -> None:
    with gzip.open(source, "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    train = [r for r in rows if r["year"] % 2 == 0]
    calibrate = [r for r in rows if r["year"] % 2 == 1 and _half(r["doc_id"]) == 0]
    test = [r for r in rows if r["year"] % 2 == 1 and _half(r["doc_id"]) == 1]
    vectorizer = CountVectorizer(token_pattern=TOKEN_PATTERN, lowercase=True, min_df=MIN_DOCUMENTS, max_df=0.5,
                                 stop_words=sorted(STOP_WORDS_EN), max_features=N_WORDS, dtype=np.float64)
    counts = vectorizer.fit_transform(r["text"] for r in train)
    model = Ridge(alpha=ALPHA, solver="lsqr", tol=1e-8).fit(features_from_counts(counts),
                                                                np.array([r["year"] for r in train], float))

    def errors(sample: list[dict], words: int | None) -> tuple[np.ndarray, np.ndarray]:
        texts = [_cut(r["text"], words) for r in sample]
        known = vectorizer.transform(texts)
        error = np.abs(_predict(model, known) - np.array([r["year"] for r in sample]))
        return error, np.asarray(known.sum(axis=1)).ravel()

    cuts = [*LENGTHS, None]
    cal = [errors(calibrate, w) for w in cuts]
    error = np.concatenate([e for e, _ in cal])
    known = np.concatenate([k for _, k in cal])
    # the calibration rows by how many known words they have, at the edges of LENGTHS
    edges = [0, *LENGTHS[1:], np.inf]
    bands = []
    for low, high in zip(edges, edges[1:]):
        inside = (known >= low) & (known < high)
        if inside.sum() >= 100:
            bands.append((int(low), float(np.quantile(error[inside], LEVEL)), int(inside.sum())))
    lines = ["# The dater's vocabulary prior: learned by tools/train_vocabulary_prior.py, do not edit by hand.",
             "# Source: UN General Debate corpus 1946-2024 (CC0; Baturo, Dasandi and Mikhaylov 2017, Harvard Dataverse).",
             f"intercept = {model.intercept_:.6f}",
             "first_year = 1946", "last_year = 2024", f"level = {LEVEL}",
             f"trained_on = \"{len(train)} speeches of the even years\"",
             f"calibrated_on = \"{len(calibrate)} odd-year speeches (half by doc_id hash), each also cut to "
             f"{', '.join(map(str, LENGTHS))} words\"", "",
             "# known words at least `from`: the year error that a share `level` of calibration texts stayed within",
             "bands = ["]
    lines += [f"  {{ from = {low}, years = {years:.2f}, texts = {n} }}," for low, years, n in bands]
    lines += ["]", "", "# the other half of the odd-year speeches, never seen in training or calibration", "[test]"]

    def allowed(k: np.ndarray) -> np.ndarray:
        lows = np.array([b[0] for b in bands])
        return np.array([bands[i][1] for i in np.searchsorted(lows, k, side="right") - 1])

    for words in cuts:
        e, k = errors(test, words)
        name = "full" if words is None else f"first_{words}_words"
        lines.append(f"{name} = {{ texts = {len(e)}, mean_error_years = {e.mean():.2f}, "
                     f"within_interval = {(e <= allowed(k)).mean():.4f}, median_interval_years = "
                     f"{2 * float(np.median(allowed(k))):.1f} }}")
    (DATA / "vocabulary_prior.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["word", "weight"])
    for word, index in sorted(vectorizer.vocabulary_.items()):
        writer.writerow([word, f"{model.coef_[index]:.4f}"])
    with open(DATA / "vocabulary_prior.csv.gz", "wb") as raw:
        with gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as handle:
            handle.write(buffer.getvalue().encode("utf-8"))
    print("\n".join(lines))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE)

"""The dater's vocabulary prior, scored only on texts it was not trained on.

The prior (src/alliance_data/dates/prior.py) was learned from the even-year UN General Debate speeches and
calibrated on half of the odd-year ones (tools/train_vocabulary_prior.py). Here it is run through the shipped
files, as the dater runs it, on:
- the other half of the odd-year speeches (never seen), whole and cut to their first 100/200/400/800 words;
- the seeds and bench/dated_texts.jsonl: other kinds of text (news, cables, statements), for how it carries
  beyond speeches;
and prints for each: share placed at all, share of intervals holding the true year, median width in years,
mean error of the central year, and texts per second.

Prints figures; never fails. Usage: python bench/bench_vocabulary_prior.py [--limit N]
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import time
from importlib import resources
from pathlib import Path

import numpy as np

from alliance_data.dates.prior import vocabulary_guess

UNGDC = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "ungdc" / "ungdc_1946_2024.jsonl.gz"
SYNTHETIC = Path(__file__).resolve().parent / "dated_texts.jsonl"
SEED_YEARS = {"000": 2005, "001": 2005, "002": 1996, "003": 2024, "004": 2024}


def _unseen(path: Path, limit: int) -> list[tuple[str, int]]:
    out = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            if row["year"] % 2 == 1 and int(hashlib.sha256(row["doc_id"].encode()).hexdigest(), 16) % 2 == 1:
                out.append((row["text"], row["year"]))
    step = max(1, len(out) // limit) if limit else 1
    return out[::step][:limit] if limit else out


def report(name: str, items: list[tuple[str, int]]) -> None:
    start = time.perf_counter()
    guesses = [vocabulary_guess(text) for text, _ in items]
    seconds = time.perf_counter() - start
    placed = [(g, year) for g, (_, year) in zip(guesses, items) if g is not None]
    if not placed:
        print(f"  {name:<24} n={len(items):>5}  placed   0.0%")
        return
    held = np.mean([g.first.year <= year <= g.last.year for g, year in placed])
    width = np.median([g.last.year - g.first.year + 1 for g, _ in placed])
    error = np.mean([abs(g.year - year) for g, year in placed])
    print(f"  {name:<24} n={len(items):>5}  placed {len(placed) / len(items):6.1%}  holds the year {held:6.1%}  "
          f"median width {width:4.0f} years  mean error {error:5.1f} years  {len(items) / seconds:,.0f} texts/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=1000, help="unseen speeches to score (0: all)")
    args = parser.parse_args()
    print("vocabulary prior on texts it never saw")
    if UNGDC.exists():
        speeches = _unseen(UNGDC, args.limit)
        report("UN speeches, whole", speeches)
        for words in (100, 200, 400, 800):
            report(f"UN, first {words} words", [(" ".join(t.split()[:words]), y) for t, y in speeches])
    else:
        print(f"  (UN corpus not found at {UNGDC})")
    folder = resources.files("alliance_data").joinpath("data", "seeds")
    seeds = [(p.read_text(encoding="utf-8"), SEED_YEARS[p.name[:3]]) for p in sorted(folder.iterdir(), key=str)
             if p.name.endswith(".txt") and p.name[:3] in SEED_YEARS]
    report("seeds (news)", seeds)
    rows = [json.loads(line) for line in SYNTHETIC.read_text(encoding="utf-8").splitlines() if line.strip()]
    report("dated_texts.jsonl", [(r["text"], int(r["date"][:4])) for r in rows])


if __name__ == "__main__":
    main()

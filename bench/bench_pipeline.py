"""Pipeline throughput: load → clean → passages → dates, on the seeds and the UN General Debate corpus.

Prints figures; never fails. Usage: python bench/bench_pipeline.py [--seeds-only] [--un PATH]
The UN corpus is built with 1 and with 2 processes for the per-document steps.
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

from alliance_data.corpus import build_corpus
from alliance_data.load import read_sources

DEFAULT_UN = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "ungdc" / "ungdc_1946_2024.jsonl.gz"


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(label: str, sources, repeat: int = 1, jobs: int | None = None) -> None:
    best_read = best_build = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        loaded = read_sources(sources)
        read = time.perf_counter() - start
        start = time.perf_counter()
        corpus = build_corpus(loaded, jobs=jobs)
        build = time.perf_counter() - start
        best_read, best_build = min(best_read, read), min(best_build, build)
    mb = sum(len(d.text.encode("utf-8")) for d in loaded.documents) / 1e6
    total = best_read + best_build
    docs = len(corpus.documents)
    print(f"{label}: {docs:,} documents, {mb:,.1f} MB, {len(corpus.passages):,} passages, "
          f"{len(corpus.mentions):,} mentions, {len(corpus.removed):,} removals")
    print(f"  read {best_read:.2f} s + build {best_build:.2f} s = {total:.2f} s  "
          f"({docs / total:,.0f} documents/s, {mb / total:,.2f} MB/s); peak memory {_peak_mb():,.0f} MB")
    methods = corpus.documents["date_method"].value_counts().to_dict()
    print(f"  date methods: {methods}; problems: {len(corpus.problems)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds-only", action="store_true")
    parser.add_argument("--un", type=Path, default=DEFAULT_UN)
    args = parser.parse_args()
    run("seeds (best of 5)", None, repeat=5)
    if args.seeds_only:
        return
    if not args.un.exists():
        print(f"UN General Debate corpus not found at {args.un}: skipped")
        return
    for jobs in (1, 2):
        run(f"UN General Debate corpus, {jobs} process{'es' if jobs > 1 else ''}", args.un, jobs=jobs)


if __name__ == "__main__":
    main()

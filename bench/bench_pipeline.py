"""Pipeline throughput: load → clean → passages → dates, on the seeds and the UN General Debate corpus.

Prints figures; never fails. Usage: python bench/bench_pipeline.py [--seeds-only] [--un PATH] [--sample N]
(The memory of the worker processes is in bench/bench_build.py, which samples them while they run.)
A sample of the UN corpus (every k-th speech by id; ``--sample 0`` for all of it) is built with
1 process, with 2 processes and on a Dask LocalCluster of 2 worker processes (when Dask is installed).
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

from alliance_data.corpus import build_corpus
from alliance_data.load import LoadResult, read_sources

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


def _sample(loaded: LoadResult, n: int) -> LoadResult:
    """Every k-th document by id (ids are content digests, so this spreads over years and countries)."""
    documents = sorted(loaded.documents, key=lambda d: d.doc_id)
    if n and n < len(documents):
        step = len(documents) / n
        documents = [documents[int(i * step)] for i in range(n)]
    return LoadResult(tuple(documents), loaded.problems)


def run_schedulers(path: Path, n: int) -> None:
    start = time.perf_counter()
    loaded = _sample(read_sources(path), n)
    print(f"UN General Debate corpus, {len(loaded.documents):,} speeches (read in {time.perf_counter() - start:.1f} s); "
          "build only, per-document steps in:")
    reference = None

    def timed(label: str, **options) -> None:
        nonlocal reference
        t = time.perf_counter()
        corpus = build_corpus(loaded, **options)
        seconds = time.perf_counter() - t
        same = "" if reference is None else ("; tables identical to 1 process" if all(
            getattr(corpus, name).equals(getattr(reference, name))
            for name in ("documents", "passages", "mentions", "removed", "collation")) else "; TABLES DIFFER")
        if reference is None:
            reference = corpus
        print(f"  {label:32s} {seconds:6.1f} s  {len(corpus.documents) / seconds:6.1f} documents/s{same}; "
              f"peak memory of this process so far {_peak_mb():,.0f} MB", flush=True)

    timed("1 process", jobs=1)
    timed("2 processes", jobs=2)
    from alliance_data.cluster import connect

    try:
        t = time.perf_counter()
        with connect("local", workers=2) as scheduler:
            started = time.perf_counter() - t
            timed(f"local Dask cluster, 2 workers (started in {started:.1f} s)", scheduler=scheduler)
    except Exception as exc:  # a bench never fails: say why the cluster figure is missing
        print(f"  local Dask cluster: not run ({exc})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds-only", action="store_true")
    parser.add_argument("--un", type=Path, default=DEFAULT_UN)
    parser.add_argument("--sample", type=int, default=2000, help="UN speeches to build (0: all of them)")
    args = parser.parse_args()
    run("seeds (best of 5)", None, repeat=5)
    if args.seeds_only:
        return
    if not args.un.exists():
        print(f"UN General Debate corpus not found at {args.un}: skipped")
        return
    run_schedulers(args.un, args.sample)


if __name__ == "__main__":
    main()

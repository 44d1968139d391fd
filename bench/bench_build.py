"""A full dashboard build of a corpus, stage by stage: wall and CPU seconds per stage, peak memory.

Runs what the dashboard runs on a first visit (``alliance_dashboard.store.load_or_build`` into an
empty cache folder): read, clean, families, passages and dates, themes (vocabulary, counts, named
scores, LSA, clusters, stability, map) and the stored Parquet build. Each stage is timed from the
build's own progress messages. CPU is this process's plus every child process's (the worker
pool), sampled from ``/proc`` with psutil; "main thread" is the CPU of the thread that runs the build (the
steps no other core can take while it works); peak memory is the highest sum of resident memory of
this process and its children. On a machine shared with others, CPU seconds are the steadier figure.

Prints figures; never fails.

    .venv/bin/python bench/bench_build.py                       # the UN corpus, its themes and eras
    .venv/bin/python bench/bench_build.py --sample 2000         # every k-th speech of it only
    .venv/bin/python bench/bench_build.py --jobs 1              # per-document steps in this process
    .venv/bin/python bench/bench_build.py --keep /tmp/un-build  # the stored build kept, to compare tables
"""

from __future__ import annotations

import argparse
import os
import re
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
UNGDC = ROOT.parent / "shared" / "corpora" / "ungdc" / "ungdc_1946_2024.jsonl.gz"  # beside the checkout


class Meter:
    """CPU seconds of this process and its children, and their peak resident memory, sampled in a thread."""

    #: Seconds between two listings of this process's children.
    LISTING_INTERVAL = 0.5

    def __init__(self, interval: float = 0.1) -> None:
        self.me = psutil.Process()
        self.children: dict[int, tuple[float, float]] = {}  # pid -> (cpu seconds last seen, first seen)
        self.peak = self.main_peak = self.stage_peak = self.child_peak = 0
        self.interval = interval
        self._known: list[psutil.Process] = []  # this process's children at the last listing
        self._next_listing = 0.0
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        rss = own = self.me.memory_info().rss
        self.main_peak = max(self.main_peak, own)
        # Finding the children reads every process's status on the machine: done every few samples only (the
        # build's workers live for the whole build), so the meter's own CPU counts for little in this process's.
        now = time.perf_counter()
        if now >= self._next_listing:
            self._known = self.me.children(recursive=True)
            self._next_listing = now + self.LISTING_INTERVAL
        for child in self._known:
            try:
                times = child.cpu_times()
                child_rss = child.memory_info().rss
            except psutil.Error:
                continue
            rss += child_rss
            self.child_peak = max(self.child_peak, child_rss)
            with self._lock:
                _, first = self.children.get(child.pid, (0.0, time.perf_counter()))
                self.children[child.pid] = (times.user + times.system, first)
        self.peak = max(self.peak, rss)
        self.stage_peak = max(self.stage_peak, rss)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self._sample()
            except psutil.Error:
                pass

    def cpu(self) -> tuple[float, float]:
        """CPU seconds so far: (this process, children)."""
        self._sample()
        times = self.me.cpu_times()
        with self._lock:
            children = sum(cpu for cpu, _ in self.children.values())
        return times.user + times.system, children

    def per_child(self) -> list[float]:
        with self._lock:
            return sorted((cpu for cpu, _ in self.children.values()), reverse=True)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def _stage(message: str) -> str:
    """A progress message without its running counts: the name of a stage."""
    return re.sub(r"\s*\(.*\)$", "", re.sub(r"[\d,]+", "N", message)).strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--un", type=Path, default=UNGDC)
    parser.add_argument("--sample", type=int, default=0, help="every k-th speech, N in all (0: the whole corpus)")
    parser.add_argument("--jobs", type=int, default=None, help="worker processes (default: every core)")
    parser.add_argument("--plain", action="store_true", help="the packaged themes and decades, not the UN's own")
    parser.add_argument("--keep", type=Path, default=None,
                        help="store the build in this folder and keep it (to compare builds' tables)")
    args = parser.parse_args()
    if not args.un.exists():
        print(f"UN General Debate corpus not found at {args.un}: skipped")
        return
    meter = Meter()
    start = time.perf_counter()
    # stage, wall, self cpu, children cpu, peak GB (with the workers), peak GB (this process), main thread cpu
    marks: list[tuple] = []

    def mark(stage: str) -> None:
        own, children = meter.cpu()
        marks.append((stage, time.perf_counter() - start, own, children, meter.stage_peak / 1e9,
                      meter.main_peak / 1e9, time.thread_time()))
        meter.stage_peak = meter.main_peak = 0

    mark("importing")
    from alliance_dashboard.corpora import CorpusChoice
    from alliance_dashboard.store import load_or_build

    if args.jobs is not None:
        import alliance_data.workers

        alliance_data.workers.default_jobs = lambda: args.jobs

    sources = [str(args.un)]
    workdir = Path(tempfile.mkdtemp(prefix="bench-build-"))
    if args.sample:
        from alliance_data.load import read_sources

        mark("sampling")
        documents = sorted(read_sources(args.un).documents, key=lambda d: d.doc_id)
        step = len(documents) / args.sample
        chosen = [documents[int(i * step)] for i in range(min(args.sample, len(documents)))]
        sample = workdir / "sample.jsonl"
        import json

        with sample.open("w", encoding="utf-8") as handle:
            for doc in chosen:
                handle.write(json.dumps({"id": doc.meta.get("id"), "text": doc.text,
                                         "date": str(doc.meta.get("date") or "") or None}) + "\n")
        sources = [str(sample)]
    themes = eras = None
    if not args.plain:
        themes, eras = str(ROOT / "examples/ungdc/themes.toml"), str(ROOT / "examples/ungdc/eras.toml")
    choice = CorpusChoice("ungdc-bench", tuple(sources), themes=themes, eras=eras)

    last = [""]

    def progress(fraction: float, message: str) -> None:
        stage = _stage(message)
        if stage != last[0]:
            last[0] = stage
            mark(stage)

    mark("key and cache check")
    cache = args.keep or workdir / "cache"
    tables, from_disk = load_or_build(choice, progress=progress, directory=cache)
    mark("done")
    meter.stop()
    print(f"Full build of {len(tables.corpus.documents):,} documents, {len(tables.corpus.passages):,} passages "
          f"({'read from disk!' if from_disk else 'built'}), jobs={args.jobs or 'all cores'}, "
          f"load average {os.getloadavg()[0]:.2f}")
    print(f"  {'stage':48s} {'wall s':>7s} {'cpu s':>7s} {'of it in workers':>17s} {'main thread':>12s} "
          f"{'peak GB':>8s} {'of it here':>10s}")
    for (stage, t0, own0, kids0, *_, main0), (_, t1, own1, kids1, peak, main_peak, main1) in zip(marks, marks[1:]):
        print(f"  {stage[:48]:48s} {t1 - t0:7.1f} {own1 - own0 + kids1 - kids0:7.1f} {kids1 - kids0:17.1f} "
              f"{main1 - main0:12.1f} {peak:8.2f} {main_peak:10.2f}")
    _, total, own, kids, *_, main_cpu = marks[-1]
    print(f"  {'total':48s} {total:7.1f} {own + kids:7.1f} {kids:17.1f} {main_cpu - marks[0][-1]:12.1f}")
    print(f"  worker processes' CPU seconds: {', '.join(f'{c:.1f}' for c in meter.per_child()) or 'none'}; "
          f"largest worker {meter.child_peak / 1e9:.2f} GB")
    print(f"  peak resident memory (this process + children): {meter.peak / 1e9:.2f} GB; "
          f"{len(tables.corpus.documents) / total:.0f} documents/s overall")
    stored = sum(f.stat().st_size for f in cache.rglob("*") if f.is_file())
    print(f"  stored build: {stored / 1e6:,.0f} MB")
    import shutil

    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()

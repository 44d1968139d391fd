"""Dating throughput: date_document on the seeds, infer_date on UN speeches, extract_mentions on paragraphs.

Prints figures; never fails. Usage: python bench/bench_dates.py [--seeds-only] [--un PATH] [--sample N]
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import time
from importlib import resources
from pathlib import Path

import pandas as pd

from alliance_data.dates import date_document, infer_date
from alliance_data.mentions import extract_mentions

DEFAULT_UN = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "ungdc" / "ungdc_1946_2024.jsonl.gz"


def _seeds() -> list[tuple[str, str]]:
    folder = resources.files("alliance_data").joinpath("data", "seeds")
    return sorted((p.name, p.read_text(encoding="utf-8")) for p in folder.iterdir() if p.name.endswith(".txt"))


def _best(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def bench_seeds() -> None:
    seeds = _seeds()
    texts = [t for _, t in seeds]
    infer_date(texts[0])  # build the name and event indexes once
    repeat = 20
    doc = _best(lambda: [date_document(t) for t in texts], repeat)
    inf = _best(lambda: [infer_date(t) for t in texts], repeat)
    print(f"seeds: {len(texts)} documents, best of {repeat}")
    print(f"  date_document (no metadata): {len(texts) / doc:,.0f} docs/s")
    print(f"  infer_date (forced inference): {len(texts) / inf:,.0f} docs/s")
    for name, text in seeds:
        e = date_document(text)
        print(f"  {name}: {e.method:9s} {e.precision:6s} {e.date_min} .. {e.date_max}")


def _un_rows(path: Path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def bench_un(path: Path, sample: int) -> None:
    start = time.perf_counter()
    rows = _un_rows(path)
    print(f"UN General Debate corpus: {len(rows):,} speeches read in {time.perf_counter() - start:.1f} s")

    # A deterministic sample: the speeches whose doc_id hashes lowest.
    chosen = sorted(rows, key=lambda r: hashlib.sha256(r["doc_id"].encode()).hexdigest())[:sample]
    mb = sum(len(r["text"]) for r in chosen) / 1e6
    start = time.perf_counter()
    estimates = [infer_date(r["text"]) for r in chosen]
    took = time.perf_counter() - start
    print(f"  infer_date on {len(chosen):,} speeches ({mb:.1f} M characters): {took:.2f} s, "
          f"{len(chosen) / took:,.0f} docs/s, {mb / took:.2f} M chars/s")
    inside = [e for e, r in zip(estimates, chosen) if e.date_min]
    hits = sum(e.date_min[:4] <= str(r["year"]) <= e.date_max[:4] for e, r in zip(estimates, chosen) if e.date_min)
    widths = sorted(
        (pd.Timestamp(e.date_max) - pd.Timestamp(e.date_min)).days for e in inside)
    median = widths[len(widths) // 2] if widths else 0
    print(f"  inferred an interval for {len(inside):,} of {len(chosen):,}; it contains the true year for "
          f"{hits:,} ({hits / max(len(inside), 1):.1%}); median width {median:,} days")
    precisions = pd.Series([e.precision for e in estimates]).value_counts().to_dict()
    print(f"  precisions: {precisions}")

    start = time.perf_counter()
    for r in rows:
        date_document(r["text"], meta_date=r["year"])
    took = time.perf_counter() - start
    print(f"  date_document with the metadata year, all {len(rows):,} speeches: {took:.2f} s, "
          f"{len(rows) / took:,.0f} docs/s")

    paragraphs = []
    for r in rows:
        for k, para in enumerate(p for p in r["text"].split("\n") if p.strip()):
            paragraphs.append((f"{r['doc_id']}#{k}", r["doc_id"], para))
    frame = pd.DataFrame(paragraphs, columns=["passage_id", "doc_id", "text"])
    mb = frame["text"].str.len().sum() / 1e6
    start = time.perf_counter()
    mentions = extract_mentions(frame)
    took = time.perf_counter() - start
    print(f"  extract_mentions on {len(frame):,} paragraphs ({mb:.0f} M characters): {took:.2f} s, "
          f"{len(frame) / took:,.0f} paragraphs/s; {len(mentions):,} mentions "
          f"({mentions['kind'].value_counts().to_dict()})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds-only", action="store_true")
    parser.add_argument("--un", type=Path, default=DEFAULT_UN)
    parser.add_argument("--sample", type=int, default=2000)
    args = parser.parse_args()
    bench_seeds()
    if args.seeds_only:
        return
    if not args.un.exists():
        print(f"UN General Debate corpus not found at {args.un}: skipped")
        return
    bench_un(args.un, args.sample)


if __name__ == "__main__":
    main()

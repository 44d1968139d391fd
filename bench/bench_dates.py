"""Dating: throughput and accuracy on documents whose date is known but hidden from the dater.

Material (never a dated-document collection found online):
- the seeds (bundled corpus);
- bench/dated_texts.jsonl: short US-government-style texts written for this benchmark, with their true
  dates and no datelines (speeches, news conferences, interviews, cables, wire stories, statements);
- the extraction-dev web pages: each page's text copy dated as a user's corpus would be, against the date the
  same page's HTML metadata gives (the one date they carry outside their visible text);
- the UN General Debate corpus (CC0) with its year hidden: each speech was given in September–October of
  its ``year`` (five sessions met at other times: see ``_UN_WINDOWS``). The dater learns nothing from it, so
  every speech is unseen.

For each material: share dated, share of intervals containing the truth, median width, share of best
dates within 45 and 365 days of the truth, by decade and by kind. A truth known only as a window (UN:
1 September to 31 October) is contained when the interval overlaps it, and a best date inside it is 0 days off.

Prints figures; never fails. Usage: python bench/bench_dates.py [--seeds-only] [--un PATH] [--sample N] [--full]
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import hashlib
import json
import resource
import time
from concurrent.futures import ProcessPoolExecutor
from importlib import resources
from pathlib import Path

import pandas as pd

from alliance_data.dates import date_document, infer_date
from alliance_data.mentions import extract_mentions

DEFAULT_UN = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "ungdc" / "ungdc_1946_2024.jsonl.gz"
SYNTHETIC = Path(__file__).resolve().parent / "dated_texts.jsonl"
PAGES = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "extraction-dev"  # beside the checkout


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
    repeat = 10
    doc = _best(lambda: [date_document(t) for t in texts], repeat)
    inf = _best(lambda: [infer_date(t) for t in texts], repeat)
    print(f"seeds: {len(texts)} documents, best of {repeat}")
    print(f"  date_document (no metadata): {len(texts) / doc:,.0f} docs/s")
    print(f"  infer_date (forced inference): {len(texts) / inf:,.0f} docs/s")
    for name, text in seeds:
        e = date_document(text)
        print(f"  {name}: {e.method:9s} {e.precision:6s} {e.date_min} .. {e.date_max} (best {e.date})")


# --------------------------------------------------------------------------- scoring

def _score(rows: list[dict]) -> dict:
    """rows: truth_lo, truth_hi (dates), date_min, date_max, date (ISO or None)."""
    n = len(rows)
    dated = [r for r in rows if r["date_min"]]
    contains, widths, within45, within365 = 0, [], 0, 0
    for r in dated:
        lo, hi = dt.date.fromisoformat(r["date_min"]), dt.date.fromisoformat(r["date_max"])
        best = dt.date.fromisoformat(r["date"])
        contains += lo <= r["truth_hi"] and r["truth_lo"] <= hi
        widths.append((hi - lo).days)
        off = 0 if r["truth_lo"] <= best <= r["truth_hi"] else min(abs((best - r["truth_lo"]).days),
                                                                    abs((best - r["truth_hi"]).days))
        within45 += off <= 45
        within365 += off <= 365
    widths.sort()
    return {"n": n, "dated": len(dated) / max(n, 1), "contains": contains / max(len(dated), 1),
            "median_width": widths[len(widths) // 2] if widths else None,
            "within45": within45 / max(len(dated), 1), "within365": within365 / max(len(dated), 1)}


def _line(label: str, s: dict) -> str:
    width = "-" if s["median_width"] is None else f"{s['median_width']:,}"
    return (f"  {label:<22s} n={s['n']:>5,}  dated {s['dated']:6.1%}  contains truth {s['contains']:6.1%}  "
            f"median width {width:>6s} d  best within 45 d {s['within45']:6.1%}  within 365 d {s['within365']:6.1%}")


def _report(title: str, rows: list[dict], *, by_kind: bool) -> None:
    print(title)
    print(_line("all", _score(rows)))
    for decade in sorted({r["truth_lo"].year // 10 * 10 for r in rows}):
        print(_line(f"{decade}s", _score([r for r in rows if r["truth_lo"].year // 10 * 10 == decade])))
    if by_kind:
        for kind in sorted({r["kind"] for r in rows}):
            print(_line(kind, _score([r for r in rows if r["kind"] == kind])))


def _row(e, truth_lo: dt.date, truth_hi: dt.date, kind: str) -> dict:
    return {"truth_lo": truth_lo, "truth_hi": truth_hi, "date_min": e.date_min, "date_max": e.date_max,
            "date": e.date, "kind": kind, "precision": e.precision}


# --------------------------------------------------------------------------- synthetic texts

def bench_synthetic(path: Path) -> None:
    if not path.exists():
        print(f"synthetic texts not found at {path}: skipped")
        return
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = []
    for item in items:
        truth = dt.date.fromisoformat(item["date"])
        e = date_document(item["text"])
        rows.append(_row(e, truth, truth, item["kind"]))
    _report(f"written-here US-government-style texts without datelines ({path.name}):", rows, by_kind=True)
    misses = [(i["id"], i["date"], r["date_min"], r["date_max"]) for i, r in zip(items, rows)
              if r["date_min"] and not (r["date_min"] <= i["date"] <= r["date_max"])]
    undated = [i["id"] for i, r in zip(items, rows) if not r["date_min"]]
    print(f"  intervals missing the truth: {misses or 'none'}; undated: {undated or 'none'}")


# --------------------------------------------------------------------------- UN General Debate

def _un_rows(path: Path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def _infer_many(texts: list[str]) -> list[tuple]:
    out = []
    for t in texts:
        e = infer_date(t)
        out.append((e.date, e.date_min, e.date_max, e.precision))
    return out


class _E:
    def __init__(self, t: tuple) -> None:
        self.date, self.date_min, self.date_max, self.precision = t


# Sessions whose general debate was not held in September–October: the 1st session met in London from
# 10 January 1946 and resumed in New York from 23 October 1946; the 6th opened in Paris on 6 November 1951; the 11th opened on 12 November 1956 (after the
# Suez and Hungary emergency sessions); the 19th opened on 1 December 1964 and held its general debate into
# January 1965; the 56th held its general debate on 10–16 November 2001, after the
# September 11 attacks postponed it.
_UN_WINDOWS = {1: ((1946, 1, 10), (1946, 12, 15)), 6: ((1951, 11, 6), (1951, 12, 31)), 11: ((1956, 11, 12), (1956, 12, 31)),
               19: ((1964, 12, 1), (1965, 2, 18)),
               56: ((2001, 11, 1), (2001, 11, 30))}


def _un_truth(r: dict) -> tuple[dt.date, dt.date]:
    if r["session"] in _UN_WINDOWS:
        lo, hi = _UN_WINDOWS[r["session"]]
        return dt.date(*lo), dt.date(*hi)
    return dt.date(r["year"], 9, 1), dt.date(r["year"], 10, 31)


def bench_un(path: Path, sample: int, full: bool, workers: int) -> None:
    start = time.perf_counter()
    rows = _un_rows(path)
    print(f"UN General Debate corpus: {len(rows):,} speeches read in {time.perf_counter() - start:.1f} s")

    # A deterministic sample: the speeches whose doc_id hashes lowest.
    chosen = sorted(rows, key=lambda r: hashlib.sha256(r["doc_id"].encode()).hexdigest())[:sample]
    mb = sum(len(r["text"]) for r in chosen) / 1e6
    infer_date("warm up the indexes")
    start, cpu = time.perf_counter(), time.process_time()
    estimates = [_E(t) for t in _infer_many([r["text"] for r in chosen])]
    took, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(f"  infer_date on a sample of {len(chosen):,} speeches ({mb:.1f} M characters), one process: {took:.2f} s, "
          f"{len(chosen) / took:,.0f} docs/s, {mb / took:.2f} M chars/s; CPU time {cpu:.2f} s, "
          f"{1000 * cpu / len(chosen):.2f} ms a speech ({len(chosen) / cpu:,.0f} docs/s of CPU: on a busy machine "
          f"the CPU time is the steadier figure)")
    scored = [_row(e, *_un_truth(r), "UN speech") for e, r in zip(estimates, chosen)]
    _report(f"UN speeches, year hidden (sample of {len(chosen):,}; truth = September–October of the year):",
            scored, by_kind=False)
    print(f"  precisions: {pd.Series([e.precision for e in estimates]).value_counts().to_dict()}")

    if full:
        texts = [r["text"] for r in rows]
        chunks = [texts[i:i + 200] for i in range(0, len(texts), 200)]
        start = time.perf_counter()
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = [t for part in pool.map(_infer_many, chunks) for t in part]
        took = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime)
        print(f"  infer_date on the whole corpus, {len(rows):,} speeches, {workers} processes: {took:.1f} s "
              f"(including each process building its indexes); the processes used {cpu:.1f} s of CPU, "
              f"{cpu / workers:.1f} s each")
        scored = [_row(_E(t), *_un_truth(r), "UN speech") for t, r in zip(results, rows)]
        _report("UN speeches, whole corpus, year hidden:", scored, by_kind=False)

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


def _page_dates(folder: str, pages: list[dict], field: str, suffix: str) -> pd.DataFrame:
    from alliance_data.corpus import build_corpus
    from alliance_data.load import read_sources

    for page in pages:
        (Path(folder) / f"{page['id']}{suffix}").write_text(page[field], encoding="utf-8")
    documents = build_corpus(read_sources(folder)).documents
    return documents.assign(page=documents["source"].map(lambda s: Path(s).name.rsplit(".", 1)[0])).set_index("page")


def bench_pages(folder: Path) -> None:
    """The development web pages' text copies dated as a user's corpus would be, against the date the same page's
    HTML metadata gives (read by the extractor): the one date those pages carry outside their visible text."""
    import gzip
    import tempfile

    path = folder / "pages.jsonl.gz"
    if not path.exists():
        print(f"extraction-dev pages not found at {folder}: skipped")
        return
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        pages = [json.loads(line) for line in handle]
    with tempfile.TemporaryDirectory() as copies, tempfile.TemporaryDirectory() as markup:
        text = _page_dates(copies, pages, "text_copy", ".txt")
        html = _page_dates(markup, pages, "html", ".html")
    both = text[["date", "date_min", "date_max", "date_method"]].join(html[["date", "date_method"]], rsuffix="_html")
    known = both[both["date_method_html"] == "page metadata"]
    day = lambda column: pd.to_datetime(column, errors="coerce")  # noqa: E731
    print(f"development web pages ({len(pages)}): text copies dated as a user's corpus, against the date in the same "
          f"page's HTML metadata ({len(known)} pages have one):")
    for method, rows in [("all", known)] + sorted(known.groupby("date_method")):
        dated = rows[rows["date_min"].notna()]
        holds = (day(dated["date_min"]) <= day(dated["date_html"])) & (day(dated["date_html"]) <= day(dated["date_max"]))
        off = (day(dated["date"]) - day(dated["date_html"])).abs().dt.days
        print(f"  {method:10s} n={len(rows):4d}  dated {len(dated) / max(len(rows), 1):6.1%}  interval holds the "
              f"metadata date {holds.mean() if len(dated) else 0:6.1%}  best date within 2 days {(off <= 2).mean() if len(dated) else 0:6.1%}")
        if method == "all":
            for page, row in dated[~holds].iterrows():
                print(f"      misses: {page:28s} {row['date_method']:9s} {row['date_min']} .. {row['date_max']}  "
                      f"metadata {row['date_html']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds-only", action="store_true")
    parser.add_argument("--un", type=Path, default=DEFAULT_UN)
    parser.add_argument("--sample", type=int, default=1000)
    parser.add_argument("--full", action="store_true", help="also date the whole UN corpus, timed, in parallel")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--pages", type=Path, default=PAGES, help="the extraction-dev pages (skipped when absent)")
    args = parser.parse_args()
    bench_seeds()
    if args.seeds_only:
        return
    bench_synthetic(SYNTHETIC)
    bench_pages(args.pages)
    if not args.un.exists():
        print(f"UN General Debate corpus not found at {args.un}: skipped")
        return
    bench_un(args.un, args.sample, args.full, args.workers)


if __name__ == "__main__":
    main()

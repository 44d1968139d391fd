"""Benchmark: fit the themes on the bundled seeds and on the UN General Debate corpus.

Prints seconds, passages, peak memory and the number of discovered themes.
Figures only; nothing here passes or fails.

    .venv/bin/python bench/bench_themes.py            # seeds and the whole UN corpus
    .venv/bin/python bench/bench_themes.py --limit 2000   # the first 2,000 speeches only
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import resource
import sys
import time
from pathlib import Path

import pandas as pd

UNGDC = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "ungdc" / "ungdc_1946_2024.jsonl.gz"  # beside the checkout
_NUMBERED = re.compile(r"^\s*\d{1,4}[.)]\s+")


def peak_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2  # Linux reports KiB


def seed_passages() -> tuple[pd.DataFrame, str]:
    try:
        import alliance_data

        return alliance_data.load_corpus().passages, "alliance_data.load_corpus()"
    except Exception as exc:  # the pipeline may be mid-change; fall back to plain paragraphs
        folder = Path(__file__).resolve().parents[1] / "src/alliance_data/data/seeds"
        rows = []
        for file in sorted(folder.glob("*.txt")):
            for line in file.read_text(encoding="utf-8").splitlines():
                if len(line.strip()) >= 40:
                    rows.append((file.name, line.strip()))
        return _frame(rows), f"plain paragraphs (load_corpus failed: {type(exc).__name__})"


def _frame(rows: list[tuple[str, str]], eras: list[str] | None = None) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["doc_id", "text"])
    frame["passage_id"] = [
        "p" + hashlib.sha256(f"{d}\0{i}\0{t}".encode()).hexdigest()[:12] for i, (d, t) in enumerate(rows)
    ]
    frame["era"] = eras if eras is not None else None
    frame["duplicate"] = False
    frame["offtopic"] = False
    return frame


def un_passages(limit: int | None) -> tuple[pd.DataFrame, str]:
    try:
        import alliance_data

        if limit is None:
            corpus = alliance_data.load_corpus([str(UNGDC)])
            return corpus.passages, "alliance_data.load_corpus(ungdc)"
    except Exception as exc:
        note = f"paragraph split (load_corpus failed: {type(exc).__name__})"
    else:
        note = "paragraph split (--limit given)"
    rows, eras = [], []
    with gzip.open(UNGDC, "rt", encoding="utf-8") as handle:
        for n, line in enumerate(handle):
            if limit is not None and n >= limit:
                break
            record = json.loads(line)
            decade = f"{int(record['year']) // 10 * 10}s"
            paragraph: list[str] = []
            for raw in record["text"].splitlines() + [""]:
                text = raw.strip()
                if not text or _NUMBERED.match(text):
                    if paragraph:
                        rows.append((record["doc_id"], " ".join(paragraph)))
                        eras.append(decade)
                    paragraph = [_NUMBERED.sub("", text)] if text else []
                else:
                    paragraph.append(text)
    return _frame(rows, eras), note


def run(name: str, passages: pd.DataFrame, note: str) -> None:
    from alliance_data.themes import fit_corpus_themes

    print(f"\n== {name}: {len(passages):,} passages ({note})", flush=True)
    marks = []
    start = time.perf_counter()

    def progress(fraction: float, message: str) -> None:
        at = time.perf_counter() - start
        previous = marks[-1] if marks else 0.0
        marks.append(at)
        print(f"   {at:7.1f} s  (previous step {at - previous:5.1f} s)  {fraction:4.0%}  {message}", flush=True)

    tables = fit_corpus_themes(passages, random_state=0, progress=progress)
    seconds = time.perf_counter() - start
    discovered = tables.themes[tables.themes["kind"] == "discovered"]
    named = tables.themes[tables.themes["kind"] == "named"]
    print(f"fit_corpus_themes: {seconds:.1f} s, {len(passages):,} passages, k={len(discovered)}, "
          f"vocabulary {len(tables.model.feature_names()):,}, peak RSS {peak_gb():.2f} GB")
    print("named themes (passages):", ", ".join(f"{n} {c}" for n, c in zip(named["name"], named["n_passages"])))
    print("discovered themes (passages, stability):")
    for row in discovered.itertuples():
        print(f"   {row.theme_id}  {row.n_passages:>7,}  {row.stability if row.stability is not None else float('nan'):.2f}  {row.name}")
    show_examples(passages, tables)
    time_helpers(passages, tables)


def show_examples(passages: pd.DataFrame, tables, per_theme: int = 3) -> None:
    """The strongest passages of the three evaluated named themes, to read against the labels."""
    from alliance_data.themes import analysed_mask

    analysed = passages[analysed_mask(passages)]
    text = dict(zip(analysed["passage_id"], analysed["text"]))
    for theme in ("Missile defense", "Command structure", "Taiwan Strait"):
        scored = [
            (row.theme_scores.get(theme, 0.0), row.passage_id)
            for row in tables.assignments.itertuples()
            if theme in row.themes and row.passage_id in text
        ]
        scored.sort(key=lambda t: (-t[0], t[1]))
        print(f"strongest {theme} passages ({len(scored):,} in all):")
        for score, pid in scored[:per_theme]:
            print(f"   {score:.2f}  {' '.join(text[pid].split())[:150]}")


def time_helpers(passages: pd.DataFrame, tables) -> None:
    from alliance_data.themes import align_passages, distinctive_terms_by_era, theme_shares_by_era

    start = time.perf_counter()
    shares = theme_shares_by_era(passages, tables.assignments)
    print(f"theme_shares_by_era: {time.perf_counter() - start:.1f} s, {len(shares):,} rows")
    start = time.perf_counter()
    terms = distinctive_terms_by_era(passages, tables.model, top_n=5)
    print(f"distinctive_terms_by_era: {time.perf_counter() - start:.1f} s")
    for era, group in terms.groupby("era", sort=True):
        print(f"   {era}: {', '.join(group['term'])}")
    eras = sorted(passages["era"].dropna().unique())
    if len(eras) >= 2:
        left = passages[passages["era"] == eras[-2]]
        right = passages[passages["era"] == eras[-1]]
        start = time.perf_counter()
        alignment = align_passages(left, right, tables.model)
        print(f"align_passages {eras[-2]} ({len(left):,}) vs {eras[-1]} ({len(right):,}): "
              f"{time.perf_counter() - start:.1f} s, sampled={alignment.sampled}, "
              f"best similarity {alignment.pairs['similarity'].max() if len(alignment.pairs) else float('nan'):.2f}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N speeches of the UN corpus")
    parser.add_argument("--skip-seeds", action="store_true")
    args = parser.parse_args(argv)
    if not args.skip_seeds:
        run("seed corpus", *seed_passages())
    start = time.perf_counter()
    passages, note = un_passages(args.limit)
    print(f"\n(loading the UN corpus took {time.perf_counter() - start:.1f} s, peak RSS {peak_gb():.2f} GB)")
    run("UN General Debate", passages, note)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    main()

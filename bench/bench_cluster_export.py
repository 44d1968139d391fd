"""The Parquet export of the UN General Debate corpus on one machine and on a Dask cluster, side by side.

Runs ``alliance-data export --format parquet`` (corpus tables and theme model) three ways, each in a fresh
process: in one process, with 2 worker processes, and on a local Dask cluster of 2 workers, where the
documents stay on the workers, which write the tables' parts (``alliance_data.partitioned``). Prints wall
seconds, documents per second, the peak memory of the exporting process itself and of its workers, and
whether the cluster's folder reads back the same tables as the one-process folder.

Prints figures; never fails.

    .venv/bin/python bench/bench_cluster_export.py               # every 5th speech (about 2,200)
    .venv/bin/python bench/bench_cluster_export.py --every 1     # all 10,952 speeches
    .venv/bin/python bench/bench_cluster_export.py --html 3      # the 220 web pages of extraction-dev, 3 times
                                                                 # over, as HTML files (articles extracted)
    .venv/bin/python bench/bench_cluster_export.py --every 1 --shards 22   # the speeches as a folder of 22
                                                                 # .jsonl.gz files, which the cluster's workers read
"""

from __future__ import annotations

import argparse
import gzip
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
UNGDC = ROOT.parent / "shared" / "corpora" / "ungdc" / "ungdc_1946_2024.jsonl.gz"
PAGES = ROOT.parent / "shared" / "corpora" / "extraction-dev" / "pages.jsonl.gz"


def _run(argv: list[str]) -> tuple[float, float, float, int]:
    """Wall seconds, peak resident GB of the process and of its children (summed), and its exit code."""
    start = time.perf_counter()
    process = psutil.Popen([sys.executable, "-m", "alliance_data.cli", *argv], stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, env={**os.environ, "PYTHONWARNINGS": "ignore"})
    own = children = 0
    while process.poll() is None:
        try:
            own = max(own, process.memory_info().rss)
            children = max(children, sum(c.memory_info().rss for c in process.children(recursive=True)))
        except psutil.Error:
            pass
        time.sleep(0.2)
    seconds = time.perf_counter() - start
    if process.returncode:
        print(process.stderr.read().decode(errors="replace")[-2000:])
    return seconds, own / 1e9, children / 1e9, process.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--un", type=Path, default=UNGDC)
    parser.add_argument("--every", type=int, default=5, help="export every n-th speech (1: all of them)")
    parser.add_argument("--html", type=int, default=0, metavar="N",
                        help="export the extraction-dev web pages as HTML files, N copies of each, instead")
    parser.add_argument("--shards", type=int, default=0, metavar="N",
                        help="the speeches as a folder of N .jsonl.gz files: a folder's files are read on the "
                             "cluster's workers, a single file by the exporting process")
    args = parser.parse_args()
    wanted = PAGES if args.html else args.un
    if not wanted.exists():
        print(f"{wanted} not found: skipped")
        return
    with tempfile.TemporaryDirectory(prefix="bench-cluster-") as temp:
        temp = Path(temp)
        source = args.un
        if args.html:
            import json

            source = temp / "pages"
            with gzip.open(PAGES, "rt", encoding="utf-8") as lines:
                pages = [json.loads(line) for line in lines]
            for copy in range(args.html):
                (source / f"copy{copy}").mkdir(parents=True)
                for page in pages:
                    (source / f"copy{copy}" / f"{page['id']}.html").write_text(page["html"], encoding="utf-8")
        elif args.shards > 0:
            source = temp / "shards"
            source.mkdir()
            with gzip.open(args.un, "rt", encoding="utf-8") as lines:
                kept = [line for i, line in enumerate(lines) if i % args.every == 0]
            size = -(-len(kept) // args.shards)
            for n in range(args.shards):
                with gzip.open(source / f"shard{n:03d}.jsonl.gz", "wt", encoding="utf-8") as out:
                    out.writelines(kept[n * size:(n + 1) * size])
        elif args.every > 1:
            source = temp / "sample.jsonl.gz"
            with gzip.open(args.un, "rt", encoding="utf-8") as lines, gzip.open(source, "wt", encoding="utf-8") as out:
                out.writelines(line for i, line in enumerate(lines) if i % args.every == 0)
        runs = {
            "1 process": ["--jobs", "1"],
            "2 worker processes": ["--jobs", "2"],
            "local Dask cluster, 2 workers": ["--scheduler", "local", "--jobs", "2"],
        }
        folders = {}
        print(f"Parquet export with themes of {source.name}")
        for label, options in runs.items():
            folders[label] = temp / label.replace(" ", "_").replace(",", "")
            seconds, own, workers, code = _run(["export", str(source), "--format", "parquet", "--out",
                                                str(folders[label]), *options])
            if code:
                print(f"  {label}: failed (exit {code})")
                continue
            import json

            documents = json.loads((folders[label] / "manifest.json").read_text())["rows"]["documents"]
            print(f"  {label:31s} {seconds:6.1f} s  {documents / seconds:6.1f} documents/s; peak memory "
                  f"{own:.2f} GB in the exporting process, {workers:.2f} GB in its workers", flush=True)
        from alliance_data.tables_io import read_tables

        try:
            reference, _ = read_tables(folders["1 process"])
            spread, manifest = read_tables(folders["local Dask cluster, 2 workers"])
            same = list(reference) == list(spread) and all(reference[n].equals(spread[n]) for n in reference)
            model = (folders["1 process"] / "model.npz").read_bytes() == \
                (folders["local Dask cluster, 2 workers"] / "model.npz").read_bytes()
            print(f"  the cluster's folder ({len(manifest.get('parts', {}).get('documents', []))} parts per table) "
                  f"reads back {'the same tables' if same else 'DIFFERENT tables'}"
                  f"{' and model' if model else '; the model DIFFERS'} as one process")
        except Exception as exc:  # a bench never fails: say why the comparison is missing
            print(f"  comparison not made ({exc})")


if __name__ == "__main__":
    main()

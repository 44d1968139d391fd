"""Command line: ``alliance-data export`` and ``alliance-data summary``.

``export`` writes JSON lines — a stable contract for other tools:
``documents.jsonl``, ``passages.jsonl``, ``mentions.jsonl`` and ``themes.jsonl`` —
or, with ``--format parquet``, the folder of Parquet tables the dashboard stores
(see :mod:`alliance_data.tables_io`).
Bad arguments exit non-zero with a one-line reason. Files that cannot be read are
listed on stderr and the rest is used; only a corpus with no document at all fails.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import fields, replace
from pathlib import Path
from typing import Sequence

import pandas as pd

__all__ = ["main", "export_corpus", "export_parquet"]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2
        self.exit(2, f"alliance-data: error: {message}\n")


def _write_jsonl(path: Path, table) -> int:
    from .export import jsonl_lines

    with path.open("w", encoding="utf-8") as handle:
        handle.writelines(jsonl_lines(table))
    return len(table)


def export_corpus(corpus, out: Path, *, themes=None) -> dict[str, int]:
    """Write the corpus (and its themes, if given) as JSON lines into ``out`` (columns as :mod:`alliance_data.export` lists them)."""
    from .export import document_table, mention_table, passage_table

    out.mkdir(parents=True, exist_ok=True)
    counts = {
        "documents": _write_jsonl(out / "documents.jsonl", document_table(corpus.documents)),
        "passages": _write_jsonl(out / "passages.jsonl", passage_table(corpus.passages, themes)),
        "mentions": _write_jsonl(out / "mentions.jsonl", mention_table(corpus.mentions)),
    }
    if themes is not None:
        from .themes import export_theme_records

        counts["themes"] = _write_jsonl(out / "themes.jsonl", pd.DataFrame(export_theme_records(themes)[0]))
    return counts


def export_parquet(corpus, out: Path, *, themes=None, settings: dict | None = None) -> dict[str, int]:
    """Write the corpus (and its themes and fitted model, if given) as Parquet tables with a manifest into ``out``."""
    from .export import clear_export, export_manifest
    from .tables_io import write_tables

    clear_export(out)
    frames = {"documents": corpus.documents, "passages": corpus.passages, "mentions": corpus.mentions,
              "removed": corpus.removed, "collation": corpus.collation}
    if themes is not None:
        frames.update({"themes": themes.themes, "assignments": themes.assignments})
    manifest = write_tables(out, frames, model=themes.model if themes is not None else None,
                            manifest=export_manifest(corpus.fingerprint, corpus.problems, corpus.eras, settings))
    return manifest["rows"]


def print_progress(fraction: float, message: str) -> None:
    """Progress on standard error, one line per step."""
    print(f"[{fraction:4.0%}] {message}", file=sys.stderr)


#: Documents read between two of the reading's progress lines.
READING_STEP = 1_000


def _reading(sources, **options):
    """:func:`~alliance_data.corpus.read_documents` with a progress line every :data:`READING_STEP` documents read
    (how many files a folder holds is not known before it is read: the share stays at 0%)."""
    from .corpus import read_documents

    read = 0

    def counted(_document) -> None:
        nonlocal read
        read += 1
        if read % READING_STEP == 0:
            print_progress(0.0, f"Reading files ({read:,} documents read)")

    print_progress(0.0, "Reading files")
    return read_documents(sources, on_document=counted, **options)


def _print_problems(problems) -> None:
    for problem in problems:
        print(f"warning: {problem}" if problem.severity == "warning" else f"skipped: {problem}", file=sys.stderr)


def _export_on_cluster(args: argparse.Namespace, out: Path, scheduler, eras, limits, config, settings: dict) -> int:
    """``export --format parquet --scheduler …``: the documents stay on the workers, which write the tables' parts
    (see :mod:`alliance_data.partitioned`)."""
    from .partitioned import export_partitioned

    try:
        manifest, problems = export_partitioned(args.sources or None, out, scheduler, eras=eras, limits=limits,
                                                themes=not args.no_themes, theme_config=config, settings=settings,
                                                progress=print_progress)
    except ValueError as exc:
        print(f"alliance-data: error: {exc}", file=sys.stderr)
        return 1
    _print_problems(problems)
    print(", ".join(f"{n} {name}" for name, n in manifest["rows"].items()) + f" written to {out}")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="alliance-data", description="Turn raw documents into dated, themed passages.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)
    for name, text in (("export", "write the corpus tables as JSON lines"), ("summary", "print a corpus summary")):
        command = commands.add_parser(name, help=text, description=text)
        command.add_argument("sources", nargs="*", metavar="SOURCE",
                             help="files, folders or .zip archives (default: the bundled corpus)")
        command.add_argument("--eras", metavar="FILE", help="a TOML file of named eras (default: decades)")
        command.add_argument("--jobs", type=int, metavar="N",
                             help="processes for the per-document steps (default: every core; the tables are the same)")
        command.add_argument("--scheduler", metavar="ADDRESS",
                             help="run the per-document steps on a Dask cluster: 'local' starts one on this machine "
                                  "(--jobs workers), or a scheduler address such as tcp://host:8786 "
                                  "(needs the cluster extra; the tables are the same)")
        if name == "export":
            command.add_argument("--out", required=True, metavar="DIR", help="output folder")
            command.add_argument("--themes", metavar="FILE", help="a TOML theme configuration (default: bundled)")
            command.add_argument("--no-themes", action="store_true", help="skip the theme model")
            command.add_argument("--format", choices=("jsonl", "parquet"), default="jsonl",
                                 help="JSON Lines files (default) or a folder of Parquet tables with a manifest")
        _add_limit_flags(command)
    return parser


def _add_limit_flags(command: argparse.ArgumentParser) -> None:
    """One ``--max-…`` flag per loader limit, named and described by ``Limits`` itself."""
    from .load import DEFAULT_LIMITS, Limits

    group = command.add_argument_group("limits", "bounds on what is read (defaults in brackets)")
    for spec in fields(Limits):
        default = getattr(DEFAULT_LIMITS, spec.name)
        group.add_argument(
            f"--max-{spec.name.replace('_', '-')}", dest=f"limit_{spec.name}", type=type(default),
            metavar="N", help=f"{spec.metadata['help']} [{default:,}]",
        )


def _limits(args: argparse.Namespace):
    from .load import DEFAULT_LIMITS, Limits

    given = {spec.name: getattr(args, f"limit_{spec.name}") for spec in fields(Limits)}
    for name, value in given.items():
        if value is not None and not value > 0:
            raise ValueError(f"--max-{name.replace('_', '-')} must be a positive number, not {value}")
    return replace(DEFAULT_LIMITS, **{name: value for name, value in given.items() if value is not None})


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    missing = [s for s in args.sources if not Path(s).exists()]
    if missing:
        parser.error(f"no such file or folder: {missing[0]}")
    from .eras import load_eras

    try:
        eras = load_eras(args.eras)
        limits = _limits(args)
    except ValueError as exc:
        parser.error(str(exc))
    if args.command == "export":
        out = Path(args.out)
        if out.exists() and not out.is_dir():
            parser.error(f"--out {out} exists and is not a folder")
    if args.jobs is not None and args.jobs < 1:
        parser.error(f"--jobs must be 1 or more, not {args.jobs}")
    config = None
    if args.command == "export" and not args.no_themes and args.themes:
        from .themes import load_theme_config

        try:
            config = load_theme_config(args.themes)
        except ValueError as exc:
            parser.error(str(exc))
    settings = {"eras": eras.label, "themes": args.themes} if args.command == "export" else {}
    if args.scheduler:
        from .cluster import ClusterError, connect

        try:
            with connect(args.scheduler, workers=args.jobs) as scheduler:
                print(f"building on a {scheduler.describe()}", file=sys.stderr)
                if args.command == "export" and args.format == "parquet":
                    return _export_on_cluster(args, out, scheduler, eras, limits, config, settings)
                return _build_and_write(args, _reading(args.sources or None, limits=limits, scheduler=scheduler),
                                        scheduler, eras, config, settings)
        except ClusterError as exc:
            print(f"alliance-data: error: {exc}", file=sys.stderr)
            return 1
    from .corpus import scheduler_for
    from .workers import ProcessScheduler

    # One set of worker processes for extracting web pages, the per-document steps and the theme model's.
    with ProcessScheduler(args.jobs) as pool:
        loaded = _reading(args.sources or None, limits=limits, scheduler=pool if pool.jobs > 1 else None)
        return _build_and_write(args, loaded, scheduler_for(loaded, pool), eras, config, settings)


def _build_and_write(args: argparse.Namespace, loaded, scheduler, eras, config, settings: dict) -> int:
    """Build the loaded documents (their per-document steps and the theme model's on ``scheduler``, if any), then
    print the summary or write the export."""
    from .corpus import build_corpus
    from .workers import release_memory, scaled_progress

    themed = args.command == "export" and not args.no_themes
    corpus = build_corpus(loaded, eras=eras, jobs=1 if scheduler is None else None, scheduler=scheduler,
                          progress=scaled_progress(print_progress, 0.0, 0.6 if themed else 0.95))
    del loaded
    release_memory()
    _print_problems(corpus.problems)
    if corpus.documents.empty:
        print("alliance-data: error: no documents could be loaded", file=sys.stderr)
        return 1
    if args.command == "summary":
        print(corpus.summary())
        return 0
    out = Path(args.out)
    themes = None
    if not args.no_themes:
        from .themes import fit_corpus_themes

        themes = fit_corpus_themes(corpus, config, scheduler=scheduler,
                                   progress=scaled_progress(print_progress, 0.6, 0.95))
    print_progress(0.95, f"Writing the tables to {out}")
    if args.format == "parquet":
        counts = export_parquet(corpus, out, themes=themes, settings=settings)
    else:
        counts = export_corpus(corpus, out, themes=themes)
    print(", ".join(f"{n} {name}" for name, n in counts.items()) + f" written to {out}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

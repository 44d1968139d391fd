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
import json
import math
import sys
from dataclasses import fields, replace
from pathlib import Path
from typing import Any, Iterable, Sequence

__all__ = ["main", "export_corpus", "export_parquet"]

DOCUMENT_FIELDS = [
    "doc_id", "source", "title", "outlet", "author", "date", "date_min", "date_max",
    "date_precision", "date_method", "date_evidence", "era", "family_id", "canonical", "removed",
]
PASSAGE_FIELDS = ["passage_id", "doc_id", "family_id", "position", "text", "date", "era", "offtopic", "duplicate",
                  "offtopic_reason", "start", "end"]
MENTION_FIELDS = ["passage_id", "doc_id", "text", "year", "year_end", "kind", "start", "end"]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2
        self.exit(2, f"alliance-data: error: {message}\n")


def _json_value(value: Any) -> Any:
    if value is None:
        return None
    if hasattr(value, "item") and not isinstance(value, (list, dict, str)):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, (list, tuple)):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    return value


def _write_jsonl(path: Path, rows: Iterable[dict]) -> int:
    count = 0
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps({k: _json_value(v) for k, v in row.items()}, ensure_ascii=False) + "\n")
            count += 1
    return count


def export_corpus(corpus, out: Path, *, themes=None) -> dict[str, int]:
    """Write the corpus (and its themes, if given) as JSON lines into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    theme_rows: list[dict] = []
    per_passage: dict[str, dict] = {}
    if themes is not None:
        from .themes import export_theme_records

        theme_rows, per_passage = export_theme_records(themes)
    empty = {"themes": [], "theme_scores": {}}

    def passages() -> Iterable[dict]:
        for row in corpus.passages[PASSAGE_FIELDS].to_dict("records"):
            row.update(per_passage.get(row["passage_id"], empty) if themes is not None else {})
            yield row

    counts = {
        "documents": _write_jsonl(out / "documents.jsonl", corpus.documents[DOCUMENT_FIELDS].to_dict("records")),
        "passages": _write_jsonl(out / "passages.jsonl", passages()),
        "mentions": _write_jsonl(out / "mentions.jsonl", corpus.mentions[MENTION_FIELDS].to_dict("records")),
    }
    if themes is not None:
        counts["themes"] = _write_jsonl(out / "themes.jsonl", theme_rows)
    return counts


def export_parquet(corpus, out: Path, *, themes=None, settings: dict | None = None) -> dict[str, int]:
    """Write the corpus (and its themes and fitted model, if given) as Parquet tables with a manifest into ``out``."""
    from importlib import metadata

    from .tables_io import write_tables

    frames = {"documents": corpus.documents, "passages": corpus.passages, "mentions": corpus.mentions,
              "removed": corpus.removed, "collation": corpus.collation}
    if themes is not None:
        frames.update({"themes": themes.themes, "assignments": themes.assignments})
    try:
        version = metadata.version("alliance-data")
    except metadata.PackageNotFoundError:
        version = "0"
    manifest = write_tables(out, frames, model=themes.model if themes is not None else None, manifest={
        "fingerprint": corpus.fingerprint, "package": version, "settings": settings or {},
        "problems": [str(p) for p in corpus.problems],
    })
    return manifest["rows"]


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
    from .corpus import load_corpus
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
    if args.scheduler:
        from .cluster import ClusterError, connect

        try:
            with connect(args.scheduler, workers=args.jobs) as scheduler:
                print(f"building on a {scheduler.describe()}", file=sys.stderr)
                corpus = load_corpus(args.sources or None, eras=eras, limits=limits, scheduler=scheduler)
        except ClusterError as exc:
            print(f"alliance-data: error: {exc}", file=sys.stderr)
            return 1
    else:
        corpus = load_corpus(args.sources or None, eras=eras, limits=limits, jobs=args.jobs)
    for problem in corpus.problems:
        print(f"warning: {problem}" if problem.severity == "warning" else f"skipped: {problem}", file=sys.stderr)
    if corpus.documents.empty:
        print("alliance-data: error: no documents could be loaded", file=sys.stderr)
        return 1
    if args.command == "summary":
        print(corpus.summary())
        return 0
    themes = None
    if not args.no_themes:
        from .themes import fit_corpus_themes, load_theme_config

        try:
            config = load_theme_config(args.themes) if args.themes else None
        except ValueError as exc:
            parser.error(str(exc))
        themes = fit_corpus_themes(corpus, config)
    if args.format == "parquet":
        counts = export_parquet(corpus, out, themes=themes, settings={"eras": eras.label, "themes": args.themes})
    else:
        counts = export_corpus(corpus, out, themes=themes)
    print(", ".join(f"{n} {name}" for name, n in counts.items()) + f" written to {out}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

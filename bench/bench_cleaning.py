"""Cleaning quality on real web pages: token F1 of the cleaned text against each page's gold article.

Two conditions: the page's visible text copied into a .txt file (the main case) and
the page's .html file. Both go through the whole pipeline (load → clean → structure →
passages) as one corpus, and each document's clean text is scored with the corpus's
own scorer (``score.py`` beside the pages). Prints mean / median F1 overall and per
language group, the pages that lose more than 10 % of their article, and the worst pages,
and the same figures for two halves of the sites (split by a hash of the site's name, so
rules tuned while looking at one half can be checked on the other).

With both conditions, the titles and authors the text copies are given are checked against those the same page's
HTML build takes from its metadata (read by the extractor): a title the same once lower-cased with punctuation
dropped, one holding the other (a site's name after a bar), or nearly the same (difflib ratio ≥ 0.8); an author's
name one holding the other.

Prints figures; never fails. Usage: python bench/bench_cleaning.py [--corpus DIR] [--worst N] [--only txt|html]
"""

from __future__ import annotations

import argparse
import difflib
import gzip
import hashlib
import importlib.util
import json
import re
import statistics
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

from alliance_data.corpus import build_corpus
from alliance_data.load import read_sources

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "extraction-dev"
GROUPS = {"en": "English", "zh": "Chinese/Japanese", "ja": "Chinese/Japanese"}


def _scorer(folder: Path):
    spec = importlib.util.spec_from_file_location("extraction_score", folder / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.prf


def _pages(folder: Path) -> list[dict]:
    with gzip.open(folder / "pages.jsonl.gz", "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def development_pages(folder: Path):
    """The extraction-dev pages and their scorer's ``prf``, or None (with a line saying so) when absent."""
    if not (folder / "pages.jsonl.gz").exists() or not (folder / "score.py").exists():
        print(f"extraction-dev pages not found at {folder}: skipped")
        return None
    return _scorer(folder), _pages(folder)


class Cleaned(NamedTuple):
    """Pages after the whole pipeline: clean text and title/subtitle fields by page id, the build's seconds, and
    the near-duplicate families of more than one page (page ids, sorted)."""
    texts: dict[str, str]
    fields: dict[str, str]
    seconds: float
    families: list[list[str]]
    titles: dict[str, str | None] = {}
    authors: dict[str, str | None] = {}


def clean_copies(copies: dict[str, str], suffix: str = ".txt") -> Cleaned:
    """Each page's clean text and its title/subtitle fields after the whole pipeline, the build's seconds and the
    families it formed.

    ``copies`` maps a page id to the text (or HTML) written to ``<id><suffix>``; all pages form one corpus.
    """
    with tempfile.TemporaryDirectory() as tmp:
        for page_id, text in copies.items():
            (Path(tmp) / f"{page_id}{suffix}").write_text(text, encoding="utf-8")
        start = time.perf_counter()
        corpus = build_corpus(read_sources(tmp))
        seconds = time.perf_counter() - start
    texts, fields, titles, authors, members = {}, {}, {}, {}, defaultdict(list)
    for row in corpus.documents.itertuples():
        page_id = Path(row.source).name.rsplit(".", 1)[0]
        texts[page_id] = row.clean_text or ""
        titles[page_id] = row.title if isinstance(row.title, str) and row.title else None
        authors[page_id] = row.author if isinstance(row.author, str) and row.author else None
        fields[page_id] = "\n".join(x for x in (row.title, row.subtitle) if isinstance(x, str) and x)
        members[row.family_id].append(page_id)
    families = sorted(sorted(ids) for ids in members.values() if len(ids) > 1)
    return Cleaned(texts, fields, seconds, families, titles, authors)


def _clean_texts(pages: list[dict], suffix: str) -> Cleaned:
    field = "html" if suffix == ".html" else "text_copy"
    return clean_copies({page["id"]: page[field] for page in pages}, suffix)


def site_half(site: str) -> str:
    """"A" or "B": a fixed split of the sites into two halves, by a hash of the site's name."""
    return "AB"[hashlib.sha1(site.encode("utf-8")).digest()[0] % 2]


def _summary(label: str, scores: list[float]) -> str:
    if not scores:
        return f"  {label:18s} no pages"
    return (f"  {label:18s} {len(scores):4d} pages  F1 mean {statistics.fmean(scores):.3f}"
            f"  median {statistics.median(scores):.3f}")


class Row(NamedTuple):
    """One page's scores: token precision, recall and F1 of a text against the page's gold."""
    page_id: str
    lang: str
    p: float
    r: float
    f: float
    half: str


def score_rows(pages: list[dict], texts: Mapping[str, str], prf) -> list[Row]:
    """Every page's text (missing: empty) scored against its gold article."""
    rows = []
    for page in pages:
        p, r, f, _, _ = prf(page["gold"], texts.get(page["id"], ""))
        rows.append(Row(page["id"], page["lang"], p, r, f, site_half(page["site"])))
    return rows


def losing(rows: Sequence[Row]) -> int:
    """Pages losing more than 10 % of their article."""
    return sum(1 for r in rows if r.r < 0.9)


def print_figures(rows: Sequence[Row], pages: list[dict]) -> None:
    """F1 overall, per language group and per site half, with the pages losing more than 10 %; mean P and R."""
    print(_summary("all", [r.f for r in rows]) + f"  losing >10 %: {losing(rows)}")
    groups = defaultdict(list)
    for row in rows:
        groups[GROUPS.get(row.lang, "other languages")].append(row)
    for group in ("English", "Chinese/Japanese", "other languages"):
        print(_summary(group, [r.f for r in groups[group]]) + f"  losing >10 %: {losing(groups[group])}")
    for half in "AB":
        part = [r for r in rows if r.half == half]
        sites = len({page["site"] for page in pages if site_half(page["site"]) == half})
        print(_summary(f"sites half {half}", [r.f for r in part])
              + f"  losing >10 %: {losing(part)}  ({sites} sites)")
    print(f"  precision mean {statistics.fmean(r.p for r in rows):.3f}, "
          f"recall mean {statistics.fmean(r.r for r in rows):.3f}")


def same_title(ours: str | None, reference: str | None) -> bool:
    """Whether a title agrees with a reference one (see the module's docstring)."""
    if not ours or not reference:
        return False
    a, b = (re.sub(r"\W+", " ", text.lower()).strip() for text in (ours, reference))
    return a == b or (len(a) >= 12 and (a in b or b in a)) or difflib.SequenceMatcher(None, a, b).ratio() >= 0.8


def report_fields(pages: list[dict], copies: Cleaned, html: Cleaned) -> None:
    """The text copies' titles and authors against those the HTML build reads from each page's metadata."""
    for field, agrees in (("titles", same_title), ("authors", _same_name)):
        ours, theirs = getattr(copies, field), getattr(html, field)
        known = [page["id"] for page in pages if theirs.get(page["id"])]
        agree = sum(1 for page_id in known if agrees(ours.get(page_id), theirs[page_id]))
        missing = sum(1 for page_id in known if not ours.get(page_id))
        print(f"{field} of the text copies against those the HTML build reads from the page's metadata "
              f"({len(known)} pages have one): {agree} agree ({agree / max(len(known), 1):.1%}), {missing} missing, "
              f"{len(known) - agree - missing} other")


def _same_name(ours: str | None, reference: str | None) -> bool:
    """One name holding the other, lower-cased with punctuation dropped (metadata lists co-authors and handles)."""
    if not ours or not reference:
        return False
    a, b = (re.sub(r"\W+", " ", text.lower()).strip() for text in (ours, reference))
    return bool(a and b) and (a in b or b in a)


def report(pages: list[dict], suffix: str, prf, worst: int) -> Cleaned:
    cleaned = texts, fields, seconds, families, _, _ = _clean_texts(pages, suffix)
    rows = score_rows(pages, texts, prf)
    # pages losing more than 10 % once the title and subtitle fields count as kept
    with_fields = sum(1 for page, row in zip(pages, rows) if row.r < 0.9 and prf(
        page["gold"], f"{fields.get(page['id'], '')}\n{texts.get(page['id'], '')}")[1] < 0.9)
    name = "text copy (.txt)" if suffix == ".txt" else "HTML (.html)"
    print(f"{name}: {len(pages)} pages, load + build {seconds:.1f} s")
    print_figures(rows, pages)
    lost = sorted((r for r in rows if r.r < 0.9), key=lambda r: r.r)
    print(f"  pages losing more than 10 % of their article: {len(lost)}"
          f" ({with_fields} when the title and subtitle the structure step keeps as fields count:"
          " some golds open with the headline or standfirst)")
    for page_id, lang, p, r, f, half in lost[:worst]:
        print(f"    {page_id:40s} {lang}  recall {r:.3f}  precision {p:.3f}  half {half}")
    print("  worst pages by F1:")
    for page_id, lang, p, r, f, half in sorted(rows, key=lambda r: r.f)[:worst]:
        print(f"    {page_id:40s} {lang}  F1 {f:.3f}  P {p:.3f}  R {r:.3f}  half {half}")
    # The pages are different articles, many two from one site sharing its menus and footers: a family among them
    # is a false one (shared furniture taken for shared content).
    per_site = Counter(page["site"] for page in pages)
    same_site = sum(n * (n - 1) // 2 for n in per_site.values())
    print(f"  near-duplicate families formed: {len(families)} (every page is a different article; "
          f"{same_site} pairs of pages share a site)" + "".join(f"\n    {' + '.join(f)}" for f in families))
    return cleaned


def arguments_and_pages(description: str, **options: dict) -> tuple[argparse.Namespace, tuple | None]:
    """A cleaning bench's command line (``--corpus`` and one ``--name`` per option, with its argparse settings)
    and the development pages it names (:func:`development_pages`)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    for name, settings in options.items():
        parser.add_argument(f"--{name}", **settings)
    args = parser.parse_args()
    return args, development_pages(args.corpus)


def main() -> None:
    args, found = arguments_and_pages(__doc__, worst={"type": int, "default": 10},
                                      only={"choices": ("txt", "html")})
    if found is None:
        return
    prf, pages = found
    done = {suffix: report(pages, suffix, prf, args.worst) for suffix in (".txt", ".html")
            if not args.only or suffix == f".{args.only}"}
    if len(done) == 2:
        report_fields(pages, done[".txt"], done[".html"])


if __name__ == "__main__":
    main()

"""How steady the content detector's thresholds are: each one scaled a little either way.

For every numeric threshold of the cleaner in ``alliance_data.clean`` (the module-level
constants listed in THRESHOLDS: the content detector's, the page foot's; and in
LAYOUT_THRESHOLDS: the re-layout of a copy's), the bench sets it to ×0.7, ×0.85, ×1.15
and ×1.3 of its value (whole numbers rounded, at least 1) and cleans the extraction-dev
pages again, then prints mean F1, mean recall and the pages losing more than 10 % of
their article, on each half of the sites (the split of ``bench_cleaning.py``). A
threshold whose figures fall off for a small change sits on a cliff: it is tuned to
these pages rather than to a shape of pages.

Each page goes through cleaning and the structure step only (no families, repeated
lines or dating), so the figures are a little off those of ``bench_cleaning.py``; the
row ×1.0 is the reference. HTML pages keep the extractor's output and their metadata
from the first run (they do not depend on these thresholds); the content detector's
part of the HTML path (putting back lines the extractor missed) runs again each time.

Prints figures; never fails. Usage:
python bench/bench_cleaning_sensitivity.py [--corpus DIR] [--only txt|html] [--names A,B] [--scales 0.7,1.3]
    [--layout apart|packed|wrapped]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_cleaning import DEFAULT_CORPUS, development_pages, site_half  # noqa: E402

from alliance_data import clean, extract  # noqa: E402
from alliance_data.clean import clean_lines, read_as_page  # noqa: E402
from alliance_data.load import RawDocument, html_to_text, read_sources  # noqa: E402
from alliance_data.passages import build_passages, split_paragraphs  # noqa: E402
from alliance_data.structure import extract_structure  # noqa: E402

#: The content detector's thresholds (constants of ``alliance_data.clean``). Thresholds compiled into
#: its patterns when the module loads (MIN_PAGE_RUN, MENU_CHARS, LINK_RUN's share in the page test)
#: change only where the code reads them at run time.
THRESHOLDS = (
    "SHORT_WORDS", "PROSE_WORDS", "PROSE_DENSITY", "NEAR_DENSITY", "TYPICAL_QUANTILE", "LONG_PROSE_ENDS",
    "NAME_LIST_DENSITY", "OPEN_PROSE_RUN", "OPEN_PROSE_LONG_RUN", "CLUSTER_GAP", "SECOND_CLUSTER_SHARE",
    "SAME_TOPIC", "LIST_ITEM_SHARE", "MAX_LIST_LINES", "WRITTEN_ITEM_WORDS", "WRITTEN_SHARE", "VERSE_SHARE",
    "LINK_RUN", "LINK_SENTENCE_SHARE", "LEAD_REACH", "HEAD_LINES", "TITLE_WORDS", "DATELINE_WORDS",
    "REPEATED_CHARS", "MENU_MEDIAN_WORDS", "HEADLINE_SENTENCE_SHARE", "WRAPPED_SHARE", "MIN_COMMENT_MARKS",
    "COMMENT_MARK_WORDS", "MIN_ARTICLE_ABOVE_COMMENTS", "MAX_COMMENT_WORDS", "AMOUNT_RUN", "LISTING_SHARE",
    "AGENDA_WORDS", "LED_ITEM_WORDS", "LEAD_WORDS", "ENUMERATION_ENTRIES", "COMMENT_HEAD_REACH",
    "UNSURE_PROSE_SHARE", "UNSURE_PROSE_LINES", "UNSURE_GOOD_SHARE", "STORY_WORDS", "STORY_OTHER_SHARE", "STORY_PARAGRAPHS",
    "TEASER_LIST", "TEASER_SHARE", "TEASER_WORDS", "TEASER_WEIGHT",
    "SHORT_STORY_WORDS", "ENUMERATION_ENTRY_WORDS", "HEADLINE_SHARED_WORDS", "LISTING_WORDS", "LISTING_TAGS",
    "END_MATTER_GAP", "END_MATTER_WORDS", "END_MATTER_SHARE", "ADDRESS_SHARE", "ADDRESS_TOPIC", "ADDRESS_TAIL_SHARE",
    "TEASER_TAIL_WORDS", "TEASER_LINE_WORDS", "REPEATED_PHRASE_CHARS",
)
#: The thresholds of the re-layout of a copy (``read_page``: bullets, fragments, blank lines, wrapping), read when
#: a page's text is laid out; a browser's copy is rarely touched by them, the perturbed copies are.
LAYOUT_THRESHOLDS = (
    "BULLETED_COPY_SHARE", "BULLET_ITEM_WORDS", "FRAGMENT_GAP", "SPARSE_COPY_SHARE", "SPARSE_COPY_LINES",
    "SPACED_COPY_SHARE", "MENU_RUN_LINES", "WRAP_LONG", "WRAP_SLACK", "WRAP_WALL_SHARE",
)
SCALES = (0.7, 0.85, 1.15, 1.3)
#: The layouts of ``bench_cleaning_perturbed.py`` the layout thresholds are read on (``--layout``): its functions' names.
LAYOUTS = {"apart": "every_line_apart", "packed": "no_blank_lines", "wrapped": "wrapped_at"}


def scaled(value, factor: float):
    """``value`` times ``factor``: whole numbers stay whole (at least 1), pairs scale both ends."""
    if isinstance(value, tuple):
        return tuple(scaled(v, factor) for v in value)
    if isinstance(value, int):
        return max(1, round(value * factor))
    return value * factor


def load_documents(pages: list[dict], suffix: str) -> dict[str, object]:
    """The pages read as one folder of files, by page id (HTML through the extractor, once)."""
    field = "html" if suffix == ".html" else "text_copy"
    with tempfile.TemporaryDirectory() as tmp:
        for page in pages:
            (Path(tmp) / f"{page['id']}{suffix}").write_text(page[field], encoding="utf-8")
        loaded = read_sources(tmp)
    return {Path(doc.source).name.rsplit(".", 1)[0]: doc for doc in loaded.documents}


def clean_text(doc) -> str:
    """A document's clean text through the line rules, the content detector and the structure step."""
    c = clean_lines(read_as_page(doc.text), content_blocks="extracted_by" not in doc.meta)
    structure = extract_structure(c.lines, meta=doc.meta, removed_lines=[r.text for r in c.removed])
    return build_passages("x", split_paragraphs(structure.body))[0]


class HtmlPages:
    """HTML pages whose visible text and extractor output are computed once; the content detector's part of
    the HTML path (``extract._restore``: lines the extractor missed, put back) runs each time."""

    def __init__(self, pages: list[dict]):
        self.pages = {}
        for page in pages:
            visible, _ = html_to_text(page["html"])
            result = extract._extract(page["html"]) if visible.strip() else None
            text = ((result or {}).get("text") or "").strip()
            self.pages[page["id"]] = (visible, text)

    def documents(self) -> dict[str, object]:
        docs = {}
        for page_id, (visible, text) in self.pages.items():
            if text:
                docs[page_id] = RawDocument(page_id, extract._restore(visible, text)[0].strip() + "\n",
                                            meta={"extracted_by": extract.EXTRACTOR})
            else:  # no article found: the visible text goes to the text cleaner
                docs[page_id] = RawDocument(page_id, visible)
        return docs


def measure(pages: list[dict], texts: dict[str, str], prf) -> dict[str, tuple[float, float, int]]:
    """Per site half ("A", "B"): mean F1, mean recall, pages losing more than 10 %."""
    out = {}
    for half in "AB":
        rows = [prf(p["gold"], texts.get(p["id"], "")) for p in pages if site_half(p["site"]) == half]
        out[half] = (statistics.fmean(r[2] for r in rows), statistics.fmean(r[1] for r in rows),
                     sum(1 for r in rows if r[1] < 0.9))
    return out


def run(pages: list[dict], suffix: str, prf, html: HtmlPages | None = None) -> dict[str, tuple[float, float, int]]:
    docs = html.documents() if html else _TXT_DOCS.setdefault(id(pages), load_documents(pages, ".txt"))
    return measure(pages, {page_id: clean_text(doc) for page_id, doc in docs.items()}, prf)


_TXT_DOCS: dict[int, dict] = {}


def _row(label: str, figures: dict[str, tuple[float, float, int]], base: dict | None) -> str:
    cells = []
    for half in "AB":
        f, r, losing = figures[half]
        mark = ""
        if base is not None:
            bf, _, bl = base[half]
            if f < bf - 0.01 or losing > bl + 2:
                mark = " !"  # a clear drop: the threshold may sit on a cliff
        cells.append(f"{half}: F1 {f:.3f} R {r:.3f} lose {losing:2d}{mark:2s}")
    return f"  {label:32s} " + "   ".join(cells)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--only", choices=("txt", "html"))
    parser.add_argument("--names", help="comma-separated thresholds (default: all)")
    parser.add_argument("--scales", help="comma-separated factors (default: 0.7,0.85,1.15,1.3)")
    parser.add_argument("--layout", choices=sorted(LAYOUTS),
                        help="text copies laid out another way first (as bench_cleaning_perturbed.py does)")
    args = parser.parse_args()
    found = development_pages(args.corpus)
    if found is None:
        return
    prf, pages = found
    if args.layout:
        import bench_cleaning_perturbed  # (it reads this bench's clean_text: imported once both are defined)

        layout = getattr(bench_cleaning_perturbed, LAYOUTS[args.layout])
        pages = [{**page, "text_copy": layout(page["text_copy"])} for page in pages]
    names = [n for n in (args.names.split(",") if args.names else THRESHOLDS + LAYOUT_THRESHOLDS) if hasattr(clean, n)]
    factors = [float(x) for x in args.scales.split(",")] if args.scales else SCALES
    for suffix in (".txt", ".html"):
        if args.only and suffix != f".{args.only}":
            continue
        html = HtmlPages(pages) if suffix == ".html" else None
        start = time.perf_counter()
        base = run(pages, suffix, prf, html)
        print(f"{'text copy (.txt)' if suffix == '.txt' else 'HTML (.html)'}: {len(pages)} pages"
              f" ({time.perf_counter() - start:.1f} s a run); '!' marks F1 down > 0.01 or > 2 more pages losing")
        print(_row("all thresholds ×1.0", base, None))
        for name in names:
            value = getattr(clean, name)
            for factor in factors:
                new = scaled(value, factor)
                if new == value:
                    continue
                setattr(clean, name, new)
                try:
                    figures = run(pages, suffix, prf, html)
                finally:
                    setattr(clean, name, value)
                print(_row(f"{name} {value}→{new if not isinstance(new, float) else round(new, 3)} ×{factor}",
                           figures, base), flush=True)


if __name__ == "__main__":
    main()

"""Cleaning pages in a language with no stop-word list: the content detector's own function words for the page.

The content detector judges prose partly by its share of function words (``text.stop_density``). A page in a
language without a list (``data/stopwords.toml``) gets a list derived from its own prose
(``text.derived_stop_words``). Two measures, each for the text copies and the HTML pages:

1. Unknown languages simulated: the lists of every language written with spaces are hidden from the detector
   (English pages read as if English had no list; Chinese and Japanese keep theirs), and the listed-language pages
   are scored (a) with their lists, (b) hidden with no derived list (what a language without a list had before),
   (c) hidden with the derived list. Per site half and per language group: mean F1, mean recall, pages losing more
   than 10 % of their article; and how much of the gap (a) - (b) the derived list wins back.
2. The pages of the development set in a language without a list (Arabic, Czech, Latvian, Thai, Burmese …):
   F1, precision and recall of each with no derived list and with it.

Each page goes through cleaning and the structure step only, as in ``bench_cleaning_sensitivity.py`` (so the figures
are a little off those of ``bench_cleaning.py``); an HTML page's extracted text is made again for each condition, as
the detector drops blocks from it too.

Prints figures; never fails. Usage: python bench/bench_cleaning_unlisted.py [--corpus DIR] [--only txt|html]
"""

from __future__ import annotations

import statistics
import sys
import time
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_cleaning import GROUPS, arguments_and_pages, site_half  # noqa: E402
from bench_cleaning_sensitivity import HtmlPages, clean_text, load_documents  # noqa: E402

from alliance_data import clean  # noqa: E402
from alliance_data.text import stop_words  # noqa: E402

#: A gap (a) - (b) in mean F1 smaller than this is too small to say what share of it the derived list wins back.
MIN_GAP = 0.005
#: The listed languages written with spaces: the lists the simulation hides.
SPACED_LISTS = frozenset(language for language, entry in stop_words().items() if not entry.chars)


@contextmanager
def detector(*, hidden: bool, derived: bool):
    """The content detector with the spaced languages' lists hidden (``hidden``) and with or without the list it
    derives for a page in a language without one (``derived``)."""
    guess, derive = clean.guess_language, clean.derived_stop_words
    if hidden:
        clean.guess_language = lambda text: None if (found := guess(text)) in SPACED_LISTS else found
    if not derived:
        clean.derived_stop_words = lambda lines: None
    try:
        yield
    finally:
        clean.guess_language, clean.derived_stop_words = guess, derive


def scores(pages: list[dict], docs: dict, prf) -> dict[str, tuple[float, float, float]]:
    """Each page's (precision, recall, F1) by page id."""
    texts = {page_id: clean_text(doc) for page_id, doc in docs.items()}
    return {page["id"]: prf(page["gold"], texts.get(page["id"], ""))[:3] for page in pages}


def _cells(pages: list[dict], found: dict[str, tuple[float, float, float]]) -> str:
    if not pages:
        return "no pages"
    rows = [found[p["id"]] for p in pages]
    return (f"F1 {statistics.fmean(r[2] for r in rows):.3f} R {statistics.fmean(r[1] for r in rows):.3f}"
            f" lose {sum(1 for r in rows if r[1] < 0.9):2d}")


def main() -> None:
    args, found = arguments_and_pages(__doc__, only={"choices": ("txt", "html")},
                                      each={"action": "store_true", "help": "print the listed-language pages whose F1 "
                                            "differs by more than 0.05 between (a) and (c)"})
    if found is None:
        return
    prf, pages = found
    listed = [p for p in pages if p["lang"] in SPACED_LISTS]
    unlisted = [p for p in pages if p["lang"] not in stop_words()]
    parts = {f"half {h}": [p for p in listed if site_half(p["site"]) == h] for h in "AB"}
    for group in sorted({GROUPS.get(p["lang"], "other languages") for p in listed}):
        parts[group] = [p for p in listed if GROUPS.get(p["lang"], "other languages") == group]
    for suffix in (".txt", ".html"):
        if args.only and suffix != f".{args.only}":
            continue
        start = time.perf_counter()
        docs = load_documents(pages, ".txt") if suffix == ".txt" else None
        runs = {}
        for name, hidden, derived in (("(a) with the lists", False, False), ("(b) hidden, no derived list", True, False),
                                      ("(c) hidden, derived list", True, True), ("with the derived list", False, True)):
            with detector(hidden=hidden, derived=derived):
                # (HTML: the extractor's text is read again, since its blocks are dropped by the detector too)
                runs[name] = scores(pages, docs or HtmlPages(pages).documents(), prf)
        print(f"{'text copy (.txt)' if suffix == '.txt' else 'HTML (.html)'}: {len(listed)} pages in a listed language"
              f" written with spaces, {len(unlisted)} in a language without a list"
              f" ({time.perf_counter() - start:.1f} s)")
        print("  1. the spaced languages' lists hidden (listed-language pages):")
        for part, members in parts.items():
            print(f"    {part} ({len(members)} pages)")
            for name in ("(a) with the lists", "(b) hidden, no derived list", "(c) hidden, derived list"):
                print(f"      {name:30s} {_cells(members, runs[name])}")
            if members:
                a, b, c = (statistics.fmean(runs[n][p["id"]][2] for p in members) for n in
                           ("(a) with the lists", "(b) hidden, no derived list", "(c) hidden, derived list"))
                share = f"{(c - b) / (a - b):.0%}" if a - b >= MIN_GAP else "no gap to speak of"
                print(f"      gap (a)-(b) {a - b:+.3f} F1, won back by (c): {c - b:+.3f} ({share})")
        b, c = runs["(b) hidden, no derived list"], runs["(c) hidden, derived list"]
        newly = [p for p in listed if c[p["id"]][1] < 0.9 <= b[p["id"]][1]]
        print(f"    losing > 10 % with the derived list, not without: {len(newly)}" + "".join(
            f"\n      {p['id']:28s} {p['lang']} half {site_half(p['site'])}  R {b[p['id']][1]:.3f} → {c[p['id']][1]:.3f}"
            for p in newly))
        if args.each:
            a = runs["(a) with the lists"]
            for p in listed:
                if abs(a[p["id"]][2] - c[p["id"]][2]) > 0.05:
                    print(f"      {p['id']:28s} {p['lang']} half {site_half(p['site'])}  F1 (a) {a[p['id']][2]:.3f}"
                          f"  (b) {b[p['id']][2]:.3f}  (c) {c[p['id']][2]:.3f}")
        print("  2. pages in a language without a list: no derived list → derived list (F1, P, R)")
        for page in unlisted:
            before, after = runs["(a) with the lists"][page["id"]], runs["with the derived list"][page["id"]]
            print(f"    {page['id']:28s} {page['lang']}  half {site_half(page['site'])}"
                  f"  F1 {before[2]:.3f} → {after[2]:.3f}  P {before[0]:.3f} → {after[0]:.3f}"
                  f"  R {before[1]:.3f} → {after[1]:.3f}")
        same = sum(1 for p in listed if runs["(a) with the lists"][p["id"]] == runs["with the derived list"][p["id"]])
        print(f"  listed-language pages unchanged by the derived list: {same} of {len(listed)}", flush=True)


if __name__ == "__main__":
    main()

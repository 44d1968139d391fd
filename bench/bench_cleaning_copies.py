"""Cleaning on text copies made another way: each page's HTML turned into text by other converters.

The text cleaner was developed on the extraction-dev pages' ``text_copy`` field (one way of
copying a page's visible text). A user's copies may be made otherwise, and each converter lays
the same page out differently:

- ``html2text``: Markdown (``#`` headings, ``*`` bullets, ``[text](url)`` links, ``**bold**``),
  paragraphs wrapped at 78 characters, tables as ``|`` rows;
- ``inscriptis``: a text-mode browser's layout (indented lists and blockquotes, tables as
  aligned columns, blank lines kept from the page's margins);
- ``get_text``: BeautifulSoup's ``get_text("\\n")``, every text node on its own line (a link or
  an emphasised word inside a sentence breaks the sentence over three lines), blank lines as
  the page's source had them.

Script, style, noscript and template elements and comments are removed from the HTML first.
Each style's copies go through the whole pipeline of ``bench_cleaning.py`` (load → clean →
structure → passages, one corpus per style) and are scored against the gold with the
corpus's own scorer, beside the copy itself scored uncleaned (the no-cleaning baseline) and
the ``text_copy`` field for reference. A converter that is not installed is reported as
skipped (they come with the ``test`` extra).

Prints figures; never fails. Usage: python bench/bench_cleaning_copies.py [--corpus DIR] [--styles a,b] [--worst N]
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_cleaning import (  # noqa: E402
    DEFAULT_CORPUS,
    clean_copies,
    development_pages,
    losing,
    print_figures,
    score_rows,
)

_DROPPED = ("script", "style", "noscript", "template")


def without_scripts(html: str) -> str:
    """The page's HTML without scripts, styles, noscript and template elements or comments."""
    import lxml.html
    from lxml import etree

    try:  # the text is already decoded: a page's own charset declaration must not decode it again
        tree = lxml.html.document_fromstring(html.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8"))
    except (etree.ParserError, ValueError):
        return html
    etree.strip_elements(tree, etree.Comment, *_DROPPED, with_tail=False)
    return lxml.html.tostring(tree, encoding="unicode")


def _html2text(html: str) -> str:
    import html2text

    return html2text.HTML2Text().handle(html)


def _inscriptis(html: str) -> str:
    import inscriptis

    return inscriptis.get_text(html)


def _get_text(html: str) -> str:
    from bs4 import BeautifulSoup

    return BeautifulSoup(html, "lxml").get_text("\n")


#: Copy style -> (the module it needs, the converter).
STYLES: dict[str, tuple[str, Callable[[str], str]]] = {
    "html2text": ("html2text", _html2text),
    "inscriptis": ("inscriptis", _inscriptis),
    "get_text": ("bs4", _get_text),
}


def copies(pages: list[dict], convert: Callable[[str], str]) -> dict[str, str]:
    """Each page's text copy made by ``convert`` from its HTML without scripts."""
    return {page["id"]: convert(without_scripts(page["html"])) for page in pages}


def report(name: str, pages: list[dict], texts: dict[str, str], prf, worst: int) -> None:
    baseline = score_rows(pages, texts, prf)
    done = clean_copies(texts)
    cleaned, seconds = done.texts, done.seconds
    rows = score_rows(pages, cleaned, prf)
    print(f"{name}: {len(pages)} pages, load + build {seconds:.1f} s")
    print(f"  no cleaning: F1 mean {sum(r.f for r in baseline) / len(baseline):.3f}"
          f"  P {sum(r.p for r in baseline) / len(baseline):.3f}"
          f"  R {sum(r.r for r in baseline) / len(baseline):.3f}  losing >10 %: {losing(baseline)}")
    print_figures(rows, pages)
    print("  worst pages by F1:")
    for row in sorted(rows, key=lambda r: r.f)[:worst]:
        print(f"    {row.page_id:40s} {row.lang}  F1 {row.f:.3f}  P {row.p:.3f}  R {row.r:.3f}  half {row.half}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--worst", type=int, default=8)
    parser.add_argument("--styles", default=",".join(["text_copy", *STYLES]),
                        help="comma-separated: text_copy and any of " + ", ".join(STYLES))
    args = parser.parse_args()
    found = development_pages(args.corpus)
    if found is None:
        return
    prf, pages = found
    if importlib.util.find_spec("lxml") is None:
        print("lxml not installed: skipped")
        return
    for name in args.styles.split(","):
        if name == "text_copy":
            report("text_copy (reference)", pages, {page["id"]: page["text_copy"] for page in pages}, prf, args.worst)
            continue
        module, convert = STYLES[name]
        if importlib.util.find_spec(module) is None:
            print(f"{name}: {module} not installed: skipped")
            continue
        report(name, pages, copies(pages, convert), prf, args.worst)


if __name__ == "__main__":
    main()

"""HTML pages through a real main-text extractor (trafilatura), with its metadata.

The loader hands every ``.html``/``.htm`` page here. trafilatura finds the
article (and leaves out menus, related-story lists, comments and footers);
its title, author, site name and publication date become the document's
metadata, so a date read from the page's own metadata dates the document
(date method ``metadata``). Nothing is fetched: the extractor only parses the
markup it is given, with fixed settings, so the same page always gives the
same text.

Every removal is logged: the page's visible lines that the extractor left out
are returned under the rule name ``extractor`` so the Read page can still show
them. When the extractor finds no article, the page's visible text is used
instead and the text cleaner does the work.

Losing article text is worse than keeping a stray line: the extractor drops
captions, short subheadings and list items inside an article now and then.
The page's visible text also goes through the text cleaner's content
detector, and the lines it keeps that lie inside the extracted article (between
its first and last paragraph on the page) and that the extractor left out are put
back where they stand; above the first paragraph and below the last only prose
goes back (and, below it, a caption or two between lines the extractor kept), not
the article's head or the boxes of other stories after it.

The extractor now and then keeps blocks around the article too (a comment thread
under it, a list of other stories, a site's footer). Its text goes through the
content detector as well, and the blocks the detector finds there are removed,
each logged under its block's rule: a comment thread on its own evidence (comment
headers and footers under an article, carrying the curated comment words of
``data/comment_words.csv``), any other block only when the detector also removed
its lines from the page's visible text. Below the article's last paragraph, the visible text is also read as the
text cleaner reads a copied page (a line apart from the next still one run of lines), and a run of extracted lines
its detector removed there as a block goes (logged under the block's rule) when it lies below the article's visible
end (a share bar, a copyright line that the extractor left out) or beyond a stretch of the page the extractor jumped
over: a box of other stories. A single line there stays (an article's note or credit).
"""

from __future__ import annotations

import warnings
from typing import Any, NamedTuple

from .clean import (BLOCK_RULES, PROSE_WORDS, CleanedLines, clean_lines, comment_worded, find_content_blocks, normalize_key,
                    normalize_text, read_page, to_document_lines)
from .text import ends_sentence, word_count
from .load import html_to_text

__all__ = ["ExtractedPage", "extract_html", "EXTRACTOR_RULE", "RESTORED_RULE", "THREAD_RULE"]

EXTRACTOR_RULE = "extractor"
#: Lines the extractor left out and the content detector put back: kept, and flagged under this name.
RESTORED_RULE = "extractor_restored"
EXTRACTOR = "trafilatura"
#: The extracted text loses a comment thread the content detector finds in it on the thread's own evidence.
THREAD_RULE = "comment_thread"

# Fixed date settings: metadata and markup only (no guessing from the prose) and a
# fixed latest date, so the result does not depend on the day the page is read.
_DATE_PARAMS = {"original_date": True, "extensive_search": False, "max_date": "2099-12-31"}


class ExtractedPage(NamedTuple):
    text: str                     # the article text ("" when the page has no visible text)
    meta: dict[str, Any]          # title, author, outlet, date, html_title where known
    removed: tuple[str, ...]      # visible lines the extractor left out, in page order
    restored: tuple[str, ...] = ()  # lines the extractor left out that were put back (kept, but flagged)
    blocks: tuple[tuple[str, str], ...] = ()  # (line, rule): lines of the extracted text removed as blocks, in order


def _extract(markup: str) -> Any:
    import trafilatura  # imported on first use: loading it costs a moment

    try:
        with warnings.catch_warnings():  # date parsing warns about odd time zones in page metadata
            warnings.simplefilter("ignore")
            document = trafilatura.bare_extraction(
                markup,
                include_comments=False,
                favor_recall=True,  # losing article text is worse than keeping a stray line
                include_tables=True,
                include_images=False,
                include_links=False,
                with_metadata=True,
                date_extraction_params=dict(_DATE_PARAMS),
            )
    except (ValueError, TypeError, AttributeError):  # markup the parser cannot make a tree of
        return None
    return document.as_dict() if document is not None else None


def _left_out(visible: str, kept: str) -> tuple[str, ...]:
    """Visible lines whose words do not occur in the extracted text."""
    haystack = " " + normalize_key(kept) + " "
    out = []
    for line in visible.split("\n"):
        key = normalize_key(line)
        if key and f" {key} " not in haystack:
            out.append(line.strip())
    return tuple(out)


#: A visible line this long (in words) or longer places the extracted article on the page ...
ANCHOR_WORDS = 5
#: ... and such lines further apart than this many page lines belong to different places (an extracted
#: footer line or a teaser repeating the lead does not widen the article).
ANCHOR_GAP = 30
#: Prose the content detector keeps within this many page lines of the extracted article belongs to it.
PROSE_REACH = 6


def _article_lines(anchors: list[int], keys: list[str], cells: set[int] = frozenset()) -> tuple[int, int]:
    """First and last page line of the heaviest run of extracted lines.

    Extracted lines far apart are one run when every line between them is one of ``cells``: short
    lines the content detector keeps (a table the extractor left out, one cell a line, lies inside
    the article).
    """
    runs: list[list[int]] = []
    for i in anchors:
        if runs and (i - runs[-1][-1] <= ANCHOR_GAP
                     or all(j in cells for j in range(runs[-1][-1] + 1, i) if keys[j])):
            runs[-1].append(i)
        else:
            runs.append([i])
    best = max(runs, key=lambda run: sum(len(keys[i]) for i in run))
    return best[0], best[-1]


#: Below the article's last paragraph, at most this many short lines together go back between extracted lines.
TAIL_RUN = 2


def _short_runs(found: list[bool], keys: list[str], after: int, before: int) -> list[int]:
    """Lines between page lines ``after`` and ``before`` that stand in runs of at most TAIL_RUN lines the extractor
    left out, with lines it kept on either side."""
    out: list[int] = []
    run: list[int] = []
    for i in range(after + 1, before + 1):
        if not keys[i]:
            continue
        if found[i]:
            if len(run) <= TAIL_RUN:
                out.extend(run)
            run = []
        else:
            run.append(i)
    return out


def _restore_missed(visible: str, text: str) -> str:
    """The extracted text with the lines the content detector keeps inside the article put back in page order."""
    return _restore(visible, text)[0]


def _restore(visible: str, text: str, page: CleanedLines | None = None) -> tuple[str, tuple[str, ...]]:
    """The extracted text with the missed lines put back, and those lines.

    ``page``: the visible text through the content detector (``clean_lines``), when it is at hand already.
    """
    lines = normalize_text(visible).split("\n")
    haystack = " " + normalize_key(text) + " "
    keys = [normalize_key(line) for line in lines]
    found = [bool(key) and f" {key} " in haystack for key in keys]
    anchors = [i for i, key in enumerate(keys) if found[i] and len(key.split()) >= ANCHOR_WORDS]
    if not anchors:
        return text, ()
    page = page if page is not None else clean_lines("\n".join(lines))
    kept = {line.number - 1 for line in page.lines if line.text}
    cells = {i for i in kept if word_count(lines[i]) < ANCHOR_WORDS}
    first, last = _article_lines(anchors, keys, cells)
    # A paragraph of prose the detector keeps just above or below them (a lead the extractor took for a
    # standfirst, a closing paragraph) widens the article.
    prose = sorted(i for i in kept if word_count(lines[i]) >= PROSE_WORDS and ends_sentence(lines[i]))
    while (above := [i for i in prose if first - PROSE_REACH <= i < first]):
        first = above[0]
    while (below := [i for i in prose if last < i <= last + PROSE_REACH]):
        last = below[-1]
    # Above the article's first extracted paragraph only prose goes back (a lead): the short lines there are its
    # head (byline, date, share bar). Below its last paragraph, prose goes back, and short lines only between
    # lines the extractor kept and at most TAIL_RUN of them together (a caption above a related-article line):
    # longer runs there are a box of other stories or a footer. Between paragraphs captions, subheadings, list
    # items and tables go back.
    paragraphs = [i for i in range(first, last + 1)
                  if found[i] and word_count(lines[i]) >= PROSE_WORDS and ends_sentence(lines[i])]
    prose_lines = set(prose)
    missed = [i for i in range(first, last + 1) if i in kept and not found[i] and keys[i]]
    if paragraphs:
        extracted_last = max(i for i in range(first, last + 1) if found[i] and keys[i])
        tail = set(_short_runs(found, keys, paragraphs[-1], extracted_last))
        missed = [i for i in missed if paragraphs[0] < i < paragraphs[-1] or i in prose_lines or i in tail]
    if not missed:
        return text, ()
    out = text.split("\n")
    out_keys = [" " + normalize_key(line) + " " for line in out]

    def place(j: int) -> int | None:
        return next((n for n, k in enumerate(out_keys) if f" {keys[j]} " in k), None)

    after: dict[int, list[str]] = {}
    before: dict[int, list[str]] = {}
    for i in missed:
        above = next((j for j in range(i - 1, -1, -1) if found[j] and keys[j]), None)
        at = place(above) if above is not None else None
        if at is not None:  # after the extracted line nearest above it
            after.setdefault(at, []).append(lines[i].strip())
            continue
        below = next((j for j in range(i + 1, len(lines)) if found[j] and keys[j]), None)
        at = place(below) if below is not None else None
        if at is not None:  # or before the one nearest below it (a lead above the extracted text)
            before.setdefault(at, []).append(lines[i].strip())
        else:
            after.setdefault(len(out) - 1, []).append(lines[i].strip())
    merged = []
    for n, line in enumerate(out):
        merged.extend(before.get(n, ()))
        merged.append(line)
        merged.extend(after.get(n, ()))
    return "\n".join(merged), tuple(lines[i].strip() for i in missed)


#: A comment thread in the extracted text goes when at least this many of its lines carry the curated comment
#: words (a relative time stamp, "Reply", "wrote:"): time stamps of the clock alone may head a live blog's entries.
THREAD_WORD_LINES = 3


def _drop_blocks(text: str, page: CleanedLines) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The extracted text without the blocks the content detector finds in it, and those lines with their rules.

    A comment thread goes on its own evidence (its lines carry the curated comment words); a menu, headline
    list or other block only when the detector removed the same line from the page's visible text too.
    """
    lines = text.split("\n")
    verdict = {r.line - 1: r.rule for r in clean_lines(text, content_blocks=False).removed}
    blocks = find_content_blocks(lines, verdict)  # {} when the text no longer looks like a page
    # A thread under an article is looked for in any extracted text: what the extractor keeps of it may be too
    # few lines to look like a page.
    worded = {i for i, line in enumerate(lines) if comment_worded(line)}
    thread = []
    if len(worded) >= THREAD_WORD_LINES:  # else no thread to look for
        thread = [i for i, rule in (blocks or find_content_blocks(lines, verdict, any_text=True)).items()
                  if rule == THREAD_RULE]
        if len(worded.intersection(thread)) < THREAD_WORD_LINES:
            thread = []
    on_page = {normalize_key(r.text) for r in page.removed if r.rule in BLOCK_RULES}
    drop = {i: rule for i, rule in blocks.items() if rule != THREAD_RULE and normalize_key(lines[i]) in on_page}
    drop.update((i, THREAD_RULE) for i in thread)
    if not drop:
        return text, ()
    kept = [line for i, line in enumerate(lines) if i not in drop]
    return "\n".join(kept), tuple((lines[i].strip(), rule) for i, rule in sorted(drop.items()))


def _page_places(keys: list[str], page_keys: list[str]) -> list[int | None]:
    """The page line each extracted line stands on, in page order (None: not found): the first line of its key after
    the previous extracted line's, else one that holds its words (a link's text taken without its label)."""
    where: dict[str, list[int]] = {}
    for j, key in enumerate(page_keys):
        if key:
            where.setdefault(key, []).append(j)
    places: list[int | None] = []
    previous = -1
    for key in keys:
        found = None
        if key:
            same = where.get(key, ())
            found = next((j for j in same if j > previous), same[0] if same else None)
            if found is None:
                found = next((j for j in range(previous + 1, len(page_keys)) if f" {key} " in f" {page_keys[j]} "), None)
        places.append(found)
        if found is not None:
            previous = found
    return places


#: Below the article's end, a run of at least this many extracted lines the page lost as a block goes (a single
#: line there is more often the article's own note or credit).
TAIL_BLOCK_LINES = 3


def _drop_tail(text: str, visible: str, page: CleanedLines) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The extracted text without the boxes below the article that the page's content detector removed as blocks
    (a list of teasers, other stories), and those lines with their rules.

    The article's last paragraph is the last prose line the extractor and the detector both kept (of the heaviest
    run, as in ``_restore``). Below it a run of at least TAIL_BLOCK_LINES extracted lines the page removed as a block
    goes when it stands below the article's visible end (the first end-of-article line of the page there that the
    extractor left out: a share bar, a copyright line, ``CleanedLines.end_markers``) or more than ANCHOR_GAP page
    lines below the extracted line above it (the extractor jumped over a stretch of the page to reach it).
    """
    page_keys = [normalize_key(line) for line in visible.split("\n")]
    rules = {r.line - 1: r.rule for r in page.removed if r.line}
    lines = text.split("\n")
    keys = [normalize_key(line) for line in lines]
    places = _page_places(keys, page_keys)
    agreed = [j for i, j in enumerate(places) if j is not None and j not in rules
              and word_count(lines[i]) >= PROSE_WORDS and ends_sentence(lines[i])]
    if not agreed:
        return text, ()
    last = _article_lines(sorted(set(agreed)), page_keys)[1]
    taken = set(places)
    end = next((n - 1 for n in sorted(page.end_markers) if n - 1 > last and n - 1 not in taken), len(page_keys))
    # Runs of lines the page removed as blocks below the last paragraph, parted at the article's visible end and,
    # above it, where the extractor jumped over a stretch of the page.
    runs: list[list[int]] = []
    above: list[int] = []  # the page line of the extracted line above each run
    previous = -1
    for i, j in enumerate(places):
        if not keys[i] or j is None:
            continue
        if j > last and rules.get(j) in BLOCK_RULES:
            if (runs and runs[-1][-1] == previous and (places[runs[-1][0]] > end) == (j > end)
                    and (j > end or j - places[previous] <= ANCHOR_GAP)):
                runs[-1].append(i)
            else:
                runs.append([i])
                above.append(places[previous] if previous >= 0 else -1)
        previous = i
    drop = {k: rules[places[k]] for run, up in zip(runs, above) if len(run) >= TAIL_BLOCK_LINES
            and (places[run[0]] > end or places[run[0]] - up > ANCHOR_GAP) for k in run}
    if not drop:
        return text, ()
    out = [line for i, line in enumerate(lines) if i not in drop]
    return "\n".join(out), tuple((lines[i].strip(), rule) for i, rule in sorted(drop.items()))


def extract_html(markup: str) -> ExtractedPage:
    """The article of one HTML page, its metadata, and the visible lines left out."""
    visible, html_title = html_to_text(markup)
    meta: dict[str, Any] = {"html_title": html_title}
    result = _extract(markup) if visible.strip() else None
    text = (result or {}).get("text") or ""
    if not text.strip():
        return ExtractedPage(visible, meta, ())
    for field, key in (("title", "title"), ("author", "author"), ("sitename", "outlet"), ("date", "date")):
        value = result.get(field)
        if isinstance(value, str) and value.strip():
            meta[key] = value.strip()
    if "date" in meta:
        meta["date_source"] = "page metadata"
    # The text is an article already: the cleaning step runs no page-furniture detection on it (done here).
    meta["extracted_by"] = EXTRACTOR
    page = clean_lines(normalize_text(visible))
    text, restored = _restore(visible, text.strip(), page)
    left_out = _left_out(visible, text)
    text, blocks = _drop_blocks(normalize_text(text), page)
    # Below the article's end the page is read as the text cleaner reads a copy of it (a page with a blank line
    # after every line as one run of lines), where the detector tells a box of other stories from the article.
    laid_out = read_page(visible)
    laid = page if laid_out.lines is None else to_document_lines(clean_lines(laid_out.text), laid_out.lines)
    text, tail = _drop_tail(text, normalize_text(visible), laid)
    blocks += tail
    if blocks:
        gone = {line for line, _ in blocks}
        restored = tuple(line for line in restored if line not in gone)
    text = text.strip() + "\n"
    return ExtractedPage(text, meta, left_out, restored, blocks)

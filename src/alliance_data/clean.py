"""Cleaning rules: web furniture, teasers, captions, error messages and scan artefacts.

Every rule has a name; whatever a rule removes is recorded with that name, so
the dashboard can show what was taken out and why. Rules are general patterns
(compiled into one alternation and run over a whole document at once; their
phrases, in every language, come from ``data/line_phrases.csv``) plus
one corpus statistic (short lines repeated across unrelated documents). A
line that looks like furniture but is too long to be sure is kept and flagged.

A copied web page (text shaped like one: runs of short lines that end no
sentence) also goes through a content detector that finds the article as a
block and removes the menus, headline lists and comment threads around it as
blocks, each logged under its rule (``menu``, ``headline_list``,
``comment_thread``, ``page_block``, ``repeated_in_page``). It keeps a page in
which it finds no prose as it is.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, repeat
from typing import Callable, Collection, Iterable, Iterator, Mapping, NamedTuple, Sequence

from .offtopic import vocabulary_similarity
from .text import (CJK_DAY, CJK_MONTH, CLOSERS, LINE_PHRASE_SHAPES, MONTH_PATTERN, SENTENCE_END, address_share, comment_words, content_words, count_sentence_ends, derived_stop_words, ends_sentence, guess_language,
                   first_characters, line_phrases, may_contain, picture_agencies, required_words, spaced, StopWords, stop_density, stop_entry,
                   stop_words, trie_regex, word_count)

__all__ = [
    "line_start_matches",
    "Line",
    "Removal",
    "CleanedLines",
    "LINE_RULES",
    "END_OF_ARTICLE_RULES",
    "BLOCK_RULES",
    "comment_worded",
    "normalize_text",
    "read_as_page",
    "read_page",
    "PageText",
    "to_document_lines",
    "flatten_markdown",
    "join_fragments",
    "drop_menu_bullets",
    "sparse_copy",
    "markdown_shaped",
    "clean_lines",
    "remove_spans",
    "find_repeated_lines",
    "repeated_line_candidates",
    "repeated_lines",
    "drop_repeated_lines",
    "normalize_key",
    "find_content_blocks",
]


class Line(NamedTuple):
    number: int  # 1-based line number in the raw document
    text: str


class Removal(NamedTuple):
    text: str
    rule: str
    line: int

    def as_record(self) -> dict:
        return {"text": self.text, "rule": self.rule}


@dataclass(frozen=True)
class CleanedLines:
    lines: tuple[Line, ...]          # kept lines, blank lines included (they mark paragraphs)
    removed: tuple[Removal, ...]
    flagged: tuple[Removal, ...]     # kept, but a rule had doubts
    end_markers: tuple[int, ...]     # raw line numbers where the article visibly ended

    def __reduce__(self):
        # Sent to and from a build's worker processes: columns of plain values pickle faster than a tuple per line.
        return (_cleaned_lines, (
            [line.number for line in self.lines], [line.text for line in self.lines],
            [tuple(r) for r in self.removed], [tuple(r) for r in self.flagged], self.end_markers,
        ))


def _numbered(numbers: Iterable[int], texts: Iterable[str]) -> tuple[Line, ...]:
    """``Line``s of numbers and texts, made without a call of Python code per line (many per document)."""
    return tuple(map(tuple.__new__, repeat(Line), zip(numbers, texts)))


def _cleaned_lines(numbers: list[int], texts: list[str], removed: list[tuple], flagged: list[tuple],
                   end_markers: tuple[int, ...]) -> CleanedLines:
    return CleanedLines(_numbered(numbers, texts), tuple(Removal._make(r) for r in removed),
                        tuple(Removal._make(r) for r in flagged), end_markers)


# --------------------------------------------------------------------------- normalisation

_INVISIBLE_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_SPACE_CHARS = "\u00a0\u2007\u202f\u3000\t"
_NON_WORD = re.compile(r"[\W_]+")


def normalize_text(text: str) -> str:
    """Unicode NFC, one kind of newline, no invisible characters, tabs and odd spaces as spaces."""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Each character looked for and replaced on its own: far quicker than a search for any of them (a text
    # without any, most, is scanned once for each; one with a tab or two, replaced at memory speed).
    for c in _INVISIBLE_CHARS:
        if c in text:
            text = text.replace(c, "")
    # Tabs inside numbered paragraphs ("249.\tThe ...") become spaces too.
    for c in _SPACE_CHARS:
        if c in text:
            text = text.replace(c, " ")  # trailing blanks go when lines are stripped
    return text


def normalize_key(text: str) -> str:
    """A comparison key: lower case, letters and digits only, single spaces."""
    return _NON_WORD.sub(" ", text.lower()).strip()


# --------------------------------------------------------------------------- markdown copies

#: A text with at least this many Markdown links or images (``[text](url)``, ``![alt](src)``) or
#: ATX headings (``## Title``) is read as Markdown: an HTML-to-Markdown converter's copy of a page.
MARKDOWN_MARKS = 3
_MD_LINK_HINT = re.compile(r"\]\((?:[a-z][\w+.-]*:|/|#|\.|\w)[^()\s]*(?:\s+\"[^\"\n]*\")?\)", re.IGNORECASE)
_MD_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+\S", re.MULTILINE)
# A line that opens a block of its own: a heading, a list item, a quote, a table row, a rule, a fence.
_MD_BLOCK_START = re.compile(r"^[ \t]*(?:#{1,6}[ \t]|[*+-][ \t]|\d{1,3}[.)][ \t]|>|\||(?:[*_-][ \t]*){3,}$|```|~~~)")
_MD_IMAGE = re.compile(r"!\[[^\[\]]*\]\([^()\s]*(?:\([^()\s]*\)[^()\s]*)*(?:\s+\"[^\"]*\")?\s*\)")
_MD_LINK = re.compile(r"\[([^\[\]]*)\]\([^()\s]*(?:\([^()\s]*\)[^()\s]*)*(?:\s+\"[^\"]*\")?\s*\)")
_MD_HEADING_MARK = re.compile(r"^([ \t]*)#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$", re.MULTILINE)
_MD_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>])")
_WRAPPED_AT_HYPHEN = re.compile(r"\w-$")
# A list item whose text is one link (a menu's, a list of headlines'): its bullets (nested items: several) go, as
# in a select-all copy; an item of written text keeps its bullet (a list inside the article).
_MD_LINK_ITEM = re.compile(r"^[ \t]*(?:[*+-][ \t]+)+(\[[^\n]*\]\([^()\s]*(?:\s+\"[^\"\n]*\")?\s*\)[ \t]*)$", re.MULTILINE)
# A list item left empty (its link was an icon or an image) or a bare bullet.
_MD_EMPTY_ITEM = re.compile(r"^[ \t]*(?:[*+-][ \t]*)+$", re.MULTILINE)


def markdown_shaped(text: str) -> bool:
    """Whether a text reads as Markdown: MARKDOWN_MARKS links, images or headings at least."""
    if "](" not in text and "#" not in text:
        return False
    marks = 0
    for pattern in (_MD_LINK_HINT, _MD_HEADING):
        for _ in pattern.finditer(text):
            marks += 1
            if marks >= MARKDOWN_MARKS:
                return True
    return False


def _unwrap_markdown(lines: list[str], origins: list[int] | None = None) -> list[str]:
    """Lines of one Markdown paragraph joined (a paragraph's line breaks are soft); blocks kept apart.

    ``origins``, when given, is filled with each output line's first line among ``lines`` (0-based)."""
    out: list[str] = []
    open_paragraph = False
    for n, line in enumerate(lines):
        if not line.strip():
            out.append("")
            if origins is not None:
                origins.append(n)
            open_paragraph = False
            continue
        starts_block = bool(_MD_BLOCK_START.match(line))
        if open_paragraph and not starts_block and not line.startswith("    "):
            hard_break = out[-1].endswith("  ") or out[-1].endswith("\\")
            if not hard_break:
                # a converter wraps long words (links' addresses too) after a hyphen: joined without a space
                glue = "" if _WRAPPED_AT_HYPHEN.search(out[-1]) else " "
                out[-1] = f"{out[-1].rstrip()}{glue}{line.strip()}"
                continue
        out.append(line)
        if origins is not None:
            origins.append(n)
        # a list item's or a heading's wrapped text continues it too; a table row or a fence stands alone
        open_paragraph = not (line.lstrip().startswith("|") or line.strip().startswith(("```", "~~~")))
    return out


def _sub_lines(pattern: re.Pattern, repl, text: str, origins: list[int] | None) -> tuple[str, list[int] | None]:
    """``pattern.sub(repl, text)`` with ``origins`` (each line's first line in the document) kept in step: a match
    that takes out line breaks joins the lines it spans (the last of them go into the first)."""
    joined: list[tuple[int, int, int]] = []  # (the match's first line, its line breaks, breaks taken out)

    def replace(match: re.Match) -> str:
        out = repl(match) if callable(repl) else match.expand(repl)
        breaks = match.group(0).count("\n")
        if breaks > out.count("\n") and origins is not None:
            joined.append((text.count("\n", 0, match.start()), breaks, breaks - out.count("\n")))
        return out

    text_out = pattern.sub(replace, text)
    if joined:
        origins = list(origins)
        for line, breaks, lost in reversed(joined):
            del origins[line + breaks - lost + 1:line + breaks + 1]
    return text_out, origins


def flatten_markdown(text: str) -> str:
    """A Markdown copy of a page read as the page's text: paragraphs on one line each, links as their text,
    images, heading marks, emphasis marks and escapes gone; a list item that is one link loses its bullet as
    in a browser's select-all copy (menus look alike in either copy), an item of text keeps it.

    A text that does not read as Markdown (``markdown_shaped``) comes back unchanged.
    """
    return _flatten_markdown(text, None)[0]


def _flatten_markdown(text: str, origins: list[int] | None) -> tuple[str, list[int] | None]:
    """:func:`flatten_markdown`, with ``origins`` (each line's line in the document, 0-based; None: the text's own
    lines) carried to the lines of the flattened text."""
    if not markdown_shaped(text):
        return text, origins
    joined: list[int] = []
    text = "\n".join(_unwrap_markdown(text.split("\n"), joined))
    origins = [origins[n] for n in joined] if origins is not None else joined
    text, origins = _sub_lines(_MD_IMAGE, "", text, origins)
    text, origins = _sub_lines(_MD_LINK_ITEM, r"\1", text, origins)
    previous = None
    while previous != text:  # a link around an image or another link: innermost first
        previous = text
        text, origins = _sub_lines(_MD_LINK, lambda m: m.group(1).strip(), text, origins)
    text = _MD_HEADING_MARK.sub(r"\1\2", text)
    text = _MD_STRONG.sub(r"\2", text)
    text = _MD_ESCAPE.sub(r"\1", text)
    return _sub_lines(_MD_EMPTY_ITEM, "", text, origins)


# --------------------------------------------------------------------------- bullets a converter adds

#: A copy in which at least this share of the lines open with a bullet has its bullets from the converter (a
#: text-mode browser marks every list item of the page, menus too); a browser's select-all copy has none, or
#: a few lists written with bullets inside the article.
BULLETED_COPY_SHARE = 0.15
#: An item of fewer words than this that ends no sentence is a menu's or a list of links' (its bullet goes).
BULLET_ITEM_WORDS = 8
_BULLET = re.compile(r"^[ \t]*(?:[•·▪◦‣*+–-][ \t]+)+(?=\S)")
# A line opening with a bullet, found after its line break (a search that skips ahead to line breaks).
_BULLET_AFTER_BREAK = re.compile(r"\n[ \t]*[•·▪◦‣*+–-][ \t]")


def drop_menu_bullets(text: str) -> str:
    """In a copy whose converter marks every list item with a bullet, the bullets of short items that end no
    sentence removed: a menu then reads as in a browser's copy, and an article's written list keeps its own."""
    if not _BULLET_AFTER_BREAK.search("\n" + text):  # no line opens with a bullet (most texts)
        return text
    lines = text.split("\n")
    filled = [line for line in lines if line.strip()]
    if not filled or sum(1 for line in filled if _BULLET.match(line)) < BULLETED_COPY_SHARE * len(filled):
        return text
    out = []
    for line in lines:
        bullet = _BULLET.match(line)
        if bullet:
            item = line[bullet.end():].rstrip()
            if len(item.split()) < BULLET_ITEM_WORDS and _OPEN_END.search(item):
                line = item
        out.append(line)
    return "\n".join(out)


# --------------------------------------------------------------------------- sentences broken over lines

#: Blank lines a sentence broken over lines may have between its pieces (a converter that puts every text
#: node of the page on its own line copies the page source's own line breaks and gaps too).
FRAGMENT_GAP = 1
#: A copy whose lines are at least this share blank is a copy of the page's source layout (every text node on
#: a line, the source's blank lines kept: BeautifulSoup's ``get_text("\\n")``); a browser's copy or a text-mode
#: browser's has a third of its lines blank, rarely more than 40 %.
SPARSE_COPY_SHARE = 0.6
#: Lines a copy needs before its blank share says anything.
SPARSE_COPY_LINES = 20
_PIECE_START = re.compile(r"^[ \t]*[,.;:!?)\]»]")


def _continues_piece(line: str) -> bool:
    """A line that goes on with the sentence above: it opens in lower case or with the sentence's punctuation."""
    stripped = line.lstrip()
    return stripped[:1].islower() or _PIECE_START.match(line) is not None


# A line that may be blank, found at its start: it opens with a blank or is empty (a search that skips to line breaks).
_MAYBE_BLANK = re.compile(r"\n(?=\s|$)")


def sparse_copy(text: str) -> bool:
    """Whether a copy has SPARSE_COPY_SHARE of its lines (of SPARSE_COPY_LINES at least) blank."""
    total = text.count("\n") + 1
    if total < SPARSE_COPY_LINES:
        return False
    if len(_MAYBE_BLANK.findall("\n" + text)) < SPARSE_COPY_SHARE * total:  # too few lines could be blank
        return False
    blank = sum(1 for line in text.split("\n") if not line.strip())
    return blank >= SPARSE_COPY_SHARE * total


def _laid_out(out: list[str], kept: list[int], origins: list[int] | None) -> tuple[str, list[int] | None]:
    """A re-laid-out text from its lines, and each line's first line in the document: ``kept`` holds each line's
    line in the text it was made from, mapped through that text's ``origins`` when it has them."""
    return "\n".join(out), [origins[n] for n in kept] if origins is not None else kept


def join_fragments(text: str) -> str:
    """The pieces of a sentence broken over lines (a link or an emphasised word on a line of its own, as an
    HTML-to-text converter gives them) joined into one line.

    A line joins the one above when that one ends no sentence or clause with a colon and the line goes on
    in lower case or with the sentence's punctuation (``, said``, ``. The``), across at most FRAGMENT_GAP
    blank lines. Only a copy of the page's source layout (``sparse_copy``) is touched: in a browser's copy
    a line that opens in lower case is a wrapped paragraph's, which the content detector reads as such.
    """
    return _join_fragments(text, None)[0]


def _join_fragments(text: str, origins: list[int] | None) -> tuple[str, list[int] | None]:
    """:func:`join_fragments`, with ``origins`` (see :func:`_flatten_markdown`) carried to the joined lines."""
    if not sparse_copy(text):
        return text, origins
    lines = text.split("\n")
    out: list[str] = []
    kept: list[int] = []  # for each line of ``out``, its line in ``lines``
    gap = 0
    for n, line in enumerate(lines):
        if not line.strip():
            out.append(line)
            kept.append(n)
            gap += 1
            continue
        if out and gap <= FRAGMENT_GAP and len(out) > gap and _continues_piece(line):
            above = out[-1 - gap].rstrip()
            if _OPEN_END.search(above) and (len(above.split()) >= 2 or _PIECE_START.match(line)):
                glue = "" if _PIECE_START.match(line) else " "
                del out[len(out) - gap:]
                del kept[len(kept) - gap:]
                out[-1] = f"{above}{glue}{line.strip()}"
                gap = 0
                continue
        out.append(line)
        kept.append(n)
        gap = 0
    return _laid_out(out, kept, origins)


#: A copy in which at most this share of the lines that hold text have a neighbour that holds text has every
#: line apart: a blank line after each block of the page (a "save as text", or a scrape joining the page's
#: blocks with blank lines). Its blank lines say nothing of the page's layout; a browser's copy has runs of
#: lines (menus, lists) in a third or more of its lines.
SPACED_COPY_SHARE = 0.05
#: A copy is a page's (not an article written with a blank line after each paragraph and heading, or wrapped at a
#: width) when this many short lines that end no sentence follow one another: a menu's worth. Of the 220
#: development pages laid out with every line apart, 219 have such a run (the median page 37 lines); of the five
#: seed articles, none has more than 3. Every re-layout of a copy (``read_page``) asks for it.
MENU_RUN_LINES = 6


def spaced_page(text: str) -> bool:
    """Whether a copy of a page has a blank line after nearly every line (see SPACED_COPY_SHARE, MENU_RUN_LINES)."""
    lines = [line.strip() for line in text.split("\n")]
    filled = [bool(line) for line in lines]
    total = sum(filled)
    if total < MENU_RUN_LINES:
        return False
    touching = sum(1 for i, f in enumerate(filled)
                   if f and ((i and filled[i - 1]) or (i + 1 < len(filled) and filled[i + 1])))
    return touching <= SPACED_COPY_SHARE * total and _menu_run(lines)


def _menu_run(lines: Sequence[str]) -> bool:
    """Whether MENU_RUN_LINES short lines that end no sentence follow one another (blank lines between them
    or not): a menu's worth, which an article written with blank lines or wrapped at a width does not have."""
    run = 0
    for line in lines:
        line = line.strip()
        if not line:
            continue
        run = run + 1 if len(line) < MENU_CHARS and not ends_sentence(line) else 0
        if run >= MENU_RUN_LINES:
            return True
    return False


def close_gaps(text: str) -> str:
    """A page copied with every line apart (:func:`spaced_page`) laid out as a browser's copy of the page: the blocks'
    lines one after another, a blank line only after a paragraph of prose; any other text as it is."""
    return _close_gaps(text, None)[0]


def _close_gaps(text: str, origins: list[int] | None) -> tuple[str, list[int] | None]:
    """:func:`close_gaps`, with ``origins`` (see :func:`_flatten_markdown`) carried to the kept lines."""
    if not spaced_page(text):
        return text, origins
    out: list[str] = []
    kept: list[int] = []
    for n, line in enumerate(text.split("\n")):
        if line.strip():
            out.append(line)
            kept.append(n)
        elif out and out[-1].strip() and word_count(out[-1]) >= PROSE_WORDS and ends_sentence(out[-1]):
            out.append(line)  # a paragraph keeps the blank line after it, as in a browser's copy
            kept.append(n)
    return _laid_out(out, kept, origins)


def packed_page(text: str) -> bool:
    """Whether a copy of a page has no blank line at all (a scrape joining the page's blocks with single line
    breaks): SPARSE_COPY_LINES lines of text at least, a menu's worth of short lines together, no blank line."""
    lines = [line.strip() for line in text.strip("\n").split("\n")]
    return len(lines) >= SPARSE_COPY_LINES and all(lines) and _menu_run(lines)


def _open_gaps(text: str, origins: list[int] | None) -> tuple[str, list[int] | None]:
    """A page copied with no blank line (:func:`packed_page`) laid out as a browser's copy: a blank line after
    each paragraph of prose. The added lines take the number of the paragraph above them."""
    if not packed_page(text):
        return text, origins
    out: list[str] = []
    kept: list[int] = []
    for n, line in enumerate(text.split("\n")):
        out.append(line)
        kept.append(n)
        if word_count(line) >= PROSE_WORDS and ends_sentence(line):
            out.append("")
            kept.append(n)
    return _laid_out(out, kept, origins)


#: A copy is wrapped at a fixed width (an editor's or a mail program's hard wrap, "fmt", a text-mode browser's
#: dump) when its longest line has WRAP_WIDTHS characters and at least WRAP_WALL_SHARE of its long lines (of
#: WRAP_LONG of that width or more) end within WRAP_SLACK of the width from it: wrapping fills each line but
#: the last of a paragraph to within a word or two. A browser's copy keeps each paragraph on one line, most of
#: them far longer than any other. Of the 220 development pages wrapped at 60, 72, 80 and 100 characters, 217,
#: 214, 218 and 213 are found; of their copies as made, none.
WRAP_WIDTHS = range(50, 101)
WRAP_LONG = 0.6
WRAP_SLACK = 0.2
WRAP_WALL_SHARE = 0.5


def wrap_width(text: str) -> int | None:
    """The width a page's copy is wrapped at, or None: a page (a menu's worth of short lines) of SPARSE_COPY_LINES
    lines at least, whose long lines stop at one width (see WRAP_WALL_SHARE)."""
    lines = text.split("\n")
    lengths = [len(line.rstrip()) for line in lines if line.strip()]
    if len(lengths) < SPARSE_COPY_LINES or max(lengths) not in WRAP_WIDTHS:
        return None
    width = max(lengths)
    long = [n for n in lengths if n >= WRAP_LONG * width]
    near = sum(1 for n in long if n >= (1 - WRAP_SLACK) * width)
    return width if near >= WRAP_WALL_SHARE * len(long) and _menu_run(lines) else None


def _unwrap(text: str, origins: list[int] | None) -> tuple[str, list[int] | None]:
    """A page's copy wrapped at a width (:func:`wrap_width`) with each paragraph on one line again, as a browser's
    copy gives it. A line was broken when the next line's first word did not fit on it. Its text goes on across the
    break when the next line opens with no capital, or the line ends a clause, a hyphenated word or a word in lower
    case: a list of headlines or links, each a line of its own, can fill a line by chance, but seldom reads on from
    one line into the next. A block (lines between blank lines) in which the text goes on across a break, or
    which is broken at every line but its last, is wrapped text, and all its breaks join (a proper name at a break
    too). A hyphen at a break is kept, without a space. A joined line keeps the number of its first line."""
    width = wrap_width(text)
    if width is None:
        return text, origins
    lines = text.split("\n")

    def broken(n: int) -> bool:  # the next line's first word did not fit on line n
        above = lines[n].rstrip()
        first = lines[n + 1].split(maxsplit=1)[0] if n + 1 < len(lines) and lines[n + 1].strip() else ""
        return bool(above and first) and len(above) > width // 2 and len(above) + 1 + len(first) > width

    def goes_on(n: int) -> bool:  # line n + 1 reads on from line n
        above, last = lines[n].rstrip(), lines[n].split()[-1]
        return (not lines[n + 1].strip()[:1].isupper() or above.endswith((",", ";", ":"))
                or _WRAPPED_AT_HYPHEN.search(above) is not None or (last[:1].islower() and last[-1].isalpha()))

    breaks = [n for n in range(len(lines) - 1) if broken(n)]
    blocks = [0]  # each line's block: the blank lines above it
    for line in lines:
        blocks.append(blocks[-1] + (not line.strip()))
    wrapped = {blocks[n] for n in breaks if goes_on(n)}
    # A block that is one broken run from its first line to its last is a paragraph (a headline) wrapped too.
    members: dict[int, list[int]] = {}
    for n, line in enumerate(lines):
        if line.strip():
            members.setdefault(blocks[n], []).append(n)
    broken_at = set(breaks)
    wrapped |= {b for b, ns in members.items() if len(ns) >= 2 and all(n in broken_at for n in ns[:-1])}
    joins = {n for n in breaks if blocks[n] in wrapped}
    out: list[str] = []
    kept: list[int] = []
    for n, line in enumerate(lines):
        if n - 1 in joins:
            glue = "" if _WRAPPED_AT_HYPHEN.search(out[-1]) else " "
            out[-1] = f"{out[-1].rstrip()}{glue}{line.strip()}"
            continue
        out.append(line)
        kept.append(n)
    return _laid_out(out, kept, origins)


class PageText(NamedTuple):
    """A document's text as the cleaner reads it (:func:`read_page`) and where its lines come from."""
    text: str
    #: For each line of ``text``, the 1-based line of the document it begins on (a converter's copy joins lines:
    #: a Markdown paragraph, a sentence broken over lines); None when the lines are the document's own.
    lines: tuple[int, ...] | None = None


def read_page(text: str) -> PageText:
    """A document's raw text as the line rules and the content detector read it (:func:`read_as_page`), with the
    document's line each of its lines begins on, so that what the cleaner logs points to the file's lines."""
    text = normalize_text(text)
    origins: list[int] | None = None
    text, origins = _flatten_markdown(text, origins)
    text = drop_menu_bullets(text)  # keeps every line where it is: the origins stand
    text, origins = _join_fragments(text, origins)
    # A copy wrapped at a width, with every line apart or with no blank line is re-laid out only when it is a
    # page's (a menu's worth of short lines, which unwrapping and blank lines leave as it is): tested once here.
    if _menu_run(text.split("\n")):
        text, origins = _unwrap(text, origins)
        text, origins = _close_gaps(text, origins)
        text, origins = _open_gaps(text, origins)
    return PageText(text, None if origins is None else tuple(n + 1 for n in origins))


def read_as_page(text: str) -> str:
    """A document's raw text as the line rules and the content detector read it: normalised, and a copy made by a
    converter (Markdown, bullets on every item, a text node per line) laid out as a browser's copy of the page."""
    return read_page(text).text


def to_document_lines(cleaned: CleanedLines, lines: Sequence[int] | None) -> CleanedLines:
    """``cleaned`` (of a :func:`read_page` text) with its line numbers moved to the document's own lines: ``lines``
    is the page text's :attr:`PageText.lines` (None: nothing to move). Line 0 (no line) stays 0."""
    if lines is None:
        return cleaned

    def moved(number: int) -> int:
        return lines[number - 1] if 0 < number <= len(lines) else number

    return CleanedLines(tuple(Line(moved(line.number), line.text) for line in cleaned.lines),
                        tuple(r._replace(line=moved(r.line)) for r in cleaned.removed),
                        tuple(r._replace(line=moved(r.line)) for r in cleaned.flagged),
                        tuple(moved(n) for n in cleaned.end_markers))


# --------------------------------------------------------------------------- line rules

# name -> (the rule's own shapes as a pattern matching a WHOLE line, case-insensitive, or None; the most words
# such a line may have). The phrases of each rule, in every language, are in ``data/line_phrases.csv``, shaped
# below; what stays here is what no phrase says: symbols, numbers, addresses, a name before a credit.
LINE_RULES: Mapping[str, tuple[str | None, int]] = {
    "separator": (r"(?:[^\w\s]|_)(?:[ \t]*(?:[^\w\s]|_)){2,}", 0),
    "view_counter": (
        r"(?:this (?:story|article|post|page|video) has been (?:viewed|read|seen) [\d,.]+ times\.?"
        r"|[\d,.]+\s*k?\s*(?:views|reads|shares)"
        r"|(?:views?|reads?|hits?)\s*:\s*[\d,.]+)",
        12,
    ),
    "comment_notice": (None, 80),
    "navigation": (None, 8),
    "share_prompt": (r"follow @\w+", 15),  # a follow prompt naming an account
    "read_time": (
        r"(?:\d+\s*(?:-\s*)?min(?:ute)?s?\.?\s*read|reading time\s*:?\s*\d+\s*min(?:ute)?s?|\d+\s*min(?:ute)?s? reading)",
        6,
    ),
    "excerpt_marker": (None, 12),
    "site_error": (r"(?:error )?404(?: error)?(?:\s*[-:–|]?\s*(?:page )?not found\b.*)?", 60),
    "see_also": (None, 22),
    "caption": (None, 25),
    "contributor_credit": (
        r"(?:[A-Z][\w.'’-]*\s+){1,4}(?:reported from [A-Z][\w.'’ -]*|contributed(?: reporting)?(?: to this (?:report|story|article))?)\.(?:\s.*)?",
        30,
    ),
    "copyright": (r"(?:©|\(c\) \d{4}).*", 30),
    "url": (r"(?:https?://|www\.)\S+", 1),
}

# Furniture that only appears once an article has ended.
END_OF_ARTICLE_RULES = frozenset({"comment_notice", "share_prompt", "copyright"})

#: The rules under which the content detector (find_content_blocks) removes whole blocks around a page's article.
BLOCK_RULES = frozenset({"menu", "headline_list", "comment_thread", "page_block", "repeated_in_page"})

# The rules' phrases, from ``data/line_phrases.csv``, shaped here.
_OPENING = r"[\[【(（「『]?[ \t]*"   # a bracket may open a line of furniture ("【関連記事】")
_CLOSING = r"[ \t]*[\]】)）」』]?"
# In a script written without spaces no word boundary ends a phrase: a space, a punctuation mark, a bar or a
# bracket must.
_UNSPACED_END = rf"(?:[\s{re.escape(SENTENCE_END)},，、:：|｜\]】)）」』>»›·•]|$)"
#: Characters of the holder's name before a notice that closes a line ("光明网版权所有", "腾讯公司 版权所有").
NOTICE_NAME_CHARS = 30
#: Characters of each phrase the quick test at a line's start looks for before trying the phrases themselves.
PHRASE_PREFIX_CHARS = 3
_PHRASE_GROUP = "__"  # a group of phrases is named after its rule: "see_also__phrases", "copyright__notices"


def _phrase_pattern(phrases: Iterable[str], *, loose: bool = True) -> str:
    """One expression for literal phrases; ``loose``: any run of spaces between words, either apostrophe."""
    pattern = trie_regex(sorted(set(phrases)))
    return pattern.replace("\\ ", r"\s+").replace("'", "['’]") if loose else pattern


def _shaped(shape: str, phrases: Sequence[str], unspaced: bool, *, marks: bool = True) -> str:
    """The whole-line pattern of phrases of one shape (see ``text.LINE_PHRASE_SHAPES``). With ``marks`` a bracket
    may open a phrase alone or opening a line, a mark ("»", ":") may close a phrase alone, and any run of spaces
    and either apostrophe match those of the phrase; without, the phrase is matched as it is written."""
    p = _phrase_pattern(phrases, loose=marks)
    end = rf"(?={_UNSPACED_END})" if unspaced else r"(?!\w)"
    opening, closing = (_OPENING, _CLOSING) if marks else ("", "")
    if shape == "line":  # the phrase alone, give or take a bracket, a colon or a "»"
        return rf"{opening}(?:{p})(?:[ \t]*[:：»›>…]+)?{closing}" if marks else f"(?:{p})"
    if shape == "bracketed":  # the phrase alone or in brackets, perhaps after an ellipsis: "[… Read more]"
        return rf"\[?…?\s*(?:{p})\s*\]?"
    if shape == "counted":  # "12 commentaires", "3件のコメント"
        return rf"\d[\d,.]*[ \t]*(?:{p})\.?" if marks else rf"\d+ (?:{p})\.?"
    if shape == "label":  # "Foto: Reuters"
        return rf"(?:{p})[ \t]*[:：|].*" if marks else rf"(?:{p})\s*[:：|].*"
    if shape == "bar":  # a button and what it names: "Share: Facebook / X"
        return rf"(?:{p})(?:\s*[:|/]\s*\w+)*"
    if shape == "buttons":  # a row of buttons: "Facebook | Twitter | Copy link"
        return rf"(?:{p})(?:\s*[|/,]\s*(?:{p}))*"
    if shape == "credited":  # "Reuters", "AP Photo/Evan Vucci"
        return rf"(?:{p})(?:\s*/\s*.*)?"
    if shape == "after_name" and unspaced:  # a short name (no sentence) runs into the notice
        first = re.escape("".join(sorted({phrase[0] for phrase in phrases})))
        name = rf"(?:[^\n{re.escape(SENTENCE_END)}{first}]|(?!{p})[{first}]){{0,{NOTICE_NAME_CHARS}}}+"
        return rf"{name}(?:{p}){end}.*"
    if shape in ("opens", "after_name"):  # the phrase opens the line; anything may follow
        return rf"{opening}(?:{p}){end}.*"
    raise ValueError(f"line_phrases.csv: unknown shape {shape!r}; allowed: {', '.join(LINE_PHRASE_SHAPES)}")


def _phrase_parts(shapes: Mapping[str, Sequence[str]], *, marks: bool = True
                  ) -> tuple[list[str], list[str], set[str], set[str]]:
    """One rule's phrases as patterns (``marks``: see :func:`_shaped`): those that open a line, the notices after
    a name, and the first characters of the phrases (those after a number apart) for a quick test at a line's
    start."""
    parts, named, prefixes, counted = [], [], set(), set()
    for shape, phrases in shapes.items():
        for unspaced in (False, True):
            group = [p for p in phrases if spaced(p) != unspaced]
            if not group:
                continue
            if shape == "after_name" and unspaced:
                named.append(_shaped(shape, group, unspaced, marks=marks))
            else:
                parts.append(_shaped(shape, group, unspaced, marks=marks))
                (counted if shape == "counted" else prefixes).update(p[:PHRASE_PREFIX_CHARS] for p in group)
    return parts, named, prefixes, counted


def _rule_patterns() -> dict[str, str]:
    """Each line rule's pattern: its own shapes and its phrases in :data:`text.RULES_LANGUAGE` (as they are written,
    no bracket or mark around them), in the rules' order (the first rule to match a whole line names it)."""
    phrases = line_phrases(rules_language=True)
    for rule in phrases:
        if rule not in LINE_RULES:
            raise ValueError(f"line_phrases.csv: unknown rule {rule!r}; allowed: {', '.join(LINE_RULES)}")
    patterns = {}
    for name, (pattern, _) in LINE_RULES.items():
        parts, named, _, _ = _phrase_parts(phrases.get(name, {}), marks=False)
        parts = ([pattern] if pattern else []) + parts + named
        if parts:
            patterns[name] = f"(?P<{name}>{'|'.join(parts)})"
    return patterns


def _phrase_rules() -> tuple[str, str]:
    """The patterns of the other languages' phrases: those that open a line (behind one quick test of their first
    characters, so a line of prose costs little) and the notices after a name, each group named after its rule."""
    opening, notices, prefixes, counted = [], [], set(), set()
    for rule, shapes in line_phrases().items():
        if rule not in LINE_RULES:
            raise ValueError(f"line_phrases.csv: unknown rule {rule!r}; allowed: {', '.join(LINE_RULES)}")
        parts, named, firsts, numbered = _phrase_parts(shapes)
        prefixes |= firsts
        counted |= numbered
        if parts:
            opening.append(f"(?P<{rule}{_PHRASE_GROUP}phrases>{'|'.join(parts)})")
        if named:
            notices.append(f"(?P<{rule}{_PHRASE_GROUP}notices>{'|'.join(named)})")
    starts = _phrase_pattern(prefixes) + (rf"|\d[\d,.]*[ \t]*{_phrase_pattern(counted)}" if counted else "")
    quick = rf"(?={_OPENING}(?:{starts}))"
    return quick + "(?:" + ("|".join(opening) or "(?!)") + ")", "|".join(notices) or "(?!)"


_PHRASES, _NOTICES = _phrase_rules()
# The alternatives of the line rules, in the order they are tried: the rules with their own language's phrases,
# then the other languages' phrases.
_LINE_ALTERNATIVES: Mapping[str, str] = {
    **_rule_patterns(),
    "phrases": _PHRASES,
    "notices": _NOTICES,
}


def _guarded(alternative: str) -> str:
    """An alternative behind a quick test of the character it begins with (most of a text's lines fail it): none
    of the ASCII characters it cannot begin with, tested case by case."""
    chars = first_characters(alternative, re.IGNORECASE)
    if chars is None:
        return alternative
    never = "".join(c for c in map(chr, range(128)) if c not in chars)
    return f"(?=(?-i:[^{re.escape(never)}])){alternative}" if never else alternative


_GUARDED_ALTERNATIVES = {name: _guarded(alternative) for name, alternative in _LINE_ALTERNATIVES.items()}


def _line_pattern(alternatives: Iterable[str], *, guarded: bool = True) -> re.Pattern:
    """The line rules of ``alternatives`` (keys of ``_LINE_ALTERNATIVES``) as one pattern of whole lines; with
    ``guarded``, each behind a quick test of its first character (the same matches)."""
    shaped = _GUARDED_ALTERNATIVES if guarded else _LINE_ALTERNATIVES
    return re.compile("^[ \t]*(?:" + "|".join(shaped[name] for name in alternatives) + r")[ \t]*$",
                      re.IGNORECASE | re.MULTILINE)


_LINE_PATTERN = _line_pattern(_LINE_ALTERNATIVES)
# Rules that may begin with any word, so that they are tried in full at every line of prose (a credit line
# after up to four names; a notice after a holder's name): a document holding none of the words every match
# of them holds (see text.required_words) is matched without them, which finds the same lines.
_WORD_TESTED = ("contributor_credit", "notices")
_WORD_SETS = [required_words(_LINE_ALTERNATIVES[name], re.IGNORECASE) for name in _WORD_TESTED]
_TESTED_WORDS = frozenset().union(*_WORD_SETS) if all(_WORD_SETS) else None  # None: no words to test
_LEAN_LINE_PATTERN = (_line_pattern(name for name in _LINE_ALTERNATIVES if name not in _WORD_TESTED)
                      if _TESTED_WORDS else _LINE_PATTERN)


def _line_pattern_for(text: str) -> re.Pattern:
    """The line rules to try over one document: all, or without those whose words it lacks (the same matches)."""
    if _LEAN_LINE_PATTERN is _LINE_PATTERN or may_contain(text, _TESTED_WORDS):
        return _LINE_PATTERN
    return _LEAN_LINE_PATTERN


# Scan artefacts and markup glued into sentences: removed as spans.
_SPAN_RULES: Mapping[str, str] = {
    "scan_artefact": r"(?:\(\w{1,4}\))?[\w-]*\d[\w-]*\.(?:tiff?|jpe?g|png|gif|bmp|eps|pdf)\b",
    "markup": r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]{0,200})?/?>|\[/?(?:caption|embed|gallery)[^\]]{0,200}\]",
}
_SPAN_PATTERN = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in _SPAN_RULES.items()), re.IGNORECASE)
# What every match of a span rule holds: a scan artefact a file name's extension, markup a "<" or a "[".
_EXTENSION_HINT = re.compile(r"\.(?:tiff?|jpe?g|png|gif|bmp|eps|pdf)\b", re.IGNORECASE)
_MARKS = "<["
_SPAN_HINT = re.compile(_EXTENSION_HINT.pattern + "|" + "|".join(map(re.escape, _MARKS)), re.IGNORECASE)
# Each span rule alone, for a line in which the other cannot match (the same matches, found far quicker).
_SPAN_ALONE = {name: re.compile(f"(?P<{name}>{pattern})", re.IGNORECASE) for name, pattern in _SPAN_RULES.items()}


def _hinted_lines(text: str) -> set[int]:
    """The lines (from 0) in which the span rules may find something: those with a hint (no hint runs over a line
    break, so each line's is found by a search of the whole text; the hints of each kind are searched for apart,
    which finds the same ones as a search for either, in a fraction of the time)."""
    starts = [m.start() for m in _EXTENSION_HINT.finditer(text)]
    for mark in _MARKS:
        at = text.find(mark)
        while at >= 0:
            starts.append(at)
            at = text.find(mark, at + 1)
    found: set[int] = set()
    line = at = 0
    for start in sorted(starts):
        line += text.count("\n", at, start)
        at = start
        found.add(line)
    return found


def remove_spans(text: str, *, line: int = 0) -> tuple[str, list[Removal]]:
    """Remove artefacts glued into a line (``said(rt)0314p09.tif Japan`` → ``said Japan``)."""
    artefact = _EXTENSION_HINT.search(text) is not None
    markup = any(mark in text for mark in _MARKS)
    if not (artefact or markup):
        return text, []
    pattern = _SPAN_PATTERN if artefact and markup else _SPAN_ALONE["scan_artefact" if artefact else "markup"]
    removals: list[Removal] = []
    out: list[str] = []
    last = 0
    for match in pattern.finditer(text):
        removals.append(Removal(match.group(0), match.lastgroup or "span", line))
        out.append(text[last : match.start()])
        out.append(" ")
        last = match.end()
    if not removals:
        return text, []
    out.append(text[last:])
    joined = re.sub(r" {2,}", " ", "".join(out))
    joined = re.sub(r" ([,.;:!?])", r"\1", joined).strip()
    return joined, removals


#: Words a line of markup may carry outside its tags and still be a line of a listing (``<title>Test</title>``),
#: or more when it has as many tags as words.
LISTING_WORDS = 3
#: A single line with at least this many tags (and no more words than tags) is a listing on its own.
LISTING_TAGS = 6
_MARKUP = re.compile(_SPAN_RULES["markup"], re.IGNORECASE)


def _markup_tags(text: str) -> int:
    """How many tags a line of markup holds (0 when it is not one): it closes a tag and carries few words besides."""
    stripped = text.strip()
    if not stripped.endswith(">"):
        return 0
    tags = len(_MARKUP.findall(stripped))
    words = len(_MARKUP.sub(" ", stripped).split())
    return tags if tags and words <= max(LISTING_WORDS, tags) else 0


def _markup_listing(lines: Sequence[str]) -> set[int]:
    """Lines of a listing of markup (an HTML example in a tutorial): runs of two or more lines made of
    markup, or one line of many tags.

    Markup glued into a sentence is a leftover of the page; whole lines of it are what the writer
    shows the reader, and stay as they are.
    """
    tags = {i: n for i, line in enumerate(lines) if "<" in line and (n := _markup_tags(line))}
    listing = {i for i, n in tags.items() if n >= LISTING_TAGS}
    marked = sorted(tags)
    for a, b in zip(marked, marked[1:]):
        between = lines[a + 1:b]
        if len(between) <= 1 and all(not line.strip() for line in between):
            listing.update((a, b))
    return listing


# In every script: a line ending in 。 or in a closing 】 ends its sentence too.
_OPEN_END = re.compile(rf"[^{re.escape(SENTENCE_END)}{CLOSERS}】:]$")


def _continues_sentence(lines: Sequence[str], i: int) -> bool:
    """A line inside a hard-wrapped paragraph ("share the view that …") is text, not furniture."""
    stripped = lines[i].lstrip()
    if stripped[:1].islower():
        return True
    previous = lines[i - 1].strip() if i else ""
    return len(previous) >= 30 and _OPEN_END.search(previous) is not None


def line_start_matches(pattern: re.Pattern, text: str) -> Iterator[re.Match]:
    """What ``pattern.finditer(text)`` finds, for a pattern that begins with a multi-line ``^``: tried only
    where that can match (at line starts), not at every character of the text.

    After each match the next is tried where it ended, when that is a line start, else at the next line
    start: the same matches in the same order, in a fraction of the time on long documents.
    """
    match, find = pattern.match, text.find
    start = 0
    while True:
        m = match(text, start)
        if m is not None:
            end = m.end()
            if end == start:  # an empty match: the search's own rules say where to go on from here
                yield from pattern.finditer(text, start)
                return
            yield m
            if text[end - 1] == "\n":  # it ended at a line start: the next match may begin there
                start = end
                continue
            start = end
        newline = find("\n", start)
        if newline < 0:
            return
        start = newline + 1


# --------------------------------------------------------------------------- picture credits

# A picture's credit names the agency that holds the picture (``data/picture_agencies.csv``) last on its line, perhaps
# in brackets and after the word for a picture ("(AP Photo)", "Getty Images").
_AGENCY_NAMES = picture_agencies()
_AGENCY = trie_regex(list(_AGENCY_NAMES)).replace("\\ ", r"[ \t]+")
#: The words for a picture that may follow an agency's name in its credit ("AP Photo", "Getty Images").
_PICTURE_WORDS = ("photo", "photos", "image", "images", "picture", "pictures")
_CREDIT_END = re.compile(
    rf"(?<![\w&-])(?:{_AGENCY})"
    rf"(?:[ \t]+(?:{'|'.join(_PICTURE_WORDS)}))?[ \t]*\)?[ \t]*$", re.IGNORECASE)
# The last words a credit's line may end with (a line is looked at only when its last word is one of them).
_CREDIT_LAST_WORDS = frozenset({name.split()[-1] for name in _AGENCY_NAMES} | set(_PICTURE_WORDS))
# A photographer or another agency before the credit, joined to it by a slash, a bar or "via" ("Paul Morigi/",
# "STR/", "Oli Scarff | ", "ChinaFotoPress via "): up to four capitalised words.
_CREDIT_LINK = re.compile(r"(?:(?:[A-Z]\.|[A-Z][\w'’-]*)[ \t]+){0,3}[A-Z][\w'’-]*[ \t]*(?:[/|]|[ \t]via)[ \t]*$")
# Nothing but a year or a copyright sign before a credit, or the bracket it opens ("© 2011 Getty Images", "(Reuters)").
_CREDIT_ALONE = re.compile(r"[(\[]?[ \t]*(?:©|\(c\))?[ \t]*(?:(?:1[89]|20)\d\d)?[ \t]*", re.IGNORECASE)


@lru_cache(maxsize=1)
def _credit_label() -> re.Pattern:
    """A caption's label closing the text before a credit ("Credit:", "Foto:", "Photographer:"), in every language
    of ``data/line_phrases.csv``."""
    labels = [phrase for rules_language in (True, False)
              for phrase in line_phrases(rules_language=rules_language).get("caption", {}).get("label", ())]
    return re.compile(rf"(?:^|[\s|(\[])(?:{_phrase_pattern(labels)})[ \t]*[:：]$", re.IGNORECASE)


def _picture_credit(text: str) -> bool:
    """Whether a line is a picture's credit, or a caption closed by its credit: the credit alone, perhaps after its
    photographer ("Paul Morigi/Getty Images", "(Juni Kriswanto/AFP/Getty Images)", "Getty"), or set apart from the
    caption before it by a label ("… on Thursday Credit: STR/AFP", "… | Foto: Reuters"), by brackets that name a
    photographer or a picture ("… against the Packers. (AP Photo)") or by a sentence's end and a photographer
    ("… intense, shiny blue. Kena Betancur/Getty Images"). A sentence that names an agency ("… he told Reuters",
    "TOKYO (Kyodo)") is none."""
    stripped = text.strip()
    found = _CREDIT_END.search(stripped)
    if found is None:
        return False
    head = stripped[:found.start()]
    linked = False
    while (link := _CREDIT_LINK.search(head)) is not None and link.end() > link.start():
        head = head[:link.start()]
        linked = True
    head = head.rstrip()
    if _CREDIT_ALONE.fullmatch(head):
        return True
    if _credit_label().search(head):
        return True
    if head.endswith(("(", "[")):
        return linked or found.group(0).rstrip(") \t").lower().endswith(_PICTURE_WORDS)
    return linked and ends_sentence(head)


def _credit_line(line: str) -> bool:
    """:func:`_picture_credit`, looked at only when the line's last word can close a credit (read from its end)."""
    words = line.rstrip()[-60:].rsplit(None, 1)
    return bool(words) and words[-1].rpartition("/")[2].strip("()[]").lower() in _CREDIT_LAST_WORDS and _picture_credit(line)


@lru_cache(maxsize=1)
def _teaser_end() -> re.Pattern:
    """A text cut short (an ellipsis) followed by a link to the rest ("… Read more", "... Continue reading »", "…
    Lire la suite"), and at most TEASER_TAIL_WORDS words after it (the link written twice, a site's name): the phrases
    of the ``excerpt_marker`` rule in every language of ``data/line_phrases.csv``, but those of function words alone."""
    function_words = stop_words()["en"].words  # "… more" alone may be a sentence's: "… more or less."
    phrases = [phrase for rules_language in (True, False)
               for found in line_phrases(rules_language=rules_language).get("excerpt_marker", {}).values()
               for phrase in found if not all(word in function_words for word in phrase.split())]
    return re.compile(rf"\S[ \t]*(?:…|\.{{3}})[ \t]*\[?(?:{_phrase_pattern(phrases)})(?!\w)[^\w]*(?:\S+[ \t]*){{0,{TEASER_TAIL_WORDS}}}$",
                      re.IGNORECASE)


#: Words a teaser's line may carry after its link to the rest ("… Read more Read more", "… Read more site.com").
TEASER_TAIL_WORDS = 3
#: A teaser of another story runs to at most this many words (a story's summary, cut short).
TEASER_LINE_WORDS = 80
#: A line that is one phrase written over again ("Sponsored Links Sponsored Links": a link's text and its picture's
#: text, copied together) has a phrase of at least this many characters.
REPEATED_PHRASE_CHARS = 12
_REPEATED_PHRASE = re.compile(rf"(\S.{{{REPEATED_PHRASE_CHARS - 1},}}?)(?:[ \t]*\1)+")


def _repeated_phrase(text: str) -> str | None:
    """The phrase a line writes two or more times over, or None: a phrase that holds a letter, opens as a headline
    does (not in lower case) and ends no sentence (a chant, "Lock her up! Lock her up!", is a quote)."""
    stripped = text.strip()
    if len(stripped) < 2 * REPEATED_PHRASE_CHARS or stripped.find(stripped[:REPEATED_PHRASE_CHARS], 1) < 0:
        return None  # (the quick test: the line's opening characters come again)
    found = _REPEATED_PHRASE.fullmatch(stripped)
    phrase = found.group(1) if found is not None else ""
    if not any(c.isalpha() for c in phrase) or phrase[:1].islower() or ends_sentence(phrase.strip()):
        return None
    return phrase


# A line ending in one of these ends a sentence or a clause: no credit, teaser or link text ends so (a quick test that
# passes over most lines of prose).
_CLAUSE_ENDS = tuple(f"{SENTENCE_END},;:")


def _line_shapes(lines: Sequence[str], verdict: Mapping[int, str], *, cut_short: bool = True
                 ) -> Iterator[tuple[int, str, bool]]:
    """Lines (from 0) of page furniture no phrase names on its own, each with its rule and whether it is short enough
    to be sure: picture credits (:func:`_picture_credit`, found by their last word first) under ``caption`` (within
    the rule's words), a teaser of another story cut short before its link to the rest under ``excerpt_marker``
    (TEASER_LINE_WORDS), and a link's text written over again under ``navigation`` (a headline's words, once).
    ``cut_short``: whether the text has an ellipsis at all (else no line is looked at for a teaser)."""
    for i, line in enumerate(lines):
        line = line.rstrip()
        if not line or line.endswith(_CLAUSE_ENDS) or i in verdict:
            continue
        if _credit_line(line):
            found = "caption", word_count(line) <= LINE_RULES["caption"][1]
        elif cut_short and ("…" in line or "..." in line) and _teaser_end().search(line):
            found = "excerpt_marker", word_count(line) <= TEASER_LINE_WORDS
        elif (phrase := _repeated_phrase(line)) is not None:
            found = "navigation", word_count(phrase) <= TITLE_WORDS[1]
        else:
            continue
        # As for the line rules, a line of a wrapped paragraph is text; a teaser stands under its headline, which ends
        # no sentence, and is passed over only when it goes on in lower case.
        wrapped = line.lstrip()[:1].islower() if found[0] == "excerpt_marker" else _continues_sentence(lines, i)
        if not wrapped:
            yield i, *found


def clean_lines(text: str, *, content_blocks: bool = True) -> CleanedLines:
    """Apply the line and span rules to one normalised document.

    With ``content_blocks`` (the default) a copied web page also loses the blocks
    around its article (menus, headline lists, comment threads); text an extractor
    has already cut down to the article is spared that.
    """
    lines = text.split("\n")
    verdict: dict[int, str] = {}
    phrased: dict[int, str] = {}  # removed by a phrase of another language (data/line_phrases.csv)
    flagged: list[Removal] = []
    i = previous = 0
    for match in line_start_matches(_line_pattern_for(text), text):
        i += text.count("\n", previous, match.start())
        previous = match.start()
        if not lines[i].strip():
            continue
        group = match.lastgroup or "furniture"
        rule = group.partition(_PHRASE_GROUP)[0]
        if _continues_sentence(lines, i):
            continue
        limit = LINE_RULES[rule][1]
        if limit and word_count(lines[i]) > limit:
            flagged.append(Removal(lines[i], rule, i + 1))
            continue
        (phrased if group != rule else verdict)[i] = rule
    # A copied web page (or the text an extractor cut from one) is where the content detector looks for the article,
    # and where credits, teasers and repeated link texts are looked for (other texts have none to speak of).
    page = not content_blocks or _page_like("\n".join(line.strip() for line in lines))
    # They go with the phrases: the content detector measures a page's runs and gaps with them.
    shaped = [found for found in _line_shapes(lines, verdict, cut_short="…" in text or "..." in text)
              if found[0] not in phrased] if page else []
    # Teasers come in lists of other stories; a text cut short alone may be the article's own (a chart's note
    # opened by its link): kept and flagged.
    listed = sum(1 for _, rule, _ in shaped if rule == "excerpt_marker") >= TEASER_LIST
    for i, rule, sure in shaped:
        if not sure or (rule == "excerpt_marker" and not listed):
            flagged.append(Removal(lines[i], rule, i + 1))
        else:
            phrased[i] = rule
    if content_blocks:
        # The content detector sees the lines the phrases remove as the page's short lines: the runs and gaps by
        # which it tells the article from the blocks around it are measured with them.
        doubts: dict[int, str] = {}
        blocks = find_content_blocks(lines, verdict, doubts=doubts, any_text=True) if page else {}  # (page: tested above)
        verdict |= phrased
        for i, rule in blocks.items():
            verdict.setdefault(i, rule)
        if blocks:  # a copied page: what it keeps below its last block of furniture may be the page's end matter
            verdict.update(dict.fromkeys(_end_matter(lines, verdict), "page_block"))
            verdict.update(dict.fromkeys(_addressed_tail(lines, verdict), "page_block"))
            two_stories = "unsure_prose" in doubts.values()
            if not two_stories:  # (the story below may be the page's own, glued below another)
                tail, sure = _foreign_tail(lines, verdict)
                if sure:
                    verdict.update(dict.fromkeys(tail, "page_block"))
                else:  # too large beside the text it was weighed against to be sure of: kept and flagged
                    doubts.update(dict.fromkeys(tail, "unsure_foot"))
            verdict.update(dict.fromkeys(_below_article_end(lines, verdict, two_stories), "page_block"))
        flagged.extend(Removal(lines[i].strip(), rule, i + 1) for i, rule in sorted(doubts.items()) if i not in verdict)
    else:
        verdict |= phrased
    hinted = _hinted_lines(text)
    spans_possible = bool(hinted)
    if not verdict and not spans_possible:  # the common case: nothing to remove
        return CleanedLines(_numbered(range(1, len(lines) + 1), map(str.strip, lines)), (), tuple(flagged), ())
    kept: list[Line] = []
    removed: list[Removal] = []
    listing = _markup_listing(lines) if spans_possible else set()
    for i, line in enumerate(lines):
        rule = verdict.get(i) if verdict else None
        if rule is not None:
            removed.append(Removal(line.strip(), rule, i + 1))
            continue
        if i in hinted and i not in listing:
            line, spans = remove_spans(line, line=i + 1)
            removed.extend(spans)
        kept.append(Line(i + 1, line.strip()))
    return CleanedLines(tuple(kept), tuple(removed), tuple(flagged), _article_ends(lines, verdict))


#: Removed lines in a row that part a page's end matter (an author's note, a comment policy, a site's blurb) from
#: what is kept above it.
END_MATTER_GAP = 4
#: The most words a page's end matter holds, in all and as a share of the words the page keeps.
END_MATTER_WORDS = 100
END_MATTER_SHARE = 0.1


def _end_matter(lines: Sequence[str], verdict: Mapping[int, str]) -> list[int]:
    """The lines (from 0) a page keeps at its end, each group below a run of removed lines: a few short groups
    at the foot of a page, far smaller than what it keeps above them, are what a site sets under every article
    (a writer's note, a comment policy, a newsletter's blurb), not the article's last paragraph.

    The article's own end is not parted from it by a block of furniture; a long tail is kept.
    """
    kept = [i for i, line in enumerate(lines) if i not in verdict and line.strip()]
    if not kept:
        return []
    groups = [[kept[0]]]
    opened = [False]  # whether a group comes below a menu (a page's head: another page's story may follow)
    for a, b in zip(kept, kept[1:]):
        gap = [verdict[i] for i in range(a + 1, b) if i in verdict]
        if len(gap) >= END_MATTER_GAP:
            groups.append([])
            opened.append("menu" in gap)
        groups[-1].append(b)
    total = sum(word_count(lines[i]) for i in kept)
    tail: list[int] = []
    for group, below_menu in zip(reversed(groups[1:]), reversed(opened[1:])):
        words = sum(word_count(lines[i]) for i in group + tail)
        if (below_menu or words > END_MATTER_WORDS or words > END_MATTER_SHARE * total
                or not all(ends_sentence(lines[i]) for i in group)):  # a head above it: a story of its own
            break
        tail = group + tail
    return tail


#: A sentence at the foot of a page with at least this share of words addressing the reader ("you", "your": a
#: comment policy, a newsletter's call, a form's note; an article's prose has a few in a hundred, its quotes
#: included) ...
ADDRESS_SHARE = 0.1
#: ... and sharing less than this of the vocabulary of the text kept above it (cosine), is the site's, not the article's.
ADDRESS_TOPIC = 0.1
#: The most a page's addressed foot takes, as a share of the words the page keeps.
ADDRESS_TAIL_SHARE = 0.25


def _addressed_tail(lines: Sequence[str], verdict: Mapping[int, str]) -> list[int]:
    """The sentences (lines from 0) a page keeps at its very end that address the reader about the site, not the
    story: from the last kept line up, each line of a sentence's length with ADDRESS_SHARE of such words and
    little of the vocabulary of what is kept above, up to the first line of a sentence's length that is neither
    (shorter lines between are passed over and kept). An article that talks to its reader shares its own topic.
    """
    kept = [i for i, line in enumerate(lines) if i not in verdict and line.strip()]
    if not kept:
        return []
    language = guess_language("\n".join(lines[i] for i in kept if word_count(lines[i]) >= SHORT_WORDS))
    if language is None:
        return []
    tail: list[int] = []
    examined = len(kept)
    for n in range(len(kept) - 1, -1, -1):
        text = lines[kept[n]]
        if word_count(text) < SHORT_WORDS:
            continue
        share = address_share(text, language)
        if share is None or share < ADDRESS_SHARE:
            break
        tail.append(kept[n])
        examined = n
    if not tail:
        return []
    above = Counter()
    for i in kept[:examined]:
        above.update(content_words(lines[i], language))
    tail = [i for i in tail if vocabulary_similarity(content_words(lines[i], language), above) < ADDRESS_TOPIC]
    total = sum(word_count(lines[i]) for i in kept)
    if sum(word_count(lines[i]) for i in tail) > ADDRESS_TAIL_SHARE * total:
        return []
    return sorted(tail)


#: Below a short line, in the lower part of what a page keeps (at most this share of the words it keeps), at
#: least FOREIGN_TAIL_LINES lines of sentences that share less than FOREIGN_TAIL_TOPIC of the vocabulary of the
#: sentences above them (cosine) are another text at the page's foot (a form's notes, a comment policy, a promotion),
#: not the article's end: on the development pages, the tails that low were all the site's; the article's own last
#: paragraphs, even in articles that change subject, shared 0.06 or more. A lone line is left to the other rules.
FOREIGN_TAIL_SHARE = 0.5
#: ... but a tail holding more than this share of the words a page keeps (less than twice its words above it) is too
#: large beside the text it is weighed against to be sure of (a short article; the page's own story below another, or
#: under a site's blurb, the text above being no article): it is kept and flagged. On the development pages, the sites'
#: tails held at most 0.31 of the words kept; the articles' own text taken for such a tail, 0.41 and more.
FOREIGN_TAIL_SURE_SHARE = 1 / 3
FOREIGN_TAIL_TOPIC = 0.03
FOREIGN_TAIL_LINES = 2


def _foreign_tail(lines: Sequence[str], verdict: Mapping[int, str]) -> tuple[list[int], bool]:
    """The lines (from 0) a page keeps at its end that share almost none of its vocabulary (see FOREIGN_TAIL_TOPIC),
    and whether the tail is small enough beside what is kept above it to be sure (FOREIGN_TAIL_SURE_SHARE):
    from the first line of sentences of such a tail down, the short line above it kept (it may be the article's own
    last line). The vocabularies are those of the lines that are not short above and below; with several such
    tails, the one sharing least is taken."""
    kept = [i for i, line in enumerate(lines) if i not in verdict and line.strip()]
    sizes = [word_count(lines[i]) for i in kept]
    said = [n for n, i in enumerate(kept) if sizes[n] >= SHORT_WORDS and count_sentence_ends(lines[i])]
    if len(said) < 2 * FOREIGN_TAIL_LINES:  # (as many lines of sentences above it as in it, at least)
        return [], False
    long = [lines[i] for n, i in enumerate(kept) if sizes[n] >= SHORT_WORDS]
    language = guess_language("\n".join(long)) or derived_stop_words([t for t in long if word_count(t) >= PROSE_WORDS])
    words = [content_words(lines[i], language) if sizes[n] >= SHORT_WORDS else Counter() for n, i in enumerate(kept)]
    below_words = list(accumulate(reversed(sizes)))[::-1]  # the words kept from each line down
    above, below = Counter(), Counter()
    first = said[len(said) // 2]
    for n, bag in enumerate(words):
        (above if n < first else below).update(bag)
    best = None
    starts = set(said[len(said) // 2 : len(said) - FOREIGN_TAIL_LINES + 1])
    # A tail holding a marked list item or a piece of a line broken at a mark is the article's list (its references).
    listed = max((n for n, i in enumerate(kept) if _LIST_ITEM.match(lines[i].strip())
                  or _PIECE_START.match(lines[i])), default=-1)
    for n in range(first, said[-FOREIGN_TAIL_LINES] + 1):  # the tail from kept line ``n`` on
        if (n in starts and n > listed and sizes[n - 1] < SHORT_WORDS
                and below_words[n] <= FOREIGN_TAIL_SHARE * below_words[0]):
            similarity = vocabulary_similarity(below, above)
            if similarity < FOREIGN_TAIL_TOPIC and (best is None or similarity < best[0]):
                best = (similarity, n)
        above.update(words[n])
        below.subtract(words[n])
        below = +below  # (words no longer below leave the bag)
    if best is None:
        return [], False
    return kept[best[1]:], below_words[best[1]] <= FOREIGN_TAIL_SURE_SHARE * below_words[0]


def _prose_words(text: str) -> float:
    words = word_count(text)
    return words if words >= PROSE_WORDS and count_sentence_ends(text) else 0.0


#: An end-of-article marker (a share bar, a comment box's notice, a copyright line) below at least this share of a
#: copied page's kept prose ends its article: what the page keeps below it is the site's (a newsletter's sign-up, a
#: comment form and its rules, teasers of other stories). A share bar set inside an article has more of it below: on
#: the development pages, the one such bar had 43 % of the kept prose below it; the bars ending an article mostly a
#: fifth or less (site text in sentences), a few up to 44 % (left kept).
ARTICLE_END_SHARE = 0.75
#: The end-of-article markers that end it so: a copyright line may be a picture's credit inside it ("© Agency").
ARTICLE_END_MARKERS = END_OF_ARTICLE_RULES - {"copyright"}


def _below_article_end(lines: Sequence[str], verdict: Mapping[int, str], two_stories: bool = False) -> list[int]:
    """The kept lines (from 0) below the first end-of-article marker that has ARTICLE_END_SHARE of the kept prose
    above it and above the page's last removed line (none when the page keeps no line of prose, when those lines
    hold STORY_PARAGRAPHS paragraphs one after another, or when it keeps ``two_stories``: lines the content detector kept
    as a story of their own, another story glued to the page or the page's own story below a longer one)."""
    markers = sorted(i for i, rule in verdict.items() if rule in ARTICLE_END_MARKERS)
    if not markers or two_stories:  # (the marker may end the one above)
        return []
    kept = [i for i, line in enumerate(lines) if i not in verdict and line.strip()]
    prose = [(i, _prose_words(lines[i])) for i in kept]
    total = sum(w for _, w in prose)
    # What the page keeps at its very foot, with no furniture below it, is left to the end matter's rule (a short
    # story glued below the furniture may end a page).
    foot = max((i for i in verdict if lines[i].strip()), default=-1)
    for marker in markers:
        if total and sum(w for i, w in prose if i < marker) >= ARTICLE_END_SHARE * total:
            tail = [i for i in kept if marker < i < foot]
            # STORY_PARAGRAPHS paragraphs one after another below it are a story (one glued below another's end)
            run = longest = 0
            for i in tail:
                if _prose_words(lines[i]):
                    run += 1
                    longest = max(longest, run)
                elif word_count(lines[i]) >= SHORT_WORDS:
                    run = 0
            return tail if longest < STORY_PARAGRAPHS else []
    return []


def _article_ends(lines: Sequence[str], verdict: Mapping[int, str]) -> tuple[int, ...]:
    """End-of-article furniture (share bars, comment boxes, copyright) where the article's prose has run out.

    A marker counts only when most of the kept prose lies before it: a share bar
    above the article, below a long menu, is not the article's end.
    """
    markers = [i for i, rule in verdict.items() if rule in END_OF_ARTICLE_RULES]
    if not markers:
        return ()
    prose = [(i, _prose_words(line)) for i, line in enumerate(lines) if i not in verdict and line.strip()]
    total = sum(w for _, w in prose)
    if not total:  # no line reads as prose: weigh the kept lines by their words
        prose = [(i, word_count(line)) for i, line in enumerate(lines) if i not in verdict and line.strip()]
        total = sum(w for _, w in prose)
    ends = []
    for marker in sorted(markers):
        before = sum(w for i, w in prose if i < marker)
        if before and before >= total - before:
            ends.append(marker + 1)
    return tuple(ends)


# --------------------------------------------------------------------------- corpus statistics

#: A line that ends in any punctuation (a clause or quotation too), so it is not a bare label.
_ENDS_PUNCTUATED = re.compile(r"[.!?\"”’',:;)]$")


def _boilerplate_candidate(text: str) -> bool:
    return 0 < len(text) <= 120 and not _ENDS_PUNCTUATED.search(text) and len(text.split()) <= 12


def _next_text(lines: Sequence[Line], i: int) -> str:
    for line in lines[i + 1 : i + 4]:
        if line.text:
            return line.text
    return ""


def repeated_line_candidates(lines: Sequence[Line]) -> tuple[tuple[int, str], ...]:
    """A document's lines that could be furniture repeated across documents: ``(line number, key)``.

    Short, non-sentence lines standing alone between blank lines (not lines wrapped inside a
    paragraph). One document at a time, so it runs in a build's worker processes.
    """
    last = len(lines) - 1
    return tuple(
        (line.number, normalize_key(line.text))
        for i, line in enumerate(lines)
        if 0 < len(line.text) <= 120
        and (i == 0 or not lines[i - 1].text)
        and (i == last or not lines[i + 1].text)
        and not line.text[:1].islower()
        and not _next_text(lines, i)[:1].islower()
        and _boilerplate_candidate(line.text)
    )


def find_repeated_lines(
    documents: Mapping[str, Sequence[Line]], groups: Mapping[str, str], *, min_groups: int = 3
) -> dict[str, set[int]]:
    """Short, non-sentence lines that recur in at least ``min_groups`` unrelated documents.

    ``groups`` maps each document to its family, so copies of one article do
    not count as separate evidence. Returns the line numbers to drop, per document.
    """
    candidates = {doc_id: repeated_line_candidates(lines) for doc_id, lines in documents.items()}
    return repeated_lines(candidates, groups, min_groups=min_groups)


def repeated_lines(
    candidates: Mapping[str, Sequence[tuple[int, str]]], groups: Mapping[str, str], *, min_groups: int = 3
) -> dict[str, set[int]]:
    """:func:`find_repeated_lines` from each document's :func:`repeated_line_candidates`."""
    seen: dict[str, set[str]] = defaultdict(set)
    for doc_id, found in candidates.items():
        group = groups.get(doc_id, doc_id)
        for _, key in found:
            seen[key].add(group)
    repeated = {key for key, fams in seen.items() if key and len(fams) >= min_groups}
    if not repeated:
        return {}
    drops = {doc_id: {number for number, key in found if key in repeated} for doc_id, found in candidates.items()}
    return {doc_id: numbers for doc_id, numbers in drops.items() if numbers}


def drop_repeated_lines(cleaned: CleanedLines, numbers: set[int]) -> CleanedLines:
    """A new CleanedLines without the given (repeated boilerplate) lines, each logged."""
    if not numbers:
        return cleaned
    kept: list[Line] = []
    removed = list(cleaned.removed)
    for line in cleaned.lines:
        if line.number in numbers:
            removed.append(Removal(line.text, "repeated_boilerplate", line.number))
        else:
            kept.append(line)
    removed.sort(key=lambda r: r.line)
    return CleanedLines(tuple(kept), tuple(removed), cleaned.flagged, cleaned.end_markers)


def count_rules(removals: Iterable[Removal]) -> Counter:
    return Counter(r.rule for r in removals)


# --------------------------------------------------------------------------- content blocks
#
# A copied web page is the article surrounded by menus, lists of other stories,
# comment threads and footers. Lines are judged in the spirit of jusText: by
# their length, share of function words and sentence punctuation first, then by
# their neighbours; the article is then taken as a block (the largest cluster of
# prose and what lies between its lines), and every run of lines outside it is
# removed as one block, logged under the block's shape.

#: Fewer words than this and a line is judged by its neighbours ("short").
SHORT_WORDS = 8
#: A prose line has at least this many words ...
PROSE_WORDS = 15
#: ... and at least this share of the document's typical function-word density.
PROSE_DENSITY = 0.7
#: The page's typical function-word density is this quantile of its sentence lines' densities (an upper
#: quantile: long menus and tag lists, which are long lines too, pull the median down).
TYPICAL_QUANTILE = 0.75
#: Below this share a line is not prose at all (a headline, a list of names).
NEAR_DENSITY = 0.5
#: A line of at least twice PROSE_WORDS with this many sentence ends, at NEAR_DENSITY, is a paragraph.
LONG_PROSE_ENDS = 2
#: A long line with under this share of the typical function-word density and no sentence end lists names or tags.
NAME_LIST_DENSITY = 0.2
#: A run of at least this many lines of prose density, its middle line of prose length, is prose even without sentence marks.
OPEN_PROSE_RUN = 3
#: ... and a run of this many such lines is prose when its middle line has WRITTEN_ITEM_WORDS.
OPEN_PROSE_LONG_RUN = 10
#: Prose lines further apart than this many other lines belong to different clusters.
CLUSTER_GAP = 8
#: A cluster this large relative to the article's main cluster is kept with it.
SECOND_CLUSTER_SHARE = 0.7
#: ... or when its vocabulary is at least this similar (cosine) to the largest cluster's.
SAME_TOPIC = 0.15
#: A cluster of prose outside the article with at least this share of the largest cluster's words ...
UNSURE_PROSE_SHARE = 0.3
#: ... and at least this many prose lines with sentence ends is kept and flagged rather than removed (when unsure, keep).
UNSURE_PROSE_LINES = 4
#: ... that make at least this share of its lines (paragraphs one after another; teasers of other stories each
#: stand between a headline and a date).
UNSURE_GOOD_SHARE = 0.5
#: A cluster of prose outside the article with at least this many words in paragraphs of sentences is a story of its
#: own (another story glued to the page, or the page's own story below a longer one): kept and flagged ...
STORY_WORDS = 120
#: ... when no more of its lines that are not short (headlines, captions) stand between them than this share of its
#: paragraphs ...
STORY_OTHER_SHARE = 0.5
#: ... or when at least this many of its paragraphs come one after another.
STORY_PARAGRAPHS = 3
#: A part of the page outside the article with this many words in lines of sentences is read for a story of its own:
#: one of STORY_PARAGRAPHS, or a shorter one under its own head.
SHORT_STORY_WORDS = 2 * PROSE_WORDS
#: A brief's prose under its head runs to at least this many words (a picture's caption under the headline, a
#: sentence, runs shorter): such a brief is the page's article when heavier prose around it has no head of its own.
BRIEF_WORDS = 20
#: A list item that keeps its mark in the copy: a bullet or a footnote's caret (numbers are left out: a ranking
#: of the most read stories is numbered too).
_LIST_ITEM = re.compile(r"^(?:[•·▪◦‣*+–-]|\^)\s+\S")
#: A table row that keeps its column rules.
_TABLE_ROW = re.compile(r"\S\s*[│|]\s*\S.*[│|]")
#: A block next to the article is one of its lists when at least this share of its lines are marked items
#: (an item may wrap onto a second line) ...
LIST_ITEM_SHARE = 0.4
#: ... and has no more lines than this (a site map is longer).
MAX_LIST_LINES = 300
#: A line ending in a colon of at most this many words over a block above the article is a label (a search box's,
#: a rating widget's: "Search for:", "Rate:"), not the lead-in of the article's list ("What You'll Need:").
LABEL_WORDS = 2
#: Inside the article, a run whose middle line has at least this many words ...
WRITTEN_ITEM_WORDS = 10
#: ... and with at least this share of its lines at prose density is a written list, not a link list.
WRITTEN_SHARE = 0.6
#: A run of lines where at least this share starts in lower case is verse (lines going on from each other), not links.
VERSE_SHARE = 0.4
#: A run of this many short lines without sentence ends inside the article is a link list ...
LINK_RUN = 5
#: ... when fewer than this share of its lines have a sentence end.
LINK_SENTENCE_SHARE = 0.3
#: A kept sentence up to this many lines above the first paragraph is the article's lead.
LEAD_REACH = 2
#: The article's head (title, byline, date) lies within this many lines above its first paragraph ...
HEAD_LINES = 8
#: ... or, when no line there shares the article's topic words, its title lies within this many lines above (over a
#: box of widgets: a rating, a counter of views) ...
HEAD_REACH = 2 * HEAD_LINES
#: ... its title a line of this many words (least, most) that ends no sentence ...
TITLE_WORDS = (3, 25)
#: ... with perhaps a dateline of at most this many words just above it.
DATELINE_WORDS = 14
#: A line this long (characters) that the page repeats is a copy of a paragraph (a mobile copy of the article).
REPEATED_CHARS = 80
#: A block outside the article whose median line has at most this many words is a menu ...
MENU_MEDIAN_WORDS = 4
#: ... else a headline list when fewer than this share of its lines end a sentence.
HEADLINE_SENTENCE_SHARE = 0.5
#: Pages have a run of at least this many short lines that end no sentence; other texts are left as they are.
MIN_PAGE_RUN = 3
#: ... each narrower than this many characters (hard-wrapped prose is wider).
MENU_CHARS = 40
_ENDS_OPEN = rf"(?<![\s{re.escape(SENTENCE_END)}{CLOSERS}:,;])"  # the line ends no sentence or clause
_SHORT_LINE = rf"[^\n]{{1,{MENU_CHARS - 1}}}+{_ENDS_OPEN}"
_OPEN_LINE = rf"[^\n]{{1,200}}+{_ENDS_OPEN}"
_SHORT_RUN = re.compile(rf"^{_SHORT_LINE}(?:\n(?![a-z]){_SHORT_LINE}){{{MIN_PAGE_RUN - 1}}}$", re.MULTILINE)
_OPEN_RUN = re.compile(rf"^{_OPEN_LINE}(?:\n(?![a-z]){_OPEN_LINE}){{{LINK_RUN - 1}}}$", re.MULTILINE)

#: Text in which more than this share of the lines start in lower case is hard-wrapped prose, not a page.
WRAPPED_SHARE = 0.5
_CONTINUED = re.compile(rf"^(?:[a-z]|[^\n]{{{MENU_CHARS},}}+(?<![{re.escape(SENTENCE_END)}{CLOSERS}:,;])(?=\n[^\n]))", re.MULTILINE)


def _at_line_breaks(pattern: re.Pattern) -> re.Pattern:
    """A pattern that begins with a multi-line ``^`` (and matches no line break of its own at its end) as one that
    begins with a line break instead: over ``"\\n" + text`` it finds what the pattern finds at ``text``'s line
    starts, each line start tried once, in one scan by the expression engine (which skips from one line break to
    the next by itself), not one call from Python per line as :func:`line_start_matches` makes."""
    if not pattern.pattern.startswith("^"):
        raise ValueError(f"the pattern does not begin with ^: {pattern.pattern[:40]!r}")
    return re.compile("\n" + pattern.pattern[1:], pattern.flags)


_CONTINUED_BREAK, _SHORT_RUN_BREAK, _OPEN_RUN_BREAK = map(_at_line_breaks, (_CONTINUED, _SHORT_RUN, _OPEN_RUN))

#: A comment's header or footer: a name with a time stamp, "… wrote:", "Reply", "Report" — in the languages
#: ``data/comment_words.csv`` lists ("Hace 28 minutos", "vor einer Stunde", "Antworten", "3小时前").
_WORDS = comment_words()
_COMMENT_SHAPE = re.compile(
    rf"^(?:(?:{_WORDS.action})|\d+\s*(?:{_WORDS.count})"
    rf"|.{{1,80}}(?<!\w)(?:{_WORDS.wrote})\s*(?:\.{{3}}|…|:|：)"
    r"|.{0,80}\b\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?(?:\s*(?:reply|report|#))?"
    # a name with a machine time stamp ("Ann · 2020-05-19T17:52:00Z"), a date over a user's handle ("May 2, 2014 ann_b:")
    r"|.{0,80}\b(?:1[89]|20)\d\d-\d\d-\d\d[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?"
    rf"|(?:{MONTH_PATTERN})\.?\s+\d{{1,2}},?\s+(?:1[89]|20)\d\d\s+\S{{1,40}}:)$",
    re.IGNORECASE,
)
_RELATIVE_TIME = re.compile(_WORDS.relative_time, re.IGNORECASE)
_AGO = re.compile("|".join(map(re.escape, _WORDS.ago)))
_COMMENT_ACTION = re.compile(_WORDS.action, re.IGNORECASE)


def comment_worded(line: str) -> bool:
    """Whether a line carries the curated comment words: a relative time stamp anywhere ("3 hours ago"), or it is
    a comment's action alone ("Reply", "Antworten")."""
    return _RELATIVE_TIME.search(line) is not None or _COMMENT_ACTION.fullmatch(line.strip()) is not None


@lru_cache(maxsize=8192)  # the detector asks about the same lines several times
def _comment_shape(text: str) -> bool:
    """Whether a line has a comment header's or footer's shape (a relative time stamp with at most 80 characters
    before it and 40 after it counts: "Ann · 3 hours ago", "Hace 28 minutos")."""
    if _COMMENT_SHAPE.match(text):
        return True
    if _AGO.search(text.lower()) is None:  # a quick test: most lines have no word of relative time
        return False
    found = _RELATIVE_TIME.search(text)
    return found is not None and found.start() <= 80 and len(text) - found.end() <= 40


#: A comment thread has at least this many comment headers or footers ...
MIN_COMMENT_MARKS = 3
#: ... each of at most this many words.
COMMENT_MARK_WORDS = 14
#: ... and the article above it at least this many words of prose.
MIN_ARTICLE_ABOVE_COMMENTS = 100
#: A comment runs to at most this many words of prose before the next comment's header or footer.
MAX_COMMENT_WORDS = 350


# Code, a table row with figures or with its columns set apart by runs of spaces, or a bulleted item: lines of
# the text's own listings.
_LISTING = re.compile(r"[{}();=<>$\[\]]|^(?://|#|/\*)|\d\S* {2,}\S|\S {3,}\S|^[•·▪◦‣*+–-] ")
#: An amount ("1/4 cup sugar", "2 pounds parsnips"): a figure, then a word in lower case, and no sentence
#: end (a ranking's number comes before a capitalised headline) ...
_AMOUNT = re.compile(r"^\d+(?:[/.]\d+)?\s+[a-z][^.!?]*$")
#: ... and lines of amounts one under another, at least this many, are a listing (ingredients, a parts list).
AMOUNT_RUN = 3
#: A run of lines where at least this share looks like code, table rows or bullets is a listing, not a menu.
LISTING_SHARE = 0.3
#: A line that ends a statement: a full stop, perhaps inside a closing quote or bracket.
_STATEMENT_END = re.compile(r"[.。](?:[\"”’')\]])?$")
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
#: A date with its day and year ("Tuesday, April 22, 2014", "22 April 2014").
_FULL_DATE = re.compile(rf"\b(?:(?:{MONTH_PATTERN})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?|\d{{1,2}}\.?\s+(?:{MONTH_PATTERN})\.?,?)\s+(?:1[89]|20)\d\d\b",
                        re.IGNORECASE)
#: A line of an agenda (a date, a time, a place) has at most this many words.
AGENDA_WORDS = 25


class _Unit(NamedTuple):
    index: int       # index into the document's lines
    words: float
    density: float | None
    ends: int        # sentence ends inside the line
    colon: bool      # ends with a colon (introduces what follows)
    listing: bool    # looks like a line of code, a table row or a bulleted item
    lower: bool = False  # starts in lower case: goes on from the line above (verse, a wrapped line)
    stated: int = 0  # sentence ends leaving out the full stops of abbreviations and initials inside the line


#: A line of at least this many words, every one of them in capitals, function words inside it too, that ends with a
#: full stop ("Ten Things You Need To Know About The Summit.") is a headline written in title case, not a sentence.
TITLE_CASE_WORDS = 5
_CASED_WORD = re.compile(r"[^\W\d_][^\W\d_'’-]*")


def _title_case(text: str, stops: Collection[str]) -> bool:
    """Whether a line ending with a full stop is a headline written in title case (TITLE_CASE_WORDS): each of its
    words opens with a capital, two function words of its language (``stops``) past its first word among them (a
    list of names has none). A question or a cry in capitals may be an article's own headline, kept as a sentence."""
    if not text.endswith("."):
        return False
    words = _CASED_WORD.findall(text)
    if len(words) < TITLE_CASE_WORDS or not stops or not all(w[0].isupper() for w in words):
        return False
    return sum(1 for w in words[1:] if w.lower() in stops) >= 2


def _page_like(text: str) -> bool:
    """A copied page has a run of short lines that end no sentence (a menu), or a longer run
    of lines that end no sentence and continue none (a list of headlines). Hard-wrapped
    prose does not: its lines are wider, and the next line goes on in lower case."""
    lines = text.count("\n") + 1 - text.count("\n\n")
    text = "\n" + text  # each line, the first too, after a line break (see _at_line_breaks)
    if len(_CONTINUED_BREAK.findall(text)) > WRAPPED_SHARE * lines:
        return False  # hard-wrapped prose: many lines go on from the line above
    return _SHORT_RUN_BREAK.search(text) is not None or _OPEN_RUN_BREAK.search(text) is not None


def _weighted_quantile(values: Sequence[tuple[float, float]], q: float) -> float:
    """The ``q`` quantile of sorted ``(value, weight)`` pairs, each value counted by its weight."""
    total = sum(w for _, w in values)
    running = 0.0
    for value, weight in values:
        running += weight
        if running > q * total:
            return value
    return values[-1][0]


def _classify(units: Sequence[_Unit], typical: float | None, *, by_chars: bool = False) -> list[str]:
    """Each line's kind: "good" (prose), "near", "bad" or "short".

    ``by_chars``: the page's function words are counted by characters (Chinese, Japanese), so a line's
    own share is a small sample, and lines are written as clauses with few sentence marks.
    """
    kinds = []
    for u in units:
        if u.words < SHORT_WORDS:
            kinds.append("short")
        elif u.density is None or typical is None:
            # No function words to go by (a language without a list): length and sentence marks alone,
            # and a line long enough reads as prose even without marks (Thai ends no sentence with one).
            long = u.words >= PROSE_WORDS and (u.ends or u.words >= 2 * PROSE_WORDS)
            kinds.append("good" if long else "near" if u.ends else "bad")
        elif u.density >= PROSE_DENSITY * typical and u.words >= PROSE_WORDS and (u.ends or u.words >= 2 * PROSE_WORDS):
            kinds.append("good")
        elif u.ends >= 2 or (u.density >= NEAR_DENSITY * typical and (u.ends or u.colon)):
            kinds.append("near")
        else:
            kinds.append("bad")
    # Prose written without sentence marks (a blog's lines of verse-like clauses, common in Chinese and
    # Japanese): a run of long lines with the page's function-word density is prose all the same. Counted
    # by characters, a line's density is taken with its neighbours' (a line of names and places in a travel
    # diary is still part of it), a line may close with one exclamation, and a long run may be written in
    # shorter lines than a short one.
    dense = [typical is not None and u.ends <= (1 if by_chars else 0) and u.words >= SHORT_WORDS
             and (d := _pooled_density(units, k) if by_chars else u.density) is not None
             and d >= PROSE_DENSITY * typical
             for k, u in enumerate(units)]
    k = 0
    while k < len(units):
        j = k
        while j < len(units) and dense[j]:
            j += 1
        length = WRITTEN_ITEM_WORDS if by_chars and j - k >= OPEN_PROSE_LONG_RUN else PROSE_WORDS
        if j - k >= OPEN_PROSE_RUN and sorted(u.words for u in units[k:j])[(j - k) // 2] >= length:
            kinds[k:j] = ["good"] * (j - k)
        k = j + 1
    return kinds


def _paragraph(unit: _Unit, typical: float | None) -> bool:
    """A long line of several sentences at near-prose density: a paragraph, whatever its neighbours."""
    return (unit.ends >= LONG_PROSE_ENDS and unit.words >= 2 * PROSE_WORDS
            and (typical is None or unit.density is None or unit.density >= NEAR_DENSITY * typical))


def _closing_sentence(unit: _Unit, lines: Sequence[str], topic: Counter, language: str | None) -> bool:
    """A line of sentences of prose length, whatever its density, that shares ADDRESS_TOPIC of the article's
    vocabulary (``topic``; cosine): right below the article's last paragraph it is the article's closing sentence
    (one dense with names and figures reads below the page's density for prose), not the site's line."""
    return (unit.ends > 0 and unit.words >= PROSE_WORDS and vocabulary_similarity(
        content_words(lines[unit.index], language), topic) >= ADDRESS_TOPIC)


def _said(units: Sequence[_Unit], lines: Sequence[str], keep: Sequence[bool], start: int, end: int,
          language: str | StopWords | None) -> Counter:
    """The topic words of the lines kept from unit ``start`` to ``end``."""
    return Counter(w for k in range(start, end + 1) if keep[k] for w in content_words(lines[units[k].index], language))


def _captions(units: Sequence[_Unit], lines: Sequence[str], a: int, b: int, said: Callable[[], Counter],
              language: str | StopWords | None) -> set[int]:
    """Units ``a`` to ``b`` that are the article's pictures: a caption right next to its credit (a line
    :func:`_picture_credit` reads), the caption sharing HEADLINE_SHARED_WORDS of the words of the article's lines
    (``said()``, asked for only when there is a credit), and the credit. A box of links has no credits between its
    lines, nor a gallery of another story the article's words."""
    credits = {k for k in range(a, b + 1) if _credit_line(lines[units[k].index])}
    found: set[int] = set()
    if not credits:
        return found
    words = said()
    for k in range(a, b + 1):
        beside = [m for m in (k - 1, k + 1) if m in credits]
        if k in credits or not beside or units[k].listing:
            continue
        if sum(1 for w in content_words(lines[units[k].index], language) if w in words) >= HEADLINE_SHARED_WORDS:
            found.add(k)
            found.update(beside)
    return found


def _pooled_density(units: Sequence[_Unit], k: int) -> float | None:
    """The function-word density of line ``k`` with the lines next to it that are not short, by their words."""
    if units[k].density is None:
        return None
    pooled = [units[m] for m in (k - 1, k, k + 1)
              if 0 <= m < len(units) and units[m].density is not None and units[m].words >= SHORT_WORDS]
    return sum(u.density * u.words for u in pooled) / sum(u.words for u in pooled)


def _list_shaped(run: Sequence[_Unit]) -> bool:
    """Lines that end no sentence and are no listing (code, table, bullets) and mostly do not go on in lower
    case from the line above (verse, a song's lines): a link or headline list."""
    return (sum(1 for u in run if u.stated) < LINK_SENTENCE_SHARE * len(run) and not _listing(run)
            and sum(1 for u in run if u.lower) < VERSE_SHARE * len(run))


def _written_list(run: Sequence[_Unit], typical: float | None) -> bool:
    """Items written as clauses (what was done, what changed): long lines at the page's prose density.

    Inside an article such a run is its own list; headlines and menus are shorter or sparser.
    """
    if typical is None:
        return False
    words = sorted(u.words for u in run)
    dense = sum(1 for u in run if u.density is not None and u.density >= NEAR_DENSITY * typical)
    return words[len(words) // 2] >= WRITTEN_ITEM_WORDS and dense >= WRITTEN_SHARE * len(run)


def _name_list(unit: _Unit, typical: float | None) -> bool:
    """A long line of names or tags: almost no function words and no sentence end."""
    return (typical is not None and unit.density is not None and not unit.ends and unit.words >= PROSE_WORDS
            and unit.density < NAME_LIST_DENSITY * typical)


#: A line of names that enumerates at least this many entries split by semicolons ...
ENUMERATION_ENTRIES = 5
#: ... of this many words each (median) is a list of people the article names (its signatories), not tags.
ENUMERATION_ENTRY_WORDS = (2, 8)
_ENUMERATION_SPLIT = re.compile(r"\s*[;；]\s*")


def _enumeration(text: str) -> bool:
    """Entries of a few words each, split by semicolons ("Anna Berg (Nordbank) ; Louis Carre (Valmet) ; …").

    Tag lines run single words or split by commas and bars; an enumeration of this shape is written.
    """
    entries = [e for e in _ENUMERATION_SPLIT.split(text.strip()) if e]
    if len(entries) < ENUMERATION_ENTRIES:
        return False
    words = sorted(len(e.split()) for e in entries)
    low, high = ENUMERATION_ENTRY_WORDS
    return low <= words[len(words) // 2] <= high


#: A list the text leads in with a sentence ending in a colon has items of at most this many words (median: short
#: phrases, "Copying and pasting a link"); a "Related:" label over headlines leads in longer lines.
LED_ITEM_WORDS = 6
#: ... and its lead has at least this many words (a bare label is no sentence).
LEAD_WORDS = 4


def _led_short_items(run: Sequence[_Unit], lines: Sequence[str]) -> bool:
    """A lead-in ending in a colon ("Common mutations include:") over short items: the text's own list."""
    lead = lines[run[0].index].strip()
    if not run[0].colon or len(lead.split()) < LEAD_WORDS or len(run) < 3:
        return False
    words = sorted(u.words for u in run[1:])
    return words[len(words) // 2] <= LED_ITEM_WORDS


def _mark_amounts(units: list[_Unit], lines: Sequence[str]) -> list[_Unit]:
    """Units in a run of at least AMOUNT_RUN different lines of amounts count as a listing."""
    amount = [_AMOUNT.match(lines[u.index].strip()) is not None for u in units]
    out = list(units)
    k = 0
    while k < len(units):
        j = k
        while j < len(units) and amount[j]:
            j += 1
        texts = {lines[u.index].strip() for u in units[k:j]}
        if j - k >= AMOUNT_RUN and len(texts) == j - k:  # "0 comments" under every teaser is no list
            out[k:j] = [u._replace(listing=True) for u in units[k:j]]
        k = j + 1
    return out


def _listing(run: Sequence[_Unit]) -> bool:
    return sum(1 for u in run if u.listing) >= LISTING_SHARE * len(run)


def _resolve(kinds: list[str], units: Sequence[_Unit], lines: Sequence[str] = ()) -> list[bool]:
    """Near-prose and short lines take the verdict of their neighbours (the nearest judged lines)."""
    n = len(kinds)
    previous: list[str | None] = [None] * n
    following: list[str | None] = [None] * n
    stretch = [0] * n  # how many lines lie between the judged lines on either side
    last = None
    since = -1
    for i in range(n):
        previous[i] = last
        stretch[i] = i - since
        if kinds[i] in ("good", "bad"):
            last = kinds[i]
            since = i
    last = None
    since = n
    for i in range(n - 1, -1, -1):
        following[i] = last
        stretch[i] += since - i - 1
        if kinds[i] in ("good", "bad"):
            last = kinds[i]
            since = i
    keep = []
    for i, kind in enumerate(kinds):
        if kind == "good":
            keep.append(True)
        elif kind == "bad":
            keep.append(False)
        elif kind == "near":
            keep.append("good" in (previous[i], following[i]))
        else:
            # Between two prose lines, or a sentence at the very start or end of the text (a greeting, a sign-off).
            # Prose lines far apart have a box of links between them, not a line of the text.
            sides = {previous[i], following[i]}
            # A statement right below a kept line of text stays all the same ("A spokesman declined to comment.",
            # a closing quote), whatever follows; calls to act end in an exclamation or a link's arrow.
            sentence_below = (units[i].ends > 0 and i > 0 and kinds[i - 1] != "short" and keep[i - 1]
                              and bool(lines) and _STATEMENT_END.search(lines[units[i].index].rstrip()) is not None)
            keep.append((sides == {"good"} and stretch[i] <= CLUSTER_GAP) or sentence_below
                        or (units[i].ends > 0 and sides == {"good", None}))
    # A single line between two prose lines is part of the article (a subheading, a list's lead).
    for i in range(1, n - 1):
        if kinds[i] == "bad" and kinds[i - 1] == "good" and kinds[i + 1] == "good":
            keep[i] = True
    # A run of short lines that end no sentence, inside the article, is a link list, not a list in the text.
    i = 0
    while i < n:
        if kinds[i] == "short" and keep[i]:
            j = i
            while j < n and kinds[j] == "short":
                j += 1
            run = units[i:j]
            if len(run) >= LINK_RUN and _list_shaped(run):
                for k in range(i, j):
                    keep[k] = False
            i = j
        else:
            i += 1
    return keep


def _story_shaped(units: Sequence[_Unit], kinds: Sequence[str], lines: Sequence[str], a: int, b: int) -> bool:
    """Whether units ``a`` to ``b`` read as a story of their own: enough words in paragraphs of sentences, written
    one after another or with few long lines of other kinds between them (a list of other stories sets a
    headline over each teaser), and no comment headers (a thread is no story).
    """
    paragraphs = [k for k in range(a, b + 1) if kinds[k] == "good" and units[k].ends]
    if sum(units[k].words for k in paragraphs) < STORY_WORDS:
        return False
    if sum(1 for k in range(a, b + 1) if _is_comment_mark(lines[units[k].index].strip(), units[k].words)) >= MIN_COMMENT_MARKS:
        return False
    others = sum(1 for k in range(a, b + 1) if kinds[k] in ("bad", "near") or (kinds[k] == "short" and units[k].ends))
    return others <= STORY_OTHER_SHARE * len(paragraphs) or _paragraph_run(units, kinds, a, b) >= STORY_PARAGRAPHS


def _paragraph_run(units: Sequence[_Unit], kinds: Sequence[str], a: int, b: int) -> int:
    """The most paragraphs of sentences one after another between units ``a`` and ``b``, with sentences a little
    short of prose and at most one short line that ends no sentence (a subheading) between two of them."""
    best = run = between = 0
    for k in range(a, b + 1):
        if kinds[k] == "good" and units[k].ends:
            run += 1
            between = 0
            best = max(best, run)
        elif kinds[k] == "short" and not units[k].ends and between < 1:
            between += 1
        elif kinds[k] == "near" and units[k].ends:
            continue  # a sentence a little short of prose (a quote, a short paragraph) goes on with the story
        else:
            run = between = 0
    return best


#: A list of other stories sets each teaser (one paragraph) under its headline: a cluster of prose with at least this
#: many such teasers ...
TEASER_LIST = 3
#: ... making at least this share of its paragraphs is a teaser list, not an article (an article's paragraphs follow
#: one another, a subheading now and then between them) ...
TEASER_SHARE = 0.7
#: ... when its teasers run to at most this many words (median): a teaser sums a story up in a sentence or two,
#: sections of an article under their headings run longer.
TEASER_WORDS = 60
#: A teaser list with more than this many times the words of the page's story stays in play all the same (a picture
#: gallery, each picture with its headline and text, may be the article itself).
TEASER_WEIGHT = 2


def _headline_above(units: Sequence[_Unit], kinds: Sequence[str], lines: Sequence[str], k: int) -> bool:
    """Whether the line above unit ``k`` reads as a headline: not prose, no statement's full stop, no lead-in colon,
    not going on in lower case, no comment's header, and a headline's length. A short line in lower case that ends
    no sentence between the two (a byline: "by Jane Doe") is passed over."""
    if k == 0 or kinds[k - 1] == "good":
        return False
    above = units[k - 1]
    if k >= 2 and above.lower and above.words < SHORT_WORDS and not above.ends and kinds[k - 2] != "good":
        above = units[k - 2]
    text = lines[above.index].rstrip()
    return (not above.colon and not above.lower and not above.listing and above.words <= TITLE_WORDS[1]
            and _STATEMENT_END.search(text) is None and not _is_comment_mark(text.strip(), above.words))


#: A story's head dates it: a full date, a date in figures or a clock time, in a line of at most DATELINE_WORDS words
#: (a bare year is a copyright notice's too).
_HEAD_DATE = re.compile(r"\b\d{1,2}:\d{2}\b|\b(?:1[89]|20)\d\d[-/.]\d{1,2}[-/.]\d{1,2}\b|\b\d{1,2}[-/.]\d{1,2}[-/.](?:1[89]|20)?\d\d\b"
                        rf"|(?:1[89]|20)\d\d{CJK_MONTH}{CJK_DAY}")
#: A story's headline shares at least this many topic words with its first paragraph (a promotion's label or a
#: notice's heading shares none).
HEADLINE_SHARED_WORDS = 2


def _sentence_line(unit: _Unit, typical: float | None) -> bool:
    """A line of sentences of prose length at near-prose density: a paragraph, when the page's bar for prose is set by
    a handful of lines (a brief's lede, dense with names and figures, reads a little short of a site's legal notes)."""
    return (unit.ends > 0 and unit.words >= PROSE_WORDS
            and (typical is None or unit.density is None or unit.density >= NEAR_DENSITY * typical))


def _story_head(units: Sequence[_Unit], kinds: Sequence[str], lines: Sequence[str], k: int,
                language: str | StopWords | None, *, far: bool = False) -> int | None:
    """The headline of a story right above unit ``k`` and the story's shorter sentences above it: within HEAD_LINES
    lines, with no sentence between, a headline (TITLE_WORDS, ending no sentence) that shares HEADLINE_SHARED_WORDS
    topic words with those lines, over a dated line or under one that follows no sentence (the date of a story above
    follows its last sentence); else None, and None under a comment's header ("… wrote:", "3 hours ago").

    A sentence of prose length within HEAD_LINES below any date, under a short line that dates nothing (a picture's
    caption among its buttons and credit), is passed over; any other ends the search. ``far``: the headline may stand
    farther up, over a box of other stories' headlines, up to the last sentence of prose above, when no second dated
    line stands between (a list of dated headlines) and its date stands under it, within HEAD_REACH lines."""
    dated = None
    topic = content_words(lines[units[k].index], language)
    top = k
    while top > 0 and units[top - 1].ends and kinds[top - 1] != "good":  # the story's sentences above (short paragraphs)
        top -= 1
        topic.update(content_words(lines[units[top].index], language))
    for m in range(top - 1, -1 if far else max(-1, top - 1 - HEAD_LINES), -1):
        unit, text = units[m], lines[units[m].index].strip()
        # (sentence ends counted without the full stops of abbreviations: "… in Dec. 22 bank robbery" is a headline)
        if unit.stated and unit.words >= SHORT_WORDS and kinds[m] != "good":
            words = content_words(text, language)
            if sum(1 for w in words if w in topic) >= HEADLINE_SHARED_WORDS:
                topic.update(words)  # the story's standfirst, under its headline: the head goes on above it
                continue
        if kinds[m] == "good" or unit.stated and unit.words >= PROSE_WORDS:
            if dated is None and top - 1 - HEAD_LINES <= m and m > 0 and _caption_between(
                    units[m - 1], lines[units[m - 1].index].strip()):
                continue  # a sentence alone among short lines close above: a picture's caption over the story
            break  # a sentence of prose length: the last one of a story above
        if unit.stated and unit.words >= SHORT_WORDS:
            continue  # a picture's caption between the head and the story (a short statement sharing no words)
        if _comment_said(text):
            return None  # a comment under its header
        if dated is None and _head_dated(units[m], text):
            dated = m  # (a time stamp has a comment header's shape too: several heads in a row are no story, below)
        elif m < top - 1 - HEAD_LINES and _head_dated(units[m], text):
            return None  # a second date farther up than a head runs: a list of dated headlines over the paragraph
        elif (TITLE_WORDS[0] <= unit.words <= TITLE_WORDS[1] and not unit.stated and not unit.lower
              and not _bulleted_or_ruled(text) and not _is_comment_mark(text, unit.words)
              and sum(1 for w in content_words(text, language) if w in topic) >= HEADLINE_SHARED_WORDS):
            if dated is not None:
                # (a head set far up is one block: its date within HEAD_REACH lines of its headline, not a date
                # far below it that another block of the page holds)
                return m if m >= top - 1 - HEAD_LINES or dated - m <= HEAD_REACH else None
            if m < top - 1 - HEAD_LINES:
                continue  # (a head set far up is dated under its headline: one dated above it heads a list's item)
            # a date just above the headline, with no sentence between and under none (that would be the date of a
            # story above, or a list of dated headlines over a form's sentences)
            for d in range(m - 1, max(-1, m - 4), -1):
                if _head_dated(units[d], lines[units[d].index].strip()):
                    above = d > 0 and units[d - 1].ends and units[d - 1].words >= SHORT_WORDS
                    return None if above or _comment_said(lines[units[d].index].strip()) else m
                if _comment_said(lines[units[d].index].strip()):
                    return None
                if units[d].ends and units[d].words >= SHORT_WORDS:
                    break
    return None


_COMMENT_SAID = re.compile(rf"(?<!\w)(?:{_WORDS.wrote})\s*(?:\.{{3}}|…|:|：)$", re.IGNORECASE)


def _comment_said(text: str) -> bool:
    """A comment's header that says who wrote it ("… wrote:") or when, relatively ("3 hours ago"), or its action."""
    return _COMMENT_SAID.search(text) is not None or comment_worded(text)


def _bulleted_or_ruled(text: str) -> bool:
    """A line that is a marked list item or a table row (a headline may hold a code's marks: "$18 Billion")."""
    return _LIST_ITEM.match(text) is not None or _TABLE_ROW.search(text) is not None


def _caption_between(above: _Unit, text: str) -> bool:
    """Whether the line above a sentence of prose length between a story's head and its paragraph sets it among a
    picture's short lines (its buttons, its credit): short, ending no sentence and dating nothing. Right under another
    sentence, a dateline or a headline, the sentence is a story's own, or a notice."""
    return above.words < SHORT_WORDS and not above.ends and not _head_dated(above, text)


def _not_of_head(unit: _Unit, text: str, story: Counter, language: str | StopWords | None) -> bool:
    """Whether a line between a story's headline and its paragraph is none of its head: a short line that ends no
    sentence and dates nothing (the story's buttons, a form's fields), or a longer one that states nothing and shares
    fewer than HEADLINE_SHARED_WORDS of the story's topic words (``story``; the headlines of a box of other stories
    between a headline and its paragraph set far below it)."""
    if _head_dated(unit, text):
        return False
    if unit.words < SHORT_WORDS:
        return not unit.ends
    return not unit.stated and sum(1 for w in content_words(text, language) if w in story) < HEADLINE_SHARED_WORDS


def _head_dated(unit: _Unit, text: str) -> bool:
    """A line of a story's head that dates it (DATELINE_WORDS at most)."""
    return unit.words <= DATELINE_WORDS and (_HEAD_DATE.search(text) is not None or _FULL_DATE.search(text) is not None)


def _headed_paragraphs(units: Sequence[_Unit], kinds: Sequence[str], lines: Sequence[str], typical: float | None,
                       clusters: Sequence[Sequence], start: int, end: int, language: str | StopWords | None) -> list[tuple[int, int]]:
    """Lines of prose outside the article (from ``start`` to ``end``) that open a story under its own head, each as
    ``(its headline, the line)``: not inside a list of teasers, and not one of several such heads one after another
    (a list of other stories, each dated under its headline)."""
    listed = {k for c in clusters if _teaser_list(c, units, kinds, lines) for k in range(c[0], c[1] + 1)}
    found = []
    for k, unit in enumerate(units):
        if start <= k <= end or k in listed or not (kinds[k] == "good" or _sentence_line(unit, typical)):
            continue
        head = _story_head(units, kinds, lines, k, language, far=True)
        if head is not None and not any(h == head for h, _ in found):  # (a story's next paragraph: the same story)
            found.append((head, k))
    # Heads one after another down the page with one paragraph each are a list of teasers, not stories.
    if len(found) >= TEASER_LIST:
        return []
    return found


def _headed_brief(units: Sequence[_Unit], kinds: list[str], lines: Sequence[str], typical: float | None,
                  language: str | StopWords | None) -> bool:
    """On a page with no line of prose, lines of sentences a little short of it (a brief's lede, dense with names and
    figures, next to a long headline that sets the page's bar) under one story's head, of BRIEF_WORDS at least: taken
    for prose (``kinds`` marked "good"), and True. With no such head, or heads of several stories, nothing is marked."""
    heads: dict[int, list[int]] = {}
    for k, unit in enumerate(units):
        head = _story_head(units, kinds, lines, k, language, far=True) if _sentence_line(unit, typical) else None
        if head is not None:
            heads.setdefault(head, []).append(k)
    if len(heads) != 1:
        return False
    brief = next(iter(heads.values()))
    if sum(units[k].words for k in brief) < BRIEF_WORDS:
        return False
    for k in brief:
        kinds[k] = "good"
    return True


def _teasers(units: Sequence[_Unit], kinds: Sequence[str], lines: Sequence[str], a: int, b: int) -> list[bool]:
    """For each prose line between units ``a`` and ``b``: whether it stands alone under a headline (a teaser)."""
    return [_headline_above(units, kinds, lines, k) and not (k < b and kinds[k + 1] == "good")
            for k in range(a, b + 1) if kinds[k] == "good"]


def _teaser_list(cluster: Sequence, units: Sequence[_Unit], kinds: Sequence[str], lines: Sequence[str]) -> bool:
    """Whether a cluster of prose lines is a list of other stories: most of its paragraphs are teasers."""
    teasers = _teasers(units, kinds, lines, cluster[0], cluster[1])
    if sum(teasers) < TEASER_LIST or sum(teasers) < TEASER_SHARE * len(teasers):
        return False
    words = sorted(units[k].words for k in range(cluster[0], cluster[1] + 1) if kinds[k] == "good")
    return words[len(words) // 2] <= TEASER_WORDS


#: Two teasers in a row at the foot of a story's prose are a box of other stories (too few for a list) when they are
#: set alike: each of at most TEASER_WORDS words under a headline that shares HEADLINE_SHARED_WORDS topic words with
#: it, with a line of the same shape right above its headline and right below it (a label, a dated byline). Split off
#: the story like a list, they join it again when they share its vocabulary (its own last sections under headings).
TEASER_PAIR = 2


def _line_shape(unit: _Unit | None, lines: Sequence[str]) -> tuple | None:
    """A line's shape, to tell lines set alike in a page's repeated units: short or not, whether it ends a sentence,
    whether it dates something (None for no line)."""
    if unit is None:
        return None
    return unit.words < SHORT_WORDS, unit.ends > 0, _head_dated(unit, lines[unit.index].strip())


def _teaser_pair(goods: Sequence[int], units: Sequence[_Unit], lines: Sequence[str],
                 language: str | StopWords | None) -> bool:
    """Whether the last TEASER_PAIR prose lines of ``goods`` (a cluster's, in page order; each under a headline, see
    :func:`_teasers`) are a box of other stories set alike below the story the lines above them tell (TEASER_PAIR)."""
    pair = goods[-TEASER_PAIR:]
    for k in pair:
        said = content_words(lines[units[k].index], language)
        if units[k].words > TEASER_WORDS or k < 2 or sum(
                1 for w in content_words(lines[units[k - 1].index], language) if w in said) < HEADLINE_SHARED_WORDS:
            return False
    shapes = {(_line_shape(units[k - 2], lines), _line_shape(units[k + 1] if k + 1 < len(units) else None, lines))
              for k in pair}
    return len(shapes) == 1


def _split_teaser_tail(cluster: list, units: Sequence[_Unit], kinds: Sequence[str], lines: Sequence[str],
                       language: str | StopWords | None = None, pairs: list | None = None) -> list[list]:
    """A cluster whose last paragraphs are at least TEASER_LIST teasers one after another, after paragraphs that are
    not, as two clusters: the story, and the list of other stories below it. With ``pairs`` (a list), a box of
    TEASER_PAIR teasers set alike below the story (:func:`_teaser_pair`) is split off too, and entered in ``pairs``."""
    a, b = cluster[0], cluster[1]
    goods = [k for k in range(a, b + 1) if kinds[k] == "good"]
    teasers = _teasers(units, kinds, lines, a, b)
    tail = 0
    while tail < len(teasers) and teasers[len(teasers) - 1 - tail]:
        tail += 1
    paired = (pairs is not None and tail == TEASER_PAIR < len(goods) - 1
              and _teaser_pair(goods, units, lines, language))
    if (tail < TEASER_LIST and not paired) or tail == len(goods):
        return [cluster]
    first = goods[len(goods) - tail]
    last_story = goods[len(goods) - tail - 1]
    story_words = sum(units[k].words for k in goods[:len(goods) - tail])
    if paired and pairs is not None:
        pairs.append([first, b, cluster[2] - story_words])
    return [[a, last_story, story_words], [first, b, cluster[2] - story_words]]


_NOTE_MARK = re.compile(r"^(\*{1,3}|[†‡§])\s*(?=\w)")


def _article_note(text: str, article: Sequence[str]) -> bool:
    """Whether ``text`` opens with a note mark (asterisks, a dagger) that one of the ``article``'s lines sets
    against a word, as a reference to the note."""
    mark = _NOTE_MARK.match(text.strip())
    if mark is None:
        return False
    sign = re.escape(mark.group(1))
    reference = re.compile(rf"(?:(?<=\w){sign}|(?<![*†‡§]){sign}(?=\w))(?![*†‡§])")
    return any(reference.search(line) for line in article)


def _is_comment_mark(text: str, words: float) -> bool:
    return words <= COMMENT_MARK_WORDS and _comment_shape(text)


def _thread_shaped(marks: Sequence[int], units: Sequence[_Unit], kinds: Sequence[str], end: int) -> bool:
    """Comment headers and footers with comments between them, and no long stretch of prose without one.

    A comment thread marks every comment; a video player's time stamps or an agenda's dated
    lines come one after another with nothing to read between them, and an article that goes
    on below a time stamp runs on far longer than a comment does.
    """
    bodies = 0
    bounds = list(marks) + [end + 1]
    for a, b in zip(bounds, bounds[1:]):
        gap = range(a + 1, b)
        if any(units[k].ends or units[k].words >= SHORT_WORDS for k in gap):
            bodies += 1
        if sum(units[k].words for k in gap if kinds[k] == "good") > MAX_COMMENT_WORDS:
            return False
    return bodies >= MIN_COMMENT_MARKS - 1


#: A comment's header lies within this many lines above its text.
COMMENT_HEAD_REACH = 3


def _under_comment_marks(texts: Sequence[str], words: Sequence[float] | None = None) -> set[int]:
    """Positions of the ``texts`` (a page's lines that are not blank) within COMMENT_HEAD_REACH lines below a
    comment's header or footer, on a page with at least MIN_COMMENT_MARKS of them (none on other pages)."""
    marks = [k for k, text in enumerate(texts)
             if _is_comment_mark(text, words[k] if words is not None else word_count(text))]
    if len(marks) < MIN_COMMENT_MARKS:
        return set()
    return {k for m in marks for k in range(m + 1, min(len(texts), m + 1 + COMMENT_HEAD_REACH))}


def _prose_above_marks(cluster: Sequence[int], units: Sequence[_Unit], kinds: Sequence[str], lines: Sequence[str]) -> float:
    """Words of prose in a cluster above its first comment header or footer."""
    for k in range(cluster[0], cluster[1] + 1):
        if _is_comment_mark(lines[units[k].index].strip(), units[k].words):
            return sum(units[m].words for m in range(cluster[0], k) if kinds[m] == "good")
    return cluster[2]


def _thread_cluster(cluster: Sequence[int], units: Sequence[_Unit], kinds: Sequence[str], lines: Sequence[str]) -> bool:
    """Whether a cluster of prose lines is a comment thread: comments under their headers from its first
    line on, and no more prose before the first header than one comment holds."""
    a, b = cluster[0], cluster[1]
    marks = [k for k in range(max(0, a - COMMENT_HEAD_REACH), b + 1)
             if _is_comment_mark(lines[units[k].index].strip(), units[k].words)]
    if len(marks) < MIN_COMMENT_MARKS:
        return False
    if sum(units[k].words for k in range(a, marks[0]) if kinds[k] == "good") > MAX_COMMENT_WORDS:
        return False
    return _thread_shaped(marks, units, kinds, b)


def _comments_start(units: Sequence[_Unit], kinds: Sequence[str], lines: Sequence[str], start: int, end: int) -> int:
    """The article's last line when a comment thread follows it inside the prose region (else ``end``)."""
    marks = [k for k in range(start, end + 1) if _is_comment_mark(lines[units[k].index].strip(), units[k].words)]
    if len(marks) < MIN_COMMENT_MARKS:
        return end
    prose_before = 0.0
    m = 0
    for k in range(start, end + 1):
        if m < len(marks) and marks[m] == k:
            if (len(marks) - m >= MIN_COMMENT_MARKS and prose_before >= MIN_ARTICLE_ABOVE_COMMENTS
                    and _thread_shaped(marks[m:], units, kinds, end)):
                # The article ends at its last line of text above the thread: short lines there
                # ("24 comments", "Join the discussion") belong to the thread.
                last = k - 1
                while last > start and kinds[last] != "good" and units[last].words < SHORT_WORDS:
                    last -= 1
                return last
            m += 1
        if kinds[k] == "good":
            prose_before += units[k].words
    return end


def _cluster_words(cluster: Sequence, units: Sequence[_Unit], kinds: Sequence[str], lines: Sequence[str],
                   language: str | StopWords | None) -> Counter:
    words: Counter = Counter()
    for k in range(cluster[0], cluster[1] + 1):
        if kinds[k] == "good":
            words.update(content_words(lines[units[k].index], language))
    return words


def _blocks_from(units: Sequence[_Unit], lines: Sequence[str], k: int, step: int) -> Iterable[tuple[int, int]]:
    """Blocks of units (lines between blank lines) from unit ``k`` outward, as (first, last) in page order."""
    n = len(units)
    while 0 <= k < n:
        j = k
        while 0 <= j + step < n and not _blank_between(units, lines, min(j, j + step)):
            j += step
        yield (min(k, j), max(k, j))
        k = j + step


def _blank_between(units: Sequence[_Unit], lines: Sequence[str], k: int) -> bool:
    """Whether a blank line separates unit ``k`` from unit ``k + 1``."""
    return any(not lines[i].strip() for i in range(units[k].index + 1, units[k + 1].index))


def _continues_article(block: tuple[int, int], units: Sequence[_Unit], lines: Sequence[str],
                       below: bool = True) -> bool | None:
    """Whether a block next to the article (``below`` it, or above) is one of its lists (None: too small to tell on
    its own).

    The text's own lists keep their marks in a copy (bullets, numbers, a table's column rules) or are
    led in by a line ending in a colon ("What you need:"); menus and lists of other stories carry neither.
    Above the article, the lead-in is more than a label of LABEL_WORDS (a widget's or a menu's: "Search for:",
    "Rate:").
    """
    texts = [lines[units[k].index].strip() for k in range(block[0], block[1] + 1)]
    if len(texts) > MAX_LIST_LINES:
        return False
    marked = sum(1 for t in texts if _LIST_ITEM.match(t) or _TABLE_ROW.search(t))
    if len(texts) >= 2 and marked >= LIST_ITEM_SHARE * len(texts):
        return True
    if len(texts) >= 3 and texts[0].endswith((":", "：")) and (below or len(texts[0].split()) > LABEL_WORDS):
        return True
    if len(texts) >= 2 and all(len(t.split()) <= AGENDA_WORDS and _FULL_DATE.search(t) for t in texts):
        return True  # dates one under another, each with its day and year: the article's agenda
    return None if len(texts) <= 2 else False


def _agenda_line(text: str) -> bool:
    """A line of an agenda: it opens with a date with its day and year (after a weekday, say), in AGENDA_WORDS at
    most ("Tuesday, April 22, 2014 at 1:00 PM"); a list of other stories sets its dates after the headlines."""
    found = _FULL_DATE.search(text)
    return found is not None and len(text[:found.start()].split()) <= 1 and len(text.split()) <= AGENDA_WORDS


def _list_prefix(block: tuple[int, int], units: Sequence[_Unit], lines: Sequence[str]) -> int | None:
    """In a block just below the article, the last line of a list of marked items or of an agenda that opens it
    (notes or references running into a box of links with no blank line between), or None.

    The list runs to its last marked item (and that item's continuation line, which a copy puts on a line
    of its own when the item holds a link), as long as marked items make LIST_ITEM_SHARE of it.
    """
    texts = [lines[units[k].index].strip() for k in range(block[0], block[1] + 1)]
    agenda = 0  # dates one under another, each opening its line: the article's agenda (a page laid out anew
    while agenda < len(texts) and _agenda_line(texts[agenda]):  # runs it into the box below it)
        agenda += 1
    if agenda >= 2:
        return block[0] + agenda - 1
    marked = [bool(_LIST_ITEM.match(t) or _TABLE_ROW.search(t)) for t in texts]
    last = None
    count = 0
    for n, is_item in enumerate(marked):
        count += is_item
        if is_item and n >= 1 and count >= LIST_ITEM_SHARE * (n + 1):
            last = n
    if last is None or sum(marked[:last + 1]) < 2:
        return None
    following = texts[last + 1] if last + 1 < len(texts) else ""
    if following and not marked[last + 1] and not following[:1].isalnum():
        last += 1  # the item's source, after its link (". The Daily Times. Retrieved 2 May 2020.")
    return block[0] + last


def _list_lead(block: tuple[int, int], units: Sequence[_Unit], lines: Sequence[str]) -> int | None:
    """In a block just above the article, the line that leads in a list running down to the article: a line ending
    in a colon that is more than a label of LABEL_WORDS (a widget's or a menu's)."""
    for k in range(block[1] - 2, block[0] - 1, -1):
        text = lines[units[k].index].rstrip()
        if text.endswith((":", "：")):
            return k if len(text.split()) > LABEL_WORDS else None
    return None


def _extend_article(units: Sequence[_Unit], lines: Sequence[str], start: int, end: int,
                    *, down: bool = True) -> tuple[int, int, set[int]]:
    """Widen the article over the lists next to it (its bullets, steps, tables, a list led in by a colon).

    A block too small to judge (a one-line heading) is taken only when such a list follows it.
    """
    taken: set[int] = set()
    for step in ((1, -1) if down else (-1,)):
        pending = None
        for block in _blocks_from(units, lines, end + 1 if step == 1 else start - 1, step):
            verdict = _continues_article(block, units, lines, step == 1)
            if verdict is False and step == -1 and pending is None:
                lead = _list_lead(block, units, lines)  # a list led in from inside a block of other lines
                if lead is not None:
                    taken.update(range(lead, block[1] + 1))
                    start = lead
                break
            if verdict is False and step == 1:
                last = _list_prefix(block, units, lines)  # the article's list opens a block of other lines
                if last is not None:  # (with its heading, if one stands above it)
                    taken.update(range(pending[0] if pending else block[0], last + 1))
                    end = last
                break
            if verdict is None and pending is None:
                pending = block
                continue
            if not verdict:
                break
            first = pending[0] if pending and step == 1 else block[0]
            last = pending[1] if pending and step == -1 else block[1]
            taken.update(range(first, last + 1))
            if step == 1:
                end = block[1]
            else:
                start = block[0]
            pending = None
    return start, end, taken


#: The article does not reach over this many clusters of prose that are not its own, each of headed teasers (a stream
#: of other stories' summaries, each under a headline that shares its words), to a part that joins it on its
#: vocabulary: that part is one of the stream's (a summary of the story among the others'), not the story's own. An
#: article broken by a box of other stories has one or two such clusters between its parts.
BRIDGE_CLUSTERS = 3


def _headed_teaser(units: Sequence[_Unit], kinds: Sequence[str], lines: Sequence[str], k: int,
                   language: str | StopWords | None) -> bool:
    """Whether prose line ``k`` stands under a headline of its own: a title-shaped line (TITLE_WORDS, no sentence end)
    right above it that shares HEADLINE_SHARED_WORDS topic words with it (a section's label over a paragraph shares
    fewer)."""
    if not _headline_above(units, kinds, lines, k):
        return False
    above = units[k - 1]
    if not TITLE_WORDS[0] <= above.words <= TITLE_WORDS[1] or above.ends:
        return False
    words = content_words(lines[units[k].index], language)
    return sum(1 for w in content_words(lines[above.index], language) if w in words) >= HEADLINE_SHARED_WORDS


def _bridged(spans: Sequence[tuple[int, int]], clusters: Sequence[Sequence], heaviest: Sequence,
             units: Sequence[_Unit], kinds: Sequence[str], lines: Sequence[str],
             language: str | StopWords | None) -> list[tuple[int, int]]:
    """The article's parts (``spans``; ``clusters`` in page order) that its heaviest part reaches, each over fewer than
    BRIDGE_CLUSTERS clusters of headed teasers that are not the article's."""
    order = [(c[0], c[1]) for c in clusters]
    joined = set(spans)
    home = (heaviest[0], heaviest[1])
    if home not in joined or home not in order:
        return list(spans)

    def teasers(span: tuple[int, int]) -> bool:
        goods = [k for k in range(span[0], span[1] + 1) if kinds[k] == "good"]
        return bool(goods) and all(_headed_teaser(units, kinds, lines, k, language) for k in goods)

    reached = {home}
    for step in (1, -1):
        others = 0
        m = order.index(home) + step
        while 0 <= m < len(order) and others < BRIDGE_CLUSTERS:
            if order[m] in joined:
                reached.add(order[m])
                others = 0
            elif teasers(order[m]):
                others += 1
            m += step
    return [span for span in spans if span in reached]


#: A story under its own head (a headline sharing its words, a dated line) with at most this many words of prose (a
#: brief, a short note) ...
BRIEF_STORY_WORDS = 2 * STORY_WORDS
#: ... ends at a break of at least this many short lines that end no sentence and list nothing (a box's links and label,
#: a subscription's buttons) between two of its lines of prose, when the prose below is the site's: it shares less than
#: SAME_TOPIC of the brief's vocabulary (and its headline's), holds no STORY_PARAGRAPHS paragraphs one after another,
#: and is no heavier than the brief or reads as teasers (TEASER_WORDS at most, median): promotions, notes on the
#: author, other stories' summaries, joined to the brief's cluster by being close below it. Another cluster of such
#: prose with no head of its own does not join the brief by its weight either.
BREAK_LINES = 2


def _site_prose(units: Sequence[_Unit], kinds: Sequence[str], lines: Sequence[str], head: int, brief: Sequence[int],
                rest: Sequence[int], language: str | StopWords | None) -> bool:
    """Whether the prose lines ``rest`` below a brief's lines of prose ``brief`` (under its headline, unit ``head``) are
    the site's (BREAK_LINES)."""
    words = [units[k].words for k in rest]
    if _paragraph_run(units, kinds, rest[0], rest[-1]) >= STORY_PARAGRAPHS or (
            sum(words) > sum(units[k].words for k in brief) and sorted(words)[len(words) // 2] > TEASER_WORDS):
        return False
    story = Counter(w for k in [head, *brief] for w in content_words(lines[units[k].index], language))
    return vocabulary_similarity(story, Counter(w for k in rest for w in content_words(lines[units[k].index], language))) < SAME_TOPIC


def _brief_parts(units: Sequence[_Unit], kinds: Sequence[str], lines: Sequence[str], spans: list[tuple[int, int]],
                 language: str | StopWords | None) -> tuple[int | None, list[tuple[int, int]]]:
    """When the article's first part (``spans``, page order) is a brief under its own head: the first line of a break in
    that part below which the site's prose runs (or None), and the article's parts without those of the site's prose
    that have no head of their own (BRIEF_STORY_WORDS, BREAK_LINES)."""
    goods = [k for k in range(spans[0][0], spans[0][1] + 1) if kinds[k] == "good"]
    head = _story_head(units, kinds, lines, goods[0], language) if goods else None
    if head is None:
        return None, spans
    cut, brief = None, goods
    for i in range(len(goods) - 1):
        if sum(units[k].words for k in goods[:i + 1]) > BRIEF_STORY_WORDS:
            return None, spans
        furniture = [m for m in range(goods[i] + 1, goods[i + 1])
                     if units[m].words < SHORT_WORDS and not units[m].ends and not units[m].listing]
        # (no longer line there going on in lower case: a sentence broken at its links is no break)
        if (len(furniture) >= BREAK_LINES and not any(units[m].lower for m in range(goods[i] + 1, goods[i + 1] + 1)
                                                      if m not in furniture)
                and _site_prose(units, kinds, lines, head, goods[:i + 1], goods[i + 1:], language)):
            cut, brief = furniture[0], goods[:i + 1]
            break
    if sum(units[k].words for k in brief) > BRIEF_STORY_WORDS:
        return None, spans
    parts = [spans[0]]
    for a, b in spans[1:]:
        rest = [k for k in range(a, b + 1) if kinds[k] == "good"]
        if not rest or _story_head(units, kinds, lines, rest[0], language) is not None or not _site_prose(
                units, kinds, lines, head, brief, rest, language):
            parts.append((a, b))
    return cut, parts


def _block_rule(texts: Sequence[str], after_article: bool) -> str:
    comments = sum(1 for t in texts if _comment_shape(t))
    # Comments are sentences under their headers; a block of dated lines alone is no thread.
    said = any(ends_sentence(t) for t in texts if not _comment_shape(t))
    if comments >= 2 and after_article and said:
        return "comment_thread"
    words = sorted(len(t.split()) for t in texts)
    if words[len(words) // 2] <= MENU_MEDIAN_WORDS:
        return "menu"
    if sum(1 for t in texts if ends_sentence(t)) < HEADLINE_SENTENCE_SHARE * len(texts):
        return "headline_list"
    return "page_block"


def _thread_only(threads: Sequence[Sequence[int]], units: Sequence[_Unit], kinds: Sequence[str], lines: Sequence[str],
                 verdict: Mapping[int, str], doubts: dict[int, str] | None) -> dict[int, str]:
    """A page whose only prose is a comment thread: the thread's lines that go. Under an article not written in
    paragraphs (a video, an agenda, a list: at least MIN_ARTICLE_ABOVE_COMMENTS words in lines that are not short
    above the thread's first header), or under a notice of the page's comments right above that header ("12
    Comments", "Leave a reply") with lines of the page that are not short above it, the thread goes, from that
    header on; a page that is the thread (a forum) is kept as it is (none go), the thread flagged."""
    first = threads[0][0]
    marks = [k for k in range(max(0, first - COMMENT_HEAD_REACH), first + 1)
             if _is_comment_mark(lines[units[k].index].strip(), units[k].words)]
    head = marks[0] if marks else first
    while higher := [k for k in range(max(0, head - COMMENT_HEAD_REACH), head)
                     if _is_comment_mark(lines[units[k].index].strip(), units[k].words)]:
        head = higher[0]  # the thread's first comments, above its first line of prose
    above = sum(u.words for u in units[:head] if u.words >= SHORT_WORDS)
    noticed = above > 0 and head > COMMENT_HEAD_REACH and any(
        verdict.get(i) == "comment_notice" for i in range(units[head - COMMENT_HEAD_REACH].index, units[head].index))
    if above >= MIN_ARTICLE_ABOVE_COMMENTS or noticed:
        end = threads[-1][1]
        while end + 1 < len(units) and _is_comment_mark(lines[units[end + 1].index].strip(), units[end + 1].words):
            end += 1  # the last comment's footer
        return {units[k].index: "comment_thread" for k in range(head, end + 1)}
    if doubts is not None:
        doubts.update((units[k].index, "comment_thread") for a, b, _ in threads for k in range(a, b + 1))
    return {}


def find_content_blocks(lines: Sequence[str], verdict: Mapping[int, str], *,
                        doubts: dict[int, str] | None = None, any_text: bool = False) -> dict[int, str]:
    """Lines outside the article of a copied web page, each with its block's rule name.

    ``verdict`` holds the lines the line rules already removed (they are skipped).
    A document that does not look like a page (no lines that end no sentence) is left alone.
    Lines kept although they look like a list (a list next to the article, a list of items
    written as clauses) are entered in ``doubts``, when given, under the rule that kept them.
    ``any_text``: look for blocks in a text that does not look like a page too (an extractor's text, in which
    what is left of the page around the article comes in few lines).
    """
    return _content_blocks(lines, verdict, doubts, None, any_text=any_text)


def _content_blocks(lines: Sequence[str], verdict: Mapping[int, str], doubts: dict[int, str] | None,
                    part_story: set[int] | None, *, any_text: bool = False) -> dict[int, str]:
    """:func:`find_content_blocks`; with ``part_story`` (a set), run on a part of a page outside its article: the
    lines of the part's article go into ``part_story`` when it reads as a story of its own."""
    if not any_text and not _page_like("\n".join(line.strip() for line in lines)):
        return {}
    # The page's language is that of its text: its longer lines (a long menu of words that are no function words
    # would leave too few to tell), and not its comments (a thread in another language under the article).
    texts = [line for i, line in enumerate(lines) if i not in verdict and line.strip()]
    thread = _under_comment_marks([t.strip() for t in texts])
    language = guess_language("\n".join(t for k, t in enumerate(texts) if k not in thread and word_count(t) >= SHORT_WORDS))
    if language is None:  # (a page with too few such lines to tell)
        language = guess_language("\n".join(t for k, t in enumerate(texts) if k not in thread))
    if language is None:  # a language without a list: the page's own function words, from its prose-length lines
        language = derived_stop_words([t for k, t in enumerate(texts) if k not in thread and word_count(t) >= PROSE_WORDS])
    units = []
    out: dict[int, str] = {}
    seen: set[str] = set()
    entry = stop_entry(language)  # a listed language's stop words, or the page's own derived ones
    by_chars = entry is not None and entry.chars
    # Title case is judged by a listed language's function words only: a derived list holds the words the page's
    # topic keeps coming back to as well, which its headlines capitalise.
    stops = entry.words if isinstance(language, str) and not by_chars else frozenset()
    for i, line in enumerate(lines):
        text = line.strip()
        if text and i not in verdict:
            if len(text) >= REPEATED_CHARS:  # a page that repeats a paragraph (a mobile copy of the article) keeps the first
                key = normalize_key(text)
                if key in seen:
                    out[i] = "repeated_in_page"
                    continue
                seen.add(key)
            headline = _title_case(text, stops)  # a headline's full stop or question mark ends no sentence of prose
            units.append(_Unit(i, word_count(text), stop_density(text, language),
                               0 if headline else count_sentence_ends(text),
                               text.endswith((":", "：")), _LISTING.search(text) is not None
                               or _LIST_ITEM.match(text) is not None or _TABLE_ROW.search(text) is not None,
                               text[:1].islower(), 0 if headline else count_sentence_ends(text, abbreviations=True)))
    if not units:
        return out
    units = _mark_amounts(units, lines)
    # The typical function-word density of this page's prose: an upper quantile over lines that read like sentences,
    # leaving out comments under their headers (chatty comments, many of them, would set the page's bar).
    commented = _under_comment_marks([lines[u.index].strip() for u in units], [u.words for u in units])
    densities = sorted((u.density, u.ends) for k, u in enumerate(units)
                       if u.density is not None and u.words >= PROSE_WORDS and u.ends and k not in commented)
    if 0 < len(densities) < 3:
        # A page with a sentence or two (a blog's notes) around prose written without sentence marks: its long
        # lines, punctuated or not. (A page with no sentence at all is kept as it is: nothing to go by.)
        # Comments under their headers are left out while that leaves enough to go by (an article's own dateline
        # can have a comment header's shape).
        long = [(u.density, max(1, u.ends), k in commented) for k, u in enumerate(units)
                if u.density is not None and u.words >= PROSE_WORDS]
        densities = sorted((d, w) for d, w, under in long if not under)
        if len(densities) < 3:
            densities = sorted((d, w) for d, w, _ in long)
    typical = _weighted_quantile(densities, TYPICAL_QUANTILE) if len(densities) >= 3 else None
    kinds = _classify(units, typical, by_chars=by_chars)
    if "good" not in kinds and not _headed_brief(units, kinds, lines, typical, language):
        return out  # no prose found: keep everything rather than guess
    keep = _resolve(kinds, units, lines)

    # Clusters of prose lines; the article is the largest, with any cluster nearly as large. Counted by
    # characters, lines written as clauses between two stretches of prose are a part of it too.
    clusters: list[list[int]] = []
    last_good = None
    for k, kind in enumerate(kinds):
        if kind != "good":
            continue
        gap = units[last_good + 1 : k] if last_good is not None else ()
        if last_good is None or (k - last_good > CLUSTER_GAP and not _listing(gap)
                                 and not (by_chars and _written_list(gap, typical))):
            clusters.append([k, k, 0])
        clusters[-1][1] = k
        clusters[-1][2] += units[k].words
        last_good = k
    # A cluster that is a comment thread from its first lines is no article while the page has other prose:
    # a long thread under a short article outweighs it. A page whose only prose is a thread, with no article's
    # prose at the head of its cluster, is handled apart (the article is not written in paragraphs, or there is none).
    threads = [c for c in clusters if _thread_cluster(c, units, kinds, lines)]
    if len(threads) == len(clusters) and _prose_above_marks(threads[0], units, kinds, lines) < MIN_ARTICLE_ABOVE_COMMENTS:
        thread = _thread_only(threads, units, kinds, lines, verdict, doubts)
        if not thread:
            return out
        # The page above the thread is read again without it: its article (written in paragraphs or not) among the
        # page's menus, which go as on a page with no thread.
        rest = _content_blocks(lines, {**verdict, **thread}, doubts, part_story, any_text=any_text)
        return {**out, **thread, **rest}
    clusters = [c for c in clusters if c not in threads] or clusters  # (an article's end in its thread's cluster)
    # A list of other stories, each a teaser under its headline, is no article while the page has a story written
    # in paragraphs one after another; it joins the story only when it shares its vocabulary (the story's own list
    # of tips or steps, each under its heading). A page with no such story keeps its teaser-shaped prose in play.
    pairs: list[list[int]] = []  # boxes of two teasers below a story
    split = [part for c in clusters for part in _split_teaser_tail(c, units, kinds, lines, language, pairs)]
    teaser_lists = [c for c in split if c in pairs or _teaser_list(c, units, kinds, lines)]
    # (A brief of a paragraph or two under its own head, its headline and dated byline, is such a story too.)
    heads: dict[int, int | None] = {}  # each cluster's story head, by its first unit

    def headed_cluster(c) -> bool:
        if c[0] not in heads:
            heads[c[0]] = _story_head(units, kinds, lines, c[0], language)
        return heads[c[0]] is not None

    stories = [c for c in split if c not in teaser_lists and (_paragraph_run(units, kinds, c[0], c[1]) >= STORY_PARAGRAPHS
                                                             or headed_cluster(c))]
    if stories:
        clusters = split
        story = max(c[2] for c in split if c not in teaser_lists)
        teaser_lists = [c for c in teaser_lists if c[2] <= TEASER_WEIGHT * story]
    else:
        teaser_lists = []
    best = max(c[2] for c in clusters if c not in teaser_lists)
    heaviest = next(c for c in clusters if c[2] == best and c not in teaser_lists)
    # A brief under its own head (a headline sharing its words, a dated line), of BRIEF_WORDS at least, is the page's
    # article when the heaviest prose has no head and is no story written in paragraphs (a site's legal notes, a cookie
    # notice or a promotion outweighs a brief of a paragraph or two): the other clusters join the brief on its
    # vocabulary only.
    weight = best
    headed = [c for c in clusters if c not in teaser_lists and c[2] >= BRIEF_WORDS and headed_cluster(c)]
    if len(headed) == 1 and heaviest is not headed[0] and _paragraph_run(
            units, kinds, heaviest[0], heaviest[1]) < STORY_PARAGRAPHS:
        heaviest, weight = headed[0], math.inf
    topic = _cluster_words(heaviest, units, kinds, lines, language)
    # A cluster is the article's when it is nearly as large as the largest, or shares its vocabulary
    # (an article broken by a long list or a picture gallery is one article).
    spans = [(a, b) for a, b, words in clusters
             if (words >= SECOND_CLUSTER_SHARE * weight and [a, b, words] not in teaser_lists) or vocabulary_similarity(
                 _cluster_words((a, b, words), units, kinds, lines, language), topic) >= SAME_TOPIC]
    # A list of teasers below the article's last part, set apart from the cluster above it (not its tail: the story's
    # own sections go on from its last paragraph), does not join it on its vocabulary alone: it is the site's list of
    # other stories on the same topic.
    last_part = max((a for a, b, words in clusters if (a, b) in spans and [a, b, words] not in teaser_lists), default=0)
    spans = [(a, b) for a, b in spans if not (a > last_part and [c for c in teaser_lists if c[0] == a] and not any(
        part[1] < a <= part[1] + 1 + CLUSTER_GAP for part in clusters if part[0] != a))]
    teaser_lists = [c for c in teaser_lists if (c[0], c[1]) not in spans]
    spans = _bridged(spans, clusters, heaviest, units, kinds, lines, language)
    reach = spans[-1][1]  # (the article's last part as found: a story glued below is looked for below it)
    brief_break, spans = _brief_parts(units, kinds, lines, spans, language)
    start, end = spans[0][0], spans[-1][1]
    said_by_end: dict[int, Counter] = {}

    def said(last: int) -> Counter:  # the words of the article's lines down to unit ``last``, read once
        if last not in said_by_end:
            said_by_end[last] = _said(units, lines, keep, start, last, language)
        return said_by_end[last]

    # The article does not run on into a list of other stories below it.
    bound = min([c[0] - 1 for c in teaser_lists if c[0] > end] + [len(units)])  # from the first teaser's headline
    if brief_break is not None and len(spans) == 1:  # ... nor past the break below a brief
        bound = min(bound, brief_break)
        end = max(k for k in range(start, brief_break) if kinds[k] == "good")
    while True:
        while end + 1 < bound and (keep[end + 1] or _closing_sentence(units[end + 1], lines, topic, language)):
            end += 1  # a closing sentence after the last paragraph
            keep[end] = True
        # A paragraph a little short of the page's prose density right below the last one (after a
        # subheading, say) goes on with the article: the article does not end at a paragraph of sentences.
        more = [k for k in range(end + 1, min(bound, end + 1 + LEAD_REACH)) if _paragraph(units[k], typical)]
        if not more:
            # pictures below the last paragraph, each with its caption and credit
            pictures = _captions(units, lines, end + 1, min(bound, end + 1 + LEAD_REACH) - 1, lambda: said(end),
                                 language)
            if pictures:  # (a caption, its credit, and the pictures below them)
                pictures = _captions(units, lines, end + 1, bound - 1, lambda: said(end), language)
            if end + 1 not in pictures:
                break
            while end + 1 in pictures:
                end += 1
                keep[end] = True
            continue
        end = more[0]
        keep[end] = True
    # People the article lists after its last paragraph (its signatories): kept and flagged.
    while end + 1 < len(units) and _enumeration(lines[units[end + 1].index]):
        end += 1
        keep[end] = True
        if doubts is not None:
            doubts[units[end].index] = "name_list"
    for k in range(start - 1, max(-1, start - 1 - LEAD_REACH), -1):  # a lead a little short of prose
        if keep[k] and units[k].ends:
            start = k
    cut = _comments_start(units, kinds, lines, start, end)
    start, end, topical = _extend_article(units, lines, start, cut, down=cut == end)
    # A note below the article that opens with a mark the article sets after a word ("... 2:30 PM **Telephonic"
    # above, "** To request the number, ..." below) is the article's own note: kept and flagged.
    while end + 1 < len(units) and _article_note(lines[units[end + 1].index],
                                                 [lines[units[k].index] for k in range(start, end + 1)]):
        end += 1
        keep[end] = True
        if doubts is not None:
            doubts[units[end].index] = "article_note"
    # A list of other stories between parts of the article (a box of teasers, or the article's last lines joined to it
    # across such a list by their vocabulary) goes as a block, its first headline with it.
    teased: set[int] = set()
    for a, b, _ in teaser_lists:
        if start < a and b < end:
            teased.update(range(a - 1 if _headline_above(units, kinds, lines, a) else a, b + 1))
    if brief_break is not None and len(spans) > 1:  # the site's prose below a brief, between it and a part joined to it
        teased.update(range(brief_break, spans[0][1] + 1))
    for m in teased:
        keep[m] = False
    # Inside the article, lines that are not prose stay (lists, code, quotes, subheadings)
    # unless they form a run of lines that end no sentence: a link or headline list.
    inside = [start <= k <= end for k in range(len(units))]
    last_good = max(k for k in range(start, end + 1) if kinds[k] == "good") if "good" in kinds[start:end + 1] else end
    k = start
    while k <= end:
        if keep[k]:
            k += 1
            continue
        j = k
        while j <= end and not keep[j]:
            j += 1
        run = units[k:j]
        listed = len(run) >= LINK_RUN and _list_shaped(run)
        if listed and k < last_good and _led_short_items(run, lines):
            topical.update(range(k, j))  # the article's own list, between its paragraphs
        written = listed and _written_list(run, typical)
        if doubts is not None:  # kept on the strength of a list's shape: say so
            for m in range(k, j):
                if m in topical or written:
                    doubts[units[m].index] = "article_list" if m in topical else "written_list"
        if not listed or all(m in topical for m in range(k, j)) or written:
            for m in range(k, j):  # a line of tags or names after the last paragraph goes; one between paragraphs stays
                if m in teased:
                    continue
                if m < last_good or not _name_list(units[m], typical):
                    keep[m] = True
                    continue
                # ... unless it enumerates people as the article writes them (its signatories): kept and flagged
                keep[m] = _enumeration(lines[units[m].index])
                if keep[m] and doubts is not None:
                    doubts[units[m].index] = "name_list"
        else:  # the run goes, but for the article's pictures in it (each caption by its credit): kept and flagged
            for m in sorted(_captions(units, lines, k, j - 1, lambda: said(end), language) - teased):
                keep[m] = True
                if doubts is not None:
                    doubts[units[m].index] = "picture_caption"
        k = j

    k = 0
    while k < len(units):
        if inside[k] and keep[k]:
            k += 1
            continue
        j = k
        while j < len(units) and not (inside[j] and keep[j]):
            j += 1
        texts = [lines[units[m].index].strip() for m in range(k, j)]
        rule = _block_rule(texts, after_article=k > end)
        for m in range(k, j):
            out[units[m].index] = rule
        k = j
    # When unsure, keep and flag: a cluster of prose outside the article and not far short of it (a second story
    # on the page, or the article itself when a longer story is glued to it) stays, its lines flagged.
    for a, b, words in clusters:
        if [a, b, words] in teaser_lists:
            continue  # a list of other stories: gone with the blocks around the article
        good = sum(1 for k in range(a, b + 1) if kinds[k] == "good" and units[k].ends)  # paragraphs of sentences
        if (b < start or a > end) and ((words >= UNSURE_PROSE_SHARE * best and good >= UNSURE_PROSE_LINES
                                        and good >= UNSURE_GOOD_SHARE * (b - a + 1))
                                       or _story_shaped(units, kinds, lines, a, b)):
            for k in range(a, b + 1):
                if keep[k] and out.pop(units[k].index, None) is not None and doubts is not None:
                    doubts[units[k].index] = "unsure_prose"
    # A paragraph of sentences under a story's head (a headline and a dated line just above it) outside the article
    # is a short story of its own: a brief of a paragraph or two next to a longer story, or the page's own article when
    # a site's footer or a promotion outweighs it. Kept and flagged with its head, unless it is one of a list of teasers.
    # Between the headline and the paragraph, short lines that end no sentence and date nothing (the story's buttons,
    # a form's fields) go all the same.
    headed = _headed_paragraphs(units, kinds, lines, typical, split, start, end, language)
    brief: list[int] = []  # the lines of a story under its own head, kept
    for head, first in headed:
        story = Counter()  # the story's topic words: its paragraph and the prose right below it
        m = first
        while m < len(units) and (m == first or kinds[m] == "good" or _sentence_line(units[m], typical)):
            story.update(content_words(lines[units[m].index], language))
            m += 1
        m = head
        while m < len(units) and (m <= first or kinds[m] == "good" or _sentence_line(units[m], typical)):
            if head < m < first and _not_of_head(units[m], lines[units[m].index].strip(), story, language):
                m += 1
                continue
            if out.pop(units[m].index, None) is not None and doubts is not None:
                doubts[units[m].index] = "unsure_prose"
            brief.append(m)
            m += 1
    # Such a brief, the only one, of BRIEF_WORDS at least, is the page's article when the prose taken for it has no head
    # of its own, is short of a story and its lines share less than SAME_TOPIC of the brief's vocabulary (a site's
    # legal notes or a promotion, heavier than a brief whose lines read a little short of prose; not the article's own
    # body below its summary): that prose goes with the blocks around it, and the brief stays unflagged.
    goods = [k for k in range(start, end + 1) if kinds[k] == "good"]
    if (part_story is None and len(headed) == 1 and goods and sum(units[k].words for k in goods) < STORY_WORDS
            and sum(units[k].words for k in brief if k >= headed[0][1]) >= BRIEF_WORDS
            and _paragraph_run(units, kinds, start, end) < STORY_PARAGRAPHS
            and _story_head(units, kinds, lines, goods[0], language) is None
            and vocabulary_similarity(*(Counter(w for k in part for w in content_words(lines[units[k].index], language))
                                        for part in (range(start, end + 1), brief))) < SAME_TOPIC):
        rule = _block_rule([lines[units[k].index].strip() for k in range(start, end + 1)],
                           after_article=start > headed[0][1])
        for k in range(start, end + 1):
            out[units[k].index] = rule
        if doubts is not None:
            for k in brief:
                doubts.pop(units[k].index, None)
        return out
    if part_story is not None:  # a part of a page: its article, when it is a story of its own
        # Paragraphs one after another, written at the part's own density (not a list of teasers under headlines)
        # and not a comment: no comment header or footer between its paragraphs, nor one above and one right below
        # them (long comments read as paragraphs too; a dateline above alone is the story's own).
        def mark(k: int) -> bool:
            return _is_comment_mark(lines[units[k].index].strip(), units[k].words)
        comment = any(map(mark, range(start + 1, end + 1))) or (
            any(map(mark, range(max(0, start - COMMENT_HEAD_REACH), start))) and end + 1 < len(units) and mark(end + 1))
        # A story of a paragraph or two is one under its own head (a headline sharing its words, a dated line).
        # (Such a brief keeps its lines of sentences: the short lines below its paragraphs are the site's links.)
        first = next((k for k in range(start, end + 1) if kinds[k] == "good"), start)
        if not comment and not _teaser_list((start, end), units, kinds, lines):
            story = (_paragraph_run(units, kinds, start, end) >= STORY_PARAGRAPHS
                     and _story_shaped(units, kinds, lines, start, end))
            if story or _story_head(units, kinds, lines, first, language, far=True) is not None:
                part_story.update(units[k].index for k in range(start, end + 1) if keep[k] and units[k].index not in out
                                  and (story or units[k].ends or units[k].words >= SHORT_WORDS))
        return out
    # A story glued above or below the article (two pages copied into one) is written at its own site's density:
    # each part of the page outside the article, judged on its own, keeps a story it holds, flagged.
    for part in (range(0, units[start].index), range(units[max(end, reach)].index + 1, len(lines))):
        if sum(units[k].words for k in range(len(units)) if units[k].index in part and units[k].ends
               and units[k].words >= PROSE_WORDS) < SHORT_STORY_WORDS:
            continue
        glued: set[int] = set()
        _content_blocks(lines, {**verdict, **{i: "" for i in range(len(lines)) if i not in part}}, None, glued)
        for i in sorted(glued):
            if out.pop(i, None) is not None and doubts is not None:
                doubts[i] = "unsure_prose"
    # A paragraph of prose a little above the article, with only lines that end no sentence between (a lead
    # set apart from the body by a picture and a box of links), is its lead: kept and flagged; the lines
    # between go.
    above = [k for k in range(max(0, start - HEAD_LINES), start) if kinds[k] == "good"]
    if above and not any(units[m].ends for m in range(above[-1] + 1, start)):
        out.pop(units[above[-1]].index, None)
        if doubts is not None:
            doubts[units[above[-1]].index] = "lead_above"
    # The article's head stays for the structure step (title, byline, dateline become fields there):
    # from the longest title-shaped line just above the article down to the article.
    head = range(max(0, start - HEAD_LINES), start)

    def title_shaped(k: int) -> bool:
        return (TITLE_WORDS[0] <= units[k].words <= TITLE_WORDS[1] and not units[k].ends
                and not lines[units[k].index].strip()[:1].islower())

    titles = [k for k in head if title_shaped(k)]

    # A headline set farther above, over a box of widgets (a rating, a counter of views), is the article's when it
    # shares its topic words and no line of the head does: it stays with its dated byline and the sentences between
    # (a standfirst, a lead); the widgets between go.
    article_words = _cluster_words((start, end), units, kinds, lines, language)

    def topical(k: int) -> bool:
        return sum(1 for w in content_words(lines[units[k].index], language) if w in article_words) >= HEADLINE_SHARED_WORDS

    if not any(map(topical, titles)):
        far = [k for k in range(max(0, start - HEAD_REACH), head.start) if title_shaped(k) and topical(k)]
        if far:
            out.pop(units[far[-1]].index, None)
            below = far[-1] + 1
            if below < start and _head_dated(units[below], lines[units[below].index].strip()):
                out.pop(units[below].index, None)
            for k in range(below, start):  # a standfirst or a lead between stays (or the article's first line's start)
                if units[k].words >= SHORT_WORDS and (units[k].ends or (
                        k == start - 1 and _OPEN_END.search(lines[units[k].index].strip()) is not None)):
                    out.pop(units[k].index, None)
            return out
    if titles:
        title = max(titles, key=lambda k: (units[k].words, k))
        for k in range(title, start):
            out.pop(units[k].index, None)
        for k in range(max(0, title - 3), title):  # a dateline just above the headline
            if _YEAR.search(lines[units[k].index]) and units[k].words <= DATELINE_WORDS:
                out.pop(units[k].index, None)
    return out

"""Paragraphs and passages, whichever way a file marks its paragraphs.

Handles one paragraph per line, blank lines between paragraphs, lines
hard-wrapped inside paragraphs, and numbered paragraphs (``249.<TAB>…``).
A paragraph over ``max_words`` words is split into windows of whole
sentences. Passages are slices of the document's clean text, so every
passage carries exact character offsets; ids derive from the content.
"""

from __future__ import annotations

import hashlib
import re
from itertools import repeat
from typing import NamedTuple, Sequence

from .clean import Line
from .text import CLOSERS, SENTENCE_END, single_spaced, spaced, split_count, split_sentences, word_count

__all__ = [
    "Passage",
    "split_paragraphs",
    "split_sentences",
    "window_spans",
    "build_passages",
    "passage_id",
    "collapsed_split_count",
    "MAX_WORDS",
]

MAX_WORDS = 120
#: A stretch of text with no sentence end is cut into passages of at most this many characters.
MAX_PASSAGE_CHARS = 2000
#: Lines narrower than this are not hard-wrapped prose: a run of them is a list, never one paragraph.
MIN_WRAP_WIDTH = 30

_NUMBERED = re.compile(r"^\(?\d{1,4}[.)]\s+(?=\S)")
_TERMINAL = re.compile(f"[{re.escape(SENTENCE_END)}:：][{CLOSERS}]*$")
# The characters the closers' class of _TERMINAL takes, to step back over them from a line's end.
_CLOSER_CHARS = "".join(c for c in CLOSERS if re.fullmatch(f"[{CLOSERS}]", c))


# The characters a line that _TERMINAL matches can end with: most lines end with none of them.
_TERMINAL_LAST = frozenset(f"{SENTENCE_END}:：{_CLOSER_CHARS}\n")


def _numbered(text: str) -> re.Match | None:
    """``_NUMBERED.match(text)``, tried only where it can match: a text that begins with a bracket or a digit (str.isdigit
    holds for every digit ``\\d`` takes), which most lines of prose do not."""
    first = text[:1]
    return _NUMBERED.match(text) if first == "(" or first.isdigit() else None


def _terminal(line: str) -> bool:
    """``_TERMINAL.search(line)``, tried only where it can match: at the last character before the closers."""
    if line[-1:] not in _TERMINAL_LAST:
        return False
    body = line[:-1] if line.endswith("\n") else line  # "$" matches before a final line break too
    at = len(body.rstrip(_CLOSER_CHARS)) - 1
    return at >= 0 and _TERMINAL.match(line, at) is not None


class Passage(NamedTuple):
    passage_id: str
    position: int
    start: int
    end: int
    text: str


def passage_id(doc_id: str, text: str, occurrence: int = 0) -> str:
    """A stable id from the document and the passage's text (its ``occurrence`` when the text comes again)."""
    return _passage_ids(doc_id)(text, occurrence)


def _passage_ids(doc_id: str):
    """:func:`passage_id` for one document's passages: the key is the document id, a NUL, the text and, for a text
    that comes again, a NUL and its occurrence; the document's part is hashed once."""
    start = hashlib.sha256(f"{doc_id}\0".encode("utf-8", "surrogatepass"))

    def make(text: str, occurrence: int = 0) -> str:
        digest = start.copy()
        digest.update(text.encode("utf-8", "surrogatepass"))
        if occurrence:
            digest.update(f"\0{occurrence}".encode("ascii"))
        return "p" + digest.hexdigest()[:12]

    return make


def _join_wrapped(parts: Sequence[str]) -> str:
    out = parts[0]
    for part in parts[1:]:
        if out.endswith("-") and len(out) > 1 and out[-2].isalpha() and part[:1].islower():
            out += part  # a word hyphenated across lines keeps its hyphen ("self-" + "imposed")
        else:
            out += " " + part
    return out


def _split_block(block: Sequence[str]) -> list[str]:
    """One block of consecutive non-blank lines → its paragraphs."""
    if len(block) == 1:
        return [block[0]]
    lengths = sorted(len(line) for line in block)
    median = lengths[len(lengths) // 2]
    if median > 100:
        return list(block)  # one paragraph per line: long lines
    terminal = [_terminal(line) for line in block]
    if sum(terminal) / len(block) > 0.8:
        return list(block)  # one paragraph per line: nearly every line ends a sentence
    width = lengths[int(0.9 * (len(lengths) - 1))]
    # Short lines (a menu, a list), or lines none of which continues another (a list of
    # headlines), are one paragraph each: only hard-wrapped prose is joined.
    listed = width < MIN_WRAP_WIDTH or (len(block) >= 4 and not any(line[:1].islower() for line in block[1:]))
    paragraphs: list[list[str]] = [[block[0]]]
    for previous, line, ends in zip(block, block[1:], terminal):
        continues = line[:1].islower()
        new = bool(_numbered(line)) or (
            ends and len(previous) < 0.7 * width
        ) or (not continues and (listed or len(previous) < 0.7 * width))
        if new:
            paragraphs.append([line])
        else:
            paragraphs[-1].append(line)
    return [_join_wrapped(p) for p in paragraphs]


def _single_spaced_all(texts: Sequence[str]) -> bool:
    """Whether :func:`single_spaced` gives each of ``texts`` back as it is, checked on all of them joined at once.

    The texts that are not empty joined by single spaces are printable, hold no two spaces in a row and neither
    begin nor end with a space exactly when each of them does (an empty text is its own single-spaced form).
    """
    joined = " ".join(filter(None, texts))
    return joined.isprintable() and "  " not in joined and joined[:1] != " " and joined[-1:] != " "


def split_paragraphs(lines: Sequence[Line | str]) -> list[str]:
    """Paragraph texts from a document's lines (blank lines separate blocks)."""
    paragraphs: list[str] = []
    block: list[str] = []
    texts = [line.text if isinstance(line, Line) else line for line in lines]
    if not _single_spaced_all(texts):  # most documents' lines are single-spaced already: checked at once
        texts = [single_spaced(text) for text in texts]
    for text in texts:
        if text:
            block.append(text)
        elif block:
            paragraphs.extend(_split_block(block))
            block = []
    if block:
        paragraphs.extend(_split_block(block))
    return _merge_continuations(paragraphs)


_CONTINUES = re.compile(r"[^.!?…:\"”’')\]]$")


def _merge_continuations(paragraphs: list[str]) -> list[str]:
    """Join a paragraph to the previous one when it plainly continues its sentence.

    Double-spaced hard-wrapped text puts a blank line after every line; a piece
    that starts in lower case after a piece left open is the same paragraph.
    """
    merged: list[str] = []
    for paragraph in paragraphs:
        if merged and paragraph[:1].islower() and _CONTINUES.search(merged[-1]):
            merged[-1] = _join_wrapped([merged[-1], paragraph])
        else:
            merged.append(paragraph)
    return merged


def _hard_spans(text: str, start: int, end: int, limit: int) -> list[tuple[int, int]]:
    """Cut a stretch without sentence ends into pieces of at most ``limit`` characters, at spaces where possible."""
    spans = []
    while end - start > limit:
        cut = text.rfind(" ", start + limit // 2, start + limit)
        cut = cut if cut > start else start + limit
        spans.append((start, cut))
        start = cut
        while start < end and text[start] == " ":
            start += 1
    if end > start:
        spans.append((start, end))
    return spans


def window_spans(text: str, max_words: int = MAX_WORDS, *, max_chars: int = MAX_PASSAGE_CHARS) -> list[tuple[int, int]]:
    """Windows of whole sentences, each at most ``max_words`` words.

    A longer sentence stays whole, unless it runs past ``max_chars`` characters
    (junk without sentence ends): then it is cut at a space near that length.
    """
    return _window_spans(text, max_words, max_chars)


def _window_spans(text: str, max_words: int, max_chars: int, words: float | None = None,
                  collapsed: bool = False, plain: bool | None = None) -> list[tuple[int, int]]:
    """:func:`window_spans`, given the text's :func:`word_count` when it is known already; ``collapsed``: the text
    is known to have no blank but single spaces between words (see :func:`_collapsed_words`); ``plain``: whether
    it is :func:`spaced`, when that is known already (None: looked at here)."""
    if len(text) <= max_chars and (words if words is not None
                                   else _collapsed_words(text, plain) if collapsed else word_count(text)) <= max_words:
        return [(0, len(text))]
    sentences = []
    for start, end in split_sentences(text):
        sentences.extend(_hard_spans(text, start, end, max_chars) if end - start > max_chars else [(start, end)])
    windows: list[tuple[int, int]] = []
    current: tuple[int, int] | None = None
    count = 0
    if plain is None:
        plain = spaced(text)  # then so is every sentence of it: its words are what str.split gives
    # A single-spaced text (a paragraph's) has one word more than spaces in each of its sentences, which begin
    # and end with a word: counted in place.
    single = plain and (collapsed or (text.isprintable() and "  " not in text))
    for start, end in sentences:
        if single and text[start] != " " and text[end - 1] != " ":
            words = text.count(" ", start, end) + 1
        else:
            words = split_count(text[start:end]) if plain else word_count(text[start:end])
        if current is not None and (count + words > max_words or end - current[0] > max_chars):
            windows.append(current)
            current, count = None, 0
        current = (current[0], end) if current else (start, end)
        count += words
    if current is not None:
        windows.append(current)
    return windows


def _is_heading(paragraph: str, words: float) -> bool:
    return words <= 8 and not _terminal(paragraph) and not paragraph.endswith((",", ";"))


def _collapsed_words(paragraph: str, plain: bool | None = None) -> float:
    """:func:`word_count` of a paragraph with no blank but single spaces between words (as :func:`split_paragraphs`
    gives them: each line single-spaced, lines joined by one space or none): one word more than its spaces, where
    the script puts spaces between words, counted without checking its blanks again. ``plain``: whether the
    paragraph is :func:`spaced`, when that is known already (None: looked at here)."""
    if spaced(paragraph) if plain is None else plain:
        return float(paragraph.count(" ") + 1) if paragraph else 0.0
    return word_count(paragraph)


def collapsed_split_count(passages: Sequence[str]) -> int:
    """``len(" ".join(passages).split())`` for passages that :func:`build_passages` made with ``collapsed``: each
    begins and ends with a word and has single spaces between its words, so it has one word more than spaces."""
    return sum(map(str.count, passages, repeat(" "))) + len(passages)


def build_passages(doc_id: str, paragraphs: Sequence[str], *, max_words: int = MAX_WORDS,
                   collapsed: bool = False) -> tuple[str, list[Passage]]:
    """The document's clean text (paragraphs joined by blank lines) and its passages.

    ``collapsed``: the paragraphs come from :func:`split_paragraphs`, so their blanks are single spaces between
    words already; their words are then counted without checking that again (the passages are the same).
    """
    clean_text = "\n\n".join(paragraphs)
    passages: list[Passage] = []
    offset = 0
    seen: dict[str, int] = {}
    make_id = _passage_ids(doc_id)
    for index, paragraph in enumerate(paragraphs):
        # Whether the paragraph is written with spaces between words: looked at once, for its words and its windows
        # (a numbered paragraph's body, when the paragraph is not, is looked at on its own).
        plain = spaced(paragraph) if collapsed else None
        words = _collapsed_words(paragraph, plain) if collapsed else word_count(paragraph)
        if index and _is_heading(paragraph, words):
            # A subheading stays in the clean text but is not a passage of its own.
            offset += len(paragraph) + 2
            continue
        number = _numbered(paragraph)
        skip = number.end() if number else 0
        body = paragraph[skip:]
        for start, end in _window_spans(body, max_words, MAX_PASSAGE_CHARS, None if skip else words, collapsed,
                                        plain or None):
            text = body[start:end]
            if not text.strip():
                continue
            occurrence = seen.get(text, 0)
            seen[text] = occurrence + 1
            passages.append(
                Passage(
                    make_id(text, occurrence),
                    len(passages),
                    offset + skip + start,
                    offset + skip + end,
                    text,
                )
            )
        offset += len(paragraph) + 2
    return clean_text, passages

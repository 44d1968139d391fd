"""Document structure: title, subtitle, author, outlet and dateline, where present.

Works on the lines left after the furniture rules. Lines that become fields
(title, byline, dateline, a repeated title, an author's bio) leave the text and
are logged like any other removal, under their own rule names; so do the control
lines between the head's byline or dateline and the first paragraph (« Print Email »).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Mapping, NamedTuple, Sequence

from .clean import PROSE_WORDS, Line, Removal, normalize_key
from .dates.strings import unglue_stamp
from .text import CLOSERS, SENTENCE_END, TERMINAL, byline_words, content_words, guess_language, may_contain, split_count, word_count

__all__ = ["Structure", "extract_structure", "find_outlet", "BIO_PATTERN"]

HEAD_LINES = 10

_BY_WORDS = "|".join(r"\s+".join(map(re.escape, phrase.split())) for phrase in byline_words())
_BY = rf"^(?i:{_BY_WORDS})[:\s]+"  # « By », « Written by », « Par », « Von » …: data/byline_words.csv
_BYLINE = re.compile(
    _BY +
    r"(?P<name>[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|de|van|von|al|bin|da|del|la)){0,4})"
    r"(?:\s*(?:[,|–—@-]|and\b).*)?$",
)
_BY_NAME = re.compile(_BY + r"[A-Z]")
#: A byline's own words (the words before a time stamp that follows the name on its line) are at most this many.
BYLINE_WORDS = 10
#: A longer byline is a list of short pieces, none of more than this many words, and ends no sentence: its authors
#: (« By Jane Roe, Ann Lee and John Doe ») or its author's role (« By Jane Roe, Senior Fellow, Energy Program »).
BYLINE_PIECE_WORDS = 5
_BYLINE_PIECES = re.compile(r"\s*(?:[,;|]|\band\b)\s*")
#: A byline line has at most this many characters (one written twice, e-mail addresses and all, included).
BYLINE_CHARS = 400
_BY_ONE_WORD = frozenset(word for word in byline_words() if " " not in word)
_BY_INSIDE = re.compile(rf"\s(?i:{'|'.join(map(re.escape, _BY_ONE_WORD))})\s")  # the word of a byline written twice
#: Marks that may open a byline or a meta line (« // By Jane Roe • Nov 11, 2020 »).
_MARKS = "/|•·*–—- "
_DIGIT = re.compile(r"\d")
#: A dateline (a time stamp line) has at most this many words.
DATELINE_WORDS = 14
#: When no kept head line dates the document, the time stamp may be among the lines cleaning removed as a
#: block just above the article's first paragraph (a byline and its stamp among share buttons): the removed
#: lines up to this many lines above it, and below the headline when that was found, are read for one.
STAMP_REACH = 12
#: ... or among the removed lines this close under the headline, when the headline was a kept line: the head of
#: an article whose first paragraph sits below a block of other stories (headline, byline, outlet, stamp).
TITLE_STAMP_REACH = 6
#: A control line at the article's head (« Print Email », « Follow », « Email the author | Follow on Twitter »)
#: has at most this many words, or this many on each side of each bar.
CONTROL_WORDS = 3
_STAMP_JOIN = re.compile(r",\s+(?=[^\W\d_])")  # « …, updated December 29, 2014 »: a second stamp after a comma
_CLOCK = re.compile(r"\d[:h]\d\d")  # a time of day: « 13:49 », « 08h31 »
_BAR = re.compile(r"\s*\|\s*")
#: What sets apart the pieces of a meta line (author, date, reading time): a bar or bullet, or a dash with spaces
#: on both sides (a date's own hyphens have none).
_META_SEPARATOR = re.compile(r"\s*[|•·]\s*|\s+[-–—]+\s+")
_NAME_LINE = re.compile(r"^[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}$")
_SECTION_LABEL = re.compile(r"^(?P<title>.*?[a-z].*?)\s+(?P<label>(?:[A-Z][A-Z&-]{1,}\s*){2,})$")
_TERMINAL = TERMINAL
_NOT_A_HEADING_END = re.compile(r"[,;:\-–—(]$|\b(?:the|a|an|of|and|to|in|for|with|by|on|at|or)$", re.IGNORECASE)


def _heading_like(lines: Sequence[Line], nonblank: Sequence[int], i: int, max_words: int) -> bool:
    """A short line that is not a sentence, not cut off, and not continued by the next line."""
    text = lines[i].text
    if not (0 < len(text.split()) <= max_words) or _TERMINAL.search(text) or _NOT_A_HEADING_END.search(text):
        return False
    if not (text[:1].isupper() or text[:1].isdigit() or text[:1] in "\"“‘'"):
        return False
    later = [j for j in nonblank if j > i]
    if not later or lines[later[0]].text[:1].islower():
        return False
    # A heading stands on its own line: a blank line follows, or a long sentence does.
    follows_blank = i + 1 < len(lines) and not lines[i + 1].text
    following = lines[later[0]].text
    return follows_blank or (len(following.split()) > 20 and bool(_TERMINAL.search(following)))
BIO_PATTERN = re.compile(
    r"^(?:[A-Z][\w.'’-]+\s+){0,3}[A-Z][\w.'’-]+,?\s+(?:is|was|has been)\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,6}?"
    r"(?:writer|journalist|correspondent|reporter|editor|columnist|analyst|fellow|professor|researcher|author|"
    r"blogger|commentator|scholar|lecturer|freelancer)\b.*[.!?]$"
)

# Each pattern with a quick test that a text may hold a match of it (False only when none can be there): most lines
# hold none, and the last three patterns scan a long line slowly. The first begins with words, which the pattern
# itself finds as quickly; the third ignores case, which may_contain allows for.
_COPYRIGHT_WORDS = frozenset({"©", "copyright", "(c)"})
_DOMAIN_END = re.compile(r"\.(?:co|in|org|net|jp|news)")
_OUTLET_PATTERNS = (
    (re.compile(r"discretion of (?:the )?(?P<o>[A-Z][\w&.'’ -]{2,40}?)\s*[.,]?$"), lambda text: True),
    (re.compile(r"(?:first (?:appeared|published)|originally published|was published|appeared) (?:in|on|by) "
                r"(?:the )?(?P<o>[A-Z][\w&.'’ -]{2,40}?)[.,]"),
     lambda text: "appeared" in text or "published" in text),
    # « © Copyright 2010 - 2015 Jane Roe Media L.P. All rights reserved »: the marks and the years before the name,
    # a capital opening it, a full stop inside it (« L.P. ») kept and a domain's ending (« Roe.com ») not
    (re.compile(r"(?:©|copyright|\(c\))(?:\s*(?:©|copyright|\(c\)))*\s*(?:\d{4}(?:\s*[-–—]\s*\d{4})?\s*,?\s*)?"
                r"(?:by\s+)?(?!all rights)(?P<o>(?-i:[A-Z])[\w&.'’ -]{2,40}?)"
                r"(?:\.?\s*[,;]|\.(?:\s|$)|\.(?=[a-z]{2,3}\b)|\.?\s*all rights|$)",
                re.IGNORECASE),
     lambda text: may_contain(text, _COPYRIGHT_WORDS)),
    (re.compile(r"\b(?:of|on|at|from|via)\s+(?P<o>[\w-]+\.(?:com|in|org|net|co\.uk|co\.jp|jp|news))\b"),
     lambda text: _DOMAIN_END.search(text) is not None),
)


@dataclass(frozen=True)
class Structure:
    title: str | None = None
    subtitle: str | None = None
    author: str | None = None
    outlet: str | None = None
    dateline: str | None = None
    dateline_estimate: Any = None
    body: tuple[Line, ...] = ()
    removed: tuple[Removal, ...] = ()
    end_markers: tuple[int, ...] = field(default=())
    relabelled: tuple[tuple[int, str], ...] = ()  # lines cleaning removed that are the title or byline: (number, rule)

    @property
    def retitled(self) -> int | None:
        """The number of the line cleaning removed that is the title, if the title is one."""
        return next((number for number, rule in self.relabelled if rule == "title"), None)


def find_outlet(lines: Sequence[str]) -> str | None:
    """An outlet the text names in its furniture ("… the discretion of the Taipei Times")."""
    for text in lines:
        for pattern, hint in _OUTLET_PATTERNS:
            if not hint(text):
                continue
            match = pattern.search(text)
            if match:
                return match.group("o").strip(" .")
    return None


def _read_one_stamp(text: str, find_dateline: Callable[[str], Any], labelled: bool) -> Any:
    found = find_dateline(text)
    if found is None:
        words = text.split(maxsplit=2)
        # A preposition before the date (« on May 2, 2013 »), or a word and a preposition before a date and its
        # time of day (« Submitted on Mon, 2019-01-21 13:49 », « Publié le 02.10.2017 à 08h31 »).
        for k in (1, 2) if labelled else (1,):
            if len(words) > k and words[k - 1].islower() and len(words[k - 1]) <= 3 and words[0].isalpha():
                if k == 1 or _CLOCK.search(words[k]):
                    return find_dateline(" ".join(words[k:]))
    return found


def _stamp_among_pieces(text: str, find_dateline: Callable[[str], Any], labelled: bool) -> Any:
    """The date of a line of short pieces set apart by bars, bullets or spaced dashes of which one is a time stamp
    (« Jane Roe - Apr 16, 2015 8:02 pm UTC », « By Jane Roe • Nov 11, 2020 », « 4 min read | May 2, 2019 »):
    the other pieces are bylines or at most ``CONTROL_WORDS`` + 1 words each, and end no sentence; the first
    stamp's date."""
    pieces = [piece for piece in _META_SEPARATOR.split(text) if piece.strip(" /")]
    if len(pieces) < 2:
        return None
    found = None
    for piece in pieces:
        estimate = _read_one_stamp(piece.strip(" /"), find_dateline, labelled)
        if estimate is not None:
            found = found or estimate
        elif _TERMINAL.search(piece) or (word_count(piece) > CONTROL_WORDS + 1 and read_byline(piece.strip(" /")) is None):
            return None
    return found


def read_stamp(text: str, find_dateline: Callable[[str], Any] | None, *, labelled: bool = True) -> Any:
    """The date of a time stamp line, or None: a short line the date parser reads as a dateline, perhaps after a
    short lowercase word (« on December 28, 2014 at 9:10 PM »), or two such stamps joined by a comma
    (« …, updated December 29, 2014 at 10:09 AM »: the first one's date), or a stamp among short pieces set apart
    by bars, bullets or spaced dashes (« Jane Roe - Apr 16, 2015 »). Without ``labelled``, a word before the
    preposition is not read as the stamp's label (after a byline's name it is the name's last word)."""
    if find_dateline is None or not _DIGIT.search(text):  # every date has digits
        return None
    words = split_count(text)
    if words > DATELINE_WORDS:  # a longer line may still be a meta line of short pieces, its stamp among them
        return _stamp_among_pieces(text, find_dateline, labelled) if words <= 2 * DATELINE_WORDS else None
    found = _read_one_stamp(text, find_dateline, labelled)
    if found is None:
        first, *others = _STAMP_JOIN.split(text)
        if others and all(_read_one_stamp(part, find_dateline, labelled) is not None for part in others):
            found = _read_one_stamp(first, find_dateline, labelled)
    if found is None:
        found = _stamp_among_pieces(text, find_dateline, labelled)
    return found


class Byline(NamedTuple):
    """A byline's name, and the time stamp that follows it on its line (its text and date), if any."""
    name: str
    stamp: str | None = None
    estimate: Any = None


def read_byline(text: str, find_dateline: Callable[[str], Any] | None = None) -> Byline | None:
    """A byline, or None: « By <Name>[, role | e-mail | @handle] » of at most ``BYLINE_WORDS`` words, perhaps
    followed by a time stamp (« By Jane Roe December 29, 2014 4:08 pm EST », « by Jane Roe | Posted Feb. 27,
    2014 »), or written twice after a label that repeats it (« Jane Roe | roe@example.com By Jane Roe |
    roe@example.com »)."""
    if len(text) > BYLINE_CHARS or not (_BY_NAME.match(text) or _BY_INSIDE.search(text)):  # the quick tests first
        return None
    if split_count(text) > 2 * BYLINE_WORDS + 1:
        return None
    text = unglue_stamp(text)  # « By Jane Roe2010-01-01 09:32 UTC »: the name, then its stamp
    words = text.split()
    for k in range(1, len(words) // 2 + 1):
        if words[k].lower() in _BY_ONE_WORD and normalize_key(" ".join(words[:k])) == normalize_key(" ".join(words[k + 1:])):
            words = words[k:]
            text = " ".join(words)
            break
    if not _BY_NAME.match(text):
        return None
    for k in range(2, min(len(words), BYLINE_WORDS + 1)) if find_dateline is not None else ():
        stamp = " ".join(words[k:])
        first_piece = _META_SEPARATOR.split(stamp, maxsplit=1)[0].split()
        if (first_piece and first_piece != stamp.split()
                and all(word[:1].isupper() and not _DIGIT.search(word) for word in first_piece)):
            continue  # « Roe | Posted … », « Quinn Roe • Nov 11 »: the name's last words, not a piece of the stamp
        estimate = read_stamp(stamp, find_dateline, labelled=False)
        if estimate is None:
            continue
        before = words[:k]
        while before and (before[-1] in "|,–—-·•" or (before[-1].islower() and len(before[-1]) <= 3)):
            before = before[:-1]  # a bar or a preposition between the name and its stamp: « … on Dec 29, 2014 »
        match = _BYLINE.match(" ".join(before).rstrip(",|:"))
        if match:
            return Byline(match.group("name").strip(), stamp, estimate)
        break
    match = _BYLINE.match(text)
    if match and (len(words) <= BYLINE_WORDS or (
            not _TERMINAL.search(text)
            and all(word_count(piece) <= BYLINE_PIECE_WORDS for piece in _BYLINE_PIECES.split(text)))):
        return Byline(match.group("name").strip())
    return None


def _control_line(text: str) -> bool:
    """A short line of buttons or labels: no sentence's end, at most ``CONTROL_WORDS`` words on each side of a bar."""
    if _TERMINAL.search(text) or text.endswith((",", ";")):  # a sentence's end, or a clause that goes on
        return False
    pieces = [piece for piece in _BAR.split(text) if piece]
    return bool(pieces) and all(word_count(piece) <= CONTROL_WORDS for piece in pieces)


def _head_controls(lines: Sequence[Line], nonblank: Sequence[int], drop: set[int], fields: set[int],
                   find_dateline: Callable[[str], Any] | None, removed: list[Removal]) -> None:
    """Drop the control lines (« Print Email », « View/Post Comments ») and further time stamps that sit after a
    byline or dateline, up to the article's first paragraph: a run of such lines that ends at a line ending a
    sentence. The time stamps become fields too, so the walk goes on past them."""
    for start in sorted(fields):
        run: list[tuple[int, str]] = []
        for j in nonblank[nonblank.index(start) + 1:]:
            if j in drop:
                continue
            text = lines[j].text
            if _control_line(text):
                run.append((j, "head_control"))
            elif read_stamp(text, find_dateline) is not None:
                run.append((j, "dateline"))
            else:
                if _TERMINAL.search(text) and word_count(text) > CONTROL_WORDS:
                    for i, rule in run:
                        drop.add(i)
                        removed.append(Removal(lines[i].text, rule, lines[i].number))
                        if rule == "dateline":
                            fields.add(i)
                break


#: Short date lines one under another, from this many on, are a list of dates (an agenda), not a
#: dateline; two are still a header ("Published …" over "Updated …").
AGENDA_DATES = 3


def _starts_agenda(lines: Sequence[Line], nonblank: Sequence[int], i: int, find_dateline: Callable[[str], Any]) -> bool:
    """A date line followed by more short date lines: the first entry of a list of dates."""
    following = [j for j in nonblank if j > i][: AGENDA_DATES - 1]
    return len(following) == AGENDA_DATES - 1 and all(
        len(lines[j].text.split()) <= 14 and find_dateline(lines[j].text) is not None for j in following
    )


def _nonblank(lines: Sequence[Line]) -> list[int]:
    return [i for i, line in enumerate(lines) if line.text]


#: The article's first paragraph is the first kept line of at least ``PROSE_WORDS`` words that ends a sentence and is
#: followed by another, different one (a standfirst or a caption alone, or a caption written twice, is not yet the
#: article). When page furniture that cleaning kept fills the document's first lines, the article's byline and time
#: stamp are read among the kept lines up to this many lines above that paragraph.
LEAD_REACH = 6
#: ... and that paragraph is looked for among the document's first this many kept lines.
LEAD_LINES = 60


def _prose_line(text: str) -> bool:
    # every word has a character: a shorter line has too few (the quick test first: most wrapped lines fail it)
    return len(text) >= PROSE_WORDS and word_count(text) >= PROSE_WORDS and _TERMINAL.search(text) is not None


def _first_paragraph(lines: Sequence[Line], nonblank: Sequence[int], drop: set[int]) -> int | None:
    """The index of the article's first paragraph (see :data:`LEAD_REACH`), or None when no two prose lines meet
    among the first :data:`LEAD_LINES` lines."""
    previous = None
    for i in nonblank[:LEAD_LINES]:
        if i in drop:
            continue
        if not _prose_line(lines[i].text):
            previous = None
        elif previous is not None and lines[i].text != lines[previous].text:
            return previous
        else:
            previous = i
    return None


def _removed_near_head(lines: Sequence[Line], drop: set[int], title_line: int | None,
                       cleaned_away: Sequence[Removal], paragraph: int | None = None) -> list[tuple[Removal, bool]]:
    """The lines cleaning removed just above the article's first kept line (below its headline, when that is known)
    or just under the headline, or just above the article's first paragraph (line number ``paragraph``), each with
    whether it is above the first kept line or that paragraph."""
    first = next((line.number for i, line in enumerate(lines) if line.text and i not in drop), None)
    if first is None:
        return []
    low = max(first - STAMP_REACH, title_line if title_line is not None else -1)
    under = title_line + TITLE_STAMP_REACH if title_line is not None else -1  # the headline's own head lines
    lead = paragraph - STAMP_REACH if paragraph is not None and paragraph > first else None
    near = []
    for removal in cleaned_away:
        if removal.line <= 0:  # 0: no line of its own
            continue
        above = low < removal.line < first or (lead is not None and lead < removal.line < paragraph)
        if above or (title_line is not None and title_line < removal.line <= under):
            near.append((removal, above))
    return near


def _removed_byline(lines: Sequence[Line], drop: set[int], title_line: int | None, cleaned_away: Sequence[Removal],
                    find_dateline: Callable[[str], Any] | None, paragraph: int | None = None) -> tuple[Removal, str] | None:
    """The byline among the lines cleaning removed at the article's head (where :func:`_removed_stamp` reads a
    stamp), as (its removal, the name): only when one name is found there, so a list of teasers' bylines gives
    none."""
    found: dict[str, tuple[Removal, str]] = {}
    for removal, _ in _removed_near_head(lines, drop, title_line, cleaned_away, paragraph):
        if removal.rule in ("byline", "title"):
            continue
        byline = read_byline(removal.text.strip().lstrip(_MARKS), find_dateline)
        if byline is not None:
            found.setdefault(normalize_key(byline.name), (removal, byline.name))
    return next(iter(found.values())) if len(found) == 1 else None


def _removed_stamp(lines: Sequence[Line], drop: set[int], title_line: int | None, cleaned_away: Sequence[Removal],
                   find_dateline: Callable[[str], Any], paragraph: int | None = None) -> tuple[str, Any] | None:
    """The time stamp among the lines cleaning removed just above the article's first kept line (and below its
    headline, when the headline was a kept line) or just under that headline, as (line, estimate): only when they
    hold exactly one date, so a list of dated teasers gives none. Its evidence says where it was read."""
    found: dict[tuple, tuple[Removal, Any]] = {}  # by the date's interval: its first line
    near = _removed_near_head(lines, drop, title_line, cleaned_away, paragraph)
    above = {removal.line: is_above for removal, is_above in near}
    for removal, _ in near:
        estimate = read_stamp(removal.text, find_dateline)
        if estimate is None:
            byline = read_byline(removal.text, find_dateline)
            estimate = byline.estimate if byline is not None and byline.stamp else None
        if estimate is not None:
            found.setdefault((estimate.date_min, estimate.date_max), (removal, estimate))
    if len(found) != 1:
        return None
    (removal, estimate), = found.values()
    where = "just above the article's first paragraph" if above[removal.line] else "just under the headline"
    where = f"read from line {removal.line}, which cleaning removed ({removal.rule}) with the lines around it {where}"
    return removal.text, replace(estimate, evidence=(f"{estimate.evidence[0]}: {where}",) + tuple(estimate.evidence[1:]))


#: When the first head line does not stand apart as a heading (a copied page gives no blank line around it, or a
#: stamp under it), the headline is told by its vocabulary: that line, or one of the lines cleaning removed with the
#: blocks around the article (a headline inside a run of short lines: section names, share buttons, a byline) up to
#: this many lines above its first kept line ...
TITLE_REACH = 40
#: ... a line of two to this many words (a script written without spaces counts a word per two characters), and at
#: most this many characters ...
TITLE_WORDS, TITLE_CHARS = 25, 200
#: ... whose topic words are found in the article's first words (this many), at least this many of them and at least
#: this share: other stories' headlines and section names next to it share a word or two by chance, the article's
#: own shares most of its. The one sharing most is the headline.
TITLE_BODY_WORDS = 300
TITLE_SHARED = 3
TITLE_SHARED_SHARE = 0.5
#: Removed lines that are never the headline: those the structure step or a named rule already read as something else.
_NOT_TITLE_RULES = frozenset({"dateline", "byline", "caption", "url", "copyright", "separator", "read_time",
                              "view_counter", "scan_artefact", "markup"})
#: Two sentences on one line (« Whale expert Jane Roe. Photograph: … »): a caption, not a headline.
_INNER_SENTENCE = re.compile(rf"\w[{re.escape(SENTENCE_END)}][{CLOSERS}]*\s+[A-Z]")


def _title_shaped(text: str, find_dateline: Callable[[str], Any] | None) -> bool:
    """A line that may be a headline: two to TITLE_WORDS words, not cut off or ended by a full stop, opening with a
    capital (or a digit, a quote, a script without case), one sentence at most, and no time stamp."""
    if not 2 <= word_count(text) <= TITLE_WORDS or len(text) > TITLE_CHARS:
        return False
    if text.endswith((".", ",", ";", ":")) or _NOT_A_HEADING_END.search(text) or _INNER_SENTENCE.search(text):
        return False
    if not (text[:1].isupper() or text[:1].isdigit() or text[:1] in "\"“‘'«" or not text[:1].isascii()):
        return False
    return find_dateline is None or read_stamp(text, find_dateline) is None


def _article_words(lines: Sequence[Line], drop: set[int], skip: int | None) -> tuple[str | None, Counter]:
    """The language and topic words of the article's first TITLE_BODY_WORDS words (its kept lines but ``skip``)."""
    body, n = [], 0
    for i, line in enumerate(lines):
        if line.text and i not in drop and i != skip:
            body.append(line.text)
            n += split_count(line.text)
            if n >= TITLE_BODY_WORDS:
                break
    body_text = "\n".join(body)
    language = guess_language(body_text)
    return language, content_words(body_text, language)


def _shared(text: str, language: str | None, words: Counter) -> tuple[int, int]:
    """How many of a line's topic words the article's first words hold, and how many it has."""
    own = content_words(text, language)
    return sum(1 for w in own if w in words), len(own)


def _shared_words(text: str, language: str | None, words: Counter) -> int:
    """How many of a headline's topic words the article's first words hold; 0 when too few or too small a share."""
    shared, own = _shared(text, language, words)
    return shared if shared >= TITLE_SHARED and shared >= TITLE_SHARED_SHARE * own else 0


def _off_topic(text: str, language: str | None, words: Counter) -> bool:
    """Whether a line shares at most one topic word with the article's first words (none, for a line of one)."""
    shared, own = _shared(text, language, words)
    return shared <= min(1, own - 1)


def _topical_title(lines: Sequence[Line], drop: set[int], first_line: int | None, cleaned_away: Sequence[Removal],
                   find_dateline: Callable[[str], Any] | None, above: int | None = None,
                   article: tuple[str | None, Counter] | None = None) -> tuple[int | None, Removal | None]:
    """The headline told by its vocabulary: ``first_line`` (the first head line, by its index, when it is
    title-shaped) or a line cleaning removed above the article's first kept line (above line ``above``, when
    given), whichever the article's first words share most of (the nearest of equals). ``article``: those words
    (:func:`_article_words` without line ``above``), when already known. Returns (index of the kept line, None),
    (None, the removal) or (None, None)."""
    if first_line is not None and (TERMINAL.search(lines[first_line].text)
                                   or not _title_shaped(lines[first_line].text, find_dateline)):
        first_line = None  # a kept line that ends a sentence may be the first paragraph's: never taken for a title
    skip = first_line if first_line is not None else above
    first_kept = next((line for i, line in enumerate(lines) if line.text and i not in drop and i != skip), None)
    if first_kept is None:
        return None, None
    first = lines[skip].number if skip is not None else first_kept.number
    candidates: list[tuple[str, int, int | None, Removal | None]] = [
        (r.text.strip(), r.line, None, r) for r in cleaned_away
        if max(1, first - TITLE_REACH) <= r.line < first and r.rule not in _NOT_TITLE_RULES
        and _title_shaped(r.text.strip(), find_dateline)]
    if first_line is not None:
        candidates.append((lines[first_line].text, first, first_line, None))
    if not candidates:
        return None, None
    language, words = article if article is not None else _article_words(lines, drop, skip)
    best, best_key = (None, None), (0, 0)
    for text, number, index, removal in candidates:
        shared = _shared_words(text, language, words)
        if shared and (shared, number) > best_key:
            best, best_key = (index, removal), (shared, number)
    return best


def extract_structure(
    lines: Sequence[Line],
    *,
    meta: Mapping[str, Any] | None = None,
    removed_lines: Sequence[str] = (),
    find_dateline: Callable[[str], Any] | None = None,
    cleaned_away: Sequence[Removal] = (),
) -> Structure:
    """Split a document's head (and tail) into fields and body lines.

    ``cleaned_away``: the lines cleaning removed (with their line numbers); when no kept head line dates the
    document, a time stamp among those just above the article's first paragraph does (see :data:`STAMP_REACH`).
    """
    meta = dict(meta or {})
    lines = list(lines)
    removed: list[Removal] = []
    drop: set[int] = set()
    fields: set[int] = set()  # the head's byline and dateline lines
    nonblank = _nonblank(lines)
    head = nonblank[:HEAD_LINES]
    paragraph = _first_paragraph(lines, nonblank, drop)
    at = nonblank.index(paragraph) if paragraph is not None else 0
    lead = [i for i in nonblank[max(0, at - LEAD_REACH):at] if i not in head]  # kept lines above it the head misses

    # Dateline: the first head line that is a date (or carries one as a header), unless
    # the next line is a date too: dates one under another are an agenda, the article itself.
    dateline = estimate = None
    if find_dateline is not None:
        taken = None
        for i in head[:6]:
            found = read_stamp(lines[i].text, find_dateline)
            if found is not None:
                if not _starts_agenda(lines, nonblank, i, find_dateline):
                    taken = i, found
                break
        if taken is None:  # furniture kept at the top: the stamp just above the first paragraph, when of one date
            stamps = {i: found for i in lead if (found := read_stamp(lines[i].text, find_dateline)) is not None}
            if len({(found.date_min, found.date_max) for found in stamps.values()}) == 1:
                taken = min(stamps), stamps[min(stamps)]
        if taken is not None:
            i, estimate = taken
            dateline = lines[i].text
            drop.add(i)
            fields.add(i)
            removed.append(Removal(dateline, "dateline", lines[i].number))

    # A byline that carries a time stamp, or is written twice, is one before the title is looked for: the first
    # head line may be one. Its stamp dates the document when no dateline did.
    author = meta.get("author")

    def take_byline(i: int, byline) -> None:
        """Line ``i`` is the byline: its name is the author (unless the metadata named one), its stamp the dateline."""
        nonlocal author, dateline, estimate
        author = author or byline.name
        if dateline is None and byline.stamp:
            dateline, estimate = byline.stamp, byline.estimate
        drop.add(i)
        fields.add(i)
        removed.append(Removal(lines[i].text, "byline", lines[i].number))

    bylined = None
    bylines = {i: read_byline(lines[i].text, find_dateline) for i in head + lead if i not in drop}
    for i in head + lead:
        if i in drop:
            continue
        byline = bylines[i]
        # with a stamp, or written twice (the line does not open with the byline's word)
        if byline is not None and (byline.stamp or not _BY_NAME.match(lines[i].text)):
            take_byline(i, byline)
            bylined = i
            break
    if bylined is not None:  # the lines under it are not the title (a short title under a dateline may be)
        _head_controls(lines, nonblank, drop, {bylined}, find_dateline, removed)

    # Title: given by the metadata, or the first short head line that is not a sentence.
    title = meta.get("title") or meta.get("html_title")
    candidates = [i for i in head if i not in drop]
    retitled = unrelated = None  # unrelated: a heading that shares nothing with the article, not its standfirst
    if not title and candidates:
        first = candidates[0]
        if not _heading_like(lines, nonblank, first, 25):
            first, retitled = _topical_title(lines, drop, first, cleaned_away, find_dateline)
        elif cleaned_away and _off_topic(lines[first].text, *(article := _article_words(lines, drop, first))):
            # a heading that shares nothing with the article (a caption, a site's slogan, a section's name) gives
            # way to a headline cleaning removed above it, if there is one: then it is the article's line again
            topical, retitled = _topical_title(lines, drop, None, cleaned_away, find_dateline, above=first,
                                               article=article)
            if retitled is not None:
                unrelated, first = first, topical
        if first is not None:
            title = lines[first].text
            drop.add(first)
            removed.append(Removal(title, "title", lines[first].number))
        elif retitled is not None:
            title = retitled.text.strip()
    if title:
        match = _SECTION_LABEL.match(title)
        if match and not title.isupper():
            removed.append(Removal(match.group("label").strip(), "section_label", 0))
            title = match.group("title").strip()
        key = normalize_key(title)
        for i in head:
            if i not in drop and normalize_key(lines[i].text) == key:
                drop.add(i)
                removed.append(Removal(lines[i].text, "repeated_title", lines[i].number))

    # Byline (and a bare name line next to it).
    for i in head + lead if bylined is None else ():
        if i in drop:
            continue
        byline = bylines[i] if i in bylines else read_byline(lines[i].text, find_dateline)
        if byline is not None:
            take_byline(i, byline)
            break
    lead_number = lines[paragraph].number if paragraph is not None else None
    title_line = retitled.line if retitled is not None else next((r.line for r in removed if r.rule == "title"), None)
    if not author and dateline is not None:  # « By Jane Roe - 29 December 2014 »: the stamp is a byline too
        byline = read_byline(dateline.lstrip(_MARKS), find_dateline)
        author = byline.name if byline is not None else None
    rebylined = None  # a byline cleaning removed at the article's head
    if not author and cleaned_away:
        found = _removed_byline(lines, drop, title_line, cleaned_away, find_dateline, lead_number)
        if found is not None:
            rebylined, author = found
            if rebylined.rule == "dateline":  # cleaning logged it as the stamp it also is
                rebylined = None
    if author:
        name_key = normalize_key(author)
        for i in nonblank:
            if i in drop:
                continue
            text = lines[i].text
            # the author's name, or a byline (a co-author's, a wire's) among the head's lines
            if normalize_key(text) == name_key or bylines.get(i) is not None or (
                _BYLINE.match(text) and len(text.split()) <= BYLINE_WORDS and normalize_key(_BYLINE.match(text).group("name")) == name_key
            ):
                drop.add(i)
                removed.append(Removal(text, "byline", lines[i].number))
    _head_controls(lines, nonblank, drop, fields, find_dateline, removed)

    if dateline is None and find_dateline is not None and cleaned_away:
        stamp = _removed_stamp(lines, drop, title_line, cleaned_away, find_dateline, lead_number)
        if stamp is not None:
            dateline, estimate = stamp

    # Subtitle: a standfirst between the title and the body — a line that is not a sentence.
    subtitle = None
    remaining_head = [i for i in head if i not in drop]
    if title and len(remaining_head) >= 2 and remaining_head[0] != unrelated:
        first = remaining_head[0]
        text = lines[first].text
        if len(text.split()) >= 5 and _heading_like(lines, nonblank, first, 45) and nonblank.index(first) <= 4:
            subtitle = text
            drop.add(first)
            removed.append(Removal(text, "subtitle", lines[first].number))

    # Author bios near the end: "<Name> is a writer based in …", "<Name>, a dedicated blog writer …".
    end_markers: list[int] = []
    tail_start = len(nonblank) // 2
    surname = author.split()[-1] if author else None
    for i in nonblank[tail_start:]:
        if i in drop:
            continue
        text = lines[i].text
        by_name = bool(
            author
            and len(text.split()) <= 120
            and re.match(rf"^(?:{re.escape(author)}|{re.escape(surname or '')})(?:,|\s+(?:is|was|has)\b)", text)
        )
        # The pattern first: it fails at a line's first words, where counting them all reads the whole line.
        if by_name or (BIO_PATTERN.match(text) and len(text.split()) <= 60):
            drop.add(i)
            removed.append(Removal(text, "author_bio", lines[i].number))
            end_markers.append(lines[i].number)

    outlet = meta.get("outlet") or find_outlet(list(removed_lines) + [lines[i].text for i in nonblank[-8:]])
    body = tuple(line for i, line in enumerate(lines) if i not in drop) if drop else tuple(lines)
    return Structure(
        title=title,
        subtitle=subtitle,
        author=author,
        outlet=str(outlet) if outlet is not None else None,
        dateline=dateline,
        dateline_estimate=estimate,
        body=body,
        removed=tuple(sorted(removed, key=lambda r: r.line)),
        end_markers=tuple(end_markers),
        relabelled=tuple((removal.line, rule) for removal, rule in ((retitled, "title"), (rebylined, "byline"))
                         if removal is not None),
    )

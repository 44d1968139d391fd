"""Text basics defined once: sentence ends, words (with scripts written without spaces), stop words, month names.

Every module that asks "does this line end a sentence?", "how many words is
this?" or "is this a function word?" imports the answer from here.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from functools import lru_cache
from importlib import resources
from typing import Mapping, NamedTuple, Sequence

__all__ = [
    "UNSPACED_CHARS",
    "CJK_MONTH",
    "CJK_DAY",
    "byline_words",
    "SENTENCE_END",
    "CLOSERS",
    "ABBREVIATIONS",
    "split_sentences",
    "trie_regex",
    "word_starts",
    "required_words",
    "first_characters",
    "may_contain",
    "picture_agencies",
    "TERMINAL",
    "ends_sentence",
    "count_sentence_ends",
    "word_count",
    "split_count",
    "single_spaced",
    "spaced",
    "StopWords",
    "stop_words",
    "STOP_WORDS_EN",
    "guess_language",
    "derived_stop_words",
    "stop_entry",
    "stop_density",
    "address_words",
    "address_share",
    "content_words",
    "MONTH_NAMES",
    "MONTH_NUMBERS",
    "MONTH_PATTERN",
    "CalendarWords",
    "calendar_words",
    "month_number",
    "CommentWords",
    "comment_words",
    "LINE_PHRASE_SHAPES",
    "RULES_LANGUAGE",
    "line_phrases",
]

#: English month names, January first.
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")
#: Month number by a name's first three letters (and "sept").
MONTH_NUMBERS = {name[:3].lower(): i for i, name in enumerate(MONTH_NAMES, start=1)} | {"sept": 9}
#: A month written out or abbreviated (no capture group; "Sept" before "Sep" so the longer one wins).
MONTH_PATTERN = "|".join(MONTH_NAMES) + "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
#: A date's month and day as Chinese, Japanese and Korean write them after its year ("2012年12月10日", "2012년 12월
#: 10일"): the month (group ``m``) and the day (group ``d``).
CJK_MONTH = r"\s*[年년]\s*(?P<m>[01]?\d)\s*[月월]"
CJK_DAY = r"\s*(?P<d>[0-3]?\d)\s*[日일]"

#: Characters that end a sentence: Latin, Chinese/Japanese, Devanagari (danda), Myanmar and Arabic punctuation.
SENTENCE_END = ".!?…。！？।။؟"
#: Quotes and brackets that may close a sentence after its end mark.
CLOSERS = "'\"”’)\\]」』）"
#: A line (or paragraph) that ends a sentence.
TERMINAL = re.compile(f"[{re.escape(SENTENCE_END)}][{CLOSERS}]*$")

#: Words (lower case, without their final full stop) after which a full stop ends no sentence.
ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof gen adm lt col capt sgt sen rep gov st jr sr no nos vol art para messrs inc co corp ltd "
    "vs etc jan feb mar apr jun jul aug sep sept oct nov dec fig rev hon maj brig cmdr cdr amb pres approx "
    "u.s u.n u.k e.u a.m p.m i.e e.g u.s.a u.s.s.r d.c".split()
)
# Each expression starts with one character class, so the scan skips ahead to the next end mark quickly.
_BOUNDARY = re.compile(rf"[.!?…。！？](?:(?<=[.!?…])[{CLOSERS}]*\s+(?=['\"“‘(\[]?[A-Z0-9])|(?<=[。！？])[{CLOSERS}]*\s*(?=\S))")
_BOUNDARY_OR_LINE = re.compile(rf"[.!?…。！？\n](?:(?<=[.!?…])[{CLOSERS}]*\s+(?=['\"“‘(\[]?[A-Z0-9])"
                               rf"|(?<=[。！？])[{CLOSERS}]*\s*(?=\S)|(?<=\n)\s*)")
_INITIALS = re.compile(r"(?:[^\W\d_]\.)*[^\W\d_]")  # "j", "j.f.k": a name's initials


# The last two characters of each abbreviation: a word ending otherwise closes none.
_ABBREVIATION_ENDS = frozenset(word[-2:] for word in ABBREVIATIONS if len(word) >= 2)


def _abbreviated(text: str, at: int, start: int = 0) -> bool:
    """Whether the full stop at ``at`` closes an abbreviation (U.S., Adm., Jan.) or a name's initials."""
    if text[at] != ".":
        return False
    ending = text[at - 2:at] if at - 2 >= start else ""
    if len(ending) == 2 and ending.isascii() and ending.isalnum() and ending.lower() not in _ABBREVIATION_ENDS:
        # Most full stops: the word ends in two letters or digits (no initials, which alternate with full stops)
        # that end no abbreviation.
        return False
    words = text[max(start, at - 24):at + 1].rsplit(None, 1)
    bare = words[-1].rstrip(".").lstrip("\"“‘('[").lower() if words else ""
    return bare in ABBREVIATIONS or _INITIALS.fullmatch(bare) is not None


def split_sentences(text: str, *, lines: bool = False) -> list[tuple[int, int]]:
    """Sentence spans (start, end) in ``text``; abbreviations (U.S., Adm., Jan.) and initials end none.

    With ``lines`` a line break also ends a sentence (headlines, list items, numbered paragraphs).
    A span ends after its end mark and any closing quote or bracket; the spaces between sentences belong to none.
    """
    pattern = _BOUNDARY_OR_LINE if lines else _BOUNDARY
    spans: list[tuple[int, int]] = []
    start = 0
    for match in pattern.finditer(text):
        mark = match.group()
        at = match.start()
        if not mark[0].isspace() and _abbreviated(text, at, start):
            continue
        end = at + len(mark.rstrip())
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
        start = match.end()
    end = len(text)
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))
    return spans


def trie_regex(words: list[str]) -> str:
    """One regular expression for many literal strings, factored as a trie so matching stays fast."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = True

    def build(node: dict) -> str:
        end = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch != ""]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if end:
            return "(?:" + body + ")?"
        return body

    return build(trie)


def word_starts(pattern: re.Pattern, text: str, *, glue: str = "_", overlapping: bool = False) -> list[re.Match]:
    """The matches of ``pattern`` that begin a word: not after a letter, a digit or a ``glue`` character.

    Equivalent to a leading ``(?<![\\w…])`` in the pattern, but leaves the pattern starting with its first
    characters, so the regular expression engine can skip ahead to them (a list of names scans several times
    faster this way). With ``overlapping`` a match may begin inside the one before ("world conference" and
    "conference"), each the longest the pattern allows at its start.
    """
    found = []
    m = pattern.search(text)
    while m:
        at = m.start()
        if at and (text[at - 1].isalnum() or text[at - 1] in glue):
            m = pattern.search(text, at + 1)  # inside a word: look again from the next character
            continue
        found.append(m)
        m = pattern.search(text, at + 1 if overlapping else max(m.end(), at + 1))
    return found



# Non-ASCII characters that a case-insensitive pattern matches to an ASCII letter: "ſ" to "s", the Kelvin sign to
# "k", "İ" and "ı" to "i" (checked over all of Unicode in the tests).
_ASCII_FOLDS = "\u0130\u0131\u017f\u212a"


def _uncased(word: str) -> bool:
    """Whether a case-insensitive pattern matches ``word`` only as it is written (Han characters, "©")."""
    return word.lower() == word == word.upper()


def required_words(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """Words of which every match of ``pattern`` holds at least one, lower case, for a quick test of a whole text
    with :func:`may_contain` before the pattern is run over it; None when none can be named.

    Read from the expression's parse (runs of literal characters; every branch of an alternation; the body of
    a repetition that must occur). Only words :func:`may_contain` tests exactly are named: ASCII (lower case),
    or, in a case-insensitive pattern, written in characters without case; should the parse be unreadable, None.
    """
    try:
        from re import _constants as sre
        from re import _parser

        tree = _parser.parse(pattern, flags)
    except Exception:  # another Python's private parser: no quick test
        return None
    ignore_case = bool(tree.state.flags & re.IGNORECASE)

    def words(items) -> frozenset[str] | None:
        options: list[frozenset[str]] = []
        run: list[str] = []

        def close() -> None:
            word = "".join(run)
            run.clear()
            if word and word.isascii():  # tested in the text made lower case
                options.append(frozenset({word.lower()}))
            elif word and (not ignore_case or _uncased(word)):  # tested in the text as it is
                options.append(frozenset({word}))

        for op, av in items:
            if op is sre.LITERAL:
                run.append(chr(av))
                continue
            close()
            found = None
            if op is sre.SUBPATTERN and not av[1] and not av[2]:  # a group that changes no flag
                found = words(av[3].data)
            elif op is sre.ATOMIC_GROUP:
                found = words(av.data)
            elif op is sre.ASSERT and av[0] == 1:  # what follows must hold it
                found = words(av[1].data)
            elif op is sre.BRANCH:
                branches = [words(branch.data) for branch in av[1]]
                if all(branch is not None for branch in branches):
                    found = frozenset().union(*branches)
            elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT) and av[0] >= 1:
                found = words(av[2].data)
            if found:
                options.append(found)
        close()
        # The most telling option: its shortest word the longest, then the fewest words.
        return max(options, key=lambda o: (min(map(len, o)), -len(o))) if options else None

    try:
        return words(tree.data)
    except Exception:  # an unfamiliar node of the parse: no quick test
        return None


def first_characters(pattern: str, flags: int = 0) -> str | None:
    """The ASCII characters a match of ``pattern`` may begin with (any character beyond ASCII may begin one too),
    for a quick test before the pattern is tried; None when it may begin with any, or match nothing.

    Read from the expression's parse: the characters its first element takes (each tried against the element
    alone, compiled as the pattern is), and the next element's too while the ones before may take nothing.
    """
    try:
        from re import _compiler, _constants as sre, _parser

        tree = _parser.parse(pattern, flags)
        state = tree.state
    except Exception:  # another Python's private parser: no quick test
        return None
    ascii_chars = [chr(c) for c in range(128)]

    def first(items) -> tuple[set[str], bool] | None:
        """(the characters, whether all of ``items`` may take nothing), or None for any."""
        chars: set[str] = set()
        for op, av in items:
            if op in (sre.ASSERT, sre.ASSERT_NOT, sre.AT):  # takes nothing: the next element begins the match
                continue
            if op in (sre.LITERAL, sre.NOT_LITERAL, sre.IN, sre.ANY):
                element = _compiler.compile(_parser.SubPattern(state, [(op, av)]), state.flags)
                chars.update(c for c in ascii_chars if element.fullmatch(c))
                return chars, False
            if op is sre.SUBPATTERN and not av[1] and not av[2]:
                found = first(av[3].data)
            elif op is sre.ATOMIC_GROUP:
                found = first(av.data)
            elif op is sre.BRANCH:
                branches = [first(branch.data) for branch in av[1]]
                found = None if None in branches else (set().union(*(b[0] for b in branches)),
                                                       any(b[1] for b in branches))
            elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
                found = first(av[2].data)
                found = found and (found[0], found[1] or av[0] == 0)
            else:  # a back reference, a conditional: any
                return None
            if found is None:
                return None
            chars |= found[0]
            if not found[1]:
                return chars, False
        return chars, True

    try:
        found = first(tree.data)
    except Exception:  # an unfamiliar node of the parse: no quick test
        return None
    return None if found is None or found[1] else "".join(sorted(found[0]))


def may_contain(text: str, words: frozenset[str]) -> bool:
    """Whether a pattern could find one of ``words`` (from :func:`required_words`) in ``text``: False only when
    none can be there, however the pattern treats case."""
    if not text.isascii() and any(ch in text for ch in _ASCII_FOLDS):
        return True  # a letter written as one of its rarer forms: the quick test cannot tell
    # A word without case as it is written (its first character looked for first: far the quicker search).
    if any(word[0] in text and word in text for word in words if not word.isascii()):
        return True
    ascii_words = [word.encode("ascii") for word in words if word.isascii()]
    if not ascii_words:
        return False
    # An ASCII word matched in the text is a run of ASCII characters, which stays whole when the others are left
    # out; lower case is then quicker to make.
    lowered = text.encode("ascii", "ignore").lower()
    return any(word in lowered for word in ascii_words)


_SENTENCE_MARK = re.compile(rf"[.!?…।။؟](?:[{CLOSERS}]*)(?=\s|$)|[。！？]")
#: Thai, Myanmar, Han, kana and Hangul: scripts written without spaces between words (a character class's body).
UNSPACED_CHARS = "\u0e00-\u0e7f\u1000-\u109f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_UNSPACED = re.compile(f"[{UNSPACED_CHARS}]")
_HAN_KANA = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[^\W\d_][\w'’-]*")
#: Characters of an unspaced script that make up one word, on average.
#: A word for the models (themes, the vocabulary prior): starts with a letter, two characters or more,
#: so numbers, paragraph numbers and years never become features.
TOKEN_PATTERN = r"(?u)\b[^\W\d_][^\W_]+\b"
CHARS_PER_WORD = 2.0


def ends_sentence(text: str) -> bool:
    return TERMINAL.search(text.rstrip()) is not None


def count_sentence_ends(text: str, *, abbreviations: bool = False) -> int:
    """Sentence-end marks followed by a space or the line's end (``3.5`` and ``U.S`` count once at most).

    With ``abbreviations`` the full stop of an abbreviation or of initials inside the text ends no sentence
    ("By Ann Lee | Jan. 2, 2015", "Paul D. Shinkman"); at the text's end it does ("… in the U.S.").
    """
    if not abbreviations or ". " not in text:  # only a full stop inside the line can be an abbreviation's
        return len(_SENTENCE_MARK.findall(text))
    tail = len(text.rstrip())
    return sum(1 for m in _SENTENCE_MARK.finditer(text)
               if m.end() >= tail or m.group()[0] != "." or not _abbreviated(text, m.start()))


def spaced(text: str) -> bool:
    """Whether ``text`` has no character of a script written without spaces: its words are what ``str.split`` gives."""
    return text.isascii() or _UNSPACED.search(text) is None


def single_spaced(text: str) -> str:
    """``text`` with each run of blanks made one space and its ends stripped: ``" ".join(text.split())``.

    A text with no blank but single spaces inside it (most lines of a document) is returned as it is, found
    without splitting it into words: a printable text holds no blank but the space (checked over all of
    Unicode in the tests).
    """
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())


def split_count(text: str) -> int:
    """``len(text.split())``, counted without making the words when the text is single-spaced (see single_spaced)."""
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text.count(" ") + 1 if text else 0
    return len(text.split())


def word_count(text: str) -> float:
    """Words, counting ``CHARS_PER_WORD`` characters of Chinese or Japanese as one word."""
    if spaced(text):
        return float(split_count(text))
    unspaced = len(_UNSPACED.findall(text))
    rest = _UNSPACED.sub(" ", text)
    return unspaced / CHARS_PER_WORD + len(rest.split())


class StopWords(NamedTuple):
    language: str
    words: frozenset[str]
    chars: bool          # matched against single characters (zh, ja) rather than words
    source: str


@lru_cache(maxsize=1)
def stop_words() -> Mapping[str, StopWords]:
    """Stop words per language, from ``data/stopwords.toml`` (each list names its source)."""
    raw = tomllib.loads(resources.files("alliance_data").joinpath("data", "stopwords.toml").read_text("utf-8"))
    out = {}
    for language, entry in raw.items():
        words = frozenset(entry["words"].split())
        out[language] = StopWords(language, words, bool(entry.get("chars", False)), entry["source"])
    return out


class CommentWords(NamedTuple):
    """Regular-expression alternatives (no capture groups) for the words of a comment's header or footer."""

    relative_time: str   # "3 hours ago", "hace 28 minutos", "vor einer Stunde", "3小时前"
    action: str          # a comment's links: "Reply", "Responder", "返信"
    count: str           # a comment's counters after a number: "12 likes", "3 respuestas"
    wrote: str           # a quoted comment's header verb: "wrote", "escribió", "写道"
    ago: tuple[str, ...]  # the words that make a time relative ("ago", "hace", "前"), lower case: a quick test


def _data_rows(name: str) -> list[dict[str, str]]:
    """The rows of the package's ``data/<name>`` CSV file, each a dict by the header's column names."""
    import csv

    return list(csv.DictReader(resources.files("alliance_data").joinpath("data", name).read_text("utf-8").splitlines()))


@lru_cache(maxsize=1)
def comment_words() -> CommentWords:
    """Comment-header words of the languages with stop words, from ``data/comment_words.csv`` (a source per row)."""
    words: dict[tuple[str, str], list[str]] = {}
    for row in _data_rows("comment_words.csv"):
        words.setdefault((row["language"], row["kind"]), []).append(row["expression"])

    def alt(parts) -> str:
        return "|".join(sorted(set(parts), key=lambda p: (-len(p), p)))

    def kind(name: str) -> str:
        return alt(e for (_, k), es in words.items() if k == name for e in es)

    times = []
    for language in sorted({language for language, _ in words}):
        units = alt(words.get((language, "unit"), []))
        if not units:
            continue
        one = alt([r"\d+", *words.get((language, "one"), [])])
        unspaced = not spaced(units)
        sep = r"\s*" if unspaced else r"(?:\s+|(?<=['’]))"
        start, end = ("", "") if unspaced else (r"(?<!\w)", r"\b")
        amount = rf"(?:{one}){sep}(?:{units}){end}"
        if before := words.get((language, "ago_before")):
            times.append(rf"{start}(?:{alt(before)})\s+{amount}")
        if after := words.get((language, "ago_after")):
            times.append(rf"{start}{amount}\s*(?:{alt(after)}){end}")
    ago = tuple(sorted({e.lower() for (_, k), es in words.items() if k in ("ago_before", "ago_after") for e in es}))
    return CommentWords("|".join(times), kind("action"), kind("count"), kind("wrote"), ago)


#: How a phrase of ``data/line_phrases.csv`` makes a line of page furniture (the cleaning rules build the
#: patterns): the whole line, the line's opening words, a label before a colon, a notice after a short name, the
#: whole line after a number ("12 commentaires"), a button and what it names ("Share: Facebook / X"), a row of
#: buttons ("Facebook | Twitter"), a credit alone or before a slash and a name ("AP Photo/Evan Vucci"), or the
#: phrase alone or in brackets ("[… Read more]").
LINE_PHRASE_SHAPES = ("line", "opens", "label", "after_name", "counted", "bar", "buttons", "credited", "bracketed")
#: The language whose phrases the line rules try with their own shapes, before the content detector looks at a
#: page; the other languages' phrases are tried after it (see ``clean.clean_lines``).
RULES_LANGUAGE = "en"


@lru_cache(maxsize=2)
def line_phrases(*, rules_language: bool = False) -> Mapping[str, Mapping[str, tuple[str, ...]]]:
    """Furniture phrases by cleaning rule and shape, lower case, from ``data/line_phrases.csv`` (a source per
    row): with ``rules_language`` those of :data:`RULES_LANGUAGE` ("Copyright", "Read more"), else those of the
    other languages with stop words ("Tous droits réservés", "Lesen Sie auch", "版权所有")."""
    phrases: dict[str, dict[str, set[str]]] = {}
    for row in _data_rows("line_phrases.csv"):
        if (row["language"] == RULES_LANGUAGE) != rules_language:
            continue
        phrase = " ".join(row["phrase"].replace("’", "'").lower().split())
        phrases.setdefault(row["rule"], {}).setdefault(row["shape"], set()).add(phrase)
    return {rule: {shape: tuple(sorted(words)) for shape, words in sorted(shapes.items())}
            for rule, shapes in sorted(phrases.items())}


#: English function words (offtopic's topic vocabulary leaves them out).
STOP_WORDS_EN: frozenset[str] = stop_words()["en"].words


def _tokens(text: str) -> list[str]:
    return _LATIN_WORD.findall(text.lower())


#: Running prose has a quarter or more function words of its language (English about 45 %).
MIN_STOP_SHARE = 0.25


def guess_language(text: str) -> str | None:
    """The listed language whose stop words cover the text best, or None (then the content detector derives the
    text's own function words: :func:`derived_stop_words`)."""
    sample = text[:20000]
    han_kana = _HAN_KANA.findall(sample)
    tokens = _tokens(_UNSPACED.sub(" ", sample))
    if len(han_kana) > len(tokens):
        kana = sum(1 for c in han_kana if "\u3040" <= c <= "\u30ff")
        return "ja" if kana >= 0.1 * len(han_kana) else "zh"
    if not tokens:
        return None
    counts = Counter(tokens)
    best, best_share = None, 0.0
    for language, entry in sorted(stop_words().items()):
        if entry.chars:
            continue
        share = sum(n for word, n in counts.items() if word in entry.words) / len(tokens)
        if share > best_share:
            best, best_share = language, share
    return best if best_share >= MIN_STOP_SHARE else None


#: A text's own function words, for a language without a list (see derived_stop_words): at most this many of its
#: most frequent words (an article's 40 most frequent words make up some 45 % of its words, Zipf; on the development
#: pages in a listed language a derived list covers 38 % of the article's words, the language's list 44 %) ...
DERIVED_STOP_WORDS = 40
#: ... each in at least this share of the text's lines (a function word runs through the whole text; a word of
#: one paragraph does not) ...
DERIVED_LINE_SHARE = 0.1
#: ... and in this many lines at least, however few the text has ...
DERIVED_MIN_SPREAD = 2
#: ... and written in lower case at least this share of the times it occurs (names and acronyms are capitalised;
#: function words only when they open a sentence).
DERIVED_LOWER_SHARE = 0.8
#: A text of fewer lines than this is too small to tell its function words ...
DERIVED_MIN_LINES = 5
#: ... or of fewer words than this (a short article's counts are chance) ...
DERIVED_MIN_WORDS = 300
#: ... or one in which fewer words than this qualify (a line's share of so few is chance too).
DERIVED_MIN_LIST = 10
#: ... or one whose words make up less than this share of its lines' words: lines that are not prose (lists of tags
#: or titles; a derived list covers 18 to 52 % of the prose lines of the development pages, 2 % of a page of tags).
DERIVED_MIN_SHARE = 0.1


def derived_stop_words(lines: Sequence[str]) -> StopWords | None:
    """A text's own function words, derived from its prose lines (``lines``: the lines of a sentence's length)
    when no listed language fits it: in any language written with spaces, the most frequent words of its prose
    that recur across its lines and are written in lower case are its function words (Zipf), with the few words
    its topic keeps coming back to. None for a text written without spaces (Thai, Burmese: its words are not
    what spaces split) or too small to tell (then nothing is judged by function words, as before).
    The result stands for a language's list (:func:`stop_density`, :func:`content_words`)."""
    given = [line for line in lines if line.strip()]
    lines = [line for line in given if spaced(line)]
    if len(lines) < DERIVED_MIN_LINES or len(lines) < len(given) / 2:
        return None
    counts: Counter = Counter()
    lower: Counter = Counter()
    spread: Counter = Counter()
    total = 0
    for line in lines:
        written = _LATIN_WORD.findall(line)
        total += len(written)
        tokens = [w.lower() for w in written]
        counts.update(tokens)
        lower.update(t for w, t in zip(written, tokens) if w == t)
        spread.update(set(tokens))
    if total < DERIVED_MIN_WORDS:
        return None
    words = [w for w, n in counts.most_common()
             if spread[w] >= max(DERIVED_MIN_SPREAD, DERIVED_LINE_SHARE * len(lines)) and lower[w] >= DERIVED_LOWER_SHARE * n]
    if len(words) < DERIVED_MIN_LIST:
        return None
    top = frozenset(words[:DERIVED_STOP_WORDS])
    if sum(counts[w] for w in top) < DERIVED_MIN_SHARE * total:
        return None
    return StopWords("", top, False,
                     "derived from the text: its most frequent lower-case words running through its lines")


def stop_entry(language: str | StopWords | None) -> StopWords | None:
    """The stop words of a listed language (by its code) or a derived list as it is; None for neither."""
    if isinstance(language, StopWords):
        return language
    return stop_words().get(language) if language else None


def stop_density(text: str, language: str | StopWords | None) -> float | None:
    """The share of a line's words (or characters, for zh/ja) that are stop words of a listed language (by its code)
    or of a text's derived list (:func:`derived_stop_words`); None if unknown."""
    entry = stop_entry(language)
    if entry is None:
        return None
    if entry.chars:
        chars = _UNSPACED.findall(text)
        return sum(1 for c in chars if c in entry.words) / len(chars) if chars else 0.0
    tokens = _tokens(text)
    return sum(1 for t in tokens if t in entry.words) / len(tokens) if tokens else 0.0


@lru_cache(maxsize=1)
def byline_words() -> tuple[str, ...]:
    """The words that introduce an article's author on its byline, in each language ("by", "written by", "par",
    "von"), from ``data/byline_words.csv`` (a source per row), lower case, longest first."""
    words = {" ".join(row["phrase"].lower().split()) for row in _data_rows("byline_words.csv")}
    return tuple(sorted(words, key=lambda word: (-len(word), word)))


class CalendarWords(NamedTuple):
    """Month and weekday names and the labels of time stamps in the languages of ``data/calendar_words.csv``
    (English's own are in the patterns above), lower case."""
    months: Mapping[str, int]        # a month's name -> its number
    weekdays: tuple[str, ...]
    labels: Mapping[str, bool]       # a stamp's label ("publié le") -> whether it dates an update


@lru_cache(maxsize=1)
def calendar_words() -> CalendarWords:
    """The calendar words of ``data/calendar_words.csv`` (a source per row), longest first."""
    months: dict[str, int] = {}
    weekdays: set[str] = set()
    labels: dict[str, bool] = {}
    for row in _data_rows("calendar_words.csv"):
        word = " ".join(row["word"].lower().split())
        if row["kind"] == "month":
            months[word] = int(row["number"])
        elif row["kind"] == "weekday":
            weekdays.add(word)
        else:
            labels[word] = row["kind"] == "updated"
    longest = lambda words: sorted(words, key=lambda w: (-len(w), w))  # noqa: E731
    return CalendarWords({w: months[w] for w in longest(months)}, tuple(longest(weekdays)),
                         {w: labels[w] for w in longest(labels)})


def month_number(name: str | None, *, other_languages: bool = True) -> int | None:
    """A month's number from its name: English written out or abbreviated (« Sept », « Dec. »), or (unless
    ``other_languages`` is False) another language's name from ``data/calendar_words.csv``; None for any other word."""
    if not name:
        return None
    key = name.lower().rstrip(".")
    other = calendar_words().months.get(key) if other_languages else None
    if other is not None:
        return other
    if len(key) > 3 and not any(month.lower().startswith(key) for month in MONTH_NAMES):
        return None
    return MONTH_NUMBERS.get(key[:4] if key.startswith("sept") else key[:3])


@lru_cache(maxsize=1)
def picture_agencies() -> tuple[str, ...]:
    """The names under which news and picture agencies credit a picture ("Getty Images", "AFP", "Kyodo"), from
    ``data/picture_agencies.csv`` (a source per row), lower case, longest first."""
    names = {" ".join(row["name"].lower().split()) for row in _data_rows("picture_agencies.csv")}
    return tuple(sorted(names, key=lambda name: (-len(name), name)))


@lru_cache(maxsize=1)
def address_words() -> Mapping[tuple[str, str], frozenset[str]]:
    """Per language and person (``second``: "you", "your"; ``first_plural``: "we", "our"), the words by which a text
    addresses its reader or speaks for its publisher, from ``data/address_words.csv`` (a source per row), lower
    case, ’ written as '."""
    words: dict[tuple[str, str], set[str]] = {}
    for row in _data_rows("address_words.csv"):
        words.setdefault((row["language"], row["person"]), set()).add(row["word"].lower().replace("’", "'"))
    return {key: frozenset(found) for key, found in sorted(words.items())}


def address_share(text: str, language: str | None, person: str = "second") -> float | None:
    """The share of a text's words in the given person (``second``: "you", "your"; ``first_plural``: "we", "our"):
    a function-word profile of notices and calls to act; None for a language without such words listed."""
    words = address_words().get((language, person)) if language else None
    if words is None:
        return None
    tokens = _tokens(text.replace("’", "'"))
    return sum(1 for t in tokens if t in words) / len(tokens) if tokens else 0.0


def content_words(text: str, language: str | StopWords | None) -> Counter:
    """The text's topic words: words of three letters or more that are not stop words (pairs of characters for zh/ja)."""
    entry = stop_entry(language)
    if entry is not None and entry.chars:
        chars = [c for c in _UNSPACED.findall(text) if c not in entry.words]
        return Counter(a + b for a, b in zip(chars, chars[1:]))
    stop = entry.words if entry is not None else frozenset()
    return Counter(t for t in _tokens(text) if len(t) > 2 and t not in stop)

import pytest

from alliance_data.passages import (
    MAX_PASSAGE_CHARS,
    build_passages,
    collapsed_split_count,
    passage_id,
    split_paragraphs,
    split_sentences,
    window_spans,
)
from alliance_data.text import word_count


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # one paragraph per line
        (["First paragraph ends here.", "Second paragraph ends here."], ["First paragraph ends here.", "Second paragraph ends here."]),
        # blank lines between paragraphs
        (["One.", "", "Two."], ["One.", "Two."]),
        # hard-wrapped at ~40 characters, paragraph ends on a short line
        (
            ["The alliance has changed a great deal", "since the treaty was revised in 1960 and", "now covers more.", "A new paragraph starts on this line and", "goes on here."],
            ["The alliance has changed a great deal since the treaty was revised in 1960 and now covers more.",
             "A new paragraph starts on this line and goes on here."],
        ),
        # numbered paragraphs
        (["249. The first numbered paragraph is", "wrapped onto a second line.", "250. The next one."],
         ["249. The first numbered paragraph is wrapped onto a second line.", "250. The next one."]),
        # double-spaced wrapped text: a lower-case piece continues the open one
        (["The Assembly must act on the", "", "question of climate now.", "", "Next."], ["The Assembly must act on the question of climate now.", "Next."]),
        # a word hyphenated across lines
        (["Japan loosened its self-", "imposed limits on the", "military."], ["Japan loosened its self-imposed limits on the military."]),
    ],
)
def test_split_paragraphs(lines, expected):
    assert split_paragraphs(lines) == expected


def test_sentences_ignore_abbreviations_and_initials():
    text = "Adm. Samuel Paparo spoke. Jeffrey J. Hall of the U.S. agreed. Then Sen. Smith left!"
    spans = [text[s:e] for s, e in split_sentences(text)]
    assert spans == ["Adm. Samuel Paparo spoke.", "Jeffrey J. Hall of the U.S. agreed.", "Then Sen. Smith left!"]


def test_long_paragraph_is_windowed_on_whole_sentences():
    sentence = "The alliance " + " ".join(["grew"] * 28) + "."  # 30 words
    text = " ".join([sentence] * 9)  # 270 words
    windows = window_spans(text, 120)
    assert len(windows) == 3
    for start, end in windows:
        piece = text[start:end]
        assert piece.startswith("The alliance") and piece.endswith(".")
        assert len(piece.split()) <= 120
    assert windows[0][0] == 0 and windows[-1][1] == len(text)


def test_passages_index_into_clean_text_and_skip_numbers_and_headings():
    clean, passages = build_passages("d1", ["12. Numbered paragraph text.", "A subheading", "Plain paragraph."])
    assert clean == "12. Numbered paragraph text.\n\nA subheading\n\nPlain paragraph."
    assert [p.text for p in passages] == ["Numbered paragraph text.", "Plain paragraph."]
    for p in passages:
        assert clean[p.start : p.end] == p.text
    assert [p.position for p in passages] == [0, 1]


def test_passage_ids_are_content_derived_and_distinct_for_repeats():
    _, first = build_passages("d1", ["Same text.", "Same text."])
    _, again = build_passages("d1", ["Same text.", "Same text."])
    assert [p.passage_id for p in first] == [p.passage_id for p in again]
    assert first[0].passage_id != first[1].passage_id
    assert passage_id("d1", "x") != passage_id("d2", "x")


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # a menu: short lines with no blank line between them, one paragraph each
        (["Home", "News", "World", "Business", "Sport"], ["Home", "News", "World", "Business", "Sport"]),
        # a list of headlines: no line continues another
        (
            ["Ten things to know before the summit in Washington", "Why the yen keeps falling against the dollar",
             "Inside the race to build the next fighter jets", "The small town at the centre of a storm"],
            ["Ten things to know before the summit in Washington", "Why the yen keeps falling against the dollar",
             "Inside the race to build the next fighter jets", "The small town at the centre of a storm"],
        ),
    ],
)
def test_runs_of_short_lines_are_never_glued(lines, expected):
    assert split_paragraphs(lines) == expected


def test_text_without_sentence_ends_is_cut_at_a_hard_length():
    from alliance_data.passages import MAX_PASSAGE_CHARS

    junk = " ".join(["lorem"] * 5000)  # 30,000 characters, no sentence end
    windows = window_spans(junk, 10_000)
    assert len(windows) > 1
    assert all(end - start <= MAX_PASSAGE_CHARS for start, end in windows)
    assert windows[0][0] == 0 and windows[-1][1] == len(junk)
    blob = "x" * (3 * MAX_PASSAGE_CHARS)  # not even a space to cut at
    assert [e - s for s, e in window_spans(blob)] == [MAX_PASSAGE_CHARS] * 3


def test_japanese_paragraph_is_a_passage_split_at_its_sentence_ends():
    sentence = "日米両政府は統合司令部を設けることで合意した。"
    paragraph = sentence * 20  # 460 characters, about 230 words
    clean, passages = build_passages("d1", ["はじめに。", "見出し", paragraph])
    passages = passages[1:]
    assert len(passages) == 2  # windowed at 。, not dropped as a heading; "見出し" is the heading
    assert "見出し" in clean and "見出し" not in [p.text for p in passages]
    assert all(p.text.endswith("。") for p in passages)
    assert "".join(p.text for p in passages) == paragraph
    assert [clean[p.start : p.end] for p in passages] == [p.text for p in passages]
    assert split_sentences("一つ目。二つ目！三つ目？") == [(0, 4), (4, 8), (8, 12)]


@pytest.mark.parametrize("line", ["abc.", "abc.)", "abc.\n", "abc.\n\n", "abc", "", ".", ")", "a.)b", "x:", "x：」",
                                  "a\\", "a.\\", "a.]", "a.)\n", "a)\n", "。", 'a!"”', "a.\n)", "Done?’’", "a. b"])
def test_a_line_ends_a_sentence_as_the_pattern_reads_it(line):
    from alliance_data.passages import _TERMINAL, _terminal

    assert _terminal(line) == (_TERMINAL.search(line) is not None)


@pytest.mark.parametrize("text", [
    " ".join(["One two three four five six seven eight."] * 40),
    " ".join(["One two  three four\tfive six seven eight."] * 40),   # not single-spaced: words split
    " ".join(["Une phrase, mot à mot, sans fin véritable."] * 40),
    " ".join(["One two three four five six seven eight!"] * 30) + " 日本語の文です。" * 30,
])
def test_windows_hold_whole_sentences_of_at_most_the_words_asked(text):
    from alliance_data.text import word_count

    windows = window_spans(text, 50)
    assert windows and windows[0][0] == 0 and windows[-1][1] == len(text.rstrip())
    for (start, end), (following, _) in zip(windows, windows[1:] + [(len(text), 0)]):
        assert not text[end:following].strip()  # the windows cover the text, sentence by sentence
        window = text[start:end]
        assert word_count(window) <= 50 or len(split_sentences(window)) == 1


@pytest.mark.parametrize("lines", [
    [" Lead line of the text ", "goes on here.", "", "Second paragraph ends.", " "],
    ["A line", "with  two spaces", "", "and\ta tab", "tail ¦ mark", "¦ opening mark", "closing mark ¦"],
    ["   ", "", "Only line."],
    ["x", "", " ", "y "],
    ["One line of text.", "Another line of it, longer than the first one.", "", "Last."],
    [],
])
def test_paragraphs_are_made_of_single_spaced_lines(lines):
    from alliance_data.clean import Line

    spaced_out = [" ".join(line.split()) for line in lines]
    expected = split_paragraphs(spaced_out)
    assert split_paragraphs(lines) == expected
    assert split_paragraphs([Line(i, line) for i, line in enumerate(lines, 1)]) == expected


# Lines with every kind of blank and break the paragraphs meet: tabs, no-break and ideographic spaces, runs of
# spaces, a zero-width space, hyphenation, numbering, unspaced script, a long paragraph and a stretch with no
# sentence end (cut at a space, and with no space at all).
_MESSY_LINES = [
    "  The alliance\thas  changed since 1960,", "and\u00a0now covers more than it did.", "",
    "12.\u3000A numbered paragraph with\u200b a zero-width space.", "",
    "Japan loosened its self-", "imposed limits.", "",
    "日本と米国は同盟を強化した。 Both sides agreed.", "",
    " ".join(["The treaty was revised and the alliance grew stronger over the decades."] * 30), "",
    " ".join(["word"] * 900), "",
    "x" * (2 * MAX_PASSAGE_CHARS + 7), "",
    "A heading", "",
]


def test_collapsed_paragraphs_give_the_same_passages():
    paragraphs = split_paragraphs(_MESSY_LINES)
    assert build_passages("d1", paragraphs, collapsed=True) == build_passages("d1", paragraphs)


def test_collapsed_split_count_is_the_joined_passages_words():
    _, passages = build_passages("d1", split_paragraphs(_MESSY_LINES), collapsed=True)
    texts = [p.text for p in passages]
    assert len(texts) > 10
    assert collapsed_split_count(texts) == len(" ".join(texts).split())
    assert [collapsed_split_count([t]) for t in texts] == [len(t.split()) for t in texts]
    assert collapsed_split_count([]) == 0


def test_collapsed_paragraphs_are_single_spaced():
    for paragraph in split_paragraphs(_MESSY_LINES):
        assert paragraph == " ".join(paragraph.split())
        if paragraph.isascii():
            assert word_count(paragraph) == paragraph.count(" ") + 1


def test_terminal_is_the_terminal_pattern_searched():
    from itertools import product

    from alliance_data.passages import _TERMINAL, _terminal

    alphabet = "a .!?…。:：\"')]」』）\n,"
    for n in range(4):
        for chars in product(alphabet, repeat=n):
            line = "".join(chars)
            assert _terminal(line) == (_TERMINAL.search(line) is not None), repr(line)


@pytest.mark.parametrize("doc_id", ["d1", "UN/1970/JPN", "\udc80odd\ud800"])
@pytest.mark.parametrize("text", ["Same text.", "", "日本と米国。", "lone \udcff surrogate", "x" * 5000])
@pytest.mark.parametrize("occurrence", [0, 1, 12])
def test_document_ids_are_passage_ids(doc_id, text, occurrence):
    from alliance_data.passages import _passage_ids

    assert _passage_ids(doc_id)(text, occurrence) == passage_id(doc_id, text, occurrence)


@pytest.mark.parametrize("texts", [
    ["A first line", "", "a second one", "Third."],
    ["A first line", " leading blank", "tail"],
    ["trailing blank ", "", "next"],
    ["two  spaces inside"],
    ["a\ttab", "plain"],
    ["", "", ""],
    [" "],
    ["no-break\u00a0space", "plain"],
    [],
])
def test_single_spaced_all_agrees_with_each_text(texts):
    from alliance_data.passages import _single_spaced_all
    from alliance_data.text import single_spaced

    assert _single_spaced_all(texts) == all(single_spaced(text) == text for text in texts)


def test_collapsed_paragraphs_of_a_spaced_document_beyond_ascii_give_the_same_passages():
    # No character of an unspaced script anywhere: each paragraph is looked at once for its words and its windows.
    long = " ".join(["The delegates’ résumé of the treaty was read aloud, and the chair thanked them."] * 20)
    paragraphs = split_paragraphs(["Élan of the session", "", long, "", "Ça va. " * 3, "", "3. Un paragraphe numéroté."])
    collapsed = build_passages("d1", paragraphs, collapsed=True)
    assert collapsed == build_passages("d1", paragraphs)
    assert len(collapsed[1]) > 3  # the long paragraph was cut into windows
    assert collapsed[0] == "\n\n".join(paragraphs)


@pytest.mark.parametrize("digit", ["7", "٣", "７", "७"])
def test_a_paragraph_numbered_with_any_digit_loses_its_number(digit):
    # Digits of other scripts number paragraphs too (regular expressions' \d takes them all).
    lines = ["Plain words of a paragraph that is long enough to hold a sentence.",
             f"{digit}. Another paragraph of words that are plain.", f"({digit}) A third paragraph of words."]
    _, passages = build_passages("d1", split_paragraphs(lines))
    assert [p.text for p in passages] == [lines[0], "Another paragraph of words that are plain.", "A third paragraph of words."]

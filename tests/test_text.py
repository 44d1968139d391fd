import re

import pytest

from alliance_data.text import (
    STOP_WORDS_EN, comment_words, content_words, count_sentence_ends, derived_stop_words, ends_sentence, guess_language, spaced,
    stop_density, stop_words, word_count,
)
from text_fixtures import DUTCH_ARTICLE


def test_every_stop_word_list_names_its_source_and_has_words():
    lists = stop_words()
    assert {"en", "fr", "es", "de", "pt", "it", "zh", "ja"} <= set(lists)
    for entry in lists.values():
        assert entry.source.strip() and len(entry.words) >= 20
        if entry.chars:
            assert all(len(w) == 1 for w in entry.words)


def test_english_list_keeps_the_off_topic_vocabulary_rules():
    from alliance_data.offtopic import STOP_WORDS

    assert STOP_WORDS is STOP_WORDS_EN
    assert {"the", "about", "would", "of"} <= STOP_WORDS_EN and "alliance" not in STOP_WORDS_EN


@pytest.mark.parametrize(
    ("text", "ends"),
    [("A sentence.", True), ("“A quote.”", True), ("日本語の文。", True), ("本当ですか？", True),
     ("မြန်မာစာ။", True), ("हिन्दी वाक्य।", True),
     ("A headline", False), ("Dr", False), ("Listed:", False)],
)
def test_ends_sentence(text, ends):
    assert ends_sentence(text) is ends


def test_sentence_ends_and_words_in_unspaced_scripts():
    assert count_sentence_ends("One. Two! 3.5 percent") == 2
    assert count_sentence_ends("一つ目。二つ目！") == 2
    assert word_count("four words in English") == 4
    assert word_count("日本語の文です") == pytest.approx(3.5)


@pytest.mark.parametrize(("text", "is_spaced", "words"), [
    ("four words in English", True, 4),
    ("Café au lait, déjà vu — «naïve» façade", True, 8),
    ("", True, 0),
    ("日本語の文です", False, 3.5),
    ("The Japanese word 日本 means Japan", False, 5 + 1),
    ("ภาษาไทย", False, 3.5),
])
def test_spaced_text_has_its_words_split_by_spaces(text, is_spaced, words):
    assert spaced(text) is is_spaced
    assert word_count(text) == pytest.approx(words)
    if is_spaced:
        assert word_count(text) == len(text.split())


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The government said that it would act on the plan and the critics were not convinced by it.", "en"),
        ("Le gouvernement a dit que le plan est une erreur et que les critiques ne sont pas convaincus.", "fr"),
        ("El gobierno dijo que el plan es un error y que los críticos no están convencidos de ello.", "es"),
        ("日本政府は月曜日に新しい計画を発表し、その内容について説明した。", "ja"),
        ("两国政府在周一同意建立一个联合司令部，这是几十年来最大的变化。", "zh"),
        ("Valdība pirmdien paziņoja par jaunu plānu", None),
        ("รัฐบาลทั้งสองตกลงจัดตั้งกองบัญชาการร่วม", None),  # Thai: unspaced, but neither zh nor ja
    ],
)
def test_guess_language(text, language):
    assert guess_language(text) == language


def test_a_text_in_a_language_without_a_list_has_its_function_words_derived():
    assert guess_language("\n".join(DUTCH_ARTICLE)) is None  # (Dutch has no list)
    # A name the text keeps repeating is capitalised: no function word; a word of one paragraph is none either.
    lines = [paragraph + " Dat meldt het bureau van wethouder Jansen." for paragraph in DUTCH_ARTICLE]
    derived = derived_stop_words(lines)
    assert {"de", "het", "een", "van", "en", "in", "niet"} <= derived.words
    assert "dat" not in derived.words  # opening every line added here, it is written in capitals too often
    assert "jansen" not in derived.words and "fietspad" not in derived.words
    assert len(derived.words) <= 40 and not derived.chars
    # It stands for a language's list: a line of the text reads as dense, a line of topic words as sparse.
    assert stop_density(DUTCH_ARTICLE[0], derived) > 0.5
    assert stop_density("Fietspad Veerpont Dorpshuis Begroting Aannemer Scheuren", derived) == 0.0
    assert "fietspad" in content_words(DUTCH_ARTICLE[-1], derived) and "het" not in content_words(DUTCH_ARTICLE[-1], derived)


def test_no_function_words_are_derived_from_a_short_text_or_one_written_without_spaces():
    assert derived_stop_words(DUTCH_ARTICLE[:4]) is None  # too few lines and words to tell
    assert derived_stop_words(["Home News World Sport"] * 40) is None  # no word in lower case
    unspaced = ["กขคงจฉชซ" * 12 + " " + "ญฎฏฐฑฒณด" * 12] * 20  # a script written without spaces
    assert derived_stop_words(unspaced) is None


def test_no_function_words_are_derived_from_lines_that_are_no_prose():
    # Lines of many different tags with a few recurring small words among them: those words make up too small a share
    # of the lines to be their function words. With fewer tags to a line the same words are taken.
    recurring = "and of the with for from into over under near upon".split()

    def lines(tags: int) -> list[str]:
        return [" ".join(recurring + [f"tag{chr(97 + n % 26)}{chr(97 + n // 26 % 26)}{chr(97 + line)}" for n in range(tags)])
                for line in range(8)]

    assert derived_stop_words(lines(200)) is None
    assert derived_stop_words(lines(40)).words == frozenset(recurring)


def test_stop_density_is_unknown_without_a_list():
    assert stop_density("anything at all", None) is None
    assert stop_density("Home News World", "en") == 0.0
    assert stop_density("the plan of the day", "en") == pytest.approx(0.6)


def test_content_words_leave_out_function_words_and_pair_unspaced_characters():
    from alliance_data.text import content_words

    assert content_words("The alliance and the treaty of the alliance", "en") == {"alliance": 2, "treaty": 1}
    assert content_words("日米の同盟", "ja") == {"日米": 1, "米同": 1, "同盟": 1}


@pytest.mark.parametrize("text, lines, sentences", [
    ("Adm. Blair met Gen. Smith. They spoke.", False, ["Adm. Blair met Gen. Smith.", "They spoke."]),
    ("The U.S. and J.F.K. Airport. Next one.", False, ["The U.S. and J.F.K. Airport.", "Next one."]),
    ("He said: \u201cYes.\u201d Then he left.", False, ["He said: \u201cYes.\u201d", "Then he left."]),
    ("A headline\nThe body begins here. It ends.", False, ["A headline\nThe body begins here.", "It ends."]),
    ("A headline\nThe body begins here. It ends.", True, ["A headline", "The body begins here.", "It ends."]),
    ("  \n", True, []),
])
def test_split_sentences(text, lines, sentences):
    from alliance_data.text import split_sentences

    assert [text[s:e] for s, e in split_sentences(text, lines=lines)] == sentences


def test_every_comment_word_row_names_its_source_and_a_language_with_stop_words():
    import csv
    from importlib import resources

    rows = list(csv.DictReader(resources.files("alliance_data").joinpath("data", "comment_words.csv")
                               .read_text("utf-8").splitlines()))
    assert rows
    kinds = {"ago_before", "ago_after", "one", "unit", "action", "count", "wrote"}
    for row in rows:
        assert row["source"].strip() and row["expression"].strip(), row
        assert row["kind"] in kinds, row
        assert row["language"] in stop_words(), row
        re.compile(row["expression"])
    keys = [(r["language"], r["kind"], r["expression"]) for r in rows]
    assert len(keys) == len(set(keys))
    with_units = {r["language"] for r in rows if r["kind"] == "unit"}
    with_ago = {r["language"] for r in rows if r["kind"] in ("ago_before", "ago_after")}
    assert with_units == with_ago


def test_every_picture_agency_row_names_its_source_once():
    import csv
    from importlib import resources

    from alliance_data.text import picture_agencies

    rows = list(csv.DictReader(resources.files("alliance_data").joinpath("data", "picture_agencies.csv")
                               .read_text("utf-8").splitlines()))
    assert rows
    for row in rows:
        assert row["source"].strip() and row["name"].strip() == row["name"] and "  " not in row["name"], row
    names = [row["name"].lower() for row in rows]
    assert len(names) == len(set(names))
    assert sorted(picture_agencies()) == sorted(names)
    assert [len(n) for n in picture_agencies()] == sorted((len(n) for n in names), reverse=True)  # longest first


def test_every_line_phrase_row_names_its_source_a_rule_a_shape_and_a_language_with_stop_words():
    import csv
    from importlib import resources

    from alliance_data.clean import LINE_RULES
    from alliance_data.text import LINE_PHRASE_SHAPES, line_phrases

    rows = list(csv.DictReader(resources.files("alliance_data").joinpath("data", "line_phrases.csv")
                               .read_text("utf-8").splitlines()))
    assert rows
    for row in rows:
        assert row["source"].strip() and row["phrase"].strip() == row["phrase"], row
        assert row["rule"] in LINE_RULES and row["shape"] in LINE_PHRASE_SHAPES, row
        assert row["language"] in stop_words(), row
        if row["shape"] == "after_name":  # a holder's name runs into the notice only in scripts without spaces
            assert not spaced(row["phrase"]), row
        assert "’" not in row["phrase"] and "  " not in row["phrase"], row  # either apostrophe matches "'"
    keys = [(r["rule"], r["language"], r["shape"], r["phrase"].lower()) for r in rows]
    assert len(keys) == len(set(keys))

    def loaded(rules_language: bool) -> set[tuple[str, str, str]]:
        return {(rule, shape, phrase) for rule, shapes in line_phrases(rules_language=rules_language).items()
                for shape, phrases in shapes.items() for phrase in phrases}

    assert loaded(False) == {(r["rule"], r["shape"], r["phrase"].lower()) for r in rows if r["language"] != "en"}
    assert loaded(True) == {(r["rule"], r["shape"], r["phrase"].lower()) for r in rows if r["language"] == "en"}
    assert ("copyright", "opens", "tous droits réservés") in loaded(False)
    assert ("copyright", "opens", "all rights reserved") in loaded(True)


@pytest.mark.parametrize("text, relative", [
    ("3 hours ago", True), ("an hour ago", True), ("Hace 28 minutos", True), ("hace una hora", True),
    ("il y a 2 heures", True), ("vor einer Stunde", True), ("un'ora fa", True), ("há 3 dias", True),
    ("3小时前", True), ("2時間前", True),
    ("hours", False), ("hace", False), ("a day", False), ("vor dem Haus", False), ("3 hours later", False),
])
def test_relative_time_stamps_of_the_listed_languages(text, relative):
    pattern = re.compile(comment_words().relative_time, re.IGNORECASE)
    assert (pattern.search(text) is not None) == relative


@pytest.mark.parametrize("text, ends", [
    ("By Ann Lee | Jan. 2, 2015", 0), ("By Paul D. Shinkman | Dec. 31, 2014", 0), ("He went to the U.S. and back.", 1),
    ("He went to the U.S.", 1), ("One. Two.", 2), ("Mr. Abe said so.", 1), ("Really? Yes!", 2),
])
def test_abbreviations_and_initials_inside_a_line_end_no_sentence(text, ends):
    assert count_sentence_ends(text, abbreviations=True) == ends
    assert count_sentence_ends("By Ann Lee | Jan. 2, 2015") == 1  # plain marks: the full stop counts


@pytest.mark.parametrize("text", ["", " ", "one", "one two", " one  two ", "a\tb", "a\u00a0b", "a\u2003 b", "a\x1cb",
                                  "a\x85b", "a\u2028b", "a\u200bb", "tail ", " head", "a\xadb"])
def test_single_spaced_is_split_and_joined(text):
    from alliance_data.text import single_spaced

    assert single_spaced(text) == " ".join(text.split())


def test_a_printable_character_is_never_a_blank_but_the_space():
    # What single_spaced relies on to return a printable text with single spaces as it is.
    assert [c for c in map(chr, range(0x110000)) if c.isspace() and c.isprintable()] == [" "]


@pytest.mark.parametrize("pattern, flags, words", [
    (r"contributed|reported from", re.IGNORECASE, {"contributed", "reported from"}),
    (r"(?:[A-Z]\w*\s+){1,4}(?:Contributed|reporting by)\b.*", re.IGNORECASE, {"contributed", "reporting by"}),
    (r"(?:edited|compiled) by\b", re.IGNORECASE, {"edited", "compiled"}),
    (r"x?(?:版权所有|不得转载)", re.IGNORECASE, {"版权所有", "不得转载"}),
    (r"Share(?=d)", 0, {"share"}),
    (r"(?:share|\w+)", re.IGNORECASE, None),        # a branch without a word
    (r"(?:share)?\d+", re.IGNORECASE, None),         # an optional word
    (r"réservés", re.IGNORECASE, None),               # a word with case beyond ASCII: not tested exactly
    (r"(?-i:Abc)def", re.IGNORECASE, {"def"}),        # a group changing the case flag is left out
])
def test_required_words_are_what_every_match_holds(pattern, flags, words):
    from alliance_data.text import required_words

    assert required_words(pattern, flags) == (None if words is None else frozenset(words))


_FOLDED = ["Ann Lee contributed.", "ANN LEE CONTRIBUTED.", "Ann Lee contr\u0130buted.", "Ann Lee contr\u0131buted.",
           "Ann Lee reported from Tokyo.", "\u212aen Lee reported from Tokyo.", "Staff reporting by Ken",
           "版权所有 2024", "Élysée: édité par Lee", "no such word here", "sſ", ""]


@pytest.mark.parametrize("text", _FOLDED)
def test_may_contain_is_false_only_when_the_pattern_cannot_match(text):
    from alliance_data.text import may_contain, required_words

    for pattern in [r"(?:\w+\s+){1,4}(?:contributed|reported from)\.?", r"reporting by \w+", r"版权所有", r"\w*ss\w*",
                    r"(?:\w+ )?contr\w+uted"]:
        words = required_words(pattern, re.IGNORECASE)
        assert words
        if re.search(pattern, text, re.IGNORECASE):
            assert may_contain(text, words), (pattern, text)
    assert not may_contain("no such word here", frozenset({"contributed"}))


def test_the_letters_beyond_ascii_a_case_insensitive_pattern_takes_for_ascii_ones():
    # What may_contain relies on: any other character matched to an ASCII letter is one of these.
    from alliance_data.text import _ASCII_FOLDS

    letters = re.compile("[a-z]", re.IGNORECASE)
    found = {c for c in map(chr, range(0x80, 0x110000)) if letters.fullmatch(c)}
    assert found == set(_ASCII_FOLDS)


@pytest.mark.parametrize("text", ["", " ", "one", "one two", " one  two ", "a\tb", "a\u00a0b", "a\u2003 b", "a\x1cb",
                                  "a\x85b", "a\u2028b", "a\u200bb", "tail ", " head", "a\xadb", "a \n b", "  ",
                                  "三 words 和 spaces", "one two three four"])
def test_split_count_is_the_number_of_words_split_gives(text):
    from alliance_data.text import split_count

    assert split_count(text) == len(text.split())


@pytest.mark.parametrize("pattern, flags, chars", [
    (r"ab|cd", re.IGNORECASE, "ACac"),
    (r"ab|cd", 0, "ac"),
    (r"x?y", re.IGNORECASE, "XYxy"),
    (r"(?=q)\d+", 0, "0123456789"),           # a look-ahead takes no character: the digits begin the match
    (r"(?:a|b*)c", 0, "abc"),                 # a branch that may take nothing: the next element's too
    (r"a*", 0, None),                         # may match nothing
    (r"(?:a|)", 0, None),
    (r"(a)\1", 0, "a"),
    (r"[^\w\s]", 0, "".join(c for c in map(chr, range(128)) if not c.isalnum() and c != "_" and not c.isspace())),
    (r"(?-i:K)", re.IGNORECASE, None),         # a group changing the case flag: any
])
def test_first_characters_are_those_a_match_may_begin_with(pattern, flags, chars):
    from alliance_data.text import first_characters

    assert first_characters(pattern, flags) == chars
    if chars is not None:  # every ASCII character a match begins with is among them
        compiled = re.compile(pattern, flags)
        assert all(c in chars for c in map(chr, range(128)) if compiled.match(c + "c1a"))


def test_every_address_word_row_names_its_source_a_person_and_a_language_with_stop_words():
    import csv
    from importlib import resources

    rows = list(csv.DictReader(resources.files("alliance_data").joinpath("data", "address_words.csv")
                               .read_text("utf-8").splitlines()))
    assert rows
    for row in rows:
        assert row["source"].strip() and row["word"].strip() and " " not in row["word"], row
        assert row["person"] in ("second", "first_plural"), row
        assert row["language"] in stop_words(), row
    keys = [(r["language"], r["word"].lower()) for r in rows]
    assert len(keys) == len(set(keys))  # a word is of one person only


@pytest.mark.parametrize(("text", "language", "person", "expected"), [
    ("You can send your letter to us.", "en", "second", 2 / 7),
    ("You’re welcome to write.", "en", "second", 1 / 4),
    ("You can send your letter to us.", "en", "first_plural", 1 / 7),
    ("The minister said the talks went well.", "en", "second", 0.0),
    ("Vous pouvez écrire à votre rédaction.", "fr", "second", 2 / 6),
    ("", "en", "second", 0.0),
])
def test_address_share_counts_the_words_of_a_person(text, language, person, expected):
    from alliance_data.text import address_share

    assert address_share(text, language, person) == pytest.approx(expected)


def test_address_share_is_unknown_for_a_language_without_address_words():
    from alliance_data.text import address_share

    assert address_share("你可以写信给我们。", "zh") is None
    assert address_share("You can write.", None) is None


@pytest.mark.parametrize("text, closes", [
    ("Adm.", True), ("Gen.", True), ("etc.", True), ("Messrs.", True), ("approx.", True), ("U.S.", True),
    ("U.S.S.R.", True), ("J.F.K.", True), ("J.", True), ("(Mr.", True), ("“Dr.", True), ("2Dr.", False),
    ("nations.", False), ("Box.", False), ("1990.", False), ("Summit.", False), ("Tax2.", False), ("a)", False),
    ("“Yes.", False), ("Kyiv.", False), ("İst.", False), ("co.", True), ("Co..", True),
])
def test_a_full_stop_closes_an_abbreviation_or_initials_and_no_other_word(text, closes):
    from alliance_data.text import ABBREVIATIONS, _abbreviated

    assert _abbreviated(f"He met {text}", len(f"He met {text}") - 1) is closes
    # The same word as the text's first, and cut by ``start`` (only what follows it is read).
    assert _abbreviated(text, len(text) - 1) is closes
    assert _abbreviated("Dr. Mr.", 6, start=5) is True  # "r" alone: an initial
    assert all(_abbreviated(f"see {word}. Then", len(f"see {word}")) for word in ABBREVIATIONS)

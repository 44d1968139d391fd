import pytest

from alliance_data.clean import Line, clean_lines, drop_repeated_lines, find_repeated_lines, normalize_text, remove_spans


def _rules(text):
    cleaned = clean_lines(normalize_text(text))
    return {r.text: r.rule for r in cleaned.removed}, [l.text for l in cleaned.lines if l.text]


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("This story has been viewed 9120 times.", "view_counter"),
        ("1.2k views", "view_counter"),
        ("Comments will be moderated. Keep comments relevant to the article.", "comment_notice"),
        ("Leave a Comment", "comment_notice"),
        ("Your email address will not be published. Required fields are marked *", "comment_notice"),
        ("TOP top", "navigation"),
        ("Back to top", "navigation"),
        ("Source link", "navigation"),
        ("Exit mobile version", "navigation"),
        ("Share This Article", "share_prompt"),
        ("Follow us on Google news ,Twitter , and Join Whatsapp Group of example.in", "share_prompt"),
        ("Facebook | Twitter | LinkedIn", "share_prompt"),
        ("8 Min Read", "read_time"),
        ("5 min read", "read_time"),
        ("Article excerpt", "excerpt_marker"),
        ("Advertisement", "excerpt_marker"),
        ("An unknown error has occurred. Please click the button below to reload the page.", "site_error"),
        ("404 - Page not found", "site_error"),
        ("See also  U.S. schools battle cell phones in classrooms", "see_also"),
        ("Related: Tokyo weighs new base plan", "see_also"),
        ("ILLUSTRATION: MOUNTAIN PEOPLE", "caption"),
        ("Photo: Reuters", "caption"),
        ("Lee reported from Seoul. Julia Mio Inuma in Tokyo contributed to this report.", "contributor_credit"),
        ("© 2024 Example Media. All rights reserved.", "copyright"),
        ("=========", "separator"),
    ],
)
def test_furniture_line_is_removed_with_its_rule(line, rule):
    removed, kept = _rules(f"A real opening sentence of the article.\n\n{line}\n\nA real closing sentence.")
    assert removed == {line: rule}
    assert kept == ["A real opening sentence of the article.", "A real closing sentence."]


@pytest.mark.parametrize(
    "line",
    [
        "We share the view that the treaty must be upheld.",
        "Japan will also deploy missiles that can strike military targets in other countries.",
        "Related ministries met in Tokyo on Monday to discuss the plan for the new headquarters.",
        "404. Let those who have it in their power to change the system now recognize it.",
        "Top officials from both countries met in Washington last week to sign the agreement.",
    ],
)
def test_article_text_that_resembles_furniture_is_kept(line):
    removed, kept = _rules(f"Opening.\n\n{line}\n\nClosing.")
    assert removed == {} and line in kept


def test_wrapped_line_inside_a_paragraph_is_not_furniture():
    text = "Our delegation would like to say that we fully\nshare the view that the Assembly must act now.\n"
    removed, kept = _rules(text)
    assert removed == {}
    assert kept == ["Our delegation would like to say that we fully", "share the view that the Assembly must act now."]


def test_furniture_pattern_on_a_long_line_is_kept_and_flagged():
    long = "See also " + " ".join(["word"] * 40)
    cleaned = clean_lines(normalize_text(f"Start.\n\n{long}\n"))
    assert long in [l.text for l in cleaned.lines]
    assert [(f.rule, f.text) for f in cleaned.flagged] == [("see_also", long)]


def test_scan_artefact_glued_into_a_sentence_is_cut_out():
    text, removed = remove_spans('The guideline further said(rt)0314p09.tif Japan should "engage".', line=7)
    assert text == 'The guideline further said Japan should "engage".'
    assert [(r.text, r.rule, r.line) for r in removed] == [("(rt)0314p09.tif", "scan_artefact", 7)]


def test_markup_left_in_text_is_a_span():
    text, removed = remove_spans("A <b>bold</b> claim.")
    assert text == "A bold claim." and {r.rule for r in removed} == {"markup"}


def test_normalize_text():
    assert normalize_text("a\u00a0b\u200bc\r\nd\te  ") == "a bc\nd e  "


def test_end_markers_only_in_the_second_half():
    text = "Leave a comment\n" + "\n".join(f"Paragraph {i}." for i in range(6)) + "\nLeave a Comment\n"
    cleaned = clean_lines(text)
    assert cleaned.end_markers == (8,)


def _doc(*texts):
    return [Line(i + 1, t) if t else Line(i + 1, "") for i, t in enumerate(texts)]


def test_repeated_short_lines_across_unrelated_documents_are_boilerplate():
    docs = {f"d{i}": _doc(f"Story {i} begins here and goes on.", "", "Subscribe to our channel", "", "End.") for i in range(3)}
    groups = {d: d for d in docs}
    drops = find_repeated_lines(docs, groups)
    assert drops == {"d0": {3}, "d1": {3}, "d2": {3}}
    from alliance_data.clean import CleanedLines

    cleaned = drop_repeated_lines(CleanedLines(tuple(docs["d0"]), (), (), ()), drops["d0"])
    assert [(r.rule, r.text) for r in cleaned.removed] == [("repeated_boilerplate", "Subscribe to our channel")]


def test_copies_of_one_article_do_not_count_as_repetition():
    docs = {f"d{i}": _doc("A subheading", "", "Text.") for i in range(3)}
    assert find_repeated_lines(docs, {"d0": "f", "d1": "f", "d2": "f"}) == {}
    assert find_repeated_lines(docs, {"d0": "a", "d1": "b", "d2": "c"}) != {}

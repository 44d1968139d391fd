import pytest

from alliance_data.clean import Line
from alliance_data.structure import extract_structure, find_outlet


def _lines(text):
    return [Line(i + 1, t.strip()) for i, t in enumerate(text.split("\n"))]


def _fake_dateline(text):
    return "2005-03-14" if text.startswith("Mon, Mar 14, 2005") else None


ARTICLE = """Mon, Mar 14, 2005 - Page 9

The US and Japan start to put muscle into their new alliance

In a scenario unimaginable 60 years ago, the former enemies are pooling their efforts

By Richard Halloran

In the coming months, officials will be sitting down in Tokyo to put muscle into the alliance.

The critical feature: the two will transform their security bond.

Richard Halloran is a writer based in Hawaii."""


def test_head_fields_are_found_and_logged():
    s = extract_structure(_lines(ARTICLE), find_dateline=_fake_dateline)
    assert s.dateline == "Mon, Mar 14, 2005 - Page 9" and s.dateline_estimate == "2005-03-14"
    assert s.title == "The US and Japan start to put muscle into their new alliance"
    assert s.subtitle.startswith("In a scenario unimaginable")
    assert s.author == "Richard Halloran"
    assert [r.rule for r in s.removed] == ["dateline", "title", "subtitle", "byline", "author_bio"]
    body = [l.text for l in s.body if l.text]
    assert body == [
        "In the coming months, officials will be sitting down in Tokyo to put muscle into the alliance.",
        "The critical feature: the two will transform their security bond.",
    ]
    assert s.end_markers == (13,)


def test_repeated_title_section_label_and_bare_author_line():
    text = "Alliance upgrades command SECURITY POLICY\n\nAlliance upgrades command\n\nSurja\nBy Surja\n\nBody sentence one is here.\n\nBody two."
    s = extract_structure(_lines(text))
    assert s.title == "Alliance upgrades command"
    assert s.author == "Surja"
    rules = [(r.rule, r.text) for r in s.removed]
    assert ("section_label", "SECURITY POLICY") in rules
    assert ("repeated_title", "Alliance upgrades command") in rules
    assert ("byline", "Surja") in rules and ("byline", "By Surja") in rules


def test_a_text_starting_with_a_paragraph_has_no_title():
    text = "In the coming months, US and Japanese officers will meet.\nIf all goes well, a declaration follows."
    s = extract_structure(_lines(text))
    assert s.title is None and s.subtitle is None and len([l for l in s.body if l.text]) == 2


def test_a_wrapped_first_line_is_not_a_title():
    text = "It is a particular pleasure to see\nyou presiding over this Assembly.\n\nMore text follows here."
    assert extract_structure(_lines(text)).title is None


def test_sentence_starting_with_by_is_not_a_byline():
    text = "Headline here\n\nBy the same token, I extend warm greetings.\n\nMore."
    s = extract_structure(_lines(text))
    assert s.author is None
    assert "By the same token, I extend warm greetings." in [l.text for l in s.body]


def test_metadata_wins_over_text():
    s = extract_structure(_lines("Some first line\n\nBody."), meta={"title": "Given", "author": "A. Writer", "outlet": "Wire"})
    assert (s.title, s.author, s.outlet) == ("Given", "A. Writer", "Wire")


def test_find_outlet():
    assert find_outlet(["Final decision will be at the discretion of the Taipei Times."]) == "Taipei Times"
    assert find_outlet(["Join Whatsapp Group of thelocalreport.in"]) == "thelocalreport.in"
    assert find_outlet(["Nothing to see"]) is None
    # the marks and years before a copyright holder's name are not the name; a full stop inside it is
    assert find_outlet(["© Copyright 2015 Harbour Media Inc. All rights reserved."]) == "Harbour Media Inc"
    assert find_outlet(["© 2015 Harbour Media L.P. All Rights Reserved"]) == "Harbour Media L.P"
    assert find_outlet(["Copyright 2010 - 2015"]) is None


def _dates_only(text):
    return "date" if text.split(",")[0] in {"Monday", "Tuesday", "Published", "Updated"} else None


def test_a_list_of_dates_at_the_top_is_an_agenda_not_a_dateline():
    agenda = "Committee meetings\n\nTuesday, September 24\nMonday, November 25\nTuesday, April 22\n\nCall to attend."
    s = extract_structure(_lines(agenda), find_dateline=_dates_only)
    assert s.dateline is None
    assert [l.text for l in s.body if l.text][:3] == ["Tuesday, September 24", "Monday, November 25", "Tuesday, April 22"]


def test_a_published_and_an_updated_line_still_give_the_dateline():
    head = "Published, March 14\nUpdated, March 15\n\nThe alliance grows\n\nOfficials met in Tokyo on Monday to talk."
    s = extract_structure(_lines(head), find_dateline=_dates_only)
    assert s.dateline == "Published, March 14"


def _read_date(text):
    from alliance_data.dates import find_dateline
    return find_dateline(text)


def test_a_byline_followed_by_its_time_stamp_gives_author_and_date_and_its_buttons_go():
    text = ("By Marta Quillfeather March 3, 2011 4:08 pm EST\nPrint Email\n\n"
            "Harbour cranes along the northern quay were idle on Thursday as the dock workers met to vote.")
    s = extract_structure(_lines(text), find_dateline=_read_date)
    assert s.author == "Marta Quillfeather"
    assert s.dateline == "March 3, 2011 4:08 pm EST" and str(s.dateline_estimate.date) == "2011-03-03"
    assert s.title is None
    assert [(r.rule, r.text) for r in s.removed] == [
        ("byline", "By Marta Quillfeather March 3, 2011 4:08 pm EST"), ("head_control", "Print Email")]
    assert [l.text for l in s.body if l.text] == [text.split("\n")[-1]]


def test_a_byline_written_twice_and_a_stamp_after_on_leave_the_text():
    text = ("Ferry timetable changes for the winter\n\nPier Notes\n"
            "Olu Brandt | obrandt@example.org By Olu Brandt | obrandt@example.org\nFollow on Twitter\n"
            "on May 2, 2013 at 9:10 PM, updated May 3, 2013 at 10:09 AM\nView/Post Comments\n\n"
            "The island ferry will leave an hour later from November, the operator said on Monday.")
    s = extract_structure(_lines(text), find_dateline=_read_date)
    assert s.author == "Olu Brandt"
    assert s.dateline.startswith("on May 2, 2013") and str(s.dateline_estimate.date) == "2013-05-02"
    rules = {r.text: r.rule for r in s.removed}
    assert rules["Follow on Twitter"] == rules["View/Post Comments"] == "head_control"
    # a short line above the byline is not between the head's fields and the text: it stays
    assert [l.text for l in s.body if l.text] == ["Pier Notes", text.split("\n")[-1]]


def test_short_lines_after_a_byline_stay_unless_a_sentence_follows_them():
    recipe = ("Lentil soup for a cold evening\n\nBy Ana Weir\n\nIngredients\n2 onions\n1 cup red lentils\n"
              "Salt to taste")
    s = extract_structure(_lines(recipe), find_dateline=_read_date)
    assert s.author == "Ana Weir"
    assert [l.text for l in s.body if l.text] == ["Ingredients", "2 onions", "1 cup red lentils", "Salt to taste"]
    letter = "A letter to the council\n\nBy Ana Weir\n\nDear neighbours,\nThe council meets on Tuesday to decide."
    s = extract_structure(_lines(letter), find_dateline=_read_date)
    assert [l.text for l in s.body if l.text][0] == "Dear neighbours,"


def test_a_sentence_opening_with_on_and_a_date_is_not_a_stamp():
    from alliance_data.structure import read_byline, read_stamp
    assert read_stamp("On May 5, 2005, the new bridge opened to traffic.", _read_date) is None
    assert read_stamp("on May 5, 2005, he said.", _read_date) is None
    assert read_stamp("on May 5, 2005 at 9:10 AM", _read_date) is not None
    assert read_byline("By the time the ferry left, it was dark.", _read_date) is None
    assert read_byline("Bridges By Night", _read_date) is None  # not written twice: a title
    assert read_byline("by Ana Weir @anaweir", _read_date).name == "Ana Weir"


def test_bylines_and_stamps_of_other_languages():
    from alliance_data.structure import read_byline, read_stamp
    assert read_byline("Par Odile Fournel").name == "Odile Fournel"
    assert read_byline("Von Anna Brettschneider").name == "Anna Brettschneider"
    assert read_byline("Par Reuters le 02.10.2017 à 08h31", _read_date).stamp == "le 02.10.2017 à 08h31"
    assert read_byline("Paris Nord Gare") is None and read_byline("Di Maio attacca il governo") is None
    # a label and a preposition before a date and its time; not before a bare date (« Born on … »)
    assert str(read_stamp("Submitted on Mon, 2019-01-21 13:49", _read_date).date) == "2019-01-21"
    assert read_stamp("Born on March 3, 1950", _read_date) is None
    # after a byline's name, the word before « on » is the name's
    byline = read_byline("By Ana Weir on Dec 29, 2014 10:00am", _read_date)
    assert byline.name == "Ana Weir" and byline.stamp == "on Dec 29, 2014 10:00am"


def test_byline_words_come_from_their_data_file():
    import csv
    from importlib import resources
    from alliance_data.text import byline_words
    rows = list(csv.DictReader(resources.files("alliance_data").joinpath("data", "byline_words.csv")
                               .read_text("utf-8").splitlines()))
    assert rows and all(row["source"].strip() and row["language"].strip() for row in rows)
    assert set(byline_words()) == {row["phrase"].lower() for row in rows}
    assert {"by", "par", "von"} <= set(byline_words())


# --- a time stamp among the lines cleaning removed above the article ------------------------------------------------

from alliance_data.clean import Removal  # noqa: E402
from alliance_data.dates import find_dateline  # noqa: E402

_PAGE = [  # (line number, text, rule that removed it or None when kept)
    (1, "Tuesday, June 2, 2026", "menu"),  # the site's header: the day the page was copied
    (2, "World  Business  Sport", "menu"),
    (3, "", None),  # kept blank lines mark paragraphs
    (4, "Harbour talks end without a deal", None),
    (5, "", None),
    (6, "By Jane Roe", "menu"),
    (7, "Updated 10:53 AM EST, Sun March 13, 2005", "menu"),
    (8, "Share  Tweet  Email", "menu"),
    (10, "The two sides met for a third day on Sunday and left without agreeing on the harbour's future.", None),
    (11, "", None),
    (12, "Talks are to resume next month, officials said after the meeting ended.", None),
]


def _page(rows):
    kept = [Line(n, text) for n, text, rule in rows if rule is None]
    removed = tuple(Removal(text, rule, n) for n, text, rule in rows if rule is not None)
    return kept, removed


def test_a_stamp_cleaning_removed_just_above_the_article_dates_it():
    kept, removed = _page(_PAGE)
    s = extract_structure(kept, find_dateline=find_dateline, cleaned_away=removed)
    assert s.title == "Harbour talks end without a deal"
    assert s.dateline == "Updated 10:53 AM EST, Sun March 13, 2005"
    assert (s.dateline_estimate.date_min, s.dateline_estimate.date_max) == ("2005-03-13", "2005-03-13")
    assert "line 7, which cleaning removed (menu)" in s.dateline_estimate.evidence[0]
    # without the removed lines, nothing in the kept head gives a date
    assert extract_structure(kept, find_dateline=find_dateline).dateline is None


def test_a_stamp_just_under_the_headline_dates_it_when_other_stories_stand_before_the_article():
    """Headline, byline, stamp, then a block of other stories' headlines: the first paragraph is far below."""
    others = [(20 + 2 * k, f"Another story number {k} about the city budget", "headline_list") for k in range(10)]
    rows = [row for row in _PAGE if row[0] < 10] + others + [
        (50, "The two sides met for a third day on Sunday and left without agreeing on the harbour's future.", None),
        (51, "", None),
        (52, "Talks are to resume next month, officials said after the meeting ended.", None)]
    kept, removed = _page(rows)
    s = extract_structure(kept, find_dateline=find_dateline, cleaned_away=removed)
    assert s.dateline == "Updated 10:53 AM EST, Sun March 13, 2005"
    assert "just under the headline" in s.dateline_estimate.evidence[0]
    # a stamp further down the block of other stories belongs to one of them
    far = [(n, text, rule) for n, text, rule in rows if n != 7] + [(31, "March 20, 2005", "headline_list")]
    kept, removed = _page(sorted(far))
    assert extract_structure(kept, find_dateline=find_dateline, cleaned_away=removed).dateline is None


def test_no_stamp_is_taken_from_above_the_headline_or_from_a_run_of_several_dates():
    above_title = [row for row in _PAGE if row[0] != 7]  # only the site header's date is left: above the headline
    kept, removed = _page(above_title)
    assert extract_structure(kept, find_dateline=find_dateline, cleaned_away=removed).dateline is None
    teasers = _PAGE + [(9, "March 20, 2005", "menu")]  # two different dates just above the article: whose?
    kept, removed = _page(sorted(teasers))
    assert extract_structure(kept, find_dateline=find_dateline, cleaned_away=removed).dateline is None


@pytest.mark.parametrize("line, day", [
    ("Jane Roe - Apr 16, 2015 8:02 pm UTC", "2015-04-16"),
    ("// By Jane Quinn Roe • Nov 11, 2020", "2020-11-11"),
    ("4 min read | May 2, 2019", "2019-05-02"),
])
def test_a_stamp_among_short_pieces_of_a_meta_line(line, day):
    from alliance_data.structure import read_stamp

    found = read_stamp(line, find_dateline)
    assert (found.date_min, found.date_max) == (day, day)


@pytest.mark.parametrize("line", [
    "Talks collapse as rivals walk out - Dec 3, 2014",  # a teaser's headline and its date: no meta line
    "The talks went on. - Dec 3, 2014",  # a sentence
])
def test_a_dated_headline_or_sentence_is_no_meta_line(line):
    from alliance_data.structure import read_stamp

    assert read_stamp(line, find_dateline) is None


def test_a_byline_glued_to_its_stamp_gives_the_whole_name_and_the_date():
    text = ("By Marta Quillfeather2011-03-03 09:32:17 UTC\n\n"
            "Harbour cranes along the northern quay were idle on Thursday as the dock workers met to vote.")
    s = extract_structure(_lines(text), find_dateline=_read_date)
    assert s.author == "Marta Quillfeather"
    assert (s.dateline_estimate.date_min, s.dateline_estimate.date_max) == ("2011-03-03", "2011-03-03")


@pytest.mark.parametrize("line", ["by Marta Quillfeather | Posted Mar. 3, 2011", "By Marta Quillfeather • Mar 3, 2011",
                                  "By Marta Quillfeather - Mar 3, 2011 8:02 pm UTC"])
def test_a_byline_and_its_stamp_set_apart_by_a_bar_keep_the_whole_name(line):
    from alliance_data.structure import read_byline

    byline = read_byline(line, _read_date)
    assert byline.name == "Marta Quillfeather" and byline.estimate.date_min == "2011-03-03"


def test_a_long_meta_line_of_short_pieces_gives_its_stamp():
    """More words than a dateline has, but every piece short: outlet, stamp, update, author."""
    from alliance_data.structure import read_stamp

    line = "Harbour Gazette | 03.03.2011 à 13h32 • Mis à jour le 05.03.2011 à 10h28 | Par Marta Quillfeather"
    assert read_stamp(line, _read_date).date_min == "2011-03-03"
    prose = ("The harbour | cranes stood idle on 03.03.2011 while the dock workers met to vote on the offer "
             "made by the port's owners")
    assert read_stamp(prose, _read_date) is None


# --- a headline told by its vocabulary ------------------------------------------------------------------------------

_BODY = [
    (30, "Harbour workers walked out on Monday after talks on the new port contract broke down, the union said.", None),
    (31, "", None),
    (32, "The port contract covers pay and shifts for some two thousand harbour workers, and the union wants it "
         "renewed before the winter season.", None),
]


def test_a_headline_cleaning_removed_inside_a_run_of_short_lines_is_the_title_and_logged_as_such():
    rows = [(20, "News  Sport  Weather", "menu"), (21, "Local News", "menu"),
            (22, "Harbour workers strike as port contract talks break down", "menu"),
            (23, "Share  Tweet", "menu"), (24, "Ten best beaches for a winter walk", "menu")] + _BODY
    kept, removed = _page(rows)
    s = extract_structure(kept, find_dateline=find_dateline, cleaned_away=removed)
    assert s.title == "Harbour workers strike as port contract talks break down"
    assert s.retitled == 22
    assert [line.text for line in s.body if line.text] == [text for _, text, _ in _BODY if text]  # nothing more goes
    # A section name or another story's headline shares a word or two with the article by chance: no title.
    kept, removed = _page([row for row in rows if row[0] != 22])
    s = extract_structure(kept, find_dateline=find_dateline, cleaned_away=removed)
    assert s.title is None and s.retitled is None


def test_the_removed_headline_is_logged_as_the_title_in_the_corpus(tmp_path):
    from alliance_data.corpus import build_corpus
    from alliance_data.load import read_sources

    menu = "\n".join(["Home", "News", "Sport", "Weather", "Business", "Opinion", "Culture", "Travel"])
    body = "\n\n".join(text for _, text, _ in _BODY if text)
    (tmp_path / "page.txt").write_text(
        f"{menu}\nHarbour workers strike as port contract talks break down\nShare\nTweet\nEmail\n\n{body}\n")
    corpus = build_corpus(read_sources(tmp_path))
    assert corpus.documents["title"].iloc[0] == "Harbour workers strike as port contract talks break down"
    rules = dict(zip(corpus.removed["text"], corpus.removed["rule"]))
    assert rules["Harbour workers strike as port contract talks break down"] == "title"


def test_a_first_head_line_under_which_a_byline_follows_is_the_title_by_its_vocabulary():
    rows = [(28, "Harbour workers strike as port contract talks break down", None),
            (29, "Jane Roe, Port Reporter", None)] + _BODY
    kept, _ = _page(rows)
    s = extract_structure(kept, find_dateline=find_dateline)
    assert s.title == "Harbour workers strike as port contract talks break down" and s.retitled is None
    assert "Harbour workers strike as port contract talks break down" not in [line.text for line in s.body]
    # a first line ending a sentence may be the article's own first line: never taken for the title
    rows[0] = (28, "Harbour workers are on strike as port contract talks break down?", None)
    kept, _ = _page(rows)
    s = extract_structure(kept, find_dateline=find_dateline)
    assert s.title is None and rows[0][1] in [line.text for line in s.body]


def test_a_caption_of_two_sentences_is_not_a_headline():
    rows = [(22, "Harbour workers at the port gates. Photograph: Jane Roe", "menu")] + _BODY
    kept, removed = _page(rows)
    assert extract_structure(kept, find_dateline=find_dateline, cleaned_away=removed).title is None


def test_a_heading_that_shares_nothing_with_the_article_gives_way_to_the_headline_removed_above_it():
    rows = [(20, "News  Sport  Weather", "menu"),
            (22, "Harbour workers strike as port contract talks break down", "menu"),
            (23, "Share  Tweet", "menu"),
            (26, "Your city, your voice, every morning", None), (27, "", None)] + _BODY
    kept, removed = _page(rows)
    s = extract_structure(kept, find_dateline=find_dateline, cleaned_away=removed)
    assert s.title == "Harbour workers strike as port contract talks break down" and s.retitled == 22
    assert "Your city, your voice, every morning" in [line.text for line in s.body]  # the article's line again
    # with no headline above it, the heading stays the title, as it always was
    kept, removed = _page([row for row in rows if row[0] != 22])
    s = extract_structure(kept, find_dateline=find_dateline, cleaned_away=removed)
    assert s.title == "Your city, your voice, every morning" and s.retitled is None


def test_a_byline_cleaning_removed_at_the_articles_head_names_the_author_and_is_logged_as_one():
    kept, removed = _page(_PAGE)  # « By Jane Roe » went with the share buttons around it
    s = extract_structure(kept, find_dateline=find_dateline, cleaned_away=removed)
    assert s.author == "Jane Roe" and (6, "byline") in s.relabelled
    # two teasers' bylines at the head: whose? none
    kept, removed = _page(sorted(_PAGE + [(9, "By John Doe", "menu")]))
    s = extract_structure(kept, find_dateline=find_dateline, cleaned_away=removed)
    assert s.author is None and not any(rule == "byline" for _, rule in s.relabelled)


_FURNITURE = [  # short lines of a site's header that cleaning kept: the document's head is full of them
    (1, "Skip to the main text", None), (2, "Harbour City", None), (3, "Sign in", None), (4, "Sign in", None),
    (5, "Today's edition", None), (6, "Supported by", None), (7, "Advertisement", None), (8, "Weather", None),
    (9, "Podcasts", None), (10, "Games", None), (11, "Newsletters", None),
]
_LEAD = [
    (20, "By Jane Roe", None),
    (21, "March 13, 2005", None),
    (25, "The two sides met for a third day on Sunday and left without agreeing on the harbour's future.", None),
    (26, "Talks are to resume next month, officials said after the meeting ended on the quay.", None),
]


def test_the_byline_and_stamp_just_above_the_first_paragraph_count_when_kept_furniture_fills_the_head():
    kept, removed = _page(_FURNITURE + _LEAD)
    s = extract_structure(kept, find_dateline=find_dateline, cleaned_away=removed)
    assert s.author == "Jane Roe" and s.dateline == "March 13, 2005"
    assert {"By Jane Roe", "March 13, 2005"}.isdisjoint(line.text for line in s.body)
    assert {(r.line, r.rule) for r in s.removed} >= {(20, "byline"), (21, "dateline")}
    # two different dates just above the paragraph: whose? none
    kept, removed = _page(sorted(_FURNITURE + _LEAD + [(22, "April 2, 2005", None)]))
    assert extract_structure(kept, find_dateline=find_dateline, cleaned_away=removed).dateline is None
    # a caption written twice is not the article's first paragraph: the lines above the real one are read
    caption = "A worker at the harbour's gates on Sunday, as talks on the port's future went on for a third day."
    kept, removed = _page(_FURNITURE + _LEAD[:2] + [(22, caption, None), (23, caption, None)] + _LEAD[2:])
    assert extract_structure(kept, find_dateline=find_dateline, cleaned_away=removed).author == "Jane Roe"


def test_a_stamp_cleaning_removed_just_above_the_first_paragraph_dates_it_below_kept_furniture():
    rows = _FURNITURE + [(18, "Share  Tweet", "menu"), (19, "Published Sunday, March 13 2005, 6:00 AM EST", "menu"),
                         (20, "Last updated Sunday, March 13 2005, 8:57 PM EST", "menu")] + _LEAD[2:]
    kept, removed = _page(rows)
    s = extract_structure(kept, find_dateline=find_dateline, cleaned_away=removed)
    assert (s.dateline_estimate.date_min, s.dateline_estimate.date_max) == ("2005-03-13", "2005-03-13")
    assert "line 19, which cleaning removed (menu)" in s.dateline_estimate.evidence[0]


@pytest.mark.parametrize("line, name", [
    ("By Jane Quinn Roe, Senior Fellow, Energy and Climate Program, Harbour Institute", "Jane Quinn Roe"),
    ("By Ann Lee, John Doe, Mary Major, Richard Miles, and Jane Quinn Roe", "Ann Lee"),
])
def test_a_long_byline_of_short_pieces_names_its_first_author(line, name):
    from alliance_data.structure import read_byline

    assert read_byline(line).name == name
    # a sentence opening with « By » is no byline, however short its pieces
    assert read_byline("By Sunday, the two sides, the union and the port, had agreed to meet again in May.") is None


def test_a_second_byline_in_the_head_leaves_the_text():
    rows = [(1, "Harbour talks end without a deal", None), (2, "", None), (3, "By: Harbour Wire", None),
            (4, "By Jane Quinn Roe", None)] + _LEAD[2:]
    kept, removed = _page(rows)
    s = extract_structure(kept, find_dateline=find_dateline, cleaned_away=removed)
    assert s.author == "Harbour Wire"
    assert {"By: Harbour Wire", "By Jane Quinn Roe"}.isdisjoint(line.text for line in s.body)


@pytest.mark.parametrize("line, name", [
    ("// By Jane Quinn Roe • Nov 11, 2020", "Jane Quinn Roe"),
    ("By J. Quinn Roe | Posted Feb. 27, 2014, 5:17 p.m.", "J. Quinn Roe"),
    ("by Jane Roe, Staff Writer | October 29, 2014 07:38am ET", "Jane Roe"),
])
def test_a_byline_read_as_the_dateline_names_the_author_in_full(line, name):
    kept, removed = _page([(1, "Harbour talks end without a deal", None), (2, "", None), (3, line, None),
                           (4, "", None)] + _LEAD[2:])
    s = extract_structure(kept, find_dateline=find_dateline, cleaned_away=removed)
    assert s.dateline == line and s.author == name
    # removed by cleaning with the share buttons around it, it still names the author, and stays logged as the stamp
    kept, removed = _page([(1, "Harbour talks end without a deal", None), (2, "", None), (3, line, "dateline"),
                           (4, "Share  Tweet", "menu")] + _LEAD[2:])
    s = extract_structure(kept, find_dateline=find_dateline, cleaned_away=removed)
    assert s.author == name and not any(rule == "byline" for _, rule in s.relabelled)

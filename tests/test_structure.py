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

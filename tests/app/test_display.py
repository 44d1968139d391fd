"""Text from documents and links as the dashboard shows it."""

import math

import pandas as pd
import pytest

from alliance_dashboard.display import UNDATED, UNTITLED, counted, md_escape, plain
from alliance_dashboard.views import documents_table


@pytest.mark.parametrize("missing", [None, float("nan"), pd.NA, "", "  \n "])
def test_missing_values_read_as_the_placeholder_never_nan(missing):
    assert plain(missing, UNTITLED) == UNTITLED
    assert md_escape(missing) == ""


def test_titles_are_one_line_and_bounded():
    assert plain("Breaking\n\n# Heading\nhttp://x.example") == "Breaking # Heading http://x.example"
    assert len(plain("w " * 1000)) == 300 and plain("w " * 1000).endswith("…")


@pytest.mark.parametrize(("text", "must_not_contain"), [
    ("see http://evil.example/x", "http://"),
    ("visit www.evil.example", "www."),
    ("mail a@evil.example", "a@"),
    ("[click](http://evil.example)", "[click]"),
    (":red[alarm] :material/warning:", ":red["),
])
def test_markdown_links_and_directives_cannot_form(text, must_not_contain):
    assert must_not_contain not in md_escape(text)


def test_latex_dollars_are_escaped():
    assert md_escape("$x^2$ costs $5") == "\\$x^2\\$ costs \\$5"


@pytest.mark.parametrize(("text", "escaped"), [("- item", "\\- item"), ("12. item", "12\\. item"), ("ok-1", "ok-1")])
def test_a_leading_list_marker_is_escaped_and_nothing_else(text, escaped):
    assert md_escape(text) == escaped


def test_documents_table_shows_placeholders_for_missing_titles_and_dates():
    documents = pd.DataFrame({
        "doc_id": ["a", "b"], "title": [math.nan, "Two\nlines"], "outlet": [None, "X"],
        "date": [None, "2005-03-14"], "date_min": [None, "2005-03-14"], "date_max": [None, "2005-03-14"],
        "date_method": ["none", "dateline"], "era": [None, "2000s"], "family_id": ["f1", "f2"],
        "canonical": [True, True], "n_passages": [1, 2],
    })
    table = documents_table(documents)
    assert table["title"].tolist() == ["Two lines", UNTITLED]  # the undated document last
    assert table["date"].tolist() == ["2005-03-14", UNDATED]
    assert "nan" not in " ".join(table.astype(str).to_numpy().ravel())


def test_counted_puts_the_noun_in_the_number_of_its_count():
    assert counted(1, "passage") == "1 passage"
    assert counted(0, "passage") == "0 passages"
    assert counted(2045, "document") == "2,045 documents"
    assert counted(3, "aligned passage pair") == "3 aligned passage pairs"
    assert counted(2, "country", "countries") == "2 countries"


def test_counted_makes_the_verb_agree_with_the_count():
    assert counted(1, "passage", verb="match") == "1 passage matches"
    assert counted(3, "passage", verb="match") == "3 passages match"
    assert counted(0, "passage", verb="contain") == "0 passages contain"
    assert counted(1, "document", verb="contain") == "1 document contains"
    assert counted(1, "pair", "pairs", verb="pass") == "1 pair passes"

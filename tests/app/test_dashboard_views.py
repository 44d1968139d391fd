"""Pure table shaping and escaped HTML for the pages."""

import pandas as pd
import pytest

from alliance_data.search import count_hits, kwic
from alliance_data.shifts import era_theme_shares, theme_counts
from alliance_dashboard.views import (
    document_doubts,
    collation_rows, document_dates, documents_table, offtopic_note, families_table, highlight_terms, is_in, kwic_table, md_escape,
    passage_html, removed_counts, share_url, theme_names, timeline_documents, word_diff_html,
)
from fake_tables import COLORS, TOPICS, fake_tables

TABLES = fake_tables()
VIEW = TABLES.with_text(TABLES.view)  # the pure helpers take passages with their text
ANALYSED = VIEW[~VIEW["duplicate"] & ~VIEW["offtopic"]]


@pytest.mark.parametrize(("text", "terms", "expected"), [
    ("Okinawa bases", ["bases"], "Okinawa <mark>bases</mark>"),
    ("<script>alert(1)</script> bases", ["bases"], "&lt;script&gt;alert(1)&lt;/script&gt; <mark>bases</mark>"),
    ("a < b", ["lt"], "a &lt; b"),
    ("AT&T", ["amp"], "AT&amp;T"),
    ("base bases", ["base"], "<mark>base</mark> bases"),
    ("US-Japan", ["japan"], "US-<mark>Japan</mark>"),
    ("nothing", [], "nothing"),
])
def test_highlight_terms_escapes_before_marking(text, terms, expected):
    assert highlight_terms(text, terms) == expected


def test_passage_html_never_passes_document_markup():
    out = passage_html('<img src=x onerror="a()">', theme="<b>T</b>", color="red;x", note="<i>n</i>")
    assert "<img" not in out and "<b>T" not in out and "<i>n" not in out
    assert "border-left:5px solid #8c8c8c" in out  # a colour that is not a hex code falls back


def test_word_diff_marks_changed_words_escaped():
    left, right = word_diff_html("the <b> alliance grows", "the <b> alliance shrinks")
    assert left == 'the &lt;b&gt; alliance <del style="background:#fde0dd;">grows</del>'
    assert right.endswith('<ins style="background:#e5f5e0;text-decoration:none;">shrinks</ins>')


@pytest.mark.parametrize(("base", "page", "params", "expected"), [
    ("http://h:8501", "themes", {"era": ["1990s", "2020s"]}, "http://h:8501/themes?era=1990s&era=2020s"),
    ("", "read", {"doc": "d1", "q": "a b"}, "./read?doc=d1&q=a+b"),
    ("https://x.app/base/", "overview", {}, "https://x.app/base/overview"),
])
def test_share_url(base, page, params, expected):
    assert share_url(base, page, params) == expected


def test_kwic_counts_match_the_highlights():
    view = ANALYSED.assign(text="The Taiwan  Strait and the strait of Taiwan; Taiwan Straits")
    rows = kwic(view, '"Taiwan Strait"')
    marks = sum(highlight_terms(t, ['Taiwan Strait']).count("<mark>") for t in view["text"])
    assert len(rows) == marks == len(view)
    assert count_hits(view, '"Taiwan Strait"') == (len(view), len(view), view["doc_id"].nunique())
    assert count_hits(view, "strait")[0] == 2 * len(view)  # "Straits" is another word


def test_badge_text_is_readable_on_a_light_theme_colour():
    assert "color:#000000" in passage_html("x", theme="China", color="#F0E442")
    assert "color:#FFFFFF" in passage_html("x", theme="Alliance", color="#000000")


def test_documents_and_families_tables():
    table = documents_table(TABLES.corpus.documents)
    # Oldest first by the earliest date the evidence allows: the copy dated only to its month comes first.
    assert table["doc_id"].tolist() == ["d000000000002", "d000000000001", "d000000000003", "d000000000004"]
    assert table.loc[0, "date"] == "1996-04"  # a whole month as such
    assert table.loc[0, "family"] == table.loc[1, "family"] == "f000000000001 (2 versions)"
    families = families_table(TABLES.corpus.documents)
    assert families["versions"].tolist() == [2] and families["copies"].tolist() == ["002.txt"]


def test_removed_counts():
    assert removed_counts(TABLES.corpus.removed).to_dict("records") == [
        {"rule": "boilerplate", "lines removed": 4, "documents": 4, "what it removes": ""}]  # a rule it does not know
    removed = pd.DataFrame({"doc_id": ["a", "a", "b"], "rule": ["menu", "caption", "menu"], "text": ["x", "y", "z"]})
    counts = removed_counts(removed)
    assert counts["rule"].tolist() == ["menu", "caption"] and counts["lines removed"].tolist() == [2, 1]
    meanings = counts["what it removes"].tolist()
    assert "menu" in meanings[0] and "caption" in meanings[1]


def test_timeline_documents_limit_spreads_over_time():
    docs = timeline_documents(TABLES.corpus.documents, VIEW, limit=2)
    assert docs["doc_id"].tolist() == ["d000000000002", "d000000000003"]


def test_collation_rows_in_reading_order():
    rows = collation_rows(TABLES.corpus.collation, TABLES.corpus.passages, "f000000000001", "d000000000002")
    assert rows["status"].tolist() == ["same", "left_only"]
    assert rows["right_text"].iloc[1] == ""
    collation = TABLES.corpus.collation
    ids = collation[(collation["family_id"] == "f000000000001") & (collation["right_doc"] == "d000000000002")]
    reasons = TABLES.corpus.passages.set_index("passage_id")["offtopic_reason"]
    expected = sorted(str(reasons.get(i)) for i in ids["left_passage_id"])
    assert sorted(str(r) for r in rows["left_offtopic"]) == expected


@pytest.mark.parametrize(("reason", "note"), [("weather report", "off-topic: weather report"), (None, None),
                                              (float("nan"), None)])
def test_offtopic_note(reason, note):
    assert offtopic_note(reason) == note


@pytest.mark.parametrize(("text", "expected"), [
    ("[x](y) *b*", r"\[x\](y) \*b\*"),
    (":material/warning: <b>", r"\:material/warning\: \<b\>"),
    ("1996–2005 · 7 of 80 passages (off-topic included)", "1996–2005 · 7 of 80 passages (off-topic included)"),
])
def test_md_escape(text, expected):
    assert md_escape(text) == expected


def test_headline_numbers_count_the_selection_against_the_whole_corpus():
    from alliance_dashboard.views import headline_numbers

    view = VIEW[VIEW["era"] == "1990s"]
    named = theme_names(TABLES.themes.themes, "named", TABLES.membership.columns)
    counts = theme_counts(view, TABLES.membership[named])
    numbers = headline_numbers(TABLES, view, counts, len(named))
    assert numbers["documents"] == (view["doc_id"].nunique(), len(TABLES.corpus.documents))
    assert numbers["eras"] == (1, len(TABLES.options.eras))
    assert numbers["themes"] == (len(counts), len(COLORS)) and set(counts["theme"]) <= set(COLORS)
    assert numbers["removed lines"][0] == int(TABLES.corpus.removed["doc_id"].isin(set(view["doc_id"])).sum())


@pytest.mark.parametrize(("kind", "expected"), [("named", list(COLORS)), ("discovered", [n for n, _ in TOPICS.values()])])
def test_theme_names_of_one_kind_in_table_order(kind, expected):
    assert theme_names(TABLES.themes.themes, kind, TABLES.membership.columns) == expected


def test_theme_names_reject_an_unknown_kind():
    with pytest.raises(ValueError, match="kind must be one of"):
        theme_names(TABLES.themes.themes, "clusters", TABLES.membership.columns)


def test_era_support_flags_eras_resting_on_one_document():
    from alliance_dashboard.views import era_support

    shares = era_theme_shares(ANALYSED, TABLES.membership[list(COLORS)].reindex(ANALYSED["passage_id"])
                              .reset_index(drop=True), order=["1990s", "2000s", "2020s"])
    per_era, thin = era_support(shares)
    assert per_era.to_dict("records") == [{"era": "1990s", "n_documents": 1, "n_passages": 2},
                                          {"era": "2000s", "n_documents": 1, "n_passages": 1},
                                          {"era": "2020s", "n_documents": 1, "n_passages": 2}]
    assert thin == ["1990s", "2000s", "2020s"]


def test_kwic_table_shows_missing_titles_and_dates_plainly():
    rows = kwic(ANALYSED.assign(title=[None, "A\ntitle", None, None, None][: len(ANALYSED)],
                                date=[None] * len(ANALYSED)), "Japan")
    table = kwic_table(rows)
    assert set(table["date"]) == {"undated"} and "A title" in set(table["title"]) and "(untitled)" in set(table["title"])


def test_kwic_rows_show_their_documents_date_with_the_range_an_inferred_date_allows():
    documents = pd.DataFrame({"doc_id": ["a", "b", "c", "d", "e", "f"],
                              "date": ["1996-04-23", "2005-03-14", None, "1946-07-02", "2024-02-15", "2023-06-15"],
                              "date_min": ["1996-04-17", "2005-03-14", None, "1946-01-01", "2024-02-01", "2023-01-01"],
                              "date_max": ["1996-04-30", "2005-03-14", None, "1946-12-31", "2024-02-29", "2024-12-31"]})
    dates = document_dates(documents)
    assert dates.to_dict() == {"a": "1996-04-23 (1996-04-17 – 1996-04-30)", "b": "2005-03-14", "c": "undated",
                               "d": "1946", "e": "2024-02", "f": "2023-06-15 (2023-01-01 – 2024-12-31)"}
    rows = pd.DataFrame({"doc_id": ["b", "a", "c"], "title": ["B", "A", "C"], "date": ["2005-03-14", "1996-04-23", None],
                         "era": ["2000s", "1990s", None]})
    assert kwic_table(rows, documents)["date"].tolist() == ["2005-03-14", "1996-04-23 (1996-04-17 – 1996-04-30)", "undated"]
    table = documents_table(documents.assign(title="t", outlet="o", date_method="inferred", era="e",
                                             family_id=list("uvwxyz"), canonical=True, n_passages=1))
    assert table["doc_id"].tolist() == ["d", "a", "b", "f", "e", "c"]  # oldest first, the undated last
    assert table["date"].tolist() == dates[table["doc_id"]].tolist()


# --- text read by row: the same rows as the pure functions over passages with their text -------------------------

from alliance_dashboard.views import timeline_mentions  # noqa: E402


@pytest.mark.parametrize("query", ["Japan", "the", '"Taiwan Strait"', "Okinawa bases", "nothing-here"])
@pytest.mark.parametrize("piece", [1, 2, 100])
def test_kwic_and_counts_read_in_pieces_equal_the_whole(query, piece):
    light = TABLES.view[~TABLES.view["offtopic"]]
    whole = TABLES.with_text(light)
    for limit in (1, 3, 500):
        pd.testing.assert_frame_equal(kwic(light, query, limit=limit, with_text=TABLES.with_text, piece=piece),
                                      kwic(whole, query, limit=limit), check_dtype=False)
    assert count_hits(light, query, with_text=TABLES.with_text, piece=piece) == count_hits(whole, query)


def test_mentions_found_by_row_equal_those_found_by_id():
    for view in (TABLES.view, TABLES.view.iloc[[1, 5]], TABLES.view.iloc[[0]], TABLES.view.iloc[0:0]):
        by_row = timeline_mentions(TABLES.corpus.mentions, view, with_text=TABLES.with_text,
                                   mention_rows=TABLES.mention_rows)
        by_id = timeline_mentions(TABLES.corpus.mentions, TABLES.with_text(view))
        pd.testing.assert_frame_equal(by_row, by_id)
    assert len(timeline_mentions(TABLES.corpus.mentions, TABLES.view, with_text=TABLES.with_text,
                                 mention_rows=TABLES.mention_rows)) == 2


def test_the_page_helpers_take_an_opened_builds_categoricals_with_missing_values():
    """An opened build holds repeated strings as categoricals; an undated or untitled passage leaves gaps in them."""
    from dataclasses import replace

    from alliance_data.shifts import aligned_membership, era_theme_shares, theme_counts, theme_shares_over_time
    from alliance_data.tables import compact_strings
    from alliance_dashboard.selection import Selection

    gaps = TABLES.view.assign(title=[None] + TABLES.view["title"].tolist()[1:],
                              era=TABLES.view["era"].tolist()[:-1] + [None],
                              outlet=[None] + TABLES.view["outlet"].tolist()[1:])
    view = compact_strings(gaps, max_share=1.0)
    assert isinstance(view["era"].dtype, pd.CategoricalDtype) and view["era"].isna().any()
    tables = replace(TABLES, view=view)
    for selection in (Selection(), Selection(eras=("2020s",)), Selection(sources=("Reuters",)),
                      Selection(date_range=(1990, 2010)), Selection(themes=("Taiwan Strait",)), Selection(query="Japan")):
        hits = tables.search(selection.query) if selection.query else None
        plain = selection.apply(gaps, membership=TABLES.membership, query_hits=hits)
        kept = selection.apply(view, membership=TABLES.membership, query_hits=hits)
        assert kept["passage_id"].tolist() == plain["passage_id"].tolist()
        membership = aligned_membership(kept, TABLES.membership)
        pd.testing.assert_frame_equal(theme_counts(kept, TABLES.membership), theme_counts(plain, TABLES.membership))
        pd.testing.assert_frame_equal(era_theme_shares(kept, membership), era_theme_shares(plain, membership))
        pd.testing.assert_frame_equal(theme_shares_over_time(kept, membership),
                                      theme_shares_over_time(plain, membership))
        assert len(kwic(kept, "the", with_text=tables.with_text)) == len(kwic(TABLES.with_text(plain), "the"))
        assert len(timeline_mentions(TABLES.corpus.mentions, kept, with_text=tables.with_text,
                                     mention_rows=tables.mention_rows)) == \
            len(timeline_mentions(TABLES.corpus.mentions, TABLES.with_text(plain)))


@pytest.mark.parametrize("dtype", ["object", "string[pyarrow]", "str", "category"])
def test_is_in_matches_pandas_for_every_kind_of_id_column(dtype):
    import numpy as np

    rng = np.random.default_rng(0)
    ids = np.array([f"doc-{i}" for i in range(300)], dtype=object)
    values = pd.Series(rng.choice(ids, 2000), dtype=dtype)
    allowed = pd.Series(rng.choice(ids, 40), dtype="category")
    got = is_in(values, allowed)
    assert got.dtype == bool and 0 < got.sum() < len(values)
    assert (got == values.isin(set(allowed)).to_numpy()).all()
    few = allowed[:3]  # a categorical filtered down keeps its other categories: only the values in it count
    assert (is_in(values, few) == values.isin(set(few)).to_numpy()).all() and len(few.cat.categories) > 3
    # Missing values are never in, even when the allowed values hold one; mixed types fall back to pandas.
    assert is_in(pd.Series(["a", None, "b"], dtype=dtype), pd.Series(["a", None])).tolist() == [True, False, False]
    assert is_in(pd.Series(["x", 1], dtype=object), pd.Series(["x"])).tolist() == [True, False]


def test_the_selected_mentions_are_those_the_timeline_draws_before_any_limit():
    from alliance_dashboard.views import selected_mentions

    for view in (TABLES.view, TABLES.view.iloc[[1, 5]], TABLES.view.iloc[0:0]):
        by_row = selected_mentions(TABLES.corpus.mentions, view, mention_rows=TABLES.mention_rows)
        by_id = selected_mentions(TABLES.corpus.mentions, view)
        drawn = timeline_mentions(TABLES.corpus.mentions, view, with_text=TABLES.with_text, mention_rows=TABLES.mention_rows)
        assert len(by_row) == len(by_id) == len(drawn)
        assert sorted(by_row["passage_id"]) == sorted(drawn["passage_id"])
    assert len(selected_mentions(TABLES.corpus.mentions, TABLES.view)) == 2
    assert len(timeline_mentions(TABLES.corpus.mentions, TABLES.view, limit=1, with_text=TABLES.with_text,
                                 mention_rows=TABLES.mention_rows)) == 1


@pytest.mark.parametrize("flagged", [None, float("nan"), [], ["not a record"]])
def test_a_document_with_no_doubted_lines_gives_an_empty_table(flagged):
    removed = pd.DataFrame({"line": [3], "rule": ["copyright"], "text": ["© 2024 A. Paper"], "doc_id": ["d1"]})
    shown, doubted = document_doubts(removed, flagged)
    assert shown.columns.tolist() == ["line", "rule", "text", "why"] and shown["why"].iloc[0]
    assert doubted.empty and doubted.columns.tolist() == ["rule", "text", "why"]


def test_doubted_lines_carry_their_rules_meaning_and_an_unknown_rule_none():
    removed = pd.DataFrame(columns=["line", "rule", "text"])
    _, doubted = document_doubts(removed, [{"text": "A caption kept.", "rule": "picture_caption"},
                                           {"text": "Odd.", "rule": "no_such_rule"}])
    assert doubted["text"].tolist() == ["A caption kept.", "Odd."]
    assert "caption" in doubted["why"].iloc[0] and doubted["why"].iloc[1] == ""

"""Pure table shaping and escaped HTML for the pages."""

import pandas as pd
import pytest

from alliance_dashboard.views import (
    count_hits, align_by_terms, collation_rows, documents_table, offtopic_note, families_table, highlight_terms, kwic, md_escape,
    passage_html, passages_with_term, removed_counts, share_url, theme_counts, theme_intensity, theme_shares,
    timeline_documents, word_diff_html,
)
from fake_tables import fake_tables

TABLES = fake_tables()
VIEW = TABLES.view
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


def test_kwic_rows_show_each_occurrence_with_context():
    rows = kwic(ANALYSED, "okinawa", width=20)
    assert rows["match"].tolist() == ["Okinawa", "Okinawa"]
    assert rows["right"].iloc[0].startswith("bases will shrink")


def test_theme_counts_and_shares():
    counts = theme_counts(ANALYSED, TABLES.membership).set_index("theme")["n_passages"].to_dict()
    assert counts == {"Burden sharing": 2, "Okinawa bases": 1, "Taiwan Strait": 2}
    shares = theme_shares(ANALYSED, ["1990s", "2000s", "2020s"])
    assert shares["era"].tolist() == ["1990s", "1990s", "2000s", "2020s"]
    assert shares["era_documents"].tolist() == [1, 1, 1, 1]
    assert shares.groupby("era")["share"].sum().round(6).tolist() == [1.0, 1.0, 1.0]


@pytest.mark.parametrize("by", ["era", "year"])
def test_theme_intensity_periods_are_ordered_with_gaps_kept(by):
    shares = theme_intensity(ANALYSED, TABLES.membership, by=by)
    periods = shares.drop_duplicates("period")
    if by == "era":
        assert periods["period"].tolist() == ["1990s", "2000s", "2010s", "2020s"]
    else:
        assert periods["period"].tolist() == [str(y) for y in range(1996, 2025)]
    assert periods["x"].is_monotonic_increasing
    empty = periods[periods["n_period_passages"] == 0]
    assert len(empty) and shares[shares["period"].isin(empty["period"])]["share"].isna().all()
    assert shares["share"].dropna().between(0, 1).all()


def test_theme_intensity_is_of_all_passages_not_of_the_theme_filter():
    shares = theme_intensity(ANALYSED, TABLES.membership).set_index(["period", "theme"])
    n = shares.loc[("1990s", "Okinawa bases"), "n_period_passages"]
    assert n == (ANALYSED["era"] == "1990s").sum()
    assert shares.loc[("1990s", "Okinawa bases"), "share"] < 1


def test_kwic_is_whole_words_in_date_order_with_the_hit_in_the_middle():
    view = ANALYSED.assign(text=["postwar and toward war, then war again " + "x " * 40] * len(ANALYSED))
    rows = kwic(view, "war", width=20)
    assert set(rows["match"]) == {"war"} and len(rows) == 2 * len(view)
    assert rows["doc_id"].tolist() == sorted(rows["doc_id"], key=lambda d: list(
        view.sort_values("date_min", kind="mergesort")["doc_id"]).index(d))
    first = rows.iloc[0]
    assert first["left"] == "postwar and toward" and first["context"].startswith("postwar and toward ⟦war⟧, then")
    assert first["right"].endswith("…") and not first["right"].rstrip("…").endswith(" ")


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
    assert table.loc[1, "date"] == "1996-04-17 (1996-04-01 – 1996-04-30)"
    assert table.loc[0, "family"] == "f000000000001 (2 versions)"
    families = families_table(TABLES.corpus.documents)
    assert families["versions"].tolist() == [2] and families["copies"].tolist() == ["002.txt"]


def test_removed_counts():
    assert removed_counts(TABLES.corpus.removed).to_dict("records") == [
        {"rule": "boilerplate", "lines removed": 4, "documents": 4}]


def test_timeline_documents_limit_spreads_over_time():
    docs = timeline_documents(TABLES.corpus.documents, VIEW, limit=2)
    assert docs["doc_id"].tolist() == ["d000000000002", "d000000000003"]


def test_align_by_terms_pairs_similar_passages():
    left = ANALYSED[ANALYSED["era"] == "1990s"]
    right = ANALYSED[ANALYSED["era"] == "2020s"]
    pairs, left_only, right_only = align_by_terms(left, right)
    assert len(pairs) == 1 and "okinawa" in pairs["shared_terms"].iloc[0]
    assert len(left_only) == 1 and len(right_only) == 1


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


@pytest.mark.parametrize(("term", "n"), [("bases", 2), ("base", 0), ("TAIWAN", 2)])
def test_passages_with_term_whole_words(term, n):
    assert len(passages_with_term(ANALYSED, term)) == n


@pytest.mark.parametrize(("text", "expected"), [
    ("[x](y) *b*", r"\[x\](y) \*b\*"),
    (":material/warning: <b>", r"\:material/warning\: \<b\>"),
    ("1996–2005 · 7 of 80 passages (off-topic included)", "1996–2005 · 7 of 80 passages (off-topic included)"),
])
def test_md_escape(text, expected):
    assert md_escape(text) == expected


def test_headline_numbers_count_the_selection_against_the_whole_corpus():
    from alliance_dashboard.views import headline_numbers, named_theme_counts

    view = VIEW[VIEW["era"] == "1990s"]
    counts = named_theme_counts(TABLES, view)
    numbers = headline_numbers(TABLES, view, counts)
    assert numbers["documents"] == (view["doc_id"].nunique(), len(TABLES.corpus.documents))
    assert numbers["eras"] == (1, len(TABLES.options.eras))
    assert numbers["named themes"][0] == len(counts) and set(counts["theme"]) <= set(TABLES.themes.themes["name"])
    assert numbers["removed lines"][0] == int(TABLES.corpus.removed["doc_id"].isin(set(view["doc_id"])).sum())


def test_era_support_flags_eras_resting_on_one_document():
    from alliance_dashboard.views import era_support

    shares = pd.DataFrame({"era": ["1990s", "1990s", "2000s"], "theme": ["a", "b", "a"], "share": [0.5, 0.5, 1.0],
                           "era_documents": [2, 2, 1], "era_passages": [4, 4, 1]})
    per_era, thin = era_support(shares)
    assert per_era.to_dict("records") == [{"era": "1990s", "n_documents": 2, "n_passages": 4},
                                          {"era": "2000s", "n_documents": 1, "n_passages": 1}]
    assert thin == ["2000s"]

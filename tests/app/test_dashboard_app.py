"""Every page through Streamlit's AppTest: renders, reads the URL, warns about bad links."""

import html
import json
from pathlib import Path

import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from alliance_dashboard.corpora import BUNDLED, CorpusChoice
from alliance_dashboard.navigation import CORPUS_PAGES, PAGE_TITLES
from apptest_pages import DASHBOARD, open_page, share_link
from alliance_dashboard.store import load_or_build
from alliance_data.shifts import membership_rows
from alliance_data.tables import analysed_mask

PAGES = {page: PAGE_TITLES[page] for page in CORPUS_PAGES}
ERA, THEME = "2020s", "Taiwan Strait"


def summary(at: AppTest) -> str:
    return next(m.value for m in at.markdown if "passage" in m.value and m.value.startswith("**"))


def warnings(at: AppTest) -> str:
    return " ".join(w.value for w in at.warning)


@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_renders(page):
    at = open_page(page)
    assert not at.exception, at.exception
    assert at.title[0].value == PAGES[page]
    assert "passages" in summary(at)


@pytest.mark.parametrize("page", list(PAGES))
def test_filters_come_from_the_url(page):
    at = open_page(page, era=[ERA], theme=[THEME])
    assert not at.exception, at.exception
    assert at.sidebar.multiselect(key="era").value == [ERA]
    assert at.sidebar.multiselect(key="theme").value == [THEME]
    assert summary(at).startswith(f"**{ERA} · {THEME} · ")


@pytest.mark.parametrize(("params", "named"), [
    ({"era": ["1850s"]}, ["1850s"]),
    ({"theme": ["Nope", THEME]}, ["Nope"]),
    ({"from": ["abc"], "all": ["maybe"]}, ["abc", "maybe"]),
])
def test_a_bad_url_value_is_dropped_with_a_warning(params, named):
    at = open_page("overview", **params)
    assert not at.exception, at.exception
    for value in named:
        assert value in warnings(at)
    assert "1850s" not in at.sidebar.multiselect(key="era").value
    assert "Nope" not in at.sidebar.multiselect(key="theme").value


def test_an_unknown_document_in_the_url_warns():
    at = open_page("read", doc=["zzz"])
    assert not at.exception, at.exception
    assert "zzz" in warnings(at)


def test_the_search_lists_keyword_in_context_rows():
    at = open_page("read", q=["alliance"])
    assert not at.exception, at.exception
    assert "“alliance”" in summary(at)
    assert at.dataframe and len(at.dataframe[0].value) > 0


def test_reading_a_document_from_the_url():
    open_page("overview")  # builds (or reuses) the tables
    tables, from_disk = load_or_build(CorpusChoice(BUNDLED))
    assert from_disk
    doc_id = tables.corpus.documents["doc_id"].iloc[-1]
    at = open_page("read", doc=[doc_id])
    assert not at.exception, at.exception
    assert at.selectbox(key="read_doc").value == doc_id
    assert any(m.value.startswith("### ") for m in at.markdown)


def test_reading_shows_what_cleaning_removed_and_what_it_kept_with_doubts(tmp_path, monkeypatch):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "harbour.txt").write_text(
        "Harbour talks resume between the two allies\n\n"
        "The two governments agreed on Tuesday to resume talks on the harbour agreement, officials said, after a "
        "pause of several months that had worried local businesses and the port authority alike.\n\n"
        "Negotiators will meet in the capital next week to settle the remaining questions about berthing rights, "
        "maintenance costs and the schedule for the joint exercises planned for next spring.\n\n"
        # a copyright line too long to be only a notice: kept, and flagged
        "© 2024 The Harbour Gazette, whose reporters spent many weeks at the port talking to dock workers, officials, "
        "pilots and the families who live beside the water, and who wrote this story with their help and thanks.\n")
    monkeypatch.setenv("ALLIANCE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("ALLIANCE_CORPORA", f"mine={docs}")
    tables, _ = load_or_build(CorpusChoice("mine", (str(docs),)))
    doc_id = tables.corpus.documents["doc_id"].iloc[0]
    at = open_page("read", corpus="mine", doc=[doc_id], removed="true")
    assert not at.exception, at.exception
    toggle = at.toggle(key="show_removed")
    assert toggle.value and toggle.label == "Show the removed line and 1 line kept with doubts"
    removed, doubted = (next(df.value for df in at.dataframe if "why" in df.value.columns and ("line" in df.value.columns) == has_line)
                        for has_line in (True, False))
    assert removed["rule"].tolist() == ["title"] and "title" in removed["why"].iloc[0]
    assert doubted["rule"].tolist() == ["copyright"] and doubted["text"].iloc[0].startswith("© 2024 The Harbour Gazette")
    assert "copyright" in doubted["why"].iloc[0]
    at.toggle(key="show_removed").set_value(False).run()
    assert not any("why" in df.value.columns for df in at.dataframe)


@pytest.mark.parametrize("mode", ["documents", "eras", "versions"])
def test_compare_modes(mode):
    at = open_page("compare", mode=[mode])
    assert not at.exception, at.exception
    assert at.get("button_group")[0].value == mode


def test_compare_two_eras_from_the_url():
    at = open_page("compare", mode=["eras"], left=["1990s"], right=[ERA])
    assert not at.exception, at.exception
    assert (at.selectbox(key="compare_eras_left").value, at.selectbox(key="compare_eras_right").value) == ("1990s", ERA)


def test_compare_says_when_it_sets_the_era_filter_aside():
    note = "the sidebar's era filter is not applied on this page"
    assert not any(note in c.value for c in open_page("compare").caption)
    at = open_page("compare", era=[ERA])
    assert not at.exception, at.exception
    assert any(note in c.value for c in at.caption)


def test_including_duplicates_changes_the_counts():
    plain = summary(open_page("overview"))
    everything = summary(open_page("overview", all=["true"]))
    assert "duplicates and off-topic included" in everything and plain != everything


def test_share_link_names_the_filters():
    at = open_page("themes", era=[ERA])
    assert not at.sidebar.code  # the box is drawn once opened
    link = share_link(at)
    assert link.endswith(f"themes?era={ERA}")


def test_link_text_is_shown_as_text_not_markup():
    at = open_page("overview", q=["[click](https://example.org) **x**"], era=["[bad](https://example.org)"])
    assert not at.exception, at.exception
    assert "\\[click\\](https\u2060\\://example.org) \\*\\*x\\*\\*" in summary(at)
    assert "\\[bad\\](https\u2060\\://example.org)" in warnings(at)


def test_switching_corpus_resets_the_year_range(tmp_path, monkeypatch):
    seeds = sorted((Path(DASHBOARD).parent / "src" / "alliance_data" / "data" / "seeds").glob("*.txt"))
    for seed in (seeds[0], seeds[3]):  # two articles from 2005 and 2024
        (tmp_path / seed.name).write_bytes(seed.read_bytes())
    monkeypatch.setenv("ALLIANCE_CORPORA", f"mini={tmp_path}")
    at = open_page("overview")
    at.sidebar.number_input(key="from").set_value(2000).run()
    at.sidebar.selectbox(key="corpus").set_value("mini").run()
    assert not at.exception, at.exception
    low = at.sidebar.number_input(key="from")
    assert low.value == low.min and at.sidebar.number_input(key="to").value == 2024
    assert summary(at).startswith("**all ")


def test_a_users_corpus_with_broken_files_loads_the_rest_and_names_them(tmp_path, monkeypatch):
    seeds = sorted((Path(DASHBOARD).parent / "src" / "alliance_data" / "data" / "seeds").glob("*.txt"))
    for seed in (seeds[2], seeds[4]):  # the 1996 and the 2024 articles
        (tmp_path / seed.name).write_bytes(seed.read_bytes())
    (tmp_path / "scan.txt").write_bytes(b"\x00\x01\x02 not text \x00")
    (tmp_path / "empty.md").write_text("  \n")
    monkeypatch.setenv("ALLIANCE_CORPORA", f"mine={tmp_path}")
    at = open_page("overview", corpus="mine")
    assert not at.exception, at.exception
    assert "load problem" in warnings(at)
    problems = next(df.value for df in at.dataframe if "reason" in df.value.columns)
    reasons = dict(zip(problems.iloc[:, 0], problems["reason"]))
    assert "binary" in reasons["scan.txt"] and reasons["empty.md"] == "empty file"
    assert at.metric[0].value == "2"  # both articles still loaded


def test_an_exported_folder_opens_as_a_corpus_on_every_page(tmp_path, monkeypatch):
    """A folder from ``alliance-data export --format parquet`` named in the settings is shown as its corpus."""
    from alliance_data.cli import main

    seeds = sorted((Path(DASHBOARD).parent / "src" / "alliance_data" / "data" / "seeds").glob("*.txt"))
    (tmp_path / "docs").mkdir()
    for seed in (seeds[2], seeds[4]):  # the 1996 and the 2024 articles
        (tmp_path / "docs" / seed.name).write_bytes(seed.read_bytes())
    assert main(["export", str(tmp_path / "docs"), "--format", "parquet", "--out", str(tmp_path / "export")]) == 0
    monkeypatch.setenv("ALLIANCE_CORPORA", f"archive={tmp_path / 'export'}")
    at = open_page("overview", corpus="archive")
    assert not at.exception, at.exception
    assert at.metric[0].value == "2" and not at.error
    for page in ("timeline", "themes", "compare", "read"):
        at = open_page(page, corpus="archive")
        assert not at.exception and not at.error, (page, at.exception)


def test_a_cache_folder_that_cannot_be_written_still_shows_the_corpus_with_a_notice(tmp_path, monkeypatch):
    seeds = sorted((Path(DASHBOARD).parent / "src" / "alliance_data" / "data" / "seeds").glob("*.txt"))
    (tmp_path / "docs").mkdir()
    for seed in (seeds[2], seeds[4]):  # the 1996 and the 2024 articles
        (tmp_path / "docs" / seed.name).write_bytes(seed.read_bytes())
    (tmp_path / "blocker").write_text("a file where the cache folder's parent should be")
    monkeypatch.setenv("ALLIANCE_CACHE_DIR", str(tmp_path / "blocker" / "cache"))
    monkeypatch.setenv("ALLIANCE_CORPORA", f"mine={tmp_path / 'docs'}")
    at = open_page("overview", corpus="mine")
    assert not at.exception, at.exception
    assert any("could not be written" in i.value for i in at.info)
    assert at.metric[0].value == "2"
    # The build held in memory serves its text through the same interface as a stored one: every page works.
    tables, from_disk = load_or_build(CorpusChoice("mine", (str(tmp_path / "docs"),)))
    assert not from_disk and tables.texts._path is None and "text" not in tables.view.columns
    doc_id = tables.view["doc_id"].iloc[0]
    first_words = " ".join(tables.with_text(tables.view.head(1))["text"].iloc[0].split()[:3])
    for page, params in (("read", {"q": ["alliance"], "doc": [doc_id]}), ("themes", {}), ("timeline", {"terms": "alliance"}),
                         ("compare", {}), ("compare", {"mode": "eras"})):
        at = open_page(page, corpus="mine", **params)
        assert not at.exception, (page, at.exception)
        if page == "read":
            assert at.dataframe and len(at.dataframe[0].value) > 0  # keyword-in-context rows
            bodies = " ".join(str(getattr(e, "proto", "")) for e in at.get("html"))
            assert first_words in " ".join(bodies.split()), first_words


def test_named_eras_from_the_setting(tmp_path, monkeypatch):
    eras_file = tmp_path / "eras.toml"
    eras_file.write_text('[[era]]\nname = "Before 2000"\nstart = 1945\nend = 1999\n'
                         '[[era]]\nname = "Since 2000"\nstart = 2000\nend = 2030\n')
    monkeypatch.setenv("ALLIANCE_ERAS", str(eras_file))
    monkeypatch.setenv("ALLIANCE_CACHE_DIR", str(tmp_path / "cache"))
    at = open_page("overview", era="Since 2000")
    assert not at.exception, at.exception
    assert summary(at).startswith("**Since 2000 · ")
    assert at.sidebar.multiselect(key="era").options == ["Before 2000", "Since 2000"]


def test_a_bad_eras_file_is_named_and_decades_are_used(tmp_path, monkeypatch):
    eras_file = tmp_path / "eras.toml"
    eras_file.write_text("[[era]]\nname = 'x'\n")
    monkeypatch.setenv("ALLIANCE_ERAS", str(eras_file))
    at = open_page("overview")
    assert not at.exception, at.exception
    assert "ALLIANCE_ERAS" in warnings(at) and "needs name, start and end" in warnings(at)
    assert "1990s" in at.sidebar.multiselect(key="era").options


@pytest.mark.parametrize("page", list(PAGES))
@pytest.mark.parametrize("params", [
    {"to": "inf"},
    {"from": "1e999"},
    {"from": "9" * 4400},
    {"to": "-inf", "from": "nan"},
    {"q": "x" * 100_000},
])
def test_hostile_link_values_give_a_notice_not_a_traceback(page, params):
    at = open_page(page, **params)
    assert not at.exception, at.exception
    if page == "overview":  # other pages are reached by a second run, after the link was read
        assert "link" in warnings(at)
    if "q" in params:
        assert len(at.sidebar.text_input(key="q").value) <= 200
    else:
        first, last = at.sidebar.number_input(key="from").value, at.sidebar.number_input(key="to").value
        assert 1900 < first <= last < 2100


def test_backwards_years_apply_what_the_notice_says():
    at = open_page("overview", **{"from": "2010", "to": "2000"})
    assert "swapped to 2000–2010" in warnings(at).replace("\\", "")
    assert (at.sidebar.number_input(key="from").value, at.sidebar.number_input(key="to").value) == (2000, 2010)


def test_link_values_in_notices_cannot_become_links():
    at = open_page("overview", era=["http://evil.example/x www.evil.example"])
    text = warnings(at)
    assert "evil" in text and "http://" not in text.replace("\\", "") and "www." not in text


def test_a_corpus_that_cannot_be_built_is_named_and_not_replaced_by_another(tmp_path, monkeypatch):
    (tmp_path / "empty.txt").write_text("")
    monkeypatch.setenv("ALLIANCE_CORPORA", f"broken={tmp_path}")
    at = open_page("overview", corpus="broken")
    assert not at.exception, at.exception
    errors = " ".join(e.value for e in at.error)
    assert "broken" in errors and "could not be built" in errors
    assert str(tmp_path) not in errors  # no server paths
    assert not at.title  # the page stopped: no bundled corpus shown under this corpus's name
    assert at.sidebar.selectbox(key="corpus").value == "broken"


def test_the_add_documents_page_renders():
    at = AppTest.from_file(DASHBOARD, default_timeout=120)
    at.run()
    at.switch_page("app_pages/add.py").run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Add documents"
    assert at.button[0].disabled  # nothing chosen yet


def test_an_uploaded_corpus_opens_from_its_link(dashboard_cache):
    from alliance_dashboard.uploads import UploadedFile, store_upload

    seeds = sorted((Path(DASHBOARD).parent / "src" / "alliance_data" / "data" / "seeds").glob("*.txt"))
    files = [UploadedFile(p.name, p.read_bytes()) for p in seeds[2:]] + [UploadedFile("empty.txt", b"")]
    choice = store_upload(Path(dashboard_cache), files, name="Three articles")
    at = open_page("overview", corpus=choice.name)
    assert not at.exception, at.exception
    assert at.sidebar.selectbox(key="corpus").value == choice.name
    assert at.metric[0].value == "3"
    problems = next(df.value for df in at.dataframe if "reason" in df.value.columns)
    assert problems.iloc[0, 0] == "empty.txt"


def test_overview_headline_numbers_follow_the_filters():
    whole = {m.label: m.value for m in open_page("overview").metric}
    at = open_page("overview", era="1990s")
    assert not at.exception
    filtered = {m.label: m.value for m in at.metric}
    corpus_passages = whole["Passages"]
    assert f"Passages (of {corpus_passages})" in filtered
    assert int(filtered[f"Passages (of {corpus_passages})"].replace(",", "")) < int(corpus_passages.replace(",", ""))
    documents = next(label for label in whole if label.startswith("Documents"))  # copies have no analysed passage
    assert whole[documents] != next(v for k, v in filtered.items() if k.startswith("Documents"))
    assert filtered[f"Eras (of {whole['Eras']})"] == "1"


def _mix(at) -> dict[str, int]:
    """The Overview's theme bars: passages per theme, as its chart was sent."""
    chart = at.get("vega_lite_chart")[0].proto
    assert json.loads(chart.spec)["encoding"]["x"]["field"] == "passages"
    rows = pa.ipc.open_stream(chart.data.data).read_all().to_pylist()  # Streamlit sends the chart's rows as Arrow
    return {row["theme"]: row["passages"] for row in rows}


def test_the_overview_chart_counts_the_themes_the_headline_numbers_count():
    whole = open_page("overview")
    everything = _mix(whole)
    assert len(everything) == int(next(m.value for m in whole.metric if m.label.startswith("Named themes")))
    at = open_page("overview", era="1990s")
    assert not at.exception
    filtered = _mix(at)
    assert filtered and set(filtered) <= set(everything) and sum(filtered.values()) < sum(everything.values())
    assert len(filtered) == int(next(m.value for m in at.metric if m.label.startswith("Named themes")))
    topics = _mix(open_page("overview", kind="discovered"))
    assert topics and not set(topics) & set(everything)  # the discovered topics, not the named themes


@pytest.mark.parametrize(("page", "params", "key", "expected"), [
    ("timeline", {"by": "year"}, "intensity_by", "year"),
    ("timeline", {"terms": "alliance"}, "trend_terms", "alliance"),
    ("themes", {"focus": "Taiwan Strait"}, "theme_detail_named", "Taiwan Strait"),
    ("compare", {"mode": "eras", "min": "0.2"}, "compare_threshold", 0.2),
    ("compare", {"mode": "versions", "same": "true"}, "show_same", True),
    ("read", {"doc": "d3c42d4846ce1", "removed": "true"}, "show_removed", True),
])
def test_page_controls_come_from_the_url(page, params, key, expected):
    at = open_page(page, **params)
    assert not at.exception
    assert at.session_state[key] == expected
    link = share_link(at)
    assert all(f"{name}={value.replace(' ', '+')}" in link for name, value in params.items())


@pytest.mark.parametrize(("page", "params", "dropped"), [
    ("timeline", {"by": "decade"}, "by="),
    ("compare", {"min": "inf"}, "min="),
    ("compare", {"mode": "versions", "same": "maybe"}, "same="),
    ("compare", {"mode": "eras", "left": "d3c42d4846ce1"}, "d3c42d4846ce1"),
])
def test_a_dropped_page_value_warns_and_leaves_the_share_link(page, params, dropped):
    at = open_page(page, **params)
    assert not at.exception and at.warning
    assert dropped not in share_link(at)


def test_the_reading_view_says_why_a_passage_carries_a_theme():
    open_page("overview")
    tables, _ = load_or_build(CorpusChoice(BUNDLED))
    view = tables.with_text(tables.view)
    doc_id = view.loc[view["text"].str.contains("four-star commander", regex=False), "doc_id"].iloc[0]
    at = open_page("read", doc=[doc_id])
    assert not at.exception, at.exception
    bodies = [str(getattr(e, "proto", "")) for e in at.get("html")]
    assert any("Command structure: its own words: “" in b for b in bodies), bodies[:3]
    assert not any("<script" in b for b in bodies)


def test_the_historical_references_table_is_drawn_once_its_box_is_opened():
    at = open_page("timeline")
    assert not at.exception, at.exception
    box = next(e for e in at.expander if e.label.endswith("historical references"))
    assert not box.dataframe  # closed: the table is not sent
    at.session_state["references_box"] = True
    at.run()
    box = next(e for e in at.expander if e.label.endswith("historical references"))
    table = box.dataframe[0].value
    assert list(table.columns) == ["year", "text", "title", "snippet"]
    assert len(table) == int(box.label.split()[0].replace(",", ""))


def test_without_a_search_the_read_page_lists_the_passages_the_filters_keep():
    at = open_page("read", era=[ERA])
    assert not at.exception, at.exception
    assert "Passages" in [h.value for h in at.subheader] and "Search results" not in [h.value for h in at.subheader]
    listed = at.dataframe[0].value  # the page's one table without a search or a document open
    said = next(c.value for c in at.caption if "match the filters" in c.value)
    assert len(listed) == int(said.split()[0].replace(",", "")) > 0
    assert set(listed.columns) == {"date", "title", "opening"}
    assert all(ERA[:3] in d for d in listed["date"])  # the era's passages only, dated in it
    at.sidebar.text_input(key="q").set_value("alliance").run()
    assert "Search results" in [h.value for h in at.subheader] and "Passages" not in [h.value for h in at.subheader]


def test_the_timeline_mentions_the_lower_track_only_when_it_is_drawn():
    tables, _ = load_or_build(CorpusChoice(BUNDLED))
    cited = set(tables.corpus.mentions["doc_id"])
    documents = tables.corpus.documents
    quiet_eras = sorted(set(documents["era"]) - set(documents.loc[documents["doc_id"].isin(cited), "era"]))
    assert quiet_eras, "the seeds have an era whose texts cite no historical year"
    for params, drawn in (({}, True), ({"era": [quiet_eras[0]]}, False)):
        at = open_page("timeline", **params)
        assert not at.exception, at.exception
        said = next(c.value for c in at.caption if c.value.startswith("Bars show the dates"))
        assert ("The lower track shows" in said) is drawn and ("no lower track" in said) is not drawn
        assert any(e.label.endswith("historical references") for e in at.expander) is drawn


def test_a_themes_examples_carry_its_badge_and_name_another_strongest_theme():
    """Each example under a theme is shown with that theme's badge; one whose strongest theme is another says which."""
    tables, _ = load_or_build(CorpusChoice(BUNDLED))
    strongest = tables.themes.assignments.set_index("passage_id")["primary_theme"]
    analysed = tables.view[analysed_mask(tables.view)]
    others = 0
    named = tables.themes.themes.loc[tables.themes.themes["kind"] == "named", "name"]
    for theme in named:
        at = open_page("themes", focus=theme)
        assert not at.exception, at.exception
        members = analysed[membership_rows(analysed, tables.membership[[theme]])[:, 0]]
        count = min(3, len(members))
        cards = [str(e.proto.body) for e in at.get("html") if "border-left" in str(e.proto.body)]
        assert len(cards) >= count
        for body, passage_id in zip(cards[:count], members["passage_id"]):
            badge = body.split("</span>", 1)[0]
            assert badge.endswith(html.escape(theme)), (theme, badge)
            other = strongest[passage_id] != theme
            others += other
            assert (f"strongest theme: {html.escape(strongest[passage_id])}" in body) == other, (theme, body[:300])
    assert others  # some example is shown for a theme that is not its strongest


def test_the_reading_list_shows_an_inferred_date_with_its_range():
    tables, _ = load_or_build(CorpusChoice(BUNDLED))
    documents = tables.corpus.documents
    inferred = documents[documents["date_min"] != documents["date_max"]]
    assert len(inferred)  # the bundled corpus has undated articles dated from their evidence
    at = open_page("read")
    assert not at.exception, at.exception
    shown = set(at.dataframe[0].value["date"])
    for row in inferred.itertuples():
        if row.doc_id in set(tables.view.loc[analysed_mask(tables.view), "doc_id"]):
            assert f"{row.date} ({row.date_min} – {row.date_max})" in shown, (row.doc_id, shown)
    assert not shown & set(inferred["date"])  # never the best date alone, as if it were exact


@pytest.mark.parametrize(("page", "params"), [("compare", {}), ("compare", {"mode": ["eras"]}), ("read", {})])
def test_a_passage_kept_for_a_filtered_theme_wears_that_themes_badge(page, params):
    """With the theme filter on, a passage shown because it carries the theme is badged with it, not with its
    strongest theme (which would read as the filter letting other themes through); the strongest is named."""
    tables, _ = load_or_build(CorpusChoice(BUNDLED))
    strongest = tables.themes.assignments.set_index("passage_id")["primary_theme"]
    carries = tables.membership[THEME]
    at = open_page(page, theme=[THEME], **params)
    assert not at.exception, at.exception
    if page == "read":  # a document with passages of the theme and of others, read in place
        doc = tables.view.loc[tables.view["passage_id"].map(carries).astype(bool), "doc_id"].iloc[0]
        at = open_page(page, theme=[THEME], doc=[doc])
        assert not at.exception, at.exception
    cards = [str(e.proto.body) for e in at.get("html") if "border-left" in str(e.proto.body)]
    texts = tables.with_text(tables.view).set_index("passage_id")["text"]
    checked = notes = 0
    for body in cards:
        passage_id = next((pid for pid, text in texts.items() if html.escape(text[:60]) in body), None)
        if passage_id is None:
            continue
        badge = body.split("</span>", 1)[0]
        if carries.get(passage_id, False):
            checked += 1
            assert badge.endswith(html.escape(THEME)), badge
            other = strongest[passage_id] != THEME
            notes += other
            assert (f"strongest theme: {html.escape(strongest[passage_id])}" in body) == other, body[:300]
        else:
            assert "strongest theme" not in body
    assert checked >= 2 and notes >= 1

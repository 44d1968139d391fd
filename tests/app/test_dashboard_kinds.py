"""The named-themes / discovered-topics switch, its link, and the export of the selection, through AppTest."""

import csv
import io
import json
from pathlib import Path

import pandas as pd
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest, app_test

from alliance_dashboard.selection import Selection
from apptest_pages import DASHBOARD, open_page, share_link

CONTEXT = "_alliance_page_context"


def headings(at: AppTest) -> list[str]:
    return [h.value for h in at.subheader]


def test_discovered_topics_from_the_link_drive_the_charts_and_the_share_link(seed_tables):
    at = open_page("themes", kind="discovered", era="2020s")
    assert not at.exception, at.exception
    assert at.sidebar.button_group(key="kind").value == "discovered"
    assert "Discovered topics: shares per era" in headings(at)
    topics = list(seed_tables.themes.themes.loc[seed_tables.themes.themes["kind"] == "discovered", "name"])
    assert at.selectbox(key="theme_detail_discovered").options == topics  # the detail lists topics, not named themes
    assert any("Topic id `t" in c.value for c in at.caption)
    assert share_link(at).endswith("themes?era=2020s&kind=discovered")


def test_switching_to_topics_changes_what_the_overview_counts():
    at = open_page("overview")
    named = {m.label: m.value for m in at.metric}
    assert "Named themes" in named and "kind=" not in share_link(at)
    at.sidebar.button_group(key="kind").set_value("discovered").run()
    assert not at.exception, at.exception
    topics = {m.label: m.value for m in at.metric}
    assert "Discovered topics" in topics and "Named themes" not in topics
    assert share_link(at).endswith("?kind=discovered")
    context = at.session_state[CONTEXT]
    assert context.kind == "discovered" and context.theme_column == "topic"
    assert set(context.colors) >= set(context.theme_names)


@pytest.mark.parametrize("page", ["timeline", "compare", "read"])
def test_every_page_renders_with_topics(page):
    at = open_page(page, kind="discovered")
    assert not at.exception, at.exception
    if page == "timeline":
        assert "Discovered topics: shares over time" in headings(at)


def test_an_unknown_kind_in_the_link_is_dropped_with_a_warning():
    at = open_page("overview", kind="clusters")
    assert not at.exception, at.exception
    assert "clusters" in " ".join(w.value for w in at.warning)
    assert at.sidebar.button_group(key="kind").value == "named" and "kind=" not in share_link(at)


@pytest.fixture
def deferred_files(monkeypatch):
    """The media managers AppTest creates, so a deferred download can be written as a click would write it."""
    managers: list[MediaFileManager] = []

    class Recording(MediaFileManager):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            managers.append(self)

    monkeypatch.setattr(app_test, "MediaFileManager", Recording)

    def download(at: AppTest, key: str) -> str:
        button = next(b for b in at.get("download_button") if b.proto.id.endswith(key))
        assert not button.proto.disabled
        entry = managers[-1]._deferred_callables[button.proto.deferred_file_id]
        return entry["callable"]().decode("utf-8")

    return download


def test_the_exported_rows_are_the_filtered_passages_and_their_documents(seed_tables, deferred_files):
    theme = "Command structure"
    at = open_page("read", era="2020s", theme=theme, kind="discovered")
    assert not at.exception, at.exception
    # The same filters applied here, independently of the page.
    expected = Selection(eras=("2020s",), themes=(theme,)).apply(seed_tables.view, membership=seed_tables.membership)
    assert 0 < len(expected) < int((~seed_tables.view["duplicate"] & ~seed_tables.view["offtopic"]).sum())

    lines = [json.loads(line) for line in deferred_files(at, "export_passages_jsonl").splitlines()]
    rows = list(csv.DictReader(io.StringIO(deferred_files(at, "export_passages_csv"))))
    assert [r["passage_id"] for r in lines] == [r["passage_id"] for r in rows] == expected["passage_id"].tolist()
    assert [r["text"] for r in lines] == [r["text"] for r in rows] == seed_tables.with_text(expected)["text"].tolist()
    assert {r["era"] for r in lines} == {"2020s"} and all(theme in r["themes"] for r in lines)
    topic_of = dict(zip(seed_tables.view["passage_id"], seed_tables.view["topic"]))
    assert [r["topic"] for r in lines] == [topic_of[r["passage_id"]] for r in lines]

    documents = [json.loads(line) for line in deferred_files(at, "export_documents_jsonl").splitlines()]
    document_rows = list(csv.DictReader(io.StringIO(deferred_files(at, "export_documents_csv"))))
    wanted = seed_tables.corpus.documents.loc[seed_tables.corpus.documents["doc_id"].isin(set(expected["doc_id"])),
                                              "doc_id"].tolist()
    assert [d["doc_id"] for d in documents] == [d["doc_id"] for d in document_rows] == wanted
    assert any(c.value.startswith(f"The {len(expected):,} passages the filters select and the {len(wanted):,} documents")
               for c in at.caption)


def test_an_empty_selection_cannot_be_exported():
    at = open_page("read", q="zzzznotaword")
    assert not at.exception, at.exception
    assert all(b.proto.disabled for b in at.get("download_button"))


def test_a_topics_file_in_the_corpus_settings_relabels_its_topics(tmp_path):
    from alliance_dashboard.corpora import corpus_choices
    from alliance_dashboard.store import load_or_build

    seeds = Path(DASHBOARD).parent / "src" / "alliance_data" / "data" / "seeds"
    topics = tmp_path / "topics.toml"
    topics.write_text("[topics]\n", encoding="utf-8")
    settings = {"mine": {"path": str(seeds), "topics": str(topics)}}
    choice = corpus_choices(None, settings)[0][1]
    tables, _ = load_or_build(choice)
    first = tables.themes.themes[tables.themes.themes["kind"] == "discovered"].iloc[0]
    topics.write_text(f'[topics]\n{first["theme_id"]} = "Summit diplomacy"\nt0000000fff = "Gone"\n', encoding="utf-8")

    at = AppTest.from_file(DASHBOARD, default_timeout=120)
    at.secrets["corpora"] = settings
    at.query_params["corpus"] = "mine"
    at.query_params["kind"] = "discovered"
    at.run()
    at.switch_page("app_pages/themes.py").run()
    assert not at.exception, at.exception
    options = at.selectbox(key="theme_detail_discovered").options
    assert options[0] == "Summit diplomacy" and first["name"] not in options
    assert "Summit diplomacy" in at.sidebar.multiselect(key="theme").options
    assert any("t0000000fff is not a topic of this corpus" in c.value for c in at.sidebar.caption)

"""A session's first run sends an empty chart and table out of sight, and the page clears them."""

from streamlit.testing.v1 import AppTest

from apptest_pages import open_page


def _warm_only():
    from alliance_dashboard.warmup import start_warming

    start_warming()  # never cleared: what the browser receives before the page is drawn


def test_first_run_sends_an_empty_chart_and_table_and_later_runs_do_not():
    at = AppTest.from_function(_warm_only, default_timeout=60).run()
    assert not at.exception
    assert len(at.get("plotly_chart")) == 1
    assert len(at.dataframe) == 1 and at.dataframe[0].value.empty
    at.run()
    assert not at.get("plotly_chart") and not at.dataframe


def test_the_overview_shows_only_its_own_chart_after_the_first_run():
    at = open_page("overview")
    assert not at.exception
    assert len(at.get("plotly_chart")) == 1  # the theme mix; the warm-up chart was cleared
    first_tables = len(at.dataframe)
    at.run()
    assert len(at.get("plotly_chart")) == 1 and len(at.dataframe) == first_tables

"""A session's first run sends empty elements of the kinds its page draws, out of sight, and the page clears them."""

import pytest
from streamlit.testing.v1 import AppTest

from alliance_dashboard.navigation import PAGE_ELEMENTS, PAGE_SPECS, PAGE_TITLES, PAGES
from apptest_pages import DASHBOARD

KINDS = ("plotly_chart", "vega_lite_chart", "dataframe")  # Streamlit's names, as AppTest finds them


def _kinds(at: AppTest) -> set[str]:
    return {kind for kind in KINDS if at.get(kind)}


def _warm_only(page):
    from alliance_dashboard.warmup import start_warming

    start_warming(page)  # never cleared: what the browser receives before the page is drawn


def test_every_page_says_what_it_draws():
    assert set(PAGE_ELEMENTS) == set(PAGES)
    assert all(set(kinds) <= set(KINDS) for kinds in PAGE_ELEMENTS.values())


@pytest.mark.parametrize("page", PAGES)
def test_first_run_sends_the_pages_kinds_empty_and_later_runs_do_not(page):
    at = AppTest.from_function(_warm_only, args=(page,), default_timeout=60).run()
    assert not at.exception
    assert _kinds(at) == set(PAGE_ELEMENTS[page])
    for kind in PAGE_ELEMENTS[page]:
        assert len(at.get(kind)) == 1
    if "dataframe" in PAGE_ELEMENTS[page]:
        assert at.dataframe[0].value.empty
    at.run()
    assert not _kinds(at)


@pytest.mark.parametrize("page", PAGES)
def test_a_link_to_a_page_warms_exactly_what_the_page_draws_and_clears_it(page):
    """Opened from a link (the session's first run is this page): the kinds warmed are the kinds drawn, so the
    browser loads no code the page does not use; the empty ones are gone once the page is drawn."""
    at = AppTest.from_file(DASHBOARD, default_timeout=120)
    path = next(path for url, _, path, _ in PAGE_SPECS if url == page)
    at.switch_page(path).run()
    assert not at.exception
    assert at.title[0].value == PAGE_TITLES[page]
    assert _kinds(at) == set(PAGE_ELEMENTS[page])
    drawn = {kind: len(at.get(kind)) for kind in PAGE_ELEMENTS[page]}
    assert all(list(frame.value.columns) != [""] for frame in at.dataframe)  # the warm-up's table is gone
    at.run()  # a later run: nothing warmed, the same elements
    assert {kind: len(at.get(kind)) for kind in PAGE_ELEMENTS[page]} == drawn


@pytest.mark.parametrize("page", PAGES)
def test_every_run_sends_the_style_rules_before_the_page(page):
    """The style rules go out on every run (a run that left them out would drop them from the page), ahead of
    the page's own elements, so no placeholder pulses while its element's code loads."""
    from alliance_dashboard.warmup import STYLE

    at = AppTest.from_file(DASHBOARD, default_timeout=120)
    path = next(path for url, _, path, _ in PAGE_SPECS if url == page)
    at.switch_page(path).run()
    for _ in range(2):
        assert not at.exception
        styles = [md for md in at.main.markdown if md.value == STYLE]
        assert len(styles) == 1 and styles[0].allow_html
        assert at.main.markdown[0].value == STYLE  # the first text in the page's main part
        at.run()


def test_the_style_rules_still_placeholders_and_hide_their_own_box():
    from alliance_dashboard.warmup import STYLE

    rules = {selector.strip(): body for selector, body in (r.split("{", 1) for r in STYLE.split("}") if "{" in r)}
    skeleton = next(body for selector, body in rules.items() if '[data-testid="stSkeleton"]' in selector)
    assert "animation: none" in skeleton
    box = next(body for selector, body in rules.items() if ":has(style)" in selector)
    assert "display: none" in box

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


# The server's start: `streamlit run dashboard.py` serves the file through st.App, whose start-up hook opens
# the default corpus's stored build while the first browser loads the app.

def test_streamlit_run_finds_the_dashboards_app_and_its_start_up_hook():
    import ast
    from pathlib import Path

    from streamlit.web.server.app_discovery import discover_asgi_app

    found = discover_asgi_app(Path(DASHBOARD))
    assert found.is_asgi_app and found.import_string == "dashboard:app"
    call = next(node for node in ast.walk(ast.parse(Path(DASHBOARD).read_text())) if isinstance(node, ast.Assign)
                and any(getattr(t, "id", None) == "app" for t in node.targets))
    assert [k.arg for k in call.value.keywords] == ["lifespan"]
    assert call.value.keywords[0].value.id == "server_lifespan"


def _registry():
    from alliance_dashboard import loaders

    loaders._registry.clear()  # a process's first start: nothing open yet
    return loaders._registry()


def test_the_start_up_hook_opens_the_stored_build_the_first_visitor_then_uses(seed_tables):
    import asyncio
    import time

    from alliance_dashboard.corpora import BUNDLED, CorpusChoice
    from alliance_dashboard.store import cache_key
    from alliance_dashboard.warmup import server_lifespan

    registry = _registry()
    key = cache_key(CorpusChoice(BUNDLED))

    async def start():
        async with server_lifespan(None):
            pass

    asyncio.run(start())
    for _ in range(600):  # the hook's thread registers the opening once it has imported the pages' libraries
        if key in registry.builds:
            break
        time.sleep(0.05)
    opening = registry.builds[key]
    assert opening.done.wait(60) and opening.error is None
    assert opening.tables.key == key and len(opening.tables.view) == len(seed_tables.view)
    at = AppTest.from_file(DASHBOARD, default_timeout=120).run()
    assert not at.exception and at.title[0].value == PAGE_TITLES["overview"]
    assert registry.tables[key] is opening.tables  # the visitor was served the build opened at the start


def test_the_start_up_hook_builds_nothing_when_no_build_is_stored(tmp_path, monkeypatch):
    from alliance_dashboard.store import stored_builds
    from alliance_dashboard.warmup import warm_server

    monkeypatch.setenv("ALLIANCE_CACHE_DIR", str(tmp_path))
    registry = _registry()
    warm_server()
    assert not registry.builds and not registry.tables  # a first build waits for its visitor, who sees progress
    assert stored_builds(tmp_path) == []
    _registry()  # leave no state to other tests


def test_a_failure_at_the_start_is_logged_and_left_to_the_first_visitor(monkeypatch, caplog):
    from alliance_dashboard import loaders
    from alliance_dashboard.warmup import warm_server

    def unreadable():
        raise OSError("secrets file unreadable")

    monkeypatch.setattr(loaders, "available_corpora", unreadable)
    with caplog.at_level("WARNING", logger="alliance_dashboard.warmup"):
        warm_server()  # does not raise: the server goes on starting
    assert "secrets file unreadable" in caplog.text

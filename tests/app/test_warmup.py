"""The server's start: the default corpus's stored build is opened while the first browser loads the app."""

from streamlit.testing.v1 import AppTest

from alliance_dashboard.navigation import PAGE_TITLES
from apptest_pages import DASHBOARD


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
    keywords = {k.arg: k.value for k in call.value.keywords}
    assert set(keywords) == {"lifespan", "middleware"}
    assert keywords["lifespan"].id == "server_lifespan"
    assert [m.args[0].id for m in keywords["middleware"].elts] == ["PreloadPage"]


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

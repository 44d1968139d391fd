"""Fixtures: a real Streamlit server and Debian's chromium driven by Playwright (see dashboard_browser.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dashboard_browser import CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS, require_chromium, start_server, stop_server


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    require_chromium()
    cache = Path(os.environ.get("ALLIANCE_BROWSER_CACHE_DIR") or tmp_path_factory.mktemp("browser-cache"))
    process, base = start_server(cache)
    yield base
    stop_server(process)


@pytest.fixture(scope="session")
def playwright_session():
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


def _launch(playwright, profile: Path):
    return playwright.chromium.launch_persistent_context(
        str(profile), executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
        viewport={"width": 1280, "height": 900},
    )


@pytest.fixture(scope="session")
def browser_context(playwright_session, tmp_path_factory):
    context = _launch(playwright_session, tmp_path_factory.mktemp("chromium-profile"))
    yield context
    context.close()


@pytest.fixture
def fresh_context(playwright_session, tmp_path):
    """A second browser with its own empty profile: nothing shared with ``browser_context`` but the server."""
    context = _launch(playwright_session, tmp_path / "fresh-profile")
    yield context
    context.close()


@pytest.fixture
def page(browser_context):
    page = browser_context.new_page()
    yield page
    page.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS



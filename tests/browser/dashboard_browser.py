"""Helpers for driving the dashboard in Debian's chromium: server start and stop, launch flags, waits.

The server runs in its own process group on a free port and is stopped by
that group's id. Without /usr/bin/chromium the tests fail when CI is set and
skip otherwise.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from alliance_dashboard.navigation import CORPUS_PAGES, PAGE_TITLES, PAGES

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("ALLIANCE_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
]

__all__ = ["CORPUS_PAGES", "PAGE_TITLES", "route"]


def route(page: str) -> str:
    """The path a link names for a page: the default page is served at the root."""
    return "" if page == PAGES[0] else page


def require_chromium() -> None:
    if Path(CHROMIUM).exists():
        return
    message = f"chromium not found at {CHROMIUM}: install Debian's chromium (`make chromium`) to run the browser tests"
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(cache_dir: Path, *, port: int | None = None, corpora: str | None = None,
                 secrets: Path | None = None) -> tuple[subprocess.Popen, str]:
    """Start ``streamlit run dashboard.py`` in a new process group; return it and its base URL when healthy.

    ``corpora`` is an ``ALLIANCE_CORPORA`` setting (``name=path;…``); by default only the bundled corpus.
    ``secrets`` is a secrets file read instead of the checkout's (a ``[corpora]`` table, say).
    """
    port = port or _free_port()
    env = {**os.environ, "ALLIANCE_CACHE_DIR": str(cache_dir)}
    env.pop("ALLIANCE_CORPORA", None)
    if corpora:
        env["ALLIANCE_CORPORA"] = corpora
    log = tempfile.TemporaryFile()
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.headless=true",
         f"--server.port={port}", "--server.address=127.0.0.1", "--browser.gatherUsageStats=false",
         "--server.fileWatcherType=none", *([f"--secrets.files={secrets}"] if secrets else [])],
        # the server's log goes to a file: a pipe nobody reads fills up and then blocks the server mid-build
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log, start_new_session=True,
    )
    process.log_file = log
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited: {server_log(process)[-2000:]}")
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=1) as response:
                if response.read().decode().strip() == "ok":
                    return process, base
        except OSError:
            time.sleep(0.05)  # the browser visits as soon as the server answers, as the benchmark's figure assumes
    stop_server(process)
    raise RuntimeError("streamlit did not answer /_stcore/health within 60 s")


def server_log(process: subprocess.Popen) -> str:
    """What the server wrote to its log so far."""
    log = getattr(process, "log_file", None)
    if log is None:
        return ""
    log.seek(0)
    return log.read().decode(errors="replace")


def stop_server(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def wait_rendered(page, timeout: float = 90_000) -> None:
    """Wait until the script has finished and nothing is still loading."""
    page.wait_for_timeout(250)
    page.wait_for_selector("[data-testid='stApp'][data-test-connection-state='CONNECTED']", timeout=timeout)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=timeout)
    deadline = time.monotonic() + timeout / 1000
    while page.locator("[data-testid='stSkeleton']").count() and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    page.wait_for_timeout(150)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=timeout)


def full_screenshot(page, path) -> None:
    """The whole page: Streamlit scrolls inside its main block, so grow the viewport to the content first."""
    size = page.viewport_size
    height = page.evaluate(
        "() => Math.max(...Array.from(document.querySelectorAll("
        "'[data-testid=\"stMain\"], [data-testid=\"stAppViewContainer\"], [data-testid=\"stSidebarContent\"]'"
        ")).map(e => e.scrollHeight), window.innerHeight)"
    )
    page.set_viewport_size({"width": size["width"], "height": min(int(height) + 40, 8000)})
    wait_rendered(page)
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(size)


def share_link(page) -> str:
    """The link in the sidebar's "Share this view" box, opening the box first (its link is drawn once opened)."""
    sidebar = page.locator("[data-testid='stSidebar']")
    code = sidebar.locator("[data-testid='stCode']")
    if not code.count():
        sidebar.get_by_text("Share this view").click()
        wait_rendered(page)
    return code.first.inner_text().strip()

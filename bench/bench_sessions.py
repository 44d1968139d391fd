"""Many visitors at once on one server: errors, cross-session leaks and server CPU per page view.

Starts the dashboard on the bundled corpus, warms it with one visit, then opens
SESSIONS browser contexts at once (Debian's chromium through Playwright's async
API). Each session follows its own era filter across every page and checks that
the line under each title names its own era and nothing else. Server CPU is
read from /proc for the server's whole process group (user + system time),
before and after the run, so the figure is the server's work, not the browsers'.
Prints figures; asserts nothing.
"""

from __future__ import annotations

import asyncio
import os
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))

from dashboard_browser import CHROMIUM, CHROMIUM_ARGS, start_server, stop_server  # noqa: E402

SESSIONS = int(os.environ.get("BENCH_SESSIONS", "20"))
ROUTES = ["", "timeline", "themes", "compare", "read"]
ERAS = ["1990s", "2000s", "2020s"]


def _group_cpu_seconds(pgid: int) -> float:
    """User + system CPU seconds of every live process in the process group ``pgid``."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:  # fields after the name: state, ppid, pgrp, …
            total += int(fields[11]) + int(fields[12])
    return total / ticks


async def _rendered(page) -> None:
    await page.wait_for_timeout(250)
    await page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=120_000)
    while await page.locator("[data-testid='stSkeleton']").count():
        await page.wait_for_timeout(100)
    await page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=120_000)


async def _visitor(browser, base: str, index: int, results: dict) -> None:
    era = ERAS[index % len(ERAS)]
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    try:
        for route in ROUTES:
            await page.goto(f"{base}/{route}?era={era}", wait_until="commit", timeout=180_000)
            await _rendered(page)
            results["views"] += 1
            if await page.locator("[data-testid='stException']").count():
                results["errors"] += 1
            summary = await page.locator("[data-testid='stMain'] strong").first.inner_text()
            others = [e for e in ERAS if e != era and re.search(rf"\b{e}\b", summary)]
            if not summary.startswith(era) or others:
                results["leaks"] += 1
    except Exception as exc:  # a timeout or a dropped connection counts as an error
        results["errors"] += 1
        results["messages"].append(f"session {index}: {type(exc).__name__}: {str(exc)[:120]}")
    finally:
        await context.close()


async def _run(base: str, pgid: int) -> None:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        warm = {"views": 0, "errors": 0, "leaks": 0, "messages": []}
        await _visitor(browser, base, 0, warm)  # first build and first imports: not part of the figure
        print(f"warm-up visit: {warm['views']} page views, {warm['errors']} errors")
        results = {"views": 0, "errors": 0, "leaks": 0, "messages": []}
        cpu0, t0 = _group_cpu_seconds(pgid), time.perf_counter()
        await asyncio.gather(*(_visitor(browser, base, i, results) for i in range(SESSIONS)))
        cpu, wall = _group_cpu_seconds(pgid) - cpu0, time.perf_counter() - t0
        await browser.close()
    views = max(results["views"], 1)
    print(f"{SESSIONS} concurrent sessions × {len(ROUTES)} pages: {results['views']} page views in {wall:.1f} s")
    print(f"errors: {results['errors']}, cross-session leaks: {results['leaks']}")
    print(f"server CPU: {cpu:.1f} s in all, {cpu / views:.3f} s per page view (target ≤ 0.3 s)")
    for message in results["messages"][:5]:
        print("  ", message)


def main() -> None:
    if not Path(CHROMIUM).exists():
        print(f"skipped: no chromium at {CHROMIUM}")
        return
    with tempfile.TemporaryDirectory() as cache:
        process, base = start_server(Path(cache))
        try:
            asyncio.run(_run(base, os.getpgid(process.pid)))
            alive = process.poll() is None
            print(f"server alive after the run: {'yes' if alive else 'NO'}")
        finally:
            stop_server(process)


if __name__ == "__main__":
    main()

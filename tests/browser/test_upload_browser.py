"""Bring your own corpus in a real browser: upload a zip, see the bad files named, share the view, reopen it cold."""

import re
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from dashboard_browser import ROOT, share_link, start_server, stop_server, wait_rendered

pytestmark = pytest.mark.browser

SEEDS = sorted((ROOT / "src" / "alliance_data" / "data" / "seeds").glob("*.txt"))


def _corpus_zip(folder: Path) -> Path:
    archive = folder / "my-articles.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for seed in SEEDS[2:]:  # the 1996 article and the two from 2024
            zf.write(seed, f"articles/{seed.name}")
        zf.writestr("articles/scan.txt", b"\x00\x01\x02 not text \x00")
        zf.writestr("articles/empty.md", b"  \n")
    return archive


def test_upload_build_share_and_reopen_on_a_restarted_server(tmp_path, browser_context, screenshots):
    cache = tmp_path / "cache"
    process, base = start_server(cache)
    try:
        page = browser_context.new_page()
        page.goto(f"{base}/add")
        wait_rendered(page)
        page.locator("[data-testid='stFileUploader'] input[type='file']").first.set_input_files(str(_corpus_zip(tmp_path)))
        expect(page.get_by_text("my-articles.zip")).to_be_visible(timeout=20_000)
        wait_rendered(page)
        page.get_by_text("Name, description, themes and eras (optional)").click()
        page.get_by_label("Name", exact=True).fill("My articles")
        page.keyboard.press("Tab")
        wait_rendered(page)
        page.get_by_role("button", name="Build corpus").click()
        expect(page).to_have_url(re.compile(r"corpus=u[0-9a-f]{12}"), timeout=60_000)
        wait_rendered(page)
        assert page.locator("[data-testid='stException']").count() == 0
        main = page.locator("[data-testid='stMain']")
        alert = main.locator("[data-testid='stAlert']").filter(has_text="load problem")
        expect(alert).to_be_visible()
        assert "scan.txt (binary" in alert.inner_text() and "empty.md (empty" in alert.inner_text()
        assert page.locator("[data-testid='stMetricValue']").first.inner_text().strip() == "3"
        corpus_id = re.search(r"corpus=(u[0-9a-f]{12})", page.url).group(1)
        page.get_by_role("combobox", name="Era").click()
        page.get_by_role("option", name="2020s", exact=True).click()
        page.keyboard.press("Escape")
        wait_rendered(page)
        expect(page).to_have_url(re.compile(r"era=2020s"), timeout=10_000)
        summary = page.get_by_text(re.compile(r"^2020s · \d+ of \d+ passages")).first.inner_text()
        link = share_link(page)
        assert f"corpus={corpus_id}" in link and "era=2020s" in link
        page.screenshot(path=str(screenshots / "uploaded-corpus.png"), full_page=True)
        page.close()
    finally:
        stop_server(process)

    process, base2 = start_server(cache)  # a fresh server process: nothing in memory
    try:
        fresh = browser_context.browser.new_context() if browser_context.browser else None
        other = fresh.new_page() if fresh else browser_context.new_page()
        other.goto(link.replace(base, base2))
        wait_rendered(other)
        assert other.locator("[data-testid='stException']").count() == 0
        expect(other.get_by_text(summary, exact=True).first).to_be_visible()
        assert "My articles" in other.locator("[data-testid='stSidebar']").inner_text()
        other.close()
    finally:
        stop_server(process)

"""A second corpus in a real browser: a sample of the UN General Debate speeches with their own themes and eras.

The sample (every 40th speech, about 270 from 1946 to 2024) is read from the corpus beside the checkout
(``../shared/corpora/ungdc``); without it the test is skipped. Every page is opened on it, screenshots go
to ``screenshots/un-<page>.png``: what an analyst who brings a corpus of speeches sees.
"""

from __future__ import annotations

import gzip
import json
import re

import pytest
from playwright.sync_api import expect

from dashboard_browser import (CORPUS_PAGES, PAGE_TITLES, ROOT, full_screenshot, route, server_log, start_server,
                               stop_server, wait_rendered)

pytestmark = pytest.mark.browser

UNGDC = ROOT.parent / "shared" / "corpora" / "ungdc" / "ungdc_1946_2024.jsonl.gz"


@pytest.fixture(scope="module")
def un_server(tmp_path_factory):
    if not UNGDC.exists():
        pytest.skip(f"the UN General Debate corpus is not beside the checkout ({UNGDC})")
    folder = tmp_path_factory.mktemp("un-sample")
    with gzip.open(UNGDC, "rt", encoding="utf-8") as source, open(folder / "speeches.jsonl", "w", encoding="utf-8") as out:
        for i, line in enumerate(source):
            if i % 40 == 0:
                row = json.loads(line)
                out.write(json.dumps({"doc_id": row["doc_id"], "title": f"{row['country']} at session {row['session']}",
                                      "date": str(row["year"]), "text": row["text"]}) + "\n")
    secrets = folder / "secrets.toml"
    secrets.write_text(
        "[corpora.un]\n"
        f'path = "{folder / "speeches.jsonl"}"\n'
        'title = "UN General Debate (sample)"\n'
        'description = "Every 40th speech of the General Debate, 1946–2024."\n'
        f'themes = "{ROOT / "examples" / "ungdc" / "themes.toml"}"\n'
        f'eras = "{ROOT / "examples" / "ungdc" / "eras.toml"}"\n', encoding="utf-8")
    process, base = start_server(tmp_path_factory.mktemp("un-cache"), secrets=secrets)
    yield base, process
    stop_server(process)


def test_every_page_on_a_corpus_of_speeches(un_server, browser_context, screenshots):
    un_server, process = un_server
    page = browser_context.new_page()
    try:
        page.goto(f"{un_server}/?corpus=un")
        # the first visit builds the corpus: wait for the filter summary that only a built corpus shows
        try:
            expect(page.get_by_text(re.compile(r"^(all [\d,]+|[\d,]+ of [\d,]+) passages")).first).to_be_visible(
                timeout=600_000)
        except AssertionError:
            raise AssertionError(f"the build did not finish; the server's log ends:\n{server_log(process)[-3000:]}")
        sidebar = page.locator("[data-testid='stSidebar']")
        expect(sidebar).to_contain_text("UN General Debate (sample)")
        for path in CORPUS_PAGES:
            page.goto(f"{un_server}/{route(path)}?corpus=un")
            wait_rendered(page)
            expect(page.get_by_role("heading", name=PAGE_TITLES[path]).first).to_be_visible()
            assert page.locator("[data-testid='stException']").count() == 0
            if path in ("timeline", "themes"):
                page.wait_for_selector(".main-svg", timeout=60_000)
            full_screenshot(page, screenshots / f"un-{path}.png")
        # the corpus's own themes and eras, not the alliance's
        page.goto(f"{un_server}/themes?corpus=un")
        wait_rendered(page)
        page.wait_for_selector(".main-svg", timeout=60_000)
        main = page.locator("[data-testid='stMain']").inner_text()
        assert "Decolonization" in main or "Disarmament" in main.replace("disarmament", "Disarmament")
        assert "Missile defense" not in main and "Taiwan Strait" not in main
        page.get_by_role("combobox", name="Era").click()
        options = page.get_by_role("option").all_inner_texts()
        page.keyboard.press("Escape")
        assert any("Cold War" in o for o in options), options
    finally:
        page.close()

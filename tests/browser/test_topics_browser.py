"""The named-themes / discovered-topics switch in a real browser: the URL, the share link, the export."""

import csv
import io
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from dashboard_browser import share_link, wait_rendered

pytestmark = pytest.mark.browser



def _shown(page) -> dict:
    """What the Themes page shows: the kind chosen, its headings, the map's legend and the detail's choice."""
    page.wait_for_selector(".main-svg .legendtext", timeout=30_000)
    return {
        "kind": page.locator("[data-testid='stSidebar']").get_by_role("radio", checked=True).inner_text(),
        "headings": [h for h in page.locator("[data-testid='stMain'] h3").all_inner_texts() if h.strip()],
        "legend": sorted(set(page.locator(".main-svg .legendtext").evaluate_all("els => els.map(e => e.textContent)"))),
        "detail": page.locator("[data-testid='stMain'] [data-testid='stSelectbox'] input").first.input_value(),
        "alerts": page.locator("[data-testid='stAlert']").all_inner_texts(),
    }


def test_switching_to_topics_lands_in_the_link_and_the_link_reopens_the_view(server, page, fresh_context, screenshots):
    page.goto(f"{server}/themes?era=2020s")
    wait_rendered(page)
    named = _shown(page)
    assert named["kind"] == "named" and "Named themes: shares per era" in named["headings"]
    page.locator("[data-testid='stSidebar']").get_by_role("radio", name="discovered", exact=True).click()
    wait_rendered(page)
    expect(page).to_have_url(re.compile(r"kind=discovered"), timeout=10_000)
    topics = _shown(page)
    assert topics["kind"] == "discovered" and "Discovered topics: shares per era" in topics["headings"]
    assert topics["legend"] != named["legend"] and any(" · " in name for name in topics["legend"])
    # the detail picks a topic, not the named theme it showed before the switch
    assert topics["detail"] in topics["legend"] and named["detail"] not in topics["legend"], (named, topics)
    page.screenshot(path=str(screenshots / "themes-discovered-topics.png"), full_page=True)
    page.locator("[data-testid='stSidebar']").screenshot(path=str(screenshots / "sidebar-themes-shown.png"))
    shares = page.locator("[data-testid='stPlotlyChart']").nth(1)
    shares.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    page.screenshot(path=str(screenshots / "themes-topic-shares.png"))
    link = share_link(page)
    assert parse_qs(urlsplit(link).query) == {"era": ["2020s"], "kind": ["discovered"]}

    other = fresh_context.new_page()
    other.goto(link)
    wait_rendered(other)
    other.screenshot(path=str(screenshots / "themes-discovered-topics-shared.png"), full_page=True)
    assert other.locator("[data-testid='stException']").count() == 0
    assert not [a for a in other.locator("[data-testid='stAlert']").all_inner_texts() if "link" in a]  # no bad-link notice
    assert _shown(other) == topics
    other.screenshot(path=str(screenshots / "themes-discovered-topics-shared.png"), full_page=True)


def test_the_downloaded_passages_are_the_selected_ones(server, page, screenshots):
    page.goto(f"{server}/read?era=2020s&kind=discovered")
    wait_rendered(page)
    caption = page.get_by_text(re.compile(r"The [\d,]+ passages? the filters select"))
    expected = int(re.search(r"The ([\d,]+) passage", caption.inner_text()).group(1).replace(",", ""))
    summary = page.locator("[data-testid='stMain'] strong").first.inner_text()
    assert summary.startswith(f"2020s · {expected} of ")
    caption.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshots / "read-export.png"))
    with page.expect_download(timeout=30_000) as download:
        page.get_by_role("button", name=re.compile(r"Passages \(CSV\)")).click()
    rows = list(csv.DictReader(io.StringIO(open(download.value.path(), encoding="utf-8").read())))
    assert download.value.suggested_filename == "alliance-passages.csv"
    assert len(rows) == expected and {r["era"] for r in rows} == {"2020s"}
    assert all(r["topic"] for r in rows) and len({r["passage_id"] for r in rows}) == expected


@pytest.mark.parametrize("route", ["", "timeline"])
def test_overview_and_timeline_draw_topics(server, page, screenshots, route):
    page.goto(f"{server}/{route}?kind=discovered")
    wait_rendered(page)
    page.wait_for_selector(".main-svg" if route else "[data-testid='stVegaLiteChart'] svg", timeout=30_000)
    assert page.locator("[data-testid='stException']").count() == 0
    heading = "Discovered topics: shares over time" if route else "Discovered topics in the selected passages"
    expect(page.get_by_text(heading, exact=True).first).to_be_visible()
    chart = page.locator("[data-testid='stPlotlyChart']").nth(1) if route else page.get_by_test_id("stVegaLiteChart")
    chart.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    page.screenshot(path=str(screenshots / f"{route or 'overview'}-discovered-topics.png"))

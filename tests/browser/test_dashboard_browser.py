"""The dashboard in a real browser: deep links, filters in the URL, navigation, screenshots."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from dashboard_browser import CORPUS_PAGES, PAGE_TITLES, full_screenshot as _screenshot, route, share_link, wait_rendered

pytestmark = pytest.mark.browser

ERA = "2020s"
THEME = "Taiwan Strait"


def _tags(page) -> list[str]:
    return [t.strip() for t in page.locator("[data-testid='stSidebar'] [data-tag]").all_inner_texts()]


def _query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


@pytest.mark.parametrize("path", CORPUS_PAGES)
def test_deep_link_restores_filters_and_filters_content(server, page, screenshots, path):
    page.goto(f"{server}/{route(path)}?era={ERA}&theme={THEME.replace(' ', '+')}")
    wait_rendered(page)
    assert page.locator("[data-testid='stException']").count() == 0
    expect(page.get_by_role("heading", name=PAGE_TITLES[path]).first).to_be_visible()
    assert {ERA, THEME} <= set(_tags(page))
    expect(page.get_by_text(re.compile(rf"^{ERA} · {THEME} · \d+ of \d+ passages")).first).to_be_visible()
    if path in ("timeline", "themes"):
        page.wait_for_selector(".main-svg", timeout=30_000)
    _screenshot(page, screenshots / f"{path}.png")


def test_changing_a_filter_rewrites_the_url(server, page, screenshots):
    page.goto(f"{server}/")
    wait_rendered(page)
    _screenshot(page, screenshots / "overview-unfiltered.png")
    page.get_by_role("combobox", name="Era").click()
    page.get_by_role("option", name=ERA, exact=True).click()
    page.keyboard.press("Escape")
    wait_rendered(page)
    expect(page).to_have_url(re.compile(rf"era={ERA}"), timeout=10_000)
    assert _query(page)["era"] == [ERA]
    expect(page.get_by_text(re.compile(rf"^{ERA} · \d+ of \d+ passages")).first).to_be_visible()


def test_sidebar_navigation_keeps_the_filters(server, page):
    page.goto(f"{server}/?era={ERA}&theme={THEME.replace(' ', '+')}")
    wait_rendered(page)
    page.locator("[data-testid='stSidebarNavLink']", has_text="Timeline").click()
    expect(page).to_have_url(re.compile(r"/timeline\?"), timeout=20_000)
    wait_rendered(page)
    query = _query(page)
    assert query["era"] == [ERA] and query["theme"] == [THEME]
    assert {ERA, THEME} <= set(_tags(page))
    expect(page.get_by_role("heading", name="Timeline").first).to_be_visible()


def test_a_bad_link_value_warns_and_does_not_break(server, page):
    page.goto(f"{server}/read?era=1850s&theme=Nope&doc=zzz")
    wait_rendered(page)
    assert page.locator("[data-testid='stException']").count() == 0
    alerts = " ".join(page.locator("[data-testid='stAlert']").all_inner_texts())
    assert "1850s" in alerts and "Nope" in alerts and "zzz" in alerts


def test_share_link_carries_the_view(server, page):
    page.goto(f"{server}/themes?era={ERA}")
    wait_rendered(page)
    assert page.locator("[data-testid='stSidebar'] [data-testid='stCode']").count() == 0  # drawn once opened
    assert share_link(page) == f"{server}/themes?era={ERA}"


def test_compare_sides_come_from_and_stay_in_the_url(server, page):
    page.goto(f"{server}/compare?mode=eras&left=1990s&right={ERA}")
    wait_rendered(page)
    assert page.locator("[data-testid='stException']").count() == 0
    expect(page).to_have_url(re.compile(rf"mode=eras&left=1990s&right={ERA}"))
    expect(page.get_by_role("heading", name=f"Only in {ERA}")).to_be_visible()


def test_the_open_document_is_in_the_url_and_a_link_reopens_it(server, page, browser_context):
    page.goto(f"{server}/read")
    wait_rendered(page)
    chooser = page.get_by_role("combobox", name="Document")
    chooser.scroll_into_view_if_needed()  # below the list of passages: a menu opened while scrolling closes again
    chooser.click()
    option = page.get_by_role("option").first
    title = option.inner_text().split(" — ")[0]
    option.click()
    wait_rendered(page)
    expect(page).to_have_url(re.compile(r"doc=d[0-9a-f]{12}"))
    link = page.url
    other = browser_context.new_page()
    try:
        other.goto(link)
        wait_rendered(other)
        expect(other.get_by_role("heading", name=title, exact=True)).to_be_visible()
    finally:
        other.close()


def test_selecting_a_document_on_the_overview_opens_it_for_reading(server, page):
    page.goto(f"{server}/?era={ERA}")
    wait_rendered(page)
    grid = page.locator("[data-testid='stDataFrame']").first
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 12, box["y"] + 35 + 18)  # the row-selection cell of the first row
    expect(page).to_have_url(re.compile(r"/read\?.*doc=d[0-9a-f]{12}"), timeout=20_000)
    wait_rendered(page)
    assert ERA in _tags(page)
    expect(page.get_by_role("heading", name="Read a document")).to_be_visible()
    expect(page.get_by_text("Choose a document, or select a search result")).to_have_count(0)
    expect(page.get_by_text("Date evidence")).to_be_visible()


def test_the_removed_lines_box_draws_its_table_once_opened(server, page):
    page.goto(f"{server}/?era={ERA}")
    wait_rendered(page)
    grids = page.locator("[data-testid='stDataFrame']")
    closed = grids.count()
    box = page.get_by_text(re.compile(r"All \d+ removed lines"))
    box.scroll_into_view_if_needed()
    box.click()
    wait_rendered(page)
    expect(grids).to_have_count(closed + 1)  # the removed lines' table, drawn on opening
    assert ERA in _tags(page)  # the filters stay

"""Every view a link: page controls in the URL, Compare's modes kept apart, the share link reproduces the view."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from dashboard_browser import share_link, wait_rendered

pytestmark = pytest.mark.browser
DOC_ID = re.compile(r"d[0-9a-f]{12}")
ERA = re.compile(r"\d{4}s")


def _query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)



def _mode(page, label: str) -> None:
    page.get_by_role("radio", name=label, exact=True).click()
    wait_rendered(page)


def _state(page) -> dict:
    """What the Compare page shows: the chosen sides, the similarity and the headline."""
    return {
        "sides": [c.inner_text() for c in page.locator("[data-testid='stMain'] [data-testid='stSelectbox']").all()],
        "slider": [s.get_attribute("aria-valuenow") for s in page.get_by_role("slider").all()],
        "headings": [h for h in page.locator("[data-testid='stMain'] h3").all_inner_texts() if h.strip()],
        "toggles": [t.is_checked() for t in page.locator("[data-testid='stMain'] input[type='checkbox']").all()],
    }


def test_compare_modes_keep_their_own_sides_and_the_share_link_reopens_the_view(server, page, fresh_context):
    page.goto(f"{server}/compare")
    wait_rendered(page)
    assert DOC_ID.fullmatch(_query(page.url)["left"][0])
    _mode(page, "Two eras")
    query = _query(page.url)
    assert query["mode"] == ["eras"] and ERA.fullmatch(query["left"][0]) and ERA.fullmatch(query["right"][0])
    assert page.locator("[data-testid='stAlert']").count() == 0  # a switch of mode is no bad link
    page.get_by_role("slider").first.focus()
    page.keyboard.press("ArrowRight")
    wait_rendered(page)
    expect(page).to_have_url(re.compile(r"min=0\.06"), timeout=10_000)
    _mode(page, "Versions of one article")
    query = _query(page.url)
    assert query["mode"] == ["versions"] and not ERA.fullmatch(query["left"][0]) and "min" not in query
    page.locator("[data-testid='stMain']").get_by_text("Show unchanged passages").click()
    wait_rendered(page)
    expect(page).to_have_url(re.compile(r"same=true"), timeout=10_000)
    _mode(page, "Two documents")
    query = _query(page.url)
    assert DOC_ID.fullmatch(query["left"][0]) and DOC_ID.fullmatch(query["right"][0]) and "same" not in query
    _mode(page, "Two eras")
    query = _query(page.url)
    assert ERA.fullmatch(query["left"][0]) and ERA.fullmatch(query["right"][0])
    page.get_by_role("slider").first.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    wait_rendered(page)
    expect(page).to_have_url(re.compile(r"min=0\.07"), timeout=10_000)
    link = share_link(page)
    assert _query(link) == _query(page.url)
    shown = _state(page)

    other = fresh_context.new_page()
    other.goto(link)
    wait_rendered(other)
    assert other.locator("[data-testid='stException'], [data-testid='stAlert']").count() == 0
    assert _state(other) == shown
    assert _query(other.url) == _query(link)


@pytest.mark.parametrize(("route", "act", "param"), [
    ("timeline", lambda p: p.locator("[data-testid='stRadio']").get_by_text("year", exact=True).click(), "by=year"),
    ("read?doc=d3c42d4846ce1", lambda p: p.locator("[data-testid='stMain']").get_by_text(
        re.compile(r"Show the \d+ removed line")).click(), "removed=true"),
])
def test_page_controls_land_in_the_url_and_the_share_link(server, page, fresh_context, route, act, param):
    page.goto(f"{server}/{route}")
    wait_rendered(page)
    act(page)
    wait_rendered(page)
    expect(page).to_have_url(re.compile(re.escape(param)), timeout=10_000)
    link = share_link(page)
    assert param in link
    other = fresh_context.new_page()
    other.goto(link)
    wait_rendered(other)
    expect(other).to_have_url(re.compile(re.escape(param)), timeout=10_000)
    assert other.locator("[data-testid='stException']").count() == 0


def test_a_corrected_link_is_not_shared_with_its_dropped_value(server, page):
    page.goto(f"{server}/compare?mode=eras&left=d3c42d4846ce1&min=inf")
    wait_rendered(page)
    alerts = " ".join(page.locator("[data-testid='stAlert']").all_inner_texts())
    assert "d3c42d4846ce1" in alerts and "inf" in alerts
    link = share_link(page)
    assert "d3c42d4846ce1" not in link and "inf" not in link
    assert ERA.fullmatch(_query(link)["left"][0])


def _open_row(page, n: int) -> None:
    """Select the ``n``-th row of the page's first table of passages: its document opens at that passage."""
    grid = page.locator("[data-testid='stDataFrame']").first
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 12, box["y"] + 35 * n + 18)  # the row-selection cell
    wait_rendered(page)
    expect(page).to_have_url(re.compile(r"doc=d[0-9a-f]{12}.*at=|at=.*doc=d[0-9a-f]{12}"), timeout=20_000)
    expect(page.get_by_text(re.compile(r"Opened at the chosen passage: passage \d+ of \d+"))).to_be_visible()


def test_a_search_result_opens_its_document_at_the_hit(server, page, screenshots):
    page.goto(f"{server}/read?q=alliance")
    wait_rendered(page)
    _open_row(page, 3)
    assert page.locator("[data-testid='stMain'] mark").count() >= 1
    page.screenshot(path=str(screenshots / "read-search-hit.png"), full_page=True)


def test_without_a_search_the_read_page_lists_the_selected_passages_and_opens_one(server, page, screenshots):
    page.goto(f"{server}/read?era=2020s")
    wait_rendered(page)
    expect(page.get_by_role("heading", name="Passages")).to_be_visible()
    expect(page.get_by_text(re.compile(r"passages? match(es)? the filters; listed oldest first"))).to_be_visible()
    _open_row(page, 2)
    page.screenshot(path=str(screenshots / "read-passages.png"), full_page=True)

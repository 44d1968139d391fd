"""A page's document in a real browser: its style rules hold placeholders still, and it asks for its code."""

import pytest

from alliance_dashboard.preload import page_code
from dashboard_browser import wait_rendered

pytestmark = pytest.mark.browser


def test_placeholders_stand_still_and_the_rules_sit_in_the_documents_head(server, page):
    page.goto(f"{server}/?era=2020s")
    wait_rendered(page)
    page.wait_for_selector("[data-testid='stMain'] [data-testid='stVegaLiteChart'] svg", timeout=30_000)
    # a placeholder drawn now (as one is while an element's code loads) has no animation
    animation = page.evaluate("""() => {
        const probe = document.createElement('div');
        probe.dataset.testid = 'stSkeleton';
        probe.style.animation = 'spin 1s infinite';
        document.querySelector("[data-testid='stMain']").appendChild(probe);
        const name = getComputedStyle(probe).animationName;
        probe.remove();
        return name;
    }""")
    assert animation == "none"
    assert page.evaluate("""() => Array.from(document.head.querySelectorAll('style'))
        .filter(s => s.textContent.includes('stSkeleton')).length""") == 1
    assert page.locator("[data-testid='stMain'] style").count() == 0  # nothing in the page's own flow


@pytest.mark.parametrize("path, name", [("/?era=2020s", "overview"), ("/themes", "themes")])
def test_a_pages_document_asks_for_its_elements_code_and_the_browser_fetches_it(server, page, path, name):
    fetched = []
    page.on("request", lambda request: fetched.append(request.url.split("/static/", 1)[-1]))
    page.goto(f"{server}{path}")
    wait_rendered(page)
    links = page.eval_on_selector_all("head link[rel='modulepreload'][fetchpriority='low']",
                                      "links => links.map(l => l.getAttribute('href'))")
    assert links == [f"./{file}" for file in page_code(name)]
    assert {file.removeprefix("static/") for file in page_code(name)} <= set(fetched)

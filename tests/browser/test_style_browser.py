"""The dashboard's style rules in a real browser: placeholders stand still, and the rules take no room."""

import pytest

from dashboard_browser import wait_rendered

pytestmark = pytest.mark.browser


def test_placeholders_stand_still_and_the_rules_take_no_room(server, page):
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
    # the box holding the rules is not laid out (no gap above the heading)
    boxes = page.locator("[data-testid='stMain'] [data-testid='stElementContainer']:has(style)")
    assert boxes.count() == 1
    assert boxes.first.bounding_box() is None

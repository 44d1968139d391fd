"""Hostile documents and links in a real browser: plain notices, no traceback, no live link, no outside request."""

import gzip
from urllib.parse import quote, urlsplit

import pytest

from dashboard_browser import CORPUS_PAGES, route, start_server, stop_server, wait_rendered

pytestmark = pytest.mark.browser

EVIL = "evil.example"
HOSTILE_LINKS = [
    "to=inf",
    "from=1e999",
    "from=" + "9" * 4400,
    "from=2024&to=1990",
    "q=" + "x" * 20_000,
    f"era={quote(f'http://{EVIL}/a www.{EVIL}')}",
    f"theme={quote('[click](http://' + EVIL + ')')}",
]


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile-corpus")
    article = (
        "Alliance talks resume\n\n"
        f"Officials met in Tokyo to discuss the alliance. Read more at http://{EVIL}/story and www.{EVIL}.\n\n"
        "Defense ministers agreed on a new command structure for the forces in Japan. "
        f"[click here](http://{EVIL}/x) <script>alert(1)</script> :red[alarm]\n"
    )
    for i in range(4):
        (folder / f"article{i}.txt").write_text(article.replace("Tokyo", f"Tokyo ({i} of 4)"), encoding="utf-8")
    (folder / "notes.jsonl").write_text(
        '{"title": "Line one\\n\\n# Heading http://' + EVIL + '/t", "text": "The alliance summit ended today."}\n'
        '{"title": 12345, "text": "Missile defense was on the agenda of the alliance."}\n',
        encoding="utf-8",
    )
    packed = gzip.compress(b"".join(f"line {i} of the text\n".encode() for i in range(3000)))
    (folder / "broken.txt.gz").write_bytes(packed[: len(packed) // 2])  # cut off mid-stream
    (folder / "scan.txt").write_bytes(b"\x00\x01\x02 binary \x00")
    process, base = start_server(tmp_path_factory.mktemp("hostile-cache"), corpora=f"hostile={folder}")
    yield base
    stop_server(process)


def _no_live_content_links(page) -> None:
    hrefs = page.eval_on_selector_all("[data-testid='stMain'] a[href]", "els => els.map(e => e.href)")
    assert not [h for h in hrefs if EVIL in h], hrefs
    assert page.locator("[data-testid='stException']").count() == 0


@pytest.mark.parametrize("link", HOSTILE_LINKS)
def test_hostile_links_give_plain_notices(server, page, link):
    page.goto(f"{server}/?{link}")
    wait_rendered(page)
    _no_live_content_links(page)
    assert "link" in " ".join(page.locator("[data-testid='stAlert']").all_inner_texts())


@pytest.mark.parametrize("path", CORPUS_PAGES)
def test_hostile_documents_render_as_plain_text_on_every_page(hostile_server, page, path):
    page.goto(f"{hostile_server}/{route(path)}?corpus=hostile")
    wait_rendered(page)
    assert page.locator("[data-testid='stMain'] h1").count() == 1  # the corpus was built and the page drawn
    _no_live_content_links(page)
    body = page.locator("[data-testid='stMain']").inner_text()
    assert "nan" not in body.split()


def test_the_hostile_corpus_names_its_broken_files_and_loads_the_rest(hostile_server, page):
    page.goto(f"{hostile_server}/?corpus=hostile")
    wait_rendered(page)
    alert = page.locator("[data-testid='stMain'] [data-testid='stAlert']").filter(has_text="load problem").inner_text()
    assert "broken.txt.gz" in alert and "scan.txt" in alert
    assert "article0.txt" not in alert  # good files are loaded, not listed as problems


@pytest.mark.parametrize("route, chart", [("", "[data-testid='stVegaLiteChart'] svg"), ("themes", ".main-svg")])
def test_no_request_leaves_the_server_at_page_load(server, browser_context, route, chart):
    page = browser_context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    try:
        page.goto(f"{server}/{route}")
        wait_rendered(page)
        page.wait_for_selector(chart, timeout=30_000)
    finally:
        page.close()
    host = urlsplit(server).netloc
    outside = [u for u in requests if urlsplit(u).scheme in ("http", "https", "ws", "wss") and urlsplit(u).netloc != host]
    assert requests and not outside, outside


MARKED = '<img src=x onerror="window.__marked = 1"><b>Alliance</b>'


def test_a_theme_named_with_markup_is_drawn_as_text_in_the_overview_chart(tmp_path, browser_context):
    """Theme names come from a user's themes file: the Overview's bars label them, and its tooltip shows them,
    as text."""
    folder = tmp_path / "docs"
    folder.mkdir()
    for i in range(3):
        (folder / f"a{i}.txt").write_text(f"Talks {i}\n\nThe alliance partners met again ({i}) to discuss the "
                                          "alliance and its bases.\n", encoding="utf-8")
    themes = tmp_path / "themes.toml"
    themes.write_text(f"[[themes]]\nname = '{MARKED}'\ncore_terms = [\"alliance\"]\n", encoding="utf-8")
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(f"[corpora.marked]\npath = '{folder}'\nthemes = '{themes}'\n", encoding="utf-8")
    process, base = start_server(tmp_path / "cache", secrets=secrets)
    page = browser_context.new_page()
    try:
        page.goto(f"{base}/?corpus=marked")
        wait_rendered(page, timeout=120_000)
        chart = page.locator("[data-testid='stVegaLiteChart'] svg")
        chart.wait_for(timeout=30_000)
        assert "<img src=x" in chart.text_content()  # the label, as text (cut to the axis's width)
        bars = chart.locator("path[role='graphics-symbol']")
        assert bars.count() >= 1
        bars.first.hover()
        tooltip = page.locator("#vg-tooltip-element")
        tooltip.wait_for(state="visible", timeout=10_000)
        assert "<b>Alliance</b>" in tooltip.inner_text()
        assert tooltip.locator("img, b").count() == 0
        assert page.evaluate("window.__marked") is None
    finally:
        page.close()
        stop_server(process)

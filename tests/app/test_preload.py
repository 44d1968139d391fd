"""A page's HTML document asks for the browser code of the elements the page draws, and carries the style rules."""

import asyncio
import re
from pathlib import Path

import pytest

from alliance_dashboard.navigation import PAGE_ELEMENTS, PAGES, SIDEBAR_ELEMENTS
from alliance_dashboard.preload import (ELEMENT_CODE, STYLE, PreloadPage, _static, code_files, page_code, page_head,
                                        page_of)
from alliance_dashboard.preload import _document_code as _document_code_and_imports
from apptest_pages import open_page

#: Elements the app's own code draws (no module of their own to load): text, headings, boxes, alerts.
APP_DRAWN = {"markdown", "caption", "title", "header", "subheader", "text", "expander", "column", "flex_container",
             "empty", "warning", "info", "error", "success", "divider", "tab", "tabs", "code", "latex"}
JS = _static() / "static" / "js"


def _drawn(node, found: set[str]) -> set[str]:
    children = getattr(node, "children", None)
    for child in (children.values() if isinstance(children, dict) else children or []):
        found.add(getattr(child, "type", type(child).__name__))
        _drawn(child, found)
    return found


def _document_code() -> set[str]:
    html = (_static() / "index.html").read_text()
    return set(re.findall(r"static/js/[\w.\-]+\.js", html))


def _imports(file: str) -> set[str]:
    text = (_static() / file).read_text(errors="replace")
    return {f"static/js/{name}" for name in re.findall(r'(?:\bfrom|\bimport)\s*"\./([\w.\-]+\.js)"', text)}


@pytest.mark.parametrize("page", PAGES)
def test_each_page_names_every_element_it_draws_whose_code_loads_on_first_use(page):
    """Opened from a link with the default settings, a page draws exactly the elements named for it and the
    sidebar, and every other element it draws is drawn by the app's own code."""
    at = open_page(page)
    assert not at.exception
    drawn = _drawn(at.main, set()) | _drawn(at.sidebar, set())
    assert drawn - set(ELEMENT_CODE) <= APP_DRAWN, "an element whose code may load apart: add it to ELEMENT_CODE"
    assert drawn & set(ELEMENT_CODE) == set(SIDEBAR_ELEMENTS) | set(PAGE_ELEMENTS[page])


@pytest.mark.parametrize("element", sorted(ELEMENT_CODE))
def test_every_element_named_has_its_module_in_streamlits_static_folder(element):
    files = code_files([element])
    assert any(re.fullmatch(rf"static/js/{ELEMENT_CODE[element]}\.[^.]+\.js", f) for f in files)
    assert all((_static() / f).is_file() for f in files)


def test_a_pages_code_is_its_elements_modules_and_all_they_import_less_the_documents_own():
    code = page_code("overview")
    names = {f.split("/")[-1].split(".")[0] for f in code}
    assert {"DataFrame", "ArrowVegaLiteChart", "Metric", "PageLink", "Multiselect", "Selectbox"} <= names
    assert "PlotlyChart" not in names  # a chart the Overview does not draw: its code (4.7 MB) is not asked for
    assert "PlotlyChart" in {f.split("/")[-1].split(".")[0] for f in page_code("themes")}
    loaded = {f"static/js/{file}" for file in _document_code_and_imports()}  # what the document loads anyway
    assert _document_code() <= loaded
    assert not set(code) & loaded
    for file in code:  # closed under imports: whatever a module imports is asked for too, or already loaded
        assert _imports(file) <= set(code) | loaded
    assert list(code) == sorted(code) and page_code("overview") == code


def test_the_head_holds_the_style_rules_then_one_low_priority_link_per_file():
    head = page_head("read").decode()
    assert head.startswith(STYLE)
    links = re.findall(r'<link rel="modulepreload" fetchpriority="low" crossorigin href="\./([^"]+)">', head)
    assert links == list(page_code("read"))
    assert head == STYLE + "".join(re.findall(r"<link [^>]*>", head))


def test_the_style_rules_still_placeholders():
    rules = {selector.strip(): body for selector, body in
             (r.split("{", 1) for r in STYLE.removeprefix("<style>").removesuffix("</style>").split("}") if "{" in r)}
    skeleton = next(body for selector, body in rules.items() if '[data-testid="stSkeleton"]' in selector)
    assert "animation: none" in skeleton


@pytest.mark.parametrize(("path", "base", "page"), [
    ("/", "", "overview"), ("", "", "overview"), ("/timeline", "", "timeline"), ("/themes/", "", "themes"),
    ("/static/js/index.js", "", None), ("/_stcore/health", "", None), ("/favicon.png", "", None),
    ("/media/a.png", "", None), ("/nowhere", "", None),
    ("/alliance", "alliance", "overview"), ("/alliance/", "/alliance/", "overview"),
    ("/alliance/read", "alliance", "read"), ("/read", "alliance", None), ("/alliancex/read", "alliance", None),
])
def test_page_of_a_path(path, base, page):
    assert page_of(path, base) == page


DOCUMENT = b"<html><head><title>t</title></head><body></body></html>"


def _served(path: str, *, body_parts=(DOCUMENT,), status=200, content_type=b"text/html; charset=utf-8"):
    """The middleware in front of an app answering with ``body_parts``: what the app saw, what was sent."""
    seen, sent = {}, []

    async def app(scope, receive, send):
        seen.update(scope)
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", content_type),
                                (b"content-length", str(sum(map(len, body_parts))).encode())]})
        for i, part in enumerate(body_parts):
            await send({"type": "http.response.body", "body": part, "more_body": i < len(body_parts) - 1})

    async def send(message):
        sent.append(message)

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    scope = {"type": "http", "method": "GET", "path": path, "headers": [(b"accept-encoding", b"gzip"), (b"host", b"x")]}
    asyncio.run(PreloadPage(app)(scope, receive, send))
    return seen, sent


def _body(sent) -> bytes:
    return b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")


def _length(sent) -> int:
    return int(dict(sent[0]["headers"])[b"content-length"])


@pytest.mark.parametrize("page", PAGES)
def test_a_pages_document_gets_its_head_before_the_end_of_the_head(page):
    seen, sent = _served("/" if page == PAGES[0] else f"/{page}", body_parts=(DOCUMENT[:20], DOCUMENT[20:]))
    body = _body(sent)
    assert body == DOCUMENT.replace(b"</head>", page_head(page) + b"</head>")
    assert _length(sent) == len(body)
    assert b"accept-encoding" not in dict(seen["headers"])  # asked for plain, so that it can be added to
    assert dict(seen["headers"])[b"host"] == b"x"


@pytest.mark.parametrize(("path", "kwargs"), [
    ("/static/js/index.js", {"content_type": b"text/javascript"}),
    ("/_stcore/health", {"content_type": b"text/plain"}),
    ("/timeline", {"content_type": b"application/json"}),
    ("/timeline", {"status": 304}),
    ("/timeline", {"body_parts": (b"<html>no head here</html>",)}),
])
def test_everything_else_passes_untouched(path, kwargs):
    _, sent = _served(path, **kwargs)
    parts = kwargs.get("body_parts", (DOCUMENT,))
    assert _body(sent) == b"".join(parts)
    assert _length(sent) == len(b"".join(parts))
    assert sent[0].get("status", 200) == kwargs.get("status", 200)


def test_a_file_request_keeps_its_accept_encoding():
    seen, _ = _served("/static/js/index.js", content_type=b"text/javascript")
    assert dict(seen["headers"])[b"accept-encoding"] == b"gzip"


def test_every_file_named_exists():
    for page in PAGES:
        assert all(Path(_static() / f).is_file() for f in page_code(page))


def test_reading_a_modules_leading_statements_finds_every_static_import_a_search_of_the_whole_module_finds():
    """The imports are read from a module's first statements only (the bundler puts them all first): checked on
    every module of the installed Streamlit against a search through its whole text."""
    from alliance_dashboard.preload import _imports as leading

    modules = sorted(JS.glob("*.js"))
    assert len(modules) > 100
    for module in modules:
        text = module.read_text(errors="replace")
        if text.startswith("const __vite__mapDeps"):  # the files of its dynamic imports: not imported statically
            text = text[text.find("\n") + 1:]
        searched = set(re.findall(r'(?:\bfrom|\bimport)\s*"\./([\w.\-]+\.js)"', text))
        assert set(leading(module.name)) == searched, module.name

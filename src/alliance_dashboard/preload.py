"""A page's first visit asks for the browser code of its elements with the page itself.

The browser loads the code that draws most of Streamlit's elements (a multiselect, a metric, a table, a
chart) only when the first such element arrives: on a first visit, after the app's own code has loaded,
the session has started and the script has sent that element. Each kind then costs one more round of
requests, and the page waits for it. :class:`PreloadPage`, a middleware of the dashboard's server (the
``st.App`` in ``dashboard.py``), adds to the HTML document of each page a ``modulepreload`` link, at low
priority, for the code of the elements the page draws on opening (``navigation.SIDEBAR_ELEMENTS`` and
``navigation.PAGE_ELEMENTS``) and for every module that code imports: the browser fetches and compiles it
while it waits for the server, after the app's own code. The document also gets the dashboard's style
rules (:data:`STYLE`), which so apply before anything is drawn.

The files are Streamlit's own, found in its static folder by the element's name (:data:`ELEMENT_CODE`) and
followed through their ``import`` statements; the ones the document already loads are left out. Nothing
from a request or a document goes into the page: only names of files in that folder. Were a later
Streamlit to name its files otherwise, the page would simply ask for fewer of them (a test checks that every
element named here has its file). Only the document changes; later navigation between pages happens in
the browser, and a page's elements then load their code as before.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from .navigation import PAGE_ELEMENTS, PAGES, SIDEBAR_ELEMENTS

__all__ = ["ELEMENT_CODE", "STYLE", "PreloadPage", "code_files", "page_code", "page_head", "page_of"]

#: The dashboard's own style rules, in every page's document. A placeholder stands still while the code of its
#: element loads: its pulse, repainted at every frame for as long as a first page loads, cost the browser about
#: as much as all the Overview's metrics, tables and chart together.
STYLE = '<style>[data-testid="stSkeleton"], [data-testid="stSkeleton"] * { animation: none !important; }</style>'

#: Streamlit's element names (as AppTest gives them) and the name of the module that draws each in the browser,
#: a file ``static/js/<name>.<hash>.js`` of Streamlit's static folder. Elements missing here (text, headings,
#: columns, boxes, alerts) are drawn by the app's own code, which every page loads.
ELEMENT_CODE = {
    "button": "Button",
    "button_group": "ButtonGroup",
    "checkbox": "Checkbox",
    "dataframe": "DataFrame",
    "download_button": "DownloadButton",
    "file_uploader": "FileUploader",
    "html": "Html",
    "metric": "Metric",
    "multiselect": "Multiselect",
    "number_input": "NumberInput",
    "page_link": "PageLink",
    "plotly_chart": "PlotlyChart",
    "radio": "Radio",
    "selectbox": "Selectbox",
    "slider": "Slider",
    "text_area": "TextArea",
    "text_input": "TextInput",
    "toggle": "Checkbox",
    "vega_lite_chart": "ArrowVegaLiteChart",
}

#: One static import (or re-export) statement of a module, from the start of the module or the end of the one before it: the
#: bundler puts them all first (after its list of the files of dynamic imports, when there is one) (``import{a as b}from"./x.js";import"./y.js";`` minified). Matched one after
#: another from the start, never searched through the code (a few megabytes), so reading the imports of all the
#: pages' modules takes milliseconds at the server's start.
_IMPORT = re.compile(r'\s*(?:import|export)\s*(?:[^";]*?\bfrom\s*)?"\./([\w.\-]+\.js)"\s*;?')
_DOCUMENT_CODE = re.compile(r'static/js/([\w.\-]+\.js)')


def _static() -> Path:
    import streamlit

    return Path(streamlit.__file__).parent / "static"


@cache
def _files() -> dict[str, tuple[str, ...]]:
    """The static folder's modules by their name (the part before the first dot), each name's files sorted."""
    found: dict[str, list[str]] = {}
    for path in (_static() / "static" / "js").glob("*.js"):
        found.setdefault(path.name.split(".", 1)[0], []).append(path.name)
    return {name: tuple(sorted(files)) for name, files in found.items()}


@cache
def _imports(file: str) -> tuple[str, ...]:
    try:
        text = (_static() / "static" / "js" / file).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ()
    # the bundler's list of the files of the module's dynamic imports may come first, on a line of its own
    found, at = [], text.find("\n") + 1 if text.startswith("const __vite__mapDeps") else 0
    while (match := _IMPORT.match(text, at)) is not None:
        found.append(match.group(1))
        at = match.end()
    return tuple(found)


def _with_imports(files: list[str]) -> set[str]:
    seen: set[str] = set()
    todo = list(files)
    while todo:
        file = todo.pop()
        if file not in seen:
            seen.add(file)
            todo.extend(_imports(file))
    return seen


@cache
def _document_code() -> frozenset[str]:
    """The modules the app's HTML document loads by itself, with everything they import."""
    try:
        text = (_static() / "index.html").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return frozenset()
    return frozenset(_with_imports(_DOCUMENT_CODE.findall(text)))


def code_files(elements) -> tuple[str, ...]:
    """The files (``static/js/…``) holding the browser code of ``elements`` (Streamlit's element names) and of
    every module it imports, less what the app's document loads by itself; sorted."""
    names = sorted({ELEMENT_CODE[e] for e in elements if e in ELEMENT_CODE})
    roots = [file for name in names for file in _files().get(name, ())]
    return tuple(f"static/js/{file}" for file in sorted(_with_imports(roots) - _document_code()))


@cache
def page_code(page: str) -> tuple[str, ...]:
    """The files of :func:`code_files` for what ``page`` draws on opening, its sidebar included."""
    return code_files((*SIDEBAR_ELEMENTS, *PAGE_ELEMENTS.get(page, ())))


@cache
def page_head(page: str) -> bytes:
    """What the document of ``page`` gets before its ``</head>``: the style rules, then one link per file."""
    links = "".join(f'<link rel="modulepreload" fetchpriority="low" crossorigin href="./{file}">'
                    for file in page_code(page))
    return (STYLE + links).encode()


def page_of(path: str, base: str = "") -> str | None:
    """The dashboard page a request's path asks for (``base``: the server's base URL path), or None when the path
    is not a page's (a file, the server's own routes)."""
    rest = path.strip("/")
    base = base.strip("/")
    if base:
        if rest != base and not rest.startswith(base + "/"):
            return None
        rest = rest[len(base):].strip("/")
    if not rest:
        return PAGES[0]
    return rest if rest in PAGES else None


class PreloadPage:
    """ASGI middleware: a page's HTML document gets :func:`page_head` before its ``</head>``; every other
    request and response passes untouched. The page's request goes on without ``Accept-Encoding`` (the server
    would otherwise compress the document before it could be added to)."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        page = None
        if scope["type"] == "http" and scope.get("method") == "GET":
            from streamlit import config

            page = page_of(scope.get("path", ""), str(config.get_option("server.baseUrlPath") or ""))
        if page is None:
            await self.app(scope, receive, send)
            return
        scope = {**scope, "headers": [(k, v) for k, v in scope.get("headers", ()) if k.lower() != b"accept-encoding"]}
        start: dict = {}
        body: list[bytes] = []

        async def added_to(message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
                return
            if message["type"] != "http.response.body":
                await send(message)
                return
            body.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            document, headers = b"".join(body), list(start.get("headers", ()))
            html = any(k.lower() == b"content-type" and v.startswith(b"text/html") for k, v in headers)
            if html and start.get("status") == 200 and b"</head>" in document:
                document = document.replace(b"</head>", page_head(page) + b"</head>", 1)
                headers = [(k, v) for k, v in headers if k.lower() != b"content-length"]
                headers.append((b"content-length", str(len(document)).encode()))
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": document, "more_body": False})

        await self.app(scope, receive, added_to)

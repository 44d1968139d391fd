"""A server's start and a session's first run: what a first page waits for is loaded while something else works.

At the server's start (``server_lifespan``, the hook of the ``st.App`` in ``dashboard.py``), a thread
imports the data libraries and the pages' modules and opens the default corpus's stored build, while
the first browser loads the app's own code: without it, the first visitor's script waited for both.
A corpus with no stored build is left for its first visitor, who sees the build's progress.

In a session's first run, the browser loads the code of the page's charts and tables while the script works.

The browser loads the code that draws a chart or an interactive table only when the first such
element arrives. On a session's first run that is after the corpus and the sidebar are ready: the
browser sat idle meanwhile and then spent up to a second or more loading and compiling that code
before it could draw the page. Empty ones of the kinds the page draws (``PAGE_ELEMENTS``), sent
first in a box one pixel high, make it load that code while the server works; the box is cleared
once the page is drawn. Only the page's own kinds: loading code the page does not use would hold
the browser's one main thread for nothing. Later runs of the session leave the placeholder empty
(it stays, so the elements after it keep their places).

Every run also sends the dashboard's style rules first (``send_style``): an element whose code is still
loading is drawn as a placeholder, and the placeholder's pulse, repainted at every frame until the code
arrives, cost a first page's browser more than its charts and tables.
"""

from __future__ import annotations

import logging
import threading
from contextlib import asynccontextmanager

import streamlit as st

from .navigation import PAGE_ELEMENTS

__all__ = ["STYLE", "send_style", "start_warming", "stop_warming", "server_lifespan", "warm_server"]

#: The dashboard's own style rules. A placeholder stands still while the code of its element loads: its pulse,
#: repainted at every frame for as long as a first page loads, cost the browser about as much as all the
#: Overview's metrics, tables and chart together. The box holding the rules takes no room on the page.
STYLE = """<style>
[data-testid="stSkeleton"], [data-testid="stSkeleton"] * { animation: none !important; }
[data-testid="stElementContainer"]:has(style) { display: none; }
</style>"""

_LOGGER = logging.getLogger(__name__)
_WARMED = "_browser_warmed"  # session state: this session's browser has been sent the elements


def _plotly_chart() -> None:
    import plotly.graph_objects as go  # already loaded with Streamlit: the chart goes out at once

    st.plotly_chart(go.Figure(), height=10, config={"staticPlot": True})


_EMPTY = {
    "plotly_chart": _plotly_chart,
    "vega_lite_chart": lambda: st.vega_lite_chart(spec={"mark": "bar"}, height=10),
    "dataframe": lambda: st.dataframe({"": []}),  # loads pandas, which the pages need anyway
}


def send_style() -> None:
    """Send the dashboard's style rules; on every run, before anything that may wait for its code to load.

    A markdown box: its code comes with the page's own, where ``st.html`` loads its code on first use, so
    its rules applied only once the page was already drawn.
    """
    st.markdown(STYLE, unsafe_allow_html=True)


def start_warming(page: str):
    """The placeholder, filled on a session's first run only; pass it to :func:`stop_warming` after the page."""
    slot = st.empty()
    if st.session_state.get(_WARMED):
        return slot
    st.session_state[_WARMED] = True
    kinds = PAGE_ELEMENTS.get(page, ())
    if kinds:
        with slot.container(height=1, border=False):
            for kind in kinds:
                _EMPTY[kind]()
    return slot


def stop_warming(slot) -> None:
    """Clear the placeholder once the page is drawn."""
    slot.empty()



def warm_server() -> None:
    """Import what every page needs and open the default corpus's stored build, as a first visit would.

    Only a build already on disk is opened (see :func:`alliance_dashboard.loaders.open_stored`); whatever
    fails here is logged and left to the first visitor's run, which reports it on the page as usual.
    """
    try:
        from alliance_data import shifts  # noqa: F401  (the pages' analytics)

        from . import figures, loaders, sidebar  # noqa: F401  (pandas, Arrow, the loaders, the sidebar)

        choices, _ = loaders.available_corpora()
        if choices:
            loaders.open_stored(choices[0])  # in the registry's own thread: the sessions wait for it there
    except Exception:  # never the server's concern: the visitor's run meets it again and says why
        _LOGGER.warning("Opening the default corpus at the server's start failed", exc_info=True)


@asynccontextmanager
async def server_lifespan(app):
    """The server's start-up hook: :func:`warm_server` in a thread of its own (the server answers meanwhile)."""
    threading.Thread(target=warm_server, name="alliance-warm-start", daemon=True).start()
    yield

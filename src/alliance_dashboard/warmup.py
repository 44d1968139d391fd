"""A session's first run: the browser loads its chart and table code while the script still works.

The browser loads the code that draws a Plotly chart or an interactive table only when the first
such element arrives. On a session's first run that is after the corpus and the sidebar are
ready: the browser sat idle meanwhile and then spent a second or more loading and compiling that
code before it could draw the page. An empty chart and an empty table sent first, in a box one
pixel high, make it load that code while the server works; the box is cleared once the page is
drawn. Later runs of the session leave the placeholder empty (it stays, so the elements after it
keep their places).
"""

from __future__ import annotations

import streamlit as st

__all__ = ["start_warming", "stop_warming"]

_WARMED = "_browser_warmed"  # session state: this session's browser has been sent the elements


def start_warming():
    """The placeholder, filled on a session's first run only; pass it to :func:`stop_warming` after the page."""
    slot = st.empty()
    if st.session_state.get(_WARMED):
        return slot
    st.session_state[_WARMED] = True
    import plotly.graph_objects as go  # already loaded with Streamlit: the chart goes out at once

    with slot.container(height=1, border=False):
        st.plotly_chart(go.Figure(), height=10, config={"staticPlot": True})
        st.dataframe({"": []})  # loads pandas, which the pages need anyway
    return slot


def stop_warming(slot) -> None:
    """Clear the placeholder once the page is drawn."""
    slot.empty()

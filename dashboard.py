"""Alliance discourse dashboard: the frame and router."""

from pathlib import Path

import streamlit as st

from alliance_dashboard.sidebar import render_sidebar

st.set_page_config(page_title="Alliance discourse across decades", page_icon=str(Path(__file__).parent / "assets" / "icon.png"), layout="wide")

pg = st.navigation([
    st.Page("app_pages/overview.py", title="Overview", icon=":material/dashboard:", url_path="overview", default=True),
    st.Page("app_pages/timeline.py", title="Timeline", icon=":material/timeline:", url_path="timeline"),
    st.Page("app_pages/themes.py", title="Themes & shifts", icon=":material/bubble_chart:", url_path="themes"),
    st.Page("app_pages/compare.py", title="Compare", icon=":material/compare:", url_path="compare"),
    st.Page("app_pages/read.py", title="Read & search", icon=":material/menu_book:", url_path="read"),
])
render_sidebar(pg.url_path or "overview")
pg.run()

"""Opening a page of the dashboard in Streamlit's AppTest the way a link does."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

from alliance_dashboard.sidebar import SHARE_BOX

DASHBOARD = str(Path(__file__).resolve().parents[2] / "dashboard.py")


def open_page(page: str, **params) -> AppTest:
    """Run the dashboard with ``params`` in the URL, then switch to ``page``."""
    at = AppTest.from_file(DASHBOARD, default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page != "overview":
        for key, value in params.items():
            at.query_params[key] = value
        at.switch_page(f"app_pages/{page}.py").run()
    return at


def share_link(at: AppTest) -> str:
    """Open the sidebar's "Share this view" box (drawn only once opened) and return its link."""
    at.session_state[SHARE_BOX] = True
    at.run()
    return at.sidebar.code[0].value

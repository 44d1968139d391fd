"""Alliance discourse dashboard: the frame and router, and the server that serves them.

``streamlit run dashboard.py`` finds the ``app`` below and serves this same file as the app's script
(run as ``__main__`` for each visitor). Serving it through ``st.App`` gives the server a start-up hook
(the libraries and the default corpus's stored build are opened while the first browser loads the app)
and a middleware that adds to each page's HTML document the code of the elements it draws (``preload``).
"""

from pathlib import Path

# Streamlit runs this script as __main__. The worker processes of a large build start by importing the
# parent's main script (as __mp_main__): they must not draw pages, or each would start a build of its own,
# and need not import Streamlit at all.
if __name__ == "__main__":
    import streamlit as st

    from alliance_dashboard.navigation import PAGE_SPECS, PAGES

    # The frame first: the browser draws it while the data libraries load (the sidebar imports them).
    st.set_page_config(page_title="Alliance discourse across decades",
                       page_icon=str(Path(__file__).parent / "assets" / "icon.png"), layout="wide")
    pg = st.navigation([
        st.Page(path, title=title, icon=icon, url_path=url, default=index == 0)
        for index, (url, title, path, icon) in enumerate(PAGE_SPECS)
    ])

    page = pg.url_path or PAGES[0]  # the default page is served at the root
    from alliance_dashboard.sidebar import render_share_link, render_sidebar

    render_sidebar(page)
    pg.run()
    render_share_link()  # after the page: the link carries the state the page checked and corrected
elif __name__ != "__mp_main__":
    # Imported by the server that `streamlit run dashboard.py` starts (not by a build's worker process).
    import streamlit as st
    from starlette.middleware import Middleware

    from alliance_dashboard.preload import PreloadPage
    from alliance_dashboard.warmup import server_lifespan

    app = st.App(__file__, lifespan=server_lifespan, middleware=[Middleware(PreloadPage)])

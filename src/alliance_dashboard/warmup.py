"""A server's start: what a first page waits for is loaded while something else works.

At the server's start (``server_lifespan``, the hook of the ``st.App`` in ``dashboard.py``), a thread
imports the data libraries and the pages' modules and opens the default corpus's stored build, while
the first browser loads the app's own code: without it, the first visitor's script waited for both.
A corpus with no stored build is left for its first visitor, who sees the build's progress.
(The browser's side, the code of a page's elements asked for with the page, is ``preload``.)
"""

from __future__ import annotations

import logging
import threading
from contextlib import asynccontextmanager

__all__ = ["server_lifespan", "warm_server"]

_LOGGER = logging.getLogger(__name__)


def warm_server() -> None:
    """Work out what each page's document gets (``preload``), import what every page needs and open the
    default corpus's stored build, as a first visit would.

    Only a build already on disk is opened (see :func:`alliance_dashboard.loaders.open_stored`); whatever
    fails here is logged and left to the first visitor's run, which reports it on the page as usual.
    """
    try:
        from .navigation import PAGES
        from .preload import page_head

        for page in PAGES:  # what each page's document gets: the first browser asks for one at once
            page_head(page)
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

"""The shared sidebar: corpus choice, global filters bound to the URL, the share link.

This is the one place the selection is read from and written to the URL.
Every value from a link is checked *before* its widget is drawn (a widget
given a value outside its options would fail), and a dropped value is named
in a warning at the top of the page.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import Sequence
from urllib.parse import urlsplit

import pandas as pd
import streamlit as st

from alliance_data.tables import analysed_mask

from .corpora import BUNDLED, CorpusChoice
from .loaders import (
    CorpusUnavailable, available_corpora, filtered_view, kind_colors, load_tables, selection_key, with_topic_labels,
)
from .selection import FILTER_KEYS, MAX_PARAM_CHARS, FilterOptions, Selection, parse_params
from .store import Tables
from .display import md_escape, plain
from .navigation import PAGE_SPECS, PAGES
from .views import KIND_NOUNS, THEME_KINDS, share_url, theme_names

__all__ = [
    "PageContext", "render_sidebar", "current", "page_header", "checked_choice", "url_choice", "sync_url",
    "PAGE_KEYS", "PAGES", "PAGE_SPECS", "PENDING_CORPUS", "url_flag", "url_number", "sync_flag", "render_share_link",
]

#: Page state in the URL: query parameter → the (unbound) widget key holding it.
#: These widgets show labels for ids, and a bound widget would put the label in the URL,
#: so their parameters are read and written here instead.
#: The share link carries these parameters as the page left them in the URL (after its checks).
PAGE_KEYS = {
    "timeline": {"by": "intensity_by", "terms": "trend_terms"},
    "themes": {"focus": "theme_detail_<kind>", "term_era": "terms_era", "term": "terms_term"},
    "compare": {"mode": "compare_mode", "left": "compare_<mode>_left", "right": "compare_<mode>_right",
                "min": "compare_threshold", "same": "show_same"},
    "read": {"doc": "read_doc", "at": "read_at", "removed": "show_removed"},
}
_CONTEXT = "_alliance_page_context"
_SEEN_CORPUS = "_alliance_seen_corpus"
_SHARE_SLOT = "_alliance_share_slot"
SHARE_BOX = "share_box"  # the "Share this view" box's open state
#: A corpus to open on the next run (set by the upload page before it moves on to the Overview).
PENDING_CORPUS = "_alliance_pending_corpus"


@dataclass
class PageContext:
    """What a page needs: the tables, the selection and the passages it keeps."""

    choice: CorpusChoice
    tables: Tables
    selection: Selection
    view: pd.DataFrame  # the selected passages (enriched: outlet, years, theme, x, y)
    total: int  # passages the selection chose from (analysed ones unless duplicates are included)
    page: str = "overview"
    notices: list[str] = field(default_factory=list)
    kind: str = THEME_KINDS[0]  # the kind of theme the charts, the map and the colours show

    @property
    def corpus(self):
        return self.tables.corpus

    @property
    def colors(self) -> dict[str, str]:
        return kind_colors(self.tables.key, self.kind, self.tables)

    @property
    def kind_noun(self) -> str:
        """"named themes" or "discovered topics"."""
        return KIND_NOUNS[self.kind]

    @property
    def theme_names(self) -> list[str]:
        """The themes of the kind shown, in the themes table's order."""
        return theme_names(self.tables.themes.themes, self.kind, self.tables.membership.columns)

    @property
    def membership(self) -> pd.DataFrame:
        """Theme membership (passage_id × theme → bool) of the kind shown."""
        return self.tables.membership[self.theme_names]

    @property
    def theme_column(self) -> str:
        """The view's column naming each passage's theme of the kind shown (its colour)."""
        return "primary_theme" if self.kind == "named" else "topic"

    def badge(self, passage_id: str, strongest: str | None, *, shown_for: str | None = None
              ) -> tuple[str | None, str | None]:
        """A passage's badge and note: the theme it is shown for (``shown_for``, else the first theme the sidebar
        filters on that it carries, else its ``strongest``) and, when that is not its strongest theme, a note
        naming the strongest, so a passage kept for a filtered theme is badged with that theme."""
        theme = shown_for
        if theme is None and self.selection.themes:  # no copy of the membership per passage: its own columns
            membership, shown = self.tables.membership, set(self.theme_names)
            wanted = [name for name in self.selection.themes if name in shown and name in membership.columns]
            if wanted and passage_id in membership.index:
                row = membership.loc[passage_id, wanted]
                theme = next((name for name in wanted if row[name]), None)
        if theme is None or theme == strongest or not isinstance(strongest, str) or not strongest:
            return (theme or strongest), None
        return theme, f"strongest theme: {strongest}"

    def view_without(self, **cleared) -> tuple[Selection, pd.DataFrame]:
        """The selection with some filters cleared (``themes=()``, ``eras=()``) and the passages it keeps.

        Shares that the theme filter must not change, and Compare's sides, are taken from such a view;
        it comes from the same per-process cache as the page's own.
        """
        selection = dataclasses.replace(self.selection, **cleared)
        return selection, filtered_view(self.tables.key, selection_key(selection), self.tables, selection)


def current() -> PageContext:
    """The context the sidebar computed in this script run."""
    return st.session_state[_CONTEXT]


def _url_values(key: str) -> list[str]:
    return [v for v in st.query_params.get_all(key) if v is not None]


def _as_strings(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, bool):
        return ["true" if value else "false"]
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    return [str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)]


def _state_or_url(key: str) -> list[str]:
    if key in st.session_state:
        return _as_strings(st.session_state[key])
    return _url_values(key)


def checked_choice(key: str, options: Sequence[str], label: str, *, warn: bool = True) -> None:
    """Before a single-choice widget bound to ``key`` is drawn: take the link's value, or drop it if not offered.

    A value from the URL is put into session state explicitly, so the widget
    shows it even when the page was reached by navigation rather than loaded.
    """
    from_url = key not in st.session_state
    values = _state_or_url(key)
    if not values:
        return
    if values[-1] in options:
        if from_url:
            st.session_state[key] = values[-1]
        return
    if warn and from_url:
        st.warning(f"The link names {label} “{md_escape(values[-1])}”, which is not available here; it was dropped.",
                   icon=":material/warning:")
    st.session_state[key] = options[0] if options else None


def url_choice(param: str, widget_key: str, options: Sequence[str], label: str) -> None:
    """Before an unbound page widget is drawn: seed it once from the link's ``param``.

    A value the widget does not offer is dropped with a warning naming it; a
    stale value left in session state (other options now) is reset quietly.
    """
    if widget_key in st.session_state:
        value = st.session_state[widget_key]
        if value is not None and value not in options:
            del st.session_state[widget_key]  # the widget falls back to its own default
        return
    value = st.query_params.get(param)
    if value is None or value == "":
        return
    if value in options:
        st.session_state[widget_key] = value
        return
    st.warning(f"The link names {label} “{md_escape(value)}”, which is not available here; it was dropped.",
               icon=":material/warning:")
    st.query_params.pop(param, None)


_TRUE_WORDS = {"true", "1", "yes", "on"}
_FALSE_WORDS = {"false", "0", "no", "off"}
_NUMBER = re.compile(r"-?\d{1,6}(\.\d{1,6})?")


def _drop_link_value(param: str, label: str, value: str) -> None:
    st.warning(f"The link names {label} “{md_escape(plain(value, limit=60))}”, which is not available here; "
               "it was dropped.", icon=":material/warning:")
    st.query_params.pop(param, None)


def url_flag(param: str, widget_key: str, label: str) -> None:
    """Before an unbound toggle: seed it once from the link's ``param`` (true/false); anything else is dropped."""
    if widget_key in st.session_state:
        return
    value = st.query_params.get(param)
    if value is None or value == "":
        return
    if value.lower() in _TRUE_WORDS | _FALSE_WORDS:
        st.session_state[widget_key] = value.lower() in _TRUE_WORDS
    else:
        _drop_link_value(param, label, value)


def sync_flag(param: str, value: bool) -> None:
    """After an unbound toggle: ``param=true`` in the URL when on, nothing when off (the default)."""
    sync_url(param, "true" if value else None)


def url_number(param: str, widget_key: str, low: float, high: float, label: str) -> None:
    """Before an unbound slider: seed it once from the link's ``param``, a plain number clipped to [low, high]."""
    if widget_key in st.session_state:
        return
    value = st.query_params.get(param)
    if value is None or value == "":
        return
    if not _NUMBER.fullmatch(value.strip()):
        _drop_link_value(param, label, value)
        return
    number = float(value)
    clipped = min(max(number, low), high)
    if clipped != number:
        st.warning(f"The link’s {md_escape(label)} {md_escape(value)} lies outside {low:g}–{high:g}; it was set to "
                   f"{clipped:g}.", icon=":material/warning:")
    st.session_state[widget_key] = clipped


def sync_url(param: str, value: object, *, default: object = None) -> None:
    """After an unbound page widget: write its value to the URL (left out when it is the default)."""
    current = st.query_params.get(param)
    if value is None or value == default:
        if current is not None:
            st.query_params.pop(param, None)
    elif current != str(value):
        st.query_params[param] = str(value)


def _prepare_filters(options: FilterOptions) -> list[str]:
    """Check URL (or widget) values against the corpus; fix session state where needed."""
    raw = {key: _state_or_url(key) for key in FILTER_KEYS}
    selection, notices = parse_params(raw, options)
    # Search text and years are drawn by unbound widgets: a widget bound to the URL reads the link's raw
    # value itself, before any check (an infinite year, 100 KB of search text). Seed them from the checked selection.
    if "q" not in st.session_state and selection.query:
        st.session_state["q"] = selection.query
    if options.years is not None:
        first, last = selection.date_range or options.years
        for key, year in (("from", first), ("to", last)):
            if key not in st.session_state:
                st.session_state[key] = int(year)
    if notices:
        low, high = options.years or (None, None)
        first, last = selection.date_range or (low, high)
        fixed = {"era": list(selection.eras), "theme": list(selection.themes), "source": list(selection.sources),
                 "from": first, "to": last, "all": selection.include_excluded}
        defaults = {"era": [], "theme": [], "source": [], "from": low, "to": high, "all": False}
        for key, value in fixed.items():
            if value is None or (not raw[key] and value == defaults[key]):
                continue
            if _as_strings(value) != raw[key]:
                st.session_state[key] = value
    return notices


def _base_url() -> str:
    """scheme://host/base-path of the app as the browser sees it, or "" when unknown."""
    try:
        url = st.context.url or ""
    except Exception:
        url = ""
    if not url:
        return ""
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    if segments and segments[-1] in PAGES:
        segments = segments[:-1]
    path = "/".join(segments)
    return f"{parts.scheme}://{parts.netloc}/{path}".rstrip("/")


def _corpus_choice() -> tuple[CorpusChoice, list[CorpusChoice]]:
    choices, problems = available_corpora()
    for problem in problems:
        st.sidebar.caption(f"Corpus setting ignored: {md_escape(problem)}")
    names = [c.name for c in choices]
    by_name = {c.name: c for c in choices}
    pending = st.session_state.pop(PENDING_CORPUS, None)
    if pending in by_name:
        st.session_state["corpus"] = pending
    checked_choice("corpus", names, "the corpus")
    # No format_func: a bound widget writes the formatted label into the URL. The caption names the corpus.
    name = st.sidebar.selectbox("Corpus", names, key="corpus", bind="query-params", disabled=len(names) == 1,
                                help="Upload documents on the “Add documents” page, or name corpora in "
                                     "ALLIANCE_CORPORA=name=path;… or [corpora] in secrets.toml")
    choice = by_name.get(name, choices[0])
    st.sidebar.caption(md_escape(plain(choice.label)))
    if choice.description:
        st.sidebar.caption(md_escape(plain(choice.description)))
    return choice, choices


def render_sidebar(page: str = "overview") -> PageContext:
    """Draw the sidebar, apply the selection and remember the context for the page."""
    st.sidebar.markdown("### Alliance discourse")
    choice, _ = _corpus_choice()
    try:
        tables, label_notes = with_topic_labels(choice, load_tables(choice))
    except CorpusUnavailable as exc:  # say so plainly; never show another corpus under this one's name
        st.error(f"The corpus “{md_escape(choice.name)}” could not be built: {md_escape(exc)}",
                 icon=":material/error:")
        if choice.name != BUNDLED:
            st.caption("Choose another corpus in the sidebar; this one is tried again when its files change.")
        st.stop()
    options = tables.options
    seen = st.session_state.get(_SEEN_CORPUS)
    if seen is not None and seen != choice.name and options.years is not None:
        # Another corpus spans other years: start from its whole range, not the last corpus's bounds.
        st.session_state["from"], st.session_state["to"] = options.years
    st.session_state[_SEEN_CORPUS] = choice.name
    notices = _prepare_filters(options)
    for notice in notices:
        st.warning(md_escape(notice), icon=":material/warning:")

    sb = st.sidebar
    sb.markdown("**Filters**")
    eras = sb.multiselect("Era", options.eras, key="era", bind="query-params", placeholder="All eras")
    themes = sb.multiselect("Theme", options.themes, key="theme", bind="query-params", placeholder="All themes")
    sources = sb.multiselect("Outlet", options.sources, key="source", bind="query-params",
                             placeholder="All outlets" if options.sources else "No outlets recorded",
                             disabled=not options.sources)
    query = sb.text_input("Search text", key="q", placeholder="e.g. Okinawa", max_chars=MAX_PARAM_CHARS)
    sync_url("q", query or None)
    date_range = None
    if options.years is not None:
        low, high = options.years
        left, right = sb.columns(2)
        first = left.number_input("From year", min_value=low, max_value=high, step=1, key="from")
        last = right.number_input("To year", min_value=low, max_value=high, step=1, key="to")
        first, last = sorted((int(first), int(last)))
        sync_url("from", first, default=low)
        sync_url("to", last, default=high)
        if (first, last) != (low, high):
            date_range = (first, last)
    include = sb.toggle("Include duplicates and off-topic passages", key="all", bind="query-params",
                        help="By default, copies of an article and passages about another story are left out "
                             "of counts and charts.")
    checked_choice("kind", THEME_KINDS, "the kind of theme")
    kind = sb.segmented_control(
        "Themes shown", THEME_KINDS, key="kind", bind="query-params", required=True, default=THEME_KINDS[0],
        help="Named themes follow the configured seed terms; discovered topics are the groups of passages the "
             "model found by their words. Charts, the passage map and colours follow this choice.") or THEME_KINDS[0]
    for note in label_notes:
        sb.caption(f"Topic labels: {md_escape(note)}")
    selection = Selection(tuple(eras), tuple(themes), tuple(sources), query or "", date_range, bool(include))

    view_all = tables.view
    base = len(view_all) if include else int(analysed_mask(view_all).sum())
    view = filtered_view(tables.key, selection_key(selection), tables, selection)
    context = PageContext(choice, tables, selection, view, base, page, notices, kind)
    st.session_state[_CONTEXT] = context

    st.session_state[_SHARE_SLOT] = sb.empty()  # filled by render_share_link once the page has checked its state
    return context


def render_share_link() -> None:
    """The "Share this view" box: the corpus, the checked filters and the page's parameters as it left them.

    Called after the page has run, so a value the page dropped or corrected is not carried on.
    """
    slot = st.session_state.get(_SHARE_SLOT)
    context = st.session_state.get(_CONTEXT)
    if slot is None or context is None:
        return
    params: dict[str, list[str]] = {}
    if context.choice.name != BUNDLED:
        params["corpus"] = [context.choice.name]
    params.update(context.selection.to_params(context.tables.options))
    if context.kind != THEME_KINDS[0]:
        params["kind"] = [context.kind]
    for param in PAGE_KEYS.get(context.page, {}):
        value = st.query_params.get(param)
        if value:
            params[param] = [str(value)]
    with slot.container():
        # Drawn only once opened: a code box loads the browser's syntax highlighter, some half a second of a
        # first page's work in the browser, for a link most visits never copy (the address bar holds it too).
        box = st.expander("Share this view", icon=":material/link:", key=SHARE_BOX, on_change="rerun")
        if box.open:
            with box:
                st.caption("This link opens this page with the same corpus, filters and choices.")
                # The default page is served at the app's root.
                st.code(share_url(_base_url(), "" if context.page == PAGES[0] else context.page, params),
                        language=None, wrap_lines=True)


def page_header(title: str, intro: str | None = None) -> PageContext:
    """Title, the one-line description of the selection, and an optional intro."""
    context = current()
    st.title(title)
    st.markdown(f"**{md_escape(context.selection.describe(len(context.view), context.total))}**")
    if intro:
        st.caption(intro)
    return context


"""Overview: the corpus at a glance."""

import streamlit as st

from alliance_dashboard.display import DATE_HELP, REMOVED_LINE_HELP, counted, md_escape, plain
from alliance_dashboard.figures import theme_mix_chart
from alliance_dashboard.sidebar import page_header
from alliance_data.shifts import theme_counts
from alliance_dashboard.views import documents_table, families_table, headline_numbers, problems_table, removed_counts

MAX_REMOVED_ROWS = 5_000  # a large corpus removes far more lines than a browser table should carry

ctx = page_header("Overview", "The corpus at a glance: what it holds, what cleaning removed, and what could not be read.")
corpus = ctx.corpus
documents = corpus.documents

problems = problems_table(corpus.problems)
if not problems.empty:
    named = "; ".join(f"{plain(row.file, limit=80)} ({plain(row.reason, limit=80)})"
                      for row in problems.head(5).itertuples())
    more = f"; and {len(problems) - 5:,} more" if len(problems) > 5 else ""
    st.warning(md_escape(f"{counted(len(problems), 'load problem')}: some files were skipped or read with a fallback: "
                         f"{named}{more}. See “Load problems” below."), icon=":material/warning:")

# Headline numbers follow the filters; "of N" is the whole corpus. Themes: of the kind the sidebar shows.
counts = theme_counts(ctx.view, ctx.membership)
numbers = headline_numbers(ctx.tables, ctx.view, counts, len(ctx.theme_names))


def metric(column, label: str, n: int, total: int, help: str | None = None) -> None:
    """A headline number; when the filters leave out part of the corpus, the label says "of N" (the whole corpus)."""
    column.metric(label if n == total else f"{label} (of {total:,})", f"{n:,}", help=help)


cols = st.columns(5)
metric(cols[0], "Documents", *numbers["documents"], help="Documents with a passage under the filters")
metric(cols[1], "Passages", len(ctx.view), ctx.total,
       help="Passages analysed under the filters: duplicates and off-topic passages are left out "
            "unless the sidebar includes them")
metric(cols[2], "Eras", *numbers["eras"])
metric(cols[3], ctx.kind_noun.capitalize(), *numbers["themes"],
       help=f"{ctx.kind_noun.capitalize()} that occur in the selected passages (the chart below); "
            "“Themes shown” in the sidebar switches between named themes and discovered topics")
metric(cols[4], "Removed lines", *numbers["removed lines"], help="Lines cleaning removed from the selected documents")

links = st.columns(4)
links[0].page_link("app_pages/timeline.py", label="Timeline", icon=":material/timeline:")
links[1].page_link("app_pages/themes.py", label="Themes & shifts", icon=":material/bubble_chart:")
links[2].page_link("app_pages/compare.py", label="Compare", icon=":material/compare:")
links[3].page_link("app_pages/read.py", label="Read & search", icon=":material/menu_book:")

st.subheader("Documents")
table = documents_table(documents)
shown = table[table["doc_id"].isin(ctx.view["doc_id"].unique())] if not ctx.selection.is_empty else table
if shown.empty:
    st.info("No document has a passage matching the filters: clear a filter in the sidebar.")
picked = st.dataframe(
    shown.drop(columns=["doc_id"]), hide_index=True, height=min(35 * len(shown) + 38, 420),
    column_config={"canonical": st.column_config.CheckboxColumn("canonical", help="The copy used for statistics"),
                   "title": st.column_config.TextColumn("title", width="large"),
                   "date": st.column_config.TextColumn("date", help=DATE_HELP)},
    on_select="rerun", selection_mode="single-row", key="documents_table",
)
st.caption("Select a row to read the document.")
if picked.selection.rows:
    st.switch_page("app_pages/read.py", query_params={"doc": shown["doc_id"].iloc[picked.selection.rows[0]]})
if len(table) > len(shown):
    st.caption(f"Showing {len(shown):,} of {len(table):,} documents: those with a passage under the filters.")

mix = theme_mix_chart(counts, ctx.colors, title=f"{ctx.kind_noun.capitalize()} in the selected passages")
if mix is None:
    st.info(f"No {ctx.kind_noun} in the selected passages: clear a filter in the sidebar.")
else:
    st.vega_lite_chart(spec=mix, width="stretch", key="mix")
st.caption("A passage can carry several named themes and belongs to one discovered topic. "
           "“Themes shown” in the sidebar switches between them.")

st.subheader("What cleaning removed")
st.caption("In the whole corpus, whatever the filters.")
rules = removed_counts(corpus.removed)
if rules.empty:
    st.caption("Cleaning removed nothing.")
else:
    st.dataframe(rules, hide_index=True,
                 column_config={"what it removes": st.column_config.TextColumn(width="large")})
    shown_removed = corpus.removed.head(MAX_REMOVED_ROWS)
    # Drawn only once opened: a closed box's table would still be read, sent and laid out by the browser.
    n_removed = len(corpus.removed)
    box = st.expander("The removed line" if n_removed == 1 else f"All {n_removed:,} removed lines"
                      if n_removed <= MAX_REMOVED_ROWS
                      else f"The first {MAX_REMOVED_ROWS:,} of {n_removed:,} removed lines",
                      key="removed_lines", on_change="rerun")
    with box:
        if box.open:
            st.dataframe(ctx.tables.removed_lines(shown_removed)[["source", "line", "rule", "text"]],
                         hide_index=True,
                         column_config={"line": st.column_config.NumberColumn("line", help=REMOVED_LINE_HELP)})

st.subheader("Near-duplicate families")
families = families_table(documents)
if families.empty:
    st.caption("No document has a near-duplicate copy.")
else:
    st.caption("Copies of one article: only the canonical copy counts in statistics.")
    st.dataframe(families, hide_index=True)

st.subheader("Load problems")
if problems.empty:
    st.caption("Every file was read without problems.")
else:
    st.dataframe(problems, hide_index=True)

"""Timeline: when the documents were written, and which years they talk about."""

import streamlit as st

from alliance_dashboard.figures import plot_document_timeline, plot_theme_intensity
from alliance_dashboard.sidebar import page_header
from alliance_dashboard.display import UNDATED, UNTITLED, md_escape, plain
from alliance_dashboard.views import theme_intensity, timeline_documents, timeline_mentions

ctx = page_header("Timeline", "Bars show the dates the evidence allows; the diamond is the best date. "
                  "Hover for the evidence. The lower track shows the historical years the texts refer to.")

MAX_DOCUMENTS, MAX_MENTIONS = 60, 300
matching = int(ctx.corpus.documents["doc_id"].isin(ctx.view["doc_id"].unique()).sum())
documents = timeline_documents(ctx.corpus.documents, ctx.view, limit=MAX_DOCUMENTS)
mentions = timeline_mentions(ctx.corpus.mentions, ctx.view, limit=MAX_MENTIONS)
if matching > len(documents):
    st.caption(f"{matching:,} documents match; {len(documents):,} spread evenly over time are drawn. "
               "Narrow the filters to see them all.")
if documents.empty:
    st.info("No document matches the filters: remove an era, theme or search term in the sidebar.")
else:
    st.plotly_chart(plot_document_timeline(documents, mentions), key="timeline")
    undated = int(documents["date_min"].isna().sum())
    if undated:
        st.caption(f"{undated} matching document(s) could not be dated and are not drawn.")

st.subheader("Theme intensity over time")
by = st.radio("Group by", ["era", "year"], horizontal=True, key="intensity_by",
              help="Year groups only passages whose document is dated to a single year.")
shares, order = theme_intensity(ctx.view, ctx.tables.membership, by=by)
if ctx.selection.themes:
    shares = shares[shares["theme"].isin(ctx.selection.themes)]
if shares.empty:
    st.info("No dated passage matches the filters: widen the year range or clear the era filter.")
else:
    st.plotly_chart(plot_theme_intensity(shares, ctx.colors, order, top=None if ctx.selection.themes else 8),
                    key="intensity")
    if not ctx.selection.themes:
        st.caption("The eight themes with the most passages; choose themes in the sidebar to follow others.")

with st.expander("Date evidence per document"):
    for doc in documents.sort_values(["date_min", "doc_id"], kind="mergesort").itertuples():
        st.markdown(f"**{md_escape(plain(doc.title, UNTITLED))}** — {md_escape(plain(doc.date, UNDATED))} "
                    f"({md_escape(plain(doc.date_method, '—'))})")
        for line in (doc.date_evidence if isinstance(doc.date_evidence, (list, tuple)) else []):
            st.text(f"• {line}")

if not mentions.empty:
    with st.expander(f"{len(mentions):,} historical references"):
        st.dataframe(mentions[["year", "text", "title", "snippet"]], hide_index=True)

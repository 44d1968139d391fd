"""Timeline: how many documents each year holds, how the themes move, and (for a small selection) each document."""

from functools import cache

import streamlit as st

from alliance_data.shifts import aligned_membership, documents_over_time, theme_shares_over_time
from alliance_data.search import parse_query
from alliance_dashboard.figures import (
    plot_document_timeline, plot_documents_over_time, plot_term_trends, plot_theme_intensity,
)
from alliance_dashboard.loaders import selection_key, term_trends_cached
from alliance_dashboard.selection import MAX_PARAM_CHARS
from alliance_dashboard.sidebar import page_header, sync_url, url_choice
from alliance_dashboard.display import UNDATED, UNTITLED, counted, md_escape, method_label, plain
from alliance_dashboard.views import selected_mentions, timeline_documents, timeline_mentions

ctx = page_header("Timeline", "How many documents each period holds and how they were dated; how each theme's "
                  "share of the passages moves; and, for a small selection, each document's possible dates.")

MAX_DOCUMENTS, MAX_MENTIONS = 60, 300
documents = timeline_documents(ctx.corpus.documents, ctx.view)
# How many references the selection makes: counted without reading a passage; the texts of those drawn are read
# only for the documents' chart or the opened table below.
n_mentions = len(selected_mentions(ctx.corpus.mentions, ctx.view, mention_rows=ctx.tables.mention_rows))


@cache  # the documents' chart and the opened table draw the same
def drawn_mentions():
    return timeline_mentions(ctx.corpus.mentions, ctx.view, limit=MAX_MENTIONS, with_text=ctx.tables.with_text,
                             mention_rows=ctx.tables.mention_rows)

if documents.empty:
    st.info("No document matches the filters: remove an era, theme or search term in the sidebar.")
else:
    histogram = documents_over_time(documents)
    st.plotly_chart(plot_documents_over_time(histogram), key="histogram")
    undated = int(documents["date_min"].isna().sum())
    st.caption(f"{counted(len(documents), 'document', verb='match')}"
               + (f"; {undated:,} could not be dated and are not counted" if undated else "")
               + ". A document dated only to a range counts a fraction in each period the range covers.")

st.subheader(f"{ctx.kind_noun.capitalize()}: shares over time")
url_choice("by", "intensity_by", ["era", "year"], "the grouping")
by = st.radio("Group by", ["era", "year"], horizontal=True, key="intensity_by",
              help="Year: only passages whose document is dated to a single year.")
sync_url("by", by, default="era")
# Shares are of every passage the other filters keep: the theme filter only chooses the lines.
base_selection, base_view = ctx.view_without(themes=())
eras = ctx.corpus.eras
series = theme_shares_over_time(base_view, aligned_membership(base_view, ctx.membership), by=by, eras=eras,
                                include_excluded=ctx.selection.include_excluded)
if series.empty or not (series["n_period_passages"] > 0).any():
    st.info("No dated passage matches the filters: widen the year range or clear the era filter.")
else:
    followed = [t for t in ctx.selection.themes if t in set(ctx.theme_names)]
    st.plotly_chart(plot_theme_intensity(series, ctx.colors, themes=followed or None, by=by),
                    key="intensity")
    periods = series.drop_duplicates("period")
    analysed = int(periods["n_period_passages"].sum())
    st.caption(f"Each point is the share of **all {analysed:,} analysed passages** of its "
               f"{'year' if by == 'year' else 'era'} that carry the theme (a passage may carry several named themes "
               "and belongs to one discovered topic), "
               "whatever themes the sidebar picks: the theme filter only chooses the lines."
               + ("" if followed else " Shown: the eight themes with the most passages; pick themes in "
                  "the sidebar to follow others.")
               + " The whiskers (and, for up to four lines, a band) are the 95% interval (Wilson): wide where few "
               "passages stand behind a point. "
               "A break in a line is a period with no passages.")

st.subheader("Terms over time")
MAX_TERMS = 6
if "trend_terms" not in st.session_state:
    st.session_state["trend_terms"] = (st.query_params.get("terms") or "")[:MAX_PARAM_CHARS]
typed = st.text_input("Terms to follow", key="trend_terms", max_chars=MAX_PARAM_CHARS,
                      placeholder='e.g. nuclear, "climate change", terrorism',
                      help="Words or \"quoted phrases\", separated by spaces or commas; whole words, any case.")
sync_url("terms", typed.strip() or None)
terms = parse_query(typed.replace(",", " "))[:MAX_TERMS]
if terms:
    frequencies = term_trends_cached(ctx.tables.key, selection_key(base_selection), tuple(terms), by, eras,
                                     ctx.tables, base_view)
    st.plotly_chart(plot_term_trends(frequencies, by=by), key="terms")
    st.caption(f"Occurrences per 10,000 words of the {'year' if by == 'year' else 'era'}'s analysed passages "
               "(the other filters apply; the theme filter does not)."
               + (f" Only the first {MAX_TERMS} terms are drawn." if len(parse_query(typed.replace(',', ' '))) > MAX_TERMS
                  else ""))
else:
    st.caption("Type one or more terms to compare how often each is used over time.")

st.subheader("Documents and their possible dates")
if len(documents) > MAX_DOCUMENTS:
    st.caption(f"{len(documents):,} documents match: too many to draw one by one. Narrow the filters to "
               f"{MAX_DOCUMENTS} or fewer to see each document's possible dates and its evidence.")
elif not documents.empty:
    st.plotly_chart(plot_document_timeline(documents, drawn_mentions() if n_mentions else None), key="timeline")
    st.caption("Bars show the dates the evidence allows; the diamond is the best date. Hover for the evidence. "
               + ("The lower track shows the historical years the texts refer to." if n_mentions
                  else "The selected texts refer to no historical year, so there is no lower track."))
    with st.expander("Date evidence per document"):
        for doc in documents.sort_values(["date_min", "doc_id"], kind="mergesort").itertuples():
            st.markdown(f"**{md_escape(plain(doc.title, UNTITLED))}** — {md_escape(plain(doc.date, UNDATED))} "
                        f"({md_escape(method_label(doc.date_method))})")
            for line in (doc.date_evidence if isinstance(doc.date_evidence, (list, tuple)) else []):
                st.text(f"• {line}")

if n_mentions:
    # Drawn only once opened, like the Overview's removed lines: a closed box's table is still sent and laid out.
    box = st.expander(f"{n_mentions:,} historical references", key="references_box", on_change="rerun")
    if box.open:
        with box:
            mentions = drawn_mentions()
            if len(mentions) < n_mentions:
                st.caption(f"{len(mentions):,} of them, spread evenly over the years referred to.")
            st.dataframe(mentions[["year", "text", "title", "snippet"]], hide_index=True)

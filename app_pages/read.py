"""Read & search: keyword in context over the selection, and a reading view of one document."""

from functools import partial

import streamlit as st

from alliance_dashboard.sidebar import page_header, sync_url, url_choice
from alliance_dashboard.display import UNDATED, UNTITLED, md_escape, plain
from alliance_dashboard.views import compare_documents_options, kwic, passage_html

ctx = page_header("Read & search", "Search with “Search text” in the sidebar; pick a row to read its document.")
corpus = ctx.corpus
ids, labels = compare_documents_options(corpus.documents)


def _open_from_results(doc_ids: list[str]) -> None:
    rows = st.session_state["kwic"].selection.rows
    if rows:
        st.session_state["read_doc"] = doc_ids[rows[0]]


st.subheader("Search results")
if ctx.selection.query:
    rows = kwic(ctx.view, ctx.selection.query)
    if rows.empty:
        st.info(f"“{md_escape(ctx.selection.query)}” does not occur in the selected passages: "
                "check the spelling or clear the era and theme filters.")
    else:
        st.caption(f"{len(rows):,} occurrence(s){' (first 500)' if len(rows) >= 500 else ''}. "
                   "Select a row to open its document below.")
        st.dataframe(
            rows[["title", "era", "left", "match", "right"]], hide_index=True, key="kwic",
            on_select=partial(_open_from_results, rows["doc_id"].tolist()), selection_mode="single-row",
            column_config={"left": st.column_config.TextColumn("…before", width="large"),
                           "right": st.column_config.TextColumn("after…", width="large")},
        )
else:
    st.caption("Type a word in “Search text” in the sidebar to list every occurrence with its context.")

st.subheader("Read a document")
url_choice("doc", "read_doc", ids, "the document")
doc_id = st.selectbox("Document", ids, format_func=labels.get, key="read_doc", index=None,
                      placeholder="Choose a document")
sync_url("doc", doc_id)
if doc_id is None:
    st.caption("Choose a document, or select a search result, to read it here.")
    st.stop()

doc = corpus.documents.set_index("doc_id").loc[doc_id]
st.markdown(f"### {md_escape(plain(doc['title'], UNTITLED))}")
meta = [plain(x) for x in (doc["outlet"], doc["author"]) if plain(x)] + [plain(doc["date"], UNDATED)]
st.caption(md_escape(" · ".join(meta) + f" · era {plain(doc['era'], '—')} · {doc['n_passages']} passages · "
                     f"source {plain(doc['source'])}"))
if not bool(doc["canonical"]):
    st.info("This is a copy of another article: its passages are left out of statistics.")

with st.expander("Date evidence", expanded=False):
    st.text(f"Best date {plain(doc['date'], '—')}; possible {plain(doc['date_min'], '?')} – {plain(doc['date_max'], '?')} "
            f"({doc['date_precision']}, by {doc['date_method']})")
    for line in doc["date_evidence"] if isinstance(doc["date_evidence"], (list, tuple)) else []:
        st.text(f"• {line}")

passages = ctx.tables.view[ctx.tables.view["doc_id"] == doc_id].sort_values("position", kind="mergesort")
query_terms = [ctx.selection.query] if ctx.selection.query else []
for passage in passages.itertuples():
    notes = []
    if passage.offtopic:
        notes.append(f"off-topic: {passage.offtopic_reason or 'another story'}")
    if passage.duplicate:
        notes.append("copy")
    st.html(passage_html(passage.text, theme=passage.primary_theme, color=ctx.colors.get(passage.primary_theme),
                         marked_terms=query_terms, note=" · ".join(notes) or None))

removed = corpus.removed[corpus.removed["doc_id"] == doc_id]
if st.toggle(f"Show the {len(removed)} removed line(s)", key="show_removed"):
    if removed.empty:
        st.caption("Cleaning removed nothing from this document.")
    else:
        st.dataframe(removed[["line", "rule", "text"]], hide_index=True)

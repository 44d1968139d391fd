"""Read & search: keyword in context over the selection, and a reading view of one document."""

from functools import partial

import streamlit as st

from alliance_data.search import count_hits, first_passages, kwic, parse_query
from alliance_dashboard.sidebar import page_header, sync_flag, sync_url, url_choice, url_flag
from alliance_dashboard.store import model_or_none
from alliance_data.themes import theme_explanations
from alliance_dashboard.display import (DATE_HELP, REMOVED_LINE_HELP, UNDATED, UNTITLED, counted, md_escape, method_label,
                                       plain)
from alliance_dashboard.views import (
    EXPORT_FORMATS, EXPORT_TABLES, compare_documents_options, document_doubts, flagged_records, kwic_table,
    passage_html, selection_export,
)

ctx = page_header("Read & search", "The passages the filters keep, oldest first; or search with “Search text” in the "
                  "sidebar: whole words, any case; \"quoted phrases\"; several words find passages with all of them. "
                  "Pick a row to read it in place.")
corpus = ctx.corpus
ids, labels = compare_documents_options(corpus.documents)
KWIC_LIMIT = 500


def _open_from_results(key: str, doc_ids: list[str], passage_ids: list[str]) -> None:
    rows = st.session_state[key].selection.rows
    if rows:
        st.session_state["read_doc"] = doc_ids[rows[0]]
        st.session_state["read_at"] = passage_ids[rows[0]]


def _result_table(rows, key: str, text_column: str, text_label: str) -> None:
    """Rows of passages (date, title, a piece of text); selecting one opens its document at that passage."""
    st.dataframe(
        rows[["date", "title", text_column]], hide_index=True, key=key,
        on_select=partial(_open_from_results, key, rows["doc_id"].tolist(), rows["passage_id"].tolist()),
        selection_mode="single-row",
        column_config={"date": st.column_config.TextColumn("date", help=DATE_HELP),
                       text_column: st.column_config.TextColumn(text_label, width="large"),
                       "title": st.column_config.TextColumn("title", width="medium")},
    )


def selected_passages() -> None:
    """Without a search, the passages the filters keep, to read from: an era or theme is a reading list too."""
    st.subheader("Passages")
    if ctx.view.empty:
        st.info("No passage matches the filters: remove an era, theme or outlet in the sidebar.")
        return
    rows = kwic_table(first_passages(ctx.view, limit=KWIC_LIMIT, with_text=ctx.tables.with_text), corpus.documents)
    listed = (f"the first {len(rows):,} are listed" if len(ctx.view) > len(rows) else "listed")
    st.caption(f"{counted(len(ctx.view), 'passage', verb='match')} the filters; {listed} oldest first. Select a row to open its "
               "document at that passage; type a word in “Search text” in the sidebar to list every occurrence "
               "with its context.")
    _result_table(rows, "passages_list", "opening", "opening words")


def search_results() -> None:
    if not ctx.selection.query:
        selected_passages()
        return
    st.subheader("Search results")
    rows = kwic_table(kwic(ctx.view, ctx.selection.query, limit=KWIC_LIMIT, with_text=ctx.tables.with_text), corpus.documents)
    if rows.empty:
        st.info(f"“{md_escape(ctx.selection.query)}” does not occur in the selected passages: "
                "check the spelling or clear the era and theme filters.")
        return
    terms = ", ".join(f"“{t}”" for t in parse_query(ctx.selection.query))
    hits, n_passages, n_documents = count_hits(ctx.view, ctx.selection.query, with_text=ctx.tables.with_text)
    listed = (f"the first {len(rows):,} are listed, oldest first" if hits > len(rows) else "listed oldest first")
    st.caption(md_escape(f"{counted(hits, 'occurrence')} of {terms} in {counted(n_passages, 'passage')} of "
                         f"{counted(n_documents, 'document')}; {listed}. Select a row to open its document at that passage."))
    _result_table(rows, "kwic", "context", "in context (hit in ⟦ ⟧)")


def read_document() -> None:
    st.subheader("Read a document")
    url_choice("doc", "read_doc", ids, "the document")
    doc_id = st.selectbox("Document", ids, format_func=labels.get, key="read_doc", index=None,
                          placeholder="Choose a document")
    sync_url("doc", doc_id)
    if doc_id is None:
        st.caption("Choose a document, or select a search result, to read it here.")
        sync_url("at", None)
        sync_url("removed", None)
        return

    doc = corpus.documents.set_index("doc_id").loc[doc_id]
    st.markdown(f"### {md_escape(plain(doc['title'], UNTITLED))}")
    meta = [plain(x) for x in (doc["outlet"], doc["author"]) if plain(x)] + [plain(doc["date"], UNDATED)]
    st.caption(md_escape(" · ".join(meta) + f" · era {plain(doc['era'], '—')} · {doc['n_passages']} passages · "
                         f"source {plain(doc['source'])}"))
    if not bool(doc["canonical"]):
        st.info("This is a copy of another article: its passages are left out of statistics.")

    with st.expander("Date evidence", expanded=False):
        st.text(f"Best date {plain(doc['date'], '—')}; possible {plain(doc['date_min'], '?')} – "
                f"{plain(doc['date_max'], '?')} ({doc['date_precision']}; {method_label(doc['date_method'])})")
        for line in doc["date_evidence"] if isinstance(doc["date_evidence"], (list, tuple)) else []:
            st.text(f"• {line}")

    passages = ctx.tables.with_text(ctx.tables.view[ctx.tables.view["doc_id"] == doc_id]
                                    .sort_values("position", kind="mergesort"))
    passage_ids = passages["passage_id"].tolist()
    # Where to start reading: the search hit the reader came from (``at`` in the link), else the top.
    if "read_at" not in st.session_state:
        st.session_state["read_at"] = st.query_params.get("at")
        if st.session_state["read_at"] and st.session_state["read_at"] not in passage_ids:
            st.warning(f"The link names the passage “{md_escape(plain(st.session_state['read_at'], limit=60))}”, "
                       "which this document does not have; reading starts at the top.", icon=":material/warning:")
    at = st.session_state.get("read_at")
    if at not in passage_ids:
        at = st.session_state["read_at"] = None
    sync_url("at", at)
    start = passage_ids.index(at) if at else 0
    marked = parse_query(ctx.selection.query)

    why = theme_explanations(passages, ctx.tables.themes.assignments, model_or_none(ctx.tables))

    def show(passage) -> None:
        theme, strongest = ctx.badge(passage.passage_id, getattr(passage, ctx.theme_column))
        notes = [note for note in (why.get(passage.passage_id), strongest) if note]
        if passage.offtopic:
            notes.append(f"off-topic: {passage.offtopic_reason or 'another story'}")
        if passage.duplicate:
            notes.append("copy")
        st.html(passage_html(passage.text, theme=theme, color=ctx.colors.get(theme),
                             marked_terms=marked, note=" · ".join(notes) or None))

    if start:
        st.caption(f"Opened at the chosen passage: passage {start + 1} of {len(passage_ids)}.")
        if st.button("Read from the start", key="read_from_start"):
            st.session_state["read_at"] = None
            st.rerun()
        with st.expander("The passage before it" if start == 1 else f"The {start:,} passages before it"):
            for passage in passages.iloc[:start].itertuples():
                show(passage)
    for passage in passages.iloc[start:].itertuples():
        show(passage)

    rows = corpus.removed[corpus.removed["doc_id"] == doc_id]
    n_doubted = len(flagged_records(doc["flagged"]))
    url_flag("removed", "show_removed", "“show removed lines”")
    label = "Show the removed line" if len(rows) == 1 else f"Show the {len(rows):,} removed lines"
    if n_doubted:
        label += f" and {counted(n_doubted, 'line')} kept with doubts"
    show_removed = st.toggle(label, key="show_removed")
    sync_flag("removed", show_removed)
    if show_removed:  # the lines' text is read from the stored build only now
        removed, doubted = document_doubts(ctx.tables.removed_lines(rows), doc["flagged"])
        why = st.column_config.TextColumn("why", help="What the rule looks for (the Overview lists every rule)", width="medium")
        if removed.empty:
            st.caption("Cleaning removed nothing from this document.")
        else:
            st.dataframe(removed[["line", "rule", "text", "why"]], hide_index=True,
                         column_config={"line": st.column_config.NumberColumn("line", help=REMOVED_LINE_HELP),
                                        "why": why, "text": st.column_config.TextColumn("text", width="large")})
        if len(doubted):
            st.caption(f"Kept in the text although a rule had doubts ({counted(len(doubted), 'line')}): a line a rule "
                       "would remove but for its length, or a line of the page kept as the article's own.")
            st.dataframe(doubted[["rule", "text", "why"]], hide_index=True,
                         column_config={"why": why, "text": st.column_config.TextColumn("text", width="large")})


def export_selection() -> None:
    st.subheader("Export the selection")
    n_documents = int(ctx.view["doc_id"].nunique())
    st.caption(f"The {counted(len(ctx.view), 'passage')} the filters select and the {counted(n_documents, 'document')} "
               f"{'it comes' if len(ctx.view) == 1 else 'they come'} from, with the columns `alliance-data export` "
               "writes. CSV holds lists as JSON text.")
    row = st.container(horizontal=True)
    for table in EXPORT_TABLES:
        for fmt, (label, writer, mime) in EXPORT_FORMATS.items():
            def data(table=table, writer=writer) -> bytes:  # written when clicked: a large selection costs nothing before
                view = ctx.tables.with_text(ctx.view) if table == "passages" else ctx.view
                return writer(selection_export(table, corpus.documents, view, ctx.tables.themes)).encode("utf-8")

            row.download_button(
                f"{table.capitalize()} ({label})", data=data, file_name=f"{ctx.choice.name}-{table}.{fmt}",
                mime=mime, on_click="ignore", icon=":material/download:", key=f"export_{table}_{fmt}",
                disabled=ctx.view.empty)


search_results()
export_selection()
read_document()

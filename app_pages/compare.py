"""Compare: two documents, two eras, or the versions of one article, side by side."""

import pandas as pd
import streamlit as st

from alliance_dashboard.display import counted
from alliance_data.align import MIN_TERMS
from alliance_dashboard.loaders import aligned_cached, selection_key
from alliance_dashboard.sidebar import page_header, sync_flag, sync_url, url_choice, url_flag, url_number
from alliance_dashboard.views import (
    collation_rows, md_escape, compare_documents_options, family_options, offtopic_note, passage_html, passages_by_ids,
    word_diff_html,
)

ctx = page_header("Compare", "Pick two sides. Passages are paired by the words they share (highlighted); "
                  "below, what each side has that the other lacks.")
corpus = ctx.corpus
theme_column = ctx.theme_column  # each passage's colour: its named theme or its topic, as the sidebar shows
MODES = {"documents": "Two documents", "eras": "Two eras", "versions": "Versions of one article"}
url_choice("mode", "compare_mode", list(MODES), "the comparison mode")
if st.session_state.get("compare_mode") is None:
    st.session_state["compare_mode"] = "documents"
mode = st.segmented_control("Compare", list(MODES), format_func=MODES.get, key="compare_mode",
                            required=True) or "documents"
sync_url("mode", mode, default="documents")
# Each mode keeps its own sides (widget keys per mode); the URL's left/right belong to the mode they were
# chosen in, so a switch of mode clears them rather than read a document id as an era.
if st.session_state.get("_compare_last_mode") not in (None, mode):
    for param in ("left", "right", "same"):
        st.query_params.pop(param, None)
st.session_state["_compare_last_mode"] = mode
for unused in {"versions": ("min",)}.get(mode, ("same",)):  # a control this mode does not show is not in its link
    st.query_params.pop(unused, None)
# The sides are chosen here, so the era filter does not empty one of them.
side_selection, side_view = ctx.view_without(eras=())
if ctx.selection.eras:
    st.caption("The sides are chosen below, so the sidebar's era filter is not applied on this page; "
               "its other filters are.")


def render_pairs(left_view, right_view, left_label, right_label, sides):
    url_number("min", "compare_threshold", 0.0, 0.5, "minimum similarity")
    if "compare_threshold" not in st.session_state:
        st.session_state["compare_threshold"] = 0.05
    threshold = st.slider("Minimum similarity to pair two passages", 0.0, 0.5, step=0.01, key="compare_threshold",
                          help="Cosine similarity of the passages' weighted terms. Across decades, 0.05–0.1 already "
                               "means a shared subject.")
    threshold = round(float(threshold), 2)
    sync_url("min", f"{threshold:g}", default="0.05")
    aligned = aligned_cached(ctx.tables.key, selection_key(side_selection), sides, threshold, ctx.tables, left_view,
                             right_view)
    if aligned is None:
        st.info("Pairing passages needs the corpus's theme model, which could not be read: reload the page to "
                "rebuild it.")
        return
    pairs, left_only, right_only, short = aligned
    st.subheader(counted(len(pairs), "aligned passage pair"))
    if any(short):
        st.caption(f"Left out: {counted(short[0], 'passage')} of the left side and {short[1]:,} of the right with fewer "
                   f"than {MIN_TERMS} words of the model's vocabulary (a salutation, a one-line reply): too little to "
                   "pair or to stand out.")
    if pairs.empty:
        st.info("No passages pair up: lower the minimum similarity, pick other sides or clear the search term.")
    named = pd.concat([pairs["left_id"], pairs["right_id"]]) if len(pairs) else []
    by_id = ctx.tables.with_text(passages_by_ids(ctx.tables.view, named)).set_index("passage_id")
    for pair in pairs.itertuples():
        left, right = by_id.loc[pair.left_id], by_id.loc[pair.right_id]
        st.caption(f"similarity {pair.similarity:.2f} · shared: {md_escape(', '.join(pair.shared_terms[:8]))}")
        for column, passage_id, passage in zip(st.columns(2), (pair.left_id, pair.right_id), (left, right)):
            theme, note = ctx.badge(passage_id, passage[theme_column])
            column.html(passage_html(passage["text"], theme=theme, color=ctx.colors.get(theme),
                                     marked_terms=pair.shared_terms, note=note))
    a, b = st.columns(2)
    for column, label, only in ((a, left_label, left_only), (b, right_label, right_only)):
        with column:
            st.subheader(f"Only in {md_escape(label)}")
            if only.empty:
                st.caption(f"Nothing: every passage{' compared' if any(short) else ''} found a partner.")
            for passage in ctx.tables.with_text(only.head(12)).itertuples():
                theme, note = ctx.badge(passage.passage_id, getattr(passage, theme_column))
                st.html(passage_html(passage.text, theme=theme, color=ctx.colors.get(theme), note=note))
            if len(only) > 12:
                st.caption(f"… and {len(only) - 12:,} more.")


def pick_two_sides(options: list[str], noun: str, label) -> tuple[str, str]:
    """Two side-by-side choices kept in the URL (``left``, ``right``): the first and last option by default."""
    left_key, right_key = f"compare_{mode}_left", f"compare_{mode}_right"
    url_choice("left", left_key, options, f"the {noun}")
    url_choice("right", right_key, options, f"the {noun}")
    st.session_state.setdefault(left_key, options[0])
    st.session_state.setdefault(right_key, options[-1])
    a, b = st.columns(2)
    left = a.selectbox(f"Left {noun}", options, format_func=label, key=left_key)
    right = b.selectbox(f"Right {noun}", options, format_func=label, key=right_key)
    sync_url("left", left)
    sync_url("right", right)
    return left, right


def main() -> None:
    if mode == "documents":
        ids, labels = compare_documents_options(corpus.documents)
        if len(ids) < 2:
            st.info("The corpus needs two documents to compare.")
            return
        left, right = pick_two_sides(ids, "document", labels.get)
        render_pairs(side_view[side_view["doc_id"] == left], side_view[side_view["doc_id"] == right],
                     "the left document", "the right document", ("documents", left, right))
    elif mode == "eras":
        eras = list(ctx.tables.options.eras)
        if len(eras) < 2:
            st.info("The corpus has fewer than two eras.")
            return
        left, right = pick_two_sides(eras, "era", str)
        render_pairs(side_view[side_view["era"] == left], side_view[side_view["era"] == right], left, right,
                     ("eras", left, right))
    else:
        families, labels = family_options(corpus.documents)
        if not families:
            st.info("No article in this corpus has a second version.")
            return
        url_choice("left", "compare_versions_left", families, "the article family")
        family = st.selectbox("Article", families, format_func=labels.get, key="compare_versions_left")
        members, member_labels = family_options(corpus.documents, family=family)
        url_choice("right", "compare_versions_right", members, "the version")
        other = st.selectbox("Version compared with the canonical copy", members, format_func=member_labels.get,
                             key="compare_versions_right")
        sync_url("left", family)
        sync_url("right", other)
        rows = collation_rows(corpus.collation, corpus.passages, family, other, with_text=ctx.tables.with_text)
        if rows.empty:
            st.info("No collation recorded for this pair.")
        counts = rows["status"].value_counts()
        st.markdown(" · ".join(f"**{counts.get(s, 0)}** {s.replace('_', ' ')}"
                               for s in ("same", "changed", "left_only", "right_only")))
        url_flag("same", "show_same", "“show unchanged passages”")
        show_same = st.toggle("Show unchanged passages", key="show_same")
        sync_flag("same", show_same)
        a, b = st.columns(2)
        a.subheader("Canonical copy")
        b.subheader("This version")
        for row in rows.itertuples():
            if row.status == "same" and not show_same:
                continue
            left_html, right_html = word_diff_html(row.left_text, row.right_text) if row.status == "changed" else (
                passage_html(row.left_text, theme=None, color="#0072B2", note=offtopic_note(row.left_offtopic))
                if row.left_text else "",
                passage_html(row.right_text, theme=None, color="#009E73", note=offtopic_note(row.right_offtopic))
                if row.right_text else "")
            a, b = st.columns(2)
            label = {"same": "same", "changed": f"changed (similarity {row.similarity:.2f})",
                     "left_only": "only in the canonical copy", "right_only": "only in this version"}.get(row.status)
            a.caption(label)
            if row.status == "changed":
                a.html(f'<div style="line-height:1.5">{left_html}</div>')
                b.html(f'<div style="line-height:1.5">{right_html}</div>')
            else:
                if left_html:
                    a.html(left_html)
                if right_html:
                    b.html(right_html)


main()

"""Themes & shifts: the passage map, each theme, shares per era and what is distinctive in each era."""

import streamlit as st

from alliance_data.search import phrase_query
from alliance_data.shifts import aligned_membership, era_theme_shares, membership_rows
from alliance_data.tables import analysed_mask
from alliance_data.theme_config import topics_toml
from alliance_dashboard.figures import plot_distinctive_terms, plot_passage_map, plot_theme_shares
from alliance_dashboard.display import UNDATED, UNTITLED, counted, plain
from alliance_dashboard.sidebar import page_header, sync_url, url_choice
from alliance_dashboard.loaders import TERMS_SAMPLE_PER_ERA, distinctive_terms_cached, query_hits, selection_key
from alliance_dashboard.views import era_support, md_escape, passage_html

ctx = page_header("Themes & shifts", "Each passage belongs to the named themes its words match, and to one topic "
                  "the model discovered; “Themes shown” in the sidebar picks which the map, the shares and the "
                  "colours follow.")
themes = ctx.tables.themes.themes
column = ctx.theme_column
order = list(ctx.tables.options.eras)


def main() -> None:
    if ctx.view.empty:
        st.info("No passage matches the filters: remove a theme, era or search term in the sidebar.")
        return
    passage_map()
    theme_detail()
    shares_per_era()
    distinctive_terms()


def passage_map() -> None:
    background = None if ctx.selection.is_empty else ctx.tables.view
    st.plotly_chart(plot_passage_map(ctx.view, ctx.colors, background=background, theme_column=column,
                                     with_text=ctx.tables.with_text), key="map")


def theme_detail() -> None:
    st.subheader(ctx.kind_noun.capitalize())
    names = ctx.theme_names
    if not names:
        st.info(f"This corpus has no {ctx.kind_noun}.")
        return
    # one picker per kind: the browser keeps a widget's value for its key, so a named theme picked before the
    # switch would otherwise stay on show in a picker of topics
    key = f"theme_detail_{ctx.kind}"
    url_choice("focus", key, names, "the theme")
    if key not in st.session_state and ctx.selection.themes and ctx.selection.themes[0] in names:
        st.session_state[key] = ctx.selection.themes[0]
    name = st.selectbox("Topic" if ctx.kind == "discovered" else "Theme", names, key=key)
    default = ctx.selection.themes[0] if ctx.selection.themes and ctx.selection.themes[0] in names else names[0]
    sync_url("focus", name, default=default)
    row = themes[themes["name"] == name].iloc[0]
    members = ctx.view[membership_rows(ctx.view, ctx.tables.membership[[name]])[:, 0]]
    c1, c2, c3 = st.columns([3, 1, 1])
    c1.markdown(f"**{md_escape(row['description'] or row['name'])}**")
    c1.caption("Terms: " + md_escape(", ".join(str(t) for t in (row["terms"] or [])[:20])))
    if ctx.kind == "discovered":
        c1.caption(f"Topic id `{md_escape(row['theme_id'])}`: give it a label of your own in the corpus's topics "
                   "file (see the README, “Load your own documents”).")
    c2.metric("Passages (selected)", f"{len(members):,}")
    stability = row.get("stability")
    c3.metric("Stability", "—" if stability is None or stability != stability else f"{float(stability):.2f}",
              help="How reliably the theme reappears when the model is refitted on resampled passages (1 = always).")
    examples = ctx.tables.with_text(members.head(3))
    if examples.empty:
        st.caption("No selected passage has this theme: choose another theme or widen the filters.")
    for passage in examples.itertuples():
        _, strongest = ctx.badge(passage.passage_id, getattr(passage, column), shown_for=name)
        note = " · ".join(filter(None, (plain(passage.title, UNTITLED), plain(passage.era, UNDATED), strongest)))
        st.html(passage_html(passage.text, theme=name, color=ctx.colors.get(name), marked_terms=row["terms"] or [],
                             note=note))
    if ctx.kind == "discovered":
        st.download_button("Download a topics file to label the topics", topics_toml(themes),
                           file_name=f"{ctx.choice.name}-topics.toml", mime="application/toml", on_click="ignore",
                           icon=":material/download:", key="topics_file")


def shares_per_era() -> None:
    st.subheader(f"{ctx.kind_noun.capitalize()}: shares per era")
    # The make-up of everything the other filters keep: with the theme filter in, each era would be all that theme.
    _, base_view = ctx.view_without(themes=())
    shares = era_theme_shares(base_view, aligned_membership(base_view, ctx.membership), order=order,
                              include_excluded=ctx.selection.include_excluded)
    if ctx.selection.themes:
        st.caption("Shares of all the passages of each era under the other filters; the sidebar's theme choice "
                   "does not change them.")
    if shares.empty:
        st.info("No dated passage matches the filters: clear the era or year filter.")
    else:
        st.plotly_chart(plot_theme_shares(shares, ctx.colors, order), key="shares")
        per_era, thin = era_support(shares)
        if thin:
            st.warning(f"Resting on a single document: {', '.join(thin)}. Read those shares as one article's mix, "
                       "not an era's.", icon=":material/warning:")
        st.dataframe(per_era, hide_index=True, column_config={"n_documents": "documents", "n_passages": "passages"})


def distinctive_terms() -> None:
    st.subheader("Distinctive terms per era")
    terms = distinctive_terms_cached(ctx.tables.key, selection_key(ctx.selection), ctx.tables, ctx.view)
    if terms is None:
        st.info("Distinctive terms need the corpus's theme model, which could not be read: reload the page to "
                "rebuild it.")
        return
    if terms.empty:
        st.info("Distinctive terms set eras against each other: choose two or more eras in the sidebar, "
                "or clear the era filter.")
        return
    eras_with_terms = [e for e in order if e in set(terms["era"])]
    url_choice("term_era", "terms_era", eras_with_terms, "the era")
    if st.session_state.get("terms_era") is None:
        st.session_state["terms_era"] = eras_with_terms[-1]
    era = st.segmented_control("Era", eras_with_terms, key="terms_era") or eras_with_terms[-1]
    sync_url("term_era", era, default=eras_with_terms[-1])
    era_terms = terms[terms["era"] == era]
    left, right = st.columns([2, 3])
    with left:
        st.plotly_chart(plot_distinctive_terms(era_terms, title=f"Most distinctive of the {era}"), key="terms")
    with right:
        url_choice("term", "terms_term", era_terms["term"].tolist(), "the term")
        term = st.selectbox("Show passages with the term", era_terms["term"].tolist(), key="terms_term")
        sync_url("term", term, default=era_terms["term"].iloc[0] if len(era_terms) else None)
        in_era = ctx.view[(ctx.view["era"] == era).to_numpy() & analysed_mask(ctx.view)]
        found = in_era[query_hits(ctx.tables.key, phrase_query(term), ctx.tables)[in_era.index]] if term else in_era.iloc[0:0]
        sampled = bool(era_terms["sampled"].any())
        st.caption(f"In the {era}, {counted(len(found), 'passage', verb='contain')} “{md_escape(term)}”."
                   + (f" Terms were found on a fixed sample of {TERMS_SAMPLE_PER_ERA:,} of the era's passages."
                      if sampled else ""))
        for passage in ctx.tables.with_text(found.head(8)).itertuples():
            theme = getattr(passage, column)
            st.html(passage_html(passage.text, theme=theme, color=ctx.colors.get(theme), marked_terms=[term],
                                 note=plain(passage.title, UNTITLED)))


main()

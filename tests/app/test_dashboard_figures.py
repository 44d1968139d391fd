"""Figure builders return plain plotly figures, checked through fig.to_dict(), or a Vega-Lite specification."""

import pandas as pd
import plotly.graph_objects as go
import pytest

from alliance_data.shifts import aligned_membership, era_theme_shares, theme_counts, theme_shares_over_time
from alliance_dashboard import figures
from alliance_dashboard.views import timeline_mentions
from fake_tables import COLORS, TOPICS, fake_tables

TABLES = fake_tables()
VIEW = TABLES.with_text(TABLES.view)  # the pure builders take passages with their text
ORDER = ["1990s", "2000s", "2020s"]
NAMED = TABLES.membership[list(COLORS)]


def theme_intensity(view, membership):
    return theme_shares_over_time(view, aligned_membership(view, membership))


def test_theme_mix_uses_the_theme_colours_largest_on_top():
    counts = theme_counts(VIEW, NAMED)
    spec = figures.theme_mix_chart(counts, COLORS)
    rows = spec["data"]["values"]
    assert {r["theme"]: r["passages"] for r in rows} == dict(zip(counts["theme"], counts["n_passages"]))
    order = spec["encoding"]["y"]["sort"]
    assert [r["theme"] for r in rows] == order and [r["passages"] for r in rows] == sorted(counts["n_passages"], reverse=True)
    scale = spec["encoding"]["color"]["scale"]
    assert dict(zip(scale["domain"], scale["range"])) == {t: COLORS[t] for t in order}


def test_theme_mix_of_nothing_is_nothing_to_draw():
    assert figures.theme_mix_chart(pd.DataFrame(columns=["theme", "n_passages"]), COLORS) is None


def test_timeline_draws_ranges_markers_and_references():
    mentions = timeline_mentions(TABLES.corpus.mentions, VIEW)
    fig = figures.plot_document_timeline(TABLES.corpus.documents, mentions).to_dict()
    ranges, markers, references = fig["data"]
    assert len(markers["y"]) == 4
    assert ranges["mode"] == "lines" and None in list(ranges["x"])
    assert sorted(pd.to_datetime(references["x"]).year) == [1960, 2027]
    assert "evidence for" in markers["customdata"][0][4]


def test_passage_map_one_trace_per_theme():
    fig = figures.plot_passage_map(VIEW, COLORS).to_dict()
    go.Figure(fig)  # built unchecked, for speed: plotly's own checks pass on what it gives
    assert {t["name"]: t["marker"]["color"] for t in fig["data"]} == COLORS
    assert fig["layout"]["dragmode"] == "select"


def test_passage_map_coloured_by_discovered_topic():
    colors = {n: c for n, c in TOPICS.values()}
    fig = figures.plot_passage_map(VIEW, colors, theme_column="topic").to_dict()
    assert {t["name"]: t["marker"]["color"] for t in fig["data"]} == colors
    okinawa = next(t for t in fig["data"] if t["name"] == "okinawa · bases")
    assert all("Okinawa" in text for text in okinawa["hovertext"])


def test_theme_shares_labels_carry_document_counts():
    shares = era_theme_shares(VIEW, aligned_membership(VIEW, NAMED), order=ORDER, include_excluded=True)
    fig = figures.plot_theme_shares(shares, COLORS, ORDER).to_dict()
    labels = fig["layout"]["xaxis"]["categoryarray"]
    assert labels[0] == "1990s<br>2 docs" and labels[1].endswith("1 doc ⚠")


def test_theme_shares_wrap_long_era_names_flat_and_plain_beside_the_legend():
    era = "Decolonization and <b>détente</b> (1961–1979)"
    shares = pd.DataFrame({"era": [era, era], "theme": ["A", "B"], "share": [0.4, 0.6], "n_passages": [4, 6],
                           "n_documents": [2, 2]})
    fig = figures.plot_theme_shares(shares, {"A": "#E69F00", "B": "#56B4E9"}, [era]).to_dict()
    label = fig["layout"]["xaxis"]["categoryarray"][0]
    lines = label.split("<br>")
    assert len(lines) >= 3 and lines[-1] == "2 docs" and "<b>" not in label
    assert all(len(line) <= figures.ERA_LABEL_CHARS for line in lines[:-1])
    assert " ".join(lines[:-1]).replace("‹", "<").replace("›", ">") == era  # every word kept, in order
    assert fig["layout"]["xaxis"]["tickangle"] == 0 and fig["layout"]["legend"]["orientation"] == "v"


def test_theme_intensity_lines_per_theme():
    shares = theme_intensity(VIEW, NAMED)
    fig = figures.plot_theme_intensity(shares, COLORS).to_dict()
    lines = [t for t in fig["data"] if t["mode"] == "lines+markers"]
    assert sorted(t["name"] for t in lines) == sorted(COLORS)
    assert {t["line"]["color"] for t in lines} == set(COLORS.values())


def test_theme_intensity_is_on_a_year_axis_with_gaps_bands_and_n():
    shares = theme_intensity(VIEW, NAMED)
    fig = figures.plot_theme_intensity(shares, COLORS, themes=["Okinawa bases"]).to_dict()
    line = next(t for t in fig["data"] if t["mode"] == "lines+markers")
    assert fig["layout"]["xaxis"]["type"] == "linear"
    assert list(line["x"]) == [1995.0, 2005.0, 2015.0, 2025.0]  # eras at their midpoints, the empty 2010s kept
    assert pd.isna(line["y"][2]) and line["connectgaps"] is False
    assert all(c[2] > 0 for c in line["customdata"] if c[0] != "2010s (2010–2019)")
    assert "of %{customdata[2]:,} passages" in line["hovertemplate"]
    bands = [t for t in fig["data"] if t.get("fill") == "toself"]
    assert bands and all(2015.0 not in list(b["x"]) for b in bands)  # no band across the gap


def test_documents_over_time_stacks_date_methods_with_whole_number_ticks():
    from alliance_data.shifts import documents_over_time

    fig = figures.plot_documents_over_time(documents_over_time(TABLES.corpus.documents)).to_dict()
    assert fig["layout"]["barmode"] == "stack"
    assert {t["name"] for t in fig["data"]} >= {"dateline or stamp"}
    assert fig["layout"]["yaxis"]["dtick"] >= 1 and fig["layout"]["yaxis"]["tickformat"] == ",d"


@pytest.mark.parametrize(("maximum", "step"), [(0, 1), (1, 1), (3, 1), (7, 2), (40, 10), (10_946, 2000)])
def test_count_axes_have_whole_number_ticks(maximum, step):
    assert figures.count_ticks(maximum)["dtick"] == step


def test_the_document_axis_fits_the_documents_not_the_references():
    mentions = timeline_mentions(TABLES.corpus.mentions, VIEW)
    fig = figures.plot_document_timeline(TABLES.corpus.documents, mentions).to_dict()
    first, last = (pd.Timestamp(x) for x in fig["layout"]["xaxis"]["range"])
    dates = TABLES.corpus.documents.dropna(subset=["date_min"])
    assert first <= pd.Timestamp(dates["date_min"].min()) and first.year >= pd.Timestamp(dates["date_min"].min()).year - 2
    assert last.year <= pd.Timestamp(dates["date_max"].max()).year + 2


@pytest.mark.parametrize("builder", [
    lambda: figures.plot_passage_map(VIEW.iloc[0:0], COLORS),
    lambda: figures.plot_document_timeline(TABLES.corpus.documents.iloc[0:0]),
    lambda: figures.plot_distinctive_terms(pd.DataFrame(columns=["term", "z"])),
])
def test_empty_inputs_give_a_message_not_an_error(builder):
    fig = builder()
    assert isinstance(fig, go.Figure) and fig.to_dict()["layout"]["annotations"]


def test_hover_text_cannot_carry_markup():
    points = VIEW.assign(text="<a href='x'>click</a>")
    fig = figures.plot_passage_map(points, COLORS).to_dict()
    assert all("<a" not in text for t in fig["data"] for text in t.get("hovertext", []))
    assert any("click" in text for t in fig["data"] for text in t.get("hovertext", []))


def test_map_hover_wraps_whole_words_into_four_lines_and_marks_a_cut():
    words = [f"w{i:03d}" + "x" * (i % 9) for i in range(200)]
    long = " ".join(words)
    points = VIEW.assign(text=[long, "Short  text\n here.", "y" * 90 + " tail"] + [None] * (len(VIEW) - 3))
    fig = figures.plot_passage_map(points, COLORS).to_dict()
    # the points of each theme in the frame's order; per point a title (text) and the wrapped passage (hovertext)
    drawn = points.assign(theme=points["primary_theme"].astype(object).fillna("(none)"))
    hover = {}
    for trace in fig["data"]:
        ids = drawn.loc[drawn["theme"] == trace["name"], "passage_id"].tolist()
        assert len(ids) == len(trace["text"]) == len(trace["hovertext"])
        hover.update(zip(ids, trace["hovertext"]))
    ids = points["passage_id"].tolist()
    lines = hover[ids[0]].split("<br>")
    assert len(lines) == 4 and lines[-1].endswith(" …")
    assert all(len(line) <= 70 for line in lines[:-1])
    assert " ".join(lines).removesuffix(" …").split(" ") == words[:len(" ".join(lines).split(" ")) - 1]
    assert hover[ids[1]] == "Short text here."
    assert hover[ids[2]].split("<br>") == ["y" * 90, "tail"]  # a word longer than a line is kept whole


def test_document_titles_cannot_carry_markup_into_axis_labels():
    documents = TABLES.corpus.documents.assign(title="<a href='https://x'>click</a>")
    fig = figures.plot_document_timeline(documents).to_dict()
    assert all("<a" not in label for label in fig["data"][1]["y"])


def test_term_trends_one_line_per_term_per_10k_words_with_gaps():
    from alliance_data.shifts import term_frequency_over_time

    frequencies = term_frequency_over_time(VIEW, ["alliance", "Okinawa"], by="year")
    fig = figures.plot_term_trends(frequencies).to_dict()
    assert [t["name"] for t in fig["data"]] == ["“alliance”", "“Okinawa”"]
    line = fig["data"][0]
    assert line["connectgaps"] is False and any(pd.isna(y) for y in line["y"])
    assert fig["layout"]["yaxis"]["title"]["text"] == "per 10,000 words"
    assert figures.plot_term_trends(frequencies.iloc[0:0]).to_dict()["layout"]["annotations"]


def test_theme_lines_in_grey_borrow_an_unused_palette_colour():
    from alliance_data.colors import PALETTE

    shares = theme_intensity(VIEW, NAMED)
    themes = sorted(shares["theme"].unique())[:3]
    greys = {t: f"#{level:02X}{level:02X}{level:02X}" for t, level in zip(themes, (0xAA, 0xBB, 0xCC))}
    greys[themes[0]] = PALETTE[0]  # one theme has a palette colour of its own and keeps it
    fig = figures.plot_theme_intensity(shares, greys, themes=themes).to_dict()
    lines = {t["legendgroup"]: t["line"]["color"] for t in fig["data"] if t["mode"] == "lines+markers"}
    assert lines[themes[0]] == PALETTE[0]
    assert {lines[themes[1]], lines[themes[2]]} == {PALETTE[1], PALETTE[2]}


def test_many_lines_show_the_interval_as_whiskers_without_bands():
    one = theme_intensity(VIEW, NAMED)
    shares = pd.concat([one.assign(theme=one["theme"] + f" {i}") for i in range(2)], ignore_index=True)
    fig = figures.plot_theme_intensity(shares, COLORS, top=8).to_dict()
    lines = [t for t in fig["data"] if t["mode"] == "lines+markers"]
    assert len(lines) > 4 and not [t for t in fig["data"] if t.get("fill") == "toself"]
    assert all(t["error_y"]["type"] == "data" for t in lines)


def test_theme_shares_merge_the_themes_past_the_palette_into_one_block():
    from alliance_data.colors import PALETTE, theme_colors

    themes = [f"theme {i}" for i in range(12)]
    colors = theme_colors(themes)
    shares = pd.DataFrame({"era": ["1990s"] * 12, "theme": themes, "share": [1 / 12] * 12,
                           "n_passages": [1] * 12, "n_documents": [3] * 12})
    fig = figures.plot_theme_shares(shares, colors, ["1990s"])
    names = [trace.name for trace in fig.data]
    assert len(names) == len(PALETTE) + 1 and "4 other themes" in names
    other = next(t for t in fig.data if t.name == "4 other themes")
    assert abs(list(other.y)[0] - 4 / 12) < 1e-9


def test_passage_map_takes_an_opened_builds_categoricals_with_missing_values():
    from alliance_data.tables import compact_strings

    view = VIEW.assign(title=[None, None] + VIEW["title"].tolist()[2:],
                       primary_theme=[None] + VIEW["primary_theme"].tolist()[1:])
    view = compact_strings(pd.concat([view] * 3, ignore_index=True))  # repeats: the strings become categoricals
    assert isinstance(view["title"].dtype, pd.CategoricalDtype) and view["title"].isna().any()
    fig = figures.plot_passage_map(view, COLORS).to_dict()
    go.Figure(fig)
    assert "(none)" in {t["name"] for t in fig["data"]}
    assert sum(len(t["hovertext"]) for t in fig["data"]) == len(view)
    assert sum(title == "" for t in fig["data"] for title in t["text"]) == 2 * 3  # the untitled passages


def test_every_dating_method_is_said_in_words():
    """Charts, tables and evidence boxes name a document's dating method in words, never by its bare code."""
    from alliance_dashboard.display import METHOD_LABELS, method_label
    from alliance_data.dates import METHODS
    from alliance_data.shifts import documents_over_time

    assert set(METHODS) <= set(METHOD_LABELS)
    assert method_label("inferred") == "inferred from the text" and method_label(None) == "—"
    fig = figures.plot_documents_over_time(documents_over_time(TABLES.corpus.documents)).to_dict()
    names = {trace["name"] for trace in fig["data"]}
    assert names and names <= set(METHOD_LABELS.values())

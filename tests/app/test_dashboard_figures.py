"""Figure builders return plain plotly figures; checked through fig.to_dict()."""

import pandas as pd
import plotly.graph_objects as go
import pytest

from alliance_dashboard import figures
from alliance_dashboard.views import theme_counts, theme_intensity, theme_shares, timeline_mentions
from fake_tables import COLORS, fake_tables

TABLES = fake_tables()
VIEW = TABLES.view
ORDER = ["1990s", "2000s", "2020s"]


def test_theme_mix_uses_the_theme_colours():
    fig = figures.plot_theme_mix(theme_counts(VIEW, TABLES.membership), COLORS)
    bar = fig.to_dict()["data"][0]
    assert dict(zip(bar["y"], bar["marker"]["color"])) == {t: COLORS[t] for t in bar["y"]}


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
    assert {t["name"]: t["marker"]["color"] for t in fig["data"]} == COLORS
    assert fig["layout"]["dragmode"] == "select"


def test_theme_shares_labels_carry_document_counts():
    fig = figures.plot_theme_shares(theme_shares(VIEW, ORDER), COLORS, ORDER).to_dict()
    labels = fig["layout"]["xaxis"]["categoryarray"]
    assert labels[0] == "1990s<br>2 docs" and labels[1].endswith("1 doc ⚠")


def test_theme_intensity_lines_per_theme():
    shares, order = theme_intensity(VIEW, TABLES.membership)
    fig = figures.plot_theme_intensity(shares, COLORS, order).to_dict()
    assert sorted(t["name"] for t in fig["data"]) == sorted(COLORS)


@pytest.mark.parametrize("builder", [
    lambda: figures.plot_theme_mix(pd.DataFrame(columns=["theme", "n_passages"]), COLORS),
    lambda: figures.plot_passage_map(VIEW.iloc[0:0], COLORS),
    lambda: figures.plot_document_timeline(TABLES.corpus.documents.iloc[0:0]),
    lambda: figures.plot_distinctive_terms(pd.DataFrame(columns=["term", "score"])),
])
def test_empty_inputs_give_a_message_not_an_error(builder):
    fig = builder()
    assert isinstance(fig, go.Figure) and fig.to_dict()["layout"]["annotations"]


def test_hover_text_cannot_carry_markup():
    points = VIEW.assign(text="<a href='x'>click</a>")
    fig = figures.plot_passage_map(points, COLORS).to_dict()
    assert all("<a" not in c[2] for t in fig["data"] for c in t["customdata"])


def test_document_titles_cannot_carry_markup_into_axis_labels():
    documents = TABLES.corpus.documents.assign(title="<a href='https://x'>click</a>")
    fig = figures.plot_document_timeline(documents).to_dict()
    assert all("<a" not in label for label in fig["data"][1]["y"])

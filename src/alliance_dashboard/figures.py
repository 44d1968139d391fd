"""Chart builders: each takes frames and returns a ``plotly.graph_objects.Figure``, or for the
Overview's one chart a Vega-Lite specification.

The Overview is the page most visitors open first, and its one chart is plain bars: drawn with
Vega-Lite, the browser need not load and compile Plotly's code (some 4.7 MB, a second of its main
thread on a two-core machine) before it can draw that page. Every other chart is Plotly's.

No streamlit here. Theme colours come in as one mapping (``theme_colors``)
so every page paints a theme the same way.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from alliance_data.search import WithText

from .display import UNTITLED, method_label, plain

__all__ = [
    "theme_mix_chart",
    "plot_document_timeline",
    "plot_documents_over_time",
    "plot_theme_intensity",
    "plot_term_trends",
    "count_ticks",
    "METHOD_COLORS",
    "plot_passage_map",
    "plot_theme_shares",
    "plot_distinctive_terms",
    "empty_figure",
    "NEUTRAL",
]

NEUTRAL = "#8c8c8c"
_FONT = dict(family="Source Sans Pro, sans-serif", size=13)
_MAP_POINTS = 8_000


def _layout(fig: go.Figure, *, height: int, **extra) -> go.Figure:
    fig.update_layout(
        height=height, margin=dict(l=10, r=10, t=40, b=10), font=_FONT,
        plot_bgcolor="white", paper_bgcolor="white", hoverlabel=dict(align="left"), **extra,
    )
    return fig


def _plain(text: object) -> str:
    """Text for a plotly label or hover: plotly reads a few HTML tags, so angle brackets are neutralised."""
    return plain(text, limit=10_000).replace("<", "‹").replace(">", "›")


def _short(text: object, width: int = 60) -> str:
    text = _plain(text)
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


@lru_cache(maxsize=16)
def _wrap_pattern(width: int) -> re.Pattern:
    """Greedy word wrap in one pass: the longest run of words fitting ``width`` characters, else one long word."""
    return re.compile(r"\S.{0,%d}(?= |$)|\S+" % (width - 1))


def _hover(text: object, width: int = 80, lines: int = 4) -> str:
    """Plain text wrapped for a hover box; plotly reads ``<br>`` only, so other markup is neutralised.

    Only the start of a long text is read: the box holds ``lines`` lines of ``width`` characters.
    """
    cut = (width + 1) * (lines + 1)
    truncated = isinstance(text, str) and len(text) > cut
    flat = _plain(text[:cut] if truncated else text)
    if truncated and " " in flat:
        flat = flat[: flat.rindex(" ")]  # the cut may have gone through the last word
    out = _wrap_pattern(width).findall(flat)
    if len(out) > lines:
        out = out[:lines]
        out[-1] += " …"
    elif out and truncated:
        out[-1] += " …"
    return "<br>".join(out)


def empty_figure(message: str, *, height: int = 260) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text=_hover(message), showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper")
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _layout(fig, height=height)


def theme_mix_chart(counts: pd.DataFrame, colors: Mapping[str, str], *, title: str = "Theme mix") -> dict | None:
    """Horizontal bars, largest on top: passages per theme (``counts``: theme, n_passages), as a Vega-Lite
    specification with its data; ``None`` when there is nothing to draw.

    Vega-Lite draws labels and tooltips as text, never as markup.
    """
    if counts.empty:
        return None
    counts = counts.sort_values(["n_passages", "theme"], ascending=[False, True], kind="mergesort")
    themes = [str(t) for t in counts["theme"]]
    rows = [{"theme": t, "passages": int(n)} for t, n in zip(themes, counts["n_passages"])]
    return {
        "title": {"text": title, "anchor": "start"},
        "data": {"values": rows},
        "height": {"step": 26},
        "mark": {"type": "bar", "tooltip": True},
        "encoding": {
            "y": {"field": "theme", "type": "nominal", "sort": themes, "title": None,
                  "axis": {"labelLimit": 320}},
            "x": {"field": "passages", "type": "quantitative", "title": "passages",
                  "axis": {"format": "d", "tickMinStep": 1}},
            "color": {"field": "theme", "type": "nominal", "legend": None,
                      "scale": {"domain": themes, "range": [colors.get(t, NEUTRAL) for t in themes]}},
            "tooltip": [{"field": "theme", "type": "nominal"},
                        {"field": "passages", "type": "quantitative", "format": ","}],
        },
    }


def plot_document_timeline(documents: pd.DataFrame, mentions: pd.DataFrame | None = None) -> go.Figure:
    """Documents as date ranges (min–max bar, best-date marker), historical references as a second track.

    ``documents``: doc_id, title, date, date_min, date_max, date_method, date_evidence.
    ``mentions``: year, year_end, text, title (of the citing document), snippet.
    """
    dated = documents.dropna(subset=["date_min", "date_max"]).copy()
    has_mentions = mentions is not None and not mentions.empty
    if dated.empty and not has_mentions:
        return empty_figure("No dated documents match the filters.")
    rows = 2 if has_mentions else 1
    fig = make_subplots(
        rows=rows, cols=1, shared_xaxes=False, vertical_spacing=0.2 if rows == 2 else 0.08,
        row_heights=[0.65, 0.35] if rows == 2 else [1.0],
        subplot_titles=["Documents (bar: the dates the evidence allows; dot: best date)"]
        + (["Years the texts refer to"] if rows == 2 else []),
    )
    dated = dated.sort_values(["date_min", "doc_id"], kind="mergesort")
    labels = [f"{_short(t, 48)} · {d[:6]}" for t, d in zip(dated["title"].map(lambda t: plain(t, UNTITLED)), dated["doc_id"])]
    evidence = ["<br>".join(_hover(e, 90, 2) for e in (ev if isinstance(ev, (list, tuple)) else [])[:4]) or "no evidence recorded"
                for ev in dated["date_evidence"]]
    xs: list[object] = []
    ys: list[object] = []
    for label, start, end in zip(labels, dated["date_min"], dated["date_max"]):
        xs += [pd.Timestamp(start), pd.Timestamp(end) + pd.Timedelta(days=1), None]
        ys += [label, label, None]
    fig.add_trace(go.Scatter(
        x=xs, y=ys, mode="lines", line=dict(width=10, color="#9ecae1"), hoverinfo="skip", showlegend=False,
        connectgaps=False, name="possible dates",
    ), row=1, col=1)
    best = dated["date"].fillna(dated["date_min"])
    fig.add_trace(go.Scatter(
        x=pd.to_datetime(best), y=labels, mode="markers",
        marker=dict(size=11, color="#08519c", symbol="diamond", line=dict(width=1, color="white")),
        customdata=list(zip(dated["doc_id"], dated["date_min"], dated["date_max"], dated["date_method"].map(method_label),
                            evidence)),
        hovertemplate=("<b>%{y}</b><br>best date %{x|%Y-%m-%d} (%{customdata[3]})<br>"
                       "possible %{customdata[1]} – %{customdata[2]}<br>%{customdata[4]}<extra></extra>"),
        name="best date", showlegend=False,
    ), row=1, col=1)
    if has_mentions:
        m = mentions.sort_values(["year", "title"], kind="mergesort")
        fig.add_trace(go.Scatter(
            x=pd.to_datetime(m["year"].astype(int).astype(str) + "-07-01"),
            y=[_short(t, 40) for t in m["title"].map(lambda t: plain(t, UNTITLED))],
            mode="markers", marker=dict(size=10, color="#d95f02", symbol="circle-open", line=dict(width=2)),
            customdata=list(zip([_plain(t) for t in m["text"]], [_hover(s, 80, 3) for s in m["snippet"]])),
            hovertemplate="“%{customdata[0]}” (%{x|%Y})<br>%{customdata[1]}<extra></extra>",
            name="reference", showlegend=False,
        ), row=2, col=1)
    fig.update_xaxes(type="date", gridcolor="#eee")
    if not dated.empty:  # the documents' own axis, fitted to their dates (the references keep theirs)
        first, last = pd.Timestamp(dated["date_min"].min()), pd.Timestamp(dated["date_max"].max()) + pd.Timedelta(days=1)
        pad = max((last - first) * 0.04, pd.Timedelta(days=10))
        fig.update_xaxes(range=[first - pad, last + pad], row=1, col=1)
    fig.update_yaxes(gridcolor="#f4f4f4", automargin=True, autorange="reversed")  # earliest on top
    n_rows = len(dated) + (m["title"].nunique() if has_mentions else 0)
    return _layout(fig, height=min(max(360 if rows == 1 else 480, 26 * n_rows + 200), 1400))


def count_ticks(maximum: float) -> dict:
    """Axis settings for a count: whole-number ticks only (no 0.5 documents), about six of them."""
    top = max(float(maximum or 0), 1.0)
    step = 1
    for candidate in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000):
        step = candidate
        if top / candidate <= 6:
            break
    return dict(tick0=0, dtick=step, tickformat=",d", rangemode="tozero")


def _rgba(color: str, alpha: float) -> str:
    color = color if isinstance(color, str) and len(color) == 7 and color.startswith("#") else NEUTRAL
    return f"rgba({int(color[1:3], 16)},{int(color[3:5], 16)},{int(color[5:7], 16)},{alpha})"


def _segments(frame: pd.DataFrame) -> list[pd.DataFrame]:
    """Runs of consecutive rows with passages: a band is drawn per run, never across a gap."""
    has = frame["n_period_passages"].to_numpy() > 0
    runs, current = [], []
    for position, ok in enumerate(has):
        if ok:
            current.append(position)
        elif current:
            runs.append(frame.iloc[current])
            current = []
    if current:
        runs.append(frame.iloc[current])
    return runs


def _distinct_colors(themes: Sequence[str], colors: Mapping[str, str]) -> dict[str, str]:
    """Each drawn theme's own colour; a theme with none of the palette's (a grey) borrows an unused palette colour.

    Greys tell lines apart badly, and a grey theme has no colour of its own to keep.
    """
    from alliance_data.colors import PALETTE

    own = {t: colors.get(t, NEUTRAL) for t in themes}
    taken = {c for c in own.values() if c in PALETTE}
    spare = [c for c in PALETTE if c not in taken]
    out = {}
    for theme in themes:
        if own[theme] in PALETTE or not spare:
            out[theme] = own[theme]
        else:
            out[theme] = spare.pop(0)
    return out


#: Above this many lines, overlapping bands hide the lines: the interval is shown by whiskers alone.
_MAX_BANDS = 4


def plot_theme_intensity(series: pd.DataFrame, colors: Mapping[str, str], *, themes: Sequence[str] | None = None,
                         top: int = 8, by: str = "era") -> go.Figure:
    """Lines on a year axis: each theme's share of all analysed passages per era (at its midpoint) or year.

    ``series`` comes from ``alliance_data.shifts.theme_shares_over_time``. A period without
    passages breaks the line; whiskers (and, for up to four lines, a shaded band) are the
    95 % (Wilson) interval, wide where few passages stand behind a point; the hover names
    the passages behind every point.
    ``themes`` picks the lines; without it, the ``top`` themes by passages.
    """
    if series.empty or not (series["n_period_passages"] > 0).any():
        return empty_figure("No dated passage matches the filters.")
    totals = series.groupby("theme")["n_passages"].sum()
    if themes:
        keep = [t for t in themes if t in totals.index]
    else:
        keep = sorted(totals[totals > 0].index, key=lambda t: (-totals[t], t))[:top]
    if not keep:
        return empty_figure("None of the chosen themes occurs in the selected passages.")
    line_colors = _distinct_colors(keep, colors)
    fig = go.Figure()
    for theme in keep:
        group = series[series["theme"] == theme].sort_values("x", kind="mergesort")
        color = line_colors[theme]
        for run in (_segments(group) if len(keep) <= _MAX_BANDS else []):
            if len(run):
                fig.add_trace(go.Scatter(
                    x=list(run["x"]) + list(run["x"])[::-1], y=list(run["high"]) + list(run["low"])[::-1],
                    fill="toself", fillcolor=_rgba(color, 0.12), line=dict(width=0), mode="lines",
                    hoverinfo="skip", showlegend=False, legendgroup=str(theme), name=f"{theme} (95% interval)",
                ))
        span = [str(p) if s == e else f"{p} ({s}–{e})" for p, s, e in zip(group["period"], group["start"], group["end"])]
        fig.add_trace(go.Scatter(
            x=group["x"].tolist(), y=group["share"].tolist(), mode="lines+markers", name=_short(theme, 40), legendgroup=str(theme),
            connectgaps=False, line=dict(color=color, width=2), marker=dict(size=7),
            # The same 95% interval as the band, as whiskers: visible on a point that stands alone.
            error_y=dict(type="data", symmetric=False, array=(group["high"] - group["share"]).tolist(),
                         arrayminus=(group["share"] - group["low"]).tolist(), color=_rgba(color, 0.6), thickness=1,
                         width=3),
            customdata=list(zip(span, group["n_passages"], group["n_period_passages"],
                                group["low"].fillna(0), group["high"].fillna(0))),
            hovertemplate=(f"<b>{_short(theme, 40)}</b><br>%{{customdata[0]}}: %{{y:.1%}} of %{{customdata[2]:,}} passages"
                           " (%{customdata[1]:,})<br>95% interval %{customdata[3]:.1%}–%{customdata[4]:.1%}<extra></extra>"),
        ))
    low, high = series["start"].min(), series["end"].max() + 1
    fig.update_xaxes(type="linear", tickformat="d", range=[low - 0.5, high + 0.5], gridcolor="#eee",
                     title="year" if by == "year" else "year (each era drawn at its midpoint)")
    drawn = series[series["theme"].isin(keep)]
    top = float(np.nanmax(drawn[["share", "high"]].to_numpy(dtype=float))) if drawn["share"].notna().any() else 1.0
    fig.update_yaxes(tickformat=".0%" if top >= 0.05 else ".1%", rangemode="tozero", gridcolor="#eee",
                     title="share of all analysed passages")
    return _layout(fig, height=440, title="Theme shares over time (whiskers: 95% interval; gap: no passages)",
                   legend=dict(orientation="h", y=-0.2))


def plot_term_trends(frequencies: pd.DataFrame, *, by: str = "year") -> go.Figure:
    """Lines on a year axis: each term's occurrences per 10,000 words per year or era (``shifts.term_frequency_over_time``).

    A period without passages breaks the line; the hover gives the hits and the words behind each point.
    """
    if frequencies.empty or not (frequencies["n_words"] > 0).any():
        return empty_figure("No dated passage matches the filters.")
    from alliance_data.colors import PALETTE

    fig = go.Figure()
    for i, (term, group) in enumerate(frequencies.groupby("term", sort=False)):
        group = group.sort_values("x", kind="mergesort")
        span = [str(p) if s == e else f"{p} ({s}–{e})" for p, s, e in zip(group["period"], group["start"], group["end"])]
        label = _short(term, 40)
        fig.add_trace(go.Scatter(
            x=group["x"].tolist(), y=group["per_10k"].tolist(), mode="lines+markers", name=f"“{label}”",
            connectgaps=False, line=dict(color=PALETTE[i % len(PALETTE)], width=2), marker=dict(size=6),
            customdata=list(zip(span, group["hits"], group["n_words"])),
            hovertemplate=(f"<b>“{label}”</b><br>%{{customdata[0]}}: %{{y:.2f}} per 10,000 words "
                           "(%{customdata[1]:,} in %{customdata[2]:,} words)<extra></extra>"),
        ))
    fig.update_xaxes(type="linear", tickformat="d", gridcolor="#eee",
                     range=[frequencies["start"].min() - 0.5, frequencies["end"].max() + 1.5],
                     title="year" if by == "year" else "year (each era drawn at its midpoint)")
    fig.update_yaxes(rangemode="tozero", gridcolor="#eee", title="per 10,000 words")
    return _layout(fig, height=380, title="Terms over time (whole words, any case)", legend=dict(orientation="h", y=-0.2))


#: One colour per date method, from the same colour-blind-safe scheme as the themes.
METHOD_COLORS = {"metadata": "#0072B2", "page metadata": "#0072B2", "dateline": "#56B4E9", "family": "#009E73",
                 "inferred": "#E69F00", "none": NEUTRAL, "unknown": NEUTRAL}


def plot_documents_over_time(histogram: pd.DataFrame) -> go.Figure:
    """Stacked bars: documents per year or month by date method (from ``shifts.documents_over_time``).

    A document dated to a range counts a fraction in each period it may fall in, so bar heights can be fractional.
    """
    if histogram.empty:
        return empty_figure("No dated documents match the filters.")
    fig = go.Figure()
    order = [m for m in METHOD_COLORS if m in set(histogram["date_method"])] + sorted(
        set(histogram["date_method"]) - set(METHOD_COLORS))
    for method in order:
        rows = histogram[histogram["date_method"] == method]
        starts = pd.to_datetime(rows["start"])
        ends = pd.to_datetime(rows["end"])
        width = (ends - starts).dt.total_seconds() * 1000 * 0.9
        fig.add_trace(go.Bar(
            x=starts + (ends - starts) / 2, y=rows["documents"], width=width, name=method_label(method), showlegend=True,
            marker_color=METHOD_COLORS.get(method, NEUTRAL), customdata=rows["period"],
            hovertemplate=f"%{{customdata}}: %{{y:,.1f}} documents, date: {method_label(method)}<extra></extra>",
        ))
    totals = histogram.groupby("period")["documents"].sum()
    monthly = bool(histogram["period"].astype(str).str.len().max() > 4)
    fig.update_layout(barmode="stack", bargap=0)
    fig.update_xaxes(type="date", gridcolor="#eee",
                     range=[pd.to_datetime(histogram["start"]).min(), pd.to_datetime(histogram["end"]).max()])
    fig.update_yaxes(title="documents", gridcolor="#eee", **count_ticks(totals.max()))
    return _layout(fig, height=320, legend=dict(orientation="h", y=-0.2),
                   title=f"Documents per {'month' if monthly else 'year'} (a date range spreads over its "
                         f"{'months' if monthly else 'years'})")


def _sample(frame: pd.DataFrame, n: int) -> pd.DataFrame:
    """Up to ``n`` rows with a map position, the same ones every time, without copying the whole frame."""
    valid = np.flatnonzero(frame["x"].notna().to_numpy() & frame["y"].notna().to_numpy())
    if len(valid) > n:
        valid = np.sort(np.random.default_rng(0).choice(valid, n, replace=False))
    return frame.iloc[valid]


def plot_passage_map(points: pd.DataFrame, colors: Mapping[str, str], *, max_points: int = _MAP_POINTS,
                     background: pd.DataFrame | None = None, theme_column: str = "primary_theme",
                     with_text: WithText | None = None) -> go.Figure:
    """Scatter of passages (``x``, ``y``) coloured by ``theme_column`` (primary named theme or topic); hover shows title and text.

    ``background`` (e.g. every passage) is drawn first in light grey, so a filtered selection keeps its context.
    ``with_text`` gives the points drawn their text when ``points`` holds none (``Tables.with_text``).
    """
    points = _sample(points, max_points)
    if with_text is not None and "text" not in points.columns:
        points = with_text(points)
    if points.empty:
        return empty_figure("No passages match the filters.")
    # Traces as plain dicts, handed to a figure that does not check them: checking thousands of points took
    # a quarter of the map's time on a large corpus, and the tests check the figure it gives instead.
    traces = []
    if background is not None:
        rest = _sample(background, max_points)
        chosen = set(points["passage_id"].to_numpy(dtype=object))
        rest = rest[[p not in chosen for p in rest["passage_id"].to_numpy(dtype=object)]]
        if not rest.empty:
            traces.append(dict(
                type="scattergl" if len(rest) > 2000 else "scatter",
                x=rest["x"].to_numpy(), y=rest["y"].to_numpy(), mode="markers", name="not selected",
                hoverinfo="skip", showlegend=False, marker=dict(size=6 if len(rest) < 2000 else 3, color="#dddddd"),
            ))
    # Per point, as plain lists (the fewer values, the quicker plotly copies and sends them): each distinct
    # title shortened once, each text wrapped once.
    codes, titles = pd.factorize(points["title"])  # a missing title: code -1, the last entry (no title)
    titles = np.array([_short(t, 60) for t in titles] + [""], dtype=object)[codes]
    hover = np.array([_hover(t, 70, 4) for t in points["text"].tolist()], dtype=object)
    xy = points[["x", "y"]].to_numpy(dtype=float)
    # As plain values: a categorical column (an opened build's) cannot take the new value "(none)".
    groups = points[theme_column].astype(object).fillna("(none)").to_numpy()
    for theme in sorted(set(groups.tolist())):
        at = np.flatnonzero(groups == theme)
        traces.append(dict(
            type="scattergl" if len(points) > 2000 else "scatter",
            x=xy[at, 0], y=xy[at, 1], mode="markers", name=str(theme),
            marker=dict(size=9 if len(points) < 2000 else 4, color=colors.get(theme, NEUTRAL), opacity=0.85,
                        line=dict(width=0.5, color="white")),
            text=titles[at].tolist(), hovertext=hover[at].tolist(),
            hovertemplate="<b>%{text}</b><br>%{hovertext}<extra>" + _short(theme, 30) + "</extra>",
        ))
    fig = go.Figure(data=traces, _validate=False)
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _layout(fig, height=480, title="Passage map (nearby passages share vocabulary)",
                   legend=dict(orientation="v", x=1.01, y=1), dragmode="select")


#: An era's name under its bar is wrapped at this many characters, on at most this many lines.
ERA_LABEL_CHARS = 14
ERA_LABEL_LINES = 4


def plot_theme_shares(shares: pd.DataFrame, colors: Mapping[str, str], order: Sequence[str]) -> go.Figure:
    """Stacked bars: theme shares per era; the x labels carry the documents behind each era.

    ``shares``: era, theme, share, n_passages, n_documents (``shifts.era_theme_shares``). An era resting on one
    document is flagged.
    """
    if shares.empty:
        return empty_figure("No passages match the filters.")
    docs = shares.drop_duplicates("era").set_index("era")["n_documents"]
    order = [e for e in order if e in docs.index]
    # era names wrapped onto short lines under their bar, never tilted into the legend; plain text (an era's name
    # comes from the user's eras file), with the documents behind the era below it
    labels = {e: f"{_hover(e, ERA_LABEL_CHARS, ERA_LABEL_LINES)}<br>{int(docs[e]):,} doc{'s' if docs[e] != 1 else ''}"
                 f"{' ⚠' if docs[e] == 1 else ''}" for e in order}
    from alliance_data.colors import OTHER_COLOR, PALETTE
    from alliance_data.shifts import NO_NAMED_THEME

    # Themes past the palette share one grey block: a stack of near-identical greys cannot be read apart.
    merged = sorted({t for t in shares["theme"] if colors.get(t, NEUTRAL) not in PALETTE and t != NO_NAMED_THEME})
    if len(merged) > 1:
        other = f"{len(merged)} other themes"
        shares = (shares.assign(theme=shares["theme"].where(~shares["theme"].isin(merged), other))
                  .groupby(["era", "theme"], as_index=False, sort=False)
                  .agg(share=("share", "sum"), n_passages=("n_passages", "sum"), n_documents=("n_documents", "first")))
        colors = {**colors, other: OTHER_COLOR}
    fig = go.Figure()
    for theme, group in shares.groupby("theme", sort=True):
        group = group.set_index("era").reindex(order)
        fig.add_trace(go.Bar(
            x=[labels[e] for e in order], y=group["share"].fillna(0), name=str(theme),
            marker_color=colors.get(theme, NEUTRAL), customdata=group["n_passages"].fillna(0),
            hovertemplate=f"{theme}: %{{y:.0%}} (%{{customdata}} passages)<extra></extra>",
        ))
    fig.update_layout(barmode="stack")
    fig.update_yaxes(tickformat=".0%", range=[0, 1], gridcolor="#eee", title="share of passages")
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=[labels[e] for e in order], tickangle=0)
    # the legend beside the bars, top to bottom as the stack: below them it would collide with long era names
    return _layout(fig, height=400, title="Theme shares per era (⚠ = one document only)",
                   legend=dict(orientation="v", x=1.02, y=1, yanchor="top", traceorder="reversed"))


def plot_distinctive_terms(terms: pd.DataFrame, *, title: str = "Distinctive terms", color: str = "#3182bd") -> go.Figure:
    """Horizontal bars of terms by their log-odds z-score (``terms``: term, z, as ``shifts.distinctive_terms_by_era``)."""
    if terms.empty:
        return empty_figure("No distinctive terms for this selection.")
    terms = terms.sort_values(["z", "term"], ascending=[True, False], kind="mergesort")
    fig = go.Figure(go.Bar(
        x=terms["z"], y=terms["term"], orientation="h", marker_color=color,
        hovertemplate="%{y}: z = %{x:.2f}<extra></extra>",
    ))
    fig.update_xaxes(title="distinctiveness (log-odds z)", gridcolor="#eee")
    return _layout(fig, height=max(240, 24 * len(terms) + 80), title=title, showlegend=False)

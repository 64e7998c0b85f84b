"""The wall's charts as plain plotly JSON: dark, static, large type.

Chart sizes (fonts, margins, line widths) are given in pixels *at 1080 lines*; the
browser scales every one of them by the viewport's height before drawing, so a 4K
screen looks like a sharper 1080p one rather than a smaller one.
"""

from __future__ import annotations

from typing import Any

from ..views.wall import FEW_PERIODS, ISSUE_PERIODS, TOP_CATEGORIES, WallView
from ..views.wall_cards import TREND_PERIODS, date_display
from .plotlytext import text_only

Json = dict[str, Any]

# Dark theme, high contrast. Status colours match wall.css.
INK = "#f3f6fb"
MUTED = "#b4bfcf"
GRID = "rgba(255,255,255,0.14)"
SURVEY = "#6cb6ff"
PROCESS = "#c9a2ff"
TARGET = "#e2e8f0"
OPENED = "#ff7b72"
CLOSED = "#56d68c"
BACKLOG = "#6cb6ff"
STATUS_COLORS = {"on": "#56d68c", "near": "#ffc247", "off": "#ff7b72", "margin": "#8cc4ff"}
FONT = "'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Liberation Sans', 'Noto Sans', sans-serif"
TEXT = 25  # the smallest chart text, px at 1080 lines (wall.css: 2.3rem = 24.8 px)
BIG_TEXT = 28


def wall_figures(wall: WallView, model: Json) -> dict[str, Json]:
    """Every chart on every wall screen, keyed by the element id it is drawn into."""
    figures: dict[str, Json] = {}
    for screen in wall.screens:
        for chart in screen.charts:
            figures[chart["id"]] = text_only(_figure(chart, model))
    return figures


def _figure(chart: Json, model: Json) -> Json:
    kind = chart["figure"]
    if kind == "trend":
        return trend_figure(model["metrics"][chart["metric"]])
    if kind == "flow":
        return flow_figure(model["flow"])
    if kind == "issue-flow":
        return issue_flow_figure(model["issues"]["periods"])
    if kind == "backlog":
        return backlog_figure(model["issues"]["periods"])
    return category_figure([c for c in model["issues"]["by_category"] if c["open"]])


def _axis(**extra: Any) -> Json:
    axis: Json = {
        "color": MUTED,
        "gridcolor": GRID,
        "linecolor": GRID,
        "zeroline": False,
        "fixedrange": True,
        "automargin": True,
        "tickfont": {"size": TEXT, "color": MUTED},
        "ticks": "",
    }
    axis.update(extra)
    return axis


def _layout(**extra: Any) -> Json:
    """Dark, static, transition-free; sizes are px at 1080 lines (wall.js scales them)."""
    layout: Json = {
        "margin": {"l": 8, "r": 16, "t": 12, "b": 8, "pad": 6},
        "showlegend": False,
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "font": {"family": FONT, "size": TEXT, "color": INK},
        "xaxis": _axis(type="date", showgrid=False),
        "yaxis": _axis(nticks=4, tickformat=",~r"),
        "hovermode": False,
        "transition": {"duration": 0},
    }
    layout.update(extra)
    return layout


def _date_axis(x: list[str]) -> Json:
    """Months on a long run; with only a few periods, each period's own date."""
    if len(x) > FEW_PERIODS:
        return _axis(type="date", showgrid=False, tickformat="%b", nticks=6)
    labels = [date_display(day, year=False) for day in x]
    return _axis(type="date", showgrid=False, tickmode="array", tickvals=x, ticktext=labels)


def trend_figure(summary: Json, periods: int = TREND_PERIODS) -> Json:
    points = summary["series"][-periods:]
    x = [p["period"] for p in points]
    y = [p["value"] for p in points]
    color = PROCESS if summary["kind"] == "process" else SURVEY
    data: list[Json] = [
        {
            "type": "scatter",
            "mode": "lines",
            "x": x,
            "y": y,
            "connectgaps": False,
            "line": {"color": color, "width": 4},
            "hoverinfo": "skip",
        },
    ]
    known = [(px, py) for px, py in zip(x, y, strict=True) if py is not None]
    if known:
        status = STATUS_COLORS.get(summary["latest"]["status"], color)
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "x": [known[-1][0]],
                "y": [known[-1][1]],
                "hoverinfo": "skip",
                "marker": {"color": status, "size": 16, "line": {"color": "#0b1220", "width": 3}},
            }
        )
    if summary["target"] is not None and x:
        data.insert(
            0,
            {
                "type": "scatter",
                "mode": "lines",
                "x": [x[0], x[-1]],
                "y": [summary["target"], summary["target"]],
                "hoverinfo": "skip",
                "line": {"color": TARGET, "width": 2.5, "dash": "dash"},
            },
        )
    return {"data": data, "layout": _layout(xaxis=_date_axis(x))}


def flow_figure(flow: list[Json]) -> Json:
    """Customers at each stage as volumes (a bar each, in journey order); moved on and
    dropped out only where the model found a declared transition (``flow.py``)."""
    steps = [s for s in flow if s["value"] is not None][::-1]
    most = max((s["value"] for s in steps), default=1) or 1
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "y": [s["name"] for s in steps],
                "x": [s["value"] for s in steps],
                "text": [f"{s['value']:,.0f}" for s in steps],
                "textposition": "outside",
                "cliponaxis": False,
                "constraintext": "none",
                "textfont": {"size": TEXT, "color": INK},
                "marker": {"color": "#2f6fc4", "line": {"width": 0}},
                "hoverinfo": "skip",
            }
        ],
        "layout": _layout(
            margin={"l": 8, "r": 8, "t": 4, "b": 4, "pad": 10},
            bargap=0.25,
            xaxis=_axis(visible=False, range=[0, most * 1.25]),
            yaxis=_axis(tickfont={"size": BIG_TEXT, "color": INK}, showgrid=False, showline=False),
        ),
    }


def issue_flow_figure(periods: list[Json], count: int = ISSUE_PERIODS) -> Json:
    recent = periods[-count:]
    x = [p["period"] for p in recent]
    return {
        "data": [
            {
                "type": "bar",
                "x": x,
                "y": [p["opened"] for p in recent],
                "name": "Opened",
                "marker": {"color": OPENED},
                "hoverinfo": "skip",
            },
            {
                "type": "bar",
                "x": x,
                "y": [p["closed"] for p in recent],
                "name": "Closed",
                "marker": {"color": CLOSED},
                "hoverinfo": "skip",
            },
        ],
        "layout": _layout(
            xaxis=_date_axis(x),
            barmode="group",
            bargap=0.25,
            bargroupgap=0.05,
        ),
    }


def backlog_figure(periods: list[Json], count: int = ISSUE_PERIODS) -> Json:
    recent = periods[-count:]
    return {
        "data": [
            {
                "type": "scatter",
                "mode": "lines",
                "x": [p["period"] for p in recent],
                "y": [p["backlog"] for p in recent],
                "line": {"color": BACKLOG, "width": 4},
                "fill": "tozeroy",
                "fillcolor": "rgba(108,182,255,0.18)",
                "hoverinfo": "skip",
            },
        ],
        "layout": _layout(xaxis=_date_axis([p["period"] for p in recent])),
    }


def category_figure(categories: list[Json], top: int = TOP_CATEGORIES) -> Json:
    rows = categories[:top][::-1]
    most = max((r["open"] for r in rows), default=1) or 1
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "y": [r["category"] for r in rows],
                "x": [r["open"] for r in rows],
                "text": [f"{r['open']:,}" for r in rows],
                "textposition": "outside",
                "constraintext": "none",
                "cliponaxis": False,
                "textfont": {"size": TEXT, "color": INK},
                "marker": {"color": OPENED},
                "hoverinfo": "skip",
            },
        ],
        "layout": _layout(
            bargap=0.3,
            xaxis=_axis(visible=False, range=[0, most * 1.18]),
            yaxis=_axis(tickfont={"size": TEXT, "color": INK}),
        ),
    }

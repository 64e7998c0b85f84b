"""Phase 5: charts as plain plotly JSON, drawn from the site model.

Figures are dicts serialised straight to JSON — building ``plotly.graph_objects``
figures costs far more per chart and adds nothing we need. Ids are derived from the
model's ids, so two builds of the same inputs give the same page bytes.
"""

from __future__ import annotations

from typing import Any

from .wall import wall_figures

Json = dict[str, Any]
MAX_POINTS = 160

COLORS = {
    "line": "#2458a6",
    "process": "#7a4fb3",
    "target": "#6b7280",
    "on": "#1b7a3d",
    "near": "#a86400",
    "off": "#c0262d",
    "opened": "#c0262d",
    "closed": "#1b7a3d",
    "backlog": "#2458a6",
    "bar": "#2458a6",
}
PLOT_CONFIG = {"displayModeBar": False, "responsive": True}


def _layout(height: int, **extra: Any) -> Json:
    layout: Json = {
        "height": height,
        "margin": {"l": 48, "r": 12, "t": 8, "b": 32},
        "showlegend": False,
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "font": {"family": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", "size": 12},
        "xaxis": {"type": "date", "gridcolor": "#e5e7eb", "fixedrange": True},
        "yaxis": {"gridcolor": "#e5e7eb", "fixedrange": True, "zeroline": False},
        "hovermode": "x unified",
    }
    layout.update(extra)
    return layout


def display_series(series: list[Json], limit: int = MAX_POINTS) -> tuple[list[str], list[Any]]:
    """x and y for display; long series are thinned to the last ``limit`` periods."""
    points = series[-limit:]
    return [p["period"] for p in points], [p["value"] for p in points]


def metric_figure(summary: Json, height: int = 200) -> Json:
    x, y = display_series(summary["series"])
    color = COLORS["process"] if summary["kind"] == "process" else COLORS["line"]
    data: list[Json] = [
        {
            "type": "scatter",
            "mode": "lines+markers",
            "x": x,
            "y": y,
            "name": summary["name"],
            "line": {"color": color, "width": 2},
            "marker": {"size": 4, "color": color},
            "connectgaps": False,
            "hovertemplate": "%{y:.1f}<extra></extra>",
        }
    ]
    if summary["target"] is not None and x:
        data.append(
            {
                "type": "scatter",
                "mode": "lines",
                "x": [x[0], x[-1]],
                "y": [summary["target"], summary["target"]],
                "name": "Target",
                "line": {"color": COLORS["target"], "width": 1.5, "dash": "dash"},
                "hoverinfo": "skip",
            }
        )
    return {"data": data, "layout": _layout(height)}


def issue_flow_figure(issues: Json, height: int = 260) -> Json:
    periods = issues["periods"][-MAX_POINTS:]
    x = [p["period"] for p in periods]
    return {
        "data": [
            {
                "type": "bar",
                "x": x,
                "y": [p["opened"] for p in periods],
                "name": "Opened",
                "marker": {"color": COLORS["opened"]},
            },
            {
                "type": "bar",
                "x": x,
                "y": [p["closed"] for p in periods],
                "name": "Closed",
                "marker": {"color": COLORS["closed"]},
            },
        ],
        "layout": _layout(
            height, barmode="group", showlegend=True, legend={"orientation": "h", "y": 1.12, "x": 0}
        ),
    }


def backlog_figure(issues: Json, height: int = 260) -> Json:
    periods = issues["periods"][-MAX_POINTS:]
    return {
        "data": [
            {
                "type": "scatter",
                "mode": "lines",
                "x": [p["period"] for p in periods],
                "y": [p["backlog"] for p in periods],
                "name": "Open issues",
                "line": {"color": COLORS["backlog"], "width": 2.5},
                "fill": "tozeroy",
                "fillcolor": "rgba(36,88,166,0.12)",
            },
        ],
        "layout": _layout(height),
    }


def category_figure(issues: Json, height: int = 300, top: int = 12) -> Json:
    rows = sorted(issues["by_category"], key=lambda c: (-c["opened_recent"], c["category"]))[:top]
    rows.reverse()
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "y": [r["category"] for r in rows],
                "x": [r["opened_recent"] for r in rows],
                "name": "Opened recently",
                "marker": {"color": COLORS["bar"]},
                "hovertemplate": "%{y}: %{x}<extra></extra>",
            },
        ],
        "layout": _layout(
            height,
            margin={"l": 170, "r": 12, "t": 8, "b": 32},
            xaxis={"gridcolor": "#e5e7eb", "fixedrange": True},
            yaxis={"fixedrange": True, "automargin": True},
        ),
    }


def owner_figure(issues: Json, height: int = 300, top: int = 15) -> Json:
    rows = issues["by_owner"][:top][::-1]
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "y": [r["owner"] for r in rows],
                "x": [r["open"] for r in rows],
                "name": "Open issues",
                "marker": {"color": COLORS["opened"]},
                "hovertemplate": "%{y}: %{x}<extra></extra>",
            },
        ],
        "layout": _layout(
            height,
            margin={"l": 170, "r": 12, "t": 8, "b": 32},
            xaxis={"gridcolor": "#e5e7eb", "fixedrange": True},
            yaxis={"fixedrange": True, "automargin": True},
        ),
    }


def flow_figure(flow: list[Json], height: int = 300) -> Json:
    steps = [s for s in flow if s["value"] is not None]
    return {
        "data": [
            {
                "type": "funnel",
                "y": [s["name"] for s in steps],
                "x": [s["value"] for s in steps],
                "texttemplate": "%{x:,.0f}",
                "textposition": "inside",
                "marker": {"color": COLORS["line"]},
                "connector": {"fillcolor": "#dbe4f3"},
                "hovertemplate": "%{y}: %{x:,.0f} customers<extra></extra>",
            },
        ],
        "layout": _layout(
            height,
            xaxis={"fixedrange": True},
            yaxis={"fixedrange": True},
            margin={"l": 140, "r": 12, "t": 8, "b": 8},
        ),
    }


def page_figures(kind: str, page: Json, model: Json) -> dict[str, Json]:
    """The figures one page shows, keyed by the element id they are drawn into."""
    figures: dict[str, Json] = {}
    if kind in ("stage", "touchpoint"):
        for summary in page["metrics"]:
            figures[summary["chart_id"]] = metric_figure(summary)
    elif kind == "home":
        for summary in model["outcomes"]:
            small = metric_figure(summary, height=130)
            small["layout"]["xaxis"]["nticks"] = 4
            small["layout"]["yaxis"]["nticks"] = 4
            figures[summary["chart_id"]] = small
        if model["flow"]:
            figures["chart-flow"] = flow_figure(model["flow"])
    elif kind == "issues":
        issues = model["issues"]
        if issues["periods"]:
            figures["chart-issues-flow"] = issue_flow_figure(issues)
            figures["chart-issues-backlog"] = backlog_figure(issues)
        if issues["by_category"]:
            figures["chart-issues-category"] = category_figure(issues)
        if issues["by_owner"]:
            figures["chart-issues-owner"] = owner_figure(issues)
    elif kind == "wall":
        figures = wall_figures(page, model)
    return figures

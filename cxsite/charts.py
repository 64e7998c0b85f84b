"""Phase 5: charts as plain plotly JSON, drawn from the site model.

Figures are dicts serialised straight to JSON — building ``plotly.graph_objects``
figures costs far more per chart and adds nothing we need. Ids are derived from the
model's ids, so two builds of the same inputs give the same page bytes.
"""

from __future__ import annotations

from typing import Any

from .control_figure import control_traces
from .plotlytext import text_only
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
    "limit": "#9aa3ae",
    "signal": "#c0262d",
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
    control = summary.get("control")
    if control and x:
        data += control_traces(control, x, y, len(summary["series"]) - len(x))
        layout = _layout(
            height + 40,
            showlegend=True,
            legend={"orientation": "h", "y": -0.18, "x": 0, "font": {"size": 11}},
            margin={"l": 48, "r": 12, "t": 8, "b": 24},
        )
        return {"data": data, "layout": layout}
    return {"data": data, "layout": _layout(height)}


def lag_scatter_figure(survey: Json, process: Json, height: int = 240) -> Json:
    """Survey score against the process value ``best_lag`` periods earlier."""
    lag = survey["lag"]["best_lag"] or 0
    xs, ys, labels = [], [], []
    series_p, series_s = process["series"], survey["series"]
    for index in range(lag, len(series_s)):
        before, after = series_p[index - lag]["value"], series_s[index]["value"]
        if before is not None and after is not None:
            xs.append(before)
            ys.append(after)
            labels.append(series_s[index]["period"])
    unit = f" ({process['unit']})" if process["unit"] else ""
    return {
        "data": [
            {
                "type": "scatter",
                "mode": "markers",
                "x": xs,
                "y": ys,
                "text": labels,
                "marker": {"color": COLORS["line"], "size": 6, "opacity": 0.7},
                "hovertemplate": "%{text}: %{x:.1f} → %{y:.1f}<extra></extra>",
            }
        ],
        "layout": _layout(
            height,
            xaxis={
                "title": {
                    "text": f"{process['name']}{unit}, {lag} period(s) earlier",
                    "font": {"size": 11},
                },
                "gridcolor": "#e5e7eb",
                "fixedrange": True,
            },
            yaxis={
                "title": {"text": survey["name"], "font": {"size": 11}},
                "gridcolor": "#e5e7eb",
                "fixedrange": True,
                "automargin": True,
            },
            margin={"l": 56, "r": 12, "t": 8, "b": 48},
        ),
    }


def paired_trend_figure(survey: Json, process: Json, height: int = 240) -> Json:
    x, y_survey = display_series(survey["series"])
    _, y_process = display_series(process["series"])
    return {
        "data": [
            {
                "type": "scatter",
                "mode": "lines",
                "x": x,
                "y": y_process,
                "name": process["name"],
                "line": {"color": COLORS["process"], "width": 2},
                "yaxis": "y2",
            },
            {
                "type": "scatter",
                "mode": "lines",
                "x": x,
                "y": y_survey,
                "name": survey["name"],
                "line": {"color": COLORS["line"], "width": 2},
                "connectgaps": False,
            },
        ],
        "layout": _layout(
            height,
            showlegend=True,
            legend={"orientation": "h", "y": 1.15, "x": 0},
            yaxis={
                "title": {"text": survey["name"], "font": {"size": 11}},
                "automargin": True,
                "gridcolor": "#e5e7eb",
                "fixedrange": True,
            },
            yaxis2={
                "title": {"text": process["name"], "font": {"size": 11}},
                "overlaying": "y",
                "side": "right",
                "fixedrange": True,
                "showgrid": False,
                "automargin": True,
                "tickformat": ".3~g",
            },
            margin={"l": 56, "r": 56, "t": 8, "b": 32},
        ),
    }


def drivers_figure(drivers: Json, height: int = 420) -> Json:
    items = drivers["drivers"]
    return {
        "data": [
            {
                "type": "scatter",
                "mode": "markers+text",
                "x": [i["importance"] for i in items],
                "y": [i["performance"] for i in items],
                "text": [i["name"] for i in items],
                "textposition": "top center",
                "cliponaxis": False,
                "marker": {
                    "size": 12,
                    "color": [COLORS["off"] if i["rank"] else COLORS["line"] for i in items],
                    # hollow: the driver's weight does not beat a random variable's
                    "symbol": ["circle" if i["significant"] else "circle-open" for i in items],
                },
                "error_x": {
                    "type": "data",
                    "symmetric": False,
                    "array": [i["importance_high"] - i["importance"] for i in items],
                    "arrayminus": [i["importance"] - i["importance_low"] for i in items],
                    "color": COLORS["limit"],
                    "thickness": 1.2,
                    "width": 0,
                },
                "hovertemplate": "%{text}<br>importance %{x:.1f}% of R²<br>"
                "performance %{y:.0f}/100<extra></extra>",
            },
        ],
        "layout": _layout(
            height,
            xaxis={
                "title": {"text": "Importance (% of R²)"},
                "gridcolor": "#e5e7eb",
                "fixedrange": True,
                "zeroline": False,
            },
            yaxis={
                "title": {"text": "Performance (0–100)"},
                "gridcolor": "#e5e7eb",
                "fixedrange": True,
            },
            shapes=[
                {
                    "type": "line",
                    "xref": "x",
                    "yref": "paper",
                    "x0": drivers["importance_cut"],
                    "x1": drivers["importance_cut"],
                    "y0": 0,
                    "y1": 1,
                    "line": {"color": COLORS["target"], "dash": "dash", "width": 1},
                },
                {
                    "type": "line",
                    "xref": "paper",
                    "yref": "y",
                    "x0": 0,
                    "x1": 1,
                    "y0": drivers["performance_cut"],
                    "y1": drivers["performance_cut"],
                    "line": {"color": COLORS["target"], "dash": "dash", "width": 1},
                },
            ],
            margin={"l": 60, "r": 24, "t": 24, "b": 48},
            hovermode="closest",
        ),
    }


def age_figure(analytics: Json, height: int = 240) -> Json:
    rows = analytics["age_distribution"]
    return {
        "data": [
            {
                "type": "bar",
                "x": [r["bucket"] for r in rows],
                "y": [r["count"] for r in rows],
                "marker": {"color": COLORS["bar"]},
                "hovertemplate": "%{x}: %{y}<extra></extra>",
            }
        ],
        "layout": _layout(height, xaxis={"fixedrange": True, "type": "category"}),
    }


def pareto_figure(analytics: Json, height: int = 300) -> Json:
    rows = analytics["pareto"]
    names = [r["category"] for r in rows]
    return {
        "data": [
            {
                "type": "bar",
                "x": names,
                "y": [r["count"] for r in rows],
                "name": "Opened recently",
                "marker": {"color": COLORS["bar"]},
            },
            {
                "type": "scatter",
                "mode": "lines+markers",
                "x": names,
                "y": [round(100 * (r["cumulative_share"] or 0), 1) for r in rows],
                "name": "Cumulative %",
                "yaxis": "y2",
                "line": {"color": COLORS["opened"]},
            },
        ],
        "layout": _layout(
            height,
            showlegend=True,
            legend={"orientation": "h", "y": 1.15, "x": 0},
            xaxis={"fixedrange": True, "type": "category", "automargin": True},
            yaxis2={
                "overlaying": "y",
                "side": "right",
                "range": [0, 105],
                "ticksuffix": "%",
                "fixedrange": True,
                "showgrid": False,
            },
            margin={"l": 48, "r": 48, "t": 8, "b": 32},
        ),
    }


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


def _hbar_figure(labels: list[str], values: list[int], name: str, color: str, height: int) -> Json:
    """A horizontal bar chart, biggest at the top."""
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "y": labels[::-1],
                "x": values[::-1],
                "name": name,
                "marker": {"color": color},
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


def category_figure(issues: Json, height: int = 300, top: int = 12) -> Json:
    rows = sorted(issues["by_category"], key=lambda c: (-c["opened_recent"], c["category"]))[:top]
    return _hbar_figure(
        [r["category"] for r in rows],
        [r["opened_recent"] for r in rows],
        "Opened recently",
        COLORS["bar"],
        height,
    )


def owner_figure(issues: Json, height: int = 300, top: int = 15) -> Json:
    rows = issues["by_owner"][:top]
    return _hbar_figure(
        [r["owner"] for r in rows],
        [r["open"] for r in rows],
        "Open issues",
        COLORS["opened"],
        height,
    )


def flow_figure(flow: list[Json], height: int = 300) -> Json:
    """Customers at each stage as volumes, in journey order (see ``flow.py``)."""
    steps = [s for s in flow if s["value"] is not None][::-1]
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "y": [s["name"] for s in steps],
                "x": [s["value"] for s in steps],
                "text": [f"{s['value']:,.0f}" for s in steps],
                "textposition": "auto",
                "marker": {"color": COLORS["line"]},
                "hovertemplate": "%{y}: %{x:,.0f} customers<extra></extra>",
            },
        ],
        "layout": _layout(
            height,
            xaxis={"fixedrange": True, "gridcolor": "#e5e7eb"},
            yaxis={"fixedrange": True, "automargin": True},
            margin={"l": 140, "r": 12, "t": 8, "b": 24},
        ),
    }


def page_figures(kind: str, page: Json, model: Json) -> dict[str, Json]:
    """The figures one page shows, keyed by the element id they are drawn into."""
    figures: dict[str, Json] = {}
    if kind in ("stage", "touchpoint"):
        for summary in page["metrics"]:
            figures[summary["chart_id"]] = metric_figure(summary)
    if kind == "touchpoint":
        by_id = {m["id"]: m for m in page["metrics"]}
        for pair in page["pairs"]:
            survey = by_id.get(pair["survey"] or "")
            process = by_id.get(pair["process"] or "")
            if survey and process and survey.get("lag"):
                figures[f"chart-lag-{survey['id']}"] = lag_scatter_figure(survey, process)
                figures[f"chart-pair-{survey['id']}"] = paired_trend_figure(survey, process)
    elif kind == "drivers":
        if page.get("available"):
            figures["chart-drivers"] = drivers_figure(page)
    elif kind == "home":
        for summary in model["outcomes"]:
            # a small trend: the control limits and signals live on the metric's own page
            plain = {k: v for k, v in summary.items() if k != "control"}
            small = metric_figure(plain, height=130)
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
        if issues.get("analytics"):
            figures["chart-issues-age"] = age_figure(issues["analytics"])
            if issues["analytics"]["pareto"]:
                figures["chart-issues-pareto"] = pareto_figure(issues["analytics"])
    elif kind == "wall":
        return wall_figures(page, model)
    return {key: text_only(figure) for key, figure in figures.items()}

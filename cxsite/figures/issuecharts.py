"""The issues page's charts: flow, backlog, categories, owners, age and Pareto.

Each chart shows one measure and says which in its axis titles and hover text; weekly
flow is summed into blocks of several periods so a long history stays readable.
"""

from __future__ import annotations

from typing import Any

from .chartstyle import COLORS, MAX_POINTS
from .chartstyle import base_layout as _layout

Json = dict[str, Any]
# Beyond this many periods, opened/closed bars are summed into blocks (thin weekly
# pairs over two years cannot be read): 4 weeks, or 3 months.
FLOW_PERIODS_MAX = 26
FLOW_BLOCK = {"week": 4, "month": 3}
RECENT_WORDS = "opened in the last {n} {unit}s"
# The bar charts of categories and owners show the biggest few; the page says so.
CATEGORY_BARS = 12
OWNER_BARS = 15


def _axis(title: str, **extra: Any) -> Json:
    return {
        "title": {"text": title, "font": {"size": 11}},
        "gridcolor": "#e5e7eb",
        "fixedrange": True,
        "automargin": True,
        **extra,
    }


def flow_blocks(periods: list[Json], unit: str) -> tuple[int, list[Json]]:
    """Periods summed into blocks that end with the latest period (so the last block is
    whole); one period per block when the history is short."""
    block = FLOW_BLOCK.get(unit, 1) if len(periods) > FLOW_PERIODS_MAX else 1
    blocks: list[Json] = []
    end = len(periods)
    while end > 0:
        part = periods[max(0, end - block) : end]
        first, last = part[0], part[-1]
        blocks.append(
            {
                "period": first["period"],
                "label": first["label"]
                if len(part) == 1
                else f"{first['label']} – {last['label']}",
                "periods": len(part),
                "opened": sum(p["opened"] for p in part),
                "closed": sum(p["closed"] for p in part),
            }
        )
        end -= block
    return block, blocks[::-1]


def flow_grain(block: int, unit: str) -> str:
    return unit if block == 1 else f"{block} {unit}s"


def issue_flow_figure(issues: Json, unit: str, height: int = 260) -> Json:
    block, blocks = flow_blocks(issues["periods"][-MAX_POINTS:], unit)
    grain = flow_grain(block, unit)
    labels = [b["label"] for b in blocks]
    bars = []
    for key, name in (("opened", "Opened"), ("closed", "Closed")):
        bars.append(
            {
                "type": "bar",
                "x": [b["period"] for b in blocks],
                "y": [b[key] for b in blocks],
                "customdata": labels,
                "name": name,
                "marker": {"color": COLORS[key]},
                "hovertemplate": f"{name}: %{{y:,}} issues<extra></extra>",
            }
        )
    return {
        "htmlLegend": True,
        "data": bars,
        "layout": _layout(
            height,
            barmode="group",
            showlegend=False,
            yaxis=_axis(f"issues per {grain}", zeroline=False),
            margin={"l": 56, "r": 12, "t": 8, "b": 32},
        ),
    }


def backlog_figure(issues: Json, unit: str, height: int = 260) -> Json:
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
                "hovertemplate": f"%{{y:,}} issues open at the end of the {unit}<extra></extra>",
            },
        ],
        "layout": _layout(
            height,
            yaxis=_axis(f"open issues at {unit} end", zeroline=False),
            margin={"l": 56, "r": 12, "t": 8, "b": 32},
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
                "hovertemplate": "%{y:,} open issues %{x} old<extra></extra>",
            }
        ],
        "layout": _layout(
            height,
            xaxis=_axis("age since opened", type="category", gridcolor=None),
            yaxis=_axis("open issues"),
            margin={"l": 56, "r": 12, "t": 8, "b": 48},
            hovermode="closest",
        ),
    }


def pareto_figure(analytics: Json, recent: str, height: int = 320) -> Json:
    rows = analytics["pareto"]
    names = [r["category"] for r in rows]
    return {
        "htmlLegend": True,
        "data": [
            {
                "type": "bar",
                "x": names,
                "y": [r["count"] for r in rows],
                "name": f"Issues {recent}",
                "marker": {"color": COLORS["bar"]},
                "hovertemplate": "%{x}: %{y:,} issues<extra></extra>",
            },
            {
                "type": "scatter",
                "mode": "lines+markers",
                "x": names,
                "y": [round(100 * (r["cumulative_share"] or 0), 1) for r in rows],
                "name": "Cumulative share of them",
                "yaxis": "y2",
                "line": {"color": COLORS["opened"]},
                "hovertemplate": "%{x}: %{y:.0f}% of them so far<extra></extra>",
            },
        ],
        "layout": _layout(
            height,
            showlegend=False,
            xaxis={"fixedrange": True, "type": "category", "automargin": True},
            yaxis=_axis("issues"),
            yaxis2={
                "overlaying": "y",
                "side": "right",
                "range": [0, 105],
                # round ticks: a share axis at 47.1% and 94.1% reads as noise
                "tickvals": [0, 25, 50, 75, 100],
                "ticksuffix": "%",
                "fixedrange": True,
                "showgrid": False,
            },
            margin={"l": 56, "r": 48, "t": 8, "b": 32},
            hovermode="closest",
        ),
    }


def _hbar_figure(labels: list[str], values: list[int], name: str, color: str, height: int) -> Json:
    """A horizontal bar chart, biggest at the top; ``name`` says what the bars count."""
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "y": labels[::-1],
                "x": values[::-1],
                "name": name,
                "marker": {"color": color},
                "hovertemplate": f"%{{y}}: %{{x:,}} {name.lower()}<extra></extra>",
            },
        ],
        "layout": _layout(
            height,
            margin={"l": 12, "r": 12, "t": 8, "b": 40},
            xaxis=_axis(name.lower()),
            yaxis={"fixedrange": True, "automargin": True},
            hovermode="closest",
        ),
    }


def category_figure(issues: Json, recent: str, height: int = 300, top: int = CATEGORY_BARS) -> Json:
    rows = sorted(issues["by_category"], key=lambda c: (-c["opened_recent"], c["category"]))[:top]
    return _hbar_figure(
        [r["category"] for r in rows],
        [r["opened_recent"] for r in rows],
        f"Issues {recent}",
        COLORS["bar"],
        height,
    )


def owner_figure(issues: Json, height: int = 300, top: int = OWNER_BARS) -> Json:
    rows = issues["by_owner"][:top]
    return _hbar_figure(
        [r["owner"] for r in rows],
        [r["open"] for r in rows],
        "Open issues",
        COLORS["opened"],
        height,
    )


def issue_figures(issues: Json, unit: str) -> dict[str, Json]:
    """The issues page's figures, keyed by the element they are drawn into."""
    recent = RECENT_WORDS.format(n=issues.get("recent_periods", ""), unit=unit)
    figures: dict[str, Json] = {}
    if issues["periods"]:
        figures["chart-issues-flow"] = issue_flow_figure(issues, unit)
        figures["chart-issues-backlog"] = backlog_figure(issues, unit)
    if issues["by_category"]:
        figures["chart-issues-category"] = category_figure(issues, recent)
    if issues["by_owner"]:
        figures["chart-issues-owner"] = owner_figure(issues)
    analytics = issues.get("analytics")
    if analytics:
        figures["chart-issues-age"] = age_figure(analytics)
        if analytics["pareto"]:
            figures["chart-issues-pareto"] = pareto_figure(analytics, recent)
    return figures


def flow_grain_of(periods: list[Json], unit: str) -> str:
    """What one bar of the flow chart covers ("week", "4 weeks"), for the page's title."""
    return flow_grain(flow_blocks(periods[-MAX_POINTS:], unit)[0], unit)

"""The issues page's charts: flow, backlog, categories, owners, age and Pareto (the
first three are built with the wall's in ``shared.py``).

Each chart shows one measure and says which in its axis titles and hover text; weekly
flow is summed into blocks of several periods so a long history stays readable.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..model.issue_types import AgeBucket, IssuePeriod, IssuesModel, ParetoBar
from . import shared
from .shared import flow_blocks, flow_grain
from .style import COLORS, MAX_POINTS, SITE, titled_axis
from .style import base_layout as _layout

Json = dict[str, Any]
RECENT_WORDS = "opened in the last {n} {unit}s"
# The bar charts of categories and owners show the biggest few; the page says so.
CATEGORY_BARS = 12
OWNER_BARS = 15


def issue_flow_figure(issues: IssuesModel, unit: str, height: int = 260) -> Json:
    return shared.issue_flow_figure(issues.periods, unit, SITE, height)


def backlog_figure(issues: IssuesModel, unit: str, height: int = 260) -> Json:
    return shared.backlog_figure(issues.periods, unit, SITE, height)


def age_figure(rows: Sequence[AgeBucket], height: int = 240) -> Json:
    return {
        "data": [
            {
                "type": "bar",
                "x": [r.bucket for r in rows],
                "y": [r.count for r in rows],
                "marker": {"color": COLORS["bar"]},
                "hovertemplate": "%{y:,} open issues %{x} old<extra></extra>",
            }
        ],
        "layout": _layout(
            height,
            xaxis=titled_axis("age since opened", type="category", gridcolor=None),
            yaxis=titled_axis("open issues"),
            margin={"l": 56, "r": 12, "t": 8, "b": 48},
            hovermode="closest",
        ),
    }


def pareto_figure(rows: Sequence[ParetoBar], recent: str, height: int = 320) -> Json:
    names = [r.category for r in rows]
    return {
        "htmlLegend": True,
        "data": [
            {
                "type": "bar",
                "x": names,
                "y": [r.count for r in rows],
                "name": f"Issues {recent}",
                "marker": {"color": COLORS["bar"]},
                "hovertemplate": "%{x}: %{y:,} issues<extra></extra>",
            },
            {
                "type": "scatter",
                "mode": "lines+markers",
                "x": names,
                "y": [round(100 * (r.cumulative_share or 0), 1) for r in rows],
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
            yaxis=titled_axis("issues"),
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
    hover = f"%{{y}}: %{{x:,}} {name.lower()}<extra></extra>"
    return shared.hbar_figure(labels, values, SITE, color, hover, name, height=height)


def category_figure(
    issues: IssuesModel, recent: str, height: int = 300, top: int = CATEGORY_BARS
) -> Json:
    rows = sorted(issues.by_category, key=lambda c: (-c.opened_recent, c.category))[:top]
    return _hbar_figure(
        [r.category for r in rows],
        [r.opened_recent for r in rows],
        f"Issues {recent}",
        COLORS["bar"],
        height,
    )


def owner_figure(issues: IssuesModel, height: int = 300, top: int = OWNER_BARS) -> Json:
    rows = issues.by_owner[:top]
    return _hbar_figure(
        [r.owner for r in rows],
        [r.open for r in rows],
        "Open issues",
        COLORS["opened"],
        height,
    )


def issue_figures(issues: IssuesModel, unit: str) -> dict[str, Json]:
    """The issues page's figures, keyed by the element they are drawn into."""
    recent = RECENT_WORDS.format(n=issues.recent_periods, unit=unit)
    figures: dict[str, Json] = {}
    if issues.periods:
        figures["chart-issues-flow"] = issue_flow_figure(issues, unit)
        figures["chart-issues-backlog"] = backlog_figure(issues, unit)
    if issues.by_category:
        figures["chart-issues-category"] = category_figure(issues, recent)
    if issues.by_owner:
        figures["chart-issues-owner"] = owner_figure(issues)
    figures["chart-issues-age"] = age_figure(issues.analytics.age_distribution)
    if issues.analytics.pareto:
        figures["chart-issues-pareto"] = pareto_figure(issues.analytics.pareto, recent)
    return figures


def flow_grain_of(periods: Sequence[IssuePeriod], unit: str) -> str:
    """What one bar of the flow chart covers ("week", "4 weeks"), for the page's title."""
    return flow_grain(flow_blocks(periods[-MAX_POINTS:], unit)[0], unit)

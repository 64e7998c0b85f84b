"""The wall's charts: which figure each chart of each screen is, drawn in the wall style
(``style.WALL``) by the builders the site uses too."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..views.wall import WallView, open_categories
from ..views.wall_client import WallChart
from .plotlytext import text_only
from .shared import (
    backlog_figure,
    customer_flow_figure,
    hbar_figure,
    issue_flow_figure,
    trend_figure,
)
from .style import TEXT, WALL

if TYPE_CHECKING:
    from ..model.site_model import SiteModel

Json = dict[str, Any]
__all__ = ["TEXT", "wall_figures"]


def wall_figures(wall: WallView, model: SiteModel) -> dict[str, Json]:
    """Every chart on every wall screen, keyed by the element id it is drawn into."""
    figures: dict[str, Json] = {}
    for screen in wall.screens:
        for chart in screen.charts:
            figures[chart.id] = text_only(_figure(chart, model))
    return figures


def _figure(chart: WallChart, model: SiteModel) -> Json:
    kind = chart.figure
    unit = model.site.period.unit
    if kind == "trend":
        return trend_figure(model.metrics[chart.metric or ""], WALL)
    if kind == "flow":
        return customer_flow_figure(model.flow, WALL)
    if kind == "issue-flow":
        return issue_flow_figure(model.issues.periods, unit, WALL)
    if kind == "backlog":
        return backlog_figure(model.issues.periods, unit, WALL)
    rows = open_categories(model.issues)
    labels, values = [r.category for r in rows], [r.open for r in rows]
    return hbar_figure(labels, values, WALL, WALL.colors["bar"], "")

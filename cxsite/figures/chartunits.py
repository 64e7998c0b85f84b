"""Units, hover text and legends for metric trend charts.

A reader hovering a point should read "w/c 9 Nov 2026 · 88% · n = 17", not "38.9";
every axis says what it measures. Applied to the figure a chart builder made, so the
builders stay about shapes and this module about words.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..model.metric import MetricCore

Json = dict[str, Any]
PERCENT = ("csat", "rate")
HOVER_DATE = {"week": "w/c %-d %b %Y", "month": "%B %Y"}


@dataclass(frozen=True)
class Units:
    axis: str  # the y-axis title
    suffix: str  # after a number in hover text
    places: int


def metric_units(summary: MetricCore) -> Units:
    """What a metric's numbers are measured in, from its aggregate, scale and unit."""
    aggregate, unit = summary.aggregate, summary.unit or ""
    # The chart's own places per aggregate (a metric's ``decimals`` is for its tiles).
    places: int | None = None
    if aggregate == "nps":
        return Units("NPS (−100 to +100)", "", 0 if places is None else places)
    if aggregate == "csat":
        return Units("% satisfied (top two boxes)", "%", 0 if places is None else places)
    if aggregate == "rate" and summary.source == "responses":
        return Units("% answering yes", "%", 0 if places is None else places)
    scale = summary.scale
    if summary.source == "responses" and scale:
        axis = f"mean score ({scale[0]:g}–{scale[1]:g})"
        return Units(axis, unit if unit.startswith("/") else "", 1 if places is None else places)
    if not unit:
        return Units(summary.name.lower(), "", 1 if places is None else places)
    suffix = unit if unit == "%" or unit.startswith("/") else f" {unit}"
    return Units(unit, suffix, 1 if places is None else places)


def with_units(figure: Json, summary: MetricCore, period_unit: str = "week") -> Json:
    """The trend of ``summary`` with units on its axis and in hover, n for survey
    points, and a legend for each line style it draws."""
    units = metric_units(summary)
    number = f"%{{y:,.{units.places}f}}{units.suffix}"
    layout = figure["layout"]
    layout["yaxis"] = dict(
        layout.get("yaxis", {}),
        title={"text": units.axis, "font": {"size": 11}},
        automargin=True,
    )
    layout["xaxis"] = dict(
        layout.get("xaxis", {}), hoverformat=HOVER_DATE.get(period_unit, "%-d %b %Y")
    )
    # A control chart brings its own legend (centre, limits, phases, signals); any other
    # trend gets one drawn by the page under the chart (cxsite.js), where it wraps on a
    # phone instead of squeezing the plot.
    if not layout.get("showlegend"):
        figure["htmlLegend"] = True
    main = figure["data"][0] if figure["data"] else None
    if main is not None:
        shown = summary.series[-len(main["x"]) :] if main["x"] else ()
        if summary.source == "responses":
            main["customdata"] = [p.n for p in shown]
            main["hovertemplate"] = f"{number} · n = %{{customdata:,}}<extra></extra>"
        else:
            main["hovertemplate"] = f"{number}<extra></extra>"
        main["name"] = "Value" if summary.segment is None else summary.segment.label
    for trace in figure["data"][1:]:
        if trace.get("name") == "Target":
            trace["name"] = f"Target ({summary.target_display})"
    return figure

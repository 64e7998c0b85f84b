"""Phase 5: charts as plain plotly JSON, drawn from the site model.

Figures are dicts serialised straight to JSON — building ``plotly.graph_objects``
figures costs far more per chart and adds nothing we need. Ids are derived from the
model's ids, so two builds of the same inputs give the same page bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..model.drivers import DriverAnalysis
from ..model.metric import MetricCore, MetricSummary
from ..model.series import SeriesPoint
from ..views.segmentwall import segment_view
from ..views.wall import WallView
from .chartunits import metric_units, with_units
from .control_figure import control_traces
from .issuecharts import issue_figures
from .plotlytext import text_only
from .shared import customer_flow_figure, trend_figure
from .style import COLORS, MAX_POINTS, PLOT_CONFIG, SITE
from .style import base_layout as _layout
from .wall import wall_figures

if TYPE_CHECKING:
    from ..model.site_model import SiteModel
    from ..views.drivers import DriversPage
    from ..views.home import HomeView
    from ..views.issues import IssuesPage
    from ..views.stage import StageView
    from ..views.touchpoint import TouchpointView

Json = dict[str, Any]
# render.py takes the plotly config from here with the figures
__all__ = ["PLOT_CONFIG", "metric_figure"]


def display_series(
    series: Sequence[SeriesPoint], limit: int = MAX_POINTS
) -> tuple[list[str], list[Any]]:
    """x and y for display; long series are thinned to the last ``limit`` periods."""
    points = series[-limit:]
    return [p.period for p in points], [p.value for p in points]


def metric_figure(
    summary: MetricCore, height: int = 200, period_unit: str = "week", control: bool = True
) -> Json:
    """A metric's trend on its page: the shared trend, with its control chart when it has
    one and ``control`` is set (a stage page's metrics and the home page's small trends
    carry none), and its units on the axis and in the hover text."""
    figure = trend_figure(summary, SITE, height)
    chart = summary.control if control and isinstance(summary, MetricSummary) else None
    x, y = figure["data"][0]["x"], figure["data"][0]["y"]
    if chart and x:
        figure["data"] += control_traces(chart, x, y, len(summary.series) - len(x))
        figure["layout"] = _layout(
            height + 40,
            showlegend=True,
            legend={"orientation": "h", "y": -0.18, "x": 0, "font": {"size": 11}},
            margin={"l": 48, "r": 12, "t": 8, "b": 24},
        )
    return with_units(figure, summary, period_unit)


def lag_scatter_figure(
    survey: MetricSummary, process: MetricCore, height: int = 240, period_unit: str = "period"
) -> Json:
    """Survey score against the process value ``best_lag`` periods earlier."""
    lag = (survey.lag.best_lag if survey.lag else None) or 0
    xs, ys, labels = [], [], []
    series_p, series_s = process.series, survey.series
    for index in range(lag, len(series_s)):
        before, after = series_p[index - lag].value, series_s[index].value
        if before is not None and after is not None:
            xs.append(before)
            ys.append(after)
            labels.append(series_s[index].period)
    p_units, s_units = metric_units(process), metric_units(survey)
    unit = f" ({p_units.axis})"
    plural = "" if lag == 1 else "s"
    hover = (
        f"%{{text}}: %{{x:,.{p_units.places}f}}{p_units.suffix} → "
        f"%{{y:,.{s_units.places}f}}{s_units.suffix}<extra></extra>"
    )
    return {
        "data": [
            {
                "type": "scatter",
                "mode": "markers",
                "x": xs,
                "y": ys,
                "text": labels,
                "marker": {"color": COLORS["line"], "size": 6, "opacity": 0.7},
                "hovertemplate": hover,
            }
        ],
        "layout": _layout(
            height,
            xaxis={
                "title": {
                    "text": f"{process.name}{unit}, {lag} {period_unit}{plural} earlier",
                    "font": {"size": 11},
                },
                "gridcolor": "#e5e7eb",
                "fixedrange": True,
            },
            yaxis={
                "title": {"text": s_units.axis, "font": {"size": 11}},
                "gridcolor": "#e5e7eb",
                "fixedrange": True,
                "automargin": True,
            },
            margin={"l": 56, "r": 12, "t": 8, "b": 48},
        ),
    }


def paired_trend_figure(survey: MetricCore, process: MetricCore, height: int = 240) -> Json:
    x, y_survey = display_series(survey.series)
    _, y_process = display_series(process.series)
    p_units, s_units = metric_units(process), metric_units(survey)
    return {
        "htmlLegend": True,
        "data": [
            {
                "type": "scatter",
                "mode": "lines",
                "x": x,
                "y": y_process,
                "name": process.name,
                "line": {"color": COLORS["process"], "width": 2},
                "yaxis": "y2",
                "hovertemplate": f"%{{y:,.{p_units.places}f}}{p_units.suffix}<extra></extra>",
            },
            {
                "type": "scatter",
                "mode": "lines",
                "x": x,
                "y": y_survey,
                "name": survey.name,
                "line": {"color": COLORS["line"], "width": 2},
                "connectgaps": False,
                "hovertemplate": f"%{{y:,.{s_units.places}f}}{s_units.suffix}<extra></extra>",
            },
        ],
        "layout": _layout(
            height,
            showlegend=False,
            yaxis={
                "title": {"text": s_units.axis, "font": {"size": 11}},
                "automargin": True,
                "gridcolor": "#e5e7eb",
                "fixedrange": True,
            },
            yaxis2={
                "title": {"text": p_units.axis, "font": {"size": 11}},
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


def drivers_figure(drivers: DriverAnalysis, height: int = 420) -> Json:
    items = drivers.drivers
    return {
        "data": [
            {
                "type": "scatter",
                "mode": "markers+text",
                "x": [i.importance for i in items],
                "y": [i.performance for i in items],
                # numbers, not names: names overlap and clip on a phone; the table
                # under the chart lists each number's driver
                "text": [str(n) for n in range(1, len(items) + 1)],
                "customdata": [i.name for i in items],
                "textposition": "middle right",
                "cliponaxis": False,
                "marker": {
                    "size": 12,
                    "color": [COLORS["off"] if i.rank else COLORS["line"] for i in items],
                    # hollow: the driver's weight does not beat a random variable's
                    "symbol": ["circle" if i.significant else "circle-open" for i in items],
                },
                "error_x": {
                    "type": "data",
                    "symmetric": False,
                    "array": [_gap(i.importance_high, i.importance) for i in items],
                    "arrayminus": [_gap(i.importance, i.importance_low) for i in items],
                    "color": COLORS["limit"],
                    "thickness": 1.2,
                    "width": 0,
                },
                "hovertemplate": "%{text}. %{customdata}<br>importance %{x:.1f}% of R²<br>"
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
                    "x0": drivers.importance_cut,
                    "x1": drivers.importance_cut,
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
                    "y0": drivers.performance_cut,
                    "y1": drivers.performance_cut,
                    "line": {"color": COLORS["target"], "dash": "dash", "width": 1},
                },
            ],
            margin={"l": 60, "r": 24, "t": 24, "b": 48},
            hovermode="closest",
        ),
    }


def _gap(upper: float | None, lower: float | None) -> float | None:
    """The length of an error bar; none where an end is missing (plotly draws no bar)."""
    return None if upper is None or lower is None else upper - lower


def _metric_figures(page: StageView | TouchpointView, model: SiteModel) -> dict[str, Json]:
    unit = model.site.period.unit
    return {s.chart_id: metric_figure(s, period_unit=unit) for s in page.metrics}


def stage_figures(page: StageView, model: SiteModel, _id: str) -> dict[str, Json]:
    return text_only_all(_metric_figures(page, model))


def touchpoint_figures(page: TouchpointView, model: SiteModel, _id: str) -> dict[str, Json]:
    figures = _metric_figures(page, model)
    unit = model.site.period.unit
    for pair in page.shown_pairs:
        survey, process = pair.survey, pair.process
        if survey and process and pair.lag:
            figures[f"chart-lag-{survey.id}"] = lag_scatter_figure(
                survey, process, period_unit=unit
            )
            figures[f"chart-pair-{survey.id}"] = paired_trend_figure(survey, process)
    return text_only_all(figures)


def segment_figures(
    page: StageView | TouchpointView, model: SiteModel, _id: str
) -> dict[str, Json]:
    """Trends of a page's per-segment metric cards, drawn when a reader picks a segment."""
    unit = model.site.period.unit
    return {
        summary.chart_id: text_only(metric_figure(summary, period_unit=unit))
        for found in page.segments.values()
        for summary in found.values()
    }


def drivers_figures(_page: DriversPage, model: SiteModel, _id: str) -> dict[str, Json]:
    drivers = model.drivers
    return text_only_all({"chart-drivers": drivers_figure(drivers)} if drivers.available else {})


def home_figures(_page: HomeView, model: SiteModel, _id: str) -> dict[str, Json]:
    figures: dict[str, Json] = {}
    unit = model.site.period.unit
    for summary in model.outcomes:
        # a small trend: the control limits and signals live on the metric's own page
        small = metric_figure(summary, height=130, period_unit=unit, control=False)
        # too small for a legend: the card says the dashed line is the target
        small["htmlLegend"] = False
        small["layout"]["yaxis"].pop("title", None)
        small["layout"]["xaxis"]["nticks"] = 4
        small["layout"]["yaxis"]["nticks"] = 4
        figures[summary.chart_id] = small
    if model.flow:
        figures["chart-flow"] = customer_flow_figure(model.flow, SITE, 300)
    return text_only_all(figures)


def issues_figures(_page: IssuesPage, model: SiteModel, _id: str) -> dict[str, Json]:
    return text_only_all(issue_figures(model.issues, model.site.period.unit))


def wall_page_figures(wall: WallView, model: SiteModel, ident: str) -> dict[str, Json]:
    """A wall pinned to a segment draws the segment's own trends."""
    return wall_figures(wall, model if ident == "wall" else segment_view(model, ident))


def text_only_all(figures: dict[str, Json]) -> dict[str, Json]:
    return {key: text_only(figure) for key, figure in figures.items()}

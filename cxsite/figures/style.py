"""How a figure looks where it is shown: on the site's pages or on the room's wall.

The figure types both places show are built once (``figures/shared.py``); a ``Style``
holds what differs: colours, line widths, whether traces carry hover text and names (a
page is read with a mouse and a legend; nobody hovers a TV), whether bars carry their
values, how many periods a trend shows, and each figure type's layout. Wall sizes are
pixels at 1080 lines: wall.js scales every one of them by the screen's height, so a 4K
screen looks like a sharper 1080p one rather than a smaller one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ..views.wall import FEW_PERIODS, ISSUE_PERIODS
from ..views.wall_cards import TREND_PERIODS, date_display

Json = dict[str, Any]
Layout = Callable[..., Json]  # (height, **what the figure knows) -> plotly layout

MAX_POINTS = 160  # periods a site chart shows at most
PLOT_CONFIG = {"displayModeBar": False, "responsive": True}
GRID = "#e5e7eb"
# The site's colours; status colours match style.css.
COLORS = {
    "line": "#2458a6",
    "survey": "#2458a6",
    "process": "#7a4fb3",
    "target": "#6b7280",
    "on": "#1b7a3d",
    "near": "#a86400",
    "off": "#c0262d",
    "opened": "#c0262d",
    "closed": "#1b7a3d",
    "backlog": "#2458a6",
    "bar": "#2458a6",
    "flow": "#2458a6",
    "limit": "#9aa3ae",
    "signal": "#c0262d",
}

# The wall's colours: a dark theme in high contrast; status colours match wall.css.
INK = "#f3f6fb"
MUTED = "#b4bfcf"
WALL_GRID = "rgba(255,255,255,0.14)"
WALL_COLORS = {
    "survey": "#6cb6ff",
    "process": "#c9a2ff",
    "target": "#e2e8f0",
    "opened": "#ff7b72",
    "closed": "#56d68c",
    "backlog": "#6cb6ff",
    "bar": "#ff7b72",
    "flow": "#2f6fc4",
}
WALL_STATUS = {"on": "#56d68c", "near": "#ffc247", "off": "#ff7b72", "margin": "#8cc4ff"}
FONT = "'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Liberation Sans', 'Noto Sans', sans-serif"
TEXT = 25  # the smallest chart text, px at 1080 lines (wall.css: 2.3rem = 24.8 px)
BIG_TEXT = 28


@dataclass(frozen=True)
class Style:
    colors: Mapping[str, str]
    interactive: bool  # traces carry names (for a legend) and hover text
    trend_points: int  # periods a trend shows
    issue_points: int  # periods the issue flow and backlog show
    line_width: float
    point_size: int | None  # a marker on every point of a trend
    target_width: float
    target_below: bool  # the target line drawn under the trend rather than over it
    latest_marker: Json | None  # the latest point marked in its status colour
    status_colors: Mapping[str, str]
    area_width: float
    area_fill: str
    bar_values: Json | None  # every bar carries its value, written so; None: hover only
    layouts: Mapping[str, Layout]  # per figure type


# ------------------------------------------------------------------------------ site


def base_layout(height: int, **extra: Any) -> Json:
    layout: Json = {
        "height": height,
        "margin": {"l": 48, "r": 12, "t": 8, "b": 32},
        "showlegend": False,
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "font": {"family": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", "size": 12},
        "xaxis": {"type": "date", "gridcolor": GRID, "fixedrange": True},
        "yaxis": {"gridcolor": GRID, "fixedrange": True, "zeroline": False},
        "hovermode": "x unified",
    }
    layout.update(extra)
    return layout


def titled_axis(title: str, **extra: Any) -> Json:
    """A value axis that says what it counts."""
    return {
        "title": {"text": title, "font": {"size": 11}},
        "gridcolor": GRID,
        "fixedrange": True,
        "automargin": True,
        **extra,
    }


def _site_trend(height: int, **_: Any) -> Json:
    return base_layout(height)


def _site_flow(height: int, **_: Any) -> Json:
    return base_layout(
        height,
        xaxis={"fixedrange": True, "gridcolor": GRID},
        yaxis={"fixedrange": True, "automargin": True},
        margin={"l": 140, "r": 12, "t": 8, "b": 24},
    )


def _site_issue_flow(height: int, grain: str, **_: Any) -> Json:
    return base_layout(
        height,
        barmode="group",
        showlegend=False,
        yaxis=titled_axis(f"issues per {grain}", zeroline=False),
        margin={"l": 56, "r": 12, "t": 8, "b": 32},
    )


def _site_backlog(height: int, unit: str, **_: Any) -> Json:
    return base_layout(
        height,
        yaxis=titled_axis(f"open issues at {unit} end", zeroline=False),
        margin={"l": 56, "r": 12, "t": 8, "b": 32},
    )


def _site_bars(height: int, name: str, **_: Any) -> Json:
    return base_layout(
        height,
        margin={"l": 12, "r": 12, "t": 8, "b": 40},
        xaxis=titled_axis(name.lower()),
        yaxis={"fixedrange": True, "automargin": True},
        hovermode="closest",
    )


SITE = Style(
    colors=COLORS,
    interactive=True,
    trend_points=MAX_POINTS,
    issue_points=MAX_POINTS,
    line_width=2,
    point_size=4,
    target_width=1.5,
    target_below=False,
    latest_marker=None,
    status_colors=COLORS,
    area_width=2.5,
    area_fill="rgba(36,88,166,0.12)",
    bar_values=None,
    layouts={
        "trend": _site_trend,
        "flow": _site_flow,
        "issue-flow": _site_issue_flow,
        "backlog": _site_backlog,
        "bars": _site_bars,
    },
)

# ------------------------------------------------------------------------------ wall


def wall_axis(**extra: Any) -> Json:
    axis: Json = {
        "color": MUTED,
        "gridcolor": WALL_GRID,
        "linecolor": WALL_GRID,
        "zeroline": False,
        "fixedrange": True,
        "automargin": True,
        "tickfont": {"size": TEXT, "color": MUTED},
        "ticks": "",
    }
    axis.update(extra)
    return axis


def wall_layout(**extra: Any) -> Json:
    """Dark, static, transition-free."""
    layout: Json = {
        "margin": {"l": 8, "r": 16, "t": 12, "b": 8, "pad": 6},
        "showlegend": False,
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "font": {"family": FONT, "size": TEXT, "color": INK},
        "xaxis": wall_axis(type="date", showgrid=False),
        "yaxis": wall_axis(nticks=4, tickformat=",~r"),
        "hovermode": False,
        "transition": {"duration": 0},
    }
    layout.update(extra)
    return layout


def date_axis(x: list[str]) -> Json:
    """Months on a long run; with only a few periods, each period's own date."""
    if len(x) > FEW_PERIODS:
        return wall_axis(type="date", showgrid=False, tickformat="%b", nticks=6)
    labels = [date_display(day, year=False) for day in x]
    return wall_axis(type="date", showgrid=False, tickmode="array", tickvals=x, ticktext=labels)


def _wall_time(_height: int | None, x: list[str], **_: Any) -> Json:
    return wall_layout(xaxis=date_axis(x))


def _wall_flow(_height: int | None, most: float, **_: Any) -> Json:
    return wall_layout(
        margin={"l": 8, "r": 8, "t": 4, "b": 4, "pad": 10},
        bargap=0.25,
        xaxis=wall_axis(visible=False, range=[0, most * 1.25]),
        yaxis=wall_axis(tickfont={"size": BIG_TEXT, "color": INK}, showgrid=False, showline=False),
    )


def _wall_issue_flow(_height: int | None, x: list[str], **_: Any) -> Json:
    return wall_layout(xaxis=date_axis(x), barmode="group", bargap=0.25, bargroupgap=0.05)


def _wall_bars(_height: int | None, most: float, **_: Any) -> Json:
    return wall_layout(
        bargap=0.3,
        xaxis=wall_axis(visible=False, range=[0, most * 1.18]),
        yaxis=wall_axis(tickfont={"size": TEXT, "color": INK}),
    )


WALL = Style(
    colors=WALL_COLORS,
    interactive=False,
    trend_points=TREND_PERIODS,
    issue_points=ISSUE_PERIODS,
    line_width=4,
    point_size=None,
    target_width=2.5,
    target_below=True,
    latest_marker={"size": 16, "line": {"color": "#0b1220", "width": 3}},
    status_colors=WALL_STATUS,
    area_width=4,
    area_fill="rgba(108,182,255,0.18)",
    bar_values={
        "textposition": "outside",
        "cliponaxis": False,
        "constraintext": "none",
        "textfont": {"size": TEXT, "color": INK},
    },
    layouts={
        "trend": _wall_time,
        "flow": _wall_flow,
        "issue-flow": _wall_issue_flow,
        "backlog": _wall_time,
        "bars": _wall_bars,
    },
)

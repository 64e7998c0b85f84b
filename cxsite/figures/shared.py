"""The figure types the site and the wall both show, built once for either ``Style``:
a metric's trend, the customer flow, issues opened and closed, the backlog, and a
horizontal bar chart (issue categories, owners)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..model.flow import FlowStep
from ..model.issue_types import IssuePeriod
from ..model.metric import MetricCore
from .style import Style

Json = dict[str, Any]
# Beyond this many periods, opened/closed bars are summed into blocks (thin weekly
# pairs over two years cannot be read): 4 weeks, or 3 months.
FLOW_PERIODS_MAX = 26
FLOW_BLOCK = {"week": 4, "month": 3}


def _hover(trace: Json, style: Style, template: str, name: str | None = None) -> Json:
    """Hover text and a name for the legend where the figure is read with a mouse."""
    if style.interactive:
        trace["hovertemplate"] = template
        if name is not None:
            trace["name"] = name
    else:
        trace["hoverinfo"] = "skip"
    return trace


def trend_figure(summary: MetricCore, style: Style, height: int | None = None) -> Json:
    """A metric's values over the last periods, with its target as a dashed line."""
    points = summary.series[-style.trend_points :]
    x = [p.period for p in points]
    y = [p.value for p in points]
    color = style.colors["process" if summary.kind == "process" else "survey"]
    line: Json = {
        "type": "scatter",
        "mode": "lines",
        "x": x,
        "y": y,
        "connectgaps": False,
        "line": {"color": color, "width": style.line_width},
    }
    if style.point_size:
        line["mode"] = "lines+markers"
        line["marker"] = {"size": style.point_size, "color": color}
    data = [_hover(line, style, "%{y:.1f}<extra></extra>", summary.name)]
    known = [(px, py) for px, py in zip(x, y, strict=True) if py is not None]
    if style.latest_marker and known:
        status = style.status_colors.get(summary.latest.status, color)
        marker = {"color": status, **style.latest_marker}
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "x": [known[-1][0]],
                "y": [known[-1][1]],
                "hoverinfo": "skip",
                "marker": marker,
            }
        )
    if summary.target is not None and x:
        target: Json = {
            "type": "scatter",
            "mode": "lines",
            "x": [x[0], x[-1]],
            "y": [summary.target, summary.target],
            "hoverinfo": "skip",
            "line": {"color": style.colors["target"], "width": style.target_width, "dash": "dash"},
        }
        if style.interactive:
            target["name"] = "Target"
        if style.target_below:
            data.insert(0, target)
        else:
            data.append(target)
    return {"data": data, "layout": style.layouts["trend"](height, x=x)}


def hbar_figure(
    labels: list[str],
    values: list[Any],
    style: Style,
    color: str,
    hover: str,
    name: str | None = None,
    text: list[str] | None = None,
    height: int | None = None,
    kind: str = "bars",
) -> Json:
    """Horizontal bars, the first item at the top; ``text`` is written on the bars (the
    wall writes every bar's value beside it)."""
    bar: Json = {
        "type": "bar",
        "orientation": "h",
        "y": labels[::-1],
        "x": values[::-1],
        "marker": {"color": color},
    }
    if style.bar_values is not None:
        text = text or [f"{v:,}" for v in values]
        bar.update(style.bar_values)
    elif text is not None:
        bar["textposition"] = "auto"
    if text is not None:
        bar["text"] = text[::-1]
    most = max(values, default=1) or 1
    layout = style.layouts[kind](height, most=most, name=name or "")
    return {"data": [_hover(bar, style, hover, name)], "layout": layout}


def customer_flow_figure(flow: Sequence[FlowStep], style: Style, height: int | None = None) -> Json:
    """Customers at each stage as volumes, in journey order (see ``model/flow.py``)."""
    steps = [s for s in flow if s.value is not None]
    return hbar_figure(
        [s.name for s in steps],
        [s.value for s in steps],
        style,
        style.colors["flow"],
        "%{y}: %{x:,.0f} customers<extra></extra>",
        text=[f"{s.value:,.0f}" for s in steps],
        height=height,
        kind="flow",
    )


@dataclass(frozen=True)
class FlowBlock:
    """Issues opened and closed over one or more periods, named by the first."""

    period: str
    label: str
    periods: int
    opened: int
    closed: int


def flow_blocks(periods: Sequence[IssuePeriod], unit: str) -> tuple[int, list[FlowBlock]]:
    """Periods summed into blocks that end with the latest period (so the last block is
    whole); one period per block when the history is short."""
    block = FLOW_BLOCK.get(unit, 1) if len(periods) > FLOW_PERIODS_MAX else 1
    blocks: list[FlowBlock] = []
    end = len(periods)
    while end > 0:
        part = periods[max(0, end - block) : end]
        first, last = part[0], part[-1]
        blocks.append(
            FlowBlock(
                period=first.period,
                label=first.label if len(part) == 1 else f"{first.label} – {last.label}",
                periods=len(part),
                opened=sum(p.opened for p in part),
                closed=sum(p.closed for p in part),
            )
        )
        end -= block
    return block, blocks[::-1]


def flow_grain(block: int, unit: str) -> str:
    return unit if block == 1 else f"{block} {unit}s"


def issue_flow_figure(
    periods: Sequence[IssuePeriod], unit: str, style: Style, height: int | None = None
) -> Json:
    """Issues opened and closed per period; a long history is summed into blocks."""
    block, blocks = flow_blocks(periods[-style.issue_points :], unit)
    x = [b.period for b in blocks]
    bars = []
    counts = (
        ("opened", "Opened", [b.opened for b in blocks]),
        ("closed", "Closed", [b.closed for b in blocks]),
    )
    for key, name, values in counts:
        bar: Json = {
            "type": "bar",
            "x": x,
            "y": values,
            "name": name,
            "marker": {"color": style.colors[key]},
        }
        if style.interactive:
            bar["customdata"] = [b.label for b in blocks]
        bars.append(_hover(bar, style, f"{name}: %{{y:,}} issues<extra></extra>"))
    layout = style.layouts["issue-flow"](height, x=x, grain=flow_grain(block, unit))
    figure: Json = {"data": bars, "layout": layout}
    if style.interactive:
        figure["htmlLegend"] = True
    return figure


def backlog_figure(
    periods: Sequence[IssuePeriod], unit: str, style: Style, height: int | None = None
) -> Json:
    """Open issues at the end of each period."""
    shown = periods[-style.issue_points :]
    x = [p.period for p in shown]
    area: Json = {
        "type": "scatter",
        "mode": "lines",
        "x": x,
        "y": [p.backlog for p in shown],
        "line": {"color": style.colors["backlog"], "width": style.area_width},
        "fill": "tozeroy",
        "fillcolor": style.area_fill,
    }
    template = f"%{{y:,}} issues open at the end of the {unit}<extra></extra>"
    data = [_hover(area, style, template, "Open issues")]
    return {"data": data, "layout": style.layouts["backlog"](height, x=x, unit=unit)}

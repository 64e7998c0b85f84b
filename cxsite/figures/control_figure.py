"""The control-chart layer of a metric's trend chart: centre line, limits per phase,
phase changes, and signals coloured by what they mean for the customer (an improvement
looks like one), all named in the legend."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..model.control_view import ControlChart

Json = dict[str, Any]

LIMIT = "#8a94a3"
BETTER = "#1b7a3d"
WORSE = "#c0262d"
PHASE = "#5b6573"


def control_traces(control: ControlChart, x: list[str], y: list[Any], first: int) -> list[Json]:
    """Traces for the periods shown (``x``, ``y``; ``first`` is the index of ``x[0]`` in
    the full series)."""
    count = len(x)

    def shown(line: Sequence[Any]) -> list[Any]:
        return list(line[first : first + count])

    traces: list[Json] = [
        {
            "type": "scatter",
            "mode": "lines",
            "x": x,
            "y": shown(control.centre_line),
            "name": "Centre line",
            "line": {"color": LIMIT, "width": 1.2},
            "line_shape": "hv",
            "hoverinfo": "skip",
        },
        {
            "type": "scatter",
            "mode": "lines",
            "x": x,
            "y": shown(control.upper_line),
            "name": "Control limits",
            "legendgroup": "limits",
            "line": {"color": LIMIT, "width": 1, "dash": "dot"},
            "line_shape": "hv",
            "hoverinfo": "skip",
        },
        {
            "type": "scatter",
            "mode": "lines",
            "x": x,
            "y": shown(control.lower_line),
            "name": "Control limits",
            "legendgroup": "limits",
            "showlegend": False,
            "line": {"color": LIMIT, "width": 1, "dash": "dot"},
            "line_shape": "hv",
            "hoverinfo": "skip",
        },
    ]
    known = [v for v in y if v is not None]
    changes = [p for p in control.phases[1:] if p.start >= x[0]] if x else []
    if changes and known:
        low = min([*known, *(v for v in shown(control.lower_line) if v is not None)])
        high = max([*known, *(v for v in shown(control.upper_line) if v is not None)])
        xs: list[Any] = []
        ys: list[Any] = []
        for phase in changes:
            xs += [phase.start, phase.start, None]
            ys += [low, high, None]
        traces.append(
            {
                "type": "scatter",
                "mode": "lines",
                "x": xs,
                "y": ys,
                "name": "New phase: limits recomputed",
                "line": {"color": PHASE, "width": 1.5, "dash": "dash"},
                "hoverinfo": "skip",
            }
        )
    values = dict(zip(x, y, strict=True))
    for better, name, color, symbol in (
        (True, "Signal: improvement", BETTER, "circle"),
        (False, "Signal: warning", WORSE, "diamond"),
    ):
        points = sorted(
            {
                p
                for s in control.signals
                if s.better is better
                for p in s.points
                if p in values and values[p] is not None
            }
        )
        if points:
            traces.append(
                {
                    "type": "scatter",
                    "mode": "markers",
                    "x": points,
                    "y": [values[p] for p in points],
                    "name": name,
                    "marker": {"color": color, "size": 7, "symbol": symbol},
                    "hovertemplate": f"{name.split(': ')[1]}: %{{y:.1f}}<extra></extra>",
                }
            )
    return traces

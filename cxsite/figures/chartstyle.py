"""What every site chart shares: colours, plotly config and the base layout.

Kept apart from the chart builders so the figure modules (metric trends, issues) can
share one look without importing each other.
"""

from __future__ import annotations

from typing import Any

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


def base_layout(height: int, **extra: Any) -> Json:
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

"""A metric card as the stage and touchpoint pages draw it: whether its trend can be
drawn, and what its control chart says now."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .layout import LAYOUT

Json = dict[str, Any]


@dataclass(frozen=True)
class ControlNote:
    control: Json  # the metric's control chart
    phase: Json  # its latest phase
    shifted: bool  # the process moved to a new level: more than one phase
    signals_now: tuple[Json, ...]  # signals that hold in the latest period, the first few


@dataclass(frozen=True)
class MetricCard:
    summary: Json
    # "none": no data in any period; "few": too few responses in every period to draw
    # a point; "chart": a trend to draw
    trend: str
    control: ControlNote | None


def metric_card(summary: Json) -> MetricCard:
    answered = [p for p in summary.get("series", []) if p.get("n")]
    if not answered:
        trend = "none"
    elif all(p.get("value") is None for p in answered):
        trend = "few"
    else:
        trend = "chart"
    control = summary.get("control")
    note = None
    if control:
        now = [s for s in control["signals"] if s.get("current")]
        note = ControlNote(
            control,
            control["phases"][-1],
            len(control["phases"]) > 1,
            tuple(now[: LAYOUT.control_signals]),
        )
    return MetricCard(summary, trend, note)


def cards_of(
    metrics: Iterable[Json], segments: Mapping[str, Mapping[str, Json]]
) -> dict[str, MetricCard]:
    """Chart id → card, for a page's metrics and their segment variants."""
    summaries = [*metrics, *(s for found in segments.values() for s in found.values())]
    return {s["chart_id"]: metric_card(s) for s in summaries}

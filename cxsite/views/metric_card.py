"""A metric card as the stage and touchpoint pages draw it: whether its trend can be
drawn, and what its control chart says now."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..model.control_view import ControlChart, ControlPhase, ControlSignal
from ..model.metric import MetricCore, MetricSummary
from .layout import LAYOUT


@dataclass(frozen=True)
class ControlNote:
    control: ControlChart  # the metric's control chart
    phase: ControlPhase  # its latest phase
    shifted: bool  # the process moved to a new level: more than one phase
    signals_now: tuple[ControlSignal, ...]  # signals that hold in the latest period, the first few


@dataclass(frozen=True)
class MetricCard:
    summary: MetricCore
    # "none": no data in any period; "few": too few responses in every period to draw
    # a point; "chart": a trend to draw
    trend: str
    control: ControlNote | None


def metric_card(summary: MetricCore) -> MetricCard:
    answered = [p for p in summary.series if p.n]
    if not answered:
        trend = "none"
    elif all(p.value is None for p in answered):
        trend = "few"
    else:
        trend = "chart"
    # a stage page's metrics carry no control chart (MetricCore)
    control = summary.control if isinstance(summary, MetricSummary) else None
    note = None
    if control:
        now = [s for s in control.signals if s.current]
        note = ControlNote(
            control,
            control.phases[-1],
            len(control.phases) > 1,
            tuple(now[: LAYOUT.control_signals]),
        )
    return MetricCard(summary, trend, note)


def cards_of(
    metrics: Iterable[MetricCore], segments: Mapping[str, Mapping[str, MetricCore]]
) -> dict[str, MetricCard]:
    """Chart id → card, for a page's metrics and their segment variants."""
    summaries = [*metrics, *(s for found in segments.values() for s in found.values())]
    return {s.chart_id: metric_card(s) for s in summaries}

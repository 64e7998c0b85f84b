"""Control charts of the metrics: XmR for process metrics, p-charts for survey
proportions, in phases (limits recomputed after a sustained shift, see
:mod:`cxsite.stats.phases`), with signals told as improvements or warnings by the
metric's direction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..data.periods import Calendar
from ..inputs.config import SiteConfig
from ..inputs.journey import Metric
from ..stats.control import Signal, describe_signal
from ..stats.phases import PhasedChart, phased_p_chart, phased_xmr
from .measures import format_value
from .measures import rounded as _r
from .serialise import OMIT_NONE
from .series import SeriesPoint

# Points a Western Electric rule looks at: a signal is new when it first qualified in
# the latest period, not when an old run merely continues.
RULE_WINDOWS = {1: 1, 2: 3, 3: 5, 4: 8}
NAMES = {"XmR": "XmR chart", "p-chart": "p-chart"}


def is_new_signal(signal: Signal, latest: int) -> bool:
    if signal.end != latest:
        return False
    return bool(signal.start >= latest - RULE_WINDOWS.get(signal.rule, 1) + 1)


def distinct_signals(signals: list[Signal]) -> list[Signal]:
    """One signal per episode: overlapping signals on the same side say the same thing,
    so keep the longest (ties: the lower rule number)."""
    chosen: list[Signal] = []
    for signal in sorted(signals, key=lambda s: (-(s.end - s.start), s.rule, s.start)):
        overlaps = any(
            c.side == signal.side and signal.start <= c.end and c.start <= signal.end
            for c in chosen
        )
        if not overlaps:
            chosen.append(signal)
    return sorted(chosen, key=lambda s: (s.start, s.rule))


@dataclass(frozen=True, kw_only=True)
class ControlPhase:
    start: str
    end: str
    centre: float | None
    centre_display: str
    # every phase after the first: how the process moved
    text: str | None = field(default=None, metadata=OMIT_NONE)
    better: bool | None = field(default=None, metadata=OMIT_NONE)


@dataclass(frozen=True, kw_only=True)
class ControlSignal:
    rule: int
    text: str
    start: str
    end: str
    side: str
    better: bool
    new: bool
    current: bool
    points: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class ControlChart:
    kind: str  # "XmR" or "p-chart"
    name: str
    centre: float | None
    # an XmR chart's limits are single numbers; a p-chart's vary with each period's n
    upper: float | tuple[float | None, ...] | None
    lower: float | tuple[float | None, ...] | None
    centre_line: tuple[float | None, ...]
    upper_line: tuple[float | None, ...]
    lower_line: tuple[float | None, ...]
    baseline: int | None
    phases: tuple[ControlPhase, ...]
    signals: tuple[ControlSignal, ...]


def _chart(
    metric: Metric, series: Sequence[SeriesPoint], config: SiteConfig
) -> tuple[str, PhasedChart, float]:
    """The metric's phased chart and the factor from chart units to display units."""
    run = config.analytics.rephase_run
    if metric.source == "observations":
        baseline = config.analytics.control_baseline or None
        values = [p.value for p in series]
        return "XmR", phased_xmr(values, baseline, run), 1.0
    shown = [p.stats if p.stats and p.value is not None else None for p in series]
    tops = [int(s.top) if s else 0 for s in shown]
    sizes = [int(s.n) if s else 0 for s in shown]
    return "p-chart", phased_p_chart(tops, sizes, run), 100.0


def _line(chart: PhasedChart, count: int, which: str, scale: float) -> tuple[float | None, ...]:
    line: list[float | None] = [None] * count
    for phase in chart.phases:
        for offset in range(phase.end - phase.start + 1):
            if which == "centre":
                value: float | None = phase.centre
            else:
                value = (phase.upper if which == "upper" else phase.lower)[offset]
            line[phase.start + offset] = None if value is None else _r(value * scale)
    return tuple(line)


def control_chart(
    metric: Metric, series: Sequence[SeriesPoint], calendar: Calendar, config: SiteConfig
) -> ControlChart | None:
    """The metric's control chart; None without enough points or for a score that is
    neither a process value nor a proportion."""
    labels = [s.strftime("%-d %B %Y") for s in calendar.starts]
    unit = "weeks" if config.period.unit == "week" else "months"
    keys = calendar.keys
    values = [p.value for p in series]
    proportion = metric.source == "responses" and metric.aggregate in ("csat", "rate")
    if sum(v is not None for v in values) < 8 or not (
        metric.source == "observations" or proportion
    ):
        return None
    kind, chart, scale = _chart(metric, series, config)
    if not chart.phases:
        return None
    count = len(values)
    current = chart.phases[-1]
    upper = _line(chart, count, "upper", scale)
    lower = _line(chart, count, "lower", scale)
    signals = distinct_signals(chart.signals)
    return ControlChart(
        kind=kind,
        name=NAMES[kind],
        centre=_r(current.centre * scale),
        upper=upper[-1] if kind == "XmR" else upper,
        lower=lower[-1] if kind == "XmR" else lower,
        centre_line=_line(chart, count, "centre", scale),
        upper_line=upper,
        lower_line=lower,
        baseline=config.analytics.control_baseline if kind == "XmR" else None,
        phases=tuple(
            _phase(chart, k, keys, labels, metric, scale) for k in range(len(chart.phases))
        ),
        signals=tuple(
            _signal(s, chart, keys, labels, unit, metric, count) for s in reversed(signals)
        ),
    )


def _phase(
    chart: PhasedChart, index: int, keys: list[str], labels: list[str], metric: Metric, scale: float
) -> ControlPhase:
    phase = chart.phases[index]
    text = better = None
    if index > 0:
        before = chart.phases[index - 1].centre
        better = (phase.centre > before) == metric.higher_is_better
        text = (
            f"The process moved to a new level: limits recomputed from the week of "
            f"{labels[phase.start]}, once it had settled (centre "
            f"{format_value(phase.centre * scale, metric)}, was "
            f"{format_value(before * scale, metric)})"
        )
    return ControlPhase(
        start=keys[phase.start],
        end=keys[phase.end],
        centre=_r(phase.centre * scale),
        centre_display=format_value(phase.centre * scale, metric),
        text=text,
        better=better,
    )


def _signal(
    signal: Signal,
    chart: PhasedChart,
    keys: list[str],
    labels: list[str],
    unit: str,
    metric: Metric,
    count: int,
) -> ControlSignal:
    current = chart.phases[-1]
    return ControlSignal(
        rule=signal.rule,
        text=describe_signal(signal, labels, unit),
        start=keys[signal.start],
        end=keys[signal.end],
        side=signal.side,
        better=(signal.side == "above") == metric.higher_is_better,
        new=is_new_signal(signal, count - 1),
        current=signal.start >= current.start,
        points=tuple(keys[i] for i in signal.points),
    )

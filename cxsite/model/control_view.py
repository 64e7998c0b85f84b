"""Control charts added to the site model: XmR for process metrics, p-charts for survey
proportions, in phases (limits recomputed after a sustained shift, see
:mod:`cxsite.stats.phases`), with signals told as improvements or warnings by the
metric's direction."""

from __future__ import annotations

from typing import Any

from ..data.periods import Calendar
from ..inputs.config import SiteConfig
from ..inputs.journey import Journey, Metric
from ..stats.control import Signal, describe_signal
from ..stats.phases import PhasedChart, phased_p_chart, phased_xmr
from .measures import format_value
from .measures import rounded as _r

Json = dict[str, Any]
# Points a Western Electric rule looks at: a signal is new when it first qualified in
# the latest period, not when an old run merely continues.
RULE_WINDOWS = {1: 1, 2: 3, 3: 5, 4: 8}
NAMES = {"XmR": "XmR chart", "p-chart": "p-chart"}


def is_new_signal(signal: Any, latest: int) -> bool:
    if signal.end != latest:
        return False
    return bool(signal.start >= latest - RULE_WINDOWS.get(signal.rule, 1) + 1)


def distinct_signals(signals: list[Any]) -> list[Any]:
    """One signal per episode: overlapping signals on the same side say the same thing,
    so keep the longest (ties: the lower rule number)."""
    chosen: list[Any] = []
    for signal in sorted(signals, key=lambda s: (-(s.end - s.start), s.rule, s.start)):
        overlaps = any(
            c.side == signal.side and signal.start <= c.end and c.start <= signal.end
            for c in chosen
        )
        if not overlaps:
            chosen.append(signal)
    return sorted(chosen, key=lambda s: (s.start, s.rule))


def _chart(metric: Metric, summary: Json, config: SiteConfig) -> tuple[str, PhasedChart, float]:
    """The metric's phased chart and the factor from chart units to display units."""
    run = config.analytics.rephase_run
    if metric.source == "observations":
        baseline = config.analytics.control_baseline or None
        values = [p["value"] for p in summary["series"]]
        return "XmR", phased_xmr(values, baseline, run), 1.0
    shown = [
        p.get("stats") if p.get("stats") and p["value"] is not None else None
        for p in summary["series"]
    ]
    tops = [int(s["top"]) if s else 0 for s in shown]
    sizes = [int(s["n"]) if s else 0 for s in shown]
    return "p-chart", phased_p_chart(tops, sizes, run), 100.0


def _line(chart: PhasedChart, count: int, which: str, scale: float) -> list[float | None]:
    line: list[float | None] = [None] * count
    for phase in chart.phases:
        for offset in range(phase.end - phase.start + 1):
            if which == "centre":
                value: float | None = phase.centre
            else:
                value = (phase.upper if which == "upper" else phase.lower)[offset]
            line[phase.start + offset] = None if value is None else _r(value * scale)
    return line


def add_control_charts(
    summaries: dict[str, Json], journey: Journey, calendar: Calendar | None, config: SiteConfig
) -> None:
    """A ``control`` entry on every metric with enough points (None otherwise)."""
    if calendar is None:
        return
    labels = [s.strftime("%-d %B %Y") for s in calendar.starts]
    unit = "weeks" if config.period.unit == "week" else "months"
    keys = calendar.keys
    for metric in journey.metrics:
        summary = summaries[metric.id]
        values = [p["value"] for p in summary["series"]]
        proportion = metric.source == "responses" and metric.aggregate in ("csat", "rate")
        if sum(v is not None for v in values) < 8 or not (
            metric.source == "observations" or proportion
        ):
            summary["control"] = None
            continue
        kind, chart, scale = _chart(metric, summary, config)
        if not chart.phases:
            summary["control"] = None
            continue
        count = len(values)
        current = chart.phases[-1]
        centre = _line(chart, count, "centre", scale)
        upper = _line(chart, count, "upper", scale)
        lower = _line(chart, count, "lower", scale)
        signals = distinct_signals(chart.signals)
        summary["control"] = {
            "kind": kind,
            "name": NAMES[kind],
            "centre": _r(current.centre * scale),
            "upper": upper[-1] if kind == "XmR" else upper,
            "lower": lower[-1] if kind == "XmR" else lower,
            "centre_line": centre,
            "upper_line": upper,
            "lower_line": lower,
            "baseline": config.analytics.control_baseline if kind == "XmR" else None,
            "phases": [
                _phase(chart, k, keys, labels, metric, scale) for k in range(len(chart.phases))
            ],
            "signals": [_signal(s, chart, keys, labels, unit, metric, count) for s in signals][
                ::-1
            ],
        }


def _phase(
    chart: PhasedChart, index: int, keys: list[str], labels: list[str], metric: Metric, scale: float
) -> Json:
    phase = chart.phases[index]
    found: Json = {
        "start": keys[phase.start],
        "end": keys[phase.end],
        "centre": _r(phase.centre * scale),
        "centre_display": format_value(phase.centre * scale, metric),
    }
    if index > 0:
        before = chart.phases[index - 1].centre
        better = (phase.centre > before) == metric.higher_is_better
        found["text"] = (
            f"The process moved to a new level: limits recomputed from the week of "
            f"{labels[phase.start]}, once it had settled (centre "
            f"{format_value(phase.centre * scale, metric)}, was "
            f"{format_value(before * scale, metric)})"
        )
        found["better"] = better
    return found


def _signal(
    signal: Signal,
    chart: PhasedChart,
    keys: list[str],
    labels: list[str],
    unit: str,
    metric: Metric,
    count: int,
) -> Json:
    current = chart.phases[-1]
    return {
        "rule": signal.rule,
        "text": describe_signal(signal, labels, unit),
        "start": keys[signal.start],
        "end": keys[signal.end],
        "side": signal.side,
        "better": (signal.side == "above") == metric.higher_is_better,
        "new": is_new_signal(signal, count - 1),
        "current": signal.start >= current.start,
        "points": [keys[i] for i in signal.points],
    }

"""Control charts in phases: after a sustained shift the limits are recomputed.

Limits fixed on a baseline describe the process as it was. Once the process has
moved for good — a run of ``run`` or more points on one side of the centre line — the
old limits flag every new point, so the run starts a new phase whose centre and
limits come from its own points (Wheeler, "Understanding Variation", ch. 8; NHS
Improvement, "Making data count", 2019: recalculate after a sustained shift).

Phases are found by repetition: compute each phase's limits from its own points, look
for the earliest run of ``run`` points on one side of its centre that starts at least
``MIN_PHASE`` points into the phase, split there, and compute again until no phase has
such a run. A new phase then starts where the process has settled: its first points
still beyond its limits on the old side were the change under way and stay with the
phase before. Signals are judged in each phase against that phase's limits.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from cxsite.stats._common import Serialisable, is_missing
from cxsite.stats.control import D2, E2, Signal, western_electric_signals

__all__ = ["Phase", "PhasedChart", "phased_p_chart", "phased_xmr"]

MIN_PHASE = 8
MAX_PHASES = 12


@dataclass(frozen=True)
class Phase(Serialisable):
    """One phase: points ``start``..``end`` (inclusive), its centre and limits (per
    point for a p chart, one value repeated for XmR)."""

    start: int
    end: int
    centre: float
    upper: list[float | None] = field(default_factory=list)
    lower: list[float | None] = field(default_factory=list)


@dataclass(frozen=True)
class PhasedChart(Serialisable):
    phases: list[Phase]
    signals: list[Signal]


def _runs(values: Sequence[float | None], centre: float, start: int, end: int) -> list[int]:
    """Start indices of every maximal run of points strictly on one side of ``centre``
    (missing points skipped), with the run's length appended in pairs: [s0, n0, ...]."""
    found: list[int] = []
    side, first, length = 0, -1, 0
    for index in range(start, end + 1):
        value = values[index]
        if is_missing(value):
            continue
        assert value is not None
        now = 1 if value > centre else (-1 if value < centre else 0)
        if now != 0 and now == side:
            length += 1
            continue
        if side != 0:
            found += [first, length]
        side, first, length = now, index, 1
    if side != 0:
        found += [first, length]
    return found


def _split(
    values: Sequence[float | None], bounds: list[int], centres: list[float], run: int
) -> int | None:
    """The earliest index where a run of ``run`` points on one side starts a phase."""
    for phase, (start, centre) in enumerate(zip(bounds, centres, strict=True)):
        end = (bounds[phase + 1] if phase + 1 < len(bounds) else len(values)) - 1
        runs = _runs(values, centre, start, end)
        for first, length in zip(runs[::2], runs[1::2], strict=True):
            if length >= run and first - start >= MIN_PHASE:
                return first
    return None


def _fit_all(
    values: Sequence[float | None], bounds: list[int], fit: Callable[[int, int], Phase | None]
) -> list[Phase | None]:
    return [
        fit(bounds[k], (bounds[k + 1] if k + 1 < len(bounds) else len(values)) - 1)
        for k in range(len(bounds))
    ]


def _settled(values: Sequence[float | None], bounds: list[int], phases: list[Phase]) -> list[int]:
    """Each new phase starts where the process has reached its new level: leading points
    still beyond the new limits on the old phase's side were the change in progress, and
    go with the phase before (where they are signals of the change)."""
    moved = list(bounds)
    for k in range(1, len(bounds)):
        before, now = phases[k - 1], phases[k]
        start = moved[k]
        while start < now.end - MIN_PHASE:
            value = values[start]
            offset = start - now.start
            if is_missing(value):
                break
            assert value is not None
            upper, lower = now.upper[offset], now.lower[offset]
            rising = before.centre > now.centre
            beyond = (
                upper is not None and value > upper
                if rising
                else (lower is not None and value < lower)
            )
            if not beyond:
                break
            start += 1
        moved[k] = start
    return moved


def _phases(
    values: Sequence[float | None], run: int, fit: Callable[[int, int], Phase | None]
) -> list[Phase]:
    bounds = [0]
    while True:
        phases = _fit_all(values, bounds, fit)
        if run <= 0 or len(bounds) >= MAX_PHASES or any(p is None for p in phases):
            break
        at = _split(values, bounds, [p.centre for p in phases if p is not None], run)
        if at is None:
            break
        bounds = sorted({*bounds, at})
    known = [p for p in phases if p is not None]
    if len(known) == len(bounds) > 1:
        settled = _settled(values, bounds, known)
        if settled != bounds:
            again = _fit_all(values, settled, fit)
            if all(p is not None for p in again):
                known = [p for p in again if p is not None]
    return known


def phased_xmr(values: Sequence[float | None], baseline: int | None, run: int) -> PhasedChart:
    """XmR phases (limits from the first ``baseline`` points of each phase, all when
    None; the formulas of :func:`cxsite.stats.control.xmr_chart`) and every phase's
    Western Electric signals against its own limits."""
    sigmas: dict[int, float] = {}

    def fit(start: int, end: int) -> Phase | None:
        # limits only: the run rules are applied once, to the final phases
        known = [float(v) for v in values[start : end + 1] if not is_missing(v)]  # type: ignore[arg-type]
        ref = known[: baseline or len(known)]
        if len(ref) < 2:
            return None
        centre = math.fsum(ref) / len(ref)
        mr_bar = math.fsum(abs(b - a) for a, b in itertools.pairwise(ref)) / (len(ref) - 1)
        sigmas[start] = mr_bar / D2
        width = end - start + 1
        upper, lower = centre + E2 * mr_bar, centre - E2 * mr_bar
        return Phase(start, end, centre, [upper] * width, [lower] * width)

    phases = _phases(values, run, fit)
    signals: list[Signal] = []
    for phase in phases:
        part = [v if phase.start <= i <= phase.end else None for i, v in enumerate(values)]
        signals += western_electric_signals(part, phase.centre, sigmas[phase.start])
    return PhasedChart(phases, sorted(signals, key=lambda s: (s.start, s.rule, s.side)))


def phased_p_chart(successes: Sequence[int], sizes: Sequence[int], run: int) -> PhasedChart:
    """p-chart phases (p-bar and per-point limits from each phase's own points, as
    proportions 0..1; the formulas of :func:`cxsite.stats.control.p_chart`) and every
    phase's signals against its own limits."""
    props: list[float | None] = [
        k / n if n else None for k, n in zip(successes, sizes, strict=True)
    ]

    def fit(start: int, end: int) -> Phase | None:
        total = sum(sizes[start : end + 1])
        if total == 0:
            return None
        pbar = sum(successes[start : end + 1]) / total
        upper: list[float | None] = []
        lower: list[float | None] = []
        for n in sizes[start : end + 1]:
            sigma = math.sqrt(pbar * (1 - pbar) / n) if n else None
            upper.append(None if sigma is None else min(1.0, pbar + 3 * sigma))
            lower.append(None if sigma is None else max(0.0, pbar - 3 * sigma))
        return Phase(start, end, pbar, upper, lower)

    phases = _phases(props, run, fit)
    signals: list[Signal] = []
    for phase in phases:
        part = [v if phase.start <= i <= phase.end else None for i, v in enumerate(props)]
        sigma = [math.sqrt(phase.centre * (1 - phase.centre) / n) if n else 0.0 for n in sizes]
        signals += western_electric_signals(part, phase.centre, sigma)
    return PhasedChart(phases, sorted(signals, key=lambda s: (s.start, s.rule, s.side)))

"""Which process moves which score: each mapped survey metric against its process metric,
in words a meeting can act on (the method is in :mod:`cxsite.stats.lagcorr`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from ..data.periods import Calendar
from ..inputs.config import SiteConfig
from ..inputs.journey import Journey, Metric
from ..stats.lagcorr import LagResult, lagged_correlation
from ..stats.steps import Step
from .measures import format_value
from .measures import rounded as _r
from .series import SeriesPoint


@dataclass(frozen=True, kw_only=True)
class LagPoint:
    lag: int
    r: float | None
    n: int


@dataclass(frozen=True, kw_only=True)
class LagStep:
    process_start: str | None
    survey_start: str | None


@dataclass(frozen=True, kw_only=True)
class LagLink:
    """Whether a survey metric follows the process metric it maps to, and how."""

    process: str
    verdict: str
    tracks: bool
    best_lag: int | None
    best_r: float | None
    p_value: float | None
    permutations: int
    n: int | None
    within: int | None
    expected_sign: int
    text: str
    step: LagStep | None
    lags: tuple[LagPoint, ...]


def lag_links(
    series: Mapping[str, Sequence[SeriesPoint]],
    journey: Journey,
    calendar: Calendar | None,
    config: SiteConfig,
) -> dict[str, LagLink]:
    """The lag link of every survey metric that maps to a process metric, by metric id."""
    links = {}
    for metric in journey.metrics:
        if metric.kind != "survey" or not metric.maps_to or metric.maps_to not in series:
            continue
        process = journey.metric_by_id[metric.maps_to]
        survey_values = [p.value for p in series[metric.id]]
        process_values = [p.value for p in series[process.id]]
        expected = 1 if process.direction == metric.direction else -1
        result = lagged_correlation(
            process_values, survey_values, config.analytics.max_lag, expected_sign=expected
        )
        starts = calendar.starts if calendar else ()
        links[metric.id] = LagLink(
            process=process.id,
            verdict=result.verdict,
            tracks=result.verdict != "none",
            best_lag=result.best_lag,
            best_r=_r(result.best_r),
            p_value=result.p_value,
            permutations=result.permutations,
            n=result.best_n,
            within=result.within,
            expected_sign=expected,
            text=link_text(result, metric, process, starts, config.period.unit),
            step=_step(result, starts),
            lags=tuple(LagPoint(lag=p.lag, r=_r(p.r), n=p.n) for p in result.lags),
        )
    return links


def _day(starts: tuple[pd.Timestamp, ...], index: int) -> str:
    return starts[index].strftime("%-d %B %Y") if 0 <= index < len(starts) else f"period {index}"


def _step(result: LagResult, starts: tuple[pd.Timestamp, ...]) -> LagStep | None:
    if result.process_step is None or result.survey_step is None:
        return None
    return LagStep(
        process_start=starts[result.process_step.start].strftime("%Y-%m-%d") if starts else None,
        survey_start=starts[result.survey_step.start].strftime("%Y-%m-%d") if starts else None,
    )


def _periods(count: int, unit: str) -> str:
    return f"{count} {unit}" if count == 1 else f"{count} {unit}s"


def link_text(
    result: LagResult,
    survey: Metric,
    process: Metric,
    starts: tuple[pd.Timestamp, ...],
    unit: str,
) -> str:
    """One sentence: the verdict, with the numbers behind it."""
    if result.verdict == "step":
        first, second = result.process_step, result.survey_step
        assert first is not None and second is not None

        def moved(step: Step, metric: Metric) -> str:
            way = "rose" if step.after > step.before else "fell"
            return (
                f"{metric.name} {way} from {format_value(step.before, metric)} "
                f"to {format_value(step.after, metric)}"
            )

        later = ""
        if second.start > first.start:
            later = f", reaching its new level by the {unit} of {_day(starts, second.start)}"
        return (
            f"Both shifted in the {unit} of {_day(starts, first.start)}: "
            f"{moved(first, process)} and {moved(second, survey)}{later}. One shared step is "
            f"an event, not a {unit}-by-{unit} link: it cannot show which moves which, "
            f"or how many {unit}s later."
        )
    evidence = ""
    if result.best_r is not None and result.p_value is not None:
        evidence = (
            f" (their changes correlate at r = {result.best_r:+.2f}, n = {result.best_n}, "
            f"p = {result.p_value:.3f} by block permutation)"
        )
    if result.verdict == "lag":
        lag = result.best_lag or 0
        when = f"in the same {unit}" if lag == 0 else f"{_periods(lag, unit)} later"
        return f"{survey.name} follows {process.name} {when}{evidence}."
    if result.verdict == "together":
        return (
            f"{survey.name} moves together with {process.name} within "
            f"{_periods(result.within or 0, unit)}{evidence}; no single lag stands out."
        )
    return f"This survey score does not follow {process.name} — check the mapping: {result.reason}."

"""What drives the outcome: Johnson's relative weights of the questions respondents
answered together with the outcome score, with bootstrap intervals, and the
importance-performance grid that says what to fix first.

``key_drivers`` reads the response rows to build the respondent × question matrix;
the data phase takes that over (the matrix's means and cross-products in the engine).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..inputs.config import SiteConfig
from ..inputs.journey import Journey
from ..stats import importance_performance, relative_weights, rescale_to_100
from ..stats.driver_bootstrap import bootstrap_weights
from .measures import rounded as _r
from .serialise import OMIT_NONE, present_with

DRIVER_WINDOW_DAYS = 365
DRIVER_COVERAGE = 0.8
DRIVER_RESAMPLES = 500  # bootstrap resamples: stable percentile intervals, a second or less
BOOTSTRAP_METHOD = (
    "bootstrap over respondents, percentile intervals; significant when "
    "the weight beats a random variable's (Tonidandel, LeBreton & Johnson 2009)"
)
WEIGHTS_METHOD = "Johnson's relative weights (raw weights sum to R²), shown as % of R²"


@dataclass(frozen=True)
class DriverItem:
    """One question's share of the outcome's explained variance, and how it performs."""

    id: str  # the question's metric id
    name: str
    touchpoint: str | None
    raw_weight: float | None  # the raw weights sum to R²
    importance: float | None  # % of R²
    performance: float | None  # the mean score rescaled to 0-100
    quadrant: str
    priority: float | None
    rank: int | None  # the place in the "fix first" quadrant by priority; None outside it
    mean: float | None
    importance_low: float | None  # the bootstrap interval of importance
    importance_high: float | None
    significant: bool  # the weight beats a random variable's


@dataclass(frozen=True)
class BootstrapInfo:
    resamples: int
    confidence: float
    seed: int
    method: str


# Only the available analysis has a bootstrap: the fields written with it exist in the
# data file only then, as the unavailable shapes never had them.
WITH_ANALYSIS = present_with("bootstrap")


@dataclass(frozen=True, kw_only=True)
class DriverAnalysis:
    """What drives the outcome, or why that cannot be said (``available`` false and a
    ``reason``; the respondents and complete answers are given once they are known).

    The fields are in the order of the available analysis' keys; ``data/drivers.json``
    is written with sorted keys, so the unavailable shapes' files are unchanged too.
    """

    outcome: str | None
    outcome_name: str | None
    window_days: int | None = field(default=None, metadata=OMIT_NONE)
    respondents: int | None = field(default=None, metadata=OMIT_NONE)
    available: bool
    reason: str
    complete: int | None = field(default=None, metadata=OMIT_NONE)
    needed: int | None = field(default=None, metadata=OMIT_NONE)  # complete answers needed
    r_squared: float | None = field(default=None, metadata=WITH_ANALYSIS)
    drivers: tuple[DriverItem, ...] = ()  # by importance, highest first
    fix_first: tuple[DriverItem, ...] = ()  # by priority; only significant drivers
    not_significant: tuple[str, ...] = field(default=(), metadata=WITH_ANALYSIS)
    bootstrap: BootstrapInfo | None = field(default=None, metadata=OMIT_NONE)
    importance_cut: float | None = field(default=None, metadata=WITH_ANALYSIS)
    performance_cut: float | None = field(default=None, metadata=WITH_ANALYSIS)
    method: str = field(default="", metadata=WITH_ANALYSIS)


def key_drivers(
    responses: pd.DataFrame, journey: Journey, config: SiteConfig, as_of: pd.Timestamp | None
) -> DriverAnalysis:
    """Johnson's relative weights of the questions respondents answered with the outcome."""
    outcome_id = config.analytics.driver_outcome or next(
        (m.id for m in journey.metrics if m.kind == "outcome" and m.aggregate == "nps"), None
    )
    outcome_metric = journey.metric_by_id.get(outcome_id or "")

    def unavailable(reason: str) -> DriverAnalysis:
        return DriverAnalysis(
            outcome=outcome_id,
            outcome_name=outcome_metric.name if outcome_metric else None,
            available=False,
            reason=reason,
        )

    if outcome_id is None or outcome_metric is None:
        return unavailable("No outcome metric to explain (set analytics.driver_outcome).")
    if len(responses) == 0 or responses["respondent"].isna().all():
        return unavailable(
            "Survey responses carry no respondent id, so answers "
            "cannot be linked to one person's outcome score."
        )
    frame = responses[responses["respondent"].notna()]
    if as_of is not None:
        frame = frame[frame["date"] > as_of - pd.Timedelta(days=DRIVER_WINDOW_DAYS)]
    # Only people who gave the outcome score can explain it: pivot just their answers
    # (a dense respondents x questions table of everyone would grow with both).
    with_outcome = frame.loc[frame["metric"] == outcome_id, "respondent"].unique()
    if len(with_outcome) == 0:
        return unavailable(f"No respondent answered '{outcome_id}' in the last year.")
    frame = frame[frame["respondent"].isin(with_outcome)]
    answered = frame.pivot_table(
        index="respondent", columns="metric", values="score", aggfunc="mean"
    )
    coverage = answered.notna().mean()
    # Drivers are what the company does (touchpoint questions), not other outcome scores.
    candidates = [
        c
        for c in answered.columns
        if c in journey.metric_by_id and journey.metric_by_id[c].kind != "outcome"
    ]
    names = sorted(c for c in candidates if coverage[c] >= DRIVER_COVERAGE)
    outcome = outcome_metric

    def not_enough(reason: str, **counts: int) -> DriverAnalysis:
        """Unavailable, with how many respondents were looked at (and, for too few
        complete answers, how many there were and how many are needed)."""
        return DriverAnalysis(
            outcome=outcome_id,
            outcome_name=outcome.name,
            window_days=DRIVER_WINDOW_DAYS,
            respondents=len(answered),
            available=False,
            reason=reason,
            complete=counts.get("complete"),
            needed=counts.get("needed"),
        )

    if len(names) < 2:
        return not_enough(
            "Fewer than two questions were answered together with "
            f"'{outcome.name}' by most respondents."
        )
    complete = answered[[*names, outcome_id]].dropna()
    result = relative_weights(complete[names].to_numpy(), complete[outcome_id].to_numpy(), names)
    if result.suppressed:
        return not_enough(
            result.reason or "Too few complete responses.",
            complete=result.n,
            needed=result.min_complete,
        )
    performance = []
    for name in names:
        metric = journey.metric_by_id[name]
        low, high = metric.scale or (0.0, 10.0)
        performance.append(rescale_to_100(float(complete[name].mean()), low, high))
    grid = importance_performance(names, result.percent, performance)
    sure = bootstrap_weights(
        complete[names].to_numpy(),
        complete[outcome_id].to_numpy(),
        names,
        resamples=DRIVER_RESAMPLES,
        confidence=config.analytics.confidence,
    )
    items = []
    for index, (item, raw) in enumerate(zip(grid.items, result.raw_weights, strict=True)):
        metric = journey.metric_by_id[item.name]
        items.append(
            DriverItem(
                id=item.name,
                name=metric.name,
                touchpoint=metric.touchpoint,
                raw_weight=_r(raw),
                importance=_r(item.importance),
                performance=_r(item.performance),
                quadrant=item.quadrant,
                priority=_r(item.priority),
                rank=item.rank,
                mean=_r(float(complete[item.name].mean())),
                importance_low=_r(sure.percent_low[index]),
                importance_high=_r(sure.percent_high[index]),
                significant=bool(sure.significant[index]),
            )
        )
    items.sort(key=lambda i: -(i.importance or 0.0))
    by_id = {i.id: i for i in items}
    return DriverAnalysis(
        outcome=outcome_id,
        outcome_name=outcome.name,
        window_days=DRIVER_WINDOW_DAYS,
        respondents=len(answered),
        available=True,
        reason="",
        complete=result.n,
        r_squared=_r(result.r_squared),
        drivers=tuple(items),
        # a driver whose weight does not beat a random variable's is not a priority
        fix_first=tuple(by_id[name] for name in grid.fix_first if by_id[name].significant),
        not_significant=tuple(i.id for i in items if not i.significant),
        bootstrap=BootstrapInfo(
            resamples=sure.resamples,
            confidence=sure.confidence,
            seed=sure.seed,
            method=BOOTSTRAP_METHOD,
        ),
        importance_cut=_r(grid.importance_cut),
        performance_cut=_r(grid.performance_cut),
        method=WEIGHTS_METHOD,
    )

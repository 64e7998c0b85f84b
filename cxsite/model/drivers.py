"""What drives the outcome: Johnson's relative weights of the questions respondents
answered together with the outcome score, with bootstrap intervals, and the
importance-performance grid that says what to fix first.

``key_drivers`` works on the engine's response table: the queries of
:mod:`cxsite.data.driver_queries` reduce the respondents' answers to counts, sums and
sums of products (the full sample's and each bootstrap resample's), and the statistics
are computed from those here; no response row is fetched.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..data import driver_queries as queries
from ..data.sources import Dataset
from ..inputs.config import SiteConfig
from ..inputs.journey import Journey
from ..stats import importance_performance, rescale_to_100
from ..stats.driver_bootstrap import intervals_of_resamples
from ..stats.drivers import DriverResult, correlations_of_sums, relative_weights_of_sums
from .measures import rounded as _r
from .serialise import OMIT_NONE, present_with

DRIVER_WINDOW_DAYS = 365
DRIVER_COVERAGE = 0.8
DRIVER_RESAMPLES = 500  # bootstrap resamples: stable percentile intervals, a second or less
# Beyond CAP complete respondents only a fixed pseudo-random part of about CAP of them is
# bootstrapped, and each resample's departure from that part's weights is shrunk by
# sqrt(part / n) (see cxsite.stats.driver_bootstrap): the resamples' cost (respondents x
# resamples weights made in the engine) then stops growing with the respondents.
CAP = 5000
BOOTSTRAP_SEED = 0
BOOTSTRAP_METHOD = (
    "Poisson bootstrap over respondents (Hanley & MacGibbon 2006), percentile intervals; "
    "significant when the weight beats a random variable's "
    "(Tonidandel, LeBreton & Johnson 2009)"
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
    data: Dataset, journey: Journey, config: SiteConfig, as_of: pd.Timestamp | None
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
    no_ids = unavailable(
        "Survey responses carry no respondent id, so answers "
        "cannot be linked to one person's outcome score."
    )
    if data.rows("responses") == 0:
        return no_ids
    responses = data.table("responses")
    since = None if as_of is None else as_of - pd.Timedelta(days=DRIVER_WINDOW_DAYS)
    # Only people who gave the outcome score can explain it: the coverage counts just
    # their answers.
    found = queries.coverage(responses, outcome_id, since)
    if not found.has_ids:
        return no_ids
    if found.with_outcome == 0:
        return unavailable(f"No respondent answered '{outcome_id}' in the last year.")
    # Drivers are what the company does (touchpoint questions), not other outcome scores.
    names = sorted(
        metric
        for metric, count in found.answered.items()
        if metric in journey.metric_by_id
        and journey.metric_by_id[metric].kind != "outcome"
        and count / found.respondents >= DRIVER_COVERAGE
    )
    outcome = outcome_metric

    def not_enough(reason: str, **counts: int) -> DriverAnalysis:
        """Unavailable, with how many respondents were looked at (and, for too few
        complete answers, how many there were and how many are needed)."""
        return DriverAnalysis(
            outcome=outcome_id,
            outcome_name=outcome.name,
            window_days=DRIVER_WINDOW_DAYS,
            respondents=found.respondents,
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
    complete = queries.complete_cases(responses, outcome_id, names, since)
    # The complete cases are read twice (sums, then resamples), each time by the engine
    # from the responses: Ibis 11's cache() fails on DuckDB 1.4 (a column count mismatch
    # on insert), and both versions are supported.
    prepared = queries.with_noise(complete, BOOTSTRAP_SEED)
    sample = queries.complete_sums(prepared, len(names))
    result = _weights(sample, names)
    if result.suppressed:
        return not_enough(
            result.reason or "Too few complete responses.",
            complete=result.n,
            needed=result.min_complete,
        )
    n = result.n
    part, resampled = queries.resampled_sums(
        prepared, len(names), DRIVER_RESAMPLES, BOOTSTRAP_SEED, share=min(1.0, CAP / n)
    )
    means = [float(total) / n for total in sample.sums.sums[: len(names)]]
    performance = []
    for name, mean in zip(names, means, strict=True):
        low, high = journey.metric_by_id[name].scale or (0.0, 10.0)
        performance.append(rescale_to_100(mean, low, high))
    grid = importance_performance(names, result.percent, performance)
    full = sample.sums
    sure = intervals_of_resamples(
        correlations_of_sums(full.n, full.sums, full.products),
        correlations_of_sums(resampled.n, resampled.sums, resampled.products),
        names,
        centre=correlations_of_sums(part.n, part.sums, part.products),
        shrink=math.sqrt(float(part.n) / n),
        confidence=config.analytics.confidence,
        seed=BOOTSTRAP_SEED,
    )
    mean_of = dict(zip(names, means, strict=True))
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
                mean=_r(mean_of[item.name]),
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
        respondents=found.respondents,
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


def _weights(sample: queries.CompleteSums, names: list[str]) -> DriverResult:
    """Johnson's weights of the questions from the complete cases' sums, leaving out
    the random variable (the column before the outcome)."""
    p = len(names)
    keep = [*range(p), p + 1]
    sums = sample.sums
    return relative_weights_of_sums(
        int(sums.n),
        sums.sums[keep],
        sums.products[np.ix_(keep, keep)],
        [sample.constant[k] for k in keep],
        names,
    )

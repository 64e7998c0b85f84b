"""Analytics that tell the room what to fix, added to the site model.

Real change vs noise (intervals, period-over-period tests with false-discovery-rate
control, control charts), which process moves which score (lagged correlation), what
drives the outcome (relative weights), issue speed and burn-down, and what changed this
period. Every number lands in the model, so pages, the wall and the data files agree.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..inputs.config import SiteConfig
from ..inputs.journey import Journey, Metric
from ..stats import (
    benjamini_hochberg,
    bh_adjust,
    burndown_projection,
    importance_performance,
    nps_change_test,
    nps_interval,
    relative_weights,
    rescale_to_100,
    two_proportion_test,
    welch_test_summary,
    wilson_interval,
)
from ..stats._common import t_quantile
from ..stats.driver_bootstrap import bootstrap_weights
from .measures import rounded as _r
from .metric import ChangeTest, Interval, Snapshot
from .series import CellStats

Json = dict[str, Any]
AGE_BUCKETS = (
    (0, 7, "0–7 days"),
    (8, 14, "8–14 days"),
    (15, 30, "15–30 days"),
    (31, 60, "31–60 days"),
    (61, 90, "61–90 days"),
    (91, None, "over 90 days"),
)
DRIVER_WINDOW_DAYS = 365
DRIVER_COVERAGE = 0.8
DRIVER_RESAMPLES = 500  # bootstrap resamples: stable percentile intervals, a second or less


# ---------------------------------------------------------------- real change vs noise


def survey_interval(
    metric: Metric, value: float | None, stats: CellStats | None, confidence: float
) -> Interval | None:
    """The margin of error of a survey value from its answers' counts."""
    if stats is None or value is None or stats.n < 2:
        return None
    n = int(stats.n)
    if metric.aggregate == "nps":
        p, d = int(stats.promoters), int(stats.detractors)
        found = nps_interval(p, n - p - d, d, confidence)
        method = "NPS, respondents coded +1/0/−1, normal approximation"
        low, high, margin = found.low, found.high, found.margin
    elif metric.aggregate in ("csat", "rate"):
        found = wilson_interval(int(stats.top), n, confidence)
        method = "Wilson score interval"
        low, high, margin = found.low, found.high, found.margin
    else:
        mean = stats.sum / n
        variance = max(0.0, (stats.sum_sq - n * mean * mean) / (n - 1))
        margin = t_quantile(confidence, n - 1) * math.sqrt(variance / n)
        low, high = mean - margin, mean + margin
        method = "t interval on the mean"
    if margin is None:
        return None
    return Interval(
        low=_r(low), high=_r(high), margin=_r(margin), method=method, confidence=confidence
    )


@dataclass(frozen=True)
class RawTest:
    """A change test before the correction across all tested metrics."""

    p_value: float
    statistic: float | None
    method: str


def change_test(metric: Metric, previous: Snapshot, latest: Snapshot) -> RawTest | None:
    """Is the change between two windows bigger than sampling noise?"""
    before, after = previous.stats, latest.stats
    if before is None or after is None or previous.value is None or latest.value is None:
        return None
    n1, n2 = int(before.n), int(after.n)
    if metric.aggregate == "nps":
        test = nps_change_test(
            (
                int(before.promoters),
                n1 - int(before.promoters) - int(before.detractors),
                int(before.detractors),
            ),
            (
                int(after.promoters),
                n2 - int(after.promoters) - int(after.detractors),
                int(after.detractors),
            ),
        )
        method = "difference over the combined standard error"
    elif metric.aggregate in ("csat", "rate"):
        test = two_proportion_test(int(before.top), n1, int(after.top), n2)
        method = "two-proportion z test"
    else:
        if n1 < 2 or n2 < 2:
            return None
        m1, m2 = before.sum / n1, after.sum / n2
        sd1 = math.sqrt(max(0.0, (before.sum_sq - n1 * m1 * m1) / (n1 - 1)))
        sd2 = math.sqrt(max(0.0, (after.sum_sq - n2 * m2 * m2) / (n2 - 1)))
        test = welch_test_summary(m1, sd1, n1, m2, sd2, n2)
        method = "Welch t test"
    p_value = _sig(test.p_value)
    if p_value is None:
        return None
    return RawTest(p_value=p_value, statistic=_r(test.statistic), method=method)


@dataclass(frozen=True, kw_only=True)
class TestsNote:
    """How the survey changes were tested, for the pages' footnote."""

    confidence: float
    tested: int
    significant: int
    fdr: bool
    note: str


@dataclass(frozen=True)
class Headline:
    """What a metric's change test needs of its summary."""

    latest: Snapshot
    previous: Snapshot
    change: float | None
    change_better: bool | None


def survey_tests(
    headlines: Mapping[str, Headline], journey: Journey, config: SiteConfig
) -> tuple[dict[str, ChangeTest | None], TestsNote]:
    """The change test of every survey metric, with one false-discovery-rate correction
    across them: metric id → test (None when too few answers to test)."""
    confidence = config.analytics.confidence
    alpha = 1 - confidence
    raw: dict[str, RawTest] = {}
    found: dict[str, ChangeTest | None] = {}
    for metric in journey.metrics:
        if metric.source != "responses":
            continue
        # the headline windows (headline.py): pooled counts of the last periods and of
        # as many periods just before, so the test compares answers that do not overlap
        head = headlines[metric.id]
        test = change_test(metric, head.previous, head.latest)
        found[metric.id] = None
        if test is not None:
            raw[metric.id] = test
    pvalues = [t.p_value for t in raw.values()]
    if config.analytics.fdr and pvalues:
        flags = benjamini_hochberg(pvalues, alpha)
        qvalues = bh_adjust(pvalues)
    else:
        flags = [p <= alpha for p in pvalues]
        qvalues = pvalues
    for (metric_id, test), significant, q in zip(raw.items(), flags, qvalues, strict=True):
        head = headlines[metric_id]
        change = head.change or 0.0
        found[metric_id] = ChangeTest(
            p_value=test.p_value,
            statistic=test.statistic,
            method=test.method,
            q_value=_sig(q),
            significant=bool(significant),
            direction=("up" if change > 0 else "down") if significant else None,
            better=head.change_better if significant else None,
        )
    note = TestsNote(
        confidence=confidence,
        tested=len(pvalues),
        significant=sum(1 for f in flags if f),
        fdr=config.analytics.fdr,
        note=(
            f"{len(pvalues)} survey scores were tested for a change between their headline "
            f"window and the one before; the false discovery rate is held at {alpha:.0%} "
            "(Benjamini–Hochberg)."
            if config.analytics.fdr
            else f"Each change is tested at the {confidence:.0%} level, without correction."
        ),
    )
    return found, note


def verdict(test: ChangeTest | None) -> str:
    if not test:
        return "not tested (too few responses)"
    if not test.significant:
        return "no significant change"
    return f"significant {'rise' if test.direction == 'up' else 'fall'}"


# ------------------------------------------------------------ what drives satisfaction


def key_drivers(
    responses: pd.DataFrame, journey: Journey, config: SiteConfig, as_of: pd.Timestamp | None
) -> Json:
    """Johnson's relative weights of the questions respondents answered with the outcome."""
    outcome_id = config.analytics.driver_outcome or next(
        (m.id for m in journey.metrics if m.kind == "outcome" and m.aggregate == "nps"), None
    )
    outcome_metric = journey.metric_by_id.get(outcome_id or "")
    empty: Json = {
        "available": False,
        "outcome": outcome_id,
        "reason": "",
        "drivers": [],
        "fix_first": [],
        "outcome_name": outcome_metric.name if outcome_metric else None,
    }
    if outcome_id is None or outcome_id not in journey.metric_by_id:
        return empty | {"reason": "No outcome metric to explain (set analytics.driver_outcome)."}
    if len(responses) == 0 or responses["respondent"].isna().all():
        return empty | {
            "reason": "Survey responses carry no respondent id, so answers "
            "cannot be linked to one person's outcome score."
        }
    frame = responses[responses["respondent"].notna()]
    if as_of is not None:
        frame = frame[frame["date"] > as_of - pd.Timedelta(days=DRIVER_WINDOW_DAYS)]
    # Only people who gave the outcome score can explain it: pivot just their answers
    # (a dense respondents x questions table of everyone would grow with both).
    with_outcome = frame.loc[frame["metric"] == outcome_id, "respondent"].unique()
    if len(with_outcome) == 0:
        return empty | {"reason": f"No respondent answered '{outcome_id}' in the last year."}
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
    outcome = journey.metric_by_id[outcome_id]
    base = {
        "outcome": outcome_id,
        "outcome_name": outcome.name,
        "window_days": DRIVER_WINDOW_DAYS,
        "respondents": len(answered),
    }
    if len(names) < 2:
        return (
            empty
            | base
            | {
                "reason": "Fewer than two questions were answered together with "
                f"'{outcome.name}' by most respondents."
            }
        )
    complete = answered[[*names, outcome_id]].dropna()
    result = relative_weights(complete[names].to_numpy(), complete[outcome_id].to_numpy(), names)
    if result.suppressed:
        return (
            empty
            | base
            | {
                "reason": result.reason or "Too few complete responses.",
                "complete": result.n,
                "needed": result.min_complete,
            }
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
            {
                "id": item.name,
                "name": metric.name,
                "touchpoint": metric.touchpoint,
                "raw_weight": _r(raw),
                "importance": _r(item.importance),
                "performance": _r(item.performance),
                "quadrant": item.quadrant,
                "priority": _r(item.priority),
                "rank": item.rank,
                "mean": _r(float(complete[item.name].mean())),
                "importance_low": _r(sure.percent_low[index]),
                "importance_high": _r(sure.percent_high[index]),
                "significant": sure.significant[index],
            }
        )
    items.sort(key=lambda i: -float(i["importance"] or 0))
    by_id = {i["id"]: i for i in items}
    return base | {
        "available": True,
        "reason": "",
        "complete": result.n,
        "r_squared": _r(result.r_squared),
        "drivers": items,
        # a driver whose weight does not beat a random variable's is not a priority
        "fix_first": [by_id[name] for name in grid.fix_first if by_id[name]["significant"]],
        "not_significant": [i["id"] for i in items if not i["significant"]],
        "bootstrap": {
            "resamples": sure.resamples,
            "confidence": sure.confidence,
            "seed": sure.seed,
            "method": "bootstrap over respondents, percentile intervals; significant when "
            "the weight beats a random variable's (Tonidandel, LeBreton & Johnson 2009)",
        },
        "importance_cut": _r(grid.importance_cut),
        "performance_cut": _r(grid.performance_cut),
        "method": "Johnson's relative weights (raw weights sum to R²), shown as % of R²",
    }


# --------------------------------------------------------- issues: speed and burn-down


def issue_analytics(issues: pd.DataFrame, overview: Json, config: SiteConfig) -> Json:
    """Time to resolve, age of open issues, Pareto of categories, burn-down projection."""
    result: Json = {}
    closed = issues[issues["closed"].notna() & issues["opened"].notna()]
    days = (closed["closed"].dt.normalize() - closed["opened"].dt.normalize()).dt.days
    frame = pd.DataFrame(
        {
            "days": days.to_numpy(dtype="float64"),
            "touchpoint": closed["touchpoint"].to_numpy(),
            "category": closed["category"].to_numpy(),
            "owner": closed["owner"].fillna("Unassigned").to_numpy(),
        }
    )
    result["resolution"] = {
        "overall": _resolution(frame["days"]),
        **{
            key: [
                {"name": str(name)} | _resolution(part["days"])
                for name, part in frame.groupby(key, sort=True)
            ]
            for key in ("touchpoint", "category", "owner")
        },
    }
    ages = [i["age_days"] or 0 for i in overview["open"]]
    result["age_distribution"] = [
        {"bucket": label, "count": sum(1 for a in ages if a >= lo and (hi is None or a <= hi))}
        for lo, hi, label in AGE_BUCKETS
    ]
    categories = sorted(overview["by_category"], key=lambda c: (-c["opened_recent"], c["category"]))
    total = sum(c["opened_recent"] for c in categories) or 1
    running = 0
    pareto = []
    for c in categories:
        running += c["opened_recent"]
        pareto.append(
            {
                "category": c["category"],
                "count": c["opened_recent"],
                "cumulative_share": _r(running / total),
            }
        )
    result["pareto"] = pareto
    backlog = [p["backlog"] for p in overview["periods"]]
    target = config.analytics.backlog_target
    projection = burndown_projection(backlog, target, window=8)
    unit = config.period.unit
    short = None
    if projection.status == "at target":
        text = f"The backlog is at or below its target of {target:,}."
        short = "at target"
    elif projection.status == "on track" and projection.periods_to_target_ceil is not None:
        n = projection.periods_to_target_ceil
        short = f"target of {target:,} in about {n} {unit}{'s' if n != 1 else ''}"
        text = (
            f"At the current net closing rate of {projection.closing_rate:,.1f} a {unit}, "
            f"the backlog reaches its target of {target:,} in about {n} {unit}"
            f"{'s' if n != 1 else ''}."
        )
    elif projection.status == "never at this rate":
        short = f"never reaches its target of {target:,} at this rate"
        text = (
            f"Never, at this rate: the backlog grew by {-(projection.closing_rate or 0):,.1f} "
            f"a {unit} over the last {projection.window} {unit}s."
        )
    else:
        text = "Not enough history to project the backlog."
    result["projection"] = projection.to_dict() | {"text": text, "short": short}
    return result


def _resolution(days: pd.Series) -> Json:
    values = days.dropna()
    if len(values) == 0:
        return {"closed": 0, "median_days": None, "p90_days": None}
    return {
        "closed": len(values),
        "median_days": _r(float(np.median(values))),
        "p90_days": _r(float(np.quantile(values, 0.9))),
    }


def _sig(value: float | None) -> float | None:
    """Six significant digits: p-values can be tiny and still matter."""
    if value is None or not math.isfinite(value):
        return None
    return float(f"{value:.6g}")

"""Real change vs noise in survey scores: the margin of error of a value, and the test
of a change between two headline windows with the false discovery rate held across
every score tested (Benjamini–Hochberg).

The other analytics have their own modules: control charts (:mod:`.control_view`),
which process moves which score (:mod:`.links`), what drives the outcome
(:mod:`.drivers`), issue speed and burn-down (:mod:`.issue_analytics`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from ..inputs.config import SiteConfig
from ..inputs.journey import Journey, Metric
from ..stats import (
    benjamini_hochberg,
    bh_adjust,
    nps_change_test,
    nps_interval,
    two_proportion_test,
    welch_test_summary,
    wilson_interval,
)
from ..stats._common import t_quantile
from .measures import rounded as _r
from .metric import ChangeTest, Interval, Snapshot
from .series import CellStats

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


def _sig(value: float | None) -> float | None:
    """Six significant digits: p-values can be tiny and still matter."""
    if value is None or not math.isfinite(value):
        return None
    return float(f"{value:.6g}")

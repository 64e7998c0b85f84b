"""Scorecards for the bonus: each owner's and each stage's accountable metrics over a
scorecard period (a quarter or a year), to date and for the last full one.

Per metric with a target: the share of reporting periods on target, the value over the
scorecard period with its interval, its status, and the trend; per owner, when weights
are configured, a weighted score. ``METHOD`` says how, on the page and in the CSV's
documentation, so a score can be defended in a bonus discussion.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd
from scipy import stats as scipy_stats

from ..data.periods import Calendar
from ..inputs.config import SiteConfig
from ..inputs.journey import Journey, Metric
from ..model.headline import pooled, pooled_value, status_with_margin
from ..model.insights import survey_interval
from ..model.measures import STATUS_LABELS, format_value, rounded, status_of
from ..model.serialise import OMIT_NONE, to_json
from ..model.series import SeriesPoint
from ..stats._common import t_quantile
from .comments import TEMPLATE_ONLY, UrlOf

if TYPE_CHECKING:
    from ..model.site_model import SiteModel

TREND_ALPHA = 0.05
METHOD = (
    "Accountable metrics are the metrics with a target on the owner's touchpoints (for a "
    "stage: on the stage's touchpoints).",
    "A reporting period belongs to the scorecard period in which it starts. 'To date' is the "
    "scorecard period holding the latest data; 'full' is the one before it.",
    "Periods on target: of the reporting periods in the scorecard period that have a value "
    "(survey scores need at least min_n answers), the share whose value is on target. "
    "'Near' counts as not on target.",
    "Value: survey scores are recomputed from all the answers in the scorecard period pooled "
    "(NPS, top-2-box, mean), with the same interval as every survey score on the site (NPS: "
    "normal approximation on the +1/0/−1 coding; proportions: Wilson; means: t). Process "
    "metrics are the average of their period values, with a t interval across periods.",
    "Status of that value against the target: for survey scores whose interval reaches "
    "the target, 'within the margin' (neither on nor off), as everywhere on the site.",
    "Trend: least-squares slope of the period values against time within the scorecard "
    "period; 'improving' or 'worsening' only when the slope differs from zero at the 5% "
    "level (at least three periods), otherwise 'no clear trend'.",
    "Weighted score (owners with weights in scorecards.weights): the sum over the owner's "
    "weighted metrics of weight × share of periods on target, divided by the sum of the "
    "weights of the metrics that had a value, as a percentage. Metrics without a weight "
    "do not count towards it.",
)
CSV_COLUMNS = (
    "scope_type",
    "scope",
    "scorecard_period",
    "period_start",
    "period_end",
    "basis",
    "metric_id",
    "metric",
    "touchpoint",
    "unit",
    "direction",
    "target",
    "periods",
    "periods_with_value",
    "periods_on_target",
    "share_on_target_pct",
    "value",
    "interval_low",
    "interval_high",
    "status",
    "trend",
    "slope_per_period",
    "weight",
    "owner_score_pct",
)


@dataclass(frozen=True)
class ScoreRow:
    metric: str
    name: str
    touchpoint: str
    touchpoint_name: str
    unit: str
    direction: str
    target: float
    target_display: str
    periods: int
    with_value: int
    on_target: int
    share: float | None  # %
    value: float | None
    value_display: str
    low: float | None
    high: float | None
    status: str
    status_label: str
    trend: str
    slope: float | None
    weight: float | None
    url: str = field(default="", metadata=TEMPLATE_ONLY)  # the touchpoint's page


@dataclass(frozen=True)
class Scorecard:
    basis: str  # "to date" | "full"
    label: str
    start: str
    end: str
    periods: int
    rows: tuple[ScoreRow, ...] = ()
    score: float | None = None  # weighted, %


@dataclass(frozen=True)
class OwnerScorecards:
    owner: str
    slug: str
    weighted: bool  # the owner has weights in scorecards.weights
    cards: tuple[Scorecard, ...]  # to date, then the last full period


@dataclass(frozen=True)
class StageScorecards:
    id: str
    name: str
    cards: tuple[Scorecard, ...]


@dataclass(frozen=True)
class ScorecardsView:
    """The scorecards page and its data file: every owner's and every stage's cards."""

    period: str  # quarter or year
    available: bool  # False: no dated data to score
    owners: tuple[OwnerScorecards, ...]
    stages: tuple[StageScorecards, ...]
    method: tuple[str, ...]
    csv: str | None = field(default=None, metadata=OMIT_NONE)  # the CSV's site path


def _label(period: pd.Period, unit: str) -> str:
    return f"Q{period.quarter} {period.year}" if unit == "quarter" else str(period.year)


def scorecards(
    config: SiteConfig, journey: Journey, model: SiteModel, calendar: Calendar | None, url_of: UrlOf
) -> ScorecardsView:
    unit = config.rhythm.scorecards.period
    empty = ScorecardsView(period=unit, available=False, owners=(), stages=(), method=METHOD)
    if calendar is None or len(calendar) == 0:
        return empty
    freq = "Q" if unit == "quarter" else "Y"
    buckets = [pd.Period(start, freq=freq) for start in calendar.starts]
    current = buckets[-1]
    previous = current - 1
    spans = []
    for basis, which in (("to date", current), ("full", previous)):
        indices = [i for i, b in enumerate(buckets) if b == which]
        if indices:
            spans.append((basis, which, indices))
    weights = config.rhythm.scorecards.weights
    owners: list[OwnerScorecards] = []
    for owner in sorted({t.owner for t in journey.touchpoints}):
        tps = [t.id for t in journey.touchpoints if t.owner == owner]
        cards = tuple(
            _scorecard(
                basis, which, unit, indices, tps, journey, model, config, weights.get(owner), url_of
            )
            for basis, which, indices in spans
        )
        owners.append(
            OwnerScorecards(owner=owner, slug=_slug(owner), weighted=owner in weights, cards=cards)
        )
    stages: list[StageScorecards] = []
    for stage in journey.stages:
        tps = [t.id for t in journey.touchpoints if t.stage == stage.id]
        cards = tuple(
            _scorecard(basis, which, unit, indices, tps, journey, model, config, None, url_of)
            for basis, which, indices in spans
        )
        stages.append(StageScorecards(id=stage.id, name=stage.name, cards=cards))
    return ScorecardsView(
        period=unit,
        available=True,
        owners=tuple(owners),
        stages=tuple(stages),
        method=METHOD,
        csv="scorecards/scorecards.csv",
    )


def _scorecard(
    basis: str,
    which: pd.Period,
    unit: str,
    indices: list[int],
    touchpoints: list[str],
    journey: Journey,
    model: SiteModel,
    config: SiteConfig,
    weights: dict[str, float] | None,
    url_of: UrlOf,
) -> Scorecard:
    rows = tuple(
        _row(metric, indices, journey, model, config, weights, url_of)
        for tp in touchpoints
        for metric in journey.metrics_of(tp)
        if metric.target is not None
    )
    score = None
    if weights:
        used = [(r.weight or 0.0, r.share) for r in rows if r.weight and r.share is not None]
        total = sum(w for w, _ in used)
        if total > 0:
            score = rounded(sum(w * (s or 0.0) for w, s in used) / total)
    end = which.end_time.normalize().strftime("%Y-%m-%d")
    return Scorecard(
        basis=basis,
        label=_label(which, unit),
        start=which.start_time.strftime("%Y-%m-%d"),
        end=end,
        periods=len(indices),
        rows=rows,
        score=score,
    )


def _row(
    metric: Metric,
    indices: list[int],
    journey: Journey,
    model: SiteModel,
    config: SiteConfig,
    weights: dict[str, float] | None,
    url_of: UrlOf,
) -> ScoreRow:
    summary = model.metrics[metric.id]
    points = [summary.series[i] for i in indices]
    values = [p.value for p in points]
    known = [(i, v) for i, v in enumerate(values) if v is not None]
    on = sum(1 for _, v in known if status_of(v, metric, config.near_band) == "on")
    share = rounded(100 * on / len(known)) if known else None
    value, low, high = _pooled(metric, points, known, config.analytics.confidence)
    trend, slope = _trend(metric, known)
    # As everywhere on the site, a survey score whose interval reaches the target is
    # "within the margin", neither on nor off.
    status = (
        status_with_margin(value, low, high, metric, config.near_band)
        if metric.source == "responses"
        else status_of(value, metric, config.near_band)
    )
    tp = journey.touchpoint_by_id[metric.touchpoint or ""]
    assert metric.target is not None
    return ScoreRow(
        metric=metric.id,
        name=metric.name,
        touchpoint=tp.id,
        touchpoint_name=tp.name,
        unit=metric.unit,
        direction=metric.direction,
        target=metric.target,
        target_display=format_value(metric.target, metric),
        periods=len(indices),
        with_value=len(known),
        on_target=on,
        share=share,
        value=value,
        value_display=format_value(value, metric) if value is not None else "No data",
        low=low,
        high=high,
        status=status,
        status_label=STATUS_LABELS[status],
        trend=trend,
        slope=slope,
        weight=(weights or {}).get(metric.id) if weights is not None else None,
        url=url_of("touchpoint", tp.id),
    )


def _pooled(
    metric: Metric, points: list[SeriesPoint], known: list[tuple[int, float]], confidence: float
) -> tuple[float | None, float | None, float | None]:
    if metric.source == "responses":
        total = pooled(points, 0, len(points))
        if total is None:
            return None, None, None
        value = pooled_value(metric, total)
        interval = survey_interval(metric, value, total, confidence)
        if interval is None:
            return rounded(value), None, None
        return rounded(value), interval.low, interval.high
    if not known:
        return None, None, None
    numbers = [v for _, v in known]
    mean = sum(numbers) / len(numbers)
    if len(numbers) < 2:
        return rounded(mean), None, None
    sd = math.sqrt(sum((v - mean) ** 2 for v in numbers) / (len(numbers) - 1))
    margin = t_quantile(confidence, len(numbers) - 1) * sd / math.sqrt(len(numbers))
    return rounded(mean), rounded(mean - margin), rounded(mean + margin)


def _trend(metric: Metric, known: list[tuple[int, float]]) -> tuple[str, float | None]:
    if len(known) < 3 or len({v for _, v in known}) < 2:
        return "no clear trend", None
    fit = scipy_stats.linregress([i for i, _ in known], [v for _, v in known])
    slope = float(fit.slope)
    if float(fit.pvalue) >= TREND_ALPHA or slope == 0:
        return "no clear trend", rounded(slope)
    better = (slope > 0) == metric.higher_is_better
    return ("improving" if better else "worsening"), rounded(slope)


def scorecards_csv(scorecards: ScorecardsView) -> str:
    """One row per scope, basis and metric, plain numbers, for a bonus or HR system."""
    cards = to_json(scorecards)  # the numbers as the data file has them
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    scopes = [("owner", o["owner"], o["cards"]) for o in cards["owners"]]
    scopes += [("stage", s["id"], s["cards"]) for s in cards["stages"]]
    for scope_type, scope, sheet in scopes:
        for card in sheet:
            for row in card["rows"]:
                writer.writerow(
                    [
                        scope_type,
                        scope,
                        card["label"],
                        card["start"],
                        card["end"],
                        card["basis"],
                        row["metric"],
                        row["name"],
                        row["touchpoint"],
                        row["unit"],
                        row["direction"],
                        _plain(row["target"]),
                        card["periods"],
                        row["with_value"],
                        row["on_target"],
                        _plain(row["share"]),
                        _plain(row["value"]),
                        _plain(row["low"]),
                        _plain(row["high"]),
                        row["status"],
                        row["trend"],
                        _plain(row["slope"]),
                        _plain(row["weight"]),
                        _plain(card["score"]) if scope_type == "owner" else "",
                    ]
                )
    return out.getvalue()


def _plain(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:.4f}".rstrip("0").rstrip(".")


def _slug(text: str) -> str:
    out = "".join(ch.lower() if ch.isalnum() else "-" for ch in text)
    return "-".join(part for part in out.split("-") if part)

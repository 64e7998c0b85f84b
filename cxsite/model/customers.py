"""Customers as an asset: the customer book per period, and what poor experience costs.

From the optional customers source (customer id, joined, left, value, segment):

- the pipeline per reporting period: customers gained, lost, net, the retention of the
  customers on the books at the period's start, and the value gained and lost;
- when issues and survey responses carry the customer id, retention by experience.
  The cohort is every customer on the books at the start of the retention window
  (``retention_days`` before the data's as-of date); their experience is read from the
  same span *before* the window (issues raised, their latest NPS answer), and they
  count as retained when still on the books at the as-of date. Reading experience
  before the outcome window keeps customers who left early from looking as if they
  had fewer issues simply because they were around for less time;
- revenue at risk: the value of current customers with an open issue.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..data.periods import Calendar
from ..data.sources import Dataset
from ..inputs.config import SiteConfig
from ..inputs.journey import Journey
from ..stats import wilson_interval
from ..stats._common import z_quantile
from .measures import rounded
from .serialise import DATA_FILE

PIPELINE_PERIODS = 26  # the home page and the wall show half a year of weeks


@dataclass(frozen=True)
class PipelinePeriod:
    period: str
    label: str
    on_books: int  # at the start of the period
    gained: int
    lost: int
    net: int
    retention: float | None  # % of the customers on the books at the start still there
    value_gained: float
    value_lost: float


@dataclass(frozen=True)
class RetentionGroup:
    group: str
    label: str
    n: int
    retained: int
    rate: float | None  # %
    low: float | None
    high: float | None
    value: float | None  # of the group at the window's start
    value_rate: float | None  # % of that value still on the books
    value_low: float | None
    value_high: float | None


@dataclass(frozen=True)
class CustomerFacts:
    """The customer book and what experience costs (``data/customers.json``).

    The data file has the latest period and the recent ones, not the whole pipeline.
    """

    available: bool
    reason: str = ""
    customers: int = 0
    on_books: int = 0
    has_value: bool = False
    book_value: float | None = None
    pipeline: tuple[PipelinePeriod, ...] = field(default=(), metadata={DATA_FILE: False})
    window_start: str | None = None
    experience_from: str | None = None
    as_of: str | None = None
    retention_days: int = 365
    confidence: float = 0.95
    by_issue: tuple[RetentionGroup, ...] = ()
    by_nps: tuple[RetentionGroup, ...] = ()
    nps_metric: str | None = None
    at_risk_customers: int | None = None
    at_risk_value: float | None = None
    at_risk_share: float | None = None
    linked_issues: float | None = None  # share of issues that carry a known customer id
    linked_responses: float | None = None
    currency: str = ""
    value_name: str = "value"
    latest: PipelinePeriod | None = None  # the pipeline's last period
    recent: tuple[PipelinePeriod, ...] = ()  # its last PIPELINE_PERIODS periods


def customer_facts(
    config: SiteConfig,
    journey: Journey,
    data: Dataset,
    calendar: Calendar | None,
    as_of: pd.Timestamp | None,
) -> CustomerFacts:
    """``as_of`` is the site's reporting date: the book is read as it stood then."""
    book = data.customers
    if len(book) == 0:
        return CustomerFacts(False, "No customers source is configured.")
    if as_of is None or calendar is None:
        return CustomerFacts(False, "No dated data to set the reporting periods.")
    rules = config.rhythm.customers
    as_of = as_of.normalize()
    joined = book["joined"]
    left = book["left"]
    value = book["value"]
    has_value = bool(value.notna().any())
    current = (joined <= as_of) & (left.isna() | (left > as_of))
    window_start = as_of - pd.Timedelta(days=rules.retention_days)
    experience_from = window_start - pd.Timedelta(days=rules.retention_days)
    cohort = (joined <= window_start) & (left.isna() | (left > window_start))
    retained = left.isna() | (left > as_of)
    ids = book["customer"]
    confidence = config.analytics.confidence

    by_issue: tuple[RetentionGroup, ...] = ()
    issues = data.issues
    linked_issues = None
    if len(issues) and issues["customer"].notna().any():
        linked_issues = float(issues["customer"].isin(ids).mean())
        before = issues[(issues["opened"] > experience_from) & (issues["opened"] <= window_start)]
        had = ids.isin(before["customer"])
        by_issue = (
            _group("issue", "Raised an issue", cohort & had, retained, value, confidence),
            _group("no-issue", "No issue", cohort & ~had, retained, value, confidence),
        )
    nps_id = rules.nps_metric or next(
        (m.id for m in journey.metrics if m.aggregate == "nps" and m.touchpoint is None), None
    )
    by_nps: list[RetentionGroup] = []
    responses = data.responses
    linked_responses = None
    if nps_id and len(responses) and responses["customer"].notna().any():
        linked_responses = float(responses["customer"].isin(ids).mean())
        answers = responses[
            (responses["metric"] == nps_id)
            & responses["customer"].notna()
            & (responses["date"] > experience_from)
            & (responses["date"] < window_start + pd.Timedelta(days=1))
        ]
        latest = answers.sort_values(["date", "score"], kind="stable").groupby("customer")["score"]
        score = ids.map(latest.last())
        for key, label, mask in (
            ("detractor", "Detractors (0–6)", score <= 6),
            ("passive", "Passives (7–8)", (score >= 7) & (score <= 8)),
            ("promoter", "Promoters (9–10)", score >= 9),
        ):
            by_nps.append(_group(key, label, cohort & mask, retained, value, confidence))
    at_risk_customers = at_risk_value = at_risk_share = None
    if len(issues) and issues["customer"].notna().any():
        open_ids = issues.loc[issues["is_open"], "customer"].dropna()
        risk = current & ids.isin(open_ids)
        at_risk_customers = int(risk.sum())
        if has_value:
            at_risk_value = rounded(float(value[risk].sum()), 2)
            total = float(value[current].sum())
            at_risk_share = rounded(100 * float(value[risk].sum()) / total) if total else None
    periods = pipeline(book, calendar)
    return CustomerFacts(
        available=True,
        customers=len(book),
        on_books=int(current.sum()),
        has_value=has_value,
        book_value=rounded(float(value[current].sum()), 2) if has_value else None,
        pipeline=periods,
        window_start=window_start.strftime("%Y-%m-%d"),
        experience_from=experience_from.strftime("%Y-%m-%d"),
        as_of=as_of.strftime("%Y-%m-%d"),
        retention_days=rules.retention_days,
        confidence=confidence,
        by_issue=by_issue,
        by_nps=tuple(by_nps),
        nps_metric=nps_id,
        at_risk_customers=at_risk_customers,
        at_risk_value=at_risk_value,
        at_risk_share=at_risk_share,
        linked_issues=rounded(linked_issues),
        linked_responses=rounded(linked_responses),
        currency=rules.currency,
        value_name=rules.value_name,
        latest=periods[-1] if periods else None,
        recent=periods[-PIPELINE_PERIODS:],
    )


def pipeline(book: pd.DataFrame, calendar: Calendar) -> tuple[PipelinePeriod, ...]:
    """Gained, lost and retention in each reporting period."""
    starts = np.array([s.value for s in calendar.starts], dtype=np.int64)
    ends = np.array([calendar.end(i).value for i in range(len(calendar))], dtype=np.int64)
    joined = book["joined"].to_numpy(dtype="datetime64[ns]").astype(np.int64)
    left_series = book["left"]
    has_left = left_series.notna().to_numpy()
    left = np.where(
        has_left,
        left_series.to_numpy(dtype="datetime64[ns]").astype(np.int64),
        np.iinfo(np.int64).max,
    )
    value = book["value"].fillna(0.0).to_numpy(dtype="float64")
    out = []
    for index, (start, end) in enumerate(zip(starts, ends, strict=True)):
        on_books = (joined < start) & (left >= start)
        gained = (joined >= start) & (joined < end)
        lost = (left >= start) & (left < end)
        n = int(on_books.sum())
        lost_from_books = int((lost & on_books).sum())
        out.append(
            PipelinePeriod(
                period=calendar.keys[index],
                label=calendar.label(index),
                on_books=n,
                gained=int(gained.sum()),
                lost=int(lost.sum()),
                net=int(gained.sum()) - int(lost.sum()),
                retention=rounded(100 * (n - lost_from_books) / n) if n else None,
                value_gained=round(float(value[gained].sum()), 2),
                value_lost=round(float(value[lost].sum()), 2),
            )
        )
    return tuple(out)


def _group(
    key: str,
    label: str,
    members: pd.Series,
    retained: pd.Series,
    value: pd.Series,
    confidence: float,
) -> RetentionGroup:
    n = int(members.sum())
    kept = int((members & retained).sum())
    rate = low = high = None
    if n:
        interval = wilson_interval(kept, n, confidence)
        rate, low, high = 100 * kept / n, interval.low, interval.high
    worth = value[members].fillna(0.0).to_numpy(dtype="float64")
    flags = retained[members].to_numpy(dtype="float64")
    value_rate, value_low, value_high = value_retention(worth, flags, confidence)
    return RetentionGroup(
        group=key,
        label=label,
        n=n,
        retained=kept,
        rate=rounded(rate),
        low=rounded(low),
        high=rounded(high),
        value=rounded(float(worth.sum()), 2) if value.notna().any() and n else None,
        value_rate=value_rate,
        value_low=value_low,
        value_high=value_high,
    )


def value_retention(
    worth: np.ndarray, kept: np.ndarray, confidence: float
) -> tuple[float | None, float | None, float | None]:
    """Share of a group's value still on the books, % — a ratio of two sums, with a
    delta-method (ratio estimator) interval: SE = sqrt(Σ (vᵢ(kᵢ − R))² / (n(n − 1))) / v̄."""
    n = len(worth)
    total = float(worth.sum())
    if n == 0 or total <= 0:
        return None, None, None
    ratio = float((worth * kept).sum()) / total
    if n < 2:
        return rounded(100 * ratio), None, None
    residual = worth * (kept - ratio)
    se = math.sqrt(float((residual**2).sum()) / (n * (n - 1))) / (total / n)
    z = z_quantile(confidence)
    low, high = max(0.0, ratio - z * se), min(1.0, ratio + z * se)
    return rounded(100 * ratio), rounded(100 * low), rounded(100 * high)

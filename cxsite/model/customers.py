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
from typing import TYPE_CHECKING

import pandas as pd

from ..data.customer_queries import (
    ISSUE_GROUPS,
    NPS_GROUPS,
    GroupSums,
    book_flow,
    book_now,
    linked,
    retention_sums,
)
from ..data.periods import Calendar
from ..data.sources import Dataset
from ..inputs.config import SiteConfig
from ..inputs.journey import Journey
from ..stats import wilson_interval
from ..stats._common import z_quantile
from .measures import rounded
from .serialise import DATA_FILE

if TYPE_CHECKING:
    import ibis.expr.types as ir

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
    """``as_of`` is the site's reporting date: the book is read as it stood then.

    Every figure is counted in the engine (:mod:`cxsite.data.customer_queries`); only
    one row per group or period comes back.
    """
    if data.rows("customers") == 0:
        return CustomerFacts(False, "No customers source is configured.")
    if as_of is None or calendar is None:
        return CustomerFacts(False, "No dated data to set the reporting periods.")
    rules = config.rhythm.customers
    as_of = as_of.normalize()
    window_start = as_of - pd.Timedelta(days=rules.retention_days)
    experience_from = window_start - pd.Timedelta(days=rules.retention_days)
    confidence = config.analytics.confidence
    book = data.table("customers")
    issues = data.table("issues") if data.rows("issues") else None
    issue_link = linked(issues, book) if issues is not None else None
    if issue_link is not None and issue_link.named == 0:
        issues, issue_link = None, None
    nps_id = rules.nps_metric or next(
        (m.id for m in journey.metrics if m.aggregate == "nps" and m.touchpoint is None), None
    )
    responses = data.table("responses") if nps_id and data.rows("responses") else None
    response_link = linked(responses, book) if responses is not None else None
    if response_link is not None and response_link.named == 0:
        responses, response_link = None, None
    now = book_now(book, issues, as_of)
    has_value = now.valued > 0
    groups = {
        g.group: g
        for g in retention_sums(
            book, issues, responses, nps_id, window_start, experience_from, as_of
        )
    }
    labels = {
        "issue": "Raised an issue",
        "no-issue": "No issue",
        "detractor": "Detractors (0–6)",
        "passive": "Passives (7–8)",
        "promoter": "Promoters (9–10)",
    }

    def grouped(keys: tuple[str, ...]) -> tuple[RetentionGroup, ...]:
        return tuple(
            _group(groups[k], labels[k], has_value, confidence) for k in keys if k in groups
        )

    at_risk_customers = at_risk_value = at_risk_share = None
    if issues is not None:
        at_risk_customers = now.at_risk
        if has_value:
            at_risk_value = rounded(now.at_risk_value, 2)
            total = now.book_value
            at_risk_share = rounded(100 * now.at_risk_value / total) if total else None
    periods = pipeline(book, calendar)
    return CustomerFacts(
        available=True,
        customers=now.customers,
        on_books=now.on_books,
        has_value=has_value,
        book_value=rounded(now.book_value, 2) if has_value else None,
        pipeline=periods,
        window_start=window_start.strftime("%Y-%m-%d"),
        experience_from=experience_from.strftime("%Y-%m-%d"),
        as_of=as_of.strftime("%Y-%m-%d"),
        retention_days=rules.retention_days,
        confidence=confidence,
        by_issue=grouped(ISSUE_GROUPS),
        by_nps=grouped(NPS_GROUPS),
        nps_metric=nps_id,
        at_risk_customers=at_risk_customers,
        at_risk_value=at_risk_value,
        at_risk_share=at_risk_share,
        linked_issues=rounded(issue_link.known / issue_link.rows) if issue_link else None,
        linked_responses=rounded(response_link.known / response_link.rows)
        if response_link
        else None,
        currency=rules.currency,
        value_name=rules.value_name,
        latest=periods[-1] if periods else None,
        recent=periods[-PIPELINE_PERIODS:],
    )


def pipeline(book: ir.Table, calendar: Calendar) -> tuple[PipelinePeriod, ...]:
    """Gained, lost and retention in each reporting period."""
    out = []
    for index, flow in enumerate(book_flow(book, calendar)):
        n = flow.on_books
        out.append(
            PipelinePeriod(
                period=calendar.keys[index],
                label=calendar.label(index),
                on_books=n,
                gained=flow.gained,
                lost=flow.lost,
                net=flow.gained - flow.lost,
                retention=rounded(100 * (n - flow.lost_from_books) / n) if n else None,
                value_gained=round(flow.value_gained, 2),
                value_lost=round(flow.value_lost, 2),
            )
        )
    return tuple(out)


def _group(sums: GroupSums, label: str, has_value: bool, confidence: float) -> RetentionGroup:
    n, kept = sums.n, sums.retained
    rate = low = high = None
    if n:
        interval = wilson_interval(kept, n, confidence)
        rate, low, high = 100 * kept / n, interval.low, interval.high
    value_rate, value_low, value_high = value_retention(sums, confidence)
    return RetentionGroup(
        group=sums.group,
        label=label,
        n=n,
        retained=kept,
        rate=rounded(rate),
        low=rounded(low),
        high=rounded(high),
        value=rounded(sums.value, 2) if has_value and n else None,
        value_rate=value_rate,
        value_low=value_low,
        value_high=value_high,
    )


def value_retention(
    sums: GroupSums, confidence: float
) -> tuple[float | None, float | None, float | None]:
    """Share of a group's value still on the books, % — a ratio of two sums, with a
    delta-method (ratio estimator) interval: SE = sqrt(Σ (vᵢ(kᵢ − R))² / (n(n − 1))) / v̄.

    With kᵢ 1 or 0, Σ (vᵢ(kᵢ − R))² is (1 − R)² Σ over the kept of vᵢ² plus R² Σ over the
    others of vᵢ²: two sums of squares the engine adds up, no per-customer row needed.
    """
    n = sums.n
    total = sums.value
    if n == 0 or total <= 0:
        return None, None, None
    ratio = sums.value_kept / total
    if n < 2:
        return rounded(100 * ratio), None, None
    residual = (1 - ratio) ** 2 * sums.value_sq_kept + ratio**2 * sums.value_sq_lost
    se = math.sqrt(residual / (n * (n - 1))) / (total / n)
    z = z_quantile(confidence)
    low, high = max(0.0, ratio - z * se), min(1.0, ratio + z * se)
    return rounded(100 * ratio), rounded(100 * low), rounded(100 * high)

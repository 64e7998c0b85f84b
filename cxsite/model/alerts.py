"""Alerts: what needs an owner's attention after this build, each with its evidence.

Four rules, each a small function over the metric summaries and the issues:

- a touchpoint's metric newly and really off target (:mod:`cxsite.inputs.targetrules`; the
  number of periods that makes a miss sustained is the weekly pack's,
  ``analytics.sustained_periods``);
- a new control-chart signal in the bad direction;
- open issues older than their category's target age;
- a backlog that stopped coming down (it fell over one window and not over the next).

Metrics without a touchpoint (journey-wide outcomes) and the company's whole backlog
belong to ``LEADERSHIP``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ..data.issue_stats import PeriodCounts, period_counts, touchpoint_period_counts
from ..data.periods import Calendar
from ..inputs.config import SiteConfig
from ..inputs.journey import Journey, Metric
from ..inputs.rhythmconfig import AlertsConfig
from ..inputs.targetrules import newly_off_target
from .issue_types import OpenIssue
from .measures import format_value
from .metric import MetricSummary

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from .site_model import PeriodRef

LEADERSHIP = "Leadership"
RULES = {
    "off-target": "Newly off target",
    "control-signal": "New control-chart signal",
    "issue-age": "Open issues past their target age",
    "backlog": "Backlog stopped coming down",
}
RULE_ORDER = list(RULES)


@dataclass(frozen=True)
class Evidence:
    value: float | None
    display: str
    n: int | None
    low: float | None
    high: float | None
    interval_display: str | None
    since: str | None  # a period key or a date, YYYY-MM-DD
    detail: str


@dataclass(frozen=True)
class Alert:
    rule: str
    rule_label: str
    owner: str
    touchpoint: str | None
    touchpoint_name: str
    metric: str | None
    metric_name: str | None
    title: str
    evidence: Evidence
    url: str
    moment_of_truth: int | None


def compute_alerts(
    config: SiteConfig,
    journey: Journey,
    summaries: Mapping[str, MetricSummary],
    open_issues: Sequence[OpenIssue],
    issues: ir.Table,
    calendar: Calendar | None,
) -> list[Alert]:
    """Every alert of this build; ``open_issues`` are the overview's rows, ``issues``
    the issues' relation in the engine (for the backlog per touchpoint)."""
    rules = config.rhythm.alerts
    found = off_target_alerts(config, journey, summaries)
    found += signal_alerts(journey, summaries)
    found += issue_age_alerts(rules, journey, open_issues)
    found += backlog_alerts(rules, journey, issues, calendar)
    found.sort(
        key=lambda a: (
            a.moment_of_truth is None,
            a.moment_of_truth or 0,
            RULE_ORDER.index(a.rule),
            a.touchpoint_name,
            a.title,
        )
    )
    return found


def _where(journey: Journey, touchpoint: str | None) -> tuple[str, str, str, int | None]:
    """Owner, touchpoint name, page URL and moment-of-truth rank of a touchpoint."""
    tp = journey.touchpoint_by_id.get(touchpoint or "")
    if tp is None:
        return LEADERSHIP, "Whole journey", "index.html", None
    return tp.owner, tp.name, f"touchpoints/{tp.id}/index.html", tp.moment_of_truth


def _interval_display(low: float | None, high: float | None, metric: Metric) -> str | None:
    if low is None or high is None:
        return None
    return f"{format_value(low, metric)} to {format_value(high, metric)}"


def off_target_alerts(
    config: SiteConfig, journey: Journey, summaries: Mapping[str, MetricSummary]
) -> list[Alert]:
    alerts = []
    for metric in journey.metrics:
        summary = summaries[metric.id]
        found = newly_off_target(summary, metric, config)
        if found is None:
            continue
        owner, tp_name, url, rank = _where(journey, metric.touchpoint)
        why = (
            "significantly below target"
            if found.significant and metric.higher_is_better
            else "significantly above target"
            if found.significant
            else f"off target {found.run} {config.period.unit}s in a row"
        )
        display = format_value(found.value, metric)
        alerts.append(
            Alert(
                rule="off-target",
                rule_label=RULES["off-target"],
                owner=owner,
                touchpoint=metric.touchpoint,
                touchpoint_name=tp_name,
                metric=metric.id,
                metric_name=metric.name,
                title=f"{metric.name} is {display} against a target of "
                f"{summary.target_display}: {why}",
                evidence=Evidence(
                    value=found.value,
                    display=display,
                    n=found.n,
                    low=found.low,
                    high=found.high,
                    interval_display=_interval_display(found.low, found.high, metric),
                    since=found.since,
                    detail=why,
                ),
                url=f"{url}#metric-{metric.id}",
                moment_of_truth=rank,
            )
        )
    return alerts


def _centre(centre: float | None, metric: Metric) -> str:
    return format_value(float(centre), metric) if centre is not None else "–"


def signal_alerts(journey: Journey, summaries: Mapping[str, MetricSummary]) -> list[Alert]:
    alerts = []
    for metric in journey.metrics:
        summary = summaries[metric.id]
        control = summary.control
        if control is None:
            continue
        latest = summary.latest
        low = summary.interval.low if summary.interval else None
        high = summary.interval.high if summary.interval else None
        for signal in control.signals:
            if not signal.new or signal.better:
                continue
            owner, tp_name, url, rank = _where(journey, metric.touchpoint)
            alerts.append(
                Alert(
                    rule="control-signal",
                    rule_label=RULES["control-signal"],
                    owner=owner,
                    touchpoint=metric.touchpoint,
                    touchpoint_name=tp_name,
                    metric=metric.id,
                    metric_name=metric.name,
                    title=f"{metric.name}: {signal.text}",
                    evidence=Evidence(
                        value=latest.value,
                        display=latest.display,
                        n=latest.n,
                        low=low,
                        high=high,
                        interval_display=_interval_display(low, high, metric),
                        since=signal.start,
                        detail=f"{control.kind} rule {signal.rule}, "
                        f"{'above' if signal.side == 'above' else 'below'} the centre line "
                        f"({_centre(control.centre, metric)})",
                    ),
                    url=f"{url}#metric-{metric.id}",
                    moment_of_truth=rank,
                )
            )
    return alerts


def issue_age_alerts(
    rules: AlertsConfig, journey: Journey, open_issues: Sequence[OpenIssue]
) -> list[Alert]:
    """One alert per touchpoint and category with open issues past the category's age."""
    late: dict[tuple[str, str], list[OpenIssue]] = defaultdict(list)
    for item in open_issues:
        age = item.age_days
        if age is not None and age > rules.target_age(item.category):
            late[(item.touchpoint, item.category)].append(item)
    alerts = []
    for (touchpoint, category), items in sorted(late.items()):
        # every item here has an age (it was compared with the target above)
        items.sort(key=lambda i: (-(i.age_days or 0), i.id))
        oldest = items[0]
        target = rules.target_age(category)
        owner, tp_name, url, rank = _where(journey, touchpoint)
        count = len(items)
        ids = ", ".join(i.id for i in items[:5]) + (" …" if count > 5 else "")
        alerts.append(
            Alert(
                rule="issue-age",
                rule_label=RULES["issue-age"],
                owner=owner,
                touchpoint=touchpoint,
                touchpoint_name=tp_name,
                metric=None,
                metric_name=None,
                title=f"{count} open '{category}' issue{'s' if count != 1 else ''} older than "
                f"the {target}-day target; the oldest is {oldest.age_days} days old",
                evidence=Evidence(
                    value=float(oldest.age_days or 0),
                    display=f"{oldest.age_days} days",
                    n=count,
                    low=None,
                    high=None,
                    interval_display=None,
                    since=oldest.opened,
                    detail=f"target age {target} days; {ids}",
                ),
                url=url,
                moment_of_truth=rank,
            )
        )
    return alerts


def backlog_series(issues: ir.Table, calendar: Calendar) -> dict[str | None, np.ndarray]:
    """Open issues at the end of each period, per touchpoint and overall (key None): the
    issues carried into the first period plus the running net of those opened and
    closed, counted in the engine by the same queries as the issues page's backlog."""
    if len(calendar) == 0:
        return {}
    result: dict[str | None, np.ndarray] = {None: _backlog(period_counts(issues, calendar))}
    for touchpoint, counts in touchpoint_period_counts(issues, calendar).items():
        result[touchpoint] = _backlog(counts)
    return result


def _backlog(counts: PeriodCounts) -> np.ndarray:
    net = np.array(counts.opened, dtype=np.int64) - np.array(counts.closed, dtype=np.int64)
    backlog: np.ndarray = counts.carried + np.cumsum(net)
    return backlog


def stopped_coming_down(backlog: np.ndarray, index: int, window: int, minimum: int) -> bool:
    """It fell over the window before, it did not fall over the latest window."""
    if index - 2 * window < 0 or backlog[index] < max(minimum, 1):
        return False
    earlier, middle, now = backlog[index - 2 * window], backlog[index - window], backlog[index]
    return bool(middle < earlier and now >= middle)


def backlog_alerts(
    rules: AlertsConfig, journey: Journey, issues: ir.Table, calendar: Calendar | None
) -> list[Alert]:
    if calendar is None:
        return []
    alerts = []
    last = len(calendar) - 1
    w = rules.backlog_window
    for touchpoint, series in backlog_series(issues, calendar).items():
        if not stopped_coming_down(series, last, w, rules.backlog_min):
            continue
        owner, tp_name, url, rank = _where(journey, touchpoint)
        if touchpoint is None:
            tp_name, url = "All touchpoints", "issues/index.html"
        earlier, middle, now = int(series[last - 2 * w]), int(series[last - w]), int(series[last])
        alerts.append(
            Alert(
                rule="backlog",
                rule_label=RULES["backlog"],
                owner=owner,
                touchpoint=touchpoint,
                touchpoint_name=tp_name,
                metric=None,
                metric_name=None,
                title=f"Open issues stopped coming down: {now:,} now, {middle:,} at "
                f"{calendar.label(last - w)}, after falling from {earlier:,}",
                evidence=Evidence(
                    value=float(now),
                    display=f"{now:,} open",
                    n=now,
                    low=None,
                    high=None,
                    interval_display=None,
                    since=calendar.keys[last - w],
                    detail=f"{earlier:,} → {middle:,} → {now:,} over windows of {w} periods",
                ),
                url=url,
                moment_of_truth=rank,
            )
        )
    return alerts


@dataclass(frozen=True)
class AlertRules:
    """The rules' settings, as ``alerts.json`` states them beside the alerts they made."""

    sustained_periods: int
    issue_age_days: int
    category_age_days: Mapping[str, int]
    backlog_window: int
    backlog_min: int
    labels: Mapping[str, str]  # rule id → what the pages call it


@dataclass(frozen=True)
class AlertsFile:
    """``alerts.json``: every alert of the build, grouped by owner too."""

    period: PeriodRef | None  # the latest period
    data_as_of: str | None
    rules: AlertRules
    count: int
    alerts: tuple[Alert, ...]
    by_owner: Mapping[str, tuple[Alert, ...]]  # by owner's name, in name order


def alerts_json(
    alerts: list[Alert],
    period: PeriodRef | None,
    data_as_of: str | None,
    rules: AlertsConfig,
    sustained: int,
) -> AlertsFile:
    """``alerts.json``: every alert, grouped by owner too, and the rules that made them."""
    by_owner: dict[str, list[Alert]] = defaultdict(list)
    for alert in alerts:
        by_owner[alert.owner].append(alert)
    return AlertsFile(
        period=period,
        data_as_of=data_as_of,
        rules=AlertRules(
            sustained_periods=sustained,
            issue_age_days=rules.issue_age_days,
            category_age_days=dict(sorted(rules.category_age_days.items())),
            backlog_window=rules.backlog_window,
            backlog_min=rules.backlog_min,
            labels=RULES,
        ),
        count=len(alerts),
        alerts=tuple(alerts),
        by_owner={owner: tuple(found) for owner, found in sorted(by_owner.items())},
    )

"""What each digest says, read from the typed site model and its views; every free text
redacted."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..model.alerts import LEADERSHIP, Alert
from ..model.customers import CustomerFacts
from ..model.issue_types import OpenIssue
from ..model.metric import TileHeadline
from ..model.site_model import SiteModel
from ..privacy import Privacy
from ..views.owners import OwnedTouchpoint
from ..views.site import SiteViews
from ..views.weekly_pack import AttentionItem, ChangeItem, IssuesThisPeriod
from .rows import (
    AlertCount,
    DigestAlert,
    DigestAttention,
    DigestChange,
    DigestCustomers,
    DigestIssue,
    DigestOutcome,
    DigestTouchpoint,
    redacted,
)

ISSUES_LISTED = 15
CHANGES_LISTED = 12
# The retention groups the leadership digest compares, in the order it lists them.
CUSTOMER_GROUPS = ("issue", "no-issue", "detractor", "promoter")
NO_ISSUE_FLOW = IssuesThisPeriod(opened=None, closed=None, backlog=None, backlog_change=None)


@dataclass(frozen=True)
class Digest:
    """One e-mail's content: for an owner, or for leadership (``owner`` is LEADERSHIP)."""

    owner: str
    slug: str
    title: str
    period: str
    data_as_of: str
    site_url: str
    touchpoints: tuple[DigestTouchpoint, ...] = ()
    changes: tuple[DigestChange, ...] = ()
    alerts: tuple[DigestAlert, ...] = ()
    issues: tuple[DigestIssue, ...] = ()
    open_issues: int = 0
    outcomes: tuple[DigestOutcome, ...] = ()
    attention: tuple[DigestAttention, ...] = ()
    issue_flow: IssuesThisPeriod = NO_ISSUE_FLOW
    customers: DigestCustomers | None = None
    alert_counts: tuple[AlertCount, ...] = ()

    @property
    def is_leadership(self) -> bool:
        return self.owner == LEADERSHIP


@dataclass(frozen=True)
class _Heading:
    """What every digest of one build says at its top."""

    title: str
    period: str
    data_as_of: str
    site_url: str


def link(base_url: str, url: str) -> str:
    """An absolute link when the site's address is known; the page's path otherwise."""
    return f"{base_url}/{url}" if base_url else url


def compose_digests(model: SiteModel, views: SiteViews, privacy: Privacy) -> list[Digest]:
    """One digest per owner of a touchpoint, then the leadership digest."""
    site = model.site
    base = site.base_url
    latest = site.period.latest
    heading = _Heading(
        title=site.title,
        period=latest.label if latest else "",
        data_as_of=site.data_as_of or "",
        site_url=link(base, "index.html"),
    )
    by_owner = model.alerts.by_owner
    digests = []
    for owner in views.owners.owners:
        urls = {t.url for t in owner.touchpoints}
        ids = {t.id for t in owner.touchpoints}
        mine = [i for i in model.issues.open if i.touchpoint in ids]
        digests.append(
            Digest(
                owner=owner.owner,
                slug=owner.slug,
                title=heading.title,
                period=heading.period,
                data_as_of=heading.data_as_of,
                site_url=heading.site_url,
                open_issues=len(mine),
                touchpoints=redacted(
                    tuple(_touchpoint(t, base) for t in owner.touchpoints), privacy
                ),
                # the pack links to the metric on the page: compare the pages
                changes=redacted(
                    tuple(
                        _change(c, base) for c in views.changes.items if c.url.split("#")[0] in urls
                    )[:CHANGES_LISTED],
                    privacy,
                ),
                alerts=redacted(_alerts(by_owner.get(owner.owner, ()), base), privacy),
                issues=redacted(tuple(_issue(i, base) for i in mine[:ISSUES_LISTED]), privacy),
            )
        )
    digests.append(_leadership(model, views, heading, privacy))
    return digests


def _leadership(model: SiteModel, views: SiteViews, heading: _Heading, privacy: Privacy) -> Digest:
    base = model.site.base_url
    changes = views.changes
    by_owner = model.alerts.by_owner
    outcomes = tuple(
        DigestOutcome(
            name=m.name,
            display=m.latest.display,
            target=m.target_display,
            status=m.latest.status,
            status_label=m.latest.status_label,
            change=m.change_verdict or m.change_display,
        )
        for m in model.outcomes
    )
    counts = tuple(
        AlertCount(owner=owner, count=len(items))
        for owner, items in sorted(by_owner.items())
        if owner != LEADERSHIP
    )
    customers = model.customers
    return Digest(
        owner=LEADERSHIP,
        slug="leadership",
        title=heading.title,
        period=heading.period,
        data_as_of=heading.data_as_of,
        site_url=heading.site_url,
        open_issues=model.issues.open_count,
        outcomes=redacted(outcomes, privacy),
        changes=redacted(tuple(_change(c, base) for c in changes.items[:CHANGES_LISTED]), privacy),
        attention=redacted(tuple(_attention(t, base) for t in changes.attention), privacy),
        alerts=redacted(_alerts(by_owner.get(LEADERSHIP, ()), base), privacy),
        alert_counts=redacted(counts, privacy),
        issue_flow=changes.issues,
        customers=redacted(_customers(customers), privacy) if customers.available else None,
    )


def _customers(facts: CustomerFacts) -> DigestCustomers:
    latest = facts.latest
    groups = {g.group: g for g in facts.by_issue + facts.by_nps}
    return DigestCustomers(
        on_books=facts.on_books,
        gained=latest.gained if latest else None,
        lost=latest.lost if latest else None,
        net=latest.net if latest else None,
        retention=latest.retention if latest else None,
        currency=facts.currency,
        at_risk_customers=facts.at_risk_customers,
        at_risk_value=facts.at_risk_value,
        groups=tuple(
            groups[k] for k in CUSTOMER_GROUPS if k in groups and groups[k].rate is not None
        ),
    )


def _touchpoint(t: OwnedTouchpoint, base: str) -> DigestTouchpoint:
    headline = t.headline
    return DigestTouchpoint(
        name=t.name,
        url=link(base, t.url),
        moment_of_truth=t.moment_of_truth,
        metric=headline.name if headline else None,
        display=headline.latest.display if headline else "–",
        target=headline.target_display if headline else "–",
        status=headline.latest.status if headline else "nodata",
        status_label=headline.latest.status_label if headline else "No headline metric",
        change=headline.change_display if headline else "",
        open_issues=t.open_issues,
    )


def _attention(t: AttentionItem, base: str) -> DigestAttention:
    # The pack lists a touchpoint for its headline being off or near target, so it has
    # one; the fallbacks are those of a touchpoint without a headline all the same.
    headline: TileHeadline | None = t.headline
    return DigestAttention(
        name=t.name,
        owner=t.owner,
        url=link(base, t.url),
        display=headline.latest.display if headline else "–",
        target=headline.target_display if headline else "–",
        status=headline.latest.status if headline else "nodata",
        status_label=headline.latest.status_label if headline else "No headline metric",
    )


def _change(c: ChangeItem, base: str) -> DigestChange:
    return DigestChange(
        kind=c.kind,
        touchpoint=c.touchpoint,
        metric=c.metric or "",
        text=c.text,
        good=c.good,
        url=link(base, c.url),
    )


def _alerts(alerts: Sequence[Alert], base: str) -> tuple[DigestAlert, ...]:
    return tuple(_alert(a, base) for a in alerts)


def _alert(a: Alert, base: str) -> DigestAlert:
    evidence = a.evidence
    facts = []
    if evidence.n is not None:
        facts.append(f"n = {evidence.n:,}")
    if evidence.interval_display:
        facts.append(f"interval {evidence.interval_display}")
    if evidence.since:
        facts.append(f"since {evidence.since}")
    return DigestAlert(
        rule=a.rule_label,
        touchpoint=a.touchpoint_name,
        title=a.title,
        evidence="; ".join(facts),
        detail=evidence.detail,
        url=link(base, a.url),
    )


def _issue(i: OpenIssue, base: str) -> DigestIssue:
    return DigestIssue(
        id=i.id,
        touchpoint=i.touchpoint_name,
        category=i.category,
        age_days=i.age_days,
        opened=i.opened,
        status=i.status,
        action=i.action or "No next step recorded",
        assignee=i.owner,
        url=link(base, i.touchpoint_url or "issues/index.html"),
    )

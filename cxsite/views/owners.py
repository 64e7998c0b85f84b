"""The owners page: each owner's touchpoints, how they stand, and their alerts."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..model.alerts import LEADERSHIP, Alert
from ..model.issue_types import OwnerIssues
from ..model.metric import TileHeadline
from .touchpoint import PageLink, TouchpointView


@dataclass(frozen=True)
class OwnedTouchpoint:
    id: str
    name: str
    url: str
    moment_of_truth: int | None
    headline: TileHeadline | None
    stage: PageLink
    open_issues: int


@dataclass(frozen=True)
class OwnerView:
    owner: str
    slug: str
    touchpoints: tuple[OwnedTouchpoint, ...]
    status_counts: dict[str, int]
    open_issues: int
    open_issues_assigned: int
    alerts: tuple[Alert, ...]


@dataclass(frozen=True)
class OwnersPage:
    owners: tuple[OwnerView, ...]
    leadership_alerts: tuple[Alert, ...]


def owners_page(
    touchpoints: Sequence[TouchpointView],
    issues_by_owner: Sequence[OwnerIssues],
    alerts_by_owner: Mapping[str, Sequence[Alert]],
) -> OwnersPage:
    owners: dict[str, list[TouchpointView]] = defaultdict(list)
    for tp in touchpoints:
        owners[tp.owner].append(tp)
    assigned = {o.owner: o.open for o in issues_by_owner}
    result = []
    for owner in sorted(owners):
        tiles = owners[owner]
        counts: dict[str, int] = defaultdict(int)
        for tile in tiles:
            counts[tile.tile.status] += 1
        result.append(
            OwnerView(
                owner=owner,
                slug=slug(owner),
                touchpoints=tuple(
                    OwnedTouchpoint(
                        t.id,
                        t.name,
                        t.url,
                        t.moment_of_truth,
                        t.headline,
                        t.stage,
                        t.issues.open_count,
                    )
                    for t in tiles
                ),
                status_counts=dict(sorted(counts.items())),
                open_issues=sum(t.issues.open_count for t in tiles),
                open_issues_assigned=assigned.get(owner, 0),
                alerts=tuple(alerts_by_owner.get(owner, ())),
            )
        )
    return OwnersPage(tuple(result), tuple(alerts_by_owner.get(LEADERSHIP, ())))


def slug(text: str) -> str:
    out = "".join(ch.lower() if ch.isalnum() else "-" for ch in text)
    return "-".join(part for part in out.split("-") if part)

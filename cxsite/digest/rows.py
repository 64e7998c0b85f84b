"""The rows a digest lists, as small frozen dataclasses the templates only present.

Every row holds text that came from the project's data (issue actions, alert details,
touchpoint and metric names): :func:`redacted` removes personal data from every text
field of a row, however deep, so a new field cannot slip through unredacted.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TypeVar, cast

from ..model.customers import RetentionGroup
from ..privacy import Privacy, redact


@dataclass(frozen=True)
class DigestTouchpoint:
    """One of an owner's touchpoints with its headline metric, or "–" without one."""

    name: str
    url: str
    moment_of_truth: int | None
    metric: str | None
    display: str
    target: str
    status: str
    status_label: str
    change: str
    open_issues: int


@dataclass(frozen=True)
class DigestChange:
    """An item of the weekly pack; ``good`` is None when a change is neither."""

    kind: str
    touchpoint: str
    metric: str
    text: str
    good: bool | None
    url: str


@dataclass(frozen=True)
class DigestAlert:
    rule: str
    touchpoint: str
    title: str
    evidence: str  # n, interval and since, joined; "" when there is none
    detail: str
    url: str


@dataclass(frozen=True)
class DigestIssue:
    """An open issue on one of the owner's touchpoints, with its next step."""

    id: str
    touchpoint: str
    category: str
    age_days: int | None
    opened: str
    status: str
    action: str
    assignee: str
    url: str


@dataclass(frozen=True)
class DigestOutcome:
    name: str
    display: str
    target: str
    status: str
    status_label: str
    change: str  # the tested verdict when there is one, the plain change otherwise


@dataclass(frozen=True)
class DigestAttention:
    """A touchpoint whose headline is off or near target, for leadership."""

    name: str
    owner: str
    url: str
    display: str
    target: str
    status: str
    status_label: str


@dataclass(frozen=True)
class DigestCustomers:
    """The customer book this period and retention of the groups that have a rate."""

    on_books: int
    gained: int | None
    lost: int | None
    net: int | None
    retention: float | None
    currency: str
    at_risk_customers: int | None
    at_risk_value: float | None
    groups: tuple[RetentionGroup, ...]


@dataclass(frozen=True)
class AlertCount:
    owner: str
    count: int


Row = TypeVar("Row")


def redacted(value: Row, privacy: Privacy) -> Row:
    """``value`` with personal data removed from every text in it: texts, tuples of
    rows and the text fields of dataclasses, however nested; other values as they are."""
    if isinstance(value, str):
        return cast(Row, redact(value, privacy))
    if isinstance(value, tuple):
        return cast(Row, tuple(redacted(item, privacy) for item in value))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            f.name: redacted(getattr(value, f.name), privacy) for f in dataclasses.fields(value)
        }
        return dataclasses.replace(value, **changes)
    return value

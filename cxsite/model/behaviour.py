"""Moments of truth from behaviour: metrics counted from customer-level events.

A journey metric may carry a ``behaviour`` rule instead of coming from an export's
column, for example repeat contact::

    - id: repeat-contact
      name: Repeat contact (3 in 30 days)
      touchpoint: help-phone
      kind: process
      unit: "%"
      direction: lower
      target: 10
      behaviour: {events: contacts, count: 3, within_days: 30}

An event is one issue opened (``events: issues``) or one row of a contacts source
(``events: contacts``) by a customer. A customer *reaches the moment* at an event when
it is at least their ``count``-th within ``within_days`` days (without ``within_days``:
exactly their ``count``-th ever, e.g. the 10th order). Per period the metric is the share
of customers with an event in the period who reached the moment (``measure: share``, %,
n = customers with an event), or the number who reached it (``measure: count``).
The result is a metric like any other: target, status, trend, control chart, alerts.
This module reads the rule; :mod:`cxsite.model.moments` counts it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..inputs.schema import Reader
from ..inputs.yamlfile import LineDict

EVENTS = ("issues", "contacts")
MEASURES = ("share", "count")


@dataclass(frozen=True)
class BehaviourRule:
    events: str
    count: int
    within_days: int | None = None
    measure: str = "share"
    touchpoints: tuple[str, ...] = ()  # only events at these touchpoints; all when empty


def read_behaviour(read: Reader) -> BehaviourRule | None:
    data = read.mapping("behaviour")
    if data is None:
        return None
    sub = read.child("behaviour", data)
    sub.check_keys(("events", "count", "within_days", "measure", "touchpoints"))
    events = sub.choice("events", EVENTS, required=True)
    count = sub.integer("count", None, required=True, minimum=1)
    touchpoints = data.get("touchpoints") if isinstance(data, LineDict) else None
    if events is None or count is None:
        return None
    return BehaviourRule(
        events=events,
        count=count,
        within_days=sub.integer("within_days", None, minimum=1),
        measure=sub.choice("measure", MEASURES, "share") or "share",
        touchpoints=tuple(str(t) for t in touchpoints) if isinstance(touchpoints, list) else (),
    )

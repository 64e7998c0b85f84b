"""Moments of truth from behaviour, counted in the engine (the rule:
:mod:`cxsite.model.behaviour`).

Whether a customer reaches the moment at an event depends on their earlier events, in
order: it is their ``count``-th event ever, or the event ``count - 1`` places before it
(their own) is at most ``within_days`` days earlier. Both are window functions over each
customer's events ordered by date, with the events' order in the export breaking ties
(``row_number`` and ``lag``), so the same query runs on DuckDB, PostgreSQL and Spark.
Events before the calendar count towards the order; only events inside it are counted,
and only one row per period comes back: the customers with an event in it and how many
of them reached the moment.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .aggregates import in_calendar
from .customer_queries import fetch_rows
from .periods import Calendar

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from ..model.behaviour import BehaviourRule


@dataclass(frozen=True)
class MomentCount:
    """One period: customers with an event in it, and how many of them reached the moment."""

    period: int
    customers: int
    reached: int


def behaviour_events(table: ir.Table, events: str) -> ir.Table:
    """The events of a rule's kind (``issues``: each issue at its opening; ``contacts``:
    each contact) as ``customer``, ``date``, ``touchpoint`` and ``export_order``."""
    if events == "issues":
        return table.select("customer", "touchpoint", "export_order", date=table.opened)
    return table.select("customer", "date", "touchpoint", "export_order")


def moment_counts(events: ir.Table, rule: BehaviourRule, calendar: Calendar) -> list[MomentCount]:
    """Per period of the calendar with an event (sorted by period): customers with an
    event, and customers who reached the moment at one of their events in it."""
    import ibis

    rows = events.filter(events.customer.notnull(), events.date.notnull())
    if rule.touchpoints:
        rows = rows.filter(rows.touchpoint.isin(list(rule.touchpoints)))
    order = ibis.window(group_by=rows.customer, order_by=[rows.date, rows.export_order])
    back = rule.count - 1
    if rule.within_days is None:
        reached = ibis.row_number().over(order) == back
    elif back == 0:
        reached = rows.date.notnull()
    else:
        earlier = rows.date.lag(back).over(order)
        within = rows.date <= earlier + ibis.interval(days=rule.within_days)
        reached = earlier.notnull() & within.fill_null(False)
    marked = rows.mutate(reached=reached.ifelse(1, 0))
    dated = in_calendar(marked, calendar)
    per_customer = dated.group_by("period", "customer").aggregate(reached=dated.reached.max())
    per_period = per_customer.group_by("period").aggregate(
        customers=per_customer.count(), reached=per_customer.reached.sum()
    )
    found = fetch_rows(per_period.order_by("period"))
    return [MomentCount(int(r["period"]), int(r["customers"]), int(r["reached"])) for r in found]

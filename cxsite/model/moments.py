"""Counting moments of truth from behaviour (see :mod:`cxsite.model.behaviour` for the rule).

The events are ordered and counted in the engine (:mod:`cxsite.data.moment_queries`);
one row per period comes back.
"""

from __future__ import annotations

from ..data.moment_queries import behaviour_events, moment_counts
from ..data.periods import Calendar
from ..data.sources import Dataset
from ..inputs.journey import Journey
from .measures import Cell


def behaviour_cells(
    data: Dataset, journey: Journey, calendar: Calendar
) -> dict[str, list[Cell | None]]:
    result: dict[str, list[Cell | None]] = {}
    for metric in journey.metrics:
        rule = metric.behaviour
        if rule is None:
            continue
        # Counting: a period without events reached the moment zero times.
        empty = Cell(value=0.0, n=0) if rule.measure == "count" else None
        cells: list[Cell | None] = [empty] * len(calendar)
        result[metric.id] = cells
        if data.rows(rule.events) == 0 or len(calendar) == 0:
            continue
        events = behaviour_events(data.table(rule.events), rule.events)
        for found in moment_counts(events, rule, calendar):
            if rule.measure == "share":
                cells[found.period] = Cell(
                    value=100.0 * found.reached / found.customers, n=found.customers
                )
            else:
                cells[found.period] = Cell(value=float(found.reached), n=found.reached)
    return result

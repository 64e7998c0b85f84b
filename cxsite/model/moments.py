"""Counting moments of truth from behaviour (see :mod:`cxsite.model.behaviour` for the rule)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..data.periods import Calendar, period_index
from ..data.sources import Dataset
from ..inputs.journey import Journey
from .behaviour import BehaviourRule
from .measures import Cell


def _events(data: Dataset, rule: BehaviourRule) -> pd.DataFrame:
    if rule.events == "issues":
        frame = data.issues[["customer", "opened", "touchpoint"]].rename(columns={"opened": "date"})
    else:
        frame = data.contacts[["customer", "date", "touchpoint"]]
    frame = frame[frame["customer"].notna() & frame["date"].notna()]
    if rule.touchpoints:
        frame = frame[frame["touchpoint"].isin(list(rule.touchpoints))]
    return frame.sort_values(["customer", "date"], kind="stable")


def moment_reached(frame: pd.DataFrame, rule: BehaviourRule) -> np.ndarray:
    """For each event (sorted by customer, then date): does the customer reach the moment?"""
    customers = frame["customer"].to_numpy()
    days = frame["date"].to_numpy(dtype="datetime64[ns]")
    rank = frame.groupby("customer", sort=False).cumcount().to_numpy()
    back = rule.count - 1
    if rule.within_days is None:
        return np.asarray(rank == back)
    reached = np.zeros(len(frame), dtype=bool)
    if back == 0:
        return ~reached
    if len(frame) <= back:
        return reached
    earlier = np.empty_like(days)
    earlier[back:] = days[:-back]
    same = np.zeros(len(frame), dtype=bool)
    same[back:] = customers[back:] == customers[:-back]
    window = np.timedelta64(rule.within_days, "D")
    reached[back:] = same[back:] & (days[back:] - earlier[back:] <= window)
    return reached


def behaviour_cells(
    data: Dataset, journey: Journey, calendar: Calendar
) -> dict[str, list[Cell | None]]:
    result: dict[str, list[Cell | None]] = {}
    for metric in journey.metrics:
        rule = metric.behaviour
        if rule is None:
            continue
        frame = _events(data, rule)
        # Counting: a period without events reached the moment zero times.
        empty = Cell(value=0.0, n=0) if rule.measure == "count" else None
        cells: list[Cell | None] = [empty] * len(calendar)
        result[metric.id] = cells
        if len(frame) == 0:
            continue
        periods = period_index(frame["date"], calendar)
        marks = pd.DataFrame(
            {
                "customer": frame["customer"].to_numpy(),
                "period": periods,
                "reached": moment_reached(frame, rule),
            }
        )
        marks = marks[marks["period"] >= 0]
        per_customer = marks.groupby(["period", "customer"], sort=True)["reached"].any()
        per_period = per_customer.groupby(level="period").agg(["size", "sum"])
        sizes = per_period["size"].to_numpy(dtype=np.int64)
        sums = per_period["sum"].to_numpy(dtype=np.int64)
        for period, customers, reached in zip(
            per_period.index.to_numpy(dtype=np.int64), sizes, sums, strict=True
        ):
            if rule.measure == "share":
                cells[int(period)] = Cell(
                    value=100.0 * int(reached) / int(customers), n=int(customers)
                )
            else:
                cells[int(period)] = Cell(value=float(reached), n=int(reached))
    return result

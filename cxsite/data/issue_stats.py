"""The issues page's counts and resolution times, computed in the engine.

Three small results cross into Python: one row per period with the issues opened and
closed in it (plus the issues carried into the first period, so the backlog is a
running sum; the same per touchpoint for the alerts), one row per category (open,
opened recently, total), and one row per touchpoint, category and owner (and one
overall) with the number of closed issues and the median and 90th percentile of their
days to resolve.

The quantiles are the engine's exact ones with linear interpolation between the two
nearest ranks, as numpy's default method: DuckDB ``quantile_cont``, PostgreSQL
``percentile_cont``, Spark ``percentile`` (what Ibis's ``quantile`` compiles to on
each). The three interpolate in a different order of float operations, which moves a
result by an ulp at most; days are whole numbers and the model rounds to six places, so
the rounded figures agree with numpy's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from .aggregates import in_calendar
from .periods import Calendar
from .spark import is_spark, spark_arrow

if TYPE_CHECKING:
    import ibis.expr.types as ir

# The breakdowns of resolution times; "overall" is the one row over every closed issue.
DIMENSIONS = ("touchpoint", "category", "owner")
UNASSIGNED = "Unassigned"


@dataclass(frozen=True)
class PeriodCounts:
    """Issues opened and closed in each period of the calendar, and the issues opened
    before its first period and still open at its start."""

    opened: tuple[int, ...]
    closed: tuple[int, ...]
    carried: int


@dataclass(frozen=True)
class CategoryStats:
    """One category's issues: open now, opened in the recent periods, all of them."""

    category: str
    open: int
    opened_recent: int
    total: int


@dataclass(frozen=True)
class ResolutionStats:
    """Closed issues of one breakdown row (``dimension`` "overall" has name "") and the
    median and 90th percentile of their days to resolve (None when none is closed)."""

    dimension: str
    name: str
    closed: int
    median: float | None
    p90: float | None


def period_counts(issues: ir.Table, calendar: Calendar) -> PeriodCounts:
    """Per period of the calendar: issues opened and closed; and the issues carried in
    (opened before the first period, not closed before it)."""
    rows = _fetch(_flow(issues, calendar, []))
    return _counts(rows, len(calendar))


def touchpoint_period_counts(issues: ir.Table, calendar: Calendar) -> dict[str, PeriodCounts]:
    """:func:`period_counts` for each touchpoint that has issues counted in them (an
    issue without a touchpoint counts only in the whole's), by touchpoint id."""
    keyed = issues.filter(issues.touchpoint.notnull())
    found: dict[str, list[dict[str, Any]]] = {}
    for row in _fetch(_flow(keyed, calendar, ["touchpoint"])):
        found.setdefault(str(row["touchpoint"]), []).append(row)
    return {tp: _counts(rows, len(calendar)) for tp, rows in sorted(found.items())}


def _flow(issues: ir.Table, calendar: Calendar, keys: list[str]) -> ir.Table:
    """One row per ``keys``, what (opened, closed, carried) and period (-1 for carried)
    with its count: the one definition of the issue flow and of "open at the start"."""
    import ibis

    start = ibis.literal(calendar.starts[0].to_pydatetime(), type="timestamp")

    def per_period(column: str) -> ir.Table:
        rows = in_calendar(issues, calendar, column)
        counted = rows.group_by([*keys, "period"]).aggregate(n=ibis._.count())
        return counted.mutate(what=ibis.literal(column))

    before = issues.filter(issues.opened < start, issues.closed.isnull() | (issues.closed >= start))
    carried = (
        before.group_by(keys).aggregate(n=ibis._.count())
        if keys
        else before.aggregate(n=before.count())
    )
    carried = carried.mutate(period=ibis.literal(-1, type="int64"), what=ibis.literal("carried"))
    columns = [*keys, "what", "period", "n"]
    parts = [
        per_period("opened").select(*columns),
        per_period("closed").select(*columns),
        carried.select(*columns),
    ]
    return ibis.union(*parts)


def _counts(rows: list[dict[str, Any]], count: int) -> PeriodCounts:
    found: dict[str, list[int]] = {"opened": [0] * count, "closed": [0] * count}
    carried_in = 0
    for row in rows:
        if row["what"] == "carried":
            carried_in = int(row["n"])
        else:
            found[row["what"]][int(row["period"])] = int(row["n"])
    return PeriodCounts(tuple(found["opened"]), tuple(found["closed"]), carried_in)


def category_stats(issues: ir.Table, recent_from: pd.Timestamp | None) -> list[CategoryStats]:
    """Per category: open issues, issues opened on or after ``recent_from`` (all of them
    when it is None), and all issues; sorted by category."""
    import ibis

    rows = issues.filter(issues.category.notnull())
    opened_recent = rows.count()
    if recent_from is not None:
        since = ibis.literal(recent_from.to_pydatetime(), type="timestamp")
        opened_recent = (rows.opened >= since).ifelse(1, 0).sum()
    grouped = rows.group_by("category").aggregate(
        open=rows.is_open.ifelse(1, 0).sum(), opened_recent=opened_recent, total=rows.count()
    )
    found: list[dict[str, Any]] = _fetch(grouped)
    return sorted(
        (
            CategoryStats(
                str(r["category"]), int(r["open"]), int(r["opened_recent"]), int(r["total"])
            )
            for r in found
        ),
        key=lambda c: c.category,
    )


def resolution_stats(issues: ir.Table) -> list[ResolutionStats]:
    """Closed issues and the median and 90th percentile of their days to resolve
    (``closed`` minus ``opened``, both taken as dates, in whole days): overall, then per
    touchpoint, category and owner (no owner counts as "Unassigned"), each sorted by
    name. An overall row is always there, with 0 closed when none is."""
    import ibis

    closed = issues.filter(issues.closed.notnull(), issues.opened.notnull())
    # Whole days between the two dates, as a float so every engine interpolates in floats.
    days = (closed.closed.date().epoch_days() - closed.opened.date().epoch_days()).cast("float64")
    rows = closed.select(
        days=days,
        touchpoint=closed.touchpoint,
        category=closed.category,
        owner=closed.owner.fill_null(UNASSIGNED),
    )
    stats = {
        "closed": rows.days.count(),
        "median": rows.days.quantile(0.5),
        "p90": rows.days.quantile(0.9),
    }
    parts = [
        rows.aggregate(**stats).mutate(dimension=ibis.literal("overall"), name=ibis.literal(""))
    ]
    for dimension in DIMENSIONS:
        keyed = rows.filter(rows[dimension].notnull())
        parts.append(
            keyed.group_by(name=keyed[dimension])
            .aggregate(
                closed=keyed.days.count(),
                median=keyed.days.quantile(0.5),
                p90=keyed.days.quantile(0.9),
            )
            .mutate(dimension=ibis.literal(dimension))
        )
    columns = ("dimension", "name", "closed", "median", "p90")
    result = ibis.union(*(part.select(*columns) for part in parts))
    found: list[dict[str, Any]] = _fetch(result)
    order = {name: index for index, name in enumerate(("overall", *DIMENSIONS))}
    found.sort(key=lambda r: (order[r["dimension"]], r["name"]))
    return [
        ResolutionStats(
            str(r["dimension"]),
            str(r["name"]),
            int(r["closed"]),
            None if r["median"] is None or not r["closed"] else float(r["median"]),
            None if r["p90"] is None or not r["closed"] else float(r["p90"]),
        )
        for r in found
    ]


def _fetch(expr: ir.Table) -> list[dict[str, Any]]:
    """A small result's rows; from Spark as Arrow batches, not through pandas (see
    :mod:`.spark`)."""
    arrow = spark_arrow(expr) if is_spark(expr) else expr.to_pyarrow()
    rows: list[dict[str, Any]] = arrow.to_pylist()
    return rows

"""Cell by cell: dates and numbers parsed, and every bad cell a problem naming its row.

The checks run in the engine over a source's parsed stage (:mod:`cxsite.data.stage`).
A date must also be plausible (see :mod:`cxsite.data.canonical`): rows outside the window,
or in a thin group of dates far from the rest of their column, are left out with a
warning (an error under ``--strict``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ..inputs.config import DatesConfig
from . import cellsql as sql
from .cellsql import ident
from .rawread import fetch
from .stage import Check, Stage

if TYPE_CHECKING:
    from .canonical import Field

# No measurement a customer room shows comes near this; beyond it a cell is a typo or an
# overflow from the exporting tool, and squares and sums of such values overflow floats.
MAX_MAGNITUDE = 1e15
# A group of rows beyond a long gap is an outlier when it holds at most this share of
# its column (and fewer rows than the main body): real history is not that thin.
OUTLIER_SHARE = 0.1
# Dates the rows' consumers can hold (nanosecond timestamps in pandas and Arrow).
_FIRST_HOLDABLE = dt.date(1678, 1, 1)
_LAST_HOLDABLE = dt.date(2261, 12, 31)


@dataclass(frozen=True)
class Cleaned:
    """What the cell checks leave: the rows to drop (a condition over the stage) and each
    field's value with unusable numbers removed."""

    dropped: str
    values: dict[str, str]


def cell_checks(
    stage: Stage,
    fields: list[Field],
    styles: dict[str, tuple[str | None, str | None]],
    window: DatesConfig,
    today: dt.date,
) -> Cleaned:
    """Report every bad date and number of the stage, field by field in canonical order."""
    source = stage.source
    history = source.kind == "customers"
    outside: list[str] = []
    values: dict[str, str] = {}
    for f in fields:
        column = f.column or f.name
        s, cell = f"s.{ident(f.name)}", f"c.{ident('__v_' + f.name)}"
        values[f.name] = s
        if f.engine_type == "NULL" or f.typ == "str":
            continue
        if f.typ == "date":
            outside.append(_date_checks(stage, f, column, s, cell, window, today, history))
            continue
        by_comma = f"s.{ident('__amb_' + f.name)}"
        by_point = f"s.{ident('__ambp_' + f.name)}"
        ambiguous = f"({by_comma} OR {by_point})"
        # A number column of the export (Parquet, a database) has no text to misread.
        present = "false" if sql.is_numeric(f.engine_type) else f"s.{ident('__has_' + f.name)}"
        name = source.name
        checks = [
            Check(
                by_comma,
                cell,
                f"'{column}' holds a number with a comma that may group thousands or mark decimals",
                f"Set 'sources.{name}.thousands: \",\"' if 1,234 means 1234, or"
                f" 'sources.{name}.decimal: \",\"' if it means 1.234",
            ),
            Check(
                by_point,
                cell,
                f"'{column}' holds a number with a point that may group thousands"
                " or mark decimals, among numbers with a decimal comma",
                f"Set 'sources.{name}.thousands: \".\"' if 1.234 means 1234, or"
                f" 'sources.{name}.decimal: \".\"' if it means 1.234",
            ),
            Check(
                f"{s} IS NULL AND {present} AND NOT {ambiguous}",
                cell,
                f"'{column}' is not a number",
                f"Column '{column}' ({f.name}) must hold numbers;"
                " fix the cell or map another column",
            ),
            Check(
                f"isinf({s})",
                cell,
                f"'{column}' is not a finite number",
                f"Column '{column}' ({f.name}) must hold ordinary numbers; fix the cell",
            ),
            Check(
                f"abs({s}) > {MAX_MAGNITUDE} AND NOT isinf({s})",
                cell,
                f"'{column}' is too large to be a measurement (more than {MAX_MAGNITUDE:g})",
                f"Column '{column}' ({f.name}) must hold ordinary numbers; fix the cell",
            ),
        ]
        stage.run(checks)
        values[f.name] = f"CASE WHEN abs({s}) <= {MAX_MAGNITUDE} THEN {s} END"
    return Cleaned(" OR ".join(outside) if outside else "false", values)


def _date_checks(
    stage: Stage,
    f: Field,
    column: str,
    s: str,
    cell: str,
    window: DatesConfig,
    today: dt.date,
    history: bool,
) -> str:
    """Report the field's unparseable, missing and implausible dates; returns the
    condition of the rows it leaves out."""
    source = stage.source
    present = f"s.{ident('__has_' + f.name)}"
    fmt_text = source.date_format or "ISO 8601 (YYYY-MM-DD)"
    checks = [
        Check(
            f"{s} IS NULL AND {present}",
            cell,
            f"unparseable date in column '{column}'",
            f"Expected {fmt_text}; set 'sources.{source.name}.date_format' "
            "to the export's format (e.g. '%d/%m/%Y') or fix the cell",
        )
    ]
    if f.required:
        checks.append(
            Check(
                f"NOT ({present})",
                cell,
                f"empty date in column '{column}'",
                "Every row needs a date; fill it in or filter the row out with 'where'",
            )
        )
    stage.run(checks)
    first = _FIRST_HOLDABLE if history else max(window.earliest, _FIRST_HOLDABLE)
    last = min(today + dt.timedelta(days=window.future_days), _LAST_HOLDABLE)
    day = f"CAST({s} AS DATE)"
    outside = f"({s} IS NOT NULL AND ({day} < DATE '{first}' OR {day} > DATE '{last}'))"
    if not history:
        outside = f"({outside} OR {_stragglers(stage, s, outside, window.max_gap_days)})"
    latest = today + dt.timedelta(days=window.future_days)
    stage.run(
        [
            Check(
                outside,
                f"NULLIF(trim(CAST({cell} AS VARCHAR)), '')",
                f"date in column '{column}' is outside the plausible window; the row is left out",
                f"Dates run from {window.earliest.isoformat()} to {latest.isoformat()} (the build"
                f" day plus {window.future_days}), and a few rows more than"
                f" {window.max_gap_days} days away from the rest of their column are typos;"
                " fix the cell, or widen 'dates' in the config",
                warning=True,
            )
        ]
    )
    return outside


def _stragglers(stage: Stage, s: str, outside: str, max_gap: int) -> str:
    """The condition of rows in a thin group of days separated from the main body of the
    column by a gap longer than ``max_gap`` days (found on the column's day counts)."""
    counts = fetch(
        stage.engine,
        f'SELECT CAST({s} AS DATE) AS d, count(*) FROM "{stage.table}" s'
        f" WHERE {s} IS NOT NULL AND NOT {outside} GROUP BY d ORDER BY d",
    )
    if not counts:
        return "false"
    days = np.array([d.toordinal() for d, _ in counts])
    sizes_of_day = np.array([n for _, n in counts])
    breaks = np.flatnonzero(np.diff(days) > max_gap) + 1
    if len(breaks) == 0:
        return "false"
    groups = np.split(np.arange(len(days)), breaks)
    sizes = [int(sizes_of_day[g].sum()) for g in groups]
    largest = max(sizes)
    limit = max(1.0, OUTLIER_SHARE * int(sizes_of_day.sum()))
    stray = [
        (dt.date.fromordinal(int(days[g[0]])), dt.date.fromordinal(int(days[g[-1]])))
        for g, size in zip(groups, sizes, strict=True)
        if size < largest and size <= limit
    ]
    if not stray:
        return "false"
    day = f"CAST({s} AS DATE)"
    return "(" + " OR ".join(f"({day} BETWEEN DATE '{a}' AND DATE '{b}')" for a, b in stray) + ")"

"""Cell by cell: dates and numbers parsed, and every bad cell a problem naming its row.

Dates must also be plausible (:class:`~cxsite.inputs.config.DatesConfig`): a row dated before
``dates.earliest``, after the day of the build, or far from the rest of its column (one
row in 2200 among rows from 2024) is left out with a warning naming file, row and value
— an error under ``--strict``. Kept, such a row would stretch every period axis over
hundreds of empty weeks.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from ..errors import Problems
from ..inputs.config import DatesConfig, SourceConfig
from .numbers import parse_numbers

MAX_ROWS_REPORTED = 5
# No measurement a customer room shows comes near this; beyond it a cell is a typo or an
# overflow from the exporting tool, and squares and sums of such values overflow floats.
MAX_MAGNITUDE = 1e15
# A group of rows beyond a long gap is an outlier when it holds at most this share of
# its column (and fewer rows than the main body): real history is not that thin.
OUTLIER_SHARE = 0.1
_NS_FIRST = pd.Timestamp("1678-01-01")
_NS_LAST = pd.Timestamp("2261-12-31")


def text_cells(values: pd.Series) -> pd.Series:
    """Trimmed text with missing for empty cells, vectorised (exports run to millions of rows)."""
    # Missing cells stay missing: pandas 2 spells them "nan" or "None" in astype("str").
    text = values.astype("str").str.strip().where(values.notna())
    return text.mask(text == "")


class RowChecker:
    """Turns bad cells into problems: the first few rows each, then a count."""

    def __init__(
        self, source: SourceConfig, problems: Problems, window: DatesConfig, today: dt.date
    ) -> None:
        self.source = source
        self.problems = problems
        self.window = window
        self.today = today
        # rows left out because a date is out of the window, across all date columns
        self.out_of_window = pd.Series(dtype=bool)
        # A customer book's join dates are tenure, decades deep by nature: only dates
        # after the build are implausible there.
        self.history = source.kind == "customers"
        self.keys: pd.Series | None = None
        self.key_column = ""

    def identify(self, keys: pd.Series, column: str) -> None:
        """Name rows by ``keys`` (a table's rows have no numbers a person can look up)."""
        self.keys = keys
        self.key_column = column

    def place(self, row: int) -> dict[str, Any]:
        """Where a row is, for a problem: its key in a table, else its row number."""
        key = self.keys.get(row) if self.keys is not None else None
        if key is not None and not pd.isna(key):
            return {"file": f"{self.source.shown_path} ({self.key_column} {key})"}
        return {"file": self.source.shown_path, "row": row}

    def report(
        self,
        bad: pd.Series,
        values: pd.Series,
        message: str,
        hint: str,
        warning: bool = False,
    ) -> None:
        rows = list(bad[bad].index[: MAX_ROWS_REPORTED + 1])
        total = int(bad.sum())
        add = self.problems.warn if warning else self.problems.add
        for row in rows[:MAX_ROWS_REPORTED]:
            add(message, **self.place(int(row)), value=values.loc[row], hint=hint)
        if total > MAX_ROWS_REPORTED:
            add(
                f"{message}: {total - MAX_ROWS_REPORTED:,} more rows like these",
                file=self.source.shown_path,
                hint=hint,
            )

    def dates(self, values: pd.Series, name: str, column: str, required: bool) -> pd.Series:
        if pd.api.types.is_datetime64_any_dtype(values):
            parsed = values
            if getattr(parsed.dt, "tz", None) is not None:
                parsed = parsed.dt.tz_convert("UTC").dt.tz_localize(None)
            empty = parsed.isna()
            bad = far = pd.Series(False, index=values.index)
            shown = values
        else:
            text = text_cells(values)
            empty = text.isna()
            fmt = self.source.date_format or "ISO8601"
            parsed = pd.to_datetime(text, format=fmt, errors="coerce", utc=True)
            parsed = parsed.dt.tz_localize(None)
            bad = parsed.isna() & ~empty
            # A well-formed date beyond what the parser's unit can hold (9999-12-31 on
            # pandas with nanosecond dates) is out of the window, not unparseable.
            far = pd.Series(False, index=values.index)
            if bad.any():
                spelled = text[bad].map(lambda v: _python_date(v, fmt) is not None)
                far = spelled.reindex(values.index, fill_value=False).astype(bool)
            bad &= ~far
            shown = text
        if bad.any():
            fmt_text = self.source.date_format or "ISO 8601 (YYYY-MM-DD)"
            self.report(
                bad,
                values,
                f"unparseable date in column '{column}'",
                f"Expected {fmt_text}; set 'sources.{self.source.name}.date_format' "
                "to the export's format (e.g. '%d/%m/%Y') or fix the cell",
            )
        if required and empty.any():
            self.report(
                empty,
                values,
                f"empty date in column '{column}'",
                "Every row needs a date; fill it in or filter the row out with 'where'",
            )
        outside = self._outside_window(parsed) | far
        if outside.any():
            self.report(
                outside,
                shown,
                f"date in column '{column}' is outside the plausible window; the row is left out",
                self._window_hint(),
                warning=True,
            )
            parsed = parsed.mask(outside)
            previous = self.out_of_window.reindex(values.index, fill_value=False)
            self.out_of_window = previous | outside
        return parsed.astype("datetime64[ns]")

    def _window_hint(self) -> str:
        w = self.window
        latest = self.today + dt.timedelta(days=w.future_days)
        return (
            f"Dates run from {w.earliest.isoformat()} to {latest.isoformat()} (the build day"
            f" plus {w.future_days}), and a few rows more than {w.max_gap_days} days away from"
            " the rest of their column are typos; fix the cell, or widen 'dates' in the config"
        )

    def _outside_window(self, parsed: pd.Series) -> pd.Series:
        """Rows whose date lies outside the window, as a boolean mask."""
        days = parsed.astype("datetime64[s]").dt.floor("D")
        first = max(pd.Timestamp(self.window.earliest), _NS_FIRST)
        last = min(pd.Timestamp(self.today + dt.timedelta(days=self.window.future_days)), _NS_LAST)
        if self.history:
            first = _NS_FIRST
        outside = days.notna() & ((days < first) | (days > last))
        if self.history:
            return outside
        return outside | self._stragglers(days.mask(outside))

    def _stragglers(self, days: pd.Series) -> pd.Series:
        """Rows in a thin group separated from the main body of dates by a long gap."""
        known = days.dropna()
        if known.empty:
            return pd.Series(False, index=days.index)
        ordinal = (known.astype("datetime64[s]").astype("int64") // 86400).to_numpy()
        unique, counts = np.unique(ordinal, return_counts=True)
        breaks = np.flatnonzero(np.diff(unique) > self.window.max_gap_days) + 1
        if len(breaks) == 0:
            return pd.Series(False, index=days.index)
        groups = np.split(np.arange(len(unique)), breaks)
        sizes = [int(counts[g].sum()) for g in groups]
        largest = max(sizes)
        limit = max(1.0, OUTLIER_SHARE * len(known))
        stray_days = [
            unique[g]
            for g, size in zip(groups, sizes, strict=True)
            if size < largest and size <= limit
        ]
        if not stray_days:
            return pd.Series(False, index=days.index)
        stray = pd.Series(np.isin(ordinal, np.concatenate(stray_days)), index=known.index)
        return stray.reindex(days.index, fill_value=False)

    def numbers(self, values: pd.Series, name: str, column: str) -> pd.Series:
        if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
            parsed = values.astype("float64")
            text = values.astype("object").where(values.notna())
        else:
            text = text_cells(values)
            parsed, ambiguous = parse_numbers(text, self.source.decimal, self.source.thousands)
            if ambiguous.any():
                name_ = self.source.name
                self.report(
                    ambiguous,
                    values,
                    f"'{column}' holds a number with a comma that may group thousands"
                    " or mark decimals",
                    f"Set 'sources.{name_}.thousands: \",\"' if 1,234 means 1234, or"
                    f" 'sources.{name_}.decimal: \",\"' if it means 1.234",
                )
                text = text.mask(ambiguous)
        bad = parsed.isna() & text.notna()
        if bad.any():
            self.report(
                bad,
                values,
                f"'{column}' is not a number",
                f"Column '{column}' ({name}) must hold numbers; fix the cell or map another column",
            )
        infinite = pd.Series(np.isinf(parsed.to_numpy()), index=parsed.index)
        if infinite.any():
            # "inf", "1e309" and Excel's overflow all read as infinity: no period can use it
            self.report(
                infinite,
                values,
                f"'{column}' is not a finite number",
                f"Column '{column}' ({name}) must hold ordinary numbers; fix the cell",
            )
        huge = pd.Series(np.abs(parsed.to_numpy()) > MAX_MAGNITUDE, index=parsed.index) & ~infinite
        if huge.any():
            self.report(
                huge,
                values,
                f"'{column}' is too large to be a measurement (more than {MAX_MAGNITUDE:g})",
                f"Column '{column}' ({name}) must hold ordinary numbers; fix the cell",
            )
        return parsed.mask(infinite | huge)


def _python_date(text: str, fmt: str) -> dt.datetime | None:
    """The date ``text`` spells in ``fmt``, parsed without pandas' range limit."""
    try:
        if fmt in ("ISO8601", "mixed"):
            return dt.datetime.fromisoformat(text)
        return dt.datetime.strptime(text, fmt)
    except ValueError:
        return None

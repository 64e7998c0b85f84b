"""Reporting periods: every date belongs to the week (or month) that starts on or before it."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..inputs.config import WEEKDAYS, PeriodConfig


@dataclass(frozen=True)
class Calendar:
    """The run of reporting periods from the first data date to the data-as-of date."""

    config: PeriodConfig
    starts: tuple[pd.Timestamp, ...]

    @functools.cached_property
    def keys(self) -> list[str]:
        return [s.strftime("%Y-%m-%d") for s in self.starts]

    @functools.cached_property
    def labels(self) -> list[str]:
        return [period_label(s, self.config) for s in self.starts]

    def label(self, index: int) -> str:
        return self.labels[index]

    def end(self, index: int) -> pd.Timestamp:
        """The last instant of period ``index`` (exclusive upper bound)."""
        return next_start(self.starts[index], self.config)

    def __len__(self) -> int:
        return len(self.starts)


def period_starts(dates: pd.Series, config: PeriodConfig) -> pd.Series:
    """The start of the period holding each date, vectorised."""
    days = dates.dt.normalize()
    if config.unit == "month":
        months: pd.Series = days.dt.to_period("M").dt.start_time
        return months.astype("datetime64[ns]")
    start = WEEKDAYS.index(config.week_start)
    offset = (days.dt.day_of_week - start) % 7
    starts: pd.Series = days - pd.to_timedelta(offset, unit="D")
    return starts.astype("datetime64[ns]")


def next_start(start: pd.Timestamp, config: PeriodConfig) -> pd.Timestamp:
    if config.unit == "month":
        return start + pd.offsets.MonthBegin(1)
    return start + pd.Timedelta(days=7)


def make_calendar(first: pd.Timestamp, last: pd.Timestamp, config: PeriodConfig) -> Calendar:
    one = pd.Series([first, last]).astype("datetime64[ns]")
    start, stop = period_starts(one, config)
    starts = []
    current = start
    while current <= stop:
        starts.append(pd.Timestamp(current))
        current = next_start(current, config)
    return Calendar(config=config, starts=tuple(starts))


def period_label(start: pd.Timestamp, config: PeriodConfig) -> str:
    if config.unit == "month":
        return start.strftime("%b %Y")
    return f"w/c {start.day} {start.strftime('%b %Y')}"


def period_index(dates: pd.Series, calendar: Calendar) -> np.ndarray:
    """Position of each date's period in the calendar (-1 when outside it)."""
    starts = period_starts(dates, calendar.config)
    values = starts.to_numpy(dtype="datetime64[ns]").astype("int64")
    keys = np.array([s.value for s in calendar.starts], dtype=np.int64)
    pos = np.searchsorted(keys, values)
    pos = np.clip(pos, 0, len(keys) - 1)
    found = keys[pos] == values
    return np.where(found, pos, -1).astype(np.int64)

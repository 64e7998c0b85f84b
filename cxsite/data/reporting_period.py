"""Which period the site reports on, and which periods it shows.

The reporting date is the newest survey response or metric observation — what the
headlines are made of — unless ``period.as_of`` pins it. Issue close dates and
comments do not move it: an issue closed after the last survey week, or one stray
comment, must not make an empty week "this week". The site shows ``period.history``
periods up to that date, so one very old row does not stretch every chart's time axis.
"""

from __future__ import annotations

import dataclasses

import pandas as pd

from ..inputs.config import SiteConfig
from .periods import Calendar, make_calendar
from .sources import Dataset


def reporting_date(config: SiteConfig, data: Dataset) -> pd.Timestamp | None:
    """The data-as-of date (see the module docstring); None when there is no data.

    The latest period is the one holding the newest survey response or observation;
    the date is the newest date of any source inside that period (so an issue closed on
    its last day still counts, and one closed weeks later does not).
    """
    if config.period.as_of:
        return pd.Timestamp(config.period.as_of)
    found = [
        frame[column].max()
        for frame, column in ((data.responses, "date"), (data.observations, "date"))
        if len(frame) and frame[column].notna().any()
    ]
    if not found:
        # No survey or process data: issues opened and comments posted are what there
        # is; a close date is still not new data (issues closed after the last one was
        # opened made an empty week "this week").
        found = [
            frame[column].max()
            for frame, column in ((data.issues, "opened"), (data.comments, "date"))
            if len(frame) and frame[column].notna().any()
        ]
    if not found:
        return None
    newest = pd.Timestamp(max(found))
    latest = make_calendar(newest, newest, config.period)
    end = latest.end(0)
    inside = [
        frame[column][frame[column] < end].max()
        for frame, column in (
            (data.issues, "opened"),
            (data.issues, "closed"),
            (data.comments, "date"),
        )
        if len(frame)
    ]
    return max([newest, *(pd.Timestamp(d) for d in inside if not pd.isna(d))])


def site_calendar(config: SiteConfig, data: Dataset, as_of: pd.Timestamp | None) -> Calendar | None:
    """The periods the site shows: up to the period holding ``as_of``, at most
    ``period.history`` of them, starting with the first one that has data."""
    if as_of is None:
        return None
    last = make_calendar(as_of, as_of, config.period).starts[0]
    back = config.period.history_periods - 1
    if config.period.unit == "month":
        window_start = last - pd.DateOffset(months=back)
    else:
        window_start = last - pd.Timedelta(days=7 * back)
    # the first date shown is the first one inside the window, so one very old row does
    # not add years of empty periods in front of everything else
    firsts = [
        frame.loc[(frame[column] >= window_start) & (frame[column] <= as_of), column].min()
        for frame, column in (
            (data.observations, "date"),
            (data.responses, "date"),
            (data.issues, "opened"),
            (data.comments, "date"),
        )
        if len(frame)
    ]
    firsts = [f for f in firsts if not pd.isna(f)]
    return make_calendar(min(firsts) if firsts else as_of, as_of, config.period)


def up_to(data: Dataset, calendar: Calendar | None) -> Dataset:
    """The data without rows dated after the reporting period (a pinned ``as_of`` in
    the past, or issues and comments newer than the last survey week)."""
    if calendar is None or not len(calendar):
        return data
    end = calendar.end(len(calendar) - 1)
    issues = data.issues[~(data.issues["opened"] >= end)]
    later = (issues["closed"] >= end).to_numpy()
    if later.any():
        # closed after the reporting period: as of then, still open
        issues = issues.copy()
        issues.loc[later, "closed"] = pd.NaT
        issues.loc[later, "status"] = None
        issues.loc[later, "is_open"] = True
    return dataclasses.replace(
        data,
        observations=data.observations[~(data.observations["date"] >= end)],
        responses=data.responses[~(data.responses["date"] >= end)],
        issues=issues,
        comments=data.comments[~(data.comments["date"] >= end)],
    )

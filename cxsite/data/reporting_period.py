"""Which period the site reports on, and which periods it shows.

The reporting date is the newest survey response or metric observation — what the
headlines are made of — unless ``period.as_of`` pins it. Issue close dates and
comments do not move it: an issue closed after the last survey week, or one stray
comment, must not make an empty week "this week". The site shows ``period.history``
periods up to that date, so one very old row does not stretch every chart's time axis.
"""

from __future__ import annotations

from collections.abc import Iterable

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
    found = _dates(data.newest(k, c) for k, c in (("responses", "date"), ("observations", "date")))
    if not found:
        # No survey or process data: issues opened and comments posted are what there
        # is; a close date is still not new data (issues closed after the last one was
        # opened made an empty week "this week").
        found = _dates(data.newest(k, c) for k, c in (("issues", "opened"), ("comments", "date")))
    if not found:
        return None
    newest = max(found)
    latest = make_calendar(newest, newest, config.period)
    end = latest.end(0)
    inside = _dates(
        data.newest(kind, column, before=end)
        for kind, column in (("issues", "opened"), ("issues", "closed"), ("comments", "date"))
    )
    return max([newest, *inside])


def _dates(found: Iterable[pd.Timestamp | None]) -> list[pd.Timestamp]:
    return [pd.Timestamp(d) for d in found if d is not None]


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
    parts = " UNION ALL ".join(
        f'SELECT min("{column}") AS first FROM "{data.names[kind]}"'
        f' WHERE "{column}" >= $start AND "{column}" <= $end'
        for kind, column in (
            ("observations", "date"),
            ("responses", "date"),
            ("issues", "opened"),
            ("comments", "date"),
        )
    )
    found = data.engine.con.con.execute(
        f"SELECT min(first) FROM ({parts})",
        {"start": pd.Timestamp(window_start).to_pydatetime(), "end": as_of.to_pydatetime()},
    ).fetchone()
    first = pd.Timestamp(found[0]) if found and found[0] is not None else as_of
    return make_calendar(first, as_of, config.period)


def up_to(data: Dataset, calendar: Calendar | None) -> Dataset:
    """The data without rows dated after the reporting period (a pinned ``as_of`` in
    the past, or issues and comments newer than the last survey week)."""
    if calendar is None or not len(calendar):
        return data
    end = f"TIMESTAMP '{calendar.end(len(calendar) - 1).isoformat(sep=' ')}'"
    # closed after the reporting period: as of then, still open
    later = f"coalesce(closed >= {end}, false)"
    return data.derive(
        observations=f"SELECT * FROM {{rows}} WHERE NOT coalesce(date >= {end}, false)",
        responses=f"SELECT * FROM {{rows}} WHERE NOT coalesce(date >= {end}, false)",
        issues=(
            f"SELECT * REPLACE (CASE WHEN {later} THEN NULL ELSE closed END AS closed,"
            f" CASE WHEN {later} THEN NULL ELSE status END AS status,"
            f" CASE WHEN {later} THEN true ELSE is_open END AS is_open)"
            f" FROM {{rows}} WHERE NOT coalesce(opened >= {end}, false)"
        ),
        comments=f"SELECT * FROM {{rows}} WHERE NOT coalesce(date >= {end}, false)",
    )

"""Aggregations checked against values worked out by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cxsite.data.periods import make_calendar, period_label, period_starts
from cxsite.inputs.config import PeriodConfig
from cxsite.inputs.journey import Metric
from cxsite.model.measures import format_change, format_value, nps, status_of, top_two_box


def metric(**kw: object) -> Metric:
    base = dict(
        id="m",
        name="M",
        kind="survey",
        touchpoint="t",
        unit="",
        direction="higher",
        target=None,
        aggregate="mean",
        source="responses",
        scale=(1.0, 5.0),
        maps_to=None,
        near=None,
        decimals=None,
        order=0,
    )
    base.update(kw)
    return Metric(**base)  # type: ignore[arg-type]


def test_nps_by_hand() -> None:
    # 10 answers: promoters 9,9,10,10 (4); passives 7,8 (2); detractors 0,3,6,6 (4)
    # NPS = 100 * (4 - 4) / 10 = 0
    assert nps(np.array([9, 9, 10, 10, 7, 8, 0, 3, 6, 6])) == 0
    # 4 promoters of 5, 1 detractor: 100 * (4 - 1) / 5 = 60
    assert nps(np.array([10, 9, 9, 10, 2])) == pytest.approx(60)
    assert nps(np.array([0, 0])) == -100
    assert nps(np.array([10])) == 100


def test_csat_top_two_box_by_hand() -> None:
    # 1-5 scale: 4s and 5s count. 3 of 5 -> 60 %
    assert top_two_box(np.array([5, 4, 3, 2, 5]), 5) == pytest.approx(60)
    # 1-7 scale: 6s and 7s count. 1 of 4 -> 25 %
    assert top_two_box(np.array([7, 5, 5, 1]), 7) == pytest.approx(25)


def test_status_honours_direction_and_near_band() -> None:
    higher = metric(target=80.0)
    assert status_of(81, higher, 0.05) == "on"
    assert status_of(80, higher, 0.05) == "on"
    assert status_of(76.5, higher, 0.05) == "near"  # within 5 % of 80 = 4 points
    assert status_of(75.9, higher, 0.05) == "off"
    lower = metric(target=60.0, direction="lower", kind="process", source="observations")
    assert status_of(50, lower, 0.05) == "on"
    assert status_of(62.9, lower, 0.05) == "near"  # band 3 s
    assert status_of(63.1, lower, 0.05) == "off"
    assert status_of(10, metric(), 0.05) == "none"
    assert status_of(None, higher, 0.05) == "nodata"
    explicit = metric(target=30.0, aggregate="nps", near=5.0)
    assert status_of(25, explicit, 0.05) == "near"
    assert status_of(24.9, explicit, 0.05) == "off"


def test_formatting() -> None:
    assert format_value(34.4, metric(aggregate="nps")) == "34"
    assert format_value(-12.0, metric(aggregate="nps")) == "−12"
    assert format_value(81.25, metric(aggregate="csat")) == "81%"
    assert format_value(4.26, metric(aggregate="ces")) == "4.3"
    assert format_value(95.0, metric(unit="s", source="observations", kind="process")) == "95.0 s"
    assert (
        format_value(1234.0, metric(unit="customers", source="observations")) == "1,234 customers"
    )
    assert format_change(-23.3, metric(aggregate="nps")) == "−23 pts"
    assert format_change(0.01, metric(aggregate="nps")) == "no change"
    assert format_change(-10.0, metric(unit="s", source="observations")) == "−10.0 s"


def test_weeks_start_on_the_configured_day() -> None:
    dates = pd.Series(pd.to_datetime(["2024-09-01", "2024-09-02", "2024-09-08", "2024-09-09"]))
    monday = period_starts(dates, PeriodConfig("week", "monday"))
    # Sun 1 Sep belongs to the week starting Mon 26 Aug
    assert [d.strftime("%Y-%m-%d") for d in monday] == [
        "2024-08-26",
        "2024-09-02",
        "2024-09-02",
        "2024-09-09",
    ]
    sunday = period_starts(dates, PeriodConfig("week", "sunday"))
    assert [d.strftime("%Y-%m-%d") for d in sunday] == [
        "2024-09-01",
        "2024-09-01",
        "2024-09-08",
        "2024-09-08",
    ]
    month = period_starts(dates, PeriodConfig("month"))
    assert {d.strftime("%Y-%m-%d") for d in month} == {"2024-09-01"}
    cal = make_calendar(dates.min(), dates.max(), PeriodConfig("week", "monday"))
    assert cal.keys == ["2024-08-26", "2024-09-02", "2024-09-09"]
    assert period_label(cal.starts[1], cal.config) == "w/c 2 Sep 2024"

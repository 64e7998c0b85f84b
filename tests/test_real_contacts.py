"""Moments of truth from a real contact log: customers' inbound support tweets (an excerpt
of a public dataset, ``fixtures/support_tweets_contacts.csv``: 966 tweets of 340
authors, dates as Twitter writes them), against a second computation in pandas.

The second computation sorts each author's tweets by time and compares each with the one
``count - 1`` places before it (``shift``), or takes the author's ``count``-th tweet; a
week's figure is over the authors who tweeted in it. Tweets before the site's first week
(the excerpt starts in August 2016, the site in October 2017) count towards the order
but are not counted.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from projects import make_project

from cxsite.build import build
from cxsite.model.serialise import to_json

FIXTURE = Path(__file__).parent / "fixtures" / "support_tweets_contacts.csv"
TWITTER = "%a %b %d %H:%M:%S %z %Y"

CONFIG = f"""\
title: Support room
organisation: Test Co
min_n: 1
sources:
  kpi:
    kind: observations
    path: data/kpi.csv
    columns: {{date: day, metric: kpi, value: val}}
  asks:
    kind: contacts
    path: data/support_tweets_contacts.csv
    date_format: "{TWITTER}"
    columns: {{customer: author_id, date: created_at}}
    defaults: {{touchpoint: help}}
"""
JOURNEY = """\
stages:
  - {id: get-help, name: Get help, goal: I want my problem solved}
touchpoints:
  - {id: help, stage: get-help, name: Twitter help, channel: social, owner: Ann Owner}
metrics:
  - {id: answer-time, name: Time to answer, touchpoint: help, kind: process, direction: lower}
  - id: repeat-2d
    name: Second contact within 2 days
    touchpoint: help
    kind: process
    unit: "%"
    direction: lower
    behaviour: {events: contacts, count: 2, within_days: 2}
  - id: three-in-a-week
    name: Third contact within 7 days
    touchpoint: help
    kind: process
    unit: "%"
    direction: lower
    behaviour: {events: contacts, count: 3, within_days: 7}
  - id: third-ever
    name: Third contact ever
    touchpoint: help
    kind: process
    direction: lower
    behaviour: {events: contacts, count: 3, measure: count}
"""
# The site's weeks: 2 October to the week of 27 November 2017.
KPI = "day,kpi,val\n2017-10-02,answer-time,5\n2017-12-03,answer-time,4\n"


@pytest.fixture(scope="module")
def series(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, dict]]:
    root = make_project(
        tmp_path_factory.mktemp("tweets"),
        {
            "cxsite.yml": CONFIG,
            "content/journey.yml": JOURNEY,
            "data/kpi.csv": KPI,
            "content/quote-action.md": None,  # the base project's note on another journey
        },
    )
    shutil.copy(FIXTURE, root / "data" / FIXTURE.name)
    result = build(root, out=root / "site", use_cache=False)
    metrics = to_json(result.model.metrics)  # type: ignore[union-attr]
    return {
        metric: {p["period"]: p for p in metrics[metric]["series"]}
        for metric in ("repeat-2d", "three-in-a-week", "third-ever")
    }


def _by_pandas() -> pd.DataFrame:
    log = pd.read_csv(FIXTURE, dtype=str)
    log["when"] = pd.to_datetime(log["created_at"], format=TWITTER).dt.tz_localize(None)
    log = log.sort_values(["author_id", "when"], kind="stable")
    by_author = log.groupby("author_id")["when"]
    log["repeat-2d"] = log["when"] - by_author.shift(1) <= pd.Timedelta(days=2)
    log["three-in-a-week"] = log["when"] - by_author.shift(2) <= pd.Timedelta(days=7)
    log["third-ever"] = log.groupby("author_id").cumcount() == 2
    day = log["when"].dt.normalize()
    log["week"] = (day - pd.to_timedelta(day.dt.day_of_week, unit="D")).dt.strftime("%Y-%m-%d")
    per_author = log.groupby(["week", "author_id"])[
        ["repeat-2d", "three-in-a-week", "third-ever"]
    ].any()
    return per_author.groupby(level="week").agg(["size", "sum"])


def test_repeat_contacts_in_real_tweets_equal_pandas(series: dict[str, dict[str, dict]]) -> None:
    expected = _by_pandas()
    weeks = sorted(series["repeat-2d"])
    assert weeks[0] == "2017-10-02" and weeks[-1] == "2017-11-27"
    counted = 0
    for week in weeks:
        for metric in ("repeat-2d", "three-in-a-week"):
            point = series[metric][week]
            if week not in expected.index:
                assert (point["value"], point["n"]) == (None, 0)
                continue
            authors, reached = (
                expected.loc[week, (metric, "size")],
                expected.loc[week, (metric, "sum")],
            )
            assert point["n"] == authors
            assert point["value"] == pytest.approx(100 * reached / authors, abs=1e-6)
            counted += 1
        third = expected.loc[week, ("third-ever", "sum")] if week in expected.index else 0
        assert series["third-ever"][week]["value"] == third
    assert counted >= 10  # most weeks have tweets
    # the excerpt's busiest week has real repeats of each kind
    assert expected[("repeat-2d", "sum")].max() > 10
    assert expected[("three-in-a-week", "sum")].max() > 5

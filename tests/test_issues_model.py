"""The issues model is typed, frozen and built once; its numbers are counted by hand.

The project is the small inline one of ``projects.py``: four tickets in two weeks,
T1 (quote, Delay, 2 Sep, closed 5 Sep), T2 (quote, Price, 3 Sep, open, Ann),
T3 (settle, Delay, 9 Sep, open, Bob) and T4 (settle, Comms, 10 Sep, closed 11 Sep).
The reporting date is 11 Sep 2024, the last survey response.
"""

from __future__ import annotations

import dataclasses

import pytest
from projects import make_project

from cxsite.build import load_project
from cxsite.data.reporting_period import reporting_date, site_calendar, up_to
from cxsite.model.issue_types import IssuesModel
from cxsite.model.issues import issues_model
from cxsite.model.serialise import to_json


@pytest.fixture(scope="module")
def issues(tmp_path_factory: pytest.TempPathFactory) -> IssuesModel:
    loaded = load_project(make_project(tmp_path_factory.mktemp("issues") / "p"))
    as_of = reporting_date(loaded.config, loaded.data)
    calendar = site_calendar(loaded.config, loaded.data, as_of)
    data = up_to(loaded.data, calendar)
    return issues_model(data, calendar, as_of, loaded.journey, loaded.config)


def test_flow_backlog_and_open_issues_counted_by_hand(issues: IssuesModel) -> None:
    assert issues.as_of == "2024-09-11"
    assert (issues.total, issues.open_count) == (4, 2)
    # week of 2 Sep: T1 and T2 opened, T1 closed; week of 9 Sep: T3 and T4 opened, T4 closed
    flow = [(p.period, p.opened, p.closed, p.backlog) for p in issues.periods]
    assert flow == [("2024-09-02", 2, 1, 1), ("2024-09-09", 2, 1, 2)]
    assert issues.latest == issues.periods[-1] and issues.backlog_change == 1
    # oldest first: T2 is 8 days old on 11 Sep, T3 2 days
    assert [(i.id, i.age_days, i.owner, i.action) for i in issues.open] == [
        ("T2", 8, "Ann", "Call back customer"),
        ("T3", 2, "Bob", "Chase assessor"),
    ]
    assert [(o.owner, o.open, o.oldest_age_days) for o in issues.by_owner] == [
        ("Ann", 1, 8),
        ("Bob", 1, 2),
    ]
    assert issues.by_owner[0].oldest == (issues.open[0],)
    # most open first, then most recent: Delay (1 open of 2), Price (1 of 1), Comms (0 of 1)
    counts = [(c.category, c.open, c.opened_recent, c.total) for c in issues.by_category]
    assert counts == [("Delay", 1, 2, 2), ("Price", 1, 1, 1), ("Comms", 0, 1, 1)]


def test_analytics_counted_by_hand(issues: IssuesModel) -> None:
    resolution = issues.analytics.resolution
    # T1 took 3 days, T4 1 day: median 2; 90th percentile 1 + 0.9 * (3 - 1) = 2.8
    overall = resolution.overall
    assert (overall.closed, overall.median_days, overall.p90_days) == (2, 2.0, 2.8)
    assert [(r.name, r.closed, r.median_days) for r in resolution.by("touchpoint")] == [
        ("quote", 1, 3.0),
        ("settle", 1, 1.0),
    ]
    assert [r.name for r in resolution.category] == ["Comms", "Delay"]
    assert [(r.name, r.p90_days) for r in resolution.owner] == [("Ann", 3.0), ("Bob", 1.0)]
    ages = {b.bucket: b.count for b in issues.analytics.age_distribution}
    assert ages == {
        "0–7 days": 1,
        "8–14 days": 1,
        "15–30 days": 0,
        "31–60 days": 0,
        "61–90 days": 0,
        "over 90 days": 0,
    }
    # four issues opened recently: Delay 2, then Comms and Price 1 each (by name)
    pareto = [(p.category, p.count, p.cumulative_share) for p in issues.analytics.pareto]
    assert pareto == [("Delay", 2, 0.5), ("Comms", 1, 0.75), ("Price", 1, 1.0)]
    # two weeks of backlog are fewer than the three points a slope needs
    projection = issues.analytics.projection
    assert (projection.status, projection.current, projection.short) == ("not enough data", 2, None)
    assert projection.text == "Not enough history to project the backlog."


def test_the_model_is_frozen_and_holds_tuples(issues: IssuesModel) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        issues.open_count = 3  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        issues.open[0].age_days = 0  # type: ignore[misc]
    for part in (issues.periods, issues.by_category, issues.by_owner, issues.open):
        assert isinstance(part, tuple) and part
    assert isinstance(issues.analytics.pareto, tuple) and issues.analytics.pareto


def test_the_data_file_keeps_its_keys_in_order(issues: IssuesModel) -> None:
    data = to_json(issues)
    assert list(data) == [
        "as_of",
        "total",
        "open_count",
        "periods",
        "latest",
        "backlog_change",
        "recent_periods",
        "by_category",
        "by_owner",
        "open",
        "analytics",
    ]
    # an open issue as the data file writes it, written out by hand
    assert data["open"][0] == {
        "id": "T2",
        "touchpoint": "quote",
        "touchpoint_name": "Online quote",
        "touchpoint_url": "touchpoints/quote/index.html",
        # 'T2' is not lower case, so its folder carries sha256('T2')[:8]
        "url": "issues/t2-0f617ba9/index.html",
        "category": "Price",
        "opened": "2024-09-03",
        "age_days": 8,
        "status": "Open",
        "owner": "Ann",
        "action": "Call back customer",
        "severity": "",
    }
    assert list(data["analytics"]) == ["resolution", "age_distribution", "pareto", "projection"]
    assert list(data["analytics"]["resolution"]) == ["overall", "touchpoint", "category", "owner"]
    assert list(data["analytics"]["projection"])[-2:] == ["text", "short"]
    assert list(data["by_owner"][0]) == ["owner", "open", "oldest_age_days", "oldest"]

"""Customers as an asset: the book per week, retention by experience, revenue at risk and
moments of truth from behaviour — on a project small enough to work out by hand."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
from bs4 import BeautifulSoup
from projects import JOURNEY, make_project
from statsmodels.stats.proportion import proportion_confint

from cxsite.build import build
from cxsite.errors import CxsiteError
from cxsite.model.serialise import to_json

CONFIG = """\
title: Test room
organisation: Test Co
min_n: 1
sources:
  obs:
    kind: observations
    path: data/obs.csv
    columns: {date: day, metric: kpi, value: val}
  survey:
    kind: responses
    path: data/survey.csv
    columns: {date: When, metric: Q, score: Score, respondent: Rid, customer: Cust}
  tickets:
    kind: issues
    path: data/issues.csv
    columns: {id: Ticket, touchpoint: Area, category: Cat, opened: Opened, closed: Closed,
              owner: Who, customer: Cust}
  book:
    kind: customers
    path: data/customers.csv
    columns: {customer: Id, joined: Joined, left: Left, value: Premium}
  calls:
    kind: contacts
    path: data/contacts.csv
    columns: {customer: Id, date: Day}
customers:
  retention_days: 28
  currency: "£"
"""

# as of Sunday 31 March 2024: the retention window starts 3 March, the experience is
# read from 4 February to 3 March.
OBS = "day,kpi,val\n2024-02-05,quote-time,50\n2024-03-31,quote-time,50\n"
CUSTOMERS = """\
Id,Joined,Left,Premium
C1,2023-01-01,,100
C2,2023-01-01,2024-03-20,200
C3,2023-01-01,2024-03-10,300
C4,2023-01-01,,400
C5,2023-01-01,,500
C6,2024-03-10,,50
C7,2023-06-01,2024-02-01,80
C8,2023-01-01,,60
"""
ISSUES = """\
Ticket,Area,Cat,Opened,Closed,Who,Cust
T1,quote,Delay,2024-02-10,2024-02-12,Ann,C1
T2,settle,Delay,2024-02-20,,Bob,C2
T3,settle,Price,2024-03-15,,Bob,C8
T4,settle,Delay,2024-03-20,,Bob,C8
"""
SURVEY = """\
Rid,When,Q,Score,Cust
r1,2024-02-15,nps,3,C1
r2,2024-02-25,nps,10,C1
r3,2024-02-26,nps,2,C2
r4,2024-02-27,nps,8,C3
r5,2024-03-01,nps,9,C4
r6,2024-03-20,nps,0,C5
"""
CONTACTS = """\
Id,Day
X,2024-03-01
X,2024-03-10
X,2024-03-25
Y,2024-02-06
Y,2024-02-20
Y,2024-03-15
Z,2024-03-26
Z,2024-03-27
"""
MOMENTS = """\
  - id: repeat-contact
    name: Repeat contact
    touchpoint: settle
    kind: process
    unit: "%"
    direction: lower
    target: 20
    behaviour: {events: contacts, count: 3, within_days: 30}
  - id: second-contact
    name: Second contact ever
    touchpoint: settle
    kind: process
    direction: lower
    behaviour: {events: contacts, count: 2, measure: count}
  - id: repeat-issue
    name: Second issue within 30 days
    touchpoint: settle
    kind: process
    direction: lower
    behaviour: {events: issues, count: 2, within_days: 30}
"""


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> object:
    root = make_project(
        tmp_path_factory.mktemp("customers"),
        {
            "cxsite.yml": CONFIG,
            "content/journey.yml": JOURNEY + MOMENTS,
            "data/obs.csv": OBS,
            "data/survey.csv": SURVEY,
            "data/issues.csv": ISSUES,
            "data/customers.csv": CUSTOMERS,
            "data/contacts.csv": CONTACTS,
        },
    )
    return build(root)


def facts(result: object) -> dict:
    data: dict = json.loads((result.out / "data" / "customers.json").read_text())  # type: ignore[attr-defined]
    return data


def test_pipeline_per_week_by_hand(result: object) -> None:
    data = facts(result)
    weeks = {p["period"]: p for p in data["recent"]}
    # Week of 4 March: on the books at its start C1, C2, C3, C4, C5, C8 (C7 left on
    # 1 February); C6 joined on the 10th (£50), C3 left on the 10th (£300).
    week = weeks["2024-03-04"]
    assert (week["on_books"], week["gained"], week["lost"], week["net"]) == (6, 1, 1, 0)
    assert week["retention"] == pytest.approx(100 * 5 / 6, abs=1e-4)
    assert (week["value_gained"], week["value_lost"]) == (50, 300)
    # Week of 18 March: C2 left on the 20th; C6 is on the books now.
    week = weeks["2024-03-18"]
    assert (week["on_books"], week["gained"], week["lost"]) == (6, 0, 1)
    assert data["on_books"] == 5  # C1, C4, C5, C6, C8


def test_retention_by_experience_against_a_second_computation(result: object) -> None:
    data = facts(result)
    groups = {g["group"]: g for g in data["by_issue"] + data["by_nps"]}
    # Cohort on 3 March: C1..C5 and C8. Issues raised 4 Feb - 3 Mar: C1 (kept), C2 (left).
    # C8's issue came after the window opened, so C8 counts as "no issue".
    expected = {
        "issue": (2, 1, [100, 200], [1, 0]),
        "no-issue": (4, 3, [300, 400, 500, 60], [0, 1, 1, 1]),
        # Latest NPS answer in the experience span: C1 10 (after a 3), C2 2, C3 8, C4 9;
        # C5 answered after the window opened and is in no group.
        "detractor": (1, 0, [200], [0]),
        "passive": (1, 0, [300], [0]),
        "promoter": (2, 2, [100, 400], [1, 1]),
    }
    for key, (n, kept, worth, flags) in expected.items():
        group = groups[key]
        assert (group["n"], group["retained"]) == (n, kept), key
        low, high = proportion_confint(kept, n, alpha=0.05, method="wilson")
        assert group["rate"] == pytest.approx(100 * kept / n, abs=1e-4)
        assert group["low"] == pytest.approx(100 * low, abs=1e-3)
        assert group["high"] == pytest.approx(100 * high, abs=1e-3)
        x, y = np.array(worth, float), np.array(worth, float) * np.array(flags, float)
        ratio = y.sum() / x.sum()
        assert group["value_rate"] == pytest.approx(100 * ratio, abs=1e-4)
        if n >= 2:
            # Ratio estimator variance written with sample (co)variances:
            # var(R) = (s_y² + R² s_x² − 2 R s_xy) / (n x̄²)
            cov = np.cov(np.vstack([y, x]), ddof=1)
            var = (cov[0, 0] + ratio**2 * cov[1, 1] - 2 * ratio * cov[0, 1]) / (n * x.mean() ** 2)
            half = 1.959964 * math.sqrt(var)
            assert group["value_low"] == pytest.approx(100 * max(0, ratio - half), abs=1e-3)
            assert group["value_high"] == pytest.approx(100 * min(1, ratio + half), abs=1e-3)
        else:  # one customer: a share, but no variance to give it an interval
            assert group["value_low"] is None and group["value_high"] is None


def test_revenue_at_risk(result: object) -> None:
    data = facts(result)
    # Current customers with an open issue: C8 (£60); C2's issue is open but C2 has left.
    assert data["at_risk_customers"] == 1
    assert data["at_risk_value"] == 60
    assert data["at_risk_share"] == pytest.approx(100 * 60 / (100 + 400 + 500 + 50 + 60), abs=1e-4)


def test_moments_of_truth_from_behaviour(result: object) -> None:
    metrics = to_json(result.model.metrics)  # type: ignore[attr-defined]
    repeat = {p["period"]: (p["value"], p["n"]) for p in metrics["repeat-contact"]["series"]}
    # X: 1, 10 and 25 March: the third within 30 days on the 25th. Y: 6 Feb, 20 Feb,
    # 15 Mar: the third is 38 days after the first. Z: two contacts only.
    assert repeat["2024-03-25"] == (50.0, 2)  # X reached it, Z did not
    assert repeat["2024-03-11"] == (0.0, 1)  # Y
    assert repeat["2024-02-26"] == (0.0, 1)  # X, its first contact
    assert repeat["2024-02-12"] == (None, 0)  # nobody called
    second = {p["period"]: p["value"] for p in metrics["second-contact"]["series"]}
    # Second contacts: X on 10 Mar, Y on 20 Feb, Z on 27 Mar.
    assert second["2024-03-04"] == 1
    assert second["2024-02-19"] == 1
    assert second["2024-03-25"] == 1
    assert second["2024-03-11"] == 0
    assert metrics["repeat-contact"]["latest"]["status"] == "off"  # 50% against 20%
    # From the issues: C8 raised T3 on 15 March and T4 on 20 March, 5 days apart.
    issue = {p["period"]: (p["value"], p["n"]) for p in metrics["repeat-issue"]["series"]}
    assert issue["2024-03-11"] == (0.0, 1)
    assert issue["2024-03-18"] == (100.0, 1)
    assert issue["2024-02-19"] == (0.0, 1)  # C2's only issue


def test_home_and_issues_pages_show_the_customer_figures(result: object) -> None:
    out = result.out  # type: ignore[attr-defined]
    home = BeautifulSoup((out / "index.html").read_text(), "html.parser")
    assert home.select_one("#customers-now").get_text(strip=True) == "5"
    rows = {r["data-group"]: r for r in home.select("#experience-cost tr[data-group]")}
    assert "50.0%" in rows["issue"].get_text()
    assert "75.0%" in rows["no-issue"].get_text()
    issues = BeautifulSoup((out / "issues" / "index.html").read_text(), "html.parser")
    risk = issues.select_one("#revenue-at-risk")
    assert risk is not None and "£60" in risk.get_text()


def test_the_book_is_read_as_of_the_reporting_date(tmp_path: Path) -> None:
    # Pinned to Sunday 17 March: C2 (left on the 20th) is still a customer, C3 (left on
    # the 10th) is not, C6 (joined on the 10th) is: C1, C2, C4, C5, C6, C8.
    root = make_project(
        tmp_path,
        {
            "cxsite.yml": CONFIG.replace("min_n: 1", "min_n: 1\nperiod: {as_of: 2024-03-17}"),
            "content/journey.yml": JOURNEY + MOMENTS,
            "data/obs.csv": OBS,
            "data/survey.csv": SURVEY,
            "data/issues.csv": ISSUES,
            "data/customers.csv": CUSTOMERS,
            "data/contacts.csv": CONTACTS,
        },
    )
    data = facts(build(root))
    assert data["as_of"] == "2024-03-17"
    assert data["on_books"] == 6
    assert data["latest"]["period"] == "2024-03-11"


def test_config_names_are_checked_against_the_journey(tmp_path: Path) -> None:
    extra = """\
digest:
  owners:
    Anne Owner: [ann@test.example]
scorecards:
  weights:
    Bob Owner: {quote-csat: 2}
"""
    root = make_project(
        tmp_path,
        {
            "cxsite.yml": CONFIG + extra,
            "content/journey.yml": JOURNEY + MOMENTS,
            "data/obs.csv": OBS,
            "data/survey.csv": SURVEY,
            "data/issues.csv": ISSUES,
            "data/customers.csv": CUSTOMERS + "C9,2024-02-01,2024-01-01,10\n,2024-01-01,,5\n",
            "data/contacts.csv": CONTACTS,
        },
    )
    with pytest.raises(CxsiteError) as caught:
        build(root)
    text = str(caught.value.format_message())
    assert "'digest.owners' names an owner no touchpoint has: 'Anne Owner'" in text
    assert "Did you mean 'Ann Owner'?" in text
    assert "not a metric of their touchpoints" in text and "quote-csat" in text
    # Row checks of the customer book: an empty id is an error naming the file and row.
    assert "data/customers.csv, row 11" in text and "empty customer id" in text

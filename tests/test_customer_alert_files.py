"""``data/customers.json`` and ``alerts.json`` as the typed model writes them.

The expected objects are written out by hand, in the shapes the pages, the digests and
the wall's scripts read (the unavailable customer book as a project without a customers
source wrote it before the model was typed).
"""

from __future__ import annotations

import dataclasses

import pytest

from cxsite.inputs.rhythmconfig import AlertsConfig
from cxsite.model.alerts import Alert, Evidence, alerts_json
from cxsite.model.customers import CustomerFacts, PipelinePeriod
from cxsite.model.serialise import to_json
from cxsite.model.site_model import PeriodRef


def _period(key: str, gained: int) -> PipelinePeriod:
    return PipelinePeriod(key, f"w/c {key}", 100, gained, 2, gained - 2, 98.0, 10.5, 3.0)


def test_without_a_customer_book_the_file_keeps_its_shape() -> None:
    assert to_json(CustomerFacts(False, "No customers source is configured.")) == {
        "available": False,
        "reason": "No customers source is configured.",
        "customers": 0,
        "on_books": 0,
        "has_value": False,
        "book_value": None,
        "window_start": None,
        "experience_from": None,
        "as_of": None,
        "retention_days": 365,
        "confidence": 0.95,
        "by_issue": [],
        "by_nps": [],
        "nps_metric": None,
        "at_risk_customers": None,
        "at_risk_value": None,
        "at_risk_share": None,
        "linked_issues": None,
        "linked_responses": None,
        "currency": "",
        "value_name": "value",
        "latest": None,
        "recent": [],
    }


def test_the_file_has_the_latest_and_recent_periods_not_the_pipeline() -> None:
    periods = (_period("2024-09-02", 5), _period("2024-09-09", 1))
    facts = CustomerFacts(True, pipeline=periods, latest=periods[-1], recent=periods[-1:])
    written = to_json(facts)
    assert "pipeline" not in written
    assert written["latest"] == {
        "period": "2024-09-09",
        "label": "w/c 2024-09-09",
        "on_books": 100,
        "gained": 1,
        "lost": 2,
        "net": -1,
        "retention": 98.0,
        "value_gained": 10.5,
        "value_lost": 3.0,
    }
    assert written["recent"] == [written["latest"]]
    assert list(written)[-2:] == ["latest", "recent"]  # where the file has always had them
    with pytest.raises(dataclasses.FrozenInstanceError):
        facts.latest = None  # type: ignore[misc]


def _alert(owner: str, title: str) -> Alert:
    evidence = Evidence(41.0, "41 days", 3, None, None, None, "2024-07-01", "target age 28 days")
    return Alert(
        "issue-age",
        "Open issues past their target age",
        owner,
        "quote",
        "Online quote",
        None,
        None,
        title,
        evidence,
        "touchpoints/quote/index.html",
        1,
    )


def test_alerts_file_groups_the_alert_objects_by_owner() -> None:
    first, second = _alert("Zoe", "late quotes"), _alert("Ann", "late claims")
    rules = AlertsConfig(issue_age_days=30, category_age_days={"b": 5, "a": 9})
    found = alerts_json(
        [first, second], PeriodRef("2024-09-09", "w/c 9 Sep 2024", 1), "2024-09-15", rules, 3
    )
    assert found.by_owner == {"Ann": (second,), "Zoe": (first,)}
    assert found.alerts == (first, second) and found.count == 2
    written = to_json(found)
    assert list(written) == ["period", "data_as_of", "rules", "count", "alerts", "by_owner"]
    assert written["period"] == {"key": "2024-09-09", "label": "w/c 9 Sep 2024", "index": 1}
    assert written["rules"] == {
        "sustained_periods": 3,
        "issue_age_days": 30,
        "category_age_days": {"a": 9, "b": 5},
        "backlog_window": 4,
        "backlog_min": 10,
        "labels": {
            "off-target": "Newly off target",
            "control-signal": "New control-chart signal",
            "issue-age": "Open issues past their target age",
            "backlog": "Backlog stopped coming down",
        },
    }
    assert list(written["by_owner"]) == ["Ann", "Zoe"]
    assert written["by_owner"]["Ann"] == [
        {
            "rule": "issue-age",
            "rule_label": "Open issues past their target age",
            "owner": "Ann",
            "touchpoint": "quote",
            "touchpoint_name": "Online quote",
            "metric": None,
            "metric_name": None,
            "title": "late claims",
            "evidence": {
                "value": 41.0,
                "display": "41 days",
                "n": 3,
                "low": None,
                "high": None,
                "interval_display": None,
                "since": "2024-07-01",
                "detail": "target age 28 days",
            },
            "url": "touchpoints/quote/index.html",
            "moment_of_truth": 1,
        }
    ]
    assert written["alerts"] == [written["by_owner"]["Zoe"][0], written["by_owner"]["Ann"][0]]

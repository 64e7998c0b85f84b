"""Column mapping against excerpts of real public exports, taken as they come."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from projects import make_project

from cxsite.build import build, load_project

FIXTURES = Path(__file__).parent / "fixtures"

JOURNEY = """\
stages:
  - {id: bank, name: Bank with us, goal: I want my money handled right}
touchpoints:
  - {id: mortgage, stage: bank, name: Mortgage servicing, owner: Head of Mortgages}
  - {id: cards, stage: bank, name: Credit cards, owner: Head of Cards}
  - {id: collections, stage: bank, name: Collections, owner: Head of Collections}
  - {id: accounts, stage: bank, name: Current accounts, owner: Head of Accounts}
  - {id: social, stage: bank, name: Social care, owner: Head of Social}
metrics: []
"""

CONFIG = """\
title: Real exports
organisation: Test bank
sources:
  complaints:
    kind: issues
    path: data/complaints_excerpt.csv
    date_format: "%m/%d/%Y"
    columns:
      id: complaint_id
      touchpoint: product
      category: issue
      opened: date_received
      closed: date_sent_to_company
      status: company_response_to_consumer
      owner: company
    recode:
      touchpoint:
        Mortgage: mortgage
        Credit card: cards
        Debt collection: collections
        Bank account or service: accounts
        Credit reporting: cards
        Student loan: accounts
  tweets:
    kind: comments
    path: data/support_tweets_excerpt.csv
    date_format: "%a %b %d %H:%M:%S %z %Y"
    columns: {date: created_at, text: text}
    where: {inbound: "True"}
    defaults: {touchpoint: social}
"""


def real_project(tmp_path: Path) -> Path:
    root = make_project(
        tmp_path,
        {
            "cxsite.yml": CONFIG,
            "content/journey.yml": JOURNEY,
            "content/quote-action.md": None,
            "data/obs.csv": None,
            "data/survey.csv": None,
            "data/issues.csv": None,
        },
    )
    (root / "data").mkdir(exist_ok=True)
    for name in ("complaints_excerpt.csv", "support_tweets_excerpt.csv"):
        (root / "data" / name).write_bytes((FIXTURES / name).read_bytes())
    return root


def test_complaints_export_maps_onto_issues(tmp_path: Path) -> None:
    loaded = load_project(real_project(tmp_path), strict=True)
    issues = loaded.data.issues
    raw = pd.read_csv(FIXTURES / "complaints_excerpt.csv", dtype=str)
    assert len(issues) == len(raw) == 12
    first = issues.iloc[0]
    assert first["id"] == "511074" and first["touchpoint"] == "mortgage"
    # a quoted field with a comma inside stays one value
    assert first["category"] == "Loan modification,collection,foreclosure"
    assert first["opened"] == pd.Timestamp("2013-08-30")  # American m/d/yyyy
    assert first["closed"] == pd.Timestamp("2013-09-03")
    assert sorted(issues["touchpoint"].unique()) == ["accounts", "cards", "collections", "mortgage"]


def test_support_tweets_map_onto_comments(tmp_path: Path) -> None:
    loaded = load_project(real_project(tmp_path), strict=True)
    comments = loaded.data.comments
    raw = pd.read_csv(FIXTURES / "support_tweets_excerpt.csv", dtype=str)
    inbound = raw[raw["inbound"] == "True"]
    assert len(comments) == len(inbound) > 0
    assert set(comments["touchpoint"]) == {"social"}
    # "Tue Oct 31 22:11:45 +0000 2017" read as UTC
    assert comments.iloc[0]["date"] == pd.Timestamp("2017-10-31 22:11:45")
    assert comments.iloc[0]["text"] == "@sprintcare and how do you propose we do that"


def test_site_builds_from_real_exports(tmp_path: Path) -> None:
    root = real_project(tmp_path)
    result = build(root)
    assert result.model.issues.total == 12
    assert result.views is not None
    social = result.views.touchpoint("social")
    # Every inbound tweet of the excerpt (7 of its rows) is a comment, emoji kept.
    raw = pd.read_csv(FIXTURES / "support_tweets_excerpt.csv", dtype=str)
    assert social.comment_count == (raw["inbound"] == "True").sum() == 7
    assert sum("🤥" in c.text for c in social.comments) == 1

"""Small inline projects for tests: a dict of file name -> text, written to a folder."""

from __future__ import annotations

import textwrap
from pathlib import Path

CONFIG = """\
title: Test room
organisation: Test Co
min_n: 5
sources:
  obs:
    kind: observations
    path: data/obs.csv
    columns: {date: day, metric: kpi, value: val}
  survey:
    kind: responses
    path: data/survey.csv
    date_format: "%d/%m/%Y"
    columns: {date: When, metric: Q, score: Score, comment: Text, respondent: Rid}
  tickets:
    kind: issues
    path: data/issues.csv
    columns: {id: Ticket, touchpoint: Area, category: Cat, opened: Opened, closed: Closed,
              status: State, owner: Who, action: Next}
"""

JOURNEY = """\
stages:
  - id: buy
    name: Buy
    goal: I want to buy cover
  - id: claim
    name: Claim
    goal: I want my claim paid
touchpoints:
  - id: quote
    stage: buy
    name: Online quote
    channel: web
    owner: Ann Owner
    moment_of_truth: 1
  - id: settle
    stage: claim
    name: Claim settlement
    channel: phone
    owner: Bob Owner
metrics:
  - id: nps
    name: Net Promoter Score
    kind: outcome
    aggregate: nps
    target: 30
  - id: quote-time
    name: Time to quote
    touchpoint: quote
    kind: process
    unit: s
    direction: lower
    target: 60
    aggregate: mean
  - id: quote-csat
    name: Quote satisfaction
    touchpoint: quote
    kind: survey
    aggregate: csat
    target: 80
    maps_to: quote-time
  - id: settle-ces
    name: Claim effort
    touchpoint: settle
    kind: survey
    aggregate: ces
    direction: lower
    target: 3
"""

# Two weeks (Mon 2 Sep 2024 and Mon 9 Sep 2024).
OBS = """\
day,kpi,val
2024-09-02,quote-time,70
2024-09-04,quote-time,50
2024-09-09,quote-time,55
2024-09-10,quote-time,45
"""

SURVEY = """\
Rid,When,Q,Score,Text
r1,02/09/2024,nps,10,
r2,03/09/2024,nps,9,
r3,03/09/2024,nps,7,
r4,04/09/2024,nps,3,
r5,05/09/2024,nps,10,Great service
r6,09/09/2024,nps,10,
r7,09/09/2024,nps,10,
r8,10/09/2024,nps,0,<script>alert(1)</script> awful
r9,10/09/2024,nps,8,
r10,11/09/2024,nps,6,
r11,11/09/2024,nps,9,
r1,02/09/2024,quote-csat,5,Quick and easy
r2,03/09/2024,quote-csat,4,
r3,03/09/2024,quote-csat,3,
r4,04/09/2024,quote-csat,2,
r5,05/09/2024,quote-csat,5,
r6,09/09/2024,quote-csat,5,
r7,09/09/2024,quote-csat,4,
r8,10/09/2024,quote-csat,1,
r9,10/09/2024,settle-ces,2,
r10,11/09/2024,settle-ces,4,
"""

ISSUES = """\
Ticket,Area,Cat,Opened,Closed,State,Who,Next
T1,quote,Delay,2024-09-02,2024-09-05,Closed,Ann,
T2,quote,Price,2024-09-03,,Open,Ann,Call back customer
T3,settle,Delay,2024-09-09,,Open,Bob,Chase assessor
T4,settle,Comms,2024-09-10,2024-09-11,Closed,Bob,
"""

NOTE = """\
---
title: Speeding up quotes
touchpoint: quote
kind: action
owner: Ann Owner
date: 2024-09-01
---
We are **caching** prices. <script>alert('x')</script>
"""

PAGE = """\
---
title: About the room
---
# About the room

How to read it.
"""

BASE_FILES = {
    "cxsite.yml": CONFIG,
    "content/journey.yml": JOURNEY,
    "data/obs.csv": OBS,
    "data/survey.csv": SURVEY,
    "data/issues.csv": ISSUES,
    "content/quote-action.md": NOTE,
    "content/about.md": PAGE,
}


def make_project(root: Path, changes: dict[str, str | None] | None = None) -> Path:
    """Write the base project with ``changes`` applied (None deletes a file)."""
    files: dict[str, str | None] = dict(BASE_FILES)
    files.update(changes or {})
    for name, text in files.items():
        if text is None:
            continue
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root

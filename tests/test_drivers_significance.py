"""Drivers that do not beat noise are marked and kept off the "fix first" list."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from projects import make_project

from cxsite.build import build

JOURNEY = """\
stages:
  - id: buy
    name: Buy
    goal: I want to buy cover
touchpoints:
  - id: quote
    stage: buy
    name: Online quote
    owner: Ann Owner
metrics:
  - id: nps
    name: Net Promoter Score
    kind: outcome
    aggregate: nps
    target: 30
  - id: q-price
    name: Price
    touchpoint: quote
    kind: survey
    aggregate: csat
  - id: q-ease
    name: Ease
    touchpoint: quote
    kind: survey
    aggregate: csat
"""


def test_noise_drivers_are_not_fix_first(tmp_path: Path) -> None:
    # 150 respondents whose answers to the two questions have nothing to do with their
    # NPS score, and both questions score low: the grid alone would say "fix first"
    rng = np.random.default_rng(12)
    rows = ["Rid,When,Q,Score,Text"]
    for k in range(150):
        day = f"{2 + k % 5:02d}/09/2024"
        rows.append(f"r{k},{day},nps,{rng.integers(0, 11)},")
        rows.append(f"r{k},{day},q-price,{rng.integers(1, 4)},")
        rows.append(f"r{k},{day},q-ease,{rng.integers(1, 4)},")
    root = make_project(
        tmp_path / "p",
        {"content/journey.yml": JOURNEY, "data/survey.csv": "\n".join(rows) + "\n"},
    )
    drivers = build(root).model.drivers
    assert drivers.available
    by_id = {d.id: d for d in drivers.drivers}
    assert by_id["q-price"].significant is False and by_id["q-ease"].significant is False
    assert any(d.quadrant == "fix first" for d in drivers.drivers)
    assert drivers.fix_first == ()
    for d in drivers.drivers:
        assert d.importance_low is not None and d.importance_high is not None
        assert d.importance is not None
        assert d.importance_low <= d.importance <= d.importance_high

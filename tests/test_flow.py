"""Customer flow as the data allows: volumes, with moved on / dropped out only where a
stage is declared to feed the next, and the home page and the wall saying the same."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from projects import JOURNEY, OBS, make_project

from cxsite.build import build, load_project
from cxsite.errors import InputError

FLOW_METRICS = """\
  - id: flow-buy
    name: Policies sold
    kind: outcome
    unit: customers
    aggregate: sum
    source: observations
  - id: flow-claim
    name: Claims reported
    kind: outcome
    unit: customers
    aggregate: sum
    source: observations
"""
FLOW_OBS = OBS + "2024-09-09,flow-buy,400\n2024-09-10,flow-buy,100\n2024-09-09,flow-claim,60\n"


def journey(buy_extra: str = "") -> str:
    stages = JOURNEY.replace(
        "    goal: I want to buy cover\n",
        "    goal: I want to buy cover\n    flow_metric: flow-buy\n" + buy_extra,
    ).replace(
        "    goal: I want my claim paid\n",
        "    goal: I want my claim paid\n    flow_metric: flow-claim\n",
    )
    return stages + FLOW_METRICS


def project(tmp_path: Path, buy_extra: str = "") -> Path:
    return make_project(
        tmp_path, {"content/journey.yml": journey(buy_extra), "data/obs.csv": FLOW_OBS}
    )


def wall_html(out: Path) -> str:
    return (out / "wall" / "index.html").read_text()


def test_unrelated_stages_are_volumes_not_a_funnel(tmp_path: Path) -> None:
    result = build(project(tmp_path / "a"))
    flow = result.model.flow
    # sums of the week of 9 Sep: 400 + 100 sold, 60 claims
    assert [(s.stage, s.value) for s in flow] == [("buy", 500.0), ("claim", 60.0)]
    assert all(s.moved_on is None and s.dropped is None for s in flow)
    for html in ((result.out / "index.html").read_text(), wall_html(result.out)):
        assert not re.search(r"\d[\d,]* (dropped|drop) out|% mov", html)
    screen = result.views.wall.screens[0]
    assert screen.flow_notes == ()


def test_declared_transition_shows_moved_on_and_dropped_out(tmp_path: Path) -> None:
    # a transition metric counting the buyers who went on to claim: 60 of 500
    result = build(project(tmp_path / "b", "    next: claim\n    moved_on: flow-claim\n"))
    buy = result.model.flow[0]
    assert (buy.moved_on, buy.dropped) == (60.0, 440.0)
    note = "Buy: 12% moved on to Claim (60), 440 dropped out"
    assert buy.note == note
    # one computation, said the same way on the home page and on wall screen 1
    assert note in (result.out / "index.html").read_text()
    assert note in wall_html(result.out)


def test_more_moved_on_than_entered_is_not_a_cohort(tmp_path: Path) -> None:
    # claims (60) "moving on" to buying (500) cannot be one cohort: volumes only
    swapped = journey().replace(
        "    flow_metric: flow-claim\n",
        "    flow_metric: flow-claim\n    next: buy\n    moved_on: flow-buy\n",
    )
    root = make_project(tmp_path / "c", {"content/journey.yml": swapped, "data/obs.csv": FLOW_OBS})
    claim = build(root).model.flow[1]
    assert claim.moved_on is None and claim.note == ""


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("    next: clam\n", "unknown stage 'clam'"),
        ("    moved_on: flow-claim\n", "says how many moved on but not to which stage"),
    ],
)
def test_bad_flow_declarations_are_problems(tmp_path: Path, extra: str, message: str) -> None:
    with pytest.raises(InputError) as problem:
        load_project(project(tmp_path / "d", extra))
    assert message in str(problem.value) and "content/journey.yml:" in str(problem.value)

"""The drivers analysis in each of its shapes, and the data file each shape writes.

``data/drivers.json`` has a different set of keys when the analysis cannot be done (and
then depending on how far it got) than when it can. The expected objects below are
written out by hand from the shapes the page and the wall's scripts read.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest
from projects import make_project
from test_drivers_significance import JOURNEY

from cxsite.build import Project, load_project
from cxsite.model.drivers import DRIVER_WINDOW_DAYS, DriverAnalysis, key_drivers
from cxsite.model.serialise import to_json

AS_OF = pd.Timestamp("2024-09-30")


def _survey(respondents: int) -> str:
    # Price moves the score and ease does not: a real, seeded relationship.
    rng = np.random.default_rng(3)
    rows = ["Rid,When,Q,Score,Text"]
    for k in range(respondents):
        day = f"{2 + k % 5:02d}/09/2024"
        price = int(rng.integers(1, 6))
        rows.append(f"r{k},{day},q-price,{price},")
        rows.append(f"r{k},{day},q-ease,{rng.integers(1, 6)},")
        rows.append(f"r{k},{day},nps,{min(10, 2 * price + int(rng.integers(0, 2)))},")
    return "\n".join(rows) + "\n"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    root = tmp_path_factory.mktemp("drivers") / "p"
    files = {"content/journey.yml": JOURNEY, "data/survey.csv": _survey(120)}
    return load_project(make_project(root, files))


def _drivers(project: Project, responses: pd.DataFrame | None = None) -> DriverAnalysis:
    frame = project.data.responses if responses is None else responses
    return key_drivers(frame, project.journey, project.config, AS_OF)


def test_without_an_outcome_metric_only_the_reason_is_written(project: Project) -> None:
    analytics = dataclasses.replace(project.config.analytics, driver_outcome="no-such-metric")
    config = dataclasses.replace(project.config, analytics=analytics)
    found = key_drivers(project.data.responses, project.journey, config, AS_OF)
    assert to_json(found) == {
        "available": False,
        "outcome": "no-such-metric",
        "reason": "No outcome metric to explain (set analytics.driver_outcome).",
        "drivers": [],
        "fix_first": [],
        "outcome_name": None,
    }


def test_without_respondent_ids_the_outcome_is_named(project: Project) -> None:
    anonymous = project.data.responses.assign(respondent=None)
    assert to_json(_drivers(project, anonymous)) == {
        "available": False,
        "outcome": "nps",
        "reason": "Survey responses carry no respondent id, so answers cannot be linked "
        "to one person's outcome score.",
        "drivers": [],
        "fix_first": [],
        "outcome_name": "Net Promoter Score",
    }


def test_without_recent_outcome_answers_nothing_is_counted(project: Project) -> None:
    later = AS_OF + pd.Timedelta(days=DRIVER_WINDOW_DAYS + 10)
    found = key_drivers(project.data.responses, project.journey, project.config, later)
    assert to_json(found) == {
        "available": False,
        "outcome": "nps",
        "reason": "No respondent answered 'nps' in the last year.",
        "drivers": [],
        "fix_first": [],
        "outcome_name": "Net Promoter Score",
    }


def test_one_question_counts_respondents_but_explains_nothing(project: Project) -> None:
    responses = project.data.responses
    one_question = responses[responses["metric"] != "q-ease"]
    assert to_json(_drivers(project, one_question)) == {
        "available": False,
        "outcome": "nps",
        "reason": "Fewer than two questions were answered together with "
        "'Net Promoter Score' by most respondents.",
        "drivers": [],
        "fix_first": [],
        "outcome_name": "Net Promoter Score",
        "window_days": 365,
        "respondents": 120,
    }


def test_too_few_complete_answers_say_how_many_are_needed(project: Project) -> None:
    responses = project.data.responses
    few = responses[responses["respondent"].isin([f"r{k}" for k in range(20)])]
    written = to_json(_drivers(project, few))
    # two questions need max(50, 10 x 2) complete answers (stats.relative_weights)
    assert {k: written[k] for k in ("available", "respondents", "complete", "needed")} == {
        "available": False,
        "respondents": 20,
        "complete": 20,
        "needed": 50,
    }
    assert set(written) == {
        "available",
        "outcome",
        "reason",
        "drivers",
        "fix_first",
        "outcome_name",
        "window_days",
        "respondents",
        "complete",
        "needed",
    }
    assert written["reason"]


def test_the_analysis_writes_every_number_and_no_shortfall(project: Project) -> None:
    found = _drivers(project)
    written = to_json(found)
    assert set(written) == {
        "outcome",
        "outcome_name",
        "window_days",
        "respondents",
        "available",
        "reason",
        "complete",
        "r_squared",
        "drivers",
        "fix_first",
        "not_significant",
        "bootstrap",
        "importance_cut",
        "performance_cut",
        "method",
    }
    assert (found.available, found.respondents, found.complete) == (True, 120, 120)
    assert [d.id for d in found.drivers] == ["q-price", "q-ease"]  # price drives the score
    assert found.drivers[0].significant and found.drivers[0].touchpoint == "quote"
    assert written["drivers"][0]["id"] == "q-price"
    assert set(written["bootstrap"]) == {"resamples", "confidence", "seed", "method"}
    assert written["not_significant"] == [d.id for d in found.drivers if not d.significant]
    with pytest.raises(dataclasses.FrozenInstanceError):
        found.available = False  # type: ignore[misc]

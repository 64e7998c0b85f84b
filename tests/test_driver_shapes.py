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
QUESTIONS = ("q-price", "q-ease", "nps")


def _survey(respondents: int, ids: bool = True, questions: tuple[str, ...] = QUESTIONS) -> str:
    # Price moves the score and ease does not: a real, seeded relationship.
    rng = np.random.default_rng(3)
    rows = ["Rid,When,Q,Score,Text"]
    for k in range(respondents):
        rid = f"r{k}" if ids else ""
        day = f"{2 + k % 5:02d}/09/2024"
        price = int(rng.integers(1, 6))
        ease = int(rng.integers(1, 6))
        nps = min(10, 2 * price + int(rng.integers(0, 2)))
        answers = {"q-price": price, "q-ease": ease, "nps": nps}
        rows.extend(f"{rid},{day},{q},{answers[q]}," for q in questions)
    return "\n".join(rows) + "\n"


def _load(factory: pytest.TempPathFactory, survey: str) -> Project:
    root = factory.mktemp("drivers") / "p"
    return load_project(
        make_project(root, {"content/journey.yml": JOURNEY, "data/survey.csv": survey})
    )


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    return _load(tmp_path_factory, _survey(120))


def _drivers(project: Project) -> DriverAnalysis:
    return key_drivers(project.data, project.journey, project.config, AS_OF)


def test_without_an_outcome_metric_only_the_reason_is_written(project: Project) -> None:
    analytics = dataclasses.replace(project.config.analytics, driver_outcome="no-such-metric")
    config = dataclasses.replace(project.config, analytics=analytics)
    found = key_drivers(project.data, project.journey, config, AS_OF)
    assert to_json(found) == {
        "available": False,
        "outcome": "no-such-metric",
        "reason": "No outcome metric to explain (set analytics.driver_outcome).",
        "drivers": [],
        "fix_first": [],
        "outcome_name": None,
    }


def test_without_respondent_ids_the_outcome_is_named(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    anonymous = _load(tmp_path_factory, _survey(120, ids=False))
    assert to_json(_drivers(anonymous)) == {
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
    found = key_drivers(project.data, project.journey, project.config, later)
    assert to_json(found) == {
        "available": False,
        "outcome": "nps",
        "reason": "No respondent answered 'nps' in the last year.",
        "drivers": [],
        "fix_first": [],
        "outcome_name": "Net Promoter Score",
    }


def test_one_question_counts_respondents_but_explains_nothing(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    one_question = _load(tmp_path_factory, _survey(120, questions=("q-price", "nps")))
    assert to_json(_drivers(one_question)) == {
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


def test_too_few_complete_answers_say_how_many_are_needed(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    written = to_json(_drivers(_load(tmp_path_factory, _survey(20))))
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

"""Which period is "this period", and which periods the site shows."""

from __future__ import annotations

import json
from pathlib import Path

from projects import CONFIG, ISSUES, OBS, make_project

from cxsite.build import build
from cxsite.model.serialise import to_json

# T4 is closed three weeks after the last survey response and observation (11 Sep 2024).
LATE_CLOSE = ISSUES.replace(
    "T4,settle,Comms,2024-09-10,2024-09-11", "T4,settle,Comms,2024-09-10,2024-10-02"
)


def site_data(out: Path) -> dict:
    return json.loads((out / "data" / "site.json").read_text())


def test_latest_period_comes_from_survey_and_observations(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"data/issues.csv": LATE_CLOSE})
    result = build(root)
    site = site_data(result.out)["site"]
    # not the week of 30 Sep, when only an issue was closed
    assert site["period"]["latest"]["key"] == "2024-09-09"
    assert site["data_as_of"] == "2024-09-11"
    nps = to_json(result.model.metrics["nps"])
    assert nps["latest"]["display"] != "No data"
    # as of 11 Sep, T4 was still open
    assert {i.id for i in result.model.issues.open} == {"T2", "T3", "T4"}


def test_as_of_pins_the_reporting_period(tmp_path: Path) -> None:
    config = CONFIG.replace("min_n: 5\n", "min_n: 5\nperiod:\n  as_of: 2024-09-06\n")
    result = build(make_project(tmp_path / "p", {"cxsite.yml": config}))
    site = site_data(result.out)["site"]
    assert site["period"]["latest"]["key"] == "2024-09-02"
    assert site["data_as_of"] == "2024-09-06"
    # the week of 2 Sep by hand: 10, 9, 7, 3, 10 -> (3 promoters - 1 detractor) / 5 = 40
    assert to_json(result.model.metrics["nps"])["series"][-1]["value"] == 40
    assert result.model.issues.total == 2  # T3 and T4 were opened later


def test_rows_older_than_the_history_do_not_stretch_the_charts(tmp_path: Path) -> None:
    old = OBS + "2015-01-05,quote-time,99\n"
    result = build(make_project(tmp_path / "p", {"data/obs.csv": old}))
    assert site_data(result.out)["site"]["period"]["keys"] == ["2024-09-02", "2024-09-09"]
    figures = (result.out / "touchpoints" / "quote" / "index.html").read_text()
    assert "2015-01-05" not in figures
    short = CONFIG.replace("min_n: 5\n", "min_n: 5\nperiod:\n  history: 1\n")
    one = build(make_project(tmp_path / "q", {"cxsite.yml": short}))
    assert site_data(one.out)["site"]["period"]["keys"] == ["2024-09-09"]


def test_bad_as_of_is_a_problem_naming_the_line(tmp_path: Path) -> None:
    from cxsite.build import load_project
    from cxsite.errors import InputError

    config = CONFIG.replace("min_n: 5\n", "min_n: 5\nperiod:\n  as_of: last tuesday\n")
    root = make_project(tmp_path / "p", {"cxsite.yml": config})
    try:
        load_project(root)
    except InputError as problem:
        text = str(problem)
    else:
        raise AssertionError("a bad period.as_of must be reported")
    assert "cxsite.yml:5" in text and "period.as_of" in text and "YYYY-MM-DD" in text


def test_issues_only_project_reports_on_the_last_week_issues_were_opened(
    tmp_path: Path,
) -> None:
    # no survey or process data; one issue closed three weeks after the last was opened
    config = CONFIG.split("  obs:")[0] + "  tickets:" + CONFIG.split("  tickets:")[1]
    root = make_project(
        tmp_path / "p",
        {"cxsite.yml": config, "data/issues.csv": LATE_CLOSE, "data/obs.csv": None},
    )
    result = build(root)
    site = site_data(result.out)["site"]
    assert site["period"]["latest"]["key"] == "2024-09-09"
    latest = result.model.issues.latest
    # by hand: T3 and T4 opened in the week of 9 Sep; T4's close is after it
    assert (latest.opened, latest.closed) == (2, 0)

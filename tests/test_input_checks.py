"""Inputs checked before use: the defects found by feeding cxsite hostile and careless input."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from projects import CONFIG, JOURNEY, OBS, SURVEY, make_project
from test_bad_input import only, problems_for, tree_digest

from cxsite.build import build, load_project
from cxsite.cli import main

TODAY = dt.date(2025, 1, 15)


def _periods(site: Path) -> list[str]:
    summary = json.loads((site / "data" / "site.json").read_text(encoding="utf-8"))
    return [p["period"] for o in summary["outcomes"] for p in o.get("series", [])]


@pytest.mark.parametrize("day", ["2200-01-06", "1900-01-01", "9999-12-31", "0001-01-01"])
def test_an_implausible_date_is_left_out_with_a_warning(tmp_path: Path, day: str) -> None:
    obs = OBS + f"{day},quote-time,50\n"
    root = make_project(tmp_path / "p", {"data/obs.csv": obs})
    loaded = load_project(root, today=TODAY)
    assert len(loaded.data.observations) == 4  # the row is left out
    warning = only(loaded.warnings, "outside the plausible window")
    assert warning.file == "data/obs.csv" and warning.row == 6 and warning.value == day
    problem = only(problems_for(root, strict=True), "outside the plausible window")
    assert problem.row == 6


def test_a_far_date_does_not_stretch_the_site(tmp_path: Path) -> None:
    plain = make_project(tmp_path / "plain")
    far = make_project(tmp_path / "far", {"data/obs.csv": OBS + "2200-01-06,quote-time,50\n"})
    runner = CliRunner()
    for root in (plain, far):
        result = runner.invoke(main, ["build", str(root), "-q"])
        assert result.exit_code == 0, result.output
    assert "data/obs.csv, row 6: date in column 'day' is outside" in result.output
    assert "'2200-01-06'" in result.output
    assert _periods(far / "site") == _periods(plain / "site")
    size = {r: sum(f.stat().st_size for f in (r / "site").rglob("*")) for r in (plain, far)}
    assert abs(size[far] - size[plain]) < 0.02 * size[plain]


def test_a_straggler_years_before_the_rest_of_its_column_is_left_out(tmp_path: Path) -> None:
    # 2019 is inside the absolute window but five years before every other row
    survey = SURVEY + "r12,04/03/2019,nps,9,\n"
    root = make_project(tmp_path, {"data/survey.csv": survey})
    loaded = load_project(root, today=TODAY)
    warning = only(loaded.warnings, "outside the plausible window")
    assert warning.row == 23 and warning.value == "04/03/2019"
    assert loaded.data.responses["date"].min() == dt.datetime(2024, 9, 2)


def test_the_window_is_configurable(tmp_path: Path) -> None:
    config = CONFIG + "dates:\n  earliest: 1800-01-01\n  max_gap_days: 100000\n"
    root = make_project(
        tmp_path, {"cxsite.yml": config, "data/obs.csv": OBS + "1900-01-01,quote-time,5\n"}
    )
    loaded = load_project(root, today=TODAY)
    assert len(loaded.data.observations) == 5 and not loaded.warnings


@pytest.mark.parametrize("value", ["inf", "-inf", "1e309"])
def test_infinite_values_are_errors_not_blank_periods(tmp_path: Path, value: str) -> None:
    root = make_project(
        tmp_path,
        {"data/obs.csv": OBS.replace("2024-09-04,quote-time,50", f"2024-09-04,quote-time,{value}")},
    )
    problem = only(problems_for(root), "not a finite number")
    assert problem.file == "data/obs.csv" and problem.row == 3 and problem.value == value


def test_huge_values_are_errors_and_large_ones_build(tmp_path: Path) -> None:
    huge = make_project(tmp_path / "huge", {"data/obs.csv": OBS.replace(",70\n", ",1e300\n")})
    problem = only(problems_for(huge), "too large to be a measurement")
    assert problem.row == 2 and problem.value == "1e300"
    large = make_project(tmp_path / "large", {"data/obs.csv": OBS.replace(",70\n", ",1e14\n")})
    result = CliRunner().invoke(main, ["build", str(large), "-q"])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("    target: 60\n", "    target: .nan\n", "'metrics[1].target' must be a finite number"),
        ("    target: 30\n", "    target: -.inf\n", "'metrics[0].target' must be a finite number"),
    ],
)
def test_non_finite_targets_are_errors(tmp_path: Path, old: str, new: str, message: str) -> None:
    journey = JOURNEY.replace(old, new)
    problem = only(problems_for(make_project(tmp_path, {"content/journey.yml": journey})), message)
    assert problem.file == "content/journey.yml"
    assert problem.line == journey.splitlines().index(new.rstrip("\n")) + 1


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("wall:\n  rotate_seconds: .inf\n", "'wall.rotate_seconds' must be a finite number"),
        ("analytics:\n  confidence: .nan\n", "'analytics.confidence' must be a finite number"),
        ("near_band: .nan\n", "'near_band' must be a finite number"),
    ],
)
def test_non_finite_settings_are_errors(tmp_path: Path, setting: str, message: str) -> None:
    config = CONFIG.replace("min_n: 5\n", "min_n: 5\n" + setting)
    problem = only(problems_for(make_project(tmp_path, {"cxsite.yml": config})), message)
    assert problem.file == "cxsite.yml" and problem.line == 4 + setting.count("\n") - 1


def test_encoding_and_date_format_are_checked_up_front(tmp_path: Path) -> None:
    config = CONFIG.replace(
        '    date_format: "%d/%m/%Y"\n', '    date_format: "%Q-%d"\n    encoding: no-such-codec\n'
    )
    problems = problems_for(make_project(tmp_path, {"cxsite.yml": config}))
    fmt = only(problems, "date_format cannot read dates: '%Q' is not a date directive")
    codec = only(problems, "unknown encoding 'no-such-codec'")
    lines = config.splitlines()
    assert fmt.line == lines.index('    date_format: "%Q-%d"') + 1
    assert codec.line == lines.index("    encoding: no-such-codec") + 1


def test_csv_unclosed_quote_does_not_swallow_the_next_rows(tmp_path: Path) -> None:
    survey = SURVEY.replace(
        "r5,05/09/2024,nps,10,Great service", 'r5,05/09/2024,nps,10,"Great service'
    )
    survey = survey.replace(
        "r1,02/09/2024,quote-csat,5,Quick and easy", 'r1,02/09/2024,quote-csat,5,"Quick"'
    )
    problem = only(problems_for(make_project(tmp_path, {"data/survey.csv": survey})), "quote")
    assert problem.file == "data/survey.csv" and problem.line == 6


def test_csv_rows_with_extra_fields_are_errors(tmp_path: Path) -> None:
    issues_csv = (
        "Ticket,Area,Cat,Opened,Closed,State,Who,Next\nT1,quote,Delay,2024-09-02,,Open,A,x\n"
    )
    issues_csv += "T2,quote,Delay,2024-09-03,,Open,A,call,back\n"
    problem = only(problems_for(make_project(tmp_path, {"data/issues.csv": issues_csv})), "fields")
    assert problem.file == "data/issues.csv" and problem.line == 3
    assert "9 fields but the header has 8" in str(problem)


def test_where_that_keeps_nothing_is_a_warning(tmp_path: Path) -> None:
    config = CONFIG.replace(
        "    columns: {date: day, metric: kpi, value: val}\n",
        "    columns: {date: day, metric: kpi, value: val}\n    where: {kpi: [nope]}\n",
    )
    loaded = load_project(make_project(tmp_path, {"cxsite.yml": config}))
    warning = only(loaded.warnings, "'where' keeps none of the 4 rows")
    assert (
        warning.file == "cxsite.yml"
        and warning.line == config.splitlines().index("    where: {kpi: [nope]}") + 1
    )


def test_unknown_driver_outcome_is_a_warning(tmp_path: Path) -> None:
    config = CONFIG.replace("min_n: 5\n", "min_n: 5\nanalytics:\n  driver_outcome: npss\n")
    loaded = load_project(make_project(tmp_path, {"cxsite.yml": config}))
    warning = only(loaded.warnings, "driver_outcome 'npss' is not a metric")
    assert warning.line == 5 and "Did you mean 'nps'?" in str(warning)


def test_an_unexpected_error_is_one_message_with_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project(tmp_path / "p")
    out = tmp_path / "out"
    build(root, out=out)
    before = tree_digest(out)
    (root / "data" / "obs.csv").write_text(OBS + "2024-09-11,quote-time,40\n")

    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("float division by zero")

    monkeypatch.setattr("cxsite.model.site.compute_model", broken)
    result = CliRunner().invoke(main, ["build", str(root), "--out", str(out), "-q"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert result.output.count("Error:") == 1
    assert (
        "unexpected error (ZeroDivisionError" in result.output and "bug in cxsite" in result.output
    )
    assert "Please report it" in result.output
    assert tree_digest(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "p"]

"""Every kind of bad input: one clear problem naming file, line or row, value and fix."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from projects import JOURNEY, make_project

from cxsite.build import build, load_project
from cxsite.cli import main
from cxsite.errors import InputError, Problem


def problems_for(root: Path, strict: bool = False) -> list[Problem]:
    with pytest.raises(InputError) as caught:
        load_project(root, strict=strict)
    return caught.value.problems


def only(problems: list[Problem], text: str) -> Problem:
    found = [p for p in problems if text in str(p)]
    assert len(found) == 1, f"expected one problem with {text!r}, got: {[str(p) for p in problems]}"
    return found[0]


def test_yaml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    bad = JOURNEY.replace("    name: Claim settlement\n", "    name: [Claim settlement\n")
    root = make_project(tmp_path, {"content/journey.yml": bad})
    problem = only(problems_for(root), "YAML syntax error")
    assert problem.file == "content/journey.yml"
    broken_line = bad.splitlines().index("    name: [Claim settlement") + 1
    assert problem.line is not None and abs(problem.line - broken_line) <= 1


def test_unknown_config_key_suggests_the_right_one(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    config = (root / "cxsite.yml").read_text()
    (root / "cxsite.yml").write_text(config.replace("min_n: 5", "min_m: 5"))
    problem = only(problems_for(root), "unknown key 'min_m'")
    assert problem.file == "cxsite.yml" and problem.line == 3
    assert "Did you mean 'min_n'?" in str(problem)


def test_missing_required_field(tmp_path: Path) -> None:
    root = make_project(
        tmp_path, {"content/journey.yml": JOURNEY.replace("    owner: Bob Owner\n", "")}
    )
    problem = only(problems_for(root), "missing required field 'touchpoints[1].owner'")
    assert problem.file == "content/journey.yml"
    assert problem.line == JOURNEY.splitlines().index("  - id: settle") + 1


def test_duplicate_id(tmp_path: Path) -> None:
    journey = JOURNEY.replace("  - id: settle-ces", "  - id: quote-csat")
    problem = only(
        problems_for(make_project(tmp_path, {"content/journey.yml": journey})), "duplicate"
    )
    assert "duplicate metric id 'quote-csat'" in str(problem)
    assert problem.line == journey.splitlines().index("  - id: quote-csat", 40) + 1


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "    stage: claim\n",
            "    stage: claims\n",
            "unknown stage 'claims'. Did you mean 'claim'?",
        ),
        ("    touchpoint: settle\n", "    touchpoint: setle\n", "unknown touchpoint 'setle'"),
        ("    maps_to: quote-time\n", "    maps_to: quote-tim\n", "unknown metric 'quote-tim'"),
    ],
)
def test_unknown_references(tmp_path: Path, old: str, new: str, message: str) -> None:
    journey = JOURNEY.replace(old, new)
    problem = only(problems_for(make_project(tmp_path, {"content/journey.yml": journey})), message)
    assert problem.line == journey.splitlines().index(new.rstrip("\n")) + 1


def test_missing_data_file(tmp_path: Path) -> None:
    root = make_project(tmp_path, {"data/obs.csv": None})
    problem = only(problems_for(root), "data file not found")
    assert problem.file == "data/obs.csv" and "sources.obs.path" in str(problem)


def test_mapped_column_missing(tmp_path: Path) -> None:
    root = make_project(tmp_path, {"data/obs.csv": "day,kpi,amount\n2024-09-02,quote-time,70\n"})
    problem = only(problems_for(root), "column 'val' (mapped to 'value') is not in the file")
    assert "day, kpi, amount" in str(problem) and problem.file == "data/obs.csv"


def test_unparseable_date_names_row_and_value(tmp_path: Path) -> None:
    survey = "Rid,When,Q,Score,Text\nr1,02/09/2024,nps,10,\nr2,2024-09-03,nps,9,\n"
    problem = only(problems_for(make_project(tmp_path, {"data/survey.csv": survey})), "unparseable")
    assert problem.file == "data/survey.csv" and problem.row == 3 and problem.value == "2024-09-03"
    assert "%d/%m/%Y" in str(problem) and "date_format" in str(problem)


def test_non_numeric_score(tmp_path: Path) -> None:
    survey = "Rid,When,Q,Score,Text\nr1,02/09/2024,nps,ten,\nr2,03/09/2024,nps,9,\n"
    problem = only(
        problems_for(make_project(tmp_path, {"data/survey.csv": survey})), "not a number"
    )
    assert problem.row == 2 and problem.value == "ten"


def test_nps_of_eleven_is_out_of_scale(tmp_path: Path) -> None:
    survey = "Rid,When,Q,Score,Text\nr1,02/09/2024,nps,10,\nr2,03/09/2024,nps,11,\n"
    problem = only(
        problems_for(make_project(tmp_path, {"data/survey.csv": survey})), "out of scale"
    )
    assert problem.row == 3 and problem.value == 11 and "scored 0 to 10" in str(problem)


def test_empty_data_file(tmp_path: Path) -> None:
    root = make_project(
        tmp_path, {"data/issues.csv": "Ticket,Area,Cat,Opened,Closed,State,Who,Next\n"}
    )
    problem = only(problems_for(root), "no data rows")
    assert problem.file == "data/issues.csv"
    root2 = make_project(tmp_path / "b", {"data/issues.csv": ""})
    assert only(problems_for(root2), "empty").file == "data/issues.csv"


def test_front_matter_unknown_touchpoint(tmp_path: Path) -> None:
    note = "---\ntitle: x\ntouchpoint: qoute\n---\nBody\n"
    problem = only(
        problems_for(make_project(tmp_path, {"content/n.md": note})), "unknown touchpoint"
    )
    assert problem.file == "content/n.md" and problem.line == 3
    assert "Did you mean 'quote'?" in str(problem)


def test_all_problems_reported_at_once(tmp_path: Path) -> None:
    root = make_project(
        tmp_path,
        {
            "content/journey.yml": JOURNEY.replace("    stage: claim\n", "    stage: claims\n"),
            "data/obs.csv": None,
            "content/n.md": "---\ntouchpoint: nope\n---\n",
        },
    )
    text = "\n".join(str(p) for p in problems_for(root))
    assert "unknown stage 'claims'" in text
    assert "data file not found" in text
    assert "unknown touchpoint 'nope'" in text


def test_unknown_touchpoint_in_data_is_a_warning_and_strict_makes_it_an_error(
    tmp_path: Path,
) -> None:
    issues = "Ticket,Area,Cat,Opened,Closed,State,Who,Next\nT1,quote,Delay,2024-09-02,,Open,A,\n"
    issues += "T2,mystery,Delay,2024-09-03,,Open,A,\n"
    root = make_project(tmp_path, {"data/issues.csv": issues})
    loaded = load_project(root)
    assert len(loaded.data.issues) == 1
    assert any("mystery" in str(w) for w in loaded.warnings)
    problem = only(problems_for(root, strict=True), "mystery")
    assert problem.row == 3


def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(folder)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def test_cli_reports_without_traceback_and_keeps_the_last_good_site(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    out = tmp_path / "out"
    build(root, out=out)
    before = tree_digest(out)
    survey = "Rid,When,Q,Score,Text\nr1,02/09/2024,nps,11,\n"
    (root / "data" / "survey.csv").write_text(survey)
    result = CliRunner().invoke(main, ["build", str(root), "--out", str(out), "-q"])
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert "data/survey.csv, row 2: score out of scale" in result.output
    assert tree_digest(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []


def test_check_writes_nothing(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    result = CliRunner().invoke(main, ["check", str(root)])
    assert result.exit_code == 0, result.output
    assert "2 stages, 2 touchpoints, 4 metrics" in result.output
    assert not (root / "site").exists()
    (root / "data" / "obs.csv").write_text("day,kpi,val\n2024-13-45,quote-time,x\n")
    result = CliRunner().invoke(main, ["check", str(root)])
    assert result.exit_code == 1
    assert "unparseable date in column 'day'" in result.output
    assert "'val' is not a number" in result.output


def test_excel_and_parquet_sources_give_the_same_data(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    frame = pd.read_csv(root / "data" / "issues.csv", dtype=str, keep_default_na=False)
    excel = frame.copy()
    excel["Opened"] = pd.to_datetime(excel["Opened"])
    excel.to_excel(root / "data" / "issues.xlsx", index=False, sheet_name="Tickets")
    config = (root / "cxsite.yml").read_text()
    (root / "cxsite.yml").write_text(
        config.replace("path: data/issues.csv", "path: data/issues.xlsx\n    sheet: Tickets")
    )
    from_excel = load_project(root).data.issues
    frame.to_parquet(root / "data" / "issues.parquet")
    (root / "cxsite.yml").write_text(config.replace("data/issues.csv", "data/issues.parquet"))
    from_parquet = load_project(root).data.issues
    (root / "cxsite.yml").write_text(config)
    from_csv = load_project(root).data.issues
    columns = ["id", "touchpoint", "category", "opened", "closed", "is_open", "owner", "action"]
    for other in (from_excel, from_parquet):
        pd.testing.assert_frame_equal(
            other[columns].reset_index(drop=True),
            from_csv[columns].reset_index(drop=True),
            check_dtype=False,
        )

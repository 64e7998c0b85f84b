"""Paths stay in the project unless the config allows a folder outside it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from projects import CONFIG, OBS, make_project
from test_bad_input import only, problems_for

from cxsite.build import load_project
from cxsite.cli import main

SECRET = "root:x:0:0:secret-line"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the project, holding files the project must not read."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    (folder / "passwd").write_text(SECRET + "\nbin:x:1:1\n")
    (folder / "hostname.yml").write_text("stages: []\n")
    (folder / "obs.csv").write_text(OBS)
    (folder / "notes").mkdir()
    (folder / "notes" / "n.md").write_text(f"---\ntitle: {SECRET}\n---\n{SECRET}\n")
    (folder / "theme" / "templates").mkdir(parents=True)
    return folder


@pytest.mark.parametrize(
    ("old", "new", "what"),
    [
        ("    path: data/obs.csv", "    path: {outside}/passwd", "sources.obs.path"),
        ("    path: data/obs.csv", "    path: ../elsewhere/passwd", "sources.obs.path"),
        ("min_n: 5", "min_n: 5\njourney: ../elsewhere/hostname.yml", "journey"),
        ("min_n: 5", "min_n: 5\ncontent_dir: ../elsewhere/notes", "content_dir"),
        ("min_n: 5", "min_n: 5\ntheme: ../elsewhere/theme", "theme"),
        ("min_n: 5", "min_n: 5\ntheme: {outside}/theme", "theme"),
    ],
)
def test_paths_outside_the_project_are_refused(
    tmp_path: Path, outside: Path, old: str, new: str, what: str
) -> None:
    config = CONFIG.replace(old, new.format(outside=outside))
    root = make_project(tmp_path / "project", {"cxsite.yml": config})
    result = CliRunner().invoke(main, ["build", str(root), "-q"])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    line = config.splitlines().index(new.format(outside=outside).splitlines()[-1]) + 1
    assert f"cxsite.yml:{line}: " in result.output
    assert SECRET not in result.output and "bin:x" not in result.output
    assert what in result.output or "theme" in result.output
    assert not (root / "site").exists()


def test_a_link_out_of_the_content_folder_is_refused(tmp_path: Path, outside: Path) -> None:
    root = make_project(tmp_path / "project")
    os.symlink(outside / "notes" / "n.md", root / "content" / "linked.md")
    os.symlink(outside / "passwd", root / "data" / "linked.csv")
    config = CONFIG.replace("    path: data/obs.csv", "    path: data/linked.csv")
    (root / "cxsite.yml").write_text(config)
    problems = problems_for(root)
    assert only(problems, "content file 'content/linked.md' is outside").file == "content/linked.md"
    assert only(problems, "'data/linked.csv' is outside").file == "cxsite.yml"
    assert SECRET not in "\n".join(str(p) for p in problems)


def test_allow_outside_permits_a_data_folder(tmp_path: Path, outside: Path) -> None:
    config = CONFIG.replace("    path: data/obs.csv", f"    path: {outside}/obs.csv")
    root = make_project(tmp_path / "project", {"cxsite.yml": config})
    line = config.splitlines().index(f"    path: {outside}/obs.csv") + 1
    assert only(problems_for(root), "is outside the project folder").line == line
    (root / "cxsite.yml").write_text(f"allow_outside: [{outside}]\n" + config)
    assert len(load_project(root).data.observations) == 4


def test_a_wrong_column_mapping_does_not_dump_a_long_header(tmp_path: Path) -> None:
    header = ",".join(f"column_{i}_{'x' * 60}" for i in range(40))
    root = make_project(tmp_path, {"data/obs.csv": header + "\n" + ",".join("1" * 40) + "\n"})
    problem = only(problems_for(root), "column 'day' (mapped to 'date') is not in the file")
    assert "and 20 more" in str(problem) and "x" * 60 not in str(problem)

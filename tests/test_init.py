"""`cxsite init`: a project that builds as it is, keeps its output out of git, has a CI
workflow whose commands work, and JSON Schemas its editor finds."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from projects import make_project

from cxsite.cli import main
from cxsite.scaffold import WORKFLOW


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("init") / "room"
    result = CliRunner().invoke(main, ["init", str(root)])
    assert result.exit_code == 0, result.output
    return root


def test_files_written(project: Path) -> None:
    for name in ("cxsite.yml", "content/journey.yml", ".gitignore", "requirements.txt"):
        assert (project / name).is_file(), name
    assert (project / WORKFLOW).is_file()
    first = (project / "cxsite.yml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=schemas/cxsite.schema.json"
    first = (project / "content/journey.yml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schemas/journey.schema.json"
    # The schema paths the comments name exist, relative to each file.
    assert json.loads((project / "schemas/cxsite.schema.json").read_text())["type"] == "object"
    assert (project / "content" / "../schemas/journey.schema.json").resolve().is_file()


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_gitignore_keeps_the_built_site_and_cache_out_of_git(project: Path, tmp_path: Path) -> None:
    # The init'ed .gitignore in a small project (quicker to build than the sample).
    room = make_project(tmp_path / "room")
    shutil.copyfile(project / ".gitignore", room / ".gitignore")
    result = CliRunner().invoke(main, ["build", str(room), "-q"])
    assert result.exit_code == 0, result.output
    assert (room / "site" / "index.html").is_file() and (room / ".cxsite-cache").is_dir()
    subprocess.run(["git", "init", "-q", str(room)], check=True)
    status = subprocess.run(
        ["git", "-C", str(room), "status", "--porcelain", "--untracked-files=all"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    tracked = [line[3:] for line in status.splitlines()]
    assert "cxsite.yml" in tracked and ".gitignore" in tracked
    assert not [t for t in tracked if t.startswith(("site/", ".cxsite-cache/"))], tracked


def test_ci_workflow_commands_work_in_the_new_project(project: Path, tmp_path: Path) -> None:
    """Runs every `run:` step of the workflow, in order, in a copy of the new project with
    a fresh virtual environment — as the CI runner would after checkout."""
    room = tmp_path / "room"
    shutil.copytree(project, room)
    workflow = yaml.safe_load((room / WORKFLOW).read_text(encoding="utf-8"))
    commands = [step["run"] for step in workflow["jobs"]["build"]["steps"] if "run" in step]
    assert commands[0] == "pip install -r requirements.txt"
    assert any(c.startswith("cxsite build") for c in commands)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    # The new environment sees this one's third-party packages (pandas, scipy, …) so that
    # the install step only builds and installs cxsite itself from requirements.txt.
    purelib = subprocess.run(
        [
            str(venv / "bin" / "python"),
            "-c",
            "import sysconfig; print(sysconfig.get_paths()['purelib'])",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    Path(purelib, "outer.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    env = os.environ | {"PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}"}
    env.pop("PYTHONPATH", None)
    # pip keeps the wheel it built from a folder URL; this checkout changes between runs.
    env["PIP_NO_CACHE_DIR"] = "1"
    for command in commands:
        done = subprocess.run(
            command, shell=True, cwd=room, env=env, capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
    installed = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import cxsite; print(cxsite.__file__)"],
        check=True,
        capture_output=True,
        text=True,
        env=env,
        cwd=room,
    ).stdout
    assert installed.startswith(str(venv)), installed
    upload = next(
        s for s in workflow["jobs"]["build"]["steps"] if "upload-pages" in s.get("uses", "")
    )
    assert (room / upload["with"]["path"] / "index.html").is_file()


def test_requirement_option_is_written_for_ci(tmp_path: Path) -> None:
    spec = "cxsite @ git+https://example.org/cx/cxsite@v0.1.0"
    result = CliRunner().invoke(main, ["init", str(tmp_path / "r"), "--requirement", spec, "-q"])
    assert result.exit_code == 0, result.output
    lines = (tmp_path / "r" / "requirements.txt").read_text().splitlines()
    assert [line for line in lines if not line.startswith("#")] == [spec]

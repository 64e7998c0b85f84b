"""Fuzz: single-mutation bad inputs over every file type, each a clear problem.

Every case (see ``fuzzcases.py``) is checked through the load phase, which is where all
input checks live: ``--strict`` must raise :class:`InputError` (never another exception)
with a problem naming the mutated file and its line or row. Every fifth case also goes
through a full ``cxsite build --strict`` from the command line against a previous site,
which must come out exit 1, without a traceback or the last-resort bug message, and
leave the previous site byte-identical.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from fuzzcases import Case, config_cases, journey_cases, make_fuzz_project, markdown_cases
from fuzzdata import csv_cases, excel_cases, parquet_cases

from cxsite.build import build, load_project
from cxsite.cli import main
from cxsite.errors import InputError

CASES = (
    config_cases()
    + journey_cases()
    + markdown_cases()
    + csv_cases(random.Random(20241))
    + excel_cases()
    + parquet_cases()
)
TODAY = dt.date(2025, 1, 15)
FULL_BUILD_EVERY = 5


def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(folder)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The unmutated project and a site built from it."""
    folder = tmp_path_factory.mktemp("fuzz-base")
    root = make_fuzz_project(folder / "project")
    loaded = load_project(root, strict=True, today=TODAY)
    assert len(loaded.data.issues) == 4 and len(loaded.data.comments) == 4
    site = folder / "site"
    build(root, out=site, strict=True, use_cache=False)
    return root, site


def test_there_are_enough_cases_over_every_file_type() -> None:
    assert len(CASES) >= 150
    assert len({c.id for c in CASES}) == len(CASES)
    kinds = {Path(c.file).suffix for c in CASES}
    assert {".yml", ".csv", ".xlsx", ".parquet", ".md"} <= kinds


def _mutated(case: Case, base: tuple[Path, Path], tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(base[0], root, ignore=shutil.ignore_patterns(".cxsite-cache"))
    case.mutate(root)
    return root


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_case_is_one_clear_problem(case: Case, base: tuple[Path, Path], tmp_path: Path) -> None:
    root = _mutated(case, base, tmp_path)
    with pytest.raises(InputError) as caught:
        load_project(root, strict=True, today=TODAY)
    problems = caught.value.problems
    naming = [p for p in problems if p.file == case.file]
    assert naming, f"no problem names {case.file}: {[str(p) for p in problems]}"
    if case.line is not None:
        assert any(p.line == case.line for p in naming), [str(p) for p in naming]
    if case.row is not None:
        assert any(p.row == case.row for p in naming), [str(p) for p in naming]
    if case.file.endswith((".yml", ".md")):
        assert any(p.line is not None for p in naming), [str(p) for p in naming]


FULL = CASES[::FULL_BUILD_EVERY]


@pytest.mark.parametrize("case", FULL, ids=[c.id for c in FULL])
def test_case_fails_the_build_and_keeps_the_previous_site(
    case: Case, base: tuple[Path, Path], tmp_path: Path
) -> None:
    root = _mutated(case, base, tmp_path)
    out = tmp_path / "site"
    shutil.copytree(base[1], out)
    before = tree_digest(out)
    result = CliRunner().invoke(
        main, ["build", str(root), "--out", str(out), "--strict", "-q", "--no-cache"]
    )
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and "bug in cxsite" not in result.output
    assert case.file in result.output
    assert tree_digest(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "site"]

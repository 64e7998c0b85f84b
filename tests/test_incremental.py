"""Rebuilds: nothing changed means nothing redone; caches and cores never change output."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from projects import make_project

from cxsite.build import build
from cxsite.cli import main


def digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_no_change_rebuild_is_skipped(tmp_path: Path) -> None:
    root = make_project(tmp_path / "proj")
    first = build(root)
    before = digest(first.out)
    again = build(root)
    assert again.up_to_date and not first.up_to_date
    assert digest(again.out) == before
    result = CliRunner().invoke(main, ["build", str(root)])
    assert "is up to date" in result.output
    # -q is quiet, up to date or not.
    assert CliRunner().invoke(main, ["build", str(root), "-q"]).output == ""


def test_changed_data_is_rebuilt(tmp_path: Path) -> None:
    root = make_project(tmp_path / "proj")
    first = build(root)
    survey = root / "data" / "survey.csv"
    survey.write_text(survey.read_text() + "r12,11/09/2024,nps,10,Lovely\n")
    second = build(root)
    assert not second.up_to_date
    assert second.model["site"]["build_id"] != first.model["site"]["build_id"]
    nps = second.model["metrics"]["nps"]
    assert nps["series"][-1]["n"] == 7  # the week of 9 Sep: 6 answers and the new one
    assert nps["latest"]["n"] == 12  # the headline pools both weeks: 5 + 7


def test_cache_and_workers_do_not_change_the_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    root = make_project(tmp_path / "proj")
    monkeypatch.setenv("CXSITE_WORKERS", "1")
    build(root, out=tmp_path / "serial", use_cache=False)
    monkeypatch.setenv("CXSITE_WORKERS", "2")
    build(root, out=tmp_path / "parallel")  # fills the comment cache
    build(root, out=tmp_path / "cached")  # reuses it
    serial = digest(tmp_path / "serial")
    assert digest(tmp_path / "parallel") == serial
    assert digest(tmp_path / "cached") == serial
    assert (root / ".cxsite-cache").is_dir()


def squares(chunk: list[int]) -> list[int]:
    return [x * x for x in chunk]


def test_parallel_work_gives_the_same_result_as_serial() -> None:
    from cxsite.parallel import map_chunks

    items = list(range(10_000))
    assert map_chunks(squares, items, min_chunk=100, workers=2) == [x * x for x in items]

"""Rebuilds: nothing changed means nothing redone; caches and cores never change output."""

from __future__ import annotations

import hashlib
import logging
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from projects import make_project

from cxsite.build import build
from cxsite.cli import main
from cxsite.model.serialise import to_json


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
    assert second.model.site.build_id != first.model.site.build_id
    nps = to_json(second.model.metrics["nps"])
    assert nps["series"][-1]["n"] == 7  # the week of 9 Sep: 6 answers and the new one
    assert nps["latest"]["n"] == 12  # the headline pools both weeks: 5 + 7


def test_cache_and_workers_do_not_change_the_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    root = make_project(tmp_path / "proj")
    monkeypatch.setenv("CXSITE_WORKERS", "1")
    caplog.set_level(logging.INFO, logger="cxsite.parallel")
    build(root, out=tmp_path / "serial", use_cache=False)
    assert not caplog.records  # one worker: everything ran in this process
    # The project is small: every chunk of one item, so both pools start workers.
    monkeypatch.setenv("CXSITE_WORKERS", "2")
    monkeypatch.setenv("CXSITE_MIN_CHUNK", "1")
    build(root, out=tmp_path / "parallel")  # fills the comment cache
    pools = [r.getMessage() for r in caplog.records]
    # The comment workers (fresh interpreters), the page renderers (forked), and the
    # writers of the data files and of the exports (forked).
    assert len(pools) == 3, pools
    pids = {int(p) for m in pools for p in re.findall(r"\d+", m.split(":")[1])}
    assert len(pids) >= 3 and os.getpid() not in pids
    caplog.clear()
    build(root, out=tmp_path / "cached")  # reuses it: no comment workers start
    assert len(caplog.records) == 2
    serial = digest(tmp_path / "serial")
    assert len(serial) > 10
    assert digest(tmp_path / "parallel") == serial
    assert digest(tmp_path / "cached") == serial
    assert (root / ".cxsite-cache").is_dir()


def squares(chunk: list[int]) -> list[int]:
    return [x * x for x in chunk]


def test_parallel_work_gives_the_same_result_as_serial() -> None:
    from cxsite.parallel import map_chunks

    items = list(range(10_000))
    assert map_chunks(squares, items, min_chunk=100, workers=2) == [x * x for x in items]


def cube_root_of(chunk: list[int]) -> list[float]:
    if 13 in chunk:
        raise ValueError("unlucky chunk")
    return [x ** (1 / 3) for x in chunk]


def test_fresh_workers_give_the_same_result_and_relay_errors() -> None:
    from cxsite.parallel import map_chunks

    items = list(range(200))
    assert map_chunks(squares, items, min_chunk=10, workers=2, fresh=True) == [x * x for x in items]
    with pytest.raises(ValueError, match="unlucky chunk"):
        map_chunks(cube_root_of, items, min_chunk=10, workers=2, fresh=True)


def offset_squares(shared: object, chunk: list[int]) -> list[int]:
    if 13 in chunk:
        raise ValueError("unlucky chunk")
    return [x * x + (shared if isinstance(shared, int) else 0) for x in chunk]


@pytest.mark.parametrize("workers", ["1", "2"])
def test_work_beside_the_caller_sees_the_shared_data_and_relays_errors(
    workers: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """One job in a forked worker (or, with one worker, in this process) while the caller
    does another: the worker reads the shared value, and its error reaches the caller."""
    from cxsite.parallel import shared_beside

    monkeypatch.setenv("CXSITE_WORKERS", workers)
    caplog.set_level(logging.INFO, logger="cxsite.parallel")
    with shared_beside(offset_squares, 1000, [1, 2, 3]) as pending:
        here = offset_squares(1000, [4])
        assert pending() == [1001, 1004, 1009]
    assert here == [1016]
    pids = [
        int(p) for r in caplog.records for p in re.findall(r"\d+", r.getMessage().split(":")[1])
    ]
    assert pids == ([] if workers == "1" else pids[:1]) and os.getpid() not in pids
    assert len(pids) == (0 if workers == "1" else 1)
    with (
        pytest.raises(ValueError, match="unlucky chunk"),
        shared_beside(offset_squares, 0, [12, 13]) as failing,
    ):
        failing()


def test_a_change_to_cxsite_itself_rebuilds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Same version, same inputs, different code: not up to date. A copy of the package
    stands in for the installed one, so the test can edit it."""
    import shutil

    import cxsite.build

    root = make_project(tmp_path / "proj")
    code = tmp_path / "code"
    shutil.copytree(cxsite.build.CODE_ROOT, code, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cxsite.build, "CODE_ROOT", code)
    first = build(root)
    assert build(root).up_to_date  # control: same code, same inputs
    module = code / "data" / "periods.py"
    module.write_text(module.read_text() + "\n# a change\n")
    again = build(root)
    assert not again.up_to_date
    assert again.model.site.build_id != first.model.site.build_id


def test_the_quick_check_sees_added_files_and_ignores_touched_ones(tmp_path: Path) -> None:
    """Sizes, times and folder listings decide whether the config must be read again; a
    file whose time moved but whose bytes did not is still up to date after that."""
    import os

    root = make_project(tmp_path / "proj")
    build(root)
    survey = root / "data" / "survey.csv"
    stat = survey.stat()
    os.utime(survey, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
    assert build(root).up_to_date  # touched, same bytes: fingerprinted again, same id
    assert build(root).up_to_date  # and remembered with its new time
    (root / "content" / "new-note.md").write_text("---\ntitle: A new page\n---\nHello.\n")
    added = build(root)
    assert not added.up_to_date
    assert any(p["title"] == "A new page" for p in added.pages)
    # into another folder, nothing is known: a full build
    assert not build(root, out=tmp_path / "elsewhere").up_to_date


def test_the_comment_cache_gives_back_what_it_kept_with_each_word_once(tmp_path: Path) -> None:
    from cxsite.cache import BuildCache
    from cxsite.voice.facts import CommentFacts

    kept = {
        "a": CommentFacts("Slow delivery, slow refund", "en", -0.4, ("slow", "delivery", "refund")),
        "b": CommentFacts("Livraison lente", "fr", None, ("livraison", "lente")),
        "c": CommentFacts("Slow again", None, 0.0, ("slow",)),
        "d": CommentFacts("", None, None, ()),
    }
    cache = BuildCache(tmp_path / "cache")
    cache.comments().update(kept)
    cache.save()
    found = BuildCache(tmp_path / "cache").comments()
    assert found == kept
    assert found["a"].terms[0] is found["c"].terms[0]  # one "slow", shared

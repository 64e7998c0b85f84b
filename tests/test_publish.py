"""Publishing with no gap: a complete site is always there, whatever kills the build."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from projects import OBS, make_project

import cxsite.publish as publish
from cxsite.build import build, is_current

# Run in its own process while builds are killed: counts the moments it finds the site
# incomplete (no manifest, or a page or asset the manifest lists missing).
CHECKER = r"""
import json, os, sys
site, stop = sys.argv[1], sys.argv[2]
checks = failures = 0
first = ""
while not os.path.exists(stop):
    checks += 1
    try:
        with open(os.path.join(site, "build.json"), encoding="utf-8") as handle:
            manifest = json.load(handle)
        missing = [p["url"] for p in manifest["pages"]
                   if not os.path.isfile(os.path.join(site, p["url"]))]
        if not os.path.isfile(os.path.join(site, "assets", "plotly.min.js")):
            missing.append("assets/plotly.min.js")
        if missing:
            raise FileNotFoundError(missing[0])
    except (OSError, ValueError) as exc:
        failures += 1
        first = first or repr(exc)
print(checks, failures, first)
"""

KILLS = 24


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".site."))


@pytest.mark.skipif(not hasattr(os, "fork"), reason="kills forked builds")
def test_killed_builds_never_leave_readers_without_a_complete_site(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    site = root / "site"
    build(root, use_cache=False)  # the first build also pays for imports
    started = time.perf_counter()
    build(root, use_cache=False)
    duration = time.perf_counter() - started
    stop = tmp_path / "stop"
    checker = subprocess.Popen(
        [sys.executable, "-c", CHECKER, str(site), str(stop)], stdout=subprocess.PIPE, text=True
    )
    rng = random.Random(12)
    finished = 0
    try:
        for kill in range(KILLS):
            # A new input each time, so each build really writes and swaps a new site.
            (root / "data" / "obs.csv").write_text(OBS + f"2024-09-11,quote-time,{40 + kill}\n")
            pid = os.fork()
            if pid == 0:  # the build, killed at a random point
                try:
                    build(root, use_cache=False)
                finally:
                    os._exit(0)
            time.sleep(rng.uniform(0.2, 1.2) * min(duration, 1.5))
            os.kill(pid, signal.SIGKILL)
            _, status = os.waitpid(pid, 0)
            finished += os.WIFEXITED(status)
    finally:
        stop.touch()
        out, _ = checker.communicate(timeout=60)
    checks, failures, first = out.split(" ", 2)
    print(f"{KILLS} kills over builds of {duration:.2f}s; {checks} checks, {failures} incomplete")
    assert int(failures) == 0, f"site incomplete {failures} of {checks} times: {first}"
    assert int(checks) > 100 * KILLS
    assert finished < KILLS  # most builds really were killed part-way
    result = build(root, use_cache=False)
    assert is_current(site, result.model.site.build_id)
    assert _leftovers(root) == []


def test_every_step_of_the_swap_leaves_a_complete_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project(tmp_path / "p")
    site = root / "site"
    build(root, use_cache=False)
    seen: list[bool] = []

    def complete() -> bool:
        return (site / "build.json").is_file() and (site / "index.html").is_file()

    real_rename, real_rmtree = Path.rename, publish.shutil.rmtree

    def rename(self: Path, target: Path) -> Path:
        seen.append(complete())
        moved = real_rename(self, target)
        seen.append(complete())
        return moved

    def rmtree(path: Path, ignore_errors: bool = False) -> None:
        seen.append(complete())
        real_rmtree(path, ignore_errors=ignore_errors)

    monkeypatch.setattr(Path, "rename", rename)
    monkeypatch.setattr(publish.shutil, "rmtree", rmtree)
    build(root, use_cache=False)
    assert seen and all(seen)


def test_the_next_build_removes_what_killed_builds_left(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    for name in (f".site.building-{dead.pid}", f".site.previous-{dead.pid}"):
        (root / name / "assets").mkdir(parents=True)
        (root / name / "index.html").write_text("half")
    running = root / f".site.building-{os.getppid()}"  # a live process: a build in progress
    running.mkdir()
    build(root, use_cache=False)
    assert _leftovers(root) == [running.name]


def test_a_tree_is_removed_whole_but_not_what_its_links_point_to(tmp_path: Path) -> None:
    """Many files (removed from several threads), nested folders, an empty folder, and
    links: a link goes, what it points to outside the tree stays."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("kept", encoding="utf-8")
    tree = tmp_path / "old-site"
    for i in range(700):
        folder = tree / f"part-{i % 7}" / ("deep" if i % 2 else "")
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"page-{i}.html").write_text(str(i), encoding="utf-8")
    (tree / "empty").mkdir()
    (tree / "to-folder").symlink_to(outside, target_is_directory=True)
    (tree / "part-0" / "to-file").symlink_to(outside / "keep.txt")
    publish.remove_tree(tree)
    assert not tree.exists()
    assert (outside / "keep.txt").read_text(encoding="utf-8") == "kept"
    publish.remove_tree(tree)  # nothing there: nothing to do, no error

"""The library can be called from any script, a notebook-like ``python -c`` and pytest.

A script that calls ``build()`` without an ``if __name__ == "__main__":`` guard must be
built once: workers must not import the caller's main module again (which would run
the whole build once more in each of them). The project is small, so the workers'
thresholds are lowered with ``CXSITE_MIN_CHUNK`` and the test checks, from the
``cxsite.parallel`` log, that worker processes really ran.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from projects import make_project

SCRIPT = """\
import logging, os, sys
from pathlib import Path
from cxsite.build import build

logging.basicConfig(stream=sys.stderr, level=logging.INFO, format="%(name)s %(message)s")
print("script imported in", os.getpid(), flush=True)
build(Path(sys.argv[1]), out=Path(sys.argv[2]), use_cache=False)
print("built", flush=True)
"""


def _env() -> dict[str, str]:
    return {**os.environ, "CXSITE_WORKERS": "2", "CXSITE_MIN_CHUNK": "1"}


def _workers(stderr: str) -> set[int]:
    """The worker pids the pools logged (each pool lists the processes it used)."""
    pids: set[int] = set()
    for listed in re.findall(
        r"cxsite\.parallel \d+ chunks on \d+ worker processes: \[(.*)\]", stderr
    ):
        pids.update(int(p) for p in listed.split(","))
    return pids


def test_a_script_without_a_main_guard_builds_once(tmp_path: Path) -> None:
    root = make_project(tmp_path / "proj")
    script = tmp_path / "unguarded.py"
    script.write_text(SCRIPT, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, str(script), str(root), str(tmp_path / "site")],
        capture_output=True,
        text=True,
        env=_env(),
        cwd=tmp_path,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    imported, built = run.stdout.splitlines()  # once each: no worker ran the script
    assert imported.startswith("script imported in ") and built == "built"
    # Every pool ran, in processes other than the script's: comment workers, renderers,
    # and the writers of the data files and the exports.
    assert len(re.findall(r"worker processes", run.stderr)) == 3, run.stderr
    workers = _workers(run.stderr)
    assert len(workers) >= 3 and int(imported.split()[-1]) not in workers
    assert (tmp_path / "site" / "index.html").is_file()


def test_a_notebook_like_caller_builds_with_workers(tmp_path: Path) -> None:
    root = make_project(tmp_path / "proj")
    code = SCRIPT.replace("sys.argv[1]", repr(str(root))).replace(
        "sys.argv[2]", repr(str(tmp_path / "site"))
    )
    run = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=_env(),
        cwd=tmp_path,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    assert [line.split(" in ")[0] for line in run.stdout.splitlines()] == [
        "script imported",
        "built",
    ]
    assert len(re.findall(r"worker processes", run.stderr)) == 3, run.stderr
    assert len(_workers(run.stderr)) >= 3

"""A killed build leaves no worker behind.

An orphaned forked worker waits for work forever and keeps open every pipe its parent
had, so a CI job or a test runner waiting for those pipes to close would wait forever.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import pytest

from cxsite.parallel import map_shared


def _slow(shared: object, chunk: Sequence[int]) -> list[int]:
    (Path(str(shared)) / str(os.getpid())).touch()
    time.sleep(60)
    return list(chunk)


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in status  # a zombie has ended; only its exit code is left


@pytest.mark.skipif(sys.platform != "linux", reason="parent-death signal is Linux's")
def test_forked_workers_end_when_their_build_is_killed(tmp_path: Path) -> None:
    build = os.fork()
    if build == 0:
        try:
            map_shared(_slow, str(tmp_path), list(range(40)), min_chunk=1, workers=2)
        finally:
            os._exit(0)
    deadline = time.monotonic() + 30
    while len(list(tmp_path.iterdir())) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    workers = [int(p.name) for p in tmp_path.iterdir()]
    assert len(workers) == 2, "the two workers never started"
    assert all(_alive(pid) for pid in workers)
    os.kill(build, signal.SIGKILL)
    os.waitpid(build, 0)
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [pid for pid in workers if _alive(pid)] == []

"""Both cores for independent work (comment analysis, rendering pages).

Work is split into contiguous chunks; results come back in input order, so the output
is the same whatever the number of workers. Two kinds of worker:

- **forked** (:func:`map_shared`, :func:`map_chunks`): they see the parent's data without
  copying it (the site model, the template environment). A forked child has only the
  forking thread, so the work given to it must not use a library whose threads it
  shares with the parent (a database engine's): rendering uses none, and the build
  closes its engine before the renderers fork; comment analysis uses fresh workers.
  Forking never imports the caller's main module again.
- **fresh** (``map_chunks(..., fresh=True)``): new interpreters running
  ``python -m cxsite.worker``, for work that only needs its items. They never import the
  caller's main module, so a script that calls :func:`cxsite.build.build` without an
  ``if __name__ == "__main__":`` guard is built once, not once more in every worker (as
  :mod:`multiprocessing`'s spawn would), and a notebook or ``python -c`` works the same.

``CXSITE_WORKERS`` caps the number of workers; ``CXSITE_MIN_CHUNK`` overrides every
pool's smallest chunk, so a small project can be made to use workers (the tests do).
Each pool logs the worker processes it used on the ``cxsite.parallel`` logger.
"""

from __future__ import annotations

import ctypes
import functools
import gc
import logging
import multiprocessing
import os
import pickle
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

log = logging.getLogger(__name__)


def worker_count() -> int:
    configured = os.environ.get("CXSITE_WORKERS")
    if configured and configured.isdigit():
        return max(1, int(configured))
    return max(1, min(os.cpu_count() or 1, 8))


def smallest_chunk(default: int) -> int:
    configured = os.environ.get("CXSITE_MIN_CHUNK")
    if configured and configured.isdigit():
        return max(1, int(configured))
    return default


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def _chunks(items: Sequence[T], min_chunk: int, workers: int) -> list[Sequence[T]]:
    size = max(min_chunk, -(-len(items) // (workers * 4)))
    return [items[i : i + size] for i in range(0, len(items), size)]


def map_chunks(
    func: Callable[[Sequence[T]], list[R]],
    items: Sequence[T],
    min_chunk: int = 2000,
    workers: int | None = None,
    fresh: bool = False,
) -> list[R]:
    """``func`` over contiguous chunks of ``items`` in parallel; results in input order.

    Workers are forked, sharing the parent's memory; with ``fresh`` they are new
    interpreters instead (``func`` and the items are pickled, so ``func`` must live in
    an importable module), so a large parent is not duplicated when the work only needs
    its items, and the caller's main module is never imported again.
    """
    workers = workers or worker_count()
    min_chunk = smallest_chunk(min_chunk)
    if workers == 1 or len(items) < 2 * min_chunk or not (fresh or _can_fork()):
        return func(items)
    chunks = _chunks(items, min_chunk, workers)
    if fresh:
        parts, pids = _run_fresh(func, chunks, workers)
    else:
        parts, pids = _run_forked(func, chunks, workers)
    log.info("%d chunks on %d worker processes: %s", len(chunks), len(set(pids)), sorted(set(pids)))
    return [result for part in parts for result in part]


def _run_forked(
    func: Callable[[Sequence[T]], list[R]], chunks: list[Sequence[T]], workers: int
) -> tuple[list[list[R]], list[int]]:
    with _forked_pool(workers) as pool:
        done = list(pool.map(functools.partial(_with_pid, func), chunks))
    return [part for _, part in done], [pid for pid, _ in done]


@contextmanager
def _forked_pool(workers: int) -> Iterator[ProcessPoolExecutor]:
    """A pool of forked workers that end with the build."""
    # Frozen objects are skipped by the collector, so forked workers do not write to
    # (and so copy) every page of the parent's heap.
    gc.freeze()
    try:
        with ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_die_with_parent,
            initargs=(os.getpid(),),
        ) as pool:
            yield pool
    finally:
        gc.unfreeze()


def _die_with_parent(parent: int) -> None:
    """A forked worker ends when its build is killed, instead of living on.

    An orphaned worker waits forever for work, and holds open every pipe the parent had
    (a CI job's, a test runner's), so whoever waits for those pipes to close waits too.
    """
    if sys.platform != "linux":
        return
    set_parent_death_signal = 1  # PR_SET_PDEATHSIG, linux/prctl.h
    ctypes.CDLL(None, use_errno=True).prctl(set_parent_death_signal, signal.SIGKILL)
    if os.getppid() != parent:  # the build died before the signal was asked for
        os._exit(1)


def _with_pid(func: Callable[[Sequence[T]], list[R]], chunk: Sequence[T]) -> tuple[int, list[R]]:
    return os.getpid(), func(chunk)


def _run_fresh(
    func: Callable[[Sequence[T]], list[R]], chunks: list[Sequence[T]], workers: int
) -> tuple[list[list[R]], list[int]]:
    """Each worker gets every ``workers``-th chunk; the parts are put back in order."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    procs = []
    for first in range(min(workers, len(chunks))):
        proc = subprocess.Popen(
            [sys.executable, "-m", "cxsite.worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
        )
        procs.append((first, proc))
    # Every worker reads its whole input before it writes anything, so sending all the
    # inputs first and then reading the outputs cannot deadlock.
    for first, proc in procs:
        assert proc.stdin is not None
        with proc.stdin:
            pickle.dump((func, list(chunks[first :: len(procs)])), proc.stdin)
    parts: list[list[R]] = [[] for _ in chunks]
    failure: BaseException | None = None
    for first, proc in procs:
        assert proc.stdout is not None
        with proc.stdout:
            output = proc.stdout.read()
        code = proc.wait()
        try:
            status, value = pickle.loads(output)  # noqa: S301 - our worker, our pipe
        except (EOFError, pickle.UnpicklingError):
            failure = failure or RuntimeError(f"a worker process ended with exit code {code}")
            continue
        if status == "error":
            failure = failure or value
            continue
        for offset, part in enumerate(value):
            parts[first + offset * len(procs)] = part
    if failure is not None:
        raise failure
    return parts, [proc.pid for _, proc in procs]


# Forked workers inherit this slot as it is when the pool starts, so large read-only
# state (the site model, the template environment) reaches them without pickling.
_SHARED: list[object] = []


def map_shared(
    func: Callable[[object, Sequence[T]], list[R]],
    shared: object,
    items: Sequence[T],
    min_chunk: int = 8,
    workers: int | None = None,
) -> list[R]:
    """Like :func:`map_chunks`, with ``shared`` passed to every call without copying."""
    _SHARED.append(shared)
    try:
        return map_chunks(functools.partial(_with_shared, func), items, min_chunk, workers)
    finally:
        _SHARED.pop()


def _with_shared(func: Callable[[object, Sequence[T]], list[R]], chunk: Sequence[T]) -> list[R]:
    return func(_SHARED[-1], chunk)


@contextmanager
def shared_beside(
    func: Callable[[object, Sequence[T]], list[R]], shared: object, items: Sequence[T]
) -> Iterator[Callable[[], list[R]]]:
    """``func(shared, items)`` in one forked worker while the caller goes on with other
    work; yields the function that waits for its result.

    Two jobs that each read all of a large ``shared`` cost one copy of what they touch
    less than in two workers: the caller does one of them in its own memory.
    """
    if worker_count() == 1 or not _can_fork():
        yield lambda: func(shared, items)
        return
    _SHARED.append(shared)
    try:
        with _forked_pool(1) as pool:
            pending = pool.submit(_with_pid, functools.partial(_with_shared, func), items)

            def result() -> list[R]:
                pid, found = pending.result()
                log.info("1 chunks on 1 worker processes: %s", [pid])
                return found

            yield result
    finally:
        _SHARED.pop()

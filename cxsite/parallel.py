"""Both cores for independent work (comment analysis, rendering pages).

Work is split into contiguous chunks and run in forked worker processes, which see the
parent's data without copying it; results come back in input order, so the output is
the same whatever the number of workers.
"""

from __future__ import annotations

import functools
import gc
import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def worker_count() -> int:
    configured = os.environ.get("CXSITE_WORKERS")
    if configured and configured.isdigit():
        return max(1, int(configured))
    return max(1, min(os.cpu_count() or 1, 8))


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def map_chunks(
    func: Callable[[Sequence[T]], list[R]],
    items: Sequence[T],
    min_chunk: int = 2000,
    workers: int | None = None,
    fresh: bool = False,
) -> list[R]:
    """``func`` over contiguous chunks of ``items`` in parallel; results in input order.

    Workers are forked, sharing the parent's memory; with ``fresh`` they start as new
    processes instead, so a large parent is not duplicated when the work only needs
    its items.
    """
    workers = workers or worker_count()
    if workers == 1 or len(items) < 2 * min_chunk or not _can_fork():
        return func(items)
    size = max(min_chunk, -(-len(items) // (workers * 4)))
    chunks = [items[i : i + size] for i in range(0, len(items), size)]
    context = multiprocessing.get_context("spawn" if fresh else "fork")
    # Frozen objects are skipped by the collector, so forked workers do not write to
    # (and so copy) every page of the parent's heap.
    gc.freeze()
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            parts = list(pool.map(func, chunks))
    finally:
        gc.unfreeze()
    return [result for part in parts for result in part]


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

"""The ``engine`` section of the config: how the embedded engine may use the machine."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..inputs.schema import Reader

DEFAULT_MEMORY_LIMIT = "2GB"
ENGINE_KEYS = ("memory_limit", "threads")
_SIZE = re.compile(r"^\s*\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class EngineSettings:
    """``memory_limit`` in DuckDB's spelling (``500MB``, ``4GB``); past it, work spills
    to a temporary folder of its own. ``threads`` None: one per core."""

    memory_limit: str = DEFAULT_MEMORY_LIMIT
    threads: int | None = None


def read_engine(read: Reader) -> EngineSettings:
    section = read.mapping("engine")
    if section is None:
        return EngineSettings()
    inner = read.child("engine", section)
    inner.check_keys(ENGINE_KEYS)
    limit = inner.text("memory_limit", DEFAULT_MEMORY_LIMIT) or DEFAULT_MEMORY_LIMIT
    if not _SIZE.match(limit):
        read.problems.add(
            "'engine.memory_limit' must be a size such as 500MB or 4GB",
            file=read.file,
            line=section.line_of("memory_limit"),
            value=limit,
        )
        limit = DEFAULT_MEMORY_LIMIT
    threads = inner.integer("threads", None, minimum=1)
    return EngineSettings(memory_limit=limit.strip(), threads=threads)

"""Paths named in the config stay inside the project folder.

A config is often copied from someone else, and the site is published company-wide: a
source path such as ``/etc/passwd`` or ``../../secrets.csv`` must not be read into it.
Paths are resolved (following ``..`` and symbolic links) and must land inside the
project, or inside a folder the config lists explicitly under ``allow_outside``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..errors import Problem


def resolve_inside(project: Path, shown: str, allowed: Sequence[Path] = ()) -> tuple[Path, bool]:
    """``shown`` resolved against ``project``, and whether it is a permitted place."""
    try:
        path = (project / shown).resolve()
    except (OSError, ValueError):  # a NUL byte, a symlink loop
        return project / shown, False
    roots = [project.resolve(), *(a.resolve() for a in allowed)]
    return path, any(path == root or path.is_relative_to(root) for root in roots)


def outside_problem(what: str, shown: str, file: str, line: int | None) -> Problem:
    return Problem(
        f"{what} '{shown}' is outside the project folder; it is not read",
        file=file,
        line=line,
        hint="Move the file into the project, or list its folder under 'allow_outside' "
        "in the config (e.g. allow_outside: [/srv/exports])",
    )

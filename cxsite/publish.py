"""Phase 7: writing the site — into a staging folder, swapped in only when complete.

A failed build never touches the last good site: everything is written next to it and
the two folders trade places at the very end.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .config import CONFIG_FILE
from .errors import BuildError, Problem

MANIFEST = "build.json"


def check_output_folder(out: Path, project: Path) -> None:
    """Refuse to replace a folder that is not a previous cxsite output."""
    out = out.resolve()
    if (
        out == project.resolve()
        or (out / CONFIG_FILE).exists()
        or project.resolve().is_relative_to(out)
    ):
        raise BuildError(
            [
                Problem(
                    f"refusing to write the site into {out}: it holds the project",
                    hint="Choose another --out folder",
                )
            ]
        )
    if out.exists() and (
        not out.is_dir() or (any(out.iterdir()) and not (out / MANIFEST).exists())
    ):
        raise BuildError(
            [
                Problem(
                    f"{out} exists and is not a cxsite site (no {MANIFEST}); it would be replaced",
                    hint="Choose another --out folder, or empty this one",
                )
            ]
        )


@contextlib.contextmanager
def staging(out: Path) -> Iterator[Path]:
    """Yield an empty folder beside ``out``; on success it becomes ``out``."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    temp = out.parent / f".{out.name}.building-{os.getpid()}"
    previous = out.parent / f".{out.name}.previous-{os.getpid()}"
    shutil.rmtree(temp, ignore_errors=True)
    temp.mkdir()
    try:
        yield temp
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    if out.exists():
        out.rename(previous)
    temp.rename(out)
    shutil.rmtree(previous, ignore_errors=True)


def write_text(root: Path, relative: str, text: str) -> int:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    data = text.encode("utf-8")
    path.write_bytes(data)
    return len(data)


def write_json(root: Path, relative: str, value: Any, pretty: bool = False) -> int:
    # Data files are compact: at scale they are most of a page's weight. The small
    # manifest is indented, for people reading it.
    text = json.dumps(
        value,
        ensure_ascii=False,
        sort_keys=True,
        allow_nan=False,
        **({"indent": 1} if pretty else {"separators": (",", ":")}),  # type: ignore[arg-type]
    )
    return write_text(root, relative, text + "\n")


def copy_tree(source: Path, target: Path) -> None:
    for path in sorted(source.rglob("*")):
        if path.is_file():
            dest = target / path.relative_to(source)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, dest)

"""Phase 7: writing the site — into a staging folder, swapped in only when complete.

A failed build never touches the last good site: everything is written next to it and
the two folders trade places at the very end, in one atomic exchange of directory
entries (``renameat2(RENAME_EXCHANGE)`` on Linux, ``renamex_np(RENAME_SWAP)`` on macOS),
so a reader, a web server or a kill at any instant finds either the old complete site or
the new complete one — never no site. ``site/`` stays a plain folder that can be copied
or served as it is. Where the system cannot exchange (other platforms, some network
file systems) the two folders trade places by two renames, as close together as they go.
Leftovers of a killed build are removed by the next one.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import json
import os
import shutil
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from .errors import BuildError, Problem
from .inputs.config import CONFIG_FILE
from .model.serialise import SerialiseError, to_json

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
    remove_leftovers(out)
    temp = out.parent / f".{out.name}.building-{os.getpid()}"
    shutil.rmtree(temp, ignore_errors=True)
    temp.mkdir()
    try:
        yield temp
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    swap_in(temp, out)


def swap_in(new: Path, out: Path) -> None:
    """Make ``new`` the folder ``out``; the old ``out`` ends up at ``new`` and is removed."""
    if not out.exists():
        new.rename(out)
        return
    if not exchange(new, out):
        previous = out.parent / f".{out.name}.previous-{os.getpid()}"
        out.rename(previous)
        new.rename(out)
        new = previous
    remove_tree(new)


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2  # linux/fs.h
_RENAME_SWAP = 2  # macOS sys/stdio.h
_UNSUPPORTED = {errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.EXDEV}


def exchange(a: Path, b: Path) -> bool:
    """Atomically swap two directory entries; False when the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return False
    if sys.platform == "linux" and hasattr(libc, "renameat2"):
        result = libc.renameat2(
            _AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE
        )
    elif sys.platform == "darwin" and hasattr(libc, "renamex_np"):
        result = libc.renamex_np(os.fsencode(a), os.fsencode(b), _RENAME_SWAP)
    else:
        return False
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in _UNSUPPORTED:
        return False
    raise OSError(code, os.strerror(code), str(b))


def remove_leftovers(out: Path) -> None:
    """Remove what builds into ``out`` that were killed left beside it.

    Staging folders carry the builder's process id; one whose process is still running
    belongs to a build in progress and is left alone.
    """
    for prefix in (f".{out.name}.building-", f".{out.name}.previous-"):
        for path in out.parent.glob(prefix + "*"):
            pid = path.name[len(prefix) :]
            if pid.isdigit() and int(pid) != os.getpid() and _running(int(pid)):
                continue
            remove_tree(path)


def remove_tree(folder: Path) -> None:
    """Remove ``folder`` and all it holds, as far as possible (like ``rm -rf``).

    The files are unlinked from several threads: each unlink waits on the file system
    with the GIL released, so an old site of 14,456 files goes in 1.8 s instead of 2.9 s.
    """
    files: list[str] = []
    for root, _folders, names in os.walk(folder):  # symbolic links are not followed
        files += [os.path.join(root, name) for name in names]
    if len(files) > _FILES_PER_THREAD:
        with ThreadPoolExecutor(max_workers=_REMOVERS) as pool:
            list(pool.map(_unlink, files, chunksize=_FILES_PER_THREAD))
    shutil.rmtree(folder, ignore_errors=True)  # what is left: folders, links to folders


_REMOVERS = 8
_FILES_PER_THREAD = 256


def _unlink(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def _running(pid: int) -> bool:
    if sys.platform == "win32":  # os.kill would end the process there: keep the folder
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def write_text(root: Path, relative: str, text: str) -> int:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    data = text.encode("utf-8")
    path.write_bytes(data)
    return len(data)


def write_json(root: Path, relative: str, value: Any, pretty: bool = False) -> int:
    """Write ``value`` (typed model values or plain data) through :func:`to_json`."""
    try:
        data = to_json(value)
    except SerialiseError as error:
        hint = (
            "cxsite must write a value it cannot compute as missing; please report this "
            "with the data that produced it"
        )
        raise BuildError(
            [
                Problem(
                    f"the value at {error.path or 'the top'} is {error.reason}",
                    relative,
                    value=error.value,
                    hint=hint,
                )
            ]
        ) from error
    # Data files are compact: at scale they are most of a page's weight. The small
    # manifest is indented, for people reading it.
    text = json.dumps(
        data,
        ensure_ascii=False,
        sort_keys=True,
        allow_nan=False,
        indent=1 if pretty else None,
        separators=None if pretty else (",", ":"),
    )
    return write_text(root, relative, text + "\n")


def copy_tree(source: Path, target: Path) -> None:
    for path in sorted(source.rglob("*")):
        if path.is_file():
            dest = target / path.relative_to(source)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, dest)

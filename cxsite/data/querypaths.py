"""The files a source's query reads: found, kept inside the project, made absolute.

A query names files as string literals (``FROM 'data/orders.csv'``,
``read_csv('data/*.csv')``). Each literal that names a data file is resolved against
the project folder, refused when it leads outside it (the rule of
:mod:`cxsite.paths`), and replaced by its absolute path, so the query means the same
whatever folder cxsite runs from. The engine itself refuses any other file outside the
project, as a second line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import Problem
from ..inputs.paths import outside_problem, resolve_inside

# A SQL string literal ('' is a quote inside it), and the names of data files in one.
_LITERAL = re.compile(r"'((?:[^']|'')*)'")
_DATA_FILE = re.compile(
    r"\.(csv|tsv|txt|parquet|pq|json|jsonl|ndjson)(\.(gz|zst))?$", re.IGNORECASE
)


@dataclass(frozen=True)
class PreparedQuery:
    text: str  # the query with absolute file paths
    files: tuple[Path, ...]  # the files (or glob patterns) it reads
    shown: dict[str, str]  # absolute path -> as written, to put messages back in user terms


def prepare_query(
    query: str,
    project: Path,
    where: str,
    file: str,
    line: int | None,
    allowed: Sequence[Path] = (),
) -> tuple[PreparedQuery | None, list[Problem]]:
    problems: list[Problem] = []
    files: list[Path] = []
    shown: dict[str, str] = {}

    def absolute(match: re.Match[str]) -> str:
        written = match.group(1).replace("''", "'")
        if not _DATA_FILE.search(written.rstrip("*")):
            return match.group(0)
        path, permitted = resolve_inside(project, written, allowed)
        if not permitted:
            problems.append(outside_problem(f"{where}.query reads", written, file, line))
            return match.group(0)
        if "*" in written or "?" in written:
            # A glob: resolved as a pattern, its folder checked like a file.
            path = (project / written).absolute()
        files.append(path)
        shown[str(path)] = written
        return "'" + str(path).replace("'", "''") + "'"

    text = _LITERAL.sub(absolute, query)
    if problems:
        return None, problems
    return PreparedQuery(text, tuple(files), shown), []


def files_of(prepared: PreparedQuery) -> list[Path]:
    """The existing files a prepared query reads (globs expanded), for fingerprints."""
    found: list[Path] = []
    for path in prepared.files:
        if "*" in str(path) or "?" in str(path):
            found += sorted(path.parent.glob(path.name))
        else:
            found.append(path)
    return found

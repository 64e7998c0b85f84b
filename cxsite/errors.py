"""Errors a person can act on.

Every problem found in the input is a :class:`Problem` that names the file, the line
(YAML, Markdown) or row (data), the bad value and what to do about it. Phases collect
problems instead of stopping at the first, so one run reports them all.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO, Any

import click


@dataclass(frozen=True)
class Problem:
    message: str
    file: str | None = None
    line: int | None = None
    row: int | None = None
    value: Any = None
    hint: str | None = None

    def location(self) -> str:
        if self.file is None:
            return ""
        if self.line is not None:
            return f"{self.file}:{self.line}"
        if self.row is not None:
            return f"{self.file}, row {self.row}"
        return self.file

    def __str__(self) -> str:
        text = self.message
        if self.value is not None:
            text += f" (got {_show(self.value)})"
        if self.hint:
            text += f". {self.hint}"
        where = self.location()
        return f"{where}: {text}" if where else text


def _show(value: Any) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 80 else text[:77] + "..."


class CxsiteError(click.ClickException):
    """Root of cxsite's errors; the CLI prints it without a traceback."""

    kind = "problem"

    def __init__(self, problems: Iterable[Problem] | str) -> None:
        if isinstance(problems, str):
            problems = [Problem(problems)]
        self.problems = list(problems)
        super().__init__(self._text())

    def _text(self) -> str:
        if len(self.problems) == 1:
            return str(self.problems[0])
        lines = [f"{len(self.problems)} problems found:"]
        lines += [f"  - {p}" for p in self.problems]
        return "\n".join(lines)

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"Error: {self.format_message()}", file=file, err=True)


class InputError(CxsiteError):
    """Something in the project's config, journey, data or content is wrong."""


class BuildError(CxsiteError):
    """The inputs were fine but the site could not be written."""


@dataclass
class Problems:
    """Collects problems and warnings across a phase, then raises them together."""

    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def add(self, message: str, **where: Any) -> None:
        self.errors.append(Problem(message, **where))

    def warn(self, message: str, **where: Any) -> None:
        self.warnings.append(Problem(message, **where))

    def __bool__(self) -> bool:
        return bool(self.errors)

    def raise_if_any(self, strict: bool = False) -> None:
        found = self.errors + (self.warnings if strict else [])
        if found:
            raise InputError(found)

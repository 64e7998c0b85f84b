"""Template errors as problems a person can act on.

A user's template override (or a theme's) can have a syntax error or use a name the
page does not have. Jinja reports both with a traceback; the build reports them as a
problem naming the template file and line, so they read like any other bad input.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterable
from pathlib import Path

from jinja2 import Environment, TemplateError, TemplateNotFound, TemplateSyntaxError

from .errors import InputError, Problem

HINT = "Fix the template, or delete it to fall back to the theme's own"


def check_templates(env: Environment, names: Iterable[str], project: Path) -> None:
    """Compile every template a page will use (and what it extends or includes)."""
    problems: list[Problem] = []
    for name in sorted(set(names)):
        try:
            env.get_template(name)
        except TemplateSyntaxError as exc:
            problems.append(syntax_problem(exc, project))
        except TemplateNotFound as exc:
            problems.append(Problem(f"template '{exc.name}' not found", hint=HINT))
    if problems:
        raise InputError(problems)


def syntax_problem(exc: TemplateSyntaxError, project: Path) -> Problem:
    return Problem(
        f"template error: {exc.message}",
        file=_shown(exc.filename or exc.name, project),
        line=exc.lineno,
        hint=HINT,
    )


def render_problem(exc: TemplateError, project: Path, page_url: str) -> Problem:
    """Where in which template rendering ``page_url`` failed, from the traceback.

    Jinja rewrites tracebacks so that frames of compiled templates carry the template's
    file name and line; the innermost such frame is where the error is.
    """
    if isinstance(exc, TemplateSyntaxError):
        return syntax_problem(exc, project)
    where: tuple[str, int] | None = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename.endswith((".html", ".xml", ".txt", ".j2")) and frame.lineno:
            where = (frame.filename, frame.lineno)
    message = f"template error while rendering {page_url}: {exc.message or exc}"
    if where is None:
        return Problem(message, hint=HINT)
    return Problem(message, file=_shown(where[0], project), line=where[1], hint=HINT)


def _shown(filename: str | None, project: Path) -> str | None:
    if filename is None:
        return None
    path = Path(filename)
    try:
        return str(path.resolve().relative_to(project))
    except ValueError:
        return filename

"""The last resort: an unexpected exception becomes one clear message, not a traceback.

Every known kind of bad input is a :class:`~cxsite.errors.CxsiteError` raised with its
file and line. Anything else that escapes a command is a bug in cxsite; it is reported
as such (exit status 2) with what to send in a bug report. The build writes into a
staging folder, so the last good site is still in place when this happens.
"""

from __future__ import annotations

import os
import traceback
from typing import Any

import click

from . import __version__
from .errors import CxsiteError, Problem

DEBUG_VARIABLE = "CXSITE_DEBUG"


class InternalError(CxsiteError):
    """An exception cxsite did not expect: a bug, not a problem in the project."""

    exit_code = 2

    def __init__(self, exc: BaseException) -> None:
        where = traceback.extract_tb(exc.__traceback__)[-1:] if exc.__traceback__ else []
        at = f" at {os.path.basename(where[0].filename)}:{where[0].lineno}" if where else ""
        super().__init__(
            [
                Problem(
                    f"cxsite {__version__} stopped on an unexpected error "
                    f"({type(exc).__name__}{at}); this is a bug in cxsite, not in your project, "
                    "and the last good site was left as it was",
                    hint="Please report it with the command you ran and this message "
                    f"(set {DEBUG_VARIABLE}=1 to see the full traceback)",
                )
            ]
        )


class GuardedGroup(click.Group):
    """A command group whose commands never end in a raw traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:
            if os.environ.get(DEBUG_VARIABLE):
                raise
            raise InternalError(exc) from exc

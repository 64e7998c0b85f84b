"""Kept for callers of the earlier location: use :func:`cxsite.privacy.redact`."""

from __future__ import annotations

from collections.abc import Sequence

from cxsite.privacy import Privacy
from cxsite.privacy import redact as _redact

__all__ = ["redact"]


def redact(text: str, extra_patterns: Sequence[str] = ()) -> str:
    """:func:`cxsite.privacy.redact` with the default settings and ``extra_patterns``."""
    return _redact(text, Privacy(patterns=tuple(extra_patterns)))

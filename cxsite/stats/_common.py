"""Small helpers shared by the statistics modules.

scipy is imported inside the functions that need it so that the light modules (text
redaction, sentiment) load without it.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from collections.abc import Iterable
from typing import Any


class Serialisable:
    """Mixin for result dataclasses: ``to_dict()`` gives plain JSON-ready data."""

    def to_dict(self) -> dict[str, Any]:
        """Return the dataclass as nested dicts/lists of str, int, float, bool and None."""
        if not dataclasses.is_dataclass(self) or isinstance(self, type):
            raise TypeError("to_dict() needs a dataclass instance")
        return dataclasses.asdict(self)


def check_confidence(confidence: float) -> None:
    """Raise ``ValueError`` unless ``0 < confidence < 1``."""
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must be between 0 and 1 (exclusive), got {confidence!r}")


def check_alpha(alpha: float) -> None:
    """Raise ``ValueError`` unless ``0 < alpha < 1``."""
    if not 0.0 < alpha < 1.0:
        raise ValueError(f"alpha must be between 0 and 1 (exclusive), got {alpha!r}")


@functools.lru_cache(maxsize=64)
def z_quantile(confidence: float) -> float:
    """Two-sided standard normal critical value, e.g. 1.959964 for 0.95."""
    check_confidence(confidence)
    from scipy import stats

    return float(stats.norm.ppf(0.5 + confidence / 2.0))


@functools.lru_cache(maxsize=4096)
def t_quantile(confidence: float, df: float) -> float:
    """Two-sided Student t critical value with ``df`` degrees of freedom."""
    check_confidence(confidence)
    from scipy import stats

    return float(stats.t.ppf(0.5 + confidence / 2.0, df))


def normal_two_sided_p(statistic: float) -> float:
    """Two-sided p-value of a standard normal test statistic."""
    from scipy import stats

    return float(2.0 * stats.norm.sf(abs(statistic)))


def t_two_sided_p(statistic: float, df: float) -> float:
    """Two-sided p-value of a Student t statistic."""
    from scipy import stats

    return float(2.0 * stats.t.sf(abs(statistic), df))


def as_count(value: int) -> int:
    """A non-negative whole number as a plain ``int`` (numpy integers included)."""
    count = int(value)
    if count != value or count < 0:
        raise ValueError(f"counts must be non-negative integers, got {value!r}")
    return count


def finite_floats(values: Iterable[float | None]) -> list[float]:
    """Keep the finite numbers of a sequence (``None`` and NaN are dropped)."""
    out: list[float] = []
    for v in values:
        if v is None:
            continue
        f = float(v)
        if math.isfinite(f):
            out.append(f)
    return out


def is_missing(value: object) -> bool:
    """True for ``None`` and for float NaN."""
    if value is None:
        return True
    try:
        return math.isnan(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False

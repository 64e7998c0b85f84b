"""A metric's series: one point per reporting period, with a survey's counts."""

from __future__ import annotations

from dataclasses import dataclass, field

from .serialise import OMIT_NONE


@dataclass(frozen=True, kw_only=True)
class CellStats:
    """Sufficient statistics of survey answers: one period's, or a window's pooled.

    A period's counts are integers; a pooled window's are sums kept as floats, as the
    data files have always written them.
    """

    n: int
    sum: float
    sum_sq: float
    top: float
    promoters: float
    detractors: float


@dataclass(frozen=True, kw_only=True)
class SeriesPoint:
    period: str
    value: float | None
    n: int
    stats: CellStats | None = field(default=None, metadata=OMIT_NONE)

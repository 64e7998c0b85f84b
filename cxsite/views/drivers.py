"""The drivers page: which survey questions explain the outcome, and which to fix first."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..model.drivers import BootstrapInfo, DriverAnalysis, DriverItem
from .comments import UrlOf

DAYS_PER_MONTH = 30.4  # 365 / 12, rounded as the page speaks of whole months


@dataclass(frozen=True)
class DriverRow:
    driver: DriverItem  # the driver's numbers, as the model has them
    url: str | None  # the page of the touchpoint the driver's question is about


@dataclass(frozen=True)
class DriversPage:
    available: bool
    reason: str
    outcome_name: str | None
    complete: int | None
    r_squared: float | None
    method: str
    bootstrap: BootstrapInfo | None
    window_months: int  # the analysis window, in whole months
    drivers: tuple[DriverRow, ...]
    fix_first: tuple[DriverRow, ...]


def drivers_page(drivers: DriverAnalysis, url_of: UrlOf) -> DriversPage:
    def rows(found: Sequence[DriverItem]) -> tuple[DriverRow, ...]:
        return tuple(
            DriverRow(d, url_of("touchpoint", d.touchpoint) if d.touchpoint else None)
            for d in found
        )

    return DriversPage(
        available=drivers.available,
        reason=drivers.reason,
        outcome_name=drivers.outcome_name,
        complete=drivers.complete,
        r_squared=drivers.r_squared,
        method=drivers.method,
        bootstrap=drivers.bootstrap,
        window_months=round((drivers.window_days or 0) / DAYS_PER_MONTH),
        drivers=rows(drivers.drivers),
        fix_first=rows(drivers.fix_first),
    )

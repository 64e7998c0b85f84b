"""The drivers page: which survey questions explain the outcome, and which to fix first."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .comments import UrlOf

Json = dict[str, Any]
DAYS_PER_MONTH = 30.4  # 365 / 12, rounded as the page speaks of whole months


@dataclass(frozen=True)
class DriverRow:
    driver: Json  # the driver's numbers, as the model has them
    url: str | None  # the page of the touchpoint the driver's question is about


@dataclass(frozen=True)
class DriversPage:
    available: bool
    reason: str
    outcome_name: str | None
    complete: int | None
    r_squared: float | None
    method: str
    bootstrap: Json
    window_months: int  # the analysis window, in whole months
    drivers: tuple[DriverRow, ...]
    fix_first: tuple[DriverRow, ...]


def drivers_page(drivers: Json, url_of: UrlOf) -> DriversPage:
    def rows(found: Sequence[Json]) -> tuple[DriverRow, ...]:
        return tuple(
            DriverRow(d, url_of("touchpoint", d["touchpoint"]) if d.get("touchpoint") else None)
            for d in found
        )

    return DriversPage(
        available=bool(drivers.get("available")),
        reason=drivers.get("reason") or "",
        outcome_name=drivers.get("outcome_name"),
        complete=drivers.get("complete"),
        r_squared=drivers.get("r_squared"),
        method=drivers.get("method") or "",
        bootstrap=drivers.get("bootstrap") or {},
        window_months=round((drivers.get("window_days") or 0) / DAYS_PER_MONTH),
        drivers=rows(drivers.get("drivers") or []),
        fix_first=rows(drivers.get("fix_first") or []),
    )

"""The room's rhythm added to the site model: alerts per owner and the customer book.

Computed after the metrics and issues; the owners page and the wall show some of it.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..data.periods import Calendar
from ..data.sources import Dataset
from ..inputs.config import SiteConfig
from ..inputs.journey import Journey
from .alerts import alerts_json, compute_alerts
from .customers import customer_facts

Json = dict[str, Any]


def add_rhythm(
    model: Json, config: SiteConfig, journey: Journey, data: Dataset, calendar: Calendar | None
) -> None:
    alerts = compute_alerts(config, journey, model, data.issues, calendar)
    model["alerts"] = alerts_json(
        alerts, model, config.rhythm.alerts, config.analytics.sustained_periods
    )
    as_of = model["site"]["data_as_of"]
    model["customers"] = customer_facts(
        config, journey, data, calendar, pd.Timestamp(as_of) if as_of else None
    ).as_json()

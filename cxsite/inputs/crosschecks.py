"""Checks that need both the config and the journey, run once both are read."""

from __future__ import annotations

from ..errors import Problems
from .config import SiteConfig
from .journey import Journey
from .schema import did_you_mean


def check_driver_outcome(config: SiteConfig, journey: Journey, problems: Problems) -> None:
    """``analytics.driver_outcome`` must name a survey metric, or key drivers silently vanish."""
    outcome = config.analytics.driver_outcome
    if outcome is None:
        return
    metric = journey.metric_by_id.get(outcome)
    if metric is not None and metric.source == "responses":
        return
    survey = [m.id for m in journey.metrics if m.source == "responses"]
    why = "is not a metric in the journey" if metric is None else "is not a survey metric"
    problems.warn(
        f"analytics.driver_outcome '{outcome}' {why}; key drivers are left out",
        file=config.file,
        line=config.analytics.driver_outcome_line,
        hint=did_you_mean(outcome, survey)
        or "Name the survey metric the drivers explain, e.g. an NPS outcome",
    )

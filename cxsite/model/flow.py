"""Customer flow, as far as the data allows.

Each stage with a ``flow_metric`` shows its volume in the latest period. "Moved on" and
"dropped out" are shown only where the journey says a stage feeds the next one (``next``)
and names the metric counting those who moved on (``moved_on``: a transition metric, or
the next stage's own volume when all its customers come from this stage). Anything else
— a customer who made no claim did not "drop out" of claims — is a volume, not a funnel.
The home page and the wall draw this one list, so they say the same thing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..inputs.journey import Journey
from .metric import MetricSummary


@dataclass(frozen=True, kw_only=True)
class FlowStep:
    """One stage with a flow metric: its volume in the latest period, and — where a
    declared transition allows — how many moved on and dropped out."""

    stage: str
    name: str
    metric: str
    value: float | None
    previous: float | None
    display: str
    next: str | None
    next_name: str | None
    moved_on: float | None = None
    dropped: float | None = None
    note: str = ""


def customer_flow(journey: Journey, summaries: Mapping[str, MetricSummary]) -> list[FlowStep]:
    """One step per stage with a flow metric: volume, and moved on / dropped out where
    a declared transition allows (see the module docstring)."""
    names = {s.id: s.name for s in journey.stages}
    steps = []
    for stage in journey.stages:
        if not stage.flow_metric:
            continue
        summary = summaries[stage.flow_metric]
        value = summary.latest.value
        moved_on = dropped = None
        note = ""
        next_name = names.get(stage.next or "")
        if stage.moved_on and stage.next and value:
            moved = summaries[stage.moved_on].latest.value
            # more "moved on" than entered means the two counts are not one cohort
            if moved is not None and 0 <= moved <= value:
                moved_on, dropped = moved, value - moved
                note = (
                    f"{stage.name}: {100 * moved / value:.0f}% moved on to {next_name} "
                    f"({moved:,.0f}), {value - moved:,.0f} dropped out"
                )
        steps.append(
            FlowStep(
                stage=stage.id,
                name=stage.name,
                metric=stage.flow_metric,
                value=value,
                previous=summary.previous.value,
                display=summary.latest.display,
                next=stage.next,
                next_name=next_name,
                moved_on=moved_on,
                dropped=dropped,
                note=note,
            )
        )
    return steps

"""Customer flow, as far as the data allows.

Each stage with a ``flow_metric`` shows its volume in the latest period. "Moved on" and
"dropped out" are shown only where the journey says a stage feeds the next one (``next``)
and names the metric counting those who moved on (``moved_on``: a transition metric, or
the next stage's own volume when all its customers come from this stage). Anything else
— a customer who made no claim did not "drop out" of claims — is a volume, not a funnel.
The home page and the wall draw this one list, so they say the same thing.
"""

from __future__ import annotations

from typing import Any

from ..inputs.journey import Journey
from .metric import MetricSummary

Json = dict[str, Any]


def customer_flow(journey: Journey, summaries: dict[str, MetricSummary]) -> list[Json]:
    """One step per stage with a flow metric: volume, and moved on / dropped out where
    a declared transition allows (see the module docstring)."""
    names = {s.id: s.name for s in journey.stages}
    steps = []
    for stage in journey.stages:
        if not stage.flow_metric:
            continue
        summary = summaries[stage.flow_metric]
        value = summary.latest.value
        step: Json = {
            "stage": stage.id,
            "name": stage.name,
            "metric": stage.flow_metric,
            "value": value,
            "previous": summary.previous.value,
            "display": summary.latest.display,
            "next": stage.next,
            "next_name": names.get(stage.next or ""),
            "moved_on": None,
            "dropped": None,
            "note": "",
        }
        if stage.moved_on and stage.next and value:
            moved = summaries[stage.moved_on].latest.value
            # more "moved on" than entered means the two counts are not one cohort
            if moved is not None and 0 <= moved <= value:
                step["moved_on"] = moved
                step["dropped"] = value - moved
                step["note"] = (
                    f"{stage.name}: {100 * moved / value:.0f}% moved on to {step['next_name']} "
                    f"({moved:,.0f}), {value - moved:,.0f} dropped out"
                )
        steps.append(step)
    return steps

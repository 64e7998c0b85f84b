"""The journey's cross-references checked: unique ids, and every id a stage,
touchpoint or metric names defined, each problem with its file and line."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..errors import Problems
from .schema import did_you_mean
from .yamlfile import LineDict

if TYPE_CHECKING:
    from .journey import Journey


def check_references(journey: Journey, data: LineDict, problems: Problems) -> None:
    file = journey.file
    raw = {key: [i for i in data.get(key) or [] if isinstance(i, LineDict)] for key in data}

    def line(key: str, index: int, field_name: str) -> int:
        items = raw.get(key, [])
        return items[index].line_of(field_name) if index < len(items) else 0

    for key, items in (
        ("stages", journey.stages),
        ("touchpoints", journey.touchpoints),
        ("metrics", journey.metrics),
    ):
        seen: dict[str, int] = {}
        for item in items:
            item_line = line(key, item.order, "id")
            if item.id in seen:
                problems.add(
                    f"duplicate {key[:-1]} id '{item.id}' (first defined on line {seen[item.id]})",
                    file=file,
                    line=item_line,
                    hint="Every id must be unique; rename one of them",
                )
            else:
                seen[item.id] = item_line

    def unknown(what: str, value: str, known: Any, key: str, index: int, fld: str) -> None:
        hint = did_you_mean(value, known) or f"Define {what} '{value}' or fix the reference"
        problems.add(
            f"unknown {what} '{value}'",
            file=file,
            line=line(key, index, fld),
            hint=hint,
        )

    for stage in journey.stages:
        for fld, ref, known in (
            ("flow_metric", stage.flow_metric, journey.metric_by_id),
            ("moved_on", stage.moved_on, journey.metric_by_id),
            ("next", stage.next, journey.stage_by_id),
        ):
            if ref and ref not in known:
                what = "stage" if fld == "next" else "metric"
                unknown(what, ref, known, "stages", stage.order, fld)
        if stage.moved_on and not stage.next:
            problems.add(
                f"stage '{stage.id}' says how many moved on but not to which stage",
                file=file,
                line=line("stages", stage.order, "moved_on"),
                hint="Add 'next: <stage id>' naming the stage they move on to",
            )
    ranks: dict[int, str] = {}
    for tp in journey.touchpoints:
        if tp.stage not in journey.stage_by_id:
            unknown("stage", tp.stage, journey.stage_by_id, "touchpoints", tp.order, "stage")
        if tp.headline:
            metric = journey.metric_by_id.get(tp.headline)
            if metric is None:
                unknown(
                    "metric", tp.headline, journey.metric_by_id, "touchpoints", tp.order, "headline"
                )
        if tp.moment_of_truth is not None:
            if tp.moment_of_truth in ranks:
                problems.add(
                    f"moment-of-truth rank {tp.moment_of_truth} is used by both "
                    f"'{ranks[tp.moment_of_truth]}' and '{tp.id}'",
                    file=file,
                    line=line("touchpoints", tp.order, "moment_of_truth"),
                    hint="Give each moment of truth its own priority rank",
                )
            ranks[tp.moment_of_truth] = tp.id
    for metric in journey.metrics:
        if metric.touchpoint and metric.touchpoint not in journey.touchpoint_by_id:
            unknown(
                "touchpoint",
                metric.touchpoint,
                journey.touchpoint_by_id,
                "metrics",
                metric.order,
                "touchpoint",
            )
        if metric.maps_to:
            target = journey.metric_by_id.get(metric.maps_to)
            if target is None:
                unknown(
                    "metric",
                    metric.maps_to,
                    journey.metric_by_id,
                    "metrics",
                    metric.order,
                    "maps_to",
                )
            elif target.kind != "process":
                problems.add(
                    f"'maps_to' must name an internal process metric; "
                    f"'{target.id}' is {target.kind}",
                    file=file,
                    line=line("metrics", metric.order, "maps_to"),
                    hint="Point it at the process metric this survey question reflects",
                )

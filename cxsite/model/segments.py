"""Every survey and process metric per customer segment (product, region, ...).

The rows of one segment go through exactly the functions that make the whole-company
numbers — the same cells, the same summary, the same intervals, change tests and
control charts — so one number has one computation, and ``min_n`` applies to each
segment's own n. The model keeps, per segment, the summaries of the metrics that have
data in it; touchpoint and stage pages carry the ones they show.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from ..data.periods import Calendar
from ..data.sources import Dataset
from ..inputs.config import SiteConfig
from ..inputs.journey import Journey
from ..inputs.segmentconfig import SegmentValue
from .measures import Cell, observation_cells, response_cells
from .metric import MetricCore, MetricSummary, SegmentTag
from .site_model import SegmentChoice, SegmentDimension
from .summaries import metric_summaries

if TYPE_CHECKING:
    import ibis.expr.types as ir


def rows_in(table: ir.Table, value: SegmentValue) -> ir.Table:
    """The rows whose segment column names ``value`` (by id, label or a match), as a
    filter the engine runs."""
    if "segment" not in table.columns:
        return table.limit(0)
    spellings = sorted(value.spellings())
    return table.filter(table.segment.strip().lower().isin(spellings))


def segment_summaries(
    config: SiteConfig,
    journey: Journey,
    data: Dataset,
    calendar: Calendar | None,
) -> dict[str, dict[str, MetricSummary]]:
    """segment id → metric id → summary, for the metrics with data in that segment."""
    result: dict[str, dict[str, MetricSummary]] = {}
    if calendar is None:
        return result
    observations, responses = data.table("observations"), data.table("responses")
    for dimension in config.segments:
        for value in dimension.values:
            cells: dict[str, list[Cell | None]] = {}
            cells.update(observation_cells(rows_in(observations, value), journey, calendar))
            cells.update(response_cells(rows_in(responses, value), journey, calendar))
            if not cells:
                continue
            tag = SegmentTag(
                id=value.id,
                label=value.label,
                dimension=dimension.id,
                dimension_label=dimension.label,
            )
            summaries, _ = metric_summaries(cells, calendar, config, journey, tag)
            result[value.id] = {metric_id: summaries[metric_id] for metric_id in sorted(cells)}
    return result


def segment_index(
    config: SiteConfig, found: dict[str, dict[str, MetricSummary]]
) -> tuple[SegmentDimension, ...]:
    """The dimensions and values a page can switch between (those with any data)."""
    return tuple(
        SegmentDimension(
            id=dimension.id,
            label=dimension.label,
            values=tuple(
                SegmentChoice(id=v.id, label=v.label) for v in dimension.values if v.id in found
            ),
        )
        for dimension in config.segments
        if any(v.id in found for v in dimension.values)
    )


def for_metrics(
    found: Mapping[str, Mapping[str, MetricSummary]],
    metric_ids: list[str],
    view: Callable[[MetricSummary], MetricCore] | None = None,
) -> dict[str, dict[str, MetricCore]]:
    """The per-segment summaries of a page's metrics: segment id → metric id → summary."""
    chosen: dict[str, dict[str, MetricCore]] = {}
    for segment, summaries in found.items():
        mine = {
            mid: (view(summaries[mid]) if view else summaries[mid])
            for mid in metric_ids
            if mid in summaries
        }
        if mine:
            chosen[segment] = mine
    return chosen

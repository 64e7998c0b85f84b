"""The wall pinned to one customer segment: ``wall/index.html?segment=motor``.

Each segment gets its own wall page (``wall/segments/<id>/index.html``) built by the same
:func:`cxsite.views.wall.wall_model` from a view of the model in which every metric that has
numbers for the segment is the segment's summary; the main wall sends a ``?segment=``
URL there, keeping the other URL parameters.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from ..inputs.config import SiteConfig
from .touchpoint import TouchpointView
from .wall import SegmentLabel, WallView, wall_model

if TYPE_CHECKING:
    from ..model.site_model import SiteModel


def wall_url(segment: str) -> str:
    return f"wall/segments/{segment}/index.html"


def segment_view(model: SiteModel, segment: str) -> SiteModel:
    """The model as the segment sees it: its own summary wherever it has one."""
    own = model.segment_metrics.get(segment, {})
    metrics = {**model.metrics, **own}
    return replace(model, metrics=metrics, outcomes=tuple(metrics[o.id] for o in model.outcomes))


def segment_walls(
    config: SiteConfig, model: SiteModel, moments: Sequence[TouchpointView]
) -> dict[str, WallView]:
    """segment id → its wall (screens, cards, client settings), for segments with data."""
    labels = {v.id: (v.label, d.label) for d in model.site.segments for v in d.values}
    walls: dict[str, WallView] = {}
    for segment in model.segment_metrics:
        wall = wall_model(config, segment_view(model, segment), moments)
        label, dimension = labels[segment]
        # its pages sit two folders below the main wall's (see wall_url)
        client = replace(wall.client, segment=segment, wall_root="../../")
        walls[segment] = replace(
            wall, segment=SegmentLabel(segment, label, dimension), client=client
        )
    return walls

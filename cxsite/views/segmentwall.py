"""The wall pinned to one customer segment: ``wall/index.html?segment=motor``.

Each segment gets its own wall page (``wall/segments/<id>/index.html``) built by the same
:func:`cxsite.views.wall.wall_model` from a view of the model in which every metric that has
numbers for the segment is the segment's summary; the main wall sends a ``?segment=``
URL there, keeping the other URL parameters.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..inputs.config import SiteConfig
from .touchpoint import TouchpointView
from .wall import wall_model

Json = dict[str, Any]


def wall_url(segment: str) -> str:
    return f"wall/segments/{segment}/index.html"


def segment_view(model: Json, segment: str) -> Json:
    """The model as the segment sees it: its own summary wherever it has one."""
    own = model.get("segment_metrics", {}).get(segment, {})
    metrics = {**model["metrics"], **own}
    return {**model, "metrics": metrics, "outcomes": [metrics[o["id"]] for o in model["outcomes"]]}


def segment_walls(
    config: SiteConfig, model: Json, moments: Sequence[TouchpointView]
) -> dict[str, Json]:
    """segment id → its wall (screens, cards, client settings), for segments with data."""
    labels = {
        v["id"]: (v["label"], d["label"]) for d in model["site"]["segments"] for v in d["values"]
    }
    walls: dict[str, Json] = {}
    for segment in model.get("segment_metrics", {}):
        wall = wall_model(config, segment_view(model, segment), moments)
        label, dimension = labels[segment]
        wall["segment"] = {"id": segment, "label": label, "dimension": dimension}
        wall["client"]["segment"] = segment
        wall["client"]["wall_root"] = "../../"
        walls[segment] = wall
    return walls

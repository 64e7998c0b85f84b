"""Wall mode: the screens shown on the customer room's monitors, from the site model."""

from __future__ import annotations

from typing import Any

from .config import SiteConfig

Json = dict[str, Any]


def wall_model(config: SiteConfig, model: Json) -> Json:
    """Which screens to show, in which order, and how the wall runs unattended."""
    screens: list[Json] = []
    for name in config.wall.screens:
        if name == "moments":
            screens += [
                {
                    "kind": "moment",
                    "id": f"moment-{t['id']}",
                    "touchpoint": t["id"],
                    "title": t["name"],
                }
                for t in model["moments"]
            ]
        else:
            screens.append({"kind": name, "id": name, "title": name.capitalize()})
    return {
        "screens": screens,
        "rotate_seconds": config.wall.rotate_seconds,
        "poll_seconds": config.wall.poll_seconds,
        "stale_after_periods": config.wall.stale_after_periods,
        "comments": config.wall.comments,
    }

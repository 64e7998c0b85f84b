"""Which comments can reach a page, chosen in the engine.

A page shows a touchpoint's newest comments, and the voice analysis reads the comments
inside the analysis window; every other comment is only counted. So only those rows —
the newest ``keep`` per touchpoint and everything dated in the window — cross into
Python, with the count of all comments per touchpoint. The order of the newest is the one
the voice code sorts by (date, newest first, then text), with the rows' order in the
export breaking ties, so the rows chosen are exactly those it would choose from all.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from .sources import Dataset


def comment_candidates(
    data: Dataset, keep: int, since: pd.Timestamp, journey_wide: str
) -> tuple[Dataset, dict[str, int]]:
    """The dataset with only the survey verbatims and comments a page or the window can
    use, and the number of all comments per touchpoint (``journey_wide`` for a verbatim
    without one)."""
    import ibis

    parts = []
    if len(data.responses):
        answers = data.table("responses")
        answers = answers.filter(answers.comment.notnull())
        parts.append(answers.select("touchpoint", "date", "export_order", text="comment", src=0))
    if len(data.comments):
        posts = data.table("comments")
        parts.append(posts.select("touchpoint", "date", "export_order", "text", src=1))
    if not parts:
        return data, {}
    rows = parts[0] if len(parts) == 1 else parts[0].union(parts[1])
    rows = rows.mutate(touchpoint=rows.touchpoint.fill_null(journey_wide))
    newest_first = ibis.window(
        group_by=rows.touchpoint,
        order_by=[ibis.desc(rows.date), rows.text, rows.src, rows.export_order],
    )
    ranked = rows.mutate(rank=ibis.row_number().over(newest_first))
    chosen = ranked.filter((ranked["rank"] < keep) | (ranked.date >= since))
    picked = chosen.select("src", "export_order").to_pyarrow()
    counts = rows.group_by("touchpoint").aggregate(n=rows.count()).to_pyarrow().to_pylist()
    source = picked.column("src").to_numpy()
    order = picked.column("export_order").to_numpy()
    reduced = dataclasses.replace(
        data,
        responses=data.responses.iloc[sorted(order[source == 0])],
        comments=data.comments.iloc[sorted(order[source == 1])],
    )
    return reduced, {str(r["touchpoint"]): int(r["n"]) for r in counts}

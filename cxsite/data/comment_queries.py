"""Which comments reach the voice analysis and the pages, chosen in the engine.

A page shows a touchpoint's newest comments, and the voice analysis reads a fair sample
of the comments inside the analysis window; every other comment is only counted. The
engine picks those rows — survey verbatims and comments of their own with text — and
only they, with the columns the voice code needs, cross into Python, with the number of
all comments per touchpoint.

"Newest" is an explicit order: date (newest first), then text, then survey verbatims
before comments, then the rows' order in the export (``export_order``) — the order a
stable sort of all comments would give, so the rows chosen are those the voice code
always chose. The window's periods are weeks counted from the window's start.

The fair sample (``analytics.comment_sample`` per touchpoint) spreads over the window's
periods as evenly as their numbers allow: each period gives at most ``k`` of its newest
comments, ``k`` the largest number (at least 1) whose spend ``sum(min(count, k))`` fits
the budget, so quiet periods leave their share to busy ones; and the newest ``sample``
of those are kept. The engine finds ``k`` with window functions over each touchpoint's
period counts sorted by size: before the first size ``c`` that does not fit — ``spent +
c * left > budget``, ``spent`` the sum of the smaller counts and ``left`` the periods from
this one on — every period can give all it has; from it on each gives ``(budget -
spent) // left`` (at least 1). When every count fits, ``k`` is the largest count.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from .engine import to_frame
from .spark import is_spark, spark_arrow

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from .sources import Dataset

SURVEY, COMMENT = 0, 1  # ``src``: where a comment came from, survey verbatims first
# The columns of the chosen rows, as :func:`chosen_comments` returns them, and their types.
COLUMNS = {
    "touchpoint": "object",
    "date": "datetime64[us]",
    "text": "object",
    "score": "float64",
    "metric": "object",
    "language": "object",
    "source": "object",
    "newest_rank": "int64",
    "in_window": "bool",
    "period": "int64",
}


@dataclass(frozen=True)
class ChosenComments:
    """The comments that reach the voice analysis or a page, and all comments' counts.

    ``rows`` has :data:`COLUMNS`, in the order of the rows in their exports (survey
    verbatims first): ``source`` is "survey" or "comment", ``newest_rank`` the row's place
    (from 0) among its touchpoint's comments newest first, ``in_window`` whether it is in
    the window's sample, ``period`` its week from the window's start (0 when outside).
    """

    rows: pd.DataFrame
    counts: dict[str, int]


def all_comments(data: Dataset, journey_wide: str) -> ir.Table | None:
    """Every comment with text — survey verbatims and comments of their own — as one
    relation, a verbatim without a touchpoint counted as ``journey_wide``; None when
    there is none."""
    return comment_rows(
        data.table("responses") if data.rows("responses") else None,
        data.table("comments") if data.rows("comments") else None,
        journey_wide,
    )


def comment_rows(
    responses: ir.Table | None, comments: ir.Table | None, journey_wide: str
) -> ir.Table | None:
    """:func:`all_comments` of the two kinds' relations (None: the kind has no rows)."""
    import ibis

    parts = []
    if responses is not None:
        answers = responses.filter(responses.comment.notnull())
        parts.append(
            answers.select(
                "touchpoint",
                "date",
                "score",
                "metric",
                "language",
                "export_order",
                text=answers.comment,
                src=ibis.literal(SURVEY, type="int64"),
            )
        )
    if comments is not None:
        posts = comments.filter(comments.text.notnull())
        parts.append(
            posts.select(
                "touchpoint",
                "date",
                "score",
                metric=ibis.null("string"),
                language=posts.language,
                export_order=posts.export_order,
                text=posts.text,
                src=ibis.literal(COMMENT, type="int64"),
            )
        )
    if not parts:
        return None
    rows = ibis.union(*parts) if len(parts) > 1 else parts[0]
    return rows.mutate(touchpoint=rows.touchpoint.fill_null(journey_wide))


def chosen_comments(
    data: Dataset,
    keep: int,
    since: pd.Timestamp | None,
    sample: int,
    journey_wide: str,
) -> ChosenComments:
    """Each touchpoint's ``keep`` newest comments and the window's fair sample of at most
    ``sample`` per touchpoint (every comment in the window when ``sample`` is 0).

    The window is the comments dated on or after ``since``; without ``since`` it is every
    dated comment, its weeks counted from the first one.
    """
    rows = all_comments(data, journey_wide)
    if rows is None:
        empty = {name: pd.Series(dtype=typ) for name, typ in COLUMNS.items()}
        return ChosenComments(pd.DataFrame(empty), {})
    return choose(rows, keep, since, sample)


def choose(rows: ir.Table, keep: int, since: pd.Timestamp | None, sample: int) -> ChosenComments:
    """:func:`chosen_comments` of the relation :func:`comment_rows` makes."""
    import ibis

    if since is None:
        counts = rows.group_by("touchpoint").aggregate(n=rows.count(), recent=rows.count())
    else:
        recent = (rows.date >= _timestamp(since)).ifelse(1, 0).sum()
        counts = rows.group_by("touchpoint").aggregate(n=rows.count(), recent=recent)
    found = _fetch(counts.order_by("touchpoint"))
    counted = {str(r["touchpoint"]): int(r["n"]) for r in found}
    start = since if since is not None else _first_date(rows)
    ranked = _ranked(rows, since, [str(r["touchpoint"]) for r in found if r["recent"] < keep])
    if start is None:  # no comment has a date: none is in the window
        window = ranked.filter(ibis.literal(False)).mutate(period=ibis.literal(0, type="int64"))
    else:
        window = ranked.filter(ranked.date >= _timestamp(start))
        window = window.mutate(period=_week(window.date, start))
    sampled = _fair_sample(window, sample).select(
        "src", "export_order", "period", in_window=ibis.literal(True)
    )
    wanted = ranked.filter(ranked.newest_rank < keep).select("src", "export_order")
    keys = wanted.union(sampled.select("src", "export_order"))
    picked = ranked.semi_join(keys, ["src", "export_order"])
    joined = picked.left_join(sampled, ["src", "export_order"])
    result = joined.select(
        "touchpoint",
        "date",
        "text",
        "score",
        "metric",
        "language",
        source=(joined.src == SURVEY).ifelse("survey", "comment"),
        newest_rank=joined.newest_rank,
        in_window=joined.in_window.fill_null(False),
        period=joined.period.fill_null(0),
        src=joined.src,
        export_order=joined.export_order,
    ).order_by(["src", "export_order"])
    frame = to_frame(result.drop("src", "export_order"))
    # to_frame reads a yes/no column as 1.0 / 0.0 (for metric values); this one is a flag
    frame["in_window"] = frame["in_window"].astype(bool)
    return ChosenComments(frame.reset_index(drop=True), counted)


def _ranked(rows: ir.Table, since: pd.Timestamp | None, short: list[str]) -> ir.Table:
    """The rows with ``newest_rank``, each one's place among its touchpoint's comments
    newest first, for the rows the choice can use: those in the window, and every row of
    the ``short`` touchpoints (fewer than ``keep`` in the window), whose newest reach
    back before it. Every comment before the window is older than every one in it, so a
    rank counted among the window's rows alone is the rank among all; sorting only these
    rows spares the engine sorting the whole history."""
    import ibis

    if since is not None:
        inside = rows.date >= _timestamp(since)
        rows = rows.filter(inside | rows.touchpoint.isin(short) if short else inside)
    newest_first = [ibis.desc(rows.date), rows.text, rows.src, rows.export_order]
    ranked: ir.Table = rows.mutate(
        newest_rank=ibis.row_number().over(group_by=rows.touchpoint, order_by=newest_first)
    )
    return ranked


def _fair_sample(window: ir.Table, sample: int) -> ir.Table:
    """The window's rows in each touchpoint's fair sample (see the module's text)."""
    import ibis

    if not sample:
        return window
    sizes = window.group_by(["touchpoint", "period"]).aggregate(c=window.count())
    by_size = ibis.window(group_by=sizes.touchpoint, order_by=[sizes.c, sizes.period])
    sizes = sizes.mutate(
        position=ibis.row_number().over(by_size),
        upto=sizes.c.sum().over(
            ibis.cumulative_window(group_by=sizes.touchpoint, order_by=[sizes.c, sizes.period])
        ),
        periods=sizes.c.count().over(group_by=sizes.touchpoint),
    )
    left = sizes.periods - sizes.position
    spent = sizes.upto - sizes.c
    sizes = sizes.mutate(
        misses=spent + sizes.c * left > sample,
        share=ibis.greatest((sample - spent) // left, 1),
    )
    first = sizes.filter(sizes.misses).group_by("touchpoint").aggregate(at=ibis._.position.min())
    marked = sizes.left_join(first, "touchpoint")
    caps = marked.group_by("touchpoint").aggregate(
        fitted=(marked.position == marked.at).ifelse(marked.share, ibis.null("int64")).max(),
        largest=marked.c.max(),
    )
    caps = caps.select("touchpoint", cap=ibis.coalesce(caps.fitted, caps.largest))
    capped = window.join(caps, "touchpoint")
    newest_first = [ibis.desc(capped.date), capped.text, capped.src, capped.export_order]
    in_period = capped.mutate(
        period_rank=ibis.row_number().over(
            group_by=[capped.touchpoint, capped.period], order_by=newest_first
        )
    )
    spread = in_period.filter(in_period.period_rank < in_period.cap)
    kept = spread.mutate(
        kept_rank=ibis.row_number().over(
            group_by=spread.touchpoint,
            order_by=[ibis.desc(spread.date), spread.text, spread.src, spread.export_order],
        )
    )
    return kept.filter(kept.kept_rank < sample)


def _week(date: ir.TimestampValue, start: pd.Timestamp) -> ir.IntegerValue:
    """Whole weeks from ``start`` to each (later) date: the whole days of the time
    difference, divided by 7. A start with a time of day is taken off every date first,
    so the days counted are whole days from that time, not calendar days."""
    import ibis

    into_day = _microseconds_into_day(start)
    shifted = date - ibis.interval(microseconds=into_day) if into_day else date
    days = shifted.date().epoch_days() - _epoch_days(start)
    weeks: ir.IntegerValue = (days // 7).cast("int64")
    return weeks


def _epoch_days(moment: pd.Timestamp) -> int:
    return int((moment.normalize() - pd.Timestamp("1970-01-01")).days)


def _microseconds_into_day(moment: pd.Timestamp) -> int:
    return int((moment - moment.normalize()) // pd.Timedelta(microseconds=1))


def _timestamp(moment: pd.Timestamp) -> ir.TimestampScalar:
    import ibis

    return ibis.literal(moment.to_pydatetime(), type="timestamp")


def _first_date(rows: ir.Table) -> pd.Timestamp | None:
    found = _fetch(rows.aggregate(first=rows.date.min()))[0]["first"]
    return None if found is None else pd.Timestamp(found)


def _fetch(expr: ir.Table) -> list[dict[str, Any]]:
    """A small result's rows; from Spark as Arrow batches (see :mod:`.spark`)."""
    arrow = spark_arrow(expr) if is_spark(expr) else expr.to_pyarrow()
    found: list[dict[str, Any]] = arrow.to_pylist()
    return found

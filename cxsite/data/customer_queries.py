"""The customer book's figures, computed in the engine.

Only small results cross into Python:

- the book on the reporting date: customers on the books, their value, and those of
  them with an open issue (:func:`book_now`);
- per retention group (raised an issue or not; detractor, passive, promoter) the sums
  the retention rate and the value-retention interval are made from (:func:`retention_sums`);
- per reporting period the customers gained and lost and their value, and the counts
  that give the book at each period's start by a running sum (:func:`book_flow`);
- the share of issues or responses that name a customer of the book (:func:`linked`).

Each customer is one row of the book. Whether they raised an issue, have one open, or
what their latest NPS answer was is joined on from a per-customer result of distinct ids
(a left join, so each customer stays one row), and customers who are in no group are
left out by filters, not by ``NOT``, so a missing value never turns a customer into a
member of the other group.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from .aggregates import DETRACTOR, PROMOTER, period_number
from .periods import Calendar
from .spark import is_spark, spark_arrow

if TYPE_CHECKING:
    import ibis.expr.types as ir

ISSUE_GROUPS = ("issue", "no-issue")
NPS_GROUPS = ("detractor", "passive", "promoter")


@dataclass(frozen=True)
class BookNow:
    """The book on one date: customers on it, their value (missing values count 0), and
    those of them with an open issue."""

    customers: int
    valued: int  # rows of the book with a value
    on_books: int
    book_value: float
    at_risk: int
    at_risk_value: float


@dataclass(frozen=True)
class GroupSums:
    """One retention group: members, members retained, and with w a member's value
    (0 when missing) and k 1 when retained: Σw, Σwk, Σw² over the retained and Σw²
    over the others (what the ratio estimator's variance needs, without subtracting
    large sums from each other)."""

    group: str
    n: int
    retained: int
    value: float
    value_kept: float
    value_sq_kept: float
    value_sq_lost: float


@dataclass(frozen=True)
class PeriodFlow:
    """One reporting period: customers on the books at its start, gained and lost in it,
    lost of those on the books at its start, and the value gained and lost."""

    on_books: int
    gained: int
    lost: int
    lost_from_books: int
    value_gained: float
    value_lost: float


@dataclass(frozen=True)
class Linked:
    """Rows of issues or responses: all, those naming a customer, those naming one in the book."""

    rows: int
    named: int
    known: int


def _at(moment: pd.Timestamp) -> Any:
    import ibis

    return ibis.literal(moment.to_pydatetime(), type="timestamp")


def _flag(condition: ir.BooleanValue) -> ir.IntegerValue:
    """1 where the condition holds, 0 where it fails or is missing."""
    flag: ir.IntegerValue = condition.ifelse(1, 0)
    return flag


def _on_books(book: ir.Table, moment: pd.Timestamp) -> ir.BooleanValue:
    at = _at(moment)
    on: ir.BooleanValue = (book.joined <= at) & (book.left.isnull() | (book.left > at))
    return on.fill_null(False)


def linked(rows: ir.Table, book: ir.Table) -> Linked:
    """How many of ``rows`` (issues or responses) name a customer, and one in the book."""
    ids = book.filter(book.customer.notnull()).select(known_id=book.customer).distinct()
    joined = rows.left_join(ids, rows.customer == ids.known_id)
    found = fetch_rows(
        joined.aggregate(
            rows=joined.count(),
            named=joined.customer.count(),
            known=joined.known_id.count(),
        )
    )[0]
    return Linked(int(found["rows"]), int(found["named"]), int(found["known"]))


def book_now(book: ir.Table, issues: ir.Table | None, as_of: pd.Timestamp) -> BookNow:
    """The book on ``as_of``; at risk: on the books with an issue open (``issues`` None: no
    issue names a customer, and none is at risk)."""
    import ibis

    table = book.mutate(open_id=ibis.null("string"))
    if issues is not None:
        open_ids = (
            issues.filter(issues.is_open, issues.customer.notnull())
            .select(open_id=issues.customer)
            .distinct()
        )
        table = book.left_join(open_ids, book.customer == open_ids.open_id)
    worth = table.value.fill_null(0.0)
    current = _on_books(table, as_of)
    risk = current & table.open_id.notnull()
    found = fetch_rows(
        table.aggregate(
            customers=table.count(),
            valued=table.value.count(),
            on_books=_flag(current).sum(),
            book_value=current.ifelse(worth, 0.0).sum(),
            at_risk=_flag(risk).sum(),
            at_risk_value=risk.ifelse(worth, 0.0).sum(),
        )
    )[0]
    return BookNow(
        customers=int(found["customers"]),
        valued=int(found["valued"]),
        on_books=int(found["on_books"] or 0),
        book_value=float(found["book_value"] or 0.0),
        at_risk=int(found["at_risk"] or 0),
        at_risk_value=float(found["at_risk_value"] or 0.0),
    )


def retention_sums(
    book: ir.Table,
    issues: ir.Table | None,
    responses: ir.Table | None,
    nps_metric: str | None,
    window_start: pd.Timestamp,
    experience_from: pd.Timestamp,
    as_of: pd.Timestamp,
) -> list[GroupSums]:
    """The sums of each retention group, in the order of :data:`ISSUE_GROUPS` (when
    ``issues`` is given) then :data:`NPS_GROUPS` (when ``responses`` is); a group nobody
    is in has n = 0.

    The cohort is every customer on the books at ``window_start``; retained, those still
    on the books at ``as_of``. Experience is read from (``experience_from``,
    ``window_start``]: whether the customer opened an issue then, and their latest answer
    to ``nps_metric`` dated then (the day of ``window_start`` included; at the same
    moment the higher score counts as the later).
    """
    import ibis

    table = book
    parts = []
    if issues is not None:
        span = issues.filter(
            issues.customer.notnull(),
            issues.opened > _at(experience_from),
            issues.opened <= _at(window_start),
        )
        raised = span.select(raised_id=span.customer).distinct()
        table = table.left_join(raised, table.customer == raised.raised_id)
    if responses is not None and nps_metric is not None:
        answers = responses.filter(
            responses.metric == nps_metric,
            responses.customer.notnull(),
            responses.score.notnull(),
            responses.date > _at(experience_from),
            responses.date < _at(window_start + pd.Timedelta(days=1)),
        )
        newest = ibis.window(
            group_by=answers.customer, order_by=[ibis.desc(answers.date), ibis.desc(answers.score)]
        )
        ranked = answers.mutate(rank=ibis.row_number().over(newest))
        latest = ranked.filter(ranked["rank"] == 0).select(
            scored_id=ranked.customer, latest_score=ranked.score
        )
        table = table.left_join(latest, table.customer == latest.scored_id)
    cohort = table.filter(_on_books(table, window_start))
    members = cohort.mutate(
        worth=cohort.value.fill_null(0.0).cast("float64"),
        kept=_on_books(cohort, as_of).ifelse(1, 0),
    )
    if issues is not None:
        by_issue = members.mutate(
            group=members.raised_id.notnull().ifelse(ISSUE_GROUPS[0], ISSUE_GROUPS[1])
        )
        parts.append(_group_sums(by_issue))
    if responses is not None and nps_metric is not None:
        score = members.latest_score
        group = ibis.cases(
            (score <= DETRACTOR, NPS_GROUPS[0]),
            ((score >= DETRACTOR + 1) & (score <= PROMOTER - 1), NPS_GROUPS[1]),
            (score >= PROMOTER, NPS_GROUPS[2]),
            else_=ibis.null(),
        ).cast("string")
        by_nps = members.mutate(group=group)
        parts.append(_group_sums(by_nps.filter(by_nps.group.notnull())))
    if not parts:
        return []
    rows = {r["group"]: r for r in fetch_rows(ibis.union(*parts))}
    keys = (ISSUE_GROUPS if issues is not None else ()) + (
        NPS_GROUPS if responses is not None and nps_metric is not None else ()
    )
    return [_sums(key, rows.get(key)) for key in keys]


def _group_sums(rows: ir.Table) -> ir.Table:
    kept = rows.kept == 1
    square = rows.worth * rows.worth
    return rows.group_by("group").aggregate(
        n=rows.count(),
        retained=rows.kept.sum(),
        value=rows.worth.sum(),
        value_kept=kept.ifelse(rows.worth, 0.0).sum(),
        value_sq_kept=kept.ifelse(square, 0.0).sum(),
        value_sq_lost=kept.ifelse(0.0, square).sum(),
    )


def _sums(key: str, row: dict[str, Any] | None) -> GroupSums:
    if row is None:
        return GroupSums(key, 0, 0, 0.0, 0.0, 0.0, 0.0)
    return GroupSums(
        group=key,
        n=int(row["n"]),
        retained=int(row["retained"]),
        value=float(row["value"]),
        value_kept=float(row["value_kept"]),
        value_sq_kept=float(row["value_sq_kept"]),
        value_sq_lost=float(row["value_sq_lost"]),
    )


def book_flow(book: ir.Table, calendar: Calendar) -> list[PeriodFlow]:
    """Per period of the calendar: the book at its start, gained, lost, and their value.

    Three small counts per period position come back: customers who joined, customers
    who left (with how many of them joined in an earlier period, i.e. were on the books
    at the start), and customers gone for good — both dates known, the later one taken,
    so a customer whose leaving date came before their joining date still counts once.
    Positions before the calendar are gathered at -1 and after it at its length, and the
    book at a period's start is then a running sum: joined before it minus gone before it.
    """
    import ibis

    count = len(calendar)
    if count == 0:
        return []

    # each date's period once (periods are in date order, so the later date's period is
    # the later period)
    numbered = book.select(
        "value",
        joined_at=period_number(book.joined, calendar),
        left_at=period_number(book.left, calendar),
    )
    joined = numbered.filter(numbered.joined_at.notnull()).mutate(
        at=numbered.joined_at, from_books=ibis.literal(0)
    )
    left = numbered.filter(numbered.left_at.notnull())
    # on the books at the start of the period they left in: joined in an earlier one
    left = left.mutate(at=left.left_at, from_books=_flag(left.joined_at < left.left_at))
    both = numbered.filter(numbered.joined_at.notnull(), numbered.left_at.notnull())
    both = both.mutate(
        at=ibis.ifelse(both.left_at > both.joined_at, both.left_at, both.joined_at),
        from_books=ibis.literal(0),
    )
    parts = [
        rows.group_by(at=rows["at"].clip(lower=-1, upper=count))
        .aggregate(n=rows.count(), from_books=rows.from_books.sum(), value=rows.value.sum())
        .mutate(what=ibis.literal(what))
        .select("what", "at", "n", "from_books", "value")
        for what, rows in (("gained", joined), ("lost", left), ("gone", both))
    ]
    found: dict[str, dict[int, dict[str, Any]]] = {"gained": {}, "lost": {}, "gone": {}}
    for row in fetch_rows(ibis.union(*parts)):
        found[str(row["what"])][int(row["at"])] = row

    def n(what: str, at: int, column: str = "n") -> int:
        row = found[what].get(at)
        return int(row[column] or 0) if row else 0

    def value(what: str, at: int) -> float:
        row = found[what].get(at)
        return float(row["value"] or 0.0) if row else 0.0

    out = []
    joined_before = n("gained", -1)
    gone_before = n("gone", -1)
    for at in range(count):
        out.append(
            PeriodFlow(
                on_books=joined_before - gone_before,
                gained=n("gained", at),
                lost=n("lost", at),
                lost_from_books=n("lost", at, "from_books"),
                value_gained=value("gained", at),
                value_lost=value("lost", at),
            )
        )
        joined_before += n("gained", at)
        gone_before += n("gone", at)
    return out


def fetch_rows(expr: ir.Table) -> list[dict[str, Any]]:
    """A small result's rows; from Spark as Arrow batches, not through pandas."""
    arrow = spark_arrow(expr) if is_spark(expr) else expr.to_pyarrow()
    rows: list[dict[str, Any]] = arrow.to_pylist()
    return rows

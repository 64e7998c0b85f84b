"""The key-driver analysis' data, reduced in the engine to what the statistics need.

Johnson's relative weights depend on the respondents' answers only through the
complete cases' count, sums and sums of pairwise products (from which the correlation
matrix follows), so that is all that crosses into Python: a row of counts per question
to choose the questions, one row of sums for the weights, and one row of weighted sums
per bootstrap resample for their intervals. Between the last two the complete cases
stay in the engine (the model caches them as a temporary table).

The respondent x question matrix is made in the engine by conditional aggregation (one
column per question, grouped by respondent), never pivoted in Python. The bootstrap is
a Poisson bootstrap (:mod:`.poisson_weights`): every respondent gets an integer weight
per resample, and the weighted sums of all resamples are one GROUP BY resample query.
Every expression is portable Ibis (filters, joins, conditional sums, ``row_number``
ordered by respondent id, integer + * %), so the same query runs on DuckDB, PostgreSQL
and Spark; the ranks follow the engine's string order, which is byte order on DuckDB
and Spark and on a PostgreSQL database with the C collation.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from . import poisson_weights as pw
from .spark import is_spark, spark_arrow

if TYPE_CHECKING:
    import ibis.expr.types as ir

Array = npt.NDArray[np.float64]
FULL_SAMPLE = -1  # the "resample" in which every respondent bootstrapped weighs 1


@dataclass(frozen=True)
class Coverage:
    """Who can explain the outcome, and how many of them answered each question."""

    has_ids: bool  # some response rows name a respondent (any date)
    with_outcome: int  # respondents in the window with an outcome answer
    respondents: int  # of those, the ones with at least one score
    answered: dict[str, int]  # per question: how many of them scored it


@dataclass(frozen=True)
class Sums:
    """Complete cases' count, sums (k) and sums of pairwise products (k x k); with a
    leading resample axis for the bootstrap (count (b), sums (b x k), ...)."""

    n: Array
    sums: Array
    products: Array


@dataclass(frozen=True)
class CompleteSums:
    """The complete cases' sums, and which columns have one value only."""

    sums: Sums
    constant: tuple[bool, ...]


def coverage(responses: ir.Table, outcome: str, since: pd.Timestamp | None) -> Coverage:
    """Respondents in the window who answered ``outcome`` (with a score or not), and
    per question how many of them gave a score: one query (and one more, to tell
    "no respondent ids" from "no outcome answers", only when there is nobody)."""
    import ibis

    rows = _window(responses, since)
    ids = rows.filter(rows.metric == outcome).select("respondent").distinct()
    theirs = rows.join(ids, "respondent")
    cells = theirs.group_by(["respondent", "metric"]).aggregate(scored=theirs.score.count())
    scored = cells.filter(cells.scored > 0, cells.metric.notnull())
    text = ibis.literal("", type="string")
    parts = [
        cells.aggregate(k=cells.respondent.nunique()).mutate(what=ibis.literal("ids"), metric=text),
        scored.aggregate(k=scored.respondent.nunique()).mutate(
            what=ibis.literal("all"), metric=text
        ),
        scored.group_by("metric").aggregate(k=scored.count()).mutate(what=ibis.literal("one")),
    ]
    union = ibis.union(*(part.select("what", "metric", "k") for part in parts))
    found = _rows(union.order_by(["what", "metric"]))
    totals = {str(r["what"]): int(r["k"]) for r in found if r["what"] != "one"}
    answered = {str(r["metric"]): int(r["k"]) for r in found if r["what"] == "one"}
    if totals["ids"] == 0:
        has_ids = int(_scalar(responses, responses.respondent.count())) > 0
        return Coverage(has_ids, 0, 0, {})
    return Coverage(True, totals["ids"], totals["all"], answered)


def complete_cases(
    responses: ir.Table, outcome: str, questions: list[str], since: pd.Timestamp | None
) -> ir.Table:
    """One row per respondent in the window who scored every question and the
    outcome: ``respondent``, ``x0`` .. ``x{p-1}`` (the questions in order) and ``y``;
    a question scored twice counts with its mean, as in a pivot table."""
    rows = _window(responses, since)
    rows = rows.filter(rows.score.notnull(), rows.metric.isin([*questions, outcome]))
    cells = rows.group_by(["respondent", "metric"]).aggregate(score=rows.score.mean())
    columns = {f"x{j}": cells.score.max(where=cells.metric == q) for j, q in enumerate(questions)}
    columns["y"] = cells.score.max(where=cells.metric == outcome)
    wide = cells.group_by("respondent").aggregate(**columns)
    return wide.filter(*(wide[c].notnull() for c in columns))


def with_noise(complete: ir.Table, seed: int) -> ir.Table:
    """The complete cases with each respondent's ``rank`` (0, 1, ... by id), ``key``
    and the random variable ``noise`` (:mod:`.poisson_weights`)."""
    import ibis

    ranked = complete.mutate(rank=ibis.row_number().over(order_by=complete.respondent))
    keyed = pw.with_key(ranked, "rank", 0, "key")
    return pw.with_noise(keyed, "key", seed, "noise")


def complete_sums(prepared: ir.Table, p: int) -> CompleteSums:
    """Count, sums and products of the questions, the random variable and ``y`` (in
    that order) over the table of :func:`with_noise`, and whether each of them has a
    single value (min = max, exact where a variance from sums is not)."""
    columns = _columns(p)
    values = {c: prepared[c] for c in columns}
    stats: dict[str, Any] = {"n": prepared.count().cast("float64")}
    stats.update(_sum_columns(values))
    for c in columns:
        stats[f"lo_{c}"] = prepared[c].min()
        stats[f"hi_{c}"] = prepared[c].max()
    row = _rows(prepared.aggregate(**stats))[0]
    sums = _sums_of([row], len(columns))
    constant = tuple(row[f"lo_{c}"] is None or row[f"lo_{c}"] == row[f"hi_{c}"] for c in columns)
    return CompleteSums(Sums(sums.n[0], sums.sums[0], sums.products[0]), constant)


def resampled_sums(
    prepared: ir.Table, p: int, resamples: int, seed: int, share: float = 1.0
) -> tuple[Sums, Sums]:
    """The sums of the questions, the random variable and ``y`` over the respondents
    bootstrapped, and the weighted sums of each of ``resamples`` Poisson(1) resamples
    of them (in resample order), from the table of :func:`with_noise`.

    ``share`` below 1 bootstraps only a fixed pseudo-random part of the respondents of
    about that share (those whose key falls below it; see the model for why). The
    weights are made on a narrow table (rank, key) x (resample, key); only the pairs
    with a weight above 0 are joined to the answers.
    """
    import ibis
    import pyarrow as pa

    numbers = pa.array(range(FULL_SAMPLE, resamples), pa.int64())
    draws = ibis.memtable(pa.table({"resample": numbers}))
    draws = pw.with_resample_key(draws, "resample", seed, "stream")
    keys = prepared.select("rank", "key")
    if share < 1.0:
        keys = keys.filter(keys.key <= math.floor(pw.MODULUS * share))
    pairs = pw.with_uniform(keys.cross_join(draws), "key", "stream", "u")
    thresholds = pw.poisson_thresholds(1.0)
    # A weight of 0 adds nothing: those pairs (a third) go no further.
    full = pairs.resample == FULL_SAMPLE
    pairs = pairs.filter(full | (pairs.u >= thresholds[0]))
    weight = full.ifelse(ibis.literal(1, "int64"), pw.poisson(pairs.u, thresholds))
    pairs = pairs.select("rank", "resample", w=weight.cast("float64"))
    columns = _columns(p)
    drawn = pairs.join(prepared.select("rank", *columns), "rank")
    weighted = drawn.mutate(**{f"w_{c}": drawn.w * drawn[c] for c in columns})
    values = {c: weighted[c] for c in columns}
    stats: dict[str, Any] = {"n": weighted.w.sum()}
    stats.update(_sum_columns(values, {c: weighted[f"w_{c}"] for c in columns}))
    grouped = weighted.group_by("resample").aggregate(**stats).order_by("resample")
    found = _rows(grouped)
    if [r["resample"] for r in found] != list(range(FULL_SAMPLE, resamples)):
        raise ValueError("a resample drew nobody: too few respondents for the bootstrap")
    sums = _sums_of(found, len(columns))
    return (
        Sums(sums.n[0], sums.sums[0], sums.products[0]),
        Sums(sums.n[1:], sums.sums[1:], sums.products[1:]),
    )


def _columns(p: int) -> list[str]:
    return [*(f"x{j}" for j in range(p)), "noise", "y"]


def _window(responses: ir.Table, since: pd.Timestamp | None) -> ir.Table:
    """Rows with a respondent id, dated after ``since`` (all of them when None)."""
    import ibis

    rows = responses.filter(responses.respondent.notnull())
    if since is not None:
        start = ibis.literal(since.to_pydatetime(), type="timestamp")
        rows = rows.filter(rows.date > start)
    return rows


def _sum_columns(
    values: dict[str, ir.NumericColumn], weighted: dict[str, ir.NumericColumn] | None = None
) -> dict[str, ir.NumericScalar]:
    """Sums ``s_i`` of each column and ``p_i_j`` (i <= j) of each pair's product; with
    ``weighted`` (the columns times the weight) the weighted sums."""
    times = weighted or values
    names = list(values)
    stats: dict[str, ir.NumericScalar] = {}
    for i, a in enumerate(names):
        stats[f"s_{i}"] = times[a].sum()
        for j in range(i, len(names)):
            stats[f"p_{i}_{j}"] = (times[a] * values[names[j]]).sum()
    return stats


def _sums_of(rows: list[dict[str, Any]], k: int) -> Sums:
    """Rows of ``_sum_columns`` as arrays: n (b), sums (b x k), products (b x k x k)."""
    count = np.array([float(r["n"] or 0.0) for r in rows])
    sums = np.array([[float(r[f"s_{i}"] or 0.0) for i in range(k)] for r in rows])
    products = np.zeros((len(rows), k, k))
    for i in range(k):
        for j in range(i, k):
            column = [float(r[f"p_{i}_{j}"] or 0.0) for r in rows]
            products[:, i, j] = column
            products[:, j, i] = column
    return Sums(count, sums, products)


def _rows(expr: ir.Table) -> list[dict[str, Any]]:
    """A small result's rows; from Spark as Arrow batches (see :mod:`.spark`)."""
    arrow = spark_arrow(expr) if is_spark(expr) else expr.to_pyarrow()
    rows: list[dict[str, Any]] = arrow.to_pylist()
    return rows


def _scalar(table: ir.Table, value: ir.Scalar) -> Any:
    """One aggregate of ``table``."""
    return _rows(table.aggregate(value=value))[0]["value"]

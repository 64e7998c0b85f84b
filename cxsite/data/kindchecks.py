"""Row checks of each kind of source, after its cells are parsed: required text present,
ids known to the journey, scores on their metric's scale, issues closed after opening,
each issue and each customer once. They run in the engine and give the canonical table.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from ..inputs.journey import Journey
from .cellsql import ident, literal
from .rawread import ORDER, fetch
from .stage import Check, Stage

if TYPE_CHECKING:
    from .canonical import Field
    from .rowchecks import Cleaned

CLOSED_STATUSES = ("cancelled", "canceled", "closed", "completed", "done", "resolved")


def kind_checks(
    stage: Stage,
    fields: list[Field],
    mapping: dict[str, str],
    journey: Journey | None,
    cleaned: Cleaned,
) -> str:
    """The canonical table of the stage's source: its kind's checks reported, and the rows
    they leave out dropped."""
    columns = ", ".join(f"{cleaned.values[f.name]} AS {ident(f.name)}" for f in fields)
    stage.create(
        f'SELECT s."{ORDER}", s.__row, {columns} FROM "{stage.table}" s'
        f" WHERE NOT ({cleaned.dropped})",
        view=True,
    )
    kind = stage.source.kind
    names = [f.name for f in fields]
    if kind == "responses":
        return _responses(stage, names, mapping, journey)
    if kind == "observations":
        return _observations(stage, names, mapping, journey)
    if kind == "issues":
        return _issues(stage, names, mapping, journey)
    if kind in ("customers", "contacts"):
        return _customers(stage, names, mapping)
    return _comments(stage, names, mapping, journey)


def _required(stage: Stage, names: tuple[str, ...], mapping: dict[str, str]) -> str:
    """Report empty required text; returns the condition of rows with any of it."""
    checks = [
        Check(
            f"s.{ident(n)} IS NULL",
            "NULL",
            f"empty '{mapping.get(n, n)}' ({n})",
            "This field is required; fill it in or filter the row out with 'where'",
        )
        for n in names
    ]
    stage.run(checks)
    return "(" + " OR ".join(c.condition for c in checks) + ")"


def _unknown(
    stage: Stage,
    name: str,
    known: set[str],
    what: str,
    among: str,
    hint_field: str,
    flag: str | None = None,
) -> str:
    """Warn once about rows naming an id the journey does not know; their condition.
    ``flag`` is the stage's column saying whether the id is known, if joined already."""
    column = f"s.{ident(name)}"
    flag = flag or _join_known(stage, name, {k: () for k in known})
    unknown = f"({column} IS NOT NULL AND NOT s.{flag})"
    condition = f"({among}) AND {unknown}"
    found = fetch(
        stage.engine,
        f'SELECT {column}, count(*) FROM "{stage.table}" s WHERE {condition}'
        f" GROUP BY {column} ORDER BY {column}",
    )
    if not found:
        return unknown
    names = [str(n) for n, _ in found]
    total = sum(int(n) for _, n in found)
    shown = ", ".join(f"'{n}'" for n in names[:8]) + (" ..." if len(names) > 8 else "")
    row, value, key = stage.first(condition, column)[0]
    source = stage.source
    stage.problems.warn(
        f"{total:,} rows name a {what} that is not in the journey: {shown}; they are left out",
        **stage.place(row, key),
        value=str(value),
        hint=f"Add the {what} to the journey, or map the value with "
        f"'sources.{source.name}.recode.{hint_field}'",
    )
    return unknown


def _join_known(
    stage: Stage, name: str, known: Mapping[str, tuple[object, ...]], extra: tuple[str, ...] = ()
) -> str:
    """Adds to the stage whether each row's ``name`` is one of ``known`` (a join, not a
    list of hundreds of comparisons per row), and the ``extra`` values known of it;
    returns the flag's column."""
    flag = f"__known_{name}"
    columns = ["k", *extra]
    rows = ", ".join(
        "(" + ", ".join([literal(k), *(_value(v) for v in values)]) + ")"
        for k, values in sorted(known.items())
    )
    table = f"(VALUES {rows}) AS m({', '.join(columns)})" if rows else "(SELECT NULL AS k) AS m"
    picked = "".join(f", m.{c} AS __{c}" for c in extra)
    stage.create(
        f"SELECT s.*, (m.k IS NOT NULL) AS {flag}{picked}"
        f' FROM "{stage.table}" s LEFT JOIN {table} ON m.k = s.{ident(name)}',
        view=True,  # joining a few hundred ids is cheaper than storing millions of rows
    )
    return flag


def _final(stage: Stage, names: list[str], keep: str, changed: Mapping[str, str] = {}) -> str:
    columns = ", ".join(f"{changed.get(n, 's.' + ident(n))} AS {ident(n)}" for n in names)
    extra = f", {changed['is_open']} AS is_open" if "is_open" in changed else ""
    return stage.create(
        f'SELECT {columns}{extra}, s.__row AS "row", s."{ORDER}" FROM "{stage.table}" s'
        f" WHERE {keep}"
    )


def _value(value: object) -> str:
    if value is None:
        return "NULL"
    return repr(float(value)) if isinstance(value, (int, float)) else literal(str(value))


def _responses(
    stage: Stage, names: list[str], mapping: dict[str, str], journey: Journey | None
) -> str:
    _required(stage, ("metric",), mapping)
    if journey is None:
        return _final(stage, names, "true")
    survey = {m.id: m for m in journey.metrics if m.source == "responses"}
    known = {m.id: (*(m.scale or (None, None)), m.touchpoint) for m in survey.values()}
    flag = _join_known(stage, "metric", known, ("low", "high", "tp"))
    unknown = _unknown(stage, "metric", set(survey), "survey metric", "true", "metric", flag)
    out_of_scale = (
        f"(NOT {unknown} AND s.score IS NOT NULL AND (s.score < s.__low OR s.score > s.__high))"
    )
    found = fetch(
        stage.engine,
        f'SELECT DISTINCT s.metric FROM "{stage.table}" s WHERE {out_of_scale} ORDER BY 1',
    )
    column = mapping.get("score", "score")
    checks = []
    for (metric_id,) in found:
        metric = survey[metric_id]
        lo, hi = metric.scale or (0, 10)
        checks.append(
            Check(
                f"{out_of_scale} AND s.metric = {literal(metric_id)}",
                "s.score",
                f"score out of scale for '{metric_id}' in column '{column}'",
                f"'{metric_id}' ({metric.aggregate}) is scored {lo:g} to {hi:g}; "
                "fix the export or the metric's 'scale' in the journey",
            )
        )
    stage.run(checks)
    return _final(
        stage,
        names,
        f"NOT {unknown} AND s.score IS NOT NULL",
        {"touchpoint": "coalesce(s.touchpoint, s.__tp)"},
    )


def _observations(
    stage: Stage, names: list[str], mapping: dict[str, str], journey: Journey | None
) -> str:
    _required(stage, ("metric",), mapping)
    stage.run(
        [
            Check(
                "s.value IS NULL",
                'c."__v_value"',  # a database's NaN shows as nan; an empty cell as nothing
                f"empty value in column '{mapping.get('value', 'value')}'",
                "Fill it in or leave the row out of the export",
                warning=True,
            )
        ]
    )
    if journey is None:
        return _final(stage, names, "s.value IS NOT NULL")
    known = {m.id for m in journey.metrics if m.source == "observations"}
    unknown = _unknown(
        stage, "metric", known, "process/outcome metric", "s.value IS NOT NULL", "metric"
    )
    return _final(stage, names, f"s.value IS NOT NULL AND NOT {unknown}")


def _issues(
    stage: Stage, names: list[str], mapping: dict[str, str], journey: Journey | None
) -> str:
    _required(stage, ("id", "touchpoint", "category"), mapping)
    before = "(s.closed IS NOT NULL AND s.closed < s.opened)"
    shown = (
        "CASE WHEN s.closed = date_trunc('day', s.closed) THEN strftime(s.closed, '%Y-%m-%d')"
        " ELSE strftime(s.closed, '%Y-%m-%d %H:%M:%S') END"
    )
    stage.run(
        [
            Check(
                before,
                shown,
                "closed before it was opened",
                "Check the dates; the issue is counted as closed on its opening day",
                warning=True,
            )
        ]
    )
    duplicated = _mark_duplicates(stage, names, "id")
    stage.run(
        [
            Check(
                duplicated,
                "s.id",
                "issue id appears more than once; the last row is used",
                "Export each issue once",
                warning=True,
            )
        ]
    )
    if "closed" in mapping:
        is_open = "s.closed IS NULL"
    else:
        statuses = ", ".join(literal(s) for s in CLOSED_STATUSES)
        is_open = f"lower(trim(coalesce(s.status, ''))) NOT IN ({statuses})"
    changed = {
        "closed": f"CASE WHEN {before} THEN s.opened ELSE s.closed END",
        "is_open": f"({is_open})",
    }
    keep = f"NOT {duplicated}"
    if journey is not None:
        unknown = _unknown(
            stage, "touchpoint", set(journey.touchpoint_by_id), "touchpoint", keep, "touchpoint"
        )
        keep += f" AND NOT {unknown}"
    return _final(stage, names, keep, changed)


def _mark_duplicates(stage: Stage, names: list[str], key: str) -> str:
    """Adds to the stage whether each row's ``key`` appears again in a later row (the
    last row of a key is the one used); returns that condition."""
    stage.create(
        f"SELECT s.*, (s.{ident(key)} IS NOT NULL AND row_number() OVER"
        f' (PARTITION BY s.{ident(key)} ORDER BY s."{ORDER}" DESC) > 1) AS __again'
        f' FROM "{stage.table}" s'
    )
    return "s.__again"


def _comments(
    stage: Stage, names: list[str], mapping: dict[str, str], journey: Journey | None
) -> str:
    _required(stage, ("touchpoint",), mapping)
    keep = "s.text IS NOT NULL"
    if journey is not None:
        unknown = _unknown(
            stage, "touchpoint", set(journey.touchpoint_by_id), "touchpoint", keep, "touchpoint"
        )
        keep += f" AND NOT {unknown}"
    return _final(stage, names, keep)


def _customers(stage: Stage, names: list[str], mapping: dict[str, str]) -> str:
    """A customer id on every row; in the customer book each customer once, and no one
    leaving before they joined."""
    column = mapping.get("customer", "customer")
    stage.run(
        [
            Check(
                "s.customer IS NULL",
                "NULL",
                f"empty customer id in column '{column}'",
                "Every row needs the customer's id; fill it in or filter the row out with 'where'",
            )
        ]
    )
    if stage.source.kind != "customers":
        return _final(stage, names, "s.customer IS NOT NULL")
    duplicated = _mark_duplicates(stage, names, "customer")
    stage.run(
        [
            Check(
                duplicated,
                "s.customer",
                "customer id appears more than once; the last row is used",
                "Export each customer once (their first joining date, and the date they left)",
                warning=True,
            )
        ]
    )
    before = (
        f"(NOT {duplicated} AND s.customer IS NOT NULL"
        ' AND s."left" IS NOT NULL AND s."left" < s.joined)'
    )
    shown = (
        'CASE WHEN s."left" = date_trunc(\'day\', s."left") THEN strftime(s."left", \'%Y-%m-%d\')'
        " ELSE strftime(s.\"left\", '%Y-%m-%d %H:%M:%S') END"
    )
    stage.run(
        [
            Check(
                before,
                shown,
                f"left before joining in column '{mapping.get('left', 'left')}'",
                "Check the dates; the customer is counted as leaving on the day they joined",
                warning=True,
            )
        ]
    )
    return _final(
        stage,
        names,
        f"s.customer IS NOT NULL AND NOT {duplicated}",
        {"left": f'CASE WHEN {before} THEN s.joined ELSE s."left" END'},
    )

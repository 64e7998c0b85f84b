"""A source's raw rows turned into canonical columns in the engine, every bad cell reported.

The steps, each one query over the whole source: the cells view (``where`` applied,
``recode`` and ``defaults`` filled in), the parsed stage (dates, numbers and text in
their canonical types, with what each check needs), the checks of cells and dates
(:mod:`cxsite.data.rowchecks`), then the checks of the kind of source
(:mod:`cxsite.data.kindchecks`), which give the canonical table.

Dates must also be plausible (:class:`~cxsite.inputs.config.DatesConfig`): a row dated
before ``dates.earliest``, after the day of the build, or far from the rest of its column
(one row in 2200 among rows from 2024) is left out with a warning naming file, row and
value. Kept, such a row would stretch every period axis over hundreds of empty weeks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..errors import Problems
from ..inputs.config import CONFIG_FILE, SOURCE_FIELDS, DatesConfig, SourceConfig
from ..inputs.journey import Journey
from . import cellsql as sql
from .cellsql import ident, literal
from .engine import Engine
from .kindchecks import kind_checks
from .rawread import ORDER, RawTable, fetch
from .rowchecks import cell_checks
from .stage import Stage

# Canonical types of each kind's columns; the engine's type of each.
ENGINE_TYPES = {"str": "VARCHAR", "num": "DOUBLE", "date": "TIMESTAMP"}


@dataclass(frozen=True)
class Field:
    """One canonical column of a source: where its cells come from and how to read them."""

    name: str
    typ: str  # str, num or date
    column: str | None  # the export's column, if mapped
    value: str  # the cell (recoded, or the default) as an expression over the cells view
    engine_type: str  # the engine's type of that cell
    required: bool


def canonical_table(
    source: SourceConfig,
    raw: RawTable,
    mapping: dict[str, str],
    canonical: dict[str, str],
    journey: Journey | None,
    problems: Problems,
    window: DatesConfig,
    today: dt.date,
    engine: Engine,
) -> tuple[str, int] | None:
    """The canonical table of ``source`` and its row count; None when no row is left."""
    fields = _fields(source, raw, mapping, canonical)
    key = _key(source, mapping)
    cells = _cells_view(engine, source, raw, fields, key)
    stage = Stage(engine, source, problems, cells, ("c.__key", mapping[key]) if key else None)
    styles = _number_styles(engine, source, cells, fields)
    parsed = ", ".join(_parsed(f, source, styles) for f in fields)
    stage.create(f'SELECT c."{ORDER}", c.__row, {parsed} FROM "{cells}" c')
    kept = stage.count(["true"])[0]
    if kept == 0:
        if raw.rows:
            problems.warn(
                f"'where' keeps none of the {raw.rows:,} rows; the source adds nothing",
                file=CONFIG_FILE,
                line=source.where_line or source.line,
                value=", ".join(f"{k}: {v}" for k, v in source.where.items()),
                hint=f"Check the values in 'sources.{source.name}.where' against the file",
            )
        return None
    dropped = cell_checks(stage, fields, styles, window, today)
    table = kind_checks(stage, fields, mapping, journey, dropped)
    rows = stage.count(["true"], table)[0]
    return table, rows


def _fields(
    source: SourceConfig, raw: RawTable, mapping: dict[str, str], canonical: dict[str, str]
) -> list[Field]:
    required = SOURCE_FIELDS[source.kind][0]
    fields = []
    for name, typ in canonical.items():
        column = mapping.get(name)
        if column is not None:
            value, engine_type = f"r.{ident(column)}", raw.types[column]
            if name in source.recode:
                value, engine_type = f"coalesce(rc_{_slug(name)}.v, {sql.text(value)})", "VARCHAR"
        elif name in source.defaults:
            value, engine_type = literal(str(source.defaults[name])), "VARCHAR"
            if name in source.recode:
                mapped = source.recode[name].get(str(source.defaults[name]).strip())
                value = literal(mapped) if mapped is not None else value
        else:
            value, engine_type = "NULL", "NULL"
        fields.append(Field(name, typ, column, value, engine_type, name in required))
    return fields


def _slug(name: str) -> str:
    return "".join(ch if ch.isalnum() else "_" for ch in name)


def _key(source: SourceConfig, mapping: dict[str, str]) -> str | None:
    from .sources import KEYS

    key = KEYS.get(source.kind)
    return key if source.connection is not None and key in mapping else None


def _cells_view(
    engine: Engine, source: SourceConfig, raw: RawTable, fields: list[Field], key: str | None
) -> str:
    """The raw rows kept by ``where``, with each field's cell (recoded, or its default)."""
    joins = []
    for f in fields:
        if f.column is not None and f.name in source.recode and source.recode[f.name]:
            pairs = ", ".join(
                f"({literal(str(k))}, {literal(str(v))})" for k, v in source.recode[f.name].items()
            )
            alias = f"rc_{_slug(f.name)}"
            joins.append(
                f"LEFT JOIN (VALUES {pairs}) AS {alias}(k, v)"
                f" ON {alias}.k = {sql.text('r.' + ident(f.column))}"
            )
        elif f.column is not None and f.name in source.recode:
            nothing = "(SELECT NULL::VARCHAR AS k, NULL::VARCHAR AS v)"
            joins.append(f"LEFT JOIN {nothing} AS rc_{_slug(f.name)} ON false")
    where = " AND ".join(
        f"coalesce(CAST(r.{ident(column)} AS VARCHAR), '')"
        f" IN ({', '.join(literal(str(v)) for v in allowed)})"
        for column, allowed in source.where.items()
    )
    values = ", ".join(f"{f.value} AS {ident('__v_' + f.name)}" for f in fields)
    key_column = next((f.column for f in fields if f.name == key and f.column), None)
    key_value = sql.text("r." + ident(key_column)) if key_column else "NULL"
    name = engine.fresh_name(f"cells_{source.kind}")
    engine.con.con.execute(
        f'CREATE VIEW "{name}" AS SELECT r."{ORDER}", (r."{ORDER}" + {raw.first_row}) AS __row,'
        f' {values}, {key_value} AS __key FROM "{raw.name}" r {" ".join(joins)}'
        + (f" WHERE {where}" if where else "")
    )
    return name


def _number_styles(
    engine: Engine, source: SourceConfig, cells: str, fields: list[Field]
) -> dict[str, tuple[str | None, str | None]]:
    """Each number field's decimal mark and thousands separator (see
    :func:`cellsql.number_style`), from the column's cells when the source sets neither."""
    styles: dict[str, tuple[str | None, str | None]] = {}
    asked: list[Field] = []
    for f in fields:
        if f.typ != "num" or f.engine_type == "NULL" or sql.is_numeric(f.engine_type):
            continue
        if source.decimal is None and source.thousands is None:
            asked.append(f)
        else:
            styles[f.name] = sql.number_style(source.decimal, source.thousands, None)
    if asked:
        # Most columns have no comma at all: that is cheap to know, and settles them.
        has_comma = [
            f"coalesce(bool_or(contains(CAST(c.{ident('__v_' + f.name)} AS VARCHAR), ',')), false)"
            for f in asked
        ]
        commas = fetch(engine, f'SELECT {", ".join(has_comma)} FROM "{cells}" c')[0]
        for f, comma in zip(asked, commas, strict=True):
            if not comma:
                styles[f.name] = sql.number_style(None, None, (False, False, False, False))
        asked = [f for f in asked if f.name not in styles]
    if asked:
        columns = [
            part
            for f in asked
            for part in sql.style_aggregates(sql.number_text(f"c.{ident('__v_' + f.name)}"))
        ]
        found = fetch(engine, f'SELECT {", ".join(columns)} FROM "{cells}" c')[0]
        for i, f in enumerate(asked):
            flags = tuple(bool(x) for x in found[4 * i : 4 * i + 4])
            styles[f.name] = sql.number_style(None, None, flags)  # type: ignore[arg-type]
    return styles


def _parsed(
    f: Field, source: SourceConfig, styles: dict[str, tuple[str | None, str | None]]
) -> str:
    """The field's canonical value, and for numbers whether the cell was ambiguous."""
    cell = f"c.{ident('__v_' + f.name)}"
    out = ident(f.name)
    if f.engine_type == "NULL":
        return f"CAST(NULL AS {ENGINE_TYPES[f.typ]}) AS {out}"
    if f.typ == "str":
        return f"{sql.text(cell)} AS {out}"
    # whether the export has anything in the cell, which the checks need
    has = f"{sql.text(cell)} IS NOT NULL AS {ident('__has_' + f.name)}"
    if f.typ == "date":
        return f"{sql.date(cell, f.engine_type, source.date_format)} AS {out}, {has}"
    if sql.is_numeric(f.engine_type):
        number = sql.number(cell, f.engine_type, None, None)
        ambiguous = f"false AS {ident('__amb_' + f.name)}, false AS {ident('__ambp_' + f.name)}"
        return f"{number} AS {out}, {ambiguous}, {has}"
    decimal, thousands = styles[f.name]
    value = sql.number_text(cell)
    return (
        f"{sql.number(value, f.engine_type, decimal, thousands)} AS {out},"
        f" {sql.ambiguous(value, decimal, ',')} AS {ident('__amb_' + f.name)},"
        f" {sql.ambiguous(value, decimal, '.')} AS {ident('__ambp_' + f.name)}, {has}"
    )

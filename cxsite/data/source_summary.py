"""What a database source looks like now, in one cheap query per source.

A file is fingerprinted by its bytes; a table in a warehouse cannot be read whole just to
learn that nothing changed. Instead each source on a connection is summarised where it
lives: its row count, the newest value of each date column, and a checksum aggregate.

- A PostgreSQL table: the sum of its rows' versions (``xmin``, the transaction that wrote
  the row). An insert, an update (even one that writes the same values) and a delete each
  change it, and the server reads no value to make it: 0.5 s for 5 M rows of nine columns,
  where hashing every value took 1.1 s.
- Anything else (a query, a view, another backend): the sum of each column's hash, so a
  changed old row changes it too, not only new rows. PostgreSQL has no hash in Ibis (as of
  Ibis 12): there each value's text is hashed by the server's own ``hashtext``, which also
  sees a changed old date or a text changed to another of the same length. Any other
  backend without a hash is summarised by the sums and sums of squares of its numbers and
  the lengths of its other values: weaker, since a text changed to another of the same
  length is not seen.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from ..inputs.config import SiteConfig
    from .engine import Engine


def summary_expr(
    table: ir.Table, hashed: bool = True, text_hash: Callable[[Any], Any] | None = None
) -> ir.Table:
    """One row: ``rows``, then per column its checksum and, for dates, its newest value.

    ``text_hash`` (a function of the backend's, from text to an integer) replaces Ibis'
    ``hash`` when ``hashed`` is False."""
    aggregates: dict[str, Any] = {"rows": table.count()}
    for position, (name, dtype) in enumerate(table.schema().items()):
        column = table[name]
        if dtype.is_temporal():
            aggregates[f"newest_{position}"] = column.max().cast("string")
        if hashed:
            aggregates[f"check_{position}"] = column.hash().cast("decimal(38, 0)").sum()
        elif text_hash is not None:
            aggregates[f"check_{position}"] = text_hash(column.cast("string")).cast("int64").sum()
        elif dtype.is_numeric():
            value = column.cast("float64")
            aggregates[f"check_{position}"] = value.sum()
            aggregates[f"square_{position}"] = (value * value).sum()
        else:
            aggregates[f"check_{position}"] = column.cast("string").length().sum()
    return table.aggregate(**aggregates)


def summarise(table: ir.Table) -> dict[str, Any]:
    """The summary's values, with the hash checksum where the backend has one."""
    import ibis.common.exceptions as ibis_errors

    try:
        rows = summary_expr(table).to_pyarrow().to_pylist()
    except (ibis_errors.OperationNotDefinedError, ibis_errors.UnsupportedOperationError):
        rows = summary_expr(table, False, _server_hash(table)).to_pyarrow().to_pylist()
    return {key: str(value) for key, value in rows[0].items()}


def _server_hash(table: ir.Table) -> Callable[[Any], Any] | None:
    """The backend's own hash of a text, where Ibis has none and the backend does."""
    try:
        backend = table.get_backend().name
    except Exception:  # noqa: BLE001 - an expression of several backends: no server hash
        return None
    if backend != "postgres":
        return None
    import ibis

    def hashtext(value: str) -> int:
        """PostgreSQL's hash of a text (an int4); Ibis reads only this signature."""
        raise NotImplementedError

    found: Callable[[Any], Any] = ibis.udf.scalar.builtin(name="hashtext")(hashtext)
    return found


def row_versions(table: ir.Table, name: str) -> dict[str, Any] | None:
    """The summary of a PostgreSQL table ``name`` (``schema.table`` or ``table``) by its
    rows' versions; None for another backend, or where PostgreSQL has no row versions to
    read (a view)."""
    import sqlglot as sg
    import sqlglot.expressions as sge

    backend = table.get_backend()
    if backend.name != "postgres":
        return None
    schema, _, bare = name.rpartition(".")
    version = sg.cast(sg.cast(sg.column("xmin"), "text"), "bigint")
    columns = [
        sge.Count(this=sge.Star()).as_("rows"),
        sg.func("sum", version).as_("versions"),
    ]
    for position, (column, dtype) in enumerate(table.schema().items()):
        if dtype.is_temporal():
            newest = sg.func("max", sg.column(column, quoted=True))
            columns.append(sg.cast(newest, "text").as_(f"newest_{position}"))
    query = sg.select(*columns).from_(sge.table_(bare, db=schema or None, quoted=True))
    try:
        with backend.raw_sql(query.sql("postgres")) as cursor:
            values = cursor.fetchone()
            names = [d[0] for d in cursor.description]
    except Exception:  # noqa: BLE001 - a view has no xmin: its values are hashed instead
        return None
    return {key: str(value) for key, value in zip(names, values, strict=True)}


def database_fingerprint(config: SiteConfig, engine: Engine) -> str:
    """A digest of the summaries of every source on a connection ("" when there is none).

    A source that cannot be reached or queried is fingerprinted as such; the build then
    reads it and reports the problem with its config line.
    """
    from .opening import relation_of

    sources = [s for s in config.sources if s.connection is not None]
    if not sources:
        return ""
    digest = hashlib.sha256()
    for source in sources:
        try:
            relation = relation_of(source, config, engine)
            summary: dict[str, Any] = (
                row_versions(relation, source.table) if source.table else None
            ) or summarise(relation)
        except Exception as exc:  # noqa: BLE001 - every driver raises its own kinds; the load reports it
            summary = {"unavailable": type(exc).__name__}
        digest.update(json.dumps([source.name, summary], sort_keys=True).encode())
    return digest.hexdigest()

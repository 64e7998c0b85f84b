"""What a database source looks like now, in one cheap query per source.

A file is fingerprinted by its bytes; a table in a warehouse cannot be read whole just to
learn that nothing changed. Instead each source on a connection is summarised where it
lives: its row count, the newest value of each date column, and a checksum aggregate (the
sum of each column's hash, so a changed old row changes it too, not only new rows). The
summary is a handful of numbers, so a rebuild with nothing changed stays cheap however
big the table. A backend without a hash function in Ibis (PostgreSQL, as of Ibis 12) is
summarised by the sums and sums of squares of its numbers and the lengths of its other
values instead: weaker, since a text changed to another of the same length is not seen.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from ..inputs.config import SiteConfig
    from .engine import Engine


def summary_expr(table: ir.Table, hashed: bool = True) -> ir.Table:
    """One row: ``rows``, then per column its checksum and, for dates, its newest value."""
    aggregates: dict[str, Any] = {"rows": table.count()}
    for position, (name, dtype) in enumerate(table.schema().items()):
        column = table[name]
        if dtype.is_temporal():
            aggregates[f"newest_{position}"] = column.max().cast("string")
        if hashed:
            aggregates[f"check_{position}"] = column.hash().cast("decimal(38, 0)").sum()
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
        rows = summary_expr(table, hashed=False).to_pyarrow().to_pylist()
    return {key: str(value) for key, value in rows[0].items()}


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
            summary: dict[str, Any] = summarise(relation_of(source, config, engine))
        except Exception as exc:  # noqa: BLE001 - every driver raises its own kinds; the load reports it
            summary = {"unavailable": type(exc).__name__}
        digest.update(json.dumps([source.name, summary], sort_keys=True).encode())
    return digest.hexdigest()

"""Reading a Spark table's rows: as Arrow, collected by Spark itself.

Ibis's PySpark backend hands rows over through pandas (``toPandas``), which is slow on
large results, turns missing text into the string ``"NaN"`` on pandas 3 and warns on
every call there. Spark can send the rows as Arrow record batches instead; this module
asks it to, so a Spark source reaches cxsite typed exactly as the table declares.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import ibis.expr.types as ir
    import pyarrow as pa


def is_spark(table: ir.Table) -> bool:
    import ibis
    from ibis.common.exceptions import IbisError

    try:
        backend = ibis.get_backend(table)
    except IbisError:  # an expression over no table has no backend of its own
        return False
    return bool(getattr(backend, "name", "") == "pyspark")


def spark_arrow(table: ir.Table) -> pa.Table:
    """The rows of ``table`` (bound to a Spark backend) as an Arrow table.

    Timestamps come back as the session's UTC instants; they are returned without a time
    zone, as every other backend returns them. Raises ``QueryProblem`` with Spark's
    message when the query fails while it runs.
    """
    import ibis
    import pyarrow as pa

    from .engine import QueryProblem

    backend = ibis.get_backend(table)
    try:
        frame = backend.raw_sql(backend.compile(table))
        arrow = _collect(frame)
    except Exception as exc:  # py4j and pyspark raise many kinds; each is a failed query
        message = str(exc).strip().splitlines()
        raise QueryProblem(message[0] if message else type(exc).__name__) from exc
    for position, field in enumerate(arrow.schema):
        if pa.types.is_timestamp(field.type) and field.type.tz is not None:
            naive = arrow.column(position).cast(pa.timestamp(field.type.unit))
            arrow = arrow.set_column(position, field.name, naive)
    return arrow


def _collect(frame: Any) -> pa.Table:
    import pyarrow as pa

    to_arrow = getattr(frame, "toArrow", None)
    if to_arrow is not None:  # pyspark 4
        table: pa.Table = to_arrow()
        return table
    # pyspark 3.5 collects Arrow batches the same way, without the public wrapper.
    from pyspark.sql.pandas.types import to_arrow_schema

    schema = to_arrow_schema(frame.schema)
    batches = frame._collect_as_arrow()
    return pa.Table.from_batches(batches).cast(schema) if batches else schema.empty_table()

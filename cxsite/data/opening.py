"""Opening a source wherever its rows are: a file, a query over the project's files, or
a table or query on a named connection.

Each origin gives the same two things: the names of its columns (to check the mapping
before any row is read) and its rows, restricted to the columns the mapping uses. Every
failure is a :class:`FileProblem` whose message is safe to show: a database's message has
its connection's secrets removed, and a query's message names files as the config does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..inputs.config import SiteConfig, SourceConfig
from .connections import BACKENDS, Connection
from .engine import ConnectionFailed, Engine, QueryProblem, to_frame
from .readers import LOADERS, FileProblem
from .spark import is_spark, spark_arrow

if TYPE_CHECKING:
    import ibis.expr.types as ir


@dataclass(frozen=True)
class Opened:
    header: list[str]
    read: Callable[[list[str]], pd.DataFrame]
    first_row: int  # the number of the first data row in messages
    line: int | None = None  # where in the config a problem with the rows is reported
    empty: str = "the file has no data rows"
    # A database's rows as Arrow batches (the columns given), streamed into the engine.
    batches: Callable[[list[str]], Any] | None = None


def open_source(source: SourceConfig, config: SiteConfig, engine: Engine) -> Opened:
    """``source`` ready to read; raises FileProblem (its ``line`` in the config, if any)."""
    if source.connection is None and source.query is None:
        assert source.path is not None
        loader = LOADERS[source.format]
        header = [str(c) for c in loader(source, []).columns]
        first_row = 1 if source.format in ("parquet", "json", "ndjson") else 2
        return Opened(header, lambda wanted: loader(source, wanted), first_row)
    connection = next((c for c in config.connections if c.name == source.connection), None)
    table = _relation(source, connection, engine)
    line = source.query_line if source.query is not None else source.line
    what = "query returns" if source.query is not None else "table has"

    def read(wanted: list[str]) -> pd.DataFrame:
        try:
            return to_frame(table.select(*wanted) if wanted else table)
        except QueryProblem as exc:
            raise _query_problem(source, connection, str(exc), line) from exc
        except Exception as exc:  # a database's driver fails while the rows are fetched
            if connection is None:
                raise
            raise _query_problem(source, connection, _one_line(exc), line) from exc

    def batches(wanted: list[str]) -> Any:
        try:
            selected = table.select(*wanted) if wanted else table
            if is_spark(selected):
                return spark_arrow(selected)
            return selected.to_pyarrow_batches(chunk_size=200_000)
        except QueryProblem as exc:
            raise _query_problem(source, connection, str(exc), line) from exc
        except Exception as exc:  # a database's driver fails while the query starts
            if connection is None:
                raise
            raise _query_problem(source, connection, _one_line(exc), line) from exc

    return Opened(list(table.columns), read, 1, line, f"the {what} no rows", batches)


def relation_of(source: SourceConfig, config: SiteConfig, engine: Engine) -> ir.Table:
    """The rows of a query or table source as a lazy Ibis table, where they live."""
    connection = next((c for c in config.connections if c.name == source.connection), None)
    return _relation(source, connection, engine)


def _relation(source: SourceConfig, connection: Connection | None, engine: Engine) -> ir.Table:
    line = source.query_line if source.query is not None else source.line
    if connection is None:
        assert source.query is not None
        try:
            return engine.sql(source.query.text)
        except QueryProblem as exc:
            raise _query_problem(source, None, str(exc), line) from exc
    try:
        backend = engine.backend(connection)
    except ConnectionFailed:
        raise
    except ImportError as exc:
        scheme = connection.scheme
        backend_name = BACKENDS.get(scheme, (scheme, None, ""))[0]
        raise FileProblem(
            f"connection '{connection.name}' needs the {backend_name} driver, which is not"
            f" installed. {connection.install_hint()}",
            line=connection.line,
        ) from exc
    except Exception as exc:  # every driver raises its own kinds
        raise FileProblem(
            f"cannot connect to '{connection.name}' ({connection.shown}):"
            f" {connection.redact(_one_line(exc))} - check the URL and that the database"
            " is reachable",
            line=connection.line,
        ) from exc
    try:
        if source.table is not None:
            return _table(backend, source.table)
        assert source.query is not None
        return backend.sql(source.query.text)
    except Exception as exc:  # every driver raises its own kinds
        raise _query_problem(source, connection, _one_line(exc), line) from exc


def _table(backend: object, name: str) -> ir.Table:
    """``name`` or ``schema.name`` on the backend."""
    schema, _, table = name.rpartition(".")
    found: ir.Table = (
        backend.table(table, database=schema)  # type: ignore[attr-defined]
        if schema
        else backend.table(table)  # type: ignore[attr-defined]
    )
    return found


def _query_problem(
    source: SourceConfig, connection: Connection | None, message: str, line: int | None
) -> FileProblem:
    if connection is not None:
        message = connection.redact(message)
    elif source.query is not None:
        for absolute, shown in source.query.shown.items():
            message = message.replace(absolute, shown)
    if source.table is not None:
        what = f"table '{source.table}' on connection '{source.connection}'"
        todo = "check the table's name (schema.table) and that the connection may read it"
    else:
        what = f"query of sources.{source.name}"
        todo = "fix the query in the config; try it alone in DuckDB or the database first"
    return FileProblem(f"the {what} failed: {message} - {todo}", line=line)


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= 300 else text[:297] + "..."

"""The query engine: DuckDB embedded in the process, reached through Ibis.

Nothing to set up: an in-memory database per build, which spills to a folder of its
own in the system's temporary directory (removed when the engine closes) when it
outgrows its memory limit (``engine.memory_limit`` in the config); nothing is written
into the project, so ``cxsite check`` writes nothing at any size. It reads only inside
the project and the folders under ``allow_outside``, never installs an extension
(nothing downloads at run time), and reaches other databases through the connections
the config names, so the same Ibis expressions run on DuckDB, PostgreSQL or Spark.
"""

from __future__ import annotations

import itertools
import os
import shutil
import tempfile
import uuid
import weakref
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from .connections import Connection, connect
from .engineconfig import EngineSettings
from .spark import is_spark, spark_arrow

if TYPE_CHECKING:
    import ibis.expr.types as ir

SPILL_PREFIX = "cxsite-spill-"
DATABASE = "cxsite"  # the compressed in-memory database every table is made in


class QueryProblem(Exception):
    """A query the engine refused; the message is the engine's own, shortened."""


class ConnectionFailed(Exception):
    """A connection that already failed in this build (and was reported then)."""


class Engine:
    """One build's engine: the embedded DuckDB plus the connections opened so far."""

    def __init__(
        self,
        project: Path,
        settings: EngineSettings | None = None,
        allowed: Sequence[Path] = (),
    ) -> None:
        self.project = project.resolve()
        self.settings = settings or EngineSettings()
        self.roots = [self.project, *(p.resolve() for p in allowed)]
        self._con: Any = None
        self._backends: dict[str, Any] = {}
        self._failed: set[str] = set()
        # A database connection must be closed, not left to the garbage collector (psycopg
        # warns, and a server counts it open until then): whoever drops the engine, the
        # connections it opened close with it.
        self._closer = weakref.finalize(self, _disconnect, self._backends)
        self._names = itertools.count(1)

    @property
    def con(self) -> Any:
        """The embedded database, started on first use: a build of plain files whose
        rows never reach a query does not pay for it."""
        if self._con is None:
            self._con = self._start()
        return self._con

    def _start(self) -> Any:
        import ibis

        options: dict[str, Any] = {
            "memory_limit": self.settings.memory_limit,
            # DuckDB creates the folder only when it actually spills.
            "temp_directory": self._spill_folder(),
            "autoinstall_known_extensions": False,
        }
        if self.settings.threads:
            options["threads"] = self.settings.threads
        con = ibis.duckdb.connect(":memory:", **options)
        # Tables live in a compressed in-memory database: at each checkpoint (one per
        # source, see :meth:`compact`) DuckDB compresses them as it would on disk. The
        # L company's canonical rows take 0.2 GB instead of 1.3 GB, and scans are as fast.
        con.con.execute(f"ATTACH ':memory:' AS {DATABASE} (COMPRESS)")
        con.con.execute(f"USE {DATABASE}")
        # DuckDB draws a progress bar on standard output for a query past 2 s, in the
        # middle of the build's own messages.
        con.con.execute("SET enable_progress_bar = false")
        # Queries may read the project's files and nothing else; the setting cannot be
        # undone for the life of the connection.
        folders = ", ".join(_quote(str(r) + "/") for r in self.roots)
        con.con.execute(f"SET allowed_directories = [{folders}]")
        con.con.execute("SET enable_external_access = false")
        return con

    def fresh_name(self, kind: str) -> str:
        """A table name no other table of this build has (made from ``kind`` and a
        counter, never from input)."""
        return f"{kind}_{next(self._names)}"

    def sql(self, query: str) -> ir.Table:
        """``query`` (DuckDB SQL over the project's files) as a lazy Ibis table."""
        import duckdb

        try:
            statements = duckdb.extract_statements(query)
            if len(statements) != 1 or statements[0].type != duckdb.StatementType.SELECT:
                raise QueryProblem(
                    "a source's query must be one SELECT (or FROM ...) statement, "
                    "which reads and never writes"
                )
            columns = self.con.con.sql(query).columns
            twice = sorted({c for c in columns if columns.count(c) > 1})
            if twice:
                raise QueryProblem(
                    f"the query returns more than one column named '{twice[0]}'"
                    " - name them apart with AS, or join with USING on shared columns"
                )
            return self.con.sql(query, dialect="duckdb")
        except duckdb.Error as exc:
            raise QueryProblem(_first_lines(str(exc))) from exc

    def backend(self, connection: Connection) -> Any:
        """The Ibis backend of ``connection``, opened once per build.

        A connection that failed is not tried again (:class:`ConnectionFailed`): its
        problem is reported once, not once per source on it.
        """
        if connection.name in self._failed:
            raise ConnectionFailed(connection.name)
        if connection.name not in self._backends:
            try:
                self._backends[connection.name] = connect(connection)
            except BaseException:
                self._failed.add(connection.name)
                raise
        return self._backends[connection.name]

    def register(
        self, kind: str, frame: pd.DataFrame, types: dict[str, str] | None = None
    ) -> ir.Table:
        """``frame`` as a table in the embedded engine (where it may spill to disk).

        ``types`` gives columns their canonical type (``str``, ``num``, ``date``) so an
        empty or all-missing column still has the right one.
        """
        import pyarrow as pa

        name = self.fresh_name(kind)
        wanted = {"str": pa.string(), "num": pa.float64(), "date": pa.timestamp("us")}
        arrow = pa.Table.from_pandas(frame, preserve_index=False)
        for column, typ in (types or {}).items():
            if column in arrow.column_names:
                position = arrow.column_names.index(column)
                arrow = arrow.set_column(
                    position, column, arrow.column(column).cast(wanted[typ], safe=False)
                )
        raw = self.con.con
        # Copied into a DuckDB table (not a view of the Arrow data) so the engine manages
        # its memory and can spill it.
        raw.register(f"{name}_arrow", arrow)
        try:
            # ``name`` is made here from a kind and a counter, never from input.
            raw.execute(f'CREATE TABLE "{name}" AS SELECT * FROM "{name}_arrow"')  # noqa: S608
        finally:
            raw.unregister(f"{name}_arrow")
        return self.con.table(name)

    def relations(self) -> set[tuple[str, str]]:
        """The tables and views of the embedded engine, as (``TABLE`` or ``VIEW``, name)."""
        if self._con is None:
            return set()
        found = self._con.con.execute(
            "SELECT 'TABLE', table_name FROM duckdb_tables() WHERE NOT temporary"
            " UNION ALL SELECT 'VIEW', view_name FROM duckdb_views()"
            " WHERE NOT internal AND NOT temporary"
        ).fetchall()
        return {(str(what), str(name)) for what, name in found}

    def drop(self, relations: set[tuple[str, str]]) -> None:
        """Drop ``relations``: views first, then the tables they read, so the engine
        frees (or stops spilling) rows no later step reads."""
        for what in ("VIEW", "TABLE"):
            for kind, name in sorted(relations):
                if kind == what:
                    self.con.con.execute(f'DROP {what} IF EXISTS "{name}"')

    def compact(self) -> None:
        """Compress the tables written since the last call (a checkpoint)."""
        if self._con is not None:
            self._con.con.execute(f"CHECKPOINT {DATABASE}")

    def _spill_folder(self) -> str:
        # A name only: DuckDB creates the folder when it first spills and removes it when
        # the connection closes, so a build that never spills (or a worker killed by the
        # test of an interrupted build) leaves nothing behind in the temporary folder.
        folder = os.path.join(tempfile.gettempdir(), SPILL_PREFIX + uuid.uuid4().hex)
        weakref.finalize(self, shutil.rmtree, folder, ignore_errors=True)
        return folder

    def close(self) -> None:
        self._closer()
        if self._con is not None:
            self._con.disconnect()
            self._con = None


def to_frame(table: ir.Table) -> pd.DataFrame:
    """An Ibis table's rows as pandas, through Arrow, on pandas 2 and 3 alike.

    Raises :class:`QueryProblem` when the engine fails while running the query (a cast
    that does not fit a cell is found only when the rows are read).
    """
    import duckdb
    import pyarrow as pa

    # Exact decimals become doubles where the rows live: a NUMERIC without a declared
    # scale (PostgreSQL's extract(epoch ...), a division of numerics) has none that Arrow
    # could hold, and fetching it as a decimal fails.
    decimals = {n: table[n].cast("float64") for n, t in table.schema().items() if t.is_decimal()}
    if decimals:
        table = table.mutate(**decimals)
    try:
        arrow = spark_arrow(table) if is_spark(table) else table.to_pyarrow()
    except duckdb.Error as exc:
        raise QueryProblem(_first_lines(str(exc))) from exc
    for position, column in enumerate(arrow.schema):
        # A derived yes/no (``delivered <= promised AS on_time``) counts as 1 or 0, and a
        # database's exact decimals as ordinary numbers, so both can be metric values.
        if pa.types.is_boolean(column.type) or pa.types.is_decimal(column.type):
            cast = arrow.column(position).cast(pa.float64())
            arrow = arrow.set_column(position, column.name, cast)
    frame: pd.DataFrame = arrow.to_pandas(
        coerce_temporal_nanoseconds=False, date_as_object=True, types_mapper=None
    )
    return frame


def _disconnect(backends: dict[str, Any]) -> None:
    for backend in backends.values():
        if getattr(backend, "name", "") == "pyspark":
            # A Spark session belongs to the process (getOrCreate returns the same one):
            # stopping it would make the next engine, or the notebook that built, start
            # Spark again. Its JVM ends with the process.
            continue
        disconnect = getattr(backend, "disconnect", None)
        if disconnect is not None:
            disconnect()
    backends.clear()


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _first_lines(message: str, limit: int = 6) -> str:
    """The engine's message without the long tail some errors carry (candidate lists)."""
    lines = [line.rstrip() for line in message.strip().splitlines() if line.strip()]
    return "\n".join(lines[:limit])

"""A source's rows as they are, in a table of the embedded engine.

Files are read by DuckDB itself (CSV/TSV, Parquet, JSON/NDJSON) straight into a table,
so millions of rows never pass through Python; the table keeps the file's order, which
gives every row its number in messages. A query over the project's files runs in the
engine. What DuckDB cannot read the way the export is written (an Excel workbook, an
encoding it does not know, a CSV its strict reader refuses) is read by the readers of
:mod:`cxsite.data.readers`, whose messages say what is wrong with the file; a table or
query on a connection is fetched from its database. Both become the same kind of table.

Every raw table has the column ``__ord``: the row's place in the source, from 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..inputs.config import SiteConfig, SourceConfig
from .engine import Engine
from .opening import Opened, open_source
from .readers import check_first_row, check_quotes, sniff_delimiter

ORDER = "__ord"
# Encodings DuckDB's CSV reader knows without an extension (nothing is installed at run
# time); any other goes through Python's codecs.
_DUCKDB_ENCODINGS = {"utf-8": "utf-8", "utf8": "utf-8", "latin-1": "latin-1", "latin1": "latin-1"}


@dataclass(frozen=True)
class RawTable:
    """The source's rows in the engine: ``name`` is the table, ``header`` its columns as
    the export names them, ``types`` their engine types."""

    name: str
    header: list[str]
    types: dict[str, str]
    rows: int
    first_row: int  # the number of the row with ``__ord`` 0 in messages
    line: int | None = None  # where in the config a problem with the rows is reported
    empty: str = "the file has no data rows"


class RawReader:
    """Reads sources into raw tables; ``header`` first, to check a mapping before any
    rows are read."""

    def __init__(self, source: SourceConfig, config: SiteConfig, engine: Engine) -> None:
        self.source = source
        self.engine = engine
        self.native = source.connection is None and source.query is None
        self.opened: Opened = open_source(source, config, engine)

    @property
    def header(self) -> list[str]:
        return self.opened.header

    def read(self, wanted: list[str]) -> RawTable:
        """The rows, restricted to ``wanted`` columns (files keep every column so each
        row's fields are counted)."""
        source = self.source
        name = self.engine.fresh_name(f"raw_{source.kind}")
        if self.native and source.format in ("csv", "tsv"):
            made = self._csv(name)
        elif self.native and source.format == "parquet":
            made = self._parquet(name)
        elif self.native and source.format in ("json", "ndjson"):
            made = self._json(name, wanted)
        elif source.query is not None and source.connection is None:
            made = self._query(name, wanted)
        elif self.opened.batches is not None:
            made = self._stream(name, wanted)
        else:
            made = False
        if not made:
            self._register(name, self.opened.read(wanted))
        raw = self.engine.con.con
        types = dict(
            raw.execute(f'SELECT column_name, column_type FROM (DESCRIBE "{name}")').fetchall()
        )
        rows = raw.execute(f'SELECT count(*) FROM "{name}"').fetchone()
        return RawTable(
            name,
            [c for c in types if c != ORDER],
            {c: t for c, t in types.items() if c != ORDER},
            int(rows[0]) if rows else 0,
            self.opened.first_row,
            self.opened.line,
            self.opened.empty,
        )

    def _csv(self, name: str) -> bool:
        source = self.source
        encoding = _DUCKDB_ENCODINGS.get(source.encoding.lower().replace("_", "-"))
        if encoding is None:
            return False
        delimiter = source.delimiter or ("\t" if source.format == "tsv" else None)
        delimiter = delimiter or sniff_delimiter(source)
        # Nothing sniffed: the dialect is the one the readers use, and the columns are the
        # header's as they read it (DuckDB's sniffer would take a line starting with "#"
        # for a comment and skip it).
        columns = ", ".join(f"{_literal(c)}: 'VARCHAR'" for c in self.header)
        options = (
            f"delim={_literal(delimiter)}, quote='\"', escape='\"', header=true,"
            f" auto_detect=false, columns={{{columns}}}, comment='', strict_mode=true,"
            f" null_padding=false, encoding={_literal(encoding)}, max_line_size=100000000"
        )
        if not self.header or not self._engine_file(name, f"read_csv({{path}}, {options})"):
            return False
        try:
            check_first_row(source, delimiter)
        except UnicodeDecodeError:
            # DuckDB took bytes the codec refuses: the readers say where and what to set.
            self.engine.con.con.execute(f'DROP VIEW "{name}"; DROP TABLE "{name}_rows"')
            return False
        if self._has_line_breaks(name):
            check_quotes(source, delimiter, len(self.header))
        return True

    def _parquet(self, name: str) -> bool:
        """A Parquet file is columnar and knows each row's place: a view reads it (only
        the columns a query needs) instead of a copy."""
        import duckdb

        path = _literal(str(self.source.file))
        raw = self.engine.con.con
        try:
            raw.execute(
                f'CREATE VIEW "{name}" AS SELECT * EXCLUDE (file_row_number),'
                f' file_row_number AS "{ORDER}" FROM read_parquet({path}, file_row_number=true)'
            )
            columns = [
                r[0] for r in fetch(self.engine, f'SELECT column_name FROM (DESCRIBE "{name}")')
            ]
        except duckdb.Error:
            return False
        if [c for c in columns if c != ORDER] != self.header:
            raw.execute(f'DROP VIEW "{name}"')
            return False
        return True

    def _engine_file(self, name: str, reader: str) -> bool:
        """The file read by DuckDB into ``name``; False (and no table) when DuckDB refuses
        it or sees other columns than the reader of the header did: the readers of
        :mod:`cxsite.data.readers` then read it, and say what is wrong."""
        import duckdb

        raw = self.engine.con.con
        path = _literal(str(self.source.file))
        try:
            self._materialise(name, f"SELECT * FROM {reader.replace('{path}', path)}")
        except duckdb.Error:
            return False
        columns = [r[0] for r in fetch(self.engine, f'SELECT column_name FROM (DESCRIBE "{name}")')]
        if [c for c in columns if c != ORDER] != self.header:
            raw.execute(f'DROP VIEW "{name}"; DROP TABLE "{name}_rows"')
            return False
        return True

    def _materialise(self, name: str, select: str) -> None:
        """``select``'s rows in a table of the engine (where it may spill to disk), and
        ``name`` the view of them with each row's place: DuckDB keeps the order rows
        were inserted in, which is the file's."""
        raw = self.engine.con.con
        raw.execute(f'CREATE TABLE "{name}_rows" AS {select}')
        raw.execute(f'CREATE VIEW "{name}" AS SELECT *, rowid AS "{ORDER}" FROM "{name}_rows"')
        # Compressed before the steps read it, so it is not held uncompressed beside them.
        self.engine.compact()

    def _has_line_breaks(self, name: str) -> bool:
        if not self.header:
            return False
        checks = " OR ".join(
            f"bool_or(contains({_ident(c)}, chr(10)) OR contains({_ident(c)}, chr(13)))"
            for c in self.header
        )
        found = self.engine.con.con.execute(f'SELECT {checks} FROM "{name}"').fetchone()
        return bool(found and found[0])

    def _json(self, name: str, wanted: list[str]) -> bool:
        import duckdb

        shape = "newline_delimited" if self.source.format == "ndjson" else "auto"
        cast = ", ".join(f"CAST({_ident(c)} AS VARCHAR) AS {_ident(c)}" for c in wanted)
        path = _literal(str(self.source.file))
        try:
            self._materialise(
                name,
                f"SELECT {cast} FROM read_json({path}, format={_literal(shape)}, records=true)",
            )
        except duckdb.Error:
            return False
        return True

    def _query(self, name: str, wanted: list[str]) -> bool:
        """A query over the project's files, run in the engine into the raw table."""
        import duckdb

        assert self.source.query is not None
        columns = ", ".join(_ident(c) for c in wanted)
        try:
            self._materialise(name, f"SELECT {columns} FROM ({self.source.query.text})")
        except duckdb.Error:
            return False  # read again through the relation, whose problem names the line
        return True

    def _stream(self, name: str, wanted: list[str]) -> bool:
        """A database's rows streamed into the engine as Arrow batches, never as a
        pandas frame: memory holds a batch at a time, and types stay the database's."""
        assert self.opened.batches is not None
        batches = self.opened.batches(wanted)
        raw = self.engine.con.con
        raw.register(f"{name}_arrow", batches)
        try:
            self._materialise(name, f'SELECT * FROM "{name}_arrow"')
        except Exception:  # noqa: BLE001 - read again below, by the path that says why
            # The driver failed while rows arrived: the rows are read again through the
            # relation's own reader, whose message names the source without secrets.
            return False
        finally:
            raw.unregister(f"{name}_arrow")
        return True

    def _register(self, name: str, frame: pd.DataFrame) -> None:
        """Rows read in Python (a workbook, a database's rows) copied into the engine."""
        import pyarrow as pa

        frame = frame.reset_index(drop=True)
        try:
            arrow = pa.Table.from_pandas(frame, preserve_index=False)
        except (pa.ArrowTypeError, pa.ArrowInvalid):
            # A workbook column mixing dates and text (or numbers and text): every cell as
            # text, which the checks parse like a CSV cell and name when it is wrong.
            arrow = pa.Table.from_pandas(_as_text(frame), preserve_index=False)
        arrow = arrow.append_column(ORDER, pa.array(range(len(frame)), type=pa.int64()))
        raw = self.engine.con.con
        raw.register(f"{name}_arrow", arrow)
        try:
            raw.execute(f'CREATE TABLE "{name}" AS SELECT * FROM "{name}_arrow"')
        finally:
            raw.unregister(f"{name}_arrow")


def _as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Object columns as text, missing cells kept missing."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object:
            values = out[column]
            out[column] = values.map(str).where(values.notna(), None)
    return out


def fetch(engine: Engine, query: str, *params: Any) -> list[tuple[Any, ...]]:
    """The rows of a small query on the embedded engine."""
    rows: list[tuple[Any, ...]] = engine.con.con.execute(query, list(params)).fetchall()
    return rows


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"

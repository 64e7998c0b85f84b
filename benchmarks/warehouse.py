#!/usr/bin/env python3
"""Put a project's exports into a warehouse, as a company's data team would hold them.

    python benchmarks/warehouse.py postgres PROJECT OUT --url postgresql://user@host/db
    python benchmarks/warehouse.py parquet PROJECT OUT         # a lake folder, for Spark
    python benchmarks/warehouse.py bench PROJECT OUT --url URL # a PostgreSQL-backed build

Every file source of ``PROJECT/cxsite.yml`` becomes one table named after its file
(``data/survey_responses.csv`` -> ``survey_responses``), with every column of the export,
snake_case column names (``Customer ID`` -> ``customer_id``) and warehouse types: the
columns mapped to a date are timestamps (parsed with the source's ``date_format``), the
columns mapped to a number are doubles, the rest text; an empty cell is NULL. ``OUT``
becomes a copy of the project (journey, content) whose ``cxsite.yml`` reads the same
sources from the warehouse: ``connection: warehouse`` plus ``table:``, with the column
mapping renamed and the rest (``recode``, ``where``, ``defaults``) as it was.

The conversions are written here with pyarrow, independently of cxsite's own readers, so
a build from the warehouse that equals the build from the files shows that cxsite reads
typed warehouse columns the way it reads the exports. Large exports stream in batches;
``postgres`` loads with COPY and prints how long each table took.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import yaml

CONFIG = "cxsite.yml"
BATCH_ROWS = 200_000
# The cxsite fields whose columns a warehouse holds as timestamps or numbers; every other
# column is text.
DATE_FIELDS = {"date", "opened", "closed", "joined", "left"}
NUMBER_FIELDS = {"score", "value"}
# Keys that say where and how a file is read: a table has none of them.
FILE_KEYS = ("path", "format", "sheet", "date_format", "encoding", "delimiter")


@dataclass(frozen=True)
class Table:
    """One export as a warehouse table: its name, its typed schema and its rows."""

    source: str
    name: str
    columns: dict[str, str]  # export column -> warehouse column
    schema: pa.Schema
    batches: Callable[[], Iterator[pa.RecordBatch]]


def snake(name: str) -> str:
    """``Customer ID`` -> ``customer_id``, ``ResponseID`` -> ``response_id``, ``Ticket #`` ->
    ``ticket``."""
    text = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name)
    text = re.sub(r"[^0-9a-zA-Z]+", "_", text).strip("_").lower()
    return text if text and not text[0].isdigit() else f"c_{text}"


def project_config(project: Path) -> dict[str, Any]:
    config = yaml.safe_load((project / CONFIG).read_text(encoding="utf-8"))
    assert isinstance(config, dict), f"{project / CONFIG} is not a mapping"
    return config


def export_tables(project: Path) -> list[Table]:
    """Every file source of the project as a :class:`Table` (read lazily, in batches)."""
    tables = []
    for name, source in project_config(project)["sources"].items():
        if "path" not in source:
            continue
        path = project / source["path"]
        roles = {column: field for field, column in source.get("columns", {}).items()}
        raw_schema, raw_batches = _reader(path, source)
        kinds = {
            column: _kind_of(roles.get(column), raw_schema.field(column).type)
            for column in raw_schema.names
        }
        columns = {column: snake(column) for column in raw_schema.names}
        schema = pa.schema([pa.field(columns[c], _ARROW[kinds[c]]) for c in raw_schema.names])
        fmt = source.get("date_format")

        def batches(
            raw: Callable[[], Iterator[pa.RecordBatch]] = raw_batches,
            kinds: dict[str, str] = kinds,
            schema: pa.Schema = schema,
            fmt: str | None = fmt,
        ) -> Iterator[pa.RecordBatch]:
            for batch in raw():
                arrays = [
                    _convert(batch.column(column), kinds[column], fmt)
                    for column in batch.schema.names
                ]
                yield pa.RecordBatch.from_arrays(arrays, schema=schema)

        tables.append(Table(name, path.stem, columns, schema, batches))
    return tables


_ARROW = {"timestamp": pa.timestamp("us"), "double": pa.float64(), "text": pa.string()}


def _kind_of(role: str | None, typ: pa.DataType) -> str:
    if role in DATE_FIELDS or pa.types.is_timestamp(typ) or pa.types.is_date(typ):
        return "timestamp"
    if role in NUMBER_FIELDS:
        return "double"
    return "text"


def _reader(
    path: Path, source: dict[str, Any]
) -> tuple[pa.Schema, Callable[[], Iterator[pa.RecordBatch]]]:
    """The export's own columns, strings from text formats and native types from Parquet."""
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        schema = pq.read_schema(path)
        return schema, lambda: pq.ParquetFile(path).iter_batches(batch_size=BATCH_ROWS)
    if suffix in {".xlsx", ".xlsm"}:
        table = _excel(path, source.get("sheet"))
        return table.schema, lambda: iter(table.to_batches(BATCH_ROWS))
    delimiter = source.get("delimiter") or ("\t" if suffix == ".tsv" else ",")
    encoding = source.get("encoding", "utf-8")
    with path.open(encoding=encoding, newline="") as handle:
        header = next(csv.reader(handle, delimiter=delimiter))

    def batches() -> Iterator[pa.RecordBatch]:
        reader = pacsv.open_csv(
            path,
            read_options=pacsv.ReadOptions(encoding=encoding, block_size=1 << 24),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(header, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
        yield from reader

    return pa.schema([pa.field(h, pa.string()) for h in header]), batches


def _excel(path: Path, sheet: str | None) -> pa.Table:
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    rows = (
        book[sheet].iter_rows(values_only=True)
        if sheet
        else book.active.iter_rows(values_only=True)
    )
    header = [str(h) for h in next(rows)]
    cells: list[list[Any]] = [[] for _ in header]
    for row in rows:
        for index, value in enumerate(row[: len(header)]):
            cells[index].append(value)
    book.close()
    # A column of dates stays dates; anything else is read as the text the cell shows.
    arrays = []
    for column in cells:
        present = [v for v in column if v is not None]
        if present and all(hasattr(v, "year") for v in present):
            arrays.append(pa.array(column, pa.timestamp("us")))
        else:
            arrays.append(pa.array(["" if v is None else str(v) for v in column], pa.string()))
    return pa.table(arrays, names=header)


def _convert(array: pa.Array, kind: str, fmt: str | None) -> pa.Array:
    if pa.types.is_string(array.type) or pa.types.is_large_string(array.type):
        blank = pc.equal(pc.utf8_trim_whitespace(array), "")
        array = pc.if_else(blank, pa.scalar(None, array.type), array)
        if kind == "timestamp":
            if fmt:
                return pc.strptime(array, format=fmt, unit="us")
            return pc.cast(array, pa.timestamp("us"))
        if kind == "double":
            return pc.cast(array, pa.float64())
        return pc.cast(array, pa.string())
    return pc.cast(array, _ARROW[kind])


def warehouse_project(
    project: Path, out: Path, tables: list[Table], connection: str | dict[str, Any]
) -> Path:
    """``out``: the project's journey and content with a ``cxsite.yml`` reading the tables."""
    config = project_config(project)
    by_source = {t.source: t for t in tables}
    sources = {}
    for name, source in config["sources"].items():
        table = by_source.get(name)
        if table is None:
            sources[name] = source
            continue
        moved = {k: v for k, v in source.items() if k not in FILE_KEYS}
        moved["connection"] = "warehouse"
        moved["table"] = table.name
        moved["columns"] = {f: table.columns[c] for f, c in source.get("columns", {}).items()}
        if "where" in moved:  # its keys are export columns
            moved["where"] = {table.columns.get(c, c): v for c, v in moved["where"].items()}
        sources[name] = moved
    config["sources"] = sources
    config["connections"] = {"warehouse": connection}
    out.mkdir(parents=True, exist_ok=True)
    for relative in (config.get("content_dir"), config.get("journey", "content/journey.yml")):
        if not relative or not (project / relative).exists():
            continue
        if (project / relative).is_dir():
            shutil.copytree(project / relative, out / relative, dirs_exist_ok=True)
        else:
            (out / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(project / relative, out / relative)
    (out / CONFIG).write_text(
        yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8"
    )
    return out


def load_postgres(url: str, tables: list[Table], log: Callable[[str], None] = print) -> None:
    """Each table dropped, created with its types and filled with COPY, in one transaction."""
    import psycopg

    types = {"timestamp": "timestamp", "double": "double precision", "string": "text"}
    with psycopg.connect(url) as db, db.cursor() as cursor:
        for table in tables:
            started = time.perf_counter()
            columns = ", ".join(f'"{f.name}" {types[_pg_kind(f.type)]}' for f in table.schema)
            cursor.execute(f'DROP TABLE IF EXISTS "{table.name}"')
            cursor.execute(f'CREATE TABLE "{table.name}" ({columns})')
            rows = 0
            copy_sql = f'COPY "{table.name}" FROM STDIN WITH (FORMAT csv, HEADER false)'
            with cursor.copy(copy_sql) as copy:
                for batch in table.batches():
                    rows += batch.num_rows
                    copy.write(_csv(batch))
            cursor.execute(f'ANALYZE "{table.name}"')
            log(f"{table.name}: {rows:,} rows in {time.perf_counter() - started:.1f} s")


def _pg_kind(typ: pa.DataType) -> str:
    if pa.types.is_timestamp(typ):
        return "timestamp"
    if pa.types.is_floating(typ):
        return "double"
    return "string"


def _csv(batch: pa.RecordBatch) -> bytes:
    """CSV that COPY reads back exactly: NULL unquoted and empty, every text quoted."""
    sink = io.BytesIO()
    options = pacsv.WriteOptions(include_header=False, quoting_style="all_valid")
    pacsv.write_csv(batch, sink, options)
    return sink.getvalue()


def write_parquet(lake: Path, tables: list[Table]) -> dict[str, Path]:
    """Each table as a folder of Parquet files under ``lake`` (how a data lake holds it)."""
    folders = {}
    for table in tables:
        folder = lake / table.name
        folder.mkdir(parents=True, exist_ok=True)
        with pq.ParquetWriter(folder / "part-0.parquet", table.schema) as writer:
            for batch in table.batches():
                writer.write_batch(batch)
        folders[table.name] = folder
    return folders


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("target", choices=["postgres", "parquet", "bench"])
    parser.add_argument("project", type=Path)
    parser.add_argument("out", type=Path, help="the project copy that reads the warehouse")
    parser.add_argument("--url", help="PostgreSQL URL to load into (postgres)")
    parser.add_argument(
        "--connection",
        default="${CX_PG_URL}",
        help="what the copy's cxsite.yml names as the connection (default: ${CX_PG_URL})",
    )
    args = parser.parse_args(argv)
    if args.target == "bench":
        if not args.url:
            parser.error("bench needs --url")
        import pgbench  # benchmarks/pgbench.py: the measuring is the benchmark's own

        cold, figures = pgbench.measure(args.project, args.url, args.out, timeout=900)
        figures.update(
            cold_s=cold.seconds,
            cpu_s=cold.cpu_seconds,
            peak_pss=cold.peak_pss,
            ok=cold.ok,
            error=cold.error,
            load_average=cold.load,
        )
        print(json.dumps(figures, indent=2))
        return 0 if cold.ok else 1
    tables = export_tables(args.project)
    if args.target == "postgres":
        if not args.url:
            parser.error("postgres needs --url")
        load_postgres(args.url, tables)
        warehouse_project(args.project, args.out, tables, args.connection)
    else:
        folders = write_parquet(args.out / "lake", tables)
        print("\n".join(f"{name}: {folder}" for name, folder in folders.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())

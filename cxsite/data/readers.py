"""Reading export files: one reader per format behind one interface (:data:`LOADERS`).

A reader returns the file's columns as they are, or raises :class:`FileProblem` saying
why it cannot: every library error a format can raise is turned into a sentence here,
so nothing from pandas, pyarrow or openpyxl reaches the user as a traceback. Messages
name the line where there is one and never quote the file's content.
"""

from __future__ import annotations

import csv
import re
import zipfile
from collections.abc import Callable
from typing import Literal

import pandas as pd

from ..inputs.config import SourceConfig


class FileProblem(Exception):
    """A file could not be read at all; the message says why, ``line`` where."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


Loader = Callable[[SourceConfig, list[str] | None], pd.DataFrame]

_FIELDS_ERROR = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")
_ROW_ERROR = re.compile(r"(?:row|line) (\d+)")


def read_csv(source: SourceConfig, columns: list[str] | None) -> pd.DataFrame:
    delimiter = source.delimiter or ("\t" if source.format == "tsv" else None)
    if delimiter is None:
        delimiter = sniff_delimiter(source)
    try:
        # Every column is read (not just the mapped ones) so the parser counts the
        # fields of every row: a row with extra fields is an error, not silently cut.
        frame = pd.read_csv(
            source.file,
            sep=delimiter,
            dtype=str,
            keep_default_na=False,
            encoding=source.encoding,
            nrows=0 if columns == [] else None,
        )
    except UnicodeDecodeError as exc:
        raise _undecodable(source, exc) from exc
    except pd.errors.EmptyDataError as exc:
        raise FileProblem("the file is empty - export it again with its header row") from exc
    except pd.errors.ParserError as exc:
        raise _parser_problem(str(exc)) from exc
    except (ValueError, LookupError, OSError) as exc:
        raise FileProblem(f"the file is not readable CSV ({type(exc).__name__})") from exc
    if columns == []:
        return frame
    check_first_row(source, delimiter)
    if len(frame) and _has_line_breaks(frame):
        check_quotes(source, delimiter, len(frame.columns))
    return frame[columns] if columns else frame


def _undecodable(source: SourceConfig, exc: UnicodeDecodeError) -> FileProblem:
    return FileProblem(
        f"cannot decode the file as {source.encoding} ({exc.reason})"
        " - set 'encoding' (e.g. cp1252 or latin-1) on this source"
    )


def _parser_problem(text: str) -> FileProblem:
    fields = _FIELDS_ERROR.search(text)
    if fields:
        expected, line, saw = fields.groups()
        return FileProblem(
            f"row has {saw} fields but the header has {expected}"
            " - a separator too many in this row",
            line=int(line),
        )
    if "EOF inside string" in text:
        row = _ROW_ERROR.search(text)
        return FileProblem(
            "a quoted cell is never closed (the file ends inside quotes)"
            " - close the quote or export again with quoting on",
            line=int(row.group(1)) + 1 if row else None,
        )
    return FileProblem("the file is not valid CSV - export it again")


def check_first_row(source: SourceConfig, delimiter: str) -> None:
    """pandas takes a first data row with more fields than the header as an index and
    shifts every column; checked here so it is an error like any other long row."""
    with source.file.open(encoding=source.encoding, newline="") as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        try:
            header = next(reader, [])
            first = next(reader, None)
        except csv.Error:  # NUL bytes and the like: the parser above has had its say
            return
        except UnicodeDecodeError as exc:
            # pandas' parser stops at a NUL byte, so bytes after it are decoded first here
            raise _undecodable(source, exc) from exc
        if first is not None and len(first) > len(header):
            raise FileProblem(
                f"row has {len(first)} fields but the header has {len(header)}",
                line=reader.line_num,
            )


def _has_line_breaks(frame: pd.DataFrame) -> bool:
    return any(
        frame[column].str.contains("\n", regex=False).any()
        or frame[column].str.contains("\r", regex=False).any()
        for column in frame.columns
    )


def check_quotes(source: SourceConfig, delimiter: str, width: int) -> None:
    """Cells spanning lines are legitimate only when their quotes are well formed.

    An unclosed quote makes the parser read the following rows into one cell until the
    next quote somewhere below; Python's csv module in strict mode stops right there,
    and a continuation line that carries a full row's delimiters is a swallowed row.
    """
    with source.file.open(encoding=source.encoding, newline="") as handle:
        reader = csv.reader(handle, delimiter=delimiter, strict=True)
        start = 1
        try:
            for row in reader:
                for cell in row:
                    for part in cell.splitlines()[1:]:
                        if part.count(delimiter) >= width - 1:
                            raise FileProblem(
                                "a quote opened here is not closed before the next row"
                                " (the next rows were read into one cell)"
                                " - close the quote or remove it",
                                line=start,
                            )
                start = reader.line_num + 1
        except UnicodeDecodeError as exc:
            raise _undecodable(source, exc) from exc
        except csv.Error as exc:
            raise FileProblem(
                f"a quoted cell in the row starting here is badly closed ({exc} on line"
                f" {reader.line_num}) - close each quote, and double quotes inside quoted cells",
                line=start,
            ) from exc


def sniff_delimiter(source: SourceConfig) -> str:
    try:
        with source.file.open(encoding=source.encoding, errors="replace") as handle:
            head = handle.readline()
    except OSError:
        return ","
    counts = {d: head.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


def read_parquet(source: SourceConfig, columns: list[str] | None) -> pd.DataFrame:
    import pyarrow.lib
    import pyarrow.parquet as pq

    try:
        if columns == []:
            return pd.DataFrame(columns=pq.read_schema(source.file).names)
        table = pq.read_table(source.file, columns=columns)
        # Timestamps keep their own unit so 0001-01-01 or 9999-12-31 stay dates
        # (the row checks report them) instead of overflowing nanoseconds here.
        frame: pd.DataFrame = table.to_pandas(
            coerce_temporal_nanoseconds=False, date_as_object=True
        )
        return frame
    except (pyarrow.lib.ArrowException, OSError, ValueError) as exc:
        raise FileProblem(f"not a readable Parquet file ({type(exc).__name__})") from exc


def read_excel(source: SourceConfig, columns: list[str] | None) -> pd.DataFrame:
    try:
        frame = pd.read_excel(
            source.file,
            sheet_name=source.sheet if source.sheet is not None else 0,
            usecols=columns or None,
            nrows=0 if columns == [] else None,
        )
    except ValueError as exc:
        if "Worksheet" in str(exc) or "sheet" in str(exc).lower():
            raise FileProblem(f"{exc} - check 'sheet' for this source") from exc
        raise FileProblem("not a readable Excel workbook - save it again as .xlsx") from exc
    except (zipfile.BadZipFile, KeyError, OSError, IndexError, TypeError) as exc:
        # A zip without a workbook inside, a truncated file, a renamed CSV...
        raise FileProblem(
            f"not a readable Excel workbook ({type(exc).__name__}) - save it again as .xlsx"
        ) from exc
    return frame


_JSON_LINE = re.compile(r"line (\d+)", re.IGNORECASE)


def read_json(source: SourceConfig, columns: list[str] | None) -> pd.DataFrame:
    """JSON (an array of records, or one record per line for ``ndjson``) read by DuckDB.

    Every value comes back as text, like a CSV cell, so the row checks parse it the same
    way whatever type the JSON gave it; a nested value is its JSON text.
    """
    import duckdb

    shape: Literal["newline_delimited", "auto"] = (
        "newline_delimited" if source.format == "ndjson" else "auto"
    )
    con = duckdb.connect(":memory:", config={"autoinstall_known_extensions": False})
    con.execute("SET enable_progress_bar = false")  # as in the engine
    try:
        relation = con.read_json(str(source.file), format=shape, records="true")
        if columns == []:
            return pd.DataFrame(columns=relation.columns)
        names = columns or relation.columns
        cast = ", ".join(f'CAST("{n.replace(chr(34), chr(34) * 2)}" AS VARCHAR)' for n in names)
        arrow = relation.select(cast).to_arrow_table()
    except duckdb.Error as exc:
        line = _JSON_LINE.search(str(exc))
        raise FileProblem(
            f"not a readable {'NDJSON' if shape != 'auto' else 'JSON'} file"
            f" ({type(exc).__name__.removesuffix('Exception')})"
            " - export it again as an array of records, or one record per line (ndjson)",
            line=int(line.group(1)) if line else None,
        ) from exc
    finally:
        con.close()
    frame: pd.DataFrame = arrow.to_pandas()
    frame.columns = pd.Index(names)
    return frame


LOADERS: dict[str, Loader] = {
    "csv": read_csv,
    "tsv": read_csv,
    "parquet": read_parquet,
    "excel": read_excel,
    "json": read_json,
    "ndjson": read_json,
}

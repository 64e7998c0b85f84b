"""The ``sources`` section of the config: where each export is and how to read it.

Everything that can be known about a source before opening it is checked here — the
path stays inside the project, the encoding exists, the date format only uses real
directives — so a typo is reported against its config line, not as a library error
halfway through reading the file.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Problems
from ..inputs.paths import outside_problem, resolve_inside
from ..inputs.schema import Reader, did_you_mean
from ..inputs.yamlfile import LineDict
from .connections import Connection
from .numbers import read_number_style
from .querypaths import PreparedQuery, files_of, prepare_query

SOURCE_KINDS = ("observations", "responses", "issues", "comments", "customers", "contacts")
FORMATS = ("csv", "tsv", "parquet", "excel", "json", "ndjson")

# cxsite's field names per kind of source, required ones first.
SOURCE_FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "observations": (("date", "metric", "value"), ("segment",)),
    "responses": (
        ("date", "metric", "score"),
        ("respondent", "touchpoint", "comment", "segment", "language", "customer"),
    ),
    "issues": (
        ("id", "touchpoint", "category", "opened"),
        ("closed", "status", "owner", "action", "severity", "customer"),
    ),
    "comments": (("date", "touchpoint", "text"), ("score", "language", "segment")),
    "customers": (("customer", "joined"), ("left", "value", "segment")),
    "contacts": (("customer", "date"), ("touchpoint", "channel")),
}


@dataclass(frozen=True)
class SourceConfig:
    """One source: a file (``path``), or a ``query``/``table`` in the engine or over a
    named connection. ``shown_path`` names it in messages (the path as written, or what
    the query or table is)."""

    name: str
    kind: str
    path: Path | None
    shown_path: str
    format: str
    columns: dict[str, str]
    date_format: str | None = None
    sheet: str | None = None
    encoding: str = "utf-8"
    delimiter: str | None = None
    recode: dict[str, dict[str, str]] = field(default_factory=dict)
    where: dict[str, list[str]] = field(default_factory=dict)
    defaults: dict[str, str] = field(default_factory=dict)
    line: int = 0
    where_line: int | None = None
    query: PreparedQuery | None = None
    query_line: int | None = None
    connection: str | None = None
    table: str | None = None
    decimal: str | None = None
    thousands: str | None = None

    @property
    def file(self) -> Path:
        """The file of a file source (the readers' view: only file sources reach them)."""
        if self.path is None:
            raise ValueError(f"source '{self.name}' is not a file")
        return self.path

    @property
    def reads(self) -> list[Path]:
        """The project files this source reads (for fingerprints); none for a database."""
        if self.connection is not None:
            return []
        if self.query is not None:
            return files_of(self.query)
        return [self.path] if self.path is not None else []


SOURCE_KEYS = (
    "kind",
    "path",
    "format",
    "columns",
    "date_format",
    "sheet",
    "encoding",
    "delimiter",
    "recode",
    "where",
    "defaults",
    "query",
    "connection",
    "table",
    "decimal",
    "thousands",
)
FILE_ONLY_KEYS = ("format", "sheet", "encoding", "delimiter")
_EXTENSIONS = {".csv": "csv", ".tsv": "tsv", ".txt": "csv", ".parquet": "parquet", ".pq": "parquet"}
_EXTENSIONS |= {".xlsx": "excel", ".xlsm": "excel", ".xls": "excel"}
_EXTENSIONS |= {".json": "json", ".ndjson": "ndjson", ".jsonl": "ndjson"}

# The directives Python's strptime understands (pandas parses with the same rules),
# plus the two names pandas accepts instead of a pattern.
_DIRECTIVE = re.compile(r"%(.?)")
_DIRECTIVES = set("aAwdbBmyYHIpMSfzZjUWcxXGuV%")
_NAMED_FORMATS = ("ISO8601", "mixed")


def date_format_problem(fmt: str) -> str | None:
    """Why ``fmt`` cannot parse dates, or None when it can."""
    if fmt in _NAMED_FORMATS:
        return None
    found = _DIRECTIVE.findall(fmt)
    bad = [d for d in found if d not in _DIRECTIVES]
    if bad:
        shown = "%" + bad[0] if bad[0] else "a lone '%' at the end"
        return f"'{shown}' is not a date directive"
    if not [d for d in found if d != "%"]:
        return "it has no date directive such as %d, %m or %Y"
    return None


def _check_encoding(read: Reader, entry: LineDict, where: str) -> str | None:
    encoding = read.text("encoding", "utf-8") or "utf-8"
    try:
        codecs.lookup(encoding)
    except LookupError:
        read.problems.add(
            f"unknown encoding '{encoding}' in {where}.encoding",
            file=read.file,
            line=entry.line_of("encoding"),
            hint="Use e.g. utf-8, utf-8-sig, cp1252 or latin-1",
        )
        return None
    return encoding


def _check_date_format(read: Reader, entry: LineDict, where: str) -> str | None:
    fmt = read.text("date_format")
    if fmt is None:
        return None
    why = date_format_problem(fmt)
    if why:
        read.problems.add(
            f"{where}.date_format cannot read dates: {why}",
            file=read.file,
            line=entry.line_of("date_format"),
            value=fmt,
            hint="Use strftime directives, e.g. '%d/%m/%Y' or '%Y-%m-%d %H:%M'",
        )
        return None
    return fmt


def read_sources(
    project: Path,
    sources: LineDict,
    problems: Problems,
    config_file: str,
    allow_outside: Sequence[Path] = (),
    connections: Sequence[Connection] = (),
    declared: Sequence[str] = (),
) -> tuple[SourceConfig, ...]:
    result = []
    for name, entry in sources.items():
        where = f"sources.{name}"
        if not isinstance(entry, LineDict):
            problems.add(
                f"'{where}' must be a mapping with kind, path and columns",
                file=config_file,
                line=sources.line_of(name),
            )
            continue
        read = Reader(entry, config_file, problems, where)
        read.check_keys(SOURCE_KEYS)
        kind = read.choice("kind", SOURCE_KINDS, required=True)
        origin = _origin(project, read, entry, where, allow_outside, connections, declared)
        if kind is None or origin is None:
            continue
        path, shown, fmt, query, connection, table = origin
        if path is None:
            for key in FILE_ONLY_KEYS:
                if key in entry:
                    problems.add(
                        f"'{where}.{key}' applies to files, and this source is a"
                        f" {'table' if table else 'query'}",
                        file=config_file,
                        line=entry.line_of(key),
                        hint=f"Remove '{key}'; the engine reads the data already typed",
                    )
        columns = _string_map(read, "columns")
        required, optional = SOURCE_FIELDS[kind]
        for key in columns:
            if key not in required + optional:
                hint = did_you_mean(key, required + optional) or (
                    f"A {kind} source has: " + ", ".join(required + optional)
                )
                problems.add(
                    f"unknown field '{key}' in {where}.columns",
                    file=config_file,
                    line=_line(entry, "columns", key),
                    hint=hint,
                )
        recode_raw = read.mapping("recode") or LineDict()
        recode = {}
        for key, mapping in recode_raw.items():
            if not isinstance(mapping, dict):
                problems.add(
                    f"'{where}.recode.{key}' must map export values to cxsite values",
                    file=config_file,
                    line=recode_raw.line_of(key),
                )
                continue
            recode[key] = {str(k): str(v) for k, v in mapping.items()}
        where_raw = read.mapping("where") or LineDict()
        filters = {
            str(k): [str(x) for x in (v if isinstance(v, list) else [v])]
            for k, v in where_raw.items()
        }
        delimiter = read.text("delimiter")
        encoding = _check_encoding(read, entry, where)
        date_format = _check_date_format(read, entry, where)
        style = read_number_style(read, entry, where)
        if encoding is None or style is None:
            continue
        result.append(
            SourceConfig(
                name=str(name),
                kind=kind,
                path=path,
                shown_path=shown,
                format=fmt,
                columns=columns,
                date_format=date_format,
                sheet=read.text("sheet"),
                encoding=encoding,
                delimiter=delimiter,
                recode=recode,
                where=filters,
                defaults=_string_map(read, "defaults"),
                line=sources.line_of(name),
                where_line=entry.line_of("where") if "where" in entry else None,
                query=query,
                query_line=entry.line_of("query") if "query" in entry else None,
                connection=connection,
                table=table,
                decimal=style[0],
                thousands=style[1],
            )
        )
    return tuple(result)


Origin = tuple[Path | None, str, str, PreparedQuery | None, str | None, str | None]


def _origin(
    project: Path,
    read: Reader,
    entry: LineDict,
    where: str,
    allow_outside: Sequence[Path],
    connections: Sequence[Connection],
    declared: Sequence[str],
) -> Origin | None:
    """Where a source's rows come from: (path, shown, format, query, connection, table)."""
    given = [k for k in ("path", "query", "table") if entry.get(k) is not None]
    connection = read.text("connection")
    if len(given) > 1:
        read.problems.add(
            f"'{where}' needs exactly one of 'path', 'query' or 'table'"
            + f" (it has {' and '.join(given)})",
            file=read.file,
            line=entry.line,
            hint="A file: path: data/x.csv; SQL over the project's files: query: FROM ...; "
            "a database table: connection: <name> with table: <name>",
        )
        return None
    if connection is not None:
        return _database_origin(read, entry, where, connection, connections, declared)
    if "table" in given:
        read.problems.add(
            f"'{where}.table' needs a 'connection' that holds the table",
            file=read.file,
            line=entry.line_of("table"),
            hint="Name the database under 'connections:' and add 'connection: <name>'",
        )
        return None
    if "query" in given:
        text = read.text("query", required=True)
        if text is None:
            return None
        prepared, problems = prepare_query(
            text, project, where, read.file, entry.line_of("query"), allow_outside
        )
        read.problems.errors.extend(problems)
        if prepared is None:
            return None
        return None, f"{where}.query", "query", prepared, None, None
    shown = read.text("path", required=True)
    if shown is None:
        return None
    path, permitted = resolve_inside(project, shown, allow_outside)
    if not permitted:
        read.problems.errors.append(
            outside_problem(f"{where}.path", shown, read.file, entry.line_of("path"))
        )
        return None
    fmt = read.choice("format", FORMATS)
    if fmt is None:
        fmt = _EXTENSIONS.get(Path(shown).suffix.lower())
        if fmt is None:
            read.problems.add(
                f"cannot tell the format of '{shown}' from its extension",
                file=read.file,
                line=entry.line_of("path"),
                hint="Add 'format: " + "|".join(FORMATS) + "'",
            )
            return None
    return path, shown, fmt, None, None, None


def _database_origin(
    read: Reader,
    entry: LineDict,
    where: str,
    connection: str,
    connections: Sequence[Connection],
    declared: Sequence[str],
) -> Origin | None:
    names = [c.name for c in connections]
    if connection not in names:
        if connection not in declared:  # a declared one that failed is reported already
            read.problems.add(
                f"'{where}.connection' names no connection '{connection}'",
                file=read.file,
                line=entry.line_of("connection"),
                hint=did_you_mean(connection, list(declared))
                or "Declare it under 'connections:' in the config",
            )
        return None
    if entry.get("path") is not None:
        read.problems.add(
            f"'{where}' has both 'path' and 'connection'",
            file=read.file,
            line=entry.line_of("path"),
            hint="A source on a connection gives 'table' or 'query'; a file source no connection",
        )
        return None
    table = read.text("table")
    query = read.text("query")
    shown = f"{connection}: {table}" if table else f"{where}.query"
    prepared = PreparedQuery(query, (), {}) if query is not None else None
    return None, shown, "database", prepared, connection, table


def _string_map(read: Reader, key: str) -> dict[str, str]:
    data = read.mapping(key)
    if data is None:
        return {}
    return {str(k): str(v) for k, v in data.items() if v is not None}


def _line(entry: LineDict, key: str, sub: str) -> int:
    inner = entry.get(key)
    if isinstance(inner, LineDict):
        return inner.line_of(sub)
    return entry.line_of(key)

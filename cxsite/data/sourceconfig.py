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

SOURCE_KINDS = ("observations", "responses", "issues", "comments", "customers", "contacts")
FORMATS = ("csv", "tsv", "parquet", "excel")

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
    name: str
    kind: str
    path: Path
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
)
_EXTENSIONS = {".csv": "csv", ".tsv": "tsv", ".txt": "csv", ".parquet": "parquet", ".pq": "parquet"}
_EXTENSIONS |= {".xlsx": "excel", ".xlsm": "excel", ".xls": "excel"}

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
        shown = read.text("path", required=True)
        if kind is None or shown is None:
            continue
        path, permitted = resolve_inside(project, shown, allow_outside)
        if not permitted:
            problems.errors.append(
                outside_problem(f"{where}.path", shown, config_file, entry.line_of("path"))
            )
            continue
        fmt = read.choice("format", FORMATS)
        if fmt is None:
            fmt = _EXTENSIONS.get(Path(shown).suffix.lower())
            if fmt is None:
                problems.add(
                    f"cannot tell the format of '{shown}' from its extension",
                    file=config_file,
                    line=entry.line_of("path"),
                    hint="Add 'format: csv|tsv|parquet|excel'",
                )
                continue
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
        if encoding is None:
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
            )
        )
    return tuple(result)


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

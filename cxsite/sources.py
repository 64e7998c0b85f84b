"""Phase 3: data sources — exports read as they are, columns mapped, every row checked.

One loader per file format behind one interface (:data:`LOADERS`); everything after
loading works on the same canonical columns whatever the export called them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .config import SOURCE_FIELDS, SiteConfig, SourceConfig
from .customerdata import CUSTOMER_KINDS, check_customer_rows
from .errors import Problems
from .frames import lookup
from .journey import Journey

MAX_ROWS_REPORTED = 5
CLOSED_STATUSES = {"closed", "resolved", "done", "cancelled", "canceled", "completed"}


class FileProblem(Exception):
    """A file could not be read at all; the message says why."""


Loader = Callable[[SourceConfig, list[str] | None], pd.DataFrame]


def _read_csv(source: SourceConfig, columns: list[str] | None) -> pd.DataFrame:
    delimiter = source.delimiter or ("\t" if source.format == "tsv" else None)
    if delimiter is None:
        delimiter = _sniff_delimiter(source)
    try:
        return pd.read_csv(
            source.path,
            sep=delimiter,
            dtype=str,
            keep_default_na=False,
            usecols=columns or None,
            encoding=source.encoding,
            nrows=0 if columns == [] else None,
        )
    except UnicodeDecodeError as exc:
        raise FileProblem(
            f"cannot decode the file as {source.encoding} ({exc.reason})"
            " - set 'encoding' (e.g. cp1252 or latin-1) on this source"
        ) from exc
    except pd.errors.EmptyDataError as exc:
        raise FileProblem("the file is empty - export it again with its header row") from exc
    except pd.errors.ParserError as exc:
        raise FileProblem(f"the file is not valid CSV: {exc}") from exc


def _sniff_delimiter(source: SourceConfig) -> str:
    try:
        with source.path.open(encoding=source.encoding, errors="replace") as handle:
            head = handle.readline()
    except OSError:
        return ","
    counts = {d: head.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


def _read_parquet(source: SourceConfig, columns: list[str] | None) -> pd.DataFrame:
    import pyarrow.lib
    import pyarrow.parquet as pq

    try:
        if columns == []:
            return pd.DataFrame(columns=pq.read_schema(source.path).names)
        return pd.read_parquet(source.path, columns=columns)
    except (pyarrow.lib.ArrowInvalid, OSError) as exc:
        raise FileProblem(f"not a readable Parquet file: {exc}") from exc


def _read_excel(source: SourceConfig, columns: list[str] | None) -> pd.DataFrame:
    import zipfile

    try:
        frame = pd.read_excel(
            source.path,
            sheet_name=source.sheet if source.sheet is not None else 0,
            usecols=columns or None,
            nrows=0 if columns == [] else None,
        )
    except ValueError as exc:
        raise FileProblem(f"{exc} - check 'sheet' for this source") from exc
    except (zipfile.BadZipFile, OSError) as exc:
        raise FileProblem(f"not a readable Excel file: {exc}") from exc
    return frame


LOADERS: dict[str, Loader] = {
    "csv": _read_csv,
    "tsv": _read_csv,
    "parquet": _read_parquet,
    "excel": _read_excel,
}


@dataclass
class Dataset:
    """All data, in canonical columns, one frame per kind."""

    observations: pd.DataFrame
    responses: pd.DataFrame
    issues: pd.DataFrame
    comments: pd.DataFrame
    files: dict[str, Path] = field(default_factory=dict)
    customers: pd.DataFrame = field(default_factory=lambda: empty_frame("customers"))
    contacts: pd.DataFrame = field(default_factory=lambda: empty_frame("contacts"))

    def as_of(self) -> pd.Timestamp | None:
        dates = [
            self.observations["date"].max() if len(self.observations) else None,
            self.responses["date"].max() if len(self.responses) else None,
            self.issues["opened"].max() if len(self.issues) else None,
            self.issues["closed"].max() if len(self.issues) else None,
            self.comments["date"].max() if len(self.comments) else None,
        ]
        found = [d for d in dates if d is not None and not pd.isna(d)]
        return max(found) if found else None


CANONICAL: dict[str, dict[str, str]] = {
    "observations": {"date": "date", "metric": "str", "value": "num", "segment": "str"},
    "responses": {
        "date": "date",
        "metric": "str",
        "score": "num",
        "respondent": "str",
        "touchpoint": "str",
        "comment": "str",
        "segment": "str",
        "language": "str",
        "customer": "str",
    },
    "issues": {
        "id": "str",
        "touchpoint": "str",
        "category": "str",
        "opened": "date",
        "closed": "date",
        "status": "str",
        "owner": "str",
        "action": "str",
        "severity": "str",
        "customer": "str",
    },
    "comments": {
        "date": "date",
        "touchpoint": "str",
        "text": "str",
        "score": "num",
        "language": "str",
        "segment": "str",
    },
    **CUSTOMER_KINDS,
}


def empty_frame(kind: str) -> pd.DataFrame:
    columns = {}
    for name, typ in CANONICAL[kind].items():
        if typ == "date":
            columns[name] = pd.Series([], dtype="datetime64[ns]")
        elif typ == "num":
            columns[name] = pd.Series([], dtype="float64")
        else:
            columns[name] = pd.Series([], dtype="object")
    if kind == "issues":
        columns["is_open"] = pd.Series([], dtype="bool")
    return pd.DataFrame(columns)


def load_data(config: SiteConfig, journey: Journey | None, problems: Problems) -> Dataset:
    frames: dict[str, list[pd.DataFrame]] = {k: [] for k in CANONICAL}
    for source in config.sources:
        frame = load_source(source, journey, config, problems)
        if frame is not None:
            frames[source.kind].append(frame)
    combined = {
        kind: (pd.concat(parts, ignore_index=True) if parts else empty_frame(kind))
        for kind, parts in frames.items()
    }
    return Dataset(
        observations=combined["observations"],
        responses=combined["responses"],
        issues=combined["issues"],
        comments=combined["comments"],
        files={s.name: s.path for s in config.sources},
        customers=combined["customers"],
        contacts=combined["contacts"],
    )


def load_source(
    source: SourceConfig, journey: Journey | None, config: SiteConfig, problems: Problems
) -> pd.DataFrame | None:
    """Read one source into canonical columns; problems name the file and row."""
    shown = source.shown_path
    if not source.path.exists():
        problems.add(
            f"data file not found (source '{source.name}')",
            file=shown,
            hint=f"Check 'sources.{source.name}.path' in {config.file} (line {source.line})",
        )
        return None
    loader = LOADERS[source.format]
    try:
        header = [str(c) for c in loader(source, []).columns]
    except FileProblem as exc:
        problems.add(str(exc), file=shown)
        return None
    required, optional = SOURCE_FIELDS[source.kind]
    mapping: dict[str, str] = {}
    for name in required + optional:
        column = source.columns.get(name, name)
        if column in header:
            mapping[name] = column
        elif name in source.columns:
            problems.add(
                f"column '{column}' (mapped to '{name}') is not in the file",
                file=shown,
                hint=f"The file's columns are: {', '.join(header)}. "
                f"Fix 'sources.{source.name}.columns.{name}' in {config.file}",
            )
        elif name in required and name not in source.defaults:
            problems.add(
                f"no column for required field '{name}'",
                file=shown,
                hint=f"Map it: 'sources.{source.name}.columns.{name}: <column>' in {config.file}. "
                f"The file's columns are: {', '.join(header)}",
            )
    missing_filters = [c for c in source.where if c not in header]
    for column in missing_filters:
        problems.add(
            f"column '{column}' used in 'where' is not in the file",
            file=shown,
            hint=f"The file's columns are: {', '.join(header)}",
        )
    if any(n not in mapping and n not in source.defaults for n in required) or missing_filters:
        return None
    wanted = sorted(set(mapping.values()) | set(source.where))
    try:
        raw = loader(source, wanted)
    except FileProblem as exc:
        problems.add(str(exc), file=shown)
        return None
    if len(raw) == 0:
        problems.add(
            "the file has no data rows",
            file=shown,
            hint="Export it again, or remove this source from " + config.file,
        )
        return None
    first_row = 1 if source.format == "parquet" else 2
    rows = pd.RangeIndex(first_row, first_row + len(raw))
    raw.index = rows
    for column, allowed in source.where.items():
        raw = raw[raw[column].astype(str).isin(allowed)]
    return _canonical(source, raw, mapping, journey, config, problems)


def _canonical(
    source: SourceConfig,
    raw: pd.DataFrame,
    mapping: dict[str, str],
    journey: Journey | None,
    config: SiteConfig,
    problems: Problems,
) -> pd.DataFrame:
    check = _RowChecker(source, problems)
    out = pd.DataFrame(index=raw.index)
    for name, typ in CANONICAL[source.kind].items():
        if name in mapping:
            values = raw[mapping[name]]
        elif name in source.defaults:
            values = pd.Series(source.defaults[name], index=raw.index, dtype="object")
        else:
            out[name] = _missing(typ, raw.index)
            continue
        if name in source.recode:
            text = _text(values)
            values = lookup(text, source.recode[name], keep=True)
        if typ == "date":
            required = name in SOURCE_FIELDS[source.kind][0]
            out[name] = check.dates(values, name, mapping.get(name, name), required)
        elif typ == "num":
            out[name] = check.numbers(values, name, mapping.get(name, name))
        else:
            out[name] = _text(values)
    if source.kind == "responses":
        out = _check_responses(out, source, mapping, journey, check)
    elif source.kind == "observations":
        out = _check_observations(out, source, mapping, journey, check)
    elif source.kind == "issues":
        out = _check_issues(out, source, mapping, journey, check)
    elif source.kind in ("customers", "contacts"):
        out = check_customer_rows(out, source, mapping, check)
    else:
        out = _check_comments(out, source, mapping, journey, check)
    out["row"] = out.index.astype("int64")
    return out.reset_index(drop=True)


def _missing(typ: str, index: pd.Index) -> pd.Series:
    if typ == "date":
        return pd.Series(pd.NaT, index=index, dtype="datetime64[ns]")
    if typ == "num":
        return pd.Series(float("nan"), index=index, dtype="float64")
    return pd.Series(None, index=index, dtype="object")


def _text(values: pd.Series) -> pd.Series:
    """Trimmed text with missing for empty cells, vectorised (exports run to millions of rows)."""
    text = values.astype("str").str.strip()
    return text.mask(text == "")


class _RowChecker:
    """Turns bad cells into problems: the first few rows each, then a count."""

    def __init__(self, source: SourceConfig, problems: Problems) -> None:
        self.source = source
        self.problems = problems

    def report(
        self,
        bad: pd.Series,
        values: pd.Series,
        message: str,
        hint: str,
        warning: bool = False,
    ) -> None:
        rows = list(bad[bad].index[: MAX_ROWS_REPORTED + 1])
        total = int(bad.sum())
        add = self.problems.warn if warning else self.problems.add
        for row in rows[:MAX_ROWS_REPORTED]:
            add(
                message, file=self.source.shown_path, row=int(row), value=values.loc[row], hint=hint
            )
        if total > MAX_ROWS_REPORTED:
            add(
                f"{message}: {total - MAX_ROWS_REPORTED:,} more rows like these",
                file=self.source.shown_path,
                hint=hint,
            )

    def dates(self, values: pd.Series, name: str, column: str, required: bool) -> pd.Series:
        if pd.api.types.is_datetime64_any_dtype(values):
            parsed = values
            if getattr(parsed.dt, "tz", None) is not None:
                parsed = parsed.dt.tz_convert("UTC").dt.tz_localize(None)
            parsed = parsed.astype("datetime64[ns]")
            empty = parsed.isna()
            bad = pd.Series(False, index=values.index)
        else:
            text = _text(values)
            empty = text.isna()
            fmt = self.source.date_format or "ISO8601"
            parsed = pd.to_datetime(text, format=fmt, errors="coerce", utc=True)
            parsed = parsed.dt.tz_localize(None).astype("datetime64[ns]")
            bad = parsed.isna() & ~empty
        if bad.any():
            fmt_text = self.source.date_format or "ISO 8601 (YYYY-MM-DD)"
            self.report(
                bad,
                values,
                f"unparseable date in column '{column}'",
                f"Expected {fmt_text}; set 'sources.{self.source.name}.date_format' "
                "to the export's format (e.g. '%d/%m/%Y') or fix the cell",
            )
        if required and empty.any():
            self.report(
                empty,
                values,
                f"empty date in column '{column}'",
                "Every row needs a date; fill it in or filter the row out with 'where'",
            )
        return parsed

    def numbers(self, values: pd.Series, name: str, column: str) -> pd.Series:
        if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
            return values.astype("float64")
        text = _text(values)
        # "4,5" from a European export means 4.5; "1,234.5" keeps its thousands comma out
        comma = text.str.contains(",", regex=False) & ~text.str.contains(".", regex=False)
        text = text.where(~comma.fillna(False), text.str.replace(",", ".", regex=False))
        parsed = pd.to_numeric(text, errors="coerce").astype("float64")
        bad = parsed.isna() & text.notna()
        if bad.any():
            self.report(
                bad,
                values,
                f"'{column}' is not a number",
                f"Column '{column}' ({name}) must hold numbers; fix the cell or map another column",
            )
        return parsed


def _unknown_ids(
    frame: pd.DataFrame,
    field_name: str,
    known: set[str],
    what: str,
    source: SourceConfig,
    mapping: dict[str, str],
    check: _RowChecker,
) -> pd.Series:
    values = frame[field_name]
    unknown = values.notna() & ~values.isin(known)
    if unknown.any():
        names = sorted(values[unknown].astype(str).unique())
        shown = ", ".join(f"'{n}'" for n in names[:8]) + (" ..." if len(names) > 8 else "")
        check.problems.warn(
            f"{int(unknown.sum()):,} rows name a {what} that is not in the journey: {shown}; "
            "they are left out",
            file=source.shown_path,
            row=int(values[unknown].index[0]),
            value=str(values[unknown].iloc[0]),
            hint=f"Add the {what} to the journey, or map the value with "
            f"'sources.{source.name}.recode.{field_name}'",
        )
    return unknown


def _check_required_text(
    frame: pd.DataFrame,
    names: tuple[str, ...],
    source: SourceConfig,
    check: _RowChecker,
    mapping: dict[str, str],
) -> pd.Series:
    empty = pd.Series(False, index=frame.index)
    for name in names:
        blank = frame[name].isna()
        if blank.any():
            check.report(
                blank,
                frame[name],
                f"empty '{mapping.get(name, name)}' ({name})",
                "This field is required; fill it in or filter the row out with 'where'",
            )
        empty |= blank
    return empty


def _check_responses(
    frame: pd.DataFrame,
    source: SourceConfig,
    mapping: dict[str, str],
    journey: Journey | None,
    check: _RowChecker,
) -> pd.DataFrame:
    _check_required_text(frame, ("metric",), source, check, mapping)
    empty_score = frame["score"].isna()
    if journey is None:
        return frame
    survey = {m.id: m for m in journey.metrics if m.source == "responses"}
    unknown = _unknown_ids(frame, "metric", set(survey), "survey metric", source, mapping, check)
    frame = frame[~unknown]
    lows = {m.id: m.scale[0] for m in survey.values() if m.scale}
    highs = {m.id: m.scale[1] for m in survey.values() if m.scale}
    low = lookup(frame["metric"], lows)
    high = lookup(frame["metric"], highs)
    low = pd.to_numeric(low, errors="coerce")
    high = pd.to_numeric(high, errors="coerce")
    out_of_scale = frame["score"].notna() & ((frame["score"] < low) | (frame["score"] > high))
    if out_of_scale.any():
        column = mapping.get("score", "score")
        for metric_id in sorted(frame.loc[out_of_scale, "metric"].unique()):
            metric = survey[metric_id]
            bad = out_of_scale & (frame["metric"] == metric_id)
            lo, hi = metric.scale or (0, 10)
            check.report(
                bad,
                frame["score"],
                f"score out of scale for '{metric_id}' in column '{column}'",
                f"'{metric_id}' ({metric.aggregate}) is scored {lo:g} to {hi:g}; "
                "fix the export or the metric's 'scale' in the journey",
            )
    tp = lookup(frame["metric"], {m.id: m.touchpoint for m in survey.values()})
    frame = frame.assign(touchpoint=frame["touchpoint"].where(frame["touchpoint"].notna(), tp))
    return frame[~empty_score.reindex(frame.index, fill_value=False)]


def _check_observations(
    frame: pd.DataFrame,
    source: SourceConfig,
    mapping: dict[str, str],
    journey: Journey | None,
    check: _RowChecker,
) -> pd.DataFrame:
    _check_required_text(frame, ("metric",), source, check, mapping)
    empty = frame["value"].isna()
    if empty.any():
        check.report(
            empty,
            frame["value"],
            f"empty value in column '{mapping.get('value', 'value')}'",
            "Fill it in or leave the row out of the export",
            warning=True,
        )
    frame = frame[~empty]
    if journey is None:
        return frame
    known = {m.id for m in journey.metrics if m.source == "observations"}
    unknown = _unknown_ids(frame, "metric", known, "process/outcome metric", source, mapping, check)
    return frame[~unknown]


def _check_issues(
    frame: pd.DataFrame,
    source: SourceConfig,
    mapping: dict[str, str],
    journey: Journey | None,
    check: _RowChecker,
) -> pd.DataFrame:
    _check_required_text(frame, ("id", "touchpoint", "category"), source, check, mapping)
    before = frame["closed"].notna() & (frame["closed"] < frame["opened"])
    if before.any():
        check.report(
            before,
            frame["closed"].astype(str),
            "closed before it was opened",
            "Check the dates; the issue is counted as closed on its opening day",
            warning=True,
        )
        frame.loc[before, "closed"] = frame.loc[before, "opened"]
    duplicated = frame["id"].notna() & frame["id"].duplicated(keep="last")
    if duplicated.any():
        check.report(
            duplicated,
            frame["id"],
            "issue id appears more than once; the last row is used",
            "Export each issue once",
            warning=True,
        )
        frame = frame[~duplicated]
    if "closed" in mapping:
        is_open = frame["closed"].isna()
    else:
        status = frame["status"].fillna("").astype(str).str.strip().str.lower()
        is_open = ~status.isin(CLOSED_STATUSES)
    frame = frame.assign(is_open=is_open.astype(bool))
    if journey is None:
        return frame
    unknown = _unknown_ids(
        frame, "touchpoint", set(journey.touchpoint_by_id), "touchpoint", source, mapping, check
    )
    return frame[~unknown]


def _check_comments(
    frame: pd.DataFrame,
    source: SourceConfig,
    mapping: dict[str, str],
    journey: Journey | None,
    check: _RowChecker,
) -> pd.DataFrame:
    _check_required_text(frame, ("touchpoint",), source, check, mapping)
    frame = frame[frame["text"].notna()]
    if journey is None:
        return frame
    unknown = _unknown_ids(
        frame, "touchpoint", set(journey.touchpoint_by_id), "touchpoint", source, mapping, check
    )
    return frame[~unknown]

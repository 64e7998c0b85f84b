"""Phase 3: data sources — exports read as they are, columns mapped, every row checked.

One loader per file format behind one interface (:data:`LOADERS`); everything after
loading works on the same canonical columns whatever the export called them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..errors import Problems
from ..inputs.config import SOURCE_FIELDS, SiteConfig, SourceConfig
from ..inputs.journey import Journey
from ..inputs.schema import did_you_mean
from .customerdata import CUSTOMER_KINDS, check_customer_rows
from .frames import lookup
from .readers import LOADERS, FileProblem
from .rowchecks import RowChecker, text_cells

CLOSED_STATUSES = {"closed", "resolved", "done", "cancelled", "canceled", "completed"}


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


def load_data(
    config: SiteConfig,
    journey: Journey | None,
    problems: Problems,
    today: dt.date | None = None,
) -> Dataset:
    """Every source read and checked; ``today`` (default: the UTC date) ends the window."""
    today = today or dt.datetime.now(tz=dt.UTC).date()
    frames: dict[str, list[pd.DataFrame]] = {k: [] for k in CANONICAL}
    for source in config.sources:
        frame = load_source(source, journey, config, problems, today)
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
    source: SourceConfig,
    journey: Journey | None,
    config: SiteConfig,
    problems: Problems,
    today: dt.date,
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
        problems.add(str(exc), file=shown, line=exc.line)
        return None
    listed = _listing(header)
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
                hint=f"{did_you_mean(column, header) or listed + '.'} "
                f"Fix 'sources.{source.name}.columns.{name}' in {config.file}",
            )
        elif name in required and name not in source.defaults:
            problems.add(
                f"no column for required field '{name}'",
                file=shown,
                hint=f"Map it: 'sources.{source.name}.columns.{name}: <column>' in {config.file}. "
                f"{listed}",
            )
    missing_filters = [c for c in source.where if c not in header]
    for column in missing_filters:
        problems.add(
            f"column '{column}' used in 'where' is not in the file",
            file=shown,
            hint=did_you_mean(column, header) or listed,
        )
    if any(n not in mapping and n not in source.defaults for n in required) or missing_filters:
        return None
    wanted = sorted(set(mapping.values()) | set(source.where))
    try:
        raw = loader(source, wanted)
    except FileProblem as exc:
        problems.add(str(exc), file=shown, line=exc.line)
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
    if len(raw) == 0:
        problems.warn(
            f"'where' keeps none of the {len(rows):,} rows; the source adds nothing",
            file=config.file,
            line=source.where_line or source.line,
            value=", ".join(f"{k}: {v}" for k, v in source.where.items()),
            hint=f"Check the values in 'sources.{source.name}.where' against the file",
        )
        return None
    check = RowChecker(source, problems, config.dates, today)
    return _canonical(source, raw, mapping, journey, check)


def _listing(header: list[str], limit: int = 20) -> str:
    """The file's column names, shortened: enough to fix a mapping, not a content dump."""
    names = [n if len(n) <= 40 else n[:37] + "..." for n in header[:limit]]
    more = f" and {len(header) - limit} more" if len(header) > limit else ""
    return f"The file's columns are: {', '.join(names)}{more}"


def _canonical(
    source: SourceConfig,
    raw: pd.DataFrame,
    mapping: dict[str, str],
    journey: Journey | None,
    check: RowChecker,
) -> pd.DataFrame:
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
            text = text_cells(values)
            values = lookup(text, source.recode[name], keep=True)
        if typ == "date":
            required = name in SOURCE_FIELDS[source.kind][0]
            out[name] = check.dates(values, name, mapping.get(name, name), required)
        elif typ == "num":
            out[name] = check.numbers(values, name, mapping.get(name, name))
        else:
            out[name] = text_cells(values)
    if check.out_of_window.any():
        out = out[~check.out_of_window.reindex(out.index, fill_value=False)]
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


def _unknown_ids(
    frame: pd.DataFrame,
    field_name: str,
    known: set[str],
    what: str,
    source: SourceConfig,
    mapping: dict[str, str],
    check: RowChecker,
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
    check: RowChecker,
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
    check: RowChecker,
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
    check: RowChecker,
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
    check: RowChecker,
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
    check: RowChecker,
) -> pd.DataFrame:
    _check_required_text(frame, ("touchpoint",), source, check, mapping)
    frame = frame[frame["text"].notna()]
    if journey is None:
        return frame
    unknown = _unknown_ids(
        frame, "touchpoint", set(journey.touchpoint_by_id), "touchpoint", source, mapping, check
    )
    return frame[~unknown]

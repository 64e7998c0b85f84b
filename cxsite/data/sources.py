"""Phase 3: data sources — exports read as they are, columns mapped, every row checked.

One loader per file format behind one interface (:data:`LOADERS`); everything after
loading works on the same canonical columns whatever the export called them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from ..errors import Problems
from ..inputs.config import SOURCE_FIELDS, SiteConfig, SourceConfig
from ..inputs.journey import Journey
from ..inputs.schema import did_you_mean
from .customerdata import CUSTOMER_KINDS, check_customer_rows
from .engine import ConnectionFailed, Engine
from .frames import lookup
from .kindchecks import check_comments, check_issues, check_observations, check_responses
from .opening import open_source
from .readers import FileProblem
from .rowchecks import RowChecker, text_cells

if TYPE_CHECKING:
    import ibis.expr.types as ir


@dataclass
class Dataset:
    """All data, in canonical columns (:data:`CANONICAL`), one relation per kind.

    :meth:`table` is the kind's canonical relation in the engine (an Ibis table), which
    the aggregate queries run on. The frames are the same rows in pandas, for the code
    that still reads rows in Python (:meth:`to_pandas`).
    """

    observations: pd.DataFrame
    responses: pd.DataFrame
    issues: pd.DataFrame
    comments: pd.DataFrame
    files: dict[str, Path] = field(default_factory=dict)
    customers: pd.DataFrame = field(default_factory=lambda: empty_frame("customers"))
    contacts: pd.DataFrame = field(default_factory=lambda: empty_frame("contacts"))
    engine: Engine | None = field(default=None, repr=False, compare=False)
    # Each kind's table, registered on first use; a copy made with dataclasses.replace
    # starts with none, so it never sees the rows of the dataset it was made from.
    _tables: dict[str, ir.Table] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def to_pandas(self, kind: str) -> pd.DataFrame:
        """The kind's canonical rows as a pandas frame."""
        if kind not in CANONICAL:
            raise KeyError(f"no kind of data named {kind!r}")
        frame: pd.DataFrame = getattr(self, kind)
        return frame

    def rows(self, kind: str) -> int:
        """How many canonical rows the kind has (without fetching them)."""
        return len(self.to_pandas(kind))

    def table(self, kind: str) -> ir.Table:
        """The kind's canonical relation in the engine, as an Ibis table."""
        if kind not in self._tables:
            if self.engine is None:
                raise RuntimeError("this dataset was made without an engine")
            types = dict(CANONICAL[kind])
            # export_order: each row's place across the kind's sources, which a query
            # uses to break ties as a stable sort of the frame would (a period's "last")
            frame = self.to_pandas(kind)
            frame = frame.assign(export_order=range(len(frame)))
            self._tables[kind] = self.engine.register(kind, frame, types)
        return self._tables[kind]

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


# The field that names a row of a database table in messages (its rows have no numbers).
KEYS = {"issues": "id", "responses": "respondent", "customers": "customer", "contacts": "customer"}


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
    engine = Engine(config.root, config.engine, config.allow_outside)
    frames: dict[str, list[pd.DataFrame]] = {k: [] for k in CANONICAL}
    for source in config.sources:
        frame = load_source(source, journey, config, problems, today, engine)
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
        files={s.name: s.path for s in config.sources if s.path is not None},
        customers=combined["customers"],
        contacts=combined["contacts"],
        engine=engine,
    )


def load_source(
    source: SourceConfig,
    journey: Journey | None,
    config: SiteConfig,
    problems: Problems,
    today: dt.date,
    engine: Engine,
) -> pd.DataFrame | None:
    """Read one source into canonical columns; problems name the file and row."""
    shown = source.shown_path
    if source.path is not None and not source.path.exists():
        problems.add(
            f"data file not found (source '{source.name}')",
            file=shown,
            hint=f"Check 'sources.{source.name}.path' in {config.file} (line {source.line})",
        )
        return None
    # A file's problems name the file; a query's or a table's name the config line.
    where = shown if source.path is not None else config.file
    try:
        opened = open_source(source, config, engine)
    except FileProblem as exc:
        problems.add(str(exc), file=where, line=exc.line)
        return None
    except ConnectionFailed:  # reported with the first source on that connection
        return None
    header = opened.header
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
        raw = opened.read(wanted)
    except FileProblem as exc:
        problems.add(str(exc), file=where, line=exc.line)
        return None
    if len(raw) == 0:
        problems.add(
            opened.empty,
            file=where,
            line=opened.line,
            hint="Export it again, or remove this source from " + config.file,
        )
        return None
    first_row = opened.first_row
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
    key = KEYS.get(source.kind)
    if source.connection is not None and key in mapping:
        check.identify(text_cells(raw[mapping[key]]), mapping[key])
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
        out = check_responses(out, source, mapping, journey, check)
    elif source.kind == "observations":
        out = check_observations(out, source, mapping, journey, check)
    elif source.kind == "issues":
        out = check_issues(out, source, mapping, journey, check)
    elif source.kind in ("customers", "contacts"):
        out = check_customer_rows(out, source, mapping, check)
    else:
        out = check_comments(out, source, mapping, journey, check)
    out["row"] = out.index.astype("int64")
    return out.reset_index(drop=True)


def _missing(typ: str, index: pd.Index) -> pd.Series:
    if typ == "date":
        return pd.Series(pd.NaT, index=index, dtype="datetime64[ns]")
    if typ == "num":
        return pd.Series(float("nan"), index=index, dtype="float64")
    return pd.Series(None, index=index, dtype="object")

"""Phase 3: data sources — exports read as they are, columns mapped, every row checked.

One loader per file format behind one interface (:data:`LOADERS`); everything after
loading works on the same canonical columns whatever the export called them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..errors import Problems
from ..inputs.config import SOURCE_FIELDS, SiteConfig, SourceConfig
from ..inputs.journey import Journey
from ..inputs.schema import did_you_mean
from .canonical import ENGINE_TYPES, canonical_table
from .customerdata import CUSTOMER_KINDS
from .engine import ConnectionFailed, Engine, to_frame
from .rawread import ORDER, RawReader, fetch
from .readers import FileProblem

if TYPE_CHECKING:
    import ibis.expr.types as ir


@dataclass(frozen=True)
class Dataset:
    """All data, in canonical columns (:data:`CANONICAL`), one relation per kind, in the
    engine.

    :meth:`table` is the kind's relation as an Ibis table, which the aggregate queries run
    on; ``names`` are the relations in the embedded database. :meth:`to_pandas` fetches a
    kind's rows, for what still works on rows in Python.
    """

    engine: Engine
    names: dict[str, str]
    files: dict[str, Path] = field(default_factory=dict)
    # Counts and fetched frames, made on first use.
    _cache: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    @classmethod
    def from_frames(cls, engine: Engine, **frames: pd.DataFrame) -> Dataset:
        """A dataset of canonical frames (in tests); kinds not given are empty."""
        names = {}
        for kind in CANONICAL:
            frame = frames.get(kind, empty_frame(kind))
            missing = empty_frame(kind).drop(columns=list(frame.columns), errors="ignore")
            frame = pd.concat([frame, missing], axis=1).assign(export_order=range(len(frame)))
            if "row" not in frame.columns:
                frame = frame.assign(row=range(1, len(frame) + 1))
            names[kind] = engine.register(kind, frame, dict(CANONICAL[kind])).get_name()
        return cls(engine, names)

    def to_pandas(self, kind: str) -> pd.DataFrame:
        """The kind's canonical rows as a pandas frame, in the order of the sources."""
        if kind not in CANONICAL:
            raise KeyError(f"no kind of data named {kind!r}")
        key = f"frame:{kind}"
        if key not in self._cache:
            table = self.table(kind).order_by("export_order").drop("export_order")
            fetched = to_frame(table)
            if "is_open" in fetched.columns:  # fetched as 1 or 0, like any yes/no
                fetched["is_open"] = fetched["is_open"].astype(bool)
            self._cache[key] = fetched
        frame: pd.DataFrame = self._cache[key]
        return frame

    def rows(self, kind: str) -> int:
        """How many canonical rows the kind has (counted in the engine)."""
        key = f"rows:{kind}"
        if key not in self._cache:
            found = fetch(self.engine, f'SELECT count(*) FROM "{self.names[kind]}"')
            self._cache[key] = int(found[0][0])
        rows: int = self._cache[key]
        return rows

    def table(self, kind: str) -> ir.Table:
        """The kind's canonical relation in the engine, as an Ibis table.

        ``export_order`` is each row's place across the kind's sources, which a query uses
        to break ties as a stable sort would (a period's "last").
        """
        return self.engine.con.table(self.names[kind])

    def newest(
        self, kind: str, column: str, before: pd.Timestamp | None = None
    ) -> pd.Timestamp | None:
        """The latest date in a kind's column (before ``before``, if given)."""
        where = f' WHERE "{column}" < ?' if before is not None else ""
        params = [before.to_pydatetime()] if before is not None else []
        found = fetch(
            self.engine, f'SELECT max("{column}") FROM "{self.names[kind]}"{where}', *params
        )
        return None if found[0][0] is None else pd.Timestamp(found[0][0])

    def derive(self, **selects: str) -> Dataset:
        """A dataset whose given kinds are views defined by a SELECT over the kind's
        current relation (written ``{rows}`` in the query); the rest shared."""
        names = dict(self.names)
        for kind, select in selects.items():
            name = self.engine.fresh_name(f"{kind}_view")
            query = select.format(rows=f'"{self.names[kind]}"')
            self.engine.con.con.execute(f'CREATE VIEW "{name}" AS {query}')
            names[kind] = name
        return Dataset(self.engine, names, self.files)

    def as_of(self) -> pd.Timestamp | None:
        dates = [
            self.newest("observations", "date"),
            self.newest("responses", "date"),
            self.newest("issues", "opened"),
            self.newest("issues", "closed"),
            self.newest("comments", "date"),
        ]
        found = [d for d in dates if d is not None]
        return max(found) if found else None

    @property
    def observations(self) -> pd.DataFrame:
        return self.to_pandas("observations")

    @property
    def responses(self) -> pd.DataFrame:
        return self.to_pandas("responses")

    @property
    def issues(self) -> pd.DataFrame:
        return self.to_pandas("issues")

    @property
    def comments(self) -> pd.DataFrame:
        return self.to_pandas("comments")

    @property
    def customers(self) -> pd.DataFrame:
        return self.to_pandas("customers")

    @property
    def contacts(self) -> pd.DataFrame:
        return self.to_pandas("contacts")


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
    """Every source read and checked in the engine; ``today`` (default: the UTC date) ends
    the window of plausible dates."""
    today = today or dt.datetime.now(tz=dt.UTC).date()
    engine = Engine(config.root, config.engine, config.allow_outside)
    tables: dict[str, list[tuple[str, int]]] = {k: [] for k in CANONICAL}
    for source in config.sources:
        before = engine.relations()
        made = load_source(source, journey, config, problems, today, engine)
        if made is not None:
            tables[source.kind].append(made)
        # The raw rows and the steps between them and the canonical table are read by
        # nothing after this: dropped, they no longer hold memory (on the L company,
        # half of the engine's).
        kept = {("TABLE", made[0])} if made is not None else set()
        engine.drop(engine.relations() - before - kept)
        engine.compact()
    names = {kind: _union(engine, kind, parts) for kind, parts in tables.items()}
    files = {s.name: s.path for s in config.sources if s.path is not None}
    return Dataset(engine, names, files)


def _union(engine: Engine, kind: str, parts: list[tuple[str, int]]) -> str:
    """One relation of the kind's rows from all its sources, in source order."""
    columns = ", ".join(f'"{c}"' for c in (*CANONICAL[kind], "row"))
    if kind == "issues":
        columns += ", is_open"
    name = engine.fresh_name(kind)
    if not parts:
        typed = ", ".join(f'"{c}" {ENGINE_TYPES[t]}' for c, t in CANONICAL[kind].items())
        extra = ", is_open BOOLEAN" if kind == "issues" else ""
        engine.con.con.execute(
            f'CREATE TABLE "{name}" ({typed}, "row" BIGINT{extra}, export_order BIGINT)'
        )
        return name
    selects, offset = [], 0
    for table, _ in parts:
        selects.append(f'SELECT {columns}, ({offset} + "{ORDER}") AS export_order FROM "{table}"')
        offset += _span(engine, table) + 1
    engine.con.con.execute(f'CREATE VIEW "{name}" AS ' + " UNION ALL ".join(selects))
    return name


def _span(engine: Engine, table: str) -> int:
    found = fetch(engine, f'SELECT coalesce(max("{ORDER}"), 0) FROM "{table}"')
    return int(found[0][0])


def load_source(
    source: SourceConfig,
    journey: Journey | None,
    config: SiteConfig,
    problems: Problems,
    today: dt.date,
    engine: Engine,
) -> tuple[str, int] | None:
    """Read one source into a canonical table of the engine (its name and row count);
    problems name the file and row."""
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
        reader = RawReader(source, config, engine)
    except FileProblem as exc:
        problems.add(str(exc), file=where, line=exc.line)
        return None
    except ConnectionFailed:  # reported with the first source on that connection
        return None
    header = reader.header
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
        raw = reader.read(wanted)
    except FileProblem as exc:
        problems.add(str(exc), file=where, line=exc.line)
        return None
    if raw.rows == 0:
        problems.add(
            raw.empty,
            file=where,
            line=raw.line,
            hint="Export it again, or remove this source from " + config.file,
        )
        return None
    return canonical_table(
        source, raw, mapping, CANONICAL[source.kind], journey, problems, config.dates, today, engine
    )


def _listing(header: list[str], limit: int = 20) -> str:
    """The file's column names, shortened: enough to fix a mapping, not a content dump."""
    names = [n if len(n) <= 40 else n[:37] + "..." for n in header[:limit]]
    more = f" and {len(header) - limit} more" if len(header) > limit else ""
    return f"The file's columns are: {', '.join(names)}{more}"

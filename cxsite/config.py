"""Phase 1: the site config, ``cxsite.yml``, read into typed objects and checked."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from .errors import Problems
from .privacy import Privacy
from .privacy.settings import read_languages, read_privacy, valid_patterns
from .rhythmconfig import RHYTHM_KEYS, RhythmConfig, read_rhythm
from .schema import Reader, did_you_mean
from .yamlfile import LineDict, read_yaml

CONFIG_FILE = "cxsite.yml"
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
SOURCE_KINDS = ("observations", "responses", "issues", "comments", "customers", "contacts")
FORMATS = ("csv", "tsv", "parquet", "excel")
WALL_SCREENS = ("outcomes", "issues", "accountability", "moments")

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
class PeriodConfig:
    unit: str = "week"
    week_start: str = "monday"
    # Pins the reporting date (ISO date); None: the newest survey response or observation.
    as_of: str | None = None
    # Periods of history the site shows; None: two years (104 weeks or 24 months).
    history: int | None = None

    @property
    def history_periods(self) -> int:
        if self.history is not None:
            return self.history
        return 104 if self.unit == "week" else 24


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


@dataclass(frozen=True)
class WallConfig:
    screens: tuple[str, ...] = WALL_SCREENS
    rotate_seconds: float = 20.0
    poll_seconds: float = 60.0
    stale_after_periods: int = 2
    comments: int = 3


@dataclass(frozen=True)
class AnalyticsConfig:
    confidence: float = 0.95
    max_lag: int = 8
    fdr: bool = True
    redact_patterns: tuple[str, ...] = ()
    driver_outcome: str | None = None
    control_baseline: int = 26
    backlog_target: int = 0
    comment_window: int = 13
    comment_sample: int = 200
    # Survey headlines pool the last ``headline_window`` periods; with
    # ``headline_precision`` set, the fewest recent periods whose margin of error is at
    # most that much (see headline.py). A metric's own ``window``/``precision`` win.
    headline_window: int = 4
    headline_precision: float | None = None
    # Periods a target crossing must hold before the weekly pack reports it.
    sustained_periods: int = 3
    # A run this long on one side of the centre line starts a new control-chart phase.
    rephase_run: int = 12


@dataclass(frozen=True)
class SiteConfig:
    root: Path
    file: str
    title: str
    organisation: str
    theme: str = "default"
    base_url: str = ""
    period: PeriodConfig = PeriodConfig()
    min_n: int = 5
    near_band: float = 0.05
    journey: str = "content/journey.yml"
    content_dir: str = "content"
    comments_per_page: int = 8
    sources: tuple[SourceConfig, ...] = ()
    wall: WallConfig = WallConfig()
    analytics: AnalyticsConfig = AnalyticsConfig()
    rhythm: RhythmConfig = field(default_factory=RhythmConfig)
    privacy: Privacy = field(default_factory=Privacy)
    languages: tuple[str, ...] = ()


TOP_KEYS = (
    "title",
    "organisation",
    "theme",
    "base_url",
    "period",
    "min_n",
    "near_band",
    "journey",
    "content_dir",
    "comments_per_page",
    "sources",
    "wall",
    "analytics",
    *RHYTHM_KEYS,
    "privacy",
    "languages",
)
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


def load_config(project: Path, problems: Problems) -> SiteConfig | None:
    """Read ``PROJECT/cxsite.yml``; None when it is too broken to go on."""
    path = project / CONFIG_FILE
    if not path.exists():
        problems.add(
            f"no {CONFIG_FILE} in {project}",
            hint="Run 'cxsite init DIR' to start a project, or pass the project folder",
        )
        return None
    data, problem = read_yaml(path, CONFIG_FILE)
    if problem:
        problems.errors.append(problem)
        return None
    if not isinstance(data, LineDict):
        problems.add("the config must be a mapping of key: value", file=CONFIG_FILE, line=1)
        return None
    read = Reader(data, CONFIG_FILE, problems)
    read.check_keys(TOP_KEYS)
    period = _read_period(read)
    sources_map = read.mapping("sources")
    sources = _read_sources(project, sources_map, problems) if sources_map else ()
    base_url = read.text("base_url", "") or ""
    analytics = _read_analytics(read)
    return SiteConfig(
        root=project,
        file=CONFIG_FILE,
        title=read.text("title", "Customer room", required=True) or "Customer room",
        organisation=read.text("organisation", "", required=True) or "",
        theme=read.text("theme", "default") or "default",
        base_url=base_url.rstrip("/"),
        period=period,
        min_n=read.integer("min_n", 5, minimum=1) or 5,
        near_band=read.number("near_band", 0.05, minimum=0, maximum=1) or 0.0,
        journey=read.text("journey", "content/journey.yml") or "content/journey.yml",
        content_dir=read.text("content_dir", "content") or "content",
        comments_per_page=read.integer("comments_per_page", 8, minimum=0) or 0,
        sources=sources,
        wall=_read_wall(read),
        rhythm=read_rhythm(read),
        analytics=analytics,
        privacy=read_privacy(read, analytics.redact_patterns),
        languages=read_languages(read),
    )


def _read_period(read: Reader) -> PeriodConfig:
    data = read.mapping("period")
    if data is None:
        return PeriodConfig()
    sub = read.child("period", data)
    sub.check_keys(("unit", "week_start", "as_of", "history"))
    as_of = sub.text("as_of")
    if as_of is not None:
        try:
            as_of = dt.date.fromisoformat(as_of.strip()[:10]).isoformat()
        except ValueError:
            read.problems.add(
                "'period.as_of' must be a date",
                file=read.file,
                line=data.line_of("as_of"),
                value=as_of,
                hint="Write it as YYYY-MM-DD, e.g. 2026-03-16, or remove it",
            )
            as_of = None
    return PeriodConfig(
        unit=sub.choice("unit", ("week", "month"), "week") or "week",
        week_start=sub.choice("week_start", WEEKDAYS, "monday") or "monday",
        as_of=as_of,
        history=sub.integer("history", None, minimum=1),
    )


def _read_wall(read: Reader) -> WallConfig:
    data = read.mapping("wall")
    if data is None:
        return WallConfig()
    sub = read.child("wall", data)
    sub.check_keys(("screens", "rotate_seconds", "poll_seconds", "stale_after_periods", "comments"))
    screens = sub.sequence("screens")
    chosen: list[str] = []
    for item in screens or []:
        name = str(item).strip().lower()
        if name not in WALL_SCREENS:
            read.problems.add(
                f"unknown wall screen '{item}'",
                file=read.file,
                line=data.line_of("screens"),
                hint="Use some of: " + ", ".join(WALL_SCREENS),
            )
        else:
            chosen.append(name)
    default = WallConfig()
    return WallConfig(
        screens=tuple(chosen) if screens else default.screens,
        rotate_seconds=sub.number("rotate_seconds", default.rotate_seconds, minimum=0)
        or default.rotate_seconds,
        poll_seconds=sub.number("poll_seconds", default.poll_seconds, minimum=1)
        or default.poll_seconds,
        stale_after_periods=sub.integer("stale_after_periods", 2, minimum=1) or 2,
        comments=sub.integer("comments", 3, minimum=0) or 0,
    )


def _read_analytics(read: Reader) -> AnalyticsConfig:
    data = read.mapping("analytics")
    if data is None:
        return AnalyticsConfig()
    sub = read.child("analytics", data)
    sub.check_keys(
        (
            "confidence",
            "max_lag",
            "fdr",
            "redact_patterns",
            "driver_outcome",
            "control_baseline",
            "backlog_target",
            "comment_window",
            "comment_sample",
            "headline_window",
            "headline_precision",
            "sustained_periods",
            "rephase_run",
        )
    )
    patterns = valid_patterns(sub, "redact_patterns", sub.sequence("redact_patterns") or [])
    return AnalyticsConfig(
        confidence=sub.number("confidence", 0.95, minimum=0.5, maximum=0.999) or 0.95,
        max_lag=sub.integer("max_lag", 8, minimum=0) or 0,
        fdr=sub.boolean("fdr", True),
        redact_patterns=tuple(patterns),
        driver_outcome=sub.text("driver_outcome"),
        control_baseline=sub.integer("control_baseline", 26, minimum=0) or 0,
        backlog_target=sub.integer("backlog_target", 0, minimum=0) or 0,
        comment_window=sub.integer("comment_window", 13, minimum=0) or 0,
        comment_sample=sub.integer("comment_sample", 200, minimum=0) or 0,
        headline_window=sub.integer("headline_window", 4, minimum=1) or 4,
        headline_precision=sub.number("headline_precision", None, minimum=0),
        sustained_periods=sub.integer("sustained_periods", 3, minimum=1) or 3,
        rephase_run=sub.integer("rephase_run", 12, minimum=0) or 0,
    )


def _read_sources(project: Path, sources: LineDict, problems: Problems) -> tuple[SourceConfig, ...]:
    result = []
    for name, entry in sources.items():
        where = f"sources.{name}"
        if not isinstance(entry, LineDict):
            problems.add(
                f"'{where}' must be a mapping with kind, path and columns",
                file=CONFIG_FILE,
                line=sources.line_of(name),
            )
            continue
        read = Reader(entry, CONFIG_FILE, problems, where)
        read.check_keys(SOURCE_KEYS)
        kind = read.choice("kind", SOURCE_KINDS, required=True)
        shown = read.text("path", required=True)
        if kind is None or shown is None:
            continue
        fmt = read.choice("format", FORMATS)
        if fmt is None:
            fmt = _EXTENSIONS.get(Path(shown).suffix.lower())
            if fmt is None:
                problems.add(
                    f"cannot tell the format of '{shown}' from its extension",
                    file=CONFIG_FILE,
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
                    file=CONFIG_FILE,
                    line=_line(entry, "columns", key),
                    hint=hint,
                )
        recode_raw = read.mapping("recode") or LineDict()
        recode = {}
        for key, mapping in recode_raw.items():
            if not isinstance(mapping, dict):
                problems.add(
                    f"'{where}.recode.{key}' must map export values to cxsite values",
                    file=CONFIG_FILE,
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
        result.append(
            SourceConfig(
                name=str(name),
                kind=kind,
                path=(project / shown),
                shown_path=shown,
                format=fmt,
                columns=columns,
                date_format=read.text("date_format"),
                sheet=read.text("sheet"),
                encoding=read.text("encoding", "utf-8") or "utf-8",
                delimiter=delimiter,
                recode=recode,
                where=filters,
                defaults=_string_map(read, "defaults"),
                line=sources.line_of(name),
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

"""Phase 1: the site config, ``cxsite.yml``, read into typed objects and checked."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..data.connections import Connection, read_connections
from ..data.engineconfig import EngineSettings, read_engine
from ..data.sourceconfig import FORMATS as FORMATS
from ..data.sourceconfig import SOURCE_FIELDS as SOURCE_FIELDS
from ..data.sourceconfig import SOURCE_KINDS as SOURCE_KINDS
from ..data.sourceconfig import SourceConfig as SourceConfig
from ..data.sourceconfig import read_sources
from ..errors import Problems
from ..privacy import Privacy
from ..privacy.settings import read_languages, read_privacy, valid_patterns
from .paths import outside_problem, resolve_inside
from .rhythmconfig import RHYTHM_KEYS, RhythmConfig, read_rhythm
from .schema import Reader
from .segmentconfig import SegmentDimension, read_segments
from .yamlfile import LineDict, read_yaml

CONFIG_FILE = "cxsite.yml"
# Upper bounds that keep a typo from exhausting memory (a lag scan or a calendar of a
# billion periods) and dates inside what the date arithmetic can represent.
MAX_LAG = 104
MAX_PERIODS = 5200
AS_OF_RANGE = (dt.date(1900, 1, 1), dt.date(2200, 12, 31))
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WALL_SCREENS = ("outcomes", "issues", "accountability", "moments")


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
class DatesConfig:
    """The window of plausible dates; a row dated outside it is left out with a warning.

    ``earliest``: no row before this day. ``future_days``: how many days after the day of
    the build a date may lie (time zones, a feed a day ahead). ``max_gap_days``: a few
    rows separated from the rest of their column by a longer gap are typos (2200, 1900),
    not history; they would otherwise stretch every chart over empty periods.
    """

    earliest: dt.date = dt.date(2000, 1, 1)
    future_days: int = 1
    max_gap_days: int = 730


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
    driver_outcome_line: int | None = None
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
    theme_line: int | None = None
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
    dates: DatesConfig = DatesConfig()
    allow_outside: tuple[Path, ...] = ()
    segments: tuple[SegmentDimension, ...] = ()
    connections: tuple[Connection, ...] = ()
    engine: EngineSettings = field(default_factory=EngineSettings)


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
    "dates",
    "allow_outside",
    "segments",
    "connections",
    "engine",
)
PERIOD_KEYS = ("unit", "week_start", "as_of", "history")
WALL_KEYS = ("screens", "rotate_seconds", "poll_seconds", "stale_after_periods", "comments")
ANALYTICS_KEYS = (
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
    allow_outside = _allow_outside(read)
    connections = read_connections(project, read, allow_outside)
    section = data.get("connections")
    declared = tuple(str(k) for k in section) if isinstance(section, dict) else ()
    sources_map = read.mapping("sources")
    sources = (
        read_sources(
            project, sources_map, problems, CONFIG_FILE, allow_outside, connections, declared
        )
        if sources_map
        else ()
    )
    base_url = read.text("base_url", "") or ""
    analytics = _read_analytics(read)
    return SiteConfig(
        root=project,
        file=CONFIG_FILE,
        title=read.text("title", "Customer room", required=True) or "Customer room",
        organisation=read.text("organisation", "", required=True) or "",
        theme=read.text("theme", "default") or "default",
        theme_line=data.line_of("theme"),
        base_url=base_url.rstrip("/"),
        period=period,
        min_n=read.integer("min_n", 5, minimum=1) or 5,
        near_band=read.number("near_band", 0.05, minimum=0, maximum=1) or 0.0,
        journey=_inside(read, "journey", "content/journey.yml", project),
        content_dir=_inside(read, "content_dir", "content", project),
        comments_per_page=read.integer("comments_per_page", 8, minimum=0) or 0,
        sources=sources,
        wall=_read_wall(read),
        analytics=analytics,
        privacy=read_privacy(read, analytics.redact_patterns),
        languages=read_languages(read),
        rhythm=read_rhythm(read),
        dates=_read_dates(read),
        allow_outside=allow_outside,
        segments=read_segments(read, problems),
        connections=connections,
        engine=read_engine(read),
    )


def _inside(read: Reader, key: str, default: str, project: Path) -> str:
    """A project path setting (journey, content): outside the project it is refused."""
    shown = read.text(key, default) or default
    if not resolve_inside(project, shown)[1]:
        read.problems.errors.append(outside_problem(key, shown, read.file, read.data.line_of(key)))
        return default
    return shown


def _allow_outside(read: Reader) -> tuple[Path, ...]:
    folders = []
    for item in read.sequence("allow_outside") or []:
        path = Path(str(item)).expanduser()
        if not path.is_absolute():
            read.problems.add(
                "'allow_outside' lists absolute folder paths",
                file=read.file,
                line=read.data.line_of("allow_outside"),
                value=str(item),
                hint="e.g. allow_outside: [/srv/exports]; folders inside the project need no entry",
            )
            continue
        folders.append(path)
    return tuple(folders)


def _read_dates(read: Reader) -> DatesConfig:
    data = read.mapping("dates")
    if data is None:
        return DatesConfig()
    sub = read.child("dates", data)
    sub.check_keys(("earliest", "future_days", "max_gap_days"))
    default = DatesConfig()
    earliest = data.get("earliest", default.earliest)
    if isinstance(earliest, str):
        try:
            earliest = dt.date.fromisoformat(earliest.strip())
        except ValueError:
            earliest = None
    if isinstance(earliest, dt.datetime):
        earliest = earliest.date()
    if not isinstance(earliest, dt.date) or earliest.year < 1700:
        read.problems.add(
            "'dates.earliest' must be a date (YYYY-MM-DD) after 1700",
            file=read.file,
            line=data.line_of("earliest"),
            value=data.get("earliest"),
        )
        earliest = default.earliest
    future = sub.integer("future_days", default.future_days, minimum=0)
    gap = sub.integer("max_gap_days", default.max_gap_days, minimum=1)
    return DatesConfig(
        earliest=earliest,
        future_days=default.future_days if future is None else min(future, 36500),
        max_gap_days=gap or default.max_gap_days,
    )


def _read_period(read: Reader) -> PeriodConfig:
    data = read.mapping("period")
    if data is None:
        return PeriodConfig()
    sub = read.child("period", data)
    sub.check_keys(PERIOD_KEYS)
    as_of = sub.text("as_of")
    if as_of is not None:
        try:
            day = dt.date.fromisoformat(as_of.strip()[:10])
            if not AS_OF_RANGE[0] <= day <= AS_OF_RANGE[1]:
                raise ValueError(as_of)
            as_of = day.isoformat()
        except ValueError:
            read.problems.add(
                f"'period.as_of' must be a date from {AS_OF_RANGE[0]} to {AS_OF_RANGE[1]}",
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
        history=sub.integer("history", None, minimum=1, maximum=MAX_PERIODS),
    )


def _read_wall(read: Reader) -> WallConfig:
    data = read.mapping("wall")
    if data is None:
        return WallConfig()
    sub = read.child("wall", data)
    sub.check_keys(WALL_KEYS)
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
        rotate_seconds=sub.number(
            "rotate_seconds", default.rotate_seconds, minimum=0, maximum=86400
        )
        or default.rotate_seconds,
        poll_seconds=sub.number("poll_seconds", default.poll_seconds, minimum=1, maximum=86400)
        or default.poll_seconds,
        stale_after_periods=sub.integer("stale_after_periods", 2, minimum=1) or 2,
        comments=sub.integer("comments", 3, minimum=0) or 0,
    )


def _read_analytics(read: Reader) -> AnalyticsConfig:
    data = read.mapping("analytics")
    if data is None:
        return AnalyticsConfig()
    sub = read.child("analytics", data)
    sub.check_keys(ANALYTICS_KEYS)
    patterns = valid_patterns(sub, "redact_patterns", sub.sequence("redact_patterns") or [])
    return AnalyticsConfig(
        confidence=sub.number("confidence", 0.95, minimum=0.5, maximum=0.999) or 0.95,
        max_lag=sub.integer("max_lag", 8, minimum=0, maximum=MAX_LAG) or 0,
        fdr=sub.boolean("fdr", True),
        redact_patterns=tuple(patterns),
        driver_outcome=sub.text("driver_outcome"),
        driver_outcome_line=data.line_of("driver_outcome"),
        control_baseline=sub.integer("control_baseline", 26, minimum=0) or 0,
        backlog_target=sub.integer("backlog_target", 0, minimum=0) or 0,
        comment_window=sub.integer("comment_window", 13, minimum=0) or 0,
        comment_sample=sub.integer("comment_sample", 200, minimum=0) or 0,
        headline_window=sub.integer("headline_window", 4, minimum=1) or 4,
        headline_precision=sub.number("headline_precision", None, minimum=0),
        sustained_periods=sub.integer("sustained_periods", 3, minimum=1) or 3,
        rephase_run=sub.integer("rephase_run", 12, minimum=0) or 0,
    )

"""The keys of ``cxsite.yml``: top level, ``period``, ``wall``, ``analytics``, sources."""

from __future__ import annotations

from ..config import (
    FORMATS,
    SOURCE_KINDS,
    WALL_SCREENS,
    WEEKDAYS,
    AnalyticsConfig,
    PeriodConfig,
    SiteConfig,
    WallConfig,
)
from .keys import TEXT_MAP, Key, Section, defaults_of

CONFIG: list[Key] = [
    Key("title", "string", "site title, shown on every page", required=True),
    Key("organisation", "string", "company name", required=True),
    Key(
        "theme",
        "string",
        "a built-in theme name or a folder of templates; `templates/` in the project beats both",
        shown="name or path",
    ),
    Key(
        "base_url",
        "string",
        "public address of the site (in `build.json`, and `sitemap.xml` is written for it); "
        "pages link relatively, so the site also works from a share or `file://`",
        shown="URL",
    ),
    Key("period", "object", "the reporting period (below)", shown="mapping"),
    Key("min_n", "integer", "fewest responses before a survey score is shown", minimum=1),
    Key(
        "near_band",
        "number",
        "a value within this fraction of its target (on the wrong side) is *near* target",
        shown="fraction",
        minimum=0,
        maximum=1,
    ),
    Key("journey", "string", "the journey definition", shown="path"),
    Key("content_dir", "string", "folder of Markdown content", shown="path"),
    Key("comments_per_page", "integer", "comments shown per stage/touchpoint page", minimum=0),
    Key(
        "sources",
        "object",
        "named data sources: each maps an export's columns onto cxsite's fields (see Data sources)",
        shown="mapping",
        default={},
    ),
    Key("wall", "object", "wall mode (below, and docs/wall.md)", shown="mapping"),
    Key("analytics", "object", "statistics settings (below)", shown="mapping"),
    Key(
        "alerts",
        "object",
        "alert rules after each build: `sustained_periods`, `issue_age_days` (a number, or "
        "per category with `default`), `backlog_window`, `backlog_min`",
        shown="mapping",
        values={},
    ),
    Key(
        "digest",
        "object",
        "the digest e-mail: `smtp` (`host`, `port`, `starttls`, `username`, `password_env`, "
        "`timeout`), `sender`, `subject`, `leadership`, `owners`",
        shown="mapping",
        values={},
    ),
    Key(
        "scorecards",
        "object",
        "owner scorecards: `period` (quarter or year), `weights` (owner → metric → weight)",
        shown="mapping",
        values={},
    ),
    Key(
        "customers",
        "object",
        "customers as an asset: `retention_days` (≥ 28, default 365), `nps_metric`, "
        "`currency`, `value_name`",
        shown="mapping",
        values={},
    ),
    Key(
        "privacy",
        "object",
        "personal data removed from every free text: `region` (ISO 3166 code of the country "
        "whose phone numbers customers write without a country code, default `GB`), "
        "`countries` (further countries whose phone formats and national identifiers are "
        "removed), `patterns` (extra regexes, e.g. policy numbers; one that backtracks "
        "catastrophically is rejected), `pattern_timeout` (seconds per text, default 0.25; "
        "past it the whole text is withheld)",
        shown="mapping",
        values={},
    ),
    Key(
        "languages",
        "array",
        "the languages customers write in (ISO 639-1, default: all); comments without a "
        "language column are identified among these only, e.g. `[en, cy, pl]`",
        shown="list of codes",
        items="string",
    ),
    Key(
        "dates",
        "object",
        "the window of plausible dates, rows outside it are left out with a warning: "
        "`earliest` (default 2000-01-01), `future_days` after the build day (default 1), "
        "`max_gap_days` (a few rows this far from the rest of their column are typos; "
        "default 730)",
        shown="mapping",
        values={},
    ),
    Key(
        "connections",
        "object",
        "databases by name, each an Ibis URL (`duckdb:///warehouse.duckdb`, "
        "`postgresql://user@host/db`) or a mapping with `url` and `options` (Spark: "
        "`{url: 'spark://', master: 'local[2]', conf: {...}}`); `${VAR}` is read from the "
        "environment, so passwords stay out of the config (see Data sources)",
        shown="mapping",
        default={},
        values={},
    ),
    Key(
        "engine",
        "object",
        "the embedded query engine: `memory_limit` (default 2GB; past it work spills to "
        "a temporary folder), `threads` (default: one per core)",
        shown="mapping",
        values={},
    ),
    Key(
        "allow_outside",
        "array",
        "absolute folders outside the project that sources may read from, e.g. `[/srv/exports]`",
        shown="list of paths",
        items="string",
    ),
    Key(
        "segments",
        "object",
        "customer segments (product, region, ...): per dimension a `label` and `values` "
        "(id → label, or `{label, match}`); every survey and process metric per segment "
        "behind a switch on stage and touchpoint pages (see Segments)",
        shown="mapping",
        default={},
        values={
            "type": "object",
            "properties": {
                "label": TEXT_MAP,
                "values": {
                    "type": "object",
                    "additionalProperties": {
                        "oneOf": [
                            TEXT_MAP,
                            {
                                "type": "object",
                                "properties": {
                                    "label": TEXT_MAP,
                                    "match": {"type": "array", "items": TEXT_MAP},
                                },
                                "additionalProperties": False,
                            },
                        ]
                    },
                },
            },
            "required": ["values"],
            "additionalProperties": False,
        },
    ),
]
PERIOD: list[Key] = [
    Key("unit", "string", "reporting period", enum=("week", "month")),
    Key("week_start", "string", "first day of a reporting week", enum=WEEKDAYS),
    Key(
        "as_of",
        "string",
        "pins the reporting date, `YYYY-MM-DD` (default: the newest survey response or "
        "observation); the latest period is the one holding it, and rows after it are left out",
        shown="date",
    ),
    Key(
        "history",
        "integer",
        "periods the site shows (default: 104 weeks / 24 months); older rows do not stretch "
        "the charts' time axes",
        minimum=1,
    ),
]
WALL: list[Key] = [
    Key("screens", "array", "screens shown, in order", items="string", enum=WALL_SCREENS),
    Key("rotate_seconds", "number", "seconds per screen (0: stay on one)", minimum=0),
    Key("poll_seconds", "number", "how often the wall checks for a new build", minimum=1),
    Key(
        "stale_after_periods",
        "integer",
        "periods without new data before a stale-data banner shows",
        minimum=1,
    ),
    Key("comments", "integer", "customer comments per moment-of-truth screen", minimum=0),
]
ANALYTICS: list[Key] = [
    Key(
        "confidence",
        "number",
        "confidence level of intervals and change tests",
        minimum=0.5,
        maximum=0.999,
    ),
    Key(
        "max_lag",
        "integer",
        "lags (periods) tried when relating a survey score to its process metric",
        minimum=0,
    ),
    Key(
        "fdr",
        "boolean",
        "control the false discovery rate (Benjamini–Hochberg) across the survey scores "
        "tested each period",
    ),
    Key(
        "redact_patterns",
        "array",
        "same as `privacy.patterns` (kept for older configs)",
        shown="list of regexes",
        items="string",
    ),
    Key(
        "driver_outcome",
        "string",
        "outcome metric explained by key driver analysis (default: the first NPS outcome)",
        shown="metric id",
    ),
    Key(
        "control_baseline",
        "integer",
        "periods used to set control-chart limits (0: all)",
        minimum=0,
    ),
    Key(
        "backlog_target",
        "integer",
        "open-issue backlog the burn-down projection aims at",
        minimum=0,
    ),
    Key(
        "comment_window",
        "integer",
        "periods of comments mined for themes and mood (0: all history)",
        minimum=0,
    ),
    Key(
        "comment_sample",
        "integer",
        "at most this many of each touchpoint's newest comments in the window are mined (0: all)",
        minimum=0,
    ),
    Key(
        "headline_window",
        "integer",
        "survey headlines pool the answers of the last N periods; the change compares them "
        "with the N before; a metric's own `window` wins",
        minimum=1,
    ),
    Key(
        "headline_precision",
        "number",
        "when set, a survey headline pools the fewest recent periods (up to 13) whose margin "
        "of error is at most this; a metric's own `precision` wins",
        minimum=0,
    ),
    Key(
        "sustained_periods",
        "integer",
        "periods a target crossing must hold before the weekly pack reports it",
        minimum=1,
    ),
    Key(
        "rephase_run",
        "integer",
        "a run this long on one side of the centre line starts a new control-chart phase",
        minimum=1,
    ),
]
SOURCE: list[Key] = [
    Key("kind", "string", "what the rows are", enum=SOURCE_KINDS, required=True),
    Key(
        "path",
        "string",
        "the export, relative to the project (a source gives one of `path`, `query`, `table`)",
        shown="path",
    ),
    Key(
        "query",
        "string",
        "SQL instead of a file: DuckDB SQL over the project's files (names relative to the "
        "project, e.g. `FROM 'data/orders.csv' o JOIN 'data/reviews.csv' r USING (order_id)`), "
        "or with `connection`, SQL in that database; one SELECT, which only reads",
        shown="SQL",
    ),
    Key("connection", "string", "the database of a `table` or `query`", shown="connection name"),
    Key("table", "string", "with `connection`: the table (`schema.table`) to read"),
    Key("format", "string", "file format (default: from the extension)", enum=FORMATS),
    Key(
        "decimal",
        "string",
        "the decimal mark of the numbers, `.` or `,` (default: from the column's unambiguous "
        "values; a `1,234` nothing decides is an error asking for this setting)",
        enum=(".", ","),
    ),
    Key(
        "thousands",
        "string",
        "the mark grouping thousands: `,`, `.`, a space, `'` or `none`",
        enum=(",", ".", " ", "'", "none"),
    ),
    Key(
        "columns",
        "object",
        "cxsite field → column in the file (a field left out is looked for under its own name)",
        shown="mapping",
        values=TEXT_MAP,
    ),
    Key("date_format", "string", "strftime format of the dates (default: ISO dates)"),
    Key("sheet", "string", "Excel only: the sheet (default: the first)"),
    Key("encoding", "string", "CSV only: the file's encoding", default="utf-8"),
    Key("delimiter", "string", "CSV only: the field separator (default: detected)"),
    Key(
        "recode",
        "object",
        "per cxsite field, export value → cxsite value",
        shown="mapping",
        values={"type": "object", "additionalProperties": TEXT_MAP},
    ),
    Key(
        "where",
        "object",
        "row filter: file column → accepted value or list of values",
        shown="mapping",
        values={},
    ),
    Key(
        "defaults",
        "object",
        "a constant for a field the file lacks, e.g. `touchpoint: social-care`",
        shown="mapping",
        values={},
    ),
]

CONFIG_SECTIONS: list[Section] = [
    ("top level", "", CONFIG, defaults_of(SiteConfig)),
    ("`period`", "period", PERIOD, defaults_of(PeriodConfig)),
    ("`wall`", "wall", WALL, defaults_of(WallConfig)),
    ("`analytics`", "analytics", ANALYTICS, defaults_of(AnalyticsConfig)),
    ("each entry of `sources`", "sources.*", SOURCE, {}),
]

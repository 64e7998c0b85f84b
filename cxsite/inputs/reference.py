"""The reference of ``cxsite.yml`` and the journey, as data: one entry per key.

From it come the JSON Schemas that ``cxsite init`` writes (editors validate and complete
the two files with them) and the README's reference tables. Defaults are read from the
typed config's dataclasses, so a default changed there changes the reference too, and
``tests/test_reference.py`` checks that every key the readers accept is here, and that
the README holds exactly the tables generated from this file.

A new key: add it to the reader (``config.py`` / ``journey.py``) and a ``Key`` here, then
run ``python -m cxsite.inputs.reference README.md`` to regenerate the README's tables.
"""

from __future__ import annotations

import json
import sys
from dataclasses import MISSING, dataclass, fields, is_dataclass
from pathlib import Path
from typing import Any

from ..data.sourceconfig import SOURCE_KEYS
from .config import (
    ANALYTICS_KEYS,
    FORMATS,
    PERIOD_KEYS,
    SOURCE_KINDS,
    TOP_KEYS,
    WALL_KEYS,
    WALL_SCREENS,
    WEEKDAYS,
    AnalyticsConfig,
    PeriodConfig,
    SiteConfig,
    WallConfig,
)
from .journey import AGGREGATES, DIRECTIONS, KINDS, METRIC_KEYS, STAGE_KEYS, TOUCHPOINT_KEYS

SCHEMA_DIR = "schemas"
SCHEMA_FILES = {"cxsite": "cxsite.schema.json", "journey": "journey.schema.json"}
Json = dict[str, Any]


@dataclass(frozen=True)
class Key:
    """One key: its JSON type, what a reader sees in the table, and its constraints."""

    name: str
    kind: str  # string | integer | number | boolean | array | object
    meaning: str
    shown: str = ""  # the type as the table shows it; derived from ``kind`` when empty
    default: Any = None  # None: no default, or read from the dataclass
    required: bool = False
    enum: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    items: str | None = None  # element JSON type of an array
    values: Json | None = None  # schema of each value of an object keyed by any name


def _defaults(section: Any) -> dict[str, Any]:
    """Field defaults of a typed-config dataclass, as the YAML would spell them."""
    found: dict[str, Any] = {}
    for item in fields(section):
        if item.default is not MISSING:
            value = item.default
        elif item.default_factory is not MISSING:
            value = item.default_factory()
        else:
            continue
        if is_dataclass(value):
            continue  # a nested section: its keys have their own table
        found[item.name] = list(value) if isinstance(value, tuple) else value
    return found


TEXT_MAP: Json = {"type": "string"}

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
        "public address of the site (in `build.json`); pages link relatively, so the site "
        "also works from a share or `file://`",
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
    Key("path", "string", "the export, relative to the project", shown="path", required=True),
    Key("format", "string", "file format (default: from the extension)", enum=FORMATS),
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
STAGE: list[Key] = [
    Key("id", "string", "`[a-z0-9-]+`, used in URLs: `stages/<id>/`", required=True),
    Key("name", "string", "the stage's name", required=True),
    Key("goal", "string", "what the customer wants here, in their words", required=True),
    Key(
        "flow_metric",
        "string",
        "observation metric counting customers entering this stage",
        shown="metric id",
    ),
    Key("description", "string", "a sentence shown under the stage's title on its page"),
    Key("next", "string", "the stage customers go on to from this one", shown="stage id"),
    Key(
        "moved_on",
        "string",
        'metric counting customers who went on to `next`; only then is "moved on / dropped '
        'out" shown',
        shown="metric id",
    ),
]
TOUCHPOINT: list[Key] = [
    Key("id", "string", "`[a-z0-9-]+`, used in URLs: `touchpoints/<id>/`", required=True),
    Key("stage", "string", "the stage it belongs to", shown="stage id", required=True),
    Key("name", "string", "the touchpoint's name", required=True),
    Key("channel", "string", "free text: web, app, phone, branch, email, letter, agent…"),
    Key(
        "owner",
        "string",
        "the accountable owner, e.g. `Priya Shah, Head of Digital Sales`",
        required=True,
    ),
    Key(
        "moment_of_truth",
        "integer",
        "priority rank of a moment of truth (1 = most important)",
        shown="rank",
        minimum=1,
    ),
    Key("description", "string", "what happens here"),
    Key(
        "headline",
        "string",
        "the metric on the journey map tile (default: its first survey metric)",
        shown="metric id",
    ),
]
METRIC: list[Key] = [
    Key(
        "id",
        "string",
        "`[a-z0-9-]+`, as the data's `metric` column (or its recode) spells it",
        required=True,
    ),
    Key("name", "string", "the metric's name", required=True),
    Key(
        "touchpoint",
        "string",
        "the touchpoint it measures; omit for journey-wide outcomes",
        shown="touchpoint id",
    ),
    Key(
        "kind",
        "string",
        "process (internal), survey (customer), outcome (journey-wide)",
        enum=KINDS,
        required=True,
    ),
    Key("unit", "string", "shown after the value: %, s, min, days, pts…"),
    Key("direction", "string", "which way is better", enum=DIRECTIONS, default="higher"),
    Key("target", "number", "the target value"),
    Key(
        "aggregate",
        "string",
        "how a period's rows become one value (see below)",
        enum=AGGREGATES,
        default="mean",
    ),
    Key(
        "source",
        "string",
        "default: responses for survey metrics and nps/csat/ces/rate",
        enum=("responses", "observations"),
    ),
    Key(
        "scale",
        "array",
        "survey scale `[low, high]` (nps is always 0–10)",
        shown="[low, high]",
        items="number",
    ),
    Key(
        "maps_to", "string", "on a survey metric: the process metric it follows", shown="metric id"
    ),
    Key(
        "near",
        "number",
        "this metric's own *near* band, in its unit (default: `near_band` of the target)",
        minimum=0,
    ),
    Key("decimals", "integer", "decimal places shown (default: by unit and size)", minimum=0),
    Key("description", "string", "what the metric measures, for readers"),
    Key(
        "window",
        "integer",
        "survey metrics: headline periods pooled (default `analytics.headline_window`)",
        minimum=1,
    ),
    Key(
        "precision",
        "number",
        "survey metrics: pool the fewest recent periods whose margin of error is at most this",
        minimum=0,
    ),
    Key(
        "behaviour",
        "object",
        "count the metric from customer events instead of a column: `events` (issues or "
        "contacts), `count`, `within_days`, `measure` (share or count), `touchpoints`",
        shown="mapping",
        values={},
    ),
]

# Sections of each file: (title, path in the YAML, keys, defaults from the typed config).
CONFIG_SECTIONS: list[tuple[str, str, list[Key], dict[str, Any]]] = [
    ("top level", "", CONFIG, _defaults(SiteConfig)),
    ("`period`", "period", PERIOD, _defaults(PeriodConfig)),
    ("`wall`", "wall", WALL, _defaults(WallConfig)),
    ("`analytics`", "analytics", ANALYTICS, _defaults(AnalyticsConfig)),
    ("each entry of `sources`", "sources.*", SOURCE, {}),
]
JOURNEY_SECTIONS: list[tuple[str, str, list[Key], dict[str, Any]]] = [
    ("each of `stages`", "stages[]", STAGE, {}),
    ("each of `touchpoints`", "touchpoints[]", TOUCHPOINT, {}),
    ("each of `metrics`", "metrics[]", METRIC, {}),
]
# The keys each reader accepts, for the drift test.
ACCEPTED = {
    "": TOP_KEYS,
    "period": PERIOD_KEYS,
    "wall": WALL_KEYS,
    "analytics": ANALYTICS_KEYS,
    "sources.*": SOURCE_KEYS,
    "stages[]": STAGE_KEYS,
    "touchpoints[]": TOUCHPOINT_KEYS,
    "metrics[]": METRIC_KEYS,
}


def _default(key: Key, defaults: dict[str, Any]) -> Any:
    return key.default if key.default is not None else defaults.get(key.name)


def _property(key: Key, defaults: dict[str, Any]) -> Json:
    schema: Json = {"type": key.kind, "description": key.meaning.replace("`", "")}
    if key.enum and key.kind == "string":
        schema["enum"] = list(key.enum)
    if key.kind == "array":
        schema["items"] = {"type": key.items or "string"}
        if key.enum:
            schema["items"]["enum"] = list(key.enum)
    if key.values is not None:
        schema["additionalProperties"] = key.values
    if key.minimum is not None:
        schema["minimum"] = key.minimum
    if key.maximum is not None:
        schema["maximum"] = key.maximum
    default = _default(key, defaults)
    if default is not None and not isinstance(default, dict):
        schema["default"] = default
    if key.kind == "integer" and key.name == "moment_of_truth":
        schema["type"] = ["integer", "null"]
    return schema


def _object(keys: list[Key], defaults: dict[str, Any], **extra: Any) -> Json:
    schema: Json = {
        "type": "object",
        "properties": {k.name: _property(k, defaults) for k in keys},
        "additionalProperties": False,
    }
    required = [k.name for k in keys if k.required]
    if required:
        schema["required"] = required
    return schema | extra


def config_schema() -> Json:
    top, period, wall, analytics, source = (s for _, _, s, _ in CONFIG_SECTIONS)
    defaults = {path: d for _, path, _, d in CONFIG_SECTIONS}
    schema = _object(top, defaults[""])
    props = schema["properties"]
    props["period"] |= _object(period, defaults["period"])
    props["wall"] |= _object(wall, defaults["wall"])
    props["analytics"] |= _object(analytics, defaults["analytics"])
    props["sources"]["additionalProperties"] = _object(source, {})
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "cxsite.yml — cxsite site config",
    } | schema


def journey_schema() -> Json:
    stage, touchpoint, metric = (s for _, _, s, _ in JOURNEY_SECTIONS)

    def listed(keys: list[Key]) -> Json:
        return {"type": "array", "items": _object(keys, {})}

    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "journey.yml — cxsite journey definition",
        "type": "object",
        "properties": {
            "stages": listed(stage) | {"description": "in the order the customer lives them"},
            "touchpoints": listed(touchpoint),
            "metrics": listed(metric),
        },
        "required": ["stages", "touchpoints", "metrics"],
        "additionalProperties": False,
    }


def schema_line(which: str, up: str) -> str:
    """The comment that points the YAML language server at the file's schema."""
    return f"# yaml-language-server: $schema={up}{SCHEMA_DIR}/{SCHEMA_FILES[which]}"


def write_schemas(folder: Path) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    for which, schema in (("cxsite", config_schema()), ("journey", journey_schema())):
        text = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
        (folder / SCHEMA_FILES[which]).write_text(text, encoding="utf-8")
    return [f"{folder.name}/{name}" for name in SCHEMA_FILES.values()]


# ------------------------------------------------------------------ README tables

BEGIN = "<!-- reference:{name} (generated by python -m cxsite.inputs.reference README.md) -->"
END = "<!-- /reference:{name} -->"


def _shown_type(key: Key) -> str:
    if key.shown:
        return key.shown
    if key.enum:
        return " \\| ".join(f"`{v}`" for v in key.enum) if len(key.enum) <= 4 else "one of below"
    return {
        "string": "text",
        "integer": "integer",
        "number": "number",
        "boolean": "true/false",
    }.get(key.kind, key.kind)


def _shown_default(key: Key, defaults: dict[str, Any]) -> str:
    if key.required:
        return "**required**"
    value = _default(key, defaults)
    if value is None:
        return ""
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return (
        f"`{json.dumps(value, ensure_ascii=False)}`" if not isinstance(value, str) else f"`{value}`"
    )


def _table(sections: list[tuple[str, str, list[Key], dict[str, Any]]]) -> str:
    lines = ["| key | type | default | meaning |", "|---|---|---|---|"]
    for _, path, keys, defaults in sections:
        prefix = path.replace("[]", "[].").replace(".*", ".NAME.") if path else ""
        if prefix and not prefix.endswith("."):
            prefix += "."
        for key in keys:
            meaning = key.meaning
            if key.enum and len(key.enum) > 4:
                meaning += ": " + ", ".join(f"`{v}`" for v in key.enum)
            lines.append(
                f"| `{prefix}{key.name}` | {_shown_type(key)} | "
                f"{_shown_default(key, defaults)} | {meaning} |"
            )
    return "\n".join(lines)


def readme_blocks() -> dict[str, str]:
    return {"cxsite.yml": _table(CONFIG_SECTIONS), "journey.yml": _table(JOURNEY_SECTIONS)}


def replace_blocks(readme: str) -> str:
    """The README with each generated block replaced by its current text."""
    for name, table in readme_blocks().items():
        begin, end = BEGIN.format(name=name), END.format(name=name)
        head, found, rest = readme.partition(begin)
        if not found:
            raise ValueError(f"the README has no '{begin}' marker")
        _, found_end, tail = rest.partition(end)
        if not found_end:
            raise ValueError(f"the README has no '{end}' marker")
        readme = f"{head}{begin}\n{table}\n{end}{tail}"
    return readme


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m cxsite.inputs.reference README.md", file=sys.stderr)
        return 2
    path = Path(argv[0])
    path.write_text(replace_blocks(path.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"Updated the reference tables in {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

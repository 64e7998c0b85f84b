"""The keys of the journey: each stage, touchpoint and metric."""

from __future__ import annotations

from ..journey import AGGREGATES, DIRECTIONS, KINDS
from .keys import Key, Section

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

JOURNEY_SECTIONS: list[Section] = [
    ("each of `stages`", "stages[]", STAGE, {}),
    ("each of `touchpoints`", "touchpoints[]", TOUCHPOINT, {}),
    ("each of `metrics`", "metrics[]", METRIC, {}),
]

"""Phase 2: the journey definition — stages, touchpoints and metrics — read and checked."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import Problems
from ..model.behaviour import BehaviourRule, read_behaviour
from .journey_checks import check_references
from .schema import Reader
from .yamlfile import LineDict, read_yaml

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
KINDS = ("process", "survey", "outcome")
DIRECTIONS = ("higher", "lower")
RESPONSE_AGGREGATES = ("nps", "csat", "ces", "rate")
OBSERVATION_AGGREGATES = ("sum", "median", "last", "min", "max")
AGGREGATES = (*RESPONSE_AGGREGATES, "mean", *OBSERVATION_AGGREGATES)
DEFAULT_SCALES: dict[str, tuple[float, float]] = {
    "nps": (0, 10),
    "csat": (1, 5),
    "ces": (1, 7),
    "rate": (0, 1),
}


@dataclass(frozen=True)
class Stage:
    id: str
    name: str
    goal: str
    order: int
    flow_metric: str | None = None
    description: str = ""
    # The stage customers go on to from this one, and the metric counting those who did
    # (a transition metric, or the next stage's own flow metric when every customer
    # entering it comes from this stage): only then is "moved on / dropped out" shown.
    next: str | None = None
    moved_on: str | None = None


@dataclass(frozen=True)
class Touchpoint:
    id: str
    stage: str
    name: str
    channel: str
    owner: str
    moment_of_truth: int | None
    description: str
    headline: str | None
    order: int


@dataclass(frozen=True)
class Metric:
    id: str
    name: str
    kind: str
    touchpoint: str | None
    unit: str
    direction: str
    target: float | None
    aggregate: str
    source: str
    scale: tuple[float, float] | None
    maps_to: str | None
    near: float | None
    decimals: int | None
    order: int
    # Survey headlines: periods pooled, or the margin of error to reach (headline.py).
    window: int | None = None
    precision: float | None = None
    behaviour: BehaviourRule | None = None

    @property
    def higher_is_better(self) -> bool:
        return self.direction == "higher"


@dataclass(frozen=True)
class Journey:
    file: str
    stages: tuple[Stage, ...]
    touchpoints: tuple[Touchpoint, ...]
    metrics: tuple[Metric, ...]
    stage_by_id: dict[str, Stage] = field(default_factory=dict)
    touchpoint_by_id: dict[str, Touchpoint] = field(default_factory=dict)
    metric_by_id: dict[str, Metric] = field(default_factory=dict)

    def touchpoints_of(self, stage_id: str) -> list[Touchpoint]:
        return [t for t in self.touchpoints if t.stage == stage_id]

    def metrics_of(self, touchpoint_id: str) -> list[Metric]:
        return [m for m in self.metrics if m.touchpoint == touchpoint_id]

    def headline_of(self, touchpoint: Touchpoint) -> Metric | None:
        if touchpoint.headline:
            return self.metric_by_id.get(touchpoint.headline)
        own = self.metrics_of(touchpoint.id)
        surveys = [m for m in own if m.kind == "survey"]
        chosen = surveys or own
        return chosen[0] if chosen else None


STAGE_KEYS = ("id", "name", "goal", "flow_metric", "description", "next", "moved_on")
TOUCHPOINT_KEYS = (
    "id",
    "stage",
    "name",
    "channel",
    "owner",
    "moment_of_truth",
    "description",
    "headline",
)
METRIC_KEYS = (
    "id",
    "name",
    "touchpoint",
    "kind",
    "unit",
    "direction",
    "target",
    "aggregate",
    "source",
    "scale",
    "maps_to",
    "near",
    "decimals",
    "description",
    "behaviour",
    "window",
    "precision",
)


def load_journey(project: Path, shown: str, problems: Problems) -> Journey | None:
    data, problem = read_yaml(project / shown, shown)
    if problem:
        problems.errors.append(problem)
        return None
    if not isinstance(data, LineDict):
        problems.add(
            "the journey must be a mapping with stages, touchpoints and metrics",
            file=shown,
            line=1,
        )
        return None
    top = Reader(data, shown, problems)
    top.check_keys(("stages", "touchpoints", "metrics"))
    stages = [
        s
        for i, item in enumerate(_items(top, "stages"))
        if (s := _stage(Reader(item, shown, problems, f"stages[{i}]"), i))
    ]
    touchpoints = [
        t
        for i, item in enumerate(_items(top, "touchpoints"))
        if (t := _touchpoint(Reader(item, shown, problems, f"touchpoints[{i}]"), i))
    ]
    metrics = [
        m
        for i, item in enumerate(_items(top, "metrics"))
        if (m := _metric(Reader(item, shown, problems, f"metrics[{i}]"), i))
    ]
    journey = Journey(
        file=shown,
        stages=tuple(stages),
        touchpoints=tuple(touchpoints),
        metrics=tuple(metrics),
        stage_by_id={s.id: s for s in stages},
        touchpoint_by_id={t.id: t for t in touchpoints},
        metric_by_id={m.id: m for m in metrics},
    )
    check_references(journey, data, problems)
    return journey


def _items(top: Reader, key: str) -> list[LineDict]:
    items = top.sequence(key, required=True) or []
    good = []
    for item in items:
        if isinstance(item, LineDict):
            good.append(item)
        else:
            top.problems.add(
                f"each entry of '{key}' must be a mapping",
                file=top.file,
                line=top.data.line_of(key),
                value=item,
            )
    return good


def _ident(read: Reader) -> str | None:
    value = read.text("id", required=True)
    if value is not None and not ID_PATTERN.match(value):
        read.problems.add(
            f"'{read.what}.id' may only use lower-case letters, digits and '-'",
            file=read.file,
            line=read.data.line_of("id"),
            value=value,
            hint="It becomes part of a URL; e.g. 'quote-web'",
        )
        return None
    return value


def _stage(read: Reader, order: int) -> Stage | None:
    read.check_keys(STAGE_KEYS)
    ident = _ident(read)
    name = read.text("name", required=True)
    goal = read.text("goal", required=True)
    if ident is None or name is None or goal is None:
        return None
    return Stage(
        id=ident,
        name=name,
        goal=goal,
        order=order,
        flow_metric=read.text("flow_metric"),
        description=read.text("description", "") or "",
        next=read.text("next"),
        moved_on=read.text("moved_on"),
    )


def _touchpoint(read: Reader, order: int) -> Touchpoint | None:
    read.check_keys(TOUCHPOINT_KEYS)
    ident = _ident(read)
    stage = read.text("stage", required=True)
    name = read.text("name", required=True)
    owner = read.text("owner", required=True)
    rank = read.integer("moment_of_truth", None, minimum=1)
    if ident is None or stage is None or name is None or owner is None:
        return None
    return Touchpoint(
        id=ident,
        stage=stage,
        name=name,
        channel=read.text("channel", "") or "",
        owner=owner,
        moment_of_truth=rank,
        description=read.text("description", "") or "",
        headline=read.text("headline"),
        order=order,
    )


def _metric(read: Reader, order: int) -> Metric | None:
    read.check_keys(METRIC_KEYS)
    ident = _ident(read)
    name = read.text("name", required=True)
    kind = read.choice("kind", KINDS, required=True)
    direction = read.choice("direction", DIRECTIONS, "higher")
    aggregate = read.choice("aggregate", AGGREGATES, "mean") or "mean"
    touchpoint = read.text("touchpoint")
    target = read.number("target")
    near = read.number("near", minimum=0)
    decimals = read.integer("decimals", None, minimum=0, maximum=10)
    scale = _scale(read, aggregate)
    default_source = (
        "responses" if kind == "survey" or aggregate in RESPONSE_AGGREGATES else "observations"
    )
    source = read.choice("source", ("responses", "observations"), default_source)
    behaviour = read_behaviour(read)
    if behaviour is not None:
        source = "observations"  # counted from customer events, shown like a process metric
    if ident is None or name is None or kind is None:
        return None
    if kind in ("process", "survey") and touchpoint is None:
        read.problems.add(
            f"missing required field '{read.what}.touchpoint'",
            file=read.file,
            line=read.data.line,
            hint=f"A {kind} metric belongs to a touchpoint; only outcome metrics may omit it",
        )
    if source == "observations" and aggregate in RESPONSE_AGGREGATES:
        read.problems.add(
            f"aggregate '{aggregate}' needs survey responses, not observations",
            file=read.file,
            line=read.data.line_of("aggregate"),
            hint="Use source: responses, or an aggregate such as mean or sum",
        )
    if source == "responses" and aggregate in OBSERVATION_AGGREGATES:
        read.problems.add(
            f"aggregate '{aggregate}' is for observations, not survey responses",
            file=read.file,
            line=read.data.line_of("aggregate"),
            hint="Use nps, csat, ces, mean or rate",
        )
    return Metric(
        id=ident,
        name=name,
        kind=kind,
        touchpoint=touchpoint,
        unit=read.text("unit", "") or "",
        direction=direction or "higher",
        target=target,
        aggregate=aggregate,
        source=source or default_source,
        scale=scale if source == "responses" else None,
        maps_to=read.text("maps_to"),
        near=near,
        decimals=decimals,
        order=order,
        behaviour=behaviour,
        window=read.integer("window", None, minimum=1),
        precision=read.number("precision", None, minimum=0),
    )


def _scale(read: Reader, aggregate: str) -> tuple[float, float] | None:
    default = DEFAULT_SCALES.get(aggregate, (0, 10))
    value: Any = read.data.get("scale")
    if value is None:
        return default
    if aggregate == "nps" and value != [0, 10]:
        read.problems.add(
            "an NPS metric is always on a 0-10 scale",
            file=read.file,
            line=read.data.line_of("scale"),
            value=value,
            hint="Remove 'scale' or set it to [0, 10]",
        )
        return default
    ok = (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value)
        and all(math.isfinite(v) for v in value)
        and value[0] < value[1]
    )
    if not ok:
        read.problems.add(
            f"'{read.what}.scale' must be [lowest, highest]",
            file=read.file,
            line=read.data.line_of("scale"),
            value=value,
            hint="e.g. scale: [1, 5]",
        )
        return default
    return (float(value[0]), float(value[1]))

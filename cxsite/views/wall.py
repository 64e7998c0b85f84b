"""Wall mode: the screens shown on the customer room's monitors, from the site model.

The wall is a view of the same computed model the browsable pages show — nothing is
recomputed from raw data here. This module picks and shapes what each screen needs
(``wall_model``); ``cxsite.figures.wall`` draws its charts.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from typing import Any

from ..inputs.config import SiteConfig
from ..privacy import Privacy, redact
from ..privacy.redactor import DEFAULT
from .touchpoint import MetricPair, TouchpointView
from .wall_customers import cost_card, customer_card

Json = dict[str, Any]

TREND_PERIODS = 26  # half a year of weeks: long enough to see a trend, short enough to read
ISSUE_PERIODS = 26
MAX_OUTCOMES = 4
TOP_CATEGORIES = 6
OLDEST_ISSUES = 5
MOMENT_ISSUES = 3
MOMENT_OTHERS = 3  # further measures of a moment shown in one row under the headline pair
ACCOUNTABILITY_ROWS = 9  # rows one 16:9 screen holds at wall type sizes
COMMENT_CHARS = 140  # longest comment shown whole in large type on a third of the width
FEW_PERIODS = 6  # up to this many periods a date axis labels each one
PERIOD_DAYS = {"week": 7, "month": 31}

_NUMBER = re.compile(r"^([+\-−]?[\d][\d,.]*)\s*(.*)$")


# --------------------------------------------------------------------------- model


def wall_model(config: SiteConfig, model: Json, moments: Sequence[TouchpointView]) -> Json:
    """Which screens to show, in which order, what each holds and how the wall runs.

    ``moments`` are the touchpoints that are moments of truth, by rank."""
    builders: dict[str, Callable[[SiteConfig, Json, Sequence[TouchpointView]], list[Json]]] = {
        "outcomes": _outcome_screens,
        "issues": _issue_screens,
        "accountability": _accountability_screens,
        "moments": _moment_screens,
    }
    screens: list[Json] = []
    for name in config.wall.screens:
        screens += builders[name](config, model, moments)
    site = model["site"]
    unit = config.period.unit
    return {
        "screens": screens,
        "rotate_seconds": config.wall.rotate_seconds,
        "poll_seconds": config.wall.poll_seconds,
        "stale_after_periods": config.wall.stale_after_periods,
        "comments": config.wall.comments,
        "period_unit": unit,
        "period_days": PERIOD_DAYS.get(unit, 7),
        "period_label": (site["period"]["latest"] or {}).get("label"),
        "trend_label": f"last {_plural(TREND_PERIODS, unit)}",
        "headline_label": "survey scores over the last "
        f"{_plural(config.analytics.headline_window, unit)}, change vs the ones before",
        "as_of_display": date_display(site["data_as_of"]),
        "built_display": _built_display(site["built_at"]),
        "client": _client(config, site, screens),
    }


def _client(config: SiteConfig, site: Json, screens: list[Json]) -> Json:
    """Everything wall.js needs, put in the page as JSON."""
    return {
        "screens": [{"id": s["id"], "kind": s["kind"], "title": s["title"]} for s in screens],
        "rotate_seconds": config.wall.rotate_seconds,
        "poll_seconds": config.wall.poll_seconds,
        "stale_after_periods": config.wall.stale_after_periods,
        "period_unit": config.period.unit,
        "period_days": PERIOD_DAYS.get(config.period.unit, 7),
        "data_as_of": site["data_as_of"],
        "build_id": site["build_id"],
        "built_at": site["built_at"],
        # the wall can be pinned to a segment: ?segment=ID opens that segment's wall
        "segments": [v["id"] for d in site.get("segments", []) for v in d["values"]],
        "segment": "",
        "wall_root": "",
    }


def _outcome_screens(
    config: SiteConfig, model: Json, _moments: Sequence[TouchpointView]
) -> list[Json]:
    outcomes = model["outcomes"]
    flow = [s for s in model["flow"] if s["value"] is not None]
    flow_notes = [s["note"] for s in flow if s["note"]]
    if not outcomes and not flow:
        return []
    unit = config.period.unit
    cards = [
        _metric_card(m, unit, f"wall-outcomes-{m['id']}", model["metrics"][m["id"]]["series"])
        for m in outcomes[:MAX_OUTCOMES]
    ]
    return [
        {
            "kind": "outcomes",
            "id": "outcomes",
            "title": "Outcomes",
            "cards": cards,
            "more": max(0, len(outcomes) - MAX_OUTCOMES),
            "customers": customer_card(model),
            "flow": flow,
            "flow_notes": flow_notes,
            "flow_chart": "wall-outcomes-flow" if flow else None,
            "charts": [_trend_chart(c) for c in cards if c["chart_id"]]
            + ([{"id": "wall-outcomes-flow", "figure": "flow"}] if flow else []),
        }
    ]


def _issue_screens(
    config: SiteConfig, model: Json, _moments: Sequence[TouchpointView]
) -> list[Json]:
    issues = model["issues"]
    if not issues["total"]:
        return []
    unit = config.period.unit
    latest = issues["latest"] or {}
    charts = []
    if issues["periods"]:
        charts += [
            {"id": "wall-issues-flow", "figure": "issue-flow"},
            {"id": "wall-issues-backlog", "figure": "backlog"},
        ]
    categories = [c for c in issues["by_category"] if c["open"]][:TOP_CATEGORIES]
    if categories:
        charts.append({"id": "wall-issues-categories", "figure": "categories"})
    return [
        {
            "kind": "issues",
            "id": "issues",
            "title": "Customer issues",
            "open_count": issues["open_count"],
            "opened_latest": latest.get("opened"),
            "closed_latest": latest.get("closed"),
            "backlog": backlog_pace(issues.get("analytics", {}).get("projection"), unit),
            "categories": categories,
            "oldest": [_issue(i) for i in issues["open"][:OLDEST_ISSUES]],
            "cost": cost_card(model),
            "charts": charts,
        }
    ]


def _accountability_screens(
    config: SiteConfig, model: Json, moments: Sequence[TouchpointView]
) -> list[Json]:
    rows = [_accountability_row(t, model, config.period.unit) for t in moments]
    pages = [rows[i : i + ACCOUNTABILITY_ROWS] for i in range(0, len(rows), ACCOUNTABILITY_ROWS)]
    screens = []
    for number, chunk in enumerate(pages, start=1):
        suffix = f" ({number}/{len(pages)})" if len(pages) > 1 else ""
        screens.append(
            {
                "kind": "accountability",
                "id": "accountability" if number == 1 else f"accountability-{number}",
                "title": f"Moments of truth{suffix}",
                "rows": chunk,
                "charts": [],
            }
        )
    return screens


def _accountability_row(tp: TouchpointView, model: Json, unit: str) -> Json:
    headline = model["metrics"][tp.headline["id"]] if tp.headline else None
    card = _metric_card(headline, unit, None, headline["series"]) if headline else None
    name, role = owner_parts(tp.owner)
    return {
        "touchpoint": tp.id,
        "rank": tp.moment_of_truth,
        "name": tp.name,
        "stage": tp.stage.name,
        "owner_name": name,
        "owner_role": role,
        "metric": card,
        "open_issues": tp.issues.open_count,
    }


def _moment_screens(
    config: SiteConfig, model: Json, moments: Sequence[TouchpointView]
) -> list[Json]:
    return [_moment_screen(t, model, config) for t in moments]


def _moment_screen(tp: TouchpointView, model: Json, config: SiteConfig) -> Json:
    unit = config.period.unit
    metrics = model["metrics"]
    pairs = tp.pairs
    headline_id = tp.headline["id"] if tp.headline else None
    first = next((p for p in pairs if headline_id in (p.survey, p.process)), None)
    first = first or (pairs[0] if pairs else MetricPair(None, None))
    head: Json = {}
    for side in ("survey", "process"):
        chosen = getattr(first, side)
        summary = metrics.get(chosen or "")
        chart = f"wall-moment-{tp.id}-{chosen}"
        head[side] = _metric_card(summary, unit, chart, summary["series"]) if summary else None
    others = _other_cards(pairs, first, metrics, unit)
    name, role = owner_parts(tp.owner)
    return {
        "kind": "moment",
        "id": f"moment-{tp.id}",
        "touchpoint": tp.id,
        "title": tp.name,
        "rank": tp.moment_of_truth,
        "stage": tp.stage.name,
        "owner_name": name,
        "owner_role": role,
        "head": head,
        "others": others[:MOMENT_OTHERS],
        "more_others": max(0, len(others) - MOMENT_OTHERS),
        "open_issues": tp.issues.open_count,
        "issues": [_issue(i) for i in tp.issues.open[:MOMENT_ISSUES]],
        "comments": pick_comments(list(tp.comments), config.wall.comments, config.privacy),
        "charts": [_trend_chart(c) for c in head.values() if c and c["chart_id"]],
    }


def _other_cards(
    pairs: Sequence[MetricPair], first: MetricPair, metrics: Json, unit: str
) -> list[Json]:
    """The touchpoint's other measures, survey beside the process metric it maps to.

    A process metric several survey questions map to is shown once.
    """
    shown = {first.survey, first.process}
    cards = []
    for pair in pairs:
        for side in ("survey", "process"):
            metric_id = getattr(pair, side)
            if metric_id in shown or metric_id not in metrics:
                continue
            shown.add(metric_id)
            summary = metrics[metric_id]
            cards.append(_metric_card(summary, unit, None, summary["series"]) | {"side": side})
    return cards


def _metric_card(summary: Json, unit: str, chart_id: str | None, series: list[Json]) -> Json:
    """What a screen shows of one metric: value, target, status, change and trend."""
    latest = summary["latest"]
    number, suffix, is_number = _headline_value(latest)
    recent = series[-TREND_PERIODS:]
    has_trend = sum(p["value"] is not None for p in recent) >= 2
    change = summary["change"]
    tone = {True: "better", False: "worse"}.get(summary["change_better"], "same")
    arrow = "▲" if change and change > 0 else ("▼" if change and change < 0 else "")
    verdict = None
    test = summary.get("change_test")
    if "change_test" in summary:
        # Survey scores: only a significant change gets an arrow (same rule as the pages).
        significant = bool(test and test.get("significant"))
        verdict = None if significant else "not significant"
        if not significant:
            arrow, tone = "", "same"
    interval = summary.get("interval")
    return {
        "id": summary["id"],
        "name": summary["name"],
        "kind": summary["kind"],
        "number": number,
        "suffix": suffix,
        "is_number": is_number,
        "status": latest["status"],
        # the wall's pills are small: the long label is said in two words there
        "status_label": "Within margin" if latest["status"] == "margin" else latest["status_label"],
        "target_display": summary["target_display"],
        "has_target": summary["target"] is not None,
        "change_display": summary["change_display"],
        "change_arrow": arrow,
        "change_tone": tone,
        "change_known": change is not None,
        "verdict": verdict,
        "margin": interval["display"] if interval and not latest["too_few"] else None,
        "since": f"vs prior {_plural(summary['window']['periods'], unit)}"
        if "window" in summary
        else f"vs last {unit}",
        "caption": latest.get("caption"),
        "chart_id": chart_id if has_trend else None,
        "spark": sparkline([p["value"] for p in recent], summary["target"]),
    }


def _headline_value(latest: Json) -> tuple[str, str, bool]:
    """The big value; the status pill beside it already says "too few" or "no data"."""
    if latest["too_few"]:
        return f"n = {latest['n']}", "", False
    if latest["value"] is None:
        return "–", "", True
    return split_display(latest["display"])


def _trend_chart(card: Json) -> Json:
    return {"id": card["chart_id"], "figure": "trend", "metric": card["id"]}


def _issue(item: Json) -> Json:
    name, _ = owner_parts(item["owner"])
    return {
        "id": item["id"],
        "touchpoint": item["touchpoint_name"],
        "category": item["category"],
        "age_days": item["age_days"],
        "owner": name or "Unassigned",
        "action": item["action"],
    }


# ------------------------------------------------------------------- small helpers


def owner_parts(owner: str) -> tuple[str, str]:
    """'Claire Dawson, Head of Claims' -> ('Claire Dawson', 'Head of Claims')."""
    name, _, role = (owner or "").partition(",")
    return name.strip(), role.strip()


def split_display(display: str) -> tuple[str, str, bool]:
    """A display value as big number and small unit: '11.2 days' -> ('11.2', 'days')."""
    found = _NUMBER.match(display or "")
    if not found:
        return display, "", False
    return found.group(1), found.group(2), True


def backlog_pace(projection: Json | None, unit: str) -> Json:
    """The issues page's burn-down numbers in wall words: the same least-squares net
    closing rate and the same projection, never a second computation."""
    if not projection or projection.get("slope") is None:
        status = (projection or {}).get("status")
        text = "at or below its target" if status == "at target" else "not enough history yet"
        return {"direction": "flat", "text": text, "detail": None, "clears": None}
    slope = float(projection["slope"])
    window = int(projection["window"])
    direction = "down" if slope < 0 else ("up" if slope > 0 else "flat")
    rate = f"{abs(slope):,.1f}"
    if float(rate.replace(",", "")) == 0:
        text = f"no change over the last {_plural(window, unit)}"
    else:
        text = f"{direction} {rate} a {unit} over the last {_plural(window, unit)}"
    clears = None
    if projection.get("short"):
        clears = f"at this net closing rate: {projection['short']}"
    return {
        "direction": direction,
        "text": text,
        "detail": f"{int(projection['current']):,} open now",
        "clears": clears,
    }


def pick_comments(comments: list[Json], count: int, privacy: Privacy = DEFAULT) -> list[Json]:
    """The newest ``count`` comments that read whole in large type, personal data removed.

    Longer ones are only used, shortened at a word, when too few short ones exist. A wall
    hangs where anyone walking past reads it, so personal data is removed here whatever
    the rest of the site does.
    """
    cleaned = [dict(c, text=redact(" ".join(str(c["text"]).split()), privacy)) for c in comments]
    short = [c for c in cleaned if len(c["text"]) <= COMMENT_CHARS]
    chosen = short[:count]
    for extra in cleaned:
        if len(chosen) >= count:
            break
        if len(extra["text"]) > COMMENT_CHARS:
            chosen.append(dict(extra, text=shorten(extra["text"], COMMENT_CHARS)))
    chosen.sort(key=lambda c: c["date"], reverse=True)
    return [
        {
            "text": c["text"],
            "date": date_display(c["date"], year=False),
            "score": c["score_display"],
            "language": c["language"] if c["language"] not in (None, "", "en", "unknown") else None,
            "source": c["source"],
        }
        for c in chosen
    ]


def shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.-–— ")
    return cut + "…"


def sparkline(values: list[float | None], target: float | None) -> Json | None:
    """Polyline points for a small inline SVG trend in a 0-100 × 0-40 box."""
    known = [v for v in values if v is not None]
    if len(known) < 2:
        return None
    low = min([*known, target] if target is not None else known)
    high = max([*known, target] if target is not None else known)
    spread = (high - low) or 1.0

    def y(value: float) -> float:
        return round(36 - 32 * (value - low) / spread, 2)

    step = 100 / max(1, len(values) - 1)
    segments: list[str] = []
    current: list[str] = []
    last: tuple[float, float] | None = None
    for index, value in enumerate(values):
        if value is None:
            if current:
                segments.append(" ".join(current))
            current = []
            continue
        last = (round(index * step, 2), y(value))
        current.append(f"{last[0]},{last[1]}")
    if current:
        segments.append(" ".join(current))
    return {
        "segments": [s if " " in s else f"{s} {s}" for s in segments],
        "target_y": y(target) if target is not None else None,
        "last": list(last) if last else None,
    }


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def date_display(day: str | None, year: bool = True) -> str:
    if not day:
        return "–"
    parsed = dt.date.fromisoformat(day[:10])
    return f"{parsed.day} {parsed.strftime('%b')}" + (f" {parsed.year}" if year else "")


def _built_display(built_at: str) -> str:
    moment = dt.datetime.fromisoformat(built_at.replace("Z", "+00:00"))
    return f"{date_display(built_at[:10])}, {moment.strftime('%H:%M')} UTC"

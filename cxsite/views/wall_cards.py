"""The wall's cards: a metric, an issue, a comment or the backlog's pace as a screen
shows them, in wall type (numbers split from their units, sparklines, short texts)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from ..model.issue_types import IssueProjection, OpenIssue
from ..model.metric import MetricSummary, Snapshot
from ..model.serialise import OMIT_NONE
from ..model.series import SeriesPoint
from ..privacy import Privacy, redact
from ..privacy.redactor import DEFAULT
from ..voice.results import VoiceComment
from .wall_client import WallChart

TREND_PERIODS = 26  # half a year of weeks: long enough to see a trend, short enough to read
COMMENT_CHARS = 140  # longest comment shown whole in large type on a third of the width

_NUMBER = re.compile(r"^([+\-−]?[\d][\d,.]*)\s*(.*)$")


@dataclass(frozen=True)
class Sparkline:
    """Polyline points of a small inline SVG trend in a 0-100 × 0-40 box."""

    segments: tuple[str, ...]  # one polyline per run of known values
    target_y: float | None
    last: tuple[float, float] | None  # where the latest value's dot goes


@dataclass(frozen=True)
class WallMetricCard:
    """One metric as a wall screen shows it (wall.html and the wall's data file)."""

    id: str
    name: str
    kind: str
    number: str
    suffix: str
    is_number: bool
    status: str
    status_label: str
    target_display: str | None
    has_target: bool
    change_display: str | None
    change_arrow: str
    change_tone: str  # better / worse / same
    change_known: bool
    verdict: str | None
    margin: str | None
    since: str
    caption: str | None
    chart_id: str | None  # None: too few values for a trend chart
    spark: Sparkline | None
    # survey / process: set only on a moment's further measures, absent elsewhere
    side: str | None = field(default=None, metadata=OMIT_NONE)


@dataclass(frozen=True)
class IssueCard:
    id: str
    touchpoint: str
    category: str
    age_days: int | None  # None when the data has no date to count from
    owner: str
    action: str


@dataclass(frozen=True)
class BacklogPace:
    direction: str  # down / up / flat
    text: str
    detail: str | None
    clears: str | None


@dataclass(frozen=True)
class WallComment:
    text: str
    date: str
    score: str | None
    language: str | None  # None for English or an unknown language
    source: str


def metric_card(
    summary: MetricSummary,
    unit: str,
    chart_id: str | None,
    series: Sequence[SeriesPoint],
    side: str | None = None,
) -> WallMetricCard:
    """What a screen shows of one metric: value, target, status, change and trend."""
    latest = summary.latest
    number, suffix, is_number = _headline_value(latest)
    recent = series[-TREND_PERIODS:]
    has_trend = sum(p.value is not None for p in recent) >= 2
    change = summary.change
    better = summary.change_better
    tone = "same" if better is None else ("better" if better else "worse")
    arrow = "▲" if change and change > 0 else ("▼" if change and change < 0 else "")
    verdict = None
    test = summary.change_test
    if summary.change_verdict is not None:
        # Survey scores: only a significant change gets an arrow (same rule as the pages).
        significant = bool(test and test.significant)
        verdict = None if significant else "not significant"
        if not significant:
            arrow, tone = "", "same"
    interval = summary.interval
    return WallMetricCard(
        id=summary.id,
        name=summary.name,
        kind=summary.kind,
        number=number,
        suffix=suffix,
        is_number=is_number,
        status=latest.status,
        # the wall's pills are small: the long label is said in two words there
        status_label="Within margin" if latest.status == "margin" else latest.status_label,
        target_display=summary.target_display,
        has_target=summary.target is not None,
        change_display=summary.change_display,
        change_arrow=arrow,
        change_tone=tone,
        change_known=change is not None,
        verdict=verdict,
        margin=interval.display if interval and not latest.too_few else None,
        since=f"vs prior {plural(summary.window.periods, unit)}"
        if summary.window is not None
        else f"vs last {unit}",
        caption=latest.caption,
        chart_id=chart_id if has_trend else None,
        spark=sparkline([p.value for p in recent], summary.target),
        side=side,
    )


def _headline_value(latest: Snapshot) -> tuple[str, str, bool]:
    """The big value; the status pill beside it already says "too few" or "no data"."""
    if latest.too_few:
        return f"n = {latest.n}", "", False
    if latest.value is None:
        return "–", "", True
    return split_display(latest.display)


def trend_chart(card: WallMetricCard) -> WallChart:
    return WallChart(id=card.chart_id or "", figure="trend", metric=card.id)


def issue_card(item: OpenIssue) -> IssueCard:
    name, _ = owner_parts(item.owner)
    return IssueCard(
        id=item.id,
        touchpoint=item.touchpoint_name,
        category=item.category,
        age_days=item.age_days,
        owner=name or "Unassigned",
        action=item.action,
    )


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


def backlog_pace(projection: IssueProjection | None, unit: str) -> BacklogPace:
    """The issues page's burn-down numbers in wall words: the same least-squares net
    closing rate and the same projection, never a second computation."""
    if projection is None or projection.slope is None:
        status = projection.status if projection else None
        text = "at or below its target" if status == "at target" else "not enough history yet"
        return BacklogPace(direction="flat", text=text, detail=None, clears=None)
    slope = float(projection.slope)
    window = int(projection.window)
    direction = "down" if slope < 0 else ("up" if slope > 0 else "flat")
    rate = f"{abs(slope):,.1f}"
    if float(rate.replace(",", "")) == 0:
        text = f"no change over the last {plural(window, unit)}"
    else:
        text = f"{direction} {rate} a {unit} over the last {plural(window, unit)}"
    clears = None
    if projection.short:
        clears = f"at this net closing rate: {projection.short}"
    return BacklogPace(
        direction=direction,
        text=text,
        # a projection with a slope was drawn from a known latest backlog
        detail=f"{int(projection.current or 0):,} open now",
        clears=clears,
    )


def pick_comments(
    comments: Sequence[VoiceComment], count: int, privacy: Privacy = DEFAULT
) -> list[WallComment]:
    """The newest ``count`` comments that read whole in large type, personal data removed.

    Longer ones are only used, shortened at a word, when too few short ones exist. A wall
    hangs where anyone walking past reads it, so personal data is removed here whatever
    the rest of the site does.
    """
    cleaned = [replace(c, text=redact(" ".join(c.text.split()), privacy)) for c in comments]
    short = [c for c in cleaned if len(c.text) <= COMMENT_CHARS]
    chosen = short[:count]
    for extra in cleaned:
        if len(chosen) >= count:
            break
        if len(extra.text) > COMMENT_CHARS:
            chosen.append(replace(extra, text=shorten(extra.text, COMMENT_CHARS)))
    chosen.sort(key=lambda c: c.date, reverse=True)
    return [
        WallComment(
            text=c.text,
            date=date_display(c.date, year=False),
            score=c.score_display,
            language=c.language if c.language not in (None, "", "en", "unknown") else None,
            source=c.source,
        )
        for c in chosen
    ]


def shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.-–— ")
    return cut + "…"


def sparkline(values: list[float | None], target: float | None) -> Sparkline | None:
    """The trend of ``values`` as :class:`Sparkline` points, ``target`` as a line."""
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
    return Sparkline(
        segments=tuple(s if " " in s else f"{s} {s}" for s in segments),
        target_y=y(target) if target is not None else None,
        last=last,
    )


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def date_display(day: str | None, year: bool = True) -> str:
    if not day:
        return "–"
    parsed = dt.date.fromisoformat(day[:10])
    return f"{parsed.day} {parsed.strftime('%b')}" + (f" {parsed.year}" if year else "")


def built_display(built_at: str) -> str:
    moment = dt.datetime.fromisoformat(built_at.replace("Z", "+00:00"))
    return f"{date_display(built_at[:10])}, {moment.strftime('%H:%M')} UTC"

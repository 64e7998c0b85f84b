"""Every metric's summary, computed first and constructed once.

From a metric's cells come its series; from the series its headline (survey metrics:
pooled windows), its change test (one false-discovery-rate correction across all
survey metrics), its control chart and — for a survey metric mapped to a process
metric — its lag link. Each is a value of its own; the summary is built from them in
one step and never changed afterwards. The whole company and each segment go through
:func:`metric_summaries`, so a number has one computation.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..data.periods import Calendar
from ..inputs.config import SiteConfig
from ..inputs.journey import Journey, Metric
from .control_view import control_chart
from .headline import SurveyHeadline, survey_headline
from .insights import Headline, TestsNote, survey_tests, verdict
from .links import lag_links
from .measures import (
    STATUS_LABELS,
    Cell,
    format_change,
    format_value,
    rounded,
    status_of,
)
from .metric import MetricSummary, SegmentTag, Snapshot
from .series import CellStats, SeriesPoint

Cells = Mapping[str, Sequence[Cell | None]]


def metric_summaries(
    cells: Cells,
    calendar: Calendar | None,
    config: SiteConfig,
    journey: Journey,
    segment: SegmentTag | None = None,
) -> tuple[dict[str, MetricSummary], TestsNote]:
    """Every metric's summary from its cells, and how the survey changes were tested.

    The company's summaries (``segment`` None) carry lag links; a segment's do not (a
    segment's series are too short and noisy to read a lag from)."""
    series = {m.id: metric_series(m, cells.get(m.id), calendar, config) for m in journey.metrics}
    headlines: dict[str, Headline] = {}
    for metric in journey.metrics:
        if metric.source == "responses" and calendar is not None and len(calendar):
            headlines[metric.id] = survey_headline(metric, series[metric.id], calendar, config)
        else:
            headlines[metric.id] = period_headline(metric, series[metric.id], calendar, config)
    tests, note = survey_tests(headlines, journey, config)
    links = lag_links(series, journey, calendar, config) if segment is None else {}
    summaries = {}
    for metric in journey.metrics:
        head = headlines[metric.id]
        survey = head if isinstance(head, SurveyHeadline) else None
        touchpoint = journey.touchpoint_by_id.get(metric.touchpoint or "")
        is_survey = metric.source == "responses"
        summaries[metric.id] = MetricSummary(
            id=metric.id,
            name=metric.name,
            kind=metric.kind,
            unit=metric.unit,
            direction=metric.direction,
            aggregate=metric.aggregate,
            source=metric.source,
            scale=tuple(metric.scale) if metric.scale else None,
            target=metric.target,
            target_display=format_value(metric.target, metric)
            if metric.target is not None
            else "–",
            touchpoint=metric.touchpoint,
            stage=touchpoint.stage if touchpoint else None,
            maps_to=metric.maps_to,
            latest=head.latest,
            previous=head.previous,
            change=head.change,
            change_display=format_change(head.change, metric),
            change_better=head.change_better,
            series=series[metric.id],
            chart_id=f"chart-metric-{metric.id}"
            + (f"--{segment.id}" if segment is not None else ""),
            window=survey.window if survey else None,
            status_history=survey.status_history if survey else None,
            interval=survey.interval if survey else None,
            change_verdict=verdict(tests[metric.id]) if is_survey else None,
            change_test=tests.get(metric.id),
            segment=segment,
            control=control_chart(metric, series[metric.id], calendar, config)
            if calendar is not None
            else None,
            lag=links.get(metric.id),
        )
    return summaries, note


def metric_series(
    metric: Metric,
    cells: Sequence[Cell | None] | None,
    calendar: Calendar | None,
    config: SiteConfig,
) -> tuple[SeriesPoint, ...]:
    """One point per reporting period; a survey value on too few answers is not shown."""
    if calendar is None:
        return ()
    is_survey = metric.source == "responses"
    count = len(calendar)
    cells = cells or [None] * count
    series = []
    for index in range(count):
        cell = cells[index]
        if cell is None:
            series.append(SeriesPoint(period=calendar.keys[index], value=None, n=0))
            continue
        shown = cell.value if not (is_survey and cell.n < config.min_n) else None
        stats = None
        if is_survey:
            stats = CellStats(
                n=cell.n,
                sum=cell.total,
                sum_sq=cell.total_sq,
                top=cell.top,
                promoters=cell.promoters,
                detractors=cell.detractors,
            )
        series.append(
            SeriesPoint(period=calendar.keys[index], value=rounded(shown), n=cell.n, stats=stats)
        )
    return tuple(series)


def period_headline(
    metric: Metric,
    series: Sequence[SeriesPoint],
    calendar: Calendar | None,
    config: SiteConfig,
) -> Headline:
    """The latest and previous period of a metric, and the change between them."""
    is_survey = metric.source == "responses"
    count = len(series)

    def snapshot(index: int) -> Snapshot:
        if calendar is None or index < 0 or index >= count:
            return Snapshot(
                period=None,
                label=None,
                value=None,
                n=0,
                display="–",
                status="nodata",
                status_label=STATUS_LABELS["nodata"],
                too_few=False,
            )
        point = series[index]
        too_few = is_survey and 0 < point.n < config.min_n
        value = point.value
        status = "few" if too_few else status_of(value, metric, config.near_band)
        if too_few:
            display = f"n = {point.n}, too few responses"
        elif value is None:
            display = "No data"
        else:
            display = format_value(value, metric)
        return Snapshot(
            period=point.period,
            label=calendar.label(index),
            caption=f"{calendar.label(index)}, n = {point.n:,}",
            value=value,
            n=point.n,
            display=display,
            status=status,
            status_label=STATUS_LABELS[status],
            too_few=too_few,
        )

    latest = snapshot(count - 1)
    previous = snapshot(count - 2)
    change = None
    if latest.value is not None and previous.value is not None:
        change = rounded(latest.value - previous.value)
    better = None
    if change is not None and change != 0:
        better = (change > 0) == metric.higher_is_better
    return Headline(latest=latest, previous=previous, change=change, change_better=better)

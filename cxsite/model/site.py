"""Phase 4: the site model — every number the site shows, computed once.

Each part is computed first, by the function of its phase (metric summaries, issues,
comments, drivers, alerts, customers, segments), and the model is then put together
in one step; nothing adds to a part afterwards. Templates present the model through
the views, charts are drawn from it, and ``data/*.json`` files publish it through
:func:`cxsite.model.serialise.to_json`. Nothing here knows about HTML.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..data.periods import Calendar
from ..data.reporting_period import reporting_date, site_calendar, up_to
from ..data.sources import Dataset
from ..inputs.config import SiteConfig
from ..inputs.content import ContentItem
from ..inputs.journey import Journey
from ..pages import url_of
from ..privacy.issues import redact_dataset
from ..voice import CommentCache, collect_comments
from .alerts import alerts_json, compute_alerts
from .customers import customer_facts
from .drivers import key_drivers
from .flow import customer_flow
from .issues import issues_model
from .measures import Cell, observation_cells, response_cells
from .moments import behaviour_cells
from .segments import segment_index, segment_summaries
from .serialise import to_json
from .site_model import (
    AnalysisInfo,
    ContentPage,
    PeriodInfo,
    PeriodRef,
    SiteInfo,
    SiteModel,
)
from .summaries import metric_summaries

Json = dict[str, Any]


@dataclass(frozen=True)
class BuildInfo:
    generator: str
    version: str
    build_id: str
    built_at: str


def compute_model(
    config: SiteConfig,
    journey: Journey,
    data: Dataset,
    content: list[ContentItem],
    info: BuildInfo,
    comment_cache: CommentCache | None = None,
) -> SiteModel:
    data = redact_dataset(data, config.privacy)
    as_of = reporting_date(config, data)
    calendar = site_calendar(config, data, as_of)
    data = up_to(data, calendar)
    cells: dict[str, list[Cell | None]] = {}
    if calendar is not None:
        cells.update(observation_cells(data.table("observations"), journey, calendar))
        cells.update(response_cells(data.table("responses"), journey, calendar))
        cells.update(behaviour_cells(data, journey, calendar))
    summaries, tests = metric_summaries(cells, calendar, config, journey)
    issues = issues_model(data, calendar, as_of, journey, config)
    window = config.analytics.comment_window
    since = calendar.starts[max(0, len(calendar) - window)] if calendar and window else None
    comments = collect_comments(data, journey, config, comment_cache, since)
    latest = len(calendar) - 1 if calendar else None
    data_as_of = as_of.strftime("%Y-%m-%d") if as_of is not None else None
    latest_period = _period_ref(calendar, latest)
    alerts = compute_alerts(config, journey, summaries, issues.open, data.table("issues"), calendar)
    # the customer book as it stood on the reporting date (a day, not a moment)
    book_date = pd.Timestamp(data_as_of) if data_as_of else None
    customers = customer_facts(config, journey, data, calendar, book_date)
    segments = segment_summaries(config, journey, data, calendar)
    info_of_site = SiteInfo(
        title=config.title,
        organisation=config.organisation,
        base_url=config.base_url,
        generator=info.generator,
        version=info.version,
        build_id=info.build_id,
        built_at=info.built_at,
        data_as_of=data_as_of,
        min_n=config.min_n,
        period=PeriodInfo(
            unit=config.period.unit,
            week_start=config.period.week_start,
            keys=tuple(calendar.keys) if calendar else (),
            labels=tuple(calendar.label(i) for i in range(len(calendar))) if calendar else (),
            latest=latest_period,
            previous=_period_ref(calendar, latest - 1 if latest else None),
        ),
        tests=tests,
        analysis=AnalysisInfo(
            comment_window=config.analytics.comment_window,
            comment_sample=config.analytics.comment_sample,
        ),
        segments=segment_index(config, segments),
    )
    outcomes = [
        summaries[m.id] for m in journey.metrics if m.kind == "outcome" and m.touchpoint is None
    ]
    flow_ids = {s.flow_metric for s in journey.stages if s.flow_metric}
    pages = tuple(
        ContentPage(
            slug=item.slug,
            title=item.title,
            html=item.html,
            url=url_of("page", item.slug),
            file=item.file,
            order=item.order,
        )
        for item in sorted((c for c in content if c.is_page), key=lambda c: (c.order, c.slug))
    )
    return SiteModel(
        site=info_of_site,
        outcomes=tuple(o for o in outcomes if o.id not in flow_ids),
        flow=tuple(customer_flow(journey, summaries)),
        metrics=summaries,
        issues=issues,
        pages=pages,
        drivers=key_drivers(data, journey, config, as_of),
        alerts=alerts_json(
            alerts,
            latest_period,
            data_as_of,
            config.rhythm.alerts,
            config.analytics.sustained_periods,
        ),
        customers=customers,
        segment_metrics=segments,
        voice=comments,
        calendar=calendar,
    )


def model_data(model: SiteModel) -> Json:
    """The model as plain data (its data files' values) for the writers that read the
    site as data: exports, the search list, the digests."""
    plain: Json = to_json(model)
    return plain


def _period_ref(calendar: Calendar | None, index: int | None) -> PeriodRef | None:
    if calendar is None or index is None or index < 0:
        return None
    return PeriodRef(key=calendar.keys[index], label=calendar.label(index), index=index)

"""Row checks of each kind of source, after its cells are parsed: required text present,
ids known to the journey, scores on their metric's scale, issues closed after opening."""

from __future__ import annotations

import pandas as pd

from ..inputs.config import SourceConfig
from ..inputs.journey import Journey
from .frames import lookup
from .rowchecks import RowChecker

CLOSED_STATUSES = {"closed", "resolved", "done", "cancelled", "canceled", "completed"}


def _unknown_ids(
    frame: pd.DataFrame,
    field_name: str,
    known: set[str],
    what: str,
    source: SourceConfig,
    mapping: dict[str, str],
    check: RowChecker,
) -> pd.Series:
    values = frame[field_name]
    unknown = values.notna() & ~values.isin(known)
    if unknown.any():
        names = sorted(values[unknown].astype(str).unique())
        shown = ", ".join(f"'{n}'" for n in names[:8]) + (" ..." if len(names) > 8 else "")
        check.problems.warn(
            f"{int(unknown.sum()):,} rows name a {what} that is not in the journey: {shown}; "
            "they are left out",
            **check.place(int(values[unknown].index[0])),
            value=str(values[unknown].iloc[0]),
            hint=f"Add the {what} to the journey, or map the value with "
            f"'sources.{source.name}.recode.{field_name}'",
        )
    return unknown


def _check_required_text(
    frame: pd.DataFrame,
    names: tuple[str, ...],
    source: SourceConfig,
    check: RowChecker,
    mapping: dict[str, str],
) -> pd.Series:
    empty = pd.Series(False, index=frame.index)
    for name in names:
        blank = frame[name].isna()
        if blank.any():
            check.report(
                blank,
                frame[name],
                f"empty '{mapping.get(name, name)}' ({name})",
                "This field is required; fill it in or filter the row out with 'where'",
            )
        empty |= blank
    return empty


def check_responses(
    frame: pd.DataFrame,
    source: SourceConfig,
    mapping: dict[str, str],
    journey: Journey | None,
    check: RowChecker,
) -> pd.DataFrame:
    _check_required_text(frame, ("metric",), source, check, mapping)
    empty_score = frame["score"].isna()
    if journey is None:
        return frame
    survey = {m.id: m for m in journey.metrics if m.source == "responses"}
    unknown = _unknown_ids(frame, "metric", set(survey), "survey metric", source, mapping, check)
    frame = frame[~unknown]
    lows = {m.id: m.scale[0] for m in survey.values() if m.scale}
    highs = {m.id: m.scale[1] for m in survey.values() if m.scale}
    low = lookup(frame["metric"], lows)
    high = lookup(frame["metric"], highs)
    low = pd.to_numeric(low, errors="coerce")
    high = pd.to_numeric(high, errors="coerce")
    out_of_scale = frame["score"].notna() & ((frame["score"] < low) | (frame["score"] > high))
    if out_of_scale.any():
        column = mapping.get("score", "score")
        for metric_id in sorted(frame.loc[out_of_scale, "metric"].unique()):
            metric = survey[metric_id]
            bad = out_of_scale & (frame["metric"] == metric_id)
            lo, hi = metric.scale or (0, 10)
            check.report(
                bad,
                frame["score"],
                f"score out of scale for '{metric_id}' in column '{column}'",
                f"'{metric_id}' ({metric.aggregate}) is scored {lo:g} to {hi:g}; "
                "fix the export or the metric's 'scale' in the journey",
            )
    tp = lookup(frame["metric"], {m.id: m.touchpoint for m in survey.values()})
    frame = frame.assign(touchpoint=frame["touchpoint"].where(frame["touchpoint"].notna(), tp))
    return frame[~empty_score.reindex(frame.index, fill_value=False)]


def check_observations(
    frame: pd.DataFrame,
    source: SourceConfig,
    mapping: dict[str, str],
    journey: Journey | None,
    check: RowChecker,
) -> pd.DataFrame:
    _check_required_text(frame, ("metric",), source, check, mapping)
    empty = frame["value"].isna()
    if empty.any():
        check.report(
            empty,
            frame["value"],
            f"empty value in column '{mapping.get('value', 'value')}'",
            "Fill it in or leave the row out of the export",
            warning=True,
        )
    frame = frame[~empty]
    if journey is None:
        return frame
    known = {m.id for m in journey.metrics if m.source == "observations"}
    unknown = _unknown_ids(frame, "metric", known, "process/outcome metric", source, mapping, check)
    return frame[~unknown]


def check_issues(
    frame: pd.DataFrame,
    source: SourceConfig,
    mapping: dict[str, str],
    journey: Journey | None,
    check: RowChecker,
) -> pd.DataFrame:
    _check_required_text(frame, ("id", "touchpoint", "category"), source, check, mapping)
    before = frame["closed"].notna() & (frame["closed"] < frame["opened"])
    if before.any():
        check.report(
            before,
            frame["closed"].astype(str),
            "closed before it was opened",
            "Check the dates; the issue is counted as closed on its opening day",
            warning=True,
        )
        frame.loc[before, "closed"] = frame.loc[before, "opened"]
    duplicated = frame["id"].notna() & frame["id"].duplicated(keep="last")
    if duplicated.any():
        check.report(
            duplicated,
            frame["id"],
            "issue id appears more than once; the last row is used",
            "Export each issue once",
            warning=True,
        )
        frame = frame[~duplicated]
    if "closed" in mapping:
        is_open = frame["closed"].isna()
    else:
        status = frame["status"].fillna("").astype(str).str.strip().str.lower()
        is_open = ~status.isin(CLOSED_STATUSES)
    frame = frame.assign(is_open=is_open.astype(bool))
    if journey is None:
        return frame
    unknown = _unknown_ids(
        frame, "touchpoint", set(journey.touchpoint_by_id), "touchpoint", source, mapping, check
    )
    return frame[~unknown]


def check_comments(
    frame: pd.DataFrame,
    source: SourceConfig,
    mapping: dict[str, str],
    journey: Journey | None,
    check: RowChecker,
) -> pd.DataFrame:
    _check_required_text(frame, ("touchpoint",), source, check, mapping)
    frame = frame[frame["text"].notna()]
    if journey is None:
        return frame
    unknown = _unknown_ids(
        frame, "touchpoint", set(journey.touchpoint_by_id), "touchpoint", source, mapping, check
    )
    return frame[~unknown]

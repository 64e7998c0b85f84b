"""Control charts that read right: phases after a sustained shift, direction-aware
signals, one name per chart type, a legend, and only the latest phase's signals listed."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from bs4 import BeautifulSoup
from test_insights import metric, touchpoint, weekly_project

from cxsite.build import build
from cxsite.model.control_view import ControlSignal
from cxsite.stats.phases import phased_p_chart, phased_xmr

BEFORE = [23.0, 24, 22, 23, 25, 22, 23, 24, 22, 23, 24, 23, 22, 24, 23, 22]
AFTER = [12.0, 11, 12, 13, 11, 12, 11, 12, 13, 12, 11, 12, 12, 11]


def test_limits_are_recomputed_from_the_new_phase_by_hand() -> None:
    chart = phased_xmr(BEFORE + AFTER, baseline=26, run=12)
    assert [(p.start, p.end) for p in chart.phases] == [(0, 15), (16, 29)]
    # each phase's centre and limits come from its own points only (Wheeler's XmR:
    # centre +/- 2.66 x mean moving range)
    for phase, part in zip(chart.phases, (BEFORE, AFTER), strict=True):
        xs = np.array(part)
        mr = np.abs(np.diff(xs)).mean()
        assert phase.centre == pytest.approx(xs.mean())
        assert phase.upper[0] == pytest.approx(xs.mean() + 2.66 * mr)
        assert phase.lower[-1] == pytest.approx(xs.mean() - 2.66 * mr)
    # against its own limits, the new phase is routine: no signal after the shift
    assert [s for s in chart.signals if s.start >= 16] == []
    # without re-phasing every point after the shift is beyond the old lower limit
    single = phased_xmr(BEFORE + AFTER, baseline=26, run=0)
    assert len(single.phases) == 1
    assert any(s.rule == 1 and s.start >= 16 for s in single.signals)


def test_a_short_run_does_not_start_a_phase() -> None:
    values = BEFORE + [26.0] * 8 + BEFORE
    assert len(phased_xmr(values, baseline=16, run=12).phases) == 1


def test_p_chart_phases_by_hand() -> None:
    tops = [6] * 12 + [9] * 14
    sizes = [10] * 26
    chart = phased_p_chart(tops, sizes, run=12)
    assert [(p.start, p.end) for p in chart.phases] == [(0, 11), (12, 25)]
    # p-bar of the second phase: 126 / 140 = 0.9; limits 0.9 +/- 3 sqrt(0.9 x 0.1 / 10)
    second = chart.phases[1]
    assert second.centre == pytest.approx(0.9)
    assert second.lower[0] == pytest.approx(0.9 - 3 * np.sqrt(0.09 / 10))
    assert second.upper[0] == 1.0  # clipped at 100 %


def test_improvement_reads_as_one_on_the_page(tmp_path: Path) -> None:
    # Time to quote (lower is better): 16 weeks around 23 s, then 14 weeks around 12 s
    values = BEFORE + AFTER
    result = build(weekly_project(tmp_path, values, [0.7] * len(values)))
    control = metric(touchpoint(result.out, "quote"), "quote-time")["control"]
    assert control["name"] == "XmR chart"
    assert len(control["phases"]) == 2
    shift = control["phases"][1]
    assert shift["start"] == "2024-04-22"  # week 16 from Monday 1 January 2024
    assert shift["better"] is True
    assert "limits recomputed from the week of 22 April 2024" in shift["text"]
    # every signal left is judged against its own phase; none is listed for the new one
    assert not [s for s in control["signals"] if s["current"]]
    html = (result.out / "touchpoints" / "quote" / "index.html").read_text()
    page = BeautifulSoup(html, "html.parser")
    card = page.select_one("#metric-quote-time")
    text = card.get_text(" ", strip=True)
    assert "XmR chart:" in text and "chart chart" not in text
    assert "Improvement: The process moved to a new level" in text
    assert "p-chart chart" not in html


def test_figure_has_a_legend_and_colours_signals_by_direction(tmp_path: Path) -> None:
    from cxsite.figures.charts import metric_figure

    values = BEFORE + AFTER
    result = build(weekly_project(tmp_path, values, [0.7] * len(values)))
    summary = result.model.metrics["quote-time"]
    assert summary.control is not None

    # a warning and an improvement in the latest phase, to see both colours
    def signal(better: bool, period: str) -> ControlSignal:
        return ControlSignal(
            rule=1,
            text="",
            start=period,
            end=period,
            side="above",
            better=better,
            new=True,
            current=True,
            points=(period,),
        )

    signals = (signal(True, summary.series[-1].period), signal(False, summary.series[-2].period))
    figure = metric_figure(replace(summary, control=replace(summary.control, signals=signals)))
    assert figure["layout"]["showlegend"] is True
    names = [t["name"] for t in figure["data"] if t.get("showlegend", True)]
    for needed in (
        "Centre line",
        "Control limits",
        "New phase: limits recomputed",
        "Signal: improvement",
        "Signal: warning",
    ):
        assert needed in names
    colours = {t["name"]: t["marker"]["color"] for t in figure["data"] if "marker" in t}
    assert colours["Signal: improvement"] == "#1b7a3d"  # the site's "on target" green
    assert colours["Signal: warning"] == "#c0262d"  # and its "off target" red


def test_one_phase_is_the_plain_chart() -> None:
    # With re-phasing off, the phased charts equal cxsite.stats.control's own charts:
    # the same limits and the same signals (a second implementation of each).
    from cxsite.stats.control import p_chart, xmr_chart

    values: list[float | None] = [*BEFORE, None, *AFTER]
    plain = xmr_chart(values, baseline=10)
    phased = phased_xmr(values, baseline=10, run=0)
    assert phased.phases[0].centre == pytest.approx(plain.centre)
    assert phased.phases[0].upper[0] == pytest.approx(plain.upper)
    assert [(s.rule, s.start, s.end) for s in phased.signals] == [
        (s.rule, s.start, s.end) for s in plain.signals
    ]
    tops, sizes = [6, 7, 5, 0, 9, 9, 8, 10], [10, 10, 10, 0, 10, 10, 10, 10]
    pc = p_chart(tops, sizes)
    pp = phased_p_chart(tops, sizes, run=0)
    assert pp.phases[0].centre == pytest.approx(pc.centre)
    assert pp.phases[0].upper == pytest.approx(pc.upper)
    assert [(s.rule, s.start) for s in pp.signals] == [(s.rule, s.start) for s in pc.signals]


def test_a_change_under_way_stays_with_the_phase_before() -> None:
    # one week half-way (17.9) between the old level (~23) and the new (~12): it is
    # beyond the new phase's upper limit, so the new phase starts the week after, and
    # the half-way week is a signal of the change (below the old lower limit)
    values = [*BEFORE, 17.9, *AFTER]
    chart = phased_xmr(values, baseline=26, run=12)
    assert [p.start for p in chart.phases] == [0, 17]
    after = np.array(AFTER)
    assert chart.phases[1].centre == pytest.approx(after.mean())
    assert any(s.rule == 1 and s.start == 16 and s.side == "below" for s in chart.signals)
    assert [s for s in chart.signals if s.start >= 17] == []

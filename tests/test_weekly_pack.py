"""The weekly pack lists only what really changed, each with before, now, n and a link."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_insights import weekly_project

from cxsite.build import build
from cxsite.model.metric import StatusPoint
from cxsite.model.target_history import sustained_crossing


def history(statuses: str) -> list[StatusPoint]:
    """'ooxx' -> one point per letter: o on target, x off, m within the margin."""
    names = {"o": "on", "x": "off", "n": "near", "m": "margin", "-": "nodata"}
    return [
        StatusPoint(period=f"p{i}", value=float(i), n=10, status=names[c])
        for i, c in enumerate(statuses)
    ]


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ("xxxxooo", ("met", "p3")),  # three on target after being off: new this period
        ("xxxooo" + "o", None),  # the run is four long: reported last period, not now
        ("xxxxxxo", None),  # a one-period flip is not a crossing
        ("oooxxmmxxx", ("missed", "p2")),  # margin periods are neither side
        ("oooonxx", ("missed", "p3")),  # near target is on the missing side
        ("mmmmooo", None),  # never clearly off before: nothing was crossed
        ("ooo", None),
    ],
)
def test_sustained_crossing_by_hand(statuses: str, expected: tuple[str, str] | None) -> None:
    found = sustained_crossing(history(statuses), 3)
    if expected is None:
        assert found is None
    else:
        assert found is not None
        side, before, now = found
        assert (side, before.period) == expected
        assert now.period == f"p{len(statuses) - 1}"


def test_pack_lists_a_sustained_crossing_with_before_now_and_n(tmp_path: Path) -> None:
    # Time to quote (lower is better, target 60): 70 for four weeks, then 50 for three
    process = [70.0] * 4 + [50.0] * 3
    result = build(weekly_project(tmp_path / "a", process, [0.7] * 7))
    items = result.views.changes.items
    crossing = [i for i in items if i.kind == "target met"]
    assert len(crossing) == 1
    item = crossing[0]
    assert item.metric == "Time to quote"
    assert (item.previous.value, item.new.value) == (70.0, 50.0)
    assert item.new.n == 1 and item.previous.n == 1
    assert item.url == "touchpoints/quote/index.html#metric-quote-time"
    page = (result.out / "changes" / "index.html").read_text()
    assert "Time to quote" in page and "70.0 s" in page and "50.0 s" in page


def test_one_week_flip_and_noise_are_not_listed(tmp_path: Path) -> None:
    # one good week after six bad ones; survey shares that wobble inside sampling noise
    process = [70.0] * 6 + [50.0]
    result = build(weekly_project(tmp_path / "b", process, [0.6, 0.7, 0.6, 0.7, 0.6, 0.7, 0.6]))
    changes = result.views.changes
    assert [i for i in changes.items if i.kind.startswith("target")] == []
    assert not any(i.kind == "significant change" for i in changes.items)
    page = (result.out / "changes" / "index.html").read_text()
    assert changes.items == ()
    assert "Nothing changed significantly this period" in page

"""Property-based tests (Hypothesis): the loaders on arbitrary cells and files, and the
statistics on extreme values.

Whatever a cell or a file holds, loading either succeeds with finite, in-range values or
raises :class:`InputError` — never another exception. Statistics on the values the
loaders let through (and Pearson r on any finite value at all) return results in range
without overflow warnings, which the test configuration turns into errors.
"""

from __future__ import annotations

import datetime as dt
import math
import tempfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from projects import make_project

from cxsite.build import load_project
from cxsite.data.rowchecks import MAX_MAGNITUDE
from cxsite.errors import InputError
from cxsite.stats.control import xmr_chart
from cxsite.stats.intervals import mean_interval
from cxsite.stats.lagcorr import lagged_correlation, pearson
from cxsite.stats.significance import welch_test

TODAY = dt.date(2025, 1, 15)
LOADS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
STATS = settings(max_examples=150, deadline=None)


@pytest.fixture(scope="module")
def root() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        yield make_project(Path(folder) / "project")


def _load(root: Path, obs: bytes) -> object:
    (root / "data" / "obs.csv").write_bytes(obs)
    try:
        return load_project(root, today=TODAY)
    except InputError as exc:
        assert exc.problems and all(p.file for p in exc.problems)
        return None


NUMBERS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(min_value=-(10**400), max_value=10**400).map(str),
    st.sampled_from(["1e309", "-1e309", "inf", "NaN", "1,5", "1.234,5", "", " ", "0x10", "1e-400"]),
    st.text(max_size=12),
)
DATES = st.one_of(
    st.datetimes(min_value=dt.datetime(1, 1, 1), max_value=dt.datetime(9999, 12, 31)).map(
        lambda d: d.isoformat(sep=" ")
    ),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)).map(str),
    st.text(max_size=12),
)
CELL_SAFE = st.text(alphabet=st.characters(blacklist_characters=',"\r\n'), max_size=12)


@LOADS
@given(day=DATES, value=NUMBERS)
def test_any_cell_loads_or_is_a_problem(root: Path, day: str, value: str) -> None:
    day, value = day.replace(",", " "), value.replace('"', "")
    text = f'day,kpi,val\n2024-09-02,quote-time,70\n{day},quote-time,"{value}"\n'
    loaded = _load(root, text.encode("utf-8", "surrogatepass"))
    if loaded is None:
        return
    observations = loaded.data.observations  # type: ignore[attr-defined]
    assert np.isfinite(observations["value"]).all()
    assert (observations["value"].abs() <= MAX_MAGNITUDE).all()
    days = observations["date"].dt.date
    assert days.between(dt.date(2000, 1, 1), TODAY + dt.timedelta(days=1)).all()


@LOADS
@given(body=st.binary(max_size=300))
# pandas 2.2 stopped reading at the NUL byte, and the byte after it reached the first-row
# check undecoded (found by this test in the lowest-versions run)
@example(body=b"\x00\x80")
def test_any_bytes_load_or_are_a_problem(root: Path, body: bytes) -> None:
    _load(root, b"day,kpi,val\n" + body)


@LOADS
@given(
    rows=st.lists(
        st.lists(st.one_of(CELL_SAFE, st.just('"'), st.just('""'), st.just("a,b")), max_size=5),
        max_size=6,
    )
)
def test_any_quoting_and_field_counts_load_or_are_a_problem(
    root: Path, rows: list[list[str]]
) -> None:
    lines = ["day,kpi,val", "2024-09-02,quote-time,70"] + [",".join(r) for r in rows]
    _load(root, ("\n".join(lines) + "\n").encode("utf-8", "surrogatepass"))


FINITE = st.floats(allow_nan=False, allow_infinity=False)
ACCEPTED = st.floats(min_value=-MAX_MAGNITUDE, max_value=MAX_MAGNITUDE, allow_nan=False)


@STATS
@given(pairs=st.lists(st.tuples(FINITE, FINITE), min_size=3, max_size=30))
def test_pearson_never_overflows_and_agrees_with_numpy(pairs: list[tuple[float, float]]) -> None:
    xs, ys = [p[0] for p in pairs], [p[1] for p in pairs]
    r, p_value = pearson(xs, ys)
    if r is None:
        return
    assert -1.0 <= r <= 1.0 and p_value is not None and 0.0 <= p_value <= 1.0
    # independent check: numpy's corrcoef on each variable divided by its largest magnitude
    # (r does not change with scale); skipped where the spread is lost to rounding
    x = np.array(xs) / max(abs(v) for v in xs)
    y = np.array(ys) / max(abs(v) for v in ys)
    if np.std(x) > 1e-6 and np.std(y) > 1e-6:
        assert r == pytest.approx(float(np.corrcoef(x, y)[0, 1]), abs=1e-6)


@STATS
@given(
    values=st.lists(st.one_of(st.none(), FINITE), min_size=12, max_size=40),
    shift=st.integers(min_value=0, max_value=3),
)
def test_lagged_correlation_on_extreme_values(values: list[float | None], shift: int) -> None:
    survey = values[shift:] + [None] * shift
    result = lagged_correlation(values, survey, max_lag=3, permutations=19)
    for point in result.lags:
        assert point.r is None or -1.0 <= point.r <= 1.0
    assert result.verdict in ("lag", "together", "step", "none")


@STATS
@given(values=st.lists(st.one_of(st.none(), ACCEPTED), max_size=40))
def test_intervals_and_control_limits_on_the_largest_accepted_values(
    values: list[float | None],
) -> None:
    interval = mean_interval(values)
    if interval.value is not None:
        assert math.isfinite(interval.value)
        assert interval.margin is None or math.isfinite(interval.margin)
    chart = xmr_chart(values)
    for limit in (chart.centre, chart.upper, chart.lower):
        assert limit is None or math.isfinite(limit)
    half = len(values) // 2
    test = welch_test(values[:half], values[half:])
    assert test.p_value is None or 0.0 <= test.p_value <= 1.0

"""The key-driver analysis computed in the engine equals an independent computation on
the same rows, and its Poisson bootstrap weights behave as Poisson(1) draws.

The expected values are worked out here from the rows the test writes: the respondent x
question table with pandas (pivot, complete cases), the correlation matrix with
``numpy.corrcoef`` and Johnson's weights with ``numpy.linalg.eig`` (not the ``eigh`` the
code uses) and checked against an ordinary least-squares R^2 from ``numpy.linalg.lstsq``.
"""

from __future__ import annotations

import math
from pathlib import Path

import ibis
import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from projects import make_project
from scipy import stats as scipy_stats
from test_drivers_significance import JOURNEY

from cxsite.build import Project, load_project
from cxsite.data import driver_queries as queries
from cxsite.data import poisson_weights as pw
from cxsite.model.drivers import DRIVER_RESAMPLES, key_drivers

AS_OF = pd.Timestamp("2024-09-30")
SINCE = AS_OF - pd.Timedelta(days=365)


def _rows(respondents: int, seed: int) -> list[tuple[str, str, str, float]]:
    """(respondent, day, question, score): price drives the score, ease a little."""
    rng = np.random.default_rng(seed)
    rows = []
    for k in range(respondents):
        day = f"{2 + k % 20:02d}/09/2024"
        price, ease = int(rng.integers(1, 6)), int(rng.integers(1, 6))
        nps = min(10, max(0, 2 * price + ease // 2 + int(rng.integers(-2, 3)) - 2))
        rows += [(f"r{k:03d}", day, "q-price", price), (f"r{k:03d}", day, "q-ease", ease)]
        rows.append((f"r{k:03d}", day, "nps", nps))
    # Rows the analysis must leave out or combine: no respondent id; a year before the
    # window; a respondent without an outcome score; a question answered twice (the
    # mean counts); a respondent who skipped a question (not a complete case).
    rows += [("", "03/09/2024", "q-price", 5), ("", "03/09/2024", "nps", 0)]
    rows += [("old", "01/09/2023", "q-price", 1), ("old", "01/09/2023", "nps", 10)]
    rows += [("no-nps", "04/09/2024", "q-price", 2), ("no-nps", "04/09/2024", "q-ease", 2)]
    rows += [("r000", "05/09/2024", "q-ease", 4)]
    rows += [("skip", "06/09/2024", "q-price", 3), ("skip", "06/09/2024", "nps", 6)]
    return rows


def _project(root: Path, rows: list[tuple[str, str, str, float]]) -> Project:
    survey = "Rid,When,Q,Score,Text\n" + "".join(f"{r},{d},{q},{s},\n" for r, d, q, s in rows)
    return load_project(
        make_project(root, {"content/journey.yml": JOURNEY, "data/survey.csv": survey})
    )


def _expected_table(rows: list[tuple[str, str, str, float]]) -> pd.DataFrame:
    """The complete cases by hand: in the window, with an id, mean of repeated answers."""
    frame = pd.DataFrame(rows, columns=["respondent", "day", "metric", "score"])
    frame["date"] = pd.to_datetime(frame["day"], format="%d/%m/%Y")
    frame = frame[(frame["respondent"] != "") & (frame["date"] > SINCE)]
    wide = frame.pivot_table(index="respondent", columns="metric", values="score", aggfunc="mean")
    return wide[["q-ease", "q-price", "nps"]].dropna()


@pytest.fixture(scope="module")
def written(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Project, list[tuple[str, str, str, float]]]:
    rows = _rows(90, seed=4)
    return _project(tmp_path_factory.mktemp("driverq") / "p", rows), rows


def test_coverage_counts_the_outcome_respondents_answers(written: tuple[Project, list]) -> None:
    project, _ = written
    found = queries.coverage(project.data.table("responses"), "nps", SINCE)
    # 90 respondents and "skip" gave the outcome in the window; "no-nps" did not, "old"
    # is a year too early; every one of the 91 answered price, all but "skip" ease
    assert (found.has_ids, found.with_outcome, found.respondents) == (True, 91, 91)
    assert found.answered == {"nps": 91, "q-ease": 90, "q-price": 91}


def test_the_engines_sums_equal_numpys(written: tuple[Project, list]) -> None:
    project, rows = written
    complete = queries.complete_cases(
        project.data.table("responses"), "nps", ["q-ease", "q-price"], SINCE
    )
    prepared = queries.with_noise(complete, seed=0)
    found = queries.complete_sums(prepared, 2)
    table = _expected_table(rows)
    assert len(table) == 90 and table.loc["r000", "q-ease"] != int(table.loc["r000", "q-ease"])
    noise = pw_noise_by_respondent(prepared)
    values = np.column_stack(
        [table["q-ease"], table["q-price"], noise.loc[table.index].to_numpy(), table["nps"]]
    )
    assert float(found.sums.n) == 90
    assert found.sums.sums == pytest.approx(values.sum(axis=0), rel=1e-12)
    assert found.sums.products == pytest.approx(values.T @ values, rel=1e-12)
    assert found.constant == (False, False, False, False)


def pw_noise_by_respondent(prepared: ibis.Table) -> pd.Series:
    frame = prepared.select("respondent", "noise").to_pyarrow().to_pandas()
    return frame.set_index("respondent")["noise"].astype(float)


def _johnson_by_eig(corr: np.ndarray) -> np.ndarray:
    """Johnson's raw weights with a general eigen-decomposition (numpy.linalg.eig)."""
    p = corr.shape[0] - 1
    rxx, rxy = corr[:p, :p], corr[:p, p]
    evals, evecs = np.linalg.eig(rxx)
    evals, evecs = evals.real, evecs.real
    evecs = evecs / np.linalg.norm(evecs, axis=0)
    lam = evecs @ np.diag(np.sqrt(evals)) @ evecs.T
    beta = np.linalg.solve(lam, rxy)
    weights: np.ndarray = (lam**2) @ (beta**2)
    return weights


def test_point_weights_equal_an_independent_computation(written: tuple[Project, list]) -> None:
    project, rows = written
    found = key_drivers(project.data, project.journey, project.config, AS_OF)
    table = _expected_table(rows)
    x = table[["q-ease", "q-price"]].to_numpy()
    y = table["nps"].to_numpy()
    weights = _johnson_by_eig(np.corrcoef(np.column_stack([x, y]), rowvar=False))
    design = np.column_stack([np.ones(len(y)), x])
    residual = y - design @ np.linalg.lstsq(design, y, rcond=None)[0]
    r2 = 1 - residual @ residual / ((y - y.mean()) @ (y - y.mean()))
    assert found.available and found.complete == 90 and found.respondents == 91
    assert found.r_squared == pytest.approx(r2, abs=1e-6)
    by_id = {d.id: d for d in found.drivers}
    assert by_id["q-ease"].raw_weight == pytest.approx(weights[0], abs=1e-6)
    assert by_id["q-price"].raw_weight == pytest.approx(weights[1], abs=1e-6)
    assert by_id["q-price"].mean == pytest.approx(x[:, 1].mean(), abs=1e-6)
    assert by_id["q-price"].importance == pytest.approx(100 * weights[1] / r2, abs=1e-5)


def _strong_and_noise(respondents: int) -> list[tuple[str, str, str, float]]:
    # price sets the score; ease is drawn apart from everything: pure noise
    rng = np.random.default_rng(21)
    rows = []
    for k in range(respondents):
        day = f"{2 + k % 20:02d}/09/2024"
        price, ease = int(rng.integers(1, 6)), int(rng.integers(1, 6))
        nps = min(10, max(0, 2 * price + int(rng.integers(-1, 2))))
        rows += [(f"r{k}", day, "q-price", price), (f"r{k}", day, "q-ease", ease)]
        rows.append((f"r{k}", day, "nps", nps))
    return rows


def test_intervals_hold_the_estimate_and_tell_a_driver_from_noise(tmp_path: Path) -> None:
    project = _project(tmp_path / "p", _strong_and_noise(300))
    found = key_drivers(project.data, project.journey, project.config, AS_OF)
    assert found.available and found.bootstrap is not None
    assert found.bootstrap.resamples == DRIVER_RESAMPLES
    by_id = {d.id: d for d in found.drivers}
    for item in found.drivers:
        assert item.importance_low is not None and item.importance_high is not None
        assert item.importance_low <= (item.importance or 0.0) <= item.importance_high
    assert by_id["q-price"].significant is True
    assert by_id["q-ease"].significant is False
    assert found.not_significant == ("q-ease",)
    # price explains nearly all of R^2; the interval is narrow around it, not 0-100
    assert (
        90.0 < (by_id["q-price"].importance_low or 0.0) < (by_id["q-price"].importance_high or 0.0)
    )


def _weights(respondents: int, resamples: int) -> tuple[np.ndarray, np.ndarray]:
    """Poisson weights (resamples x respondents) and the random variable, from the
    engine, for respondents ranked 0 .. respondents - 1."""
    ranks = ibis.memtable(pa.table({"rank": pa.array(range(respondents), pa.int64())}))
    keyed = pw.with_noise(pw.with_key(ranks, "rank", 0, "key"), "key", 0, "noise")
    draws = ibis.memtable(pa.table({"resample": pa.array(range(resamples), pa.int64())}))
    draws = pw.with_resample_key(draws, "resample", 0, "stream")
    pairs = pw.with_uniform(keyed.cross_join(draws), "key", "stream", "u")
    pairs = pairs.select(
        "rank", "resample", "noise", w=pw.poisson(pairs.u, pw.poisson_thresholds(1.0))
    )
    frame = pairs.order_by(["resample", "rank"]).to_pyarrow().to_pandas()
    weights = frame["w"].to_numpy(dtype=float).reshape(resamples, respondents)
    return weights, frame["noise"].to_numpy(dtype=float)[:respondents]


def test_poisson_weights_have_the_mean_and_variance_of_poisson_1() -> None:
    weights, noise = _weights(20_000, 25)
    draws = weights.size  # 500,000
    # Poisson(1): mean 1, variance 1. The standard error of the mean is 1/sqrt(N) =
    # 0.0014 and of the variance sqrt((mu4 - 1) / N) = sqrt(3 / N) = 0.0024 (mu4 = 4);
    # the tolerances are about six standard errors, so a sound generator never fails
    # and a biased one (a weight off by a few percent) always does.
    assert abs(weights.mean() - 1.0) < 0.01
    assert abs(weights.var() - 1.0) < 0.015
    share = np.bincount(weights.ravel().astype(int), minlength=4)[:4] / draws
    expected = scipy_stats.poisson.pmf(range(4), 1.0)
    assert share == pytest.approx(expected, abs=0.004)  # standard errors below 0.0007
    # Resamples are independent of each other and neighbours of each other: sample
    # correlations of unrelated vectors of 20,000 have a standard error of 0.007.
    corr = np.corrcoef(weights)
    assert np.abs(corr[~np.eye(len(corr), dtype=bool)]).max() < 0.035
    assert abs(np.corrcoef(weights[:, :-1].ravel(), weights[:, 1:].ravel())[0, 1]) < 0.01
    # The random variable: uniform on 0..999 (mean 499.5, variance (1000^2 - 1)/12),
    # unrelated to the rank and to the weights; standard errors 2.0 and 530.
    assert abs(noise.mean() - 499.5) < 12
    assert abs(noise.var() - (1000**2 - 1) / 12) < 3000
    assert abs(np.corrcoef(noise, np.arange(len(noise)))[0, 1]) < 0.035
    assert abs(np.corrcoef(noise, weights[0])[0, 1]) < 0.035


@settings(max_examples=40, deadline=None)
@given(st.floats(min_value=0.01, max_value=3.0))
def test_poisson_thresholds_are_the_cdf_times_the_modulus(rate: float) -> None:
    found = pw.poisson_thresholds(rate)
    cdf = scipy_stats.poisson.cdf(np.arange(len(found)), rate)
    assert list(found) == sorted(found) and found[-1] >= pw.MODULUS - 1
    # floor(M F(k)) up to the rounding of the running sum of the probabilities
    assert np.abs(np.array(found) - pw.MODULUS * cdf).max() <= 2
    # the last threshold is the first whose upper tail is below 1/M
    assert scipy_stats.poisson.sf(len(found) - 2, rate) * pw.MODULUS >= 0.5


def test_bootstrapping_a_part_matches_the_whole() -> None:
    # Beyond CAP respondents a part of them is bootstrapped and each resample's
    # departure shrunk by sqrt(part / n); the widths must agree with bootstrapping all
    # (unshrunk, a third of the respondents would give intervals 1.7 times as wide).
    from cxsite.stats.driver_bootstrap import intervals_of_resamples
    from cxsite.stats.drivers import correlations_of_sums

    rng = np.random.default_rng(5)
    n = 3000
    x = rng.integers(1, 11, size=(n, 3)).astype(float)
    y = np.round(x @ np.array([0.6, 0.4, 0.2]) + rng.normal(0, 2, size=n))
    complete = ibis.memtable(
        pd.DataFrame(
            {
                "respondent": [f"r{k:05d}" for k in range(n)],
                "x0": x[:, 0],
                "x1": x[:, 1],
                "x2": x[:, 2],
                "y": y,
            }
        )
    )
    prepared = queries.with_noise(complete, seed=0)
    full = queries.complete_sums(prepared, 3).sums
    found = {}
    for share in (1.0, 0.35):
        part, each = queries.resampled_sums(prepared, 3, 400, seed=0, share=share)
        if share == 1.0:
            assert float(part.n) == n
        else:
            assert abs(float(part.n) - share * n) < 5 * math.sqrt(share * n)
        found[share] = intervals_of_resamples(
            correlations_of_sums(full.n, full.sums, full.products),
            correlations_of_sums(each.n, each.sums, each.products),
            ["a", "b", "c"],
            centre=correlations_of_sums(part.n, part.sums, part.products),
            shrink=math.sqrt(float(part.n) / n),
        )
    for k in range(3):
        wide = found[1.0].percent_high[k] - found[1.0].percent_low[k]
        narrow = found[0.35].percent_high[k] - found[0.35].percent_low[k]
        assert narrow == pytest.approx(wide, rel=0.2)

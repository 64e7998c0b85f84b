"""The benchmark's PostgreSQL-backed row (``benchmarks/run.py --sizes S-PG --postgres URL``)
runs end to end on the sample company and reports the time spent in the database."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pyarrow.parquet as pq
import pytest
import run  # benchmarks/run.py (warehousekit puts benchmarks/ on sys.path)
from backends import fresh_database
from warehousekit import REPO


@pytest.fixture
def bench_url(pg_url: str) -> Iterator[str]:
    """A database of the benchmark's own: the server's active time counts every session
    in a database, so nothing else may work in it."""
    with fresh_database(pg_url) as url:
        yield url


def _rows_in_sample_exports() -> dict[str, int]:
    """Rows of each of the sample's exports, counted here with the csv module, pyarrow's
    Parquet metadata and openpyxl (not with the benchmark's code)."""
    counts = {}
    for path in sorted((REPO / "data").iterdir()):
        if path.suffix == ".csv":
            with path.open(encoding="utf-8", newline="") as handle:
                counts[path.stem] = sum(1 for _ in csv.reader(handle)) - 1
        elif path.suffix == ".parquet":
            counts[path.stem] = pq.read_metadata(path).num_rows
        elif path.suffix == ".xlsx":
            book = openpyxl.load_workbook(path, read_only=True)
            counts[path.stem] = sum(1 for row in book.active.iter_rows() if row) - 1
            book.close()
    return counts


@pytest.mark.postgres
def test_the_sample_built_from_postgres_reports_its_database_time(
    bench_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    results = tmp_path / "results.json"
    args = ["--sizes", "S-PG", "--postgres", bench_url, "--workdir", str(tmp_path / "work")]

    assert run.main([*args, "--json", str(results), "--skip", "repeat,floor,charts"]) == 0

    report = json.loads(results.read_text(encoding="utf-8"))
    [size] = report["sizes"]
    cold, pg = size["cold"], size["postgres"]
    assert size["label"] == "S-PG" and cold["ok"], cold["error"]
    # then built again with nothing changed in the database: only the summaries ran
    unchanged = size["nochange"]
    assert unchanged["ok"] and unchanged["pages"] == cold["pages"], unchanged["error"]
    assert cold["pages"] > 100 and cold["peak_pss"] > 0
    # Every export was loaded whole: one table each, as many rows as the file has.
    loaded = {line.split(":")[0]: line.split(" ")[1] for line in pg["load_tables"]}
    expected = _rows_in_sample_exports()
    assert {name: int(rows.replace(",", "")) for name, rows in loaded.items()} == expected
    # The build spent time in the server and in the driver, and neither is more than the
    # whole build took.
    assert 0 < pg["database_s"] <= cold["seconds"]
    assert pg["database_share"] == pytest.approx(pg["database_s"] / cold["seconds"], abs=1e-3)
    assert 0 < pg["driver_s"] <= cold["seconds"] and pg["driver_executes"] > 0
    assert pg["other_sessions"] == 0
    # The server's memory, when its processes are on this machine and readable.
    if pg["server_pss_peak"] is None:
        assert pg["server_memory_note"]
    else:
        assert pg["server_pss_peak"] >= pg["server_pss_before"] > 0
        assert pg["server_processes"] >= 2  # the postmaster and at least one backend
    printed = capsys.readouterr().out
    assert "PostgreSQL-backed builds" in printed
    assert "time in the database (server: active_time)" in printed


def test_the_postgres_row_is_judged_against_the_l_targets() -> None:
    """L-PG is held to L's limits (10 s, 1 GB, a no-change rebuild in 1 s); the database
    figures are reported only."""
    build = run.BuildRun(
        seconds=12.5, cpu_seconds=9.0, peak_rss=900_000_000, peak_pss=800_000_000,
        peak_at=3.0, peak_during="", ok=True, timed_out=False, load=(1.0, 2.0),
    )  # fmt: skip
    figures = {
        "database_s": 5.0, "database_share": 0.4, "driver_s": 6.0, "driver_share": 0.48,
        "server_pss_before": 100_000_000, "server_pss_peak": 300_000_000,
        "server_processes": 9, "server_memory_note": "",
    }  # fmt: skip
    nothing_changed = run.BuildRun(
        seconds=2.0, cpu_seconds=1.5, peak_rss=200_000_000, peak_pss=150_000_000,
        peak_at=1.0, peak_during="", ok=True, timed_out=False, load=(1.0, 1.0),
    )  # fmt: skip
    result = run.SizeResult(
        "L-PG", {"rows": 1, "bytes": 1}, None, cold=build, nochange=nothing_changed,
        postgres=figures,
    )  # fmt: skip

    checks = {c["target"]: c for c in run.check_targets([result], None)}

    cold = checks["cold build"]
    assert (cold["measured"], cold["met"], cold["by"]) == ("12.5 s", False, "2.5 s")
    unchanged = checks["no-change rebuild"]
    assert (unchanged["measured"], unchanged["met"], unchanged["by"]) == ("2.00 s", False, "1.00 s")
    memory = checks["peak memory (PSS, process tree)"]
    assert (memory["measured"], memory["met"]) == ("0.80 GB", True)
    database = checks["time in the database (server: active_time)"]
    assert (database["measured"], database["met"]) == ("5.0 (40%)", None)
    assert checks["time in the database driver (cxsite's side)"]["measured"] == "6.0 (48%)"
    server = checks["PostgreSQL server memory (PSS, outside the build)"]["measured"]
    assert server == "300 peak (100 before; 9 processes)"

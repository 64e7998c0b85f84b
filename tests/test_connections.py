"""Connections: databases named by URL, secrets only from the environment and never shown.

A DuckDB database file stands in for a warehouse here (PostgreSQL and Spark have their
own tests with real servers); the expected rows are the fixture project's CSV rows, read
by the same config pointed at the files, so the two origins must load identically.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.util
import socket
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from click.testing import CliRunner
from projects import CONFIG, make_project

from cxsite.build import build, load_project
from cxsite.cli import main
from cxsite.errors import InputError

TODAY = dt.date(2024, 9, 12)
SECRET = "Xq7-secret-pa55"
WAREHOUSE = """\
connections:
  warehouse: duckdb:///${CX_TEST_WAREHOUSE}
sources:
  obs:
    kind: observations
    connection: warehouse
    table: obs
    columns: {date: day, metric: kpi, value: val}
  survey:
    kind: responses
    connection: warehouse
    query: SELECT * FROM survey WHERE Score IS NOT NULL
    date_format: "%d/%m/%Y"
    columns: {date: When, metric: Q, score: Score, comment: Text, respondent: Rid}
  tickets:
    kind: issues
    path: data/issues.csv
    columns: {id: Ticket, touchpoint: Area, category: Cat, opened: Opened, closed: Closed,
              status: State, owner: Who, action: Next}
"""
HEAD = "title: Test room\norganisation: Test Co\nmin_n: 5\n"


def warehouse_project(root: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> Path:
    """The fixture project with its observations and survey in a DuckDB database file."""
    make_project(root, {"cxsite.yml": HEAD + WAREHOUSE})
    with duckdb.connect(str(root / name)) as con:
        con.execute(f"CREATE TABLE obs AS FROM read_csv('{root}/data/obs.csv', all_varchar=true)")
        con.execute(
            f"CREATE TABLE survey AS FROM read_csv('{root}/data/survey.csv', all_varchar=true)"
        )
    monkeypatch.setenv("CX_TEST_WAREHOUSE", name)
    return root


def tree(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_tables_and_queries_on_a_connection_load_like_the_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = load_project(make_project(tmp_path / "files"), today=TODAY).data
    root = warehouse_project(tmp_path / "db", monkeypatch, "warehouse.duckdb")
    data = load_project(root, today=TODAY).data
    for kind in ("observations", "responses", "issues"):
        ours = data.to_pandas(kind).drop(columns="row")
        theirs = files.to_pandas(kind).drop(columns="row")
        pd.testing.assert_frame_equal(ours, theirs, check_dtype=False)
    assert len(data.responses) == 21  # every survey row of the fixture has a score


def test_check_validates_connections_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = warehouse_project(tmp_path / "db", monkeypatch, "warehouse.duckdb")
    before = tree(root)
    result = CliRunner().invoke(main, ["check", str(root)])
    assert result.exit_code == 0, result.output
    assert "4 observations, 21 survey responses, 4 issues" in result.output
    assert tree(root) == before


def test_check_reports_a_broken_query_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = warehouse_project(tmp_path / "db", monkeypatch, "warehouse.duckdb")
    config = (root / "cxsite.yml").read_text(encoding="utf-8")
    (root / "cxsite.yml").write_text(config.replace("FROM survey", "FROM surveys"), "utf-8")
    before = tree(root)
    result = CliRunner().invoke(main, ["check", str(root)])
    assert result.exit_code != 0
    assert "cxsite.yml:15: the query of sources.survey failed" in result.output
    assert "surveys" in result.output
    assert "Traceback" not in result.output
    assert tree(root) == before


def test_missing_environment_variable_is_named(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"cxsite.yml": HEAD + WAREHOUSE})
    with pytest.raises(InputError) as caught:
        load_project(root, today=TODAY)
    (problem,) = caught.value.problems
    assert str(problem).startswith(
        "cxsite.yml:5: environment variable 'CX_TEST_WAREHOUSE' used by"
        " 'connections.warehouse' is not set"
    )


def test_a_database_file_outside_the_project_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = warehouse_project(tmp_path / "db", monkeypatch, "../elsewhere.duckdb")
    with pytest.raises(InputError) as caught:
        load_project(root, today=TODAY)
    assert "outside the project folder" in str(caught.value.problems[0])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def test_a_password_never_reaches_messages_or_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A PostgreSQL URL with a password, to a port where nothing listens: the build fails
    with a message naming the connection, and the password is in no message or file."""
    root = make_project(
        tmp_path / "p",
        {
            "cxsite.yml": CONFIG.replace(
                "  obs:\n    kind: observations\n    path: data/obs.csv",
                "  obs:\n    kind: observations\n    connection: warehouse\n    table: obs",
            )
            + "connections:\n  warehouse: ${CX_PG_URL}\n",
        },
    )
    monkeypatch.setenv("CX_PG_URL", f"postgresql://cx:{SECRET}@127.0.0.1:{free_port()}/cx")
    out = tmp_path / "site"
    runner = CliRunner()
    result = runner.invoke(main, ["build", str(root), "--out", str(out)])
    assert result.exit_code != 0
    assert "connection 'warehouse'" in result.output or "'warehouse'" in result.output
    if importlib.util.find_spec("psycopg") is None:
        assert 'pip install "cxsite[postgres]"' in result.output
    else:
        assert "cannot connect to 'warehouse' (${CX_PG_URL})" in result.output
    assert SECRET not in result.output
    with pytest.raises(InputError) as caught:
        build(root, out=out)
    assert all(SECRET not in str(p) for p in caught.value.problems)
    for folder in (root, tmp_path):
        for path in folder.rglob("*"):
            if path.is_file():
                assert SECRET.encode() not in path.read_bytes(), path


def test_a_secret_in_a_working_connection_reaches_no_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The variable's value (here the database's file name) appears in no page, data
    file, build.json or progress line of a successful build."""
    name = f"wh-{SECRET}.duckdb"
    root = warehouse_project(tmp_path / "db", monkeypatch, name)
    out = tmp_path / "site"
    result = CliRunner().invoke(main, ["build", str(root), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "build.json").is_file()
    assert SECRET not in result.output
    for path in out.rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path


def test_a_bad_cell_in_a_table_is_named_by_its_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = warehouse_project(tmp_path / "db", monkeypatch, "warehouse.duckdb")
    with duckdb.connect(str(root / "warehouse.duckdb")) as con:
        con.execute("UPDATE survey SET Score = 'abc' WHERE Rid = 'r4' AND Q = 'nps'")
    config = (root / "cxsite.yml").read_text(encoding="utf-8")
    config = config.replace("query: SELECT * FROM survey WHERE Score IS NOT NULL", "table: survey")
    (root / "cxsite.yml").write_text(config, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_project(root, today=TODAY)
    (problem,) = caught.value.problems
    assert str(problem).startswith(
        "warehouse: survey (Rid r4): 'Score' is not a number (got 'abc')"
    )


def test_a_changed_database_file_is_rebuilt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = warehouse_project(tmp_path / "db", monkeypatch, "warehouse.duckdb")
    out = tmp_path / "site"
    assert not build(root, out=out).up_to_date
    assert build(root, out=out).up_to_date  # nothing changed: the build is skipped
    with duckdb.connect(str(root / "warehouse.duckdb")) as con:
        con.execute("DELETE FROM obs WHERE day = '2024-09-10'")
    assert not build(root, out=out).up_to_date


@pytest.mark.skipif(
    importlib.util.find_spec("pyspark") is not None, reason="the Spark extra is installed"
)
def test_spark_without_its_extra_says_which_command_to_run(tmp_path: Path) -> None:
    config = HEAD + WAREHOUSE.replace(
        "warehouse: duckdb:///${CX_TEST_WAREHOUSE}",
        'warehouse: {url: "spark://", master: "local[2]",'
        ' conf: {spark.sql.shuffle.partitions: "4"}}',
    )
    root = make_project(tmp_path / "p", {"cxsite.yml": config})
    with pytest.raises(InputError) as caught:
        load_project(root, today=TODAY)
    (problem,) = (str(p) for p in caught.value.problems)  # once, not once per source
    assert problem.startswith("cxsite.yml:5: connection 'warehouse' needs the pyspark driver")
    assert problem.endswith('pip install "cxsite[spark]"')

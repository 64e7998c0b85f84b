"""The sample company held in a real PostgreSQL server builds the same site as its files.

The exports are loaded as a warehouse holds them (``benchmarks/warehouse.py``: snake_case
columns, timestamps, doubles, NULL for empty cells), and the project reads them through
``connections:`` with ``table:`` and ``query:``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import warehouse  # benchmarks/warehouse.py (the conftest puts benchmarks/ on sys.path)
from warehousekit import EPOCH, REPO, assert_same_data

from cxsite.build import build
from cxsite.errors import InputError

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def loaded(pg_url: str) -> list[warehouse.Table]:
    tables = warehouse.export_tables(REPO)
    warehouse.load_postgres(pg_url, tables, log=lambda _: None)
    return tables


def test_the_sample_from_postgres_tables_builds_the_same_data_files(
    loaded: list[warehouse.Table],
    pg_url: str,
    sample_from_files: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    project = warehouse.warehouse_project(REPO, tmp_path / "room", loaded, "${CX_PG_URL}")
    config = (project / "cxsite.yml").read_text(encoding="utf-8")
    # One source through a query instead of a table: the same rows, named column by column.
    issues = next(t for t in loaded if t.name == "issues")
    columns = ", ".join(issues.schema.names)
    config = config.replace("table: issues", f'query: "SELECT {columns} FROM issues"')
    (project / "cxsite.yml").write_text(config, encoding="utf-8")
    assert config.count("connection: warehouse") == 6 and "path:" not in config
    monkeypatch.setenv("CX_PG_URL", pg_url)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)

    result = build(project, out=tmp_path / "site", strict=True, use_cache=False)

    assert_same_data(result.out, sample_from_files)


def test_a_wrong_password_is_an_error_that_does_not_show_it(
    loaded: list[warehouse.Table], pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = warehouse.warehouse_project(REPO, tmp_path / "room", loaded, "${CX_PG_URL}")
    parts = pg_url.split("@", 1)
    wrong = f"{parts[0].split('//')[0]}//cxsite_test:Wr0ng-s3cret@{parts[1]}"
    monkeypatch.setenv("CX_PG_URL", wrong)

    with pytest.raises(InputError) as raised:
        build(project, out=tmp_path / "site", use_cache=False)

    message = str(raised.value)
    assert "Wr0ng-s3cret" not in message
    assert "cxsite.yml" in message and "warehouse" in message
    assert not (tmp_path / "site").exists()


def test_the_summary_on_postgres_sees_an_old_date_and_a_same_length_text_change(
    pg_url: str,
) -> None:
    """PostgreSQL has no hash in Ibis: the server's ``hashtext`` of every value's text is
    summed instead, so a change that keeps the count, the newest date and every length
    still changes the summary; the same rows in another order do not."""
    import ibis
    import psycopg

    from cxsite.data.source_summary import summarise

    name = "summary_probe"
    rows = [
        ("T1", "2024-09-02 10:00:00", "Price", 3.5),
        ("T2", "2024-09-09 11:30:00", "Delay", None),
        ("T3", "2024-09-16 09:15:00", "Price", 1.0),
    ]

    def load(values: list[tuple[object, ...]]) -> dict[str, object]:
        with psycopg.connect(pg_url, autocommit=True) as con:
            con.execute(f"DROP TABLE IF EXISTS {name}")
            con.execute(f"CREATE TABLE {name} (id text, opened timestamp, cat text, x float8)")
            with con.cursor() as cur:
                cur.executemany(f"INSERT INTO {name} VALUES (%s, %s, %s, %s)", values)
        backend = ibis.connect(pg_url)
        try:
            return summarise(backend.table(name))
        finally:
            backend.disconnect()

    try:
        base = load(rows)
        assert base["rows"] == "3" and base["newest_1"].startswith("2024-09-16")
        assert load(list(reversed(rows))) == base
        older = [("T1", "2024-09-02 10:00:01", "Price", 3.5), *rows[1:]]
        assert load(older) != base  # an old date moved by a second: same length
        renamed = [rows[0], ("T2", "2024-09-09 11:30:00", "Delai", None), rows[2]]
        assert load(renamed) != base  # a text changed to another of the same length
        filled = [rows[0], ("T2", "2024-09-09 11:30:00", "Delay", 0.0), rows[2]]
        assert load(filled) != base  # an empty number filled in
    finally:
        with psycopg.connect(pg_url, autocommit=True) as con:
            con.execute(f"DROP TABLE IF EXISTS {name}")


def test_a_postgres_table_is_summarised_by_its_rows_versions(pg_url: str) -> None:
    """A table on PostgreSQL is summarised by its count, newest dates and the sum of its
    rows' versions: every insert, update (even to the same value) and delete changes the
    summary, nothing else does, and a view (which has no row versions) is hashed."""
    import ibis
    import psycopg

    from cxsite.data.source_summary import row_versions

    def run(*statements: str) -> None:
        with psycopg.connect(pg_url, autocommit=True) as con:
            for statement in statements:
                con.execute(statement)

    run(
        "DROP VIEW IF EXISTS probe_view",
        "DROP TABLE IF EXISTS probe.versions",
        "CREATE SCHEMA IF NOT EXISTS probe",
        "CREATE TABLE probe.versions (id text, opened timestamp, x float8)",
        "INSERT INTO probe.versions VALUES ('T1', '2024-09-02 10:00', 3.5),"
        " ('T2', '2024-09-09 11:30', NULL)",
        "CREATE VIEW probe_view AS SELECT * FROM probe.versions",
    )
    backend = ibis.connect(pg_url)
    try:

        def summary() -> dict[str, object] | None:
            return row_versions(backend.table("versions", database="probe"), "probe.versions")

        base = summary()
        assert base is not None
        assert base["rows"] == "2" and str(base["newest_1"]).startswith("2024-09-09 11:30")
        assert summary() == base  # read twice, nothing written: the same
        run("UPDATE probe.versions SET x = 3.5 WHERE id = 'T1'")  # the same value again
        updated = summary()
        assert updated is not None and updated != base and updated["rows"] == "2"
        run("INSERT INTO probe.versions VALUES ('T3', '2024-09-01 09:00', 1.0)")
        inserted = summary()
        assert inserted is not None and inserted["rows"] == "3"
        assert inserted["newest_1"] == updated["newest_1"]  # an older date: only the versions
        run("DELETE FROM probe.versions WHERE id = 'T3'")
        deleted = summary()
        assert deleted is not None and deleted["rows"] == "2" and deleted != inserted
        assert row_versions(backend.table("probe_view"), "probe_view") is None
        assert summary() == deleted  # the failed query on the view left the connection usable
    finally:
        backend.disconnect()
        run("DROP VIEW IF EXISTS probe_view", "DROP SCHEMA probe CASCADE")


def test_a_fresh_database_is_dropped_with_a_session_still_open(pg_url: str) -> None:
    """The tests' own databases go even when a build left a session open in them."""
    import psycopg
    from backends import fresh_database

    with fresh_database(pg_url) as url:
        left_open = psycopg.connect(url, autocommit=True)
        left_open.execute("CREATE TABLE t AS SELECT 1 AS x")
        name = url.rsplit("/", 1)[1]
    with psycopg.connect(pg_url, autocommit=True) as admin:
        found = admin.execute("SELECT count(*) FROM pg_database WHERE datname = %s", [name])
        assert found.fetchone() == (0,)
    left_open.close()

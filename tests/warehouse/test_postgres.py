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

"""The sample company in a Spark lake builds the same site as its files, on a local
Spark session: the build runs unchanged on a distributed engine.

The exports become Parquet folders (``benchmarks/warehouse.py``), registered as tables of
the session's catalog as a cluster's metastore would hold them; one source reads its
folder straight through a Spark SQL query instead.
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import pytest
import warehouse  # benchmarks/warehouse.py (the conftest puts benchmarks/ on sys.path)
from warehousekit import EPOCH, REPO, assert_same_data

from cxsite.build import build

pytestmark = pytest.mark.spark

CONNECTION = {
    "url": "spark://",
    "master": "local[2]",
    # A small job: few shuffle partitions keep the local session fast.
    "conf": {
        "spark.sql.shuffle.partitions": "2",
        "spark.ui.enabled": "false",
        "spark.sql.execution.arrow.pyspark.enabled": "true",
    },
}


# pyspark streams every result through a local socket it leaves to the garbage collector
# to close ("closed when garbage-collected"), which warns; collected within the test.
@pytest.mark.filterwarnings("ignore:unclosed <socket.socket:ResourceWarning")
def test_the_sample_from_spark_tables_builds_the_same_data_files(
    spark: Any,
    sample_from_files: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tables = warehouse.export_tables(REPO)
    folders = warehouse.write_parquet(tmp_path / "lake", tables)
    for name, folder in folders.items():
        spark.sql(f"CREATE TABLE {name} USING parquet LOCATION '{folder}'")
    project = warehouse.warehouse_project(REPO, tmp_path / "room", tables, CONNECTION)
    config = (project / "cxsite.yml").read_text(encoding="utf-8")
    config = config.replace(
        "table: social_comments",
        f'query: "SELECT * FROM parquet.`{folders["social_comments"]}`"',
    )
    (project / "cxsite.yml").write_text(config, encoding="utf-8")
    assert config.count("connection: warehouse") == 6 and "path:" not in config
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)

    result = build(project, out=tmp_path / "site", strict=True, use_cache=False)
    gc.collect()

    assert_same_data(result.out, sample_from_files)

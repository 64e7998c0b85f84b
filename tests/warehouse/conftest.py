"""Fixtures for the warehouse tests: the sample built from its files once, a PostgreSQL
database of the session's own, a local Spark session (see ``backends.py``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from backends import fresh_database, postgres_server, spark_session
from warehousekit import EPOCH, REPO

from cxsite.build import build


@pytest.fixture(scope="session")
def pg_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A PostgreSQL database the session may fill; dropped at the end."""
    with postgres_server(tmp_path_factory.mktemp("pg")) as server, fresh_database(server) as url:
        yield url


@pytest.fixture(scope="session")
def spark(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    session = spark_session(tmp_path_factory.mktemp("spark-warehouse"))
    yield session
    session.stop()


@pytest.fixture(scope="session")
def sample_from_files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample company built from its export files: what the warehouse builds must equal."""
    out = tmp_path_factory.mktemp("sample-files") / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        build(REPO, out=out, strict=True, use_cache=False)
    return out

"""Fixtures for the warehouse tests: the sample built from its files once, a PostgreSQL
database of the session's own, a local Spark session (see ``backends.py``)."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))
REPO = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

from backends import fresh_database, postgres_server, spark_session  # noqa: E402

from cxsite.build import build  # noqa: E402

EPOCH = "1700000000"  # one build time for every build compared byte for byte
BUILD_ID = re.compile(rb'"build_id": ?"[0-9a-f]{16}"')


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


def data_files(site: Path) -> dict[str, bytes]:
    """Every data file of a site (JSON and CSV: data/, downloads, exports, alerts), with
    the build id blanked: it fingerprints the inputs, which differ by design."""
    files = {}
    for path in sorted(site.rglob("*")):
        relative = path.relative_to(site).as_posix()
        if path.suffix in {".json", ".csv"} and not relative.startswith("pagefind/"):
            files[relative] = BUILD_ID.sub(b'"build_id":""', path.read_bytes())
    return files


def assert_same_data(built: Path, expected: Path) -> None:
    got, want = data_files(built), data_files(expected)
    assert len(want) > 100, "the reference build wrote too few data files to compare"
    assert sorted(got) == sorted(want)
    differing = [name for name in want if got[name] != want[name]]
    assert not differing, f"{len(differing)} data files differ, e.g. {differing[:5]}"

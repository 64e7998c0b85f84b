"""Real database servers for the warehouse tests: PostgreSQL and a local Spark session.

PostgreSQL: the server named by ``CXSITE_TEST_PG_URL`` (``.ci/run`` starts Debian's
cluster and sets it), else a throwaway cluster made with ``initdb`` from
``/usr/lib/postgresql/*/bin`` in a temporary folder, run as a non-root user (as
``postgres`` when the tests run as root). Spark: a ``local[2]`` session of ``pyspark``,
which needs a Java runtime.

When a component is missing the tests that need it are skipped with the reason; a
component named in ``CXSITE_REQUIRE_BACKENDS`` (``.ci/run`` names both) fails them
instead, so CI cannot pass without running them.
"""

from __future__ import annotations

import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import urlsplit

import pytest

PG_URL_VARIABLE = "CXSITE_TEST_PG_URL"
REQUIRE_VARIABLE = "CXSITE_REQUIRE_BACKENDS"


def unavailable(backend: str, reason: str) -> NoReturn:
    """Skip, saying why, unless CI requires the backend: then fail."""
    required = os.environ.get(REQUIRE_VARIABLE, "").replace(" ", "").split(",")
    if backend in required:
        pytest.fail(f"{backend} is required here ({REQUIRE_VARIABLE}) but {reason}")
    pytest.skip(f"{backend}: {reason}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def postgres_server(scratch: Path) -> Iterator[str]:
    """The URL of a PostgreSQL server to use: the configured one or a throwaway one."""
    url = os.environ.get(PG_URL_VARIABLE)
    if url:
        yield url
        return
    bins = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    if not bins:
        unavailable(
            "postgres",
            f"{PG_URL_VARIABLE} is not set and no PostgreSQL server is installed"
            " (apt-get install postgresql)",
        )
    with _throwaway_cluster(bins[-1].parent, scratch) as url:
        yield url


@contextmanager
def _throwaway_cluster(bin_dir: Path, scratch: Path) -> Iterator[str]:
    as_user = _non_root_runner()
    if as_user:
        # The server's user must reach its folder: pytest's temp folders are private to
        # root, so the cluster lives in a folder of its own under the system temp dir.
        scratch = Path(tempfile.mkdtemp(prefix="cxsite-pg-"))
        owner = pwd.getpwnam("postgres")
        os.chown(scratch, owner.pw_uid, owner.pw_gid)
    scratch.mkdir(parents=True, exist_ok=True)
    data, port = scratch / "data", free_port()

    def run(*args: str) -> None:
        done = subprocess.run(
            [*as_user, *args], capture_output=True, text=True, timeout=120, check=False
        )
        if done.returncode:
            pytest.fail(f"{Path(args[0]).name} failed: {done.stderr.strip() or done.stdout}")

    run(str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "cxsite",
        "-E", "UTF8", "--locale=C", "--no-sync")  # fmt: skip
    options = f"-p {port} -k {scratch} -c listen_addresses=127.0.0.1 -c fsync=off"
    log = scratch / "server.log"
    run(str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(log), "-w", "start")
    try:
        yield f"postgresql://cxsite@127.0.0.1:{port}/postgres"
    finally:
        run(str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop")
        if as_user:
            shutil.rmtree(scratch, ignore_errors=True)


def _non_root_runner() -> list[str]:
    """How to run the server's programs: directly, or as ``postgres`` when we are root
    (PostgreSQL refuses to run as root)."""
    if os.geteuid() != 0:
        return []
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        unavailable("postgres", "running as root and there is no 'postgres' user to run a server")
    runuser = shutil.which("runuser")
    if runuser is None:
        unavailable("postgres", "running as root and 'runuser' is missing")
    return [runuser, "-u", "postgres", "--"]


@contextmanager
def fresh_database(server_url: str) -> Iterator[str]:
    """A database of its own on the server, dropped afterwards; its URL."""
    try:
        import psycopg
    except ImportError:
        unavailable("postgres", "psycopg is not installed (pip install 'cxsite[postgres]')")
    name = f"cxsite_t_{secrets.token_hex(4)}"
    try:
        admin = psycopg.connect(server_url, autocommit=True, connect_timeout=10)
    except psycopg.OperationalError as exc:
        unavailable("postgres", f"cannot connect to the server ({exc.sqlstate or 'no answer'})")
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = urlsplit(server_url)._replace(path=f"/{name}").geturl()
    try:
        yield url
    finally:
        with psycopg.connect(server_url, autocommit=True) as admin:
            _drop_database(admin, name)


def _drop_database(admin: Any, name: str) -> None:
    """Drop the database ``name``, ending the sessions still in it.

    A build's sessions (this role's) are ended here. An autovacuum worker busy with the
    freshly loaded tables is the server's: WITH (FORCE) may not signal it without
    superuser rights (CI saw "must be a member of the role whose process is being
    terminated"), while a plain DROP DATABASE stops it and waits for it.
    """
    import psycopg

    for _ in range(40):
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s"
            " AND usename = current_user AND pid <> pg_backend_pid()",
            [name],
        )
        try:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            return
        except psycopg.errors.ObjectInUse:
            time.sleep(0.25)  # a session that was ending, or one that just connected
    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def spark_session(warehouse_dir: Path) -> Any:
    """A local Spark session (two cores, few shuffle partitions, no UI) or a skip."""
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        unavailable("spark", "no Java runtime (apt-get install default-jre-headless)")
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        unavailable("spark", "pyspark is not installed (pip install 'cxsite[spark]')")
    return (
        SparkSession.builder.master("local[2]")
        .appName("cxsite-tests")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.warehouse.dir", str(warehouse_dir))
        .getOrCreate()
    )

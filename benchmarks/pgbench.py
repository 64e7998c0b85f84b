"""The PostgreSQL-backed row of the benchmark (``run.py --sizes L-PG --postgres URL``).

A size with ``-PG`` (``S-PG``, ``M-PG``, ``L-PG``) is that company loaded into PostgreSQL
once (``warehouse.py``: one table per export, COPY; timed on its own, not part of the
build), then built cold from the warehouse copy of the project in a fresh process, the
way ``run.py`` measures every build: wall and CPU time and the peak PSS of the build's
process tree. On top of that:

- **database time, the server's side**: the growth of ``pg_stat_database.active_time``
  of the URL's database over the build — the milliseconds its sessions spent executing
  statements (PostgreSQL 14+). The build process has exited (its sessions closed and
  reported) before the second reading. It counts every session in that database, so
  give the benchmark a database of its own; sessions already connected when the build
  starts are reported (``other_sessions``).
- **database time, cxsite's side**: the seconds the build process spent inside the
  PostgreSQL driver's calls (psycopg ``execute`` and ``fetch*`` on client and
  server-side cursors), measured by wrapping those methods in the build's process
  before ``cxsite`` is imported; cxsite itself is not changed. This adds the network
  and turning rows into Python values to the server's time, but not Ibis turning those
  values into Arrow and pandas.
- **the server's memory**: the PSS of the PostgreSQL server's processes (postmaster and
  every backend) sampled every half second during the build. They are outside the
  build's process tree, so they are reported apart from its peak. Only for a server on
  this machine whose processes we may read; otherwise the report says why not.
"""

from __future__ import annotations

import json
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import psutil
import run  # benchmarks/run.py: this script's folder is first on sys.path
import warehouse  # benchmarks/warehouse.py

SUFFIX = "-PG"
SERVER_EVERY = 0.5  # seconds between samples of the server's memory
DRIVER_FILE = "CXSITE_BENCH_DRIVER_FILE"  # where the build's process writes the driver's totals

# Run before the build's own code in its process: every psycopg call that executes or
# fetches is timed. Calls nested in a timed call (a server-side cursor's fetch running a
# FETCH through execute) count once. The totals go to a file when the process exits
# (not to its output, which the harness reads for the build's result and its error).
DRIVER_TIMING = f"""\
import atexit, json, os, time
import psycopg
_spent = {{"seconds": 0.0, "executes": 0, "fetches": 0}}
_depth = [0]
def _timed(method, counter):
    def timed(self, *args, **kwargs):
        if _depth[0]:
            return method(self, *args, **kwargs)
        _depth[0] += 1
        started = time.perf_counter()
        try:
            return method(self, *args, **kwargs)
        finally:
            _spent["seconds"] += time.perf_counter() - started
            _spent[counter] += 1
            _depth[0] -= 1
    return timed
for _cls in (psycopg.Cursor, psycopg.ServerCursor):
    for _name in ("execute", "executemany", "fetchone", "fetchmany", "fetchall"):
        if _name in vars(_cls):
            _counter = "executes" if _name.startswith("execute") else "fetches"
            setattr(_cls, _name, _timed(vars(_cls)[_name], _counter))
def _write():
    with open(os.environ["{DRIVER_FILE}"], "w", encoding="utf-8") as handle:
        json.dump(_spent, handle)
atexit.register(_write)
"""


def bench_postgres(
    token: str, url: str, workdir: Path, timeout: float, log: Callable[[str], None] = run.log
) -> run.SizeResult:
    """Load the size named by ``token`` (``L-PG``) into PostgreSQL, then build it cold from
    there; a :class:`run.SizeResult` whose ``postgres`` holds the database figures."""
    size = token[: -len(SUFFIX)]
    prepared = run.prepare(size, workdir, timeout)  # the generated exports (reused)
    label = prepared.label + SUFFIX
    result = run.SizeResult(
        label=label,
        inputs=run.inventory(prepared.base),
        generation=prepared.generation,
        project=str(workdir / label / "room-postgres"),
        base=str(prepared.base),
    )
    log(f"{label}: loading {result.inputs['rows']:,} rows into PostgreSQL")
    result.cold, result.postgres = measure(prepared.base, url, workdir / label, timeout, log)
    if result.cold.ok:
        result.output = run.output_stats(workdir / label / "site")
        # Nothing changed in the database: the summaries of its tables say so.
        log(f"{label}: no-change build")
        result.nochange = run.run_build(
            Path(result.project), workdir / label / "site", timeout, workdir / label / "logs",
            "postgres-no-change", env={"CX_PG_URL": url},
        )  # fmt: skip
        log(f"{label}: no-change build in {result.nochange.seconds:.2f}s")
    return result


def measure(
    project: Path, url: str, root: Path, timeout: float, log: Callable[[str], None] = run.log
) -> tuple[run.BuildRun, dict[str, Any]]:
    """Load ``project``'s exports into the URL's database (timed), write its warehouse copy
    to ``root/room-postgres`` and build that cold into ``root/site`` in a fresh process:
    the build's figures, and the database's."""
    logs = root / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    tables = warehouse.export_tables(project)
    loaded: list[str] = []

    def table_loaded(line: str) -> None:
        loaded.append(line)
        log(f"loaded {line}")

    started = time.perf_counter()
    warehouse.load_postgres(url, tables, table_loaded)
    load_s = time.perf_counter() - started
    # The URL reaches the build only through the environment, never a file.
    room = warehouse.warehouse_project(project, root / "room-postgres", tables, "${CX_PG_URL}")
    site = root / "site"
    shutil.rmtree(room / run.CACHE_DIR, ignore_errors=True)
    shutil.rmtree(site, ignore_errors=True)

    server = ServerMemory.of(url)
    other_sessions = _other_sessions(url)
    if other_sessions:
        log(
            f"WARNING: {other_sessions} other sessions are connected to the database; their "
            "statements count in its active time too (give the benchmark a database of its own)"
        )
    before = database_seconds(url)
    log(f"cold build from PostgreSQL ({room})")
    totals = logs / "postgres-cold.driver.json"
    totals.unlink(missing_ok=True)
    with server.sampling():
        cold = run.run_build(
            room, site, timeout, logs, "postgres-cold", code=DRIVER_TIMING + run.BUILD_CODE,
            env={"CX_PG_URL": url, DRIVER_FILE: str(totals)},
        )  # fmt: skip
    in_database = _settled_seconds(url, before)
    driver = _driver_totals(totals)
    figures = {
        "load_s": round(load_s, 2),
        "load_tables": loaded,
        "database_s": round(in_database, 3),
        "database_share": round(in_database / cold.seconds, 3) if cold.seconds else None,
        "driver_s": round(driver["seconds"], 3) if driver else None,
        "driver_share": round(driver["seconds"] / cold.seconds, 3) if driver else None,
        "driver_executes": driver["executes"] if driver else None,
        "driver_fetches": driver["fetches"] if driver else None,
        "other_sessions": other_sessions,
        "server_pss_before": server.before,
        "server_pss_peak": server.peak,
        "server_processes": server.processes,
        "server_memory_note": server.note,
        "server": _server_version(url),
    }
    state = "ok" if cold.ok else ("TIMED OUT" if cold.timed_out else "FAILED")
    log(
        f"cold build from PostgreSQL {state} in {cold.seconds:.1f}s "
        f"(cpu {cold.cpu_seconds:.1f}s, PSS {cold.peak_pss / run.MB:,.0f} MB); "
        f"database {in_database:.1f}s (server), "
        f"{driver['seconds'] if driver else float('nan'):.1f}s (driver calls)"
    )
    if not cold.ok:
        log(f"  {cold.error}")
    return cold, figures


# --------------------------------------------------------------------------- database time


def database_seconds(url: str) -> float:
    """Seconds the sessions of the URL's database have spent executing statements so far
    (``pg_stat_database.active_time``)."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as db:
        row = db.execute(
            "SELECT active_time FROM pg_stat_database WHERE datname = current_database()"
        ).fetchone()
    return float(row[0] if row and row[0] is not None else 0.0) / 1000


def _settled_seconds(url: str, before: float, patience: float = 5.0) -> float:
    """The build's database seconds once the server has taken in the statistics of the
    sessions that closed with the build (they arrive a moment after the process ends)."""
    deadline = time.monotonic() + patience
    last = database_seconds(url)
    while time.monotonic() < deadline:
        time.sleep(0.25)
        now = database_seconds(url)
        if now == last and now > before:
            break
        last = now
    return last - before


def _other_sessions(url: str) -> int:
    """Sessions already connected to the database (besides ours): their statements would
    count in ``active_time`` too."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as db:
        row = db.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchone()
    return int(row[0]) if row else 0


def _server_version(url: str) -> str:
    import psycopg

    with psycopg.connect(url, autocommit=True) as db:
        row = db.execute("SHOW server_version").fetchone()
    return str(row[0]) if row else ""


def _driver_totals(path: Path) -> dict[str, Any] | None:
    if not path.exists():
        return None  # the process was killed (time or memory limit) before it could write
    totals: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return totals


# --------------------------------------------------------------------------- server memory


class ServerMemory:
    """PSS of a local PostgreSQL server's processes, sampled in a thread during a build."""

    def __init__(self, postmaster: psutil.Process | None, note: str = "") -> None:
        self.postmaster = postmaster
        self.note = note
        self.before: int | None = None
        self.peak: int | None = None
        self.processes = 0
        self._stop = threading.Event()

    @classmethod
    def of(cls, url: str) -> ServerMemory:
        """The server behind ``url`` when it runs on this machine: the parent of the
        backend that serves our session is the postmaster."""
        import psycopg

        host = urlsplit(url).hostname or "localhost"
        if host not in {"localhost", "127.0.0.1", "::1"} and not host.startswith("/"):
            return cls(None, f"the server ({host}) is not on this machine")
        with psycopg.connect(url, autocommit=True) as db:
            row = db.execute("SELECT pg_backend_pid()").fetchone()
        try:
            backend = psutil.Process(int(row[0]) if row else -1)
            postmaster = backend.parent()
            if postmaster is None:
                return cls(None, "the server's main process was not found")
            postmaster.memory_full_info()  # may we read its memory at all?
        except psutil.Error as exc:
            return cls(None, f"the server's processes cannot be read ({type(exc).__name__})")
        return cls(postmaster)

    def total(self) -> tuple[int, int]:
        """PSS bytes of the postmaster and all its children, and how many they are."""
        assert self.postmaster is not None
        members = [self.postmaster, *self.postmaster.children(recursive=True)]
        pss = 0
        for member in members:
            try:
                pss += member.memory_full_info().pss
            except psutil.Error:
                continue  # a backend that ended between listing and reading
        return pss, len(members)

    def sampling(self) -> _Sampling:
        return _Sampling(self)

    def _loop(self) -> None:
        while not self._stop.wait(SERVER_EVERY):
            self._sample()

    def _sample(self) -> None:
        try:
            pss, count = self.total()
        except psutil.Error:
            return
        self.peak = max(self.peak or 0, pss)
        self.processes = max(self.processes, count)


class _Sampling:
    """``with server.sampling():`` samples the server's memory until the block ends."""

    def __init__(self, server: ServerMemory) -> None:
        self.server = server
        self.thread: threading.Thread | None = None

    def __enter__(self) -> None:
        if self.server.postmaster is None:
            return
        self.server.before, _ = self.server.total()
        self.server._sample()
        self.thread = threading.Thread(target=self.server._loop, daemon=True)
        self.thread.start()

    def __exit__(self, *_: object) -> None:
        if self.thread is not None:
            self.server._stop.set()
            self.thread.join()
            self.server._sample()


# --------------------------------------------------------------------------- report


def postgres_table(results: list[run.SizeResult]) -> str:
    """One row per PostgreSQL-backed build."""
    rows = []
    for r in results:
        pg, cold = r.postgres, r.cold
        if pg is None or cold is None:
            continue
        rows.append(
            [
                r.label,
                f"{pg['load_s']:.1f}",
                run._s(cold),
                f"{cold.cpu_seconds:.1f}",
                f"{cold.peak_pss / run.MB:,.0f}",
                _seconds_and_share(pg["database_s"], pg["database_share"]),
                _seconds_and_share(pg["driver_s"], pg["driver_share"]),
                f"{pg['driver_executes']} / {pg['driver_fetches']}"
                if pg["driver_s"] is not None
                else "-",
                _server_memory(pg),
                run._load(cold),
            ]
        )
    headers = [
        "size", "load into PG s", "cold s", "cpu s", "PSS MB (build)", "in database s (server)",
        "in driver s (cxsite)", "executes / fetches", "server PSS MB", "load (cold)",
    ]  # fmt: skip
    return run.table(headers, rows)


def reported(r: run.SizeResult) -> list[dict[str, Any]]:
    """The database figures as rows of the targets table: the issue asks for them to be
    reported, and sets no limit on them."""
    pg, cold = r.postgres, r.cold
    if pg is None or cold is None or not cold.ok:
        return []
    rows = [
        ("time in the database (server: active_time)", pg["database_s"], pg["database_share"]),
        ("time in the database driver (cxsite's side)", pg["driver_s"], pg["driver_share"]),
    ]
    checks = [
        {
            "size": r.label,
            "target": name,
            "limit": "(reported)",
            "measured": _seconds_and_share(seconds, share),
            "met": None,
            "by": None,
            "load": run._load(cold),
        }
        for name, seconds, share in rows
    ]
    checks.append(
        {
            "size": r.label,
            "target": "PostgreSQL server memory (PSS, outside the build)",
            "limit": "(reported)",
            "measured": _server_memory(pg),
            "met": None,
            "by": None,
            "load": run._load(cold),
        }
    )
    return checks


def _seconds_and_share(seconds: float | None, share: float | None) -> str:
    if seconds is None:
        return "n/a"
    return f"{seconds:.1f} ({share:.0%})" if share is not None else f"{seconds:.1f}"


def _server_memory(pg: dict[str, Any]) -> str:
    if pg["server_pss_peak"] is None:
        return f"n/a: {pg['server_memory_note']}"
    return (
        f"{pg['server_pss_peak'] / run.MB:,.0f} peak "
        f"({pg['server_pss_before'] / run.MB:,.0f} before; {pg['server_processes']} processes)"
    )

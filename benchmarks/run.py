#!/usr/bin/env python3
"""Benchmark cxsite builds on the sample company (S) and generated companies (M, L).

    python benchmarks/run.py --sizes S,M,L [--workdir DIR] [--timeout SECONDS]

Per size: cold build, no-change rebuild, rebuild after one more week of data, peak memory
of the whole build process tree, pages, output size, the largest page and the time of
each build phase. For the largest size built: the I/O floor (read every input, write as
many bytes as the build wrote) and the cost of drawing every chart with
``plotly.graph_objects`` instead of plain dicts. Then growth from size to size.

Every build runs in a fresh ``python -c`` process calling ``cxsite.build.build``, so the
times and memory are those of the whole process, imports included. Results are printed
and written to ``benchmarks/out/results.json``. README.md next to this file explains
every figure and the targets.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import platform
import random
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import generate  # benchmarks/generate.py: this script's folder is first on sys.path
import psutil

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "benchmarks" / "out"
SAMPLE_SECONDS = 0.05
PSS_EVERY = 10  # samples: PSS every half second
SOURCE_DATE_EPOCH = "1763424000"  # fixed build time, so identical inputs give identical bytes
CACHE_DIR = ".cxsite-cache"
PAGE_LIMIT = 500_000
MB = 1_000_000

# (size, figure, limit): what the data engine is built to reach on a 2-core machine.
TARGETS: tuple[tuple[str, str, float], ...] = (
    ("L", "cold_s", 10.0),
    ("L", "floor_ratio", 3.0),
    ("L", "pss_bytes", 1_000_000_000),
    ("L", "append_s", 5.0),
    ("L", "nochange_s", 1.0),
    ("L", "largest_page_bytes", PAGE_LIMIT),
    ("XL", "cold_s", 60.0),
    ("XL", "pss_bytes", 4_000_000_000),
    # L built from PostgreSQL tables (pgbench.py): the same limits as from files.
    ("L-PG", "cold_s", 10.0),
    ("L-PG", "pss_bytes", 1_000_000_000),
    # "a database source is fingerprinted by a cheap pushed-down summary ..., so a rebuild
    # with nothing changed stays under a second"
    ("L-PG", "nochange_s", 1.0),
)
# Sizes whose exports are too big to rewrite for an appended week in the benchmark's time
# (the generator rewrites a whole Parquet file per week) and too slow to build twice.
NO_APPEND = {"XL"}

BUILD_CODE = """\
import json, sys, time
from pathlib import Path
from cxsite.build import build
def progress(message):
    print(f"{time.time():.3f}\\t{message}", file=sys.stderr, flush=True)
result = build(Path(sys.argv[1]), out=Path(sys.argv[2]), progress=progress)
print(json.dumps({"timings": result.timings, "pages": len(result.pages),
                  "bytes_written": result.bytes_written}))
"""


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- processes


@dataclass
class Measured:
    """One child process: wall time, peak memory of its tree, and what it printed."""

    seconds: float
    cpu_seconds: float  # user + system time of the tree: steadier than wall time on a busy host
    peak_rss: int
    peak_pss: int
    peak_at: float  # seconds after the start when RSS peaked
    started: float  # time.time() at the start, to place the child's progress lines
    returncode: int | None
    timed_out: bool
    stdout: str
    stderr: str
    load: tuple[float, float]  # 1-minute load average before and after
    others_cpu: float  # CPU seconds the rest of the machine used meanwhile


def tree_memory(process: psutil.Process, proportional: bool = False) -> int:
    """Resident memory of a process and all its descendants, in bytes. RSS counts pages
    that forked workers share with their parent once per process; PSS (proportional)
    splits them, but costs more to read, so it is sampled less often."""
    total = 0
    try:
        members = [process, *process.children(recursive=True)]
    except psutil.Error:
        return 0
    for member in members:
        try:
            total += member.memory_full_info().pss if proportional else member.memory_info().rss
        except (psutil.Error, AttributeError):
            continue  # it ended between listing and reading: nothing left to count
    return total


def stop_tree(process: psutil.Process) -> None:
    """Kill a process we started and every process it started, by pid."""
    try:
        children = process.children(recursive=True)
    except psutil.Error:
        children = []
    for member in [*children, process]:
        try:
            member.kill()
        except psutil.Error:
            continue


@dataclass
class Sampler:
    """Memory of a process tree over time: RSS every sample, PSS every PSS_EVERY."""

    process: psutil.Process
    started: float  # time.time() when the process was started
    peak: int = 0
    peak_at: float = 0.0
    peak_pss: int = 0
    count: int = 0
    trace: list[tuple[float, int]] = field(default_factory=list)

    def sample(self) -> None:
        now = time.time() - self.started
        rss = tree_memory(self.process)
        self.trace.append((now, rss))
        if rss > self.peak:
            self.peak, self.peak_at = rss, now
        if self.count % PSS_EVERY == 0:
            self.peak_pss = max(self.peak_pss, tree_memory(self.process, proportional=True))
        self.count += 1

    def write(self, path: Path) -> None:
        lines = [f"{t:.3f}\t{rss}" for t, rss in self.trace]
        path.write_text("seconds\trss_bytes\n" + "\n".join(lines) + "\n", encoding="utf-8")


def run_measured(
    command: Sequence[str], env: dict[str, str], timeout: float, logs: Path, name: str
) -> Measured:
    """Run ``command``, sampling the tree's memory every 50 ms; stop it after ``timeout``
    or when its RSS passes the cap in CXSITE_BENCH_MAX_RSS_GB (if set)."""
    cap = env.get("CXSITE_BENCH_MAX_RSS_GB")
    max_rss = int(float(cap) * 1e9) if cap else None
    logs.mkdir(parents=True, exist_ok=True)
    out_path, err_path = logs / f"{name}.stdout", logs / f"{name}.stderr"
    timed_out = False
    load_before = os.getloadavg()[0]
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    machine = _busy_seconds()
    with out_path.open("wb") as out, err_path.open("wb") as err:
        started, epoch = time.perf_counter(), time.time()
        child = subprocess.Popen(command, cwd=REPO, env=env, stdout=out, stderr=err)
        sampler = Sampler(psutil.Process(child.pid), epoch)
        while True:
            sampler.sample()
            try:
                # Waiting (rather than sleeping) ends the clock the moment the child exits.
                child.wait(timeout=SAMPLE_SECONDS)
                break
            except subprocess.TimeoutExpired:
                too_big = max_rss is not None and sampler.peak > max_rss
                if time.perf_counter() - started > timeout or too_big:
                    # (a build past the memory cap is stopped like one past the time limit,
                    # so a size the machine cannot hold does not take it from everyone else)
                    timed_out = True
                    stop_tree(sampler.process)
                    child.wait()
                    break
        seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    tree_cpu = after.ru_utime - usage.ru_utime + after.ru_stime - usage.ru_stime
    sampler.write(logs / f"{name}.memory.tsv")
    return Measured(
        seconds=seconds,
        cpu_seconds=tree_cpu,
        peak_rss=sampler.peak,
        peak_pss=sampler.peak_pss,
        peak_at=sampler.peak_at,
        started=epoch,
        returncode=child.returncode,
        timed_out=timed_out,
        stdout=out_path.read_text(encoding="utf-8", errors="replace"),
        stderr=err_path.read_text(encoding="utf-8", errors="replace"),
        load=(load_before, os.getloadavg()[0]),
        others_cpu=max(0.0, _busy_seconds() - machine - tree_cpu),
    )


def _busy_seconds() -> float:
    """CPU seconds the whole machine has spent busy since boot."""
    times = psutil.cpu_times()
    return float(sum(times) - times.idle - getattr(times, "iowait", 0.0))


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    # The repository's cxsite, whether or not it is installed in this environment.
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH")) if p)
    env["SOURCE_DATE_EPOCH"] = SOURCE_DATE_EPOCH
    return env


# --------------------------------------------------------------------------- builds


@dataclass
class BuildRun:
    seconds: float
    cpu_seconds: float
    peak_rss: int
    peak_pss: int
    peak_at: float
    peak_during: str
    ok: bool
    timed_out: bool
    timings: dict[str, float] = field(default_factory=dict)
    pages: int | None = None
    bytes_written: int | None = None
    progress: list[tuple[float, str]] = field(default_factory=list)
    error: str = ""
    load: tuple[float, float] = (0.0, 0.0)
    others_cpu: float = 0.0  # CPU seconds used by other work on the machine meanwhile
    code: str = ""  # fingerprint of cxsite's source when the build started


def run_build(
    project: Path,
    out: Path,
    timeout: float,
    logs: Path,
    name: str,
    code: str = BUILD_CODE,
    env: dict[str, str] | None = None,
) -> BuildRun:
    """``code`` may put measuring code before the build (pgbench.py times the database
    driver that way); ``env`` adds variables to the build's environment."""
    command = [sys.executable, "-c", code, str(project), str(out)]
    source = code_fingerprint()
    measured = run_measured(command, {**child_env(), **(env or {})}, timeout, logs, name)
    after = code_fingerprint()
    source = source if after == source else f"{source}>{after}"  # it changed while building
    progress = _progress_lines(measured.stderr, measured.started)
    run = BuildRun(
        seconds=round(measured.seconds, 3),
        cpu_seconds=round(measured.cpu_seconds, 3),
        peak_rss=measured.peak_rss,
        peak_pss=measured.peak_pss,
        peak_at=round(measured.peak_at, 2),
        peak_during=_step_at(progress, measured.peak_at),
        code=source,
        ok=measured.returncode == 0 and not measured.timed_out,
        timed_out=measured.timed_out,
        progress=progress,
        load=measured.load,
        others_cpu=round(measured.others_cpu, 2),
    )
    if run.ok:
        result = json.loads(measured.stdout.strip().splitlines()[-1])
        run.timings = result["timings"]
        run.pages = result["pages"]
        run.bytes_written = result["bytes_written"]
    else:
        # The exception's own line; the whole traceback stays in the log.
        lines = [line for line in measured.stderr.splitlines() if line.strip()]
        run.error = f"{lines[-1] if lines else 'no output'} (see {logs / name}.stderr)"
    return run


def code_fingerprint() -> str:
    """cxsite's source and themes, so a result says which code it measured even while
    the package changes between runs."""
    digest = hashlib.sha256()
    for folder in (REPO / "cxsite", REPO / "themes"):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(REPO).as_posix().encode() + b"\0")
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _progress_lines(stderr: str, started: float) -> list[tuple[float, str]]:
    """The build's progress messages, each with seconds since the process started."""
    lines = []
    for line in stderr.splitlines():
        stamp, _, message = line.partition("\t")
        try:
            lines.append((round(float(stamp) - started, 2), message))
        except ValueError:
            continue  # a warning or traceback line, not progress
    return lines


def _step_at(progress: list[tuple[float, str]], moment: float) -> str:
    """The progress step the build was in at ``moment`` (seconds since start)."""
    current = "starting (imports)"
    for stamp, message in progress:
        if stamp > moment:
            break
        current = message
    return current


# --------------------------------------------------------------------------- inputs


@dataclass
class Prepared:
    label: str
    base: Path  # pristine inputs, reused between runs
    project: Path  # a copy the builds and the appended week may change
    generation: dict[str, Any] | None


def prepare(token: str, workdir: Path, timeout: float) -> Prepared:
    label = token if token in ("S", *generate.SIZES) else generate.size_from_name(token).name
    root = workdir / label
    base = root / "base"
    generation = None
    if label == "S":
        _copy_sample(base)
    elif not _is_current(base, generate.size_from_name(token)):
        generation = _generate(token, base, timeout, root / "logs")
    project = root / "project"
    shutil.rmtree(project, ignore_errors=True)
    _link_tree(base, project)
    return Prepared(label, base, project, generation)


def _copy_sample(target: Path) -> None:
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    shutil.copy2(REPO / "cxsite.yml", target / "cxsite.yml")
    for folder in ("content", "data", "templates"):
        if (REPO / folder).is_dir():
            shutil.copytree(REPO / folder, target / folder)


def _is_current(base: Path, size: generate.Size) -> bool:
    state_path = base / generate.STATE_FILE
    if not state_path.exists():
        return False
    state = json.loads(state_path.read_text(encoding="utf-8"))
    return bool(
        state.get("generator") == generate.GENERATOR
        and state.get("size") == asdict(size)
        and state.get("periods_appended") == 0
    )


def _generate(token: str, base: Path, timeout: float, logs: Path) -> dict[str, Any]:
    """Generate in a child process, so its time and memory are measured like a build's."""
    shutil.rmtree(base, ignore_errors=True)
    size = generate.size_from_name(token)
    script = str(REPO / "benchmarks" / "generate.py")
    if size.name in generate.SIZES:
        command = [sys.executable, script, "--size", size.name, "--out", str(base)]
    else:
        command = [sys.executable, script, "--scale", token.removeprefix("L"), "--out", str(base)]
    log(f"generating {size.name} into {base}")
    measured = run_measured(command, child_env(), timeout, logs, "generate")
    if measured.returncode != 0:
        raise SystemExit(f"generating {size.name} failed:\n{measured.stderr[-2000:]}")
    summary: dict[str, Any] = json.loads(measured.stdout)
    summary["wall_seconds"] = round(measured.seconds, 2)
    summary["peak_rss"] = measured.peak_rss
    return summary


def _link_tree(source: Path, target: Path) -> None:
    """Copy by hard links: instant and free even for L. Safe because every writer
    (cxsite, the period appender) replaces files rather than changing them in place."""
    try:
        shutil.copytree(source, target, copy_function=os.link)
    except OSError:
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(source, target)


def inventory(project: Path) -> dict[str, Any]:
    """Rows and bytes of every data source named in the project's config."""
    import yaml

    config = yaml.safe_load((project / "cxsite.yml").read_text(encoding="utf-8"))
    sources = {}
    for name, source in (config.get("sources") or {}).items():
        path = project / source["path"]
        sources[name] = {
            "path": source["path"],
            "kind": source["kind"],
            "bytes": path.stat().st_size,
            "rows": _rows(path, source),
        }
    return {
        "sources": sources,
        "rows": sum(s["rows"] for s in sources.values()),
        "bytes": sum(s["bytes"] for s in sources.values()),
    }


def _rows(path: Path, source: dict[str, Any]) -> int:
    suffix = path.suffix.lower()
    if suffix in (".parquet", ".pq"):
        import pyarrow.parquet as pq

        return int(pq.read_metadata(path).num_rows)
    if suffix in (".xlsx", ".xlsm", ".xls"):
        import openpyxl

        book = openpyxl.load_workbook(path, read_only=True)
        sheet = book[source["sheet"]] if source.get("sheet") else book.worksheets[0]
        rows = int(sheet.max_row or 1) - 1
        book.close()
        return rows
    return generate._count_lines(path) - 1


# --------------------------------------------------------------------------- outputs


def output_stats(out: Path) -> dict[str, Any]:
    """Total size, a digest of every file, and the biggest page with its own files."""
    files = sorted(p for p in out.rglob("*") if p.is_file())
    digest = hashlib.sha256()
    sizes, digests = [], {}
    for path in files:
        relative = path.relative_to(out).as_posix()
        data = path.read_bytes()
        digests[relative] = hashlib.sha256(data).hexdigest()
        digest.update(relative.encode() + b"\0" + digests[relative].encode())
        sizes.append((relative, len(data)))
    pages = _page_sizes(out)
    largest = max(pages, key=lambda p: p["total"], default=None)
    return {
        "bytes": sum(s for _, s in sizes),
        "files": len(sizes),
        "digest": digest.hexdigest(),
        "largest_page": largest,
        "pages_over_limit": sum(1 for p in pages if p["total"] > PAGE_LIMIT),
        "file_sizes": sizes,
        "file_digests": digests,
    }


def _page_sizes(out: Path) -> list[dict[str, Any]]:
    """Per page: its HTML, its data JSON and any other file in its own folder; the shared
    assets/ folder is not counted against any page."""
    manifest_path = out / "build.json"
    if not manifest_path.exists():
        return []
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    result = []
    for page in manifest.get("pages", []):
        html = out / page["url"]
        data = out / page["data"] if page.get("data") else None
        folder = html.parent
        extra = 0
        if folder != out:
            extra = sum(f.stat().st_size for f in folder.iterdir() if f.is_file() and f != html)
        html_bytes = html.stat().st_size if html.exists() else 0
        data_bytes = data.stat().st_size if data and data.exists() else 0
        result.append(
            {
                "url": page["url"],
                "html": html_bytes,
                "data": data_bytes,
                "other": extra,
                "total": html_bytes + data_bytes + extra,
            }
        )
    return result


# --------------------------------------------------------------------------- one size


@dataclass
class SizeResult:
    label: str
    inputs: dict[str, Any]
    generation: dict[str, Any] | None
    cold: BuildRun | None = None
    nochange: BuildRun | None = None
    cold_again: BuildRun | None = None
    append_seconds: float | None = None
    appended: BuildRun | None = None
    output: dict[str, Any] | None = None
    deterministic: bool | None = None
    differing: list[str] = field(default_factory=list)  # files that differ between cold builds
    determinism_note: str = ""
    project: str = ""
    base: str = ""
    postgres: dict[str, Any] | None = None  # a PostgreSQL-backed build's figures (pgbench.py)


def bench_size(token: str, workdir: Path, timeout: float, repeat: bool = True) -> SizeResult:
    prepared = prepare(token, workdir, timeout)
    label, project = prepared.label, prepared.project
    logs = workdir / label / "logs"
    out = workdir / label / "site"
    result = SizeResult(
        label=label,
        inputs=inventory(project),
        generation=prepared.generation,
        project=str(project),
        base=str(prepared.base),
    )
    rows = result.inputs["rows"]
    log(f"{label}: {rows:,} input rows, {result.inputs['bytes'] / MB:,.0f} MB")
    result.cold = _cold_build(label, "cold", project, out, timeout, logs)
    if not result.cold.ok:
        return result
    result.output = output_stats(out)
    result.nochange = _timed_build(label, "no-change", project, out, timeout, logs)
    if repeat and label not in NO_APPEND:
        # Determinism: a second cold build, no cache, into another folder, must give the
        # same bytes. (A no-change rebuild proves nothing once it can skip the work.)
        second = workdir / label / "site-again"
        result.cold_again = _cold_build(label, "cold again", project, second, timeout, logs)
        if result.cold_again.ok and result.cold_again.code != result.cold.code:
            result.determinism_note = "not judged: cxsite changed between the two builds"
        elif result.cold_again.ok:
            again = output_stats(second)
            result.deterministic = again["digest"] == result.output["digest"]
            result.differing = _differing(result.output["file_digests"], again["file_digests"])
        shutil.rmtree(second, ignore_errors=True)
    if label in NO_APPEND:
        return result
    started = time.perf_counter()
    generate.append_period(project)
    result.append_seconds = round(time.perf_counter() - started, 2)
    result.appended = _timed_build(label, "after-append", project, out, timeout, logs)
    return result


def _differing(before: dict[str, str], after: dict[str, str]) -> list[str]:
    names = sorted(set(before) | set(after))
    return [n for n in names if before.get(n) != after.get(n)]


def _cold_build(
    label: str, name: str, project: Path, out: Path, timeout: float, logs: Path
) -> BuildRun:
    shutil.rmtree(project / CACHE_DIR, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    return _timed_build(label, name, project, out, timeout, logs)


def _timed_build(
    label: str, name: str, project: Path, out: Path, timeout: float, logs: Path
) -> BuildRun:
    log(f"{label}: {name} build")
    run = run_build(project, out, timeout, logs, name.replace(" ", "-"))
    state = "ok" if run.ok else ("TIMED OUT" if run.timed_out else "FAILED")
    log(
        f"{label}: {name} build {state} in {run.seconds:.1f}s (cpu {run.cpu_seconds:.1f}s), "
        f"peak {run.peak_rss / MB:,.0f} MB ({run.peak_during}), "
        f"other work {run.others_cpu / run.seconds:.1f} CPUs"
    )
    if not run.ok and run.progress:
        stamp, message = run.progress[-1]
        log(f"{label}: last progress at {stamp:.1f}s: {message}")
    return run


# --------------------------------------------------------------------------- the floor


def io_floor(base: Path, file_sizes: list[tuple[str, int]], scratch: Path) -> dict[str, Any]:
    """DuckDB reading every input once (all rows and columns, into its own tables), plus
    writing the cold build's bytes as files of the same sizes and paths: no build can beat
    this on this machine."""
    read_s = _read_inputs(base)
    write_s = _write_like(file_sizes, scratch)
    return {
        "read_s": round(read_s, 3),
        "write_s": round(write_s, 3),
        "floor_s": round(read_s + write_s, 3),
        "bytes_written": sum(s for _, s in file_sizes),
        "files_written": len(file_sizes),
        "reader": "duckdb",
    }


def _read_inputs(project: Path) -> float:
    import duckdb
    import yaml

    config = yaml.safe_load((project / "cxsite.yml").read_text(encoding="utf-8"))
    con = duckdb.connect(config={"threads": os.cpu_count() or 1})
    started = time.perf_counter()
    for source in (config.get("sources") or {}).values():
        if "path" not in source:
            continue  # a query or a database table: nothing to read from a file
        path = str(project / source["path"])
        suffix = Path(path).suffix.lower()
        if suffix in (".parquet", ".pq"):
            relation = con.read_parquet(path)
        elif suffix in (".xlsx", ".xlsm", ".xls"):
            import pandas as pd

            relation = con.from_df(pd.read_excel(path, sheet_name=source.get("sheet") or 0))
        else:
            relation = con.read_csv(path, sep=source.get("delimiter") or ",")
        relation.create("floor_input")  # materialised: every row and column read
        con.execute("DROP TABLE floor_input")
    con.close()
    return time.perf_counter() - started


def _write_like(file_sizes: list[tuple[str, int]], scratch: Path) -> float:
    shutil.rmtree(scratch, ignore_errors=True)
    biggest = max((s for _, s in file_sizes), default=0)
    payload = memoryview(random.Random(0).randbytes(biggest))
    started = time.perf_counter()
    for relative, size in file_sizes:
        path = scratch / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(payload[:size])
    seconds = time.perf_counter() - started
    shutil.rmtree(scratch, ignore_errors=True)
    return seconds


# --------------------------------------------------------------------------- charts

SLOW_BUDGET_S = 120.0
MIN_SAMPLE = 500


def chart_comparison(project: Path, seed: int = 0) -> dict[str, Any]:
    """Plain-dict figures + JSON (what cxsite does) against plotly.graph_objects + to_html
    (the obvious approach), on every chart of the site or a seeded sample of them."""
    figures, build_s = _site_figures(project)
    import plotly.graph_objects as go

    from cxsite.render import json_script

    def slow(figure: dict[str, Any]) -> None:
        go.Figure(figure).to_html(full_html=False, include_plotlyjs=False)

    def fast(figure: dict[str, Any]) -> None:
        json_script(figure)

    slow(figures[0])  # plotly validators load lazily; keep that out of the timing
    rng = random.Random(seed)
    probe = rng.sample(range(len(figures)), min(20, len(figures)))
    per_figure = _time_each(slow, [figures[i] for i in probe]) / len(probe)
    sampled = per_figure * len(figures) > SLOW_BUDGET_S and len(figures) > MIN_SAMPLE
    chosen = sorted(rng.sample(range(len(figures)), MIN_SAMPLE)) if sampled else []
    timed = [figures[i] for i in chosen] if sampled else figures
    json_s = _time_each(fast, timed)
    plotly_s = _time_each(slow, timed)
    fast_per = build_s / len(figures) + json_s / len(timed)
    slow_per = plotly_s / len(timed)
    return {
        "figures": len(figures),
        "timed": len(timed),
        "sampled": sampled,
        "dict_build_s_all": round(build_s, 4),
        "json_s_timed": round(json_s, 4),
        "plotly_s_timed": round(plotly_s, 4),
        "fast_ms_per_figure": round(fast_per * 1000, 4),
        "slow_ms_per_figure": round(slow_per * 1000, 4),
        "fast_s_all": round(fast_per * len(figures), 3),
        "slow_s_all_estimated": round(slow_per * len(figures), 3),
        "speedup": round(slow_per / fast_per, 1) if fast_per else None,
    }


def _site_figures(project: Path) -> tuple[list[dict[str, Any]], float]:
    """Every figure of every page, built from the site model as the build does."""
    sys.path.insert(0, str(REPO))
    from cxsite import __version__
    from cxsite.build import load_project
    from cxsite.model.site import BuildInfo, compute_model
    from cxsite.pages import default_registry, url_of
    from cxsite.registry import PlannedSite
    from cxsite.views.site import build_views

    loaded = load_project(project)
    info = BuildInfo("cxsite", __version__, "benchmark", "2025-11-18T00:00:00Z")
    model = compute_model(loaded.config, loaded.journey, loaded.data, loaded.content, info)
    views = build_views(model, loaded.config, loaded.journey, loaded.content, url_of)
    del loaded  # the raw data frames are not needed for charts
    registry = default_registry()
    site = PlannedSite(registry, model, views, registry.plan(model, views))
    pages = [(registry.kind(plan.kind), plan.id, site.view(plan)) for plan in site.plans]
    started = time.perf_counter()
    figures = [f for kind, i, page in pages for f in kind.figures(page, model, i).values()]
    return figures, time.perf_counter() - started


def _time_each(function: Callable[[dict[str, Any]], None], figures: list[dict[str, Any]]) -> float:
    started = time.perf_counter()
    for figure in figures:
        function(figure)
    return time.perf_counter() - started


def run_chart_comparison(project: Path, timeout: float, logs: Path) -> dict[str, Any]:
    """In a child process: loading L and computing its model may take long or much memory,
    and a child can be stopped at the time limit."""
    command = [sys.executable, str(Path(__file__).resolve()), "--charts-only", str(project)]
    measured = run_measured(command, child_env(), timeout, logs, "charts")
    if measured.returncode != 0 or measured.timed_out:
        why = "timed out" if measured.timed_out else measured.stderr.strip()[-1500:]
        return {"error": why, "seconds": round(measured.seconds, 1)}
    result: dict[str, Any] = json.loads(measured.stdout.strip().splitlines()[-1])
    result["process_s"] = round(measured.seconds, 2)
    return result


# --------------------------------------------------------------------------- growth


def growth(results: list[SizeResult]) -> list[dict[str, Any]]:
    """Time and memory per million input rows, and the exponent k in time ~ rows^k from
    the previous size: about 1 is linear, about 2 quadratic."""
    done = sorted(
        (r for r in results if r.cold and r.cold.ok and r.postgres is None),
        key=lambda r: r.inputs["rows"],
    )
    rows_out: list[dict[str, Any]] = []
    previous: SizeResult | None = None
    for r in done:
        assert r.cold is not None
        mrows = r.inputs["rows"] / 1e6
        entry: dict[str, Any] = {
            "size": r.label,
            "input_rows": r.inputs["rows"],
            "pages": r.cold.pages,
            "cold_s": r.cold.seconds,
            "peak_mb": round(r.cold.peak_rss / MB),
            "s_per_mrows": round(r.cold.seconds / mrows, 2),
            "mb_per_mrows": round(r.cold.peak_rss / MB / mrows),
            "time_exponent": None,
            "memory_exponent": None,
        }
        if previous is not None and previous.cold is not None:
            ratio = r.inputs["rows"] / previous.inputs["rows"]
            if ratio > 1.05:
                entry["time_exponent"] = _exponent(r.cold.seconds, previous.cold.seconds, ratio)
                entry["memory_exponent"] = _exponent(r.cold.peak_rss, previous.cold.peak_rss, ratio)
        rows_out.append(entry)
        previous = r
    return rows_out


def _exponent(now: float, before: float, ratio: float) -> float | None:
    if now <= 0 or before <= 0:
        return None
    return round(math.log(now / before) / math.log(ratio), 2)


# --------------------------------------------------------------------------- targets


def check_targets(results: list[SizeResult], floor: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Every target whose size was run: limit, measured value, met (None when it could not
    be measured) and the 1-minute load average before and after the build it came from."""
    by_label = {r.label: r for r in results}
    checks = []
    for label, figure, limit in TARGETS:
        r = by_label.get(label)
        if r is None:
            continue
        run, value = _figure(r, figure, floor if floor and floor.get("size") == label else None)
        name, shown, scale = FIGURES[figure]
        checks.append(
            {
                "size": label,
                "target": name,
                "limit": "≤ " + shown.format(limit / scale),
                "measured": _fmt(shown, None if value is None else value / scale),
                "met": None if value is None else value <= limit,
                "by": None
                if value is None or value <= limit
                else shown.format((value - limit) / scale),
                "load": _load(run),
            }
        )
        if figure == "cold_s" and run is not None:
            checks[-1]["cpu_s"] = run.cpu_seconds
        if run is not None and not run.ok:
            # say how far it got: a build that could not finish is not "n/a"
            step = run.progress[-1][1] if run.progress else "starting"
            checks[-1]["measured"] = (
                f"stopped at {run.seconds:.0f} s, {run.peak_rss / 1e9:.1f} GB ({step})"
            )
            checks[-1]["met"] = False
    for r in results:
        if r.label in {label for label, _, _ in TARGETS} and r.deterministic is not None:
            checks.append(
                {
                    "size": r.label,
                    "target": "output deterministic",
                    "limit": "identical",
                    "measured": "yes" if r.deterministic else "no",
                    "met": r.deterministic,
                    "by": None,
                    "load": _load(r.cold_again),
                }
            )
    for r in results:
        if r.postgres is not None:
            import pgbench

            checks.extend(pgbench.reported(r))
    return checks


FIGURES = {  # figure: (name, format, scale)
    "cold_s": ("cold build", "{:.1f} s", 1.0),
    "floor_ratio": ("cold build / floor", "{:.1f}×", 1.0),
    "pss_bytes": ("peak memory (PSS, process tree)", "{:.2f} GB", 1e9),
    "append_s": ("rebuild after one more week", "{:.1f} s", 1.0),
    "nochange_s": ("no-change rebuild", "{:.2f} s", 1.0),
    "largest_page_bytes": ("largest page (HTML + data)", "{:,.0f} KB", 1e3),
}


def _figure(
    r: SizeResult, figure: str, floor: dict[str, Any] | None
) -> tuple[BuildRun | None, float | None]:
    cold = _seconds(r.cold)
    if figure == "cold_s":
        return r.cold, cold
    if figure == "floor_ratio":
        return r.cold, cold / floor["floor_s"] if floor and cold else None
    if figure == "pss_bytes":
        return r.cold, float(r.cold.peak_pss) if r.cold and cold else None
    if figure == "append_s":
        return r.appended, _seconds(r.appended)
    if figure == "nochange_s":
        return r.nochange, _seconds(r.nochange)
    largest = r.output["largest_page"] if r.output else None
    return r.cold, float(largest["total"]) if largest else None


def _load(run: BuildRun | None) -> str:
    return "-" if run is None else f"{run.load[0]:.1f} → {run.load[1]:.1f}"


def _seconds(run: BuildRun | None) -> float | None:
    return run.seconds if run is not None and run.ok else None


def _fmt(shown: str, value: float | None) -> str:
    return "n/a" if value is None else shown.format(value)


# --------------------------------------------------------------------------- report


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    cells = [[str(h) for h in headers]] + [["" if c is None else str(c) for c in r] for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = [
        "  ".join(
            c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True))
        )
        for r in cells
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _s(run: BuildRun | None) -> str:
    if run is None:
        return "-"
    if run.timed_out:
        return f">{run.seconds:.1f} (timeout)"
    return f"{run.seconds:.2f}" if run.ok else "failed"


def _runs(r: SizeResult) -> list[tuple[str, BuildRun]]:
    named = (
        ("cold", r.cold),
        ("no-change", r.nochange),
        ("cold again", r.cold_again),
        ("+1 period", r.appended),
    )
    return [(name, run) for name, run in named if run is not None]


def code_warning(results: list[SizeResult]) -> str:
    codes = sorted({run.code for r in results for _, run in _runs(r)})
    if len(codes) <= 1:
        return ""
    return (
        f"WARNING: cxsite's source changed during the run ({len(codes)} versions measured: "
        f"{', '.join(codes)}); compare only builds with the same 'code'."
    )


def builds_table(results: list[SizeResult]) -> str:
    rows = []
    for r in results:
        cold, out = r.cold, r.output
        pages = cold.pages if cold and cold.ok else None
        largest = out["largest_page"] if out else None
        rows.append(
            [
                r.label,
                f"{r.inputs['rows']:,}",
                f"{r.inputs['bytes'] / MB:,.0f}",
                _s(cold),
                _s(r.cold_again),
                _s(r.nochange),
                _s(r.appended),
                f"{cold.peak_rss / MB:,.0f}" if cold else "-",
                f"{cold.peak_pss / MB:,.0f}" if cold else "-",
                pages,
                f"{pages / cold.seconds:,.1f}" if pages and cold else "-",
                f"{out['bytes'] / MB:,.1f}" if out else "-",
                f"{largest['total'] / 1000:,.0f} {largest['url']}" if largest else "-",
                {True: "yes", False: "NO", None: "n/a" if r.determinism_note else "-"}[
                    r.deterministic
                ],
                _load(cold),
            ]
        )
    headers = [
        "size", "input rows", "input MB", "cold s", "cold #2 s", "no-change s", "+1 period s",
        "peak MB", "PSS MB", "pages", "pages/s", "output MB", "largest page KB", "deterministic",
        "load (cold)",
    ]  # fmt: skip
    return table(headers, rows)


def phases_table(results: list[SizeResult]) -> str:
    phases: list[str] = []
    for r in results:
        for _, run in _runs(r):
            for name in run.timings:
                if name not in phases:
                    phases.append(name)
    rows = []
    for r in results:
        for name, run in _runs(r):
            shown = [f"{run.timings[p]:.2f}" if p in run.timings else "-" for p in phases]
            startup = run.seconds - sum(run.timings.values()) if run.ok else None
            rows.append(
                [
                    f"{r.label} {name}",
                    *shown,
                    f"{startup:.2f}" if startup is not None else "-",
                    f"{run.seconds:.2f}",
                    f"{run.cpu_seconds:.2f}",
                    f"{run.others_cpu / run.seconds:.2f}",
                    f"{run.peak_at:.0f}s: {run.peak_during[:40]}",
                ]
            )
    headers = ["build", *phases, "start+exit", "wall", "cpu", "others", "memory peaked at"]
    return table(headers, rows)


def busy_warning(results: list[SizeResult]) -> str:
    """Wall times mean little when other work shares the CPUs; say so."""
    cpus = os.cpu_count() or 1
    runs = [run for r in results for _, run in _runs(r) if run.seconds > 0]
    worst = max((run.others_cpu / run.seconds for run in runs), default=0.0)
    if worst <= 0.25 * cpus:
        return ""
    return (
        f"WARNING: other work kept {worst:.1f} of {cpus} CPUs busy during some builds "
        "(column 'others'), so their wall times are inflated. Compare the cpu column, or "
        "run again on a quiet machine."
    )


def progress_report(results: list[SizeResult]) -> str:
    lines = []
    for r in results:
        for name, run in _runs(r):
            if not run.ok:
                steps = "; ".join(f"{t:.1f}s {m}" for t, m in run.progress) or "no progress"
                lines.append(f"{r.label} {name}: {'timed out' if run.timed_out else 'failed'}")
                lines.append(f"  progress seen: {steps}")
                if run.error and not run.timed_out:
                    lines.append(f"  error: {run.error}")
    return "\n".join(lines)


def growth_table(entries: list[dict[str, Any]]) -> str:
    keys = [
        "size", "input_rows", "pages", "cold_s", "peak_mb", "s_per_mrows", "mb_per_mrows",
        "time_exponent", "memory_exponent",
    ]  # fmt: skip
    return table(keys, [[e[k] for k in keys] for e in entries])


def print_report(report: dict[str, Any], results: list[SizeResult]) -> None:
    print("\nBuilds (seconds are wall time of the whole build process)")
    print(builds_table(results))
    if any(r.postgres is not None for r in results):
        import pgbench

        print("\nPostgreSQL-backed builds (database time: pgbench.py; load not in the build)")
        print(pgbench.postgres_table(results))
    print("\nBuild phases (seconds, from BuildResult.timings)")
    print(phases_table(results))
    for warning in (busy_warning(results), code_warning(results)):
        if warning:
            print("\n" + warning)
    for r in results:
        if r.determinism_note:
            print(f"\n{r.label}: determinism {r.determinism_note}")
        if r.differing:
            shown = ", ".join(r.differing[:10]) + (" ..." if len(r.differing) > 10 else "")
            print(
                f"\n{r.label}: {len(r.differing)} files differ between the two cold builds: {shown}"
            )
    failures = progress_report(results)
    if failures:
        print("\nBuilds that did not finish")
        print(failures)
    for r in results:
        if r.generation:
            g = r.generation
            print(
                f"\nGenerated {r.label} in {g['wall_seconds']} s, "
                f"peak {g['peak_rss'] / MB:,.0f} MB:"
            )
            for name, f in g["files"].items():
                print(f"  {name:28} {f['rows']:>12,} rows {f['bytes'] / MB:>9,.1f} MB")
    _print_floor_and_charts(report)
    print("\nGrowth (exponent k: time ~ rows^k from the previous size; 1 linear, 2 quadratic)")
    print(growth_table(report["growth"]))
    if report.get("targets"):
        print(
            "\nTargets (load: 1-minute load average before → after that build, on "
            f"{os.cpu_count()} CPUs)"
        )
        rows = [
            [
                c["size"],
                c["target"],
                c["limit"],
                c["measured"],
                {True: "met", False: "MISSED", None: "-"}[c["met"]],
                f"by {c['by']}" if c["by"] else "",
                c["load"],
            ]
            for c in report["targets"]
        ]
        print(table(["size", "target", "limit", "measured", "", "", "load"], rows))


def _print_floor_and_charts(report: dict[str, Any]) -> None:
    floor, charts, size = report.get("floor"), report.get("charts"), report.get("extras_size")
    if floor:
        print(f"\nFloor, {size}: DuckDB reads every input once + write the cold build's bytes")
        print(
            f"  read {floor['read_s']} s + write {floor['write_s']} s "
            f"({floor['bytes_written'] / MB:,.1f} MB in {floor['files_written']:,} files) "
            f"= {floor['floor_s']} s; cold build / floor = {floor.get('ratio', '-')}×"
        )
    if charts and "error" not in charts:
        how = f"a seeded sample of {charts['timed']}" if charts["sampled"] else "all"
        print(f"\nCharts, {size}: {charts['figures']:,} figures, {how} timed")
        print(
            f"  cxsite dicts + JSON: {charts['fast_ms_per_figure']} ms/figure "
            f"({charts['fast_s_all']} s for all)\n"
            f"  go.Figure + to_html: {charts['slow_ms_per_figure']} ms/figure "
            f"(~{charts['slow_s_all_estimated']} s for all)\n"
            f"  speed-up: {charts['speedup']}×"
        )
    elif charts:
        print(f"\nCharts, {size}: not measured ({charts['error'][:300]})")


# --------------------------------------------------------------------------- main


def environment() -> dict[str, Any]:
    commit = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True, text=True, check=False
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--", "cxsite"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "memory_bytes": psutil.virtual_memory().total,
        "commit": commit,
        "cxsite_modified": bool(dirty),
    }


def extras(
    results: list[SizeResult], workdir: Path, timeout: float, skip: set[str]
) -> dict[str, Any]:
    """Floor and chart comparison for the largest size whose cold build finished."""
    done = [r for r in results if r.cold and r.cold.ok and r.output and r.postgres is None]
    if not done:
        return {}
    # L when it was run (its targets use the floor), else the largest size
    r = next((x for x in done if x.label == "L"), None) or max(done, key=lambda x: x.inputs["rows"])
    assert r.cold is not None and r.output is not None
    found: dict[str, Any] = {"extras_size": r.label}
    if "floor" not in skip:
        log(f"{r.label}: floor")
        floor = io_floor(Path(r.base), r.output["file_sizes"], workdir / r.label / "floor")
        floor["ratio"] = round(r.cold.seconds / floor["floor_s"], 1)
        floor["size"] = r.label
        found["floor"] = floor
    if "charts" not in skip:
        log(f"{r.label}: chart comparison")
        found["charts"] = run_chart_comparison(Path(r.base), timeout, workdir / r.label / "logs")
    return found


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        default="S,M,L",
        help="S, M, L, XL, a fraction of L (0.5), or a size built from PostgreSQL (L-PG)",
    )
    parser.add_argument(
        "--postgres",
        default=os.environ.get("CXSITE_BENCH_PG_URL"),
        metavar="URL",
        help="the PostgreSQL database the -PG sizes are loaded into and built from "
        "(default: $CXSITE_BENCH_PG_URL); give it a database of its own",
    )
    parser.add_argument("--workdir", type=Path, default=OUT / "work")
    parser.add_argument("--timeout", type=float, default=900, help="per build, seconds")
    parser.add_argument("--skip", default="", help="comma-separated: repeat, floor, charts")
    parser.add_argument("--json", type=Path, default=OUT / "results.json")
    parser.add_argument("--charts-only", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.charts_only:
        print(json.dumps(chart_comparison(args.charts_only)))
        return 0
    workdir = args.workdir.resolve()
    tokens = [t.strip() for t in args.sizes.split(",") if t.strip()]
    skip = set(args.skip.split(","))
    if any(t.upper().endswith("-PG") for t in tokens) and not args.postgres:
        parser.error("the -PG sizes need --postgres URL (or CXSITE_BENCH_PG_URL)")
    results = [bench_token(t, workdir, args, skip) for t in tokens]
    report: dict[str, Any] = {"environment": environment(), "workdir": str(workdir)}
    report.update(extras(results, workdir, args.timeout, skip))
    report["growth"] = growth(results)
    report["targets"] = check_targets(results, report.get("floor"))
    report["sizes"] = [_jsonable(r) for r in results]
    print_report(report, results)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(f"\nResults: {args.json}")
    return 0


def bench_token(token: str, workdir: Path, args: argparse.Namespace, skip: set[str]) -> SizeResult:
    if token.upper().endswith("-PG"):
        import pgbench  # benchmarks/pgbench.py: needs psycopg (the postgres extra)

        result: SizeResult = pgbench.bench_postgres(token, args.postgres, workdir, args.timeout)
        return result
    return bench_size(token, workdir, args.timeout, "repeat" not in skip)


def _jsonable(r: SizeResult) -> dict[str, Any]:
    data = asdict(r)
    if data.get("output"):
        # Thousands of rows each; the totals and the overall digest are kept.
        data["output"].pop("file_sizes", None)
        data["output"].pop("file_digests", None)
    return data


if __name__ == "__main__":
    sys.exit(main())

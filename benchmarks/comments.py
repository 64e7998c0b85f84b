#!/usr/bin/env python3
"""Speed of the comment phase (redaction, language, sentiment, terms, themes, mood).

    python benchmarks/comments.py [--baseline REV] [--touchpoints 300] [--per-touchpoint 200]

Writes a project with the comment window an L build analyses — 300 touchpoints, each with
the 200 comments the default ``analytics.comment_sample`` keeps from the last 13 weeks
(``comment_window``), 60,000 comments in all, assembled from the same sentence pools as
``generate.py`` with its language mix, plus a few phone numbers, e-mail addresses and
card numbers — and times ``collect_comments`` (the build's comment phase) from cold, with
no cache (wall-clock and CPU seconds of all processes: on a busy machine the CPU
figure is the steadier one), then again with the cache it filled. ``--baseline REV``
also times the cxsite of git revision REV on the same project in the same run, so the
two figures compare.
Each timing runs in its own process; CXSITE_WORKERS limits the cores used.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import generate  # noqa: E402

WINDOW_WEEKS = 13
LAST_DAY = pd.Timestamp("2026-11-15 23:00")

TIMER = """
import json, resource, sys, time
from pathlib import Path
import pandas as pd
from cxsite.build import load_project
from cxsite.voice import collect_comments
loaded = load_project(Path(sys.argv[1]))
since = pd.Timestamp(sys.argv[2])
def cpu():
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime
started, cpu_started = time.perf_counter(), cpu()
cache = {}
found = collect_comments(loaded.data, loaded.journey, loaded.config, cache, since)
cold, cold_cpu = time.perf_counter() - started, cpu() - cpu_started
started, cpu_started = time.perf_counter(), cpu()
collect_comments(loaded.data, loaded.journey, loaded.config, cache, since)
warm, warm_cpu = time.perf_counter() - started, cpu() - cpu_started
themes = sum(len(v) for v in found.themes.values())
print(json.dumps({"cold": cold, "cold_cpu": cold_cpu, "warm": warm, "warm_cpu": warm_cpu,
                  "analysed": len(cache), "themes": themes}))
"""


def write_project(folder: Path, touchpoints: int, per_touchpoint: int) -> int:
    rng = np.random.default_rng(20261129)
    texts = generate.Texts()
    rows = touchpoints * per_touchpoint
    positive = rng.random(rows) < 0.7
    body = texts.make(rng, positive).to_pylist()
    personal = (
        "Call me on 07700 900123.",
        "My email is jo.bloggs@example.co.uk if you need it.",
        "Ring 020 7946 0958 after six.",
        "Card 4111 1111 1111 1111 was charged twice.",
    )
    marked = rng.random(rows) < 0.03
    picks = rng.integers(0, len(personal), rows)
    body = [f"{b} {personal[p]}" if m else b for b, m, p in zip(body, marked, picks, strict=True)]
    seconds = rng.integers(0, WINDOW_WEEKS * 7 * 86_400, rows)
    stars = np.clip(np.where(positive, 4, 2) + rng.integers(-1, 2, rows), 1, 5).astype(float)
    stars[rng.random(rows) < 0.5] = np.nan
    frame = pd.DataFrame(
        {
            "posted_at": LAST_DAY - pd.to_timedelta(seconds, unit="s"),
            "area": [f"tp{k:03d}" for k in np.repeat(np.arange(touchpoints), per_touchpoint)],
            "body": body,
            "stars": stars,
            "lang": np.array(generate.LANGUAGES)[
                rng.choice(len(generate.LANGUAGES), rows, p=[0.92, 0.03, 0.02, 0.02, 0.01])
            ],
        }
    )
    (folder / "data").mkdir(parents=True)
    (folder / "content").mkdir()
    frame.to_parquet(folder / "data" / "comments.parquet", index=False)
    journey = {
        "stages": [{"id": "all", "name": "All", "goal": "Everything"}],
        "touchpoints": [
            {"id": f"tp{k:03d}", "stage": "all", "name": f"Touchpoint {k}", "owner": "Owner"}
            for k in range(touchpoints)
        ],
        "metrics": [],
    }
    (folder / "content" / "journey.yml").write_text(yaml.safe_dump(journey), encoding="utf-8")
    config = {
        "title": "Comment benchmark",
        "organisation": "Benchmark",
        "sources": {
            "social": {
                "kind": "comments",
                "path": "data/comments.parquet",
                "columns": {
                    "date": "posted_at",
                    "touchpoint": "area",
                    "text": "body",
                    "score": "stars",
                    "language": "lang",
                },
            }
        },
    }
    (folder / "cxsite.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return rows


def checkout(rev: str, into: Path) -> Path:
    """The cxsite package (and theme) of git revision ``rev``, unpacked into ``into``."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", rev, "cxsite", "themes"],
        check=True,
        capture_output=True,
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


def time_phase(code_root: Path, project: Path, since: pd.Timestamp) -> dict[str, float]:
    env = dict(os.environ, PYTHONPATH=str(code_root))
    done = subprocess.run(
        [sys.executable, "-c", TIMER, str(project), since.isoformat()],
        check=True,
        capture_output=True,
        text=True,
        env=env,
        cwd=project,
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", help="git revision to time on the same comments")
    parser.add_argument("--touchpoints", type=int, default=300)
    parser.add_argument("--per-touchpoint", type=int, default=200)
    parser.add_argument("--json", type=Path, help="write the figures here too")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cxsite-comments-") as temp:
        work = Path(temp)
        project = work / "project"
        rows = write_project(project, args.touchpoints, args.per_touchpoint)
        since = (LAST_DAY - pd.Timedelta(weeks=WINDOW_WEEKS)).normalize()
        runs = {}
        if args.baseline:
            runs["baseline"] = checkout(args.baseline, work / "baseline")
        runs["checkout"] = ROOT
        results = {}
        print(f"{rows:,} comments on {args.touchpoints} touchpoints, last {WINDOW_WEEKS} weeks")
        if args.baseline:
            print(f"baseline: {args.baseline}")
        print(f"{'code':12} | cold s | CPU s | comments/s | cached s | CPU s | analysed | themes")
        for name, code_root in runs.items():
            found = time_phase(code_root, project, since)
            results[name] = found | {"comments_per_second": found["analysed"] / found["cold"]}
            print(
                f"{name:12} | {found['cold']:6.2f} | {found['cold_cpu']:5.1f} "
                f"| {found['analysed'] / found['cold']:10,.0f} "
                f"| {found['warm']:8.2f} | {found['warm_cpu']:5.1f} "
                f"| {found['analysed']:8,.0f} | {found['themes']:6.0f}"
            )
        if args.json:
            args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()

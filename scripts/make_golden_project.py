#!/usr/bin/env python3
"""Derive the golden fixture project from the sample company.

    python scripts/make_golden_project.py [--out tests/fixtures/golden/project]

The golden project (see ``tests/test_golden.py``) is a small, fast-building cut of the
sample company in the repository root: its ``cxsite.yml``, ``content/`` and ``data/``.
Every choice below is deterministic (no clock, no random generator: rows are kept by a
CRC32 of their id), so running the script twice writes byte-identical files.

What is kept, and why:

- the last 20 weeks (Monday 2026-06-29 to Sunday 2026-11-15) of every dated export;
- one survey respondent in four, chosen by respondent id, so the transactional
  surveys reach ``min_n`` in some weeks and touchpoints and not in others, while each
  kept respondent keeps all their answers (the relationship survey's NPS, overall
  satisfaction and driver ratings stay linked for the driver weights);
- every KPI row (observations are cheap and feed targets, control charts, the flow);
- every second issue opened in the window, plus every issue opened before it that
  was still open when the window began (so the backlog has old open issues), with
  open, in-progress and closed states;
- every customer comment in the window (five languages);
- one customer in six, plus every customer a kept response or issue names, and the
  contacts of kept customers in the window.

The issues export is written as CSV (the sample's is Excel, whose zip container
carries write times), and the config's ``customers.retention_days`` is shortened to
56 days so the retention analysis has a window and a year-before inside 20 weeks.
"""

from __future__ import annotations

import argparse
import re
import shutil
import zlib
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "tests" / "fixtures" / "golden" / "project"
START = pd.Timestamp("2026-06-29")  # Monday, 20 weeks before the data's last Sunday
END = pd.Timestamp("2026-11-16")  # exclusive: the day after the last Sunday


def _pick(value: str, every: int) -> bool:
    """One value in ``every``, the same one on every run and machine."""
    return zlib.crc32(value.encode("utf-8")) % every == 0


def _in_window(dates: pd.Series) -> pd.Series:
    return (dates >= START) & (dates < END)


def _write_csv(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, index=False, lineterminator="\n")


def _survey(src: Path) -> pd.DataFrame:
    raw = pd.read_csv(src, dtype=str, keep_default_na=False)
    when = pd.to_datetime(raw["Submitted"], format="%d/%m/%Y %H:%M")
    kept = _in_window(when) & raw["ResponseID"].map(lambda r: _pick(r, 4))
    return raw[kept]


def _observations(src: Path) -> pd.DataFrame:
    raw = pd.read_csv(src, dtype=str, keep_default_na=False)
    return raw[_in_window(pd.to_datetime(raw["week_ending"]))]


def _issues(src: Path) -> pd.DataFrame:
    raw = pd.read_excel(src, sheet_name="Issues", dtype=object)
    opened = pd.to_datetime(raw["Opened"])
    closed = pd.to_datetime(raw["Closed"])
    in_window = _in_window(opened) & raw["Ticket #"].map(lambda t: _pick(str(t), 2))
    open_at_start = (opened < START) & (closed.isna() | (closed >= START))
    kept = raw[in_window | open_at_start].copy()
    for column in ("Opened", "Closed"):
        kept[column] = pd.to_datetime(kept[column]).dt.strftime("%Y-%m-%d")
    return kept.fillna("")


def _comments(src: Path) -> pd.DataFrame:
    raw = pd.read_parquet(src)
    return raw[_in_window(raw["posted_at"])].reset_index(drop=True)


def _config(text: str) -> str:
    text = text.replace("path: data/issues.xlsx\n    sheet: Issues\n", "path: data/issues.csv\n")
    text = re.sub(r"retention_days: \d+", "retention_days: 56", text)
    if "data/issues.csv" not in text or "retention_days: 56" not in text:
        raise SystemExit("cxsite.yml changed shape: update make_golden_project.py")
    return (
        "# The golden fixture project: a 20-week cut of the sample company, written by\n"
        "# scripts/make_golden_project.py. Do not edit by hand; run the script.\n" + text
    )


def make(out: Path, source: Path = ROOT) -> None:
    if out.exists():
        shutil.rmtree(out)
    (out / "data").mkdir(parents=True)
    data = source / "data"
    survey = _survey(data / "survey_responses.csv")
    issues = _issues(data / "issues.xlsx")
    customers = pd.read_csv(data / "customers.csv", dtype=str, keep_default_na=False)
    named = set(survey["CustomerID"]) | set(issues["Customer ID"])
    keep_customer = customers["Customer ID"].map(lambda c: _pick(c, 6) or c in named)
    customers = customers[keep_customer]
    contacts = pd.read_csv(data / "contacts.csv", dtype=str, keep_default_na=False)
    contacts = contacts[
        _in_window(pd.to_datetime(contacts["Contact date"]))
        & contacts["Customer ID"].isin(set(customers["Customer ID"]))
    ]
    _write_csv(survey, out / "data" / "survey_responses.csv")
    _write_csv(
        _observations(data / "metric_observations.csv"), out / "data" / "metric_observations.csv"
    )
    _write_csv(issues, out / "data" / "issues.csv")
    _write_csv(customers, out / "data" / "customers.csv")
    _write_csv(contacts, out / "data" / "contacts.csv")
    _comments(data / "social_comments.parquet").to_parquet(
        out / "data" / "social_comments.parquet", index=False
    )
    shutil.copytree(source / "content", out / "content")
    (out / "cxsite.yml").write_text(
        _config((source / "cxsite.yml").read_text(encoding="utf-8")), encoding="utf-8"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    make(args.out.resolve())
    size = sum(p.stat().st_size for p in args.out.rglob("*") if p.is_file())
    print(f"wrote {args.out} ({size / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()

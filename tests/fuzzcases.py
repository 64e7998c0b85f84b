"""Single-mutation fuzz cases over the text inputs: config, journey and Markdown.

The data files' cases are in ``fuzzdata.py``.

A small project with one source of each format (CSV, Excel, Parquet) is written once;
each case copies it and changes exactly one thing for the worse. Every case is bad
input, so ``--strict`` must reject it with a problem naming the mutated file and, where
the file has lines or rows, the line or row of the mutation.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from projects import ISSUES, JOURNEY, make_project

CONFIG = """\
title: Fuzz room
organisation: Fuzz Co
theme: default
min_n: 5
near_band: 0.05
comments_per_page: 8
journey: content/journey.yml
content_dir: content
period:
  unit: week
  week_start: monday
wall:
  screens: [outcomes, issues]
  rotate_seconds: 20
  poll_seconds: 60
  stale_after_periods: 2
  comments: 3
analytics:
  confidence: 0.95
  max_lag: 8
  control_baseline: 26
  backlog_target: 0
  comment_window: 13
  comment_sample: 200
dates:
  earliest: 2000-01-01
  future_days: 1
  max_gap_days: 730
sources:
  obs:
    kind: observations
    path: data/obs.csv
    encoding: utf-8
    columns: {date: day, metric: kpi, value: val}
  survey:
    kind: responses
    path: data/survey.csv
    date_format: "%d/%m/%Y"
    columns: {date: When, metric: Q, score: Score, comment: Text, respondent: Rid}
  tickets:
    kind: issues
    path: data/issues.xlsx
    sheet: Tickets
    columns: {id: Ticket, touchpoint: Area, category: Cat, opened: Opened, closed: Closed,
              status: State, owner: Who, action: Next}
  social:
    kind: comments
    path: data/social.parquet
    columns: {date: posted, touchpoint: tp, text: body, score: stars}
"""

SOCIAL = pd.DataFrame(
    {
        "posted": pd.to_datetime(["2024-09-02", "2024-09-04", "2024-09-09", "2024-09-11"]),
        "tp": ["quote", "quote", "settle", "settle"],
        "body": ["Quick quote", "Price went up", "Still waiting", "Paid fast"],
        "stars": [5.0, 2.0, 1.0, 5.0],
    }
)


def issues_frame() -> pd.DataFrame:
    frame = pd.read_csv(io.StringIO(ISSUES), dtype=str, keep_default_na=False)
    frame["Opened"] = pd.to_datetime(frame["Opened"])
    return frame


def make_fuzz_project(root: Path) -> Path:
    make_project(root, {"cxsite.yml": CONFIG, "data/issues.csv": None})
    issues_frame().to_excel(root / "data" / "issues.xlsx", index=False, sheet_name="Tickets")
    SOCIAL.to_parquet(root / "data" / "social.parquet")
    return root


@dataclass(frozen=True)
class Case:
    id: str
    file: str  # the file the problem must name
    mutate: Callable[[Path], None]
    line: int | None = None  # the line (text files) or row (data) it must name
    row: int | None = None


def replace_line(file: str, number: int, new: str) -> Callable[[Path], None]:
    def mutate(root: Path) -> None:
        lines = (root / file).read_text(encoding="utf-8").splitlines()
        lines[number - 1] = new
        (root / file).write_text("\n".join(lines) + "\n", encoding="utf-8")

    return mutate


def _line_of(text: str, start: str, after: int = 0) -> int:
    lines = text.splitlines()
    return next(i for i in range(after, len(lines)) if lines[i].startswith(start)) + 1


def _set_value(file: str, text: str, prefix: str, value: str, after: int = 0) -> Case:
    number = _line_of(text, prefix, after)
    key = prefix.strip().rstrip(":")
    return Case(
        f"{file}:{key}={value}", file, replace_line(file, number, prefix + " " + value), number
    )


BAD_NUMBERS = (".nan", ".inf", "-.inf", "-5", "lots", "[1, 2]", "{a: 1}")
NUMBER_KEYS = (
    "min_n:",
    "near_band:",
    "comments_per_page:",
    "  rotate_seconds:",
    "  poll_seconds:",
    "  stale_after_periods:",
    "  comments:",
    "  confidence:",
    "  max_lag:",
    "  control_baseline:",
    "  backlog_target:",
    "  comment_window:",
    "  comment_sample:",
    "  future_days:",
    "  max_gap_days:",
)
CONFIG_VALUES = (
    ("  unit:", "fortnight"),
    ("  week_start:", "someday"),
    ("  screens:", "[outcomes, lobby]"),
    ("theme:", "../../elsewhere"),
    ("theme:", "/etc"),
    ("journey:", "../../../../etc/hostname"),
    ("journey:", "/etc/hostname"),
    ("content_dir:", "/etc"),
    ("content_dir:", "../.."),
    ("    path: data/obs.csv", "/etc/passwd"),
    ("    encoding:", "no-such-codec"),
    ("    date_format:", '"%Q-%d"'),
    ("    date_format:", '"no directives"'),
    ("    kind: observations", "sightings"),
    ("  earliest:", "yesterday"),
    ("  earliest:", "1200-01-01"),
    ("title:", "[a, b]"),
    ("  confidence:", "1.5"),
    ("near_band:", "2"),
    ("  max_lag:", "100000000"),
)


def config_cases() -> list[Case]:
    cases = [
        _set_value("cxsite.yml", CONFIG, key, value) for key in NUMBER_KEYS for value in BAD_NUMBERS
    ]
    for prefix, value in CONFIG_VALUES:
        if prefix.startswith("    path:"):
            number = _line_of(CONFIG, prefix)
            new = "    path: " + value
            cases.append(
                Case(
                    f"cxsite.yml:path={value}",
                    "cxsite.yml",
                    replace_line("cxsite.yml", number, new),
                    number,
                )
            )
        elif prefix.startswith("    kind:"):
            number = _line_of(CONFIG, prefix)
            cases.append(
                Case(
                    "cxsite.yml:kind",
                    "cxsite.yml",
                    replace_line("cxsite.yml", number, "    kind: " + value),
                    number,
                )
            )
        else:
            cases.append(_set_value("cxsite.yml", CONFIG, prefix, value))
    extra = {
        "analytics.driver_outcome": ("  confidence:", "  driver_outcome: no-such-metric"),
        "analytics.redact_patterns": ("  confidence:", "  redact_patterns: ['(unclosed']"),
        "allow_outside": ("near_band:", "allow_outside: [relative/folder]"),
        "sources.obs.where": ("    encoding:", "    where: {kpi: [nothing-matches]}"),
        "sources.obs.columns": ("    encoding:", "    delimiter: ';'"),
        "unknown key": ("near_band:", "neer_band: 0.1"),
        "period.as_of far": ("  week_start:", "  as_of: 9999-12-31"),
        "period.as_of early": ("  week_start:", "  as_of: 0001-01-01"),
        "period.history": ("  week_start:", "  history: 1000000000"),
    }
    for name, (prefix, new) in extra.items():
        number = _line_of(CONFIG, prefix)
        line = number if name != "sources.obs.columns" else None
        cases.append(
            Case(
                f"cxsite.yml:{name}",
                "cxsite.yml" if line else "data/obs.csv",
                replace_line("cxsite.yml", number, new),
                line,
            )
        )
    syntax = {
        "unclosed bracket": ("  screens:", "  screens: [outcomes, issues"),
        "tab indent": ("  unit:", "\tunit: week"),
        "missing colon": ("min_n:", "min_n 5"),
    }
    for name, (prefix, new) in syntax.items():
        number = _line_of(CONFIG, prefix)
        cases.append(
            Case(f"cxsite.yml:{name}", "cxsite.yml", replace_line("cxsite.yml", number, new), None)
        )
    return cases


def journey_cases() -> list[Case]:
    file = "content/journey.yml"
    quote_time = _line_of(JOURNEY, "  - id: quote-time")
    settle = _line_of(JOURNEY, "  - id: settle")
    cases = []
    for value in (".nan", ".inf", "-.inf", "high", "[30]"):
        cases.append(_set_value(file, JOURNEY, "    target:", value, after=quote_time))
    for value in ("[5, 1]", "[.nan, 5]", "[1, .inf]", "5", "[1, 2, 3]"):
        number = _line_of(JOURNEY, "    aggregate: csat")
        cases.append(
            Case(
                f"journey:scale={value}",
                file,
                _insert_after(file, number, "    scale: " + value),
                number + 1,
            )
        )
    for value in ("-1", ".inf", ".nan", "wide"):
        number = _line_of(JOURNEY, "    aggregate: mean")
        cases.append(
            Case(
                f"journey:near={value}",
                file,
                _insert_after(file, number, "    near: " + value),
                number + 1,
            )
        )
    for value in ("-1", "1.5", ".nan", "100000"):
        number = _line_of(JOURNEY, "    aggregate: mean")
        cases.append(
            Case(
                f"journey:decimals={value}",
                file,
                _insert_after(file, number, "    decimals: " + value),
                number + 1,
            )
        )
    for value in ("0", ".inf", "first"):
        cases.append(_set_value(file, JOURNEY, "    moment_of_truth:", value))
    cases += [
        _set_value(file, JOURNEY, "    stage:", "claims", after=settle),
        _set_value(file, JOURNEY, "    kind:", "feeling", after=quote_time),
        _set_value(file, JOURNEY, "    aggregate:", "average", after=quote_time),
        _set_value(file, JOURNEY, "    direction:", "sideways", after=quote_time),
        _set_value(file, JOURNEY, "    touchpoint:", "qoute", after=quote_time),
        _set_value(file, JOURNEY, "  - id:", "Bad Id", after=settle - 1),
    ]
    bracket = _line_of(JOURNEY, "    name:", after=settle)
    cases.append(
        Case("journey:unclosed-bracket", file, replace_line(file, bracket, "    name: [Claim"))
    )
    return cases


def _insert_after(file: str, number: int, new: str) -> Callable[[Path], None]:
    def mutate(root: Path) -> None:
        lines = (root / file).read_text(encoding="utf-8").splitlines()
        lines.insert(number, new)
        (root / file).write_text("\n".join(lines) + "\n", encoding="utf-8")

    return mutate


def write_bytes(file: str, data: bytes) -> Callable[[Path], None]:
    def mutate(root: Path) -> None:
        (root / file).write_bytes(data)

    return mutate


NOTE_FILE = "content/quote-action.md"


def markdown_cases() -> list[Case]:
    file = NOTE_FILE
    note = (
        "---\ntitle: Speeding up quotes\ntouchpoint: quote\nkind: action\n"
        "owner: Ann Owner\ndate: 2024-09-01\n---\nBody\n"
    )

    def write(text: str) -> Callable[[Path], None]:
        return write_bytes(file, text.encode("utf-8"))

    return [
        Case(
            "md:unknown-touchpoint",
            file,
            write(note.replace("touchpoint: quote", "touchpoint: qoute")),
            line=3,
        ),
        Case(
            "md:unknown-stage",
            file,
            write(note.replace("touchpoint: quote", "stage: buyy")),
            line=3,
        ),
        Case("md:unknown-key", file, write(note.replace("owner:", "ownr:")), line=5),
        Case("md:kind", file, write(note.replace("kind: action", "kind: rumour")), line=4),
        Case(
            "md:date-text", file, write(note.replace("date: 2024-09-01", "date: someday")), line=6
        ),
        Case("md:date-nan", file, write(note.replace("date: 2024-09-01", "date: .nan")), line=6),
        Case("md:order-inf", file, write(note.replace("date: 2024-09-01", "order: .inf")), line=6),
        Case("md:order-nan", file, write(note.replace("date: 2024-09-01", "order: .nan")), line=6),
        Case(
            "md:title-list",
            file,
            write(note.replace("title: Speeding up quotes", "title: [a, b]")),
            line=2,
        ),
        Case(
            "md:yaml-syntax",
            file,
            write(note.replace("title: Speeding up quotes", "title: [unclosed")),
            line=None,
        ),
        Case("md:not-mapping", file, write("---\n- just\n- a list\n---\nBody\n"), line=2),
        Case("md:not-utf8", file, write_bytes(file, b"---\ntitle: caf\xe9\n---\n")),
        Case(
            "md:bad-slug",
            "content/about.md",
            write_bytes("content/about.md", b"---\nslug: Not A Slug\n---\nx\n"),
            line=2,
        ),
    ]

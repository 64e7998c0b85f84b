"""Single-mutation fuzz cases over the data files: CSV, Excel and Parquet."""

from __future__ import annotations

import datetime as dt
import io
import random
import zipfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd
from fuzzcases import SOCIAL, Case, issues_frame, replace_line, write_bytes


def _set_cell(file: str, row: int, column: int, value: str) -> Callable[[Path], None]:
    """Row as a person counts it in the file (header = 1)."""

    def mutate(root: Path) -> None:
        lines = (root / file).read_text(encoding="utf-8").splitlines()
        cells = lines[row - 1].split(",")
        cells[column] = value
        lines[row - 1] = ",".join(cells)
        (root / file).write_text("\n".join(lines) + "\n", encoding="utf-8")

    return mutate


BAD_DATES = ("9999-12-31", "0001-01-01", "2200-01-01", "1900-01-01", "2024-13-45", "soon", "")
BAD_NUMBER_CELLS = ("inf", "-inf", "1e309", "nan", "ten", "1,2,3")
BAD_SURVEY_DATES = (
    "31/12/9999",
    "01/01/0001",
    "01/01/2200",
    "01/01/1900",
    "2024-09-02",
    "32/01/2024",
)


def csv_cases(rng: random.Random) -> list[Case]:
    cases = []
    for value in BAD_DATES:
        row = rng.randint(2, 5)
        cases.append(
            Case(
                f"obs.csv:date={value!r}",
                "data/obs.csv",
                _set_cell("data/obs.csv", row, 0, value),
                row=row,
            )
        )
    for value in BAD_NUMBER_CELLS:
        row = rng.randint(2, 5)
        expect = None if value == "1,2,3" else row  # extra fields: named by line
        case_line = row if value == "1,2,3" else None
        cases.append(
            Case(
                f"obs.csv:value={value!r}",
                "data/obs.csv",
                _set_cell("data/obs.csv", row, 2, value),
                line=case_line,
                row=expect,
            )
        )
    for value in BAD_SURVEY_DATES:
        row = rng.randint(2, 22)
        cases.append(
            Case(
                f"survey.csv:date={value!r}",
                "data/survey.csv",
                _set_cell("data/survey.csv", row, 1, value),
                row=row,
            )
        )
    for value in ("11", "-1", "inf", "1e309", "ten", "1e300"):
        row = rng.randint(2, 12)
        cases.append(
            Case(
                f"survey.csv:score={value!r}",
                "data/survey.csv",
                _set_cell("data/survey.csv", row, 3, value),
                row=row,
            )
        )
    for row in (3, 6):
        cases.append(
            Case(
                f"survey.csv:unclosed-quote-{row}",
                "data/survey.csv",
                _set_cell("data/survey.csv", row, 4, '"Great service'),
                line=row,
            )
        )
        cases.append(
            Case(
                f"survey.csv:extra-field-{row}",
                "data/survey.csv",
                _set_cell("data/survey.csv", row, 4, "x,y"),
                line=row,
            )
        )
        cases.append(
            Case(
                f"obs.csv:missing-kpi-{row - 1}",
                "data/obs.csv",
                _set_cell("data/obs.csv", row - 1, 1, ""),
                row=row - 1,
            )
        )
    swallow = _set_cell("data/survey.csv", 4, 4, '"Great service')
    closing = _set_cell("data/survey.csv", 9, 4, '"Nice"')

    def swallowed(root: Path) -> None:
        swallow(root)
        closing(root)

    cases.append(Case("survey.csv:quote-closed-rows-later", "data/survey.csv", swallowed, line=4))
    cases += [
        Case(
            "obs.csv:not-utf8",
            "data/obs.csv",
            write_bytes("data/obs.csv", b"day,kpi,val\n2024-09-02,quote-time,\xff\xfe70\n"),
        ),
        Case("obs.csv:empty", "data/obs.csv", write_bytes("data/obs.csv", b"")),
        Case("obs.csv:header-only", "data/obs.csv", write_bytes("data/obs.csv", b"day,kpi,val\n")),
        Case("obs.csv:binary", "data/obs.csv", write_bytes("data/obs.csv", bytes(range(256)) * 4)),
        Case(
            "obs.csv:renamed-column",
            "data/obs.csv",
            replace_line("data/obs.csv", 1, "day,kpi,amount"),
        ),
        Case(
            "obs.csv:unknown-metric",
            "data/obs.csv",
            _set_cell("data/obs.csv", 3, 1, "quote-tme"),
            row=3,
        ),
    ]
    return cases


def _excel(
    change: Callable[[pd.DataFrame], pd.DataFrame], sheet: str = "Tickets"
) -> Callable[[Path], None]:
    def mutate(root: Path) -> None:
        change(issues_frame()).to_excel(
            root / "data" / "issues.xlsx", index=False, sheet_name=sheet
        )

    return mutate


def _cell(frame: pd.DataFrame, row: int, column: str, value: object) -> pd.DataFrame:
    frame = frame.astype(object)
    frame.loc[row, column] = value
    return frame


def _zip_without_workbook() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("docProps/app.xml", "<Properties/>")
    return buffer.getvalue()


def excel_cases() -> list[Case]:
    file = "data/issues.xlsx"
    return [
        Case("xlsx:zip-without-workbook", file, write_bytes(file, _zip_without_workbook())),
        Case("xlsx:not-a-zip", file, write_bytes(file, b"Ticket,Area\nT1,quote\n")),
        Case("xlsx:empty", file, write_bytes(file, b"")),
        Case(
            "xlsx:truncated",
            file,
            lambda root: (root / file).write_bytes((root / file).read_bytes()[:300]),
        ),
        Case("xlsx:wrong-sheet", file, _excel(lambda f: f, sheet="Sheet1")),
        Case(
            "xlsx:date-9999",
            file,
            _excel(lambda f: _cell(f, 1, "Opened", dt.datetime(9999, 12, 31))),
            row=3,
        ),
        Case("xlsx:date-0001", file, _excel(lambda f: _cell(f, 2, "Opened", "0001-01-01")), row=4),
        Case(
            "xlsx:date-2200",
            file,
            _excel(lambda f: _cell(f, 0, "Opened", dt.datetime(2200, 1, 1))),
            row=2,
        ),
        Case(
            "xlsx:date-text", file, _excel(lambda f: _cell(f, 3, "Opened", "last Tuesday")), row=5
        ),
        Case("xlsx:empty-id", file, _excel(lambda f: _cell(f, 1, "Ticket", None)), row=3),
        Case("xlsx:unknown-area", file, _excel(lambda f: _cell(f, 2, "Area", "mystery")), row=4),
        Case("xlsx:no-rows", file, _excel(lambda f: f.iloc[0:0])),
        Case("xlsx:missing-column", file, _excel(lambda f: f.drop(columns=["Cat"]))),
    ]


def _parquet(change: Callable[[pd.DataFrame], pd.DataFrame]) -> Callable[[Path], None]:
    def mutate(root: Path) -> None:
        change(SOCIAL.copy()).to_parquet(root / "data" / "social.parquet")

    return mutate


def parquet_cases() -> list[Case]:
    file = "data/social.parquet"
    import pyarrow as pa
    import pyarrow.parquet as pq

    def far_dates(root: Path) -> None:
        table = pa.table(
            {
                "posted": pa.array(
                    [pd.Timestamp("2024-09-02").to_pydatetime()] * 3 + [dt.datetime(9999, 12, 31)],
                    type=pa.timestamp("us"),
                ),
                "tp": SOCIAL["tp"].tolist(),
                "body": SOCIAL["body"].tolist(),
                "stars": SOCIAL["stars"].tolist(),
            }
        )
        pq.write_table(table, root / file)

    return [
        Case("parquet:date-9999", file, far_dates, row=4),
        Case(
            "parquet:stars-inf",
            file,
            _parquet(lambda f: f.assign(stars=[5.0, float("inf"), 1.0, 5.0])),
            row=2,
        ),
        Case(
            "parquet:stars-minus-inf",
            file,
            _parquet(lambda f: f.assign(stars=[5.0, -float("inf"), 1.0, 5.0])),
            row=2,
        ),
        Case(
            "parquet:date-1900",
            file,
            _parquet(
                lambda f: f.assign(
                    posted=pd.to_datetime(["1900-01-01", "2024-09-04", "2024-09-09", "2024-09-11"])
                )
            ),
            row=1,
        ),
        Case(
            "parquet:date-2200",
            file,
            _parquet(
                lambda f: f.assign(
                    posted=pd.to_datetime(["2024-09-02", "2024-09-04", "2200-09-09", "2024-09-11"])
                )
            ),
            row=3,
        ),
        Case(
            "parquet:unknown-tp",
            file,
            _parquet(lambda f: f.assign(tp=["quote", "nowhere", "settle", "settle"])),
            row=2,
        ),
        Case(
            "parquet:empty-tp",
            file,
            _parquet(lambda f: f.assign(tp=["quote", None, "settle", "settle"])),
            row=2,
        ),
        Case("parquet:no-rows", file, _parquet(lambda f: f.iloc[0:0])),
        Case("parquet:missing-column", file, _parquet(lambda f: f.drop(columns=["tp"]))),
        Case(
            "parquet:csv-renamed", file, write_bytes(file, b"posted,tp,body\n2024-09-02,quote,x\n")
        ),
        Case(
            "parquet:truncated",
            file,
            lambda root: (root / file).write_bytes((root / file).read_bytes()[:-40]),
        ),
        Case("parquet:empty", file, write_bytes(file, b"")),
    ]

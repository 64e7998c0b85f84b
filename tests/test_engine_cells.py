"""The engine's reading of cells (cxsite.data.cellsql), property by property.

Each property writes a value the way an export would (Python's own formatting, an
independent writer) and checks that the engine reads back the value it started from.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from projects import make_project

from cxsite.build import load_project
from cxsite.data import cellsql
from cxsite.errors import InputError

STYLES = [  # (decimal, thousands) a source may set
    (".", ","),
    (",", "."),
    (",", " "),
    (".", "'"),
    (".", "none"),
    (",", "none"),
]


@pytest.fixture(scope="module")
def con() -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect()
    connection.execute("SET TimeZone = 'UTC'")  # as the build's engine
    return connection


def read_number(con: duckdb.DuckDBPyConnection, cell: str, decimal: str, thousands: str) -> object:
    value = cellsql.number_text(cellsql.literal(cell))
    expression = cellsql.number(value, "VARCHAR", *cellsql.number_style(decimal, thousands, None))
    return con.execute(f"SELECT {expression}").fetchone()[0]  # type: ignore[index]


def written(number: float, decimal: str, thousands: str) -> str:
    """``number`` with two decimals as a person in that style writes it."""
    text = f"{abs(number):,.2f}"  # 1,234,567.89
    whole, cents = text.split(".")
    whole = whole.replace(",", "" if thousands == "none" else thousands)
    return ("-" if number < 0 else "") + whole + decimal + cents


@settings(max_examples=150, deadline=None)
@given(
    number=st.floats(min_value=-1e12, max_value=1e12, allow_nan=False).map(lambda x: round(x, 2)),
    style=st.sampled_from(STYLES),
)
def test_a_number_written_in_the_sources_style_reads_back(
    con: duckdb.DuckDBPyConnection, number: float, style: tuple[str, str]
) -> None:
    cell = written(number, *style)
    assert read_number(con, cell, *style) == pytest.approx(number, rel=1e-12, abs=1e-9), cell


@pytest.mark.parametrize("cell", ["nan", "1_000", "12abc", "1.2.3", "--5", "0x10", ""])
def test_what_is_not_a_number_reads_as_missing(con: duckdb.DuckDBPyConnection, cell: str) -> None:
    assert read_number(con, cell, ".", ",") is None


@settings(max_examples=150, deadline=None)
@given(
    moment=st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2200, 1, 1)).map(
        lambda d: d.replace(microsecond=0)
    ),
    offset_minutes=st.sampled_from([None, 0, 120, -300, 330]),
    separator=st.sampled_from(["T", " "]),
)
def test_an_iso_date_reads_as_its_utc_time(
    con: duckdb.DuckDBPyConnection,
    moment: dt.datetime,
    offset_minutes: int | None,
    separator: str,
) -> None:
    if offset_minutes is None:
        cell, utc = moment.isoformat(sep=separator), moment
    else:
        zone = dt.timezone(dt.timedelta(minutes=offset_minutes))
        cell = moment.replace(tzinfo=zone).isoformat(sep=separator)
        utc = moment - dt.timedelta(minutes=offset_minutes)
    expression = cellsql.date(cellsql.literal(cell), "VARCHAR", None)
    assert con.execute(f"SELECT {expression}").fetchone()[0] == utc  # type: ignore[index]


@pytest.mark.parametrize("cell", ["2024/01/05", "05-01-2024", "2024-1-5", "20240105", "soon"])
def test_what_is_not_iso_8601_is_not_a_date(con: duckdb.DuckDBPyConnection, cell: str) -> None:
    expression = cellsql.date(cellsql.literal(cell), "VARCHAR", None)
    assert con.execute(f"SELECT {expression}").fetchone()[0] is None  # type: ignore[index]


@settings(max_examples=150, deadline=None)
@given(
    core=st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp"))),
    left=st.text(alphabet=" \t\r\n\u00a0\u3000\u2009", max_size=3),
    right=st.text(alphabet=" \t\r\n\u00a0\u3000\u2009", max_size=3),
)
def test_text_is_trimmed_as_python_strips_it(
    con: duckdb.DuckDBPyConnection, core: str, left: str, right: str
) -> None:
    # A cell is trimmed of every blank when it starts or ends with a common one; a cell
    # whose outermost padding is a rarer blank (ideographic or thin space) may be kept.
    cell = left + core + right
    expression = cellsql.text(cellsql.literal(cell))
    found = con.execute(f"SELECT {expression}").fetchone()[0]  # type: ignore[index]
    common = bool(cell) and (cell[0] in " \t\r\n\u00a0" or cell[-1] in " \t\r\n\u00a0")
    if common or (not left and not right):
        assert found == (cell.strip() or None)
    else:
        assert found in (cell, cell.strip() or None)


def test_the_column_decides_the_decimal_mark_or_asks() -> None:
    # (any comma, clearly comma-decimal, clearly point-decimal, ambiguous), by hand
    assert cellsql.number_style(None, None, (False, False, False, False)) == (".", "none")
    assert cellsql.number_style(None, None, (True, True, False, True)) == (",", ".")
    assert cellsql.number_style(None, None, (True, False, True, True)) == (".", ",")
    assert cellsql.number_style(None, None, (True, True, True, False)) == (None, None)


def test_a_row_starting_with_a_hash_is_a_row(tmp_path: Path) -> None:
    # The engine's CSV reader would sniff "#" as a comment marker and skip the row
    # silently; the export has no comments, so the row is read and its cells checked.
    body = "day,kpi,val\n#3,quote-time,5\n2024-09-02,quote-time,6\n"
    root = make_project(tmp_path / "p", {"data/obs.csv": body})
    with pytest.raises(InputError) as caught:
        load_project(root, today=dt.date(2024, 9, 12))
    (problem,) = [str(p) for p in caught.value.problems]
    assert problem.startswith("data/obs.csv, row 2: unparseable date in column 'day' (got '#3')")

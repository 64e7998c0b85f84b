"""Database sources are fingerprinted by a summary made where they live."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from projects import make_project

from cxsite.build import build

CONFIG = """\
title: Test room
organisation: Test Co
min_n: 5
connections:
  warehouse: duckdb:///warehouse.duckdb
sources:
  obs:
    kind: observations
    connection: warehouse
    table: obs
    columns: {date: day, metric: kpi, value: val}
  survey:
    kind: responses
    path: data/survey.csv
    date_format: "%d/%m/%Y"
    columns: {date: When, metric: Q, score: Score, comment: Text, respondent: Rid}
  tickets:
    kind: issues
    path: data/issues.csv
    columns: {id: Ticket, touchpoint: Area, category: Cat, opened: Opened, closed: Closed,
              status: State, owner: Who, action: Next}
"""


def execute(root: Path, statement: str) -> None:
    with duckdb.connect(str(root / "warehouse.duckdb")) as con:
        con.execute(statement)


def test_a_changed_database_row_rebuilds_and_nothing_changed_does_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    root = make_project(tmp_path / "p", {"cxsite.yml": CONFIG})
    execute(root, f"CREATE TABLE obs AS FROM read_csv('{root}/data/obs.csv', all_varchar=true)")
    first = build(root)
    assert not first.up_to_date
    assert build(root).up_to_date  # the same rows: nothing to do
    # An old row changed in place: same count, same newest date; only the checksum moves.
    execute(root, "UPDATE obs SET val = '1' || val WHERE day = (SELECT min(day) FROM obs)")
    changed = build(root)
    assert not changed.up_to_date
    assert changed.model.site.build_id != first.model.site.build_id
    assert build(root).up_to_date
    # A new row: rebuilt again.
    execute(root, "INSERT INTO obs SELECT * FROM obs LIMIT 1")
    assert not build(root).up_to_date


def test_the_summary_without_hashes_still_sees_numbers_and_lengths() -> None:
    """The fallback for a backend without a hash function (PostgreSQL through Ibis)."""
    import ibis
    import pyarrow as pa

    from cxsite.data.source_summary import summary_expr

    def summary(values: list[float], texts: list[str]) -> dict[str, object]:
        table = ibis.memtable(pa.table({"v": values, "t": texts}))
        return dict(summary_expr(table, hashed=False).to_pyarrow().to_pylist()[0])

    base = summary([1.5, 2.5], ["ab", "c"])
    # by hand: 2 rows, 1.5 + 2.5 = 4, 1.5² + 2.5² = 8.5, lengths 2 + 1 = 3
    assert base == {"rows": 2, "check_0": 4.0, "square_0": 8.5, "check_1": 3}
    assert summary([1.5, 3.5], ["ab", "c"]) != base  # an old number changed
    assert summary([2.5, 1.5], ["ab", "c"]) == base  # the same rows in another order
    assert summary([1.5, 2.5], ["abc", "c"]) != base  # a longer text

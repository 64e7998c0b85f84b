"""One source's rows on their way to canonical columns, and the problems they have.

The rows stay in the engine: a check is a condition over the stage's table, counted in
the engine; only the first few rows that fail it (their number, or their key in a
database table, and the cell as the export wrote it) come back to Python, to be named in
the message, followed by how many more there are.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import Problems
from ..inputs.config import SourceConfig
from .cellsql import ident
from .engine import Engine
from .rawread import ORDER, fetch

MAX_ROWS_REPORTED = 5


@dataclass(frozen=True)
class Check:
    """Rows where ``condition`` holds are reported with ``message``; ``value`` is the
    cell shown for each (an expression over the source's raw view)."""

    condition: str
    value: str
    message: str
    hint: str
    warning: bool = False


class Stage:
    """A table of the engine holding one source's rows (``table``), and the view of its
    raw cells (``cells``) to quote bad values from."""

    def __init__(
        self,
        engine: Engine,
        source: SourceConfig,
        problems: Problems,
        cells: str,
        key: tuple[str, str] | None = None,
    ) -> None:
        self.engine = engine
        self.source = source
        self.problems = problems
        self.cells = cells
        # (the expression of a database row's key, the column it comes from)
        self.key = key
        self.table = ""
        self._made: list[tuple[str, str]] = []  # (TABLE or VIEW, name) since the last table

    def create(self, select: str, view: bool = False) -> str:
        """Materialise ``select`` as this stage's table (the engine may spill it); or,
        when it only filters and renames what is materialised already, as a view."""
        name = self.engine.fresh_name(f"stage_{self.source.kind}")
        what = "VIEW" if view else "TABLE"
        self.engine.con.con.execute(f'CREATE {what} "{name}" AS {select}')
        self.table = name
        self._made.append((what, name))
        if not view:
            # Every later step reads this table: the steps before it are dropped, and
            # it is compressed, so a source of millions of rows never holds two
            # uncompressed copies of them.
            self.engine.drop(set(self._made[:-1]))
            self._made = self._made[-1:]
            self.engine.compact()
        return name

    def count(self, conditions: list[str], table: str | None = None) -> list[int]:
        """How many rows of the stage meet each condition, in one pass."""
        if not conditions:
            return []
        columns = ", ".join(f"count_if({c})" for c in conditions)
        found = fetch(self.engine, f'SELECT {columns} FROM "{table or self.table}" s')
        return [int(n or 0) for n in found[0]]

    def run(self, checks: list[Check], table: str | None = None) -> list[int]:
        """Each check reported, in order; returns how many rows failed each."""
        totals = self.count([c.condition for c in checks], table)
        for check, total in zip(checks, totals, strict=True):
            if total:
                self.report(check, total, table)
        return totals

    def first(
        self, condition: str, value: str, table: str | None = None
    ) -> list[tuple[int, Any, Any]]:
        """The first rows meeting ``condition``: (row number, value shown, key)."""
        key = self.key[0] if self.key else "NULL"
        query = (
            f'SELECT s."__row", {value}, {key} FROM "{table or self.table}" s'
            f' JOIN "{self.cells}" c ON c."{ORDER}" = s."{ORDER}"'
            f' WHERE {condition} ORDER BY s."{ORDER}" LIMIT {MAX_ROWS_REPORTED + 1}'
        )
        return [(int(r[0]), r[1], r[2]) for r in fetch(self.engine, query)]

    def report(self, check: Check, total: int, table: str | None = None) -> None:
        add = self.problems.warn if check.warning else self.problems.add
        for row, value, key in self.first(check.condition, check.value, table)[:MAX_ROWS_REPORTED]:
            add(check.message, **self.place(row, key), value=value, hint=check.hint)
        if total > MAX_ROWS_REPORTED:
            add(
                f"{check.message}: {total - MAX_ROWS_REPORTED:,} more rows like these",
                file=self.source.shown_path,
                hint=check.hint,
            )

    def place(self, row: int, key: Any) -> dict[str, Any]:
        """Where a row is, for a problem: its key in a database table, else its number."""
        if self.key is not None and key is not None:
            return {"file": f"{self.source.shown_path} ({self.key[1]} {key})"}
        return {"file": self.source.shown_path, "row": row}

    def column(self, name: str) -> str:
        return f"s.{ident(name)}"

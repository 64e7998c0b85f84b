"""Row checks of the customer-level sources: the customer book and the contact log."""

from __future__ import annotations

from typing import Protocol

import pandas as pd

from ..inputs.config import SourceConfig

# Canonical columns of the customer-level kinds of source, and their types.
CUSTOMER_KINDS: dict[str, dict[str, str]] = {
    "customers": {
        "customer": "str",
        "joined": "date",
        "left": "date",
        "value": "num",
        "segment": "str",
    },
    "contacts": {"customer": "str", "date": "date", "touchpoint": "str", "channel": "str"},
}


class RowReporter(Protocol):
    def report(
        self,
        bad: pd.Series,
        values: pd.Series,
        message: str,
        hint: str,
        warning: bool = False,
    ) -> None: ...


def check_customer_rows(
    frame: pd.DataFrame, source: SourceConfig, mapping: dict[str, str], check: RowReporter
) -> pd.DataFrame:
    """A customer id on every row; in the customer book each customer once, and no one
    leaving before they joined."""
    column = mapping.get("customer", "customer")
    blank = frame["customer"].isna()
    if blank.any():
        check.report(
            blank,
            frame["customer"],
            f"empty customer id in column '{column}'",
            "Every row needs the customer's id; fill it in or filter the row out with 'where'",
        )
    frame = frame[~blank]
    if source.kind != "customers":
        return frame
    duplicated = frame["customer"].duplicated(keep="last")
    if duplicated.any():
        check.report(
            duplicated,
            frame["customer"],
            "customer id appears more than once; the last row is used",
            "Export each customer once (their first joining date, and the date they left)",
            warning=True,
        )
        frame = frame[~duplicated]
    before = frame["left"].notna() & (frame["left"] < frame["joined"])
    if before.any():
        check.report(
            before,
            frame["left"].astype(str),
            f"left before joining in column '{mapping.get('left', 'left')}'",
            "Check the dates; the customer is counted as leaving on the day they joined",
            warning=True,
        )
        frame = frame.assign(left=frame["left"].where(~before, frame["joined"]))
    return frame

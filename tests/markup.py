"""A small project whose every name carries markup that Plotly or a browser would read."""

from __future__ import annotations

from pathlib import Path

from projects import ISSUES, JOURNEY, make_project

LINK = '<a href="https://evil.example/">x</a>'
BIG = '<span style="font-size:80px">big</span>'
BREAK = "one<br>two"


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def markup_project(root: Path) -> Path:
    journey = (
        JOURNEY.replace("    name: Buy\n", f"    name: {_quoted('Buy ' + BIG)}\n")
        .replace("    name: Claim\n", f"    name: {_quoted('Claim ' + LINK)}\n")
        .replace("name: Online quote", f"name: {_quoted('Quote ' + LINK)}")
        .replace("name: Claim settlement", f"name: {_quoted('Settle ' + BIG)}")
        .replace("owner: Ann Owner", f"owner: {_quoted('Ann ' + LINK)}")
        .replace("owner: Bob Owner", f"owner: {_quoted('Bob ' + BREAK)}")
        .replace("name: Net Promoter Score", f"name: {_quoted('NPS ' + LINK)}")
        .replace("name: Time to quote", f"name: {_quoted('Time ' + BIG)}")
        .replace("name: Quote satisfaction", f"name: {_quoted('CSAT ' + LINK)}")
        .replace("name: Claim effort", f"name: {_quoted('Effort ' + BREAK)}")
    )
    cell = '"Delay ' + LINK.replace('"', '""') + '"'
    issues = ISSUES.replace(",Delay,", f",{cell},").replace(",Ann,", ",Ann <b>bold</b>,")
    issues = issues.replace(",Price,", ',"Price ' + BIG.replace('"', '""') + '",')
    return make_project(root, {"content/journey.yml": journey, "data/issues.csv": issues})

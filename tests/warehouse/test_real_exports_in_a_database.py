"""Messy real exports kept in a database, read through ``connection:`` + ``query:``.

Excerpts of public data (``tests/fixtures/warehouse``: US consumer complaints with
American dates, Yes/No flags, a column named ``consumer_disputed?`` and empty fields;
support tweets with an unnamed index column, Twitter's timestamps and reply ids written
as ``3.0``) are loaded verbatim, every column text, as a first load into a warehouse
would hold them: into a DuckDB database file (``duckdb:///warehouse.duckdb``) and into
PostgreSQL. Each database's own SQL then derives values, joins and filters on "not
empty". Every expected value is computed here with Python's csv and datetime modules,
independently of the engine and the databases.
"""

from __future__ import annotations

import csv
import datetime as dt
import textwrap
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest
from projects import JOURNEY, make_project

from cxsite.build import load_project

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "warehouse"
TODAY = dt.date(2024, 9, 12)
TABLES = {"complaints": "complaints.csv", "tweets": "support_tweets.csv"}
METRICS = """\
  - id: timely
    name: Complaints answered in time
    touchpoint: quote
    kind: process
    aggregate: mean
  - id: reply-minutes
    name: Minutes to a reply
    touchpoint: quote
    kind: process
    direction: lower
    aggregate: mean
"""
TWITTER = "%a %b %d %H:%M:%S %z %Y"
# The same two questions in each database's dialect.
QUERIES = {
    "duckdb": {
        "timely": """
            SELECT strptime(date_received, '%m/%d/%Y') AS day, 'timely' AS kpi,
                   timely_response = 'Yes' AS in_time
            FROM complaints
            WHERE sub_issue IS NOT NULL AND trim(sub_issue) <> ''""",
        "replies": """
            SELECT strptime(q.created_at, '%a %b %d %H:%M:%S %z %Y')::timestamp AS asked,
                   'reply-minutes' AS kpi,
                   epoch(strptime(a.created_at, '%a %b %d %H:%M:%S %z %Y')
                         - strptime(q.created_at, '%a %b %d %H:%M:%S %z %Y')) / 60 AS minutes
            FROM tweets q
            JOIN tweets a ON split_part(a.in_response_to_tweet_id, '.', 1) = q.tweet_id
            WHERE q.inbound = 'True' AND a.inbound = 'False'""",
    },
    "postgres": {
        "timely": """
            SELECT to_date(date_received, 'MM/DD/YYYY') AS day, 'timely' AS kpi,
                   timely_response = 'Yes' AS in_time
            FROM complaints
            WHERE NULLIF(trim(sub_issue), '') IS NOT NULL""",
        "replies": """
            SELECT to_timestamp(q.created_at, 'Dy Mon DD HH24:MI:SS "+0000" YYYY')
                     AT TIME ZONE 'UTC' AS asked,
                   'reply-minutes' AS kpi,
                   extract(epoch FROM
                     to_timestamp(a.created_at, 'Dy Mon DD HH24:MI:SS "+0000" YYYY')
                     - to_timestamp(q.created_at, 'Dy Mon DD HH24:MI:SS "+0000" YYYY')) / 60
                     AS minutes
            FROM tweets q
            JOIN tweets a ON split_part(a.in_response_to_tweet_id, '.', 1) = q.tweet_id
            WHERE q.inbound = 'True' AND a.inbound = 'False'""",
    },
}
COLUMNS = {
    "timely": "{date: day, metric: kpi, value: in_time}",
    "replies": "{date: asked, metric: kpi, value: minutes}",
}


def rows(name: str) -> list[dict[str, str]]:
    with (FIXTURES / TABLES[name]).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def column_name(header: str) -> str:
    """The unnamed index column gets a name; the others keep theirs (``?`` included)."""
    return header or "line"


def into_duckdb(root: Path) -> str:
    with duckdb.connect(str(root / "warehouse.duckdb")) as con:
        for table, file in TABLES.items():
            con.execute(
                f"CREATE TABLE {table} AS FROM read_csv(?, all_varchar = true, header = true)",
                [str(FIXTURES / file)],
            )
            if "column0" in con.table(table).columns:  # DuckDB's name for the unnamed one
                con.execute(f"ALTER TABLE {table} RENAME COLUMN column0 TO line")
    return "duckdb:///warehouse.duckdb"


def into_postgres(url: str) -> str:
    import psycopg

    with psycopg.connect(url) as db, db.cursor() as cursor:
        for table, file in TABLES.items():
            with (FIXTURES / file).open(encoding="utf-8", newline="") as handle:
                header = next(csv.reader(handle))
            columns = ", ".join(f'"{column_name(h)}" text' for h in header)
            cursor.execute(f"DROP TABLE IF EXISTS {table}")
            cursor.execute(f"CREATE TABLE {table} ({columns})")
            with cursor.copy(f"COPY {table} FROM STDIN WITH (FORMAT csv, HEADER true)") as copy:
                copy.write((FIXTURES / file).read_bytes())
    return "${CX_PG_URL}"


@pytest.fixture(params=["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)])
def database(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[str, Callable[[str], Path]]:
    """The dialect, and a function making a project whose source runs that query."""
    root = tmp_path / "proj"
    if request.param == "postgres":
        url = request.getfixturevalue("pg_url")
        monkeypatch.setenv("CX_PG_URL", url)
        connection = into_postgres(url)
    else:
        root.mkdir()
        connection = into_duckdb(root)

    def project(question: str) -> Path:
        query = textwrap.indent(textwrap.dedent(QUERIES[request.param][question]), "      ")
        config = (
            "title: Test room\norganisation: Test Co\n"
            f"connections:\n  warehouse: {connection}\n"
            f"sources:\n  {question}:\n    kind: observations\n    connection: warehouse\n"
            f"    query: |{query}\n    columns: {COLUMNS[question]}\n"
        )
        return make_project(root, {"cxsite.yml": config, "content/journey.yml": JOURNEY + METRICS})

    return request.param, project


def test_derived_flag_and_not_empty_filter(database: tuple[str, Callable[[str], Path]]) -> None:
    _, project = database
    kept = [r for r in rows("complaints") if r["sub_issue"].strip()]
    expected = sorted(
        (
            dt.datetime.strptime(r["date_received"], "%m/%d/%Y").date(),
            float(r["timely_response"] == "Yes"),
        )
        for r in kept
    )
    assert len(expected) == 16 and {v for _, v in expected} == {0.0, 1.0}

    got = load_project(project("timely"), today=TODAY).data.observations

    assert sorted(zip(got["date"].dt.date, got["value"], strict=True)) == expected
    assert set(got["metric"]) == {"timely"}


def test_join_of_questions_and_replies(database: tuple[str, Callable[[str], Path]]) -> None:
    _, project = database
    tweets = rows("tweets")
    by_id = {t["tweet_id"]: t for t in tweets}
    expected = []
    for reply in tweets:
        asked = by_id.get(reply["in_response_to_tweet_id"].removesuffix(".0"))
        if asked and asked["inbound"] == "True" and reply["inbound"] == "False":
            start = dt.datetime.strptime(asked["created_at"], TWITTER)
            seconds = (dt.datetime.strptime(reply["created_at"], TWITTER) - start).total_seconds()
            expected.append((start.replace(tzinfo=None), round(seconds / 60, 9)))
    assert len(expected) == 18

    got = load_project(project("replies"), today=TODAY).data.observations

    pairs = zip([d.to_pydatetime() for d in got["date"]], got["value"].round(9), strict=True)
    assert sorted(pairs) == sorted(expected)

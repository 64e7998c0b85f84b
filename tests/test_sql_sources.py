"""Sources given as a query: DuckDB SQL over the project's files, on real exports.

The exports are the excerpts of public data in ``tests/fixtures`` (US consumer
complaints, customer-support tweets). Every expected value is computed here with
Python's csv and datetime modules, independently of the engine.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import tempfile
import textwrap
from pathlib import Path

import pytest
from projects import JOURNEY, make_project

from cxsite.build import load_project
from cxsite.errors import InputError

FIXTURES = Path(__file__).parent / "fixtures"
TODAY = dt.date(2024, 9, 12)
EXTRA_METRICS = """\
  - id: sent-fast
    name: Sent to the company within a day
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
HEAD = """\
title: Test room
organisation: Test Co
sources:
"""


def project(tmp_path: Path, sources: str) -> Path:
    root = make_project(
        tmp_path / "proj",
        {
            "cxsite.yml": HEAD + textwrap.indent(textwrap.dedent(sources), "  "),
            "content/journey.yml": JOURNEY + EXTRA_METRICS,
        },
    )
    shutil.copy(FIXTURES / "complaints_excerpt.csv", root / "data/complaints.csv")
    shutil.copy(FIXTURES / "support_tweets_excerpt.csv", root / "data/tweets.csv")
    return root


def problems(root: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_project(root, today=TODAY)
    return [str(p) for p in caught.value.problems]


def us_date(text: str) -> dt.date:
    return dt.datetime.strptime(text, "%m/%d/%Y").date()


def test_derived_value_and_not_empty_filter(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        """\
        sent:
          kind: observations
          query: |
            SELECT date_received AS day, 'sent-fast' AS kpi,
                   date_sent_to_company::date <= date_received + 1 AS sent_next_day
            FROM 'data/complaints.csv'
            WHERE sub_product IS NOT NULL
          columns: {date: day, metric: kpi, value: sent_next_day}
        """,
    )
    with (root / "data/complaints.csv").open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["sub_product"].strip()]
    expected = sorted(
        (
            us_date(r["date_received"]),
            float(
                us_date(r["date_sent_to_company"]) - us_date(r["date_received"]) <= dt.timedelta(1)
            ),
        )
        for r in rows
    )
    assert len(expected) == 9  # three of the twelve complaints have no sub-product

    data = load_project(root, today=TODAY).data
    got = data.observations
    assert sorted(zip(got["date"].dt.date, got["value"], strict=True)) == expected
    assert set(got["metric"]) == {"sent-fast"}
    # the same rows as the engine's canonical relation
    table = data.table("observations")
    assert table.count().execute() == 9
    assert table.value.sum().execute() == sum(v for _, v in expected)


def test_join_of_two_exports(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        """\
        replies:
          kind: observations
          query: >-
            SELECT strptime(q.created_at, '%a %b %d %H:%M:%S %z %Y') AS asked,
                   'reply-minutes' AS kpi,
                   date_diff('minute', strptime(q.created_at, '%a %b %d %H:%M:%S %z %Y'),
                             strptime(a.created_at, '%a %b %d %H:%M:%S %z %Y')) AS minutes
            FROM 'data/tweets.csv' q
            JOIN 'data/tweets.csv' a ON a.in_response_to_tweet_id = q.tweet_id
            WHERE q.inbound AND NOT a.inbound
          columns: {date: asked, metric: kpi, value: minutes}
        """,
    )
    with (root / "data/tweets.csv").open(encoding="utf-8", newline="") as handle:
        tweets = list(csv.DictReader(handle))

    def when(text: str) -> dt.datetime:
        return dt.datetime.strptime(text, "%a %b %d %H:%M:%S %z %Y")

    by_id = {t["tweet_id"]: t for t in tweets}
    expected = []
    for reply in tweets:
        asked = by_id.get(reply["in_response_to_tweet_id"].removesuffix(".0"))
        if asked and asked["inbound"] == "True" and reply["inbound"] == "False":
            start = when(asked["created_at"])
            # DuckDB's date_diff counts minute boundaries crossed
            minutes = when(reply["created_at"]).replace(second=0) - start.replace(second=0)
            expected.append((start.date(), minutes.total_seconds() / 60))
    assert len(expected) == 6

    got = load_project(root, today=TODAY).data.observations
    assert sorted(zip(got["date"].dt.date, got["value"], strict=True)) == sorted(expected)


def test_broken_query_names_config_line_and_engine_message(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        """\
        sent:
          kind: observations
          query: SELECT date_received AS day, nope FROM 'data/complaints.csv'
          columns: {date: day, metric: kpi, value: nope}
        """,
    )
    (problem,) = problems(root)
    assert problem.startswith("cxsite.yml:6: the query of sources.sent failed: Binder Error")
    assert '"nope" not found' in problem
    assert "fix the query in the config" in problem


def test_query_cannot_read_outside_the_project(tmp_path: Path) -> None:
    secret = tmp_path / "secret.csv"
    secret.write_text("day,kpi,val\n2024-09-02,quote-time,1\n", encoding="utf-8")
    root = project(
        tmp_path,
        """\
        a:
          kind: observations
          query: FROM '../secret.csv'
          columns: {date: day, metric: kpi, value: val}
        b:
          kind: observations
          query: FROM read_csv('/etc/passwd')
          columns: {date: day, metric: kpi, value: val}
        """,
    )
    found = problems(root)
    assert len(found) == 2
    assert found[0].startswith("cxsite.yml:6: sources.a.query reads '../secret.csv'")
    assert "outside the project folder" in found[0]
    # not a data file name, so not rewritten: the engine refuses it
    assert found[1].startswith("cxsite.yml:10: the query of sources.b failed: Permission Error")


def test_query_that_writes_is_refused_and_writes_nothing(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        """\
        a:
          kind: observations
          query: COPY (SELECT 1 AS x) TO 'data/written.csv'
          columns: {date: day, metric: kpi, value: val}
        """,
    )
    (problem,) = problems(root)
    assert "must be one SELECT" in problem
    assert not (root / "data/written.csv").exists()


def test_bad_cells_from_a_query_are_reported_by_row(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        """\
        a:
          kind: observations
          query: |
            SELECT complaint_id, date_received AS day, 'sent-fast' AS kpi,
                   CASE WHEN state = 'CA' THEN 'n/a' ELSE '1' END AS val
            FROM 'data/complaints.csv' ORDER BY complaint_id
          columns: {date: day, metric: kpi, value: val}
        """,
    )
    with (root / "data/complaints.csv").open(encoding="utf-8", newline="") as handle:
        rows = sorted(csv.DictReader(handle), key=lambda r: int(r["complaint_id"]))
    bad_rows = [i + 1 for i, r in enumerate(rows) if r["state"] == "CA"]
    assert bad_rows  # the excerpt has Californian complaints
    found = problems(root)
    shown = [p for p in found if "is not a number" in p]
    assert shown[0].startswith(f"sources.a.query, row {bad_rows[0]}: 'val' is not a number")


def test_check_runs_the_query_and_writes_nothing(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from cxsite.cli import main

    root = project(
        tmp_path,
        """\
        sent:
          kind: observations
          query: |
            SELECT date_received AS day, 'sent-fast' AS kpi, 1 AS val
            FROM 'data/complaints.csv' WHERE sub_product IS NOT NULL
          columns: {date: day, metric: kpi, value: val}
        """,
    )
    (root / "cxsite.yml").write_text(
        (root / "cxsite.yml").read_text(encoding="utf-8") + "engine: {memory_limit: 300MB}\n",
        encoding="utf-8",
    )
    before = sorted((p, p.stat().st_mtime_ns) for p in root.rglob("*"))
    result = CliRunner().invoke(main, ["check", str(root), "--strict"])
    assert result.exit_code == 0, result.output
    assert "9 observations" in result.output
    assert sorted((p, p.stat().st_mtime_ns) for p in root.rglob("*")) == before


def test_engine_settings_and_canonical_tables(tmp_path: Path) -> None:
    root = project(tmp_path, "")
    config = (root / "cxsite.yml").read_text(encoding="utf-8")
    (root / "cxsite.yml").write_text(
        config.replace("sources:\n", "engine: {memory_limit: 300MB, threads: 1}\nsources: {}\n"),
        encoding="utf-8",
    )
    data = load_project(root, today=TODAY).data
    assert data.engine is not None
    settings = data.engine.con.con.sql(
        "SELECT current_setting('memory_limit'), current_setting('threads')"
    ).fetchone()
    assert settings[1] == 1
    assert settings[0].endswith("MiB") and 280 <= float(settings[0].split()[0]) <= 300
    # no progress bar of DuckDB's among the build's messages, however long a query runs
    bar = data.engine.con.con.sql("SELECT current_setting('enable_progress_bar')").fetchone()
    assert bar == (False,)
    # every kind has its canonical relation, typed even when it has no rows
    issues = data.table("issues")
    assert issues.count().execute() == 0
    schema = issues.schema()
    assert str(schema["opened"]).startswith("timestamp")
    assert str(schema["owner"]) == "string"
    assert str(data.table("responses").schema()["score"]) == "float64"


def test_bad_engine_setting(tmp_path: Path) -> None:
    root = project(tmp_path, "")
    config = (root / "cxsite.yml").read_text(encoding="utf-8")
    (root / "cxsite.yml").write_text(
        config.replace("sources:\n", "engine: {memory_limit: lots}\nsources: {}\n"),
        encoding="utf-8",
    )
    found = problems(root)
    assert "cxsite.yml:3: 'engine.memory_limit' must be a size such as 500MB or 4GB" in found[0]


def test_file_settings_on_a_query_are_refused(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        """\
        sent:
          kind: observations
          query: SELECT date_received AS day, 'sent-fast' AS kpi, 1 AS val FROM 'data/x.csv'
          delimiter: ";"
          columns: {date: day, metric: kpi, value: val}
        """,
    )
    (root / "data/x.csv").write_bytes((root / "data/complaints.csv").read_bytes())
    (problem,) = problems(root)
    assert problem.startswith(
        "cxsite.yml:7: 'sources.sent.delimiter' applies to files, and this source is a query"
    )


def test_nan_and_infinity_from_a_query_never_reach_the_data(tmp_path: Path) -> None:
    """A database double can hold NaN and infinity, which no CSV cell can: NaN is an
    empty value (left out with a warning), infinity an error naming the row."""
    root = project(
        tmp_path,
        """\
        a:
          kind: observations
          query: |
            SELECT DATE '2024-09-02' + i::INT AS day, 'quote-time' AS kpi,
                   CASE i WHEN 1 THEN 'nan'::DOUBLE ELSE 10.0 * i END AS val
            FROM range(4) t(i)
          columns: {date: day, metric: kpi, value: val}
        """,
    )
    loaded = load_project(root, today=TODAY)
    assert list(loaded.data.observations["value"]) == [0.0, 20.0, 30.0]
    assert [str(w) for w in loaded.warnings] == [
        "sources.a.query, row 2: empty value in column 'val' (got nan). Fill it in or leave the row"
        " out of the export"
    ]
    config = (root / "cxsite.yml").read_text(encoding="utf-8")
    (root / "cxsite.yml").write_text(config.replace("'nan'", "'-inf'"), encoding="utf-8")
    (problem,) = problems(root)
    assert problem.startswith("sources.a.query, row 2: 'val' is not a finite number (got -inf)")


def test_the_engine_spills_to_a_folder_of_its_own_and_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cxsite.data.engine import SPILL_PREFIX, Engine
    from cxsite.data.engineconfig import EngineSettings

    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    quiet = Engine(tmp_path, EngineSettings(memory_limit="64MB", threads=1))
    assert quiet.con.con.sql("SELECT 1").fetchone() == (1,)
    assert list(temp.iterdir()) == []  # nothing spilled, no folder
    quiet.close()
    spilling = Engine(tmp_path, EngineSettings(memory_limit="64MB", threads=1))
    seen = spilling.con.con.sql(
        "SELECT count(*) FROM (SELECT md5(range::VARCHAR) AS s FROM range(2000000) ORDER BY s)"
    ).fetchone()
    assert seen == (2_000_000,)
    folders = list(temp.iterdir())
    # DuckDB made the folder when it spilled (its files are gone once the query ends)
    assert [f.name.startswith(SPILL_PREFIX) for f in folders] == [True]
    spilling.close()
    assert list(temp.iterdir()) == []

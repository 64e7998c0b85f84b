"""Numbers as people write them, empty numeric cells, and JSON/NDJSON files.

Expected values are written out by hand next to each case.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from projects import CONFIG, make_project

from cxsite.build import load_project
from cxsite.errors import InputError

TODAY = dt.date(2024, 9, 12)
OBS_SOURCE = "    columns: {date: day, metric: kpi, value: val}\n"


def obs_project(tmp_path: Path, values: list[str], settings: str = "") -> Path:
    rows = "".join(f'2024-09-0{2 + i},quote-time,"{v}"\n' for i, v in enumerate(values))
    config = CONFIG.replace(OBS_SOURCE, OBS_SOURCE + settings)
    return make_project(
        tmp_path / "p", {"cxsite.yml": config, "data/obs.csv": "day,kpi,val\n" + rows}
    )


def values(root: Path) -> list[float]:
    obs = load_project(root, today=TODAY).data.observations.sort_values("date")
    return [float(v) for v in obs["value"]]


def problems(root: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_project(root, today=TODAY)
    return [str(p) for p in caught.value.problems]


def test_a_lone_comma_grouped_number_is_an_error_naming_the_settings(tmp_path: Path) -> None:
    (problem,) = problems(obs_project(tmp_path, ["1,234", "70"]))
    assert problem.startswith(
        "data/obs.csv, row 2: 'val' holds a number with a comma that may group thousands"
        " or mark decimals (got '1,234')"
    )
    assert "'sources.obs.thousands: \",\"' if 1,234 means 1234" in problem
    assert "'sources.obs.decimal: \",\"' if it means 1.234" in problem


@pytest.mark.parametrize(
    ("written", "settings", "expected"),
    [
        (["1,234", "70"], '    thousands: ","\n', [1234.0, 70.0]),
        (["1,234", "70"], '    decimal: ","\n', [1.234, 70.0]),
        # the column decides: a decimal comma elsewhere, or a decimal point elsewhere
        (["4,5", "1,234"], "", [4.5, 1.234]),
        (["3.5", "1,234"], "", [3.5, 1234.0]),
        (["1.234,5", "2,25"], "", [1234.5, 2.25]),
        (["1,234.5", "7"], "", [1234.5, 7.0]),
        (["1.234.567,5"], '    decimal: ","\n    thousands: "."\n', [1234567.5]),
        (["1 234,5"], '    decimal: ","\n    thousands: " "\n', [1234.5]),
        (["0,5", "12,3456"], "", [0.5, 12.3456]),
        # no comma anywhere: the point is a decimal point, as in any plain number
        (["1.234", "2.5"], "", [1.234, 2.5]),
        (["1.234", "7"], '    thousands: "."\n', [1234.0, 7.0]),
    ],
)
def test_numbers_in_their_style(
    tmp_path: Path, written: list[str], settings: str, expected: list[float]
) -> None:
    assert values(obs_project(tmp_path, written, settings)) == pytest.approx(expected)


def test_a_point_grouped_number_among_decimal_commas_is_an_error(tmp_path: Path) -> None:
    # "1.234" beside "2,5" is 1234 if points group thousands there, or 1.234 if the
    # export mixes styles: nothing in the column says which
    (problem,) = problems(obs_project(tmp_path, ["1.234", "2,5"]))
    assert problem.startswith(
        "data/obs.csv, row 2: 'val' holds a number with a point that may group thousands"
        " or mark decimals, among numbers with a decimal comma (got '1.234')"
    )
    assert "'sources.obs.thousands: \".\"' if 1.234 means 1234" in problem


def test_a_point_in_a_decimal_comma_source_is_not_a_number(tmp_path: Path) -> None:
    (problem,) = problems(obs_project(tmp_path, ["3.5"], '    decimal: ","\n'))
    assert problem.startswith("data/obs.csv, row 2: 'val' is not a number (got '3.5')")


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ('    decimal: ";"\n', "'sources.obs.decimal' must be one of '.', ','"),
        ('    decimal: ","\n    thousands: ","\n', "are both ','"),
    ],
)
def test_bad_number_settings(tmp_path: Path, settings: str, message: str) -> None:
    found = problems(obs_project(tmp_path, ["70"], settings))
    assert any(message in p for p in found), found


SURVEY_ROWS = [
    ("r1", "2024-09-02", "nps", 10.0),
    ("r2", "2024-09-03", "nps", None),
    ("r3", "2024-09-04", "nps", 7.0),
]
SURVEY_COLUMNS = (
    "    columns: {date: When, metric: Q, score: Score, comment: Text, respondent: Rid}\n"
)


def survey_project(tmp_path: Path, name: str) -> Path:
    config = CONFIG.replace("path: data/survey.csv", f"path: data/{name}")
    config = config.replace('    date_format: "%d/%m/%Y"\n', "")
    return make_project(tmp_path / "p", {"cxsite.yml": config, "data/survey.csv": None})


def write_survey(root: Path, name: str) -> None:
    frame = pd.DataFrame(SURVEY_ROWS, columns=["Rid", "When", "Q", "Score"])
    frame["Text"] = ["", None, "fine"]
    path = root / "data" / name
    if name.endswith(".csv"):
        path.write_text(
            "Rid,When,Q,Score,Text\nr1,2024-09-02,nps,10,\nr2,2024-09-03,nps,,\n"
            "r3,2024-09-04,nps,7,fine\n",
            encoding="utf-8",
        )
    elif name.endswith(".parquet"):
        frame.to_parquet(path)
    elif name.endswith(".xlsx"):
        frame.to_excel(path, index=False)
    elif name.endswith(".ndjson"):
        lines = [json.dumps(r) for r in frame.replace({np.nan: None}).to_dict("records")]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    else:
        path.write_text(json.dumps(frame.replace({np.nan: None}).to_dict("records")), "utf-8")


@pytest.mark.parametrize("name", ["s.csv", "s.parquet", "s.xlsx", "s.json", "s.ndjson"])
def test_empty_score_cells_are_missing_in_every_format(tmp_path: Path, name: str) -> None:
    root = survey_project(tmp_path, name)
    write_survey(root, name)
    loaded = load_project(root, today=TODAY)
    responses = loaded.data.responses.sort_values("date")
    # the row without a score is left out of the scores; the others are as written
    assert list(responses["respondent"]) == ["r1", "r3"]
    assert list(responses["score"]) == [10.0, 7.0]
    assert np.isfinite(responses["score"]).all()


def test_broken_json_names_the_file(tmp_path: Path) -> None:
    root = survey_project(tmp_path, "s.ndjson")
    (root / "data/s.ndjson").write_text('{"Rid": "r1"}\n{broken\n', encoding="utf-8")
    found = problems(root)
    assert any(p.startswith("data/s.ndjson") and "not a readable NDJSON file" in p for p in found)

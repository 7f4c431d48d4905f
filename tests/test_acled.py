"""`--format acled`: ACLED's columns, order and conventions, loaded the way analysts load ACLED.

The column list is ACLED's export header (event_id_cnty … timestamp). The conventions checked:
a full `event_date` with its `time_precision`, numeric ISO codes, state forces named by the
government of the event's day (tested on each side of every change of government in Mali,
Burkina Faso and Niger), the event's country on unnamed actors, interaction codes, one-line notes,
the URL as source.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES
from test_cli import run
from test_writers import actor, make_event, render

from sahel_extract.acled import ACLED_COLUMNS, acled_actor, acled_row, full_date, government_era
from sahel_extract.models import Evidence, Location

ACLED_HEADER = (
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,"
    "assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,"
    "country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,"
    "notes,fatalities,tags,timestamp"
).split(",")
"""ACLED's export columns in ACLED's order, written out here independently of the module."""

FAMA = "Military Forces of Mali (2021-)"
BURKINA = "Military Forces of Burkina Faso (2022-)"
NIGER = "Military Forces of Niger (2023-)"

# (table name, day, name ACLED writes that day): the day before and the day of each change
ERAS = [
    (FAMA, "2012-03-21", "Military Forces of Mali (2002-2012)"),
    (FAMA, "2012-03-22", "Military Forces of Mali (2012-2013)"),
    (FAMA, "2013-09-03", "Military Forces of Mali (2012-2013)"),
    (FAMA, "2013-09-04", "Military Forces of Mali (2013-2020)"),
    (FAMA, "2020-08-17", "Military Forces of Mali (2013-2020)"),
    (FAMA, "2020-08-18", "Military Forces of Mali (2020-2021)"),
    (FAMA, "2021-05-23", "Military Forces of Mali (2020-2021)"),
    (FAMA, "2021-05-24", "Military Forces of Mali (2021-)"),
    (FAMA, "2025-06-01", "Military Forces of Mali (2021-)"),
    (BURKINA, "2014-10-30", "Military Forces of Burkina Faso (1987-2014)"),
    (BURKINA, "2014-10-31", "Military Forces of Burkina Faso (2014-2015)"),
    (BURKINA, "2015-12-28", "Military Forces of Burkina Faso (2014-2015)"),
    (BURKINA, "2015-12-29", "Military Forces of Burkina Faso (2015-2022)"),
    (BURKINA, "2022-01-23", "Military Forces of Burkina Faso (2015-2022)"),
    (BURKINA, "2022-01-24", "Military Forces of Burkina Faso (2022)"),
    (BURKINA, "2022-09-29", "Military Forces of Burkina Faso (2022)"),
    (BURKINA, "2022-09-30", "Military Forces of Burkina Faso (2022-)"),
    (NIGER, "2010-02-17", "Military Forces of Niger (1999-2010)"),
    (NIGER, "2010-02-18", "Military Forces of Niger (2010-2011)"),
    (NIGER, "2011-04-07", "Military Forces of Niger (2011-2021)"),
    (NIGER, "2021-04-01", "Military Forces of Niger (2011-2021)"),
    (NIGER, "2021-04-02", "Military Forces of Niger (2021-2023)"),
    (NIGER, "2023-07-25", "Military Forces of Niger (2021-2023)"),
    (NIGER, "2023-07-26", "Military Forces of Niger (2023-)"),
    ("Police Forces of Niger (2023-)", "2022-05-01", "Police Forces of Niger (2021-2023)"),
    (FAMA, "1985-01-01", FAMA),  # before any government the table lists: the table's name stays
    ("Military Forces of the United States", "2017-10-04", "Military Forces of the United States"),
]


def located(country: str, code: str) -> Location:
    return Location(name="X", country=country, country_code=code, precision=1, mention="X", start=0, end=1)


def acled_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_the_columns_are_acleds() -> None:
    assert list(ACLED_COLUMNS) == ACLED_HEADER
    assert render("acled", []) == ",".join(ACLED_HEADER) + "\n"


@pytest.mark.parametrize(("table_name", "day", "expected"), ERAS)
def test_state_forces_take_the_government_of_the_day(table_name: str, day: str, expected: str) -> None:
    force = actor("FAMa", "State forces", "target", table_name)
    assert acled_actor(force, "Mali", dt.date.fromisoformat(day)) == expected


@pytest.mark.parametrize(("table_name", "day", "expected"), ERAS[:9])
def test_an_event_row_names_its_era(table_name: str, day: str, expected: str) -> None:
    event = make_event(
        event_date=day,
        actors=[actor("JNIM", "Rebel group", "initiator", "JNIM"), actor("FAMa", "State forces", "target", table_name)],
        location=located("Mali", "ML"),
    )
    row = acled_row(event)
    assert (row["actor1"], row["actor2"], row["year"]) == ("JNIM", expected, int(day[:4]))


def test_an_unknown_country_has_no_era() -> None:
    assert government_era("Chad", dt.date(2024, 1, 1)) is None
    assert government_era("Mali", dt.date(1990, 1, 1)) is None


@pytest.mark.parametrize(
    ("name", "type_", "country", "expected"),
    [
        ("Civilians", "Civilians", "Mali", "Civilians (Mali)"),
        ("Unidentified armed group", "Political militia", "Burkina Faso", "Unidentified Armed Group (Burkina Faso)"),
        ("Protesters", "Protesters", "Niger", "Protesters (Niger)"),
        ("Rioters", "Rioters", "Mali", "Rioters (Mali)"),
        ("Civilians", "Civilians", None, "Civilians"),
        ("JNIM", "Rebel group", "Mali", "JNIM: Group for Support of Islam and Muslims"),
    ],
)
def test_unnamed_actors_take_the_events_country(name: str, type_: str, country: str | None, expected: str) -> None:
    acled_name = "JNIM: Group for Support of Islam and Muslims" if name == "JNIM" else None
    assert acled_actor(actor(name, type_, "target", acled_name), country, dt.date(2024, 1, 1)) == expected


@pytest.mark.parametrize(
    ("event_date", "precision", "expected_day", "expected_precision"),
    [
        ("2024-07-27", "day", "2024-07-27", 1),
        ("2024-07-24", "week", "2024-07-24", 2),  # a week is already written as its middle day
        ("2024-07", "month", "2024-07-15", 3),
        ("2024-02", "month", "2024-02-15", 3),
        ("2023", "year", "2023-07-01", 3),
        (None, None, None, None),
    ],
)
def test_event_date_is_a_full_day_with_its_precision(
    event_date: str | None, precision: str | None, expected_day: str | None, expected_precision: int | None
) -> None:
    day, time_precision = full_date(make_event(event_date=event_date, date_precision=precision))
    assert (None if day is None else day.isoformat(), time_precision) == (expected_day, expected_precision)


def test_a_row_follows_acleds_conventions() -> None:
    event = make_event(
        event_type="Violence against civilians",
        sub_event_type="Attack",
        url="https://news.example.org/2024/07/28/attack",
        actors=[
            actor("Unidentified armed group", "Political militia", "initiator", "Unidentified Armed Group"),
            actor("Civilians", "Civilians", "target", "Civilians"),
        ],
        fatalities=None,
        evidence=[Evidence(sentence="Gunmen attacked\nthe village  of X.", start=0, end=34)],
        location=located("Mali", "ML"),
    )
    row = acled_row(event)
    expected: dict[str, Any] = {
        "event_id_cnty": "ev1",
        "event_date": "2024-07-27",
        "year": 2024,
        "time_precision": 1,
        "disorder_type": "Political violence",
        "actor1": "Unidentified Armed Group (Mali)",
        "inter1": 3,
        "actor2": "Civilians (Mali)",
        "inter2": 7,
        "interaction": 37,
        "civilian_targeting": "Civilian targeting",
        "iso": 466,
        "region": "Western Africa",
        "country": "Mali",
        "source": "https://news.example.org/2024/07/28/attack",
        "notes": "Gunmen attacked the village of X.",
        "fatalities": 0,
        "tags": None,
        "timestamp": 1723248000,  # 2024-08-10, the publication day, 00:00 UTC
    }
    assert {key: row[key] for key in expected} == expected


@pytest.mark.parametrize(
    ("event_type", "sub_type", "disorder", "tags"),
    [
        ("Battles", "Armed clash", "Political violence", None),
        ("Protests", "Peaceful protest", "Demonstrations", "crowd size=no report"),
        ("Protests", "Excessive force against protesters", "Political violence; Demonstrations", "crowd size=no report"),
        ("Riots", "Violent demonstration", "Demonstrations", "crowd size=no report"),
        ("Riots", "Mob violence", "Political violence", "crowd size=no report"),
        ("Strategic developments", "Agreement", "Strategic developments", None),
    ],
)
def test_disorder_type_and_tags(event_type: str, sub_type: str, disorder: str, tags: str | None) -> None:
    row = acled_row(make_event(event_type=event_type, sub_event_type=sub_type))
    assert (row["disorder_type"], row["tags"]) == (disorder, tags)


def test_a_battle_with_civilian_dead_targets_no_civilians() -> None:
    event = make_event(
        actors=[actor("JNIM", "Rebel group", "initiator"), actor("Civilians", "Civilians", "target")],
    )
    assert acled_row(event)["civilian_targeting"] is None


@pytest.fixture(scope="module")
def fixture_rows(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("acled") / "events.csv"
    result = run("extract", str(FIXTURES / "articles"), "--format", "acled", "-o", str(out), "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    return out


@pytest.mark.slow  # the fixture folder extracted, then pandas imported
def test_the_fixtures_load_in_pandas_with_typed_dates(fixture_rows: Path) -> None:
    pandas = pytest.importorskip("pandas")
    frame = pandas.read_csv(fixture_rows, parse_dates=["event_date"])
    assert list(frame.columns) == ACLED_HEADER
    assert str(frame["event_date"].dtype).startswith("datetime64")
    jsonl = run("extract", str(FIXTURES / "articles"), "--jobs", "1").stdout.splitlines()
    assert len(frame) == len(jsonl) > 50
    dated = frame.dropna(subset=["event_date"])
    assert (dated["year"] == dated["event_date"].dt.year).all()
    assert set(frame["time_precision"].dropna()) <= {1, 2, 3}
    numeric = {"Mali": 466, "Burkina Faso": 854, "Niger": 562, "Nigeria": 566, "Chad": 148, "Senegal": 686, "United States": 840}
    pairs = set(zip(frame["country"].dropna(), frame["iso"].dropna(), strict=True))
    assert {"Mali", "Burkina Faso", "Niger"} <= {country for country, _ in pairs}
    assert all(numeric[country] == iso for country, iso in pairs)
    assert frame["fatalities"].dtype.kind == "i"
    assert not frame["notes"].str.contains("\n").any()


def test_the_fixtures_name_forces_by_the_era_of_their_day(fixture_rows: Path) -> None:
    """Every state force of the bundled articles carries the government of its event's day."""
    forces = 0
    for row in acled_rows(fixture_rows.read_text(encoding="utf-8")):
        if not row["event_date"]:
            continue
        day = dt.date.fromisoformat(row["event_date"])
        for name in (row["actor1"], row["actor2"]):
            for country in ("Mali", "Burkina Faso", "Niger"):
                if name.startswith(f"Military Forces of {country} ("):
                    forces += 1
                    assert name == f"Military Forces of {country} ({government_era(country, day)})"
    assert forces > 20

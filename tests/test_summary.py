"""`summary`: counts and fatalities by month, region, actor and type."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from sahel_extract.cli_review import register
from sahel_extract.errors import EventFileError
from sahel_extract.models import ActorMention, Event, Evidence, Location
from sahel_extract.review.summary import summarise


def actor(name: str, role: str = "initiator") -> ActorMention:
    return ActorMention(name=name, type="Political militia", role=role, mention=name, start=0, end=len(name))


def place(name: str, admin1: str, country: str = "Mali") -> Location:
    return Location(name=name, admin1=admin1, country=country, precision=1, mention=name, start=0, end=len(name))


def event(doc: str, n: int, **fields: Any) -> Event:
    base = Event(
        event_id=f"{doc}-{n}",
        doc_id=doc,
        source=f"{doc}.txt",
        event_type="Battles",
        sub_event_type="Armed clash",
        evidence=[Evidence(sentence="A hand-written sentence.", start=0, end=24)],
        confidence=0.8,
        extractor="sahel-extract test",
    )
    return base.model_copy(update=fields)


EVENTS = [
    event(
        "a",
        0,
        event_date="2024-07-27",
        location=place("Gao", "Gao"),
        actors=[actor("JNIM"), actor("FAMa", "target")],
        fatalities=5,
    ),
    event(
        "a",
        1,
        event_date="2024-07-02",
        location=place("Gao", "Gao"),
        actors=[actor("JNIM"), actor("Civilians", "target")],
        event_type="Violence against civilians",
        sub_event_type="Attack",
        fatalities=3,
    ),
    # the same actor named twice counts once
    event(
        "b",
        0,
        event_date="2024-06-15",
        location=place("Sévaré", "Mopti"),
        actors=[actor("JNIM"), actor("JNIM", "associated")],
    ),
    # no date, no place, no actor
    event(
        "c",
        0,
        event_type="Explosions/Remote violence",
        sub_event_type="Air/drone strike",
        fatalities=2,
    ),
    # a year-precision date counts in its year, not among the months
    event(
        "c",
        1,
        event_date="2023",
        location=place("Kidal", "Kidal"),
        actors=[actor("CSP")],
        fatalities=0,
    ),
    # "Niger" the Nigerian state is not the country, nor a region of it
    event(
        "d",
        0,
        event_date="2023-11-04",
        location=place("Minna", "Niger", "Nigeria"),
        actors=[actor("JNIM")],
        fatalities=1,
    ),
]

EXPECTED = {
    "events": 6,
    "documents": 4,
    "fatalities": 11,
    # most events first, then most fatalities, then name
    "by_country": [
        {"key": "Mali", "events": 4, "fatalities": 8},
        {"key": "unknown", "events": 1, "fatalities": 2},
        {"key": "Nigeria", "events": 1, "fatalities": 1},
    ],
    # each region with its country
    "by_region": [
        {"country": "Mali", "admin1": "Gao", "events": 2, "fatalities": 8},
        {"country": "unknown", "admin1": "unknown", "events": 1, "fatalities": 2},
        {"country": "Nigeria", "admin1": "Niger", "events": 1, "fatalities": 1},
        {"country": "Mali", "admin1": "Kidal", "events": 1, "fatalities": 0},
        {"country": "Mali", "admin1": "Mopti", "events": 1, "fatalities": 0},
    ],
    # calendar order, unknown last
    "by_year": [
        {"key": "2023", "events": 2, "fatalities": 1},
        {"key": "2024", "events": 3, "fatalities": 8},
        {"key": "unknown", "events": 1, "fatalities": 2},
    ],
    "by_month": [
        {"key": "2023-11", "events": 1, "fatalities": 1},
        {"key": "2024-06", "events": 1, "fatalities": 0},
        {"key": "2024-07", "events": 2, "fatalities": 8},
        {"key": "unknown", "events": 1, "fatalities": 2},
    ],
    "by_actor": [
        {"key": "JNIM", "events": 4, "fatalities": 9},
        {"key": "FAMa", "events": 1, "fatalities": 5},
        {"key": "Civilians", "events": 1, "fatalities": 3},
        {"key": "CSP", "events": 1, "fatalities": 0},
    ],
    "by_event_type": [
        {"key": "Battles", "events": 4, "fatalities": 6},
        {"key": "Violence against civilians", "events": 1, "fatalities": 3},
        {"key": "Explosions/Remote violence", "events": 1, "fatalities": 2},
    ],
}

CSV = """dimension,key,country,events,fatalities
total,all,,6,11
country,Mali,Mali,4,8
country,unknown,unknown,1,2
country,Nigeria,Nigeria,1,1
year,2023,,2,1
year,2024,,3,8
year,unknown,,1,2
month,2023-11,,1,1
month,2024-06,,1,0
month,2024-07,,2,8
month,unknown,,1,2
actor,JNIM,,4,9
actor,FAMa,,1,5
actor,Civilians,,1,3
actor,CSP,,1,0
event_type,Battles,,4,6
event_type,Violence against civilians,,1,3
event_type,Explosions/Remote violence,,1,2
region,Gao,Mali,2,8
region,unknown,unknown,1,2
region,Niger,Nigeria,1,1
region,Kidal,Mali,1,0
region,Mopti,Mali,1,0
"""

TABLE = """6 events from 4 documents, 11 fatalities

by country
country  events                                  fatalities
Mali          4  ██████████████████████████████           8
unknown       1  ███████▌                                 2
Nigeria       1  ███████▌                                 1

by region
admin1    country  events                                  fatalities
Gao       Mali          2  ██████████████████████████████           8
unknown   unknown       1  ███████████████                          2
… 3 more                3                                           1

by year
year     events                                  fatalities
2023          2  ████████████████████                     1
2024          3  ██████████████████████████████           8
unknown       1  ██████████                               2

events by month
year  Jan  Feb  Mar  Apr  May  Jun  Jul  Aug  Sep  Oct  Nov  Dec
2023    ·    ·    ·    ·    ·    ·    ·    ·    ·    ·    1    ·
2024    ·    ·    ·    ·    ·    1    2    ·    ·    ·    ·    ·

by event type
event type                  events                                  fatalities
Battles                          4  ██████████████████████████████           6
Violence against civilians       1  ███████▌                                 3
Explosions/Remote violence       1  ███████▌                                 2

by actor
actor     events                                  fatalities
JNIM           4  ██████████████████████████████           9
FAMa           1  ███████▌                                 5
… 2 more       2                                           3
"""

@pytest.fixture
def events_file(tmp_path: Path) -> Path:
    path = tmp_path / "events.jsonl"
    path.write_text("".join(e.to_json() + "\n" for e in EVENTS), encoding="utf-8")
    return path


def _cli() -> typer.Typer:
    app = typer.Typer()
    register(app)
    return app


def test_summarise(events_file: Path) -> None:
    assert summarise(events_file).model_dump() == EXPECTED


def test_empty_file(tmp_path: Path) -> None:
    (tmp_path / "empty.jsonl").write_text("\n", encoding="utf-8")
    assert summarise(tmp_path / "empty.jsonl").model_dump() == {
        "events": 0,
        "documents": 0,
        "fatalities": 0,
        "by_country": [],
        "by_region": [],
        "by_year": [],
        "by_month": [],
        "by_actor": [],
        "by_event_type": [],
    }


def test_cli_json_is_one_object(events_file: Path) -> None:
    result = CliRunner().invoke(_cli(), ["summary", str(events_file), "--json"])
    assert result.exit_code == 0
    assert result.stdout.count("\n") == 1
    assert json.loads(result.stdout) == EXPECTED


@pytest.mark.parametrize("args", [["--format", "json"], ["-f", "json"], ["--json"]])
def test_cli_formats_json(events_file: Path, args: list[str]) -> None:
    result = CliRunner().invoke(_cli(), ["summary", str(events_file), *args])
    assert (result.exit_code, result.stderr) == (0, "")
    assert json.loads(result.stdout) == EXPECTED


def test_cli_csv(events_file: Path) -> None:
    result = CliRunner().invoke(_cli(), ["summary", str(events_file), "--format", "csv"])
    assert (result.exit_code, result.stderr, result.stdout) == (0, "", CSV)


def test_cli_table_with_bars(events_file: Path) -> None:
    """Bars scale to the largest bucket; regions and actors beyond --top are one line."""
    result = CliRunner(env={"COLUMNS": "100"}).invoke(_cli(), ["summary", str(events_file), "--top", "2"])
    assert (result.exit_code, result.stderr) == (0, "")
    assert [line.rstrip() for line in result.stdout.splitlines()] == TABLE.splitlines()


def test_cli_reads_stdin(events_file: Path) -> None:
    piped = CliRunner().invoke(_cli(), ["summary", "-", "--json"], input=events_file.read_bytes())
    assert (piped.exit_code, piped.stderr) == (0, "")
    assert json.loads(piped.stdout) == EXPECTED


def test_cli_stdin_error_names_the_line() -> None:
    result = CliRunner().invoke(_cli(), ["summary", "-"], input='{"doc_id": "a"}\n{oops\n')
    assert result.exit_code == 2
    assert result.stderr == "Error: -:2: invalid JSON: Expecting property name enclosed in double quotes (column 2)\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{oops\n", "events.jsonl:1: invalid JSON"),
        ('{"doc_id": "a"}\n"text"\n', "events.jsonl:2: expected a JSON object"),
        ('{"doc_id": "a", "fatalities": "3"}\n', "events.jsonl:1: 'fatalities' must be a number"),
        ('{"doc_id": "a", "fatalities": 2.5}\n', "events.jsonl:1: 'fatalities' must be an integer"),
        ('{"doc_id": "a", "actors": {"name": "JNIM"}}\n', "events.jsonl:1: 'actors'"),
        ('{"doc_id": "a", "location": {"admin1": 5}}\n', "events.jsonl:1: 'admin1'"),
    ],
)
def test_bad_input(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "events.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(EventFileError, match=message):
        summarise(path)
    result = CliRunner().invoke(_cli(), ["summary", str(path)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("Error: ") and message in result.stderr


def test_missing_file() -> None:
    result = CliRunner().invoke(_cli(), ["summary", "nope.jsonl"])
    assert (result.exit_code, result.stderr) == (2, "Error: nope.jsonl: No such file or directory\n")

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


def place(name: str, admin1: str) -> Location:
    return Location(name=name, admin1=admin1, precision=1, mention=name, start=0, end=len(name))


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
    # a year-precision date is its own key
    event(
        "c",
        1,
        event_date="2023",
        location=place("Kidal", "Kidal"),
        actors=[actor("CSP")],
        fatalities=0,
    ),
]

EXPECTED = {
    "events": 5,
    "documents": 3,
    "fatalities": 10,
    # calendar order, unknown last
    "by_month": [
        {"key": "2023", "events": 1, "fatalities": 0},
        {"key": "2024-06", "events": 1, "fatalities": 0},
        {"key": "2024-07", "events": 2, "fatalities": 8},
        {"key": "unknown", "events": 1, "fatalities": 2},
    ],
    # most events first, then most fatalities, then name
    "by_admin1": [
        {"key": "Gao", "events": 2, "fatalities": 8},
        {"key": "unknown", "events": 1, "fatalities": 2},
        {"key": "Kidal", "events": 1, "fatalities": 0},
        {"key": "Mopti", "events": 1, "fatalities": 0},
    ],
    "by_actor": [
        {"key": "JNIM", "events": 3, "fatalities": 8},
        {"key": "FAMa", "events": 1, "fatalities": 5},
        {"key": "Civilians", "events": 1, "fatalities": 3},
        {"key": "CSP", "events": 1, "fatalities": 0},
    ],
    "by_event_type": [
        {"key": "Battles", "events": 3, "fatalities": 5},
        {"key": "Violence against civilians", "events": 1, "fatalities": 3},
        {"key": "Explosions/Remote violence", "events": 1, "fatalities": 2},
    ],
}


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
        "by_month": [],
        "by_admin1": [],
        "by_actor": [],
        "by_event_type": [],
    }


def test_cli_json_is_one_object(events_file: Path) -> None:
    result = CliRunner().invoke(_cli(), ["summary", str(events_file), "--json"])
    assert result.exit_code == 0
    assert result.stdout.count("\n") == 1
    assert json.loads(result.stdout) == EXPECTED


def test_cli_tables(events_file: Path) -> None:
    result = CliRunner().invoke(_cli(), ["summary", str(events_file)])
    assert result.exit_code == 0
    for heading in ("by month", "by admin1", "by actor", "by event type"):
        assert heading in result.stdout
    assert "2024-07" in result.stdout
    assert result.stderr == ""


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

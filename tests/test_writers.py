"""Writers: exact bytes for each format, and output files that are never half-written."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path
from typing import Any

import pytest

from sahel_extract.models import ActorMention, Casualty, Event, Evidence, Location
from sahel_extract.writers import (
    CSV_COLUMNS,
    atomic_output,
    interaction_code,
    open_writer,
    split_actors,
)


def actor(name: str, type_: str, role: str, acled_name: str | None = None) -> ActorMention:
    return ActorMention.model_validate(
        {
            "name": name,
            "acled_name": acled_name,
            "type": type_,
            "role": role,
            "mention": name,
            "start": 0,
            "end": len(name),
        }
    )


def make_event(event_id: str = "ev1", *, located: bool = True, **changes: Any) -> Event:
    """A full Battles event; `changes` replace fields, `located=False` drops the coordinates."""
    fields: dict[str, Any] = {
        "event_id": event_id,
        "doc_id": "doc",
        "source": "fixtures/doc.txt",
        "published": "2024-08-10",
        "event_date": "2024-07-27",
        "date_precision": "day",
        "date_text": "On July 27",
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "actors": [
            actor("CSP", "Rebel group", "initiator", "CSP: Permanent Strategic Framework"),
            actor("JNIM", "Rebel group", "associated"),
            actor("Wagner Group", "External/Other forces", "target"),
            actor("FAMa", "State forces", "target", "Military Forces of Mali (2021-)"),
        ],
        "location": Location(
            name="Tinzaouatene",
            country="Mali",
            country_code="ML",
            admin1="Kidal",
            admin2="Abeibara",
            latitude=19.95 if located else None,
            longitude=2.97 if located else None,
            precision=2,
            mention="near Tinzaouatene",
            start=80,
            end=97,
        ),
        "fatalities": 131,
        "casualties": [
            Casualty(
                kind="killed", count=84, low=84, high=84, victims="Wagner Group", text="84 Wagner", start=1, end=2
            ),
            Casualty(kind="injured", count=5, low=5, high=5, text="5 wounded", start=3, end=4),
            Casualty(kind="injured", count=2, low=2, high=3, text="2 or 3 hurt", start=5, end=6),
        ],
        "flags": ["claimed", "disputed"],
        "evidence": [
            Evidence(sentence="Fighting broke out near Tinzaouatene.", start=0, end=37),
            Evidence(sentence='The CSP said "84" died.', start=38, end=61),
        ],
        "confidence": 0.8,
        "extractor": "sahel-extract 0.1.0",
    }
    fields.update(changes)
    return Event.model_validate(fields)


def csv_record(text: str) -> dict[str, str]:
    (record,) = csv.DictReader(io.StringIO(text))
    return record


def render(fmt: str, events: list[Event]) -> str:
    out = io.StringIO()
    writer = open_writer(fmt, out)  # type: ignore[arg-type]
    for event in events:
        writer.write(event)
    writer.close()
    return out.getvalue()


# ---------------------------------------------------------------------------------------------
# JSON Lines


def test_jsonl_is_one_event_json_per_line() -> None:
    events = [make_event("a"), make_event("b", located=False)]
    assert render("jsonl", events) == events[0].to_json() + "\n" + events[1].to_json() + "\n"


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "geojson", "acled"])
def test_output_is_deterministic(fmt: str) -> None:
    assert render(fmt, [make_event("a"), make_event("b")]) == render(fmt, [make_event("a"), make_event("b")])


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("jsonl", ""),
        ("csv", ",".join(CSV_COLUMNS) + "\n"),
        ("geojson", '{"type": "FeatureCollection", "features": [\n], "unlocated": []}\n'),
    ],
)
def test_no_events(fmt: str, expected: str) -> None:
    assert render(fmt, []) == expected


def test_unknown_format_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown output format"):
        open_writer("xml", io.StringIO())  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------
# CSV

CSV_HEADER = (
    "event_id,event_date,time_precision,event_type,sub_event_type,actor1,assoc_actor_1,inter1,"
    "actor2,assoc_actor_2,inter2,interaction,country,iso,admin1,admin2,location,latitude,"
    "longitude,geo_precision,fatalities,injured,abducted,flags,confidence,notes,source,doc_id,"
    "published,date_text,url,title\n"
)

CSV_ROW = (
    "ev1,2024-07-27,1,Battles,Armed clash,CSP: Permanent Strategic Framework,JNIM,2,"
    "Wagner Group,Military Forces of Mali (2021-),8,28,Mali,ML,Kidal,Abeibara,Tinzaouatene,19.95,"
    "2.97,2,131,7,,claimed;disputed,0.8,"
    '"Fighting broke out near Tinzaouatene. The CSP said ""84"" died.",'
    "fixtures/doc.txt,doc,2024-08-10,On July 27,,\n"
)


def test_csv_header_and_row() -> None:
    assert render("csv", [make_event()]) == CSV_HEADER + CSV_ROW


@pytest.mark.parametrize(
    ("changes", "column", "value"),
    [
        # ACLED's time precision
        ({"date_precision": "week"}, "time_precision", "2"),
        ({"date_precision": "month", "event_date": "2024-07"}, "time_precision", "3"),
        ({"date_precision": "year", "event_date": "2024"}, "time_precision", "3"),
        ({"date_precision": None, "event_date": None}, "time_precision", ""),
        # unknown is an empty cell, not 0
        ({"fatalities": None}, "fatalities", ""),
        ({"casualties": []}, "injured", ""),
        ({"location": None}, "latitude", ""),
        ({"flags": []}, "flags", ""),
        ({"evidence": []}, "notes", ""),
        # an actor without an ACLED spelling keeps its short name
        ({"actors": [actor("ISSP", "Rebel group", "initiator")]}, "actor1", "ISSP"),
    ],
)
def test_csv_cells(changes: dict[str, Any], column: str, value: str) -> None:
    assert csv_record(render("csv", [make_event(**changes)]))[column] == value


def test_csv_abducted_is_summed() -> None:
    casualties = [
        Casualty(kind="abducted", count=count, low=count, high=count, text="x", start=0, end=1) for count in (3, 4)
    ]
    record = csv_record(render("csv", [make_event(casualties=casualties)]))
    assert (record["fatalities"], record["injured"], record["abducted"]) == ("131", "", "7")


# ---------------------------------------------------------------------------------------------
# ACLED actor columns

CIV_TARGET = ("Civilians", "Civilians", "target")
GUNMEN = ("Unidentified armed group", "Political militia", "initiator")


@pytest.mark.parametrize(
    ("actors", "expected"),
    [
        # initiator against target, associates on the initiator's side
        ([("JNIM", "Rebel group", "initiator"), CIV_TARGET], ("JNIM", "Civilians", [], [])),
        (
            [
                ("FAMa", "State forces", "initiator"),
                ("Wagner Group", "External/Other forces", "associated"),
                ("JNIM", "Rebel group", "target"),
            ],
            ("FAMa", "JNIM", ["Wagner Group"], []),
        ),
        (
            [
                ("A", "Rebel group", "initiator"),
                ("B", "Rebel group", "initiator"),
                ("C", "State forces", "target"),
                ("D", "State forces", "target"),
            ],
            ("A", "C", ["B"], ["D"]),
        ),
        # no initiator: the first actor is actor1, and is not repeated as actor2
        ([CIV_TARGET], ("Civilians", None, [], [])),
        ([CIV_TARGET, ("FAMa", "State forces", "target")], ("Civilians", "FAMa", [], [])),
        # a name is listed once
        (
            [GUNMEN, GUNMEN, CIV_TARGET, CIV_TARGET],
            ("Unidentified armed group", "Civilians", [], []),
        ),
        ([], (None, None, [], [])),
    ],
)
def test_split_actors(
    actors: list[tuple[str, str, str]], expected: tuple[str | None, str | None, list[str], list[str]]
) -> None:
    actor1, actor2, assoc1, assoc2 = split_actors([actor(*row) for row in actors])
    names = (None if actor1 is None else actor1.name, None if actor2 is None else actor2.name, assoc1, assoc2)
    assert names == expected


@pytest.mark.parametrize(
    ("inter1", "inter2", "expected"),
    [
        (1, 2, 12),
        (2, 1, 12),
        (7, 3, 37),
        (2, 2, 22),
        (6, None, 60),
        (None, None, None),
    ],
)
def test_interaction_code(inter1: int | None, inter2: int | None, expected: int | None) -> None:
    assert interaction_code(inter1, inter2) == expected


# ---------------------------------------------------------------------------------------------
# GeoJSON


def test_geojson_features_and_unlocated() -> None:
    text = render("geojson", [make_event("a"), make_event("b", located=False), make_event("c", location=None)])
    document = json.loads(text)
    assert document["type"] == "FeatureCollection"
    assert [feature["id"] for feature in document["features"]] == ["a", "b", "c"]
    assert document["features"][0]["geometry"] == {"type": "Point", "coordinates": [2.97, 19.95]}
    assert [feature["geometry"] for feature in document["features"][1:]] == [None, None]
    assert document["unlocated"] == ["b", "c"]
    properties = document["features"][0]["properties"]
    assert list(properties) == list(CSV_COLUMNS)
    assert (properties["latitude"], properties["longitude"], properties["fatalities"]) == (19.95, 2.97, 131)
    assert (properties["abducted"], properties["flags"], properties["interaction"]) == (None, "claimed;disputed", 28)


def test_geojson_close_twice_writes_one_trailer() -> None:
    out = io.StringIO()
    writer = open_writer("geojson", out)
    writer.close()
    writer.close()
    assert json.loads(out.getvalue())["features"] == []


# ---------------------------------------------------------------------------------------------
# Atomic output


def leftovers(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def test_atomic_output_replaces_target(tmp_path: Path) -> None:
    target = tmp_path / "events.jsonl"
    target.write_text("old\n")
    target.chmod(0o640)
    with atomic_output(str(target)) as out:
        out.write("new\n")
        assert target.read_text() == "old\n"
    assert target.read_bytes() == b"new\n"
    assert target.stat().st_mode & 0o777 == 0o640
    assert leftovers(tmp_path) == ["events.jsonl"]


def test_atomic_output_new_file_is_readable_by_others(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        with atomic_output(str(tmp_path / "new.csv")) as out:
            out.write("a\r\nb\n")
    finally:
        os.umask(umask)
    assert (tmp_path / "new.csv").read_bytes() == b"a\r\nb\n"
    assert (tmp_path / "new.csv").stat().st_mode & 0o777 == 0o644


@pytest.mark.parametrize("error", [RuntimeError("boom"), KeyboardInterrupt(), OSError(28, "No space left on device")])
def test_atomic_output_keeps_target_on_error(tmp_path: Path, error: BaseException) -> None:
    target = tmp_path / "events.jsonl"
    target.write_text("old\n")
    with pytest.raises(type(error)), atomic_output(str(target)) as out:
        out.write("half of the new content")
        raise error
    assert target.read_text() == "old\n"
    assert leftovers(tmp_path) == ["events.jsonl"]


def test_atomic_output_error_without_previous_file_leaves_nothing(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError), atomic_output(str(tmp_path / "out.geojson")) as out:
        open_writer("geojson", out).write(make_event())
        raise RuntimeError("interrupted")
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("path", [None, "-"])
def test_atomic_output_stdout(path: str | None, capsys: pytest.CaptureFixture[str]) -> None:
    with atomic_output(path) as out:
        out.write("to stdout\n")
    assert capsys.readouterr().out == "to stdout\n"
    assert not out.closed

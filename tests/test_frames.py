"""Events as tables: `to_dataframe` for notebooks and `--format parquet` for archives, round-tripped.

The events are the golden outputs of the bundled articles (82-odd records with every shape of
field: unlocated, undated, month-precision, merged sources absent), so these tests need no
extraction. pandas and pyarrow are optional extras: the tests skip cleanly without them.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES
from test_cli import run

from sahel_extract.errors import MissingExtraError, OutputError
from sahel_extract.models import Event
from sahel_extract.writers import CSV_COLUMNS, flat_fields, open_writer

pandas = pytest.importorskip("pandas")

GOLDEN = sorted((FIXTURES / "golden").glob("*.jsonl"))


@pytest.fixture(scope="module")
def events() -> list[Event]:
    found = [Event.model_validate_json(line) for path in GOLDEN for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(found) > 50
    return found


EXPECTED_DTYPES = {
    "event_date": "datetime64[s]",
    "published": "datetime64[s]",
    "time_precision": "Int64",
    "fatalities": "Int64",
    "injured": "Int64",
    "abducted": "Int64",
    "geo_precision": "Int64",
    "interaction": "Int64",
    "latitude": "float64",
    "longitude": "float64",
    "confidence": "float64",
    "event_id": "string",
    "actor1": "string",
    "url": "string",
    "notes": "string",
}


def test_to_dataframe_has_the_flat_columns_typed(events: list[Event]) -> None:
    from sahel_extract import to_dataframe

    frame = to_dataframe(events)
    assert list(frame.columns) == list(CSV_COLUMNS)
    assert len(frame) == len(events)
    assert {column: str(frame[column].dtype) for column in EXPECTED_DTYPES} == EXPECTED_DTYPES


@pytest.mark.parametrize(
    ("event_date", "precision", "expected"),
    [
        ("2024-07-27", "day", dt.datetime(2024, 7, 27)),
        ("2024-07", "month", dt.datetime(2024, 7, 15)),
        ("2024", "year", dt.datetime(2024, 7, 1)),
    ],
)
def test_dates_are_the_days_acled_writes(events: list[Event], event_date: str, precision: str, expected: dt.datetime) -> None:
    from sahel_extract import to_dataframe

    event = events[0].model_copy(update={"event_date": event_date, "date_precision": precision})
    assert to_dataframe([event])["event_date"].iloc[0] == pandas.Timestamp(expected)


def test_every_value_matches_the_record(events: list[Event]) -> None:
    """Row by row, each cell is the flat field's value (unknown stays missing, never 0)."""
    from sahel_extract import to_dataframe

    frame = to_dataframe(events)
    for row, event in zip(frame.to_dict("records"), events, strict=True):
        flat = flat_fields(event)
        for column in CSV_COLUMNS:
            cell, value = row[column], flat[column]
            if value is None:
                assert pandas.isna(cell), (event.event_id, column)
            elif column in ("event_date", "published"):
                # a day as itself, a month as its 15th, a year as 1 July
                day = {10: str(value), 7: f"{value}-15", 4: f"{value}-07-01"}[len(str(value))]
                assert cell.date().isoformat() == day, (event.event_id, column)
            else:
                assert cell == value, (event.event_id, column)


def test_event_dicts_are_taken_too(events: list[Event]) -> None:
    """`extract_partition` yields dicts: a Dask or Spark user turns them into a frame the same way."""
    from sahel_extract import to_dataframe

    as_dicts = [event.model_dump(mode="json", by_alias=True) for event in events]
    pandas.testing.assert_frame_equal(to_dataframe(as_dicts), to_dataframe(events))


def test_parquet_round_trip(events: list[Event], tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    from sahel_extract import to_dataframe
    from sahel_extract.frames import read_parquet

    path = tmp_path / "events.parquet"
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = open_writer("parquet", out)
        for event in events:
            writer.write(event)
        writer.close()
    pandas.testing.assert_frame_equal(read_parquet(path), to_dataframe(events))


def test_parquet_schema_is_typed_for_other_readers(events: list[Event], tmp_path: Path) -> None:
    pyarrow_parquet = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "events.parquet"
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = open_writer("parquet", out)
        for event in events[:3]:
            writer.write(event)
        writer.close()
    schema = pyarrow_parquet.read_schema(path)
    types = {name: str(schema.field(name).type) for name in ("event_date", "fatalities", "latitude", "actor1")}
    assert types == {"event_date": "date32[day]", "fatalities": "int64", "latitude": "double", "actor1": "string"}


def test_parquet_without_events_is_a_readable_empty_table(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    from sahel_extract.frames import read_parquet

    path = tmp_path / "none.parquet"
    with path.open("w", encoding="utf-8", newline="") as out:
        open_writer("parquet", out).close()
    frame = read_parquet(path)
    assert (len(frame), list(frame.columns)) == (0, list(CSV_COLUMNS))


def test_parquet_from_the_command_line(tmp_path: Path, events: list[Event]) -> None:
    pytest.importorskip("pyarrow")
    from sahel_extract.frames import read_parquet

    article = FIXTURES / "articles" / "en_01_army_post_boulkessi.txt"
    path = tmp_path / "events.parquet"
    result = run("extract", str(article), "--format", "parquet", "-o", str(path), "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    frame = read_parquet(path)
    jsonl = run("extract", str(article), "--jobs", "1").stdout.splitlines()
    assert list(frame["event_id"]) == [Event.model_validate_json(line).event_id for line in jsonl]


class _Terminal(io.TextIOWrapper):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("stream", "reason"),
    [
        (io.StringIO(), "parquet needs a binary stream"),
        (_Terminal(io.BytesIO()), "parquet is binary: write it with -o FILE"),
    ],
)
def test_parquet_refuses_a_text_only_stream_or_a_terminal(stream: Any, reason: str) -> None:
    pytest.importorskip("pyarrow")
    with pytest.raises(OutputError, match=reason):
        open_writer("parquet", stream)


@pytest.mark.parametrize(
    ("hidden", "call", "message"),
    [
        ("pandas", "to_dataframe", 'to_dataframe needs pandas: pip install "sahel-extract[pandas]"'),
        ("pyarrow", "parquet", '--format parquet needs pyarrow: pip install "sahel-extract[parquet]"'),
    ],
)
def test_a_missing_extra_says_which_to_install(
    monkeypatch: pytest.MonkeyPatch, events: list[Event], hidden: str, call: str, message: str
) -> None:
    monkeypatch.setitem(sys.modules, hidden, None)  # an import of it now raises ImportError
    from sahel_extract.frames import to_dataframe

    with pytest.raises(MissingExtraError) as raised:
        if call == "to_dataframe":
            to_dataframe(events)
        else:
            open_writer("parquet", io.TextIOWrapper(io.BytesIO()))
    assert str(raised.value) == message

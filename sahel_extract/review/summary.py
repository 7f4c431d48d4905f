"""What an event file holds, at a glance: events and deaths by month, region, actor and type.

The first question after an extraction run is whether the output looks like the conflict the
analyst knows (a spike in the right month, the right regions, the expected groups); this answers
it without loading the file into a spreadsheet. The file is streamed, so memory grows with the
number of distinct months, regions, actors and types, not with the number of events.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final

from pydantic import BaseModel
from rich.console import Console
from rich.table import Table
from rich.text import Text

from sahel_extract.errors import EventFileError
from sahel_extract.review.records import (
    PathLike,
    RecordError,
    get_number,
    get_object,
    get_objects,
    get_str,
    iter_objects,
)

UNKNOWN: Final = "unknown"


class Bucket(BaseModel):
    key: str
    events: int
    fatalities: int


class Summary(BaseModel):
    """Totals, then one list of buckets per dimension.

    Months are in calendar order ("unknown" last); the other lists put the largest first. An
    event with several actors counts once for each distinct actor, so the actor table does not
    add up to the total. On `merge` output an event is an incident and `documents` counts every
    article among its sources.
    """

    events: int
    documents: int
    fatalities: int
    by_month: list[Bucket]
    by_admin1: list[Bucket]
    by_actor: list[Bucket]
    by_event_type: list[Bucket]


@dataclass
class _Tally:
    events: dict[str, int] = field(default_factory=dict)
    fatalities: dict[str, int] = field(default_factory=dict)

    def add(self, key: str, fatalities: int) -> None:
        self.events[key] = self.events.get(key, 0) + 1
        self.fatalities[key] = self.fatalities.get(key, 0) + fatalities

    def buckets(self, order: Callable[[Bucket], Any]) -> list[Bucket]:
        found = [Bucket(key=key, events=count, fatalities=self.fatalities[key]) for key, count in self.events.items()]
        return sorted(found, key=order)


def _largest_first(bucket: Bucket) -> tuple[int, int, str]:
    return (-bucket.events, -bucket.fatalities, bucket.key)


def _calendar(bucket: Bucket) -> tuple[bool, str]:
    return (bucket.key == UNKNOWN, bucket.key)


def _fatalities(record: dict[str, Any]) -> int:
    value = get_number(record, "fatalities")
    if value is None:
        return 0
    if not isinstance(value, int):
        raise RecordError("'fatalities' must be an integer")
    return value


def _documents(record: dict[str, Any]) -> list[str]:
    """The articles behind a record: its sources when merged, else its own doc_id."""
    sources = get_objects(record, "sources")
    if not sources:
        doc_id = get_str(record, "doc_id")
        return [] if doc_id is None else [doc_id]
    return [doc_id for doc_id in (get_str(source, "doc_id") for source in sources) if doc_id is not None]


def summarise(path: PathLike) -> Summary:
    """Count the events of one JSONL event file. Raises EventFileError on a malformed line."""
    months, regions, actors, types = _Tally(), _Tally(), _Tally(), _Tally()
    documents: set[str] = set()
    events = total_fatalities = 0
    for number, record in iter_objects(path):
        try:
            doc_ids = _documents(record)
            fatalities = _fatalities(record)
            date = get_str(record, "event_date")
            location = get_object(record, "location") or {}
            admin1 = get_str(location, "admin1")
            names = {get_str(actor, "name") for actor in get_objects(record, "actors")}
            event_type = get_str(record, "event_type")
        except RecordError as exc:
            raise EventFileError(str(path), number, str(exc)) from exc
        events += 1
        total_fatalities += fatalities
        documents.update(doc_ids)
        months.add(date[:7] if date else UNKNOWN, fatalities)
        regions.add(admin1 or UNKNOWN, fatalities)
        for name in sorted(name for name in names if name):
            actors.add(name, fatalities)
        types.add(event_type or UNKNOWN, fatalities)
    return Summary(
        events=events,
        documents=len(documents),
        fatalities=total_fatalities,
        by_month=months.buckets(_calendar),
        by_admin1=regions.buckets(_largest_first),
        by_actor=actors.buckets(_largest_first),
        by_event_type=types.buckets(_largest_first),
    )


_TABLES: Final = (
    ("by_month", "month"),
    ("by_admin1", "admin1"),
    ("by_actor", "actor"),
    ("by_event_type", "event type"),
)


def render_summary(summary: Summary, console: Console) -> None:
    """A totals line, then one table per dimension."""
    totals = Table(title="events", title_justify="left")
    for column in ("events", "documents", "fatalities"):
        totals.add_column(column, justify="right")
    totals.add_row(str(summary.events), str(summary.documents), str(summary.fatalities))
    console.print(totals)
    for attribute, heading in _TABLES:
        buckets: list[Bucket] = getattr(summary, attribute)
        table = Table(title=f"by {heading}", title_justify="left")
        table.add_column(heading)
        table.add_column("events", justify="right")
        table.add_column("fatalities", justify="right")
        for bucket in buckets:
            table.add_row(Text(bucket.key), str(bucket.events), str(bucket.fatalities))
        console.print(table)

"""What an event file holds, at a glance: events and deaths by country, region, year, month, actor and type.

The first question after an extraction run is whether the output looks like the conflict the
analyst knows (a spike in the right month, the right regions, the expected groups); this answers
it without loading the file into a spreadsheet. The file is streamed, so memory grows with the
number of distinct countries, regions, months, actors and types, not with the number of events.

Regions are named with their country: "Niger" is a state of Nigeria as well as a country, and
"Centre" or "Nord" are regions of several countries. Months are a calendar (a row per year, a
column per month) rather than one long list mixing years and months.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Final, TextIO

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
MONTHS: Final = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class Bucket(BaseModel):
    key: str
    events: int
    fatalities: int


class RegionBucket(BaseModel):
    """An admin1 region and the country it is in: region names repeat across countries."""

    country: str
    admin1: str
    events: int
    fatalities: int


class Summary(BaseModel):
    """Totals, then one list of buckets per dimension.

    Years and months are in calendar order ("unknown" last; a month is `YYYY-MM`, and an event
    dated only to its year counts in `by_year` alone); the other lists put the largest first. An
    event with several actors counts once for each distinct actor, so the actor list does not
    add up to the total. On `merge` output an event is an incident and `documents` counts every
    article among its sources.
    """

    events: int
    documents: int
    fatalities: int
    by_country: list[Bucket]
    by_region: list[RegionBucket]
    by_year: list[Bucket]
    by_month: list[Bucket]
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


_REGION_SEPARATOR: Final = "\x1f"
"""Joins country and region in one tally key; no name holds it."""


def _regions(tally: _Tally) -> list[RegionBucket]:
    found = []
    for bucket in tally.buckets(_largest_first):
        country, admin1 = bucket.key.split(_REGION_SEPARATOR)
        found.append(RegionBucket(country=country, admin1=admin1, events=bucket.events, fatalities=bucket.fatalities))
    return found


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


@dataclass
class _Dimensions:
    countries: _Tally = field(default_factory=_Tally)
    regions: _Tally = field(default_factory=_Tally)
    years: _Tally = field(default_factory=_Tally)
    months: _Tally = field(default_factory=_Tally)
    actors: _Tally = field(default_factory=_Tally)
    types: _Tally = field(default_factory=_Tally)

    def add(self, record: dict[str, Any], fatalities: int) -> None:
        date = get_str(record, "event_date")
        location = get_object(record, "location") or {}
        country = get_str(location, "country") or get_str(location, "country_code") or UNKNOWN
        admin1 = get_str(location, "admin1") or UNKNOWN
        names = {get_str(actor, "name") for actor in get_objects(record, "actors")}
        event_type = get_str(record, "event_type")
        self.countries.add(country, fatalities)
        self.regions.add(f"{country}{_REGION_SEPARATOR}{admin1}", fatalities)
        self.years.add(date[:4] if date else UNKNOWN, fatalities)
        if not date or len(date) >= 7:
            self.months.add(date[:7] if date else UNKNOWN, fatalities)
        for name in sorted(name for name in names if name):
            self.actors.add(name, fatalities)
        self.types.add(event_type or UNKNOWN, fatalities)


def summarise(path: PathLike) -> Summary:
    """Count the events of one JSONL event file ('-' is stdin). Raises EventFileError on a malformed line."""
    tallies = _Dimensions()
    documents: set[str] = set()
    events = total_fatalities = 0
    for number, record in iter_objects(path):
        try:
            doc_ids = _documents(record)
            fatalities = _fatalities(record)
            tallies.add(record, fatalities)
        except RecordError as exc:
            raise EventFileError(str(path), number, str(exc)) from exc
        events += 1
        total_fatalities += fatalities
        documents.update(doc_ids)
    return Summary(
        events=events,
        documents=len(documents),
        fatalities=total_fatalities,
        by_country=tallies.countries.buckets(_largest_first),
        by_region=_regions(tallies.regions),
        by_year=tallies.years.buckets(_calendar),
        by_month=tallies.months.buckets(_calendar),
        by_actor=tallies.actors.buckets(_largest_first),
        by_event_type=tallies.types.buckets(_largest_first),
    )


# --- output ---------------------------------------------------------------------------------------

CSV_COLUMNS: Final = ("dimension", "key", "country", "events", "fatalities")


def csv_rows(summary: Summary) -> Iterator[tuple[str, str, str, int, int]]:
    """One row per bucket, in the order of the JSON lists: a long table a spreadsheet can pivot."""
    yield ("total", "all", "", summary.events, summary.fatalities)
    for dimension in ("country", "year", "month", "actor", "event_type"):
        buckets: list[Bucket] = getattr(summary, f"by_{dimension}")
        for bucket in buckets:
            yield (dimension, bucket.key, bucket.key if dimension == "country" else "", bucket.events, bucket.fatalities)
    for region in summary.by_region:
        yield ("region", region.admin1, region.country, region.events, region.fatalities)


def write_csv(summary: Summary, out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(csv_rows(summary))


_EIGHTHS: Final = " ▏▎▍▌▋▊▉"
BAR_WIDTH: Final = 30


def bar(value: int, largest: int, width: int = BAR_WIDTH) -> str:
    """A horizontal bar of `value / largest` of `width` cells, in eighths of a cell."""
    if largest <= 0 or value <= 0:
        return ""
    eighths = max(1, round(8 * width * value / largest))
    full, part = divmod(eighths, 8)
    return "█" * full + (_EIGHTHS[part] if part else "")


def _bars_table(title: str, headings: tuple[str, ...], rows: list[tuple[tuple[str, ...], int, int]], limit: int) -> Table:
    """Label columns, events with a bar, fatalities; at most `limit` rows (0: all) and a line for the rest."""
    table = Table(title=title, title_justify="left", box=None, pad_edge=False, show_edge=False)
    for heading in headings:
        table.add_column(heading, no_wrap=True, overflow="ellipsis", max_width=28)
    table.add_column("events", justify="right")
    table.add_column("", no_wrap=True, min_width=BAR_WIDTH)
    table.add_column("fatalities", justify="right")
    largest = max((events for _, events, _ in rows), default=0)
    shown = rows if limit <= 0 else rows[:limit]
    for labels, events, fatalities in shown:
        table.add_row(*(Text(label) for label in labels), str(events), Text(bar(events, largest), style="cyan"), str(fatalities))
    if len(shown) < len(rows):
        rest = rows[len(shown):]
        table.add_row(
            Text(f"… {len(rest)} more", style="dim"), *([""] * (len(headings) - 1)),
            str(sum(events for _, events, _ in rest)), "", str(sum(fatalities for _, _, fatalities in rest)),
        )
    return table


def _calendar_table(months: list[Bucket]) -> Table:
    """Events per month, a row per year: twenty years fit on one screen."""
    table = Table(title="events by month", title_justify="left", box=None, pad_edge=False, show_edge=False)
    table.add_column("year")
    for name in MONTHS:
        table.add_column(name, justify="right")
    counts = {bucket.key: bucket.events for bucket in months}
    years = sorted({key[:4] for key in counts if key != UNKNOWN})
    for year in years:
        table.add_row(year, *(str(counts.get(f"{year}-{month:02d}", "")) or "·" for month in range(1, 13)))
    return table


def _simple(buckets: list[Bucket]) -> list[tuple[tuple[str, ...], int, int]]:
    return [((bucket.key,), bucket.events, bucket.fatalities) for bucket in buckets]


def render_summary(summary: Summary, console: Console, top: int = 15) -> None:
    """A totals line, then bar charts by country, region, year, type and actor, and a month calendar.

    The region and actor lists are cut to the `top` largest (0: all), with one line for the rest.
    """
    console.print(
        f"{summary.events} events from {summary.documents} documents, {summary.fatalities} fatalities",
        markup=False, highlight=False,
    )
    regions: list[tuple[tuple[str, ...], int, int]] = [
        ((region.admin1, region.country), region.events, region.fatalities) for region in summary.by_region
    ]
    parts = [
        _bars_table("by country", ("country",), _simple(summary.by_country), 0),
        _bars_table("by region", ("admin1", "country"), regions, top),
        _bars_table("by year", ("year",), _simple(summary.by_year), 0),
        _calendar_table(summary.by_month),
        _bars_table("by event type", ("event type",), _simple(summary.by_event_type), 0),
        _bars_table("by actor", ("actor",), _simple(summary.by_actor), top),
    ]
    for part in parts:
        console.print()
        console.print(part)

"""Write events as JSON Lines, flat CSV, ACLED CSV or GeoJSON, and replace output files atomically.

Writers stream: each event is written as it comes, so memory stays flat however many articles
go through (only the ids of unlocated events are kept for the GeoJSON trailer). The bytes
depend on the events alone, so the same input gives the same file and `git diff` shows only
real changes (SPEC §3).
"""

from __future__ import annotations

import csv
import json
import os
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Literal, Protocol, TextIO

from sahel_extract.errors import OutputError
from sahel_extract.models import (
    ActorMention,
    ActorType,
    CasualtyKind,
    DatePrecision,
    Event,
)
from sahel_extract.resume import OutputStream, check_target, os_reason

OutputFormat = Literal["jsonl", "csv", "geojson", "acled", "parquet"]
FlatValue = str | int | float | None

CSV_COLUMNS: tuple[str, ...] = (
    "event_id",
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "country",
    "iso",
    "admin1",
    "admin2",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "fatalities",
    "injured",
    "abducted",
    "flags",
    "confidence",
    "notes",
    "source",
    "doc_id",
    "published",
    "date_text",
    "url",
    "title",
)
"""ACLED's column names first, in ACLED's order, then what ties a row back to its article."""

INTER_CODES: dict[ActorType, int] = {
    "State forces": 1,
    "Rebel group": 2,
    "Political militia": 3,
    "Identity militia": 4,
    "Rioters": 5,
    "Protesters": 6,
    "Civilians": 7,
    "External/Other forces": 8,
}
"""ACLED's numeric actor-type codes (`inter1`, `inter2`)."""

TIME_PRECISION: dict[DatePrecision, int] = {"day": 1, "week": 2, "month": 3, "year": 3}
"""ACLED codes a known week as 2 and anything vaguer than a week as 3."""

ASSOCIATED_SEPARATOR = "; "
FLAG_SEPARATOR = ";"
SOURCE_SEPARATOR = "; "
"""ACLED lists an event's several sources in one cell, separated like this."""


class EventWriter(Protocol):
    """Where events go; `close` finishes the document but leaves the stream to its owner."""

    def write(self, event: Event) -> None: ...

    def close(self) -> None: ...


def open_writer(fmt: OutputFormat, out: TextIO) -> EventWriter:
    """A writer of `fmt` on `out`; CSV and GeoJSON write their header at once."""
    if fmt == "jsonl":
        return JsonlWriter(out)
    if fmt == "csv":
        return CsvWriter(out)
    if fmt == "geojson":
        return GeoJsonWriter(out)
    if fmt == "acled":
        from sahel_extract.acled import AcledWriter

        return AcledWriter(out)
    if fmt == "parquet":
        from sahel_extract.frames import ParquetWriter

        return ParquetWriter(out)
    raise ValueError(f"unknown output format {fmt!r}")


class JsonlWriter:
    """One `Event.to_json()` per line: the canonical output that `diff` and `evaluate` read."""

    def __init__(self, out: TextIO) -> None:
        self._out = out

    def write(self, event: Event) -> None:
        self._out.write(event.to_json() + "\n")

    def close(self) -> None:
        self._out.flush()


class CsvWriter:
    """ACLED-style rows, so the output loads next to ACLED exports in the same tools.

    The columns and the row of an event are parameters: the ACLED export is this writer too.
    """

    def __init__(
        self,
        out: TextIO,
        columns: Sequence[str] = CSV_COLUMNS,
        row_of: Callable[[Event], Mapping[str, FlatValue]] | None = None,
    ) -> None:
        self._out = out
        self._columns = columns
        self._row_of = flat_fields if row_of is None else row_of
        self._csv = csv.writer(out, lineterminator="\n")
        self._csv.writerow(columns)

    def write(self, event: Event) -> None:
        row = self._row_of(event)
        self._csv.writerow(csv_cell(row[column]) for column in self._columns)

    def close(self) -> None:
        self._out.flush()


class GeoJsonWriter:
    """A FeatureCollection written feature by feature, one per line.

    Events without coordinates are still written, with `"geometry": null` (RFC 7946 §3.2), so
    that nothing is dropped silently; their ids are also listed in a foreign member
    `"unlocated"` after the features, so a map user sees at a glance what the map lacks.
    """

    def __init__(self, out: TextIO) -> None:
        self._out = out
        self._unlocated: list[str] = []
        self._count = 0
        self._closed = False
        out.write('{"type": "FeatureCollection", "features": [\n')

    def write(self, event: Event) -> None:
        feature = geojson_feature(event)
        if feature["geometry"] is None:
            self._unlocated.append(event.event_id)
        separator = ",\n" if self._count else ""
        self._out.write(separator + json.dumps(feature, ensure_ascii=False))
        self._count += 1

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        unlocated = json.dumps(self._unlocated, ensure_ascii=False)
        self._out.write(("\n" if self._count else "") + f'], "unlocated": {unlocated}}}\n')
        self._out.flush()


def geojson_feature(event: Event) -> dict[str, object]:
    """A Point at [longitude, latitude] (GeoJSON's order), or no geometry when unlocated."""
    location = event.location
    geometry: dict[str, object] | None = None
    if location is not None and location.latitude is not None and location.longitude is not None:
        geometry = {
            "type": "Point",
            "coordinates": [location.longitude, location.latitude],
        }
    properties: dict[str, object] = dict(flat_fields(event))
    if event.sources is not None:
        properties["sources"] = [source.model_dump() for source in event.sources]  # each report's own toll
    return {
        "type": "Feature",
        "id": event.event_id,
        "geometry": geometry,
        "properties": properties,
    }


# ---------------------------------------------------------------------------------------------
# Flattening an event into ACLED's columns


def flat_fields(event: Event) -> dict[str, FlatValue]:
    """The event as one flat record with the CSV columns, as JSON types (None when unknown)."""
    actor1, actor2, assoc1, assoc2 = split_actors(event.actors)
    inter1 = inter_code(actor1)
    inter2 = inter_code(actor2)
    location = event.location
    return {
        "event_id": event.event_id,
        "event_date": event.event_date,
        "time_precision": None if event.date_precision is None else TIME_PRECISION[event.date_precision],
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "actor1": actor_name(actor1),
        "assoc_actor_1": ASSOCIATED_SEPARATOR.join(assoc1) or None,
        "inter1": inter1,
        "actor2": actor_name(actor2),
        "assoc_actor_2": ASSOCIATED_SEPARATOR.join(assoc2) or None,
        "inter2": inter2,
        "interaction": interaction_code(inter1, inter2),
        "country": None if location is None else location.country,
        "iso": None if location is None else location.country_code,
        "admin1": None if location is None else location.admin1,
        "admin2": None if location is None else location.admin2,
        "location": None if location is None else location.name,
        "latitude": None if location is None else location.latitude,
        "longitude": None if location is None else location.longitude,
        "geo_precision": None if location is None else location.precision,
        "fatalities": event.fatalities,
        "injured": casualty_total(event, "injured"),
        "abducted": casualty_total(event, "abducted"),
        "flags": FLAG_SEPARATOR.join(event.flags) or None,
        "confidence": event.confidence,
        "notes": " ".join(evidence.sentence for evidence in event.evidence) or None,
        "source": joined_sources(event, "url") or event.source,
        "doc_id": joined_sources(event, "doc_id") or event.doc_id,
        "published": event.published,
        "date_text": event.date_text,
        "url": event.url,
        "title": event.title,
    }


def joined_sources(event: Event, attribute: Literal["url", "doc_id"]) -> str | None:
    """A merged record's articles in one cell, as ACLED lists several sources; None unmerged.

    The record's own `doc_id` and `source` name only its first report: a CSV row must still
    lead back to every article behind it.
    """
    if event.sources is None:
        return None
    values = (getattr(source, attribute) or "-" for source in event.sources)
    return SOURCE_SEPARATOR.join(dict.fromkeys(values))


def split_actors(
    actors: list[ActorMention], naming: Callable[[ActorMention], str | None] | None = None
) -> tuple[ActorMention | None, ActorMention | None, list[str], list[str]]:
    """ACLED's actor1 / actor2 and the names associated with each side.

    actor1 is the first initiator (or, with none, the first actor); actor2 the first target
    that is not actor1. The other initiators and the associated actors join actor1's side,
    the other targets actor2's; a name (`naming`'s, by default `actor_name`'s) is listed once
    per event.
    """
    name_of = naming or actor_name
    initiators = [actor for actor in actors if actor.role == "initiator"]
    actor1 = initiators[0] if initiators else (actors[0] if actors else None)
    targets = [actor for actor in actors if actor.role == "target" and actor is not actor1]
    actor2 = targets[0] if targets else None
    taken = {name_of(actor) for actor in (actor1, actor2) if actor is not None}
    side1 = [a for a in actors if a is not actor1 and a.role in ("initiator", "associated")]
    side2 = [a for a in targets if a is not actor2]
    return actor1, actor2, unique_names(side1, taken, name_of), unique_names(side2, taken, name_of)


def unique_names(
    actors: list[ActorMention], taken: set[str | None], naming: Callable[[ActorMention], str | None] | None = None
) -> list[str]:
    """Names in first-mention order, each once, skipping those already in a main column."""
    names: list[str] = []
    for actor in actors:
        name = (naming or actor_name)(actor)
        if name is not None and name not in taken and name not in names:
            names.append(name)
    return names


def actor_name(actor: ActorMention | None) -> str | None:
    """ACLED's spelling of the actor when the alias table has one, else the short name."""
    if actor is None:
        return None
    return actor.acled_name or actor.name


def inter_code(actor: ActorMention | None) -> int | None:
    return None if actor is None else INTER_CODES[actor.type]


def interaction_code(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED's two-digit interaction: the two codes, smaller first; one actor alone is `X0`.

    (ACLED codes, e.g., a sole protester event as 60, not 6.)
    """
    codes = sorted(code for code in (inter1, inter2) if code is not None)
    if not codes:
        return None
    if len(codes) == 1:
        return codes[0] * 10
    return codes[0] * 10 + codes[1]


def casualty_total(event: Event, kind: CasualtyKind) -> int | None:
    """Best counts of one kind added up; None (not 0) when the article gives none."""
    counts = [casualty.count for casualty in event.casualties if casualty.kind == kind]
    return sum(counts) if counts else None


def csv_cell(value: FlatValue) -> str | int | float:
    """An empty cell for unknown, as ACLED's own exports leave it."""
    return "" if value is None else value


# ---------------------------------------------------------------------------------------------
# Atomic output


@contextmanager
def atomic_output(path: str | None) -> Iterator[TextIO]:
    """Yield a text stream whose content replaces `path` only if the block completes.

    `None` or `-` is standard output (flushed, never closed). Otherwise the data goes to a new
    temporary file in the target's folder (so that `os.replace` is an atomic rename on the
    same file system; `mkstemp` creates it exclusively, so no link planted there is followed),
    is fsynced, and replaces the target on success. On any exception, Ctrl-C included, the
    temporary file is removed and the target is left as it was: an output file is never
    half-written (SPEC §5). A target that cannot be written (a folder, a missing folder, a full
    disk) raises `OutputError`, before any work when it can be known then.
    """
    if path is None or path == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    target = Path(path)
    check_target(target)
    mode = output_mode(target)
    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise OutputError(path, os_reason(exc)) from exc
    try:
        with OutputStream(fd, path, newline="") as handle:  # errors name the target, not the temporary file
            yield handle
            handle.sync()
            put_in_place(handle.fileno(), mode, temp_name, target)
    except BaseException:
        with suppress(OSError):
            os.unlink(temp_name)
        raise
    sync_directory(target.parent)


def put_in_place(fd: int, mode: int, temp_name: str, target: Path) -> None:
    """Give the finished temporary file its permissions and rename it onto the target."""
    try:
        os.fchmod(fd, mode)
        os.replace(temp_name, target)
    except OSError as exc:
        raise OutputError(str(target), os_reason(exc)) from exc


def output_mode(target: Path) -> int:
    """Keep the permissions of a file being replaced; a new file gets the usual 0o666 & ~umask.

    `mkstemp` creates files readable by their owner only, which would surprise a user who
    shares the output folder.
    """
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        umask = os.umask(0o022)
        os.umask(umask)
        return 0o666 & ~umask


def sync_directory(directory: Path) -> None:
    """Persist the rename itself; best effort, since not every platform can open a folder."""
    with suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

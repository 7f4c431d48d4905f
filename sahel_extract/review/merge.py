"""One incident, one record: merge the events that several articles report of the same incident.

A folder of news holds the same massacre three times (two outlets, two languages, a revised toll
three days later); counted as three events it triples the dead. ACLED's coders merge such
reports by hand into one event with several sources; this module does it by rule, so that an
analyst can read why two reports were joined and why two others were not.

How (each step is a small function below):

1. Every record becomes a `Report`: what matching needs (country, day span, place, type, actors),
   computed once.
2. Reports are sorted by country, then by the first day they may describe, with an external
   merge sort (`Spool`): memory holds one chunk, never the archive.
3. One sweep per country keeps a window of open incidents, those a later report could still
   join (about two days, longer only while a week- or month-precision report is undecided).
   Reports of one day are paired with the window through a grid of coordinates, the place name
   and the region, never with every other report, then joined best pair first.
4. Each incident becomes one record (`reconcile`): the most precise place and date, the latest
   toll unless sources disagree, the union of actors and evidence, and one `Source` per report.

Sorting before matching makes the output independent of the input order, byte for byte; writing
the records in the order they would be sorted in makes merging merged output change nothing.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import heapq
import itertools
import math
import os
import pickle
import re
import sys
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from sahel_extract.errors import EventFileError
from sahel_extract.models import ActorMention, DatePrecision, Event, EventType, Evidence, Flag, Location, Source
from sahel_extract.writers import EventWriter

# ---------------------------------------------------------------------------------------------
# Options and rules


class MergeOptions(BaseModel):
    """The distances and sizes the rules use; the defaults are those the README states."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    same_place_km: float = Field(
        default=10.0, gt=0, description="Two exact places (precision 1) this close are one place."
    )
    near_place_km: float = Field(default=25.0, gt=0, description="The same when either is 'near X' (precision 2).")
    homonym_km: float = Field(default=50.0, gt=0, description="Same name, farther apart than this: two places.")
    name_similarity: float = Field(default=0.85, gt=0, le=1, description="Spelling variants (Tin-Hama / Tin Hamma).")
    chunk_size: int = Field(default=20_000, ge=1, description="Records sorted in memory before spilling to disk.")
    temp_dir: str | None = Field(default=None, description="Folder for the sort's spill files (default: the system's).")


TYPE_PARTNERS: Final[frozenset[frozenset[EventType]]] = frozenset(
    {
        # one attack told as a clash by one outlet and as a massacre or a bombing by another
        frozenset({"Battles", "Violence against civilians"}),
        frozenset({"Battles", "Explosions/Remote violence"}),
        frozenset({"Violence against civilians", "Explosions/Remote violence"}),
        # a demonstration that turned violent in one report
        frozenset({"Protests", "Riots"}),
        # a mutiny, a coup or a base overrun: fighting to one outlet, a change of control to another
        frozenset({"Battles", "Strategic developments"}),
    }
)
"""Pairs of different ACLED types that two reports of one incident may give it."""

NIGHT_CUES: Final = ("night", "overnight", "evening", "dawn", "early hours", "nuit", "soir", "aube", "petit matin")
"""Words that let two reports one day apart be one incident: an attack at night is dated on
either side of midnight (SPEC §3 codes "the night of 22 to 23" as the 22nd; many outlets say 23)."""

GENERIC_ACTOR_TYPES: Final = frozenset({"Civilians", "Protesters", "Rioters"})
UNIDENTIFIED_PREFIX: Final = "unidentified"
DATE_RANK: Final[dict[DatePrecision, int]] = {"day": 0, "week": 1, "month": 2, "year": 3}
WEEK_HALF_SPAN: Final = 3
NO_DAY: Final = 10**8
"""Sort position of an undated record: after every dated record of its country."""
NO_COUNTRY: Final = "~"
"""Sort position of an unlocated record: after every country code."""
EARTH_DIAMETER_KM: Final = 12742.0
KM_PER_DEGREE: Final = 100.0
"""A degree of longitude is at least 100 km up to 25°N, where the Sahel ends: a grid cell of
`near_place_km / 100` degrees therefore covers the matching distance with its 8 neighbours."""
FLAGS_FROM_ANY: Final[frozenset[Flag]] = frozenset({"truncated", "aggregate"})
FLAGS_FROM_ALL: Final[frozenset[Flag]] = frozenset({"claimed", "historical"})
PICKLE_BATCH: Final = 256
FAN_IN: Final = 32
"""Runs merged at once: `FAN_IN * PICKLE_BATCH` keys in memory during a merge."""
NOT_ALPHANUMERIC: Final = re.compile(r"[^a-z0-9]+")


# ---------------------------------------------------------------------------------------------
# Reading event files


def read_events(paths: Sequence[str]) -> Iterator[Event]:
    """Stream the records of JSONL event files ('-' is stdin), each validated as an `Event`.

    Raises EventFileError naming the file and the line of the first malformed record.
    """
    for path in paths:
        if path == "-":
            yield from parse_event_lines("-", sys.stdin.buffer)
            continue
        try:
            with open(path, "rb") as handle:
                yield from parse_event_lines(path, handle)
        except OSError as exc:
            raise EventFileError(path, None, exc.strerror or str(exc)) from exc


def parse_event_lines(name: str, lines: Iterable[bytes]) -> Iterator[Event]:
    """Validate each non-blank line; pydantic's first complaint becomes the error's reason."""
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            yield Event.model_validate_json(raw)
        except ValidationError as exc:
            raise EventFileError(name, number, _first_problem(raw, exc)) from exc


def _first_problem(raw: bytes, exc: ValidationError) -> str:
    """One short reason, in the words the other review commands use for a bad line."""
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return "not valid UTF-8"
    problem = exc.errors(include_url=False)[0]
    if problem["type"] == "json_invalid":
        return f"invalid JSON: {problem.get('ctx', {}).get('error', problem['msg'])}"
    if problem["type"] == "model_type":
        return "expected a JSON object"
    where = ".".join(str(part) for part in problem["loc"])
    return f"'{where}': {problem['msg']}"


# ---------------------------------------------------------------------------------------------
# What matching needs of one record

SortKey = tuple[str, int, str, str, str]


@dataclass(frozen=True, slots=True)
class Report:
    """One input record as matching sees it, computed once.

    `exact_place` is a named place (precision 1 or 2, or a village the gazetteer lacks, matched by
    name only since its coordinates are its region's); otherwise the report places the incident
    only in an area, `admin1` (or the whole country when that is empty). `coords` are kept only
    when they locate the place itself (gazetteer rows), not a region a text placed a village in.
    """

    index: int
    key: SortKey
    event: Event
    docs: frozenset[str]
    mergeable: bool
    country: str
    start: int
    end: int
    exact_day: bool
    exact_place: bool
    name: str
    admin1: str
    coords: tuple[float, float] | None
    geonames_id: int | None
    precision: int
    night: bool
    initiators: frozenset[str]
    named: frozenset[str]


def normalise(text: str | None) -> str:
    """Accents, case and punctuation removed: 'Sévaré' and 'Sevare', 'Tin-Hama' and 'Tin Hama'."""
    ascii_text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().lower()
    return NOT_ALPHANUMERIC.sub("", ascii_text)


def day_span(event_date: str | None, precision: DatePrecision | None) -> tuple[int, int] | None:
    """First and last day (proleptic ordinals) the date may mean; None when it is too vague.

    A week is ACLED's middle day ± 3; a year is never narrow enough to join two reports.
    """
    if not event_date or precision is None or precision == "year":
        return None
    try:
        if precision == "month":
            first = dt.date.fromisoformat(f"{event_date[:7]}-01")
            following = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
            return first.toordinal(), following.toordinal() - 1
        day = dt.date.fromisoformat(event_date[:10]).toordinal()
    except ValueError:
        return None
    if precision == "week":
        return day - WEEK_HALF_SPAN, day + WEEK_HALF_SPAN
    return day, day


def sort_key(event: Event, line: str) -> SortKey:
    """Country, first day, document, event, then the canonical bytes: a total order on content.

    A merged record is known by its first source (document, then event id), not by its hashed
    event id: the output is written in this order, so merging merged output again reads it back
    in the order it was written and writes the same bytes.
    """
    location = event.location
    country = (location.country_code or location.country or NO_COUNTRY) if location else NO_COUNTRY
    span = day_span(event.event_date, event.date_precision)
    doc_id, event_id = (
        min((s.doc_id, s.event_id) for s in event.sources) if event.sources else (event.doc_id, event.event_id)
    )
    return (country, span[0] if span else NO_DAY, doc_id, event_id, line)


def report_of(index: int, key: SortKey, event: Event) -> Report:
    """The matching view of one record (its position in the sorted stream is its identity)."""
    location = event.location
    span = day_span(event.event_date, event.date_precision)
    mergeable = location is not None and span is not None and "aggregate" not in event.flags and key[0] != NO_COUNTRY
    listed = "not_in_gazetteer" not in event.flags
    exact_place = location is not None and (location.precision in (1, 2) or (not listed and names_a_place(location)))
    coords = None
    if location is not None and listed and location.latitude is not None and location.longitude is not None:
        coords = (location.latitude, location.longitude)
    docs = frozenset(source.doc_id for source in event.sources) if event.sources else frozenset({event.doc_id})
    named = frozenset(actor.name for actor in event.actors if not _generic_actor(actor.name, actor.type))
    initiators = frozenset(
        actor.name for actor in event.actors if actor.role == "initiator" and not _generic_actor(actor.name, actor.type)
    )
    start, end = span if span else (key[1], key[1])
    return Report(
        index=index,
        key=key,
        event=event,
        docs=docs,
        mergeable=mergeable,
        country=key[0],
        start=start,
        end=end,
        exact_day=event.date_precision == "day",
        exact_place=exact_place,
        name=normalise(location.name) if location else "",
        admin1=normalise(location.admin1) if location else "",
        coords=coords,
        geonames_id=location.geonames_id if location and listed else None,
        precision=location.precision if location else 3,
        night=_at_night(event),
        initiators=initiators,
        named=named,
    )


def names_a_place(location: Location) -> bool:
    """Whether a location names a place finer than its region: a village the gazetteer lacks is
    written at precision 3 with its region's coordinates ("the village of X in the Mopti region"),
    yet it is a village, to be matched by its name, not an area any village of the region fits."""
    name = normalise(location.name)
    return bool(name) and name not in {normalise(unit) for unit in (location.admin1, location.admin2, location.country)}


def _generic_actor(name: str, actor_type: str) -> bool:
    """Unnamed gunmen and civilians say nothing about who did it, so they never contradict a name."""
    return actor_type in GENERIC_ACTOR_TYPES or name.lower().startswith(UNIDENTIFIED_PREFIX)


def _at_night(event: Event) -> bool:
    text = " ".join([event.date_text or "", *(evidence.sentence for evidence in event.evidence)]).lower()
    return any(cue in text for cue in NIGHT_CUES)


# ---------------------------------------------------------------------------------------------
# Whether two reports may be one incident, and how well they fit


def pair_score(a: Report, b: Report, options: MergeOptions) -> float | None:
    """None when the two reports cannot be one incident; otherwise how well they agree.

    Each test below can veto; the scores only rank the compatible candidates, so that a report
    joins the incident that fits it best (same day over the night rule, same name over a
    nearby place, same type over a compatible one).
    """
    if a.docs & b.docs:
        return None  # the extractor already decided that one article's events are distinct
    date = date_score(a, b)
    if date is None:
        return None
    place = place_score(a, b, options)
    if place is None:
        return None
    kind = type_score(a.event, b.event)
    if kind is None:
        return None
    actors = actor_score(a, b)
    if actors is None:
        return None
    return date + place + kind + actors


def date_score(a: Report, b: Report) -> float | None:
    """2 the same day; 1 overlapping spans (a week or a month); 0.5 one night apart."""
    if a.start <= b.end and b.start <= a.end:
        return 2.0 if a.exact_day and b.exact_day else 1.0
    one_apart = a.end + 1 == b.start or b.end + 1 == a.start
    if one_apart and a.exact_day and b.exact_day and (a.night or b.night):
        return 0.5
    return None


def place_score(a: Report, b: Report, options: MergeOptions) -> float | None:
    """3 the same place, 2 a spelling variant or a place within a short distance, 0.5 an area
    that contains the other report's place; None for two different places."""
    if a.exact_place and b.exact_place:
        return _places_score(a, b, options)
    coarse, other = (a, b) if not a.exact_place else (b, a)
    if coarse.admin1 and other.admin1 != coarse.admin1:
        return None
    return 0.5


def _places_score(a: Report, b: Report, options: MergeOptions) -> float | None:
    distance = km(a.coords, b.coords) if a.coords and b.coords else None
    if a.geonames_id is not None and a.geonames_id == b.geonames_id:
        return 3.0
    limit = options.same_place_km if a.precision == b.precision == 1 else options.near_place_km
    if distance is not None and distance <= limit:
        return 2.0
    regions_differ = bool(a.admin1 and b.admin1 and a.admin1 != b.admin1)
    if regions_differ or (distance is not None and distance > options.homonym_km):
        return None  # homonyms: two villages of one name in two regions
    if a.name and a.name == b.name:
        return 3.0
    if distance is None and similar_names(a.name, b.name, options.name_similarity):
        return 2.0  # two gazetteer rows are told apart by distance, not by spelling
    return None


def similar_names(a: str, b: str, threshold: float) -> bool:
    """Transliteration variants of one name (Inatès / Inates, Tin-Hama / Tinhamma)."""
    if min(len(a), len(b)) < 5:
        return False
    return difflib.SequenceMatcher(None, a, b).ratio() >= threshold


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine)."""
    (lat1, lon1), (lat2, lon2) = a, b
    rad = math.pi / 180
    h = (
        math.sin((lat2 - lat1) * rad / 2) ** 2
        + math.cos(lat1 * rad) * math.cos(lat2 * rad) * math.sin((lon2 - lon1) * rad / 2) ** 2
    )
    return EARTH_DIAMETER_KM * math.asin(math.sqrt(h))


def type_score(a: Event, b: Event) -> float | None:
    """2 (2.5 with the same sub-type) for one ACLED type, 1 for two an incident may be given."""
    if a.event_type == b.event_type:
        return 2.5 if a.sub_event_type == b.sub_event_type else 2.0
    if frozenset({a.event_type, b.event_type}) in TYPE_PARTNERS:
        return 1.0
    return None


def actor_score(a: Report, b: Report) -> float | None:
    """None when both reports name who attacked and the two name no actor in common.

    "JNIM attacked soldiers" and "ISSP attacked soldiers" at one place and day are one attack
    whose claim is disputed (they share the army); "JNIM attacked soldiers" and "ISSP attacked
    the VDP" are two. Roles are not compared: one outlet's attacker is often another's
    defender. A report naming only "gunmen" or "civilians" fits any other. Shared names, and a
    shared attacker most, rank the candidates.
    """
    if a.initiators and b.initiators and not (a.named & b.named):
        return None
    return (0.5 if a.named & b.named else 0.0) + (0.5 if a.initiators & b.initiators else 0.0)


# ---------------------------------------------------------------------------------------------
# External sort: every record in (country, first day, content) order, in bounded memory

SortedRecord = tuple[SortKey, Event]


class Spool:
    """Collect records, then give them back sorted and without exact duplicates.

    A record is held as its sort key, which ends with its canonical JSON line (a validated
    record in memory weighs several times its line). At most `chunk_size` of them are held at
    once; fuller chunks are sorted and spilled to a temporary folder as runs of pickled
    batches. Runs are merged `FAN_IN` at a time into longer runs, level by level, so that the
    final `heapq.merge` never reads more than `FAN_IN` runs at once: memory stays bounded by the
    chunk and `FAN_IN` batches whatever the archive's size, at the price of rereading the data
    once per level (one level up to `chunk_size * FAN_IN` records). Each record is validated
    again as it comes out. The folder is removed when the stream is exhausted or closed.
    """

    def __init__(self, options: MergeOptions) -> None:
        self._options = options
        self._chunk: list[SortKey] = []
        self._folder: tempfile.TemporaryDirectory[str] | None = None
        self._levels: list[list[str]] = []
        self._written = 0

    def add(self, event: Event) -> None:
        self._chunk.append(sort_key(event, event.to_json()))
        if len(self._chunk) >= self._options.chunk_size:
            self._spill()

    def drain(self) -> Iterator[SortedRecord]:
        """The records in key order, each distinct record once."""
        try:
            previous: SortKey | None = None
            for key in self._merged():
                if key != previous:
                    yield key, Event.model_validate_json(key[4])
                previous = key
        finally:
            self.close()

    def close(self) -> None:
        self._chunk = []
        if self._folder is not None:
            self._folder.cleanup()
            self._folder = None
            self._levels = []

    def _merged(self) -> Iterator[SortKey]:
        self._chunk.sort()
        if not self._levels:
            yield from self._chunk
            return
        if self._chunk:
            self._spill()
        runs = [path for level in self._levels for path in level]
        while len(runs) > FAN_IN:
            runs = [*runs[FAN_IN:], self._write_run(heapq.merge(*map(_read_run, runs[:FAN_IN])), runs[:FAN_IN])]
        yield from heapq.merge(*map(_read_run, runs))

    def _spill(self) -> None:
        """Write the chunk as one sorted run; a level full of runs becomes one run a level up."""
        self._chunk.sort()
        run = self._write_run(iter(self._chunk), [])
        self._chunk = []
        level = 0
        while True:
            if level == len(self._levels):
                self._levels.append([])
            self._levels[level].append(run)
            if len(self._levels[level]) < FAN_IN:
                return
            full, self._levels[level] = self._levels[level], []
            run = self._write_run(heapq.merge(*map(_read_run, full)), full)
            level += 1

    def _write_run(self, keys: Iterator[SortKey], replaced: list[str]) -> str:
        """Write sorted keys to a new run file (removing the runs they were merged from)."""
        if self._folder is None:
            self._folder = tempfile.TemporaryDirectory(prefix="sahel-merge-", dir=self._options.temp_dir)
        path = os.path.join(self._folder.name, f"run-{self._written:06d}.pickle")
        self._written += 1
        with open(path, "wb") as handle:
            while batch := list(itertools.islice(keys, PICKLE_BATCH)):
                pickle.dump(batch, handle, protocol=pickle.HIGHEST_PROTOCOL)
        for old in replaced:
            os.unlink(old)
        return path


def _read_run(path: str) -> Iterator[SortKey]:
    """A spilled run, batch by batch."""
    with open(path, "rb") as handle:
        while True:
            try:
                batch: list[SortKey] = pickle.load(handle)  # our own temporary file
            except EOFError:
                return
            yield from batch


# ---------------------------------------------------------------------------------------------
# The sweep: one country at a time, a window of incidents that may still grow


@dataclass
class Incident:
    """Reports joined so far; `key` (its first report's) ranks it among equal candidates."""

    ident: int
    members: list[Report]
    docs: set[str]
    start: int
    end: int
    key: SortKey

    def absorb(self, other: Incident) -> None:
        self.members.extend(other.members)
        self.docs |= other.docs
        self.start = min(self.start, other.start)
        self.end = max(self.end, other.end)
        self.key = min(self.key, other.key)


@dataclass
class Window:
    """The open incidents of one country and the indexes that find a report's candidates.

    Candidates come from the grid cell of the coordinates and its neighbours, the place name,
    and the region, so a report is compared with the few incidents near it, not the whole day.
    """

    options: MergeOptions
    incidents: dict[int, Incident] = field(default_factory=dict)
    incident_of: dict[int, int] = field(default_factory=dict)
    reports: dict[int, Report] = field(default_factory=dict)
    cells: dict[tuple[int, int], set[int]] = field(default_factory=dict)
    names: dict[str, set[int]] = field(default_factory=dict)
    regions: dict[str, set[int]] = field(default_factory=dict)
    unplaced: dict[str, set[int]] = field(default_factory=dict)
    """Reports without coordinates of their own, by region: found by name similarity only."""
    pending: list[Report] = field(default_factory=list)
    done: list[tuple[SortKey, int, Event]] = field(default_factory=list)
    """Records of closed incidents, by their own sort key (`ready` writes them in that order)."""

    # -- adding reports

    def open(self, report: Report) -> Incident:
        """A new incident of one report, indexed so that later reports can find it."""
        incident = Incident(report.index, [report], set(report.docs), report.start, report.end, report.key)
        self.incidents[incident.ident] = incident
        self.incident_of[report.index] = incident.ident
        self.reports[report.index] = report
        for table, key in self._index_keys(report):
            table.setdefault(key, set()).add(report.index)
        return incident

    def add_day(self, batch: list[Report]) -> None:
        """Reports of one day at a named place: open each, then join the best pairs first."""
        for report in batch:
            self.open(report)
        scores: dict[tuple[int, int], float] = {}
        for report in batch:
            for other in self.neighbours(report):
                pair = (min(report.index, other.index), max(report.index, other.index))
                if other.index == report.index or pair in scores:
                    continue
                score = pair_score(report, other, self.options)
                if score is not None:
                    scores[pair] = score
        for (first, second), _score in sorted(scores.items(), key=_best_pair_first):
            self.join(self.incident_of[first], self.incident_of[second])

    def decide(self, report: Report) -> None:
        """A report of an area or of a week or month joins an incident only when exactly one fits.

        "Gunmen killed 12 in the Mopti region" beside two village attacks in Mopti that day fits
        both, so it stays an incident of its own: guessing would merge two incidents' tolls.
        """
        fitting = [incident for incident in self.candidates(report) if self.fits(report, incident)]
        incident = self.open(report)
        if len(fitting) == 1:
            self.join(fitting[0].ident, incident.ident)

    # -- finding and joining

    def neighbours(self, report: Report) -> Iterator[Report]:
        """Reports of the window that may match, each once, in index order."""
        found: set[int] = set()
        if not report.exact_place and not report.admin1:
            found.update(self.reports)  # a country-level report may concern any place
        for table, key in self._lookup_keys(report):
            found.update(table.get(key, ()))
        for index in sorted(found):
            yield self.reports[index]

    def candidates(self, report: Report) -> list[Incident]:
        idents = sorted({self.incident_of[other.index] for other in self.neighbours(report)})
        return [self.incidents[ident] for ident in idents]

    def fits(self, report: Report, incident: Incident) -> bool:
        """Complete link: the report must fit every report of the incident, so that a chain of
        near matches (A~B, B~C) never joins A and C, which differ."""
        if report.docs & incident.docs:
            return False
        return all(pair_score(report, member, self.options) is not None for member in incident.members)

    def join(self, first: int, second: int) -> None:
        if first == second:
            return
        a, b = self.incidents[first], self.incidents[second]
        if a.docs & b.docs:
            return
        if not all(pair_score(x, y, self.options) is not None for x in a.members for y in b.members):
            return
        keep, gone = (a, b) if a.key <= b.key else (b, a)
        keep.absorb(gone)
        for member in gone.members:
            self.incident_of[member.index] = keep.ident
        del self.incidents[gone.ident]

    # -- moving on

    def keep_apart(self, report: Report) -> None:
        """A record that cannot be matched (no place, no usable date, an aggregate) stays alone."""
        self._finished(report.index, [report])

    def _finished(self, ident: int, members: list[Report]) -> None:
        """Reconcile a closed incident; its record waits in `done` for its turn in the output."""
        record = reconcile([member.event for member in members])
        heapq.heappush(self.done, (sort_key(record, ""), ident, record))

    def advance(self, day: int) -> None:
        """Reports from `day` on are all that is left: decide what they cannot change, close
        the incidents they cannot reach."""
        decided = [report for report in self.pending if report.end + 1 < day]
        if decided:
            self.pending = [report for report in self.pending if report.end + 1 >= day]
            for report in decided:
                self.decide(report)
        waiting = min((report.start for report in self.pending), default=NO_DAY)
        for incident in [i for i in self.incidents.values() if i.end + 1 < day and i.end + 1 < waiting]:
            self.close(incident)

    def close(self, incident: Incident) -> None:
        del self.incidents[incident.ident]
        for member in incident.members:
            del self.incident_of[member.index]
            del self.reports[member.index]
            for table, key in self._index_keys(member):
                bucket = table[key]
                bucket.discard(member.index)
                if not bucket:
                    del table[key]
        self._finished(incident.ident, incident.members)

    def finish(self) -> Iterator[Event]:
        """Decide and close everything: the country's last report has gone by."""
        self.advance(NO_DAY + 2)
        yield from self.ready(None)

    def ready(self, day: int | None) -> Iterator[Event]:
        """Records no later one can precede, in output order, when reports from `day` on are
        all that is left to read (None: none is).

        A record's first day is never before its incident's first report's, so a record that
        starts before every open incident, every undecided report and `day` has its place.
        """
        starts = [incident.start for incident in self.incidents.values()]
        starts += [report.start for report in self.pending]
        if day is not None:
            starts.append(day)
        bound = min(starts, default=None)
        while self.done and (bound is None or self.done[0][0][1] < bound):
            yield heapq.heappop(self.done)[2]

    # -- index keys

    def _index_keys(self, report: Report) -> Iterator[tuple[dict[Any, set[int]], Any]]:
        if report.coords is not None:
            yield self.cells, self._cell(report.coords)
        elif report.exact_place:
            yield self.unplaced, report.admin1
        if report.name and report.exact_place:
            yield self.names, report.name
        yield self.regions, report.admin1

    def _lookup_keys(self, report: Report) -> Iterator[tuple[dict[Any, set[int]], Any]]:
        """Where a report's possible matches are indexed.

        A named place looks in the grid around it, under its name, and among the reports of its
        region that have no coordinates (spelling variants of villages the gazetteer lacks); one
        without coordinates looks at its whole region. An area looks at its region (and at the
        reports placed only in the country); a country-level report at everything (`neighbours`).
        """
        if report.exact_place:
            if report.coords is not None:
                row, column = self._cell(report.coords)
                for d_row in (-1, 0, 1):
                    for d_column in (-1, 0, 1):
                        yield self.cells, (row + d_row, column + d_column)
                yield self.unplaced, report.admin1
            else:
                yield self.regions, report.admin1
            if report.name:
                yield self.names, report.name
        elif report.admin1:
            yield self.regions, report.admin1
            yield self.regions, ""

    def _cell(self, coords: tuple[float, float]) -> tuple[int, int]:
        size = max(self.options.near_place_km, self.options.same_place_km) / KM_PER_DEGREE
        return math.floor(coords[0] / size), math.floor(coords[1] / size)


def _best_pair_first(item: tuple[tuple[int, int], float]) -> tuple[float, tuple[int, int]]:
    """Highest score first; among equals, the earliest reports in sort order (deterministic)."""
    pair, score = item
    return (-score, pair)


def sweep(records: Iterable[SortedRecord], options: MergeOptions) -> Iterator[Event]:
    """Group sorted records into incidents and yield their records in sort-key order."""
    window = Window(options)
    country: str | None = None
    day: int | None = None
    batch: list[Report] = []
    for index, (key, event) in enumerate(records):
        report = report_of(index, key, event)
        if report.start != day or report.country != country:
            if batch:
                window.add_day(batch)
                batch = []
            if report.country != country:
                yield from window.finish()
                window, country = Window(options), report.country
            day = report.start
            window.advance(day)
            yield from window.ready(day)
        if not report.mergeable:
            window.keep_apart(report)
        elif report.exact_place and report.exact_day:
            batch.append(report)
        else:
            window.pending.append(report)
    if batch:
        window.add_day(batch)
    yield from window.finish()


# ---------------------------------------------------------------------------------------------
# Reconciliation: one record per incident


def sources_of(event: Event) -> list[Source]:
    """The reports behind a record: its own `sources` (an already merged record), or itself."""
    if event.sources:
        return list(event.sources)
    return [
        Source(
            doc_id=event.doc_id,
            event_id=event.event_id,
            url=event.source,
            published=event.published,
            fatalities=event.fatalities,
        )
    ]


def report_order(published: str | None, doc_id: str, event_id: str) -> tuple[bool, str, str, str]:
    """Earliest publication first; undated reports last (they cannot be placed in the story)."""
    return (published is None, published or "", doc_id, event_id)


def _source_order(source: Source) -> tuple[bool, str, str, str]:
    return report_order(source.published, source.doc_id, source.event_id)


def _event_order(event: Event) -> tuple[bool, str, str, str]:
    return report_order(event.published, event.doc_id, event.event_id)


def reconcile(events: Sequence[Event]) -> Event:
    """One record for the reports of one incident, by the rules the README states.

    A record reported once is itself with one source. Otherwise: the place and the date of the
    most precise reports; the toll of the latest report, unless the reports disagree (then the
    lowest figure, ACLED's conservative choice, and `disputed`); the type most reports give; the
    union of actors and evidence; every report's own figure in `sources`.
    """
    sources = sorted((source for event in events for source in sources_of(event)), key=_source_order)
    if len(events) == 1:
        return events[0].model_copy(update={"sources": sources})
    reports = sorted(events, key=_event_order)
    dated = best_date(reports)
    placed = best_location(reports)
    fatalities, disputed, counted = reconcile_toll(sources)
    tolled = _report_of_source(reports, counted)
    event_type, sub_event_type = reconcile_type(reports)
    first = sources[0]
    # the article the record's doc_id and source name also gives its URL and headline
    lead = next((e for e in reports if any(s.event_id == first.event_id for s in sources_of(e))), reports[0])
    return Event(
        event_id=merged_event_id(sources),
        doc_id=first.doc_id,
        source=first.url or "-",
        url=lead.url,
        title=lead.title,
        published=first.published,
        event_date=dated.event_date,
        date_precision=dated.date_precision,
        date_text=dated.date_text,
        event_type=event_type,
        sub_event_type=sub_event_type,
        actors=union_actors(reports),
        location=placed.location,
        fatalities=fatalities,
        casualties=list(tolled.casualties),
        flags=reconcile_flags(reports, dated, placed, disputed),
        evidence=union_evidence(reports),
        confidence=max(event.confidence for event in reports),
        extractor="; ".join(sorted({event.extractor for event in reports})),
        sources=sources,
    )


def merged_event_id(sources: Sequence[Source]) -> str:
    """A stable hash of the merged event ids: the same reports give the same id in any order."""
    digest = hashlib.sha1("\n".join(sorted(source.event_id for source in sources)).encode("utf-8"))
    return digest.hexdigest()[:16]


def best_date(reports: Sequence[Event]) -> Event:
    """The report with the most precise date; among equals, the date most reports give, then the
    earlier one (SPEC §3 dates a night attack by its first day)."""
    votes = Counter(event.event_date for event in reports)
    return min(
        reports,
        key=lambda event: (
            DATE_RANK[event.date_precision] if event.date_precision else len(DATE_RANK),
            -votes[event.event_date],
            event.event_date or "",
        ),
    )


def best_location(reports: Sequence[Event]) -> Event:
    """The report with the most precise place: lowest precision, a gazetteer row over a name the
    gazetteer lacks, coordinates over none, the name most reports give, then the earliest."""
    votes = Counter(normalise(event.location.name) for event in reports if event.location)

    def rank(event: Event) -> tuple[int, bool, bool, int]:
        location = event.location
        if location is None:
            return (4, True, True, 0)
        return (
            location.precision,
            "not_in_gazetteer" in event.flags,
            location.latitude is None,
            -votes[normalise(location.name)],
        )

    return min(reports, key=rank)


def reconcile_toll(sources: Sequence[Source]) -> tuple[int | None, bool, Source | None]:
    """The figure, whether it is disputed, and the source it comes from.

    Tolls rise as bodies are found, so a higher figure published later revises the earlier one:
    the latest report's toll wins. Two different figures on the same day, a lower one later, or
    a figure without a publication date are a disagreement, not a revision: then the lowest
    figure, as ACLED codes contested tolls, flagged `disputed`.
    """
    reported = [source for source in sources if source.fatalities is not None]
    if not reported:
        return None, False, None
    if len({source.fatalities for source in reported}) == 1 or is_revision(reported):
        return reported[-1].fatalities, False, reported[-1]
    lowest = min(reported, key=lambda source: (source.fatalities or 0, _source_order(source)))
    return lowest.fatalities, True, lowest


def is_revision(reported: Sequence[Source]) -> bool:
    """Every change of figure (in publication order) is upwards and published on a later day."""
    for earlier, later in itertools.pairwise(reported):
        if earlier.fatalities == later.fatalities:
            continue
        if earlier.published is None or later.published is None or later.published <= earlier.published:
            return False
        if (later.fatalities or 0) < (earlier.fatalities or 0):
            return False
    return True


def _report_of_source(reports: Sequence[Event], source: Source | None) -> Event:
    """The report whose toll was kept (its casualties go with it); the latest without a toll."""
    if source is not None:
        for event in reports:
            if any(own.event_id == source.event_id for own in sources_of(event)):
                return event
    with_casualties = [event for event in reports if event.casualties]
    return with_casualties[-1] if with_casualties else reports[-1]


def reconcile_type(reports: Sequence[Event]) -> tuple[EventType, str]:
    """The type most reports give; a tie goes to the latest report, which knows the most."""
    votes = Counter(event.event_type for event in reports)
    chosen = max(reversed(reports), key=lambda event: votes[event.event_type])
    return chosen.event_type, chosen.sub_event_type


def union_actors(reports: Sequence[Event]) -> list[ActorMention]:
    """Every actor once by name, latest report first (its roles reflect the most information)."""
    seen: set[str] = set()
    actors: list[ActorMention] = []
    for event in reversed(reports):
        for actor in event.actors:
            if actor.name not in seen:
                seen.add(actor.name)
                actors.append(actor)
    return actors


def union_evidence(reports: Sequence[Event]) -> list[Evidence]:
    """Every report's sentences, earliest report first; a sentence reprinted word for word once."""
    seen: set[str] = set()
    evidence: list[Evidence] = []
    for event in reports:
        for item in event.evidence:
            if item.sentence not in seen:
                seen.add(item.sentence)
                evidence.append(item)
    return evidence


def reconcile_flags(reports: Sequence[Event], dated: Event, placed: Event, disputed: bool) -> list[Flag]:
    """`claimed` and `historical` only when every report says so (one independent report of the
    news is enough to lift them); the date and place flags from the reports they were taken from."""
    flags: set[Flag] = set()
    for flag in FLAGS_FROM_ANY:
        if any(flag in event.flags for event in reports):
            flags.add(flag)
    for flag in FLAGS_FROM_ALL:
        if all(flag in event.flags for event in reports):
            flags.add(flag)
    if disputed or any("disputed" in event.flags for event in reports):
        flags.add("disputed")
    if "date_defaulted" in dated.flags:
        flags.add("date_defaulted")
    if "not_in_gazetteer" in placed.flags:
        flags.add("not_in_gazetteer")
    return sorted(flags)


# ---------------------------------------------------------------------------------------------
# The library's entry points


def merge_sorted(records: Iterable[SortedRecord], options: MergeOptions) -> Iterator[Event]:
    """Merged records of an already sorted stream (`Spool.drain`)."""
    yield from sweep(records, options)


def merge_events(events: Iterable[Event], options: MergeOptions | None = None) -> Iterator[Event]:
    """One record per incident, with its `sources`, whatever the order the events come in.

    The events are all read (and spilled to disk past `chunk_size`) before the first record is
    yielded; the output is ordered by country code, then date, then document.
    """
    options = options or MergeOptions()
    spool = Spool(options)
    try:
        for event in events:
            spool.add(event)
        yield from merge_sorted(spool.drain(), options)
    finally:
        spool.close()


class MergingWriter:
    """An `EventWriter` that holds events back and writes them merged when closed.

    `extract --merge` writes through it, so the extractor's streaming loop stays as it is.
    """

    def __init__(self, inner: EventWriter, options: MergeOptions | None = None) -> None:
        self._inner = inner
        self._options = options or MergeOptions()
        self._spool = Spool(self._options)

    def write(self, event: Event) -> None:
        self._spool.add(event)

    def close(self) -> None:
        for record in merge_sorted(self._spool.drain(), self._options):
            self._inner.write(record)
        self._inner.close()

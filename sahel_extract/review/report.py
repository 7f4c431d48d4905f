"""One self-contained HTML page to review extracted events in a browser (`sahel-extract report`).

Analysts review events by reading them next to the sentences they came from. The page puts each
event beside its evidence, with the characters that gave its place, actors, date and toll
highlighted from the record's own offsets, and adds what a terminal table cannot: sorting and
filtering, a timeline, a map, the changes against an earlier run, and review marks that export
as a gold file `sahel-extract evaluate` reads.

The page must open by double-click on a machine without network, and nothing in an article may
run in it. So everything is inlined (one Jinja2 template with autoescaping, the script and the
style read from package data, the map drawn here as SVG from coarse outlines shipped with the
package); the data the script needs travels as JSON inside a `<script type="application/json">`
block (Jinja's `tojson` escapes `<`, `>` and `&` there); the script puts article text into the
page only through `textContent`; and a Content-Security-Policy allows no connection at all and
only the page's own script (by its hash), so that even markup slipped past escaping could
neither run nor reach the network.

The page is a pure function of its inputs: the same files give the same bytes.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Final, Literal

import jinja2
import yaml
from markupsafe import Markup
from pydantic import ValidationError

from sahel_extract.errors import EventFileError, InputError
from sahel_extract.models import SUB_EVENT_TYPES, Article, Event
from sahel_extract.readers import iter_inputs
from sahel_extract.review.diff import Difference, _picture, diff_events
from sahel_extract.review.records import PathLike, iter_objects

_TEMPLATES: Final = "templates"
_ROLE_ORDER: Final = {"initiator": 0, "target": 1, "associated": 2}
_SOFT_FLAGS: Final = frozenset({"historical", "aggregate"})
_FILE_LINE = re.compile(r"\A(?P<path>.+):(?P<line>\d+)\Z")

# Map frame: the three countries of the conflict are always in view; points elsewhere widen it.
_CORE_BOX: Final = (-12.5, 9.2, 16.0, 24.5)  # lon_min, lat_min, lon_max, lat_max
# Points beyond West Africa and the Sahara (a place named in passing: Paris, Washington) would
# shrink the conflict zone to a corner; they are left off the map and counted.
_OUTER_BOX: Final = (-19.0, 3.0, 26.0, 33.0)
_MAP_WIDTH: Final = 640.0
_MAP_PAD_DEG: Final = 0.8

# Timeline: weeks when the dated events span at most this many days, months beyond.
_WEEKLY_SPAN_DAYS: Final = 182
_CHART_WIDTH: Final = 640.0
_CHART_HEIGHT: Final = 90.0

Highlight = Literal["place", "actor", "date", "toll"]


# --- reading ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Record:
    """One event of the file, and what the file says beyond the event schema (`url`, `title`).

    `url` and `title` are written by newer extractors; older files lack them and the report
    falls back to the article's own metadata, then to a path.
    """

    event: Event
    url: str | None
    title: str | None


def read_records(path: PathLike) -> list[Record]:
    """Every event of an events file, validated against the record schema.

    A line that is not an event raises EventFileError naming the file, the line and the first
    field at fault, as the other review commands do.
    """
    records: list[Record] = []
    for number, obj in iter_objects(path):
        try:
            event = Event.model_validate(obj)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(part) for part in first["loc"]) or "record"
            raise EventFileError(str(path), number, f"'{where}': {first['msg']}") from exc
        url, title = obj.get("url"), obj.get("title")
        records.append(
            Record(
                event=event,
                url=url if isinstance(url, str) and url else None,
                title=title if isinstance(title, str) and title else None,
            )
        )
    return records


class ArticleFinder:
    """The article text each event's offsets point into.

    Articles come from the paths given with `--articles` (read as `extract` reads them, so the
    offsets mean the same thing), else from the event's `source` when that is a readable path
    (`file` or `file:line` for a JSON Lines record). A candidate is taken only when every evidence
    sentence of the event is found at its offsets: an article edited since the extraction would
    otherwise paint highlights on the wrong words.
    """

    def __init__(self, paths: Sequence[str]) -> None:
        self._by_doc: dict[str, list[Article]] = {}
        self._read_sources: set[str] = set()
        self.problems: list[str] = []
        self._load(paths)

    def _load(self, paths: Sequence[str]) -> None:
        for item in iter_inputs(list(paths)) if paths else ():
            if isinstance(item, InputError):
                self.problems.append(str(item))
            elif item.article.id is not None:
                self._by_doc.setdefault(item.article.id, []).append(item.article)

    def find(self, event: Event) -> Article | None:
        found = self._matching(event)
        if found is None:
            source = _source_path(event.source)
            # each file once: the records of a JSON Lines file all name it, as `file:line`
            if source is not None and source not in self._read_sources:
                self._read_sources.add(source)
                self._load([source])
                found = self._matching(event)
        return found

    def _matching(self, event: Event) -> Article | None:
        for article in self._by_doc.get(event.doc_id, []):
            if all(article.text[item.start : item.end] == item.sentence for item in event.evidence):
                return article
        return None


def _source_path(source: str) -> str | None:
    """A record's `source` as a file to read, when it is one (not `-`, not a URL)."""
    if source == "-" or "://" in source:
        return None
    if Path(source).is_file():
        return source
    match = _FILE_LINE.match(source)
    if match and Path(match["path"]).is_file():
        return match["path"]
    return None


# --- highlights ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Span:
    """Characters of the article that gave a field, in article offsets."""

    start: int
    end: int
    kind: Highlight
    label: str


def event_spans(event: Event) -> list[Span]:
    """Every field's characters, from the record's offsets.

    The record keeps offsets for the place, each actor and each casualty figure; the date has
    only its `date_text`, so it is found in the evidence sentences (first exact occurrence, then
    ignoring case).
    """
    spans: list[Span] = []
    location = event.location
    if location is not None and location.end > location.start:
        spans.append(Span(location.start, location.end, "place", f"place: {location.name}"))
    for actor in event.actors:
        if actor.end > actor.start:
            spans.append(Span(actor.start, actor.end, "actor", f"{actor.role}: {actor.name}"))
    for casualty in event.casualties:
        if casualty.end > casualty.start:
            spans.append(Span(casualty.start, casualty.end, "toll", f"{casualty.kind}: {casualty.count}"))
    date = _date_span(event)
    if date is not None:
        spans.append(date)
    spans.sort(key=lambda span: (span.start, span.end))
    return spans


def _date_span(event: Event) -> Span | None:
    text = event.date_text
    if not text:
        return None
    label = f"date: {event.event_date or 'unresolved'}"
    for fold in (False, True):
        for item in event.evidence:
            haystack, needle = (item.sentence.casefold(), text.casefold()) if fold else (item.sentence, text)
            at = haystack.find(needle)
            if at >= 0 and len(haystack) == len(item.sentence):
                return Span(item.start + at, item.start + at + len(text), "date", label)
    return None


# --- the map --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Projection:
    """Equirectangular, longitudes shrunk by the cosine of the middle latitude: at Sahel latitudes
    this keeps shapes recognisable without any projection library."""

    lon_min: float
    lat_min: float
    lon_max: float
    lat_max: float

    @property
    def scale(self) -> float:
        return _MAP_WIDTH / ((self.lon_max - self.lon_min) * self._shrink)

    @property
    def _shrink(self) -> float:
        return math.cos(math.radians((self.lat_min + self.lat_max) / 2))

    @property
    def height(self) -> float:
        return round((self.lat_max - self.lat_min) * self.scale, 1)

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        x = (lon - self.lon_min) * self._shrink * self.scale
        y = (self.lat_max - lat) * self.scale
        return round(x, 1), round(y, 1)


def map_frame(points: Iterable[tuple[float, float]]) -> Projection:
    """The core countries, widened to every point, with a margin."""
    lon_min, lat_min, lon_max, lat_max = _CORE_BOX
    for lon, lat in points:
        lon_min, lon_max = min(lon_min, lon), max(lon_max, lon)
        lat_min, lat_max = min(lat_min, lat), max(lat_max, lat)
    return Projection(lon_min - _MAP_PAD_DEG, lat_min - _MAP_PAD_DEG, lon_max + _MAP_PAD_DEG, lat_max + _MAP_PAD_DEG)


@dataclass(frozen=True)
class Outlines:
    """Country rings ([lon, lat] points) and reference cities, from `templates/outlines.yaml`."""

    countries: dict[str, tuple[str, tuple[float, float], bool, list[tuple[float, float]]]]
    cities: list[tuple[str, tuple[float, float]]]


@cache
def load_outlines() -> Outlines:
    """Read the outlines once; a ring whose chains do not meet end to start is a data error."""
    text = resources.files(__package__).joinpath(_TEMPLATES, "outlines.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    chains = {name: [(float(lon), float(lat)) for lon, lat in points] for name, points in data["chains"].items()}
    countries: dict[str, tuple[str, tuple[float, float], bool, list[tuple[float, float]]]] = {}
    for code, spec in data["countries"].items():
        ring: list[tuple[float, float]] = []
        for ref in spec["ring"]:
            points = chains[ref[1:]][::-1] if ref.startswith("-") else chains[ref]
            if ring and ring[-1] != points[0]:
                raise ValueError(f"outlines.yaml: {code}: chain {ref} does not start where the ring is")
            ring.extend(points if not ring else points[1:])
        if ring[0] != ring[-1]:
            raise ValueError(f"outlines.yaml: {code}: the ring does not close")
        label = (float(spec["label"][0]), float(spec["label"][1]))
        countries[code] = (spec["name"], label, bool(spec.get("focus", False)), ring)
    cities = [(city["name"], (float(city["at"][0]), float(city["at"][1]))) for city in data["cities"]]
    return Outlines(countries=countries, cities=cities)


def _on_map(lon: float, lat: float) -> bool:
    lon_min, lat_min, lon_max, lat_max = _OUTER_BOX
    return lon_min <= lon <= lon_max and lat_min <= lat <= lat_max


def _map_view(located: list[tuple[int, float, float, int | None, int]]) -> dict[str, Any]:
    """Everything the template draws: outlines as SVG paths, labels, cities, event dots.

    `located` are (event index, lon, lat, fatalities, location precision) of the events with
    coordinates; those outside `_OUTER_BOX` are counted in `off_map`, not drawn.
    """
    points = [point for point in located if _on_map(point[1], point[2])]
    projection = map_frame((lon, lat) for _, lon, lat, _, _ in points)
    outlines = load_outlines()
    countries = []
    for code, (name, label, focus, ring) in outlines.countries.items():
        path = "M" + "L".join("{},{}".format(*projection.xy(lon, lat)) for lon, lat in ring[:-1]) + "Z"
        lx, ly = projection.xy(*label)
        countries.append({"code": code, "name": name, "path": path, "focus": focus, "x": lx, "y": ly})
    cities = []
    for name, (lon, lat) in outlines.cities:
        x, y = projection.xy(lon, lat)
        cities.append({"name": name, "x": x, "y": y})
    dots = []
    for index, lon, lat, fatalities, precision in points:
        x, y = projection.xy(lon, lat)
        radius = round(2.5 + 1.2 * math.sqrt(fatalities or 0), 1)
        dots.append([index, x, y, min(radius, 14.0), int(precision == 3)])
    return {
        "width": _MAP_WIDTH,
        "height": projection.height,
        "countries": countries,
        "cities": cities,
        "dots": dots,
        "off_map": len(located) - len(points),
    }


# --- the timeline ---------------------------------------------------------------------------------


@dataclass
class _Bucket:
    start: dt.date
    end: dt.date
    label: str
    events: int = 0
    fatalities: int = 0


def _day(value: str | None, precision: str | None) -> dt.date | None:
    if value is None or precision not in ("day", "week"):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _month(value: str | None) -> tuple[int, int] | None:
    if value is None or len(value) < len("YYYY-MM"):
        return None
    try:
        return int(value[:4]), int(value[5:7])
    except ValueError:
        return None


def _month_bucket(year: int, month: int) -> _Bucket:
    start = dt.date(year, month, 1)
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return _Bucket(start, following - dt.timedelta(days=1), start.strftime("%b %Y"))


def _timeline_view(events: Sequence[Event]) -> dict[str, Any]:
    """Events and fatalities per week (short spans) or per month, as bars of two small charts.

    A day- or week-dated event falls in its bucket; a month-dated one only in a month; an event
    dated to the year, or not at all, is counted apart (`undated`), never spread over buckets.
    """
    days = [d for e in events if (d := _day(e.event_date, e.date_precision)) is not None]
    monthly = any(e.date_precision == "month" for e in events) or (
        bool(days) and (max(days) - min(days)).days > _WEEKLY_SPAN_DAYS
    )
    buckets: dict[dt.date, _Bucket] = {}
    undated = 0
    for event in events:
        day = _day(event.event_date, event.date_precision)
        month = _month(event.event_date) if event.date_precision in ("day", "week", "month") else None
        if monthly and month is not None:
            bucket = buckets.get(dt.date(month[0], month[1], 1)) or _month_bucket(*month)
        elif not monthly and day is not None:
            monday = day - dt.timedelta(days=day.weekday())
            bucket = buckets.get(monday) or _Bucket(
                monday, monday + dt.timedelta(days=6), f"week of {monday.isoformat()}"
            )
        else:
            undated += 1
            continue
        buckets[bucket.start] = bucket
        bucket.events += 1
        bucket.fatalities += event.fatalities or 0
    filled = _fill_gaps(sorted(buckets.values(), key=lambda b: b.start), monthly=monthly)
    return _chart(filled, monthly=monthly, undated=undated)


def _fill_gaps(buckets: list[_Bucket], *, monthly: bool) -> list[_Bucket]:
    """Empty weeks and months are drawn too: a quiet month is information."""
    if not buckets:
        return []
    by_start = {bucket.start: bucket for bucket in buckets}
    filled: list[_Bucket] = []
    current = buckets[0].start
    while current <= buckets[-1].start:
        if monthly:
            bucket = by_start.get(current) or _month_bucket(current.year, current.month)
            current = bucket.end + dt.timedelta(days=1)
        else:
            bucket = by_start.get(current) or _Bucket(
                current, current + dt.timedelta(days=6), f"week of {current.isoformat()}"
            )
            current += dt.timedelta(days=7)
        filled.append(bucket)
    return filled


def _chart(buckets: list[_Bucket], *, monthly: bool, undated: int) -> dict[str, Any]:
    count = max(len(buckets), 1)
    step = _CHART_WIDTH / count
    width = max(step - 1.0, 0.6)
    top_events = max((b.events for b in buckets), default=0) or 1
    top_dead = max((b.fatalities for b in buckets), default=0) or 1
    bars = []
    for n, bucket in enumerate(buckets):
        bars.append(
            {
                "x": round(n * step, 2),
                "w": round(width, 2),
                "h_events": round(_CHART_HEIGHT * bucket.events / top_events, 1),
                "h_dead": round(_CHART_HEIGHT * bucket.fatalities / top_dead, 1),
                "events": bucket.events,
                "fatalities": bucket.fatalities,
                "label": bucket.label,
                "start": bucket.start.isoformat(),
                "end": bucket.end.isoformat(),
            }
        )
    ticks = _ticks(buckets, step)
    return {
        "unit": "month" if monthly else "week",
        "bars": bars,
        "ticks": ticks,
        "width": _CHART_WIDTH,
        "height": _CHART_HEIGHT,
        "top_events": top_events if buckets else 0,
        "top_dead": top_dead if any(b.fatalities for b in buckets) else 0,
        "undated": undated,
    }


def _ticks(buckets: list[_Bucket], step: float) -> list[dict[str, Any]]:
    """About eight labels along the axis, on bucket starts."""
    every = max(1, math.ceil(len(buckets) / 8))
    return [
        {
            "x": round(n * step, 1),
            "label": bucket.start.strftime("%b %Y") if step * every > 40 else bucket.start.isoformat(),
        }
        for n, bucket in enumerate(buckets)
        if n % every == 0
    ]


# --- the diff -------------------------------------------------------------------------------------


def _diff_view(old: PathLike, new: PathLike, index_of: dict[tuple[str, str], int]) -> dict[str, Any]:
    """The changes against an earlier run, paired exactly as `sahel-extract diff` pairs them."""
    rows: list[dict[str, Any]] = []
    kinds: dict[int, str] = {}
    tally: Counter[str] = Counter()
    for difference in diff_events(old, new, include_unchanged=True):
        tally[difference.kind] += 1
        at = index_of.get((difference.doc_id, difference.event_id_new)) if difference.event_id_new else None
        if at is not None:
            kinds[at] = difference.kind
        if difference.kind != "unchanged":
            rows.append(_diff_row(difference, at))
    return {
        "old": str(old),
        "rows": rows,
        "kinds": kinds,
        "counts": {kind: tally[kind] for kind in ("added", "removed", "changed", "unchanged")},
    }


def _diff_row(difference: Difference, at: int | None) -> dict[str, Any]:
    """A changed event lists its fields old → new; an added or removed one is one line, the
    picture `diff`'s table gives it (date · type · place · actors · toll)."""
    if difference.kind == "changed":
        changes = [
            {"field": change.field, "old": _shown(change.old), "new": _shown(change.new)}
            for change in difference.changes
        ]
    else:
        added = difference.kind == "added"
        picture = _picture(difference.changes, added=added)
        changes = [{"field": "", "old": "–" if added else picture, "new": picture if added else "–"}]
    return {
        "kind": difference.kind,
        "doc_id": difference.doc_id,
        "event": at,
        "label": (difference.event_id_new or difference.event_id_old or "")[:12],
        "changes": changes,
    }


def _shown(value: object) -> str:
    if value is None:
        return "–"
    if isinstance(value, list):
        return ", ".join("" if item is None else str(item) for item in value) or "[]"
    return str(value)


# --- the page -------------------------------------------------------------------------------------


@dataclass
class ReportStats:
    """What the build did, for the command's closing line on stderr."""

    events: int = 0
    documents: int = 0
    articles_found: int = 0
    problems: list[str] = field(default_factory=list)


def _actor_list(event: Event) -> list[dict[str, Any]]:
    ordered = sorted(event.actors, key=lambda a: _ROLE_ORDER[a.role])
    return [{"name": a.name, "role": a.role, "type": a.type, "full": a.full_name} for a in ordered]


def _event_view(index: int, record: Record, doc: int, *, with_sentences: bool) -> dict[str, Any]:
    """What the script needs of one event; evidence sentences are left out when the article text
    travels anyway (they are slices of it)."""
    event = record.event
    location = event.location
    return {
        "i": index,
        "id": event.event_id,
        "doc": doc,
        "date": event.event_date,
        "precision": event.date_precision,
        "date_text": event.date_text,
        "type": event.event_type,
        "sub": event.sub_event_type,
        "place": location.name if location else None,
        "admin1": location.admin1 if location else None,
        "admin2": location.admin2 if location else None,
        "country": location.country if location else None,
        "cc": location.country_code if location else None,
        "lat": location.latitude if location else None,
        "lon": location.longitude if location else None,
        "loc_precision": location.precision if location else None,
        "actors": _actor_list(event),
        "fatalities": event.fatalities,
        "casualties": [
            {"kind": c.kind, "count": c.count, "low": c.low, "high": c.high, "victims": c.victims}
            for c in event.casualties
        ],
        "flags": list(event.flags),
        "confidence": event.confidence,
        "evidence": [[item.start, item.end, item.sentence if with_sentences else None] for item in event.evidence],
        "spans": [[s.start, s.end, s.kind, s.label] for s in event_spans(event)],
        "core": not _SOFT_FLAGS.intersection(event.flags),
    }


def _doc_view(record: Record, article: Article | None) -> dict[str, Any]:
    event = record.event
    url = record.url or (article.url if article else None) or (event.source if "://" in event.source else None)
    return {
        "id": event.doc_id,
        "source": event.source,
        "url": url if url and url.startswith(("http://", "https://")) else None,
        "title": record.title or (article.title if article else None),
        "published": event.published,
        "text": article.text if article else None,
    }


def build_report(
    events_path: PathLike,
    *,
    articles: Sequence[str] = (),
    against: PathLike | None = None,
    title: str | None = None,
) -> tuple[str, ReportStats]:
    """The page for the events of `events_path`, and what went into it.

    Raises EventFileError when an events file cannot be read. Articles that cannot be read or
    found are not errors: their events are shown with the sentences the records carry, and the
    page says so.
    """
    records = read_records(events_path)
    finder = ArticleFinder(articles)
    docs: list[dict[str, Any]] = []
    doc_index: dict[tuple[str, str], int] = {}
    events: list[dict[str, Any]] = []
    index_of: dict[tuple[str, str], int] = {}
    for record in records:
        event = record.event
        article = finder.find(event)
        key = (event.doc_id, event.source)
        if key not in doc_index:
            doc_index[key] = len(docs)
            docs.append(_doc_view(record, article))
        doc = doc_index[key]
        if article is not None and docs[doc]["text"] is None:
            docs[doc]["text"] = article.text
        # evidence sentences are slices of the article text when the page carries that text
        in_text = article is not None and article.text == docs[doc]["text"]
        view = _event_view(len(events), record, doc, with_sentences=not in_text)
        index_of[(event.doc_id, event.event_id)] = view["i"]
        events.append(view)
    located = [
        (view["i"], view["lon"], view["lat"], view["fatalities"], view["loc_precision"])
        for view in events
        if view["lat"] is not None and view["lon"] is not None
    ]
    diff = _diff_view(against, events_path, index_of) if against is not None else None
    stats = ReportStats(
        events=len(events),
        documents=len(docs),
        articles_found=sum(doc["text"] is not None for doc in docs),
        problems=finder.problems,
    )
    page = _render(
        title=title or f"Events of {Path(str(events_path)).name}",
        source=str(events_path),
        data={"events": events, "docs": docs},
        plain=[record.event for record in records],
        map_view=_map_view(located),
        diff=diff,
        stats=stats,
    )
    return page, stats


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader(__package__, _TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _asset(name: str) -> str:
    return resources.files(__package__).joinpath(_TEMPLATES, name).read_text(encoding="utf-8")


def _csp_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def _render(
    *,
    title: str,
    source: str,
    data: dict[str, Any],
    plain: list[Event],
    map_view: dict[str, Any],
    diff: dict[str, Any] | None,
    stats: ReportStats,
) -> str:
    """The page; `data` (events and documents as the script reads them) travels as JSON."""
    script = _asset("report.js")
    if "</script" in script.lower():
        raise ValueError("report.js must not contain a closing script tag")
    events = data["events"]
    data = {
        **data,
        "diff_kinds": {str(k): v for k, v in (diff["kinds"] if diff else {}).items()},
        "dots": map_view["dots"],
        "types": {kind: list(subs) for kind, subs in SUB_EVENT_TYPES.items()},
        "report_key": hashlib.sha256("\n".join(f"{e['doc']}:{e['id']}" for e in events).encode("utf-8")).hexdigest()[
            :16
        ],
    }
    template = _environment().get_template("report.html.j2")
    return template.render(
        title=title,
        source=source,
        choices=_choices(plain),
        timeline=_timeline_view(plain),
        map=map_view,
        diff=diff,
        stats=stats,
        data=data,
        style=Markup(_asset("report.css")),  # our own package file, not input
        script=Markup(script),  # our own package file, not input
        script_hash=_csp_hash(script),
    )


def _choices(events: Sequence[Event]) -> dict[str, list[str]]:
    """The values each filter offers, most frequent first for actors, sorted otherwise."""
    actors: Counter[str] = Counter(actor.name for event in events for actor in event.actors)
    return {
        "country": sorted({e.location.country or e.location.country_code or "" for e in events if e.location} - {""}),
        "admin1": sorted({e.location.admin1 for e in events if e.location and e.location.admin1}),
        "type": sorted({e.event_type for e in events}),
        "actor": [name for name, _ in actors.most_common()],
        "flag": sorted({flag for e in events for flag in e.flags}),
    }

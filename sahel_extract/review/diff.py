"""Event-level diff of two outputs of sahel-extract.

Users rerun the extractor after a gazetteer or rule change and want to see which incidents moved,
not which JSON bytes did. Events are paired per document: first by `event_id` (a stable hash of
the document and the event's content: date, place, type, sides, ordinal among equals), then, for
events whose id changed because that content did, by the overlap of their evidence spans. A pair
that differs in a compared field is "changed"; the rest is "added" or "removed". Evidence is
compared by its sentences: an edit earlier in the article moves every offset and changes nothing
an analyst reads, so offsets count only when asked (`offsets=True`, `diff --offsets`).

Memory stays proportional to the old file's compact records plus the differences found: the old
file is indexed by document, the new file is streamed one document at a time (sahel-extract
writes each document's events contiguously). A new file whose documents are interleaved is
detected on the way and then indexed as well.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Final, Literal, TextIO

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
    get_strings,
    iter_objects,
    require_str,
)

# The fields compared, in the order changes are reported. `event_id` pairs events and
# `extractor` changes with every release, so neither is compared.
COMPARED_FIELDS: Final = (
    "event_date",
    "date_precision",
    "event_type",
    "sub_event_type",
    "location.name",
    "location.admin1",
    "location.country_code",
    "location.latitude",
    "location.longitude",
    "location.precision",
    "actors",
    "fatalities",
    "casualties",
    "flags",
    "confidence",
    "evidence",
)
_LOCATION_KEYS: Final = ("name", "admin1", "country_code", "latitude", "longitude", "precision")

Scalar = str | int | float | bool | None
FieldValue = Scalar | list[Scalar]
Kind = Literal["added", "removed", "changed", "unchanged"]
# A compared value as stored: lists become tuples so that whole records compare and hash fast.
_Stored = Scalar | tuple[Scalar, ...]


class FieldChange(BaseModel):
    field: str
    old: FieldValue
    new: FieldValue


class Difference(BaseModel):
    """One event that differs between the two files.

    For "changed", `changes` lists the fields that differ. For "added" and "removed" it lists the
    fields the event has (non-null, non-empty), with the missing side null, so that a reader sees
    what appeared or vanished. "unchanged" is only produced on request, for counting.
    """

    kind: Kind
    doc_id: str
    event_id_old: str | None
    event_id_new: str | None
    changes: list[FieldChange]


# --- compact records ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Record:
    """The compared fields but `evidence` (in COMPARED_FIELDS order), the evidence spans, and the
    evidence as compared (its sentences, or with `offsets` their start offsets)."""

    event_id: str
    values: tuple[_Stored, ...]
    spans: tuple[tuple[int, int], ...]
    compared_evidence: _Stored

    def evidence(self) -> _Stored:
        return self.compared_evidence

    def same_as(self, other: _Record) -> bool:
        return self.values == other.values and self.evidence() == other.evidence()

    def compared(self) -> tuple[_Stored, ...]:
        return (*self.values, self.evidence())


class _Interner:
    """One shared object per distinct value.

    An event file repeats the same dates, types, places and actor lists thousands of times;
    keeping one copy of each is what lets the old file's index stay small.
    """

    def __init__(self) -> None:
        self._seen: dict[_Stored, _Stored] = {}

    def __call__(self, value: _Stored) -> _Stored:
        return self._seen.setdefault(value, value)


def _as_is(value: _Stored) -> _Stored:
    return value


def _scalar(obj: dict[str, Any], key: str) -> Scalar:
    value = obj.get(key)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise RecordError(f"'{key}' must be a string, a number or null")


def _offset(obj: dict[str, Any], key: str, where: str) -> int:
    value = obj.get(key)
    if isinstance(value, bool) or not isinstance(value, int):
        raise RecordError(f"'{where}' items need an integer '{key}'")
    return value


def _compact(
    record: dict[str, Any], keep: Callable[[_Stored], _Stored] = _as_is, offsets: bool = False
) -> tuple[str, _Record]:
    """Reduce one event to its doc_id and the values the diff compares (each passed to `keep`)."""
    doc_id = require_str(record, "doc_id")
    event_id = require_str(record, "event_id")
    location = get_object(record, "location")
    located: tuple[_Stored, ...] = tuple(
        _scalar(location, key) if location is not None else None for key in _LOCATION_KEYS
    )
    actors = tuple(
        f"{get_str(actor, 'name') or ''}:{get_str(actor, 'role') or ''}" for actor in get_objects(record, "actors")
    )
    casualties = tuple(
        f"{get_str(c, 'kind') or ''}:{_text(get_number(c, 'count'))}:{get_str(c, 'victims') or ''}"
        for c in get_objects(record, "casualties")
    )
    evidence = get_objects(record, "evidence")
    spans = tuple((_offset(item, "start", "evidence"), _offset(item, "end", "evidence")) for item in evidence)
    values = (
        _scalar(record, "event_date"),
        _scalar(record, "date_precision"),
        _scalar(record, "event_type"),
        _scalar(record, "sub_event_type"),
        *located,
        actors,
        _scalar(record, "fatalities"),
        casualties,
        tuple(get_strings(record, "flags")),
        _scalar(record, "confidence"),
    )
    compared = keep(
        tuple(start for start, _ in spans) if offsets else tuple(get_str(item, "sentence") for item in evidence)
    )
    return doc_id, _Record(event_id, tuple(keep(value) for value in values), spans, compared)


def _text(value: Scalar) -> str:
    return "" if value is None else str(value)


def _read(
    path: PathLike, keep: Callable[[_Stored], _Stored] = _as_is, offsets: bool = False
) -> Iterator[tuple[str, _Record]]:
    for number, obj in iter_objects(path):
        try:
            yield _compact(obj, keep, offsets)
        except RecordError as exc:
            raise EventFileError(str(path), number, str(exc)) from exc


def _index(path: PathLike, offsets: bool) -> dict[str, list[_Record]]:
    """All events by document, documents in order of first appearance."""
    index: dict[str, list[_Record]] = {}
    for doc_id, record in _read(path, _Interner(), offsets):
        index.setdefault(doc_id, []).append(record)
    return index


def _runs(path: PathLike, offsets: bool) -> Iterator[tuple[str, list[_Record]]]:
    """Consecutive events of one document, as (doc_id, events)."""
    current: str | None = None
    run: list[_Record] = []
    for doc_id, record in _read(path, offsets=offsets):
        if doc_id != current:
            if current is not None:
                yield current, run
            current, run = doc_id, []
        run.append(record)
    if current is not None:
        yield current, run


# --- pairing --------------------------------------------------------------------------------------


def _overlap(a: tuple[tuple[int, int], ...], b: tuple[tuple[int, int], ...]) -> int:
    """Characters of evidence the two events share."""
    total = 0
    for start_a, end_a in a:
        for start_b, end_b in b:
            total += max(0, min(end_a, end_b) - max(start_a, start_b))
    return total


def _pair_records(old: list[_Record], new: list[_Record]) -> dict[int, int]:
    """Old position -> new position: same event_id first, then largest evidence overlap.

    Overlap ties go to the earlier old event, then the earlier new event, so the result does not
    depend on anything but the two files.
    """
    waiting: dict[str, list[int]] = {}
    for j in range(len(new) - 1, -1, -1):
        waiting.setdefault(new[j].event_id, []).append(j)
    pairs: dict[int, int] = {}
    for i, record in enumerate(old):
        candidates = waiting.get(record.event_id)
        if candidates:
            pairs[i] = candidates.pop()
    if len(pairs) == len(old) or len(pairs) == len(new):
        return pairs
    taken = set(pairs.values())
    old_left = [i for i in range(len(old)) if i not in pairs]
    new_left = [j for j in range(len(new)) if j not in taken]
    scored = sorted(
        (-shared, i, j) for i in old_left for j in new_left if (shared := _overlap(old[i].spans, new[j].spans)) > 0
    )
    for _, i, j in scored:
        if i not in pairs and j not in taken:
            pairs[i] = j
            taken.add(j)
    return pairs


# --- differences ----------------------------------------------------------------------------------


def _listed(value: _Stored) -> FieldValue:
    return list(value) if isinstance(value, tuple) else value


def _present(value: _Stored) -> bool:
    return value is not None and value != ()


def _changes(old: _Record, new: _Record) -> list[FieldChange]:
    return [
        FieldChange(field=name, old=_listed(a), new=_listed(b))
        for name, a, b in zip(COMPARED_FIELDS, old.compared(), new.compared(), strict=True)
        if a != b
    ]


def _contents(record: _Record, *, added: bool) -> list[FieldChange]:
    changes: list[FieldChange] = []
    for name, value in zip(COMPARED_FIELDS, record.compared(), strict=True):
        if _present(value):
            shown = _listed(value)
            changes.append(
                FieldChange(field=name, old=None, new=shown) if added else FieldChange(field=name, old=shown, new=None)
            )
    return changes


# An unchanged pair, kept as (old event_id, new event_id) until it is yielded: a diff of two
# near-identical 100,000-event files must not hold 100,000 models.
_Same = tuple[str, str]
_Entry = Difference | _Same


def _diff_document(doc_id: str, old: list[_Record], new: list[_Record], include_unchanged: bool) -> list[_Entry]:
    """Differences of one document, in event order.

    Paired and removed events follow the old order; an added event comes just before the old
    partner of the next paired event after it in the new file (after any removal there), so an
    insertion shows where it happened and a replacement reads "removed, then added", as in a
    line diff.
    """
    pairs = _pair_records(old, new)
    keyed: list[tuple[tuple[int, int, int], _Entry]] = []
    for i, record in enumerate(old):
        j = pairs.get(i)
        if j is None:
            removed = Difference(
                kind="removed",
                doc_id=doc_id,
                event_id_old=record.event_id,
                event_id_new=None,
                changes=_contents(record, added=False),
            )
            keyed.append(((i, 1, 0), removed))
            continue
        partner = new[j]
        if record.same_as(partner):
            if include_unchanged:
                keyed.append(((i, 1, j), (record.event_id, partner.event_id)))
            continue
        changed = Difference(
            kind="changed",
            doc_id=doc_id,
            event_id_old=record.event_id,
            event_id_new=partner.event_id,
            changes=_changes(record, partner),
        )
        keyed.append(((i, 1, j), changed))
    old_of_new = {j: i for i, j in pairs.items()}
    anchor = len(old)
    for j in range(len(new) - 1, -1, -1):
        record = new[j]
        if j in old_of_new:
            anchor = old_of_new[j]
            continue
        added = Difference(
            kind="added",
            doc_id=doc_id,
            event_id_old=None,
            event_id_new=record.event_id,
            changes=_contents(record, added=True),
        )
        keyed.append(((anchor, 0, j), added))
    keyed.sort(key=lambda item: item[0])
    return [entry for _, entry in keyed]


def _differences(doc_id: str, entries: list[_Entry]) -> Iterator[Difference]:
    for entry in entries:
        if isinstance(entry, Difference):
            yield entry
        else:
            old_id, new_id = entry
            yield Difference(
                kind="unchanged",
                doc_id=doc_id,
                event_id_old=old_id,
                event_id_new=new_id,
                changes=[],
            )


def _diff_streaming(
    old_index: dict[str, list[_Record]], new_path: PathLike, include_unchanged: bool, offsets: bool
) -> dict[str, list[_Entry]] | None:
    """Differences per document present in the new file; None when the new file is not grouped."""
    results: dict[str, list[_Entry]] = {}
    for doc_id, run in _runs(new_path, offsets):
        if doc_id in results:
            return None
        results[doc_id] = _diff_document(doc_id, old_index.get(doc_id, []), run, include_unchanged)
    return results


def diff_events(
    old_path: PathLike, new_path: PathLike, *, include_unchanged: bool = False, offsets: bool = False
) -> Iterator[Difference]:
    """The differences from `old_path` to `new_path`, document by document.

    Documents come in the order of the old file, then documents only the new file has, in its
    order. Raises EventFileError (path, line, reason) on a file that cannot be read, a line that
    is not a JSON object, or an event without `event_id` / `doc_id`. With `include_unchanged`,
    paired events without changes are yielded too (kind "unchanged"), for `render_stat`. With
    `offsets`, evidence that moved in the text (same sentences, other offsets) is a change.
    """
    old_index = _index(old_path, offsets)
    results = _diff_streaming(old_index, new_path, include_unchanged, offsets)
    if results is None:
        new_index = _index(new_path, offsets)
        results = {
            doc_id: _diff_document(doc_id, old_index.get(doc_id, []), events, include_unchanged)
            for doc_id, events in new_index.items()
        }
    for doc_id in list(old_index):
        events = old_index.pop(doc_id)
        found = results.pop(doc_id, None)
        if found is None:
            found = _diff_document(doc_id, events, [], include_unchanged)
        yield from _differences(doc_id, found)
    for doc_id, found in results.items():
        yield from _differences(doc_id, found)


# --- rendering ------------------------------------------------------------------------------------

_KIND_STYLES: Final = {"added": "green", "removed": "red", "changed": "yellow"}
_SHORT_ID: Final = 12
_SUMMARY_FIELDS: Final = ("event_date", "event_type", "location.name", "actors", "fatalities")


def _shown(value: FieldValue) -> str:
    if value is None:
        return "-"
    if isinstance(value, list):
        return ", ".join(_text(item) for item in value) or "[]"
    return str(value)


def _event_label(difference: Difference) -> str:
    old = (difference.event_id_old or "")[:_SHORT_ID]
    new = (difference.event_id_new or "")[:_SHORT_ID]
    if not old or not new or old == new:
        return old or new
    return f"{old} → {new}"


def _picture(changes: list[FieldChange], *, added: bool) -> str:
    """One line for an added or removed event: its date, type, place, actors and toll."""
    values = {change.field: change.new if added else change.old for change in changes}
    parts = [_shown(values[name]) for name in _SUMMARY_FIELDS if name in values]
    if "fatalities" in values:
        parts[-1] += " killed"
    return " · ".join(parts)


def _doc_table(doc_id: str, differences: list[Difference]) -> Table:
    table = Table(title=Text(doc_id), title_justify="left")
    table.add_column("kind")
    table.add_column("event")
    table.add_column("field")
    table.add_column("old → new", overflow="fold")
    for difference in differences:
        style = _KIND_STYLES.get(difference.kind, "")
        kind = Text(difference.kind, style=style)
        label = Text(_event_label(difference))
        if difference.kind == "added":
            value = "- → " + _picture(difference.changes, added=True)
            table.add_row(kind, label, Text(""), Text(value))
        elif difference.kind == "removed":
            value = _picture(difference.changes, added=False) + " → -"
            table.add_row(kind, label, Text(""), Text(value))
        else:
            for number, change in enumerate(difference.changes):
                first = number == 0
                table.add_row(
                    kind if first else Text(""),
                    label if first else Text(""),
                    Text(change.field),
                    Text(f"{_shown(change.old)} → {_shown(change.new)}"),
                )
    return table


def render_table(differences: Iterable[Difference], console: Console) -> None:
    """One table per document, for a person reading a terminal."""
    doc_id: str | None = None
    batch: list[Difference] = []
    for difference in differences:
        if difference.kind == "unchanged":
            continue
        if difference.doc_id != doc_id and batch:
            console.print(_doc_table(batch[0].doc_id, batch))
            batch = []
        doc_id = difference.doc_id
        batch.append(difference)
    if batch:
        console.print(_doc_table(batch[0].doc_id, batch))


def render_json(differences: Iterable[Difference], out: TextIO) -> None:
    """One JSON object per difference per line, for machines (unchanged events are skipped)."""
    for difference in differences:
        if difference.kind != "unchanged":
            out.write(difference.model_dump_json() + "\n")


@dataclass(frozen=True)
class DiffStat:
    added: int = 0
    removed: int = 0
    changed: int = 0
    unchanged: int = 0

    @property
    def compared(self) -> int:
        return self.added + self.removed + self.changed + self.unchanged


def count_differences(differences: Iterable[Difference]) -> DiffStat:
    """Tally by kind; `unchanged` is only right if the diff was run with include_unchanged."""
    tally = {"added": 0, "removed": 0, "changed": 0, "unchanged": 0}
    for difference in differences:
        tally[difference.kind] += 1
    return DiffStat(**tally)


def render_stat(differences: Iterable[Difference]) -> str:
    """One line: "12 events compared: 1 added, 0 removed, 2 changed, 9 unchanged"."""
    stat = count_differences(differences)
    return (
        f"{stat.compared} events compared: {stat.added} added, {stat.removed} removed, "
        f"{stat.changed} changed, {stat.unchanged} unchanged"
    )


def stat_json(stat: DiffStat) -> str:
    """The counts as one JSON object, for `diff --stat --json`."""
    return json.dumps(
        {
            "compared": stat.compared,
            "added": stat.added,
            "removed": stat.removed,
            "changed": stat.changed,
            "unchanged": stat.unchanged,
        }
    )

"""Which rules made an event's fields: `extract --explain`.

Every stage attaches to each span it finds a hit naming the rule that found it: a trigger's `id`
in `gazetteer/triggers/<lang>.yaml`, a casualty or date pattern's name, a place or actor rule. The
assembly chooses among those spans. This module reads the choice back from the finished event: the
spans at the offsets the event records (its location's mention, each actor, each casualty), the
date span whose text is the event's `date_text`, and the triggers of the event's type in its
evidence sentences; each becomes `"<stage>:<rule> '<text>'@<offset>"`. A field the assembly
filled with no span behind it says how: `default:publication` (a date from the publication day
or week), `default:capital` (a country-only story placed at the capital), `implied` (an actor
the text names only through its victims or its act). Fields left empty have no entry.

The event's record is unchanged but for the added `explain` object, and its `event_id` is the
one it has without `--explain`.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Span

from sahel_extract.components.common import ACTORS, CASUALTIES, DATES, PLACES, TRIGGERS, payload, text_of
from sahel_extract.models import Event

STAGE_NAMES = {PLACES: "place", ACTORS: "actor", DATES: "date", CASUALTIES: "casualty", TRIGGERS: "trigger"}


def explained(doc: Doc, events: Iterable[Event]) -> list[Event]:
    """`events` of `doc`, each with its `explain` object."""
    at = {group: _by_offsets(doc, group) for group in STAGE_NAMES}
    return [event.model_copy(update={"explain": _explain(doc, event, at)}) for event in events]


def _by_offsets(doc: Doc, group: str) -> dict[tuple[int, int], Span]:
    if group not in doc.spans:
        return {}
    return {(span.start_char, span.end_char): span for span in doc.spans[group]}


def _named(doc: Doc, group: str, span: Span) -> str:
    rule = getattr(payload(span, group), "rule", "?")
    text = text_of(doc)[span.start_char : span.end_char]
    return f"{STAGE_NAMES[group]}:{rule} '{text}'@{span.start_char}"


def _explain(doc: Doc, event: Event, at: dict[str, dict[tuple[int, int], Span]]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}

    def named_at(group: str, start: int, end: int) -> str | None:
        span = at[group].get((start, end))
        return _named(doc, group, span) if span is not None else None

    sentences = [(e.start, e.end) for e in event.evidence]

    def in_evidence(span: Span) -> bool:
        return any(start <= span.start_char and span.end_char <= end for start, end in sentences)

    triggers = [span for span in at[TRIGGERS].values() if in_evidence(span)]
    of_type = [s for s in triggers if getattr(payload(s, TRIGGERS), "event_type", None) == event.event_type]
    typed = of_type or triggers
    if typed:
        found["event_type"] = [_named(doc, TRIGGERS, span) for span in sorted(typed, key=lambda s: s.start_char)]

    if event.location is not None:
        loc = event.location
        place = named_at(PLACES, loc.start, loc.end) if loc.mention else None
        said = [place or f"place '{loc.mention}'@{loc.start}"] if loc.mention else []
        capital = loc.precision == 3 and loc.mention != loc.name  # a country named: the event goes to its capital
        found["location"] = said + (["default:capital"] if capital or not said else [])

    if event.event_date is not None:
        dates = [span for span in at[DATES].values() if text_of(doc)[span.start_char : span.end_char] == event.date_text]
        dates.sort(key=lambda s: (not in_evidence(s), s.start_char))
        found["event_date"] = [_named(doc, DATES, dates[0])] if dates else ["default:publication"]

    casualties = [named_at(CASUALTIES, c.start, c.end) or f"casualty '{c.text}'@{c.start}" for c in event.casualties]
    if casualties:
        found["casualties"] = casualties
        if event.fatalities is not None:
            killed = [
                named_at(CASUALTIES, c.start, c.end) or f"casualty '{c.text}'@{c.start}"
                for c in event.casualties if c.kind == "killed"
            ]
            found["fatalities"] = killed or casualties

    actors = [
        (named_at(ACTORS, a.start, a.end) if a.mention else None) or (f"actor '{a.mention}'@{a.start}" if a.mention else "implied")
        for a in event.actors
    ]
    if actors:
        found["actors"] = actors
    return found

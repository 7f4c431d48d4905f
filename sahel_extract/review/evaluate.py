"""Score extracted events against a gold file, with the same figures as the independent scorer.

The SPEC asks that `sahel-extract evaluate` agree with `tools/score.py` wherever both measure the
same thing, so every rule here mirrors that scorer: events are paired per document, greedily by a
compatibility score (place or region, date, type, actors) with a pair needing a score of 2, ties
broken by the highest gold index and then the highest predicted index (what a reverse sort of
(score, gold index, predicted index) does); recall counts core gold events only; predictions
flagged `historical` or `aggregate` that find no partner are not false positives.

What this module adds is the why behind a figure: for every field, the pairs that got it wrong,
and the gold events missed and the predictions nobody asked for.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Literal

from pydantic import BaseModel, Field

from sahel_extract.errors import EventFileError
from sahel_extract.review.canon import ActorCanon
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

# A pair of events must agree on at least this much (place counts 2, region 1, date 1, type 1,
# actors 1) to be the same incident.
MIN_PAIR_SCORE: Final = 2
PLACE_RADIUS_KM: Final = 10.0
# Spelling variants of one place (Tin-Hamma / Tin Hama) are close; distinct short names are not
# compared fuzzily at all.
PLACE_SIMILARITY: Final = 0.85
PLACE_FUZZY_MIN_LENGTH: Final = 5
WEEK_TOLERANCE_DAYS: Final = 3
SOFT_FLAGS: Final = frozenset({"historical", "aggregate"})
ROUND_DIGITS: Final = 3

# The keys and order of the scorer's JSON line.
FIGURE_KEYS: Final = (
    "docs",
    "gold_core",
    "pred",
    "recall",
    "precision",
    "place",
    "admin1",
    "date",
    "type",
    "killed",
    "actors_f1",
    "initiator",
)
ERROR_FIELDS: Final = ("missed", "spurious", "place", "admin1", "date", "type", "killed", "actors", "initiator")

Coords = tuple[float, float]
ErrorValue = str | int | float | list[str] | None


# --- views of one event, reduced to what scoring reads ---------------------------------------


@dataclass(frozen=True, slots=True)
class GoldEvent:
    index: int
    date: str | None
    precision: str | None
    place: str | None
    admin1: str | None
    coords: Coords | None
    actors: frozenset[str | None]
    # The canonical name of the first gold actor: gold lists the initiator first.
    initiator: str | None
    killed: int | float | None
    type: str | None
    core: bool


@dataclass(frozen=True, slots=True)
class PredEvent:
    index: int
    event_id: str | None
    date: str | None
    place: str | None
    admin1: str | None
    coords: Coords | None
    actors: frozenset[str | None]
    initiators: frozenset[str | None]
    killed: int | float | None
    type: str | None
    soft: bool


# --- field rules -------------------------------------------------------------------------------

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def normalise_name(text: str | None) -> str:
    """ASCII, lower case, letters and digits only: "Ménaka" and "Menaka" are one name."""
    ascii_text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    return _NON_ALNUM.sub("", ascii_text.lower())


def distance_km(a: Coords, b: Coords) -> float:
    """Great-circle distance, written as the scorer writes it so that both round alike at 10 km."""
    (lat1, lon1), (lat2, lon2) = a, b
    rad = math.pi / 180
    h = (
        math.sin((lat2 - lat1) * rad / 2) ** 2
        + math.cos(lat1 * rad) * math.cos(lat2 * rad) * math.sin((lon2 - lon1) * rad / 2) ** 2
    )
    return 12742 * math.asin(math.sqrt(h))


def place_matches(gold: GoldEvent, pred: PredEvent) -> bool:
    """Same name up to spelling, or coordinates within 10 km (a renamed or misspelt village)."""
    if gold.place and pred.place:
        a, b = normalise_name(gold.place), normalise_name(pred.place)
        if a == b:
            return True
        if (
            min(len(a), len(b)) >= PLACE_FUZZY_MIN_LENGTH
            and difflib.SequenceMatcher(None, a, b).ratio() >= PLACE_SIMILARITY
        ):
            return True
    if gold.coords and pred.coords:
        return distance_km(gold.coords, pred.coords) <= PLACE_RADIUS_KM
    return False


def admin1_matches(gold: GoldEvent, pred: PredEvent) -> bool:
    return bool(gold.admin1) and normalise_name(gold.admin1) == normalise_name(pred.admin1)


def date_matches(gold: GoldEvent, pred: PredEvent) -> bool:
    """Equal at the coarser of the two precisions; a gold week or month accepts its whole span."""
    gold_date, pred_date = gold.date, pred.date
    if not gold_date or not pred_date:
        return False
    common = min(len(gold_date), len(pred_date))
    if common < len("YYYY-MM-DD"):
        return gold_date[:common] == pred_date[:common]
    if gold.precision == "month":
        return gold_date[:7] == pred_date[:7]
    if gold.precision == "week":
        try:
            days = (dt.date.fromisoformat(gold_date) - dt.date.fromisoformat(pred_date)).days
        except ValueError:
            return False
        return abs(days) <= WEEK_TOLERANCE_DAYS
    return gold_date == pred_date


def type_matches(gold: GoldEvent, pred: PredEvent) -> bool:
    return bool(gold.type) and gold.type == pred.type


def initiator_applies(gold: GoldEvent) -> bool:
    """Only an event with two sides or more has an initiator worth checking."""
    return bool(gold.initiator) and len(gold.actors) > 1


def initiator_matches(gold: GoldEvent, pred: PredEvent) -> bool:
    return gold.initiator in pred.initiators


def killed_matches(gold: GoldEvent, pred: PredEvent) -> bool:
    """A missing predicted toll counts as 0, so "no deaths" in gold is met by silence."""
    return (pred.killed if pred.killed is not None else 0) == gold.killed


def compatibility(gold: GoldEvent, pred: PredEvent) -> int:
    score = 2 if place_matches(gold, pred) else int(admin1_matches(gold, pred))
    score += date_matches(gold, pred)
    score += type_matches(gold, pred)
    score += bool(gold.actors & pred.actors)
    return score


def pair_events(golds: Sequence[GoldEvent], preds: Sequence[PredEvent]) -> list[tuple[int, int]]:
    """Greedy pairing, best score first; returns (gold index, predicted index) in pairing order.

    The tie order (higher gold index, then higher predicted index first) is the scorer's, kept
    so that both pick the same partner when two predictions are equally good.
    """
    scored = sorted(
        ((compatibility(gold, pred), i, j) for i, gold in enumerate(golds) for j, pred in enumerate(preds)),
        reverse=True,
    )
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for score, i, j in scored:
        if score < MIN_PAIR_SCORE:
            break
        if i in used_gold or j in used_pred:
            continue
        used_gold.add(i)
        used_pred.add(j)
        pairs.append((i, j))
    return pairs


# --- the report ---------------------------------------------------------------------------------


class FieldTally(BaseModel):
    """Pairs whose gold event has the field (`n`), and how many of them agree (`ok`)."""

    ok: int = 0
    n: int = 0


class Counts(BaseModel):
    """The raw tallies behind every figure, so that a ratio can be checked by hand."""

    gold_core: int = 0
    gold_core_found: int = 0
    pred: int = 0
    pred_unmatched_hard: int = 0
    pred_ignored: int = Field(0, description="predictions in documents the gold file lacks")
    pairs: int = 0
    place: FieldTally = Field(default_factory=FieldTally)
    admin1: FieldTally = Field(default_factory=FieldTally)
    date: FieldTally = Field(default_factory=FieldTally)
    type: FieldTally = Field(default_factory=FieldTally)
    killed: FieldTally = Field(default_factory=FieldTally)
    initiator: FieldTally = Field(
        default_factory=FieldTally, description="pairs whose gold names two or more actors"
    )
    actors_tp: int = 0
    actors_fp: int = 0
    actors_fn: int = 0


class ErrorExample(BaseModel):
    """One wrong field of a matched pair, or one missed / spurious event."""

    doc_id: str
    gold: ErrorValue
    predicted: ErrorValue
    gold_index: int | None = Field(None, description="position of the event in its gold record")
    event_id: str | None = Field(None, description="event_id of the predicted event")


class EvaluationReport(BaseModel):
    """The scorer's figures (rounded as it rounds them) plus the tallies and error listings."""

    docs: int
    gold_core: int
    pred: int
    recall: float | None
    precision: float | None
    place: float | None
    admin1: float | None
    date: float | None
    type: float | None
    killed: float | None
    actors_f1: float
    initiator: float | None
    counts: Counts
    errors: dict[str, list[ErrorExample]] = Field(default_factory=dict)

    def figures(self) -> dict[str, int | float | None]:
        """The scorer's JSON object: same keys, same order, same rounding."""
        return {key: getattr(self, key) for key in FIGURE_KEYS}

    def exact_figures(self) -> dict[str, int | float | None]:
        """The same figures before rounding."""
        return _figures(len_docs=self.docs, counts=self.counts, digits=None)


def _ratio(numerator: int, denominator: int, digits: int | None) -> float | None:
    if not denominator:
        return None
    value = numerator / denominator
    return value if digits is None else round(value, digits)


def _figures(*, len_docs: int, counts: Counts, digits: int | None) -> dict[str, int | float | None]:
    c = counts
    found = c.actors_tp + c.actors_fp
    expected = c.actors_tp + c.actors_fn
    actor_precision = c.actors_tp / found if found else 0.0
    actor_recall = c.actors_tp / expected if expected else 0.0
    if actor_precision + actor_recall:
        f1 = 2 * actor_precision * actor_recall / (actor_precision + actor_recall)
        actors_f1 = f1 if digits is None else round(f1, digits)
    else:
        actors_f1 = 0.0
    return {
        "docs": len_docs,
        "gold_core": c.gold_core,
        "pred": c.pred,
        "recall": _ratio(c.gold_core_found, c.gold_core, digits),
        "precision": _ratio(c.pairs, c.pairs + c.pred_unmatched_hard, digits),
        "place": _ratio(c.place.ok, c.place.n, digits),
        "admin1": _ratio(c.admin1.ok, c.admin1.n, digits),
        "date": _ratio(c.date.ok, c.date.n, digits),
        "type": _ratio(c.type.ok, c.type.n, digits),
        "killed": _ratio(c.killed.ok, c.killed.n, digits),
        "actors_f1": actors_f1,
        "initiator": _ratio(c.initiator.ok, c.initiator.n, digits),
    }


# --- reading -------------------------------------------------------------------------------------


def _actor_names(event: dict[str, Any]) -> list[str]:
    """Gold actors are names; objects with a `name` (our own record shape) are accepted too."""
    raw = event.get("actors")
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise RecordError("'actors' must be a list")
    names: list[str] = []
    for item in raw:
        name = item.get("name") if isinstance(item, dict) else item
        if not isinstance(name, str):
            raise RecordError("'actors' must hold names (strings)")
        names.append(name)
    return names


def _coords(obj: dict[str, Any]) -> Coords | None:
    latitude, longitude = get_number(obj, "latitude"), get_number(obj, "longitude")
    if latitude is None or longitude is None:
        return None
    return (float(latitude), float(longitude))


def _gold_date(event: dict[str, Any]) -> str | None:
    """A bare year written as a number (2012) is read as the string the scorer compares."""
    value = event.get("date")
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return get_str(event, "date")


def _gold_event(index: int, event: dict[str, Any], canon: ActorCanon) -> GoldEvent:
    core = event.get("core")
    names = _actor_names(event)
    return GoldEvent(
        index=index,
        date=_gold_date(event),
        precision=get_str(event, "date_precision"),
        place=get_str(event, "place"),
        admin1=get_str(event, "admin1"),
        coords=_coords(event),
        actors=frozenset(canon.canonical(name) for name in names),
        initiator=canon.canonical(names[0]) if names else None,
        killed=get_number(event, "killed"),
        type=get_str(event, "event_type"),
        core=True if core is None else bool(core),
    )


def _gold_key(record: dict[str, Any]) -> str:
    """`doc_id`, or the stem of `article` (a path to the article file), as the scorer keys."""
    doc_id = get_str(record, "doc_id")
    if doc_id:
        return doc_id
    article = get_str(record, "article")
    if article is None:
        raise RecordError("missing 'doc_id' (or 'article')")
    return Path(article).stem


def read_gold(path: PathLike, canon: ActorCanon) -> dict[str, list[GoldEvent]]:
    """Gold events by document; a repeated document replaces the earlier one, as in the scorer."""
    gold: dict[str, list[GoldEvent]] = {}
    for number, record in iter_objects(path):
        try:
            key = _gold_key(record)
            if "events" not in record:
                raise RecordError("missing 'events'")
            events = get_objects(record, "events")
            gold[key] = [_gold_event(i, event, canon) for i, event in enumerate(events)]
        except RecordError as exc:
            raise EventFileError(str(path), number, str(exc)) from exc
    return gold


def _pred_event(index: int, record: dict[str, Any], canon: ActorCanon) -> PredEvent:
    location = get_object(record, "location") or {}
    actors: set[str | None] = set()
    initiators: set[str | None] = set()
    for actor in get_objects(record, "actors"):
        name = get_str(actor, "name")
        if name:
            actors.add(canon.canonical(name))
            if get_str(actor, "role") == "initiator":
                initiators.add(canon.canonical(name))
    return PredEvent(
        index=index,
        event_id=get_str(record, "event_id"),
        date=get_str(record, "event_date"),
        place=get_str(location, "name"),
        admin1=get_str(location, "admin1"),
        coords=_coords(location),
        actors=frozenset(actors),
        initiators=frozenset(initiators),
        killed=get_number(record, "fatalities"),
        type=get_str(record, "event_type"),
        soft=bool(SOFT_FLAGS.intersection(get_strings(record, "flags"))),
    )


def read_predictions(
    path: PathLike, documents: Iterable[str], canon: ActorCanon
) -> tuple[dict[str, list[PredEvent]], int]:
    """Predicted events of the given documents, and how many others were skipped.

    Only the documents the gold file names are kept in memory: a prediction file may cover a
    whole corpus while the gold file covers a sample.
    """
    wanted = set(documents)
    preds: dict[str, list[PredEvent]] = {}
    ignored = 0
    for number, record in iter_objects(path):
        try:
            doc_id = require_str(record, "doc_id")
            if doc_id not in wanted:
                ignored += 1
                continue
            events = preds.setdefault(doc_id, [])
            events.append(_pred_event(len(events), record, canon))
        except RecordError as exc:
            raise EventFileError(str(path), number, str(exc)) from exc
    return preds, ignored


# --- scoring -------------------------------------------------------------------------------------


def _describe(date: str | None, place: str | None, admin1: str | None, type_: str | None, actors: list[str]) -> str:
    """A one-line picture of an event for the missed / spurious listings."""
    where = ", ".join(part for part in (place, admin1) if part)
    parts = (date or "no date", where or "no place", type_ or "no type", ", ".join(actors))
    return " | ".join(part for part in parts if part)


def _actor_list(actors: frozenset[str | None]) -> list[str]:
    return sorted(name or "" for name in actors)


@dataclass
class _ErrorLog:
    """Keeps the first `limit` examples per field; a limit of 0 keeps nothing."""

    limit: int

    def __post_init__(self) -> None:
        self.examples: dict[str, list[ErrorExample]] = {name: [] for name in ERROR_FIELDS} if self.limit > 0 else {}

    def add(
        self,
        field: str,
        doc_id: str,
        gold_event: GoldEvent | None,
        pred_event: PredEvent | None,
        *,
        gold: ErrorValue,
        predicted: ErrorValue,
    ) -> None:
        examples = self.examples.get(field)
        if examples is None or len(examples) >= self.limit:
            return
        examples.append(
            ErrorExample(
                doc_id=doc_id,
                gold=gold,
                predicted=predicted,
                gold_index=gold_event.index if gold_event else None,
                event_id=pred_event.event_id if pred_event else None,
            )
        )


@dataclass(frozen=True)
class _FieldRule:
    """How one field of a pair is scored: when gold has it, when the prediction agrees, and what
    to show when it does not."""

    name: Literal["place", "admin1", "date", "type", "killed", "initiator"]
    applies: Callable[[GoldEvent], bool]
    matches: Callable[[GoldEvent, PredEvent], bool]
    shown: Callable[[GoldEvent, PredEvent], tuple[ErrorValue, ErrorValue]]


def _shown_date(gold: GoldEvent, pred: PredEvent) -> tuple[ErrorValue, ErrorValue]:
    return (f"{gold.date} ({gold.precision})" if gold.precision else gold.date), pred.date


# Place is scored on every pair (the scorer's denominator for place is all pairs); the other
# fields only where the gold event states them.
_FIELD_RULES: Final = (
    _FieldRule("place", lambda g: True, place_matches, lambda g, p: (g.place, p.place)),
    _FieldRule("admin1", lambda g: bool(g.admin1), admin1_matches, lambda g, p: (g.admin1, p.admin1)),
    _FieldRule("date", lambda g: bool(g.date), date_matches, _shown_date),
    _FieldRule("type", lambda g: bool(g.type), type_matches, lambda g, p: (g.type, p.type)),
    _FieldRule(
        "killed",
        lambda g: g.killed is not None,
        killed_matches,
        lambda g, p: (g.killed, p.killed),
    ),
    _FieldRule(
        "initiator",
        initiator_applies,
        initiator_matches,
        lambda g, p: (g.initiator, _actor_list(p.initiators)),
    ),
)


def _score_pair(doc_id: str, gold: GoldEvent, pred: PredEvent, counts: Counts, log: _ErrorLog) -> None:
    counts.pairs += 1
    for rule in _FIELD_RULES:
        if not rule.applies(gold):
            continue
        tally: FieldTally = getattr(counts, rule.name)
        tally.n += 1
        if rule.matches(gold, pred):
            tally.ok += 1
        else:
            gold_value, pred_value = rule.shown(gold, pred)
            log.add(rule.name, doc_id, gold, pred, gold=gold_value, predicted=pred_value)
    counts.actors_tp += len(gold.actors & pred.actors)
    counts.actors_fp += len(pred.actors - gold.actors)
    counts.actors_fn += len(gold.actors - pred.actors)
    if gold.actors != pred.actors:
        log.add(
            "actors",
            doc_id,
            gold,
            pred,
            gold=_actor_list(gold.actors),
            predicted=_actor_list(pred.actors),
        )


def _score_document(
    doc_id: str,
    golds: list[GoldEvent],
    preds: list[PredEvent],
    counts: Counts,
    log: _ErrorLog,
) -> None:
    pairs = pair_events(golds, preds)
    paired_gold = {i for i, _ in pairs}
    paired_pred = {j for _, j in pairs}
    counts.gold_core += sum(gold.core for gold in golds)
    counts.gold_core_found += sum(golds[i].core for i in paired_gold)
    counts.pred += len(preds)
    for gold in golds:
        if gold.core and gold.index not in paired_gold:
            picture = _describe(gold.date, gold.place, gold.admin1, gold.type, _actor_list(gold.actors))
            log.add("missed", doc_id, gold, None, gold=picture, predicted=None)
    for pred in preds:
        if pred.index not in paired_pred and not pred.soft:
            counts.pred_unmatched_hard += 1
            picture = _describe(pred.date, pred.place, pred.admin1, pred.type, _actor_list(pred.actors))
            log.add("spurious", doc_id, None, pred, gold=None, predicted=picture)
    for i, j in sorted(pairs):
        _score_pair(doc_id, golds[i], preds[j], counts, log)


def evaluate(gold_path: PathLike, pred_path: PathLike, *, errors_limit: int = 20) -> EvaluationReport:
    """Score the predictions in `pred_path` against the gold file `gold_path`.

    Raises EventFileError when either file cannot be read or a line is malformed. Predictions
    for documents the gold file does not name are skipped (counted in `counts.pred_ignored`).
    `errors_limit` caps each error listing; 0 skips them.
    """
    canon = ActorCanon()
    gold = read_gold(gold_path, canon)
    preds, ignored = read_predictions(pred_path, gold, canon)
    counts = Counts(pred_ignored=ignored)
    log = _ErrorLog(max(errors_limit, 0))
    for doc_id, golds in gold.items():
        _score_document(doc_id, golds, preds.get(doc_id, []), counts, log)
    figures = _figures(len_docs=len(gold), counts=counts, digits=ROUND_DIGITS)
    return EvaluationReport.model_validate({**figures, "counts": counts, "errors": log.examples})

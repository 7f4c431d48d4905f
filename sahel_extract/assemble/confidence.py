"""Confidence: how sure an event is, from which of its fields were found and how (the README's table)."""

from __future__ import annotations

from sahel_extract.components.common import DateHit
from sahel_extract.models import ActorMention, Location


def confidence(
    location: Location | None,
    in_gazetteer: bool,
    actors: list[ActorMention],
    date_hit: DateHit | None,
    defaulted: bool,
    fatalities: int | None,
) -> float:
    """A documented, additive score: which fields were found and how (see README)."""
    score = 0.2
    if location is not None:
        score += 0.25 if in_gazetteer else 0.12
        if location.precision == 1:
            score += 0.05
    if actors:
        named = any(a.name not in ("Unidentified armed group", "Civilians") and a.mention for a in actors)
        score += 0.2 if named else 0.1
    if date_hit is not None and date_hit.value:
        score += 0.05 if defaulted else 0.2
    if fatalities is not None:
        score += 0.1
    return round(min(1.0, score), 2)

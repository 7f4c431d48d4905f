"""`dates/<lang>.yaml`: the words around a date that say what kind of day it is.

The date rules themselves (day-month-year shapes, weekdays) are code; which words make a date the
day of a statement, a page stamp, a night or a period told relative to publication are per
language data, so that a new language or a new newsroom habit is a data change.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from sahel_extract.resources.loader import HEADER_KEYS, check_top_level, load_yaml, mapping_value, validate

Phrase = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Period = Literal["this_week", "last_week", "weekend", "last_weekend", "this_month", "last_month"]


class DateCues(BaseModel):
    """The cue lists of one language (see gazetteer/README.md, `dates/<lang>.yaml`)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    statement_before: Annotated[list[Phrase], Field(min_length=1)]
    statement_after: list[Phrase] = []
    clause_openers: list[Phrase] = []
    event_nouns: list[Phrase] = []
    stamp_before: list[Phrase] = []
    caption_after: list[Phrase] = []
    # "in February 2015. Since then, …": the date opens a period that runs to the article's "now"
    period_start_after: list[Phrase] = []
    night_before: list[Phrase] = []
    range_joiners: list[Phrase] = []
    relative_days: dict[Phrase, Annotated[int, Field(ge=0, le=7)]] = {}
    anaphoric_days: dict[Phrase, Annotated[int, Field(ge=-7, le=7)]] = {}
    # "The assault came a day after an attack in Bamako": the place named next had its incident this
    # many days before the day just told; with no day told before, nothing
    eve_of_next: dict[Phrase, Annotated[int, Field(ge=1, le=7)]] = {}
    anaphoric_blockers: list[Phrase] = []
    anaphoric_months: dict[Phrase, Annotated[int, Field(ge=-12, le=12)]] = {}
    deadline_before: list[Phrase] = []
    not_a_day_after: list[Phrase] = []
    relative_periods: dict[Phrase, Period] = {}
    last_words: list[Phrase] = []


def load_date_cues(path: Path) -> DateCues:
    """Validate `dates/<lang>.yaml`; a broken file fails here with its line and field."""
    loaded = load_yaml(path)
    check_top_level(loaded, HEADER_KEYS | {"cues", "words"})  # `words:` is read by `stage_words`
    data = loaded.data.get("cues") if isinstance(loaded.data, dict) else None
    return validate(DateCues, data, path, 1, mapping_value(loaded.node, "cues"))

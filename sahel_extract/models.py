"""The records that cross the library boundary: articles in, events out.

Every result is a pydantic model (never a loose dict) so that the JSON Schema printed by
`sahel-extract schema` is the one the writer obeys.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import SkipJsonSchema

SCHEMA_ID: Literal["sahel-extract/event@1"] = "sahel-extract/event@1"

EventType = Literal[
    "Battles",
    "Violence against civilians",
    "Explosions/Remote violence",
    "Protests",
    "Riots",
    "Strategic developments",
]

ActorType = Literal[
    "State forces",
    "Rebel group",
    "Political militia",
    "Identity militia",
    "Rioters",
    "Protesters",
    "Civilians",
    "External/Other forces",
]

Role = Literal["initiator", "target", "associated"]
DatePrecision = Literal["day", "week", "month", "year"]
PublishedPrecision = Literal["day", "month"]
PublishedFrom = Literal["json", "front_matter", "marker", "html", "url", "option", "dateline"]
"""Where an article's publication date came from: a JSON field, front matter, the `date` marker,
the page's metadata, the URL path, the caller's `--published`, or the body's dateline."""
CasualtyKind = Literal["killed", "injured", "abducted", "missing", "arrested"]
Flag = Literal[
    "claimed",
    "disputed",
    "historical",
    "aggregate",
    "date_defaulted",
    "not_in_gazetteer",
    "truncated",
]


class Article(BaseModel):
    """One input article; only `text` is required."""

    model_config = ConfigDict(extra="ignore")

    id: str | None = None
    text: str
    published: dt.date | None = None
    # "month" for a month-only date (`date 2024-07`, `"published": "2024-07"`), whose `published` is
    # the month's last day; and where the date came from (see `PublishedFrom`)
    published_precision: PublishedPrecision | None = None
    published_from: PublishedFrom | None = None
    url: str | None = None
    title: str | None = None
    lang: str | None = None
    source: str | None = None


class ActorMention(BaseModel):
    name: str
    full_name: str | None = None
    acled_name: str | None = None
    type: ActorType
    role: Role
    mention: str
    start: int
    end: int


class Location(BaseModel):
    name: str
    country: str | None = None
    country_code: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geonames_id: int | None = None
    precision: Literal[1, 2, 3]
    mention: str
    start: int
    end: int


class Casualty(BaseModel):
    kind: CasualtyKind
    count: int
    low: int
    high: int
    victims: str | None = None
    text: str
    start: int
    end: int


class Evidence(BaseModel):
    sentence: str
    start: int
    end: int


class Source(BaseModel):
    """One article's report of a merged incident, with that article's own toll.

    `url` is where the article came from, as its event's `source` gives it (a URL, a path, or
    `-`); `fatalities` is that article's figure, kept even when the merged record's differs.
    """

    doc_id: str
    event_id: str
    url: str | None = None
    published: str | None = None
    fatalities: int | None = None


def _absent(value: object) -> bool:
    """An optional section left out of the record rather than written as null.

    An unmerged record has no `sources` key at all (not `null`), in JSON and in dicts
    (`extract_partition`), so that `extract` output keeps SPEC §3's fields byte for byte; the same
    for `explain`, written only when asked for. (A wrapping serializer did this before, at twice
    the cost of writing a record.)
    """
    return value is None


class Event(BaseModel):
    """One incident, in the shape of SPEC.md §3.

    `sources` is present only on the output of `merge` (one entry per article reporting the
    incident); `extract` never writes it, so its records keep SPEC §3's fields exactly.
    """

    model_config = ConfigDict(populate_by_name=True)

    schema_: Literal["sahel-extract/event@1"] = Field(default=SCHEMA_ID, alias="schema")
    event_id: str
    doc_id: str
    source: str
    url: str | None = Field(default=None, description="The article's URL, when its input gave one.")
    title: str | None = Field(default=None, description="The article's headline, when its input gave one.")
    published: str | None = None
    event_date: str | None = None
    date_precision: DatePrecision | None = None
    date_text: str | None = None
    event_type: EventType
    sub_event_type: str
    actors: list[ActorMention] = Field(default_factory=list)
    location: Location | None = None
    fatalities: int | None = None
    casualties: list[Casualty] = Field(default_factory=list)
    flags: list[Flag] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)
    confidence: float = Field(ge=0.0, le=1.0)
    extractor: str
    sources: Annotated[list[Source], Field(min_length=1)] | SkipJsonSchema[None] = Field(
        default=None,
        exclude_if=_absent,
        description="Only in `merge` output: every article's report of this incident, earliest first.",
    )
    explain: dict[str, list[str]] | SkipJsonSchema[None] = Field(
        default=None,
        exclude_if=_absent,
        description="Only with `extract --explain`: for each field, the rules and text spans that made it.",
    )

    def to_json(self) -> str:
        """Serialise deterministically: field order fixed by the model, no whitespace drift."""
        return self.model_dump_json(by_alias=True)


SUB_EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": (
        "Armed clash",
        "Government regains territory",
        "Non-state actor overtakes territory",
    ),
    "Violence against civilians": (
        "Sexual violence",
        "Attack",
        "Abduction/forced disappearance",
    ),
    "Explosions/Remote violence": (
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ),
    "Protests": (
        "Peaceful protest",
        "Protest with intervention",
        "Excessive force against protesters",
    ),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ),
}


def event_json_schema() -> dict[str, object]:
    """JSON Schema of the event record, as printed by `sahel-extract schema`."""
    schema = Event.model_json_schema(by_alias=True)
    schema["$id"] = SCHEMA_ID
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema

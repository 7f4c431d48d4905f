"""The actor alias table and the generic descriptions ("soldiers", "gunmen", "villagers")."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from sahel_extract.errors import DataFileError
from sahel_extract.models import ActorType
from sahel_extract.resources.loader import read_yaml, validate

GenericFamily = Literal["state_forces", "unidentified", "civilians", "protesters", "rioters"]


class ActorRecord(BaseModel):
    """One named actor of `actors.yaml`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    full_name: str | None = None
    acled_name: str | None = None
    type: ActorType
    country: str | None = None
    state_forces_of: str | None = None
    parent: str | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    successor: str | None = None
    aliases: dict[str, list[str]] = Field(default_factory=dict)

    def valid_on(self, day: dt.date | None) -> bool:
        if day is None:
            return True
        if self.valid_from and day < self.valid_from:
            return False
        return not (self.valid_to and day > self.valid_to)


class GenericActors(BaseModel):
    """`generic_actors.yaml`: phrases per family and language."""

    model_config = ConfigDict(extra="ignore")

    state_forces: dict[str, list[str]] = Field(default_factory=dict)
    unidentified: dict[str, list[str]] = Field(default_factory=dict)
    civilians: dict[str, list[str]] = Field(default_factory=dict)
    protesters: dict[str, list[str]] = Field(default_factory=dict)
    rioters: dict[str, list[str]] = Field(default_factory=dict)

    def phrases(self, family: GenericFamily, lang: str) -> list[str]:
        table: dict[str, list[str]] = getattr(self, family)
        return table.get(lang, [])


class ActorTable:
    """Named actors by canonical name, and the generic families."""

    def __init__(self, actors: list[ActorRecord], generic: GenericActors, source: str) -> None:
        self.actors = actors
        self.by_name = {a.name: a for a in actors}
        self.generic = generic
        self.source = source
        self.state_forces = {a.state_forces_of: a for a in actors if a.state_forces_of}

    def get(self, name: str) -> ActorRecord | None:
        return self.by_name.get(name)

    def family(self, name: str) -> str:
        """The top of `parent` links: Katiba Macina and JNIM are one side of a fight."""
        seen = {name}
        record = self.by_name.get(name)
        while record is not None and record.parent and record.parent not in seen:
            seen.add(record.parent)
            name = record.parent
            record = self.by_name.get(name)
        return name

    def forces_of(self, country: str | None) -> ActorRecord | None:
        return self.state_forces.get(country) if country else None

    def current(self, record: ActorRecord, day: dt.date | None) -> ActorRecord:
        """Follow `successor` links: Wagner Group after mid-2024 is Africa Corps."""
        seen = {record.name}
        while day is not None and record.valid_to and day > record.valid_to and record.successor:
            nxt = self.by_name.get(record.successor)
            if nxt is None or nxt.name in seen:
                break
            seen.add(nxt.name)
            record = nxt
        return record


def load_actors(actors_path: Path, generic_path: Path) -> ActorTable:
    data, node = read_yaml(actors_path)
    if not isinstance(data, dict) or not isinstance(data.get("actors"), list):
        raise DataFileError(actors_path, 1, "actors", "expected a top-level 'actors:' list")
    from sahel_extract.resources.loader import item_lines

    lines = item_lines(node, "actors")
    records: list[ActorRecord] = []
    seen: set[str] = set()
    for i, item in enumerate(data["actors"]):
        record = validate(ActorRecord, item, actors_path, lines.get(i))
        if record.name in seen:
            raise DataFileError(actors_path, lines.get(i), "name", f"duplicate actor {record.name!r}")
        seen.add(record.name)
        records.append(record)
    for i, record in enumerate(records):
        for field in ("parent", "successor"):
            ref = getattr(record, field)
            if ref and ref not in seen:
                raise DataFileError(actors_path, lines.get(i), field, f"unknown actor {ref!r}")
    generic_data, _ = read_yaml(generic_path)
    generic = validate(GenericActors, generic_data if isinstance(generic_data, dict) else {}, generic_path, None)
    return ActorTable(records, generic, str(actors_path))

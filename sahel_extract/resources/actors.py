"""The actor alias table and the generic descriptions ("soldiers", "gunmen", "villagers")."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from sahel_extract.errors import DataFileError
from sahel_extract.models import ActorType
from sahel_extract.resources.loader import HEADER_KEYS, check_top_level, load_yaml, validate

GenericFamily = Literal["state_forces", "unidentified", "civilians", "protesters", "rioters"]

Phrase = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
"""An alias or phrase: an empty one would be a matcher rule that matches nothing, or everything."""


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
    aliases: dict[str, list[Phrase]] = Field(default_factory=dict)

    def valid_on(self, day: dt.date | None) -> bool:
        if day is None:
            return True
        if self.valid_from and day < self.valid_from:
            return False
        return not (self.valid_to and day > self.valid_to)


class GenericActors(BaseModel):
    """`generic_actors.yaml`: phrases per family and language (a misspelt family is an error)."""

    model_config = ConfigDict(extra="forbid")

    source: str | None = None
    licence: str | None = None
    state_forces: dict[str, list[Phrase]] = Field(default_factory=dict)
    unidentified: dict[str, list[Phrase]] = Field(default_factory=dict)
    civilians: dict[str, list[Phrase]] = Field(default_factory=dict)
    protesters: dict[str, list[Phrase]] = Field(default_factory=dict)
    rioters: dict[str, list[Phrase]] = Field(default_factory=dict)

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
    """The actor table and the generic phrases; every error names file, line and field."""
    loaded = load_yaml(actors_path)
    check_top_level(loaded, HEADER_KEYS | {"actors"})
    records: list[ActorRecord] = []
    lines: list[int | None] = []
    first: dict[str, int | None] = {}
    for item, node in loaded.items("actors"):
        line = None if node is None else node.start_mark.line + 1
        record = validate(ActorRecord, item, actors_path, line, node)
        if record.name in first:
            where = f" (first on line {first[record.name]})" if first[record.name] else ""
            raise DataFileError(actors_path, line, "name", f"actor {record.name} given twice{where}")
        first[record.name] = line
        records.append(record)
        lines.append(line)
    for record, line in zip(records, lines, strict=True):
        for field in ("parent", "successor"):
            ref = getattr(record, field)
            if ref and ref not in first:
                raise DataFileError(actors_path, line, field, f"unknown actor {ref} (no actor of that name)")
    return ActorTable(records, load_generic(generic_path), str(actors_path))


def load_generic(path: Path) -> GenericActors:
    loaded = load_yaml(path)
    if loaded.data is None:
        return GenericActors()
    if not isinstance(loaded.data, dict):
        raise DataFileError(path, 1, None, "expected families (state_forces:, civilians: …) at the top level")
    return validate(GenericActors, loaded.data, path, None, loaded.node)

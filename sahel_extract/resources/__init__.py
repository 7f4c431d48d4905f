"""Everything the pipeline reads from `gazetteer/`, loaded once into one object and passed around."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationInfo, field_validator

from sahel_extract.errors import DataFileError
from sahel_extract.models import SUB_EVENT_TYPES, EventType
from sahel_extract.resources.actors import ActorTable, load_actors
from sahel_extract.resources.assembly_rules import load_assembly_rules
from sahel_extract.resources.casualty_rules import load_casualty_rules
from sahel_extract.resources.languages import Languages, load_languages
from sahel_extract.resources.loader import data_file, default_data_dir, yaml_rows
from sahel_extract.resources.places import Gazetteer, load_gazetteer
from sahel_extract.resources.role_cues import load_role_file
from sahel_extract.resources.stage_words import DATE_SLOTS, PLACE_SLOTS, load_stage_words
from sahel_extract.resources.tolls import load_toll_cues

LANGS = ("en", "fr")
"""The languages whose date cues every article shares, whatever its own (the region's press quotes
across English and French). Which languages exist is data (`languages.yaml`): a language added
there reads its own cues and these, and English and French articles stay as they were."""


class TriggerRule(BaseModel):
    """One entry of `triggers/<lang>.yaml`: words that signal an event of one (sub-)type."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
    terms: Annotated[list[Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]], Field(min_length=1)]
    event_type: EventType
    sub_event_type: str
    remote: bool = False

    @field_validator("sub_event_type")
    @classmethod
    def _known_subtype(cls, value: str, info: ValidationInfo) -> str:
        event_type = info.data.get("event_type")
        if event_type is not None and value not in SUB_EVENT_TYPES[event_type]:
            raise ValueError(f"'{value}' is not a sub-type of '{event_type}'")
        return value


def load_triggers(path: Path) -> list[TriggerRule]:
    rows = yaml_rows(path, "triggers", TriggerRule)
    first: dict[str, int] = {}
    for row in rows:
        if row.record.id in first:
            raise DataFileError(path, row.line, "id", f"trigger id {row.record.id} given twice (first on line {first[row.record.id]})")
        first[row.record.id] = row.line
    return [row.record for row in rows]


@dataclass(frozen=True)
class Resources:
    """The loaded data: built once per process, shared by every pipeline component."""

    data_dir: Path
    languages: Languages
    gazetteer: Gazetteer
    actors: ActorTable
    triggers: dict[str, list[TriggerRule]]

    @classmethod
    def load(cls, data_dir: Path | None = None, actors_file: Path | None = None) -> Resources:
        data_dir = Path(data_dir) if data_dir else default_data_dir()
        if not data_dir.is_dir():
            raise DataFileError(data_dir, None, None, "gazetteer folder not found")
        languages = load_languages(data_dir)
        gazetteer = load_gazetteer(data_dir)
        actors = load_actors(actors_file or data_file(data_dir, "actors.yaml"), data_file(data_dir, "generic_actors.yaml"))
        triggers = {}
        for lang in languages.codes:
            path = data_file(data_dir, f"triggers/{lang}.yaml")
            if path.exists():
                triggers[lang] = load_triggers(path)
        for lang in languages.codes:  # read by the casualty stage; checked here too, for `gazetteer validate`
            path = data_file(data_dir, f"tolls/{lang}.yaml")
            if path.exists():
                load_toll_cues(path)
            path = data_file(data_dir, f"casualties/{lang}.yaml")
            if path.exists():
                load_casualty_rules(path)
            path = data_file(data_dir, f"assembly/{lang}.yaml")
            if path.exists():
                load_assembly_rules(path)
            path = data_file(data_dir, f"places/{lang}.yaml")
            if path.exists():
                load_stage_words(path, PLACE_SLOTS)
            path = data_file(data_dir, f"dates/{lang}.yaml")
            if path.exists():
                load_stage_words(path, DATE_SLOTS, frozenset({"cues"}))
            path = data_file(data_dir, f"roles/{lang}.yaml")
            if path.exists():
                load_role_file(path)
        if "en" not in triggers:
            raise DataFileError(data_dir / "triggers" / "en.yaml", None, None, "missing trigger lexicon")
        return cls(data_dir=data_dir, languages=languages, gazetteer=gazetteer, actors=actors, triggers=triggers)

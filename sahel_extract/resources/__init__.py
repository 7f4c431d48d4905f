"""Everything the pipeline reads from `gazetteer/`, loaded once into one object and passed around."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, model_validator

from sahel_extract.errors import DataFileError
from sahel_extract.models import SUB_EVENT_TYPES, EventType
from sahel_extract.resources.actors import ActorTable, load_actors
from sahel_extract.resources.loader import data_file, default_data_dir, item_lines, read_yaml, validate
from sahel_extract.resources.places import Gazetteer, load_gazetteer

LANGS = ("en", "fr")


class TriggerRule(BaseModel):
    """One entry of `triggers/<lang>.yaml`: words that signal an event of one (sub-)type."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    terms: list[str]
    event_type: EventType
    sub_event_type: str
    remote: bool = False

    @model_validator(mode="after")
    def _known_subtype(self) -> TriggerRule:
        if self.sub_event_type not in SUB_EVENT_TYPES[self.event_type]:
            raise ValueError(f"{self.sub_event_type!r} is not a sub-type of {self.event_type!r}")
        return self


def load_triggers(path: Path) -> list[TriggerRule]:
    data, node = read_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("triggers"), list):
        raise DataFileError(path, 1, "triggers", "expected a top-level 'triggers:' list")
    lines = item_lines(node, "triggers")
    rules = [validate(TriggerRule, item, path, lines.get(i)) for i, item in enumerate(data["triggers"])]
    ids = set()
    for i, rule in enumerate(rules):
        if rule.id in ids:
            raise DataFileError(path, lines.get(i), "id", f"duplicate trigger id {rule.id!r}")
        ids.add(rule.id)
    return rules


@dataclass(frozen=True)
class Resources:
    """The loaded data: built once per process, shared by every pipeline component."""

    data_dir: Path
    gazetteer: Gazetteer
    actors: ActorTable
    triggers: dict[str, list[TriggerRule]]

    @classmethod
    def load(cls, data_dir: Path | None = None, actors_file: Path | None = None) -> Resources:
        data_dir = Path(data_dir) if data_dir else default_data_dir()
        if not data_dir.is_dir():
            raise DataFileError(data_dir, None, None, "gazetteer folder not found")
        gazetteer = load_gazetteer(data_dir)
        actors = load_actors(actors_file or data_file(data_dir, "actors.yaml"), data_file(data_dir, "generic_actors.yaml"))
        triggers = {}
        for lang in LANGS:
            path = data_file(data_dir, f"triggers/{lang}.yaml")
            if path.exists():
                triggers[lang] = load_triggers(path)
        if "en" not in triggers:
            raise DataFileError(data_dir / "triggers" / "en.yaml", None, None, "missing trigger lexicon")
        return cls(data_dir=data_dir, gazetteer=gazetteer, actors=actors, triggers=triggers)

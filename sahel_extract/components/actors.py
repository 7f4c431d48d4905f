"""`sahel_actors`: mark named actors (alias table) and generic descriptions ("gunmen", "soldiers")."""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from sahel_extract.components.common import (
    ACTORS,
    ActorHit,
    PhraseSet,
    attach,
    build_phrase_set,
    longest_first,
    match_phrases,
    set_spans,
)
from sahel_extract.resources.actors import ActorTable, GenericFamily, load_actors
from sahel_extract.resources.loader import data_file, default_data_dir, yaml_list
from sahel_extract.resources.places import CountryRow

GENERIC_FAMILIES: tuple[GenericFamily, ...] = (
    "state_forces",
    "unidentified",
    "civilians",
    "protesters",
    "rioters",
)
GENERIC_PREFIX = "generic:"


class ActorFinder:
    """Matches aliases of every language (English articles quote French names too)."""

    def __init__(self, nlp: Language, table: ActorTable, countries: list[CountryRow]) -> None:
        self.table = table
        entries: list[tuple[str, str]] = []
        for actor in table.actors:
            for phrases in actor.aliases.values():
                entries.extend((actor.name, p) for p in phrases)
            if not self._common_word_name(actor.name, actor.aliases):
                entries.append((actor.name, actor.name))
        for family in GENERIC_FAMILIES:
            for lang in ("en", "fr"):
                entries.extend((GENERIC_PREFIX + family, p) for p in table.generic.phrases(family, lang))
        entries.extend(self._national_forces(table, countries))
        self.phrases: PhraseSet = build_phrase_set(nlp, entries)
        # what a hit of each phrase label marks: the span's label (as the id spaCy keeps) and its
        # payload, the same for every hit of the label (a payload is frozen), built once here
        self.marks: dict[str, tuple[int, ActorHit]] = {label: self._mark(nlp, label) for label in self.phrases.labels.values()}

    def _mark(self, nlp: Language, label: str) -> tuple[int, ActorHit]:
        generic = label.startswith(GENERIC_PREFIX)
        name = label.removeprefix(GENERIC_PREFIX)
        record = None if generic else self.table.get(name)
        hit = ActorHit(
            rule="generic" if generic else "alias", name=name, generic=generic,
            country=record.state_forces_of if record else None,
        )
        return nlp.vocab.strings.add(name), hit

    @staticmethod
    def _common_word_name(name: str, aliases: dict[str, list[str]]) -> bool:
        """A one-word name in ordinary letters ("Platform") that the actor's own aliases leave out:
        the table names the coalition only in longer forms ("the Platform coalition"), because the
        bare word matches any "platform" ("the Operational Desert Platform of Gao")."""
        phrases = {p.lower() for values in aliases.values() for p in values}
        return " " not in name and not name.isupper() and bool(phrases) and name.lower() not in phrases

    @staticmethod
    def _national_forces(table: ActorTable, countries: list[CountryRow]) -> list[tuple[str, str]]:
        """"Malian troops", "soldats maliens": a demonym with a state-forces noun names that army."""
        entries = []
        for country in countries:
            forces = table.forces_of(country.code)
            if forces is None:
                continue
            for lang, demonyms in country.demonyms.items():
                nouns = table.generic.phrases("state_forces", lang)
                for demonym in demonyms:
                    for noun in nouns:
                        if lang == "fr":
                            entries.append((forces.name, f"{noun} {demonym}"))
                        else:
                            entries.append((forces.name, f"{demonym} {noun}"))
        return entries

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for label, start, end in longest_first(match_phrases(self.phrases, doc)):
            name, hit = self.marks[label]
            span = Span(doc, start, end, label=name)
            attach(span, ACTORS, hit)
            spans.append(span)
        set_spans(doc, ACTORS, spans)
        return doc


@Language.factory(ACTORS, default_config={"data_dir": "", "actors_file": ""})
def make_actors(nlp: Language, name: str, data_dir: str, actors_file: str) -> ActorFinder:
    folder = Path(data_dir) if data_dir else default_data_dir()
    table = load_actors(Path(actors_file) if actors_file else data_file(folder, "actors.yaml"), data_file(folder, "generic_actors.yaml"))
    countries = yaml_list(folder / "countries.yaml", "countries", CountryRow)
    return ActorFinder(nlp, table, countries)

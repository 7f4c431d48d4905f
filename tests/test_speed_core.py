"""The assembly core's shortcuts answer as the plain forms they replace.

The hedge rule is matched factored (`caseless.factored`), an event's content key is read in one
pass over its actors, and the assembler's per-document sentence index names each sentence's place.
"""

from __future__ import annotations

import pytest
from conftest import staged

from sahel_extract.extractor import Extractor
from sahel_extract.ids import content_key
from sahel_extract.models import ActorMention, Article, Event
from sahel_extract.resources.assembly_rules import assembly_rules

HEDGED = [
    # English hedges, capitalised and not
    "Militants could attack the post; they threatened to strike again.",
    "Could the army hold Boni? Officials warned that jihadists might return.",
    # what a means makes possible, and what is true of every act
    "Drones that allow the army to strike hideouts; every strike that hits a wedding is a crime.",
    # French
    "Les terroristes pourraient attaquer ; des drones qui permettent à l'armée de frapper. Chaque frappe compte.",
    # none
    "Gunmen killed three civilians in Djibo on Monday.",
]


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("text", HEDGED)
def test_factored_hedge_matches_as_the_rule(extractor: Extractor, lang: str, text: str) -> None:
    rule = assembly_rules(None, lang).hedge
    factored = extractor._assembler(lang)._hedge
    for start in range(len(text)):
        expected, found = rule.search(text, start), factored.search(text, start)
        assert (found and found.span()) == (expected and expected.span())


def _actor(name: str, role: str) -> ActorMention:
    return ActorMention(name=name, type="Rebel group", role=role, mention=name, start=0, end=1)  # type: ignore[arg-type]


ACTORS = [
    # (actors as (name, role), the sides the key holds)
    ([], ([], [])),
    ([("JNIM", "initiator"), ("Civilians", "target")], (["JNIM"], ["Civilians"])),
    ([("JNIM", "initiator"), ("ISGS", "initiator"), ("JNIM", "initiator")], (["ISGS", "JNIM"], [])),
    ([("Wagner", "associated"), ("Military Forces of Mali", "target")], ([], ["Military Forces of Mali"])),
]


@pytest.mark.parametrize(("actors", "sides"), ACTORS)
def test_content_key_holds_each_side_sorted_once(actors: list[tuple[str, str]], sides: tuple[list[str], list[str]]) -> None:
    event = Event(
        event_id="x", doc_id="d", source="-", event_type="Battles", sub_event_type="Armed clash",
        actors=[_actor(name, role) for name, role in actors], confidence=0.5, extractor="t",
    )
    assert content_key(event) == f'[null,null,null,"Battles","Armed clash",{_list(sides[0])},{_list(sides[1])}]'


def _list(names: list[str]) -> str:
    return "[" + ",".join(f'"{n}"' for n in names) + "]"


NOTES = [
    "Gunmen attacked Djibo. Two soldiers were killed. The army said it repelled them.",
    "Protesters marched in Bamako on Monday. On Tuesday, gunmen attacked a convoy near Gao.",
]


@pytest.mark.parametrize("text", NOTES)
def test_sentence_index_names_each_sentence_place(extractor: Extractor, text: str) -> None:
    doc = staged(extractor, text)
    events = extractor._assembler("en")(doc, Article(text=text), "d")
    sentences = list(doc.sents)
    assert doc.user_data["sentence_index"] == {s.start: i for i, s in enumerate(sentences)}
    # provisional ids, one per event of the article, until `identify` gives the stable ones
    assert len({e.event_id for e in events}) == len(events)


PAGES = [
    # a note: no headline, nothing for `fold_headlines` to fold
    "Gunmen killed five people in Djibo on Monday.",
    # a page whose first line is a headline
    "Gunmen Kill Five In Djibo\n\nGunmen killed five people in Djibo on Monday, residents said.",
]


@pytest.mark.parametrize("text", PAGES)
def test_has_headline_is_any_sentence_in_a_headline(extractor: Extractor, text: str) -> None:
    doc = staged(extractor, text)
    extractor._assembler("en")(doc, Article(text=text), "d")
    zones = doc.user_data["zones"]
    assert zones.has_headline == any(zones.in_headline(s) for s in doc.user_data["sentences"])

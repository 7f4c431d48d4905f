"""Incident assembly on short analyst-style notes: one event per target, none lost to a stray word."""

from __future__ import annotations

import datetime as dt

import pytest

from sahel_extract import Article, Event, Extractor
from sahel_extract.components.common import TRIGGERS


def run(extractor: Extractor, text: str, lang: str = "en") -> list[Event]:
    return extractor.extract(Article(id="t", text=text, published=dt.date(2024, 3, 5), lang=lang))


def places(events: list[Event]) -> list[str | None]:
    return [e.location.name if e.location else None for e in events]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # two towns joined by "and": two targets, two events
        ("On 2 March 2024, gunmen attacked the villages of Djibo and Arbinda, killing four civilians.", "en", ["Djibo", "Arbinda"]),
        ("Le 2 mars 2024, des hommes armés ont attaqué les localités de Djibo et Arbinda.", "fr", ["Djibo", "Arbinda"]),
        # a road between two towns, a place and its region, examples of a wider area: one event
        ("On 2 March 2024, gunmen ambushed a bus on the road between Djibo and Arbinda.", "en", ["Djibo"]),
        ("On 2 March 2024, gunmen attacked a convoy in Djibo, Soum, killing two soldiers.", "en", ["Djibo"]),
        ("On 2 March 2024, JNIM attacked army posts in the north, including Djibo and Arbinda.", "en", ["Djibo"]),
    ],
)
def test_one_event_per_named_target(extractor: Extractor, text: str, lang: str, expected: list[str]) -> None:
    assert places(run(extractor, text, lang)) == expected


def test_a_dated_note_total_is_its_toll_not_an_aggregate(extractor: Extractor) -> None:
    events = run(extractor, "On 2 March 2024, gunmen attacked Djibo. A total of six people were killed.")
    assert len(events) == 1
    assert events[0].fatalities == 6
    assert "aggregate" not in events[0].flags


def test_a_hedge_after_the_action_does_not_cancel_it(extractor: Extractor) -> None:
    events = run(extractor, "On 2 March 2024, traders staged a protest in Djibo against a tax that would ruin them.")
    assert [e.event_type for e in events] == ["Protests"]


def test_a_hedge_before_the_action_still_cancels_it(extractor: Extractor) -> None:
    assert run(extractor, "Officials in Djibo warned that militants could attack the town again.") == []


@pytest.mark.parametrize(
    ("text", "lang", "event_type"),
    [
        ("On 2 March 2024, unknown gunmen wounded a trader in Djibo.", "en", "Violence against civilians"),
        ("Le 2 mars 2024, des hommes armés ont blessé un commerçant à Djibo.", "fr", "Violence against civilians"),
        ("On 2 March 2024, militants set off explosives and damaged a bridge near Djibo.", "en", "Explosions/Remote violence"),
        ("Le 2 mars 2024, des militants ont fait sauter un pont près de Djibo.", "fr", "Explosions/Remote violence"),
        ("On 2 March 2024, teachers in Djibo observed a work stoppage over unpaid salaries.", "en", "Protests"),
        ("Le 2 mars 2024, les enseignants de Djibo ont observé un arrêt de travail.", "fr", "Protests"),
        ("On 2 March 2024, militants gave the residents of Djibo an ultimatum to leave.", "en", "Strategic developments"),
        # an operation that only arrests is an arrest, also of the perpetrators of an attack; one that kills is a battle,
        # and the perpetrators of an attack who kill are its attackers
        ("On 2 March 2024, during an operation in Kita, soldiers arrested the suspected perpetrators of the attack on the market.", "en", "Strategic developments"),
        ("Le 2 mars 2024, lors d'une opération à Kita, les militaires ont interpellé l'auteur présumé de l'attaque contre le marché.", "fr", "Strategic developments"),
        ("On 2 March 2024, during an operation in Kita, soldiers killed five militants and arrested three suspects.", "en", "Battles"),
        ("Le 2 mars 2024, lors d'une opération à Kita, les militaires ont tué cinq terroristes et interpellé trois suspects.", "fr", "Battles"),
        ("On 2 March 2024, the perpetrators of the attack on the market in Kita killed five civilians.", "en", "Violence against civilians"),
        ("Le 2 mars 2024, les auteurs de l'attaque contre le marché de Kita ont tué cinq civils.", "fr", "Violence against civilians"),
    ],
)
def test_action_words_of_analyst_notes(extractor: Extractor, text: str, lang: str, event_type: str) -> None:
    assert [e.event_type for e in run(extractor, text, lang)] == [event_type]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The wounded were evacuated to the hospital in Djibo.", "en"),
        ("Les blessés ont été évacués vers l'hôpital de Djibo.", "fr"),
    ],
)
def test_a_participle_after_an_article_names_people(extractor: Extractor, text: str, lang: str) -> None:
    doc = extractor.nlp(lang)(text)
    assert [t.label_ for t in doc.spans[TRIGGERS] if t.label_ == "massacre"] == []


@pytest.mark.parametrize(
    ("text", "lang", "event_type"),
    [
        # what a protest is about is not what its crowd did
        ("On 2 March 2024, hundreds marched in Djibo to protest over the attacks on the town.", "en", "Protests"),
        ("Le 2 mars 2024, des centaines de personnes ont manifesté à Djibo contre les attaques.", "fr", "Protests"),
        ("On 2 March 2024, students marched in Djibo; no clashes were reported.", "en", "Protests"),
        # what the crowd did still makes it a riot
        ("On 2 March 2024, protesters in Djibo attacked the police station.", "en", "Riots"),
        # two communities fighting are two militias, not an attack on civilians
        ("On 2 March 2024, herders and farmers clashed near Djibo, leaving three people dead.", "en", "Battles"),
    ],
)
def test_event_type_of_notes(extractor: Extractor, text: str, lang: str, event_type: str) -> None:
    assert [e.event_type for e in run(extractor, text, lang)] == [event_type]


def test_a_crowd_word_is_both_the_actor_and_the_action(extractor: Extractor) -> None:
    events = run(extractor, "On 2 March 2024, hundreds of protesters filled the streets of Djibo.")
    assert [(e.event_type, [a.name for a in e.actors]) for e in events] == [("Protests", ["Protesters"])]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("On 2 March 2024, JNIM and the army clashed over two days near Djibo, leaving 9 dead.", "en"),
        ("Le 2 mars 2024, le JNIM et l'armée se sont affrontés pendant deux jours près de Djibo, faisant 9 morts.", "fr"),
    ],
)
def test_a_fight_over_two_days_is_one_event_per_day(extractor: Extractor, text: str, lang: str) -> None:
    events = run(extractor, text, lang)
    assert [(e.event_date, e.fatalities) for e in events] == [("2024-03-02", 5), ("2024-03-03", 4)]

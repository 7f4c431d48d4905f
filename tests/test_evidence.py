"""What an event's evidence holds: the sentences that tell it, and nothing blank. Passages written for this test."""

from __future__ import annotations

import datetime as dt

import pytest

from sahel_extract import Article, Extractor


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (
            "Eight soldiers were killed in an ambush near Kouloubané on Wednesday, security sources said.\n\n"
            "\"A patrol fell into an ambush,\" a security source told AFP.\n\nThe army did not comment.\n",
            "en",
        ),
        (
            "Huit soldats ont été tués mercredi dans une embuscade près de Kouloubané, selon des sources "
            "sécuritaires.\n\n« Une patrouille est tombée dans une embuscade », a indiqué une source.\n\n"
            "L'armée n'a pas commenté.\n",
            "fr",
        ),
    ],
)
def test_evidence_holds_no_blank_line(extractor: Extractor, text: str, lang: str) -> None:
    # the sentencizer keeps the blank line between paragraphs apart: it is no sentence of the evidence
    events = extractor.extract(Article(id="t", text=text, published=dt.date(2024, 3, 6), lang=lang))
    assert events and all(ev.sentence.strip() for e in events for ev in e.evidence)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (
            "Already a subscriber? Log into your account to read on. Still unable to see the content after signing in? "
            "Update your card.\nGunmen killed six herders in Kouloubané on Sunday, residents said.\n",
            "en",
        ),
        (
            "Déjà abonné ? Connectez-vous pour lire la suite. Vous n'arrivez pas à voir le contenu ?\n"
            "Des hommes armés ont tué six éleveurs dimanche à Kouloubané, selon des habitants.\n",
            "fr",
        ),
    ],
)
def test_a_paywall_notice_is_no_evidence(extractor: Extractor, text: str, lang: str) -> None:
    events = extractor.extract(Article(id="t", text=text, published=dt.date(2024, 3, 6), lang=lang))
    assert [e.location.name if e.location else None for e in events] == ["Kouloubané"]
    assert all("?" not in ev.sentence for e in events for ev in e.evidence)


@pytest.mark.parametrize(
    ("text", "lang", "anchor", "place"),
    [
        # an attack told as "similar" (or "earlier", "previous") is another incident: the story's details told
        # before it stay the story's, and its sentence starts its own
        (
            "Death toll from weekend attack in Burkina's Soum province rises to 42\n\nThe death toll from Saturday'"
            "s attack on the village of Kouloubané in northern Burkina Faso's Soum province has risen to 42, loca"
            "l sources said on Tuesday, up from an initial toll of 27.\n\n\"We found more bodies in the bush, includ"
            "ing six children,\" a local councillor said. About twenty wounded people were taken to Djibo, the sou"
            "rces said.\n\nThe attack, blamed on the al Qaeda-linked JNIM, targeted civilians who had fled to the v"
            "illage from surrounding areas.\n\nIn January, a similar attack killed around thirty people in Sanbarga"
            ", about 50 km away.",
            "en", "blamed on the al Qaeda", "Kouloubané",
        ),
        (
            "Burkina : le bilan de l'attaque de Kouloubané s'alourdit à 42 morts\n\nLe bilan de l'attaque perpétrée"
            " samedi contre le village de Kouloubané, dans la province du Soum, s'est alourdi à 42 morts, selon u"
            "n nouveau bilan communiqué mardi par des sources locales.\n\nUn premier bilan faisait état de 27 morts"
            ". « Nous avons retrouvé d'autres corps dans la brousse, dont ceux de six enfants », a indiqué un élu"
            " de la commune.\n\nSelon les mêmes sources, une vingtaine de blessés ont été évacués vers Djibo. L'att"
            "aque, attribuée au JNIM, visait des civils qui s'étaient réfugiés dans le village.\n\nEn janvier, une "
            "attaque similaire avait fait une trentaine de morts à Sanbarga, à une cinquantaine de kilomètres.",
            "fr", "attribuée au JNIM", "Kouloubané",
        ),
    ],
)
def test_a_similar_attack_is_another_incident(extractor: Extractor, text: str, lang: str, anchor: str, place: str) -> None:
    events = extractor.extract(Article(id="t", text=text, published=dt.date(2025, 3, 12), lang=lang))
    holding = [e.location.name if e.location else None for e in events if any(anchor in ev.sentence for ev in e.evidence)]
    assert holding == [place]
    assert "Sanbarga" in [e.location.name if e.location else None for e in events]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (
            "Seventeen soldiers killed in ambush near Kouloubané\n\nSeventeen soldiers were killed on Tuesday when "
            "their unit was ambushed near Kouloubané, the defence ministry said. The army said more than 100 "
            "motorcycles used by the attackers were destroyed. This attack is the deadliest since the military coup "
            "in Niamey on July 26. The ministry did not say who carried it out.",
            "en",
        ),
        (
            "Dix-sept soldats tués dans une embuscade près de Kouloubané\n\nDix-sept soldats ont été tués mardi "
            "lorsque leur unité est tombée dans une embuscade près de Kouloubané, a annoncé le ministère de la "
            "Défense. Plus de 100 motos des assaillants ont été détruites, selon l'armée. Cette attaque est la plus "
            "meurtrière depuis le coup d'État à Niamey le 26 juillet. Le ministère n'a pas dit qui l'a menée.",
            "fr",
        ),
    ],
)
def test_the_place_of_the_event_a_period_began_with_is_background(extractor: Extractor, text: str, lang: str) -> None:
    # "the deadliest since the military coup in Niamey": the sentence retells the ambush; Niamey and July 26
    # are the period's start, no incident of the story
    events = extractor.extract(Article(id="t", text=text, published=dt.date(2023, 8, 17), lang=lang))
    assert [(e.location.name if e.location else None, e.event_date) for e in events] == [("Kouloubané", "2023-08-15")]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # what a means makes possible, a remark about every strike and a compound adjective tell no incident
        ("The government has invested in Turkish-made drones and says they allow the army to strike hideouts "
         "that were out of reach. \"Every strike that hits a wedding pushes young men into the arms of the armed "
         "groups,\" said a Dakar-based researcher. Officials point to the return of state services in northern "
         "towns. The opposition disputes the figures. Elections have been postponed.", "en", []),
        ("Le gouvernement a investi dans des drones de fabrication turque qui permettent à l'armée de frapper des "
         "repaires hors d'atteinte. « Chaque frappe qui touche un mariage pousse des jeunes dans les bras des "
         "groupes armés », estime un chercheur basé à Dakar. Les autorités citent le retour des services de l'État "
         "dans le nord. L'opposition conteste ces chiffres. Les élections ont été reportées.", "fr", []),
        # trap: an act told in the same words is still one
        ("On 3 March, Turkish-made drones struck a militant hideout near Kouloubané, killing 12 fighters, the army "
         "said. Officials point to the return of state services in northern towns. The opposition disputes the "
         "figures. Elections have been postponed. The army did not give details.", "en", ["Kouloubané"]),
    ],
)
def test_means_and_generic_remarks_tell_no_incident(extractor: Extractor, text: str, lang: str, expected: list[str]) -> None:
    events = extractor.extract(Article(id="t", text=text, published=dt.date(2025, 3, 6), lang=lang))
    assert [e.location.name if e.location else None for e in events] == expected

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

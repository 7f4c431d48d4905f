"""The places stage's and the location step's shortcuts must not change what they find."""

from __future__ import annotations

import pytest
from spacy.tokens import Span

from sahel_extract import Extractor
from sahel_extract.assemble.location import _sentence_of
from sahel_extract.components.caseless import folded_of
from sahel_extract.components.common import PLACES, keep_text
from sahel_extract.components.places import UNKNOWN_PATTERNS, PlaceFinder
from sahel_extract.extractor import make_doc

TEXTS = [
    # one text per unknown-name rule, and texts that hold none of their words
    "Gunmen attacked Kobou (Djibo, Soum) and the Sikende village on Monday.",
    "Soldiers raided the village of Ndiakan and le village bozo Tientienbougou.",
    "Danhirmne (coded as Pensa at geoprecision 2) and Garou [Garou-Leye] were hit.",
    "Fighting near Tinzaouatene, then in Boni and at Nampala; the Karma gold mine closed.",
    "Nothing happened here at all.",
    "RAS. Calme plat à signaler, selon une source.",
    "Des hommes armés ont attaqué le hameau peul de Kalala près de Boulsa.",
]


@pytest.fixture(scope="module")
def places(extractor: Extractor) -> PlaceFinder:
    finder: PlaceFinder = extractor.nlp("en").get_pipe(PLACES)  # type: ignore[assignment]
    return finder


@pytest.mark.parametrize("text", TEXTS)
def test_unknown_gate_admits_every_matching_rule(extractor: Extractor, places: PlaceFinder, text: str) -> None:
    doc = make_doc(extractor.nlp("en"), text)
    keep_text(doc, text)
    possible = places.unknown_gate.possible(folded_of(doc))
    for index, (rule, pattern) in enumerate(UNKNOWN_PATTERNS):
        if pattern.search(text) is not None:
            assert possible[index], rule


@pytest.mark.parametrize("text", TEXTS)
def test_sentence_of_is_span_sent(extractor: Extractor, text: str) -> None:
    nlp = extractor.nlp("en")
    doc = make_doc(nlp, text)
    keep_text(doc, text)
    for _name, pipe in nlp.pipeline:
        doc = pipe(doc)
    doc.user_data["sentences"] = list(doc.sents)
    for start in range(len(doc)):
        for end in range(start + 1, min(len(doc), start + 4) + 1):
            span = Span(doc, start, end)
            sentence = _sentence_of(span)
            assert (sentence.start, sentence.end) == (span.sent.start, span.sent.end)

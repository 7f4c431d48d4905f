"""The location step's shortcuts must not change what it finds."""

from __future__ import annotations

import pytest
from conftest import staged
from spacy.tokens import Span

from sahel_extract import Extractor
from sahel_extract.assemble.location import _sentence_of

TEXTS = [
    # places named in every way, and texts that name none
    "Gunmen attacked Kobou (Djibo, Soum) and the Sikende village on Monday.",
    "Soldiers raided the village of Ndiakan and le village bozo Tientienbougou.",
    "Danhirmne (coded as Pensa at geoprecision 2) and Garou [Garou-Leye] were hit.",
    "Fighting near Tinzaouatene, then in Boni and at Nampala; the Karma gold mine closed.",
    "Nothing happened here at all.",
    "RAS. Calme plat à signaler, selon une source.",
    "Des hommes armés ont attaqué le hameau peul de Kalala près de Boulsa.",
]


@pytest.mark.parametrize("text", TEXTS)
def test_sentence_of_is_span_sent(extractor: Extractor, text: str) -> None:
    doc = staged(extractor, text)
    doc.user_data["sentences"] = list(doc.sents)
    for start in range(len(doc)):
        for end in range(start + 1, min(len(doc), start + 4) + 1):
            span = Span(doc, start, end)
            sentence = _sentence_of(span)
            assert (sentence.start, sentence.end) == (span.sent.start, span.sent.end)

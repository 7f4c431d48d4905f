"""The role cues' per-document shortcuts answer as the full reading of every window.

`DocGate` tells, for a whole document, whether any rule that could make `strong_role`,
`role_with_cue` or `not_a_party` answer other than by default can match in it; when none can, they
answer at once. A gate that admits every rule must give the same answers.
"""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from sahel_extract.assemble import roles
from sahel_extract.assemble.roles import DocGate, not_a_party, role_with_cue, strong_role
from sahel_extract.components.caseless import folded_of
from sahel_extract.components.common import keep_text

TEXTS = [
    # no strong cue and no word of a non-party: those shortcuts answer
    "On 3 March 2023, JNIM militants killed three civilians in Boni (Douentza, Mopti).",
    # a claim, a source, a repelled attack, an agent
    "Gunmen attacked a Malian army post in Boni; the attack was claimed by JNIM, the army said it repelled them.",
    # bystanders and presence
    "ISSP is active in the area. The army was deployed afterwards near Djibo.",
    # French
    "Des éléments de l'EIGS ont attaqué le poste de Tessit ; l'armée a repoussé les assaillants, selon un communiqué.",
    # no folded text ("ſ"): the gate admits every rule
    "The ſoldiers were ambushed by militants near Djibo, reportedly linked to ISSP.",
]


def _doc(text: str) -> Doc:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    doc = nlp(text)
    keep_text(doc, text)
    return doc


def _answers(doc: Doc) -> list[object]:
    found: list[object] = []
    for sentence in doc.sents:
        for start in range(sentence.start, sentence.end):
            for end in range(start + 1, min(start + 3, sentence.end) + 1):
                span = doc[start:end]
                found.append((
                    strong_role(span, sentence),
                    role_with_cue(span, sentence, None),
                    role_with_cue(span, sentence, sentence.start_char, force=True),
                    not_a_party(doc.text, sentence, span),
                ))
    return found


@pytest.mark.parametrize("text", TEXTS)
def test_shortcuts_answer_as_every_window(text: str) -> None:
    doc = _doc(text)
    gated = _answers(doc)
    gate = DocGate(text, folded_of(doc))
    gate.may_be_strong = gate.may_be_word_cued = gate.may_be_no_party = True
    doc.user_data["role_gate"] = gate
    assert gated == _answers(doc)


def test_a_note_without_cue_words_takes_the_shortcuts() -> None:
    doc = _doc(TEXTS[0])
    gate = roles.gate_of(doc)
    assert not (gate.may_be_strong or gate.may_be_no_party)

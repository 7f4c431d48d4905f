"""The assembly's shortcuts answer as the plain scans they replace.

The role cues are read through a per-document gate over window offsets (`roles.DocGate`), anchored
rules with `match`, and the place-role cues over lowercased stretches (`place_roles.search_in`,
anchored or not): each must give the match the plain IGNORECASE scan of the same window gives.
"""

from __future__ import annotations

import importlib
import re
from typing import Any

import pytest
import spacy

from sahel_extract.assemble import roles
from sahel_extract.assemble.roles import WINDOW_RULES, DocGate
from sahel_extract.components.caseless import CaselessPattern, folded_of
from sahel_extract.components.common import keep_text
from sahel_extract.resources.place_roles import search_in

_PARSER: Any = importlib.import_module("re._parser")
_OPS: Any = importlib.import_module("re._constants")

# the rules `DocGate.match` is asked with: each must start with `^` outside any alternation
ANCHORED = (
    "DEFENDED_AFTER", "OWNER_OF_TARGET", "PASSIVE_AFTER", "ACTIVE_AFTER", "CLAIM_AFTER", "ACT_AFTER",
    "MERELY_PRESENT_AFTER", "BYSTANDER_AFTER", "SUPPORT_AFTER", "SPEECH_AFTER", "SELF_REPORT",
)

TEXTS = [
    # plain English, a claim, a source, a repelled attack
    "Gunmen attacked a Malian army post in Boni; the attack was claimed by JNIM, the army said it repelled them.",
    # French, accented
    "Des éléments de l'EIGS ont attaqué le poste de Tessit ; l'armée a repoussé les assaillants, selon un communiqué.",
    # a character IGNORECASE equates with another letter than its lowercase ("ſ"): no folded text
    "The ſoldiers were ambushed by militants near Djibo, reportedly linked to ISSP.",
]


@pytest.mark.parametrize("name", ANCHORED)
def test_anchored_rules_start_at_the_window(name: str) -> None:
    rule: CaselessPattern = getattr(roles, name)
    first = _PARSER.parse(rule.source, re.IGNORECASE).data[0]
    assert first == (_OPS.AT, _OPS.AT_BEGINNING)


@pytest.mark.parametrize("text", TEXTS)
def test_doc_gate_answers_as_the_plain_scan(text: str) -> None:
    doc = spacy.blank("en")(text)
    keep_text(doc, text)
    gate = DocGate(text, folded_of(doc))
    for rule in WINDOW_RULES:
        for start in range(0, len(text), 7):
            for end in (start + 40, start + 60, len(text)):
                expected = rule.exact.search(text[start:end])
                found = gate.search(rule, start, end)
                assert (found and (found.span(), found.groups())) == (expected and (expected.span(), expected.groups()))
                if rule.source.startswith("^"):
                    matched = gate.match(rule, start, end)
                    assert (matched and matched.span()) == (expected and expected.span())


@pytest.mark.parametrize("text", TEXTS)
def test_place_cues_over_a_stretch_answer_as_the_plain_scan(text: str) -> None:
    # a lookbehind at the stretch's start reads the character before it, as `pos` lets it
    behind = CaselessPattern(r"(?<![\w-])(?:by|par|near|de)\s+(?:the\s+|l')?$")
    after = CaselessPattern(r"\s*(?:'s\s+)?(?:army|armée|post|poste)(?![\w-])")
    for start in range(len(text)):
        for end in (start + 12, start + 45):
            expected = behind.exact.search(text, start, end)
            found = search_in(behind, text, start, end)
            assert (found and found.span()) == (expected and expected.span())
            expected = after.exact.match(text, start, end)
            found = search_in(after, text, start, end, anchored=True)
            assert (found and found.span()) == (expected and expected.span())

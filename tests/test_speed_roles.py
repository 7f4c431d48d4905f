"""The role and place-role shortcuts answer as the plain scans they replace.

`DocGate.finds` and `DocGate.starts_with` tell whether `search` and `match` would find a match,
without reading it again from the text.

`RoleCues.role` lowercases the words before a mention once for the rules that read them alone, and
skips the "since the coup in X" rule when the words hold neither of its opening words; the seat of
power is scanned over the lowercased sentence (`finditer_in`). Each must give what the plain
IGNORECASE scan gives, also for a text no lowercased copy can stand for ("ſ").
"""

from __future__ import annotations

from collections import Counter

import pytest
import spacy

from sahel_extract.assemble.location import _empty_counter
from sahel_extract.assemble.roles import WINDOW_RULES, DocGate
from sahel_extract.components.caseless import CaselessPattern, folded_of, lowered_exactly
from sahel_extract.components.common import keep_text
from sahel_extract.resources.place_roles import SINCE_EVENT, _search_folded, _since_event, finditer_in

TEXTS = [
    # English: a coup, a parliament, a period since an event
    "Since the military coup in Niamey, soldiers marched on Parliament; a member of parliament fled to Dori.",
    # French, accented
    "Depuis l'attaque de Kouloubané, des militaires se sont emparés du pouvoir à la télévision nationale.",
    # a character IGNORECASE equates with another letter than its lowercase ("ſ"): no lowercased copy
    "ſince the coup in Bamako, the junta dissolved the National Assembly.",
    # none of the words
    "Gunmen attacked a village near Djibo and killed three civilians.",
]

SEAT = CaselessPattern(r"(?<![\w-])(?:coup|parliament|national\s+assembly|télévision\s+nationale|emparés\s+du\s+pouvoir)(?![\w-])")
BEFORE = CaselessPattern(r"(?<![\w-])(?:since|from|near|fled\s+to|de)\s*(?:the\s+|l')?$")


@pytest.mark.parametrize("text", TEXTS)
def test_finditer_in_finds_what_finditer_finds(text: str) -> None:
    for start in range(0, len(text), 3):
        for end in (start + 15, start + 50, len(text)):
            expected = [m.span() for m in SEAT.exact.finditer(text, start, end)]
            assert [m.span() for m in finditer_in(SEAT, text, start, end)] == expected


@pytest.mark.parametrize("text", TEXTS)
def test_window_rules_read_with_one_lowercasing(text: str) -> None:
    for start in range(len(text)):
        window = text[max(0, start - 45) : start]
        folded = lowered_exactly(window)
        expected = BEFORE.search(window)
        found = _search_folded(BEFORE, window, folded)
        assert (found and found.span()) == (expected and expected.span())
        assert _since_event(window, folded) == (SINCE_EVENT.search(window) is not None)


ROLE_TEXTS = [
    "Gunmen attacked a Malian army post in Boni; the attack was claimed by JNIM, the army said it repelled them.",
    "Des éléments de l'EIGS ont attaqué le poste de Tessit ; l'armée a repoussé les assaillants, selon un communiqué.",
    "The ſoldiers were ambushed by militants near Djibo, reportedly linked to ISSP.",
]


@pytest.mark.parametrize("text", ROLE_TEXTS)
def test_doc_gate_tests_as_it_finds(text: str) -> None:
    doc = spacy.blank("en")(text)
    keep_text(doc, text)
    gate = DocGate(text, folded_of(doc))
    for rule in WINDOW_RULES:
        for start in range(0, len(text), 5):
            for end in (start + 40, start + 60, len(text)):
                assert gate.finds(rule, start, end) is (gate.search(rule, start, end) is not None)
                if rule.source.startswith("^"):
                    assert gate.starts_with(rule, start, end) is (gate.match(rule, start, end) is not None)


@pytest.mark.parametrize("codes", [[], ["ML"], ["ML", "BF", "ML"], ["NE", "NE", "BF", "ML", "BF"]])
def test_empty_counter_counts_as_counter(codes: list[str]) -> None:
    counter = _empty_counter()
    for code in codes:
        counter[code] = counter.get(code, 0) + 1
    counter["TG"] += 2  # a missing key counts from zero
    expected = Counter(codes)
    expected["TG"] += 2
    assert type(counter) is Counter
    assert list(counter.items()) == list(expected.items())
    assert counter.most_common() == expected.most_common()

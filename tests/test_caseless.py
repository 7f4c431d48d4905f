"""The fast case-insensitive scan must find exactly what a plain IGNORECASE scan finds."""

from __future__ import annotations

import pickle
import re

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from sahel_extract.assemble import roles
from sahel_extract.components import dates, places
from sahel_extract.components.caseless import (
    CaselessPattern,
    factored,
    folded_of,
    literal_alternation,
    lowered_exactly,
)
from sahel_extract.resources.assembly_rules import RULES, assembly_rules
from sahel_extract.resources.casualty_rules import default_casualty_rules

ASSEMBLY_CASELESS = [rule for rule, match in RULES.items() if match == "caseless"]
PATTERNS = [
    *(pattern for _rule, pattern in default_casualty_rules("en").rules),
    *(pattern for _rule, pattern in default_casualty_rules("fr").rules),
    *(pattern for _rule, pattern, _ in (*dates.FIXED_RULES, dates.YEAR_RULE)),
    default_casualty_rules("en").caseless["claim"], default_casualty_rules("en").caseless["aggregate"], places.NEAR_CUES,
    *(getattr(assembly_rules(None, lang), rule) for lang in ("en", "fr") for rule in ASSEMBLY_CASELESS),
    roles.NOT_AN_ACTOR_BEFORE,
]


def scan(pattern: CaselessPattern, text: str) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    return [(m.span(), m.groupdict()) for m in pattern.finditer(text, lowered_exactly(text))]


def plain(pattern: CaselessPattern, text: str) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    return [(m.span(), m.groupdict()) for m in pattern.exact.finditer(text)]


@pytest.mark.parametrize(
    "text",
    [
        # ordinary copy, both languages, any case
        "GUNMEN KILLED 12 Civilians on 3 March 2024 near the town.",
        "Twelve VDP ont été tués le 1er mars ; les FDS ont perdu 4 VDP.",
        "On Tuesday, March 5, at least thirty soldiers were Wounded and 4 Kidnapped.",
        # characters IGNORECASE equates with a letter they do not lowercase to: slow path
        "Gunmen kılled 12 civilians on 3 March.",
        "Gunmen kiſſed and killed 12 civilians on 3 March.",
        # a character whose lowercase is two characters: offsets would shift, slow path
        "İstanbul: 12 civilians were killed on 3 March.",
        "Straße: 12 civilians were killed on 3 March; 𝔘nicode 4 soldiers were injured.",
    ],
)
def test_fast_scan_matches_ignorecase_scan(text: str) -> None:
    for pattern in PATTERNS:
        assert scan(pattern, text) == plain(pattern, text), pattern.exact.pattern[:60]


# Words the rules look for, in any case, mixed with characters that trip case folding.
_WORDS = ("killed", "Tués", "TWELVE", "douze", "March", "mars", "le 1er", "Sunday", "VDP", "civilians", "2024")
_ODD = ("ſ", "ı", "İ", "ß", "K", "É", "’", "–", "\n\n", "𝔘")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_WORDS + _ODD) | st.text(max_size=6), max_size=30).map(" ".join))
def test_fast_scan_matches_ignorecase_scan_on_any_text(text: str) -> None:
    for pattern in PATTERNS:
        assert scan(pattern, text) == plain(pattern, text), pattern.exact.pattern[:60]
        found, expected = pattern.search(text), pattern.exact.search(text)
        assert (found and found.span()) == (expected and expected.span()), pattern.exact.pattern[:60]
        assert pattern.count(text) == len(pattern.exact.findall(text)), pattern.exact.pattern[:60]
        assert pattern.found_in(text, lowered_exactly(text)) == (expected is not None), pattern.exact.pattern[:60]


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Killed IN Mali", "killed in mali"),
        ("kılled", None),  # dotless i: IGNORECASE matches it to "i", lowercasing does not
        ("İ", None),  # lowercases to two characters
    ],
)
def test_folded_text(text: str, folded: str | None) -> None:
    assert folded_of(spacy.blank("en").make_doc(text)) == folded


def test_literals_lowercased_but_not_escapes_or_classes() -> None:
    pattern = CaselessPattern(r"(?P<who>VDP)\S[A-Z]")
    assert pattern.fast.pattern == r"(?P<who>vdp)\S[A-Z]"
    assert pattern.exact.flags & re.IGNORECASE


_STEMS = ("sep", "sept", "september", "septembre", "se", "mar", "march", "mars", "ma", "é", "ét", "x y", "x")


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(_STEMS), min_size=1, max_size=8, unique=True),
    st.lists(st.sampled_from((*_STEMS, "10", ".", "MARS")), max_size=12).map(" ".join),
)
def test_literal_alternation_matches_longest_first_alternation(words: list[str], text: str) -> None:
    longest_first = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    for template in (r"\b(?P<w>{})\b", r"(?P<w>{})\.?\s+\d+", r"(?P<w>{})(?:s|t)?"):
        plain_rule = CaselessPattern(template.format(longest_first))
        trie_rule = CaselessPattern(template.format(literal_alternation(words)))
        assert scan(trie_rule, text) == scan(plain_rule, text)
        assert plain(trie_rule, text) == plain(plain_rule, text)


# Pieces of rules: literals sharing first letters, optional words, boundaries, classes, groups.
_ATOMS = ("one", "onze", "on", "out", "o", "two", "tu", "t", "x", "", r"\d+", r"[a-c]", r"\s+", "(?:l|le|les) ")
_PIECES = st.lists(st.sampled_from(_ATOMS), min_size=1, max_size=6).map("|".join)


@st.composite
def _rules(draw: st.DrawFn) -> str:
    """A small rule: a boundary or not, one to three alternations, some optional or named."""
    parts = []
    for i in range(draw(st.integers(1, 3))):
        wrap = draw(st.sampled_from(("(?:{})", "(?:{})?", f"(?P<g{i}>{{}})", "(?:{})+", "(?={})", "(?<!{})")))
        alternation = draw(_PIECES)
        if wrap.startswith("(?<!"):
            alternation = draw(st.sampled_from(("o", "t", "x", r"\d")))  # look-behinds are fixed width
        parts.append(wrap.format(alternation))
    return draw(st.sampled_from(("", r"\b"))) + "".join(parts) + draw(st.sampled_from(("", r"\b", r"(?!\w)")))


@settings(max_examples=300, deadline=None)
@given(_rules(), st.lists(st.sampled_from(("one", "onze", "out", "two", "tu", "t", "x", "12", "les", "a", " ", "ox")),
                          max_size=12).map("".join))
def test_factored_pattern_finds_what_the_plain_pattern_finds(rule: str, text: str) -> None:
    fast, plain_rule = factored(rule), re.compile(rule)
    assert [(m.span(), m.groups()) for m in fast.finditer(text)] == [
        (m.span(), m.groups()) for m in plain_rule.finditer(text)
    ], rule
    assert fast.groupindex == plain_rule.groupindex


def test_factored_pattern_keeps_source_and_pickles() -> None:
    rule = CaselessPattern(r"\b(?P<n>one|onze|two)\s+(?:killed|kidnapped)\b")
    assert rule.fast.pattern == r"\b(?P<n>one|onze|two)\s+(?:killed|kidnapped)\b"
    copy = pickle.loads(pickle.dumps(rule))
    text = "Onze kidnapped, two killed."
    assert [m.span() for m in copy.finditer(text, lowered_exactly(text))] == [(0, 14), (16, 26)]

"""The stages' shortcuts answer as the plain scans they stand for."""

from __future__ import annotations

import re

import pytest

from sahel_extract.components.caseless import CaselessPattern, lowered_exactly
from sahel_extract.components.dates import SINCE_BEFORE, SINCE_EVENT_BEFORE, SINCE_WORDS, _after_since
from sahel_extract.components.numbers import parse_count

TEXTS = [
    # English, French, mixed case, a clause break at the very start and end
    "Gunmen killed 12 people; the army said 3 while others fled, but JNIM claimed 40.",
    "BUT the toll rose; WHILE the army said nine; whereas others;",
    "Des hommes armés ont tué 12 civils ; tandis que l'armée parle de 3, mais le JNIM revendique 40.",
    "Depuis le coup d'État en juillet 2023, since the junta took power in July 2023, SINCE 2015.",
    # a character IGNORECASE equates with another letter: no folded text, the slow way
    "ſince the attack; whiſe … but",
]


@pytest.mark.parametrize("source", [r";|\bwhile\b|\bwhereas\b|\bbut\b", r";|\btandis que\b|\balors que\b|\bmais\b", r"\bsince\b"])
@pytest.mark.parametrize("text", TEXTS)
def test_spans_are_the_ignorecase_scans(source: str, text: str) -> None:
    pattern, plain = CaselessPattern(source), re.compile(source, re.IGNORECASE)
    folded = lowered_exactly(text)
    for pos in range(0, len(text), 7):
        for endpos in (pos, pos + 10, len(text)):
            expected = [m.span() for m in plain.finditer(text, pos, endpos)]
            assert list(pattern.spans(text, folded, pos, endpos)) == expected


@pytest.mark.parametrize("pattern", [SINCE_BEFORE, SINCE_EVENT_BEFORE])
def test_since_patterns_need_their_words(pattern: re.Pattern[str]) -> None:
    # the shortcut skips windows without these words: every match must hold one
    assert set(CaselessPattern(pattern.pattern).needs or ()) <= set(SINCE_WORDS)
    assert CaselessPattern(pattern.pattern).needs


@pytest.mark.parametrize("text", TEXTS)
def test_after_since_is_the_plain_search(text: str) -> None:
    folded = lowered_exactly(text)
    for start in range(len(text) + 1):
        expected = bool(SINCE_BEFORE.search(text, max(0, start - 12), start) or SINCE_EVENT_BEFORE.search(text, max(0, start - 80), start))
        assert _after_since(text, folded, start) is expected


def test_parse_count_readings_are_shared_and_frozen() -> None:
    first = parse_count("at least 12")
    assert first is not None and parse_count("at least 12") is first
    with pytest.raises(AttributeError):
        first.best = 3  # type: ignore[misc]

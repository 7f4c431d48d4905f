"""The one-scan rule gate must admit every rule that matches: it may only spare scans that find nothing."""

from __future__ import annotations

import pickle
import re
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sahel_extract import Extractor
from sahel_extract.components import dates, gate
from sahel_extract.components.caseless import CaselessPattern, lowered_exactly
from sahel_extract.components.gate import RuleGate, loosened
from sahel_extract.models import Article
from sahel_extract.resources.casualty_rules import default_casualty_rules

HAS_HYPERSCAN = gate._hyperscan() is not None
needs_hyperscan = pytest.mark.skipif(not HAS_HYPERSCAN, reason="no Hyperscan wheel on this platform")


def _date_patterns(lang: str) -> list[CaselessPattern]:
    cues = dates.CuePatterns.build(dates.load_cues("", lang))
    return [*(pattern for _, pattern, _ in cues.rules), cues.anaphoric, cues.month_anaphoric]


RULE_SETS = {
    "casualties-en": [pattern for _, pattern in default_casualty_rules("en").rules],
    "casualties-fr": [pattern for _, pattern in default_casualty_rules("fr").rules],
    "dates-en": _date_patterns("en"),
    "dates-fr": _date_patterns("fr"),
}

TEXTS = [
    # English: tolls, counts in words and figures, dates of every kind
    "Gunmen KILLED 12 civilians on 3 March 2024 near the town of Djibo.",
    "On Tuesday, March 5, at least thirty soldiers were wounded and four were kidnapped.",
    "The death toll rose to 15, the army said on Sunday; two days later a body was found.",
    "A soldier and a civilian were shot dead overnight. The day before, three VDP were abducted.",
    "Between 10 and 20 people died in the attack, which happened in early May 2023, the same month.",
    "Unknown gunmen assassinated the mayor. Fatalities coded as 3.",
    "Nothing happened here at all.",
    # French
    "Douze VDP ont été tués le 1er mars 2024 ; les FDS ont perdu 4 hommes.",
    "Dans la nuit de samedi à dimanche, une dizaine de civils ont été enlevés à Gao.",
    "Le lendemain, au moins trois soldats ont été blessés. La veille, 2 militaires avaient péri.",
    "L'attaque est survenue un jour après celle de lundi dernier, en début de semaine.",
    # odd characters: a lone surrogate cannot be encoded, IGNORECASE traps are scanned the slow way
    "Gunmen killed 12 civilians \udc80 on Monday.",
    "Gunmen kılled 12 civilians on 3 March; Straße 𝔘 4 soldiers were injured.",
]


def _matching(patterns: list[CaselessPattern], text: str) -> list[bool]:
    """Per rule, whether it matches `text`: what the gate must admit."""
    return [pattern.exact.search(text) is not None for pattern in patterns]


def _literal_gate(patterns: list[CaselessPattern], folded: str) -> list[bool]:
    return [pattern.may_match(folded) for pattern in patterns]


@pytest.fixture
def no_hyperscan(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(gate, "_hyperscan", lambda: None)
    yield


# --- the gate admits every rule that matches -------------------------------------------------

@pytest.mark.parametrize("rules", list(RULE_SETS))
@pytest.mark.parametrize("text", TEXTS)
def test_gate_admits_every_matching_rule(rules: str, text: str) -> None:
    patterns = RULE_SETS[rules]
    admitted = RuleGate(patterns).possible(lowered_exactly(text))
    for pattern, matches, may in zip(patterns, _matching(patterns, text), admitted, strict=True):
        assert may or not matches, pattern.source[:80]


@needs_hyperscan
def test_gate_spares_rules_whose_words_are_present_but_not_in_order() -> None:
    rule = CaselessPattern(r"\b(?:killed|died)\s+(?:on|in)\s+(?:monday|march)\b")
    folded = "in march, on monday, they died."
    assert rule.may_match(folded)  # every literal test passes ...
    assert list(RuleGate([rule]).possible(folded)) == [0]  # ... but no text of the rule's shape is there
    assert list(RuleGate([rule]).possible("they died on monday.")) == [1]


@needs_hyperscan
@pytest.mark.parametrize(
    ("rule", "text"),
    [
        # a caseless rule's capitals, in a class or escaped, admit the folded text's small letters
        (r"\bat\s+[A-Z][a-z]+\b", "coded as nafo at geoprecision 2"),
        (r"\x4bIDNAPPED\s+[A-Z]{2}", "kidnapped un staff"),
        (r"[\u00c9E]TAT", "l'état"),
    ],
)
def test_gate_admits_capitals_of_a_caseless_rule(rule: str, text: str) -> None:
    pattern = CaselessPattern(rule)
    assert pattern.exact.search(text) is not None
    assert list(RuleGate([pattern]).possible(lowered_exactly(text))) == [1]


@pytest.mark.parametrize("text", TEXTS)
def test_fallback_is_the_literal_gate(no_hyperscan: None, text: str) -> None:
    folded = lowered_exactly(text)
    for patterns in RULE_SETS.values():
        admitted = list(RuleGate(patterns).possible(folded))
        assert admitted == ([True] * len(patterns) if folded is None else _literal_gate(patterns, folded))


# --- the loosened forms ---------------------------------------------------------------------

SPACES = r"[\x{9}-\x{d}\x{1c}-\x{20}\x{80}-\x{d7ff}\x{e000}-\x{10ffff}]"
r"""Python's `\s` as the gate writes it: its ASCII characters, and any non-ASCII one for the others."""
DIGITS = r"[\x{30}-\x{39}\x{80}-\x{d7ff}\x{e000}-\x{10ffff}]"
r"""Python's `\d`, likewise."""


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        # literals kept in order, spaces as spaces; anchors and look-arounds go
        (r"\bkilled\s+(?:two|six)\b", rf"killed{SPACES}{{1,}}(?:two|six)"),
        (r"^(?<!x)la\s+veille(?=\s)", rf"la{SPACES}{{1,}}veille"),
        (r"deaths?\s+of", rf"death[\x{{53}}\x{{73}}]{{0,1}}{SPACES}{{1,}}of"),
        # a class of letters: its ASCII ones in both cases, any other for the others; a negated one
        # is any character
        (r"x[^)]{1,40}[a-zé]y", r"x..*[\x{41}-\x{5a}\x{61}-\x{7a}\x{80}-\x{d7ff}\x{e000}-\x{10ffff}]y"),
        # anything unbounded or without a literal is any text; an optional part is kept when it is
        # written exactly, else any text; what may be absent at the ends is trimmed, a class that
        # must be there is kept (the figure before "killed", the day after a month)
        (r"(?:at least\s+)?(\d+)\s+(?:were\s+)?killed", rf"{DIGITS}{{1,}}{SPACES}{{1,}}(?:were{SPACES}{{1,}}){{0,1}}killed"),
        (r"jan(?:uary)?\.?\s+\d", rf"jan(?:uary){{0,1}}[\x{{2e}}]{{0,1}}{SPACES}{{1,}}{DIGITS}"),
        (r"(?:one|two)(?:\s+\w+){0,3}\s+dead", rf"(?:one|two).*{SPACES}{{1,}}dead"),
        (r"body(?:\s+of)+\s+a", rf"body{SPACES}{{1,}}of.*{SPACES}{{1,}}a"),
        (r"(?:a(?:\w)?c)?d", "d"),
        # an alternation's branch holding no literal is kept up to the first class it requires, then
        # any text; a branch requiring none makes the alternation any text; a branch's gap moves out
        (r"(?:\d+|few)\s+killed", rf"(?:{DIGITS}|few).*{SPACES}{{1,}}killed"),
        (r"le\s+(?:1er|0?[1-9])", rf"le{SPACES}{{1,}}(?:1er|[\x{{30}}]{{0,1}}[\x{{31}}-\x{{39}}])"),
        (r"(?:\w+|few)\s+killed", rf"{SPACES}{{1,}}killed"),
        (r"(?:a\w*|b)c", r"(?:a|b).*c"),
        # non-ASCII letters are written as they are, other characters escaped
        (r"tués_à-gao", r"tués\x5fà\x2dgao"),
        # classes alone are a form; a back-reference is any text (what its group matched)
        (r"\d+\s+\w+", rf"{DIGITS}{{1,}}{SPACES}{{1,}}"),
        (r"(?P<w>\w+)\s+(?P=w)\s+dead", rf"{SPACES}{{1,}}.*{SPACES}{{1,}}dead"),
        (r"(?P<sep>[/.-])\d\d(?P=sep)", rf"[\x{{2d}}-\x{{2f}}]{DIGITS}{DIGITS}"),
        # nothing to hold on to, a conditional group, a flag inside: no form (the literal gate answers)
        (r"\w+\s*", None),
        (r"(?P<a>x)?(?(a)y|z)", None),
        (r"(?i)killed", None),
        (r"(?i:killed)", None),
    ],
)
def test_loosened_form(rule: str, expected: str | None) -> None:
    assert loosened(rule) == expected


COUNT = r"(?:\d+|one|two)"


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        # up to MAX_NARROWED alternations of a rule are narrowed to a class ...
        (rf"{COUNT}\s+killed", rf"(?:{DIGITS}|one|two).*{SPACES}{{1,}}killed"),
        (rf"{COUNT} and {COUNT} and {COUNT} killed", rf"(?:{DIGITS}|one|two).*\x20and\x20(?:{DIGITS}|one|two).*\x20and\x20(?:{DIGITS}|one|two).*\x20killed"),
        # ... in a rule with more, each is any text, as before there were narrowed forms
        (" and ".join([COUNT] * (gate.MAX_NARROWED + 1)) + " killed", r"\x20and\x20" + r".*\x20and\x20" * (gate.MAX_NARROWED - 1) + r".*\x20killed"),
    ],
)
def test_narrowing_is_bounded_per_rule(rule: str, expected: str) -> None:
    assert loosened(rule) == expected


# Small rules of the shapes the stages use: optional words, bounded repeats, classes, look-arounds.
_ATOMS = ("one", "on", "two", "tu", "t", "x", "", r"\d+", r"[a-c]", r"\s+", r"\w{1,2}", "(?:l|le|les) ", r"[,;é]\s*", "s?", r"\d{1,2}")
_PIECES = st.lists(st.sampled_from(_ATOMS), min_size=1, max_size=5).map("|".join)


@st.composite
def _rules(draw: st.DrawFn) -> str:
    parts = []
    for i in range(draw(st.integers(1, 4))):
        wrap = draw(st.sampled_from(("(?:{})", "(?:{})?", f"(?P<g{i}>{{}})", "(?:{})+", "(?:{}){{1,3}}", "(?:{}\\s){{0,2}}",
                                     "(?={})", "(?<!x)", "\\b", "(?>{})")))
        parts.append(wrap.format(draw(_PIECES)))
    return "".join(parts)


@needs_hyperscan
@settings(max_examples=300, deadline=None)
@given(_rules(), st.lists(st.sampled_from(("one", "on", "two", "tu", "t", "x", "12", "les", "a", "b", " ", "é", "\n", ",", "\xa0", "\u0663", "\x1c")),
                          max_size=14).map("".join))
def test_loosened_form_matches_wherever_the_rule_does(rule: str, text: str) -> None:
    pattern = CaselessPattern(rule)
    admitted = RuleGate([pattern]).possible(text)
    assert admitted[0] or re.search(rule, text) is None


# --- the stages find the same with and without Hyperscan -------------------------------------

def _events(extractor: Extractor) -> list[str]:
    texts = [text for text in TEXTS if text.isprintable() or "\n" in text]  # spaCy takes no lone surrogate
    return [event.to_json() for i, text in enumerate(texts) for event in extractor.process(Article(id=str(i), text=text)).events]


def test_fallback_finds_the_same_events(monkeypatch: pytest.MonkeyPatch) -> None:
    with_gate = _events(Extractor())
    assert len(with_gate) >= 8
    asked: list[bool] = []
    monkeypatch.setattr(gate, "_hyperscan", lambda: asked.append(True))  # None: not installed
    assert _events(Extractor()) == with_gate
    assert asked  # the new pipelines' gates did fall back


def test_gate_pickles_and_is_built_again() -> None:
    patterns = RULE_SETS["casualties-en"]
    folded = lowered_exactly(TEXTS[0])
    first = RuleGate(patterns)
    expected = list(first.possible(folded))
    again = pickle.loads(pickle.dumps(first))
    assert list(again.possible(folded)) == expected

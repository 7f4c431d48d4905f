"""The pipeline's tokenizers split text exactly as spaCy's own do, only faster."""

from __future__ import annotations

import re
from pathlib import Path

import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.lang.fr import tokenizer_exceptions
from spacy.lang.fr.punctuation import ELISION, HYPHENS

from sahel_extract.pipeline import GatedTokenMatch, build_nlp

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "articles"
FRENCH_WORDS = (
    "états-unis", "États-Unis", "entr'ouvert", "Aujourd'hui", "l'armée", "d'une", "peut-être",
    "Saint-Louis", "porte-parole", "ex-rebelles", "anti-terroriste", "c'est-à-dire", "jusqu'à",
    "prud'homme", "New-York", "week-end", "Ouagadougou", "Tillabéri", "VDP", "arc-en-ciel", "t-il",
)


def test_every_french_token_rule_needs_a_hyphen_or_an_apostrophe() -> None:
    rules = tokenizer_exceptions._regular_exp  # the rules TOKEN_MATCH is joined from
    assert tokenizer_exceptions.TOKEN_MATCH.__self__.pattern == "(?iu)" + "|".join(f"(?:{r})" for r in rules)
    mandatory = re.compile("(?:" + re.escape(f"[{HYPHENS}]") + "|" + re.escape(f"[{ELISION}]") + r")(?![*?])")
    assert all(mandatory.search(rule) for rule in rules)


def test_french_pipeline_tokenises_like_spacy() -> None:
    ours, plain = build_nlp("fr").tokenizer, spacy.blank("fr").tokenizer
    assert isinstance(ours.token_match, GatedTokenMatch)
    texts = [" ".join(FRENCH_WORDS)] + [path.read_text(encoding="utf-8") for path in sorted(FIXTURES.glob("fr_*"))]
    assert len(texts) > 5
    for text in texts:
        assert [t.text for t in ours(text)] == [t.text for t in plain(text)]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(FRENCH_WORDS) | st.text(alphabet="aeéèlrtnsu'’-–‐ .", max_size=10), max_size=8))
def test_gated_token_match_agrees_with_the_rule(words: list[str]) -> None:
    gated = GatedTokenMatch(tokenizer_exceptions.TOKEN_MATCH, ELISION + HYPHENS)
    for word in words:
        expected = tokenizer_exceptions.TOKEN_MATCH(word)
        found = gated(word)
        assert (found is None) == (expected is None), word

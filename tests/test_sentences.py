"""The pipeline's sentence splitter gives exactly spaCy's sentencizer's sentences, plus line breaks."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.tokens import Doc

from sahel_extract.components.common import keep_text
from sahel_extract.components.layout import line_breaks, load_layout
from sahel_extract.pipeline import SentenceSplitter

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "articles"


RUN_ON = load_layout("en").run_on


def reference(nlp: spacy.language.Language, text: str) -> list[int]:
    """spaCy's sentencizer, then the token after each whitespace token holding a sentence-ending line break."""
    doc = nlp(text)
    starts = {s.start for s in doc.sents} if len(doc) else set()
    breaks = set(line_breaks(text, RUN_ON))
    for token in doc[:-1]:
        if token.is_space and any(token.idx <= at < token.idx + len(token.text) for at in breaks):
            starts.add(token.i + 1)
    return sorted(starts)


def ours(nlp: spacy.language.Language, text: str) -> list[int]:
    doc: Doc = nlp.make_doc(text)
    keep_text(doc, text)
    SentenceSplitter(RUN_ON)(doc)
    return [s.start for s in doc.sents] if len(doc) else []


def check(text: str) -> None:
    for lang in ("en", "fr"):
        nlp = spacy.blank(lang)
        nlp.add_pipe("sentencizer")
        assert ours(nlp, text) == reference(nlp, text), (lang, text)


@pytest.mark.slow  # every fixture article, two languages
def test_fixture_articles_split_as_spacy_splits_them() -> None:
    for path in sorted(FIXTURES.glob("*.txt")):
        check(path.read_text(encoding="utf-8"))


_PIECES = ("Word", "word", ".", "!", "?", "...", "\n\n", "\n", " ", "\u201c", "\u201d", ",", "«", "»", "(", ")",
           "U.S.", "3.5", "\u3002", "\u203c", "Mr.", "-", "\n\n\n")


@pytest.mark.slow  # 300 generated texts, two languages
@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES) | st.text(max_size=4), max_size=40).map("".join))
def test_any_text_splits_as_spacy_splits_it(text: str) -> None:
    check(text)

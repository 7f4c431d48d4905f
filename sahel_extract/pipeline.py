"""Build the spaCy pipeline: blank tokenizer + sentencizer + one component per stage."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path

import spacy
from spacy.lang.fr.punctuation import ELISION, HYPHENS
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

# Importing the component modules registers their factories with spaCy.
from sahel_extract.components import actors as _actors  # noqa: F401
from sahel_extract.components import casualties as _casualties  # noqa: F401
from sahel_extract.components import dates as _dates  # noqa: F401
from sahel_extract.components import places as _places  # noqa: F401
from sahel_extract.components import triggers as _triggers  # noqa: F401
from sahel_extract.components.common import ACTORS, CASUALTIES, DATES, PLACES, TRIGGERS, text_of

STAGES = (PLACES, ACTORS, DATES, CASUALTIES, TRIGGERS)
SUPPORTED_LANGS = ("en", "fr")


@Language.component("sahel_paragraphs")
def paragraph_breaks(doc: Doc) -> Doc:
    """A blank line ends a sentence: headlines and datelines have no full stop.

    The blank lines are found in the text and only their tokens are visited: a Python loop
    over every token cost more than the sentencizer itself. (A token's `whitespace_` is at
    most one space, so a blank line always lies inside a whitespace token.)
    """
    text = text_of(doc)
    at = text.find("\n\n")
    while at >= 0:
        holder = doc.char_span(at, at + 2, alignment_mode="expand")
        if holder is None:
            break
        token = holder[0]
        end = token.idx + len(token)
        if len(holder) == 1 and token.is_space and token.i + 1 < len(doc):
            doc[token.i + 1].is_sent_start = True
        at = text.find("\n\n", max(end - 1, at + 1))
    return doc


class GatedTokenMatch:
    """A tokenizer `token_match` that is tried only on chunks holding one of `chars`.

    spaCy's French `token_match` is one IGNORECASE alternation of some 1,500 anchored rules for
    words such as "états-unis" or "entr'ouvert"; every rule needs a hyphen or an apostrophe, yet
    the engine tried them all on every chunk of every article, and French articles tokenised 2.6x
    slower than English ones. Skipping chunks without those characters changes no token.
    `__self__` is the gated pattern, where spaCy looks when it serialises a tokenizer.
    """

    __slots__ = ("__self__", "chars")

    def __init__(self, match: Callable[[str], object], chars: str) -> None:
        self.__self__ = match.__self__  # type: ignore[attr-defined]
        self.chars = frozenset(chars)

    def __call__(self, text: str) -> object:
        return None if self.chars.isdisjoint(text) else self.__self__.match(text)


def build_nlp(lang: str = "en", data_dir: Path | None = None, actors_file: Path | None = None) -> Language:
    """A fresh pipeline for one language; every stage reads its data from `data_dir`."""
    if lang not in SUPPORTED_LANGS:
        raise ValueError(f"unsupported language {lang!r} (supported: {', '.join(SUPPORTED_LANGS)})")
    nlp = spacy.blank(lang)
    if lang == "fr" and isinstance(nlp.tokenizer, Tokenizer) and nlp.tokenizer.token_match is not None:
        nlp.tokenizer.token_match = GatedTokenMatch(nlp.tokenizer.token_match, ELISION + HYPHENS)
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("sahel_paragraphs")
    folder = str(data_dir) if data_dir else ""
    with _uncached(nlp):
        nlp.add_pipe(PLACES, config={"data_dir": folder})
        nlp.add_pipe(ACTORS, config={"data_dir": folder, "actors_file": str(actors_file) if actors_file else ""})
        nlp.add_pipe(DATES)
        nlp.add_pipe(CASUALTIES)
        nlp.add_pipe(TRIGGERS, config={"data_dir": folder})
    return nlp


@contextlib.contextmanager
def _uncached(nlp: Language) -> Iterator[None]:
    """Tokenise the stages' phrase patterns without filling the tokenizer's chunk cache.

    The cache keeps the first `max_cache_size` (10,000) chunks it sees and never evicts: filled
    with the thousands of gazetteer and actor names the phrase matchers are compiled from, it
    would never cache an article's words, and tokenising ran 2-4x slower.
    """
    tokenizer = nlp.tokenizer
    if not isinstance(tokenizer, Tokenizer):
        yield
        return
    size = tokenizer.max_cache_size
    tokenizer.max_cache_size = 0
    try:
        yield
    finally:
        tokenizer.max_cache_size = size

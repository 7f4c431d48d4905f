"""Build the spaCy pipeline: blank tokenizer + sentence splitter + one component per stage."""

from __future__ import annotations

import bisect
import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, cast

import numpy as np
import spacy
from spacy.attrs import IDX, IS_PUNCT, LENGTH, SENT_START
from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

# Importing the component modules registers their factories with spaCy.
from sahel_extract.components import actors as _actors  # noqa: F401
from sahel_extract.components import casualties as _casualties  # noqa: F401
from sahel_extract.components import dates as _dates  # noqa: F401
from sahel_extract.components import layout as _layout  # noqa: F401
from sahel_extract.components import places as _places  # noqa: F401
from sahel_extract.components import triggers as _triggers  # noqa: F401
from sahel_extract.components.caseless import cached_compiles
from sahel_extract.components.common import ACTORS, CASUALTIES, DATES, LAYOUT, PLACES, TRIGGERS, text_of
from sahel_extract.components.layout import line_breaks, load_layout
from sahel_extract.resources.languages import LanguageRecord, Languages, load_languages

STAGES = (PLACES, ACTORS, DATES, CASUALTIES, TRIGGERS, LAYOUT)
TOKENIZER_CACHE_CHUNKS = 100_000
"""Chunks (text between spaces) spaCy's tokenizer keeps split; its default, 10,000, fills up within
a few thousand ACLED notes and is never evicted, after which every new name is split again. Ten
times that tokenised the 8,614 notes ~13% faster for ~1 MB more at its fullest (it is a bound: memory
stays flat however long the run)."""


@Language.factory("sahel_sentences", default_config={"data_dir": ""})
def make_sentences(nlp: Language, name: str, data_dir: str) -> SentenceSplitter:
    return SentenceSplitter(load_layout(nlp.lang, Path(data_dir) if data_dir else None).run_on)


class SentenceSplitter:
    """spaCy's sentencizer rule, then a line break ends a sentence, computed on token arrays.

    The sentencizer's rule: a token ends its sentence after a sentence-final character (`.`, `!`,
    `?` and the other `Sentencizer.default_punct_chars`), at the first following token that is
    neither punctuation nor such a character. Headlines, datelines, captions and credits have no
    full stop, so the token after a line break starts a sentence too, unless the line runs on
    (`LineBreaks`: hard-wrapped copy). spaCy's component walks the document from Python, creating
    an object per token, which cost more than tokenising; here both rules read plain lists taken
    from `Doc.to_array` in one call, and the sentence starts are written back at once. (Array
    operations in numpy cost the same on news but 2.5x more on a two-sentence note: a dozen
    calls of fixed cost.)
    """

    FINAL = frozenset(Sentencizer.default_punct_chars)  # single characters, so one-character tokens

    def __init__(self, run_on: frozenset[str] = frozenset()) -> None:
        self.run_on = run_on

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if n == 0:
            return doc
        text = text_of(doc)
        punct, lengths, offsets = doc.to_array([IS_PUNCT, LENGTH, IDX]).T.tolist()
        final_chars = self.FINAL
        starts = [-1] * n
        # a token that is neither punctuation nor final starts a sentence when a final came since
        # the previous such token
        seen_final = False
        for i, (is_punct, length, offset) in enumerate(zip(punct, lengths, offsets, strict=True)):
            if length == 1 and text[offset] in final_chars:
                seen_final = True
            elif not is_punct:
                if seen_final:
                    starts[i] = 1
                seen_final = False
        if "\n" in text:
            for i in self._after_line_breaks(text, offsets, lengths):
                starts[i] = 1
        starts[0] = 1
        doc.from_array([SENT_START], cast(Any, np.array(starts, dtype=np.int64).view(np.uint64).reshape(n, 1)))
        return doc

    def _after_line_breaks(self, text: str, offsets: list[int], lengths: list[int]) -> list[int]:
        """Tokens following a whitespace token that holds a sentence-ending line break."""
        found = []
        for at in line_breaks(text, self.run_on):
            i = bisect.bisect_right(offsets, at) - 1
            end = offsets[i] + lengths[i]
            if i + 1 < len(offsets) and end > at and text[offsets[i] : end].isspace():
                found.append(i + 1)
        return found


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


def build_nlp(
    lang: str = "en", data_dir: Path | None = None, actors_file: Path | None = None, languages: Languages | None = None
) -> Language:
    """A fresh pipeline for one language; every stage reads its data from `data_dir`.

    The language must be declared in `languages.yaml` (`languages`, else the folder's own file):
    an undeclared code is a ValueError naming the declared ones.
    """
    language = (languages or load_languages(data_dir)).get(lang)
    with cached_compiles():  # spaCy's French module compiles a ~3 s token rule at import
        spacy.util.get_lang_class(language.spacy)
    nlp = blank(language)
    if language.spacy == "fr" and isinstance(nlp.tokenizer, Tokenizer) and nlp.tokenizer.token_match is not None:
        # imported here: loading spaCy's French module takes ~2 s, which an English-only run never pays
        from spacy.lang.fr.punctuation import ELISION, HYPHENS

        nlp.tokenizer.token_match = GatedTokenMatch(nlp.tokenizer.token_match, ELISION + HYPHENS)
    if isinstance(nlp.tokenizer, Tokenizer):
        nlp.tokenizer.max_cache_size = TOKENIZER_CACHE_CHUNKS
    folder = str(data_dir) if data_dir else ""
    nlp.add_pipe("sahel_sentences", config={"data_dir": folder})
    with _uncached(nlp):
        nlp.add_pipe(PLACES, config={"data_dir": folder})
        nlp.add_pipe(ACTORS, config={"data_dir": folder, "actors_file": str(actors_file) if actors_file else ""})
        nlp.add_pipe(DATES, config={"data_dir": folder})
        nlp.add_pipe(CASUALTIES, config={"data_dir": folder})
        nlp.add_pipe(TRIGGERS, config={"data_dir": folder})
        nlp.add_pipe(LAYOUT, config={"data_dir": folder})
    return nlp


def blank(language: LanguageRecord) -> Language:
    """`spacy.blank` of the language's tokenizer, its `lang` the language's own code.

    The stages find their data files by `nlp.lang`: a language that borrows another's tokenizer
    (spaCy's multi-language "xx", say) is a subclass of that spaCy language under its own code,
    the way spaCy defines its languages.
    """
    if language.spacy == language.code:
        return spacy.blank(language.code)
    base = spacy.util.get_lang_class(language.spacy)
    own: type[Language] = type(f"{base.__name__}_{language.code}", (base,), {"lang": language.code})
    return own.from_config()


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

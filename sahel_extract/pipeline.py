"""Build the spaCy pipeline: blank tokenizer + sentence splitter + one component per stage."""

from __future__ import annotations

import bisect
import contextlib
import functools
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, cast

import numpy as np
import spacy
from spacy.attrs import IDX, SENT_START
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
    an object per token, which cost more than tokenising; here the token offsets are read in one
    `Doc.to_array` call, only the tokens after a final character or a line break are looked at,
    and the sentence starts are written back at once. (Array operations in numpy cost the same on
    news but 2.5x more on a two-sentence note: a dozen calls of fixed cost.)
    """

    FINAL = frozenset(Sentencizer.default_punct_chars)  # single characters, so one-character tokens
    FINAL_CHAR = re.compile("[" + "".join(map(re.escape, sorted(FINAL))) + "]")
    # the same class written with its ASCII characters only: with its hundred others, scattered
    # over both planes, the engine tests each character of a text against a list, 8x slower
    ASCII_FINAL_CHAR = re.compile("[" + "".join(re.escape(c) for c in sorted(FINAL) if c.isascii()) + "]")

    def __init__(self, run_on: frozenset[str] = frozenset()) -> None:
        self.run_on = run_on

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if n == 0:
            return doc
        text = text_of(doc)
        finals = [match.start() for match in (self.ASCII_FINAL_CHAR if text.isascii() else self.FINAL_CHAR).finditer(text)]
        last = doc[n - 1]
        if "\n" not in text and (not finals or (finals == [last.idx] and len(last) == 1)):
            doc.from_array([SENT_START], cast(Any, _one_sentence(n)))  # "… killing 5 civilians.": nothing follows the final
            return doc
        offsets: list[int] = doc.to_array(IDX).tolist()
        starts = self._after_finals(doc, text, offsets, finals)
        if "\n" in text:
            starts += self._after_line_breaks(doc, text, offsets)
        values = _one_sentence(n).copy()
        values[starts] = 1
        doc.from_array([SENT_START], cast(Any, values))
        return doc

    def _after_finals(self, doc: Doc, text: str, offsets: list[int], finals: list[int]) -> list[int]:
        """The sentencizer's starts: the first token after a final that is neither punctuation nor final.

        Only the tokens at and after the text's final characters are read: a note holds one or
        two, and reading the punctuation flag and length of every token cost more than the rest
        of the stage. (A final character inside a longer token, "U.S.", "3.5", ends no sentence.)
        """
        found = []
        final_chars = self.FINAL
        n = len(offsets)
        after = 0  # the tokens before this one were walked over already
        for at in finals:
            i = bisect.bisect_right(offsets, at) - 1
            if i < after or offsets[i] != at or len(doc[i]) != 1:
                continue
            j = i + 1
            while j < n:
                token = doc[j]
                if not (len(token) == 1 and text[offsets[j]] in final_chars) and not token.is_punct:
                    found.append(j)
                    break
                j += 1
            after = j
        return found

    def _after_line_breaks(self, doc: Doc, text: str, offsets: list[int]) -> list[int]:
        """Tokens following a whitespace token that holds a sentence-ending line break."""
        found = []
        for at in line_breaks(text, self.run_on):
            i = bisect.bisect_right(offsets, at) - 1
            end = offsets[i] + len(doc[i])
            if i + 1 < len(offsets) and end > at and text[offsets[i] : end].isspace():
                found.append(i + 1)
        return found


ONE_SENTENCE_CACHED = 512
"""Documents up to this many tokens share their one-sentence array (`_one_sentence`)."""


def _one_sentence(n: int) -> np.ndarray[Any, np.dtype[np.uint64]]:
    """The `SENT_START` column of a one-sentence document of `n` tokens: 1, then -1 (not a start).

    Read-only up to `ONE_SENTENCE_CACHED` tokens: a document of several sentences copies it and
    marks its starts. Building it from a list cost as much as finding a note's sentences, and a
    note's length is one of a few hundred.
    """
    return _cached_one_sentence(n) if n <= ONE_SENTENCE_CACHED else _sentence_column(n)


@functools.lru_cache(maxsize=ONE_SENTENCE_CACHED)
def _cached_one_sentence(n: int) -> np.ndarray[Any, np.dtype[np.uint64]]:
    values = _sentence_column(n)
    values.flags.writeable = False
    return values


def _sentence_column(n: int) -> np.ndarray[Any, np.dtype[np.uint64]]:
    values = np.full(n, np.iinfo(np.uint64).max, dtype=np.uint64)  # -1, as spaCy writes "not a start"
    values[0] = 1
    return values


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

"""Build the spaCy pipeline: blank tokenizer + sentencizer + one component per stage."""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

# Importing the component modules registers their factories with spaCy.
from sahel_extract.components import actors as _actors  # noqa: F401
from sahel_extract.components import casualties as _casualties  # noqa: F401
from sahel_extract.components import dates as _dates  # noqa: F401
from sahel_extract.components import places as _places  # noqa: F401
from sahel_extract.components import triggers as _triggers  # noqa: F401
from sahel_extract.components.common import ACTORS, CASUALTIES, DATES, PLACES, TRIGGERS

STAGES = (PLACES, ACTORS, DATES, CASUALTIES, TRIGGERS)
SUPPORTED_LANGS = ("en", "fr")


@Language.component("sahel_paragraphs")
def paragraph_breaks(doc: Doc) -> Doc:
    """A blank line ends a sentence: headlines and datelines have no full stop."""
    for token in doc[:-1]:
        if token.is_space and "\n\n" in token.text:
            doc[token.i + 1].is_sent_start = True
        elif "\n\n" in token.whitespace_:
            doc[token.i + 1].is_sent_start = True
    return doc


def build_nlp(lang: str = "en", data_dir: Path | None = None, actors_file: Path | None = None) -> Language:
    """A fresh pipeline for one language; every stage reads its data from `data_dir`."""
    if lang not in SUPPORTED_LANGS:
        raise ValueError(f"unsupported language {lang!r} (supported: {', '.join(SUPPORTED_LANGS)})")
    nlp = spacy.blank(lang)
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("sahel_paragraphs")
    folder = str(data_dir) if data_dir else ""
    nlp.add_pipe(PLACES, config={"data_dir": folder})
    nlp.add_pipe(ACTORS, config={"data_dir": folder, "actors_file": str(actors_file) if actors_file else ""})
    nlp.add_pipe(DATES)
    nlp.add_pipe(CASUALTIES)
    nlp.add_pipe(TRIGGERS, config={"data_dir": folder})
    return nlp

"""Text normalisation shared by every matcher, so that one folding rule governs all lookups."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'"})
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lowercase, strip accents, unify apostrophes: `Ségou` and `segou` fold alike."""
    text = text.translate(_APOSTROPHES)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


@lru_cache(maxsize=131072)
def key(text: str) -> str:
    """A tokenisation-proof lookup key: folded and stripped of everything but letters and digits.

    `Tin-Zaouatene`, `Tin Zaouatene` and `Tinzaouatene` share the key `tinzaouatene`, so
    place aliases need not list every hyphenation.
    """
    return _NON_ALNUM.sub("", fold(text))

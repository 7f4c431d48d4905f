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
    if text.isascii():
        return text.lower()  # no apostrophe to unify, nothing to decompose: most lines of most texts
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


def since_event_before(prepositions: str, reach: int) -> re.Pattern[str]:
    """The end of a phrase naming the event a period began with, up to a preposition that introduces
    its date or place: "since the military coup in …", "depuis l'arrivée au pouvoir des militaires en …".
    What follows is the period's start, background to the story: matched against the text before it."""
    return re.compile(
        rf"\b(?:since|depuis)\s+(?:the|a|an|le|la|les|l['’]|son|sa|leur)\b[^.;:,!?\n«»\"“”()]{{0,{reach}}}"
        rf"\s(?:{prepositions})\s*$",
        re.IGNORECASE,
    )

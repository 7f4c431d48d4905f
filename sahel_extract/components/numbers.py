"""Reading counts: digits, English and French number words, ranges, qualifiers, vague quantities.

What a figure may look like in a text (the `count` pattern and its number words) is per-language
data in `casualties/<lang>.yaml`; this module reads the value of a figure those rules found.

Vague quantities follow ACLED's coding rules: "dozens" is 12, "hundreds" 100, "several" and
"a few" 3, "many" 10 (kept as low/best/high so that users see the range).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

UNITS = {
    "zero": 0, "no": 0, "none": 0, "a": 1, "an": 1, "one": 1, "single": 1, "two": 2, "three": 3,
    "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
    "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
    # French
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six_fr": 6, "sept": 7,
    "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14,
    "quinze": 15, "seize": 16, "vingt": 20, "vingts": 20, "trente": 30, "quarante": 40,
    "cinquante": 50, "soixante": 60, "cent": 100, "cents": 100, "aucun": 0, "aucune": 0,
}
# French approximate nouns: "une trentaine" = about 30
APPROX_FR = {
    "dizaine": 10, "douzaine": 12, "quinzaine": 15, "vingtaine": 20, "trentaine": 30,
    "quarantaine": 40, "cinquantaine": 50, "soixantaine": 60, "centaine": 100,
}
# word -> (low, best, high)
VAGUE = {
    "several": (2, 3, 9), "a few": (2, 3, 5), "few": (2, 3, 5), "some": (2, 3, 9),
    "a number of": (2, 3, 9), "a handful of": (2, 3, 5), "many": (10, 10, 50),
    "numerous": (10, 10, 50), "scores of": (20, 20, 99), "dozens": (12, 12, 99),
    "dozens of": (12, 12, 99), "hundreds": (100, 100, 999), "hundreds of": (100, 100, 999),
    "plusieurs": (2, 3, 9), "quelques": (2, 3, 5), "de nombreux": (10, 10, 50),
    "de nombreuses": (10, 10, 50), "nombreux": (10, 10, 50), "des dizaines": (12, 12, 99),
    "plusieurs dizaines": (12, 12, 99), "des centaines": (100, 100, 999),
    "plusieurs centaines": (200, 200, 999), "a dozen": (12, 12, 12), "une douzaine": (12, 12, 12),
}
# the qualifiers a figure found by the rules may open with (parse_count reads their meaning)
QUALIFIER = (
    r"(?:at least|more than|over|nearly|almost|about|around|approximately|roughly|some|up to|"
    r"as many as|fewer than|less than|close to|an estimated|at most|no fewer than|"
    r"au moins|plus de|près de|pres de|presque|environ|quelque|jusqu'à|une|un)"
)


@dataclass(frozen=True, slots=True)
class Count:
    low: int
    best: int
    high: int
    vague: bool = False


def word_value(word: str) -> int | None:
    """Value of one number written in digits or words ("twenty-one", "soixante-dix", "1,200")."""
    w = word.lower().strip()
    if re.fullmatch(r"\d{1,3}(?:[, ]\d{3})+", w):
        return int(re.sub(r"[, ]", "", w))
    if w.isdigit():
        return int(w)
    if w in ("a dozen", "dozen"):
        return 12
    if w in ("six",):
        return 6
    parts = [p for p in re.split(r"[- ]", w) if p and p != "et"]
    if not parts:
        return None
    # French 70/80/90: "soixante-dix" = 60 + 10, "quatre-vingt-dix" = 4 x 20 + 10;
    # "cent(s)" and "mille" multiply what precedes them: "deux cent vingt" = 2 x 100 + 20.
    total = 0
    current = 0
    i = 0
    while i < len(parts):
        p = parts[i]
        if p == "quatre" and i + 1 < len(parts) and parts[i + 1] in ("vingt", "vingts"):
            current += 80
            i += 2
            continue
        if p == "dozen":  # "two dozen" is 24
            current = (current or 1) * 12
        elif p in ("cent", "cents"):
            current = (current or 1) * 100
        elif p == "mille":
            total += (current or 1) * 1000
            current = 0
        else:
            value = UNITS.get(p)
            if value is None:
                return None
            current += value
        i += 1
    return total + current


def _vague(t: str) -> Count | None:
    """ACLED's figures for words ("dozens", "several") and French approximations ("une trentaine")."""
    if t in VAGUE:
        low, best, high = VAGUE[t]
        return Count(low, best, high, vague=True)
    m = re.fullmatch(r"(?:une|la)\s+(\w+)", t)
    if m and m.group(1) in APPROX_FR:
        v = APPROX_FR[m.group(1)]
        return Count(v, v, v + 9, vague=True)
    return None


@functools.lru_cache(maxsize=4096)
def parse_count(text: str) -> Count | None:
    """Parse a COUNT match into low / best / high; the best is the lowest credible figure.

    Kept per text (a `Count` is frozen): notes say the same few figures ("two", "12 people")
    over and over, and the reading is a dozen regex passes.
    """
    t = " ".join(text.lower().split())
    t = re.sub(r"^(plus|près|pres) d['’]\s*", r"\1 de ", t)  # "plus d'une dizaine"
    t = re.sub(r"\s*\(\s*\d{1,4}\s*\)", "", t)  # "quarante-quatre (44)"
    vague = _vague(t)
    if vague is not None:
        return vague
    qualifier = ""
    m = re.match(rf"({QUALIFIER})\s+(.*)$", t)
    if m and m.group(2):
        qualifier, t = m.group(1), m.group(2)
        vague = _vague(t)  # "about dozens"
        if vague is not None:
            return vague
    m = (
        re.fullmatch(r"(?:between|entre)\s+(.+?)\s+(?:and|et)\s+(.+)", t)
        or re.fullmatch(r"(\d+)\s*(?:-|–)\s*(\d+)", t)
        or re.fullmatch(r"(.+?)\s+(?:to|or|à|ou)\s+(.+)", t)
    )
    if m:
        a, b = word_value(m.group(1)), word_value(m.group(2))
        if a is not None and b is not None and a <= b:
            return Count(a, a, b)
    value = word_value(t)
    if value is None:
        if qualifier in ("une", "un"):
            return None
        return None
    if qualifier in ("une", "un"):
        return None  # "une dizaine" is handled above; a bare article is not a count
    if qualifier in ("more than", "over", "plus de", "at least", "au moins", "no fewer than"):
        return Count(value, value, value * 2 if value else 0)
    if qualifier in ("nearly", "almost", "fewer than", "less than", "up to", "at most", "près de", "pres de", "presque", "jusqu'à"):
        return Count(max(0, value // 2), value, value)
    return Count(value, value, value)

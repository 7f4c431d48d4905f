"""`tolls/<lang>.yaml`: the per-language words that say whose dead a figure counts and how current it is.

The casualty stage reads them once, when the pipeline is built, into compiled patterns
(`TollCues`), and marks each figure with its side and its standing (earlier, revised, over a
period); the assembly step then weighs an incident's figures without knowing the language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from sahel_extract.components.caseless import CaselessPattern, lowered_exactly
from sahel_extract.errors import DataFileError
from sahel_extract.resources.loader import yaml_rows

CueId = Literal["state", "civilians", "attackers", "mixed", "earlier", "current", "period", "perfect", "national"]
CUE_IDS: tuple[CueId, ...] = ("state", "civilians", "attackers", "mixed", "earlier", "current", "period", "perfect", "national")
SIDES: tuple[CueId, ...] = ("state", "civilians", "attackers")


class TollCue(BaseModel):
    """One entry of `tolls/<lang>.yaml`: a list of words playing one part in reading a toll."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: CueId
    terms: Annotated[list[Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]], Field(min_length=1)]


def _words_source(terms: list[str]) -> str:
    """Whole words or word beginnings ("soldier" finds "soldiers"), longest first, either apostrophe."""
    forms = sorted({re.escape(t.lower().replace("’", "'")).replace("'", "['’]") for t in terms}, key=len, reverse=True)
    return r"(?<![\w])(?:" + "|".join(forms) + r")"


def _words(terms: list[str]) -> CaselessPattern:
    """`_words_source` as a caseless rule: searched in every figure's clause, a long alternation that
    the IGNORECASE engine tried word by word at every position (the period words: 11 µs a window)."""
    return CaselessPattern(_words_source(terms))


def _national(terms: list[str]) -> re.Pattern[str]:
    """A whole country or region named at the end of a clause, right after a figure's words."""
    return re.compile(rf"\s*{_words_source(terms)}\b\s*(?:[.;:\n]|\Z)", re.IGNORECASE)


@dataclass(frozen=True)
class TollCues:
    """The compiled cue lists of one language."""

    sides: dict[str, CaselessPattern]
    mixed: CaselessPattern
    earlier: CaselessPattern
    current: CaselessPattern
    period: CaselessPattern
    perfect: CaselessPattern
    national: re.Pattern[str]

    def national_total(self, figure: str, after: str) -> bool:
        """"More than two dozen French troops have been killed in Mali.": a figure in the present
        perfect over a whole country or region, ending its clause, counts every incident there."""
        return self.perfect.search(figure) is not None and self.national.match(after) is not None

    def side_of(self, victims: str) -> str | None:
        """Whose dead "victims" names: the side whose word comes first (the longest on a tie).

        Words after a share ("12 people, most of them volunteers") name only some of the dead: the
        figure counts the people before it, of any side.
        """
        share = self.mixed.search(victims)
        if share is not None:
            victims = victims[: share.start()]
        best: tuple[int, int, str] | None = None
        for side, pattern in self.sides.items():
            match = pattern.search(victims)
            if match is not None and (best is None or (match.start(), -len(match.group())) < best[:2]):
                best = (match.start(), -len(match.group()), side)
        return best[2] if best else None

    def last_side(self, text: str) -> str | None:
        """The side of the last victims' word in `text`: what "22 of them" looks back to."""
        best: tuple[int, str] | None = None
        folded = lowered_exactly(text)
        for side, pattern in self.sides.items():
            for match in pattern.finditer(text, folded):
                if best is None or match.start() > best[0]:
                    best = (match.start(), side)
        return best[1] if best else None


def load_toll_cues(path: Path) -> TollCues:
    rows = yaml_rows(path, "cues", TollCue)
    terms: dict[str, list[str]] = {}
    first: dict[str, int] = {}
    for row in rows:
        if row.record.id in first:
            raise DataFileError(path, row.line, "id", f"cue id {row.record.id} given twice (first on line {first[row.record.id]})")
        first[row.record.id] = row.line
        terms[row.record.id] = row.record.terms
    missing = [cue for cue in CUE_IDS if cue not in terms]
    if missing:
        raise DataFileError(path, None, "cues", f"missing cue list(s): {', '.join(missing)}")
    return TollCues(
        sides={side: _words(terms[side]) for side in SIDES},
        mixed=_words(terms["mixed"]),
        earlier=_words(terms["earlier"]),
        current=_words(terms["current"]),
        period=_words(terms["period"]),
        perfect=_words(terms["perfect"]),
        national=_national(terms["national"]),
    )

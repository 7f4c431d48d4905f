"""The cue words that tell a place mention's role in a story (`gazetteer/place_roles.yaml`).

A story names the outlet that reports it, the town its source speaks from, a governor's seat and
the hospital the wounded were taken to as well as the incident's own place. The cues are data,
per language, read once when the pipeline is built; `assemble.location` and `components.places`
turn them into patterns.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from sahel_extract.components.caseless import CaselessPattern, lowered_exactly
from sahel_extract.resources.loader import HEADER_KEYS, check_top_level, load_yaml, mapping_value, validate
from sahel_extract.text import since_event_before

Direction = str  # north, south, east, west, northeast, northwest, southeast, southwest, centre


class PlaceRoles(BaseModel):
    """Cue lists keyed by language (`en`, `fr` …), and compass parts of countries by region."""

    model_config = ConfigDict(extra="forbid")

    outlets: dict[str, list[str]] = Field(default_factory=dict)
    zones: dict[str, list[str]] = Field(default_factory=dict)
    incidental_before: dict[str, list[str]] = Field(default_factory=dict)
    incidental_after: dict[str, list[str]] = Field(default_factory=dict)
    # a journey's verb: the place it goes to, a few words on ("se rendait comme chaque jour à X")
    destination_before: dict[str, list[str]] = Field(default_factory=dict)
    route_before: dict[str, list[str]] = Field(default_factory=dict)
    capital: dict[str, list[str]] = Field(default_factory=dict)
    person_titles: dict[str, list[str]] = Field(default_factory=dict)
    # a name the gazetteer lacks, told as a person's: after a person's noun or a speech verb
    # ("spokesman X", "témoigne X") or followed by one in apposition ("X, un villageois")
    person_before: dict[str, list[str]] = Field(default_factory=dict)
    person_after: dict[str, list[str]] = Field(default_factory=dict)
    # acts done where power sits ("a coup"): with no place of their own, coded at the capital
    seat_of_power: dict[str, list[str]] = Field(default_factory=dict)
    # who holds a seat ("a member of parliament", "le président de l'Assemblée nationale"): a
    # person's title, which places nothing at the capital
    seat_titles_before: dict[str, list[str]] = Field(default_factory=dict)
    seat_titles_after: dict[str, list[str]] = Field(default_factory=dict)
    # what an attack hits at a place, naming it after ("the prison of X, the post of Y and a patrol
    # in Z"): such words between names keep a list of targets going
    target_nouns: dict[str, list[str]] = Field(default_factory=dict)
    directions: dict[str, dict[str, Direction]] = Field(default_factory=dict)
    regions_by_direction: dict[str, dict[Direction, str]] = Field(default_factory=dict)
    # a country's regions along its border with a neighbour: {"BF": {"TG": ["Est", "Centre-Est"]}}
    regions_by_border: dict[str, dict[str, list[str]]] = Field(default_factory=dict)

    def all_of(self, field: str) -> list[str]:
        """Every language's entries of a list field, longest first (an alternation tries them in order)."""
        values: dict[str, list[str]] = getattr(self, field)
        return sorted({v for vs in values.values() for v in vs}, key=lambda v: (-len(v), v))

    def direction_words(self) -> dict[str, Direction]:
        return {w.lower(): d for words in self.directions.values() for w, d in words.items()}


def alternation(phrases: list[str]) -> str:
    """A regex alternation of phrases, spaces matching any run of spaces."""
    return "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in phrases)


def load_place_roles(path: Path) -> PlaceRoles:
    """The file's `roles:` mapping, validated (an error names file, line and field); none if absent."""
    if not path.exists():
        return PlaceRoles()
    loaded = load_yaml(path)
    check_top_level(loaded, HEADER_KEYS | {"roles"})
    data = loaded.data.get("roles") if isinstance(loaded.data, dict) else None
    return validate(PlaceRoles, data or {}, path, 1, mapping_value(loaded.node, "roles"))


ROLE_OWN, ROLE_ROUTE, ROLE_INCIDENTAL = 0, 1, 2
"""A mention's role: the incident's own place, a road's end ("between X and Y"), or incidental."""

# "20 km from Dori": "from" there measures a distance, it names no origin
DISTANCE_FROM = re.compile(r"(?:\d\s*(?:km|kms|kilomet\w*|kilomèt\w*|miles?)|north|south|east|west|away)\s+(?:\w+\s+)?from\s*$", re.I)
# "since the military coup in Niamey", "depuis l'attaque de Kouloubané": the place of the event a period
# began with is background, as its date is (components/dates.py, the same phrase)
SINCE_EVENT = since_event_before("in|at|à|en|au|of|de|d['’]", 45)
_SINCE_WORDS = ("since", "depuis")
"""The words `SINCE_EVENT` opens with, one of which a window must hold for it to match."""


def _since_event(window: str, folded: str | None) -> bool:
    """`SINCE_EVENT.search(window)`; `folded` is the window's `lowered_exactly`, whose lack of both of
    the rule's opening words answers without a scan (few place mentions follow "since")."""
    if folded is not None and not any(word in folded for word in _SINCE_WORDS):
        return False
    return SINCE_EVENT.search(window) is not None


LOOKBEHIND = 1
"""How far before a stretch of text the cue rules may look: a one-character lookbehind or word boundary."""


def search_in(rule: CaselessPattern, text: str, start: int, end: int, *, anchored: bool = False) -> re.Match[str] | None:
    """`rule.exact.search(text, start, end)` (`match` when `anchored`), scanned over the lowercased
    stretch (and the characters before it that a lookbehind reads) rather than with IGNORECASE:
    the same match, a fraction of the cost of trying every cue at every position."""
    lead = max(0, start - LOOKBEHIND)
    folded = lowered_exactly(text[lead:end])
    if folded is None:
        return (rule.exact.match if anchored else rule.exact.search)(text, start, end)
    found = (rule.fast.match if anchored else rule.fast.search)(folded, start - lead)
    return None if found is None else rule.exact.match(text, lead + found.start(), end)


def finditer_in(rule: CaselessPattern, text: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """`rule.exact.finditer(text, start, end)`, scanned over the lowercased stretch as `search_in` scans."""
    lead = max(0, start - LOOKBEHIND)
    folded = lowered_exactly(text[lead:end])
    if folded is None:
        yield from rule.exact.finditer(text, start, end)
        return
    if not rule.may_match(folded):
        return
    for found in rule.fast.finditer(folded, start - lead):
        match = rule.exact.match(text, lead + found.start(), end)
        if match is not None:
            yield match


def _search_folded(rule: CaselessPattern, text: str, folded: str | None) -> re.Match[str] | None:
    """`rule.search(text)` when the caller has `lowered_exactly(text)` already (`folded`)."""
    if folded is None:
        return rule.exact.search(text)
    if not rule.may_match(folded):
        return None
    found = rule.fast.search(folded)
    return None if found is None else rule.exact.match(text, found.start())


class RoleCues:
    """The cue lists compiled once into patterns over the text around a mention."""

    def __init__(self, roles: PlaceRoles, country_names: dict[str, str]) -> None:
        self.roles = roles
        article = r"(?:the\s+|la\s+|le\s+|les\s+|l'|l’)?"
        # "the town of", "the border town of", "la ville frontalière de": a settlement word, one epithet allowed
        unit = (
            r"(?:(?:[^\W\d_]+\s+)?(?:town|city|village|region|province|commune|department|ville|région|localité)"
            r"(?:\s+[^\W\d_]+)?\s+(?:of|de|du|d')\s*)?"
        )
        before = roles.all_of("incidental_before")
        self.before = CaselessPattern(rf"(?<![\w-])(?:{alternation(before)})\s*{article}{unit}$") if before else None
        # "alors qu'il se rendait comme à son habitude à X", "en direction de X", "heading back to X":
        # where the victims were going, a few words after the verb, not where the incident happened
        journey = roles.all_of("destination_before")
        self.destination = (
            CaselessPattern(
                # "its destination is a base at X": "at" only two words on ("on their way home when attacked at X")
                rf"(?<![\w-])(?:{alternation(journey)})(?:(?:\s+[^\W\d_][\w'’]*){{0,4}}?\s+"
                rf"(?:à|au|aux|vers|de|du|d'|d’|to|for|towards?)|(?:\s+[^\W\d_][\w'’]*){{0,2}}?\s+at)\s*{article}{unit}$"
            )
            if journey else None
        )
        after = roles.all_of("incidental_after")
        self.after = CaselessPattern(rf"\s*(?:'s\s+|’s\s+)?(?:{alternation(after)})(?![\w-])") if after else None
        route = roles.all_of("route_before")
        # the far end of a road: "between Djibo (Djibo, Soum) and X", "the axis Djibo-X"; its first
        # name is where the incident is coded, as ACLED codes it, unless the text names a town as
        # the incident's own ("moving between Boni and Torodi, ambushed outside Kotogo")
        self.route = (
            CaselessPattern(
                rf"(?<![\w-])(?:{alternation(route)})\s+{article}(?:{unit}[^.;:]{{1,60}}?\s+(?:and|et|to|à)\s+{article}{unit}|[\w'’]+-)$"
            )
            if route else None
        )
        self.route_start = CaselessPattern(rf"(?<![\w-])(?:{alternation(route)})\s+{article}{unit}$") if route else None
        seat = roles.all_of("seat_of_power")
        # scanned over every sentence of a story placed no better than a region: caseless, not IGNORECASE
        self.seat_of_power = CaselessPattern(rf"(?<![\w-])(?:{alternation(seat)})(?![\w-])") if seat else None
        titles_before, titles_after = roles.all_of("seat_titles_before"), roles.all_of("seat_titles_after")
        self.seat_title_before = (
            re.compile(rf"(?<![\w-])(?:{alternation(titles_before)})\s*{article}$", re.I) if titles_before else None
        )
        self.seat_title_after = re.compile(rf"\s+(?:{alternation(titles_after)})(?![\w-])", re.I) if titles_after else None
        words = roles.direction_words()
        self.directions = words
        alt = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
        names = "|".join(re.escape(n) for n in sorted(country_names, key=len, reverse=True))
        self.country_names = {n.lower(): c for n, c in country_names.items()}
        # "in eastern Burkina Faso", "Togo's far north", "dans l'est du pays", "in the north"
        self.direction = CaselessPattern(
            rf"(?:\b(?P<country>{names})(?:'s|’s)\s+|\b(?:in|of|dans|de)\s+(?:the\s+|le\s+|l'|l’|la\s+)?"
            rf"(?:country's\s+|country’s\s+)?)(?:far[- ]|extreme[- ]|extrême[- ])?(?P<dir>{alt})\b"
            rf"(?:\s+(?:part\s+of\s+|of\s+|du\s+|de\s+l'|de\s+la\s+|de\s+)?(?:the\s+)?(?P<after>{names}))?"
        ) if alt and names else None

    def role(self, text: str, start: int, end: int) -> int:
        """The role the words around `text[start:end]` give the mention."""
        window = text[max(0, start - 45) : start]
        folded = lowered_exactly(window)  # once for the rules that read the window alone
        if self.before is not None:
            found = _search_folded(self.before, window, folded)
            if found and not (found.group(0).lower().startswith("from") and DISTANCE_FROM.search(window)):
                return ROLE_INCIDENTAL
        if self.goes_to(text, start) or _since_event(window, folded):
            return ROLE_INCIDENTAL
        if self.after is not None and search_in(self.after, text, end, end + 30, anchored=True):
            return ROLE_INCIDENTAL
        if self.route is not None and self.route.found_in(window, folded):
            return ROLE_ROUTE
        return ROLE_OWN

    def goes_to(self, text: str, start: int) -> bool:
        """"se rendait comme à son habitude à X", "on his way back to X": X is where someone was going.

        Incidental (no incident of its own starts there) but, where nothing better is named, ranked
        above a source's or a victim's home town ("a resident of Reo … on his way back to Ouagadougou").
        """
        return self.destination is not None and search_in(self.destination, text, max(0, start - 45), start) is not None

    def seat_in(self, text: str, start: int, end: int) -> re.Match[str] | None:
        """The first act or institution of power in `text[start:end]` ("a coup", "marched on parliament"),
        skipping a seat named in a person's title ("a member of parliament", "parliament speaker")."""
        if self.seat_of_power is None:
            return None
        for found in finditer_in(self.seat_of_power, text, start, end):
            before = self.seat_title_before is not None and self.seat_title_before.search(text, max(0, found.start() - 40), found.start())
            after = self.seat_title_after is not None and self.seat_title_after.match(text, found.end())
            if not before and not after:
                return found
        return None

    def starts_route(self, text: str, start: int) -> bool:
        """"between X and …", "the axis X-…": X, the first end of a road."""
        return self.route_start is not None and search_in(self.route_start, text, max(0, start - 45), start) is not None

    def region_by_direction(self, sentence: str, fallback_country: str | None) -> tuple[str | None, str | None]:
        """(country, region) a sentence's compass phrase gives: "in eastern Burkina Faso" is (BF, Est)."""
        if self.direction is None:
            return None, None
        for match in self.direction.finditer(sentence, lowered_exactly(sentence)):
            named = match.group("country") or match.group("after")
            country = self.country_names.get(named.lower()) if named else fallback_country
            direction = self.directions.get(match.group("dir").lower())
            if country and direction:
                region = self.roles.regions_by_direction.get(country, {}).get(direction)
                return country, region
        return None, None

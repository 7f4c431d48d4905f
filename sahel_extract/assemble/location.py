"""Choose and resolve the location of an incident from the place mentions of its sentences."""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from spacy.tokens import Doc, Span

from sahel_extract.components.caseless import lowered_exactly
from sahel_extract.components.common import PLACES, PlaceHit, attach, payload, span_text, text_of
from sahel_extract.models import Location
from sahel_extract.resources.assembly_rules import AssemblyRules
from sahel_extract.resources.place_roles import ROLE_INCIDENTAL, ROLE_OWN, ROLE_ROUTE
from sahel_extract.resources.places import KIND_RANK, Gazetteer, PlaceEntry, distance_km
from sahel_extract.text import key

NEIGHBOUR_KM = 100  # a homonym this close to a town the article names unambiguously is the one meant
CORE_COUNTRIES = {"ML", "BF", "NE"}  # the conflict's core: wins a tie with a border homonym
EXPLICIT = frozenset({"coded_as", "bracket_alias"})  # the text names the place it is coded at
# The words around a place name that say what it is (a locative, a site, a wood, a region, a list, a
# border) are the language's, in `gazetteer/assembly/<lang>.yaml` (`AssemblyRules`, passed as `rules`).
# unknown names the text presents as places ("the village of X", "near X"), as good as a known town
NAMED_RULES = EXPLICIT | {"named_settlement", "people_settlement", "settlement_named", "paren_admin", "near_unknown", "in_unknown", "pair_member"}
SPECIFICITY = {"place": 3, "admin2": 2, "admin1": 1, "country": 0}


@dataclass(frozen=True, slots=True)
class Context:
    """What the whole article says about where it is: countries and regions mentioned."""

    countries: Counter[str]
    admin1s: Counter[tuple[str, str]]
    # the capitals' regions, apart: a capital is named as the seat of government more than as a place
    capital_admin1s: Counter[tuple[str, str]] = field(default_factory=Counter)
    # where the article's unambiguous towns lie: a homonym near them is the one meant
    anchors: tuple[tuple[float, float], ...] = ()


def _key_share(entries: Sequence[PlaceEntry]) -> tuple[str, int, str | None, str | None] | None:
    """The country all of a key's entries lie in, its weight, the first entry's region (the capital's
    region apart, last); None if they differ."""
    country = next((e for e in entries if e.kind == "country"), None)
    if country is not None:
        return country.country, 2, None, None  # "Niger", "Benin": the country, not Niger State or Benin City
    if len({e.country for e in entries}) != 1:
        return None
    weight = 2 if any(e.kind in ("country", "admin1") for e in entries) else 1
    # the capital is named as the seat of government ("talks in Bamako"): it tells the country only
    if any(e.settlement == "capital" for e in entries):
        return entries[0].country, weight, None, entries[0].admin1
    return entries[0].country, weight, entries[0].admin1, None


def _empty_counter() -> Counter[Any]:
    """`Counter()`, made without `Counter.__init__`: that is Python code (it calls `update(None)`)
    costing four times the object, and every article makes three Counters for its context."""
    counter: Counter[Any] = Counter.__new__(Counter)
    return counter


def article_context(gazetteer: Gazetteer, places: list[Span], actor_countries: Iterable[str]) -> Context:
    countries: Counter[str] = _empty_counter()
    for code in actor_countries:
        countries[code] = countries.get(code, 0) + 1
    admin1s: Counter[tuple[str, str]] = _empty_counter()
    # what each key adds, worked out once per key: a story repeats its place names
    shares: dict[str, tuple[str, int, str | None, str | None] | None] = {}
    capitals: Counter[tuple[str, str]] = _empty_counter()
    for span in places:
        hit: PlaceHit = payload(span, PLACES)
        if hit.key:
            if hit.key not in shares:
                shares[hit.key] = gazetteer.derived("share", hit.key, _key_share)
            share = shares[hit.key]
            if share is not None:
                country, weight, admin1, capital_admin1 = share
                countries[country] += weight
                if admin1:
                    admin1s[(country, admin1)] += 1
                elif capital_admin1:
                    capitals[(country, capital_admin1)] += 1
        for name in hit.context:
            unit = gazetteer.admin(name)
            if unit and unit.admin1:
                countries[unit.country] += 1
                admin1s[(unit.country, unit.admin1)] += 2
    anchors = [anchor for anchor in (gazetteer.derived("anchor", k, _anchor) for k in shares) if anchor is not None]
    return Context(countries, admin1s, capitals, tuple(anchors))


def _anchor(entries: Sequence[PlaceEntry]) -> tuple[float, float] | None:
    """Where a key's one town lies, when the key names one town only (no capital) and nothing abroad."""
    towns = [e for e in entries if e.kind == "place"]
    if len(towns) == 1 and towns[0].settlement != "capital" and all(e.country == towns[0].country for e in entries):
        return towns[0].latitude, towns[0].longitude
    return None


def _paren_agreement(entry: PlaceEntry, hit: PlaceHit, gazetteer: Gazetteer) -> int:
    """How many units of the name's bracket ("(Djenne, Mopti)") the entry lies in."""
    agree = 0
    for name in hit.context:
        unit = gazetteer.admin(name, entry.country)
        if unit and (unit.admin1 == entry.admin1 or (unit.admin2 and unit.admin2 == entry.admin2)):
            agree += 1
    return agree


def rank_entry(entry: PlaceEntry, hit: PlaceHit, context: Context, gazetteer: Gazetteer) -> tuple[float, ...]:
    """Higher is better: parenthesis agreement, article context, curated data, size."""
    return (
        _paren_agreement(entry, hit, gazetteer),
        context.admin1s.get((entry.country, entry.admin1 or ""), 0) > 0,
        _near_anchor(entry, context),
        context.countries.get(entry.country, 0),
        SPECIFICITY[entry.kind],
        entry.country in CORE_COUNTRIES,
        entry.source == "curated",
        KIND_RANK.get(entry.settlement, 1),
        entry.population,
    )


def _near_anchor(entry: PlaceEntry, context: Context) -> bool:
    """Whether the entry lies within NEIGHBOUR_KM of a town the article names unambiguously."""
    return entry.kind == "place" and any(
        distance_km(entry.latitude, entry.longitude, lat, lon) <= NEIGHBOUR_KM
        for lat, lon in context.anchors
        if (lat, lon) != (entry.latitude, entry.longitude)
    )


def resolve(hit: PlaceHit, gazetteer: Gazetteer, context: Context) -> PlaceEntry | None:
    """The gazetteer entry a mention names, or None when it names none.

    A name whose bracket places it in units where the gazetteer has no such name ("Marebougou
    (Djenne, Mopti)" when only the Kayes and Ségou villages are listed) is an unlisted homonym,
    not the listed one in another region.
    """
    if not hit.key:
        return None
    entries = gazetteer.entries_of(hit.key)
    if hit.rule == "admin_designated":
        entries = [e for e in entries if e.kind in ("admin1", "admin2")] or entries
    elif gazetteer.names_country(hit.key):
        entries = [e for e in entries if e.kind == "country"]  # "Benin" is the country, not Benin City
    if not entries:
        return None
    best = entries[0] if len(entries) == 1 else max(entries, key=lambda e: rank_entry(e, hit, context, gazetteer))
    if _paren_agreement(best, hit, gazetteer) == 0 and _qualified(hit, gazetteer):
        return None
    return best


def _admin_from_context(hit: PlaceHit, gazetteer: Gazetteer, context: Context) -> PlaceEntry | None:
    units = [unit for unit in map(gazetteer.admin, hit.context) if unit is not None]
    # the most precise unit that agrees with the last, broadest one: "(Ansongo, Gao)" is Ansongo
    for unit in units:
        if unit.country == units[-1].country and unit.admin1 == units[-1].admin1:
            return unit
    return None


@dataclass(slots=True)
class _Candidate:
    build: Callable[[], Location]  # called for the chosen candidate only: most are ranked and dropped
    start: int  # the mention's offsets, those of its location
    end: int
    known: bool  # resolved to a gazetteer entry
    settlement: bool  # resolved to a populated place (not a unit or country)
    explicit: bool  # "coded as X", "X [Y]"
    qualified: bool  # followed by its admin units: "Kobou (Douentza, Mopti)"
    tier: float  # SPECIFICITY; 2.5 for a bare unknown name
    # What follows only ranks candidates: set by `_best` when there are two or more
    locative: bool = False  # "in X", "near X", "the village of X" (read for a town only)
    role: int = ROLE_OWN  # the incident's own place, a road's end, or incidental ("a resident of Dori")
    named: bool = True  # False for "the capital", which yields to any town the text names
    route_start: bool = False  # "between X and Y": X, which yields to a town given as the incident's own
    site: bool = False  # "the village of X", "le village de X": a settlement named as such, over a bare "in X"
    destination: bool = False  # "on his way to X": incidental, yet above a source's or a home town
    def rank(self, order: int) -> tuple[float, ...]:
        town = self.tier >= 2.5
        # an incidental town ("the mayor of Djibo") loses to the incident's own region but not to a
        # bare country, which says as little as an incidental mention
        level: float = -ROLE_INCIDENTAL - (self.role == ROLE_INCIDENTAL) if self.tier == SPECIFICITY["country"] else -self.role
        if self.destination and self.role == ROLE_INCIDENTAL:
            level += 0.5  # where someone was going: below the incident's own and a road's, above a home town
        return (
            self.explicit, level, town and self.qualified, town, self.named, not self.route_start, town and self.site,
            town and self.locative,
            self.tier, -order,
        )


def place_mentions(doc: Doc) -> list[Span]:
    """Every mention the places stage found, read once per document: each read of a span group
    makes new Span objects, and the sentence-region fallbacks read it for every unknown place."""
    spans: list[Span] | None = doc.user_data.get("place_mentions")
    if spans is None:
        spans = doc.user_data["place_mentions"] = list(doc.spans[PLACES])
    return spans


def place_roles(spans: list[Span], gazetteer: Gazetteer, rules: AssemblyRules) -> list[int]:
    """Each mention's role from the words around it: the incident's own, a road's end, incidental.

    A list shares its first member's cue: "fled towards Bandiagara and Sévaré" makes both incidental.
    """
    roles: list[int] = []
    if not spans:
        return roles
    doc = spans[0].doc
    text = text_of(doc)
    # the words around a mention are asked once per document, though every event of its incident,
    # each sentence region and the incident grouping ask them again
    known: dict[tuple[int, int], int] = doc.user_data.setdefault("place_roles", {})
    for i, span in enumerate(spans):
        if roles and roles[-1] == ROLE_INCIDENTAL and rules.list_gap.fullmatch(text, spans[i - 1].end_char, span.start_char):
            roles.append(ROLE_INCIDENTAL)
            continue
        where = (span.start_char, span.end_char)
        role = known.get(where)
        if role is None:
            role = known[where] = gazetteer.cues.role(text, *where)
        roles.append(role)
    return roles


def qualifies_next(spans: list[Span], index: int, rules: AssemblyRules) -> bool:
    """"Gao's Tessit town", "Tera's Chatoumane": the first name qualifies the next one (its region),
    and tells no place of the sentence's own."""
    if index + 1 >= len(spans):
        return False
    return rules.possessive_gap.fullmatch(text_of(spans[index].doc), spans[index].end_char, spans[index + 1].start_char) is not None


def choose_location(
    spans: list[Span], gazetteer: Gazetteer, context: Context, rules: AssemblyRules
) -> tuple[Location | None, bool]:
    """The most precise place among the incident's mentions; (location, in_gazetteer)."""
    if not spans:
        return None, False
    # "between Boni and Yirma (Douentza, Mopti)", "Soh in Timiniri Commune (Bandiagara, Mopti)": the
    # units in the bracket qualify the whole phrase, whose first name is the one coded
    hits: list[PlaceHit] = [payload(span, PLACES) for span in spans]
    text = text_of(spans[0].doc)
    for i in range(len(spans) - 2, -1, -1):
        between = text[spans[i].end_char : spans[i + 1].start_char]
        if hits[i + 1].context and not hits[i].context and len(between) <= 25 and not rules.phrase_break.search(between):
            hits[i] = replace(hits[i], context=hits[i + 1].context)
    candidates = [_candidate(span, hit, gazetteer, context, rules) for span, hit in zip(spans, hits, strict=True)]
    # a lone mention is the location: the words around it only rank it against others
    order = _best(spans, hits, candidates, gazetteer, rules) if len(candidates) > 1 else 0
    best = candidates[order]
    if not best.known:
        # "Tango, near Debere" / "X, 20 km from Y" / "Efelle, Adiora Commune": a place the gazetteer
        # lacks keeps its name and takes the region and coordinates of the known settlement named
        # right after it (precision 2)
        for other in candidates[order + 1 :]:
            if other.known and other.settlement and other.role != ROLE_INCIDENTAL and 0 < other.start - best.end < 60:
                if hits[order].rule in ("in_unknown", "name_run") and rules.within.fullmatch(text[best.end : other.start]):
                    return other.build(), True  # "at Independence Square in Bamako": a spot in the town, coded as the town
                return _located_by(best.build(), other.build()), False
    if best.tier == SPECIFICITY["country"]:
        region = _compass_region(spans[order], gazetteer, context) or _national(spans[order], gazetteer, context)
        if region is not None:
            return region, True
    return best.build(), best.known


def _best(
    spans: list[Span], hits: list[PlaceHit], candidates: list[_Candidate], gazetteer: Gazetteer, rules: AssemblyRules
) -> int:
    """The index of the candidate that ranks first, from the words around each mention."""
    text = text_of(spans[0].doc)
    previous: _Candidate | None = None
    sited: list[bool] = []  # "the town of X" before each: a settlement named as such
    roles = place_roles(spans, gazetteer, rules)
    for candidate, hit, role in zip(candidates, hits, roles, strict=True):
        candidate.role = role
        if previous is not None and rules.possessive_gap.fullmatch(text, previous.end, candidate.start):
            previous.role = max(previous.role, ROLE_ROUTE)  # "Gao's Tessit town", "Tera's Chatoumane": Gao qualifies
        candidate.named = hit.rule != "capital"
        window = text[max(0, candidate.start - 40) : candidate.start]
        folded = lowered_exactly(window)  # once for the two rules that read the words before
        candidate.locative = candidate.tier >= 2.5 and _locative(text, candidate.end, window, folded, rules)
        candidate.route_start = candidate.role == ROLE_OWN and gazetteer.cues.starts_route(text, candidate.start)
        sited.append(rules.site_before.found_in(window, folded))
        # not the town a distance is measured from ("65 km northeast of the town of Diffa")
        candidate.site = sited[-1] and not rules.measured_from.search(window)
        candidate.destination = role == ROLE_INCIDENTAL and gazetteer.cues.goes_to(text, candidate.start)
        previous = candidate
    # a road's first end is coded unless the text sets the incident in a named town or village
    # ("moving between Boni and Torodi, ambushed on the outskirts of the town of Kotogo")
    if not any(c.role == ROLE_OWN and site for c, site in zip(candidates, sited, strict=True)):
        for candidate in candidates:
            candidate.route_start = False
    order, best = max(enumerate(candidates), key=lambda c: c[1].rank(c[0]))
    wood = rules.forest_after.match(text, best.end)
    if wood or rules.forest_before.search(text, max(0, best.start - 12), best.start):
        gap = wood.end() if wood else best.end
        beside = next((i for i, c in enumerate(candidates) if i > order and c.tier >= 2.5 and c.role != ROLE_INCIDENTAL
                       and rules.beside.fullmatch(text, gap, c.start)), None)
        if beside is not None:
            order, best = beside, candidates[beside]
    return order


def at_seat_of_power(
    location: Location | None, in_gazetteer: bool, sentences: list[Span], places: list[Span], gazetteer: Gazetteer, context: Context,
) -> tuple[Location | None, bool]:
    """"after the overthrow of Bazoum in a military coup on July 26": a coup told without a town of
    its own is coded at its country's capital (precision 3), as ACLED codes a national-level event.

    Only for an incident placed no better than a region, or by a town of an earlier sentence: a coup
    sentence that names a town keeps it.
    """
    own = location is not None and any(s.start_char <= location.start < s.end_char for s in sentences)
    if gazetteer.cues.seat_of_power is None or (location is not None and own and location.precision < 3):
        return location, in_gazetteer  # a town of the incident's own sentences
    text = text_of(sentences[0].doc)
    for sentence in sentences:
        found = gazetteer.cues.seat_in(text, sentence.start_char, sentence.end_char)
        if found is None:
            continue
        if any(sentence.start <= p.start < sentence.end and _names_town(p, gazetteer, context) for p in places):
            return location, in_gazetteer
        code = location.country_code if location is not None and location.country_code else main_country(context)
        row = gazetteer.country(code) if code else None
        seat = gazetteer.capital(code) if row is not None and row.sahel and code else None
        if seat is None:
            return location, in_gazetteer
        country = gazetteer.country(seat.country)
        return Location(
            name=seat.name, country=country.name if country else None, country_code=seat.country, admin1=seat.admin1,
            admin2=seat.admin2, latitude=round(seat.latitude, 5), longitude=round(seat.longitude, 5),
            geonames_id=seat.geonames_id, precision=3, mention=found.group(0), start=found.start(), end=found.end(),
        ), True
    return location, in_gazetteer


def _names_town(span: Span, gazetteer: Gazetteer, context: Context) -> bool:
    entry = resolve(payload(span, PLACES), gazetteer, context)
    return entry is None or entry.kind == "place"


def _national(span: Span, gazetteer: Gazetteer, context: Context) -> Location | None:
    """A story placed only in its country is coded at the country's capital, precision 3, as ACLED
    codes a national-level event (the mention stays the country's name)."""
    entry = resolve(payload(span, PLACES), gazetteer, context)
    row = gazetteer.country(entry.country) if entry is not None and entry.kind == "country" else None
    seat = gazetteer.capital(row.code) if row is not None and row.sahel else None
    return None if seat is None else _location(seat, span, 3, seat.name, gazetteer)


def _compass_region(span: Span, gazetteer: Gazetteer, context: Context) -> Location | None:
    """"a church in northern Burkina Faso": the region a compass part of the country names, if one."""
    entry = resolve(payload(span, PLACES), gazetteer, context)
    if entry is None or entry.kind != "country":
        return None
    sentence = _sentence_of(span)
    text = text_of(span.doc)[sentence.start_char : sentence.end_char]
    country, name = gazetteer.cues.region_by_direction(text, entry.country)
    region = gazetteer.region(country, name) if country == entry.country and name else None
    return None if region is None else _location(region, span, 3, region.name, gazetteer)


def _candidate(span: Span, hit: PlaceHit, gazetteer: Gazetteer, context: Context, rules: AssemblyRules) -> _Candidate:
    qualified = _qualified(hit, gazetteer)
    explicit = hit.rule in EXPLICIT
    entry = resolve(hit, gazetteer, context)
    if entry is not None and entry.kind == "admin2" and hit.rule == "admin_designated" and _region_named(span, rules):
        # "the region of Tillaberi": the region, not the department of the same name
        entry = next((e for e in gazetteer.entries_of(hit.key) if e.kind == "admin1" and e.country == entry.country), entry)
    if entry is not None:
        precision = 3 if entry.kind in ("admin1", "country") else (2 if entry.kind == "admin2" else hit.precision_cue)
        if hit.distance_km is not None and hit.distance_km > 50 and entry.kind == "place":
            precision = 3
        name = span_text(span) if hit.rule == "bracket_alias" and key(span_text(span)) != hit.key else entry.name
        return _Candidate(
            lambda: _location(entry, span, precision, name, gazetteer), span.start_char, span.end_char,
            True, entry.kind == "place", explicit, qualified, SPECIFICITY[entry.kind],
        )
    tier = SPECIFICITY["place"] if hit.rule in NAMED_RULES else 2.5
    return _Candidate(
        lambda: _unlisted(span, hit, gazetteer, context, rules), span.start_char, span.end_char,
        False, False, explicit, qualified, tier,
    )


def _region_named(span: Span, rules: AssemblyRules) -> bool:
    text = text_of(span.doc)
    return bool(
        rules.region_before.search(text[max(0, span.start_char - 16) : span.start_char]) or rules.region_after.match(text, span.end_char)
    )


def _locative(text: str, end: int, before: str, folded: str | None, rules: AssemblyRules) -> bool:
    """"in X", "near X", "the village of X", "the X gold mine". Read for towns only: the one rank it
    changes (`_Candidate.rank`). `before`: the 40 characters before the mention, `folded` their
    `lowered_exactly`."""
    return rules.locative_before.found_in(before, folded) or bool(rules.site_after.match(text, end))


def _unlisted(span: Span, hit: PlaceHit, gazetteer: Gazetteer, context: Context, rules: AssemblyRules) -> Location:
    """A named place the gazetteer lacks: its own name, located by its bracket or the article."""
    seat = _seat_from_context(hit, gazetteer)
    unit = _admin_from_context(hit, gazetteer, context)
    if unit is None and seat is None and hit.rule == "list_member":
        unit = _list_neighbour_region(span, gazetteer, context)  # "Koro, Thy, Bapho, Ségou": Ségou's region
    if unit is None and seat is None:
        unit, country = _sentence_region(span, gazetteer, context, rules)
        if unit is None and country is not None and country != main_country(context):
            return _unplaced(span, gazetteer, context, country)  # "the town of Sanloaga in Togo"
        if unit is None:
            unit = _context_region(gazetteer, context)
    if seat is not None:
        # "Kelbo-Foulbe (Kelbo, Soum)": located at the commune named in its bracket
        loc = _location(seat, span, max(2, hit.precision_cue), span_text(span), gazetteer).model_copy(update={"geonames_id": None})
    elif unit is None:
        loc = _unplaced(span, gazetteer, context)
    else:
        loc = _location(unit, span, 2 if unit.kind == "admin2" else 3, span_text(span), gazetteer)
    if hit.rule in EXPLICIT:
        loc = loc.model_copy(update={"precision": max(hit.precision_cue, loc.precision if unit is None else 1)})
    return loc


def _located_by(unknown: Location, known: Location) -> Location:
    return known.model_copy(update={
        "name": unknown.name, "mention": unknown.mention, "start": unknown.start, "end": unknown.end,
        "geonames_id": None, "precision": max(2, known.precision),
    })


def _seat_from_context(hit: PlaceHit, gazetteer: Gazetteer) -> PlaceEntry | None:
    """The settlement a bracket names first when the rest of the bracket agrees ("(Kelbo, Soum)")."""
    if not hit.context:
        return None
    units = [u for u in map(gazetteer.admin, hit.context[1:]) if u is not None]
    for entry in gazetteer.lookup(hit.context[0]):
        if entry.kind == "place" and all(entry.country == u.country and entry.admin1 == u.admin1 for u in units):
            return entry
    return None


def _qualified(hit: PlaceHit, gazetteer: Gazetteer) -> bool:
    """"Kobou (Douentza, Mopti)": a name given with its admin units is the coded location."""
    return bool(hit.context) and any(gazetteer.admin(name) is not None for name in hit.context)


def main_country(context: Context) -> str | None:
    """The country the article's places and actors name most, if any."""
    return context.countries.most_common(1)[0][0] if context.countries else None


def _list_neighbour_region(span: Span, gazetteer: Gazetteer, context: Context) -> PlaceEntry | None:
    """The region of the nearest known town of the same list, the next one first."""
    near: list[tuple[int, Span]] = []
    for other in place_mentions(span.doc):
        if not payload(other, PLACES).key:
            continue
        gap = other.start_char - span.end_char if other.start_char > span.start_char else span.start_char - other.end_char
        if 0 <= gap <= 80:
            near.append((0 if other.start_char > span.start_char else 1, other))
    for _side, other in sorted(near, key=lambda n: (n[0], abs(n[1].start_char - span.start_char))):
        entry = resolve(payload(other, PLACES), gazetteer, context)
        if entry is not None and entry.kind == "place" and entry.admin1:
            return gazetteer.region(entry.country, entry.admin1)
    return None


def _sentence_of(span: Span) -> Span:
    """`span.sent`, found among the sentences assembly lists once per document: `span.sent` walks
    the tokens, after asking the document whether it has sentence starts at all."""
    sentences: list[Span] | None = span.doc.user_data.get("sentences")
    if sentences:
        sentence = sentences[bisect_right(sentences, span.start, key=lambda s: s.start) - 1]
        if sentence.start <= span.start and span.end <= sentence.end:
            return sentence
    return span.sent


def _sentence_region(
    span: Span, gazetteer: Gazetteer, context: Context, rules: AssemblyRules
) -> tuple[PlaceEntry | None, str | None]:
    """The region and country the unknown place's own sentence gives, if any.

    "Kodyel, in eastern Burkina Faso", "Toulfe, in the north", "X in Togo's far north": a unit named
    in the sentence, else a compass part of the country it names (or of the article's country).
    """
    sentence = _sentence_of(span)
    text = text_of(span.doc)
    country: str | None = None
    after: PlaceEntry | None = None
    before: PlaceEntry | None = None
    own = [p for p in place_mentions(span.doc) if sentence.start <= p.start < sentence.end]
    # a list shares its first member's role: "near the border with Togo and Ghana" names neither as the place's
    roles = {p.start: role for p, role in zip(own, place_roles(own, gazetteer, rules), strict=True)}
    borders: set[str] = set()  # the neighbours whose border the sentence puts the place near
    for other in own:
        if other.start == span.start:
            continue
        hit: PlaceHit = payload(other, PLACES)
        entries = gazetteer.entries_of(hit.key) if hit.key else []
        kinds = {e.kind for e in entries}
        if "country" in kinds:
            code = next(e.country for e in entries if e.kind == "country")
            sahel = (row := gazetteer.country(code)) is not None and row.sahel
            if roles[other.start] == ROLE_INCIDENTAL and rules.border_before.search(text, max(0, other.start_char - 45), other.start_char):
                borders.add(code)
            # not "near the border with Togo", nor a foreign power ("Russia's attempt in Azawad")
            if sahel and roles[other.start] != ROLE_INCIDENTAL:
                country = country or code
        elif kinds & {"admin1", "admin2"} and (hit.rule == "admin_designated" or kinds <= {"admin1", "admin2"}):
            named = next(e for e in entries if e.kind in ("admin1", "admin2"))
            if other.start > span.start and after is None:
                after = named
            elif other.start < span.start:
                before = named
    unit = after or before or _sentence_town_region(span, own, gazetteer, context)
    if unit is not None:
        return unit, unit.country
    fallback = country or main_country(context)
    along = _border_region(gazetteer, fallback, borders)
    if along is not None:
        return along, along.country
    found_country, region = gazetteer.cues.region_by_direction(text[sentence.start_char : sentence.end_char], fallback)
    country = country or found_country
    if region and found_country:
        return gazetteer.region(found_country, region), found_country
    return None, country


def _border_region(gazetteer: Gazetteer, country: str | None, neighbours: set[str]) -> PlaceEntry | None:
    """The one region of `country` along the border with every neighbour named ("near the border with
    Togo and Ghana": Burkina Faso's Centre-Est), none when several share it (place_roles.yaml
    `regions_by_border`)."""
    table = gazetteer.roles.regions_by_border.get(country or "", {})
    if not neighbours or country in neighbours or not neighbours <= table.keys():
        return None
    common = set.intersection(*(set(table[n]) for n in neighbours))
    return gazetteer.region(country, common.pop()) if country and len(common) == 1 else None


def _sentence_town_region(span: Span, own: list[Span], gazetteer: Gazetteer, context: Context) -> PlaceEntry | None:
    """The region of the nearest town of the sentence the gazetteer knows: "arrested in Diafarabe
    before taking them to the village of Mamba" puts Mamba in Diafarabe's region. `own`: the
    sentence's place mentions."""
    best: tuple[int, PlaceEntry] | None = None
    for other in own:
        if other.start == span.start:
            continue
        entry = resolve(payload(other, PLACES), gazetteer, context)
        if entry is None or entry.kind != "place" or not entry.admin1 or entry.settlement == "capital":
            continue
        gap = abs(other.start_char - span.start_char)
        if best is None or gap < best[0]:
            best = gap, entry
    return None if best is None else gazetteer.region(best[1].country, best[1].admin1 or "")


def _unplaced(span: Span, gazetteer: Gazetteer, context: Context, code: str | None = None) -> Location:
    """A clearly named place with no known region: its name and the article's (or its sentence's) country."""
    code = code or main_country(context)
    country = gazetteer.country(code) if code else None
    return Location(
        name=span_text(span), country=country.name if country else None, country_code=code,
        precision=2, mention=span_text(span), start=span.start_char, end=span.end_char,
    )


def _context_region(gazetteer: Gazetteer, context: Context) -> PlaceEntry | None:
    """The article's most named region; the capital's only when the article names no other."""
    regions = context.admin1s or context.capital_admin1s
    if not regions:
        return None
    (country, admin1), _ = regions.most_common(1)[0]
    return gazetteer.region(country, admin1)


def _location(entry: PlaceEntry, span: Span, precision: int, name: str, gazetteer: Gazetteer) -> Location:
    country = gazetteer.country(entry.country)
    admin1 = entry.admin1
    admin2 = entry.admin2
    return Location(
        name=name,
        country=country.name if country else None,
        country_code=entry.country,
        admin1=admin1,
        admin2=admin2,
        latitude=round(entry.latitude, 5),
        longitude=round(entry.longitude, 5),
        geonames_id=entry.geonames_id,
        precision=min(3, max(1, precision)),
        mention=span_text(span),
        start=span.start_char,
        end=span.end_char,
    )


def name_capitals(gazetteer: Gazetteer, places: list[Span], actor_countries: Iterable[str]) -> list[Span]:
    """"in the capital", "dans la capitale": the capital of the story's country, or no place at all.

    The component marks the phrase; which capital it is needs the whole story's countries
    (`actor_countries` is read only then: most stories name no capital).
    """
    capitals = [p for p in places if payload(p, PLACES).rule == "capital"]
    if not capitals:
        return places
    others = [p for p in places if payload(p, PLACES).rule != "capital"]
    code = main_country(article_context(gazetteer, others, actor_countries))
    seat = gazetteer.capital(code) if code else None
    if seat is None:
        return others
    for span in capitals:
        attach(span, PLACES, replace(payload(span, PLACES), key=key(seat.name)))
    return places

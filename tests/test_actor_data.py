"""Invariants of the curated actor data (gazetteer/actors.yaml and generic_actors.yaml).

These checks read the raw YAML, independently of the library's loader, so that a data edit
which breaks something the alias matcher relies on (one actor per alias, successors that
resolve, the canonical names the gold data uses) fails here with the actor's name instead of
surfacing later as a wrongly attributed event.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
import yaml

GAZETTEER = Path(__file__).parent.parent / "gazetteer"
ACTORS_FILE = GAZETTEER / "actors.yaml"
GENERIC_FILE = GAZETTEER / "generic_actors.yaml"

LANGUAGES = ("en", "fr")
ACTOR_KEYS = (
    "name",
    "full_name",
    "acled_name",
    "type",
    "country",
    "state_forces_of",
    "parent",
    "valid_from",
    "valid_to",
    "successor",
    "aliases",
)
ALLOWED_TYPES = frozenset(
    {
        "State forces",
        "Rebel group",
        "Political militia",
        "Identity militia",
        "Rioters",
        "Protesters",
        "Civilians",
        "External/Other forces",
    }
)
GENERIC_FAMILIES = ("state_forces", "unidentified", "civilians", "protesters", "rioters")
MIN_ACTORS = 60
TYPOGRAPHIC_APOSTROPHE = "\u2019"  # press copy uses it as often as the ASCII one

# The canonical names of the gold data: the table must offer every one of them.
GOLD_NAMES = (
    "JNIM",
    "Katiba Macina",
    "ISSP",
    "ISWAP/Boko Haram",
    "AQIM",
    "Ansarul Islam",
    "Ansar Dine",
    "MUJAO",
    "Al Mourabitoune",
    "CSP",
    "FLA",
    "MNLA",
    "HCUA",
    "CMA",
    "GATIA",
    "MSA",
    "MAA",
    "Platform",
    "Wagner Group",
    "Africa Corps",
    "MINUSMA",
    "French forces",
    "G5 Sahel",
    "Dan Na Ambassagou",
    "Dozo militia",
    "Koglweogo",
    "VDP",
    "Fulani militia",
    "Dogon militia",
    "FAMa",
    "Burkina Faso forces",
    "Niger forces",
    "Chad forces",
    "Mauritania forces",
    "Civilians",
    "Protesters",
    "Rioters",
    "Unidentified armed group",
)

# Aliases deliberately shared by two actors in one language: (language, folded alias) ->
# why the ambiguity is acceptable. Empty today; an entry needs a reason a reviewer accepts.
SHARED_ALIAS_ALLOWLIST: dict[tuple[str, str], str] = {}

# Ordinary words that must never be an alias on their own: they would fire on plain prose.
FORBIDDEN_BARE_ALIASES = (
    "platform",
    "plateforme",
    "front",
    "movement",
    "mouvement",
    "group",
    "groupe",
    "coalition",
    "framework",
    "council",
    "forces",
    "force",
    "militia",
    "milice",
    "rebels",
    "rebelles",
    "hunters",
    "volunteers",
    "volontaires",
    "sabre",
    "fla",
    "maa",
)


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def match_key(alias: str) -> str:
    """The form the matcher compares, per the README: all-caps aliases are exact, others folded."""
    if not any(c.islower() for c in alias):
        return alias
    return _strip_accents(alias).casefold()


def collision_key(alias: str) -> str:
    """A deliberately coarse key, so that near-identical aliases of two actors are caught too."""
    return _strip_accents(alias.replace(TYPOGRAPHIC_APOSTROPHE, "'")).casefold()


def _load(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    assert isinstance(data, dict), f"{path.name}: top level must be a mapping"
    return data


@pytest.fixture(scope="module")
def actor_file() -> dict[str, Any]:
    return _load(ACTORS_FILE)


@pytest.fixture(scope="module")
def actors(actor_file: dict[str, Any]) -> list[dict[str, Any]]:
    rows = actor_file["actors"]
    assert isinstance(rows, list)
    return rows


@pytest.fixture(scope="module")
def by_name(actors: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {actor["name"]: actor for actor in actors}


@pytest.fixture(scope="module")
def generic() -> dict[str, Any]:
    return _load(GENERIC_FILE)


def resolve(actors: list[dict[str, Any]], lang: str, mention: str) -> list[str]:
    """Names of the actors whose `lang` aliases match `mention` under the README's rules."""

    def matches(alias: str) -> bool:
        if not any(c.islower() for c in alias):
            return alias == mention
        return match_key(alias) == _strip_accents(mention).casefold()

    return [
        actor["name"] for actor in actors if any(matches(alias) for alias in actor["aliases"][lang])
    ]


# --- headers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "body_keys"),
    [
        (ACTORS_FILE, {"actors"}),
        (GENERIC_FILE, set(GENERIC_FAMILIES)),
    ],
)
def test_header_states_source_licence_and_nothing_else(path: Path, body_keys: set[str]) -> None:
    data = _load(path)
    assert set(data) == {"source", "licence"} | body_keys
    assert data["source"]
    assert "CC BY 4.0" in data["licence"]
    assert "sahel-extract contributors" in data["licence"]


# --- shape of each actor ---------------------------------------------------------------


def test_every_actor_has_exactly_the_documented_keys(actors: list[dict[str, Any]]) -> None:
    wrong = {
        a.get("name"): sorted(set(a) ^ set(ACTOR_KEYS)) for a in actors if set(a) != set(ACTOR_KEYS)
    }
    assert not wrong


def test_aliases_are_lists_of_clean_strings_per_language(actors: list[dict[str, Any]]) -> None:
    problems = []
    for actor in actors:
        aliases = actor["aliases"]
        if not isinstance(aliases, dict) or set(aliases) != set(LANGUAGES):
            problems.append((actor["name"], "languages", aliases))
            continue
        for lang in LANGUAGES:
            for alias in aliases[lang]:
                if not isinstance(alias, str) or not alias or alias != alias.strip():
                    problems.append((actor["name"], lang, alias))
    assert not problems


def test_names_are_unique(actors: list[dict[str, Any]]) -> None:
    counts: dict[str, int] = defaultdict(int)
    for actor in actors:
        counts[actor["name"]] += 1
    assert {name: n for name, n in counts.items() if n > 1} == {}


def test_types_are_acled_types(actors: list[dict[str, Any]]) -> None:
    assert {a["name"]: a["type"] for a in actors if a["type"] not in ALLOWED_TYPES} == {}


def test_full_and_acled_names_are_present(actors: list[dict[str, Any]]) -> None:
    missing = [a["name"] for a in actors if not a["full_name"] or not a["acled_name"]]
    assert missing == []


@pytest.mark.parametrize("field", ["country", "state_forces_of"])
def test_country_codes_are_iso_alpha2(actors: list[dict[str, Any]], field: str) -> None:
    bad = {
        a["name"]: a[field]
        for a in actors
        if a[field] is not None
        and not (len(a[field]) == 2 and a[field].isascii() and a[field].isupper())
    }
    assert bad == {}


@pytest.mark.parametrize("field", ["parent", "successor"])
def test_references_name_an_existing_actor(
    actors: list[dict[str, Any]], by_name: dict[str, dict[str, Any]], field: str
) -> None:
    dangling = {
        a["name"]: a[field] for a in actors if a[field] is not None and a[field] not in by_name
    }
    self_refs = [a["name"] for a in actors if a[field] == a["name"]]
    assert dangling == {}
    assert self_refs == []


def test_there_are_enough_actors(actors: list[dict[str, Any]]) -> None:
    assert len(actors) >= MIN_ACTORS


@pytest.mark.parametrize("name", GOLD_NAMES)
def test_gold_canonical_name_exists(by_name: dict[str, dict[str, Any]], name: str) -> None:
    assert name in by_name


# --- validity dates --------------------------------------------------------------------


def _as_date(value: object) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    assert isinstance(value, str), f"not a date: {value!r}"
    return dt.date.fromisoformat(value)


def test_dates_parse_and_are_ordered(actors: list[dict[str, Any]]) -> None:
    unordered = []
    for actor in actors:
        start, end = _as_date(actor["valid_from"]), _as_date(actor["valid_to"])
        if start is not None and end is not None and start > end:
            unordered.append(actor["name"])
    assert unordered == []


def test_a_successor_takes_over_after_an_end_date(actors: list[dict[str, Any]]) -> None:
    assert [a["name"] for a in actors if a["successor"] is not None and a["valid_to"] is None] == []


def test_successor_chains_end(by_name: dict[str, dict[str, Any]]) -> None:
    """The matcher follows successors transitively, so a cycle would never terminate."""
    for name in by_name:
        seen = {name}
        current = by_name[name]["successor"]
        while current is not None:
            assert current not in seen, f"successor cycle through {name}"
            seen.add(current)
            current = by_name[current]["successor"]


@pytest.mark.parametrize(
    ("name", "valid_from", "valid_to", "successor"),
    [
        # Russian forces
        ("Wagner Group", None, "2025-06-06", "Africa Corps"),
        ("Africa Corps", "2024-01-01", None, None),
        # Azawad movements: MNLA / HCUA / MAA -> CMA -> CSP -> FLA
        # the movements fought as the CSP from 2023 (Bourem, Léré): their names then mean the CSP
        ("MNLA", "2011-10-16", "2022-12-31", "CSP"),
        ("HCUA", "2013-05-02", "2024-11-29", "FLA"),
        ("MAA", "2012-04-01", "2024-11-29", "FLA"),
        ("CMA", "2014-06-09", "2022-12-31", "CSP"),
        ("CSP", "2021-05-06", "2024-11-29", "FLA"),
        ("FLA", "2024-11-30", None, None),
        # Jihadist mergers of 2013 and 2017
        ("MUJAO", "2011-10-01", None, None),
        ("Al Mourabitoune", "2013-08-22", None, None),
        ("Ansar Dine", "2011-12-01", None, None),
        ("JNIM", "2017-03-02", None, None),
        ("Katiba Macina", "2015-01-05", None, None),
        # Multinational missions
        ("AFISMA", "2013-01-17", "2013-06-30", "MINUSMA"),
        ("MINUSMA", "2013-07-01", "2023-12-31", None),
        ("G5 Sahel", "2017-07-02", "2023-12-06", None),
        ("Task Force Takuba", "2020-03-27", "2022-06-30", None),
    ],
)
def test_validity_of_renamed_and_merged_actors(
    by_name: dict[str, dict[str, Any]],
    name: str,
    valid_from: str | None,
    valid_to: str | None,
    successor: str | None,
) -> None:
    actor = by_name[name]
    expected = (
        None if valid_from is None else dt.date.fromisoformat(valid_from),
        None if valid_to is None else dt.date.fromisoformat(valid_to),
        successor,
    )
    assert (
        _as_date(actor["valid_from"]),
        _as_date(actor["valid_to"]),
        actor["successor"],
    ) == expected


@pytest.mark.parametrize(
    ("name", "parent"),
    [
        ("Katiba Macina", "JNIM"),
        ("Katiba Serma", "JNIM"),
        ("Ansar Dine", "JNIM"),
        ("Al Mourabitoune", "JNIM"),
        ("MNLA", "CMA"),
        ("GATIA", "Platform"),
        ("Task Force Takuba", "French forces"),
        ("Journalists", "Civilians"),
    ],
)
def test_parent_links(by_name: dict[str, dict[str, Any]], name: str, parent: str) -> None:
    assert by_name[name]["parent"] == parent


# --- state forces ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("FAMa", "ML"),
        ("Burkina Faso forces", "BF"),
        ("Niger forces", "NE"),
        ("Chad forces", "TD"),
        ("Mauritania forces", "MR"),
        ("Algeria forces", "DZ"),
        ("Nigeria forces", "NG"),
        ("Côte d'Ivoire forces", "CI"),
        ("Benin forces", "BJ"),
        ("Togo forces", "TG"),
        ("Ghana forces", "GH"),
        ("Senegal forces", "SN"),
    ],
)
def test_national_forces_name_their_country(
    by_name: dict[str, dict[str, Any]], name: str, code: str
) -> None:
    actor = by_name[name]
    assert (actor["type"], actor["state_forces_of"], actor["country"]) == (
        "State forces",
        code,
        code,
    )


def test_state_forces_of_is_set_only_on_state_forces(actors: list[dict[str, Any]]) -> None:
    codes = [a["state_forces_of"] for a in actors if a["state_forces_of"] is not None]
    assert {a["name"] for a in actors if a["state_forces_of"] is not None} == {
        a["name"] for a in actors if a["type"] == "State forces"
    }
    assert len(codes) == len(set(codes)), "one national-forces entry per country"


# --- aliases ---------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_alias_is_shared_by_two_actors(actors: list[dict[str, Any]], lang: str) -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for actor in actors:
        for alias in actor["aliases"][lang]:
            owners[collision_key(alias)].add(actor["name"])
    shared = {
        alias: sorted(names)
        for alias, names in owners.items()
        if len(names) > 1 and (lang, alias) not in SHARED_ALIAS_ALLOWLIST
    }
    assert shared == {}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_actor_repeats_an_alias(actors: list[dict[str, Any]], lang: str) -> None:
    repeated = {}
    for actor in actors:
        keys = [match_key(alias) for alias in actor["aliases"][lang]]
        duplicates = sorted({key for key in keys if keys.count(key) > 1})
        if duplicates:
            repeated[actor["name"]] = duplicates
    assert repeated == {}


@pytest.mark.parametrize("word", FORBIDDEN_BARE_ALIASES)
def test_ordinary_word_is_not_an_alias(actors: list[dict[str, Any]], word: str) -> None:
    owners = [
        (actor["name"], lang, alias)
        for actor in actors
        for lang in LANGUAGES
        for alias in actor["aliases"][lang]
        if match_key(alias) == word
    ]
    assert owners == []


def test_very_short_aliases_are_case_sensitive(actors: list[dict[str, Any]]) -> None:
    """A two- or three-letter alias matched case-insensitively would fire on ordinary words."""
    loose = [
        (actor["name"], alias)
        for actor in actors
        for lang in LANGUAGES
        for alias in actor["aliases"][lang]
        if len(alias) <= 3 and any(c.islower() for c in alias)
    ]
    assert loose == []


@pytest.mark.parametrize(
    ("lang", "mention", "expected"),
    [
        # JNIM and its katibas
        ("en", "JNIM", "JNIM"),
        ("en", "Jama'at Nusrat al-Islam wal-Muslimin", "JNIM"),
        ("en", f"Jama{TYPOGRAPHIC_APOSTROPHE}at Nusrat al-Islam wal-Muslimin", "JNIM"),
        ("en", "Jamaat Nusrat al-Islam wal Muslimin", "JNIM"),
        ("en", "Group for the Support of Islam and Muslims", "JNIM"),
        ("fr", "GSIM", "JNIM"),
        ("fr", "Groupe de soutien à l'islam et aux musulmans", "JNIM"),
        ("fr", "groupe de soutien a l'islam et aux musulmans", "JNIM"),
        ("en", "Macina Liberation Front", "Katiba Macina"),
        ("fr", "Front de libération du Macina", "Katiba Macina"),
        ("en", "AQIM", "AQIM"),
        ("fr", "AQMI", "AQIM"),
        # Islamic State
        ("en", "ISGS", "ISSP"),
        ("en", "Islamic State in the Greater Sahara", "ISSP"),
        ("en", "IS-Sahel", "ISSP"),
        ("fr", "EIGS", "ISSP"),
        ("fr", "Etat islamique au Grand Sahara", "ISSP"),
        ("en", "Boko Haram", "ISWAP/Boko Haram"),
        ("en", "ISWAP", "ISWAP/Boko Haram"),
        # Azawad movements
        ("en", "CSP-PSD", "CSP"),
        ("en", "Permanent Strategic Framework", "CSP"),
        ("fr", "Cadre strategique permanent", "CSP"),
        ("en", "Azawad Liberation Front", "FLA"),
        ("fr", "Front de libération de l'Azawad", "FLA"),
        ("en", "MAA-Platform", "MAA"),
        ("en", "Platform coalition", "Platform"),
        ("fr", "la Plateforme", "Platform"),
        # Foreign forces
        ("en", "Wagner mercenaries", "Wagner Group"),
        ("fr", "mercenaires russes", "Wagner Group"),
        ("en", "Africa Korps", "Africa Corps"),
        ("en", "Barkhane", "French forces"),
        ("en", "Operation Serval", "French forces"),
        ("en", "UN peacekeepers", "MINUSMA"),
        ("fr", "casques bleus", "MINUSMA"),
        ("fr", "Force unifiée de l'AES", "AES unified force"),
        # State forces
        ("en", "FAMa", "FAMa"),
        ("en", "FAMA", "FAMa"),
        ("en", "Malian army", "FAMa"),
        ("en", "Malian police", "FAMa"),
        ("fr", "gendarmerie malienne", "FAMa"),
        ("en", "Burkinabe gendarmerie", "Burkina Faso forces"),
        ("fr", "armée burkinabe", "Burkina Faso forces"),
        ("fr", "bataillons d'intervention rapide", "Burkina Faso forces"),
        ("en", "Nigerien soldiers", "Niger forces"),
        ("fr", "Forces armées nigériennes", "Niger forces"),
        ("en", "Nigerian troops", "Nigeria forces"),
        # Militias
        ("en", "VDP", "VDP"),
        ("fr", "Volontaires pour la défense de la patrie", "VDP"),
        ("en", "donsos", "Dozo militia"),
        ("fr", "chasseurs traditionnels", "Dozo militia"),
        ("en", "Dana Ambassagou", "Dan Na Ambassagou"),
        ("fr", "milice peule", "Fulani militia"),
        # Named civilian groups
        ("en", "aid workers", "Aid workers"),
        ("fr", "journalistes", "Journalists"),
    ],
)
def test_mention_resolves_to_one_actor(
    actors: list[dict[str, Any]], lang: str, mention: str, expected: str
) -> None:
    assert resolve(actors, lang, mention) == [expected]


@pytest.mark.parametrize(
    ("lang", "mention"),
    [
        # All-caps aliases are case-sensitive: lowercase prose must not hit them.
        ("en", "fla"),
        ("en", "maa"),
        ("en", "csp"),
        # FDS is used by three countries: it is a generic state_forces phrase, not an alias.
        ("fr", "FDS"),
        ("en", "platform"),
    ],
)
def test_mention_resolves_to_no_actor(
    actors: list[dict[str, Any]], lang: str, mention: str
) -> None:
    assert resolve(actors, lang, mention) == []


# --- generic_actors.yaml ---------------------------------------------------------------


@pytest.mark.parametrize("family", GENERIC_FAMILIES)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_generic_family_is_a_clean_phrase_list(
    generic: dict[str, Any], family: str, lang: str
) -> None:
    phrases = generic[family][lang]
    assert phrases, f"{family}/{lang} is empty"
    assert set(generic[family]) == set(LANGUAGES)
    # Lowercase phrases match loosely; an all-caps acronym (FDS, HANI) is allowed as such.
    odd = [
        p
        for p in phrases
        if not isinstance(p, str) or p != p.strip() or not (p.islower() or p.isupper())
    ]
    assert odd == []
    keys = [match_key(p) for p in phrases]
    assert sorted({k for k in keys if keys.count(k) > 1}) == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_generic_phrase_belongs_to_one_family(generic: dict[str, Any], lang: str) -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for family in GENERIC_FAMILIES:
        for phrase in generic[family][lang]:
            owners[collision_key(phrase)].add(family)
    assert {p: sorted(f) for p, f in owners.items() if len(f) > 1} == {}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_generic_phrase_is_not_an_actor_alias(
    generic: dict[str, Any], actors: list[dict[str, Any]], lang: str
) -> None:
    aliases = {
        collision_key(alias): actor["name"] for actor in actors for alias in actor["aliases"][lang]
    }
    clashes = {
        phrase: aliases[collision_key(phrase)]
        for family in GENERIC_FAMILIES
        for phrase in generic[family][lang]
        if collision_key(phrase) in aliases
    }
    assert clashes == {}


@pytest.mark.parametrize(
    ("family", "lang", "phrase"),
    [
        # state_forces
        ("state_forces", "en", "soldiers"),
        ("state_forces", "en", "soldier"),
        ("state_forces", "en", "defence and security forces"),
        ("state_forces", "en", "gendarmes"),
        ("state_forces", "fr", "FDS"),
        ("state_forces", "fr", "soldats"),
        ("state_forces", "fr", "forces de défense et de sécurité"),
        # unidentified
        ("unidentified", "en", "gunmen"),
        ("unidentified", "en", "suspected jihadists"),
        ("unidentified", "en", "armed bandits"),
        ("unidentified", "fr", "hommes armés non identifiés"),
        ("unidentified", "fr", "HANI"),
        ("unidentified", "fr", "djihadistes"),
        # civilians
        ("civilians", "en", "villagers"),
        ("civilians", "en", "worshippers"),
        ("civilians", "fr", "villageois"),
        ("civilians", "fr", "orpailleurs"),
        # protesters and rioters
        ("protesters", "en", "demonstrators"),
        ("protesters", "fr", "manifestants"),
        ("rioters", "en", "rioters"),
        ("rioters", "fr", "émeutiers"),
    ],
)
def test_generic_phrase_is_listed(
    generic: dict[str, Any], family: str, lang: str, phrase: str
) -> None:
    assert phrase in generic[family][lang]


@pytest.mark.parametrize("name", ["Civilians", "Protesters", "Rioters", "Unidentified armed group"])
def test_generic_families_have_an_actor_entry(
    by_name: dict[str, dict[str, Any]], name: str
) -> None:
    """The families resolve to these entries, whose phrases live only in generic_actors.yaml."""
    assert by_name[name]["aliases"] == {"en": [], "fr": []}

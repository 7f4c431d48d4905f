"""The gazetteer: places, administrative units and countries, indexed by a folded name key."""

from __future__ import annotations

import contextlib
import math
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator

from sahel_extract import cache, text
from sahel_extract.errors import DataFileError
from sahel_extract.resources import loader, place_roles
from sahel_extract.resources.loader import Row, data_file, read_tsv_rows, split_list, yaml_rows
from sahel_extract.resources.place_roles import PlaceRoles, RoleCues, load_place_roles
from sahel_extract.text import key

T = TypeVar("T")
PlaceKind = Literal["country", "admin1", "admin2", "place"]


class PlaceRow(BaseModel):
    """One row of `places.tsv` or `geonames_places.tsv`."""

    model_config = ConfigDict(extra="forbid")

    id: str
    name: str
    aliases: list[str] = Field(default_factory=list)
    country: str = Field(pattern=r"^[A-Z]{2}$")
    admin1: str
    admin2: str | None = None
    latitude: float = Field(ge=-90, le=90)
    longitude: float = Field(ge=-180, le=180)
    kind: Literal["capital", "city", "town", "village", "locality", "camp", "base", "mine", "site"]
    population: int | None = Field(default=None, ge=0)
    geonames_id: int | None = None

    @field_validator("aliases", mode="before")
    @classmethod
    def _split(cls, value: object) -> object:
        return split_list(value) if isinstance(value, str) else value


# Column order of places.tsv and of every file written in its format (GeoNames imports, builds)
PLACE_COLUMNS: tuple[str, ...] = tuple(PlaceRow.model_fields)


class AdminRow(BaseModel):
    """One row of `admin.tsv`: a region (level 1) or province / cercle / department (level 2)."""

    model_config = ConfigDict(extra="forbid")

    country: str = Field(pattern=r"^[A-Z]{2}$")
    level: int = Field(ge=1, le=2)
    name: str
    aliases: list[str] = Field(default_factory=list)
    admin1: str
    latitude: float = Field(ge=-90, le=90)
    longitude: float = Field(ge=-180, le=180)
    geonames_code: str | None = None
    # the older region a level-1 unit was carved out of: where GeoNames' place rows still put it
    carved_from: str | None = None

    @field_validator("aliases", mode="before")
    @classmethod
    def _split(cls, value: object) -> object:
        return split_list(value) if isinstance(value, str) else value


class CountryRow(BaseModel):
    """One entry of `countries.yaml`."""

    model_config = ConfigDict(extra="forbid")

    code: str = Field(pattern=r"^[A-Z]{2}$")
    name: str
    latitude: float
    longitude: float
    sahel: bool = False
    names: dict[str, list[str]] = Field(default_factory=dict)
    demonyms: dict[str, list[str]] = Field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class PlaceEntry:
    """A resolvable place: what a name key can point to."""

    name: str
    kind: PlaceKind
    country: str
    admin1: str | None
    admin2: str | None
    latitude: float
    longitude: float
    population: int
    geonames_id: int | None
    source: str
    settlement: str = ""  # places.tsv kind (town, village …); empty for admin units and countries


ADMIN_MEMO = 65536  # the (name, country) answers `Gazetteer.admin` keeps
KIND_RANK = {"capital": 6, "city": 5, "town": 4, "base": 3, "camp": 3, "mine": 3, "village": 2}


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p = math.pi / 180
    h = (
        math.sin((lat2 - lat1) * p / 2) ** 2
        + math.cos(lat1 * p) * math.cos(lat2 * p) * math.sin((lon2 - lon1) * p / 2) ** 2
    )
    return 12742 * math.asin(math.sqrt(h))


class Gazetteer:
    """All place-like names, looked up by `text.key()` of the mention."""

    def __init__(
        self,
        places: list[PlaceEntry],
        countries: list[CountryRow],
        sources: list[str],
    ) -> None:
        self.entries = places
        self.countries = {c.code: c for c in countries}
        self.sources = sources
        self._index: dict[str, list[int]] = defaultdict(list)
        # the entries of each key, in `_index` order: assembly looks keys up for every mention
        self._entries_by_key: dict[str, list[PlaceEntry]] = defaultdict(list)
        self._aliases: dict[int, list[str]] = defaultdict(list)
        self._country_keys: set[str] = set()  # the keys that name a country (and maybe more)
        # `admin` answers by (name, country): assembly asks it of every bracket name, for every homonym
        self._admins: dict[tuple[str, str | None], PlaceEntry | None] = {}
        # what readers work out from a key's entries (`derived`), kept by (kind, key)
        self._derived: dict[tuple[str, str], Any] = {}
        self.max_tokens = 1
        # cue words of a mention's role; load_gazetteer sets the file's
        self.cues = RoleCues(PlaceRoles(), {})
        self._capitals: dict[str, PlaceEntry] | None = None
        # (country, region) -> the region it was carved out of (`admin.tsv` `carved_from`)
        self.carved_from: dict[tuple[str, str], str] = {}

    def add_names(self, index: int, names: list[str]) -> None:
        self._admins.clear()
        self._derived.clear()
        for name in names:
            k = key(name)
            if len(k) < 2:
                continue
            bucket = self._index[k]
            if index not in bucket:
                bucket.append(index)
                self._entries_by_key[k].append(self.entries[index])
                if self.entries[index].kind == "country":
                    self._country_keys.add(k)
            if name not in self._aliases[index]:
                self._aliases[index].append(name)  # every spelling is matched: "Ménaka" as well as "Menaka"
            self.max_tokens = max(self.max_tokens, name.count(" ") + name.count("-") + 2)

    def names_by_entry(self) -> list[tuple[int, list[str]]]:
        return sorted(self._aliases.items())

    def lookup(self, name: str) -> list[PlaceEntry]:
        return self.lookup_key(key(name))

    def lookup_key(self, k: str) -> list[PlaceEntry]:
        found = self._entries_by_key.get(k)
        return [] if found is None else found.copy()  # a copy: the list is the caller's to change

    def entries_of(self, k: str) -> Sequence[PlaceEntry]:
        """`lookup_key` for a caller that only reads: the entries themselves, not a copy."""
        return self._entries_by_key.get(k, ())

    def derived(self, kind: str, k: str, build: Callable[[Sequence[PlaceEntry]], T]) -> T:
        """`build(entries_of(k))`, kept by (kind, key): assembly works out the same facts of a key
        (its country, whether it anchors the article) for every article that names it. The memo
        holds at most one value per kind and gazetteer key (a key it lacks has no entries to read)."""
        try:
            value: T = self._derived[kind, k]
        except KeyError:
            entries = self.entries_of(k)
            value = build(entries)
            if entries:
                self._derived[kind, k] = value
        return value

    def has_key(self, k: str) -> bool:
        return k in self._index

    def names_country(self, k: str) -> bool:
        """Whether one of the key's entries is a country ("Niger", not only Niger State)."""
        return k in self._country_keys

    def admin(self, name: str, country: str | None = None) -> PlaceEntry | None:
        """The region or province / cercle named `name`, preferring one in `country` when given."""
        try:
            return self._admins[name, country]
        except KeyError:
            pass
        found = [e for e in self.entries_of(key(name)) if e.kind in ("admin1", "admin2")]
        if country:
            found = [e for e in found if e.country == country] or found
        if len(self._admins) >= ADMIN_MEMO:
            self._admins.clear()  # names come from the texts: a long run would otherwise grow it without end
        unit = self._admins[name, country] = found[0] if found else None
        return unit

    def older_region(self, country: str, admin1: str) -> str:
        """The region as GeoNames' place rows code it: a region carved out of another (Menaka out of
        Gao) is still the older one there; any other region is itself."""
        return self.carved_from.get((country, admin1), admin1)

    def region(self, country: str, admin1: str) -> PlaceEntry | None:
        for entry in self.entries_of(key(admin1)):
            if entry.kind == "admin1" and entry.country == country:
                return entry
        return None

    @property
    def roles(self) -> PlaceRoles:
        return self.cues.roles

    def capital(self, code: str) -> PlaceEntry | None:
        """The capital city of a country, as the curated places give it."""
        if self._capitals is None:
            self._capitals = {e.country: e for e in self.entries if e.settlement == "capital" and e.source == "curated"}
        return self._capitals.get(code)

    def country(self, code: str) -> CountryRow | None:
        return self.countries.get(code)

    def __len__(self) -> int:
        return len(self.entries)


PLACE_FILES = (
    ("places.tsv", "curated", True),
    ("geonames_places.tsv", "geonames", False),
    ("geonames_dump_places.tsv", "geonames-dump", False),
)
"""Place tables in load order: (file, source label, required). `places.tsv` may hold only its
header, but a folder without it is a mistake (a wrong `--gazetteer` path), not an empty gazetteer."""


def load_gazetteer(data_dir: Path) -> Gazetteer:
    """Load admin units, countries, curated and GeoNames-derived places; validate cross-references.

    Every error names its file, line and field: duplicates (a place id, an admin unit, a country
    code) and references to a region `admin.tsv` lacks included.

    Validating the tables and the role cues and indexing the names took some 50 ms of every
    start-up: the validated gazetteer and cues are kept in the on-disk cache (`sahel_extract.cache`),
    keyed by the bytes of their files, and read back by the next run. Only valid files are ever
    stored, so a broken one is always read and reported as above.
    """
    files = _gazetteer_files(data_dir)
    roles_path = data_file(data_dir, "place_roles.yaml")
    folder = cache.fingerprint("gazetteer", __file__, loader.__file__, text.__file__, place_roles.__file__)
    digest = _files_digest([*files, roles_path]) if files is not None else None
    stored = cache.load(folder, digest) if digest is not None else None
    gazetteer: Gazetteer | None = None
    roles: PlaceRoles | None = None
    if files is not None and stored is not None:
        with contextlib.suppress(TypeError, ValueError, KeyError, IndexError):  # an entry of another shape: built anew
            gazetteer, roles = _restored(stored, [str(files[0]), *map(str, files[2:])]), PlaceRoles.model_validate(stored["roles"])
    if gazetteer is None or roles is None:
        gazetteer = _built(data_dir)
        roles = load_place_roles(roles_path)
        if digest is not None:
            cache.store(folder, digest, {**_stored(gazetteer), "roles": roles.model_dump()})
    countries = gazetteer.countries.values()
    country_names = {n: c.code for c in countries for n in (c.name, *(n for ns in c.names.values() for n in ns))}
    gazetteer.cues = RoleCues(roles, country_names)
    return gazetteer


def _gazetteer_files(data_dir: Path) -> list[Path] | None:
    """The files the gazetteer is built from, or None when a required one is missing (the build
    then reports it, after whatever is wrong with the files it reads first)."""
    files = [data_dir / "admin.tsv", data_dir / "countries.yaml"]
    for filename, _source, required in PLACE_FILES:
        path = data_dir / filename
        if path.exists():
            files.append(path)
        elif required:
            return None
    return files


def _files_digest(files: list[Path]) -> str | None:
    """A hash of the files' names and bytes; None if one cannot be read (the build reports it)."""
    parts: list[str | bytes] = []
    for path in files:
        try:
            parts += [path.name, path.read_bytes()]
        except OSError:
            return None
    return cache.digest(*parts)


def _built(data_dir: Path) -> Gazetteer:
    """The gazetteer read and validated from its files (its role cues apart)."""
    admin_path = data_dir / "admin.tsv"
    admins = read_tsv_rows(admin_path, AdminRow)
    countries = unique_countries(data_dir / "countries.yaml")
    regions = {(row.record.country, row.record.name) for row in admins if row.record.level == 1}
    check_admin_units(admin_path, admins, regions)
    entries: list[PlaceEntry] = [admin_entry(row.record) for row in admins]
    names: list[list[str]] = [[row.record.name, *row.record.aliases] for row in admins]
    for country in countries:
        entries.append(country_entry(country))
        names.append([country.name, *(n for ns in country.names.values() for n in ns)])
    sources = []
    first_ids: dict[str, str] = {}
    for filename, source, required in PLACE_FILES:
        path = data_dir / filename
        if not path.exists():
            if required:
                raise DataFileError(path, None, None, "missing: a gazetteer folder needs it (it may hold only its header line)")
            continue
        sources.append(str(path))
        for row in read_tsv_rows(path, PlaceRow):
            check_place(path, row, regions, first_ids)
            entries.append(place_entry(row.record, source))
            names.append([row.record.name, *row.record.aliases])
    gazetteer = Gazetteer(entries, countries, [str(admin_path), *sources])
    gazetteer.carved_from = {
        (row.record.country, row.record.name): row.record.carved_from
        for row in admins
        if row.record.level == 1 and row.record.carved_from
    }
    for i, entry_names in enumerate(names):
        gazetteer.add_names(i, entry_names)
    return gazetteer


STORED_FIELDS = tuple(f.name for f in fields(PlaceEntry))  # a stored entry's tuple, in `PlaceEntry(*row)` order


def _stored(gazetteer: Gazetteer) -> dict[str, Any]:
    """The gazetteer as `marshal` data (its role cues apart): entries as tuples, the name index as built."""
    return {
        "entries": [tuple(getattr(e, f) for f in STORED_FIELDS) for e in gazetteer.entries],
        "countries": [c.model_dump() for c in gazetteer.countries.values()],
        "index": dict(gazetteer._index),
        "aliases": dict(gazetteer._aliases),
        "country_keys": sorted(gazetteer._country_keys),
        "max_tokens": gazetteer.max_tokens,
        "carved_from": list(gazetteer.carved_from.items()),
    }


def _restored(stored: dict[str, Any], sources: list[str]) -> Gazetteer:
    """The gazetteer `_stored` wrote; TypeError, ValueError, KeyError or IndexError if it is no such entry."""
    entries = [PlaceEntry(*row) for row in stored["entries"]]
    gazetteer = Gazetteer(entries, [CountryRow.model_validate(c) for c in stored["countries"]], sources)
    index: dict[str, list[int]] = stored["index"]
    gazetteer._index.update(index)
    gazetteer._entries_by_key.update((k, [entries[i] for i in bucket]) for k, bucket in index.items())
    gazetteer._aliases.update(stored["aliases"])
    gazetteer._country_keys = set(stored["country_keys"])
    gazetteer.max_tokens = int(stored["max_tokens"])
    gazetteer.carved_from = {(country, name): older for (country, name), older in stored["carved_from"]}
    return gazetteer


def unique_countries(path: Path) -> list[CountryRow]:
    rows = yaml_rows(path, "countries", CountryRow)
    first: dict[str, int] = {}
    for row in rows:
        code = row.record.code
        if code in first:
            raise DataFileError(path, row.line, "code", f"country {code} given twice (first on line {first[code]})")
        first[code] = row.line
    return [row.record for row in rows]


def check_admin_units(path: Path, admins: list[Row[AdminRow]], regions: set[tuple[str, str]]) -> None:
    first: dict[tuple[str, int, str, str], int] = {}
    for row in admins:
        unit = row.record
        if (unit.country, unit.admin1) not in regions:
            raise DataFileError(path, row.line, "admin1", f"unknown region {unit.admin1} of {unit.country} for {unit.name}")
        if unit.carved_from and (unit.level != 1 or (unit.country, unit.carved_from) not in regions):
            raise DataFileError(path, row.line, "carved_from", f"{unit.carved_from} is not a region of {unit.country} (level-1 rows only)")
        key = (unit.country, unit.level, unit.admin1, unit.name)
        if key in first:
            raise DataFileError(path, row.line, "name", f"{unit.name} ({unit.country}, level {unit.level}) given twice (first on line {first[key]})")
        first[key] = row.line


def check_place(path: Path, row: Row[PlaceRow], regions: set[tuple[str, str]], first_ids: dict[str, str]) -> None:
    """A place's region must exist, and its id must be unique across all the place tables."""
    place = row.record
    if (place.country, place.admin1) not in regions:
        raise DataFileError(path, row.line, "admin1", f"unknown region {place.admin1} of {place.country} (not in admin.tsv)")
    if place.id in first_ids:
        raise DataFileError(path, row.line, "id", f"id {place.id} given twice (first on {first_ids[place.id]})")
    first_ids[place.id] = f"line {row.line} of {path.name}"


def admin_entry(row: AdminRow) -> PlaceEntry:
    return PlaceEntry(
        name=row.name,
        kind="admin1" if row.level == 1 else "admin2",
        country=row.country,
        admin1=row.admin1,
        admin2=row.name if row.level == 2 else None,
        latitude=row.latitude,
        longitude=row.longitude,
        population=0,
        geonames_id=None,
        source="admin",
    )


def country_entry(country: CountryRow) -> PlaceEntry:
    return PlaceEntry(
        name=country.name,
        kind="country",
        country=country.code,
        admin1=None,
        admin2=None,
        latitude=country.latitude,
        longitude=country.longitude,
        population=0,
        geonames_id=None,
        source="country",
    )


def place_entry(place: PlaceRow, source: str) -> PlaceEntry:
    return PlaceEntry(
        name=place.name,
        kind="place",
        country=place.country,
        admin1=place.admin1,
        admin2=place.admin2,
        latitude=place.latitude,
        longitude=place.longitude,
        population=place.population or 0,
        geonames_id=place.geonames_id,
        source=source,
        settlement=place.kind,
    )

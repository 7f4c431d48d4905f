"""Build an extended gazetteer folder from GeoNames country dumps (`sahel-extract gazetteer build`).

The bundled gazetteer holds the places that matter plus the larger GeoNames places; analysts
also need the thousands of villages that only the full per-country dumps list. This module
copies the bundled folder and adds `geonames_dump_places.tsv` (columns of `places.tsv`), which
`load_gazetteer` reads after the bundled files.

Which rows are kept, and as what `kind`:
- feature class P (populated places): `capital` for PPLC; `locality` for sections of a place
  (PPLX) and abandoned, historical or destroyed places (PPLQ, PPLH, PPLW, PPLCH); otherwise by
  population: `village` under 5,000 or unknown, `town` under 100,000, `city` above — except
  that an administrative seat (PPLA…) of unknown population is a `town`;
- military installations (INSM, MILB, AIRB, NVB) as `base`; mines (MN, MNAU, MNC, MNCR, MNCU,
  MNFE, MNN, MNQ, MNQR) as `mine`; camps (CMP, CMPL, CMPLA, CMPMN, CMPO, CMPRF) as `camp`.

Names: `name` is the dump's ASCII name (analysts' spellings are ASCII); the dump's name and its
alternate names become `aliases` when written in Latin script, with at least three letters, at
most `MAX_ALIAS_CHARS` characters, and a lookup key (`text.key`) different from the name's and
from each other's. A name or alias that is an English or French stop word ("Same", "May",
"Sous") is left out — a row so named is dropped, as is one whose name has under three letters:
such villages would turn ordinary words into place mentions.

Administrative units are those of the bundled `admin.tsv`, whatever the dumps say, so that
events coded from the extended gazetteer use the analysts' regions:
1. admin1: the dump's admin1 code (`ML.08`) maps to the level-1 row with that `geonames_code`, or
   failing that to the row whose name or alias has the key of the code table's name. A row with
   an unknown or empty code (`00`, or Côte d'Ivoire's pre-2011 codes) takes the region of the
   nearest dump row of its country that has a known code (any feature class), within
   `NEIGHBOUR_RADIUS_KM`; a row with no such neighbour is dropped (in the 2014 dumps these are
   misplaced rows lying in another country). Only in a country where no row has a known code
   does a row take the level-1 row with the nearest centroid.
2. admin2: the dump's admin2 code maps, through `admin2Codes.txt`, to the level-2 row of the same
   region whose name or alias has the key of the code's name stripped of "Cercle de",
   "Province du", "Département de"… For Mali, Burkina Faso and Niger a row still without admin2
   takes the nearest level-2 seat within `ADMIN2_RADIUS_KM` of the same region (the dumps rarely
   fill admin2 for Mali and Niger).
3. Regions created after the dumps' vintage: a Mali row coded Gao may lie in Menaka and one coded
   Tombouctou in Taoudeni (`SUCCESSOR_REGIONS`). Step 2 then considers the level-2 units of both
   the coded region and its successor, and the row takes the admin1 of the unit found — by code,
   or else the nearest seat at any distance (admin2 is still set only within `ADMIN2_RADIUS_KM`),
   so that a village nearer a Menaka cercle's seat than any Gao one lands in Menaka.
Rows of a country with no level-1 row in `admin.tsv` are skipped (the loader would reject them).

A dump row is dropped when the bundled `places.tsv` or `geonames_places.tsv` already has it: same
GeoNames id, or same country, a name or alias with the key of the row's name, and within
`DUPLICATE_RADIUS_KM`. The bundled rows are curated and win.

The output is deterministic — rows sorted by country, name and id, the build date taken from the
dumps' latest modification date, file names without their folders — so that rebuilding from the
same dumps gives identical bytes and a reviewable diff. The folder is written beside `output` and
swapped in at the end: a failed build never leaves half a gazetteer.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
import shutil
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS as EN_STOP_WORDS
from spacy.lang.fr.stop_words import STOP_WORDS as FR_STOP_WORDS

from sahel_extract import __version__
from sahel_extract.errors import DataFileError, SahelExtractError
from sahel_extract.resources.loader import default_data_dir, read_tsv
from sahel_extract.resources.places import PLACE_COLUMNS, AdminRow, PlaceRow, distance_km
from sahel_extract.text import fold, key

OUTPUT_FILE = "geonames_dump_places.tsv"
MARKER = "BUILD.txt"
# What a built folder copies from its base: the place tables its rows were checked against. Actors
# and trigger lexicons are not copied: the installed ones (or the folder's own, if a user adds them)
# are loaded, so that upgrading sahel-extract upgrades them for every built gazetteer too.
PLACE_TABLES = ("admin.tsv", "countries.yaml", "places.tsv", "geonames_places.tsv", "README.md")
ADMIN1_CODES = "admin1CodesASCII.txt"
ADMIN2_CODES = "admin2Codes.txt"

DUMP_COLUMNS = (
    "geonameid",
    "name",
    "asciiname",
    "alternatenames",
    "latitude",
    "longitude",
    "feature class",
    "feature code",
    "country code",
    "cc2",
    "admin1 code",
    "admin2 code",
    "admin3 code",
    "admin4 code",
    "population",
    "elevation",
    "dem",
    "timezone",
    "modification date",
)

ADMIN2_RADIUS_KM = 60.0
NEIGHBOUR_RADIUS_KM = 100.0
DUPLICATE_RADIUS_KM = 5.0
MAX_ALIAS_CHARS = 40
NEAREST_ADMIN2_COUNTRIES = frozenset({"ML", "BF", "NE"})
# Region (GeoNames admin1 code) → regions carved out of it after the 2014 dumps were made.
SUCCESSOR_REGIONS: dict[str, tuple[str, ...]] = {
    "ML.09": ("ML.12070577",),  # Gao → Menaka
    "ML.08": ("ML.12070575",),  # Tombouctou → Taoudeni
}

BASE_CODES = frozenset({"INSM", "MILB", "AIRB", "NVB"})
MINE_CODES = frozenset({"MN", "MNAU", "MNC", "MNCR", "MNCU", "MNFE", "MNN", "MNQ", "MNQR"})
CAMP_CODES = frozenset({"CMP", "CMPL", "CMPLA", "CMPMN", "CMPO", "CMPRF"})
LOCALITY_CODES = frozenset({"PPLX", "PPLQ", "PPLH", "PPLW", "PPLCH"})
VILLAGE_MAX_POPULATION = 5_000
TOWN_MAX_POPULATION = 100_000

# "Cercle de Yélimané", "Province du Soum", "Département d' Illéla", "Douentza Cercle" → the unit's name.
_UNIT_WORDS = r"(?:cercle|province|departement|department|prefecture|region|ville|commune|district)"
_UNIT_PREFIX = re.compile(rf"^{_UNIT_WORDS}\s+(?:de\s+la\s+|de\s+l'\s*|du\s+|des\s+|de\s+|d'\s*)?")
_UNIT_SUFFIX = re.compile(rf"\s+{_UNIT_WORDS}$")
_ALIAS_PUNCTUATION = frozenset(" -'’ʼ.")
# Villages called "Same", "May", "Some" or "Sous" would turn ordinary capitalised words into places.
COMMON_WORDS = frozenset(key(word) for word in EN_STOP_WORDS | FR_STOP_WORDS)


@dataclass(frozen=True, slots=True)
class DumpRow:
    """The columns of a `geoname` dump row that the build uses."""

    geonameid: int
    name: str
    asciiname: str
    alternatenames: str
    latitude: float
    longitude: float
    feature_class: str
    feature_code: str
    country: str
    admin1_code: str
    admin2_code: str
    population: int
    modified: str


@dataclass(frozen=True, slots=True)
class OutputRow:
    """One row of `geonames_dump_places.tsv`, ready to be written."""

    geonameid: int
    name: str
    aliases: tuple[str, ...]
    country: str
    admin1: str
    admin2: str
    latitude: float
    longitude: float
    kind: str
    population: int

    def sort_key(self) -> tuple[str, str, str, int]:
        return (self.country, key(self.name), self.name, self.geonameid)

    def cells(self) -> list[str]:
        return [
            f"gd:{self.geonameid}",
            self.name,
            "|".join(self.aliases),
            self.country,
            self.admin1,
            self.admin2,
            _coordinate(self.latitude),
            _coordinate(self.longitude),
            self.kind,
            str(self.population) if self.population > 0 else "",
            str(self.geonameid),
        ]


@dataclass
class BuildStats:
    """Counts for the report and BUILD.txt: what was kept, dropped and how admin units were found."""

    dump_rows: dict[str, int] = field(default_factory=dict)
    written: Counter[str] = field(default_factory=Counter)
    duplicates: int = 0
    repeated_ids: int = 0
    common_names: int = 0
    skipped_countries: Counter[str] = field(default_factory=Counter)
    admin1_by_neighbour: int = 0
    admin1_by_centroid: int = 0
    unplaced: Counter[str] = field(default_factory=Counter)
    admin2_by_code: int = 0
    admin2_by_distance: int = 0
    successor_region: int = 0
    latest: str = ""


def build_gazetteer(
    dumps: list[Path],
    output: Path,
    *,
    admin1_codes: Path | None = None,
    admin2_codes: Path | None = None,
    base: Path | None = None,
) -> str:
    """Write `base` (default: the bundled gazetteer) plus the dumps' places into `output`; return a report.

    The code tables default to the GeoNames file names beside the first dump and are optional
    there (admin.tsv's `geonames_code` column is enough for admin1); a table given explicitly
    must exist.
    """
    if not dumps:
        raise SahelExtractError("no GeoNames dump given")
    base = base or default_data_dir()
    _check_output(output)
    if output.resolve().is_relative_to(base.resolve()):
        raise SahelExtractError(f"{output}: cannot build inside the gazetteer folder it copies ({base})")
    admin1_table = _code_table(admin1_codes, dumps[0].parent / ADMIN1_CODES)
    admin2_table = _code_table(admin2_codes, dumps[0].parent / ADMIN2_CODES)
    admin = AdminIndex(read_tsv(base / "admin.tsv", AdminRow), admin1_table, admin2_table)
    bundled = BundledIndex.load(base)
    stats = BuildStats()
    rows = _collect(sorted(dumps, key=lambda p: (p.name, str(p))), admin, bundled, stats)
    header = _header(sorted(p.name for p in dumps), stats.latest)
    _write_folder(base, output, header, rows, _build_notes(admin1_codes, admin2_codes, stats))
    return _report(output, stats)


# --- reading the GeoNames files ---------------------------------------------------------------


def read_dump(path: Path) -> Iterator[tuple[int, DumpRow]]:
    """Every row of a `geoname` dump with its line number; a malformed row fails with file and line."""
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise DataFileError(path, None, None, exc.strerror or str(exc)) from exc
    with handle:
        for lineno, raw in enumerate(handle, start=1):
            try:
                line = raw.decode("utf-8").rstrip("\r\n")
            except UnicodeDecodeError:
                raise DataFileError(path, lineno, None, "not valid UTF-8") from None
            if not line.strip():
                continue
            cells = line.split("\t")
            if len(cells) != len(DUMP_COLUMNS):
                raise DataFileError(
                    path,
                    lineno,
                    None,
                    f"{len(cells)} tab-separated columns, expected {len(DUMP_COLUMNS)} (GeoNames 'geoname' table)",
                )
            yield lineno, _dump_row(path, lineno, cells)


def _dump_row(path: Path, lineno: int, cells: list[str]) -> DumpRow:
    geonameid = _int(path, lineno, "geonameid", cells[0])
    latitude = _float(path, lineno, "latitude", cells[4])
    longitude = _float(path, lineno, "longitude", cells[5])
    if not -90 <= latitude <= 90:
        raise DataFileError(path, lineno, "latitude", f"{cells[4]!r} is outside -90..90")
    if not -180 <= longitude <= 180:
        raise DataFileError(path, lineno, "longitude", f"{cells[5]!r} is outside -180..180")
    population = _int(path, lineno, "population", cells[14] or "0")
    country = cells[8].strip()
    if not re.fullmatch(r"[A-Z]{2}", country):
        raise DataFileError(path, lineno, "country code", f"{country!r} is not an ISO 3166 alpha-2 code")
    modified = cells[18].strip()
    if modified:
        try:
            dt.date.fromisoformat(modified)
        except ValueError:
            raise DataFileError(path, lineno, "modification date", f"{modified!r} is not a date (YYYY-MM-DD)") from None
    name = cells[1].strip()
    asciiname = cells[2].strip() or name
    if not asciiname:
        raise DataFileError(path, lineno, "name", "empty name")
    return DumpRow(
        geonameid=geonameid,
        name=name or asciiname,
        asciiname=asciiname,
        alternatenames=cells[3],
        latitude=latitude,
        longitude=longitude,
        feature_class=cells[6].strip(),
        feature_code=cells[7].strip(),
        country=country,
        admin1_code=cells[10].strip(),
        admin2_code=cells[11].strip(),
        population=max(population, 0),
        modified=modified,
    )


def _int(path: Path, lineno: int, column: str, text: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise DataFileError(path, lineno, column, f"{text!r} is not an integer") from None


def _float(path: Path, lineno: int, column: str, text: str) -> float:
    try:
        value = float(text.strip())
    except ValueError:
        raise DataFileError(path, lineno, column, f"{text!r} is not a number") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise DataFileError(path, lineno, column, f"{text!r} is not a finite number")
    return value


def read_code_table(path: Path) -> dict[str, tuple[str, str]]:
    """`admin1CodesASCII.txt` / `admin2Codes.txt`: code (`ML.08`, `BF.12.40`) → (name, ASCII name)."""
    table: dict[str, tuple[str, str]] = {}
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise DataFileError(path, None, None, exc.strerror or str(exc)) from exc
    with handle:
        try:
            for lineno, raw in enumerate(handle, start=1):
                line = raw.rstrip("\r\n")
                if not line.strip() or line.startswith("#"):
                    continue
                cells = line.split("\t")
                if len(cells) < 3 or "." not in cells[0]:
                    raise DataFileError(path, lineno, None, "expected code, name, asciiname, geonameid columns")
                table[cells[0].strip()] = (cells[1].strip(), cells[2].strip())
        except UnicodeDecodeError:
            raise DataFileError(path, None, None, "not valid UTF-8") from None
    return table


def _code_table(given: Path | None, default: Path) -> dict[str, tuple[str, str]]:
    if given is not None:
        return read_code_table(given)
    return read_code_table(default) if default.is_file() else {}


# --- selecting and naming ---------------------------------------------------------------------


def place_kind(row: DumpRow) -> str | None:
    """The `kind` of a kept row, or None for the features the gazetteer does not want."""
    code = row.feature_code
    if row.feature_class == "P":
        if code == "PPLC":
            return "capital"
        if code in LOCALITY_CODES:
            return "locality"
        if row.population <= 0:
            return "town" if code.startswith("PPLA") else "village"
        if row.population < VILLAGE_MAX_POPULATION:
            return "village"
        return "town" if row.population < TOWN_MAX_POPULATION else "city"
    if code in BASE_CODES:
        return "base"
    if code in MINE_CODES:
        return "mine"
    if code in CAMP_CODES:
        return "camp"
    return None


@lru_cache(maxsize=4096)
def _latin_char(char: str) -> bool:
    if char in _ALIAS_PUNCTUATION:
        return True
    return char.isalpha() and unicodedata.name(char, "").startswith("LATIN")


def latin_aliases(row: DumpRow) -> tuple[str, ...]:
    """The row's other names worth matching: Latin script, 3+ letters, one spelling per lookup key."""
    seen = {key(row.asciiname)}
    aliases: list[str] = []
    for alias in sorted({row.name, *row.alternatenames.split(",")}):
        alias = " ".join(alias.split())
        if len(alias) > MAX_ALIAS_CHARS or not all(_latin_char(c) for c in alias):
            continue
        k = key(alias)
        if len(k) < 3 or k in seen or k in COMMON_WORDS:
            continue
        seen.add(k)
        aliases.append(alias)
    return tuple(aliases)


def _unit_key(name: str) -> str:
    folded = " ".join(fold(name).replace("’", "'").split())
    return key(_UNIT_SUFFIX.sub("", _UNIT_PREFIX.sub("", folded)))


# --- administrative units ---------------------------------------------------------------------


class AdminIndex:
    """admin.tsv indexed for the build: GeoNames codes → region names, and seats by region."""

    def __init__(
        self,
        rows: list[AdminRow],
        admin1_table: dict[str, tuple[str, str]],
        admin2_table: dict[str, tuple[str, str]],
    ) -> None:
        self.regions: dict[str, list[AdminRow]] = defaultdict(list)
        self.units: dict[tuple[str, str], list[AdminRow]] = defaultdict(list)
        region_keys: dict[tuple[str, str], str] = {}
        self.unit_keys: dict[tuple[str, str, str], AdminRow] = {}
        for row in rows:
            spellings = [row.name, *row.aliases]
            if row.level == 1:
                self.regions[row.country].append(row)
                for name in spellings:
                    region_keys.setdefault((row.country, _unit_key(name)), row.name)
            else:
                self.units[(row.country, row.admin1)].append(row)
                for name in spellings:
                    self.unit_keys.setdefault((row.country, row.admin1, _unit_key(name)), row)
        self.admin1: dict[str, str] = {}
        for code, (name, asciiname) in admin1_table.items():
            country = code.split(".", 1)[0]
            for candidate in (asciiname, name):
                found = region_keys.get((country, _unit_key(candidate)))
                if found:
                    self.admin1[code] = found
                    break
        for row in rows:  # the curated column wins over name matching
            if row.level == 1 and row.geonames_code:
                code = row.geonames_code if "." in row.geonames_code else f"{row.country}.{row.geonames_code}"
                self.admin1[code] = row.name
        self.admin2_names: dict[str, tuple[str, str]] = dict(admin2_table)
        by_country_code: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
        for code, unit_names in admin2_table.items():
            parts = code.split(".")
            if len(parts) == 3:
                by_country_code[(parts[0], parts[2])].append(unit_names)
        # An admin2 code whose admin1 part changed since the dump (ML.09.8631539 → ML.12070577.8631539).
        self.admin2_by_country: dict[tuple[str, str], tuple[str, str]] = {
            k: v[0] for k, v in by_country_code.items() if len(v) == 1
        }
        self.successors: dict[tuple[str, str], tuple[str, ...]] = {}
        for code, newer in SUCCESSOR_REGIONS.items():
            old = self.admin1.get(code)
            carved = tuple(self.admin1[c] for c in newer if c in self.admin1)
            if old and carved:
                self.successors[(code.split(".", 1)[0], old)] = carved

    def region_of_code(self, row: DumpRow) -> str | None:
        return self.admin1.get(f"{row.country}.{row.admin1_code}")

    def nearest_region(self, row: DumpRow) -> str:
        regions = self.regions[row.country]
        return min(regions, key=lambda r: distance_km(row.latitude, row.longitude, r.latitude, r.longitude)).name

    def locate(self, row: DumpRow, admin1: str, stats: BuildStats) -> tuple[str, str]:
        """(admin1, admin2 or "") of a row whose coded or inferred region is `admin1`."""
        allowed = (admin1, *self.successors.get((row.country, admin1), ()))
        unit = self._unit_by_code(row, allowed)
        if unit is not None:
            stats.admin2_by_code += 1
            admin2 = unit.name
        elif row.country in NEAREST_ADMIN2_COUNTRIES or len(allowed) > 1:
            unit, km = self._nearest_unit(row, allowed)
            admin2 = ""
            if unit is not None and row.country in NEAREST_ADMIN2_COUNTRIES and km <= ADMIN2_RADIUS_KM:
                stats.admin2_by_distance += 1
                admin2 = unit.name
        if unit is None:
            return admin1, ""
        if unit.admin1 != admin1:
            stats.successor_region += 1
        return unit.admin1, admin2

    def _unit_by_code(self, row: DumpRow, allowed: tuple[str, ...]) -> AdminRow | None:
        if not row.admin2_code:
            return None
        names = self.admin2_names.get(f"{row.country}.{row.admin1_code}.{row.admin2_code}")
        names = names or self.admin2_by_country.get((row.country, row.admin2_code))
        if names is None:
            return None
        for admin1 in allowed:
            for candidate in names:
                unit = self.unit_keys.get((row.country, admin1, _unit_key(candidate)))
                if unit is not None:
                    return unit
        return None

    def _nearest_unit(self, row: DumpRow, allowed: tuple[str, ...]) -> tuple[AdminRow | None, float]:
        best: AdminRow | None = None
        best_km = math.inf
        for admin1 in allowed:
            for unit in self.units.get((row.country, admin1), ()):
                km = distance_km(row.latitude, row.longitude, unit.latitude, unit.longitude)
                if km < best_km:
                    best, best_km = unit, km
        return best, best_km


@dataclass(frozen=True)
class BundledIndex:
    """The bundled places, so that a dump row they already cover is dropped."""

    ids: frozenset[int]
    coordinates: dict[tuple[str, str], list[tuple[float, float]]]

    @classmethod
    def load(cls, base: Path) -> BundledIndex:
        ids: set[int] = set()
        coordinates: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
        for filename in ("places.tsv", "geonames_places.tsv"):
            path = base / filename
            if not path.exists():
                continue
            for place in read_tsv(path, PlaceRow):
                if place.geonames_id is not None:
                    ids.add(place.geonames_id)
                for k in {key(n) for n in (place.name, *place.aliases)}:
                    coordinates[(place.country, k)].append((place.latitude, place.longitude))
        return cls(frozenset(ids), dict(coordinates))

    def covers(self, row: DumpRow) -> bool:
        if row.geonameid in self.ids:
            return True
        for k in {key(row.asciiname), key(row.name)}:
            for lat, lon in self.coordinates.get((row.country, k), ()):
                if distance_km(row.latitude, row.longitude, lat, lon) <= DUPLICATE_RADIUS_KM:
                    return True
        return False


class NeighbourIndex:
    """Dump rows with a known region on a grid: a row without one takes its nearest neighbour's.

    The nearest region centroid would be a poor guess where a small region sits inside a large one
    (Bamako district in Koulikoro); the nearest coded row is a fair stand-in for the region's shape.
    """

    CELL_DEGREES = 0.1

    def __init__(self) -> None:
        self.cells: dict[tuple[str, int, int], list[tuple[float, float, str]]] = defaultdict(list)
        self.countries: set[str] = set()

    def _cell(self, lat: float, lon: float) -> tuple[int, int]:
        return math.floor(lat / self.CELL_DEGREES), math.floor(lon / self.CELL_DEGREES)

    def add(self, row: DumpRow, admin1: str) -> None:
        i, j = self._cell(row.latitude, row.longitude)
        self.cells[(row.country, i, j)].append((row.latitude, row.longitude, admin1))
        self.countries.add(row.country)

    def nearest(self, row: DumpRow, max_km: float) -> str | None:
        """The region of the nearest row of the same country within `max_km`, searching ring by ring."""
        i0, j0 = self._cell(row.latitude, row.longitude)
        # The narrowest side of a cell (east-west), so that ring r is at least r * ring_km away.
        ring_km = 111.19 * self.CELL_DEGREES * max(math.cos(math.radians(abs(row.latitude) + 1.0)), 0.01)
        best: tuple[float, str] | None = None
        for ring in range(math.ceil(max_km / ring_km) + 1):
            if best is not None and best[0] <= (ring - 1) * ring_km:
                break
            for i in range(i0 - ring, i0 + ring + 1):
                for j in range(j0 - ring, j0 + ring + 1):
                    if max(abs(i - i0), abs(j - j0)) != ring:
                        continue
                    for lat, lon, admin1 in self.cells.get((row.country, i, j), ()):
                        km = distance_km(row.latitude, row.longitude, lat, lon)
                        if km <= max_km and (best is None or (km, admin1) < best):
                            best = (km, admin1)
        return best[1] if best else None


def _collect(dumps: Iterable[Path], admin: AdminIndex, bundled: BundledIndex, stats: BuildStats) -> list[OutputRow]:
    candidates: list[tuple[DumpRow, str, str | None]] = []
    neighbours = NeighbourIndex()
    seen: set[int] = set()
    for path in dumps:
        count = 0
        for _lineno, row in read_dump(path):
            count += 1
            stats.latest = max(stats.latest, row.modified)
            region = admin.region_of_code(row)
            if region is not None:
                neighbours.add(row, region)
            kind = place_kind(row)
            if kind is None:
                continue
            if row.geonameid in seen:
                stats.repeated_ids += 1
                continue
            seen.add(row.geonameid)
            name_key = key(row.asciiname)
            if len(name_key) < 3 or name_key in COMMON_WORDS:
                stats.common_names += 1
            elif bundled.covers(row):
                stats.duplicates += 1
            elif row.country not in admin.regions:
                stats.skipped_countries[row.country] += 1
            else:
                candidates.append((row, kind, region))
        stats.dump_rows[path.name] = stats.dump_rows.get(path.name, 0) + count
    rows: list[OutputRow] = []
    for row, kind, region in candidates:
        if region is None:
            region = neighbours.nearest(row, NEIGHBOUR_RADIUS_KM)
            if region is not None:
                stats.admin1_by_neighbour += 1
            elif row.country in neighbours.countries:
                stats.unplaced[row.country] += 1
                continue
            else:
                region = admin.nearest_region(row)
                stats.admin1_by_centroid += 1
        admin1, admin2 = admin.locate(row, region, stats)
        stats.written[row.country] += 1
        rows.append(
            OutputRow(
                geonameid=row.geonameid,
                name=_cell(row.asciiname),
                aliases=latin_aliases(row),
                country=row.country,
                admin1=admin1,
                admin2=admin2,
                latitude=row.latitude,
                longitude=row.longitude,
                kind=kind,
                population=row.population,
            )
        )
    rows.sort(key=OutputRow.sort_key)
    return rows


def _cell(text: str) -> str:
    return " ".join(text.replace("|", " ").split())


def _coordinate(value: float) -> str:
    text = f"{value:.5f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


# --- writing ----------------------------------------------------------------------------------


def _check_output(output: Path) -> None:
    if output.exists() and not output.is_dir():
        raise SahelExtractError(f"{output}: exists and is not a folder")
    if output.is_dir() and any(output.iterdir()) and not (output / MARKER).is_file():
        raise SahelExtractError(
            f"{output}: folder is not empty and is not a previous `gazetteer build` output (no {MARKER}); "
            "give a new or empty folder"
        )


def _header(dump_names: list[str], latest: str) -> str:
    return (
        "# geonames_dump_places.tsv — populated places, military bases, mines and camps from GeoNames\n"
        "# country dumps, with admin1/admin2 mapped to admin.tsv (rules: sahel_extract/gazetteer_build.py).\n"
        "# source: GeoNames dumps given to `sahel-extract gazetteer build`, CC BY 4.0, https://www.geonames.org\n"
        '# licence: CC BY 4.0 (attribute "GeoNames")\n'
        f"# dumps: {', '.join(dump_names)}\n"
        f"# build date: {latest or 'unknown'} (the dumps' latest modification date)\n"
        "# Columns as places.tsv (see README.md); rows already in places.tsv or geonames_places.tsv are left out.\n"
        f"{chr(9).join(PLACE_COLUMNS)}\n"
    )


def _build_notes(admin1: Path | None, admin2: Path | None, stats: BuildStats) -> str:
    """BUILD.txt: marks the folder as a build output (safe to overwrite) and records what went in."""
    lines = [
        f"Built by `sahel-extract gazetteer build` (sahel-extract {__version__}).",
        "This folder is a build output: the next build into it replaces it entirely.",
        f"Data date: {stats.latest or 'unknown'} (latest modification date in the dumps)",
        "Dumps: " + ", ".join(f"{name} ({n} rows)" for name, n in sorted(stats.dump_rows.items())),
        f"admin1 codes: {admin1.name if admin1 else ADMIN1_CODES + ' beside the first dump, if present'}",
        f"admin2 codes: {admin2.name if admin2 else ADMIN2_CODES + ' beside the first dump, if present'}",
        f"Places written to {OUTPUT_FILE}: {sum(stats.written.values())} ({_per_country(stats.written)})",
        f"Dropped as already bundled: {stats.duplicates}; named by a common word or under 3 letters: "
        f"{stats.common_names}; repeated GeoNames ids: {stats.repeated_ids}",
        f"Skipped, country not in admin.tsv: {sum(stats.skipped_countries.values())} ({_per_country(stats.skipped_countries)})",
        f"admin1 code unknown: region of the nearest coded row within {NEIGHBOUR_RADIUS_KM:g} km: "
        f"{stats.admin1_by_neighbour}; nearest region centroid (no coded row in the country): "
        f"{stats.admin1_by_centroid}; dropped, no coded row near: {sum(stats.unplaced.values())} "
        f"({_per_country(stats.unplaced)})",
        f"admin2 from the dump's code: {stats.admin2_by_code}; by nearest seat within {ADMIN2_RADIUS_KM:g} km: "
        f"{stats.admin2_by_distance}; moved to a successor region: {stats.successor_region}",
        "Data: GeoNames (https://www.geonames.org), CC BY 4.0.",
    ]
    return "\n".join(lines) + "\n"


def _per_country(counts: Counter[str]) -> str:
    return ", ".join(f"{country} {n}" for country, n in sorted(counts.items())) or "none"


def _write_folder(base: Path, output: Path, header: str, rows: list[OutputRow], notes: str) -> None:
    """Assemble the folder beside `output`, then swap it in, so that no reader sees half a gazetteer."""
    parent = output.absolute().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = _fresh_dir(parent, f".{output.name}.building")
    except OSError as exc:
        raise SahelExtractError(f"{output}: cannot create the folder: {exc.strerror or exc}") from exc
    try:
        for name in PLACE_TABLES:
            if (base / name).is_file():
                shutil.copy2(base / name, staging / name)
        with (staging / OUTPUT_FILE).open("w", encoding="utf-8", newline="\n") as out:
            out.write(header)
            for row in rows:
                out.write("\t".join(row.cells()) + "\n")
        (staging / MARKER).write_text(notes, encoding="utf-8", newline="\n")
        _swap_in(staging, output.absolute())
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise SahelExtractError(f"{output}: cannot write the gazetteer: {exc.strerror or exc}") from exc
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _fresh_dir(parent: Path, stem: str) -> Path:
    for n in range(1000):
        candidate = parent / f"{stem}-{os.getpid()}-{n}"
        try:
            candidate.mkdir()
        except FileExistsError:
            continue
        return candidate
    raise FileExistsError(parent / stem)


def _swap_in(staging: Path, output: Path) -> None:
    if not output.exists():
        staging.rename(output)
        return
    if not any(output.iterdir()):
        output.rmdir()
        staging.rename(output)
        return
    old = _fresh_dir(output.parent, f".{output.name}.old")
    old.rmdir()
    output.rename(old)
    staging.rename(output)
    shutil.rmtree(old, ignore_errors=True)


def _report(output: Path, stats: BuildStats) -> str:
    written = sum(stats.written.values())
    text = (
        f"Wrote {written} places from {len(stats.dump_rows)} GeoNames dump(s) ({_per_country(stats.written)}) "
        f"to {output / OUTPUT_FILE}, beside a copy of the base place tables; "
        f"{stats.duplicates} rows already bundled were left out; admin2 known for "
        f"{stats.admin2_by_code + stats.admin2_by_distance} places; data date {stats.latest or 'unknown'}."
    )
    skipped = sum(stats.skipped_countries.values())
    if skipped:
        text += f" Skipped {skipped} rows of countries absent from admin.tsv ({_per_country(stats.skipped_countries)})."
    return text + f" Use it with `--gazetteer {output}`."

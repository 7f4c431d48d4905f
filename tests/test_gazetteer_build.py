"""`sahel-extract gazetteer build`: GeoNames dumps → an extended gazetteer folder.

A tiny hand-written dump checks the rules one by one; the real dumps in ../shared/geonames/
(absent on most machines: the test then skips) check that villages the bundled gazetteer lacks
become findable with the analysts' regions.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from sahel_extract.cli import app
from sahel_extract.errors import DataFileError, SahelExtractError
from sahel_extract.gazetteer_build import (
    MARKER,
    OUTPUT_FILE,
    PLACE_COLUMNS,
    DumpRow,
    _unit_key,
    build_gazetteer,
    latin_aliases,
    place_kind,
)
from sahel_extract.resources import Resources
from sahel_extract.resources.places import Gazetteer, load_gazetteer

GEONAMES = Path(__file__).resolve().parents[1].parent / "shared" / "geonames"

ADMIN_TSV = """\
# test admin table
country\tlevel\tname\taliases\tadmin1\tlatitude\tlongitude\tgeonames_code
ML\t1\tGao\t\tGao\t16.3\t-0.4\tML.09
ML\t1\tMenaka\tMénaka\tMenaka\t15.9\t2.7\tML.12070577
ML\t1\tMopti\tRégion de Mopti\tMopti\t14.6\t-3.8\t
ML\t2\tGao\tCercle de Gao\tGao\t16.272\t-0.045\t
ML\t2\tMenaka\tCercle de Ménaka\tMenaka\t15.918\t2.402\t
ML\t2\tDouentza\tCercle de Douentza\tMopti\t15.0\t-2.95\t
"""
# Mopti has no geonames_code: it is found through the code table's name.
ADMIN1_CODES = "ML.09\tGao\tGao\t1\nML.04\tMopti\tMopti\t2\nML.12070577\tMénaka\tMenaka\t3\n"
ADMIN2_CODES = "ML.04.900\tCercle de Douentza\tCercle de Douentza\t4\n"
PLACES_TSV = """\
# test curated places
id\tname\taliases\tcountry\tadmin1\tadmin2\tlatitude\tlongitude\tkind\tpopulation\tgeonames_id
c:dupeville\tDupeville\tDupville\tML\tMopti\tDouentza\t15.1\t-2.9\tvillage\t\t
"""
COUNTRIES_YAML = "countries:\n  - code: ML\n    name: Mali\n    latitude: 17.57\n    longitude: -3.99\n"


def dump_line(
    gid: int, name: str, ascii_name: str, alternates: str, lat: str, lon: str, fclass: str, fcode: str,
    admin1: str, admin2: str = "", population: str = "0", modified: str = "2014-01-01",
) -> str:  # fmt: skip
    cells = [str(gid), name, ascii_name, alternates, lat, lon, fclass, fcode, "ML", "", admin1, admin2, "", "",
             population, "", "300", "Africa/Bamako", modified]  # fmt: skip
    return "\t".join(cells) + "\n"


DUMP = "".join([
    # coded Mopti (by the code table's name), admin2 by the dump's admin2 code
    dump_line(101, "Tiguéla", "Tiguela", "Tiguila,Tiguéla,Тигела,Ti,Some", "15.05", "-2.9", "P", "PPL", "04", "900"),
    # coded Gao in 2014 but nearest a Menaka cercle: moves to Menaka
    dump_line(102, "Kérena", "Kerena", "", "15.95", "2.45", "P", "PPLA", "09", population="12000"),
    # unknown admin1 code: takes the region of the nearest coded row (101), admin2 by distance
    dump_line(103, "Bigcity", "Bigcity", "", "15.0", "-2.8", "P", "PPL", "00", population="150000"),
    dump_line(104, "Camp Ag Ali", "Camp Ag Ali", "", "16.2", "-0.1", "S", "CMP", "09", modified="2014-12-05"),
    # a stream: not a place
    dump_line(105, "Oued Tin", "Oued Tin", "", "16.0", "-0.5", "H", "STM", "09"),
    # the curated Dupeville (alias Dupville) 1 km away wins
    dump_line(106, "Dupville", "Dupville", "", "15.108", "-2.9", "P", "PPL", "04"),
    # a village called by a stop word would make "Same" a place
    dump_line(107, "Same", "Same", "", "15.3", "-2.5", "P", "PPL", "04"),
])  # fmt: skip


@pytest.fixture
def base(tmp_path: Path) -> Path:
    folder = tmp_path / "base"
    (folder / "triggers").mkdir(parents=True)
    (folder / "admin.tsv").write_text(ADMIN_TSV, encoding="utf-8")
    (folder / "places.tsv").write_text(PLACES_TSV, encoding="utf-8")
    (folder / "countries.yaml").write_text(COUNTRIES_YAML, encoding="utf-8")
    (folder / "README.md").write_text("test gazetteer\n", encoding="utf-8")
    (folder / "triggers" / "en.yaml").write_text("triggers: []\n", encoding="utf-8")
    return folder


@pytest.fixture
def dumps(tmp_path: Path) -> Path:
    folder = tmp_path / "geonames"
    folder.mkdir()
    (folder / "ML.txt").write_text(DUMP, encoding="utf-8")
    (folder / "admin1CodesASCII.txt").write_text(ADMIN1_CODES, encoding="utf-8")
    (folder / "admin2Codes.txt").write_text(ADMIN2_CODES, encoding="utf-8")
    return folder


def build(dumps: Path, base: Path, output: Path) -> str:
    return build_gazetteer([dumps / "ML.txt"], output, admin1_codes=None, admin2_codes=None, base=base)


def read_rows(output: Path) -> list[dict[str, str]]:
    lines = [
        line for line in (output / OUTPUT_FILE).read_text(encoding="utf-8").splitlines() if not line.startswith("#")
    ]
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:]]


# --- the tiny dump ---------------------------------------------------------------------------------


def test_header_names_source_and_build_date(dumps: Path, base: Path, tmp_path: Path) -> None:
    build(dumps, base, tmp_path / "out")
    text = (tmp_path / "out" / OUTPUT_FILE).read_text(encoding="utf-8")
    comments = [line for line in text.splitlines() if line.startswith("#")]
    assert any(
        "GeoNames dumps given to `sahel-extract gazetteer build`, CC BY 4.0, https://www.geonames.org" in c
        for c in comments
    )
    assert any("build date: 2014-12-05" in c for c in comments)
    assert text.splitlines()[len(comments)].split("\t") == list(PLACE_COLUMNS)


@pytest.mark.parametrize(
    ("gid", "expected"),
    [
        # admin1 through the code table's name, admin2 through the dump's admin2 code; Latin aliases only
        ("gd:101", {"name": "Tiguela", "aliases": "Tiguila", "admin1": "Mopti", "admin2": "Douentza", "kind": "village", "population": ""}),
        # coded Gao (2014), nearest the Menaka cercle's seat: the successor region
        ("gd:102", {"name": "Kerena", "admin1": "Menaka", "admin2": "Menaka", "kind": "town", "population": "12000"}),
        # code 00: the region of the nearest coded row, admin2 by the nearest seat within 60 km
        ("gd:103", {"name": "Bigcity", "admin1": "Mopti", "admin2": "Douentza", "kind": "city", "population": "150000"}),
        ("gd:104", {"name": "Camp Ag Ali", "admin1": "Gao", "admin2": "Gao", "kind": "camp", "latitude": "16.2", "longitude": "-0.1"}),
    ],
)  # fmt: skip
def test_row(dumps: Path, base: Path, tmp_path: Path, gid: str, expected: dict[str, str]) -> None:
    build(dumps, base, tmp_path / "out")
    got = next(r for r in read_rows(tmp_path / "out") if r["id"] == gid)
    assert {k: got[k] for k in expected} == expected
    assert (got["country"], got["geonames_id"]) == ("ML", gid[3:])


def test_dropped_rows_and_order(dumps: Path, base: Path, tmp_path: Path) -> None:
    build(dumps, base, tmp_path / "out")
    # 105 is a stream, 106 duplicates the curated Dupeville, 107 is named by a stop word
    assert [r["id"] for r in read_rows(tmp_path / "out")] == ["gd:103", "gd:104", "gd:102", "gd:101"]


def test_two_builds_give_identical_bytes(dumps: Path, base: Path, tmp_path: Path) -> None:
    build(dumps, base, tmp_path / "one")
    build(dumps, base, tmp_path / "two")
    for name in (OUTPUT_FILE, MARKER):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


def test_output_copies_the_base_place_tables_only(dumps: Path, base: Path, tmp_path: Path) -> None:
    report = build(dumps, base, tmp_path / "out")
    assert "Wrote 4 places" in report
    assert (tmp_path / "out" / "places.tsv").read_text(encoding="utf-8") == (base / "places.tsv").read_text(encoding="utf-8")
    assert (tmp_path / "out" / "README.md").is_file()
    # actors and trigger lexicons stay the installed ones, so that an upgrade reaches a built folder
    assert not (tmp_path / "out" / "triggers").exists() and not (tmp_path / "out" / "actors.yaml").exists()
    bundled = Resources.load()
    assert Resources.load(tmp_path / "out").triggers == bundled.triggers
    gazetteer = load_gazetteer(tmp_path / "out")
    assert [(e.name, e.admin1, e.source) for e in gazetteer.lookup("Tiguila")] == [
        ("Tiguela", "Mopti", "geonames-dump")
    ]
    assert [e.source for e in gazetteer.lookup("Dupville")] == ["curated"]


def test_rebuild_replaces_a_previous_output(dumps: Path, base: Path, tmp_path: Path) -> None:
    build(dumps, base, tmp_path / "out")
    (tmp_path / "out" / "stale.txt").write_text("old\n", encoding="utf-8")
    build(dumps, base, tmp_path / "out")
    assert not (tmp_path / "out" / "stale.txt").exists()
    assert (tmp_path / "out" / MARKER).is_file()


def test_refuses_a_foreign_non_empty_folder(dumps: Path, base: Path, tmp_path: Path) -> None:
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me\n", encoding="utf-8")
    with pytest.raises(SahelExtractError, match="not a previous `gazetteer build` output"):
        build(dumps, base, tmp_path / "mine")
    assert sorted(p.name for p in (tmp_path / "mine").iterdir()) == ["notes.txt"]


# --- malformed input ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bad_line", "field", "reason"),
    [
        # wrong number of columns
        ("1\tOnly\tthree\n", None, "3 tab-separated columns, expected 19"),
        (dump_line(9, "A", "A", "", "15", "-2", "P", "PPL", "04").rstrip("\n") + "\textra\n", None, "20 tab-separated columns"),
        # bad cells
        (dump_line(9, "Abc", "Abc", "", "north", "-2", "P", "PPL", "04"), "latitude", "'north' is not a number"),
        (dump_line(9, "Abc", "Abc", "", "15", "200", "P", "PPL", "04"), "longitude", "outside -180..180"),
        (dump_line(9, "Abc", "Abc", "", "15", "-2", "P", "PPL", "04", population="many"), "population", "'many' is not an integer"),
        (dump_line(9, "Abc", "Abc", "", "15", "-2", "P", "PPL", "04", modified="05/12/2014"), "modification date", "is not a date"),
        ("x" + dump_line(9, "Abc", "Abc", "", "15", "-2", "P", "PPL", "04"), "geonameid", "'x9' is not an integer"),
    ],
)  # fmt: skip
def test_malformed_dump_names_file_line_and_field(
    dumps: Path, base: Path, tmp_path: Path, bad_line: str, field: str | None, reason: str
) -> None:
    (dumps / "ML.txt").write_text(DUMP.splitlines(keepends=True)[0] + bad_line, encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        build(dumps, base, tmp_path / "out")
    assert (Path(caught.value.path).name, caught.value.line, caught.value.field) == ("ML.txt", 2, field)
    assert reason in caught.value.reason
    assert not (tmp_path / "out").exists()


def test_cli_reports_a_malformed_dump_in_one_line(dumps: Path, tmp_path: Path) -> None:
    dump = dumps / "ML.txt"
    dump.write_text("1\tOnly\tthree\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["gazetteer", "build", str(dump), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {dump}:1: 3 tab-separated columns, expected 19 (GeoNames 'geoname' table)\n"


# --- single rules ------------------------------------------------------------------------------------


def row(
    fclass: str = "P", fcode: str = "PPL", population: int = 0, name: str = "Kona", ascii_name: str = "",
    alternates: str = "",
) -> DumpRow:  # fmt: skip
    return DumpRow(
        geonameid=1, name=name, asciiname=ascii_name or name, alternatenames=alternates,
        latitude=14.0, longitude=-4.0, feature_class=fclass, feature_code=fcode, country="ML", admin1_code="04",
        admin2_code="", population=population, modified="2014-01-01",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("fclass", "fcode", "population", "kind"),
    [
        # populated places by population
        ("P", "PPL", 0, "village"),
        ("P", "PPL", 4999, "village"),
        ("P", "PPL", 5000, "town"),
        ("P", "PPL", 100000, "city"),
        ("P", "PPLA2", 0, "town"),
        ("P", "PPLC", 0, "capital"),
        ("P", "PPLX", 20000, "locality"),
        ("P", "PPLQ", 0, "locality"),
        # bases, mines, camps
        ("S", "INSM", 0, "base"),
        ("L", "MILB", 0, "base"),
        ("S", "MN", 0, "mine"),
        ("S", "MNAU", 0, "mine"),
        ("S", "CMP", 0, "camp"),
        ("S", "CMPRF", 0, "camp"),
        # everything else is left out
        ("S", "MNMT", 0, None),
        ("S", "CMPQ", 0, None),
        ("H", "WLL", 0, None),
        ("L", "LCTY", 0, None),
    ],
)  # fmt: skip
def test_place_kind(fclass: str, fcode: str, population: int, kind: str | None) -> None:
    assert place_kind(row(fclass, fcode, population)) == kind


@pytest.mark.parametrize(
    ("name", "ascii_name", "alternates", "aliases"),
    [
        # the accented name folds like the ASCII name: no alias
        ("Ségou", "Segou", "", ()),
        ("Ségou", "Segou", "Segu,Sikoro", ("Segu", "Sikoro")),
        ("Tombouctou", "Tombouctou", "Timbuktu,Tombouctou", ("Timbuktu",)),
        # non-Latin scripts, short names, stop words and repeats of one key are dropped
        ("Kona", "", "Кона,كونا,Ko,Kona,KONA,Same", ()),
        ("Kona", "", "Kona Peulh,Kona-Peulh,Kona Peul", ("Kona Peul", "Kona Peulh")),
        # apostrophes and hyphens are Latin punctuation; longer than 40 characters is not a name
        ("Kona", "", "N'Kona,Kona-Bozo," + "Ka" * 21, ("Kona-Bozo", "N'Kona")),
    ],
)  # fmt: skip
def test_latin_aliases(name: str, ascii_name: str, alternates: str, aliases: tuple[str, ...]) -> None:
    assert latin_aliases(row(name=name, ascii_name=ascii_name, alternates=alternates)) == aliases


@pytest.mark.parametrize(
    ("unit", "unit_key"),
    [
        ("Cercle de Yélimané", "yelimane"),
        ("Cercle d’ Abeïbara", "abeibara"),
        ("Douentza Cercle", "douentza"),
        ("Province du Soum", "soum"),
        ("Province de la Tapoa", "tapoa"),
        ("Département d' Illéla", "illela"),
        ("Ville de Niamey", "niamey"),
        ("Gourma-Rharous Cercle", "gourmarharous"),
        ("Boucle du Mouhoun", "boucledumouhoun"),
    ],
)  # fmt: skip
def test_unit_key(unit: str, unit_key: str) -> None:
    assert _unit_key(unit) == unit_key


# --- the real dumps ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def extended(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    if not (GEONAMES / "ML.txt").is_file():
        pytest.skip("../shared/geonames/ is not present on this machine")
    output = tmp_path_factory.mktemp("extended") / "gazetteer"
    build_gazetteer(
        [GEONAMES / "ML.txt", GEONAMES / "BF.txt", GEONAMES / "NE.txt"], output,
        admin1_codes=GEONAMES / "admin1CodesASCII.txt", admin2_codes=None,
    )  # fmt: skip
    return load_gazetteer(output)


@pytest.mark.slow  # reads the shared GeoNames dumps
@pytest.mark.parametrize(
    ("mention", "country", "admin1", "admin2"),
    [
        # Burkina Faso: admin2 from the dump's province code
        ("Tierga", "BF", "Nord", "Yatenga"),
        ("Kombouensé", "BF", "Est", "Gnagna"),
        ("Boulani", "BF", "Sahel", "Yagha"),
        # Mali: Telatai is coded Gao in the 2014 dump; it lies in Menaka
        ("Telatai", "ML", "Menaka", None),
        ("Perkana", "ML", "Mopti", None),
        ("Banangourou", "ML", "Segou", None),
        # Niger
        ("Adabda", "NE", "Tillaberi", None),
        ("Kiri-Kouri", "NE", "Diffa", None),
    ],
)  # fmt: skip
def test_villages_from_the_real_dumps(
    extended: Gazetteer, mention: str, country: str, admin1: str, admin2: str | None
) -> None:
    found = [e for e in extended.lookup(mention) if e.kind == "place" and e.country == country]
    assert [e.admin1 for e in found] == [admin1]
    if admin2:
        assert found[0].admin2 == admin2


@pytest.mark.slow  # reads the shared GeoNames dumps
def test_real_dumps_add_thousands_of_places(extended: Gazetteer) -> None:
    added = sum(1 for e in extended.entries if e.source == "geonames-dump")
    assert added > 30_000
    assert not any(e.source == "geonames-dump" for e in extended.lookup("Arbinda"))  # the curated Arbinda has Aribinda

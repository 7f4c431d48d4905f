"""A broken data file fails at load with one exact message naming its file, line and field.

Each case starts from a small, complete gazetteer folder written here (so that line numbers are
known and do not move when the bundled data changes), breaks one thing, and expects one
`DataFileError` with the exact text users see after `Error: `. The same failures reach the
command line as one line and exit 2 (`extract`) or 1 (`gazetteer validate`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from sahel_extract.cli import app
from sahel_extract.errors import DataFileError
from sahel_extract.resources import Resources
from sahel_extract.resources.loader import MAX_YAML_DEPTH

FILES = {
    "admin.tsv": (
        "# admin.tsv for tests\n"
        "country\tlevel\tname\taliases\tadmin1\tlatitude\tlongitude\tgeonames_code\n"
        "ML\t1\tMopti\t\tMopti\t14.5\t-4.2\tML.04\n"
        "ML\t2\tDouentza\t\tMopti\t15.0\t-2.9\t\n"
    ),
    "places.tsv": (
        "# places.tsv for tests\n"
        "id\tname\taliases\tcountry\tadmin1\tadmin2\tlatitude\tlongitude\tkind\tpopulation\tgeonames_id\n"
        "c:boulkessi\tBoulkessi\t\tML\tMopti\tDouentza\t14.66\t-1.62\tvillage\t\t\n"
        "c:hombori\tHombori\t\tML\tMopti\tDouentza\t15.28\t-1.70\ttown\t\t\n"
    ),
    "countries.yaml": (
        "source: tests\n"
        "licence: CC0\n"
        "countries:\n"
        "  - code: ML\n"
        "    name: Mali\n"
        "    latitude: 17.57\n"
        "    longitude: -3.99\n"
        "    names:\n"
        "      en: [Mali]\n"
        "  - code: BF\n"
        "    name: Burkina Faso\n"
        "    latitude: 12.24\n"
        "    longitude: -1.56\n"
    ),
    "actors.yaml": (
        "source: tests\n"
        "licence: CC0\n"
        "actors:\n"
        "  - name: JNIM\n"
        "    type: Rebel group\n"
        "    valid_from: 2017-03-02\n"
        "    aliases:\n"
        "      en: [JNIM, GSIM]\n"
        "  - name: FAMa\n"
        "    type: State forces\n"
        "    state_forces_of: ML\n"
        "    aliases:\n"
        "      en: [FAMa]\n"
    ),
    "generic_actors.yaml": ("source: tests\nlicence: CC0\ncivilians:\n  en: [villagers, civilians]\n"),
    "triggers/en.yaml": (
        "source: tests\n"
        "licence: CC0\n"
        "triggers:\n"
        "  - id: attack\n"
        "    terms: [attack, attacked]\n"
        "    event_type: Battles\n"
        "    sub_event_type: Armed clash\n"
    ),
}

Edit = Callable[[Path], None]


def replace(name: str, old: str, new: str) -> Edit:
    def edit(folder: Path) -> None:
        path = folder / name
        text = path.read_text(encoding="utf-8")
        assert old in text, (name, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


def write_bytes(name: str, transform: Callable[[bytes], bytes]) -> Edit:
    def edit(folder: Path) -> None:
        path = folder / name
        path.write_bytes(transform(path.read_bytes()))

    return edit


def remove(name: str) -> Edit:
    def edit(folder: Path) -> None:
        (folder / name).unlink()

    return edit


def deep_yaml(depth: int) -> str:
    return "[" * depth + "]" * depth


CASES: list[tuple[str, Edit, str]] = [
    # --- bytes and encodings
    (
        "tsv-invalid-utf8",
        write_bytes("places.tsv", lambda data: data.replace(b"Hombori", b"Hombor\xe9")),
        "places.tsv:4: not valid UTF-8 (byte 0xe9 at column 17); save the file as UTF-8",
    ),
    (
        "yaml-invalid-utf8",
        write_bytes("actors.yaml", lambda data: data.replace(b"GSIM", b"GS\xffM")),
        "actors.yaml:8: not valid UTF-8 (byte 0xff at column 20); save the file as UTF-8",
    ),
    # --- YAML that crashes or misleads PyYAML
    (
        "impossible-date",
        replace("actors.yaml", "2017-03-02", "2017-02-31"),
        "actors.yaml:6: field 'valid_from': Input should be a valid date or datetime, day value is outside expected range",
    ),
    (
        "deep-yaml",
        replace("actors.yaml", "[JNIM, GSIM]", deep_yaml(10_000)),
        f"actors.yaml:8: nested more than {MAX_YAML_DEPTH} levels deep",
    ),
    (
        "deep-yaml-within-libyaml-limit",
        replace("actors.yaml", "[JNIM, GSIM]", deep_yaml(100)),
        f"actors.yaml:8: nested more than {MAX_YAML_DEPTH} levels deep",
    ),
    (
        "duplicate-yaml-key",
        replace("actors.yaml", "    valid_from: 2017-03-02\n", "    valid_from: 2017-03-02\n    type: Political militia\n"),
        "actors.yaml:7: field 'type': key given twice (first on line 5)",
    ),
    (
        "huge-integer",
        replace("countries.yaml", "latitude: 17.57", "latitude: " + "1" * 5000),
        "countries.yaml:6: invalid value: a number with more than 4300 digits",
    ),
    (
        "recursive-alias",
        replace("generic_actors.yaml", "  en: [villagers, civilians]", "  en: &loop [villagers, *loop]"),
        "generic_actors.yaml:4: a value that contains itself (recursive alias)",
    ),
    (
        "broken-yaml-syntax",
        replace("triggers/en.yaml", "terms: [attack, attacked]", "terms: [attack, attacked"),
        "triggers/en.yaml:6: invalid YAML: while parsing a flow sequence, "
        + ("did not find expected ',' or ']'" if yaml.__with_libyaml__ else "expected ',' or ']', but got ':'"),
    ),
    # --- duplicates
    (
        "duplicate-place-id",
        replace("places.tsv", "c:hombori", "c:boulkessi"),
        "places.tsv:4: field 'id': id c:boulkessi given twice (first on line 3 of places.tsv)",
    ),
    (
        "duplicate-country-code",
        replace("countries.yaml", "code: BF", "code: ML"),
        "countries.yaml:10: field 'code': country ML given twice (first on line 4)",
    ),
    (
        "duplicate-admin-unit",
        replace("admin.tsv", "ML\t2\tDouentza", "ML\t1\tMopti"),
        "admin.tsv:4: field 'name': Mopti (ML, level 1) given twice (first on line 3)",
    ),
    (
        "duplicate-actor",
        replace("actors.yaml", "name: FAMa", "name: JNIM"),
        "actors.yaml:9: field 'name': actor JNIM given twice (first on line 4)",
    ),
    (
        "duplicate-trigger-id",
        replace("triggers/en.yaml", "    sub_event_type: Armed clash\n", "    sub_event_type: Armed clash\n  - id: attack\n    terms: [raid]\n    event_type: Battles\n    sub_event_type: Armed clash\n"),
        "triggers/en.yaml:8: field 'id': trigger id attack given twice (first on line 4)",
    ),
    (
        "duplicate-tsv-column",
        replace("places.tsv", "\tpopulation\t", "\tkind\t"),
        "places.tsv:2: field 'kind': column given twice in the header",
    ),
    # --- missing, unknown or empty
    (
        "missing-places",
        remove("places.tsv"),
        "places.tsv: missing: a gazetteer folder needs it (it may hold only its header line)",
    ),
    (
        "misspelt-family",
        replace("generic_actors.yaml", "civilians:", "civillians:"),
        "generic_actors.yaml:3: field 'civillians': Extra inputs are not permitted",
    ),
    (
        "unknown-top-level-key",
        replace("actors.yaml", "actors:", "actor:"),
        "actors.yaml:3: field 'actor': unknown key (expected one of: actors, licence, source)",
    ),
    (
        "empty-trigger-terms",
        replace("triggers/en.yaml", "[attack, attacked]", "[]"),
        "triggers/en.yaml:5: field 'terms': List should have at least 1 item after validation, not 0",
    ),
    (
        "blank-trigger-term",
        replace("triggers/en.yaml", "[attack, attacked]", "[attack, '  ']"),
        "triggers/en.yaml:5: field 'terms.1': String should have at least 1 character",
    ),
    (
        "blank-alias",
        replace("actors.yaml", "[JNIM, GSIM]", "[JNIM, '']"),
        "actors.yaml:8: field 'aliases.en.1': String should have at least 1 character",
    ),
    # --- lines and fields of errors found after validation
    (
        "wrong-sub-type",
        replace("triggers/en.yaml", "Armed clash", "Peaceful protest"),
        "triggers/en.yaml:7: field 'sub_event_type': Value error, 'Peaceful protest' is not a sub-type of 'Battles'",
    ),
    (
        "unknown-region-of-place",
        replace("places.tsv", "ML\tMopti\tDouentza\t15.28", "ML\tGao\tDouentza\t15.28"),
        "places.tsv:4: field 'admin1': unknown region Gao of ML (not in admin.tsv)",
    ),
    (
        "unknown-region-of-admin-unit",
        replace("admin.tsv", "Douentza\t\tMopti", "Douentza\t\tGao"),
        "admin.tsv:4: field 'admin1': unknown region Gao of ML for Douentza",
    ),
    (
        "unknown-parent-actor",
        replace("actors.yaml", "    state_forces_of: ML\n", "    state_forces_of: ML\n    parent: Wagner\n"),
        "actors.yaml:9: field 'parent': unknown actor Wagner (no actor of that name)",
    ),
    (
        "bad-cell",
        replace("places.tsv", "15.28", "north"),
        "places.tsv:4: field 'latitude': Input should be a valid number, unable to parse string as a number",
    ),
    (
        "too-many-cells",
        replace("places.tsv", "town\t\t\n", "town\t\t\textra\n"),
        "places.tsv:4: 12 cells but the header (line 2) has 11",
    ),
]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "gazetteer"
    for name, text in FILES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def load_error(folder: Path) -> str:
    with pytest.raises(DataFileError) as caught:
        Resources.load(folder)
    return str(caught.value).replace(f"{folder}/", "")


def test_the_test_folder_loads(folder: Path) -> None:
    resources = Resources.load(folder)
    assert (len(resources.gazetteer), len(resources.actors.actors), len(resources.triggers["en"])) == (6, 2, 1)


@pytest.mark.parametrize(("name", "edit", "message"), CASES, ids=[case[0] for case in CASES])
def test_each_failure_has_its_exact_message(folder: Path, name: str, edit: Edit, message: str) -> None:
    edit(folder)
    assert load_error(folder) == message


@pytest.mark.parametrize("name", ["places.tsv", "admin.tsv", "actors.yaml", "generic_actors.yaml", "countries.yaml"])
def test_a_byte_order_mark_is_accepted(folder: Path, name: str) -> None:
    plain = Resources.load(folder)
    path = folder / name
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    marked = Resources.load(folder)
    assert (len(marked.gazetteer), len(marked.actors.actors)) == (len(plain.gazetteer), len(plain.actors.actors))
    assert [entry.name for entry in marked.gazetteer.entries] == [entry.name for entry in plain.gazetteer.entries]


def test_nesting_up_to_the_limit_is_only_a_field_error(folder: Path) -> None:
    replace("actors.yaml", "[JNIM, GSIM]", deep_yaml(MAX_YAML_DEPTH - 5))(folder)
    assert load_error(folder) == "actors.yaml:8: field 'aliases.en.0': Input should be a valid string"


# ---------------------------------------------------------------------------------------------
# On the command line: one line, and the exit code of a broken data file

CLI_CASES = [case for case in CASES if case[0] in {"deep-yaml", "impossible-date", "tsv-invalid-utf8", "misspelt-family"}]


@pytest.mark.parametrize(("name", "edit", "message"), CLI_CASES, ids=[case[0] for case in CLI_CASES])
def test_extract_prints_one_line_and_exits_2(folder: Path, tmp_path: Path, name: str, edit: Edit, message: str) -> None:
    edit(folder)
    article = tmp_path / "article.txt"
    article.write_text("Gunmen attacked Boulkessi.", encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", "--gazetteer", str(folder), str(article)])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"Error: {folder}/{message}\n"


@pytest.mark.parametrize(("name", "edit", "message"), CLI_CASES, ids=[case[0] for case in CLI_CASES])
def test_gazetteer_validate_prints_one_line_and_exits_1(folder: Path, name: str, edit: Edit, message: str) -> None:
    edit(folder)
    result = CliRunner().invoke(app, ["gazetteer", "validate", str(folder)])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {folder}/{message}\n"

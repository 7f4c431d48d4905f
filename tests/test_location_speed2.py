"""The gazetteer kept in the start-up cache: what a run reads back is what validating the files builds,
and a file edited since (valid or broken) is read again."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sahel_extract.errors import DataFileError
from sahel_extract.resources.loader import default_data_dir
from sahel_extract.resources.places import Gazetteer, _built, load_gazetteer


@pytest.fixture
def cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of the test's own, empty."""
    monkeypatch.setenv("SAHEL_EXTRACT_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def _state(gazetteer: Gazetteer) -> tuple[object, ...]:
    """Everything a gazetteer answers from, in order (dicts as item lists: their order is kept too)."""
    return (
        gazetteer.entries, list(gazetteer.countries.items()), gazetteer.sources,
        list(gazetteer._index.items()), list(gazetteer._entries_by_key.items()), list(gazetteer._aliases.items()),
        gazetteer._country_keys, gazetteer.max_tokens, list(gazetteer.carved_from.items()),
    )


def test_read_back_as_built(cached: Path) -> None:
    data_dir = default_data_dir()
    first = load_gazetteer(data_dir)  # built, and stored
    assert any(cached.glob("gazetteer-*/*.marshal"))
    again = load_gazetteer(data_dir)  # read back
    assert _state(again) == _state(first) == _state(_built(data_dir))
    assert again.lookup("Djibo") == first.lookup("Djibo") != []
    assert again.roles == first.roles


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("\tBF\tSahel\t", "\tBF\tNowhere\t", "admin1"),  # a region admin.tsv lacks
        ("\tBF\tSahel\t", "\tburkina\tSahel\t", "country"),  # no country code
    ],
)
def test_edited_file_is_read_again(cached: Path, tmp_path: Path, old: str, new: str, field: str) -> None:
    """A broken edit is reported though the cache holds the folder's earlier, valid tables."""
    data_dir = tmp_path / "gazetteer"
    shutil.copytree(default_data_dir(), data_dir)
    load_gazetteer(data_dir)  # stored
    places = data_dir / "places.tsv"
    lines = places.read_text(encoding="utf-8").splitlines(keepends=True)
    changed = next(i for i, line in enumerate(lines) if old in line)
    lines[changed] = lines[changed].replace(old, new, 1)
    places.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(DataFileError) as error:
        load_gazetteer(data_dir)
    assert error.value.field == field


def test_edited_name_is_found(cached: Path, tmp_path: Path) -> None:
    data_dir = tmp_path / "gazetteer"
    shutil.copytree(default_data_dir(), data_dir)
    assert not load_gazetteer(data_dir).has_key("zzkoubel")
    places = data_dir / "places.tsv"
    row = next(line for line in places.read_text(encoding="utf-8").splitlines() if "\tBF\tSahel\t" in line)
    cells = row.split("\t")
    cells[0], cells[1], cells[2] = "zz-test-1", "Zzkoubel", ""
    with places.open("a", encoding="utf-8") as out:
        out.write("\t".join(cells) + "\n")
    assert load_gazetteer(data_dir).has_key("zzkoubel")


def test_edited_role_cues_are_read_again(cached: Path, tmp_path: Path) -> None:
    """The place-role cues are kept with the tables: an edit of their file is read, and a broken one reported."""
    data_dir = tmp_path / "gazetteer"
    shutil.copytree(default_data_dir(), data_dir)
    assert "Radio Zzkoubel" not in load_gazetteer(data_dir).roles.all_of("outlets")
    cues = data_dir / "place_roles.yaml"
    original = cues.read_text(encoding="utf-8")
    cues.write_text(original.replace("en: [Agence France-Presse,", "en: [Radio Zzkoubel, Agence France-Presse,", 1), encoding="utf-8")
    assert "Radio Zzkoubel" in load_gazetteer(data_dir).roles.all_of("outlets")
    cues.write_text(original.replace("  outlets:\n", "  outlet_names:\n", 1), encoding="utf-8")
    with pytest.raises(DataFileError):
        load_gazetteer(data_dir)


def test_derived_is_built_from_the_entries_once() -> None:
    """`Gazetteer.derived` gives what its builder makes of a key's entries, built once per known key."""
    gazetteer = load_gazetteer(default_data_dir())
    built: list[str] = []

    def countries(entries: object) -> tuple[str, ...]:
        built.append("x")
        return tuple(e.country for e in entries)  # type: ignore[attr-defined]

    first = gazetteer.derived("countries", "djibo", countries)
    assert first == tuple(e.country for e in gazetteer.entries_of("djibo")) != ()
    assert gazetteer.derived("countries", "djibo", countries) is first and len(built) == 1
    assert gazetteer.derived("countries", "zzkoubel", countries) == () == gazetteer.derived("countries", "zzkoubel", countries)
    assert len(built) == 3  # an unknown key has no entries to keep a value for

"""Review workflow: change the gazetteer, extract again, and `diff` lists exactly the events that moved."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sahel_extract.cli import app
from sahel_extract.resources.loader import default_data_dir

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "articles"
runner = CliRunner()


def extract(out: Path, *extra: str) -> list[dict[str, object]]:
    result = runner.invoke(app, ["extract", str(FIXTURES), "-o", str(out), *extra])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def move_place(folder: Path, name: str, lat: float, lon: float) -> None:
    """Rewrite one curated row's coordinates, as a user correcting the gazetteer would."""
    path = folder / "places.tsv"
    lines = path.read_text(encoding="utf-8").split("\n")
    header = next(line for line in lines if line and not line.startswith("#")).split("\t")
    col = {c: i for i, c in enumerate(header)}
    for i, line in enumerate(lines):
        cells = line.split("\t")
        if len(cells) == len(header) and cells[col["name"]] == name:
            cells[col["latitude"]], cells[col["longitude"]] = f"{lat}", f"{lon}"
            lines[i] = "\t".join(cells)
            break
    else:  # pragma: no cover - the fixture must name a curated place
        raise AssertionError(f"{name} not in places.tsv")
    path.write_text("\n".join(lines), encoding="utf-8")


@pytest.mark.slow  # the fixture folder extracted with two gazetteers
def test_diff_lists_exactly_the_events_whose_place_moved(tmp_path: Path) -> None:
    before = extract(tmp_path / "before.jsonl")
    located = [e for e in before if (e.get("location") or {}).get("name") == "Boulkessi"]
    assert located, "the fixtures must have an event at Boulkessi"

    gazetteer = tmp_path / "gazetteer"
    shutil.copytree(default_data_dir(), gazetteer)
    move_place(gazetteer, "Boulkessi", 14.9, -1.9)
    extract(tmp_path / "after.jsonl", "--gazetteer", str(gazetteer))

    result = runner.invoke(app, ["diff", str(tmp_path / "before.jsonl"), str(tmp_path / "after.jsonl"), "--json"])
    assert result.exit_code == 1, result.output
    diffs = [json.loads(line) for line in result.stdout.splitlines()]
    assert {d["event_id_old"] for d in diffs} == {e["event_id"] for e in located}
    assert {d["kind"] for d in diffs} == {"changed"}
    for d in diffs:
        assert {c["field"] for c in d["changes"]} <= {"location.latitude", "location.longitude"}
        new = {c["field"]: c["new"] for c in d["changes"]}
        assert new.get("location.latitude") == 14.9


@pytest.mark.slow
def test_diff_of_two_identical_runs_is_empty(tmp_path: Path) -> None:
    extract(tmp_path / "a.jsonl")
    extract(tmp_path / "b.jsonl")
    result = runner.invoke(app, ["diff", str(tmp_path / "a.jsonl"), str(tmp_path / "b.jsonl"), "--stat"])
    assert result.exit_code == 0, result.output
    assert "0 added, 0 removed, 0 changed" in result.stdout


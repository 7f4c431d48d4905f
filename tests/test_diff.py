"""`diff`: pairing, exact CLI output for --json and --stat, exit codes, bad input, scale."""

from __future__ import annotations

import collections
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from sahel_extract.cli_review import register
from sahel_extract.errors import EventFileError
from sahel_extract.models import ActorMention, Casualty, Event, Evidence, Location
from sahel_extract.review.diff import diff_events, render_stat

# --- building event files ------------------------------------------------------------------------


def event(doc: str, n: int, *, start: int | None = None, **fields: Any) -> Event:
    """A minimal valid event; evidence at `start` (100 * n unless given), 40 characters long."""
    offset = 100 * n if start is None else start
    base = Event(
        event_id=f"{doc}-{n}",
        doc_id=doc,
        source=f"{doc}.txt",
        event_date="2024-07-27",
        event_type="Battles",
        sub_event_type="Armed clash",
        evidence=[Evidence(sentence="A hand-written sentence.", start=offset, end=offset + 40)],
        confidence=0.8,
        extractor="sahel-extract test",
    )
    return base.model_copy(update=fields)


def write(path: Path, events: list[Event]) -> Path:
    path.write_text("".join(e.to_json() + "\n" for e in events), encoding="utf-8")
    return path


def _cli() -> typer.Typer:
    app = typer.Typer()
    register(app)
    return app


def run_diff(tmp_path: Path, old: list[Event], new: list[Event], *flags: str) -> Any:
    old_path = write(tmp_path / "old.jsonl", old)
    new_path = write(tmp_path / "new.jsonl", new)
    return CliRunner().invoke(_cli(), ["diff", str(old_path), str(new_path), *flags])


A0, A1 = event("a", 0), event("a", 1)

# --- scenarios: (old events, new events) ----------------------------------------------------------

Scenario = Callable[[], tuple[list[Event], list[Event]]]

SCENARIOS: dict[str, Scenario] = {
    "equal": lambda: ([A0, A1], [A0, A1]),
    "added": lambda: ([A0, A1], [A0, A1, event("a", 2)]),
    "removed": lambda: ([A0, A1], [A0]),
    "changed": lambda: (
        [A0, A1],
        [A0, A1.model_copy(update={"event_type": "Violence against civilians", "fatalities": 5})],
    ),
    "id moved, same evidence, a field changed": lambda: (
        [A0, A1],
        [A0, A1.model_copy(update={"event_id": "a-1-new", "fatalities": 5})],
    ),
    "id moved, nothing else": lambda: ([A0, A1], [A0, A1.model_copy(update={"event_id": "x"})]),
    "id moved, evidence shifted": lambda: ([A0, A1], [A0, event("a", 1, start=110, event_id="x")]),
    "id moved, evidence elsewhere": lambda: (
        [A0, A1],
        [A0, event("a", 1, start=500, event_id="x")],
    ),
    "extractor differs": lambda: ([A0], [A0.model_copy(update={"extractor": "other 9.9"})]),
}

ADDED_A2 = (
    '{"kind":"added","doc_id":"a","event_id_old":null,"event_id_new":"a-2","changes":['
    '{"field":"event_date","old":null,"new":"2024-07-27"},'
    '{"field":"event_type","old":null,"new":"Battles"},'
    '{"field":"sub_event_type","old":null,"new":"Armed clash"},'
    '{"field":"confidence","old":null,"new":0.8},'
    '{"field":"evidence","old":null,"new":["A hand-written sentence."]}]}\n'
)
REMOVED_A1 = (
    '{"kind":"removed","doc_id":"a","event_id_old":"a-1","event_id_new":null,"changes":['
    '{"field":"event_date","old":"2024-07-27","new":null},'
    '{"field":"event_type","old":"Battles","new":null},'
    '{"field":"sub_event_type","old":"Armed clash","new":null},'
    '{"field":"confidence","old":0.8,"new":null},'
    '{"field":"evidence","old":["A hand-written sentence."],"new":null}]}\n'
)
ADDED_X_AT_500 = (
    '{"kind":"added","doc_id":"a","event_id_old":null,"event_id_new":"x","changes":['
    '{"field":"event_date","old":null,"new":"2024-07-27"},'
    '{"field":"event_type","old":null,"new":"Battles"},'
    '{"field":"sub_event_type","old":null,"new":"Armed clash"},'
    '{"field":"confidence","old":null,"new":0.8},'
    '{"field":"evidence","old":null,"new":["A hand-written sentence."]}]}\n'
)

JSON_OUTPUT = {
    "equal": "",
    "added": ADDED_A2,
    "removed": REMOVED_A1,
    "changed": (
        '{"kind":"changed","doc_id":"a","event_id_old":"a-1","event_id_new":"a-1","changes":['
        '{"field":"event_type","old":"Battles","new":"Violence against civilians"},'
        '{"field":"fatalities","old":null,"new":5}]}\n'
    ),
    "id moved, same evidence, a field changed": (
        '{"kind":"changed","doc_id":"a","event_id_old":"a-1","event_id_new":"a-1-new","changes":['
        '{"field":"fatalities","old":null,"new":5}]}\n'
    ),
    "id moved, nothing else": "",
    "id moved, evidence shifted": "",  # the same sentence, 10 characters later: no change (see --offsets)
    "id moved, evidence elsewhere": REMOVED_A1 + ADDED_X_AT_500,
    "extractor differs": "",
}

STAT_OUTPUT = {
    "equal": "2 events compared: 0 added, 0 removed, 0 changed, 2 unchanged\n",
    "added": "3 events compared: 1 added, 0 removed, 0 changed, 2 unchanged\n",
    "removed": "2 events compared: 0 added, 1 removed, 0 changed, 1 unchanged\n",
    "changed": "2 events compared: 0 added, 0 removed, 1 changed, 1 unchanged\n",
    "id moved, same evidence, a field changed": ("2 events compared: 0 added, 0 removed, 1 changed, 1 unchanged\n"),
    "id moved, nothing else": "2 events compared: 0 added, 0 removed, 0 changed, 2 unchanged\n",
    "id moved, evidence shifted": "2 events compared: 0 added, 0 removed, 0 changed, 2 unchanged\n",
    "id moved, evidence elsewhere": ("3 events compared: 1 added, 1 removed, 0 changed, 1 unchanged\n"),
    "extractor differs": "1 events compared: 0 added, 0 removed, 0 changed, 1 unchanged\n",
}

EXIT_CODE = {
    "equal": 0,
    "added": 1,
    "removed": 1,
    "changed": 1,
    "id moved, same evidence, a field changed": 1,
    "id moved, nothing else": 0,
    "id moved, evidence shifted": 0,
    "id moved, evidence elsewhere": 1,
    "extractor differs": 0,
}


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_json_output(tmp_path: Path, name: str) -> None:
    result = run_diff(tmp_path, *SCENARIOS[name](), "--json")
    assert (result.stdout, result.stderr) == (JSON_OUTPUT[name], "")
    assert result.exit_code == EXIT_CODE[name]


@pytest.mark.parametrize(
    ("old_start", "new_start", "new_sentence", "flags", "expected"),
    [
        # evidence moved by an edit earlier in the text: a change only with --offsets
        (100, 110, None, (), ""),
        (100, 110, None, ("--offsets",), '{"field":"evidence","old":[100],"new":[110]}'),
        # evidence reworded: a change either way, shown as its sentences by default
        (
            100, 100, "A sentence written again.", (),
            '{"field":"evidence","old":["A hand-written sentence."],"new":["A sentence written again."]}',
        ),
        (100, 100, "A sentence written again.", ("--offsets",), ""),  # --offsets compares where, not what
    ],
)
def test_evidence_is_compared_by_its_sentences_unless_offsets(
    tmp_path: Path, old_start: int, new_start: int, new_sentence: str | None, flags: tuple[str, ...], expected: str
) -> None:
    old = event("a", 1, start=old_start)
    sentence = new_sentence or "A hand-written sentence."
    new = old.model_copy(update={"evidence": [Evidence(sentence=sentence, start=new_start, end=new_start + 40)]})
    result = run_diff(tmp_path, [old], [new], "--json", *flags)
    if not expected:
        assert (result.stdout, result.exit_code) == ("", 0)
        return
    change = '{"kind":"changed","doc_id":"a","event_id_old":"a-1","event_id_new":"a-1","changes":[' + expected + "]}\n"
    assert (result.stdout, result.exit_code) == (change, 1)


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_stat_output(tmp_path: Path, name: str) -> None:
    result = run_diff(tmp_path, *SCENARIOS[name](), "--stat")
    assert (result.stdout, result.stderr) == (STAT_OUTPUT[name], "")
    assert result.exit_code == EXIT_CODE[name]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("equal", {"compared": 2, "added": 0, "removed": 0, "changed": 0, "unchanged": 2}),
        ("added", {"compared": 3, "added": 1, "removed": 0, "changed": 0, "unchanged": 2}),
    ],
)
def test_stat_json_output(tmp_path: Path, name: str, expected: dict[str, int]) -> None:
    result = run_diff(tmp_path, *SCENARIOS[name](), "--stat", "--json")
    assert result.stdout == json.dumps(expected) + "\n"


def test_table_output(tmp_path: Path) -> None:
    result = run_diff(tmp_path, *SCENARIOS["changed"]())
    assert result.exit_code == 1
    assert result.stdout.split("\n")[0].rstrip() == "a"  # the document's title
    assert "fatalities" in result.stdout
    assert "- → 5" in result.stdout
    assert "Battles → Violence against civilians" in result.stdout


def test_table_output_of_added_and_removed(tmp_path: Path) -> None:
    new = [A0, event("a", 1, start=500, event_id="x", fatalities=3)]
    result = run_diff(tmp_path, [A0, A1], new)
    lines = [line for line in result.stdout.split("\n") if "added" in line or "removed" in line]
    assert "2024-07-27 · Battles → -" in lines[0]
    assert "- → 2024-07-27 · Battles · 3 killed" in lines[1]


def test_table_output_is_empty_when_equal(tmp_path: Path) -> None:
    result = run_diff(tmp_path, *SCENARIOS["equal"]())
    assert (result.exit_code, result.stdout) == (0, "")


# --- compared fields -----------------------------------------------------------------------------

GAO = Location(name="Gao", admin1="Gao", country_code="ML", precision=1, mention="Gao", start=5, end=8)
JNIM = ActorMention(name="JNIM", type="Political militia", role="initiator", mention="JNIM", start=0, end=4)


@pytest.mark.parametrize(
    ("old_fields", "new_fields", "changes"),
    [
        # location fields, one by one
        (
            {},
            {"location": GAO},
            {f"location.{key}" for key in ("name", "admin1", "country_code", "precision")},
        ),
        (
            {"location": GAO},
            {"location": GAO.model_copy(update={"latitude": 16.3})},
            {"location.latitude"},
        ),
        (
            {"location": GAO},
            {"location": GAO.model_copy(update={"precision": 2})},
            {"location.precision"},
        ),
        # mention offsets of a place are not compared
        ({"location": GAO}, {"location": GAO.model_copy(update={"start": 50, "end": 53})}, set()),
        # actors as name:role
        ({"actors": [JNIM]}, {"actors": [JNIM.model_copy(update={"role": "target"})]}, {"actors"}),
        ({"actors": [JNIM]}, {"actors": [JNIM.model_copy(update={"mention": "the JNIM"})]}, set()),
        # the other fields
        ({}, {"date_precision": "day"}, {"date_precision"}),
        ({}, {"flags": ["claimed"]}, {"flags"}),
        ({}, {"confidence": 0.5}, {"confidence"}),
        ({}, {"sub_event_type": "Government regains territory"}, {"sub_event_type"}),
        (
            {},
            {"date_text": "on Sunday", "source": "elsewhere.txt", "published": "2024-08-01"},
            set(),
        ),
    ],
)
def test_compared_fields(
    tmp_path: Path, old_fields: dict[str, Any], new_fields: dict[str, Any], changes: set[str]
) -> None:
    old = write(tmp_path / "old.jsonl", [event("a", 0, **old_fields)])
    new = write(tmp_path / "new.jsonl", [event("a", 0, **new_fields)])
    found = {change.field for d in diff_events(old, new) for change in d.changes}
    assert found == changes


def test_casualties_are_compared_as_kind_count_victims(tmp_path: Path) -> None:
    killed = Casualty(kind="killed", count=3, low=3, high=3, text="three", start=0, end=5)
    old = write(tmp_path / "old.jsonl", [event("a", 0, casualties=[killed])])
    victims = killed.model_copy(update={"victims": "Civilians"})
    new = write(tmp_path / "new.jsonl", [event("a", 0, casualties=[victims])])
    (difference,) = diff_events(old, new)
    assert [c.model_dump() for c in difference.changes] == [
        {"field": "casualties", "old": ["killed:3:"], "new": ["killed:3:Civilians"]}
    ]


# --- order and pairing ---------------------------------------------------------------------------


def _kinds(old: Path, new: Path) -> list[tuple[str, str, str | None, str | None]]:
    return [(d.doc_id, d.kind, d.event_id_old, d.event_id_new) for d in diff_events(old, new)]


def test_documents_in_old_order_then_new_only_documents(tmp_path: Path) -> None:
    old = write(tmp_path / "old.jsonl", [event("d1", 0), event("d2", 0), event("d4", 0)])
    new = write(
        tmp_path / "new.jsonl",
        [event("d2", 0, fatalities=1), event("d3", 0), event("d1", 0, fatalities=2)],
    )
    assert _kinds(old, new) == [
        ("d1", "changed", "d1-0", "d1-0"),
        ("d2", "changed", "d2-0", "d2-0"),
        ("d4", "removed", "d4-0", None),
        ("d3", "added", None, "d3-0"),
    ]


def test_events_in_document_order(tmp_path: Path) -> None:
    old = write(tmp_path / "old.jsonl", [event("a", n) for n in range(4)])
    new_events = [
        event("a", 0, fatalities=1),
        event("a", 9, start=950),  # inserted between 0 and 2
        event("a", 2),
        event("a", 8, start=850),  # replaces 3
    ]
    new = write(tmp_path / "new.jsonl", new_events)
    assert _kinds(old, new) == [
        ("a", "changed", "a-0", "a-0"),
        ("a", "removed", "a-1", None),
        ("a", "added", None, "a-9"),
        ("a", "removed", "a-3", None),
        ("a", "added", None, "a-8"),
    ]


def test_largest_overlap_wins(tmp_path: Path) -> None:
    old = write(tmp_path / "old.jsonl", [event("a", 0, start=0), event("a", 1, start=30)])
    # "n" overlaps old a-1 by 35 characters and old a-0 by 5
    new = write(tmp_path / "new.jsonl", [event("a", 0, start=35, event_id="n", fatalities=1)])
    assert _kinds(old, new) == [
        ("a", "removed", "a-0", None),
        ("a", "changed", "a-1", "n"),
    ]


def test_ungrouped_new_file_gives_the_grouped_result(tmp_path: Path) -> None:
    old_events = [event("d1", 0), event("d1", 1), event("d2", 0)]
    old = write(tmp_path / "old.jsonl", old_events)
    changed = event("d1", 1, fatalities=4)
    grouped = write(tmp_path / "grouped.jsonl", [event("d1", 0), changed, event("d2", 0)])
    interleaved = write(tmp_path / "mixed.jsonl", [event("d1", 0), event("d2", 0), changed])
    assert _kinds(old, interleaved) == _kinds(old, grouped) == [("d1", "changed", "d1-1", "d1-1")]


def test_ungrouped_old_file(tmp_path: Path) -> None:
    old = write(tmp_path / "old.jsonl", [event("d1", 0), event("d2", 0), event("d1", 1)])
    new = write(tmp_path / "new.jsonl", [event("d1", 0), event("d1", 1), event("d2", 0)])
    assert _kinds(old, new) == []


# --- bad input -----------------------------------------------------------------------------------

GOOD = event("a", 0).to_json() + "\n"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        # invalid JSON, reported with file and line
        (GOOD + "{oops\n", GOOD, "old.jsonl:2: invalid JSON: Expecting property name"),
        (GOOD, GOOD + "\n" + "[1]\n", "new.jsonl:3: expected a JSON object"),
        (GOOD, b"\xff\xfe{}\n", "new.jsonl:1: not valid UTF-8"),
        # missing identifiers
        ('{"doc_id": "a"}\n', GOOD, "old.jsonl:1: missing 'event_id'"),
        (GOOD, '{"event_id": "a-0"}\n', "new.jsonl:1: missing 'doc_id'"),
        (GOOD, '{"event_id": 7, "doc_id": "a"}\n', "new.jsonl:1: 'event_id' must be a string"),
        # malformed fields
        (
            '{"event_id": "e", "doc_id": "a", "evidence": [{"start": "0"}]}\n',
            GOOD,
            "integer 'start'",
        ),
        (
            '{"event_id": "e", "doc_id": "a", "location": []}\n',
            GOOD,
            "'location' must be an object",
        ),
    ],
)
def test_bad_input(tmp_path: Path, old: str | bytes, new: str | bytes, message: str) -> None:
    for name, content in (("old.jsonl", old), ("new.jsonl", new)):
        target = tmp_path / name
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    with pytest.raises(EventFileError) as caught:
        list(diff_events(tmp_path / "old.jsonl", tmp_path / "new.jsonl"))
    assert message in str(caught.value)
    result = CliRunner().invoke(_cli(), ["diff", str(tmp_path / "old.jsonl"), str(tmp_path / "new.jsonl"), "--json"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"Error: {caught.value}\n"


def test_missing_file(tmp_path: Path) -> None:
    write(tmp_path / "old.jsonl", [A0])
    result = CliRunner().invoke(_cli(), ["diff", str(tmp_path / "old.jsonl"), "nope.jsonl"])
    assert result.exit_code == 2
    assert result.stderr == "Error: nope.jsonl: No such file or directory\n"


# --- scale -----------------------------------------------------------------------------------------


def _generated(tmp_path: Path, documents: int, per_document: int) -> tuple[Path, Path, Any]:
    """Two files with known differences: every 101st event removed, every 97th changed, every
    53rd re-identified (same evidence: unchanged), one event added to every 89th document."""
    expected: collections.Counter[str] = collections.Counter()
    changed_ids: set[str] = set()
    with (
        (tmp_path / "old.jsonl").open("w", encoding="utf-8") as old,
        (tmp_path / "new.jsonl").open("w", encoding="utf-8") as new,
    ):
        k = 0
        for d in range(documents):
            doc = f"doc{d:05d}"
            for n in range(per_document):
                base = event(doc, n, fatalities=1)
                old.write(base.to_json() + "\n")
                k += 1
                if k % 101 == 0:
                    expected["removed"] += 1
                    continue
                update: dict[str, Any] = {}
                if k % 97 == 0:
                    update["fatalities"] = 2
                    expected["changed"] += 1
                    changed_ids.add(base.event_id)
                else:
                    expected["unchanged"] += 1
                if k % 53 == 0:
                    update["event_id"] = base.event_id + "-moved"
                new.write(base.model_copy(update=update).to_json() + "\n")
            if d % 89 == 0:
                new.write(event(doc, per_document + 10).to_json() + "\n")
                expected["added"] += 1
    return tmp_path / "old.jsonl", tmp_path / "new.jsonl", (expected, changed_ids)


def test_twenty_thousand_events(tmp_path: Path) -> None:
    old, new, (expected, changed_ids) = _generated(tmp_path, documents=5000, per_document=4)
    differences = list(diff_events(old, new, include_unchanged=True))
    counted = collections.Counter(d.kind for d in differences)
    assert counted == expected
    assert sum(expected.values()) - expected["added"] == 20_000
    assert {d.event_id_old for d in differences if d.kind == "changed"} == changed_ids
    assert render_stat(differences) == (
        f"{sum(expected.values())} events compared: {expected['added']} added, "
        f"{expected['removed']} removed, {expected['changed']} changed, "
        f"{expected['unchanged']} unchanged"
    )


# --- stdin ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("side", ["old", "new"])
def test_either_side_reads_stdin(tmp_path: Path, side: str) -> None:
    """`extract … | sahel-extract diff old.jsonl -`: the same answer as from two files."""
    old = write(tmp_path / "old.jsonl", [A0, A1])
    new = write(tmp_path / "new.jsonl", [A0, event("a", 1, fatalities=9)])
    from_files = CliRunner().invoke(_cli(), ["diff", str(old), str(new), "--json"])
    args = ["-", str(new)] if side == "old" else [str(old), "-"]
    piped = CliRunner().invoke(_cli(), ["diff", *args, "--json"], input=(old if side == "old" else new).read_bytes())
    assert (piped.exit_code, piped.stderr, piped.stdout) == (1, "", from_files.stdout)
    assert from_files.exit_code == 1


def test_stdin_error_names_dash(tmp_path: Path) -> None:
    old = write(tmp_path / "old.jsonl", [A0])
    result = CliRunner().invoke(_cli(), ["diff", str(old), "-"], input=GOOD + "[1]\n")
    assert (result.exit_code, result.stderr) == (2, "Error: -:2: expected a JSON object\n")


def test_stdin_twice_is_a_usage_error() -> None:
    result = CliRunner().invoke(_cli(), ["diff", "-", "-"], input=GOOD)
    assert result.exit_code == 2

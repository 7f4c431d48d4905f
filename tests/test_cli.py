"""End-to-end tests of the command line: exit codes, what goes to stdout and what to stderr.

Most tests run the Typer app in-process with `CliRunner` (fast, and a crash shows its
traceback); a few go through `python -m sahel_extract` in a subprocess to prove that the
console entry works and that standard output carries only data. Typer (0.29) ships its own
Click, whose `CliRunner` always keeps stdout and stderr apart in `Result`: there is no
`mix_stderr` to pass, and `result.stderr` holds exactly what a user's terminal would show.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import typer
from conftest import FIXTURES, ROOT
from jsonschema import Draft202012Validator
from typer.core import TyperGroup
from typer.testing import CliRunner, Result

from sahel_extract.cli import app
from sahel_extract.resources.loader import default_data_dir

ARTICLES = FIXTURES / "articles"
SAMPLE_NAMES = (
    "en_01_army_post_boulkessi.txt",
    "en_07_aes_agreement_niamey.txt",
    "fr_04_massacre_dargol.txt",
)
"""A few articles for the format tests, so that each of them does not pay for the whole folder."""

CSV_HEADER = (
    "event_id,event_date,time_precision,event_type,sub_event_type,actor1,assoc_actor_1,inter1,"
    "actor2,assoc_actor_2,inter2,interaction,country,iso,admin1,admin2,location,latitude,longitude,"
    "geo_precision,fatalities,injured,abducted,flags,confidence,notes,source,doc_id,published,date_text,url,title"
)
"""Written out rather than imported: the column order is a contract with users' spreadsheets."""

SUNDAY_TEXT = (
    "On Sunday, suspected jihadists attacked an army post in Djibo, in northern Burkina Faso, "
    "killing 12 soldiers, security sources said.\n"
)
"""What `echo "…"` would pipe in (with its newline); published on a Tuesday, Sunday is two days before."""

ATTACK_SENTENCE = (
    "Gunmen attacked the village of Djibo in northern Burkina Faso on 3 August 2024, killing 12 civilians, "
    "the préfet said. "
)
"""A sentence every good bad-input file carries, so that its events prove it was read."""


def run(*args: str, input: str | bytes | None = None, env: dict[str, str] | None = None) -> Result:
    """Invoke the app in-process; an exception other than an exit is a crash and fails the test."""
    result = CliRunner(env=env).invoke(app, list(args), input=input)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def run_module(
    *args: str, input: str | None = None, env_extra: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """The real console entry, as a user's shell runs it."""
    return subprocess.run(
        [sys.executable, "-m", "sahel_extract", *args],
        input=input,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **(env_extra or {})},
        timeout=120,
        check=False,
    )


def jsonl(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines()]


def lines_from(output: str, source: str) -> str:
    """The JSONL lines of one article within a whole run's output."""
    return "".join(line for line in output.splitlines(keepends=True) if json.loads(line)["source"] == source)


@pytest.fixture(scope="module")
def folder_run() -> Result:
    """One extraction of the bundled articles, shared by the tests that only read it."""
    return run("extract", str(ARTICLES))


@pytest.fixture(scope="module")
def event_schema() -> dict[str, Any]:
    result = run("schema")
    assert result.exit_code == 0, result.stderr
    schema: dict[str, Any] = json.loads(result.stdout)
    return schema


# ---------------------------------------------------------------------------------------------
# extract: a folder of articles


def test_extract_folder_succeeds_quietly(folder_run: Result) -> None:
    """Only the hint that one undated article's "on Sunday" could be dated with --published."""
    assert folder_run.exit_code == 0, folder_run.stderr
    assert folder_run.stderr == (
        f"Note: 1 event without a date, from 1 article without a publication date "
        f"({ARTICLES / 'en_11_no_pubdate_torodi.txt'}): give one with --published YYYY-MM-DD\n"
    )
    assert folder_run.stdout.endswith("\n")


def test_extract_folder_writes_schema_valid_jsonl(folder_run: Result, event_schema: dict[str, Any]) -> None:
    validator = Draft202012Validator(event_schema)
    events = jsonl(folder_run.stdout)
    assert events, "the bundled articles gave no events"
    for number, event in enumerate(events, start=1):
        problems = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(event)]
        assert not problems, f"line {number} ({event['source']}): {problems}"


def test_extract_folder_covers_every_article(folder_run: Result) -> None:
    """Sorted input order is document order: sources appear in the folder's sorted order."""
    sources = [event["source"] for event in jsonl(folder_run.stdout)]
    first_seen = list(dict.fromkeys(sources))
    assert first_seen == sorted(first_seen)


def test_extract_is_byte_identical_across_runs(folder_run: Result) -> None:
    again = run("extract", str(ARTICLES))
    assert again.exit_code == 0
    assert again.stdout_bytes == folder_run.stdout_bytes


@pytest.mark.slow  # the fixture folder in two fresh processes
def test_extract_is_byte_identical_in_a_fresh_process(folder_run: Result) -> None:
    """Another process has another string-hash seed: set iteration order must not leak into the output."""
    done = run_module("extract", str(ARTICLES), env_extra={"PYTHONHASHSEED": "12345"})
    assert done.returncode == 0, done.stderr
    assert done.stdout == folder_run.stdout


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_extract_gives_the_same_bytes_whatever_the_jobs(folder_run: Result, jobs: str) -> None:
    """`folder_run` used the default, all cores; one in-process worker or two must write the same bytes."""
    other = run("extract", str(ARTICLES), "--jobs", jobs)
    assert other.exit_code == 0, other.stderr
    assert other.stdout_bytes == folder_run.stdout_bytes


def test_help_says_jobs_default_to_all_cores() -> None:
    help_text = re.sub(r"[\s│]+", " ", run("extract", "--help", env={"COLUMNS": "200"}).stdout)
    assert "Worker processes; 0 (the default) = all cores. [default: 0; x>=0]" in help_text


# ---------------------------------------------------------------------------------------------
# extract: standard input


@pytest.mark.parametrize(
    ("args", "event_date", "published"),
    [
        # '-' or nothing means stdin
        (("extract", "-"), None, None),
        (("extract",), None, None),
        # --published anchors relative dates ("On Sunday" before Tuesday 13 August 2024)
        (("extract", "-", "--published", "2024-08-13"), "2024-08-11", "2024-08-13"),
        (("extract", "--published", "2024-08-13"), "2024-08-11", "2024-08-13"),
    ],
)
def test_extract_stdin(args: tuple[str, ...], event_date: str | None, published: str | None) -> None:
    result = run(*args, input=SUNDAY_TEXT)
    assert result.exit_code == 0, result.stderr
    events = jsonl(result.stdout)
    assert len(events) == 1, events
    event = events[0]
    assert event["doc_id"] == hashlib.sha1(SUNDAY_TEXT.encode("utf-8")).hexdigest()
    assert event["source"] == "-"
    assert event["published"] == published
    assert event["event_date"] == event_date
    assert event["date_text"] == "On Sunday"


def test_extract_jsonl_stdin_keeps_ids() -> None:
    articles = [
        {"id": "first", "text": SUNDAY_TEXT, "published": "2024-08-13"},
        {"id": "second", "text": ATTACK_SENTENCE},
    ]
    result = run("extract", "--jsonl", "-", input="".join(json.dumps(a) + "\n" for a in articles))
    assert result.exit_code == 0, result.stderr
    events = jsonl(result.stdout)
    assert [e["doc_id"] for e in events] == ["first", "second"]
    assert events[0]["event_date"] == "2024-08-11"


# ---------------------------------------------------------------------------------------------
# extract: output file and formats


def test_output_file_is_written_and_stdout_stays_empty(tmp_path: Path, folder_run: Result) -> None:
    target = tmp_path / "events.jsonl"
    source = str(ARTICLES / SAMPLE_NAMES[0])
    result = run("extract", source, "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert target.read_text(encoding="utf-8") == lines_from(folder_run.stdout, source)
    leftovers = [p.name for p in tmp_path.iterdir() if "partial" in p.name or p.name.endswith(".tmp")]
    assert leftovers == [], "a temporary file was left behind"


def test_output_file_replaces_an_existing_one(tmp_path: Path) -> None:
    target = tmp_path / "events.jsonl"
    target.write_text("stale\n", encoding="utf-8")
    result = run("extract", str(ARTICLES / SAMPLE_NAMES[0]), "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert "stale" not in target.read_text(encoding="utf-8")
    assert jsonl(target.read_text(encoding="utf-8"))


def test_csv_header_and_rows(folder_run: Result) -> None:
    sources = [str(ARTICLES / name) for name in SAMPLE_NAMES]
    result = run("extract", *sources, "--format", "csv")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.split("\n", 1)[0] == CSV_HEADER
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    expected = jsonl("".join(lines_from(folder_run.stdout, source) for source in sources))
    assert [row["event_id"] for row in rows] == [event["event_id"] for event in expected]
    assert all(len(row) == CSV_HEADER.count(",") + 1 for row in rows)


def test_geojson_is_a_feature_collection(folder_run: Result) -> None:
    sources = [str(ARTICLES / name) for name in SAMPLE_NAMES]
    result = run("extract", *sources, "--format", "geojson")
    assert result.exit_code == 0, result.stderr
    collection = json.loads(result.stdout)
    assert collection["type"] == "FeatureCollection"
    expected = jsonl("".join(lines_from(folder_run.stdout, source) for source in sources))
    assert [feature["id"] for feature in collection["features"]] == [event["event_id"] for event in expected]
    for feature, event in zip(collection["features"], expected, strict=True):
        assert feature["type"] == "Feature"
        location = event["location"] or {}
        if location.get("latitude") is None:
            assert feature["geometry"] is None
        else:
            assert feature["geometry"] == {
                "type": "Point",
                "coordinates": [location["longitude"], location["latitude"]],
            }


# ---------------------------------------------------------------------------------------------
# extract: bad input (SPEC §5) costs only itself


BAD_INPUT_MAX_CHARS = 120_000
"""Above the 100,000-character line, below the default so that the 20 MB article stays quick."""


def _write_bad_inputs(folder: Path) -> None:
    paragraph = ATTACK_SENTENCE + "Residents fled towards the town centre. " * 3 + "\n\n"
    (folder / "a_good.txt").write_text("date 2024-08-10\n" + ATTACK_SENTENCE, encoding="utf-8")
    (folder / "b_empty.txt").write_bytes(b"")
    (folder / "c_binary.txt").write_bytes(
        b"date 2024-08-10\n" + ATTACK_SENTENCE.encode() + b"\x00\x01\x02\xff\x00" * 40
    )
    (folder / "d_cp1252.txt").write_bytes(("date 2024-08-10\n" + ATTACK_SENTENCE).encode("cp1252"))
    (folder / "e_huge.txt").write_text(
        "date 2024-08-10\n" + paragraph * (20_000_000 // len(paragraph) + 1), encoding="utf-8"
    )
    (folder / "f_long_line.txt").write_text(
        "date 2024-08-10\n" + ("the 12 convoys of 340 trucks carried 5,600 tonnes in 2023 " * 2000)[:100_000] + "\n",
        encoding="utf-8",
    )
    (folder / "g_soup.html").write_text(
        "<html><body><div><table><tr><td><p>"
        + ATTACK_SENTENCE
        + "<div><span><b>unclosed <i>" * 200
        + "</td></p></span></html></div><<>>&amp;&bogus;</script>",
        encoding="utf-8",
    )
    (folder / "h_lines.jsonl").write_text(
        json.dumps({"id": "h_good", "text": ATTACK_SENTENCE, "published": "2024-08-10"}) + "\n"
        '{"id": "h_broken", "text": "no closing quote}\n',
        encoding="utf-8",
    )


@pytest.fixture(scope="module")
def bad_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bad_input")
    _write_bad_inputs(folder)
    return folder


@pytest.fixture(scope="module")
def bad_folder_run(bad_folder: Path) -> Result:
    """One run over good and bad files together (about 5 s here, 25 s with the default --max-chars)."""
    return run("extract", str(bad_folder), "--max-chars", str(BAD_INPUT_MAX_CHARS))


def test_bad_inputs_exit_1(bad_folder_run: Result) -> None:
    assert bad_folder_run.exit_code == 1, bad_folder_run.stderr


def test_bad_inputs_stderr_has_only_messages(bad_folder_run: Result) -> None:
    lines = bad_folder_run.stderr.splitlines()
    assert all(line.startswith(("Error: ", "Warning: ")) for line in lines), lines


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("b_empty.txt", "empty"),
        ("c_binary.txt", "binary"),
        ("h_lines.jsonl:2", "JSON"),
    ],
)
def test_bad_input_gives_one_error_line(bad_folder: Path, bad_folder_run: Result, name: str, reason: str) -> None:
    prefix = f"Error: {bad_folder / name}: "
    matching = [line for line in bad_folder_run.stderr.splitlines() if line.startswith(prefix)]
    assert len(matching) == 1, bad_folder_run.stderr
    assert reason in matching[0]


def test_only_the_bad_inputs_give_errors(bad_folder_run: Result) -> None:
    errors = [line for line in bad_folder_run.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 3, errors


@pytest.mark.parametrize(
    ("doc_id", "expected"),
    [
        # good files keep their events
        ("a_good", "events"),
        ("h_good", "events"),
        # invalid UTF-8 falls back to cp1252
        ("d_cp1252", "events"),
        # an over-long article is truncated, not dropped
        ("e_huge", "events"),
        # HTML soup is reduced to its text
        ("g_soup", "events"),
        # a 100,000-character line of numbers without an incident must only not crash
        ("f_long_line", "any"),
        # bad files give nothing
        ("b_empty", "none"),
        ("c_binary", "none"),
        ("h_broken", "none"),
    ],
)
def test_bad_input_batch_keeps_good_events(bad_folder_run: Result, doc_id: str, expected: str) -> None:
    events = [e for e in jsonl(bad_folder_run.stdout) if e["doc_id"] == doc_id]
    if expected == "events":
        assert events, f"no event from {doc_id}"
    elif expected == "none":
        assert not events, events


def test_cp1252_input_is_decoded(bad_folder_run: Result) -> None:
    events = [e for e in jsonl(bad_folder_run.stdout) if e["doc_id"] == "d_cp1252"]
    assert events
    assert any("préfet" in evidence["sentence"] for event in events for evidence in event["evidence"])


def test_huge_input_warns_once_and_flags_truncated(bad_folder: Path, bad_folder_run: Result) -> None:
    warnings = [line for line in bad_folder_run.stderr.splitlines() if line.startswith("Warning: ")]
    assert len(warnings) == 1, warnings
    assert str(bad_folder / "e_huge.txt") in warnings[0]
    assert "truncated" in warnings[0]
    events = [e for e in jsonl(bad_folder_run.stdout) if e["doc_id"] == "e_huge"]
    assert events and all("truncated" in e["flags"] for e in events)


# ---------------------------------------------------------------------------------------------
# extract: a broken data file fails at load with path, line and field, before any output


def _break_place_latitude(folder: Path) -> tuple[Path, range, str]:
    """Latitude `abc` on the first data row; the error must name exactly that line."""
    path = folder / "places.tsv"
    lines = path.read_text(encoding="utf-8").split("\n")
    header = next(i for i, line in enumerate(lines) if line.strip() and not line.startswith("#"))
    columns = lines[header].split("\t")
    row = next(i for i in range(header + 1, len(lines)) if lines[i].strip() and not lines[i].startswith("#"))
    cells = lines[row].split("\t")
    cells[columns.index("latitude")] = "abc"
    lines[row] = "\t".join(cells)
    path.write_text("\n".join(lines), encoding="utf-8")
    return path, range(row + 1, row + 2), "latitude"


def _break_actor_type(folder: Path) -> tuple[Path, range, str]:
    """An unknown `type` in the first actor record; the error may name the record's line or the field's."""
    path = folder / "actors.yaml"
    lines = path.read_text(encoding="utf-8").split("\n")
    broken = next(i for i, line in enumerate(lines) if re.match(r"\s+type: ", line))
    record = max(i for i in range(broken) if re.match(r"\s*- ", lines[i]))
    lines[broken] = re.sub(r"type: .*", "type: Space pirates", lines[broken])
    path.write_text("\n".join(lines), encoding="utf-8")
    return path, range(record + 1, broken + 2), "type"


BREAKERS: dict[str, Callable[[Path], tuple[Path, range, str]]] = {
    "places.tsv latitude": _break_place_latitude,
    "actors.yaml type": _break_actor_type,
}


@pytest.fixture(params=sorted(BREAKERS))
def broken_data(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, Path, range, str]:
    """A copy of the bundled gazetteer folder with one broken row: (folder, file, lines, field)."""
    folder = tmp_path / "gazetteer"
    shutil.copytree(default_data_dir(), folder)
    path, lines, field = BREAKERS[request.param](folder)
    return folder, path, lines, field


def _assert_data_error(stderr: str, path: Path, lines: range, field: str) -> None:
    assert len(stderr.splitlines()) == 1, stderr
    match = re.fullmatch(rf"Error: {re.escape(str(path))}:(\d+): field '([^']+)': .+\n", stderr)
    assert match, stderr
    assert int(match[1]) in lines, f"line {match[1]} not in {lines}"
    assert match[2] == field


def test_broken_data_file_exits_2(broken_data: tuple[Path, Path, range, str], tmp_path: Path) -> None:
    folder, path, lines, field = broken_data
    output = tmp_path / "events.jsonl"
    output.write_text("previous run\n", encoding="utf-8")
    result = run("extract", "--gazetteer", str(folder), str(ARTICLES / SAMPLE_NAMES[0]), "-o", str(output))
    assert result.exit_code == 2
    assert result.stdout == ""
    _assert_data_error(result.stderr, path, lines, field)
    assert output.read_text(encoding="utf-8") == "previous run\n", "the output file was touched"


def test_gazetteer_validate_reports_the_broken_row(broken_data: tuple[Path, Path, range, str]) -> None:
    folder, path, lines, field = broken_data
    result = run("gazetteer", "validate", str(folder))
    assert result.exit_code != 0
    _assert_data_error(result.stderr, path, lines, field)


# ---------------------------------------------------------------------------------------------
# gazetteer, actors and schema commands


def test_gazetteer_lookup_table() -> None:
    result = run("gazetteer", "lookup", "Tinzaouatene", "--format", "table", env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.stderr
    rows = [line for line in result.stdout.splitlines() if "Tinzaouatene" in line]
    assert any(" ML " in row and " Kidal " in row for row in rows), result.stdout


def test_gazetteer_lookup_json() -> None:
    result = run("gazetteer", "lookup", "Tinzaouatene", "--json")
    assert result.exit_code == 0, result.stderr
    candidates = jsonl(result.stdout)
    assert any(c["country"] == "ML" and c["admin1"] == "Kidal" for c in candidates), candidates


def test_gazetteer_lookup_unknown_place() -> None:
    result = run("gazetteer", "lookup", "Nowhereville")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == "Error: no place named 'Nowhereville'\n"


def test_gazetteer_validate_bundled_folder() -> None:
    result = run("gazetteer", "validate", str(default_data_dir()))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert "ok" in result.stderr


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("GSIM", "JNIM"),
        ("JNIM", "JNIM"),
        ("gsim", "JNIM"),
    ],
)
def test_actors_lookup(name: str, canonical: str) -> None:
    result = run("actors", "lookup", name)
    assert result.exit_code == 0, result.stderr
    assert [actor["name"] for actor in jsonl(result.stdout)] == [canonical]


def test_actors_lookup_unknown_actor() -> None:
    result = run("actors", "lookup", "Nobody In Particular")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("Error: ")


def test_actors_list() -> None:
    result = run("actors", "list")
    assert result.exit_code == 0, result.stderr
    assert "Wagner Group" in result.stdout


def test_schema_command(event_schema: dict[str, Any]) -> None:
    assert event_schema["$id"] == "sahel-extract/event@1"
    assert event_schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(event_schema)


# ---------------------------------------------------------------------------------------------
# usage errors exit 2 before any data is written


@pytest.mark.parametrize(
    "args",
    [
        ("extract", "--lang", "xx", "-"),
        ("extract", "--format", "xml", "-"),
        ("extract", "--published", "last Sunday", "-"),
        ("extract", "--jobs", "many", "-"),
        ("no-such-command",),
    ],
)
def test_usage_errors_exit_2(args: tuple[str, ...]) -> None:
    result = run(*args, input=SUNDAY_TEXT)
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert result.stdout == ""


# ---------------------------------------------------------------------------------------------
# docs coverage: every command in README's usage block exists (after sqlite-utils' test_docs.py)


def _readme_commands() -> list[tuple[str, ...]]:
    """The command path (words before the first option or argument) of each README usage line."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"^## Usage\n+```sh\n(.*?)^```", readme, re.MULTILINE | re.DOTALL)
    assert block, "README.md has no ```sh block under '## Usage'"
    group = typer.main.get_command(app)
    commands: list[tuple[str, ...]] = []
    for line in block[1].splitlines():
        invocation = line.split("#", 1)[0].split("sahel-extract", 1)
        if len(invocation) < 2:
            continue
        words: list[str] = []
        command: object = group
        for word in invocation[1].split():
            if not isinstance(command, TyperGroup):
                break
            words.append(word)
            assert word in command.commands, f"README line {line.strip()!r}: {' '.join(words)!r} is not a command"
            command = command.commands[word]
        commands.append(tuple(words))
    return commands


def test_readme_usage_names_only_registered_commands() -> None:
    commands = _readme_commands()
    assert ("extract",) in commands
    assert len(commands) >= 10


def test_every_registered_command_is_in_readme() -> None:
    """The converse: no command is left undocumented."""
    documented = set(_readme_commands())
    group = typer.main.get_command(app)
    assert isinstance(group, TyperGroup)
    registered: set[tuple[str, ...]] = set()
    for name, command in group.commands.items():
        if isinstance(command, TyperGroup):
            registered |= {(name, sub) for sub in command.commands}
        else:
            registered.add((name,))
    assert registered - documented == set()


# ---------------------------------------------------------------------------------------------
# the real console entry: stdout carries only data


def test_module_entry_writes_only_events_to_stdout() -> None:
    source = str(ARTICLES / SAMPLE_NAMES[0])
    missing = str(ARTICLES / "no_such_article.txt")
    done = run_module("extract", missing, source)
    assert done.returncode == 1
    events = jsonl(done.stdout)
    assert events and all(event["source"] == source for event in events)
    assert done.stderr.splitlines() == [f"Error: {missing}: no such file or directory"]


def test_module_entry_reads_piped_stdin() -> None:
    done = run_module("extract", "-", "--published", "2024-08-13", input=SUNDAY_TEXT)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    events = jsonl(done.stdout)
    assert [e["doc_id"] for e in events] == [hashlib.sha1(SUNDAY_TEXT.encode("utf-8")).hexdigest()]
    assert events[0]["event_date"] == "2024-08-11"


def test_module_entry_version() -> None:
    done = run_module("--version")
    assert done.returncode == 0
    assert re.fullmatch(r"sahel-extract \d+\.\d+\.\d+\S*\n", done.stdout)

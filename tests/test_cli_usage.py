"""The command line's answers to slips and surprises (issue 21, items 2 to 7): exact stderr, exit codes.

Each case states the whole of stderr and the exit code a user sees, and that nothing was left
behind in the folder the run was pointed at. Terminal behaviour (the event table, the hint for a
bare `extract`) is tested by replacing `sahel_extract.cli.is_terminal`, the one function that
decides who is reading.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

import pytest
from conftest import FIXTURES, ROOT
from typer.testing import CliRunner, Result

from sahel_extract import cli
from sahel_extract.cli import app

ARTICLES = FIXTURES / "articles"
ONE_ARTICLE = ARTICLES / "en_01_army_post_boulkessi.txt"
SUNDAY_TEXT = (
    "On Sunday, suspected jihadists attacked an army post in Djibo, in northern Burkina Faso, "
    "killing 12 soldiers, security sources said.\n"
)
DATED_TEXT = "Gunmen killed 7 civilians in the village of Djibo, in northern Burkina Faso, on 3 August 2024.\n"


def run(*args: str, input: str | None = None, cwd: Path | None = None) -> Result:
    """The app in-process (in `cwd` when given); an exception other than an exit fails the test."""
    if cwd is not None:
        with pytest.MonkeyPatch.context() as patch:
            patch.chdir(cwd)
            return run(*args, input=input)
    result = CliRunner(env={"COLUMNS": "100"}).invoke(app, list(args), input=input)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def terminal(*streams: str) -> Callable[[TextIO], bool]:
    """An `is_terminal` for which the named standard streams ('stdin', 'stdout', 'stderr') are terminals."""
    return lambda stream: any(stream is getattr(sys, name) for name in streams)


def listing(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*"))


# ---------------------------------------------------------------------------------------------
# item 2: bad options fail at once, exit 2, one line, before the pipeline loads

HELP = "(see 'sahel-extract extract --help')"

BAD_OPTIONS = [
    # a language the tool does not read
    (["extract", "--lang", "de", "-"], f"Error: Invalid value for '--lang': 'de' is not one of 'auto', 'en', 'fr'. {HELP}"),
    # dates that are not YYYY-MM-DD
    (["extract", "--published", "last Sunday", "-"], f"Error: Invalid value for '--published': 'last Sunday' is not a date (YYYY-MM-DD) {HELP}"),
    (["extract", "--published", "2024-13-01", "-"], f"Error: Invalid value for '--published': '2024-13-01' is not a date (YYYY-MM-DD) {HELP}"),
    # an unknown format, an unknown option, numbers out of range
    (["extract", "--format", "xml", "-"], f"Error: Invalid value for '--format' / '-f': 'xml' is not one of 'jsonl', 'csv', 'geojson', 'acled', 'parquet'. {HELP}"),
    (["extract", "--bogus", "-"], f"Error: No such option: --bogus (Possible options: --jobs, --verbose) {HELP}"),
    (["extract", "--jobs", "-1", "-"], f"Error: Invalid value for '--jobs' / '-j': Input should be greater than or equal to 0 {HELP}"),
    (["extract", "--min-confidence", "2", "-"], f"Error: Invalid value for '--min-confidence': Input should be less than or equal to 1 {HELP}"),
    # options that need another
    (["extract", "--scheduler", "tcp://x:8786", "-"], f"Error: Invalid value: --scheduler needs --engine dask {HELP}"),
    (["extract", "--resume", "-"], f"Error: Invalid value: --resume needs -o FILE and the jsonl format {HELP}"),
    # commands
    (["no-such-command"], "Error: No such command 'no-such-command'. (see 'sahel-extract --help')"),
    (["gazetteer", "lookup"], "Error: Missing argument 'name'. (see 'sahel-extract gazetteer lookup --help')"),
]


@pytest.mark.parametrize(("args", "stderr"), BAD_OPTIONS)
def test_bad_option_is_one_line_and_exit_2(tmp_path: Path, args: list[str], stderr: str) -> None:
    result = run(*args, input=SUNDAY_TEXT, cwd=tmp_path)
    assert (result.exit_code, result.stderr, result.stdout) == (2, stderr + "\n", "")
    assert listing(tmp_path) == []


def test_bad_options_fail_before_spacy_is_imported() -> None:
    """In a fresh process every bad option above is refused without importing spaCy."""
    script = (
        "import json, sys\n"
        "from typer.testing import CliRunner\n"
        "from sahel_extract.cli import app\n"
        "codes = [CliRunner().invoke(app, args, input='x').exit_code for args in json.loads(sys.argv[1])]\n"
        "print(json.dumps([codes, 'spacy' in sys.modules]))\n"
    )
    cases = [args for args, _ in BAD_OPTIONS]
    done = subprocess.run([sys.executable, "-c", script, json.dumps(cases)], capture_output=True, text=True,
                          cwd=ROOT, timeout=120, check=True)
    codes, spacy_loaded = json.loads(done.stdout)
    assert codes == [2] * len(cases)
    assert spacy_loaded is False


# ---------------------------------------------------------------------------------------------
# item 3: output paths


@pytest.mark.parametrize(
    ("output", "extra", "stderr"),
    [
        # a folder, with or without its slash
        ("out/", [], "Error: out/: is a folder name: give a file name (a folder of shards needs --engine dask)"),
        ("out", [], "Error: out: is a folder (give a file name)"),
        # a missing folder
        ("nosuchdir/events.jsonl", [], "Error: nosuchdir/events.jsonl: folder nosuchdir does not exist"),
        # a suffix that contradicts --format, or says nothing
        ("events.csv", ["--format", "jsonl"], "Error: events.csv: the name says csv but --format says jsonl"),
        ("events.geojson", ["--format", "csv"], "Error: events.geojson: the name says geojson but --format says csv"),
        ("events.json", [], "Error: events.json: '.json' could be JSONL or GeoJSON: name it .jsonl or .geojson, or give --format"),
    ],
)
def test_bad_output_path_is_refused_before_any_work(tmp_path: Path, output: str, extra: list[str], stderr: str) -> None:
    (tmp_path / "out").mkdir()
    result = run("extract", str(ONE_ARTICLE), "-o", output, *extra, cwd=tmp_path)
    assert (result.exit_code, result.stderr, result.stdout) == (2, stderr + "\n", "")
    assert listing(tmp_path) == ["out"], "something was left behind"


@pytest.mark.parametrize(
    ("output", "extra", "first_line"),
    [
        # the suffix chooses the format
        ("events.csv", [], "event_id,event_date,"),
        ("events.geojson", [], '{"type": "FeatureCollection"'),
        ("events.jsonl", [], '{"schema":"sahel-extract/event@1"'),
        # an unknown suffix (or none) is the default, JSONL
        ("events.out", [], '{"schema":"sahel-extract/event@1"'),
        # --format that agrees with the suffix, or names a format for an unknown suffix
        ("events.csv", ["--format", "csv"], "event_id,event_date,"),
        ("events.json", ["--format", "geojson"], '{"type": "FeatureCollection"'),
    ],
)
def test_output_format_follows_the_suffix(tmp_path: Path, output: str, extra: list[str], first_line: str) -> None:
    result = run("extract", "-", "--published", "2024-08-13", "-o", output, *extra, input=SUNDAY_TEXT, cwd=tmp_path)
    assert (result.exit_code, result.stderr, result.stdout) == (0, "", "")
    assert (tmp_path / output).read_text(encoding="utf-8").startswith(first_line)


# ---------------------------------------------------------------------------------------------
# item 4: surprises become one line


def test_empty_folder_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "news").mkdir()
    result = run("extract", "news", cwd=tmp_path)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == "Error: news: no articles in this folder (no .htm .html .json .jsonl .md .txt file)\n"


def test_folder_of_pdfs_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "news" / "2024").mkdir(parents=True)
    for name in ("a.pdf", "2024/b.pdf", "2024/c.docx"):
        (tmp_path / "news" / name).write_bytes(b"%PDF-1.7\n")
    result = run("extract", "news", "-o", "events.jsonl", cwd=tmp_path)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "Error: news: no articles in this folder (no .htm .html .json .jsonl .md .txt file; 3 other files skipped)\n"
    )


def test_empty_folder_beside_a_good_one_still_writes_the_events(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "a.txt").write_text("date 2024-08-05\n" + DATED_TEXT, encoding="utf-8")
    result = run("extract", "empty", "news", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stderr == "Error: empty: no articles in this folder (no .htm .html .json .jsonl .md .txt file)\n"
    assert [json.loads(line)["doc_id"] for line in result.stdout.splitlines()] == ["a"]


def test_jsonl_on_stdin_is_detected() -> None:
    lines = "".join(json.dumps({"id": name, "text": DATED_TEXT, "published": "2024-08-05"}) + "\n" for name in ("a", "b"))
    detected = run("extract", "-", input=lines)
    told = run("extract", "--jsonl", "-", input=lines)
    assert (detected.exit_code, detected.stderr) == (0, "Note: -: standard input holds JSON Lines articles: read as --jsonl\n")
    assert (told.exit_code, told.stderr) == (0, "")
    assert detected.stdout == told.stdout
    assert [json.loads(line)["doc_id"] for line in detected.stdout.splitlines()] == ["a", "b"]


@pytest.mark.parametrize(
    "text",
    [
        # prose, even prose that starts with a brace or holds JSON further down
        SUNDAY_TEXT,
        "{Update} " + SUNDAY_TEXT,
        SUNDAY_TEXT + '{"text": "a quoted record"}\n',
    ],
)
def test_prose_on_stdin_is_not_taken_for_jsonl(text: str) -> None:
    result = run("extract", "-", "--published", "2024-08-13", input=text)
    assert (result.exit_code, result.stderr) == (0, "")
    assert [json.loads(line)["event_date"] for line in result.stdout.splitlines()] == ["2024-08-11"]


def test_quiet_hides_the_note() -> None:
    line = json.dumps({"id": "a", "text": DATED_TEXT, "published": "2024-08-05"}) + "\n"
    result = run("extract", "-q", "-", input=line)
    assert (result.exit_code, result.stderr) == (0, "")


def test_bare_extract_on_a_terminal_says_what_to_give(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "is_terminal", terminal("stdin", "stdout", "stderr"))
    result = run("extract")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "Error: no input: give files or folders, or pipe articles in "
        "('-' reads the terminal; see 'sahel-extract extract --help')\n"
    )


def test_dash_on_a_terminal_reads_with_a_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "is_terminal", terminal("stdin"))
    result = run("extract", "-", "--published", "2024-08-13", input=SUNDAY_TEXT)
    assert (result.exit_code, result.stderr) == (0, "Note: reading one article from the terminal; end it with Ctrl-D\n")
    assert len(result.stdout.splitlines()) == 1


@pytest.mark.parametrize(
    ("args", "stderr"),
    [
        # "On Sunday" with no publication date: one hint naming the article
        (["extract", "-"], "Note: 1 event without a date, from 1 article without a publication date (-): "
                           "give one with --published YYYY-MM-DD\n"),
        # given the date, no hint; and -q silences it
        (["extract", "-", "--published", "2024-08-13"], ""),
        (["extract", "-q", "-"], ""),
    ],
)
def test_undated_articles_get_one_hint(args: list[str], stderr: str) -> None:
    result = run(*args, input=SUNDAY_TEXT)
    assert (result.exit_code, result.stderr) == (0, stderr)


def test_undated_hint_counts_articles_and_events(tmp_path: Path) -> None:
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.txt").write_text(SUNDAY_TEXT, encoding="utf-8")
    (tmp_path / "d.txt").write_text("date 2024-08-13\n" + SUNDAY_TEXT, encoding="utf-8")
    result = run("extract", str(tmp_path))
    assert result.exit_code == 0
    assert result.stderr == (
        f"Note: 3 events without a date, from 3 articles without a publication date ({tmp_path / 'a.txt'} "
        "and 2 others): give one with --published YYYY-MM-DD\n"
    )


@pytest.mark.parametrize(
    ("first", "again", "changed"),
    [
        (["--min-confidence", "0.5"], [], "--min-confidence 0.5 (now 0)"),
        ([], ["--lang", "fr"], "--lang auto (now fr)"),
        (["--only-news"], ["--published", "2024-08-13"], "--only-news yes (now no), --published (none) (now 2024-08-13)"),
    ],
)
def test_resume_with_other_settings_is_refused(tmp_path: Path, first: list[str], again: list[str], changed: str) -> None:
    out = tmp_path / "events.jsonl"
    done = run("extract", str(ONE_ARTICLE), "-o", str(out), *first)
    assert done.exit_code == 0, done.stderr
    before = out.read_bytes()
    result = run("extract", str(ONE_ARTICLE), "-o", str(out), "--resume", *again)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"Error: {out}: cannot resume: written with {changed}; "
        "resume with those settings, or run without --resume to start over\n"
    )
    assert out.read_bytes() == before
    assert listing(tmp_path) == ["events.jsonl", "events.jsonl.done"]


def test_resume_with_the_same_settings_goes_on(tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    assert run("extract", str(ONE_ARTICLE), "-o", str(out), "--min-confidence", "0.5").exit_code == 0
    before = out.read_bytes()
    result = run("extract", str(ONE_ARTICLE), "-o", str(out), "--min-confidence", "0.5", "--resume")
    assert (result.exit_code, result.stderr) == (0, "")
    assert out.read_bytes() == before


# ---------------------------------------------------------------------------------------------
# item 5: a table on a terminal, JSONL when piped, --format always wins

TABLE = (
    "date        type             place                   actors                            killed  conf\n"
    "──────────  ───────────────  ──────────────────────  ────────────────────────────────  ──────  ────\n"
    "2024-08-11  Battles          Djibo, BF               Unidentified armed group, Burki…      12  1.00\n"
)


def test_terminal_gets_a_table(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "is_terminal", terminal("stdout"))
    result = run("extract", "-", "--published", "2024-08-13", input=SUNDAY_TEXT)
    assert (result.exit_code, result.stderr, result.stdout) == (0, "", TABLE)


@pytest.mark.parametrize(
    ("streams", "args", "starts"),
    [
        # piped: JSON Lines
        ((), [], '{"schema":'),
        # --format wins on a terminal
        (("stdout",), ["--format", "jsonl"], '{"schema":'),
        (("stdout",), ["--format", "csv"], "event_id,"),
    ],
)
def test_format_wins_over_the_terminal(
    monkeypatch: pytest.MonkeyPatch, streams: tuple[str, ...], args: list[str], starts: str
) -> None:
    monkeypatch.setattr(cli, "is_terminal", terminal(*streams))
    result = run("extract", "-", "--published", "2024-08-13", *args, input=SUNDAY_TEXT)
    assert result.exit_code == 0
    assert result.stdout.startswith(starts)


# ---------------------------------------------------------------------------------------------
# item 6: the progress bar knows its total


def test_progress_total_counts_files_and_jsonl_lines(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text(SUNDAY_TEXT, encoding="utf-8")
    (tmp_path / "sub" / "b.html").write_text("<p>x</p>", encoding="utf-8")
    (tmp_path / "c.jsonl").write_text('{"text": "a"}\n{"text": "b"}\n{"text": "c"}', encoding="utf-8")
    (tmp_path / "d.pdf").write_bytes(b"%PDF")
    assert cli._count_articles([str(tmp_path)], jsonl=False) == 5
    assert cli._count_articles([str(tmp_path / "a.txt"), str(tmp_path / "c.jsonl")], jsonl=False) == 4
    assert cli._count_articles([str(tmp_path), "-"], jsonl=False) is None


def test_progress_shows_total_rate_eta_and_errors(tmp_path: Path) -> None:
    import io

    from rich.console import Console

    from sahel_extract.console import Tally, with_progress
    from sahel_extract.extractor import Result as ArticleResult

    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=160, color_system=None)
    results = [ArticleResult(source="a", doc_id="a"), ArticleResult(source="b", doc_id=None, error="empty file")]
    tally = Tally()
    assert list(with_progress(results, tally, console, 4)) == results
    assert (tally.articles, tally.errors) == (2, 1)
    shown = screen.getvalue()
    for part in ("2/4", "50%", "/s", "eta", "0 events, 1 errors"):
        assert part in shown, shown


def test_verbose_closes_with_a_count() -> None:
    result = run("extract", "-v", "-", "--published", "2024-08-13", input=SUNDAY_TEXT)
    assert result.exit_code == 0
    assert result.stderr.startswith("Done: 1 article, 1 event, 0 errors in ")


# ---------------------------------------------------------------------------------------------
# item 7: lookups and lists agree: a table on a terminal, JSON Lines when piped or asked for


@pytest.mark.parametrize(
    ("args", "field", "value"),
    [
        (["gazetteer", "lookup", "Tinzaouatene"], "admin1", "Kidal"),
        (["actors", "lookup", "GSIM"], "name", "JNIM"),
        (["actors", "list"], "name", "Wagner Group"),
    ],
)
@pytest.mark.parametrize(
    ("streams", "extra", "table"),
    [
        # piped: JSON Lines; on a terminal: a table; --format wins either way
        ((), [], False),
        (("stdout",), [], True),
        (("stdout",), ["--format", "jsonl"], False),
        ((), ["--format", "table"], True),
    ],
)
def test_lookups_are_tables_for_people_and_jsonl_for_pipes(
    monkeypatch: pytest.MonkeyPatch, args: list[str], field: str, value: str,
    streams: tuple[str, ...], extra: list[str], table: bool,
) -> None:
    monkeypatch.setattr(cli, "is_terminal", terminal(*streams))
    result = run(*args, *extra)
    assert (result.exit_code, result.stderr) == (0, "")
    if table:
        assert result.stdout.startswith("┏"), result.stdout
        assert value in result.stdout
    else:
        assert value in [json.loads(line)[field] for line in result.stdout.splitlines()]


def test_piped_table_folds_long_cells_instead_of_cutting_them() -> None:
    """A table written to a pipe (80 columns) keeps every character of every alias."""
    result = CliRunner(env={"COLUMNS": "80"}).invoke(app, ["actors", "lookup", "GSIM", "--format", "table"])
    assert result.exit_code == 0
    cells = " ".join(line.split("│")[4].strip() for line in result.stdout.splitlines() if line.count("│") == 5)
    assert "; Group for the Support of Islam and Muslims; Group for Support of Islam and Muslims;" in cells
    assert "…" not in result.stdout


# ---------------------------------------------------------------------------------------------
# item 7: help text and completion


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        # square brackets in help are text, not Rich markup
        (["extract", "--help"], "pip install 'sahel-"),
        (["extract", "--help"], "extract[dask]'"),
        # shell completion is offered
        (["--help"], "--install-completion"),
        (["--help"], "--show-completion"),
    ],
)
def test_help_shows(args: list[str], shown: str) -> None:
    result = run(*args)
    assert (result.exit_code, result.stderr) == (0, "")
    assert shown in result.stdout


def test_no_command_prints_help_on_stderr() -> None:
    result = run()
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith("Usage: sahel-extract [OPTIONS] COMMAND [ARGS]...\n")

"""The `diff`, `evaluate`, `summary` and `merge` commands: argument parsing and output, nothing more.

The work is done by `sahel_extract.review`; these functions pick the output form, print data to
stdout, one `Error: …` line to stderr on bad input, and choose the exit code.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from sahel_extract.cli_report import report_command
from sahel_extract.errors import EventFileError, SahelExtractError
from sahel_extract.review.diff import (
    Difference,
    count_differences,
    diff_events,
    render_json,
    render_stat,
    render_table,
    stat_json,
)
from sahel_extract.review.evaluate import FIGURE_KEYS, EvaluationReport, evaluate
from sahel_extract.review.merge import merge_events, read_events
from sahel_extract.review.summary import render_summary, summarise, write_csv
from sahel_extract.writers import atomic_output, open_writer

EXIT_SAME = 0
EXIT_DIFFERENT = 1
EXIT_BAD_INPUT = 2


def _fail(error: SahelExtractError) -> NoReturn:
    typer.echo(f"Error: {error}", err=True)
    raise typer.Exit(EXIT_BAD_INPUT)


def _stdout() -> Console:
    """A console on the current stdout (looked up at call time, so test runners can capture it)."""
    return Console(file=sys.stdout)


# --- diff -----------------------------------------------------------------------------------------


@dataclass
class _Seen:
    """Whether any real difference went by, noted while the output streams."""

    different: bool = False

    def watch(self, differences: Iterator[Difference]) -> Iterator[Difference]:
        for difference in differences:
            if difference.kind != "unchanged":
                self.different = True
            yield difference


def diff_command(
    old: Annotated[str, typer.Argument(metavar="OLD", help="Events before the change (JSONL); '-' reads stdin.")],
    new: Annotated[str, typer.Argument(metavar="NEW", help="Events after the change (JSONL); '-' reads stdin.")],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per difference per line.")] = False,
    stat: Annotated[
        bool,
        typer.Option("--stat", help="Only the counts (one line; one JSON object with --json)."),
    ] = False,
    offsets: Annotated[
        bool,
        typer.Option("--offsets", help="Also report evidence that only moved in the text (same sentences, other offsets)."),
    ] = False,
) -> None:
    """Event-level diff of two outputs: added, removed and changed events.

    Events are paired by event_id, then by overlapping evidence; evidence is compared by its
    sentences (by its offsets too with --offsets). Exit status: 0 when the files hold the same
    events, 1 when they differ, 2 when a file cannot be read.
    """
    if old == new == "-":
        raise typer.BadParameter("'-' (stdin) can be given once")
    seen = _Seen()
    try:
        with _readable_twice(old) as old_path, _readable_twice(new) as new_path:
            _show_diff(seen.watch(diff_events(old_path, new_path, include_unchanged=stat, offsets=offsets)), as_json=as_json, stat=stat)
    except SahelExtractError as error:
        _fail(error)
    raise typer.Exit(EXIT_DIFFERENT if seen.different else EXIT_SAME)


def _show_diff(differences: Iterator[Difference], *, as_json: bool, stat: bool) -> None:
    if stat and as_json:
        typer.echo(stat_json(count_differences(differences)))
    elif stat:
        typer.echo(render_stat(differences))
    elif as_json:
        render_json(differences, sys.stdout)
    else:
        render_table(differences, _stdout())


@contextmanager
def _readable_twice(path: str) -> Iterator[str]:
    """A path `diff` may read twice: stdin ('-') is first copied to a temporary file.

    An error in the copy would name the temporary file; it is renamed back to '-'.
    """
    if path != "-":
        yield path
        return
    with tempfile.NamedTemporaryFile(prefix="sahel-diff-", suffix=".jsonl") as copy:
        shutil.copyfileobj(sys.stdin.buffer, copy)
        copy.flush()
        try:
            yield copy.name
        except EventFileError as error:
            if error.path != copy.name:
                raise
            raise EventFileError("-", error.line, error.reason) from None


# --- evaluate -------------------------------------------------------------------------------------


def _shown(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def _figures_table(report: EvaluationReport) -> Table:
    c = report.counts
    basis = {
        "recall": f"{c.gold_core_found}/{c.gold_core} core gold events found",
        "precision": f"{c.pairs}/{c.pairs + c.pred_unmatched_hard} predictions matched",
        "place": f"{c.place.ok}/{c.place.n} pairs",
        "admin1": f"{c.admin1.ok}/{c.admin1.n} pairs",
        "date": f"{c.date.ok}/{c.date.n} pairs",
        "type": f"{c.type.ok}/{c.type.n} pairs",
        "killed": f"{c.killed.ok}/{c.killed.n} pairs",
        "actors_f1": f"tp {c.actors_tp} · fp {c.actors_fp} · fn {c.actors_fn}",
        "initiator": f"{c.initiator.ok}/{c.initiator.n} pairs with two or more gold actors",
        "pred": f"{c.pred_ignored} more in documents without gold" if c.pred_ignored else "",
    }
    table = Table(title="evaluation", title_justify="left")
    table.add_column("figure")
    table.add_column("value", justify="right")
    table.add_column("from")
    figures = report.figures()
    for key in FIGURE_KEYS:
        table.add_row(key, _shown(figures[key]), basis.get(key, ""))
    return table


def _errors_tables(report: EvaluationReport) -> list[Table]:
    tables = []
    for field, examples in report.errors.items():
        if not examples:
            continue
        table = Table(title=f"errors: {field}", title_justify="left")
        for column in ("doc_id", "event", "gold", "predicted"):
            table.add_column(column, overflow="fold")
        for example in examples:
            event = example.event_id or (f"gold #{example.gold_index}" if example.gold_index is not None else "")
            table.add_row(
                Text(example.doc_id),
                Text(event),
                Text(_error_value(example.gold)),
                Text(_error_value(example.predicted)),
            )
        tables.append(table)
    return tables


def _error_value(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def evaluate_command(
    gold: Annotated[Path, typer.Argument(metavar="GOLD", help="Gold file: one JSON object per article.")],
    pred: Annotated[Path, typer.Argument(metavar="PRED", help="Predicted events (JSONL, as extract writes).")],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object: the scorer's figures.")] = False,
    errors: Annotated[
        int | None,
        typer.Option("--errors", min=0, metavar="N", help="Also list up to N errors per field."),
    ] = None,
) -> None:
    """Recall, precision and per-field accuracy of predicted events against a gold file.

    The figures are those of the corpus scorer (tools/score.py): events paired per document,
    recall over core gold events, place / admin1 / date / type / killed accuracy over pairs,
    actor F1.
    """
    try:
        report = evaluate(gold, pred, errors_limit=errors or 0)
    except SahelExtractError as error:
        _fail(error)
    if report.counts.pred_ignored:
        typer.echo(
            f"note: {report.counts.pred_ignored} predicted events belong to documents "
            "the gold file does not have; they were not scored",
            err=True,
        )
    if as_json:
        payload: dict[str, object] = dict(report.figures())
        if errors is not None:
            payload["errors"] = {
                field: [example.model_dump() for example in examples] for field, examples in report.errors.items()
            }
        typer.echo(json.dumps(payload, ensure_ascii=False))
        return
    console = _stdout()
    console.print(_figures_table(report))
    for table in _errors_tables(report):
        console.print(table)


# --- summary --------------------------------------------------------------------------------------


class SummaryFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


def summary_command(
    events: Annotated[str, typer.Argument(metavar="EVENTS", help="Events (JSONL, as extract writes); '-' reads stdin.")],
    fmt: Annotated[
        SummaryFormat | None,
        typer.Option("--format", "-f", help="table (charts), json (one object) or csv (one row per bucket) [default: table].", show_default=False),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Same as --format json.")] = False,
    top: Annotated[int, typer.Option("--top", min=0, metavar="N", help="Regions and actors shown in the table (0: all).")] = 15,
) -> None:
    """Events and fatalities by country, region (with its country), year, month, event type and actor."""
    if as_json and fmt not in (None, SummaryFormat.json):
        raise typer.BadParameter(f"--json and --format {fmt.value if fmt else ''} disagree")
    try:
        summary = summarise(events)
    except SahelExtractError as error:
        _fail(error)
    chosen = SummaryFormat.json if as_json else (fmt or SummaryFormat.table)
    if chosen is SummaryFormat.json:
        typer.echo(summary.model_dump_json())
    elif chosen is SummaryFormat.csv:
        write_csv(summary, sys.stdout)
    else:
        render_summary(summary, _stdout(), top=top)


# --- merge ----------------------------------------------------------------------------------------


class MergeFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    geojson = "geojson"


def merge_command(
    events: Annotated[list[str], typer.Argument(metavar="EVENTS", help="Event files (JSONL, as extract writes); '-' reads stdin.")],
    output: Annotated[
        str | None, typer.Option("-o", "--output", metavar="FILE", help="Write here (atomically) instead of stdout.")
    ] = None,
    fmt: Annotated[MergeFormat, typer.Option("--format", "-f", help="Output format.")] = MergeFormat.jsonl,
) -> None:
    """One record per incident: join the events several articles report of one incident.

    Each record keeps every report in `sources` (doc_id, event_id, url, published, fatalities).
    The output is the same bytes whatever the order of the input files and lines.
    """
    if events.count("-") > 1:
        raise typer.BadParameter("'-' (stdin) can be given once")
    try:
        with atomic_output(output) as out:
            writer = open_writer(fmt.value, out)
            for record in merge_events(read_events(events)):
                writer.write(record)
            writer.close()
    except SahelExtractError as error:
        _fail(error)


def register(app: typer.Typer) -> None:
    """Add `diff`, `evaluate`, `summary` and `merge` to the main application."""
    app.command("diff")(diff_command)
    app.command("evaluate")(evaluate_command)
    app.command("summary")(summary_command)
    app.command("merge")(merge_command)
    app.command("report")(report_command)

"""The `report` command: argument parsing and output around `sahel_extract.review.report`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sahel_extract.errors import SahelExtractError
from sahel_extract.review.report import build_report
from sahel_extract.writers import atomic_output

EXIT_BAD_INPUT = 2


def report_command(
    events: Annotated[Path, typer.Argument(help="Events (JSONL, as extract or merge write).")],
    output: Annotated[
        str | None, typer.Option("-o", "--output", help="Write the page here (atomically) instead of stdout.")
    ] = None,
    articles: Annotated[
        list[str] | None,
        typer.Option(
            "--articles",
            help="Articles the events came from (files or folders; repeatable). Default: each record's source path.",
        ),
    ] = None,
    against: Annotated[
        Path | None, typer.Option("--against", help="Earlier events (JSONL): show what changed, as `diff` pairs them.")
    ] = None,
    title: Annotated[str | None, typer.Option("--title", help="Page title.")] = None,
) -> None:
    """One self-contained HTML page to review events: a sortable, filterable table, each event's
    evidence with its fields highlighted, a timeline, an offline map, the changes against an
    earlier run, and review marks exported as a gold file for `evaluate`."""
    try:
        with atomic_output(output) as out:
            page, stats = build_report(events, articles=articles or [], against=against, title=title)
            out.write(page)
    except SahelExtractError as error:
        typer.echo(f"Error: {error}", err=True)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    for problem in stats.problems:
        typer.echo(f"Warning: {problem}", err=True)
    if stats.articles_found < stats.documents:
        typer.echo(
            f"note: article text found for {stats.articles_found} of {stats.documents} documents; "
            "the others show only the sentences their records carry",
            err=True,
        )

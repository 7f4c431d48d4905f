"""What the command line shows a person at a terminal: the event table, the progress bar.

Machines get JSON Lines; people at a terminal get a compact table (as sqlite-utils and csvlook
do). Both decisions hang on `is_terminal`, one function the tests can replace.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final, TextIO

from rich.cells import cell_len, set_cell_size

if TYPE_CHECKING:
    from rich.console import Console

    from sahel_extract.extractor import Result
    from sahel_extract.models import Event

ELLIPSIS: Final = "…"


def is_terminal(stream: TextIO) -> bool:
    """Whether a person is probably reading `stream`. Tests monkeypatch this one function."""
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or bare stream is no terminal
        return False


@dataclass(frozen=True)
class Column:
    heading: str
    width: int
    right: bool = False
    grows: int = 0
    """This column's share of a wider terminal's spare cells."""


_COLUMNS: Final = (
    Column("date", 10),
    Column("type", 15),
    Column("place", 14, grows=1),
    Column("actors", 16, grows=2),
    Column("killed", 6, right=True),
    Column("conf", 4, right=True),
)
_TYPES: Final = {
    "Violence against civilians": "Violence/civil.",
    "Explosions/Remote violence": "Explosions",
    "Strategic developments": "Strategic dev.",
}
"""ACLED's long type names, shortened so that the table fits 80 columns (75 cells at least)."""


def fit(text: str, width: int) -> str:
    """`text` in exactly `width` cells: padded, or cut with an ellipsis."""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + ELLIPSIS


def _widths(total: int) -> list[int]:
    """Column widths for a terminal `total` cells wide; the spare room goes to place and actors."""
    fixed = sum(column.width for column in _COLUMNS) + 2 * (len(_COLUMNS) - 1)
    spare = max(0, total - fixed)
    shares = sum(column.grows for column in _COLUMNS)
    return [column.width + spare * column.grows // shares for column in _COLUMNS]


def _place(event: Event) -> str:
    location = event.location
    if location is None:
        return "-"
    country = location.country_code or location.country
    return f"{location.name}, {country}" if country else location.name


def event_cells(event: Event) -> list[str]:
    """The six cells of one event's row."""
    actors = ", ".join(dict.fromkeys(actor.name for actor in event.actors)) or "-"
    return [
        event.event_date or "-",
        _TYPES.get(event.event_type or "", event.event_type or "-"),
        _place(event),
        actors,
        "-" if event.fatalities is None else str(event.fatalities),
        f"{event.confidence:.2f}",
    ]


@dataclass
class EventTableWriter:
    """A writer (as `writers.open_writer` gives) that prints one table row per event, streaming.

    The widths are fixed from the terminal's width, so rows print as events come instead of
    after the whole batch, and a long run can be watched (or stopped) as it goes.
    """

    out: TextIO
    width: int
    _widths: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._widths = _widths(self.width)
        self._line([column.heading for column in _COLUMNS])
        self._line(["─" * width for width in self._widths])

    def _line(self, cells: list[str]) -> None:
        shown = []
        for column, width, cell in zip(_COLUMNS, self._widths, cells, strict=True):
            text = fit(cell, width)
            shown.append(text.strip().rjust(width) if column.right else text)
        self.out.write("  ".join(shown).rstrip() + "\n")

    def write(self, event: Event) -> None:
        self._line(event_cells(event))
        self.out.flush()

    def close(self) -> None:
        self.out.flush()


@dataclass
class Tally:
    """What a run has done so far, for the progress bar and the closing lines."""

    articles: int = 0
    events: int = 0
    errors: int = 0
    skipped: int = 0
    started: float = field(default_factory=time.monotonic)

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def add(self, result: Result) -> None:
        self.articles += 1
        self.events += len(result.events)
        self.errors += result.error is not None


def with_progress(
    results: Iterable[Result], tally: Tally, console: Console | None, total: int | None,
    already_done: Callable[[], int] = lambda: 0,
) -> Iterator[Result]:
    """`results`, counted into `tally`, with a progress bar on `console` when one is given.

    The bar shows done/total, rate, time left and the error count; `already_done` reports
    articles a resumed run skipped, which count as done.
    """
    if console is None:
        for result in results:
            tally.add(result)
            yield result
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    with Progress(
        TextColumn("articles"),
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(),
        TextColumn("{task.fields[rate]}/s"),
        TimeElapsedColumn(),
        TextColumn("eta"),
        TimeRemainingColumn(),
        TextColumn("{task.fields[events]} events, {task.fields[errors]} errors"),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task("articles", total=total, events=0, errors=0, rate="-")
        for result in results:
            tally.add(result)
            elapsed = tally.elapsed()
            rate = f"{tally.articles / elapsed:.1f}" if elapsed > 0 else "-"
            bar.update(task, completed=tally.articles + already_done(), events=tally.events, errors=tally.errors, rate=rate)
            yield result

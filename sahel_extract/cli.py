"""The command line: parses options, calls the library, chooses exit codes. Nothing else."""

from __future__ import annotations

import datetime as dt
import errno
import gc
import io
import json
import os
import re
import shutil
import signal
import sys
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, BinaryIO, Optional, TextIO

import typer
from rich.console import Console
from rich.table import Table
from typer.core import TyperGroup

from sahel_extract import __version__
from sahel_extract.console import EventTableWriter, Tally, is_terminal, with_progress
from sahel_extract.errors import DataFileError, InputError, OutputError, SahelExtractError
from sahel_extract.limits import DEFAULT_MAX_CHARS, DEFAULT_TIMEOUT, MAX_TIMEOUT
from sahel_extract.resume import ResumableOutput, check_target

try:  # Typer 0.2x bundles its own Click; older ones use the click package
    from typer._click import exceptions as click_errors
except ImportError:  # pragma: no cover
    from click import exceptions as click_errors  # type: ignore[no-redef]

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

    from sahel_extract.extractor import ExtractorConfig, Result
    from sahel_extract.models import Event
    from sahel_extract.readers import Located
    from sahel_extract.resources.actors import ActorRecord, ActorTable
    from sahel_extract.writers import EventWriter



class OneLineErrors(TyperGroup):
    """The application's command group: a usage error is one `Error: …` line, as a file error is.

    Click (and Typer's Rich panels) print the usage, a hint and the error on five lines or in a
    box; a user of a pipeline wants the one line, and `--help` is there for the rest.
    """

    def main(  # type: ignore[override]
        self, args: list[str] | None = None, prog_name: str | None = None, complete_var: str | None = None,
        standalone_mode: bool = True, windows_expand_args: bool = True, **extra: object,
    ) -> object:
        try:
            code = super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        except click_errors.NoArgsIsHelpError as exc:
            typer.echo(exc.ctx.get_help() if exc.ctx else "", err=True)
            code = 2
        except click_errors.UsageError as exc:
            say(f"Error: {_usage_message(exc)}")
            code = exc.exit_code
        except click_errors.ClickException as exc:
            say(f"Error: {exc.format_message()}")
            code = exc.exit_code
        except typer.Abort:
            say("Error: interrupted")
            code = 130
        if not standalone_mode:
            return code
        sys.exit(code if isinstance(code, int) else 0)


def _usage_message(exc: click_errors.UsageError) -> str:
    """Click's message, with the command to ask for help (it names the command that failed)."""
    command = exc.ctx.command_path if exc.ctx else "sahel-extract"
    message = exc.format_message().replace(": Value error, ", ": ")  # pydantic's prefix, in Typer's choice errors
    return f"{message} (see '{command} --help')"


_SETTINGS = {"rich_markup_mode": None, "no_args_is_help": True, "cls": OneLineErrors}
"""Help is plain text: Rich markup would eat `[dask]` in `pip install 'sahel-extract[dask]'`."""

app = typer.Typer(
    name="sahel-extract",
    help="Turn news about armed conflict in the Sahel into ACLED-style event records.",
    add_completion=True,
    pretty_exceptions_enable=False,
    **_SETTINGS,  # type: ignore[arg-type]
)
gazetteer_app = typer.Typer(help="Look up, validate and build gazetteers.", rich_markup_mode=None, no_args_is_help=True)
actors_app = typer.Typer(help="Look up and list the actor table.", rich_markup_mode=None, no_args_is_help=True)
app.add_typer(gazetteer_app, name="gazetteer")
app.add_typer(actors_app, name="actors")
err = Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)

_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
"""Controls (newlines, escape sequences), line separators and bidi overrides: a file name or a
JSONL field holding them could forge extra `Error:` lines or repaint the terminal."""
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


class Engine(StrEnum):
    local = "local"
    dask = "dask"


class Regions(StrEnum):
    acled = "acled"
    geonames = "geonames"


class OutputFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    geojson = "geojson"
    acled = "acled"
    parquet = "parquet"


def printable(text: str) -> str:
    """`text` on one line, with every character that could act on a terminal written as an escape."""
    return _UNPRINTABLE.sub(lambda found: _escape(found.group()), text)


def _escape(char: str) -> str:
    code = ord(char)
    return _ESCAPES.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def say(line: str) -> None:
    """One message line on stderr, escaped (see `printable`)."""
    err.print(printable(line), markup=False)


def fail(message: str, code: int = 1) -> typer.Exit:
    say(f"Error: {message}")
    return typer.Exit(code)


def _parse_date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"'{value}' is not a date (YYYY-MM-DD)") from None


@app.callback(invoke_without_command=True)
def _root(
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.")] = False,
) -> None:
    if version:
        typer.echo(f"sahel-extract {__version__}")
        raise typer.Exit(0)


class Lang(StrEnum):
    auto = "auto"
    en = "en"
    fr = "fr"


_SUFFIX_FORMATS: dict[str, OutputFormat] = {
    ".jsonl": OutputFormat.jsonl,
    ".ndjson": OutputFormat.jsonl,
    ".csv": OutputFormat.csv,
    ".geojson": OutputFormat.geojson,
    ".parquet": OutputFormat.parquet,
}
"""`-o NAME.csv` means CSV (ACLED's format is CSV too: `--format acled` may name it so); another suffix (or none) means JSONL, the default. `.json` is refused
without `--format`: a GeoJSON file and a JSON Lines file are both 'JSON'."""


def _check_date(value: str | None) -> str | None:
    """Validate `--published` while the options are parsed, before the pipeline loads."""
    _parse_date(value)
    return value


@app.command()
def extract(
    ctx: typer.Context,
    paths: Annotated[Optional[list[str]], typer.Argument(help="Files or folders; '-' or nothing reads stdin.", metavar="PATH")] = None,
    output: Annotated[Optional[str], typer.Option("-o", "--output", metavar="FILE", help="Write here (atomically) instead of stdout; the format follows the suffix (.jsonl .csv .geojson) unless --format says.")] = None,
    fmt: Annotated[Optional[OutputFormat], typer.Option("--format", "-f", help="Output format [default: jsonl; a table on a terminal].", show_default=False)] = None,
    published: Annotated[Optional[str], typer.Option(metavar="YYYY-MM-DD", help="Publication date for articles that have none.", callback=_check_date)] = None,
    lang: Annotated[Lang, typer.Option(help="Article language.")] = Lang.auto,
    jsonl: Annotated[bool, typer.Option("--jsonl", help="Read stdin as JSONL articles (detected when stdin starts with one).")] = False,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=0, metavar="N", help="Worker processes; 0 (the default) = all cores.")] = 0,
    gazetteer: Annotated[Optional[Path], typer.Option("--gazetteer", metavar="DIR", help="Gazetteer folder replacing the bundled one.")] = None,
    actors: Annotated[Optional[Path], typer.Option("--actors", metavar="FILE", help="Actor table replacing the bundled one.")] = None,
    only_news: Annotated[bool, typer.Option("--only-news", help="Drop events flagged historical.")] = False,
    include_aggregates: Annotated[bool, typer.Option("--include-aggregates", help="Keep totals over many incidents, flagged aggregate.")] = False,
    min_confidence: Annotated[float, typer.Option(min=0.0, max=1.0, metavar="X", help="Drop events below this confidence.")] = 0.0,
    max_chars: Annotated[int, typer.Option(min=1, metavar="N", help="Truncate longer articles (with a warning).")] = DEFAULT_MAX_CHARS,
    progress: Annotated[Optional[bool], typer.Option("--progress/--no-progress", help="Progress bar on stderr (default: when stderr is a terminal).")] = None,
    resume: Annotated[bool, typer.Option("--resume", help="Continue an interrupted -o run, skipping articles already written.")] = False,
    timeout: Annotated[float, typer.Option(min=0.0, max=MAX_TIMEOUT, metavar="SECONDS", help="Skip an article that takes longer than this many seconds (0 = no limit).")] = DEFAULT_TIMEOUT,
    engine: Annotated[Engine, typer.Option("--engine", help="local: processes on this machine (--jobs); dask: a Dask cluster (pip install 'sahel-extract[dask]').")] = Engine.local,
    scheduler: Annotated[Optional[str], typer.Option("--scheduler", metavar="ADDRESS", help="Dask scheduler address (tcp://host:8786); without it, a local cluster of --jobs workers.")] = None,
    partition_size: Annotated[int, typer.Option("--partition-size", min=1, metavar="N", help="Articles per Dask partition, and per shard with -o DIR/.")] = 200,
    merge: Annotated[bool, typer.Option("--merge", help="Also merge the reports of one incident across articles (as `merge` does).")] = False,
    regions: Annotated[Regions, typer.Option("--regions", help="admin1 as ACLED codes it (Mali's Menaka, Taoudeni) or as GeoNames' places give it (Menaka under Gao).")] = Regions.acled,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only errors on stderr: no warnings, notes or hints.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Also a closing line: articles, events, errors and time.")] = False,
    explain: Annotated[bool, typer.Option("--explain", help="Add to each JSONL record an `explain` object: for each field, the rules (stage:rule id) and text spans behind it.")] = False,
) -> None:
    """Read articles and write one event record per incident."""
    # Every check that needs no pipeline comes first: a bad option costs no start-up and leaves nothing behind.
    chosen = _choose_format(output, fmt, engine)
    if explain and chosen is None:
        chosen = OutputFormat.jsonl  # the table has no room for it: a terminal gets the records
    if explain and (chosen is not OutputFormat.jsonl or merge):
        raise typer.BadParameter("--explain needs the jsonl format, without --merge (it adds a JSON field to each record)")
    if scheduler is not None and engine is not Engine.dask:
        raise typer.BadParameter("--scheduler needs --engine dask")
    if merge and (resume or engine is Engine.dask):
        raise typer.BadParameter("--merge works with --engine local, without --resume (merged output is written at the end)")
    if resume and engine is Engine.dask:
        raise typer.BadParameter("--resume works with --engine local only")
    if resume and (not output or output == "-" or chosen is not OutputFormat.jsonl):
        raise typer.BadParameter("--resume needs -o FILE and the jsonl format")
    _check_output(output, engine)
    note = (lambda line: None) if quiet else say
    stdin = _stdin_for(paths, jsonl, note)
    jsonl = jsonl or stdin.jsonl
    missing = _folders_without_articles(paths or [])
    for line in missing:
        say(f"Error: {line}")

    gc.disable()  # until the pipeline is built (see `_started`)
    from sahel_extract.extractor import Extractor, ExtractorConfig
    from sahel_extract.readers import iter_inputs
    from sahel_extract.writers import atomic_output, open_writer

    config = ExtractorConfig(
        data_dir=gazetteer, actors_file=actors, lang=lang.value, include_aggregates=include_aggregates, max_chars=max_chars,
        timeout=timeout, regions="geonames" if regions is Regions.geonames else "acled", explain=explain,
    )
    try:
        extractor = Extractor(config)
        # load data now: a broken data file fails before any output is opened (the language asked
        # for, else the first declared: a `--lang fr` run never builds the English pipeline)
        extractor.nlp(config.lang if config.lang != "auto" else extractor.languages.codes[0])
    except DataFileError as exc:
        raise fail(str(exc), 2) from None
    finally:
        _started(ctx)
    language = None if lang is Lang.auto else lang.value
    items = iter_inputs(paths or ["-"], jsonl_stdin=jsonl, published=_parse_date(published), lang=language, stdin=stdin.stream)
    workers = jobs if jobs > 0 else (os.cpu_count() or 1)
    show_progress = progress if progress is not None else is_terminal(sys.stderr)
    if engine is Engine.dask:
        raise typer.Exit(_extract_on_dask(
            paths or ["-"], config, scheduler=scheduler, output=output, fmt=chosen or OutputFormat.jsonl,
            published=_parse_date(published), lang=language, jsonl=jsonl, workers=workers, partition_size=partition_size,
            only_news=only_news, min_confidence=min_confidence,
        ) or (1 if missing else 0))
    tally = Tally()
    undated = _Undated()

    def emit(results: Iterable[Result], writer: EventWriter, done: ResumableOutput | None) -> None:
        total = _count_articles(paths or ["-"], jsonl) if show_progress else None
        skipped = (lambda: done.skipped) if done is not None else (lambda: 0)
        for result in with_progress(results, tally, err if show_progress else None, total, skipped):
            for line in result.messages():
                if not line.startswith("Warning: ") or not quiet:
                    say(line)
            if result.error:
                continue
            kept = [event for event in result.events
                    if not (only_news and "historical" in event.flags) and event.confidence >= min_confidence]
            for event in kept:
                writer.write(event)
            undated.count(result.source, kept)
            if done is not None and result.key:
                done.mark_done(result.key)

    try:
        if output and output != "-" and chosen is OutputFormat.jsonl and not merge:
            settings = _resume_settings(
                lang=lang.value, published=published, only_news=only_news, include_aggregates=include_aggregates,
                min_confidence=min_confidence, max_chars=max_chars, gazetteer=gazetteer, actors=actors,
            ) | {"--regions": regions.value} | ({"--explain": "yes"} if explain else {})
            store = ResumableOutput(Path(output), settings=settings)
            partial = store.open(resume)
            try:
                todo = store.pending(items, _key_of)
                emit(extractor.results(todo, jobs=workers), open_writer("jsonl", partial), store)
            except OutputError as exc:  # a full disk: what is on disk is whole articles, --resume goes on
                store.abandon()
                raise fail(f"{exc} (the articles written so far are kept; --resume continues from them)", 2) from None
            except BaseException:
                store.abandon()
                raise
            _finishing(ctx)
            store.finish()
        else:
            with atomic_output(output) as out:
                writer = _event_writer(chosen, out)
                if merge:
                    from sahel_extract.review.merge import MergingWriter

                    writer = MergingWriter(writer)
                emit(extractor.results(items, jobs=workers), writer, None)
                _finishing(ctx)
                writer.close()
    except KeyboardInterrupt:
        message = "interrupted; the output file was left untouched (use --resume to continue)" if output else "interrupted"
        raise fail(message, 130) from None
    except SahelExtractError as exc:
        raise fail(str(exc), 2) from None
    if undated.sources and published is None:
        note(undated.hint())
    if verbose:
        say(f"Done: {_plural(tally.articles, 'article')}, {_plural(tally.events, 'event')}, "
            f"{_plural(tally.errors, 'error')} in {tally.elapsed():.1f} s")
    raise typer.Exit(1 if tally.errors or missing else 0)


def _started(ctx: typer.Context) -> None:
    """Collect garbage again, without ever visiting what start-up built.

    Importing spaCy and building the pipeline make millions of objects that live as long as the
    run: the full collections their number set off while they were made freed nothing and took
    a tenth of the start-up. Frozen, later collections skip them, and worker processes forked
    from this one do not touch (and so copy) their memory pages (Python's advice for `gc.freeze`).
    They are unfrozen when the command ends, for a caller that runs it in its own process (tests).
    """
    gc.freeze()
    gc.enable()
    ctx.call_on_close(gc.unfreeze)


def _finishing(ctx: typer.Context) -> None:
    """Every article is done: from here on a Ctrl-C is ignored.

    Writing the rest and renaming the file takes milliseconds; an interrupt then would only turn
    a complete run into one reported as interrupted (exit 130, the file written all the same),
    or, once Python had begun to shut down and put back the signal's default action, kill the
    process by the signal itself (exit -2, no message: the race issue 21's terminal test met
    once in twenty interrupts). Run by `main`, the process ends with the command and the signal
    stays ignored; run in another caller's process (tests), its handler is back when the
    command ends.
    """
    if threading.current_thread() is not threading.main_thread():
        return
    handler = signal.signal(signal.SIGINT, signal.SIG_IGN)
    if ctx.find_root().obj is not _OWN_PROCESS:
        ctx.call_on_close(lambda: signal.signal(signal.SIGINT, handler))


_OWN_PROCESS = object()
"""The root context's `obj` when `main` runs the app: the process ends when the command does."""


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


@dataclass
class _Undated:
    """Articles whose events stay undated for want of a publication date, for one closing hint."""

    sources: list[str] = field(default_factory=list)
    events: int = 0

    def count(self, source: str, events: list[Event]) -> None:
        lost = sum(1 for event in events if event.published is None and event.event_date is None)
        if lost:
            self.sources.append(source)
            self.events += lost

    def hint(self) -> str:
        first = self.sources[0] + (f" and {_plural(len(self.sources) - 1, 'other')}" if len(self.sources) > 1 else "")
        return (f"Note: {_plural(self.events, 'event')} without a date, from {_plural(len(self.sources), 'article')} "
                f"without a publication date ({first}): give one with --published YYYY-MM-DD")


def _resume_settings(
    *, lang: str, published: str | None, only_news: bool, include_aggregates: bool, min_confidence: float,
    max_chars: int, gazetteer: Path | None, actors: Path | None,
) -> dict[str, str]:
    """The options that shape the events of an article, as the resume manifest records them."""
    return {
        "--lang": lang,
        "--published": published or "(none)",
        "--only-news": "yes" if only_news else "no",
        "--include-aggregates": "yes" if include_aggregates else "no",
        "--min-confidence": f"{min_confidence:g}",
        "--max-chars": str(max_chars),
        "--gazetteer": str(gazetteer.resolve()) if gazetteer else "(bundled)",
        "--actors": str(actors.resolve()) if actors else "(bundled)",
        "version": __version__,
    }


def _choose_format(output: str | None, fmt: OutputFormat | None, engine: Engine) -> OutputFormat | None:
    """The output format: `--format`, else `-o`'s suffix, else JSONL; None for the terminal table.

    A `--format` that contradicts the suffix is refused: `-o events.csv --format jsonl` is more
    likely a slip than a wish for JSON Lines in a `.csv` file.
    """
    if output is None or output == "-":
        if fmt is None and is_terminal(sys.stdout):
            return None
        return fmt or OutputFormat.jsonl
    if output.endswith(("/", os.sep)) and engine is Engine.dask:
        return fmt or OutputFormat.jsonl
    suffix = Path(output).suffix.lower()
    implied = _SUFFIX_FORMATS.get(suffix)
    if fmt is None:
        if suffix == ".json":
            raise fail(f"{output}: '.json' could be JSONL or GeoJSON: name it .jsonl or .geojson, or give --format", 2)
        return implied or OutputFormat.jsonl
    if implied is not None and implied is not fmt and (implied, fmt) != (OutputFormat.csv, OutputFormat.acled):
        raise fail(f"{output}: the name says {implied.value} but --format says {fmt.value}", 2)
    return fmt


def _event_writer(fmt: OutputFormat | None, out: TextIO) -> EventWriter:
    """The writer for `fmt`; the compact table when the events go to a person's terminal."""
    from sahel_extract.writers import open_writer

    if fmt is None:
        return EventTableWriter(out, shutil.get_terminal_size().columns)
    return open_writer(fmt.value, out)


@dataclass(frozen=True)
class _Stdin:
    stream: BinaryIO | None
    jsonl: bool


def _stdin_for(paths: list[str] | None, jsonl: bool, note: Callable[[str], None]) -> _Stdin:
    """Standard input as the run will read it, when it is read at all.

    With no path on a terminal the user most likely forgot one: say so rather than wait.
    JSON Lines piped in without `--jsonl` are recognised by their first line and read as such.
    """
    if paths and "-" not in paths:
        return _Stdin(None, jsonl)
    if is_terminal(sys.stdin):
        if not paths:
            raise fail("no input: give files or folders, or pipe articles in ('-' reads the terminal; see 'sahel-extract extract --help')", 2)
        note("Note: reading one article from the terminal; end it with Ctrl-D")
        return _Stdin(None, jsonl)
    if jsonl:
        return _Stdin(None, True)
    stream = sys.stdin.buffer
    head = stream.read1(_SNIFF) if hasattr(stream, "read1") else stream.read(_SNIFF)
    replay = io.BufferedReader(_Replayed(head, stream))
    found = _looks_like_jsonl(head)
    if found:
        note("Note: -: standard input holds JSON Lines articles: read as --jsonl")
    return _Stdin(replay, found)


_SNIFF = 65536


def _looks_like_jsonl(head: bytes) -> bool:
    """A first line that is a JSON object with a `text` (or, cut short, starts like one)."""
    first, newline, _ = head.lstrip(b"\xef\xbb\xbf \t\r\n").partition(b"\n")
    if not first.startswith(b"{"):
        return False
    if not newline and len(head) >= _SNIFF:
        return first.startswith(b'{"')
    try:
        record = json.loads(first)
    except ValueError:
        return False
    return isinstance(record, dict) and "text" in record


class _Replayed(io.RawIOBase):
    """The bytes already read to sniff stdin, then the rest of it."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        super().__init__()
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        view = memoryview(buffer).cast("B")
        if self._head:
            size = min(len(view), len(self._head))
            view[:size] = self._head[:size]
            self._head = self._head[size:]
            return size
        data = self._rest.read1(len(view)) if hasattr(self._rest, "read1") else self._rest.read(len(view))
        view[: len(data)] = data
        return len(data)


def _folders_without_articles(paths: list[str]) -> list[str]:
    """An error line for each folder that holds nothing to read: silence would look like success."""
    from sahel_extract.readers import FOLDER_SUFFIXES, list_folder

    lines = []
    for path in paths:
        folder = Path(path)
        if path == "-" or not folder.is_dir() or any(isinstance(found, Path) for found in list_folder(folder)):
            continue
        others = sum(1 for _, _, names in os.walk(folder) for name in names if not name.startswith("."))
        kinds = " ".join(sorted(FOLDER_SUFFIXES))
        skipped = f"; {_plural(others, 'other file')} skipped" if others else ""
        lines.append(f"{printable(path)}: no articles in this folder (no {kinds} file{skipped})")
    return lines


def _count_articles(paths: list[str], jsonl: bool) -> int | None:
    """How many articles the inputs hold, for the progress bar's total; None when unknown (stdin).

    A folder counts its files; a JSONL file its lines (counted in bulk, without parsing).
    """
    from sahel_extract.readers import JSONL_SUFFIXES, list_folder

    total = 0
    for path in paths:
        if path == "-":
            return None
        found = list_folder(Path(path)) if Path(path).is_dir() else [Path(path)]
        for item in found:
            if isinstance(item, Path) and item.suffix.lower() in JSONL_SUFFIXES:
                total += _count_lines(item)
            else:
                total += 1
    return total


def _count_lines(path: Path) -> int:
    lines = 0
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                lines += chunk.count(b"\n")
                last = chunk
    except OSError:
        return 1
    return lines + (1 if lines == 0 or not last.endswith(b"\n") else 0)


def _extract_on_dask(
    paths: list[str], config: ExtractorConfig, *, scheduler: str | None, output: str | None, fmt: OutputFormat,
    published: dt.date | None, lang: str | None, jsonl: bool, workers: int, partition_size: int,
    only_news: bool, min_confidence: float,
) -> int:
    """`extract --engine dask`: the same output and stderr lines as the local run; returns the exit code."""
    from sahel_extract.engines import EventFilter, run_dask

    try:
        import dask.bag  # noqa: F401
        import distributed  # noqa: F401
    except ImportError:
        raise fail('--engine dask needs Dask: pip install "sahel-extract[dask]"', 2) from None
    try:
        summary = run_dask(
            paths, config, scheduler=scheduler, output=output, fmt=fmt.value, published=published, lang=lang,
            partition_size=partition_size, n_workers=workers, jsonl_stdin=jsonl,
            keep=EventFilter(only_news=only_news, min_confidence=min_confidence),
            on_message=say,
        )
    except KeyboardInterrupt:
        raise fail("interrupted; no output file was replaced" if output else "interrupted", 130) from None
    except SahelExtractError as exc:
        raise fail(str(exc), 2) from None
    except OSError as exc:  # an unreachable scheduler, an unwritable output
        raise fail(str(exc), 2) from None
    return 1 if summary.failures else 0


def _check_output(output: str | None, engine: Engine) -> None:
    """Refuse `-o` into a missing folder or onto a folder before any work, not after the batch.

    With `--engine dask`, a name ending in `/` is a folder of shards, created if need be.
    """
    if output is None or output == "-":
        return
    if output.endswith(("/", os.sep)):
        if engine is not Engine.dask:
            raise fail(f"{output}: is a folder name: give a file name (a folder of shards needs --engine dask)", 2)
        if Path(output).exists() and not Path(output).is_dir():
            raise fail(f"{output}: is not a folder", 2)
        return
    try:
        check_target(Path(output))
    except OutputError as exc:
        hint = " (end it with / for shards)" if engine is Engine.dask and Path(output).is_dir() else ""
        raise fail(f"{exc}{hint}", 2) from None


def _key_of(item: Located | InputError) -> str | None:
    """The resume key of an article (doc_id and text hash); None for an input that failed."""
    from sahel_extract.extractor import doc_id_of
    from sahel_extract.readers import Located
    from sahel_extract.resume import article_key

    if not isinstance(item, Located):
        return None
    return article_key(item.article, doc_id_of(item.article))


@app.command()
def schema() -> None:
    """Print the JSON Schema of the event record."""
    from sahel_extract.models import event_json_schema

    typer.echo(json.dumps(event_json_schema(), indent=2, sort_keys=True))


class ListFormat(StrEnum):
    table = "table"
    jsonl = "jsonl"


_LIST_FORMAT_HELP = "table or jsonl (one JSON object per line) [default: table on a terminal, jsonl when piped]."


def _list_format(fmt: ListFormat | None, as_json: bool = False) -> ListFormat:
    """The lookup and list commands' rule: `--format` wins, else a table for a person, JSONL for a pipe."""
    if as_json:
        return ListFormat.jsonl
    if fmt is not None:
        return fmt
    return ListFormat.table if is_terminal(sys.stdout) else ListFormat.jsonl


def _print_rows(fmt: ListFormat, headings: tuple[str, ...], rows: Iterable[tuple[dict[str, object], tuple[str, ...]]]) -> None:
    """Rows as a table (cells folded, never cut) or as JSON Lines (the full records)."""
    if fmt is ListFormat.jsonl:
        for record, _ in rows:
            typer.echo(json.dumps(record, ensure_ascii=False))
        return
    table = Table(*headings)
    for column in table.columns:
        column.overflow = "fold"
    for _, cells in rows:
        table.add_row(*cells)
    Console(file=sys.stdout).print(table)


@gazetteer_app.command("lookup")
def gazetteer_lookup(
    name: str,
    gazetteer: Annotated[Optional[Path], typer.Option("--gazetteer", metavar="DIR", help="Gazetteer folder.")] = None,
    fmt: Annotated[Optional[ListFormat], typer.Option("--format", "-f", help=_LIST_FORMAT_HELP, show_default=False)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Same as --format jsonl.")] = False,
) -> None:
    """Candidates for a place name, with country, admin1, coordinates and source."""
    from sahel_extract.resources.loader import default_data_dir
    from sahel_extract.resources.places import load_gazetteer

    chosen = _list_format(fmt, as_json)
    try:
        gaz = load_gazetteer(gazetteer or default_data_dir())
    except DataFileError as exc:
        raise fail(str(exc), 2) from None
    found = gaz.lookup(name)
    if not found:
        raise fail(f"no place named '{name}'", 1)
    _print_rows(chosen, ("name", "kind", "country", "admin1", "admin2", "lat", "lon", "source"), (
        ({"name": e.name, "kind": e.kind, "country": e.country, "admin1": e.admin1, "admin2": e.admin2,
          "latitude": e.latitude, "longitude": e.longitude, "geonames_id": e.geonames_id, "source": e.source},
         (e.name, e.kind, e.country, e.admin1 or "", e.admin2 or "", f"{e.latitude:.4f}", f"{e.longitude:.4f}", e.source))
        for e in found
    ))


@gazetteer_app.command("validate")
def gazetteer_validate(folder: Path) -> None:
    """Load every data file of a gazetteer folder; report the first error with file, line and field."""
    from sahel_extract.resources import Resources

    try:
        res = Resources.load(folder)
    except DataFileError as exc:
        raise fail(str(exc), 1) from None
    err.print(f"{folder}: ok ({len(res.gazetteer)} places, {len(res.actors.actors)} actors, "
              f"{sum(len(r) for r in res.triggers.values())} trigger rules)")


@gazetteer_app.command("build")
def gazetteer_build(
    dumps: Annotated[list[Path], typer.Argument(metavar="DUMP", help="GeoNames country dumps (19-column .txt).")],
    output: Annotated[Path, typer.Option("-o", "--output", metavar="DIR", help="Folder to write the extended gazetteer to.")],
    admin1_codes: Annotated[Optional[Path], typer.Option(metavar="FILE", help="admin1CodesASCII.txt (default: beside the dumps).")] = None,
    admin2_codes: Annotated[Optional[Path], typer.Option(metavar="FILE", help="admin2Codes.txt (default: beside the dumps).")] = None,
) -> None:
    """Build an extended gazetteer (usable with --gazetteer) from GeoNames dumps."""
    from sahel_extract.gazetteer_build import build_gazetteer

    try:
        report = build_gazetteer(dumps, output, admin1_codes=admin1_codes, admin2_codes=admin2_codes)
    except SahelExtractError as exc:
        raise fail(str(exc), 1) from None
    err.print(report, markup=False)


@actors_app.command("lookup")
def actors_lookup(
    name: str,
    actors: Annotated[Optional[Path], typer.Option("--actors", metavar="FILE", help="Actor table.")] = None,
    fmt: Annotated[Optional[ListFormat], typer.Option("--format", "-f", help=_LIST_FORMAT_HELP, show_default=False)] = None,
) -> None:
    """The actors whose name or alias matches NAME, with aliases and validity."""
    chosen = _list_format(fmt)
    table = _load_actor_table(actors)
    from sahel_extract.text import fold

    wanted = fold(name)
    found = [a for a in table.actors if fold(a.name) == wanted
             or any(fold(x) == wanted for xs in a.aliases.values() for x in xs)]
    if not found:
        raise fail(f"no actor named '{name}'", 1)
    _print_actors(chosen, found)


@actors_app.command("list")
def actors_list(
    actors: Annotated[Optional[Path], typer.Option("--actors", metavar="FILE", help="Actor table.")] = None,
    fmt: Annotated[Optional[ListFormat], typer.Option("--format", "-f", help=_LIST_FORMAT_HELP, show_default=False)] = None,
) -> None:
    """Every actor: canonical name, type, validity and aliases."""
    chosen = _list_format(fmt)
    _print_actors(chosen, _load_actor_table(actors).actors)


def _print_actors(fmt: ListFormat, actors: Iterable[ActorRecord]) -> None:
    def cells(a: ActorRecord) -> tuple[str, ...]:
        valid = f"{a.valid_from or ''}..{a.valid_to or ''}" if (a.valid_from or a.valid_to) else ""
        return (a.name, a.type, valid, "; ".join(dict.fromkeys(x for xs in a.aliases.values() for x in xs)))

    _print_rows(fmt, ("name", "type", "valid", "aliases"), ((a.model_dump(mode="json"), cells(a)) for a in actors))


def _load_actor_table(actors: Path | None) -> ActorTable:
    from sahel_extract.resources.actors import load_actors
    from sahel_extract.resources.loader import default_data_dir

    folder = default_data_dir()
    try:
        return load_actors(actors or folder / "actors.yaml", folder / "generic_actors.yaml")
    except DataFileError as exc:
        raise fail(str(exc), 2) from None


def _register_review() -> None:
    try:
        from sahel_extract import cli_review
    except ImportError:  # pragma: no cover - only while the review module is absent
        return
    cli_review.register(app)


_register_review()


_FULL = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO})


def main() -> None:
    try:
        app(prog_name="sahel-extract", obj=_OWN_PROCESS)
    except BrokenPipeError:  # `sahel-extract extract … | head` is normal use
        sys.stderr.close()
        raise SystemExit(0) from None
    except OSError as exc:  # standard output on a full disk (files given with -o raise OutputError)
        if exc.errno not in _FULL:
            raise
        say(f"Error: standard output: {(exc.strerror or str(exc)).lower()}")
        raise SystemExit(2) from None

"""The command line: parses options, calls the library, chooses exit codes. Nothing else."""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

from sahel_extract import __version__
from sahel_extract.errors import DataFileError, InputError, OutputError, SahelExtractError
from sahel_extract.limits import DEFAULT_MAX_CHARS, DEFAULT_TIMEOUT, MAX_TIMEOUT
from sahel_extract.resume import ResumableOutput, check_target

if TYPE_CHECKING:
    from sahel_extract.extractor import ExtractorConfig, Result
    from sahel_extract.readers import Located
    from sahel_extract.resources.actors import ActorTable
    from sahel_extract.writers import EventWriter

app = typer.Typer(
    name="sahel-extract",
    help="Turn news about armed conflict in the Sahel into ACLED-style event records.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
gazetteer_app = typer.Typer(help="Look up, validate and build gazetteers.", no_args_is_help=True)
actors_app = typer.Typer(help="Look up and list the actor table.", no_args_is_help=True)
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


@app.command()
def extract(
    paths: Annotated[Optional[list[str]], typer.Argument(help="Files or folders; '-' or nothing reads stdin.")] = None,
    output: Annotated[Optional[str], typer.Option("-o", "--output", help="Write here (atomically) instead of stdout.")] = None,
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")] = OutputFormat.jsonl,
    published: Annotated[Optional[str], typer.Option(help="Publication date for articles that have none (YYYY-MM-DD).")] = None,
    lang: Annotated[str, typer.Option(help="Article language: auto, en or fr.")] = "auto",
    jsonl: Annotated[bool, typer.Option("--jsonl", help="Read stdin as JSONL articles.")] = False,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=0, help="Worker processes; 0 (the default) = all cores.")] = 0,
    gazetteer: Annotated[Optional[Path], typer.Option("--gazetteer", help="Gazetteer folder replacing the bundled one.")] = None,
    actors: Annotated[Optional[Path], typer.Option("--actors", help="Actor table replacing the bundled one.")] = None,
    only_news: Annotated[bool, typer.Option("--only-news", help="Drop events flagged historical.")] = False,
    include_aggregates: Annotated[bool, typer.Option("--include-aggregates", help="Keep totals over many incidents, flagged aggregate.")] = False,
    min_confidence: Annotated[float, typer.Option(min=0.0, max=1.0, help="Drop events below this confidence.")] = 0.0,
    max_chars: Annotated[int, typer.Option(min=1, help="Truncate longer articles (with a warning).")] = DEFAULT_MAX_CHARS,
    progress: Annotated[Optional[bool], typer.Option("--progress/--no-progress", help="Progress bar on stderr (default: when stderr is a terminal).")] = None,
    resume: Annotated[bool, typer.Option("--resume", help="Continue an interrupted -o run, skipping articles already written.")] = False,
    timeout: Annotated[float, typer.Option(min=0.0, max=MAX_TIMEOUT, help="Skip an article that takes longer than this many seconds (0 = no limit).")] = DEFAULT_TIMEOUT,
    engine: Annotated[Engine, typer.Option("--engine", help="local: processes on this machine (--jobs); dask: a Dask cluster (pip install 'sahel-extract[dask]').")] = Engine.local,
    scheduler: Annotated[Optional[str], typer.Option("--scheduler", help="Dask scheduler address (tcp://host:8786); without it, a local cluster of --jobs workers.")] = None,
    partition_size: Annotated[int, typer.Option("--partition-size", min=1, help="Articles per Dask partition, and per shard with -o DIR/.")] = 200,
    merge: Annotated[bool, typer.Option("--merge", help="Also merge the reports of one incident across articles (as `merge` does).")] = False,
    regions: Annotated[Regions, typer.Option("--regions", help="admin1 as ACLED codes it (Mali's Menaka, Taoudeni) or as GeoNames' places give it (Menaka under Gao).")] = Regions.acled,
) -> None:
    """Read articles and write one event record per incident."""
    from sahel_extract.extractor import Extractor, ExtractorConfig
    from sahel_extract.readers import iter_inputs
    from sahel_extract.writers import atomic_output, open_writer

    if lang not in ("auto", "en", "fr"):
        raise typer.BadParameter("--lang must be auto, en or fr")
    _check_output(output, engine)
    config = ExtractorConfig(
        data_dir=gazetteer, actors_file=actors, lang=lang, include_aggregates=include_aggregates, max_chars=max_chars,
        timeout=timeout, regions="geonames" if regions is Regions.geonames else "acled",
    )
    try:
        extractor = Extractor(config)
        extractor.nlp("en")  # load data now: a broken data file fails before any output is opened
    except DataFileError as exc:
        raise fail(str(exc), 2) from None
    items = iter_inputs(paths or ["-"], jsonl_stdin=jsonl, published=_parse_date(published), lang=None if lang == "auto" else lang)
    workers = jobs if jobs > 0 else (os.cpu_count() or 1)
    show_progress = progress if progress is not None else err.is_terminal
    if scheduler is not None and engine is not Engine.dask:
        raise typer.BadParameter("--scheduler needs --engine dask")
    if merge and (resume or engine is Engine.dask):
        raise typer.BadParameter("--merge works with --engine local, without --resume (merged output is written at the end)")
    if engine is Engine.dask:
        if resume:
            raise typer.BadParameter("--resume works with --engine local only")
        raise typer.Exit(_extract_on_dask(
            paths or ["-"], config, scheduler=scheduler, output=output, fmt=fmt, published=_parse_date(published),
            lang=None if lang == "auto" else lang, jsonl=jsonl, workers=workers, partition_size=partition_size,
            only_news=only_news, min_confidence=min_confidence,
        ))
    if resume and (not output or output == "-" or fmt is not OutputFormat.jsonl):
        raise typer.BadParameter("--resume needs -o FILE and the jsonl format")
    failures = 0

    def emit(results: Iterable[Result], writer: EventWriter, done: ResumableOutput | None) -> None:
        nonlocal failures
        for result in _with_progress(results, show_progress):
            for line in result.messages():
                say(line)
            if result.error:
                failures += 1
                continue
            for event in result.events:
                if only_news and "historical" in event.flags:
                    continue
                if event.confidence < min_confidence:
                    continue
                writer.write(event)
            if done is not None and result.key:
                done.mark_done(result.key)

    try:
        if output and output != "-" and fmt is OutputFormat.jsonl and not merge:
            store = ResumableOutput(Path(output))
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
            store.finish()
        else:
            with atomic_output(output) as out:
                writer = open_writer(fmt.value, out)
                if merge:
                    from sahel_extract.review.merge import MergingWriter

                    writer = MergingWriter(writer)
                emit(extractor.results(items, jobs=workers), writer, None)
                writer.close()
    except KeyboardInterrupt:
        message = "interrupted; the output file was left untouched (use --resume to continue)" if output else "interrupted"
        raise fail(message, 130) from None
    except SahelExtractError as exc:
        raise fail(str(exc), 2) from None
    raise typer.Exit(1 if failures else 0)


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
    if engine is Engine.dask and output.endswith(("/", os.sep)):
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


def _with_progress(results: Iterable[Result], enabled: bool) -> Iterator[Result]:
    if not enabled:
        yield from results
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    events = 0
    with Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[events]} events"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task("articles", total=None, events=0)
        for result in results:
            events += len(result.events)
            bar.update(task, advance=1, events=events)
            yield result


@app.command()
def schema() -> None:
    """Print the JSON Schema of the event record."""
    from sahel_extract.models import event_json_schema

    typer.echo(json.dumps(event_json_schema(), indent=2, sort_keys=True))


@gazetteer_app.command("lookup")
def gazetteer_lookup(
    name: str,
    gazetteer: Annotated[Optional[Path], typer.Option("--gazetteer", help="Gazetteer folder.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per candidate.")] = False,
) -> None:
    """Candidates for a place name, with country, admin1, coordinates and source."""
    from sahel_extract.resources.loader import default_data_dir
    from sahel_extract.resources.places import load_gazetteer

    try:
        gaz = load_gazetteer(gazetteer or default_data_dir())
    except DataFileError as exc:
        raise fail(str(exc), 2) from None
    found = gaz.lookup(name)
    if not found:
        raise fail(f"no place named '{name}'", 1)
    if as_json:
        for e in found:
            typer.echo(json.dumps({"name": e.name, "kind": e.kind, "country": e.country, "admin1": e.admin1,
                                   "admin2": e.admin2, "latitude": e.latitude, "longitude": e.longitude,
                                   "geonames_id": e.geonames_id, "source": e.source}, ensure_ascii=False))
        return
    table = Table("name", "kind", "country", "admin1", "admin2", "lat", "lon", "source")
    for e in found:
        table.add_row(e.name, e.kind, e.country, e.admin1 or "", e.admin2 or "", f"{e.latitude:.4f}",
                      f"{e.longitude:.4f}", e.source)
    Console().print(table)


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
    dumps: Annotated[list[Path], typer.Argument(help="GeoNames country dumps (19-column .txt).")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Folder to write the extended gazetteer to.")],
    admin1_codes: Annotated[Optional[Path], typer.Option(help="admin1CodesASCII.txt (default: beside the dumps).")] = None,
    admin2_codes: Annotated[Optional[Path], typer.Option(help="admin2Codes.txt (default: beside the dumps).")] = None,
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
    actors: Annotated[Optional[Path], typer.Option("--actors", help="Actor table.")] = None,
) -> None:
    """The actors whose name or alias matches NAME, with aliases and validity."""
    table = _load_actor_table(actors)
    from sahel_extract.text import fold

    wanted = fold(name)
    found = [a for a in table.actors if fold(a.name) == wanted
             or any(fold(x) == wanted for xs in a.aliases.values() for x in xs)]
    if not found:
        raise fail(f"no actor named '{name}'", 1)
    for a in found:
        typer.echo(json.dumps(a.model_dump(mode="json"), ensure_ascii=False))


@actors_app.command("list")
def actors_list(
    actors: Annotated[Optional[Path], typer.Option("--actors", help="Actor table.")] = None,
) -> None:
    """Every actor: canonical name, type, validity and aliases."""
    table = _load_actor_table(actors)
    out = Table("name", "type", "valid", "aliases")
    for a in table.actors:
        valid = f"{a.valid_from or ''}..{a.valid_to or ''}" if (a.valid_from or a.valid_to) else ""
        aliases = "; ".join(x for xs in a.aliases.values() for x in xs)
        out.add_row(a.name, a.type, valid, aliases)
    Console(width=200).print(out)


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
        app()
    except BrokenPipeError:  # `sahel-extract extract … | head` is normal use
        sys.stderr.close()
        raise SystemExit(0) from None
    except OSError as exc:  # standard output on a full disk (files given with -o raise OutputError)
        if exc.errno not in _FULL:
            raise
        say(f"Error: standard output: {(exc.strerror or str(exc)).lower()}")
        raise SystemExit(2) from None

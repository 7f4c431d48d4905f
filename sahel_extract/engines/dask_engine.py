"""Extract on a Dask cluster: articles read on the client, extracted on workers, written in order.

How articles reach the workers. The client reads the inputs with `iter_articles`, the same
reader as the local run, so the article order, ids, sources and error lines are the same too. It
sends the articles to the cluster in windows. A window is a run of whole partitions
(`partition_size` articles each, two per worker thread, under 8 MB of text) turned into one
`dask.bag.from_sequence`. At most two windows are in flight while the client reads the next one,
so the client holds about `2 x 2 x worker threads x partition_size` articles, never the whole
corpus. The trade-off is that
every article's text passes through the client and the scheduler, so the client's disk and
network cap throughput. The alternative, sending file names and JSONL line ranges for workers to
read, would take the client off the data path. But the workers would then need to see the
client's files, and the reader's numbering of ids and sources would have to be rebuilt across
partitions. An article costs tens of milliseconds to extract and a few kilobytes to send, so the
simple path wins.

How results come back. A partition is processed by `extract_items`, which returns one
`ArticleOutcome` per input (plain strings: the events' JSON lines, or the reason the article
failed). The client collects the partitions in the order it submitted them. Each partition is in
article order, so the merged output is byte-identical to the local `--jobs 1` run whatever order
the workers finish in. The client also writes the shards (`-o DIR/`). That still works when the
workers cannot see the client's file system, and each shard is written atomically.

The workers build the pipeline once per process, on their first task (`_ProcessPipeline`), and
reuse it for every later partition. Dask is imported only inside functions, so importing this
module (or `sahel_extract`) never needs Dask.
"""

from __future__ import annotations

import glob
import importlib
import itertools
import os
import re
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TextIO, TypeGuard, cast

from sahel_extract.errors import DataFileError, InputError
from sahel_extract.extractor import Extractor, ExtractorConfig, Result, describe
from sahel_extract.limits import ArticleTimeoutError
from sahel_extract.models import Article, Event
from sahel_extract.readers import Located, iter_inputs
from sahel_extract.writers import EventWriter, OutputFormat, atomic_output, open_writer

if TYPE_CHECKING:
    import datetime as dt

DEFAULT_PARTITION_SIZE = 200
"""About 2 s of work per partition on short news: enough to hide the scheduler's ~1 ms per task,
few enough that two workers stay balanced and error lines keep flowing."""

PARTITIONS_PER_THREAD = 2
"""Partitions per worker thread in one window, so workers never wait while the client reads."""

WINDOW_CHARS = 8_000_000
"""Article text per window. A window is sent as one task graph, and this keeps it under the
10 MB at which distributed warns about a large graph."""

OUTPUT_FORMATS: tuple[OutputFormat, ...] = ("jsonl", "csv", "geojson", "acled", "parquet")
SHARD_NAME = "part-{number:05d}.{ext}"
_SHARD_PATTERN = re.compile(r"part-(\d{5,})\.(jsonl|csv|geojson)")
_GLOB_CHARS = re.compile(r"[*?\[]")
LOOPBACK = "127.0.0.1"


# ---------------------------------------------------------------------------------------------
# What travels between the client and the workers


@dataclass(frozen=True)
class EventFilter:
    """`--only-news` and `--min-confidence`, applied on the workers so that dropped events never travel."""

    only_news: bool = False
    min_confidence: float = 0.0

    def keeps(self, event: Event) -> bool:
        if self.only_news and "historical" in event.flags:
            return False
        return event.confidence >= self.min_confidence


@dataclass(frozen=True)
class ArticleItem:
    """An article read on the client, as a dict: smaller to pickle than the model, and Dask can
    hash it into the task key. `where` is where the reader found it (`file:line`), which its
    error and warning lines name, as in the local run; without it, the article's source."""

    index: int
    article: dict[str, Any]
    where: str | None = None


@dataclass(frozen=True)
class FailedItem:
    """An input the reader could not turn into an article. It keeps its place in the partition, so
    its error line is printed where the local run prints it."""

    index: int
    source: str
    reason: str


WorkItem = ArticleItem | FailedItem


@dataclass(frozen=True)
class ArticleOutcome:
    """One article's result as sent back by a worker: strings only, cheap to pickle."""

    index: int
    source: str
    error: str | None = None
    warning: str | None = None
    lines: tuple[str, ...] = ()

    def messages(self) -> list[str]:
        """The stderr lines of the local run for this article, in the same order."""
        return Result(source=self.source, doc_id=None, error=self.error, warning=self.warning).messages()


@dataclass(frozen=True)
class WorkerStartup:
    """What one worker process spent before its first article."""

    address: str
    pid: int
    build_seconds: float
    """Building the pipeline: loading data files and compiling the matchers."""
    ready_seconds: float
    """From process start to a built pipeline: spawn, imports (spaCy) and build."""


@dataclass
class DaskRunSummary:
    """Counts, stderr lines and timings of one run; the CLI prints and picks the exit code from it."""

    articles: int = 0
    """Results, one per article or unreadable input, as `Extractor.results` yields them."""
    events: int = 0
    failures: int = 0
    partitions: int = 0
    messages: list[str] = field(default_factory=list)
    """`Warning: …` and `Error: <source>: <reason>` lines in article order, as the local run prints them."""
    startup_seconds: float = 0.0
    """Starting the local cluster, or connecting to the scheduler."""
    first_result_seconds: float | None = None
    """From the call to the first partition back: the start-up cost a user waits through."""
    processing_seconds: float = 0.0
    """From a connected client to the last output written."""
    workers: list[WorkerStartup] = field(default_factory=list)

    @property
    def error_lines(self) -> list[str]:
        return [line for line in self.messages if line.startswith("Error: ")]

    @property
    def warning_lines(self) -> list[str]:
        return [line for line in self.messages if line.startswith("Warning: ")]

    @property
    def articles_per_second(self) -> float:
        return self.articles / self.processing_seconds if self.processing_seconds > 0 else 0.0


class RemoteDataFileError(Exception):
    """A worker's `DataFileError` in a form that survives pickling.

    Default exception pickling rebuilds an exception from its `args`, and `DataFileError`'s four
    constructor arguments are not its `args`, so Dask could not send it back. The client turns this
    one back into a `DataFileError` (see `to_local`).
    """

    def __init__(self, path: str, line: int | None, field: str | None, reason: str) -> None:
        super().__init__(path, line, field, reason)

    def to_local(self) -> DataFileError:
        path, line, field, reason = self.args
        return DataFileError(path, line, field, reason)


class Future(Protocol):
    """The part of `distributed.Future` used here (distributed's own hints are incomplete)."""

    @property
    def status(self) -> str: ...

    def result(self) -> Any: ...

    def done(self) -> bool: ...

    def cancel(self) -> Any: ...


class Client(Protocol):
    """The part of `distributed.Client` used here."""

    def nthreads(self) -> dict[str, int]: ...

    def submit(self, func: Callable[..., Any], *args: Any, workers: list[str], pure: bool) -> Future: ...

    def compute(self, collections: list[Any]) -> list[Future]: ...


# ---------------------------------------------------------------------------------------------
# Worker side


class _ProcessPipeline:
    """This worker process's extractor, built by its first task and reused by later ones.

    Engines keep worker processes alive across tasks, so a module-level slot is the only place a
    pipeline can outlive one task. It is the engine's only per-process state. The lock lets a
    worker with several threads share the one pipeline, taking turns. That costs no throughput:
    the pipeline is pure Python and holds the GIL anyway.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._config: ExtractorConfig | None = None
        self._extractor: Extractor | None = None
        self.build_seconds = 0.0

    @contextmanager
    def extractor(self, config: ExtractorConfig) -> Iterator[Extractor]:
        """The extractor for `config`. A new config replaces the old pipeline only once the new one
        has built, so a run with broken data files leaves a shared cluster as it was."""
        with self._lock:
            extractor = self._extractor
            if extractor is None or self._config != config:
                stop_gc_diagnosis()
                started = time.perf_counter()
                extractor = Extractor(config)
                try:
                    extractor.nlp(warm_language(config))
                except DataFileError as exc:
                    raise RemoteDataFileError(exc.path, exc.line, exc.field, exc.reason) from None
                self._extractor, self._config = extractor, config
                self.build_seconds = time.perf_counter() - started
            yield extractor


_PIPELINE = _ProcessPipeline()


def stop_gc_diagnosis() -> None:
    """Turn off the garbage-collector callback that Dask's workers install to time collections.

    The per-article time limit reaches a worker thread as an asynchronous exception; one that
    lands inside that callback is printed as 'Exception ignored' and leaves the callback's own
    state broken (an AssertionError at the next collection). The diagnosis only feeds a warning
    about long pauses, so the engine does without it.
    """
    from distributed.gc import disable_gc_diagnosis

    disable_gc_diagnosis(force=True)  # type: ignore[no-untyped-call]


def warm_language(config: ExtractorConfig) -> str:
    """The language to build up front. Like the CLI, `auto` builds English and leaves French
    until a French article needs it, because building French is the slower of the two."""
    return "en" if config.lang == "auto" else config.lang


def extract_items(items: Iterable[WorkItem], config: ExtractorConfig, keep: EventFilter) -> list[ArticleOutcome]:
    """The `map_partitions` function: one outcome per item, in the partition's order.

    Only a broken data file escapes, because it would fail every article. A failure in one
    article becomes that article's error.
    """
    with _PIPELINE.extractor(config) as extractor:
        return [article_outcome(extractor, item, keep) for item in items]


def article_outcome(extractor: Extractor, item: WorkItem, keep: EventFilter) -> ArticleOutcome:
    """Run one article the way the local run does (`Extractor.results`), as strings.

    The time limit is the extractor's own, which works in the worker threads Dask runs tasks in.
    """
    if isinstance(item, FailedItem):
        return ArticleOutcome(item.index, item.source, error=item.reason)
    where = item.where or str(item.article.get("source") or "-")
    try:
        article = Article.model_validate(item.article)
        result = next(extractor.results([Located(article, where)]))
        if result.error is not None:
            return ArticleOutcome(item.index, result.source, error=result.error, warning=result.warning)
        lines = tuple(event.to_json() for event in result.events if keep.keeps(event))
        return ArticleOutcome(item.index, result.source, warning=result.warning, lines=lines)
    except ArticleTimeoutError:  # the limit struck just after the article, outside Extractor's guard
        return ArticleOutcome(item.index, where, error=f"skipped: took longer than {extractor.config.timeout:g} s")
    except Exception as exc:  # whatever goes wrong, the other articles of the partition still count
        return ArticleOutcome(item.index, where, error=f"extraction failed: {describe(exc)}")


def start_worker(config: ExtractorConfig) -> WorkerStartup:
    """Build the pipeline on one worker before its first partition arrives, and time it."""
    import psutil
    from distributed import get_worker

    with _PIPELINE.extractor(config):
        pass
    ready = time.time() - psutil.Process().create_time()
    return WorkerStartup(get_worker().address, os.getpid(), _PIPELINE.build_seconds, ready)


# ---------------------------------------------------------------------------------------------
# Client side


def run_dask(
    paths: Sequence[str],
    config: ExtractorConfig,
    *,
    scheduler: str | None = None,
    output: str | None = None,
    fmt: str = "jsonl",
    published: dt.date | None = None,
    lang: str | None = None,
    partition_size: int = DEFAULT_PARTITION_SIZE,
    n_workers: int = 2,
    jsonl_stdin: bool = False,
    keep: EventFilter | None = None,
    on_message: Callable[[str], None] | None = None,
) -> DaskRunSummary:
    """Extract `paths` on a Dask cluster and write events as the local run would.

    Without `scheduler`, a `LocalCluster` of `n_workers` single-threaded processes is started
    and stopped. `output` None or `-` is stdout; a path is one merged file, replaced atomically;
    a path ending in `/` is a folder of shards `part-00000.<fmt>`, one per partition. In that
    case stale `part-*` files of the same format from a larger earlier run are removed.
    `on_message` receives each `Warning:` / `Error:` line as its partition comes back. The
    summary keeps them all.

    Raises `DataFileError` when the workers cannot load the data files. Workers must have
    `sahel-extract` installed and see the same `data_dir` / `actors_file` paths.
    """
    if not is_output_format(fmt):
        raise ValueError(f"unknown output format {fmt!r} (expected one of {', '.join(OUTPUT_FORMATS)})")
    if partition_size < 1:
        raise ValueError(f"partition_size must be at least 1, got {partition_size}")
    summary = DaskRunSummary()
    started = time.perf_counter()
    with connect(scheduler, n_workers) as client:
        connected = time.perf_counter()
        summary.startup_seconds = connected - started
        warmups = [client.submit(start_worker, config, workers=[address], pure=False) for address in client.nthreads()]
        items = work_items(iter_inputs(expand_globs(paths), jsonl_stdin=jsonl_stdin, published=published, lang=lang))
        partitions = extract_on_cluster(client, items, config, keep or EventFilter(), partition_size)
        tracked = track(partitions, summary, started, on_message)
        if is_folder_output(output):
            write_shards(tracked, Path(cast(str, output)), fmt)
        else:
            write_merged(tracked, output, fmt)
        summary.processing_seconds = time.perf_counter() - connected
        summary.workers = finished_startups(warmups)
    return summary


@contextmanager
def connect(scheduler: str | None, n_workers: int) -> Iterator[Client]:
    """A client of the given scheduler, or of a local cluster that lives as long as the block.

    One thread per worker process: the pipeline is pure Python, so more threads would only queue
    on the GIL (and on `_ProcessPipeline`'s lock). The scheduler and the dashboard listen on the
    loopback interface only (a local cluster has no business being reachable from the network),
    the dashboard on a free port, so that two runs on one machine do not compete for 8787.
    """
    distributed: Any = importlib.import_module("distributed")
    if scheduler is not None:
        with distributed.Client(scheduler, set_as_default=False) as client:
            yield client
        return
    with (
        distributed.LocalCluster(
            n_workers=n_workers, threads_per_worker=1, processes=True, host=LOOPBACK,
            dashboard_address=f"{LOOPBACK}:0",
        ) as cluster,
        distributed.Client(cluster, set_as_default=False) as client,
    ):
        yield client


def expand_globs(paths: Sequence[str]) -> list[str]:
    """Expand quoted patterns (`'archive/**/*.jsonl'`) on the client, sorted, so that the order is
    deterministic. A path that exists as written, or a pattern that matches nothing, is kept, and
    the reader reports it."""
    expanded: list[str] = []
    for path in paths:
        if _GLOB_CHARS.search(path) and not os.path.lexists(path):
            expanded.extend(sorted(glob.glob(path, recursive=True)) or [path])
        else:
            expanded.append(path)
    return expanded


def work_items(items: Iterable[Located | InputError]) -> Iterator[WorkItem]:
    """Number the reader's output; the number is the article's place in every output."""
    for index, item in enumerate(items):
        if isinstance(item, InputError):
            yield FailedItem(index, item.source, item.reason)
        else:
            yield ArticleItem(index, item.article.model_dump(), item.where)


def windows(
    items: Iterator[WorkItem], partition_size: int, partitions: int, max_chars: int = WINDOW_CHARS
) -> Iterator[list[WorkItem]]:
    """Runs of whole partitions: `partitions` of them, or fewer once their text passes `max_chars`.

    Windows end only on partition boundaries, so article `i` always lands in partition
    `i // partition_size`, and shard names do not depend on the cluster's size.
    """
    window: list[WorkItem] = []
    chars = 0
    while partition := list(itertools.islice(items, partition_size)):
        window.extend(partition)
        chars += sum(len(item.article["text"]) for item in partition if isinstance(item, ArticleItem))
        if len(window) >= partition_size * partitions or chars >= max_chars:
            yield window
            window, chars = [], 0
    if window:
        yield window


def extract_on_cluster(
    client: Client, items: Iterator[WorkItem], config: ExtractorConfig, keep: EventFilter, partition_size: int
) -> Iterator[list[ArticleOutcome]]:
    """Partitions' outcomes in article order.

    Between one and two windows' worth of partitions stay in flight, so every worker thread has
    work queued while the client reads the next window.
    """
    db: Any = importlib.import_module("dask.bag")
    target = PARTITIONS_PER_THREAD * max(1, sum(client.nthreads().values()))
    pending: deque[Future] = deque()
    for window in windows(items, partition_size, target):
        bag = db.from_sequence(window, partition_size=partition_size).map_partitions(extract_items, config, keep)
        pending.extend(client.compute(bag.to_delayed()))
        while len(pending) > target:
            yield gather(pending.popleft())
    while pending:
        yield gather(pending.popleft())


def gather(future: Future) -> list[ArticleOutcome]:
    try:
        return cast(list[ArticleOutcome], future.result())
    except RemoteDataFileError as exc:
        raise exc.to_local() from None


def track(
    partitions: Iterable[list[ArticleOutcome]],
    summary: DaskRunSummary,
    started: float,
    on_message: Callable[[str], None] | None,
) -> Iterator[list[ArticleOutcome]]:
    """Count and report each partition as it passes on its way to the writer."""
    for outcomes in partitions:
        if summary.first_result_seconds is None:
            summary.first_result_seconds = time.perf_counter() - started
        summary.partitions += 1
        for outcome in outcomes:
            summary.articles += 1
            summary.events += len(outcome.lines)
            summary.failures += outcome.error is not None
            for line in outcome.messages():
                summary.messages.append(line)
                if on_message is not None:
                    on_message(line)
        yield outcomes


def finished_startups(warmups: list[Future]) -> list[WorkerStartup]:
    """Start-up figures of the workers that ran their warm-up. A worker that died and came back
    under a new address never will, and is left out rather than waited for."""
    startups = []
    for future in warmups:
        if future.done() and future.status == "finished":
            startups.append(cast(WorkerStartup, future.result()))
        else:
            future.cancel()
    return sorted(startups, key=lambda startup: startup.address)


# ---------------------------------------------------------------------------------------------
# Output


def is_output_format(fmt: str) -> TypeGuard[OutputFormat]:
    return fmt in OUTPUT_FORMATS


def is_folder_output(output: str | None) -> bool:
    return output is not None and output.endswith(("/", os.sep))


class OutcomeWriter:
    """Writes the workers' JSON lines as they are, the exact bytes of the local JSONL writer. For
    CSV and GeoJSON the lines go back through the usual writers, so every format matches too."""

    def __init__(self, fmt: OutputFormat, out: TextIO) -> None:
        self._out = out
        self._writer: EventWriter | None = None if fmt == "jsonl" else open_writer(fmt, out)

    def write(self, outcomes: Iterable[ArticleOutcome]) -> None:
        for outcome in outcomes:
            for line in outcome.lines:
                if self._writer is None:
                    self._out.write(line + "\n")
                else:
                    self._writer.write(Event.model_validate_json(line))

    def close(self) -> None:
        if self._writer is None:
            self._out.flush()
        else:
            self._writer.close()


def write_merged(partitions: Iterable[list[ArticleOutcome]], output: str | None, fmt: OutputFormat) -> None:
    with atomic_output(output) as out:
        writer = OutcomeWriter(fmt, out)
        for outcomes in partitions:
            writer.write(outcomes)
        writer.close()


def write_shards(partitions: Iterable[list[ArticleOutcome]], folder: Path, fmt: OutputFormat) -> int:
    """One complete file per partition (a CSV header and a GeoJSON collection in each)."""
    folder.mkdir(parents=True, exist_ok=True)
    count = 0
    for number, outcomes in enumerate(partitions):
        with atomic_output(str(folder / shard_name(number, fmt))) as out:
            writer = OutcomeWriter(fmt, out)
            writer.write(outcomes)
            writer.close()
        count += 1
    remove_stale_shards(folder, fmt, count)
    return count


def shard_name(number: int, fmt: OutputFormat) -> str:
    return SHARD_NAME.format(number=number, ext=fmt)


def remove_stale_shards(folder: Path, fmt: OutputFormat, count: int) -> None:
    """A rerun with fewer partitions must not leave old shards that readers would take as part
    of the new output."""
    for path in folder.iterdir():
        match = _SHARD_PATTERN.fullmatch(path.name)
        if match is not None and match[2] == fmt and int(match[1]) >= count:
            path.unlink()

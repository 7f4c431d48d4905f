"""The Dask engine gives the local run's bytes and error lines; the Spark recipe gives its events.

One `LocalCluster` with two worker processes serves the whole module. The cluster tests cover
the fixtures and a generated corpus of about 3,000 articles, and compare with the local
`jobs=1` run computed in this process. The worker-side and client-side helpers are also tested
in this process, without a cluster.
"""

from __future__ import annotations

import io
import json
import math
import os
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

pytest.importorskip("dask")
pytest.importorskip("distributed")

from sahel_extract import Extractor
from sahel_extract.engines import DaskRunSummary, EventFilter, run_dask
from sahel_extract.engines.dask_engine import (
    ArticleItem,
    ArticleOutcome,
    FailedItem,
    WorkItem,
    article_outcome,
    expand_globs,
    is_folder_output,
    windows,
)
from sahel_extract.errors import DataFileError
from sahel_extract.extractor import ExtractorConfig, Result, extract_partition
from sahel_extract.models import Article, Event
from sahel_extract.readers import iter_articles, iter_inputs
from sahel_extract.writers import open_writer

ARTICLES = Path(__file__).resolve().parent.parent / "fixtures" / "articles"
CONFIG = ExtractorConfig()
GENERATED_ARTICLES = 3_000
BAD_LINES = {
    750: "{not json",
    1_500: '{"id": "no-text"}',
    2_250: "[1, 2]",
}
"""Unreadable lines of the generated corpus, by the number of articles written before them."""


@dataclass(frozen=True)
class LocalRun:
    """What the local `--jobs 1` run writes to the output and prints on stderr."""

    output: str
    messages: list[str]
    results: int
    failures: int


def local_run(extractor: Extractor, paths: list[str], fmt: str = "jsonl", keep: EventFilter | None = None) -> LocalRun:
    """The CLI's local loop, with the events' bytes and the stderr lines captured."""
    out = io.StringIO()
    writer = open_writer(fmt, out)  # type: ignore[arg-type]
    messages: list[str] = []
    results = failures = 0
    for result in extractor.results(iter_inputs(paths), jobs=1):
        results += 1
        messages.extend(result.messages())
        if result.error:
            failures += 1
            continue
        for event in result.events:
            if keep is None or keep.keeps(event):
                writer.write(event)
    writer.close()
    return LocalRun(out.getvalue(), messages, results, failures)


def write_generated_corpus(path: Path, count: int) -> None:
    """Fixture texts cycled under distinct ids, in both languages, with unreadable lines."""
    base = [item for item in iter_articles([str(ARTICLES)]) if isinstance(item, Article)]
    with path.open("w", encoding="utf-8") as out:
        for number in range(count):
            if number in BAD_LINES:
                out.write(BAD_LINES[number] + "\n")
            article = base[number % len(base)]
            record = {
                "id": f"gen-{number:05d}",
                "text": article.text,
                "published": None if article.published is None else article.published.isoformat(),
                "lang": article.lang,
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
        yield cluster.scheduler_address


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("corpus") / "generated.jsonl"
    write_generated_corpus(path, GENERATED_ARTICLES)
    return path


@pytest.fixture(scope="module")
def corpora(generated: Path) -> dict[str, list[str]]:
    return {"fixtures": [str(ARTICLES)], "generated": [str(generated)]}


@pytest.fixture(scope="module")
def references(extractor: Extractor, corpora: dict[str, list[str]]) -> dict[str, LocalRun]:
    return {name: local_run(extractor, paths) for name, paths in corpora.items()}


# ---------------------------------------------------------------------------------------------
# On the cluster


@pytest.mark.slow  # every test of a cluster, or of the 3,000-article reference run, is slow
@pytest.mark.parametrize(
    ("corpus", "partition_size"),
    [
        # both languages, partitions of five: the two workers take turns
        ("fixtures", 5),
        # ~3,000 articles in ~15 partitions, three unreadable lines among them
        ("generated", 200),
    ],
)
def test_merged_output_is_the_local_run(
    corpus: str,
    partition_size: int,
    scheduler: str,
    corpora: dict[str, list[str]],
    references: dict[str, LocalRun],
    tmp_path: Path,
) -> None:
    reference = references[corpus]
    output = tmp_path / "events.jsonl"
    printed: list[str] = []
    summary = run_dask(
        corpora[corpus],
        CONFIG,
        scheduler=scheduler,
        output=str(output),
        partition_size=partition_size,
        on_message=printed.append,
    )
    assert output.read_bytes() == reference.output.encode("utf-8")
    assert summary.messages == printed == reference.messages
    assert (summary.articles, summary.failures) == (reference.results, reference.failures)
    assert summary.events == reference.output.count("\n")
    assert summary.partitions == math.ceil(reference.results / partition_size)


@pytest.mark.slow
def test_the_generated_corpus_has_its_bad_lines(references: dict[str, LocalRun]) -> None:
    reference = references["generated"]
    assert (reference.results, reference.failures) == (GENERATED_ARTICLES + len(BAD_LINES), len(BAD_LINES))


@pytest.mark.slow
@pytest.mark.parametrize(
    "fmt",
    [
        "csv",
        "geojson",
    ],
)
def test_other_formats_match_the_local_writers(fmt: str, scheduler: str, extractor: Extractor, tmp_path: Path) -> None:
    output = tmp_path / f"events.{fmt}"
    run_dask([str(ARTICLES)], CONFIG, scheduler=scheduler, output=str(output), fmt=fmt, partition_size=7)
    assert output.read_text(encoding="utf-8") == local_run(extractor, [str(ARTICLES)], fmt).output


@pytest.mark.slow
@pytest.mark.parametrize(
    "keep",
    [
        EventFilter(only_news=True),
        EventFilter(min_confidence=0.6),
        EventFilter(only_news=True, min_confidence=0.6),
    ],
)
def test_filters_drop_what_the_cli_drops(
    keep: EventFilter, scheduler: str, extractor: Extractor, tmp_path: Path
) -> None:
    output = tmp_path / "events.jsonl"
    run_dask([str(ARTICLES)], CONFIG, scheduler=scheduler, output=str(output), keep=keep, partition_size=9)
    assert output.read_text(encoding="utf-8") == local_run(extractor, [str(ARTICLES)], keep=keep).output


@pytest.mark.slow
def test_shards_concatenate_to_the_merged_output(
    scheduler: str, references: dict[str, LocalRun], tmp_path: Path
) -> None:
    reference = references["fixtures"]
    folder = tmp_path / "events"
    folder.mkdir()
    (folder / "part-00099.jsonl").write_text("left by a larger run\n", encoding="utf-8")
    (folder / "notes.txt").write_text("not ours\n", encoding="utf-8")
    summary = run_dask([str(ARTICLES)], CONFIG, scheduler=scheduler, output=f"{folder}/", partition_size=5)
    parts = sorted(folder.glob("part-*"))
    expected = math.ceil(reference.results / 5)
    assert [part.name for part in parts] == [f"part-{number:05d}.jsonl" for number in range(expected)]
    assert "".join(part.read_text(encoding="utf-8") for part in parts) == reference.output
    assert summary.partitions == expected
    assert (folder / "notes.txt").exists()


@pytest.mark.slow
def test_broken_data_files_fail_the_run_with_their_path(scheduler: str, tmp_path: Path) -> None:
    config = ExtractorConfig(data_dir=tmp_path)
    with pytest.raises(DataFileError, match=str(tmp_path)):
        run_dask([str(ARTICLES)], config, scheduler=scheduler, output=str(tmp_path / "events.jsonl"))
    assert not (tmp_path / "events.jsonl").exists()


@pytest.mark.slow
def test_the_generic_entry_point_runs_on_a_bag(scheduler: str, references: dict[str, LocalRun]) -> None:
    """`extract_partition` is a generator, and Dask cannot send a generator back, hence `list`."""
    import dask.bag as db
    from distributed import Client

    articles = [item.model_dump() for item in iter_articles([str(ARTICLES)]) if isinstance(item, Article)]
    with Client(scheduler, set_as_default=False) as client:
        bag = db.from_sequence(articles, partition_size=6)
        events = bag.map_partitions(lambda part: list(extract_partition(part, CONFIG))).compute(scheduler=client)
    lines = "".join(Event.model_validate(event).to_json() + "\n" for event in events)
    assert lines == references["fixtures"].output


@pytest.mark.slow
def test_without_a_scheduler_it_starts_its_own_cluster(references: dict[str, LocalRun], tmp_path: Path) -> None:
    output = tmp_path / "events.jsonl"
    summary: DaskRunSummary = run_dask([str(ARTICLES)], CONFIG, output=str(output), n_workers=1)
    assert output.read_text(encoding="utf-8") == references["fixtures"].output
    assert len(summary.workers) == 1
    assert summary.workers[0].build_seconds > 0
    assert summary.first_result_seconds is not None and summary.first_result_seconds >= summary.startup_seconds


# ---------------------------------------------------------------------------------------------
# On a local Spark session, when pyspark is installed


@pytest.mark.slow
def test_spark_recipe_matches_the_local_run(references: dict[str, LocalRun]) -> None:
    pytest.importorskip("pyspark")
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    articles = [item.model_dump(mode="json") for item in iter_articles([str(ARTICLES)]) if isinstance(item, Article)]
    config = CONFIG
    spark = SparkSession.builder.master("local[2]").appName("sahel-extract-test").getOrCreate()
    try:
        rdd = spark.sparkContext.parallelize(articles, numSlices=4)
        events = rdd.mapPartitions(lambda part: extract_partition(part, config)).collect()
    finally:
        spark.stop()
    lines = "".join(Event.model_validate(event).to_json() + "\n" for event in events)
    assert lines == references["fixtures"].output


# ---------------------------------------------------------------------------------------------
# Worker side, in this process


@pytest.mark.parametrize(
    "broken",
    [
        # a failure inside the pipeline: Extractor.results already turns it into an error
        "process",
        # a failure around it: the engine's own guard catches it
        "results",
    ],
)
def test_one_failing_article_keeps_the_others(
    broken: str, extractor: Extractor, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = getattr(extractor, broken)

    def fail_on_bad(articles_or_article, *args, **kwargs):  # type: ignore[no-untyped-def]
        first = articles_or_article if broken == "process" else articles_or_article[0]
        first = getattr(first, "article", first)  # `results` gets each article with its location
        if first.id == "bad":
            raise RuntimeError("boom")
        return original(articles_or_article, *args, **kwargs)

    monkeypatch.setattr(extractor, broken, fail_on_bad)
    text = "Gunmen killed 12 soldiers in Boulkessi, Mali, on 3 March 2024."
    items: list[WorkItem] = [
        ArticleItem(0, {"id": "good-1", "text": text, "source": "a.txt"}),
        ArticleItem(1, {"id": "bad", "text": text, "source": "b.txt"}),
        FailedItem(2, "c.txt", "binary file (not text)"),
        ArticleItem(3, {"id": "good-2", "text": text, "source": "d.txt"}),
    ]
    outcomes = [article_outcome(extractor, item, EventFilter()) for item in items]
    assert [outcome.index for outcome in outcomes] == [0, 1, 2, 3]
    assert [bool(outcome.lines) for outcome in outcomes] == [True, False, False, True]
    assert outcomes[1].messages() == ["Error: b.txt: extraction failed: RuntimeError: boom"]
    assert outcomes[2].messages() == ["Error: c.txt: binary file (not text)"]


def outcome_in_a_worker_thread(extractor: Extractor, item: WorkItem, linger: float = 0.0) -> ArticleOutcome:
    """As on a Dask worker: tasks run outside the main thread, where SIGALRM cannot reach.

    `linger` keeps the thread busy afterwards, to catch a time limit that fires too late.
    """

    def run() -> ArticleOutcome:
        outcome = article_outcome(extractor, item, EventFilter())
        deadline = time.monotonic() + linger
        while time.monotonic() < deadline:
            pass
        return outcome

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(run).result()


@pytest.mark.parametrize(
    ("seconds_of_work", "messages"),
    [
        # a slow article is stopped and reported as the local run reports it
        (10.0, ["Error: slow.txt: skipped: took longer than 0.05 s"]),
        # a quick one is not disturbed, not even after it ended
        (0.0, []),
    ],
)
def test_the_time_limit_works_in_worker_threads(
    seconds_of_work: float, messages: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    extractor = Extractor(ExtractorConfig(timeout=0.05))

    def work(article: Article, lang: str | None = None) -> Result:
        deadline = time.monotonic() + seconds_of_work
        while time.monotonic() < deadline:
            pass
        return Result(source=article.source or "-", doc_id=article.id)

    monkeypatch.setattr(extractor, "process", work)
    item = ArticleItem(0, {"id": "slow", "text": "x", "source": "slow.txt"})
    started = time.monotonic()
    outcome = outcome_in_a_worker_thread(extractor, item, linger=0.2)
    assert outcome.messages() == messages
    assert time.monotonic() - started < 2


@pytest.mark.parametrize(
    ("keep", "flags", "confidence", "kept"),
    [
        # no filter keeps everything
        (EventFilter(), ["historical"], 0.1, True),
        # --only-news drops background incidents only
        (EventFilter(only_news=True), ["historical"], 0.9, False),
        (EventFilter(only_news=True), ["claimed"], 0.9, True),
        # --min-confidence keeps the threshold itself
        (EventFilter(min_confidence=0.5), [], 0.5, True),
        (EventFilter(min_confidence=0.5), [], 0.49, False),
    ],
)
def test_event_filter(keep: EventFilter, flags: list[str], confidence: float, kept: bool) -> None:
    event = Event(
        event_id="e",
        doc_id="d",
        source="-",
        event_type="Battles",
        sub_event_type="Armed clash",
        flags=flags,
        confidence=confidence,
        extractor="test",
    )
    assert keep.keeps(event) is kept


# ---------------------------------------------------------------------------------------------
# Client side, in this process


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        # patterns expand sorted, recursively with **
        ("*.jsonl", ["a.jsonl", "b.jsonl"]),
        ("**/*.txt", ["odd[1].txt", "sub/c.txt"]),
        ("[ab].jsonl", ["a.jsonl", "b.jsonl"]),
        # a pattern that matches nothing is kept for the reader to report
        ("*.html", ["*.html"]),
        # a file whose name looks like a pattern is read as it is
        ("odd[1].txt", ["odd[1].txt"]),
        # plain paths and stdin pass through
        ("a.jsonl", ["a.jsonl"]),
        ("-", ["-"]),
    ],
)
def test_expand_globs(pattern: str, expected: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("b.jsonl", "a.jsonl", "sub/c.txt", "odd[1].txt"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert expand_globs([pattern]) == expected


@pytest.mark.parametrize(
    ("items", "partition_size", "partitions", "max_chars", "sizes"),
    [
        # windows hold whole partitions, so article i is in partition i // size
        (10, 2, 2, 1_000, [4, 4, 2]),
        (8, 2, 2, 1_000, [4, 4]),
        (3, 5, 4, 1_000, [3]),
        (0, 5, 4, 1_000, []),
        # past the text limit a window ends early, still on a partition boundary
        (10, 2, 4, 2, [2, 2, 2, 2, 2]),
        (10, 2, 4, 3, [4, 4, 2]),
    ],
)
def test_windows_hold_whole_partitions(
    items: int, partition_size: int, partitions: int, max_chars: int, sizes: list[int]
) -> None:
    work: Iterator[WorkItem] = (ArticleItem(index, {"text": "x"}) for index in range(items))
    found = list(windows(work, partition_size, partitions, max_chars))
    assert [len(window) for window in found] == sizes
    assert [item.index for window in found for item in window] == list(range(items))


@pytest.mark.parametrize(
    ("output", "folder"),
    [
        (None, False),
        ("-", False),
        ("events.jsonl", False),
        ("out/", True),
        ("/data/out/", True),
    ],
)
def test_a_trailing_slash_means_shards(output: str | None, folder: bool) -> None:
    assert is_folder_output(output) is folder


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"fmt": "xml"}, "unknown output format 'xml'"),
        ({"partition_size": 0}, "partition_size must be at least 1"),
    ],
)
def test_bad_options_fail_before_any_cluster_starts(options: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        run_dask([str(ARTICLES)], CONFIG, **options)  # type: ignore[arg-type]


def test_dask_is_imported_only_inside_functions() -> None:
    """So that `import sahel_extract` works without the extra (this process has Dask loaded)."""
    import ast

    import sahel_extract.engines.dask_engine as engine

    tree = ast.parse(Path(engine.__file__).read_text(encoding="utf-8"))
    imported: list[str] = []
    for node in tree.body:  # module level only, `if TYPE_CHECKING:` blocks included
        for inner in ast.walk(node) if isinstance(node, ast.If) else [node]:
            if isinstance(inner, ast.Import):
                imported.extend(alias.name for alias in inner.names)
            elif isinstance(inner, ast.ImportFrom):
                imported.append(inner.module or "")
    assert "sahel_extract.extractor" in imported
    assert not [name for name in imported if name.split(".")[0] in ("dask", "distributed", "psutil")]

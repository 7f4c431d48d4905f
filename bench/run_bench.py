"""Speed and memory benchmark: the whole pipeline against spaCy's bare tokenizer + sentencizer.

SPEC §6 states speed as a ratio measured in one run, so that the figure means the same on a
laptop and on a server: the pipeline must keep at least half the throughput of
`spacy.blank("en")` + `sentencizer` over the same texts, and its memory must stay flat as the
corpus grows. Every measurement runs in a fresh subprocess, because `ru_maxrss` is a peak
that never goes down: measuring two sizes in one process would report the larger one twice.

    python bench/run_bench.py [--sizes 1000,10000] [--jobs 1,2] [--out bench/results.json] [--profile]

The corpus cycles over the fixture articles (and the seed articles of ../shared/corpus when that
folder exists) and is generated lazily, so the benchmark itself never holds the corpus: a
growing peak RSS can only come from the pipeline. See bench/README.md for what each number means.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import itertools
import json
import os
import platform
import pstats
import resource
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_ARTICLES = ROOT / "fixtures" / "articles"
SEED_ARTICLES = ROOT.parent / "shared" / "corpus" / "seeds" / "articles"

DEFAULT_SIZES = "1000,10000"
DEFAULT_JOBS = "1,2"
DEFAULT_OUT = ROOT / "bench" / "results.json"
BASELINE_BATCH_SIZE = 64
PROFILE_ARTICLES = 2000
PROFILE_TOP = 25
POOL_CHUNKSIZE = 16
"""`Extractor.results` hands each worker 16 articles at a time; the warm-up skip follows it."""

TARGET_RATIO = 0.5
TARGET_SPEEDUP = 1.7
TARGET_RSS_GROWTH = 1.2


# ---------------------------------------------------------------------------------------------
# Corpus


def base_articles() -> list[Any]:
    """The distinct articles the corpus cycles over, read the way the CLI reads them.

    Reading through `iter_articles` strips date markers and front matter exactly as in
    production, so the baseline and the pipeline tokenise the same text the user's run would.
    """
    from sahel_extract.models import Article
    from sahel_extract.readers import iter_articles

    roots = [str(FIXTURE_ARTICLES)]
    if SEED_ARTICLES.is_dir():
        roots.append(str(SEED_ARTICLES))
    articles = [item for item in iter_articles(roots) if isinstance(item, Article)]
    if not articles:
        raise SystemExit(f"Error: no articles found under {FIXTURE_ARTICLES}")
    return articles


def corpus(size: int, base: Sequence[Any]) -> Iterator[Any]:
    """`size` articles, each repeat under its own id, made one at a time as they are consumed."""
    for index, article in zip(range(size), itertools.cycle(base), strict=False):
        yield article.model_copy(update={"id": f"{article.id}-{index}"})


# ---------------------------------------------------------------------------------------------
# Measurements (each runs in its own subprocess)


@dataclass
class Measurement:
    """What one subprocess reports back to the driver as one JSON line."""

    kind: str
    size: int
    jobs: int
    seconds: float
    steady_seconds: float
    steady_articles: int
    tokens: int
    events: int
    errors: int
    json_bytes: int
    rss_self_kib: int
    rss_children_kib: int
    first_error: str | None = None


def peak_rss() -> tuple[int, int]:
    """Peak RSS (KiB on Linux) of this process and of its largest finished child."""
    return (
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    )


def measure_baseline(size: int) -> Measurement:
    """spaCy's bare tokenizer + sentencizer: the yardstick SPEC §6 sets the pipeline against."""
    import spacy

    base = base_articles()
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    texts = (article.text for article in corpus(size, base))
    tokens = 0
    start = time.perf_counter()
    for doc in nlp.pipe(texts, batch_size=BASELINE_BATCH_SIZE):
        tokens += len(doc)
    seconds = time.perf_counter() - start
    rss_self, rss_children = peak_rss()
    return Measurement("baseline", size, 1, seconds, seconds, size, tokens, 0, 0, 0, rss_self, rss_children)


def warmup_count(size: int, jobs: int) -> int:
    """Results to skip before the steady-state clock starts.

    Each process builds its English and French pipelines on first use (several seconds for
    French); that is a one-off cost per process, not throughput. Four pool chunks per worker
    are enough for every worker to have met both languages in the cycled corpus.
    """
    return min(size // 10, 4 * POOL_CHUNKSIZE * jobs)


def measure_pipeline(size: int, jobs: int) -> Measurement:
    """The whole pipeline, cold, consuming and serialising every event as the CLI would."""
    from sahel_extract.extractor import Extractor

    base = base_articles()
    skip = warmup_count(size, jobs)
    events = errors = json_bytes = 0
    first_error = None
    start = time.perf_counter()
    steady_start = start
    for index, result in enumerate(Extractor().results(corpus(size, base), jobs=jobs)):
        if result.error is not None:
            errors += 1
            first_error = first_error or f"{result.source}: {result.error}"
        for event in result.events:
            json_bytes += len(event.to_json())
            events += 1
        if index + 1 == skip:
            steady_start = time.perf_counter()
    end = time.perf_counter()
    rss_self, rss_children = peak_rss()
    return Measurement(
        "pipeline",
        size,
        jobs,
        end - start,
        end - steady_start,
        size - skip,
        0,
        events,
        errors,
        json_bytes,
        rss_self,
        rss_children,
        first_error,
    )


def run_child(kind: str, size: int, jobs: int) -> Measurement:
    """Run one measurement in a fresh interpreter so that its peak RSS is its own."""
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        kind,
        "--size",
        str(size),
        "--child-jobs",
        str(jobs),
    ]
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        sys.stderr.write(completed.stderr)
        raise SystemExit(f"Error: {kind} run (size {size}, jobs {jobs}) failed with exit code {completed.returncode}")
    last_line = completed.stdout.strip().splitlines()[-1]
    return Measurement(**json.loads(last_line))


# ---------------------------------------------------------------------------------------------
# Summary


@dataclass
class Row:
    """One line of the printed table and of the JSON `runs` list."""

    kind: str
    size: int
    jobs: int
    seconds: float
    articles_per_s: float
    tokens_per_s: float
    ratio_to_baseline: float | None
    events: int
    errors: int
    rss_mib: float
    rss_self_mib: float
    rss_children_mib: float


def to_row(measured: Measurement, baseline: Measurement) -> Row:
    """Steady-state rates; tokens are those the baseline counted over the same articles.

    For jobs > 1, RSS is this process plus its largest worker (`ru_maxrss` of the children is
    a maximum, not a sum), so the whole footprint is about self + jobs x children.
    """
    articles_per_s = measured.steady_articles / measured.steady_seconds if measured.steady_seconds else 0.0
    tokens_per_s = articles_per_s * baseline.tokens / baseline.size
    baseline_rate = baseline.size / baseline.seconds if baseline.seconds else 0.0
    ratio = None if measured.kind == "baseline" or not baseline_rate else articles_per_s / baseline_rate
    children = measured.rss_children_kib if measured.jobs > 1 else 0
    return Row(
        kind=measured.kind,
        size=measured.size,
        jobs=measured.jobs,
        seconds=round(measured.seconds, 2),
        articles_per_s=round(articles_per_s, 1),
        tokens_per_s=round(tokens_per_s),
        ratio_to_baseline=None if ratio is None else round(ratio, 3),
        events=measured.events,
        errors=measured.errors,
        rss_mib=round((measured.rss_self_kib + children) / 1024, 1),
        rss_self_mib=round(measured.rss_self_kib / 1024, 1),
        rss_children_mib=round(children / 1024, 1),
    )


def summarise(rows: Sequence[Row], sizes: Sequence[int], jobs: Sequence[int]) -> dict[str, Any]:
    """The three targets, each measured at the largest size run (where startup weighs least)."""
    by_key = {(row.kind, row.size, row.jobs): row for row in rows}
    largest, smallest = max(sizes), min(sizes)
    summary: dict[str, Any] = {
        "targets": {"ratio": TARGET_RATIO, "speedup": TARGET_SPEEDUP, "rss_growth": TARGET_RSS_GROWTH}
    }
    one = by_key.get(("pipeline", largest, 1))
    if one is not None and one.ratio_to_baseline is not None:
        summary["ratio"] = {
            "size": largest,
            "value": one.ratio_to_baseline,
            "ok": one.ratio_to_baseline >= TARGET_RATIO,
        }
    many = [j for j in jobs if j > 1]
    if one is not None and many and one.articles_per_s:
        top = by_key[("pipeline", largest, max(many))]
        speedup = round(top.articles_per_s / one.articles_per_s, 2)
        summary["speedup"] = {"size": largest, "jobs": max(many), "value": speedup, "ok": speedup >= TARGET_SPEEDUP}
    if largest != smallest:
        growth = {}
        for j in jobs:
            low, high = by_key[("pipeline", smallest, j)], by_key[("pipeline", largest, j)]
            value = round(high.rss_mib / low.rss_mib, 3)
            growth[str(j)] = {"sizes": [smallest, largest], "value": value, "ok": value <= TARGET_RSS_GROWTH}
        summary["rss_growth"] = growth
    return summary


def format_table(rows: Sequence[Row]) -> str:
    header = f"{'run':<9} {'N':>7} {'jobs':>4} {'wall s':>8} {'art/s':>8} {'tok/s':>9} {'ratio':>6} {'events':>7} {'err':>4} {'RSS MiB':>8}"
    lines = [header, "-" * len(header)]
    for row in rows:
        ratio = "" if row.ratio_to_baseline is None else f"{row.ratio_to_baseline:.3f}"
        lines.append(
            f"{row.kind:<9} {row.size:>7} {row.jobs:>4} {row.seconds:>8.2f} {row.articles_per_s:>8.1f} "
            f"{row.tokens_per_s:>9.0f} {ratio:>6} {row.events:>7} {row.errors:>4} {row.rss_mib:>8.1f}"
        )
    return "\n".join(lines)


def format_summary(summary: dict[str, Any]) -> str:
    def verdict(ok: bool) -> str:
        return "ok" if ok else "BELOW TARGET"

    lines = []
    if "ratio" in summary:
        r = summary["ratio"]
        lines.append(
            f"pipeline / baseline (N={r['size']}, jobs=1): {r['value']:.3f}  (target >= {TARGET_RATIO})  {verdict(r['ok'])}"
        )
    if "speedup" in summary:
        s = summary["speedup"]
        lines.append(
            f"speed-up jobs={s['jobs']} vs jobs=1 (N={s['size']}): {s['value']:.2f}  (target >= {TARGET_SPEEDUP})  {verdict(s['ok'])}"
        )
    for j, g in summary.get("rss_growth", {}).items():
        low, high = g["sizes"]
        lines.append(
            f"RSS({high}) / RSS({low}), jobs={j}: {g['value']:.3f}  (target <= {TARGET_RSS_GROWTH})  {verdict(g['ok'])}"
        )
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Profile


def profile_pipeline(size: int, profile_out: Path | None) -> str:
    """cProfile of jobs=1 on a warm extractor: per-article costs only, without pipeline loading."""
    from sahel_extract.extractor import Extractor

    base = base_articles()
    extractor = Extractor()
    for article in base:  # build both languages before the profiler starts
        extractor.process(article)
    profiler = cProfile.Profile()
    profiler.enable()
    for result in extractor.results(corpus(size, base), jobs=1):
        for event in result.events:
            event.to_json()
    profiler.disable()
    if profile_out is not None:
        profiler.dump_stats(str(profile_out))
    buffer = io.StringIO()
    stats = pstats.Stats(profiler, stream=buffer).strip_dirs()
    for order in ("cumulative", "tottime"):
        buffer.write(f"\n=== top {PROFILE_TOP} by {order} ({size} articles, jobs=1) ===\n")
        stats.sort_stats(order).print_stats(PROFILE_TOP)
    return buffer.getvalue()


def stage_costs(size: int) -> dict[str, float]:
    """CPU milliseconds per article of each step of `Extractor.process`, on a warm extractor.

    The steps are timed one by one in a single process (no profiler, so no per-call overhead),
    and the bare tokenizer + sentencizer is timed over the same articles in the same run.
    `front end` is what SPEC §1 requires before any rule runs: the article's own language's
    tokenizer and the sentence splitter (the sentencizer's rule plus paragraph breaks). Its ratio
    to the baseline is the best ratio any set of rules on top of it could reach.
    """
    import spacy

    from sahel_extract.components.common import keep_text
    from sahel_extract.components.dates import PUBLISHED_KEY
    from sahel_extract.extractor import Extractor

    base = base_articles()
    extractor = Extractor()
    for article in base:  # build both languages and warm the caches first
        extractor.process(article)
    costs: dict[str, float] = {}

    def charge(step: str, since: float) -> float:
        now = time.process_time()
        costs[step] = costs.get(step, 0.0) + now - since
        return now

    for article in corpus(size, base):
        lang = extractor.language_of(article)
        nlp = extractor.nlp(lang)
        clock = time.process_time()
        doc = nlp.make_doc(article.text)
        keep_text(doc, article.text)
        doc.user_data[PUBLISHED_KEY] = article.published
        clock = charge("tokenizer", clock)
        for name, pipe in nlp.pipeline:
            doc = pipe(doc)
            clock = charge(name, clock)
        for event in extractor._assembler(lang)(doc, article, article.id or "-"):
            event.to_json()
        charge("assembly + JSON", clock)
    bare = spacy.blank("en")
    bare.add_pipe("sentencizer")
    clock = time.process_time()
    for _doc in bare.pipe((article.text for article in corpus(size, base)), batch_size=BASELINE_BATCH_SIZE):
        pass
    baseline = time.process_time() - clock
    per_article = {step: 1000 * seconds / size for step, seconds in costs.items()}
    front = per_article.get("tokenizer", 0.0) + per_article.get("sahel_sentences", 0.0)
    total = sum(per_article.values())
    per_article["front end (tokenizer + sentences)"] = front
    per_article["whole pipeline"] = total
    per_article["baseline: blank('en') + sentencizer"] = 1000 * baseline / size
    return per_article


def format_stages(costs: dict[str, float]) -> str:
    baseline = costs["baseline: blank('en') + sentencizer"]
    lines = [f"{'step':<52} {'ms/article':>10} {'baseline / this':>16}", "-" * 80]
    for step, ms in costs.items():
        summary = step.startswith(("front end", "whole", "baseline"))
        ratio = f"{baseline / ms:.3f}" if summary and ms else ""
        lines.append(f"{step:<52} {ms:>10.3f} {ratio:>16}")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Command line


def int_list(value: str) -> list[int]:
    try:
        numbers = [int(part) for part in value.split(",") if part.strip()]
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"expected comma-separated integers, got {value!r}") from exc
    if not numbers or any(n < 1 for n in numbers):
        raise argparse.ArgumentTypeError(f"expected positive integers, got {value!r}")
    return sorted(set(numbers))


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Benchmark sahel-extract against spaCy's tokenizer + sentencizer.")
    parser.add_argument(
        "--sizes", type=int_list, default=int_list(DEFAULT_SIZES), help=f"corpus sizes (default {DEFAULT_SIZES})"
    )
    parser.add_argument(
        "--jobs", type=int_list, default=int_list(DEFAULT_JOBS), help=f"worker counts (default {DEFAULT_JOBS})"
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="JSON results file (default bench/results.json)")
    parser.add_argument("--profile", action="store_true", help=f"also profile jobs=1 on {PROFILE_ARTICLES} articles")
    parser.add_argument(
        "--stages", action="store_true", help=f"also time each pipeline step on {PROFILE_ARTICLES} articles"
    )
    parser.add_argument(
        "--profile-out", type=Path, default=None, help="write the raw cProfile stats here (for snakeviz)"
    )
    parser.add_argument("--child", choices=("baseline", "pipeline"), help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--child-jobs", type=int, default=1, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def machine() -> dict[str, Any]:
    from importlib.metadata import version

    from sahel_extract import __version__

    return {
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "spacy": version("spacy"),
        "sahel_extract": __version__,
        "distinct_articles": len(base_articles()),
        "seed_articles_included": SEED_ARTICLES.is_dir(),
    }


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child:
        measured = (
            measure_baseline(args.size) if args.child == "baseline" else measure_pipeline(args.size, args.child_jobs)
        )
        print(json.dumps(asdict(measured)))
        return 0

    rows: list[Row] = []
    for size in args.sizes:
        print(f"N={size}: baseline ...", file=sys.stderr, flush=True)
        baseline = run_child("baseline", size, 1)
        rows.append(to_row(baseline, baseline))
        for jobs in args.jobs:
            print(f"N={size}: pipeline jobs={jobs} ...", file=sys.stderr, flush=True)
            measured = run_child("pipeline", size, jobs)
            if measured.first_error:
                print(f"  {measured.errors} articles failed; first: {measured.first_error}", file=sys.stderr)
            rows.append(to_row(measured, baseline))
    summary = summarise(rows, args.sizes, args.jobs)
    print(format_table(rows))
    print()
    print(format_summary(summary))

    report: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "runs": [asdict(row) for row in rows],
        "summary": summary,
    }
    if args.stages:
        print(f"\ntiming each step on {PROFILE_ARTICLES} articles ...", file=sys.stderr, flush=True)
        stages = stage_costs(PROFILE_ARTICLES)
        report["stages_ms_per_article"] = {step: round(ms, 3) for step, ms in stages.items()}
        print(format_stages(stages))
    if args.profile:
        print(f"\nprofiling jobs=1 on {PROFILE_ARTICLES} articles ...", file=sys.stderr, flush=True)
        print(profile_pipeline(PROFILE_ARTICLES, args.profile_out))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"results written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

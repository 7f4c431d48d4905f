"""Seconds per KB of the whole pipeline on hostile text shapes: is the cost linear in the input?

Issue #23 found inputs whose cost grows with the square of their length (runs of punctuation in
spaCy's tokenizer, "12 killed, " repeated, many bracketed names, URL runs). A timed test would
be flaky on a shared machine, so this benchmark measures instead: each shape at several sizes,
the seconds per KB at each, and how the time grows (exponent 1 is linear, 2 quadratic). The
worst shape's seconds per KB at the largest size is the figure to quote.

    python bench/hostile.py [--sizes 5000,10000,20000,50000] [--shapes dollar,killed] [--out FILE]

`Extractor.process` is timed directly, without the per-article time limit, so that a slow shape
shows its full cost instead of the limit. Sizes are in characters; 50,000 is the largest text the
property tests draw. A shape whose run exceeds `--max-seconds` is not tried at larger sizes.
"""

from __future__ import annotations

import argparse
import json
import math
import platform
import random
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "fixtures" / "articles" / "en_01_army_post_boulkessi.txt"
PUNCTUATION = "$&'()[]{}<>\"!?.,;:-_/\\|@#%^*+=~`"


def repeat(unit: str) -> Callable[[int], str]:
    return lambda n: (unit * (n // len(unit) + 1))[:n]


def random_text(alphabet: str, chunk: int | None = None, seed: int = 23) -> Callable[[int], str]:
    """Random characters of `alphabet`; with `chunk`, in runs of that length between spaces."""

    def make(n: int) -> str:
        rng = random.Random(seed)
        chars = [rng.choice(alphabet) for _ in range(n)]
        if chunk:
            for i in range(chunk, n, chunk + 1):
                chars[i] = " "
        return "".join(chars)

    return make


def article(n: int) -> str:
    text = ARTICLE.read_text(encoding="utf-8")
    return repeat(text + "\n\n")(n)


def html_entities(n: int) -> str:
    """What the HTML reader makes of a page of `&amp;`: the text it would extract."""
    from sahel_extract.pages import read_page

    page = "<html><body><p>" + "&amp;" * n + "</p></body></html>"
    return read_page(page).text[:n]


SHAPES: dict[str, Callable[[int], str]] = {
    "article": article,  # the reference: real news, repeated
    "dollar": repeat("$"),
    "ampersand": repeat("&"),
    "quote": repeat("'"),
    "paren": repeat("("),
    "possessive": repeat("x's"),
    "punct-mixed": random_text(PUNCTUATION),
    "punct-32": random_text("$&'(\"", chunk=32),
    "punct-64": random_text("$&'(\"", chunk=64),
    "amp-html": html_entities,
    "url-run": repeat("http://example.com/a/b?c=d"),
    "url-spaced": repeat("http://example.com/a/b?c=d "),
    "killed": repeat("12 killed, "),
    "bracketed": repeat("[Djibo] "),
    "units": repeat("Djibo (Soum, Sahel) and "),
    "numbers": repeat("12 34 567 "),
    "letters": repeat("a"),
    "newlines": repeat("\n"),
    "mixed-unicode": random_text("ابتثجحخ😀🇲🇱 aé-'"),
}


@dataclass
class Run:
    shape: str
    chars: int
    seconds: float
    events: int

    @property
    def seconds_per_kb(self) -> float:
        return self.seconds / (self.chars / 1000)


def measure(extractor: object, shape: str, chars: int) -> Run:
    from sahel_extract.models import Article

    text = SHAPES[shape](chars)
    started = time.perf_counter()
    result = extractor.process(Article(id=shape, text=text))  # type: ignore[attr-defined]
    return Run(shape, len(text), time.perf_counter() - started, len(result.events))


def growth(runs: list[Run]) -> float | None:
    """The exponent k of time ~ size^k between the two largest sizes (1 linear, 2 quadratic)."""
    if len(runs) < 2 or runs[-2].seconds <= 0:
        return None
    small, large = runs[-2], runs[-1]
    return math.log(large.seconds / small.seconds) / math.log(large.chars / small.chars)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="5000,10000,20000,50000")
    parser.add_argument("--shapes", default=",".join(SHAPES))
    parser.add_argument("--max-seconds", type=float, default=60.0)
    parser.add_argument("--out", type=Path, default=None, help="also write the runs as JSON here")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from sahel_extract.extractor import Extractor, ExtractorConfig

    extractor = Extractor(ExtractorConfig(timeout=0, max_chars=10_000_000))
    extractor.process(__import__("sahel_extract.models").models.Article(text=article(2000)))  # build, warm
    sizes = [int(size) for size in args.sizes.split(",")]
    results: dict[str, list[Run]] = {}
    print(f"{'shape':14s} " + " ".join(f"{size:>9,d}" for size in sizes) + "   s/KB at largest  growth")
    for shape in args.shapes.split(","):
        runs: list[Run] = []
        for size in sizes:
            runs.append(measure(extractor, shape, size))
            if runs[-1].seconds > args.max_seconds:
                break
        results[shape] = runs
        cells = " ".join(f"{run.seconds:9.3f}" for run in runs) + " " * 10 * (len(sizes) - len(runs))
        k = growth(runs)
        print(f"{shape:14s} {cells}   {runs[-1].seconds_per_kb:10.5f}      {'-' if k is None else f'{k:.2f}'}", flush=True)
    complete = {shape: runs for shape, runs in results.items() if len(runs) == len(sizes)}
    worst = max(results.items(), key=lambda item: (len(item[1]) < len(sizes), item[1][-1].seconds_per_kb))
    print(
        f"\nworst shape: {worst[0]}, {worst[1][-1].seconds_per_kb:.4f} s/KB at {worst[1][-1].chars:,} characters"
        f" (reference article: {results['article'][-1].seconds_per_kb:.4f} s/KB)" if "article" in results else ""
    )
    if len(complete) < len(results):
        print("shapes stopped early (over --max-seconds): " + ", ".join(sorted(set(results) - set(complete))))
    if args.out:
        machine = {"python": platform.python_version(), "platform": platform.platform()}
        payload = {"machine": machine, "sizes": sizes, "runs": [asdict(run) for runs in results.values() for run in runs]}
        args.out.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Whole process against whole process: `sahel-extract extract` on a corpus vs bare spaCy on the same texts.

Issue 24 asks for the ratio a user meets: one command over a folder of news, or over a file of
ACLED-style notes, from launch to exit, against a bare spaCy process (`spacy.blank("en")` +
`sentencizer`, every text through `nlp.pipe`) reading the same texts, from launch to exit. The
ratio is bare seconds / sahel-extract seconds (both throughputs on the same texts), so 0.5 means
half the bare tokenizer's speed. Targets: news-length articles >= 0.35, notes >= 0.15.

Both sides start from scratch each time, so start-up counts for both: a one-process run over 160
articles pays spaCy's import, the pipelines' build and, for French articles, spaCy's French
module, once each. The bare side tokenises every text with English rules; loading spaCy's French
module too would slow the baseline by seconds and flatter the ratio.

Corpora (each measured only when its files are there):
- news: `fixtures/articles/*.txt`, plus `../shared/corpus/news/articles/*.txt` beside the checkout;
- notes: `../shared/corpus/acled/dev_articles.jsonl` (8,614 notes of one or two sentences).

Rounds alternate the two processes so that a load change on a shared machine hits both alike;
medians are compared. The ratio of CPU seconds (user + system of the child) is printed beside the
wall-clock one: on a loaded machine it is the steadier of the two. The cache of compiled rules is
warm (a first, untimed run fills it; `bench/startup.py` measures the cold start) and modules are
byte-compiled in a temporary `PYTHONPYCACHEPREFIX`, as an installed package has them.

    python bench/process_bench.py                      # 3 rounds, one worker
    python bench/process_bench.py --rounds 5 --jobs 2 --out bench/process_results.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpus"
TARGETS = {"news": 0.35, "notes": 0.15}

BARE = """
import json, sys
from pathlib import Path
import spacy
texts = []
for arg in sys.argv[1:]:
    if arg.endswith(".jsonl"):
        with open(arg, encoding="utf-8") as handle:
            texts += [json.loads(line)["text"] for line in handle if line.strip()]
    else:
        texts += [p.read_text(encoding="utf-8") for p in sorted(Path(arg).glob("*.txt"))]
nlp = spacy.blank("en")
nlp.add_pipe("sentencizer")
sentences = sum(1 for doc in nlp.pipe(texts, batch_size=64) for _ in doc.sents)
print(len(texts), sentences)
"""


@dataclass(frozen=True)
class Corpus:
    name: str
    sources: tuple[Path, ...]
    jsonl: bool

    def extract_args(self) -> list[str]:
        if self.jsonl:
            return ["--jsonl", *map(str, self.sources)]
        return [str(source) for source in self.sources]


def corpora() -> list[Corpus]:
    found = []
    news = [ROOT / "fixtures" / "articles"] + [p for p in [SHARED / "news" / "articles"] if p.is_dir()]
    found.append(Corpus("news", tuple(news), jsonl=False))
    notes = SHARED / "acled" / "dev_articles.jsonl"
    if notes.is_file():
        found.append(Corpus("notes", (notes,), jsonl=True))
    return found


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system) of one child process, launch to exit."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def bare_command(corpus: Corpus) -> list[str]:
    return [sys.executable, "-c", BARE, *map(str, corpus.sources)]


def extract_command(corpus: Corpus, jobs: int, out: Path) -> list[str]:
    return [sys.executable, "-m", "sahel_extract", "extract", *corpus.extract_args(),
            "--format", "jsonl", "-o", str(out), "--no-progress", "--jobs", str(jobs)]


def count_texts(corpus: Corpus, env: dict[str, str]) -> tuple[int, int]:
    done = subprocess.run(bare_command(corpus), check=True, env=env, capture_output=True, text=True)
    texts, sentences = done.stdout.split()
    return int(texts), int(sentences)


def measure(corpus: Corpus, rounds: int, jobs: int, env: dict[str, str], scratch: Path) -> dict[str, object]:
    out = scratch / f"{corpus.name}.jsonl"
    texts, sentences = count_texts(corpus, env)  # also byte-compiles spaCy for the bare side
    subprocess.run(extract_command(corpus, jobs, out), check=True, env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fills the cache and byte code
    events = sum(1 for _ in out.open(encoding="utf-8"))
    bare, ours = [], []
    for _ in range(rounds):
        bare.append(timed(bare_command(corpus), env))
        ours.append(timed(extract_command(corpus, jobs, out), env))
    bare_wall, our_wall = statistics.median(w for w, _ in bare), statistics.median(w for w, _ in ours)
    bare_cpu, our_cpu = statistics.median(c for _, c in bare), statistics.median(c for _, c in ours)
    return {
        "corpus": corpus.name, "texts": texts, "sentences": sentences, "events": events, "jobs": jobs,
        "bare_wall_s": [round(w, 3) for w, _ in bare], "extract_wall_s": [round(w, 3) for w, _ in ours],
        "bare_cpu_s": [round(c, 3) for _, c in bare], "extract_cpu_s": [round(c, 3) for _, c in ours],
        "ratio_wall": round(bare_wall / our_wall, 3), "ratio_cpu": round(bare_cpu / our_cpu, 3),
        "extract_texts_per_s": round(texts / our_wall, 1), "target": TARGETS[corpus.name],
    }


def report(row: dict[str, object]) -> str:
    ratio, target = float(row["ratio_wall"]), float(row["target"])  # type: ignore[arg-type]
    verdict = "ok" if ratio >= target else "BELOW TARGET"
    bare = statistics.median(row["bare_wall_s"])  # type: ignore[arg-type]
    ours = statistics.median(row["extract_wall_s"])  # type: ignore[arg-type]
    return (f"{row['corpus']:<6} {row['texts']:>6} texts  bare {bare:6.2f} s  extract {ours:6.2f} s "
            f"({row['extract_texts_per_s']} texts/s, {row['events']} events, jobs {row['jobs']})  "
            f"ratio {ratio:.3f} (cpu {row['ratio_cpu']:.3f})  target >= {target}  {verdict}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rounds", type=int, default=3, help="timed pairs of runs per corpus (default 3)")
    parser.add_argument("--jobs", type=int, default=1, help="--jobs given to extract (default 1: one process)")
    parser.add_argument("--only", choices=sorted(TARGETS), help="measure one corpus")
    parser.add_argument("--out", type=Path, help="write the runs and the verdicts as JSON here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sahel-process-") as folder:
        scratch = Path(folder)
        env = dict(os.environ)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env |= {"PYTHONPYCACHEPREFIX": str(scratch / "pycache"), "SAHEL_EXTRACT_CACHE": str(scratch / "cache")}
        rows = []
        for corpus in corpora():
            if args.only and corpus.name != args.only:
                continue
            rows.append(measure(corpus, args.rounds, args.jobs, env, scratch))
            print(report(rows[-1]), flush=True)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    print(f"load average {load}; {args.rounds} rounds; medians compared")
    if args.out:
        args.out.write_text(json.dumps({
            "machine": {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count(),
                        "load_average_1min": load},
            "rounds": args.rounds, "runs": rows,
        }, indent=2) + "\n", encoding="utf-8")
    return 0 if all(float(row["ratio_wall"]) >= float(row["target"]) for row in rows) else 1  # type: ignore[arg-type]


if __name__ == "__main__":
    sys.exit(main())

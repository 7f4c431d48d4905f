"""Start-up: time to the first event of a one-sentence article, as a ratio to a bare spaCy start.

Issue 21: one sentence took 6-7 s, most of it start-up. The figure that means the same on any
machine is a ratio measured in the same run: the whole process `sahel-extract extract -` with one
sentence on stdin, from launch to the first event line on stdout, against the whole process
`python -c "import spacy; spacy.blank('en')"`, launch to exit. Runs alternate between the two so
that a load change on a shared machine hits both alike; the medians are compared. Target: <= 1.5.

    python bench/startup.py                 # 7 pairs
    python bench/startup.py --runs 15 --out bench/startup_results.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

SENTENCE = "Gunmen killed 12 soldiers in an attack on an army post near Djibo on Sunday, the army said.\n"
BASELINE = [sys.executable, "-c", "import spacy; spacy.blank('en')"]
COMMAND = [sys.executable, "-m", "sahel_extract", "extract", "-", "--no-progress"]
TARGET = 1.5


def baseline_seconds() -> float:
    started = time.perf_counter()
    subprocess.run(BASELINE, check=True)
    return time.perf_counter() - started


def first_event_seconds() -> float:
    """Launch to the first byte of the first event's line; the process is then left to finish."""
    started = time.perf_counter()
    proc = subprocess.Popen(COMMAND, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(SENTENCE.encode("utf-8"))
    proc.stdin.close()
    first = proc.stdout.read(1)
    elapsed = time.perf_counter() - started
    rest = proc.stdout.read()
    proc.wait()
    if first != b"{" or proc.returncode != 0:
        raise SystemExit(f"no event: exit {proc.returncode}, output {first + rest!r}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=7, help="pairs of runs (default 7)")
    parser.add_argument("--out", type=Path, help="write the runs and the verdict as JSON here")
    args = parser.parse_args()
    baseline_seconds()  # warm the file cache for both sides
    first_event_seconds()
    base, ours = [], []
    for _ in range(args.runs):
        base.append(baseline_seconds())
        ours.append(first_event_seconds())
    ratio = statistics.median(ours) / statistics.median(base)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    print(f"bare spaCy start (median of {args.runs}): {statistics.median(base):.2f} s  {[round(x, 2) for x in base]}")
    print(f"first event      (median of {args.runs}): {statistics.median(ours):.2f} s  {[round(x, 2) for x in ours]}")
    verdict = "ok" if ratio <= TARGET else "ABOVE TARGET"
    print(f"ratio: {ratio:.2f}  (target <= {TARGET})  {verdict}; load average {load}")
    if args.out:
        args.out.write_text(json.dumps({
            "machine": {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count(),
                        "load_average_1min": load},
            "baseline_s": base, "first_event_s": ours, "ratio": round(ratio, 3), "target": TARGET,
        }, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

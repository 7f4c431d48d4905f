"""Start-up: time to the first event of a one-sentence article, as a ratio to a bare spaCy start.

Issue 21: one sentence took 6-7 s, most of it start-up. The figure that means the same on any
machine is a ratio measured in the same run: the whole process `sahel-extract extract -` with one
sentence on stdin, from launch to the first event line on stdout, against the whole process
`python -c "import spacy; spacy.blank('en')"`, launch to exit. Target: <= 1.5 with the cache warm.

The command is timed twice per round: with an empty cache folder (cold: the first run after an
install or upgrade, which builds the compiled rules and phrase tables and stores them) and with the
folder a first run filled (warm: every later run). Rounds alternate the three processes, so that a
load change on a shared machine hits them alike; medians are compared.

Byte code: both sides import modules compiled as an installed package has them (pip compiles
them at install). The children run with bytecode writing on and `PYTHONPYCACHEPREFIX` in a
temporary folder, filled by a first, untimed run of each; otherwise an environment with
`PYTHONDONTWRITEBYTECODE` (or an editable install without `__pycache__`) recompiles the
package's sixty modules from source at every start, and the baseline's spaCy not at all.
`--bytecode as-is` measures with the environment unchanged.

    python bench/startup.py                 # 7 rounds
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
import tempfile
import time
from pathlib import Path

SENTENCE = "Gunmen killed 12 soldiers in an attack on an army post near Djibo on Sunday, the army said.\n"
BASELINE = [sys.executable, "-c", "import spacy; spacy.blank('en')"]
COMMAND = [sys.executable, "-m", "sahel_extract", "extract", "-", "--no-progress"]
TARGET = 1.5


def baseline_seconds(env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(BASELINE, check=True, env=env)
    return time.perf_counter() - started


def first_event_seconds(env: dict[str, str]) -> float:
    """Launch to the first byte of the first event's line; the process is then left to finish."""
    started = time.perf_counter()
    proc = subprocess.Popen(COMMAND, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
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


def environment(scratch: Path, bytecode: str) -> dict[str, str]:
    env = dict(os.environ)
    if bytecode == "prefix":
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(scratch / "pycache")
    return env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=7, help="rounds of three runs (default 7)")
    parser.add_argument("--bytecode", choices=("prefix", "as-is"), default="prefix",
                        help="compiled modules in a temporary PYTHONPYCACHEPREFIX (default), or the environment as it is")
    parser.add_argument("--out", type=Path, help="write the runs and the verdict as JSON here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sahel-startup-") as scratch:
        env = environment(Path(scratch), args.bytecode)
        warm = env | {"SAHEL_EXTRACT_CACHE": str(Path(scratch) / "warm")}
        baseline_seconds(env)  # byte code, and the file cache, for both sides
        first_event_seconds(warm)  # fills the warm cache
        base, cold, hot = [], [], []
        for i in range(args.runs):
            base.append(baseline_seconds(env))
            cold.append(first_event_seconds(env | {"SAHEL_EXTRACT_CACHE": str(Path(scratch) / f"cold-{i}")}))
            hot.append(first_event_seconds(warm))
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    ratios = {name: statistics.median(runs) / statistics.median(base) for name, runs in (("cold", cold), ("warm", hot))}
    for label, runs in (("bare spaCy start", base), ("first event, cold", cold), ("first event, warm", hot)):
        print(f"{label:<18} (median of {args.runs}): {statistics.median(runs):.2f} s  {[round(x, 2) for x in runs]}")
    verdict = "ok" if ratios["warm"] <= TARGET else "ABOVE TARGET"
    print(f"ratio warm: {ratios['warm']:.2f}  (target <= {TARGET})  {verdict}; ratio cold: {ratios['cold']:.2f}; "
          f"load average {load}; bytecode {args.bytecode}")
    if args.out:
        args.out.write_text(json.dumps({
            "machine": {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count(),
                        "load_average_1min": load},
            "bytecode": args.bytecode, "baseline_s": base, "first_event_cold_s": cold, "first_event_warm_s": hot,
            "ratio_warm": round(ratios["warm"], 3), "ratio_cold": round(ratios["cold"], 3), "target": TARGET,
        }, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

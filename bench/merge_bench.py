"""Time and peak memory of `merge` on synthetic archives (issue #19): is it near-linear, flat?

    python bench/merge_bench.py                 # 100,000 and 1,000,000 events
    python bench/merge_bench.py 20000 200000    # other sizes
    python bench/merge_bench.py --json

For each size the events are generated into a temporary JSONL file in random order (streaming,
in bounded memory); a fresh process then times `sahel-extract merge`'s library path on it (read
and validate, external sort, sweep, reconcile, write JSONL to /dev/null), so that its peak RSS
is the merge's own. The archive has the density of a busy conflict year over many years: three
countries, about 30 reports a day, a third of the incidents reported by two to four articles
(a revised toll, a region-level first report, a French version), many villages of one region
attacked on one day. Not a test: run it on demand; on a shared machine, compare ratios, not
seconds, and CPU seconds (the merge process's user and system time) rather than wall time,
which other processes stretch.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from typing import Any

COUNTRIES = {
    "ML": [("Mopti", 14.5, -4.2), ("Gao", 16.3, -0.05), ("Segou", 13.4, -6.3), ("Tombouctou", 16.8, -3.0)],
    "BF": [("Sahel", 14.0, -0.5), ("Centre-Nord", 13.3, -1.1), ("Est", 12.1, 0.4), ("Boucle du Mouhoun", 12.4, -3.5)],
    "NE": [("Tillaberi", 14.2, 1.5), ("Diffa", 13.3, 12.6), ("Dosso", 13.0, 3.2), ("Tahoua", 14.9, 5.3)],
}
VILLAGES_PER_REGION = 400
REPORTS_PER_DAY = 30
FIRST_DAY = dt.date(2012, 1, 1).toordinal()
TYPES = [
    ("Violence against civilians", "Attack"),
    ("Battles", "Armed clash"),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    ("Protests", "Peaceful protest"),
    ("Strategic developments", "Looting/property destruction"),
]
ACTORS = [("JNIM", "Political militia"), ("ISSP", "Political militia"), ("Unidentified armed group", "Political militia")]


def village(rng: random.Random, country: str) -> tuple[str, str, float, float, int]:
    region, lat, lon = rng.choice(COUNTRIES[country])
    n = rng.randrange(VILLAGES_PER_REGION)
    # villages spread over about 2 x 2 degrees around the region's centre, 0.1 degree apart
    return f"{region}-village-{n}", region, lat + (n % 20) * 0.1 - 1, lon + (n // 20) * 0.1 - 1, hash((country, region, n)) % 10**7


def event(doc: str, index: int, day: int, place: tuple[str, str, float, float, int], country: str, **fields: Any) -> dict[str, Any]:
    name, region, lat, lon, geonames_id = place
    kind, sub = fields.get("kind", TYPES[0])
    actor, actor_type = fields.get("actor", ACTORS[2])
    sentence = fields.get("sentence", f"Report {doc} of an incident at {name}.")
    precision = fields.get("precision", 1)
    published = dt.date.fromordinal(day + fields.get("delay", 1)).isoformat()
    return {
        "schema": "sahel-extract/event@1",
        "event_id": f"{doc}-{index}",
        "doc_id": doc,
        "source": f"https://news.example/{doc}",
        "published": published,
        "event_date": dt.date.fromordinal(day).isoformat(),
        "date_precision": "day",
        "date_text": "on Sunday",
        "event_type": kind,
        "sub_event_type": sub,
        "actors": [
            {"name": actor, "type": actor_type, "role": "initiator", "mention": actor, "start": 0, "end": 5},
            {"name": "Civilians", "type": "Civilians", "role": "target", "mention": "villagers", "start": 9, "end": 18},
        ],
        "location": {
            "name": region if precision == 3 else name,
            "country_code": country,
            "admin1": region,
            "latitude": lat,
            "longitude": lon,
            "geonames_id": None if precision == 3 else geonames_id,
            "precision": precision,
            "mention": name,
            "start": 30,
            "end": 40,
        },
        "fatalities": fields.get("killed"),
        "casualties": [],
        "flags": [],
        "evidence": [{"sentence": sentence, "start": 0, "end": len(sentence)}],
        "confidence": 0.8,
        "extractor": "sahel-extract bench",
    }


def generate(total: int, seed: int = 19) -> Iterator[dict[str, Any]]:
    """Incidents with one to four reports each, about REPORTS_PER_DAY reports a day."""
    rng = random.Random(seed)
    made = doc = 0
    while made < total:
        day = FIRST_DAY + made // REPORTS_PER_DAY
        country = rng.choice(sorted(COUNTRIES))
        place = village(rng, country)
        kind = rng.choice(TYPES)
        actor = rng.choice(ACTORS)
        reports = 1 if rng.random() < 0.67 else rng.randint(2, 4)
        toll = rng.randint(1, 40)
        for n in range(min(reports, total - made)):
            doc += 1
            fields: dict[str, Any] = {"kind": kind, "actor": actor, "delay": 1 + n, "killed": toll + 3 * n}
            if n == 1 and rng.random() < 0.3:
                fields["precision"] = 3  # a region-level report of the same incident
            yield event(f"d{doc}", 0, day, place, country, **fields)
            made += 1


def write_shuffled(path: str, total: int, buckets: int = 64) -> None:
    """The archive in random order, in bounded memory: lines dealt at random into bucket
    files, each bucket shuffled on its own when they are concatenated."""
    rng = random.Random(1)
    folder = os.path.dirname(path)
    names = [os.path.join(folder, f"bucket-{n}.jsonl") for n in range(buckets)]
    handles = [open(name, "w", encoding="utf-8") for name in names]
    try:
        for record in generate(total):
            rng.choice(handles).write(json.dumps(record, separators=(",", ":")) + "\n")
    finally:
        for handle in handles:
            handle.close()
    with open(path, "w", encoding="utf-8") as out:
        for name in names:
            with open(name, encoding="utf-8") as handle:
                lines = handle.readlines()
            rng.shuffle(lines)
            out.writelines(lines)
            os.unlink(name)


def run_one(path: str) -> dict[str, Any]:
    """Merge one file to /dev/null, timed; run in a child process, so its peak RSS is the merge's."""
    from sahel_extract.review.merge import merge_events, read_events
    from sahel_extract.writers import open_writer

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    cpu_start = time.process_time()
    events = records = 0
    with open(os.devnull, "w", encoding="utf-8") as sink:
        writer = open_writer("jsonl", sink)
        for record in merge_events(read_events([path])):
            writer.write(record)
            records += 1
            events += len(record.sources or [])
        writer.close()
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu_start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "events": events,
        "records": records,
        "seconds": round(seconds, 1),
        "cpu_seconds": round(cpu_seconds, 1),
        "events_per_second": round(events / seconds),
        "peak_rss_mb": round(peak / 1024),
        "rss_at_start_mb": round(rss_before / 1024),
    }


def measure(total: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="merge-bench-") as folder:
        path = os.path.join(folder, "events.jsonl")
        write_shuffled(path, total)
        child = subprocess.run([sys.executable, __file__, "--one", path], capture_output=True, text=True, check=True)
    return dict(json.loads(child.stdout))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="*", type=int, default=[100_000, 1_000_000])
    parser.add_argument("--json", action="store_true", help="one JSON object")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # the child process: merge this file
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(run_one(args.one)))
        return
    runs = []
    for size in args.sizes:
        runs.append(measure(size))
        if not args.json:
            print(json.dumps(runs[-1]), flush=True)
    result: dict[str, Any] = {"runs": runs}
    if len(runs) >= 2:
        first, last = runs[0], runs[-1]
        result["size_ratio"] = round(last["events"] / first["events"], 1)
        result["time_ratio"] = round(last["seconds"] / first["seconds"], 1)
        result["cpu_time_ratio"] = round(last["cpu_seconds"] / first["cpu_seconds"], 1)
        result["peak_rss_ratio"] = round(last["peak_rss_mb"] / first["peak_rss_mb"], 2)
    print(json.dumps(result) if args.json else json.dumps({k: v for k, v in result.items() if k != "runs"}))


if __name__ == "__main__":
    main()

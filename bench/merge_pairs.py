"""Pairwise recall and precision of `merge` on the shared news corpus (issue #19).

    sahel-extract extract ../shared/corpus/news/articles > /tmp/merge/news.jsonl
    python bench/merge_pairs.py /tmp/merge/news.jsonl [--merged MERGED.jsonl] [--json]

Gold pairs: every two core gold events of different articles at the same place (same name up to
spelling, or within 10 km) on the same day. Predicted events are paired with gold events per
document as `../shared/tools/score.py` does (its `compat` score, greedily, a pair needs >= 2),
using the scorer's own functions, imported at run time from `../shared/tools/`.

- recall: share of gold pairs whose two predicted partners are in one merged record;
- recall (found): the same over the gold pairs whose two events both found a predicted partner
  (what merging can do once extraction has done its part);
- ceiling: the best recall any merge could reach when one record holds at most one event per
  article (the gold sometimes has two same-day events at one place in one article);
- precision: over every two reports joined in one merged record whose events both have a gold
  partner, the share whose gold partners agree on place and day (a day inside a gold week or
  month agrees with it). A join whose gold partner has no date ("last week") cannot be shown
  to differ in day: it is counted apart (`joined_gold_undated`); `precision_strict` counts it
  as wrong.

Without `--merged`, the predictions are merged in process with `sahel_extract.review.merge`.
With `--oracle`, the gold events themselves are turned into event records and merged: the
figures then measure the merge alone, as if extraction were perfect.
"""

from __future__ import annotations

import argparse
import itertools
import json
import pathlib
import subprocess
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

ROOT = pathlib.Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared"
GOLD = SHARED / "corpus" / "news" / "gold.jsonl"
MAX_COMPONENT = 9
"""Largest group of linked gold events whose partitions are enumerated for the ceiling."""


def load_scorer() -> ModuleType:
    """The shared scorer's module, imported from ../shared/tools (never copied here)."""
    tools = str(SHARED / "tools")
    if tools not in sys.path:
        sys.path.insert(0, tools)
    import score  # type: ignore[import-not-found]

    return score


GoldKey = tuple[str, int]


@dataclass(frozen=True)
class Gold:
    key: GoldKey
    raw: dict[str, Any]
    view: dict[str, Any]


def read_gold(score: ModuleType, path: pathlib.Path) -> dict[str, list[Gold]]:
    gold: dict[str, list[Gold]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        obj = json.loads(line)
        doc = obj.get("doc_id") or pathlib.Path(obj["article"]).stem
        gold[doc] = [Gold((doc, i), g, score.gold_view(g)) for i, g in enumerate(obj["events"])]
    return gold


def read_predictions(path: pathlib.Path) -> dict[str, list[dict[str, Any]]]:
    """Predicted events per document, in file order (the scorer's order)."""
    preds: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            event = json.loads(line)
            preds[event["doc_id"]].append(event)
    return preds


def pair_documents(
    score: ModuleType, gold: dict[str, list[Gold]], preds: dict[str, list[dict[str, Any]]]
) -> dict[GoldKey, str]:
    """Gold event -> the event_id of its predicted partner, by the scorer's greedy pairing."""
    partner: dict[GoldKey, str] = {}
    for doc, golds in gold.items():
        events = preds.get(doc, [])
        views = [score.pred_view(event) for event in events]
        scored = sorted(
            ((score.compat(g.view, p), i, j) for i, g in enumerate(golds) for j, p in enumerate(views)), reverse=True
        )
        used_g: set[int] = set()
        used_p: set[int] = set()
        for value, i, j in scored:
            if value < 2 or i in used_g or j in used_p:
                continue
            used_g.add(i)
            used_p.add(j)
            partner[golds[i].key] = events[j]["event_id"]
    return partner


def same_day(score: ModuleType, a: Gold, b: Gold) -> bool:
    """Both dated to one day, or one's day inside the other's week or month."""
    return bool(score.date_ok(a.view, b.view) and score.date_ok(b.view, a.view))


def gold_pairs(score: ModuleType, gold: dict[str, list[Gold]]) -> list[tuple[Gold, Gold]]:
    """Core events of different articles, same place, same day (both dated to the day)."""
    core = [g for golds in gold.values() for g in golds if g.raw.get("core", True)]
    pairs = []
    for a, b in itertools.combinations(core, 2):
        if a.key[0] == b.key[0]:
            continue
        dated = a.raw.get("date_precision") == b.raw.get("date_precision") == "day"
        if dated and a.raw.get("date") == b.raw.get("date") and score.place_ok(a.view, b.view):
            pairs.append((a, b))
    return pairs


def merged_records(pred_path: pathlib.Path, merged_path: pathlib.Path | None) -> list[list[str]]:
    """The event_ids each merged record joins."""
    if merged_path is None:
        from sahel_extract.review.merge import merge_events, read_events

        return [[s.event_id for s in record.sources or []] for record in merge_events(read_events([str(pred_path)]))]
    records = []
    for line in merged_path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            records.append([s["event_id"] for s in json.loads(line)["sources"]])
    return records


ORACLE_TYPES = {"civilians": "Civilians", "protesters": "Protesters", "rioters": "Rioters"}


def oracle_events(gold: dict[str, list[Gold]], published: dict[str, str | None]) -> list[Any]:
    """One event record per gold event, as a perfect extractor would write it."""
    from sahel_extract.models import ActorMention, Event, Location

    events = []
    for doc, golds in gold.items():
        for g in golds:
            raw = g.raw
            location = None
            if raw.get("place"):
                location = Location(
                    name=raw["place"],
                    country_code=raw.get("country"),
                    admin1=raw.get("admin1"),
                    latitude=raw.get("latitude"),
                    longitude=raw.get("longitude"),
                    precision=1,
                    mention=raw["place"],
                    start=0,
                    end=0,
                )
            actors = [
                ActorMention(
                    name=name,
                    type=ORACLE_TYPES.get(name.lower(), "Political militia"),  # type: ignore[arg-type]
                    role="initiator" if i == 0 else "target",
                    mention=name,
                    start=0,
                    end=0,
                )
                for i, name in enumerate(raw.get("actors") or [])
            ]
            events.append(
                Event(
                    event_id=f"{doc}#{g.key[1]}",
                    doc_id=doc,
                    source=doc,
                    published=published.get(doc),
                    event_date=raw.get("date"),
                    date_precision=raw.get("date_precision"),
                    event_type=raw["event_type"],
                    sub_event_type=raw.get("sub_event_type") or "Other",
                    actors=actors,
                    location=location,
                    fatalities=raw.get("killed"),
                    flags=[] if raw.get("core", True) else ["historical"],
                    confidence=1.0,
                    extractor="gold",
                )
            )
    return events


def ceiling(pairs: list[tuple[Gold, Gold]]) -> int:
    """Most gold pairs any merge can keep together, one event per article in a record."""
    links: dict[GoldKey, set[GoldKey]] = defaultdict(set)
    for a, b in pairs:
        links[a.key].add(b.key)
        links[b.key].add(a.key)
    wanted = {frozenset((a.key, b.key)) for a, b in pairs}
    best = 0
    seen: set[GoldKey] = set()
    for start in sorted(links):
        if start in seen:
            continue
        component = _component(start, links)
        seen |= component
        if len(component) > MAX_COMPONENT:
            best += sum(1 for pair in wanted if pair <= component)  # too big to enumerate: assume all
            continue
        best += max(_kept(groups, wanted) for groups in _partitions(sorted(component)) if _one_per_doc(groups))
    return best


def _component(start: GoldKey, links: dict[GoldKey, set[GoldKey]]) -> set[GoldKey]:
    found, todo = {start}, [start]
    while todo:
        for other in links[todo.pop()]:
            if other not in found:
                found.add(other)
                todo.append(other)
    return found


def _partitions(items: list[GoldKey]) -> Iterable[list[list[GoldKey]]]:
    if not items:
        yield []
        return
    first, rest = items[0], items[1:]
    for groups in _partitions(rest):
        for i in range(len(groups)):
            yield [*groups[:i], [first, *groups[i]], *groups[i + 1 :]]
        yield [[first], *groups]


def _one_per_doc(groups: list[list[GoldKey]]) -> bool:
    return all(len({doc for doc, _ in group}) == len(group) for group in groups)


def _kept(groups: list[list[GoldKey]], wanted: set[frozenset[GoldKey]]) -> int:
    return sum(1 for group in groups for a, b in itertools.combinations(group, 2) if frozenset((a, b)) in wanted)


def measure(pred_path: pathlib.Path | None, merged_path: pathlib.Path | None) -> dict[str, Any]:
    score = load_scorer()
    gold = read_gold(score, GOLD)
    if pred_path is None:
        from sahel_extract.review.merge import merge_events

        published = {pathlib.Path(o["article"]).stem: o.get("published") for o in map(json.loads, GOLD.open())}
        partner = {g.key: f"{g.key[0]}#{g.key[1]}" for golds in gold.values() for g in golds}
        records = [[s.event_id for s in r.sources or []] for r in merge_events(oracle_events(gold, published))]
    else:
        partner = pair_documents(score, gold, read_predictions(pred_path))
        records = merged_records(pred_path, merged_path)
    record_of = {event_id: n for n, ids in enumerate(records) for event_id in ids}
    pairs = gold_pairs(score, gold)
    found = [(a, b) for a, b in pairs if a.key in partner and b.key in partner]
    together = [(a, b) for a, b in found if record_of.get(partner[a.key]) == record_of.get(partner[b.key])]
    gold_of = {
        event_id: g for golds in gold.values() for g in golds if g.key in partner for event_id in [partner[g.key]]
    }
    joined = right = unverifiable = 0
    wrong: list[str] = []
    undated: list[str] = []
    for ids in records:
        for x, y in itertools.combinations(ids, 2):
            gx, gy = gold_of.get(x), gold_of.get(y)
            if gx is None or gy is None:
                unverifiable += 1
                continue
            if not (gx.raw.get("date") and gy.raw.get("date")):
                undated.append(f"{gx.key} {gx.raw.get('date')} + {gy.key} {gy.raw.get('date')} {gx.raw.get('place')}")
                continue
            joined += 1
            if score.place_ok(gx.view, gy.view) and same_day(score, gx, gy):
                right += 1
            else:
                wrong.append(
                    f"{gx.key} {gx.raw.get('place')} {gx.raw.get('date')} + {gy.key} {gy.raw.get('place')} {gy.raw.get('date')}"
                )
    missed = [
        f"{a.key} + {b.key} {a.raw.get('place')} {a.raw.get('date')}"
        + (
            ""
            if (a, b) in found
            else " (no predicted partner for " + ", ".join(str(g.key) for g in (a, b) if g.key not in partner) + ")"
        )
        for a, b in pairs
        if (a, b) not in together
    ]
    top = ceiling(pairs)
    return {
        "commit": _commit(),
        "gold_pairs": len(pairs),
        "recall": _ratio(len(together), len(pairs)),
        "ceiling": _ratio(top, len(pairs)),
        "found_pairs": len(found),
        "recall_found": _ratio(len(together), len(found)),
        "joined_pairs": joined,
        "precision": _ratio(right, joined),
        "joined_unverifiable": unverifiable,
        "joined_gold_undated": len(undated),
        "precision_strict": _ratio(right, joined + len(undated)),
        "missed": missed,
        "wrong": wrong,
        "gold_undated": undated,
    }


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 3) if b else None


def _commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pred", type=pathlib.Path, nargs="?", help="extract's output on ../shared/corpus/news/articles")
    parser.add_argument("--merged", type=pathlib.Path, help="merge's output on PRED (default: merge in process)")
    parser.add_argument("--oracle", action="store_true", help="merge the gold events themselves instead of PRED")
    parser.add_argument("--json", action="store_true", help="one JSON object")
    args = parser.parse_args()
    if (args.pred is None) != args.oracle:
        parser.error("give PRED, or --oracle")
    if not GOLD.is_file():
        sys.exit(f"Error: {GOLD} not found (the shared corpus sits beside the checkout)")
    result = measure(args.pred, args.merged)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return
    for key, value in result.items():
        if isinstance(value, list):
            print(f"{key}:")
            for item in value:
                print(f"  {item}")
        else:
            print(f"{key}: {value}")


if __name__ == "__main__":
    main()

"""The three seed articles the product was specified from (issue 2), read from ../shared/.

The articles and their gold file stay outside the repository: these tests skip when
../shared/ is absent, and refer to the seed documents only by their number prefix. Each
assertion message prints the events involved (structured fields only), so that a failure
says what the pipeline produced instead of what it should have.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sahel_extract import Extractor
from sahel_extract.errors import InputError
from sahel_extract.readers import iter_articles

Record = dict[str, Any]

AMBUSH_DOC = "001_"
"""The Tinzaouatene ambush of July 2024 (CSP and JNIM against Wagner Group and FAMa)."""
AES_DOC = "002_"
"""The joint task force announced by the juntas of the Alliance of Sahel States."""
AMBUSH_COUNTS = frozenset({131, 84, 47})
"""The total claimed toll and its two parts."""


@pytest.fixture(scope="module")
def seed_lines(shared: Path, extractor: Extractor) -> list[str]:
    """The JSONL lines `extract` writes for the seed articles, in document order."""
    lines: list[str] = []
    for item in iter_articles([str(shared / "corpus" / "seeds" / "articles")]):
        assert not isinstance(item, InputError), f"{item.source}: {item.reason}"
        lines += [event.to_json() for event in extractor.extract(item)]
    return lines


@pytest.fixture(scope="module")
def seed_events(seed_lines: list[str]) -> list[Record]:
    return [json.loads(line) for line in seed_lines]


def fold(text: str | None) -> str:
    """Spelling-insensitive name comparison (Tinzaouatène, Tin-Zaouatene …)."""
    ascii_text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "", ascii_text.lower())


def describe(event: Record) -> str:
    """One line per event: what a reviewer needs to see why an assertion failed."""
    location = event["location"] or {}
    actors = ", ".join(f"{a['name']}:{a['role']}" for a in event["actors"])
    casualties = ", ".join(f"{c['kind']} {c['count']} ({c['victims']})" for c in event["casualties"])
    starts = [e["start"] for e in event["evidence"]]
    return (
        f"{event['doc_id'][:4]} {event['event_type']}/{event['sub_event_type']} date={event['event_date']} "
        f"at={location.get('name')}/{location.get('admin1')} actors=[{actors}] fatalities={event['fatalities']} "
        f"casualties=[{casualties}] flags={event['flags']} evidence@{starts}"
    )


def describe_all(events: list[Record]) -> str:
    return "\n" + "\n".join(describe(event) for event in events)


def in_doc(events: list[Record], prefix: str) -> list[Record]:
    return [event for event in events if event["doc_id"].startswith(prefix)]


def is_ambush(event: Record) -> bool:
    """Every mention of Tinzaouatene in the article is this ambush, and so is every part of its toll."""
    location = event["location"] or {}
    counts = {c["count"] for c in event["casualties"]} | {event["fatalities"]}
    return fold(location.get("name")) == "tinzaouatene" or bool(counts & AMBUSH_COUNTS)


@pytest.fixture(scope="module")
def ambush_candidates(seed_events: list[Record]) -> list[Record]:
    return [event for event in in_doc(seed_events, AMBUSH_DOC) if is_ambush(event)]


@pytest.fixture(scope="module")
def ambush(seed_events: list[Record], ambush_candidates: list[Record]) -> Record:
    """The event first reported in the article among the candidates (the lead paragraph)."""
    if not ambush_candidates:
        pytest.fail("no ambush event at all; events of the article:" + describe_all(in_doc(seed_events, AMBUSH_DOC)))
    return min(ambush_candidates, key=lambda event: min((e["start"] for e in event["evidence"]), default=0))


# ---------------------------------------------------------------------------------------------
# the Tinzaouatene ambush


def test_ambush_is_emitted_once(ambush_candidates: list[Record]) -> None:
    assert len(ambush_candidates) == 1, "ambush events:" + describe_all(ambush_candidates)


def _actor(name: str, role: str | None = None) -> Callable[[Record], bool]:
    return lambda e: any(a["name"] == name and (role is None or a["role"] == role) for a in e["actors"])


def _casualty(count: int, victims: str | None = None) -> Callable[[Record], bool]:
    return lambda e: any(
        c["kind"] == "killed" and c["count"] == count and (victims is None or victims in (c["victims"] or ""))
        for c in e["casualties"]
    )


AMBUSH_CHECKS: list[tuple[str, Callable[[Record], bool]]] = [
    # type
    ("event_type Battles", lambda e: e["event_type"] == "Battles"),
    # actors: CSP and JNIM against Wagner Group and FAMa
    ("actor CSP", _actor("CSP")),
    ("actor JNIM", _actor("JNIM")),
    ("actor Wagner Group", _actor("Wagner Group")),
    ("actor FAMa", _actor("FAMa")),
    ("Wagner Group is a target", _actor("Wagner Group", "target")),
    ("FAMa is a target", _actor("FAMa", "target")),
    # location
    ("location Tinzaouatene", lambda e: fold((e["location"] or {}).get("name")) == "tinzaouatene"),
    ("admin1 Kidal", lambda e: (e["location"] or {}).get("admin1") == "Kidal"),
    # casualties: the claimed 84 + 47
    ("fatalities 131", lambda e: e["fatalities"] == 131),
    ("84 killed, victims Wagner", _casualty(84, "Wagner")),
    ("47 killed", _casualty(47)),
    ("flag claimed", lambda e: "claimed" in e["flags"]),
]


@pytest.mark.parametrize(("label", "check"), AMBUSH_CHECKS, ids=[label for label, _ in AMBUSH_CHECKS])
def test_ambush_fields(ambush: Record, label: str, check: Callable[[Record], bool]) -> None:
    assert check(ambush), f"{label}:" + describe_all([ambush])


# ---------------------------------------------------------------------------------------------
# the AES joint task force, and no aggregate passed off as one event


def test_aes_agreement_is_found(seed_events: list[Record]) -> None:
    events = in_doc(seed_events, AES_DOC)
    found = [e for e in events if e["event_type"] == "Strategic developments" and e["sub_event_type"] == "Agreement"]
    assert found, "events of the article:" + describe_all(events)


def test_no_event_has_the_aggregate_toll(seed_events: list[Record]) -> None:
    offending = [event for event in seed_events if event["fatalities"] == 850]
    assert offending == [], "events with 850 fatalities:" + describe_all(offending)


# ---------------------------------------------------------------------------------------------
# the independent scorer


def test_scorer_recall_is_complete(shared: Path, seed_lines: list[str], tmp_path: Path) -> None:
    predictions = tmp_path / "seeds.jsonl"
    predictions.write_text("".join(line + "\n" for line in seed_lines), encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            str(shared / "tools" / "score.py"),
            str(shared / "corpus" / "seeds" / "gold.jsonl"),
            str(predictions),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    scores = json.loads(done.stdout.strip().splitlines()[-1])
    assert scores["recall"] == 1.0, scores

"""Stable event ids: an edit that changes no event changes no id, and `diff` stays quiet.

Ids used to hash the evidence offsets, so a longer headline renamed every event after it. Now an
id hashes the article and the event's content (date, place, type, sides, ordinal among equals).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import FIXTURES
from test_diff import run_diff
from test_writers import actor, make_event

from sahel_extract import Extractor
from sahel_extract.ids import identify
from sahel_extract.models import Article, Event, Evidence
from sahel_extract.readers import iter_articles

# multi-event articles, English and French; the headline is part of the first event's evidence only
EDITED = [
    "en_02_convoy_ambush_dori.txt",
    "en_14_historical_ouallam.txt",
    "en_16_ied_tera.txt",
    "en_18_background_markala.txt",
    "fr_09_bilan_alourdi_tillia.txt",
    "fr_10_contexte_dablo.txt",
]


def events_of(extractor: Extractor, path: Path) -> list[Event]:
    (article,) = iter_articles([str(path)])
    assert isinstance(article, Article)
    return extractor.extract(article)


def edit_headline(text: str) -> str:
    """A wire service's update of the same story: a longer headline, every offset after it moved."""
    lines = text.split("\n")
    at = 1 if lines[0].startswith("date ") else 0
    lines[at] = f"Exclusive: {lines[at]}, witnesses and officials say"
    return "\n".join(lines)


@pytest.mark.parametrize("name", EDITED)
def test_a_headline_edit_changes_no_id_and_diff_reports_only_the_headline(extractor: Extractor, tmp_path: Path, name: str) -> None:
    before_dir, after_dir = tmp_path / "before", tmp_path / "after"
    before_dir.mkdir()
    after_dir.mkdir()
    source = (FIXTURES / "articles" / name).read_text(encoding="utf-8")
    (before_dir / name).write_text(source, encoding="utf-8")
    (after_dir / name).write_text(edit_headline(source), encoding="utf-8")
    before = events_of(extractor, before_dir / name)
    after = events_of(extractor, after_dir / name)
    assert len(before) >= 2
    assert [e.event_id for e in after] == [e.event_id for e in before]
    # every offset did move: the old offset-hash would have renamed every event
    assert all(a.evidence[-1].start > b.evidence[-1].start for a, b in zip(after, before, strict=True))
    # by default only a changed sentence is a change: the headline, in the lead event's evidence
    quiet = run_diff(tmp_path, before, after, "--json")
    reported = [json.loads(line) for line in quiet.stdout.splitlines()]
    assert [(d["kind"], d["event_id_old"], [c["field"] for c in d["changes"]]) for d in reported] == [
        ("changed", before[0].event_id, ["evidence"])
    ]
    # with --offsets every event whose evidence moved is reported, and nothing but its evidence
    loud = run_diff(tmp_path, before, after, "--json", "--offsets")
    moved = [json.loads(line) for line in loud.stdout.splitlines()]
    assert [d["event_id_old"] for d in moved] == [e.event_id for e in before]
    assert {c["field"] for d in moved for c in d["changes"]} == {"evidence"}

BASE = make_event(
    "provisional",
    actors=[actor("JNIM", "Rebel group", "initiator"), actor("FAMa", "State forces", "target")],
)


def ids(*events: Event, doc_id: str = "doc") -> list[str]:
    return [e.event_id for e in identify(Article(text="x"), doc_id, list(events))]


@pytest.mark.parametrize(
    ("change", "same"),
    [
        # what an analyst reads as the same event keeps its id
        ({"fatalities": 3}, True),
        ({"evidence": [Evidence(sentence="Reworded.", start=900, end=909)]}, True),
        ({"flags": ["disputed"]}, True),
        ({"confidence": 0.3}, True),
        ({"date_text": "on Saturday"}, True),
        ({"actors": [actor("JNIM", "Rebel group", "initiator"), actor("FAMa", "State forces", "target"),
                     actor("Katiba Macina", "Rebel group", "associated")]}, True),
        ({"actors": list(reversed(BASE.actors))}, True),  # the order actors are mentioned in
        # a different date, place, type or side is a different event
        ({"event_date": "2024-07-28"}, False),
        ({"date_precision": "week"}, False),
        ({"location": BASE.location.model_copy(update={"name": "Kidal"}) if BASE.location else None}, False),
        ({"location": None}, False),
        ({"event_type": "Violence against civilians", "sub_event_type": "Attack"}, False),
        ({"sub_event_type": "Government regains territory"}, False),
        ({"actors": [actor("ISSP", "Rebel group", "initiator"), actor("FAMa", "State forces", "target")]}, False),
        ({"actors": [actor("JNIM", "Rebel group", "target"), actor("FAMa", "State forces", "initiator")]}, False),
    ],
)
def test_what_the_id_depends_on(change: dict[str, object], same: bool) -> None:
    (first,) = ids(BASE)
    (second,) = ids(BASE.model_copy(update=change))
    assert (first == second) is same


def test_equal_events_of_one_article_are_told_apart_by_their_order() -> None:
    first, second, other = ids(BASE, BASE, BASE.model_copy(update={"event_date": "2024-07-28"}))
    assert len({first, second, other}) == 3
    # an event inserted before them of other content leaves both ids as they were
    assert ids(BASE.model_copy(update={"event_date": "2024-07-01"}), BASE, BASE)[1:] == [first, second]


def test_the_article_is_part_of_the_id() -> None:
    assert ids(BASE, doc_id="a") != ids(BASE, doc_id="b")


def test_identify_carries_the_articles_url_and_title() -> None:
    article = Article(text="x", url="https://example.org/a", title="A headline")
    (event,) = identify(article, "doc", [BASE])
    assert (event.url, event.title, len(event.event_id)) == ("https://example.org/a", "A headline", 16)

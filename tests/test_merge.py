"""`merge`: one record per incident across articles (issue #19).

Most tests are tables of hand-built event records: which reports an analyst would join, which
not, and what the joined record says. The end-to-end tests run the extractor on the invented
articles of tests/data/merge/ and assert only which articles end up together, since the
extraction rules change often; the exact fields are the unit tests' business.
"""

from __future__ import annotations

import itertools
import json
import random
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
from conftest import SHARED
from typer.testing import CliRunner

from sahel_extract import Extractor
from sahel_extract.cli import app as main_app
from sahel_extract.cli_review import register
from sahel_extract.errors import EventFileError, InputError
from sahel_extract.models import ActorMention, Casualty, Event, Evidence, Location
from sahel_extract.readers import iter_articles
from sahel_extract.review.merge import (
    MergeOptions,
    MergingWriter,
    Spool,
    merge_events,
    merge_sorted,
    read_events,
    reconcile_toll,
)
from sahel_extract.review.summary import summarise
from sahel_extract.writers import CSV_COLUMNS, open_writer

DATA = Path(__file__).parent / "data" / "merge"

# ---------------------------------------------------------------------------------------------
# hand-built records


def place(
    name: str,
    lat: float | None,
    lon: float | None,
    *,
    admin1: str | None = "Sahel",
    country: str = "BF",
    precision: int = 1,
    geonames_id: int | None = None,
) -> Location:
    return Location(
        name=name,
        country_code=country,
        admin1=admin1,
        latitude=lat,
        longitude=lon,
        geonames_id=geonames_id,
        precision=precision,  # type: ignore[arg-type]
        mention=name,
        start=0,
        end=len(name),
    )


DJIBO = place("Djibo", 14.10, -1.63, geonames_id=1)
DJIBO_NAME_ONLY = place("Djibo", None, None)
NEAR_DJIBO = place("Djibo", 14.20, -1.70, precision=2)  # "near Djibo", 13 km off
BELEHEDE = place("Belehede", 14.20, -1.45)  # 22 km from Djibo: another village
ARBINDA = place("Arbinda", 14.23, -0.87, geonames_id=2)
SAHEL = place("Sahel", 14.0, -0.5, precision=3)  # the region only
CENTRE_NORD = place("Centre-Nord", 13.3, -1.1, admin1="Centre-Nord", precision=3)
BURKINA = place("Burkina Faso", 12.3, -1.6, admin1=None, precision=3)
KOLONI_SAHEL = place("Koloni", 14.3, -0.4, geonames_id=3)  # a homonym pair in two regions
KOLONI_EST = place("Koloni", 12.1, 0.4, admin1="Est", geonames_id=4)
TIN_HAMA = place("Tin-Hama", 15.0, 0.5, admin1="Gao", country="ML")  # not in the gazetteer
TIN_HAMMA = place("Tin Hamma", 16.2, 0.1, admin1="Gao", country="ML")
DARGO = place("Dargo", 13.00, 1.00, geonames_id=6)
DARGOL = place("Dargol", 13.20, 1.10, geonames_id=7)  # 25 km off, a name one letter longer
TIN_HAMA_LISTED = place("Tin-Hama", 15.0, 0.5, admin1="Gao", country="ML", geonames_id=5)
DJIBO_IN_MALI = place("Djibo", 14.10, -1.63, country="ML")
# villages the gazetteer lacks, as the extractor writes them: precision 3, the region's coordinates
KOBOUGA = place("Kobouga", 14.0, -0.5, precision=3)
KOBOUGA_FR = place("Koubouga", 14.0, -0.5, precision=3)
SAMBOUA = place("Samboua", 14.0, -0.5, precision=3)
UNLISTED = (TIN_HAMA, TIN_HAMMA, KOBOUGA, KOBOUGA_FR, SAMBOUA)

ATTACKERS = {
    "gunmen": ("Unidentified armed group", "Political militia"),
    "JNIM": ("JNIM", "Political militia"),
    "ISSP": ("ISSP", "Political militia"),
    "army": ("Burkina Faso forces", "State forces"),
    "VDP": ("VDP", "Political militia"),
    "civilians": ("Civilians", "Civilians"),
}


def actors(initiator: str, target: str) -> list[ActorMention]:
    found = []
    for key, role in ((initiator, "initiator"), (target, "target")):
        name, kind = ATTACKERS[key]
        found.append(ActorMention(name=name, type=kind, role=role, mention=name, start=0, end=len(name)))  # type: ignore[arg-type]
    return found


def report(
    doc: str,
    n: int = 0,
    *,
    date: str | None = "2024-05-12",
    precision: str | None = "day",
    where: Location | None = DJIBO,
    kind: str = "Violence against civilians",
    sub: str = "Attack",
    by: str = "gunmen",
    on: str = "civilians",
    killed: int | None = None,
    published: str | None = "2024-05-13",
    flags: tuple[str, ...] = (),
    date_text: str | None = "on Sunday",
    sentence: str | None = None,
) -> Event:
    """One article's event; every argument is a field an analyst would compare."""
    text = sentence or f"{doc}: sentence {n}."
    extra_flags = ["not_in_gazetteer"] if where in UNLISTED else []
    return Event(
        event_id=f"{doc}-{n}",
        doc_id=doc,
        source=f"https://news.example/{doc}",
        published=published,
        event_date=date,
        date_precision=precision,  # type: ignore[arg-type]
        date_text=date_text,
        event_type=kind,  # type: ignore[arg-type]
        sub_event_type=sub,
        actors=actors(by, on),
        location=where,
        fatalities=killed,
        casualties=[Casualty(kind="killed", count=killed, low=killed, high=killed, text=f"{killed} killed", start=0, end=9)]
        if killed is not None
        else [],
        flags=sorted({*flags, *extra_flags}),  # type: ignore[arg-type]
        evidence=[Evidence(sentence=text, start=0, end=len(text))],
        confidence=0.8,
        extractor="sahel-extract test",
    )


def groups(events: list[Event], options: MergeOptions | None = None) -> list[list[str]]:
    """The event_ids each merged record joins, sorted, for comparing with a table."""
    merged = merge_events(events, options)
    return sorted(sorted(source.event_id for source in record.sources or []) for record in merged)


def merged_one(events: list[Event]) -> Event:
    records = list(merge_events(events))
    assert len(records) == 1, [[s.event_id for s in r.sources or []] for r in records]
    return records[0]


NIGHT = "in the night of 12 to 13 May"

# ---------------------------------------------------------------------------------------------
# which reports are one incident

CASES: list[tuple[str, list[Event], list[list[str]]]] = [
    # pairs: one incident
    ("English and French reports", [report("en"), report("fr", date_text="dimanche")], [["en-0", "fr-0"]]),
    ("revised toll", [report("a", killed=12), report("b", killed=30, published="2024-05-16")], [["a-0", "b-0"]]),
    ("region first, then village", [report("a", where=SAHEL), report("b", published="2024-05-15")], [["a-0", "b-0"]]),
    ("country first, then town", [report("a", where=BURKINA), report("b")], [["a-0", "b-0"]]),
    ("two region-level reports", [report("a", where=SAHEL), report("b", where=SAHEL)], [["a-0", "b-0"]]),
    ("near the town (13 km)", [report("a"), report("b", where=NEAR_DJIBO)], [["a-0", "b-0"]]),
    ("same name, no coordinates", [report("a"), report("b", where=DJIBO_NAME_ONLY)], [["a-0", "b-0"]]),
    ("spelling variant, unlisted", [report("a", where=TIN_HAMA), report("b", where=TIN_HAMMA)], [["a-0", "b-0"]]),
    ("spelling variant, one listed", [report("a", where=TIN_HAMA_LISTED), report("b", where=TIN_HAMMA)], [["a-0", "b-0"]]),
    ("variant a night apart", [report("a", where=TIN_HAMA_LISTED, date_text=NIGHT), report("b", where=TIN_HAMMA, date="2024-05-13")], [["a-0", "b-0"]]),
    ("night attack, next day", [report("a", date_text=NIGHT), report("b", date="2024-05-13")], [["a-0", "b-0"]]),
    ("night in the sentence", [report("a", sentence="Overnight, gunmen raided Djibo."), report("b", date="2024-05-11")], [["a-0", "b-0"]]),
    ("a clash and a massacre", [report("a", kind="Battles", sub="Armed clash"), report("b")], [["a-0", "b-0"]]),
    ("protest turned riot", [report("a", kind="Protests", sub="Peaceful protest", by="civilians", on="army"), report("b", kind="Riots", sub="Violent demonstration", by="civilians", on="army")], [["a-0", "b-0"]]),
    ("attack claimed by two groups", [report("a", by="JNIM", on="army", kind="Battles"), report("b", by="ISSP", on="army", kind="Battles")], [["a-0", "b-0"]]),
    ("named attacker, gunmen", [report("a", by="JNIM"), report("b")], [["a-0", "b-0"]]),
    ("unlisted village named twice", [report("a", where=KOBOUGA), report("b", where=KOBOUGA)], [["a-0", "b-0"]]),
    ("unlisted village, two spellings", [report("en", where=KOBOUGA), report("fr", where=KOBOUGA_FR)], [["en-0", "fr-0"]]),
    ("unlisted village, then the region", [report("a", where=KOBOUGA), report("b", where=SAHEL)], [["a-0", "b-0"]]),
    ("week joins its only match", [report("a", date="2024-05-10", precision="week"), report("b")], [["a-0", "b-0"]]),
    ("month joins its only match", [report("a", date="2024-05", precision="month"), report("b")], [["a-0", "b-0"]]),
    # pairs: two incidents
    ("two villages, one region, one day", [report("a"), report("b", where=ARBINDA)], [["a-0"], ["b-0"]]),
    ("villages 22 km apart", [report("a"), report("b", where=BELEHEDE)], [["a-0"], ["b-0"]]),
    ("similar names, two gazetteer rows", [report("a", where=DARGO), report("b", where=DARGOL)], [["a-0"], ["b-0"]]),
    ("homonyms in two regions", [report("a", where=KOLONI_SAHEL), report("b", where=KOLONI_EST)], [["a-0"], ["b-0"]]),
    ("region does not hold the village", [report("a", where=CENTRE_NORD), report("b")], [["a-0"], ["b-0"]]),
    ("two countries", [report("a"), report("b", where=DJIBO_IN_MALI)], [["a-0"], ["b-0"]]),
    ("next day, no night", [report("a"), report("b", date="2024-05-13")], [["a-0"], ["b-0"]]),
    ("two days apart, at night", [report("a", date_text=NIGHT), report("b", date="2024-05-14", date_text=NIGHT)], [["a-0"], ["b-0"]]),
    ("a protest and an attack", [report("a", kind="Protests", sub="Peaceful protest", by="civilians", on="army"), report("b")], [["a-0"], ["b-0"]]),
    ("two attackers, two targets", [report("a", by="JNIM", on="army", kind="Battles"), report("b", by="ISSP", on="VDP", kind="Battles")], [["a-0"], ["b-0"]]),
    ("unlisted village beside a town of its region", [report("a"), report("b", where=KOBOUGA)], [["a-0"], ["b-0"]]),
    ("two unlisted villages of one region", [report("a", where=KOBOUGA), report("b", where=SAMBOUA)], [["a-0"], ["b-0"]]),
    ("one article's two events", [report("a", 0), report("a", 1)], [["a-0"], ["a-1"]]),
    ("no place", [report("a", where=None), report("b", where=None)], [["a-0"], ["b-0"]]),
    ("no date", [report("a", date=None, precision=None), report("b", date=None, precision=None)], [["a-0"], ["b-0"]]),
    ("a year is too vague", [report("a", date="2024", precision="year"), report("b")], [["a-0"], ["b-0"]]),
    ("aggregates stay apart", [report("a", flags=("aggregate",)), report("b")], [["a-0"], ["b-0"]]),
    # triples
    ("English, French, revision", [report("en", killed=12), report("fr", killed=15, published="2024-05-14"), report("up", killed=31, published="2024-05-17")], [["en-0", "fr-0", "up-0"]]),
    ("region report beside a town and an unlisted village", [report("a"), report("b", where=KOBOUGA), report("c", where=SAHEL)], [["a-0"], ["b-0"], ["c-0"]]),
    ("region report beside two attacks", [report("a"), report("b", where=ARBINDA, kind="Battles", sub="Armed clash"), report("c", where=SAHEL)], [["a-0"], ["b-0"], ["c-0"]]),
    ("country report beside two attacks", [report("a"), report("b", where=ARBINDA), report("c", where=BURKINA)], [["a-0"], ["b-0"], ["c-0"]]),
    ("week beside two attacks in one place", [report("a", 0, kind="Battles", sub="Armed clash"), report("a", 1, date="2024-05-14"), report("c", date="2024-05-13", precision="week")], [["a-0"], ["a-1"], ["c-0"]]),
    ("one article's two events, a third report", [report("a", 0), report("a", 1, where=ARBINDA), report("b", where=ARBINDA)], [["a-0"], ["a-1", "b-0"]]),
    ("the better fit wins", [report("a", 0, kind="Battles", sub="Armed clash", by="JNIM", on="army"), report("a", 1), report("b")], [["a-0"], ["a-1", "b-0"]]),
    ("chain through the night rule", [report("a", date_text=NIGHT), report("b", date="2024-05-13", date_text=NIGHT), report("c", date="2024-05-14", date_text=NIGHT)], [["a-0", "b-0"], ["c-0"]]),
]


@pytest.mark.parametrize(("label", "events", "expected"), CASES, ids=[label for label, _, _ in CASES])
def test_which_reports_merge(label: str, events: list[Event], expected: list[list[str]]) -> None:
    assert groups(events) == sorted(expected)


@pytest.mark.parametrize(("label", "events", "expected"), CASES, ids=[label for label, _, _ in CASES])
def test_merge_is_the_same_whatever_the_order(label: str, events: list[Event], expected: list[list[str]]) -> None:
    first = [record.to_json() for record in merge_events(events)]
    for order in itertools.permutations(events):
        assert [record.to_json() for record in merge_events(list(order))] == first


def test_exact_duplicates_are_one_report() -> None:
    assert groups([report("a"), report("a"), report("b")]) == [["a-0", "b-0"]]


# ---------------------------------------------------------------------------------------------
# what the merged record says


TOLLS: list[tuple[str, list[tuple[str | None, int | None]], int | None, bool]] = [
    # (published, toll) per source, earliest first -> fatalities, disputed
    ("one figure", [("2024-05-13", 12)], 12, False),
    ("no figure", [("2024-05-13", None), ("2024-05-14", None)], None, False),
    ("same figure twice", [("2024-05-13", 12), ("2024-05-13", 12)], 12, False),
    ("revised upwards", [("2024-05-13", 12), ("2024-05-14", 15), ("2024-05-17", 31)], 31, False),
    ("a report without toll", [("2024-05-13", 12), ("2024-05-17", None)], 12, False),
    ("two figures one day", [("2024-05-16", 117), ("2024-05-16", 17)], 17, True),
    ("lower later", [("2024-05-13", 30), ("2024-05-15", 20)], 20, True),
    ("rise then fall", [("2024-05-13", 10), ("2024-05-14", 30), ("2024-05-15", 20)], 10, True),
    ("an undated report", [("2024-05-13", 10), (None, 30)], 10, True),
]


@pytest.mark.parametrize(("label", "tolls", "fatalities", "disputed"), TOLLS, ids=[t[0] for t in TOLLS])
def test_toll(label: str, tolls: list[tuple[str | None, int | None]], fatalities: int | None, disputed: bool) -> None:
    events = [report(f"d{n}", killed=killed, published=published) for n, (published, killed) in enumerate(tolls)]
    record = merged_one(events)
    assert (record.fatalities, "disputed" in record.flags) == (fatalities, disputed)
    assert [s.fatalities for s in record.sources or []] == [killed for _, killed in tolls]


def test_reconcile_toll_names_its_source() -> None:
    events = [report("a", killed=117, published="2024-05-16"), report("b", killed=17, published="2024-05-16")]
    record = merged_one(events)
    figure, disputed, source = reconcile_toll(record.sources or [])
    assert (figure, disputed, source and source.doc_id) == (17, True, "b")
    assert [c.count for c in record.casualties] == [17], "casualties come with the toll kept"


def test_the_most_precise_place_and_date() -> None:
    record = merged_one(
        [
            report("a", where=SAHEL, date="2024-05-10", precision="week", published="2024-05-13"),
            report("b", where=DJIBO, date_text="le 12 mai", published="2024-05-15"),
        ]
    )
    assert record.location == DJIBO
    assert (record.event_date, record.date_precision, record.date_text) == ("2024-05-12", "day", "le 12 mai")


def test_sources_and_identity() -> None:
    events = [report("fr", published="2024-05-14", killed=15), report("en", killed=12)]
    record = merged_one(events)
    assert [s.model_dump() for s in record.sources or []] == [
        {"doc_id": "en", "event_id": "en-0", "url": "https://news.example/en", "published": "2024-05-13", "fatalities": 12},
        {"doc_id": "fr", "event_id": "fr-0", "url": "https://news.example/fr", "published": "2024-05-14", "fatalities": 15},
    ]
    assert (record.doc_id, record.source, record.published) == ("en", "https://news.example/en", "2024-05-13")
    assert record.event_id not in ("en-0", "fr-0") and len(record.event_id) == 16
    assert merged_one(list(reversed(events))).event_id == record.event_id


def test_a_single_report_keeps_itself_and_one_source() -> None:
    event = report("a", killed=3)
    (record,) = merge_events([event])
    assert record.model_dump(exclude={"sources"}) == event.model_dump(exclude={"sources"})
    assert [s.event_id for s in record.sources or []] == ["a-0"]


def test_union_of_actors_and_evidence() -> None:
    shared = "Gunmen attacked the market of Djibo."
    record = merged_one(
        [
            report("a", by="JNIM", sentence=shared),
            report("b", published="2024-05-14", sentence=shared),
            report("c", published="2024-05-15", sentence="The toll rose."),
        ]
    )
    assert [a.name for a in record.actors] == ["Unidentified armed group", "Civilians", "JNIM"]
    assert [e.sentence for e in record.evidence] == [shared, "The toll rose."]


@pytest.mark.parametrize(
    ("flags_a", "flags_b", "expected"),
    [
        ((), (), []),
        (("claimed",), (), []),  # an independent report confirms the claim
        (("claimed",), ("claimed",), ["claimed"]),
        (("historical",), (), []),  # news to one of the articles
        (("historical",), ("historical",), ["historical"]),
        (("truncated",), (), ["truncated"]),
        (("disputed",), (), ["disputed"]),
    ],
)
def test_flags(flags_a: tuple[str, ...], flags_b: tuple[str, ...], expected: list[str]) -> None:
    assert merged_one([report("a", flags=flags_a), report("b", flags=flags_b)]).flags == expected


def test_type_of_the_most_reports_then_the_latest() -> None:
    clash = {"kind": "Battles", "sub": "Armed clash"}
    record = merged_one([report("a", **clash), report("b", published="2024-05-14"), report("c", published="2024-05-15", **clash)])
    assert (record.event_type, record.sub_event_type) == ("Battles", "Armed clash")
    record = merged_one([report("a", **clash), report("b", published="2024-05-14")])
    assert record.event_type == "Violence against civilians"


# ---------------------------------------------------------------------------------------------
# determinism and bounded memory


def _mixed_events(n: int, seed: int) -> list[Event]:
    rng = random.Random(seed)
    where = [DJIBO, NEAR_DJIBO, ARBINDA, BELEHEDE, SAHEL, BURKINA, KOLONI_EST, TIN_HAMA]
    events = []
    for i in range(n):
        day = f"2024-05-{rng.randint(10, 16):02d}"
        events.append(report(f"doc{rng.randint(0, n // 3)}", i, date=day, where=rng.choice(where), killed=rng.choice([None, 3, 5])))
    return events


def test_bytes_do_not_depend_on_order_or_spilling() -> None:
    events = _mixed_events(120, seed=7)
    expected = [record.to_json() for record in merge_events(events)]
    assert any(len(json.loads(line)["sources"]) > 1 for line in expected), "nothing merged: the test is vacuous"
    for seed in range(3):
        shuffled = events[:]
        random.Random(seed).shuffle(shuffled)
        assert [r.to_json() for r in merge_events(shuffled, MergeOptions(chunk_size=7))] == expected
    # one record per run: runs merged level by level before the last merge
    assert [r.to_json() for r in merge_events(events, MergeOptions(chunk_size=1))] == expected


def test_every_report_is_in_exactly_one_record() -> None:
    events = _mixed_events(200, seed=3)
    ids = [s.event_id for record in merge_events(events) for s in record.sources or []]
    assert sorted(ids) == sorted({e.event_id for e in events})


def test_spill_files_are_removed(tmp_path: Path) -> None:
    options = MergeOptions(chunk_size=5, temp_dir=str(tmp_path))
    spool = Spool(options)
    for event in _mixed_events(23, seed=1):
        spool.add(event)
    assert list(tmp_path.iterdir()), "nothing was spilled"
    assert len(list(merge_sorted(spool.drain(), options))) > 0
    assert list(tmp_path.iterdir()) == []


def test_output_is_sorted_by_country_then_date() -> None:
    records = list(merge_events([*_mixed_events(60, seed=5), report("m", where=DJIBO_IN_MALI)]))
    keys = [((r.location.country_code if r.location else "~") or "~", r.event_date or "") for r in records]
    assert keys == sorted(keys)


# ---------------------------------------------------------------------------------------------
# reading files, the CLI, the writers and summary on merged output


def _cli() -> typer.Typer:
    app = typer.Typer()
    register(app)
    return app


@pytest.fixture
def event_files(tmp_path: Path) -> tuple[Path, Path]:
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    first.write_text(report("en", killed=12).to_json() + "\n" + report("en", 1, where=ARBINDA).to_json() + "\n", encoding="utf-8")
    second.write_text("\n" + report("fr", killed=15, published="2024-05-14").to_json() + "\n", encoding="utf-8")
    return first, second


def test_cli_merge_files_and_stdin(event_files: tuple[Path, Path]) -> None:
    first, second = event_files
    result = CliRunner().invoke(_cli(), ["merge", str(first), str(second)])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [[s["doc_id"] for s in json.loads(line)["sources"]] for line in lines] == [["en", "fr"], ["en"]]
    piped = CliRunner().invoke(_cli(), ["merge", str(second), "-"], input=first.read_text(encoding="utf-8"))
    assert piped.stdout == result.stdout


def test_cli_merge_writes_output_file(event_files: tuple[Path, Path], tmp_path: Path) -> None:
    out = tmp_path / "merged.jsonl"
    result = CliRunner().invoke(_cli(), ["merge", *map(str, event_files), "-o", str(out)])
    assert (result.exit_code, result.stdout) == (0, "")
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{oops\n", "bad.jsonl:1: invalid JSON"),
        ('\n"text"\n', "bad.jsonl:2: expected a JSON object"),
        ('{"doc_id": "a"}\n', "bad.jsonl:1: 'event_id': Field required"),
        (b"\xff\xfe\n", "bad.jsonl:1: not valid UTF-8"),
    ],
)
def test_cli_merge_bad_input(tmp_path: Path, content: str | bytes, message: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    with pytest.raises(EventFileError, match=message):
        list(read_events([str(path)]))
    result = CliRunner().invoke(_cli(), ["merge", str(path)])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith("Error: ") and message in result.stderr and result.stderr.count("\n") == 1


def test_cli_merge_missing_file() -> None:
    result = CliRunner().invoke(_cli(), ["merge", "nope.jsonl"])
    assert (result.exit_code, result.stderr) == (2, "Error: nope.jsonl: No such file or directory\n")


def test_cli_merge_leaves_output_untouched_on_error(tmp_path: Path) -> None:
    out, bad = tmp_path / "merged.jsonl", tmp_path / "bad.jsonl"
    out.write_text("before\n", encoding="utf-8")
    bad.write_text(report("a").to_json() + "\n{oops\n", encoding="utf-8")
    result = CliRunner().invoke(_cli(), ["merge", str(bad), "-o", str(out)])
    assert result.exit_code == 2
    assert out.read_text(encoding="utf-8") == "before\n"


def test_csv_and_geojson_of_merged_records(event_files: tuple[Path, Path]) -> None:
    csv_out = CliRunner().invoke(_cli(), ["merge", *map(str, event_files), "--format", "csv"])
    header, row, _single = csv_out.stdout.splitlines()
    cells = dict(zip(header.split(","), row.split(","), strict=True))
    assert tuple(header.split(",")) == CSV_COLUMNS
    assert cells["doc_id"] == "en; fr"
    assert cells["source"] == "https://news.example/en; https://news.example/fr"
    geojson = json.loads(CliRunner().invoke(_cli(), ["merge", *map(str, event_files), "-f", "geojson"]).stdout)
    properties = geojson["features"][0]["properties"]
    assert [s["fatalities"] for s in properties["sources"]] == [12, 15]


def test_summary_counts_incidents_and_every_article(event_files: tuple[Path, Path], tmp_path: Path) -> None:
    out = tmp_path / "merged.jsonl"
    CliRunner().invoke(_cli(), ["merge", *map(str, event_files), "-o", str(out)])
    summary = summarise(out)
    assert (summary.events, summary.documents, summary.fatalities) == (2, 2, 15)


def test_merging_writer_writes_on_close(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    with out.open("w", encoding="utf-8") as handle:
        writer = MergingWriter(open_writer("jsonl", handle))
        for event in (report("a"), report("b")):
            writer.write(event)
        assert out.read_text(encoding="utf-8") == ""
        writer.close()
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1


# ---------------------------------------------------------------------------------------------
# end to end: invented articles in two languages


E2E_TOGETHER = [
    {"en-djibo-first", "fr-djibo", "en-djibo-toll"},  # English, French, then a revised toll
    {"en-mouhoun-region", "fr-tougan"},  # a region-level first report, then the village
]
E2E_APART = ["en-arbinda", "en-sahel-region", "en-gao"]  # same region and day as Djibo; competing; elsewhere


@pytest.fixture(scope="module")
def e2e_events(extractor: Extractor) -> list[Event]:
    events = []
    for item in iter_articles([str(DATA)]):
        assert not isinstance(item, InputError), item
        events.extend(extractor.extract(item))
    return events


def _doc_groups(records: list[Event]) -> list[set[str]]:
    return [{s.doc_id for s in record.sources or []} for record in records]


def test_e2e_reports_of_one_incident_share_a_record(e2e_events: list[Event]) -> None:
    found = _doc_groups(list(merge_events(e2e_events)))
    for together in E2E_TOGETHER:
        assert any(together <= docs for docs in found), (together, found)


def test_e2e_other_incidents_stay_apart(e2e_events: list[Event]) -> None:
    for docs in _doc_groups(list(merge_events(e2e_events))):
        if docs & set(E2E_APART):
            assert len(docs) == 1, docs
        assert not any(docs & a and docs & b for a, b in itertools.combinations(E2E_TOGETHER, 2)), docs


def test_e2e_extract_merge_equals_extract_then_merge(tmp_path: Path) -> None:
    runner = CliRunner()
    extracted = runner.invoke(main_app, ["extract", "--jobs", "1", str(DATA)])
    assert extracted.exit_code == 0, extracted.stderr
    (tmp_path / "events.jsonl").write_text(extracted.stdout, encoding="utf-8")
    merged = runner.invoke(main_app, ["merge", str(tmp_path / "events.jsonl")])
    both = runner.invoke(main_app, ["extract", "--jobs", "1", "--merge", str(DATA)])
    assert both.exit_code == 0, both.stderr
    assert both.stdout == merged.stdout != ""


@pytest.mark.parametrize("options", [["--resume", "-o", "x.jsonl"], ["--engine", "dask"]])
def test_extract_merge_refuses_what_it_cannot_do(options: list[str]) -> None:
    result = CliRunner().invoke(main_app, ["extract", "--merge", *options, str(DATA)])
    assert result.exit_code == 2
    assert "--merge" in result.stderr


# ---------------------------------------------------------------------------------------------
# the shared news corpus (issue #19's pairwise figures; skipped without ../shared)


def test_news_pairwise_figures_with_perfect_extraction() -> None:
    """The gold events themselves, merged: what the merge does when extraction is right."""
    if not (SHARED / "corpus" / "news" / "gold.jsonl").is_file():
        pytest.skip("../shared/ is not present on this machine")
    import importlib.util

    spec = importlib.util.spec_from_file_location("merge_pairs", Path(__file__).parents[1] / "bench" / "merge_pairs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)  # its dataclasses look their module up
    spec.loader.exec_module(module)
    figures: dict[str, Any] = module.measure(None, None)
    assert figures["recall"] == figures["ceiling"]  # every pair a merge may keep together
    assert figures["precision"] >= 0.95


@pytest.mark.parametrize(("label", "events", "expected"), CASES, ids=[label for label, _, _ in CASES])
def test_merging_merged_output_changes_nothing(label: str, events: list[Event], expected: list[list[str]]) -> None:
    """An archive merged last month and merged again with nothing new keeps its bytes: a merged
    record matches as its reports did (its `sources` name every article it holds)."""
    once = list(merge_events(events))
    assert [record.to_json() for record in merge_events(once)] == [record.to_json() for record in once]

"""`report`: what the page carries (highlights, escaping, timeline, map, diff, links) and the CLI.

The page's behaviour in a browser (filters, marks, export) is tested in test_report_browser.py;
here the HTML and the JSON block it embeds are read as text.
"""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from sahel_extract.cli_review import register
from sahel_extract.models import ActorMention, Casualty, Event, Evidence, Location
from sahel_extract.review.diff import diff_events
from sahel_extract.review.report import build_report, event_spans, load_outlines

# An invented article: markup in it must come out as text, never as page structure.
ARTICLE = (
    "Gunmen killed 14 soldiers near Djibo on Sunday, the army said. "
    '<script>window.pwned = 1</script> <img src=x onerror="window.pwned = 2"> & more.\n\n'
    "The attackers, believed to be JNIM fighters, fled toward the border."
)
FIRST = ARTICLE.index(" <script>")
SECOND = ARTICLE.index("The attackers")


def at(text: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = ARTICLE.index(text, start + 1)
    return start, start + len(text)


def article_event(doc: str = "djibo", **fields: Any) -> Event:
    """An event of ARTICLE with offsets computed from the text, as the extractor writes them."""
    place, gunmen, soldiers, toll, jnim = at("near Djibo"), at("Gunmen"), at("soldiers"), at("14 soldiers"), at("JNIM")
    base = Event(
        event_id=f"{doc}-0",
        doc_id=doc,
        source=f"{doc}.txt",
        published="2024-07-30",
        event_date="2024-07-28",
        date_precision="day",
        date_text="on Sunday",
        event_type="Battles",
        sub_event_type="Armed clash",
        actors=[
            ActorMention(name="JNIM", type="Rebel group", role="initiator", mention="JNIM", start=jnim[0], end=jnim[1]),
            ActorMention(
                name="Burkina Faso forces",
                type="State forces",
                role="target",
                mention="soldiers",
                start=soldiers[0],
                end=soldiers[1],
            ),
            ActorMention(
                name="Unidentified armed group",
                type="Political militia",
                role="initiator",
                mention="Gunmen",
                start=gunmen[0],
                end=gunmen[1],
            ),
        ],
        location=Location(
            name="Djibo",
            country="Burkina Faso",
            country_code="BF",
            admin1="Sahel",
            latitude=14.1,
            longitude=-1.63,
            precision=2,
            mention="near Djibo",
            start=place[0],
            end=place[1],
        ),
        fatalities=14,
        casualties=[
            Casualty(
                kind="killed",
                count=14,
                low=14,
                high=14,
                victims="soldiers",
                text="14 soldiers",
                start=toll[0],
                end=toll[1],
            )
        ],
        evidence=[
            Evidence(sentence=ARTICLE[:FIRST], start=0, end=FIRST),
            Evidence(sentence=ARTICLE[SECOND:], start=SECOND, end=len(ARTICLE)),
        ],
        confidence=0.9,
        extractor="sahel-extract test",
    )
    return base.model_copy(update=fields)


def write_events(path: Path, events: list[Event], extra: dict[str, Any] | None = None) -> Path:
    lines = []
    for event in events:
        record = json.loads(event.to_json())
        record.update(extra or {})
        lines.append(json.dumps(record, ensure_ascii=False) + "\n")
    path.write_text("".join(lines), encoding="utf-8")
    return path


def page_data(page: str) -> dict[str, Any]:
    match = re.search(r'<script type="application/json" id="report-data">(.*?)</script>', page, re.DOTALL)
    assert match is not None
    data: dict[str, Any] = json.loads(match[1])
    return data


@pytest.fixture
def article_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "djibo.txt").write_text(ARTICLE, encoding="utf-8")
    return folder


# --- highlights from the record's offsets -----------------------------------------------------------

SPANS = [
    # (kind, the characters highlighted, the label shown on hover)
    ("actor", "Gunmen", "initiator: Unidentified armed group"),
    ("toll", "14 soldiers", "killed: 14"),
    ("actor", "soldiers", "target: Burkina Faso forces"),
    ("place", "near Djibo", "place: Djibo"),
    ("date", "on Sunday", "date: 2024-07-28"),
    ("actor", "JNIM", "initiator: JNIM"),
]


def test_spans_come_from_the_record_offsets() -> None:
    spans = event_spans(article_event())
    assert [(s.kind, ARTICLE[s.start : s.end], s.label) for s in spans] == SPANS


@pytest.mark.parametrize(
    ("date_text", "found"),
    [
        ("on Sunday", "on Sunday"),  # exact
        ("On Sunday", "on Sunday"),  # case differs: still found
        ("last Friday", None),  # not in the evidence: no date highlight, nothing painted wrong
        (None, None),
    ],
)
def test_date_span_is_found_in_the_evidence(date_text: str | None, found: str | None) -> None:
    spans = [s for s in event_spans(article_event(date_text=date_text)) if s.kind == "date"]
    assert [ARTICLE[s.start : s.end] for s in spans] == ([found] if found else [])


def test_page_carries_article_spans_and_evidence(tmp_path: Path, article_dir: Path) -> None:
    events = write_events(tmp_path / "e.jsonl", [article_event()])
    page, stats = build_report(events, articles=[str(article_dir)])
    data = page_data(page)
    (event,) = data["events"]
    (doc,) = data["docs"]
    assert (stats.events, stats.documents, stats.articles_found) == (1, 1, 1)
    assert doc["text"] == ARTICLE
    # sentences travel once, in the article text, as offsets
    assert event["evidence"] == [[0, FIRST, None], [SECOND, len(ARTICLE), None]]
    assert [(kind, ARTICLE[s:e], label) for s, e, kind, label in event["spans"]] == SPANS


def test_without_the_article_the_records_sentences_travel(tmp_path: Path) -> None:
    events = write_events(tmp_path / "e.jsonl", [article_event()])
    page, stats = build_report(events)
    data = page_data(page)
    assert stats.articles_found == 0
    assert data["docs"][0]["text"] is None
    assert data["events"][0]["evidence"] == [[0, FIRST, ARTICLE[:FIRST]], [SECOND, len(ARTICLE), ARTICLE[SECOND:]]]
    assert "Article text found for 0 of 1 documents" in page


def test_an_article_edited_since_the_extraction_is_not_used(tmp_path: Path, article_dir: Path) -> None:
    (article_dir / "djibo.txt").write_text("Breaking: " + ARTICLE, encoding="utf-8")
    events = write_events(tmp_path / "e.jsonl", [article_event()])
    _, stats = build_report(events, articles=[str(article_dir)])
    assert stats.articles_found == 0


@pytest.mark.parametrize("jsonl", [False, True])
def test_the_records_source_path_is_read_when_no_articles_are_given(
    tmp_path: Path, article_dir: Path, jsonl: bool
) -> None:
    if jsonl:  # a JSON Lines article file: extract names the source `file:line`
        lines = tmp_path / "articles.jsonl"
        lines.write_text(
            json.dumps({"id": "other", "text": "Nothing happened."})
            + "\n"
            + json.dumps({"id": "djibo", "text": ARTICLE})
            + "\n",
            encoding="utf-8",
        )
        source = f"{lines}:2"
    else:
        source = str(article_dir / "djibo.txt")
    events = write_events(tmp_path / "e.jsonl", [article_event(source=source)])
    page, stats = build_report(events)
    assert stats.articles_found == 1
    assert page_data(page)["docs"][0]["text"] == ARTICLE


# --- nothing from the input can become markup -------------------------------------------------------


def test_article_markup_stays_text(tmp_path: Path, article_dir: Path) -> None:
    hostile = '"><script>window.pwned = 3</script>'
    events = write_events(tmp_path / "e.jsonl", [article_event()], {"title": hostile, "url": "https://example.org/a"})
    page, _ = build_report(events, articles=[str(article_dir)], title=hostile)
    assert page.count("<script") == 2  # the data block and the page's own script
    assert "<img" not in page
    assert "&#34;&gt;&lt;script&gt;" in page  # the title in <title> and <h1>, escaped
    data = page_data(page)
    assert data["docs"][0]["text"] == ARTICLE  # escaping in the JSON block loses nothing
    assert data["docs"][0]["title"] == hostile


def test_the_page_allows_no_connection_and_only_its_own_script(tmp_path: Path) -> None:
    page, _ = build_report(write_events(tmp_path / "e.jsonl", [article_event()]))
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert policy is not None
    assert "default-src 'none'" in policy[1] and "connect-src 'none'" in policy[1]
    assert re.search(r"script-src 'sha256-[A-Za-z0-9+/=]+'", policy[1])
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", page)  # nothing loaded from anywhere


@pytest.mark.parametrize(
    ("extra", "article_url", "expected"),
    [
        (
            {"url": "https://news.example/a", "title": "Ambush near Djibo"},
            None,
            ("https://news.example/a", "Ambush near Djibo"),
        ),
        ({}, "https://paper.example/b", ("https://paper.example/b", None)),  # the article's front matter
        ({"url": "javascript:alert(1)"}, None, (None, None)),  # only web links become links
        ({}, None, (None, None)),
    ],
)
def test_article_link(
    tmp_path: Path,
    article_dir: Path,
    extra: dict[str, Any],
    article_url: str | None,
    expected: tuple[str | None, str | None],
) -> None:
    if article_url:
        (article_dir / "djibo.txt").write_text(f"---\nurl: {article_url}\n---\n{ARTICLE}", encoding="utf-8")
    events = write_events(tmp_path / "e.jsonl", [article_event()], extra)
    page, _ = build_report(events, articles=[str(article_dir)])
    doc = page_data(page)["docs"][0]
    assert (doc["url"], doc["title"]) == expected


def test_same_input_same_bytes(tmp_path: Path, article_dir: Path) -> None:
    events = write_events(tmp_path / "e.jsonl", [article_event(), article_event("other")])
    assert build_report(events, articles=[str(article_dir)])[0] == build_report(events, articles=[str(article_dir)])[0]


# --- timeline ------------------------------------------------------------------------------------

TIMELINES = [
    # (events as (date, precision, fatalities)), unit, buckets as (start, events, fatalities), undated
    (
        [("2024-07-01", "day", 3), ("2024-07-07", "day", 2), ("2024-07-15", "week", None)],
        "week",
        [("2024-07-01", 2, 5), ("2024-07-08", 0, 0), ("2024-07-15", 1, 0)],
        0,
    ),
    (
        [("2024-07-10", "day", 1), ("2024-09", "month", 4), ("2024", "year", 9), (None, None, 2)],
        "month",
        [("2024-07-01", 1, 1), ("2024-08-01", 0, 0), ("2024-09-01", 1, 4)],
        2,
    ),
    (
        [("2024-01-05", "day", 1), ("2024-08-20", "day", 0)],  # over half a year apart: months
        "month",
        [(f"2024-{m:02d}-01", int(m in (1, 8)), int(m == 1)) for m in range(1, 9)],
        0,
    ),
    ([], "week", [], 0),
]


@pytest.mark.parametrize(("dated", "unit", "buckets", "undated"), TIMELINES)
def test_timeline(
    tmp_path: Path,
    dated: list[tuple[str | None, str | None, int | None]],
    unit: str,
    buckets: list[tuple[str, int, int]],
    undated: int,
) -> None:
    events = [
        article_event(f"d{n}", event_date=date, date_precision=precision, fatalities=dead)
        for n, (date, precision, dead) in enumerate(dated)
    ]
    page, _ = build_report(write_events(tmp_path / "e.jsonl", events))
    bars = re.findall(
        r'<rect class="bar" data-from="([\d-]+)".*?<title>[^:]+: (\d+) events, (\d+) killed</title>', page
    )
    assert bars[: len(bars) // 2] == [(start, str(n), str(dead)) for start, n, dead in buckets]
    assert f"events per {unit}" in page
    assert (f"{undated} events dated only to the year" in page) == bool(undated)


# --- map -----------------------------------------------------------------------------------------

# Towns well inside their country: the coarse outlines must put each in the right one.
TOWNS = [
    ("Bamako", -8.0, 12.65, "ML"),
    ("Mopti", -4.2, 14.49, "ML"),
    ("Timbuktu", -3.0, 16.77, "ML"),
    ("Gao", -0.04, 16.27, "ML"),
    ("Kidal", 1.41, 18.44, "ML"),
    ("Ouagadougou", -1.53, 12.37, "BF"),
    ("Dori", -0.03, 14.03, "BF"),
    ("Djibo", -1.63, 14.1, "BF"),
    ("Fada N'Gourma", 0.35, 12.06, "BF"),
    ("Bobo-Dioulasso", -4.3, 11.18, "BF"),
    ("Niamey", 2.11, 13.51, "NE"),
    ("Tillabéri", 1.45, 14.21, "NE"),
    ("Agadez", 7.99, 16.97, "NE"),
    ("Diffa", 12.61, 13.32, "NE"),
    ("Nouakchott", -15.98, 18.08, "MR"),
    ("Kano", 8.52, 12.0, "NG"),
]


def inside(lon: float, lat: float, ring: list[tuple[float, float]]) -> bool:
    """Ray casting: a point is inside when a ray to the east crosses the ring an odd number of times."""
    crossings = 0
    for (x1, y1), (x2, y2) in itertools.pairwise(ring):
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            crossings += 1
    return crossings % 2 == 1


@pytest.mark.parametrize(("town", "lon", "lat", "country"), TOWNS)
def test_outlines_put_towns_in_their_country(town: str, lon: float, lat: float, country: str) -> None:
    holders = [code for code, (_, _, _, ring) in load_outlines().countries.items() if inside(lon, lat, ring)]
    assert holders == [country], town


def test_map_draws_a_dot_per_located_event(tmp_path: Path) -> None:
    far = Location(
        name="Paris", country_code="FR", latitude=48.85, longitude=2.35, precision=1, mention="Paris", start=0, end=5
    )
    events = [article_event("a"), article_event("b", location=None), article_event("c", location=far)]
    page, _ = build_report(write_events(tmp_path / "e.jsonl", events))
    assert [dot[0] for dot in page_data(page)["dots"]] == [0]
    assert "2 of 3 events have coordinates (1 beyond West Africa, not drawn)" in page


# --- diff ----------------------------------------------------------------------------------------


def test_changes_are_paired_as_diff_pairs_them(tmp_path: Path) -> None:
    kept, changed, removed = article_event("a"), article_event("b"), article_event("c")
    old = write_events(tmp_path / "old.jsonl", [kept, changed, removed])
    new = write_events(
        tmp_path / "new.jsonl",
        [kept, changed.model_copy(update={"fatalities": 20, "event_id": "b-moved"}), article_event("d")],
    )
    page, _ = build_report(new, against=old)
    data = page_data(page)
    assert data["diff_kinds"] == {"0": "unchanged", "1": "changed", "2": "added"}
    expected = [d for d in diff_events(old, new) if d.kind != "unchanged"]
    # a changed event: a row per field; an added or removed one: one row, its picture
    assert re.findall(r'<tr class="change-row (\w+)"', page) == [
        d.kind for d in expected for _ in (d.changes if d.kind == "changed" else [None])
    ]
    assert '<td></td><td class="old">–</td><td class="new">2024-07-28 · Battles · Djibo · ' in page
    assert "1 added, 1 removed, 1 changed, 1 unchanged" in page
    assert '<td>fatalities</td><td class="old">14</td><td class="new">20</td>' in page


# --- the command ---------------------------------------------------------------------------------


def cli() -> typer.Typer:
    app = typer.Typer()
    register(app)
    return app


def test_cli_writes_the_page(tmp_path: Path, article_dir: Path) -> None:
    events = write_events(tmp_path / "e.jsonl", [article_event()])
    out = tmp_path / "report.html"
    result = CliRunner().invoke(cli(), ["report", str(events), "--articles", str(article_dir), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert result.stderr == ""


def test_cli_notes_missing_articles(tmp_path: Path) -> None:
    events = write_events(tmp_path / "e.jsonl", [article_event()])
    result = CliRunner().invoke(cli(), ["report", str(events), "-o", str(tmp_path / "r.html")])
    assert result.exit_code == 0
    assert result.stderr == (
        "note: article text found for 0 of 1 documents; the others show only the sentences their records carry\n"
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json\n", "e.jsonl:1: invalid JSON: Expecting value (column 1)"),
        ('{"event_id": "x"}\n', "e.jsonl:1: 'doc_id': Field required"),
        (
            article_event().to_json() + '\n{"doc_id": "a", "event_type": "Picnic"}\n',
            "e.jsonl:2: 'event_id': Field required",
        ),
    ],
)
def test_cli_bad_events_file(tmp_path: Path, content: str, message: str) -> None:
    events = tmp_path / "e.jsonl"
    events.write_text(content, encoding="utf-8")
    out = tmp_path / "r.html"
    result = CliRunner().invoke(cli(), ["report", str(events), "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr == f"Error: {tmp_path}/{message}\n"
    assert not out.exists()


def test_cli_output_into_a_missing_folder(tmp_path: Path) -> None:
    events = write_events(tmp_path / "e.jsonl", [article_event()])
    result = CliRunner().invoke(cli(), ["report", str(events), "-o", str(tmp_path / "no" / "r.html")])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1

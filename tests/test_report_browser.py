"""`report` in a real headless browser: the system's Chromium, driven by playwright.

The fixture articles (plus one invented article full of markup) are extracted, reported, and the
page is opened with every request routed: anything but the page's own file is refused and
counted. Skipped where Chromium (`apt-get install chromium`) or playwright is missing; nothing is
downloaded. The helpers `offline_page` and `generate` live in bench/report_bench.py, which
measures the same page at 10,000 events.
"""

from __future__ import annotations

import calendar
import concurrent.futures
import importlib.util
import json
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from sahel_extract import Extractor
from sahel_extract.errors import InputError
from sahel_extract.models import Event
from sahel_extract.readers import iter_articles
from sahel_extract.review.evaluate import evaluate
from sahel_extract.review.report import build_report, event_spans

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = Path(__file__).parent / "data" / "report"


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("report_bench", ROOT / "bench" / "report_bench.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bench = _bench()
pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install '.[test]')")
if bench.find_chromium() is None:
    pytest.skip("no Chromium on this machine (apt-get install chromium)", allow_module_level=True)


def extract_to(extractor: Extractor, paths: list[str], out: Path) -> list[Event]:
    events: list[Event] = []
    for article in iter_articles(paths):
        if not isinstance(article, InputError):
            events.extend(extractor.extract(article))
    out.write_text("".join(event.to_json() + "\n" for event in events), encoding="utf-8")
    return events


@pytest.fixture(scope="module")
def fixture_report(tmp_path_factory: pytest.TempPathFactory, extractor: Extractor) -> tuple[Path, Path, list[Event]]:
    """fixtures/articles + the markup article → extract → report (articles found by source path)."""
    folder = tmp_path_factory.mktemp("report")
    events_path = folder / "events.jsonl"
    events = extract_to(extractor, [str(ROOT / "fixtures" / "articles"), str(HOSTILE)], events_path)
    page, stats = build_report(events_path)
    assert stats.articles_found == stats.documents
    report = folder / "report.html"
    report.write_text(page, encoding="utf-8")
    return report, events_path, events


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One Chromium for the module; each test gets its own context (storage, downloads, routes)."""
    with bench.chromium() as launched:
        yield launched


@pytest.fixture
def page(fixture_report: tuple[Path, Path, list[Event]], browser: Any) -> Iterator[tuple[Any, list[str]]]:
    with bench.offline_page(browser=browser) as (browser_page, attempted):
        errors: list[str] = []
        browser_page.on("pageerror", lambda error: errors.append(str(error)))
        bench.open_report(browser_page, fixture_report[0])
        yield browser_page, attempted
        assert errors == []
        assert attempted == []  # no network request, whatever the test clicked


def shown(page: Any) -> int:
    return int(page.get_attribute("#shown", "data-shown"))


def wait_shown(page: Any, count: int) -> None:
    """Wait for the filters to settle on `count` events (polled from Python: the page's policy
    forbids the string evaluation playwright's wait_for_function would use)."""
    deadline = time.monotonic() + 10
    while shown(page) != count and time.monotonic() < deadline:
        page.wait_for_timeout(20)
    assert shown(page) == count


def select_event(page: Any, index: int) -> None:
    """Show event `index` (0-based) in the panel by clicking its row, drawing more rows (100 at a
    time, as a user scrolling down) until it is there."""
    row = page.locator(f'#events tbody tr[data-i="{index}"]')
    while row.count() == 0:
        page.click("#more")
    row.click()


# --- what the page shows -------------------------------------------------------------------------


def test_event_count_equals_the_records(
    page: tuple[Any, list[str]], fixture_report: tuple[Path, Path, list[Event]]
) -> None:
    browser_page, _ = page
    events = fixture_report[2]
    assert browser_page.get_attribute("#total", "data-total") == str(len(events))
    assert shown(browser_page) == len(events)
    assert browser_page.inner_text("#shown") == f"{len(events)} of {len(events)} events"
    assert len(events) < 100  # the table draws 100 rows at a time: all of them here
    assert browser_page.locator("#events tbody tr").count() == len(events)


@pytest.mark.parametrize(
    ("control", "value", "keeps"),
    [
        ("#f-type", "Violence against civilians", lambda e: e.event_type == "Violence against civilians"),
        ("#f-country", "Niger", lambda e: e.location is not None and e.location.country == "Niger"),
        ("#f-actor", "JNIM", lambda e: any(a.name == "JNIM" for a in e.actors)),
        ("#f-flag", "historical", lambda e: "historical" in e.flags),
        ("#f-admin1", "Mopti", lambda e: e.location is not None and e.location.admin1 == "Mopti"),
    ],
)
def test_a_filter_narrows_the_table(
    page: tuple[Any, list[str]], fixture_report: tuple[Path, Path, list[Event]], control: str, value: str, keeps: Any
) -> None:
    browser_page, _ = page
    events = fixture_report[2]
    expected = [n for n, event in enumerate(events) if keeps(event)]
    assert 0 < len(expected) < len(events)
    browser_page.select_option(control, value)
    wait_shown(browser_page, len(expected))
    rows = browser_page.eval_on_selector_all("#events tbody tr", "rows => rows.map(r => Number(r.dataset.i))")
    assert rows == expected
    browser_page.click("#filters button[type=reset]")
    wait_shown(browser_page, len(events))


def test_text_search_and_date_range(
    page: tuple[Any, list[str]], fixture_report: tuple[Path, Path, list[Event]]
) -> None:
    browser_page, _ = page
    events = fixture_report[2]
    browser_page.fill("#f-text", "boulkessi")
    expected = [
        n
        for n, e in enumerate(events)
        if any("boulkessi" in x.sentence.lower() for x in e.evidence)
        or (e.location is not None and e.location.name.lower() == "boulkessi")
    ]
    wait_shown(browser_page, len(expected))
    browser_page.fill("#f-text", "")
    browser_page.fill("#f-from", "2024-07-01")
    browser_page.fill("#f-to", "2024-07-31")
    in_july = [e for e in events if within(e, "2024-07-01", "2024-07-31")]
    wait_shown(browser_page, len(in_july))


def within(event: Event, first: str, last: str) -> bool:
    """Every day the event's date can mean lies in [first, last]: a month-dated event is in its
    month, a year-dated one in no month."""
    date = event.event_date
    if date is None:
        return False
    if len(date) == len("YYYY"):
        span = (f"{date}-01-01", f"{date}-12-31")
    elif len(date) == len("YYYY-MM"):
        days = calendar.monthrange(int(date[:4]), int(date[5:]))[1]
        span = (f"{date}-01", f"{date}-{days:02d}")
    else:
        span = (date, date)
    return first <= span[0] and span[1] <= last


def _richest(events: list[Event]) -> int:
    """An event whose evidence shows all four highlights, with the most spans."""
    best, most = -1, 0
    for n, event in enumerate(events):
        kinds = {
            s.kind for s in event_spans(event) if any(x.start <= s.start and s.end <= x.end for x in event.evidence)
        }
        if kinds == {"place", "actor", "date", "toll"} and len(event_spans(event)) > most:
            best, most = n, len(event_spans(event))
    assert best >= 0
    return best


def test_highlights_for_place_actor_date_and_toll(
    page: tuple[Any, list[str]], fixture_report: tuple[Path, Path, list[Event]]
) -> None:
    browser_page, _ = page
    events = fixture_report[2]
    n = _richest(events)
    event = events[n]
    select_event(browser_page, n)
    marks = browser_page.eval_on_selector_all(
        "#detail .evidence mark.hl", "ms => ms.map(m => [m.className, m.textContent])"
    )
    by_kind: dict[str, list[str]] = {}
    for classes, text in marks:
        for kind in ("place", "actor", "date", "toll"):
            if f"hl-{kind}" in classes.split():
                by_kind.setdefault(kind, []).append(text)
    assert event.location is not None
    assert "".join(by_kind["place"]) == event.location.mention
    assert event.date_text is not None and event.date_text.casefold() in "".join(by_kind["date"]).casefold()
    mentions = {a.mention for a in event.actors}
    assert all(any(piece in mention for mention in mentions) for piece in by_kind["actor"])
    tolls = {c.text for c in event.casualties}
    assert all(any(piece in text for text in tolls) for piece in by_kind["toll"])
    # the whole article, with the event's sentences marked
    browser_page.click("#detail details.article summary")
    assert browser_page.locator("#detail .article-text mark.hl-evidence").count() >= len(event.evidence)


def test_article_markup_renders_as_text(
    page: tuple[Any, list[str]], fixture_report: tuple[Path, Path, list[Event]]
) -> None:
    browser_page, _ = page
    events = fixture_report[2]
    n = next(i for i, e in enumerate(events) if e.doc_id == "en_hostile_markup_djibo")
    select_event(browser_page, n)
    browser_page.click("#detail details.article summary")
    evidence = browser_page.inner_text("#detail .evidence")
    assert '<script>window.pwned = 1</script><img src=x onerror="window.pwned = 2">' in evidence
    assert "<script>window.pwned = 1</script>" in browser_page.inner_text("#detail .article-text")
    link = browser_page.locator("#detail .source a")
    assert link.get_attribute("href") == "https://news.example/2024/07/30/djibo"
    assert link.inner_text() == "<script>window.pwnedTitle = 1</script>Soldiers killed near Djibo"
    assert browser_page.evaluate("[window.pwned, window.pwnedTitle]") == [None, None]
    assert browser_page.locator("#detail script, #detail img").count() == 0


def test_map_and_timeline_are_drawn_and_clickable(
    page: tuple[Any, list[str]], fixture_report: tuple[Path, Path, list[Event]]
) -> None:
    browser_page, _ = page
    assert browser_page.locator("#map path.country").count() == 14
    assert browser_page.get_attribute("#dots", "d")
    bar = browser_page.locator(".chart.events .bar").last
    start, end = bar.get_attribute("data-from"), bar.get_attribute("data-to")
    bar.click()
    events = fixture_report[2]
    expected = [e for e in events if within(e, start, end)]
    wait_shown(browser_page, len(expected))


# --- review marks → gold → evaluate --------------------------------------------------------------


def _documents(events: list[Event]) -> dict[str, list[int]]:
    docs: dict[str, list[int]] = {}
    for n, event in enumerate(events):
        docs.setdefault(event.doc_id, []).append(n)
    return docs


def _plain(event: Event) -> bool:
    """Scored as a hard prediction, with a place and a day: pairs only with its own gold copy."""
    return (
        not {"historical", "aggregate"} & set(event.flags)
        and event.location is not None
        and event.date_precision == "day"
    )


def test_marks_export_as_gold_that_evaluate_reads(
    page: tuple[Any, list[str]], fixture_report: tuple[Path, Path, list[Event]], tmp_path: Path
) -> None:
    browser_page, _ = page
    _, events_path, events = fixture_report
    docs = _documents(events)
    # a document of several events, distinct places: first marked correct, the others wrong
    several = next(
        ids
        for ids in docs.values()
        if len(ids) >= 2
        and all(_plain(events[i]) for i in ids)
        and len({events[i].location.name for i in ids if events[i].location}) == len(ids)
    )
    # a document of one event with a toll: corrected, five more dead
    single = next(
        ids for ids in docs.values() if len(ids) == 1 and _plain(events[ids[0]]) and events[ids[0]].fatalities
    )
    # a document left half-marked is not exported
    partial = next(ids for ids in docs.values() if len(ids) >= 2 and ids != several)
    for position, n in enumerate(several):
        select_event(browser_page, n)
        browser_page.click(f"#detail button[data-mark={'correct' if position == 0 else 'wrong'}]")
    (n,) = single
    select_event(browser_page, n)
    browser_page.click("#detail button[data-mark=corrected]")
    killed = (events[n].fatalities or 0) + 5
    browser_page.fill("#detail .review:not(.missed) input[name=killed]", str(killed))
    browser_page.dispatch_event("#detail .review:not(.missed) input[name=killed]", "change")
    # and an incident of that article the extractor did not find
    browser_page.click("#add-missed")
    missed = '#detail .missed-entry[data-missed="0"]'
    browser_page.fill(f"{missed} input[name=date]", "2024-02-03")
    browser_page.fill(f"{missed} input[name=place]", "Inventedville")
    browser_page.select_option(f"{missed} select[name=event_type]", "Violence against civilians")
    browser_page.fill(f"{missed} input[name=actors]", "JNIM, Civilians")
    browser_page.fill(f"{missed} input[name=killed]", "7")
    browser_page.dispatch_event(f"{missed} input[name=killed]", "change")
    select_event(browser_page, partial[0])
    browser_page.click("#detail button[data-mark=correct]")
    browser_page.click(".tab[data-tab=review]")
    assert "2 documents fully reviewed (exported), 1 partly reviewed" in browser_page.inner_text("#review-status")
    with browser_page.expect_download() as download:
        browser_page.click("#export")
    gold_path = tmp_path / "gold.jsonl"
    download.value.save_as(gold_path)

    lines = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines()]
    # one line per fully marked document, in the order of the events file
    assert [line["doc_id"] for line in lines] == [events[i].doc_id for i in sorted((several[0], n))]
    by_doc = {line["doc_id"]: line for line in lines}
    first = events[several[0]]
    assert first.location is not None
    assert by_doc[first.doc_id]["events"] == [
        {
            "event_id": first.event_id,
            "review": "correct",
            "date": first.event_date,
            "date_precision": first.date_precision,
            "event_type": first.event_type,
            "sub_event_type": first.sub_event_type,
            "place": first.location.name,
            "admin1": first.location.admin1,
            "country": first.location.country_code,
            "latitude": first.location.latitude,
            "longitude": first.location.longitude,
            "actors": [
                a.name for a in sorted(first.actors, key=lambda a: ["initiator", "target", "associated"].index(a.role))
            ],
            "killed": first.fatalities,
            "core": True,
        }
    ]
    corrected, added = by_doc[events[n].doc_id]["events"]
    assert (corrected["review"], corrected["killed"], corrected["event_id"]) == (
        "corrected",
        killed,
        events[n].event_id,
    )
    assert added == {
        "review": "missed",
        "date": "2024-02-03",
        "date_precision": "day",
        "event_type": "Violence against civilians",
        "sub_event_type": "Sexual violence",
        "place": "Inventedville",
        "admin1": None,
        "country": events[n].location.country_code if events[n].location else None,
        "latitude": None,
        "longitude": None,
        "actors": ["JNIM", "Civilians"],
        "killed": 7,
        "core": True,
    }

    report = evaluate(gold_path, events_path)
    counts = report.counts
    # the missed event is gold that no prediction found
    assert (counts.gold_core, counts.gold_core_found) == (3, 2)
    assert (counts.pairs, counts.pred_unmatched_hard) == (2, len(several) - 1)
    assert report.recall == round(2 / 3, 3)
    assert report.precision == round(2 / (1 + len(several)), 3)
    # the corrected toll is the only wrong field of a pair: killed is right on the first pair only
    assert (counts.killed.ok, counts.killed.n) == (
        int(first.fatalities is not None),
        1 + int(first.fatalities is not None),
    )
    assert (counts.place.ok, counts.type.ok, counts.date.ok) == (2, 2, 2)


def test_marks_survive_a_reload(page: tuple[Any, list[str]]) -> None:
    browser_page, _ = page
    select_event(browser_page, 0)
    browser_page.click("#detail button[data-mark=wrong]")
    browser_page.reload()
    browser_page.wait_for_selector("body[data-ready='1']", state="attached")
    assert browser_page.inner_text('#events tbody tr[data-i="0"] .review-cell') == "wrong"


# --- with --against ------------------------------------------------------------------------------


def test_diff_view(fixture_report: tuple[Path, Path, list[Event]], tmp_path: Path, browser: Any) -> None:
    _, events_path, events = fixture_report
    old = tmp_path / "old.jsonl"
    # the earlier run: one event missing, one with another toll
    changed = events[1].model_copy(update={"fatalities": (events[1].fatalities or 0) + 3})
    old.write_text("".join(e.to_json() + "\n" for e in [events[0], changed, *events[3:]]), encoding="utf-8")
    page_text, _ = build_report(events_path, against=old)
    report = tmp_path / "diff.html"
    report.write_text(page_text, encoding="utf-8")
    with bench.offline_page(browser=browser) as (browser_page, attempted):
        bench.open_report(browser_page, report)
        browser_page.click(".tab[data-tab=changes]")
        kinds = browser_page.eval_on_selector_all(
            "#changes tr.change-row", "rs => [...new Set(rs.map(r => r.className))]"
        )
        assert kinds == ["change-row changed", "change-row added"]
        browser_page.click("#changes a.goto >> nth=0")
        assert browser_page.inner_text("#detail .kv:has-text('change')").endswith("changed since the earlier run")
        assert attempted == []


# --- the shared news corpus (when present) and 10,000 events -------------------------------------


@pytest.mark.slow
def test_news_corpus_report(extractor: Extractor, shared: Path, tmp_path: Path, browser: Any) -> None:
    articles = shared / "corpus" / "news" / "articles"
    events_path = tmp_path / "news.jsonl"
    events = extract_to(extractor, [str(articles)], events_path)
    page_text, stats = build_report(events_path, articles=[str(articles)])
    assert stats.articles_found == stats.documents
    report = tmp_path / "news.html"
    report.write_text(page_text, encoding="utf-8")
    with bench.offline_page(browser=browser) as (browser_page, attempted):
        bench.open_report(browser_page, report)
        assert shown(browser_page) == len(events)
        select_event(browser_page, _richest(events))
        for kind in ("place", "actor", "date", "toll"):
            assert browser_page.locator(f"#detail .evidence mark.hl-{kind}").count() > 0
        assert attempted == []


@pytest.mark.slow
def test_ten_thousand_events_stay_responsive(tmp_path: Path) -> None:
    events, articles = bench.generate(10_000, tmp_path)
    built = bench.build(events, articles, tmp_path / "report.html")
    assert built["events"] == 10_000 and built["articles_found"] == built["documents"]
    # in a thread of its own: an earlier test's asyncio loop may still run in this one, and
    # playwright's sync API refuses to start inside a running loop
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        timings = pool.submit(bench.browser_timings, tmp_path / "report.html").result()
    # generous bounds for a loaded 2-core machine; the measured figures are in the README
    assert timings["load_s"] < 20
    assert timings["filter_type_ms"] < 2000 and timings["text_search_ms"] < 2000 and timings["sort_ms"] < 2000
    assert timings["network_requests"] == 0

"""Size, build time and in-browser responsiveness of `sahel-extract report` at 10,000 events (issue #22).

    python bench/report_bench.py                 # 10,000 events
    python bench/report_bench.py 2000 10000      # other sizes
    python bench/report_bench.py --no-browser    # build only

The events are the fixture articles' golden events (fixtures/golden/), replicated and perturbed:
every copy of an article is a new document (its own doc_id and event ids, its text in a JSON
Lines articles file so that the report embeds and highlights it), its dates moved by a random
number of weeks over two years, its coordinates jittered by up to 0.3 degrees, its tolls and
confidence nudged. So the page carries what a real 10,000-event report carries: one article per
document, a table row, a map dot and spans per event.

Measured for each size: the time `build_report` takes (read, find articles, render) and the page's
size; then, when Chromium and playwright are installed, the time to load the page until its
script is ready, and the time from a filter change (an event type, a text search) or a column
sort to the first frame painted with its result (table and map). Not a test; the slow test in tests/test_report_browser.py
checks the same figures against generous bounds. On a shared machine compare orders of
magnitude, not milliseconds.

The browser helpers here (`find_chromium`, `offline_page`) are also what the browser tests use:
the system's Chromium driven by playwright, every request routed and refused unless it is the
page's own file, so that nothing can be downloaded at run time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sahel_extract.readers import iter_inputs  # noqa: E402
from sahel_extract.review.report import build_report  # noqa: E402

CHROMIUM_PATHS = ("/usr/bin/chromium", "/usr/bin/chromium-browser")


def find_chromium() -> str | None:
    """The system's Chromium (Debian: `apt-get install chromium`), or None."""
    for path in (os.environ.get("SAHEL_CHROMIUM"), *CHROMIUM_PATHS, shutil.which("chromium")):
        if path and Path(path).is_file() and os.access(path, os.X_OK):
            return path
    return None


@contextmanager
def chromium() -> Iterator[Any]:
    """The system's Chromium under playwright, headless. Raises RuntimeError when there is none."""
    executable = find_chromium()
    if executable is None:
        raise RuntimeError("no Chromium found (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    args = ["--no-sandbox"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=args)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def offline_page(viewport: tuple[int, int] = (1400, 1000), browser: Any = None) -> Iterator[tuple[Any, list[str]]]:
    """A page in a fresh browser context and the list of every request it tried that was not a
    local file.

    All requests go through a route: `file:` ones (the report itself) continue, anything else is
    recorded and aborted. Launches its own Chromium unless given one.
    """
    if browser is None:
        with chromium() as own, offline_page(viewport, own) as opened:
            yield opened
        return
    from playwright.sync_api import Request, Route

    attempted: list[str] = []

    def guard(route: Route) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            attempted.append(route.request.url)
            route.abort()

    def seen(request: Request) -> None:
        # requests a route does not see (a service worker's, a prefetch) are still counted
        if not request.url.startswith(("file:", "blob:", "data:")) and request.url not in attempted:
            attempted.append(request.url)

    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]}, accept_downloads=True)
    try:
        context.route("**/*", guard)
        page = context.new_page()
        page.on("request", seen)
        yield page, attempted
    finally:
        context.close()


def open_report(page: Any, path: Path) -> float:
    """Load a report and wait for its script; seconds taken."""
    started = time.perf_counter()
    page.goto(path.resolve().as_uri())
    page.wait_for_selector("body[data-ready='1']", state="attached", timeout=120_000)
    return time.perf_counter() - started


# --- generating events ---------------------------------------------------------------------------


def _shift(value: str | None, precision: str | None, days: int) -> str | None:
    if value is None or precision not in ("day", "week") or len(value) != len("YYYY-MM-DD"):
        return value
    return (dt.date.fromisoformat(value) + dt.timedelta(days=days)).isoformat()


def generate(count: int, folder: Path, seed: int = 22) -> tuple[Path, Path]:
    """`count` events (events.jsonl) and their articles (articles.jsonl) in `folder`."""
    rng = random.Random(seed)
    texts = {
        item.article.id: item.article.text
        for item in iter_inputs([str(ROOT / "fixtures" / "articles")])
        if not isinstance(item, Exception)
    }
    documents: list[tuple[str, list[dict[str, Any]]]] = []
    for golden in sorted((ROOT / "fixtures" / "golden").glob("*.jsonl")):
        records = [json.loads(line) for line in golden.read_text(encoding="utf-8").splitlines() if line.strip()]
        if records and golden.stem in texts:
            documents.append((golden.stem, records))
    events_path, articles_path = folder / "events.jsonl", folder / "articles.jsonl"
    written = copy = 0
    with events_path.open("w", encoding="utf-8") as events, articles_path.open("w", encoding="utf-8") as articles:
        while written < count:
            for stem, records in documents:
                if written >= count:
                    break
                doc_id = f"{stem}~{copy}"
                days = 7 * rng.randrange(-52, 52)
                articles.write(
                    json.dumps({"id": doc_id, "text": texts[stem], "url": f"https://news.example/{doc_id}"}) + "\n"
                )
                for record in records[: count - written]:
                    events.write(json.dumps(_perturbed(record, doc_id, days, rng), ensure_ascii=False) + "\n")
                    written += 1
            copy += 1
    return events_path, articles_path


def _perturbed(record: dict[str, Any], doc_id: str, days: int, rng: random.Random) -> dict[str, Any]:
    new = dict(record)
    new["doc_id"] = doc_id
    new["event_id"] = hashlib.sha1(f"{doc_id}:{record['event_id']}".encode()).hexdigest()[:16]
    new["source"] = f"https://news.example/{doc_id}"
    new["event_date"] = _shift(record.get("event_date"), record.get("date_precision"), days)
    new["published"] = _shift(record.get("published"), "day", days)
    if record.get("fatalities") is not None:
        new["fatalities"] = max(0, record["fatalities"] + rng.randint(-2, 2))
    new["confidence"] = round(min(1.0, max(0.0, record["confidence"] + rng.uniform(-0.1, 0.1))), 2)
    location = record.get("location")
    if location and location.get("latitude") is not None:
        new["location"] = dict(
            location,
            latitude=round(location["latitude"] + rng.uniform(-0.3, 0.3), 3),
            longitude=round(location["longitude"] + rng.uniform(-0.3, 0.3), 3),
        )
    return new


# --- measuring ----------------------------------------------------------------------------------


def build(events: Path, articles: Path, out: Path) -> dict[str, Any]:
    started = time.perf_counter()
    page, stats = build_report(events, articles=[str(articles)])
    out.write_text(page, encoding="utf-8")
    return {
        "events": stats.events,
        "documents": stats.documents,
        "articles_found": stats.articles_found,
        "build_s": round(time.perf_counter() - started, 2),
        "bytes": out.stat().st_size,
    }


_TIMED_CHANGE = """async ([selector, value]) => {
  const control = document.querySelector(selector);
  const started = performance.now();
  control.value = value;
  control.dispatchEvent(new Event(control.tagName === "SELECT" ? "change" : "input", {bubbles: true}));
  // the filter runs in the next animation frame; the frame after it is painted with its result
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  return [performance.now() - started, Number(document.querySelector("#shown").dataset.shown)];
}"""

_TIMED_SORT = """async (key) => {
  const started = performance.now();
  document.querySelector(`#events th[data-sort="${key}"]`).click();
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  return performance.now() - started;
}"""


def timed_change(page: Any, selector: str, value: str) -> tuple[float, int]:
    """Milliseconds from setting a filter control to a frame painted with the result, and the rows shown."""
    elapsed, shown = page.evaluate(_TIMED_CHANGE, [selector, value])
    return float(elapsed), int(shown)


def browser_timings(path: Path) -> dict[str, Any]:
    with offline_page() as (page, attempted):
        load_s = open_report(page, path)
        type_ms, by_type = timed_change(page, "#f-type", "Violence against civilians")
        clear_ms, _ = timed_change(page, "#f-type", "")
        search_ms, by_text = timed_change(page, "#f-text", "djibo")
        timed_change(page, "#f-text", "")
        sort_ms = float(page.evaluate(_TIMED_SORT, "fatalities"))
        return {
            "load_s": round(load_s, 2),
            "filter_type_ms": round(type_ms, 1),
            "rows_after_type_filter": by_type,
            "filter_clear_ms": round(clear_ms, 1),
            "text_search_ms": round(search_ms, 1),
            "rows_after_text_search": by_text,
            "sort_ms": round(sort_ms, 1),
            "network_requests": len(attempted),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[10_000])
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "report_results.json")
    options = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in options.sizes:
            folder = Path(tmp) / str(size)
            folder.mkdir()
            events, articles = generate(size, folder)
            result = {"size": size, **build(events, articles, folder / "report.html")}
            if not options.no_browser and find_chromium():
                result.update(browser_timings(folder / "report.html"))
            print(json.dumps(result), flush=True)
            results.append(result)
    options.out.write_text(json.dumps({"machine": f"{os.cpu_count()} cores", "runs": results}, indent=2) + "\n")


if __name__ == "__main__":
    main()

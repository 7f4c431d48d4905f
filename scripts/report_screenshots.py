"""Screenshots of `sahel-extract report` for the README (docs/report-*.png).

    python scripts/report_screenshots.py

The report is of the fixture articles' golden events (fixtures/golden/*.jsonl, whose sources
point into fixtures/articles/), against an "earlier run" made from them by hand: one event
dropped, another one added, one toll and one place changed, as a rule change would. Needs Chromium and playwright
(see bench/report_bench.py); run from the repository root.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sahel_extract.review.report import build_report  # noqa: E402


def _bench():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("report_bench", ROOT / "bench" / "report_bench.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    bench = _bench()
    docs = ROOT / "docs"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        lines = [
            line
            for golden in sorted((ROOT / "fixtures" / "golden").glob("*.jsonl"))
            for line in golden.read_text(encoding="utf-8").splitlines()
            if line.strip()
        ]
        events = folder / "events.jsonl"
        events.write_text("\n".join(lines[:20] + lines[21:]) + "\n", encoding="utf-8")
        earlier = [json.loads(line) for line in lines]
        del earlier[5]
        earlier[1]["fatalities"] = (earlier[1]["fatalities"] or 0) + 4
        if earlier[8].get("location"):
            earlier[8]["location"]["name"] = "Mondoro"
        old = folder / "earlier.jsonl"
        old.write_text("".join(json.dumps(record, ensure_ascii=False) + "\n" for record in earlier), encoding="utf-8")
        os.chdir(folder)  # the page names its inputs as given: short names, not a temporary path
        page, _ = build_report(
            events.name,
            articles=[str(ROOT / "fixtures" / "articles")],
            against=old.name,
            title="Fixture articles: events",
        )
        report = folder / "report.html"
        report.write_text(page, encoding="utf-8")
        with bench.offline_page((1400, 1000)) as (browser, attempted):
            bench.open_report(browser, report)
            browser.screenshot(path=str(docs / "report-overview.png"))
            browser.fill("#f-text", "kolongo")
            browser.wait_for_timeout(300)
            browser.click("#events tbody tr >> nth=0")
            browser.locator("#detail").scroll_into_view_if_needed()
            browser.locator(".split").screenshot(path=str(docs / "report-event.png"))
            browser.click(".tab[data-tab=changes]")
            height = browser.evaluate("document.querySelector('#tab-changes').getBoundingClientRect().bottom")
            browser.screenshot(
                path=str(docs / "report-diff.png"), clip={"x": 0, "y": 0, "width": 1400, "height": height + 16}
            )
            assert attempted == [], attempted


if __name__ == "__main__":
    main()

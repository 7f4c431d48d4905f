"""How well each HTML reader gets the article out of saved news pages: trafilatura, the rules reader
(the fallback), and the two together as `sahel-extract` uses them.

The pages are `fixtures/html/*.html`, written for this in the shapes of real news sites (wire
pages, portals, local outlets on WordPress, SPIP, Joomla and Blogger, an analysis site, a ministry,
an aid agency), with what each must give in `fixtures/html/expected.yaml`. Every page is scored on
seven checks: title, publication date, canonical URL, language, where the text starts, whether
it is complete, whether it is clean of page furniture. `tests/test_pages.py` holds the combined
reader to the same checks.

    python bench/html_readers.py             # one line per page and reader, then the totals
    python bench/html_readers.py --failures  # ... and what each failed check got instead
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from sahel_extract.pages import Page, read_page, reduce_html, trafilatura_page
from sahel_extract.readers import normalize_lang

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "html"
CHECKS = ("title", "date", "url", "lang", "start", "complete", "clean")


@dataclass(frozen=True)
class Case:
    """One saved page and what a reader must get out of it (see `expected.yaml`)."""

    page: str
    title: str
    published: dt.date
    url: str
    lang: str
    start: tuple[str, ...]
    contains: tuple[str, ...]
    excludes: tuple[str, ...]

    def html(self, folder: Path = PAGES) -> str:
        return (folder / self.page).read_text(encoding="utf-8")


def load_cases(folder: Path = PAGES) -> list[Case]:
    """The expectations, checked against the folder: every page has one and every one a page."""
    records = yaml.safe_load((folder / "expected.yaml").read_text(encoding="utf-8"))
    cases = [
        Case(
            page=record["page"],
            title=record["title"],
            published=record["published"],
            url=record["url"],
            lang=record["lang"],
            start=tuple(record["start"]),
            contains=tuple(record["contains"]),
            excludes=tuple(record["excludes"]),
        )
        for record in records
    ]
    pages = sorted(path.name for path in folder.glob("*.html"))
    if sorted(case.page for case in cases) != pages:
        raise ValueError(f"{folder}/expected.yaml does not list exactly the pages of the folder")
    return cases


def opening(page: Page, case: Case) -> str:
    """The first paragraph after the headline (which both readers may put first)."""
    paragraphs = [paragraph for paragraph in page.text.split("\n\n") if paragraph.strip()]
    while paragraphs and paragraphs[0].strip() in (case.title, page.title):
        paragraphs.pop(0)
    return paragraphs[0] if paragraphs else ""


def check(page: Page | None, case: Case) -> dict[str, str | None]:
    """Each check's failure in a few words, or None when it passes; no page fails them all."""
    if page is None:
        return dict.fromkeys(CHECKS, "no page")
    first = opening(page, case)
    missing = [passage for passage in case.contains if passage not in page.text]
    unwanted = [furniture for furniture in case.excludes if furniture in page.text]
    return {
        "title": None if page.title == case.title else repr(page.title),
        "date": None if page.published == case.published else str(page.published),
        "url": None if page.url == case.url else repr(page.url),
        "lang": None if normalize_lang(page.lang) == case.lang else repr(page.lang),
        "start": None if first.startswith(case.start) else repr(first[:70]),
        "complete": None if not missing else f"missing {missing}",
        "clean": None if not unwanted else f"has {unwanted}",
    }


READERS: dict[str, Callable[[str], Page | None]] = {
    "trafilatura": trafilatura_page,
    "rules": reduce_html,
    "combined": read_page,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--failures", action="store_true", help="say what each failed check got")
    args = parser.parse_args(argv)
    cases = load_cases()
    for case in cases:  # warm up: trafilatura's import and first page are not its speed
        read_page(case.html())
    totals = {name: dict.fromkeys(CHECKS, 0) for name in READERS}
    seconds = dict.fromkeys(READERS, 0.0)
    print(f"{'page':36} {'reader':12} " + " ".join(f"{name:>8}" for name in CHECKS))
    for case in cases:
        html = case.html()
        for name, reader in READERS.items():
            started = time.perf_counter()
            page = reader(html)
            seconds[name] += time.perf_counter() - started
            failures = check(page, case)
            for key, failure in failures.items():
                totals[name][key] += failure is None
            marks = " ".join(f"{'ok' if failures[key] is None else '-':>8}" for key in CHECKS)
            print(f"{case.page.removesuffix('.html')[:36]:36} {name:12} {marks}")
            if args.failures:
                for key, failure in failures.items():
                    if failure is not None:
                        print(f"{'':50}{key}: {failure}")
    print(f"\n{len(cases)} pages; checks passed per reader (and milliseconds per page):")
    for name in READERS:
        passed = sum(totals[name].values())
        cells = " ".join(f"{totals[name][key]:>8}" for key in CHECKS)
        per_page = 1000 * seconds[name] / len(cases)
        print(f"{'':36} {name:12} {cells}   {passed}/{len(cases) * len(CHECKS)}, {per_page:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""An event leads back to its article: `url` and `title` in every record and every format.

Analysts sort and cite events by the story they came from; before issue #20 the article's URL and
headline were read and then dropped. Here each input shape that can carry them (front matter, a
JSONL record, an HTML page) is run through `extract` in every output format, and the library's
`Extractor.extract` takes a plain string as well as an `Article`.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from test_cli import run

from sahel_extract import Article, Extractor

STORY = "Gunmen killed 12 civilians in Djibo on Sunday, local sources said."
URL = "https://news.example.org/sahel/djibo-attack"
TITLE = "Twelve civilians killed in Djibo"

INPUTS = [
    # (file name, content, expected url, expected title)
    (
        "front.txt",
        f"---\ntitle: {TITLE}\nurl: {URL}\ndate: 2024-08-10\n---\n{STORY}\n",
        URL,
        TITLE,
    ),
    (
        "record.jsonl",
        json.dumps({"id": "a1", "text": STORY, "published": "2024-08-10", "url": URL, "title": TITLE}) + "\n",
        URL,
        TITLE,
    ),
    (
        "page.html",
        f'<html lang="en"><head><title>{TITLE}</title><link rel="canonical" href="{URL}">'
        '<meta property="article:published_time" content="2024-08-10T09:00:00Z"></head>'
        f"<body><article><h1>{TITLE}</h1><p>{STORY}</p></article></body></html>",
        URL,
        TITLE,
    ),
    ("plain.txt", f"date 2024-08-10\n{STORY}\n", None, None),
]


def _rows(fmt: str, output: str) -> list[dict[str, object]]:
    """The records of one output, as dicts with the `url` and `title` keys each format has."""
    if fmt == "jsonl":
        return [json.loads(line) for line in output.splitlines()]
    if fmt == "geojson":
        return [feature["properties"] for feature in json.loads(output)["features"]]
    rows: list[dict[str, object]] = list(csv.DictReader(io.StringIO(output)))
    return [{key: (value or None) for key, value in row.items()} for row in rows]


# each row is a whole run: the quick suite keeps JSONL, the slow one checks every writer
@pytest.mark.parametrize("fmt", ["jsonl", *(pytest.param(f, marks=pytest.mark.slow) for f in ("csv", "geojson", "acled"))])
@pytest.mark.parametrize(("name", "content", "url", "title"), INPUTS)
def test_url_and_title_reach_every_format(
    tmp_path: Path, fmt: str, name: str, content: str, url: str | None, title: str | None
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    result = run("extract", str(path), "--format", fmt, "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    rows = _rows(fmt, result.stdout)
    assert len(rows) == 1
    if fmt == "acled":
        # ACLED has no url or title column: the URL is the row's source, the outlet's name unknown
        assert rows[0]["source"] == (url or str(path))
        return
    assert (rows[0]["url"], rows[0]["title"]) == (url, title)


def test_schema_command_lists_url_and_title() -> None:
    result = run("schema")
    properties = json.loads(result.stdout)["properties"]
    for key in ("url", "title"):
        assert properties[key]["anyOf"] == [{"type": "string"}, {"type": "null"}]
        assert properties[key]["description"]


@pytest.mark.parametrize(
    ("given", "published", "title"),
    [
        (f"date 2024-08-10\n{STORY}", "2024-08-10", None),
        (f"---\ntitle: {TITLE}\ndate: 2024-08-10\n---\n{STORY}", "2024-08-10", TITLE),
        (Article(text=STORY, published="2024-08-10", title=TITLE), "2024-08-10", TITLE),  # type: ignore[arg-type]
    ],
)
def test_extract_takes_a_string_or_an_article(
    extractor: Extractor, given: str | Article, published: str, title: str | None
) -> None:
    events = extractor.extract(given)
    assert [(e.event_date, e.published, e.title, e.fatalities) for e in events] == [
        ("2024-08-04", published, title, 12)
    ]


def test_a_string_gives_the_same_events_as_stdin(extractor: Extractor) -> None:
    text = f"date 2024-08-10\n{STORY}\n"
    result = run("extract", "-", "--jobs", "1", input=text)
    assert [e.to_json() for e in extractor.extract(text)] == result.stdout.splitlines()


@pytest.mark.parametrize("blank", ["", "   ", "\n\n"])
def test_a_blank_string_has_no_events(extractor: Extractor, blank: str) -> None:
    assert extractor.extract(blank) == []

"""Property tests of the readers: whatever the bytes, names and nesting, each input is articles or
one error each, and nothing raises (issue #23: every crash of the battery lived in a reader).

For every input the reader must yield, without an exception:
- one `InputError` per failure, named by the input (a file, `file:line`, `file:item N`) and on
  one line once printed;
- articles whose every string can be encoded as UTF-8 (an article that cannot be written would
  fail after its work was done) and whose location is where it was read.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sahel_extract.cli import printable
from sahel_extract.errors import InputError
from sahel_extract.readers import Located, iter_inputs

READER_SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)

# --- strategies ---------------------------------------------------------------------------------
json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=50),
)
json_values = st.recursive(
    json_scalars, lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)), max_leaves=20
)
FIELDS = ("id", "text", "published", "url", "title", "lang", "source")
field_values = st.one_of(
    json_values,
    st.text(max_size=200),
    st.sampled_from(("2024-03-08", "2024-03", "2024-02-30", "0001-01-01", "2024-03-08T10:00:00+00:00", "")),
)
records = st.dictionaries(st.sampled_from(FIELDS), field_values, max_size=7)
"""Article-shaped objects with any value in any field, and the occasional missing field."""


@st.composite
def nested(draw: st.DrawFn) -> str:
    """JSON nested up to 20,000 levels deep, where parsers recurse once per level."""
    depth = draw(st.integers(min_value=1, max_value=20_000))
    opener, closer = draw(st.sampled_from((("[", "]"), ('{"a":', "}"))))
    return opener * depth + "1" + closer * depth


@st.composite
def json_documents(draw: st.DrawFn) -> bytes:
    """What a `.json` file or a JSONL line may hold: records, any JSON, deep nesting, long numbers, junk."""
    kind = draw(st.sampled_from(("record", "records", "value", "nested", "number", "junk", "bytes")))
    if kind == "record":
        text = json.dumps(draw(records))
    elif kind == "records":
        text = json.dumps(draw(st.lists(records, max_size=4)))
    elif kind == "value":
        text = json.dumps(draw(json_values))
    elif kind == "nested":
        text = '{"text": "Gunmen attacked.", "x": ' + draw(nested()) + "}"
    elif kind == "number":
        text = '{"text": "Gunmen attacked.", "id": ' + "9" * draw(st.integers(min_value=1, max_value=6000)) + "}"
    elif kind == "junk":
        text = draw(st.text(max_size=200))
    else:
        return draw(st.binary(max_size=200))
    return text.encode("utf-8", "surrogatepass")


front_values = st.one_of(
    st.text(max_size=60),
    st.sampled_from(
        (
            "2024-02-31", "[[[[[[", "{a: 1}", "!!python/object/apply:os.system [x]", "&a [*a]", "*nothing",
            "1" * 5000, "[" * 5000 + "]" * 5000, "|\n  block", "'unclosed", "- a\n- b", "null", "2024-03-08",
        )
    ),
)


@st.composite
def front_matter_articles(draw: st.DrawFn) -> bytes:
    keys = draw(st.lists(st.sampled_from(("title", "date", "published", "url", "lang", "id", "source", "tags")), max_size=5))
    lines = [f"{key}: {draw(front_values)}" for key in keys]
    closing = draw(st.sampled_from(("---\n", "...\n", "", "--\n")))
    body = draw(st.sampled_from(("Gunmen attacked Djibo on Sunday.", "", "   ", "date 2024-02-30 Text")))
    return ("---\ntitle: T\n" + "\n".join(lines) + "\n" + closing + body).encode("utf-8", "surrogatepass")


HTML_PIECES = (
    "<p>", "</p>", "<div>", "</div>", "<article>", "</article>", "<main>", "<script>", "</script>", "<nav>", "</nav>",
    "<br>", "<!--", "-->", "<title>", "</title>", "<meta property=\"article:published_time\" content=\"2024-13-45\">",
    "<time datetime=\"2024-03-08\">", "&amp;", "&#0;", "&#x110000;", "&nbsp;", "<", ">", "\"", "Gunmen attacked Djibo.",
    " ", "\n", "\x00", "<html lang=\"\u202e\">", "<svg>", "<![CDATA[", "]]>", "<table><tr><td>", "<li>",
)


@st.composite
def html_soup(draw: st.DrawFn) -> bytes:
    pieces = draw(st.lists(st.one_of(st.sampled_from(HTML_PIECES), st.text(max_size=20)), max_size=200))
    repeat = draw(st.sampled_from((1, 1, 1, 100, 3000)))
    return ("<html><body>" + "".join(pieces) * repeat).encode("utf-8", "surrogatepass")


name_text = st.text(
    st.characters(blacklist_characters="/\x00", blacklist_categories=("Cs",)), min_size=1, max_size=40
).filter(lambda name: name not in (".", ".."))
name_bytes = st.binary(min_size=1, max_size=40).filter(lambda name: b"/" not in name and b"\x00" not in name and name not in (b".", b".."))


# --- the contract ---------------------------------------------------------------------------------
def read(paths: list[str], **options: Any) -> list[Located | InputError]:
    return list(iter_inputs(paths, **options))


def check_item(item: Located | InputError, where: str) -> None:
    if isinstance(item, InputError):
        assert item.source.startswith(where), (item.source, where)
        assert item.reason and "\n" not in printable(f"Error: {item.source}: {item.reason}")
        assert "Error(" not in item.reason and "Traceback" not in item.reason, item.reason
        return
    assert isinstance(item, Located)
    assert item.where.startswith(where), (item.where, where)
    article = item.article
    for value in (article.id, article.text, article.url, article.title, article.lang, article.source, item.where):
        if value is not None:
            value.encode("utf-8")  # raises on a lone surrogate
    assert article.text.strip()


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


# --- properties -----------------------------------------------------------------------------------
@READER_SETTINGS
@given(document=json_documents())
@example(document=b"[" * 10_000 + b"]" * 10_000)
@example(document=b'{"text": "x", "id": ' + b"1" * 5000 + b"}")
@example(document=b'{"text": "\\ud800 lone"}')
def test_json_files(tmp_path_factory: Any, document: bytes) -> None:
    path = write(tmp_path_factory.mktemp("json"), "doc.json", document)
    items = read([str(path)])
    assert items
    for item in items:
        check_item(item, str(path))


@READER_SETTINGS
@given(lines=st.lists(json_documents(), min_size=1, max_size=8))
@example(lines=[b'{"text": "x", "id": ' + b"9" * 5000 + b"}", b"\x00"])  # a NUL past the first 4096 bytes
def test_jsonl_files_give_one_item_per_line(tmp_path_factory: Any, lines: list[bytes]) -> None:
    lines = [line.replace(b"\n", b" ").replace(b"\r", b" ") for line in lines]
    path = write(tmp_path_factory.mktemp("jsonl"), "feed.jsonl", b"\n".join(lines) + b"\n")
    items = read([str(path)])
    for item in items:
        check_item(item, str(path))
    head = b"\n".join(lines)[:8192]
    if b"\x00" in head or head.startswith((b"%PDF-", b"PK\x03\x04", b"{\\rtf", b"%!PS", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"\x1f\x8b")):
        assert len(items) == 1 and isinstance(items[0], InputError)  # one error for the file, not one per line
    else:  # one article or error per non-blank line, and one error for a file without any
        assert len(items) == max(1, sum(1 for line in lines if line.strip()))


@READER_SETTINGS
@given(lines=st.lists(json_documents(), min_size=1, max_size=8))
def test_jsonl_on_stdin(lines: list[bytes]) -> None:
    stream = io.BytesIO(b"\n".join(line.replace(b"\n", b" ") for line in lines) + b"\n")
    for item in read(["-"], jsonl_stdin=True, stdin=stream):
        check_item(item, "-")


@pytest.mark.slow  # the longest generated inputs
@READER_SETTINGS
@given(data=st.one_of(front_matter_articles(), json_documents(), st.binary(max_size=300)))
def test_text_on_stdin(data: bytes) -> None:
    items = read(["-"], stdin=io.BytesIO(data))
    assert len(items) == 1
    check_item(items[0], "-")


@pytest.mark.slow
@READER_SETTINGS
@given(data=front_matter_articles(), suffix=st.sampled_from((".md", ".txt")))
@example(data=b"---\ntitle: " + b"[" * 10_000 + b"]" * 10_000 + b"\n---\nBody.", suffix=".md")
@example(data=b"---\ntitle: T\ndate: 2024-02-31\n---\nBody.", suffix=".md")
def test_front_matter(tmp_path_factory: Any, data: bytes, suffix: str) -> None:
    path = write(tmp_path_factory.mktemp("front"), "article" + suffix, data)
    items = read([str(path)])
    assert len(items) == 1
    check_item(items[0], str(path))


@settings(READER_SETTINGS, max_examples=60)
@given(page=html_soup(), suffix=st.sampled_from((".html", ".txt")))
@example(page=b"<div>" * 60_000, suffix=".html")
@example(page=b"<html><body><p>" + b"&amp;" * 100_000 + b"</p>", suffix=".html")
def test_html(tmp_path_factory: Any, page: bytes, suffix: str) -> None:
    path = write(tmp_path_factory.mktemp("html"), "page" + suffix, page)
    items = read([str(path)])
    assert len(items) == 1
    check_item(items[0], str(path))


@READER_SETTINGS
@given(names=st.lists(st.one_of(name_text.map(os.fsencode), name_bytes), min_size=1, max_size=5, unique=True))
@example(names=[b"caf\xe9.txt", b"new\nline.txt", b"\x1b[31mred.md", "evil\u202etxt.md".encode()])
def test_file_names(tmp_path_factory: Any, names: list[bytes]) -> None:
    """Any name a Linux file system allows: each readable file is one article, named by its path."""
    folder = tmp_path_factory.mktemp("names")
    files = {b"x" + name + b".txt" for name in names}  # visible (no leading dot), with a suffix read from folders
    for name in files:
        with open(os.path.join(os.fsencode(folder), name), "wb") as handle:
            handle.write(b"Gunmen attacked Djibo on Sunday.")
    items = read([str(folder)])
    assert len(items) == len(files)
    for item in items:
        check_item(item, str(folder))
        assert isinstance(item, Located), item
        item.article.model_dump_json()  # the id and source can be written

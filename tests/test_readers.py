"""Readers: every kind of input becomes articles or one clear `InputError`, never a crash."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
from pathlib import Path

import pytest

from sahel_extract.errors import InputError
from sahel_extract.models import Article
from sahel_extract.pages import html_nesting_cost, html_too_nested, reduce_html
from sahel_extract.readers import (
    iter_articles,
    normalize_lang,
    parse_date_value,
    split_date_marker,
)

GOOD_HTML = b"""<!DOCTYPE html>
<html lang="en-GB">
<head>
  <title>Gunmen attack   village</title>
  <meta property="article:published_time" content="2024-08-10T09:30:00+00:00">
  <style>p { color: red }</style>
</head>
<body>
  <nav><a href="/">Home</a> | <a href="/world">World</a></nav>
  <header>Site banner</header>
  <article>
    <p>Gunmen attacked a village
       near Mopti on Sunday.</p>
    <figure><img src="x.jpg"><figcaption>A file photo.</figcaption></figure>
    <script>track("view");</script>
    <p>Twelve civilians were&nbsp;killed, officials said.</p>
    <ul><li>First item</li><li>Second item</li></ul>
  </article>
  <aside>Related stories</aside>
  <footer>Copyright</footer>
</body>
</html>
"""


def write(folder: Path, name: str, content: bytes | str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def read_all(paths: list[Path | str], **kwargs: object) -> list[Article | InputError]:
    return list(iter_articles([str(path) for path in paths], **kwargs))  # type: ignore[arg-type]


def read_one(path: Path, **kwargs: object) -> Article | InputError:
    items = read_all([path], **kwargs)
    assert len(items) == 1, items
    return items[0]


def read_article(path: Path, **kwargs: object) -> Article:
    item = read_one(path, **kwargs)
    assert isinstance(item, Article), item
    return item


def summary(item: Article | InputError) -> tuple[str, str, str]:
    """A comparable line per item: ('article', id, source) or ('error', source, reason)."""
    if isinstance(item, InputError):
        return ("error", item.source, item.reason)
    return ("article", item.id or "", item.source or "")


# ---------------------------------------------------------------------------------------------
# Text files: markers, front matter, encodings

TEXT_CASES = [
    # date marker on its own line, inline (with the leading space of a seed article), by month
    ("own_line.txt", b"date 2024-03-08\nGunmen attacked Foo.", "Gunmen attacked Foo.", dt.date(2024, 3, 8)),
    ("inline.txt", b" date 2024-03-08 In a significant move, X.", "In a significant move, X.", dt.date(2024, 3, 8)),
    ("month.txt", b"date 2024-02\n\nText.", "Text.", dt.date(2024, 2, 29)),
    ("month_dec.txt", b"date 2023-12 Text.", "Text.", dt.date(2023, 12, 31)),
    ("capital_colon.txt", b"Date: 2024-03-08\r\nText.", "Text.", dt.date(2024, 3, 8)),
    ("marker_mid_text.txt", b"On date 2024-03-08 nothing.", "On date 2024-03-08 nothing.", None),
    ("marker_glued.txt", b"date 2024-03-08T10:00 x", "date 2024-03-08T10:00 x", None),
    # front matter
    ("front.md", b"---\ntitle: T\ndate: 2024-05-01\n---\n\nBody.\n", "Body.\n", dt.date(2024, 5, 1)),
    ("front_month.md", b"---\ndate: '2024-04'\n---\nBody.", "Body.", dt.date(2024, 4, 30)),
    ("front_datetime.md", b"---\ndate: 2024-05-01 23:10:00\n---\nBody.", "Body.", dt.date(2024, 5, 1)),
    ("front_then_marker.md", b"---\ntitle: T\n---\ndate 2024-01-02\nBody.", "Body.", dt.date(2024, 1, 2)),
    ("horizontal_rule.md", b"---\n\nNot front matter.\n---\n", "---\n\nNot front matter.\n---\n", None),
    # encodings
    ("bom.txt", b"\xef\xbb\xbfdate 2024-03-08\nText.", "Text.", dt.date(2024, 3, 8)),
    ("bom_only.txt", b"\xef\xbb\xbfPlain text.", "Plain text.", None),
    ("cp1252.txt", b"Caf\xe9 \x93quoted\x94 \x96 dash", "Café “quoted” – dash", None),
    ("invalid_utf8.txt", b"Mopti \x96 region \xe9t\xe9", "Mopti – region été", None),
    ("latin1_fallback.txt", b"odd \x81 byte", "odd \x81 byte", None),
    ("utf16.txt", "Gao, Mali – 3 killed".encode("utf-16"), "Gao, Mali – 3 killed", None),
    # text kept as it is, offsets intact
    ("whitespace_kept.txt", b"A  b\r\n\r\n\tc d  \n", "A  b\r\n\r\n\tc d  \n", None),
    ("leading_space_kept.txt", b"\n  Indented start.", "\n  Indented start.", None),
]


@pytest.mark.parametrize(("name", "content", "text", "published"), TEXT_CASES)
def test_text_file(tmp_path: Path, name: str, content: bytes, text: str, published: dt.date | None) -> None:
    article = read_article(write(tmp_path, name, content))
    assert (article.text, article.published) == (text, published)
    assert (article.id, article.source) == (Path(name).stem, str(tmp_path / name))


def test_front_matter_fields(tmp_path: Path) -> None:
    content = "---\ntitle: Attack in Gao\nurl: https://example.org/a\nlang: fr-FR\nid: gao-1\ntags: [x]\n---\nTexte."
    article = read_article(write(tmp_path, "fm.md", content))
    assert (article.title, article.url, article.lang, article.id) == (
        "Attack in Gao",
        "https://example.org/a",
        "fr",
        "gao-1",
    )


def test_long_single_line(tmp_path: Path) -> None:
    line = ("Gunmen killed 3 in Gao. " * 5000)[:100_000]
    article = read_article(write(tmp_path, "long.txt", line))
    assert article.text == line


def test_twenty_megabyte_file(tmp_path: Path) -> None:
    paragraph = "Gunmen attacked the village on Sunday, killing 12 civilians, officials said.\n\n"
    path = tmp_path / "big.txt"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("date 2024-03-08\n")
        handle.write(paragraph * (20_000_000 // len(paragraph) + 1))
    assert path.stat().st_size > 20_000_000
    article = read_article(path)
    assert article.published == dt.date(2024, 3, 8)
    assert len(article.text) == path.stat().st_size - len("date 2024-03-08\n")


# ---------------------------------------------------------------------------------------------
# Text files that fail, each with one reason

BAD_TEXT_CASES = [
    # not text
    ("nul.txt", b"PK\x03\x04\x00\x00binary", "binary file (not text)"),
    ("controls.txt", b"ab\x01\x02\x03\x04\x05cd", "binary file (not text)"),
    ("utf16_controls.txt", "\x01\x02\x03ab".encode("utf-16"), "binary file (not text)"),
    # nothing to read
    ("empty.txt", b"", "empty file"),
    ("whitespace.txt", b"  \n\t\r\n  ", "empty file"),
    ("bom_whitespace.txt", b"\xef\xbb\xbf \n", "empty file"),
    ("marker_only.txt", b"date 2024-03-08\n\n", "no article text"),
    ("front_only.md", b"---\ntitle: T\n---\n", "no article text"),
    # broken metadata
    ("bad_day.txt", b"date 2024-02-30 Text", "invalid date marker 'date 2024-02-30': day is out of range for month"),
    ("bad_month.txt", b"date 2024-13 Text", "invalid date marker 'date 2024-13': month must be in 1..12"),
    ("unclosed.md", b"---\ntitle: T\nBody without closing", "front matter has no closing '---' line"),
    (
        "bad_yaml.md",
        b"---\ntitle: [unclosed\n---\nBody",
        "invalid front matter: expected ',' or ']', but got '<stream end>' (line 2 of the block)",
    ),
    ("list_title.md", b"---\ntitle: [a, b]\n---\nBody", "invalid front matter: field 'title' must be text, got array"),
    (
        "bad_fm_date.md",
        b"---\ndate: soon\n---\nBody",
        "invalid front matter: field 'date' must be YYYY-MM-DD, got 'soon'",
    ),
]


@pytest.mark.parametrize(("name", "content", "reason"), BAD_TEXT_CASES)
def test_bad_text_file(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    error = read_one(write(tmp_path, name, content))
    assert isinstance(error, InputError)
    assert (error.source, error.reason) == (str(tmp_path / name), reason)


def test_file_over_max_bytes(tmp_path: Path) -> None:
    path = write(tmp_path, "big.txt", "x" * 101)
    error = read_one(path, max_bytes=100)
    assert isinstance(error, InputError)
    assert error.reason == "file too large (101 bytes > 100)"


def test_file_at_max_bytes(tmp_path: Path) -> None:
    assert isinstance(read_one(write(tmp_path, "ok.txt", "x" * 100), max_bytes=100), Article)


@pytest.mark.parametrize(
    ("paths", "expected"),
    [
        (["missing.txt"], [("error", "missing.txt", "no such file or directory")]),
        ([""], [("error", "", "empty path")]),
    ],
)
def test_missing_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, paths: list[str], expected: list[tuple[str, str, str]]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert [summary(item) for item in iter_articles(paths)] == expected


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(tmp_path: Path) -> None:
    path = write(tmp_path, "secret.txt", "text")
    path.chmod(0)
    error = read_one(path)
    assert isinstance(error, InputError)
    assert error.reason == "permission denied"


def test_single_string_is_a_programming_error() -> None:
    with pytest.raises(TypeError):
        list(iter_articles("file.txt"))


# ---------------------------------------------------------------------------------------------
# Fallbacks given by the caller


@pytest.mark.parametrize(
    ("content", "published", "lang", "expected"),
    [
        # the caller's date fills in only where the article has none
        ("Text.", dt.date(2024, 1, 1), None, (dt.date(2024, 1, 1), None)),
        ("date 2024-03-08 Text.", dt.date(2024, 1, 1), None, (dt.date(2024, 3, 8), None)),
        # the caller's language likewise
        ("Text.", None, "EN", (None, "en")),
        ("---\nlang: fr\n---\nTexte.", None, "en", (None, "fr")),
    ],
)
def test_caller_fallbacks(
    tmp_path: Path,
    content: str,
    published: dt.date | None,
    lang: str | None,
    expected: tuple[dt.date | None, str | None],
) -> None:
    article = read_article(write(tmp_path, "a.txt", content), published=published, lang=lang)
    assert (article.published, article.lang) == expected


# ---------------------------------------------------------------------------------------------
# HTML


def test_good_html_article(tmp_path: Path) -> None:
    article = read_article(write(tmp_path, "story.html", GOOD_HTML))
    assert article.text == (
        "Gunmen attack village\n\n"  # the headline opens the text, as in a text article
        "Gunmen attacked a village near Mopti on Sunday.\n\n"
        "Twelve civilians were killed, officials said.\n\n"
        "- First item\n\n- Second item"
    )
    assert (article.title, article.published, article.lang) == ("Gunmen attack village", dt.date(2024, 8, 10), "en")
    assert (article.id, article.source) == ("story", str(tmp_path / "story.html"))


@pytest.mark.parametrize(
    ("html", "text", "title", "published"),
    [
        # content root: article, else main, else body
        ("<body><p>Menu</p><main><p>Main text.</p></main></body>", "Main text.", None, None),
        ("<body><div>One</div><div>Two <b>bold</b> x</div></body>", "One\n\nTwo bold x", None, None),
        ("<article><p>short</p></article><article><p>the longer one</p></article>", "the longer one", None, None),
        # title falls back to og:title, then to the first heading
        ('<head><meta property="og:title" content="OG"></head><p>x</p>', "x", "OG", None),
        ("<article><h1>Heading</h1><p>x</p></article>", "Heading\n\nx", "Heading", None),
        # publication date from other metadata, junk ignored
        ('<meta name="date" content="2024-02-03"><p>x</p>', "x", None, dt.date(2024, 2, 3)),
        (
            '<article><time datetime="2024-02-04T08:00">Feb 4</time><p>x</p></article>',
            "Feb 4\n\nx",
            None,
            dt.date(2024, 2, 4),
        ),
        ('<meta name="date" content="yesterday"><p>x</p>', "x", None, None),
        ('<meta name="date" content="2024-02-31"><p>x</p>', "x", None, None),
        # soup
        ("<p>unclosed <b>bold <div>in div</p> tail", "unclosed bold\n\nin div\n\ntail", None, None),
        ("<<<>>> </garbage> <p>text &amp; &bogus; &#99999999;", "<<<>>>\n\ntext & &bogus; \ufffd", None, None),
        ("<table><tr><td>a<td>b</table><!-- comment --><p>c<br>d", "a\n\nb\n\nc\n\nd", None, None),
        ("", "", None, None),
    ],
)
def test_reduce_html(html: str, text: str, title: str | None, published: dt.date | None) -> None:
    reduced = reduce_html(html)
    assert (reduced.text, reduced.title, reduced.published) == (text, title, published)


@pytest.mark.parametrize(
    "html",
    [
        "<div>" * 5_000 + "deep" + "</div>" * 10,
        "<html><body>" + "<p>x</p>" * 50_000,
        "\x00<html>" + "<" * 10_000,
        "<script>" + "x" * 10_000,
        "<html><body><svg><p>not svg text</p></svg></body></html>",
    ],
)
def test_html_soup_never_crashes(html: str) -> None:
    reduce_html(html)


@pytest.mark.parametrize(
    ("html", "cost", "too_nested"),
    [
        # the parser rescans its stack of open elements: cost grows with the square of depth
        ("<div><p>a</p></div><div><p>b</p></div>", 0, False),
        ("<div><div><div>", 3, False),
        ("<DIV><section></section><ul><li>a<li>b</ul></div>", 1 + 1 + 2 + 2, False),
        ("<div>" * 45_000, 45_000 * 44_999 // 2, True),
        (("<div>" * 1_000 + "</div>" * 1_000) * 10, 10 * 1_000 * 999 // 2, False),
        ("<p>" * 100_000, 0, False),
    ],
)
def test_html_nesting_cost(html: str, cost: int, too_nested: bool) -> None:
    assert (html_nesting_cost(html), html_too_nested(html)) == (cost, too_nested)


def test_html_nested_too_deeply_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "soup.html", "<div>" * 50_000 + "text")
    assert summary(read_one(path)) == ("error", str(path), "HTML nested too deeply to parse")


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        # soup still gives its text; a page without prose is one error
        ("soup.html", b"<html><p>Kept <i>text</p><<<", "Kept text\n\n<<<"),
        ("no_text.html", b"<html><script>only()</script></html>", InputError("", "no article text")),
        # a text file or stdin that opens like a page is reduced too
        ("sniffed.txt", b"  <!doctype html><html><body><nav>menu</nav><p>Prose.</p></body></html>", "Prose."),
        ("not_sniffed.txt", b"<b>Bold</b> is not a page.", "<b>Bold</b> is not a page."),
    ],
)
def test_html_files(tmp_path: Path, name: str, content: bytes, expected: str | InputError) -> None:
    item = read_one(write(tmp_path, name, content))
    if isinstance(expected, InputError):
        assert isinstance(item, InputError)
        assert (item.source, item.reason) == (str(tmp_path / name), expected.reason)
    else:
        assert isinstance(item, Article)
        assert item.text == expected


# ---------------------------------------------------------------------------------------------
# JSON Lines and JSON

JSONL = b"""{"id": "a1", "text": "First article.", "published": "2024-08-10", "url": "https://x.org/1", "title": "T", "lang": "en"}

{"text": "No id, no url.", "published": "2024-08-10T23:59:00+02:00"}
not json at all
{"id": "a4"}
{"text": "   "}
{"text": 42}
[1, 2]
{"text": "Bad date.", "published": "10/08/2024"}
{"text": "Bad url.", "url": 3}
{"text": "Numeric id.", "id": 7, "source": "wire"}
{"text": "Last good line.", "extra": {"ignored": true}}
"""

JSONL_EXPECTED = [
    ("article", "a1", "https://x.org/1"),
    ("article", "feed-3", "{path}:3"),
    ("error", "{path}:4", "invalid JSON: Expecting value (column 1)"),
    ("error", "{path}:5", "missing 'text'"),
    ("error", "{path}:6", "'text' is empty"),
    ("error", "{path}:7", "'text' must be a string, got number"),
    ("error", "{path}:8", "expected a JSON object, got array"),
    ("error", "{path}:9", "'published' must be YYYY-MM-DD, got '10/08/2024'"),
    ("error", "{path}:10", "'url' must be a string, got number"),
    ("article", "7", "wire"),
    ("article", "feed-12", "{path}:12"),
]


def test_jsonl_good_and_bad_lines(tmp_path: Path) -> None:
    path = write(tmp_path, "feed.jsonl", JSONL)
    items = read_all([path])
    expected = [tuple(field.format(path=path) for field in row) for row in JSONL_EXPECTED]
    assert [summary(item) for item in items] == expected
    first, second = items[0], items[1]
    assert isinstance(first, Article) and isinstance(second, Article)
    assert (first.published, first.title, first.lang, first.text) == (dt.date(2024, 8, 10), "T", "en", "First article.")
    assert second.published == dt.date(2024, 8, 10)


def test_jsonl_line_over_max_bytes(tmp_path: Path) -> None:
    path = write(tmp_path, "feed.jsonl", '{"text": "' + "x" * 500 + '"}\n{"text": "short"}\n')
    items = read_all([path], max_bytes=100)
    assert [summary(item) for item in items] == [
        ("error", f"{path}:1", "line too large (> 100 bytes)"),
        ("article", "feed-2", f"{path}:2"),
    ]


def test_jsonl_binary_file(tmp_path: Path) -> None:
    path = write(tmp_path, "blob.jsonl", b"\x00\x01\x02" * 100)
    assert [summary(item) for item in read_all([path])] == [("error", str(path), "binary file (not text)")]


def test_jsonl_cp1252_line(tmp_path: Path) -> None:
    path = write(tmp_path, "feed.jsonl", b'{"text": "Caf\xe9"}\n')
    assert read_article(path).text == "Café"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        # one object, a list of objects, JSON Lines saved as .json
        ('{"text": "One.", "url": "https://x.org"}', [("article", "doc", "https://x.org")]),
        (
            '[{"text": "A."}, {"id": "b"}, {"text": "C.", "id": "c"}]',
            [
                ("article", "doc-1", "{path}:item 1"),
                ("error", "{path}:item 2", "missing 'text'"),
                ("article", "c", "{path}:item 3"),
            ],
        ),
        ('{"text": "A."}\n{"text": "B."}\n', [("article", "doc-1", "{path}:1"), ("article", "doc-2", "{path}:2")]),
        # broken documents
        ('{"text": ', [("error", "{path}", "invalid JSON: Expecting value (line 1, column 10)")]),
        ('"just a string"', [("error", "{path}", "expected a JSON object, got string")]),
        ("", [("error", "{path}", "invalid JSON: Expecting value (line 1, column 1)")]),
    ],
)
def test_json_document(tmp_path: Path, content: str, expected: list[tuple[str, str, str]]) -> None:
    path = write(tmp_path, "doc.json", content)
    assert [summary(item) for item in read_all([path])] == [tuple(f.format(path=path) for f in row) for row in expected]


# ---------------------------------------------------------------------------------------------
# Folders


def test_folder_mixes_good_and_bad_files_in_sorted_order(tmp_path: Path) -> None:
    root = tmp_path / "in"
    write(root, "b.txt", "Second.")
    write(root, "a.txt", "First.")
    write(root, "empty.md", "")
    write(root, "sub/c.html", "<p>Third.</p>")
    write(root, "sub/nul.txt", b"\x00")
    write(root, "z.jsonl", '{"text": "Fourth."}\nbroken\n')
    write(root, "ignored.csv", "not an article")
    write(root, ".hidden.txt", "hidden")
    write(root, ".git/objects.txt", "hidden folder")
    expected = [
        ("article", "a", f"{root}/a.txt"),
        ("article", "b", f"{root}/b.txt"),
        ("error", f"{root}/empty.md", "empty file"),
        ("article", "c", f"{root}/sub/c.html"),
        ("error", f"{root}/sub/nul.txt", "binary file (not text)"),
        ("article", "z-1", f"{root}/z.jsonl:1"),
        ("error", f"{root}/z.jsonl:2", "invalid JSON: Expecting value (column 1)"),
    ]
    assert [summary(item) for item in read_all([root])] == expected


def test_paths_keep_command_line_order(tmp_path: Path) -> None:
    second, first = write(tmp_path, "b.txt", "B."), write(tmp_path, "a.txt", "A.")
    assert [summary(item)[1] for item in read_all([second, tmp_path / "nope.txt", first])] == [
        "b",
        str(tmp_path / "nope.txt"),
        "a",
    ]


def test_explicit_file_with_other_suffix_is_read(tmp_path: Path) -> None:
    assert read_article(write(tmp_path, "notes.log", "Gao attack.")).text == "Gao attack."


# ---------------------------------------------------------------------------------------------
# Stdin


@pytest.mark.parametrize(
    ("paths", "stream", "text", "published"),
    [
        # "-" or no path at all; bytes or text streams
        (["-"], io.BytesIO(b"date 2024-03-08\nFrom stdin."), "From stdin.", dt.date(2024, 3, 8)),
        ([], io.BytesIO(b"\xef\xbb\xbfCaf\xc3\xa9."), "Café.", None),
        ([], io.BytesIO(b"Caf\xe9."), "Café.", None),
        (["-"], io.StringIO("Text stream."), "Text stream.", None),
        ([], io.BytesIO(b"<!DOCTYPE html><p>Piped page.</p>"), "Piped page.", None),
    ],
)
def test_stdin_text(paths: list[str], stream: io.IOBase, text: str, published: dt.date | None) -> None:
    raw = stream.getvalue()  # type: ignore[attr-defined]
    decoded = raw if isinstance(raw, str) else raw.decode("utf-8-sig", errors="replace")
    (article,) = iter_articles(paths, stdin=stream)  # type: ignore[arg-type]
    assert isinstance(article, Article)
    assert (article.text, article.published, article.source) == (text, published, "-")
    if "\ufffd" not in decoded:
        assert article.id == hashlib.sha1(decoded.encode("utf-8")).hexdigest()


@pytest.mark.parametrize(
    ("stream", "max_bytes", "expected"),
    [
        (io.BytesIO(b""), 100, [("error", "-", "empty file")]),
        (io.BytesIO(b"\x00\x01"), 100, [("error", "-", "binary file (not text)")]),
        (io.BytesIO(b"x" * 101), 100, [("error", "-", "input too large (> 100 bytes)")]),
    ],
)
def test_stdin_errors(stream: io.BytesIO, max_bytes: int, expected: list[tuple[str, str, str]]) -> None:
    assert [summary(item) for item in iter_articles(["-"], stdin=stream, max_bytes=max_bytes)] == expected


def test_stdin_jsonl() -> None:
    stream = io.BytesIO(b'{"id": "s1", "text": "One."}\n{"text": "Two."}\n{oops}\n')
    items = list(iter_articles([], jsonl_stdin=True, stdin=stream))
    assert [summary(item) for item in items] == [
        ("article", "s1", "-:1"),
        ("article", hashlib.sha1(b"Two.").hexdigest(), "-:2"),
        ("error", "-:3", "invalid JSON: Expecting property name enclosed in double quotes (column 2)"),
    ]


# ---------------------------------------------------------------------------------------------
# Small helpers


@pytest.mark.parametrize(
    ("text", "rest", "published"),
    [
        ("date 2024-03-08\nText", "Text", dt.date(2024, 3, 8)),
        ("\n\n  date 2024-03-08   Text", "Text", dt.date(2024, 3, 8)),
        ("date 2024-03\nText", "Text", dt.date(2024, 3, 31)),
        ("date 2024-03-08", "", dt.date(2024, 3, 8)),
        ("dated 2024-03-08 Text", "dated 2024-03-08 Text", None),
        ("date 24-03-08 Text", "date 24-03-08 Text", None),
    ],
)
def test_split_date_marker(text: str, rest: str, published: dt.date | None) -> None:
    assert split_date_marker(text, "x") == (rest, published)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "en"),
        ("en-US", "en"),
        ("FR_fr", "fr"),
        ("  ", None),
        (None, None),
    ],
)
def test_normalize_lang(lang: str | None, expected: str | None) -> None:
    assert normalize_lang(lang) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-08-10", dt.date(2024, 8, 10)),
        ("2024-08", dt.date(2024, 8, 31)),
        ("2024-08-10T23:30:00Z", dt.date(2024, 8, 10)),
        (dt.datetime(2024, 8, 10, 5, 0), dt.date(2024, 8, 10)),
        (dt.date(2024, 8, 10), dt.date(2024, 8, 10)),
    ],
)
def test_parse_date_value(value: object, expected: dt.date) -> None:
    assert parse_date_value(value, "date") == expected


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("10 August 2024", ValueError),
        ("2024-02-30", ValueError),
        (20240810, TypeError),
    ],
)
def test_parse_date_value_rejects(value: object, error: type[Exception]) -> None:
    with pytest.raises(error):
        parse_date_value(value, "date")

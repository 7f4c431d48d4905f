"""Turn paths, folders and stdin into a stream of `Article`s, with one `InputError` per bad input.

The reader yields errors instead of raising them because SPEC §5 says that no input may stop a
batch: the caller keeps extracting from the other articles and only the CLI decides how a
failure is printed and which exit code it earns. Errors are yielded in input order, so stderr
lines appear where the bad file sits in the batch.

Articles are streamed: a folder is listed (paths only) but each file is read when its turn
comes, and JSON Lines are read one line at a time, so memory stays flat as the corpus grows.

Offsets in events point into `Article.text`, which is defined as the input text after removing
a leading BOM, front matter or date marker (and after reducing HTML to its text); everything
else is kept character for character, so the offsets also point into the original file.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import io
import json
import os
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, TextIO, cast, overload

import yaml

from sahel_extract.errors import InputError
from sahel_extract.models import Article
from sahel_extract.pages import html_too_nested, looks_like_html, read_page

DEFAULT_MAX_BYTES = 50_000_000
"""Larger inputs are refused: SPEC §5 names a 50 MB file as the largest we must survive."""

TEXT_SUFFIXES = frozenset({".txt", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
JSON_SUFFIXES = frozenset({".json"})
JSONL_SUFFIXES = frozenset({".jsonl"})
FOLDER_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES
"""Only these are picked up when walking a folder; a file named explicitly is always read."""

BINARY_CONTROL_RATIO = 0.10
"""More control characters than this (besides tab, newlines and form feed) means not text."""

_SNIFF_BYTES = 8192
LINK_REASON = "symbolic link inside the folder, not followed (name its target to read it)"

_DOCUMENT_MAGIC = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a Word or OpenDocument file)"),
    (b"{\\rtf", "an RTF document"),
    (b"%!PS", "a PostScript document"),
    (b"\x89PNG", "a PNG image"),
    (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"\x1f\x8b", "a gzip archive"),
)
"""Formats that can be all printable bytes (an uncompressed PDF is ASCII): text sniffing passes
them, and their markup would be read as an article of zero events without a word."""
_MAGIC_PREFIXES = tuple(magic for magic, _name in _DOCUMENT_MAGIC)
"""What `document_format` tests first: any of the signatures."""

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_FRONT_MATTER_MAX_CHARS = 65_536
"""Front matter is a few lines; bounding the search keeps a stray `---` from scanning 50 MB."""

_CONTROL_BYTES = bytes([*(b for b in range(32) if b not in b"\t\n\f\r"), 0x7F])
_NOT_CONTROL_BYTES = bytes(b for b in range(256) if b not in _CONTROL_BYTES)
_CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")

_DATE_MARKER = re.compile(
    r"\A\s*date:?[ \t]+(?P<year>\d{4})-(?P<month>\d{2})(?:-(?P<day>\d{2}))?(?=\s|\Z)\s*",
    re.IGNORECASE,
)
_FRONT_MATTER_OPEN = re.compile(r"\A\s*---[ \t]*\r?\n(?=[A-Za-z_][\w-]*[ \t]*:)")
_FRONT_MATTER_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)\s*", re.MULTILINE)
_ISO_MONTH = re.compile(r"\A(\d{4})-(\d{2})\Z")


@dataclass(frozen=True)
class ReadOptions:
    """Caller-wide fallbacks, passed down instead of kept in module state."""

    published: dt.date | None = None
    lang: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES


@dataclass(frozen=True)
class ArticleMeta:
    """Metadata from one origin (JSON fields, front matter, marker, HTML head, defaults).

    Each origin fills a separate `ArticleMeta` and `or_else` layers them, so the precedence
    between origins is written once, in `build_article`, instead of in nested conditionals.
    """

    id: str | None = None
    published: dt.date | None = None
    url: str | None = None
    title: str | None = None
    lang: str | None = None
    source: str | None = None
    # set together with `published`, so that layering never pairs one origin's date with another's
    published_precision: str | None = None
    published_from: str | None = None

    def or_else(self, other: ArticleMeta) -> ArticleMeta:
        """Keep every field this one has; take the others from `other`.

        Six layers make each article and most add nothing, so an empty `other` (the shared
        `NO_META`) costs one test. The fields are read from the instances' `__dict__` and the
        layered copy is filled the same way: `getattr` on each field and `dataclasses.replace`
        (which runs the frozen `__init__`, one `object.__setattr__` per field) cost more than
        a short note's JSON parsing. Nothing else is set up at construction (no
        `__post_init__`), so the copy equals what `replace` made.
        """
        if other is NO_META:
            return self
        mine = self.__dict__
        missing = {name: value for name, value in other.__dict__.items() if value is not None and mine[name] is None}
        if not missing:
            return self
        layered = object.__new__(ArticleMeta)
        layered.__dict__.update(mine)
        layered.__dict__.update(missing)
        return layered


NO_META = ArticleMeta()
"""The metadata of an origin that says nothing: shared, as it is frozen."""


# ---------------------------------------------------------------------------------------------
# Entry point


@dataclass(frozen=True, slots=True)
class Located:
    """An article and the place it was read from: a file, `file:line`, `file:item N` or `-`.

    Error and warning lines name `where`, not `Article.source`: a JSONL record chooses its own
    `source` (a URL, or any text at all), which cannot lead a user back to the line to fix.
    """

    article: Article
    where: str


def iter_articles(
    paths: Sequence[str],
    *,
    jsonl_stdin: bool = False,
    published: dt.date | None = None,
    lang: str | None = None,
    stdin: TextIO | BinaryIO | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Article | InputError]:
    """Yield one `Article` per readable article and one `InputError` per failure, in input order.

    `paths` are files, folders or `-` (stdin); an empty sequence means stdin. `published` and
    `lang` fill in articles that do not state their own. `iter_inputs` gives the same stream
    with each article's location.
    """
    for item in iter_inputs(
        paths, jsonl_stdin=jsonl_stdin, published=published, lang=lang, stdin=stdin, max_bytes=max_bytes
    ):
        yield item if isinstance(item, InputError) else item.article


def iter_inputs(
    paths: Sequence[str],
    *,
    jsonl_stdin: bool = False,
    published: dt.date | None = None,
    lang: str | None = None,
    stdin: TextIO | BinaryIO | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Located | InputError]:
    """`iter_articles`, with each article paired with where it was read."""
    if isinstance(paths, str):
        raise TypeError("paths must be a sequence of paths, not a single string")
    options = ReadOptions(published=published, lang=normalize_lang(lang), max_bytes=max_bytes)
    for path in paths or ["-"]:
        if not path:
            yield InputError(path, "empty path")
        elif path == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield from guarded("-", iter_stream_articles(stream, jsonl=jsonl_stdin, options=options))
        else:
            yield from guarded(display_path(path), iter_path_articles(path, options))


def guarded(where: str, produce: Iterator[Located | InputError]) -> Iterator[Located | InputError]:
    """The one guard every input passes: whatever a reader raises becomes that input's error.

    Parsers fail in ways no reader can list in advance (a JSON array nested 10,000 deep raises
    RecursionError, a 5,000-digit number ValueError, a YAML tag anything), and SPEC §5 says one
    input must never cost the batch. Readers nest guards (path, then file, then JSONL line or
    JSON item) so that the error names the smallest input that failed and the rest is read.
    """
    try:
        yield from produce
    except InputError as error:
        yield error
    except Exception as exc:  # any parser's failure is this input's error
        yield InputError(where, failure_reason(exc))


def failure_reason(exc: Exception) -> str:
    """A reader's unexpected exception in the words of the other reasons, never a Python repr."""
    if isinstance(exc, RecursionError):
        return "nested too deeply to read"
    if isinstance(exc, MemoryError):
        return "too large to read (out of memory)"
    if is_long_number(exc):
        return problem_of(exc)
    return f"cannot be read: {problem_of(exc)}"


def problem_of(exc: Exception) -> str:
    """What went wrong, in a few words: the exception's first line, or a plain name for the known ones."""
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    if isinstance(exc, MemoryError):
        return "too large (out of memory)"
    if is_long_number(exc):
        return f"a number with more than {sys.get_int_max_str_digits()} digits"
    return first_line(str(exc)) or type(exc).__name__


def is_long_number(exc: Exception) -> bool:
    """Python refuses to convert integers of more than 4,300 digits (CVE-2020-10735)."""
    return isinstance(exc, ValueError) and "integer string conversion" in str(exc)


def first_line(text: str) -> str:
    return text.strip().split("\n", 1)[0].strip()


def display_path(path: str) -> str:
    """A path as text: bytes of a file name that are not UTF-8 are shown as `\\xe9` escapes.

    Python keeps such bytes as lone surrogates, which no output can encode: an event id or
    source built from them would fail the article at write time although its text is fine.
    """
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def iter_path_articles(path: str, options: ReadOptions) -> Iterator[Located | InputError]:
    """Read one path as given on the command line: a file of any suffix, or a folder."""
    source = display_path(path)
    try:
        is_dir = Path(path).is_dir()
        if not is_dir:
            os.stat(path)
    except OSError as exc:
        yield InputError(source, os_reason(exc))
        return
    if not is_dir:
        yield from iter_file_articles(Path(path), source, options)
        return
    for found in list_folder(Path(path)):
        if isinstance(found, InputError):
            yield found
        else:
            where = display_path(str(found))
            yield from guarded(where, iter_file_articles(found, where, options))


def iter_file_articles(path: Path, source: str, options: ReadOptions) -> Iterator[Located | InputError]:
    """Dispatch on the suffix; an unknown suffix is read as plain text (sniffed for HTML)."""
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from iter_jsonl_file(path, source, options)
        return
    data = read_file_bytes(path, source, options.max_bytes)
    if suffix in JSON_SUFFIXES:
        yield from iter_json_document(data, source, display_path(path.stem), options)
        return
    text = decode_bytes(data, source)
    article = build_article(
        text,
        where=source,
        defaults=ArticleMeta(id=display_path(path.stem), source=source),
        options=options,
        is_html=suffix in HTML_SUFFIXES,
    )
    yield Located(article, source)


def iter_stream_articles(
    stream: TextIO | BinaryIO, *, jsonl: bool, options: ReadOptions
) -> Iterator[Located | InputError]:
    """Read stdin: one article, or (with `jsonl`) one per line; the doc id is a sha1 of the text."""
    binary = binary_stream(stream)
    if jsonl:
        yield from iter_jsonl_stream(binary, "-", None, options)
        return
    data = binary.read(options.max_bytes + 1)
    if len(data) > options.max_bytes:
        raise InputError("-", f"input too large (> {options.max_bytes} bytes)")
    text = decode_bytes(data, "-")
    article = build_article(text, where="-", defaults=ArticleMeta(id=sha1_hex(text), source="-"), options=options)
    yield Located(article, "-")


# ---------------------------------------------------------------------------------------------
# Files and folders


def article_of_text(text: str) -> Article:
    """An article given as a string, read as stdin is: marker, front matter and HTML included.

    Blank text is an article without events rather than an error: a library caller mapping
    `extract` over a column of texts should not have to filter the empty cells first.
    """
    if not text.strip():
        return Article(text=text)
    return build_article(text, where="-", defaults=ArticleMeta(id=sha1_hex(text)), options=ReadOptions())


def list_folder(root: Path) -> list[Path | InputError]:
    """Input files under `root`, sorted by relative POSIX path so that every run sees one order.

    Hidden files and folders are skipped (editor swap files, `.git`). Symbolic links inside the
    folder are not followed, so that a link can neither lead the walk out of the folder nor
    into a cycle, but each is reported rather than skipped in silence: a user who wants its
    target read names it on the command line. Folders that cannot be listed become errors,
    sorted into place with the files.
    """
    found: list[tuple[str, Path | InputError]] = []

    def on_error(exc: OSError) -> None:
        where = Path(exc.filename) if exc.filename else root
        found.append((where.relative_to(root).as_posix(), InputError(display_path(str(where)), os_reason(exc))))

    def refuse_link(path: Path) -> None:
        found.append((path.relative_to(root).as_posix(), InputError(display_path(str(path)), LINK_REASON)))

    for folder, dirnames, filenames in os.walk(root, onerror=on_error):
        visible = [name for name in dirnames if not name.startswith(".")]
        for name in visible:
            if os.path.islink(os.path.join(folder, name)):
                refuse_link(Path(folder, name))
        dirnames[:] = [name for name in visible if not os.path.islink(os.path.join(folder, name))]
        for name in filenames:
            path = Path(folder, name)
            if name.startswith(".") or path.suffix.lower() not in FOLDER_SUFFIXES:
                continue
            if path.is_symlink():
                refuse_link(path)
            else:
                found.append((path.relative_to(root).as_posix(), path))
    found.sort(key=lambda item: item[0])
    return [item for _, item in found]


def read_file_bytes(path: Path, source: str, max_bytes: int) -> bytes:
    """Read a whole file, refusing it by its size before loading it, and bounding the read.

    The bounded read also covers files whose size `stat` cannot tell (pipes, `/dev/fd/N`).
    """
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(source, f"file too large ({size} bytes > {max_bytes})")
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(source, os_reason(exc)) from exc
    if len(data) > max_bytes:
        raise InputError(source, f"file too large (> {max_bytes} bytes)")
    return data


def os_reason(exc: OSError) -> str:
    """The OS's own words ('permission denied'), in the lower case of the other reasons."""
    return (exc.strerror or str(exc)).lower()


def binary_stream(stream: TextIO | BinaryIO) -> BinaryIO:
    """Bytes are read from every stream so that decoding follows one set of rules.

    A text stream without a binary buffer (an `io.StringIO` in tests or notebooks) is
    re-encoded; `surrogateescape` gives back the original bytes of undecodable input.
    """
    if not isinstance(stream, io.TextIOBase):
        return cast(BinaryIO, stream)
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        return cast(BinaryIO, buffer)
    return io.BytesIO(stream.read().encode("utf-8", "surrogateescape"))


def sha1_hex(text: str) -> str:
    """Stdin has no name, so its doc id is a hash of what was read: stable across runs."""
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


# ---------------------------------------------------------------------------------------------
# Decoding


def decode_bytes(data: bytes, source: str) -> str:
    """Decode news text as it is found in the wild, refusing what is not text at all.

    UTF-8 (a BOM is dropped) is tried first; text that is not valid UTF-8 is almost always
    Windows-1252 from an older CMS, and Latin-1 decodes whatever is left. UTF-16 is accepted
    only with a BOM, since otherwise it cannot be told from binary data.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(source, "binary file (not text)") from exc
        if is_binary_text(text):
            raise InputError(source, "binary file (not text)")
        return text
    if is_binary_bytes(data):
        raise InputError(source, "binary file (not text)")
    document = document_format(data)
    if document is not None:
        raise InputError(source, f"{document}, not text (convert it to text first)")
    try:
        # "utf-8-sig" by hand: its codec is Python code, a tenth of a short JSONL line's reading
        return (data[3:] if data.startswith(b"\xef\xbb\xbf") else data).decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def document_format(data: bytes) -> str | None:
    """What a file is when its first bytes are a known document or image signature."""
    head = data[:16].lstrip(b"\xef\xbb\xbf")
    if not head.startswith(_MAGIC_PREFIXES):  # every line of a JSONL file asks: one test, not eight
        return None
    for magic, name in _DOCUMENT_MAGIC:
        if head.startswith(magic):
            return name
    return None


def is_binary_bytes(data: bytes) -> bool:
    """NUL bytes or many C0 controls mean binary; the test holds for UTF-8 and 8-bit encodings."""
    if b"\x00" in data:
        return True
    controls = len(data.translate(None, _NOT_CONTROL_BYTES))
    return controls > BINARY_CONTROL_RATIO * len(data)


def is_binary_text(text: str) -> bool:
    """The same test as `is_binary_bytes`, for text decoded from UTF-16."""
    if "\x00" in text:
        return True
    controls = len(text) - len(_CONTROL_CHARS.sub("", text))
    return controls > BINARY_CONTROL_RATIO * len(text)


# ---------------------------------------------------------------------------------------------
# Text articles: front matter, date marker, HTML


def build_article(
    text: str,
    *,
    where: str,
    defaults: ArticleMeta,
    options: ReadOptions,
    explicit: ArticleMeta | None = None,
    is_html: bool = False,
) -> Article:
    """Apply front matter, date marker and HTML reduction, then layer metadata by precedence.

    Precedence, highest first: explicit JSON fields, front matter, the date marker, the HTML
    head, the reader's defaults (file stem, path), then the caller's `--published` / `--lang`.
    """
    if not text.strip():
        raise InputError(where, "empty file")
    text = valid_unicode(text)
    body, front = split_front_matter(text, where)
    body, marker_date, marker_precision = read_date_marker(body, where)
    html_meta = NO_META
    if is_html or looks_like_html(body):
        if html_too_nested(body):
            raise InputError(where, "HTML nested too deeply to parse")
        page = read_page(body)
        body = page.text
        html_meta = ArticleMeta(title=page.title, lang=page.lang, url=page.url).or_else(
            dated(page.published, "day", "html")
        )
    if not body.strip():
        raise InputError(where, "no article text")
    meta = (
        (explicit or NO_META)
        .or_else(front)
        .or_else(dated(marker_date, marker_precision, "marker"))
        .or_else(html_meta)
        .or_else(defaults)
    )
    if meta.published is None and meta.url:
        found = url_date(meta.url)
        if found is not None:
            meta = meta.or_else(dated(found[0], found[1], "url"))
    meta = meta.or_else(dated(options.published, "day", "option"))
    if options.lang is not None:
        meta = meta.or_else(ArticleMeta(lang=options.lang))
    return Article(
        id=valid_unicode(meta.id),
        text=body,
        published=meta.published,
        published_precision=meta.published_precision,
        published_from=meta.published_from,
        url=valid_unicode(meta.url),
        title=valid_unicode(meta.title),
        lang=valid_unicode(normalize_lang(meta.lang)),
        source=valid_unicode(meta.source),
    )


@overload
def valid_unicode(text: str) -> str: ...
@overload
def valid_unicode(text: None) -> None: ...
def valid_unicode(text: str | None) -> str | None:
    """Lone surrogates (JSON allows `"\\ud800"`) replaced by U+FFFD, one for one.

    No encoder accepts them, so an article carrying one would fail when its events are written,
    after its work was done; replacing each by one character keeps every offset.
    """
    if text is None or not _LONE_SURROGATE.search(text):
        return text
    return _LONE_SURROGATE.sub("\ufffd", text)


def dated(published: dt.date | None, precision: str, origin: str) -> ArticleMeta:
    """A publication date with its precision and origin, or nothing when there is no date."""
    if published is None:
        return NO_META
    return ArticleMeta(published=published, published_precision=precision, published_from=origin)


_URL_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_abbr) if m}
_URL_DATES = (
    # /2021/04/15/, /2021-04-15-, /20191014/ (a day); /2016/10/ (a month)
    re.compile(r"/(?P<y>(?:19|20)\d\d)[/-](?P<m>[01]\d)[/-](?P<d>[0-3]\d)(?=[/_.-]|$)"),
    re.compile(r"/(?P<y>(?:19|20)\d\d)(?P<m>[01]\d)(?P<d>[0-3]\d)(?=[/_.-]|\d{4,}|$)"),
    # /04-Jan-2025/, /2014/May-17/
    re.compile(r"/(?P<d>[0-3]?\d)-(?P<mon>[A-Za-z]{3})[a-z]*-(?P<y>(?:19|20)\d\d)(?=[/_.-]|$)"),
    re.compile(r"/(?P<y>(?:19|20)\d\d)/(?P<mon>[A-Za-z]{3})[a-z]*-(?P<d>[0-3]?\d)(?=[/_.-]|$)"),
    re.compile(r"/(?P<y>(?:19|20)\d\d)/(?P<m>[01]\d)(?=/)"),
)


def url_date(url: str) -> tuple[dt.date, str] | None:
    """The publication day (or month) many sites write in an article's URL path.

    Only the path is read, and only shapes that are dates by their separators; a number that
    is not a valid date is not one.
    """
    path = re.sub(r"^[a-z]+://[^/]*", "", url.strip(), flags=re.IGNORECASE).split("?")[0]
    for pattern in _URL_DATES:
        match = pattern.search(path)
        if match is None:
            continue
        groups = match.groupdict()
        month = _URL_MONTHS.get((groups.get("mon") or "").lower()[:3]) if groups.get("mon") else int(groups["m"])
        if not month:
            continue
        try:
            if groups.get("d") is None:
                return date_from_parts(int(groups["y"]), month, None), "month"
            return dt.date(int(groups["y"]), month, int(groups["d"])), "day"
        except ValueError:
            continue
    return None


def split_date_marker(text: str, where: str) -> tuple[str, dt.date | None]:
    """`read_date_marker` without the precision."""
    rest, published, _precision = read_date_marker(text, where)
    return rest, published


def read_date_marker(text: str, where: str) -> tuple[str, dt.date | None, str]:
    """Remove a leading `date 2024-03-08` / `date 2024-03` marker and return its date and precision.

    The marker may stand on its own line or run straight into the text (" date 2024-03-08 In
    a significant move …"); it and the whitespace around it are removed. A month-only marker
    means "published during that month": its precision is "month" (relative dates such as
    "on Sunday" then resolve to that month only) and its date the month's LAST day, so that
    absolute dates resolve to no later than that month, never past it.
    """
    match = _DATE_MARKER.match(text)
    if match is None:
        return text, None, "day"
    year, month, day = match["year"], match["month"], match["day"]
    try:
        published = date_from_parts(int(year), int(month), None if day is None else int(day))
    except ValueError as exc:
        marker = match.group(0).strip()
        raise InputError(where, f"invalid date marker '{marker}': {exc}") from exc
    return text[match.end() :], published, "day" if day else "month"


def date_from_parts(year: int, month: int, day: int | None) -> dt.date:
    """A day, or the last day of the month when only the month is known (see the marker)."""
    if day is None:
        if not 1 <= month <= 12:
            raise ValueError("month must be in 1..12")
        day = calendar.monthrange(year, month)[1]
    return dt.date(year, month, day)


def split_front_matter(text: str, where: str) -> tuple[str, ArticleMeta]:
    """Remove a leading `---` YAML block and return what it says about the article.

    Only a block whose first line is `key:` counts, so a Markdown article that opens with a
    horizontal rule is left alone. Unknown keys (tags, author…) are ignored.
    """
    opening = _FRONT_MATTER_OPEN.match(text)
    if opening is None:
        return text, NO_META
    closing = _FRONT_MATTER_CLOSE.search(text, opening.end(), opening.end() + _FRONT_MATTER_MAX_CHARS)
    if closing is None:
        raise InputError(where, "front matter has no closing '---' line")
    try:
        loaded = yaml.safe_load(text[opening.end() : closing.start()])
    except yaml.YAMLError as exc:
        raise InputError(where, f"invalid front matter: {yaml_problem(exc)}") from exc
    except (ValueError, RecursionError) as exc:  # `date: 2024-02-31`, a 5,000-digit id, [[[…]]]
        raise InputError(where, f"invalid front matter: {problem_of(exc)}") from exc
    if not isinstance(loaded, dict):
        raise InputError(where, "invalid front matter: expected 'key: value' lines")
    return text[closing.end() :], front_matter_meta(loaded, where)


def yaml_problem(exc: yaml.YAMLError) -> str:
    """PyYAML's message without its multi-line context dump, with the line inside the block."""
    if isinstance(exc, yaml.MarkedYAMLError) and exc.problem_mark is not None:
        return f"{exc.problem} (line {exc.problem_mark.line + 1} of the block)"
    return str(exc).splitlines()[0]


def front_matter_meta(values: dict[object, object], where: str) -> ArticleMeta:
    """Typed metadata from front matter; YAML already turns `2024-03-08` into a date."""
    try:
        raw_date = values.get("date", values.get("published"))
        published = None if raw_date is None else parse_date_value(raw_date, "field 'date'")
        return ArticleMeta(
            id=scalar_text(values.get("id"), "id"),
            published=published,
            published_precision=None if published is None else precision_of(raw_date),
            published_from=None if published is None else "front_matter",
            url=scalar_text(values.get("url"), "url"),
            title=scalar_text(values.get("title"), "title"),
            lang=scalar_text(values.get("lang"), "lang"),
            source=scalar_text(values.get("source"), "source"),
        )
    except (TypeError, ValueError) as exc:
        raise InputError(where, f"invalid front matter: {exc}") from exc


def scalar_text(value: object, field: str) -> str | None:
    """YAML reads `id: 42` as a number; a list or mapping where text belongs is a mistake."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise TypeError(f"field '{field}' must be text, got {json_type(value)}")
    return str(value).strip() or None


def precision_of(value: object) -> str:
    """"month" for a `YYYY-MM` value, else "day"."""
    return "month" if isinstance(value, str) and _ISO_MONTH.match(value.strip()) else "day"


def parse_date_value(value: object, name: str) -> dt.date:
    """A publication date from YAML or JSON: a date, `YYYY-MM-DD`, `YYYY-MM` or an ISO datetime."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise TypeError(f"{name} must be YYYY-MM-DD, got {json_type(value)}")
    text = value.strip()
    month = _ISO_MONTH.match(text)
    try:
        if month is not None:
            return date_from_parts(int(month[1]), int(month[2]), None)
        if len(text) == 10:
            return dt.date.fromisoformat(text)
        return dt.datetime.fromisoformat(text).date()
    except ValueError as exc:
        raise ValueError(f"{name} must be YYYY-MM-DD, got '{value}'") from exc


def normalize_lang(lang: str | None) -> str | None:
    """Per-language data is keyed by the primary subtag, so `en-US` and `EN` mean `en`."""
    if lang is None:
        return None
    primary = lang.strip().replace("_", "-").split("-")[0].lower()
    return primary or None


# ---------------------------------------------------------------------------------------------
# JSON and JSON Lines


def iter_jsonl_file(path: Path, source: str, options: ReadOptions) -> Iterator[Located | InputError]:
    """Open a `.jsonl` file and stream it; a binary file is one error, not one per 'line'."""
    try:
        with path.open("rb") as handle:
            # read, not peek: peek returns one buffer's worth, which is the file system's block
            # size (often 4096), so a NUL past it went unseen and each line became an error
            head = handle.read(_SNIFF_BYTES)
            handle.seek(0)
            if b"\x00" in head:
                yield InputError(source, "binary file (not text)")
                return
            document = document_format(head)
            if document is not None:
                yield InputError(source, f"{document}, not text (convert it to text first)")
                return
            yield from iter_jsonl_stream(handle, source, display_path(path.stem), options)
    except OSError as exc:
        yield InputError(source, os_reason(exc))


def iter_jsonl_stream(
    stream: BinaryIO, source: str, stem: str | None, options: ReadOptions
) -> Iterator[Located | InputError]:
    """One article per line; a bad line is an error naming `source:line`, and reading goes on.

    `max_bytes` bounds each line (each article), not the file: a JSONL file is streamed and
    may be far larger than any one article. Blank lines are skipped. Without an `id`, a line
    is `<stem>-<line>`; on stdin (no stem) it is the sha1 of its text, as for stdin text.
    """
    empty = True
    for lineno, line in iter_bounded_lines(stream, options.max_bytes):
        where = f"{source}:{lineno}"
        if line is None:
            empty = False
            yield InputError(where, f"line too large (> {options.max_bytes} bytes)")
        elif line.strip():
            empty = False
            default_id = None if stem is None else f"{stem}-{lineno}"
            yield from guarded(where, iter_jsonl_line(line, where, default_id, options))
    if empty:  # not one record: say so, as for an empty text file, rather than nothing at all
        yield InputError(source, "empty file")


def iter_jsonl_line(line: bytes, where: str, default_id: str | None, options: ReadOptions) -> Iterator[Located]:
    """One JSONL line's article, as a one-item stream so that `guarded` can watch it."""
    record = parse_json_line(decode_bytes(line, where), where)
    yield Located(parse_json_record(record, where=where, default_id=default_id, options=options), where)


def iter_bounded_lines(stream: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """Lines numbered from 1; a line longer than `limit` is skipped in chunks and given as None."""
    lineno = 0
    while line := stream.readline(limit + 1):
        lineno += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while (rest := stream.readline(limit + 1)) and not rest.endswith(b"\n"):
                pass
            yield lineno, None
        else:
            yield lineno, line


def iter_json_document(data: bytes, source: str, stem: str, options: ReadOptions) -> Iterator[Located | InputError]:
    """A `.json` file: one article object or a list of them (items named `source:item N`).

    JSON Lines saved under a `.json` name are common enough to be read as such.
    """
    text = decode_bytes(data, source)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data":
            yield from iter_jsonl_stream(io.BytesIO(data), source, stem, options)
            return
        raise InputError(source, json_error_reason(exc)) from exc
    if not isinstance(document, list):
        yield Located(parse_json_record(document, where=source, default_id=stem, options=options), source)
        return
    if not document:
        raise InputError(source, "no articles (an empty list)")
    for number, record in enumerate(document, start=1):
        where = f"{source}:item {number}"
        yield from guarded(where, iter_json_item(record, where, f"{stem}-{number}", options))


def iter_json_item(record: object, where: str, default_id: str, options: ReadOptions) -> Iterator[Located]:
    """One item of a JSON list, as a one-item stream so that `guarded` can watch it."""
    yield Located(parse_json_record(record, where=where, default_id=default_id, options=options), where)


def parse_json_line(text: str, where: str) -> object:
    """`json.loads` with its error turned into an `InputError`; `where` already names the line.

    The line ending is dropped first: an error at the end of the line would otherwise be
    reported at column 1 of a line after it.
    """
    try:
        return json.loads(text.rstrip("\r\n"))
    except json.JSONDecodeError as exc:
        raise InputError(where, f"invalid JSON: {exc.msg} (column {exc.colno})") from exc


def json_error_reason(exc: json.JSONDecodeError) -> str:
    """A whole `.json` document needs both the line and the column of the mistake."""
    return f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"


def parse_json_record(record: object, *, where: str, default_id: str | None, options: ReadOptions) -> Article:
    """Validate one JSON article record and build the article.

    Without `source`, the source is the `url`, else `where` (`path:line`); without `id`, it is
    `default_id`, else (stdin) the sha1 of the text. Unknown keys are ignored so that records
    exported by scrapers with extra fields still load.
    """
    if not isinstance(record, dict):
        raise InputError(where, f"expected a JSON object, got {json_type(record)}")
    text = record.get("text")
    if text is None:
        raise InputError(where, "missing 'text'")
    if not isinstance(text, str):
        raise InputError(where, f"'text' must be a string, got {json_type(text)}")
    if not text.strip():
        raise InputError(where, "'text' is empty")
    try:
        explicit = json_record_meta(record)
    except (TypeError, ValueError) as exc:
        raise InputError(where, str(exc)) from exc
    defaults = ArticleMeta(id=default_id or sha1_hex(text), source=explicit.url or where)
    return build_article(text, where=where, defaults=defaults, options=options, explicit=explicit)


def json_record_meta(record: dict[str, object]) -> ArticleMeta:
    """Typed optional fields; a JSON number is accepted as an id, nothing else is coerced."""
    raw_id = record.get("id")
    if isinstance(raw_id, int) and not isinstance(raw_id, bool):
        raw_id = str(raw_id)
    raw_published = json_string(record, "published")
    published = None if raw_published is None else parse_date_value(raw_published, "'published'")
    return ArticleMeta(
        id=json_string({"id": raw_id}, "id"),
        published=published,
        published_precision=None if published is None else precision_of(raw_published),
        published_from=None if published is None else "json",
        url=json_string(record, "url"),
        title=json_string(record, "title"),
        lang=json_string(record, "lang"),
        source=json_string(record, "source"),
    )


def json_string(record: dict[str, object], key: str) -> str | None:
    """An optional string field: null or blank is absent, any other type is an error."""
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError(f"'{key}' must be a string, got {json_type(value)}")
    return value.strip() or None


def json_type(value: object) -> str:
    """Error messages speak JSON's type names, which is what the user wrote."""
    match value:
        case bool():
            return "boolean"
        case int() | float():
            return "number"
        case str():
            return "string"
        case list():
            return "array"
        case dict():
            return "object"
        case None:
            return "null"
        case _:
            return type(value).__name__

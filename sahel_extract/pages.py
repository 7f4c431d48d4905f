"""Saved web pages reduced to an article: its prose, headline, publication day, canonical URL, language.

News sites wrap a story in navigation, related links, cookie banners, bylines, share bars and
comment threads, and state its metadata in half a dozen places (JSON-LD, OpenGraph, `<meta>`,
`<time>`, the URL). trafilatura, with htmldate for the date, is maintained against that variety,
so it reads pages first. The rules reader below (largest `<article>`, a few date selectors) is
kept small as the fallback: for a page trafilatura finds no text in, for metadata it leaves
empty (the language, above all, which it only guesses with an optional model), and for an
install without trafilatura. `bench/html_readers.py` measures both on `fixtures/html/`.

Nothing is fetched: both readers only ever see the page's text, never a URL.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

_LOOKS_LIKE_HTML = re.compile(r"\A\s*<(?:!doctype\s+html|html[\s>])", re.IGNORECASE)
_ISO_DAY = re.compile(r"\A\s*(\d{4})-(\d{2})-(\d{2})")

_HTML_SKIPPED_TAGS = frozenset(
    {
        "-comment",
        "aside",
        "button",
        "canvas",
        "embed",
        "figcaption",
        "footer",
        "form",
        "head",
        "header",
        "iframe",
        "nav",
        "noscript",
        "object",
        "script",
        "select",
        "style",
        "svg",
        "template",
        "textarea",
    }
)
"""Page furniture, not article prose: menus, bylines blocks, captions, code and widgets."""

_HTML_BLOCK_TAGS = frozenset(
    {
        "address",
        "article",
        "blockquote",
        "body",
        "dd",
        "details",
        "div",
        "dl",
        "dt",
        "figure",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "html",
        "li",
        "main",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "td",
        "th",
        "tr",
        "ul",
    }
)
"""Elements that end a paragraph; the text between two of them becomes one paragraph."""

_HTML_NESTING_TAG = re.compile(
    r"<(/?)(?:(address|article|aside|blockquote|center|details|dialog|dir|div|dl|fieldset"
    r"|figcaption|figure|footer|header|hgroup|main|menu|nav|ol|section|summary|ul)"
    r"|dd|dt|h[1-6]|li)(?=[\s/>])",
    re.IGNORECASE,
)
"""Start tags whose tree-building step scans the stack of open elements (HTML §13.2.6.4.7).

The first group nests (an unclosed `<div>` stays open); the others only pay for the scan.
"""

MAX_HTML_NESTING_COST = 1_000_000_000
"""About three seconds of parsing: real pages are 1,000 times below, soup of 30,000 unclosed
`<div>` tags above. Lexbor, like every spec parser, is quadratic in the nesting depth."""

_HTML_LANG_SELECTORS = ('meta[property="og:locale"]', 'meta[http-equiv="content-language" i]')

_HTML_PUBLISHED_SELECTORS = (
    ('meta[property="article:published_time"]', "content"),
    ('meta[itemprop="datePublished"]', "content"),
    ('meta[name="date"]', "content"),
)

DATE_SEARCH = {
    "extensive_search": False,
    "original_date": True,
    "min_date": "1990-01-01",
    "max_date": "2099-12-31",
}
"""htmldate reads the page's markup (metadata, JSON-LD, `<time>`, the canonical URL) and not its
prose: a date in the story is the event's, not the page's. Fixed bounds keep the result
independent of the day of the run (htmldate's default upper bound is today)."""


MAX_TRAFILATURA_BLOCKS = 5_000
"""trafilatura's time grows with the page's blocks (paragraphs, list items, cells): some 0.3 ms
each here, 1.4 s for 5,000. A news story has a few hundred even with its comments; a page of
50,000 (7 s) is a listing or garbage, and reading happens outside `--timeout`, so the rules
reader (20 times faster) takes it. trafilatura declines pages above 20 MB by itself."""


@dataclass(frozen=True)
class Page:
    """What a saved page reduces to, and which reader gave its text."""

    text: str
    title: str | None = None
    published: dt.date | None = None
    url: str | None = None
    lang: str | None = None
    reader: str = "rules"


def read_page(html: str) -> Page:
    """The article of a page: trafilatura's reading, completed by the rules reader's metadata.

    The rules reader always runs (it costs a millisecond) because it is the one that reads the
    page's declared language; its text is used only when trafilatura gives none. A page whose
    only text is in menus, headers and footers has no article, although trafilatura's recall
    passes would return the menu; a page of more blocks than `MAX_TRAFILATURA_BLOCKS` is read
    by the rules reader alone.
    """
    rules = reduce_html(html)
    blocks = rules.text.count("\n\n") + 1 if rules.text else 0
    extracted = trafilatura_page(html) if 0 < blocks <= MAX_TRAFILATURA_BLOCKS else None
    if extracted is None:
        return rules
    return Page(
        text=extracted.text,
        title=extracted.title or rules.title,
        published=extracted.published or rules.published,
        url=extracted.url or rules.url,
        lang=rules.lang,
        reader=extracted.reader,
    )


def trafilatura_page(html: str) -> Page | None:
    """trafilatura's article, or None when it is not installed or finds no text.

    The headline opens the text, as it opens the text articles the extractor is tuned on (and
    often carries the toll); paragraphs are separated by blank lines, as in the rules reader.
    Comments are left out: readers' opinions are not reports.
    """
    extract = trafilatura_extract()
    if extract is None:
        return None
    try:
        document = extract(html, with_metadata=True, include_comments=False, date_extraction_params=DATE_SEARCH)
    except Exception:  # a third-party parser failing on soup: the rules reader takes the page
        return None
    if document is None:
        return None
    paragraphs = [" ".join(line.split()) for line in (document.text or "").split("\n")]
    paragraphs = [paragraph for paragraph in paragraphs if paragraph]
    if not paragraphs:
        return None
    title = clean_text(document.title)
    if title is not None and paragraphs[0] != title:
        paragraphs.insert(0, title)
    return Page(
        text="\n\n".join(paragraphs),
        title=title,
        published=loose_iso_day(document.date),
        url=clean_text(document.url),
        reader="trafilatura",
    )


@functools.cache
def trafilatura_extract() -> Callable[..., Any] | None:
    """`trafilatura.bare_extraction` with our settings, imported on first use (a third of a
    second), or None when trafilatura is not installed.

    Below `MIN_EXTRACTED_SIZE` characters trafilatura replaces its reading by a dump of the
    whole page on one line (captions and menus included); at 0 a short page keeps its
    paragraphs, and a page read badly is still caught by the rules reader's metadata.
    trafilatura logs a warning for every page it declines: without a handler of its own those
    would reach stderr through logging's last resort, so it gets a null one (an application
    that configures logging still receives them).
    """
    try:
        from trafilatura import bare_extraction
        from trafilatura.settings import use_config
    except ImportError:
        return None
    logging.getLogger("trafilatura").addHandler(logging.NullHandler())
    config = use_config()
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "0")
    return functools.partial(bare_extraction, config=config)


def clean_text(value: str | None) -> str | None:
    """Whitespace collapsed; blank is absent."""
    return (" ".join(value.split()) or None) if value else None


# ---------------------------------------------------------------------------------------------
# The rules reader (fallback)


def looks_like_html(text: str) -> bool:
    """A text input is HTML when it opens like a page, whatever its file name says."""
    return _LOOKS_LIKE_HTML.match(text) is not None


def html_too_nested(html: str) -> bool:
    """Whether parsing would take unreasonably long; most pages are cleared by counting `<`."""
    tags = html.count("<")
    if tags * tags // 2 <= MAX_HTML_NESTING_COST:
        return False
    return html_nesting_cost(html) > MAX_HTML_NESTING_COST


def html_nesting_cost(html: str) -> int:
    """Estimate the parser's work on the stack of open elements, before parsing.

    Each start tag of `_HTML_NESTING_TAG` costs the current nesting depth; the depth is an
    upper bound, since the parser may close elements implicitly. A batch must not hang for
    minutes on one file of garbage (SPEC §5), so `build_article` refuses what costs too much.
    The scan itself runs at some 30 MB/s, hence the cheap bound in `html_too_nested` first.
    """
    depth = cost = 0
    for match in _HTML_NESTING_TAG.finditer(html):
        closing, nesting = match.group(1), match.group(2)
        if closing:
            if nesting:
                depth = max(depth - 1, 0)
            continue
        cost += depth
        if nesting:
            depth += 1
    return cost


def reduce_html(html: str) -> Page:
    """Reduce a page to its article prose: one paragraph per block, blank lines between.

    The main content is the largest `<article>`, else `<main>`, else `<body>`; menus, headers,
    footers, asides, forms, scripts and captions are skipped. Lexbor parses any soup the way a
    browser would, so broken markup degrades the text instead of raising.
    """
    parser = LexborHTMLParser(html)
    root = content_root(parser)
    paragraphs = [] if root is None else html_paragraphs(root)
    return Page(
        text="\n\n".join(paragraphs),
        title=html_title(parser, root),
        published=html_published(parser, root),
        url=html_url(parser),
        lang=html_lang(parser),
    )


def content_root(parser: LexborHTMLParser) -> LexborNode | None:
    """Prefer the article element: pages wrap it in navigation and related-story lists."""
    articles = parser.css("article")
    if articles:
        return max(articles, key=lambda node: len(node.text(deep=True)))
    main = parser.css_first("main")
    if main is not None:
        return main
    return parser.body if parser.body is not None else parser.root


def html_paragraphs(root: LexborNode) -> list[str]:
    """Walk the tree with an explicit stack: soup can nest 100,000 tags deep, past recursion."""
    paragraphs: list[str] = []
    pending: list[str] = []

    def flush() -> None:
        paragraph = " ".join("".join(pending).split())
        pending.clear()
        if paragraph:
            paragraphs.append(paragraph)

    stack: list[LexborNode | None] = [root]
    while stack:
        node = stack.pop()
        if node is None:
            flush()
            continue
        if node.is_text_node:
            pending.append(node.text_content or "")
            continue
        tag = node.tag or ""
        if tag in _HTML_SKIPPED_TAGS or not node.is_element_node:
            continue
        if tag == "br" or tag in _HTML_BLOCK_TAGS:
            flush()
            stack.append(None)
        stack.extend(reversed(list(node.iter(include_text=True))))
    flush()
    return paragraphs


def html_title(parser: LexborHTMLParser, root: LexborNode | None) -> str | None:
    """The page's `<title>`, else its OpenGraph title, else the article's first heading."""
    title = node_text(parser.css_first("title"))
    if title is None:
        title = attribute(parser.css_first('meta[property="og:title"]'), "content")
    if title is None and root is not None:
        title = node_text(root.css_first("h1"))
    return title


def html_url(parser: LexborHTMLParser) -> str | None:
    """The canonical link, else the OpenGraph URL."""
    url = attribute(parser.css_first('link[rel="canonical"]'), "href")
    return url if url is not None else attribute(parser.css_first('meta[property="og:url"]'), "content")


def html_lang(parser: LexborHTMLParser) -> str | None:
    """The language the page declares: `<html lang>`, else its OpenGraph locale (`fr_FR`), else
    a `Content-Language` header copied into the page. The reader keeps the primary subtag."""
    html_root = parser.root
    if html_root is not None and html_root.tag == "html":
        lang = attribute(html_root, "lang")
        if lang is not None:
            return lang
    for selector in _HTML_LANG_SELECTORS:
        lang = attribute(parser.css_first(selector), "content")
        if lang is not None:
            return lang
    return None


def html_published(parser: LexborHTMLParser, root: LexborNode | None) -> dt.date | None:
    """Publication metadata first, then the first `<time datetime>` of the article, then any."""
    candidates = [attribute(parser.css_first(selector), name) for selector, name in _HTML_PUBLISHED_SELECTORS]
    if root is not None:
        candidates.append(attribute(root.css_first("time[datetime]"), "datetime"))
    candidates.append(attribute(parser.css_first("time[datetime]"), "datetime"))
    for candidate in candidates:
        published = loose_iso_day(candidate)
        if published is not None:
            return published
    return None


def loose_iso_day(value: str | None) -> dt.date | None:
    """The day of an ISO timestamp as written (its local date); junk in pages is ignored."""
    match = _ISO_DAY.match(value or "")
    if match is None:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def node_text(node: LexborNode | None) -> str | None:
    """Whitespace-collapsed text of a node, or None when it is absent or blank."""
    if node is None:
        return None
    return " ".join(node.text(deep=True).split()) or None


def attribute(node: LexborNode | None, name: str) -> str | None:
    """A stripped attribute value, or None when the node or the value is missing or blank."""
    if node is None:
        return None
    value = node.attributes.get(name)
    return (value.strip() or None) if value else None

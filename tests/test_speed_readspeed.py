"""The per-article overhead around `Extractor.process` (reading, the time limit) is cut without
changing any answer: each fast path is checked against the plain computation it replaced."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter

import pytest
from test_writers import actor, make_event

from sahel_extract.ids import content_key, identify, stable_event_id
from sahel_extract.models import Article, Event
from sahel_extract.readers import _DOCUMENT_MAGIC, NO_META, ArticleMeta, decode_bytes, document_format

DAY = dt.date(2024, 3, 8)
METAS = [
    NO_META,
    ArticleMeta(),
    ArticleMeta(id="a"),
    ArticleMeta(lang="fr", source="s"),
    ArticleMeta(published=DAY, published_precision="day", published_from="json"),
    ArticleMeta(id="b", url="https://x.org/2024/03/08/y", title="T", lang="en", source="z"),
    ArticleMeta(id="c", published=DAY, published_precision="month", published_from="marker", title="U"),
]


def layered_by_replace(first: ArticleMeta, second: ArticleMeta) -> ArticleMeta:
    """`or_else` as it was written first: getattr on each field, then `dataclasses.replace`."""
    missing = {
        f.name: getattr(second, f.name)
        for f in dataclasses.fields(ArticleMeta)
        if getattr(first, f.name) is None and getattr(second, f.name) is not None
    }
    return dataclasses.replace(first, **missing) if missing else first


@pytest.mark.parametrize("first", METAS)
@pytest.mark.parametrize("second", METAS)
def test_or_else_equals_replace(first: ArticleMeta, second: ArticleMeta) -> None:
    layered = first.or_else(second)
    expected = layered_by_replace(first, second)
    assert layered == expected
    assert hash(layered) == hash(expected)
    assert type(layered) is ArticleMeta
    assert dataclasses.asdict(layered) == dataclasses.asdict(expected)


def test_or_else_keeps_its_inputs() -> None:
    first, second = ArticleMeta(id="a"), ArticleMeta(lang="en")
    layered = first.or_else(second)
    assert (layered.id, layered.lang) == ("a", "en")
    assert first == ArticleMeta(id="a") and second == ArticleMeta(lang="en")
    with pytest.raises(dataclasses.FrozenInstanceError):
        layered.id = "b"  # type: ignore[misc]


def document_format_by_loop(data: bytes) -> str | None:
    head = data[:16].lstrip(b"\xef\xbb\xbf")
    return next((name for magic, name in _DOCUMENT_MAGIC if head.startswith(magic)), None)


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b'{"id": "x", "text": "Gunmen attacked."}\n',
        b"\xef\xbb\xbf%PDF-1.4 ...",
        b"%PDF-1.7",
        b"PK\x03\x04rest",
        b"{\\rtf1",
        b"%!PS-Adobe",
        b"\x89PNG\r\n",
        b"GIF89a",
        b"\xff\xd8\xff\xe0",
        b"\x1f\x8b\x08",
        b"%PD",
        b"plain text",
    ],
)
def test_document_format_fast_path(data: bytes) -> None:
    assert document_format(data) == document_format_by_loop(data)


def identify_by_counter(article: Article, doc_id: str, events: list[Event]) -> list[tuple[str, str | None, str | None]]:
    """The ids as `identify` first gave them, its ordinals counted by a `Counter`."""
    seen: Counter[str] = Counter()
    out = []
    for event in events:
        key = content_key(event)
        out.append((stable_event_id(doc_id, key, seen[key]), article.url, article.title))
        seen[key] += 1
    return out


CLASH = make_event("a")
RAID = make_event("b", event_date="2024-07-28")
SIDES = make_event("c", actors=[actor("JNIM", "Rebel group", "target"), actor("FAMa", "State forces", "initiator")])


@pytest.mark.parametrize(
    "events",
    [[], [CLASH], [CLASH, CLASH], [CLASH, RAID, CLASH, SIDES, RAID, CLASH], [SIDES, SIDES, RAID]],
)
def test_identify_ordinals_equal_the_counter_ones(events: list[Event]) -> None:
    article = Article(id="doc", text="t", url="https://x.org/a", title="A")
    identified = identify(article, "doc", events)
    assert [(e.event_id, e.url, e.title) for e in identified] == identify_by_counter(article, "doc", events)
    assert len({e.event_id for e in identified}) == len(events)


def decode_by_codecs(data: bytes) -> str:
    """`decode_bytes`'s fallbacks as first written, with the "utf-8-sig" codec."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


@pytest.mark.parametrize(
    "data",
    [
        b'{"text": "Gunmen attacked."}\n',
        b"\xef\xbb\xbfGunmen attacked.",
        b"\xef\xbb\xbf\xef\xbb\xbfTwo marks.",
        b"\xef\xbbhalf a mark",
        "Ségou, Tombouctou".encode(),
        "\ufeffSégou".encode(),
        "Ségou – caf\xe9".encode("cp1252"),
        b"\xef\xbb\xbfS\xe9gou",  # a mark, then Windows-1252
        b"undefined in cp1252: \x81\x8d",
        b"",
    ],
)
def test_decode_bytes_equals_the_codecs(data: bytes) -> None:
    assert decode_bytes(data, "x") == decode_by_codecs(data)

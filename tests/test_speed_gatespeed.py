"""The date stage's shortcuts answer as the full readings they stand for."""

from __future__ import annotations

import datetime as dt

import pytest

from sahel_extract.components import dates
from sahel_extract.components.dates import DateFinder, Resolved


@pytest.fixture(scope="module", params=["en", "fr"])
def finder(request: pytest.FixtureRequest) -> DateFinder:
    return DateFinder(dates.load_cues("", request.param))


@pytest.mark.parametrize(
    "window",
    [
        # a caption's closing words, with their colon, with spaces before it, in capitals
        " (Photo: AFP)",
        " | PHOTO : Reuters",
        " Crédit photo: RTB",
        # the words without a colon, a colon without the words, neither, nothing
        " photo by AFP",
        " the army said: nothing",
        " in Djibo",
        "",
        # a colon glued to other words, non-ASCII text
        " Photos:x",
        " Şphoto: é",
    ],
)
def test_caption_tail_is_the_rules_search(finder: DateFinder, window: str) -> None:
    assert finder._caption_tail(window) == (finder.cues.caption_tail.search(window) is not None)


@pytest.mark.parametrize(
    ("resolved", "fields"),
    [
        (dates._day(dt.date(2024, 3, 5)), ("2024-03-05", "day", dt.date(2024, 3, 5))),
        (dates._month(2024, 3), ("2024-03", "month", dt.date(2024, 3, 15))),
        (dates._unresolved(), (None, None, None)),
    ],
)
def test_resolved_reads_as_its_fields(resolved: Resolved, fields: tuple[object, ...]) -> None:
    assert (resolved.value, resolved.precision, resolved.day) == fields

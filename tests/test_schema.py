"""The event record against its published schema, and the JSON Lines round trip.

`sahel-extract schema` is a promise to downstream users: every record the tool writes must
validate against it, and a record read back with the model must serialise to the same bytes
(otherwise `diff` would report changes that are not there).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest
from conftest import FIXTURES
from jsonschema import Draft202012Validator

from sahel_extract import Extractor
from sahel_extract.errors import InputError
from sahel_extract.models import SUB_EVENT_TYPES, Event, event_json_schema
from sahel_extract.readers import iter_articles

ARTICLES = FIXTURES / "articles"
ARTICLE_NAMES = sorted(path.name for path in ARTICLES.iterdir() if path.is_file())

SPEC_FIELD_ORDER = (
    "schema",
    "event_id",
    "doc_id",
    "source",
    "url",
    "title",
    "published",
    "event_date",
    "date_precision",
    "date_text",
    "event_type",
    "sub_event_type",
    "actors",
    "location",
    "fatalities",
    "casualties",
    "flags",
    "evidence",
    "confidence",
    "extractor",
)
"""SPEC §3's field order, with the article's `url` and `title` (issue #20) after its `source`;
a fixed order is part of byte-identical output."""

MERGED_FIELDS = ("sources", "explain")
"""Fields only `merge` or `extract --explain` write (after SPEC's): optional in the schema, absent
from `extract` output by default."""


@pytest.fixture(scope="module")
def lines_by_article(extractor: Extractor) -> dict[str, list[str]]:
    """The JSONL lines (as `extract` writes them) of every bundled article, by file name."""
    lines: dict[str, list[str]] = {}
    for item in iter_articles([str(ARTICLES / name) for name in ARTICLE_NAMES]):
        assert not isinstance(item, InputError), item
        assert item.source is not None
        lines[item.source.rsplit("/", 1)[-1]] = [event.to_json() for event in extractor.extract(item)]
    return lines


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    schema = event_json_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def schema_problems(validator: Draft202012Validator, record: object) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}" for e in validator.iter_errors(record)]


# ---------------------------------------------------------------------------------------------
# the schema itself


def test_schema_identity() -> None:
    schema = event_json_schema()
    assert schema["$id"] == "sahel-extract/event@1"
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert json.loads(json.dumps(schema)) == schema, "the schema is not plain JSON"


def test_schema_properties_follow_the_spec() -> None:
    properties = event_json_schema()["properties"]
    assert isinstance(properties, dict)
    assert tuple(properties) == SPEC_FIELD_ORDER + MERGED_FIELDS


def test_merged_fields_are_optional() -> None:
    required = event_json_schema()["required"]
    assert isinstance(required, list)
    assert not set(MERGED_FIELDS) & set(required)


def test_a_merged_record_validates_and_round_trips(
    lines_by_article: dict[str, list[str]], validator: Draft202012Validator
) -> None:
    line = next(line for lines in lines_by_article.values() for line in lines)
    record = json.loads(line)
    record["sources"] = [
        {"doc_id": record["doc_id"], "event_id": record["event_id"], "url": record["source"], "published": None, "fatalities": 3}
    ]
    assert schema_problems(validator, record) == []
    merged = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
    assert Event.model_validate_json(merged).to_json() == merged
    record["sources"] = []
    assert schema_problems(validator, record), "an empty sources list is accepted"


def test_schema_is_the_models_schema() -> None:
    """The printed schema is pydantic's, plus only its identity: nothing is maintained twice."""
    schema = event_json_schema()
    assert {k: v for k, v in schema.items() if k not in ("$id", "$schema")} == Event.model_json_schema(by_alias=True)


# ---------------------------------------------------------------------------------------------
# every event of the bundled articles


@pytest.mark.parametrize("name", ARTICLE_NAMES)
def test_events_validate_against_schema(
    lines_by_article: dict[str, list[str]], validator: Draft202012Validator, name: str
) -> None:
    for line in lines_by_article[name]:
        record = json.loads(line)
        assert schema_problems(validator, record) == [], line


@pytest.mark.parametrize("name", ARTICLE_NAMES)
def test_events_round_trip_byte_for_byte(lines_by_article: dict[str, list[str]], name: str) -> None:
    for line in lines_by_article[name]:
        assert Event.model_validate_json(line).to_json() == line


@pytest.mark.parametrize("name", ARTICLE_NAMES)
def test_events_keep_spec_field_order(lines_by_article: dict[str, list[str]], name: str) -> None:
    for line in lines_by_article[name]:
        assert tuple(json.loads(line)) == SPEC_FIELD_ORDER


@pytest.mark.parametrize("name", ARTICLE_NAMES)
def test_sub_event_type_belongs_to_event_type(lines_by_article: dict[str, list[str]], name: str) -> None:
    for line in lines_by_article[name]:
        record = json.loads(line)
        assert record["sub_event_type"] in SUB_EVENT_TYPES[record["event_type"]], line


def test_the_bundled_articles_give_events(lines_by_article: dict[str, list[str]]) -> None:
    """Guards the tables above against passing vacuously."""
    assert sum(len(lines) for lines in lines_by_article.values()) >= len(ARTICLE_NAMES)


# ---------------------------------------------------------------------------------------------
# the schema rejects what the model rejects


def _set(path: tuple[str | int, ...], value: object) -> Callable[[dict[str, Any]], None]:
    def mutate(record: dict[str, Any]) -> None:
        target: Any = record
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return mutate


def _drop(key: str) -> Callable[[dict[str, Any]], None]:
    def mutate(record: dict[str, Any]) -> None:
        del record[key]

    return mutate


BREAKAGES: list[tuple[str, Callable[[dict[str, Any]], None]]] = [
    # identity
    ("wrong schema id", _set(("schema",), "sahel-extract/event@2")),
    ("missing event_id", _drop("event_id")),
    # closed vocabularies
    ("unknown event type", _set(("event_type",), "War")),
    ("unknown flag", _set(("flags",), ["rumoured"])),
    ("unknown actor type", _set(("actors", 0, "type"), "Aliens")),
    ("unknown actor role", _set(("actors", 0, "role"), "bystander")),
    ("unknown date precision", _set(("date_precision",), "decade")),
    ("unknown casualty kind", _set(("casualties", 0, "kind"), "bored")),
    # ranges and types
    ("confidence above 1", _set(("confidence",), 1.5)),
    ("fatalities as text", _set(("fatalities",), "dozens")),
    ("location precision 4", _set(("location", "precision"), 4)),
    # merged records
    ("sources not a list", _set(("sources",), {"doc_id": "a"})),
    ("source without event_id", _set(("sources",), [{"doc_id": "a"}])),
]


@pytest.fixture(scope="module")
def full_record(lines_by_article: dict[str, list[str]]) -> dict[str, Any]:
    """A real event with at least one actor, a location and a casualty, for the breakage table."""
    for lines in lines_by_article.values():
        for line in lines:
            record: dict[str, Any] = json.loads(line)
            if record["actors"] and record["location"] and record["casualties"]:
                return record
    pytest.fail("no bundled event has actors, a location and casualties")


@pytest.mark.parametrize(("label", "mutate"), BREAKAGES, ids=[label for label, _ in BREAKAGES])
def test_schema_and_model_reject(
    full_record: dict[str, Any], validator: Draft202012Validator, label: str, mutate: Callable[[dict[str, Any]], None]
) -> None:
    record = copy.deepcopy(full_record)
    mutate(record)
    assert schema_problems(validator, record), f"schema accepts: {label}"
    with pytest.raises(ValueError):
        Event.model_validate(record)

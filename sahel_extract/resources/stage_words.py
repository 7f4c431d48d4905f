"""The words inside a stage's patterns, per language: `places/<lang>.yaml`, the `words:` of `dates/<lang>.yaml`.

The place and date stages read every article with one set of patterns, whatever its language:
"near", "près de" and "15 km" are looked for in English and French copy alike, since each quotes
the other's place words and ACLED's notes mix them. The patterns' skeletons (where a name starts,
what may stand between a cue and the name) are typography and stay in code; the words that fill
them are data, one entry per slot with an `id`, per language. A slot's words are the union of
every declared language's entries, in the order of `languages.yaml` and of each file, a word
given twice kept where it first came: English's words, then the ones French adds, so that a
stage's pattern reads the same whatever language its article is in. A language without a file
of its own adds nothing (English's words serve it, as the other per-language files do).

Each term is a regular expression alternative (`kilomet(?:re|er)s?`, `près d(?:e|')`), compiled on
its own at load: a bad one fails with its file, line and field, like every data file.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import ConfigDict, Field, StringConstraints

from sahel_extract import cache
from sahel_extract.errors import DataFileError
from sahel_extract.resources import languages as languages_module
from sahel_extract.resources import loader
from sahel_extract.resources.languages import FILE as LANGUAGES_FILE
from sahel_extract.resources.languages import load_languages
from sahel_extract.resources.loader import (
    HEADER_KEYS,
    IdEntry,
    YamlFile,
    check_top_level,
    data_file,
    default_data_dir,
    id_entries,
    load_yaml,
)

Term = Annotated[str, StringConstraints(min_length=1)]
REGEX_SPECIALS = frozenset("\\.^$*+?{}[]|()")

PLACE_SLOTS = frozenset({
    "near", "distance_units", "coded_verbs", "coded_prepositions", "geoprecision_before", "geoprecision",
    "geoprecision_of", "settlement_after", "settlement_before", "settlement_of", "people_settlement",
    "people_settlement_of", "near_before", "in_before", "compound_suffixes", "name_end_words", "designators",
    "plain_words", "and_words", "settlements_plural", "pair_prepositions", "elided_prepositions", "place_intro",
    "road_words", "capital_named_after", "admin_words", "admin_before", "admin_of", "person_articles", "peoples",
    "village_peoples", "not_place_words",
})
"""The slots of `places/<lang>.yaml` (what each catches: the comments of `gazetteer/places/en.yaml`)."""

DATE_SLOTS = frozenset({
    "since", "since_articles", "since_event_prepositions", "year_before", "year_period_before", "not_a_year_after",
    "part_of_month", "in_month", "day_of_month_before", "day_of_month_after", "weekday_before",
    "weekday_preposition", "night_words", "ordinal_suffixes", "date_articles", "day_articles", "night_nouns",
    "night_of", "day_range_joiners", "month_of", "month_day_joiners", "not_a_date_after",
})
"""The slots of the `words:` of `dates/<lang>.yaml` (what each catches: `gazetteer/dates/en.yaml`)."""


class WordsEntry(IdEntry):
    """One entry of `words:`: a slot's id and the terms that fill it, tried in the order given."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    terms: Annotated[list[Term], Field(min_length=1)]


def load_stage_words(
    path: Path, slots: Collection[str], others: frozenset[str] = frozenset(), loaded: YamlFile | None = None
) -> dict[str, tuple[str, ...]]:
    """Validate the `words:` list of one language's file: known ids (`slots`; the file says what
    each catches), each once, every term a regular expression without a group of its own.
    `others` are the file's other top-level keys, read by another loader, which may pass the file
    it has `loaded` (parsing it is most of the cost). A file without `words:` gives none."""
    if loaded is None:
        loaded = load_yaml(path)
    check_top_level(loaded, HEADER_KEYS | {"words"} | others)
    if not isinstance(loaded.data, dict) or "words" not in loaded.data:
        return {}
    found: dict[str, tuple[str, ...]] = {}
    for entry, node, line in id_entries(loaded, "words", path, WordsEntry, slots):
        for term, term_line in zip(entry.terms, _term_lines(node, len(entry.terms), line), strict=True):
            try:
                compiled = re.compile(term, re.IGNORECASE)
            except re.error as exc:
                raise DataFileError(path, term_line, "terms", f"{term!r} is not a valid regular expression: {exc.msg}") from None
            if compiled.groups:
                raise DataFileError(path, term_line, "terms", f"{term!r} captures a group; write (?:…) (the stage's pattern names its own groups)")
        found[entry.id] = tuple(entry.terms)
    return found


def _term_lines(node: yaml.Node | None, count: int, line: int | None) -> list[int | None]:
    """The line of each term of an entry (of the entry when the YAML does not say)."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if getattr(key, "value", None) == "terms" and isinstance(value, yaml.SequenceNode) and len(value.value) == count:
                return [item.start_mark.line + 1 for item in value.value]
    return [line] * count


def stage_words(
    folder_name: str, slots: Collection[str], data_dir: Path | None = None, others: frozenset[str] = frozenset()
) -> dict[str, tuple[str, ...]]:
    """Every slot's words: the union of the declared languages' `<folder_name>/<lang>.yaml` (module
    doc); `others` as for `load_stage_words`. A slot no file fills has no words (the stage's
    pattern for it then matches nothing)."""
    folder = data_dir or default_data_dir()
    # The result depends only on the bytes of languages.yaml and of the stage's files (each read
    # again when the cache has it, ~0.3 ms, instead of parsed and validated, ~10 ms per stage)
    languages = data_file(folder, LANGUAGES_FILE)
    own = data_file(folder, f"{folder_name}/en.yaml").parent  # the folder the stage reads (its own, or the installed one)
    try:
        inputs = [languages.read_bytes()] + [item for file in sorted(own.glob("*.yaml")) for item in (file.name, file.read_bytes())]
    except OSError:
        inputs = []  # unreadable: built below, where the loaders name the problem
    entry = cache.fingerprint("stage-words", __file__, loader.__file__, languages_module.__file__)
    key = cache.digest(folder_name, *sorted(slots), *sorted(others), *inputs) if inputs else ""
    cached = cache.load(entry, key) if key else None
    if isinstance(cached, dict):
        return cached
    built = _union(folder, folder_name, slots, others)
    if key:
        cache.store(entry, key, built)
    return built


def _union(folder: Path, folder_name: str, slots: Collection[str], others: frozenset[str]) -> dict[str, tuple[str, ...]]:
    """`stage_words` read from the files themselves."""
    words: dict[str, dict[str, None]] = {slot: {} for slot in slots}  # ordered sets
    for code in load_languages(folder).codes:
        path = data_file(folder, f"{folder_name}/{code}.yaml")
        if not path.exists():
            continue
        for slot, terms in load_stage_words(path, slots, others).items():
            words[slot].update(dict.fromkeys(terms))
    return {slot: tuple(terms) for slot, terms in words.items()}


def plain(terms: tuple[str, ...]) -> bool:
    """Whether every term is a plain string (no regex syntax), so that `term in text` finds it."""
    return all(not (REGEX_SPECIALS & set(term)) for term in terms)


def shared_start(words: list[str]) -> str:
    """The longest start every word shares ("" for none, or no words): a text without it holds none of them."""
    start = words[0] if words else ""
    for word in words[1:]:
        while not word.startswith(start):
            start = start[:-1]
    return start

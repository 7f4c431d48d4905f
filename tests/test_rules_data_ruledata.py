"""The words inside the place and date stages' patterns are per-language data
(`gazetteer/places/<lang>.yaml`, the `words:` of `gazetteer/dates/<lang>.yaml`).

One pattern reads every article, so a slot's words are the union of the declared languages' files,
English's first, a word both give kept once where it first came; a language without a file adds
nothing. A broken file fails at load with its file, line and field (and `gazetteer validate` says
so). The patterns read as their examples say.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ROOT, gazetteer_with_toy
from typer.testing import CliRunner

from sahel_extract.cli import app
from sahel_extract.components import dates, places
from sahel_extract.errors import DataFileError
from sahel_extract.resources.dates import load_date_cues
from sahel_extract.resources.stage_words import (
    DATE_SLOTS,
    PLACE_SLOTS,
    load_stage_words,
    plain,
    shared_start,
    stage_words,
)

INSTALLED = ROOT / "gazetteer" / "places"

TOY_PLACES = "source: test\nlicence: CC BY 4.0\nwords:\n  - id: and_words\n    terms: [kaj, et]\n"


def test_every_slot_has_words_and_every_file_reads() -> None:
    for lang in ("en", "fr"):
        assert set(load_stage_words(INSTALLED / f"{lang}.yaml", PLACE_SLOTS)) <= PLACE_SLOTS
    assert all(places.WORDS[slot] for slot in PLACE_SLOTS)


PLAIN_SLOTS = ("name_end_words", "designators", "plain_words", "admin_words", "admin_of", "and_words", "peoples",
               "village_peoples", "not_place_words")


@pytest.mark.parametrize("slot", PLAIN_SLOTS)
def test_a_slot_read_as_words_holds_plain_lowercase_words(slot: str) -> None:
    assert plain(places.WORDS[slot])
    assert all(word == word.lower() and word == word.strip() for word in places.WORDS[slot])


def test_names_never_start_with_a_month_or_a_people() -> None:
    assert {"march", "lundi", "the", "president", "nordest"} <= places.NOT_PLACE_WORDS
    assert {"peul", "fulani", "touareg"} <= places.PEOPLES <= places.NOT_NAME_PARTS
    assert "bozo" in places.VILLAGE_PEOPLES.split("|") and "bozo" not in places.NOT_NAME_PARTS


@pytest.mark.parametrize(
    ("slot", "words"),
    [
        # English's words, then those French adds; one both give is kept where English has it
        ("and_words", ("and", "et")),
        ("distance_units", ("km", "kilomet(?:re|er)s?", "kilomètres?")),
        ("admin_of", ("of", "de", "du", "d'")),
        ("place_intro", ("of", "in", "at", "near", "between", "and", "à", "de", "du", "et", "entre", "dans")),
        # a slot only one language fills
        ("elided_prepositions", ("d",)),
    ],
)
def test_a_slot_is_the_union_of_the_languages_words(slot: str, words: tuple[str, ...]) -> None:
    assert places.WORDS[slot] == words


def test_a_language_without_a_file_adds_nothing(tmp_path: Path) -> None:
    assert stage_words("places", PLACE_SLOTS, gazetteer_with_toy(tmp_path, "places", None)) == places.WORDS


def test_a_language_with_a_file_adds_its_new_words_last(tmp_path: Path) -> None:
    words = stage_words("places", PLACE_SLOTS, gazetteer_with_toy(tmp_path, "places", TOY_PLACES))
    assert words["and_words"] == ("and", "et", "kaj")
    assert {slot: terms for slot, terms in words.items() if slot != "and_words"} == {
        slot: terms for slot, terms in places.WORDS.items() if slot != "and_words"
    }


@pytest.mark.parametrize(
    ("old", "new", "at", "field", "reason"),
    [
        # a term that does not compile, or that captures a group the pattern around it would clash with:
        # the line of the term
        ("    terms: [km, 'kilomet(?:re|er)s?']", "    terms: [km,\n            'kilomet(?:re|ers?']", "'kilomet(?:re|ers?'",
         "terms", "'kilomet(?:re|ers?' is not a valid regular expression: missing ), unterminated subpattern"),
        ("    terms: ['geo-?precision']", "    terms: ['geo-(precision)']", "'geo-(precision)'", "terms",
         "'geo-(precision)' captures a group; write (?:…) (the stage's pattern names its own groups)"),
        # an unknown id, an id given twice, an entry without terms
        ("- id: plain_words", "- id: plainwords", "- id: plainwords", "id", "unknown id plainwords (expected one of: {known})"),
        ("- id: plain_words", "- id: designators", "- id: designators\n    terms: [severe", "id",
         "id designators given twice (first on line {first})"),
        ("    terms: [coded]", "    terms: []", "    terms: []", "terms", "List should have at least 1 item after validation, not 0"),
        # a misspelt top-level key
        ("words:\n", "word:\n", "word:", "word", "unknown key (expected one of: licence, source, words)"),
    ],
)
def test_a_broken_entry_names_file_line_and_field(tmp_path: Path, old: str, new: str, at: str, field: str, reason: str) -> None:
    original = (INSTALLED / "en.yaml").read_text(encoding="utf-8")
    assert original.count(old) == 1, old
    text = original.replace(old, new)
    path = tmp_path / "en.yaml"
    path.write_text(text, encoding="utf-8")
    line = text[: text.index(at)].count("\n") + 1
    first = text[: text.index("- id: designators")].count("\n") + 1
    with pytest.raises(DataFileError) as caught:
        load_stage_words(path, PLACE_SLOTS)
    known = ", ".join(sorted(PLACE_SLOTS))
    assert (caught.value.path, caught.value.line, caught.value.field) == (str(path), line, field)
    assert caught.value.reason == reason.format(known=known, first=first)


def test_gazetteer_validate_reports_a_broken_places_file(tmp_path: Path) -> None:
    folder = tmp_path / "gazetteer"
    shutil.copytree(ROOT / "gazetteer", folder)
    path = folder / "places" / "fr.yaml"
    text = path.read_text(encoding="utf-8").replace("- id: road_words", "- id: roads", 1)
    path.write_text(text, encoding="utf-8")
    line = next(i for i, row in enumerate(text.split("\n"), start=1) if "- id: roads" in row)
    result = CliRunner().invoke(app, ["gazetteer", "validate", str(folder)])
    assert result.exit_code == 1
    assert f"{path}:{line}: field 'id': unknown id roads" in result.output


@pytest.mark.parametrize(
    ("words", "start"),
    [(["coded", "codé", "codée"], "cod"), (["and"], "and"), (["and", "et"], ""), ([], "")],
)
def test_shared_start_is_the_common_beginning(words: list[str], start: str) -> None:
    assert shared_start(words) == start
    assert all(word.startswith(start) for word in words)


@pytest.mark.parametrize(("terms", "expected"), [(("and", "et"), True), (("d'", "l’entrée de"), True), (("of\\b",), False), (("a|b",), False)])
def test_plain_tells_literal_terms(terms: tuple[str, ...], expected: bool) -> None:
    assert plain(terms) is expected


@pytest.mark.parametrize(
    ("pattern", "text", "found"),
    [
        # the examples of gazetteer/places/*.yaml, read by the patterns built from them
        ("DISTANCE", "65 km northeast of ", "65"),
        ("DISTANCE", "à 15 kilomètres de ", "15"),
        ("CODED_START", "coded as Pensa", "coded as "),
        ("CODED_START", "codé comme Pensa", "codé comme "),
        ("GEOPRECISION_AFTER", " at geoprecision 2)", "2"),
        ("GEOPRECISION_AFTER", " avec géo-précision de 3", "3"),
        ("COMPOUND_ADJECTIVE", "Turkish-made", "-made"),
        ("AXIS_WORDS", "l'axe Douenzta", "axe"),
        ("PLACE_INTRO", "dans le village de ", "de "),
        ("PLACE_INTRO", "la commune d'", "d'"),
        ("ADMIN_BEFORE", "the region of ", "region of "),
        ("CAPITAL_NAMED_AFTER", " régionale", " régionale"),
        ("LIST_NEXT", " et Obiagou", " et Obiagou"),
        ("PAIR_NEXT", " et d'Ouroka", " et d'Ouroka"),
    ],
)
def test_a_pattern_reads_its_examples(pattern: str, text: str, found: str) -> None:
    match = getattr(places, pattern).search(text)
    assert match is not None
    assert (match.group(1) if match.re.groups and pattern in {"DISTANCE", "GEOPRECISION_AFTER"} else match.group()) == found


@pytest.mark.parametrize(
    ("text", "joined"),
    [("Gao, Kidal and Menaka", True), ("Gao, Kidal et Ménaka", True), ("Gao, Kidal, Menaka", False)],
)
def test_joined_finds_the_and_words(text: str, joined: bool) -> None:
    assert places._joined(text) is joined


# ---------------------------------------------------------------------------------------------
# The date rules' words: `words:` beside the cues of dates/<lang>.yaml


def test_every_date_slot_has_words_and_the_cues_still_read() -> None:
    for lang in ("en", "fr"):
        path = ROOT / "gazetteer" / "dates" / f"{lang}.yaml"
        assert set(load_stage_words(path, DATE_SLOTS, frozenset({"cues"}))) <= DATE_SLOTS
        assert load_date_cues(path).statement_before  # the cues' loader passes over `words:`
    assert all(dates.WORDS[slot] for slot in DATE_SLOTS)


@pytest.mark.parametrize(
    ("slot", "words"),
    [
        ("since", ("since", "depuis")),
        ("since_event_prepositions", ("in", "on", "en", "le")),
        ("weekday_before", ("on", "late on", "early on", "le", "ce")),
        ("day_of_month_before", ("le", "du")),
    ],
)
def test_a_date_slot_is_the_union_of_the_languages_words(slot: str, words: tuple[str, ...]) -> None:
    assert dates.WORDS[slot] == words


def test_a_broken_date_word_names_file_line_and_field(tmp_path: Path) -> None:
    text = (ROOT / "gazetteer" / "dates" / "fr.yaml").read_text(encoding="utf-8").replace("- id: night_words", "- id: nights", 1)
    path = tmp_path / "fr.yaml"
    path.write_text(text, encoding="utf-8")
    line = text[: text.index("- id: nights")].count("\n") + 1
    with pytest.raises(DataFileError) as caught:
        load_stage_words(path, DATE_SLOTS, frozenset({"cues"}))
    assert (caught.value.line, caught.value.field) == (line, "id")
    folder = tmp_path / "gazetteer"
    shutil.copytree(ROOT / "gazetteer", folder)
    (folder / "dates" / "fr.yaml").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["gazetteer", "validate", str(folder)])
    assert result.exit_code == 1
    assert f"{folder / 'dates' / 'fr.yaml'}:{line}: field 'id': unknown id nights" in result.output


def test_a_language_without_date_words_adds_none(tmp_path: Path) -> None:
    folder = gazetteer_with_toy(tmp_path, "places", None)
    (folder / "dates" / "qaa.yaml").write_text("cues:\n  statement_before: [diraskis]\n", encoding="utf-8")
    assert stage_words("dates", DATE_SLOTS, folder, frozenset({"cues"})) == dates.WORDS


@pytest.mark.parametrize(
    ("pattern", "text", "found"),
    [
        ("SINCE_BEFORE", "since the ", "since the "),
        ("SINCE_BEFORE", "depuis l’", "depuis l’"),
        ("SINCE_OPENING", "Depuis 2015", "Depuis"),
    ],
)
def test_a_date_pattern_reads_its_examples(pattern: str, text: str, found: str) -> None:
    match = getattr(dates, pattern).search(text)
    assert match is not None and match.group() == found


def test_a_year_after_a_period_word_is_background() -> None:
    assert dates.PERIOD_PREPOSITIONS == {"since", "by", "from", "until", "depuis"}


@pytest.mark.parametrize(
    ("phrases", "hint"),
    [
        (["the capital", "the country's capital", "la capitale", "la capitale malienne"], "capital"),
        (["la capitale nigérienne", "the capital"], "capital"),  # a piece of a word
        (["the capital", "the capital city"], "capital"),  # the longest shared piece
        (["xy", "the capital"], ""),  # nothing shared: every text is read
        ([], ""),
    ],
)
def test_hint_word_is_in_every_phrase(phrases: list[str], hint: str) -> None:
    assert places.hint_word(phrases) == hint
    assert all(hint in phrase.lower() for phrase in phrases)


@pytest.mark.parametrize(
    ("rule", "text", "found"),
    [
        # the full-date rules, whose small words are data and month names code
        ("day_month_year", "on Friday, the 12th of March 2021", "Friday, the 12th of March 2021"),
        ("day_month_year", "dans la nuit du 12 au 13 mars", "dans la nuit du 12 au 13 mars"),
        ("day_month_year", "le 1er mars", "le 1er mars"),
        ("month_day_year", "on March 12-14, 2021", "March 12-14, 2021"),
        ("part_of_month", "fin juillet 2023", "fin juillet 2023"),
        ("in_month", "au cours du mois de juillet", "au cours du mois de juillet"),
        ("day_of_month", "le 15, des hommes", "le 15"),
    ],
)
def test_a_date_rule_reads_its_examples(rule: str, text: str, found: str) -> None:
    pattern = next(pattern for name, pattern, _resolve in dates.FIXED_RULES if name == rule)
    match = pattern.search(text)
    assert match is not None and match.group() == found


@pytest.mark.parametrize(("folder_name", "slots", "others"), [("places", PLACE_SLOTS, frozenset()), ("dates", DATE_SLOTS, frozenset({"cues"}))])
def test_the_cached_words_are_the_files_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, folder_name: str, slots: frozenset[str], others: frozenset[str]
) -> None:
    from sahel_extract.resources import stage_words as module

    monkeypatch.setenv("SAHEL_EXTRACT_CACHE", str(tmp_path / "cache"))
    folder = gazetteer_with_toy(tmp_path, "places", TOY_PLACES)
    built = stage_words(folder_name, slots, folder, others)  # built from the files, then stored
    assert built == module._union(folder, folder_name, slots, others)

    def unread(*_args: object) -> None:
        raise AssertionError("read again")

    monkeypatch.setattr(module, "_union", unread)
    assert stage_words(folder_name, slots, folder, others) == built  # from the cache
    # an edited file is read again
    path = folder / folder_name / "fr.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="read again"):
        stage_words(folder_name, slots, folder, others)

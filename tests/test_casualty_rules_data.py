"""The casualty rules are per-language data (`gazetteer/casualties/<lang>.yaml`).

A broken rules file fails at load with its file, line and field; the installed English and French
files give the tolls the stage gave when the rules were Python; and an edited copy of the data
folder changes what is extracted, so the rules really come from the files.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from spacy.tokens import Doc

from sahel_extract.components.common import CASUALTIES, payload
from sahel_extract.errors import DataFileError
from sahel_extract.extractor import Extractor, ExtractorConfig
from sahel_extract.pipeline import build_nlp
from sahel_extract.resources.casualty_rules import RULE_IDS, default_casualty_rules, load_casualty_rules
from sahel_extract.resources.loader import default_data_dir

INSTALLED = default_data_dir() / "casualties"


def line_of(text: str, needle: str, after: int = 0) -> int:
    """The 1-based number of the first line at or after line `after` that holds `needle`."""
    for number, line in enumerate(text.split("\n"), start=1):
        if number >= after and needle in line:
            return number
    raise AssertionError(f"{needle!r} not in the file")


def broken(tmp_path: Path, edit: Callable[[str], str]) -> tuple[Path, str]:
    """The installed English file with one thing broken, written to `tmp_path`."""
    original = (INSTALLED / "en.yaml").read_text(encoding="utf-8")
    text = edit(original)
    assert text != original
    path = tmp_path / "en.yaml"
    path.write_text(text, encoding="utf-8")
    return path, text


def replace_once(old: str, new: str) -> Callable[[str], str]:
    def edit(text: str) -> str:
        assert text.count(old) == 1, old
        return text.replace(old, new)

    return edit


def error_of(path: Path) -> str:
    with pytest.raises(DataFileError) as caught:
        load_casualty_rules(path)
    return str(caught.value)


# --- a broken file names its file, line and field -------------------------------------------------


def test_a_rule_that_does_not_compile(tmp_path: Path) -> None:
    path, text = broken(tmp_path, replace_once(r"\bno (?:casualties|", r"\bno (?:casualties|("))
    line = line_of(text, "regex:", after=line_of(text, "- id: no_casualties"))
    assert error_of(path) == f"{path}:{line}: field 'regex': not a valid regular expression: missing ), unterminated subpattern"


def test_a_look_behind_of_no_fixed_width_fails_at_load_too(tmp_path: Path) -> None:
    """(the compiler, not the parser, refuses this one)"""
    path, text = broken(tmp_path, replace_once("(?<!- )(?<!– )", "(?<!-+ )"))
    line = line_of(text, "regex:", after=line_of(text, "- id: pair_victims"))
    assert error_of(path) == f"{path}:{line}: field 'regex': not a valid regular expression: look-behind requires fixed-width pattern"


def test_a_broken_pattern_is_named_where_it_is_written_not_where_it_is_used(tmp_path: Path) -> None:
    path, text = broken(tmp_path, replace_once(r"(?:\b|(?<=\)))", r"(?:\b|(?<=\))"))
    line = line_of(text, "regex:", after=line_of(text, "- id: end"))
    assert error_of(path) == (
        f"{path}:{line}: field 'regex': not a valid regular expression (in {{end}}, used by toll_stated): "
        "missing ), unterminated subpattern"
    )


@pytest.mark.parametrize(
    ("old", "new", "at", "field", "reason"),
    [
        # an entry without its id
        ("  - id: no_casualties\n    regex:", "  - regex:", "- regex:", "id", "Field required"),
        # an id given twice: among the rules, among the patterns, or a pattern's id for a rule (the
        # second is named, with the line of the first)
        ("- id: fatalities_coded", "- id: succumbed", "- id: succumbed", "id", "id succumbed given twice (first on line {first})"),
        ("- id: revised", "- id: toll_words", "- id: toll_words", "id", "id toll_words given twice (first on line {first})"),
        ("- id: no_casualties", "- id: claim", "- id: claim", "id", "id claim given twice (first on line {first})"),
        # wrong types: a string where a list goes, a number for an id
        ("terms: [injured, wounded, hurt,", "terms: injured|wounded|hurt|[", "injured|wounded", "terms", "Input should be a valid list"),
        ("- id: kind_missing", "- id: 12", "- id: 12", "id", "Input should be a valid string"),
        # two forms of one pattern
        (
            "- id: revised\n", "- id: revised\n    regex: x\n", "- id: revised", None,
            "Value error, give exactly one of regex, terms, literals, words (found regex, terms)",
        ),
        # a key the format does not have
        ("- id: kind_missing\n", "- id: kind_missing\n    terms_fr: [x]\n", "terms_fr", "terms_fr", "Extra inputs are not permitted"),
    ],
)
def test_a_broken_entry(tmp_path: Path, old: str, new: str, at: str, field: str | None, reason: str) -> None:
    path, text = broken(tmp_path, replace_once(old, new))
    lines = [number for number, line in enumerate(text.split("\n"), start=1) if at in line]
    where = f"{path}:{lines[-1]}" + (f": field '{field}'" if field else "")
    assert error_of(path) == f"{where}: {reason.format(first=lines[0])}"


def test_a_reference_to_no_pattern(tmp_path: Path) -> None:
    path, text = broken(tmp_path, replace_once("{revised}", "{revisions}"))
    line = line_of(text, "regex:", after=line_of(text, "- id: toll_stated"))
    assert error_of(path) == f"{path}:{line}: field 'regex': {{revisions}} names no pattern of this file"


def test_a_pattern_that_uses_itself(tmp_path: Path) -> None:
    path, text = broken(tmp_path, replace_once("      (?:\\b|(?<=\\)))\n", "      (?:\\b|(?<=\\))|{end})\n"))
    line = line_of(text, "regex:", after=line_of(text, "- id: end"))
    assert error_of(path) == f"{path}:{line}: field 'regex': {{end}} refers back to itself"


def test_an_unknown_rule_and_a_missing_pattern(tmp_path: Path) -> None:
    path, text = broken(tmp_path, replace_once("- id: no_casualties", "- id: no_victims"))
    assert error_of(path) == (
        f"{path}:{line_of(text, '- id: no_victims')}: field 'id': unknown rule id no_victims (expected one of: {', '.join(RULE_IDS)})"
    )
    path, _text = broken(tmp_path, replace_once("- id: claim\n", "- id: claims\n"))
    assert error_of(path) == f"{path}: field 'patterns': missing pattern(s): claim"


def test_an_unknown_top_level_key(tmp_path: Path) -> None:
    path, text = broken(tmp_path, replace_once("rules:\n", "rule:\n"))
    assert error_of(path) == f"{path}:{line_of(text, 'rule:')}: field 'rule': unknown key (expected one of: licence, patterns, rules, source)"


def test_a_broken_file_stops_the_pipeline_build(tmp_path: Path) -> None:
    folder = tmp_path / "gazetteer"
    shutil.copytree(default_data_dir(), folder)
    path = folder / "casualties" / "fr.yaml"
    text = path.read_text(encoding="utf-8").replace("- id: lost_men", "- id: lost_men\n    terms: [x]")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError, match=re.escape(f"{path}:")):
        build_nlp("fr", data_dir=folder)


# --- the installed files ----------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "own", "other"), [("en", "killed", "tués"), ("fr", "tués", "killed")])
def test_each_language_has_its_own_words(lang: str, own: str, other: str) -> None:
    rules = default_casualty_rules(lang)
    assert [rule for rule, _pattern in rules.rules] == [rule for rule in RULE_IDS if rule in dict(rules.rules)]
    assert rules.kind_of[own] == "killed"
    assert other not in rules.kind_of


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Onze civils ont été tués à Tiangoro."),
        ("fr", "Eleven civilians were killed in Kourimba."),
    ],
)
def test_a_language_reads_no_figure_in_the_other(lang: str, text: str) -> None:
    assert rules_of(build_nlp(lang)(text)) == []


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(ExtractorConfig())


@pytest.mark.parametrize(
    ("text", "toll", "rule"),
    [
        # English: the verb before the figure
        ("Gunmen killed 14 villagers in Kourimba, in the Mopti region of Mali, on Tuesday, local officials said.", 14, "verb_count_victims"),
        # French: the figure, its victims and their fate
        (
            "Au moins onze civils ont été tués dimanche lors d'une attaque contre le village de Tiangoro, dans la région "
            "de Mopti au Mali, selon des sources locales.",
            11,
            "count_victims_kind",
        ),
    ],
)
def test_the_installed_rules_give_the_toll(extractor: Extractor, text: str, toll: int, rule: str) -> None:
    (event,) = extractor.extract(text)
    assert event.fatalities == toll
    lang = "fr" if text.startswith("Au") else "en"
    doc = build_nlp(lang)(text)
    # which rule made the figure: the span's payload names it (for an `--explain`)
    assert [(payload(span, CASUALTIES).rule, payload(span, CASUALTIES).best) for span in doc.spans[CASUALTIES]] == [(rule, toll)]


# --- an edited copy of the data changes what is extracted -------------------------------------------

VAPORISED = (
    "en",
    "Gunmen attacked the village of Kourimba, in the Mopti region of Mali, on Tuesday; fourteen villagers were "
    "vaporised, local officials said.",
    "vaporised",
    14,
)
PULVERISES = (
    "fr",
    "Des hommes armés ont attaqué le village de Tiangoro, dans la région de Mopti au Mali, dimanche : onze civils "
    "ont été pulvérisés, selon des sources locales.",
    "pulvérisés",
    11,
)


@pytest.mark.parametrize(("lang", "text", "word", "toll"), [VAPORISED, PULVERISES])
def test_a_fate_word_added_to_a_copy_of_the_data_is_read(
    tmp_path: Path, extractor: Extractor, lang: str, text: str, word: str, toll: int
) -> None:
    (event,) = extractor.extract(text)
    assert event.fatalities is None  # the installed words do not know it
    folder = tmp_path / "gazetteer"
    shutil.copytree(default_data_dir(), folder)
    path = folder / "casualties" / f"{lang}.yaml"
    edited = replace_once("  - id: kind_killed\n    terms: [", f"  - id: kind_killed\n    terms: [{word}, ")(path.read_text(encoding="utf-8"))
    path.write_text(edited, encoding="utf-8")
    (event,) = Extractor(ExtractorConfig(data_dir=folder, lang=lang)).extract(text)
    assert event.fatalities == toll


def test_a_rule_taken_out_of_a_copy_of_the_data_no_longer_scans(tmp_path: Path) -> None:
    text = "Gunmen killed 14 villagers in Kourimba on Tuesday."
    folder = tmp_path / "gazetteer"
    shutil.copytree(default_data_dir(), folder)
    path = folder / "casualties" / "en.yaml"
    source = path.read_text(encoding="utf-8")
    start = source.index("  - id: verb_count_victims")
    end = source.index("  - id: verb_victims_list")
    path.write_text(source[:start] + source[end:], encoding="utf-8")
    assert rules_of(build_nlp("en")(text)) == ["verb_count_victims"]
    assert "verb_count_victims" not in rules_of(build_nlp("en", data_dir=folder)(text))


def rules_of(doc: Doc) -> list[str]:
    return [payload(span, CASUALTIES).rule for span in doc.spans[CASUALTIES]]


def test_a_verbs_fate_comes_from_the_data(tmp_path: Path) -> None:
    text = "Gunmen stormed Kourimba on Tuesday, wounding five villagers."
    folder = tmp_path / "gazetteer"
    shutil.copytree(default_data_dir(), folder)
    path = folder / "casualties" / "en.yaml"
    path.write_text(replace_once("terms: [injur, wound]", "terms: [injur]")(path.read_text(encoding="utf-8")), encoding="utf-8")
    installed, edited = build_nlp("en")(text), build_nlp("en", data_dir=folder)(text)
    assert [span.label_ for span in installed.spans[CASUALTIES]] == ["injured"]
    assert [span.label_ for span in edited.spans[CASUALTIES]] == ["killed"]  # a verb no stem starts says killed


def test_the_english_rules_take_no_french_article_for_one() -> None:
    """'UN' in 'two Malian UN peacekeepers' is no French 'un': the figure is the two before it."""
    doc = build_nlp("en")("Two Malian UN peacekeepers and 3 assailants were killed near Tessalit on Monday.")
    found = [(payload(s, CASUALTIES).best, s.text) for s in doc.spans[CASUALTIES]]
    assert (1, "UN peacekeepers") not in found
    assert found[0][0] == 2 and "Malian UN peacekeepers" in found[0][1]

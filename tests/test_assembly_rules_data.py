"""The assembly step's words are per-language data (`gazetteer/assembly/<lang>.yaml`).

A broken file fails at load with its file, line and field (and `gazetteer validate` says so); a
rule a file leaves out matches nothing; a language without a file reads the English one.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sahel_extract.cli import app
from sahel_extract.components.caseless import CaselessPattern
from sahel_extract.errors import DataFileError
from sahel_extract.extractor import Extractor
from sahel_extract.resources.assembly_rules import NEVER, PIECES, RULES, TEMPLATES, assembly_rules, load_assembly_rules
from sahel_extract.resources.loader import default_data_dir

INSTALLED = default_data_dir() / "assembly"


def broken(tmp_path: Path, edit: Callable[[str], str], lang: str = "en") -> tuple[Path, str]:
    """The installed file of `lang` with one thing broken, written to `tmp_path`."""
    original = (INSTALLED / f"{lang}.yaml").read_text(encoding="utf-8")
    text = edit(original)
    assert text != original
    path = tmp_path / f"{lang}.yaml"
    path.write_text(text, encoding="utf-8")
    return path, text


def replace_once(old: str, new: str) -> Callable[[str], str]:
    def edit(text: str) -> str:
        assert text.count(old) == 1, old
        return text.replace(old, new)

    return edit


def error_of(path: Path) -> str:
    with pytest.raises(DataFileError) as caught:
        load_assembly_rules(path)
    return str(caught.value)


@pytest.mark.parametrize(
    ("old", "new", "at", "field", "reason"),
    [
        # a regex that does not compile: the line of its `regex:`
        (r"(?:in addition|", r"((?:in addition|", "((?:in addition|", "regex", "not a valid regular expression: missing ), unterminated subpattern"),
        # an entry without its id, or with an id the code has no rule for
        ("  - id: additive\n    regex:", "  - regex:", "- regex:", "id", "Field required"),
        ("- id: additive", "- id: additional", "- id: additional", "id", "unknown rule id additional (expected one of: {known})"),
        # an id given twice: the second is named, with the line of the first
        ("- id: ongoing", "- id: another", "- id: another", "id", "id another given twice (first on line {first})"),
        # wrong types and keys the format does not have
        ("- id: additive", "- id: 12", "- id: 12", "id", "Input should be a valid string"),
        ("- id: additive\n", "- id: additive\n    terms: [x]\n", "terms:", "terms", "Extra inputs are not permitted"),
        # a piece the rule uses that the file lacks, or that is a rule, not a piece
        ("{irregular_passive}", "{irregular}", "{irregular}", "regex", "{{irregular}} is not a piece (pieces: {pieces})"),
        ("  - id: irregular_passive\n    regex: |-\n      (?:found|shot|hit|struck|slain|burnt|caught|thrown|blown|torn|cut|hurt)\n", "",
         "{irregular_passive}", "regex", "{{irregular_passive}} names no piece of this file"),
        # the list a template's text holds, written in a rule that is no template; a template that does not compile
        ("(?:in addition|", "(?:{target_nouns}|in addition|", "{target_nouns}|in addition", "regex",
         "{{target_nouns}} is not a piece (pieces: {pieces})"),
        (r"(?:{target_nouns})(?:\s+[\w'’-]+){0,6}?", r"(?:{target_nouns})(?:\s+[\w'’-]+){0,6}?)", "{target_nouns})", "regex",
         "not a valid regular expression: unbalanced parenthesis"),
        # a number word's value that is no number
        ("  two: 2\n", "  two: zero\n", "two: zero", "numbers.two", "Input should be a valid integer, unable to parse string as an integer"),
        # a misspelt top-level key
        ("rules:\n", "rule:\n", "rule:", "rule", "unknown key (expected one of: licence, numbers, rules, source)"),
    ],
)
def test_a_broken_entry_names_file_line_and_field(tmp_path: Path, old: str, new: str, at: str, field: str, reason: str) -> None:
    path, text = broken(tmp_path, replace_once(old, new))
    rows = text.split("\n")
    lines = [number for number, line in enumerate(rows, start=1) if at in line]
    if field == "regex":  # the line of the rule's `regex:`, whichever line of its block is wrong
        lines = [max(number for number, line in enumerate(rows[: lines[0]], start=1) if "regex:" in line)]
    known = ", ".join(sorted([*RULES, *PIECES, *TEMPLATES]))
    expected = reason.format(first=lines[0], known=known, pieces=", ".join(sorted(PIECES)))
    assert error_of(path) == f"{path}:{lines[-1]}: field '{field}': {expected}"


def test_gazetteer_validate_names_the_broken_assembly_file(tmp_path: Path) -> None:
    folder = tmp_path / "gazetteer"
    shutil.copytree(default_data_dir(), folder)
    path = folder / "assembly" / "fr.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("- id: ongoing", "- id: ongoing\n    regex: x\n  - id: ongoing_too", 1), encoding="utf-8")
    line = next(number for number, row in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1) if "ongoing_too" in row)
    result = CliRunner().invoke(app, ["gazetteer", "validate", str(folder)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {path}:{line}: field 'id': unknown rule id ongoing_too")


@pytest.mark.parametrize(("lang", "without"), [("en", {"fighters_attacked"}), ("fr", {"forest_after", "region_after", "possessive_gap"})])
def test_the_installed_files_give_every_rule_their_language_has_words_for(lang: str, without: set[str]) -> None:
    rules = assembly_rules(None, lang)
    assert {name for name, source in rules.sources.items() if source == NEVER} == without
    for name, match in RULES.items():
        rule = getattr(rules, name)
        assert isinstance(rule, CaselessPattern) == (match == "caseless"), name


def test_a_rule_a_file_leaves_out_matches_nothing(tmp_path: Path) -> None:
    path, _text = broken(tmp_path, replace_once("  - id: hedge\n", "  - id: hedge_unused\n"))
    with pytest.raises(DataFileError):
        load_assembly_rules(path)
    path.write_text(
        "source: test\nlicence: CC BY 4.0\nrules:\n  - id: anaphora\n    regex: \\bthe attack\\b\n", encoding="utf-8"
    )
    rules = load_assembly_rules(path)
    assert rules.anaphora.search("The attack was claimed") is not None
    assert rules.hedge.search("They could attack") is None
    assert rules.background.search("The region has often seen attacks") is None


def test_each_language_s_assembler_reads_its_own_file_and_the_toy_language_english_s(tmp_path: Path) -> None:
    from test_toy_language import toy_folder

    folder = toy_folder(tmp_path)
    extractor = Extractor(data_dir=folder)
    assert extractor._assembler("qaa").rules.path == folder / "assembly" / "en.yaml"
    assert extractor._assembler("en").rules.path == folder / "assembly" / "en.yaml"


def test_a_language_without_a_file_reads_the_english_one(tmp_path: Path) -> None:
    folder = tmp_path / "gazetteer"
    shutil.copytree(default_data_dir(), folder)
    assert assembly_rules(folder, "qaa").path == folder / "assembly" / "en.yaml"
    assert assembly_rules(folder, "fr").path == folder / "assembly" / "fr.yaml"


@pytest.mark.parametrize(
    ("lang", "rule", "text", "found"),
    [
        ("en", "anaphora", "The ambush was claimed on Friday", "The ambush"),
        ("fr", "anaphora", "L'attaque a été revendiquée vendredi", "L'attaque"),
        ("en", "another", "Four gendarmes were killed in another attack", "another attack"),
        ("fr", "another", "Une attaque similaire a visé Djibo", "Une attaque similaire"),
        ("en", "hedge", "Jihadists could attack the town", "could"),
        ("en", "hedge", "In May, jihadists attacked the town", None),  # a month, matched as written
        ("fr", "background", "La région a connu des attaques répétées", "a connu"),
        ("en", "ongoing", "The army is keeping up its operations", "keeping up its operations"),
    ],
)
def test_what_the_installed_rules_find(lang: str, rule: str, text: str, found: str | None) -> None:
    match = getattr(assembly_rules(None, lang), rule).search(text)
    assert (match.group() if match else None) == found


@pytest.mark.parametrize(
    ("lang", "between", "found"),
    [
        ("en", ", the prison of ", True),
        ("en", ", the security post of the camp of ", True),
        ("en", ", the town of ", False),  # no target noun
        ("fr", ", le poste de sécurité du camp de ", True),
        ("fr", ", ainsi qu'une patrouille à ", True),
        ("fr", ", the prison of ", False),  # English words in a French rule
    ],
)
def test_the_target_separator_is_filled_with_the_target_nouns(lang: str, between: str, found: bool) -> None:
    separator = assembly_rules(None, lang).filled("target_separator", ["prison", "post", "poste", "patrouille"])
    assert (separator.fullmatch(between) is not None) == found
    assert assembly_rules(None, lang).filled("target_separator", []).fullmatch(between) is None

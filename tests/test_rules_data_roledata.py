"""The words of the role patterns are per-language data (`gazetteer/roles/<lang>.yaml`).

Besides its cue lists (plain phrases), a roles file fills the other slots of the role patterns
(`words:`: the articles after "claimed by", the "to" of "attributed to", "was" of a passive). Every
text is read with every language's cues, so a slot's words are the union of the declared
languages' files, English's first; a language without a file adds nothing. A broken file fails at
load with its file, line and field (and `gazetteer validate` says so). The patterns read as the
files' examples say.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, gazetteer_with_toy
from typer.testing import CliRunner

from sahel_extract.assemble import roles
from sahel_extract.cli import app
from sahel_extract.components.caseless import CaselessPattern
from sahel_extract.errors import DataFileError
from sahel_extract.resources.role_cues import CUE_KEYS, ROLE_SLOTS, load_role_file, role_cues

INSTALLED = ROOT / "gazetteer" / "roles"

TOY_ROLES = (
    "source: test\nlicence: CC BY 4.0\nagent_before: [fare de]\n"
    "words:\n  - id: passive_after\n    terms: [estis, was]\n"
)


def test_every_slot_has_words_and_every_file_reads() -> None:
    for lang in ("en", "fr"):
        loaded = load_role_file(INSTALLED / f"{lang}.yaml")
        assert set(loaded.cues) == set(CUE_KEYS)
        assert set(loaded.words) <= ROLE_SLOTS
    assert all(roles.WORDS[slot] for slot in ROLE_SLOTS)
    assert roles.CUES["agent_before"][:2] == ("by", "under attack from")  # English's phrases first


@pytest.mark.parametrize(
    ("slot", "words"),
    [
        # English's words, then those French adds
        ("passive_after", ("was", "were", "has been", "have been", "had been", "a été", "ont été")),
        ("articles", ("the", "les", "des", "la", "le", "l['’]", "du")),
        ("members_of", ("of", "from", "de", "du", "des", "d['’]")),
        # a slot only one language fills
        ("examples_elided", ("l['’]", "d['’]")),
        ("owned_target_verbs", ("was", "were", "attacked", "ambushed", "targeted", "hit", "struck", "came under")),
    ],
)
def test_a_slot_is_the_union_of_the_languages_words(slot: str, words: tuple[str, ...]) -> None:
    assert roles.WORDS[slot] == words


def test_a_language_without_a_file_adds_nothing(tmp_path: Path) -> None:
    assert role_cues(gazetteer_with_toy(tmp_path, "roles", None)) == roles.ROLE_CUES


def test_a_language_with_a_file_adds_its_cues_and_new_words_last(tmp_path: Path) -> None:
    cues = role_cues(gazetteer_with_toy(tmp_path, "roles", TOY_ROLES))
    assert cues.cues["agent_before"] == (*roles.CUES["agent_before"], "fare de")
    assert cues.words["passive_after"] == (*roles.WORDS["passive_after"], "estis")  # "was" is English's already
    assert {slot: terms for slot, terms in cues.words.items() if slot != "passive_after"} == {
        slot: terms for slot, terms in roles.WORDS.items() if slot != "passive_after"
    }


@pytest.mark.parametrize(
    ("old", "new", "at", "field", "reason"),
    [
        # a slot's term that does not compile, or that captures a group: the line of the term
        ("    terms: [claimed, claims]", "    terms: [claimed,\n            'claims(']", "'claims('", "terms",
         "'claims(' is not a valid regular expression: missing ), unterminated subpattern"),
        ("    terms: ['blame[ds]?']", "    terms: ['blame(d)?']", "'blame(d)?'", "terms",
         "'blame(d)?' captures a group; write (?:…) (the stage's pattern names its own groups)"),
        # an unknown slot, a slot given twice
        ("- id: blamed_on", "- id: blamed", "- id: blamed", "id", "unknown id blamed (expected one of: {slots})"),
        ("- id: blamed_on", "- id: blame_verbs", "- id: blame_verbs\n    terms: ['on']", "id",
         "id blame_verbs given twice (first on line {first})"),
        # a cue list that is no list, a phrase that is no text: the line of the list, of the phrase
        ("held_by: [occupied by, held by, manned by, used by, controlled by, operated by, housing]", "held_by: occupied by",
         "held_by:", "held_by", "expected a list of phrases"),
        ("held_by: [occupied by,", "held_by: [occupied by, '',", "held_by: [occupied by, ''", "held_by",
         "expected a phrase (non-empty text), got ''"),
        ("member_nouns: [members,", "member_nouns: [members,\n  [fighters],", "  [fighters]", "member_nouns",
         "expected a phrase (non-empty text), got ['fighters']"),
        # a misspelt top-level key
        ("held_by: [", "hold_by: [", "hold_by:", "hold_by", "unknown key (expected one of: {keys})"),
    ],
)
def test_a_broken_entry_names_file_line_and_field(tmp_path: Path, old: str, new: str, at: str, field: str, reason: str) -> None:
    original = (INSTALLED / "en.yaml").read_text(encoding="utf-8")
    assert original.count(old) == 1, old
    text = original.replace(old, new)
    path = tmp_path / "en.yaml"
    path.write_text(text, encoding="utf-8")
    line = text[: text.index(at)].count("\n") + 1
    first = text[: text.index("- id: blame_verbs")].count("\n") + 1
    with pytest.raises(DataFileError) as caught:
        load_role_file(path)
    keys = ", ".join(sorted({"source", "licence", "words", *CUE_KEYS}))
    assert (caught.value.path, caught.value.line, caught.value.field) == (str(path), line, field)
    assert caught.value.reason == reason.format(slots=", ".join(sorted(ROLE_SLOTS)), first=first, keys=keys)


def test_gazetteer_validate_reports_a_broken_roles_file(tmp_path: Path) -> None:
    folder = tmp_path / "gazetteer"
    shutil.copytree(ROOT / "gazetteer", folder)
    path = folder / "roles" / "fr.yaml"
    text = path.read_text(encoding="utf-8").replace("- id: claim_after", "- id: claims", 1)
    path.write_text(text, encoding="utf-8")
    line = next(i for i, row in enumerate(text.split("\n"), start=1) if "- id: claims" in row)
    result = CliRunner().invoke(app, ["gazetteer", "validate", str(folder)])
    assert result.exit_code == 1
    assert f"{path}:{line}: field 'id': unknown id claims" in result.output


@pytest.mark.parametrize(
    ("pattern", "text", "found"),
    [
        # the examples of gazetteer/roles/*.yaml, read by the patterns built from them (a window
        # before a name ends where the name starts, one after it starts where the name ends)
        ("ACT_AFTER", "-led attack", True),
        ("ACT_AFTER", " convoy", False),
        ("BY_BEFORE", "an attack carried out by the suspected ", True),
        ("BY_BEFORE", "frappes aériennes des ", True),
        ("BY_BEFORE", "by fighters of ", True),
        ("BY_BEFORE", "une attaque perpétrée par le ", True),  # "par", then an article
        ("BY_BEFORE", "the bypass of ", False),
        ("CLAIM_AFTER", " quickly claimed", True),
        ("CLAIM_AFTER", " a revendiqué", True),
        ("ATTRIBUTED_BEFORE", "attributed the attack to ", True),
        ("ATTRIBUTED_BEFORE", "blamed the attack on ", True),
        ("ATTRIBUTED_BEFORE", "attribuée au ", True),
        ("ATTRIBUTED_BEFORE", "accused the army of firing on ", False),
        ("ACTIVE_AFTER", " fighters reportedly ambushed", True),
        ("ACTIVE_AFTER", " jihadistes ont attaqué", True),
        ("ACTIVE_AFTER", " in an ambush", False),
        ("FOUGHT_OFF_BEFORE", "the army repelled the ", True),
        ("MEMBERS_OF_BEFORE", "Members of a ", True),
        ("MEMBERS_OF_BEFORE", "14 soldiers and members of the ", False),
        ("MEMBERS_OF_BEFORE", "des éléments de l'", True),
        ("TARGET_BEFORE", "opened fire on two ", True),
        ("TARGET_BEFORE", "une attaque contre les ", True),
        ("OWNER_OF_TARGET", " post attacked", True),
        ("OWNER_OF_TARGET", " convoy was ambushed", True),
        ("PASSIVE_AFTER", " soldiers have been killed", True),
        ("PASSIVE_AFTER", " a été attaquée", True),
        ("NOT_AN_ACTOR_BEFORE", "accused of being members of ", True),
        ("NOT_AN_ACTOR_BEFORE", "collaborating with the ", True),
        ("MERELY_PRESENT_AFTER", " is active in the area", True),
        ("MERELY_PRESENT_AFTER", " est implanté", True),
        ("HELD_BY_BEFORE", "a camp occupied by the ", True),
        ("SPEAKER_BEFORE", "selon l’", True),
        ("AFFILIATION_BEFORE", "lié à l'", True),
        ("PRESSED_BY_BEFORE", "criminals cornered by security ", False),  # the name is "security forces"
        ("PRESSED_BY_BEFORE", "traqués par l'", True),
        ("EXAMPLES_BEFORE", "groups such as JNIM, ISGS and ", True),
        ("EXAMPLES_BEFORE", "des groupes tels que le JNIM et l'", True),
        ("SELF_REPORT", " on Monday it killed", True),
        ("SELF_REPORT", " that they ambushed", True),
        ("SELF_REPORT", " qu'il avait tué", True),
        ("ASSOCIATED_BEFORE", "backed by the ", True),
        ("ASSOCIATED_BEFORE", "appuyés par les ", True),
        ("ASSOCIATED_BEFORE", "appuyés par la ", False),
        ("ACT_OF_BEFORE", "l'attaque de la ", True),
        ("MEMBER_OF_NEXT", " from the French ", True),
        ("MEMBER_OF_NEXT", " de la ", True),
        ("MEMBER_OF_NEXT", " near the ", False),
    ],
)
def test_a_pattern_reads_its_examples(pattern: str, text: str, found: bool) -> None:
    rule: CaselessPattern | re.Pattern[str] = getattr(roles, pattern)
    assert (rule.search(text) is not None) is found

"""`assembly/<lang>.yaml`: the words and patterns the assembly step reads sentences with, per language.

The assembly step (`sahel_extract/assemble`) decides from a sentence's words whether it points
back at an incident told before ("the attack"), tells another one ("in a separate attack"), is
background ("the region has seen frequent attacks"), hedges ("could attack"), or joins a list of
places ("Gao and Kidal"). Those words are per-language data: a language's file holds one named
pattern per rule, which the `Assembler` of that language compiles when it is built. What each
rule's match means is code, keyed on the rule's id; how it is matched (case-insensitively or as
written) is code too, so that a file cannot turn a rule that must see capitals into one that does
not.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from sahel_extract.components.caseless import CaselessPattern
from sahel_extract.errors import DataFileError
from sahel_extract.resources.loader import (
    HEADER_KEYS,
    NEVER,
    IdEntry,
    check_compiles,
    check_top_level,
    data_file,
    default_data_dir,
    id_entries,
    load_yaml,
    node_at,
    validate,
)
from sahel_extract.resources.place_roles import alternation

Match = Literal["caseless", "ignorecase", "cased"]
"""How a rule is matched: `caseless` is a `CaselessPattern` (case-insensitive, scanned on the
lowercased text), `ignorecase` a `re` pattern with IGNORECASE, `cased` a `re` pattern as written."""

RULES: dict[str, Match] = {
    "anaphora": "caseless",
    "reaction": "caseless",
    "another": "caseless",
    "additive": "caseless",
    "hedge": "cased",
    "background": "caseless",
    "ongoing": "caseless",
    "civilian_object": "caseless",
    "armed_object": "caseless",
    "fighters_attacked": "ignorecase",
    "resistance": "caseless",
    "civilian_victims": "cased",
    "armed_victims": "cased",
    "person_after": "cased",
    "gathering": "ignorecase",
    "negated_before": "caseless",
    "motive_before": "caseless",
    "participle_end": "ignorecase",
    "days_of_fighting": "caseless",
    "list_separator": "ignorecase",
    "pair_separator": "ignorecase",
    "holding_unit_after": "ignorecase",
    "units_before": "ignorecase",
    "units_after": "ignorecase",
    "between_before": "caseless",
    "examples_before": "caseless",
    "prior_start": "ignorecase",
    "within": "cased",
    "phrase_break": "caseless",
    "locative_before": "caseless",
    "site_before": "caseless",
    "measured_from": "ignorecase",
    "site_after": "ignorecase",
    "forest_before": "ignorecase",
    "forest_after": "ignorecase",
    "beside": "ignorecase",
    "region_before": "ignorecase",
    "region_after": "ignorecase",
    "possessive_gap": "cased",
    "list_gap": "cased",
    "border_before": "ignorecase",
    "place_clause_break": "ignorecase",
    "figure_at": "ignorecase",
    "year_range": "caseless",
}
"""Every rule the assembly step reads, and how it is matched. A language's file may leave a rule
out: it then matches nothing in that language."""

PIECES = frozenset({"irregular_passive", "attack_verb", "capital_intro"})
"""Named parts of rules, written once and used as `{id}` in others; never matched on their own."""

TEMPLATES: dict[str, tuple[Match, str]] = {"target_separator": ("ignorecase", "target_nouns")}
"""Rules whose text holds a list the assembly step fills in from other data (`{target_nouns}`: the
target nouns of `place_roles.yaml`), with how each is matched; `AssemblyRules.filled` compiles one."""

_REFERENCE = re.compile(r"\{([a-z][a-z0-9_]*)\}")


class RuleEntry(IdEntry):
    """One entry of `rules:`: a rule's or a piece's id and its regular expression."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    regex: Annotated[str, StringConstraints(min_length=1)]  # a block's lines are joined with nothing between


class AssemblyFile(BaseModel):
    """The non-rule parts of a file: the value of the number words of `days_of_fighting`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    numbers: dict[Annotated[str, StringConstraints(min_length=1)], Annotated[int, Field(ge=1)]] = {}


@dataclass(frozen=True)
class AssemblyRules:
    """The compiled rules of one language (`NEVER` for a rule its file leaves out)."""

    path: Path | None
    anaphora: CaselessPattern
    reaction: CaselessPattern
    another: CaselessPattern
    additive: CaselessPattern
    hedge: re.Pattern[str]
    background: CaselessPattern
    ongoing: CaselessPattern
    civilian_object: CaselessPattern
    armed_object: CaselessPattern
    fighters_attacked: re.Pattern[str]
    resistance: CaselessPattern
    civilian_victims: re.Pattern[str]
    armed_victims: re.Pattern[str]
    person_after: re.Pattern[str]
    gathering: re.Pattern[str]
    negated_before: CaselessPattern
    motive_before: CaselessPattern
    participle_end: re.Pattern[str]
    days_of_fighting: CaselessPattern
    list_separator: re.Pattern[str]
    pair_separator: re.Pattern[str]
    holding_unit_after: re.Pattern[str]
    units_before: re.Pattern[str]
    units_after: re.Pattern[str]
    between_before: CaselessPattern
    examples_before: CaselessPattern
    prior_start: re.Pattern[str]
    within: re.Pattern[str]
    phrase_break: CaselessPattern
    locative_before: CaselessPattern
    site_before: CaselessPattern
    measured_from: re.Pattern[str]
    site_after: re.Pattern[str]
    forest_before: re.Pattern[str]
    forest_after: re.Pattern[str]
    beside: re.Pattern[str]
    region_before: re.Pattern[str]
    region_after: re.Pattern[str]
    possessive_gap: re.Pattern[str]
    list_gap: re.Pattern[str]
    border_before: re.Pattern[str]
    place_clause_break: re.Pattern[str]
    figure_at: re.Pattern[str]
    year_range: CaselessPattern
    numbers: Mapping[str, int]
    sources: Mapping[str, str]  # every rule's and template's text, pieces filled in

    def filled(self, name: str, phrases: list[str]) -> re.Pattern[str]:
        """The template `name` with its list filled in with `phrases` (matching nothing when there are none)."""
        match, slot = TEMPLATES[name]
        words = alternation(phrases) or NEVER
        return re.compile(self.sources[name].replace(f"{{{slot}}}", words), re.IGNORECASE if match == "ignorecase" else 0)


def load_assembly_rules(path: Path) -> AssemblyRules:
    """Validate and compile `assembly/<lang>.yaml`; a broken file fails here with its line and field."""
    loaded = load_yaml(path)
    check_top_level(loaded, HEADER_KEYS | {"rules", "numbers"})
    numbers = {"numbers": loaded.data["numbers"]} if "numbers" in loaded.data else {}
    extra = validate(AssemblyFile, numbers, path, 1, loaded.node)
    texts: dict[str, tuple[str, int]] = {}  # id -> (text, line of its regex)
    for record, node, line in id_entries(loaded, "rules", path, RuleEntry, {*RULES, *PIECES, *TEMPLATES}, noun="rule id"):
        value = None if node is None else node_at(node, ("regex",))
        texts[record.id] = ("".join(record.regex.split("\n")), value.start_mark.line + 1 if value is not None else line or 0)
    sources = {name: _expand(path, name, texts) if name in texts else NEVER for name in [*RULES, *TEMPLATES]}
    compiled = {name: _compiled(path, name, sources[name], texts) for name in RULES}
    for name, (_match, slot) in TEMPLATES.items():
        if name in texts:  # checked with an empty list
            _compiled(path, name, sources[name].replace(f"{{{slot}}}", NEVER), texts)
    return AssemblyRules(path=path, numbers=extra.numbers, sources=sources, **compiled)  # type: ignore[arg-type]


def _expand(path: Path, name: str, texts: dict[str, tuple[str, int]]) -> str:
    """A rule's text with its `{piece}` references filled in (pieces use no other pieces)."""
    text, line = texts[name]

    def piece(match: re.Match[str]) -> str:
        used = match.group(1)
        if name in TEMPLATES and used == TEMPLATES[name][1]:
            return match.group()  # filled in by `AssemblyRules.filled`
        if used not in PIECES:
            raise DataFileError(path, line, "regex", f"{{{used}}} is not a piece (pieces: {', '.join(sorted(PIECES))})")
        if used not in texts:
            raise DataFileError(path, line, "regex", f"{{{used}}} names no piece of this file")
        return texts[used][0]

    return _REFERENCE.sub(piece, text)


def _compiled(path: Path, name: str, source: str, texts: dict[str, tuple[str, int]]) -> CaselessPattern | re.Pattern[str]:
    """The rule as the assembly step matches it; one that does not compile fails with the line of its regex."""
    match = RULES[name] if name in RULES else TEMPLATES[name][0]
    try:
        if match == "caseless":
            check_compiles(source)
            return CaselessPattern(source)  # compiled on first use, from the cache when an earlier run kept it
        return re.compile(source, re.IGNORECASE if match == "ignorecase" else 0)
    except re.error as exc:
        raise DataFileError(path, texts[name][1], "regex", f"not a valid regular expression: {exc.msg}") from None


def assembly_rules(data_dir: Path | None, lang: str) -> AssemblyRules:
    """The rules of `lang` in a gazetteer folder; a language without a file of its own reads English's."""
    folder = data_dir or default_data_dir()
    path = data_file(folder, f"assembly/{lang}.yaml")
    if not path.exists():
        path = data_file(folder, "assembly/en.yaml")
    return load_assembly_rules(path)


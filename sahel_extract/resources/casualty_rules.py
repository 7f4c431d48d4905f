"""`casualties/<lang>.yaml`: the casualty stage's rules and the words they are built from, per language.

A language's file holds named patterns (cue lists, number words, the pieces rules share) and the
ordered rules the stage scans a text with. A pattern or rule writes `{id}` where another pattern
of the file goes, so that "the victims' words" or "a figure" are written once. The stage reads the
file once, when the pipeline is built, into compiled patterns (`CasualtyRules`); what each rule's
match means (a toll, one victim, two sides) is code, keyed on the rule's id.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, NoReturn

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from sahel_extract.components.caseless import CaselessPattern, literal_alternation
from sahel_extract.errors import DataFileError
from sahel_extract.resources.loader import (
    HEADER_KEYS,
    NEVER,
    Ident,
    YamlFile,
    check_compiles,
    check_top_level,
    default_data_dir,
    load_yaml,
    node_at,
    validate,
)

Term = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Regex = Annotated[str, StringConstraints(min_length=1)]
Terms = Annotated[list[Term], Field(min_length=1)]

RULE_IDS = (
    "toll_stated", "verb_count_victims", "verb_victims_list", "verb_single_victim", "one_and_count",
    "count_victims_kind", "fate_before_victims", "pair_victims", "single_victim", "and_one_killed",
    "lost_men", "body_found", "act_of_one", "fatal_act", "succumbed", "fatalities_coded", "no_casualties",
)
"""The rules the stage knows what to do with (`CasualtyFinder._hit`); a file scans those it lists, in its order."""

KINDS = ("killed", "injured", "abducted", "missing", "arrested")
"""The fates a figure counts; `kind_<fate>` lists each one's words."""

CASELESS = ("claim", "aggregate", "clause_opener_end", "clause_break")
"""Patterns scanned the way the rules are (`CaselessPattern`): their scans are the costly ones."""

PLAIN = (
    "subset", "anaphoric_victims", "claimed_kill_word", "released_after", "released_before", "victims_article",
    "motive_before", "either_fate", "total_words", "listed", "attackers_kill_word",
)
"""Patterns the code matches case-insensitively with `re`, anchored where it says (`match`, `search`)."""

VERB_KINDS = ("killed", "injured", "abducted", "arrested")
"""The fates a verb before a figure can say, in the order its `verb_stems_<fate>` are tried; a verb
none of them starts ("assassinated", "abattu") says killed."""

CASED = ("elided_next", "vague_verb_victims", *(f"verb_stems_{kind}" for kind in VERB_KINDS))
"""Patterns matched as written: case matters in them ("in Dara": a capital starts a place), or the
code matches them on lowercased text."""

BUILT = "any_kind"
"""Built by the loader, not written: every fate word of `kind_*`, longest first ("shot dead" before "shot")."""

OPTIONAL = (
    "claimed_kill_word", "attackers_kill_word", "released_after", "released_before", "victims_article", "clause_opener_end",
    *(f"verb_stems_{kind}" for kind in VERB_KINDS),
)
"""Patterns a language may do without: they then match nothing (English has no army jargon of
"neutralised" enemies, no "libérés" hostages, no article before its victims)."""


REQUIRED = tuple(name for name in (*(f"kind_{kind}" for kind in KINDS), "vague_verbs", *CASELESS, *PLAIN, *CASED) if name not in OPTIONAL)

_REFERENCE = re.compile(r"\{([a-z][a-z0-9_]*)\}")
_FORMS = ("regex", "terms", "literals", "words")


class PatternEntry(BaseModel):
    """One named pattern: a regex, or a list of alternatives written one of three ways."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Ident
    regex: Regex | None = None  # a block may spread it over lines: they are joined with nothing between
    terms: Terms | None = None  # regex alternatives, tried in the order given
    literals: Terms | None = None  # plain strings, a longer one before its prefixes (a trie)
    words: Terms | None = None  # plain strings, longest first

    @model_validator(mode="after")
    def _one_form(self) -> PatternEntry:
        given = [form for form in _FORMS if getattr(self, form) is not None]
        if len(given) != 1:
            raise ValueError(f"give exactly one of {', '.join(_FORMS)} (found {', '.join(given) or 'none'})")
        return self

    @property
    def form(self) -> str:
        return next(form for form in _FORMS if getattr(self, form) is not None)

    def source(self) -> str:
        """The pattern's text before its `{id}` references are filled in."""
        if self.regex is not None:
            return "".join(self.regex.split("\n"))
        if self.terms is not None:
            return "|".join(self.terms)
        if self.literals is not None:
            return literal_alternation(dict.fromkeys(self.literals))
        return "|".join(sorted((re.escape(w) for w in self.words or ()), key=len, reverse=True))


class RuleEntry(BaseModel):
    """One scanning rule: its id says what its match means to the stage."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Ident
    regex: Regex

    @property
    def form(self) -> str:
        return "regex"

    def source(self) -> str:
        return "".join(self.regex.split("\n"))


@dataclass(frozen=True)
class _Entry:
    record: PatternEntry | RuleEntry
    line: int  # of the value, for errors in it
    item_line: int  # of the entry, for errors of the entry as a whole


@dataclass(frozen=True)
class CasualtyRules:
    """The compiled rules and patterns of one language."""

    path: Path
    rules: tuple[tuple[str, CaselessPattern], ...]
    caseless: dict[str, CaselessPattern]
    plain: dict[str, re.Pattern[str]]
    kind_of: dict[str, str]  # a fate word (lowercase) -> its fate
    vague_verbs: frozenset[str]  # verbs that say a toll only when the dead follow them
    articles: frozenset[str]  # the articles that stand for one ("and a civilian") only before a side's word
    sources: dict[str, str]  # every pattern's and rule's text, references filled in

    def source(self, name: str) -> str:
        return self.sources[name]


def load_casualty_rules(path: Path) -> CasualtyRules:
    """Validate and compile `casualties/<lang>.yaml`; a broken file fails here with its line and field."""
    loaded = load_yaml(path)
    check_top_level(loaded, HEADER_KEYS | {"patterns", "rules"})
    listed = _entries(loaded, "patterns", PatternEntry)
    rules = _entries(loaded, "rules", RuleEntry)
    first: dict[str, int] = {}
    for name, entry in [*listed, *rules]:
        if name in first:
            raise DataFileError(path, entry.item_line, "id", f"id {name} given twice (first on line {first[name]})")
        if name == BUILT:
            raise DataFileError(path, entry.item_line, "id", f"id {BUILT} is built from the kind_* lists; use another")
        first[name] = entry.item_line
    for name, entry in rules:
        if name not in RULE_IDS:
            raise DataFileError(path, entry.item_line, "id", f"unknown rule id {name} (expected one of: {', '.join(RULE_IDS)})")
    patterns = dict(listed)
    missing = [name for name in REQUIRED if name not in patterns]
    if missing:
        raise DataFileError(path, None, "patterns", f"missing pattern(s): {', '.join(missing)}")
    expander = _Expander(path, patterns, _kind_of(patterns))
    sources = {name: expander.expand(name, entry) for name, entry in [*patterns.items(), *rules]}
    for name in OPTIONAL:
        if name not in patterns:
            sources[name] = NEVER
            patterns[name] = _Entry(PatternEntry(id=name, regex=NEVER), 0, 0)
    compiled_rules = tuple((name, expander.caseless(name, entry, sources[name])) for name, entry in rules)
    return CasualtyRules(
        path=path,
        rules=compiled_rules,
        caseless={name: expander.caseless(name, patterns[name], sources[name]) for name in CASELESS},
        plain={
            **{name: expander.compiled(name, patterns[name], sources[name], re.IGNORECASE) for name in PLAIN},
            **{name: expander.compiled(name, patterns[name], sources[name], 0) for name in CASED},
        },
        kind_of=expander.kind_of,
        vague_verbs=frozenset(sources["vague_verbs"].split("|")),
        articles=frozenset(sources["articles"].split("|")) if "articles" in patterns else frozenset(),
        sources=sources,
    )


def _entries(loaded: YamlFile, key: str, model: type[PatternEntry] | type[RuleEntry]) -> list[tuple[str, _Entry]]:
    """The validated entries of the list `key`, each with the lines its errors name."""
    found = []
    for item, node in loaded.items(key):
        line = None if node is None else node.start_mark.line + 1
        record = validate(model, item, loaded.path, line, node)
        value = None if node is None else node_at(node, (record.form,))
        found.append((record.id, _Entry(record, _value_line(value, line), line or 0)))
    return found


def _value_line(node: yaml.Node | None, fallback: int | None) -> int:
    return node.start_mark.line + 1 if node is not None else fallback or 0


def _kind_of(patterns: dict[str, _Entry]) -> dict[str, str]:
    """Each fate word's fate; a word listed under two fates keeps its first place and its last fate."""
    kind_of: dict[str, str] = {}
    for kind in KINDS:
        for word in patterns[f"kind_{kind}"].record.source().split("|"):
            kind_of[word] = kind
    return kind_of


class _Expander:
    """Fills in `{id}` references (each pattern once), and compiles with errors that name the line."""

    def __init__(self, path: Path, patterns: dict[str, _Entry], kind_of: dict[str, str]) -> None:
        self.path = path
        self.patterns = patterns
        self.kind_of = kind_of
        self.done: dict[str, str] = {BUILT: "|".join(sorted(kind_of, key=len, reverse=True))}
        self.uses: dict[str, tuple[str, ...]] = {BUILT: ()}

    def expand(self, name: str, entry: _Entry, inside: tuple[str, ...] = ()) -> str:
        if name in self.done:
            return self.done[name]
        text = entry.record.source()
        uses = tuple(dict.fromkeys(_REFERENCE.findall(text)))
        for used in uses:
            if used != BUILT and used not in self.patterns:
                raise DataFileError(self.path, entry.line, entry.record.form, f"{{{used}}} names no pattern of this file")
            if used == name or used in inside:
                raise DataFileError(self.path, entry.line, entry.record.form, f"{{{used}}} refers back to itself")
        values = {used: self.expand(used, self.patterns[used], (*inside, name)) if used != BUILT else self.done[BUILT] for used in uses}
        expanded = _REFERENCE.sub(lambda m: values[m.group(1)], text)
        if isinstance(entry.record, PatternEntry):
            self.done[name], self.uses[name] = expanded, uses
        else:
            self.uses[name] = uses
        return expanded

    def caseless(self, name: str, entry: _Entry, source: str) -> CaselessPattern:
        """The rule as the stage scans it (compiled on first use), checked now so that a pattern
        that does not compile fails at load."""
        try:
            check_compiles(source)
        except re.error as exc:
            self._fail(name, entry, exc)
        return CaselessPattern(source)

    def compiled(self, name: str, entry: _Entry, source: str, flags: int) -> re.Pattern[str]:
        try:
            return re.compile(source, flags)
        except re.error as exc:
            self._fail(name, entry, exc)

    def _fail(self, name: str, entry: _Entry, exc: re.error) -> NoReturn:
        """Name the innermost pattern that does not compile on its own, or else the one compiled."""
        culprit, at, error = name, entry, exc
        for used in self._used_by(name):
            try:
                re.compile(self.done[used])
            except re.error as inner:
                culprit, at, error = used, self.patterns[used], inner
        where = "" if culprit == name else f" (in {{{culprit}}}, used by {name})"
        raise DataFileError(self.path, at.line, at.record.form, f"not a valid regular expression{where}: {error.msg}") from None

    def _used_by(self, name: str) -> Iterator[str]:
        """Every pattern `name` uses, the ones it uses directly first, deepest last."""
        seen: dict[str, None] = {}
        queue = list(self.uses.get(name, ()))
        while queue:
            used = queue.pop(0)
            if used in seen or used == BUILT:
                continue
            seen[used] = None
            queue.extend(self.uses.get(used, ()))
        yield from seen


def default_casualty_rules(lang: str) -> CasualtyRules:
    """The installed rules of a language (for tools and tests; the stage reads its pipeline's folder)."""
    return load_casualty_rules(default_data_dir() / "casualties" / f"{lang}.yaml")

"""The cues of who is a party to an incident and on which side: `gazetteer/roles/<lang>.yaml`.

A file holds two kinds of entries. Cue lists (`agent_before: [by, carried out by]`) are plain
phrases, matched case-insensitively with any run of blanks between their words; the code sorts
them into one alternation per key. The `words:` list (`id` and `terms`, as in `places/<lang>.yaml`)
fills the other slots of the role patterns (`assemble/roles.py`): the words around a cue (the
articles after "claimed by", the "to" of "attributed to", "was" and "a été" of a passive), each
term a regular expression alternative tried in the order given, so that a slot's pattern is read
exactly as written. Roles are read for every article with the cues of every language (news in
either language quotes the other's phrases): a key's phrases and a slot's words are the union of
every declared language's file, English's first, then the ones French adds.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from sahel_extract.errors import DataFileError
from sahel_extract.resources.languages import load_languages
from sahel_extract.resources.loader import (
    HEADER_KEYS,
    check_top_level,
    data_file,
    default_data_dir,
    load_yaml,
    mapping_value,
)
from sahel_extract.resources.stage_words import load_stage_words

CUE_KEYS = (
    "agent_before", "agent_fillers", "source_before", "act_nouns", "act_of", "attribution", "speech_after",
    "speaker_before", "self_report_after", "affiliation_before", "no_claim", "active_after", "defended_after", "context_before",
    "crowd_force", "bare_acts", "held_by", "bystander_after", "bystander_before", "examples_before",
    "support_after", "pressed_by", "member_nouns", "culprit_before",
)
"""The cue lists of a roles file (what each catches: the comments of `gazetteer/roles/en.yaml`)."""

ROLE_SLOTS = frozenset({
    "act_qualifiers", "act_of_articles", "attributed_to", "blame_verbs", "blamed_on", "self_report_before",
    "articles", "affiliation_articles", "between_words", "between_fighters", "between_forces", "fought_off_articles",
    "members_quantifiers", "members_of", "members_articles", "pressed_by_agent", "examples_and", "examples_elided",
    "associated_before", "associated_articles", "by_before", "by_fillers", "target_before", "target_fillers",
    "owned_targets", "owned_target_verbs", "claim_after", "passive_after", "not_an_actor_before",
    "not_an_actor_articles", "present_verbs", "present_words", "member_of_next", "member_of_next_articles",
})
"""The slots of a roles file's `words:` (what each fills: the comments of `gazetteer/roles/en.yaml`)."""


@dataclass(frozen=True)
class RoleCues:
    """Every language's role cues, merged: the phrases of each cue list and the words of each slot."""

    cues: dict[str, tuple[str, ...]]
    words: dict[str, tuple[str, ...]]


def load_role_file(path: Path) -> RoleCues:
    """One language's roles file, validated: known top-level keys, each cue list a list of non-empty
    phrases (an error names the file, the line of the phrase and the key), and its `words:` as
    `load_stage_words` checks them. A key the file leaves out has no phrases in it."""
    loaded = load_yaml(path)
    check_top_level(loaded, HEADER_KEYS | frozenset(CUE_KEYS) | {"words"})
    data = loaded.data if isinstance(loaded.data, dict) else {}
    cues: dict[str, tuple[str, ...]] = {}
    for key in CUE_KEYS:
        value, node = data.get(key), mapping_value(loaded.node, key)
        line = None if node is None else node.start_mark.line + 1
        if value is None:
            cues[key] = ()
            continue
        if not isinstance(value, list):
            raise DataFileError(path, line, key, "expected a list of phrases")
        items = node.value if isinstance(node, yaml.SequenceNode) else []
        for i, phrase in enumerate(value):
            if not isinstance(phrase, str) or not phrase.strip():
                where = items[i].start_mark.line + 1 if i < len(items) else line
                raise DataFileError(path, where, key, f"expected a phrase (non-empty text), got {phrase!r}")
        cues[key] = tuple(value)
    return RoleCues(cues, load_stage_words(path, ROLE_SLOTS, frozenset(CUE_KEYS), loaded))


def role_cues(data_dir: Path | None = None) -> RoleCues:
    """The cues of every declared language with a roles file, merged (module doc): a cue list's
    phrases in the order of the languages and the files, a slot's words each kept where it first
    came. A language without a file adds nothing; a slot no file fills has no words."""
    folder = data_dir or default_data_dir()
    cues: dict[str, list[str]] = {key: [] for key in CUE_KEYS}
    words: dict[str, dict[str, None]] = {slot: {} for slot in ROLE_SLOTS}  # ordered sets
    for code in load_languages(folder).codes:
        path = data_file(folder, f"roles/{code}.yaml")
        if not path.exists():
            continue
        loaded = load_role_file(path)
        for key, phrases in loaded.cues.items():
            cues[key] += phrases
        for slot, terms in loaded.words.items():
            words[slot].update(dict.fromkeys(terms))
    return RoleCues({key: tuple(p) for key, p in cues.items()}, {slot: tuple(t) for slot, t in words.items()})

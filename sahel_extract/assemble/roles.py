"""Actor roles from the sentence around the trigger: active, passive, "by X on Y", "backed by X".

Also who is a party at all: a group a sentence names as context ("linked to al-Qaeda", "JNIM is
active in the area", "no group has claimed the attack, but …"), or as the source of a report ("the
army said"), takes no side. The word lists are per-language data (`gazetteer/roles/<lang>.yaml`),
read once when this module is first imported; news in either language quotes the other's
phrases, so the cues of every language apply to every text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from operator import itemgetter

from spacy.tokens import Doc, Span

from sahel_extract.components.caseless import CaselessPattern, folded_of
from sahel_extract.components.common import ACTORS, attach, payload, text_of
from sahel_extract.components.gate import RuleGate
from sahel_extract.models import ActorMention
from sahel_extract.resources.role_cues import role_cues

ROLE_CUES = role_cues()
CUES = ROLE_CUES.cues
WORDS = ROLE_CUES.words


def _alternation(phrases: Iterable[str]) -> str:
    """Longest first (alphabetical within a length, so that the rule's text is the same in every
    run: its compiled form is cached), apostrophes of either kind, spaces as any run of blanks."""
    parts = []
    for phrase in sorted(set(phrases), key=lambda p: (-len(p), p)):
        escaped = re.sub(r"['’]", "['’]", re.escape(phrase)).replace(r"\ ", r"\s+")
        parts.append(escaped)
    return "(?:" + "|".join(parts) + ")" if parts else "(?!)"


def _words(*slots: str) -> str:
    """`words:` slots as one group, their terms (regular expressions) in their order; slots no
    file fills match nothing."""
    terms = [term for slot in slots for term in WORDS[slot]]
    return "(?:" + "|".join(terms) + ")" if terms else "(?!)"


def _spaced(slot: str) -> str:
    """`_words`, each term followed by blanks but an elided one ("l'", "d['’]"), which the next
    word follows at once: the articles and linking words before a name."""
    terms = WORDS[slot]
    return "(?:" + "|".join(t if t.endswith(("'", "’", "['’]")) else t + r"\s+" for t in terms) + ")" if terms else "(?!)"


# Each pattern's shape (anchors, windows such as `{0,6}`, what may stand between a cue and the
# name) is code; its words are the data's, `CUES` (phrases, sorted by `_alternation`) and `WORDS`
# (slots of regular expression terms, in their order). Purely typographic pieces stay here: the
# brackets and commas of an aside, sentence punctuation, and the English possessive "'s", which
# every pattern that reads a name's end spells its own way.
_FILLER = r"(?:" + _alternation(CUES["agent_fillers"]) + r"(?:\s+|(?<=['’]))|\d+\s+)"
AGENT_BEFORE = CaselessPattern(
    r"(?<![\w-])" + _alternation(CUES["agent_before"]) + r"\s+" + _FILLER + r"{0,5}$"
)
# "arrested the perpetrator of the assassination", "l'auteur présumé de l'attaque": the act a suspect is
# held for, told before the arrest
CULPRIT_BEFORE = CaselessPattern(
    r"(?<![\w-])" + _alternation(CUES["culprit_before"]) + r"\s+(?:" + _alternation(CUES["agent_fillers"])
    + r"(?:\s+|(?<=['’]))){0,2}$"
)
SOURCE_BEFORE = CaselessPattern(r"\b" + _alternation(CUES["source_before"]) + r"\s*$")
ACT_AFTER = CaselessPattern(
    r"^(?:\s*['’]s)?\s*(?:-?\s*" + _words("act_qualifiers") + r"\s+)?(?:[a-z-]+\s+)?" + _alternation(CUES["act_nouns"]) + r"\b"
)
ACT_OF_BEFORE = CaselessPattern(
    r"\b" + _alternation(CUES["act_of"]) + r"(?:\s+[\w-]+)?\s+" + _spaced("act_of_articles") + r"\s*$"
)
# "attributed the attack to X", "blamed on X"; but not "an attack by suspected jihadists on a post"
# nor "accused the army of firing on X": only blame is put "on" someone
ATTRIBUTED_BEFORE = CaselessPattern(
    r"\b" + _alternation(CUES["attribution"]) + r"\b[^.;!?]{0,90}\b" + _words("attributed_to") + r"\b[^.;!?]{0,40}$|"
    r"\b" + _words("blame_verbs") + r"\b[^.;!?]{0,90}\b" + _words("blamed_on") + r"\b[^.;!?]{0,40}$"
)
SPEECH_AFTER = CaselessPattern(
    r"^(?:\s*['’]s)?(?:\s*\([^)]{1,40}\))?(?:\s*,[^,]{1,60},)?\s*,?\s*(?:[\w-]+\s+){0,3}?" + _alternation(CUES["speech_after"])
    + r"\b(?P<rest>.{0,40})"
)
SELF_REPORT = CaselessPattern(r"^\s*" + _spaced("self_report_before") + r"?" + _alternation(CUES["self_report_after"]) + r"\b")
SPEAKER_BEFORE = CaselessPattern(r"\b" + _alternation(CUES["speaker_before"]) + r"\s*" + _spaced("articles") + r"?$")
AFFILIATION_BEFORE = CaselessPattern(
    r"\b" + _alternation(CUES["affiliation_before"]) + r"\s*(?:[\w'’-]+\s+){0,4}?" + _spaced("affiliation_articles") + r"?$"
)
# words that may stand between a subject and its verb ("gunmen reportedly attacked", "who then
# killed"); any other word makes the verb a noun ("soldiers in an ambush", "base follows attacks")
_BETWEEN = (
    r"(?:" + _words("between_words", "between_fighters", "between_forces") + r"\s+)"
)
ACTIVE_AFTER = CaselessPattern(
    r"^(?:\s*\([^)]{1,60}\))?(?:\s*,[^,]{1,60},)?\s*" + _BETWEEN + r"{0,2}" + _alternation(CUES["active_after"]) + r"\b"
)
DEFENDED_AFTER = CaselessPattern(
    r"^(?:\s*['’]s)?(?:\s*\([^)]{1,60}\))?(?:\s*,[^,]{1,60},)?\s*(?:[\w-]+\s+){0,2}?" + _alternation(CUES["defended_after"]) + r"\b"
)
# the cue, then a list of forces ("of UN (MINUSMA) and French (Barkhane) forces") up to the name
CONTEXT_BEFORE = CaselessPattern(r"\b" + _alternation(CUES["context_before"]) + r"\b[^.;:!?,]{0,45}$")
NO_CLAIM = CaselessPattern(r"\b" + _alternation(CUES["no_claim"]) + r"\b")
CROWD_FORCE = CaselessPattern(r"\b" + _alternation(CUES["crowd_force"]))
BYSTANDER_AFTER = CaselessPattern(
    r"^(?:\s*\([^)]{1,40}\))?\s*,?\s*(?:[\w'’-]+\s+){0,2}?" + _alternation(CUES["bystander_after"]) + r"\b"
)
BYSTANDER_BEFORE = CaselessPattern(
    r"\b" + _alternation(CUES["bystander_before"]) + r"\s+(?:[\w'’,-]+\s+){0,3}?" + _spaced("articles") + r"?$"
)
# the cue ends its own clause ("These groups, including"): the list after it may run over commas
# and "and" up to the name
# "repelled the Tuaregs", "a repoussé les assaillants": the one fought off is the attacker
FOUGHT_OFF_BEFORE = CaselessPattern(
    r"\b" + _alternation(CUES["defended_after"]) + r"\s+" + _spaced("fought_off_articles") + r"?$"
)
# the members open the clause ("Members of a Daesh affiliate killed", "Some elements of MUJAO shot"),
# not a list of the hit ("14 soldiers and members of the VDP were wounded")
MEMBERS_OF_BEFORE = CaselessPattern(
    r"(?:\A\s*|[.,;:—–]\s*|\b" + _words("members_quantifiers") + r"\s+)" + _alternation(CUES["member_nouns"]) + r"\s+"
    + _words("members_of") + r"\s*" + _spaced("members_articles") + r"?$"
)
PRESSED_BY_BEFORE = CaselessPattern(
    r"\b" + _alternation(CUES["pressed_by"]) + r"\b[^.;:!?]{0,40}?\b" + _words("pressed_by_agent") + r"\s+"
    + _spaced("articles") + r"?$"
)
SUPPORT_AFTER = CaselessPattern(r"^\s*" + _alternation(CUES["support_after"]) + r"\b")
ACTS_LATER = CaselessPattern(r"\b" + _alternation(CUES["active_after"]) + r"\b")
EXAMPLES_BEFORE = CaselessPattern(
    r"\b" + _alternation(CUES["examples_before"]) + r"\s*,?\s+(?:[^.;:!?()]{0,80}(?:,"
    + "".join(r"|\b" + word + r"\b" for word in WORDS["examples_and"]) + r")\s+)?(?:[\w'’-]+\s+){0,2}"
    + _words("examples_elided") + r"?$"
)
HELD_BY_BEFORE = CaselessPattern(
    r"\b" + _alternation(CUES["held_by"]) + r"\s+" + _spaced("articles") + r"?$"
)

ASSOCIATED_BEFORE = CaselessPattern(_words("associated_before") + r"\s*" + _spaced("associated_articles") + r"?$")
BY_BEFORE = CaselessPattern(r"\b" + _words("by_before") + r"\s+" + _spaced("by_fillers") + r"*$")
TARGET_BEFORE = CaselessPattern(r"\b" + _words("target_before") + r"\s+" + _spaced("target_fillers") + r"*$")
OWNER_OF_TARGET = CaselessPattern(
    r"^\s*(?:'s\s+)?(?:[a-z-]+\s+){0,2}?" + _words("owned_targets") + r"\b[^.]{0,40}?\b" + _words("owned_target_verbs")
)
CLAIM_AFTER = CaselessPattern(r"^\s*(?:\w+\s+){0,3}" + _words("claim_after"))
PASSIVE_AFTER = CaselessPattern(r"^\s*(?:\w+\s+){0,6}?" + _words("passive_after") + r"\s+\w+")
NOT_AN_ACTOR_BEFORE = CaselessPattern(
    _words("not_an_actor_before") + r"\s*(?:\w+'s\s+|" + _spaced("not_an_actor_articles") + r")?$"
)
MERELY_PRESENT_AFTER = CaselessPattern(
    r"^\s*(?:\([^)]{1,20}\)\s*|[^()]{0,20}\)\s*)?(?:,\s*)?(?:\w+\s+){0,3}?" + _words("present_verbs") + r"\s+"
    r"(?:\w+\s+)?" + _words("present_words") + r"\b"
)

STRONG_ROLES = ("by", "claim", "associated", "act", "attributed")
WEAK_CUES = frozenset({"order", "object", "passive", "owner", "defended"})
# a subject right before its verb of violence: a later count of its dead does not make it the target
FIRM_CUES = frozenset({"claim", "victim", "by", "active", "act", "attributed"})
# the triggers whose actor is, in the Sahel, a state's forces: an army operation or an air strike
STATE_LED_RULES = frozenset({"military_operation", "airstrike"})
VIOLENT_TYPES = ("Battles", "Explosions/Remote violence", "Violence against civilians")
NOT_ARMED = ("Civilians", "Protesters", "Rioters")
FORCES = frozenset({"State forces", "External/Other forces"})


WINDOW_RULES = (
    ASSOCIATED_BEFORE, HELD_BY_BEFORE, BY_BEFORE, AGENT_BEFORE, SOURCE_BEFORE, CLAIM_AFTER, ACT_AFTER, ACT_OF_BEFORE,
    ATTRIBUTED_BEFORE, DEFENDED_AFTER, FOUGHT_OFF_BEFORE, OWNER_OF_TARGET, TARGET_BEFORE, PASSIVE_AFTER,
    ACTIVE_AFTER, NOT_AN_ACTOR_BEFORE, MERELY_PRESENT_AFTER, AFFILIATION_BEFORE, CONTEXT_BEFORE,
    BYSTANDER_AFTER, BYSTANDER_BEFORE, ACTS_LATER, SUPPORT_AFTER, PRESSED_BY_BEFORE, EXAMPLES_BEFORE, SPEAKER_BEFORE,
    SPEECH_AFTER, SELF_REPORT, NO_CLAIM,
)
"""Every rule read in a window around an actor mention, judged for a whole document by one scan."""
WINDOW_GATE = RuleGate(WINDOW_RULES)
_WINDOW_INDEX = {rule: i for i, rule in enumerate(WINDOW_RULES)}


def _ids_of(*rules: CaselessPattern) -> Callable[[Sequence[int]], tuple[int, ...]]:
    """A getter of the rules' entries in a `WINDOW_GATE.possible` answer (at least two rules)."""
    return itemgetter(*(_WINDOW_INDEX[rule] for rule in rules))


# the rules one of which must match for an answer other than the default: most notes have none of a
# set's words, and then a mention's dozen windows need not be cut (ids into WINDOW_RULES)
_STRONG_IDS = _ids_of(
    ASSOCIATED_BEFORE, HELD_BY_BEFORE, BY_BEFORE, AGENT_BEFORE, CLAIM_AFTER, ACT_AFTER, ACT_OF_BEFORE, ATTRIBUTED_BEFORE
)
_WORD_CUE_IDS = _ids_of(DEFENDED_AFTER, FOUGHT_OFF_BEFORE, OWNER_OF_TARGET, TARGET_BEFORE, PASSIVE_AFTER, ACTIVE_AFTER)
_NOT_A_PARTY_IDS = _ids_of(
    NOT_AN_ACTOR_BEFORE, MERELY_PRESENT_AFTER, AFFILIATION_BEFORE, CONTEXT_BEFORE, BYSTANDER_AFTER, BYSTANDER_BEFORE,
    SUPPORT_AFTER, PRESSED_BY_BEFORE, EXAMPLES_BEFORE, SPEAKER_BEFORE, SOURCE_BEFORE, SPEECH_AFTER, NO_CLAIM,
)


class DocGate:
    """The role cues of one document, read in windows of it given by offsets.

    The cues are read around every actor mention, a dozen rules per mention, and most rules need
    words the whole document lacks ("revendiqué", "spokesperson"): one scan of the document
    (`WINDOW_GATE`) tells which rules can match anywhere in it, and a rule that cannot is answered
    without a call. A window is a slice of the document, so the document's lowercased text, sliced,
    is the window's: the rules scan it directly.
    """

    __slots__ = ("_folded", "_possible", "_text", "may_be_no_party", "may_be_strong", "may_be_word_cued")

    def __init__(self, text: str, folded: str | None) -> None:
        self._text = text
        self._folded = folded
        possible = self._possible = WINDOW_GATE.possible(folded)
        self.may_be_strong = any(_STRONG_IDS(possible))  # `strong_role` may find a cue
        self.may_be_word_cued = any(_WORD_CUE_IDS(possible))  # `role_with_cue` may, after it
        self.may_be_no_party = any(_NOT_A_PARTY_IDS(possible))  # `not_a_party` may say yes

    def search(self, rule: CaselessPattern, start: int, end: int) -> re.Match[str] | None:
        """`rule.search(text[start:end])`: its match in the window, with the window's offsets."""
        # most rules the document cannot match: answered here, without the call
        return self._find(rule, start, end, False) if self._possible[_WINDOW_INDEX[rule]] else None

    def match(self, rule: CaselessPattern, start: int, end: int) -> re.Match[str] | None:
        """`search` for a rule that starts with `^` (outside any alternation): its only match, if
        any, starts the window, and the engine need not try every later start to learn that."""
        return self._find(rule, start, end, True) if self._possible[_WINDOW_INDEX[rule]] else None

    def finds(self, rule: CaselessPattern, start: int, end: int) -> bool:
        """Whether `search` finds a match. Most cues are only tested, and the match is then not read
        again from the text: the caseless re-read of a long alternation costs more than the scan."""
        return bool(self._possible[_WINDOW_INDEX[rule]]) and self._found(rule, start, end, False)

    def starts_with(self, rule: CaselessPattern, start: int, end: int) -> bool:
        """Whether `match` matches (a rule starting with `^`, as for `match`)."""
        return bool(self._possible[_WINDOW_INDEX[rule]]) and self._found(rule, start, end, True)

    def _found(self, rule: CaselessPattern, start: int, end: int, anchored: bool) -> bool:
        if self._folded is None:
            return rule.search(self._text[start:end]) is not None
        return self._scan(self._folded, rule, start, end, anchored) is not None

    def _find(self, rule: CaselessPattern, start: int, end: int, anchored: bool) -> re.Match[str] | None:
        """`search` or `match` of a rule the document may match."""
        if self._folded is None:
            return rule.search(self._text[start:end])
        found = self._scan(self._folded, rule, start, end, anchored)
        # the window of the text itself is cut only for the few rules that match
        return None if found is None else rule.exact.match(self._text[start:end], found.start())

    @staticmethod
    def _scan(folded: str, rule: CaselessPattern, start: int, end: int, anchored: bool) -> re.Match[str] | None:
        """The rule's match in the lowercased window, where its literal gate lets it be scanned."""
        lowered = folded[start:end]
        if not rule.may_match(lowered):
            return None
        return rule.fast.match(lowered) if anchored else rule.fast.search(lowered)


def gate_of(doc: Doc) -> DocGate:
    """The document's `DocGate`, made on first use."""
    gate: DocGate | None = doc.user_data.get("role_gate")
    if gate is None:
        gate = doc.user_data["role_gate"] = DocGate(text_of(doc), folded_of(doc))
    return gate


def role_of(actor: Span, sentence: Span, trigger_start: int | None, *, force: bool = False) -> str:
    return role_with_cue(actor, sentence, trigger_start, force=force)[0]


def role_with_cue(actor: Span, sentence: Span, trigger_start: int | None, *, force: bool = False) -> tuple[str, str]:
    """The role and the cue that decided it; "by X" or "X claimed" outrank word order.

    A `force` (a state's or a foreign army) is the attacker only when the words say so ("soldiers
    killed", "an operation by the army", "the army said it struck"): news tells attacks *on* the
    army far more often than by it, and a force named with no verb of its own ("the attack left a
    soldier and a member of the gendarmerie dead", "peacekeepers are supporting the rescue") is
    the side that was hit or a bystander, never the attacker by mere word order.
    """
    strong = strong_role(actor, sentence)
    if strong is not None:
        return strong
    gate = gate_of(sentence.doc)
    start, end = actor.start_char, actor.end_char
    if gate.may_be_word_cued:
        cued = _word_cue(gate, sentence, start, end)
        if cued is not None:
            return cued
    if trigger_start is not None and start > trigger_start:
        return "target", "order"
    if force and trigger_start is None:
        return "target", "order"  # a force in a sentence without an act of its own
    return "initiator", "order"


def _word_cue(gate: DocGate, sentence: Span, start: int, end: int) -> tuple[str, str] | None:
    """The role and cue the words right around a mention give, if any (the cues after `strong_role`)."""
    before = max(sentence.start_char, start - 60)  # the window before the mention, from here to `start`
    after = min(sentence.end_char, end + 60)  # the window after it, from `end` to here
    if gate.starts_with(DEFENDED_AFTER, end, after):
        return "target", "defended"  # "the army repelled a JNIM attack": it was the one attacked
    if gate.finds(FOUGHT_OFF_BEFORE, before, start):
        return "initiator", "fought_off"  # "MUJAO repelled the Tuaregs from Gao": they had attacked
    if gate.starts_with(OWNER_OF_TARGET, end, after):
        return "target", "owner"  # "Malian army post attacked": the army owns what was hit
    if gate.finds(TARGET_BEFORE, before, start) and not _members_of_before(sentence, before, start):
        return "target", "object"  # but "members of a Daesh affiliate killed": the members' group
    if gate.starts_with(PASSIVE_AFTER, end, after):
        return "target", "passive"
    if gate.starts_with(ACTIVE_AFTER, end, after):
        return "initiator", "active"  # "… were killed when gunmen attacked": the subject of the act
    return None


def _members_of_before(sentence: Span, before: int, start: int) -> bool:
    """"Members of a Daesh affiliate killed": the words before a mention open with its members.
    A window cut short of the sentence's start is marked as such ("…"), so it opens no clause."""
    window = text_of(sentence.doc)[before:start]
    return MEMBERS_OF_BEFORE.search(window if before == sentence.start_char else "…" + window) is not None


def strong_role(actor: Span, sentence: Span) -> tuple[str, str] | None:
    """The role and cue of "backed by X", "by X", "X claimed", "a X attack", "attributed to X",
    which word order cannot override."""
    gate = gate_of(sentence.doc)
    if not gate.may_be_strong:
        return None
    start, end = actor.start_char, actor.end_char
    before = max(sentence.start_char, start - 60)
    after = min(sentence.end_char, end + 60)
    if gate.finds(ASSOCIATED_BEFORE, before, start):
        return "associated", "associated"
    if gate.finds(HELD_BY_BEFORE, before, start):
        return "target", "owner"  # "a camp occupied by the Africa Corps": who holds what was hit
    agent = gate.search(BY_BEFORE, before, start) or gate.search(AGENT_BEFORE, before, start)
    if agent is not None and not gate.finds(SOURCE_BEFORE, before, before + agent.start()):
        return "initiator", "by"  # "carried out by several hundred X fighters", not "reported by X"
    if gate.starts_with(CLAIM_AFTER, end, after):
        return "initiator", "claim"
    if gate.starts_with(ACT_AFTER, end, after) and not gate.finds(TARGET_BEFORE, before, start):
        return "initiator", "act"  # "a Boko Haram attack", "JNIM's ambush"
    if gate.finds(ACT_OF_BEFORE, before, start):
        return "initiator", "act"  # "l'attaque de Boko Haram"
    if gate.finds(ATTRIBUTED_BEFORE, max(sentence.start_char, start - 140), start):
        return "initiator", "attributed"
    return None


def claims(actor: Span, sentence: Span) -> bool:
    """Does a later mention name the actor as the doer ("X claimed", "by X", "a X attack", "X attacked")?"""
    strong = strong_role(actor, sentence)
    if strong is not None:
        return strong[0] == "initiator"
    gate = gate_of(sentence.doc)
    end = actor.end_char
    after = min(sentence.end_char, end + 60)
    return (
        not gate.starts_with(PASSIVE_AFTER, end, after) and gate.starts_with(ACTIVE_AFTER, end, after)
        and not gate.starts_with(DEFENDED_AFTER, end, after)
    )


def not_a_party(text: str, sentence: Span, span: Span) -> bool:
    """"collaborating with the MNLA", "ISSP is active in the area", "linked to al-Qaeda", "the army
    said", or any name after "no group has claimed": named, but not a party."""
    gate = gate_of(sentence.doc)
    if not gate.may_be_no_party:
        return False
    start, end = span.start_char, span.end_char
    before = max(sentence.start_char, start - 40)  # the window before the mention, from here to `start`
    wide = max(sentence.start_char, start - 60)
    after = min(sentence.end_char, end + 80)  # the window after it, from `end` to here
    if gate.finds(NOT_AN_ACTOR_BEFORE, before, start) or gate.starts_with(MERELY_PRESENT_AFTER, end, min(after, end + 40)):
        return True
    if gate.finds(AFFILIATION_BEFORE, wide, start) or gate.finds(CONTEXT_BEFORE, before, start):
        return True
    if (
        gate.starts_with(BYSTANDER_AFTER, end, min(after, end + 60)) or gate.finds(BYSTANDER_BEFORE, wide, start)
    ) and not gate.finds(ACTS_LATER, end, min(after, end + 45)):
        # "the army was deployed afterwards", "plan to deploy troops": responders and plans; but
        # "soldiers who arrived at the scene killed three assailants" did act
        return True
    if gate.starts_with(SUPPORT_AFTER, end, after) or gate.finds(PRESSED_BY_BEFORE, wide, start):
        # "accused the French troops of providing support to militants", "criminals cornered by
        # security forces launched attacks": a force accused of help, or pressing the attackers
        return True
    if gate.finds(EXAMPLES_BEFORE, max(sentence.start_char, start - 120), start):
        return True  # "groups such as JNIM", "These groups, including ISIS-Sahel, Boko Haram and …"
    if gate.finds(SPEAKER_BEFORE, before, start):
        return True
    agent = gate.search(BY_BEFORE, wide, start) or gate.search(AGENT_BEFORE, wide, start)
    if agent is not None and gate.finds(SOURCE_BEFORE, wide, wide + agent.start()):
        return True  # "the toll given by the FDS", "reported by MINUSMA": the source of a figure
    speech = gate.match(SPEECH_AFTER, end, after)
    if speech is not None and not gate.starts_with(SELF_REPORT, end + speech.start("rest"), end + speech.end("rest")) and not strong_role(span, sentence):
        return True  # "Togo's army said gunmen attacked villages": the source of the news
    return gate.finds(NO_CLAIM, sentence.start_char, start)


def settle_initiator(
    actors: list[ActorMention],
    event_type: str,
    rules: set[str],
    unidentified: Callable[[], ActorMention],
    state: Callable[[], ActorMention | None] | None = None,
) -> list[ActorMention]:
    """Every fight has a side that started it: ACLED's Actor 1 is never left empty.

    When no armed actor came out as initiator (both sides counted among the dead, "soldiers and
    terrorists were killed in the attack"), an army operation or air strike is the state's; else the
    attack is the non-state side's (a named group, or the armed men the text names), else an
    unidentified armed group's.
    """
    if event_type not in VIOLENT_TYPES:
        return actors
    # the unarmed are never the side that strikes ("civilians killed in a drone strike")
    actors = [a.model_copy(update={"role": "target"}) if a.type == "Civilians" and a.role == "initiator" else a for a in actors]
    armed = [a for a in actors if a.type not in NOT_ARMED and a.role != "associated"]
    if any(a.role == "initiator" for a in armed):
        return actors
    if rules & STATE_LED_RULES and state is not None and not any(a.type in FORCES for a in actors):
        # "30 civilians were killed in an air strike, the army said", "des opérations visant les
        # terroristes": an unsigned strike or operation with no attacker named is the state's (its
        # communiqués rarely sign their own)
        own = state()
        if own is not None:
            return [own, *actors]
    chosen: ActorMention | None = None
    if rules & STATE_LED_RULES:
        chosen = next((a for a in armed if a.type == "State forces"), None)
    non_state = [a for a in armed if a.type not in ("State forces", "External/Other forces")]
    if chosen is None and any(a.type in ("State forces", "External/Other forces") for a in armed):
        # both sides among the dead or hit: the insurgent side attacked (a lone target keeps its role;
        # the state's auxiliaries, "volunteers with the army", are no attacker of it)
        insurgents = [a for a in non_state if a.type == "Rebel group" or (a.name == "Unidentified armed group" and a.mention)]
        chosen = next((a for a in insurgents if a.name != "Unidentified armed group"), None) or next(iter(insurgents), None)
    elif chosen is None and len({a.name for a in non_state}) >= 2:
        chosen = min(non_state, key=lambda a: a.start)  # "clashes between JNIM and ISSP": the first named
    if chosen is None:
        return [unidentified(), *actors]
    promoted = [a.model_copy(update={"role": "initiator"}) if a is chosen else a for a in actors]
    order = {"initiator": 0, "target": 1, "associated": 2}
    return sorted(promoted, key=lambda m: (order[m.role], m.start))


def another_time(values: list[tuple[str | None, dt.date | None]], day: dt.date | None) -> bool:
    """Does a sentence tell of another time than the incident's ("French troops left Mali in 2022")?

    It does when it states a date and none of its dates is the incident's day, month or year at
    that date's own precision; its names then belong to that other time, not to the incident.
    """
    stated = [(v, d) for v, d in values if v and d is not None]
    if day is None or not stated:
        return False
    return not any(
        (len(v) == 4 and d.year == day.year)
        or (len(v) == 7 and (d.year, d.month) == (day.year, day.month))
        or (len(v) >= 10 and abs((d - day).days) <= 1)
        for v, d in stated
    )


# "one soldier from the French Operation Barkhane", "des soldats de la MINUSMA": a generic noun
# that the next name qualifies
MEMBER_OF_NEXT = re.compile(
    r"^\s*" + _words("member_of_next") + r"\s*" + _spaced("member_of_next_articles") + r"?(?:[\w-]+\s+){0,2}?$",
    re.IGNORECASE,
)


def drop_qualified_generics(spans: list[Span], text: str) -> list[Span]:
    """"Soldiers of the Malian army", "one soldier from Operation Barkhane": one mention of the named
    force, spanning both, so that its role is read where the phrase starts."""
    kept: list[Span] = []
    skip = False
    for i, span in enumerate(spans):
        if skip:
            skip = False
            continue
        following = spans[i + 1] if i + 1 < len(spans) else None
        if (
            following is not None and payload(span, ACTORS).generic and not payload(following, ACTORS).generic
            and following.start_char - span.end_char <= 30
            and MEMBER_OF_NEXT.match(text[span.end_char : following.start_char])
        ):
            merged = Span(span.doc, span.start, following.end, label=following.label_)
            attach(merged, ACTORS, payload(following, ACTORS))
            kept.append(merged)
            skip = True
            continue
        kept.append(span)
    return kept


def force_first(actors: list[ActorMention]) -> list[ActorMention]:
    """"Excessive force against protesters": ACLED makes the force Actor 1 and the crowd Actor 2."""
    forces = [a for a in actors if a.type in ("State forces", "External/Other forces")]
    if not forces:
        return actors
    swapped = [
        a.model_copy(update={"role": "initiator" if a in forces else "target"}) if a.role != "associated" else a
        for a in actors
    ]
    order = {"initiator": 0, "target": 1, "associated": 2}
    return sorted(swapped, key=lambda m: (order[m.role], m.start))


def forces_meeting_crowd(actors: list[ActorMention], sentences: list[Span]) -> list[ActorMention]:
    """A state or foreign force is a party to a protest or riot only where it meets the crowd.

    "Protesters demonstrated against foreign troops", "marched to demand news of men seized by the
    military", "came out to support the mutinous soldiers": the force is the crowd's grievance,
    not its opponent. It is a party where a sentence that names it tells a meeting (dispersed,
    tear gas, clashed with, arrested, opened fire, stoned the police).
    """
    text = text_of(sentences[0].doc) if sentences else ""
    kept = []
    for actor in actors:
        if actor.type not in FORCES or not actor.mention:
            kept.append(actor)
            continue
        sentence = next((s for s in sentences if s.start_char <= actor.start < s.end_char), None)
        if sentence is None or CROWD_FORCE.search(text[sentence.start_char : sentence.end_char]):
            kept.append(actor)
    return kept


# foreign armies and missions that field soldiers of their own: "a soldier" in their story is
# theirs; Russian mercenaries fight beside the national army, and the joint forces (G5 Sahel,
# MNJTF) are national contingents, whose soldiers are the host's or a neighbour's army
OWN_SOLDIERS_FORCES = frozenset({"French forces", "MINUSMA", "US forces", "Task Force Takuba", "AFISMA", "EUTM Mali"})


def foreign_soldiers(actors: list[ActorMention], unnamed: set[str], kinds: list[str]) -> list[ActorMention]:
    """"Attack on UN barracks kills soldier", "killing one soldier" after "a French army convoy":
    a soldier told by no country, hit in an attack that hit a named foreign army or mission, is one
    of that force's, not the host country's army (which the text never names).

    Only in a story of violence (`kinds`, the event types of its action words) with no crowd: a
    withdrawal, a handover or an agreement is between the foreign force and "the military" of the
    host, and a force facing protesters is told by the crowd's words.
    """
    if not unnamed or not any(a.name in OWN_SOLDIERS_FORCES and a.mention and a.role == "target" for a in actors):
        return actors
    if not set(kinds) & set(VIOLENT_TYPES) or set(kinds) & {"Protests", "Riots"}:
        return actors
    return [a for a in actors if a.name not in unnamed or a.type != "State forces" or a.role != "target"]

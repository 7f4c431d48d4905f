"""Actor roles from the sentence around the trigger: active, passive, "by X on Y", "backed by X"."""

from __future__ import annotations

from spacy.tokens import Span

from sahel_extract.components.caseless import CaselessPattern
from sahel_extract.components.common import text_of

ASSOCIATED_BEFORE = CaselessPattern(
    r"(?:backed by|supported by|with the support of|alongside|assisted by|accompanied by|together with|"
    r"in coordination with|jointly with|and their allies|aided by|appuyés par|appuyée?s? par|soutenue?s? par|avec l'appui de|"
    r"soutenus par|aux côtés de|en collaboration avec)\s*(?:the\s+|les\s+|des\s+)?$"
)
BY_BEFORE = CaselessPattern(r"\b(?:by|par|claimed by|revendiquée? par|perpetrated by|led by|carried out by|frappes? (?:aériennes? )?(?:de|des|du)|strikes? by|by (?:members|fighters|militants|elements|men|éléments) of|par des (?:éléments|membres|combattants) d[eu]s?)\s+(?:the\s+|des\s+|les\s+|l'|la\s+|le\s+|suspected\s+|presumed\s+|alleged\s+)*$")
TARGET_BEFORE = CaselessPattern(
    r"\b(?:against|on|targeting|targeted|attacked|attacking|ambushed|ambushing|killed|killing|kidnapped|"
    r"abducted|abducting|contre|visant|ciblant|attaqué|attaquant|at|of|struck|hit|raided|stormed|"
    r"shot|executed|fired on|fired at|opened fire on|dispersed|arrested)\s+(?:the\s+|a\s+|an\s+|les\s+|des\s+|la\s+|le\s+|l'|two\s+|several\s+|\d+\s+)*$"
)
OWNER_OF_TARGET = CaselessPattern(
    r"^\s*(?:'s\s+)?(?:[a-z-]+\s+){0,2}?(?:post|posts|base|camp|position|positions|convoy|patrol|checkpoint|"
    r"pick-ups?|vehicles?|detachment|unit|barracks|station|outpost)\b[^.]{0,40}?\b(?:was|were|attacked|ambushed|"
    r"targeted|hit|struck|came under)"
)
CLAIM_AFTER = CaselessPattern(r"^\s*(?:\w+\s+){0,3}(?:claimed|claims|revendiqu)")
PASSIVE_AFTER = CaselessPattern(r"^\s*(?:\w+\s+){0,6}?(?:was|were|has been|have been|had been|a été|ont été)\s+\w+")


STRONG_ROLES = ("by", "claim", "associated")


def role_of(actor: Span, sentence: Span, trigger_start: int | None) -> str:
    return role_with_cue(actor, sentence, trigger_start)[0]


def role_with_cue(actor: Span, sentence: Span, trigger_start: int | None) -> tuple[str, str]:
    """The role and the cue that decided it; "by X" or "X claimed" outrank word order."""
    strong = strong_role(actor, sentence)
    if strong is not None:
        return strong
    text = text_of(sentence.doc)
    before = text[max(sentence.start_char, actor.start_char - 60) : actor.start_char]
    after = text[actor.end_char : min(sentence.end_char, actor.end_char + 60)]
    if OWNER_OF_TARGET.search(after):
        return "target", "owner"  # "Malian army post attacked": the army owns what was hit
    if TARGET_BEFORE.search(before):
        return "target", "object"
    if trigger_start is not None and actor.start_char > trigger_start:
        return "target", "order"
    if PASSIVE_AFTER.search(after):
        return "target", "passive"
    return "initiator", "order"


def strong_role(actor: Span, sentence: Span) -> tuple[str, str] | None:
    """The role and cue of "backed by X", "by X" or "X claimed", which word order cannot override."""
    text = text_of(sentence.doc)
    before = text[max(sentence.start_char, actor.start_char - 60) : actor.start_char]
    if ASSOCIATED_BEFORE.search(before):
        return "associated", "associated"
    if BY_BEFORE.search(before):
        return "initiator", "by"
    if CLAIM_AFTER.search(text[actor.end_char : min(sentence.end_char, actor.end_char + 60)]):
        return "initiator", "claim"
    return None


def claims(actor: Span, sentence: Span) -> bool:
    """Is the actor's cue "X claimed"? "by X" and "backed by X" outrank it; the rarer claim is tested first."""
    text = text_of(sentence.doc)
    after = text[actor.end_char : min(sentence.end_char, actor.end_char + 60)]
    return bool(CLAIM_AFTER.search(after)) and strong_role(actor, sentence) == ("initiator", "claim")

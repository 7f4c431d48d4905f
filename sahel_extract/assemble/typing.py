"""ACLED event type and sub-type from the triggers of an incident and its actor pair.

Precedence follows ACLED: a ground fight between armed actors is a Battle even with air support;
an armed actor killing unarmed people is Violence against civilians; remote weapons with no ground
fight are Explosions/Remote violence; an abduction with killings is an Attack.
"""

from __future__ import annotations

from typing import NamedTuple

from spacy.tokens import Span

from sahel_extract.assemble.roles import CUES
from sahel_extract.components.common import TRIGGERS, TriggerHit, payload, span_text

ARMED_TYPES = {"State forces", "Rebel group", "Political militia", "Identity militia", "External/Other forces"}
REMOTE_ORDER = (
    "Suicide bomb",
    "Remote explosive/landmine/IED",
    "Grenade",
    "Air/drone strike",
    "Shelling/artillery/missile attack",
)
GROUND_RULES = {"attack", "ambush", "clash", "military_operation", "territory_taken", "territory_regained"}
BARE_ACTS = frozenset(" ".join(p.lower().split()) for p in CUES["bare_acts"])
# the remote weapons an attacker uses; air strikes are mostly another side's answer ("the army
# responded with air strikes"), which does not make the attack remote
ATTACKER_WEAPONS = frozenset({"shelling", "ied", "suicide_bomb", "grenade"})


def told_how(lead: list[Span], acts: list[Span]) -> list[Span]:
    """The lead's triggers, or the remote weapons of an incident whose lead only says "attack".

    "Attack on UN camp kills soldier … the camp was hit by rockets", "the group claimed the attack
    … it detonated an explosive device": when every other action word of the incident is a bare
    "attack", "killed" or a remote weapon (no gunfire, ambush, raid, looting), the weapons tell how
    it was done, and ACLED codes the incident as remote violence.
    """
    if not lead or not all(_bare(t) for t in lead):
        return lead
    weapons = [t for t in acts if t.label_ in ATTACKER_WEAPONS]
    if not weapons or not all(_bare(t) or payload(t, TRIGGERS).remote for t in acts):
        return lead
    return weapons


def _bare(trigger: Span) -> bool:
    return " ".join(span_text(trigger).lower().split()) in BARE_ACTS


class Sides(NamedTuple):
    """What the assembly knows of who acted on whom.

    Made once per event: a named tuple, as immutable as a frozen dataclass, is made in a fifth of
    the time (a frozen dataclass's `__init__` sets each of its thirteen fields through
    `object.__setattr__`).
    """

    initiator_armed: bool
    initiator_state: bool
    target_armed: bool
    target_civilian: bool
    protesters: bool
    rioters: bool
    state_present: bool
    killed: int
    civilian_victims: bool
    armed_victims: bool
    any_armed: bool = True
    armed_parties: int = 0
    resisted: bool = False  # "village self-defence repelled the attack": someone fought back


def classify(triggers: list[TriggerHit], sides: Sides, context: list[TriggerHit] | None = None) -> tuple[str, str]:
    """`triggers` are the lead sentence's; `context` all of the incident's (a march that turns violent later)."""
    rules = {t.rule for t in triggers}
    told = rules | {t.rule for t in context or []}
    remote = [t.sub_event_type for t in triggers if t.remote]
    ground = bool(rules & GROUND_RULES)
    two_armed = sides.initiator_armed and (sides.target_armed or sides.armed_victims)
    civilian_target = (sides.target_civilian or sides.civilian_victims) and not sides.target_armed

    crowd = sides.protesters or sides.rioters or not (sides.any_armed and sides.armed_parties > 0 and not sides.state_present)
    if ("protest" in rules and crowd) or sides.protesters:
        crowd_violence = bool(told & {"riot", "mob_violence", "looting"}) or sides.rioters
        if sides.killed > 0 and sides.initiator_state and not crowd_violence:
            # "the military opened fire on the crowd": the force's violence, not the crowd's
            return "Protests", "Excessive force against protesters"
        if crowd_violence or (told & {"attack", "clash"}):
            return "Riots", "Violent demonstration"
        if sides.killed > 0 and sides.state_present:
            return "Protests", "Excessive force against protesters"
        if "protest_intervention" in rules or (sides.state_present and ("arrest" in rules or "attack" in rules)):
            return "Protests", "Protest with intervention"
        if "protest" in rules or not (ground or remote):
            return "Protests", "Peaceful protest"
    armed_named = sides.any_armed and sides.armed_parties > 0
    if "mob_violence" in rules and not armed_named:
        return "Riots", "Mob violence"
    if sides.rioters or ("riot" in rules and not armed_named):
        return "Riots", "Violent demonstration"
    ground_fight = bool(rules & {"ambush", "clash"}) and two_armed
    if remote and not ground_fight:
        sub = next(s for s in REMOTE_ORDER if s in remote)
        return "Explosions/Remote violence", sub
    if "sexual_violence" in rules:
        return "Violence against civilians", "Sexual violence"
    if "abduction" in rules and not two_armed:
        if sides.killed > 0:
            return "Violence against civilians", "Attack"
        if sides.initiator_state and "arrest" in rules:
            return "Strategic developments", "Arrests"
        return "Violence against civilians", "Abduction/forced disappearance"
    if "territory_regained" in rules and (sides.initiator_state or sides.state_present):
        return "Battles", "Government regains territory"
    if "territory_taken" in rules and sides.initiator_armed and not sides.initiator_state:
        return "Battles", "Non-state actor overtakes territory"
    if "arrest" in rules and sides.killed == 0 and not remote and rules & (GROUND_RULES | {"massacre", "casualty"}) <= {"military_operation"}:
        # "during an operation, the army arrested twelve suspects": an operation that only arrests
        return "Strategic developments", "Arrests"
    violent = ground or bool(rules & {"massacre", "casualty"}) or sides.killed > 0
    if violent and civilian_target and sides.killed == 0 and "massacre" not in rules and "looting" in rules:
        return "Strategic developments", "Looting/property destruction"
    if violent:
        armed_target = sides.target_armed or sides.armed_victims
        only_civilians_hit = sides.civilian_victims and not sides.armed_victims and sides.killed > 0
        if only_civilians_hit and not sides.resisted and "clash" not in told:
            return "Violence against civilians", "Attack"  # "twelve passengers were killed"
        if sides.armed_parties >= 2 or (armed_target and sides.initiator_armed) or sides.resisted:
            return "Battles", "Armed clash"
        if "clash" in rules and not (civilian_target and "attack" in rules):
            # "clashed", "fighting": two armed sides even if one is unnamed, and even if the sides are
            # communities ("herders and farmers clashed"): ACLED codes them as militias
            return "Battles", "Armed clash"
        if civilian_target or sides.initiator_armed:
            return "Violence against civilians", "Attack"
        return "Battles", "Armed clash"
    if "arrest" in rules:
        return "Strategic developments", "Arrests"
    for rule, sub in (
        ("looting", "Looting/property destruction"),
        ("disrupted_weapons", "Disrupted weapons use"),
        ("agreement", "Agreement"),
        ("base_established", "Headquarters or base established"),
        ("territory_transfer", "Non-violent transfer of territory"),
        ("change_group", "Change to group/activity"),
        ("threat", "Other"),
    ):
        if rule in rules:
            return "Strategic developments", sub
    if triggers:
        first = triggers[0]
        return first.event_type, first.sub_event_type
    return "Strategic developments", "Other"

"""Parties: the actors an incident names, resolved to the actor table, with their roles (initiator,
target, associated); the generic parties (unidentified group, state forces, civilians, the crowd)
ACLED codes when none is named. The role cues themselves are in `roles.py`."""

from __future__ import annotations

import datetime as dt
import re

from spacy.tokens import Doc, Span

from sahel_extract.assemble.index import SpanIndex
from sahel_extract.assemble.roles import (
    FIRM_CUES,
    FORCES,
    another_time,
    claims,
    drop_qualified_generics,
    foreign_soldiers,
    not_a_party,
    role_with_cue,
)
from sahel_extract.assemble.stage import AssemblyStage
from sahel_extract.assemble.typing import ARMED_TYPES
from sahel_extract.components.common import (
    ACTORS,
    CASUALTIES,
    DATES,
    TRIGGERS,
    ActorHit,
    attach,
    payload,
    span_text,
    text_of,
)
from sahel_extract.models import ActorMention

HEADER = re.compile(r"^\s*[A-Z][A-Za-z /-]{2,40}:\s")
CROWDS = frozenset({"Protesters", "Rioters"})  # the actors that make a gathering a protest
GENERIC_NAMES = {
    "unidentified": ("Unidentified armed group", "Rebel group"),
    "civilians": ("Civilians", "Civilians"),
    "protesters": ("Protesters", "Protesters"),
    "rioters": ("Rioters", "Rioters"),
}


class Parties(AssemblyStage):
    """Who fought whom in an incident: named actors and the generic parties of its type."""

    def _actors(
        self,
        doc: Doc,
        sentences: list[Span],
        triggers: list[Span],
        country: str | None,
        day: dt.date | None,
    ) -> list[ActorMention]:
        mentions: list[ActorMention] = []
        seen: dict[str, int] = {}
        unnamed_forces: set[str] = set()  # state forces told only as "soldiers", "the military"
        named: set[str] = set()
        cues: dict[str, str] = {}
        ix: SpanIndex = doc.user_data["index"]
        text = text_of(doc)
        for sentence in sentences:
            spans = ix.within(ACTORS, sentence)
            if not spans:
                continue
            if sentence is not sentences[0] and another_time(
                [(payload(d, DATES).value, payload(d, DATES).day) for d in ix.within(DATES, sentence)], day
            ):
                continue  # "French troops left Mali in 2022": a name of another time
            header_end = self._header_end(sentence)
            s_trig = [t for t in ix.within("triggers", sentence) if t.start_char >= header_end]
            trigger_start = s_trig[0].start_char if s_trig else None
            victim_spans = [
                c for c in ix.within(CASUALTIES, sentence)
                if payload(c, CASUALTIES).kind in ("killed", "injured", "abducted")
            ]
            # pairs ("X (Y)", "X or Y") need two names: most sentences name one actor
            kept = drop_qualified_generics(self._drop_alternatives(self._drop_affiliations(spans)), text) if len(spans) > 1 else spans
            for span in kept:
                after = text[span.end_char : span.end_char + 40]
                hit = payload(span, ACTORS)
                if not hit.generic and self.rules.person_after.match(after):
                    hit = ActorHit("member_of", "civilians", generic=True)  # "a CMA member", "the MSA deputy chief"
                resolved = self._resolve_actor(hit, country, day)
                if resolved is None:
                    continue
                name, full, acled, kind = resolved
                (unnamed_forces if hit.generic and hit.name == "state_forces" else named).add(name)
                victim = bool(victim_spans) and any(c.start_char <= span.start_char < c.end_char for c in victim_spans)
                if name in seen:
                    # a later mention changes the role only by a count of dead (target) or a claim ("X
                    # claimed…", initiator), and not after "by X", a claim or a count: the cheap tests first
                    earlier = mentions[seen[name]]
                    role = "target" if victim else "initiator"
                    if (
                        cues[name] in FIRM_CUES or earlier.role == role
                        or (hit.rule == "member_of" and not victim)
                    ):
                        if victim and earlier.role == "target":
                            cues[name] = "victim"  # counted among the dead: no later verb makes it the attacker
                        continue
                    if (victim or claims(span, sentence)) and not not_a_party(text, sentence, span):
                        mentions[seen[name]] = earlier.model_copy(update={"role": role})
                        cues[name] = "victim" if victim else "claim"
                    continue
                if not_a_party(text, sentence, span):
                    continue
                if victim:
                    role, cue = "target", "victim"  # "killed 84 Wagner soldiers": the dead are the target
                elif hit.rule == "member_of":
                    role, cue = "target", "member"
                else:
                    role, cue = role_with_cue(span, sentence, trigger_start, force=kind in FORCES)
                seen[name] = len(mentions)
                cues[name] = cue
                mentions.append(
                    ActorMention(
                        name=name, full_name=full, acled_name=acled, type=kind,
                        role=role, mention=span_text(span), start=span.start_char, end=span.end_char,
                    )
                )
        unnamed = unnamed_forces - named
        if unnamed:  # the triggers' kinds are read only for a soldier told by no country
            mentions = foreign_soldiers(mentions, unnamed, [payload(t, TRIGGERS).event_type for t in triggers])
        non_state = ARMED_TYPES - {"State forces", "External/Other forces"}
        named_armed = any(m.name != "Unidentified armed group" and m.type in non_state for m in mentions)
        if named_armed:
            mentions = [m for m in mentions if m.name != "Unidentified armed group"]
        order = {"initiator": 0, "target": 1, "associated": 2}
        return sorted(mentions, key=lambda m: (order[m.role], m.start))

    @staticmethod
    def _header_end(sentence: Span) -> int:
        """End of an analyst's "Property destruction:" style header, whose words are not the action."""
        match = HEADER.match(span_text(sentence))
        return sentence.start_char + match.end() if match else sentence.start_char

    @staticmethod
    def _drop_affiliations(spans: list[Span]) -> list[Span]:
        """"Katiba Macina (JNIM) militants": the bracketed parent qualifies, it is not a second party."""
        kept = []
        text = text_of(spans[0].doc) if spans else ""
        for i, span in enumerate(spans):
            if i > 0:
                between = text[spans[i - 1].end_char : span.start_char]
                if between.strip() == "(" and text[span.end_char : span.end_char + 1] == ")":
                    continue
            kept.append(span)
        return kept

    def _drop_alternatives(self, spans: list[Span]) -> list[Span]:
        """"JNIM or ISGS militants": an uncertain attribution is an unidentified group."""
        kept = []
        skip: set[int] = set()
        text = text_of(spans[0].doc) if spans else ""
        for i, span in enumerate(spans):
            if i in skip:
                continue
            if i + 1 < len(spans):
                between = text[span.end_char : spans[i + 1].start_char].strip().lower()
                if between in ("or", "and/or", "ou", "or the") and not payload(span, ACTORS).generic and not payload(spans[i + 1], ACTORS).generic:
                    doc = span.doc
                    merged = Span(doc, span.start, spans[i + 1].end, label="unidentified")
                    attach(merged, ACTORS, ActorHit("alternative", "unidentified", generic=True))
                    kept.append(merged)
                    skip.add(i + 1)
                    continue
            kept.append(span)
        return kept

    def _resolve_actor(
        self, hit: ActorHit, country: str | None, day: dt.date | None
    ) -> tuple[str, str | None, str | None, str] | None:
        if hit.generic:
            if hit.name == "state_forces":
                forces = self.actors.forces_of(country)
                if forces is None:
                    return None
                return forces.name, forces.full_name, forces.acled_name, forces.type
            name, kind = GENERIC_NAMES[hit.name]
            record = self.actors.get(name)
            if record is not None:
                return record.name, record.full_name, record.acled_name, record.type
            return name, None, None, kind
        record = self.actors.get(hit.name)
        if record is None:
            return None
        record = self.actors.current(record, day)
        if record.type == "Civilians" and record.name != "Civilians":
            # traders, journalists, aid workers: ACLED codes them all as Civilians
            civilians = self.actors.get("Civilians")
            if civilians is not None:
                record = civilians
        return record.name, record.full_name, record.acled_name, record.type

    def _crowd(self, actors: list[ActorMention], crowd: str) -> list[ActorMention]:
        """Students or traders marching are Protesters (or Rioters), not Civilians, in ACLED's terms."""
        record = self.actors.get(crowd)
        out: list[ActorMention] = []
        for a in actors:
            if a.type == "Civilians" or a.name in ("Protesters", "Rioters"):
                a = a.model_copy(update={"name": crowd, "type": crowd, "role": "initiator",
                                         "full_name": record.full_name if record else None,
                                         "acled_name": record.acled_name if record else None})
            elif a.role == "initiator":
                a = a.model_copy(update={"role": "target"})  # ACLED: the crowd is actor 1
            if not any(o.name == a.name for o in out):
                out.append(a)
        if not any(o.name == crowd for o in out):
            out.insert(0, ActorMention(name=crowd, type=crowd, role="initiator", mention="", start=0, end=0,
                                       full_name=record.full_name if record else None,
                                       acled_name=record.acled_name if record else None))
        order = {"initiator": 0, "target": 1, "associated": 2}
        return sorted(out, key=lambda m: (order[m.role], m.start))

    def _unidentified(self, sentence: Span) -> ActorMention:
        record = self.actors.get("Unidentified armed group")
        return ActorMention(
            name="Unidentified armed group", full_name=record.full_name if record else None,
            acled_name=record.acled_name if record else None, type=record.type if record else "Political militia",
            role="initiator", mention="", start=sentence.start_char, end=sentence.start_char,
        )

    def _state_forces(self, country: str | None, sentence: Span) -> ActorMention | None:
        record = self.actors.forces_of(country)
        if record is None:
            return None
        return ActorMention(
            name=record.name, full_name=record.full_name, acled_name=record.acled_name, type=record.type,
            role="initiator", mention="", start=sentence.start_char, end=sentence.start_char,
        )

    def _civilians(self, sentence: Span) -> ActorMention:
        record = self.actors.get("Civilians")
        return ActorMention(
            name="Civilians", full_name=record.full_name if record else None,
            acled_name=record.acled_name if record else None, type="Civilians", role="target",
            mention="", start=sentence.start_char, end=sentence.start_char,
        )

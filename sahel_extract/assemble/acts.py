"""Acts: which action words of an incident report what happened (not a protest's grievance, a denial
or a hedge), which of them type the event, and what the incident tells of its sides."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from sahel_extract.assemble.incidents import Incident
from sahel_extract.assemble.index import SpanIndex
from sahel_extract.assemble.parties import CROWDS
from sahel_extract.assemble.roles import CULPRIT_BEFORE
from sahel_extract.assemble.stage import AssemblyStage
from sahel_extract.assemble.typing import ARMED_TYPES, Sides
from sahel_extract.components.caseless import folded_of, lowered_exactly
from sahel_extract.components.common import ACTORS, CASUALTIES, CasualtyHit, TriggerHit, payload, span_text, text_of
from sahel_extract.models import ActorMention

# the acts a protest may be about rather than do ("protested against the attacks": `motive_before` of assembly/<lang>.yaml)
VIOLENT_RULES = frozenset({"attack", "ambush", "clash", "looting", "riot", "mob_violence"})
CLAUSE_BREAK = re.compile(r"[;,:]")
FIGHTING_RULES = frozenset({"attack", "clash", "military_operation", "airstrike", "shelling"})


class Acts(AssemblyStage):
    """The acts an incident reports and the sides its words describe, for `typing.classify`."""

    def _hedged(self, sentence: Span, triggers: list[Span]) -> bool:
        """"could attack", "threaten to strike": a hedge before the action word; one after it qualifies
        a clause of its own ("staged a protest against a plan which would …")."""
        match = self._hedge.search(span_text(sentence))
        if match is None:
            return False
        first = next((t.start_char for t in triggers if sentence.start_char <= t.start_char < sentence.end_char), None)
        return first is None or sentence.start_char + match.start() <= first

    @staticmethod
    def _implied_trigger(casualties: list[Span]) -> TriggerHit | None:
        """"10 farmers were found dead": a toll with no action word still reports violence."""
        kinds = {hit.kind for c in casualties if (hit := payload(c, CASUALTIES)).best > 0}
        if kinds & {"killed", "injured"}:
            return TriggerHit("casualty", "Violence against civilians", "Attack")
        if "abducted" in kinds:
            return TriggerHit("abduction", "Violence against civilians", "Abduction/forced disappearance")
        return None

    def _days_of_fighting(self, doc: Doc, incident: Incident) -> int:
        """Days a fight lasted by the lead sentence ("over two days", "three days of clashes"), else 1."""
        lead = incident.sentences[0]
        ix: SpanIndex = doc.user_data["index"]
        if not any(t.label_ in FIGHTING_RULES for t in ix.within("triggers", lead)):
            return 1
        match = self.rules.days_of_fighting.search(span_text(lead))
        return self.rules.numbers[(match.group("n") or match.group("m")).lower()] if match else 1

    def _acts(self, doc: Doc, triggers: list[Span]) -> list[Span]:
        """Triggers that report what happened, without the grievance of a protest ("marched against
        the attacks", "protest over the assault"), denied violence ("no clashes were reported") and the
        act a suspect is arrested for ("arrested the perpetrators of the attack")."""
        text = text_of(doc)
        folded = folded_of(doc)  # the windows' lowercased text, sliced rather than lowercased per window
        labels = [t.label_ for t in triggers]  # read once: each `label_` asks the string store
        arrests = "arrest" in labels  # the culprit rule below needs an arrest besides: most notes tell none
        acts = []
        for i, trigger in enumerate(triggers):
            start = trigger.start_char
            window = max(0, start - 60)
            before, lowered = text[window:start], None if folded is None else folded[window:start]
            if self.rules.negated_before.found_in(before, lowered):
                continue
            if arrests and CULPRIT_BEFORE.found_in(before, lowered) and any(
                label == "arrest" and t.sent.start == trigger.sent.start
                for t, label in zip(triggers, labels, strict=True) if t is not trigger
            ):
                continue  # "arrested the perpetrator of the assassination": the act he is held for
            # the words since the previous trigger of the sentence, when that one is a protest (the
            # labels first: finding a span's sentence walks its tokens)
            previous = triggers[i - 1] if i > 0 else None
            if (
                previous is not None and labels[i - 1] == "protest" and labels[i] in VIOLENT_RULES
                and previous.sent.start == trigger.sent.start
            ):
                between = text[previous.end_char : trigger.start_char]
                if (
                    not self.rules.participle_end.search(span_text(trigger)) and self.rules.motive_before.search(between)
                    and not CLAUSE_BREAK.search(between)
                ):
                    continue
            acts.append(trigger)
        return acts

    def _lead_triggers(self, doc: Doc, sentences: list[Span], triggers: list[Span]) -> list[Span]:
        """The type comes from the first sentence that has triggers: a story's lead names its event.

        A sentence whose only act is a gathering with no crowd named ("they had gathered for the
        inauguration of a mill when …") tells where the victims were, when the incident tells a
        violent act elsewhere: it does not make the incident a protest.
        """
        ix: SpanIndex = doc.user_data["index"]
        for sentence in sentences:
            lead = [t for t in triggers if sentence.start <= t.start < sentence.end]  # few: a scan is fine
            if lead and all(self.rules.gathering.fullmatch(span_text(t)) for t in lead) and any(
                t.label_ != "protest" for t in triggers  # a violent act besides: read only for a lead of gatherings
            ) and not any(
                payload(a, ACTORS).name in CROWDS for a in ix.within(ACTORS, sentence)
            ):
                continue
            if lead:
                return lead
        return triggers

    def _sides(self, actors: list[ActorMention], hits: list[CasualtyHit], fatalities: int | None, text: str) -> Sides:
        # the kinds and names of the parties, gathered once for the tests below
        initiator_types = {a.type for a in actors if a.role == "initiator"}
        target_types = {a.type for a in actors if a.role == "target"}
        names = {a.name for a in actors}
        victims = " ".join((h.victims or "").lower() for h in hits if h.kind in ("killed", "injured", "abducted"))
        folded = lowered_exactly(text)  # once for the three rules below, not once per rule
        return Sides(
            initiator_armed=not initiator_types.isdisjoint(ARMED_TYPES) or not initiator_types,
            initiator_state="State forces" in initiator_types,
            target_armed=not target_types.isdisjoint(ARMED_TYPES) or self.rules.armed_object.found_in(text, folded),
            target_civilian="Civilians" in target_types or self.rules.civilian_object.found_in(text, folded),
            protesters="Protesters" in names,
            rioters="Rioters" in names,
            state_present=any(a.type == "State forces" for a in actors),
            killed=fatalities or 0,
            civilian_victims=bool(self.rules.civilian_victims.search(victims)),
            armed_victims=bool(self.rules.armed_victims.search(victims)),
            resisted=self.rules.resistance.found_in(text, folded),
            armed_parties=len({self.actors.family(a.name) for a in actors if a.type in ARMED_TYPES and a.role != "associated"}),
            any_armed=any(a.type in ARMED_TYPES and a.name != "Unidentified armed group" for a in actors) or any(a.name == "Unidentified armed group" and a.mention for a in actors),
        )

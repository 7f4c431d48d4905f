"""The one step that reads across span groups: a parsed document becomes incident events."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools

from spacy.tokens import Doc, Span

from sahel_extract import __version__
from sahel_extract.assemble.acts import Acts
from sahel_extract.assemble.confidence import confidence
from sahel_extract.assemble.dating import (
    STATEMENTS,
    choose_date,
    historical,
    published_text,
    reference_day,
    split_roles,
    told_as_background,
)
from sahel_extract.assemble.figures import Figures
from sahel_extract.assemble.grouping import KIND_OF_TYPE, Grouping, opens_by_pointing_back
from sahel_extract.assemble.incidents import (
    Incident,
    dated_lead,
    fold_accounts,
    fold_headlines,
    fold_toll_updates,
    place_key,
    quoted_only,
    toll_reports,
)
from sahel_extract.assemble.index import SpanIndex
from sahel_extract.assemble.lists import PlaceLists
from sahel_extract.assemble.location import Context, article_context, at_seat_of_power, choose_location, main_country
from sahel_extract.assemble.parties import CROWDS, GENERIC_NAMES, Parties
from sahel_extract.assemble.roles import FORCES, WINDOW_GATE, force_first, forces_meeting_crowd, settle_initiator
from sahel_extract.assemble.typing import classify, told_how
from sahel_extract.assemble.zones import Zones
from sahel_extract.components.caseless import factored
from sahel_extract.components.common import ACTORS, CASUALTIES, DATES, PLACES, TRIGGERS, payload, span_text
from sahel_extract.models import Article, Event, Evidence
from sahel_extract.resources.actors import ActorTable
from sahel_extract.resources.assembly_rules import AssemblyRules, assembly_rules
from sahel_extract.resources.places import Gazetteer

BRIEF_SENTENCES = 4


class Assembler(Grouping, PlaceLists, Parties, Acts, Figures):
    """Groups trigger sentences into incidents and fills every field of each incident's event.

    Each stage is a module of its own, mixed in here over the state they share (`stage.AssemblyStage`):
    grouping sentences into incidents (`grouping`), lists of places (`lists`), parties and their roles
    (`parties`, cues in `roles`), acts and sides for typing (`acts`, `typing`), figures (`figures`,
    `tolls`), dates (`dating`), location (`location`) and confidence (`confidence`). What stays here
    runs them for one incident after another and builds the event.
    """

    def __init__(self, gazetteer: Gazetteer, actors: ActorTable, rules: AssemblyRules | None = None) -> None:
        self.gazetteer = gazetteer
        self.actors = actors
        # the article language's words (`assembly/<lang>.yaml`); the installed English ones by default
        self.rules = rules or assembly_rules(None, "en")
        # the kinds of entry (place, admin1 …) a gazetteer key names, asked of every mention: at
        # most one set per key of the gazetteer
        self._kinds: dict[str, frozenset[str]] = {}
        self._targets_between = self.rules.filled("target_separator", gazetteer.roles.all_of("target_nouns"))
        # asked of every sentence of every event: its alternatives factored, the same matches in half the time
        self._hedge = factored(self.rules.hedge.pattern, self.rules.hedge.flags)
        WINDOW_GATE.prepare()  # now, not in the first article's time limit

    def __call__(
        self, doc: Doc, article: Article, doc_id: str, *, include_aggregates: bool = False
    ) -> list[Event]:
        sentences = list(doc.sents)
        doc.user_data["sentences"] = sentences
        # a sentence's place in the document by its first token, asked for each event's lead
        doc.user_data["sentence_index"] = {s.start: i for i, s in enumerate(sentences)}
        zones = Zones.of(doc, sentences)
        doc.user_data["zones"] = zones
        doc.user_data["brief"] = zones.story_sentences <= BRIEF_SENTENCES
        # each pass over a span group makes new Span objects: one pass per group
        actor_spans = [a for a in doc.spans[ACTORS] if zones.story(a)]
        every_date = list(doc.spans[DATES])
        date_spans = [d for d in every_date if zones.placed(d)]
        places = [
            p for p in self._places(doc, actor_spans)
            if zones.placed(p) and (payload(p, PLACES).key or not zones.in_headline(p))
        ]
        context = article_context(
            self.gazetteer, places, [c for c in (payload(a, ACTORS).country for a in actor_spans) if c]
        )
        triggers = [t for t in self._triggers(doc, actor_spans, every_date, places) if zones.placed(t)]
        ix = SpanIndex()
        doc.user_data["index"] = ix
        ix.add("triggers", triggers)
        ix.add("places", places)
        ix.add("specific", [p for p in places if self._specific(p)])
        ix.add(ACTORS, actor_spans)
        ix.add(CASUALTIES, [c for c in doc.spans[CASUALTIES] if zones.story(c)])
        doc.user_data["reference_day"] = reference_day(doc, date_spans, article.published)
        event_dates, statement_dates = split_roles(date_spans)
        ix.add(DATES, event_dates)
        ix.add(STATEMENTS, statement_dates)
        incidents = self._incidents(doc, places, triggers)
        if zones.has_headline:  # a headline's incident joins the body's (most notes have no headline)
            incidents = fold_headlines(
                incidents, zones,
                lambda i: any(payload(c, CASUALTIES).best > 0 for c in ix.in_all(CASUALTIES, i.sentences)),
            )
        if not doc.user_data["brief"]:
            kinds = self._kinds_of_acts(doc)
            incidents = fold_accounts(
                incidents, kinds, self._areas_of(doc), self._told_with(doc), self._leads(zones, incidents),
                functools.partial(opens_by_pointing_back, anaphora=self.rules.anaphora),
            )
            incidents = fold_toll_updates(incidents, toll_reports(doc), kinds, self._leads(zones, incidents))
        events: list[Event] = []
        index = 0
        for incident in incidents:
            # "attacks on Zon, Pongono and Bana": one event per place of a list, as ACLED codes them
            first = len(events)
            in_list, from_lead = self._place_list(doc, incident)
            listed: list[Span | None] = list(in_list) or [None]
            head = self._seat_head(doc, incident, own_town=not in_list) if in_list or not doc.user_data["brief"] else None
            if head is not None and not in_list:
                # "Rioting soldiers detained the president in an apparent coup … the soldiers came from the
                # camp at Kati": the coup is at the capital, the town's acts an incident of their own
                incident = self._without(doc, incident, head)
            if head is not None:
                # the coup the story opens with is an event of its own, besides the list told after it; the
                # "terrorist attacks" its leaders cite as their motive name no party of it
                event = self._event(doc, article, doc_id, head, places, triggers, context, index)
                index += 1
                if event is not None and ("aggregate" not in event.flags or include_aggregates):
                    actors = [a for a in event.actors if a.name != GENERIC_NAMES["unidentified"][0]]
                    update: dict[str, object] = {"actors": actors}
                    if event.event_type != "Strategic developments":
                        # "rioting soldiers detained the president in a coup": the takeover, not a riot
                        update = {
                            "actors": [a for a in actors if a.name not in CROWDS],
                            "event_type": "Strategic developments", "sub_event_type": "Change to group/activity",
                        }
                    events.append(event.model_copy(update=update))
            # news coders give each place of a list only its own figure; the notes' coders the list's
            # (a figure told at each place, "21 killed in Dara and 18 in Wendou", is its own in both)
            shared = in_list if len(in_list) > 1 and (
                not (from_lead and doc.user_data["brief"]) or self._figure_at_each(doc, incident, in_list)
            ) else None
            clauses = self._pair_clauses(doc, in_list)
            # "clashed over two days": ACLED codes one event per day of fighting
            days = self._days_of_fighting(doc, incident) if listed == [None] else 1
            for only_place, shift in ((p, d) for p in listed for d in range(days)):
                clause = clauses.get(only_place.start_char) if only_place is not None else None
                event = self._event(
                    doc, article, doc_id, incident, places, triggers, context, index, only_place, shift, shared, clause
                )
                index += 1
                if event is None:
                    continue
                if "aggregate" in event.flags and not include_aggregates:
                    continue
                if days > 1 and event.fatalities:
                    # the toll of the whole fight, shared between its days as ACLED does (54 -> 27 + 27)
                    share = event.fatalities // days + (1 if shift < event.fatalities % days else 0)
                    event = event.model_copy(update={"fatalities": share})
                events.append(event)
            found = self._second_act(doc, article, doc_id, incident, events[first:], places, triggers, context, index)
            if found is not None:
                second, own = found
                if own is not None:
                    events[first:] = [own]
                index += 1
                events.append(second)
        return events

    def _second_act(
        self, doc: Doc, article: Article, doc_id: str, incident: Incident, told: list[Event], places: list[Span],
        triggers: list[Span], context: Context, index: int,
    ) -> tuple[Event, Event | None] | None:
        """"Militants attacked army posts in X, Y and Z … Three foreign workers were abducted in Y during the
        attack": an abduction of civilians told in a sentence of its own in a story of fighting, or an attack
        on fighters told in a story of killings of civilians, is an event of its own (ACLED codes each act),
        at the place and day its sentence gives. News only; one such act per incident.

        Returns the act's event and, when the fighters' dead were told apart ("… adding that three of its
        fighters had also been killed"), the incident's own event told without them (they are the fight's).
        """
        if doc.user_data["brief"] or not told:
            return None
        ix: SpanIndex = doc.user_data["index"]
        zones: Zones = doc.user_data["zones"]
        # the fight told apart from killings of civilians at the one place the incident names (an incident
        # that names two towns may hold two stories: "fighters attacked a camp in X and gunmen killed
        # civilians at a market in Y")
        one_place = len({place_key(p) for p in ix.in_all("specific", incident.sentences)}) <= 1
        fight = [s for s in incident.sentences[1:] if self._fighters_dead(doc, s)] if one_place else []
        own: Event | None = None
        if fight and len(told) == 1:
            rest = self._without(doc, incident, Incident(sentences=fight))
            own = self._event(doc, article, doc_id, rest, places, triggers, context, index)
            if own is not None:
                own = own.model_copy(update={"event_id": told[0].event_id})
        kinds = {e.event_type for e in ([own] if own is not None else told)}
        for sentence in incident.sentences[1:]:
            if zones.in_headline(sentence):
                continue
            rules = {payload(t, TRIGGERS).rule for t in ix.within("triggers", sentence)}
            civilians_then_fight = len(told) == 1 and one_place and "Violence against civilians" in kinds and bool(
                self.rules.armed_object.search(span_text(sentence)) or self.rules.fighters_attacked.search(span_text(sentence))
            )
            if not (("Battles" in kinds and "abduction" in rules) or civilians_then_fight):
                continue
            part = Incident()
            part.add(sentence, ix.within("specific", sentence), ix.within(DATES, sentence))
            event = self._event(doc, article, doc_id, part, places, triggers, context, index)
            if event is None or event.event_type in kinds or "historical" in event.flags:
                continue
            unidentified = GENERIC_NAMES["unidentified"][0]
            theirs = [a for e in told for a in e.actors if a.role == "initiator" and a.name != unidentified]
            if theirs and all(a.name == unidentified for a in event.actors if a.role == "initiator"):
                # "the militants attacked its fighters": the incident's attackers, unless the sentence names others
                kept = [a for a in event.actors if a.role != "initiator"]
                event = event.model_copy(update={"actors": list({a.name: a for a in theirs}.values()) + kept})
            if civilians_then_fight and event.fatalities is None and fight:
                dead = [payload(c, CASUALTIES).best for c in ix.in_all(CASUALTIES, fight) if payload(c, CASUALTIES).kind == "killed"]
                event = event.model_copy(update={"fatalities": sum(dead)})
            return event, (own if civilians_then_fight else None)
        return None

    def _fighters_dead(self, doc: Doc, sentence: Span) -> bool:
        """Does a sentence count only fighters' dead ("three of its fighters had also been killed")?"""
        ix: SpanIndex = doc.user_data["index"]
        hits = [payload(c, CASUALTIES) for c in ix.within(CASUALTIES, sentence)]
        killed = [h for h in hits if h.kind == "killed" and not h.vague]
        return bool(killed) and all(
            self.rules.armed_victims.search((h.victims or "").lower()) and not self.rules.civilian_victims.search((h.victims or "").lower()) for h in killed
        )


    def _event(
        self,
        doc: Doc,
        article: Article,
        doc_id: str,
        incident: Incident,
        places: list[Span],
        all_triggers: list[Span],
        context: Context,
        index: int,
        only_place: Span | None = None,
        day_shift: int = 0,
        shared: list[Span] | None = None,
        clause: Span | None = None,
    ) -> Event | None:
        sentences = incident.sentences
        ix: SpanIndex = doc.user_data["index"]
        triggers = ix.in_all("triggers", sentences)
        # the incident's tolls and place mentions, gathered once for the tests and fields below
        tolls = ix.in_all(CASUALTIES, sentences)
        implied = self._implied_trigger(tolls) if not triggers else None
        if not triggers and implied is None:
            return None
        mentioned = ix.in_all("places", sentences)
        if not self._newsworthy(doc, incident, tolls, mentioned) or all(self._hedged(s, triggers) for s in sentences):
            return None
        inc_places = [only_place] if only_place is not None else mentioned
        # (most incidents name a specific place: then neither fallback is asked)
        if not any(self._specific(p) for p in inc_places):
            if incident.cause is not None:
                inc_places += ix.in_all("specific", incident.cause.sentences)  # a protest is where its cause was
            if not any(self._specific(p) for p in inc_places):
                inc_places += self._preceding_places(doc, sentences[0], places)
        location, in_gazetteer = choose_location(inc_places, self.gazetteer, context, self.rules)
        location, in_gazetteer = at_seat_of_power(location, in_gazetteer, sentences, mentioned, self.gazetteer, context)
        country = location.country_code if location else main_country(context)
        date_hit, date_span, defaulted = choose_date(doc, incident, article.published, self.rules)
        if day_shift and date_hit is not None and date_hit.day is not None and date_hit.precision in ("day", "week"):
            # the following days of a stated date; the days before a defaulted one (publication week)
            day_of = date_hit.day + dt.timedelta(days=-day_shift if defaulted else day_shift)
            date_hit = dataclasses.replace(date_hit, value=day_of.isoformat(), day=day_of)
        day = date_hit.day if date_hit else None
        # one pair of a sentence of pairs: the attackers its clause names, when it names any
        actors = (clause is not None and self._actors(doc, [clause], triggers, country, day)) or self._actors(
            doc, sentences, triggers, country, day
        )
        casualties, cas_hits = self._casualties(tolls)
        if doc.user_data.get("brief") and date_hit is not None and date_hit.precision == "day" and not defaulted:
            # a brief dated to the day tells one incident: its "in total" is that incident's toll
            # (but "last year" or "since January" is still no toll of the day)
            cas_hits = [h if h.aggregate == h.period else dataclasses.replace(h, aggregate=h.period) for h in cas_hits]
        fatalities, flags = self._fatalities(cas_hits, self._in_headline(doc, tolls))
        texts = [span_text(s) for s in sentences]  # for the sides here and the evidence below
        sides = self._sides(actors, cas_hits, fatalities, " ".join(texts))
        if shared is not None and only_place is not None:
            # the incident's figures tell what kind of attack it was; each place keeps its own only
            own = self._own_tolls(doc, tolls, sentences, only_place, shared)
            casualties, own_hits = self._casualties(own)
            fatalities, flags = self._fatalities(own_hits, self._in_headline(doc, own))
        acts = self._acts(doc, triggers) or triggers
        lead = [payload(t, TRIGGERS) for t in told_how(self._lead_triggers(doc, sentences, acts), acts)] or ([implied] if implied else [])
        event_type, sub_type = classify(lead, sides, [payload(t, TRIGGERS) for t in acts])
        if event_type in ("Protests", "Riots"):
            actors = self._crowd(actors, "Protesters" if event_type == "Protests" else "Rioters")
            if sub_type == "Excessive force against protesters":
                actors = force_first(actors)
            if sub_type == "Peaceful protest":
                actors = [a for a in actors if a.type != "State forces"]  # police watching a march are no party
            actors = forces_meeting_crowd(actors, sentences)
        if event_type == "Battles":
            actors = [a for a in actors if a.name != "Civilians"]  # civilian victims of a battle are not a side
        # ACLED codes an unnamed perpetrator; both sides counted among the dead still have an attacker
        actors = settle_initiator(
            actors, event_type, {t.rule for t in lead}, lambda: self._unidentified(sentences[0]),
            lambda: self._state_forces(country, sentences[0]),
        )
        if sub_type == "Arrests" and not any(a.role == "initiator" for a in actors):
            # the force that arrests is ACLED's Actor 1 ("elles ont procédé à l'interpellation de …")
            force = next((a for a in actors if a.type in FORCES), None)
            if force is not None:
                actors = [force.model_copy(update={"role": "initiator"}), *(a for a in actors if a is not force)]
        civilian_harm = event_type == "Violence against civilians" or (
            (sub_type in ("Looting/property destruction", "Mob violence") or event_type == "Explosions/Remote violence")
            and not sides.target_armed and not sides.armed_victims
            and (sub_type != "Explosions/Remote violence" or sides.civilian_victims or sides.target_civilian)
        )
        if civilian_harm and not any(a.name == "Civilians" for a in actors):
            actors.append(self._civilians(sentences[0]))
        if any(a.name == "Civilians" and a.role == "initiator" for a in actors) and event_type == "Violence against civilians":
            actors = [a.model_copy(update={"role": "target"}) if a.name == "Civilians" else a for a in actors]
        if date_hit is not None and (
            historical(date_hit, doc.user_data["reference_day"])
            or (
                not doc.user_data["brief"] and told_as_background(date_hit, doc.user_data["reference_day"])
                and not self._tells_lead(doc, incident)  # the sentence scan last: few dates are background
            )
        ):
            flags.append("historical")
        if defaulted:
            flags.append("date_defaulted")
        if location is not None and not in_gazetteer:
            flags.append("not_in_gazetteer")
        evidence = [
            Evidence(sentence=said, start=s.start_char, end=s.end_char)
            for s, said in sorted(zip(sentences, texts, strict=True), key=lambda told: told[0].start)
            if not said.isspace()  # the blank line between paragraphs, which the sentencizer keeps apart
        ]
        return Event(
            event_id=self._event_id(doc_id, index),
            doc_id=doc_id,
            source=article.source or "-",
            published=published_text(article),
            event_date=date_hit.value if date_hit else None,
            date_precision=date_hit.precision if date_hit and date_hit.value else None,
            date_text=span_text(date_span) if date_span is not None else None,
            event_type=event_type,
            sub_event_type=sub_type,
            actors=actors,
            location=location,
            fatalities=fatalities,
            casualties=casualties,
            flags=sorted(set(flags)),
            evidence=evidence,
            confidence=confidence(location, in_gazetteer, actors, date_hit, defaulted, fatalities),
            extractor=f"sahel-extract {__version__}",
        )


    def _newsworthy(self, doc: Doc, incident: Incident, tolls: list[Span], mentioned: list[Span]) -> bool:
        """An incident is told with something concrete: a date, a figure, or a named place.

        "Attacks here, killings there" and quoted opinion carry trigger words but report nothing.
        """
        lead = incident.sentences[0]
        if doc.user_data.get("brief"):
            return True  # an analyst's note or a news brief reports one incident by construction
        if incident.cause is not None:
            # a protest answering an incident is news when that incident is
            ix: SpanIndex = doc.user_data["index"]
            cause = incident.cause
            return self._newsworthy(doc, cause, ix.in_all(CASUALTIES, cause.sentences), ix.in_all("places", cause.sentences))
        if quoted_only(incident):
            return False  # only quoted words: what someone said, not what the story reports
        dated = any(payload(d, DATES).value and not payload(d, DATES).background for d in incident.dates)
        if dated and not incident.place_keys and self.rules.background.search(span_text(lead)) and not dated_lead(incident):
            # "The Tillaberi region faces regular attacks … ECOWAS last week demanded …": with no town, a
            # day told by a sentence of another kind of act (a statement, a protest) makes no situation news
            dated = self._dated_alike(doc, incident)
        if not dated and self.rules.background.search(span_text(lead)):
            # an undated present-perfect sentence ("has been the target of recurrent attacks since
            # 2015") describes a situation, not an incident
            return False
        if any(not payload(d, DATES).background for d in incident.dates):
            return True
        if any(not payload(c, CASUALTIES).vague and payload(c, CASUALTIES).best > 0 for c in tolls):
            return True  # "aucune victime", "no casualties" report nothing
        return any(self._specific_or_region(p) for p in mentioned)

    @staticmethod
    def _dated_alike(doc: Doc, incident: Incident) -> bool:
        """Does the lead, or a sentence that tells the lead's kind of act (violence, unrest, strategic), tell a day?"""
        ix: SpanIndex = doc.user_data["index"]

        def kinds(sentence: Span) -> set[str]:
            return {KIND_OF_TYPE[payload(t, TRIGGERS).event_type] for t in ix.within("triggers", sentence)}

        lead = kinds(incident.sentences[0])
        return any(
            payload(d, DATES).value and not payload(d, DATES).background
            for sentence in incident.sentences if lead & kinds(sentence) for d in ix.within(DATES, sentence)
        )

    def _preceding_places(self, doc: Doc, lead: Span, places: list[Span]) -> list[Span]:
        """"…assaults across the region": an incident with no place of its own is where the story just was."""
        sentences = doc.user_data["sentences"]
        index = doc.user_data["sentence_index"].get(lead.start, 0)
        window_start = sentences[max(0, index - 2)].start_char
        if window_start >= lead.start_char:
            return []  # the story's first sentence: nothing told before it
        return [p for p in places if window_start <= p.start_char < lead.start_char and self._specific_or_region(p)][-1:]


    @staticmethod
    def _event_id(doc_id: str, index: int) -> str:
        """A provisional id, unique in the article: `ids.identify` gives every event its stable id
        from its content once the article's events are known (hashing offsets here cost as much as
        typing the event)."""
        return f"{doc_id}#{index}"


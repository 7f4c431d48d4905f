"""The one step that reads across span groups: a parsed document becomes incident events."""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import functools
import re
from collections.abc import Callable
from operator import attrgetter

from spacy.tokens import Doc, Span

from sahel_extract import __version__
from sahel_extract.assemble.dating import (
    STATEMENTS,
    choose_date,
    historical,
    published_text,
    reference_day,
    split_roles,
    told_as_background,
)
from sahel_extract.assemble.incidents import (
    Areas,
    Incident,
    dated_lead,
    fold_accounts,
    fold_headlines,
    fold_toll_updates,
    past_only,
    place_key,
    quoted_only,
    tells_toll_again,
    toll_reports,
)
from sahel_extract.assemble.location import (
    Context,
    article_context,
    at_seat_of_power,
    choose_location,
    name_capitals,
    place_mentions,
    place_roles,
    qualifies_next,
)
from sahel_extract.assemble.roles import (
    CULPRIT_BEFORE,
    FIRM_CUES,
    FORCES,
    WINDOW_GATE,
    another_time,
    claims,
    drop_qualified_generics,
    force_first,
    forces_meeting_crowd,
    foreign_soldiers,
    not_a_party,
    role_with_cue,
    settle_initiator,
)
from sahel_extract.assemble.tolls import incident_toll, own_figures, place_of_figure
from sahel_extract.assemble.typing import ARMED_TYPES, Sides, classify, told_how
from sahel_extract.assemble.zones import Zones
from sahel_extract.components.caseless import CaselessPattern, factored, folded_of, lowered_exactly
from sahel_extract.components.common import (
    ACTORS,
    CASUALTIES,
    DATES,
    PLACES,
    TRIGGERS,
    ActorHit,
    CasualtyHit,
    DateHit,
    TriggerHit,
    attach,
    payload,
    span_text,
    text_of,
)
from sahel_extract.models import ActorMention, Article, Casualty, Event, Evidence, Location
from sahel_extract.resources.actors import ActorTable
from sahel_extract.resources.assembly_rules import AssemblyRules, assembly_rules
from sahel_extract.resources.place_roles import ROLE_INCIDENTAL
from sahel_extract.resources.places import Gazetteer

# The words and patterns of a language are in `gazetteer/assembly/<lang>.yaml` (`self.rules`); what
# stays here is typography (a "Label:" header, a dateline's shape, like components/layout.py's),
# the rule names of the trigger lexicons, ACLED's categories and counts.
HEADER = re.compile(r"^\s*[A-Z][A-Za-z /-]{2,40}:\s")
BRIEF_SENTENCES = 4
# "BAMAKO, Feb 11 —", "Niamey (AFP) -": where the story was filed, not where it happened
LINE_START = re.compile(r"(?:^|\n)[ \t]*$")
DATELINE_AFTER = re.compile(
    r"\s*(?:\([A-Za-z ]+\))?\s*,?\s*(?:le\s+)?(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?|"
    r"\d{1,2}(?:er)?\s+[A-Za-zéû]{3,9}\.?(?:\s+\d{4})?)?\s*(?:\([A-Za-z ]+\))?\s*[—–-]"
)
CROWDS = frozenset({"Protesters", "Rioters"})  # the actors that make a gathering a protest
MIN_LIST = 3  # a list of three or more names is a list of targets
LISTED_RULES = frozenset({"list_member", "pair_member", "in_unknown", "named_settlement"})  # unknown names a list may hold
SETTLEMENT_RULES = frozenset({"pair_member", "named_settlement"})  # unknown names a settlement word introduces
# the acts a protest may be about rather than do ("protested against the attacks": `motive_before` of assembly/<lang>.yaml)
VIOLENT_RULES = frozenset({"attack", "ambush", "clash", "looting", "riot", "mob_violence"})
CLAUSE_BREAK = re.compile(r"[;,:]")
FIGHTING_RULES = frozenset({"attack", "clash", "military_operation", "airstrike", "shelling"})
TOLD_WITH = 6  # sentences apart within which an unplaced account may retell an incident
KIND_OF_TYPE = {
    "Battles": "violence", "Violence against civilians": "violence", "Explosions/Remote violence": "violence",
    "Protests": "unrest", "Riots": "unrest", "Strategic developments": "strategic",
}
GENERIC_NAMES = {
    "unidentified": ("Unidentified armed group", "Rebel group"),
    "civilians": ("Civilians", "Civilians"),
    "protesters": ("Protesters", "Protesters"),
    "rioters": ("Rioters", "Rioters"),
}


def opens_by_pointing_back(incident: Incident, anaphora: CaselessPattern) -> bool:
    """"L'attaque a été revendiquée vendredi", "The ambush was claimed on Friday": a sentence of the
    account opens by pointing back at an incident told before (`anaphora`: the language's words)."""
    for sentence in incident.sentences:
        found = anaphora.search(span_text(sentence).lstrip(" \t\n«“\"")[:40])
        if found is not None and found.start() == 0:
            return True
    return False


_START_END = attrgetter("start", "end")


class SpanIndex:
    """Spans of one document by group, found per sentence by bisection rather than a scan.

    Assembly asks for "the spans of this sentence" for every sentence; scanning made long
    articles quadratic.
    """

    def __init__(self) -> None:
        self._groups: dict[str, tuple[list[Span], list[int]]] = {}

    def add(self, name: str, spans: list[Span]) -> list[Span]:
        ordered = sorted(spans, key=_START_END)
        self._groups[name] = (ordered, [s.start for s in ordered])
        return ordered

    def within(self, name: str, sentence: Span) -> list[Span]:
        spans, starts = self._groups[name]
        return spans[bisect.bisect_left(starts, sentence.start) : bisect.bisect_left(starts, sentence.end)]

    def all(self, name: str) -> list[Span]:
        return self._groups[name][0]

    def in_all(self, name: str, sentences: list[Span]) -> list[Span]:
        return [span for sentence in sentences for span in self.within(name, sentence)]




class Assembler:
    """Groups trigger sentences into incidents and fills every field of each incident's event."""

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

    def _place_list(self, doc: Doc, incident: Incident) -> tuple[list[Span], bool]:
        """Settlements the incident lists, one event each, and whether the list is in its lead.

        The lead sentence's list ("X, Y and Z", or two joined by "and") is the incident's; failing
        that, a list of three or more in a later sentence that tells an act ("Monday's operations
        were undertaken at X, Y and Z"), holds every settlement told before it and does not open on an
        earlier time ("after the release of those abducted in X, Y and Z" recalls other incidents).
        """
        ix: SpanIndex = doc.user_data["index"]
        if all(len(ix.within("specific", s)) < 2 for s in incident.sentences):
            return [], False  # a list, or a pair, needs two names in one sentence (see `_list_in`)
        # the lead: the first sentence, or the first to name a place when a story's lead names none
        first = incident.sentences[0]
        placed = next((s for s in incident.sentences if ix.within("specific", s)), first)
        for lead in (first,) if placed is first else (first, placed):  # (Span objects hash slowly)
            if listed := self._list_in(doc, lead, lead=True):
                return listed, True
        named: set[str] = set()  # the settlements told before: a later list that leaves them out is background
        for sentence in incident.sentences:
            if sentence is not first and ix.within("triggers", sentence):
                listed = self._list_in(doc, sentence, lead=False)
                if listed and named <= {place_key(p) for p in listed}:
                    return listed, False
            if not doc.user_data["zones"].in_headline(sentence):  # a headline may name the province
                named.update(place_key(p) for p in ix.within("specific", sentence))
        return [], False

    def _seat_head(self, doc: Doc, incident: Incident, *, own_town: bool = False) -> Incident | None:
        """"Les putschistes ont annoncé la destitution du président … Des mutineries ont eu lieu à X, Y et
        Z": the sentences before the first that names a town, when they tell an act at the seat of power
        (a coup, place_roles.yaml `seat_of_power`) and a later sentence lists other places, are an
        incident of their own: the coup at the capital, the list's acts at their places.

        `own_town`: with no list, only when a later sentence of the incident names a town of its own
        (not the capital the coup is coded at) and the coup sentence tells the news day, not a past coup.
        """
        ix: SpanIndex = doc.user_data["index"]
        zones: Zones = doc.user_data["zones"]
        text = text_of(doc)
        head: list[Span] = []
        town: list[Span] = []
        for sentence in incident.sentences:
            if town := ix.within("specific", sentence):
                break
            if not zones.in_headline(sentence):
                head.append(sentence)
        if not any(self.gazetteer.cues.seat_in(text, s.start_char, s.end_char) for s in head):
            return None
        if own_town and not self._town_after_coup(doc, head, town):
            return None
        part = Incident()
        for sentence in head:
            part.add(sentence, [], ix.within(DATES, sentence))
        return part

    def _town_after_coup(self, doc: Doc, head: list[Span], town: list[Span]) -> bool:
        """Does the coup of `head` stand apart from the town a later sentence names: a town other than
        a capital, and a coup told on a day of the news (not "since the 2012 coup")?"""
        capital = any(e.settlement == "capital" for p in town for e in self.gazetteer.lookup_key(payload(p, PLACES).key))
        if not head or not town or capital:
            return False
        ix: SpanIndex = doc.user_data["index"]
        reference = doc.user_data["reference_day"]
        days = [payload(d, DATES) for d in ix.in_all(DATES, head)]
        return any(
            hit.day is not None and hit.precision == "day" and not historical(hit, reference) for hit in days
        )

    @staticmethod
    def _without(doc: Doc, incident: Incident, part: Incident) -> Incident:
        """The incident less the sentences of one of its parts."""
        ix: SpanIndex = doc.user_data["index"]
        rest = Incident()
        for sentence in incident.sentences:
            if not part.has(sentence):
                rest.add(sentence, ix.within("specific", sentence), ix.within(DATES, sentence))
        return rest

    def _pair_clauses(self, doc: Doc, listed: list[Span]) -> dict[int, Span]:
        """"attacks by JNIM on the villages of A and B, and attacks by Dozo militias on the villages of C
        and D": each pair of a sentence of pairs has its own clause, up to its second name, whose
        attackers are its own (by the place's start)."""
        text = text_of(doc)
        if len(listed) < 4 or len(listed) % 2 or not all(
            self.rules.pair_separator.fullmatch(text[a.end_char : b.start_char]) for a, b in zip(listed[::2], listed[1::2], strict=True)
        ):
            return {}
        clauses: dict[int, Span] = {}
        start = listed[0].sent.start_char
        for first, second in zip(listed[::2], listed[1::2], strict=True):
            clause = doc.char_span(start, second.end_char, alignment_mode="expand")
            if clause is not None:
                clauses[first.start_char] = clauses[second.start_char] = clause
            start = second.end_char
        return clauses

    def _figure_at_each(self, doc: Doc, incident: Incident, listed: list[Span]) -> bool:
        """Is a figure told right at each place of the list ("21 killed in Dara and 18 in Wendou")?"""
        ix: SpanIndex = doc.user_data["index"]
        text = text_of(doc)
        starts = {p.start_char for p in listed}
        told_at = set()
        for sentence in incident.sentences:
            members = [p for p in ix.within("places", sentence) if p.start_char in starts]
            for figure in ix.within(CASUALTIES, sentence):
                told_at.add(place_of_figure(text, figure, members, self.rules))
        return {place_key(p) for p in listed} <= told_at

    def _own_tolls(self, doc: Doc, tolls: list[Span], sentences: list[Span], place: Span, listed: list[Span]) -> list[Span]:
        """The figures told of one place of a list: in a sentence that names it and no other member.

        "Attacks on X, Y and Z left twenty dead … In Y, eight were killed": Y's event is 8, X's and
        Z's have no figure; the shared toll is repeated on none (the news coders' convention).
        """
        ix: SpanIndex = doc.user_data["index"]
        return own_figures(text_of(doc), tolls, sentences, lambda s: ix.within("places", s), place, listed, self.rules)

    def _list_in(self, doc: Doc, sentence: Span, *, lead: bool) -> list[Span]:
        """Settlements listed in one sentence; a pair of names only in the lead."""
        ix: SpanIndex = doc.user_data["index"]
        specific = ix.within("specific", sentence)
        if len(specific) < 2:
            return []  # a list, or a pair, needs two names (most sentences name one place)
        named = [p for p in specific if (hit := payload(p, PLACES)).key or hit.rule in LISTED_RULES]
        text = text_of(doc)
        runs: list[list[Span]] = []
        for place in named:
            between = text[runs[-1][-1].end_char : place.start_char] if runs else ""
            if runs and place_key(place) in {place_key(p) for p in runs[-1]}:
                continue  # "the villages of X and Y, in Y the attack was repelled": Y once
            if runs and between.startswith(",") and self.rules.holding_unit_after.match(text, place.end_char):
                continue  # "the villages of X and Y, Sangha Commune": the commune holding them
            if runs and (
                self.rules.list_separator.fullmatch(between) or self.rules.pair_separator.fullmatch(between)
                or self._targets_between.fullmatch(between)
            ):
                runs[-1].append(place)
            else:
                runs.append([place])
        runs = [r for r in runs if not self.rules.between_before.search(text[max(0, r[0].start_char - 30) : r[0].start_char])]
        runs = [
            r for r in runs  # "the Tillaberi and Dosso regions", "the regions of Tillaberi and Dosso"
            if not self.rules.units_after.match(text, r[-1].end_char) and not self.rules.units_before.search(text, max(0, r[0].start_char - 40), r[0].start_char)
        ]

        # news names a story's villages by a settlement word ("the villages of X and Y"); the notes'
        # coders write one note per village for hamlets the gazetteer lacks
        settled = SETTLEMENT_RULES if not doc.user_data["brief"] else frozenset()

        def known_enough(run: list[Span]) -> bool:
            """Mostly known names (in news, or names a settlement word introduces: "the villages of X
            and Y"); in a later sentence's act ("operations were undertaken at …") one will do."""
            known = sum(bool((hit := payload(p, PLACES)).key) or hit.rule in settled for p in run)
            return 2 * known >= len(run) if lead else known >= 1

        def examples(run: list[Span]) -> bool:
            return bool(self.rules.examples_before.search(text[max(0, run[0].start_char - 20) : run[0].start_char]))

        runs = [r for r in runs if known_enough(r)]
        listed = [r for r in runs if len(r) >= MIN_LIST]
        if not (lead and doc.user_data["brief"]):
            # news: "protests were reported across the country, notably in X, Y and Z" gives examples,
            # and "following the abductions in X, Y and Z" recalls earlier incidents: no targets
            if self.rules.prior_start.match(span_text(sentence)):
                return []
            listed = [r for r in listed if not examples(r)]
        if listed:
            return listed[0]

        def pair(run: list[Span]) -> bool:
            return (
                len(run) == 2 and bool(self.rules.pair_separator.fullmatch(text[run[0].end_char : run[1].start_char]))
                and not self._in_parenthesis(text, run[0]) and not examples(run)
            )

        # a pair counts only as the sentence's first places: "protested in X over the attacks in Y and Z";
        # "attacks on the villages of A and B …, and on the villages of C and D": every run a pair, all count
        first = runs[:1] if lead and named and runs and runs[0][0] is named[0] else []
        pairs = runs if first and all(pair(r) for r in runs) else [r for r in first if pair(r)]
        return [p for r in pairs for p in r]

    @staticmethod
    def _in_parenthesis(text: str, span: Span) -> bool:
        before = text[max(0, span.start_char - 80) : span.start_char]
        return before.rfind("(") > before.rfind(")")

    # --- grouping -------------------------------------------------------------------------
    def _places(self, doc: Doc, actor_spans: list[Span]) -> list[Span]:
        """Place mentions that are not part of an actor name ("Ansar Dine", "Katiba Macina")."""
        in_actor = bytearray(len(text_of(doc)))  # one byte per character, as sets of offsets cost more
        for a in actor_spans:
            in_actor[a.start_char : a.end_char] = b"\x01" * (a.end_char - a.start_char)
        places = [p for p in place_mentions(doc) if not in_actor[p.start_char]]
        # "Kobou (Djibo, Soum)": the parenthesis qualifies Kobou; its names are not incident places
        inside: set[int] = set()
        for p in places:
            if payload(p, PLACES).context:
                close = text_of(doc).find(")", p.end_char)
                inside.update(range(p.end_char, close if close > 0 else p.end_char))
        text = text_of(doc)
        places = [
            p for p in places
            if p.start_char not in inside and not (LINE_START.search(text[max(0, p.start_char - 3) : p.start_char])
                                                   and DATELINE_AFTER.match(text, p.end_char))
        ]
        # the actors' countries are read only for a story that names "the capital"
        return name_capitals(self.gazetteer, places, (c for c in (payload(a, ACTORS).country for a in actor_spans) if c))

    @staticmethod
    def _triggers(doc: Doc, actor_spans: list[Span], date_spans: list[Span], places: list[Span]) -> list[Span]:
        """Trigger words that are not part of a date, name or place ("2 March", "the Protesters' Front").

        A trigger that is a whole actor mention by itself ("Protesters blocked the road") is both.
        """
        taken = bytearray(len(doc))  # one byte per token
        for group in (date_spans, actor_spans, places):
            for s in group:
                taken[s.start : s.end] = b"\x01" * (s.end - s.start)
        whole = {(a.start, a.end) for a in actor_spans}
        return [t for t in doc.spans[TRIGGERS] if not all(taken[t.start : t.end]) or (t.start, t.end) in whole]

    def _incidents(self, doc: Doc, places: list[Span], triggers: list[Span]) -> list[Incident]:
        incidents: list[Incident] = []
        current: Incident | None = None
        last_index = -10
        ix: SpanIndex = doc.user_data["index"]
        zones: Zones = doc.user_data["zones"]
        sentences: list[Span] = doc.user_data["sentences"]
        # the sentences with an action word or a toll, found from those spans (few) rather than by
        # asking every sentence (many): sentences tile the document, so a span's start names its own
        starts = [s.start for s in sentences]
        triggered = {bisect.bisect_right(starts, t.start) - 1 for t in ix.all("triggers")}
        tolled = {bisect.bisect_right(starts, c.start) - 1 for c in ix.all(CASUALTIES)}
        protests: set[int] = set()  # the incidents a protest started apart from another act (by id)
        for index in sorted(triggered | tolled):
            sentence = sentences[index]
            # "evacuated to Niamey", "a resident of Dori said": such a place tells no incident of its own
            named = ix.within("specific", sentence)
            s_places = [
                p for i, (p, role) in enumerate(zip(named, place_roles(named, self.gazetteer, self.rules), strict=True))
                if role != ROLE_INCIDENTAL and not qualifies_next(named, i, self.rules)
            ]
            s_dates = ix.within(DATES, sentence)
            gap = index - last_index
            s_tolls = ix.within(CASUALTIES, sentence) if index in tolled else []
            # "activists in Gao and Bamako staged protests" inside a story of violence or a handover:
            # a protest at places of its own is its own incident (one per place, day and sides), not
            # a detail of another act
            s_acts = ix.within("triggers", sentence)
            s_kinds = [KIND_OF_TYPE[payload(t, TRIGGERS).event_type] for t in s_acts]
            # the sentence's first act is a protest ("staged protests demanding the departure of …"),
            # not people gathered where an attack struck, and no act of violence is told with it
            protest_only = (
                not doc.user_data["brief"] and bool(s_places) and bool(s_kinds) and s_kinds[0] == "unrest"
                and "violence" not in s_kinds and not self.rules.gathering.fullmatch(span_text(s_acts[0]))
            )
            # "The killing sparked a protest among locals": a protest that answers the incident just
            # told, with no place of its own, is its own incident, where that incident was
            reaction = (
                not doc.user_data["brief"] and not s_places and current is not None
                and not self._unrest_in(doc, current) and self._answers(sentence, s_acts)
            )
            protest_only = protest_only or reaction
            if not s_places and not s_tolls and self.rules.ongoing.search(span_text(sentence)):
                # "les FAMa maintiennent leur dynamique offensive": a communiqué's frame, with no toll or
                # town of its own, starts no incident and continues none
                continue
            if not s_places and s_tolls and not doc.user_data["brief"] and tells_toll_again(
                [payload(c, CASUALTIES) for c in s_tolls]
            ) and all(any(c.start <= t.start < c.end for c in s_tolls) for t in ix.within("triggers", sentence)):
                # "bringing the death toll to 28" paragraphs later retells the story's incident
                # (`fold_toll_updates`), and is no incident for the sentences after it to continue
                current = Incident()
                current.add(sentence, s_places, s_dates)
                incidents.append(current)
                current, last_index = None, index
                continue
            if (
                current is not None
                and zones.in_headline(sentence) == zones.in_headline(current.sentences[-1])  # a headline stands apart
                and not (protest_only and not self._unrest_in(doc, current))
                and self._continues(current, sentence, s_places, s_dates, gap, index in triggered)
            ):
                current.add(sentence, s_places, s_dates)
            else:
                # a body sentence retells the body's incident before a headline's
                told = incidents if zones.in_headline(sentence) else sorted(
                    incidents, key=lambda i: all(zones.in_headline(s) for s in i.sentences)
                )
                if protest_only:
                    told = [i for i in told if self._unrest_in(doc, i)]
                earlier = self._same_incident(told, s_places, s_dates)
                if earlier is not None:
                    # "the events at Tinzaouatene" paragraphs later: the same incident, told again
                    earlier.add(sentence, s_places, s_dates)
                    current = earlier
                elif not s_places and not s_dates and s_tolls and not doc.user_data["brief"] and all(
                    payload(c, CASUALTIES).vague for c in s_tolls
                ) and all(any(c.start <= t.start < c.end for c in s_tolls) for t in ix.within("triggers", sentence)):
                    # "hundreds have been killed": a vague count with no act, place or day of its own
                    # adds to the incident it follows, and starts none
                    current, last_index = None, index
                    continue
                else:
                    cause = current if reaction else None
                    current = Incident(cause=cause)
                    current.add(sentence, s_places, s_dates)
                    incidents.append(current)
                    if protest_only:
                        protests.add(id(current))
            last_index = index
        incidents = self._merge_retold(incidents, frozenset(protests))
        if doc.user_data.get("brief") and len(incidents) == 1:
            self._whole_note(doc, incidents[0], places)
        return incidents

    def _answers(self, sentence: Span, acts: list[Span]) -> bool:
        """Does the sentence tell a protest as the answer to an act ("The killing sparked a protest",
        "ont manifesté pour protester contre l'attaque")? The act it answers, named before the cue or
        as its object, is not the sentence's own."""
        found = self.rules.reaction.search(span_text(sentence))
        if found is None:
            return False
        start, end = sentence.start_char + found.start(), sentence.start_char + found.end()
        kinds = [
            KIND_OF_TYPE[payload(t, TRIGGERS).event_type] for t in acts
            if t.start_char >= start and not (t.start_char < end and KIND_OF_TYPE[payload(t, TRIGGERS).event_type] == "violence")
        ]
        return "unrest" in kinds and "violence" not in kinds

    @staticmethod
    def _unrest_in(doc: Doc, incident: Incident) -> bool:
        """Does the incident tell a protest or riot among its acts?"""
        ix: SpanIndex = doc.user_data["index"]
        return any(KIND_OF_TYPE[payload(t, TRIGGERS).event_type] == "unrest" for t in ix.in_all("triggers", incident.sentences))

    @staticmethod
    def _tells_lead(doc: Doc, incident: Incident) -> bool:
        """Does the incident hold the story's lead, its first sentence below the headlines? The lead is
        the news, whatever date a background sentence joined to it gives."""
        zones: Zones = doc.user_data["zones"]
        lead = next(
            (s for s in doc.user_data["sentences"]
             if zones.story(s) and not zones.in_headline(s) and not span_text(s).isspace()),
            None,
        )
        return lead is not None and incident.has(lead)

    @staticmethod
    def _kinds_of_acts(doc: Doc) -> Callable[[Incident], frozenset[str]]:
        """The kinds of act (violence, unrest, strategic) an incident's action words tell, asked once each."""
        ix: SpanIndex = doc.user_data["index"]
        known: dict[int, frozenset[str]] = {}

        def kinds(incident: Incident) -> frozenset[str]:
            if id(incident) not in known:
                found = {KIND_OF_TYPE[payload(t, TRIGGERS).event_type] for t in ix.in_all("triggers", incident.sentences)}
                if not found and ix.in_all(CASUALTIES, incident.sentences):
                    found.add("violence")  # "bodies were found": a toll without an action word
                known[id(incident)] = frozenset(found)
            return known[id(incident)]

        return kinds

    def _told_with(self, doc: Doc) -> Callable[[Incident, Incident, bool], bool]:
        """Does an account retell an incident: the same day, told next to it (within a few sentences),
        or pointing back at it ("the ambush", "l'attaque")?

        Analysis pieces tell many undated incidents: an account far from an incident and not
        pointing back at it is another one; one in the present perfect describes a situation.
        """
        starts = [s.start for s in doc.user_data["sentences"]]
        rules = self.rules

        def indices(incident: Incident) -> list[int]:
            return [bisect.bisect_right(starts, s.start) - 1 for s in incident.sentences]

        def related(account: Incident, incident: Incident, leads: bool) -> bool:
            lead = span_text(account.sentences[0])
            if rules.background.search(lead) and not dated_lead(account) and not account.days & incident.days:
                # "the region has seen frequent fighting": a situation, not this incident ("Boko Haram
                # has carried out deadly attacks Friday" is news: it tells its day, as does an account
                # that goes on to the incident's own day)
                return False
            if account.sentences[0].start < incident.sentences[0].start and rules.another.search(span_text(incident.sentences[0])):
                return False  # "four gendarmes were killed in another attack": not the one told before
            if past_only(account, incident, doc.user_data["reference_day"]):
                return False  # "a convoy was attacked in August 2018 near the same mine": background, not the news
            if account.days & incident.days or rules.anaphora.search(lead):
                return True
            theirs = indices(incident)
            # a retelling follows the incident it retells, but a story's lead comes before its details
            before = len(starts) if leads else 1
            return any(-before <= i - j <= TOLD_WITH for i in indices(account) for j in theirs)

        return related

    @staticmethod
    def _leads(zones: Zones, incidents: list[Incident]) -> Callable[[Incident], bool]:
        """Is an incident the story's lead: the one holding the first sentence below the headlines?"""
        told = [
            (min(s.start for s in told), n) for n, i in enumerate(incidents)
            if (told := [s for s in i.sentences if not zones.in_headline(s)])
        ]
        first = incidents[min(told)[1]] if told else None
        return lambda incident: incident is first

    def _areas_of(self, doc: Doc) -> Callable[[Incident], Areas]:
        """The admin1 regions and countries an incident's own place mentions lie in, asked once each."""
        ix: SpanIndex = doc.user_data["index"]
        known: dict[int, Areas] = {}

        def areas(incident: Incident) -> Areas:
            if id(incident) not in known:
                known[id(incident)] = self._areas_named(ix.in_all("places", incident.sentences))
            return known[id(incident)]

        return areas

    def _areas_named(self, mentioned: list[Span]) -> Areas:
        """The admin1 regions and countries place mentions lie in, but for incidental ones."""
        regions: set[str] = set()
        countries: set[str] = set()
        # "near the border with Togo and Ghana" says where the incident is not
        for span, role in zip(mentioned, place_roles(mentioned, self.gazetteer, self.rules), strict=True):
            if role == ROLE_INCIDENTAL:
                continue
            entries = self.gazetteer.lookup_key(payload(span, PLACES).key)
            if any(entry.kind == "country" for entry in entries):  # "Niger" the country, not the state
                entries = [entry for entry in entries if entry.kind == "country"]
            for entry in entries:
                countries.add(entry.country)
                if entry.kind == "admin1":
                    regions.add(entry.name)
                elif entry.admin1:
                    regions.add(entry.admin1)
        return frozenset(regions), frozenset(countries)

    def _whole_note(self, doc: Doc, incident: Incident, places: list[Span]) -> None:
        """A brief tells one incident: its untriggered sentences ("VDP fired warning shots") belong too."""
        ix: SpanIndex = doc.user_data["index"]
        zones: Zones = doc.user_data["zones"]
        told = {s.start for s in incident.sentences}  # `Incident.has`, asked of every sentence at once
        for sentence in doc.user_data["sentences"]:
            if sentence.start in told or not zones.story(sentence):  # not a credit, caption or notice
                continue
            incident.add(sentence, ix.within("specific", sentence), ix.within(DATES, sentence))
        incident.sentences.sort(key=lambda s: s.start)

    def _merge_retold(self, incidents: list[Incident], protests: frozenset[int] = frozenset()) -> list[Incident]:
        """Fold a later incident into an earlier one at the same named place and day (or no day).

        A protest set apart from the story's other act (`protests`, by id) stays apart from it.
        """
        if len(incidents) < 2:
            return incidents  # most notes tell one incident: nothing to fold it into
        merged: list[Incident] = []
        for incident in incidents:
            alike = [m for m in merged if (id(m) in protests) == (id(incident) in protests)]
            target = self._same_incident(alike, incident.places, incident.dates)
            if target is None:
                merged.append(incident)
                continue
            target.sentences += [s for s in incident.sentences if not target.has(s)]
            target.sentences.sort(key=lambda s: s.start)
            target.add(None, incident.places, incident.dates)
        return merged

    def _same_incident(self, incidents: list[Incident], places: list[Span], dates: list[Span]) -> Incident | None:
        """An earlier incident at the same named place, with no other day given, is this one."""
        mine = {place_key(p) for p in places if payload(p, PLACES).key}
        if not mine:
            return None
        my_days = {day for d in dates if (day := payload(d, DATES).value)}
        for incident in incidents:
            theirs, their_days = incident.place_keys, incident.days
            if mine & theirs and (not my_days or my_days & their_days or not their_days):
                return incident
        return None

    def _specific(self, span: Span) -> bool:
        hit = payload(span, PLACES)
        if not hit.key:
            return True
        if hit.rule == "admin_designated":
            return False
        return not self._kinds_of(hit.key).isdisjoint(("place", "admin2"))

    def _kinds_of(self, key: str) -> frozenset[str]:
        kinds = self._kinds.get(key)
        if kinds is None:
            kinds = self._kinds[key] = frozenset(e.kind for e in self.gazetteer.lookup_key(key))
        return kinds

    def _continues(
        self, current: Incident, sentence: Span, places: list[Span], dates: list[Span], gap: int, triggered: bool
    ) -> bool:
        """Does this sentence tell more of the current incident, or a new one?

        It does when it refers back ("the attack"), shares the incident's place or date, or follows
        straight on without naming another place or day; a new place or a new day starts another.
        """
        known = current.place_keys
        mine = {place_key(p) for p in places}
        cur_days = current.days
        my_days = {day for d in dates if (day := payload(d, DATES).value)}
        # the sets first: the rules scan the sentence only when the sets leave the answer open
        if mine - known and known:
            return False  # another place, even for "the attack"
        said = span_text(sentence)  # cut once for the rules below
        if self.rules.another.search(said):
            return False  # "four gendarmes were killed in another attack", "on the same day, …"
        if triggered and self.rules.additive.search(said) and not self.rules.anaphora.search(said) and self._tells_act(sentence):
            return False  # "Elles ont, en outre, appréhendé …": the next act of a list
        if my_days - cur_days and cur_days:
            return bool(self.rules.anaphora.search(said))  # another day, unless "the attack" refers back
        if (mine & known) or (my_days & cur_days) or self.rules.anaphora.search(said):
            return True
        if not triggered:
            follows = gap <= 1  # "Two soldiers were killed." right after the attack sentence
        else:
            follows = gap <= 2 and len(current.sentences) < 6
        return follows and not self.rules.background.search(said)

    @staticmethod
    def _tells_act(sentence: Span) -> bool:
        """Does the sentence tell an act besides its dead and wounded ("one civilian was also killed" tells a
        figure; "arrested six suspects" an arrest)?"""
        ix: SpanIndex = sentence.doc.user_data["index"]
        tolls = [c for c in ix.within(CASUALTIES, sentence) if payload(c, CASUALTIES).kind in ("killed", "injured")]
        return any(not any(c.start <= t.start < c.end for c in tolls) for t in ix.within("triggers", sentence))

    # --- one event --------------------------------------------------------------------------
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
        country = location.country_code if location else self._main_country(context)
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
        sides = self._sides(actors, cas_hits, fatalities, " ".join(span_text(s) for s in sentences))
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
            for s in sorted(sentences, key=lambda s: s.start)
            if not (said := span_text(s)).isspace()  # the blank line between paragraphs, which the sentencizer keeps apart
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
            confidence=self._confidence(location, in_gazetteer, actors, date_hit, defaulted, fatalities),
            extractor=f"sahel-extract {__version__}",
        )

    def _hedged(self, sentence: Span, triggers: list[Span]) -> bool:
        """"could attack", "threaten to strike": a hedge before the action word; one after it qualifies
        a clause of its own ("staged a protest against a plan which would …")."""
        match = self._hedge.search(span_text(sentence))
        if match is None:
            return False
        first = next((t.start_char for t in triggers if sentence.start_char <= t.start_char < sentence.end_char), None)
        return first is None or sentence.start_char + match.start() <= first

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

    def _specific_or_region(self, span: Span) -> bool:
        hit = payload(span, PLACES)
        if not hit.key:
            return True
        return not self._kinds_of(hit.key).isdisjoint(("place", "admin2", "admin1"))

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

    @staticmethod
    def _main_country(context: Context) -> str | None:
        return context.countries.most_common(1)[0][0] if context.countries else None

    # --- actors -----------------------------------------------------------------------------
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
    def _not_a_party(text: str, sentence: Span, span: Span) -> bool:
        """"collaborating with the MNLA", "the army said": named, but not a party (roles.not_a_party)."""
        return not_a_party(text, sentence, span)

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

    # --- casualties -------------------------------------------------------------------------
    @staticmethod
    def _casualties(tolls: list[Span]) -> tuple[list[Casualty], list[CasualtyHit]]:
        records, hits = [], []
        for span in tolls:
            hit: CasualtyHit = payload(span, CASUALTIES)
            hits.append(hit)
            if hit.best == 0 and hit.rule == "no_casualties":
                continue
            records.append(
                Casualty(
                    kind=hit.kind, count=hit.best, low=hit.low, high=hit.high,
                    victims=hit.victims, text=span_text(span), start=span.start_char, end=span.end_char,
                )
            )
        return records, hits

    @staticmethod
    def _fatalities(hits: list[CasualtyHit], headline: list[bool]) -> tuple[int | None, list[str]]:
        """ACLED's rule, per side of the dead: see `tolls.incident_toll`."""
        return incident_toll(list(zip(hits, headline, strict=True)))

    @staticmethod
    def _in_headline(doc: Doc, spans: list[Span]) -> list[bool]:
        """Which figures sit in the headline (a first line without a full stop), which the lead restates."""
        if not spans:
            return []  # most incidents tell no figure
        first: Span = doc.user_data["sentences"][0]
        # the sentencizer keeps a quotation's opening mark with the sentence before ("… Tindirma. «")
        headline = not span_text(first).rstrip().rstrip("«“").rstrip().endswith((".", "!", "?", "»", '"', "”"))
        zones: Zones = doc.user_data["zones"]
        return [(headline and span.start_char < first.end_char) or zones.in_headline(span) for span in spans]

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

    # --- bookkeeping ------------------------------------------------------------------------
    @staticmethod
    def _event_id(doc_id: str, index: int) -> str:
        """A provisional id, unique in the article: `ids.identify` gives every event its stable id
        from its content once the article's events are known (hashing offsets here cost as much as
        typing the event)."""
        return f"{doc_id}#{index}"

    @staticmethod
    def _confidence(
        location: Location | None,
        in_gazetteer: bool,
        actors: list[ActorMention],
        date_hit: DateHit | None,
        defaulted: bool,
        fatalities: int | None,
    ) -> float:
        """A documented, additive score: which fields were found and how (see README)."""
        score = 0.2
        if location is not None:
            score += 0.25 if in_gazetteer else 0.12
            if location.precision == 1:
                score += 0.05
        if actors:
            named = any(a.name not in ("Unidentified armed group", "Civilians") and a.mention for a in actors)
            score += 0.2 if named else 0.1
        if date_hit is not None and date_hit.value:
            score += 0.05 if defaulted else 0.2
        if fatalities is not None:
            score += 0.1
        return round(min(1.0, score), 2)

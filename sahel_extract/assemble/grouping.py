"""Grouping: which sentences tell one incident (its trigger and toll sentences, the places and days
they share, the accounts that retell it), before any field of its event is filled."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable

from spacy.tokens import Doc, Span

from sahel_extract.assemble.incidents import Areas, Incident, dated_lead, past_only, place_key, tells_toll_again
from sahel_extract.assemble.index import SpanIndex
from sahel_extract.assemble.location import name_capitals, place_mentions, place_roles, qualifies_next
from sahel_extract.assemble.stage import AssemblyStage
from sahel_extract.assemble.zones import Zones
from sahel_extract.components.caseless import CaselessPattern
from sahel_extract.components.common import ACTORS, CASUALTIES, DATES, PLACES, TRIGGERS, payload, span_text, text_of
from sahel_extract.resources.place_roles import ROLE_INCIDENTAL

# "BAMAKO, Feb 11 —", "Niamey (AFP) -": where the story was filed, not where it happened
LINE_START = re.compile(r"(?:^|\n)[ \t]*$")
DATELINE_AFTER = re.compile(
    r"\s*(?:\([A-Za-z ]+\))?\s*,?\s*(?:le\s+)?(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?|"
    r"\d{1,2}(?:er)?\s+[A-Za-zéû]{3,9}\.?(?:\s+\d{4})?)?\s*(?:\([A-Za-z ]+\))?\s*[—–-]"
)
TOLD_WITH = 6  # sentences apart within which an unplaced account may retell an incident
KIND_OF_TYPE = {
    "Battles": "violence", "Violence against civilians": "violence", "Explosions/Remote violence": "violence",
    "Protests": "unrest", "Riots": "unrest", "Strategic developments": "strategic",
}


def opens_by_pointing_back(incident: Incident, anaphora: CaselessPattern) -> bool:
    """"L'attaque a été revendiquée vendredi", "The ambush was claimed on Friday": a sentence of the
    account opens by pointing back at an incident told before (`anaphora`: the language's words)."""
    for sentence in incident.sentences:
        found = anaphora.search(span_text(sentence).lstrip(" \t\n«“\"")[:40])
        if found is not None and found.start() == 0:
            return True
    return False


class Grouping(AssemblyStage):
    """Sentences with an act or a toll grouped into incidents: the places, triggers and incidents of a
    document."""

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

    def _specific_or_region(self, span: Span) -> bool:
        hit = payload(span, PLACES)
        if not hit.key:
            return True
        return not self._kinds_of(hit.key).isdisjoint(("place", "admin2", "admin1"))

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

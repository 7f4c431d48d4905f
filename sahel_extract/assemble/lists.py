"""Lists of places: "attacks on Zon, Pongono and Bana" is one event per place, as ACLED codes them,
and a coup told before a list of towns is an event of its own."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from sahel_extract.assemble.dating import historical
from sahel_extract.assemble.incidents import Incident, place_key
from sahel_extract.assemble.index import SpanIndex
from sahel_extract.assemble.stage import AssemblyStage
from sahel_extract.assemble.tolls import own_figures, place_of_figure
from sahel_extract.assemble.zones import Zones
from sahel_extract.components.common import CASUALTIES, DATES, PLACES, payload, span_text, text_of

MIN_LIST = 3  # a list of three or more names is a list of targets
LISTED_RULES = frozenset({"list_member", "pair_member", "in_unknown", "named_settlement"})  # unknown names a list may hold
SETTLEMENT_RULES = frozenset({"pair_member", "named_settlement"})  # unknown names a settlement word introduces


class PlaceLists(AssemblyStage):
    """The settlements an incident lists, the clause and figures each is told with, and the coup told
    before them."""

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

"""`sahel_casualties`: killed / injured / abducted / missing / arrested figures with their victims.

Rules are named regular expressions over the text (one pass each, C speed), read per language
from `casualties/<lang>.yaml` (`resources/casualty_rules.py`). Each hit records its rule id (the
span's payload keeps it: `CasualtyHit.rule`), the parsed count, the victims phrase, and whether it
is a claim, a toll, or an aggregate. What a rule's match means is code here, keyed on its id.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from sahel_extract.components.caseless import folded_of
from sahel_extract.components.common import CASUALTIES, CasualtyHit, attach, payload, set_spans, text_of
from sahel_extract.components.gate import RuleGate
from sahel_extract.components.numbers import Count, parse_count
from sahel_extract.resources.casualty_rules import VERB_KINDS, CasualtyRules, load_casualty_rules
from sahel_extract.resources.loader import data_file, default_data_dir
from sahel_extract.resources.tolls import TollCues, load_toll_cues


def _in_a_list(rules: CasualtyRules, text: str, start: int) -> bool:
    """Whether a pair of victims closes a list that a comma joins it to."""
    before = text[max(0, start - 40) : start]
    return bool(re.search(r",\s*$", before)) and not rules.caseless["clause_opener_end"].search(before)


def _verb_kind(rules: CasualtyRules, verb: str) -> str:
    """The fate a verb before a figure says: the first fate whose stems start it (`verb_stems_*`)."""
    v = verb.lower()
    for kind in VERB_KINDS:
        if rules.plain[f"verb_stems_{kind}"].match(v):
            return kind
    return "killed"


def _own_kind(rules: CasualtyRules, victims: str, kind: str) -> str:
    """The second figure's own fate when its words give one: "killed two and wounded 18" / "two dead and 18 wounded"."""
    first = victims.split()[:1]
    return rules.kind_of.get(first[0].lower(), kind) if first else kind


def _released(rules: CasualtyRules, match: re.Match[str], text: str) -> bool:
    """Hostages freed are not a new abduction ("cinq otages ont été libérés")."""
    return bool(
        rules.plain["released_after"].match(text[match.end() : match.end() + 40])
        or rules.plain["released_before"].search(text[max(0, match.start() - 40) : match.start()])
    )


ONE_VICTIM_RULES = frozenset({"verb_single_victim", "single_victim", "succumbed", "body_found", "act_of_one", "and_one_killed"})
TWO_VICTIM_RULES = frozenset({"pair_victims"})


class CasualtyFinder:
    def __init__(self, cues: TollCues, rules: CasualtyRules) -> None:
        self.cues = cues
        self.rules = rules
        self.gate = RuleGate([pattern for _, pattern in rules.rules])
        self.gate.prepare()

    def __call__(self, doc: Doc) -> Doc:
        text, folded = text_of(doc), folded_of(doc)
        taken = bytearray(len(text))  # one byte per character: overlap checks stay linear
        spans = []
        for (rule, pattern), possible in zip(self.rules.rules, self.gate.possible(folded), strict=True):
            if not possible:
                continue
            for match in pattern.finditer(text, folded, gated=True):
                start, end = match.span()
                if any(taken[start:end]):
                    continue
                hit = self._hit(rule, match, text, folded)
                if hit is None:
                    continue
                parts = [(where, self._standing(part, text, folded, match)) for where, part in self._per_side(match, hit)]
                if len(parts) == 2 and parts[0][1].side == "people" and parts[1][1].side != "people":
                    # "four American and five Nigerien soldiers": the first side's noun is the second's
                    parts[0] = (parts[0][0], dataclasses.replace(parts[0][1], side=parts[1][1].side))
                for (s_start, s_end), part in parts:
                    span = doc.char_span(s_start, s_end, label=part.kind, alignment_mode="expand")
                    if span is None:
                        continue
                    attach(span, CASUALTIES, part)
                    spans.append(span)
                taken[start:end] = b"\x01" * (end - start)
        spans += self._elided(doc, text, spans, taken)
        spans.sort(key=lambda s: s.start)
        set_spans(doc, CASUALTIES, spans)
        return doc

    def _elided(self, doc: Doc, text: str, spans: list[Span], taken: bytearray) -> list[Span]:
        """"21 people were killed in Dara and 18 in Wendou", "21 morts à Dara et 18 à Wendou":
        the second place's figure leaves its victims and fate unsaid; they are the first figure's.
        ("21 killed in Dara and 18 wounded", "and 18 others were arrested" say their own.)"""
        found = []
        for span in spans:
            step = self.rules.plain["elided_next"].match(text, span.end_char)
            if step is None or taken[step.start("count")]:
                continue
            count = parse_count(step.group("count"))
            span_next = doc.char_span(step.start("figure"), step.end("figure"), label=span.label_, alignment_mode="expand")
            if count is None or span_next is None:
                continue
            attach(span_next, CASUALTIES, dataclasses.replace(
                payload(span, CASUALTIES), best=count.best, low=count.low, high=count.high, vague=count.vague, toll=False,
            ))
            found.append(span_next)
        return found

    def _per_side(self, match: re.Match[str], hit: CasualtyHit) -> list[tuple[tuple[int, int], CasualtyHit]]:
        """"killed 84 Wagner soldiers as well as 47 Malian soldiers": one record per side."""
        groups = match.groupdict()
        if not self._second_side(groups):
            if groups.get("count2") and groups.get("victims2") is not None:
                return [((match.start(), match.end("victims2")), hit)]  # "… and a security source said"
            return [(match.span(), hit)]
        first, second = parse_count(match.group("count")), parse_count(match.group("count2"))
        if first is None or second is None:
            return [(match.span(), hit)]
        cut = match.start("count2")
        # the first record holds every side before the last (the hit's total less the last side)
        return [
            ((match.start(), match.end("mid") if groups.get("mid") else match.end("victims2")), dataclasses.replace(
                hit, best=hit.best - second.best, low=hit.low - second.low, high=hit.high - second.high,
                victims=(groups.get("victims2") or "").strip() or None)),
            ((cut, match.end()), dataclasses.replace(
                hit, rule=f"{hit.rule}:second", best=second.best, low=second.low, high=second.high,
                kind=_own_kind(self.rules, groups.get("victims3") or "", hit.kind),
                victims=(groups.get("victims3") or "").strip() or None)),
        ]

    def _standing(self, hit: CasualtyHit, text: str, folded: str | None, match: re.Match[str]) -> CasualtyHit:
        """Whose dead a figure counts, and whether it is an earlier, a revised or a period's toll.

        The cues are the language's words (`tolls/<lang>.yaml`), read in the figure's own clause:
        "the army had initially put the toll at 10, but it rose to 24" holds one of each.
        """
        if hit.kind != "killed":
            return hit
        start, end = match.span()
        sentence_start = _sentence_start(text, start)
        stop = text.find(".", end, end + SENTENCE_REACH)
        sentence_end = min(len(text), end + SENTENCE_REACH) if stop < 0 else stop
        clause = self._clause_start(text, folded, sentence_start, start)
        side = self.cues.side_of(hit.victims or "") if hit.victims else None
        if side is None and self.rules.plain["anaphoric_victims"].match(hit.victims or ""):
            # "repoussé les assaillants, tuant au moins 22 d'entre eux": the side named just before
            side = self.cues.last_side(text[sentence_start:start])
        figure = match.group(0)
        if side is None and (self.rules.plain["claimed_kill_word"].search(figure) or self.rules.plain["attackers_kill_word"].search(figure.lower())):
            side = "attackers"  # "20 neutralised", "la neutralisation de 20": armies use the word of enemy dead only
        if side is None and hit.rule.startswith("lost_men"):
            side = "state"
        period = self._over_a_period(text, clause, start, end, sentence_end) or self.cues.national_total(
            match.group(0), text[end : end + 60]
        )
        return dataclasses.replace(
            hit,
            side=side or "people",
            earlier=bool(self.cues.earlier.search(text[clause:end])),  # "the initial toll is nine dead"
            current=bool(self.cues.current.search(text[clause:end])),
            aggregate=hit.aggregate or period,  # a period's figure is an aggregate a brief cannot own
            period=hit.period or period,
        )

    def _second_side(self, groups: dict[str, str | None]) -> bool:
        """Whether a phrase names a second side: "and two attackers", "and a civilian" (whose
        words say a side), not "and a security source said"."""
        count2 = groups.get("count2")
        if not count2:
            return False
        return count2.lower() not in self.rules.articles or self.cues.side_of(groups.get("victims3") or "") is not None

    def _listed(self, mid: str) -> list[Count]:
        """The middle sides of a list ("killed two soldiers, a civilian and …"), articles only before a side's word."""
        counts = []
        for m in self.rules.plain["listed"].finditer(mid):
            if m.group(1).lower() in self.rules.articles and self.cues.side_of(mid[m.end() : m.end() + 40].split(",")[0]) is None:
                continue
            count = parse_count(m.group(1))
            if count is not None:
                counts.append(count)
        return counts

    def _over_a_period(self, text: str, clause: int, start: int, end: int, sentence_end: int) -> bool:
        """A period's words after the figure, just before it, or opening its clause ("En une semaine,
        l'armée a perdu 28 hommes"); not "in another attack in recent weeks, gunmen killed 27"."""
        if self.cues.period.search(text[max(clause, start - 20) : min(sentence_end, end + 120)]):
            return True
        opening = self.cues.period.search(text[clause:start])
        return opening is not None and not text[clause : clause + opening.start()].strip(" \t\n\"'“«(")

    def _hit(self, rule: str, match: re.Match[str], text: str, folded: str | None) -> CasualtyHit | None:
        if rule == "no_casualties":
            return CasualtyHit(rule, "killed", 0, 0, 0)
        groups = match.groupdict()
        count: Count | None
        if rule in ONE_VICTIM_RULES:  # "the village chief was killed", "shot dead a man"
            count = Count(1, 1, 1)
        elif rule in TWO_VICTIM_RULES:  # "a woman and her son were killed"
            count = Count(2, 2, 2)
        elif rule == "verb_victims_list":  # "killed a chief, his son and three other men": 2 named + 3
            others = parse_count(groups["others"]) if groups.get("others") else Count(1, 1, 1)
            named = 1 + groups["list"].count(",")
            count = None if others is None else Count(named + others.low, named + others.best, named + others.high, others.vague)
        else:
            count = parse_count(match.group("count"))
        if count is None:
            return None
        if rule == "pair_victims" and _in_a_list(self.rules, text, match.start()):
            return None
        if rule == "act_of_one" and self.rules.plain["motive_before"].search(text[max(0, match.start() - 40) : match.start()]):
            return None  # "protested against the killing of a youth": the grievance, not this event's dead
        if rule in ("verb_count_victims", "verb_single_victim", "verb_victims_list", "lost_men"):
            kind = _verb_kind(self.rules, match.group("verb"))
            victims = (groups.get("victims2") or "").strip() or None
            if match.group("verb").lower() in self.rules.vague_verbs:  # "left 12 dead", not "left 12 villages"
                tail = (victims or "").lower()
                if not self.rules.plain["vague_verb_victims"].match(tail):
                    return None
            for side in self._listed(groups.get("mid") or ""):
                count = Count(count.low + side.low, count.best + side.best, count.high + side.high, count.vague or side.vague)
        elif rule in ("fatalities_coded",):
            kind, victims = "killed", None
        elif groups.get("side_kind"):  # "count_victims_kind", one figure per side
            kind = self.rules.kind_of.get(groups["side_kind"].lower(), "killed")
            victims = (groups.get("victims2") or "").strip() or None
            for side in self._listed(groups.get("mid") or ""):
                count = Count(count.low + side.low, count.best + side.best, count.high + side.high, count.vague or side.vague)
        else:
            kind_word = (groups.get("kind") or "killed").lower()
            kind = self.rules.kind_of.get(kind_word, "killed")
            victims = (groups.get("victims") or "").strip() or None
            if groups.get("apposed"):  # "five people, all volunteers": the apposition says who
                # the share word stays: "most of them volunteers" does not say whose dead all are
                victims = groups["apposed"] if groups.get("part") else f"{groups['apposed']}, {groups['share']}{groups['apposition']}"
        if kind == "killed" and (either := self.rules.plain["either_fate"].match(text, match.end())) is not None:
            kind = self.rules.kind_of[either.group("other").lower()]  # "21 dead or missing" is no count of the dead
        if victims is not None:
            victims = self.rules.plain["victims_article"].sub("", victims) or None  # "une trentaine de civils" -> "civils"
        if kind == "abducted" and _released(self.rules, match, text):
            return None
        second = parse_count(groups["count2"]) if self._second_side(groups) else None
        if second is not None and count is not None:
            count = Count(count.low + second.low, count.best + second.best, count.high + second.high, count.vague or second.vague)
        if count.best > 5000:
            return None  # strengths, populations and years are not tolls
        sentence_start = _sentence_start(text, match.start())
        total, period = self._aggregate(text[max(0, match.start() - 60) : _sentence_end(text, match.end(), 80)])
        head = text[sentence_start : match.start()]
        subset = bool(self.rules.plain["subset"].search(head[-30:]))
        return CasualtyHit(
            rule=rule if not subset else f"{rule}:subset",
            kind=kind,
            best=count.best,
            low=count.low,
            high=count.high,
            victims=victims,
            vague=count.vague,
            claimed=bool(self.rules.caseless["claim"].search(text[self._clause_start(text, folded, sentence_start, match.start()) : match.end() + 12]))
            or (kind == "killed" and bool(self.rules.plain["claimed_kill_word"].search(match.group(0)))),
            aggregate=total or period,
            period=period,
            toll=rule in ("toll_stated", "fatalities_coded"),
        )


    def _aggregate(self, window: str) -> tuple[bool, bool]:
        """Whether the words around a figure make it a total ("in total"), or one over a period ("since
        2015", "this year"), as (total, period). ("in total" marks an aggregate that a brief's one
        incident may own; "last year" never does.)"""
        match = self.rules.caseless["aggregate"].search(window)
        if match is None:
            return False, False
        total = bool(self.rules.plain["total_words"].fullmatch(match.group()))
        return total, not total

    def _clause_start(self, text: str, folded: str | None, sentence_start: int, at: int) -> int:
        """Where the clause holding a figure begins: "JNIM claims 40; the army says nine" are two claims' worth."""
        start = sentence_start
        for _break_start, break_end in self.rules.caseless["clause_break"].spans(text, folded, sentence_start, at):
            start = break_end
        return start

# How far from a figure its sentence is looked for: a text without full stops ("12 killed, " repeated)
# would otherwise make every figure scan the whole text
SENTENCE_REACH = 400


def _sentence_start(text: str, at: int) -> int:
    """Where the sentence holding offset `at` begins (a full stop or a line break), within reach."""
    reach = max(0, at - SENTENCE_REACH)
    return max(text.rfind(".", reach, at), text.rfind("\n", reach, at), reach - 1) + 1


def _sentence_end(text: str, at: int, reach: int) -> int:
    """Where the sentence holding offset `at` ends, within `reach`: "… killed 15 terrorists. Since
    2012, Mali has faced …" is no figure "since 2012"."""
    stops = [i for i in (text.find(". ", at, at + reach), text.find(".\n", at, at + reach), text.find("\n", at, at + reach)) if i >= 0]
    return min(stops) if stops else min(len(text), at + reach)


@Language.factory(CASUALTIES, default_config={"data_dir": ""})
def make_casualties(nlp: Language, name: str, data_dir: str) -> CasualtyFinder:
    folder = Path(data_dir) if data_dir else default_data_dir()
    lang = nlp.lang if data_file(folder, f"tolls/{nlp.lang}.yaml").exists() else "en"
    rules_lang = nlp.lang if data_file(folder, f"casualties/{nlp.lang}.yaml").exists() else "en"
    return CasualtyFinder(
        load_toll_cues(data_file(folder, f"tolls/{lang}.yaml")),
        load_casualty_rules(data_file(folder, f"casualties/{rules_lang}.yaml")),
    )

"""`sahel_places`: mark place names (gazetteer hits and clearly named unknown places).

Resolution to one gazetteer entry (homonyms, country context) happens in assembly, which sees the
whole document; this stage only finds mentions and the cues around them ("near X", "(Djibo, Soum)").
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from sahel_extract.components.caseless import CaselessPattern, factored, folded_of, required_literals
from sahel_extract.components.common import (
    PLACES,
    PhraseSet,
    PlaceHit,
    attach,
    build_phrase_set,
    is_acronym,
    longest_first,
    match_phrases,
    payload,
    set_spans,
    span_text,
    text_of,
)
from sahel_extract.resources.loader import NEVER, default_data_dir
from sahel_extract.resources.place_roles import alternation
from sahel_extract.resources.places import Gazetteer, load_gazetteer
from sahel_extract.resources.stage_words import PLACE_SLOTS, plain, shared_start, stage_words
from sahel_extract.text import key

# The words of this stage's patterns are data, `gazetteer/places/<lang>.yaml`: every declared language's
# words, one slot per id (`resources/stage_words.py`), so that one pattern reads every article as before
# the words moved out of the code; they are the installed folder's, read when this module is imported
# (the static readers below use them). The patterns' skeletons stay here; so do the purely typographic
# patterns (brackets, a run of capitalised words, a possessive ending), which hold no language's words.
# The month and weekday names (CALENDAR_WORDS) are still code (as in `dates.py`), and so are the
# forms of French "de" (SAME_PREPOSITION) and the Tamasheq prefixes of names ("Tin", "In"), which
# belong to the places, not to a language.
WORDS = stage_words("places", PLACE_SLOTS)


WORD_START = r"\b"


def words(slot: str, before: str = "", after: str = "") -> str:
    """The alternation of a slot's terms, each wrapped in `before` and `after` (`NEVER` for none)."""
    return "|".join(f"{before}{term}{after}" for term in WORDS[slot]) or NEVER


def word_set(slot: str) -> frozenset[str]:
    """A slot of plain lowercase words, as a set."""
    return frozenset(WORDS[slot])


# Words before a name that make the location approximate (SPEC precision 2). Here and in DISTANCE
# the tail up to the name is taken whole (`{0,30}+`): the class holds "\n", so wherever a shorter
# tail would reach `$` the longest does too, and the engine is spared giving it back a letter at a time.
NEAR_CUES = CaselessPattern(rf"(?:{words('near', before=WORD_START)})[^.;()]{{0,30}}+$")
DISTANCE = re.compile(rf"(\d+(?:[.,]\d+)?)\s?(?:{words('distance_units')})\b[^.;]{{0,25}}+$", re.I)
PAREN = re.compile(r"\s*(?:\[[^\[\]]{1,40}\]\s*)?\(([^()]{2,80})\)")
# "Danhirmne (coded as Pensa at geoprecision 2)": the text names the place it was coded at
CODED = rf"\b(?:{words('coded_verbs')}) (?:{words('coded_prepositions')}) "
CODED_BEFORE = re.compile(CODED + "$", re.I)
CODED_START = re.compile(CODED, re.I)
# what every coding note holds, lowercased (the common start of its verbs): a text without it has none
CODED_HINT = shared_start([term.lower() for term in WORDS["coded_verbs"]]) if plain(WORDS["coded_verbs"]) else ""
GEOPRECISION_AFTER = re.compile(
    rf"\s*(?:{words('geoprecision_before')})? ?(?:{words('geoprecision')}) ?(?:{words('geoprecision_of', after=' ')})?([123])\b", re.I
)
LAST_WORD = re.compile(r"\s(\S+)$")
POSSESSIVE_END = re.compile(r"(?:'s|’s|['’-])$")
# A run of capitalised words. A word is taken whole (`*+`): every rule follows the run with
# whitespace, "(", "]" or nothing, none of which a word character is, so giving a word back
# letter by letter never made a match and only cost the engine its retries.
CAP = r"[A-Z][\w'’-]*+(?:\s(?:[A-Z][\w'’-]*+|N'[\w-]++))*"
# Peoples: capitalised words that follow a place name without being part of it (`peoples`); with
# `village_peoples`, what a village is said to be of before its name ("le village bozo X")
PEOPLES = word_set("peoples")
VILLAGE_PEOPLES = "|".join(sorted(PEOPLES | word_set("village_peoples"), key=len, reverse=True))
# Compiled by `factored`: alternations as tries and the possible first characters told to the engine
# (the same matches as `re.compile`, found with far fewer attempts)
UNKNOWN_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # "in Kobou (Djibo, Soum)": an ACLED-style location followed by its admin units
    ("paren_admin", factored(rf"(?<![\w'’-])(?P<name>{CAP})\s*\((?P<ctx>[^()]{{2,80}})\)")),
    # "Sikende village", "Kobou town", "the Blabrine military base", "the Karma gold mine"
    ("settlement_named", factored(
        rf"(?<![\w'’-])(?P<name>{CAP})\s+(?:{words('settlement_after')})\b"
    )),
    # "the village of Ndiakan", "the locality of X", "le village de X"
    (
        "named_settlement",
        factored(
            rf"\b(?:{words('settlement_before')})\s+(?:{words('settlement_of')})\s*(?P<name>{CAP})"
        ),
    ),
    ("people_settlement", factored(
        rf"\b(?:{words('people_settlement')})\s+(?:{VILLAGE_PEOPLES})\s+(?:{words('people_settlement_of')})?(?P<name>{CAP})"
    )),
    # "(coded as Pensa at geoprecision 2)", "Garou [Garou-Leye]": the name the place is coded under
    ("coded_as", factored(rf"{CODED}(?P<name>{CAP})")),
    ("bracket_alias", factored(rf"[A-Z][\w'’-]*\s*\[(?P<name>{CAP})\]")),
    # "near Tinzaouatene" for a name the gazetteer lacks
    ("near_unknown", factored(
        rf"\b(?:{words('near_before')})\s+(?P<name>{CAP})"
    )),
    # "in Boni", "at Nampala" (accepted only when the name is not a known non-place)
    ("in_unknown", factored(rf"\b(?:{words('in_before')})\s+(?P<name>{CAP})")),
)
# Literals one of which every match of a rule contains: a text lacking all of them is not scanned
UNKNOWN_NEEDS: dict[str, tuple[str, ...]] = {
    rule: required_literals(pattern.pattern) or () for rule, pattern in UNKNOWN_PATTERNS
}
UNKNOWN_RULES = tuple((rule, pattern, UNKNOWN_NEEDS[rule]) for rule, pattern in UNKNOWN_PATTERNS)
# The month and weekday names, folded (still code, as in `dates.py`)
CALENDAR_WORDS = frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "janvier", "fevrier",
    "mars", "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre", "novembre", "decembre", "lundi",
    "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
})
NOT_PLACE_WORDS = word_set("not_place_words") | CALENDAR_WORDS
NOT_NAME_PARTS = frozenset(NOT_PLACE_WORDS | PEOPLES)
# "in Turkish-made drones", "in Russian-backed operations": a compound adjective, never a place's name
COMPOUND_ADJECTIVE = re.compile(rf"-(?:{words('compound_suffixes')})$", re.IGNORECASE)

# Words that end a name even when capitalised (a title-case headline); other stop words may be part of
# a name mid-sentence ("Bouyagui Were", "Tin Am")
FUNCTION_WORDS = word_set("name_end_words")
POSSESSIVE_ENDS = ("'s", "’s", "‘s")
# the next name of an enumeration: ", Y", ", and Y", " and Y", " et Y"
LIST_BEFORE = re.compile(rf"(?<![\w'’-])(?P<name>{CAP})\s*,\s*$")
AND_WORDS = WORDS["and_words"]
AND_PLAIN = plain(AND_WORDS) and bool(AND_WORDS)
LIST_NEXT = re.compile(rf"(?:\s*,\s*(?:(?P<and>{words('and_words')})\s+)?|\s+(?P<and2>{words('and_words')})\s+)(?P<name>{CAP})")
# "les villages d'Amadia et d'Ouroka", "à Djibo et à Titao", "the villages of X and Y": the second name
# of a pair that repeats the first's preposition, or follows a plural settlement word, is a place too
PAIR_BEFORE = re.compile(
    rf"(?:\b(?P<plural>{words('settlements_plural')})\s+)?"
    rf"(?:\b(?P<prep>{words('pair_prepositions')})\s+|\b(?P<elided>{words('elided_prepositions')})['’])$",
    re.I,
)
PAIR_NEXT = re.compile(
    rf"\s+(?:{words('and_words')})\s+"
    rf"(?:(?P<prep>{words('pair_prepositions')})\s+|(?P<elided>{words('elided_prepositions')})['’])?(?P<name>{CAP})"
)
# "de Kalala et d'Ouroka": one preposition, elided or not (French's forms of "de"; still code)
SAME_PREPOSITION = {"du": "de", "d": "de"}
TAMASHEQ_PREFIXES = frozenset({"Tin", "In", "Ti", "Ine", "I"})
PLACE_INTRO = re.compile(rf"(?:\b(?:{words('place_intro')})\s+|\b(?:{words('elided_prepositions')})')$")
AXIS_WORDS = re.compile(rf"\b(?:{words('road_words')})\b", re.I)
ASCII_LOWER = re.compile("[a-z]")
# Place names (or their press spellings) that are also ordinary words opening a sentence
PLAIN_WORDS = word_set("plain_words")

# what makes "the capital" no mention of its own: a name beside it, or another place's capital
CAPITAL_NAMED_AFTER = re.compile(rf"\s*,?\s*(?:[A-Z]|{words('capital_named_after')})")
CAPITAL_NAMED_BEFORE = re.compile(r"[A-Z][\w'’-]+,\s*$")
ADMIN_WORDS = word_set("admin_words")
ADMIN_BEFORE = re.compile(rf"(?:{words('admin_before')}) (?:{words('admin_of')})\s*$")  # on lowercased text
ADMIN_BEFORE_ENDS = WORDS["admin_of"]  # how every match of ADMIN_BEFORE ends, spaces aside (plain words)
ADMIN_BEFORE_LAST = frozenset(end[-1] for end in ADMIN_BEFORE_ENDS)
ADMIN_INITIALS = frozenset({word[0] for word in ADMIN_WORDS} | {":"})  # a unit word's first character, or a tag's colon
# Words after a place name that designate what it is rather than extend it ("Mopti Region")
DESIGNATORS = word_set("designators")


class PlaceFinder:
    """Finds place mentions; keeps the gazetteer for the assembly step to resolve them."""

    def __init__(self, nlp: Language, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        entries: list[tuple[str, str]] = []
        for _index, entry_names in gazetteer.names_by_entry():
            entries.extend((key(name), name) for name in entry_names)
        self.phrases: PhraseSet = build_phrase_set(nlp, entries)
        self.known_label, self.unknown_label = nlp.vocab.strings.add("KNOWN"), nlp.vocab.strings.add("UNKNOWN")
        # The case-sensitive matcher holds only acronyms ("USA"): a text holding none of their first
        # words is not passed through it, a pass over every token
        # (a name with an ASCII lower-case letter is none: the test spares most names `is_acronym`)
        self.acronym_words = frozenset(
            nlp.make_doc(name.strip())[0].text for _k, name in entries if not ASCII_LOWER.search(name) and is_acronym(name)
        )
        # The language's own stop words: importing another language's would load its whole tokenizer
        self.common_words = frozenset(nlp.Defaults.stop_words)
        roles = gazetteer.roles
        # "Radio Oméga", "Télé Sahel", "Agence France-Presse": outlets named after places (case kept:
        # "Le Sahel" the paper, "le Sahel" the zone)
        outlets = roles.all_of("outlets")
        self.outlets = factored(rf"(?<![\w-])(?:{alternation(outlets)})(?![\w-])") if outlets else None
        self.zones = frozenset(key(z) for z in roles.all_of("zones"))
        capital = roles.all_of("capital")
        # "in the capital": the capital of the story's country, resolved in assembly (not "the
        # capital Niamey", "Bamako, the capital", "the capital of Kidal region")
        self.capital = (
            CaselessPattern(rf"\b(?:{alternation(capital)})\b") if capital else None
        )
        self.capital_hint = hint_word(capital)
        titles = roles.all_of("person_titles")
        self.titles = frozenset(t.lower().rstrip(".") for t in titles for t in t.split()[-1:])
        # "army spokesman X told", "témoigne X, un villageois de …": a name the gazetteer lacks is a person's
        before, after = roles.all_of("person_before"), roles.all_of("person_after")
        self.person_before = re.compile(rf"(?<![\w-])(?:{alternation(before)})\s*,?\s*$", re.I) if before else None
        self.person_after = (
            re.compile(rf"\s*,\s*(?:{words('person_articles')})\s+(?:[\w'’-]+\s+){{0,2}}?(?:{alternation(after)})(?![\w-])", re.I)
            if after else None
        )

    def __call__(self, doc: Doc) -> Doc:
        spans = self.known(doc)
        spans += self.unknown(doc, spans)
        spans = self.explicit(doc, spans)
        spans = self.not_outlets(doc, spans)
        spans += self.list_members(doc, spans)
        spans += self.pair_members(doc, spans)
        spans += self.capitals(doc, spans)
        spans.sort(key=lambda s: (s.start, s.end))
        set_spans(doc, PLACES, spans)
        return doc

    def not_outlets(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """Drop names inside an outlet's name ("Radio Oméga", "Télé Sahel") and bare zones ("the Sahel")."""
        text = text_of(doc)
        taken = [m.span() for m in self.outlets.finditer(text)] if self.outlets is not None and spans else []
        kept = []
        for span in spans:
            if taken and any(a <= span.start_char < b for a, b in taken):
                continue
            hit: PlaceHit = payload(span, PLACES)
            if hit.key in self.zones and hit.rule != "admin_designated" and not hit.context:
                continue  # "across the Sahel": a zone of many countries, not Burkina Faso's Sahel region
            kept.append(span)
        return kept

    def list_members(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """"at Djamanga, Djabiga, Mandeni, Bounou and Obiagou": the names of an enumeration that holds a
        known town are places too. Only a list of three or more closed by "and" / "et" counts: "in
        Djibo, Moussa Diallo said" is no list."""
        text = text_of(doc)
        if "," not in text or not _joined(text):
            return []  # a list of three grows by a comma at least, and closes with "and" / "et"
        by_start = {s.start_char: s for s in spans}
        found: list[Span] = []
        listed: set[int] = set()  # starts of the names of the lists read so far: each list once
        for span in spans:
            if not payload(span, PLACES).key or span.start_char in listed:
                continue
            chain: list[tuple[int, int, bool]] = [(span.start_char, span.end_char, True)]
            while len(chain) < 12:  # the names before it: "hit Djamanga, Djabiga, …"
                window = max(0, chain[0][0] - 60), chain[0][0]
                if not text[window[0] : window[1]].rstrip().endswith(","):
                    break  # every match ends with a comma and spaces: most names follow none
                back = LIST_BEFORE.search(text, *window)
                if back is None or back.start("name") in by_start or not self._list_name(back.group("name")):
                    break
                chain.insert(0, (back.start("name"), back.end("name"), False))
            closed = False
            while not closed and len(chain) < 12:
                step = LIST_NEXT.match(text, chain[-1][1])
                if step is None:
                    break
                start = step.start("name")
                closed = bool(step.group("and") or step.group("and2"))
                if start in by_start:
                    chain.append((start, by_start[start].end_char, True))
                    continue
                name, end = self._trim(step.group("name"), start)
                if not self._list_name(name):
                    break
                chain.append((start, end, False))
            listed.update(start for start, _end, _known in chain)
            if not closed or len(chain) < 3:
                continue
            for start, end, known in chain:
                member = None if known else doc.char_span(start, end, label="UNKNOWN", alignment_mode="contract")
                if member is None or len(member) == 0:
                    continue
                attach(member, PLACES, PlaceHit(rule="list_member", key="", precision_cue=max(2, self.cue(doc, member))))
                found.append(member)
        return found

    def pair_members(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """"contre les villages d'Amadia et d'Ouroka", "à Djibo et à Titao", "the villages of X and Y":
        the unknown second name of a pair is a place when it repeats the first name's preposition or
        the first follows a plural settlement word. "the mayor of Djibo and Moussa Diallo", "in Djibo
        and Amadou said" repeat none: no place."""
        text = text_of(doc)
        if not _joined(text):
            return []  # every pair is joined by one of them
        by_start = {s.start_char for s in spans}
        found: list[Span] = []
        for span in spans:
            # the pair's " and Y" first: a match at one place, rarely there, where the preposition
            # before the name is searched for in a window
            step = PAIR_NEXT.match(text, span.end_char)
            intro = PAIR_BEFORE.search(text, max(0, span.start_char - 30), span.start_char) if step is not None else None
            if intro is None or step is None or step.start("name") in by_start:
                continue
            if not (step.group("prep") or step.group("elided") or intro.group("plural")):
                continue
            if (step.group("prep") or step.group("elided")) and preposition(step) != preposition(intro):
                continue
            start = step.start("name")
            name, end = self._trim(step.group("name"), start)
            if not self._list_name(name):
                continue
            member = doc.char_span(start, end, label="UNKNOWN", alignment_mode="contract")
            if member is None or len(member) == 0:
                continue
            attach(member, PLACES, PlaceHit(rule="pair_member", key="", precision_cue=max(2, self.cue(doc, member))))
            found.append(member)
        return found

    def _list_name(self, name: str) -> bool:
        """A capitalised run that can be a village's name: not a people, a month or a stop word."""
        words = name.split()
        if not words or len(words) > 3 or is_acronym(name) or len(key(name)) < 3:
            return False
        return key(words[0]) not in NOT_NAME_PARTS and words[0].lower() not in self.common_words

    def capitals(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """"in the capital", "dans la capitale": a mention whose town assembly names from the story's country."""
        if self.capital is None:
            return []
        text = text_of(doc)
        folded = folded_of(doc)
        if self.capital_hint not in (folded if folded is not None else text.lower()):
            return []  # every phrase holds this word ("capital"): a text without it names no capital
        found = []
        for match in self.capital.finditer(text, folded):
            if CAPITAL_NAMED_AFTER.match(text, match.end()) or CAPITAL_NAMED_BEFORE.search(text, 0, match.start()):
                continue  # "the capital Niamey", "the capital of Kidal region", "Bamako, the capital"
            span = doc.char_span(match.start(), match.end(), alignment_mode="contract")
            if span is None or len(span) == 0 or any(s.start < span.end and span.start < s.end for s in spans):
                continue
            attach(span, PLACES, PlaceHit(rule="capital", key="", precision_cue=self.cue(doc, span)))
            found.append(span)
        return found

    def explicit(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """Mark the names a text gives as *the* coded location and drop the names they replace.

        "Danhirmne (coded as Pensa at geoprecision 2)" states the place and its precision;
        "Torela [Touriena] (Gourma-Rharous, Tombouctou)" gives the standard spelling in brackets.
        """
        text = text_of(doc)
        folded = folded_of(doc)
        if "[" not in text and folded is not None and CODED_HINT not in folded:
            return spans  # most texts have neither a bracket nor a "coded as" (lowercased: "cod")
        replaced: set[int] = set()
        for span in spans:
            hit: PlaceHit = payload(span, PLACES)
            before = text[max(0, span.start_char - 14) : span.start_char]
            if CODED_BEFORE.search(before):
                precision = GEOPRECISION_AFTER.match(text, span.end_char)
                cue = int(precision.group(1)) if precision else hit.precision_cue
                attach(span, PLACES, replace(hit, rule="coded_as", precision_cue=cue))
            elif before.rstrip().endswith("[") and text.startswith("]", span.end_char):
                bracket = text.rfind("[", 0, span.start_char)
                named = [payload(s, PLACES).key for s in spans if 0 <= bracket - s.end_char <= 2]
                # "Garou [Garou-Leye]": the bracketed spelling names it; the gazetteer's entry for
                # the first spelling, when it has one, places it
                known_key = hit.key or next((k for k in named if k), "")
                context = hit.context or self.context(doc, span, after=text.find("]", span.end_char) + 1)
                attach(span, PLACES, replace(hit, rule="bracket_alias", key=known_key, context=context))
                replaced.add(bracket)
        if not replaced:
            return spans
        # the name just before "[": superseded by the bracketed spelling
        return [s for s in spans if not any(0 <= b - s.end_char <= 2 for b in replaced)]

    def known(self, doc: Doc) -> list[Span]:
        text = text_of(doc)
        spans: list[Span] = []
        covered = 0
        acronyms = any(map(text.__contains__, self.acronym_words))
        hits = match_phrases(self.phrases, doc, exact=acronyms)
        for label, start, end in longest_first(hits):
            if start < covered:
                continue
            token = doc[start]
            first = token.text
            if not (first[:1].isupper() or first.lower() in ADMIN_WORDS):
                continue  # lower case only for a unit's full name: "le cercle de Niono"
            if end - start == 1 and (first.lower() in self.common_words or first.lower() in PLAIN_WORDS) and (
                start == 0 or token.is_sent_start
            ):
                continue  # "To a certain extent", "Say it", "Severe fighting": a capitalised word, not the town
            if end - start == 1 and key(first) in NOT_NAME_PARTS and not self._designated(doc, start, end, token.idx, token.idx + len(first)):
                continue  # "Mossi", "Bambara", "Peul": peoples that some villages are named after ("the Est region" is one)
            if end - start == 1 and (self._after_title(doc, start) or self._title_case_word(doc, start, first)):
                continue  # "President Ibrahim Boubacar Keita"; "Armed Forces Say 8 Soldiers Died"
            # Both ways of starting the name earlier want a word just before: a glued "-" ("Kain-Ouro")
            # or one space ("Hoto Saya"); the test spares most names both walks
            glued = text[token.idx - 1] if start else ""
            run_start = self._compound_start(doc, start) if glued == "-" else start
            if run_start == start and glued == " ":
                run_start = self._name_run_start(doc, start, spans[-1].end if spans else 0)
            # "Burkina Attack", "Mali Army": a country's name is not the start of a longer name
            # (a single word followed by neither a capital nor a hyphen, most names, starts no run:
            # the character after it tells, without building the next token)
            if self._is_country(label) or (end - start == 1 and not _continues(_next_initial(text, token.idx + len(first)))):
                run_end = end
            else:
                run_end = self._name_run_end(doc, end)
            if run_end > end or run_start < start:
                # "Tin Aicha", "Bamako-Coura", "Kain-Ouro": a known word inside a longer name the gazetteer lacks
                whole = key(span_text(doc[run_start:run_end]))
                if not (run_start < start and spans and spans[-1].end > run_start):
                    start = run_start
                    label, end = (whole, run_end) if self.gazetteer.has_key(whole) else ("", run_end)
            covered = end
            span = Span(doc, start, end, label=self.known_label if label else self.unknown_label)
            if not label and self._a_person(doc, span):
                continue  # "army spokesman Pascal Diarra", "témoigne Bara Keita, un villageois"
            cue = self.cue(doc, span)
            designated = bool(label) and (first.lower() in ADMIN_WORDS or self._designated(doc, start, end, span.start_char, span.end_char))
            rule = ("admin_designated" if designated else "gazetteer") if label else "name_run"
            attach(span, PLACES, PlaceHit(
                rule=rule, key=label, precision_cue=cue if label else max(2, cue),
                distance_km=self.distance(doc, span), context=self.context(doc, span),
            ))
            spans.append(span)
        return spans

    def _a_person(self, doc: Doc, span: Span) -> bool:
        """Is a name the gazetteer lacks told as a person's: a person's noun or a speech verb right
        before it, or a person's noun in apposition right after it?"""
        text = text_of(doc)
        before = self.person_before is not None and self.person_before.search(text, max(0, span.start_char - 30), span.start_char)
        return bool(before) or (self.person_after is not None and bool(self.person_after.match(text, span.end_char)))

    def _is_country(self, label: str) -> bool:
        return self.gazetteer.names_country(label)

    def _after_title(self, doc: Doc, start: int) -> bool:
        """A name after a title and capitalised words ("President Ibrahim Boubacar Keita") is a person's."""
        i = start - 1
        while i >= max(0, start - 4) and doc[i].text[:1].isupper() and not doc[i + 1].is_sent_start:
            if doc[i].text.lower().rstrip(".") in self.titles:
                return i < start - 1  # "Mayor Djibo" alone is too thin to tell
            i -= 1
        return False

    def _title_case_word(self, doc: Doc, start: int, word: str) -> bool:
        """A stop word written capitalised between capitalised words is a headline's word, not a town.
        `word` is the text of the token at `start` (whose `lower_` is its lowercase)."""
        if word.lower() not in self.common_words:
            return False
        token = doc[start]
        if start == 0 or start + 1 >= len(doc) or token.is_sent_start:
            return False
        before, after = doc[start - 1], doc[start + 1]
        return before.text[:1].isupper() and (after.text[:1].isupper() or after.like_num) and not before.is_sent_start

    @staticmethod
    def _designated(doc: Doc, start: int, end: int, start_char: int, end_char: int) -> bool:
        """"the Ségou region", "la région de Mopti", "Soum province": the unit, not its capital town.

        `start_char`, `end_char` are the mention's offsets (`start` and `end` its tokens'). Most
        names are followed by no unit word and preceded by no "of" / "de": the characters around
        the mention tell that without building the tokens that the full reading takes.
        """
        text = text_of(doc)
        if _next_initial(text, end_char).lower()[:1] in ADMIN_INITIALS:
            after = doc[end].lower_ if end < len(doc) else ""
            if after in ADMIN_WORDS or (after == ":" and (start == 0 or "\n" in doc[start - 1].text_with_ws)):
                return True  # "Soum province"; "Ségou : …", a headline's tag
        if not start:
            return False
        last_before = text[start_char - 1]
        if not last_before.isspace() and last_before.lower()[-1:] not in ADMIN_BEFORE_LAST:
            return False  # the text before ends with no "of", "de", "du" nor "d'"
        # the text of the three tokens before, read from the text (a Span would be built for it);
        # it may end with the last one's space, which the pattern's `\s*$` takes either way
        before = text_of(doc)[doc[max(0, start - 3)].idx : doc[start].idx].lower()
        return before.rstrip().endswith(ADMIN_BEFORE_ENDS) and bool(ADMIN_BEFORE.search(before))

    def _name_run_end(self, doc: Doc, end: int) -> int:
        """End of the run of capitalised words continuing a name ("Tin" + "Aicha"), up to 3 more."""
        run = end
        while run < len(doc) and run - end < 3:
            token = doc[run]
            if token.text == "-" and self._hyphen_joins(doc, run):
                run += 2  # "Sare-Heyre": one name, unless both halves are places ("the Gao-Ansongo road")
                continue
            if token.is_sent_start or not token.text[:1].isupper() or token.text.lower() in DESIGNATORS:
                break
            code = token.text[:1].isupper() and any(c.isdigit() for c in token.text)  # "Banamba K01"
            if token.text.lower() in FUNCTION_WORDS or (token.text.isupper() and not code):
                break
            if key(token.text) in NOT_NAME_PARTS and doc[run - 1].text not in TAMASHEQ_PREFIXES:
                break  # "the Kidal Islamic positions" ("Tin Arab" is one name)
            run += 1
        return run

    def _name_run_start(self, doc: Doc, start: int, floor: int) -> int:
        """Start of a name whose known last word follows unknown capitalised ones: "the village of
        Diombolo Kanda", "in Hoto Saya" (only after a word that introduces a place)."""
        run = start
        while run - 1 >= max(floor, start - 2):
            token = doc[run - 1]
            if token.is_sent_start or not token.text[:1].isupper() or token.text.isupper() or token.whitespace_ != " ":
                break
            if token.text.lower() in self.common_words or key(token.text) in NOT_NAME_PARTS or token.text.lower() in DESIGNATORS:
                break
            if token.text.endswith(POSSESSIVE_ENDS):
                break  # "in Mali‘s Mopti region": the country owns the name, it is no part of it
            run -= 1
        if run == start or not PLACE_INTRO.search(text_of(doc)[max(0, doc[run].idx - 24) : doc[run].idx]):
            return start
        return run

    def _compound_start(self, doc: Doc, start: int) -> int:
        """Start of a hyphenated name whose last part is the known word ("Kain-Ouro", "I-n-Kisman")."""
        text = text_of(doc)
        # both tests want a "-" glued to this word: most words have no "-" just before them
        while (
            start >= 2
            and text[doc[start].idx - 1] == "-"
            and (self._hyphen_joins(doc, start - 1) or self._tamasheq_prefix(doc, start - 1))
        ):
            start -= 2
        return start

    @staticmethod
    def _tamasheq_prefix(doc: Doc, i: int) -> bool:
        """"I-n-Kisman", "Ti-n-Dersan": the hyphens of a Tamasheq prefix, lower-case "n" included."""
        glued = doc[i].text == "-" and not doc[i - 1].whitespace_ and not doc[i].whitespace_
        part = doc[i - 1].text
        return glued and (part in TAMASHEQ_PREFIXES or (part == "n" and i >= 3))

    def _hyphen_joins(self, doc: Doc, i: int) -> bool:
        """Whether the token at `i` is a hyphen gluing two capitalised parts of one name.

        "Siman-Bozo", "Essakane-Site" are one village; "the Gao-Ansongo road", "l'axe Mopti-Sévaré"
        join two towns, which a road or axis word around them tells.
        """
        if i < 1 or i + 1 >= len(doc) or doc[i].text != "-" or doc[i - 1].whitespace_ or doc[i].whitespace_:
            return False
        left, right = doc[i - 1].text, doc[i + 1].text
        if not (left[:1].isupper() and right[:1].isupper()) or left.isupper() or right.isupper():
            return False
        known = self.gazetteer.has_key(key(left)), self.gazetteer.has_key(key(right))
        if not any(known):
            return True
        # "l'axe Douenzta-Boni": a road word makes two towns of it even when one is misspelt
        text = text_of(doc)
        around = text[max(0, doc[i - 1].idx - 20) : doc[i - 1].idx] + " " + text[doc[i + 1].idx : doc[i + 1].idx + 30]
        return not AXIS_WORDS.search(around)

    def unknown(self, doc: Doc, known: list[Span]) -> list[Span]:
        text = text_of(doc)
        taken = bytearray(len(text))  # 1 at each character a mention already covers
        for mention in known:
            taken[mention.start_char : mention.end_char] = b"\x01" * (mention.end_char - mention.start_char)
        found: list[Span] = []
        for rule, pattern, needs in UNKNOWN_RULES:
            if needs:
                for need in needs:  # a plain loop: most texts hold the first literal of most rules
                    if need in text:
                        break
                else:
                    continue
            for match in pattern.finditer(text):
                start, end = match.span("name")
                if taken[start]:
                    continue  # a trimmed name still starts here: it would overlap a mention
                name = match.group("name")
                name, end = self._trim(name, start)
                if not name or taken.find(1, start, end) >= 0:
                    continue
                words = name.split()
                tamasheq = words[0] == "In" and len(words) > 1  # "In Araban", "In Delimane"
                if (key(words[0]) in NOT_NAME_PARTS and not tamasheq) or len(key(name)) < 3:
                    continue
                if rule == "settlement_named" and key(words[-1]) in NOT_NAME_PARTS:
                    continue  # "the Dogon village": a people, not a name
                if COMPOUND_ADJECTIVE.search(words[-1]):
                    continue
                known_key = key(name) if self.gazetteer.has_key(key(name)) else ""
                span = doc.char_span(start, end, label=self.known_label if known_key else self.unknown_label, alignment_mode="contract")
                if span is None or len(span) == 0 or len(span) > 6:
                    continue
                ctx: tuple[str, ...] = ()
                if rule == "paren_admin":
                    ctx = tuple(p.strip() for p in match.group("ctx").split(",") if p.strip())
                    if not ctx or self.gazetteer.admin(ctx[-1]) is None:
                        continue  # "Event Data (ACLED)": a bracket that names no admin unit is no location
                cue = self.cue(doc, span) if known_key else max(2, self.cue(doc, span))
                designated = bool(known_key) and self._designated(doc, span.start, span.end, span.start_char, span.end_char)
                attach(span, PLACES, PlaceHit(
                    rule="admin_designated" if designated else rule, key=known_key, precision_cue=cue,
                    distance_km=self.distance(doc, span), context=ctx or self.context(doc, span),
                ))
                found.append(span)
                taken[start:end] = b"\x01" * (end - start)
        return found

    @staticmethod
    def _trim(name: str, start: int) -> tuple[str, int]:
        """Drop a trailing possessive, punctuation or designator: "Djibo's", "Kossodo University"."""
        name = POSSESSIVE_END.sub("", name).strip()
        while (last := LAST_WORD.search(name)) and last.group(1).lower() in DESIGNATORS:
            name = name[: last.start()]
        return name, start + len(name)

    @staticmethod
    def cue(doc: Doc, span: Span) -> int:
        # The sentence's text before the name; `span.sent` would walk the tokens for every mention.
        # Read from the document's lowercased text when it has one, so that no window is lowercased
        # again: a window of it is the lowercased window (but for a final sigma, which the cues'
        # pattern takes as any letter), so the caseless rule's lowercase scan applies to it as is.
        folded = folded_of(doc)
        before = (text_of(doc) if folded is None else folded)[max(0, span.start_char - 60) : span.start_char]
        before = before[max(before.rfind("\n"), before.rfind("!"), before.rfind("?")) + 1 :]
        return 2 if NEAR_CUES.found_in(before, None if folded is None else before) else 1

    @staticmethod
    def distance(doc: Doc, span: Span) -> float | None:
        before = text_of(doc)[max(0, span.start_char - 45) : span.start_char]
        if "k" not in before and "K" not in before and "\u212a" not in before:
            return None  # every match holds a k, which IGNORECASE finds as these (U+212A: Kelvin sign)
        match = DISTANCE.search(before)
        return float(match.group(1).replace(",", ".")) if match else None

    @staticmethod
    def context(doc: Doc, span: Span, after: int | None = None) -> tuple[str, ...]:
        """The names of the bracket right after a mention: "(Djibo, Soum)" gives ("Djibo", "Soum").

        "(coded as Pensa at geoprecision 2)" is no qualifier: it names the coded place itself.
        """
        match = PAREN.match(text_of(doc), span.end_char if after is None else after)
        if not match or CODED_START.match(match.group(1)):
            return ()
        return tuple(p.strip() for p in match.group(1).split(",") if p.strip())


def _next_initial(text: str, end_char: int) -> str:
    """The first character of the token after the one ending at `end_char` ("" at the end): a
    single space after a token is its own (spaCy's `whitespace_`), so the next starts after it."""
    return text[end_char + 1 : end_char + 2] if text.startswith(" ", end_char) else text[end_char : end_char + 1]


def hint_word(phrases: list[str]) -> str:
    """The longest lowercased piece of a word that every phrase holds ("capital" in "the capital",
    "la capitale"), or "" when there is none: a text without it matches none of them. Within a
    word, since a phrase's spaces match any run of spaces."""
    lowered = [phrase.lower() for phrase in phrases]
    words = lowered[0].split() if lowered else []
    pieces = {word[i:j] for word in words for i in range(len(word)) for j in range(i + 1, len(word) + 1)}
    shared = (piece for piece in pieces if all(piece in phrase for phrase in lowered))
    return max(shared, key=lambda piece: (len(piece), piece), default="")


def _joined(text: str) -> bool:
    """Whether the text may join two names with an "and" word (`AND_WORDS`, plain words, or any
    text when they are not plain)."""
    if not AND_PLAIN:
        return True
    for word in AND_WORDS:  # a plain loop: a generator for two words costs more than the tests
        if word in text:
            return True
    return False


def _continues(initial: str) -> bool:
    """Whether a token starting with `initial` may continue a name (`PlaceFinder._name_run_end`):
    a capitalised word, or the hyphen of "Sare-Heyre"."""
    return initial == "-" or initial.isupper()


def preposition(match: re.Match[str]) -> str:
    """The preposition before a name, elided or not, as one word: "d'", "du" and "de" are "de"."""
    word = (match.group("prep") or match.group("elided") or "").lower()
    return SAME_PREPOSITION.get(word, word)


@Language.factory(PLACES, default_config={"data_dir": ""})
def make_places(nlp: Language, name: str, data_dir: str) -> PlaceFinder:
    return PlaceFinder(nlp, load_gazetteer(Path(data_dir) if data_dir else default_data_dir()))

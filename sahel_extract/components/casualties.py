"""`sahel_casualties`: killed / injured / abducted / missing / arrested figures with their victims.

Rules are named regular expressions over the text (one pass each, C speed). Each hit records its
rule id, the parsed count, the victims phrase, and whether it is a claim, a toll, or an aggregate.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from sahel_extract.components.caseless import CaselessPattern, folded_of, literal_alternation
from sahel_extract.components.common import CASUALTIES, CasualtyHit, attach, payload, text_of
from sahel_extract.components.dates import MONTHS
from sahel_extract.components.numbers import COUNT, NUMBER_WORD, Count, parse_count
from sahel_extract.resources.loader import data_file, default_data_dir
from sahel_extract.resources.tolls import TollCues, load_toll_cues

KIND_WORDS = {
    "killed": (
        r"killed|dead|fallen|died|slain|murdered|executed|massacred|shot dead|lost their lives|lost his life|"
        r"perished|beheaded|neutrali[sz]ed|burned to death|burnt to death|gunned down|tués|tuées|tué|tuée|"
        r"morts|mortes|mort|décédés|décédé|exécutés|exécutées|neutralisés|neutralisé|abattus|"
        r"assassinés|ont péri|ont trouvé la mort|fatalities|deaths|bodies|corpses|victims|victimes|martyrs|"
        # French forms the lists above miss (feminine, singular, periphrases)
        r"décédée|décédées|exécuté|exécutée|assassiné|assassinée|assassinées|massacrés|massacrées|"
        r"égorgés|égorgées|décapités|abattu|abattue|abattues|neutralisée|neutralisées|"
        r"ont perdu la vie|a perdu la vie|perdu la vie|sont morts|sont mortes|est mort|est morte|corps|cadavres|dépouilles"
    ),
    "injured": r"injured|wounded|hurt|blessés|blessées|blessé|blessée|injuries",
    "abducted": (
        r"abducted|kidnapped|taken hostage|held hostage|taken captive|seized|enlevés|enlevées|enlevé|"
        r"kidnappés|pris en otage|otages|hostages|"
        r"enlevée|kidnappé|kidnappée|kidnappées|pris en otages|prises en otage|retenus en otage|séquestrés|séquestrées"
    ),
    "missing": r"missing|unaccounted for|disparus|disparues|portés disparus|disparu|disparue|porté disparu|portées disparues",
    "arrested": (
        r"arrested|detained|apprehended|captured|interpellés|arrêtés|arrêtées|capturés|"
        r"interpellé|interpellée|interpellées|arrêté|arrêtée|capturé|capturée|appréhendés|appréhendé|écroués"
    ),
}
KIND_OF = {}
for _kind, _words in KIND_WORDS.items():
    for _w in _words.split("|"):
        KIND_OF[_w] = _kind
_ANY_KIND = "|".join(sorted(KIND_OF, key=len, reverse=True))
_VERB_BEFORE = {
    "killed": r"killed|killing|kill|kills|assassinated|assassinating|the killing of|the deaths? of|claimed the lives of|claiming the lives of|left|leaving|"
    r"neutrali[sz]ed|neutrali[sz]ing|massacred|murdered|executed|executing|slaughtered|"
    r"shot dead|tuant|tué|tuer|tuent|neutralisé|neutralisant|fait|faisant|ont fait|a fait|"
    r"coûté la vie à|coûtant la vie à|took the lives of|"
    r"massacré|exécuté|abattu|neutraliser|la mort de|la mort d'|la mort d’|"
    # "la neutralisation d'une centaine d'assaillants", "the deaths of"
    r"neutralisation de|neutralisation d'|neutralisation d’|neutralisation des",
    "injured": r"injuring|wounding|injured|wounded|blessant|blessé",
    "abducted": r"abducted|abducting|kidnapped|kidnapping|took|taking|seized|enlevant|enlevé|kidnappé|emmené|emmenant|enlever",
    "arrested": r"arrested|arresting|detained|detaining|apprehended|captured|capturing|interpellé|arrêté|"
    r"interpellant|arrêtant|capturé|appréhendé",
}
NOT_VICTIMS = (
    r"km|kilomet\w*|kilomèt\w*|miles?|metres?|meters?|hours?|heures?|days?|jours?|weeks?|months?|mois|"
    r"years?|ans|années|vehicles?|véhicules?|motorbikes?|motorcycles?|motos?|cars?|trucks?|pick-ups?|"
    r"weapons?|armes?|rifles?|guns?|houses?|homes?|maisons?|shops?|boutiques?|heads?|têtes?|cattle|"
    r"animals?|livestock|goats?|sheep|cows?|camels?|francs?|cfa|dollars?|euros?|%|percent|tonnes?|"
    r"tons?|litres?|rounds?|villages?|localités?|towns?|fighters?|combattants?|"
    r"troops strong|schools?|écoles?|health centres?|am|pm|h\d*|o'clock|times?|"
    # units of an army are who acts, never who died ("trois bataillons … auraient neutralisés")
    r"battalions?|bataillons?|brigades?|companies|compagnies|units?|unités?|squadrons?|escadrons?"
)
# (on one line: a headline's last words are not the victims of the next line's figure; and no
# number among them: "11 Five ethnic Donzos killed" gives five)
# (an acronym in brackets may follow a word: "Onze soldats des forces armées maliennes (FAMA) ont été tués")
VICTIM = (
    rf"(?P<victims>(?:(?!and\b|or\b|et\b|ou\b|(?:{NUMBER_WORD})\b)[A-Za-zÀ-ÿ'’-]+[^\S\n]+"
    r"(?:\([A-Za-zÀ-ÿ]{2,10}\)[^\S\n]+)?){0,5}?)"
)
# the end of a figure: a word boundary, or the closing parenthesis of "quarante-quatre (44)"
_END = r"(?:\b|(?<=\)))"
_NOT = rf"(?!\s*(?:{NOT_VICTIMS})\b)"
# "ten fighters were killed": fighters are a strength before an attack verb, victims before a toll
_NOT_BEFORE_KIND = (
    rf"(?!\s*(?:{NOT_VICTIMS.replace('|fighters?|combattants?', '')})\b)"
    r"(?!\s*(?:fighters?|combattants?)\b(?!\s+(?:were|have been|had been|ont été|sont)\s))"
)
# "three of its fighters", "one of their own men": the victims of a party told by its possessive (not
# "several of their livestock")
_OWN_KIN = rf"(?:own\s+)?(?!(?:{NOT_VICTIMS.replace('|fighters?|combattants?', '')})\b)(?!{_ANY_KIND}\b)[a-zà-ÿ]"
# After a kill verb "combattants" are the victims ("a tué quatre combattants rebelles"), not a strength.
_NOT_AFTER_VERB = rf"(?!\s*(?:{NOT_VICTIMS.replace('combattants?|', '')})\b)"
# French words that end a victims phrase ("enlevé une vingtaine d'autres mardi dans le village")
_FR_STOP = (
    r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|dans|lors|près|selon|avant|après|pendant|vers|"
    r"à|au|aux|en|par|sur)"
)
_FR_ADVERBS = r"légèrement|grièvement|gravement|mortellement|sérieusement|également|aussi|tous|toutes|ensuite|finalement"
SUBSET = re.compile(r"(?:including|among them|among whom|of whom|of which|dont|parmi lesquels|parmi eux)\s*$", re.I)
CLAIM = CaselessPattern(
    r"\bclaim(?:s|ed|ing)?\b|\brevendiqu|\bsaid (?:it|they) (?:had )?killed|\baccording to (?:the )?(?:group|jnim|issp|csp|jihadists|militants)|"
    # French: "le GSIM affirme avoir tué 40 soldats", "selon le groupe"
    r"\b(?:affirm\w*|di(?:t|sent|sait)|assur\w*|prétend\w*|déclar\w*|annonc\w*)\s+avoir\s+(?:tué|neutralisé|abattu|éliminé)|"
    r"\bselon\s+(?:le\s+|la\s+|l['’]\s*|les\s+)?(?:groupe|gsim|jnim|eigs|eis|fla|csp|jihadistes|djihadistes|terroristes|rebelles|assaillants)\b"
)
# Army jargon: "18 terroristes neutralisés" is always a party's claim about the other side's losses.
# "22 of them", "22 d'entre eux": victims named by the words before the figure
ANAPHORIC_VICTIMS = re.compile(r"(?:d['’]\s*)?(?:entre (?:eux|elles)|of them|of whom|among them)\b", re.I)
CLAIMED_KILL_WORD = re.compile(r"\bneutralis(?:é|ée|és|ées|er|ant)\b", re.I)
# "cinq otages ont été libérés", "la libération de 12 otages": a release, not a new abduction.
RELEASED_AFTER = re.compile(
    r"^\s*(?:ont été|a été|sont|furent|avaient été)?\s*(?:libéré|relâché|remis en liberté|rendu)", re.I
)
RELEASED_BEFORE = re.compile(r"(?:libération|libéré|relâché|remise en liberté)\w*\s+(?:de|d['’]|des)?\s*$", re.I)
FR_VICTIMS_ARTICLE = re.compile(r"^(?:(?:de|des)(?:\s+|$)|d['’]\s*)", re.I)
AGGREGATE = CaselessPattern(
    # ("fatalities split across two events" divides one incident's toll: it is no aggregate;
    # "in May alone" is a period's, "in Sampelga alone" one place's share of an incident)
    r"\b(?:(?<!split )(?<!spread )(?<!divided )across|since the (?:start|beginning)|so far this year|this year|last year|in total|"
    r"a total of|over the (?:past|last)|(?:year|month|week|weekend|quarter|january|february|march|april|may|june|july|august|september|october|november|december|\d{4})\s+alone|in \d{4}|per year|each year|every year|since \d{4}|"
    r"depuis le début|au total|cette année|l'an dernier|en \d{4}|depuis \d{4}|over the course of|"
    r"l'année dernière|l’année dernière|l’an dernier|depuis janvier|au cours de l'année|au cours de l’année|"
    r"au cours des (?:derniers|dernières)|en un an|par an|chaque année|sur l'ensemble|sur l’ensemble)\b"
)
# A short noun phrase after its determiner ("army sub-officer "), and what a named victim can suffer
# (an acronym in brackets may stand in it: "one United Nations (UN) peacekeeper was killed")
_NOUNS = r"(?!(?:majority|number|total|lot|few|dozen|handful|group|couple|series|rest|toll)\b)(?:[A-Za-zÀ-ÿ'’-]+\s+(?:\([A-Za-z]{2,8}\)\s+)?){1,3}?"
_NO_FIGURE = r"(?:\d|two|three|four|five|six|seven|eight|nine|ten|several|many|some|few)\b"
_ONE_KIND = (
    r"killed|shot dead|shot and killed|murdered|executed|beheaded|assassinated|lynched to death|stabbed to death|"
    r"beaten to death|wounded|injured|abducted|kidnapped|arrested|dead|tué|tuée|blessé|blessée|enlevé|enlevée|exécuté|assassiné|"
    r"abattu|abattue"
)
# Named victims after a killing verb: "killed a herder", "killed and buried a herder", "killed by execution a youth"
_SINGLE_VERBS = (
    r"killed|killing|shot dead|shooting dead|assassinated|assassinating|executed|executing|murdered|"
    r"beheaded|beheading|tué|assassiné|exécuté|lynché à mort|lynchée à mort|égorgé|égorgée|décapité|décapitée"
)
_VERB_TAIL = r"\s+and\s+(?!wounded|injured|abducted|kidnapped|arrested)[a-z]+ed|\s+by\s+execution"
# A word of one side's victims: not a conjunction, an auxiliary or what befell them
# (nor a month: "on 3 March, 17 soldiers and 4 civilians were killed" lists two sides, not three)
_SIDE_WORD = (
    rf"(?!(?:and|et|were|was|have|has|had|been|are|is|ont|sont|a|est|été|{_ANY_KIND}|{literal_alternation(MONTHS)})\b)"
    r"[A-Za-zÀ-ÿ'’-]+"
)
_NP = r"[A-Za-zÀ-ÿ'’-]+(?:\s+[A-Za-zÀ-ÿ'’-]+){0,2}?"
_DET = r"(?:his|her|its|the|a|an|another|one|son|sa|le|la|un|une)"
_NP_END = r"in|at|on|near|during|while|who|whom|after|before|from|outside|inside|between|as|when|overnight|and|with|by|dans|à|près|lors|qui"
# "all volunteers" says who the victims are; "including four teachers" names only some of them
APPOSITION = r"all|most|many|mostly|both|mainly|tous|toutes|pour la plupart|en majorité|essentiellement"
APPOSITION_PART = r"including|among them|among whom|of whom|dont|parmi eux|parmi lesquels|notamment"
TOLL_WORDS = (
    r"(?:death toll|toll|casualty figure|bilan(?: provisoire| définitif| officiel)?|number of (?:dead|victims|deaths)|"
    # "the number of people killed … has increased to 24", "le nombre de morts est passé à 15"
    r"number of (?:people|persons|those|civilians|soldiers|troops) (?:killed|dead|who (?:died|were killed|lost their lives))|"
    r"nombre (?:de|des) (?:morts|victimes|tués|décès)|nombre de (?:soldats|militaires|civils|personnes) (?:tués|tuées|morts|décédés))"
)

REVISED = r"rose to|rises to|risen to|climbed to|climbs to|increased to|passé à|passe à|porté à|alourdi à"

RULES: tuple[tuple[str, CaselessPattern], ...] = (
    # "the death toll rose to 31", "bringing the toll to 40", "un bilan provisoire de 6 morts"
    (
        "toll_stated",
        CaselessPattern(
            # (a revision's verb may come after a longer phrase: "the number of people killed after a
            # vehicle drove over a landmine in central Mali has increased to 24")
            rf"\b{TOLL_WORDS}\b(?:[^.;]{{0,40}}?\b(?:reached|stands at|stood at|"
            rf"is|was|of|at|to|now|s'élève à|est de|de|fait état de|à|atteint)|[^.;]{{0,90}}?\b(?:{REVISED}))"
            rf"\s+(?P<count>{COUNT}){_END}{_NOT}"
            rf"(?P<after>[^\S\n]+(?:{VICTIM})(?P<kind>{_ANY_KIND})\b)?"
        ),
    ),
    # "killing 12 civilians", "killed at least 30 soldiers", "left 12 dead", "neutralised 20 terrorists"
    (
        "verb_count_victims",
        CaselessPattern(
            rf"\b(?P<verb>{'|'.join(_VERB_BEFORE.values())})(?:\s+|(?<=['’]))(?:(?:at least|some|about|around|an estimated|up to|more than|nearly|over|au moins|plus de|près de|environ)\s+)?"
            rf"(?P<count>{COUNT}){_END}{_NOT_AFTER_VERB}(?P<victims2>(?:[^\S\n]+(?!and\b|as well as\b|et\b|{_FR_STOP}\b)[A-Za-zÀ-ÿ'’-]+){{0,4}})"
            # "killed two soldiers, a civilian and two attackers": the middle sides count with the first
            rf"(?:(?P<mid>(?:\s*,\s+(?:{COUNT}|an?|une?)\b{_NOT}(?:\s+(?!and\b|et\b){_SIDE_WORD}){{1,3}}?)*)"
            rf"\s*,?\s+(?:and|as well as|et|ainsi que)\s+(?P<count2>{COUNT}|an?|une?)\b{_NOT}(?P<victims3>(?:\s+[A-Za-zÀ-ÿ'’-]+){{0,3}}))?"
        ),
    ),
    # "beheaded a woman and her child", "killed a chief, his son and a guard", "killed a catechist and
    # three other worshippers": named victims counted one by one
    (
        "verb_victims_list",
        CaselessPattern(
            rf"\b(?P<verb>{_SINGLE_VERBS})(?:{_VERB_TAIL})?\s+(?P<count>a|an|the|one|un|une|le|la)\s+"
            rf"(?P<victims2>{_NP}(?P<list>(?:,\s+{_DET}\s+{_NP})*)\s+(?:and|et)\s+"
            rf"(?:{_DET}\s+(?!{_NO_FIGURE}){_NP}|(?P<others>{COUNT})\s+(?:other|autres)\s+[A-Za-zÀ-ÿ'’-]+))"
            rf"(?=\s*(?:[,.;:(]|$)|\s+(?:{_NP_END})\b)"
        ),
    ),
    # "shot dead a man", "assassinated the mayor": one victim, no figure
    (
        "verb_single_victim",
        CaselessPattern(
            rf"\b(?P<verb>{_SINGLE_VERBS})(?:{_VERB_TAIL})?\s+(?P<count>a|an|the|one|another|un|une|le|la)\s+"
            r"(?P<victims2>(?:[A-Za-zÀ-ÿ'’-]+\s*){1,3})"
        ),
    ),
    # "a priest and five congregants were killed", "un soldat et quatre civils ont été tués": one named
    # victim and a figure of others
    (
        "one_and_count",
        CaselessPattern(
            rf"\b(?P<count>a|an|one|un|une)\s+(?=(?:\S+\s+){{1,2}}(?:and|et)\s)(?P<victims2>{_SIDE_WORD}(?:\s+{_SIDE_WORD})?)"
            rf"\s+(?:and|et)\s+(?P<count2>{COUNT}){_END}(?P<victims3>(?:\s+{_SIDE_WORD}){{1,3}}?)\s+"
            rf"(?:were|have been|had been|ont été|sont)\s+(?:(?:reportedly|also|later|allegedly|all|{_FR_ADVERBS})\s+)?"
            rf"(?P<side_kind>{_ANY_KIND})\b"
        ),
    ),
    # "12 soldiers were killed", "40 killed on both sides", "6 morts", "three people died"; and one figure
    # per side: "three militiamen and two other civilians were killed", "three militants, five
    # volunteers and two civilians were killed" (the middle sides counted with the first). One rule,
    # so that the costly scan for figures is made once.
    (
        "count_victims_kind",
        CaselessPattern(
            rf"\b(?P<count>{COUNT}){_END}"
            # one figure per side: an "and" / "et" must follow before the sentence ends
            rf"(?:(?=[^.;]{{0,150}}?\s(?:and|et)\s){_NOT}(?P<victims2>(?:\s+{_SIDE_WORD}){{1,4}}?)"
            rf"(?P<mid>(?:\s*,\s+{COUNT}\b{_NOT}(?:\s+{_SIDE_WORD}){{1,4}}?)*)\s*,?\s+(?:and|et)\s+"
            rf"(?P<count2>{COUNT}|an?|une?)\b{_NOT}(?P<victims3>(?:\s+{_SIDE_WORD}){{1,4}}?)\s+"
            rf"(?:were|have been|had been|ont été|sont)\s+(?:(?:reportedly|also|later|allegedly|all|{_FR_ADVERBS})\s+)?"
            rf"(?P<side_kind>{_ANY_KIND})\b"
            # one figure
            # ("30 of the men were beheaded" counts; "one of 12 soldiers", "one of the dead" do not)
            rf"|{_NOT_BEFORE_KIND}(?!\s+of\b(?!\s+(?:the|them|these|those)\s+(?!{_ANY_KIND}\b)[a-zà-ÿ]|\s+(?:its|their)\s+{_OWN_KIN}))[^\S\n]+{VICTIM}"
            # "five people, all volunteers, were killed": an apposition between the victims and their fate
            rf"(?:(?P<apposed>[A-Za-zÀ-ÿ'’-]+),\s+(?:(?P<part>{APPOSITION_PART})|(?P<share>{APPOSITION}))\b(?P<apposition>[^.;,\n]{{0,90}}),\s+)?"
            rf"(?:(?:were|was|have been|has been|had been|are|is|being|"
            rf"got|been|ont été|a été|sont|furent|were reportedly|were also|were later)\s+)?"
            rf"(?:(?:reportedly|also|later|allegedly|all|subsequently|found|retrouvés|retrouvées|été|{_FR_ADVERBS})\s+)?"
            rf"(?P<kind>{_ANY_KIND})\b)"
        ),
    ),
    # "15 fallen soldiers", "12 slain villagers": the fate before the victims
    (
        "fate_before_victims",
        CaselessPattern(
            rf"\b(?P<count>{COUNT}){_END}\s+(?P<kind>fallen|slain|dead)\s+(?P<victims>(?:{_SIDE_WORD}\s+)?{_SIDE_WORD})\b"
            r"(?!\s+(?:were|was|have|had|ont|sont)\b)"
        ),
    ),
    # "a woman and her son were killed", "an officer and his brother were assassinated": two victims
    (
        "pair_victims",
        CaselessPattern(
            rf"(?<!- )(?<!– )\b(?P<count>a|an|one|the|un|une|le|la)\s+"
            # cheap test first: most determiners have no "and his/her/a ..." within three words
            rf"(?=(?:[A-Za-zÀ-ÿ'’-]+\s+){{1,3}}?and\s+(?:his|her|a|an|one|another|the)\s)"
            rf"(?P<victims>{_NOUNS}and\s+(?:his|her|a|an|one|another|the)\s+"
            rf"(?!{_NO_FIGURE}){_NOUNS})(?:were|have been|had been)\s+(?:(?:reportedly|also|later|allegedly|both)\s+)?"
            rf"(?P<kind>{_ONE_KIND})\b"
        ),
    ),
    # "a soldier was killed", "the village chief was shot dead", "un soldat a été tué", "he was later executed"
    (
        "single_victim",
        CaselessPattern(
            # "their driver was shot dead", "leur chauffeur a été abattu": a possessive names one victim too
            # (not a share of a count: "four of its fighters had been killed")
            rf"\b(?:(?P<count>a|an|one|the|un|une|le|la|(?<!of )(?:their|his|her|its|our|leur|son|sa|notre))\s+(?P<victims>{_NOUNS})"
            r"|(?P<pronoun>he|she)\s+)"
            # a short relative clause between: "un homme qui tentait de fuir a été abattu"
            r"(?:(?:who|qui)\s+[^.;,\n]{1,40}?\s+)?"
            r"(?:was|has been|had been|got|a été|est)\s+"
            rf"(?:(?:reportedly|also|later|allegedly|subsequently|then)\s+)?(?:found\s+)?(?P<kind>{_ONE_KIND})\b"
        ),
    ),
    # "ten people were arrested and one killed", "plus d'une dizaine ont été arrêtées et une abattue":
    # one more victim after another fate
    (
        "and_one_killed",
        CaselessPattern(
            r"\b(?:and|et)\s+(?P<count>one|un|une)\s+(?:(?:was|a été)\s+)?"
            r"(?P<kind>killed|shot dead|tué|tuée|abattu|abattue)\b"
        ),
    ),
    # "les FDS ont perdu 4 hommes": French only, with the victims a fighting noun (not "20 motos")
    (
        "lost_men",
        CaselessPattern(
            rf"\b(?P<verb>(?:ont|a|avaient|avait|auraient|aurait)\s+perdu)\s+(?P<count>{COUNT})\s+"
            r"(?P<victims2>hommes|soldats|militaires|éléments|gendarmes|policiers|combattants|VDP)\b"
        ),
    ),
    # "a body found on Wednesday is that of the hostage", "the body of a herder was found", "le corps
    # sans vie d'un berger a été retrouvé": one body is one dead
    (
        "body_found",
        CaselessPattern(
            r"\b(?P<count>the|a|le|un)\s+(?:(?:lifeless|dead)\s+)?(?:body|corps)\b(?:\s+sans\s+vie)?"
            r"(?:\s+(?:of|d['’]|de)\s*(?:an?|une?|the|la|le)\s+(?P<victims>[A-Za-zÀ-ÿ-]+))?[^.;\n]{0,80}?\b"
            r"(?:(?:is|was)\s+(?:that|the body)\s+of|(?:est|serait|était)\s+celui\s+d|"
            # (not "had been found": the pluperfect retells a find the news sentence already counted)
            r"(?:was|has been|a été)\s+(?:found|discovered|recovered|retrouvé|découvert))\b"
        ),
    ),
    # "the killing of a teacher", "l'assassinat atroce d'un imam": one victim named by the act
    (
        "act_of_one",
        CaselessPattern(
            r"\b(?:the\s+(?:killing|murder|assassination|execution|beheading|lynching)|l['’]\s*(?:assassinat|exécution)|"
            r"le\s+(?:meurtre|lynchage)|la\s+(?:mort|décapitation))(?:\s+(?:brutal|atroce|odieux|barbare|horrible))?"
            r"\s+(?:of\s+|d['’]\s*)(?P<count>an?|one|une?)\s+(?P<victims>[A-Za-zÀ-ÿ-]+)"
        ),
    ),
    # "the fatal shootings allegedly by UN troops of three protesters": a toll named by the act
    (
        "fatal_act",
        CaselessPattern(
            rf"\bfatal\s+(?:shootings?|stabbings?|beatings?)\b[^.;\n]{{0,50}}?\bof\s+(?P<count>{COUNT}){_END}{_NOT}"
            rf"(?P<victims>(?:[^\S\n]+[A-Za-zÀ-ÿ'’-]+){{1,3}}?)(?=[^\S\n]*(?:[,.;:(]|$)|[^\S\n]+(?:{_NP_END})\b)"
        ),
    ),
    # "one of the soldiers succumbed to his wounds": a death after the fact
    (
        "succumbed",
        CaselessPattern(
            r"\b(?P<count>one|a|an|the|un|une|le|la)\b[^.;]{0,40}?\b(?P<kind>succumbed|died of (?:his|her|their) "
            r"(?:wounds|injuries)|a succombé|ont succombé|est décédée?)\b"
        ),
    ),
    # "3 fatalities", "Fatalities coded as 10" (analysts' notes)
    ("fatalities_coded", CaselessPattern(rf"\b(?:fatalit(?:y|ies)|deaths?)\s+(?:\w+\s+){{0,2}}coded as\s+(?P<count>{COUNT}){_END}")),
    ("no_casualties", CaselessPattern(r"\b(?:no (?:casualties|fatalities|deaths|victims)|aucune victime|pas de victime|sans faire de victime)")),
)
# What may end the words before "a soldier and a civilian were killed" after a comma: a time or an
# act ("On 3 March, …", "In the attack, …"); any other word makes the pair the tail of a list ("Three
# people - a council member, an imam and an old man - were killed")
CLAUSE_OPENER_END = CaselessPattern(
    r"(?:\d|\b(?:day|morning|afternoon|evening|night|week|weekend|month|year|meanwhile|however|elsewhere|separately|"
    r"later|earlier|also|then|attack|raid|ambush|incident|fighting|clash|clashes|monday|tuesday|wednesday|thursday|"
    r"friday|saturday|sunday|jour|matin|soir|soirée|nuit|semaine|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|"
    r"attaque|embuscade|cependant|ailleurs|"
    rf"{literal_alternation(MONTHS)}))\s*,\s*$"
)
MOTIVE_BEFORE = re.compile(
    r"\b(?:against|at|to|following|after|over|about|wake of|denounc\w*|condemn\w*|protest\w*|contre|suite à|après|"
    r"dénonc\w*|condamn\w*|protest\w*)\s+$",
    re.I,
)


def _in_a_list(text: str, start: int) -> bool:
    """Whether a pair of victims closes a list that a comma joins it to."""
    before = text[max(0, start - 40) : start]
    return bool(re.search(r",\s*$", before)) and not CLAUSE_OPENER_END.search(before)


def _verb_kind(verb: str) -> str:
    v = verb.lower()
    for pattern, kind in ((r"neutrali", "killed"), (r"kill|tu|left|leav|claim|massac|murder|execut|slaught|shot|fait|coût|took the", "killed"),
                          (r"injur|wound|bless", "injured"), (r"abduct|kidnap|took|taking|seiz|enlev|emmen", "abducted"),
                          (r"arrest|detain|apprehend|captur|interpell|arrêt|appréhend", "arrested")):
        if re.match(pattern, v):
            return kind
    return "killed"


def _own_kind(victims: str, kind: str) -> str:
    """The second figure's own fate when its words give one: "killed two and wounded 18" / "two dead and 18 wounded"."""
    first = victims.split()[:1]
    return KIND_OF.get(first[0].lower(), kind) if first else kind


def _released(match: re.Match[str], text: str) -> bool:
    """Hostages freed are not a new abduction ("cinq otages ont été libérés")."""
    return bool(
        RELEASED_AFTER.match(text[match.end() : match.end() + 40])
        or RELEASED_BEFORE.search(text[max(0, match.start() - 40) : match.start()])
    )


_ARTICLES = frozenset({"a", "an", "un", "une"})
_LISTED = re.compile(rf",\s+({COUNT}|an?|une?)\b", re.I)  # the middle sides of a list of figures
ONE_VICTIM_RULES = frozenset({"verb_single_victim", "single_victim", "succumbed", "body_found", "act_of_one", "and_one_killed"})
TWO_VICTIM_RULES = frozenset({"pair_victims"})


class CasualtyFinder:
    def __init__(self, cues: TollCues) -> None:
        self.cues = cues

    def __call__(self, doc: Doc) -> Doc:
        text, folded = text_of(doc), folded_of(doc)
        taken = bytearray(len(text))  # one byte per character: overlap checks stay linear
        spans = []
        for rule, pattern in RULES:
            for match in pattern.finditer(text, folded):
                start, end = match.span()
                if any(taken[start:end]):
                    continue
                hit = self._hit(rule, match, text)
                if hit is None:
                    continue
                parts = [(where, self._standing(part, text, match)) for where, part in self._per_side(match, hit)]
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
        doc.spans[CASUALTIES] = spans
        return doc

    @staticmethod
    def _elided(doc: Doc, text: str, spans: list[Span], taken: bytearray) -> list[Span]:
        """"21 people were killed in Dara and 18 in Wendou", "21 morts à Dara et 18 à Wendou":
        the second place's figure leaves its victims and fate unsaid; they are the first figure's.
        ("21 killed in Dara and 18 wounded", "and 18 others were arrested" say their own.)"""
        found = []
        for span in spans:
            step = ELIDED_NEXT.match(text, span.end_char)
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
                kind=_own_kind(groups.get("victims3") or "", hit.kind),
                victims=(groups.get("victims3") or "").strip() or None)),
        ]

    def _standing(self, hit: CasualtyHit, text: str, match: re.Match[str]) -> CasualtyHit:
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
        clause = _clause_start(text, sentence_start, start)
        side = self.cues.side_of(hit.victims or "") if hit.victims else None
        if side is None and ANAPHORIC_VICTIMS.match(hit.victims or ""):
            # "repoussé les assaillants, tuant au moins 22 d'entre eux": the side named just before
            side = self.cues.last_side(text[sentence_start:start])
        if side is None and (CLAIMED_KILL_WORD.search(match.group(0)) or match.group(0).lower().count("neutralisation")):
            side = "attackers"  # "20 neutralised": armies use the word of enemy dead only
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
        return count2.lower() not in _ARTICLES or self.cues.side_of(groups.get("victims3") or "") is not None

    def _listed(self, mid: str) -> list[Count]:
        """The middle sides of a list ("killed two soldiers, a civilian and …"), articles only before a side's word."""
        counts = []
        for m in _LISTED.finditer(mid):
            if m.group(1).lower() in _ARTICLES and self.cues.side_of(mid[m.end() : m.end() + 40].split(",")[0]) is None:
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

    def _hit(self, rule: str, match: re.Match[str], text: str) -> CasualtyHit | None:
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
        if rule == "pair_victims" and _in_a_list(text, match.start()):
            return None
        if rule == "act_of_one" and MOTIVE_BEFORE.search(text[max(0, match.start() - 40) : match.start()]):
            return None  # "protested against the killing of a youth": the grievance, not this event's dead
        if rule in ("verb_count_victims", "verb_single_victim", "verb_victims_list", "lost_men"):
            kind = _verb_kind(match.group("verb"))
            victims = (groups.get("victims2") or "").strip() or None
            if match.group("verb").lower() in ("left", "leaving", "fait", "faisant", "ont fait", "a fait"):
                tail = (victims or "").lower()
                if not re.match(r"(?:people\s+|persons\s+|soldiers\s+|civilians\s+)?(?:dead|killed|morts|tués|victimes)", tail):
                    return None
            for side in self._listed(groups.get("mid") or ""):
                count = Count(count.low + side.low, count.best + side.best, count.high + side.high, count.vague or side.vague)
        elif rule in ("fatalities_coded",):
            kind, victims = "killed", None
        elif groups.get("side_kind"):  # "count_victims_kind", one figure per side
            kind = KIND_OF.get(groups["side_kind"].lower(), "killed")
            victims = (groups.get("victims2") or "").strip() or None
            for side in self._listed(groups.get("mid") or ""):
                count = Count(count.low + side.low, count.best + side.best, count.high + side.high, count.vague or side.vague)
        else:
            kind_word = (groups.get("kind") or "killed").lower()
            kind = KIND_OF.get(kind_word, "killed")
            victims = (groups.get("victims") or "").strip() or None
            if groups.get("apposed"):  # "five people, all volunteers": the apposition says who
                # the share word stays: "most of them volunteers" does not say whose dead all are
                victims = groups["apposed"] if groups.get("part") else f"{groups['apposed']}, {groups['share']}{groups['apposition']}"
        if kind == "killed" and (either := EITHER_FATE.match(text, match.end())) is not None:
            kind = KIND_OF[either.group("other").lower()]  # "21 dead or missing" is no count of the dead
        if victims is not None:
            victims = FR_VICTIMS_ARTICLE.sub("", victims) or None  # "une trentaine de civils" -> "civils"
        if kind == "abducted" and _released(match, text):
            return None
        second = parse_count(groups["count2"]) if self._second_side(groups) else None
        if second is not None and count is not None:
            count = Count(count.low + second.low, count.best + second.best, count.high + second.high, count.vague or second.vague)
        if count.best > 5000:
            return None  # strengths, populations and years are not tolls
        sentence_start = _sentence_start(text, match.start())
        total, period = _aggregate(text[max(0, match.start() - 60) : _sentence_end(text, match.end(), 80)])
        head = text[sentence_start : match.start()]
        subset = bool(SUBSET.search(head[-30:]))
        return CasualtyHit(
            rule=rule if not subset else f"{rule}:subset",
            kind=kind,
            best=count.best,
            low=count.low,
            high=count.high,
            victims=victims,
            vague=count.vague,
            claimed=bool(CLAIM.search(text[_clause_start(text, sentence_start, match.start()) : match.end() + 12]))
            or (kind == "killed" and bool(CLAIMED_KILL_WORD.search(match.group(0)))),
            aggregate=total or period,
            period=period,
            toll=rule in ("toll_stated", "fatalities_coded"),
        )


# after a figure's place, the next place's bare figure: "… killed in Dara and 18 in Wendou"
ELIDED_NEXT = re.compile(
    rf"[^\S\n]+(?i:in|at|à)[^\S\n]+[A-Z][\w'’-]*(?:[^\S\n][A-Z][\w'’-]*){{0,2}},?[^\S\n]+(?i:and|et)[^\S\n]+"
    rf"(?P<figure>(?P<count>(?i:{COUNT}))(?:[^\S\n]+(?i:others?|autres))?)[^\S\n]+(?i:in|at|à)[^\S\n]+[A-Z]"
)
CLAUSE_BREAK = re.compile(r";|\bwhile\b|\bwhereas\b|\bbut\b|\btandis que\b|\balors que\b|\bmais\b", re.I)


# A second fate the figure counts along with death: "21 people were dead or missing", "morts ou
# blessés" counts both, so it is the other fate's figure (an upper bound), not a toll
EITHER_FATE = re.compile(
    rf"[^\S\n]+(?:or|ou|and/or|et/ou)[^\S\n]+(?:(?:were|been|have been|portés|porté|portées)[^\S\n]+)?"
    rf"(?P<other>{KIND_WORDS['missing']}|{KIND_WORDS['injured']})\b",
    re.IGNORECASE,
)


# How far from a figure its sentence is looked for: a text without full stops ("12 killed, " repeated)
# would otherwise make every figure scan the whole text
SENTENCE_REACH = 400


def _sentence_start(text: str, at: int) -> int:
    """Where the sentence holding offset `at` begins (a full stop or a line break), within reach."""
    reach = max(0, at - SENTENCE_REACH)
    return max(text.rfind(".", reach, at), text.rfind("\n", reach, at), reach - 1) + 1


# "in total" marks an aggregate that a brief's one incident may own; "last year" never does
TOTAL_WORDS = re.compile(r"in total|a total of|au total", re.I)


def _aggregate(window: str) -> tuple[bool, bool]:
    """Whether the words around a figure make it a total ("in total"), or one over a period ("since
    2015", "this year"), as (total, period)."""
    match = AGGREGATE.search(window)
    if match is None:
        return False, False
    total = bool(TOTAL_WORDS.fullmatch(match.group()))
    return total, not total


def _sentence_end(text: str, at: int, reach: int) -> int:
    """Where the sentence holding offset `at` ends, within `reach`: "… killed 15 terrorists. Since
    2012, Mali has faced …" is no figure "since 2012"."""
    stops = [i for i in (text.find(". ", at, at + reach), text.find(".\n", at, at + reach), text.find("\n", at, at + reach)) if i >= 0]
    return min(stops) if stops else min(len(text), at + reach)


def _clause_start(text: str, sentence_start: int, at: int) -> int:
    """Where the clause holding a figure begins: "JNIM claims 40; the army says nine" are two claims' worth."""
    start = sentence_start
    for match in CLAUSE_BREAK.finditer(text, sentence_start, at):
        start = match.end()
    return start


@Language.factory(CASUALTIES, default_config={"data_dir": ""})
def make_casualties(nlp: Language, name: str, data_dir: str) -> CasualtyFinder:
    folder = Path(data_dir) if data_dir else default_data_dir()
    lang = nlp.lang if data_file(folder, f"tolls/{nlp.lang}.yaml").exists() else "en"
    return CasualtyFinder(load_toll_cues(data_file(folder, f"tolls/{lang}.yaml")))

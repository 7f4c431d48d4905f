"""An incident's toll, through the whole pipeline, on sentences and short passages written for it.

Each row is an article (a headline, a lead, a background paragraph) and the toll of one of its
incidents: the event whose evidence holds `anchor` (the first event without one). The traps are
the ways a figure that is not the incident's toll gets counted: years, ages, distances, prices,
displaced people, national or yearly totals, the figures of other incidents, a party's claim, an
earlier toll, the headline restated by the lead. `None` means no event carries a toll.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sahel_extract import Article, Event, Extractor
from sahel_extract.errors import DataFileError
from sahel_extract.resources.tolls import load_toll_cues

PUBLISHED = dt.date(2024, 3, 5)


def extract(extractor: Extractor, lang: str, text: str, published: dt.date = PUBLISHED) -> list[Event]:
    return extractor.extract(Article(id="t", text=text, published=published, lang=lang))


def toll(events: list[Event], anchor: str | None) -> int | None:
    if anchor is None:
        return events[0].fatalities if events else None
    mine = [e for e in events if any(anchor in ev.sentence for ev in e.evidence)]
    assert mine, f"no event holds {anchor!r}: {[ev.sentence for e in events for ev in e.evidence]}"
    return mine[0].fatalities


# (text, anchor, expected toll)
ENGLISH: list[tuple[str, str | None, int | None]] = [
    # --- one figure, in the phrasings of the press
    ("On 3 March, gunmen killed 12 civilians in the village of Boni.", None, 12),
    ("On 3 March, 15 people lost their lives when gunmen attacked a market in Kaya.", None, 15),
    ("On 3 March, 20 soldiers perished when their convoy was ambushed near Boni.", None, 20),
    ("On 3 March, gunmen shot dead four worshippers at a mosque in Mopti.", None, 4),
    ("On 3 March, residents found 12 bodies near Djibo after an attack by gunmen.", None, 12),
    ("On 3 March, gunmen attacked the village of Boni. The death toll stands at 18.", None, 18),
    ("On 3 March, twenty-three soldiers were killed in an ambush near Djibo.", None, 23),
    ("On 3 March, 1,200 civilians were killed in an attack on Djibo, the United Nations said.", None, 1200),
    ("On 3 March, dozens of civilians were killed in an attack on Djibo.", None, 12),
    ("On 3 March, a drone strike killed 8 civilians at a wedding in Djibo.", None, 8),
    ("A soldier and a civilian were killed on 3 March when gunmen attacked a checkpoint in Kaya.", None, 2),
    ("On 3 March, a priest and five worshippers were killed in an attack on a church in Dablo.", None, 6),
    (
        "On 3 March, soldiers repelled the attackers near Djibo, killing at least 22 of them. "
        "Seven soldiers were killed in the fighting.",
        None, 29,
    ),
    (
        "Twin attacks kill 39 in western Niger\n\nOn 3 March, gunmen killed 21 people in Libiri, "
        "the defence ministry said.",
        "21 people", 21,
    ),
    ("On 3 March, one United Nations (UN) peacekeeper was killed when his convoy hit a mine near Kidal.", None, 1),
    # appositions between the victims and their fate
    ("On 3 March, five people, all volunteers, were killed in an ambush near Kaya.", None, 5),
    ("On 3 March, six civilians, including four teachers, were killed in an attack on Djibo.", None, 6),
    ("On 3 March, at least 12 people, most of them herders, have been killed near Djibo.", None, 12),
    # a party's own dead told by its possessive; not its livestock
    ("On 3 March, militants attacked a militia post near Kaya; the militia said three of its fighters were killed.", None, 3),
    ("On 3 March, gunmen opened fire on herders near Kaya, and several of their livestock were killed.", None, None),
    # a subset is not added to its whole
    ("On 3 March, gunmen killed 12 people, including eight soldiers, near Boni.", None, 12),
    # --- the dead of each side add up
    ("On 3 March, 17 soldiers and 4 civilians were killed in an ambush near Djibo.", None, 21),
    (
        "On 3 March, an attack on an army post in Dori killed 11 soldiers. "
        "The army said its forces killed five gunmen during the fighting.",
        None, 16,
    ),
    ("On 3 March, militants attacked an army post in Dori; 11 soldiers were killed and 20 terrorists were neutralised.", None, 31),
    ("On 3 March, a gun battle in Sevare killed two soldiers, a civilian and two attackers.", None, 5),
    # ... but the wounded are not dead
    ("On 3 March, an explosion in Gao left two dead and 18 wounded.", None, 2),
    ("On 3 March, a roadside bomb killed two soldiers and wounded five others near Gao.", None, 2),
    # one noun for two sides' figures, and a death toll that restates them
    (
        "On 3 March, four American and five Nigerien soldiers were killed in an ambush near Tongo Tongo. "
        "The death toll stood at nine.",
        None, 9,
    ),
    # --- numbers that are no toll
    ("On 3 March 2024, gunmen killed seven traders near Djibo.", None, 7),
    ("Report 2023\nAt least two people were killed on 3 March when gunmen attacked a market in Kaya.", "At least two", 2),
    ("On 3 March, jihadists killed nine soldiers 40 km from Djibo.", None, 9),
    ("On 3 March, gunmen stole 500,000 CFA francs and killed two traders in Kaya.", None, 2),
    ("On 3 March, an attack on Arbinda killed 14 civilians and forced 3,000 people to flee.", None, 14),
    ("On Sept. 8, two soldiers were killed when their vehicle hit an explosive device near Menaka.", None, 2),
    # national or yearly totals, other incidents
    (
        "On 3 March, gunmen killed six villagers near Djibo. "
        "More than 2,000 people have been killed in Burkina Faso since January.",
        "six villagers", 6,
    ),
    (
        "On 3 March, militants killed four gendarmes in Torodi. Attacks in the region killed 400 people last year.",
        "four gendarmes", 4,
    ),
    (
        "On 3 March, militants killed 10 soldiers near Boni.\n\n"
        "In 2019, an attack on the army camp of Inates killed 71 soldiers.",
        "10 soldiers", 10,
    ),
    ("In a week, attacks in the Sahel region killed 80 people.", None, None),
    # --- revisions, claims, headlines
    ("On 3 March, jihadists attacked Kaya. Twelve people were killed. The toll later rose to 31.", None, 31),
    (
        "On 3 March, jihadists attacked an army post in Dori; the army initially said 10 soldiers had been "
        "killed, but the death toll later rose to 24.",
        None, 24,
    ),
    (
        "On 3 March, gunmen attacked a village near Djibo, causing several deaths, the army said. "
        "Local media had reported 10 people killed.",
        None, 10,
    ),
    ("On 3 March, JNIM claimed to have killed 40 soldiers in an attack on Boni.", None, 40),
    (
        "On 3 March, JNIM claimed to have killed 40 soldiers in an attack on Boni. "
        "The army said the toll was nine dead.",
        None, 9,
    ),
    ("21 killed in Boni ambush\n\nOn 3 March, 17 soldiers and 4 civilians were killed in an ambush near Boni.", None, 21),
    (
        "Eight soldiers killed in Mali\n\nOn 3 March, militants attacked a convoy near Boni, killing at least eight soldiers.",
        None, 8,
    ),
    (
        "Nearly 100 killed in attack on Boni village\n\nGunmen attacked the village of Boni on 3 March, "
        "and officials say 95 people have been found dead.",
        None, 95,
    ),
    ("On 3 March, gunmen killed 12 civilians in Boni. Three children were among the victims.", None, 12),
    # --- one victim named by what was found or done
    ("A body found with stab wounds near Kaya on 3 March is that of a local trader, police said.", None, 1),
    ("On 3 March, the body of a herder was found near Djibo after gunmen attacked his camp.", None, 1),
    ("On 3 March, residents reported the fatal shootings of two herders by gunmen near Djibo.", None, 2),
    # ... but a killing a crowd protests is its grievance, not the protest's dead
    ("On 3 March, residents of Gao protested against the killing of a trader by unknown gunmen.", None, None),
    # a pair after a time phrase is the whole toll; "two dozen" is 24
    ("On the same day, a soldier and a civilian were killed in an attack on a gold mine near Kaya.", None, 2),
    ("On 3 March, more than two dozen villagers were killed in an attack on Djibo.", None, 24),
    # a national total in the present perfect is no incident's toll
    (
        "On 3 March, a roadside bomb killed one soldier near Menaka. More than two dozen French troops have been killed in Mali.",
        "one soldier", 1,
    ),
    # a figure of the army's operations "following these attacks" is no one incident's
    (
        "On 3 March, gunmen killed two soldiers near Dori. Some 30 militants were neutralised and weapons were "
        "seized by the army in the days following these attacks.",
        "two soldiers", 2,
    ),
    # --- a stated toll, a revision with a long subject, and the headline that sums up two incidents
    (
        "Gunmen shelled Gao on 3 March. The army gave a provisional toll of two dead and five wounded. "
        "There are at least three dead civilians, a local official said.",
        None, 2,
    ),
    (
        "Toll from landmine blast in central Mali rises to 24\n\nThe number of people killed after a bus hit a "
        "landmine near Boni on 3 March has increased to 24, residents said.",
        None, 24,
    ),
    (
        "13 killed in Burkina Faso violence\n\nGunmen raided the village of Kaya on 3 March, killing six people. "
        "In reprisal, seven herders were killed in the nearby village of Dori on 4 March.",
        "six people", 6,
    ),
    ("The initial toll of the ambush near Boni on 3 March is nine dead. AFP reports 10 dead.", None, 10),
    ("On 3 March, ten people were arrested and one killed by soldiers at the market of Niono.", None, 1),
    (
        "Army says 8 soldiers died\n\nThe number of soldiers who died in an attack on Wednesday near Nara has increased "
        "to eight. On Wednesday, the army had said that four soldiers were killed in the attack.",
        None, 8,
    ),
    # --- a share of the dead ("most of them volunteers") does not say whose dead all are
    (
        "At least 14 people, most of them army volunteers, were killed on 3 March in an attack on Tindirma-Sud. "
        '"At least nine volunteers were killed," a resident said.',
        None, 14,
    ),
    ("12 civilians, most of them women, were killed in Kouloubané on 3 March. Four soldiers were also killed "
     "when troops arrived.", None, 16),
    # --- "dead or missing" counts two fates: no toll
    ("On 3 March, 21 people were dead or missing after gunmen attacked Kouloubané; the mayor said at least "
     "17 people had been killed.", None, 17),
    ("On 3 March, gunmen killed 8 civilians in Kouloubané; 15 people were killed or wounded, the mayor said.", None, 8),
    # --- a possessive names one victim: "their driver was shot dead"
    ("Gunmen abducted two aid workers near Kouloubané on 3 March. Their driver was shot dead during the abduction.",
     None, 1),
    ("On 3 March, gunmen ambushed a convoy near Kouloubané. Their commander was wounded.", None, None),
    # --- "have been found dead": a passive of the act, not a situation
    ("Gunmen attacked the village of Kouloubané on 3 March. Officials say 40 people have been found dead.", None, 40),
]

FRENCH: list[tuple[str, str | None, int | None]] = [
    # --- un chiffre, dans les tournures de la presse
    ("Le 3 mars, des hommes armés ont tué 12 civils dans le village de Boni.", None, 12),
    ("Le 3 mars, au moins 15 personnes ont perdu la vie dans l'attaque d'un marché à Kaya.", None, 15),
    ("Le 3 mars, 20 soldats ont trouvé la mort dans une embuscade près de Boni.", None, 20),
    ("Plus d'une dizaine de soldats ont trouvé la mort le 3 mars dans une attaque contre Boni.", None, 10),
    ("Le 3 mars, l'armée a annoncé la mort d’au moins 12 terroristes lors d'une opération près de Djibo.", None, 12),
    ("Le 3 mars, l'opération a conduit à la neutralisation d'une centaine d'assaillants près de Djibo.", None, 100),
    ("Le 3 mars, l'attaque du village de Boni a fait quarante-quatre (44) martyrs, tous civils.", None, 44),
    ("Le 3 mars, des hommes armés ont attaqué le village de Boni. Un bilan provisoire fait état de 18 morts.", None, 18),
    ("Le 3 mars, 12 corps sans vie ont été retrouvés près de Djibo après une attaque.", None, 12),
    ("Le 3 mars, 20 terroristes ont été neutralisés par l'armée près de Djibo.", None, 20),
    ("Le 3 mars, vingt-trois soldats ont été tués dans une embuscade près de Djibo.", None, 23),
    ("Le 3 mars, près de 50 civils ont été tués dans l'attaque du village de Boni.", None, 50),
    ("Le 3 mars, une trentaine de civils ont été tués dans l'attaque de Djibo.", None, 30),
    ("Le 3 mars, plusieurs dizaines de civils ont été tués à Djibo.", None, 12),
    ("Le 3 mars, une frappe de drone a tué 8 civils lors d'un mariage à Djibo.", None, 8),
    ("Le 3 mars, les FDS ont perdu 4 hommes dans une embuscade près de Djibo.", None, 4),
    ("Le 3 mars, des assaillants ont attaqué un poste de milice près de Kaya; trois de ses combattants ont été tués.", None, 3),
    ("Le 3 mars, un soldat et quatre civils ont été tués dans une attaque à Djibo.", None, 5),
    (
        "Le 3 mars, les soldats ont repoussé les assaillants près de Djibo, tuant au moins 22 d'entre eux. "
        "Sept soldats ont été tués lors de l'affrontement.",
        None, 29,
    ),
    ("Le 3 mars, des hommes armés ont lynché à mort le chef du village de Boni.", None, 1),
    # appositions
    ("Le 3 mars, cinq personnes, toutes des volontaires, ont été tuées dans une embuscade près de Kaya.", None, 5),
    ("Le 3 mars, six civils, dont quatre enseignants, ont été tués dans une attaque à Djibo.", None, 6),
    ("Le 3 mars, des hommes armés ont tué 12 personnes, dont huit soldats, près de Boni.", None, 12),
    # --- les morts de chaque camp s'additionnent
    ("Le 3 mars, 17 soldats et 4 civils ont été tués dans une embuscade près de Djibo.", None, 21),
    (
        "Le 3 mars, une attaque contre un poste de l'armée à Dori a tué 11 soldats. "
        "L'armée affirme avoir neutralisé cinq assaillants.",
        None, 16,
    ),
    ("Le 3 mars, 11 soldats ont été tués et 20 terroristes neutralisés lors de l'attaque de Dori.", None, 31),
    # ... mais les blessés ne sont pas des morts
    ("Le 3 mars, une explosion à Gao a fait deux morts et 18 blessés.", None, 2),
    ("Le 3 mars, une mine a tué deux soldats et blessé cinq autres près de Gao.", None, 2),
    # --- des nombres qui ne sont pas un bilan
    ("Le 3 mars 2024, des hommes armés ont tué sept commerçants près de Djibo.", None, 7),
    ("Le 3 mars, des jihadistes ont tué neuf soldats à 40 km de Djibo.", None, 9),
    ("Le 3 mars, des bandits ont volé 500 000 francs CFA et tué deux commerçants à Kaya.", None, 2),
    ("Le 3 mars, l'attaque d'Arbinda a fait 14 morts et poussé 3 000 personnes à fuir.", None, 14),
    (
        "Le 3 mars, des hommes armés ont tué six villageois près de Djibo. "
        "Plus de 2 000 personnes ont été tuées au Burkina Faso depuis janvier.",
        "six villageois", 6,
    ),
    (
        "Le 3 mars, des jihadistes ont tué quatre gendarmes à Torodi. "
        "Les attaques dans la région ont fait 400 morts l'an dernier.",
        "quatre gendarmes", 4,
    ),
    (
        "Le 3 mars, des jihadistes ont tué 10 soldats près de Boni.\n\n"
        "En 2019, une attaque contre le camp militaire d'Inates avait tué 71 soldats.",
        "10 soldats", 10,
    ),
    ("En une semaine, les attaques dans la région du Sahel ont fait 80 morts.", None, None),
    # --- bilans revus, revendications, titres
    ("Le 3 mars, des jihadistes ont attaqué Kaya, faisant 12 morts. Le bilan est passé à 31 morts.", None, 31),
    (
        "Le 3 mars, des hommes armés ont attaqué un village près de Djibo. Un précédent bilan faisait état "
        "de 20 morts. Le nouveau bilan est de 32 morts.",
        None, 32,
    ),
    (
        "Le 3 mars, des hommes armés ont attaqué Kaya. Le bilan, revu à la hausse, est de 40 morts.",
        None, 40,
    ),
    ("Le 3 mars, le JNIM affirme avoir tué 40 soldats dans une attaque contre Boni.", None, 40),
    (
        "Le 3 mars, le JNIM affirme avoir tué 40 soldats dans une attaque contre Boni. "
        "L'armée fait état d'un bilan de neuf morts.",
        None, 9,
    ),
    (
        "21 morts dans une embuscade à Boni\n\n"
        "Le 3 mars, 17 soldats et 4 civils ont été tués dans une embuscade près de Boni.",
        None, 21,
    ),
    (
        "Huit soldats tués au Mali\n\n"
        "Le 3 mars, des jihadistes ont attaqué un convoi près de Boni, tuant au moins huit soldats.",
        None, 8,
    ),
    (
        "Près de 100 morts dans l'attaque d'un village\n\n"
        "Des hommes armés ont attaqué le village de Boni le 3 mars. Les autorités font état de 95 corps retrouvés.",
        None, 95,
    ),
    ("Le 3 mars, des hommes armés ont tué 12 civils à Boni. Trois enfants figurent parmi les victimes.", None, 12),
    # --- une victime nommée par ce qu'on a trouvé ou fait
    ("Le 3 mars, le corps sans vie d'un berger a été retrouvé près de Djibo.", None, 1),
    ("Les habitants font état de l'assassinat atroce d'un imam dans le village de Boni le 3 mars.", None, 1),
    # ... mais le meurtre qu'une foule dénonce est son grief
    ("Le 3 mars, des jeunes ont manifesté à Gao pour dénoncer l'assassinat d'un commerçant.", None, None),
    # un nombre en lettres et un long groupe nominal avec son sigle entre parenthèses
    ("Onze soldats des forces armées maliennes (FAMa) ont été tués le 3 mars dans une embuscade près de Boni.", None, 11),
    ("Le 3 mars, le bilan est passé à 15 militaires tués après l'attaque du camp de Boni.", None, 15),
    # un total national au passé composé n'est le bilan d'aucun incident
    (
        "Le 3 mars, une mine a tué un soldat près de Ménaka. Plus de 200 soldats ont été tués au Mali.",
        "un soldat", 1,
    ),
    # une estimation « depuis plusieurs semaines » couvre plusieurs incidents
    (
        "Le 3 mars, des hommes armés ont attaqué Kaya, faisant 12 morts. Des attaques meurtrières (au moins cent morts) "
        "contre les populations civiles ont lieu depuis plusieurs semaines.",
        None, 12,
    ),
    # --- le bilan officiel d'une source prime les chiffres épars; un incident antérieur reste à part
    (
        "Le 3 mars, un véhicule de l'armée a sauté sur une mine près de Boni. Le bilan provisoire est de deux morts "
        "et quatre blessés. Le mois dernier, une autre attaque sur le même axe a fait 15 morts.",
        None, 2,
    ),
    (
        "Le nombre de morts de l'attaque du 3 mars contre le village de Boni est passé à 24, selon des habitants.",
        None, 24,
    ),
    # le titre résume deux incidents ; le corps donne celui-ci
    (
        "13 morts dans des violences au Burkina Faso\n\nDes hommes armés ont attaqué le village de Kaya le 3 mars, "
        "tuant six personnes. En représailles, sept éleveurs ont été tués le 4 mars dans le village voisin de Dori.",
        "six personnes", 6,
    ),
    # un titre plus récent que les chiffres antérieurs et la revendication du corps
    (
        "L'attaque de Barsalogho a fait 600 morts\n\nDes jihadistes ont attaqué Barsalogho le 3 mars. Initialement, "
        "l'ONU estimait le nombre de morts à au moins 200. Le JNIM affirmait avoir tué presque 300 personnes.",
        None, 600,
    ),
    ("Le bilan initial de l'embuscade du 3 mars près de Boni est de neuf morts. L'AFP fait état de 10 morts.", None, 10),
    ("Le 3 mars, plus d'une dizaine de personnes ont été arrêtées et une abattue à la foire de Niono.", None, 1),
    (
        "L'armée annonce 8 soldats tués\n\nLe nombre de soldats tués lors de l'attaque de mercredi près de Nara est "
        "passé à huit. Mercredi, l'armée avait annoncé que quatre soldats avaient été tués.",
        None, 8,
    ),
    # --- une part des morts (« pour la plupart des volontaires ») ne dit pas de quel côté sont tous les morts
    (
        "Au moins 14 personnes, pour la plupart des volontaires, ont été tuées le 3 mars dans une attaque contre "
        "Tindirma-Sud. « Au moins neuf volontaires ont été tués », a indiqué un habitant.",
        None, 14,
    ),
    ("12 civils, en majorité des femmes, ont été tués à Kouloubané le 3 mars. Quatre soldats ont également été "
     "tués à l'arrivée des renforts.", None, 16),
    # --- « tués ou portés disparus » compte deux sorts : pas un bilan
    ("Le 3 mars, 21 personnes ont été tuées ou portées disparues après l'attaque de Kouloubané ; le maire fait "
     "état d'au moins 17 morts.", None, 17),
    ("Le 3 mars, des hommes armés ont tué 8 civils à Kouloubané ; 15 personnes ont été tuées ou blessées, selon "
     "la mairie.", None, 8),
    ("Des hommes armés ont enlevé deux humanitaires le 3 mars près de Kouloubané. Leur chauffeur a été abattu lors "
     "de l'enlèvement.", None, 1),
    ("Le 3 mars, des hommes armés ont tendu une embuscade à un convoi près de Kouloubané. Son chef a été blessé.",
     None, None),
    ("Des hommes armés ont attaqué le village de Kouloubané le 3 mars. Selon les autorités, 40 corps ont été "
     "retrouvés.", None, 40),
]


# Lists of places: each place of a list keeps only its own figure (the news coders' convention); the
# stories are long enough not to be briefs. (lang, text, place, expected toll of that place's event)
_AFTER_EN = " The region has faced insecurity for years. Aid groups have called for calm. Schools in the area remain closed."
_AFTER_FR = " La région connaît l'insécurité depuis des années. Les ONG appellent au calme. Les écoles de la zone restent fermées."
_CLAUSES_EN = (
    "On 3 March, jihadists attacked the villages of Djibo, Kaya and Dori, killing at least 40 people. "
    "Fourteen civilians were killed in Kaya, and other civilians were killed in Dori." + _AFTER_EN
)
_CLAUSES_FR = (
    "Le 3 mars, des jihadistes ont attaqué les villages de Djibo, Kaya et Dori, tuant au moins 40 personnes. "
    "Quatorze civils ont été tués à Kaya, et d'autres civils ont été tués à Dori." + _AFTER_FR
)
_WITNESS_EN = (
    "On 3 March, jihadists launched simultaneous attacks on Djibo and Kaya. In Djibo, the attackers burned the "
    "market before fleeing the town, a resident said. He said he saw at least ten bodies in the streets." + _AFTER_EN
)
_WITNESS_FR = (
    "Le 3 mars, des jihadistes ont mené des attaques simultanées contre Djibo et Kaya. À Djibo, les assaillants ont "
    "incendié le marché avant de quitter la ville, selon un habitant. Il dit avoir vu au moins dix corps dans les rues."
    + _AFTER_FR
)
# a figure told right at each place ("21 … in Libiri and 18 in Kokorou"): each its own, brief or not
_EACH_EN = "On 3 March, gunmen killed 21 people in Djibo and 18 in Kaya, the ministry said."
_EACH_FR = "Le 3 mars, 21 personnes ont été tuées à Djibo et 18 autres à Kaya, selon le ministère."
_EACH_NEWS_EN = "Gunmen kill 39 in Burkina Faso\n\nOn 3 March, 21 people were killed in Djibo and 18 in Kaya, the ministry said." + _AFTER_EN
_EACH_NEWS_FR = "39 morts au Burkina Faso\n\nLe 3 mars, des hommes armés ont fait 21 morts à Djibo et 18 à Kaya." + _AFTER_FR
# trap: the second figure says its own fate ("18 wounded"): no death told at Kaya
_WOUNDED_EN = "On 3 March, 21 people were killed in Djibo and 18 wounded in Kaya, the ministry said." + _AFTER_EN
LISTED: list[tuple[str, str, str, int | None]] = [
    # a clause of its own names one place: its figure is that place's; the list's toll is no one's
    ("en", _CLAUSES_EN, "Kaya", 14),
    ("en", _CLAUSES_EN, "Dori", None),
    ("en", _CLAUSES_EN, "Djibo", None),
    ("fr", _CLAUSES_FR, "Kaya", 14),
    ("fr", _CLAUSES_FR, "Dori", None),
    ("fr", _CLAUSES_FR, "Djibo", None),
    # a figure naming no place belongs to the place the story last named alone
    ("en", _WITNESS_EN, "Djibo", 10),
    ("en", _WITNESS_EN, "Kaya", None),
    ("fr", _WITNESS_FR, "Djibo", 10),
    ("fr", _WITNESS_FR, "Kaya", None),
    ("en", _EACH_EN, "Djibo", 21),
    ("en", _EACH_EN, "Kaya", 18),
    ("fr", _EACH_FR, "Djibo", 21),
    ("fr", _EACH_FR, "Kaya", 18),
    ("en", _EACH_NEWS_EN, "Djibo", 21),
    ("en", _EACH_NEWS_EN, "Kaya", 18),
    ("fr", _EACH_NEWS_FR, "Djibo", 21),
    ("fr", _EACH_NEWS_FR, "Kaya", 18),
    ("en", _WOUNDED_EN, "Djibo", 21),
    ("en", _WOUNDED_EN, "Kaya", None),
]


@pytest.mark.parametrize(("lang", "text", "place", "expected"), LISTED)
def test_listed_place_toll(extractor: Extractor, lang: str, text: str, place: str, expected: int | None) -> None:
    mine = [e for e in extract(extractor, lang, text) if e.location is not None and e.location.name == place]
    assert len(mine) == 1
    assert mine[0].fatalities == expected


def test_the_table_is_half_english_half_french() -> None:
    assert len(ENGLISH) + len(FRENCH) >= 80
    assert abs(len(ENGLISH) - len(FRENCH)) <= 2


@pytest.mark.parametrize(("text", "anchor", "expected"), ENGLISH)
def test_english_toll(extractor: Extractor, text: str, anchor: str | None, expected: int | None) -> None:
    assert toll(extract(extractor, "en", text), anchor) == expected


@pytest.mark.parametrize(("text", "anchor", "expected"), FRENCH)
def test_french_toll(extractor: Extractor, text: str, anchor: str | None, expected: int | None) -> None:
    assert toll(extract(extractor, "fr", text), anchor) == expected


# --- the cue files: a broken one fails at load with its line and field --------------------------
CUES = "source: test\nlicence: CC0\ncues:\n"
FULL = "".join(f"  - id: {cue}\n    terms: [x]\n" for cue in ("state", "civilians", "attackers", "mixed", "earlier", "current", "period", "perfect", "national"))


@pytest.mark.parametrize(
    ("body", "line", "field"),
    [
        (FULL + "  - id: sidez\n    terms: [y]\n", 22, "id"),  # an unknown cue list
        (FULL + "  - id: state\n    terms: [y]\n", 22, "id"),  # a list given twice
        (FULL.replace("  - id: period\n    terms: [x]\n", ""), None, "cues"),  # a list missing
        (FULL.replace("terms: [x]", "terms: []", 1), 5, "terms"),  # an empty list
    ],
)
def test_broken_cue_files(tmp_path: Path, body: str, line: int | None, field: str) -> None:
    path = tmp_path / "en.yaml"
    path.write_text(CUES + body, encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        load_toll_cues(path)
    assert (caught.value.line, caught.value.field) == (line, field)


def test_shipped_cue_files_load() -> None:
    root = Path(__file__).resolve().parent.parent / "gazetteer" / "tolls"
    for lang in ("en", "fr"):
        cues = load_toll_cues(root / f"{lang}.yaml")
        assert cues.side_of("soldats" if lang == "fr" else "soldiers") == "state"

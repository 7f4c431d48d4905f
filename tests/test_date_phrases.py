"""Date phrases of news copy, English and French: what each resolves to, and which day an incident takes.

Every sentence here was written for these tests in the style of wire copy and local press. Each
row gives the publication date the phrase is read against. Most rows use a paper of Tuesday
5 March 2024: its Monday is the 4th, the Saturday before the 2nd, the week before runs from
26 February to 3 March (middle: Thursday 29 February).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from spacy.tokens import Doc

from sahel_extract import Article, Extractor
from sahel_extract.components.common import DATES, DateHit, payload
from sahel_extract.components.dates import PUBLISHED_KEY, PUBLISHED_PRECISION_KEY, load_cues
from sahel_extract.readers import ArticleMeta, ReadOptions, build_article, url_date

TUE = "2024-03-05"


@pytest.fixture(scope="module")
def extractors() -> dict[str, Extractor]:
    return {"en": Extractor(lang="en"), "fr": Extractor(lang="fr")}


def parse(extractor: Extractor, lang: str, text: str, published: str | None, precision: str | None) -> Doc:
    nlp = extractor.nlp(lang)
    doc = nlp.make_doc(text)
    doc.user_data[PUBLISHED_KEY] = dt.date.fromisoformat(published) if published else None
    doc.user_data[PUBLISHED_PRECISION_KEY] = precision
    for _name, pipe in nlp.pipeline:
        doc = pipe(doc)
    return doc


# (language, text, published, month-only publication?, the date span holding `pick`, value, precision, role)
PHRASES = [
    # --- English: the incident's own day --------------------------------------------------
    ("en", "Gunmen attacked the post on Thursday night.", TUE, False, "Thursday", "2024-02-29", "day", "event"),
    ("en", "The convoy was ambushed late on Friday near Dori.", TUE, False, "Friday", "2024-03-01", "day", "event"),
    ("en", "Soldiers were killed on Tuesday in Kaya.", TUE, False, "Tuesday", "2024-03-05", "day", "event"),
    ("en", "The mayor was abducted last Tuesday.", TUE, False, "Tuesday", "2024-02-27", "day", "event"),
    ("en", "Sunday's attack killed 12 civilians.", TUE, False, "Sunday", "2024-03-03", "day", "event"),
    ("en", "Gunmen stormed the village overnight, residents said.", TUE, False, "overnight", "2024-03-04", "day", "event"),
    ("en", "Militants struck the camp overnight Tuesday to Wednesday.", "2024-03-07", False, "Tuesday", "2024-03-05", "day", "event"),
    ("en", "Heavy fighting broke out between Thursday night and Friday.", TUE, False, "Thursday", "2024-02-29", "day", "event"),
    ("en", "The post was hit on the night of Saturday to Sunday.", TUE, False, "Saturday", "2024-03-02", "day", "event"),
    ("en", "Jihadists raided the market yesterday.", TUE, False, "yesterday", "2024-03-04", "day", "event"),
    ("en", "He was kidnapped the day before yesterday.", TUE, False, "yesterday", "2024-03-03", "day", "event"),
    ("en", "Gunmen attacked Seytenga on 2 March. The day before, a patrol was ambushed.", TUE, False, "day before", "2024-03-01", "day", "event"),
    ("en", "Fighters overran the town last week.", TUE, False, "last week", "2024-02-29", "week", "event"),
    ("en", "The attack took place earlier this week.", "2024-03-08", False, "this week", "2024-03-05", "week", "event"),
    ("en", "Two soldiers were killed earlier this month.", TUE, False, "this month", "2024-03", "month", "event"),
    ("en", "The base was shelled last month.", TUE, False, "last month", "2024-02", "month", "event"),
    ("en", "Leaders signed the pact in Bamako at the weekend.", TUE, False, "weekend", "2024-03-02", "day", "event"),
    ("en", "Rebels took the town last weekend.", "2024-03-10", False, "weekend", "2024-03-02", "day", "event"),
    # --- English: statement days, not the incident's ------------------------------------
    ("en", "The army said on Saturday that the post had been attacked.", TUE, False, "Saturday", "2024-03-02", "day", "statement"),
    ("en", "Togo's army on Saturday said several people were killed.", TUE, False, "Saturday", "2024-03-02", "day", "statement"),
    ("en", "Fifteen soldiers died, the army said in a statement issued late Tuesday.", TUE, False, "Tuesday", "2024-03-05", "day", "statement"),
    ("en", "At least 40 people died, a local official told AFP on Thursday.", TUE, False, "Thursday", "2024-02-29", "day", "statement"),
    ("en", "Five were killed, he told AFP of Thursday's ambush.", TUE, False, "Thursday", "2024-02-29", "day", "event"),
    ("en", "Officials reported the attack between Thursday night and Friday.", TUE, False, "Thursday", "2024-02-29", "day", "event"),
    ("en", "'We came under fire this afternoon,' the army said in a statement on Thursday.", "2024-03-08", False, "afternoon", "2024-03-07", "day", "event"),
    ("en", "Kabore was detained at a camp, four sources mentioned on Monday.", TUE, False, "Monday", "2024-03-04", "day", "statement"),
    ("en", "An explosive device struck a minibus at Tindirma-Sud on Monday, said a local official.", TUE, False, "Monday", "2024-03-04", "day", "event"),
    # --- English: deadlines, customs and months told after another date -------------------
    ("en", "Activists demanded the departure of French forces by Wednesday.", TUE, False, "Wednesday", "2024-02-28", "day", "deadline"),
    ("en", "In May, gunmen killed six people in Dablo. The same month, worshippers were killed in Toulfe.", "2019-10-14", False, "same month", "2019-05", "month", "event"),
    ("fr", "En mai, des hommes armés ont tué six fidèles. Le mois suivant, une église a été incendiée.", "2019-10-14", False, "mois suivant", "2019-06", "month", "event"),
    # --- English: dates without a year, page stamps and captions --------------------------
    ("en", "The village was attacked on 28 December.", TUE, False, "28", "2023-12-28", "day", "event"),
    ("en", "Gunmen attacked Solenzo on June 12.", "2024-06-20", False, "June", "2024-06-12", "day", "event"),
    ("en", "Published: Monday | March 4, 2024 | 09:12 AM\nGunmen attacked Djibo.", TUE, False, "March", "2024-03-04", "day", "stamp"),
    ("en", "Published: Monday | March 4, 2024 | 09:12 AM\nGunmen attacked Djibo.", TUE, False, "Monday", "2024-03-04", "day", "stamp"),
    ("en", "Soldiers patrol a market. / Photo: Reuters\nMarch 4, 2024\n\nGunmen attacked Djibo.", TUE, False, "March", "2024-03-04", "day", "stamp"),
    ("en", "Attack claimed\n\n17/6/2024 6:11\nJNIM claimed the attack.", "2024-06-17", False, "6/2024", "2024-06-17", "day", "stamp"),
    ("en", "Updated: 18-01-2019 00:49 IST", "2019-01-18", False, "2019", "2019-01-18", "day", "stamp"),
    ("en", "A file picture taken on May 30, 2018 shows soldiers in Sevare.", "2018-06-29", False, "May", "2018-05-30", "day", "stamp"),
    ("en", "Ouagadougou, Jan 17 (AFP) A Canadian geologist was found dead.", "2019-01-17", False, "Jan", "2019-01-17", "day", "stamp"),
    # --- English: no publication date ----------------------------------------------------
    ("en", "On June 12, 2025, an ambush killed ten soldiers. The next day, June 13, a convoy was hit.", None, False, "June 13", "2025-06-13", "day", "event"),
    ("en", "Gunmen attacked the post on Sunday.", None, False, "Sunday", None, None, "event"),
    # a year-less day with its weekday takes the first year of that weekday after a period the story says began
    ("en", "Gunmen raided the town on Saturday, December 12, killing 20. It was first attacked in February 2015. Since then, "
     "thousands have fled.", None, False, "December 12", "2020-12-12", "day", "event"),
    ("en", "Jihadist violence has driven thousands from the district since 2015. Gunmen raided the town on Saturday, "
     "December 12, killing 20.", None, False, "December 12", "2020-12-12", "day", "event"),
    # trap: a year told without a period running from it is the anchor itself
    ("en", "Gunmen raided the town on Saturday, December 12, killing 20. It was first attacked in February 2015, when "
     "thousands fled.", None, False, "December 12", "2015-12-12", "day", "event"),
    ("fr", "Des assaillants ont attaqué la commune dans la nuit du samedi 12 au dimanche 13 décembre. Elle avait été "
     "attaquée une première fois en février 2015. Depuis, la région vit sous état d'urgence.", None, False, "12",
     "2020-12-12", "day", "event"),
    ("fr", "Depuis 2015, les violences jihadistes ont chassé des milliers d'habitants. Des assaillants ont attaqué la "
     "commune le samedi 12 décembre.", None, False, "12", "2020-12-12", "day", "event"),
    ("fr", "Des assaillants ont attaqué la commune dans la nuit du samedi 12 au dimanche 13 décembre. Elle avait été "
     "attaquée une première fois en février 2015, à la veille des élections.", None, False, "12", "2015-12-12", "day", "event"),
    # --- English: a paper known only by its month -----------------------------------------
    ("en", "Gunmen attacked the village on Sunday.", "2024-07-31", True, "Sunday", "2024-07", "month", "event"),
    ("en", "Jihadists raided the market yesterday.", "2024-07-31", True, "yesterday", "2024-07", "month", "event"),
    ("en", "The village was attacked on 14 July.", "2024-07-31", True, "July", "2024-07-14", "day", "event"),
    ("en", "The base was shelled last month.", "2024-07-31", True, "last month", "2024-06", "month", "event"),
    # --- French: the incident's own day ----------------------------------------------------
    ("fr", "Le poste a été attaqué dans la nuit de samedi à dimanche.", TUE, False, "samedi", "2024-03-02", "day", "event"),
    ("fr", "Des hommes armés ont attaqué le village jeudi soir.", TUE, False, "jeudi", "2024-02-29", "day", "event"),
    ("fr", "Les combats ont eu lieu entre jeudi et vendredi.", TUE, False, "jeudi", "2024-02-29", "day", "event"),
    ("fr", "L'attaque de jeudi a fait douze morts.", TUE, False, "jeudi", "2024-02-29", "day", "event"),
    ("fr", "Le maire a été enlevé mardi dernier.", TUE, False, "mardi", "2024-02-27", "day", "event"),
    ("fr", "Des terroristes ont attaqué le marché hier.", TUE, False, "hier", "2024-03-04", "day", "event"),
    ("fr", "Le convoi a été pris pour cible avant-hier.", TUE, False, "avant-hier", "2024-03-03", "day", "event"),
    ("fr", "Il y a trois jours, des hommes armés ont tué deux bergers.", TUE, False, "trois jours", "2024-03-02", "day", "event"),
    ("fr", "Le village a été attaqué dans la nuit du 22 au 23 janvier.", TUE, False, "22", "2024-01-22", "day", "event"),
    ("fr", "Toumour a été attaquée dans la nuit du samedi 12 au dimanche 13 décembre.", "2020-12-17", False, "samedi", "2020-12-12", "day", "event"),
    ("fr", "La semaine dernière, trois soldats ont été tués.", TUE, False, "semaine", "2024-02-29", "week", "event"),
    ("fr", "Plus tôt ce mois, l'armée a repris la ville.", TUE, False, "mois", "2024-03", "month", "event"),
    ("fr", "Le mois dernier, un convoi a sauté sur une mine.", TUE, False, "mois", "2024-02", "month", "event"),
    ("fr", "Des combats ont éclaté ce week-end près de Léré.", "2024-03-11", False, "week-end", "2024-03-09", "day", "event"),
    ("fr", "Les rebelles ont pris la ville le week-end dernier.", "2024-03-10", False, "week-end", "2024-03-02", "day", "event"),
    ("fr", "Le village d'Ogossagou a été attaqué samedi 26 mars.", "2019-03-26", False, "samedi", "2019-03-23", "day", "event"),
    ("fr", "Crée le 03.01.2023 à 18h50 | Mis à jour le 03.01.2023 à 18h55", "2023-01-03", False, "03.01", "2023-01-03", "day", "stamp"),
    # --- captions and stamps: a credit ends the caption line; a stamp word inside a paragraph is no stamp
    ("en", "The president addresses supporters at a rally on 20 November 2020 in Ouagadougou. AFP PHOTO: John Doe/AFP", TUE, False, "20 November", "2020-11-20", "day", "stamp"),
    ("en", "A file picture taken on July 16, 2012 shows fighters in Gao.", TUE, False, "July 16", "2012-07-16", "day", "stamp"),
    ("en", "He announced his abduction in a video posted on social networks on 5 May 2021, two weeks after he disappeared near the river.", TUE, False, "5 May", "2021-05-05", "day", "statement"),
    ("en", "Gunmen opened fire on worshippers in the village church, and although no one has taken credit for Sunday's shooting, officials blamed jihadists.", TUE, False, "Sunday", "2024-03-03", "day", "event"),
    ("en", "Fighters destroyed 40 tankers on Sunday, a source close to the group said. File photo.", TUE, False, "Sunday", "2024-03-03", "day", "event"),
    ("fr", "Le ministre accueille jeudi 29 février 2024 à Alger le chef rebelle. Photo : AFP/VNA |", TUE, False, "29 février", "2024-02-29", "day", "stamp"),
    ("fr", "Crédit photo : le camp de Boni le 3 mars 2024", TUE, False, "3 mars", "2024-03-03", "day", "stamp"),
    ("fr", "Lutte contre le terrorisme : l'armée annonce une vaste opération contre des réseaux terroristes Publié le samedi 2 mars 2024", TUE, False, "2 mars", "2024-03-02", "day", "stamp"),
    ("fr", "Les jihadistes ont revendiqué l'attaque dans une longue vidéo, publiée sur les réseaux sociaux le 3 mars, où apparaissent les otages.", TUE, False, "3 mars", "2024-03-03", "day", "event"),
    # --- a quote's "this morning" with no day for its statement: the story's news day ------------
    ("en", "The last French troops left Mali on Monday.\n\n\u201cThe base was handed over to the army this morning,\u201d the army said in a statement.", TUE, False, "this morning", "2024-03-04", "day", "event"),
    ("en", "The last French troops left Mali on Monday.\n\n\u201cWe crossed the border. The base was handed over this morning,\u201d the army said.", TUE, False, "this morning", "2024-03-04", "day", "event"),
    ("fr", "Les derniers soldats français ont quitté le Mali lundi.\n\n« La base a été remise à l'armée ce matin », a indiqué l'état-major.", TUE, False, "ce matin", "2024-03-04", "day", "event"),
    # a quoted "yesterday" keeps the paper's day; a later day told after the news day leaves the quote's day unknown
    ("en", "A body was found late Monday.\n\n\u201cHe was kidnapped the day before yesterday,\u201d a spokesman said.", TUE, False, "yesterday", "2024-03-03", "day", "event"),
    ("en", "The convoy reached Tera on Sunday and protesters blocked it on Monday.\n\n\u201cThis morning they stopped the trucks,\u201d he said.", TUE, False, "This morning", "2024-03-05", "day", "event"),
    ("en", "Gunmen attacked the post this morning, the mayor said.", TUE, False, "this morning", "2024-03-05", "day", "event"),
    # --- days counted on from the day just told ---------------------------------------------------
    ("fr", "Cinq gardes ont été tués le 2 mars à Bourkou. Quatre jours plus tard, un convoi est tombé dans une embuscade.", "2024-03-10", False, "Quatre jours", "2024-03-06", "day", "event"),
    ("fr", "Le camp a été attaqué le 1er mars. Le surlendemain, des renforts ont été pris pour cible.", TUE, False, "surlendemain", "2024-03-03", "day", "event"),
    ("en", "Gunmen attacked the post on 1 March. Three days later, a convoy hit a mine near Djibo.", TUE, False, "Three days later", "2024-03-04", "day", "event"),
    ("en", "Militants raided Boni on 26 February. A week later, they returned.", TUE, False, "A week later", "2024-03-04", "day", "event"),
    # --- an incident named after "came a day after": the eve of the day just told ---------------
    ("en", "Rockets hit the camp on Sunday. The assault came a day after an attack on a bar in Bamako.", TUE, False, "came a day after", "2024-03-02", "day", "event"),
    ("en", "Gunmen struck Boni on 3 March. It came two days after an ambush near Hombori.", TUE, False, "came two days after", "2024-03-01", "day", "event"),
    ("en", "The attack came a day after an assault on a camp in Bamba.", TUE, False, "came a day after", None, None, "event"),
    ("fr", "Des roquettes ont visé le camp dimanche. L'assaut intervient un jour après une attaque à Bamako.", TUE, False, "intervient un jour", "2024-03-02", "day", "event"),
    ("fr", "L'attaque survient deux jours après une embuscade près de Hombori, le 3 mars.", TUE, False, "survient deux jours", None, None, "event"),
    # --- French: statement days ------------------------------------------------------------
    ("fr", "L'armée a annoncé dimanche que le poste avait été attaqué.", TUE, False, "dimanche", "2024-03-03", "day", "statement"),
    ("fr", "Cinq civils ont été tués, a déclaré lundi un élu local.", TUE, False, "lundi", "2024-03-04", "day", "statement"),
    ("fr", "Selon un bulletin de l'armée diffusé lundi, le camp a été visé.", TUE, False, "lundi", "2024-03-04", "day", "statement"),
    ("fr", "Dans un communiqué en date du 17 décembre, la commission a publié un bilan.", "2020-12-20", False, "17", "2020-12-17", "day", "statement"),
    # a day before an inverted reporting clause ("…lundi, a indiqué un responsable") is the act's, as in English
    ("fr", "Un engin explosif a frappé un minibus à Tindirma-Sud lundi, a indiqué un responsable local.", TUE, False, "lundi", "2024-03-04", "day", "event"),
    ("fr", "Les assaillants ont incendié le marché samedi, ont déclaré des habitants.", TUE, False, "samedi", "2024-03-02", "day", "event"),
    ("fr", "Le poste de Kouloubané a été attaqué, l'armée lundi a annoncé un bilan.", TUE, False, "lundi", "2024-03-04", "day", "statement"),
    # --- French: without a year or a day ---------------------------------------------------
    ("fr", "Des soldats sont morts mercredi 1er septembre. L'été 2021 a été meurtrier.", None, False, "septembre", "2021-09-01", "day", "event"),
    ("fr", "Des soldats se sont mutinés dimanche dans plusieurs casernes.", "2022-01-31", True, "dimanche", "2022-01", "month", "event"),
    ("fr", "Le 28 octobre, des hommes armés ont attaqué le village.", "2024-10-31", True, "28", "2024-10-28", "day", "event"),
]


def test_a_weekday_custom_is_no_date(extractors: dict[str, Extractor]) -> None:
    doc = parse(extractors["en"], "en", "Five worshippers were killed during Sunday services in Toulfe.", TUE, None)
    assert [s.text for s in doc.spans[DATES]] == []


@pytest.mark.parametrize(("lang", "text", "published", "by_month", "pick", "value", "precision", "role"), PHRASES)
def test_date_phrase(
    extractors: dict[str, Extractor], lang: str, text: str, published: str | None, by_month: bool, pick: str,
    value: str | None, precision: str | None, role: str,
) -> None:
    doc = parse(extractors[lang], lang, text, published, "month" if by_month else None)
    spans = [s for s in doc.spans[DATES] if pick.lower() in s.text.lower()]
    assert spans, f"no date span holds {pick!r}: {[s.text for s in doc.spans[DATES]]}"
    hit: DateHit = payload(spans[0], DATES)
    assert (hit.value, hit.precision, hit.role) == (value, precision, role)


# (language, article, published, month-only?, the incident's expected date and precision)
INCIDENTS = [
    # the statement day is not the incident's ("the army said on Saturday" / "on Thursday night")
    ("en", "Gunmen attacked an army post in Boulkessi on Thursday night, killing 12 soldiers, the army said on Saturday.",
     TUE, False, "2024-02-29", "day"),
    # no incident day at all: the day it was reported, as ACLED codes it
    ("en", "At least 15 soldiers were killed when their vehicles hit landmines near Namsiguia, the army said in a "
     "statement issued late Tuesday.", "2024-03-06", False, "2024-03-05", "day"),
    ("en", "Togo's army on Saturday said several people were killed when gunmen attacked villages in Kpendjal. The "
     "government had already reported the attack between Thursday night and Friday.", "2024-03-10", False, "2024-03-07", "day"),
    ("en", "Suspected jihadists killed 27 people overnight in an attack on Toumour.", TUE, False, "2024-03-04", "day"),
    # a page stamp and a caption date nothing
    ("en", "Soldiers patrol a market. / Photo: Reuters\nMarch 5, 2024\n\nGunmen killed 12 people in Seytenga, the "
     "ministry said on Sunday.", TUE, False, "2024-03-03", "day"),
    ("fr", "L'armée a annoncé dimanche que des terroristes ont attaqué le poste de Boni dans la nuit de vendredi à "
     "samedi, tuant huit soldats.", TUE, False, "2024-03-01", "day"),
    ("fr", "Des hommes armés ont tué cinq civils à Djibo, a déclaré lundi un responsable local.", TUE, False, "2024-03-04", "day"),
    # "that day" with no day told before it says nothing: the publication week, not null
    ("en", "Gunmen opened fire on a canoe near Konna, injuring one, after the arrest of four suspects that day.",
     TUE, False, "2024-03-02", "week"),
    # a bare weekday after a full date written with that weekday is that date, not the last such weekday
    ("en", "Protests over the election turned violent on Friday, March 1. Police fired live rounds at protesters in Bamako "
     "on Friday, killing 11.", "2024-03-11", False, "2024-03-01", "day"),
    ("fr", "Des manifestations ont éclaté le vendredi 1er mars. Vendredi, la police a tiré à balles réelles sur les "
     "manifestants à Bamako, tuant 11 personnes.", "2024-03-11", False, "2024-03-01", "day"),
    # a historical day the incident's own sentence says it was announced on dates it, not the article's news day
    ("en", "The journalist announced his abduction in a video posted on social networks on 5 May 2021, saying he had been "
     "kidnapped in Gao by jihadists. Two hostages were freed in Niamey on Monday.", "2024-03-05", False, "2021-05-05", "day"),
    ("fr", "Le journaliste avait annoncé son enlèvement dans une vidéo diffusée le 5 mai 2021, affirmant avoir été "
     "enlevé à Gao par des jihadistes. Deux otages ont été libérés lundi à Niamey.", "2024-03-05", False, "2021-05-05", "day"),
    # a past month of a later sentence yields to the recent day told just before the incident's lead
    ("en", "Islamists drove the rebels from Menaka on Monday, a security source said.\n\nFighters of the group took "
     "control of the camp in Menaka after a small clash. Their alliance with the rebels fell apart in June.",
     "2024-11-19", False, "2024-11-18", "day"),
    # "came a day after": the incident named next is the eve of the day told before
    ("en", "Rockets hit the UN camp in Kidal on Sunday, killing three. The assault came a day after an attack on a "
     "restaurant in Bamako in which five people were killed.", TUE, False, "2024-03-03", "day"),
    # an undated lead goes on with the month and year its paragraph's sentence before opened with, not with a
    # date of a later sentence the incident took in
    ("en", "The French army left Mali in 2022.\n\nIn August 2020, what little order remained in Bamako collapsed. Racked by "
     "protests in the capital, army units overthrew the president. Less than a year later, rifts among the coup leaders "
     "brought another coup.\n\nRussia has moved closer to the junta since.\n\nSuch a plan first required the expulsion of "
     "the UN mission, which Bamako requested in June 2023, days before Wagner's mutiny.", "2024-09-10", False, "2020-08", "month"),
    ("fr", "L'armée française a quitté le Mali en 2022.\n\nEn août 2020, le peu d'ordre qui restait à Bamako s'est effondré. "
     "Secouées par des manifestations dans la capitale, des unités de l'armée ont renversé le président. Moins d'un an plus "
     "tard, des divisions entre les putschistes ont amené un autre coup d'État.\n\nLa Russie s'est rapprochée de la junte "
     "depuis.\n\nCe plan exigeait d'abord le départ de la mission de l'ONU, que Bamako a demandé en juin 2023, quelques "
     "jours avant la mutinerie de Wagner.", "2024-09-10", False, "2020-08", "month"),
    # trap: the lead's own day is its date
    ("en", "In August 2020, what little order remained in Bamako collapsed. Racked by protests in the capital, army units "
     "overthrew the president on 18 August 2020. Less than a year later, rifts among the coup leaders brought another "
     "coup.\n\nRussia has moved closer to the junta since.\n\nSuch a plan first required the expulsion of the UN mission, "
     "which Bamako requested in June 2023, days before Wagner's mutiny.", "2024-09-10", False, "2020-08-18", "day"),
    # a month-only publication marker: "dimanche" is all of that month
    ("fr", "Des hommes armés ont tué cinq civils dimanche à Djibo.", "2024-10-31", True, "2024-10", "month"),
]


@pytest.mark.parametrize(("lang", "text", "published", "by_month", "value", "precision"), INCIDENTS)
def test_incident_date(
    extractors: dict[str, Extractor], lang: str, text: str, published: str, by_month: bool, value: str, precision: str
) -> None:
    article = Article(
        id="t", text=text, published=dt.date.fromisoformat(published), lang=lang,
        published_precision="month" if by_month else "day",
    )
    events = extractors[lang].extract(article)
    assert events, text
    assert (events[0].event_date, events[0].date_precision) == (value, precision)


@pytest.mark.parametrize(
    ("lang", "text", "published", "expected"),
    [
        # no publication date: the dateline's full date is the publication day
        ("en", "NIAMEY, March 21, 2025 (Reuters) - Gunmen attacked an army post in Banibangou on Tuesday, killing "
         "12 soldiers, the defence ministry said.", None, ("2025-03-21", "2025-03-18")),
        ("en", "Ouagadougou [Burkina Faso], May 4 2024 (ANI/Xinhua): Gunmen killed five people in Djibo on Thursday, "
         "local sources said.", None, ("2024-05-04", "2024-05-02")),
        # a month-only marker: the dateline gives the day of that month
        ("en", "NIAMEY, March 21 (Reuters) - Gunmen attacked an army post in Banibangou on Tuesday, killing 12 "
         "soldiers, the defence ministry said.", "2025-03", ("2025-03-21", "2025-03-18")),
        # a dated article keeps its own date
        ("en", "NIAMEY, March 21 (Reuters) - Gunmen attacked an army post in Banibangou on Tuesday, killing 12 "
         "soldiers, the defence ministry said.", "2025-03-22", ("2025-03-22", "2025-03-18")),
    ],
)
def test_dateline_dates_an_undated_article(
    extractors: dict[str, Extractor], lang: str, text: str, published: str | None, expected: tuple[str, str]
) -> None:
    marked = f"date {published}\n{text}" if published else text
    article = build_article(marked, where="x", defaults=ArticleMeta(id="x", lang=lang), options=ReadOptions())
    result = extractors[lang].process(article)
    assert result.events, text
    assert (result.events[0].published, result.events[0].event_date) == expected


def test_month_publication_is_written_as_a_month(extractors: dict[str, Extractor]) -> None:
    article = Article(text="Des hommes armés ont tué cinq civils dimanche à Djibo.", lang="fr",
                      published=dt.date(2024, 10, 31), published_precision="month")
    assert [e.published for e in extractors["fr"].extract(article)] == ["2024-10"]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.example.com/2021/04/15/eight-volunteers-die/", (dt.date(2021, 4, 15), "day")),
        ("http://example.org/world-news/20191014/armed-men-attack-mosque", (dt.date(2019, 10, 14), "day")),
        ("https://example.tv/04-Jan-2025/deadly-attack-claims-lives", (dt.date(2025, 1, 4), "day")),
        ("http://example.com.lb/News/International/2014/May-17/256806-unrest.ashx", (dt.date(2014, 5, 17), "day")),
        ("https://example.com/news/2023-09-16-fuel-tankers-burnt/", (dt.date(2023, 9, 16), "day")),
        ("http://example.blogspot.com/2024/06/rebels-sabotage-pipeline.html", (dt.date(2024, 6, 30), "month")),
        ("https://example.com/article/12780602", None),
        ("https://example.com/2024/13/45/not-a-date", None),
    ],
)
def test_url_date(url: str, expected: tuple[dt.date, str] | None) -> None:
    assert url_date(url) == expected


@pytest.mark.parametrize(
    ("text", "meta", "published", "precision", "origin"),
    [
        ("date 2024-07\nGunmen attacked.", ArticleMeta(), dt.date(2024, 7, 31), "month", "marker"),
        ("date 2024-07-12\nGunmen attacked.", ArticleMeta(), dt.date(2024, 7, 12), "day", "marker"),
        ("---\ndate: '2024-04'\n---\nBody.", ArticleMeta(), dt.date(2024, 4, 30), "month", "front_matter"),
        ("---\nurl: https://example.com/2021/04/15/x/\n---\nBody.", ArticleMeta(), dt.date(2021, 4, 15), "day", "url"),
        ("Body.", ArticleMeta(url="https://example.com/2021/04/15/x/"), dt.date(2021, 4, 15), "day", "url"),
        ("date 2024-07-12\nBody.", ArticleMeta(url="https://example.com/2021/04/15/x/"), dt.date(2024, 7, 12), "day", "marker"),
        ("Body.", ArticleMeta(), dt.date(2020, 1, 1), "day", "option"),
    ],
)
def test_publication_origin(text: str, meta: ArticleMeta, published: dt.date, precision: str, origin: str) -> None:
    article = build_article(text, where="x", defaults=ArticleMeta(id="x"), options=ReadOptions(published=dt.date(2020, 1, 1)),
                            explicit=meta)
    assert (article.published, article.published_precision, article.published_from) == (published, precision, origin)


def test_cue_files_load_for_every_language() -> None:
    data = Path(__file__).resolve().parent.parent / "gazetteer"
    for lang in ("en", "fr"):
        cues = load_cues(str(data), lang)
        assert "said" in cues.statement_before and "a annoncé" in cues.statement_before


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("fr", "Trente soldats tués dans une embuscade près de Kouloubané\n\n"
               "Trente soldats ont été tués dimanche dans une embuscade près de Kouloubané, a annoncé lundi le "
               "ministère.\n\n« Une unité a été prise à partie par des centaines d'assaillants à moto », indique le "
               "communiqué.\n\nSelon le ministère, « une vingtaine de terroristes ont été neutralisés » lors de la "
               "riposte. Un deuil national de trois jours a été décrété. Cette attaque est l'une des plus meurtrières depuis l'arrivée au pouvoir des militaires en "
               "juillet 2023."),
        ("en", "Thirty soldiers killed in ambush near Kouloubané\n\n"
               "Thirty soldiers were killed in an ambush near Kouloubané on Sunday, the ministry said on Monday.\n\n"
               "\"A unit was attacked by hundreds of assailants on motorbikes,\" the statement said.\n\nAccording to "
               "the ministry, \"some twenty terrorists were neutralised\" in the riposte. Three days of national mourning were declared. The attack is one of the "
               "deadliest since the military's seizure of power in July 2023."),
    ],
)
def test_the_event_a_period_began_with_dates_no_incident(extractors: dict[str, Extractor], lang: str, text: str) -> None:
    # "since the military took power in July 2023": the start of a period, background; the sentence
    # retells the ambush and its riposte's dead are the ambush's
    events = extractors[lang].extract(Article(id="t", text=text, published=dt.date(2024, 3, 5), lang=lang))
    assert [(e.event_date, e.fatalities) for e in events] == [("2024-03-03", 50)]


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        # an earlier month told after the news is background; the news day's incident is not
        ("en", "Nine villagers killed in Kouloubané\n\nGunmen killed nine villagers in Kouloubané on Sunday, "
               "residents said. Local officials said the village had been calm for weeks. The government did not "
               "comment. Humanitarian groups said families were leaving the area. Last month, 14 soldiers were "
               "killed in an ambush near Tindirma.",
         [("Kouloubané", False), ("Tindirma", True)]),
        ("fr", "Neuf villageois tués à Kouloubané\n\nDes hommes armés ont tué neuf villageois dimanche à "
               "Kouloubané, selon des habitants. Le village était calme depuis des semaines, selon des élus. Le "
               "gouvernement n'a pas commenté. Des familles quittent la zone, selon des humanitaires. Le mois "
               "dernier, 14 soldats avaient été tués dans une embuscade près de Tindirma.",
         [("Kouloubané", False), ("Tindirma", True)]),
        # a sentence opening on an earlier month after a situation sentence keeps its month (not the news day)
        ("en", "Gunmen kill 11 gold miners in Kouloubané\n\nGunmen killed 11 gold miners near the village of "
               "Kouloubané in the Tillaberi region on Sunday, a local official said. The attackers also stole "
               "motorbikes. Two other miners were taken to hospital in Tera. The Tillaberi region has been the "
               "scene of frequent attacks by jihadist groups. In October, at least 44 worshippers were killed in "
               "an attack on a mosque in the village of Fambita.",
         [("Kouloubané", False), ("Fambita", True)]),
        ("fr", "Onze orpailleurs tués à Kouloubané\n\nDes hommes armés ont tué dimanche onze orpailleurs près du "
               "village de Kouloubané, dans la région de Tillabéri, selon un élu local. Les assaillants ont aussi "
               "emporté des motos. Deux autres orpailleurs ont été évacués vers Téra. La région de Tillabéri est "
               "le théâtre d'attaques fréquentes de groupes jihadistes. En octobre, au moins 44 fidèles avaient été "
               "tués dans l'attaque d'une mosquée du village de Fambita.",
         [("Kouloubané", False), ("Fambita", True)]),
        # trap: a story whose own news is told by its month (the lead) is not background
        ("en", "Nine villagers killed in Kouloubané\n\nIn late February, gunmen killed nine villagers in "
               "Kouloubané, residents said on Tuesday. Local officials said the village had been calm for weeks. "
               "The government did not comment. Humanitarian groups said families were leaving the area. Aid "
               "convoys have not reached the village since.",
         [("Kouloubané", False)]),
    ],
)
def test_an_earlier_month_told_as_background_is_historical(
    extractors: dict[str, Extractor], lang: str, text: str, expected: list[tuple[str, bool]]
) -> None:
    events = extractors[lang].extract(Article(id="t", text=text, published=dt.date(2024, 3, 5), lang=lang))
    assert [(e.location.name if e.location else None, "historical" in e.flags) for e in events] == expected

"""Incident assembly on news-length stories: lists of places told after the lead, shared tolls,
a lead that names no village, and gatherings of victims. Every passage is written for this test."""

from __future__ import annotations

import datetime as dt

import pytest

from sahel_extract import Article, Event, Extractor

FILLER_EN = (
    "The region has been hit by repeated violence for several years. "
    "Humanitarian groups say the needs of displaced families keep growing. "
    "The government did not comment."
)
FILLER_FR = (
    "La région est frappée par des violences répétées depuis plusieurs années. "
    "Les organisations humanitaires disent que les besoins des familles déplacées augmentent. "
    "Le gouvernement n'a pas commenté."
)


def run(extractor: Extractor, text: str, lang: str) -> list[Event]:
    return extractor.extract(Article(id="t", text=text, published=dt.date(2024, 3, 6), lang=lang))


def placed(events: list[Event]) -> list[tuple[str | None, int | None]]:
    return [(e.location.name if e.location else None, e.fatalities) for e in events if "historical" not in e.flags]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # the lead tells the attack, a later sentence lists where: one event per place, the shared
        # toll on none of them
        (
            "Militants attacked several army posts in northern Burkina Faso on Sunday, killing at least 25 soldiers, "
            "security sources said. The coordinated assaults targeted positions in Djibo, Arbinda and Gorom-Gorom, "
            "an officer said. " + FILLER_EN,
            "en",
            [("Djibo", None), ("Arbinda", None), ("Gorom-Gorom", None)],
        ),
        (
            "Des hommes armés ont attaqué dimanche plusieurs postes de l'armée dans le nord du Burkina Faso, tuant au "
            "moins 25 soldats, selon des sources sécuritaires. Les assauts ont visé des positions à Djibo, Arbinda et "
            "Gorom-Gorom, a précisé un officier. " + FILLER_FR,
            "fr",
            [("Djibo", None), ("Arbinda", None), ("Gorom-Gorom", None)],
        ),
        # a place of the list with a figure of its own keeps it
        (
            "Gunmen attacked Djibo, Arbinda and Gorom-Gorom on Sunday, killing at least 20 people, local sources said. "
            "In Arbinda alone, nine people were killed, a local official said. " + FILLER_EN,
            "en",
            [("Djibo", None), ("Arbinda", 9), ("Gorom-Gorom", None)],
        ),
        (
            "Des hommes armés ont attaqué dimanche Djibo, Arbinda et Gorom-Gorom, faisant une vingtaine de morts. "
            "À Arbinda, neuf personnes ont été tuées, selon un élu local. " + FILLER_FR,
            "fr",
            [("Djibo", None), ("Arbinda", 9), ("Gorom-Gorom", None)],
        ),
    ],
)
def test_lists_told_after_the_lead(extractor: Extractor, text: str, lang: str, expected: list[tuple[str, int | None]]) -> None:
    assert placed(run(extractor, text, lang)) == expected


@pytest.mark.parametrize(
    ("text", "lang", "not_targets"),
    [
        # a list that recalls earlier incidents is no list of this one's targets
        (
            "Dozo hunters arrested a dozen men in Djibo on Sunday, residents said. "
            "Following the abductions reported in Arbinda, Gorom-Gorom and Titao last month, the hunters set up "
            "checkpoints around the town. " + FILLER_EN,
            "en",
            {"Gorom-Gorom", "Titao"},
        ),
        (
            "Des chasseurs dozos ont arrêté dimanche une dizaine d'hommes à Djibo, selon des habitants. "
            "Suite aux enlèvements signalés à Arbinda, Gorom-Gorom et Titao le mois dernier, les chasseurs ont "
            "installé des barrages autour de la ville. " + FILLER_FR,
            "fr",
            {"Gorom-Gorom", "Titao"},
        ),
        # examples of a wider unrest are no targets
        (
            "Protesters marched in Bamako on Monday against the cost of living, witnesses said. "
            "Demonstrations have been reported across the country, notably in Sikasso, Kayes and Mopti. " + FILLER_EN,
            "en",
            {"Kayes", "Mopti"},
        ),
        (
            "Des manifestants ont marché lundi à Bamako contre la vie chère, selon des témoins. "
            "Des rassemblements ont été signalés dans tout le pays, notamment à Sikasso, Kayes et Mopti. " + FILLER_FR,
            "fr",
            {"Kayes", "Mopti"},
        ),
    ],
)
def test_recalled_or_example_lists_make_no_events(extractor: Extractor, text: str, lang: str, not_targets: set[str]) -> None:
    named = {name for name, _ in placed(run(extractor, text, lang))}
    assert not named & not_targets


@pytest.mark.parametrize(
    ("text", "lang", "place", "event_type"),
    [
        # the lead names only the country; the village comes four sentences later
        (
            "Burkina Faso's army said on Tuesday that at least 12 civilians were killed in an air strike against "
            "jihadists on Sunday. The strike targeted a gathering of fighters, the army said. "
            "It said the civilians had been caught in the blast. Rights groups called for an inquiry. "
            "Residents said the strike hit a market near Titao. " + FILLER_EN,
            "en",
            "Titao",
            "Explosions/Remote violence",
        ),
        # where the wounded were taken or people fled is no second incident
        (
            "Gunmen killed four soldiers in an attack on an army post in Arbinda on Sunday, security sources said. "
            "Several soldiers were wounded and evacuated to the capital Ouagadougou, a source told AFP. "
            "Dozens of families have fled towards Djibo and Kaya, a humanitarian worker said. " + FILLER_EN,
            "en",
            "Arbinda",
            "Battles",
        ),
        (
            "Des hommes armés ont tué dimanche quatre soldats lors d'une attaque contre un poste de l'armée à Arbinda, "
            "selon des sources sécuritaires. Plusieurs blessés ont été évacués vers Ouagadougou, a indiqué une source. "
            "Des dizaines de familles se sont réfugiées à Djibo et Kaya. " + FILLER_FR,
            "fr",
            "Arbinda",
            "Battles",
        ),
        # victims who had gathered for a ceremony make no protest
        (
            "Gunmen killed at least 15 people in an attack on a village near Djibo on Sunday, residents said. "
            "The villagers had gathered for a wedding when the attackers arrived on motorbikes. " + FILLER_EN,
            "en",
            "Djibo",
            "Violence against civilians",
        ),
    ],
)
def test_one_incident_from_lead_to_details(extractor: Extractor, text: str, lang: str, place: str, event_type: str) -> None:
    events = [e for e in run(extractor, text, lang) if "historical" not in e.flags]
    assert [(e.location.name if e.location else None, e.event_type) for e in events] == [(place, event_type)]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # "this week" in the lead holds the "Monday" of the details: one incident
        (
            "Five volunteers fighting with the army in Burkina Faso were killed in an attack this week, security "
            "officials said. \"A forward position was targeted by armed terrorist groups,\" one official said. "
            "\"Five people were killed,\" he said of Monday's attack near Titao, close to the Mali border. "
            + FILLER_EN,
            "en",
            ["Titao"],
        ),
        # "near the border with Togo and Ghana" does not set the incident in Togo or Ghana
        (
            "Cinq volontaires ont été tués cette semaine dans une attaque dans l'est du Burkina Faso, ont indiqué des "
            "responsables sécuritaires. « Cinq personnes ont été tuées », a déclaré l'un d'eux à propos de l'attaque "
            "de lundi près de Pama, non loin de la frontière avec le Togo et le Bénin. " + FILLER_FR,
            "fr",
            ["Pama"],
        ),
        # "another attack", "on the same day": incidents the story sets apart from its lead
        (
            "At least ten gendarmes were killed on Thursday night in an attack on their post in northern Burkina Faso, "
            "a security source said. A counter-offensive was launched at once, the source said. "
            "On Thursday, four gendarmes were killed in another attack on a checkpoint in Titao. "
            "On the same day, a soldier was killed in an attack on a convoy near Arbinda. " + FILLER_EN,
            "en",
            ["Sahel", "Titao", "Arbinda"],
        ),
        # regions named as the scene of a campaign are no list of targets
        (
            "Gunmen killed 12 villagers in Tera on Sunday, residents said. Last month fighters launched an offensive "
            "across the Tillaberi and Dosso regions, killing more than 100 civilians. " + FILLER_EN,
            "en",
            ["Tera"],
        ),
    ],
)
def test_what_sets_incidents_together_or_apart(
    extractor: Extractor, text: str, lang: str, expected: list[str | None]
) -> None:
    events = [e for e in run(extractor, text, lang) if "historical" not in e.flags and "aggregate" not in e.flags]
    assert [e.location.name if e.location else None for e in events] == expected



def told(events: list[Event]) -> list[tuple[str | None, str | None, int | None]]:
    """Place, date and toll of the events that are the article's news (not background)."""
    return [
        (e.location.name if e.location else None, e.event_date, e.fatalities)
        for e in events if not {"historical", "aggregate"} & set(e.flags)
    ]


@pytest.mark.parametrize(
    ("text", "lang", "published", "expected"),
    [
        # a toll given again days later ("bringing the death toll to 28") retells the ambush
        (
            "Gunmen ambushed an army patrol near Tongo Tongo on Monday, killing 17 soldiers, security sources said. "
            "Eleven other soldiers were reported missing. " + FILLER_EN + " "
            "On Wednesday, a source said the bodies of the missing soldiers had been found, bringing the death toll "
            "to 28.",
            "en",
            dt.date(2024, 3, 7),
            [("Tongo Tongo", "2024-03-04", 28)],
        ),
        # "le bilan s'est alourdi" on a statement day, "un précédent bilan": no incident of their own
        (
            "Des hommes armés ont attaqué samedi le village d'Ogossagou, dans le centre du Mali, tuant des dizaines "
            "de civils. " + FILLER_FR + " Mardi, le bilan s'est encore alourdi et fait état de 45 morts. "
            "Un précédent bilan, annoncé dimanche par la télévision publique, faisait état de 30 morts.",
            "fr",
            dt.date(2024, 3, 6),
            [("Ogossagou", "2024-03-02", 45)],
        ),
        # a claim made the next day points back at the attack ("The attack was claimed on Friday")
        (
            "Gunmen killed 14 villagers in Dargol on Thursday, officials said. " + FILLER_EN + " "
            "The attack was claimed on Friday by the Islamic State Sahel Province in a statement.",
            "en",
            dt.date(2024, 3, 9),
            [("Dargol", "2024-03-07", 14)],
        ),
        (
            "Quatorze villageois ont été tués jeudi à Dargol par des hommes armés, selon les autorités. " + FILLER_FR + " "
            "L'attaque a été revendiquée vendredi soir par l'État islamique au Sahel.",
            "fr",
            dt.date(2024, 3, 9),
            [("Dargol", "2024-03-07", 14)],
        ),
        # a lead in the present perfect that tells its day is news, not a situation: it retells the
        # attack the details place
        (
            "NIAMEY, Niger – Boko Haram has carried out deadly attacks Friday in Niger, even as the armies of the "
            "region mobilise. The toll was heavy: four soldiers and a civilian were killed, the minister said. "
            "According to the minister, the group attacked the town of Bosso, where the fighting lasted hours.",
            "en",
            dt.date(2024, 3, 9),
            [("Bosso", "2024-03-08", 5)],
        ),
    ],
)
def test_an_incident_told_again_is_one_event(
    extractor: Extractor, text: str, lang: str, published: dt.date, expected: list[tuple[str, str, int | None]]
) -> None:
    events = extractor.extract(Article(id="t", text=text, published=published, lang=lang))
    assert told(events) == expected


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # a caption closed by its photo credit is no story text, and the dateline after it is still one
        (
            "Unrest threatens the prime minister's tour\n\n"
            "The prime minister speaks at a forum in Abuja on May 8, 2024. AFP PHOTO/JOHN DOE\n\n"
            "TIMBUKTU, Mali: The Malian army exchanged gunfire with separatist rebels on Saturday, officials said.\n\n"
            "The clash broke out near the governor's office in Kidal, a UN official said.",
            "en",
            ["Kidal"],
        ),
        # a caption closed by a bracketed credit
        (
            "Protesters block a French convoy\n\n"
            "The convoy is heading to Gao, a hub of the French operation [File: John Doe/Reuters]\n\n"
            "Two protesters were killed on Saturday when the convoy was blocked in Tera, officials said.",
            "en",
            ["Tera"],
        ),
        # a wire photo's caption closes on its town, country and date with no preposition, glued to the lead
        (
            "Burned cars sit in front of the offices of the ruling party, damaged during riots in Tahoua, Niger, "
            "2 March 2024. Soldiers detained the governor in Tahoua on Tuesday, officials said.\n\n"
            "The governor was taken to an army camp outside the town, a resident said.",
            "en",
            ["Tahoua"],
        ),
        (
            "Des voitures brûlées devant le siège du parti au pouvoir, saccagé lors d'émeutes à Tahoua, Niger, "
            "2 mars 2024. Des soldats ont arrêté le gouverneur mardi à Tahoua, selon des responsables.\n\n"
            "Le gouverneur a été conduit dans un camp de l'armée hors de la ville, selon un habitant.",
            "fr",
            ["Tahoua"],
        ),
        # trap: prose that tells the day with "on" is the story's own sentence
        (
            "Rioters burned the offices of the ruling party in Tahoua, Niger, on 2 March 2024, officials said.\n\n"
            "The governor called for calm, a resident said.",
            "en",
            ["Tahoua"],
        ),
        # "New Delhi, July 19:": a city and a date closed by a colon is a dateline
        (
            "New Delhi, March 8: Two Indian workers were shot dead by gunmen in Niger's Dosso region, the embassy "
            "said.\n\nThe workers were employed at a construction site in Dosso. The attack took place on March 5.",
            "en",
            ["Dosso"],
        ),
    ],
)
def test_captions_and_datelines_tell_no_incident(extractor: Extractor, text: str, lang: str, expected: list[str]) -> None:
    events = extractor.extract(Article(id="t", text=text, published=dt.date(2024, 3, 9), lang=lang))
    assert [name for name, _date, _killed in told(events)] == expected


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # targets named after what was hit at each ("the prison of X, the post of Y and a patrol in Z")
        (
            "Nine members of the security forces were killed on Thursday in three simultaneous attacks in western "
            "Niger, the government said. The assailants attacked the prison of Ouallam, the security post of the "
            "refugee camp of Mangaize, and a patrol in Banibangou, a spokesman said. " + FILLER_EN,
            "en",
            ["Ouallam", "Mangaize", "Banibangou"],
        ),
        (
            "Neuf membres des forces de sécurité ont été tués jeudi au cours de trois attaques simultanées dans "
            "l'ouest du Niger. Les assaillants ont attaqué la prison de Ouallam, le poste de sécurité du camp de "
            "réfugiés de Mangaïzé, ainsi qu'une patrouille à Banibangou, a précisé un porte-parole. " + FILLER_FR,
            "fr",
            ["Ouallam", "Mangaize", "Banibangou"],
        ),
        # people named by their office at a place are no targets of their own
        (
            "Soldiers abducted three notables in Ouahigouya on Sunday, including the chief of Solle, the deputy mayor "
            "of Ouahigouya and the imam of Banh, residents said. " + FILLER_EN,
            "en",
            ["Ouahigouya"],
        ),
        # mutinies told as "à X, ainsi qu'à Y et Z": one event per place
        (
            "Des soldats se sont mutinés dimanche dans plusieurs casernes du Burkina Faso. Des mutineries ont "
            "également eu lieu à la base aérienne de Ouagadougou, ainsi qu’à Kaya et Ouahigouya. " + FILLER_FR,
            "fr",
            ["Ouagadougou", "Kaya", "Ouahigouya"],
        ),
        # "tombés dans un guet-apens" is an ambush: its own incident, four days after another
        (
            "Cinq gardes ont été tués le 1er mars dans l'attaque de leur camp à Banibangou. Quatre jours plus tard, "
            "cinq véhicules de l'armée sont tombés dans un guet-apens près de Sanam. Six soldats ont trouvé la "
            "mort. " + FILLER_FR,
            "fr",
            ["Banibangou", "Sanam"],
        ),
    ],
)
def test_targets_and_acts_of_news_lists(extractor: Extractor, text: str, lang: str, expected: list[str]) -> None:
    assert [name for name, _date, _killed in told(run(extractor, text, lang))] == expected


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # an undated lead is the news; an attack recalled in August 2018 is background, not its date
        (
            "A convoy carrying employees of a gold mining firm fell victim to an ambush near Boungou, leaving 37 "
            "dead and 60 injured, the regional governor said. The total number of casualties is not yet known. "
            + FILLER_EN + " A convoy of the same firm was attacked in August 2018 not far from the same mine.",
            "en",
            [("Boungou", "2024-03-03", 37)],
        ),
        (
            "Un convoi transportant des employés d'une société minière est tombé dans une embuscade près de Boungou, "
            "faisant 37 morts et 60 blessés, selon le gouverneur. Le bilan exact n'est pas encore connu. "
            + FILLER_FR + " Un convoi de la même société avait été attaqué en août 2018 non loin de la même mine.",
            "fr",
            [("Boungou", "2024-03-03", 37)],
        ),
        # "hundreds have been killed": a vague count with no act, place or day starts no incident
        (
            "Gunmen killed 24 soldiers in an attack on an army base in Koutougou on Monday, the army said. "
            + FILLER_EN + " Some 150,000 people have fled the region and hundreds have been killed.",
            "en",
            [("Koutougou", "2024-03-04", 24)],
        ),
        (
            "Vingt-quatre soldats ont été tués lundi lors d'une attaque contre une base de l'armée à Koutougou. "
            + FILLER_FR + " Quelque 150 000 personnes ont fui la région et des centaines ont été tuées.",
            "fr",
            [("Koutougou", "2024-03-04", 24)],
        ),
    ],
)
def test_background_and_running_totals_stay_apart(
    extractor: Extractor, text: str, lang: str, expected: list[tuple[str, str, int | None]]
) -> None:
    assert told(run(extractor, text, lang)) == expected


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # a figure told the next day with no act of its own retells the attack
        (
            "Gunmen attacked an army post in Boulkessi on Saturday, killing four soldiers, the army said. "
            + FILLER_EN + " On Sunday, a health official said another soldier had died of his wounds in hospital.",
            "en",
            ["Boulkessi"],
        ),
        # an account of the lead told days later (bodies found, a claim) is no incident of that day
        (
            "Soldiers executed at least 20 civilians in Mamba on Monday, a rights group said. " + FILLER_EN + " "
            "Around 30 men had been arrested in the area. Their decapitated bodies were found in two mass graves on "
            "Wednesday, the group added.",
            "en",
            ["Mamba"],
        ),
        (
            "Des soldats ont exécuté lundi au moins 20 civils à Mamba, selon une organisation de défense des droits "
            "humains. " + FILLER_FR + " Mercredi, un groupe rebelle a affirmé avoir visé l'armée dans la zone.",
            "fr",
            ["Mamba"],
        ),
        # a denial of victims tells no incident
        (
            "Des hommes armés ont attaqué samedi la prison de Ouallam, selon le ministère. " + FILLER_FR + " "
            "Aucune victime n'est à déplorer parmi les détenus, a précisé une source pénitentiaire.",
            "fr",
            ["Ouallam"],
        ),
    ],
)
def test_bare_figures_and_denials_start_no_incident(extractor: Extractor, text: str, lang: str, expected: list[str]) -> None:
    assert [name for name, _date, _killed in told(run(extractor, text, lang))] == expected


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # a protest at places of its own, told in a story of a handover, is its own event per place
        (
            "French troops handed over their base in Gao to the Malian army on Monday, the army said. "
            "The announcement came shortly after activists in Gao and Bamako staged protests against the French "
            "presence. " + FILLER_EN,
            "en",
            [("Gao", "Strategic developments"), ("Gao", "Protests"), ("Bamako", "Protests")],
        ),
        (
            "Les soldats français ont remis lundi leur base de Gao à l'armée malienne, selon l'état-major. "
            "L'annonce intervient peu après que des militants à Gao et à Bamako ont manifesté pour exiger le départ "
            "des forces françaises. " + FILLER_FR,
            "fr",
            [("Gao", "Strategic developments"), ("Gao", "Protests"), ("Bamako", "Protests")],
        ),
        # "Gao and the capital, Bamako": the capital is the second place of the pair; the departure the
        # crowd demands names no party; the attack recalled at "Gao's Tessit town" is Tessit's, not Gao's
        (
            "French troops handed over their base in Gao to the Malian army on Monday, the army said. "
            "The announcement came shortly after activists in Gao and the capital, Bamako, staged protests demanding "
            "the departure of French forces. They accused the French of helping the militants who killed 42 soldiers "
            "in Gao's Tessit town on 7 February. " + FILLER_EN,
            "en",
            [("Gao", "Strategic developments"), ("Gao", "Protests"), ("Bamako", "Protests"), ("Tessit", "Battles")],
        ),
        (
            "Les soldats français ont remis lundi leur base de Gao à l'armée malienne, selon l'état-major. "
            "L'annonce intervient peu après que des militants à Gao et dans la capitale, Bamako, ont manifesté en "
            "exigeant le départ des forces françaises. " + FILLER_FR,
            "fr",
            [("Gao", "Strategic developments"), ("Gao", "Protests"), ("Bamako", "Protests")],
        ),
        # trap: a capital named with a distance is no second place of a pair
        (
            "French troops handed over their base in Gao, 1,200 km from the capital, Bamako, to the Malian army on "
            "Monday, the army said. " + FILLER_EN,
            "en",
            [("Gao", "Strategic developments")],
        ),
    ],
)
def test_a_protest_is_its_own_incident(extractor: Extractor, text: str, lang: str, expected: list[tuple[str, str]]) -> None:
    events = [e for e in run(extractor, text, lang) if not {"historical", "aggregate"} & set(e.flags)]
    assert [(e.location.name if e.location else None, e.event_type) for e in events] == expected


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # an account opening on the background ("has been beset by attacks") that goes on to the
        # incident's own day retells it
        (
            "Gunmen kidnapped an aid worker in Gao on Monday afternoon, the security ministry said. " + FILLER_EN
            + "\n\nThe desert nation has been beset by attacks from armed groups this year. A diplomatic source said "
            "Paris was aware of reports of a kidnapping on Monday.",
            "en",
            [("Gao", "2024-03-04", None)],
        ),
        # a dated teaser line does not join (and date) the undated standfirst, which retells the attack
        (
            "Gunmen kill volunteers in central Burkina Faso\n\n"
            "Deadly attack in Centre-Nord region on an auxiliary force leaves at least 12 people dead, local "
            "sources say.\n\nNew attack is the fourth in Burkina Faso since Friday.\n\nMarch 6, 2024\n\n"
            "At least 12 people, most of them volunteers, have been killed in northern Burkina Faso in a new attack, "
            "residents said.\n\nThe attack took place on Monday at Kaya, residents told AFP. " + FILLER_EN + "\n\n"
            "Nine civilians were killed in the north on Saturday and Sunday in attacks\n",
            "en",
            [("Kaya", "2024-03-04", 12)],
        ),
        (
            "Des hommes armés tuent des volontaires dans le centre du Burkina\n\n"
            "Une attaque meurtrière dans la région du Centre-Nord contre des supplétifs de l'armée a fait au moins "
            "12 morts, selon des sources locales.\n\nL'attaque a eu lieu lundi à Kaya, ont indiqué des habitants. "
            + FILLER_FR + "\n\nNeuf civils tués samedi et dimanche dans le nord lors d'attaques\n",
            "fr",
            [("Kaya", "2024-03-04", 12)],
        ),
    ],
)
def test_a_dated_teaser_does_not_date_the_lead(
    extractor: Extractor, text: str, lang: str, expected: list[tuple[str, str, int | None]]
) -> None:
    assert told(run(extractor, text, lang)) == expected


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        # a toll over "two separate operations" is a total of two incidents, the toll of neither
        (
            "Niger's army said it killed at least 34 militants in two separate operations last week in the Tillaberi "
            "and Dosso regions. " + FILLER_EN + " The first, on Monday near Ouallam, killed 22 militants. The second, "
            "on Wednesday near Mangaize, killed 12.",
            "en",
        ),
        (
            "Les forces nigériennes ont tué au moins 34 terroristes lors de deux opérations distinctes menées la semaine "
            "dernière dans les régions de Tillabéri et de Dosso. " + FILLER_FR + " La première, lundi près de Ouallam, "
            "a fait 22 morts parmi les assaillants. La seconde, mercredi près de Mangaïzé, en a fait 12.",
            "fr",
        ),
    ],
)
def test_a_total_of_two_operations_is_no_event_toll(extractor: Extractor, text: str, lang: str) -> None:
    assert 34 not in [killed for _name, _date, killed in told(run(extractor, text, lang))]


CAPTION_COUP_EN = (
    "Soldiers stand guard in Niamey, Niger, 27 July 2023. Mutinous soldiers claimed to have overthrown the "
    "president in a televised address on 26 July evening. EPA-EFE/JOHN DOE\n\n"
    "The guard staged the coup on Wednesday and detained the president. Its leader said soldiers seized power "
    "because of insecurity. "
)
CAPTION_COUP_FR = (
    "Des soldats montent la garde à Niamey, au Niger, le 27 juillet 2023. Des militaires ont affirmé avoir renversé "
    "le président lors d'une allocution télévisée le 26 juillet au soir. EPA-EFE/JOHN DOE\n\n"
    "La garde a mené le putsch mercredi et arrêté le président. Son chef a dit que les militaires ont pris le "
    "pouvoir à cause de l'insécurité. "
)


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # the neighbours' military governments a coup leader speaks of are no place of his coup
        (CAPTION_COUP_EN + "He also criticized the military governments in Burkina Faso and Mali over the war.", "en", ["Niamey"]),
        (CAPTION_COUP_EN + "He also criticized the junta in Mali over the war.", "en", ["Niamey"]),
        (CAPTION_COUP_FR + "Il a aussi critiqué les juntes du Burkina Faso et du Mali dans la lutte contre les jihadistes.", "fr", ["Niamey"]),
    ],
)
def test_governments_named_in_passing_place_no_coup(extractor: Extractor, text: str, lang: str, expected: list[str]) -> None:
    events = extractor.extract(Article(id="t", text=text, published=dt.date(2023, 7, 28), lang=lang))
    assert [e.location.name if e.location else None for e in events] == expected


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # two pairs of villages in one sentence, each attacked by its own group: four events, each with
        # its pair's attackers
        (
            "Rights groups say armed groups killed dozens of civilians in central Mali in January. "
            "The group documented two attacks by JNIM on the villages of Ndiakan and Sogodou, in the Mopti region, "
            "on January 27, and two attacks by Dozo militias on the villages of Kalabougou and Tiemagou, "
            "in the Segou region, in early January. " + FILLER_EN,
            "en",
            [("Ndiakan", "JNIM"), ("Sogodou", "JNIM"), ("Kalabougou", "Dozo militia"), ("Tiemagou", "Dozo militia")],
        ),
        (
            "Des groupes armés ont tué des dizaines de civils dans le centre du Mali en janvier, selon une ONG. "
            "L'ONG a documenté deux attaques menées par le GSIM contre les villages de Ndiakan et de Sogodou, dans la "
            "région de Mopti, le 27 janvier, et deux attaques menées par des milices dozos contre les villages de "
            "Kalabougou et de Tiemagou, dans la région de Ségou, au début du mois de janvier. " + FILLER_FR,
            "fr",
            [("Ndiakan", "JNIM"), ("Sogodou", "JNIM"), ("Kalabougou", "Dozo militia"), ("Tiemagou", "Dozo militia")],
        ),
        # trap: one pair of villages attacked by one group keeps the story's attackers whatever the clause
        (
            "JNIM fighters attacked two villages in central Mali on Sunday, residents said. "
            "The militants stormed the villages of Ndiakan and Sogodou before dawn, burning homes. " + FILLER_EN,
            "en",
            [("Ndiakan", "JNIM"), ("Sogodou", "JNIM")],
        ),
    ],
)
def test_each_pair_of_a_sentence_of_pairs_has_its_attackers(
    extractor: Extractor, text: str, lang: str, expected: list[tuple[str, str]]
) -> None:
    events = run(extractor, text, lang)
    got = [(e.location.name if e.location else None, next((a.name for a in e.actors if a.role == "initiator"), None)) for e in events]
    assert got == expected


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # where the sources speak from, where a statement was released and where survivors got back to
        # base are no places of the ambush: one event, at the village its account names
        (
            "Plus d'une dizaine de soldats ont été tués mardi dans une embuscade dans la région de Tillabéri, "
            "a-t-on appris de sources sécuritaires à Niamey. Selon ces sources, la patrouille est tombée dans une "
            "embuscade près de Tongo Tongo. Vingt-deux soldats ont rejoint la base à Ouallam avec trois véhicules. "
            "Aucun communiqué officiel n'a été publié à Niamey sur cette attaque. " + FILLER_FR,
            "fr",
            [("Tongo Tongo", 10)],
        ),
        (
            "More than ten soldiers were killed on Tuesday in an ambush in the Tillaberi region, security sources "
            "in Niamey said. According to these sources, the patrol was ambushed near Tongo Tongo. Twenty-two "
            "soldiers returned to base in Ouallam with three vehicles. No statement released in Niamey has "
            "mentioned the attack. " + FILLER_EN,
            "en",
            [("Tongo Tongo", 10)],
        ),
    ],
)
def test_a_source_seat_or_a_return_to_base_tells_no_incident(
    extractor: Extractor, text: str, lang: str, expected: list[tuple[str, int | None]]
) -> None:
    assert placed(run(extractor, text, lang)) == expected


@pytest.mark.parametrize(
    ("text", "lang", "not_parties"),
    [
        # a reminder of the setting ("rappelle-t-on", "it should be recalled") names the groups of the
        # region, not the ambush's attackers, and tells no incident of its own
        (
            "Des assaillants ont tué dix soldats nigériens mardi soir dans une embuscade près d'Ayorou, selon des "
            "sources sécuritaires. Les survivants sont rentrés dans la soirée. La région de Tillabéri, rappelle-t-on, "
            "abrite depuis 2015 des groupes proches d'Al-Qaïda au Maghreb islamique (Aqmi) qui mènent des attaques "
            "meurtrières. " + FILLER_FR,
            "fr",
            {"AQIM"},
        ),
        (
            "Assailants killed ten Nigerien soldiers in an ambush near Ayorou on Tuesday evening, security sources "
            "said. The survivors returned in the evening. The Tillaberi region, it should be recalled, hosts groups "
            "linked to al-Qaeda in the Islamic Maghreb (AQIM) that carry out deadly attacks. " + FILLER_EN,
            "en",
            {"AQIM"},
        ),
    ],
)
def test_a_reminder_of_the_setting_names_no_party(extractor: Extractor, text: str, lang: str, not_parties: set[str]) -> None:
    events = run(extractor, text, lang)
    assert [(e.location.name if e.location else None) for e in events] == ["Ayorou"]
    assert not {a.name for a in events[0].actors} & not_parties


COUP_THEN_MUTINIES_FR = (
    "Burkina : les putschistes annoncent la destitution du président\n\n"
    "Les militaires ont annoncé lundi la destitution du président et la suspension de la Constitution. Dans une "
    "déclaration lue à la télévision nationale, leur porte-parole a justifié la prise du pouvoir par l'incapacité "
    "du gouvernement à enrayer les attaques terroristes. Des soldats s'étaient mutinés dimanche dans plusieurs "
    "casernes. Des mutineries ont également eu lieu à Kaya, Ouahigouya et Dori. " + FILLER_FR
)
COUP_THEN_MUTINIES_EN = (
    "Burkina soldiers announce removal of president\n\n"
    "The soldiers announced on Monday that they had removed the president and suspended the constitution. In a "
    "statement read on national television, their spokesman said they seized power because the government had "
    "failed to stop terrorist attacks. Soldiers had mutinied on Sunday in several barracks. Mutinies also broke "
    "out in Kaya, Ouahigouya and Dori. " + FILLER_EN
)


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # a coup told before a later sentence lists mutinies elsewhere: the coup at the capital, then one
        # event per listed town
        (COUP_THEN_MUTINIES_FR, "fr", ["Ouagadougou", "Kaya", "Ouahigouya", "Dori"]),
        (COUP_THEN_MUTINIES_EN, "en", ["Ouagadougou", "Kaya", "Ouahigouya", "Dori"]),
        # trap: attacks told before their list are the list's events, with no event of their own
        (
            "Des hommes armés ont attaqué dimanche plusieurs postes de l'armée dans le nord du Burkina Faso, selon "
            "des sources sécuritaires. Les assauts ont visé des positions à Djibo, Arbinda et Gorom-Gorom, a précisé "
            "un officier. " + FILLER_FR,
            "fr",
            ["Djibo", "Arbinda", "Gorom-Gorom"],
        ),
    ],
)
def test_a_coup_told_before_a_list_is_its_own_event(extractor: Extractor, text: str, lang: str, expected: list[str]) -> None:
    events = [e for e in extractor.extract(Article(id="t", text=text, published=dt.date(2022, 1, 25), lang=lang))
              if "historical" not in e.flags]
    assert [e.location.name if e.location else None for e in events] == expected


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # a coup told on the news day before a sentence names a town: the coup at the capital, the town's
        # acts an event of their own
        (
            "Mutinous soldiers detained the president on Tuesday in an apparent coup, officials said. The soldiers "
            "had first fired into the air at the army camp in Kaya, where the mutiny began, a resident said. " + FILLER_EN,
            "en",
            (["Ouagadougou", "Kaya"], "Strategic developments"),
        ),
        (
            "Des soldats mutins ont arrêté le président mardi lors d'une apparente tentative de coup d'État, selon des "
            "responsables. Les soldats avaient d'abord tiré en l'air dans le camp militaire de Kaya, où la mutinerie a "
            "commencé, selon un habitant. " + FILLER_FR,
            "fr",
            (["Ouagadougou", "Kaya"], "Strategic developments"),
        ),
        # trap: a past coup in the lead is background; the attack at the town is the one event of the day
        (
            "Burkina Faso, whose army seized power in a coup in 2022, has struggled against jihadists. Militants "
            "attacked an army post in Kaya on Tuesday, killing five soldiers, security sources said. " + FILLER_EN,
            "en",
            (["Kaya"], "Battles"),
        ),
        (
            "Le Burkina Faso, dont l'armée a pris le pouvoir lors d'un coup d'État en 2022, peine à contenir les "
            "jihadistes. Des hommes armés ont attaqué mardi un poste de l'armée à Kaya, tuant cinq soldats, selon des "
            "sources sécuritaires. " + FILLER_FR,
            "fr",
            (["Kaya"], "Battles"),
        ),
    ],
)
def test_a_coup_of_the_day_is_its_own_event_apart_from_a_town(
    extractor: Extractor, text: str, lang: str, expected: tuple[list[str], str]
) -> None:
    events = [e for e in extractor.extract(Article(id="t", text=text, published=dt.date(2022, 1, 26), lang=lang))
              if "historical" not in e.flags and e.event_date and e.event_date.startswith("2022-01")]
    assert ([e.location.name if e.location else None for e in events], events[0].event_type) == expected


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # short stories (no filler: every sentence counts); a name grown from a known word is a person's after a
        # person's noun or an inverted speech verb, or with a person's noun in apposition; a speaker's or villager's home town is no incident place either
        (
            "Des hommes armés ont tué cinq éleveurs dimanche à Seytenga. Puis ils ont abattu un célèbre marabout, "
            "Djibo Zerbo, et toute sa famille.",
            "fr",
            [("Seytenga", 5)],
        ),
        (
            "Des hommes armés ont tué cinq éleveurs dimanche à Seytenga. \"Ils ont tiré sur les gens\", témoigne "
            "Djibo Zerbo, un cultivateur de 60 ans.",
            "fr",
            [("Seytenga", 5)],
        ),
        (
            "Gunmen killed five herders in Seytenga on Sunday. \"They came at night,\" army spokesman Djibo Zerbo told "
            "reporters after soldiers were attacked.",
            "en",
            [("Seytenga", 5)],
        ),
        (
            "Gunmen killed five herders in Seytenga on Sunday. \"They shot at everyone,\" said Djibo Zerbo, a "
            "60-year-old farmer.",
            "en",
            [("Seytenga", 5)],
        ),
        (
            "Des hommes armés ont tué cinq éleveurs dimanche à Seytenga. \"Le bilan est de cinq morts\", a déclaré "
            "Moussa Zerbo, conseiller municipal de Dori. \"Ils ont tiré sur tout le monde\", raconte Awa, une villageoise de Gorom-Gorom. ",
            "fr",
            [("Seytenga", 5)],
        ),
        (
            "Gunmen killed five herders in Seytenga on Sunday. \"The toll is five dead,\" said Moussa Zerbo, a "
            "councillor of Dori. \"They shot at everyone,\" said Awa, a villager from Gorom-Gorom.",
            "en",
            [("Seytenga", 5)],
        ),
        # traps: a village named so, and a councillor killed in his town
        ("Des hommes armés ont attaqué dimanche le village de Djibo Zerbo, tuant cinq civils.", "fr", [("Djibo Zerbo", 5)]),
        ("Gunmen killed a former village councillor in Seytenga on Sunday.", "en", [("Seytenga", 1)]),
    ],
)
def test_a_person_or_their_home_town_tells_no_incident(
    extractor: Extractor, text: str, lang: str, expected: list[tuple[str, int | None]]
) -> None:
    assert placed(run(extractor, text, lang)) == expected


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # a protest told as the answer to the attack just told, with no place of its own: its own event, where
        # the attack was
        (
            "Gunmen killed four volunteers in an attack on a post near Kaya on Thursday, security sources said. The "
            "killing sparked a protest among residents, who blocked the main road for several hours. " + FILLER_EN,
            "en",
            [("Kaya", "Battles"), ("Kaya", "Protests")],
        ),
        (
            "Des hommes armés ont tué jeudi quatre volontaires lors d'une attaque contre un poste près de Kaya, selon "
            "des sources sécuritaires. Vendredi, des habitants ont marché pour protester contre l'attaque. " + FILLER_FR,
            "fr",
            [("Kaya", "Violence against civilians"), ("Kaya", "Protests")],
        ),
        # traps: residents' long-standing protests answer no act of the story
        (
            "Gunmen killed four volunteers in an attack on a post near Kaya on Thursday, security sources said. "
            "Residents have long protested against the lack of security in the area. " + FILLER_EN,
            "en",
            [("Kaya", "Battles")],
        ),
        (
            "Des hommes armés ont tué jeudi quatre volontaires lors d'une attaque contre un poste près de Kaya, selon "
            "des sources sécuritaires. Les habitants manifestent depuis longtemps contre le manque de sécurité dans "
            "la zone. " + FILLER_FR,
            "fr",
            [("Kaya", "Violence against civilians")],
        ),
    ],
)
def test_a_protest_answering_the_incident_is_its_own_event(
    extractor: Extractor, text: str, lang: str, expected: list[tuple[str, str]]
) -> None:
    events = run(extractor, text, lang)
    assert [(e.location.name if e.location else None, e.event_type) for e in events] == expected


@pytest.mark.parametrize(
    ("text", "lang", "place", "anchor"),
    [
        # a detail told after a second incident, with no place or day of its own, is that incident's
        # (not the lead's, which the story left two sentences before)
        (
            "Gunmen killed four soldiers in an ambush near Kouloubané on Sunday, the army said. Separately, an "
            "explosive device struck a minibus at Tindirma-Sud on Monday, a local official said. Three passengers "
            "were killed, according to a medic at the hospital in Sanbarga, where the wounded were taken. \"The bus "
            "was torn apart,\" the medic said. Two more bodies were pulled from the wreck later, residents said. "
            + FILLER_EN,
            "en", "Tindirma-Sud", "Two more bodies",
        ),
        (
            "Des hommes armés ont tué quatre soldats dans une embuscade près de Kouloubané dimanche, selon l'armée. "
            "Par ailleurs, un engin explosif a frappé un minibus à Tindirma-Sud lundi, a indiqué un responsable local. "
            "Trois passagers ont été tués, selon un infirmier de l'hôpital de Sanbarga, où les blessés ont été "
            "évacués. « Le car a été déchiqueté », a dit l'infirmier. Deux autres corps ont été retirés de l'épave "
            "plus tard, selon des habitants. " + FILLER_FR,
            "fr", "Tindirma-Sud", "Deux autres corps",
        ),
        # a quotation alone gives no event and draws no account away from the story's incident
        (
            "Gunmen attacked the village of Kouloubané on Sunday, killing six herders, residents said. \"They came "
            "on motorbikes and shot at everyone,\" a herder said. The attackers also stole dozens of cattle, the "
            "mayor said. " + FILLER_EN,
            "en", "Kouloubané", "stole dozens of cattle",
        ),
    ],
)
def test_an_account_belongs_to_the_incident_told_just_before(
    extractor: Extractor, text: str, lang: str, place: str, anchor: str
) -> None:
    events = run(extractor, text, lang)
    holding = [e for e in events if any(anchor in ev.sentence for ev in e.evidence)]
    assert [e.location.name if e.location else None for e in holding] == [place]


COMMUNIQUE_FR = (
    "Mali : huit terroristes neutralisés par l'armée\n\nL'état-major a indiqué dans un communiqué que les forces "
    "armées maintiennent leur dynamique offensive contre les terroristes. Sur l'opération Sanké, les soldats ont "
    "procédé à l'interpellation de l'auteur présumé de l'attaque contre un marché dans la région de Kayes. Elles ont, "
    "en outre, appréhendé six suspects et saisi des motos. Le communiqué précise que huit terroristes ont été "
    "neutralisés dans la région de Koulikoro."
)
COMMUNIQUE_EN = (
    "Mali: eight terrorists neutralised by the army\n\nThe general staff said in a statement that the armed forces "
    "are keeping up their offensive against terrorists. In operation Sanke, soldiers arrested the suspected "
    "perpetrator of the attack on a market in the Kayes region. In addition, they arrested six suspects and seized "
    "motorbikes. The statement said eight terrorists were neutralised in the Koulikoro region."
)


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # an army communiqué's list: the campaign said to go on frames it and starts no incident, "en outre" /
        # "in addition" opens the next act, the attack a suspect is held for is no act of the arrest, and the
        # headline's dead are those of the act that tells dead
        (COMMUNIQUE_FR, "fr", [("Kayes", "Strategic developments", None), ("Koulikoro", "Battles", 8)]),
        (COMMUNIQUE_EN, "en", [("Kayes", "Strategic developments", None), ("Koulikoro", "Battles", 8)]),
        # trap: "in addition" before a figure only tells more of the same attack
        (
            "Le 2 mars 2024, des hommes armés ont attaqué le village de Kita. Par ailleurs, un civil a été tué. " + FILLER_FR,
            "fr",
            [("Kita", "Violence against civilians", 1)],
        ),
        (
            "On 2 March 2024, gunmen attacked the village of Kita. In addition, one civilian was killed. " + FILLER_EN,
            "en",
            [("Kita", "Violence against civilians", 1)],
        ),
    ],
)
def test_an_army_communique_lists_its_acts(
    extractor: Extractor, text: str, lang: str, expected: list[tuple[str, str, int | None]]
) -> None:
    events = [e for e in run(extractor, text, lang) if "historical" not in e.flags]
    assert [(e.location.name if e.location else None, e.event_type, e.fatalities) for e in events] == expected


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # a tally of a force's dead since it was set up is a running total, no event of its own
        (
            "Gunmen killed five soldiers in Djibo on Sunday. " + FILLER_EN + " The volunteer force was set up in December "
            "2020 to help the army fight jihadists, but it has suffered more than 300 fatalities, according to an AFP tally.",
            "en",
            [("Djibo", 5)],
        ),
        (
            "Des hommes armés ont tué cinq soldats dimanche à Djibo. " + FILLER_FR + " Les volontaires ont été recrutés en "
            "décembre 2020 pour aider l'armée à combattre les jihadistes, mais plus de 300 d'entre eux ont été tués, selon "
            "un décompte de l'AFP.",
            "fr",
            [("Djibo", 5)],
        ),
        # the regional government a note was sent to is no place of the incident it counts
        (
            "Gunmen killed 12 villagers in Seytenga on Sunday. The provisional number is 12 killed, read a note from the "
            "prefect to the Dori regional government. " + FILLER_EN,
            "en",
            [("Seytenga", 12)],
        ),
        (
            "Des hommes armés ont tué 12 villageois dimanche à Seytenga. Le bilan provisoire est de 12 morts, selon une "
            "note du préfet au conseil régional de Dori. " + FILLER_FR,
            "fr",
            [("Seytenga", 12)],
        ),
    ],
)
def test_a_tally_or_a_regional_government_tells_no_incident(
    extractor: Extractor, text: str, lang: str, expected: list[tuple[str, int | None]]
) -> None:
    # every event, the historical ones too: a tally dated years back came out as one
    assert [(e.location.name if e.location else None, e.fatalities) for e in run(extractor, text, lang)] == expected


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # where a convoy is bound ("its destination is a base at X", "continue the road to Y") is no place of the
        # protest that blocked it
        (
            "Protesters blocked a convoy of army trucks in Kaya on Saturday. The convoy left the coast a week ago. Its "
            "destination is a base at Gao, a hub of the operation against armed groups. This morning, when the drivers "
            "wanted to continue the road to Dori, they were stopped by hundreds of demonstrators. " + FILLER_EN,
            "en",
            ["Kaya"],
        ),
        (
            "Des manifestants ont bloqué samedi un convoi de camions de l'armée à Kaya. Le convoi a quitté la côte il y a "
            "une semaine. Sa destination est une base à Gao, un centre de l'opération contre les groupes armés. Ce matin, "
            "quand les chauffeurs ont voulu poursuivre la route vers Dori, ils ont été arrêtés par des centaines de "
            "manifestants. " + FILLER_FR,
            "fr",
            ["Kaya"],
        ),
    ],
)
def test_a_convoys_destination_tells_no_incident(extractor: Extractor, text: str, lang: str, expected: list[str]) -> None:
    assert [e.location.name if e.location else None for e in run(extractor, text, lang)] == expected



@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # a situation ("faces regular attacks", "fait face à des attaques fréquentes") that names no town is no news
        # for the day a statement told next to it gives ("last week demanded")
        (
            'Gunmen killed five soldiers in Djibo on Sunday, the army said. Humanitarian groups say the needs of displaced families keep growing. The government did not comment.\n\n' 'The Dosso region faces regular attacks by armed groups linked to al-Qaeda.\n\n' 'The regional bloc last week demanded that the junta restore constitutional order since the president was ousted.',
            "en",
            ["Djibo"],
        ),
        (
            "Des hommes armés ont tué cinq soldats dimanche à Djibo, selon l'armée. Les organisations humanitaires disent que les besoins des familles déplacées augmentent. Le gouvernement n'a pas commenté.\n\n" 'La région de Dosso fait face à des attaques fréquentes de groupes armés liés à al-Qaïda.\n\n' "Le bloc régional a exigé la semaine dernière que la junte rétablisse l'ordre constitutionnel depuis que le président a été renversé.",
            "fr",
            ["Djibo"],
        ),
        # trap: the situation told before an attack of its own day in the region: that attack is news
        (
            'Gunmen killed five soldiers in Djibo on Sunday, the army said. Humanitarian groups say the needs of displaced families keep growing. The government did not comment.\n\n' 'The Dosso region faces regular attacks by armed groups linked to al-Qaeda.\n\n' 'Last week, militants attacked a convoy in the region, killing three soldiers.',
            "en",
            ["Djibo", "Dosso"],
        ),
        (
            "Des hommes armés ont tué cinq soldats dimanche à Djibo, selon l'armée. Les organisations humanitaires disent que les besoins des familles déplacées augmentent. Le gouvernement n'a pas commenté.\n\n" 'La région de Dosso fait face à des attaques fréquentes de groupes armés liés à al-Qaïda.\n\n' 'La semaine dernière, des jihadistes ont attaqué un convoi dans la région, tuant trois soldats.',
            "fr",
            ["Djibo", "Dosso"],
        ),
    ],
)
def test_a_situation_dated_by_a_statement_is_no_incident(extractor: Extractor, text: str, lang: str, expected: list[str]) -> None:
    assert [e.location.name if e.location else None for e in run(extractor, text, lang)] == expected


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # an attack on fighters told in a story of killings of civilians: its own event, with the fighters' dead
        (
            "Gunmen killed about 20 civilians in an attack on the town of Kaya on Tuesday, local sources said. The "
            "assailants also attacked army positions near Kaya on Tuesday, the sources said, adding that three "
            "soldiers were killed. " + FILLER_EN,
            "en",
            [("Kaya", "Violence against civilians", 20), ("Kaya", "Battles", 3)],
        ),
        (
            "Des hommes armés ont tué une vingtaine de civils mardi lors d'une attaque contre la ville de Kaya, selon "
            "des sources locales. Les assaillants ont aussi attaqué les positions de l'armée près de Kaya mardi, "
            "selon ces sources, qui ajoutent que trois de leurs soldats ont été tués. " + FILLER_FR,
            "fr",
            [("Kaya", "Violence against civilians", 20), ("Kaya", "Battles", 3)],
        ),
        # an abduction told in a sentence of its own in a story of fighting: its own event
        (
            "Militants attacked army posts in Kaya and Dori on Sunday, the army said. During the attack in Dori, two "
            "foreign engineers working at a cement factory were abducted. " + FILLER_EN,
            "en",
            [("Kaya", "Battles", None), ("Dori", "Battles", None), ("Dori", "Violence against civilians", None)],
        ),
        (
            "Des jihadistes ont attaqué dimanche des postes de l'armée à Kaya et Dori, selon l'armée. Lors de l'attaque "
            "à Dori, deux ingénieurs étrangers travaillant dans une cimenterie ont été enlevés. " + FILLER_FR,
            "fr",
            [("Kaya", "Battles", None), ("Dori", "Battles", None), ("Dori", "Violence against civilians", None)],
        ),
        # traps: looting told with the killings, and arrests after a fight, are no act apart
        (
            "Gunmen killed about 20 civilians in an attack on the town of Kaya on Tuesday, local sources said. The "
            "assailants also looted shops, the sources said. " + FILLER_EN,
            "en",
            [("Kaya", "Violence against civilians", 20)],
        ),
        (
            "Des jihadistes ont attaqué dimanche un poste de l'armée à Kaya, tuant cinq soldats, selon l'armée. Les "
            "soldats ont ensuite arrêté deux suspects à Kaya. " + FILLER_FR,
            "fr",
            [("Kaya", "Battles", 5)],
        ),
    ],
)
def test_a_second_act_of_another_kind_is_its_own_event(
    extractor: Extractor, text: str, lang: str, expected: list[tuple[str, str, int | None]]
) -> None:
    events = run(extractor, text, lang)
    assert [(e.location.name if e.location else None, e.event_type, e.fatalities) for e in events] == expected

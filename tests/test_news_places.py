"""Where did it happen, as news stories tell it: outlets, sources, titles, quotes and destinations.

A news story names many places besides the incident's own: the outlet that reports it, the town
its source speaks from, an official's seat, where the wounded were taken, a border, the capital.
Each row is a one-sentence story of one incident written for this table; it gives the place the
event must carry, its region (admin1), SPEC precision and whether the name comes from the
gazetteer. Rows the extractor gets wrong today are listed in GAPS and run as strict xfails.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import NamedTuple

import pytest

from sahel_extract import Article, Extractor
from sahel_extract.errors import DataFileError
from sahel_extract.resources.place_roles import load_place_roles


class Row(NamedTuple):
    lang: str
    text: str
    place: str | None  # None: no location at all
    admin1: str | None
    precision: int | None
    known: bool = True  # False: reported with the "not_in_gazetteer" flag


R = Row
ROWS: dict[str, Row] = {
    # --- outlets and agencies named after places ------------------------------------------------------
    "en_outlet_radio": R("en", "Gunmen killed five villagers in Djibo on Sunday, Radio Omega reported.", "Djibo", "Sahel", 1),
    "en_outlet_afp": R("en", "Jihadists attacked a gendarmerie post in Dori on Sunday, killing three gendarmes, Agence France-Presse reported.", "Dori", "Sahel", 1),
    "en_outlet_tele_sahel": R("en", "Suspected rebels sabotaged a pipeline in the Tesker department on Sunday, Tele Sahel reported.", "Tesker", "Zinder", 2),
    "fr_outlet_tele_sahel": R("fr", "Des hommes armés ont tué cinq civils dimanche à Tillabéri, selon Télé Sahel.", "Tillaberi", "Tillaberi", 1),
    "fr_outlet_radio": R("fr", "Des jihadistes ont attaqué dimanche le village de Kodyel, a rapporté Radio Oméga.", "Kodyel", "Est", 1),
    "en_outlet_ngo": R("en", "Human Rights Watch said soldiers executed 12 men in Moura on Sunday.", "Moura", "Mopti", 1),
    "fr_outlet_ngo": R("fr", "Selon Human Rights Watch, des soldats ont exécuté 12 hommes dimanche à Moura.", "Moura", "Mopti", 1),
    # --- a source's town, an official's seat ------------------------------------------------------------
    "en_resident_of": R("en", "A resident of Dori told AFP that gunmen killed seven herders in Seytenga on Sunday.", "Seytenga", "Sahel", 1),
    "en_mayor_of": R("en", "The mayor of Djibo said militants killed four farmers in Arbinda on Sunday.", "Arbinda", "Sahel", 1),
    "en_governor_of_region": R("en", "Gunmen killed nine villagers in Solhan on Sunday, the governor of the Sahel region said.", "Solhan", "Sahel", 1),
    "fr_maire_de": R("fr", "Le maire de Djibo a indiqué que des hommes armés ont tué quatre civils dimanche à Arbinda.", "Arbinda", "Sahel", 1),
    "fr_habitant_de": R("fr", "Un habitant de Dori a affirmé que des jihadistes ont tué sept éleveurs dimanche à Seytenga.", "Seytenga", "Sahel", 1),
    "en_sources_in": R("en", "Security sources in Niamey said jihadists killed 10 soldiers in Inates on Sunday.", "Inates", "Tillaberi", 1),
    "fr_sources_a": R("fr", "Selon des sources à Gao, des jihadistes ont tué cinq civils dimanche à Ansongo.", "Ansongo", "Gao", 1),
    "en_officials_in": R("en", "Officials in Niamey said on Sunday that gunmen killed 14 villagers in Banibangou.", "Banibangou", "Tillaberi", 1),
    "fr_autorites_de": R("fr", "Les autorités de Niamey ont annoncé dimanche que des hommes armés ont tué 14 villageois à Banibangou.", "Banibangou", "Tillaberi", 1),
    "en_government_in": R("en", "Gunmen killed 14 villagers in Banibangou on Sunday, the government in Niamey said.", "Banibangou", "Tillaberi", 1),
    "en_based_after": R("en", "A Niamey-based security source said gunmen killed 14 villagers in Banibangou on Sunday.", "Banibangou", "Tillaberi", 1),
    # --- destinations and origins --------------------------------------------------------------------------
    "en_evacuated_to": R("en", "Wounded soldiers were evacuated to Niamey after militants attacked their post in Ayorou on Sunday.", "Ayorou", "Tillaberi", 1),
    "fr_evacues_vers": R("fr", "Les blessés ont été évacués vers Niamey après l'attaque de dimanche contre le poste de Torodi.", "Torodi", "Tillaberi", 1),
    "en_fled_to": R("en", "Villagers fled to Kaya after gunmen killed 15 people in Barsalogho on Sunday.", "Barsalogho", "Centre-Nord", 1),
    "en_fled_to_list": R("en", "Gunmen killed 15 people in Barsalogho on Sunday and families fled to Kaya and Kongoussi.", "Barsalogho", "Centre-Nord", 1),
    "fr_venant_de": R("fr", "Des hommes armés venant du Mali ont tué 14 villageois dimanche à Banibangou.", "Banibangou", "Tillaberi", 1),
    "en_heading_to": R("en", "Soldiers heading to Djibo were ambushed near Namsiguia on Sunday, the army said.", "Namsiguia", "Centre-Nord", 2),
    # --- borders -------------------------------------------------------------------------------------------
    "en_border_country": R("en", "On Sunday, jihadists ambushed a patrol near the Niger border in Burkina Faso, killing ten gendarmes.", "Ouagadougou", "Centre", 3),
    "fr_frontiere_avec": R("fr", "Dimanche, des jihadistes ont tué dix gendarmes près de la frontière avec le Mali, au Burkina Faso.", "Ouagadougou", "Centre", 3),
    "en_border_town": R("en", "Militants killed eight soldiers in Gorom-Gorom near the border with Niger on Sunday.", "Gorom-Gorom", "Sahel", 1),
    # --- a country's name beats its homonyms (and is coded at its capital, precision 3, as ACLED does) ------------------------------------------------------------------
    "en_benin_country": R("en", "Gunmen killed two soldiers in Benin on Sunday, the army said.", "Porto-Novo", "Oueme", 3),
    "en_niger_country": R("en", "Gunmen killed two soldiers in Niger on Sunday, the army said.", "Niamey", "Niamey", 3),
    "fr_benin_pays": R("fr", "Des hommes armés ont tué deux soldats dimanche au Bénin.", "Porto-Novo", "Oueme", 3),
    # --- the capital -------------------------------------------------------------------------------------------
    "en_capital_mali": R("en", "Malian police fired tear gas at protesters in the capital on Sunday.", "Bamako", "Bamako", 1),
    "fr_capitale_burkina": R("fr", "Dimanche, la police burkinabè a dispersé à coups de gaz lacrymogène des manifestants dans la capitale.", "Ouagadougou", "Centre", 1),
    "en_capital_niger": R("en", "Nigerien soldiers clashed with protesters in the capital on Sunday, killing two.", "Niamey", "Niamey", 1),
    "en_capital_apposition": R("en", "Police in Ouagadougou, the capital, fired tear gas at protesters on Sunday.", "Ouagadougou", "Centre", 1),
    "en_capital_named_town_wins": R("en", "Gunmen killed four villagers in Koulikoro on Sunday, some 60 km from the capital Bamako.", "Koulikoro", "Koulikoro", 1),
    # --- unlisted villages located by the text ----------------------------------------------------------------
    "en_unknown_east_bf": R("en", "Jihadists killed 12 people in the village of Nabanga in eastern Burkina Faso on Sunday.", "Nabanga", "Est", 3, False),
    "fr_unknown_est_bf": R("fr", "Des hommes armés ont tué neuf civils dimanche dans le village de Tiboga, dans l'est du Burkina Faso.", "Tiboga", "Est", 3, False),
    "en_unknown_west_niger": R("en", "Gunmen killed six people in the village of Kouregou in western Niger on Sunday.", "Kouregou", "Tillaberi", 3, False),
    "fr_unknown_sud_ouest_niger": R("fr", "Des jihadistes ont tué six civils dimanche dans le village de Wonkori, dans le sud-ouest du Niger.", "Wonkori", "Tillaberi", 3, False),
    "en_unknown_togo_north": R("en", "Gunmen killed seven villagers in the village of Nadjoundi in Togo's far north on Sunday.", "Nadjoundi", "Savanes", 3, False),
    "en_unknown_central_mali": R("en", "Militants attacked the village of Kounkouna in central Mali on Sunday, killing 20 people.", "Kounkouna", "Mopti", 3, False),
    "fr_unknown_centre_mali": R("fr", "Des hommes armés ont attaqué dimanche le village de Sogobougou, dans le centre du Mali, tuant 20 personnes.", "Sogobougou", "Mopti", 3, False),
    "en_unknown_region_named": R("en", "Gunmen killed nine villagers in the village of Tangaye in the Sahel region on Sunday.", "Tangaye", "Sahel", 3, False),
    "en_unknown_km_from": R("en", "Gunmen killed eight people in the village of Bangassogo, 30 km from Ouahigouya, on Sunday.", "Bangassogo", "Nord", 2, False),
    "fr_unknown_km_de": R("fr", "Des jihadistes ont tué huit civils dimanche à Tiara, à 30 km de Djibo.", "Tiara", "Sahel", 2, False),
    # the source's town is no neighbour to locate the village by (its region is the story's)
    "en_unknown_source_town_ignored": R("en", "Jihadists killed 12 people in the village of Nabanga on Sunday, a resident of Fada N'Gourma said.", "Nabanga", "Est", 3, False),
    "en_unknown_country_of_sentence": R("en", "Gunmen killed two soldiers in the village of Kpinkankandi in Togo on Sunday.", "Kpinkankandi", None, 2, False),
    "en_unknown_military_base": R("en", "Gunmen attacked the Kiaka gold mine on Sunday, killing three guards.", "Kiaka", None, 2, False),
    # --- curated places of the conflict ---------------------------------------------------------------------------
    "en_sanloaga_togo": R("en", "Jihadists attacked the town of Sanloaga in Togo on Sunday, killing two soldiers.", "Sanloaga", "Savanes", 1),
    "en_blabrine_base": R("en", "Boko Haram fighters attacked the Blabrine military base on Sunday, killing 12 soldiers.", "Blabrine", "Diffa", 1),
    "en_tabarey_barey": R("en", "Militants overran the Tabarey-Barey military base on Sunday, killing 10 soldiers.", "Tabarey-Barey", "Tillaberi", 1),
    "en_kpendjal": R("en", "On Sunday, gunmen killed three soldiers in the Kpendjal prefecture of Togo.", "Kpendjal", "Savanes", 2),
    "en_zabarmari": R("en", "Boko Haram militants killed 30 farmers in Zabarmari on Sunday.", "Zabarmari", "Borno", 1),
    "en_dangdala": R("en", "Jihadists attacked an army position in Dangdala on Sunday, killing 23 Chadian soldiers.", "Dangdala", "Lac", 1),
    "fr_fambita": R("fr", "Dimanche, des terroristes ont attaqué la mosquée du village de Fambita, tuant 44 fidèles.", "Fambita", "Tillaberi", 1),
    "fr_toulfe": R("fr", "Des hommes armés ont tué cinq fidèles dimanche dans une église de Toulfé.", "Toulfe", "Nord", 1),
    # --- homonyms across borders ------------------------------------------------------------------------------------
    "en_koutougou_niger": R("en", "Nigerien soldiers repelled an attack on their post in Koutougou on Sunday, in the Tillaberi region.", "Koutougou", "Tillaberi", 1),
    "en_koutougou_burkina": R("en", "Burkinabe soldiers repelled an attack on their post in Koutougou, in Soum province, on Sunday.", "Koutougou", "Sahel", 1),
    "en_kotogo_spelling": R("en", "Niger's army said 17 soldiers died in an ambush on the outskirts of Kotogo in the Tillaberi region on Sunday.", "Koutougou", "Tillaberi", 2),
    "en_karma_niger": R("en", "Gunmen attacked a checkpoint in Karma on Sunday, the Nigerien army said.", "Karma", "Tillaberi", 1),
    # homonyms by their neighbours: a town the story names without doubt lies near the one meant
    "en_koro_near_bobo": R("en", "Gunmen killed six villagers in Koro on Sunday, 30 km from Bobo-Dioulasso.", "Koro", "Hauts-Bassins", 1),
    "en_koutougou_near_djibo": R("en", "Gunmen attacked the village of Koutougou on Sunday, near Djibo.", "Koutougou", "Sahel", 1),
    "en_karma_near_ouahigouya": R("en", "Gunmen killed three traders in Karma on Sunday, 15 km from Ouahigouya.", "Karma", "Nord", 1),
    "fr_koro_pres_de_bankass": R("fr", "Dimanche, des hommes armés ont tué six villageois à Koro, non loin de Bankass.", "Koro", "Mopti", 1),
    # --- people and zones named like places -------------------------------------------------------------------------
    "en_person_keita": R("en", "Supporters of President Ibrahim Boubacar Keita clashed with police in Bamako on Sunday.", "Bamako", "Bamako", 1),
    "fr_person_keita": R("fr", "Des partisans du président Ibrahim Boubacar Keita ont affronté la police dimanche à Bamako.", "Bamako", "Bamako", 1),
    "en_zone_sahel": R("en", "Jihadists killed 20 villagers in Solhan on Sunday, one of the deadliest attacks in the Sahel.", "Solhan", "Sahel", 1),
    "en_zone_sahel_country": R("en", "Gunmen killed 14 people in Mali on Sunday, the latest attack in the Sahel.", "Bamako", "Bamako", 3),
    "fr_zone_sahel_pays": R("fr", "Au Sahel, des jihadistes ont tué 14 personnes dimanche au Niger.", "Niamey", "Niamey", 3),
    "en_sahel_region_kept": R("en", "Gunmen killed 14 people in Burkina Faso's Sahel region on Sunday.", "Sahel", "Sahel", 3),
    # --- roads: the first name is coded ---------------------------------------------------------------------------------
    "en_between_first": R("en", "Militants ambushed a convoy between Djibo and Namsiguia on Sunday, killing six soldiers.", "Djibo", "Sahel", 2),
    "fr_axe_first": R("fr", "Des jihadistes ont tendu une embuscade dimanche sur l'axe Djibo-Namsiguia, tuant six soldats.", "Djibo", "Sahel", 1),
    "en_between_paren_first": R("en", "On Sunday, militants abducted a driver between Namsiguia (Bourzanga, Bam) and Djibo.", "Namsiguia", "Centre-Nord", 2),
    # --- a country's compass part names its region; a designated region of a common word ---------------
    "en_country_north_region": R("en", "A priest and five worshippers were killed on Sunday when gunmen opened fire at a church in northern Burkina Faso.", "Sahel", "Sahel", 3),
    "en_country_east_region": R("en", "Gunmen ambushed a convoy of mine workers in eastern Burkina Faso on Sunday, killing 37.", "Est", "Est", 3),
    "en_est_region_designated": R("en", "Gunmen ambushed a convoy some 40 km from a gold mine in the Est region on Sunday, killing 37.", "Est", "Est", 3),
    "fr_pays_ouest_region": R("fr", "Dimanche, des jihadistes ont tué douze soldats dans l'ouest du Niger.", "Tillaberi", "Tillaberi", 3),
    "fr_quittant_origin": R("fr", "Dimanche, un convoi quittant Douentza a sauté sur une mine aux environs de Boni, tuant deux soldats.", "Boni", "Mopti", 2),
    "en_foreign_power_not_country": R("en", "Russia's mercenaries killed 12 herders in the village of Inkarawan on Sunday, residents of Gao said.", "Inkarawan", "Gao", 2, False),
    "en_possessive_country_region": R("en", "At least 14 people were killed on Sunday when an explosion hit a bus in Mali‘s Mopti region.", "Mopti", "Mopti", 3),
    "en_katiba_not_place": R("en", "Fighters of the Katiba de Macina killed 12 villagers in Diallassagou on Sunday.", "Diallassagou", "Mopti", 1),
    "en_outlet_magazine": R("en", "A priest was kidnapped in the region of Tillaberi on Sunday, Mondo e Missione reported.", "Tillaberi", "Tillaberi", 3),
    "en_region_of_not_department": R("en", "Gunmen killed 12 villagers in the region of Tillaberi on Sunday.", "Tillaberi", "Tillaberi", 3),
    "en_neighbourhood_in_town": R("en", "Gunmen abducted a missionary in the neighbourhood of Abaradjou in Timbuktu on Sunday.", "Timbuktu", "Tombouctou", 1),
    "fr_quartier_de": R("fr", "Dimanche, des hommes armés ont enlevé un commerçant dans le quartier de Sikoro, à Gao.", "Gao", "Gao", 1),
    # --- a settlement named as such, a village located by its sentence's town ------------------------------------------
    "en_village_of_over_in": R("en", "After the raid on Boni, jihadists killed three herders in the village of Kanou on Sunday.", "Kanou", "Mopti", 3, False),
    "fr_village_de_over_a": R("fr", "Après les violences de Djibo, des hommes armés ont tué un imam dimanche dans le village de Kologo.", "Kologo", "Sahel", 3, False),
    "en_town_of_measured_from": R("en", "Gunmen ambushed soldiers on Sunday near Toumour, about 65 km northeast of the town of Diffa.", "Toumour", "Diffa", 2),
    "fr_ville_de_measured_from": R("fr", "Dimanche, des jihadistes ont tué six soldats près de Toumour, à 65 km au nord-est de la ville de Diffa.", "Toumour", "Diffa", 2),
    "en_village_by_sentence_town": R("en", "Soldiers arrested 20 men in Diafarabe on Monday before taking them to the village of Kanou, where they were killed.", "Kanou", "Mopti", 3, False),
    "fr_village_by_sentence_town": R("fr", "Lundi, des soldats ont arrêté 20 hommes à Diafarabé avant de les conduire au village de Kanou, où ils ont été tués.", "Kanou", "Mopti", 3, False),
    "en_border_town_route_end": R("en", "A bomb hit a patrol near Tera on Sunday, between Tera and the border town of Yatakala.", "Tera", "Tillaberi", 2),
    "fr_ville_frontaliere_route_end": R("fr", "Dimanche, six soldats ont été tués par une mine près de Téra, entre Téra et la ville frontalière de Yatakala.", "Tera", "Tillaberi", 2),
    # --- a coup with no town of its own is coded at the capital --------------------------------------------------------
    "en_coup_capital": R("en", "Soldiers in Niger overthrew President Bazoum in a coup on Sunday.", "Niamey", "Niamey", 3),
    "en_coup_after_background": R("en", "The junta in Burkina Faso has ruled since a coup on Sunday that ousted the president.", "Ouagadougou", "Centre", 3),
    "fr_coup_capitale": R("fr", "Des militaires ont renversé le président du Burkina Faso lors d'un coup d'État dimanche.", "Ouagadougou", "Centre", 3),
    "fr_empares_du_pouvoir": R("fr", "Des militaires se sont emparés du pouvoir dimanche au Niger en renversant le président Bazoum.", "Niamey", "Niamey", 3),
    "fr_putsch_capitale": R("fr", "Au Mali, un putsch a renversé dimanche le président de la transition.", "Bamako", "Bamako", 3),
    # the institutions a crowd marches on stand in the capital; a seat in a person's title places nothing there
    "en_marched_on_parliament": R("en", "Police fired live rounds on Friday at anti-government protesters in Mali who had marched on parliament.", "Bamako", "Bamako", 3),
    "fr_assemblee_nationale": R("fr", "Vendredi, la police burkinabè a dispersé des manifestants qui marchaient sur l'Assemblée nationale.", "Ouagadougou", "Centre", 3),
    "en_presidential_palace": R("en", "Hundreds of soldiers' wives gathered outside the presidential palace in Niger on Friday to demand news of their husbands.", "Niamey", "Niamey", 3),
    "en_member_of_parliament_trap": R("en", "A member of parliament was kidnapped by gunmen in central Mali on Friday.", "Mopti", "Mopti", 3),
    "en_parliament_member_trap": R("en", "Gunmen abducted a Malian parliament member in central Mali on Friday.", "Mopti", "Mopti", 3),
    "fr_president_assemblee_trap": R("fr", "Des hommes armés ont enlevé vendredi le président de l'Assemblée nationale dans le centre du Mali.", "Mopti", "Mopti", 3),
    "fr_parlement_ville_gardee": R("fr", "Vendredi, des manifestants ont marché sur le siège du parlement régional à Gao.", "Gao", "Gao", 1),
    "en_coup_town_kept": R("en", "Mutinous soldiers staged a coup at the Kati military camp on Sunday.", "Kati", "Koulikoro", 1),
    "fr_coup_ville_gardee": R("fr", "Des militaires mutinés ont tué deux gardes dimanche au camp de Kati, au lendemain du coup d'État.", "Kati", "Koulikoro", 1),
    # --- woods: a forest is a place, coded at the settlement named beside it --------------------------------------------
    "fr_foret_de": R("fr", "Jeudi, l'armée a détruit une base terroriste dans la forêt de Kobala, dans la région de la Boucle du Mouhoun.", "Kobala", "Boucle du Mouhoun", 3, False),
    "en_forest_of": R("en", "On Thursday, the air force struck a militant camp in the forest of Nadiabonli in eastern Burkina Faso.", "Nadiabonli", "Est", 3, False),
    "en_forest_after_name": R("en", "Soldiers dismantled a militant base in the Sambisa-Kolo forest on Thursday, in the Mopti region.", "Sambisa-Kolo", "Mopti", 3, False),
    "en_forest_near_town": R("en", "A bomb hit an army truck in the Tiwal forest near Boni on Thursday, killing two soldiers.", "Boni", "Mopti", 2),
    "fr_foret_pres_de": R("fr", "Jeudi, une mine a touché un camion militaire dans la forêt de Tiwal, près de Boni, tuant deux soldats.", "Boni", "Mopti", 2),
    "en_forest_area_of": R("en", "Militants burned a truck on Thursday near the forest of Tiwal, area of Boni.", "Boni", "Mopti", 2),
    "fr_foret_then_town": R("fr", "Jeudi, l'armée a détruit une base terroriste et neutralisé plusieurs terroristes dans la forêt de Kobala, dans la région du Nord, et à Gourcy.", "Kobala", "Nord", 2, False),
    # --- a village named with its people ------------------------------------------------------------------------------------
    "fr_village_peuple": R("fr", "Situé dans le cercle de Niono, le village bozo Sirabougou a été attaqué jeudi par des hommes armés.", "Sirabougou", "Segou", 2, False),
    "fr_village_peuple_de": R("fr", "Jeudi, des chasseurs ont incendié le village peul de Diongoni, dans le cercle de Macina.", "Diongoni", "Segou", 2, False),
    "en_village_people": R("en", "Hunters burned the Fulani village of Diongoni in the Macina district on Thursday.", "Diongoni", "Segou", 2, False),
    # --- destinations a few words on: where someone was going is not where it happened ---------------------------------
    "fr_se_rendait_a": R("fr", "Alors qu'il se rendait comme chaque jeudi à Macina, le chef du village de Kolongo a été enlevé.", "Kolongo", "Segou", 1),
    "fr_en_direction_de": R("fr", "Jeudi, des hommes armés ont intercepté à Boulkessi un car en direction de Mondoro.", "Boulkessi", "Mopti", 1),
    "fr_a_destination_de": R("fr", "Un camion à destination de Gao a sauté sur une mine jeudi près d'Ansongo.", "Ansongo", "Gao", 2),
    "en_travelling_to": R("en", "Two traders from the village of Kolongo were killed on Thursday while travelling to the Macina market.", "Kolongo", "Segou", 1),
    "en_way_back_over_home": R("en", "A resident of Kaya was beaten by soldiers on Thursday on his way back to Kongoussi.", "Kongoussi", "Centre-Nord", 1),
    # "at" after a journey's word only two words on: "were on their way home when gunmen attacked them at X" is there
    "en_way_home_then_attacked_at": R("en", "Five traders were on their way home when gunmen attacked them at Kaya on Saturday.", "Kaya", "Centre-Nord", 1),
    "en_country_destination_no_split": R("en", "Jihadists ambushed an army convoy near Menaka on Thursday. The convoy was traveling towards Niger, the group said.", "Menaka", "Menaka", 2),
    # --- curated villages ------------------------------------------------------------------------------------------------------
    "fr_doubalma": R("fr", "Mercredi, une cinquantaine de terroristes ont tendu une embuscade près de Doubalma à une patrouille.", "Doubalma", "Dosso", 2),
    # --- quotes ---------------------------------------------------------------------------------------------------------
    "en_quote_resident": R("en", "\"We buried 20 people,\" a resident of Kaya said after gunmen attacked Barsalogho on Sunday.", "Barsalogho", "Centre-Nord", 1),
    "fr_quote_habitant": R("fr", "« Ils ont tué 20 personnes », a déclaré un habitant de Kaya après l'attaque de dimanche à Barsalogho.", "Barsalogho", "Centre-Nord", 1),
}

# Rows the extractor does not meet today: row -> what it gives instead. Strict xfails, so a fix
# shows up as a failure until the row is taken off this list.
GAPS: dict[str, str] = {}


# "X, Y, Z and W": an enumeration of mostly known towns makes one event per name, unlisted ones too
LISTS: dict[str, tuple[str, str, list[tuple[str, str | None]]]] = {
    "en_list_unknown_members": (
        "en", "On Monday, air strikes hit Djamanga, Djabiga, Kodyel and Obiagou in eastern Burkina Faso, the army said.",
        [("Djamanga", "Est"), ("Djabiga", "Est"), ("Kodyel", "Est"), ("Obiagou", "Est")],
    ),
    "fr_liste_villages": (
        "fr", "Lundi, des jihadistes ont attaqué Seytenga, Tiabongou, Gangaol et Sebba, tuant des dizaines de civils.",
        [("Seytenga", "Sahel"), ("Tiabongou", "Sahel"), ("Gangaol", "Sahel"), ("Sebba", "Sahel")],
    ),
    "fr_liste_surtout_inconnue": (
        "fr", "Lundi, des otages enlevés à Kaoudena, Dokofiba, Farabougou et Kouroumanba ont été libérés, puis deux ont été tués.",
        [("Kaoudena", "Segou")],
    ),
    "en_list_member_region_of_neighbour": (
        "en", "On Monday, militants attacked army posts in Douentza, Koro, Thy and Niono.",
        [("Douentza", "Mopti"), ("Koro", "Mopti"), ("Thy", "Segou"), ("Niono", "Segou")],
    ),
    # a pair whose second name repeats the first's preposition, or follows a plural settlement word
    "fr_paire_villages_de": (
        "fr", "Lundi, des jihadistes ont attaqué les villages de Sebba et de Kwarsongo, tuant des dizaines de civils.",
        [("Sebba", "Sahel"), ("Kwarsongo", "Sahel")],
    ),
    "fr_paire_elidee": (
        "fr", "Lundi, des jihadistes ont attaqué les villages d'Arbinda et d'Ouarokuy, tuant une dizaine de civils.",
        [("Arbinda", "Sahel"), ("Ouarokuy", "Sahel")],
    ),
    "en_pair_villages_of": (
        "en", "On Monday, gunmen attacked the villages of Kodyel and Bilgawa, killing a dozen civilians.",
        [("Kodyel", "Est"), ("Bilgawa", "Est")],
    ),
    # traps: a person after "and" repeats no preposition; "the regions of X and Y" are units, not targets
    "en_pair_not_a_person": (
        "en", "The mayor of Djibo and Moussa Diallo said gunmen killed three people in Djibo on Monday.", [("Djibo", "Sahel")],
    ),
    "fr_paire_pas_une_personne": (
        "fr", "Des hommes armés ont tué trois civils lundi à Djibo et Amadou Barry, un élu local, a condamné l'attaque.",
        [("Djibo", "Sahel")],
    ),
    "fr_regions_de_x_et_de_y": (
        "fr", "Les forces de sécurité ont tué 20 terroristes lundi dans les régions de Dosso et de Tillabéri.",
        [("Tillaberi", "Tillaberi")],
    ),
    "en_no_list_name_after_comma": ("en", "Gunmen killed three people in Djibo, Moussa Diallo said on Monday.", [("Djibo", "Sahel")]),
}


@pytest.mark.parametrize("case", list(LISTS))
def test_listed_places(extractors: dict[str, Extractor], case: str) -> None:
    lang, text, expected = LISTS[case]
    events = extractors[lang].extract(Article(id="t", text=text, published=dt.date(2024, 3, 5), lang=lang))
    assert [(e.location.name, e.location.admin1) if e.location else None for e in events] == expected


def _event(extractor: Extractor, row: Row) -> tuple[object, ...]:
    article = Article(id="t", text=row.text, published=dt.date(2024, 3, 5), lang=row.lang)
    events = extractor.extract(article)
    assert len(events) == 1, [e.evidence[0].sentence for e in events]
    loc = events[0].location
    if loc is None:
        return (None, None, None, True)
    return (loc.name, loc.admin1, loc.precision, "not_in_gazetteer" not in events[0].flags)


@pytest.fixture(scope="module")
def extractors() -> dict[str, Extractor]:
    return {"en": Extractor(lang="en"), "fr": Extractor(lang="fr")}


def test_table_is_large_and_bilingual() -> None:
    assert len(ROWS) >= 60
    assert sum(r.lang == "fr" for r in ROWS.values()) >= 20


@pytest.mark.parametrize(
    "row_id",
    [pytest.param(k, marks=pytest.mark.xfail(strict=True, reason=GAPS[k])) if k in GAPS else k for k in ROWS],
)
def test_news_place(extractors: dict[str, Extractor], row_id: str) -> None:
    row = ROWS[row_id]
    expected = (row.place, row.admin1, row.precision, row.known if row.place else True)
    assert _event(extractors[row.lang], row) == expected


# An unlisted place's country: a country listed after a border cue shares it ("near the border with Togo and
# Ghana" names neither as where the place is); the story's country stands (language, text, country code)
COUNTRY_ROWS = [
    ("en", "The volunteers of Burkina Faso are recruited in their own villages. Four of them were killed on Thursday in the "
     "village of Kobadi, near the border with Togo and Ghana.", "BF"),
    ("fr", "Les volontaires du Burkina Faso sont recrutés dans leurs villages. Quatre d'entre eux ont été tués jeudi dans le "
     "village de Kobadi, près de la frontière avec le Togo et le Ghana.", "BF"),
    # traps: a country the place is said to be in
    ("en", "The volunteers of Burkina Faso are recruited in their own villages. Four of them were killed on Thursday in the "
     "village of Kobadi, near the border with Togo, in Ghana.", "GH"),
    ("fr", "Les volontaires du Burkina Faso sont recrutés dans leurs villages. Quatre d'entre eux ont été tués jeudi dans le "
     "village de Kobadi, près de la frontière avec le Togo, au Ghana.", "GH"),
]


@pytest.mark.parametrize(("lang", "text", "country"), COUNTRY_ROWS)
def test_unlisted_place_country(extractors: dict[str, Extractor], lang: str, text: str, country: str) -> None:
    events = extractors[lang].extract(Article(id="t", text=text, published=dt.date(2024, 3, 5), lang=lang))
    assert len(events) == 1
    assert events[0].location is not None
    assert (events[0].location.name, events[0].location.country_code) == ("Kobadi", country)


# An unlisted place near the border with neighbours lies in the one region along all of them (place_roles.yaml
# regions_by_border); a border several regions share says nothing (language, text, country code, admin1)
BORDER_ROWS = [
    ("en", "The volunteers of Burkina Faso are recruited in their own villages. Four of them were killed on Thursday in the "
     "village of Kouloubané, near the border with Mali and Ivory Coast.", "BF", "Cascades"),
    ("fr", "Les volontaires du Burkina Faso sont recrutés dans leurs villages. Quatre d'entre eux ont été tués jeudi dans le "
     "village de Kouloubané, près de la frontière avec le Mali et la Côte d'Ivoire.", "BF", "Cascades"),
    ("en", "The volunteers of Burkina Faso are recruited in their own villages. Four of them were killed on Thursday in the "
     "village of Kouloubané, near the border with Benin.", "BF", "Est"),
    ("fr", "Les soldats du Niger patrouillent chaque semaine. Quatre d'entre eux ont été tués jeudi dans le village de "
     "Kouloubané, près de la frontière avec le Nigeria et le Bénin.", "NE", "Dosso"),
    # traps: a border that several regions share
    ("en", "The volunteers of Burkina Faso are recruited in their own villages. Four of them were killed on Thursday in the "
     "village of Kouloubané, near the border with Ghana.", "BF", None),
    ("fr", "Les volontaires du Burkina Faso sont recrutés dans leurs villages. Quatre d'entre eux ont été tués jeudi dans le "
     "village de Kouloubané, près de la frontière avec le Niger.", "BF", None),
]


@pytest.mark.parametrize(("lang", "text", "country", "admin1"), BORDER_ROWS)
def test_unlisted_place_near_borders(
    extractors: dict[str, Extractor], lang: str, text: str, country: str, admin1: str | None
) -> None:
    events = extractors[lang].extract(Article(id="t", text=text, published=dt.date(2024, 3, 5), lang=lang))
    assert len(events) == 1
    assert events[0].location is not None
    assert (events[0].location.name, events[0].location.country_code, events[0].location.admin1) == ("Kouloubané", country, admin1)


# A broken cue file fails at load, naming the file and the field
BROKEN_ROLES = {
    "unknown_top_key": ("roles: {}\ncues: []\n", "cues"),
    "unknown_role_list": ("roles:\n  outlet_names: {en: [Radio Omega]}\n", "outlet_names"),
    "list_not_text": ("roles:\n  outlets: {en: [[Radio, Omega]]}\n", "outlets.en.0"),
}


@pytest.mark.parametrize("case", list(BROKEN_ROLES))
def test_broken_place_roles_fail_with_their_field(tmp_path: Path, case: str) -> None:
    text, field = BROKEN_ROLES[case]
    path = tmp_path / "place_roles.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError) as error:
        load_place_roles(path)
    assert error.value.path == str(path) and field in str(error.value)


# admin1 by either convention: ACLED's regions (Menaka, Taoudeni) or GeoNames' place rows, which
# still code the places of those regions under the older one they were carved out of
REGION_ROWS = [
    ("en", "Militants attacked an army camp in Anderamboukane on Sunday, killing six soldiers.", "Menaka", "Gao"),
    ("en", "Gunmen killed four traders near Indelimane on Sunday, a local official said.", "Menaka", "Gao"),
    ("fr", "Des hommes armés ont tué trois bergers dimanche à Ménaka, selon un élu local.", "Menaka", "Gao"),
    ("fr", "Des jihadistes ont attaqué dimanche un convoi de sel près d'Araouane.", "Taoudeni", "Tombouctou"),
    ("en", "A roadside bomb killed two soldiers near Ansongo on Sunday.", "Gao", "Gao"),
    ("fr", "Des hommes armés ont tué cinq civils dimanche à Djibo.", "Sahel", "Sahel"),
]


@pytest.fixture(scope="module")
def by_regions() -> dict[tuple[str, str], Extractor]:
    return {(lang, regions): Extractor(lang=lang, regions=regions) for lang in ("en", "fr") for regions in ("acled", "geonames")}


@pytest.mark.parametrize(("lang", "text", "acled", "geonames"), REGION_ROWS)
def test_regions_convention(by_regions: dict[tuple[str, str], Extractor], lang: str, text: str, acled: str, geonames: str) -> None:
    found = []
    for regions in ("acled", "geonames"):
        events = by_regions[(lang, regions)].extract(
            Article(id="t", text=text, published=dt.date(2024, 3, 5), lang=lang)
        )
        found.append(events[0].location.admin1 if events and events[0].location else None)
    assert found == [acled, geonames]

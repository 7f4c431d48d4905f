"""Who did it, to whom, and what kind of event: news sentences in English and French.

Each row is a sentence written for this table in the style of wire copy or local press, with what
an ACLED coder records: the event type, the initiator (Actor 1) and target (Actor 2) by canonical
name, and the names that must not be parties at all. The rows cover the traps of real news:
passive voice and agents ("killed by jihadists", "perpétrée par"), claims and attributions, a group
named only as context ("no group has claimed …, but JNIM is active"), the source of the news ("the
army said"), both sides among the dead, victims who never initiate, a foreign force of another
sentence and time, civilians who are no side of a battle, soldiers killing villagers, air and drone
strikes, an IED against an ambush with gunfire, protests against riots and mob violence, the
strategic developments (coup, mutiny, withdrawal, handover, arrest), unnamed attackers and
civilian victims.
"""

from __future__ import annotations

import datetime as dt

import pytest

from sahel_extract import Article, Extractor

INI, TGT = "initiator", "target"
PUBLISHED = dt.date(2024, 3, 6)
Pairs = tuple[tuple[str, str], ...]

# (id, lang, sentence, event_type, ((actor, role), ...), names that are no party); one per line.
# fmt: off
ROWS: list[tuple[str, str, str, str, Pairs, tuple[str, ...]]] = [
    ('en-passive-jihadists', 'en', 'On 2 March 2024, six soldiers were killed by jihadists near Djibo.', 'Battles', (('Unidentified armed group', INI), ('Burkina Faso forces', TGT)), ()),
    ('en-passive-carried-out-by-fighters', 'en', 'On 2 March 2024, the attack on the gendarmerie post of Inata was carried out by several hundred Ansarul Islam fighters, killing 20 gendarmes.', 'Battles', (('Ansarul Islam', INI), ('Burkina Faso forces', TGT)), ()),
    ('en-passive-ambushed-by-jnim', 'en', 'On 1 March 2024, a Malian army convoy was ambushed by JNIM fighters near Boni.', 'Battles', (('JNIM', INI), ('FAMa', TGT)), ()),
    ('fr-passive-tues-par', 'fr', 'Le 2 mars 2024, huit soldats ont été tués par des jihadistes près de Djibo.', 'Battles', (('Unidentified armed group', INI), ('Burkina Faso forces', TGT)), ()),
    ('fr-passive-perpetree-par-eigs', 'fr', "Le 1er mars 2024, le village de Tin a fait l'objet d'une attaque perpétrée par les terroristes de l'EIGS, qui ont tué 12 villageois.", 'Violence against civilians', (('ISSP', INI), ('Civilians', TGT)), ()),
    ('fr-passive-menee-par-gsim', 'fr', "Le 27 février 2024, une attaque menée par le GSIM contre le village d'Ogota a tué 32 civils.", 'Violence against civilians', (('JNIM', INI), ('Civilians', TGT)), ()),
    ('en-claimed-by', 'en', 'The ambush that killed 11 Nigerien soldiers near Tillia on 2 March 2024 was claimed by the Islamic State Sahel Province.', 'Battles', (('ISSP', INI), ('Niger forces', TGT)), ()),
    ('en-x-claimed', 'en', 'JNIM claimed the attack on a military post in Diapaga on 1 March 2024 that killed 15 soldiers.', 'Battles', (('JNIM', INI), ('Burkina Faso forces', TGT)), ()),
    ('fr-revendique-par', 'fr', "L'attaque du 3 mars 2024 contre le poste militaire de Boni, qui a tué neuf soldats, a été revendiquée par le JNIM.", 'Battles', (('JNIM', INI), ('FAMa', TGT)), ()),
    ('en-boko-haram-attack', 'en', 'Twelve soldiers were killed on 3 March 2024 in a Boko Haram attack on a military outpost in Bosso.', 'Battles', (('ISWAP/Boko Haram', INI), ('Niger forces', TGT)), ()),
    ('fr-attaque-de-boko-haram', 'fr', "Le 3 mars 2024, l'attaque de Boko Haram à Bosso a fait 28 morts parmi les civils.", 'Violence against civilians', (('ISWAP/Boko Haram', INI), ('Civilians', TGT)), ()),
    ('en-attributed-to', 'en', 'The government attributed the killing of 40 villagers in Diallassagou on 2 March 2024 to Katiba Macina.', 'Violence against civilians', (('Katiba Macina', INI), ('Civilians', TGT)), ()),
    ('en-no-claim-but-active', 'en', 'Gunmen killed 16 worshippers at a mosque in Salmossi on 1 March 2024. No group has claimed responsibility, but JNIM and the Islamic State are active in the region.', 'Violence against civilians', (('Unidentified armed group', INI), ('Civilians', TGT)), ('JNIM', 'ISSP')),
    ('en-which-is-active', 'en', 'On 2 March 2024, armed men killed nine herders near Arbinda, an area where JNIM is active.', 'Violence against civilians', (('Unidentified armed group', INI), ('Civilians', TGT)), ('JNIM',)),
    ('en-linked-to-qaeda', 'en', 'On 2 March 2024, Ansarul Islam fighters, affiliated with the Group for the Support of Islam and Muslims, attacked a police station in Djibo.', 'Battles', (('Ansarul Islam', INI), ('Burkina Faso forces', TGT)), ('JNIM',)),
    ('fr-aucune-revendication', 'fr', "Le 4 mars 2024, des hommes armés non identifiés ont tué sept orpailleurs près de Kaya. L'attaque n'a pas été revendiquée, mais le JNIM est actif dans la zone.", 'Violence against civilians', (('Unidentified armed group', INI), ('Civilians', TGT)), ('JNIM',)),
    ('fr-lie-a-eigs', 'fr', "Le 2 mars 2024, des combattants de la Katiba Macina, liée au GSIM, ont attaqué un poste de l'armée malienne à Dogo.", 'Battles', (('Katiba Macina', INI), ('FAMa', TGT)), ()),
    ('en-army-said-gunmen', 'en', 'The Togolese army said on 3 March 2024 that several people were killed when gunmen attacked villages in Kpendjal.', 'Violence against civilians', (('Unidentified armed group', INI), ('Civilians', TGT)), ('Togo forces',)),
    ('en-minusma-reports', 'en', 'MINUSMA reported that an improvised explosive device killed two civilians near Douentza on 2 March 2024.', 'Explosions/Remote violence', (('Unidentified armed group', INI), ('Civilians', TGT)), ('MINUSMA',)),
    ('en-army-said-it-killed', 'en', 'The army said it killed 20 terrorists near Djibo on 2 March 2024.', 'Battles', (('Burkina Faso forces', INI), ('Unidentified armed group', TGT)), ()),
    ('fr-selon-l-armee', 'fr', "Selon l'armée, des terroristes ont attaqué le village de Koumbri le 2 mars 2024, tuant 11 civils.", 'Violence against civilians', (('Unidentified armed group', INI), ('Civilians', TGT)), ()),
    ('en-both-killed-in-attack', 'en', 'One soldier and four terrorists were killed in the attack on an army post in Boni on 3 March 2024.', 'Battles', (('Unidentified armed group', INI), ('FAMa', TGT)), ()),
    ('en-both-killed-boko-haram', 'en', 'On 3 March 2024, five soldiers and 30 Boko Haram militants were killed near Toumour.', 'Battles', (('ISWAP/Boko Haram', INI), ('Niger forces', TGT)), ()),
    ('fr-both-killed', 'fr', "Le 2 mars 2024, trois soldats et dix terroristes ont été tués lors de l'attaque du poste de Boni.", 'Battles', (('Unidentified armed group', INI), ('FAMa', TGT)), ()),
    ('en-militants-attacked-un-camp', 'en', 'Two civilians and a UN peacekeeper were killed on 2 March 2024 as militants attacked a United Nations camp in Kidal.', 'Battles', (('Unidentified armed group', INI), ('MINUSMA', TGT)), ()),
    ('en-victims-vdp', 'en', 'On 2 March 2024, eight VDP volunteers were killed in an ambush near Gorgadji.', 'Battles', (('Unidentified armed group', INI), ('VDP', TGT)), ()),
    ('en-victims-wagner', 'en', 'Islamist militants killed 20 Wagner mercenaries near Tinzaouatene on 2 March 2024.', 'Battles', (('Unidentified armed group', INI), ('Wagner Group', TGT)), ()),
    ('fr-victimes-dozos', 'fr', 'Le 2 mars 2024, douze chasseurs dozos ont été tués par des hommes armés près de Niono.', 'Battles', (('Unidentified armed group', INI), ('Dozo militia', TGT)), ()),
    ('en-gunmen-active-after-killed', 'en', 'Three people were killed on 1 March 2024 when gunmen attacked a bus near Bankass.', 'Violence against civilians', (('Unidentified armed group', INI), ('Civilians', TGT)), ()),
    ('en-french-other-sentence', 'en', 'Jihadists killed 17 soldiers in an ambush near Tessit on 2 March 2024. French troops left Mali in 2022.', 'Battles', (('Unidentified armed group', INI), ('FAMa', TGT)), ('French forces',)),
    ('fr-francais-autre-phrase', 'fr', 'Le 2 mars 2024, des jihadistes ont tué neuf soldats nigériens près de Tillia. Les soldats français ont quitté le Niger en décembre 2023.', 'Battles', (('Unidentified armed group', INI), ('Niger forces', TGT)), ('French forces',)),
    ('en-battle-soldiers-dead', 'en', 'On 2 March 2024, JNIM fighters attacked an army base in Djibo, killing 25 soldiers.', 'Battles', (('JNIM', INI), ('Burkina Faso forces', TGT)), ('Civilians',)),
    ('fr-combat-soldats-morts', 'fr', 'Le 2 mars 2024, des jihadistes ont attaqué le camp militaire de Boulkessi, tuant 14 soldats maliens.', 'Battles', (('Unidentified armed group', INI), ('FAMa', TGT)), ('Civilians',)),
    ('en-soldiers-massacre-villagers', 'en', 'On 2 March 2024, soldiers massacred 30 villagers in Karma, residents said.', 'Violence against civilians', (('Burkina Faso forces', INI), ('Civilians', TGT)), ()),
    ('en-army-executed-herders', 'en', 'Malian soldiers executed 12 herders near Diafarabe on 2 March 2024.', 'Violence against civilians', (('FAMa', INI), ('Civilians', TGT)), ()),
    ('fr-militaires-executent', 'fr', 'Le 2 mars 2024, des militaires maliens ont exécuté neuf civils près de Diafarabé.', 'Violence against civilians', (('FAMa', INI), ('Civilians', TGT)), ()),
    ('en-vdp-killed-civilians', 'en', 'VDP volunteers killed 28 civilians in Nouna on 2 March 2024.', 'Violence against civilians', (('VDP', INI), ('Civilians', TGT)), ()),
    ('en-drone-strike-civilians', 'en', 'A drone strike by the Malian army killed eight civilians at a market in Inadjatafane on 2 March 2024.', 'Explosions/Remote violence', (('FAMa', INI), ('Civilians', TGT)), ()),
    ('en-air-strike-wedding', 'en', 'On 2 March 2024, an air strike by the Nigerien army killed 20 civilians at a wedding near Tillia.', 'Explosions/Remote violence', (('Niger forces', INI), ('Civilians', TGT)), ()),
    ('fr-frappe-drone-civils', 'fr', "Le 2 mars 2024, des frappes de drone de l'armée malienne ont tué cinq civils à Inadjatafane.", 'Explosions/Remote violence', (('FAMa', INI), ('Civilians', TGT)), ()),
    ('en-ied-under-convoy', 'en', 'On 2 March 2024, an improvised explosive device exploded under a military convoy near Namsiguia, killing 15 soldiers.', 'Explosions/Remote violence', (('Unidentified armed group', INI), ('Burkina Faso forces', TGT)), ()),
    ('en-landmine-bus', 'en', 'At least 14 passengers were killed on 2 March 2024 when their bus hit a landmine near Douentza.', 'Explosions/Remote violence', (('Unidentified armed group', INI), ('Civilians', TGT)), ()),
    ('fr-engin-explosif-convoi', 'fr', "Le 2 mars 2024, un engin explosif improvisé a frappé un convoi de l'armée près de Gossi, tuant quatre soldats.", 'Explosions/Remote violence', (('Unidentified armed group', INI), ('FAMa', TGT)), ()),
    ('en-ied-then-ambush', 'en', 'On 2 March 2024, gunmen ambushed a military convoy near Tessit after an explosive device hit the lead vehicle, and opened fire on the soldiers, killing nine.', 'Battles', (('Unidentified armed group', INI), ('FAMa', TGT)), ()),
    ('fr-embuscade-apres-mine', 'fr', "Le 2 mars 2024, des terroristes ont tendu une embuscade à un convoi militaire près de Tessit après l'explosion d'une mine, puis ont ouvert le feu sur les soldats.", 'Battles', (('Unidentified armed group', INI), ('FAMa', TGT)), ()),
    ('en-shelling-timbuktu', 'en', 'Shells fired by militants on Timbuktu on 2 March 2024 killed two civilians.', 'Explosions/Remote violence', (('Unidentified armed group', INI), ('Civilians', TGT)), ()),
    ('en-peaceful-march', 'en', 'On 2 March 2024, about 100 people marched peacefully in Diafarabe to demand news of relatives detained by the army.', 'Protests', (('Protesters', INI),), ()),
    ('fr-marche-pacifique', 'fr', 'Le 2 mars 2024, des centaines de manifestants ont marché dans les rues de Niamey pour exiger le départ des troupes françaises.', 'Protests', (('Protesters', INI),), ()),
    ('en-protest-stones-riot', 'en', 'On 2 March 2024, protesters threw stones at a French army convoy and set fire to trucks in Tera.', 'Riots', (('Rioters', INI),), ()),
    ('en-protest-turns-violent', 'en', 'On 2 March 2024, a protest in Niamey turned violent when demonstrators attacked the French embassy and set fire to its gate.', 'Riots', (('Rioters', INI),), ()),
    ('fr-emeutiers-incendient', 'fr', "Le 2 mars 2024, des émeutiers ont incendié le siège d'un parti politique à Niamey.", 'Riots', (('Rioters', INI),), ()),
    ('en-mob-lynched', 'en', 'On 2 March 2024, an angry mob lynched two men accused of theft in Kaya.', 'Riots', (('Rioters', INI), ('Civilians', TGT)), ()),
    ('fr-foule-lynche', 'fr', 'Le 2 mars 2024, une foule en colère a lynché le chef de canton à Solenzo.', 'Riots', (('Rioters', INI), ('Civilians', TGT)), ()),
    ('en-coup', 'en', 'On 2 March 2024, soldiers seized power in a coup in Niamey and detained the president.', 'Strategic developments', (('Niger forces', INI),), ()),
    ('en-mutiny', 'en', 'On 2 March 2024, soldiers mutinied at the Kati military camp near Bamako.', 'Strategic developments', (('FAMa', INI),), ()),
    ('fr-mutinerie', 'fr', 'Le 2 mars 2024, des soldats se sont mutinés dans plusieurs casernes de Ouagadougou.', 'Strategic developments', (('Burkina Faso forces', INI),), ()),
    ('en-withdrawal', 'en', 'The last French troops left the Niamey air base on 2 March 2024, completing their withdrawal from Niger.', 'Strategic developments', (('French forces', INI),), ()),
    ('fr-retrait', 'fr', "Le 2 mars 2024, les derniers soldats français ont quitté la base de Ouallam, remise à l'armée nigérienne.", 'Strategic developments', (('French forces', INI),), ()),
    ('en-handover', 'en', 'On 2 March 2024, MINUSMA handed over its camp in Ber to the Malian army.', 'Strategic developments', (('MINUSMA', INI),), ()),
    ('en-arrest', 'en', 'On 2 March 2024, police arrested six opposition leaders in Bamako.', 'Strategic developments', (('FAMa', INI),), ()),
    ('fr-arrestation', 'fr', 'Le 2 mars 2024, la gendarmerie a arrêté trois journalistes à Ouagadougou.', 'Strategic developments', (('Burkina Faso forces', INI),), ()),
    ('en-gunmen-worshippers', 'en', 'On 2 March 2024, gunmen killed 12 worshippers during Friday prayers in a mosque in Fambita.', 'Violence against civilians', (('Unidentified armed group', INI), ('Civilians', TGT)), ()),
    ('en-terrorists-gold-miners', 'en', 'Terrorists killed 20 gold miners at a mining site near Kaya on 2 March 2024.', 'Violence against civilians', (('Unidentified armed group', INI), ('Civilians', TGT)), ()),
    ('en-jihadists-villagers', 'en', 'On 2 March 2024, suspected jihadists attacked the village of Solhan, killing 35 villagers.', 'Violence against civilians', (('Unidentified armed group', INI), ('Civilians', TGT)), ()),
    ('fr-hani-villageois', 'fr', 'Le 2 mars 2024, des hommes armés non identifiés ont attaqué le village de Tin, tuant 12 villageois.', 'Violence against civilians', (('Unidentified armed group', INI), ('Civilians', TGT)), ()),
    ('fr-terroristes-fideles', 'fr', 'Le 2 mars 2024, des terroristes ont encerclé la mosquée de Fambita et tué 44 fidèles.', 'Violence against civilians', (('Unidentified armed group', INI), ('Civilians', TGT)), ()),
    ('fr-jihadistes-orpailleurs', 'fr', "Le 2 mars 2024, des jihadistes ont tué 15 orpailleurs sur un site d'orpaillage près de Kaya.", 'Violence against civilians', (('Unidentified armed group', INI), ('Civilians', TGT)), ()),
    ('en-abducted-chief', 'en', 'On 2 March 2024, gunmen abducted a village chief near Niono.', 'Violence against civilians', (('Unidentified armed group', INI), ('Civilians', TGT)), ()),
    ('fr-enleve-chef', 'fr', 'Le 2 mars 2024, des hommes armés ont enlevé le chef de village de Tientienbougou.', 'Violence against civilians', (('Unidentified armed group', INI), ('Civilians', TGT)), ()),
    ('en-army-repelled-attack', 'en', 'The army repelled a JNIM attack on its post in Sebba on 2 March 2024, killing 15 assailants.', 'Battles', (('JNIM', INI), ('Burkina Faso forces', TGT)), ()),
    ('fr-armee-operation', 'fr', "Le 2 mars 2024, l'armée nigérienne a mené une opération contre des terroristes près de Mangaïzé, tuant 12 d'entre eux.", 'Battles', (('Niger forces', INI), ('Unidentified armed group', TGT)), ()),
    ('fr-fla-attaque-convoi', 'fr', "Le 2 mars 2024, le FLA a attaqué un convoi de l'armée malienne et d'Africa Corps près d'Aguelhok.", 'Battles', (('FLA', INI), ('FAMa', TGT)), ()),
    ('en-gold-mine-not-a-landmine', 'en', 'On 2 March 2024, gunmen attacked the Karma gold mine, killing four miners.', 'Violence against civilians', (('Unidentified armed group', INI), ('Civilians', TGT)), ()),
    ('fr-mine-d-or-pas-un-engin', 'fr', "Le 2 mars 2024, des hommes armés ont attaqué une mine d'or près de Kaya, tuant 10 orpailleurs.", 'Violence against civilians', (('Unidentified armed group', INI), ('Civilians', TGT)), ()),
    ('en-soldier-from-barkhane', 'en', 'An improvised explosive device killed one soldier from the French Operation Barkhane near Indelimane on 2 March 2024.', 'Explosions/Remote violence', (('Unidentified armed group', INI), ('French forces', TGT)), ('FAMa',)),
    ('fr-soldats-de-la-minusma', 'fr', "Le 2 mars 2024, deux soldats de la MINUSMA ont été tués par une mine près d'Aguelhok.", 'Explosions/Remote violence', (('Unidentified armed group', INI), ('MINUSMA', TGT)), ('FAMa',)),
    ('en-soldiers-of-the-army-killed', 'en', 'On 2 March 2024, soldiers of the Malian army killed 10 jihadists near Boni.', 'Battles', (('FAMa', INI), ('Unidentified armed group', TGT)), ()),
    ('en-forces-fired-on-protesters', 'en', 'On 2 March 2024, security forces opened fire on protesters in Gao, killing three of them.', 'Protests', (('FAMa', INI), ('Protesters', TGT)), ()),
    ('en-group-then-generic-subject', 'en', 'In another attack, Boko Haram jihadists killed at least 27 people in Toumour on 2 March 2024.', 'Violence against civilians', (('ISWAP/Boko Haram', INI), ('Civilians', TGT)), ()),
    ('en-auxiliaries-killed-not-attackers', 'en', 'Five civilian volunteers with the army were killed in an attack near Gnangdin on 2 March 2024, the army said.', 'Battles', (('Unidentified armed group', INI), ('VDP', TGT)), ()),
    ('fr-elements-ont-attaque', 'fr', "Le 2 mars 2024, des éléments de Boko Haram ont attaqué la position de l'armée tchadienne à Dangdala, tuant 23 militaires.", 'Battles', (('ISWAP/Boko Haram', INI), ('Chad forces', TGT)), ()),
    ('en-presence-of-forces', 'en', 'On 2 March 2024, gunmen killed 12 villagers in Boni despite the presence of UN (MINUSMA) and French (Barkhane) forces.', 'Violence against civilians', (('Unidentified armed group', INI), ('Civilians', TGT)), ('MINUSMA', 'French forces')),
    ('en-affiliated-with-long', 'en', 'On 2 March 2024, several hundred Ansaroul Islam fighters, affiliated with the terrorist organization Group for the Support of Islam and Muslims (GSIM), attacked the gendarmerie in Inata.', 'Battles', (('Ansarul Islam', INI), ('Burkina Faso forces', TGT)), ('JNIM',)),
    ('en-tuareg-rebels-2023-csp', 'en', 'On 12 September 2023, Tuareg rebels clashed with the military in Bourem.', 'Battles', (('CSP', INI), ('FAMa', TGT)), ('MNLA',)),
    ('en-tuareg-rebels-2013-mnla', 'en', 'On 12 September 2013, Tuareg rebels clashed with the military in Anefis.', 'Battles', (('MNLA', INI), ('FAMa', TGT)), ()),
    ('fr-source-du-bilan', 'fr', "Le 2 mars 2024, des terroristes ont tué 44 fidèles dans la mosquée de Fambita. Le bilan provisoire communiqué par les Forces de Défense et de Sécurité fait aussi état de 13 blessés.", 'Violence against civilians', (('Unidentified armed group', INI), ('Civilians', TGT)), ('Niger forces',)),
    ('fr-de-meche-avec', 'fr', "Le 2 mars 2024, des habitants de Solenzo ont lynché le chef de canton, suspecté d'être de mèche avec les terroristes.", 'Riots', (('Rioters', INI), ('Civilians', TGT)), ('Unidentified armed group',)),
    ('en-battle-with-context', 'en', 'On 2 March 2024, the raid on the village of Kodyel killed 25 villagers, one of the deadliest in the country’s long battle with jihadists.', 'Violence against civilians', (('Unidentified armed group', INI), ('Civilians', TGT)), ()),
    # forces: the attacker only by their own verb; a force named beside the act is the side hit
    ('en-attackers-killed-later-stay-attackers', 'en', 'Gunmen attacked the UN camp in Douentza on 2 March 2024. UN troops later killed six of the assailants.', 'Battles', (('Unidentified armed group', INI),), ()),
    ('en-force-in-sentence-without-act', 'en', 'Unidentified gunmen attacked a UN camp in Timbuktu on 2 March 2024, killing seven people. A member of the Malian gendarmerie was also killed.', 'Battles', (('Unidentified armed group', INI), ('FAMa', TGT)), ()),
    ('en-under-attack-from', 'en', 'The site came under attack from about 10 armed men on 2 March 2024 near Tiabangou, and a Canadian geologist was kidnapped.', 'Violence against civilians', (('Unidentified armed group', INI), ('Civilians', TGT)), ()),
    ('en-barkhane-forces-conducted', 'en', 'On 2 March 2024, French Operation Barkhane forces conducted an airstrike against JNIM militants near Gossi, killing three.', 'Explosions/Remote violence', (('French forces', INI), ('JNIM', TGT)), ()),
    ('en-volunteers-supporting-forces', 'en', 'On 2 March 2024, twelve civilian volunteers supporting the armed forces were killed in an attack by suspected militants at Boala.', 'Battles', (('Unidentified armed group', INI), ('VDP', TGT)), ('Burkina Faso forces',)),
    ('fr-suppletifs-de-l-armee', 'fr', "Le 2 mars 2024, des VDP, supplétifs de l'armée, ont tué 28 civils à Nouna.", 'Violence against civilians', (('VDP', INI), ('Civilians', TGT)), ('Burkina Faso forces',)),
    ('fr-fama-ont-neutralise', 'fr', 'Le 2 mars 2024, les FAMa ont neutralisé 12 terroristes près de Boni.', 'Battles', (('FAMa', INI), ('Unidentified armed group', TGT)), ()),
    ('fr-soldats-ont-arrete', 'fr', 'Le 2 mars 2024, des soldats maliens ont arrêté 30 civils à Sofara.', 'Strategic developments', (('FAMa', INI),), ()),
    # an air strike that no force signs is the state's; a force is a crowd's party only where they meet
    ('en-unsigned-air-strike-army-said', 'en', "Burkina Faso's army said on 2 March 2024 that 30 civilians were killed in an air strike against jihadists near Djamanga.", 'Explosions/Remote violence', (('Burkina Faso forces', INI), ('Civilians', TGT)), ()),
    ('fr-frappe-aerienne-non-signee', 'fr', "Le 27 septembre 2024, des leaders d'un groupe armé terroriste ont été frappés par une frappe aérienne à 30 km au nord de Gossi.", 'Explosions/Remote violence', (('FAMa', INI), ('Unidentified armed group', TGT)), ()),
    ('en-protest-against-troops', 'en', 'About 1,000 protesters demonstrated against foreign troops in Bamako on 2 March 2024.', 'Protests', (('Protesters', INI),), ('FAMa',)),
    ('en-riot-supporting-soldiers', 'en', 'On 2 March 2024, protesters came out to support the mutinous soldiers and set fire to the headquarters of the ruling party in Niamey.', 'Riots', (('Rioters', INI),), ('Niger forces',)),
    ('en-rioters-clashed-with-police', 'en', 'On 2 March 2024, rioters clashed with police in Kayes and burned tyres.', 'Riots', (('Rioters', INI), ('FAMa', TGT)), ()),
    ('fr-emeute-soutien-putschistes', 'fr', 'Le 2 mars 2024, des manifestants ont incendié le siège du parti au pouvoir à Niamey pour soutenir les militaires putschistes.', 'Riots', (('Rioters', INI),), ('Niger forces',)),
    ('fr-police-disperse-manifestants', 'fr', 'Le 2 mars 2024, la police a dispersé à coups de gaz lacrymogène des manifestants qui bloquaient la route à Kayes.', 'Protests', (('Protesters', INI), ('FAMa', TGT)), ()),
    # a weapon word says which "strike"; a bare "attack" is told how by the incident's remote weapons
    ('en-drone-kamikaze-strikes', 'en', 'On 2 March 2024, drone kamikaze strikes hit an army convoy near Aguelhok.', 'Explosions/Remote violence', (('Unidentified armed group', INI), ('FAMa', TGT)), ('Protesters',)),
    ('en-precision-strike-camp-occupied-by', 'en', 'On 2 March 2024, a precision strike hit a camp occupied by the Africa Corps in Aguelhok.', 'Explosions/Remote violence', (('Unidentified armed group', INI), ('Africa Corps', TGT)), ('Protesters',)),
    ('en-labour-strike-stays-protest', 'en', 'Teachers went on strike in Gao on 2 March 2024 to demand their unpaid wages.', 'Protests', (('Protesters', INI),), ()),
    ('en-terrorist-shellfire', 'en', 'Two civilians were killed by terrorist shellfire in Timbuktu on 2 March 2024.', 'Explosions/Remote violence', (('Unidentified armed group', INI), ('Civilians', TGT)), ()),
    ('en-claimed-attack-then-explosive', 'en', 'The Islamic State group claimed an attack on a French army convoy near Indelimane on 2 March 2024. The group said it detonated an explosive device that disabled one vehicle, killing one soldier.', 'Explosions/Remote violence', (('ISSP', INI), ('French forces', TGT)), ('FAMa',)),
    ('en-attack-on-camp-told-as-rockets', 'en', 'An attack on the MINUSMA camp in Kidal killed a soldier and two civilians on 2 March 2024. The camp was hit by more than 30 rockets and shells.', 'Explosions/Remote violence', (('Unidentified armed group', INI), ('MINUSMA', TGT)), ('FAMa',)),
    ('en-attack-with-ambush-stays-battle', 'en', 'Militants attacked a MINUSMA convoy near Aguelhok on 2 March 2024. A mine exploded under a truck and the attackers then ambushed the convoy, killing two peacekeepers.', 'Battles', (('Unidentified armed group', INI), ('MINUSMA', TGT)), ()),
    ('fr-frappes-avec-precision', 'fr', "Le 27 septembre 2024, des leaders d'un groupe armé terroriste ont été surpris en réunion et frappés avec précision à 30 km au nord de Gossi.", 'Explosions/Remote violence', (('FAMa', INI), ('Unidentified armed group', TGT)), ()),
    ('fr-drones-kamikazes', 'fr', "Le 2 mars 2024, des drones kamikazes ont frappé un convoi de l'armée près de Tessit.", 'Explosions/Remote violence', (('Unidentified armed group', INI), ('FAMa', TGT)), ('Protesters',)),
    ('fr-greve-reste-manifestation', 'fr', 'Le 2 mars 2024, les enseignants sont en grève à Gao pour réclamer leurs salaires.', 'Protests', (('Protesters', INI),), ()),
    ('fr-volonte-manifeste-pas-une-manifestation', 'fr', 'Le 3 mars 2024, des jihadistes ont tué cinq civils à Kaya, dans une volonté manifeste de terroriser la population.', 'Violence against civilians', (('Unidentified armed group', INI), ('Civilians', TGT)), ('Protesters',)),
    ('fr-attaque-dite-par-les-obus', 'fr', "L'attaque contre le camp de la MINUSMA à Tessalit a tué un soldat le 2 mars 2024. Le camp a essuyé des tirs d'obus.", 'Explosions/Remote violence', (('Unidentified armed group', INI), ('MINUSMA', TGT)), ('FAMa',)),
    # a force that comes afterwards, helps the rescue or is in a plan is no party; examples of a kind neither
    ('en-responders-who-arrived', 'en', 'Gunmen attacked villages in Kpendjal on 2 March 2024, killing several people. The wounded were taken care of by the first elements of the Togolese Armed Forces who arrived.', 'Violence against civilians', (('Unidentified armed group', INI), ('Civilians', TGT)), ('Togo forces',)),
    ('en-arrived-and-killed-is-a-party', 'en', 'Soldiers who arrived at the scene killed three assailants in Boni on 2 March 2024.', 'Battles', (('FAMa', INI), ('Unidentified armed group', TGT)), ()),
    ('en-forces-likely-to-respond', 'en', 'Gunmen killed 37 civilians in Darey-Dey on 2 March 2024. The security forces are likely to conduct counter-militant operations in response.', 'Violence against civilians', (('Unidentified armed group', INI), ('Civilians', TGT)), ('Niger forces',)),
    ('en-plan-to-deploy-troops', 'en', 'An improvised explosive device killed 24 bus passengers near Boni on 2 March 2024. Mali and Senegal plan to deploy 1,000 troops soon in an operation to pacify the area.', 'Explosions/Remote violence', (('Unidentified armed group', INI), ('Civilians', TGT)), ('FAMa',)),
    ('en-peacekeepers-supporting-rescue', 'en', 'The peacekeepers are currently supporting search and rescue operations after gunmen attacked the Malian army camp in Indelimane on 2 March 2024, killing 13 soldiers.', 'Battles', (('Unidentified armed group', INI), ('FAMa', TGT)), ('MINUSMA',)),
    ('en-army-deployed-afterwards', 'en', 'On 2 March 2024, unknown gunmen attacked a civilian bus near Gossi, wounding seven passengers; the army was deployed afterwards.', 'Violence against civilians', (('Unidentified armed group', INI), ('Civilians', TGT)), ('FAMa',)),
    ('en-groups-including-list', 'en', 'Gunmen killed two Indian workers in Dosso on 2 March 2024. These groups, including ISIS-Sahel, Boko Haram, and al-Qaeda-affiliated groups, have exploited the porous borders.', 'Violence against civilians', (('Unidentified armed group', INI), ('Civilians', TGT)), ('ISSP', 'ISWAP/Boko Haram', 'JNIM')),
    ('en-groups-such-as-active', 'en', 'Militants attacked a village near Tillia on 2 March 2024 and killed 12 civilians. Groups such as JNIM and the Islamic State are active across the border.', 'Violence against civilians', (('Unidentified armed group', INI), ('Civilians', TGT)), ('JNIM', 'ISSP')),
    ('fr-premiers-elements-arrives', 'fr', "Le 2 mars 2024, des hommes armés ont tué huit civils à Kpendjal. Les blessés ont été pris en charge par les premiers éléments de l'armée arrivés sur les lieux.", 'Violence against civilians', (('Unidentified armed group', INI), ('Civilians', TGT)), ('Togo forces',)),
    ('fr-armee-devrait-mener', 'fr', "Le 2 mars 2024, des jihadistes ont tué 12 villageois près de Tillia. L'armée devrait mener des opérations de ratissage dans la zone.", 'Violence against civilians', (('Unidentified armed group', INI), ('Civilians', TGT)), ('Niger forces',)),
    ('fr-groupes-dont-liste', 'fr', "Le 2 mars 2024, des hommes armés ont tué deux orpailleurs près de Dosso. Ces groupes, dont l'EIGS, Boko Haram et des groupes liés à al-Qaïda, profitent de la porosité des frontières.", 'Violence against civilians', (('Unidentified armed group', INI), ('Civilians', TGT)), ('ISSP', 'ISWAP/Boko Haram', 'JNIM')),
    # names the table lacked: Mossi villagers as a militia, Donzo hunters, ISWAP as a "province", "the Tuaregs"
    ('en-mossi-ethnic-group-attacked', 'en', 'On 1 January 2019, Yirgou villagers, who largely belong to the Mossi ethnic group, attacked a nearby camp of Fulani herders, killing seven people.', 'Violence against civilians', (('Mossi militia', INI), ('Civilians', TGT)), ('Unidentified armed group',)),
    ('en-ethnic-donzos-killed', 'en', 'On 11 August 2021, militants killed five ethnic Donzos near Silama.', 'Battles', (('Unidentified armed group', INI), ('Dozo militia', TGT)), ()),
    ('en-west-africa-province', 'en', 'Fighters of the West Africa Province killed 30 soldiers in an attack on a military base in Toumour on 9 March 2019.', 'Battles', (('ISWAP/Boko Haram', INI), ('Niger forces', TGT)), ()),
    ('en-repelled-the-tuaregs', 'en', 'On 18 November 2012, MUJAO fighters repelled the Tuaregs from Gao after a day of fighting.', 'Battles', (('MNLA', INI), ('MUJAO', TGT)), ()),
    ('fr-donzos-tues', 'fr', 'Le 2 mars 2024, des jihadistes ont tué sept donzos près de Djenné.', 'Battles', (('Unidentified armed group', INI), ('Dozo militia', TGT)), ()),
    ('fr-villageois-mossi', 'fr', 'Le 1er janvier 2019, des villageois mossi ont attaqué un campement peul près de Yirgou, tuant sept personnes.', 'Violence against civilians', (('Mossi militia', INI), ('Civilians', TGT)), ()),
    # a force accused of helping, pressing the attackers, or a crowd's grievance is no party
    ('en-accused-of-providing-support', 'en', 'Gunmen killed 42 soldiers in Tessit on 7 August 2022. Officials accused the French troops of providing support to the militants.', 'Battles', (('Unidentified armed group', INI), ('FAMa', TGT)), ('French forces',)),
    ('en-army-alleged-that', 'en', 'On 7 August 2022, the army alleged that attackers who killed 42 soldiers in Tessit had external support.', 'Battles', (('Unidentified armed group', INI), ('FAMa', TGT)), ()),
    ('en-cornered-by-operations-by', 'en', 'Gunmen cornered by the security forces killed 21 villagers in Libiri on 12 December 2024.', 'Violence against civilians', (('Unidentified armed group', INI), ('Civilians', TGT)), ('Niger forces',)),
    ('en-protest-against-french-forces', 'en', 'On 2 March 2024, hundreds of protesters marched in Bamako against the French troops.', 'Protests', (('Protesters', INI),), ('French forces',)),
    ('en-peacekeepers-dispersed-crowd', 'en', 'On 2 March 2024, UN peacekeepers fired tear gas to disperse protesters who had gathered at the MINUSMA camp in Kidal.', 'Protests', (('Protesters', INI), ('MINUSMA', TGT)), ()),
    ('fr-accuse-de-soutenir', 'fr', "Le 7 août 2022, des assaillants ont tué 42 soldats à Tessit. Les autorités ont accusé l'armée française de soutenir les terroristes.", 'Battles', (('Unidentified armed group', INI), ('FAMa', TGT)), ('French forces',)),
    ('fr-traques-par-l-armee', 'fr', "Le 2 mars 2024, des terroristes traqués par l'armée ont tué neuf villageois près de Kaya.", 'Violence against civilians', (('Unidentified armed group', INI), ('Civilians', TGT)), ('Burkina Faso forces',)),
    ('fr-manifestation-contre-barkhane', 'fr', 'Le 2 mars 2024, des habitants de Kidal ont manifesté pour exiger le départ de la force Barkhane.', 'Protests', (('Protesters', INI),), ('French forces',)),
    # the members of a group act as the group; the one fought off had attacked
    ('en-members-of-affiliate-killed', 'en', 'Members of a Daesh affiliate in Mali killed about 30 civilians in an attack on Talataye on 2 March 2024.', 'Violence against civilians', (('ISSP', INI), ('Civilians', TGT)), ()),
    ('en-killed-members-of-vdp', 'en', 'On 2 March 2024, gunmen killed three members of the VDP near Djibo.', 'Battles', (('Unidentified armed group', INI), ('VDP', TGT)), ()),
    ('en-army-repelled-militants', 'en', 'On 2 March 2024, the army repelled JNIM militants near Djibo, killing ten.', 'Battles', (('JNIM', INI), ('Burkina Faso forces', TGT)), ()),
    ('fr-elements-de-l-eigs-ont-tue', 'fr', "Le 2 mars 2024, des éléments de l'EIGS ont tué 14 civils près de Ménaka.", 'Violence against civilians', (('ISSP', INI), ('Civilians', TGT)), ()),
    ('fr-armee-a-repousse-les-assaillants-du-jnim', 'fr', 'Le 2 mars 2024, l\'armée a repoussé le JNIM près de Boni, tuant dix assaillants.', 'Battles', (('JNIM', INI), ('FAMa', TGT)), ()),
    ('en-desert-platform-is-no-coalition', 'en', 'On 2 March 2024, gunmen attacked the operational desert platform of the Malian army near Gao, killing two soldiers.', 'Battles', (('Unidentified armed group', INI), ('FAMa', TGT)), ('Platform',)),
    ('en-platform-coalition-named', 'en', 'On 2 March 2024, fighters of the Platform coalition clashed with JNIM militants near Anefis.', 'Battles', (('Platform', INI), ('JNIM', TGT)), ()),
    ('en-country-army-volunteers', 'en', 'Five Burkina Faso army volunteers were killed in an attack near Gnangdin on 2 March 2024.', 'Battles', (('Unidentified armed group', INI), ('VDP', TGT)), ('Burkina Faso forces',)),
    ('en-volunteers-supporting-the-army', 'en', 'On 2 March 2024, suspected militants attacked local volunteers supporting the Burkina Faso army near Boala, killing 12.', 'Battles', (('Unidentified armed group', INI),), ('Burkina Faso forces',)),
]
# fmt: on


def test_rows_are_many_distinct_and_in_both_languages() -> None:
    assert len(ROWS) >= 60
    assert len({row[0] for row in ROWS}) == len(ROWS), "duplicate row ids"
    assert {row[1] for row in ROWS} == {"en", "fr"}


@pytest.mark.parametrize(("lang", "sentence", "event_type", "pairs", "absent"), [row[1:] for row in ROWS], ids=[row[0] for row in ROWS])
def test_actors_roles_and_type(
    extractor: Extractor, lang: str, sentence: str, event_type: str, pairs: Pairs, absent: tuple[str, ...]
) -> None:
    events = extractor.extract(Article(id="t", text=sentence, published=PUBLISHED, lang=lang))
    assert events, f"no event from: {sentence}"
    event = events[0]
    got = f"{event.event_type} | " + ", ".join(f"{a.name}={a.role}" for a in event.actors)
    assert event.event_type == event_type, got
    for name, role in pairs:
        assert any(a.name == name and a.role == role for a in event.actors), f"missing ({name}, {role}): {got}"
    for name in absent:
        assert all(a.name != name for a in event.actors), f"{name} is no party: {got}"

"""Who did what to whom, in ACLED's terms: one sentence, one event, its type, sub-type and actor roles.

Every row is an invented sentence in the style of an ACLED note or a news wire, dated and placed in
the Sahel, with what an ACLED coder would record: event type, sub-event type, and the actors as
Actor 1 (`initiator`), Actor 2 (`target`) and associated actors (`associated`). The expectations
are ACLED's coding rules, not the pipeline's current output: where the two differ the case is a
strict xfail whose reason quotes what the pipeline produced, so a fix that closes the gap fails as
XPASS(strict) until its entry in `GAPS` is removed.

ACLED rules the table leans on:
- an attack on soldiers is a Battle (armed actors on both sides); killing unarmed people is
  Violence against civilians, whose Actor 2 is always Civilians (traders, aid workers, journalists
  and villagers of any ethnic group are "Civilians" with an associated label);
- remote weapons with no ground fight are Explosions/Remote violence, also when they kill
  civilians; an air strike inside a ground battle stays a Battle;
- an unattributed attack, IED or ambush still has an Actor 1: "Unidentified armed group";
- protesters are Actor 1 of a peaceful protest and of a protest with intervention (the
  intervening force is Actor 2); the force is Actor 1 of "Excessive force against protesters";
- katibas of JNIM are coded as JNIM; a partner in "backed by", "supported by", "alongside" is
  an associated actor; generic "soldiers" take the state forces of the event's country.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest

from sahel_extract import Article, Event, Extractor
from sahel_extract.models import SUB_EVENT_TYPES, ActorMention

INI, TGT, ASC = "initiator", "target", "associated"
DEFAULT_PUBLISHED = dt.date(2024, 3, 6)
MONTHS = tuple(calendar.month_name)[1:]
DATE = re.compile(r"\b(\d{1,2}) (" + "|".join(MONTHS) + r") (\d{4})\b")

Pairs = tuple[tuple[str, str], ...]
Case = tuple[str, str, str, str, Pairs]

# (id, sentence, event_type, sub_event_type, ((actor, role), ...)); one case per line, kept by fmt: off.
# fmt: off
CASES: list[Case] = [
    # --- Battles / Armed clash: active voice ------------------------------------------------------
    ("clash-jnim-post", "On 3 March 2024, JNIM fighters attacked a FAMa post in Boni, killing four soldiers.", "Battles", "Armed clash", (("JNIM", INI), ("FAMa", TGT))),
    ("clash-isgs-malian-troops", "On 3 March 2024, ISGS militants clashed with Malian troops near Ansongo.", "Battles", "Armed clash", (("ISSP", INI), ("FAMa", TGT))),
    ("clash-eigs-ambush-niger", "On 2 March 2024, EIGS fighters ambushed a Nigerien army patrol near Tillia, killing 11 soldiers.", "Battles", "Armed clash", (("ISSP", INI), ("Niger forces", TGT))),
    ("clash-is-sahel-niger", "On 1 March 2024, IS Sahel fighters attacked Nigerien soldiers in Banibangou.", "Battles", "Armed clash", (("ISSP", INI), ("Niger forces", TGT))),
    ("clash-katiba-serma", "On 4 March 2024, Katiba Serma fighters ambushed Malian soldiers near Hombori.", "Battles", "Armed clash", (("JNIM", INI), ("FAMa", TGT))),
    ("clash-katiba-macina-dozo", "On 2 March 2024, Katiba Macina fighters attacked Dozo hunters near Niono.", "Battles", "Armed clash", (("JNIM", INI), ("Dozo militia", TGT))),
    ("clash-dan-na-ambassagou-fulani", "On 1 March 2024, Dan Na Ambassagou militiamen clashed with Fulani militiamen near Bankass.", "Battles", "Armed clash", (("Dan Na Ambassagou", INI), ("Fulani militia", TGT))),
    ("clash-dogon-militia-jnim", "On 5 March 2024, a Dogon militia attacked JNIM fighters in Dinangourou.", "Battles", "Armed clash", (("Dogon militia", INI), ("JNIM", TGT))),
    ("clash-koglweogo-gunmen", "On 3 March 2024, Koglweogo members clashed with armed men near Kaya.", "Battles", "Armed clash", (("Koglweogo", INI), ("Unidentified armed group", TGT))),
    ("clash-jihadists-vdp", "On 2 March 2024, suspected jihadists attacked VDP volunteers in Sebba, killing eight of them.", "Battles", "Armed clash", (("Unidentified armed group", INI), ("VDP", TGT))),
    ("clash-gunmen-niger-checkpoint", "On 1 March 2024, armed men attacked a Nigerien security forces checkpoint in Tillia.", "Battles", "Armed clash", (("Unidentified armed group", INI), ("Niger forces", TGT))),
    ("clash-wagner-jnim", "On 2 March 2024, Wagner Group mercenaries clashed with JNIM fighters near Macina.", "Battles", "Armed clash", (("Wagner Group", INI), ("JNIM", TGT))),
    ("clash-russian-mercenaries-csp", "On 4 March 2024, Russian mercenaries clashed with CSP fighters near Tessalit.", "Battles", "Armed clash", (("Wagner Group", INI), ("CSP", TGT))),
    ("clash-fla-malian-troops", "On 15 December 2024, FLA fighters clashed with Malian troops near Tessalit.", "Battles", "Armed clash", (("FLA", INI), ("FAMa", TGT))),
    ("clash-mnla-2012", "On 17 January 2012, MNLA rebels attacked the army garrison in Ménaka.", "Battles", "Armed clash", (("MNLA", INI), ("FAMa", TGT))),
    ("clash-cma-gatia-2016", "On 22 July 2016, CMA fighters clashed with GATIA near Anefis.", "Battles", "Armed clash", (("CMA", INI), ("GATIA", TGT))),
    ("clash-platform-cma-2017", "On 12 July 2017, fighters of the Platform coalition clashed with the CMA near Anefis.", "Battles", "Armed clash", (("Platform", INI), ("CMA", TGT))),
    ("clash-jnim-minusma-2019", "On 20 January 2019, JNIM fighters stormed the MINUSMA camp in Aguelhok, killing ten peacekeepers.", "Battles", "Armed clash", (("JNIM", INI), ("MINUSMA", TGT))),
    ("clash-barkhane-isgs-2020", "On 9 February 2020, Barkhane forces clashed with ISGS militants near Ménaka, killing about 20 of them.", "Battles", "Armed clash", (("French forces", INI), ("ISSP", TGT))),
    ("clash-aqim-french-2013", "On 24 February 2013, AQIM militants clashed with French troops in the Ifoghas mountains near Tessalit.", "Battles", "Armed clash", (("AQIM", INI), ("French forces", TGT))),
    ("clash-ansar-dine-konna-2013", "On 10 January 2013, Ansar Dine fighters attacked Malian army positions in Konna.", "Battles", "Armed clash", (("Ansar Dine", INI), ("FAMa", TGT))),
    ("clash-mujao-gao-2013", "On 10 February 2013, MUJAO fighters attacked Malian soldiers in Gao.", "Battles", "Armed clash", (("MUJAO", INI), ("FAMa", TGT))),
    ("clash-army-kills-terrorists", "On 1 March 2024, the army said it killed 20 terrorists during an operation near Diabaly.", "Battles", "Armed clash", (("FAMa", INI), ("Unidentified armed group", TGT))),
    ("clash-soldiers-niger-context", "On 3 March 2024, soldiers killed 15 terrorists in a firefight near Banibangou.", "Battles", "Armed clash", (("Niger forces", INI), ("Unidentified armed group", TGT))),
    ("clash-the-army-mali-context", "On 2 March 2024, the army lost five soldiers in an ambush by JNIM near Ségou.", "Battles", "Armed clash", (("JNIM", INI), ("FAMa", TGT))),
    # --- Battles / Armed clash: passive voice, "attack by X on Y", "ambush against X", claims -----
    ("clash-passive-soldiers-by-issp", "On 4 March 2024, six soldiers were killed by ISSP fighters near Ménaka.", "Battles", "Armed clash", (("ISSP", INI), ("FAMa", TGT))),
    ("clash-passive-nigerien-by-issp", "On 3 March 2024, 12 Nigerien soldiers were killed by ISSP militants in an attack near Téra.", "Battles", "Armed clash", (("ISSP", INI), ("Niger forces", TGT))),
    ("clash-passive-detachment-by-jnim", "On 3 March 2024, a Burkinabe army detachment in Mansila was attacked by JNIM.", "Battles", "Armed clash", (("JNIM", INI), ("Burkina Faso forces", TGT))),
    ("clash-passive-soldiers-ambushed-burkina", "On 2 March 2024, soldiers were ambushed by jihadists near Djibo.", "Battles", "Armed clash", (("Unidentified armed group", INI), ("Burkina Faso forces", TGT))),
    ("clash-passive-came-under-attack", "On 4 March 2024, the FAMa camp in Boulkessi came under attack from JNIM fighters.", "Battles", "Armed clash", (("JNIM", INI), ("FAMa", TGT))),
    ("clash-passive-ambush-by-jnim", "On 14 March 2021, three FAMa soldiers were killed in an ambush by JNIM near Boni.", "Battles", "Armed clash", (("JNIM", INI), ("FAMa", TGT))),
    ("clash-attack-by-on", "On 2 March 2024, an attack by JNIM on the army camp in Dioura left nine soldiers dead.", "Battles", "Armed clash", (("JNIM", INI), ("FAMa", TGT))),
    ("clash-attack-by-on-burkina", "On 3 March 2024, Burkinabe soldiers repelled an attack by Ansarul Islam fighters on their base in Djibo.", "Battles", "Armed clash", (("Ansarul Islam", INI), ("Burkina Faso forces", TGT))),
    ("clash-army-repelled-terrorists", "On 2 March 2024, the army repelled an attack by terrorists on its detachment in Titao.", "Battles", "Armed clash", (("Unidentified armed group", INI), ("Burkina Faso forces", TGT))),
    ("clash-gunmen-ambush-against", "On 1 March 2024, gunmen laid an ambush against a Malian army convoy near Douentza, killing seven soldiers.", "Battles", "Armed clash", (("Unidentified armed group", INI), ("FAMa", TGT))),
    ("clash-ambush-against-unattributed", "On 5 March 2024, an ambush against a Burkinabe army supply convoy near Gayéri left 14 soldiers dead.", "Battles", "Armed clash", (("Unidentified armed group", INI), ("Burkina Faso forces", TGT))),
    ("clash-jnim-claimed", "On 5 March 2024, JNIM claimed responsibility for an attack on a gendarmerie post in Kati.", "Battles", "Armed clash", (("JNIM", INI), ("FAMa", TGT))),
    ("clash-is-sahel-province-claimed", "On 1 March 2024, the Islamic State Sahel Province claimed an attack on Nigerien soldiers in Ouallam.", "Battles", "Armed clash", (("ISSP", INI), ("Niger forces", TGT))),
    # --- Battles / Armed clash: associated actors, joint forces, air support ---------------------
    ("clash-backed-by-vdp", "On 4 March 2024, Burkinabe soldiers backed by VDP fighters clashed with JNIM militants near Arbinda.", "Battles", "Armed clash", (("Burkina Faso forces", INI), ("VDP", ASC), ("JNIM", TGT))),
    ("clash-gatia-backed-by-msa-2018", "On 1 May 2018, GATIA fighters, backed by the MSA, clashed with ISGS militants near Ménaka.", "Battles", "Armed clash", (("GATIA", INI), ("MSA", ASC), ("ISSP", TGT))),
    ("clash-supported-by-africa-corps", "On 20 August 2025, Malian troops supported by Africa Corps fighters clashed with JNIM near Niono.", "Battles", "Armed clash", (("FAMa", INI), ("Africa Corps", ASC), ("JNIM", TGT))),
    ("clash-csp-ambush-fama-wagner", "On 27 July 2024, CSP fighters ambushed a convoy of Malian soldiers and Wagner mercenaries near Tinzaouatene.", "Battles", "Armed clash", (("CSP", INI), ("FAMa", TGT), ("Wagner Group", ASC))),
    ("clash-air-support-stays-battle", "On 3 March 2024, FAMa soldiers supported by air strikes clashed with JNIM fighters near Boulkessi.", "Battles", "Armed clash", (("FAMa", INI), ("JNIM", TGT))),
    # --- Battles / Government regains territory ---------------------------------------------------
    ("regain-kidal-backed-by-wagner", "On 14 November 2023, Malian troops backed by Wagner retook Kidal from the CSP.", "Battles", "Government regains territory", (("FAMa", INI), ("Wagner Group", ASC), ("CSP", TGT))),
    ("regain-mansila-burkina", "On 2 March 2024, the Burkinabe army recaptured the town of Mansila from JNIM after heavy fighting.", "Battles", "Government regains territory", (("Burkina Faso forces", INI), ("JNIM", TGT))),
    ("regain-gao-serval-2013", "On 26 January 2013, Malian forces backed by French troops regained control of Gao from MUJAO militants.", "Battles", "Government regains territory", (("FAMa", INI), ("French forces", ASC), ("MUJAO", TGT))),
    ("regain-tassia-niger", "On 4 March 2024, Nigerien forces retook the village of Tassia from ISSP militants after a firefight.", "Battles", "Government regains territory", (("Niger forces", INI), ("ISSP", TGT))),
    # --- Battles / Non-state actor overtakes territory --------------------------------------------
    ("overtake-ansar-dine-timbuktu-2012", "On 1 April 2012, Ansar Dine fighters took control of Timbuktu after brief fighting with the army.", "Battles", "Non-state actor overtakes territory", (("Ansar Dine", INI), ("FAMa", TGT))),
    ("overtake-jnim-farabougou", "On 3 March 2024, JNIM fighters overran the army post in Farabougou and seized control of the village.", "Battles", "Non-state actor overtakes territory", (("JNIM", INI), ("FAMa", TGT))),
    ("overtake-csp-bourem-2023", "On 1 October 2023, CSP fighters captured the military camp of Bourem after clashes with FAMa.", "Battles", "Non-state actor overtakes territory", (("CSP", INI), ("FAMa", TGT))),
    ("overtake-mnla-kidal-2014", "On 21 May 2014, MNLA fighters supported by the HCUA seized Kidal after fighting with Malian troops.", "Battles", "Non-state actor overtakes territory", (("MNLA", INI), ("HCUA", ASC), ("FAMa", TGT))),
    ("overtake-isgs-tidermene", "On 2 March 2024, ISGS fighters seized control of Tidermène after clashes with GATIA.", "Battles", "Non-state actor overtakes territory", (("ISSP", INI), ("GATIA", TGT))),
    # --- Violence against civilians / Sexual violence ---------------------------------------------
    ("sexual-soldiers-mali", "On 3 March 2024, soldiers raped three women in the village of Sofara.", "Violence against civilians", "Sexual violence", (("FAMa", INI), ("Civilians", TGT))),
    ("sexual-passive-by-jnim", "On 2 March 2024, two women were raped by JNIM militants near Djibo.", "Violence against civilians", "Sexual violence", (("JNIM", INI), ("Civilians", TGT))),
    ("sexual-gunmen-dori", "On 4 March 2024, gunmen sexually assaulted four women near Dori.", "Violence against civilians", "Sexual violence", (("Unidentified armed group", INI), ("Civilians", TGT))),
    ("sexual-russian-mercenaries-2022", "On 28 March 2022, Russian mercenaries raped several women in Moura.", "Violence against civilians", "Sexual violence", (("Wagner Group", INI), ("Civilians", TGT))),
    # --- Violence against civilians / Attack ------------------------------------------------------
    ("attack-gunmen-villagers", "On 3 March 2024, gunmen killed 12 villagers in Ogossagou.", "Violence against civilians", "Attack", (("Unidentified armed group", INI), ("Civilians", TGT))),
    ("attack-dan-na-ambassagou-fulani-civilians", "On 23 March 2019, Dan Na Ambassagou militiamen massacred 160 Fulani civilians in Ogossagou.", "Violence against civilians", "Attack", (("Dan Na Ambassagou", INI), ("Civilians", TGT))),
    ("attack-passive-by-soldiers", "On 2 March 2024, villagers were executed by soldiers in Diallassagou.", "Violence against civilians", "Attack", (("FAMa", INI), ("Civilians", TGT))),
    ("attack-moura-fama-and-russians", "On 27 March 2022, Malian troops and Russian mercenaries executed hundreds of civilians in Moura.", "Violence against civilians", "Attack", (("FAMa", INI), ("Wagner Group", ASC), ("Civilians", TGT))),
    ("attack-burkinabe-soldiers", "On 5 March 2024, Burkinabe soldiers killed dozens of civilians in a village near Ouahigouya.", "Violence against civilians", "Attack", (("Burkina Faso forces", INI), ("Civilians", TGT))),
    ("attack-jihadists-village-chief", "On 4 March 2024, suspected jihadists shot dead a village chief in Koro.", "Violence against civilians", "Attack", (("Unidentified armed group", INI), ("Civilians", TGT))),
    ("attack-fulani-militia-dogon-villagers", "On 1 March 2024, a Fulani militia attacked Dogon villagers near Bankass, killing five.", "Violence against civilians", "Attack", (("Fulani militia", INI), ("Civilians", TGT))),
    ("attack-koglweogo-herders", "On 2 March 2024, Koglweogo militiamen killed seven herders near Kaya.", "Violence against civilians", "Attack", (("Koglweogo", INI), ("Civilians", TGT))),
    ("attack-vdp-civilians", "On 3 March 2024, VDP members executed five civilians near Djibo.", "Violence against civilians", "Attack", (("VDP", INI), ("Civilians", TGT))),
    ("attack-dozo-hamlet", "On 3 March 2024, Dozo hunters attacked a Fulani hamlet near Ségou, killing nine civilians.", "Violence against civilians", "Attack", (("Dozo militia", INI), ("Civilians", TGT))),
    ("attack-issp-worshippers", "On 4 March 2024, ISSP militants killed 20 worshippers in a mosque near Tahoua.", "Violence against civilians", "Attack", (("ISSP", INI), ("Civilians", TGT))),
    ("attack-nigerien-soldiers-herders", "On 2 March 2024, Nigerien soldiers shot dead three herders near Ayorou.", "Violence against civilians", "Attack", (("Niger forces", INI), ("Civilians", TGT))),
    ("attack-security-forces-burkina", "On 4 March 2024, security forces executed six civilians in Djibo, witnesses said.", "Violence against civilians", "Attack", (("Burkina Faso forces", INI), ("Civilians", TGT))),
    ("attack-passive-no-perpetrator", "On 1 March 2024, eight civilians were killed in an attack on a village near Bandiagara.", "Violence against civilians", "Attack", (("Unidentified armed group", INI), ("Civilians", TGT))),
    ("attack-jnim-traders", "On 5 March 2024, JNIM fighters executed four traders on the road between Djibo and Ouagadougou.", "Violence against civilians", "Attack", (("JNIM", INI), ("Civilians", TGT))),
    ("attack-by-issp-on-village", "On 3 March 2024, an attack by ISSP militants on the village of Tassia killed 20 civilians.", "Violence against civilians", "Attack", (("ISSP", INI), ("Civilians", TGT))),
    ("attack-market-seytenga", "On 3 March 2024, armed men on motorbikes stormed the weekly market in Seytenga, killing 15 traders and residents.", "Violence against civilians", "Attack", (("Unidentified armed group", INI), ("Civilians", TGT))),
    ("attack-africa-corps-herders-2025", "On 10 July 2025, Africa Corps fighters executed six herders near Nampala.", "Violence against civilians", "Attack", (("Africa Corps", INI), ("Civilians", TGT))),
    ("attack-russian-mercenaries-2025", "On 20 August 2025, Russian mercenaries killed 12 civilians near Léré.", "Violence against civilians", "Attack", (("Africa Corps", INI), ("Civilians", TGT))),
    ("attack-wagner-2024", "On 3 March 2024, Wagner fighters killed nine civilians in Ségué.", "Violence against civilians", "Attack", (("Wagner Group", INI), ("Civilians", TGT))),
    ("attack-news-style-passive", "Nine civilians, including a child, were shot dead by gunmen in Solhan on 2 March 2024, local sources said.", "Violence against civilians", "Attack", (("Unidentified armed group", INI), ("Civilians", TGT))),
    # --- Violence against civilians / Abduction/forced disappearance ------------------------------
    ("abduct-jnim-traders", "On 2 March 2024, JNIM militants abducted five traders near Léré.", "Violence against civilians", "Abduction/forced disappearance", (("JNIM", INI), ("Civilians", TGT))),
    ("abduct-gunmen-teacher", "On 3 March 2024, gunmen kidnapped a teacher in Ouallam.", "Violence against civilians", "Abduction/forced disappearance", (("Unidentified armed group", INI), ("Civilians", TGT))),
    ("abduct-passive-by-issp", "On 4 March 2024, 30 passengers were abducted by ISSP fighters on the road to Ménaka.", "Violence against civilians", "Abduction/forced disappearance", (("ISSP", INI), ("Civilians", TGT))),
    ("abduct-jnim-claimed-aid-workers", "On 1 March 2024, JNIM claimed responsibility for the kidnapping of three aid workers in Gao.", "Violence against civilians", "Abduction/forced disappearance", (("JNIM", INI), ("Civilians", TGT))),
    ("abduct-burkinabe-soldiers-disappearance", "On 5 March 2024, Burkinabe soldiers abducted a herder from his home in Djibo and his whereabouts remain unknown.", "Violence against civilians", "Abduction/forced disappearance", (("Burkina Faso forces", INI), ("Civilians", TGT))),
    ("abduct-unknown-gunmen-chief", "On 2 March 2024, unknown gunmen kidnapped a village chief near Gorom-Gorom.", "Violence against civilians", "Abduction/forced disappearance", (("Unidentified armed group", INI), ("Civilians", TGT))),
    # --- Explosions/Remote violence / Chemical weapon ---------------------------------------------
    ("chemical-chlorine", "On 3 March 2024, an armed group released chlorine gas on a village near Gao, sickening 20 residents.", "Explosions/Remote violence", "Chemical weapon", (("Unidentified armed group", INI), ("Civilians", TGT))),
    # --- Explosions/Remote violence / Air/drone strike --------------------------------------------
    ("air-malian-drone-civilians", "On 3 March 2024, a Malian army drone strike killed eight civilians at a market in Aguelhok.", "Explosions/Remote violence", "Air/drone strike", (("FAMa", INI), ("Civilians", TGT))),
    ("air-burkinabe-air-force-jnim", "On 4 March 2024, the Burkinabe air force bombed a JNIM camp near Djibo, killing dozens of militants.", "Explosions/Remote violence", "Air/drone strike", (("Burkina Faso forces", INI), ("JNIM", TGT))),
    ("air-french-airstrike-bounti-2021", "On 3 January 2021, a French airstrike hit a wedding near Bounti, killing 19 civilians.", "Explosions/Remote violence", "Air/drone strike", (("French forces", INI), ("Civilians", TGT))),
    ("air-nigerien-drones-issp", "On 2 March 2024, Nigerien army drones struck ISSP positions near Tillia.", "Explosions/Remote violence", "Air/drone strike", (("Niger forces", INI), ("ISSP", TGT))),
    ("air-passive-csp-fighters", "On 1 March 2024, five CSP fighters were killed in a Malian army drone strike near Tinzaouatene.", "Explosions/Remote violence", "Air/drone strike", (("FAMa", INI), ("CSP", TGT))),
    ("air-barkhane-convoy-2020", "On 12 November 2020, Barkhane aircraft struck a JNIM convoy near Boulkessi, killing about 30 militants.", "Explosions/Remote violence", "Air/drone strike", (("French forces", INI), ("JNIM", TGT))),
    # --- Explosions/Remote violence / Suicide bomb ------------------------------------------------
    ("suicide-vbied-army-camp", "On 2 March 2024, a suicide bomber drove an explosives-laden vehicle into the army camp in Boulkessi.", "Explosions/Remote violence", "Suicide bomb", (("Unidentified armed group", INI), ("FAMa", TGT))),
    ("suicide-jnim-claimed-minusma-2023", "On 3 March 2023, JNIM claimed a suicide car bomb attack on the MINUSMA base in Timbuktu.", "Explosions/Remote violence", "Suicide bomb", (("JNIM", INI), ("MINUSMA", TGT))),
    ("suicide-checkpoint-niger", "On 4 March 2024, a suicide bomber blew himself up at a checkpoint of Nigerien soldiers in Diffa.", "Explosions/Remote violence", "Suicide bomb", (("Unidentified armed group", INI), ("Niger forces", TGT))),
    ("suicide-barkhane-patrol-2018", "On 1 July 2018, a suicide car bomb hit a Barkhane patrol in Gao, killing two civilians.", "Explosions/Remote violence", "Suicide bomb", (("Unidentified armed group", INI), ("French forces", TGT))),
    # --- Explosions/Remote violence / Shelling/artillery/missile attack ----------------------------
    ("shelling-jnim-mortars", "On 3 March 2024, JNIM fighters fired mortar shells at the army camp in Léré.", "Explosions/Remote violence", "Shelling/artillery/missile attack", (("JNIM", INI), ("FAMa", TGT))),
    ("shelling-passive-minusma-2023", "On 2 March 2023, the MINUSMA camp in Aguelhok was hit by rockets fired by JNIM fighters.", "Explosions/Remote violence", "Shelling/artillery/missile attack", (("JNIM", INI), ("MINUSMA", TGT))),
    ("shelling-assailants-civilians", "On 4 March 2024, unidentified assailants shelled the town of Ménaka, killing two civilians.", "Explosions/Remote violence", "Shelling/artillery/missile attack", (("Unidentified armed group", INI), ("Civilians", TGT))),
    ("shelling-malian-artillery-csp", "On 1 March 2024, Malian troops shelled CSP positions near Anefis with artillery.", "Explosions/Remote violence", "Shelling/artillery/missile attack", (("FAMa", INI), ("CSP", TGT))),
    # --- Explosions/Remote violence / Remote explosive/landmine/IED -------------------------------
    ("ied-fama-vehicle", "On 3 March 2024, a FAMa vehicle struck an IED near Boni, killing three soldiers.", "Explosions/Remote violence", "Remote explosive/landmine/IED", (("Unidentified armed group", INI), ("FAMa", TGT))),
    ("ied-burkinabe-landmine", "On 2 March 2024, a Burkinabe army convoy hit a landmine near Arbinda.", "Explosions/Remote violence", "Remote explosive/landmine/IED", (("Unidentified armed group", INI), ("Burkina Faso forces", TGT))),
    ("ied-bus-roadside-bomb", "On 4 March 2024, a bus hit a roadside bomb near Bandiagara, killing 10 passengers.", "Explosions/Remote violence", "Remote explosive/landmine/IED", (("Unidentified armed group", INI), ("Civilians", TGT))),
    ("ied-jnim-claimed-niger", "On 1 March 2024, JNIM claimed responsibility for an IED that killed four Nigerien soldiers near Makalondi.", "Explosions/Remote violence", "Remote explosive/landmine/IED", (("JNIM", INI), ("Niger forces", TGT))),
    ("ied-french-soldier-2019", "On 2 November 2019, a French soldier was killed when his armoured vehicle hit an improvised explosive device near Ménaka.", "Explosions/Remote violence", "Remote explosive/landmine/IED", (("Unidentified armed group", INI), ("French forces", TGT))),
    ("ied-planted-by-jnim-vdp", "On 5 March 2024, an IED planted by JNIM militants hit a VDP patrol near Titao.", "Explosions/Remote violence", "Remote explosive/landmine/IED", (("JNIM", INI), ("VDP", TGT))),
    # --- Explosions/Remote violence / Grenade -----------------------------------------------------
    ("grenade-bar-gao", "On 3 March 2024, unidentified men threw a grenade into a bar in Gao, injuring five civilians.", "Explosions/Remote violence", "Grenade", (("Unidentified armed group", INI), ("Civilians", TGT))),
    ("grenade-police-station-niamey", "On 2 March 2024, gunmen lobbed a grenade at a police station in Niamey.", "Explosions/Remote violence", "Grenade", (("Unidentified armed group", INI), ("Niger forces", TGT))),
    ("grenade-attack-by-on-checkpoint", "On 4 March 2024, a grenade attack by suspected jihadists on a FAMa checkpoint in Sévaré wounded two soldiers.", "Explosions/Remote violence", "Grenade", (("Unidentified armed group", INI), ("FAMa", TGT))),
    # --- Protests / Peaceful protest --------------------------------------------------------------
    ("protest-bamako-power-cuts", "On 3 March 2024, hundreds of demonstrators gathered in Bamako to protest against power cuts.", "Protests", "Peaceful protest", (("Protesters", INI),)),
    ("protest-traders-sit-in", "On 2 March 2024, traders held a sit-in in Ouagadougou to protest against new taxes.", "Protests", "Peaceful protest", (("Protesters", INI),)),
    ("protest-residents-niamey", "On 4 March 2024, residents of Niamey demonstrated in support of the military government.", "Protests", "Peaceful protest", (("Protesters", INI),)),
    ("protest-marched-peacefully", "On 1 March 2024, protesters marched peacefully through Gao to demand better security on the roads.", "Protests", "Peaceful protest", (("Protesters", INI),)),
    # --- Protests / Protest with intervention -----------------------------------------------------
    ("protest-police-tear-gas-niamey", "On 3 March 2024, police dispersed protesters with tear gas in Niamey.", "Protests", "Protest with intervention", (("Protesters", INI), ("Niger forces", TGT))),
    ("protest-gendarmes-students-kayes", "On 2 March 2024, Malian gendarmes broke up a demonstration by students in Kayes and arrested ten of them.", "Protests", "Protest with intervention", (("Protesters", INI), ("FAMa", TGT))),
    # --- Protests / Excessive force against protesters --------------------------------------------
    ("protest-soldiers-fired-kaya", "On 4 March 2024, soldiers opened fire on protesters in Kaya, killing three of them.", "Protests", "Excessive force against protesters", (("Burkina Faso forces", INI), ("Protesters", TGT))),
    ("protest-live-rounds-bamako-2020", "On 11 July 2020, security forces fired live rounds at demonstrators in Bamako, killing four.", "Protests", "Excessive force against protesters", (("FAMa", INI), ("Protesters", TGT))),
    # --- Riots / Violent demonstration ------------------------------------------------------------
    ("riot-town-hall-koudougou", "On 3 March 2024, rioters set fire to the town hall in Koudougou.", "Riots", "Violent demonstration", (("Rioters", INI),)),
    ("riot-youths-stones-police-gao", "On 2 March 2024, angry youths burned tyres and threw stones at police in Gao during a demonstration against power cuts.", "Riots", "Violent demonstration", (("Rioters", INI), ("FAMa", TGT))),
    ("riot-demonstrators-ransacked", "On 4 March 2024, demonstrators ransacked the governor's office in Ménaka.", "Riots", "Violent demonstration", (("Rioters", INI),)),
    # --- Riots / Mob violence ---------------------------------------------------------------------
    ("mob-lynched-thief", "On 3 March 2024, an angry mob lynched a suspected thief in Ouagadougou.", "Riots", "Mob violence", (("Rioters", INI), ("Civilians", TGT))),
    ("mob-beat-herders", "On 1 March 2024, a mob beat two herders to death in Ségou after accusing them of theft.", "Riots", "Mob violence", (("Rioters", INI), ("Civilians", TGT))),
    # --- Strategic developments / Agreement -------------------------------------------------------
    ("agree-cma-algiers-2015", "On 20 June 2015, the CMA signed the Algiers peace agreement with the government in Bamako.", "Strategic developments", "Agreement", (("CMA", INI),)),
    ("agree-jnim-dozo-ceasefire", "On 2 March 2024, JNIM and the dozo militia agreed a local ceasefire near Niono.", "Strategic developments", "Agreement", (("JNIM", INI), ("Dozo militia", TGT))),
    ("agree-gatia-cma-truce-2015", "On 12 October 2015, GATIA and the CMA signed a truce in Anefis.", "Strategic developments", "Agreement", (("GATIA", INI), ("CMA", TGT))),
    # --- Strategic developments / Arrests ---------------------------------------------------------
    ("arrest-gendarmes-villagers", "On 3 March 2024, Malian gendarmes arrested 12 villagers in Sofara.", "Strategic developments", "Arrests", (("FAMa", INI), ("Civilians", TGT))),
    ("arrest-burkinabe-police-journalists", "On 4 March 2024, Burkinabe police arrested two journalists in Ouagadougou.", "Strategic developments", "Arrests", (("Burkina Faso forces", INI), ("Civilians", TGT))),
    ("arrest-troops-traders-niger", "On 3 March 2024, troops arrested 20 traders at the market in Ayorou.", "Strategic developments", "Arrests", (("Niger forces", INI), ("Civilians", TGT))),
    ("arrest-passive-by-nigerien-soldiers", "On 2 March 2024, three suspected JNIM members were arrested by Nigerien soldiers in Torodi.", "Strategic developments", "Arrests", (("Niger forces", INI),)),
    # --- Strategic developments / Change to group/activity ----------------------------------------
    ("change-vdp-recruitment", "On 3 March 2024, the VDP launched a recruitment drive for 5,000 new volunteers in Dori.", "Strategic developments", "Change to group/activity", (("VDP", INI),)),
    ("change-fla-new-command", "On 5 December 2024, the FLA announced a new leadership and a unified military command.", "Strategic developments", "Change to group/activity", (("FLA", INI),)),
    # --- Strategic developments / Disrupted weapons use -------------------------------------------
    ("disrupt-soldiers-defused-ied", "On 3 March 2024, Malian soldiers defused an IED planted on the road near Douentza.", "Strategic developments", "Disrupted weapons use", (("FAMa", INI),)),
    ("disrupt-nigerien-weapons-cache", "On 2 March 2024, Nigerien forces seized a large cache of weapons belonging to ISSP near Ayorou.", "Strategic developments", "Disrupted weapons use", (("Niger forces", INI),)),
    ("disrupt-minusma-explosive-2023", "On 5 March 2023, MINUSMA peacekeepers neutralised an explosive device near Tessalit.", "Strategic developments", "Disrupted weapons use", (("MINUSMA", INI),)),
    # --- Strategic developments / Headquarters or base established --------------------------------
    ("base-jnim-forest", "On 3 March 2024, JNIM fighters set up a base in the forest near Mansila.", "Strategic developments", "Headquarters or base established", (("JNIM", INI),)),
    ("base-wagner-timbuktu-2022", "On 5 January 2022, Wagner Group mercenaries established a base in Timbuktu.", "Strategic developments", "Headquarters or base established", (("Wagner Group", INI),)),
    # --- Strategic developments / Looting/property destruction -------------------------------------
    ("loot-jnim-shops-granaries", "On 3 March 2024, JNIM militants looted villagers' shops and burned granaries in Dinangourou.", "Strategic developments", "Looting/property destruction", (("JNIM", INI), ("Civilians", TGT))),
    ("loot-gunmen-livestock", "On 2 March 2024, gunmen stole livestock from herders near Ouallam.", "Strategic developments", "Looting/property destruction", (("Unidentified armed group", INI), ("Civilians", TGT))),
    ("loot-issp-school-burned", "On 4 March 2024, ISSP militants burned a school in Tillia.", "Strategic developments", "Looting/property destruction", (("ISSP", INI),)),
    # --- Strategic developments / Non-violent transfer of territory --------------------------------
    ("transfer-fama-takes-minusma-camp-2023", "On 14 August 2023, Malian troops took over the camp in Ber vacated by MINUSMA, without fighting.", "Strategic developments", "Non-violent transfer of territory", (("FAMa", INI),)),
    ("transfer-jnim-army-withdrew", "On 2 March 2024, JNIM fighters took control of Farabougou after the army withdrew without a fight.", "Strategic developments", "Non-violent transfer of territory", (("JNIM", INI),)),
    # --- Strategic developments / Other -----------------------------------------------------------
    ("other-jnim-threat-leave", "On 3 March 2024, JNIM militants ordered the residents of Léré to leave within three days, threatening reprisals.", "Strategic developments", "Other", (("JNIM", INI), ("Civilians", TGT))),
    ("other-issp-threatened-villagers", "On 4 March 2024, ISSP fighters threatened villagers near Tillia with death if they cooperated with the army.", "Strategic developments", "Other", (("ISSP", INI), ("Civilians", TGT))),
]
# fmt: on

# Known gaps: case id -> what the pipeline produced instead (strict xfail).
GAPS: dict[str, str] = {
    # roles: the second party of an agreement or a threat is not Actor 2; the ally of a target is not associated
    "clash-csp-ambush-fama-wagner": "Wagner Group=target, expected associated (ACLED: Assoc Actor 2 beside FAMa); CSP=initiator, FAMa=target are right",
    "attack-moura-fama-and-russians": "Battles/Armed clash, FAMa=initiator, Wagner Group=initiator, no Civilians: 'hundreds of civilians' not found as victims",
    "agree-jnim-dozo-ceasefire": "Agreement right but JNIM=initiator, Dozo militia=initiator: the second party of an agreement is not Actor 2",
    "agree-gatia-cma-truce-2015": "Agreement right but GATIA=initiator, CMA=initiator: the second party of an agreement is not Actor 2",
    "other-jnim-threat-leave": "Strategic developments/Other right but Civilians=initiator ('ordered the residents of Léré' not a target cue)",
    # roles: missing actors
    "clash-koglweogo-gunmen": "only Koglweogo=initiator: 'clashed with armed men' yields no Unidentified armed group",
    "air-french-airstrike-bounti-2021": "Air/drone strike right but initiator is Unidentified armed group (empty mention): 'a French airstrike' not read as French forces",
    # actor table: ACLED codes katibas under JNIM; the table's acled_name for Katiba Macina is its own
    "clash-katiba-macina-dozo": "Katiba Macina=initiator with acled_name 'Katiba Macina'; ACLED codes Katiba Macina attacks as JNIM",
    # event typing: remote violence
    "chemical-chlorine": "Strategic developments/Agreement ('released' read as an agreement trigger); Chemical weapon is never produced",
    # event typing: territory
    "overtake-csp-bourem-2023": "Battles/Armed clash (CSP=initiator, FAMa=target): 'captured the military camp of Bourem' is not territory taken",
    "overtake-mnla-kidal-2014": "Battles/Armed clash (MNLA=initiator, HCUA=associated, FAMa=target): 'seized Kidal' is not territory taken",
    "transfer-fama-takes-minusma-camp-2023": "Battles/Armed clash, FAMa=initiator, MINUSMA=initiator: 'took over the camp ... without fighting' not a transfer",
    "transfer-jnim-army-withdrew": "Battles/Non-state actor overtakes territory (JNIM=initiator, FAMa=target): 'without a fight' ignored",
    # event typing: protests and riots
    "mob-beat-herders": "Riots/Violent demonstration, Rioters=initiator only: 'a mob beat two herders to death' is not mob violence, herders missing",
    # event typing: strategic developments
    "disrupt-soldiers-defused-ied": "Explosions/Remote violence/Remote explosive/landmine/IED, FAMa=initiator: 'defused an IED' read as an explosion",
    "disrupt-minusma-explosive-2023": "Explosions/Remote violence/Remote explosive/landmine/IED, MINUSMA=initiator: 'neutralised an explosive device'",
    "disrupt-nigerien-weapons-cache": "Strategic developments/Looting/property destruction (Niger forces=initiator, ISSP=target): 'seized a cache of weapons'",
    "change-fla-new-command": "no event: 'announced a new leadership and a unified military command' has no trigger",
}


def published_of(sentence: str) -> dt.date:
    """Three days after the sentence's own date, so each case reads as that week's news.

    Actor names change over time (MNLA -> CMA -> CSP -> FLA, Wagner Group -> Africa Corps): a 2013
    sentence must be read as an article of 2013, not of 2024.
    """
    match = DATE.search(sentence)
    if not match:
        return DEFAULT_PUBLISHED
    day, month, year = int(match.group(1)), MONTHS.index(match.group(2)) + 1, int(match.group(3))
    return dt.date(year, month, day) + dt.timedelta(days=3)


def cases() -> Iterator[Any]:
    for case_id, *fields in CASES:
        marks = [pytest.mark.xfail(strict=True, reason=GAPS[case_id])] if case_id in GAPS else []
        yield pytest.param(*fields, id=case_id, marks=marks)


def names_of(actor: ActorMention) -> set[str]:
    """The actor's short name and its ACLED short label: a katiba is coded by ACLED as its parent (JNIM)."""
    names = {actor.name}
    if actor.acled_name:
        names.add(actor.acled_name.split(":")[0].strip())
    return names


def describe(events: list[Event]) -> str:
    return " | ".join(
        f"{e.event_type}/{e.sub_event_type} " + ", ".join(f"{a.name}={a.role}" for a in e.actors) for e in events
    )


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def test_cases_cover_every_sub_event_type() -> None:
    covered = {(event_type, sub) for _id, _s, event_type, sub, _p in CASES}
    expected = {(event_type, sub) for event_type, subs in SUB_EVENT_TYPES.items() for sub in subs}
    assert covered == expected
    assert len({case[0] for case in CASES}) == len(CASES), "duplicate case ids"
    assert set(GAPS) <= {case[0] for case in CASES}, "a GAPS entry names no case"


@pytest.mark.parametrize(("sentence", "event_type", "sub_event_type", "pairs"), list(cases()))
def test_actor_roles_and_event_type(
    extractor: Extractor, sentence: str, event_type: str, sub_event_type: str, pairs: Pairs
) -> None:
    article = Article(id="t", text=sentence, published=published_of(sentence), lang="en")
    events = extractor.extract(article)
    assert events, f"no event from: {sentence}"
    event = events[0]
    got = describe(events)
    assert (event.event_type, event.sub_event_type) == (event_type, sub_event_type), got
    for name, role in pairs:
        assert any(name in names_of(a) and a.role == role for a in event.actors), f"missing ({name}, {role}): {got}"


def test_a_brigade_and_its_parent_group_are_one_armed_side() -> None:
    from sahel_extract.resources import Resources

    actors = Resources.load().actors
    assert actors.family("Katiba Macina") == actors.family("JNIM") == "JNIM"
    assert actors.family("FAMa") != "JNIM"
    assert actors.family("Not an actor") == "Not an actor"

"""Where did it happen: one table of place phrases, from wire copy, local outlets and ACLED-style notes.

Each row is a one-sentence article that describes one incident; the row gives the place the
event must carry, its region (admin1), SPEC precision (1 exact, 2 near / approximate, 3 region or
country) and whether the name comes from the gazetteer. Rows cover English press spellings,
French spellings, approximate locations ("near X", "X km north of Y", "between X and Y"),
homonyms, names the gazetteer lacks, and traps (people and groups named like places).
Rows that the extractor gets wrong today are listed in GAPS and run as strict xfails.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

import pytest

from sahel_extract import Article, Extractor


class Row(NamedTuple):
    lang: str
    text: str
    place: str | None  # None: no location at all
    admin1: str | None
    precision: int | None
    known: bool = True  # False: reported with the "not_in_gazetteer" flag


R = Row
ROWS: dict[str, Row] = {
    # --- English press spellings of known towns ---------------------------------------------------
    "en_djibo": R("en", "On 2 March, gunmen attacked Djibo, killing three soldiers.", "Djibo", "Sahel", 1),
    "en_timbuktu": R("en", "On 2 March, gunmen killed three people in Timbuktu.", "Timbuktu", "Tombouctou", 1),
    "en_tombouctou": R("en", "On 2 March, gunmen killed three people in Tombouctou.", "Timbuktu", "Tombouctou", 1),
    "en_segou_plain": R("en", "On 2 March, gunmen killed three people in Segou.", "Segou", "Segou", 1),
    "en_segou_accent": R("en", "On 2 March, gunmen killed three people in Ségou.", "Segou", "Segou", 1),
    "en_sevare": R("en", "On 2 March, a suicide bomber struck a checkpoint in Severe, killing two soldiers.", "Sevare", "Mopti", 1),
    "en_tinzaouatene_hyphen": R("en", "On 2 March, rebels attacked Tin-Zaouatene.", "Tinzaouatene", "Kidal", 1),
    "en_tinzaouatene_short": R("en", "On 2 March, rebels attacked Tinzaouaten.", "Tinzaouatene", "Kidal", 1),
    "en_menaka": R("en", "On 2 March, ISSP fighters killed five herders in Menaka.", "Menaka", "Menaka", 1),
    "en_kidal": R("en", "On 2 March, drones struck a rebel base in Kidal, killing four fighters.", "Kidal", "Kidal", 1),
    "en_gao": R("en", "On 2 March, a rocket attack hit the airport of Gao, wounding two peacekeepers.", "Gao", "Gao", 1),
    "en_barsalogho": R("en", "On 2 March, militants killed dozens of villagers digging trenches in Barsalogho.", "Barsalogho", "Centre-Nord", 1),
    "en_arbinda": R("en", "On 2 March, JNIM fighters attacked the army base in Arbinda.", "Arbinda", "Sahel", 1),
    "en_solhan": R("en", "On 2 March, gunmen massacred 40 villagers in Solhan.", "Solhan", "Sahel", 1),
    "en_seytenga": R("en", "On 2 March, jihadists killed 20 people in Seytenga.", "Seytenga", "Sahel", 1),
    "en_inates": R("en", "On 2 March, militants overran the army camp at Inates, killing 30 soldiers.", "Inates", "Tillaberi", 1),
    "en_diafarabe": R("en", "On 2 March, soldiers arrested 20 herders at the market in Diafarabé.", "Diafarabe", "Mopti", 1),
    "en_farabougou": R("en", "On 2 March, jihadists besieging Farabougou killed two farmers.", "Farabougou", "Segou", 1),
    "en_lere": R("en", "On 2 March, a drone strike hit a wedding in Léré, killing eight people.", "Lere", "Tombouctou", 1),
    "en_niafunke": R("en", "On 2 March, gunmen killed the mayor of a commune in Niafunké.", "Niafunke", "Tombouctou", 1),
    "en_tessit": R("en", "On 2 March, militants attacked the army camp in Tessit, killing 17 soldiers.", "Tessit", "Gao", 1),
    "en_ogossagou": R("en", "On 2 March, militiamen attacked the Fulani village of Ogossagou, killing 35 people.", "Ogossagou", "Mopti", 1),
    "en_moura": R("en", "On 2 March, soldiers killed dozens of men in Moura.", "Moura", "Mopti", 1),
    "en_boulkessi": R("en", "On 2 March, militants attacked the army post in Boulkessi, killing ten soldiers.", "Boulkessi", "Mopti", 1),
    "en_ouagadougou": R("en", "On 2 March, police fired tear gas at protesters in Ouagadougou.", "Ouagadougou", "Centre", 1),
    "en_niamey": R("en", "On 2 March, police fired tear gas at protesters in Niamey.", "Niamey", "Niamey", 1),
    "en_diffa": R("en", "On 2 March, Boko Haram fighters attacked the town of Diffa, killing four civilians.", "Diffa", "Diffa", 1),
    "en_fada": R("en", "On 2 March, gunmen killed three traders on the outskirts of Fada N'Gourma.", "Fada N'Gourma", "Est", 2),
    # --- approximate locations: precision 2 --------------------------------------------------------
    "en_near": R("en", "On 2 March, gunmen attacked a post near Boulkessi, killing three soldiers.", "Boulkessi", "Mopti", 2),
    "en_km_north": R("en", "On 2 March, an IED exploded 10 km north of Arbinda, killing two soldiers.", "Arbinda", "Sahel", 2),
    "en_km_far": R("en", "On 2 March, an IED exploded 80 km north of Gao, killing two soldiers.", "Gao", "Gao", 3),
    "en_outskirts": R("en", "On 2 March, militants attacked a checkpoint on the outskirts of Djibo, killing two gendarmes.", "Djibo", "Sahel", 2),
    "en_between": R("en", "On 2 March, an IED struck a convoy on the road between Douentza and Boni, killing two soldiers.", "Douentza", "Mopti", 2),
    "en_vicinity": R("en", "On 2 March, soldiers killed five militants in the vicinity of Nampala.", "Nampala", "Segou", 2),
    "en_close_to": R("en", "On 2 March, gunmen ambushed a convoy close to Tessit, killing six soldiers.", "Tessit", "Gao", 2),
    "en_not_far": R("en", "On 2 March, militants killed three herders around Ansongo.", "Ansongo", "Gao", 2),
    # --- regions and countries: precision 3 (a country alone is coded at its capital, as ACLED does) ----------------------------------------------------------
    "en_region": R("en", "On 2 March, clashes broke out in the Mopti region, killing five people.", "Mopti", "Mopti", 3),
    "en_region_tillaberi": R("en", "On 2 March, gunmen killed 12 villagers in the Tillaberi region.", "Tillaberi", "Tillaberi", 3),
    "en_country_only": R("en", "On 2 March, soldiers clashed with JNIM in Mali, killing four militants.", "Bamako", "Bamako", 3),
    "en_town_over_country": R("en", "On 2 March, gunmen in Burkina Faso killed four people in Djibo.", "Djibo", "Sahel", 1),
    "en_town_over_region": R("en", "On 2 March, in the Sahel region, gunmen killed four people in Gorom-Gorom.", "Gorom-Gorom", "Sahel", 1),
    "en_province_resolves": R("en", "On 2 March, gunmen killed four people in the Gnagna province.", "Gnagna", "Est", 2),
    # --- places the gazetteer lacks ----------------------------------------------------------------
    "en_unknown_region": R("en", "On 2 March, gunmen attacked the village of Ndiakan in the Mopti region.", "Ndiakan", "Mopti", 3, False),
    "en_unknown_paren": R("en", "On 2 March, gunmen killed four villagers in Kobou (Djibo, Soum).", "Kobou", "Sahel", 2, False),
    "en_unknown_paren_cercle": R("en", "On 2 March, gunmen killed two men in the village of Yorodia (Douentza, Mopti).", "Yorodia", "Mopti", 2, False),
    "en_unknown_near_known": R("en", "On 2 March, gunmen killed six herders in the village of Tiangassagou, near Bankass.", "Tiangassagou", "Mopti", 2, False),
    "en_unknown_km": R("en", "On 2 March, militants killed eight people in the hamlet of Woro, 15 km from Dori.", "Woro", "Sahel", 2, False),
    "en_unknown_commune": R("en", "On 2 March, jihadists burned the village of Kerana, Douna commune (Bankass, Mopti).", "Kerana", "Mopti", 2, False),
    "en_unknown_hyphen": R("en", "On 2 March, gunmen attacked the village of Toulé-Peulh, killing two people.", "Toulé-Peulh", None, 2, False),
    "en_unknown_tamasheq": R("en", "On 2 March, drones struck a camp in the area of In Tabakat (Menaka, Menaka).", "In Tabakat", "Menaka", 2, False),
    "en_unknown_tamasheq_hyphen": R("en", "On 2 March, militants killed two herders near the village of I-n-Waran (Ansongo, Gao).", "I-n-Waran", "Gao", 2, False),
    "en_coded_as": R("en", "On 2 March, militants attacked the village of Boulgou (coded as Djibo at geoprecision 2), killing three.", "Djibo", "Sahel", 2),
    "en_bracket_alias": R("en", "On 2 March, soldiers clashed with militants near Tenenkou [Tenenku] (Tenenkou, Mopti).", "Tenenku", "Mopti", 2),
    "en_near_paren": R("en", "On 2 March, gunmen burned the hamlet of Sogoli, near Tiguila (Bankass, Mopti).", "Tiguila", "Mopti", 2, False),
    "en_between_paren": R("en", "On 2 March, militants abducted four traders between Kouakourou and Sokoura (Djenne, Mopti).", "Kouakourou", "Mopti", 2),
    # --- homonyms resolved by context ----------------------------------------------------------------
    "en_homonym_boni_bf": R("en", "On 2 March, Burkinabe soldiers killed eight militants near Boni, in the Hauts-Bassins region.", "Boni", "Hauts-Bassins", 2),
    "en_homonym_boni_ml": R("en", "On 2 March, Malian soldiers clashed with JNIM fighters near Boni, in the Mopti region.", "Boni", "Mopti", 2),
    "en_homonym_boni_default": R("en", "On 2 March, JNIM fighters attacked the army post in Boni.", "Boni", "Mopti", 1),
    "en_homonym_karma_ne": R("en", "On 2 March, Nigerien soldiers killed five militants in Karma.", "Karma", "Tillaberi", 1),
    "en_homonym_koro_bf": R("en", "On 2 March, gunmen killed six villagers in Koro, in Burkina Faso.", "Koro", "Hauts-Bassins", 1),
    "en_homonym_gao": R("en", "On 2 March, a rocket attack hit the MINUSMA camp in Gao, wounding two peacekeepers.", "Gao", "Gao", 1),
    "en_sevare_sentence_start": R("en", "Severe fighting broke out on 2 March near Boni, killing four soldiers.", "Boni", "Mopti", 2),
    # --- traps: not places ---------------------------------------------------------------------------
    "trap_ansar_dine": R("en", "On 2 March, Ansar Dine fighters attacked a military post, killing three soldiers.", None, None, None),
    "trap_koufa": R("en", "On 2 March, Amadou Koufa's men attacked a military post, killing three soldiers.", None, None, None),
    "trap_dan_na": R("en", "On 2 March, Dan Na Ambassagou militiamen attacked a camp, killing three people.", None, None, None),
    "trap_katiba_macina": R("en", "On 2 March, Katiba Macina fighters killed three herders in Dioura.", "Dioura", "Mopti", 1),
    "trap_month": R("en", "On 2 March, gunmen in Diallassagou killed ten villagers, residents said in April.", "Diallassagou", "Mopti", 1),
    "trap_ethnic_after": R("en", "On 2 March, gunmen attacked the Naye Dogon community, killing two villagers near Bankass.", "Bankass", "Mopti", 2),
    "trap_capital_source": R("en", "BAMAKO, March 3 — Gunmen killed five villagers in Sofara on Monday, officials said.", "Sofara", "Mopti", 1),
    # --- French ----------------------------------------------------------------------------------------
    "fr_tombouctou": R("fr", "Le 2 mars, des hommes armés ont tué trois personnes à Tombouctou.", "Timbuktu", "Tombouctou", 1),
    "fr_segou": R("fr", "Le 2 mars, des jihadistes ont tué trois civils à Ségou.", "Segou", "Segou", 1),
    "fr_sevare": R("fr", "Le 2 mars, un kamikaze a tué deux soldats à un poste de contrôle de Sévaré.", "Sevare", "Mopti", 1),
    "fr_menaka": R("fr", "Le 2 mars, des combattants de l'EIGS ont tué cinq éleveurs à Ménaka.", "Menaka", "Menaka", 1),
    "fr_djibo": R("fr", "Le 2 mars, des hommes armés ont attaqué Djibo, tuant trois soldats.", "Djibo", "Sahel", 1),
    "fr_pres_de": R("fr", "Le 2 mars, des jihadistes ont attaqué un poste près de Boulkessi, tuant trois soldats.", "Boulkessi", "Mopti", 2),
    "fr_non_loin": R("fr", "Le 2 mars, une mine a tué deux soldats non loin de Tessit.", "Tessit", "Gao", 2),
    "fr_km_de": R("fr", "Le 2 mars, un engin explosif a tué deux soldats à 20 km de Dori.", "Dori", "Sahel", 2),
    "fr_entre": R("fr", "Le 2 mars, des hommes armés ont enlevé quatre commerçants entre Douentza et Boni.", "Douentza", "Mopti", 2),
    "fr_region_de": R("fr", "Le 2 mars, des affrontements ont fait cinq morts dans la région de Mopti.", "Mopti", "Mopti", 3),
    "fr_cercle_de": R("fr", "Le 2 mars, des hommes armés ont tué six villageois dans le cercle de Bankass.", "Bankass", "Mopti", 2),
    "fr_province_du": R("fr", "Le 2 mars, des jihadistes ont tué quatre personnes dans la province du Soum.", "Soum", "Sahel", 2),
    "fr_village_inconnu": R("fr", "Le 2 mars, des hommes armés ont attaqué le village de Ndiakan, dans la région de Mopti.", "Ndiakan", "Mopti", 3, False),
    "fr_village_pres": R("fr", "Le 2 mars, des hommes armés ont tué six éleveurs dans le village de Tiangassagou, près de Bankass.", "Tiangassagou", "Mopti", 2, False),
    "fr_localite_parenthese": R("fr", "Le 2 mars, des jihadistes ont tué deux hommes dans la localité de Kobou (Djibo, Soum).", "Kobou", "Sahel", 2, False),
    "fr_tillaberi": R("fr", "Le 2 mars, des hommes armés ont tué douze villageois dans la région de Tillabéri.", "Tillaberi", "Tillaberi", 3),
    "fr_dateline": R("fr", "NIAMEY, 3 mars — Des hommes armés ont tué cinq villageois lundi à Ayorou.", "Ayorou", "Tillaberi", 1),
    "fr_pays_seul": R("fr", "Le 2 mars, des soldats ont tué quatre jihadistes au Burkina Faso.", "Ouagadougou", "Centre", 3),
    "fr_trap_person": R("fr", "Le 2 mars, les hommes d'Amadou Koufa ont attaqué un poste militaire, tuant trois soldats.", None, None, None),
}

# Rows the extractor does not meet today: row -> what it gives instead. Strict xfails, so a fix
# shows up as a failure until the row is taken off this list.
GAPS: dict[str, str] = {}


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
    assert len(ROWS) >= 80
    assert sum(r.lang == "fr" for r in ROWS.values()) >= 15


@pytest.mark.parametrize(
    "row_id",
    [pytest.param(k, marks=pytest.mark.xfail(strict=True, reason=GAPS[k])) if k in GAPS else k for k in ROWS],
)
def test_place_phrase(extractors: dict[str, Extractor], row_id: str) -> None:
    row = ROWS[row_id]
    expected = (row.place, row.admin1, row.precision, row.known if row.place else True)
    assert _event(extractors[row.lang], row) == expected

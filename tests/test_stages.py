"""Table-driven tests of each stage, through the whole pipeline on one or two sentences."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sahel_extract import Article, Event, Extractor
from sahel_extract.components.common import CASUALTIES, DATES, longest_first, payload
from sahel_extract.components.dates import PUBLISHED_KEY
from sahel_extract.components.numbers import parse_count


def run(extractor: Extractor, text: str, published: str | None = "2024-03-05") -> list[Event]:
    day = dt.date.fromisoformat(published) if published else None
    return extractor.extract(Article(id="t", text=text, published=day, lang="en"))


def only(extractor: Extractor, text: str, published: str | None = "2024-03-05") -> Event:
    events = run(extractor, text, published)
    assert len(events) == 1, [e.evidence[0].sentence for e in events]
    return events[0]


# --- numbers ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "low", "best", "high"),
    [
        ("12", 12, 12, 12),
        ("1,200", 1200, 1200, 1200),
        ("twenty-one", 21, 21, 21),
        ("a dozen", 12, 12, 12),
        ("dozens", 12, 12, 99),
        ("hundreds", 100, 100, 999),
        ("several", 2, 3, 9),
        ("many", 10, 10, 50),
        ("a number of", 2, 3, 9),
        ("between 30 and 32", 30, 30, 32),
        ("30 to 32", 30, 30, 32),
        ("30-32", 30, 30, 32),
        ("at least 15", 15, 15, 30),
        ("more than 40", 40, 40, 80),
        ("nearly 20", 10, 20, 20),
        ("about 50", 50, 50, 50),
        ("some 60", 60, 60, 60),
        # French
        ("soixante-dix", 70, 70, 70),
        ("quatre-vingt-dix", 90, 90, 90),
        ("quatre-vingts", 80, 80, 80),
        ("vingt et un", 21, 21, 21),
        ("une trentaine", 30, 30, 39),
        ("plusieurs dizaines", 12, 12, 99),
        ("au moins 12", 12, 12, 24),
    ],
)
def test_parse_count(text: str, low: int, best: int, high: int) -> None:
    count = parse_count(text)
    assert count is not None
    assert (count.low, count.best, count.high) == (low, best, high)


# --- casualties --------------------------------------------------------------------------------
def casualty_hits(extractor: Extractor, text: str) -> list[tuple[str, int]]:
    nlp = extractor.nlp("en")
    doc = nlp(text)
    return [(payload(s, CASUALTIES).kind, payload(s, CASUALTIES).best) for s in doc.spans[CASUALTIES]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # plain figures
        ("Twelve soldiers were killed in the attack.", [("killed", 12)]),
        ("Gunmen killed 7 villagers.", [("killed", 7)]),
        ("The assault left 15 dead.", [("killed", 15)]),
        ("At least 30 civilians died.", [("killed", 30)]),
        ("Three people were wounded.", [("injured", 3)]),
        ("The raid killed 4 and wounded 9.", [("killed", 4), ("injured", 9)]),
        ("Militants abducted 20 women.", [("abducted", 20)]),
        ("Five traders are missing.", [("missing", 5)]),
        ("Police arrested 14 suspects.", [("arrested", 14)]),
        ("A soldier was killed.", [("killed", 1)]),
        ("The army said it neutralised 20 terrorists.", [("killed", 20)]),
        ("The attack claimed the lives of 11 gendarmes.", [("killed", 11)]),
        ("Dozens of villagers were killed.", [("killed", 12)]),
        ("Several soldiers were injured.", [("injured", 3)]),
        ("Between 30 and 32 people were killed.", [("killed", 30)]),
        ("The death toll rose to 31.", [("killed", 31)]),
        ("3 fatalities.", [("killed", 3)]),
        ("No casualties reported.", [("killed", 0)]),
        # named victims, pairs and lists
        ("A herder and his nephew were shot dead.", [("killed", 2)]),
        ("Gunmen beheaded a farmer and his wife.", [("killed", 2)]),
        ("They killed a chief, his son and a guard in the village.", [("killed", 3)]),
        ("They killed a catechist and three other worshippers.", [("killed", 4)]),
        ("Soldiers killed and buried a trader near the well.", [("killed", 1)]),
        ("He was later found executed near the road.", [("killed", 1)]),
        ("A driver was shot and killed by gunmen.", [("killed", 1)]),
        ("Around ten fighters were killed in the clashes.", [("killed", 10)]),
        ("Four soldiers and two civilians were killed.", [("killed", 4), ("killed", 2)]),
        ("Three militants, five volunteers and two civilians were killed.", [("killed", 8), ("killed", 2)]),
        ("Two gendarmes and a civilian were killed.", [("killed", 2), ("killed", 1)]),
        ("Three soldiers were killed and four others were wounded.", [("killed", 3), ("injured", 4)]),
        # traps: numbers that are not casualties
        ("The attacker was then lynched by the crowd.", []),
        ("A majority was found executed.", []),
        ("They shot dead a guard and the attackers fled toward the border.", [("killed", 1)]),
        ("The convoy of 40 vehicles travelled 200 km.", []),
        ("The group has 6,000 fighters.", []),
        ("In 2012 the rebels took Kidal.", []),
        ("They stole 7 motorbikes.", []),
    ],
)
def test_casualty_phrases(extractor: Extractor, text: str, expected: list[tuple[str, int]]) -> None:
    assert casualty_hits(extractor, text) == expected


@pytest.mark.parametrize(
    ("text", "fatalities", "flags"),
    [
        ("On 3 March, JNIM militants ambushed an army convoy near Boni, killing 17 soldiers and 4 civilians.", 21, []),
        ("On 3 March, gunmen attacked Boni. Twelve people were killed. The toll later rose to 31.", 31, []),
        ("On 3 March, JNIM claimed to have killed 40 soldiers in an attack on Boni.", 40, ["claimed"]),
        ("On 3 March, gunmen attacked Boni, killing 12 people, including 8 soldiers.", 12, []),
        # a toll split between two coded events is still this incident's toll, not an aggregate
        ("On 3 March, militants attacked camps near Boni. Ten people were killed, split across the two camps.", 10, []),
        # the headline's total restated per side in the lead is one toll, not two
        ("21 killed in Boni ambush\n\nOn 3 March, 17 soldiers and 4 civilians were killed in an ambush near Boni.", 21, []),
    ],
)
def test_fatalities(extractor: Extractor, text: str, fatalities: int, flags: list[str]) -> None:
    event = only(extractor, text)
    assert event.fatalities == fatalities
    for flag in flags:
        assert flag in event.flags


# --- dates --------------------------------------------------------------------------------------
def first_date(extractor: Extractor, text: str, published: dt.date | None) -> tuple[str | None, str | None]:
    nlp = extractor.nlp("en")
    doc = nlp.make_doc(text)
    doc.user_data[PUBLISHED_KEY] = published
    for _, pipe in nlp.pipeline:
        doc = pipe(doc)
    spans = doc.spans[DATES]
    assert spans, text
    hit = payload(spans[0], DATES)
    return hit.value, hit.precision


TUESDAY = dt.date(2024, 3, 5)


@pytest.mark.parametrize(
    ("text", "published", "value", "precision"),
    [
        ("on 27 July 2024", dt.date(2024, 8, 10), "2024-07-27", "day"),
        ("On July 27, 2024", dt.date(2024, 8, 10), "2024-07-27", "day"),
        ("On 2 March", TUESDAY, "2024-03-02", "day"),
        ("On 28 December", TUESDAY, "2023-12-28", "day"),
        ("on Sunday", TUESDAY, "2024-03-03", "day"),
        ("on Tuesday", TUESDAY, "2024-03-05", "day"),
        ("last Tuesday", TUESDAY, "2024-02-27", "day"),
        ("yesterday", TUESDAY, "2024-03-04", "day"),
        ("the night of 22 to 23 January", TUESDAY, "2024-01-22", "day"),
        ("in May", TUESDAY, "2023-05", "month"),
        ("in February", TUESDAY, "2024-02", "month"),
        ("in August 2020", TUESDAY, "2020-08", "month"),
        ("late 2021", TUESDAY, "2021", "year"),
        ("in 2012", TUESDAY, "2012", "year"),
        ("mid-July 2023", TUESDAY, "2023-07", "month"),
        ("last week", TUESDAY, "2024-02-29", "week"),  # the middle of the calendar week before
        ("earlier this month", TUESDAY, "2024-03", "month"),
        ("2024-03-01", TUESDAY, "2024-03-01", "day"),
        ("08/02/2024", TUESDAY, "2024-02-08", "day"),
        # a date after publication is last year's (or a typo'd year)
        ("On 29 October 2020", dt.date(2019, 11, 1), "2019-10-29", "day"),
        # no publication date: absolute dates resolve, relative ones do not
        ("on 27 July 2024", None, "2024-07-27", "day"),
        ("on Sunday", None, None, None),
        ("On July 27", None, None, None),
        # French
        ("le 7 août 2022", TUESDAY, "2022-08-07", "day"),
        ("dimanche dernier", TUESDAY, "2024-03-03", "day"),
        ("dans la nuit du 22 au 23 janvier", TUESDAY, "2024-01-22", "day"),
        ("hier", TUESDAY, "2024-03-04", "day"),
        ("mi-juillet", TUESDAY, "2023-07", "month"),
    ],
)
def test_date_phrases(
    extractor: Extractor, text: str, published: dt.date | None, value: str | None, precision: str | None
) -> None:
    assert first_date(extractor, text, published) == (value, precision)


def test_undated_event_takes_publication_week(extractor: Extractor) -> None:
    event = only(extractor, "Gunmen attacked the village of Boni, killing 3 civilians.")
    assert (event.event_date, event.date_precision) == ("2024-03-02", "week")
    assert "date_defaulted" in event.flags


# --- places ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "name", "admin1", "precision"),
    [
        ("On 2 March, gunmen attacked Djibo, killing 3 soldiers.", "Djibo", "Sahel", 1),
        ("On 2 March, gunmen attacked a post near Boulkessi, killing 3 soldiers.", "Boulkessi", "Mopti", 2),
        ("On 2 March, gunmen killed 3 people in Tombouctou.", "Timbuktu", "Tombouctou", 1),
        ("On 2 March, gunmen killed 3 people in Timbuktu.", "Timbuktu", "Tombouctou", 1),
        ("On 2 March, gunmen killed 3 people in Segou.", "Segou", "Segou", 1),
        ("On 2 March, gunmen killed 3 people in Ségou.", "Segou", "Segou", 1),
        ("On 2 March, militants attacked Tin-Zaouatene.", "Tinzaouatene", "Kidal", 1),
        ("On 2 March, militants attacked Tinzaouaten.", "Tinzaouatene", "Kidal", 1),
        ("On 2 March, an IED exploded 10 km north of Arbinda, killing 2 soldiers.", "Arbinda", "Sahel", 2),
        ("On 2 March, gunmen killed 4 villagers in Kobou (Djibo, Soum).", "Kobou", "Sahel", 2),
        ("On 2 March, gunmen attacked the village of Ndiakan in the Mopti region.", "Ndiakan", "Mopti", 3),
        ("On 2 March, clashes broke out in the Mopti region.", "Mopti", "Mopti", 3),
        ("On 2 March, soldiers clashed with JNIM in Mali.", "Bamako", "Bamako", 3),  # a country alone is coded at its capital, precision 3
    ],
)
def test_place_phrases(extractor: Extractor, text: str, name: str, admin1: str | None, precision: int) -> None:
    event = only(extractor, text)
    assert event.location is not None
    assert (event.location.name, event.location.admin1, event.location.precision) == (name, admin1, precision)


@pytest.mark.parametrize(
    "text",
    [
        "On 2 March, Ansar Dine fighters attacked a military post, killing 3 soldiers.",
        "On 2 March, Amadou Koufa's men attacked a military post, killing 3 soldiers.",
        "On 2 March, Dan Na Ambassagou militiamen attacked a camp, killing 3 people.",
    ],
)
def test_names_are_not_places(extractor: Extractor, text: str) -> None:
    event = only(extractor, text)
    assert event.location is None or event.location.name not in ("Ansar Dine", "Dine", "Amadou Koufa", "Koufa")


# --- actors, roles, event types ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "event_type", "sub_event_type", "actors"),
    [
        # battles
        ("On 2 March, JNIM militants attacked an army post in Boni.", "Battles", "Armed clash", [("JNIM", "initiator"), ("FAMa", "target")]),
        ("On 2 March, FAMa soldiers clashed with ISSP fighters near Menaka.", "Battles", "Armed clash", [("FAMa", "initiator"), ("ISSP", "target")]),
        ("On 2 March, a Wagner convoy was ambushed by CSP fighters near Tinzaouatene.", "Battles", "Armed clash", [("CSP", "initiator"), ("Wagner Group", "target")]),
        ("On 2 March, Malian troops backed by Wagner attacked JNIM positions near Boni.", "Battles", "Armed clash", [("FAMa", "initiator"), ("JNIM", "target"), ("Wagner Group", "associated")]),
        # violence against civilians
        ("On 2 March, gunmen attacked the village of Boni, killing 12 villagers.", "Violence against civilians", "Attack", [("Unidentified armed group", "initiator"), ("Civilians", "target")]),
        ("On 2 March, suspected jihadists abducted 5 traders near Djibo.", "Violence against civilians", "Abduction/forced disappearance", [("Unidentified armed group", "initiator"), ("Civilians", "target")]),
        # remote violence
        ("On 2 March, two soldiers were killed by an IED near Djibo.", "Explosions/Remote violence", "Remote explosive/landmine/IED", [("Burkina Faso forces", "target")]),
        ("On 2 March, a drone strike by the Malian army hit a JNIM camp near Boni.", "Explosions/Remote violence", "Air/drone strike", [("FAMa", "initiator"), ("JNIM", "target")]),
        # protests and riots
        ("On 2 March, protesters demonstrated in Bamako against the rising cost of living.", "Protests", "Peaceful protest", [("Protesters", "initiator")]),
        ("On 2 March, police fired teargas to disperse protesters in Ouagadougou.", "Protests", "Protest with intervention", [("Protesters", "initiator"), ("Burkina Faso forces", "target")]),
        ("On 2 March, rioters burned tyres in Bamako.", "Riots", "Violent demonstration", [("Rioters", "initiator")]),
        # strategic developments
        ("On 2 March, Mali, Burkina Faso and Niger signed an agreement in Niamey creating a joint force.", "Strategic developments", "Agreement", []),
    ],
)
def test_event_types_and_roles(
    extractor: Extractor, text: str, event_type: str, sub_event_type: str, actors: list[tuple[str, str]]
) -> None:
    event = only(extractor, text)
    assert (event.event_type, event.sub_event_type) == (event_type, sub_event_type)
    got = [(a.name, a.role) for a in event.actors]
    for pair in actors:
        assert pair in got, got


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("abc"), st.integers(0, 15), st.integers(1, 4)), max_size=8))
def test_longest_first_keeps_the_longest_earliest_hits(raw: list[tuple[str, int, int]]) -> None:
    hits = [(label, start, start + length) for label, start, length in raw]
    kept = longest_first(hits)
    assert kept == sorted(kept, key=lambda h: h[1])
    covered = [i for _label, start, end in kept for i in range(start, end)]
    assert len(covered) == len(set(covered))  # no two kept hits overlap
    for label, start, end in hits:  # a hit left out overlaps a kept one at least as long
        if (label, start, end) not in kept:
            assert any(s < end and start < e and (e - s, -s) >= (end - start, -start) for _l, s, e in kept)

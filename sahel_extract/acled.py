"""`--format acled`: rows with ACLED's own columns, in ACLED's order, written by ACLED's conventions.

Analysts load ACLED exports into the same notebooks and dashboards as everything else; a file
whose header, date convention, country codes and actor names are ACLED's can be appended to an
ACLED download and filtered, grouped and joined with the same code. The conventions followed:

- `event_date` is always a full day, `time_precision` says how far to trust it: 1 the day, 2 the
  week (the middle day of the week), 3 the month (its 15th) or vaguer (a year: 1 July);
- `iso` is the numeric ISO 3166 code (Mali 466), `region` ACLED's region of the country;
- state forces are named with the country and the government of the day: "Military Forces of
  Mali (2021-)" only from Assimi Goïta's government (24 May 2021), "(2020-2021)" for the transition
  after the coup of 18 August 2020, and so on; the unnamed ones with the event's country:
  "Civilians (Mali)", "Unidentified Armed Group (Burkina Faso)", "Protesters (Niger)";
- `inter1`, `inter2` and `interaction` are ACLED's numeric actor-type codes (smaller first);
- `notes` is one line; `source` the article's URL, else where it was read; `fatalities` is 0 when
  no toll is reported (ACLED never leaves it empty).

What the tool cannot know stays empty: `admin3`, `source_scale`. `event_id_cnty` is the stable
`event_id`, so a row joins its JSON record; `timestamp` is the publication day (UTC midnight, Unix
seconds), so that the same input still gives the same bytes.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import TextIO

from sahel_extract.models import ActorMention, Event
from sahel_extract.writers import (
    ASSOCIATED_SEPARATOR,
    TIME_PRECISION,
    CsvWriter,
    FlatValue,
    actor_name,
    inter_code,
    interaction_code,
    joined_sources,
    split_actors,
)

ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)
"""ACLED's export columns, in ACLED's order."""

COUNTRIES: dict[str, tuple[int, str]] = {
    "ML": (466, "Western Africa"),
    "BF": (854, "Western Africa"),
    "NE": (562, "Western Africa"),
    "MR": (478, "Western Africa"),
    "SN": (686, "Western Africa"),
    "GN": (324, "Western Africa"),
    "CI": (384, "Western Africa"),
    "GH": (288, "Western Africa"),
    "TG": (768, "Western Africa"),
    "BJ": (204, "Western Africa"),
    "NG": (566, "Western Africa"),
    "TD": (148, "Middle Africa"),
    "DZ": (12, "Northern Africa"),
    "LY": (434, "Northern Africa"),
    "FR": (250, "Europe"),
    "RU": (643, "Europe"),
    "UA": (804, "Europe"),
    "US": (840, "North America"),
}
"""Numeric ISO 3166 code and ACLED region of every country the gazetteer knows (countries.yaml)."""

GOVERNMENT_ERAS: dict[str, tuple[tuple[dt.date, str], ...]] = {
    "Mali": (
        (dt.date(1992, 6, 8), "1992-2002"),  # Alpha Oumar Konaré
        (dt.date(2002, 6, 8), "2002-2012"),  # Amadou Toumani Touré, until the coup of 22 March 2012
        (dt.date(2012, 3, 22), "2012-2013"),  # the junta, then Dioncounda Traoré's transition
        (dt.date(2013, 9, 4), "2013-2020"),  # Ibrahim Boubacar Keïta, until the coup of 18 August 2020
        (dt.date(2020, 8, 18), "2020-2021"),  # Bah N'Daw's transition, until the coup of 24 May 2021
        (dt.date(2021, 5, 24), "2021-"),  # Assimi Goïta
    ),
    "Burkina Faso": (
        (dt.date(1987, 10, 15), "1987-2014"),  # Blaise Compaoré, until 31 October 2014
        (dt.date(2014, 10, 31), "2014-2015"),  # the transition
        (dt.date(2015, 12, 29), "2015-2022"),  # Roch Marc Christian Kaboré, until the coup of 24 January 2022
        (dt.date(2022, 1, 24), "2022"),  # Paul-Henri Damiba, until the coup of 30 September 2022
        (dt.date(2022, 9, 30), "2022-"),  # Ibrahim Traoré
    ),
    "Niger": (
        (dt.date(1999, 12, 22), "1999-2010"),  # Mamadou Tandja, until the coup of 18 February 2010
        (dt.date(2010, 2, 18), "2010-2011"),  # Salou Djibo's junta
        (dt.date(2011, 4, 7), "2011-2021"),  # Mahamadou Issoufou
        (dt.date(2021, 4, 2), "2021-2023"),  # Mohamed Bazoum, until the coup of 26 July 2023
        (dt.date(2023, 7, 26), "2023-"),  # Abdourahamane Tiani
    ),
}
"""When each government of the three countries took power, and the years ACLED writes for it.

ACLED names a state's forces by the government they served ("Military Forces of Mali
(2013-2020)"), so a clash of 2019 and one of 2022 have two different actor1; an era runs from its
start to the next one's (the day of a coup belongs to the new era)."""

STATE_FORCES = re.compile(r"^(?P<force>.+ Forces of) (?P<country>.+?)(?: \((?P<era>\d{4}(?:-\d{4})?-?)\))?$")
"""ACLED's name of a state force ("Military Forces of Mali (2021-)", "Police Forces of Niger")."""

COUNTRY_SUFFIXED = {
    "Civilians": "Civilians",
    "Unidentified armed group": "Unidentified Armed Group",
    "Protesters": "Protesters",
    "Rioters": "Rioters",
}
"""Actors ACLED always names with the event's country: "Civilians (Mali)"."""

DISORDER_TYPES: dict[str, str] = {
    "Battles": "Political violence",
    "Violence against civilians": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Demonstrations",
    "Strategic developments": "Strategic developments",
}
SUB_EVENT_DISORDER: dict[str, str] = {
    "Excessive force against protesters": "Political violence; Demonstrations",
    "Mob violence": "Political violence",
}
"""ACLED's disorder type by event type, and the two sub-types that differ from their type's."""

CROWD_TAG = "crowd size=no report"
"""ACLED tags every demonstration with its crowd size; the tool never reads one."""


def government_era(country: str, day: dt.date) -> str | None:
    """The years of the government of `country` on `day`, as ACLED writes them; None if unknown."""
    era = None
    for start, label in GOVERNMENT_ERAS.get(country, ()):
        if day < start:
            break
        era = label
    return era


def acled_actor(actor: ActorMention | None, country: str | None, day: dt.date | None) -> str | None:
    """ACLED's name of an actor in an event of `country` on `day`.

    State forces take the era of the government of that day (their table name carries today's);
    civilians, protesters, rioters and unidentified armed groups take the event's country. A
    date or country the tool does not know leaves the table's name as it is.
    """
    if actor is None:
        return None
    generic = COUNTRY_SUFFIXED.get(actor.name)
    if generic is not None:
        return f"{generic} ({country})" if country else generic
    name = actor_name(actor)
    found = STATE_FORCES.match(name or "")
    if found is None or day is None:
        return name
    era = government_era(found["country"], day)
    if era is None:
        return name
    return f"{found['force']} {found['country']} ({era})"


def full_date(event: Event) -> tuple[dt.date | None, int | None]:
    """ACLED's `event_date` and `time_precision`: a day always, its precision beside it."""
    value, precision = event.event_date, event.date_precision
    if value is None or precision is None:
        return None, None
    return day_of(value), TIME_PRECISION[precision]


def day_of(value: str) -> dt.date:
    """The day ACLED writes for a date of the record: itself, a month's 15th, a year's 1 July."""
    parts = [int(part) for part in value.split("-")]
    if len(parts) == 3:
        return dt.date(parts[0], parts[1], parts[2])
    if len(parts) == 2:
        return dt.date(parts[0], parts[1], 15)
    return dt.date(parts[0], 7, 1)


def one_line(text: str) -> str:
    """Collapse every run of whitespace (newlines included) into one space."""
    return " ".join(text.split())


def acled_row(event: Event) -> dict[str, FlatValue]:
    """One event as an ACLED row (see the module's docstring for the conventions)."""
    day, precision = full_date(event)
    location = event.location
    country = None if location is None else location.country
    code = None if location is None else location.country_code
    iso, region = COUNTRIES.get(code or "", (None, None))
    actor1, actor2, _, _ = split_actors(event.actors)
    _, _, assoc1, assoc2 = split_actors(event.actors, naming=lambda actor: acled_actor(actor, country, day))
    inter1, inter2 = inter_code(actor1), inter_code(actor2)
    disorder = SUB_EVENT_DISORDER.get(event.sub_event_type, DISORDER_TYPES[event.event_type])
    # ACLED marks the political violence whose target is civilians; a battle's civilian dead are no target
    targets_civilians = (
        actor2 is not None and actor2.type == "Civilians"
        and disorder.startswith("Political violence") and event.event_type != "Battles"
    )
    published = None if event.published is None else day_of(event.published)
    return {
        "event_id_cnty": event.event_id,
        "event_date": None if day is None else day.isoformat(),
        "year": None if day is None else day.year,
        "time_precision": precision,
        "disorder_type": disorder,
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "actor1": acled_actor(actor1, country, day),
        "assoc_actor_1": ASSOCIATED_SEPARATOR.join(assoc1) or None,
        "inter1": inter1,
        "actor2": acled_actor(actor2, country, day),
        "assoc_actor_2": ASSOCIATED_SEPARATOR.join(assoc2) or None,
        "inter2": inter2,
        "interaction": interaction_code(inter1, inter2),
        "civilian_targeting": "Civilian targeting" if targets_civilians else None,
        "iso": iso,
        "region": region,
        "country": country,
        "admin1": None if location is None else location.admin1,
        "admin2": None if location is None else location.admin2,
        "admin3": None,
        "location": None if location is None else location.name,
        "latitude": None if location is None else location.latitude,
        "longitude": None if location is None else location.longitude,
        "geo_precision": None if location is None else location.precision,
        "source": joined_sources(event, "url") or event.url or event.source,
        "source_scale": None,
        "notes": one_line(" ".join(evidence.sentence for evidence in event.evidence)) or None,
        "fatalities": event.fatalities or 0,
        "tags": CROWD_TAG if event.event_type in ("Protests", "Riots") else None,
        "timestamp": None if published is None else calendar.timegm(published.timetuple()),
    }


class AcledWriter(CsvWriter):
    """ACLED rows as CSV, streamed like the flat CSV (header first, one row per event)."""

    def __init__(self, out: TextIO) -> None:
        super().__init__(out, ACLED_COLUMNS, acled_row)

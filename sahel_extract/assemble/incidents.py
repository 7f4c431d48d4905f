"""Incidents: the sentences that tell one incident, with the places and days they name."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span

from sahel_extract.assemble.dating import historical
from sahel_extract.components.common import CASUALTIES, DATES, PLACES, CasualtyHit, DateHit, payload, span_text

if TYPE_CHECKING:
    from sahel_extract.assemble.index import SpanIndex
    from sahel_extract.assemble.zones import Zones


@dataclass
class Incident:
    sentences: list[Span] = field(default_factory=list)
    places: list[Span] = field(default_factory=list)
    dates: list[Span] = field(default_factory=list)
    place_keys: set[str] = field(default_factory=set)  # kept up to date by add(): long stories stay linear
    days: set[str] = field(default_factory=set)
    periods: set[tuple[dt.date, dt.date]] = field(default_factory=set)  # the days each date may mean
    cause: Incident | None = None  # the incident a protest answers ("the killing sparked a protest")

    def absorb(self, other: Incident) -> None:
        """Take in the sentences, places and days of another account of this incident."""
        self.sentences = sorted(self.sentences + [s for s in other.sentences if not self.has(s)], key=lambda s: s.start)
        self.add(None, other.places, other.dates)

    def has(self, sentence: Span) -> bool:
        return any(s.start == sentence.start for s in self.sentences)

    def add(self, sentence: Span | None, places: list[Span], dates: list[Span]) -> None:
        if sentence is not None:
            self.sentences.append(sentence)
        # most sentences name no place or no date: nothing to build for them
        if places:
            self.places += places
            self.place_keys.update(place_key(p) for p in places)
        if dates:
            self.dates += dates
            for d in dates:
                hit = payload(d, DATES)
                if hit.value and not (hit.background and hit.precision != "year"):  # not "since Sunday"
                    self.days.add(hit.value)
                    self.periods.add(period(hit))


def place_key(span: Span) -> str:
    return payload(span, PLACES).key or span_text(span).lower()


def period(hit: DateHit) -> tuple[dt.date, dt.date]:
    """The first and last day a date may mean: "this week" holds "Thursday", "in May" the 12th.

    A year is only itself: "in 2015" frames background and holds no day of the news.
    """
    day = hit.day
    if day is None or hit.precision not in ("day", "week", "month"):
        return (dt.date.min, dt.date.min) if day is None else (day, day)
    if hit.precision == "week":
        return day - dt.timedelta(days=3), day + dt.timedelta(days=3)
    if hit.precision == "month":
        first = day.replace(day=1)
        return first, (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    return day, day


def days_agree(a: Incident, b: Incident) -> bool:
    """No day told on one side, or a day in common, or a week or month that holds the other's day."""
    if not a.days or not b.days or a.days & b.days:
        return True
    return any(
        lo <= other_hi and other_lo <= hi and (lo == hi) != (other_lo == other_hi)  # a span holds a day
        for lo, hi in a.periods for other_lo, other_hi in b.periods
    )


TOLD_WITHIN_DAYS = 7  # how long after an incident a claim or report pointing back at it may come


def told_after(account: Incident, incident: Incident) -> bool:
    """Every day the account tells falls on or within a week after a day of the incident."""
    mine = [lo for lo, hi in account.periods if lo == hi and lo != dt.date.min]
    theirs = [lo for lo, hi in incident.periods if lo == hi and lo != dt.date.min]
    return bool(mine) and bool(theirs) and all(
        any(0 <= (day - their).days <= TOLD_WITHIN_DAYS for their in theirs) for day in mine
    )


def places_agree(a: Incident, b: Incident) -> bool:
    return not a.place_keys or not b.place_keys or bool(a.place_keys & b.place_keys)


def fold_headlines(
    incidents: list[Incident], zones: Zones, tolled: Callable[[Incident], bool] | None = None
) -> list[Incident]:
    """A headline's incident is the body's: it joins the first body incident it agrees with, and
    a headline that tells the dead ("Une dizaine de terroristes neutralisés") the first such one
    that tells dead too (`tolled`), not the arrests a communiqué listed before them.

    A headline that agrees with none restates a story the body tells otherwise (or a teaser of
    another story) and gives no event; when the body tells no incident at all, the headline is
    all there is and stays.
    """
    body = [i for i in incidents if not all(zones.in_headline(s) for s in i.sentences)]
    if not body:
        return incidents
    told = set().union(*(b.place_keys for b in body))
    for incident in incidents:
        if incident in body:
            continue
        # a headline's place the body never names ("Say" in "Forces Say 8 Soldiers Died") tells nothing apart
        heading = Incident(place_keys=incident.place_keys & told, days=incident.days)
        # a dated headline ("nine killed on Monday and Tuesday") tells the day of the body incident it
        # restates: an undated one may be another incident, and would take the headline's days
        agreeing = [b for b in body if places_agree(heading, b) and days_agree(heading, b) and (b.days or not heading.days)]
        if tolled is not None and tolled(incident):
            agreeing = [b for b in agreeing if tolled(b)] or agreeing
        target = next(iter(agreeing), None)
        if target is not None:
            # after the body's sentences: the body's first sentence stays the lead (type, actors)
            target.sentences += [s for s in incident.sentences if not target.has(s)]
            target.add(None, incident.places, incident.dates)
    return body


Areas = tuple[frozenset[str], frozenset[str]]  # the admin1 regions and the countries an incident names


def areas_agree(account: Areas, target: Areas) -> bool:
    """An account in "the Sahel region" is not an incident at a village of the Nord region."""
    return all(not mine or not theirs or bool(mine & theirs) for mine, theirs in zip(account, target, strict=True))


def fold_accounts(
    incidents: list[Incident],
    kinds: Callable[[Incident], frozenset[str]],
    areas: Callable[[Incident], Areas],
    related: Callable[[Incident, Incident, bool], bool],
    lead: Callable[[Incident], bool],
    refers_back: Callable[[Incident], bool] | None = None,
) -> list[Incident]:
    """An account that names no settlement is the story's incident at one, told again.

    News tells an incident several times: the lead names the village, an official's statement
    only "the attack in the Centre-North region", a witness only "on Sunday". An incident with no
    settlement of its own joins the first incident placed at one whose day agrees and whose kind
    of act agrees (fighting with fighting, protest with protest) and whose region and country are
    those the account names, if it names any, and that `related` says it retells (the assembly's
    test: a day in common, or told next to it, or referring back to it; the story's lead, which
    news writes before the details that name the village, may retell an incident told after it).
    Unplaced accounts of one kind and day with nowhere to go are one incident among themselves.
    An account that opens by pointing back ("L'attaque a été revendiquée vendredi", `refers_back`),
    or that retells the story's lead, may tell a later day than the incident's: the day it was
    claimed, reported or its dead found, within a week.
    """
    placed = [i for i in incidents if i.place_keys]
    kept: list[Incident] = []
    for incident in incidents:
        if incident.place_keys or incident.cause is not None:  # a protest answering an incident is placed by it
            kept.append(incident)
            continue
        mine = kinds(incident)
        back = refers_back is not None and refers_back(incident)
        candidates = [
            t for t in placed + [k for k in kept if not k.place_keys]
            if t is not incident and (days_agree(incident, t) or ((back or lead(t)) and told_after(incident, t)))
            and mine & kinds(t)
            and areas_agree(areas(incident), areas(t)) and related(incident, t, lead(incident))
        ]
        target = _closest_before(incident, candidates)
        if target is None:
            kept.append(incident)
        else:
            target.absorb(incident)
    return kept


QUOTES = frozenset("“\"«‘")


def quoted_only(incident: Incident) -> bool:
    """Every sentence a quotation: what someone said, which gives no event unless the story tells it too."""
    return all(span_text(s).lstrip()[:1] in QUOTES for s in incident.sentences)


def _closest_before(account: Incident, candidates: list[Incident]) -> Incident | None:
    """The candidate the story tells last before the account ("In a separate incident, six herders
    were found near Y. 'They had been shot,' a relative said." retells Y, not the lead's X); the
    first candidate when none is told before it (a lead retells the details that follow). A
    quotation alone is not what the story tells: it does not draw the account away from the story."""
    start = account.sentences[0].start
    before = [(max(s.start for s in c.sentences if s.start < start), n) for n, c in enumerate(candidates)
              if any(s.start < start for s in c.sentences) and not quoted_only(c)]
    if before:
        return candidates[max(before)[1]]
    return candidates[0] if candidates else None


def dated_lead(incident: Incident) -> bool:
    """Does the incident's first sentence tell a day or week of its own (not "since Sunday")?"""
    lead = incident.sentences[0]
    return any(
        lead.start <= d.start < lead.end and payload(d, DATES).value and not payload(d, DATES).background
        and payload(d, DATES).precision in ("day", "week")
        for d in incident.dates
    )


def past_only(account: Incident, incident: Incident, reference: dt.date | None) -> bool:
    """One side, told after the other, tells days all long before the article's "now", and the
    other tells none: an incident recalled from the past is not the undated news told before it (a
    story whose own news is long past tells it first)."""
    for dated, undated in ((account, incident), (incident, account)):
        if dated.sentences[0].start < undated.sentences[0].start:
            continue
        hits = [payload(d, DATES) for d in dated.dates]
        told = [h for h in hits if h.value and not h.background]  # not "since 2015"
        if told and not undated.days and all(historical(h, reference) for h in told):
            return True
    return False


def toll_reports(doc: Doc) -> Callable[[Incident], str | None]:
    """What an incident that tells no act (no action word outside its figures: "20 people had been
    wounded" is a figure) says of the dead: "again" when every figure is a stated, revised or earlier
    toll ("le bilan s'est alourdi", "an earlier toll of 136"), "figures" for other figures ("one of
    the two had died of his wounds"), None when it tells an act or no figure."""
    ix: SpanIndex = doc.user_data["index"]

    def reports(incident: Incident) -> str | None:
        tolls = [c for c in ix.in_all(CASUALTIES, incident.sentences) if payload(c, CASUALTIES).best > 0]
        if not tolls or not all(
            any(c.start <= t.start < c.end for c in tolls) for t in ix.in_all("triggers", incident.sentences)
        ):
            return None
        return "again" if tells_toll_again([payload(c, CASUALTIES) for c in tolls]) else "figures"

    return reports


def tells_toll_again(hits: list[CasualtyHit]) -> bool:
    """Figures that give a toll again ("bringing the death toll to 28", "un précédent bilan de 136
    morts"): one stated, revised or earlier toll at least, and every count of dead one of those."""
    if not any(h.toll or h.earlier or h.current for h in hits):
        return False
    return all(h.toll or h.earlier or h.current for h in hits if h.kind == "killed")


def fold_toll_updates(
    incidents: list[Incident],
    reports_toll: Callable[[Incident], str | None],
    kinds: Callable[[Incident], frozenset[str]],
    lead: Callable[[Incident], bool],
) -> list[Incident]:
    """A toll update retells the story's incident, whatever day it is told on.

    "Mardi, le bilan s'est alourdi à 160 morts", "an earlier toll put the dead at 136", "Update
    May 15: the toll rose": an account that tells only a revised or earlier figure (no act, no
    settlement of its own) is the story's incident told again on a statement day, not a new
    incident of that day; so is a bare figure told within a week after the incident ("On Sunday,
    one of the wounded died"). It joins the story's lead when the lead tells violence, else the first
    placed incident that does; its day stays out of the incident's days (the day the toll was
    given is not the day of the attack).
    """
    violent = [i for i in incidents if "violence" in kinds(i)]
    target = next((i for i in violent if lead(i)), None) or next((i for i in violent if i.place_keys), None)
    if target is None:
        return incidents
    kept: list[Incident] = []
    for incident in incidents:
        told = reports_toll(incident) if incident is not target and not incident.place_keys else None
        if told == "again" or (told == "figures" and told_after(incident, target)):
            target.sentences = sorted(
                target.sentences + [s for s in incident.sentences if not target.has(s)], key=lambda s: s.start
            )
            continue
        kept.append(incident)
    return kept

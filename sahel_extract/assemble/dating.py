"""Choosing an incident's date among the dates an article tells.

News tells three kinds of day (the date stage marks each `DateHit.role`): the incident's own
("gunmen attacked the post on Thursday night"), the day something was said about it ("the army
said on Saturday") and the page's own stamps ("Published: Monday | October 14, 2019 | 12:08").
An incident takes its own day first; when the article gives it none, it takes the day of the
article's news, then the day the incident was reported (as ACLED codes an undated report), and
only then the publication week.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span

from sahel_extract.components.common import CASUALTIES, DATES, DateHit, payload, text_of
from sahel_extract.components.dates import DATELINE_DAY_KEY
from sahel_extract.models import Article
from sahel_extract.resources.assembly_rules import AssemblyRules

if TYPE_CHECKING:
    from sahel_extract.assemble.incidents import Incident
    from sahel_extract.assemble.index import SpanIndex

STATEMENTS = "statement_dates"
"""The SpanIndex group of the statement days ("said on Saturday"), kept apart from event dates."""

HISTORICAL_GAP_DAYS = 60
UNANCHORED_RULES = frozenset({"year", "same_day", "next_day", "day_before", "came_after", "same_month"})
"""Rules whose unresolved hit says nothing worth keeping: "that day" with no day told before it."""
PRECEDING_CHARS = 120
"""An undated incident right after a dated sentence ("It was the third attack …") shares its day."""

# "OUAGADOUGOU, Oct 9 —": the filing date, not the incident's
DATELINE = re.compile(r"(?:^|\n)\s*[A-Z][A-Z' -]{2,30}(?:\s*\([A-Za-z]+\))?,\s*$")
WRITTEN_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def split_roles(date_spans: list[Span]) -> tuple[list[Span], list[Span]]:
    """Event dates (grouping and dating incidents) and statement days (a fallback); stamps are neither."""
    events, statements = [], []
    for span in date_spans:
        role = payload(span, DATES).role
        if role == "event":
            events.append(span)
        elif role == "statement":
            statements.append(span)
    return events, statements


def choose_date(
    doc: Doc, incident: Incident, published: dt.date | None, rules: AssemblyRules
) -> tuple[DateHit | None, Span | None, bool]:
    """The incident's own date, else the article's news day, else a statement day, else publication week.

    Returns the hit, the span it came from (None when defaulted) and whether it was defaulted.
    """
    own = _own_date(doc, incident, rules)
    ix: SpanIndex = doc.user_data["index"]
    first = incident.sentences[0].start
    preceding = [d for d in ix.all(DATES) if d.start < first and payload(d, DATES).precision in ("day", "week")]
    near = preceding[-1] if preceding and first - preceding[-1].end < PRECEDING_CHARS else None
    reference = doc.user_data.get("reference_day")
    if own is not None and near is not None and own[1].start >= incident.sentences[0].end and reference is not None:
        # "drove the rebels from Menaka on Monday. Fighters … took control of Menaka. … Their alliance
        # fell apart in June": a past month of a later sentence yields to the recent day told just before
        # (only a date written without its year: "in September 2022" is history told on purpose)
        past = own[0].precision != "year" and not WRITTEN_YEAR.search(own[1].text) and historical(own[0], reference)
        # but a sentence that opens on its date ("In March, at least 44 worshippers were killed …", "En mars, …")
        # turns to another time on purpose: that date is its incident's (asked last: `.sent` walks tokens)
        if past and not historical(payload(near, DATES), reference) and own[1].start - own[1].sent.start > 1:
            return payload(near, DATES), near, False
    if own is None or own[1].start >= incident.sentences[0].end:
        # "In August 2020, stability in Bamako disappeared. Racked by protests, units overthrew the
        # president. … which Bamako requested in June 2023": an undated lead goes on with the month
        # and year the sentence before it opened with, not a date of a later sentence nor the news day
        framing = _framing_month(doc, incident)
        if framing is not None:
            return payload(framing, DATES), framing, False
    if own is not None:
        return own[0], own[1], False
    if near is not None:
        return payload(near, DATES), near, False
    # a day long past on which the incident's own sentences say it was reported ("announced his
    # abduction in a video posted on 5 May 2021") dates background, not the article's news
    own_said = [
        s for s in ix.in_all(STATEMENTS, incident.sentences)
        if payload(s, DATES).precision == "day" and reference is not None and historical(payload(s, DATES), reference)
    ]
    if own_said:
        return payload(own_said[0], DATES), own_said[0], False
    # the news day needs a "now" to be recent against, and an incident with a named place or a
    # toll: an undated sentence about a whole region is commentary, not the day's news
    dated_article = published is not None or doc.user_data.get(DATELINE_DAY_KEY) is not None
    concrete = bool(incident.places) or bool(ix.in_all(CASUALTIES, incident.sentences))
    news = _news_day(doc) if dated_article and concrete else None
    if news is not None:
        return payload(news, DATES), news, False
    said = [s for s in ix.in_all(STATEMENTS, incident.sentences) if payload(s, DATES).precision == "day"]
    said = said or [s for s in ix.all(STATEMENTS) if payload(s, DATES).precision == "day"][:1]
    if said:
        return payload(said[0], DATES), said[0], False
    if published is None:
        return None, None, False
    middle = published - dt.timedelta(days=3)
    return DateHit("publication_week", middle.isoformat(), "week", middle), None, True


def _framing_month(doc: Doc, incident: Incident) -> Span | None:
    """The month written with its year ("In August 2020,") that opens the sentence right before the
    incident's lead, in the same paragraph."""
    sentences = doc.user_data["sentences"]
    lead = incident.sentences[0]
    index = doc.user_data["sentence_index"].get(lead.start, 0)
    if index == 0:
        return None
    before = sentences[index - 1]
    text = text_of(doc)
    if "\n" in text[before.start_char : lead.start_char]:
        return None
    ix: SpanIndex = doc.user_data["index"]
    dates = ix.within(DATES, before)
    if not dates or payload(dates[0], DATES).precision != "month" or not WRITTEN_YEAR.search(dates[0].text):
        return None
    opening = text[before.start_char : dates[0].start_char]
    return dates[0] if len(opening.split()) <= 2 else None


def _own_date(doc: Doc, incident: Incident, rules: AssemblyRules) -> tuple[DateHit, Span] | None:
    """The first usable date of the incident's sentences, sharpened by a later day inside its period."""
    lead = incident.sentences[0]
    text = text_of(doc)
    chosen: tuple[DateHit, Span] | None = None
    for span in sorted(incident.dates, key=lambda s: s.start):  # absorbed accounts append theirs after
        hit: DateHit = payload(span, DATES)
        if DATELINE.search(text[max(0, span.start_char - 40) : span.start_char]):
            continue
        if hit.background and hit.precision != "year":
            continue  # "the fourth attack since Sunday": when a series began, not this incident's day
        if span.start < lead.end and hit.value is None and hit.rule not in UNANCHORED_RULES:
            return hit, span  # "On July 27" with no publication date: kept, unresolved
        if hit.precision in ("day", "week", "month") or (
            hit.precision == "year" and not hit.background and not in_range(doc, span, rules)
        ):
            chosen = hit, span
            break
    if chosen is None or chosen[0].precision not in ("week", "month") or chosen[0].day is None:
        return chosen
    # "killed in an attack this week … Thursday's attack": the day inside the week is the date
    for span in incident.dates:
        hit = payload(span, DATES)
        if span.start > chosen[1].start and hit.precision == "day" and hit.day is not None and _within(hit.day, chosen[0]):
            return hit, span
    return chosen


def _within(day: dt.date, period: DateHit) -> bool:
    assert period.day is not None
    if period.precision == "week":
        return abs((day - period.day).days) <= 3
    return (day.year, day.month) == (period.day.year, period.day.month)


def _news_day(doc: Doc) -> Span | None:
    """The article's first recent event day: the day of its news, for an incident told without one."""
    ix: SpanIndex = doc.user_data["index"]
    reference = doc.user_data.get("reference_day")
    for span in ix.all(DATES):
        hit: DateHit = payload(span, DATES)
        if hit.precision not in ("day", "week") or hit.day is None:
            continue
        if reference is not None and (reference - hit.day).days > HISTORICAL_GAP_DAYS:
            continue
        return span
    return None


def in_range(doc: Doc, span: Span, rules: AssemblyRules) -> bool:
    """"coups from 2020 to 2023": a span of years frames background, it dates no incident."""
    before = text_of(doc)[max(0, span.start_char - 20) : span.start_char]
    return bool(rules.year_range.search(before))


def reference_day(doc: Doc, date_spans: list[Span], published: dt.date | None) -> dt.date | None:
    """The article's "now": its publication date, its dateline's, a page stamp's, else the latest date it states."""
    if published is not None:
        return published
    dateline: dt.date | None = doc.user_data.get(DATELINE_DAY_KEY)
    if dateline is not None:
        return dateline
    hits: list[DateHit] = [payload(d, DATES) for d in date_spans]
    stamps = [h.day for h in hits if h.role == "stamp" and h.precision == "day" and h.day is not None]
    if stamps:
        return max(stamps)
    days: list[dt.date] = [h.day for h in hits if h.day is not None]
    return max(days) if days else None


def told_as_background(hit: DateHit, reference: dt.date | None) -> bool:
    """A news story's date that marks background though it is recent: an earlier month than the
    story's ("Last month, 14 soldiers were killed near X", "In January, a similar attack …"), or the
    day of an incident the news is said to come after ("The attack came a day after five civilians
    were killed in Y"). Not for notes, whose one incident may be dated by its month."""
    if hit.rule == "came_after":
        return True
    if reference is None or hit.day is None or hit.precision != "month":
        return False
    return (hit.day.year, hit.day.month) < (reference.year, reference.month)


def historical(hit: DateHit, reference: dt.date | None) -> bool:
    """A date well before the article's "now" marks background, not the article's news."""
    if reference is None or hit.day is None:
        return hit.background
    if hit.precision == "year":
        return hit.day.year < reference.year
    if hit.precision == "month":
        return (reference.year * 12 + reference.month) - (hit.day.year * 12 + hit.day.month) > 2
    return (reference - hit.day).days > HISTORICAL_GAP_DAYS


def published_text(article: Article) -> str | None:
    """The record's `published`: `YYYY-MM` for a month-only date, as `event_date` writes a month."""
    if article.published is None:
        return None
    if article.published_precision == "month":
        return article.published.strftime("%Y-%m")
    return article.published.isoformat()

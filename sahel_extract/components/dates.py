"""`sahel_dates`: find date expressions and resolve them against the publication date.

Candidate spans come from named regular expressions over the text (cheap, C speed); each is then
resolved by small explicit rules. dateparser is called only on a candidate that no rule resolved,
with explicit languages and the publication date as base (dateparser issues #942, #582, #330).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

from sahel_extract.components.caseless import CaselessPattern, folded_of, literal_alternation
from sahel_extract.components.common import DATES, DateHit, attach, payload, text_of

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12,
    "dec": 12, "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5,
    "juin": 6, "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12,
}
WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6, "lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5,
    "dimanche": 6,
}
_MONTH = r"(?P<month>" + literal_alternation(MONTHS) + r")\.?"
_WEEKDAY = r"(?P<weekday>" + "|".join(WEEKDAYS) + r")"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th|er)?"

PUBLISHED_KEY = "published"


@dataclass(frozen=True, slots=True)
class Resolved:
    value: str | None
    precision: str | None
    day: dt.date | None


Resolver = Callable[[re.Match[str], dt.date | None], Resolved]


def _unresolved() -> Resolved:
    return Resolved(None, None, None)


def _day(d: dt.date) -> Resolved:
    return Resolved(d.isoformat(), "day", d)


def _month(year: int, month: int) -> Resolved:
    return Resolved(f"{year:04d}-{month:02d}", "month", dt.date(year, month, 15))


def _week(middle: dt.date) -> Resolved:
    return Resolved(middle.isoformat(), "week", middle)


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _not_after(d: dt.date, published: dt.date | None) -> dt.date:
    """An event cannot postdate its report: a date after publication is a typo'd or last year's."""
    if published is None or d <= published + dt.timedelta(days=1):
        return d
    same = _safe_date(published.year, d.month, d.day)
    if same and same <= published:
        return same
    return _safe_date(published.year - 1, d.month, d.day) or d


def resolve_day_month(m: re.Match[str], published: dt.date | None) -> Resolved:
    month = MONTHS[m.group("month").lower()]
    day = int(m.group("day"))
    year_text = m.groupdict().get("year")
    if year_text:
        d = _safe_date(int(year_text), month, day)
        return _day(_not_after(d, published)) if d else _unresolved()
    if published is None:
        return _unresolved()
    d = _safe_date(published.year, month, day)
    if d is None:
        return _unresolved()
    if d > published + dt.timedelta(days=1):
        d = _safe_date(published.year - 1, month, day) or d
    return _day(d)


def resolve_month(m: re.Match[str], published: dt.date | None) -> Resolved:
    month = MONTHS[m.group("month").lower()]
    year_text = m.groupdict().get("year")
    if year_text:
        return _month(int(year_text), month)
    if published is None:
        return _unresolved()
    year = published.year if month <= published.month else published.year - 1
    return _month(year, month)


def resolve_year(m: re.Match[str], published: dt.date | None) -> Resolved:
    year = int(m.group("year"))
    return Resolved(f"{year:04d}", "year", dt.date(year, 7, 1))


def resolve_weekday(m: re.Match[str], published: dt.date | None) -> Resolved:
    if published is None:
        return _unresolved()
    back = (published.weekday() - WEEKDAYS[m.group("weekday").lower()]) % 7
    said = m.group(0).lower()
    if back == 0 and (said.startswith("last") or said.endswith(("dernier", "passé"))):
        back = 7  # "mardi dernier" in a Tuesday paper is a week ago, as "last Tuesday" is
    return _day(published - dt.timedelta(days=back))


def resolve_day_of_month(m: re.Match[str], published: dt.date | None) -> Resolved:
    """"le 1er", "le 15,": a day of the publication month, or of the month before if still to come."""
    if published is None:
        return _unresolved()
    day = int(m.group("day").lower().removesuffix("er"))
    d = _safe_date(published.year, published.month, day)
    if d is None or d > published:
        previous = published.replace(day=1) - dt.timedelta(days=1)
        d = _safe_date(previous.year, previous.month, day)
    return _day(d) if d else _unresolved()


FR_NUMBERS = {"un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8,
              "neuf": 9, "dix": 10, "quinze": 15}


def resolve_ago(m: re.Match[str], published: dt.date | None) -> Resolved:
    """"il y a trois jours", "il y a deux semaines": counted back from publication."""
    if published is None:
        return _unresolved()
    n_text = m.group("n").lower()
    n = int(n_text) if n_text.isdigit() else FR_NUMBERS[n_text]
    if m.group("unit").lower().startswith("jour"):
        return _day(published - dt.timedelta(days=n))
    return _week(published - dt.timedelta(days=7 * n))


RELATIVE_DAYS = {
    "yesterday": 1, "last night": 1, "the previous day": 1, "the day before": 1, "today": 0,
    "this morning": 0, "tonight": 0, "hier": 1, "avant-hier": 2, "aujourd'hui": 0,
    "the day before yesterday": 2, "la veille": 1, "cette nuit": 0, "la nuit dernière": 1,
    "ce matin": 0,
}


def resolve_relative_day(m: re.Match[str], published: dt.date | None) -> Resolved:
    if published is None:
        return _unresolved()
    return _day(published - dt.timedelta(days=RELATIVE_DAYS[m.group("rel").lower()]))


def resolve_relative_period(m: re.Match[str], published: dt.date | None) -> Resolved:
    if published is None:
        return _unresolved()
    text = m.group(0).lower()
    if "week" in text or "semaine" in text:
        back = 10 if ("last" in text or "dernière" in text or "passée" in text) else 3
        return _week(published - dt.timedelta(days=back))
    if "last month" in text or "mois dernier" in text:
        first = published.replace(day=1) - dt.timedelta(days=1)
        return _month(first.year, first.month)
    return _month(published.year, published.month)


def resolve_numeric(m: re.Match[str], published: dt.date | None) -> Resolved:
    if m.group("iso_y"):
        d = _safe_date(int(m.group("iso_y")), int(m.group("iso_m")), int(m.group("iso_d")))
    else:
        d = _safe_date(int(m.group("dmy_y")), int(m.group("dmy_m")), int(m.group("dmy_d")))
    return _day(_not_after(d, published)) if d else _unresolved()


# Named rules, most specific first; a later rule never overlaps an earlier hit.
RULES: tuple[tuple[str, CaselessPattern, Resolver], ...] = (
    (
        "numeric_date",
        CaselessPattern(
            r"\b(?:(?P<iso_y>(?:19|20)\d\d)-(?P<iso_m>[01]\d)-(?P<iso_d>[0-3]\d)|"
            r"(?P<dmy_d>[0-3]?\d)/(?P<dmy_m>[01]?\d)/(?P<dmy_y>(?:19|20)\d\d))\b"
        ),
        resolve_numeric,
    ),
    (
        "day_month_year",
        CaselessPattern(
            rf"\b(?:(?:le|les)\s+)?(?:{_WEEKDAY},?\s+)?(?:the\s+)?(?:(?:night|(?:dans\s+la\s+)?nuit)\s+(?:of|du)\s+)?{_DAY}"
            rf"(?:\s*(?:-|–|to|and|au|et)\s*[0-3]?\d(?:st|nd|rd|th|er)?)?"
            rf"\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?\b"
        ),
        resolve_day_month,
    ),
    (
        "month_day_year",
        CaselessPattern(
            rf"\b(?:{_WEEKDAY},?\s+)?{_MONTH}\s+{_DAY}(?:\s*(?:-|–|to|and)\s*[0-3]?\d)?\b(?:,?\s+{_YEAR})?(?!\s*(?:km|%))"
        ),
        resolve_day_month,
    ),
    (
        "part_of_month",
        CaselessPattern(
            rf"\b(?:early|mid|late|end of|the end of|beginning of|the beginning of|début|mi|fin|courant)[\s-]+{_MONTH}(?:,?\s+{_YEAR})?\b"
        ),
        resolve_month,
    ),
    ("month_year", CaselessPattern(rf"\b{_MONTH},?\s+{_YEAR}\b"), resolve_month),
    (
        "in_month",
        CaselessPattern(
            rf"\b(?:in|during|since|en|depuis|au mois de|au cours du mois de|durant le mois de|pendant le mois de|"
            rf"dans le courant du mois de|courant)\s+{_MONTH}\b(?!\s+\d)"
        ),
        resolve_month,
    ),
    (
        "day_of_month",
        CaselessPattern(
            r"\b(?:le|du)\s+(?P<day>1er|[12]\d|3[01]|0?[1-9])(?=\s*(?:,|;|\)|au matin|au soir|au petit matin|"
            r"dans la nuit|dans la matinée|dans la soirée|à l'aube)|\.\s)"
        ),
        resolve_day_of_month,
    ),
    (
        "days_ago",
        CaselessPattern(
            r"\bil y a\s+(?P<n>\d{1,2}|un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|quinze)\s+"
            r"(?P<unit>jours?|semaines?)\b"
        ),
        resolve_ago,
    ),
    (
        "relative_day",
        CaselessPattern(
            r"\b(?P<rel>the day before yesterday|yesterday|last night|the previous day|the day before|"
            r"today|this morning|tonight|avant-hier|hier|aujourd'hui|la veille|cette nuit|"
            r"la nuit dernière|ce matin)\b"
        ),
        resolve_relative_day,
    ),
    (
        # "dans la nuit de samedi à dimanche" is the Saturday (SPEC: a night is dated by its evening)
        "night_weekdays",
        CaselessPattern(
            rf"\b(?:dans\s+)?(?:la\s+)?nuit\s+(?:de|du)\s+{_WEEKDAY}\s+(?:à|au)\s+(?:lundi|mardi|mercredi|jeudi|"
            r"vendredi|samedi|dimanche)\b"
        ),
        resolve_weekday,
    ),
    (
        "weekday",
        CaselessPattern(
            rf"\b(?:(?:on|last|this past|past|le|ce)\s+)?{_WEEKDAY}(?:\s+(?:dernier|passé))?\b"
        ),
        resolve_weekday,
    ),
    (
        "relative_period",
        CaselessPattern(
            r"\b(?:earlier this week|this week|last week|earlier this month|this month|last month|"
            r"late last month|early last month|la semaine dernière|la semaine passée|cette semaine|"
            r"ce mois-ci|le mois dernier|plus tôt ce mois)\b"
        ),
        resolve_relative_period,
    ),
    (
        "year",
        CaselessPattern(
            rf"\b(?P<prep>in|since|by|from|until|en|depuis|the|of|early|late|mid)?\s*{_YEAR}\b(?![-/]\d)(?!\s*(?:km|%|people|fighters|soldiers))"
        ),
        resolve_year,
    ),
)


# Dates told relative to the day just narrated, not to publication: "un rassemblement a eu lieu le
# même jour à Bobo-Dioulasso", "les corps ont été retrouvés le lendemain". Offsets in days.
ANAPHORIC_DAYS = {"le même jour": 0, "le jour même": 0, "ce même jour": 0, "ce jour-là": 0, "le lendemain": 1}
ANAPHORIC = CaselessPattern(r"\b(?P<rel>le même jour|le jour même|ce même jour|ce jour-là|le lendemain)\b")


def resolve_anaphoric(said: str, previous: DateHit | None) -> DateHit:
    """Take the day of the nearest preceding day-precise date; unresolved when there is none."""
    offset = ANAPHORIC_DAYS[said.lower()]
    rule = "same_day" if offset == 0 else "next_day"
    if previous is None or previous.day is None or previous.precision != "day":
        return DateHit(rule, None, None, None)
    day = previous.day + dt.timedelta(days=offset)
    return DateHit(rule, day.isoformat(), "day", day)


class DateFinder:
    def __call__(self, doc: Doc) -> Doc:
        published = doc.user_data.get(PUBLISHED_KEY)
        taken: list[tuple[int, int]] = []
        text, folded = text_of(doc), folded_of(doc)
        mask = bytearray(len(text))  # one byte per character: overlap checks stay linear
        spans = []
        for rule, pattern, resolver in RULES:
            for match in pattern.finditer(text, folded):
                start, end = match.span()
                while start < end and text[start].isspace():
                    start += 1
                if any(mask[start:end]):
                    continue
                if rule == "year" and not self._plausible_year(match, published):
                    continue
                span = doc.char_span(start, end, label=rule, alignment_mode="expand")
                if span is None:
                    continue
                resolved = resolver(match, published)
                prep = (match.groupdict().get("prep") or "").lower()
                background = rule == "year" and prep in {"since", "by", "until", "depuis", "from"}
                attach(span, DATES, DateHit(rule, resolved.value, resolved.precision, resolved.day, background))
                spans.append(span)
                taken.append((start, end))
                mask[start:end] = b"\x01" * (end - start)
        spans.sort(key=lambda s: s.start)
        doc.spans[DATES] = self._anaphoric(doc, spans, taken)
        return doc

    @staticmethod
    def _anaphoric(doc: Doc, spans: list[Span], taken: list[tuple[int, int]]) -> list[Span]:
        """Add "le même jour" / "le lendemain", resolved against the dates found before them."""
        added = []
        for match in ANAPHORIC.finditer(text_of(doc), folded_of(doc)):
            start, end = match.span()
            if any(s < end and start < e for s, e in taken):
                continue
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None:
                continue
            before = [payload(s, DATES) for s in spans if s.end_char <= start and payload(s, DATES).precision == "day"]
            hit = resolve_anaphoric(match.group("rel"), before[-1] if before else None)
            span = Span(doc, span.start, span.end, label=hit.rule)
            attach(span, DATES, hit)
            added.append(span)
        return sorted(spans + added, key=lambda s: s.start) if added else spans

    @staticmethod
    def _plausible_year(match: re.Match[str], published: dt.date | None) -> bool:
        year = int(match.group("year"))
        return published is None or year <= published.year


@Language.factory(DATES)
def make_dates(nlp: Language, name: str) -> DateFinder:
    return DateFinder()

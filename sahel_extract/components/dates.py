"""`sahel_dates`: find date expressions and resolve them against the publication date.

Candidate spans come from named regular expressions over the text (cheap, C speed); each is then
resolved by small explicit rules. dateparser is called only on a candidate that no rule resolved,
with explicit languages and the publication date as base (dateparser issues #942, #582, #330).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import NamedTuple

from spacy.language import Language
from spacy.tokens import Doc, Span

from sahel_extract.components.caseless import CaselessPattern, folded_of, literal_alternation
from sahel_extract.components.common import DATES, DateHit, attach, payload, set_spans, text_of
from sahel_extract.components.gate import RuleGate
from sahel_extract.resources import LANGS
from sahel_extract.resources.dates import DateCues, load_date_cues
from sahel_extract.resources.loader import NEVER, data_file, default_data_dir
from sahel_extract.resources.stage_words import DATE_SLOTS, plain, stage_words
from sahel_extract.text import since_event_before

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
# The words of the rules' patterns are data, the `words:` of `gazetteer/dates/<lang>.yaml`: every
# declared language's words, one slot per id (`resources/stage_words.py`), so that one pattern reads
# every article as before the words moved out of the code; they are the installed folder's, read when
# this module is imported. Still code: the month and weekday names (and their abbreviations), the
# shapes of a full date ("12 March 2024", "March 12", "12/03/2024"; their words are data),
# "il y a trois jours" with the values of its number words (as in `numbers.py`), and the typographic
# patterns (a clock, an agency in brackets, a possessive), which hold no language's words.
WORDS = stage_words("dates", DATE_SLOTS, others=frozenset({"cues"}))


SPACES = r"\s+"


def words(slot: str, after: str = "") -> str:
    """The alternation of a slot's terms, each followed by `after` (`NEVER` for none)."""
    return "|".join(f"{term}{after}" for term in WORDS[slot]) or NEVER


_MONTH = r"(?P<month>" + literal_alternation(MONTHS) + r")\.?"
_WEEKDAY = r"(?P<weekday>" + "|".join(WEEKDAYS) + r")"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DAY = rf"(?P<day>[0-3]?\d)(?:{words('ordinal_suffixes')})?"

PUBLISHED_KEY = "published"
PUBLISHED_PRECISION_KEY = "published_precision"  # "month" for a `date 2024-07` marker
DATELINE_DAY_KEY = "dateline_day"  # the layout stage's full dateline date, when the article has none


class Resolved(NamedTuple):
    """A date rule's reading of its match. A tuple, not a frozen dataclass: one or two are made per
    date found, and a frozen dataclass's `__init__` sets each field through `object.__setattr__`."""

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


def _weekday_before(published: dt.date, weekday: int, *, last: bool = False) -> dt.date:
    """The most recent `weekday` on or before publication ("Sunday" in a Tuesday paper is two days back).

    With `last` ("last Tuesday", "mardi dernier"), the publication's own weekday means a week ago.
    """
    back = (published.weekday() - weekday) % 7
    if back == 0 and last:
        back = 7
    return published - dt.timedelta(days=back)


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
    weekday_text = m.groupdict().get("weekday")
    if weekday_text and d.weekday() != WEEKDAYS[weekday_text.lower()]:
        # "samedi 26 mars" in a paper of Tuesday 26 March: the weekday, told relative to the
        # paper, is the likelier half of a slip; a distant date keeps its day and month
        near = _weekday_before(published, WEEKDAYS[weekday_text.lower()])
        if abs((near - d).days) <= 6:
            return _day(near)
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


def resolve_numeric(m: re.Match[str], published: dt.date | None) -> Resolved:
    if m.group("iso_y"):
        d = _safe_date(int(m.group("iso_y")), int(m.group("iso_m")), int(m.group("iso_d")))
    else:
        d = _safe_date(int(m.group("dmy_y")), int(m.group("dmy_m")), int(m.group("dmy_d")))
    return _day(_not_after(d, published)) if d else _unresolved()


def resolve_period(period: str, published: dt.date) -> Resolved:
    """A period named relative to publication, as ACLED dates it: a week by its middle day.

    "this week" runs from its Monday to the day before publication (news of the week so far); "last
    week" is the calendar week before;
    "the weekend" is the latest Saturday on or before publication (its first day), "last weekend"
    in a weekend paper the one before.
    """
    monday = published - dt.timedelta(days=published.weekday())
    if period == "this_week":  # the days of the week before publication, Monday to the day before
        return _week(monday + max(0, (published - monday).days - 1) // 2 * dt.timedelta(days=1))
    if period == "last_week":
        return _week(monday - dt.timedelta(days=4))
    if period == "weekend":
        return _day(_weekday_before(published, 5))
    if period == "last_weekend":  # in a weekend paper, the weekend before this one
        return _day(_weekday_before(published - dt.timedelta(days=2), 5))
    if period == "last_month":
        previous = published.replace(day=1) - dt.timedelta(days=1)
        return _month(previous.year, previous.month)
    return _month(published.year, published.month)


# Named rules that need no word list, most specific first; a later rule never overlaps an earlier hit.
FIXED_RULES: tuple[tuple[str, CaselessPattern, Resolver], ...] = (
    (
        "numeric_date",
        CaselessPattern(
            r"\b(?:(?P<iso_y>(?:19|20)\d\d)-(?P<iso_m>[01]\d)-(?P<iso_d>[0-3]\d)|"
            r"(?P<dmy_d>[0-3]?\d)(?P<sep>[/.-])(?P<dmy_m>[01]?\d)(?P=sep)(?P<dmy_y>(?:19|20)\d\d))\b"
        ),
        resolve_numeric,
    ),
    (
        "day_month_year",
        CaselessPattern(
            rf"\b(?:(?:{words('date_articles')})\s+)?(?:{_WEEKDAY},?\s+)?(?:(?:{words('day_articles')})\s+)?"
            rf"(?:(?:{words('night_nouns')})\s+(?:{words('night_of')})\s+)?{_DAY}"
            rf"(?:\s*(?:{words('day_range_joiners')})\s*(?:(?:{'|'.join(WEEKDAYS)}),?\s+)?[0-3]?\d(?:{words('ordinal_suffixes')})?)?"
            rf"\s+(?:(?:{words('month_of')})\s+)?{_MONTH}(?:,?\s+{_YEAR})?\b"
        ),
        resolve_day_month,
    ),
    (
        "month_day_year",
        CaselessPattern(
            rf"\b(?:{_WEEKDAY},?\s+)?{_MONTH}\s+{_DAY}(?:\s*(?:{words('month_day_joiners')})\s*[0-3]?\d)?\b(?:,?\s+{_YEAR})?"
            rf"(?!\s*(?:{words('not_a_date_after')}))"
        ),
        resolve_day_month,
    ),
    (
        "part_of_month",
        CaselessPattern(
            rf"\b(?:{words('part_of_month')})[\s-]+{_MONTH}(?:,?\s+{_YEAR})?\b"
        ),
        resolve_month,
    ),
    ("month_year", CaselessPattern(rf"\b{_MONTH},?\s+{_YEAR}\b"), resolve_month),
    (
        "in_month",
        CaselessPattern(
            rf"\b(?:{words('in_month')})\s+{_MONTH}\b(?!\s+\d)"
        ),
        resolve_month,
    ),
    (
        "day_of_month",
        CaselessPattern(
            rf"\b(?:{words('day_of_month_before')})\s+(?P<day>1er|[12]\d|3[01]|0?[1-9])"
            rf"(?=\s*(?:,|;|\)|{words('day_of_month_after')})|\.\s)"
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
)
YEAR_RULE: tuple[str, CaselessPattern, Resolver] = (
    "year",
    CaselessPattern(
        rf"\b(?P<prep>{words('year_before')}|{words('year_period_before')})?\s*{_YEAR}\b(?![-/]\d)(?!\s*(?:{words('not_a_year_after')}))"
    ),
    resolve_year,
)
# Rules whose value is a day counted from the publication day: with a month-only publication
# marker they can say no more than that month
STAMP_LINE = 160  # a date alone on its line (with a weekday and a clock at most) is a stamp
SINCE_BEFORE = re.compile(rf"\b(?:{words('since')})\s+(?:{words('since_articles')})?$", re.I)
# "depuis l'arrivée au pouvoir des militaires en juillet 2023", "since the junta took power in July
# 2023": the date of the event a period began with, told in the same phrase, is background too
SINCE_EVENT_BEFORE = since_event_before(words("since_event_prepositions"), 60)
SINCE_REACH = 80
SINCE_WORDS = WORDS["since"] if plain(WORDS["since"]) else ("",)
"""The words that open both `SINCE_BEFORE` and `SINCE_EVENT_BEFORE` (plain lowercase words, or any
text): a window without them is not searched."""
PERIOD_PREPOSITIONS = frozenset(word.lower() for word in WORDS["year_period_before"])
"""A year after one of these is when a period began or ended ("since 2015", "until 2020")."""
SINCE_OPENING = re.compile(rf"(?:{words('since')})\b", re.I)  # a year rule's span holds its "since 2015"
DAY_RELATIVE_RULES = frozenset({"night_range", "relative_day", "weekday", "relative_period", "days_ago"})
CLOCK_AFTER = re.compile(r"[ \t]*(?:[-–|,][ \t]*)?\d{1,2}[:h.]\d{2}\b")
"""A clock time straight after a date ("17/6/2024 6:11", "16 September 2025 - 13:00"): a page's stamp."""
AGENCY_AFTER = re.compile(r"\s*\([A-Z][A-Za-z/ ]{1,20}\)(?=\s*[-–—:]|\s+[A-Z])")
"""An agency in brackets straight after a date ("Jan 17 (AFP) -"): the filing day of a dateline."""
POSSESSIVE_AFTER = re.compile(r"['’]s\b")
""""Thursday's attack": a date that names the incident, whatever word comes before it."""
STAMP_WINDOW = 40
WEEKDAY_IN = re.compile(r"\b(?:" + "|".join(WEEKDAYS) + r")\b", re.I)
STAMP_LINE = 80
STAMP_START = 20
STAMP_GAP = 6
"""At most this between a stamp word and its date ("Publié le ", "Updated: "): the word stamps that date."""
"""A stamp word this near the start of its line opens a stamp or caption ("Published: …", "A file picture taken on …")."""
"""A line this short holding a stamp word is a stamp or caption line wherever the word stands."""
STATEMENT_GAP = 45
"""Characters allowed between a statement word and its day: "the ministry said in the statement
read out on public radio late Tuesday"; a clause opener or an incident noun in between ends it."""
WORD = re.compile(r"[^\W\d_]{3,}")


def phrases(words: Iterable[str]) -> str:
    """An alternation of literal phrases, longest first, whose spaces match any run of spaces.

    Phrases of one length can never match at the same place, so their order changes no match; it
    is alphabetical so that the rule's text is the same in every run (its compiled form is cached).
    """
    ordered = sorted({w.lower() for w in words}, key=lambda w: (-len(w), w))
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered) or r"(?!x)x"


@dataclass(frozen=True)
class CuePatterns:
    """The compiled cues of one language (`dates/<lang>.yaml`), built once per pipeline."""

    statement_before: CaselessPattern
    statement_after: CaselessPattern
    stamp_line: CaselessPattern
    caption_tail: CaselessPattern
    period_start: CaselessPattern
    weekday_names: CaselessPattern
    relative_days: dict[str, int]
    anaphoric_days: dict[str, int]
    anchored: frozenset[str]  # anaphoric phrases that say nothing without a day told before them
    anaphoric_months: dict[str, int]
    month_anaphoric: CaselessPattern
    deadline: CaselessPattern
    custom_after: CaselessPattern
    periods: dict[str, str]
    last_words: frozenset[str]
    anaphoric: CaselessPattern
    rules: tuple[tuple[str, CaselessPattern, Resolver], ...]

    @classmethod
    def build(cls, cues: DateCues) -> CuePatterns:
        last = phrases(cues.last_words)
        weekdays = "|".join(WEEKDAYS)
        relative_days = {k.lower(): v for k, v in cues.relative_days.items()}
        periods: dict[str, str] = {k.lower(): v for k, v in cues.relative_periods.items()}
        last_words = frozenset(w.lower() for w in cues.last_words)

        def weekday(m: re.Match[str], published: dt.date | None) -> Resolved:
            if published is None:
                return _unresolved()
            said = " ".join(m.group(0).lower().split())
            is_last = any(said.startswith(w + " ") or said.endswith(" " + w) for w in last_words)
            return _day(_weekday_before(published, WEEKDAYS[m.group("weekday").lower()], last=is_last))

        def relative_day(m: re.Match[str], published: dt.date | None) -> Resolved:
            if published is None:
                return _unresolved()
            return _day(published - dt.timedelta(days=relative_days[" ".join(m.group("rel").lower().split())]))

        def period(m: re.Match[str], published: dt.date | None) -> Resolved:
            if published is None:
                return _unresolved()
            return resolve_period(periods[" ".join(m.group("rel").lower().split())], published)

        rules = (
            *FIXED_RULES,
            (
                # "overnight Tuesday to Wednesday", "dans la nuit de samedi à dimanche", "between
                # Thursday night and Friday": the night is dated by its evening (SPEC §3)
                "night_range",
                CaselessPattern(
                    rf"\b(?:{phrases(cues.night_before)})\s+{_WEEKDAY}(?:\s+(?:{words('night_words')}))?\s*"
                    rf"(?:{phrases(cues.range_joiners)})\s*(?:{weekdays})\b"
                ),
                weekday,
            ),
            (
                "relative_period",
                CaselessPattern(rf"\b(?P<rel>{phrases(periods)})\b"),
                period,
            ),
            (
                # "overnight" alone is the night before publication; "overnight Tuesday" is Tuesday
                "relative_day",
                CaselessPattern(rf"\b(?P<rel>{phrases(relative_days)})\b(?!\s+(?:{words('weekday_preposition', after=SPACES)})?(?:{weekdays})\b)"),
                relative_day,
            ),
            (
                "weekday",
                CaselessPattern(rf"\b(?:(?:{last}|{words('weekday_before')})\s+)?{_WEEKDAY}(?:\s+(?:{last}))?\b"),
                weekday,
            ),
            YEAR_RULE,
        )
        openers = phrases([*cues.clause_openers, *cues.event_nouns])
        return cls(
            statement_before=CaselessPattern(
                rf"\b(?:{phrases(cues.statement_before)})\b(?:(?!\b(?:{openers})\b)[^.;\n]){{0,{STATEMENT_GAP}}}$"
            ),
            statement_after=CaselessPattern(rf"^\s*(?:{phrases(cues.statement_after)})\b"),
            stamp_line=CaselessPattern(rf"\b(?:{phrases(cues.stamp_before)})\b"),
            caption_tail=CaselessPattern(rf"\b(?:{phrases(cues.caption_after)})\s*:"),
            period_start=CaselessPattern(rf"^[\s.,;:]*(?:{phrases(cues.period_start_after)})\b"),
            weekday_names=CaselessPattern(rf"\b(?:{weekdays}|mon|tue|wed|thu|fri|sat|sun|lun|mar|mer|jeu|ven|sam|dim)\b"),
            relative_days=relative_days,
            anaphoric_days={k.lower(): v for k, v in cues.anaphoric_days.items()} | {k.lower(): -v for k, v in cues.eve_of_next.items()},
            anchored=frozenset(k.lower() for k in cues.eve_of_next),
            anaphoric_months={k.lower(): v for k, v in cues.anaphoric_months.items()},
            month_anaphoric=CaselessPattern(rf"\b(?P<rel>{phrases(cues.anaphoric_months)})\b"),
            deadline=CaselessPattern(rf"\b(?:{phrases(cues.deadline_before)})\s+$"),
            custom_after=CaselessPattern(rf"^['’]?s?\s+(?:{phrases(cues.not_a_day_after)})\b"),
            periods=periods,
            last_words=last_words,
            anaphoric=CaselessPattern(
                rf"\b(?P<rel>{phrases([*cues.anaphoric_days, *cues.eve_of_next])})\b(?!\s*(?:{phrases(cues.anaphoric_blockers)})(?:\s|\b))"
            ),
            rules=rules,
        )


def resolve_anaphoric(offset: int, rule: str, previous: DateHit | None, published: dt.date | None) -> DateHit:
    """The day of the nearest preceding day-precise date, moved by `offset`.

    "the day before", "le lendemain" are told relative to the day just narrated. With no such day,
    "the day before" / "la veille" is the eve of publication; "the next day" says nothing.
    """
    if previous is not None and previous.day is not None and previous.precision == "day":
        base: dt.date | None = previous.day
    else:
        base = published if offset < 0 else None
    if base is None:
        return DateHit(rule, None, None, None)
    day = base + dt.timedelta(days=offset)
    return DateHit(rule, day.isoformat(), "day", day)


QUOTE_NEWS_DAYS = 3
"""How long before publication a story's news day may be for a quote's "today" to mean it."""
QUOTE_REACH = 600
"""How far back a quotation's opening mark is looked for (a paragraph's worth: no quadratic reading)."""


def _quoted(text: str, at: int) -> bool:
    """Whether `at` lies inside a quotation opened earlier in its paragraph (a quote runs over sentences)."""
    depth = 0
    for char in text[max(text.rfind("\n", 0, at) + 1, at - QUOTE_REACH) : at]:
        if char in "“«":
            depth = 1
        elif char in "”»":
            depth = 0
        elif char == '"':
            depth = 1 - depth
    return depth > 0


def year_for(month: int, day: int, weekday: int | None, anchor: int) -> int | None:
    """The year of a date told without one, in an article with no publication date.

    The anchor is the year of the nearest full date before it. A weekday ("mercredi 1er
    septembre") picks the first year from the anchor on where that day falls on that weekday.
    """
    if weekday is None:
        return anchor
    for year in range(anchor, anchor + 7):
        d = _safe_date(year, month, day)
        if d is not None and d.weekday() == weekday:
            return year
    return None


def _after_since(text: str, folded: str | None, start: int) -> bool:
    """Whether a date at `start` follows "since", "depuis", or the event a period began with.

    Both patterns are IGNORECASE alternations tried at every position of their window; most dates
    have neither word before them, which the lowercased text (`folded_of`) tells with two `find`s.
    """
    reach = max(0, start - SINCE_REACH)
    if folded is not None:
        for word in SINCE_WORDS:  # a loop, not all() over a generator: asked for every date found
            if folded.find(word, reach, start) >= 0:
                break
        else:
            return False
    return bool(SINCE_BEFORE.search(text, max(0, start - 12), start) or SINCE_EVENT_BEFORE.search(text, reach, start))


class DateFinder:
    def __init__(self, cues: DateCues) -> None:
        self.cues = CuePatterns.build(cues)
        self.gate = RuleGate([*(pattern for _, pattern, _ in self.cues.rules), self.cues.anaphoric, self.cues.month_anaphoric])
        self.gate.prepare()

    def __call__(self, doc: Doc) -> Doc:
        published: dt.date | None = doc.user_data.get(PUBLISHED_KEY) or doc.user_data.get(DATELINE_DAY_KEY)
        by_month = doc.user_data.get(PUBLISHED_PRECISION_KEY) == "month" and doc.user_data.get(PUBLISHED_KEY) is not None
        taken: list[tuple[int, int]] = []
        text, folded = text_of(doc), folded_of(doc)
        mask = bytearray(len(text))  # one byte per character: overlap checks stay linear
        spans = []
        found: set[str] = set()  # the rules that found a date
        possible = self.gate.possible(folded)
        for (rule, pattern, resolver), can in zip(self.cues.rules, possible, strict=False):  # then the anaphoric two
            if not can:
                continue
            for match in pattern.finditer(text, folded, gated=True):
                start, end = match.span()
                while start < end and text[start].isspace():
                    start += 1
                if any(mask[start:end]):
                    continue
                if rule == "year" and not self._plausible_year(match, published):
                    continue
                if rule == "weekday" and self.cues.custom_after.search(text[end : end + 20]):
                    continue  # "Sunday services", "Friday prayers": a custom, not a day
                span = doc.char_span(start, end, label=rule, alignment_mode="expand")
                if span is None:
                    continue
                resolved = resolver(match, published)
                if by_month and published is not None and rule in DAY_RELATIVE_RULES and resolved.precision in ("day", "week"):
                    # "dimanche" in a paper known only by its month: that month is all it can say
                    resolved = _month(published.year, published.month)
                prep = (match.groupdict().get("prep") or "").lower()
                # "since 2015", "since Sunday", "depuis lundi": when a period began, never an incident's day
                background = (rule == "year" and prep in PERIOD_PREPOSITIONS) or _after_since(
                    text, folded, start
                )
                hit = DateHit(rule, resolved.value, resolved.precision, resolved.day, background, self._role(text, start, end))
                attach(span, DATES, hit)
                spans.append(span)
                found.add(rule)
                taken.append((start, end))
                mask[start:end] = b"\x01" * (end - start)
        spans.sort(key=lambda s: s.start)
        if published is None:
            self._years_from_context(doc, spans)
        elif not by_month:
            # each moves dates of one rule only, and most notes have none
            if "relative_day" in found:
                self._rebase_on_statements(doc, spans)
            if "weekday" in found:
                self._weekdays_named_before(doc, spans)
        set_spans(doc, DATES, self._anaphoric(doc, spans, taken, published, bool(possible[-2]), bool(possible[-1])))
        return doc

    def _role(self, text: str, start: int, end: int) -> str:
        """"stamp" for a page's time stamp or a caption's date, "deadline" for "by Wednesday",
        "statement" for the day something was said, else "event"."""
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        line_end = len(text) if line_end < 0 else line_end
        before_on_line = text[line_start:start]
        if (
            CLOCK_AFTER.match(text, end) or AGENCY_AFTER.match(text, end)
            or (not POSSESSIVE_AFTER.match(text, end) and self._stamp_cue(before_on_line, line_end - line_start))
            or self._caption_tail(text[max(end, line_end - STAMP_WINDOW) : line_end])
        ):
            return "stamp"
        if line_end - line_start <= STAMP_LINE:  # a longer line holds words: reading it all is quadratic
            rest = before_on_line + " " + text[end:line_end]
            rest = self.cues.weekday_names.exact.sub(" ", CLOCK_AFTER.sub(" ", rest))
            if not WORD.search(rest):
                return "stamp"  # "December 15, 2024" or "Thu | Apr 25, 2024" alone on its line
        if POSSESSIVE_AFTER.match(text, end):
            return "event"
        if self.cues.deadline.search(text[max(0, start - 20) : start]):
            return "deadline"  # "demanding their departure by Wednesday"
        if self.cues.statement_before.search(text[max(0, start - STATEMENT_GAP - 20) : start]):
            return "statement"
        if self.cues.statement_after.search(text[end : end + 40]):
            return "statement"
        return "event"

    def _caption_tail(self, window: str) -> bool:
        """Whether a caption's closing words end the window ("… (Photo: AFP)"). The rule ends in a
        colon (`CuePatterns.build`): a window without one, most of them, is not searched."""
        return ":" in window and self.cues.caption_tail.search(window) is not None

    def _stamp_cue(self, before_on_line: str, line_length: int) -> bool:
        """A stamp or caption word shortly before the date ("Published: …", "A file picture taken on …"),
        on a short line or near its start: in the middle of a long paragraph, "a video posted on
        5 May 2021" tells when something was said, not when a page was stamped."""
        window = before_on_line[-STAMP_WINDOW:]
        found = self.cues.stamp_line.search(window)
        if found is None:
            return False
        adjacent = len(window) - found.end() <= STAMP_GAP  # "… réseaux terroristes Publié le samedi 28 septembre"
        return adjacent or line_length <= STAMP_LINE or len(before_on_line) - len(window) + found.start() <= STAMP_START

    @staticmethod
    def _weekdays_named_before(doc: Doc, spans: list[Span]) -> None:
        """"unrest on Friday, July 10 … Clashes broke out on Friday": a bare weekday after a full date
        written with that weekday, a week or two before the one publication gives, is that date."""
        text = text_of(doc)
        named: list[DateHit] = []
        for span in spans:
            hit: DateHit = payload(span, DATES)
            if hit.role != "event" or hit.precision != "day" or hit.day is None:
                continue
            if hit.rule in ("day_month_year", "month_day_year") and WEEKDAY_IN.search(text[span.start_char : span.end_char]):
                named.append(hit)
            elif hit.rule == "weekday" and named:
                earlier = next(
                    (n for n in reversed(named) if n.day is not None and n.day.weekday() == hit.day.weekday()
                     and 0 < (hit.day - n.day).days <= 14),
                    None,
                )
                if earlier is not None and earlier.day is not None:
                    attach(span, DATES, replace(hit, value=earlier.day.isoformat(), day=earlier.day))

    def _rebase_on_statements(self, doc: Doc, spans: list[Span]) -> None:
        """"'…shellfire this afternoon,' the army said in a statement on Thursday": words like
        "today" inside a dated statement count from the statement's day, not from publication."""
        said = [s for s in spans if payload(s, DATES).role == "statement" and payload(s, DATES).precision == "day"]
        # a quote's "this morning" with no day for its statement: the day of the story's news, when
        # the story told one shortly before publication ("left Mali on Monday … 'handed over this
        # morning,' the army said" in Tuesday's paper)
        published: dt.date | None = doc.user_data.get(PUBLISHED_KEY)
        told = [
            h.day for h in (payload(s, DATES) for s in spans)
            if h.role == "event" and h.precision == "day" and h.day is not None and h.rule != "relative_day"
        ]
        news = told[0] if told else None
        if news is not None and (
            published is None or not 0 < (published - news).days <= QUOTE_NEWS_DAYS or any(news < d <= published for d in told)
        ):
            news = None  # an older news day, or a later day told after it: the quote's day is not known
        if not said and news is None:
            return
        text = text_of(doc)
        for span in spans:
            hit: DateHit = payload(span, DATES)
            if hit.rule != "relative_day" or hit.role != "event":
                continue
            sentence = span.sent
            statement = next((s for s in said if sentence.start <= s.start < sentence.end), None)
            offset = self.cues.relative_days[" ".join(text[span.start_char : span.end_char].lower().split())]
            base: dt.date | None = payload(statement, DATES).day if statement is not None else None
            if base is None and offset == 0 and news is not None and _quoted(text, span.start_char):
                base = news  # only "today", "this morning": a quoted "yesterday" keeps the paper's day
            if base is None:
                continue
            day = base - dt.timedelta(days=offset)
            attach(span, DATES, replace(hit, value=day.isoformat(), day=day))

    def _years_from_context(self, doc: Doc, spans: list[Span]) -> None:
        """With no publication date, "June 13" takes the year of the full date told before it."""
        text = text_of(doc)
        anchor: int | None = None
        years = [payload(s, DATES).day.year for s in spans if payload(s, DATES).day is not None and payload(s, DATES).role != "stamp"]
        latest = max(years) if years else None
        floor = self._after_periods_begun(text, spans)
        patterns = {rule: pattern for rule, pattern, _resolver in FIXED_RULES}
        for span in spans:
            hit: DateHit = payload(span, DATES)
            if hit.value is not None and hit.rule in ("numeric_date", "day_month_year", "month_day_year") and hit.role != "stamp":
                anchor = hit.day.year if hit.day else anchor
                continue
            if hit.value is not None or hit.rule not in ("day_month_year", "month_day_year"):
                continue
            match = patterns[hit.rule].exact.match(text, span.start_char)
            if match is None:
                continue
            month, day = MONTHS[match.group("month").lower()], int(match.group("day"))
            weekday = WEEKDAYS.get((match.group("weekday") or "").lower())
            # a weekday fixes the year within a few: any year the article names will anchor it
            base = anchor if anchor is not None else (latest if weekday is not None else None)
            if base is None:
                continue
            if weekday is not None and floor is not None:
                base = max(base, floor)  # "samedi 12 décembre" after "since 2015": a Saturday after 2015
            year = year_for(month, day, weekday, base)
            d = _safe_date(year, month, day) if year is not None else None
            if d is not None:
                attach(span, DATES, replace(hit, value=d.isoformat(), precision="day", day=d))

    def _after_periods_begun(self, text: str, spans: list[Span]) -> int | None:
        """The first year the story's "now" can be: the year after the latest start of a period running
        to it ("since 2015", "depuis mars 2015", "in February 2015. Since then, …")."""
        begun = [
            hit.day.year for span, hit in ((s, payload(s, DATES)) for s in spans)
            if hit.day is not None and hit.role != "stamp"
            and (SINCE_BEFORE.search(text, max(0, span.start_char - 12), span.start_char)
                 or SINCE_OPENING.match(text, span.start_char)
                 or self.cues.period_start.search(text[span.end_char : span.end_char + 30]))
        ]
        return max(begun) + 1 if begun else None

    def _anaphoric(
        self, doc: Doc, spans: list[Span], taken: list[tuple[int, int]], published: dt.date | None, days: bool, months: bool
    ) -> list[Span]:
        """Add "the day before" / "le lendemain", resolved against the dates found before them.
        `days`, `months`: whether the gate found that their rules may match (`DateFinder.gate`)."""
        added = []
        text = text_of(doc)
        for match, span in _free_matches(doc, self.cues.anaphoric, taken) if days else ():
            start, end = match.span()
            before = [
                payload(s, DATES) for s in spans
                if s.end_char <= start and payload(s, DATES).precision == "day" and payload(s, DATES).role == "event"
            ]
            said = " ".join(match.group("rel").lower().split())
            offset = self.cues.anaphoric_days[said]
            rule = "same_day" if offset == 0 else ("next_day" if offset > 0 else "day_before")
            if said in self.cues.anchored:
                rule = "came_after"  # the incident named next is background to the story's own
                # "The attack came a day after …": the attack is the story's own, dated by its first day
                hit = resolve_anaphoric(offset, rule, before[0], published) if before else DateHit(rule, None, None, None)
            else:
                hit = resolve_anaphoric(offset, rule, before[-1] if before else None, published)
            hit = replace(hit, role=self._role(text, start, end))
            span = Span(doc, span.start, span.end, label=hit.rule)
            attach(span, DATES, hit)
            added.append(span)
        if months:
            added += self._anaphoric_months(doc, spans, taken)
        return sorted(spans + added, key=lambda s: s.start) if added else spans

    def _anaphoric_months(self, doc: Doc, spans: list[Span], taken: list[tuple[int, int]]) -> list[Span]:
        """"In May, … The same month, …": the month of the date told just before, moved by its offset."""
        added = []
        for match, span in _free_matches(doc, self.cues.month_anaphoric, taken):
            start = match.start()
            before = [
                payload(s, DATES) for s in spans
                if s.end_char <= start and payload(s, DATES).precision in ("day", "week", "month")
                and payload(s, DATES).role == "event" and payload(s, DATES).day is not None
            ]
            hit = DateHit("same_month", None, None, None)
            if before:
                base = before[-1].day
                assert base is not None
                index = base.year * 12 + base.month - 1 + self.cues.anaphoric_months[" ".join(match.group("rel").lower().split())]
                resolved = _month(index // 12, index % 12 + 1)
                hit = DateHit("same_month", resolved.value, resolved.precision, resolved.day)
            span = Span(doc, span.start, span.end, label=hit.rule)
            attach(span, DATES, hit)
            added.append(span)
        return added

    @staticmethod
    def _plausible_year(match: re.Match[str], published: dt.date | None) -> bool:
        year = int(match.group("year"))
        return published is None or year <= published.year


def load_cues(data_dir: str, lang: str) -> DateCues:
    """The cues of the pipeline's language, joined by those of the other languages.

    The press of the region quotes across its languages (an English wire quoting "dans la nuit de
    samedi à dimanche", a French article misdetected as English): a cue of any language is still
    that cue. The pipeline's own language comes first, so its phrases win where both define one.
    """
    folder = Path(data_dir) if data_dir else default_data_dir()
    langs = [lang, *(other for other in LANGS if other != lang)]
    found = [load_date_cues(data_file(folder, f"dates/{code}.yaml")) for code in langs if data_file(folder, f"dates/{code}.yaml").exists()]
    if not found:
        return load_date_cues(data_file(folder, "dates/en.yaml"))
    return merge_cues(found)


def merge_cues(all_cues: list[DateCues]) -> DateCues:
    """One set of cues from several languages' (lists joined; the first language's mapping entries win)."""
    merged: dict[str, object] = {}
    for name in DateCues.model_fields:
        values = [getattr(cues, name) for cues in all_cues]
        if isinstance(values[0], dict):
            joined: dict[str, object] = {}
            for value in reversed(values):
                joined.update(value)
            merged[name] = joined
        else:
            merged[name] = [item for value in values for item in value]
    return DateCues.model_validate(merged)


@Language.factory(DATES, default_config={"data_dir": ""})
def make_dates(nlp: Language, name: str, data_dir: str) -> DateFinder:
    return DateFinder(load_cues(data_dir, nlp.lang or "en"))


def _free_matches(doc: Doc, pattern: CaselessPattern, taken: list[tuple[int, int]]) -> Iterator[tuple[re.Match[str], Span]]:
    """Matches of `pattern` that overlap no date already taken, with the tokens they cover; the
    caller's gate has found that it may match."""
    for match in pattern.finditer(text_of(doc), folded_of(doc), gated=True):
        start, end = match.span()
        if any(s < end and start < e for s, e in taken):
            continue
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            yield match, span

"""What the stage components share: the payload attached to their spans and phrase-matcher set-up."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any, cast

from spacy.about import __version__ as spacy_version
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, SpanGroup

from sahel_extract import cache, text
from sahel_extract.text import fold

PLACES = "sahel_places"
ACTORS = "sahel_actors"
DATES = "sahel_dates"
CASUALTIES = "sahel_casualties"
TRIGGERS = "sahel_triggers"
LAYOUT = "sahel_layout"


def text_of(doc: Doc) -> str:
    """The document text, built once: `Doc.text` re-joins every token on each access."""
    try:
        text: str = doc.user_data["text"]
    except KeyError:
        text = doc.user_data["text"] = doc.text
    return text


def span_text(span: Span) -> str:
    """`span.text` as a slice of the document text: `Span.text` visits every token of the span."""
    return text_of(span.doc)[span.start_char : span.end_char]


def keep_text(doc: Doc, text: str) -> None:
    """Record the string `doc` was tokenised from, so that `text_of` need not rebuild it.

    spaCy's tokenizer is lossless (`doc.text == text`), and rebuilding costs a Python-level
    pass over every token.
    """
    doc.user_data["text"] = text


def set_spans(doc: Doc, group: str, spans: list[Span]) -> None:
    """`doc.spans[group] = spans`, the group built here as spaCy builds it from a list: the
    proxy's own way there takes two more calls, a fifth of the write's cost on a note."""
    doc.spans[group] = SpanGroup(doc, name=group, spans=spans)


def attach(span: Span, group: str, payload: object) -> None:
    """Store a stage's typed payload for one of its spans.

    Keyed by group as well as offsets: a span extension would be shared by equal spans of two
    groups ("protesters" is both an actor and a trigger). One table per group, keyed by a pair of
    offsets rather than a formatted string: assembly reads payloads some fifty times per article.
    """
    span.doc.user_data.setdefault(group, {})[span.start_char, span.end_char] = payload


def payload(span: Span, group: str) -> Any:
    return span.doc.user_data[group][span.start_char, span.end_char]


@dataclass(frozen=True, slots=True)
class PlaceHit:
    rule: str
    key: str  # gazetteer key of the name, "" for a place the gazetteer lacks
    precision_cue: int  # 1 exact, 2 "near X" / "X km from Y" / "outskirts of X"
    distance_km: float | None = None
    context: tuple[str, ...] = ()  # names inside a following "(admin2, admin1)" parenthesis


@dataclass(frozen=True, slots=True)
class ActorHit:
    rule: str
    name: str  # canonical name, or the generic family ("state_forces", "unidentified" …)
    generic: bool = False
    country: str | None = None


@dataclass(frozen=True, slots=True)
class DateHit:
    rule: str
    value: str | None  # YYYY-MM-DD, YYYY-MM or YYYY; None when it cannot be resolved
    precision: str | None
    day: dt.date | None  # a representative day, for comparisons (None when unresolved)
    background: bool = False  # "in 2012", "since 2015": a date that frames background
    role: str = "event"  # "statement" (the day something was said), "stamp" (a page's time stamp)


@dataclass(frozen=True, slots=True)
class CasualtyHit:
    rule: str
    kind: str
    best: int
    low: int
    high: int
    victims: str | None = None
    vague: bool = False
    claimed: bool = False
    aggregate: bool = False
    toll: bool = False  # a stated overall toll ("the death toll rose to 31")
    side: str = "people"  # whose dead: "state", "civilians", "attackers", or "people" (unsaid)
    earlier: bool = False  # an earlier toll a later one replaces ("had initially put the toll at 10")
    current: bool = False  # a revised, latest toll ("the toll rose to 31", "nouveau bilan")
    period: bool = False  # an aggregate over a period ("since January", "en une semaine"), not "in total"


@dataclass(frozen=True, slots=True)
class TriggerHit:
    rule: str
    event_type: str
    sub_event_type: str
    remote: bool = False


@dataclass(slots=True)
class PhraseSet:
    """Phrase patterns matched on lowercase text, plus case-sensitive ones for acronyms."""

    lower: PhraseMatcher
    exact: PhraseMatcher
    labels: dict[int, str] = field(default_factory=dict)


def phrase_variants(phrase: str) -> set[str]:
    """The surface forms one phrase is matched under: as written, de-accented, de-hyphenated."""
    base = phrase.strip().replace("’", "'")
    forms = {base.lower(), fold(base)}
    for form in list(forms):
        if "-" in form:
            forms.add(form.replace("-", " "))
            forms.add(form.replace("-", ""))
        elif " " in form and len(form) <= 30:
            forms.add(form.replace(" ", "-"))
    forms |= {f.replace("'", "’") for f in forms if "'" in f}  # press copy uses curly apostrophes
    return {f for f in forms if f}


def is_acronym(phrase: str) -> bool:
    letters = [c for c in phrase if c.isalpha()]
    return bool(letters) and not any(c.islower() for c in letters)


PhraseTable = list[tuple[str, list[tuple[int, ...]]]]
"""(label, phrases) for one matcher, each phrase as its tokens' LOWER or ORTH hashes."""


def build_phrase_set(nlp: Language, entries: Iterable[tuple[str, str]]) -> PhraseSet:
    """Compile (label, phrase) pairs; acronyms (no lowercase letter) match case-sensitively.

    Tokenising the phrases was most of the pipeline's build: the token hashes the matchers hold
    are kept in the cache (`sahel_extract.cache`), keyed by the phrases, the language and its
    tokenizer: the class's name, since a language declared on another's tokenizer is that spaCy
    class under its own code (`pipeline.blank`: "MultiLanguage_qaa"), and may change tokenizer.
    """
    entries = list(entries)
    folder = cache.fingerprint("phrases", __file__, text.__file__, versions=(spacy_version,))
    key = cache.digest(str(nlp.lang), type(nlp).__name__, repr(entries))
    tables = cache.load(folder, key)
    if tables is not None:
        with contextlib.suppress(TypeError, ValueError):  # an entry of another shape: built anew
            return _phrase_set(nlp, tables)
    tables = _phrase_tables(nlp, entries)
    cache.store(folder, key, tables)
    return _phrase_set(nlp, tables)


def _phrase_tables(nlp: Language, entries: list[tuple[str, str]]) -> tuple[PhraseTable, PhraseTable]:
    """The lowercase matcher's table and the case-sensitive one's, labels and phrases sorted."""
    by_label_lower: dict[str, set[str]] = {}
    by_label_exact: dict[str, set[str]] = {}
    for label, phrase in entries:
        if is_acronym(phrase) and len(phrase) <= 8:
            by_label_exact.setdefault(label, set()).add(phrase.strip())
        else:
            by_label_lower.setdefault(label, set()).update(phrase_variants(phrase))
    lower = [(label, [tuple(t.lower for t in nlp.make_doc(form)) for form in sorted(by_label_lower[label])])
             for label in sorted(by_label_lower)]
    exact = [(label, [tuple(t.orth for t in nlp.make_doc(form)) for form in sorted(by_label_exact[label])])
             for label in sorted(by_label_exact)]
    return lower, exact


def _phrase_set(nlp: Language, tables: tuple[PhraseTable, PhraseTable]) -> PhraseSet:
    """Matchers holding the tables' phrases, as `PhraseMatcher.add` takes them (hash sequences)."""
    lower_table, exact_table = tables
    pset = PhraseSet(lower=PhraseMatcher(nlp.vocab, attr="LOWER"), exact=PhraseMatcher(nlp.vocab, attr="ORTH"))
    for table, matcher in ((lower_table, pset.lower), (exact_table, pset.exact)):
        for label, phrases in table:
            if not isinstance(label, str):
                raise TypeError(f"label {label!r}")
            # `add` takes a phrase as a Doc or as the hashes it would read from one (spaCy's own unpickling)
            matcher.add(label, cast(Any, [phrase for phrase in phrases if phrase]))
            pset.labels[nlp.vocab.strings[label]] = label
    return pset


def match_phrases(pset: PhraseSet, doc: Doc, *, exact: bool = True) -> list[tuple[str, int, int]]:
    """(label, start token, end token) for every phrase hit, both matchers together.

    `exact=False` skips the case-sensitive matcher (acronyms), a pass over every token, when the
    caller knows the text holds none of its phrases.
    """
    hits = []
    for matcher in (pset.lower, pset.exact) if exact else (pset.lower,):
        if not len(matcher):
            continue  # a matcher without phrases (the triggers' exact one) still visits every token
        for match_id, start, end in matcher(doc):
            hits.append((pset.labels[match_id], start, end))
    return hits


def longest_first(hits: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Keep the longest of overlapping hits (earliest on ties), in document order."""
    if apart(hits):
        return hits  # most notes' few hits: nothing to choose between
    ordered = sorted([(start - end, start, label, end) for label, start, end in hits])  # longest, earliest, label
    taken = bytearray(max((end for _label, _start, end in hits), default=0))
    kept = []
    for _negative_length, start, label, end in ordered:
        if taken.find(1, start, end) >= 0:
            continue
        taken[start:end] = b"\x01" * (end - start)
        kept.append((start, label, end))
    kept.sort()  # kept hits never overlap: their starts differ
    return [(label, start, end) for start, label, end in kept]


def apart(hits: list[tuple[str, int, int]]) -> bool:
    """Whether phrase hits are in document order and overlap none: `longest_first` keeps them all,
    as they are. One hit overlaps none; most texts' few hits are apart."""
    return all(before[2] <= after[1] for before, after in pairwise(hits))

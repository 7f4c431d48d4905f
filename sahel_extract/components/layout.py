"""`sahel_layout`: the parts of a news page that are not its story.

Pages as stored carry a headline and subheads, a dateline ("NIAMEY, May 4 (Reuters) -"), credits
("Reporting by …"), links to other stories, photo captions and time stamps. None of them is an
incident's text: a dateline names where a story was filed, a caption or a link another day's
story. This stage labels them, one span per line or dateline, in `doc.spans["sahel_layout"]`; the
assembly decides what each kind may still contribute. The cue words are per-language data
(`gazetteer/layout/<lang>.yaml`); the shapes (a line without a full stop, a dateline's capitals
and dash) are typography and live here.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from spacy.language import Language
from spacy.tokens import Doc, Span

from sahel_extract.components.common import DATES, LAYOUT, payload, set_spans, text_of
from sahel_extract.resources.loader import data_file, default_data_dir, yaml_list
from sahel_extract.text import fold

HEADLINE = "headline"  # the top matter before the first paragraph, and subheads: told again by the body
DATELINE = "dateline"  # "NIAMEY (Reuters) -": where and when the story was filed
IGNORED = frozenset({"credit", "byline", "link", "caption", "stamp"})  # never story text
DATELINE_DAY = "dateline_day"  # doc.user_data key: the dateline's full date, when it gives one

# The patterns below stay in code by design (issue 24 moved the cue words to `layout/<lang>.yaml`):
# they are typography, the same in every language (full stops, list bullets, capitals, brackets,
# dashes, a photographer's "Name/Agency"). Their only words are the inside of a dateline's date
# (`_DATE`: "le 12 mars", "May 4th"), one of the date shapes that `dates.py` keeps in code with the
# month names.
# A line ends a paragraph sentence when it ends with a full stop, possibly inside quotes or brackets.
TERMINATED = re.compile(r"[.!?…][\"”»’'\)\]]*\s*$")
# A list item ("- côté ami : 3 morts ;") or a line that leads into the next ("Bilan provisoire :")
# is body text without a full stop, not a headline.
CONTINUED = re.compile(r"^[-•*·▪]\s|[;:,]$")
_AGENCY = r"\((?:[A-Z][\w/&' .-]{1,30})\)"
_DATE = (
    r"(?:(?:le\s+)?(?:[A-Z][a-zé]{2,8}\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?"
    r"|\d{1,2}(?:er)?\s+[A-Za-zéû]{3,9}\.?(?:\s+\d{4})?))"
)
# "NIAMEY (Reuters) -", "OUAGADOUGOU, Burkina Faso, Nov 3 (AP) —", "BAMAKO, 12 mars (AFP) -": a city
# in capitals; "Ouagadougou [Burkina Faso], May 4 (ANI/Xinhua):": a city with an agency in brackets;
# "24 Feb. (EUROPA PRESS) –": a date and an agency; "Djibo, 17 septembre 2024 —", "New Delhi, July 19:":
# a city and a date.
DATELINE_RE = re.compile(
    rf"^\s*(?:"
    rf"[A-Z][A-Z'’.-]{{2,}}(?:[ -][A-Z][A-Z'’.-]+){{0,3}}(?:\s*\[[^\]\n]{{2,40}}\])?(?:,\s*[A-Z][\w'’ -]{{2,30}}?)?"
    rf"(?:,?\s*{_DATE})?(?:\s*{_AGENCY})?"
    rf"|[A-Z][\w'’-]{{2,}}(?: [A-Z][\w'’-]+){{0,2}}(?:\s*\[[^\]\n]{{2,40}}\])?(?:,\s*[A-Z][\w'’ -]{{2,30}}?)?"
    rf"(?:,?\s*{_DATE})?\s*{_AGENCY}"
    rf"|{_DATE}\s*{_AGENCY}"
    rf"|[A-Z][\w'’-]{{2,}}(?: [A-Z][\w'’-]+){{0,2}},\s*{_DATE}(?=\s*[-–—:])"
    rf")\s*(?:[-–—:]+(?:\s|$)|(?<=\))\s+(?=[A-Z«“\"]))"
)
# "Torched cars sit in front of the party's offices in Niamey, Niger, 29 July 2023.": a wire photo's caption
# glued to the lead closes on its town, country and date with no preposition ("…, Niger, on 29 July 2023" is
# prose)
CAPTION_CLOSE = re.compile(
    r",\s*[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+){0,2},\s*(?:\d{1,2}(?:er)?\s+[A-Za-zéû]{3,9}\.?|[A-Z][a-z]{2,8}\.?\s+\d{1,2},)"
    r"\s+\d{4}\.?\s*$"
)
# "[File: Benoit Tessier/Reuters]", "(Photo: Name/AFP)": a photographer and agency closing a caption
CREDIT_TAIL = re.compile(r"[\[(](?:[A-Za-z]{2,12}\s*:\s*)?[^\[\]()\n]{2,60}/\s*[A-Za-z][^\[\]()\n/]{1,30}[\])]\s*$")
BYLINE_WORDS = 8
WRAPPED_SHARE = 0.3  # share of lines running on that marks hard-wrapped copy
SUBHEAD_WORDS = 20  # a longer line without a full stop in the body is a truncated paragraph, not a subhead
STAMP_WORDS = 14
CAPTION_WORDS = 40


class LayoutRule(BaseModel):
    """One entry of `layout/<lang>.yaml`: the cue words of one layout kind."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["run_on", "credit", "byline", "link", "caption", "stamp"]
    terms: Annotated[list[Annotated[str, StringConstraints(min_length=1)]], Field(min_length=1)]


@dataclass(frozen=True)
class LayoutCues:
    run_on: frozenset[str]
    starts: tuple[tuple[str, tuple[str, ...]], ...]  # (kind, line beginnings), in the order tried
    caption: re.Pattern[str]
    stamp: re.Pattern[str]


@lru_cache(maxsize=8)
def load_layout(lang: str, data_dir: Path | None = None) -> LayoutCues:
    """The cues of one language, read once per process and folder."""
    folder = data_dir or default_data_dir()
    name = f"layout/{lang}.yaml"
    path = data_file(folder, name)
    if not path.exists():
        path = data_file(folder, "layout/en.yaml")
    terms: dict[str, list[str]] = {}
    for rule in yaml_list(path, "layout", LayoutRule):
        terms.setdefault(rule.kind, []).extend(fold(t) for t in rule.terms)

    def words(kind: str) -> re.Pattern[str]:
        alternatives = "|".join(sorted((re.escape(t) for t in terms.get(kind, [])), key=len, reverse=True))
        return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)" if alternatives else r"(?!)")

    return LayoutCues(
        run_on=frozenset(terms.get("run_on", [])),
        starts=tuple((kind, tuple(terms.get(kind, []))) for kind in ("link", "credit", "byline")),
        caption=words("caption"),
        stamp=words("stamp"),
    )


def line_breaks(text: str, run_on: frozenset[str]) -> Iterator[int]:
    """Offsets of the line breaks that end a sentence: the end of each such line.

    A line break ends a sentence unless the line runs on: the next line that is not blank starts
    in lowercase, or the line ends with a colon, semicolon or comma (a list and its items) or with
    a word that cannot end a sentence ("by", "the", "de").
    Copy hard-wrapped at a fixed width, where such lines are frequent, breaks only at a blank line
    or after a full stop: its short lines are wrapped sentences, not headlines.
    """
    lines = text.split("\n")
    offsets = []
    at = 0
    for line in lines:
        offsets.append(at)
        at += len(line) + 1
    filled = [i for i, line in enumerate(lines) if line.strip()]
    pairs = list(itertools.pairwise(filled))
    joins = {i: _runs_on(lines[i], lines[j], run_on) for i, j in pairs}
    wrapped = len(pairs) >= 3 and sum(joins.values()) >= WRAPPED_SHARE * len(pairs)
    for i, j in pairs:
        if joins[i]:
            continue
        if not wrapped or j > i + 1 or TERMINATED.search(lines[i]):
            yield offsets[i] + len(lines[i])


def _runs_on(line: str, following: str, run_on: frozenset[str]) -> bool:
    nxt = following.lstrip()
    if nxt[:1].islower() or line.rstrip().endswith((":", ";", ",")):
        return True  # "Bilan provisoire :" and its list items are one sentence
    words = line.rstrip().rsplit(None, 1)
    return bool(words) and fold(words[-1]) in run_on


class LayoutFinder:
    def __init__(self, cues: LayoutCues) -> None:
        self.cues = cues

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        spans: list[Span] = []
        in_body = False
        caption_end = 0  # the end of the caption line being read, when one is
        credit_end = 0  # the same for a credit or notice line of several sentences
        for sentence in doc.sents:
            raw = text[sentence.start_char : sentence.end_char]
            line = raw.strip()
            if not line:
                continue
            start = sentence.start_char + len(raw) - len(raw.lstrip())
            line_start = _line_start(text, start)
            whole_line = line_start and _line_end(text, start + len(line))
            if start < credit_end or (line_start and not whole_line and self._credit_line(text, start)):
                # "Already a subscriber? Log into your account…": a credit or notice line of several sentences
                credit_end = max(credit_end, _end_of_line(text, start))
                spans.append(Span(doc, sentence.start, sentence.end, label="credit"))
                continue
            if start < caption_end or (line_start and self._caption_line(text, start)):
                # "Minister X speaks in Abuja on May 8. AFP PHOTO/…": the caption's sentences before its credit
                caption_end = max(caption_end, _end_of_line(text, start))
                spans.append(Span(doc, sentence.start, sentence.end, label="caption"))
                continue
            if line_start and len(line.split()) <= CAPTION_WORDS and CAPTION_CLOSE.search(line):
                # top matter, as a headline is: its places tell the story's country, and its act is an event
                # only where the body tells it again (on the caption's day)
                spans.append(Span(doc, sentence.start, sentence.end, label=HEADLINE))
                continue
            dateline = None if in_body else DATELINE_RE.match(line)
            if dateline is not None:
                spans.append(self._dateline(doc, sentence, start + dateline.end()))
                if dateline.end() >= len(line):
                    continue  # the dateline alone on its line
            kind = self._kind(line, sentence) if whole_line and dateline is None else None
            if kind is None and whole_line and not TERMINATED.search(line) and not CONTINUED.search(line) and (
                not in_body or len(line.split()) <= SUBHEAD_WORDS
            ):
                kind = HEADLINE  # top matter before the first paragraph, or a subhead
            if kind is not None:
                spans.append(Span(doc, sentence.start, sentence.end, label=kind))
                continue
            in_body = True
            if text.find("\n", start) < 0:
                # The rest is this line's: none of its sentences starts a line, as every kind but a
                # credit's or a caption's next sentence must (and this one is neither), and a
                # dateline comes before the body. A note's second sentence is not read.
                break
        set_spans(doc, LAYOUT, spans)
        return doc

    def _credit_line(self, text: str, start: int) -> bool:
        """A line that opens with a credit or notice cue ("Already a subscriber?", "Déjà abonné ?")."""
        folded = fold(text[start : _end_of_line(text, start)].strip())
        return any(folded.startswith(starts) for kind, starts in self.cues.starts if kind == "credit")

    def _caption_line(self, text: str, start: int) -> bool:
        """A line of several sentences that is a caption: it closes on a photo credit ("AFP PHOTO/NAME",
        "[File: Name/Reuters]") rather than a full stop, and is caption-short."""
        line = text[start : _end_of_line(text, start)].strip()
        if len(line.split()) > CAPTION_WORDS or (TERMINATED.search(line) and not CREDIT_TAIL.search(line)):
            return False
        if CREDIT_TAIL.search(line):
            return True
        tail = fold(line[max(0, line.rfind(".") + 1) :])  # the words after the last full stop
        return bool(tail.strip()) and bool(self.cues.caption.search(tail))

    def _kind(self, line: str, sentence: Span) -> str | None:
        folded = fold(line)
        words = len(line.split())
        for kind, starts in self.cues.starts:
            if folded.startswith(starts) and (kind != "byline" or (words <= BYLINE_WORDS and not TERMINATED.search(line))):
                return kind
        if words <= CAPTION_WORDS and not TERMINATED.search(line) and self.cues.caption.search(folded):
            return "caption"
        if words <= STAMP_WORDS and not TERMINATED.search(line) and self._stamp(line, folded, sentence):
            return "stamp"
        return None

    def _stamp(self, line: str, folded: str, sentence: Span) -> bool:
        """A line that is a date or time and nothing else ("Thu | Apr 25, 2024", "Updated: 18-01-2019 00:49 IST")."""
        rest = folded
        for d in _date_spans(sentence.doc):
            if sentence.start_char <= d.start_char and d.end_char <= sentence.end_char:
                rest = rest.replace(fold(text_of(sentence.doc)[d.start_char : d.end_char]), " ")
        rest = self.cues.stamp.sub(" ", rest)
        rest = re.sub(r"\b(?:mon|tue|wed|thu|fri|sat|sun|lun|mar|mer|jeu|ven|sam|dim)\w*\b", " ", rest)
        rest = re.sub(r"\b(?:jan|feb|fev|apr|avr|may|mai|jun|juin|jul|juil|aug|aou|sep|oct|nov|dec)\w*\.?", " ", rest)
        rest = re.sub(r"[\d\W_]+", " ", rest).strip()
        return len(rest.split()) <= (3 if "|" in line else 1) and any(c.isdigit() for c in line)

    @staticmethod
    def _dateline(doc: Doc, sentence: Span, end_char: int) -> Span:
        span = doc.char_span(sentence.start_char, end_char, label=DATELINE, alignment_mode="expand")
        if span is None:  # pragma: no cover - expand always finds tokens inside a sentence
            span = Span(doc, sentence.start, sentence.start + 1, label=DATELINE)
        for d in _date_spans(doc):
            if span.start_char <= d.start_char and d.end_char <= span.end_char:
                hit = payload(d, DATES)
                if hit.precision == "day" and hit.day is not None:
                    doc.user_data[DATELINE_DAY] = hit.day
        return span


def _date_spans(doc: Doc) -> list[Span]:
    """The dates stage's spans, read where a dateline or a stamp line needs them: reading the group
    builds a Span per date, and most documents have neither."""
    return list(doc.spans[DATES]) if DATES in doc.spans else []


def _end_of_line(text: str, at: int) -> int:
    after = text.find("\n", at)
    return after if after >= 0 else len(text)


def _line_start(text: str, at: int) -> bool:
    before = text.rfind("\n", 0, at)
    return not text[before + 1 : at].strip()


def _line_end(text: str, at: int) -> bool:
    after = text.find("\n", at)
    return not text[at : after if after >= 0 else len(text)].strip()


@Language.factory(LAYOUT, default_config={"data_dir": ""})
def make_layout(nlp: Language, name: str, data_dir: str) -> LayoutFinder:
    return LayoutFinder(load_layout(nlp.lang, Path(data_dir) if data_dir else None))

"""What each part of a page may give an incident, from the layout stage's labels.

Credits, links, captions and time stamps give nothing. A dateline gives neither place nor date
of an incident (it is where and when the story was filed). A headline or subhead restates the
story: its incident joins the body's incident it agrees with, and a name the gazetteer does not
know in a headline ("Security Source", "Death Toll") is Title Case, not a village.
"""

from __future__ import annotations

from typing import NamedTuple

from spacy.tokens import Doc, Span

from sahel_extract.components.common import LAYOUT, text_of
from sahel_extract.components.layout import DATELINE, HEADLINE, IGNORED


class Zones(NamedTuple):
    """The page's parts by character (made once per document: a named tuple, immutable, is made in
    a fraction of a frozen dataclass's time)."""

    ignored: bytearray  # one byte per character: 1 inside a credit, link, caption or stamp
    dateline: bytearray  # 1 inside a dateline
    headline: bytearray  # 1 inside a headline or subhead
    story_sentences: int  # sentences outside every layout span

    @classmethod
    def of(cls, doc: Doc, sentences: list[Span]) -> Zones:
        text = text_of(doc)
        size = len(text)
        masks = {"ignored": bytearray(size), DATELINE: bytearray(size), HEADLINE: bytearray(size)}
        laid_out: set[int] = set()
        for span in doc.spans[LAYOUT] if LAYOUT in doc.spans else []:
            mask = masks["ignored" if span.label_ in IGNORED else span.label_]
            mask[span.start_char : span.end_char] = b"\x01" * (span.end_char - span.start_char)
            if span.label_ != DATELINE:
                laid_out.add(span.start)
        story = sum(1 for s in sentences if s.start not in laid_out and text[s.start_char : s.end_char].strip())
        return cls(masks["ignored"], masks[DATELINE], masks[HEADLINE], story)

    def story(self, span: Span) -> bool:
        """Not in a credit, link, caption or stamp."""
        return not self.ignored[span.start_char]

    def placed(self, span: Span) -> bool:
        """May name an incident's place or day: story text outside the dateline."""
        return not self.ignored[span.start_char] and not self.dateline[span.start_char]

    @property
    def has_headline(self) -> bool:
        """Does the page hold a headline or subhead? Without one, `fold_headlines` has nothing to fold."""
        return 1 in self.headline

    def in_headline(self, span: Span) -> bool:
        return bool(self.headline[span.start_char])

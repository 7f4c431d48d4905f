"""Spans of one document by group, found per sentence: what every stage of the assembly reads."""

from __future__ import annotations

import bisect
from operator import attrgetter

from spacy.tokens import Span

_START_END = attrgetter("start", "end")


class SpanIndex:
    """Spans of one document by group, found per sentence by bisection rather than a scan.

    Assembly asks for "the spans of this sentence" for every sentence; scanning made long
    articles quadratic.
    """

    def __init__(self) -> None:
        self._groups: dict[str, tuple[list[Span], list[int]]] = {}

    def add(self, name: str, spans: list[Span]) -> list[Span]:
        ordered = sorted(spans, key=_START_END)
        self._groups[name] = (ordered, [s.start for s in ordered])
        return ordered

    def within(self, name: str, sentence: Span) -> list[Span]:
        spans, starts = self._groups[name]
        return spans[bisect.bisect_left(starts, sentence.start) : bisect.bisect_left(starts, sentence.end)]

    def all(self, name: str) -> list[Span]:
        return self._groups[name][0]

    def in_all(self, name: str, sentences: list[Span]) -> list[Span]:
        return [span for sentence in sentences for span in self.within(name, sentence)]

"""Figures: an incident's casualty records and its fatalities by ACLED's rule (`tolls.incident_toll`)."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from sahel_extract.assemble.stage import AssemblyStage
from sahel_extract.assemble.tolls import incident_toll
from sahel_extract.assemble.zones import Zones
from sahel_extract.components.common import CASUALTIES, CasualtyHit, payload, span_text
from sahel_extract.models import Casualty


class Figures(AssemblyStage):
    """The casualty records and the fatalities of one event."""

    @staticmethod
    def _casualties(tolls: list[Span]) -> tuple[list[Casualty], list[CasualtyHit]]:
        records, hits = [], []
        for span in tolls:
            hit: CasualtyHit = payload(span, CASUALTIES)
            hits.append(hit)
            if hit.best == 0 and hit.rule == "no_casualties":
                continue
            records.append(
                Casualty(
                    kind=hit.kind, count=hit.best, low=hit.low, high=hit.high,
                    victims=hit.victims, text=span_text(span), start=span.start_char, end=span.end_char,
                )
            )
        return records, hits

    @staticmethod
    def _fatalities(hits: list[CasualtyHit], headline: list[bool]) -> tuple[int | None, list[str]]:
        """ACLED's rule, per side of the dead: see `tolls.incident_toll`."""
        return incident_toll(list(zip(hits, headline, strict=True)))

    @staticmethod
    def _in_headline(doc: Doc, spans: list[Span]) -> list[bool]:
        """Which figures sit in the headline (a first line without a full stop), which the lead restates."""
        if not spans:
            return []  # most incidents tell no figure
        first: Span = doc.user_data["sentences"][0]
        # the sentencizer keeps a quotation's opening mark with the sentence before ("… Tindirma. «")
        headline = not span_text(first).rstrip().rstrip("«“").rstrip().endswith((".", "!", "?", "»", '"', "”"))
        zones: Zones = doc.user_data["zones"]
        return [(headline and span.start_char < first.end_char) or zones.in_headline(span) for span in spans]

"""`sahel_triggers`: mark words that signal an event, each tied to its lexicon rule."""

from __future__ import annotations

import re
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from sahel_extract.components.common import (
    TRIGGERS,
    PhraseSet,
    TriggerHit,
    attach,
    build_phrase_set,
    longest_first,
    match_phrases,
    set_spans,
)
from sahel_extract.resources import TriggerRule, load_triggers
from sahel_extract.resources.loader import data_file, default_data_dir

# "the wounded were evacuated", "les blessés": a participle after an article names people, not an act
NOUN_ARTICLES = frozenset({"the", "le", "la", "les", "aux"})
PARTICIPLE = re.compile(r"(?:ed|é|ée|és|ées)$")


class TriggerFinder:
    def __init__(self, nlp: Language, rules: list[TriggerRule]) -> None:
        self.rules = {rule.id: rule for rule in rules}
        entries: list[tuple[str, str]] = []
        for rule in rules:
            entries.extend((rule.id, term.lower()) for term in rule.terms)
        # Trigger words are never acronyms except IED-like ones; match them all case-insensitively.
        self.phrases: PhraseSet = build_phrase_set(nlp, [(i, t) for i, t in entries])
        # each rule's span label (as the id spaCy keeps) and payload, the same for all its hits
        self.marks: dict[str, tuple[int, TriggerHit]] = {
            rule.id: (nlp.vocab.strings.add(rule.id), TriggerHit(rule.id, rule.event_type, rule.sub_event_type, rule.remote))
            for rule in rules
        }

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for label, start, end in longest_first(match_phrases(self.phrases, doc)):
            if self._participle_as_noun(doc, start, end):
                continue
            rule_id, hit = self.marks[label]
            span = Span(doc, start, end, label=rule_id)
            attach(span, TRIGGERS, hit)
            spans.append(span)
        set_spans(doc, TRIGGERS, spans)
        return doc

    @staticmethod
    def _participle_as_noun(doc: Doc, start: int, end: int) -> bool:
        word = doc[start]
        return (
            end - start == 1 and start > 0 and word.is_lower and doc[start - 1].lower_ in NOUN_ARTICLES
            and bool(PARTICIPLE.search(word.text))
        )


@Language.factory(TRIGGERS, default_config={"data_dir": ""})
def make_triggers(nlp: Language, name: str, data_dir: str) -> TriggerFinder:
    folder = Path(data_dir) if data_dir else default_data_dir()
    lang = nlp.lang if data_file(folder, f"triggers/{nlp.lang}.yaml").exists() else "en"
    return TriggerFinder(nlp, load_triggers(data_file(folder, f"triggers/{lang}.yaml")))

"""The front stages' shortcuts answer as the full readings they stand for."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from sahel_extract.components.common import (
    ACTORS,
    LAYOUT,
    TRIGGERS,
    ActorHit,
    TriggerHit,
    apart,
    keep_text,
    longest_first,
)
from sahel_extract.components.layout import LayoutFinder, line_breaks, load_layout
from sahel_extract.pipeline import ONE_SENTENCE_CACHED, SentenceSplitter, _one_sentence, _sentence_column, build_nlp

RUN_ON = load_layout("en").run_on

SENTENCE_TEXTS = [
    # one sentence, its final the last token (the shortcut), or followed by a quote or a space
    "Gunmen killed 5 civilians in Djibo.",
    "Gunmen killed 5 civilians in Djibo. ",
    'He said "they fled."',
    "No final at all",
    # finals inside tokens end nothing; a final glued between words does
    "U.S. troops left at 3.5 km. Then they returned.",
    "They left.Then they returned",
    # runs of finals and punctuation before the next word
    "Really?! Yes... (he said.) « Non. » Fin",
    # non-ASCII finals, and non-ASCII text with ASCII ones
    "Il a dit。Ensuite‼ fin",
    "Des hommes armés ont tué 12 civils. L'armée a riposté.",
    # line breaks, with and without finals
    "NIAMEY (Reuters) -\nGunmen killed 5. The army said\nso.\n\nNext line",
    "a",
    ".",
]


def _spacy_starts(text: str) -> list[int]:
    """spaCy's sentencizer's starts, then the token after each sentence-ending line break."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    doc = nlp(text)
    starts = {s.start for s in doc.sents}
    breaks = set(line_breaks(text, RUN_ON))
    for token in doc[:-1]:
        if token.is_space and any(token.idx <= at < token.idx + len(token.text) for at in breaks):
            starts.add(token.i + 1)
    return sorted(starts)


def _split(text: str) -> Doc:
    doc = spacy.blank("en").make_doc(text)
    keep_text(doc, text)
    return SentenceSplitter(RUN_ON)(doc)


@pytest.mark.parametrize("text", SENTENCE_TEXTS)
def test_sentence_starts_are_the_sentencizers(text: str) -> None:
    doc = _split(text)
    assert [s.start for s in doc.sents] == _spacy_starts(text)
    # every other token is marked "not a start", as the sentencizer marks it
    assert all(token.is_sent_start is (token.i in _spacy_starts(text)) for token in doc)


@pytest.mark.parametrize("n", [1, 2, 35, ONE_SENTENCE_CACHED, ONE_SENTENCE_CACHED + 1])
def test_one_sentence_column_is_built_alike_and_kept_unchanged(n: int) -> None:
    shared = _one_sentence(n)
    assert shared.tolist() == _sentence_column(n).tolist() == [1] + [2**64 - 1] * (n - 1)
    if n <= ONE_SENTENCE_CACHED:
        assert _one_sentence(n) is shared and not shared.flags.writeable


LAYOUT_TEXTS = [
    # (text, the layout labels it is given)
    ("Gunmen killed 5 civilians in Djibo. The army said 12. Others fled.", []),
    ("NIAMEY (Reuters) - Gunmen killed 5 civilians. The army said 12.", ["dateline"]),
    ("Already a subscriber? Log into your account. Read on.", ["credit", "credit", "credit"]),
    ("Gunmen attack Djibo\nGunmen killed 5 civilians. The army said 12.\nReporting by X. Editing by Y", ["headline", "credit"]),
]


@pytest.mark.parametrize(("text", "labels"), LAYOUT_TEXTS)
def test_layout_reads_a_line_after_its_body_sentence_as_before(text: str, labels: list[str]) -> None:
    doc = _split(text)
    doc = LayoutFinder(load_layout("en"))(doc)
    assert [span.label_ for span in doc.spans[LAYOUT]] == labels


# (hits, whether they are apart) — `longest_first` hands apart hits back as they are
APART = [
    ([], True),
    ([("a", 0, 2)], True),
    ([("a", 0, 2), ("b", 2, 3), ("a", 5, 9)], True),
    ([("a", 0, 2), ("b", 1, 3)], False),  # overlapping
    ([("a", 4, 6), ("b", 0, 2)], False),  # out of document order
    ([("a", 0, 2), ("b", 0, 2)], False),  # one span, two labels
]


@pytest.mark.parametrize(("hits", "expected"), APART)
def test_apart_hits_are_kept_as_they_are(hits: list[tuple[str, int, int]], expected: bool) -> None:
    assert apart(hits) is expected
    if expected:
        assert longest_first(hits) == hits


def test_actor_and_trigger_marks_are_the_payloads_built_per_hit() -> None:
    nlp = build_nlp("en")
    actors, triggers = nlp.get_pipe(ACTORS), nlp.get_pipe(TRIGGERS)
    for label, (name, hit) in actors.marks.items():
        generic = label.startswith("generic:")
        record = None if generic else actors.table.get(hit.name)
        assert nlp.vocab.strings[name] == hit.name == label.removeprefix("generic:")
        assert hit == ActorHit("generic" if generic else "alias", hit.name, generic, record.state_forces_of if record else None)
    for label, (rule_id, trigger) in triggers.marks.items():
        rule = triggers.rules[label]
        assert nlp.vocab.strings[rule_id] == label
        assert trigger == TriggerHit(rule.id, rule.event_type, rule.sub_event_type, rule.remote)


DESIGNATED_TEXTS = [
    "Gunmen attacked the Ségou region and la région de Mopti, then Soum province.",
    "Ségou : attaque. Djibo  Region, the cercle of  Niono, district d'Ansongo, DE Kidal.",
    "À Gao\nRégion de Tombouctou: clashes near Mopti: calm. Region of\n Kidal",
    "Kelvin Ｋ District of Menaka, department OF Oudalan, dé Gao and d’Ansongo.",
]


def _designated_reference(doc: Doc, start: int, end: int) -> bool:
    """`PlaceFinder._designated` as it read every mention: the token after, the three tokens before."""
    from sahel_extract.components.places import ADMIN_BEFORE, ADMIN_BEFORE_ENDS, ADMIN_WORDS

    after = doc[end].lower_ if end < len(doc) else ""
    if after in ADMIN_WORDS or (after == ":" and (start == 0 or "\n" in doc[start - 1].text_with_ws)):
        return True
    if not start:
        return False
    before = doc.text[doc[max(0, start - 3)].idx : doc[start].idx].lower()
    return before.rstrip().endswith(ADMIN_BEFORE_ENDS) and bool(ADMIN_BEFORE.search(before))


@pytest.mark.parametrize("text", DESIGNATED_TEXTS)
def test_designated_reads_the_characters_around_as_the_tokens_say(text: str) -> None:
    from sahel_extract.components.places import PlaceFinder

    doc = _split(text)
    for start in range(len(doc)):
        for end in range(start + 1, min(len(doc), start + 3) + 1):
            span = doc[start:end]
            expected = _designated_reference(doc, start, end)
            assert PlaceFinder._designated(doc, start, end, span.start_char, span.end_char) is expected, span.text


@pytest.mark.parametrize("text", [*DESIGNATED_TEXTS, "A  B\n\nC -D Sare-Heyre (Djibo) x", "fin. "])
def test_next_initial_is_the_next_tokens_first_character(text: str) -> None:
    from sahel_extract.components.places import _next_initial

    doc = _split(text)
    for token in doc:
        following = doc[token.i + 1].text[:1] if token.i + 1 < len(doc) else ""
        assert _next_initial(text, token.idx + len(token.text)) == following, token.text


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen killed 5 civilians in Djibo on 12 March 2023. The army said on Monday that it had responded.",
        "'The attack happened this morning,' the army said in a statement on Thursday 14 March 2024.",
        "Unrest on Friday, July 10, 2020. Clashes broke out on Friday again; yesterday, calm returned.",
        "No date at all here.",
    ],
)
def test_dates_rebased_only_where_a_rule_that_moves_them_found_one(text: str) -> None:
    import datetime as dt

    from sahel_extract.components.common import DATES, payload
    from sahel_extract.components.dates import PUBLISHED_KEY

    nlp = build_nlp("en")
    finder = nlp.get_pipe(DATES)
    doc = _split(text)
    doc.user_data[PUBLISHED_KEY] = dt.date(2024, 3, 15)
    finder(doc)
    before = [(s.start, s.end, payload(s, DATES)) for s in doc.spans[DATES]]
    spans = list(doc.spans[DATES])
    finder._rebase_on_statements(doc, spans)  # the full passes, run again: nothing left to move
    finder._weekdays_named_before(doc, spans)
    assert [(s.start, s.end, payload(s, DATES)) for s in doc.spans[DATES]] == before


def test_set_spans_writes_the_group_the_proxy_builds() -> None:
    from sahel_extract.components.common import set_spans

    doc = _split("Gunmen killed 5 civilians in Djibo. The army said 12.")
    spans = [doc[0:1], doc[5:6], doc[2:4]]
    doc.spans["by_proxy"] = spans
    set_spans(doc, "ours", spans)
    ours, by_proxy = doc.spans["ours"], doc.spans["by_proxy"]
    assert ours.name == "ours" and by_proxy.name == "by_proxy" and ours.doc is doc
    assert [(s.start, s.end, s.label_) for s in ours] == [(s.start, s.end, s.label_) for s in by_proxy]

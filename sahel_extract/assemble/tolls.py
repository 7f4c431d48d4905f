"""One incident's toll from the casualty figures of its sentences.

An article gives a toll several times and from several mouths: a headline, a lead that splits
it per side, an army communiqué, a group's claim, a revision. Adding every figure counts the
same dead twice; taking the last one loses a side. Here each figure is read as a statement about
one side's dead (state forces, civilians, attackers, or people unsaid) and the toll is:

- per side, the largest firm figure: stated over a party's claim, a number over "a few", current
  over earlier, body over headline, a count over a scale ("dozens") or an upper bound ("nearly");
- in total, the larger of the people-unsaid figure and state + civilians, plus the attackers
  (a "death toll of 3" and "two soldiers and a civilian" are the same three dead).

Figures one phrase lists side by side ("17 soldiers and 4 civilians") add up first, as one
statement. A figure an analyst coded as the incident's total wins outright.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from spacy.tokens import Span

from sahel_extract.assemble.incidents import place_key
from sahel_extract.components.common import CasualtyHit
from sahel_extract.resources.assembly_rules import AssemblyRules

PEOPLE, STATE, CIVILIANS, ATTACKERS = "people", "state", "civilians", "attackers"
SIDES = frozenset({PEOPLE, STATE, CIVILIANS, ATTACKERS})
CODED_RULES = frozenset({"fatalities_coded"})
# "a few were killed" gives 3: a guess that any number in the article replaces
LOW_VAGUE = 3


@dataclass(frozen=True, slots=True)
class Figure:
    """One statement of a side's dead: a hit, or the sum of the hits one phrase lists for that side."""

    side: str
    best: int
    hits: tuple[CasualtyHit, ...]
    headline: bool

    @property
    def claimed(self) -> bool:
        return all(h.claimed for h in self.hits)

    @property
    def earlier(self) -> bool:
        return all(h.earlier for h in self.hits)

    @property
    def current(self) -> bool:
        return any(h.current for h in self.hits)

    @property
    def vague_low(self) -> bool:
        return all(h.vague for h in self.hits) and self.best <= LOW_VAGUE

    @property
    def rough(self) -> bool:
        """"dozens", "plusieurs centaines": a word for a scale, not a count ("une dizaine" is a count)."""
        return all(h.vague and h.high not in (h.best, h.best + 9) for h in self.hits)

    @property
    def stated(self) -> bool:
        """"the toll is 2 dead", "le bilan provisoire est de deux morts": the toll a source gives as such."""
        return any(h.toll for h in self.hits)

    @property
    def upper_bound(self) -> bool:
        """"nearly 100", "up to 30": a figure the dead did not reach, which a count replaces."""
        return all(h.low < h.best == h.high for h in self.hits)


def statements(hits: Sequence[tuple[CasualtyHit, bool]]) -> list[Figure]:
    """The killed figures as statements: the sides one phrase lists ("…:second" parts) grouped.

    `hits` are (hit, in the headline) in document order.
    """
    groups: list[list[tuple[CasualtyHit, bool]]] = []
    for hit, headline in hits:
        if hit.kind != "killed" or hit.rule.endswith(":subset"):
            continue
        if groups and hit.rule.endswith(":second") and groups[-1][-1][0].rule == hit.rule.removesuffix(":second"):
            groups[-1].append((hit, headline))
        else:
            groups.append([(hit, headline)])
    figures: list[Figure] = []
    for group in groups:
        by_side: dict[str, list[CasualtyHit]] = {}
        for hit, _headline in group:
            by_side.setdefault(hit.side, []).append(hit)
        for side, side_hits in by_side.items():
            figures.append(Figure(side, sum(h.best for h in side_hits), tuple(side_hits), group[0][1]))
    return figures


# What makes a figure give way to another of its side, strongest reason first: a guess ("a few"),
# an earlier toll, the headline's summary, a scale word ("dozens"), an upper bound ("nearly 100")
WEAKER: tuple[Callable[[Figure], bool], ...] = (
    lambda f: f.vague_low,
    lambda f: f.earlier,
    lambda f: f.headline,
    lambda f: f.rough,
    lambda f: f.upper_bound,
)


def _stated_toll(figures: list[Figure]) -> Figure | None:
    """The latest toll a source states as such for people of every side ("a provisional toll of two
    dead"), which the article's loose figures of one side do not add to ("at least three dead
    civilians", a witness's count, another incident's dead told in the next paragraph)."""
    stated = [f for f in figures if f.side == PEOPLE and f.stated and not f.claimed and not f.earlier and not f.headline]
    revised = [f for f in stated if f.current]
    chosen = revised or stated
    return chosen[-1] if chosen else None


def _side_toll(figures: list[Figure]) -> tuple[int, bool, bool]:
    """(dead, claimed, disputed) of one side from its figures, by the order of preference above."""
    # a claimed figure restated without its source ("its fighters had 'killed 40 soldiers'") is the claim
    claims = {f.best for f in figures if f.claimed}
    stated = [f for f in figures if not f.claimed and f.best not in claims]
    disputed = bool(stated) and any(f.claimed for f in figures) and {f.best for f in stated} != {
        f.best for f in figures if f.claimed
    }
    pool = stated or figures
    for weaker in WEAKER:
        kept = [f for f in pool if not weaker(f)]
        pool = kept or pool
    revised = [f for f in pool if f.current]
    if revised:
        chosen = revised[-1]  # "the toll rose to 31": the latest revision, even downwards
    else:
        chosen = max(pool, key=lambda f: f.best)
    return chosen.best, chosen.claimed, disputed


def incident_toll(hits: Sequence[tuple[CasualtyHit, bool]]) -> tuple[int | None, list[str]]:
    """The incident's toll and its flags (`aggregate`, `claimed`, `disputed`); None when no figure."""
    flags: list[str] = []
    killed = [(h, head) for h, head in hits if h.kind == "killed"]
    if not killed:
        return None, flags
    if all(h.aggregate for h, _ in killed if h.best > 0) and any(h.best > 0 for h, _ in killed):
        flags.append("aggregate")
        return None, flags
    killed = [(h, head) for h, head in killed if not h.aggregate]
    coded = [h for h, _ in killed if h.rule in CODED_RULES]
    if coded:
        if any(h.claimed for h, _ in killed):
            flags.append("claimed")
        return coded[-1].best, flags
    figures = statements(killed)
    if not figures:
        return 0, flags  # only subsets ("including 8 soldiers") or "no casualties"
    if len(figures) == 1 and figures[0].side in SIDES:
        # one statement (most notes): every preference below keeps it, and it is its side's whole toll
        return figures[0].best, ["claimed"] if figures[0].claimed else flags
    if any(not f.vague_low for f in figures):
        figures = [f for f in figures if not f.vague_low]  # "several" only when nothing is counted
    if any(not (f.headline or f.earlier or f.claimed or f.rough or all(h.vague for h in f.hits)) for f in figures):
        # a headline sums up the story, perhaps several incidents ("13 killed" over two attacks): the
        # body's own firm figures are the incident's (but not its earlier tolls and claims alone)
        figures = [f for f in figures if not f.headline]
    stated = _stated_toll(figures)
    if stated is not None:
        # the stated toll stands for the people of every side it does not name apart
        kept = [f for f in figures if f is stated or f.side == ATTACKERS or (f.side == PEOPLE and f.current and not f.stated)]
        # a party's claim it sets aside still marks the toll as disputed ("JNIM claims 40; the toll is nine")
        claims = {f.best for f in figures if f.claimed and f not in kept}
        if claims:
            flags.append("claimed")
            if claims != {stated.best}:
                flags.append("disputed")
        figures = kept
    per_side: dict[str, int] = {}
    any_stated = any(not f.claimed for f in figures)
    for side in (PEOPLE, STATE, CIVILIANS, ATTACKERS):
        mine = [f for f in figures if f.side == side]
        if not mine:
            continue
        if side in (STATE, CIVILIANS) and any_stated and all(f.claimed or f.best in {g.best for g in mine if g.claimed} for f in mine):
            # "JNIM claims 40 soldiers; the army says nine dead": a party's claim of its enemies' dead
            # stands only when no one states a figure
            flags += ["claimed", "disputed"]
            continue
        dead, claimed, disputed = _side_toll(mine)
        per_side[side] = dead
        if claimed:
            flags.append("claimed")
        if disputed:
            flags.append("disputed")
    if per_side.get(PEOPLE) is not None and len(per_side) > 1 and per_side[PEOPLE] in {
        per_side.get(STATE), per_side.get(CIVILIANS), per_side.get(ATTACKERS)
    }:
        del per_side[PEOPLE]  # "four rebel fighters … four of its fighters": one side's dead, told twice
    total = max(per_side.get(PEOPLE, 0), per_side.get(STATE, 0) + per_side.get(CIVILIANS, 0)) + per_side.get(ATTACKERS, 0)
    return total, sorted(set(flags))


LIST_REACH = 20  # a break this close before a member's name continues the list ("and the village of Z")


def own_figures(
    text: str,
    figures: list[Span],
    sentences: list[Span],
    places_in: Callable[[Span], list[Span]],
    place: Span,
    listed: list[Span],
    rules: AssemblyRules,
) -> list[Span]:
    """The figures told of one place of a list that the incident names: the news coders give each
    place its own figure and repeat a shared toll on none.

    A figure is the place's when its sentence names it and no other member ("In Y, eight were
    killed"), when its clause does ("14 were killed in X, and others in Y"), or when its sentence
    names no member and the last sentence before it that named one named this place alone
    ("… before leaving Bosso. The witness saw at least ten bodies").
    """
    own = place_key(place)
    members = {place_key(p) for p in listed}
    others = members - {own}
    kept = []
    # a sentence's members, read once however many figures it holds: a long run-on sentence of
    # places and figures made this quadratic in each (one 100 KB sentence took 20 s)
    of_sentence: dict[int, tuple[list[Span], set[str], list[int] | None]] = {}
    for figure in figures:
        sentence = next((s for s in sentences if s.start <= figure.start < s.end), None)
        if sentence is None:
            continue
        read = of_sentence.get(sentence.start)
        if read is None:
            members_in = [p for p in places_in(sentence) if place_key(p) in members]
            at = [p.start_char for p in members_in]
            read = of_sentence[sentence.start] = (
                members_in, {place_key(p) for p in members_in}, at if at == sorted(at) else None
            )
        spans, named, starts = read
        if not named:
            if _last_named(sentences, sentence, places_in, members) == own:
                kept.append(figure)
        elif own in named and not named & others:
            kept.append(figure)
        elif (
            told_at := place_of_figure(text, figure, spans, rules)
            if starts is None
            else _told_at(text, figure, spans[i] if (i := bisect.bisect_left(starts, figure.start_char)) < len(spans) else None, rules)
        ) is not None:
            if told_at == own:
                kept.append(figure)
        elif own in named:
            start, end = _clause_of(text, sentence, figure, spans, rules)
            in_clause = {place_key(p) for p in spans if start <= p.start_char < end}
            if own in in_clause and not in_clause & others:
                kept.append(figure)
    return kept


def place_of_figure(text: str, figure: Span, spans: list[Span], rules: AssemblyRules) -> str | None:
    """The member a figure is told at, right after it: "21 people were killed in Dara and 18 in
    Wendou", "21 morts à Dara et 18 à Wendou" give each place its own figure."""
    return _told_at(text, figure, next((p for p in spans if p.start_char >= figure.start_char), None), rules)


def _told_at(text: str, figure: Span, after: Span | None, rules: AssemblyRules) -> str | None:
    """`place_of_figure` given the first member that starts at or after the figure."""
    if after is None:
        return None
    if after.start_char < figure.end_char or rules.figure_at.fullmatch(text, figure.end_char, after.start_char):
        return place_key(after)
    return None


def _last_named(sentences: list[Span], before: Span, places_in: Callable[[Span], list[Span]], members: set[str]) -> str | None:
    """The one member the closest earlier sentence of the incident names; None past a sentence naming several."""
    for sentence in sorted((s for s in sentences if s.start < before.start), key=lambda s: s.start, reverse=True):
        named = {place_key(p) for p in places_in(sentence)} & members
        if len(named) == 1:
            return next(iter(named))
        if named:
            return None
    return None


def _clause_of(text: str, sentence: Span, figure: Span, spans: list[Span], rules: AssemblyRules) -> tuple[int, int]:
    """The character range of the clause of a sentence that holds a figure (`place_clause_break`: where
    one place's clause ends and the next begins, "14 were killed in X, and others in Y")."""
    start, end = sentence.start_char, sentence.end_char
    for match in rules.place_clause_break.finditer(text, sentence.start_char, sentence.end_char):
        if any(0 <= p.start_char - match.end() <= LIST_REACH for p in spans):
            continue  # the list goes on
        if match.end() <= figure.start_char:
            start = match.end()
        elif match.start() >= figure.end_char:
            end = min(end, match.start())
    return start, end

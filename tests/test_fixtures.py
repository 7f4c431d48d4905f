"""Whole-article tests on fixtures/articles: golden output files and the hand-reviewed expectations.

Two kinds of truth live side by side. The golden files (fixtures/golden/<stem>.jsonl) are the
extractor's own output, frozen so that any change in rules or data shows up as a diff to review;
`pytest --update-golden` rewrites them. The expectations (fixtures/expected/<stem>.yaml) are
reviewed by hand and say what a perfect extractor would output; they are compared with the
matching rules of the independent scorer (../shared/tools/score.py), re-implemented here in a
few lines so that the suite does not depend on a file outside the repository.

The expectation tests run one case per (article, check) so that each gap is named on its own.
Gaps known today are listed in KNOWN_GAPS and run as strict xfails: the suite stays green, and
a rule change that closes a gap fails as XPASS(strict) until its line is deleted from the table.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from sahel_extract import Event, Extractor
from sahel_extract.models import Article
from sahel_extract.readers import iter_articles

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
ARTICLES = FIXTURES / "articles"
EXPECTED = FIXTURES / "expected"
GOLDEN = FIXTURES / "golden"

MIN_PAIR_SCORE = 2
"""The scorer's threshold: a pair needs e.g. the same place, or same admin1 plus one more field."""

SOFT_FLAGS = frozenset({"historical", "aggregate"})
"""An unmatched predicted event carrying one of these is tolerated, as in the scorer."""

IMPLEMENTATION_FLAGS = frozenset({"date_defaulted", "not_in_gazetteer", "truncated"})
"""Flags that depend on the data files; the expectations do not state them (expected/README.md)."""

DIFF_MAX_LINES = 60
"""A golden diff longer than this is cut: the first lines say what changed, the file says the rest."""

PAIR_CHECKS = ("events_found", "no_spurious")


# ---------------------------------------------------------------------------------------------
# Known gaps: article stem -> {check: what is wrong today}. Delete a line when its XPASS shows up;
# `python tests/test_fixtures.py` prints this table afresh from the current output.

KNOWN_GAPS: dict[str, dict[str, str]] = {
    "en_02_convoy_ambush_dori": {
        "no_spurious": "unexpected event 1: Explosions/Remote violence at Dori on 2024-10-08, killed 4, flags []",
        "actors": "expected ['Burkina Faso forces', 'ISSP', 'VDP'], got ['Burkina Faso forces', 'Unidentified armed group']",
    },
    "en_04_drone_strike_lere": {
        "flags": "expected ⊇ ['claimed'], got []",
    },
    "en_05_abductions_gorom_djibo": {
        "type": "expected 'Violence against civilians', got 'Strategic developments'",
        "sub_type": "expected 'Abduction/forced disappearance', got 'Looting/property destruction'",
    },
    "en_06_jnim_issp_clash_tessit": {
        "no_spurious": "unexpected event 1: Battles at Ansongo on 2025-04-14, killed 12, flags []",
        "actors": "expected ['ISSP', 'JNIM'], got ['FAMa', 'ISSP', 'JNIM']",
    },
    "en_11_no_pubdate_torodi": {
        # "The same post was attacked on 14 August 2024": without a publication date the lead's
        # "Sunday" has no day, so the earlier attack's day does not set it apart and it is retold
        "events_found": "expected event 1 (Torodi, 2024-08-14) not found",
    },
    "en_12_six_sentences_titao": {
        "killed": "expected 15, got None",
    },
    "en_13_two_towns_niono_diafarabe": {
        "events_found": "expected event 1 (Diafarabe, 2024-05-05) not found",
        "killed": "expected 6, got 30",
    },
    "en_14_historical_ouallam": {
        "actors": "expected ['ISSP', 'Niger forces'], got ['ISSP', 'Niger forces', 'US forces']",
    },
    "en_16_ied_tera": {
        "no_spurious": "unexpected event 1: Strategic developments at Niamey on 2024-08-21, killed None, flags []",
        "actors": "expected ['Niger forces', 'Unidentified armed group'], got ['Civilians', 'Niger forces', 'Unidentified armed group']",
    },
    "en_17_retold_toll_dinangourou": {
        # the toll update and the witness now retell the attack (one event), but the closing
        # "self-defence militias have also been accused of abuses" joins it with the witness and
        # reads as resistance: a Battle with no civilian target
        "type": "expected 'Violence against civilians', got 'Battles'",
        "sub_type": "expected 'Attack', got 'Armed clash'",
        "actors": "expected ['Civilians', 'Unidentified armed group'], got ['Unidentified armed group']",
    },
    "en_20_three_villages_seno": {
        "actors": "expected ['Civilians', 'Unidentified armed group'], got ['Burkina Faso forces', 'Civilians', 'Unidentified armed group'] (+2 more)",
    },
    "en_21_lost_lives_bourem": {
        "events_found": "expected event 1 (Tarkint, 2025-04-07) not found",
    },
    "en_23_caption_dateline_kidal": {
        # "one of the two civilians had died" is read as two dead; the unnamed rebels who exchanged
        # fire with the army are not coded as a side
        "actors": "expected ['FAMa', 'Unidentified armed group'], got ['FAMa']",
        "killed": "expected 1, got 2",
    },
    "en_pair_01_claimed_toll_goundam": {
        "actors": "expected ['FAMa', 'JNIM'], got ['FAMa', 'JNIM', 'Wagner Group']",
    },
    "en_pair_06_kidal_drone_and_ambush": {
        "events_found": "expected event 1 (Anefis, 2025-08-14) not found",
        "type": "expected 'Explosions/Remote violence', got 'Battles'",
        "sub_type": "expected 'Air/drone strike', got 'Armed clash'",
        "actors": "expected ['FAMa', 'FLA'], got ['Africa Corps', 'FAMa', 'FLA']",
    },
    "fr_02_dozos_katiba_macina_diabaly": {
        "no_spurious": "unexpected event 1: Strategic developments at Segou on 2024-04-14, killed None, flags ['date_defaulted']",
    },
    "fr_03_offensive_fds_djibo": {
        "actors": "expected ['Burkina Faso forces', 'Unidentified armed group', 'VDP'], got ['Burkina Faso forces', 'VDP']",
    },
    "fr_05_frappe_drone_niafunke": {
        "actors": "expected ['Civilians', 'FAMa'], got ['Civilians', 'FAMa', 'Unidentified armed group']",
        "killed": "expected 11, got 14",
        "flags": "expected ⊇ ['disputed'], got []",
    },
    "fr_08_tessalit_camp_remis_fama": {
        "actors": "expected ['FAMa', 'Wagner Group'], got ['Africa Corps', 'FAMa']",
    },
    "fr_09_bilan_alourdi_tillia": {
        "no_spurious": "unexpected event 1: Battles at Tillia on 2025-07-14, killed 12, flags [] (+1 more)",
    },
    "fr_13_perdu_la_vie_kossi": {
        "no_spurious": "unexpected event 2: Violence against civilians at Kossi on 2025-01-27, killed None, flags []",
        "type": "expected 'Violence against civilians', got 'Strategic developments'",
        "sub_type": "expected 'Attack', got 'Disrupted weapons use'",
        "actors": "expected ['Civilians', 'Unidentified armed group'], got ['Civilians']",
        "killed": "expected 5, got None",
    },
    "fr_16_mutineries_burkina": {
        # mutineers "pour réclamer le départ des chefs" read as a crowd's demand: a riot, not a mutiny
        "type": "expected 'Strategic developments', got 'Riots' (+2 more)",
        "sub_type": "expected 'Change to group/activity', got 'Violent demonstration' (+2 more)",
        "actors": "expected ['Burkina Faso forces'], got ['Rioters'] (+2 more)",
    },
    "fr_pair_01_claimed_toll_goundam": {
        "actors": "expected ['FAMa', 'JNIM'], got ['FAMa', 'JNIM', 'Wagner Group']",
    },
    "fr_pair_06_kidal_frappe_embuscade": {
        "events_found": "expected event 1 (Anefis, 2025-08-14) not found",
        "type": "expected 'Explosions/Remote violence', got 'Battles'",
        "sub_type": "expected 'Air/drone strike', got 'Armed clash'",
        "actors": "expected ['FAMa', 'FLA'], got ['Africa Corps', 'FAMa', 'FLA']",
    },
}


# ---------------------------------------------------------------------------------------------
# Expectations


@dataclass(frozen=True)
class ExpectedEvent:
    """The fields of one reviewed event that the checks compare (expected/README.md)."""

    date: str | None
    date_precision: str | None
    place: str | None
    precision: int | None
    admin1: str | None
    event_type: str | None
    sub_event_type: str | None
    actors: frozenset[str]
    killed: int | None
    flags: frozenset[str]

    @classmethod
    def from_mapping(cls, raw: Mapping[str, Any]) -> ExpectedEvent:
        """Dates are quoted in the files, but a bare one must not become a `date` unnoticed.

        Associated actors count as actors: the output lists them among `actors` with their role.
        """
        date = raw.get("date")
        return cls(
            date=None if date is None else str(date),
            date_precision=raw.get("date_precision"),
            place=raw.get("place"),
            precision=raw.get("precision"),
            admin1=raw.get("admin1"),
            event_type=raw.get("event_type"),
            sub_event_type=raw.get("sub_event_type"),
            actors=frozenset([*(raw.get("actors") or []), *(raw.get("associated") or [])]),
            killed=raw.get("killed"),
            flags=frozenset(raw.get("flags") or []),
        )

    @property
    def is_region(self) -> bool:
        """A region stands in for the place when the article names nothing more precise."""
        return self.precision == 3 or (self.place is not None and norm(self.place) == norm(self.admin1))

    def label(self, index: int) -> str:
        return f"expected event {index} ({self.place}, {self.date})"


def load_expected(stem: str) -> list[ExpectedEvent]:
    raw = yaml.safe_load((EXPECTED / f"{stem}.yaml").read_text(encoding="utf-8"))
    return [ExpectedEvent.from_mapping(event) for event in raw.get("events") or []]


def stems_with_expectations() -> list[str]:
    return sorted(path.stem for path in EXPECTED.glob("*.yaml"))


def checks_for(stem: str) -> tuple[str, ...]:
    """Field checks only where the article has expected events to compare them on."""
    return PAIR_CHECKS + (FIELD_CHECKS if load_expected(stem) else ())


def expectation_cases() -> list[Any]:
    """One case per (article, check), a strict xfail where KNOWN_GAPS names it."""
    cases = []
    for stem in stems_with_expectations():
        for check in checks_for(stem):
            reason = KNOWN_GAPS.get(stem, {}).get(check)
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            cases.append(pytest.param(stem, check, marks=marks, id=f"{stem}:{check}"))
    return cases


# ---------------------------------------------------------------------------------------------
# Matching, as the independent scorer does it


def norm(text: str | None) -> str:
    """Names compare without accents, case, spaces or punctuation: Tin-Hama == Tin Hama."""
    ascii_text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "", ascii_text)


def actor_names(event: Event) -> frozenset[str]:
    return frozenset(actor.name for actor in event.actors)


def place_ok(expected: ExpectedEvent, event: Event) -> bool:
    location = event.location
    if location is None:
        return False
    if expected.place and norm(expected.place) == norm(location.name):
        return True
    return expected.is_region and admin1_ok(expected, event)


def admin1_ok(expected: ExpectedEvent, event: Event) -> bool:
    location = event.location
    return bool(expected.admin1) and location is not None and norm(expected.admin1) == norm(location.admin1)


def date_ok(expected: ExpectedEvent, event: Event) -> bool:
    """Equal at the expected precision: a month or year is a prefix, a week allows ±3 days."""
    if expected.date is None or event.event_date is None:
        return expected.date is None and event.event_date is None
    if expected.date_precision in ("month", "year"):
        return event.event_date[: len(expected.date)] == expected.date
    if expected.date_precision == "week":
        try:
            gap = dt.date.fromisoformat(expected.date) - dt.date.fromisoformat(event.event_date)
        except ValueError:
            return False
        return abs(gap.days) <= 3
    return event.event_date == expected.date


def compatibility(expected: ExpectedEvent, event: Event) -> int:
    """The scorer's pairing score: place 2 (or admin1 1), date 1, type 1, a shared actor 1."""
    score = 2 if place_ok(expected, event) else (1 if admin1_ok(expected, event) else 0)
    score += expected.date is not None and date_ok(expected, event)
    score += expected.event_type is not None and expected.event_type == event.event_type
    score += bool(expected.actors & actor_names(event))
    return score


def pair_events(expected: list[ExpectedEvent], events: list[Event]) -> dict[int, int]:
    """Greedy pairing, best score first; ties go to document order (the scorer's are arbitrary)."""
    scored = sorted(
        (-compatibility(gold, event), i, j) for i, gold in enumerate(expected) for j, event in enumerate(events)
    )
    pairs: dict[int, int] = {}
    for negative_score, i, j in scored:
        if -negative_score >= MIN_PAIR_SCORE and i not in pairs and j not in pairs.values():
            pairs[i] = j
    return pairs


# ---------------------------------------------------------------------------------------------
# Field checks: each returns None when the pair agrees, else what differs


def check_date(expected: ExpectedEvent, event: Event) -> str | None:
    if date_ok(expected, event):
        return None
    return f"expected {expected.date!r} ({expected.date_precision}), got {event.event_date!r} ({event.date_precision})"


def check_place(expected: ExpectedEvent, event: Event) -> str | None:
    if place_ok(expected, event):
        return None
    got = event.location.name if event.location else None
    return f"expected {expected.place!r}, got {got!r}"


def check_admin1(expected: ExpectedEvent, event: Event) -> str | None:
    if admin1_ok(expected, event):
        return None
    got = event.location.admin1 if event.location else None
    return f"expected {expected.admin1!r}, got {got!r}"


def check_type(expected: ExpectedEvent, event: Event) -> str | None:
    if expected.event_type == event.event_type:
        return None
    return f"expected {expected.event_type!r}, got {event.event_type!r}"


def check_sub_type(expected: ExpectedEvent, event: Event) -> str | None:
    if expected.sub_event_type == event.sub_event_type:
        return None
    return f"expected {expected.sub_event_type!r}, got {event.sub_event_type!r}"


def check_actors(expected: ExpectedEvent, event: Event) -> str | None:
    got = actor_names(event)
    if expected.actors == got:
        return None
    return f"expected {sorted(expected.actors)}, got {sorted(got)}"


def check_killed(expected: ExpectedEvent, event: Event) -> str | None:
    if expected.killed == event.fatalities:
        return None
    return f"expected {expected.killed!r}, got {event.fatalities!r}"


def check_flags(expected: ExpectedEvent, event: Event) -> str | None:
    got = set(event.flags) - IMPLEMENTATION_FLAGS
    if expected.flags <= got:
        return None
    return f"expected ⊇ {sorted(expected.flags)}, got {sorted(got)}"


FIELD_CHECKERS = {
    "date": check_date,
    "place": check_place,
    "admin1": check_admin1,
    "type": check_type,
    "sub_type": check_sub_type,
    "actors": check_actors,
    "killed": check_killed,
    "flags": check_flags,
}
FIELD_CHECKS = tuple(FIELD_CHECKERS)


def describe(event: Event) -> str:
    place = event.location.name if event.location else None
    return f"{event.event_type} at {place} on {event.event_date}, killed {event.fatalities}, flags {event.flags}"


def failures(check: str, expected: list[ExpectedEvent], events: list[Event]) -> list[str]:
    """What `check` finds wrong in one article; field checks judge matched pairs only.

    An article whose expected events all went unmatched fails every field check too: a field
    that was never compared must not pass.
    """
    pairs = pair_events(expected, events)
    if check == "events_found":
        return [f"{gold.label(i)} not found" for i, gold in enumerate(expected) if i not in pairs]
    if check == "no_spurious":
        matched = set(pairs.values())
        return [
            f"unexpected event {j}: {describe(event)}"
            for j, event in enumerate(events)
            if j not in matched and not SOFT_FLAGS & set(event.flags)
        ]
    if not pairs:
        return ["nothing matched (see events_found)"]
    checker = FIELD_CHECKERS[check]
    found = ((i, checker(expected[i], events[j])) for i, j in sorted(pairs.items()))
    return [f"{expected[i].label(i)}: {problem}" for i, problem in found if problem]


# ---------------------------------------------------------------------------------------------
# Running the extractor once per article


class ArticleRuns:
    """Extracts each fixture article at most once per module, on first demand."""

    def __init__(self, extractor: Extractor) -> None:
        self.extractor = extractor
        self._events: dict[str, list[Event]] = {}

    def events(self, stem: str) -> list[Event]:
        if stem not in self._events:
            self._events[stem] = [event for article in read_article(stem) for event in self.extract(article)]
        return self._events[stem]

    def extract(self, article: Article) -> list[Event]:
        result = self.extractor.process(article)
        assert result.error is None, result.error
        return result.events

    def jsonl(self, stem: str) -> str:
        return "".join(event.to_json() + "\n" for event in self.events(stem))


def read_article(stem: str) -> Iterable[Article]:
    """Through the readers, so that the date marker and front matter are handled as in the CLI.

    `source` is made relative to the repository so that golden files do not depend on where
    the checkout lives.
    """
    path = ARTICLES / f"{stem}.txt"
    for item in iter_articles([str(path)]):
        assert isinstance(item, Article), item
        yield item.model_copy(update={"source": path.relative_to(ROOT).as_posix()})


@pytest.fixture(scope="module")
def runs(extractor: Extractor) -> ArticleRuns:
    return ArticleRuns(extractor)


# ---------------------------------------------------------------------------------------------
# Golden files


def article_stems() -> list[str]:
    return sorted(path.stem for path in ARTICLES.glob("*.txt"))


def unified_diff(old: str, new: str, name: str) -> str:
    lines = list(
        difflib.unified_diff(old.splitlines(), new.splitlines(), f"golden/{name}", f"current/{name}", lineterm="", n=1)
    )
    lines += changed_fields(old, new)
    if len(lines) > DIFF_MAX_LINES:
        lines = [*lines[:DIFF_MAX_LINES], f"... ({len(lines) - DIFF_MAX_LINES} more diff lines)"]
    return "\n".join(lines)


def changed_fields(old: str, new: str) -> list[str]:
    """Name the fields that differ line by line: one changed number hides in a 2,000-character line."""
    old_lines, new_lines = old.splitlines(), new.splitlines()
    if len(old_lines) != len(new_lines):
        return [f"(event count {len(old_lines)} -> {len(new_lines)})"]
    notes = []
    for index, (before, after) in enumerate(zip(old_lines, new_lines, strict=True)):
        if before != after:
            old_event, new_event = json.loads(before), json.loads(after)
            keys = sorted(
                key for key in old_event.keys() | new_event.keys() if old_event.get(key) != new_event.get(key)
            )
            notes.append(f"(event {index}: {', '.join(keys)} changed)")
    return notes


@pytest.mark.parametrize("stem", article_stems())
def test_golden(stem: str, runs: ArticleRuns, request: pytest.FixtureRequest) -> None:
    path = GOLDEN / f"{stem}.jsonl"
    current = runs.jsonl(stem)
    if request.config.getoption("--update-golden"):
        GOLDEN.mkdir(exist_ok=True)
        if not path.exists() or path.read_text(encoding="utf-8") != current:
            path.write_text(current, encoding="utf-8", newline="\n")
        return
    assert path.exists(), f"{path} is missing: run `pytest --update-golden` and review the new file"
    golden = path.read_text(encoding="utf-8")
    if current != golden:  # not a bare assert: pytest's own diff of two long strings would drown ours
        pytest.fail(
            f"output of {stem} differs from its golden file; review, then run `pytest --update-golden`:\n"
            + unified_diff(golden, current, path.name),
            pytrace=False,
        )


def test_no_orphan_golden_files(request: pytest.FixtureRequest) -> None:
    """A golden file whose article is gone would never be checked again; update mode removes it."""
    orphans = sorted(set(p.stem for p in GOLDEN.glob("*.jsonl")) - set(article_stems()))
    if request.config.getoption("--update-golden"):
        for stem in orphans:
            (GOLDEN / f"{stem}.jsonl").unlink()
        return
    assert not orphans, f"golden files without an article: {orphans}"


# ---------------------------------------------------------------------------------------------
# Expectations


@pytest.mark.parametrize(("stem", "check"), expectation_cases())
def test_expectation(stem: str, check: str, runs: ArticleRuns) -> None:
    problems = failures(check, load_expected(stem), runs.events(stem))
    assert not problems, f"{stem} {check}:\n" + "\n".join(problems)


def test_every_expectation_has_its_article() -> None:
    missing = [stem for stem in stems_with_expectations() if not (ARTICLES / f"{stem}.txt").exists()]
    assert not missing, f"expectations without an article: {missing}"


def test_known_gaps_name_real_cases() -> None:
    """A stale line in KNOWN_GAPS (renamed article, check without events) would xfail nothing."""
    real = {(stem, check) for stem in stems_with_expectations() for check in checks_for(stem)}
    listed = {(stem, check) for stem, gaps in KNOWN_GAPS.items() for check in gaps}
    stale = sorted(listed - real)
    assert not stale, f"KNOWN_GAPS entries that match no case: {stale}"


# ---------------------------------------------------------------------------------------------
# Regenerating KNOWN_GAPS


def gap_reason(check: str, problems: list[str]) -> str:
    """One short line per gap: the first problem, minus the event label the check name implies."""
    first = problems[0].split(": ", 1)[-1] if check in FIELD_CHECKS else problems[0]
    more = f" (+{len(problems) - 1} more)" if len(problems) > 1 else ""
    return first + more


def current_gaps(extractor: Extractor) -> dict[str, dict[str, str]]:
    runs = ArticleRuns(extractor)
    gaps: dict[str, dict[str, str]] = {}
    for stem in stems_with_expectations():
        expected = load_expected(stem)
        for check in checks_for(stem):
            problems = failures(check, expected, runs.events(stem))
            if problems:
                gaps.setdefault(stem, {})[check] = gap_reason(check, problems)
    return gaps


def format_gaps(gaps: Mapping[str, Mapping[str, str]]) -> str:
    """The KNOWN_GAPS literal in the layout `ruff format` keeps: one gap per line, one block per article."""
    lines = ["KNOWN_GAPS: dict[str, dict[str, str]] = {"]
    for stem, checks in gaps.items():
        lines.append(f"    {json.dumps(stem)}: {{")
        lines.extend(
            f"        {json.dumps(check)}: {json.dumps(reason, ensure_ascii=False)},"
            for check, reason in checks.items()
        )
        lines.append("    },")
    lines.append("}")
    return "\n".join(lines) if gaps else "KNOWN_GAPS: dict[str, dict[str, str]] = {}"


if __name__ == "__main__":
    print(format_gaps(current_gaps(Extractor())))

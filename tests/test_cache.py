"""The start-up cache (`sahel_extract.cache`): where it lives, and that what it gives back is what
a build without it gives, even when it is damaged, unwritable, switched off or written by many
processes at once."""

from __future__ import annotations

import marshal
import multiprocessing
import os
import re
import time
from pathlib import Path
from typing import Any

import pytest
import spacy

from sahel_extract import Extractor, cache
from sahel_extract.components import caseless, dates
from sahel_extract.components.caseless import CaselessPattern, factored, lowered_exactly
from sahel_extract.components.common import build_phrase_set, match_phrases
from sahel_extract.resources.casualty_rules import default_casualty_rules

# --- where the cache lives ------------------------------------------------------------------------

HOME = "/home/ana"


@pytest.mark.parametrize(
    ("setting", "xdg", "platform", "local_app_data", "expected"),
    [
        # the platform's user cache folder (platformdirs' user_cache_dir)
        (None, None, "linux", None, f"{HOME}/.cache/sahel-extract"),
        ("", None, "linux", None, f"{HOME}/.cache/sahel-extract"),
        ("1", None, "linux", None, f"{HOME}/.cache/sahel-extract"),
        (None, "/var/cache/ana", "linux", None, "/var/cache/ana/sahel-extract"),
        (None, "relative/cache", "linux", None, f"{HOME}/.cache/sahel-extract"),  # XDG: relative paths are ignored
        (None, "/var/cache/ana", "darwin", None, f"{HOME}/Library/Caches/sahel-extract"),
        (None, None, "win32", "/c/Users/ana/AppData/Local", "/c/Users/ana/AppData/Local/sahel-extract/Cache"),
        # a folder of one's own
        ("/scratch/sx-cache", "/var/cache/ana", "linux", None, "/scratch/sx-cache"),
        ("~/sx", None, "linux", None, f"{HOME}/sx"),
        # off
        ("0", "/var/cache/ana", "linux", None, None),
        ("off", None, "linux", None, None),
        ("FALSE", None, "darwin", None, None),
        (" no ", None, "linux", None, None),
    ],
)
def test_cache_folder(
    monkeypatch: pytest.MonkeyPatch, setting: str | None, xdg: str | None, platform: str,
    local_app_data: str | None, expected: str | None,
) -> None:
    monkeypatch.setenv("HOME", HOME)
    for name, value in (("SAHEL_EXTRACT_CACHE", setting), ("XDG_CACHE_HOME", xdg), ("LOCALAPPDATA", local_app_data)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    monkeypatch.setattr(cache.sys, "platform", platform)
    found = cache.cache_dir()
    assert (found.as_posix() if found else None) == expected


# --- entries --------------------------------------------------------------------------------------


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache of the test's own."""
    monkeypatch.setenv("SAHEL_EXTRACT_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.mark.parametrize(
    "value",
    [
        (None,),
        ("Ségou", ("kill", "tué")),
        (2**64 - 1, [3, 1, 2], {"count": 1, "victims": 2}),
        [("sahel_places", [(12, 2**63), (7,)])],
    ],
)
def test_an_entry_reads_back_as_written(folder: Path, value: Any) -> None:
    cache.store("kind-1", "key", value)
    assert cache.load("kind-1", "key") == value
    assert [p.name for p in (folder / "kind-1").iterdir()] == ["key.marshal"]  # no temporary file left


@pytest.mark.parametrize(
    ("damage", "why"),
    [
        (b"", "an empty file (a crash before anything was written)"),
        (b"not marshal data", "garbage"),
        (marshal.dumps(("abc", list(range(100))))[:-7], "a truncated entry"),
        (None, "a folder where the entry should be"),
    ],
)
def test_an_unreadable_entry_is_absent(folder: Path, damage: bytes | None, why: str) -> None:
    entry = folder / "kind-1" / "key.marshal"
    entry.parent.mkdir(parents=True)
    if damage is None:
        entry.mkdir()
    else:
        entry.write_bytes(damage)
    assert cache.load("kind-1", "key") is None, why


@pytest.mark.parametrize(
    ("setting", "why"),
    [
        ("0", "switched off"),
        ("{tmp}/a-file", "a file where the folder should be"),
        ("{tmp}/a-file/cache", "a folder that cannot be created"),
    ],
)
def test_no_cache_to_write_to_is_no_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, setting: str, why: str) -> None:
    (tmp_path / "a-file").write_text("x")
    monkeypatch.setenv("SAHEL_EXTRACT_CACHE", setting.format(tmp=tmp_path))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    cache.store("kind-1", "key", (1, 2))
    assert cache.load("kind-1", "key") is None, why
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"], why


def test_a_value_marshal_cannot_write_is_not_stored(folder: Path) -> None:
    cache.store("kind-1", "key", (object(),))
    assert cache.load("kind-1", "key") is None
    assert not list(folder.rglob("*.tmp"))


def _write_many(args: tuple[str, int]) -> None:
    setting, seed = args
    os.environ["SAHEL_EXTRACT_CACHE"] = setting
    for round_ in range(40):
        cache.store("shared", "key", [seed * 1000 + round_] * 20_000)


def test_concurrent_writers_never_leave_a_partial_entry(folder: Path) -> None:
    """Worker processes and parallel runs write the same entries: a reader sees one whole entry."""
    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("needs fork")
    context = multiprocessing.get_context("fork")
    with context.Pool(3) as pool:
        writes = pool.map_async(_write_many, [(str(folder), seed) for seed in (1, 2, 3)])
        seen = []
        while not writes.ready():
            seen.append(cache.load("shared", "key"))
        writes.get()
    whole = [v for v in seen if v is not None]
    assert all(len(v) == 20_000 and len(set(v)) == 1 and v[0] // 1000 in (1, 2, 3) for v in whole)
    final = cache.load("shared", "key")
    assert final is not None and final[0] % 1000 == 39  # one writer's last entry, whole
    assert [p.name for p in (folder / "shared").iterdir()] == ["key.marshal"]


def test_folder_names_change_with_the_code_that_builds_the_entries(tmp_path: Path) -> None:
    one, other = tmp_path / "one.py", tmp_path / "other.py"
    one.write_text("RULE = 1\n")
    other.write_text("RULE = 2\n")
    names = {
        cache.fingerprint("regex", str(one)),
        cache.fingerprint("regex", str(other)),
        cache.fingerprint("phrases", str(one)),
        cache.fingerprint("regex", str(one), versions=("3.8.1",)),
    }
    assert len(names) == 4
    assert cache.fingerprint("regex", str(one)) == cache.fingerprint("regex", str(one))


@pytest.mark.parametrize(
    ("name", "age_days", "kept"),
    [
        ("regex-0ld", 40, False),  # the same kind, another version, long unused: removed
        ("regex-recent", 10, True),  # the same kind, used lately (another installed version)
        ("phrases-0ld", 40, True),  # another kind
        ("regexes-0ld", 40, True),  # a name that only starts like the kind
        ("notes.txt", 40, True),  # not a folder of entries
    ],
)
def test_a_new_folder_removes_stale_ones_of_its_kind(folder: Path, name: str, age_days: int, kept: bool) -> None:
    other = folder / name
    folder.mkdir()
    if name.endswith(".txt"):
        other.write_text("x")
    else:
        other.mkdir()
        (other / "key.marshal").write_bytes(marshal.dumps(1))
    then = time.time() - age_days * 86_400
    os.utime(other, (then, then))
    cache.store("regex-new", "key", 1)
    assert other.exists() == kept
    assert cache.load("regex-new", "key") == 1


# --- compiled rules -------------------------------------------------------------------------------

RULES = [  # some of the largest rules of both stages that compile them
    *(pattern.source for _rule, pattern in default_casualty_rules("en").rules[:4]),
    *(pattern.source for _rule, pattern, _ in dates.FIXED_RULES[:3]),
    default_casualty_rules("en").caseless["claim"].source,
]
TEXTS = [
    "Gunmen killed 12 soldiers and wounded three others near Djibo on Sunday, the army said.",
    "Au moins onze civils ont été tués et 4 blessés dimanche 3 mars 2024 à Ménaka, selon des sources locales.",
    "The death toll rose to 31, up from an earlier toll of 10, JNIM claimed on 14 March.",
    "Deux gendarmes enlevés près de Kaya ; le bilan provisoire fait état de cinq morts.",
]


def scans(rule: CaselessPattern) -> list[Any]:
    return [
        [(m.span(), m.groupdict()) for m in rule.finditer(text, lowered_exactly(text))] + [rule.search(text) is not None]
        for text in TEXTS
    ] + [rule.needs, rule.fast.pattern, rule.fast.groupindex]


def test_rules_from_the_cache_match_as_rules_built_anew(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    built = [scans(CaselessPattern(source)) for source in RULES]
    assert sum(1 for _ in folder.rglob("*.marshal")) >= 2 * len(RULES)
    with monkeypatch.context() as patch:  # from the cache, no rule may be parsed or compiled again
        patch.setattr(caseless, "_factor", None)
        patch.setattr(caseless._PARSER, "parse", None)
        assert [scans(CaselessPattern(source)) for source in RULES] == built


def test_damaged_compiled_rules_are_rebuilt(folder: Path) -> None:
    """`_sre.compile` refuses code it cannot run: a damaged entry is built again, never run."""
    built = [scans(CaselessPattern(source)) for source in RULES]
    entries = [p for p in folder.rglob("*.marshal") if len(marshal.loads(p.read_bytes())) == 2]  # (text, code)
    assert entries
    for entry in entries:
        text, code = marshal.loads(entry.read_bytes())
        entry.write_bytes(marshal.dumps((text, (code[0], [999_999, *code[1][1:]], *code[2:]))))
    assert [scans(CaselessPattern(source)) for source in RULES] == built


@pytest.mark.parametrize(
    ("rule", "flags", "text"),
    [
        (r"\b(?P<n>one|onze|two)\s+(?:killed|kidnapped)\b", 0, "one killed, onze kidnapped"),
        (r"(?<![\w-])(?:in|at|à)\s+(?P<name>[A-Z]\w+)", 0, "attack in Djibo and at Kaya"),
        (r"(?:tués|tuées|tué)", re.IGNORECASE, "Deux TUÉS"),  # left to re.compile
    ],
)
def test_factored_rules_from_the_cache(folder: Path, rule: str, flags: int, text: str) -> None:
    first, again = factored(rule, flags), factored(rule, flags)
    plain = re.compile(rule, flags)
    assert first.pattern == again.pattern == rule
    assert [m.groupdict() for m in again.finditer(text)] == [m.groupdict() for m in plain.finditer(text)]


@pytest.mark.parametrize(
    ("rule", "flags", "text"),
    [
        # the shape of spaCy's French token rule: inline flags, a large class, alternatives
        (r"(?iu)(?:^[a-zà-ÿ]+[-‐]t[-‐]elle$)|(?:^anti[-‐][a-zà-ÿ]+$)", 0, "Vient-T-ELLE"),
        (r"\b(?P<n>\d+)\s+(?:tués|killed)\b", re.IGNORECASE, "12 TUÉS à Kolondiéba, 3 killed"),
        (r"[^\W\d_]{2,}", re.UNICODE, "à Ouéléssébougou 14"),
    ],
)
def test_compiles_within_cached_compiles_match_as_re_compile(folder: Path, rule: str, flags: int, text: str) -> None:
    plain = re.compile(rule, flags)
    with caseless.cached_compiles():
        first = re.compile(rule, flags)  # built, then kept
    with caseless.cached_compiles(), pytest.MonkeyPatch.context() as patch:
        patch.setattr(caseless._PARSER, "parse", None)  # from the cache: nothing is parsed again
        again = re.compile(rule, flags)
    assert re.compile is not None and re.compile.__module__ == "re"  # the block puts re.compile back
    for pattern in (first, again):
        assert pattern.pattern == rule and pattern.flags == plain.flags
        assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in plain.finditer(text)]
        assert bool(pattern.match(text)) == bool(plain.match(text))


def test_cached_compiles_leaves_compiled_and_bytes_patterns_to_re(folder: Path) -> None:
    compiled = re.compile("Djibo")
    with caseless.cached_compiles():
        assert re.compile(compiled) is compiled
        assert re.compile(b"ab+").match(b"abb")
    assert not list(folder.rglob("*.marshal"))


# --- phrase tables --------------------------------------------------------------------------------

PHRASES = [("Djibo", "Djibo"), ("JNIM", "JNIM"), ("JNIM", "Jama'at Nusrat al-Islam wal-Muslimin"), ("Ansar Dine", "Ansar Dine")]
SENTENCE = "JNIM (Jama’at Nusrat al-Islam wal-Muslimin) and Ansar-Dine fighters attacked DJIBO; jnim denied it."


def phrase_hits(entries: list[tuple[str, str]]) -> list[tuple[str, int, int]]:
    nlp = spacy.blank("en")
    return sorted(match_phrases(build_phrase_set(nlp, entries), nlp.make_doc(SENTENCE)))


@pytest.mark.parametrize(
    ("entries", "expected"),
    [
        (PHRASES, [("Ansar Dine", 12, 15), ("Djibo", 17, 18), ("JNIM", 0, 1), ("JNIM", 2, 10)]),
        # another table is another entry: nothing stale comes back
        ([*PHRASES, ("Ansar", "Ansar")], [("Ansar", 12, 13), ("Ansar Dine", 12, 15), ("Djibo", 17, 18), ("JNIM", 0, 1), ("JNIM", 2, 10)]),
        ([("jnim", "jnim")], [("jnim", 0, 1), ("jnim", 19, 20)]),  # lowercase: matched in any case
    ],
)
def test_phrase_tables_from_the_cache(folder: Path, entries: list[tuple[str, str]], expected: list[tuple[str, int, int]]) -> None:
    assert phrase_hits(entries) == expected  # built, then stored
    assert phrase_hits(entries) == expected  # from the cache


@pytest.mark.parametrize(
    "damage",
    [
        [1, 2, 3],  # not two tables
        ([(7, [(1, 2)])], []),  # a label that is not a string
        ([("Djibo", "not phrases")], []),
    ],
)
def test_a_phrase_table_of_another_shape_is_rebuilt(folder: Path, damage: Any) -> None:
    expected = phrase_hits(PHRASES)
    for entry in folder.rglob("*.marshal"):
        entry.write_bytes(marshal.dumps(damage))
    assert phrase_hits(PHRASES) == expected


# --- whole articles -------------------------------------------------------------------------------

ARTICLES = [
    "NIAMEY, March 3 (Reuters) - Suspected jihadists killed 17 soldiers in an ambush near Tillabéri on Sunday, "
    "Niger's defence ministry said. Twenty assailants were neutralised, it added.",
    "Au moins onze civils ont été tués dans l'attaque du village de Bourasso, dans le cercle de Ménaka, "
    "dimanche 14 avril 2024, selon des sources locales. Le JNIM a revendiqué l'attaque.",
]


def events(setting: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.setenv("SAHEL_EXTRACT_CACHE", setting)
    extractor = Extractor()
    return [event.model_dump_json() for text in ARTICLES for event in extractor.extract(text)]


@pytest.mark.slow  # three pipelines built; the golden fixtures run on the test session's cache in the quick suite
def test_articles_give_the_same_events_with_a_cold_a_warm_and_no_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    off = events("0", monkeypatch)
    cold = events(str(tmp_path / "cache"), monkeypatch)
    assert any((tmp_path / "cache").glob("phrases-*/*.marshal"))
    assert any((tmp_path / "cache").glob("regex-*/*.marshal"))
    warm = events(str(tmp_path / "cache"), monkeypatch)
    assert off and cold == off and warm == off

"""`evaluate`: the corpus scorer's figures, its pairing and field rules, and the error listings."""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import io
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import typer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from sahel_extract.cli_review import register
from sahel_extract.errors import EventFileError
from sahel_extract.review.canon import ActorCanon
from sahel_extract.review.evaluate import (
    FIGURE_KEYS,
    GoldEvent,
    PredEvent,
    date_matches,
    evaluate,
    initiator_applies,
    initiator_matches,
    pair_events,
    place_matches,
)

DATA = Path(__file__).parent / "data"
SHARED = Path(__file__).parents[1] / ".." / "shared"
SCORER = SHARED / "tools" / "score.py"
SEED_GOLD = SHARED / "corpus" / "seeds" / "gold.jsonl"

needs_scorer = pytest.mark.skipif(not SCORER.exists(), reason="../shared/tools is absent")

# The tiny case (tests/data/eval_gold.jsonl vs eval_pred.jsonl), worked out by hand.
#
# doc "a": gold g0 Tin-Hamma/Gao 2024-07-27 Battles JNIM+FAMa killed 10 (core)
#               g1 Mopti/Mopti 2024-07 (month) VAC UAG+Civilians killed 3 (core)
#               g2 Timbuktu 2012 Battles MNLA (not core)
#          pred p0 "Tin Hama"/Gao 2024-07-27 Battles, "Jama'at Nusrat…"->JNIM, "Malian army"->FAMa, 12
#               p1 Sévaré/Mopti 2024-07-15 VAC gunmen->UAG, 3
#               p2 Ménaka 2024-07-30 Explosions ISSP (no partner, not flagged: a false positive)
#               p3 Gao 2013 SD Barkhane (historical, no partner: not a false positive)
#   compat(g0,p0) = place 2 (tinhama/tinhamma ratio 14/15 = .93) + date + type + actors = 5
#   compat(g1,p1) = admin1 1 + date (month prefix) + type + actors = 4; every other pair < 2
# doc "b" (gold keyed by the stem of "articles/b.txt"): g0 Niamey week of 2024-03-08, coords,
#   admin1 Niamey, SD, Niger+Burkina forces, no toll.
#          pred p0 "Niamey airport" ~6 km away, 2024-03-12 (4 days: outside the week),
#          admin1 Tillabéri, SD, Niger forces + "Mali army" (no rule: stays as written)
#   compat = place 2 (10 km rule) + type + actors = 4
# doc "c": predictions only -> ignored (not counted in `pred`)
# doc "d": gold only, core -> missed
#
# docs 3; gold_core 2 + 1 + 1 = 4; pred 4 + 1 = 5; pairs 3
# recall    3 core found / 4            = 0.75
# precision 3 pairs / (3 + 1 hard FP)   = 0.75
# place     a0 yes, a1 no, b yes        = 2/3 = 0.667
# admin1    a0 yes, a1 yes, b no        = 2/3 = 0.667
# date      a0 yes, a1 yes, b no        = 2/3 = 0.667
# type      3/3                         = 1.0
# killed    a0 10 vs 12 no, a1 3 yes (b has no gold toll) = 1/2 = 0.5
# actors    tp 2+1+1 = 4, fp 0+0+1 = 1, fn 0+1+1 = 2: P .8, R .667, F1 = 1.0667/1.4667 = 0.727
# initiator a0 JNIM is p0's initiator, a1 UAG is p1's ("gunmen"), b Niger forces is p0's = 3/3
TINY_EXPECTED: dict[str, int | float | None] = {
    "docs": 3,
    "gold_core": 4,
    "pred": 5,
    "recall": 0.75,
    "precision": 0.75,
    "place": 0.667,
    "admin1": 0.667,
    "date": 0.667,
    "type": 1.0,
    "killed": 0.5,
    "actors_f1": 0.727,
    "initiator": 1.0,
}


def _run_scorer(gold: Path, pred: Path) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, str(SCORER), str(gold), str(pred)],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def _cli() -> typer.Typer:
    app = typer.Typer()
    register(app)
    return app


# --- the figures -------------------------------------------------------------------------------


def test_tiny_case_matches_hand_computed_figures() -> None:
    report = evaluate(DATA / "eval_gold.jsonl", DATA / "eval_pred.jsonl")
    assert report.figures() == TINY_EXPECTED
    assert list(report.figures()) == list(FIGURE_KEYS)
    assert report.counts.pred_ignored == 1


@needs_scorer
@pytest.mark.parametrize(
    ("gold", "pred"),
    [
        # hand-written gold and predictions
        (DATA / "eval_gold.jsonl", DATA / "eval_pred.jsonl"),
        # the seed articles' gold file and hand-written predictions for them
        (SEED_GOLD, DATA / "seeds_pred.jsonl"),
        # predictions scored against a gold file that does not know their documents
        (DATA / "eval_gold.jsonl", DATA / "seeds_pred.jsonl"),
    ],
)
def test_agrees_with_the_corpus_scorer(gold: Path, pred: Path) -> None:
    if not gold.exists():
        pytest.skip(f"{gold} is absent")
    assert evaluate(gold, pred).figures() == _run_scorer(gold, pred)


def test_exact_figures_are_the_unrounded_ratios() -> None:
    exact = evaluate(DATA / "eval_gold.jsonl", DATA / "eval_pred.jsonl").exact_figures()
    assert exact["place"] == pytest.approx(2 / 3)
    assert exact["actors_f1"] == pytest.approx(2 * 0.8 * (4 / 6) / (0.8 + 4 / 6))


# --- pairing -----------------------------------------------------------------------------------


def _gold(**fields: Any) -> GoldEvent:
    base: dict[str, Any] = {
        "index": 0,
        "date": None,
        "precision": None,
        "place": None,
        "admin1": None,
        "coords": None,
        "actors": frozenset(),
        "initiator": None,
        "killed": None,
        "type": None,
        "core": True,
    }
    return GoldEvent(**{**base, **fields})


def _pred(**fields: Any) -> PredEvent:
    base: dict[str, Any] = {
        "index": 0,
        "event_id": None,
        "date": None,
        "place": None,
        "admin1": None,
        "coords": None,
        "actors": frozenset(),
        "initiators": frozenset(),
        "killed": None,
        "type": None,
        "soft": False,
    }
    return PredEvent(**{**base, **fields})


GAO = {"place": "Gao", "admin1": "Gao", "type": "Battles"}
TOMBOUCTOU = {"place": "Tombouctou", "type": "Battles"}


@pytest.mark.parametrize(
    ("golds", "preds", "expected"),
    [
        # one gold, two equally good predictions: the later prediction wins (reverse sort)
        ([GAO], [GAO, GAO], [(0, 1)]),
        # two equally good golds for one prediction: the later gold wins
        ([GAO, GAO], [GAO], [(1, 0)]),
        # a better score beats position
        ([GAO], [GAO, {"admin1": "Gao", "type": "Battles"}], [(0, 0)]),
        # type alone (score 1) is not enough
        ([TOMBOUCTOU], [GAO], []),
        # each side is used once
        ([GAO, TOMBOUCTOU], [TOMBOUCTOU, GAO], [(1, 0), (0, 1)]),
        # nothing to pair
        ([GAO], [], []),
    ],
)
def test_pairing(golds: list[dict[str, Any]], preds: list[dict[str, Any]], expected: list[tuple[int, int]]) -> None:
    gold_events = [_gold(index=i, **fields) for i, fields in enumerate(golds)]
    pred_events = [_pred(index=j, **fields) for j, fields in enumerate(preds)]
    assert pair_events(gold_events, pred_events) == expected


# --- field rules -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("gold", "pred", "expected"),
    [
        # names equal after accents, case and punctuation go
        ({"place": "Ménaka"}, {"place": "MENAKA"}, True),
        ({"place": "Tin-Hama"}, {"place": "Tin Hama"}, True),
        # spelling variants of names of 5+ letters
        ({"place": "Tinzaouatene"}, {"place": "Tinzaouaten"}, True),
        ({"place": "Tin-Hamma"}, {"place": "Tin Hama"}, True),
        # short names are never compared fuzzily
        ({"place": "Gao"}, {"place": "Gaoo"}, False),
        ({"place": "Mopti"}, {"place": "Sévaré"}, False),
        # coordinates within 10 km when the names differ
        ({"place": "Niamey", "coords": (13.5116, 2.1254)}, {"coords": (13.4817, 2.1703)}, True),
        ({"place": "Niamey", "coords": (13.5116, 2.1254)}, {"coords": (13.70, 2.1254)}, False),
        # nothing to compare
        ({"place": None}, {"place": None}, False),
    ],
)
def test_place_rule(gold: dict[str, Any], pred: dict[str, Any], expected: bool) -> None:
    assert place_matches(_gold(**gold), _pred(**pred)) is expected


@pytest.mark.parametrize(
    ("gold_date", "precision", "pred_date", "expected"),
    [
        # day precision: exact
        ("2024-07-27", "day", "2024-07-27", True),
        ("2024-07-27", "day", "2024-07-28", False),
        # the coarser side decides
        ("2024-07", "month", "2024-07-15", True),
        ("2024-07-27", "day", "2024-07", True),
        ("2012", "year", "2012-05-01", True),
        ("2012", "year", "2013", False),
        # a gold month or week accepts its span
        ("2024-07-01", "month", "2024-07-31", True),
        ("2024-03-08", "week", "2024-03-05", True),
        ("2024-03-08", "week", "2024-03-12", False),
        ("2024-03-08", "week", "2024-13-01", False),
        # a missing date never matches
        (None, None, "2024-07-27", False),
        ("2024-07-27", "day", None, False),
    ],
)
def test_date_rule(gold_date: str | None, precision: str | None, pred_date: str | None, expected: bool) -> None:
    gold = _gold(date=gold_date, precision=precision)
    assert date_matches(gold, _pred(date=pred_date)) is expected


@pytest.mark.parametrize(
    ("gold_actors", "pred_initiators", "applies", "expected"),
    [
        # the gold's first actor is the initiator; it must be among the predicted initiators
        (["JNIM", "FAMa"], {"JNIM"}, True, True),
        (["JNIM", "FAMa"], {"JNIM", "Wagner Group"}, True, True),
        (["JNIM", "FAMa"], {"FAMa"}, True, False),
        (["JNIM", "FAMa"], set(), True, False),
        # one actor (or the same one twice) has no initiator worth checking
        (["JNIM"], {"JNIM"}, False, True),
        (["JNIM", "JNIM"], {"JNIM"}, False, True),
        ([], set(), False, False),
    ],
)
def test_initiator_rule(gold_actors: list[str], pred_initiators: set[str], applies: bool, expected: bool) -> None:
    gold = _gold(actors=frozenset(gold_actors), initiator=gold_actors[0] if gold_actors else None)
    pred = _pred(initiators=frozenset(pred_initiators))
    assert initiator_applies(gold) is applies
    assert initiator_matches(gold, pred) is expected


# --- error listings ----------------------------------------------------------------------------


def test_error_listings_name_document_gold_and_prediction() -> None:
    report = evaluate(DATA / "eval_gold.jsonl", DATA / "eval_pred.jsonl", errors_limit=5)
    shown = {
        field: [(e.doc_id, e.gold, e.predicted, e.event_id) for e in examples]
        for field, examples in report.errors.items()
    }
    assert shown == {
        "missed": [("d", "2024-05-01 | Djibo, Sahel | Battles | JNIM, VDP", None, None)],
        "spurious": [("a", None, "2024-07-30 | Ménaka, Ménaka | Explosions/Remote violence | ISSP", "a-2")],
        "place": [("a", "Mopti", "Sévaré", "a-1")],
        "admin1": [("b", "Niamey", "Tillabéri", "b-0")],
        "date": [("b", "2024-03-08 (week)", "2024-03-12", "b-0")],
        "type": [],
        "killed": [("a", 10, 12, "a-0")],
        "actors": [
            ("a", ["Civilians", "Unidentified armed group"], ["Unidentified armed group"], "a-1"),
            ("b", ["Burkina Faso forces", "Niger forces"], ["Mali army", "Niger forces"], "b-0"),
        ],
        "initiator": [],
    }


@pytest.mark.parametrize(
    ("limit", "actors_listed"),
    [
        (0, None),
        (1, 1),
        (5, 2),
    ],
)
def test_errors_limit(limit: int, actors_listed: int | None) -> None:
    report = evaluate(DATA / "eval_gold.jsonl", DATA / "eval_pred.jsonl", errors_limit=limit)
    if actors_listed is None:
        assert report.errors == {}
    else:
        assert len(report.errors["actors"]) == actors_listed


# --- bad input ---------------------------------------------------------------------------------

GOOD_GOLD = '{"doc_id": "a", "events": []}\n'
GOOD_PRED = '{"doc_id": "a", "event_id": "e"}\n'


@pytest.mark.parametrize(
    ("gold", "pred", "message"),
    [
        # gold file problems
        ("{not json\n", GOOD_PRED, "gold.jsonl:1: invalid JSON"),
        (GOOD_GOLD + "[1, 2]\n", GOOD_PRED, "gold.jsonl:2: expected a JSON object"),
        ('{"doc_id": "a"}\n', GOOD_PRED, "gold.jsonl:1: missing 'events'"),
        ('{"events": []}\n', GOOD_PRED, "gold.jsonl:1: missing 'doc_id' (or 'article')"),
        ('{"doc_id": "a", "events": [{"actors": [3]}]}\n', GOOD_PRED, "gold.jsonl:1: 'actors'"),
        ('{"doc_id": "a", "events": [{"killed": "3"}]}\n', GOOD_PRED, "gold.jsonl:1: 'killed'"),
        # prediction file problems
        (GOOD_GOLD, "\n" + '{"event_id": "e"}\n', "pred.jsonl:2: missing 'doc_id'"),
        (GOOD_GOLD, '{"doc_id": "a", "location": "Gao"}\n', "pred.jsonl:1: 'location'"),
        (GOOD_GOLD, '{"doc_id": "a", "flags": "historical"}\n', "pred.jsonl:1: 'flags'"),
    ],
)
def test_bad_input_names_file_and_line(tmp_path: Path, gold: str, pred: str, message: str) -> None:
    (tmp_path / "gold.jsonl").write_text(gold, encoding="utf-8")
    (tmp_path / "pred.jsonl").write_text(pred, encoding="utf-8")
    with pytest.raises(EventFileError) as caught:
        evaluate(tmp_path / "gold.jsonl", tmp_path / "pred.jsonl")
    assert message in str(caught.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(EventFileError, match="No such file"):
        evaluate(tmp_path / "nope.jsonl", DATA / "eval_pred.jsonl")


# --- command line ------------------------------------------------------------------------------


def test_cli_json_is_the_scorer_line() -> None:
    result = CliRunner().invoke(
        _cli(), ["evaluate", str(DATA / "eval_gold.jsonl"), str(DATA / "eval_pred.jsonl"), "--json"]
    )
    assert result.exit_code == 0
    assert result.stdout == json.dumps(TINY_EXPECTED) + "\n"
    assert "1 predicted events belong to documents the gold file does not have" in result.stderr


@needs_scorer
def test_cli_json_is_byte_identical_to_the_scorer() -> None:
    gold, pred = DATA / "eval_gold.jsonl", DATA / "eval_pred.jsonl"
    scorer = subprocess.run(
        [sys.executable, str(SCORER), str(gold), str(pred)],
        capture_output=True,
        text=True,
        check=True,
    )
    result = CliRunner().invoke(_cli(), ["evaluate", str(gold), str(pred), "--json"])
    assert result.stdout == scorer.stdout


def test_cli_json_with_errors() -> None:
    result = CliRunner().invoke(
        _cli(),
        ["evaluate", str(DATA / "eval_gold.jsonl"), str(DATA / "eval_pred.jsonl"), "--json", "--errors", "1"],
    )
    assert result.exit_code == 0
    payload = json.loads(result.stdout)
    assert list(payload) == [*FIGURE_KEYS, "errors"]
    assert payload["errors"]["killed"] == [
        {"doc_id": "a", "gold": 10, "predicted": 12, "gold_index": 0, "event_id": "a-0"}
    ]


def test_cli_table() -> None:
    result = CliRunner().invoke(_cli(), ["evaluate", str(DATA / "eval_gold.jsonl"), str(DATA / "eval_pred.jsonl")])
    assert result.exit_code == 0
    assert "recall" in result.stdout
    assert "3/4 core gold events found" in result.stdout
    assert "errors:" not in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope.jsonl", str(DATA / "eval_pred.jsonl")], "Error: nope.jsonl: No such file"),
        ([str(DATA / "eval_pred.jsonl"), str(DATA / "eval_pred.jsonl")], "missing 'events'"),
    ],
)
def test_cli_bad_input(args: list[str], message: str) -> None:
    result = CliRunner().invoke(_cli(), ["evaluate", *args])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("Error: ")
    assert message in result.stderr
    assert result.stderr.count("\n") == 1


# --- agreement with the scorer on generated files ------------------------------------------------


@functools.cache
def _load_scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("corpus_score", SCORER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


PLACES = st.sampled_from(["Gao", "Ménaka", "Menaka", "Tin-Hamma", "Tin Hama", "Djibo", None])
ADMIN1 = st.sampled_from(["Gao", "Menaka", "Ménaka", "Sahel", "", None])
DATES = st.sampled_from(["2024-07-27", "2024-07-24", "2024-07-31", "2024-07", "2024", "", None])
TYPES = st.sampled_from(["Battles", "Violence against civilians", None])
ACTORS = st.lists(
    st.sampled_from(["JNIM", "gunmen", "Malian army", "FAMa", "Civilians (Mali)", "ISSP", "X"]),
    max_size=3,
)
COORDS = st.one_of(st.none(), st.tuples(st.sampled_from([16.27, 16.30, 16.40]), st.just(-0.04)))
KILLED = st.one_of(st.none(), st.integers(0, 3))
ROLES = st.sampled_from(["initiator", "target", "associated", None])


@st.composite
def gold_events(draw: st.DrawFn) -> dict[str, Any]:
    coords = draw(COORDS)
    return {
        "core": draw(st.booleans()),
        "date": draw(DATES),
        "date_precision": draw(st.sampled_from(["day", "week", "month", "year", None])),
        "place": draw(PLACES),
        "admin1": draw(ADMIN1),
        "latitude": coords[0] if coords else None,
        "longitude": coords[1] if coords else None,
        "event_type": draw(TYPES),
        "actors": draw(ACTORS),
        "killed": draw(KILLED),
    }


@st.composite
def pred_events(draw: st.DrawFn) -> dict[str, Any]:
    coords = draw(COORDS)
    location = {
        "name": draw(PLACES),
        "admin1": draw(ADMIN1),
        "latitude": coords[0] if coords else None,
        "longitude": coords[1] if coords else None,
    }
    return {
        "event_id": "e",
        "event_date": draw(DATES),
        "location": location if draw(st.booleans()) else None,
        "actors": [{"name": name, "role": draw(ROLES)} for name in draw(ACTORS)],
        "fatalities": draw(KILLED),
        "event_type": draw(TYPES),
        "flags": draw(st.sampled_from([[], ["historical"], ["aggregate"], ["claimed"]])),
    }


DOCS = st.sampled_from(["a", "b", "c"])


@pytest.mark.slow  # 300 generated gold/prediction pairs through the scorer
@needs_scorer
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    golds=st.lists(st.tuples(DOCS, st.lists(gold_events(), max_size=4)), max_size=3),
    preds=st.lists(st.tuples(DOCS, pred_events()), max_size=10),
)
def test_agrees_with_the_scorer_on_generated_files(
    golds: list[tuple[str, list[dict[str, Any]]]], preds: list[tuple[str, dict[str, Any]]]
) -> None:
    scorer = _load_scorer()
    with tempfile.TemporaryDirectory() as folder:
        gold_path, pred_path = Path(folder) / "gold.jsonl", Path(folder) / "pred.jsonl"
        gold_path.write_text(
            "".join(json.dumps({"doc_id": d, "events": e}) + "\n" for d, e in golds),
            encoding="utf-8",
        )
        pred_path.write_text("".join(json.dumps({**e, "doc_id": d}) + "\n" for d, e in preds), encoding="utf-8")
        with contextlib.redirect_stdout(io.StringIO()):
            expected = scorer.main(str(gold_path), str(pred_path))
        assert evaluate(gold_path, pred_path).figures() == expected


# --- actor canonicalisation ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        # ACLED labels
        ("JNIM: Group for Support of Islam and Muslims", "JNIM"),
        ("Military Forces of Mali (2021-)", "FAMa"),
        ("Police Forces of Burkina Faso (2015-2022)", "Burkina Faso forces"),
        ("Islamic State (Greater Sahara)", "ISSP"),
        ("Unidentified Armed Group (Mali)", "Unidentified armed group"),
        ("Civilians (Burkina Faso)", "Civilians"),
        ("Protesters (Mali)", "Protesters"),
        # free names from articles, accents and case ignored
        ("Forces Armées Maliennes", "FAMa"),
        ("Malian army", "FAMa"),
        ("gunmen", "Unidentified armed group"),
        ("Wagner", "Wagner Group"),
        ("Cadre Stratégique Permanent", "CSP"),
        # order matters: uncertain attribution first, victims before perpetrators
        ("JNIM and/or ISSP", "Unidentified armed group"),
        ("Women (Mali)", "Civilians"),
        # unknown names are kept as written (stripped); blank or non-Latin names give None
        ("  Mali army ", "Mali army"),
        ("Ansar Eddine", "Ansar Eddine"),
        ("   ", None),
        ("المسلحين", None),
    ],
)
def test_actor_canon(name: str, canonical: str | None) -> None:
    assert ActorCanon().canonical(name) == canonical


@functools.cache
def _load_actor_canon() -> ModuleType:
    spec = importlib.util.spec_from_file_location("corpus_actor_canon", SHARED / "tools" / "actor_canon.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


NAME_PIECES = st.sampled_from(
    "mali malian army forces of military police burkina burkinabe niger nigerien chad islam "
    "support state sahel greater sahara the and/or civilian civilians riot protest g5 s fla csp "
    "wagner ansar dine eddine ul e jnim women armed men group é ’ ( ) - : nigeria nigerian traders togo "
    "togolese benin beninese united states us american africom aes alliance mossi government".split()
)


@needs_scorer
@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(max_size=30), st.lists(NAME_PIECES, max_size=6).map(" ".join)))
def test_actor_canon_agrees_with_the_scorer(name: str) -> None:
    assert ActorCanon().canonical(name) == _load_actor_canon().canon_free(name)
